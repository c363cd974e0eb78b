/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include <rte_byteorder.h>

#include "cap_pvt.h"

#define CAP_ETHERTYPE_IPV4 0x0800
#define CAP_ETHERTYPE_IPV6 0x86DD
/* SLL protocol values below this are not ethertypes (802.2, 802.3, ...). */
#define CAP_ETHERTYPE_MIN 0x0600

#define CAP_SLL_HDR_LEN 16
#define CAP_SLL2_HDR_LEN 20
#define CAP_NULL_HDR_LEN 4

/* BSD AF_INET6 differs between systems; Linux uses 10. */
#define CAP_AF_INET 2

static const uint8_t cap_conv_dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t cap_conv_src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

bool
cap_convert_supported(int dlt)
{
	switch (dlt) {
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

static uint16_t
cap_ip_version_ethertype(const uint8_t *data, uint32_t caplen)
{
	if (caplen < 1)
		return 0;
	switch (data[0] >> 4) {
	case 4:
		return CAP_ETHERTYPE_IPV4;
	case 6:
		return CAP_ETHERTYPE_IPV6;
	default:
		return 0;
	}
}

static uint16_t
cap_af_ethertype(uint32_t af)
{
	switch (af) {
	case CAP_AF_INET:
		return CAP_ETHERTYPE_IPV4;
	case 10: /* Linux */
	case 24: /* NetBSD, OpenBSD */
	case 28: /* FreeBSD */
	case 30: /* macOS */
		return CAP_ETHERTYPE_IPV6;
	default:
		return 0;
	}
}

static uint16_t
cap_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

int
cap_convert_classify(int dlt, const uint8_t *data, uint32_t caplen,
	struct cap_conversion *conv)
{
	uint32_t af_le, af_be;

	conv->hdrlen = 0;
	conv->ethertype = 0;
	switch (dlt) {
	case DLT_RAW:
		conv->ethertype = cap_ip_version_ethertype(data, caplen);
		break;
	case DLT_IPV4:
		conv->ethertype = CAP_ETHERTYPE_IPV4;
		break;
	case DLT_IPV6:
		conv->ethertype = CAP_ETHERTYPE_IPV6;
		break;
	case DLT_LINUX_SLL:
		conv->hdrlen = CAP_SLL_HDR_LEN;
		if (caplen >= CAP_SLL_HDR_LEN)
			conv->ethertype = cap_be16(data + 14);
		break;
	case DLT_LINUX_SLL2:
		conv->hdrlen = CAP_SLL2_HDR_LEN;
		if (caplen >= CAP_SLL2_HDR_LEN)
			conv->ethertype = cap_be16(data);
		break;
	case DLT_NULL:
	case DLT_LOOP:
		/*
		 * DLT_NULL holds the family in the writer's byte order, which
		 * need not be the file's; DLT_LOOP holds it big-endian. A
		 * family is a small number, so the order that gives one wins.
		 */
		conv->hdrlen = CAP_NULL_HDR_LEN;
		if (caplen < CAP_NULL_HDR_LEN)
			break;
		af_be = ((uint32_t)data[0] << 24) | ((uint32_t)data[1] << 16) |
			((uint32_t)data[2] << 8) | data[3];
		af_le = ((uint32_t)data[3] << 24) | ((uint32_t)data[2] << 16) |
			((uint32_t)data[1] << 8) | data[0];
		if (dlt == DLT_LOOP || af_be <= 0xffff)
			conv->ethertype = cap_af_ethertype(af_be);
		else
			conv->ethertype = cap_af_ethertype(af_le);
		break;
	default:
		return -1;
	}
	if (conv->ethertype < CAP_ETHERTYPE_MIN || caplen <= conv->hdrlen)
		return -1;
	return 0;
}

void
cap_convert_build(const struct cap_conversion *conv, const uint8_t *data,
	uint32_t caplen, uint8_t *out)
{
	memcpy(out, cap_conv_dst, sizeof(cap_conv_dst));
	memcpy(out + 6, cap_conv_src, sizeof(cap_conv_src));
	out[12] = (uint8_t)(conv->ethertype >> 8);
	out[13] = (uint8_t)(conv->ethertype & 0xff);
	memcpy(out + CAP_ETHER_HDR_LEN, data + conv->hdrlen,
		caplen - conv->hdrlen);
}
