/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The files a run writes (--stats-json, --timeline, --plot, --capture-out)
 * checked before EAL starts and before anything is written: none may be
 * the same file as an input (--replay, rx_pcap= of a net_pcap --vdev,
 * --config, a file: hold specification) or as another output (tx_pcap=
 * of a net_pcap --vdev is one: the PMD writes it), and each must be
 * writable. app_out.h says how each kind of file is then written; "-"
 * sends that output to standard output and the text to standard error.
 * --plot also needs a picture format gnuplot draws and gnuplot on PATH.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_out.h"
#include "app_plot.h"
#include "cli.h"

/* Files named by net_pcap --vdev arguments, at most. */
#define OUTPUTS_VDEV_FILES_MAX 128

struct outputs_refs {
	unsigned int n;
	struct app_file_ref ref[4 + NBLPMD_MAX_REPLAY + 2 +
		OUTPUTS_VDEV_FILES_MAX];
	/* the strings the vdev references point into */
	unsigned int nb_owned;
	char *owned[2 * OUTPUTS_VDEV_FILES_MAX];
};

int
nblpmd_plot_check(const char *path)
{
	char prog[NBLPMD_PATH_MAX];

	if (app_plot_format(path) == APP_PLOT_NONE) {
		fprintf(stderr, "nblpmd: --plot %s: unknown picture format; give "
			"a file name ending in .png or .svg\n", path);
		return -EINVAL;
	}
	if (strchr(path, '\n') != NULL) {
		fprintf(stderr, "nblpmd: --plot: a file name with a newline "
			"cannot be given to gnuplot\n");
		return -EINVAL;
	}
	if (app_plot_find(prog, sizeof(prog)) != 0) {
		fprintf(stderr, "nblpmd: --plot %s: %s not found on PATH; "
			"install it (Debian: gnuplot-nox, see "
			"scripts/install-deps.sh) or drop --plot\n", path,
			APP_PLOT_PROGRAM);
		return -EINVAL;
	}
	return 0;
}

static void
refs_add(struct outputs_refs *r, const char *opt, const char *path,
		bool output)
{
	if (path == NULL || path[0] == '\0' || r->n == RTE_DIM(r->ref))
		return;
	r->ref[r->n++] = (struct app_file_ref){ opt, path, output };
}

static char *
refs_keep(struct outputs_refs *r, char *s)
{
	if (s == NULL || r->nb_owned == RTE_DIM(r->owned)) {
		free(s);
		return NULL;
	}
	r->owned[r->nb_owned++] = s;
	return s;
}

/* The rx_pcap= and tx_pcap= files of one net_pcap --vdev argument. */
static int
refs_vdev(struct outputs_refs *r, const char *vdev)
{
	static const struct {
		const char *key;
		bool output;
	} keys[] = { { "rx_pcap=", false }, { "tx_pcap=", true } };
	const char *p, *comma = strchr(vdev, ',');
	size_t name_len = comma != NULL ? (size_t)(comma - vdev) :
		strlen(vdev);
	unsigned int k;

	for (k = 0; k < RTE_DIM(keys); k++) {
		for (p = vdev; (p = strstr(p, keys[k].key)) != NULL; ) {
			size_t len;
			char *opt, *file;

			p += strlen(keys[k].key);
			len = strcspn(p, ",");
			opt = malloc(name_len + strlen(keys[k].key) + 16);
			file = strndup(p, len);
			if (opt == NULL || file == NULL) {
				free(opt);
				free(file);
				return -ENOMEM;
			}
			sprintf(opt, "--vdev %.*s,%s", (int)name_len, vdev,
				keys[k].key);
			opt = refs_keep(r, opt);
			file = refs_keep(r, file);
			if (opt == NULL || file == NULL)
				return -ENOMEM;
			refs_add(r, opt, file, keys[k].output);
			p += len;
		}
	}
	return 0;
}

static int
refs_collect(struct outputs_refs *r, const struct nblpmd_config *cfg,
		int eal_argc, char **eal_argv)
{
	const char *hold = cfg->hold_dist.spec;
	unsigned int i;
	int ret;

	refs_add(r, "--stats-json", cfg->stats_json, true);
	refs_add(r, "--timeline", cfg->timeline, true);
	refs_add(r, "--plot", cfg->plot, true);
	refs_add(r, "--capture-out", cfg->capture_out, true);
	for (i = 0; i < cfg->nb_replay; i++)
		refs_add(r, "--replay", cfg->replay[i], false);
	refs_add(r, "--config", cfg->config_file, false);
	if (strncmp(hold, "file:", 5) == 0)
		refs_add(r, "--hold-us file:", hold + 5, false);
	for (i = 1; i < (unsigned int)eal_argc; i++) {
		const char *vdev = NULL;

		if (strncmp(eal_argv[i], "--vdev=", 7) == 0)
			vdev = eal_argv[i] + 7;
		else if (strcmp(eal_argv[i], "--vdev") == 0 &&
				i + 1 < (unsigned int)eal_argc)
			vdev = eal_argv[++i];
		if (vdev == NULL || (strncmp(vdev, "net_pcap", 8) != 0 &&
				strncmp(vdev, "eth_pcap", 8) != 0))
			continue;
		ret = refs_vdev(r, vdev);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/* One output: how it is written, and that it can be. */
static int
outputs_one(struct app_out *o, const char *opt, const char *path,
		bool *std_out)
{
	int ret;

	if (path[0] == '\0')
		return 0;
	ret = app_out_init(o, "nblpmd", opt, path);
	if (ret == -EISDIR) {
		fprintf(stderr, "nblpmd: %s %s: is a directory; give a file "
			"name\n", opt, path);
		return ret;
	}
	if (ret != 0) {
		fprintf(stderr, "nblpmd: %s %s: %s; give a path to a file\n",
			opt, path, strerror(-ret));
		return ret;
	}
	if (o->kind == APP_OUT_STDOUT)
		*std_out = true;
	return 0;
}

int
nblpmd_outputs_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct outputs_refs *r;
	bool std_out = false;
	unsigned int i;
	int ret;

	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	ret = refs_collect(r, cfg, eal_argc, eal_argv);
	if (ret == 0)
		ret = app_out_conflicts("nblpmd", r->ref, r->n);
	for (i = 0; i < r->nb_owned; i++)
		free(r->owned[i]);
	free(r);
	if (ret != 0)
		return ret;
	if (cfg->plot[0] != '\0') {
		ret = nblpmd_plot_check(cfg->plot);
		if (ret != 0)
			return ret;
	}
	ret = outputs_one(&app->out_json, "--stats-json", cfg->stats_json,
		&std_out);
	if (ret == 0)
		ret = outputs_one(&app->out_timeline, "--timeline",
			cfg->timeline, &std_out);
	if (ret == 0)
		ret = outputs_one(&app->out_plot, "--plot", cfg->plot, &std_out);
	if (ret == 0)
		ret = outputs_one(&app->out_capture, "--capture-out",
			cfg->capture_out, &std_out);
	if (ret != 0)
		return ret;
	/* gnuplot reads the timeline back once the run is over */
	if (cfg->plot[0] != '\0' && cfg->timeline[0] != '\0' &&
			app->out_timeline.kind != APP_OUT_FILE) {
		fprintf(stderr, "nblpmd: --plot %s with --timeline %s: the plot "
			"is drawn from the timeline file, and %s cannot be read "
			"back; give --timeline a regular file, or leave it out "
			"(--plot alone keeps its samples in a temporary file)\n",
			cfg->plot, cfg->timeline, app->out_timeline.kind ==
			APP_OUT_STDOUT ? "standard output" :
			"a FIFO or a device");
		return -EINVAL;
	}
	if (std_out) {
		ret = app_out_stdout_claim();
		if (ret != 0) {
			fprintf(stderr, "nblpmd: an output is '-' and standard "
				"output cannot be taken for it: %s\n",
				strerror(-ret));
			return ret;
		}
	}
	if (cfg->stats_json[0] != '\0' && ret == 0)
		ret = app_out_check(&app->out_json);
	if (cfg->timeline[0] != '\0' && ret == 0)
		ret = app_out_check(&app->out_timeline);
	if (cfg->plot[0] != '\0' && ret == 0)
		ret = app_out_check(&app->out_plot);
	if (cfg->capture_out[0] != '\0' && ret == 0)
		ret = app_out_check(&app->out_capture);
	return ret;
}
