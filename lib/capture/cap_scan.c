/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include "cap_pvt.h"

/* net_pcap copies at most this many bytes into an mbuf chain correctly. */
#define CAP_NETPCAP_MAX_CAPLEN 65535u

int
cap_scan(const char *path, const struct cap_open_params *params,
	struct cap_scan_result *res, char *err, size_t errlen)
{
	return cap_scan_records(path, params, res, NULL, NULL, err, errlen);
}

int
cap_scan_records(const char *path, const struct cap_open_params *params,
	struct cap_scan_result *res, cap_scan_record_fn fn, void *arg,
	char *err, size_t errlen)
{
	struct cap_record rec;
	struct cap_reader *r;
	bool first = true;
	int rc, frc = 0;

	if (res == NULL) {
		cap_set_err(err, errlen, "%s: no result buffer for cap_scan",
			path != NULL ? path : "(null)");
		return -EINVAL;
	}
	memset(res, 0, sizeof(*res));
	r = cap_open(path, params, err, errlen);
	if (r == NULL)
		return -rte_errno;
	res->info = r->info;

	while ((rc = cap_next(r, &rec)) == 1) {
		if (fn != NULL) {
			frc = fn(&rec, arg);
			if (frc != 0) {
				rc = frc;
				cap_set_err(err, errlen, "%s: record %" PRIu64
					": %s", path, rec.index, strerror(-frc));
				break;
			}
		}
		/* a reader of the raw file never sees these two */
		if (rec.refusal == CAP_REFUSAL_TRUNCATED ||
				rec.refusal == CAP_REFUSAL_UNREADABLE)
			continue;
		res->netpcap_records++;
		if (rec.file_caplen > CAP_NETPCAP_MAX_CAPLEN)
			res->netpcap_over_65535++;
		if (rec.file_caplen > rec.file_len)
			res->netpcap_caplen_over_len++;
		if (rec.caplen > res->max_caplen)
			res->max_caplen = rec.caplen;
		if (first) {
			res->first_ts_ns = rec.ts_ns;
			first = false;
		}
		res->last_ts_ns = rec.ts_ns;
	}
	res->counts = r->counts;
	snprintf(res->read_error, sizeof(res->read_error), "%s",
		cap_reader_error(r));
	if (rc < 0 && frc == 0)
		cap_set_err(err, errlen, "%s: read error after record %" PRIu64
			": %s", path, r->counts.records, strerror(-rc));
	cap_close(r);
	return rc < 0 ? rc : 0;
}
