// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mpr-bench-exec - run one command and say how long it took and how much
 * memory it used: "<wall_us> <maxrss_kib> <status>" on stdout.
 *
 * The benchmark measures whole agent processes, so the clock starts before
 * fork() and stops when wait4() returns; the peak RSS is wait4()'s, which
 * covers the child and every descendant it waited for (fence_mpath's
 * mpathpersist children included).  The command's own output is appended
 * to the file BENCH_EXEC_LOG, or dropped: the benchmark does not parse it,
 * and a slow console would otherwise be part of the time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000u;
}

/* In the child: send its output to the log (or nowhere), then become the command. */
static void child_exec(char **argv)
{
	const char *log = getenv("BENCH_EXEC_LOG");
	int fd;

	if (log && *log)
		fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	else
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	execvp(argv[0], argv);
	_exit(127);
}

int main(int argc, char **argv)
{
	unsigned long long start, took;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: mpr-bench-exec COMMAND [ARGS...]\n");
		return 2;
	}
	start = now_us();
	pid = fork();
	if (pid < 0) {
		perror("mpr-bench-exec: fork");
		return 2;
	}
	if (pid == 0)
		child_exec(argv + 1);
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("mpr-bench-exec: wait4");
			return 2;
		}
	}
	took = now_us() - start;
	printf("%llu %ld %d\n", took, ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
