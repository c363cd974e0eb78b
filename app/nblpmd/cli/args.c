/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Application options (after "--"): the profile named by --config first,
 * then the command line, so the command line wins. Each option remembers
 * where it came from, which lets the checks that involve several options
 * tell a profile's choice from the user's: a command-line option that
 * replaces a profile's mode drops the profile options that only served
 * that mode, with a note, instead of refusing the combination.
 *
 * The rules of the option table (cli.h) are applied here: an option given
 * twice on the command line is refused before anything is read
 * (app_opt_once), and an option whose scope the run does not meet is
 * refused after everything is (args_check_scopes).
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_version.h>

#include "app_opt.h"
#include "cli.h"
#include "nblpmd_build_config.h"

#define ARGS_OPT_HELP 1000
#define ARGS_OPT_VERSION 1001

/* Where an option's value came from. */
enum args_origin {
	ARGS_UNSET = 0,
	ARGS_PROFILE,
	ARGS_CMDLINE,
	ARGS_DROPPED,   /* a profile's, dropped: the command line made it moot */
};

struct args_given {
	enum args_origin origin;
	char where[NBLPMD_PATH_MAX + 96]; /* "--burst" or "FILE:[nblpmd]:burst" */
};

/* One parse: what each option of the table was given by. */
struct args_state {
	unsigned int n;
	struct args_given *given;
};

/* The given record of an option by name (the name is in the table). */
static struct args_given *
args_given(const struct args_state *st, const char *name)
{
	int i = nblpmd_option_find(name);

	return i >= 0 ? &st->given[i] : NULL;
}

static bool
args_from(const struct args_state *st, const char *name,
		enum args_origin origin)
{
	const struct args_given *g = args_given(st, name);

	return g != NULL && g->origin == origin;
}

static int
args_apply(struct nblpmd_config *cfg, struct args_state *st, unsigned int i,
		const char *value, const char *where, enum args_origin origin)
{
	int ret = nblpmd_option_set(cfg, i, value, where);

	if (ret != 0)
		return ret;
	st->given[i].origin = origin;
	snprintf(st->given[i].where, sizeof(st->given[i].where), "%s", where);
	return 0;
}

/* Find --config FILE first so that the command line wins over it. */
static const char *
args_find_config(int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
	}
	return path;
}

static int
args_profile(struct nblpmd_config *cfg, struct args_state *st,
		const char *path)
{
	struct nblpmd_profile_entry *ent;
	unsigned int n;
	unsigned int i;
	int ret;

	ret = nblpmd_profile_read(path, &ent, &n);
	if (ret != 0)
		return ret;
	for (i = 0; i < n && ret == 0; i++) {
		int opt = nblpmd_option_find(ent[i].key);

		if (opt >= 0 && (nblpmd_option_at(opt)->flags &
				NBLPMD_OPT_F_HIDDEN) != 0)
			opt = -1;
		if (opt < 0) {
			fprintf(stderr, "nblpmd: %s: unknown key; the keys are the "
				"long option names (see nblpmd -- --help)\n",
				ent[i].where);
			ret = -EINVAL;
			break;
		}
		ret = args_apply(cfg, st, (unsigned int)opt, ent[i].value,
			ent[i].where, ARGS_PROFILE);
	}
	free(ent);
	/* The command line may choose another pacing than the profile. */
	cfg->pace_set = false;
	return ret;
}

/* getopt_long's table: every row, then --help and --version; free(). */
static struct option *
args_longopts(unsigned int n, bool **repeatable)
{
	struct option *lopts = calloc(n + 3, sizeof(*lopts));
	bool *rep = calloc(n + 3, sizeof(*rep));
	unsigned int i;

	if (lopts == NULL || rep == NULL) {
		free(lopts);
		free(rep);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const struct nblpmd_opt *o = nblpmd_option_at(i);

		lopts[i].name = o->name;
		lopts[i].has_arg = o->arg != NULL ? required_argument :
			no_argument;
		lopts[i].val = (int)i;
		rep[i] = (o->flags & NBLPMD_OPT_F_REPEAT) != 0;
	}
	lopts[i] = (struct option){ "help", no_argument, NULL, ARGS_OPT_HELP };
	rep[i++] = true;
	lopts[i] = (struct option){ "version", no_argument, NULL,
		ARGS_OPT_VERSION };
	rep[i++] = true;
	*repeatable = rep;
	return lopts;
}

static int
args_cmdline(struct nblpmd_config *cfg, struct args_state *st,
		const struct option *lopts, int argc, char **argv)
{
	const char *prog = argv[0];
	int opt;
	int idx;
	int ret = 0;

	opterr = 0;
	optind = 0;
	while (ret == 0 &&
			(opt = getopt_long(argc, argv, ":h", lopts, &idx)) != -1) {
		char where[96];

		if (opt == ARGS_OPT_HELP || opt == 'h') {
			nblpmd_usage(prog, stdout);
			ret = 1;
		} else if (opt == ARGS_OPT_VERSION) {
			printf("nblpmd %s (%s)\n", NBLPMD_VERSION, rte_version());
			ret = 1;
		} else if (opt == ':') {
			fprintf(stderr, "nblpmd: %s: needs a value; see --help\n",
				argv[optind - 1]);
			ret = -EINVAL;
		} else if (opt == '?' || opt < 0 || (unsigned int)opt >= st->n) {
			fprintf(stderr, "nblpmd: %s: unknown option; see --help for "
				"the list (EAL options go before --)\n",
				argv[optind - 1]);
			ret = -EINVAL;
		} else {
			const struct nblpmd_opt *o = nblpmd_option_at(opt);

			snprintf(where, sizeof(where), "--%s", o->name);
			ret = args_apply(cfg, st, (unsigned int)opt,
				o->arg == NULL ? "1" : optarg, where,
				ARGS_CMDLINE);
		}
	}
	if (ret == 0 && optind < argc) {
		fprintf(stderr, "nblpmd: %s: unexpected argument; options start "
			"with -- (see --help)\n", argv[optind]);
		ret = -EINVAL;
	}
	optind = 0;
	return ret;
}

/* A profile option the command line made pointless goes, with a note. */
static void
args_drop_note(const struct args_state *st, const char *dropped,
		const char *winner, const char *why)
{
	fprintf(stderr, "nblpmd: note: %s on the command line wins over the "
		"profile: %s dropped (%s)\n", args_given(st, winner)->where,
		args_given(st, dropped)->where, why);
	args_given(st, dropped)->origin = ARGS_DROPPED;
}

/* --fwd capture writes a file: it needs one. */
static int
args_check_capture(const struct nblpmd_config *cfg)
{
	if (cfg->fwd == NBLPMD_FWD_CAPTURE && cfg->capture_out[0] == '\0') {
		fprintf(stderr, "nblpmd: --fwd capture: no output file; add "
			"--capture-out FILE (.pcap or .pcapng)\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * Every option given must apply: one whose scope the run does not meet is
 * refused, naming what it needs. A profile's option whose scope the
 * command line closed (--fwd rxonly over a profile's capture, --hold-us 0
 * over its hold model) is dropped instead, with a note.
 */
static int
args_check_scopes(struct nblpmd_config *cfg, struct args_state *st)
{
	unsigned int i;

	for (i = 0; i < st->n; i++) {
		const struct nblpmd_opt *o = nblpmd_option_at(i);
		const struct nblpmd_scope_words *sw;
		struct args_given *g = &st->given[i];
		const struct args_given *opener;

		if (g->origin != ARGS_PROFILE && g->origin != ARGS_CMDLINE)
			continue;
		if (nblpmd_scope_met(cfg, o->scope))
			continue;
		sw = nblpmd_scope_words(o->scope);
		opener = args_given(st, sw->opener);
		if (g->origin == ARGS_PROFILE && opener != NULL &&
				(opener->origin == ARGS_CMDLINE ||
				opener->origin == ARGS_DROPPED)) {
			if (opener->origin == ARGS_CMDLINE)
				fprintf(stderr, "nblpmd: note: %s on the command "
					"line wins over the profile: %s dropped "
					"(it applies with %s only)\n",
					opener->where, g->where, sw->needs);
			else
				fprintf(stderr, "nblpmd: note: %s dropped too (it "
					"applies with %s only, dropped above)\n",
					g->where, sw->needs);
			nblpmd_option_reset(cfg, i);
			g->origin = ARGS_DROPPED;
			continue;
		}
		if (g->origin == ARGS_PROFILE)
			fprintf(stderr, "nblpmd: %s: applies with %s only, and %s; "
				"%s, or remove the key\n", g->where, sw->needs,
				sw->closed, sw->add);
		else
			fprintf(stderr, "nblpmd: %s: applies with %s only, and %s; "
				"%s, or drop %s\n", g->where, sw->needs, sw->closed,
				sw->add, g->where);
		return -EINVAL;
	}
	return 0;
}

/* --rx-copy needs NBs preallocated in their NBLs. */
static int
args_check_rx_copy(struct nblpmd_config *cfg, const struct args_state *st)
{
	if (cfg->prealloc_nb || !cfg->rx_copy)
		return 0;
	if (args_from(st, "net-buffer", ARGS_CMDLINE) &&
			args_from(st, "rx-copy", ARGS_PROFILE)) {
		args_drop_note(st, "rx-copy", "net-buffer", "copy mode needs "
			"NBs preallocated in their NBLs");
		cfg->rx_copy = false;
		return 0;
	}
	if (args_from(st, "rx-copy", ARGS_CMDLINE) &&
			args_from(st, "net-buffer", ARGS_PROFILE)) {
		args_drop_note(st, "net-buffer", "rx-copy", "copy mode needs "
			"NBs preallocated in their NBLs: back to prealloc");
		cfg->prealloc_nb = true;
		return 0;
	}
	fprintf(stderr, "nblpmd: --net-buffer separate with --rx-copy: copy "
		"mode copies into the data area of NBs preallocated in their "
		"NBLs, and NBs from a separate NB pool have none; use "
		"--net-buffer prealloc with --rx-copy, or drop --rx-copy\n");
	return -EINVAL;
}

/* --hold 0 leaves the hold model (--hold-us) nothing to keep. */
static int
args_check_hold(struct nblpmd_config *cfg, const struct args_state *st)
{
	if (!cfg->hold_set || cfg->hold != 0 || !nblpmd_hold_on(cfg))
		return 0;
	if (args_from(st, "hold", ARGS_CMDLINE) &&
			args_from(st, "hold-us", ARGS_PROFILE)) {
		args_drop_note(st, "hold-us", "hold", "with --hold 0 the "
			"consumer keeps nothing");
		nbl_hold_free(&cfg->hold_dist);
		return 0;
	}
	if (args_from(st, "hold-us", ARGS_CMDLINE) &&
			args_from(st, "hold", ARGS_PROFILE)) {
		args_drop_note(st, "hold", "hold-us", "hold 0 would keep the "
			"consumer from holding anything: back to auto");
		cfg->hold = 0;
		cfg->hold_set = false;
		return 0;
	}
	fprintf(stderr, "nblpmd: --hold 0 disables --hold-us %s: the "
		"consumer could keep nothing; give --hold N (N >= 1) or auto, or "
		"drop --hold-us\n", cfg->hold_dist.spec);
	return -EINVAL;
}

/* Checks that involve more than one option. */
static int
args_check(struct nblpmd_config *cfg, struct args_state *st)
{
	int ret;

	ret = args_check_rx_copy(cfg, st);
	if (ret == 0)
		ret = args_check_hold(cfg, st);
	if (ret == 0)
		ret = args_check_scopes(cfg, st);
	if (ret == 0)
		ret = args_check_capture(cfg);
	if (ret != 0)
		return ret;
	if (cfg->low_watermark != 0 && cfg->descriptors != 0 &&
			cfg->low_watermark > cfg->descriptors) {
		fprintf(stderr, "nblpmd: --low-watermark %u: above --descriptors "
			"%u; give at most %u\n", cfg->low_watermark,
			cfg->descriptors, cfg->descriptors);
		return -EINVAL;
	}
	if (cfg->rss_key_set && cfg->replay_port < 0 && cfg->rxq < 2) {
		fprintf(stderr, "nblpmd: --rss-key: the internal port's RSS "
			"spreads records over its --rxq queues, and it has "
			"one; add --rxq N (N from 2 to %d), or drop --rss-key\n",
			NBLPMD_MAX_QUEUES_PER_PORT);
		return -EINVAL;
	}
	if (cfg->rss_key_set && cfg->replay_port >= 0) {
		fprintf(stderr, "nblpmd: --rss-key: the internal port's RSS "
			"key; with --replay-port %d that port's own RSS "
			"spreads what it receives: drop --rss-key, or "
			"--replay-port to replay into the internal port\n",
			cfg->replay_port);
		return -EINVAL;
	}
	if (cfg->replay_full == NBLPMD_REPLAY_FULL_DROP &&
			cfg->replay_port >= 0) {
		fprintf(stderr, "nblpmd: --replay-full drop: only the internal "
			"port drops (its ring is the NIC's); with --replay-port "
			"the device decides (a tap port drops in the kernel): "
			"drop --replay-port or use --replay-full wait\n");
		return -EINVAL;
	}
	return 0;
}

int
nblpmd_args_parse(struct nblpmd_config *cfg, int argc, char **argv)
{
	struct args_state st;
	struct option *lopts;
	bool *repeatable = NULL;
	const char *config;
	int ret = 0;

	st.n = nblpmd_option_count();
	st.given = calloc(st.n, sizeof(*st.given));
	lopts = args_longopts(st.n, &repeatable);
	if (st.given == NULL || lopts == NULL) {
		free(st.given);
		free(lopts);
		free(repeatable);
		return -ENOMEM;
	}
	/* one value per option: refused before anything is read */
	ret = app_opt_once("nblpmd", argc, argv, ":h", lopts, repeatable);
	config = args_find_config(argc, argv);
	if (ret == 0 && config != NULL)
		ret = args_profile(cfg, &st, config);
	if (ret == 0)
		ret = args_cmdline(cfg, &st, lopts, argc, argv);
	if (ret == 0)
		ret = args_check(cfg, &st);
	free(st.given);
	free(lopts);
	free(repeatable);
	return ret;
}

int
nblpmd_args_misplaced(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		char name[64];
		size_t len;

		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		len = strcspn(argv[i] + 2, "=");
		if (len == 0 || len >= sizeof(name))
			continue;
		memcpy(name, argv[i] + 2, len);
		name[len] = '\0';
		/* the long names exactly: EAL has none of them */
		if (strchr(name, '_') != NULL || nblpmd_option_find(name) < 0)
			continue;
		fprintf(stderr, "nblpmd: %s: an nblpmd option among the EAL "
			"options; nblpmd's options go after --, as in: nblpmd "
			"[EAL options] -- %s ...\n", argv[i], argv[i]);
		return -EINVAL;
	}
	return 0;
}
