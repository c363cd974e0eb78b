/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Telemetry endpoints:
 *   /nbl/pools         list of NBL pool names
 *   /nbl/pool,<name>   parameters, statistics and audit of one pool
 */

#include <string.h>

#include <rte_telemetry.h>

#include "nbl_pvt.h"

static int
nbl_tel_pools(const char *cmd, const char *params, struct rte_tel_data *d)
{
	unsigned int i;

	RTE_SET_USED(cmd);
	RTE_SET_USED(params);
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

static int
nbl_tel_pool_fill(const struct nbl_pool *pool, struct rte_tel_data *d)
{
	struct nbl_pool_stats st;
	struct nbl_pool_audit a;
	struct rte_tel_data *viol;
	char tag[5];
	unsigned int k;

	viol = rte_tel_data_alloc();
	if (viol == NULL)
		return -ENOMEM;
	nbl_pool_stats_get(pool, &st);
	nbl_pool_audit(pool, &a);
	nbl_tag_string(pool->tag, tag);

	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", pool->name);
	rte_tel_data_add_dict_string(d, "tag", tag);
	rte_tel_data_add_dict_u64(d, "count", pool->count);
	rte_tel_data_add_dict_u64(d, "cache_size", pool->cache_size);
	rte_tel_data_add_dict_u64(d, "allocate_nb", pool->allocate_nb);
	rte_tel_data_add_dict_u64(d, "context_size", pool->context_size);
	rte_tel_data_add_dict_u64(d, "data_size", pool->data_size);
	rte_tel_data_add_dict_int(d, "in_use", (int)st.in_use);
	rte_tel_data_add_dict_u64(d, "allocs", st.allocs);
	rte_tel_data_add_dict_u64(d, "frees", st.frees);
	rte_tel_data_add_dict_u64(d, "cache_hits", st.cache_hits);
	rte_tel_data_add_dict_u64(d, "cache_misses", st.cache_misses);
	rte_tel_data_add_dict_u64(d, "alloc_failures", st.alloc_failures);
	rte_tel_data_add_dict_u64(d, "injected_failures",
		st.injected_failures);
	rte_tel_data_start_dict(viol);
	for (k = 0; k < NBL_VIOL_MAX; k++)
		rte_tel_data_add_dict_u64(viol, nbl_violation_name(k),
			st.violations[k]);
	rte_tel_data_add_dict_container(d, "violations", viol, 0);
	rte_tel_data_add_dict_u64(d, "free", a.free);
	rte_tel_data_add_dict_u64(d, "held", a.held);
	rte_tel_data_add_dict_u64(d, "indicated", a.indicated);
	return 0;
}

static int
nbl_tel_pool(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct nbl_pool *pool;
	int ret;

	RTE_SET_USED(cmd);
	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	rte_spinlock_lock(&nbl_pool_table_lock);
	pool = nbl_pool_lookup(params);
	ret = pool != NULL ? nbl_tel_pool_fill(pool, d) : -EINVAL;
	rte_spinlock_unlock(&nbl_pool_table_lock);
	return ret;
}

RTE_INIT(nbl_telemetry_init)
{
	rte_telemetry_register_cmd("/nbl/pools", nbl_tel_pools,
		"Returns the names of the NBL pools. Takes no parameters");
	rte_telemetry_register_cmd("/nbl/pool", nbl_tel_pool,
		"Returns parameters, statistics and audit of an NBL pool. Parameters: string pool name");
}
