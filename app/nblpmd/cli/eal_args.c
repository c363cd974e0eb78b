/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Checks on the EAL arguments before rte_eal_init: a net_pcap rx_pcap file
 * that cannot be read makes the vdev probe fail with a message that does
 * not name the file, so name it here.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "replay/replay.h"

static const uint32_t eal_capture_magics[] = {
	0xa1b2c3d4, 0xd4c3b2a1, /* pcap, microseconds */
	0xa1b23c4d, 0x4d3cb2a1, /* pcap, nanoseconds */
	0x0a0d0d0a,             /* pcapng section header block */
};

static int
eal_check_rx_pcap(const char *vdev, const char *file)
{
	uint32_t magic = 0;
	struct stat st;
	FILE *f;
	size_t i;

	/* stat first: opening a FIFO would block until a writer comes */
	if (stat(file, &st) != 0) {
		int err = errno;

		fprintf(stderr, "nblpmd: --vdev %s: cannot open the capture file "
			"%s: %s; give an existing pcap or pcapng file in rx_pcap=\n",
			vdev, file, strerror(err));
		return -err;
	}
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "nblpmd: --vdev %s: %s is a directory, not a "
			"regular file; give a pcap or pcapng file in rx_pcap=\n",
			vdev, file);
		return -EISDIR;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "nblpmd: --vdev %s: %s: not a regular file "
			"(FIFO/device/directory); give a pcap or pcapng file in "
			"rx_pcap=\n", vdev, file);
		return -ESPIPE;
	}
	f = fopen(file, "rb");
	if (f == NULL) {
		int err = errno;

		fprintf(stderr, "nblpmd: --vdev %s: cannot open the capture file "
			"%s: %s; give an existing pcap or pcapng file in rx_pcap=\n",
			vdev, file, strerror(err));
		return -err;
	}
	if (fread(&magic, sizeof(magic), 1, f) != 1) {
		fclose(f);
		fprintf(stderr, "nblpmd: --vdev %s: %s is not a capture file (too "
			"short for a pcap header); give a pcap or pcapng file in "
			"rx_pcap=\n", vdev, file);
		return -EBADMSG;
	}
	fclose(f);
	for (i = 0; i < RTE_DIM(eal_capture_magics); i++)
		if (magic == eal_capture_magics[i])
			return nblpmd_capture_precheck(vdev, file);
	fprintf(stderr, "nblpmd: --vdev %s: %s is not a capture file (magic "
		"0x%08x is neither pcap nor pcapng); give a pcap or pcapng file "
		"in rx_pcap=\n", vdev, file, magic);
	return -EBADMSG;
}

static int
eal_check_vdev(const char *vdev)
{
	const char *p = vdev;
	int ret;

	while ((p = strstr(p, "rx_pcap=")) != NULL) {
		char file[NBLPMD_PATH_MAX];
		size_t len;

		p += strlen("rx_pcap=");
		len = strcspn(p, ",");
		if (len == 0 || len >= sizeof(file)) {
			fprintf(stderr, "nblpmd: --vdev %s: rx_pcap= needs a file "
				"name\n", vdev);
			return -EINVAL;
		}
		memcpy(file, p, len);
		file[len] = '\0';
		ret = eal_check_rx_pcap(vdev, file);
		if (ret != 0)
			return ret;
		p += len;
	}
	return 0;
}

int
nblpmd_eal_precheck(int argc, char **argv)
{
	int ret;
	int i;

	for (i = 1; i < argc; i++) {
		const char *vdev = NULL;

		if (strncmp(argv[i], "--vdev=", 7) == 0)
			vdev = argv[i] + 7;
		else if (strcmp(argv[i], "--vdev") == 0 && i + 1 < argc)
			vdev = argv[++i];
		if (vdev == NULL || (strncmp(vdev, "net_pcap", 8) != 0 &&
				strncmp(vdev, "eth_pcap", 8) != 0))
			continue;
		ret = eal_check_vdev(vdev);
		if (ret != 0)
			return ret;
	}
	return 0;
}
