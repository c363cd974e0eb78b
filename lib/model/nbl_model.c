/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The discrete-event run of one queue (nbl_model_run) and the sweep over D
 * (nbl_model_sweep). The rules are in nbl_model.h; the poll is
 * lib/rxq/nbl_rxq_fill.c's rxq_poll(): burst = min(B, nfree), then
 * RESOURCES when nfree < W after the fill.
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nbl_model.h"

/* Sizes checked one by one above the bisection's answer. */
#define MODEL_SWEEP_WINDOW 16u
/* At most this many sizes checked one by one in all. */
#define MODEL_SWEEP_LINEAR_MAX 1024u

/* ------------------------------------------------- heap of return times */

/* A binary min-heap of return times (ns), one per NBL held. */
struct model_heap {
	uint64_t *t;
	uint32_t n;
};

static inline void
heap_push(struct model_heap *h, uint64_t v)
{
	uint64_t *t = h->t;
	uint32_t i = h->n++;

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (t[parent] <= v)
			break;
		t[i] = t[parent];
		i = parent;
	}
	t[i] = v;
}

static inline void
heap_pop(struct model_heap *h)
{
	uint64_t *t = h->t;
	uint32_t n = --h->n;
	uint64_t v = t[n];
	uint32_t i = 0;

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && t[c + 1] < t[c])
			c++;
		if (v <= t[c])
			break;
		t[i] = t[c];
		i = c;
	}
	if (n > 0)
		t[i] = v;
}

/* --------------------------------------------------------- one queue */

struct model_state {
	const struct nbl_model_params *p;
	struct nbl_model_result *r;
	struct model_heap heap;
	uint64_t *held_hist;      /* packets that saw held == i, i <= D */
	uint32_t nfree;
	uint32_t ring;
	uint64_t k;               /* NBLs indicated so far: the hold index */
	uint64_t empty_since;     /* when the free list became empty */
	uint64_t last_return;     /* latest return time pushed */
	bool hold_on;
	/* return lag: its stream */
	const struct nbl_hold_dist *lag; /* NULL: none */
	uint64_t lag_seed;
	/* polls at gaps (model_run_polled) */
	const struct nbl_hold_dist *gap; /* NULL: fixed, gap_fixed ns */
	uint64_t gap_fixed;       /* ns, with gap NULL */
	uint64_t gap_seed;
	uint64_t gap_k;           /* gaps drawn so far */
	uint64_t gap_forget_ns;   /* MODEL_POLL_FORGET_GAPS mean gaps */
	uint64_t next_poll;       /* the poll process's next poll */
};

/* The model's time unit: a duration in us to whole ns. */
static inline uint64_t
model_ns(double us)
{
	return (uint64_t)(us * 1000.0 + 0.5);
}

static inline uint64_t
model_hold_ns(const struct model_state *s, uint64_t k, uint64_t t)
{
	const struct nbl_model_params *p = s->p;
	double us = nbl_hold_sample_us(p->hold, p->seed, p->queue, k);

	if (p->trace != NULL)
		p->trace(p->trace_arg, k, t, us, false);
	return model_ns(us);
}

/* How late NBL k comes back after its hold time, in ns. */
static inline uint64_t
model_lag_ns(const struct model_state *s, uint64_t k)
{
	if (s->lag == NULL)
		return 0;
	return model_ns(nbl_hold_sample_us(s->lag, s->lag_seed, s->p->queue,
		k));
}

/* NBLs that come back at once: RESOURCES, or no hold model. */
static void
model_trace_at_once(const struct model_state *s, uint64_t k, uint32_t n,
		uint64_t t, bool resources)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		s->p->trace(s->p->trace_arg, k + i, t, 0.0, resources);
}

/* Returns due at or before t go back to the free list. */
static inline void
model_returns(struct model_state *s, uint64_t t)
{
	struct model_heap *h = &s->heap;

	while (h->n > 0 && h->t[0] <= t) {
		if (s->nfree == 0)
			s->r->empty_ns += h->t[0] - s->empty_since;
		s->nfree++;
		heap_pop(h);
	}
}

/* One poll at t: one burst from the ring, as rxq_poll(). */
static void
model_poll(struct model_state *s, uint64_t t)
{
	const struct nbl_model_params *p = s->p;
	struct nbl_model_result *r = s->r;
	uint32_t burst = p->burst, i, back = 0;

	if (burst > s->nfree)
		burst = s->nfree;
	if (burst > s->ring)
		burst = s->ring;
	if (burst == 0)
		return;
	s->ring -= burst;
	s->nfree -= burst;
	r->indicated += burst;
	r->indications++;
	if (s->nfree < p->low_watermark) {
		/* R5: the consumer copies, the NBLs are back at once; their
		 * hold times are drawn and not used */
		r->resources_indications++;
		r->resources_nbls += burst;
		s->nfree += burst;
		if (p->trace != NULL)
			model_trace_at_once(s, s->k, burst, t, true);
		s->k += burst;
		return;
	}
	if (!s->hold_on) {
		s->nfree += burst;
		if (p->trace != NULL)
			model_trace_at_once(s, s->k, burst, t, false);
		s->k += burst;
		return;
	}
	for (i = 0; i < burst; i++) {
		uint64_t k = s->k++;
		uint64_t hold = model_hold_ns(s, k, t) + model_lag_ns(s, k);

		if (hold == 0) {
			back++;
			continue;
		}
		heap_push(&s->heap, t + hold);
		if (t + hold > s->last_return)
			s->last_return = t + hold;
	}
	if (s->heap.n > r->held_max)
		r->held_max = s->heap.n;
	if (s->nfree == 0 && back == 0) {
		r->empty_episodes++;
		s->empty_since = t;
	}
	s->nfree += back;
}

/* One arrival at t into the ring; false when it is missed. */
static inline bool
model_arrive(struct model_state *s)
{
	if (s->ring == s->p->nb_rxd) {
		s->r->missed++;
		return false;
	}
	s->ring++;
	if (s->ring > s->r->ring_max)
		s->r->ring_max = s->ring;
	return true;
}

/* Continuous polling: everything at instant t, then back to the caller. */
static void
model_run_continuous(struct model_state *s, const uint64_t *a, size_t n)
{
	const struct nbl_model_params *p = s->p;
	struct model_heap *h = &s->heap;
	size_t i = 0;

	for (;;) {
		uint64_t t;
		size_t g0;

		/* The ring only holds packets while the free list is empty:
		 * the first return before the next arrival is polled for at
		 * once (returns at one instant come back together). */
		if (s->ring > 0 && h->n > 0 && (i == n || h->t[0] < a[i])) {
			t = h->t[0];
			model_returns(s, t);
			while (s->ring > 0 && s->nfree > 0)
				model_poll(s, t);
			continue;
		}
		if (i == n)
			break;
		t = a[i];
		model_returns(s, t);
		g0 = i;
		for (; i < n && a[i] == t; i++) {
			uint32_t want;

			model_arrive(s);
			want = s->nfree < p->burst ? s->nfree : p->burst;
			/* a burst closes when full or when the ring is */
			if (want > 0 && (s->ring >= want ||
					s->ring == p->nb_rxd))
				model_poll(s, t);
		}
		while (s->ring > 0 && s->nfree > 0)
			model_poll(s, t);
		s->held_hist[h->n] += i - g0;
	}
}

/* The gap after a poll, in ns; at least 1, so two polls never share an
 * instant. */
static inline uint64_t
model_gap_ns(struct model_state *s)
{
	uint64_t ns;

	if (s->gap == NULL)
		return s->gap_fixed;
	ns = model_ns(nbl_hold_sample_us(s->gap, s->gap_seed, s->p->queue,
		s->gap_k++));
	return ns > 0 ? ns : 1;
}

/* From an instant the model did not follow poll by poll to the next poll:
 * the poll process's residual life (two draws of the gap stream, kept
 * apart from the gaps by the top bit of the counter). */
static inline uint64_t
model_residual_ns(struct model_state *s)
{
	const uint64_t k = s->gap_k++ | UINT64_C(1) << 63;
	double u1 = nbl_hold_uniform(s->gap_seed, s->p->queue, k);
	double u2 = nbl_hold_uniform(s->gap_seed ^ NBL_MODEL_GAP_SALT,
		s->p->queue, k);

	return model_ns(nbl_hold_residual_us(s->gap, u1, u2));
}

/* Polls followed one by one before the residual life takes over, and
 * the distance (in mean gaps) past which it takes over at once: so far
 * from the last poll known, the process has forgotten it. */
#define MODEL_POLL_STEPS 64u
#define MODEL_POLL_FORGET_GAPS 8u

/*
 * The first poll at or after x. The polls before it found nothing to do
 * (an empty ring, or no free descriptor), so they are passed over: on the
 * grid of a fixed gap exactly; with random gaps one by one for a while,
 * then at the residual life after x.
 */
static uint64_t
model_poll_from(struct model_state *s, uint64_t x)
{
	unsigned int steps;
	uint64_t m;

	if (s->next_poll >= x)
		return s->next_poll;
	if (s->gap == NULL) {
		m = (x - s->next_poll + s->gap_fixed - 1) / s->gap_fixed;
		s->next_poll += m * s->gap_fixed;
		return s->next_poll;
	}
	if (x - s->next_poll > s->gap_forget_ns)
		steps = MODEL_POLL_STEPS;
	else
		steps = 0;
	for (; steps < MODEL_POLL_STEPS && s->next_poll < x; steps++)
		s->next_poll += model_gap_ns(s);
	if (s->next_poll < x)
		s->next_poll = x + model_residual_ns(s);
	return s->next_poll;
}

/* One burst per poll, polls poll_ns apart or at gaps drawn from poll_gap. */
static void
model_run_polled(struct model_state *s, const uint64_t *a, size_t n)
{
	struct model_heap *h = &s->heap;
	uint64_t now = a[0];
	size_t i = 0;

	/* a fixed grid starts at the first arrival; random gaps are under
	 * way when it comes */
	s->next_poll = a[0] + (s->gap != NULL ? model_residual_ns(s) : 0);
	for (;;) {
		uint64_t t_arr = i < n ? a[i] : UINT64_MAX;
		uint64_t t_poll = UINT64_MAX, t;
		size_t g0 = i;

		if (s->ring > 0) {
			if (s->nfree > 0)
				t_poll = model_poll_from(s, now);
			else if (h->n > 0)
				t_poll = model_poll_from(s, h->t[0]);
		}
		if (t_arr == UINT64_MAX && t_poll == UINT64_MAX)
			break;
		t = t_arr < t_poll ? t_arr : t_poll;
		now = t;
		model_returns(s, t);
		for (; i < n && a[i] == t; i++)
			model_arrive(s);
		if (s->ring > 0 && s->nfree > 0 && model_poll_from(s, t) == t) {
			model_poll(s, t);
			s->next_poll = t + model_gap_ns(s);
		}
		if (i > g0)
			s->held_hist[h->n] += i - g0;
	}
}

static uint32_t
model_percentile(const uint64_t *hist, uint32_t max, uint64_t total,
		double q)
{
	uint64_t need = (uint64_t)ceil(q * (double)total), cum = 0;
	uint32_t v;

	if (total == 0)
		return 0;
	for (v = 0; v <= max; v++) {
		cum += hist[v];
		if (cum >= need)
			return v;
	}
	return max;
}

int
nbl_model_run(const struct nbl_model_params *p, const uint64_t *arrival_ns,
		size_t n, struct nbl_model_result *r)
{
	struct model_state s;
	size_t i;

	if (p == NULL || r == NULL || (arrival_ns == NULL && n > 0))
		return -EINVAL;
	memset(r, 0, sizeof(*r));
	if (p->nb_rxd == 0 || p->burst == 0 ||
			p->burst > NBL_MODEL_MAX_BURST ||
			p->descriptors == 0 ||
			p->descriptors > NBL_MODEL_MAX_DESCRIPTORS)
		return -EINVAL;
	for (i = 1; i < n; i++)
		if (arrival_ns[i] < arrival_ns[i - 1])
			return -EINVAL;
	if (n == 0)
		return 0;

	memset(&s, 0, sizeof(s));
	s.p = p;
	s.r = r;
	s.nfree = p->descriptors;
	s.hold_on = p->hold != NULL && p->hold->kind != NBL_HOLD_NONE;
	if (p->return_lag != NULL && p->return_lag->kind != NBL_HOLD_NONE) {
		s.lag = p->return_lag;
		s.lag_seed = nbl_hold_mix64(p->seed ^ NBL_MODEL_LAG_SALT);
	}
	/* a fixed gap is a grid from the first arrival, as poll_ns */
	if (p->poll_gap != NULL && p->poll_gap->kind == NBL_HOLD_FIXED)
		s.gap_fixed = model_ns(p->poll_gap->a) > 0 ?
			model_ns(p->poll_gap->a) : 1;
	else if (p->poll_gap != NULL && p->poll_gap->kind != NBL_HOLD_NONE) {
		s.gap = p->poll_gap;
		s.gap_forget_ns = model_ns(MODEL_POLL_FORGET_GAPS *
			p->poll_gap->mean_us);
	}
	else
		s.gap_fixed = p->poll_ns;
	s.gap_seed = nbl_hold_mix64(p->seed ^ NBL_MODEL_GAP_SALT);
	s.heap.t = malloc(sizeof(*s.heap.t) * p->descriptors);
	s.held_hist = calloc((size_t)p->descriptors + 1, sizeof(*s.held_hist));
	if (s.heap.t == NULL || s.held_hist == NULL) {
		free(s.heap.t);
		free(s.held_hist);
		return -ENOMEM;
	}

	if (s.gap == NULL && s.gap_fixed == 0)
		model_run_continuous(&s, arrival_ns, n);
	else
		model_run_polled(&s, arrival_ns, n);

	/* After the last arrival the consumer gives back what it holds. */
	if (s.nfree == 0 && s.heap.n > 0)
		r->empty_ns += s.heap.t[0] - s.empty_since;
	r->packets = n;
	r->span_ns = (s.last_return > arrival_ns[n - 1] ? s.last_return :
		arrival_ns[n - 1]) - arrival_ns[0];
	r->held_p999 = model_percentile(s.held_hist, p->descriptors, n, 0.999);
	free(s.heap.t);
	free(s.held_hist);
	return 0;
}

/* ------------------------------------------------------------- sweep */

bool
nbl_model_meets(const struct nbl_model_sweep_params *sp,
		const struct nbl_model_result *r)
{
	double pk = (double)r->packets;

	return (double)r->missed <= sp->loss_target * pk &&
		(double)r->resources_nbls <= sp->resources_target * pk;
}

struct sweep_ctx {
	const struct nbl_model_sweep_params *sp;
	const uint64_t *a;
	size_t n;
	struct nbl_model_sweep *out;
	size_t cap;
};

/* The row of D, run now unless it was run before; NULL with *ret set on
 * failure. Rows are kept in the order tried until the end. */
static const struct nbl_model_sweep_row *
sweep_try(struct sweep_ctx *c, uint32_t d, int *ret)
{
	struct nbl_model_sweep *out = c->out;
	struct nbl_model_params p = c->sp->queue;
	struct nbl_model_sweep_row *row;
	size_t i;

	for (i = 0; i < out->nb_rows; i++)
		if (out->rows[i].descriptors == d)
			return &out->rows[i];
	if (out->nb_rows == c->cap) {
		size_t ncap = c->cap == 0 ? 64 : c->cap * 2;
		struct nbl_model_sweep_row *nr;

		nr = realloc(out->rows, ncap * sizeof(*nr));
		if (nr == NULL) {
			*ret = -ENOMEM;
			return NULL;
		}
		out->rows = nr;
		c->cap = ncap;
	}
	row = &out->rows[out->nb_rows];
	memset(row, 0, sizeof(*row));
	p.descriptors = d;
	p.low_watermark = nbl_model_watermark(c->sp->wm, c->sp->wm_fixed, d);
	*ret = nbl_model_run(&p, c->a, c->n, &row->r);
	if (*ret != 0)
		return NULL;
	row->descriptors = d;
	row->low_watermark = p.low_watermark;
	row->meets = nbl_model_meets(c->sp, &row->r);
	out->nb_rows++;
	return row;
}

static int
sweep_row_cmp(const void *x, const void *y)
{
	const struct nbl_model_sweep_row *a = x, *b = y;

	return (a->descriptors > b->descriptors) -
		(a->descriptors < b->descriptors);
}

/* False when a larger D gave more missed or RESOURCES NBLs than a smaller. */
static bool
sweep_monotone(const struct nbl_model_sweep *s)
{
	uint64_t min_missed = UINT64_MAX, min_res = UINT64_MAX;
	size_t i;

	for (i = 0; i < s->nb_rows; i++) {
		const struct nbl_model_result *r = &s->rows[i].r;

		if (r->missed > min_missed || r->resources_nbls > min_res)
			return false;
		if (r->missed < min_missed)
			min_missed = r->missed;
		if (r->resources_nbls < min_res)
			min_res = r->resources_nbls;
	}
	return true;
}

/* Doubling, then bisection: the first D that meets the targets after one
 * that fails, in *hi (0: none up to d_max). */
static int
sweep_search(struct sweep_ctx *c, uint32_t d_min, uint32_t d_max,
		uint32_t *hi)
{
	const struct nbl_model_sweep_row *row;
	uint64_t step = c->sp->queue.burst;
	uint32_t lo, d;
	int ret;

	*hi = 0;
	row = sweep_try(c, d_min, &ret);
	if (row == NULL)
		return ret;
	if (row->meets) {
		*hi = d_min;
		return 0;
	}
	lo = d_min;
	for (;;) {
		if (lo == d_max)
			return 0;
		d = (uint64_t)d_min + step > d_max ? d_max :
			(uint32_t)(d_min + step);
		row = sweep_try(c, d, &ret);
		if (row == NULL)
			return ret;
		if (row->meets)
			break;
		lo = d;
		step *= 2;
	}
	*hi = d;
	while (*hi - lo > 1) {
		d = lo + (*hi - lo) / 2;
		row = sweep_try(c, d, &ret);
		if (row == NULL)
			return ret;
		if (row->meets)
			*hi = d;
		else
			lo = d;
	}
	return 0;
}

static uint32_t
sweep_window_end(uint32_t d, uint32_t d_max)
{
	return d_max - d < MODEL_SWEEP_WINDOW ? d_max : d + MODEL_SWEEP_WINDOW;
}

int
nbl_model_sweep(const struct nbl_model_sweep_params *sp,
		const uint64_t *arrival_ns, size_t n, struct nbl_model_sweep *out)
{
	struct sweep_ctx c = { .sp = sp, .a = arrival_ns, .n = n, .out = out };
	const struct nbl_model_sweep_row *row;
	uint32_t d_min, d_max, hi, d, end, linear = 0;
	size_t i;
	int ret;

	if (out == NULL)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	if (sp == NULL || sp->queue.burst == 0 || sp->queue.nb_rxd == 0 ||
			!(sp->loss_target >= 0 && sp->loss_target <= 1) ||
			!(sp->resources_target >= 0 &&
			  sp->resources_target <= 1))
		return -EINVAL;
	d_min = sp->d_min != 0 ? sp->d_min :
		sp->queue.nb_rxd + sp->queue.burst;
	d_max = sp->d_max != 0 ? sp->d_max : NBL_MODEL_MAX_DESCRIPTORS;
	if (d_min > d_max || d_max > NBL_MODEL_MAX_DESCRIPTORS)
		return -EINVAL;

	ret = sweep_search(&c, d_min, d_max, &hi);
	/* One by one above the answer: a failure there voids it, and the
	 * next size that meets the targets is the answer, with a new window
	 * above it. */
	d = hi + 1;
	end = hi == 0 ? 0 : sweep_window_end(hi, d_max);
	while (ret == 0 && end != 0 && d <= d_max && (d <= end || hi == 0) &&
			linear < MODEL_SWEEP_LINEAR_MAX) {
		row = sweep_try(&c, d, &ret);
		if (row == NULL)
			break;
		linear++;
		if (!row->meets) {
			hi = 0;
		} else if (hi == 0) {
			hi = d;
			end = sweep_window_end(hi, d_max);
		}
		d++;
	}
	if (ret != 0) {
		nbl_model_sweep_free(out);
		return ret;
	}
	qsort(out->rows, out->nb_rows, sizeof(*out->rows), sweep_row_cmp);
	out->monotone = sweep_monotone(out);
	out->advice = hi;
	for (i = 0; hi != 0 && i < out->nb_rows; i++)
		if (out->rows[i].descriptors == hi)
			out->advice_row = &out->rows[i];
	return 0;
}

void
nbl_model_sweep_free(struct nbl_model_sweep *s)
{
	if (s == NULL)
		return;
	free(s->rows);
	memset(s, 0, sizeof(*s));
}
