/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The replay's counters as the main lcore reads them: while the run goes
 * (done, sent: the end-of-run checks) and after it (the summary of the
 * final report, the "replay" member of the JSON report). Every load is a
 * relaxed atomic one (CLOAD): the replay thread writes them.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "json.h"
#include "replay_pvt.h"

const char *
replay_pace_name(enum nblpmd_pace pace)
{
	switch (pace) {
	case NBLPMD_PACE_MULTIPLIER:
		return "multiplier";
	case NBLPMD_PACE_PPS:
		return "pps";
	case NBLPMD_PACE_MBPS:
		return "mbps";
	case NBLPMD_PACE_TOPSPEED:
		return "topspeed";
	}
	return "unknown";
}

bool
nblpmd_replay_done(const struct nblpmd_replay *rp)
{
	return rp == NULL || CLOAD(rp, done) != 0;
}

uint64_t
nblpmd_replay_sent(const struct nblpmd_replay *rp)
{
	return rp == NULL ? 0 : CLOAD(rp, sent);
}

static uint64_t
replay_refused_total(const struct nblpmd_replay *rp)
{
	uint64_t t = 0;
	unsigned int i;

	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		t += CLOAD(rp, refused[i]);
	return t;
}

static double
replay_elapsed_s(const struct nblpmd_replay *rp)
{
	uint64_t first = CLOAD(rp, first_tsc), last = CLOAD(rp, last_tsc);

	if (first == 0 || last <= first)
		return 0;
	return (double)(last - first) / (double)rte_get_tsc_hz();
}

static double
replay_rate(const struct nblpmd_replay *rp)
{
	switch (rp->cfg->pace) {
	case NBLPMD_PACE_MULTIPLIER:
		return rp->cfg->multiplier;
	case NBLPMD_PACE_PPS:
		return rp->cfg->pps;
	case NBLPMD_PACE_MBPS:
		return rp->cfg->mbps;
	default:
		return 0;
	}
}

void
nblpmd_replay_print(const struct nblpmd_replay *rp, FILE *f)
{
	uint64_t refused;
	unsigned int i;

	if (rp == NULL)
		return;
	refused = replay_refused_total(rp);
	fprintf(f, "\n  Replay %s\n", rp->internal ?
		"into the engine (internal port " REPLAY_PORT_NAME ")" :
		"out of a port");
	for (i = 0; i < rp->nb_files; i++)
		fprintf(f, "  file %s: %s%s, link type %s%s, %" PRIu64
			" records%s\n", rp->files[i].path,
			cap_format_name(rp->files[i].info.format),
			rp->files[i].info.swapped ? " (swapped)" : "",
			rp->files[i].info.linktype_name,
			rp->files[i].info.converting ? " (converted)" : "",
			rp->files[i].scan.counts.records,
			rp->files[i].preload != NULL ? ", preloaded" : "");
	if (rp->cfg->pace == NBLPMD_PACE_TOPSPEED)
		fprintf(f, "  pace topspeed, port %u", rp->port);
	else
		fprintf(f, "  pace %s %g, port %u", replay_pace_name(rp->cfg->pace),
			replay_rate(rp), rp->port);
	if (!rp->internal)
		fprintf(f, " TX queue %u", rp->cfg->replay_tx_queue);
	fprintf(f, ", loops %" PRIu64 " of %s%" PRIu32 "\n", CLOAD(rp, loops),
		rp->cfg->loop == 0 ? "unlimited " : "", rp->cfg->loop);
	fprintf(f, "  records: %-12" PRIu64 " sent: %-12" PRIu64
		" refused: %-10" PRIu64 " converted: %" PRIu64 "\n",
		CLOAD(rp, records), CLOAD(rp, sent), refused,
		CLOAD(rp, converted));
	if (refused > 0) {
		fprintf(f, "  refused by reason:");
		for (i = 1; i < CAP_REFUSAL_MAX; i++)
			if (CLOAD(rp, refused[i]) > 0)
				fprintf(f, " %s %" PRIu64,
					cap_refusal_name((enum cap_refusal)i),
					CLOAD(rp, refused[i]));
		fprintf(f, "\n");
	}
	fprintf(f, "  elapsed: %.6f s (first to last packet)  late (> %u us): %"
		PRIu64 "  max late: %.1f us\n", replay_elapsed_s(rp),
		REPLAY_LATE_NS / 1000, __atomic_load_n(&rp->pace.late,
		__ATOMIC_RELAXED), cap_pace_cycles_to_us(&rp->pace,
		__atomic_load_n(&rp->pace.max_late_tsc, __ATOMIC_RELAXED)));
	fprintf(f, "  target full: %" PRIu64 " waits, mbuf pool empty: %" PRIu64
		" waits%s\n", CLOAD(rp, waits), CLOAD(rp, mbuf_waits),
		CLOAD(rp, done) ? "" : " (stopped before the end)");
	if (CLOAD(rp, abandoned) > 0)
		fprintf(f, "  abandoned at stop: %" PRIu64 " (built, never sent)\n",
			CLOAD(rp, abandoned));
	if (rp->internal)
		fprintf(f, "  unsent at stop: %" PRIu64 " (sent, still in the "
			"port's RX ring when the run ended)  tx sink: %" PRIu64
			" (sent back by the engine, freed)\n",
			CLOAD(rp, unsent_at_stop), CLOAD(rp, tx_sink));
}


void
nblpmd_replay_json(const struct nblpmd_replay *rp, FILE *f)
{
	unsigned int i;

	if (rp == NULL) {
		fprintf(f, "\"replay\": null");
		return;
	}
	fprintf(f, "\"replay\": {\"files\": [");
	for (i = 0; i < rp->nb_files; i++) {
		if (i > 0)
			fprintf(f, ", ");
		nblpmd_json_str(f, rp->files[i].path);
	}
	fprintf(f, "], \"file\": ");
	nblpmd_json_str(f, rp->nb_files > 0 ? rp->files[0].path : "");
	fprintf(f, ", \"linktypes\": [");
	for (i = 0; i < rp->nb_files; i++) {
		if (i > 0)
			fprintf(f, ", ");
		nblpmd_json_str(f, rp->files[i].info.linktype_name);
	}
	fprintf(f, "], \"target\": ");
	nblpmd_json_str(f, rp->internal ? "internal" : "port");
	fprintf(f, ", \"port\": %u, \"tx_queue\": %u, \"pace\": ", rp->port,
		rp->internal ? 0 : rp->cfg->replay_tx_queue);
	nblpmd_json_str(f, replay_pace_name(rp->cfg->pace));
	fprintf(f, ", \"rate\": %.17g, \"records_per_loop\": %" PRIu64
		", \"records\": %" PRIu64 ", \"sent\": %" PRIu64
		", \"refused\": {", replay_rate(rp), rp->pass_records,
		CLOAD(rp, records), CLOAD(rp, sent));
	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		fprintf(f, "%s\"%s\": %" PRIu64, i > 1 ? ", " : "",
			cap_refusal_name((enum cap_refusal)i),
			CLOAD(rp, refused[i]));
	fprintf(f, "}, \"refused_total\": %" PRIu64 ", \"converted\": %" PRIu64
		", \"loops\": %" PRIu64 ", \"complete\": %s"
		", \"elapsed_s\": %.9f, \"late\": %" PRIu64
		", \"max_late_us\": %.3f, \"late_threshold_us\": %.3f"
		", \"waits\": %" PRIu64 ", \"mbuf_waits\": %" PRIu64
		", \"abandoned\": %" PRIu64 ", \"unsent_at_stop\": %" PRIu64
		", \"tx_sink\": %" PRIu64 ", \"per_file\": [",
		replay_refused_total(rp), CLOAD(rp, converted), CLOAD(rp, loops),
		CLOAD(rp, done) ? "true" : "false", replay_elapsed_s(rp),
		__atomic_load_n(&rp->pace.late, __ATOMIC_RELAXED),
		cap_pace_cycles_to_us(&rp->pace,
			__atomic_load_n(&rp->pace.max_late_tsc, __ATOMIC_RELAXED)),
		REPLAY_LATE_NS / 1000.0, CLOAD(rp, waits), CLOAD(rp, mbuf_waits),
		CLOAD(rp, abandoned), CLOAD(rp, unsent_at_stop),
		CLOAD(rp, tx_sink));
	for (i = 0; i < rp->nb_files; i++) {
		const struct replay_file *rf = &rp->files[i];

		fprintf(f, "%s{\"file\": ", i > 0 ? ", " : "");
		nblpmd_json_str(f, rf->path);
		fprintf(f, ", \"format\": ");
		nblpmd_json_str(f, cap_format_name(rf->info.format));
		fprintf(f, ", \"linktype\": ");
		nblpmd_json_str(f, rf->info.linktype_name);
		fprintf(f, ", \"converted\": %s, \"records_in_file\": %" PRIu64
			", \"records\": %" PRIu64 ", \"sent\": %" PRIu64
			", \"refused\": %" PRIu64 "}",
			rf->info.converting ? "true" : "false",
			rf->scan.counts.records,
			__atomic_load_n(&rf->records, __ATOMIC_RELAXED),
			__atomic_load_n(&rf->sent, __ATOMIC_RELAXED),
			__atomic_load_n(&rf->refused, __ATOMIC_RELAXED));
	}
	fprintf(f, "]}");
}
