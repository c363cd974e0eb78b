/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --stats-json: the final report as one JSON object, built with jansson
 * from the same snapshot as the text report (app->final) and the same
 * counter tables, written by the rule of every output (app_out.h): a
 * file through a temporary file renamed over it, so the report is either
 * absent or complete; a FIFO or a device in place; "-" on standard
 * output. Keys are documented in docs/guide/reports.md ("JSON report").
 */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_version.h>

#include "consumers/fwd.h"
#include "json/json.h"
#include "nblpmd_build_config.h"
#include "replay/replay.h"
#include "report_pvt.h"
#include "stats/stats.h"

/* Append v to array a; false (and v released) when out of memory. */
static bool
json_push(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

static json_t *
json_ports(const struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	const struct nbl_counter *table;
	json_t *a = json_array();
	unsigned int nb, i;

	table = nblpmd_port_counters(&nb);
	for (i = 0; a != NULL && i < s->nb_ports; i++) {
		const struct nblpmd_port *p = &app->ports[i];
		json_t *o = json_pack("{s:i, s:o, s:o}", "port", (int)p->port_id,
			"name", nblpmd_json_text(p->name),
			"driver", nblpmd_json_text(p->driver));

		/* a tap's kernel counters are the interface's */
		if (o != NULL && nblpmd_port_counter_skip(p) == 0)
			json_object_set_new(o, "ifname",
				nblpmd_json_text(p->ifname));
		if (o != NULL && nblpmd_counters_json(o, table, nb, &s->port[i],
				nblpmd_port_counter_skip(p)) != 0) {
			json_decref(o);
			o = NULL;
		}
		if (!json_push(a, o)) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static json_t *
json_queue(const struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		unsigned int i)
{
	const struct nblpmd_queue *q = &app->queues[i];
	const struct nbl_counter *table;
	json_t *o, *cons;
	unsigned int nb;

	o = json_pack("{s:i, s:i, s:s, s:i, s:i, s:s, s:i, s:i, s:b}",
		"port", (int)q->port_id, "queue", (int)q->queue_id,
		"name", q->name, "descriptors", (int)q->descriptors,
		"low_watermark", (int)q->low_watermark,
		"recycle", app->cfg.recycle == NBL_RXQ_RECYCLE_POOL ?
			"pool" : "inplace",
		"rx_lcore", (int)q->rx_lcore,
		"consumer_lcore", (int)q->consumer_lcore, "remote", q->remote);
	cons = json_pack("{s:s}", "mode", app->fwd->name);
	if (o == NULL || cons == NULL)
		goto nomem;
	table = nbl_rxq_counters(&nb);
	if (nblpmd_counters_json(o, table, nb, &s->q[i], 0) != 0)
		goto nomem;
	table = nblpmd_fwd_counters(&nb);
	if (nblpmd_counters_json(cons, table, nb, &s->fs[i], 0) != 0)
		goto nomem;
	if (json_object_set_new(o, "consumer", cons) != 0) {
		cons = NULL;
		goto nomem;
	}
	cons = NULL;
	if (nblpmd_json_burst_sizes(o, q) != 0)
		goto nomem;
	/* hold times in us: percentiles, not counters (no table) */
	if (json_object_set_new(o, "hold_us", json_pack(
			"{s:o, s:f, s:f, s:f, s:f, s:f}",
			"count", nblpmd_json_u64(s->hold[i].count),
			"p50", nblpmd_json_round_us(s->hold[i].p50_us),
			"p90", nblpmd_json_round_us(s->hold[i].p90_us),
			"p99", nblpmd_json_round_us(s->hold[i].p99_us),
			"p999", nblpmd_json_round_us(s->hold[i].p999_us),
			"max", nblpmd_json_round_us(s->hold[i].max_us))) != 0 ||
			json_object_set_new(o, "poll_gap_us", nblpmd_hist_json(
			q->poll_gap_final, true)) != 0 ||
			json_object_set_new(o, "return_lag_us", nblpmd_hist_json(
			q->lag_final, true)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
nomem:
	json_decref(cons);
	json_decref(o);
	return NULL;
}

static json_t *
json_queues(const struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < s->nb_queues; i++)
		if (!json_push(a, json_queue(app, s, i))) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* The tag as four printable characters ('.' for the others). */
static void
json_tag(uint32_t tag, char out[5])
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		char c = (char)((tag >> (8 * i)) & 0xff);

		out[i] = (c >= 0x20 && c < 0x7f) ? c : '.';
	}
	out[4] = '\0';
}

static json_t *
json_pool(const struct nbl_pool_params *pp, const struct nbl_pool_stats *ps,
		bool nb_pool)
{
	const struct nbl_counter *table;
	unsigned int nb;
	char tag[5];
	json_t *o;

	if (nb_pool) {
		o = json_pack("{s:s, s:i, s:i}", "name", pp->name,
			"count", (int)pp->count, "cache_size", (int)pp->cache_size);
	} else {
		json_tag(pp->tag, tag);
		o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i}",
			"name", pp->name, "tag", tag, "count", (int)pp->count,
			"cache_size", (int)pp->cache_size,
			"allocate_nb", pp->allocate_nb ? 1 : 0,
			"context_size", (int)pp->context_size,
			"data_size", (int)pp->data_size);
	}
	table = nbl_pool_counters(&nb);
	if (o != NULL && nblpmd_counters_json(o, table, nb, ps,
			nb_pool ? NBL_COUNTER_NBL_POOL_ONLY : 0) != 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *
json_pools(const struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	if (ok && s->pool_valid) {
		json_t *p = json_pool(&s->pool_params, &s->pool, false);

		if (p != NULL && json_object_set_new(p, "per_lcore",
				nblpmd_json_pool_lcores(s)) != 0) {
			json_decref(p);
			p = NULL;
		}
		ok = json_push(a, p);
	}
	if (ok && s->nb_pool_valid) {
		/* --net-buffer separate: the NB pool keeps fewer counters */
		struct nbl_pool_params pp = {
			.name = NBLPMD_NB_POOL_NAME,
			.count = app->nb_pool_count,
			.cache_size = app->cfg.pool_cache,
		};

		ok = json_push(a, json_pool(&pp, &s->nb_pool, true));
	}
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *
json_capture(const struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < s->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		struct nblpmd_capture_figures cf;
		json_t *o, *by;
		unsigned int r;

		if (q->rx_pcap == NULL)
			continue;
		nblpmd_capture_figures(app, s, i, &cf);
		by = json_object();
		for (r = 1; by != NULL && r < CAP_REFUSAL_MAX; r++)
			json_object_set_new(by,
				cap_refusal_name((enum cap_refusal)r),
				nblpmd_json_u64(cf.refused_by[r]));
		o = json_pack("{s:o, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			"s:o, s:o, s:o, s:b}", "file", nblpmd_json_text(q->rx_pcap),
			"port", (int)q->port_id,
			"queue", (int)q->queue_id,
			"records", nblpmd_json_u64(cf.records),
			"delivered", nblpmd_json_u64(cf.delivered),
			"refused", nblpmd_json_u64(cf.refused),
			"lost", nblpmd_json_u64(cf.lost),
			"unread", nblpmd_json_u64(cf.unread),
			"refused_by_reason", by != NULL ? by : json_null(),
			"refused_by_queue", nblpmd_json_u64(cf.refused_queue),
			"past_end", nblpmd_json_u64(cf.past_end),
			"caplen_over_len", nblpmd_json_u64(q->pcap_caplen_over_len),
			"over_65535", nblpmd_json_u64(q->pcap_over_65535),
			"finite", q->finite);
		if (!json_push(a, o)) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

/* The names of the queues an lcore polls (rx) or consumes for. */
static json_t *
json_lcore_queues(const struct nblpmd_app *app, const uint16_t *idx,
		uint16_t n)
{
	json_t *a = json_array();
	uint16_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (!json_push(a, json_string(app->queues[idx[i]].name))) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/*
 * "lcores": every lcore the run used, with the queues it polls and
 * consumes for; with --record-core-cycles, "cycles": the lcore counter
 * table, testpmd's cycles per packet and the busy share (else null).
 */
static json_t *
json_lcores(const struct nblpmd_app *app)
{
	const struct nbl_counter *table;
	json_t *a = json_array();
	unsigned int nb, lc;

	table = nblpmd_lcore_counters(&nb);
	for (lc = 0; a != NULL && lc < RTE_MAX_LCORE; lc++) {
		const struct nblpmd_lcore *l = &app->lcores[lc];
		const struct nblpmd_lcore_stats *cs = &app->lcore_cycles[lc].s;
		json_t *o, *c = NULL;

		if (!l->used)
			continue;
		if (app->cfg.record_core_cycles &&
				(l->nb_rx > 0 || l->nb_cons > 0)) {
			c = json_pack("{s:f, s:f, s:I}",
				"cycles_per_packet",
				nblpmd_lcore_cycles_per_packet(cs),
				"busy_share", nblpmd_lcore_busy_share(cs),
				"tsc_hz", (json_int_t)rte_get_tsc_hz());
			if (c == NULL || nblpmd_counters_json(c, table, nb, cs,
					0) != 0) {
				json_decref(c);
				json_decref(a);
				return NULL;
			}
		}
		o = json_pack("{s:i, s:b, s:o, s:o, s:o}", "lcore", (int)lc,
			"main", l->is_main,
			"rx_queues", json_lcore_queues(app, l->rx, l->nb_rx),
			"consumer_queues", json_lcore_queues(app, l->cons,
				l->nb_cons),
			"cycles", c != NULL ? c : json_null());
		if (!json_push(a, o)) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static json_t *
json_report(const struct nblpmd_app *app)
{
	const struct nblpmd_snapshot *s = &app->final;
	double pps = s->elapsed_s > 0 ? (double)s->indicated / s->elapsed_s : 0;
	json_t *root;

	root = json_pack("{s:s, s:s, s:o, s:o, s:o, s:f, s:f, s:o, s:s, s:s, "
		"s:o, s:o, s:o, s:o}",
		"version", NBLPMD_VERSION,
		"dpdk_version", rte_version(),
		"eal_args", nblpmd_report_eal_args_json(app),
		"config", nblpmd_report_config_json(app),
		"sizing", nblpmd_report_sizing_json(&app->sizing),
		"elapsed_s", s->elapsed_s,
		"rx_pps", pps,
		"indicated", nblpmd_json_u64(s->indicated),
		"end_reason", app->end_reason != NULL ? app->end_reason : "",
		"fwd", app->fwd->name,
		"ports", json_ports(app, s),
		"rx_queues", json_queues(app, s),
		"pools", json_pools(app, s),
		"capture", json_capture(app, s));
	if (root == NULL)
		return NULL;
	if ((app->replay != NULL && json_object_set_new(root, "replay",
			nblpmd_replay_json(app->replay)) != 0) ||
			json_object_set_new(root, "lcores", json_lcores(app)) != 0 ||
			json_object_set_new(root, "lost",
				nblpmd_json_u64(app->lost)) != 0 ||
			json_object_set_new(root, "timing",
				nblpmd_timing_json(app, &app->timing)) != 0 ||
			json_object_set_new(root, "audit", json_pack(
				"{s:o, s:o, s:o, s:o, s:o}",
				"leaked", nblpmd_json_u64(app->audit.leaked),
				"double_returns",
				nblpmd_json_u64(app->audit.double_returns),
				"foreign_returns",
				nblpmd_json_u64(app->audit.foreign_returns),
				"details", nblpmd_json_audit_details(app),
				"details_omitted",
				nblpmd_json_u64(app->audit.details_omitted))) != 0) {
		json_decref(root);
		return NULL;
	}
	return root;
}

int
nblpmd_report_json_prepare(struct nblpmd_app *app, int eal_argc,
		char **eal_argv)
{
	int i;

	app->nb_eal_args = 0;
	app->eal_args = calloc(eal_argc > 0 ? eal_argc : 1, sizeof(char *));
	if (app->eal_args == NULL)
		return -ENOMEM;
	/* argv[0] is the program; EAL may reorder the array: copy now */
	for (i = 1; i < eal_argc; i++) {
		app->eal_args[app->nb_eal_args] = strdup(eal_argv[i]);
		if (app->eal_args[app->nb_eal_args] == NULL)
			return -ENOMEM;
		app->nb_eal_args++;
	}
	return 0;
}

int
nblpmd_report_json_write(struct nblpmd_app *app)
{
	struct app_out *o = &app->out_json;
	json_t *root;
	FILE *f;
	int ret = 0, fd;

	if (app->cfg.stats_json[0] == '\0')
		return 0;
	root = json_report(app);
	if (root == NULL) {
		fprintf(stderr, "nblpmd: --stats-json %s: out of memory building "
			"the report; nothing written\n", o->path);
		return -ENOMEM;
	}
	fd = app_out_open(o);
	if (fd < 0) {
		json_decref(root);
		return fd;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		ret = -errno;
		close(fd);
		app_out_abort(o);
		json_decref(root);
		fprintf(stderr, "nblpmd: --stats-json %s: %s; nothing written\n",
			o->path, strerror(-ret));
		return ret;
	}
	if (json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(15)) != 0)
		ret = -EIO;
	else if (fputc('\n', f) == EOF)
		ret = -EIO;
	json_decref(root);
	if (ret != 0)
		fprintf(stderr, "nblpmd: --stats-json %s: write failed; nothing "
			"written\n", o->path);
	return app_out_fclose(o, f, ret == 0) != 0 ? -EIO : ret;
}

void
nblpmd_report_json_release(struct nblpmd_app *app)
{
	int i;

	for (i = 0; i < app->nb_eal_args; i++)
		free(app->eal_args[i]);
	free(app->eal_args);
	app->eal_args = NULL;
	app->nb_eal_args = 0;
}
