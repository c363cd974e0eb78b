/* SPDX-License-Identifier: BSD-3-Clause */

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app_opt.h"

bool
app_opt_u64_in(const char *val, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end = NULL;
	unsigned long long v;

	if (val == NULL || !isdigit((unsigned char)val[0]))
		return false;
	errno = 0;
	v = strtoull(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int
app_opt_u64(const char *prog, const char *where, const char *val,
		uint64_t min, uint64_t max, uint64_t *out)
{
	char why[160];

	if (app_opt_u64_in(val, min, max, out))
		return 0;
	snprintf(why, sizeof(why), "is not valid; give an integer from %" PRIu64
		" to %" PRIu64, min, max);
	return app_opt_bad(prog, where, val, why);
}

int
app_opt_out_format(const char *path, const char *const *exts,
		unsigned int nb, int def)
{
	const char *base = strrchr(path, '/');
	const char *dot;
	unsigned int i;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		return def;
	for (i = 0; i < nb; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			return (int)i;
	return -1;
}

int
app_opt_u32(const char *prog, const char *where, const char *val,
		uint32_t min, uint32_t max, uint32_t *out)
{
	uint64_t v;
	int ret = app_opt_u64(prog, where, val, min, max, &v);

	if (ret == 0)
		*out = (uint32_t)v;
	return ret;
}

int
app_opt_double(const char *prog, const char *where, const char *val,
		double min, double max, bool min_open, double *out)
{
	char why[160];
	char *end = NULL;
	double v;

	if (min_open)
		snprintf(why, sizeof(why), "is not valid; give a number above "
			"%g and at most %g", min, max);
	else
		snprintf(why, sizeof(why), "is not valid; give a number from "
			"%g to %g", min, max);
	if (val == NULL || val[0] == '\0' || val[0] == '-' ||
			isspace((unsigned char)val[0]))
		return app_opt_bad(prog, where, val, why);
	errno = 0;
	v = strtod(val, &end);
	if (errno != 0 || end == val || *end != '\0' || !isfinite(v) ||
			v < min || v > max || (min_open && v <= min))
		return app_opt_bad(prog, where, val, why);
	*out = v;
	return 0;
}

int
app_opt_once(const char *prog, int argc, char *const argv[],
		const char *shortopts, const struct option *lo,
		const bool *repeatable)
{
	const char **first;
	char **copy;
	bool *seen;
	unsigned int n = 0;
	int c, idx, ret = 0;

	while (lo[n].name != NULL)
		n++;
	first = calloc(n + 1, sizeof(*first));
	seen = calloc(n + 1, sizeof(*seen));
	copy = calloc((size_t)argc + 1, sizeof(*copy));
	if (first == NULL || seen == NULL || copy == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	opterr = 0;
	optind = 0;
	for (;;) {
		idx = -1;
		c = getopt_long(argc, copy, shortopts, lo, &idx);
		if (c == -1)
			break;
		if (c == '?' || c == ':' || idx < 0 || (unsigned int)idx >= n ||
				(repeatable != NULL && repeatable[idx]))
			continue;
		if (!seen[idx]) {
			seen[idx] = true;
			first[idx] = optarg;
			continue;
		}
		if (lo[idx].has_arg == no_argument)
			fprintf(stderr, "%s: --%s given twice; it is a yes-or-no "
				"option: give it once\n", prog, lo[idx].name);
		else
			fprintf(stderr, "%s: --%s given twice ('%s', then '%s'); "
				"it takes one value: give it once\n", prog,
				lo[idx].name, first[idx] != NULL ? first[idx] : "",
				optarg != NULL ? optarg : "");
		ret = -EINVAL;
		break;
	}
	optind = 0;
out:
	free(first);
	free(seen);
	free(copy);
	return ret;
}
