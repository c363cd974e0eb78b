/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * What nblpmd-advise shows: the inputs, the sweep table (one row per D
 * tried), the advice as a sizing table with NDIS names, the nblpmd command
 * line that replays with it, and the same in JSON (libjansson).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "advise.h"
#include "nblpmd_build_config.h"

void
advise_print_inputs(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_arrivals *a = &res->arr;
	double span = a->n > 1 ? (double)(a->ns[a->n - 1] - a->ns[0]) * 1e-9 : 0;
	char wm[16];
	unsigned int i;

	fprintf(f, "Captures:");
	for (i = 0; i < o->nb_captures; i++)
		fprintf(f, " %s", o->captures[i]);
	fprintf(f, "\n  %" PRIu64 " records, %zu packets delivered, %" PRIu64
		" refused", a->records, a->n, a->refused_total);
	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		if (a->refused[i] != 0)
			fprintf(f, " (%s %" PRIu64 ")",
				cap_refusal_name((enum cap_refusal)i), a->refused[i]);
	fprintf(f, "; %.6f s at --%s %g (%.0f pps on average)\n", span,
		nbl_advise_pace_option(o->pace), o->rate,
		span > 0 ? (double)a->n / span : 0);
	if (a->read_error[0] != '\0')
		fprintf(f, "  warning: libpcap cannot read past a point: %s; "
			"the rest of that file counts as one refused record "
			"(unreadable), as --replay counts it\n", a->read_error);
	fprintf(f, "Model: one queue, nb_rxd %u, burst %u, low watermark %s%s, "
		"hold %s (mean %.1f us), seed %" PRIu64 ", %s\n", o->rxd, o->burst,
		advise_wm_option(o, wm, sizeof(wm)),
		o->wm == NBL_MODEL_WM_AUTO ? " (D/8)" :
		o->wm == NBL_MODEL_WM_NEVER ? " (never RESOURCES)" : "",
		o->hold_spec, o->hold.mean_us, o->hold_seed,
		o->poll_us > 0 ? "one poll per --poll-us" : "continuous polling");
	if (o->poll_us > 0)
		fprintf(f, "  poll every %g us\n", o->poll_us);
	fprintf(f, "Targets: missed <= %g and RESOURCES NBLs <= %g of the "
		"packets\n", o->loss_target, o->resources_target);
}

void
advise_print_sweep(const struct advise_result *res, FILE *f)
{
	const struct nbl_model_sweep *s = &res->sweep;
	size_t i;

	fprintf(f, "\nSweep (model, one row per D tried; %zu D in %.3f s, %.3f s "
		"CPU: %.3f s CPU per D per million packets):\n", s->nb_rows,
		res->model_s, res->model_cpu_s, s->nb_rows > 0 &&
		res->arr.n > 0 ? res->model_cpu_s / (double)s->nb_rows /
		((double)res->arr.n * 1e-6) : 0.0);
	fprintf(f, "  %9s %8s %10s %10s %10s %9s %11s %14s\n", "D", "W",
		"missed", "RES NBLs", "RES ind.", "held max", "held p99.9",
		"us list empty");
	for (i = 0; i < s->nb_rows; i++) {
		const struct nbl_model_sweep_row *row = &s->rows[i];
		const struct nbl_model_result *r = &row->r;
		const char *mark = row->descriptors == s->advice ?
			"  <- advice" : row->meets ? "  meets" : "";

		fprintf(f, "  %9u %8u %10" PRIu64 " %10" PRIu64 " %10" PRIu64
			" %9u %11u %14.1f%s\n", row->descriptors,
			row->low_watermark, r->missed, r->resources_nbls,
			r->resources_indications, r->held_max, r->held_p999,
			(double)r->empty_ns / 1000.0, mark);
	}
	if (!s->monotone)
		fprintf(f, "  note: a larger D gave more misses or RESOURCES "
			"than a smaller one (hold times follow the indication "
			"count, which misses shift); the advice is the smallest "
			"D with no failing D tried above it\n");
}

void
advise_print_sizing(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_sizing *sz = &res->sizing;
	uint32_t d = res->sweep.advice;

	if (d == 0) {
		fprintf(f, "\nNo D up to %u meets the targets.\n",
			o->d_max != 0 ? o->d_max : 1u << 24);
		return;
	}
	fprintf(f, "\nAdvice: D %u, the smallest D with missed <= %g and "
		"RESOURCES NBLs <= %g of %zu packets\n", d, o->loss_target,
		o->resources_target, res->arr.n);
	fprintf(f, "  %-28s %-45s %10s  %s\n", "quantity", "NDIS", "value",
		"rule");
	fprintf(f, "  %-28s %-45s %10u  %s\n", "receive descriptors D",
		"*ReceiveBuffers keyword", sz->descriptors[0], sz->line[0].rule);
	fprintf(f, "  %-28s %-45s %10u  D %u - nb_rxd %u - burst %u\n",
		"hold allowance H", "NBLs the protocol side may hold",
		res->hold_allowance, d, o->rxd, o->burst);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "buffer descriptors D x S",
		"NdisAllocateBufferPool NumberOfDescriptors",
		sz->mdl_per_queue[0], sz->line[1].rule);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "NBL pool count",
		"NdisAllocateNetBufferListPool (NBLs)", sz->pool_count,
		sz->line[2].rule);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "mbuf pool count",
		"(DPDK, receive side, zero-copy)", sz->mbuf_count,
		sz->line[3].rule);
}

/* ------------------------------------------------------ command line */

static int
cmd_add(char **argv, int *argc, int max, const char *s)
{
	if (*argc >= max)
		return -E2BIG;
	argv[(*argc)++] = (char *)(uintptr_t)s;
	return 0;
}

int
advise_command(const struct advise_opts *o, uint32_t d, const char *prefix,
		const char *stats_json, char **argv, int *argc, int max,
		char num[][32])
{
	static char eal[1024];
	static char wm[16];
	unsigned int i, k = 0;
	char *tok, *save = NULL;
	int ret = 0;

	*argc = 0;
	ret |= cmd_add(argv, argc, max, o->nblpmd != NULL ? o->nblpmd :
		"nblpmd");
	snprintf(eal, sizeof(eal), "%s", o->eal);
	for (tok = strtok_r(eal, " \t", &save); tok != NULL;
			tok = strtok_r(NULL, " \t", &save))
		ret |= cmd_add(argv, argc, max, tok);
	if (prefix != NULL) {
		ret |= cmd_add(argv, argc, max, "--file-prefix");
		ret |= cmd_add(argv, argc, max, prefix);
	}
	ret |= cmd_add(argv, argc, max, "--");
	for (i = 0; i < o->nb_captures; i++) {
		ret |= cmd_add(argv, argc, max, "--replay");
		ret |= cmd_add(argv, argc, max, o->captures[i]);
	}
	snprintf(num[k], 32, "--%s", nbl_advise_pace_option(o->pace));
	ret |= cmd_add(argv, argc, max, num[k++]);
	snprintf(num[k], 32, "%.10g", o->rate);
	ret |= cmd_add(argv, argc, max, num[k++]);
	if (o->hold.kind != NBL_HOLD_NONE) {
		ret |= cmd_add(argv, argc, max, "--hold-us");
		ret |= cmd_add(argv, argc, max, o->hold_spec);
		ret |= cmd_add(argv, argc, max, "--hold-seed");
		snprintf(num[k], 32, "%" PRIu64, o->hold_seed);
		ret |= cmd_add(argv, argc, max, num[k++]);
	}
	ret |= cmd_add(argv, argc, max, "--descriptors");
	snprintf(num[k], 32, "%u", d);
	ret |= cmd_add(argv, argc, max, num[k++]);
	ret |= cmd_add(argv, argc, max, "--rxd");
	snprintf(num[k], 32, "%u", o->rxd);
	ret |= cmd_add(argv, argc, max, num[k++]);
	ret |= cmd_add(argv, argc, max, "--burst");
	snprintf(num[k], 32, "%u", o->burst);
	ret |= cmd_add(argv, argc, max, num[k++]);
	ret |= cmd_add(argv, argc, max, "--low-watermark");
	ret |= cmd_add(argv, argc, max, advise_wm_option(o, wm, sizeof(wm)));
	ret |= cmd_add(argv, argc, max, "--replay-full");
	ret |= cmd_add(argv, argc, max, "drop");
	if (o->max_frame != NBL_RXQ_DEFAULT_MAX_FRAME) {
		ret |= cmd_add(argv, argc, max, "--max-frame");
		snprintf(num[k], 32, "%u", o->max_frame);
		ret |= cmd_add(argv, argc, max, num[k++]);
	}
	if (stats_json != NULL) {
		ret |= cmd_add(argv, argc, max, "--stats-json");
		ret |= cmd_add(argv, argc, max, stats_json);
	}
	if (ret == 0 && *argc < max)
		argv[*argc] = NULL;
	return ret != 0 || *argc >= max ? -E2BIG : 0;
}

/* One word for a POSIX shell: quoted when it holds anything special. */
static void
print_word(const char *s, FILE *f)
{
	const char *p;

	if (s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
			"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%") ==
			strlen(s)) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p, f);
	}
	fputc('\'', f);
}

void
advise_print_words(char **argv, int argc, FILE *f)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (i > 0)
			fputc(' ', f);
		print_word(argv[i], f);
	}
	fputc('\n', f);
}

void
advise_print_command(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	char *argv[128];
	char num[16][32];
	int argc;

	if (res->sweep.advice == 0)
		return;
	if (advise_command(o, res->sweep.advice, NULL, NULL, argv, &argc,
			(int)RTE_DIM(argv), num) != 0)
		return;
	fprintf(f, "\nReplay with the advice (NIC-like loss: --replay-full "
		"drop):\n  ");
	advise_print_words(argv, argc, f);
}

/* -------------------------------------------------------------- JSON */

static json_t *
json_result(const struct nbl_model_result *r)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f}",
		"missed", (json_int_t)r->missed,
		"resources_nbls", (json_int_t)r->resources_nbls,
		"resources_indications", (json_int_t)r->resources_indications,
		"indicated", (json_int_t)r->indicated,
		"held_max", (json_int_t)r->held_max,
		"held_p999", (json_int_t)r->held_p999,
		"empty_us", (double)r->empty_ns / 1000.0);
}

static json_t *
json_inputs(const struct advise_opts *o, const struct advise_result *res)
{
	const struct nbl_arrivals *a = &res->arr;
	json_t *in, *caps;
	char wm[16];
	unsigned int i;

	caps = json_array();
	for (i = 0; i < o->nb_captures; i++)
		json_array_append_new(caps, json_string(o->captures[i]));
	in = json_pack("{s:o, s:I, s:I, s:I, s:f, s:s, s:f, s:s, s:f, s:I, "
		"s:i, s:i, s:s, s:i, s:i, s:i, s:i, s:i, s:f, s:f, s:f}",
		"captures", caps,
		"records", (json_int_t)a->records,
		"packets", (json_int_t)a->n,
		"refused", (json_int_t)a->refused_total,
		"span_us", a->n > 1 ? (double)(a->ns[a->n - 1] - a->ns[0]) /
			1000.0 : 0.0,
		"pace", nbl_advise_pace_option(o->pace),
		"rate", o->rate,
		"hold_us", o->hold_spec,
		"hold_mean_us", o->hold.mean_us,
		"hold_seed", (json_int_t)o->hold_seed,
		"rxd", (int)o->rxd,
		"burst", (int)o->burst,
		"low_watermark", advise_wm_option(o, wm, sizeof(wm)),
		"pool_cache", (int)o->pool_cache,
		"mbuf_cache", (int)o->mbuf_cache,
		"lcores", (int)o->lcores,
		"max_frame", (int)o->max_frame,
		"max_segs", (int)res->segs,
		"loss_target", o->loss_target,
		"resources_target", o->resources_target,
		"poll_us", o->poll_us);
	return in;
}

static json_t *
json_verify(const struct advise_result *res)
{
	json_t *arr = json_array();
	unsigned int i;

	for (i = 0; i < res->nb_checks; i++) {
		const struct advise_check *c = &res->check[i];

		json_array_append_new(arr, json_pack("{s:i, s:o, s:{s:I, s:I, "
			"s:I, s:I, s:I}}",
			"descriptors", (int)c->descriptors,
			"predicted", json_result(&c->predicted),
			"measured",
			"missed", (json_int_t)c->missed,
			"resources_nbls", (json_int_t)c->resources_nbls,
			"resources_indications",
				(json_int_t)c->resources_indications,
			"indicated", (json_int_t)c->indicated,
			"held_max", (json_int_t)c->held_max));
	}
	return arr;
}

int
advise_json_write(struct advise_opts *o,
		const struct advise_result *res)
{
	const struct nbl_model_sweep *s = &res->sweep;
	json_t *root, *sweep, *advice;
	size_t i;
	FILE *f;
	int ret = 0, fd;

	sweep = json_array();
	for (i = 0; i < s->nb_rows; i++) {
		const struct nbl_model_sweep_row *row = &s->rows[i];
		json_t *j = json_result(&row->r);

		json_object_set_new(j, "descriptors",
			json_integer(row->descriptors));
		json_object_set_new(j, "low_watermark",
			json_integer(row->low_watermark));
		json_object_set_new(j, "meets", json_boolean(row->meets));
		json_array_append_new(sweep, j);
	}
	if (s->advice != 0)
		advice = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}",
			"descriptors", (int)s->advice,
			"hold_allowance", (int)res->hold_allowance,
			"buffer_descriptors", (int)res->sizing.mdl_per_queue[0],
			"nbl_pool", (int)res->sizing.pool_count,
			"mbuf_pool", (int)res->sizing.mbuf_count,
			"low_watermark", (int)s->advice_row->low_watermark);
	else
		advice = json_null();
	root = json_pack("{s:s, s:o, s:o, s:o, s:b, s:f, s:f}",
		"version", NBLPMD_VERSION,
		"inputs", json_inputs(o, res),
		"advice", advice,
		"sweep", sweep,
		"monotone", s->monotone,
		"model_s", res->model_s,
		"model_cpu_s", res->model_cpu_s);
	if (root == NULL) {
		fprintf(stderr, "nblpmd-advise: --json %s: cannot build the "
			"document\n", o->json);
		return -ENOMEM;
	}
	if (res->nb_checks > 0)
		json_object_set_new(root, "verify", json_verify(res));
	/* the rule of every output (app_out.h): a file through a temporary
	 * file renamed over it, a FIFO or a device in place, "-" stdout */
	fd = app_out_open(&o->out_json);
	if (fd < 0) {
		json_decref(root);
		return fd;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		ret = -errno;
		close(fd);
		app_out_abort(&o->out_json);
		fprintf(stderr, "nblpmd-advise: --json %s: %s; nothing written\n",
			o->json, strerror(-ret));
		json_decref(root);
		return ret;
	}
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 ||
			fputc('\n', f) == EOF) {
		fprintf(stderr, "nblpmd-advise: --json %s: write failed; nothing "
			"written\n", o->json);
		ret = -EIO;
	}
	json_decref(root);
	if (app_out_fclose(&o->out_json, f, ret == 0) != 0)
		ret = -EIO;
	return ret;
}
