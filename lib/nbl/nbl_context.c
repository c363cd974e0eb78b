/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * NBL context areas. As in NDIS, the context grows downward from the end
 * of the area: the newest allocation is at ctx + ctx_size - ctx_used, so
 * an earlier allocation keeps its address when a later one is stacked
 * in front of it.
 */

#include <rte_errno.h>

#include "nbl_pvt.h"

void *
nbl_context_alloc(struct nbl *nbl, uint16_t size)
{
	if (nbl == NULL || size == 0 || size % NBL_CONTEXT_ALIGN != 0) {
		rte_errno = EINVAL;
		return NULL;
	}
	if ((uint32_t)nbl->ctx_used + size > nbl->ctx_size) {
		rte_errno = ENOSPC;
		return NULL;
	}
	nbl->ctx_used += size;
	nbl->flags |= NBL_F_MODIFIED;
	return nbl->ctx + nbl->ctx_size - nbl->ctx_used;
}

int
nbl_context_free(struct nbl *nbl, uint16_t size)
{
	if (nbl == NULL || size > nbl->ctx_used ||
			size % NBL_CONTEXT_ALIGN != 0)
		return -EINVAL;
	nbl->ctx_used -= size;
	nbl->flags |= NBL_F_MODIFIED;
	return 0;
}
