/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * What produced a JSON report: the EAL arguments used, every option of
 * the option table (cli/options.c) with the value the run used, and the
 * sizing table printed at start.
 *
 * The table says how each option is given (its row's report kind): the
 * configuration's value by the row's type, or what the run resolved from
 * it (auto resolved to what the sizing rule or the queue computed, one
 * value per port or queue). An option whose scope the run does not meet
 * (the replay options without --replay, --capture-out outside the
 * capture consumer) is null, and so is a path not given and a pacing rate
 * other than the one in effect. A value that differs between ports or
 * queues is an array with one value per port or queue, in report order.
 */

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "consumers/fwd.h"
#include "json/json.h"
#include "report_pvt.h"

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

/* A per-port or per-queue value the run configured. */
static json_t *
config_per(const struct nblpmd_app *app, enum nblpmd_opt_report what)
{
	uint32_t v[RTE_MAX(NBLPMD_MAX_PORTS, NBLPMD_MAX_QUEUES)];
	unsigned int i, n;

	if (what <= NBLPMD_REPORT_PORT_TXD) {
		n = app->nb_ports;
		for (i = 0; i < n; i++)
			v[i] = what == NBLPMD_REPORT_PORT_RXQ ?
				app->ports[i].nb_rxq :
				what == NBLPMD_REPORT_PORT_RXD ?
				app->ports[i].nb_rxd : app->ports[i].nb_txd;
	} else {
		n = app->nb_queues;
		for (i = 0; i < n; i++)
			v[i] = what == NBLPMD_REPORT_QUEUE_DESCRIPTORS ?
				app->queues[i].descriptors :
				what == NBLPMD_REPORT_QUEUE_LOW_WATERMARK ?
				app->queues[i].low_watermark :
				app->queues[i].consumer_lcore;
	}
	return config_uniform(v, n);
}

/* 0 when off, the microseconds of a fixed hold, else the spec. */
static json_t *
config_hold_us(const struct nbl_hold_dist *d)
{
	if (d->kind == NBL_HOLD_NONE)
		return json_integer(0);
	if (d->kind == NBL_HOLD_FIXED)
		return json_real(d->a);
	return nblpmd_json_text(d->spec);
}

static json_t *
config_replay_files(const struct nblpmd_config *cfg)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < cfg->nb_replay; i++)
		if (json_array_append_new(a,
				nblpmd_json_text(cfg->replay[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* The configuration's value of a row, by its type. */
static json_t *
config_value(const struct nblpmd_config *cfg, const struct nblpmd_opt *o)
{
	const void *p = (const uint8_t *)cfg + o->offset;
	uint64_t v;

	switch (o->type) {
	case NBLPMD_OPT_FLAG:
		v = nblpmd_option_uint(cfg, o);
		return json_boolean((v != 0) !=
			((o->flags & NBLPMD_OPT_F_NEGATE) != 0));
	case NBLPMD_OPT_UINT:
	case NBLPMD_OPT_AUTO:
		return nblpmd_json_u64(nblpmd_option_uint(cfg, o));
	case NBLPMD_OPT_REAL:
		return json_real(*(const double *)p);
	case NBLPMD_OPT_PATH:
		return ((const char *)p)[0] != '\0' ?
			nblpmd_json_text(p) : json_null();
	case NBLPMD_OPT_CHOICE:
		return json_string(o->choices[nblpmd_option_uint(cfg, o)]);
	case NBLPMD_OPT_PACE:
		if (o->pace == CAP_PACE_TOPSPEED)
			return json_boolean(cfg->pace == CAP_PACE_TOPSPEED);
		return cfg->pace == o->pace ? json_real(cfg->pace_rate) :
			json_null();
	default:
		return NULL;
	}
}

/* What the run used of a row. NULL: the table has no way to say. */
static json_t *
config_option(const struct nblpmd_app *app, const struct nblpmd_opt *o)
{
	char hex[2 * CAP_RSS_KEY_LEN + 1];

	if (!nblpmd_scope_met(&app->cfg, o->scope))
		return json_null();
	switch (o->report) {
	case NBLPMD_REPORT_VALUE:
		return config_value(&app->cfg, o);
	case NBLPMD_REPORT_PORT_RXQ:
	case NBLPMD_REPORT_PORT_RXD:
	case NBLPMD_REPORT_PORT_TXD:
	case NBLPMD_REPORT_QUEUE_DESCRIPTORS:
	case NBLPMD_REPORT_QUEUE_LOW_WATERMARK:
	case NBLPMD_REPORT_QUEUE_CONSUMER_LCORE:
		return config_per(app, o->report);
	case NBLPMD_REPORT_POOL_SIZE:
		return json_integer(app->nbl_pool_count);
	case NBLPMD_REPORT_MBUFS:
		return json_integer(app->sizing.mbuf_count);
	case NBLPMD_REPORT_HOLD:
		return json_integer(app->hold);
	case NBLPMD_REPORT_MAX_SEGS:
		return json_integer(app->max_segs);
	case NBLPMD_REPORT_HOLD_US:
		return config_hold_us(&app->cfg.hold_dist);
	case NBLPMD_REPORT_REPLAY_FILES:
		return config_replay_files(&app->cfg);
	case NBLPMD_REPORT_RSS_KEY:
		/* out of a port, that port's own RSS decides */
		if (app->cfg.replay_port >= 0)
			return json_null();
		cap_rss_key_format(app->cfg.rss_key, hex, sizeof(hex));
		return json_string(hex);
	case NBLPMD_REPORT_REPLAY_PORT:
		/* the port the replay sent on: given, or the internal one */
		if (app->cfg.replay_port >= 0)
			return json_integer(app->cfg.replay_port);
		return app->replay_port != RTE_MAX_ETHPORTS ?
			json_integer(app->replay_port) : json_null();
	}
	return NULL;
}

json_t *
nblpmd_report_config_json(const struct nblpmd_app *app)
{
	json_t *o = json_object();
	unsigned int i;

	for (i = 0; o != NULL && i < nblpmd_option_count(); i++) {
		const struct nblpmd_opt *opt = nblpmd_option_at(i);
		json_t *v;

		if ((opt->flags & NBLPMD_OPT_F_HIDDEN) != 0)
			continue;
		v = config_option(app, opt);
		if (v == NULL) {
			/* a row of a type with no value of its own needs a
			 * report kind: say so rather than leave it out */
			fprintf(stderr, "nblpmd: --stats-json: option --%s has no "
				"value in the report's \"config\" (give its row a "
				"report kind, cli/options.c)\n", opt->name);
			v = json_string("unknown");
		}
		if (v == NULL || json_object_set_new(o, opt->name, v) != 0) {
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
