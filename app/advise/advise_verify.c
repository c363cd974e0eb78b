/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * --verify: replay the captures through nblpmd with NIC-like loss
 * (--replay-full drop) at the advised D and at 0.9 x D, with the same
 * pacing, hold times and seed, and set what it measured (its --stats-json
 * report) beside what the model predicted.
 *
 * nblpmd is the one of the same build or install: beside this program
 * (an install puts both in bin/), or ../nblpmd/nblpmd (the build tree:
 * build/app/advise/ and build/app/nblpmd/), unless --nblpmd names one.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "advise.h"

#define VERIFY_LOG_TAIL 30

int
advise_verify_find(struct advise_opts *o, const char *argv0)
{
	static char found[PATH_MAX];
	static const char *const rel[] = { "nblpmd", "../nblpmd/nblpmd" };
	char self[PATH_MAX], dir[PATH_MAX];
	ssize_t n;
	size_t i;

	if (!o->verify)
		return 0;
	if (o->nblpmd != NULL) {
		if (access(o->nblpmd, X_OK) == 0)
			return 0;
		fprintf(stderr, "nblpmd-advise: --nblpmd %s: %s; give the nblpmd "
			"binary\n", o->nblpmd, strerror(errno));
		return -ENOENT;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		snprintf(self, sizeof(self), "%s", argv0);
	else
		self[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", self);
	for (i = 0; i < RTE_DIM(rel); i++) {
		snprintf(found, sizeof(found), "%s/%s", dirname(dir), rel[i]);
		snprintf(dir, sizeof(dir), "%s", self);
		if (access(found, X_OK) == 0) {
			char cwd[PATH_MAX];
			size_t n;

			/* the real path, relative to the working directory
			 * when it lies below it */
			if (realpath(found, self) != NULL) {
				n = getcwd(cwd, sizeof(cwd)) != NULL ?
					strlen(cwd) : 0;
				if (n > 1 && strncmp(self, cwd, n) == 0 &&
						self[n] == '/')
					snprintf(found, sizeof(found), "%s",
						self + n + 1);
				else
					snprintf(found, sizeof(found), "%s", self);
			}
			o->nblpmd = found;
			return 0;
		}
	}
	fprintf(stderr, "nblpmd-advise: --verify: no nblpmd beside %s (looked "
		"for nblpmd and ../nblpmd/nblpmd); give --nblpmd PATH\n", self);
	return -ENOENT;
}

static void
verify_log_tail(const char *log)
{
	char line[512];
	long n = 0, skip;
	FILE *f = fopen(log, "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		n++;
	rewind(f);
	skip = n > VERIFY_LOG_TAIL ? n - VERIFY_LOG_TAIL : 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (skip-- <= 0)
			fprintf(stderr, "  | %s", line);
	fclose(f);
}

static uint64_t
json_u64(json_t *o, const char *key, bool *ok)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v)) {
		*ok = false;
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

/* The figures of nblpmd's report; false names what is missing. */
static bool
verify_read_report(const char *path, struct advise_check *c,
		const char **missing)
{
	json_error_t je;
	json_t *root, *qs, *q, *replay, *timing;
	bool ok = true;
	size_t i;

	root = json_load_file(path, 0, &je);
	if (root == NULL) {
		*missing = "a JSON report";
		return false;
	}
	replay = json_object_get(root, "replay");
	c->missed = json_u64(replay, "missed", &ok);
	if (!ok) {
		*missing = "replay.missed (an nblpmd without --replay-full drop?)";
		json_decref(root);
		return false;
	}
	qs = json_object_get(root, "rx_queues");
	if (!json_is_array(qs) || json_array_size(qs) == 0)
		ok = false;
	json_array_foreach(qs, i, q) {
		json_t *cons = json_object_get(q, "consumer");
		uint64_t held = json_u64(cons, "held_max", &ok);

		c->resources_nbls += json_u64(q, "resources_nbls", &ok);
		c->resources_indications += json_u64(q,
			"resources_indications", &ok);
		c->indicated += json_u64(q, "indicated", &ok);
		if (held > c->held_max)
			c->held_max = held;
	}
	timing = json_object_get(root, "timing");
	if (json_is_object(timing)) {
		const char *why = json_string_value(json_object_get(timing,
			"reasons"));

		c->kept_time = json_is_true(json_object_get(timing,
			"kept_time"));
		c->late_p99_us = json_number_value(json_object_get(timing,
			"replay_late_p99_us"));
		c->unpolled_share = json_number_value(json_object_get(timing,
			"unpolled_share"));
		c->lag_p99_us = json_number_value(json_object_get(timing,
			"return_lag_p99_us"));
		c->missed_unpolled = json_u64(timing, "missed_unpolled", &ok);
		snprintf(c->reasons, sizeof(c->reasons), "%s",
			why != NULL ? why : "");
	} else {
		ok = false;
	}
	json_decref(root);
	if (!ok) {
		*missing = "rx_queues[] with resources_nbls, "
			"resources_indications, indicated and consumer.held_max, "
			"and timing";
		return false;
	}
	return true;
}

/* One nblpmd run at d with a seed; its output goes to a log kept on
 * failure. */
static int
verify_run(const struct advise_opts *o, const struct advise_result *res,
		unsigned int idx, const char *tmp, struct advise_check *c)
{
	char json[PATH_MAX], log[PATH_MAX], prefix[64];
	char *argv[128];
	char num[16][32];
	const char *missing = "";
	uint32_t d = c->descriptors;
	int argc, status, fd;
	pid_t pid;

	snprintf(json, sizeof(json), "%s/run-%u.json", tmp, idx);
	snprintf(log, sizeof(log), "%s/run-%u.log", tmp, idx);
	snprintf(prefix, sizeof(prefix), "nblpmd-advise-%d-%u", (int)getpid(),
		idx);
	if (advise_command(o, d, res->rxd, c->seed, prefix, json, argv,
			&argc, (int)RTE_DIM(argv), num) != 0) {
		fprintf(stderr, "nblpmd-advise: --verify: command line too "
			"long\n");
		return -E2BIG;
	}
	printf("  running: ");
	advise_print_words(argv, argc, stdout);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
		execv(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "nblpmd-advise: --verify: nblpmd at D %u %s %d; "
			"its output (%s):\n", d, WIFEXITED(status) ?
			"exited with" : "was killed by signal", WIFEXITED(status) ?
			WEXITSTATUS(status) : WTERMSIG(status), log);
		verify_log_tail(log);
		return -EIO;
	}
	if (!verify_read_report(json, c, &missing)) {
		fprintf(stderr, "nblpmd-advise: --verify: %s: no %s in nblpmd's "
			"report\n", json, missing);
		return -EIO;
	}
	c->ran = true;
	unlink(json);
	unlink(log);
	return 0;
}

static bool
check_meets(const struct advise_opts *o, const struct advise_result *res,
		const struct advise_check *c)
{
	double pk = (double)res->arr.n;

	return (double)c->missed <= o->loss_target * pk &&
		(double)c->resources_nbls <= o->resources_target * pk;
}

/* A run's figure against the host's the model took: no worse than twice
 * it, or than the absolute limit. */
static bool
check_within(double run, double host, double limit)
{
	return run <= (2 * host > limit ? 2 * host : limit);
}

/*
 * Was the run's host worse than the one the model took? A run that
 * missed more packets in host stalls (its queue unpolled, or the replay
 * late and catching up, over 100 us) than the model missed in all met a
 * stall the model did not draw. Otherwise a run that kept time
 * (its own verdict, by nblpmd's absolute limits) was not; one that did not
 * was, unless the model took the host's timing (--host) and the run's was
 * no worse than twice that host's: the model's seeds drew such hiccups.
 */
static bool
check_host_worse(const struct advise_opts *o, const struct advise_check *c)
{
	const struct advise_host_info *hi = &o->host_info;

	if (c->missed_unpolled > c->predicted.missed)
		return true;
	if (c->kept_time)
		return false;
	if (o->host == NULL)
		return true;
	return !(check_within(c->late_p99_us, hi->late_p99_us,
			NBLPMD_ADVISE_LATE_US) &&
		check_within(c->unpolled_share, hi->unpolled_share,
			NBLPMD_ADVISE_UNPOLLED_SHARE) &&
		check_within(c->lag_p99_us, hi->lag_p99_us,
			NBLPMD_ADVISE_LATE_US));
}

/*
 * Was the host the model took (--host) over twice as slow as the run's,
 * in what the model draws from it (return lags, unpolled time)? Then the
 * model drew hiccups this run did not meet, and predicted more held NBLs
 * than the run could show.
 */
static bool
check_host_better(const struct advise_opts *o, const struct advise_check *c)
{
	const struct advise_host_info *hi = &o->host_info;

	if (o->host == NULL || hi->kept_time)
		return false;
	return !check_within(hi->lag_p99_us, c->lag_p99_us,
			NBLPMD_ADVISE_LATE_US) ||
		!check_within(hi->unpolled_share, c->unpolled_share,
			NBLPMD_ADVISE_UNPOLLED_SHARE);
}

/*
 * Does a run judge the model? At the advice, one that met the targets
 * does, whatever its timing (a slow host only adds misses and RESOURCES);
 * one that did not does unless its host was worse than the model's: then
 * the failure is the host's, "too slow to judge", not the model's. Below
 * the advice, where the model predicts a shortfall, the same for a run
 * that fell short; one that met the targets does unless the host the
 * model took was over twice as slow as the run's (the slow host was the
 * measuring run's).
 */
bool
advise_check_judged(const struct advise_opts *o,
		const struct advise_result *res, const struct advise_check *c)
{
	if (!c->ran)
		return false;
	if (check_meets(o, res, c))
		return c->at_advice || !check_host_better(o, c);
	return !check_host_worse(o, c);
}

/* Why a run was not judged, or why it was although it did not keep
 * time; NULL when its timing reasons say it all. */
static const char *
check_why(const struct advise_opts *o, const struct advise_result *res,
		const struct advise_check *c)
{
	bool judged = advise_check_judged(o, res, c);
	bool meets = check_meets(o, res, c);

	if (!judged && meets)
		return "met the targets, but the host the model took was "
			"over twice as slow as this run's: not judged";
	if (!judged)
		return NULL;
	if (meets)
		return "met the targets all the same: judged";
	return "no worse than twice the host the model took: judged";
}

const char *
advise_check_verdict(const struct advise_opts *o,
		const struct advise_result *res, const struct advise_check *c)
{
	if (!c->ran)
		return "not run";
	if (!advise_check_judged(o, res, c))
		return "host too slow to judge";
	return check_meets(o, res, c) ? "meets" : "does not meet";
}

static void
verify_print(const struct advise_opts *o, const struct advise_result *res,
		FILE *f)
{
	unsigned int i, judged = 0, failed = 0, low_met = 0, low_judged = 0;

	if (res->nb_checks == 0)
		return;
	fprintf(f, "\n  %-12s %8s %6s  %19s  %19s  %19s  %10s  %s\n", "", "",
		"", "missed", "RESOURCES NBLs", "held max", "late p99", "");
	fprintf(f, "  %-12s %8s %6s  %9s %9s  %9s %9s  %9s %9s  %10s  %s\n", "",
		"D", "seed", "model", "nblpmd", "model", "nblpmd", "model",
		"nblpmd", "us", "verdict");
	for (i = 0; i < res->nb_checks; i++) {
		const struct advise_check *c = &res->check[i];
		const struct nbl_model_result *p = &c->predicted;
		const char *v = advise_check_verdict(o, res, c), *why;

		fprintf(f, "  %-12s %8u %6" PRIu64 "  %9" PRIu64 " %9" PRIu64
			"  %9" PRIu64 " %9" PRIu64 "  %9u %9" PRIu64 "  %10.1f  %s"
			"\n", c->at_advice ? "advice" : "0.9 x advice",
			c->descriptors, c->seed, p->missed, c->missed,
			p->resources_nbls, c->resources_nbls, p->held_max,
			c->held_max, c->late_p99_us, v);
		why = check_why(o, res, c);
		if (!c->kept_time && c->reasons[0] != '\0')
			fprintf(f, "  %12s   (%s%s%s)\n", "", c->reasons,
				why != NULL ? "; " : "",
				why != NULL ? why : "");
		else if (why != NULL && !advise_check_judged(o, res, c))
			fprintf(f, "  %12s   (%s)\n", "", why);
		if (!advise_check_judged(o, res, c))
			continue;
		if (c->at_advice) {
			judged++;
			failed += !check_meets(o, res, c);
		} else {
			low_judged++;
			low_met += check_meets(o, res, c);
		}
	}
	if (judged == 0)
		fprintf(f, "  at D %u: no run judged the advice: each failed "
			"the targets on a host slower than the model's (try an "
			"idle machine, other lcores)\n", advise_d(res));
	else if (failed == 0)
		fprintf(f, "  at D %u nblpmd meets the targets in %u of %u runs "
			"judged (seeds the sweep did not use)\n", advise_d(res),
			judged, judged);
	else
		fprintf(f, "  at D %u nblpmd does NOT meet the targets in %u of "
			"%u runs judged\n", advise_d(res), failed, judged);
	if (low_judged > 0)
		fprintf(f, "  at 0.9 x D nblpmd meets the targets in %u of %u "
			"runs judged\n", low_met, low_judged);
}

int
advise_verify(const struct advise_opts *o, struct advise_result *res,
		FILE *f)
{
	uint32_t d = advise_d(res), base = res->rxd + o->burst, dd;
	char tmp[] = "/tmp/nblpmd-advise-verify-XXXXXX";
	unsigned int i, k, runs = o->verify_runs;
	int ret = 0;

	if (d == 0)
		return 0;
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, "nblpmd-advise: --verify: cannot make a "
			"directory in /tmp: %s\n", strerror(errno));
		return -errno;
	}
	fprintf(f, "\nVerify: %s with --replay-full drop, the same captures, "
		"pacing and hold times, hold seeds %" PRIu64 "..%" PRIu64
		" (not swept), %u run%s at D and %u at 0.9 x D\n", o->nblpmd,
		o->hold_seed + o->seeds, o->hold_seed + o->seeds + runs - 1,
		runs, runs == 1 ? "" : "s", runs);
	res->nb_checks = 0;
	/* 0.9 x D, but never below what maps the ring (nblpmd's sizing rule
	 * refuses less) */
	dd = (uint32_t)(0.9 * d);
	if (dd < base)
		dd = base;
	for (k = 0; k < 2 && ret == 0; k++) {
		if (k == 1 && dd == d)
			break;
		for (i = 0; i < runs && ret == 0; i++) {
			struct advise_check *c = &res->check[res->nb_checks];

			memset(c, 0, sizeof(*c));
			c->at_advice = k == 0;
			c->descriptors = k == 0 ? d : dd;
			c->seed = o->hold_seed + o->seeds + i;
			/* every queue, summed as nblpmd's report sums them */
			ret = advise_model_all(o, res, c->seed, c->descriptors,
				&c->predicted);
			if (ret == 0)
				ret = verify_run(o, res, res->nb_checks, tmp, c);
			if (ret == 0)
				res->nb_checks++;
		}
	}
	if (ret == 0)
		rmdir(tmp);
	verify_print(o, res, f);
	if (ret != 0)
		return ret;
	for (i = 0; i < res->nb_checks; i++) {
		const struct advise_check *c = &res->check[i];

		if (c->at_advice && advise_check_judged(o, res, c) &&
				!check_meets(o, res, c))
			return 1;
	}
	return 0;
}
