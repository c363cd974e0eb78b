/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_CLI_H
#define NBLPMD_CLI_H

/**
 * @file
 * The command line and profiles: what cli/ offers main.c (the
 * configuration, the EAL arguments of a profile merged with the command
 * line's, the checks made before EAL starts) and the JSON report (the
 * option table), and what its files share.
 *
 * Inside cli/, dependencies point one way: options.c owns the option
 * table and option_parsers.c the parsers its rows name, and they depend
 * on nothing else here; profile.c reads and checks INI files into (key,
 * value, where) entries and knows no option; args.c uses both: it applies
 * a profile's entries, then the command line, remembers where each option
 * came from, and checks the combination. Outside cli/, the JSON report
 * (report/report_config.c) reads the table to give every option's value.
 *
 * An option is one row of the table (options.c): its name (the long
 * option, the profile key and the key of the JSON report's "config"), its
 * value as --help shows it, its default, its help line, where its value
 * lives in struct nblpmd_config and how it is parsed (a type with bounds,
 * or a parser of its own), what it needs to apply (its scope), and how the
 * JSON report gives the value the run used. --help, the man page made
 * from it, profiles, the JSON report and the option tests all read it.
 *
 * The rules every option follows: a value is checked when given (exit 2,
 * one line naming the option, what is wrong and what would be right); an
 * option given twice is refused unless it is repeatable (--replay); an
 * option whose scope the run does not meet (--loop without --replay) is
 * refused; a profile's value is overridden by the command line's, which
 * is not a repetition.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cap.h"
#include "nblpmd_app.h"

/* ------------------------------------- options.c, option_parsers.c */

/** How an option's value is parsed, kept and reported. */
enum nblpmd_opt_type {
	NBLPMD_OPT_FLAG = 0,  /**< bool, no value (a profile says yes/no) */
	NBLPMD_OPT_UINT,      /**< unsigned integer, min..max */
	NBLPMD_OPT_AUTO,      /**< "auto" (kept as 0) or an integer min..max */
	NBLPMD_OPT_REAL,      /**< finite number, dmin..dmax */
	NBLPMD_OPT_PATH,      /**< file name, char[NBLPMD_PATH_MAX] */
	NBLPMD_OPT_CHOICE,    /**< one of choices[], kept as its index */
	NBLPMD_OPT_PACE,      /**< the replay's pacing: pace, pace_rate */
	NBLPMD_OPT_OTHER,     /**< a parser of its own (set) */
};

/** What an option needs to mean anything: without it, exit 2. */
enum nblpmd_opt_scope {
	NBLPMD_SCOPE_ANY = 0,
	NBLPMD_SCOPE_REPLAY,      /**< --replay */
	NBLPMD_SCOPE_CAPTURE,     /**< --fwd capture */
	NBLPMD_SCOPE_TIMELINE,    /**< --timeline or --plot */
	NBLPMD_SCOPE_HOLD,        /**< a --hold-us other than 0 */
	NBLPMD_SCOPE_FAIL,        /**< a --fail-alloc-pct above 0 */
	NBLPMD_SCOPE_MAX,
};

/**
 * How the JSON report's "config" gives an option: the value in the
 * configuration (by type), or what the run resolved from it
 * (report/report_config.c has one case per kind).
 */
enum nblpmd_opt_report {
	NBLPMD_REPORT_VALUE = 0,          /**< the configuration's, by type */
	NBLPMD_REPORT_PORT_RXQ,           /**< per port, as configured */
	NBLPMD_REPORT_PORT_RXD,
	NBLPMD_REPORT_PORT_TXD,
	NBLPMD_REPORT_QUEUE_DESCRIPTORS,  /**< per queue, auto resolved */
	NBLPMD_REPORT_QUEUE_LOW_WATERMARK,
	NBLPMD_REPORT_QUEUE_CONSUMER_LCORE,
	NBLPMD_REPORT_POOL_SIZE,          /**< the NBL pool's count */
	NBLPMD_REPORT_MBUFS,              /**< the mbuf pool's count */
	NBLPMD_REPORT_HOLD,               /**< H used by the sizing rule */
	NBLPMD_REPORT_MAX_SEGS,           /**< S used */
	NBLPMD_REPORT_HOLD_US,            /**< 0, the fixed time, or the spec */
	NBLPMD_REPORT_REPLAY_FILES,       /**< the --replay files, in order */
	NBLPMD_REPORT_REPLAY_PORT,        /**< the port the replay sent on */
	NBLPMD_REPORT_RSS_KEY,            /**< the internal port's key, hex */
};

/** Row flags. */
#define NBLPMD_OPT_F_REPEAT  0x01 /**< may be given more than once */
#define NBLPMD_OPT_F_HIDDEN  0x02 /**< test only: not in --help, profiles
                                   *   or the JSON report */
#define NBLPMD_OPT_F_CMDLINE 0x04 /**< not a profile key (--config) */
#define NBLPMD_OPT_F_NEGATE  0x08 /**< FLAG: the option clears the bool */

struct nblpmd_opt;

/**
 * A parser of its own: parse val (never NULL; "1" for a flag given on the
 * command line) into cfg, naming the option as where in messages.
 *
 * @return
 *   0; -EINVAL with one line on stderr.
 */
typedef int (*nblpmd_opt_set_t)(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *val, const char *where);

/** One application option: one row of the table. */
struct nblpmd_opt {
	const char *name;         /**< long name without dashes; profile key;
	                           *   key of the JSON report's "config" */
	const char *arg;          /**< value as --help shows it; NULL: a flag */
	const char *def;          /**< default, a value the parser takes;
	                           *   NULL: none (the help says what then) */
	const char *help;         /**< one line, without the default */
	enum nblpmd_opt_type type;
	uint32_t offset;          /**< of the value in struct nblpmd_config */
	uint32_t size;            /**< of the value */
	uint64_t min, max;        /**< UINT, AUTO, OTHER integers: the range */
	double dmin, dmax;        /**< REAL: the range */
	const char *const *choices; /**< CHOICE: the names, NULL ended */
	const char *noun;         /**< CHOICE: what a value is ("a ... mode") */
	enum cap_pace_mode pace;  /**< PACE: the mode the option sets */
	nblpmd_opt_set_t set;     /**< OTHER: the parser (others: NULL) */
	enum nblpmd_opt_scope scope;
	enum nblpmd_opt_report report;
	uint8_t flags;            /**< NBLPMD_OPT_F_* */
};

/** Number of rows in the table, hidden ones included. */
unsigned int nblpmd_option_count(void);

/** Row i of the table (i < nblpmd_option_count()), else NULL. */
const struct nblpmd_opt *nblpmd_option_at(unsigned int i);

/**
 * Find an option by name: the long name, or a profile key ('_' for '-',
 * any case).
 *
 * @return
 *   Its index, or -1 when no option has that name.
 */
int nblpmd_option_find(const char *name);

/**
 * Set option i from a value ("" or NULL for a flag means yes).
 *
 * @param where
 *   How messages name the option: "--burst" or "FILE:[nblpmd]:burst".
 * @return
 *   0; -EINVAL with a message on stderr.
 */
int nblpmd_option_set(struct nblpmd_config *cfg, unsigned int i,
		const char *value, const char *where);

/** Put option i back to its default (what nblpmd_config_defaults set). */
void nblpmd_option_reset(struct nblpmd_config *cfg, unsigned int i);

/** Fill a configuration with the defaults. */
void nblpmd_config_defaults(struct nblpmd_config *cfg);

/** Whether the consumer holds NBLs (--hold-us other than 0). */
static inline bool
nblpmd_hold_on(const struct nblpmd_config *cfg)
{
	return cfg->hold_dist.kind != NBL_HOLD_NONE;
}

/** Whether cfg meets a scope (the option can apply). */
bool nblpmd_scope_met(const struct nblpmd_config *cfg,
		enum nblpmd_opt_scope scope);

/**
 * A scope in words, for messages: "--loop: applies with NEEDS only, and
 * CLOSED; ADD, or drop --loop".
 */
struct nblpmd_scope_words {
	const char *needs;        /**< "--replay" */
	const char *closed;       /**< "there is nothing to replay" */
	const char *add;          /**< "add --replay FILE" */
	const char *opener;       /**< the row whose value opens it: "replay" */
};
const struct nblpmd_scope_words *nblpmd_scope_words(
		enum nblpmd_opt_scope scope);

/** The unsigned integer value of row o in cfg (FLAG, UINT, AUTO, CHOICE). */
uint64_t nblpmd_option_uint(const struct nblpmd_config *cfg,
		const struct nblpmd_opt *o);

/** Print --help: every row but the hidden ones, from the table. */
void nblpmd_usage(const char *prog, FILE *f);

/* --------------------------- option_parsers.c: the rows' own parsers */

/*
 * The parsers of their own that rows of the table name (their set), for
 * options.c: the outputs whose name chooses their format, and the OTHER
 * rows. Each is an nblpmd_opt_set_t.
 */
int nblpmd_opt_set_capture_out(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_plot(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_rxq(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_low_watermark(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_lcore(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
/** The hold time specification: it owns memory (nblpmd_option_reset
 *  frees it). */
int nblpmd_opt_set_hold_us(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_hold(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_replay(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);
int nblpmd_opt_set_rss_key(struct nblpmd_config *cfg,
		const struct nblpmd_opt *o, const char *v, const char *w);

/* ------------------------------------------------------- profile.c */

#define NBLPMD_PROFILE_KEY_LEN 64
#define NBLPMD_PROFILE_VALUE_LEN 256

/** One key = value line of a profile's [nblpmd] section. */
struct nblpmd_profile_entry {
	char key[NBLPMD_PROFILE_KEY_LEN];
	char value[NBLPMD_PROFILE_VALUE_LEN];
	char where[NBLPMD_PATH_MAX + 96]; /**< "FILE:[nblpmd]:key" */
};

/**
 * Read a profile: check its lines and sections, and return the [nblpmd]
 * entries in file order. Keys are not checked against the options here.
 *
 * @param entries
 *   Receives an array to free(), or NULL when there are none.
 * @return
 *   0; -errno with a message naming the file (and line) on stderr.
 */
int nblpmd_profile_read(const char *path,
		struct nblpmd_profile_entry **entries, unsigned int *nb_entries);

/**
 * A profile's [eal] args, split into words (no program name; *eal_argv
 * NULL when there are none), a relative rx_pcap= file that does not exist
 * from here taken relative to the profile's project root.
 *
 * @return
 *   0; -E2BIG, -ENOMEM, or the error of reading the file, with a message.
 */
int nblpmd_profile_eal_args(const char *path, char ***eal_argv, int *eal_argc);

/**
 * The profile a run without arguments uses: ./config/default.ini, else
 * the source tree's.
 *
 * @return
 *   0; -ENOENT with a message.
 */
int nblpmd_default_ini(char *path, size_t len);

/* ---------------------------------------------------------- args.c */

/**
 * Parse application options (after "--"), reading --config FILE first so
 * the command line wins (a profile option that only served a mode the
 * command line replaced is dropped, with a note on stderr).
 *
 * @return
 *   0; 1 when --help or --version was printed (exit 0);
 *   -EINVAL with a message on stderr naming the option (exit 2).
 */
int nblpmd_args_parse(struct nblpmd_config *cfg, int argc, char **argv);

/**
 * Before rte_eal_init: refuse an nblpmd option among the EAL arguments
 * (those before "--", or all of them without "--"), which EAL would answer
 * with its whole usage text.
 *
 * @return
 *   0; -EINVAL with a one-line message naming the option.
 */
int nblpmd_args_misplaced(int argc, char **argv);

/* ------------------------------------------------------ eal_args.c */

/**
 * Before rte_eal_init: check the rx_pcap files of every net_pcap --vdev
 * (nblpmd_capture_precheck), whose probe would fail without naming the
 * file.
 *
 * @return
 *   0, or -errno after a message (exit 2).
 */
int nblpmd_eal_precheck(int argc, char **argv);

/* ----------------------------------------------------- eal_merge.c */

/**
 * A profile's EAL arguments and the command line's, as one list in out
 * (at most max words; argv[0] of neither): the profile's, but for those
 * the command line gives again (the same option; for --vdev, -a, -b the
 * same device, for -d the same library, for --log-level the same type;
 * -l, -c and --lcores count as one, as -m and --socket-mem do), then the
 * command line's. Words are not copied.
 *
 * @return
 *   0; -E2BIG when more than max; -ENOMEM.
 */
int nblpmd_eal_merge(int prof_argc, char **prof_argv, int cmd_argc,
		char **cmd_argv, char **out, int *out_argc, int max);
/** Whether EAL arguments (argv[0] the program) give the long option
 *  long_name, under any of EAL's spellings. */
bool nblpmd_eal_has(int argc, char **argv, const char *long_name);

/* ------------------------------------------------------- outputs.c */

/**
 * Before EAL starts and before anything is written: refuse an output
 * that is the same file as an input or as another output (exit 2, both
 * options named), check --plot, decide how each output is written
 * (app_out.h), give standard output to the one output named "-", and
 * check that each output can be written.
 *
 * @return
 *   0; -EINVAL (or the errno of the failed check) with a message; -ENOMEM.
 */
int nblpmd_outputs_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv);

/** --plot FILE: a .png or .svg name, gnuplot on PATH (the file itself is
 * checked by app_out_check). 0, or -EINVAL with a message. */
int nblpmd_plot_check(const char *path);

#endif /* NBLPMD_CLI_H */
