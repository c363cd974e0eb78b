/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_FWD_H
#define NBLPMD_FWD_H

/**
 * @file
 * The consumers (the protocol driver side): the modes, one small file
 * each in the manner of testpmd's forwarding engines, the hold model
 * (hold.c, --hold-us) and the test-only consumer that breaks the rules
 * (misuse.c). run/ sets them up, calls the hold model from the lcores'
 * loops and tears them down.
 *
 * An engine's process() is called on the queue's consumer lcore with each
 * indicated chain. It does its work on every NBL and returns nothing: the
 * common indicate callback (engine.c) then gives the chain back, holds it
 * (--hold-us), or leaves it alone when it was indicated with RESOURCES
 * (the queue takes those back itself and they must not be returned).
 */

#include <stdbool.h>
#include <stdint.h>

#include "nblpmd_app.h"

struct nblpmd_fwd_engine {
	const char *name;
	/** Before the ports start (main lcore); 0 or -errno. */
	int (*init)(struct nblpmd_app *app);
	/** Work on an indicated chain (consumer lcore). */
	void (*process)(struct nblpmd_queue *q, struct nbl *chain,
			uint16_t count, uint32_t flags);
	/** After every lcore has stopped (main lcore); 0 or -errno. */
	int (*fini)(struct nblpmd_app *app);
	/** nblpmd_fwd_tx_process: swap the MAC addresses before TX. */
	bool swap_macs;
};

extern const struct nblpmd_fwd_engine nblpmd_fwd_rxonly;
extern const struct nblpmd_fwd_engine nblpmd_fwd_io;
extern const struct nblpmd_fwd_engine nblpmd_fwd_macswap;
extern const struct nblpmd_fwd_engine nblpmd_fwd_capture;

/** The engine of a mode. */
const struct nblpmd_fwd_engine *nblpmd_fwd_engine_get(enum nblpmd_fwd fwd);

/** Common indicate callback given to every queue (arg: the nblpmd_queue). */
void nblpmd_indicate(struct nbl_rxq *rxq, struct nbl *chain, uint16_t count,
		uint32_t flags, void *arg);

/**
 * process() of io and macswap: send every NBL of a chain out of the
 * queue's paired port, swapping the MAC addresses first when the queue's
 * engine has swap_macs.
 */
void nblpmd_fwd_tx_process(struct nblpmd_queue *q, struct nbl *chain,
		uint16_t count, uint32_t flags);

/* ---------------------------------------------------------- hold.c */

/** Set up q's hold model: at most cap NBLs held, hold times from dist
 * keyed by (seed, q's RX queue number, k). 0 or -ENOMEM. */
int nblpmd_hold_init(struct nblpmd_queue *q, uint32_t cap,
		const struct nbl_hold_dist *dist, uint64_t seed);
void nblpmd_hold_fini(struct nblpmd_queue *q);
/** Hold every NBL of a chain (consumer lcore); now is the TSC. */
void nblpmd_hold_push(struct nblpmd_queue *q, struct nbl *chain,
		uint64_t now);
/** A RESOURCES chain of count NBLs went by: advance k past it. */
void nblpmd_hold_skip(struct nblpmd_queue *q, uint16_t count);
void nblpmd_hold_expire(struct nblpmd_queue *q, uint64_t now);
void nblpmd_hold_flush(struct nblpmd_queue *q);

/* -------------------------------------------------------- misuse.c */

/* the test-only consumer that breaks the rules (--test-leak,
 * --test-double-return, --test-foreign-return) */
bool nblpmd_misuse_on(const struct nblpmd_config *cfg);
int nblpmd_misuse_init(struct nblpmd_app *app);
void nblpmd_misuse_fini(struct nblpmd_app *app);
void nblpmd_misuse_indicate(struct nbl_rxq *rxq, struct nbl *chain,
		uint16_t count, uint32_t flags, void *arg);

#endif /* NBLPMD_FWD_H */
