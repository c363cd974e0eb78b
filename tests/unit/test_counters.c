/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * The counter tables (lib/nbl, lib/rxq, the application's consumer,
 * port and lcore tables): every field of each statistics struct is in
 * its table exactly once, names are plain and unique, the text walk
 * prints every counter under its name, and the guide's counter tables
 * (docs/guide/reports.md) document each counter once with the table's
 * meaning. No EAL: the tables are constant data.
 */

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbl_test_assert.h"
#include "nblpmd_build_config.h"
#include "stats/stats.h"

struct table_case {
	const char *what;
	const struct nbl_counter *(*get)(unsigned int *nb);
	size_t size;               /**< sizeof the statistics struct */
};

static const struct table_case tables[] = {
	{ "struct nbl_pool_stats", nbl_pool_counters,
		sizeof(struct nbl_pool_stats) },
	{ "struct nbl_rxq_stats", nbl_rxq_counters,
		sizeof(struct nbl_rxq_stats) },
	{ "struct nblpmd_fwd_stats", nblpmd_fwd_counters,
		sizeof(struct nblpmd_fwd_stats) },
	{ "struct nblpmd_port_stats", nblpmd_port_counters,
		sizeof(struct nblpmd_port_stats) },
	{ "struct nblpmd_lcore_stats", nblpmd_lcore_counters,
		sizeof(struct nblpmd_lcore_stats) },
};

static unsigned int
elems(const struct nbl_counter *c)
{
	return c->nb_elems == 0 ? 1 : c->nb_elems;
}

static int
test_every_stats_field_in_its_table_once(void)
{
	unsigned int t, i, k, nb;

	for (t = 0; t < RTE_DIM(tables); t++) {
		const struct nbl_counter *c = tables[t].get(&nb);
		unsigned int words = tables[t].size / sizeof(uint64_t);
		unsigned int seen[64];

		TEST_ASSERT(words <= RTE_DIM(seen), "%s: %u words",
			tables[t].what, words);
		TEST_ASSERT_EQUAL(tables[t].size % sizeof(uint64_t), 0,
			"%s: only 64-bit counters", tables[t].what);
		memset(seen, 0, sizeof(seen));
		for (i = 0; i < nb; i++) {
			TEST_ASSERT_EQUAL(c[i].offset % sizeof(uint64_t), 0,
				"%s.%s: aligned", tables[t].what, c[i].name);
			for (k = 0; k < elems(&c[i]); k++) {
				unsigned int w = c[i].offset / sizeof(uint64_t) + k;

				TEST_ASSERT(w < words, "%s.%s[%u]: offset %u "
					"past the struct (%zu bytes)",
					tables[t].what, c[i].name, k, c[i].offset,
					tables[t].size);
				seen[w]++;
			}
		}
		for (i = 0; i < words; i++)
			TEST_ASSERT_EQUAL(seen[i], 1, "%s: bytes %zu-%zu covered "
				"by %u table entries, expected exactly one",
				tables[t].what, i * sizeof(uint64_t),
				i * sizeof(uint64_t) + 7, seen[i]);
	}
	return 0;
}

static bool
plain_name(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
				*s != '_')
			return false;
	return true;
}

static int
test_counter_names_plain_and_unique(void)
{
	unsigned int t, i, j, k, nb;

	for (t = 0; t < RTE_DIM(tables); t++) {
		const struct nbl_counter *c = tables[t].get(&nb);

		for (i = 0; i < nb; i++) {
			TEST_ASSERT(plain_name(c[i].name), "%s: name '%s' is "
				"not [a-z0-9_]", tables[t].what, c[i].name);
			TEST_ASSERT(c[i].meaning != NULL && c[i].meaning[0] != '\0'
				&& strchr(c[i].meaning, '|') == NULL,
				"%s.%s: a meaning without '|'", tables[t].what,
				c[i].name);
			TEST_ASSERT(c[i].nb_elems == 0 || c[i].elem_name != NULL,
				"%s.%s: array without element names",
				tables[t].what, c[i].name);
			for (j = 0; j < i; j++)
				TEST_ASSERT(strcmp(c[i].name, c[j].name) != 0,
					"%s: name %s twice", tables[t].what,
					c[i].name);
			for (k = 0; k < c[i].nb_elems; k++)
				TEST_ASSERT(plain_name(c[i].elem_name(k)),
					"%s.%s[%u]: element name '%s'",
					tables[t].what, c[i].name, k,
					c[i].elem_name(k));
		}
		TEST_ASSERT(nbl_counter_find(c, nb, c[nb - 1].name) == &c[nb - 1],
			"%s: nbl_counter_find finds the last entry",
			tables[t].what);
		TEST_ASSERT(nbl_counter_find(c, nb, "no_such_counter") == NULL,
			"%s: nbl_counter_find of an unknown name", tables[t].what);
	}
	return 0;
}

/* Read the value printed after "name: " (scalar) or "elem " (array). */
static int
text_value(const char *text, const char *key, uint64_t *v)
{
	char pat[96];
	const char *p = text;
	size_t n;

	n = (size_t)snprintf(pat, sizeof(pat), "%s", key);
	while ((p = strstr(p, pat)) != NULL) {
		bool start = p == text || p[-1] == ' ' || p[-1] == '\n';

		if (start && sscanf(p + n, "%" SCNu64, v) == 1)
			return 0;
		p += n;
	}
	return -1;
}

static int
test_text_walk_prints_every_counter(void)
{
	unsigned int t, i, k, nb;

	for (t = 0; t < RTE_DIM(tables); t++) {
		const struct nbl_counter *c = tables[t].get(&nb);
		uint64_t stats[64];
		char *text = NULL, key[96];
		size_t len = 0;
		FILE *f;

		for (i = 0; i < RTE_DIM(stats); i++)
			stats[i] = 1000 + 7 * i;
		f = open_memstream(&text, &len);
		TEST_ASSERT(f != NULL, "memstream");
		nblpmd_counters_print(f, "    ", c, nb, stats, 0);
		fclose(f);
		for (i = 0; i < nb; i++) {
			for (k = 0; k < elems(&c[i]); k++) {
				uint64_t want = stats[c[i].offset / 8 + k], seen;

				if (c[i].nb_elems == 0)
					snprintf(key, sizeof(key), "%s: ", c[i].name);
				else
					snprintf(key, sizeof(key), "%s%s%s ",
						k == 0 ? c[i].name : "",
						k == 0 ? ": " : "",
						c[i].elem_name(k));
				TEST_ASSERT(text_value(text, key, &seen) == 0,
					"%s: '%s' not printed in:\n%s",
					tables[t].what, key, text);
				TEST_ASSERT_EQUAL(seen, want, "%s: '%s' in:\n%s",
					tables[t].what, key, text);
			}
		}
		free(text);
	}
	return 0;
}

/* The guide's line of a counter: "| `name` | meaning |", an array's name
 * with {} and its element names after the meaning. */
static void
doc_line(const struct nbl_counter *c, char *buf, size_t size)
{
	size_t n;
	unsigned int k;

	if (c->nb_elems == 0) {
		snprintf(buf, size, "| `%s` | %s |", c->name, c->meaning);
		return;
	}
	n = (size_t)snprintf(buf, size, "| `%s{}` | %s:", c->name, c->meaning);
	for (k = 0; k < c->nb_elems && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, " `%s`%s",
			c->elem_name(k), k + 1 < c->nb_elems ? "," : " |");
}

static unsigned int
count_lines(const char *text, const char *line)
{
	const char *p = text;
	size_t n = strlen(line);
	unsigned int count = 0;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') &&
				(p[n] == '\n' || p[n] == '\0'))
			count++;
		p += n;
	}
	return count;
}

static int
test_docs_document_every_counter_once(void)
{
	char path[NBLPMD_PATH_MAX + 32], line[1024];
	unsigned int t, i, nb, missing = 0;
	char *text;
	long size;
	FILE *f;

	snprintf(path, sizeof(path), "%s/docs/guide/reports.md",
		NBLPMD_SOURCE_ROOT);
	f = fopen(path, "r");
	TEST_ASSERT(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)size + 1);
	TEST_ASSERT(text != NULL && fread(text, 1, (size_t)size, f) ==
		(size_t)size, "read %s", path);
	fclose(f);
	for (t = 0; t < RTE_DIM(tables); t++) {
		const struct nbl_counter *c = tables[t].get(&nb);

		for (i = 0; i < nb; i++) {
			unsigned int seen;

			doc_line(&c[i], line, sizeof(line));
			seen = count_lines(text, line);
			if (seen != 1) {
				printf("%s.%s: %s has %u lines '%s', "
					"expected exactly one\n", tables[t].what,
					c[i].name, path, seen, line);
				missing++;
			}
		}
	}
	free(text);
	TEST_ASSERT_EQUAL(missing, 0, "counters not documented once in %s "
		"(lines above)", path);
	return 0;
}

static const struct nbl_test_case cases[] = {
#define CASE(f) { #f, f }
	CASE(test_every_stats_field_in_its_table_once),
	CASE(test_counter_names_plain_and_unique),
	CASE(test_text_walk_prints_every_counter),
	CASE(test_docs_document_every_counter_once),
#undef CASE
};

int
main(int argc, char **argv)
{
	return nbl_test_run(argc, argv, cases, RTE_DIM(cases));
}
