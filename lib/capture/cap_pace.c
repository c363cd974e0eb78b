/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Paced replay schedules: absolute TSC deadlines in closed form.
 *
 * Every deadline is start + position * hz / rate, evaluated in 128-bit
 * integers, so record n's deadline depends on n's position only, never on
 * the deadlines before it: rounding cannot pile up over a long replay.
 */

#include <errno.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_pause.h>

#include "cap_pvt.h"

#define PACE_NS_PER_S 1000000000ull
/* Units the rates are kept in: multiplier in 1e-9, pps and b/s in 1e-3. */
#define PACE_MULT_SCALE 1e9
#define PACE_RATE_SCALE 1e3
#define PACE_RATE_MAX 1e9
/* A sleep is at most this long, so a stop request is seen within it. */
#define PACE_SLEEP_MAX_NS 10000000ull

typedef unsigned __int128 pace_u128;

/* floor(a * b / c), saturated to UINT64_MAX. */
static uint64_t
pace_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	pace_u128 r;

	if (c == 0)
		return 0;
	r = (pace_u128)a * b / c;
	return r > UINT64_MAX ? UINT64_MAX : (uint64_t)r;
}

int
cap_pace_init(struct cap_pace *p, enum cap_pace_mode mode, double rate,
	uint64_t hz, uint64_t late_ns)
{
	double scaled;

	if (p == NULL || hz == 0)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->hz = hz;
	p->late_tsc = pace_muldiv(late_ns != 0 ? late_ns :
		CAP_PACE_LATE_NS_DEFAULT, hz, PACE_NS_PER_S);
	switch (mode) {
	case CAP_PACE_TOPSPEED:
		return 0;
	case CAP_PACE_MULTIPLIER:
		scaled = rate * PACE_MULT_SCALE;
		break;
	case CAP_PACE_PPS:
		scaled = rate * PACE_RATE_SCALE;
		break;
	case CAP_PACE_MBPS:
		scaled = rate * 1e6 * PACE_RATE_SCALE;
		break;
	default:
		return -EINVAL;
	}
	/* !(rate > 0) also refuses NaN */
	if (!(rate > 0) || rate > PACE_RATE_MAX || scaled + 0.5 < 1.0)
		return -EINVAL;
	p->rate = (uint64_t)(scaled + 0.5);
	return 0;
}

void
cap_pace_start(struct cap_pace *p, uint64_t start_tsc)
{
	p->start_tsc = start_tsc;
	p->last_deadline = 0;
}

uint64_t
cap_pace_cycles_for_time(const struct cap_pace *p, uint64_t dt_ns)
{
	if (p->mode != CAP_PACE_MULTIPLIER)
		return 0;
	/* dt * hz / (mult * 1e9) with mult kept as mult * 1e9 */
	return pace_muldiv(dt_ns, p->hz, p->rate);
}

uint64_t
cap_pace_cycles_for_count(const struct cap_pace *p, uint64_t n)
{
	if (p->mode != CAP_PACE_PPS)
		return 0;
	/* n * hz / pps with pps kept as pps * 1e3 */
	return pace_muldiv(n, p->hz * (uint64_t)PACE_RATE_SCALE, p->rate);
}

uint64_t
cap_pace_cycles_for_bits(const struct cap_pace *p, uint64_t bits)
{
	if (p->mode != CAP_PACE_MBPS)
		return 0;
	return pace_muldiv(bits, p->hz * (uint64_t)PACE_RATE_SCALE, p->rate);
}

uint64_t
cap_pace_next(struct cap_pace *p, uint64_t ts_ns, uint32_t bytes)
{
	uint64_t off, deadline;

	switch (p->mode) {
	case CAP_PACE_MULTIPLIER:
		if (!p->seg_open) {
			p->seg_open = true;
			p->seg_first_ts_ns = ts_ns;
			p->seg_span_ns = 0;
		}
		/* a timestamp before the segment's first is due at once */
		off = ts_ns > p->seg_first_ts_ns ? ts_ns - p->seg_first_ts_ns : 0;
		p->seg_span_ns = RTE_MAX(p->seg_span_ns, off);
		off = cap_pace_cycles_for_time(p, p->seg_base_ns + off);
		break;
	case CAP_PACE_PPS:
		off = cap_pace_cycles_for_count(p, p->count);
		break;
	case CAP_PACE_MBPS:
		off = cap_pace_cycles_for_bits(p, p->bits);
		break;
	default:
		p->count++;
		p->bits += (uint64_t)bytes * 8;
		return 0;
	}
	p->count++;
	p->bits += (uint64_t)bytes * 8;
	deadline = p->start_tsc + off;
	if (deadline < p->last_deadline)
		deadline = p->last_deadline;
	p->last_deadline = deadline;
	return deadline;
}

void
cap_pace_segment(struct cap_pace *p)
{
	if (!p->seg_open)
		return;
	p->seg_base_ns += p->seg_span_ns;
	p->seg_open = false;
	p->seg_span_ns = 0;
}

uint64_t
cap_pace_account(struct cap_pace *p, uint64_t deadline, uint64_t sent_tsc)
{
	uint64_t late;

	if (p->mode == CAP_PACE_TOPSPEED || sent_tsc <= deadline)
		return 0;
	late = sent_tsc - deadline;
	if (late > p->late_tsc)
		__atomic_store_n(&p->late, p->late + 1, __ATOMIC_RELAXED);
	if (late > p->max_late_tsc)
		__atomic_store_n(&p->max_late_tsc, late, __ATOMIC_RELAXED);
	return late;
}

int
cap_pace_wait(const struct cap_pace *p, uint64_t deadline,
	const volatile bool *stop)
{
	uint64_t spin = pace_muldiv(CAP_PACE_SPIN_NS, p->hz, PACE_NS_PER_S);
	uint64_t now;

	for (;;) {
		now = rte_get_tsc_cycles();
		if (now >= deadline)
			return 0;
		if (stop != NULL && *stop)
			return -EINTR;
		if (deadline - now > spin) {
			uint64_t ns = pace_muldiv(deadline - now - spin,
				PACE_NS_PER_S, p->hz);
			struct timespec ts;

			ns = RTE_MIN(ns, PACE_SLEEP_MAX_NS);
			ts.tv_sec = (time_t)(ns / PACE_NS_PER_S);
			ts.tv_nsec = (long)(ns % PACE_NS_PER_S);
			nanosleep(&ts, NULL);
			continue;
		}
		rte_pause();
	}
}

int
cap_pace_rate_bounds(enum cap_pace_mode mode, double *min, double *max)
{
	double lo, hi;

	switch (mode) {
	case CAP_PACE_MULTIPLIER:
		lo = CAP_PACE_MULTIPLIER_MIN;
		hi = CAP_PACE_MULTIPLIER_MAX;
		break;
	case CAP_PACE_PPS:
		lo = CAP_PACE_PPS_MIN;
		hi = CAP_PACE_PPS_MAX;
		break;
	case CAP_PACE_MBPS:
		lo = CAP_PACE_MBPS_MIN;
		hi = CAP_PACE_MBPS_MAX;
		break;
	default:
		return -EINVAL;
	}
	if (min != NULL)
		*min = lo;
	if (max != NULL)
		*max = hi;
	return 0;
}

const char *
cap_pace_mode_name(enum cap_pace_mode mode)
{
	switch (mode) {
	case CAP_PACE_MULTIPLIER:
		return "multiplier";
	case CAP_PACE_PPS:
		return "pps";
	case CAP_PACE_MBPS:
		return "mbps";
	case CAP_PACE_TOPSPEED:
		return "topspeed";
	}
	return "unknown";
}

void
cap_pace_span_get(const struct cap_pace *p, struct cap_pace_span *span)
{
	span->records = p->count;
	span->bits = p->bits;
	span->time_ns = p->seg_base_ns + (p->seg_open ? p->seg_span_ns : 0);
}

double
cap_pace_span_ns(enum cap_pace_mode mode, double rate,
	const struct cap_pace_span *span)
{
	if (span == NULL || !(rate > 0))
		return 0;
	switch (mode) {
	case CAP_PACE_MULTIPLIER:
		return (double)span->time_ns / rate;
	case CAP_PACE_PPS:
		return (double)span->records * 1e9 / rate;
	case CAP_PACE_MBPS:
		/* bits / (mbps x 1e6) s */
		return (double)span->bits * 1e3 / rate;
	default:
		return 0;
	}
}

/* v rounded up to three significant figures. */
static double
pace_ceil3(double v)
{
	double scale;

	if (!(v > 0))
		return v;
	scale = pow(10.0, floor(log10(v)) - 2);
	return ceil(v / scale * (1 - 1e-12)) * scale;
}

int
cap_pace_fit(enum cap_pace_mode mode, double rate,
	const struct cap_pace_span *span, double *bound)
{
	double at_one;

	if (span == NULL)
		return -EINVAL;
	if (mode == CAP_PACE_TOPSPEED)
		return 0;
	if (cap_pace_rate_bounds(mode, NULL, NULL) != 0)
		return -EINVAL;
	if (cap_pace_span_ns(mode, rate, span) <= (double)CAP_PACE_SPAN_MAX_NS)
		return 0;
	/* the span scales as 1 / rate: the rate at which it is exactly
	 * the longest a schedule may run */
	at_one = cap_pace_span_ns(mode, 1.0, span);
	if (bound != NULL) {
		double b = pace_ceil3(at_one / (double)CAP_PACE_SPAN_MAX_NS);

		/* the rounded value is what people give back: it must fit */
		while (cap_pace_span_ns(mode, b, span) >
				(double)CAP_PACE_SPAN_MAX_NS)
			b = pace_ceil3(b * (1 + 1e-3));
		*bound = b;
	}
	return -ERANGE;
}

double
cap_pace_cycles_to_us(const struct cap_pace *p, uint64_t cycles)
{
	if (p == NULL || p->hz == 0)
		return 0;
	return (double)cycles * 1e6 / (double)p->hz;
}
