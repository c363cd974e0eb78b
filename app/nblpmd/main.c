/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * nblpmd [EAL options] -- [options]; with no arguments, config/default.ini.
 *
 * Life cycle as examples/l2fwd: options, EAL, ports, sizing, pools,
 * queues, launch on every lcore, run until the end, then stop, drain,
 * return all, audit, free the pool, close the ports, rte_eal_cleanup.
 * Only main() decides the exit code: 0 ok, 1 runtime failure or failed
 * audit, 2 usage or configuration error.
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "cli/cli.h"
#include "consumers/fwd.h"
#include "nblpmd_app.h"
#include "nblpmd_build_config.h"
#include "replay/replay.h"
#include "report/report.h"
#include "run/run.h"
#include "stats/stats.h"

/* Longest an orderly stop may take after a signal, in seconds. */
#define NBLPMD_STOP_LIMIT_S 10
/* Longest gnuplot may draw --plot without a signal, in seconds: the
 * reduced timeline takes it a second or two. */
#define NBLPMD_PLOT_LIMIT_S 20
/* After a signal, what the stop keeps for itself after the plot (s). */
#define NBLPMD_PLOT_MARGIN_S 1.5

volatile bool nblpmd_force_quit;
static volatile sig_atomic_t nblpmd_signal;     /* the first SIGINT/SIGTERM */
static volatile sig_atomic_t nblpmd_signal_more; /* later ones */
static volatile sig_atomic_t nblpmd_signals;    /* every one, counted */
static struct timespec nblpmd_signal_time;      /* of the first */
static volatile sig_atomic_t nblpmd_reported;   /* text and JSON written */
static struct nblpmd_app nblpmd_app;

/* Async-signal-safe: write(2) a constant message. */
static void
signal_say(const char *msg)
{
	ssize_t rc = write(STDERR_FILENO, msg, strlen(msg));

	RTE_SET_USED(rc);
}

static void
signal_set(int signum, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(signum, &sa, NULL);
}

/* The stop took too long: something is stuck (a write that never ends). */
static void
signal_stop_limit(int signum)
{
	RTE_SET_USED(signum);
	app_plot_kill();
	if (nblpmd_reported)
		signal_say("nblpmd: the stop did not end within "
			RTE_STR(NBLPMD_STOP_LIMIT_S) " s of the signal; the "
			"reports were written; exiting (exit 1)\n");
	else
		signal_say("nblpmd: the stop did not end within "
			RTE_STR(NBLPMD_STOP_LIMIT_S) " s of the signal; exiting "
			"without a report (exit 1)\n");
	_exit(NBLPMD_EXIT_RUNTIME);
}

/*
 * The first SIGINT/SIGTERM asks for an orderly stop and starts the stop
 * limit; later ones change nothing (the stop is already on its way and
 * bounded), so a supervisor that signals twice, as GNU timeout does, does
 * not cut the report short. SIGKILL forces an exit.
 */
static void
signal_handler(int signum)
{
	if (signum != SIGINT && signum != SIGTERM)
		return;
	nblpmd_signals++;
	if (nblpmd_signal != 0) {
		if (nblpmd_signal_more++ == 0)
			signal_say("nblpmd: stopping already (at most "
				RTE_STR(NBLPMD_STOP_LIMIT_S) " s); SIGKILL "
				"forces an exit\n");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &nblpmd_signal_time);
	nblpmd_signal = signum;
	nblpmd_force_quit = true;
	alarm(NBLPMD_STOP_LIMIT_S);
	/* From now on the stop writes its report: let a repeated signal
	 * restart those writes rather than interrupt them. */
	signal_set(SIGINT, signal_handler, SA_RESTART);
	signal_set(SIGTERM, signal_handler, SA_RESTART);
}

/*
 * Installed before any library constructor runs (.preinit_array), so
 * that a signal during start-up stops the run instead of killing the
 * process. Until the first signal, system calls are not restarted: a
 * start-up step blocked in one (opening a FIFO, say) returns EINTR and
 * the process stops.
 */
static void
signals_install(int argc, char **argv, char **envp)
{
	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	RTE_SET_USED(envp);
	signal_set(SIGALRM, signal_stop_limit, 0);
	signal_set(SIGINT, signal_handler, 0);
	signal_set(SIGTERM, signal_handler, 0);
}

__attribute__((section(".preinit_array"), used))
static void (*const nblpmd_preinit)(int, char **, char **) = signals_install;

/*
 * Block SIGINT and SIGTERM in the calling thread (block true) or unblock
 * them. Threads inherit the mask: EAL's threads and the replay thread are
 * created with the signals blocked, so that they always reach the main
 * thread, whose blocking system calls they interrupt.
 */
static void
signals_block(bool block)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static const char *
signal_name(void)
{
	return nblpmd_signal == SIGINT ? "SIGINT" : "SIGTERM";
}

/* Exit code for a setup step that failed with -errno. */
static int
setup_exit_code(int ret)
{
	switch (-ret) {
	case EINVAL:
	case ENOSPC:
	case ENOTSUP:
	case ENODEV:
	case ENOENT:
	case E2BIG:
	case EBADMSG:
	case EACCES:
	case EISDIR:
	case ESPIPE:
	case ENODATA:
		return NBLPMD_EXIT_USAGE;
	default:
		return NBLPMD_EXIT_RUNTIME;
	}
}

/* Room for EAL arguments beyond the command line's: a profile's [eal]
 * args (at most 64 words) and a --file-prefix. */
#define NBLPMD_EAL_EXTRA 68

/* EAL arguments: a profile's [eal] args, then the command line's, which
 * replace the profile's of the same name (cli/eal_merge.c). */
struct nblpmd_argv {
	int eal_argc;
	char **eal_argv;
	int app_argc;
	char **app_argv;
	char **profile_argv;   /* allocated by the profile, freed at exit */
	int profile_argc;
	char prefix[32];       /* --file-prefix when none is given */
};

/*
 * The profile's [eal] args merged with the command line's: what the
 * command line gives again replaces the profile's, the rest stays. Then,
 * without a --file-prefix, one of the run's own.
 */
static int
merge_eal_args(struct nblpmd_argv *a, const struct nblpmd_config *cfg,
		int max)
{
	char **prof = NULL, **cmd = NULL;
	int i, n = 0, ret = 0;

	if (cfg->config_file[0] != '\0') {
		ret = nblpmd_profile_eal_args(cfg->config_file, &a->profile_argv,
			&a->profile_argc);
		if (ret != 0)
			return ret;
	}
	if (a->profile_argc > 0) {
		prof = calloc((size_t)a->profile_argc + 2, sizeof(*prof));
		cmd = calloc((size_t)a->eal_argc + 1, sizeof(*cmd));
		if (prof == NULL || cmd == NULL) {
			ret = -ENOMEM;
			goto out;
		}
		prof[0] = a->eal_argv[0];
		for (i = 0; i < a->profile_argc; i++)
			prof[i + 1] = a->profile_argv[i];
		memcpy(cmd, a->eal_argv, (size_t)a->eal_argc * sizeof(*cmd));
		ret = nblpmd_eal_merge(a->profile_argc + 1, prof, a->eal_argc,
			cmd, a->eal_argv + 1, &n, max - 3);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: --config %s: too many EAL "
				"arguments with the profile's [eal] args\n",
				cfg->config_file);
			goto out;
		}
		a->eal_argc = n + 1;
	}
	if (!nblpmd_eal_has(a->eal_argc, a->eal_argv, "file-prefix") &&
			!nblpmd_eal_has(a->eal_argc, a->eal_argv, "proc-type")) {
		snprintf(a->prefix, sizeof(a->prefix), "nblpmd-%d",
			(int)getpid());
		a->eal_argv[a->eal_argc++] = (char *)(uintptr_t)"--file-prefix";
		a->eal_argv[a->eal_argc++] = a->prefix;
		fprintf(stderr, "nblpmd: EAL --file-prefix %s (none given: the run's "
			"own; telemetry: dpdk-telemetry.py -f %s)\n", a->prefix,
			a->prefix);
	}
	a->eal_argv[a->eal_argc] = NULL;
out:
	free(prof);
	free(cmd);
	return ret;
}

static int
split_args(int argc, char **argv, struct nblpmd_argv *a,
		struct nblpmd_config *cfg)
{
	char ini[NBLPMD_PATH_MAX];
	int dd = -1;
	int ret;
	int i;

	memset(a, 0, sizeof(*a));
	nblpmd_config_defaults(cfg);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			break;
		}
	}
	a->app_argv = calloc(argc + 1, sizeof(char *));
	a->eal_argv = calloc(argc + NBLPMD_EAL_EXTRA + 1, sizeof(char *));
	if (a->app_argv == NULL || a->eal_argv == NULL)
		return -ENOMEM;
	a->app_argv[a->app_argc++] = argv[0];
	a->eal_argv[a->eal_argc++] = argv[0];

	if (argc == 1) {
		char *cfg_argv[] = { argv[0], (char *)(uintptr_t)"--config", ini,
			NULL };

		ret = nblpmd_default_ini(ini, sizeof(ini));
		if (ret != 0)
			return ret;
		printf("nblpmd: no arguments: running the profile %s\n", ini);
		ret = nblpmd_args_parse(cfg, 3, cfg_argv);
		if (ret != 0)
			return ret;
	} else if (dd < 0 && (strcmp(argv[1], "--help") == 0 ||
			strcmp(argv[1], "-h") == 0 ||
			strcmp(argv[1], "--version") == 0)) {
		a->app_argv[a->app_argc++] = argv[1];
		return nblpmd_args_parse(cfg, a->app_argc, a->app_argv);
	} else {
		int eal_end = dd < 0 ? argc : dd;

		/* EAL would answer an nblpmd option with its whole usage */
		ret = nblpmd_args_misplaced(eal_end, argv);
		if (ret != 0)
			return ret;
		for (i = 1; i < eal_end; i++)
			a->eal_argv[a->eal_argc++] = argv[i];
		for (i = eal_end + 1; i < argc; i++)
			a->app_argv[a->app_argc++] = argv[i];
		ret = nblpmd_args_parse(cfg, a->app_argc, a->app_argv);
		if (ret != 0)
			return ret;
	}
	return merge_eal_args(a, cfg, argc + NBLPMD_EAL_EXTRA);
}

static void
free_args(struct nblpmd_argv *a)
{
	int i;

	for (i = 0; i < a->profile_argc; i++)
		free(a->profile_argv[i]);
	free(a->profile_argv);
	free(a->app_argv);
	free(a->eal_argv);
}

static void *
replay_thread(void *arg)
{
	struct nblpmd_app *app = arg;

	app->replay_ret = nblpmd_replay_run(app->replay, &app->replay_stop);
	if (app->replay_ret < 0)
		fprintf(stderr, "nblpmd: replay failed: %s\n",
			strerror(-app->replay_ret));
	return NULL;
}

/* Every RX queue reads a source that ends (a file read once, the replay). */
static void
decide_finite(struct nblpmd_app *app)
{
	unsigned int i;

	app->finite_run = app->nb_queues > 0;
	for (i = 0; i < app->nb_queues; i++) {
		const struct nblpmd_queue *q = &app->queues[i];
		bool replay = app->replay != NULL &&
			q->port_id == app->replay_port;

		if (!q->finite && !replay)
			app->finite_run = false;
	}
	if (app->finite_run)
		printf("The run ends by itself when every capture record is "
			"accounted for (or on --duration, --max-packets, a "
			"signal)\n");
}

/* A signal during setup: stop before the next step (-EINTR). */
static int
setup_step(int ret)
{
	if (ret == 0 && nblpmd_force_quit)
		return -EINTR;
	return ret;
}

static int
setup(struct nblpmd_app *app)
{
	int ret = 0;

	ret = setup_step(nblpmd_timeline_open(app));
	if (ret == 0 && app->cfg.nb_replay > 0)
		ret = setup_step(nblpmd_replay_prepare(&app->cfg, &app->replay,
				&app->replay_port));
	if (ret == 0)
		ret = setup_step(nblpmd_ports_discover(app));
	if (ret == 0)
		ret = setup_step(nblpmd_capture_scan(app));
	if (ret == 0)
		ret = setup_step(nblpmd_ports_configure(app));
	if (ret == 0)
		ret = setup_step(nblpmd_queues_plan(app));
	if (ret == 0)
		ret = setup_step(nblpmd_lcores_plan(app));
	if (ret == 0)
		ret = setup_step(nblpmd_queues_tx_check(app));
	if (ret != 0)
		return ret;
	decide_finite(app);
	ret = setup_step(nblpmd_sizing_apply(app));
	if (ret == 0)
		ret = setup_step(nblpmd_pools_create(app));
	if (ret != 0)
		return ret;
	if (app->fwd->init != NULL) {
		ret = setup_step(app->fwd->init(app));
		if (ret != 0)
			return ret;
	}
	ret = nblpmd_ports_start(app);
	if (ret != 0)
		return ret == -EINVAL ? -EIO : ret;
	return nblpmd_queues_create(app);
}

static void
run(struct nblpmd_app *app)
{
	printf("\nStart: fwd %s, recycle %s, %u port(s), %u RX queue(s); "
		"press Ctrl-C to stop\n", app->fwd->name,
		app->cfg.recycle == NBL_RXQ_RECYCLE_POOL ? "pool" : "inplace",
		app->nb_ports, app->nb_queues);
	fflush(stdout);
	app->start_tsc = rte_rdtsc();
	if (app->replay != NULL) {
		pthread_t tid;
		int rc;

		/* signals go to the main thread, not to this one */
		signals_block(true);
		rc = pthread_create(&tid, NULL, replay_thread, app);
		signals_block(false);
		if (rc != 0) {
			fprintf(stderr, "nblpmd: cannot start the replay thread\n");
			app->runtime_error = true;
			return;
		}
		app->replay_thread_started = true;
		rte_eal_mp_remote_launch(nblpmd_lcore_main, app, CALL_MAIN);
		rte_eal_mp_wait_lcore();
		app->replay_stop = true;
		pthread_join(tid, NULL);
	} else {
		rte_eal_mp_remote_launch(nblpmd_lcore_main, app, CALL_MAIN);
		rte_eal_mp_wait_lcore();
	}
	if (app->end_tsc == 0)
		app->end_tsc = rte_rdtsc();
	if (nblpmd_signal != 0 && app->end_reason == NULL)
		app->end_reason = signal_name();
	if (nblpmd_signal != 0)
		printf("\nSignal %d received, stopped.\n", (int)nblpmd_signal);
	printf("\nTelling cores to stop... done (%s)\n",
		app->end_reason != NULL ? app->end_reason : "?");
}

/*
 * How long gnuplot may draw: NBLPMD_PLOT_LIMIT_S, or after a signal what
 * is left of the stop limit less a margin; a signal while it draws stops
 * it at once (the reports are written by then).
 */
static void
plot_limit(struct app_plot_limit *limit)
{
	struct timespec now;
	double left;

	limit->seconds = NBLPMD_PLOT_LIMIT_S;
	limit->signals = &nblpmd_signals;
	if (nblpmd_signal == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	left = NBLPMD_STOP_LIMIT_S - NBLPMD_PLOT_MARGIN_S -
		((double)(now.tv_sec - nblpmd_signal_time.tv_sec) +
		(double)(now.tv_nsec - nblpmd_signal_time.tv_nsec) * 1e-9);
	limit->seconds = RTE_MIN(limit->seconds, left);
}

/* After the run (or a failed setup): give everything back; the reports
 * first, the plot last. */
static void
finish(struct nblpmd_app *app, bool ran)
{
	struct app_plot_limit limit;
	int ret;

	/* the app's endpoints read what the teardown frees (the hold
	 * model's histograms, the ports, the replay): fenced first */
	nblpmd_telemetry_close();
	if (nblpmd_timeline_close(app, ran) != 0)
		app->runtime_error = true;
	if (ran && app->fwd->fini != NULL && app->fwd->fini(app) != 0)
		app->runtime_error = true;
	else if (!ran && app->capture != NULL) {
		cap_writer_close(app->capture);
		app->capture = NULL;
		app_out_abort(&app->out_capture);
	}
	if (nblpmd_teardown_queues(app) != 0)
		app->runtime_error = true;
	nblpmd_snapshot_take(app, &app->final);
	nblpmd_timing_judge(app, &app->timing);
	if (app->nbl_pool != NULL) {
		ret = nbl_pool_free(app->nbl_pool);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: NBL pool free refused: %s (NBLs "
				"still out)\n", strerror(-ret));
			app->runtime_error = true;
		} else {
			app->nbl_pool = NULL;
			app->audit.pool_freed = true;
		}
	}
	if (app->nb_pool != NULL) {
		ret = nbl_nb_pool_free(app->nb_pool);
		if (ret != 0) {
			fprintf(stderr, "nblpmd: NB pool free refused: %s (NBs "
				"still out)\n", strerror(-ret));
			app->runtime_error = true;
		} else {
			app->nb_pool = NULL;
			app->audit.nb_pool_freed = true;
		}
	}
	if (ran) {
		nblpmd_report_print(app, stdout);
		/* a failed setup writes no report: absent, never partial */
		if (nblpmd_report_json_write(app) != 0)
			app->runtime_error = true;
		fflush(stdout);
		nblpmd_reported = 1;
	}
	nblpmd_report_json_release(app);
	nblpmd_forensics_release(app);
	nblpmd_timing_release(app);
	nblpmd_ports_close(app);
	if (app->replay != NULL) {
		nblpmd_replay_free(app->replay);
		app->replay = NULL;
	}
	rte_mempool_free(app->mbuf_pool);
	app->mbuf_pool = NULL;
	/* what could not be freed (NBLs leaked) goes with EAL's memory:
	 * out of telemetry's reach before rte_eal_cleanup() */
	nblpmd_abandon_leaked(app);
	fflush(stdout);
	/* a plot that fails or runs out of time costs the picture alone */
	plot_limit(&limit);
	if (nblpmd_timeline_finish(app, ran, &limit) != 0)
		app->runtime_error = true;
	fflush(stdout);
}

/* A signal before the run: say so; nothing was received, nothing leaked. */
static void
stopped_before_run(const struct nblpmd_app *app, const char *when)
{
	printf("\nStopped by %s %s, before the run: nothing was received.\n",
		signal_name(), when);
	printf("audit: leaked %" PRIu64 ", double returns %" PRIu64
		", foreign returns %" PRIu64 "\n", app->audit.leaked,
		app->audit.double_returns, app->audit.foreign_returns);
	fflush(stdout);
}

static int
audit_exit_code(const struct nblpmd_app *app)
{
	if (app->runtime_error || app->audit.leaked != 0 ||
			app->audit.double_returns != 0 ||
			app->audit.foreign_returns != 0)
		return NBLPMD_EXIT_RUNTIME;
	return NBLPMD_EXIT_OK;
}

int
main(int argc, char **argv)
{
	struct nblpmd_app *app = &nblpmd_app;
	struct nblpmd_argv a;
	int code = NBLPMD_EXIT_OK;
	int ret;

	ret = split_args(argc, argv, &a, &app->cfg);
	if (ret == 1) {
		free_args(&a);
		return NBLPMD_EXIT_OK;
	}
	if (ret != 0 && nblpmd_force_quit) {
		/* a signal while an option's file was read (a FIFO that
		 * waits for its writer): a stop, not a bad option */
		stopped_before_run(app, "during start-up");
		free_args(&a);
		return NBLPMD_EXIT_OK;
	}
	if (ret != 0) {
		free_args(&a);
		return ret == -ENOMEM ? NBLPMD_EXIT_RUNTIME : NBLPMD_EXIT_USAGE;
	}
	ret = nblpmd_eal_precheck(a.eal_argc, a.eal_argv);
	if (ret == 0)
		ret = nblpmd_outputs_prepare(app, a.eal_argc, a.eal_argv);
	if (ret != 0) {
		free_args(&a);
		return ret == -ENOMEM ? NBLPMD_EXIT_RUNTIME : NBLPMD_EXIT_USAGE;
	}
	ret = nblpmd_force_quit ? 0 :
		nblpmd_report_json_prepare(app, a.eal_argc, a.eal_argv);
	if (ret != 0) {
		nblpmd_report_json_release(app);
		free_args(&a);
		return ret == -ENOMEM ? NBLPMD_EXIT_RUNTIME : NBLPMD_EXIT_USAGE;
	}
	if (nblpmd_force_quit) {
		stopped_before_run(app, "before EAL started");
		nblpmd_report_json_release(app);
		free_args(&a);
		return NBLPMD_EXIT_OK;
	}

	/* EAL's threads start with the signals blocked; a signal that comes
	 * meanwhile waits and is handled once EAL is up. */
	signals_block(true);
	ret = rte_eal_init(a.eal_argc, a.eal_argv);
	signals_block(false);
	if (ret < 0) {
		fprintf(stderr, "nblpmd: EAL initialization failed: %s; check the "
			"EAL options (before --)\n", rte_strerror(rte_errno));
		nblpmd_report_json_release(app);
		free_args(&a);
		return nblpmd_force_quit ? NBLPMD_EXIT_OK : NBLPMD_EXIT_USAGE;
	}
	app->fwd = nblpmd_fwd_engine_get(app->cfg.fwd);
	nblpmd_telemetry_register(app);
	app->replay_port = RTE_MAX_ETHPORTS;
	rte_spinlock_init(&app->capture_lock);
	printf("nblpmd %s: fwd %s, recycle %s, %u lcore(s)\n", NBLPMD_VERSION,
		app->fwd->name,
		app->cfg.recycle == NBL_RXQ_RECYCLE_POOL ? "pool" : "inplace",
		rte_lcore_count());

	ret = nblpmd_force_quit ? -EINTR : setup(app);
	if (ret != 0) {
		finish(app, false);
		if (nblpmd_signal != 0) {
			/* a step the signal interrupted may have said why */
			stopped_before_run(app, "during start-up");
			code = audit_exit_code(app);
		} else {
			code = setup_exit_code(ret);
		}
	} else {
		run(app);
		finish(app, true);
		code = audit_exit_code(app);
	}
	rte_eal_cleanup();
	free_args(&a);
	return code;
}
