/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * What produced a JSON report: the EAL arguments used, every option of
 * the option table (cli/args.c) with the value the run used (auto
 * resolved to what the sizing rule or the queue computed), and the
 * sizing table printed at start.
 *
 * An option's value is the one the run used: a number, a string, a
 * boolean, or null when the option does not apply to this run (no
 * profile, no capture output, the replay options without --replay, a
 * pacing rate other than the one in effect). A value that differs between ports or queues is an
 * array with one value per port or queue, in report order.
 */

#include <stdio.h>
#include <string.h>

#include "fwd.h"
#include "report_pvt.h"

typedef json_t *(*config_get_t)(const struct nblpmd_app *app);

struct config_option {
	const char *name;          /**< the long option, as --help lists it */
	config_get_t get;
};

/* One integer when every value is the same, else an array of them. */
static json_t *
config_uniform(const uint32_t *v, unsigned int n)
{
	json_t *a;
	unsigned int i;

	if (n == 0)
		return json_null();
	for (i = 1; i < n && v[i] == v[0]; i++)
		;
	if (i == n)
		return json_integer(v[0]);
	a = json_array();
	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_integer(v[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

enum config_field {
	CONFIG_RXQ, CONFIG_RXD, CONFIG_TXD,                  /* per port */
	CONFIG_DESCRIPTORS, CONFIG_LOW_WATERMARK, CONFIG_CONSUMER_LCORE,
};

static json_t *
config_per(const struct nblpmd_app *app, enum config_field field)
{
	uint32_t v[RTE_MAX(NBLPMD_MAX_PORTS, NBLPMD_MAX_QUEUES)];
	unsigned int i, n;

	if (field <= CONFIG_TXD) {
		n = app->nb_ports;
		for (i = 0; i < n; i++)
			v[i] = field == CONFIG_RXQ ? app->ports[i].nb_rxq :
				field == CONFIG_RXD ? app->ports[i].nb_rxd :
				app->ports[i].nb_txd;
	} else {
		n = app->nb_queues;
		for (i = 0; i < n; i++)
			v[i] = field == CONFIG_DESCRIPTORS ?
				app->queues[i].descriptors :
				field == CONFIG_LOW_WATERMARK ?
				app->queues[i].low_watermark :
				app->queues[i].consumer_lcore;
	}
	return config_uniform(v, n);
}

static json_t *
config_path(const char *p)
{
	return p[0] != '\0' ? nblpmd_json_text(p) : json_null();
}

static json_t *
get_config(const struct nblpmd_app *app)
{
	return config_path(app->cfg.config_file);
}

static json_t *
get_fwd(const struct nblpmd_app *app)
{
	return json_string(app->fwd->name);
}

static json_t *
get_capture_out(const struct nblpmd_app *app)
{
	return config_path(app->cfg.capture_out);
}

static json_t *
get_recycle(const struct nblpmd_app *app)
{
	return json_string(app->cfg.recycle == NBL_RXQ_RECYCLE_POOL ?
		"pool" : "inplace");
}

static json_t *
get_rxq(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_RXQ);
}

static json_t *
get_rxd(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_RXD);
}

static json_t *
get_txd(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_TXD);
}

static json_t *
get_burst(const struct nblpmd_app *app)
{
	return json_integer(app->cfg.burst);
}

static json_t *
get_descriptors(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_DESCRIPTORS);
}

static json_t *
get_pool_size(const struct nblpmd_app *app)
{
	return json_integer(app->nbl_pool_count);
}

static json_t *
get_pool_cache(const struct nblpmd_app *app)
{
	return json_integer(app->cfg.pool_cache);
}

static json_t *
get_mbufs(const struct nblpmd_app *app)
{
	return json_integer(app->sizing.mbuf_count);
}

static json_t *
get_mbuf_cache(const struct nblpmd_app *app)
{
	return json_integer(app->cfg.mbuf_cache);
}

static json_t *
get_net_buffer(const struct nblpmd_app *app)
{
	return json_string(app->cfg.prealloc_nb ? "prealloc" : "separate");
}

static json_t *
get_rx_copy(const struct nblpmd_app *app)
{
	return json_boolean(app->cfg.rx_copy);
}

static json_t *
get_low_watermark(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_LOW_WATERMARK);
}

static json_t *
get_consumer_lcore(const struct nblpmd_app *app)
{
	return config_per(app, CONFIG_CONSUMER_LCORE);
}

static json_t *
get_hold_us(const struct nblpmd_app *app)
{
	const struct nbl_hold_dist *d = &app->cfg.hold_dist;

	/* 0 when off, the microseconds of a fixed hold, else the spec */
	if (d->kind == NBL_HOLD_NONE)
		return json_integer(0);
	if (d->kind == NBL_HOLD_FIXED)
		return json_real(d->a);
	return nblpmd_json_text(d->spec);
}

static json_t *
get_hold_seed(const struct nblpmd_app *app)
{
	return nblpmd_json_u64(app->cfg.hold_seed);
}

static json_t *
get_hold(const struct nblpmd_app *app)
{
	return json_integer(app->hold);
}

static json_t *
get_fail_alloc_pct(const struct nblpmd_app *app)
{
	return json_real(app->cfg.fail_alloc_pct);
}

static json_t *
get_fail_seed(const struct nblpmd_app *app)
{
	return nblpmd_json_u64(app->cfg.fail_seed);
}

static json_t *
get_max_frame(const struct nblpmd_app *app)
{
	return json_integer(app->cfg.max_frame);
}

static json_t *
get_max_segs(const struct nblpmd_app *app)
{
	return json_integer(app->max_segs);
}

static json_t *
get_stats_period(const struct nblpmd_app *app)
{
	return json_real(app->cfg.stats_period);
}

static json_t *
get_stats_json(const struct nblpmd_app *app)
{
	return config_path(app->cfg.stats_json);
}

static json_t *
get_timeline(const struct nblpmd_app *app)
{
	return config_path(app->cfg.timeline);
}

static json_t *
get_timeline_us(const struct nblpmd_app *app)
{
	if (app->cfg.timeline[0] == '\0' && app->cfg.plot[0] == '\0')
		return json_null();
	return json_integer(app->cfg.timeline_us);
}

static json_t *
get_plot(const struct nblpmd_app *app)
{
	return config_path(app->cfg.plot);
}

static json_t *
get_duration(const struct nblpmd_app *app)
{
	return json_real(app->cfg.duration);
}

static json_t *
get_max_packets(const struct nblpmd_app *app)
{
	return nblpmd_json_u64(app->cfg.max_packets);
}

static json_t *
get_no_mbuf_check(const struct nblpmd_app *app)
{
	return json_boolean(!app->cfg.check_mbufs);
}

static json_t *
get_replay(const struct nblpmd_app *app)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < app->cfg.nb_replay; i++)
		if (json_array_append_new(a,
				nblpmd_json_text(app->cfg.replay[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* The port the replay sent on: the given one, or the internal port. */
static json_t *
get_replay_port(const struct nblpmd_app *app)
{
	if (app->cfg.nb_replay == 0)
		return json_null();
	if (app->cfg.replay_port >= 0)
		return json_integer(app->cfg.replay_port);
	return app->replay_port != RTE_MAX_ETHPORTS ?
		json_integer(app->replay_port) : json_null();
}

/* A pacing rate: its value when it is the replay's pacing, else null. */
static json_t *
config_pace(const struct nblpmd_app *app, enum nblpmd_pace pace,
		double value)
{
	if (app->cfg.nb_replay == 0 || app->cfg.pace != pace)
		return json_null();
	return json_real(value);
}

static json_t *
get_multiplier(const struct nblpmd_app *app)
{
	return config_pace(app, NBLPMD_PACE_MULTIPLIER, app->cfg.multiplier);
}

static json_t *
get_pps(const struct nblpmd_app *app)
{
	return config_pace(app, NBLPMD_PACE_PPS, app->cfg.pps);
}

static json_t *
get_mbps(const struct nblpmd_app *app)
{
	return config_pace(app, NBLPMD_PACE_MBPS, app->cfg.mbps);
}

static json_t *
get_topspeed(const struct nblpmd_app *app)
{
	if (app->cfg.nb_replay == 0)
		return json_null();
	return json_boolean(app->cfg.pace == NBLPMD_PACE_TOPSPEED);
}

static json_t *
get_loop(const struct nblpmd_app *app)
{
	if (app->cfg.nb_replay == 0)
		return json_null();
	return json_integer(app->cfg.loop);
}

static json_t *
get_preload(const struct nblpmd_app *app)
{
	if (app->cfg.nb_replay == 0)
		return json_null();
	return nblpmd_json_u64(app->cfg.preload_bytes);
}

static json_t *
get_replay_full(const struct nblpmd_app *app)
{
	if (app->cfg.nb_replay == 0)
		return json_null();
	return json_string(app->cfg.replay_full == NBLPMD_REPLAY_FULL_DROP ?
		"drop" : "wait");
}

/* The internal port's RSS key: null without --replay, or when the
 * replay goes out of a port (its own RSS decides). */
static json_t *
get_rss_key(const struct nblpmd_app *app)
{
	char hex[2 * CAP_RSS_KEY_LEN + 1];

	if (app->cfg.nb_replay == 0 || app->cfg.replay_port >= 0)
		return json_null();
	cap_rss_key_format(app->cfg.rss_key, hex, sizeof(hex));
	return json_string(hex);
}

static json_t *
get_track_nbls(const struct nblpmd_app *app)
{
	return json_integer(app->cfg.track_nbls);
}

static json_t *
get_record_burst_stats(const struct nblpmd_app *app)
{
	return json_boolean(app->cfg.record_burst_stats);
}

static const struct config_option config_options[] = {
	{ "config", get_config },
	{ "fwd", get_fwd },
	{ "capture-out", get_capture_out },
	{ "recycle", get_recycle },
	{ "rxq", get_rxq },
	{ "rxd", get_rxd },
	{ "txd", get_txd },
	{ "burst", get_burst },
	{ "descriptors", get_descriptors },
	{ "pool-size", get_pool_size },
	{ "pool-cache", get_pool_cache },
	{ "mbufs", get_mbufs },
	{ "mbuf-cache", get_mbuf_cache },
	{ "net-buffer", get_net_buffer },
	{ "rx-copy", get_rx_copy },
	{ "low-watermark", get_low_watermark },
	{ "consumer-lcore", get_consumer_lcore },
	{ "hold-us", get_hold_us },
	{ "hold-seed", get_hold_seed },
	{ "hold", get_hold },
	{ "fail-alloc-pct", get_fail_alloc_pct },
	{ "fail-seed", get_fail_seed },
	{ "max-frame", get_max_frame },
	{ "max-segs", get_max_segs },
	{ "stats-period", get_stats_period },
	{ "stats-json", get_stats_json },
	{ "timeline", get_timeline },
	{ "timeline-us", get_timeline_us },
	{ "plot", get_plot },
	{ "duration", get_duration },
	{ "max-packets", get_max_packets },
	{ "no-mbuf-check", get_no_mbuf_check },
	{ "track-nbls", get_track_nbls },
	{ "record-burst-stats", get_record_burst_stats },
	{ "replay", get_replay },
	{ "replay-port", get_replay_port },
	{ "multiplier", get_multiplier },
	{ "pps", get_pps },
	{ "mbps", get_mbps },
	{ "topspeed", get_topspeed },
	{ "loop", get_loop },
	{ "preload", get_preload },
	{ "replay-full", get_replay_full },
	{ "rss-key", get_rss_key },
};

static const struct config_option *
config_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < RTE_DIM(config_options); i++)
		if (strcmp(config_options[i].name, name) == 0)
			return &config_options[i];
	return NULL;
}

json_t *
nblpmd_report_config_json(const struct nblpmd_app *app)
{
	json_t *o = json_object();
	const char *name;
	unsigned int i;

	/* The option table decides the keys, so a new option shows up
	 * here; one this file cannot read is reported, not skipped. */
	for (i = 0; o != NULL && (name = nblpmd_option_name(i)) != NULL; i++) {
		const struct config_option *c = config_find(name);
		json_t *v;

		if (c == NULL) {
			fprintf(stderr, "nblpmd: --stats-json: option --%s has no "
				"value in the report's \"config\" "
				"(report/report_config.c)\n", name);
			v = json_string("unknown");
		} else {
			v = c->get(app);
		}
		if (v == NULL || json_object_set_new(o, name, v) != 0) {
			json_decref(o);
			o = NULL;
		}
	}
	return o;
}

json_t *
nblpmd_report_sizing_json(const struct nbl_sizing *sz)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < sz->nb_lines; i++) {
		const struct nbl_sizing_line *l = &sz->line[i];
		json_t *o = json_pack("{s:o, s:o, s:o, s:s, s:b, s:o}",
			"quantity", nblpmd_json_text(l->what), "given", nblpmd_json_u64(l->given),
			"needed", nblpmd_json_u64(l->needed),
			"verdict", nblpmd_sizing_verdict(l), "auto", l->is_auto,
			"rule", nblpmd_json_text(l->rule));

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

json_t *
nblpmd_report_eal_args_json(const struct nblpmd_app *app)
{
	json_t *a = json_array();
	int i;

	for (i = 0; a != NULL && i < app->nb_eal_args; i++)
		if (json_array_append_new(a,
				nblpmd_json_text(app->eal_args[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}
