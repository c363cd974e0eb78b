/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * INI profiles (rte_cfgfile): [eal] args = EAL arguments, whitespace
 * separated; [nblpmd] key = value with the long option names. ';' starts a
 * comment, and so does '#' at the start of a line. Lines are read here
 * and added to an rte_cfgfile one by one, so that a line that is none of
 * these, a repeated section or a repeated key is refused with its line
 * number. config/default.ini is the no-argument run.
 *
 * This file reads and checks; it knows no option. args.c applies the
 * [nblpmd] entries through the option table (cli.h).
 */

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cfgfile.h>

#include "cli.h"
#include "nblpmd_build_config.h"

#define PROFILE_SEC_EAL "eal"
#define PROFILE_SEC_APP "nblpmd"
#define PROFILE_MAX_ENTRIES 128
#define PROFILE_MAX_EAL_ARGS 64

/* A regular file only: opening a FIFO would block until a writer comes. */
static int
profile_check_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		int err = errno;

		fprintf(stderr, "nblpmd: --config %s: cannot open: %s; give an "
			"existing INI profile (see config/default.ini)\n", path,
			strerror(err));
		return -err;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "nblpmd: --config %s: is a directory, not a "
			"regular file; give an INI file\n", path);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "nblpmd: --config %s: not a regular file "
			"(FIFO/device/directory); give an INI file\n", path);
		return -EINVAL;
	}
	return 0;
}

/* Strip leading and trailing blanks in place; returns the start. */
static char *
profile_strip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Cut a line at its comment: a ';' not escaped as "\;". "\;" becomes ';'. */
static void
profile_cut_comment(char *line)
{
	char *r = line, *w = line;

	for (; *r != '\0'; r++) {
		if (*r == ';' && (r == line || r[-1] != '\\'))
			break;
		if (*r == ';')
			w--;    /* drop the escaping backslash */
		*w++ = *r;
	}
	*w = '\0';
}

/*
 * One line of a profile into cf. Accepted: blank lines, comments (from an
 * unescaped ';' to the end of the line, or a whole line starting with
 * '#'), "[name]" and "key = value". rte_cfgfile's own loader drops other
 * lines without a word and reads only the first copy of a repeated
 * section, so the lines are read here. Returns NULL, or what is wrong.
 */
static const char *
profile_line(struct rte_cfgfile *cf, char *line, char *section)
{
	char *eq, *end, *key, *value;
	int ret;

	profile_cut_comment(line);
	line = profile_strip(line);
	if (line[0] == '\0' || line[0] == '#')
		return NULL;
	if (line[0] == '[') {
		end = strchr(line, ']');
		if (end == NULL || end[1] != '\0')
			return "a section header is [name] alone on its line";
		*end = '\0';
		line = profile_strip(line + 1);
		if (line[0] == '\0' || strlen(line) >= CFG_NAME_LEN)
			return "a section needs a name of 1 to 63 characters";
		if (rte_cfgfile_has_section(cf, line))
			return "this section appeared before (only one copy is "
				"read); merge the two";
		if (rte_cfgfile_add_section(cf, line) != 0)
			return "out of memory";
		snprintf(section, CFG_NAME_LEN, "%s", line);
		return NULL;
	}
	eq = strchr(line, '=');
	if (eq == NULL)
		return "not a comment, a [section] or a key = value line";
	if (section[0] == '\0')
		return "key = value before any section; put it under [eal] "
			"or [nblpmd]";
	*eq = '\0';
	key = profile_strip(line);
	value = profile_strip(eq + 1);
	if (key[0] == '\0')
		return "no key before '='";
	if (strlen(key) >= CFG_NAME_LEN)
		return "key longer than 63 characters";
	if (strlen(value) >= CFG_VALUE_LEN)
		return "value longer than 255 characters";
	ret = rte_cfgfile_add_entry(cf, section, key, value);
	if (ret == -EEXIST)
		return "this key appeared before in the section; keep one";
	return ret != 0 ? "out of memory" : NULL;
}

/* A profile is text: binary data is refused before anything is read. */
static bool
profile_line_binary(const char *line, ssize_t len)
{
	ssize_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
			return true;
	}
	return false;
}

static struct rte_cfgfile *
profile_open(const char *path, int *err)
{
	char section[CFG_NAME_LEN] = "";
	struct rte_cfgfile *cf;
	const char *why = NULL;
	unsigned int lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	*err = profile_check_file(path);
	if (*err != 0)
		return NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		*err = -errno;
		fprintf(stderr, "nblpmd: --config %s: cannot open: %s; give an "
			"existing INI profile (see config/default.ini)\n", path,
			strerror(-*err));
		return NULL;
	}
	cf = rte_cfgfile_create(CFG_FLAG_EMPTY_VALUES);
	if (cf == NULL) {
		fclose(f);
		*err = -ENOMEM;
		return NULL;
	}
	while (why == NULL && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (profile_line_binary(line, len)) {
			fprintf(stderr, "nblpmd: %s: not an INI profile (binary "
				"data); expected [eal] and [nblpmd] sections of "
				"key = value lines\n", path);
			*err = -EINVAL;
			break;
		}
		why = profile_line(cf, line, section);
	}
	free(line);
	fclose(f);
	if (why != NULL) {
		fprintf(stderr, "nblpmd: %s:%u: %s; expected key = value, "
			"[eal] or [nblpmd], or a comment (';' or '#')\n", path,
			lineno, why);
		*err = -EINVAL;
	}
	if (*err != 0) {
		rte_cfgfile_close(cf);
		return NULL;
	}
	return cf;
}

static int
profile_check_sections(struct rte_cfgfile *cf, const char *path)
{
	char names[8][CFG_NAME_LEN];
	char *ptrs[8];
	int n;
	int i;

	for (i = 0; i < 8; i++)
		ptrs[i] = names[i];
	n = rte_cfgfile_num_sections(cf, NULL, 0);
	if (n > 8) {
		fprintf(stderr, "nblpmd: %s: %d sections; a profile has [eal] and "
			"[nblpmd] only\n", path, n);
		return -EINVAL;
	}
	n = rte_cfgfile_sections(cf, ptrs, 8);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], PROFILE_SEC_EAL) != 0 &&
				strcmp(names[i], PROFILE_SEC_APP) != 0) {
			fprintf(stderr, "nblpmd: %s: [%s]: unknown section; a "
				"profile has [eal] and [nblpmd] only\n", path,
				names[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* [eal] has one key, args. */
static int
profile_check_eal(struct rte_cfgfile *cf, const char *path)
{
	struct rte_cfgfile_entry *ent;
	int ret = 0;
	int n;
	int i;

	n = rte_cfgfile_section_num_entries(cf, PROFILE_SEC_EAL);
	if (n <= 0)
		return 0;
	ent = calloc(n, sizeof(*ent));
	if (ent == NULL)
		return -ENOMEM;
	n = rte_cfgfile_section_entries(cf, PROFILE_SEC_EAL, ent, n);
	for (i = 0; i < n && ret == 0; i++) {
		if (strcmp(ent[i].name, "args") != 0) {
			fprintf(stderr, "nblpmd: %s:[eal]:%s: unknown key; [eal] "
				"has one key, args = EAL arguments\n", path,
				ent[i].name);
			ret = -EINVAL;
		}
	}
	free(ent);
	return ret;
}

int
nblpmd_profile_read(const char *path, struct nblpmd_profile_entry **entries,
		unsigned int *nb_entries)
{
	struct nblpmd_profile_entry *out = NULL;
	struct rte_cfgfile_entry *ent = NULL;
	struct rte_cfgfile *cf;
	int ret;
	int n;
	int i;

	*entries = NULL;
	*nb_entries = 0;
	cf = profile_open(path, &ret);
	if (cf == NULL)
		return ret;
	ret = profile_check_sections(cf, path);
	if (ret == 0)
		ret = profile_check_eal(cf, path);
	n = rte_cfgfile_section_num_entries(cf, PROFILE_SEC_APP);
	if (ret != 0 || n <= 0)
		goto close;
	ent = calloc(n, sizeof(*ent));
	out = calloc(n, sizeof(*out));
	if (ent == NULL || out == NULL) {
		ret = -ENOMEM;
		goto close;
	}
	n = rte_cfgfile_section_entries(cf, PROFILE_SEC_APP, ent, n);
	for (i = 0; i < n && ret == 0; i++) {
		struct nblpmd_profile_entry *e = &out[i];

		snprintf(e->key, sizeof(e->key), "%s", ent[i].name);
		snprintf(e->value, sizeof(e->value), "%s", ent[i].value);
		snprintf(e->where, sizeof(e->where), "%s:[nblpmd]:%s", path,
			ent[i].name);
		if (strcmp(e->key, "config") == 0) {
			fprintf(stderr, "nblpmd: %s: profiles do not include other "
				"profiles; remove the key\n", e->where);
			ret = -EINVAL;
		}
	}
	if (ret == 0) {
		*entries = out;
		*nb_entries = (unsigned int)RTE_MAX(n, 0);
		out = NULL;
	}
close:
	free(out);
	free(ent);
	rte_cfgfile_close(cf);
	return ret;
}

int
nblpmd_default_ini(char *path, size_t len)
{
	static const char *const tries[] = {
		"config/default.ini",
		NBLPMD_SOURCE_ROOT "/config/default.ini",
	};
	size_t i;

	for (i = 0; i < RTE_DIM(tries); i++) {
		if (access(tries[i], R_OK) == 0) {
			snprintf(path, len, "%s", tries[i]);
			return 0;
		}
	}
	fprintf(stderr, "nblpmd: no arguments given, and the default profile "
		"was found neither at ./config/default.ini nor at %s; run "
		"nblpmd [EAL options] -- [options] (see nblpmd -- --help)\n",
		tries[1]);
	return -ENOENT;
}

/*
 * A relative rx_pcap= path that does not exist from here is taken relative
 * to the project root: the parent of the profile's directory.
 */
static char *
profile_resolve_vdev(const char *arg, const char *ini_path)
{
	const char *key = strstr(arg, "rx_pcap=");
	char root[PATH_MAX];
	char file[PATH_MAX];
	char tmp[PATH_MAX];
	char *out;
	size_t flen;
	const char *end;

	if (key == NULL)
		return strdup(arg);
	key += strlen("rx_pcap=");
	end = strchr(key, ',');
	flen = end != NULL ? (size_t)(end - key) : strlen(key);
	if (flen == 0 || flen >= sizeof(file) || key[0] == '/')
		return strdup(arg);
	memcpy(file, key, flen);
	file[flen] = '\0';
	if (access(file, F_OK) == 0)
		return strdup(arg);
	snprintf(tmp, sizeof(tmp), "%s", ini_path);
	if (realpath(dirname(tmp), root) == NULL)
		return strdup(arg);
	snprintf(tmp, sizeof(tmp), "%s", root);
	snprintf(root, sizeof(root), "%s", dirname(tmp));
	out = malloc(strlen(arg) + strlen(root) + 2);
	if (out == NULL)
		return NULL;
	sprintf(out, "%.*s%s/%s", (int)(key - arg), arg, root, key);
	return out;
}

int
nblpmd_profile_eal_args(const char *path, char ***eal_argv, int *eal_argc)
{
	struct rte_cfgfile *cf;
	const char *args;
	char *copy;
	char *tok;
	char *save = NULL;
	char **av;
	bool vdev_next = false;
	int ac = 0;
	int ret;

	*eal_argv = NULL;
	*eal_argc = 0;
	cf = profile_open(path, &ret);
	if (cf == NULL)
		return ret;
	args = rte_cfgfile_get_entry(cf, PROFILE_SEC_EAL, "args");
	if (args == NULL) {
		rte_cfgfile_close(cf);
		return 0;
	}
	av = calloc(PROFILE_MAX_EAL_ARGS + 1, sizeof(*av));
	copy = strdup(args);
	rte_cfgfile_close(cf);
	if (av == NULL || copy == NULL) {
		free(av);
		free(copy);
		return -ENOMEM;
	}
	for (tok = strtok_r(copy, " \t", &save); tok != NULL;
			tok = strtok_r(NULL, " \t", &save)) {
		if (ac == PROFILE_MAX_EAL_ARGS) {
			fprintf(stderr, "nblpmd: %s:[eal]:args: more than %d "
				"arguments\n", path, PROFILE_MAX_EAL_ARGS);
			ret = -E2BIG;
			break;
		}
		if (vdev_next || strncmp(tok, "--vdev=", 7) == 0)
			av[ac] = profile_resolve_vdev(tok, path);
		else
			av[ac] = strdup(tok);
		if (av[ac] == NULL) {
			ret = -ENOMEM;
			break;
		}
		vdev_next = strcmp(tok, "--vdev") == 0;
		ac++;
	}
	free(copy);
	if (ret != 0) {
		while (ac > 0)
			free(av[--ac]);
		free(av);
		return ret;
	}
	*eal_argv = av;
	*eal_argc = ac;
	return 0;
}
