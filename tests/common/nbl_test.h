/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_TEST_H
#define NBL_TEST_H

/**
 * @file
 * Minimal test harness shared by the unit test programs.
 *
 * A program lists its cases in a struct nbl_test_case array and calls
 * nbl_test_main(). Run with a case name it runs that case alone (meson
 * registers one test per case); run without arguments it runs them all.
 * EAL is started with --no-huge -m 256 --no-pci --no-shconf and a
 * --file-prefix of its own, then the arguments of the environment
 * variable NBL_TEST_EAL_ARGS (whitespace separated), if set; the lcores
 * are the program's (-l 0-1 for most), or NBL_TEST_LCORES when set (the
 * harness's own test runs a case with one lcore to see it fail).
 * Exit status: 0 pass, 1 fail, 77 skip. Only a case that lacks something
 * from outside the program (a device node, a file the suite does not
 * make) may skip: EAL that does not start, a port or a pool that cannot be
 * set up, a missing worker lcore or telemetry socket are failures.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#include "nbl_test_assert.h"

#define NBL_TEST_MAX_EAL_ARGS 48

/**
 * Start EAL for a test program. @p extra are further EAL arguments
 * (e.g. "--vdev=net_null0"), NULL-terminated, may be NULL; the words of
 * NBL_TEST_EAL_ARGS come last.
 *
 * @return 0, or -1 with a message printed.
 */
static inline int
nbl_test_eal_init(const char *prog, const char *lcores, const char **extra)
{
	static char env_args[512];
	const char *env = getenv("NBL_TEST_EAL_ARGS");
	const char *env_lcores = getenv("NBL_TEST_LCORES");
	char prefix[64];
	char *argv[NBL_TEST_MAX_EAL_ARGS + 1];
	char *save = NULL;
	char *tok;
	int argc = 0;

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s_%d", prog,
		(int)getpid());
	argv[argc++] = (char *)(uintptr_t)prog;
	argv[argc++] = (char *)(uintptr_t)"--no-huge";
	argv[argc++] = (char *)(uintptr_t)"-m";
	argv[argc++] = (char *)(uintptr_t)"256";
	argv[argc++] = (char *)(uintptr_t)"--no-pci";
	argv[argc++] = (char *)(uintptr_t)"--no-shconf";
	argv[argc++] = (char *)(uintptr_t)"--log-level=lib.eal:error";
	if (env_lcores != NULL && env_lcores[0] != '\0')
		lcores = env_lcores;
	argv[argc++] = (char *)(uintptr_t)"-l";
	argv[argc++] = (char *)(uintptr_t)(lcores != NULL ? lcores : "0-1");
	argv[argc++] = prefix;
	while (extra != NULL && *extra != NULL && argc < NBL_TEST_MAX_EAL_ARGS)
		argv[argc++] = (char *)(uintptr_t)*extra++;
	if (env != NULL) {
		snprintf(env_args, sizeof(env_args), "%s", env);
		for (tok = strtok_r(env_args, " \t", &save); tok != NULL &&
				argc < NBL_TEST_MAX_EAL_ARGS;
				tok = strtok_r(NULL, " \t", &save))
			argv[argc++] = tok;
	}
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0) {
		printf("FAIL: EAL init failed: %s (EAL must start wherever the "
			"tests run; not a skip)\n", rte_strerror(rte_errno));
		return -1;
	}
	return 0;
}

/**
 * Run one case by name, or all cases. Starts EAL first with the given
 * lcores and extra arguments, cleans it up at the end.
 */
static inline int
nbl_test_main(int argc, char **argv, const struct nbl_test_case *cases,
		unsigned int n, const char *lcores, const char **extra)
{
	const char *prog = strrchr(argv[0], '/');
	int rc;

	prog = prog != NULL ? prog + 1 : argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (nbl_test_eal_init(prog, lcores, extra) != 0)
		return 1;
	rc = nbl_test_run(argc, argv, cases, n);
	rte_eal_cleanup();
	return rc;
}

#endif /* NBL_TEST_H */
