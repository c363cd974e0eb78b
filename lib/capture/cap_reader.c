/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <rte_common.h>
#include <rte_errno.h>

#include "cap_pvt.h"

RTE_LOG_REGISTER_DEFAULT(cap_logtype, INFO);

#define CAP_MAGIC_PCAP 0xa1b2c3d4u
#define CAP_MAGIC_PCAP_NSEC 0xa1b23c4du
#define CAP_MAGIC_PCAP_MODIFIED 0xa1b2cd34u
#define CAP_MAGIC_PCAPNG 0x0a0d0d0au
#define CAP_NS_PER_S 1000000000ull

static const char * const cap_refusal_names[CAP_REFUSAL_MAX] = {
	[CAP_REFUSAL_NONE] = "none",
	[CAP_REFUSAL_CAPLEN_OVER_LEN] = "caplen_over_len",
	[CAP_REFUSAL_RUNT] = "runt",
	[CAP_REFUSAL_OVERSIZE] = "oversize",
	[CAP_REFUSAL_TRUNCATED] = "truncated",
	[CAP_REFUSAL_LINKTYPE] = "linktype",
	[CAP_REFUSAL_UNREADABLE] = "unreadable",
};

const char *
cap_refusal_name(enum cap_refusal reason)
{
	if ((unsigned int)reason >= CAP_REFUSAL_MAX)
		return "unknown";
	return cap_refusal_names[reason];
}

const char *
cap_format_name(enum cap_format format)
{
	switch (format) {
	case CAP_FORMAT_PCAP:
		return "pcap";
	case CAP_FORMAT_PCAP_NSEC:
		return "nsecpcap";
	case CAP_FORMAT_PCAPNG:
		return "pcapng";
	default:
		return "unknown";
	}
}

void
cap_set_err(char *err, size_t errlen, const char *fmt, ...)
{
	char buf[CAP_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	CAP_LOG(DEBUG, "%s", buf);
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", buf);
}

static uint32_t
cap_bswap32(uint32_t v)
{
	return ((v & 0xffu) << 24) | ((v & 0xff00u) << 8) |
		((v >> 8) & 0xff00u) | (v >> 24);
}

/* Tell the format from the magic; -1 when it is no capture format. */
static int
cap_magic_format(uint32_t magic, enum cap_format *format)
{
	if (magic == CAP_MAGIC_PCAPNG) {
		*format = CAP_FORMAT_PCAPNG;
		return 0;
	}
	if (magic != CAP_MAGIC_PCAP && magic != CAP_MAGIC_PCAP_NSEC &&
			magic != CAP_MAGIC_PCAP_MODIFIED)
		magic = cap_bswap32(magic);
	switch (magic) {
	case CAP_MAGIC_PCAP:
	case CAP_MAGIC_PCAP_MODIFIED:
		*format = CAP_FORMAT_PCAP;
		return 0;
	case CAP_MAGIC_PCAP_NSEC:
		*format = CAP_FORMAT_PCAP_NSEC;
		return 0;
	default:
		return -1;
	}
}

static void
cap_linktype_name(int dlt, char *buf, size_t len)
{
	const char *name = pcap_datalink_val_to_name(dlt);

	if (name != NULL)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "DLT_%d", dlt);
}

/*
 * Open path into r->pcap, check it and read its first record ahead.
 * Returns 0 or a positive errno with err written.
 */
static int
cap_reader_load(struct cap_reader *r, char *err, size_t errlen)
{
	char pcap_err[PCAP_ERRBUF_SIZE];
	const char *path = r->path;
	struct stat st;
	uint32_t magic;
	size_t got;
	FILE *fp;
	int dlt, rc;

	if (stat(path, &st) != 0) {
		rc = errno;
		cap_set_err(err, errlen, "%s: cannot open: %s", path,
			strerror(rc));
		return rc;
	}
	/* Only a regular file: a FIFO or a device would block the open or
	 * the read forever, and a reader must rewind (scan, then read). */
	if (S_ISDIR(st.st_mode)) {
		cap_set_err(err, errlen, "%s: is a directory, not a regular "
			"file; give a pcap or pcapng file", path);
		return EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		cap_set_err(err, errlen, "%s: not a regular file "
			"(FIFO/device/directory); give a pcap or pcapng file",
			path);
		return ESPIPE;
	}
	fp = fopen(path, "rb");
	if (fp == NULL) {
		rc = errno;
		cap_set_err(err, errlen, "%s: cannot open: %s", path,
			strerror(rc));
		return rc;
	}
	got = fread(&magic, 1, sizeof(magic), fp);
	if (got == 0 && ferror(fp) == 0) {
		fclose(fp);
		cap_set_err(err, errlen,
			"%s: empty file (0 bytes), not a capture", path);
		return ENODATA;
	}
	if (got != sizeof(magic) || ferror(fp) != 0) {
		rc = ferror(fp) != 0 ? EIO : EBADMSG;
		fclose(fp);
		cap_set_err(err, errlen, "%s: %s", path, rc == EIO ?
			"cannot read the file header" :
			"not a capture file (shorter than a file header)");
		return rc;
	}
	if (cap_magic_format(magic, &r->info.format) != 0) {
		fclose(fp);
		cap_set_err(err, errlen,
			"%s: not a capture file (magic 0x%08x is neither pcap nor pcapng)",
			path, magic);
		return EBADMSG;
	}
	rewind(fp);
	r->pcap = pcap_fopen_offline_with_tstamp_precision(fp,
		PCAP_TSTAMP_PRECISION_NANO, pcap_err);
	if (r->pcap == NULL) {
		fclose(fp);
		cap_set_err(err, errlen, "%s: not a readable %s capture: %s",
			path, cap_format_name(r->info.format), pcap_err);
		return strstr(pcap_err, "truncated") != NULL ? EBADMSG : EIO;
	}

	dlt = pcap_datalink(r->pcap);
	r->info.swapped = pcap_is_swapped(r->pcap) == 1;
	r->info.linktype = dlt;
	r->info.snaplen = (uint32_t)pcap_snapshot(r->pcap);
	cap_linktype_name(dlt, r->info.linktype_name,
		sizeof(r->info.linktype_name));
	r->info.converting = false;
	if (dlt != DLT_EN10MB) {
		if (!r->params.convert || !cap_convert_supported(dlt)) {
			cap_set_err(err, errlen,
				"%s: link type %s (%d, %s) is not Ethernet%s",
				path, r->info.linktype_name, dlt,
				pcap_datalink_val_to_description(dlt) != NULL ?
				pcap_datalink_val_to_description(dlt) :
				"unknown",
				cap_convert_supported(dlt) ?
				"; it can be converted to Ethernet" :
				" and cannot be converted");
			goto fail_close;
		}
		r->info.converting = true;
	}

	/* Read ahead: a header and no record is an empty capture, whose
	 * first cap_next() returns 0. */
	r->pending_rc = pcap_next_ex(r->pcap, &r->pending_hdr,
		&r->pending_data);
	r->pending = true;
	r->eof = false;
	r->next_index = 0;
	return 0;

fail_close:
	pcap_close(r->pcap);
	r->pcap = NULL;
	return ENOTSUP;
}

struct cap_reader *
cap_open(const char *path, const struct cap_open_params *params,
	char *err, size_t errlen)
{
	struct cap_reader *r;
	int rc;

	if (path == NULL || (params != NULL && params->max_frame != 0 &&
			params->max_frame < CAP_ETHER_HDR_LEN)) {
		cap_set_err(err, errlen, "%s: invalid arguments to cap_open",
			path != NULL ? path : "(null)");
		rte_errno = EINVAL;
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		goto fail_nomem;
	r->path = strdup(path);
	if (r->path == NULL)
		goto fail_free_reader;
	if (params != NULL)
		r->params = *params;
	if (r->params.max_frame == 0)
		r->params.max_frame = CAP_MAX_FRAME_DEFAULT;
	rc = cap_reader_load(r, err, errlen);
	if (rc != 0) {
		free(r->path);
		free(r);
		rte_errno = rc;
		return NULL;
	}
	return r;

fail_free_reader:
	free(r);
fail_nomem:
	cap_set_err(err, errlen, "%s: out of memory", path);
	rte_errno = ENOMEM;
	return NULL;
}

static const uint8_t *
cap_convert_record(struct cap_reader *r, const uint8_t *data,
	struct cap_record *rec)
{
	struct cap_conversion conv;
	size_t need;

	if (cap_convert_classify(r->info.linktype, data, rec->caplen,
			&conv) != 0) {
		rec->refusal = CAP_REFUSAL_LINKTYPE;
		return data;
	}
	need = (size_t)rec->caplen - conv.hdrlen + CAP_ETHER_HDR_LEN;
	if (need > r->conv_size) {
		uint8_t *buf = realloc(r->conv_buf, need);

		if (buf == NULL)
			return NULL;
		r->conv_buf = buf;
		r->conv_size = need;
	}
	cap_convert_build(&conv, data, rec->caplen, r->conv_buf);
	rec->caplen = (uint32_t)need;
	rec->len = rec->len >= conv.hdrlen ?
		rec->len - conv.hdrlen + CAP_ETHER_HDR_LEN : rec->caplen;
	rec->converted = true;
	return r->conv_buf;
}

static void
cap_account(struct cap_reader *r, const struct cap_record *rec)
{
	r->counts.records++;
	if (rec->refusal != CAP_REFUSAL_NONE) {
		r->counts.refused[rec->refusal]++;
		return;
	}
	r->counts.delivered++;
	r->counts.bytes_delivered += rec->caplen;
	if (rec->converted)
		r->counts.converted++;
}

int
cap_next(struct cap_reader *r, struct cap_record *rec)
{
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int rc;

	if (r == NULL || rec == NULL)
		return -EINVAL;
	if (r->eof || r->pcap == NULL)
		return 0;
	if (r->pending) {
		r->pending = false;
		rc = r->pending_rc;
		hdr = r->pending_hdr;
		data = r->pending_data;
	} else {
		rc = pcap_next_ex(r->pcap, &hdr, &data);
	}

	memset(rec, 0, sizeof(*rec));
	rec->index = r->next_index;
	if (rc == PCAP_ERROR_BREAK) {
		r->eof = true;
		return 0;
	}
	if (rc != 1) {
		/* The rest of the file counts as one refused record: cut
		 * short by the end of the file, or unreadable. libpcap gives
		 * no way to read past either point. */
		const char *msg = pcap_geterr(r->pcap);

		r->eof = true;
		if (strstr(msg, "truncated") != NULL) {
			CAP_LOG(DEBUG, "%s: record %" PRIu64 " truncated: %s",
				r->path, rec->index, msg);
			rec->refusal = CAP_REFUSAL_TRUNCATED;
		} else {
			snprintf(r->read_error, sizeof(r->read_error),
				"%s: record %" PRIu64 ": %s", r->path,
				rec->index, msg);
			CAP_LOG(DEBUG, "%s", r->read_error);
			rec->refusal = CAP_REFUSAL_UNREADABLE;
		}
		r->next_index++;
		cap_account(r, rec);
		return 1;
	}

	r->next_index++;
	rec->data = data;
	rec->caplen = hdr->caplen;
	rec->len = hdr->len;
	rec->ts_ns = (uint64_t)hdr->ts.tv_sec * CAP_NS_PER_S +
		(uint64_t)hdr->ts.tv_usec;
	rec->file_caplen = hdr->caplen;
	rec->file_len = hdr->len;

	if (rec->caplen > rec->len) {
		rec->refusal = CAP_REFUSAL_CAPLEN_OVER_LEN;
	} else if (r->info.converting) {
		rec->data = cap_convert_record(r, data, rec);
		if (rec->data == NULL) {
			CAP_LOG(ERR, "%s: record %" PRIu64
				": no memory to convert it", r->path,
				rec->index);
			r->eof = true;
			return -ENOMEM;
		}
	}
	if (rec->refusal == CAP_REFUSAL_NONE) {
		if (rec->caplen < CAP_ETHER_HDR_LEN)
			rec->refusal = CAP_REFUSAL_RUNT;
		else if (rec->caplen > r->params.max_frame)
			rec->refusal = CAP_REFUSAL_OVERSIZE;
	}
	cap_account(r, rec);
	return 1;
}

int
cap_rewind(struct cap_reader *r)
{
	int rc;

	if (r == NULL)
		return -EINVAL;
	if (r->pcap != NULL) {
		pcap_close(r->pcap);
		r->pcap = NULL;
	}
	r->pending = false;
	r->eof = true;
	r->read_error[0] = '\0';
	rc = cap_reader_load(r, NULL, 0);
	if (rc != 0) {
		CAP_LOG(ERR, "%s: cannot reopen to rewind: %s", r->path,
			strerror(rc));
		return -rc;
	}
	return 0;
}

const char *
cap_reader_error(const struct cap_reader *r)
{
	return r != NULL ? r->read_error : "";
}

int
cap_reader_counts(const struct cap_reader *r, struct cap_counts *counts)
{
	if (r == NULL || counts == NULL)
		return -EINVAL;
	*counts = r->counts;
	return 0;
}

int
cap_reader_info(const struct cap_reader *r, struct cap_info *info)
{
	if (r == NULL || info == NULL)
		return -EINVAL;
	*info = r->info;
	return 0;
}

void
cap_close(struct cap_reader *r)
{
	if (r == NULL)
		return;
	if (r->pcap != NULL)
		pcap_close(r->pcap);
	free(r->conv_buf);
	free(r->path);
	free(r);
}
