/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * app/common/app_out: how every program writes the files it is given.
 * One case per rule; fixtures in a temporary folder of the case's own.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "app_out.h"
#include "nbl_test_assert.h"

static char dir[64];

static int
fixture(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_outputs_XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static void
fixture_done(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
}

static const char *
at(const char *name)
{
	static char path[4][256];
	static unsigned int k;

	k = (k + 1) % 4;
	snprintf(path[k], sizeof(path[k]), "%s/%s", dir, name);
	return path[k];
}

static void
put(const char *name, const char *text)
{
	FILE *f = fopen(at(name), "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

/* The first line of a file, "" when it cannot be read. */
static const char *
get(const char *name)
{
	static char line[256];
	FILE *f = fopen(at(name), "r");

	line[0] = '\0';
	if (f != NULL) {
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	return line;
}

/* Files in the folder, whatever their kind. */
static unsigned int
entries(void)
{
	char cmd[128];
	unsigned int n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p != NULL) {
		if (fscanf(p, "%u", &n) != 1)
			n = 0;
		pclose(p);
	}
	return n;
}

/* Open o, write text, close; commit or abort. */
static int
write_out(struct app_out *o, const char *text, bool keep)
{
	int fd = app_out_open(o);
	FILE *f;

	if (fd < 0)
		return fd;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		return -errno;
	}
	fputs(text, f);
	return app_out_fclose(o, f, keep);
}

static int
test_regular_file_replaced_whole_through_a_temporary_file(void)
{
	struct app_out o;
	struct stat st;
	int fd;

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	put("r.json", "old\n");
	chmod(at("r.json"), 0640);
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("r.json")), 0,
		"init");
	TEST_ASSERT_EQUAL(o.kind, APP_OUT_FILE, "a regular file");
	fd = app_out_open(&o);
	TEST_ASSERT(fd >= 0, "open: %s", strerror(-fd));
	TEST_ASSERT(strcmp(app_out_where(&o), at("r.json")) != 0,
		"written to a temporary file, not to the file itself");
	TEST_ASSERT(strcmp(get("r.json"), "old\n") == 0,
		"the file is as it was while the output is written");
	TEST_ASSERT(write(fd, "new\n", 4) == 4, "write");
	close(fd);
	TEST_ASSERT_EQUAL(app_out_commit(&o), 0, "commit");
	TEST_ASSERT(strcmp(get("r.json"), "new\n") == 0, "replaced: '%s'",
		get("r.json"));
	TEST_ASSERT(stat(at("r.json"), &st) == 0 && (st.st_mode & 0777) == 0640,
		"the file keeps its mode 0640, seen %o", st.st_mode & 0777);
	TEST_ASSERT_EQUAL(entries(), 1, "no temporary file left");
	fixture_done();
	return 0;
}

static int
test_abort_leaves_the_file_as_it_was(void)
{
	struct app_out o;

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	put("r.json", "old\n");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("r.json")), 0,
		"init");
	TEST_ASSERT_EQUAL(write_out(&o, "new\n", false), 0, "written, dropped");
	TEST_ASSERT(strcmp(get("r.json"), "old\n") == 0, "the file changed");
	TEST_ASSERT_EQUAL(entries(), 1, "no temporary file left");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("new.json")), 0,
		"init");
	TEST_ASSERT_EQUAL(write_out(&o, "new\n", false), 0, "written, dropped");
	TEST_ASSERT_EQUAL(access(at("new.json"), F_OK), -1,
		"a dropped output to a new name creates nothing");
	fixture_done();
	return 0;
}

static int
test_symlink_written_through_link_kept(void)
{
	char link[256];
	struct app_out o;
	ssize_t n;

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	put("target.json", "old\n");
	TEST_ASSERT(symlink("target.json", at("link.json")) == 0, "symlink");
	TEST_ASSERT(symlink("later.json", at("dangling.json")) == 0, "symlink");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("link.json")), 0,
		"init");
	TEST_ASSERT_EQUAL(write_out(&o, "new\n", true), 0, "write");
	n = readlink(at("link.json"), link, sizeof(link) - 1);
	TEST_ASSERT(n > 0, "link.json is no longer a symbolic link");
	link[n] = '\0';
	TEST_ASSERT(strcmp(link, "target.json") == 0, "the link now says %s",
		link);
	TEST_ASSERT(strcmp(get("target.json"), "new\n") == 0,
		"the target holds the output");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("dangling.json")),
		0, "init");
	TEST_ASSERT_EQUAL(write_out(&o, "new\n", true), 0, "write");
	TEST_ASSERT(readlink(at("dangling.json"), link, sizeof(link)) > 0,
		"dangling.json is no longer a symbolic link");
	TEST_ASSERT(strcmp(get("later.json"), "new\n") == 0,
		"a dangling link's target is created");
	TEST_ASSERT_EQUAL(entries(), 4, "nothing else in the folder");
	fixture_done();
	return 0;
}

static int
test_fifo_written_in_place_never_removed(void)
{
	struct app_out o;
	struct stat st;

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	TEST_ASSERT(mkfifo(at("fifo"), 0600) == 0, "mkfifo");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("fifo")), 0,
		"init");
	TEST_ASSERT_EQUAL(o.kind, APP_OUT_IN_PLACE, "a FIFO is written in place");
	TEST_ASSERT(strcmp(app_out_where(&o), at("fifo")) == 0,
		"written where it is");
	TEST_ASSERT_EQUAL(app_out_check(&o), 0, "a FIFO can be written");
	app_out_abort(&o);
	TEST_ASSERT_EQUAL(app_out_commit(&o), 0, "nothing to rename");
	TEST_ASSERT(stat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode),
		"the FIFO is still a FIFO");
	fixture_done();
	return 0;
}

static int
test_directory_refused_dash_is_stdout(void)
{
	struct app_out o;

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", dir), -EISDIR,
		"a directory");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", "-"), 0, "init");
	TEST_ASSERT_EQUAL(o.kind, APP_OUT_STDOUT, "'-' is standard output");
	TEST_ASSERT(app_out_where(&o) == NULL, "no file name for stdout");
	TEST_ASSERT_EQUAL(app_out_init(&o, "t", "--out", at("none/x")), 0,
		"init");
	TEST_ASSERT_EQUAL(app_out_check(&o), -ENOENT,
		"a missing folder is found by the check");
	TEST_ASSERT_EQUAL(entries(), 0, "the checks created nothing");
	fixture_done();
	return 0;
}

static int
test_conflicts_compare_files_not_names(void)
{
	char other[300];
	struct app_file_ref r[2];

	TEST_ASSERT(fixture() == 0, "mkdtemp");
	put("in.pcap", "x");
	put("other.pcap", "y");
	TEST_ASSERT(link(at("in.pcap"), at("hard.pcap")) == 0, "link");
	TEST_ASSERT(symlink("in.pcap", at("sym.pcap")) == 0, "symlink");
	r[0] = (struct app_file_ref){ "--replay", at("in.pcap"), false };
	r[1] = (struct app_file_ref){ "--stats-json", at("hard.pcap"), true };
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), -EINVAL,
		"an output that is a hard link of an input");
	r[1].path = at("sym.pcap");
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), -EINVAL,
		"an output that is a symlink to an input");
	r[1].path = at("other.pcap");
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), 0, "another file");
	r[0] = (struct app_file_ref){ "--replay", at("in.pcap"), false };
	r[1] = (struct app_file_ref){ "--replay", at("hard.pcap"), false };
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), 0,
		"two inputs may be one file");
	snprintf(other, sizeof(other), "%s/../%s/new.csv", dir,
		strrchr(dir, '/') + 1);
	r[0] = (struct app_file_ref){ "--timeline", at("new.csv"), true };
	r[1] = (struct app_file_ref){ "--stats-json", other, true };
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), -EINVAL,
		"two outputs naming one new file by two names");
	r[1] = (struct app_file_ref){ "--stats-json", "-", true };
	r[0] = (struct app_file_ref){ "--timeline", "-", true };
	TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), -EINVAL,
		"two outputs on standard output");
	if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) == 0) {
		r[0] = (struct app_file_ref){ "--timeline", at("null"), true };
		r[1] = (struct app_file_ref){ "--stats-json", at("null"), true };
		TEST_ASSERT_EQUAL(app_out_conflicts("t", r, 2), 0,
			"a character device named twice loses nothing");
	}
	fixture_done();
	return 0;
}

static const struct nbl_test_case cases[] = {
	{ "test_regular_file_replaced_whole_through_a_temporary_file",
		test_regular_file_replaced_whole_through_a_temporary_file },
	{ "test_abort_leaves_the_file_as_it_was",
		test_abort_leaves_the_file_as_it_was },
	{ "test_symlink_written_through_link_kept",
		test_symlink_written_through_link_kept },
	{ "test_fifo_written_in_place_never_removed",
		test_fifo_written_in_place_never_removed },
	{ "test_directory_refused_dash_is_stdout",
		test_directory_refused_dash_is_stdout },
	{ "test_conflicts_compare_files_not_names",
		test_conflicts_compare_files_not_names },
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases,
		(unsigned int)(sizeof(cases) / sizeof(cases[0])));
}
