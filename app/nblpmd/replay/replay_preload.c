/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --preload BYTES: a file whose records fit in BYTES is read once into one
 * malloc'd buffer of raw records (no mbufs: those would stay pinned for
 * the whole run) and looped from there instead of re-reading the file.
 * Refused records are kept too, without data, so every pass counts them.
 */

#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "replay_pvt.h"

/* One raw record of a preloaded file; data follows, 8-byte aligned. */
struct replay_prec {
	uint64_t ts_ns;
	uint32_t caplen;
	uint32_t len;
	uint8_t refusal;
	uint8_t converted;
	uint8_t pad[6];
};

/* Bytes one record takes in the buffer: header, data 8-byte aligned. */
static inline size_t
replay_prec_size(uint32_t caplen)
{
	return sizeof(struct replay_prec) + RTE_ALIGN_CEIL((size_t)caplen, 8);
}

/* The buffer holds at most what the scan counted, plus alignment. */
int
replay_preload(struct replay_file *f, uint64_t limit)
{
	struct cap_record rec;
	size_t need, cap = 0, len = 0;
	uint8_t *buf = NULL;
	int rc;

	/* records follow each other: 8-byte aligned headers need a size
	 * that is a multiple of 8 */
	RTE_BUILD_BUG_ON(sizeof(struct replay_prec) % 8 != 0);
	need = f->scan.counts.records * sizeof(struct replay_prec) +
		f->scan.counts.bytes_delivered +
		f->scan.counts.delivered * 8;
	if (need > limit)
		return 1;
	cap = need > 0 ? need : sizeof(struct replay_prec);
	buf = malloc(cap);
	if (buf == NULL)
		return 1;
	while ((rc = cap_next(f->r, &rec)) == 1) {
		struct replay_prec *p;
		uint32_t dlen = rec.refusal == CAP_REFUSAL_NONE ? rec.caplen : 0;
		size_t sz = replay_prec_size(dlen);

		if (len + sz > cap) {  /* file changed since the scan */
			free(buf);
			cap_rewind(f->r);
			return 1;
		}
		p = (struct replay_prec *)(buf + len);
		memset(p, 0, sizeof(*p));
		p->ts_ns = rec.ts_ns;
		p->caplen = dlen;
		p->len = rec.len;
		p->refusal = (uint8_t)rec.refusal;
		p->converted = rec.converted;
		if (dlen > 0)
			memcpy(p + 1, rec.data, dlen);
		len += sz;
	}
	if (rc < 0) {
		free(buf);
		return rc;
	}
	f->preload = buf;
	f->preload_len = len;
	/* the reader is not needed any more */
	cap_close(f->r);
	f->r = NULL;
	return 0;
}

bool
replay_preload_next(const struct replay_file *f, size_t *off,
		uint64_t index, struct cap_record *rec)
{
	const struct replay_prec *p;

	if (*off >= f->preload_len)
		return false;
	p = (const struct replay_prec *)(f->preload + *off);
	*rec = (struct cap_record){
		.data = p->caplen > 0 ? (const uint8_t *)(p + 1) : NULL,
		.caplen = p->caplen,
		.len = p->len,
		.ts_ns = p->ts_ns,
		.index = index,
		.refusal = (enum cap_refusal)p->refusal,
		.converted = p->converted != 0,
	};
	*off += replay_prec_size(p->caplen);
	return true;
}
