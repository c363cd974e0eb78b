/* SPDX-License-Identifier: BSD-3-Clause */

#ifndef NBL_TEST_TELEMETRY_H
#define NBL_TEST_TELEMETRY_H

/**
 * @file
 * A telemetry client for the unit tests: one command sent to this
 * process's own socket (<runtime dir>/dpdk_telemetry.v2), the way
 * dpdk-telemetry.py does it, so a test can check what /nbl/... answers.
 * Call after nbl_test_eal_init(), from any thread: each query opens and
 * closes its own connection.
 */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>

#include "nbl_test.h"

/**
 * Send cmd to the telemetry socket and read the reply.
 *
 * @param cmd
 *   The command, e.g. "/nbl/rxqs" or "/nbl/pool,NAME".
 * @param buf
 *   Where the reply goes, NUL-terminated (also used for the greeting).
 * @param size
 *   Size of buf; a reply longer than size - 1 bytes is cut.
 * @return
 *   0 with the reply in buf; -1 with a message when the socket is absent,
 *   refuses the connection or the exchange fails (EAL starts telemetry in
 *   every test program: its absence is a failure, not a skip).
 */
static inline int
nbl_test_telemetry_query(const char *cmd, char *buf, size_t size)
{
	struct sockaddr_un addr;
	size_t len = strlen(cmd);
	ssize_t n;
	int fd;

	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/dpdk_telemetry.v2",
		rte_eal_get_runtime_dir());
	if (access(addr.sun_path, F_OK) != 0) {
		printf("no telemetry socket %s\n", addr.sun_path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (fd < 0) {
		printf("socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		printf("connect %s: %s\n", addr.sun_path, strerror(errno));
		close(fd);
		return -1;
	}
	/* The server greets with its version and limits first. */
	n = read(fd, buf, size - 1);
	if (n <= 0 || write(fd, cmd, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

#endif /* NBL_TEST_TELEMETRY_H */
