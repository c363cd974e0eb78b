/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Parsing of hold specifications. Sampling is inline in nbl_hold.h.
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nbl_hold.h"

/* An empirical file holds at most this many values (80 MB of doubles). */
#define HOLD_FILE_MAX_VALUES (10u * 1000 * 1000)
/* Longest line of such a file, its newline left out. */
#define HOLD_LINE_MAX 254u

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

/* s as a message may show it: control bytes (a CR, an LF read from a
 * file or given in an option) as \\r, \\n or \\xHH, at most len - 1 bytes. */
static const char *
hold_printable(const char *s, char *out, size_t len)
{
	size_t o = 0;

	for (; *s != '\0' && o + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\r' || c == '\n') {
			out[o++] = '\\';
			out[o++] = c == '\r' ? 'r' : 'n';
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

/* A number (however large) that hold_number() refused for its range. */
static bool
hold_is_number(const char *s)
{
	char *e;

	if (*s == '\0' || *s == '+' || *s == '-' || *s == ' ' || *s == '\t')
		return false;
	strtod(s, &e);
	return e != s && *e == '\0';
}

/*
 * One line into buf (its newline left out): 1, or 0 at the end of the
 * file. *nul when it holds a NUL byte; -E2BIG when it is longer than
 * size - 1 bytes (reading stops there: the file is refused anyway).
 */
static int
hold_line(FILE *f, char *buf, size_t size, bool *nul)
{
	size_t n = 0;
	int c;

	*nul = false;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0')
			*nul = true;
		if (n + 1 >= size)
			return -E2BIG;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return c == EOF && n == 0 ? 0 : 1;
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
	char line[HOLD_LINE_MAX + 1], shown[4 * HOLD_LINE_MAX];
	unsigned long lineno = 0;
	size_t cap = 0;
	double sum = 0;
	struct stat st;
	bool nul;
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
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return hold_error(err, errlen, -EISDIR, "%s: is a directory, "
			"not a file of hold times", path);
	}
	while ((ret = hold_line(f, line, sizeof(line), &nul)) != 0) {
		char *s, *hash;
		double v;

		lineno++;
		if (nul) {
			ret = hold_error(err, errlen, -EINVAL,
				"%s:%lu: a NUL byte: not a text file", path,
				lineno);
			goto fail;
		}
		if (ret < 0) {
			ret = hold_error(err, errlen, -EINVAL,
				"%s:%lu: line longer than %u characters",
				path, lineno, HOLD_LINE_MAX);
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
				"(a number from 0 to %.0f)", path, lineno,
				hold_printable(s, shown, sizeof(shown)),
				NBL_HOLD_MAX_US);
			goto fail;
		}
		if (d->nb_values == HOLD_FILE_MAX_VALUES) {
			ret = hold_error(err, errlen, -E2BIG,
				"%s:%lu: more than %u values (the most a file "
				"may hold)", path, lineno, HOLD_FILE_MAX_VALUES);
			goto fail;
		}
		if (d->nb_values == cap) {
			size_t ncap = cap == 0 ? 1024 : cap * 2;
			double *nv;

			/* the last step to the limit exactly, not beyond */
			if (ncap > HOLD_FILE_MAX_VALUES)
				ncap = HOLD_FILE_MAX_VALUES;

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
		ret = hold_error(err, errlen, -EIO, "%s: read error after line "
			"%lu: %s", path, lineno, strerror(errno));
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
	if (hold_number(spec, spec + strlen(spec), &d->a) != 0) {
		char shown[2 * sizeof(d->spec)];

		if (hold_is_number(spec))
			return hold_error(err, errlen, -ERANGE,
				"'%s' is out of range: a hold time is a number "
				"of microseconds from 0 to %.0f", spec,
				NBL_HOLD_MAX_US);
		return hold_error(err, errlen, -EINVAL,
			"'%s' is not a hold specification",
			hold_printable(spec, shown, sizeof(shown)));
	}
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
