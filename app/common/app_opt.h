/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Option values of the command-line programs. A bad value prints one
 * line, "PROG: WHERE: 'VALUE' WHY", on stderr (WHERE names the option
 * or the profile entry, WHY says what would be right) and gives -EINVAL.
 */

#ifndef APP_OPT_H
#define APP_OPT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/** Print the line for a bad value; -EINVAL (inline: callers' compilers
 * see that it never gives 0). */
static inline int
app_opt_bad(const char *prog, const char *where, const char *val,
		const char *why)
{
	fprintf(stderr, "%s: %s: '%s' %s\n", prog, where,
		val == NULL ? "" : val, why);
	return -EINVAL;
}

/** A decimal integer from min to max (no sign, nothing after it). */
int app_opt_u64(const char *prog, const char *where, const char *val,
		uint64_t min, uint64_t max, uint64_t *out);

/** Whether val is a decimal integer from min to max (*out), quietly. */
bool app_opt_u64_in(const char *val, uint64_t min, uint64_t max,
		uint64_t *out);

/** The same, into 32 bits. */
int app_opt_u32(const char *prog, const char *where, const char *val,
		uint32_t min, uint32_t max, uint32_t *out);

/** A finite number from min to max; above min only, with min_open. */
int app_opt_double(const char *prog, const char *where, const char *val,
		double min, double max, bool min_open, double *out);

/**
 * The format an output's name asks for, by its extension (what follows
 * the last '.' of the file's name, any case): its index in exts[] (each
 * with its dot); def when the name has none (a FIFO, a device, "-");
 * -1 when it has another. One rule for every output whose format the
 * name chooses.
 */
int app_opt_out_format(const char *path, const char *const *exts,
		unsigned int nb, int def);

struct option;

/**
 * One rule for every option of the command-line programs: an option that
 * takes one value is given once. Scan argv as getopt_long() will parse it
 * (a copy: argv keeps its order) and count each long option; the second
 * occurrence of one whose repeatable[i] is false (lo[i]) gets one line,
 * "PROG: --NAME given twice (FIRST, then SECOND); give it once", and
 * -EINVAL. Unknown options and missing values are left to the parse that
 * follows. Resets getopt (optind).
 *
 * @param repeatable
 *   One flag per entry of lo (up to its { NULL } end); NULL: none is.
 * @return
 *   0; -EINVAL after the message; -ENOMEM.
 */
int app_opt_once(const char *prog, int argc, char *const argv[],
		const char *shortopts, const struct option *lo,
		const bool *repeatable);

#endif /* APP_OPT_H */
