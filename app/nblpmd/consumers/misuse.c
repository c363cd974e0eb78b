/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Test only: a consumer that breaks the NDIS rules on purpose, so that the
 * tests can show the leak report naming what went wrong. Set up only with
 * the test-only options (hidden rows of the option table, cli/options.c);
 * without them no queue uses this callback and nothing here runs. Per
 * queue:
 *
 * - --test-leak N: the first N NBLs indicated (RESOURCES ones aside, which
 *   the queue takes back itself) are kept and never returned: leaked;
 * - --test-double-return N: N times, the first NBL of a chain is returned
 *   alone, the rest of the chain after it, then that first NBL again: a
 *   double return (the consumer returns at once, not with --hold-us);
 * - --test-foreign-return N: N NBLs of a pool of the consumer's own
 *   (nblpmd_test) are indicated to nobody and returned to the queue:
 *   foreign returns. They are taken back and freed at teardown.
 *
 * Everything else is the common callback (engine.c).
 */

#include <stdio.h>
#include <string.h>

#include "fwd.h"

#define MISUSE_POOL_NAME "nblpmd_test"

int
nblpmd_misuse_init(struct nblpmd_app *app)
{
	const struct nblpmd_config *cfg = &app->cfg;
	struct nbl_pool_params p;
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_misuse *m = &app->queues[i].misuse;

		m->leak_left = cfg->test_leak;
		m->double_left = cfg->test_double_return;
		m->foreign_left = cfg->test_foreign_return;
		m->foreign = NULL;
	}
	if (cfg->test_foreign_return == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	p.name = MISUSE_POOL_NAME;
	p.count = cfg->test_foreign_return * app->nb_queues;
	p.allocate_nb = true;
	p.tag = NBL_TAG('T', 'e', 's', 't');
	p.socket_id = SOCKET_ID_ANY;
	app->misuse_pool = nbl_pool_create(&p);
	if (app->misuse_pool == NULL) {
		fprintf(stderr, "nblpmd: --test-foreign-return %u: pool of %u "
			"NBLs: %s\n", cfg->test_foreign_return, p.count,
			rte_strerror(rte_errno));
		return -rte_errno;
	}
	return 0;
}

/* After the lcores stopped: take back and free the foreign NBLs. */
void
nblpmd_misuse_fini(struct nblpmd_app *app)
{
	unsigned int i;

	for (i = 0; i < app->nb_queues; i++) {
		struct nblpmd_misuse *m = &app->queues[i].misuse;

		while (m->foreign != NULL) {
			struct nbl *n = m->foreign;

			m->foreign = n->next;
			n->next = NULL;
			if (nbl_check_return(app->misuse_pool, n) == 0)
				nbl_free(n);
		}
	}
	if (app->misuse_pool != NULL && nbl_pool_free(app->misuse_pool) == 0)
		app->misuse_pool = NULL;
}

static void
misuse_foreign(struct nblpmd_queue *q, struct nblpmd_misuse *m)
{
	struct nbl *n = nbl_alloc_with_nb(q->app->misuse_pool);

	if (n == NULL || nbl_mark_indicated(n) != 0)
		return;
	/* refused: the queue never touches it, so it stays ours */
	nbl_rxq_return(q->rxq, n);
	n->next = m->foreign;
	m->foreign = n;
	m->foreign_left--;
}

void
nblpmd_misuse_indicate(struct nbl_rxq *rxq, struct nbl *chain,
		uint16_t count, uint32_t flags, void *arg)
{
	struct nblpmd_queue *q = arg;
	struct nblpmd_misuse *m = &q->misuse;
	uint16_t kept = 0;

	if (m->foreign_left > 0)
		misuse_foreign(q, m);
	if ((flags & NBL_RXQ_IND_RESOURCES) != 0) {
		nblpmd_indicate(rxq, chain, count, flags, arg);
		return;
	}
	while (m->leak_left > 0 && chain != NULL) {
		struct nbl *n = chain;

		chain = n->next;
		n->next = NULL;
		m->leak_left--;
		kept++;
	}
	if (kept > 0)
		__atomic_store_n(&q->fs.consumed, q->fs.consumed + kept,
			__ATOMIC_RELEASE);
	if (chain == NULL)
		return;
	count -= kept;
	if (m->double_left > 0 && q->hold.cap == 0) {
		struct nbl *first = chain;

		/* returned alone, so its link is NULL when returned again */
		chain = first->next;
		first->next = NULL;
		nblpmd_indicate(rxq, first, 1, flags, arg);
		if (chain != NULL)
			nblpmd_indicate(rxq, chain, count - 1, flags, arg);
		nbl_rxq_return(q->rxq, first);
		m->double_left--;
		return;
	}
	nblpmd_indicate(rxq, chain, count, flags, arg);
}

bool
nblpmd_misuse_on(const struct nblpmd_config *cfg)
{
	return cfg->test_leak != 0 || cfg->test_double_return != 0 ||
		cfg->test_foreign_return != 0;
}
