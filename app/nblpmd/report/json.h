/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBLPMD_JSON_H
#define NBLPMD_JSON_H

/**
 * @file
 * The few JSON helpers the reports need (report_json.c, replay_report.c).
 * Called on the main lcore only, after the run, on a stdio stream.
 */

#include <stdio.h>

/**
 * Write s as a JSON string: quoted, with '"' and '\\' escaped and control
 * characters written as \\u00XX. Other bytes pass as they are, so UTF-8
 * text stays UTF-8.
 *
 * @param f
 *   Stream to write to.
 * @param s
 *   NUL-terminated text; NULL writes the empty string "".
 */
void nblpmd_json_str(FILE *f, const char *s);

#endif /* NBLPMD_JSON_H */
