/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_REPORT_PVT_H
#define NBLPMD_REPORT_PVT_H

/**
 * @file
 * What the JSON report's parts share (report_json.c, report_config.c).
 * Main lcore only, after the run. Every function returns a new jansson
 * value the caller owns, or NULL when out of memory.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "nblpmd_app.h"

/**
 * An unsigned count as a JSON integer; above INT64_MAX (jansson's
 * integers are signed) as a real.
 */
json_t *nblpmd_json_u64(uint64_t v);

/**
 * Text as a JSON string. JSON strings are UTF-8: a path or argument that
 * is not has its other bytes written as '?'.
 */
json_t *nblpmd_json_text(const char *s);

/**
 * Add every counter of a table to obj: a scalar as a number, an array as
 * an object keyed by elem_name(i). Entries with a skip_flags flag are
 * left out.
 *
 * @return
 *   0; -ENOMEM.
 */
int nblpmd_counters_json(json_t *obj, const struct nbl_counter *table,
		unsigned int nb, const void *stats, uint8_t skip_flags);

/** "config": every option of the option table with the value used. */
json_t *nblpmd_report_config_json(const struct nblpmd_app *app);

/** "sizing": one object per line of the sizing table. */
json_t *nblpmd_report_sizing_json(const struct nbl_sizing *sz);

/** "eal_args": the EAL arguments used, as strings. */
json_t *nblpmd_report_eal_args_json(const struct nblpmd_app *app);

/* timing.c */
/**
 * A histogram of TSC cycles in us: {count, p50, p90, p99, p999, max,
 * mean} and, with buckets, "buckets": [[low_us, high_us, count], ...] for
 * every non-empty bucket. NULL h gives the zero summary.
 */
json_t *nblpmd_hist_json(const struct nbl_hist *h, bool buckets);
/** "timing": the verdict of nblpmd_timing_judge() and its figures. */
json_t *nblpmd_timing_json(const struct nblpmd_app *app,
		const struct nblpmd_timing *t);

/* report_json_forensics.c */
/** Add burst_sizes and indication_sizes to a queue's object (when kept).
 *  @return 0; -ENOMEM. */
int nblpmd_json_burst_sizes(json_t *o, const struct nblpmd_queue *q);
/** "per_lcore": the NBL pool lcore by lcore. */
json_t *nblpmd_json_pool_lcores(const struct nblpmd_snapshot *s);
/** "details": the leak report's lines. */
json_t *nblpmd_json_audit_details(const struct nblpmd_app *app);

#endif /* NBLPMD_REPORT_PVT_H */
