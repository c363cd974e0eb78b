/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_JSON_H
#define NBLPMD_JSON_H

/**
 * @file
 * How nblpmd writes values: JSON helpers (jansson), and a histogram of
 * TSC cycles in microseconds, summarised, as a text line and as a JSON
 * object, so that the text report, the replay summary, the JSON report
 * and telemetry give the same figures. The JSON report (report/) and the
 * replay's member of it (replay/) both use them; nothing here knows the
 * application's state.
 *
 * Main lcore or telemetry thread; no state. Every json_t function returns
 * a new jansson value the caller owns, or NULL when out of memory.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "nbl.h"
#include "nbl_hist.h"

/* ----------------------------------------------------------- json.c */

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

/** A time in us to the ns: what the text report prints (%.3f). */
double nblpmd_json_round_us(double us);

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

/* ----------------------------------------------------------- hist.c */

/** A histogram of TSC cycles summarised in us (zero for NULL). */
void nblpmd_hist_summary(const struct nbl_hist *h,
		struct nbl_hist_summary *s);

/** "name: count N, p50 .., p90 .., p99 .., p999 .., max .." in us. */
void nblpmd_hist_print(FILE *f, const char *indent, const char *name,
		const struct nbl_hist *h);

/**
 * A histogram of TSC cycles in us: {count, p50, p90, p99, p999, max,
 * mean} and, with buckets, "buckets": [[low_us, high_us, count], ...] for
 * every non-empty bucket. NULL h gives the zero summary.
 */
json_t *nblpmd_hist_json(const struct nbl_hist *h, bool buckets);

#endif /* NBLPMD_JSON_H */
