/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include "cap_pvt.h"

struct rte_mbuf *
cap_record_to_mbuf(struct rte_mempool *mp, const struct cap_record *rec)
{
	struct rte_mbuf *head, *prev, *seg;
	uint32_t room, first_room, done, chunk;
	uint64_t nb_segs;

	if (mp == NULL || rec == NULL || rec->data == NULL ||
			rec->caplen == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	room = rte_pktmbuf_data_room_size(mp);
	first_room = room > RTE_PKTMBUF_HEADROOM ?
		room - RTE_PKTMBUF_HEADROOM : 0;
	if (first_room == 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	/* Segments after the first use their whole data room. */
	nb_segs = 1;
	if (rec->caplen > first_room)
		nb_segs += (rec->caplen - first_room + room - 1) / room;
	if (nb_segs > RTE_MBUF_MAX_NB_SEGS) {
		rte_errno = ERANGE;
		return NULL;
	}

	head = rte_pktmbuf_alloc(mp);
	if (head == NULL)
		goto fail_nomem;
	chunk = RTE_MIN(rec->caplen, first_room);
	memcpy(rte_pktmbuf_mtod(head, void *), rec->data, chunk);
	head->data_len = (uint16_t)chunk;
	head->pkt_len = rec->caplen;
	done = chunk;
	prev = head;
	while (done < rec->caplen) {
		seg = rte_pktmbuf_alloc(mp);
		if (seg == NULL)
			goto fail_free_chain;
		seg->data_off = 0;
		chunk = RTE_MIN(rec->caplen - done, room);
		memcpy(rte_pktmbuf_mtod(seg, void *), rec->data + done, chunk);
		seg->data_len = (uint16_t)chunk;
		prev->next = seg;
		prev = seg;
		head->nb_segs++;
		done += chunk;
	}
	return head;

fail_free_chain:
	rte_pktmbuf_free(head);
fail_nomem:
	rte_errno = ENOMEM;
	return NULL;
}
