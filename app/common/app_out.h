/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Files the programs write (nblpmd's --stats-json, --timeline, --plot,
 * --capture-out; nblpmd-advise's --json and --plot; capgen's --out), all
 * by one rule, so that an output never destroys what a user names:
 *
 * - "-" is standard output. The program then sends its own text to
 *   standard error (app_out_stdout_claim), so that standard output holds
 *   the one file alone.
 * - A regular file, or a path that does not exist yet, is written to a
 *   temporary file beside it (PATH.tmp.PID) and renamed over it once
 *   complete: the file is either as it was or complete, never partial.
 *   A symbolic link is followed: the temporary file goes beside its
 *   target and the rename replaces the target, never the link.
 * - Anything else (a FIFO, a character device such as /dev/null or a
 *   terminal, a socket) is written in place: opened for writing without
 *   being created or truncated, never renamed over, never removed.
 * - A directory is refused.
 *
 * Before anything is written, app_out_conflicts() compares every output
 * with every input and every other output by device and inode (by the
 * resolved name for a path that does not exist yet), and refuses two
 * that are the same file.
 *
 * Messages are one line on stderr, "PROG: OPTION PATH: what; what would
 * be right"; functions return -errno.
 */

#ifndef APP_OUT_H
#define APP_OUT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/** Room for a path and its temporary name (".tmp." and a pid). */
#define APP_OUT_PATH_MAX (PATH_MAX + 32)

enum app_out_kind {
	APP_OUT_FILE,      /**< regular or new: temporary file + rename */
	APP_OUT_IN_PLACE,  /**< FIFO, device, socket: written where it is */
	APP_OUT_STDOUT,    /**< "-" */
};

/** One output. Fill it with app_out_init(); nothing is opened until
 * app_out_open(). */
struct app_out {
	const char *prog;     /**< program name, for messages */
	const char *opt;      /**< option that names it: "--stats-json" */
	char path[PATH_MAX];  /**< as given */
	char target[PATH_MAX]; /**< the file written: symbolic links followed */
	char tmp[APP_OUT_PATH_MAX]; /**< temporary file, "" when none exists */
	enum app_out_kind kind;
};

/**
 * Take the output as given and decide how it is written (following
 * symbolic links). Prints nothing.
 * @return 0; -EISDIR for a directory; -ENAMETOOLONG; -ELOOP for a cycle
 * of links; -errno of lstat/readlink.
 */
int app_out_init(struct app_out *o, const char *prog, const char *opt,
		const char *path);

/**
 * Check at start that the output can be written, without writing it:
 * for a file, create and remove a temporary file in its directory (so a
 * directory that is read-only, missing or not a real file system such as
 * /proc is found now); for anything else, write permission. One line on
 * stderr when it cannot.
 * @return 0 or -errno.
 */
int app_out_check(struct app_out *o);

/**
 * Open the output for writing: the temporary file (created, exclusive),
 * the file in place (no create, no truncate: opening a FIFO waits for a
 * reader and returns -EINTR when a signal comes), or a duplicate of
 * standard output. The caller owns the descriptor and closes it before
 * app_out_commit(). One line on stderr when it cannot.
 * @return a file descriptor, or -errno.
 */
int app_out_open(struct app_out *o);

/**
 * The name another program (gnuplot) should write to: the temporary file
 * once app_out_open() made it, else the target. NULL for standard output.
 */
const char *app_out_where(const struct app_out *o);

/**
 * The output is complete (its descriptor closed): rename the temporary
 * file over the target. Nothing to do for the other kinds. On failure
 * the temporary file is removed and one line says so.
 * @return 0 or -errno.
 */
int app_out_commit(struct app_out *o);

/**
 * Drop an output that is not to be kept: remove the temporary file, if
 * any. The target is never removed, whatever it is.
 */
void app_out_abort(struct app_out *o);

/**
 * For a program that writes an output by its path (gnuplot): the path it
 * should write to. For a file, the temporary file beside it (made here);
 * for standard output, a FIFO or a device, a temporary file of this
 * program's in $TMPDIR (or /tmp), copied into the output whole by
 * app_out_path_end(), so that the output is opened once, when the picture
 * is complete. One line on stderr when it cannot.
 * @return 0 or -errno.
 */
int app_out_path_begin(struct app_out *o, char *path, size_t len);

/**
 * The program that wrote path is done: keep it (a file: rename over the
 * target; the others: copy into the output, then remove path) or drop
 * it (remove path; the target is never touched). One line on stderr on
 * failure.
 * @return 0 or -errno.
 */
int app_out_path_end(struct app_out *o, const char *path, bool keep);

/**
 * Flush, sync (for a file) and close f, opened on app_out_open()'s
 * descriptor, then commit; abort when any of it failed or when keep is
 * false. One line on stderr on failure.
 * @return 0 or -errno.
 */
int app_out_fclose(struct app_out *o, FILE *f, bool keep);

/**
 * Standard output is an output ("-"): keep a duplicate of it for
 * app_out_open(), and point descriptor 1 at standard error, so that
 * everything else the program prints goes there. Call once, before
 * anything is written to stdout.
 * @return 0 or -errno.
 */
int app_out_stdout_claim(void);

/** A file an option names, for app_out_conflicts(). */
struct app_file_ref {
	const char *opt;      /**< how the user named it: "--replay" */
	const char *path;     /**< "-" for standard output (outputs only) */
	bool output;
};

/**
 * Refuse two references to the same file where one is an output: an
 * output that is an input would destroy it, and two outputs would lose
 * one. Files are compared by device and inode, following symbolic
 * links; a path that does not exist by its directory's real path and its
 * name. A character device (/dev/null, a terminal) loses nothing to being
 * named twice and is let through. One line on stderr naming both options.
 * @return 0, or -EINVAL at the first conflict.
 */
int app_out_conflicts(const char *prog, const struct app_file_ref *refs,
		unsigned int n);

#endif /* APP_OUT_H */
