/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_CLI_H
#define NBLPMD_CLI_H

/**
 * @file
 * The command line and profiles, inside cli/.
 *
 * Dependencies point one way: options.c owns the option table (names,
 * parsers, help) and depends on nothing else here; profile.c reads and
 * checks INI files into (key, value, where) entries and knows no option;
 * args.c uses both: it applies a profile's entries, then the command line,
 * remembers where each option came from, and checks the combination.
 */

#include <stdbool.h>
#include <stdio.h>

#include "nblpmd.h"

/* ------------------------------------------------------- options.c */

typedef int (*nblpmd_opt_set_t)(struct nblpmd_config *cfg, const char *val,
		const char *where);

/** What an option serves: some mean nothing without another. */
enum nblpmd_opt_scope {
	NBLPMD_OPT_ANY = 0,
	NBLPMD_OPT_REPLAY,        /**< only with --replay */
};

/** One application option; a profile key is its name. */
struct nblpmd_opt {
	const char *name;         /**< long name without dashes */
	int has_arg;              /**< required_argument or no_argument */
	const char *arg;          /**< argument shown by --help */
	const char *help;
	nblpmd_opt_set_t set;
	enum nblpmd_opt_scope scope;
};

/** Number of options in the table. */
unsigned int nblpmd_option_count(void);

/** Option i of the table (i < nblpmd_option_count()). */
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

/** Print --help. */
void nblpmd_usage(const char *prog, FILE *f);

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

#endif /* NBLPMD_CLI_H */
