/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app_plot.h"

extern char **environ;

enum app_plot_format
app_plot_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot != NULL && dot != path && strcasecmp(dot, ".png") == 0)
		return APP_PLOT_PNG;
	if (dot != NULL && dot != path && strcasecmp(dot, ".svg") == 0)
		return APP_PLOT_SVG;
	return APP_PLOT_NONE;
}

int
app_plot_find(char *out, size_t len)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	int ret = -ENOENT;

	copy = strdup(path != NULL ? path : "/usr/bin:/bin");
	if (copy == NULL)
		return -ENOMEM;
	for (dir = strtok_r(copy, ":", &save); dir != NULL;
			dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, len, "%s/%s", dir[0] != '\0' ? dir : ".",
			APP_PLOT_PROGRAM);
		if (access(out, X_OK) == 0) {
			ret = 0;
			break;
		}
	}
	free(copy);
	if (ret != 0 && len > 0)
		out[0] = '\0';
	return ret;
}

void
app_plot_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

FILE *
app_plot_tmpfile(const char *stem, const char *suffix, char *path,
		size_t len)
{
	const char *tmp = getenv("TMPDIR");
	FILE *f;
	int fd, n, err;

	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	n = snprintf(path, len, "%s/%s_XXXXXX%s", tmp, stem, suffix);
	if (n < 0 || (size_t)n >= len) {
		if (len > 0)
			path[0] = '\0';
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd < 0) {
		path[0] = '\0';
		return NULL;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		err = errno;
		close(fd);
		unlink(path);
		path[0] = '\0';
		errno = err;
	}
	return f;
}

/* The gnuplot running now, for app_plot_kill(); 0 when none. */
static volatile sig_atomic_t plot_child;

void
app_plot_kill(void)
{
	pid_t pid = (pid_t)plot_child;

	if (pid > 0)
		kill(-pid, SIGKILL);
}

static double
plot_now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Stop gnuplot and everything it started (its own process group). */
static void
plot_stop(pid_t pid)
{
	int status;

	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
}

int
app_plot_run(const char *script, const char *log,
		const struct app_plot_limit *limit)
{
	struct timespec nap = { 0, APP_PLOT_POLL_MS * 1000000L };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sig_atomic_t signals0 = 0;
	double end = 0;
	char *argv[3];
	int status, ret;
	pid_t pid, done;

	argv[0] = (char *)(uintptr_t)APP_PLOT_PROGRAM;
	argv[1] = (char *)(uintptr_t)script;
	argv[2] = NULL;
	if (limit != NULL) {
		if (limit->seconds <= 0)
			return -ETIMEDOUT;
		end = plot_now_s() + limit->seconds;
		if (limit->signals != NULL)
			signals0 = *limit->signals;
	}
	fflush(stdout);
	fflush(stderr);
	posix_spawn_file_actions_init(&fa);
	if (log != NULL) {
		posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log,
			O_WRONLY | O_CREAT | O_TRUNC, 0600);
		posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO,
			STDERR_FILENO);
	}
	/* a group of its own: stopped as one, whatever it starts */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	ret = posix_spawnp(&pid, APP_PLOT_PROGRAM, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (ret != 0)
		return -ret;
	plot_child = pid;
	for (;;) {
		done = waitpid(pid, &status, limit != NULL ? WNOHANG : 0);
		if (done == pid)
			break;
		if (done < 0 && errno != EINTR) {
			ret = -errno;
			plot_stop(pid);
			plot_child = 0;
			return ret;
		}
		if (limit == NULL)
			continue;
		if (limit->signals != NULL && *limit->signals != signals0) {
			plot_stop(pid);
			plot_child = 0;
			return -EINTR;
		}
		if (plot_now_s() >= end) {
			plot_stop(pid);
			plot_child = 0;
			return -ETIMEDOUT;
		}
		nanosleep(&nap, NULL);
	}
	plot_child = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -ECHILD;
	return 0;
}
