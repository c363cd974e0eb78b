/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Telemetry endpoints:
 *   /nbl/pools         list of NBL pool names
 *   /nbl/pool,<name>   parameters, statistics and audit of one pool, and
 *                      its statistics lcore by lcore (per_lcore)
 * and the walk of a counter table that every telemetry callback of the
 * project uses, so a counter has one name everywhere.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rte_telemetry.h>

#include "nbl_pvt.h"

const struct nbl_counter *
nbl_counter_find(const struct nbl_counter *table, unsigned int nb,
		const char *name)
{
	unsigned int i;

	if (table == NULL || name == NULL)
		return NULL;
	for (i = 0; i < nb; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

/* Telemetry in DPDK 22.11 has no 64-bit signed value: clamp to int. */
static int
nbl_tel_int(int64_t v)
{
	if (v > INT32_MAX)
		return INT32_MAX;
	if (v < INT32_MIN)
		return INT32_MIN;
	return (int)v;
}

int
nbl_counters_tel(struct rte_tel_data *d, const struct nbl_counter *table,
		unsigned int nb, const void *stats, uint8_t skip_flags)
{
	unsigned int i, k;

	for (i = 0; i < nb; i++) {
		const struct nbl_counter *c = &table[i];
		struct rte_tel_data *arr;
		int ret;

		if ((c->flags & skip_flags) != 0)
			continue;
		if (c->nb_elems == 0) {
			ret = c->type == NBL_COUNTER_I64 ?
				rte_tel_data_add_dict_int(d, c->name,
					nbl_tel_int(nbl_counter_i64(c, stats, 0))) :
				rte_tel_data_add_dict_u64(d, c->name,
					nbl_counter_u64(c, stats, 0));
			if (ret != 0)
				return -ENOSPC;
			continue;
		}
		arr = rte_tel_data_alloc();
		if (arr == NULL)
			return -ENOMEM;
		rte_tel_data_start_dict(arr);
		for (k = 0; k < c->nb_elems; k++)
			rte_tel_data_add_dict_u64(arr, c->elem_name(k),
				nbl_counter_u64(c, stats, k));
		if (rte_tel_data_add_dict_container(d, c->name, arr, 0) != 0) {
			rte_tel_data_free(arr);
			return -ENOSPC;
		}
	}
	return 0;
}

int
nbl_tel_error(struct rte_tel_data *d, const char *accepted,
		const char *fmt, ...)
{
	char msg[RTE_TEL_MAX_STRING_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "error", msg);
	if (accepted != NULL)
		rte_tel_data_add_dict_string(d, "accepted", accepted);
	return 0;
}

void
nbl_tel_quote(const char *param, char *out, size_t size)
{
	const size_t keep = 32;
	size_t i;

	if (size == 0)
		return;
	if (param == NULL)
		param = "";
	for (i = 0; param[i] != '\0' && i < keep && i + 1 < size; i++) {
		const unsigned char c = (unsigned char)param[i];

		out[i] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ?
			(char)c : '?';
	}
	out[i] = '\0';
	if (param[i] != '\0' && i + 4 <= size - 1)
		strcpy(out + i, "...");
}

static int
nbl_tel_pools(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int i;

	RTE_SET_USED(cmd);
	if (params != NULL && params[0] != '\0')
		return nbl_tel_error(d, "no parameters",
			"/nbl/pools takes no parameters");
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	rte_spinlock_lock(&nbl_pool_table_lock);
	for (i = 0; i < NBL_MAX_POOLS; i++)
		if (nbl_pool_table[i] != NULL)
			rte_tel_data_add_array_string(d, nbl_pool_table[i]->name);
	rte_spinlock_unlock(&nbl_pool_table_lock);
	return 0;
}

static void
nbl_tag_string(uint32_t tag, char out[5])
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		char c = (char)((tag >> (8 * i)) & 0xff);

		out[i] = (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ?
			c : '.';
	}
	out[4] = '\0';
}

/* "per_lcore": one dict per lcore, keyed by its id ("non_eal" for the
 * slot non-EAL threads share), with the fields of
 * struct nbl_pool_lcore_figures. */
static int
nbl_tel_per_lcore(const struct nbl_pool *pool, struct rte_tel_data *d)
{
	struct nbl_pool_lcore_figures f[RTE_MAX_LCORE + 1];
	struct rte_tel_data *all;
	int i, n;

	n = nbl_pool_lcore_figures_get(pool, f, RTE_DIM(f));
	if (n < 0)
		return n;
	all = rte_tel_data_alloc();
	if (all == NULL)
		return -ENOMEM;
	rte_tel_data_start_dict(all);
	for (i = 0; i < n; i++) {
		struct rte_tel_data *c = rte_tel_data_alloc();
		char key[16];

		if (c == NULL) {
			rte_tel_data_free(all);
			return -ENOMEM;
		}
		rte_tel_data_start_dict(c);
		if (f[i].lcore < RTE_MAX_LCORE) {
			snprintf(key, sizeof(key), "%u", f[i].lcore);
			rte_tel_data_add_dict_int(c, "lcore", (int)f[i].lcore);
		} else {
			snprintf(key, sizeof(key), "non_eal");
			rte_tel_data_add_dict_int(c, "lcore", -1);
		}
		rte_tel_data_add_dict_u64(c, "allocs", f[i].allocs);
		rte_tel_data_add_dict_u64(c, "frees", f[i].frees);
		rte_tel_data_add_dict_u64(c, "cache_hits", f[i].cache_hits);
		rte_tel_data_add_dict_u64(c, "cache_misses", f[i].cache_misses);
		rte_tel_data_add_dict_u64(c, "cached", f[i].cached);
		if (rte_tel_data_add_dict_container(all, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	if (rte_tel_data_add_dict_container(d, "per_lcore", all, 0) != 0) {
		rte_tel_data_free(all);
		return -ENOSPC;
	}
	return 0;
}

static int
nbl_tel_pool_fill(const struct nbl_pool *pool, struct rte_tel_data *d)
{
	const struct nbl_counter *table;
	struct nbl_pool_stats st;
	struct nbl_pool_audit a;
	unsigned int nb;
	char tag[5];
	int ret;

	nbl_pool_stats_get(pool, &st);
	nbl_pool_audit(pool, &a);
	nbl_tag_string(pool->tag, tag);
	table = nbl_pool_counters(&nb);

	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", pool->name);
	rte_tel_data_add_dict_string(d, "tag", tag);
	rte_tel_data_add_dict_u64(d, "count", pool->count);
	rte_tel_data_add_dict_u64(d, "cache_size", pool->cache_size);
	rte_tel_data_add_dict_u64(d, "allocate_nb", pool->allocate_nb);
	rte_tel_data_add_dict_u64(d, "context_size", pool->context_size);
	rte_tel_data_add_dict_u64(d, "data_size", pool->data_size);
	ret = nbl_counters_tel(d, table, nb, &st, 0);
	if (ret != 0)
		return ret;
	rte_tel_data_add_dict_u64(d, "free", a.free);
	rte_tel_data_add_dict_u64(d, "held", a.held);
	rte_tel_data_add_dict_u64(d, "indicated", a.indicated);
	return nbl_tel_per_lcore(pool, d);
}

#define NBL_TEL_POOL_ACCEPTED "NAME: the name of a pool /nbl/pools lists"

static int
nbl_tel_pool(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct nbl_pool *pool;
	char q[40];
	int ret;

	RTE_SET_USED(cmd);
	if (params == NULL || params[0] == '\0')
		return nbl_tel_error(d, NBL_TEL_POOL_ACCEPTED,
			"no pool named: /nbl/pool,NAME");
	/* Under the table lock: a pool cannot be freed while read. */
	rte_spinlock_lock(&nbl_pool_table_lock);
	pool = nbl_pool_lookup(params);
	ret = pool != NULL ? nbl_tel_pool_fill(pool, d) : -ENOENT;
	rte_spinlock_unlock(&nbl_pool_table_lock);
	if (ret == -ENOENT) {
		nbl_tel_quote(params, q, sizeof(q));
		return nbl_tel_error(d, NBL_TEL_POOL_ACCEPTED,
			"no NBL pool named '%s'", q);
	}
	return ret;
}

RTE_INIT(nbl_telemetry_init)
{
	rte_telemetry_register_cmd("/nbl/pools", nbl_tel_pools,
		"Returns the names of the NBL pools. Takes no parameters");
	rte_telemetry_register_cmd("/nbl/pool", nbl_tel_pool,
		"Returns parameters, statistics and audit of an NBL pool. Parameters: string pool name");
}
