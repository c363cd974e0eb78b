/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Parsing of hold specifications. Sampling is inline in nbl_hold.h.
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbl_hold.h"

/* An empirical file holds at most this many values (80 MB of doubles). */
#define HOLD_FILE_MAX_VALUES (10u * 1000 * 1000)

static int
hold_error(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (err == NULL || errlen == 0)
		return ret;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	n = strlen(err);
	if (n < errlen)
		snprintf(err + n, errlen - n, "; expected %s", NBL_HOLD_GRAMMAR);
	return ret;
}

/* A whole, finite, non-negative number of microseconds, at most the max. */
static int
hold_number(const char *s, const char *end, double *out)
{
	char buf[64];
	char *e;
	size_t len = (size_t)(end - s);
	double v;

	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '+' || buf[0] == '-' || buf[0] == ' ' || buf[0] == '\t')
		return -EINVAL;
	errno = 0;
	v = strtod(buf, &e);
	if (errno != 0 || *e != '\0' || !isfinite(v) || v < 0 ||
			v > NBL_HOLD_MAX_US)
		return -EINVAL;
	*out = v;
	return 0;
}

static char *
hold_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static int
hold_file(const char *path, struct nbl_hold_dist *d, char *err,
		size_t errlen)
{
	char line[256];
	unsigned long lineno = 0;
	size_t cap = 0;
	double sum = 0;
	FILE *f;
	int ret;

	if (*path == '\0')
		return hold_error(err, errlen, -EINVAL,
			"hold specification 'file:' names no file");
	f = fopen(path, "r");
	if (f == NULL) {
		ret = -errno;
		return hold_error(err, errlen, ret, "%s: cannot read: %s",
			path, strerror(-ret));
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *s, *hash;
		double v;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			ret = hold_error(err, errlen, -EINVAL,
				"%s:%lu: line longer than %zu characters",
				path, lineno, sizeof(line) - 2);
			goto fail;
		}
		hash = strchr(line, '#');
		if (hash != NULL)
			*hash = '\0';
		s = hold_trim(line);
		if (*s == '\0')
			continue;
		if (hold_number(s, s + strlen(s), &v) != 0) {
			ret = hold_error(err, errlen, -EINVAL,
				"%s:%lu: '%s' is not a hold time in microseconds "
				"(a number from 0 to %.0f)", path, lineno, s,
				NBL_HOLD_MAX_US);
			goto fail;
		}
		if (d->nb_values == cap) {
			size_t ncap = cap == 0 ? 1024 : cap * 2;
			double *nv;

			if (cap >= HOLD_FILE_MAX_VALUES) {
				ret = hold_error(err, errlen, -EINVAL,
					"%s:%lu: more than %u values", path,
					lineno, HOLD_FILE_MAX_VALUES);
				goto fail;
			}
			nv = realloc(d->values, ncap * sizeof(*nv));
			if (nv == NULL) {
				ret = hold_error(err, errlen, -ENOMEM,
					"%s: out of memory", path);
				goto fail;
			}
			d->values = nv;
			cap = ncap;
		}
		d->values[d->nb_values++] = v;
		sum += v;
		if (v > d->max_us)
			d->max_us = v;
	}
	if (ferror(f)) {
		ret = hold_error(err, errlen, -EIO, "%s: read error", path);
		goto fail;
	}
	fclose(f);
	if (d->nb_values == 0)
		return hold_error(err, errlen, -EINVAL,
			"%s: no hold time in the file (empty, or only comments)",
			path);
	d->kind = NBL_HOLD_EMPIRICAL;
	d->mean_us = sum / (double)d->nb_values;
	return 0;
fail:
	fclose(f);
	free(d->values);
	d->values = NULL;
	d->nb_values = 0;
	return ret;
}

/*
 * The running sums of value x weight of an empirical or histogram
 * distribution (weights: 1 each, or the histogram's), for length-biased
 * draws; none when every value is 0.
 */
static int
hold_lb_prepare(struct nbl_hold_dist *d, const double *weight)
{
	double sum = 0;
	size_t i;

	d->lb_cum = malloc(sizeof(*d->lb_cum) * d->nb_values);
	if (d->lb_cum == NULL)
		return -ENOMEM;
	for (i = 0; i < d->nb_values; i++) {
		double mid = d->hi != NULL ? (d->values[i] + d->hi[i]) / 2 :
			d->values[i];

		sum += mid * (weight != NULL ? weight[i] : 1.0);
		d->lb_cum[i] = sum;
	}
	if (!(sum > 0)) {
		free(d->lb_cum);
		d->lb_cum = NULL;
	}
	return 0;
}

int
nbl_hold_from_buckets(struct nbl_hold_dist *d, const double *lo,
		const double *hi, const double *weight, size_t n,
		const char *name)
{
	double *w = NULL;
	double total = 0, sum = 0;
	size_t i, m = 0;

	memset(d, 0, sizeof(*d));
	snprintf(d->spec, sizeof(d->spec), "%s", name != NULL ? name : "");
	for (i = 0; i < n; i++) {
		if (!(lo[i] >= 0) || !(hi[i] >= lo[i]) ||
				hi[i] > NBL_HOLD_MAX_US || !(weight[i] >= 0))
			return -EINVAL;
		if (weight[i] > 0)
			m++;
	}
	if (m == 0)
		return 0;
	d->values = malloc(sizeof(*d->values) * m);
	d->hi = malloc(sizeof(*d->hi) * m);
	d->cum = malloc(sizeof(*d->cum) * m);
	w = malloc(sizeof(*w) * m);
	if (d->values == NULL || d->hi == NULL || d->cum == NULL || w == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (weight[i] == 0)
			continue;
		d->values[d->nb_values] = lo[i];
		d->hi[d->nb_values] = hi[i];
		w[d->nb_values] = weight[i];
		total += weight[i];
		d->cum[d->nb_values] = total;
		sum += weight[i] * (lo[i] + hi[i]) / 2;
		if (hi[i] > d->max_us)
			d->max_us = hi[i];
		d->nb_values++;
	}
	if (hold_lb_prepare(d, w) != 0)
		goto nomem;
	free(w);
	d->kind = NBL_HOLD_HISTOGRAM;
	d->mean_us = sum / total;
	return 0;
nomem:
	free(w);
	nbl_hold_free(d);
	return -ENOMEM;
}

int
nbl_hold_parse(const char *spec, struct nbl_hold_dist *d, char *err,
		size_t errlen)
{
	const char *dash;
	int ret;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	memset(d, 0, sizeof(*d));
	if (spec == NULL || *spec == '\0')
		return hold_error(err, errlen, -EINVAL,
			"empty hold specification");
	snprintf(d->spec, sizeof(d->spec), "%s", spec);
	if (strncmp(spec, "file:", 5) == 0) {
		ret = hold_file(spec + 5, d, err, errlen);
		if (ret == 0)
			ret = hold_lb_prepare(d, NULL);
		if (ret != 0 && ret != -ENOMEM)
			return ret;
		if (ret != 0) {
			nbl_hold_free(d);
			return hold_error(err, errlen, ret, "%s: out of memory",
				spec + 5);
		}
		return 0;
	}
	if (strncmp(spec, "exp:", 4) == 0) {
		if (hold_number(spec + 4, spec + strlen(spec), &d->a) != 0 ||
				d->a <= 0)
			return hold_error(err, errlen, -EINVAL,
				"'%s': the mean must be a number above 0 and "
				"at most %.0f", spec, NBL_HOLD_MAX_US);
		d->kind = NBL_HOLD_EXP;
		d->mean_us = d->a;
		d->max_us = INFINITY;
		return 0;
	}
	if (strncmp(spec, "uniform:", 8) == 0) {
		const char *s = spec + 8;

		dash = strchr(s, '-');
		if (dash == NULL || hold_number(s, dash, &d->a) != 0 ||
				hold_number(dash + 1, s + strlen(s), &d->b) != 0)
			return hold_error(err, errlen, -EINVAL,
				"'%s': MIN and MAX must be numbers from 0 to "
				"%.0f", spec, NBL_HOLD_MAX_US);
		if (d->a > d->b)
			return hold_error(err, errlen, -EINVAL,
				"'%s': MIN is above MAX", spec);
		d->kind = d->b == 0 ? NBL_HOLD_NONE : NBL_HOLD_UNIFORM;
		d->mean_us = (d->a + d->b) / 2;
		d->max_us = d->b;
		return 0;
	}
	if (hold_number(spec, spec + strlen(spec), &d->a) != 0)
		return hold_error(err, errlen, -EINVAL,
			"'%s' is not a hold specification", spec);
	d->kind = d->a == 0 ? NBL_HOLD_NONE : NBL_HOLD_FIXED;
	d->mean_us = d->a;
	d->max_us = d->a;
	return 0;
}

void
nbl_hold_free(struct nbl_hold_dist *d)
{
	free(d->values);
	free(d->hi);
	free(d->cum);
	free(d->lb_cum);
	memset(d, 0, sizeof(*d));
}
