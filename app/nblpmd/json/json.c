/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * JSON helpers of the JSON report and the replay's member of it: counts
 * past INT64_MAX, text that is not UTF-8, times in us, and the walk of a
 * counter table (the text report's walk is stats/counters.c), so that a
 * counter has the same name in the text, the JSON and telemetry.
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

json_t *
nblpmd_json_u64(uint64_t v)
{
	if (v > (uint64_t)INT64_MAX)
		return json_real((double)v);
	return json_integer((json_int_t)v);
}

json_t *
nblpmd_json_text(const char *s)
{
	json_t *v = json_string(s != NULL ? s : "");
	char *copy;
	size_t i;

	if (v != NULL || s == NULL)
		return v;
	copy = strdup(s);
	if (copy == NULL)
		return NULL;
	for (i = 0; copy[i] != '\0'; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	v = json_string(copy);
	free(copy);
	return v;
}

double
nblpmd_json_round_us(double us)
{
	return round(us * 1000.0) / 1000.0;
}

int
nblpmd_counters_json(json_t *obj, const struct nbl_counter *table,
		unsigned int nb, const void *stats, uint8_t skip_flags)
{
	unsigned int i, k;

	for (i = 0; i < nb; i++) {
		const struct nbl_counter *c = &table[i];
		json_t *v;

		if ((c->flags & skip_flags) != 0)
			continue;
		if (c->nb_elems == 0) {
			v = c->type == NBL_COUNTER_I64 ?
				json_integer(nbl_counter_i64(c, stats, 0)) :
				nblpmd_json_u64(nbl_counter_u64(c, stats, 0));
		} else {
			v = json_object();
			for (k = 0; v != NULL && k < c->nb_elems; k++)
				if (json_object_set_new(v, c->elem_name(k),
						nblpmd_json_u64(nbl_counter_u64(c,
						stats, k))) != 0) {
					json_decref(v);
					v = NULL;
				}
		}
		if (v == NULL || json_object_set_new(obj, c->name, v) != 0)
			return -ENOMEM;
	}
	return 0;
}
