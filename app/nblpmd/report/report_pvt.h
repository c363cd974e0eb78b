/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_REPORT_PVT_H
#define NBLPMD_REPORT_PVT_H

/**
 * @file
 * What the JSON report's parts share (report_json.c, report_config.c,
 * report_json_forensics.c, timing.c), private to report/; the helpers
 * every JSON writer uses are json/json.h's. Main lcore only, after the
 * run. Every function returns a new jansson value the caller owns, or
 * NULL when out of memory.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "json/json.h"
#include "report.h"

/** "config": every option of the option table with the value used. */
json_t *nblpmd_report_config_json(const struct nblpmd_app *app);

/** "sizing": one object per line of the sizing table. */
json_t *nblpmd_report_sizing_json(const struct nbl_sizing *sz);

/** "eal_args": the EAL arguments used, as strings. */
json_t *nblpmd_report_eal_args_json(const struct nblpmd_app *app);

/* timing.c */
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
