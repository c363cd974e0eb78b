/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * What nblpmd-advise shows: the inputs, the sweep table (one row per D
 * tried; with --rxq one table per queue), the seeds and the ring, the
 * advice as a sizing table with NDIS names, the nblpmd command line that
 * replays with it, and the same in JSON (libjansson).
 */

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "advise.h"
#include "nblpmd_build_config.h"

/* --rxq N: how RSS spread the packets over the queues. */
static void
advise_print_rss(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_arrivals *a = &res->arr;
	char key[2 * CAP_RSS_KEY_LEN + 1];
	unsigned int q;
	size_t n;

	if (res->nb_queues <= 1)
		return;
	cap_rss_key_format(res->rss.key, key, sizeof(key));
	fprintf(f, "RSS: %u queues, Toeplitz key %s%s, indirection table of "
		"%u entries (entry i: queue i %% %u), as nblpmd's internal "
		"port\n", res->nb_queues, key, o->rss_key_set ? "" :
		" (default)", CAP_RSS_RETA_SIZE, res->nb_queues);
	fprintf(f, "  hashed on addresses and ports: %" PRIu64 ", addresses "
		"only: %" PRIu64 ", not IP (queue 0): %" PRIu64 "\n",
		a->rss_input[CAP_RSS_INPUT_L4], a->rss_input[CAP_RSS_INPUT_L3],
		a->rss_input[CAP_RSS_INPUT_NONE]);
	fprintf(f, "  packets per queue:");
	for (q = 0; q < res->nb_queues; q++) {
		nbl_arrivals_of_queue(a, q, &n);
		fprintf(f, " %u: %zu", q, n);
	}
	fprintf(f, "\n");
}

void
advise_print_inputs(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_arrivals *a = &res->arr;
	double span = a->n > 1 ? (double)(a->ns[a->n - 1] - a->ns[0]) * 1e-9 : 0;
	char wm[16], rxd[16];
	unsigned int i;

	fprintf(f, "Captures:");
	for (i = 0; i < o->nb_captures; i++)
		fprintf(f, " %s", o->captures[i]);
	if (o->loop != 1)
		fprintf(f, " (%u times, --loop %u)", o->loop, o->loop);
	fprintf(f, "\n  %" PRIu64 " records, %zu packets delivered, %" PRIu64
		" refused", a->records, a->n, a->refused_total);
	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		if (a->refused[i] != 0)
			fprintf(f, " (%s %" PRIu64 ")",
				cap_refusal_name((enum cap_refusal)i), a->refused[i]);
	fprintf(f, "; %.6f s at --%s %g (%.0f pps on average)\n", span,
		cap_pace_mode_name(o->pace), o->rate,
		span > 0 ? (double)a->n / span : 0);
	if (a->read_error[0] != '\0')
		fprintf(f, "  warning: libpcap cannot read past a point: %s; "
			"the rest of that file counts as one refused record "
			"(unreadable), as --replay counts it\n", a->read_error);
	advise_print_rss(o, res, f);
	fprintf(f, "Model: %s, nb_rxd %s, burst %u, low watermark %s%s, "
		"hold %s (mean %.1f us), seeds %" PRIu64 "..%" PRIu64 " (%u)\n",
		res->nb_queues > 1 ? "each queue" : "one queue",
		o->rxd == 0 ? "auto" : (snprintf(rxd, sizeof(rxd), "%u", o->rxd),
		rxd), o->burst, advise_wm_option(o, wm, sizeof(wm)),
		o->wm == NBL_MODEL_WM_AUTO ? " (D/8)" :
		o->wm == NBL_MODEL_WM_NEVER ? " (never RESOURCES)" : "",
		o->hold_spec, o->hold.mean_us, o->hold_seed,
		o->hold_seed + o->seeds - 1, o->seeds);
	fprintf(f, "Targets: missed <= %g and RESOURCES NBLs <= %g of the "
		"packets\n", o->loss_target, o->resources_target);
}

/* One queue's table (q < 0: the only queue). */
static void
advise_print_sweep_table(const struct advise_result *res,
		const struct nbl_advice *adv, int q, FILE *f)
{
	const struct nbl_model_sweep *s = &adv->sweep;
	size_t i, n;

	if (q < 0) {
		fprintf(f, "\nSweep of the first seed (model, one row per D "
			"tried; %" PRIu64 " runs over %u seeds in %.3f s, %.3f s "
			"CPU: %.3f s CPU per run per million packets):\n",
			adv->runs, adv->seeds, res->model_s, res->model_cpu_s,
			adv->runs > 0 && res->arr.n > 0 ? res->model_cpu_s /
			(double)adv->runs / ((double)res->arr.n * 1e-6) : 0.0);
	} else {
		nbl_arrivals_of_queue(&res->arr, (unsigned int)q, &n);
		fprintf(f, "\nSweep of queue %d, first seed (%zu packets; one row "
			"per D tried, %zu D; its own D over %u seeds: %u):\n", q,
			n, s->nb_rows, adv->seeds, adv->descriptors);
	}
	fprintf(f, "  %9s %8s %10s %10s %10s %9s %11s %14s\n", "D", "W",
		"missed", "RES NBLs", "RES ind.", "held max", "held p99.9",
		"us list empty");
	for (i = 0; i < s->nb_rows; i++) {
		const struct nbl_model_sweep_row *row = &s->rows[i];
		const struct nbl_model_result *r = &row->r;
		const char *mark = row->descriptors == s->advice ?
			"  <- this seed's smallest" : row->meets ? "  meets" : "";

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

/* --rxq N: each queue's own D, and what the model gives at the advice. */
static void
advise_print_queues(const struct advise_result *res, FILE *f)
{
	uint32_t d = advise_d(res);
	unsigned int q;
	size_t n;

	fprintf(f, "\nPer queue (%.3f s, %.3f s CPU for every sweep):\n",
		res->model_s, res->model_cpu_s);
	fprintf(f, "  %5s %10s %10s  %10s %10s %9s\n", "queue", "packets",
		"its own D", "missed", "RES NBLs", "held max");
	for (q = 0; q < res->nb_queues; q++) {
		const struct advise_queue *aq = &res->queue[q];

		nbl_arrivals_of_queue(&res->arr, q, &n);
		if (d == 0) {
			fprintf(f, "  %5u %10zu %10u\n", q, n,
				aq->advice.descriptors);
			continue;
		}
		fprintf(f, "  %5u %10zu %10u  %10" PRIu64 " %10" PRIu64 " %9u%s"
			"\n", q, n, aq->advice.descriptors, aq->at_advice.missed,
			aq->at_advice.resources_nbls, aq->at_advice.held_max,
			q == res->advice_queue ? "  <- needs the largest D" :
			aq->meets_at_advice ? "" : "  does NOT meet the "
			"targets at the advice");
	}
	if (d != 0)
		fprintf(f, "  (missed, RES NBLs and held max: the model at D "
			"%u, the advice for every queue, first seed)\n", d);
	else
		fprintf(f, "  queue %u: no D up to the largest tried meets the "
			"targets for every seed\n", res->advice_queue);
}

void
advise_print_sweep(const struct advise_result *res, FILE *f)
{
	unsigned int q;

	if (res->nb_queues <= 1) {
		advise_print_sweep_table(res, advise_main(res), -1, f);
		return;
	}
	for (q = 0; q < res->nb_queues; q++)
		advise_print_sweep_table(res, &res->queue[q].advice, (int)q, f);
	advise_print_queues(res, f);
}

/* The seeds' smallest D, the spread and the headroom (of the queue
 * behind the advice); the ring. */
static void
advise_print_seeds(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_advice *adv = advise_main(res);
	uint32_t i;

	fprintf(f, "\nSeeds: the smallest D meeting the targets, seed by seed "
		"(%" PRIu64 "..%" PRIu64 ")%s:\n ", o->hold_seed,
		o->hold_seed + adv->seeds - 1, res->nb_queues > 1 ?
		", on the queue behind the advice" : "");
	for (i = 0; i < adv->seeds; i++) {
		if (adv->per_seed[i] == 0)
			fprintf(f, " none");
		else
			fprintf(f, " %u", adv->per_seed[i]);
		if (i % 16 == 15 && i + 1 < adv->seeds)
			fprintf(f, "\n ");
	}
	fprintf(f, "\n  min %u, median %u, max %u (spread %.1f %% of the "
		"median)\n", adv->d_min, adv->d_median, adv->d_max,
		adv->d_median > 0 ? 100.0 * (adv->d_max - adv->d_min) /
		adv->d_median : 0.0);
	if (adv->failed_seeds > 0)
		fprintf(f, "  %u of %u seeds meet the targets at no D up to "
			"%u\n", adv->failed_seeds, adv->seeds,
			o->d_max != 0 ? o->d_max : 1u << 24);
	if (res->rxd_needed == 0)
		fprintf(f, "Ring: no ring up to %u keeps the misses at the "
			"target under these poll gaps\n", NBL_ADVICE_RXD_MAX);
	else if (o->rxd == 0)
		fprintf(f, "Ring: nb_rxd %u, the smallest power of two from %u "
			"that keeps the misses at the target for every seed%s\n",
			res->rxd_needed, 2 * o->burst, res->nb_queues > 1 ?
			" and queue" : "");
	else if (res->rxd_needed > o->rxd)
		fprintf(f, "Ring: warning: --rxd %u is below the %u the poll "
			"gaps need (the smallest power of two whose misses meet "
			"the target); give --rxd auto\n", o->rxd,
			res->rxd_needed);
	else
		fprintf(f, "Ring: --rxd %u (the poll gaps need %u)\n", o->rxd,
			res->rxd_needed);
}

void
advise_print_sizing(const struct advise_opts *o,
		const struct advise_result *res, FILE *f)
{
	const struct nbl_sizing *sz = &res->sizing;
	const struct nbl_advice *adv = advise_main(res);
	uint32_t d = advise_d(res);
	/* the sizing table has two lines per queue, then the pools */
	unsigned int pools = 2 * RTE_MAX(res->nb_queues, 1u);

	advise_print_seeds(o, res, f);
	if (d == 0) {
		fprintf(f, "\nNo D up to %u meets the targets for every seed.\n",
			o->d_max != 0 ? o->d_max : 1u << 24);
		return;
	}
	fprintf(f, "\nAdvice: D %u = the largest seed's %u + headroom %u (its "
		"spread above the median), with nb_rxd %u: missed <= %g and "
		"RESOURCES NBLs <= %g of the packets for each of %u seeds", d,
		adv->d_max, adv->headroom, res->rxd, o->loss_target,
		o->resources_target, adv->seeds);
	if (res->nb_queues > 1)
		fprintf(f, ", for each of the %u queues (queue %u needs it)\n",
			res->nb_queues, res->advice_queue);
	else
		fprintf(f, " (%zu packets)\n", res->arr.n);
	fprintf(f, "  %-28s %-45s %10s  %s\n", "quantity", "NDIS", "value",
		"rule");
	fprintf(f, "  %-28s %-45s %10u  %s\n", "receive descriptors D",
		"*ReceiveBuffers keyword", sz->descriptors[0], sz->line[0].rule);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "PMD ring nb_rxd",
		"(the NIC's receive ring)", res->rxd, o->rxd == 0 ?
		"auto: what the poll gaps need" : "--rxd");
	fprintf(f, "  %-28s %-45s %10u  D %u - nb_rxd %u - burst %u\n",
		"hold allowance H", "NBLs the protocol side may hold",
		res->hold_allowance, d, res->rxd, o->burst);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "buffer descriptors D x S",
		"NdisAllocateBufferPool NumberOfDescriptors",
		sz->mdl_per_queue[0], sz->line[1].rule);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "NBL pool count",
		"NdisAllocateNetBufferListPool (NBLs)", sz->pool_count,
		sz->line[pools].rule);
	fprintf(f, "  %-28s %-45s %10u  %s\n", "mbuf pool count",
		"(DPDK, receive side, zero-copy)", sz->mbuf_count,
		sz->line[pools + 1].rule);
	if (res->nb_queues > 1)
		fprintf(f, "  (D, H and D x S per queue; the pools for all %u "
			"queues)\n", res->nb_queues);
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
advise_command(const struct advise_opts *o, uint32_t d, uint32_t rxd,
		uint64_t seed, const char *prefix, const char *stats_json,
		char **argv, int *argc, int max, char num[][32])
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
	if (o->loop != 1) {
		ret |= cmd_add(argv, argc, max, "--loop");
		snprintf(num[k], 32, "%u", o->loop);
		ret |= cmd_add(argv, argc, max, num[k++]);
	}
	snprintf(num[k], 32, "--%s", cap_pace_mode_name(o->pace));
	ret |= cmd_add(argv, argc, max, num[k++]);
	snprintf(num[k], 32, "%.10g", o->rate);
	ret |= cmd_add(argv, argc, max, num[k++]);
	if (o->hold.kind != NBL_HOLD_NONE) {
		ret |= cmd_add(argv, argc, max, "--hold-us");
		ret |= cmd_add(argv, argc, max, o->hold_spec);
		ret |= cmd_add(argv, argc, max, "--hold-seed");
		snprintf(num[k], 32, "%" PRIu64, seed);
		ret |= cmd_add(argv, argc, max, num[k++]);
	}
	ret |= cmd_add(argv, argc, max, "--descriptors");
	snprintf(num[k], 32, "%u", d);
	ret |= cmd_add(argv, argc, max, num[k++]);
	ret |= cmd_add(argv, argc, max, "--rxd");
	snprintf(num[k], 32, "%u", rxd);
	ret |= cmd_add(argv, argc, max, num[k++]);
	if (o->txd != 512) {
		ret |= cmd_add(argv, argc, max, "--txd");
		snprintf(num[k], 32, "%u", o->txd);
		ret |= cmd_add(argv, argc, max, num[k++]);
	}
	ret |= cmd_add(argv, argc, max, "--burst");
	snprintf(num[k], 32, "%u", o->burst);
	ret |= cmd_add(argv, argc, max, num[k++]);
	ret |= cmd_add(argv, argc, max, "--low-watermark");
	ret |= cmd_add(argv, argc, max, advise_wm_option(o, wm, sizeof(wm)));
	ret |= cmd_add(argv, argc, max, "--replay-full");
	ret |= cmd_add(argv, argc, max, "drop");
	if (o->rxq > 1) {
		static char key[2 * CAP_RSS_KEY_LEN + 1];

		ret |= cmd_add(argv, argc, max, "--rxq");
		snprintf(num[k], 32, "%u", o->rxq);
		ret |= cmd_add(argv, argc, max, num[k++]);
		if (o->rss_key_set) {
			cap_rss_key_format(o->rss_key, key, sizeof(key));
			ret |= cmd_add(argv, argc, max, "--rss-key");
			ret |= cmd_add(argv, argc, max, key);
		}
	}
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

	if (advise_d(res) == 0)
		return;
	if (advise_command(o, advise_d(res), res->rxd, o->hold_seed,
			NULL, NULL, argv, &argc, (int)RTE_DIM(argv), num) != 0)
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
		"pace", cap_pace_mode_name(o->pace),
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
		"seeds", (int)o->seeds);
	if (in != NULL)
		json_object_set_new(in, "loop", json_integer(o->loop));
	return in;
}

/* A distribution of the host's timing: its source, mean and largest. */
static json_t *
json_dist(const struct nbl_hold_dist *d, const char *spec)
{
	if (d->kind == NBL_HOLD_NONE)
		return json_null();
	return json_pack("{s:s, s:f, s:f}", "source",
		spec != NULL ? spec : d->spec, "mean_us", d->mean_us,
		"max_us", isfinite(d->max_us) ? d->max_us : -1.0);
}

/* "host": the timing the model used. */
static json_t *
json_host(const struct advise_opts *o)
{
	const struct advise_host_info *hi = &o->host_info;
	json_t *h = json_pack("{s:o, s:o, s:o, s:o}",
		"report", o->host != NULL ? json_string(o->host) : json_null(),
		"poll_gap_us", json_dist(&o->poll_gap, o->poll_gap_spec),
		"return_lag_us", json_dist(&o->return_lag, o->return_lag_spec),
		"late_us", json_dist(&o->late, o->late_spec));

	if (h != NULL && o->host != NULL)
		json_object_set_new(h, "measured", json_pack("{s:I, s:f, s:f, "
			"s:I, s:f, s:f, s:b}",
			"poll_gaps", (json_int_t)hi->poll_gaps,
			"poll_gap_p99_us", hi->gap_p99_us,
			"poll_gap_max_us", hi->gap_max_us,
			"return_lags", (json_int_t)hi->lags,
			"return_lag_p99_us", hi->lag_p99_us,
			"return_lag_max_us", hi->lag_max_us,
			"kept_time", hi->kept_time));
	if (h != NULL && o->host != NULL) {
		json_t *m = json_object_get(h, "measured");

		json_object_set_new(m, "latenesses", json_integer(
			(json_int_t)hi->lates));
		json_object_set_new(m, "late_p99_us", json_real(hi->late_p99_us));
		json_object_set_new(m, "late_max_us", json_real(hi->late_max_us));
		json_object_set_new(m, "unpolled_share",
			json_real(hi->unpolled_share));
	}
	return h;
}

/* "seeds": each seed's smallest D, and what the advice took of them. */
static json_t *
json_seeds(const struct advise_opts *o, const struct nbl_advice *adv)
{
	json_t *per = json_array();
	uint32_t i;

	for (i = 0; per != NULL && i < adv->seeds; i++)
		json_array_append_new(per, json_integer(adv->per_seed[i]));
	return json_pack("{s:i, s:I, s:i, s:i, s:i, s:i, s:i, s:o}",
		"count", (int)adv->seeds, "first", (json_int_t)o->hold_seed,
		"min", (int)adv->d_min, "median", (int)adv->d_median,
		"max", (int)adv->d_max, "headroom", (int)adv->headroom,
		"failed", (int)adv->failed_seeds, "per_seed", per);
}

static json_t *
json_verify(const struct advise_opts *o, const struct advise_result *res)
{
	json_t *arr = json_array();
	unsigned int i;

	for (i = 0; i < res->nb_checks; i++) {
		const struct advise_check *c = &res->check[i];

		json_array_append_new(arr, json_pack("{s:i, s:s, s:I, s:o, "
			"s:{s:I, s:I, s:I, s:I, s:I}, s:{s:b, s:s, s:f, s:f, "
			"s:f, s:I}, s:s}",
			"descriptors", (int)c->descriptors,
			"at", c->at_advice ? "advice" : "0.9 x advice",
			"seed", (json_int_t)c->seed,
			"predicted", json_result(&c->predicted),
			"measured",
			"missed", (json_int_t)c->missed,
			"resources_nbls", (json_int_t)c->resources_nbls,
			"resources_indications",
				(json_int_t)c->resources_indications,
			"indicated", (json_int_t)c->indicated,
			"held_max", (json_int_t)c->held_max,
			"timing",
			"kept_time", c->kept_time,
			"reasons", c->reasons,
			"replay_late_p99_us", c->late_p99_us,
			"unpolled_share", c->unpolled_share,
			"return_lag_p99_us", c->lag_p99_us,
			"missed_unpolled", (json_int_t)c->missed_unpolled,
			"verdict", advise_check_verdict(o, res, c)));
		json_object_set_new(json_array_get(arr,
			json_array_size(arr) - 1), "judged", json_boolean(
			advise_check_judged(o, res, c)));
	}
	return arr;
}

/* inputs.rss: null with one queue (nothing is hashed). */
static json_t *
json_rss(const struct advise_opts *o, const struct advise_result *res)
{
	const struct nbl_arrivals *a = &res->arr;
	char key[2 * CAP_RSS_KEY_LEN + 1];
	json_t *per;
	unsigned int q;
	size_t n;

	if (res->nb_queues <= 1)
		return json_null();
	per = json_array();
	for (q = 0; per != NULL && q < res->nb_queues; q++) {
		nbl_arrivals_of_queue(a, q, &n);
		json_array_append_new(per, json_integer((json_int_t)n));
	}
	cap_rss_key_format(res->rss.key, key, sizeof(key));
	return json_pack("{s:i, s:s, s:b, s:i, s:{s:I, s:I, s:I}, s:o}",
		"queues", (int)res->nb_queues,
		"key", key,
		"key_default", !o->rss_key_set,
		"reta_size", (int)CAP_RSS_RETA_SIZE,
		"hashed",
		"l4", (json_int_t)a->rss_input[CAP_RSS_INPUT_L4],
		"l3", (json_int_t)a->rss_input[CAP_RSS_INPUT_L3],
		"none", (json_int_t)a->rss_input[CAP_RSS_INPUT_NONE],
		"packets", per != NULL ? per : json_null());
}

/* One sweep's rows. */
static json_t *
json_sweep(const struct nbl_model_sweep *s)
{
	json_t *sweep = json_array();
	size_t i;

	for (i = 0; sweep != NULL && i < s->nb_rows; i++) {
		const struct nbl_model_sweep_row *row = &s->rows[i];
		json_t *j = json_result(&row->r);

		json_object_set_new(j, "descriptors",
			json_integer(row->descriptors));
		json_object_set_new(j, "low_watermark",
			json_integer(row->low_watermark));
		json_object_set_new(j, "meets", json_boolean(row->meets));
		json_array_append_new(sweep, j);
	}
	return sweep;
}

/*
 * advice.queues[]: each queue's packets, the D it needs alone over the
 * seeds (descriptors), its seeds, and the model at the advice (first
 * seed).
 */
static json_t *
json_advice_queues(const struct advise_opts *o,
		const struct advise_result *res)
{
	json_t *arr = json_array();
	unsigned int q;
	size_t n;

	for (q = 0; arr != NULL && q < res->nb_queues; q++) {
		const struct advise_queue *aq = &res->queue[q];

		nbl_arrivals_of_queue(&res->arr, q, &n);
		json_array_append_new(arr, json_pack(
			"{s:i, s:I, s:i, s:o, s:o, s:b}",
			"queue", (int)q,
			"packets", (json_int_t)n,
			"descriptors", (int)aq->advice.descriptors,
			"seeds", json_seeds(o, &aq->advice),
			"at_advice", json_result(&aq->at_advice),
			"meets_at_advice", aq->meets_at_advice));
	}
	return arr;
}

/* queue_sweeps[]: every queue's first-seed sweep, with --rxq N (N > 1). */
static json_t *
json_queue_sweeps(const struct advise_result *res)
{
	json_t *arr = json_array();
	unsigned int q;

	for (q = 0; arr != NULL && q < res->nb_queues; q++)
		json_array_append_new(arr, json_pack("{s:i, s:o}",
			"queue", (int)q,
			"sweep", json_sweep(&res->queue[q].advice.sweep)));
	return arr;
}

int
advise_json_write(struct advise_opts *o,
		const struct advise_result *res)
{
	const struct nbl_model_sweep *s = &advise_main(res)->sweep;
	json_t *root, *advice, *in;
	int ret = 0, fd;
	FILE *f;

	if (advise_d(res) != 0)
		advice = json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:i, "
			"s:o, s:o, s:o}",
			"descriptors", (int)advise_d(res),
			"rxd", (int)res->rxd,
			"rxd_needed", (int)res->rxd_needed,
			"hold_allowance", (int)res->hold_allowance,
			"buffer_descriptors", (int)res->sizing.mdl_per_queue[0],
			"nbl_pool", (int)res->sizing.pool_count,
			"mbuf_pool", (int)res->sizing.mbuf_count,
			"low_watermark", (int)nbl_model_watermark(o->wm,
				o->wm_fixed, advise_d(res)),
			"seeds", json_seeds(o, advise_main(res)),
			"host", json_host(o),
			"queues", json_advice_queues(o, res));
	else
		advice = json_null();
	in = json_inputs(o, res);
	if (in != NULL) {
		json_object_set_new(in, "rxq", json_integer(res->nb_queues));
		json_object_set_new(in, "rss", json_rss(o, res));
	}
	root = json_pack("{s:s, s:o, s:o, s:o, s:b, s:f, s:f}",
		"version", NBLPMD_VERSION,
		"inputs", in,
		"advice", advice,
		"sweep", json_sweep(s),
		"monotone", s->monotone,
		"model_s", res->model_s,
		"model_cpu_s", res->model_cpu_s);
	if (root == NULL) {
		fprintf(stderr, "nblpmd-advise: --json %s: cannot build the "
			"document\n", o->json);
		return -ENOMEM;
	}
	json_object_set_new(root, "seeds", json_seeds(o, advise_main(res)));
	json_object_set_new(root, "host", json_host(o));
	json_object_set_new(root, "rxd_needed", json_integer(res->rxd_needed));
	if (res->nb_queues > 1)
		json_object_set_new(root, "queue_sweeps",
			json_queue_sweeps(res));
	if (res->nb_checks > 0)
		json_object_set_new(root, "verify", json_verify(o, res));
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
