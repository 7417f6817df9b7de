// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mpathprd - registration follows the paths.
 *
 * A registration belongs to one I_T nexus: a path that comes back after
 * `fence_mpathpr -o on` (a cable, a re-login with a new ISID, a new target
 * port) has none, cannot write under a "registrants only" reservation and
 * cannot fence.  mpathprd waits for uevents (no polling loop) and, for every
 * map the agent's store says this node unfenced, registers the node's key
 * on the paths that lack it -- only while the key is still registered
 * through another path: a node that was fenced is never registered again.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>
#include <libudev.h>

#include "agent/log.h"
#include "agent/store.h"
#include "daemon/maps.h"
#include "daemon/watch.h"
#include "mpathpr/mpathpr.h"

#define MPRD_DEFAULT_STORE	"/var/run/cluster"
/* Per command attempt, and the most one pass over the due maps may take. */
#define MPRD_IO_TIMEOUT_MS	5000u
#define MPRD_PASS_DEADLINE_MS	20000u
/* Events come in bursts (a session's LUNs, then multipathd's reloads):
 * gather them this long before checking. */
#define MPRD_SETTLE_MS		100u

struct mprd_opts {
	bool foreground;
	int verbose;
	const char *store_path;
};

struct mprd {
	struct mprd_opts opts;
	struct mprd_maps maps;
	struct mprd_store_watch store;
	struct udev *udev;
	struct udev_monitor *mon;
	int sigfd;
	uint64_t settle_until_ms;	/* checks wait until then (0: none pending) */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: mpathprd [--foreground] [--store-path DIR] [--verbose]\n"
		   "Registers this node's key on the paths of its unfenced multipath maps\n"
		   "that lack it, unless the node was fenced.  See mpathprd(8).\n");
}

static int parse_args(int argc, char **argv, struct mprd_opts *ret)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "store-path", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*ret = (struct mprd_opts){ .store_path = MPRD_DEFAULT_STORE };
	while ((c = getopt_long(argc, argv, "fs:vhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': ret->foreground = true; break;
		case 's': ret->store_path = optarg; break;
		case 'v': ret->verbose++; break;
		case 'h': usage(stdout); exit(0);
		case 'V': printf("mpathprd %s\n", PACKAGE_VERSION); exit(0);
		default: usage(stderr); return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "mpathprd: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (ret->store_path[0] != '/') {
		fprintf(stderr, "mpathprd: --store-path must be an absolute path: '%s'\n",
			ret->store_path);
		return -EINVAL;
	}
	return 0;
}

static void reload_store(struct mprd *d)
{
	char err[4352];
	int r = mprd_maps_load(&d->maps, d->opts.store_path, err, sizeof(err));

	if (r < 0)
		fence_err("store not read, keeping the %zu map(s) read before: %s", d->maps.count,
			  err[0] ? err : mpathpr_strerror(r));
	else
		fence_info("store %s/%s: %zu map(s)", d->opts.store_path, FENCE_STORE_FILE,
			   d->maps.count);
	d->settle_until_ms = now_ms() + MPRD_SETTLE_MS;
}

/* A SCSI disk changed: the maps it is a path of are due. */
static void on_scsi_uevent(struct mprd *d, const char *sysname)
{
	dev_t holders[16];
	size_t n = mprd_scsi_holders("/sys/block", sysname, holders, 16);

	for (size_t i = 0; i < n; i++)
		if (mprd_maps_mark_devnum(&d->maps, holders[i]))
			fence_debug("%s: a path of a watched map changed", sysname);
}

static void on_uevent(struct mprd *d)
{
	struct udev_device *ud;

	while ((ud = udev_monitor_receive_device(d->mon))) {
		const char *sysname = udev_device_get_sysname(ud);
		const char *dm_action = udev_device_get_property_value(ud, "DM_ACTION");
		enum mprd_uevent what = mprd_uevent_classify(udev_device_get_action(ud), sysname,
							     dm_action);

		if (what == MPRD_UEVENT_MAP &&
		    mprd_maps_mark_devnum(&d->maps, udev_device_get_devnum(ud)))
			fence_debug("%s: %s%s%s", sysname, udev_device_get_action(ud),
				    dm_action ? " " : "", dm_action ? dm_action : "");
		else if (what == MPRD_UEVENT_SCSI)
			on_scsi_uevent(d, sysname);
		if (what != MPRD_UEVENT_IGNORE && !d->settle_until_ms)
			d->settle_until_ms = now_ms() + MPRD_SETTLE_MS;
		udev_device_unref(ud);
	}
}

/* A fresh context per pass: one that saw a session hang leaves it alone for good. */
static void run_due(struct mprd *d)
{
	struct mpathpr_ctx *ctx = NULL;
	uint64_t start;
	size_t n;

	d->settle_until_ms = 0;
	if (mpathpr_ctx_new(&ctx) < 0) {
		fence_err("out of memory");
		return;
	}
	mpathpr_ctx_set_log(ctx, fence_log_lib_sink, NULL, d->opts.verbose >= 2 ? LOG_DEBUG
									: LOG_INFO);
	mpathpr_ctx_set_timeouts(ctx, MPRD_IO_TIMEOUT_MS, MPRD_PASS_DEADLINE_MS);
	mpathpr_ctx_set_deadline(ctx, MPRD_PASS_DEADLINE_MS);
	start = now_ms();
	n = mprd_maps_run_due(&d->maps, ctx, start);
	if (n)
		fence_info("%zu map(s) checked in %llu ms", n,
			   (unsigned long long)(now_ms() - start));
	mpathpr_ctx_free(ctx);
}

/* How long poll() may sleep: until the settle time or the next retry. */
static int poll_timeout(const struct mprd *d)
{
	uint64_t now = now_ms(), next = mprd_maps_next_ms(&d->maps, now);

	if (d->settle_until_ms)
		next = d->settle_until_ms;
	if (!next)
		return -1;
	return next <= now ? 0 : (int)(next - now > 60000 ? 60000 : next - now);
}

/* Returns false when a signal asks to stop. */
static bool on_signal(struct mprd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo != SIGHUP) {
			fence_notice("stopping (signal %u)", si.ssi_signo);
			return false;
		}
		fence_notice("SIGHUP: reading the store and checking every map again");
		reload_store(d);
		mprd_maps_mark_all(&d->maps);
	}
	return true;
}

static int serve(struct mprd *d)
{
	struct pollfd pfd[3] = {
		{ .fd = udev_monitor_get_fd(d->mon), .events = POLLIN },
		{ .fd = d->store.fd, .events = POLLIN },
		{ .fd = d->sigfd, .events = POLLIN },
	};

	for (;;) {
		int n = poll(pfd, 3, poll_timeout(d));

		if (n < 0 && errno != EINTR) {
			fence_err("poll: %s", strerror(errno));
			return -errno;
		}
		if (n > 0 && (pfd[2].revents & POLLIN) && !on_signal(d))
			return 0;
		if (n > 0 && (pfd[1].revents & POLLIN) && mprd_store_watch_read(&d->store))
			reload_store(d);
		if (n > 0 && (pfd[0].revents & POLLIN))
			on_uevent(d);
		if (poll_timeout(d) == 0)
			run_due(d);
	}
}

static int setup(struct mprd *d)
{
	sigset_t mask;
	int r;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0 ||
	    (d->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0)
		return -errno;
	r = mprd_store_watch_open(&d->store, d->opts.store_path);
	if (r < 0) {
		fence_err("cannot watch %s: %s", d->opts.store_path, strerror(-r));
		return r;
	}
	d->udev = udev_new();
	/*
	 * The kernel's uevents, not udevd's: they are only a trigger (the check
	 * reads the map and the paths afresh), dm-multipath sends PATH_REINSTATED
	 * and table reloads from the kernel, and a node whose udevd is stopped
	 * or slow must still get its paths repaired.
	 */
	d->mon = d->udev ? udev_monitor_new_from_netlink(d->udev, "kernel") : NULL;
	if (!d->mon || udev_monitor_filter_add_match_subsystem_devtype(d->mon, "block", "disk") < 0 ||
	    udev_monitor_enable_receiving(d->mon) < 0) {
		fence_err("cannot listen to udev events");
		return -EIO;
	}
	/* a burst of uevents while a pass runs must not be dropped */
	udev_monitor_set_receive_buffer_size(d->mon, 8 << 20);
	return 0;
}

static void teardown(struct mprd *d)
{
	udev_monitor_unref(d->mon);
	udev_unref(d->udev);
	mprd_store_watch_close(&d->store);
	if (d->sigfd >= 0)
		close(d->sigfd);
	mprd_maps_clear(&d->maps);
}

int main(int argc, char **argv)
{
	struct mprd d = { .sigfd = -1, .store = { .fd = -1 } };
	struct fence_log_opts log;
	int r;

	if (parse_args(argc, argv, &d.opts) < 0)
		return 1;
	log = (struct fence_log_opts){ .quiet = !d.opts.foreground,
				       .verbose_level = d.opts.verbose + 1, .ident = "mpathprd" };
	fence_log_setup(&log);
	if (!d.opts.foreground && daemon(0, 0) < 0) {
		fence_err("cannot detach: %s", strerror(errno));
		return 1;
	}
	r = setup(&d);
	if (r == 0) {
		fence_notice("watching the maps recorded in %s/%s", d.opts.store_path,
			     FENCE_STORE_FILE);
		/* no state survives a restart: every map is checked now */
		reload_store(&d);
		mprd_maps_mark_all(&d.maps);
		r = serve(&d);
	}
	teardown(&d);
	fence_log_close();
	return r < 0 ? 1 : 0;
}
