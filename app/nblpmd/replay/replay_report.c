/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The replay's counters as the main lcore reads them: while the run goes
 * (done, sent: the end-of-run checks) and after it (the summary of the
 * final report, the "replay" member of the JSON report). Every load is a
 * relaxed atomic one (CLOAD): the replay thread writes them.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "json/json.h"
#include "replay_pvt.h"

bool
nblpmd_replay_done(const struct nblpmd_replay *rp)
{
	return rp == NULL || CLOAD(rp, done) != 0;
}

uint64_t
nblpmd_replay_sent(const struct nblpmd_replay *rp)
{
	return rp == NULL ? 0 : CLOAD(rp, sent);
}

uint64_t
nblpmd_replay_tx_sink_bytes(const struct nblpmd_replay *rp)
{
	return rp == NULL ? 0 : CLOAD(rp, tx_sink_bytes);
}

uint64_t
nblpmd_replay_missed(const struct nblpmd_replay *rp)
{
	return rp == NULL ? 0 : CLOAD(rp, missed);
}

uint64_t
nblpmd_replay_missed_unpolled(const struct nblpmd_replay *rp)
{
	return rp == NULL ? 0 : CLOAD(rp, missed_unpolled);
}

const struct nbl_hist *
nblpmd_replay_late_hist(const struct nblpmd_replay *rp)
{
	return rp == NULL ? NULL : rp->late_hist;
}

unsigned int
nblpmd_replay_ring_count(const struct nblpmd_replay *rp)
{
	unsigned int n = 0, q;

	for (q = 0; rp != NULL && q < rp->nb_rx_rings; q++)
		n += rte_ring_count(rp->rx_rings[q]);
	return n;
}

unsigned int
nblpmd_replay_queue_ring_count(const struct nblpmd_replay *rp,
		uint16_t queue)
{
	return rp == NULL || queue >= rp->nb_rx_rings ? 0 :
		rte_ring_count(rp->rx_rings[queue]);
}

static uint64_t
replay_refused_total(const struct nblpmd_replay *rp)
{
	uint64_t t = 0;
	unsigned int i;

	for (i = 1; i < CAP_REFUSAL_MAX; i++)
		t += CLOAD(rp, refused[i]);
	return t;
}

/*
 * records = delivered + refused + lost + unread. records: every record the
 * run was to play (each file's records times --loop; with --loop 0, what
 * was read); delivered: taken by the target (the engine's queue or the
 * port's TX); lost: what --replay-full drop dropped (missed), none when
 * the replay waits; unread: the
 * rest (never read, built but not sent, or left in the internal port's
 * ring when the run ended early).
 */
struct replay_figures {
	uint64_t records;
	uint64_t delivered;
	uint64_t refused;
	uint64_t lost;
	uint64_t unread;
};

static void
replay_figures(const struct nblpmd_replay *rp, struct replay_figures *f)
{
	uint64_t read = CLOAD(rp, records);
	uint64_t planned;

	f->refused = replay_refused_total(rp);
	f->delivered = CLOAD(rp, sent) - RTE_MIN(CLOAD(rp, sent),
		CLOAD(rp, unsent_at_stop));
	/* --replay-full drop: what the full ring dropped */
	f->lost = CLOAD(rp, missed);
	if (rp->cfg->loop != 0)
		planned = rp->pass_records * rp->cfg->loop;
	else
		planned = read + CLOAD(rp, abandoned);
	/* a file that grew since the scan: what was read counts */
	f->records = RTE_MAX(planned, read + CLOAD(rp, abandoned));
	f->unread = f->records - f->delivered - f->refused - f->lost;
}

static double
replay_elapsed_s(const struct nblpmd_replay *rp)
{
	uint64_t first = CLOAD(rp, first_tsc), last = CLOAD(rp, last_tsc);

	if (first == 0 || last <= first)
		return 0;
	return (double)(last - first) / (double)rte_get_tsc_hz();
}

/*
 * What the replay achieved, as tcpreplay ends ("Actual: N packets (B
 * bytes) sent in T seconds; Rated: ... Bps, ... Mbps, ... pps"): the
 * packets and bytes the target took, over the time from the first to
 * the last; failed: what was read and not sent (refused records, and
 * packets --replay-full drop missed).
 */
struct replay_rate {
	uint64_t packets;
	uint64_t bytes;
	double elapsed_s;
	double bytes_per_s;
	double mbps;
	double pps;
	uint64_t failed;
};

static void
replay_rate(const struct nblpmd_replay *rp, struct replay_rate *r)
{
	r->packets = CLOAD(rp, sent);
	r->bytes = CLOAD(rp, sent_bytes);
	r->elapsed_s = replay_elapsed_s(rp);
	r->bytes_per_s = r->elapsed_s > 0 ? (double)r->bytes / r->elapsed_s : 0;
	r->mbps = r->bytes_per_s * 8 / 1e6;
	r->pps = r->elapsed_s > 0 ? (double)r->packets / r->elapsed_s : 0;
	r->failed = replay_refused_total(rp) + CLOAD(rp, missed);
}

/* --rxq N into the internal port: how RSS spread the records. */
static void
replay_print_queues(const struct nblpmd_replay *rp, FILE *f)
{
	char key[2 * CAP_RSS_KEY_LEN + 1];
	unsigned int q;

	if (!rp->internal || rp->nb_rx_rings <= 1)
		return;
	cap_rss_key_format(rp->rss.key, key, sizeof(key));
	fprintf(f, "  RSS over %u RX queues: Toeplitz key %s%s, indirection "
		"table of %u entries (entry i: queue i %% %u)\n",
		rp->nb_rx_rings, key, rp->cfg->rss_key_set ? "" : " (default)",
		CAP_RSS_RETA_SIZE, rp->nb_rx_rings);
	fprintf(f, "  hashed on addresses and ports: %" PRIu64 ", addresses "
		"only: %" PRIu64 ", not IP (queue 0): %" PRIu64 "\n",
		CLOAD(rp, rss_input[CAP_RSS_INPUT_L4]),
		CLOAD(rp, rss_input[CAP_RSS_INPUT_L3]),
		CLOAD(rp, rss_input[CAP_RSS_INPUT_NONE]));
	for (q = 0; q < rp->nb_rx_rings; q++)
		fprintf(f, "  queue %u: sent %-12" PRIu64 " missed %-10" PRIu64
			" unsent at stop %" PRIu64 "\n", q,
			CLOAD(rp, q_sent[q]), CLOAD(rp, q_missed[q]),
			CLOAD(rp, q_unsent[q]));
}

void
nblpmd_replay_print(const struct nblpmd_replay *rp, FILE *f)
{
	struct replay_figures fig;
	struct replay_rate rate;
	uint64_t refused;
	unsigned int i;

	if (rp == NULL)
		return;
	refused = replay_refused_total(rp);
	replay_figures(rp, &fig);
	fprintf(f, "\n  Replay %s\n", rp->internal ?
		"into the engine (internal port " REPLAY_PORT_NAME ")" :
		"out of a port");
	for (i = 0; i < rp->nb_files; i++)
		fprintf(f, "  file %s: %s%s, link type %s%s, %" PRIu64
			" records%s\n", rp->files[i].path,
			cap_format_name(rp->files[i].info.format),
			rp->files[i].info.swapped ? " (swapped)" : "",
			rp->files[i].info.linktype_name,
			rp->files[i].info.converting ? " (converted)" : "",
			rp->files[i].scan.counts.records,
			rp->files[i].preload != NULL ? ", preloaded" : "");
	if (rp->cfg->pace == CAP_PACE_TOPSPEED)
		fprintf(f, "  pace topspeed, port %u", rp->port);
	else
		fprintf(f, "  pace %s %g, port %u",
			cap_pace_mode_name(rp->cfg->pace), rp->cfg->pace_rate,
			rp->port);
	if (!rp->internal)
		fprintf(f, " TX queue %u", rp->cfg->replay_tx_queue);
	if (rp->cfg->loop == 0)
		fprintf(f, ", loops %" PRIu64 " (unlimited)\n", CLOAD(rp, loops));
	else
		fprintf(f, ", loops %" PRIu64 " of %" PRIu32 "\n",
			CLOAD(rp, loops), rp->cfg->loop);
	fprintf(f, "  records: %-12" PRIu64 " delivered: %-12" PRIu64
		" refused: %-10" PRIu64 " lost: %-6" PRIu64 " unread: %" PRIu64
		"\n", fig.records, fig.delivered, fig.refused, fig.lost,
		fig.unread);
	fprintf(f, "  sent: %-12" PRIu64 " missed: %-10" PRIu64 " converted: %"
		PRIu64 "\n", CLOAD(rp, sent), CLOAD(rp, missed),
		CLOAD(rp, converted));
	if (rp->drop)
		fprintf(f, "  ring full: drop (--replay-full drop: a packet "
			"whose deadline finds the %u-entry ring full is "
			"missed)\n", rp->cfg->rxd);
	if (refused > 0) {
		fprintf(f, "  refused by reason:");
		for (i = 1; i < CAP_REFUSAL_MAX; i++)
			if (CLOAD(rp, refused[i]) > 0)
				fprintf(f, " %s %" PRIu64,
					cap_refusal_name((enum cap_refusal)i),
					CLOAD(rp, refused[i]));
		fprintf(f, "\n");
	}
	replay_rate(rp, &rate);
	fprintf(f, "  actual: %" PRIu64 " packets (%" PRIu64 " bytes) sent in "
		"%.6f s; rated: %.1f Bps, %.2f Mbps, %.1f pps; failed: %" PRIu64
		" (refused and missed)\n", rate.packets, rate.bytes,
		rate.elapsed_s, rate.bytes_per_s, rate.mbps, rate.pps,
		rate.failed);
	fprintf(f, "  elapsed: %.6f s (first to last packet)  late (> %u us): %"
		PRIu64 "  max late: %.1f us\n", replay_elapsed_s(rp),
		REPLAY_LATE_NS / 1000, __atomic_load_n(&rp->pace.late,
		__ATOMIC_RELAXED), cap_pace_cycles_to_us(&rp->pace,
		__atomic_load_n(&rp->pace.max_late_tsc, __ATOMIC_RELAXED)));
	if (rp->pace.mode != CAP_PACE_TOPSPEED)
		nblpmd_hist_print(f, "  ", "late_us", rp->late_hist);
	if (rp->drop)
		fprintf(f, "  missed while the engine's queue went unpolled "
			"(over %u us): %" PRIu64 "\n", NBLPMD_UNPOLLED_US,
			CLOAD(rp, missed_unpolled));
	fprintf(f, "  target full: %" PRIu64 " waits, mbuf pool empty: %" PRIu64
		" waits%s\n", CLOAD(rp, waits), CLOAD(rp, mbuf_waits),
		CLOAD(rp, done) ? "" : " (stopped before the end)");
	if (CLOAD(rp, abandoned) > 0)
		fprintf(f, "  abandoned at stop: %" PRIu64 " (built, never sent)\n",
			CLOAD(rp, abandoned));
	if (rp->internal)
		fprintf(f, "  unsent at stop: %" PRIu64 " (sent, still in the "
			"port's RX ring when the run ended)  tx sink: %" PRIu64
			" (sent back by the engine, freed)\n",
			CLOAD(rp, unsent_at_stop), CLOAD(rp, tx_sink));
	replay_print_queues(rp, f);
}


/* A JSON array of one string per replayed file, given by field. */
static json_t *
replay_json_strings(const struct nblpmd_replay *rp, bool linktype)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; a != NULL && i < rp->nb_files; i++)
		json_array_append_new(a, nblpmd_json_text(linktype ?
			rp->files[i].info.linktype_name : rp->files[i].path));
	return a;
}

static json_t *
replay_json_file(const struct replay_file *rf)
{
	json_t *by = json_object();
	unsigned int k;

	for (k = 1; by != NULL && k < CAP_REFUSAL_MAX; k++)
		json_object_set_new(by, cap_refusal_name((enum cap_refusal)k),
			json_integer((json_int_t)__atomic_load_n(
				&rf->refused_by[k], __ATOMIC_RELAXED)));
	return json_pack("{s:o, s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:o}",
		"file", nblpmd_json_text(rf->path),
		"format", cap_format_name(rf->info.format),
		"linktype", rf->info.linktype_name,
		"converted", rf->info.converting,
		"records_in_file", (json_int_t)rf->scan.counts.records,
		"records", (json_int_t)__atomic_load_n(&rf->records,
			__ATOMIC_RELAXED),
		"sent", (json_int_t)__atomic_load_n(&rf->sent, __ATOMIC_RELAXED),
		"refused", (json_int_t)__atomic_load_n(&rf->refused,
			__ATOMIC_RELAXED),
		"missed", (json_int_t)__atomic_load_n(&rf->missed,
			__ATOMIC_RELAXED),
		"refused_by_reason", by != NULL ? by : json_null());
}

/*
 * The internal port's RX queues: what the replay sent to each, what each
 * ring missed and left unread; and how RSS spread them (null with one
 * queue, where nothing is hashed). Empty with --replay-port.
 */
static json_t *
replay_json_queues(const struct nblpmd_replay *rp)
{
	json_t *a = json_array();
	unsigned int q;

	for (q = 0; a != NULL && q < rp->nb_rx_rings; q++)
		json_array_append_new(a, json_pack("{s:i, s:I, s:I, s:I}",
			"queue", (int)q,
			"sent", (json_int_t)CLOAD(rp, q_sent[q]),
			"missed", (json_int_t)CLOAD(rp, q_missed[q]),
			"unsent_at_stop", (json_int_t)CLOAD(rp, q_unsent[q])));
	return a;
}

static json_t *
replay_json_rss(const struct nblpmd_replay *rp)
{
	char key[2 * CAP_RSS_KEY_LEN + 1];

	if (!rp->internal || rp->nb_rx_rings <= 1)
		return json_null();
	cap_rss_key_format(rp->rss.key, key, sizeof(key));
	return json_pack("{s:i, s:s, s:b, s:i, s:{s:I, s:I, s:I}}",
		"queues", (int)rp->nb_rx_rings,
		"key", key,
		"key_default", !rp->cfg->rss_key_set,
		"reta_size", (int)CAP_RSS_RETA_SIZE,
		"hashed",
		"l4", (json_int_t)CLOAD(rp, rss_input[CAP_RSS_INPUT_L4]),
		"l3", (json_int_t)CLOAD(rp, rss_input[CAP_RSS_INPUT_L3]),
		"none", (json_int_t)CLOAD(rp, rss_input[CAP_RSS_INPUT_NONE]));
}

json_t *
nblpmd_replay_json(const struct nblpmd_replay *rp)
{
	struct replay_figures fig;
	struct replay_rate rate;
	json_t *o, *refused, *per_file;
	unsigned int i;

	if (rp == NULL)
		return json_null();
	replay_figures(rp, &fig);
	refused = json_object();
	per_file = json_array();
	for (i = 1; refused != NULL && i < CAP_REFUSAL_MAX; i++)
		json_object_set_new(refused,
			cap_refusal_name((enum cap_refusal)i),
			json_integer((json_int_t)CLOAD(rp, refused[i])));
	for (i = 0; per_file != NULL && i < rp->nb_files; i++)
		json_array_append_new(per_file, replay_json_file(&rp->files[i]));
	o = json_pack("{s:o, s:o, s:o, s:s, s:i, s:i, s:s, s:f, s:I, s:I, s:I}",
		"files", replay_json_strings(rp, false),
		"file", nblpmd_json_text(rp->nb_files > 0 ?
			rp->files[0].path : ""),
		"linktypes", replay_json_strings(rp, true),
		"target", rp->internal ? "internal" : "port",
		"port", (int)rp->port,
		"tx_queue", rp->internal ? 0 : (int)rp->cfg->replay_tx_queue,
		"pace", cap_pace_mode_name(rp->cfg->pace),
		"rate", rp->cfg->pace_rate,
		"records_per_loop", (json_int_t)rp->pass_records,
		"records", (json_int_t)fig.records,
		"sent", (json_int_t)CLOAD(rp, sent));
	if (o == NULL) {
		json_decref(refused);
		json_decref(per_file);
		return NULL;
	}
	json_object_set_new(o, "delivered",
		json_integer((json_int_t)fig.delivered));
	json_object_set_new(o, "lost", json_integer((json_int_t)fig.lost));
	json_object_set_new(o, "unread", json_integer((json_int_t)fig.unread));
	json_object_set_new(o, "missed",
		json_integer((json_int_t)CLOAD(rp, missed)));
	json_object_set_new(o, "full", json_string(rp->drop ? "drop" : "wait"));
	json_object_set_new(o, "refused", refused);
	json_object_set_new(o, "refused_total",
		json_integer((json_int_t)replay_refused_total(rp)));
	json_object_set_new(o, "converted",
		json_integer((json_int_t)CLOAD(rp, converted)));
	json_object_set_new(o, "loops",
		json_integer((json_int_t)CLOAD(rp, loops)));
	json_object_set_new(o, "complete", json_boolean(CLOAD(rp, done)));
	json_object_set_new(o, "elapsed_s", json_real(replay_elapsed_s(rp)));
	replay_rate(rp, &rate);
	json_object_set_new(o, "sent_bytes", json_integer((json_int_t)rate.bytes));
	json_object_set_new(o, "rate_pps", json_real(rate.pps));
	json_object_set_new(o, "rate_bytes_per_s", json_real(rate.bytes_per_s));
	json_object_set_new(o, "rate_mbps", json_real(rate.mbps));
	json_object_set_new(o, "failed", json_integer((json_int_t)rate.failed));
	json_object_set_new(o, "late", json_integer((json_int_t)
		__atomic_load_n(&rp->pace.late, __ATOMIC_RELAXED)));
	json_object_set_new(o, "max_late_us", json_real(
		cap_pace_cycles_to_us(&rp->pace, __atomic_load_n(
			&rp->pace.max_late_tsc, __ATOMIC_RELAXED))));
	json_object_set_new(o, "late_threshold_us",
		json_real(REPLAY_LATE_NS / 1000.0));
	json_object_set_new(o, "late_us", nblpmd_hist_json(rp->late_hist,
		true));
	json_object_set_new(o, "missed_unpolled",
		json_integer((json_int_t)CLOAD(rp, missed_unpolled)));
	json_object_set_new(o, "waits",
		json_integer((json_int_t)CLOAD(rp, waits)));
	json_object_set_new(o, "mbuf_waits",
		json_integer((json_int_t)CLOAD(rp, mbuf_waits)));
	json_object_set_new(o, "abandoned",
		json_integer((json_int_t)CLOAD(rp, abandoned)));
	json_object_set_new(o, "unsent_at_stop",
		json_integer((json_int_t)CLOAD(rp, unsent_at_stop)));
	json_object_set_new(o, "tx_sink",
		json_integer((json_int_t)CLOAD(rp, tx_sink)));
	json_object_set_new(o, "per_file", per_file);
	json_object_set_new(o, "queues", replay_json_queues(rp));
	json_object_set_new(o, "rss", replay_json_rss(rp));
	return o;
}
