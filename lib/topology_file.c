/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * topology_file.c - one sysfs file, read with one read(2) as sysfs hands
 * it out, or an attribute as a string.  Below the rest of the topology
 * (topology_sysfs.c, topology_nexus.c), which both read through it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "common/cleanup.h"
#include "topology.h"

ssize_t mpr_topo_read_file(const char *path, void *buf, size_t len)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/* Read a sysfs attribute as a NUL-terminated string without trailing blanks. */
int mpr_topo_read_attr(const char *path, char *buf, size_t len)
{
	ssize_t n = mpr_topo_read_file(path, buf, len - 1);

	if (n < 0)
		return (int)n;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\0'))
		n--;
	buf[n] = '\0';
	return 0;
}
