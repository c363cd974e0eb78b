/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * How an option's value is parsed, checked and stored: by its row's type
 * (a flag, an integer in a range, "auto", a number, a file name, a choice,
 * a pacing), or by a parser of its own for the rows that need one (OTHER,
 * and the outputs whose name chooses their format). options.c holds the
 * table that names them. Every refusal is one line naming the option,
 * what is wrong and what would be right (app_opt_bad), and the caller
 * exits 2.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_common.h>

#include "app_opt.h"
#include "cli.h"

#define OPT_PROG "nblpmd"

/* ------------------------------------------------------ value access */

static void *
opt_field(struct nblpmd_config *cfg, const struct nblpmd_opt *o)
{
	return (uint8_t *)cfg + o->offset;
}

static void
opt_store(struct nblpmd_config *cfg, const struct nblpmd_opt *o, uint64_t v)
{
	void *p = opt_field(cfg, o);

	switch (o->size) {
	case 1:
		*(uint8_t *)p = (uint8_t)v;
		break;
	case 2:
		*(uint16_t *)p = (uint16_t)v;
		break;
	case 4:
		*(uint32_t *)p = (uint32_t)v;
		break;
	default:
		*(uint64_t *)p = v;
		break;
	}
}

uint64_t
nblpmd_option_uint(const struct nblpmd_config *cfg, const struct nblpmd_opt *o)
{
	const void *p = (const uint8_t *)cfg + o->offset;

	switch (o->size) {
	case 1:
		return *(const uint8_t *)p;
	case 2:
		return *(const uint16_t *)p;
	case 4:
		return *(const uint32_t *)p;
	default:
		return *(const uint64_t *)p;
	}
}

/* ------------------------------------------------ parsers by type */

/* Flags: the command line passes "1"; a profile may say yes/no. */
static int
opt_yes_no(const char *where, const char *val, bool *out)
{
	if (val == NULL || strcmp(val, "1") == 0 ||
			strcasecmp(val, "yes") == 0 ||
			strcasecmp(val, "true") == 0 ||
			strcasecmp(val, "on") == 0) {
		*out = true;
		return 0;
	}
	if (strcmp(val, "0") == 0 || strcasecmp(val, "no") == 0 ||
			strcasecmp(val, "false") == 0 ||
			strcasecmp(val, "off") == 0) {
		*out = false;
		return 0;
	}
	return app_opt_bad(OPT_PROG, where, val,
		"is not a yes/no value; give yes or no");
}

static int
opt_flag(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	bool on;

	if (opt_yes_no(w, v, &on) != 0)
		return -EINVAL;
	if ((o->flags & NBLPMD_OPT_F_NEGATE) != 0)
		on = !on;
	opt_store(cfg, o, on ? 1 : 0);
	return 0;
}

static int
opt_uint(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	uint64_t n;

	if (app_opt_u64(OPT_PROG, w, v, o->min, o->max, &n) != 0)
		return -EINVAL;
	opt_store(cfg, o, n);
	return 0;
}

/* "auto" gives 0; otherwise an integer from min to max. */
static int
opt_auto(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	char why[160];
	uint64_t n;

	if (strcasecmp(v, "auto") == 0) {
		opt_store(cfg, o, 0);
		return 0;
	}
	snprintf(why, sizeof(why), "is not valid; give auto or an integer "
		"from %" PRIu64 " to %" PRIu64, o->min, o->max);
	if (!app_opt_u64_in(v, o->min, o->max, &n))
		return app_opt_bad(OPT_PROG, w, v, why);
	opt_store(cfg, o, n);
	return 0;
}

static int
opt_real(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	return app_opt_double(OPT_PROG, w, v, o->dmin, o->dmax, false,
		(double *)opt_field(cfg, o));
}

static int
opt_path(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	char *dst = opt_field(cfg, o);

	if (v[0] == '\0')
		return app_opt_bad(OPT_PROG, w, "", "is empty; give a file name");
	if (strlen(v) >= o->size)
		return app_opt_bad(OPT_PROG, w, v, "is too long; give a path "
			"under " RTE_STR(NBLPMD_PATH_MAX) " characters");
	strcpy(dst, v);
	return 0;
}

static int
opt_choice(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	char why[192];
	size_t off;
	unsigned int i;

	for (i = 0; o->choices[i] != NULL; i++)
		if (strcmp(v, o->choices[i]) == 0) {
			opt_store(cfg, o, i);
			return 0;
		}
	off = (size_t)snprintf(why, sizeof(why), "is not %s; give ", o->noun);
	for (i = 0; o->choices[i] != NULL && off < sizeof(why); i++)
		off += (size_t)snprintf(why + off, sizeof(why) - off, "%s%s",
			i == 0 ? "" : o->choices[i + 1] == NULL ? " or " : ", ",
			o->choices[i]);
	return app_opt_bad(OPT_PROG, w, v, why);
}

/*
 * The replay's pacing, as lib/capture keeps it: a mode and its rate,
 * within lib/capture's bounds. One pacing option per run.
 */
static int
opt_pace(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	double rate = 0, min = 0, max = 0;

	if (o->pace == CAP_PACE_TOPSPEED) {
		bool on;

		if (opt_yes_no(w, v, &on) != 0)
			return -EINVAL;
		if (!on)
			return 0;
		v = "yes";
	} else {
		cap_pace_rate_bounds(o->pace, &min, &max);
		if (app_opt_double(OPT_PROG, w, v, min, max, false, &rate) != 0)
			return -EINVAL;
	}
	if (cfg->pace_set && cfg->pace != o->pace)
		return app_opt_bad(OPT_PROG, w, v, "conflicts with another pacing "
			"option; give one of --multiplier, --pps, --mbps, "
			"--topspeed");
	cfg->pace = o->pace;
	cfg->pace_rate = rate;
	cfg->pace_set = true;
	return 0;
}

/* ------------------------------------------------ parsers of their own */

/*
 * An output whose format the name chooses: a name ending in another
 * extension is refused, one without (a FIFO, a device) gets the first.
 */
static int
opt_output(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w, const char *const *exts,
		unsigned int nb, const char *what)
{
	char why[192];

	if (opt_path(cfg, o, v, w) != 0)
		return -EINVAL;
	if (app_opt_out_format(v, exts, nb, 0) >= 0)
		return 0;
	snprintf(why, sizeof(why), "is not %s file name; give a name ending "
		"in %s or %s (or no extension: %s)", what, exts[0], exts[1],
		exts[0] + 1);
	return app_opt_bad(OPT_PROG, w, v, why);
}

int
nblpmd_opt_set_capture_out(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	static const char *const exts[] = { ".pcap", ".pcapng" };

	return opt_output(cfg, o, v, w, exts, RTE_DIM(exts), "a capture");
}

int
nblpmd_opt_set_plot(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	static const char *const exts[] = { ".png", ".svg" };

	return opt_output(cfg, o, v, w, exts, RTE_DIM(exts), "a picture");
}

/* --rxq given or not: net_pcap ports take one queue per rx_pcap file
 * unless it is. */
int
nblpmd_opt_set_rxq(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	if (opt_uint(cfg, o, v, w) != 0)
		return -EINVAL;
	cfg->rxq_set = true;
	return 0;
}

/* auto (D/8), 0 (never RESOURCES) or N: 0 is not auto here. */
int
nblpmd_opt_set_low_watermark(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	if (opt_auto(cfg, o, v, w) != 0)
		return -EINVAL;
	cfg->low_watermark_off = strcasecmp(v, "auto") != 0 &&
		cfg->low_watermark == 0;
	return 0;
}

/* An lcore id; none given: the RX lcore (-1). */
int
nblpmd_opt_set_lcore(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	uint64_t lc;

	if (app_opt_u64(OPT_PROG, w, v, o->min, o->max, &lc) != 0)
		return -EINVAL;
	*(int *)opt_field(cfg, o) = (int)lc;
	return 0;
}

/* The hold time specification (lib/model's grammar); it owns memory. */
int
nblpmd_opt_set_hold_us(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	struct nbl_hold_dist d;
	char err[512];

	if (nbl_hold_parse(v, &d, err, sizeof(err)) != 0) {
		/* a signal stopped the read (file:FIFO with no writer yet):
		 * the program stops, it is not a bad value */
		if (nblpmd_force_quit)
			return -EINTR;
		/* the message names the value or the file, once */
		fprintf(stderr, "nblpmd: %s: %s\n", w, err);
		return -EINVAL;
	}
	nbl_hold_free(&cfg->hold_dist);
	cfg->hold_dist = d;
	return 0;
}

/* H: auto, or a number the sizing rule takes as given. */
int
nblpmd_opt_set_hold(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	if (strcasecmp(v, "auto") == 0) {
		cfg->hold = 0;
		cfg->hold_set = false;
		return 0;
	}
	if (opt_uint(cfg, o, v, w) != 0)
		return -EINVAL;
	cfg->hold_set = true;
	return 0;
}

/* One more file to replay, in order. */
int
nblpmd_opt_set_replay(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	struct nblpmd_opt one = *o;

	if (cfg->nb_replay >= NBLPMD_MAX_REPLAY)
		return app_opt_bad(OPT_PROG, w, v, "is one file too many; at most "
			RTE_STR(NBLPMD_MAX_REPLAY) " --replay files");
	one.offset = (uint32_t)(offsetof(struct nblpmd_config, replay) +
		cfg->nb_replay * sizeof(cfg->replay[0]));
	one.size = sizeof(cfg->replay[0]);
	if (opt_path(cfg, &one, v, w) != 0)
		return -EINVAL;
	cfg->nb_replay++;
	return 0;
}

/* The internal port's Toeplitz key, as lib/capture reads it. */
int
nblpmd_opt_set_rss_key(struct nblpmd_config *cfg, const struct nblpmd_opt *o,
		const char *v, const char *w)
{
	char err[128], why[256];

	if (cap_rss_key_parse(v, cfg->rss_key, err, sizeof(err)) != 0) {
		snprintf(why, sizeof(why), "is not an RSS key: %s; give %u "
			"hexadecimal digits (a ':' may separate bytes)", err,
			2 * CAP_RSS_KEY_LEN);
		return app_opt_bad(OPT_PROG, w, v, why);
	}
	cfg->rss_key_set = true;
	return 0;
}

int
nblpmd_option_set(struct nblpmd_config *cfg, unsigned int i,
		const char *value, const char *where)
{
	const struct nblpmd_opt *o = nblpmd_option_at(i);

	if (o == NULL)
		return -EINVAL;
	if (o->arg == NULL && (value == NULL || value[0] == '\0'))
		value = "1";
	else if (value == NULL)
		value = "";
	if (o->set != NULL)
		return o->set(cfg, o, value, where);
	switch (o->type) {
	case NBLPMD_OPT_FLAG:
		return opt_flag(cfg, o, value, where);
	case NBLPMD_OPT_UINT:
		return opt_uint(cfg, o, value, where);
	case NBLPMD_OPT_AUTO:
		return opt_auto(cfg, o, value, where);
	case NBLPMD_OPT_REAL:
		return opt_real(cfg, o, value, where);
	case NBLPMD_OPT_PATH:
		return opt_path(cfg, o, value, where);
	case NBLPMD_OPT_CHOICE:
		return opt_choice(cfg, o, value, where);
	case NBLPMD_OPT_PACE:
		return opt_pace(cfg, o, value, where);
	default:
		fprintf(stderr, "nblpmd: %s: the option has no parser\n", where);
		return -EINVAL;
	}
}
