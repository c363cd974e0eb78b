/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The EAL arguments of a run: a profile's [eal] args, then the command
 * line's, where an option given on the command line replaces the
 * profile's of the same name and keeps the others. Options that name a
 * thing keep one occurrence per thing: --vdev and -a/-b per device,
 * -d per library, --log-level per log type; and the options EAL takes one
 * of a kind replace each other (-l, -c and --lcores choose the cores;
 * -m and --socket-mem the memory; -s and -S the service cores).
 *
 * The arguments are read with getopt_long and EAL's own option table (DPDK
 * 22.11, lib/eal/common/eal_common_options.c), so "-l0-1", "-l 0-1",
 * "--file-prefix=x" and "--file-prefix x" are the same option. A word EAL
 * does not know is kept as it is, for EAL to refuse.
 *
 * Without a --file-prefix, a run gets one of its own (nblpmd-PID), as
 * nblpmd-advise gives each --verify run: two runs without one never share
 * EAL's runtime files or telemetry socket.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* EAL's short options (with a value: "x:"); "+" stops at a non-option. */
#define MERGE_SHORT "+:a:b:c:s:d:hl:S:m:n:r:v"

/* EAL's long options, as its getopt table has them. */
static const struct option merge_long[] = {
	{ "base-virtaddr", required_argument, NULL, 0 },
	{ "create-uio-dev", no_argument, NULL, 0 },
	{ "file-prefix", required_argument, NULL, 0 },
	{ "help", no_argument, NULL, 0 },
	{ "huge-dir", required_argument, NULL, 0 },
	{ "huge-unlink", optional_argument, NULL, 0 },
	{ "huge-worker-stack", optional_argument, NULL, 0 },
	{ "iova-mode", required_argument, NULL, 0 },
	{ "lcores", required_argument, NULL, 0 },
	{ "log-level", required_argument, NULL, 0 },
	{ "trace", required_argument, NULL, 0 },
	{ "trace-dir", required_argument, NULL, 0 },
	{ "trace-bufsz", required_argument, NULL, 0 },
	{ "trace-mode", required_argument, NULL, 0 },
	{ "main-lcore", required_argument, NULL, 0 },
	{ "mbuf-pool-ops-name", required_argument, NULL, 0 },
	{ "no-hpet", no_argument, NULL, 0 },
	{ "no-huge", no_argument, NULL, 0 },
	{ "no-pci", no_argument, NULL, 0 },
	{ "no-shconf", no_argument, NULL, 0 },
	{ "in-memory", no_argument, NULL, 0 },
	{ "block", required_argument, NULL, 0 },
	{ "allow", required_argument, NULL, 0 },
	{ "proc-type", required_argument, NULL, 0 },
	{ "socket-mem", required_argument, NULL, 0 },
	{ "socket-limit", required_argument, NULL, 0 },
	{ "syslog", required_argument, NULL, 0 },
	{ "vdev", required_argument, NULL, 0 },
	{ "vfio-intr", required_argument, NULL, 0 },
	{ "vfio-vf-token", required_argument, NULL, 0 },
	{ "vmware-tsc-map", no_argument, NULL, 0 },
	{ "legacy-mem", no_argument, NULL, 0 },
	{ "single-file-segments", no_argument, NULL, 0 },
	{ "match-allocations", no_argument, NULL, 0 },
	{ "telemetry", no_argument, NULL, 0 },
	{ "no-telemetry", no_argument, NULL, 0 },
	{ "force-max-simd-bitwidth", required_argument, NULL, 0 },
	{ NULL, 0, NULL, 0 },
};

/* What one occurrence stands for: options of one kind replace each other;
 * for the ones that name a thing, only with the same thing. */
enum merge_ident {
	MERGE_ONE = 0,      /* one of its kind */
	MERGE_BY_DEVICE,    /* the value up to its first ',' */
	MERGE_BY_VALUE,     /* the whole value */
	MERGE_BY_LOG_TYPE,  /* the value up to its last ':' ("" for all) */
};

static const struct {
	const char *name;      /* long name, or "-x" for a short option */
	const char *kind;      /* what replaces what */
	enum merge_ident ident;
} merge_kinds[] = {
	{ "-l", "cores", MERGE_ONE },
	{ "-c", "cores", MERGE_ONE },
	{ "lcores", "cores", MERGE_ONE },
	{ "-s", "service cores", MERGE_ONE },
	{ "-S", "service cores", MERGE_ONE },
	{ "-m", "memory", MERGE_ONE },
	{ "socket-mem", "memory", MERGE_ONE },
	{ "-a", "allow", MERGE_BY_DEVICE },
	{ "allow", "allow", MERGE_BY_DEVICE },
	{ "-b", "block", MERGE_BY_DEVICE },
	{ "block", "block", MERGE_BY_DEVICE },
	{ "vdev", "vdev", MERGE_BY_DEVICE },
	{ "-d", "-d", MERGE_BY_VALUE },
	{ "trace", "trace", MERGE_BY_VALUE },
	{ "log-level", "log-level", MERGE_BY_LOG_TYPE },
};

/* One EAL option as given: its words, its kind, what it names. */
struct merge_occ {
	int first;             /* index of its first word */
	int nb_words;
	char kind[32];
	char ident[256];
	bool opaque;           /* not an EAL option: never replaced */
};

static void
merge_describe(struct merge_occ *o, const char *name, const char *val)
{
	enum merge_ident how = MERGE_ONE;
	size_t i, n;

	snprintf(o->kind, sizeof(o->kind), "%s", name);
	for (i = 0; i < RTE_DIM(merge_kinds); i++)
		if (strcmp(merge_kinds[i].name, name) == 0) {
			snprintf(o->kind, sizeof(o->kind), "%s",
				merge_kinds[i].kind);
			how = merge_kinds[i].ident;
			break;
		}
	o->ident[0] = '\0';
	if (val == NULL)
		return;
	switch (how) {
	case MERGE_BY_DEVICE:
		n = strcspn(val, ",");
		snprintf(o->ident, sizeof(o->ident), "%.*s", (int)n, val);
		break;
	case MERGE_BY_VALUE:
		snprintf(o->ident, sizeof(o->ident), "%s", val);
		break;
	case MERGE_BY_LOG_TYPE:
		n = strrchr(val, ':') != NULL ?
			(size_t)(strrchr(val, ':') - val) : 0;
		snprintf(o->ident, sizeof(o->ident), "%.*s", (int)n, val);
		break;
	default:
		break;
	}
}

/*
 * Split argv[1..argc-1] into occurrences (*occ, to free). Every word
 * belongs to one occurrence: an option with its value, or a word EAL
 * would not take as an option.
 */
static int
merge_parse(int argc, char **argv, struct merge_occ **occ, int *nb)
{
	struct merge_occ *o;
	char **copy;
	int n = 0;

	*occ = NULL;
	*nb = 0;
	o = calloc((size_t)argc + 1, sizeof(*o));
	copy = calloc((size_t)argc + 1, sizeof(*copy));
	if (o == NULL || copy == NULL) {
		free(o);
		free(copy);
		return -ENOMEM;
	}
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	opterr = 0;
	optind = 0;
	for (;;) {
		int start = optind == 0 ? 1 : optind;
		int idx = -1, c;
		char name[3] = "-?";

		c = getopt_long(argc, copy, MERGE_SHORT, merge_long, &idx);
		if (c == -1)
			break;
		if (optind == start)
			continue;   /* inside a group of short flags: "-vh" */
		o[n].first = start;
		o[n].nb_words = optind - start;
		if (c == '?' || c == ':') {
			o[n].opaque = true;
		} else if (idx >= 0 && c == 0) {
			merge_describe(&o[n], merge_long[idx].name, optarg);
		} else {
			name[1] = (char)c;
			merge_describe(&o[n], name, optarg);
		}
		n++;
	}
	/* what getopt did not read (a non-option and what follows) */
	for (; optind < argc; optind++) {
		o[n].first = optind;
		o[n].nb_words = 1;
		o[n].opaque = true;
		n++;
	}
	optind = 0;
	free(copy);
	*occ = o;
	*nb = n;
	return 0;
}

static bool
merge_same(const struct merge_occ *a, const struct merge_occ *b)
{
	return !a->opaque && !b->opaque && strcmp(a->kind, b->kind) == 0 &&
		strcmp(a->ident, b->ident) == 0;
}

int
nblpmd_eal_merge(int prof_argc, char **prof_argv, int cmd_argc,
		char **cmd_argv, char **out, int *out_argc, int max)
{
	struct merge_occ *po = NULL, *co = NULL;
	int np = 0, nc = 0, i, j, k, n = 0;
	int ret;

	/* the words after argv[0] of each list */
	ret = merge_parse(prof_argc, prof_argv, &po, &np);
	if (ret == 0)
		ret = merge_parse(cmd_argc, cmd_argv, &co, &nc);
	if (ret != 0)
		goto out;
	for (i = 0; i < np; i++) {
		bool replaced = false;

		for (j = 0; j < nc && !replaced; j++)
			replaced = merge_same(&po[i], &co[j]);
		if (replaced)
			continue;
		for (k = 0; k < po[i].nb_words; k++) {
			if (n == max) {
				ret = -E2BIG;
				goto out;
			}
			out[n++] = prof_argv[po[i].first + k];
		}
	}
	for (i = 1; i < cmd_argc; i++) {
		if (n == max) {
			ret = -E2BIG;
			goto out;
		}
		out[n++] = cmd_argv[i];
	}
	*out_argc = n;
out:
	free(po);
	free(co);
	return ret;
}

bool
nblpmd_eal_has(int argc, char **argv, const char *long_name)
{
	struct merge_occ *o = NULL;
	bool found = false;
	int n = 0, i;

	if (merge_parse(argc, argv, &o, &n) != 0)
		return false;
	for (i = 0; i < n && !found; i++)
		found = !o[i].opaque && strcmp(o[i].kind, long_name) == 0;
	free(o);
	return found;
}
