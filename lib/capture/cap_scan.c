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
	struct cap_record rec;
	struct cap_reader *r;
	bool first = true;
	int rc;

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
		if (rec.refusal == CAP_REFUSAL_TRUNCATED)
			continue;
		res->netpcap_records++;
		if (r->raw_caplen > CAP_NETPCAP_MAX_CAPLEN)
			res->netpcap_over_65535++;
		if (r->raw_caplen > r->raw_len)
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
	if (rc < 0)
		cap_set_err(err, errlen, "%s: read error after record %" PRIu64
			": %s", path, r->counts.records, strerror(-rc));
	cap_close(r);
	return rc < 0 ? rc : 0;
}
