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
 *   0 with the reply in buf; NBL_TEST_SKIP when the socket is absent or
 *   refuses the connection (telemetry disabled: the case is skipped); -1
 *   when the exchange fails after connecting.
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
	if (access(addr.sun_path, F_OK) != 0)
		return NBL_TEST_SKIP;
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (fd < 0)
		return NBL_TEST_SKIP;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		close(fd);
		return NBL_TEST_SKIP;
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
