// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_agent_prkey_sync.c - this node's key for multipathd: the commands and
 * packets on multipathd's socket (a fake multipathd thread on a socket name
 * of the test's own), its answers, one that never comes (bounded), and the
 * prkeys file written when nothing listens.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent/actions.h"
#include "agent/multipathd_cmd.h"
#include "agent/prkey_sync.h"
#include "agent/prkeys_file.h"
#include "tests/unit/agent_model_env.h"

#define WWID	"36001405c0ffee0000000000000000001"
#define OTHER	"36001405c0ffee0000000000000000002"

/* What the fake multipathd does with one connection. */
enum fake_mode {
	FAKE_REPLY,		/* answer .reply as multipathd does */
	FAKE_SILENT,		/* read the command, never answer */
	FAKE_ZERO_LEN,		/* a reply packet of length 0 */
	FAKE_CLOSE,		/* close after reading the command */
};

struct fake {
	int lfd;
	char name[160];
	enum fake_mode mode;
	const char *reply;
	int quit[2];		/* the test writes here to end the fake */
	pthread_t thread;
	/* what arrived, one entry per connection */
	int n;
	size_t len_field[16];
	char cmd[16][512];
	size_t cmd_bytes[16];
};

struct fx {
	char dir[64];
	char prkeys[PATH_MAX];
	struct fake fake;
	struct fence_prkey_settings s;
};

static size_t read_full(int fd, void *buf, size_t len)
{
	size_t n = 0;

	while (n < len) {
		ssize_t got = read(fd, (char *)buf + n, len - n);

		if (got <= 0)
			break;
		n += (size_t)got;
	}
	return n;
}

/* One connection: read the command, answer as told. */
static void fake_serve(struct fake *f, int fd)
{
	int i = f->n;
	size_t len;

	if (read_full(fd, &f->len_field[i], sizeof(f->len_field[i])) == sizeof(f->len_field[i]) &&
	    f->len_field[i] < sizeof(f->cmd[i]))
		f->cmd_bytes[i] = read_full(fd, f->cmd[i], f->len_field[i]);
	f->n++;
	switch (f->mode) {
	case FAKE_REPLY:
		len = strlen(f->reply) + 1;
		/* the client may be gone (a reply too long for it): no SIGPIPE */
		if (send(fd, &len, sizeof(len), MSG_NOSIGNAL) == (ssize_t)sizeof(len))
			(void)!send(fd, f->reply, len, MSG_NOSIGNAL);
		break;
	case FAKE_SILENT: {
		char c;

		(void)!read(f->quit[0], &c, 1);
		break;
	}
	case FAKE_ZERO_LEN:
		len = 0;
		(void)!send(fd, &len, sizeof(len), MSG_NOSIGNAL);
		break;
	case FAKE_CLOSE:
		break;
	}
}

/* Connections until the test says quit (at most 16). */
static void *fake_run(void *arg)
{
	struct fake *f = arg;

	while (f->n < 16) {
		struct pollfd p[2] = { { .fd = f->lfd, .events = POLLIN },
				       { .fd = f->quit[0], .events = POLLIN } };
		int fd;

		if (poll(p, 2, -1) < 0 || (p[1].revents & POLLIN))
			break;
		fd = accept(f->lfd, NULL, NULL);
		if (fd < 0)
			break;
		fake_serve(f, fd);
		close(fd);
		if (f->mode == FAKE_SILENT)
			break;
	}
	return NULL;
}

/* A fake multipathd listening on the test's own abstract socket name. */
static void fake_start(struct fx *x, enum fake_mode mode, const char *reply)
{
	struct fake *f = &x->fake;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t n = strlen(f->name);

	f->mode = mode;
	f->reply = reply;
	f->n = 0;
	f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->lfd >= 0);
	memcpy(sa.sun_path + 1, f->name, n);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n)), 0);
	assert_int_equal(listen(f->lfd, 4), 0);
	assert_int_equal(pipe(f->quit), 0);
	assert_int_equal(pthread_create(&f->thread, NULL, fake_run, f), 0);
}

static void fake_stop(struct fx *x)
{
	struct fake *f = &x->fake;

	assert_int_equal(write(f->quit[1], "q", 1), 1);
	pthread_join(f->thread, NULL);
	close(f->quit[0]);
	close(f->quit[1]);
	close(f->lfd);
}

/* The command the fake received, checked as multipathd reads a packet. */
static void assert_packet_n(const struct fake *f, int i, const char *cmd)
{
	assert_true(i < f->n);
	/* a native size_t counting the text and its NUL, then both */
	assert_int_equal(f->len_field[i], strlen(cmd) + 1);
	assert_int_equal(f->cmd_bytes[i], strlen(cmd) + 1);
	assert_int_equal(f->cmd[i][strlen(cmd)], '\0');
	assert_string_equal(f->cmd[i], cmd);
}

static void assert_packet(const struct fx *x, const char *cmd)
{
	assert_int_equal(x->fake.n, 1);
	assert_packet_n(&x->fake, 0, cmd);
}

static int setup(void **state)
{
	struct fx *x = calloc(1, sizeof(*x));

	if (!x)
		return -1;
	snprintf(x->dir, sizeof(x->dir), "/tmp/prkey-XXXXXX");
	if (!mkdtemp(x->dir))
		return -1;
	snprintf(x->prkeys, sizeof(x->prkeys), "%s/multipath/prkeys", x->dir);
	snprintf(x->fake.name, sizeof(x->fake.name), "/mpathpr-test/multipathd-%d-%s",
		 (int)getpid(), x->dir + 5);
	x->s = (struct fence_prkey_settings){
		.multipath_conf = "/nonexistent",
		.socket_name = x->fake.name,
		.timeout_ms = 2000,
	};
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fx *x = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
	if (system(cmd) != 0)
		return -1;
	free(x);
	return 0;
}

static char *slurp(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static int set_map(struct fx *x, uint64_t key, bool aptpl, enum fence_prkey_via *via,
		   char *err, size_t errlen)
{
	return fence_prkey_set_map(&x->s, x->prkeys, "mpatha", WWID, key, aptpl, via, err,
				   errlen);
}

static void test_setprkey_sends_libmpathpersists_packet_and_ok_records(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];
	struct stat st;

	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(set_map(x, 0x1a2b3cULL, false, &via, err, sizeof(err)), 0);
	fake_stop(x);
	assert_packet(x, "setprkey map mpatha key 1a2b3c");
	assert_int_equal(via, FENCE_PRKEY_VIA_MULTIPATHD);
	/* multipathd writes its own file: this one stays untouched */
	assert_int_equal(stat(x->prkeys, &st), -1);
}

static void test_aptpl_key_carries_the_suffix(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];

	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(set_map(x, 0xfedcba9876543210ULL, true, &via, err, sizeof(err)), 0);
	fake_stop(x);
	assert_packet(x, "setprkey map mpatha key fedcba9876543210:aptpl");
}

static void test_key_zero_is_unsetprkey(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];

	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(set_map(x, 0, false, &via, err, sizeof(err)), 0);
	fake_stop(x);
	assert_packet(x, "unsetprkey map mpatha");
	assert_int_equal(via, FENCE_PRKEY_VIA_MULTIPATHD);
}

static void test_prstatus_commands(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];

	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(fence_prkey_status_map(&x->s, "mpathb", true, &via, err, sizeof(err)), 0);
	fake_stop(x);
	assert_packet(x, "setprstatus map mpathb");
	assert_int_equal(via, FENCE_PRKEY_VIA_MULTIPATHD);
	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(fence_prkey_status_map(&x->s, "mpathb", false, &via, err, sizeof(err)),
			 0);
	fake_stop(x);
	assert_packet(x, "unsetprstatus map mpathb");
}

static void test_fail_answer_is_an_error_naming_the_command(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];
	struct stat st;

	fake_start(x, FAKE_REPLY, "fail\n");
	assert_int_equal(set_map(x, 0x1, false, &via, err, sizeof(err)), -ECANCELED);
	fake_stop(x);
	assert_string_equal(err, "multipathd: \"setprkey map mpatha key 1\" answered \"fail\"");
	assert_int_equal(via, FENCE_PRKEY_VIA_NONE);
	/* a running multipathd said no: the file is not a way around it */
	assert_int_equal(stat(x->prkeys, &st), -1);
}

static void test_silent_multipathd_costs_the_timeout_only(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	struct timespec t0;
	char err[512];
	long ms;

	x->s.timeout_ms = 300;
	fake_start(x, FAKE_SILENT, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(set_map(x, 0x1, false, &via, err, sizeof(err)), -ETIMEDOUT);
	ms = elapsed_ms(&t0);
	fake_stop(x);
	assert_true(ms >= 300);
	/* generous for a loaded machine, far below "never" */
	assert_true(ms < 5000);
	assert_non_null(strstr(err, "no answer within 300 ms"));
}

static void test_malformed_replies_are_protocol_errors(void **state)
{
	struct fx *x = *state;
	char reply[64];

	fake_start(x, FAKE_ZERO_LEN, NULL);
	assert_int_equal(fence_multipathd_cmd(x->fake.name, "show daemon", 2000, reply,
					      sizeof(reply)), -EPROTO);
	fake_stop(x);
	fake_start(x, FAKE_CLOSE, NULL);
	assert_int_equal(fence_multipathd_cmd(x->fake.name, "show daemon", 2000, reply,
					      sizeof(reply)), -EPROTO);
	fake_stop(x);
	fake_start(x, FAKE_REPLY, "a reply longer than the caller's buffer\n");
	assert_int_equal(fence_multipathd_cmd(x->fake.name, "show daemon", 2000, reply, 8),
			 -EMSGSIZE);
	fake_stop(x);
}

static void test_not_running_writes_the_prkeys_file(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512], dir[PATH_MAX];
	const char *text;
	struct stat st;

	/* nothing listens on the name */
	assert_int_equal(set_map(x, 0x1a2b3cULL, false, &via, err, sizeof(err)), 0);
	assert_int_equal(via, FENCE_PRKEY_VIA_FILE);
	text = slurp(x->prkeys);
	/* comments first; then the one line multipathd reads */
	assert_int_equal(text[0], '#');
	assert_non_null(strstr(text, "\n0x00000000001a2b3c " WWID "\n"));
	assert_int_equal(strlen(strstr(text, "\n0x") + 1), strlen("0x00000000001a2b3c " WWID "\n"));
	assert_int_equal(stat(x->prkeys, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	snprintf(dir, sizeof(dir), "%s/multipath", x->dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);
	/* aptpl: the capital X */
	assert_int_equal(set_map(x, 0x1a2b3cULL, true, &via, err, sizeof(err)), 0);
	assert_non_null(strstr(slurp(x->prkeys), "\n0X00000000001a2b3c " WWID "\n"));
	assert_null(strstr(slurp(x->prkeys), "0x00000000001a2b3c"));
}

static void test_other_lines_kept_one_line_per_wwid(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];
	static const char before[] =
		"# an administrator's comment\n"
		"0x0000000000000abc " OTHER "\n"
		"0x0000000000000001 " WWID "\n"
		"#x0000000000000002 " WWID "\n"
		"junk line kept as it is\n"
		"0x0000000000000def 36001405c0ffee000000000000000000";	/* no newline */

	snprintf(err, sizeof(err), "%s/multipath", x->dir);
	assert_int_equal(mkdir(err, 0700), 0);
	write_file(x->prkeys, before, sizeof(before) - 1);
	assert_int_equal(set_map(x, 0x77, false, &via, err, sizeof(err)), 0);
	assert_string_equal(slurp(x->prkeys),
			    "# an administrator's comment\n"
			    "0x0000000000000abc " OTHER "\n"
			    "junk line kept as it is\n"
			    "0x0000000000000def 36001405c0ffee000000000000000000\n"
			    "0x0000000000000077 " WWID "\n");
	/* removal: the map's line goes, the rest stays */
	assert_int_equal(set_map(x, 0, false, &via, err, sizeof(err)), 0);
	assert_int_equal(via, FENCE_PRKEY_VIA_FILE);
	assert_string_equal(slurp(x->prkeys),
			    "# an administrator's comment\n"
			    "0x0000000000000abc " OTHER "\n"
			    "junk line kept as it is\n"
			    "0x0000000000000def 36001405c0ffee000000000000000000\n");
}

static void test_removal_without_a_file_creates_none(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];
	struct stat st;

	assert_int_equal(set_map(x, 0, false, &via, err, sizeof(err)), 0);
	assert_int_equal(stat(x->prkeys, &st), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_bad_files_are_refused_and_left_alone(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512], dir[PATH_MAX];
	static const char binary[] = "0x0000000000000001 " OTHER "\n\0\1\2";

	snprintf(dir, sizeof(dir), "%s/multipath", x->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(x->prkeys, binary, sizeof(binary) - 1);
	assert_int_equal(set_map(x, 0x5, false, &via, err, sizeof(err)), -EBADMSG);
	assert_non_null(strstr(err, x->prkeys));
	assert_memory_equal(slurp(x->prkeys), binary, strlen(binary));
	assert_int_equal(unlink(x->prkeys), 0);
	/* a symlink is not followed, a directory is not a file */
	assert_int_equal(symlink("/etc/passwd", x->prkeys), 0);
	assert_int_equal(set_map(x, 0x5, false, &via, err, sizeof(err)), -ELOOP);
	assert_int_equal(unlink(x->prkeys), 0);
	assert_int_equal(mkdir(x->prkeys, 0700), 0);
	assert_int_equal(set_map(x, 0x5, false, &via, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a regular file"));
	/* a WWID that cannot be a line's */
	assert_int_equal(fence_prkey_set_map(&x->s, "/nonexistent/prkeys", "m", "a b", 1, false,
					     &via, err, sizeof(err)), -EINVAL);
}

static void test_lock_held_elsewhere_waits_the_timeout(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	struct timespec t0;
	char err[512], dir[PATH_MAX];
	int ready[2], fd;
	pid_t child;
	char c;
	long ms;

	snprintf(dir, sizeof(dir), "%s/multipath", x->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	write_file(x->prkeys, "", 0);
	assert_int_equal(pipe(ready), 0);
	/* fcntl locks are per process: a child holds it, as multipathd would */
	fflush(NULL);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

		fd = open(x->prkeys, O_RDWR);
		if (fd < 0 || fcntl(fd, F_SETLK, &lk) < 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	x->s.timeout_ms = 300;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(set_map(x, 0x5, false, &via, err, sizeof(err)), -ETIMEDOUT);
	ms = elapsed_ms(&t0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(ready[0]);
	close(ready[1]);
	assert_true(ms >= 300 && ms < 5000);
	assert_non_null(strstr(err, "still locked"));
	/* once the holder is gone, it goes through */
	assert_int_equal(set_map(x, 0x5, false, &via, err, sizeof(err)), 0);
	assert_non_null(strstr(slurp(x->prkeys), "0x0000000000000005 " WWID "\n"));
}

static void test_status_without_multipathd_tells_nothing(void **state)
{
	struct fx *x = *state;
	enum fence_prkey_via via;
	char err[512];
	struct stat st;

	assert_int_equal(fence_prkey_status_map(&x->s, "mpatha", true, &via, err, sizeof(err)), 0);
	assert_int_equal(via, FENCE_PRKEY_VIA_NONE);
	assert_int_equal(stat(x->prkeys, &st), -1);
}

/* The model's nodes, with reservation_key file in their multipath.conf. */
static struct env *env_with_key_file(struct fx *x)
{
	struct env *e = env_new();
	FILE *f;

	assert_non_null(e);
	f = fopen(e->mpathd_conf, "w");
	assert_non_null(f);
	fprintf(f, "defaults {\n\tconfig_dir %s/conf.d\n\treservation_key file\n}\n", e->tmpdir);
	assert_int_equal(fclose(f), 0);
	snprintf(x->fake.name, sizeof(x->fake.name), "%s", e->mpathd_socket);
	return e;
}

/* Was "@verb map <host>-lun<l>@rest" received, among the first @n commands? */
static bool received(const struct fake *f, int n, const char *verb, int lun, const char *rest)
{
	char want[128];

	snprintf(want, sizeof(want), "%s map a-lun%d%s", verb, lun, rest);
	for (int i = 0; i < n && i < f->n; i++)
		if (strcmp(f->cmd[i], want) == 0)
			return true;
	return false;
}

static void test_on_records_the_key_first_and_tells_registered_after(void **state)
{
	struct fx *x = *state;
	struct env *e = env_with_key_file(x);

	fake_start(x, FAKE_REPLY, "ok\n");
	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	fake_stop(x);
	/* every map's key before any setprstatus, then every map's status */
	assert_int_equal(x->fake.n, 2 * e->n_luns);
	for (int l = 0; l < e->n_luns; l++) {
		assert_true(received(&x->fake, e->n_luns, "setprkey", l, " key a1a1"));
		assert_true(received(&x->fake, 2 * e->n_luns, "setprstatus", l, ""));
		assert_true(env_key_on_lun(e, l, ENV_KEY_A));
	}
	env_free(e);
}

static void test_on_refused_by_multipathd_registers_nothing(void **state)
{
	struct fx *x = *state;
	struct env *e = env_with_key_file(x);

	fake_start(x, FAKE_REPLY, "fail\n");
	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_FAIL);
	fake_stop(x);
	/* each map asked once, no setprstatus, and no PR OUT at all */
	assert_int_equal(x->fake.n, e->n_luns);
	for (int l = 0; l < e->n_luns; l++) {
		assert_true(received(&x->fake, e->n_luns, "setprkey", l, " key a1a1"));
		assert_false(env_key_on_lun(e, l, ENV_KEY_A));
	}
	env_free(e);
}

static void test_on_with_a_hung_multipathd_waits_one_timeout(void **state)
{
	struct fx *x = *state;
	struct env *e = env_with_key_file(x);
	struct timespec t0;
	long ms;

	e->mpathd.timeout_ms = 300;
	fake_start(x, FAKE_SILENT, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_FAIL);
	ms = elapsed_ms(&t0);
	fake_stop(x);
	/* the first silence ends the round: one exchange, not one per map;
	 * the time bound only says "never hangs" (the model's devices are
	 * opened too, slow under ThreadSanitizer on a loaded machine) */
	assert_int_equal(x->fake.n, 1);
	assert_true(ms >= 300 && ms < 30000);
	for (int l = 0; l < e->n_luns; l++)
		assert_false(env_key_on_lun(e, l, ENV_KEY_A));
	env_free(e);
}

static void test_on_without_multipathd_writes_every_maps_line(void **state)
{
	struct fx *x = *state;
	struct env *e = env_with_key_file(x);
	const char *text;

	/* nothing listens on the env's socket name */
	assert_int_equal(env_run(e, 0, FENCE_ACT_ON, ENV_KEY_A), FENCE_EXIT_OK);
	text = slurp(e->mpathd_prkeys);
	assert_non_null(strstr(text, "\n0x000000000000a1a1 36001405cccc000000000000000000000\n"));
	assert_non_null(strstr(text, "\n0x000000000000a1a1 36001405aaaa000000000000000000000\n"));
	assert_non_null(strstr(text, "\n0x000000000000a1a1 36001405bbbb000000000000000000000\n"));
	env_free(e);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_setprkey_sends_libmpathpersists_packet_and_ok_records),
		T(test_aptpl_key_carries_the_suffix),
		T(test_key_zero_is_unsetprkey),
		T(test_prstatus_commands),
		T(test_fail_answer_is_an_error_naming_the_command),
		T(test_silent_multipathd_costs_the_timeout_only),
		T(test_malformed_replies_are_protocol_errors),
		T(test_not_running_writes_the_prkeys_file),
		T(test_other_lines_kept_one_line_per_wwid),
		T(test_removal_without_a_file_creates_none),
		T(test_bad_files_are_refused_and_left_alone),
		T(test_lock_held_elsewhere_waits_the_timeout),
		T(test_status_without_multipathd_tells_nothing),
		T(test_on_records_the_key_first_and_tells_registered_after),
		T(test_on_refused_by_multipathd_registers_nothing),
		T(test_on_with_a_hung_multipathd_waits_one_timeout),
		T(test_on_without_multipathd_writes_every_maps_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
