/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_TEST_ASSERT_H
#define NBL_TEST_ASSERT_H

/**
 * @file
 * Assertions and the case type of the unit test programs, without EAL:
 * pure-C modules (lib/model) use this alone, the others through
 * nbl_test.h. A case returns 0 (pass), -1 (fail) or NBL_TEST_SKIP.
 */

#include <stdio.h>
#include <string.h>

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
 * Run the case named by argv[1], or every case. Exit status: 0 pass,
 * 1 fail (or no such case), NBL_TEST_SKIP when every case run skipped.
 */
static inline int
nbl_test_run(int argc, char **argv, const struct nbl_test_case *cases,
		unsigned int n)
{
	const char *only = argc > 1 ? argv[1] : NULL;
	unsigned int i, ran = 0, failed = 0, skipped = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
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

#endif /* NBL_TEST_ASSERT_H */
