/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Captures to arrival times, with --replay's checks: the same cap_open()
 * parameters (max_frame, conversion on), the same refusals, the same
 * pacing (cap_pace on a 1 GHz clock, so deadlines come out in ns), and
 * with --rxq the same RSS (cap_rss_queue on the delivered record): one
 * schedule for all queues, as the replay paces every record in order
 * whatever its queue, so a queue's arrivals keep their times.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include "cap_arrivals.h"

#define ARRIVALS_HZ 1000000000ull

/* "FILE: reason; hint": cap_open()'s message names the file, mostly. */
static void
arrivals_open_error(const char *path, int ret, const char *why, char *err,
		size_t errlen)
{
	char msg[CAP_ERR_LEN + 1100];
	size_t n = strlen(path);

	if (why[0] == '\0')
		snprintf(msg, sizeof(msg), "%s: %s", path, ret == -ENOTSUP ?
			"link type not supported" : strerror(-ret));
	else if (strncmp(why, path, n) == 0 && why[n] == ':')
		snprintf(msg, sizeof(msg), "%s", why);
	else
		snprintf(msg, sizeof(msg), "%s: %s", path, why);
	if (ret == -ENOTSUP)
		snprintf(err, errlen, "%s; only Ethernet captures and the link "
			"types that convert to Ethernet (raw IPv4/IPv6, Linux "
			"cooked SLL/SLL2, BSD loopback) can be replayed", msg);
	else if (ret == -EISDIR || ret == -ESPIPE)
		snprintf(err, errlen, "%s", msg);
	else
		snprintf(err, errlen, "%s; give a readable pcap or pcapng "
			"capture", msg);
}

static int
arrivals_push(struct nbl_arrivals *a, size_t *cap, uint64_t t)
{
	if (a->n == *cap) {
		size_t ncap = *cap == 0 ? 65536 : *cap * 2;
		uint64_t *nv = realloc(a->ns, ncap * sizeof(*nv));

		if (nv == NULL)
			return -ENOMEM;
		a->ns = nv;
		*cap = ncap;
	}
	a->ns[a->n++] = t;
	return 0;
}

/* The record's queue gets it too (RSS, several queues). */
static int
arrivals_push_queue(struct nbl_arrivals *a, const struct cap_rss *rss,
		const struct cap_record *rec, uint64_t t)
{
	struct nbl_arrivals_queue *q;
	enum cap_rss_input in;

	if (a->queues == NULL)
		return 0;
	q = &a->queues[cap_rss_queue(rss, rec->data, rec->caplen, &in)];
	a->rss_input[in]++;
	if (q->n == q->size) {
		size_t ncap = q->size == 0 ? 16384 : q->size * 2;
		uint64_t *nv = realloc(q->ns, ncap * sizeof(*nv));

		if (nv == NULL)
			return -ENOMEM;
		q->ns = nv;
		q->size = ncap;
	}
	q->ns[q->n++] = t;
	return 0;
}

int
nbl_arrivals_fit(enum cap_pace_mode mode, double rate,
		const struct cap_pace_span *span, char *err, size_t errlen)
{
	const char *opt = cap_pace_mode_name(mode);
	double bound, max = 0;

	if (cap_pace_fit(mode, rate, span, &bound) == 0)
		return 0;
	cap_pace_rate_bounds(mode, NULL, &max);
	if (bound > max)
		snprintf(err, errlen, "--%s %g: the replay would run %.4g s, "
			"longer than pacing deadlines reach (%.0f s), and no "
			"--%s up to %g fits; give fewer records", opt, rate,
			cap_pace_span_ns(mode, rate, span) / 1e9,
			(double)CAP_PACE_SPAN_MAX_NS / 1e9, opt, max);
	else
		snprintf(err, errlen, "--%s %g: the replay would run %.4g s, "
			"longer than pacing deadlines reach (%.0f s); give --%s "
			"%g or more", opt, rate,
			cap_pace_span_ns(mode, rate, span) / 1e9,
			(double)CAP_PACE_SPAN_MAX_NS / 1e9, opt, bound);
	return -ERANGE;
}

int
nbl_arrivals_load(const char *const *paths, unsigned int nb,
		uint32_t max_frame, enum cap_pace_mode mode, double rate,
		struct nbl_arrivals *a, unsigned int *bad, char *err,
		size_t errlen)
{
	return nbl_arrivals_load_rss(paths, nb, max_frame, mode, rate, NULL,
		a, bad, err, errlen);
}

int
nbl_arrivals_load_rss(const char *const *paths, unsigned int nb,
		uint32_t max_frame, enum cap_pace_mode mode, double rate,
		const struct cap_rss *rss, struct nbl_arrivals *a,
		unsigned int *bad, char *err, size_t errlen)
{
	struct cap_open_params op = { .max_frame = max_frame, .convert = true };
	char why[CAP_ERR_LEN];
	struct cap_pace_span span;
	struct cap_pace pace;
	size_t cap = 0;
	unsigned int i;
	uint64_t t;
	int ret;

	memset(a, 0, sizeof(*a));
	*bad = 0;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (nb == 0 || mode == CAP_PACE_TOPSPEED ||
			cap_pace_init(&pace, mode, rate, ARRIVALS_HZ, 0) != 0) {
		snprintf(err, errlen, "no capture, or a pacing without time "
			"(give a multiplier, a packet rate or a bit rate above 0)");
		return -EINVAL;
	}
	cap_pace_start(&pace, 0);
	a->nb_queues = 1;
	if (rss != NULL && rss->nb_queues > 1) {
		a->queues = calloc(rss->nb_queues, sizeof(*a->queues));
		if (a->queues == NULL) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		a->nb_queues = rss->nb_queues;
	}
	for (i = 0; i < nb; i++) {
		struct cap_record rec;
		struct cap_reader *r;

		*bad = i;
		why[0] = '\0';
		r = cap_open(paths[i], &op, why, sizeof(why));
		if (r == NULL) {
			ret = -rte_errno;
			arrivals_open_error(paths[i], ret, why, err, errlen);
			goto fail;
		}
		cap_pace_segment(&pace);
		while ((ret = cap_next(r, &rec)) == 1) {
			a->records++;
			if (rec.refusal != CAP_REFUSAL_NONE) {
				a->refused[rec.refusal]++;
				a->refused_total++;
				continue;
			}
			t = cap_pace_next(&pace, rec.ts_ns, rec.caplen);
			ret = arrivals_push(a, &cap, t);
			if (ret == 0)
				ret = arrivals_push_queue(a, rss, &rec, t);
			if (ret != 0) {
				snprintf(err, errlen, "%s: out of memory after %zu "
					"records", paths[i], a->n);
				break;
			}
			a->converted += rec.converted;
			a->bytes += rec.caplen;
		}
		if (a->read_error[0] == '\0' && cap_reader_error(r)[0] != '\0')
			snprintf(a->read_error, sizeof(a->read_error), "%s",
				cap_reader_error(r));
		cap_close(r);
		if (ret < 0) {
			if (ret != -ENOMEM)
				snprintf(err, errlen, "%s: cannot read it: %s",
					paths[i], strerror(-ret));
			goto fail;
		}
	}
	cap_pace_span_get(&pace, &span);
	ret = nbl_arrivals_fit(mode, rate, &span, err, errlen);
	if (ret != 0)
		goto fail;
	return 0;
fail:
	nbl_arrivals_free(a);
	return ret;
}

const uint64_t *
nbl_arrivals_of_queue(const struct nbl_arrivals *a, unsigned int q, size_t *n)
{
	if (a->queues == NULL || q >= a->nb_queues) {
		*n = q == 0 ? a->n : 0;
		return q == 0 ? a->ns : NULL;
	}
	*n = a->queues[q].n;
	return a->queues[q].ns;
}

void
nbl_arrivals_free(struct nbl_arrivals *a)
{
	unsigned int q;

	if (a == NULL)
		return;
	free(a->ns);
	for (q = 0; a->queues != NULL && q < a->nb_queues; q++)
		free(a->queues[q].ns);
	free(a->queues);
	memset(a, 0, sizeof(*a));
}
