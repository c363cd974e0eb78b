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
 * --file-prefix of its own. Exit status: 0 pass, 1 fail, 77 skip.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>

#define NBL_TEST_SKIP 77

/** Fail the current case with a message when cond is false. */
#define TEST_ASSERT(cond, ...) do { \
	if (!(cond)) { \
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		return -1; \
	} \
} while (0)

#define TEST_ASSERT_EQUAL(a, b, ...) do { \
	long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { \
		printf("FAIL %s:%d: %s == %s (%lld != %lld): ", __FILE__, \
			__LINE__, #a, #b, _a, _b); \
		printf(__VA_ARGS__); \
		printf("\n"); \
		return -1; \
	} \
} while (0)

struct nbl_test_case {
	const char *name;
	int (*fn)(void);  /**< 0 pass, -1 fail, NBL_TEST_SKIP skip */
};

/**
 * Start EAL for a test program. @p extra are further EAL arguments
 * (e.g. "--vdev=net_null0"), NULL-terminated, may be NULL.
 *
 * @return 0, or -1 with a message printed.
 */
static inline int
nbl_test_eal_init(const char *prog, const char *lcores, const char **extra)
{
	char prefix[64];
	char *argv[32];
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
	argv[argc++] = (char *)(uintptr_t)"-l";
	argv[argc++] = (char *)(uintptr_t)(lcores != NULL ? lcores : "0-1");
	argv[argc++] = prefix;
	while (extra != NULL && *extra != NULL && argc < 31)
		argv[argc++] = (char *)(uintptr_t)*extra++;
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0) {
		printf("EAL init failed: %s\n", rte_strerror(rte_errno));
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
	const char *only = argc > 1 ? argv[1] : NULL;
	const char *prog = strrchr(argv[0], '/');
	unsigned int i, ran = 0, failed = 0, skipped = 0;

	prog = prog != NULL ? prog + 1 : argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (nbl_test_eal_init(prog, lcores, extra) != 0)
		return NBL_TEST_SKIP;
	for (i = 0; i < n; i++) {
		int rc;

		if (only != NULL && strcmp(only, cases[i].name) != 0)
			continue;
		ran++;
		rc = cases[i].fn();
		if (rc == NBL_TEST_SKIP) {
			skipped++;
			printf("SKIP %s\n", cases[i].name);
		} else if (rc != 0) {
			failed++;
			printf("FAIL %s\n", cases[i].name);
		} else {
			printf("PASS %s\n", cases[i].name);
		}
	}
	rte_eal_cleanup();
	if (ran == 0) {
		printf("no case named %s\n", only != NULL ? only : "(any)");
		return 1;
	}
	if (failed > 0)
		return 1;
	if (skipped == ran)
		return NBL_TEST_SKIP;
	return 0;
}

#endif /* NBL_TEST_H */
