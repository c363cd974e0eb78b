/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_RUN_H
#define NBLPMD_RUN_H

/**
 * @file
 * Start-up and shutdown, in the order main.c calls them: the ports
 * (ports.c), the queue plan, the sizing rule with H from the queue model
 * (sizing.c), the pools and the queues (setup.c), the lcores and their
 * loop (lcores.c, with the main lcore's work in main_loop.c), then the
 * teardown and its audit (setup.c). The int functions return 0 or a
 * negative errno.
 *
 * Threading: main lcore, before the launch and after every lcore has
 * returned; nblpmd_lcore_main() runs on every lcore of the run.
 */

#include <stdbool.h>
#include <stdint.h>

#include "nblpmd_app.h"

/* ---------------------------------------------------------- ports.c */

int nblpmd_ports_discover(struct nblpmd_app *app);
int nblpmd_ports_configure(struct nblpmd_app *app);
int nblpmd_ports_start(struct nblpmd_app *app);
void nblpmd_ports_close(struct nblpmd_app *app);

/* --------------------------------------------------------- sizing.c */

/**
 * The sizing rule for the planned queues (H from --hold, the queue model
 * with --hold auto, or a default), printed with where H comes from.
 *
 * @return
 *   0; -EINVAL for inputs out of range; -ENOSPC when the configuration
 *   breaks the rule (each line that does is named, with the option that
 *   would mend it).
 */
int nblpmd_sizing_apply(struct nblpmd_app *app);

/* ---------------------------------------------------------- setup.c */

int nblpmd_queues_plan(struct nblpmd_app *app);
/**
 * After the lcore plan: with io or macswap, refuse (-EINVAL) a plan in
 * which two consumer lcores would send on the same TX queue of a port.
 */
int nblpmd_queues_tx_check(struct nblpmd_app *app);
int nblpmd_pools_create(struct nblpmd_app *app);
int nblpmd_queues_create(struct nblpmd_app *app);
int nblpmd_teardown_queues(struct nblpmd_app *app);
/** At the very end, for EAL's cleanup: the queues and pools that could
 *  not be freed (NBLs leaked) leave the libraries' registries, so that
 *  no telemetry reader reaches memory rte_eal_cleanup() releases. */
void nblpmd_abandon_leaked(struct nblpmd_app *app);

/* --------------------------------------------------------- lcores.c */

int nblpmd_lcores_plan(struct nblpmd_app *app);
int nblpmd_lcore_main(void *arg);

/* ------------------------------------------------------ main_loop.c */

/** The main lcore's duties during the run (about every millisecond, from
 *  its loop in lcores.c): periodic statistics, and the end of the run by
 *  --duration, --max-packets, end of capture or end of replay. */
void nblpmd_main_tick(struct nblpmd_app *app, uint64_t now);

#endif /* NBLPMD_RUN_H */
