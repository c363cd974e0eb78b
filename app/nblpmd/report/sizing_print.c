/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The sizing table (docs/design.md#the-sizing-rule-numberofdescriptors)
 * as the user sees it: each line with what was given, what is needed and
 * its verdict. run/sizing.c computes it at set-up.
 */

#include <inttypes.h>
#include <stdio.h>

#include "report.h"

const char *
nblpmd_sizing_verdict(const struct nbl_sizing_line *l)
{
	return l->ok ? "ok" : "TOO LOW";
}

void
nblpmd_sizing_print(const struct nbl_sizing *sz, FILE *f)
{
	unsigned int i;

	fprintf(f, "\nSizing rule (receive descriptors, buffer descriptors, "
		"pools):\n");
	fprintf(f, "  %-36s %10s %10s  %-9s %s\n", "quantity", "given",
		"needed", "verdict", "rule");
	for (i = 0; i < sz->nb_lines; i++) {
		const struct nbl_sizing_line *l = &sz->line[i];
		char verdict[16];

		snprintf(verdict, sizeof(verdict), "%s%s",
			nblpmd_sizing_verdict(l), l->is_auto ? " auto" : "");
		fprintf(f, "  %-36s %10" PRIu64 " %10" PRIu64 "  %-9s %s\n",
			l->what, l->given, l->needed, verdict, l->rule);
	}
	fprintf(f, "\n");
}
