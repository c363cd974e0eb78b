/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * net_pcap rx_pcap files: the pre-scan that knows every record of a file
 * in order, the RX callback that refuses on the queue what the pre-scan
 * refused, and the record tables the capture consumer writes back from
 * (replay.h has the contract).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_branch_prediction.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "replay.h"

/* ------------------------------------------------------------ tables */

int
nblpmd_records_add(struct nblpmd_records *t, uint64_t ts_ns, uint32_t caplen,
		uint32_t len)
{
	if (t->n == t->size) {
		uint64_t size = t->size == 0 ? 1024 : t->size * 2;
		struct nblpmd_record *r = realloc(t->r, size * sizeof(*r));

		if (r == NULL)
			return -ENOMEM;
		t->r = r;
		t->size = size;
	}
	t->r[t->n++] = (struct nblpmd_record){
		.ts_ns = ts_ns,
		.caplen = caplen,
		.len = len,
	};
	return 0;
}

void
nblpmd_records_free(struct nblpmd_records *t)
{
	free(t->r);
	t->r = NULL;
	t->n = 0;
	t->size = 0;
}

const struct nblpmd_record *
nblpmd_records_match(const struct nblpmd_records *t, uint64_t *cursor,
		uint64_t ts, uint32_t caplen)
{
	uint64_t c = *cursor, k, j;

	if (t == NULL || t->n == 0)
		return NULL;
	if (c >= t->n) {
		if (!t->wraps)
			return NULL;
		c = 0;
	}
	/* Normally the entry at the cursor: only a packet the queue refused
	 * or net_pcap lost leaves entries behind, and those are skipped. */
	for (k = 0; k < t->n; k++) {
		const struct nblpmd_record *e;

		j = c + k;
		if (j >= t->n) {
			if (!t->wraps)
				break;
			j -= t->n;
		}
		e = &t->r[j];
		if (e->caplen == caplen && e->ts_ns / t->ts_div == ts) {
			*cursor = j + 1;
			return e;
		}
	}
	return NULL;
}

/* ------------------------------------------------------------ pre-scan */

struct capfile_scan_arg {
	struct nblpmd_capfile *cf;
	bool keep_records;
};

static int
capfile_refuse_add(struct nblpmd_capfile *cf, uint64_t index,
		enum cap_refusal why)
{
	if (cf->nb_refuse == cf->refuse_size) {
		uint64_t size = cf->refuse_size == 0 ? 64 : cf->refuse_size * 2;
		uint64_t *at = realloc(cf->refuse_at, size * sizeof(*at));
		uint8_t *wh;

		if (at == NULL)
			return -ENOMEM;
		cf->refuse_at = at;
		wh = realloc(cf->refuse_why, size * sizeof(*wh));
		if (wh == NULL)
			return -ENOMEM;
		cf->refuse_why = wh;
		cf->refuse_size = size;
	}
	cf->refuse_at[cf->nb_refuse] = index;
	cf->refuse_why[cf->nb_refuse] = (uint8_t)why;
	cf->nb_refuse++;
	return 0;
}

/* Each record: refused ones net_pcap will deliver go on the refuse list,
 * delivered ones into the table the capture consumer writes back from. */
static int
capfile_record(const struct cap_record *rec, void *arg)
{
	struct capfile_scan_arg *a = arg;

	switch (rec->refusal) {
	case CAP_REFUSAL_NONE:
		if (!a->keep_records)
			return 0;
		return nblpmd_records_add(&a->cf->records, rec->ts_ns,
			rec->caplen, rec->len);
	case CAP_REFUSAL_TRUNCATED:
	case CAP_REFUSAL_UNREADABLE:
		/* the rest of the file: net_pcap never returns it */
		return 0;
	default:
		return capfile_refuse_add(a->cf, rec->index, rec->refusal);
	}
}

int
nblpmd_capfile_scan(const char *file, uint32_t max_frame, bool infinite,
		bool keep_records, struct cap_scan_result *res,
		struct nblpmd_capfile **cfp, char *err, size_t errlen)
{
	struct cap_open_params op = {
		.max_frame = max_frame,
		.convert = false,
	};
	struct capfile_scan_arg a;
	struct nblpmd_capfile *cf;
	int ret;

	*cfp = NULL;
	cf = calloc(1, sizeof(*cf));
	if (cf == NULL) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -ENOMEM;
	}
	cf->infinite = infinite;
	/* net_pcap's timestamps have microseconds */
	cf->records.ts_div = 1000;
	cf->records.wraps = infinite;
	a.cf = cf;
	a.keep_records = keep_records;
	ret = cap_scan_records(file, &op, res, capfile_record, &a, err, errlen);
	if (ret != 0) {
		nblpmd_capfile_free(cf);
		return ret;
	}
	cf->readable = res->netpcap_records;
	*cfp = cf;
	return 0;
}

/* ------------------------------------------------------------ RX callback */

#define CF_STORE(field, v) __atomic_store_n(&(field), (v), __ATOMIC_RELAXED)
#define CF_LOAD(field) __atomic_load_n(&(field), __ATOMIC_RELAXED)

/*
 * First position at or after pos where the callback has work: the next
 * record to refuse, the end of the file, or (infinite_rx) the start of
 * the next pass, where the refuse list starts again.
 */
static inline uint64_t
capfile_stop(const struct nblpmd_capfile *cf, uint64_t pos)
{
	uint64_t base = 0;

	if (cf->infinite && cf->readable > 0) {
		base = pos - pos % cf->readable;
		if (pos == base)
			return pos;
	}
	if (cf->next < cf->nb_refuse)
		return base + cf->refuse_at[cf->next];
	return base + cf->readable;
}

static uint16_t
capfile_rx(uint16_t port_id, uint16_t queue, struct rte_mbuf *pkts[],
		uint16_t nb_pkts, uint16_t max_pkts, void *arg)
{
	struct nblpmd_capfile *cf = arg;
	uint64_t pos = cf->pos;
	uint64_t next = cf->next;
	uint64_t past = 0, refused = 0;
	uint16_t i, out = 0;

	RTE_SET_USED(port_id);
	RTE_SET_USED(queue);
	RTE_SET_USED(max_pkts);
	if (likely(pos + nb_pkts <= capfile_stop(cf, pos))) {
		cf->pos = pos + nb_pkts;
		return nb_pkts;
	}
	for (i = 0; i < nb_pkts; i++, pos++) {
		struct rte_mbuf *m = pkts[i];
		uint64_t idx;

		if (cf->readable == 0 || (!cf->infinite && pos >= cf->readable)) {
			/* what libpcap made of the bytes after an unreadable
			 * point: no record of the file */
			rte_pktmbuf_free(m);
			past++;
			continue;
		}
		idx = cf->infinite ? pos % cf->readable : pos;
		if (idx == 0)
			next = 0;
		if (next < cf->nb_refuse && cf->refuse_at[next] == idx) {
			uint8_t why = cf->refuse_why[next++];

			rte_pktmbuf_free(m);
			CF_STORE(cf->refused[why], cf->refused[why] + 1);
			refused++;
			continue;
		}
		pkts[out++] = m;
	}
	cf->pos = pos;
	cf->next = next;
	if (refused > 0)
		CF_STORE(cf->refused_total, cf->refused_total + refused);
	if (past > 0)
		CF_STORE(cf->past_end, cf->past_end + past);
	return out;
}

int
nblpmd_capfile_attach(struct nblpmd_capfile *cf, uint16_t port_id,
		uint16_t queue_id)
{
	cf->port_id = port_id;
	cf->queue_id = queue_id;
	cf->cb = rte_eth_add_rx_callback(port_id, queue_id, capfile_rx, cf);
	if (cf->cb == NULL)
		return rte_errno != 0 ? -rte_errno : -ENOTSUP;
	return 0;
}

void
nblpmd_capfile_free(struct nblpmd_capfile *cf)
{
	if (cf == NULL)
		return;
	/* The port is stopped and no lcore polls it: the callback can go. */
	if (cf->cb != NULL &&
			rte_eth_remove_rx_callback(cf->port_id, cf->queue_id,
				cf->cb) == 0)
		rte_free((void *)(uintptr_t)cf->cb);
	cf->cb = NULL;
	nblpmd_records_free(&cf->records);
	free(cf->refuse_at);
	free(cf->refuse_why);
	free(cf);
}

uint64_t
nblpmd_capfile_refused(const struct nblpmd_capfile *cf, enum cap_refusal why)
{
	if (cf == NULL || (unsigned int)why >= CAP_REFUSAL_MAX)
		return 0;
	return CF_LOAD(cf->refused[why]);
}

uint64_t
nblpmd_capfile_refused_total(const struct nblpmd_capfile *cf)
{
	return cf != NULL ? CF_LOAD(cf->refused_total) : 0;
}

uint64_t
nblpmd_capfile_past_end(const struct nblpmd_capfile *cf)
{
	return cf != NULL ? CF_LOAD(cf->past_end) : 0;
}
