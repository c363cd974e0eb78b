/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The registry of live queues and the /nbl/rxqs telemetry endpoint. The
 * telemetry thread reads counters that the owner lcores write; each is a
 * 64-bit word with one writer, so a plain read is enough. The registry
 * lock orders queue creation, free and abandonment against that reader:
 * every telemetry callback of lib/rxq reads a queue only under it, and a
 * queue leaves the registry under it before its memory can go (the free,
 * or for a queue that cannot be freed nbl_rxq_abandon() before EAL's
 * cleanup), so no reader ever touches a queue that is gone.
 */

#include <ctype.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>
#include <rte_spinlock.h>
#include <rte_telemetry.h>

#include "nbl_rxq_pvt.h"

static struct nbl_rxq *rxq_registry[NBL_RXQ_MAX_QUEUES];
static rte_spinlock_t rxq_registry_lock = RTE_SPINLOCK_INITIALIZER;

int
rxq_registry_add(struct nbl_rxq *q)
{
	unsigned int i;
	int rc = -ENOSPC;

	rte_spinlock_lock(&rxq_registry_lock);
	for (i = 0; i < NBL_RXQ_MAX_QUEUES; i++) {
		if (rxq_registry[i] == NULL) {
			rxq_registry[i] = q;
			q->registry_idx = (int)i;
			rc = 0;
			break;
		}
	}
	rte_spinlock_unlock(&rxq_registry_lock);
	return rc;
}

void
rxq_registry_del(struct nbl_rxq *q)
{
	rte_spinlock_lock(&rxq_registry_lock);
	if (q->registry_idx >= 0 && rxq_registry[q->registry_idx] == q)
		rxq_registry[q->registry_idx] = NULL;
	q->registry_idx = -1;
	rte_spinlock_unlock(&rxq_registry_lock);
}

struct nbl_rxq *
rxq_registry_find(const char *name)
{
	struct nbl_rxq *found = NULL;
	unsigned int i;

	rte_spinlock_lock(&rxq_registry_lock);
	for (i = 0; i < NBL_RXQ_MAX_QUEUES; i++) {
		if (rxq_registry[i] != NULL &&
				strcmp(rxq_registry[i]->name, name) == 0) {
			found = rxq_registry[i];
			break;
		}
	}
	rte_spinlock_unlock(&rxq_registry_lock);
	return found;
}

void
nbl_rxq_abandon(struct nbl_rxq *q)
{
	if (q != NULL)
		rxq_registry_del(q);
}

/* The first live queue of a port and queue id, under the registry lock;
 * the caller holds it. */
static struct nbl_rxq *
rxq_registry_find_port(uint16_t port_id, uint16_t queue_id)
{
	unsigned int i;

	for (i = 0; i < NBL_RXQ_MAX_QUEUES; i++) {
		struct nbl_rxq *q = rxq_registry[i];

		if (q != NULL && q->port_id == port_id &&
				q->queue_id == queue_id)
			return q;
	}
	return NULL;
}

int
rxq_registry_call(uint16_t port_id, uint16_t queue_id,
		int (*cb)(const struct nbl_rxq *q, void *arg), void *arg)
{
	struct nbl_rxq *q;
	int rc;

	rte_spinlock_lock(&rxq_registry_lock);
	q = rxq_registry_find_port(port_id, queue_id);
	rc = q != NULL ? cb(q, arg) : -ENOENT;
	rte_spinlock_unlock(&rxq_registry_lock);
	return rc;
}

void
nbl_rxq_telemetry_key(const char *name, char *key, size_t size)
{
	size_t i;

	if (size == 0)
		return;
	/* Telemetry accepts letters, digits, '_' and '/' in names. */
	for (i = 0; name[i] != '\0' && i + 1 < size; i++)
		key[i] = (isalnum((unsigned char)name[i]) || name[i] == '_' ||
			name[i] == '/') ? name[i] : '_';
	key[i] = '\0';
}

/*
 * The hold-time summary as one dictionary, hold_ns{count, p50, p90, p99,
 * p999, max}, and the poll gaps as poll_gap_ns{...}: the JSON report's
 * hold_us and poll_gap_us in whole nanoseconds (telemetry has no floating
 * point). Percentiles are not counters, so they are not in the counter
 * table. Nothing when the queue does not measure them.
 */
static int
rxq_tel_times(struct rte_tel_data *d, const struct nbl_rxq *q)
{
	struct nbl_hist_summary hs;
	struct nbl_hist *h;
	int rc = 0;

	if (nbl_rxq_hold_summary_get(q, &hs) == 0)
		rc = nbl_hist_summary_tel(d, "hold_ns", &hs);
	if (rc != 0 || q->poll_gap_hist == NULL)
		return rc;
	/* a copy: the owner may be recording; 35 KB is too much stack */
	h = rte_malloc("nbl_rxq_tel_gap", sizeof(*h), 0);
	if (h == NULL)
		return -ENOMEM;
	nbl_hist_copy(h, q->poll_gap_hist);
	nbl_hist_summarize(h, rte_get_tsc_hz(), &hs);
	rte_free(h);
	return nbl_hist_summary_tel(d, "poll_gap_ns", &hs);
}

static int
rxq_tel_one(struct rte_tel_data *d, const struct nbl_rxq *q)
{
	const struct nbl_counter *table;
	struct nbl_rxq_stats st;
	unsigned int nb;

	table = nbl_rxq_counters(&nb);
	nbl_rxq_stats_get(q, &st);
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", q->name);
	rte_tel_data_add_dict_u64(d, "port", q->port_id);
	rte_tel_data_add_dict_u64(d, "queue", q->queue_id);
	rte_tel_data_add_dict_u64(d, "descriptors", q->nb_desc);
	rte_tel_data_add_dict_u64(d, "free", q->nb_free);
	rte_tel_data_add_dict_u64(d, "low_watermark", q->low_watermark);
	rte_tel_data_add_dict_string(d, "recycle",
		q->pool_mode ? "pool" : "inplace");
	if (nbl_counters_tel(d, table, nb, &st, 0) != 0)
		return -ENOSPC;
	return rxq_tel_times(d, q);
}

static int
rxq_tel_rxqs(const char *cmd __rte_unused, const char *params,
		struct rte_tel_data *d)
{
	char key[64];
	unsigned int i;

	if (params != NULL && params[0] != '\0')
		return nbl_tel_error(d, "no parameters",
			"/nbl/rxqs takes no parameters");
	rte_tel_data_start_dict(d);
	rte_spinlock_lock(&rxq_registry_lock);
	for (i = 0; i < NBL_RXQ_MAX_QUEUES; i++) {
		struct nbl_rxq *q = rxq_registry[i];
		struct rte_tel_data *c;

		if (q == NULL)
			continue;
		c = rte_tel_data_alloc();
		if (c == NULL)
			break;
		nbl_rxq_telemetry_key(q->name, key, sizeof(key));
		if (rxq_tel_one(c, q) != 0 ||
				rte_tel_data_add_dict_container(d, key, c, 0) != 0)
			rte_tel_data_free(c);
	}
	rte_spinlock_unlock(&rxq_registry_lock);
	return 0;
}

RTE_INIT(nbl_rxq_telemetry_init)
{
	rte_telemetry_register_cmd("/nbl/rxqs", rxq_tel_rxqs,
		"Receive queues, their counters, hold times (hold_ns) and poll gaps (poll_gap_ns). No parameters");
}
