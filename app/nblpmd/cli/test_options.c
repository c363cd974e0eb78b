/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Test-only options, for the integration tests of the leak report. They
 * make the consumer break the NDIS rules on purpose (consumers/misuse.c)
 * and are not options a user should ever give, so they are not in the
 * option table: --help, profiles and the JSON report's "config" do not
 * know them. Only the command line takes them, as --NAME N or
 * --NAME=N:
 *
 *   --test-leak N            each queue's consumer keeps its first N
 *                            NBLs and never returns them (leaked)
 *   --test-double-return N   each queue's consumer returns N NBLs a
 *                            second time right after returning them
 *   --test-foreign-return N  each queue's consumer returns N NBLs of
 *                            another pool (foreign returns)
 *   --test-timing-limit-ns N the limits of the end-of-run timing verdict
 *                            (replay lateness, poll gaps, return lag) are
 *                            N ns instead of 100 us, so a test can make a
 *                            run that could not keep time on purpose
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nblpmd_app.h"

struct test_option {
	const char *name;
	size_t offset;             /**< of the uint32_t in the config */
};

static const struct test_option test_options[] = {
	{ "--test-leak", offsetof(struct nblpmd_config, test_leak) },
	{ "--test-double-return",
		offsetof(struct nblpmd_config, test_double_return) },
	{ "--test-foreign-return",
		offsetof(struct nblpmd_config, test_foreign_return) },
	{ "--test-timing-limit-ns",
		offsetof(struct nblpmd_config, test_timing_limit_ns) },
};

/* Largest count a test option takes: more than any queue indicates in a
 * test, small enough that nothing overflows. */
#define TEST_OPTION_MAX 1000000u

static int
test_option_value(const char *name, const char *val, uint32_t *out)
{
	unsigned long v;
	char *end = NULL;

	if (val == NULL) {
		fprintf(stderr, "nblpmd: %s: needs a count; give an integer "
			"from 0 to %u\n", name, TEST_OPTION_MAX);
		return -EINVAL;
	}
	errno = 0;
	v = strtoul(val, &end, 10);
	if (val[0] < '0' || val[0] > '9' || errno != 0 || *end != '\0' ||
			v > TEST_OPTION_MAX) {
		fprintf(stderr, "nblpmd: %s: '%s' is not valid; give an integer "
			"from 0 to %u\n", name, val, TEST_OPTION_MAX);
		return -EINVAL;
	}
	*out = (uint32_t)v;
	return 0;
}

int
nblpmd_test_options_take(struct nblpmd_config *cfg, int *argc, char **argv)
{
	int i, k = 1;

	for (i = 1; i < *argc; i++) {
		const struct test_option *o = NULL;
		const char *val = NULL;
		size_t j, len;

		if (strcmp(argv[i], "--") == 0) {
			/* getopt's end of options: keep the rest as it is */
			while (i < *argc)
				argv[k++] = argv[i++];
			break;
		}
		for (j = 0; j < RTE_DIM(test_options); j++) {
			len = strlen(test_options[j].name);
			if (strncmp(argv[i], test_options[j].name, len) != 0)
				continue;
			if (argv[i][len] == '=') {
				val = argv[i] + len + 1;
			} else if (argv[i][len] == '\0') {
				val = i + 1 < *argc ? argv[++i] : NULL;
			} else {
				continue;
			}
			o = &test_options[j];
			break;
		}
		if (o == NULL) {
			argv[k++] = argv[i];
			continue;
		}
		if (test_option_value(o->name, val, (uint32_t *)
				(void *)((uint8_t *)cfg + o->offset)) != 0)
			return -EINVAL;
	}
	*argc = k;
	argv[k] = NULL;
	return 0;
}
