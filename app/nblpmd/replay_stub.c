/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Replay hooks for builds without replay.c: --replay is refused as a
 * configuration error, and the other hooks do nothing.
 */

#include <errno.h>
#include <stdio.h>

#include "nblpmd.h"

int
nblpmd_replay_prepare(const struct nblpmd_config *cfg,
		struct nblpmd_replay **rp, uint16_t *internal_port)
{
	RTE_SET_USED(cfg);
	*rp = NULL;
	*internal_port = RTE_MAX_ETHPORTS;
	fprintf(stderr, "nblpmd: --replay is not available in this build\n");
	return -ENOTSUP;
}

int
nblpmd_replay_run(struct nblpmd_replay *rp, volatile bool *stop)
{
	RTE_SET_USED(rp);
	RTE_SET_USED(stop);
	return -ENOTSUP;
}

bool
nblpmd_replay_done(const struct nblpmd_replay *rp)
{
	RTE_SET_USED(rp);
	return true;
}

uint64_t
nblpmd_replay_sent(const struct nblpmd_replay *rp)
{
	RTE_SET_USED(rp);
	return 0;
}

void
nblpmd_replay_print(const struct nblpmd_replay *rp, FILE *f)
{
	RTE_SET_USED(rp);
	RTE_SET_USED(f);
}

void
nblpmd_replay_json(const struct nblpmd_replay *rp, FILE *f)
{
	RTE_SET_USED(rp);
	fprintf(f, "\"replay\": null");
}

void
nblpmd_replay_free(struct nblpmd_replay *rp)
{
	RTE_SET_USED(rp);
}
