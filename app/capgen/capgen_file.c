/* SPDX-License-Identifier: BSD-3-Clause */

#include <errno.h>
#include <string.h>

#include "capgen.h"

#define CAPGEN_NS_PER_S 1000000000ull

static uint32_t
capgen_order32(const struct capgen_file *f, uint32_t v)
{
	return f->swap ? __builtin_bswap32(v) : v;
}

static uint16_t
capgen_order16(const struct capgen_file *f, uint16_t v)
{
	return f->swap ? __builtin_bswap16(v) : v;
}

static int
capgen_put(struct capgen_file *f, const void *buf, size_t len)
{
	if (len != 0 && fwrite(buf, len, 1, f->fp) != 1)
		return -EIO;
	return 0;
}

static int
capgen_put32(struct capgen_file *f, uint32_t v)
{
	v = capgen_order32(f, v);
	return capgen_put(f, &v, 4);
}

static int
capgen_put16(struct capgen_file *f, uint16_t v)
{
	v = capgen_order16(f, v);
	return capgen_put(f, &v, 2);
}

static int
capgen_pcapng_header(struct capgen_file *f, uint32_t linktype,
	uint32_t snaplen)
{
	static const char app[8] = "capgen\0";
	int rc = 0;

	/*
	 * SHB: type, length, byte-order magic, version 1.0, section length
	 * unknown (-1), shb_userappl option, end of options, length.
	 */
	rc |= capgen_put32(f, 0x0a0d0d0au);
	rc |= capgen_put32(f, 44);
	rc |= capgen_put32(f, 0x1a2b3c4du);
	rc |= capgen_put16(f, 1);
	rc |= capgen_put16(f, 0);
	rc |= capgen_put32(f, 0xffffffffu);
	rc |= capgen_put32(f, 0xffffffffu);
	rc |= capgen_put16(f, 4);
	rc |= capgen_put16(f, 6);
	rc |= capgen_put(f, app, sizeof(app));
	rc |= capgen_put32(f, 0);
	rc |= capgen_put32(f, 44);
	/* IDB with if_tsresol = 9 (nanoseconds). */
	rc |= capgen_put32(f, 1);
	rc |= capgen_put32(f, 32);
	rc |= capgen_put16(f, (uint16_t)linktype);
	rc |= capgen_put16(f, 0);
	rc |= capgen_put32(f, snaplen);
	rc |= capgen_put16(f, 9);
	rc |= capgen_put16(f, 1);
	rc |= capgen_put(f, "\x09\0\0\0", 4);
	rc |= capgen_put32(f, 0);
	rc |= capgen_put32(f, 32);
	return rc != 0 ? -EIO : 0;
}

int
capgen_file_open(struct capgen_file *f, FILE *fp,
	enum capgen_format format, bool swap, uint32_t linktype,
	uint32_t snaplen)
{
	int rc = 0;

	memset(f, 0, sizeof(*f));
	f->format = format;
	f->swap = swap;
	f->fp = fp;
	if (format == CAPGEN_PCAPNG)
		return capgen_pcapng_header(f, linktype, snaplen);
	rc |= capgen_put32(f, format == CAPGEN_NSECPCAP ?
		0xa1b23c4du : 0xa1b2c3d4u);
	rc |= capgen_put16(f, 2);
	rc |= capgen_put16(f, 4);
	rc |= capgen_put32(f, 0);
	rc |= capgen_put32(f, 0);
	rc |= capgen_put32(f, snaplen);
	rc |= capgen_put32(f, linktype);
	return rc != 0 ? -EIO : 0;
}

int
capgen_file_record(struct capgen_file *f, const uint8_t *data,
	uint32_t written, uint32_t caplen, uint32_t len, uint64_t ts_ns)
{
	static const uint8_t pad[4];
	uint32_t padlen, total;
	int rc = 0;

	if (f->format == CAPGEN_PCAPNG) {
		padlen = (4 - (caplen & 3)) & 3;
		total = 32 + caplen + padlen;
		rc |= capgen_put32(f, 6);
		rc |= capgen_put32(f, total);
		rc |= capgen_put32(f, 0);
		rc |= capgen_put32(f, (uint32_t)(ts_ns >> 32));
		rc |= capgen_put32(f, (uint32_t)ts_ns);
		rc |= capgen_put32(f, caplen);
		rc |= capgen_put32(f, len);
		rc |= capgen_put(f, data, written);
		if (written == caplen) {
			rc |= capgen_put(f, pad, padlen);
			rc |= capgen_put32(f, total);
		}
	} else {
		uint64_t sub = ts_ns % CAPGEN_NS_PER_S;

		if (f->format == CAPGEN_PCAP)
			sub /= 1000;
		rc |= capgen_put32(f, (uint32_t)(ts_ns / CAPGEN_NS_PER_S));
		rc |= capgen_put32(f, (uint32_t)sub);
		rc |= capgen_put32(f, caplen);
		rc |= capgen_put32(f, len);
		rc |= capgen_put(f, data, written);
	}
	if (rc != 0)
		return -EIO;
	f->records++;
	f->bytes += written;
	return 0;
}

int
capgen_file_close(struct capgen_file *f)
{
	int rc = 0;

	/* the stream is the caller's (app_out_fclose) */
	if (f->fp != NULL && ferror(f->fp) != 0)
		rc = -EIO;
	f->fp = NULL;
	return rc;
}
