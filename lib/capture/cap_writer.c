/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_mbuf.h>

#include "cap_pvt.h"

#define CAP_NS_PER_S 1000000000ull

/* pcapng block types and options (draft-ietf-opsawg-pcapng). */
#define CAP_PCAPNG_SHB 0x0a0d0d0au
#define CAP_PCAPNG_IDB 0x00000001u
#define CAP_PCAPNG_EPB 0x00000006u
#define CAP_PCAPNG_BOM 0x1a2b3c4du
#define CAP_PCAPNG_OPT_END 0
#define CAP_PCAPNG_OPT_USERAPPL 4
#define CAP_PCAPNG_OPT_TSRESOL 9
#define CAP_PCAPNG_LINKTYPE_RAW 101
#define CAP_PCAPNG_APP "nblpmd"

/* pcap with nanosecond timestamps, version 2.4. */
#define CAP_PCAP_MAGIC_NSEC 0xa1b23c4du

struct cap_writer {
	char *path;
	uint32_t snaplen;
	bool pcapng;
	uint64_t records;
	FILE *fp;
	/* Linearized copy of a segmented mbuf. */
	uint8_t *scratch;
};

static bool
cap_path_is_pcapng(const char *path)
{
	size_t n = strlen(path);
	const char *ext = ".pcapng";

	return n >= strlen(ext) && strcmp(path + n - strlen(ext), ext) == 0;
}

static int
cap_fwrite(FILE *fp, const void *buf, size_t len)
{
	if (len != 0 && fwrite(buf, len, 1, fp) != 1)
		return ferror(fp) != 0 && errno != 0 ? -errno : -EIO;
	return 0;
}

/* Option header (code, length) followed by value and padding. */
static size_t
cap_pcapng_opt(uint8_t *p, uint16_t code, const void *val, uint16_t len)
{
	size_t padded = RTE_ALIGN_CEIL((size_t)len, 4);

	memcpy(p, &code, 2);
	memcpy(p + 2, &len, 2);
	memset(p + 4, 0, padded);
	if (len != 0)
		memcpy(p + 4, val, len);
	return 4 + padded;
}

/* File link type: LINKTYPE_ values equal DLT values except for raw IP. */
static uint32_t
cap_file_linktype(int dlt)
{
	return dlt == DLT_RAW ? CAP_PCAPNG_LINKTYPE_RAW : (uint32_t)dlt;
}

static int
cap_pcap_header(struct cap_writer *w, int linktype)
{
	uint32_t hdr[6];
	uint16_t version[2] = { 2, 4 };

	hdr[0] = CAP_PCAP_MAGIC_NSEC;
	memcpy(&hdr[1], version, sizeof(version));
	hdr[2] = 0;             /* thiszone */
	hdr[3] = 0;             /* sigfigs */
	hdr[4] = w->snaplen;
	hdr[5] = cap_file_linktype(linktype);
	return cap_fwrite(w->fp, hdr, sizeof(hdr));
}

static int
cap_pcapng_header(struct cap_writer *w, int linktype)
{
	uint8_t blk[128];
	uint32_t v32, total;
	uint16_t v16;
	int64_t section_len = -1;
	uint8_t tsresol = 9;
	size_t off;
	int rc;

	/* Section Header Block. */
	off = 8;
	v32 = CAP_PCAPNG_BOM;
	memcpy(blk + off, &v32, 4);
	off += 4;
	v16 = 1;
	memcpy(blk + off, &v16, 2);
	v16 = 0;
	memcpy(blk + off + 2, &v16, 2);
	off += 4;
	memcpy(blk + off, &section_len, 8);
	off += 8;
	off += cap_pcapng_opt(blk + off, CAP_PCAPNG_OPT_USERAPPL,
		CAP_PCAPNG_APP, sizeof(CAP_PCAPNG_APP) - 1);
	off += cap_pcapng_opt(blk + off, CAP_PCAPNG_OPT_END, NULL, 0);
	total = (uint32_t)off + 4;
	v32 = CAP_PCAPNG_SHB;
	memcpy(blk, &v32, 4);
	memcpy(blk + 4, &total, 4);
	memcpy(blk + off, &total, 4);
	rc = cap_fwrite(w->fp, blk, total);
	if (rc != 0)
		return rc;

	/* Interface Description Block, nanosecond timestamps. */
	off = 8;
	v16 = (uint16_t)cap_file_linktype(linktype);
	memcpy(blk + off, &v16, 2);
	v16 = 0;
	memcpy(blk + off + 2, &v16, 2);
	memcpy(blk + off + 4, &w->snaplen, 4);
	off += 8;
	off += cap_pcapng_opt(blk + off, CAP_PCAPNG_OPT_TSRESOL, &tsresol, 1);
	off += cap_pcapng_opt(blk + off, CAP_PCAPNG_OPT_END, NULL, 0);
	total = (uint32_t)off + 4;
	v32 = CAP_PCAPNG_IDB;
	memcpy(blk, &v32, 4);
	memcpy(blk + 4, &total, 4);
	memcpy(blk + off, &total, 4);
	return cap_fwrite(w->fp, blk, total);
}

/*
 * The writer over fp, which it owns from here (closed on failure too).
 * name is what messages and the format choice go by. On a header that
 * cannot be written, a regular file the writer created is removed;
 * anything else (a device, a FIFO) is left as it is.
 */
static struct cap_writer *
cap_writer_start(FILE *fp, const char *name, bool remove_on_fail,
	int linktype, uint32_t snaplen, char *err, size_t errlen)
{
	struct cap_writer *w;
	struct stat st;
	int rc;

	w = calloc(1, sizeof(*w));
	if (w == NULL)
		goto fail_nomem;
	w->snaplen = snaplen != 0 ? snaplen : CAP_SNAPLEN_DEFAULT;
	w->pcapng = cap_path_is_pcapng(name);
	w->path = strdup(name);
	if (w->path == NULL)
		goto fail_free_writer;
	w->scratch = malloc(w->snaplen);
	if (w->scratch == NULL)
		goto fail_free_path;
	w->fp = fp;
	rc = -(w->pcapng ? cap_pcapng_header(w, linktype) :
		cap_pcap_header(w, linktype));
	if (rc == 0 && fflush(fp) != 0)
		rc = errno != 0 ? errno : EIO;
	if (rc == 0)
		return w;
	cap_set_err(err, errlen, "%s: cannot write header: %s", name,
		strerror(rc));
	remove_on_fail = remove_on_fail && fstat(fileno(fp), &st) == 0 &&
		S_ISREG(st.st_mode);
	fclose(fp);
	if (remove_on_fail)
		remove(name);
	free(w->scratch);
	free(w->path);
	free(w);
	rte_errno = rc;
	return NULL;
fail_free_path:
	free(w->path);
fail_free_writer:
	free(w);
fail_nomem:
	fclose(fp);
	cap_set_err(err, errlen, "%s: out of memory", name);
	rte_errno = ENOMEM;
	return NULL;
}

struct cap_writer *
cap_writer_open(const char *path, int linktype, uint32_t snaplen,
	char *err, size_t errlen)
{
	FILE *fp;
	int rc;

	if (path == NULL || linktype < 0 || linktype > UINT16_MAX) {
		cap_set_err(err, errlen, "%s: invalid arguments to cap_writer_open",
			path != NULL ? path : "(null)");
		rte_errno = EINVAL;
		return NULL;
	}
	fp = fopen(path, "wb");
	if (fp == NULL) {
		rc = errno;
		cap_set_err(err, errlen, "%s: cannot create: %s", path,
			strerror(rc));
		rte_errno = rc;
		return NULL;
	}
	return cap_writer_start(fp, path, true, linktype, snaplen, err,
		errlen);
}

struct cap_writer *
cap_writer_fdopen(int fd, const char *name, int linktype, uint32_t snaplen,
	char *err, size_t errlen)
{
	FILE *fp;
	int rc;

	if (fd < 0 || name == NULL || linktype < 0 ||
			linktype > UINT16_MAX) {
		cap_set_err(err, errlen, "%s: invalid arguments to "
			"cap_writer_fdopen", name != NULL ? name : "(null)");
		if (fd >= 0)
			close(fd);
		rte_errno = EINVAL;
		return NULL;
	}
	fp = fdopen(fd, "wb");
	if (fp == NULL) {
		rc = errno;
		close(fd);
		cap_set_err(err, errlen, "%s: %s", name, strerror(rc));
		rte_errno = rc;
		return NULL;
	}
	return cap_writer_start(fp, name, false, linktype, snaplen, err,
		errlen);
}

static int
cap_pcapng_epb(struct cap_writer *w, const void *data, uint32_t caplen,
	uint32_t len, uint64_t ts_ns)
{
	static const uint8_t pad[4];
	uint32_t hdr[7], total, padlen;
	int rc;

	padlen = RTE_ALIGN_CEIL(caplen, 4) - caplen;
	total = 32 + caplen + padlen;
	hdr[0] = CAP_PCAPNG_EPB;
	hdr[1] = total;
	hdr[2] = 0;
	hdr[3] = (uint32_t)(ts_ns >> 32);
	hdr[4] = (uint32_t)ts_ns;
	hdr[5] = caplen;
	hdr[6] = len;
	rc = cap_fwrite(w->fp, hdr, sizeof(hdr));
	if (rc == 0)
		rc = cap_fwrite(w->fp, data, caplen);
	if (rc == 0)
		rc = cap_fwrite(w->fp, pad, padlen);
	if (rc == 0)
		rc = cap_fwrite(w->fp, &total, sizeof(total));
	return rc;
}

int
cap_writer_write(struct cap_writer *w, const void *data, uint32_t caplen,
	uint32_t len, uint64_t ts_ns)
{
	uint32_t hdr[4];
	int rc;

	if (w == NULL || (data == NULL && caplen > 0))
		return -EINVAL;
	caplen = RTE_MIN(caplen, w->snaplen);
	if (w->pcapng) {
		rc = cap_pcapng_epb(w, data, caplen, len, ts_ns);
	} else {
		hdr[0] = (uint32_t)(ts_ns / CAP_NS_PER_S);
		hdr[1] = (uint32_t)(ts_ns % CAP_NS_PER_S);
		hdr[2] = caplen;
		hdr[3] = len;
		rc = cap_fwrite(w->fp, hdr, sizeof(hdr));
		if (rc == 0)
			rc = cap_fwrite(w->fp, data, caplen);
	}
	if (rc != 0) {
		CAP_LOG(ERR, "%s: write failed: %s", w->path, strerror(-rc));
		return rc;
	}
	w->records++;
	return 0;
}

int
cap_writer_write_mbuf(struct cap_writer *w, const struct rte_mbuf *m,
	uint64_t ts_ns)
{
	const void *data;
	uint32_t caplen;

	if (w == NULL || m == NULL)
		return -EINVAL;
	caplen = RTE_MIN(m->pkt_len, w->snaplen);
	data = rte_pktmbuf_read(m, 0, caplen, w->scratch);
	if (data == NULL)
		return -EINVAL;
	return cap_writer_write(w, data, caplen, m->pkt_len, ts_ns);
}

uint64_t
cap_writer_records(const struct cap_writer *w)
{
	return w != NULL ? w->records : 0;
}

int
cap_writer_close(struct cap_writer *w)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (fflush(w->fp) != 0)
		rc = -errno;
	if (fclose(w->fp) != 0 && rc == 0)
		rc = -errno;
	if (rc != 0)
		CAP_LOG(ERR, "%s: close failed: %s", w->path, strerror(-rc));
	free(w->scratch);
	free(w->path);
	free(w);
	return rc;
}
