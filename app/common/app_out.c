/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app_out.h"

/* Links followed at most, as the kernel's limit (MAXSYMLINKS). */
#define OUT_LINKS_MAX 40

/* The real standard output once "-" claimed it, else -1. */
static int out_stdout_fd = -1;

static int
out_copy(char *dst, size_t len, const char *src)
{
	if (strlen(src) >= len)
		return -ENAMETOOLONG;
	strcpy(dst, src);
	return 0;
}

/*
 * Follow path through symbolic links (a dangling one too, whose target
 * is to be created) to the name that is written. *st is the target's
 * when *exists.
 */
static int
out_resolve(const char *path, char *target, size_t len, struct stat *st,
		bool *exists)
{
	char cur[PATH_MAX], link[PATH_MAX], dir[PATH_MAX];
	unsigned int hops;
	ssize_t n;

	if (out_copy(cur, sizeof(cur), path) != 0)
		return -ENAMETOOLONG;
	for (hops = 0; hops <= OUT_LINKS_MAX; hops++) {
		if (lstat(cur, st) != 0) {
			if (errno != ENOENT)
				return -errno;
			*exists = false;
			return out_copy(target, len, cur);
		}
		if (!S_ISLNK(st->st_mode)) {
			*exists = true;
			return out_copy(target, len, cur);
		}
		n = readlink(cur, link, sizeof(link) - 1);
		if (n < 0)
			return -errno;
		if ((size_t)n >= sizeof(link) - 1)
			return -ENAMETOOLONG;
		link[n] = '\0';
		if (link[0] == '/') {
			strcpy(cur, link);
			continue;
		}
		/* relative to the link's own directory */
		strcpy(dir, cur);
		if ((size_t)snprintf(cur, sizeof(cur), "%s/%s", dirname(dir),
				link) >= sizeof(cur))
			return -ENAMETOOLONG;
	}
	return -ELOOP;
}

int
app_out_init(struct app_out *o, const char *prog, const char *opt,
		const char *path)
{
	struct stat st;
	bool exists = false;
	int ret;

	memset(o, 0, sizeof(*o));
	o->prog = prog;
	o->opt = opt;
	if (out_copy(o->path, sizeof(o->path), path) != 0)
		return -ENAMETOOLONG;
	if (strcmp(path, "-") == 0) {
		o->kind = APP_OUT_STDOUT;
		return 0;
	}
	ret = out_resolve(path, o->target, sizeof(o->target), &st, &exists);
	if (ret != 0)
		return ret;
	if (!exists || S_ISREG(st.st_mode)) {
		o->kind = APP_OUT_FILE;
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	o->kind = APP_OUT_IN_PLACE;
	return 0;
}

/* "TARGET.tmp.PID": beside the target, so rename() stays in one file
 * system; the pid keeps two runs writing one name apart. */
static int
out_tmp_name(const struct app_out *o, char *tmp, size_t len)
{
	if ((size_t)snprintf(tmp, len, "%s.tmp.%d", o->target,
			(int)getpid()) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* Create the temporary file, replacing a stale one of this pid. */
static int
out_tmp_create(const char *tmp)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	if (fd < 0 && errno == EEXIST && unlink(tmp) == 0)
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	return fd < 0 ? -errno : fd;
}

/* The directory the target is in, for messages. */
static const char *
out_dir(const struct app_out *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s", o->target);
	return dirname(buf);
}

int
app_out_check(struct app_out *o)
{
	char tmp[APP_OUT_PATH_MAX], dir[PATH_MAX];
	int fd;

	switch (o->kind) {
	case APP_OUT_STDOUT:
		return 0;
	case APP_OUT_IN_PLACE:
		if (access(o->target, W_OK) == 0)
			return 0;
		fd = -errno;
		fprintf(stderr, "%s: %s %s: cannot write to it: %s; give a "
			"writable file\n", o->prog, o->opt, o->path,
			strerror(-fd));
		return fd;
	case APP_OUT_FILE:
		break;
	}
	if (out_tmp_name(o, tmp, sizeof(tmp)) != 0) {
		fprintf(stderr, "%s: %s %s: the name is too long; give a "
			"shorter path\n", o->prog, o->opt, o->path);
		return -ENAMETOOLONG;
	}
	fd = out_tmp_create(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: %s %s: cannot create a file in %s: %s; "
			"give a path in a writable directory\n", o->prog, o->opt,
			o->path, out_dir(o, dir, sizeof(dir)), strerror(-fd));
		return fd;
	}
	close(fd);
	unlink(tmp);
	return 0;
}

int
app_out_open(struct app_out *o)
{
	char dir[PATH_MAX];
	struct stat st;
	int fd;

	switch (o->kind) {
	case APP_OUT_STDOUT:
		fd = fcntl(out_stdout_fd >= 0 ? out_stdout_fd : STDOUT_FILENO,
			F_DUPFD_CLOEXEC, 3);
		if (fd >= 0)
			return fd;
		fd = -errno;
		fprintf(stderr, "%s: %s -: standard output is not open: %s\n",
			o->prog, o->opt, strerror(-fd));
		return fd;
	case APP_OUT_IN_PLACE:
		/* never created, never truncated: what it is stays */
		fd = open(o->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0)
			return fd;
		fd = -errno;
		if (fd != -EINTR)
			fprintf(stderr, "%s: %s %s: cannot open it for writing: "
				"%s; give a writable file\n", o->prog, o->opt,
				o->path, strerror(-fd));
		return fd;
	case APP_OUT_FILE:
		break;
	}
	fd = out_tmp_name(o, o->tmp, sizeof(o->tmp));
	if (fd == 0)
		fd = out_tmp_create(o->tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: %s %s: cannot create a file in %s: %s; "
			"nothing written\n", o->prog, o->opt, o->path,
			out_dir(o, dir, sizeof(dir)), strerror(-fd));
		o->tmp[0] = '\0';
		return fd;
	}
	/* a file replaced keeps its permissions */
	if (stat(o->target, &st) == 0 && S_ISREG(st.st_mode))
		(void)fchmod(fd, st.st_mode & 07777);
	return fd;
}

const char *
app_out_where(const struct app_out *o)
{
	if (o->kind == APP_OUT_STDOUT)
		return NULL;
	return o->tmp[0] != '\0' ? o->tmp : o->target;
}

int
app_out_commit(struct app_out *o)
{
	int ret;

	if (o->kind != APP_OUT_FILE || o->tmp[0] == '\0')
		return 0;
	if (rename(o->tmp, o->target) == 0) {
		o->tmp[0] = '\0';
		return 0;
	}
	ret = -errno;
	fprintf(stderr, "%s: %s %s: cannot rename %s over it: %s; nothing "
		"written\n", o->prog, o->opt, o->path, o->tmp, strerror(-ret));
	app_out_abort(o);
	return ret;
}

void
app_out_abort(struct app_out *o)
{
	if (o->kind == APP_OUT_FILE && o->tmp[0] != '\0')
		unlink(o->tmp);
	o->tmp[0] = '\0';
}

int
app_out_fclose(struct app_out *o, FILE *f, bool keep)
{
	int ret = 0;

	errno = 0;
	if (fflush(f) != 0 || ferror(f) != 0)
		ret = errno != 0 ? -errno : -EIO;
	if (ret == 0 && o->kind == APP_OUT_FILE && fsync(fileno(f)) != 0)
		ret = -errno;
	if (fclose(f) != 0 && ret == 0)
		ret = errno != 0 ? -errno : -EIO;
	if (ret != 0) {
		fprintf(stderr, "%s: %s %s: write failed: %s%s\n", o->prog,
			o->opt, o->path, strerror(-ret),
			o->kind == APP_OUT_FILE ? "; nothing written" : "");
		app_out_abort(o);
		return ret;
	}
	if (!keep) {
		app_out_abort(o);
		return 0;
	}
	return app_out_commit(o);
}

int
app_out_stdout_claim(void)
{
	int fd;

	if (out_stdout_fd >= 0)
		return 0;
	fflush(stdout);
	fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	/* the text now shares stderr: keep its lines whole and in order */
	setvbuf(stdout, NULL, _IOLBF, 0);
	out_stdout_fd = fd;
	return 0;
}

/* What a reference names: a device and inode, or a resolved name. */
struct out_id {
	bool found;           /* dev and ino are set */
	bool chr;             /* a character device */
	bool std_out;         /* "-" */
	dev_t dev;
	ino_t ino;
	char name[PATH_MAX];
};

static void
out_identify(const char *path, struct out_id *id)
{
	char target[PATH_MAX], dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];
	struct stat st;
	bool exists = false;

	memset(id, 0, sizeof(*id));
	if (strcmp(path, "-") == 0) {
		id->std_out = true;
		if (fstat(out_stdout_fd >= 0 ? out_stdout_fd : STDOUT_FILENO,
				&st) != 0)
			return;
	} else if (stat(path, &st) != 0) {
		/* not there yet: the directory's real path and the name */
		snprintf(id->name, sizeof(id->name), "%s", path);
		if (out_resolve(path, target, sizeof(target), &st,
				&exists) != 0 || exists)
			return;
		snprintf(dir, sizeof(dir), "%s", target);
		snprintf(base, sizeof(base), "%s", target);
		if (realpath(dirname(dir), real) != NULL &&
				(size_t)snprintf(id->name, sizeof(id->name),
					"%s/%s", real, basename(base)) >=
				sizeof(id->name))
			snprintf(id->name, sizeof(id->name), "%s", path);
		return;
	}
	id->found = true;
	id->chr = S_ISCHR(st.st_mode);
	id->dev = st.st_dev;
	id->ino = st.st_ino;
}

static bool
out_same(const struct out_id *a, const struct out_id *b)
{
	if (a->std_out && b->std_out)
		return true;
	if (a->found != b->found)
		return false;
	if (!a->found)
		return a->name[0] != '\0' && strcmp(a->name, b->name) == 0;
	/* /dev/null, a terminal: nothing there is lost by a second name */
	if (a->chr)
		return false;
	return a->dev == b->dev && a->ino == b->ino;
}

/* "--replay F", but "rx_pcap=F" and "--hold-us file:F". */
static const char *
out_sep(const char *opt)
{
	size_t n = strlen(opt);

	return n > 0 && (opt[n - 1] == '=' || opt[n - 1] == ':') ? "" : " ";
}

int
app_out_conflicts(const char *prog, const struct app_file_ref *refs,
		unsigned int n)
{
	struct out_id *ids;
	unsigned int i, j;
	int ret = 0;

	if (n == 0)
		return 0;
	ids = calloc(n, sizeof(*ids));
	if (ids == NULL)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		out_identify(refs[i].path, &ids[i]);
	for (i = 0; i < n && ret == 0; i++) {
		for (j = i + 1; j < n && ret == 0; j++) {
			const struct app_file_ref *a = &refs[i], *b = &refs[j];

			if ((!a->output && !b->output) ||
					!out_same(&ids[i], &ids[j]))
				continue;
			if (!a->output) {
				const struct app_file_ref *t = a;

				a = b;
				b = t;
			}
			fprintf(stderr, "%s: %s%s%s and %s%s%s name the same "
				"file: %s\n", prog, a->opt, out_sep(a->opt),
				a->path, b->opt, out_sep(b->opt), b->path,
				b->output ? "one output would lose the other; "
				"give each output a file of its own" :
				"writing the output would destroy the input; "
				"give the output another name");
			ret = -EINVAL;
		}
	}
	free(ids);
	return ret;
}

int
app_out_path_begin(struct app_out *o, char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	const char *dot;
	int fd, n;

	if (o->kind == APP_OUT_FILE) {
		fd = app_out_open(o);
		if (fd < 0)
			return fd;
		close(fd);
		if ((size_t)snprintf(path, len, "%s", o->tmp) >= len) {
			app_out_abort(o);
			return -ENAMETOOLONG;
		}
		return 0;
	}
	/* the same extension as the output, for the writer's sake */
	dot = strrchr(o->path, '.');
	if (dot == NULL || strchr(dot, '/') != NULL)
		dot = "";
	n = snprintf(path, len, "%s/%s-out-XXXXXX%s",
		dir != NULL && dir[0] != '\0' ? dir : "/tmp", o->prog, dot);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	fd = mkstemps(path, (int)strlen(dot));
	if (fd < 0) {
		fd = -errno;
		fprintf(stderr, "%s: %s %s: cannot make a temporary file in "
			"$TMPDIR or /tmp: %s\n", o->prog, o->opt, o->path,
			strerror(-fd));
		return fd;
	}
	close(fd);
	return 0;
}

/* Copy the file src into the descriptor fd. 0 or -errno. */
static int
out_copy_file(const char *src, int fd)
{
	char buf[65536];
	ssize_t n, w, off;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int ret = 0;

	if (in < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		for (off = 0; off < n; off += w) {
			w = write(fd, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				ret = -errno;
				break;
			}
		}
		if (ret != 0)
			break;
	}
	close(in);
	return ret;
}

int
app_out_path_end(struct app_out *o, const char *path, bool keep)
{
	int fd, ret;

	if (o->kind == APP_OUT_FILE) {
		if (!keep) {
			app_out_abort(o);
			return 0;
		}
		return app_out_commit(o);
	}
	if (!keep) {
		unlink(path);
		return 0;
	}
	fd = app_out_open(o);
	if (fd < 0) {
		unlink(path);
		return fd;
	}
	ret = out_copy_file(path, fd);
	if (close(fd) != 0 && ret == 0)
		ret = -errno;
	unlink(path);
	if (ret != 0)
		fprintf(stderr, "%s: %s %s: write failed: %s\n", o->prog,
			o->opt, o->path, strerror(-ret));
	return ret;
}
