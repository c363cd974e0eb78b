/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The main lcore's duties during the run (called about every millisecond
 * from the lcore loop): periodic statistics, and the end of the run by
 * --duration, --max-packets, end of capture or end of replay. A source
 * that is still owed records and stays silent for NBLPMD_CAPTURE_IDLE_S
 * ends the run too, and the shortfall is reported as lost.
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_cycles.h>

#include "replay/replay.h"
#include "report/report.h"
#include "run.h"
#include "stats/stats.h"

static struct {
	bool init;
	uint64_t next_stats;
	uint64_t last_taken;
	uint64_t last_progress;
	struct nblpmd_snapshot prev;
	struct nblpmd_snapshot cur;
} tick_state;

static void
main_quit(struct nblpmd_app *app, uint64_t now, const char *why)
{
	if (nblpmd_force_quit)
		return;
	app->end_tsc = now;
	app->end_reason = why;
	nblpmd_force_quit = true;
}

/* Packets the internal replay port's queues have taken. */
static uint64_t
main_replay_taken(const struct nblpmd_app *app, const struct nblpmd_snapshot *s)
{
	uint64_t taken = 0;
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++)
		if (app->queues[i].port_id == app->replay_port)
			taken += s->q[i].indicated + s->q[i].refused_total;
	return taken;
}

/*
 * End of every finite source: 1 done, 0 not yet. *owed: capture records
 * still expected; *queued: replayed packets still in the internal port's
 * ring (a ring loses nothing: what the run leaves there the replay counts
 * as unsent_at_stop, never as lost).
 */
static int
main_sources_done(struct nblpmd_app *app, const struct nblpmd_snapshot *s,
		uint64_t *owed, uint64_t *queued)
{
	bool done = nblpmd_capture_done(app, s);

	*owed = nblpmd_capture_shortfall(app, s);
	*queued = 0;
	if (app->replay != NULL) {
		uint64_t sent = nblpmd_replay_sent(app->replay);
		uint64_t taken = main_replay_taken(app, s);

		if (!nblpmd_replay_done(app->replay))
			return 0;
		if (app->replay_port != RTE_MAX_ETHPORTS && taken < sent) {
			*queued = sent - taken;
			done = false;
		}
	}
	return done ? 1 : 0;
}

void
nblpmd_main_tick(struct nblpmd_app *app, uint64_t now)
{
	const struct nblpmd_config *cfg = &app->cfg;
	uint64_t hz = rte_get_tsc_hz();
	struct nblpmd_snapshot *s = &tick_state.cur;
	uint64_t taken;
	uint64_t owed = 0;
	uint64_t queued = 0;

	if (!tick_state.init) {
		tick_state.init = true;
		tick_state.last_progress = now;
		tick_state.next_stats = now + (uint64_t)(cfg->stats_period * hz);
		nblpmd_snapshot_take(app, &tick_state.prev);
	}
	if (cfg->duration > 0 &&
			now - app->start_tsc >= (uint64_t)(cfg->duration * hz)) {
		main_quit(app, now, "duration");
		return;
	}
	if (app->replay != NULL && app->replay_ret < 0) {
		app->runtime_error = true;
		main_quit(app, now, "replay failed");
		return;
	}
	nblpmd_snapshot_take(app, s);
	if (cfg->stats_period > 0 && now >= tick_state.next_stats) {
		nblpmd_stats_display(app, s, &tick_state.prev);
		tick_state.prev = *s;
		tick_state.next_stats = now + (uint64_t)(cfg->stats_period * hz);
	}
	if (cfg->max_packets != 0 && s->indicated >= cfg->max_packets) {
		main_quit(app, now, "max-packets");
		return;
	}
	if (!app->finite_run)
		return;
	if (main_sources_done(app, s, &owed, &queued) == 1) {
		main_quit(app, now, app->replay != NULL ? "end of replay" :
			"end of capture");
		return;
	}
	taken = s->indicated + s->refused;
	if (taken != tick_state.last_taken) {
		tick_state.last_taken = taken;
		tick_state.last_progress = now;
		return;
	}
	if (app->replay != NULL && !nblpmd_replay_done(app->replay))
		tick_state.last_progress = now;
	if (now - tick_state.last_progress >=
			(uint64_t)(NBLPMD_CAPTURE_IDLE_S * hz)) {
		app->lost = owed;
		app->source_idle = true;
		printf("Nothing received for %.0f s with %" PRIu64 " records "
			"still expected: ending the run, %" PRIu64 " reported "
			"as lost%s\n", NBLPMD_CAPTURE_IDLE_S, owed + queued, owed,
			queued != 0 ? " (replayed packets still in the "
			"internal port's ring are the replay's unsent_at_stop)" :
			"");
		main_quit(app, now, "source idle");
	}
}
