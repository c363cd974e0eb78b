/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * INI profiles (rte_cfgfile): [eal] args = EAL arguments, whitespace
 * separated; [nblpmd] key = value with the long option names. ';' starts a
 * comment. config/default.ini is the no-argument run.
 */

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cfgfile.h>

#include "nblpmd_app.h"
#include "nblpmd_build_config.h"

#define PROFILE_SEC_EAL "eal"
#define PROFILE_SEC_APP "nblpmd"
#define PROFILE_MAX_ENTRIES 128
#define PROFILE_MAX_EAL_ARGS 64

/* A profile is text: refuse binary files before rte_cfgfile sees them. */
static int
profile_check_text(const char *path)
{
	FILE *f = fopen(path, "r");
	int c;

	if (f == NULL) {
		int err = errno;

		fprintf(stderr, "nblpmd: --config %s: cannot open: %s; give an "
			"existing INI profile (see config/default.ini)\n", path,
			strerror(err));
		return -err;
	}
	while ((c = fgetc(f)) != EOF) {
		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
			fclose(f);
			fprintf(stderr, "nblpmd: %s: not an INI profile (binary "
				"data); expected [eal] and [nblpmd] sections of "
				"key = value lines\n", path);
			return -EINVAL;
		}
	}
	fclose(f);
	return 0;
}

static struct rte_cfgfile *
profile_open(const char *path, int *err)
{
	struct rte_cfgfile_parameters params = { .comment_character = ';' };
	struct rte_cfgfile *cf;

	*err = profile_check_text(path);
	if (*err != 0)
		return NULL;
	cf = rte_cfgfile_load_with_params(path, CFG_FLAG_EMPTY_VALUES, &params);
	if (cf == NULL) {
		fprintf(stderr, "nblpmd: %s: not a valid INI profile (rte_cfgfile "
			"could not parse it); expected [eal] args = ... and "
			"[nblpmd] option = value lines, ';' for comments\n", path);
		*err = -EINVAL;
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

int
nblpmd_profile_load(struct nblpmd_config *cfg, const char *path)
{
	struct rte_cfgfile_entry *ent;
	struct rte_cfgfile *cf;
	int ret;
	int n;
	int i;

	cf = profile_open(path, &ret);
	if (cf == NULL)
		return ret;
	ret = profile_check_sections(cf, path);
	if (ret != 0)
		goto close;
	n = rte_cfgfile_section_num_entries(cf, PROFILE_SEC_EAL);
	if (n > 0) {
		ent = calloc(n, sizeof(*ent));
		if (ent == NULL) {
			ret = -ENOMEM;
			goto close;
		}
		n = rte_cfgfile_section_entries(cf, PROFILE_SEC_EAL, ent, n);
		for (i = 0; i < n; i++) {
			if (strcmp(ent[i].name, "args") != 0) {
				fprintf(stderr, "nblpmd: %s:[eal]:%s: unknown key; "
					"[eal] has one key, args = EAL arguments\n",
					path, ent[i].name);
				ret = -EINVAL;
				break;
			}
		}
		free(ent);
		if (ret != 0)
			goto close;
	}
	n = rte_cfgfile_section_num_entries(cf, PROFILE_SEC_APP);
	if (n <= 0)
		goto close;
	ent = calloc(n, sizeof(*ent));
	if (ent == NULL) {
		ret = -ENOMEM;
		goto close;
	}
	n = rte_cfgfile_section_entries(cf, PROFILE_SEC_APP, ent, n);
	for (i = 0; i < n && ret == 0; i++) {
		char where[NBLPMD_PATH_MAX + 96];

		snprintf(where, sizeof(where), "%s:[nblpmd]:%s", path,
			ent[i].name);
		if (strcmp(ent[i].name, "config") == 0) {
			fprintf(stderr, "nblpmd: %s: profiles do not include other "
				"profiles; remove the key\n", where);
			ret = -EINVAL;
		} else if (!nblpmd_option_known(ent[i].name)) {
			fprintf(stderr, "nblpmd: %s: unknown key; the keys are the "
				"long option names (see nblpmd -- --help)\n", where);
			ret = -EINVAL;
		} else {
			ret = nblpmd_option_apply(cfg, ent[i].name,
					ent[i].value, where);
		}
	}
	free(ent);
close:
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
