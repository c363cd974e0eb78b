/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * bench_mem: bytes per receive descriptor and NBL-side cache lines per
 * packet, for tests/perf/bench.sh.
 *
 * A receive descriptor is one object of the NBL pool (struct nbl with its
 * preallocated struct nb, which carries descriptor 0, as nblpmd creates
 * it: no context, no data area in zero-copy mode) plus S-1 objects of the
 * queue's buffer-descriptor pool (struct nbl_mdl) for further segments. Each mempool object also carries the mempool's header
 * and trailer and is padded to the cache line; the figures come from the
 * pools themselves (rte_mempool header_size + elt_size + trailer_size).
 *
 *   bench_mem [S]      (default S = ceil(9216 / RTE_MBUF_DEFAULT_DATAROOM),
 *                       as nblpmd computes it for --max-frame 9216)
 *
 * Cache lines per packet: the fields a single-segment zero-copy fill
 * writes and an in-place return reads or writes (the list below, what
 * lib/rxq's fill and return touch), located with offsetof() in a real
 * object of the pool, counted as distinct 64-byte lines. The queue's own
 * lines (free list, counters) and the mbuf are not counted: they are the
 * same for any layout of the descriptor.
 *
 * Prints key=value lines.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_eal.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "nbl.h"
#include "nbl_pvt.h"
#include "nbl_test.h"

/* A field a fill or a return touches: where, and how many bytes. */
struct hot_field {
	const char *name;
	const void *addr;
	size_t len;
};

#define HOT(obj, field) { #obj "." #field, &(obj)->field, \
	sizeof((obj)->field) }

/* Distinct cache lines the fields cover; prints them. */
static unsigned int
count_lines(const struct hot_field *f, unsigned int n, const char *key)
{
	uintptr_t lines[64];
	unsigned int i, k, nl = 0;

	for (i = 0; i < n; i++) {
		uintptr_t a = (uintptr_t)f[i].addr / RTE_CACHE_LINE_SIZE;
		uintptr_t b = ((uintptr_t)f[i].addr + f[i].len - 1) /
			RTE_CACHE_LINE_SIZE;

		for (; a <= b; a++) {
			for (k = 0; k < nl && lines[k] != a; k++)
				;
			if (k == nl && nl < RTE_DIM(lines))
				lines[nl++] = a;
		}
	}
	printf("%s=%u\n", key, nl);
	return nl;
}

static uint32_t
obj_size(const struct rte_mempool *mp)
{
	return mp->header_size + mp->elt_size + mp->trailer_size;
}

int
main(int argc, char **argv)
{
	struct nbl_pool_params pp = {
		.name = "bench_mem",
		.count = 640,
		.cache_size = 32,
		.allocate_nb = true,
		.context_size = 0,
		.data_size = 0,
		.tag = NBL_TAG('B', 'm', 'e', 'm'),
		.socket_id = SOCKET_ID_ANY,
	};
	unsigned int segs = (9216 + RTE_MBUF_DEFAULT_DATAROOM - 1) /
		RTE_MBUF_DEFAULT_DATAROOM;
	struct nbl_mdl_pool *mdl;
	struct nbl_pool *pool;
	uint32_t nbl_obj, mdl_obj;

	if (argc > 1)
		segs = (unsigned int)strtoul(argv[1], NULL, 0);
	if (nbl_test_eal_init("bench_mem", "0", NULL) != 0)
		return 1;
	pool = nbl_pool_create(&pp);
	mdl = nbl_mdl_pool_create_ext("bench_mem_mdl", 544 * segs, 544, 0,
		SOCKET_ID_ANY);
	if (pool == NULL || mdl == NULL || (segs > 1 && mdl->mp == NULL)) {
		printf("pool creation failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	nbl_obj = obj_size(pool->mp);
	mdl_obj = mdl->mp != NULL ? obj_size(mdl->mp) : 0;
	printf("sizeof_nbl=%zu\n", sizeof(struct nbl));
	printf("sizeof_nb=%zu\n", sizeof(struct nb));
	printf("sizeof_mdl=%zu\n", sizeof(struct nbl_mdl));
	printf("segs=%u\n", segs);
	printf("nbl_elt=%u\n", pool->mp->elt_size);
	printf("nbl_hdr=%u\n", pool->mp->header_size);
	printf("nbl_trailer=%u\n", pool->mp->trailer_size);
	printf("nbl_obj=%u\n", nbl_obj);
	printf("mdl_obj=%u\n", mdl_obj);
	printf("struct_bytes=%zu\n", sizeof(struct nbl) + sizeof(struct nb) +
		(segs - 1) * sizeof(struct nbl_mdl));
	printf("per_descriptor=%u\n", nbl_obj + (segs - 1) * mdl_obj);
	{
		struct nbl *n = nbl_alloc_with_nb(pool);
		struct nb *nb = n != NULL ? n->first_nb : NULL;
		struct nbl_mdl *d0 = nb != NULL ? &nb->mdl0 : NULL;
		const struct hot_field fill[] = {
			/* the fill: pop, state, link, mapping */
			HOT(n, first_nb), HOT(n, state), HOT(n, next),
			HOT(nb, cur_mdl_offset), HOT(nb, data_offset),
			HOT(nb, data_len), HOT(nb, mbuf),
			HOT(d0, addr), HOT(d0, len), HOT(d0, orig_len),
			HOT(d0, mbuf),
			/* the return: link, state word, record, NB */
			HOT(n, pool_id), HOT(n, flags), HOT(n, status),
			HOT(n, miniport_reserved[0]), HOT(nb, modified),
		};

		if (n == NULL) {
			printf("no NBL: %s\n", rte_strerror(rte_errno));
			return 1;
		}
		count_lines(fill, RTE_DIM(fill), "hot_lines_per_packet");
		printf("hot_line_nbl=%u\n", (unsigned int)
			((uintptr_t)&n->next - (uintptr_t)n) /
			RTE_CACHE_LINE_SIZE);
		printf("hot_line_nb=%u\n", (unsigned int)
			((uintptr_t)&nb->next - (uintptr_t)n) /
			RTE_CACHE_LINE_SIZE);
		nbl_free(n);
	}
	nbl_mdl_pool_free(mdl);
	nbl_pool_free(pool);
	rte_eal_cleanup();
	return 0;
}
