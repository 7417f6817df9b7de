// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * action_check.c - fence_mpathpr_check, for a watchdog: is this node still
 * registered?  Cheap on purpose (it runs every few seconds): one PR IN
 * READ KEYS per recorded device, stopping at the first device that still
 * carries this node's key.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "actions.h"
#include "check_settings.h"
#include "log.h"
#include "mpathpr/mpathpr.h"
#include "read_back.h"
#include "request.h"
#include "store.h"

enum check_answer {
	CHECK_REGISTERED,
	CHECK_ABSENT,
	CHECK_NO_ANSWER,
};

static enum check_answer check_device(struct mpathpr_ctx *ctx, const struct fence_store_entry *e)
{
	struct mpathpr_dev *dev = NULL;
	struct mpathpr_keys *keys = NULL;
	char kb[MPATHPR_KEY_FORMAT_LEN];
	enum check_answer a;
	int r;

	mpathpr_key_format(e->key, kb);
	r = mpathpr_dev_open(ctx, e->device, &dev);
	if (r < 0) {
		fence_debug("device %s: cannot open: %s", e->device, fence_errstr(r));
		return CHECK_NO_ANSWER;
	}
	r = mpathpr_read_keys(dev, &keys, NULL);
	mpathpr_dev_close(dev);
	if (r < 0) {
		fence_debug("device %s: no answer: %s", e->device, fence_errstr(r));
		return CHECK_NO_ANSWER;
	}
	a = fence_keys_contain(keys, e->key) ? CHECK_REGISTERED : CHECK_ABSENT;
	fence_debug("device %s: key %s %s", e->device, kb,
		    a == CHECK_REGISTERED ? "registered" : "not registered");
	free(keys);
	return a;
}

static void check_sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int fence_check_run(const char *store_dir, struct mpathpr_ctx *ctx, unsigned int retries,
		    unsigned int retry_sleep_ms)
{
	struct fence_store *store = NULL;
	char err[PATH_MAX + 256];
	size_t answered = 0;
	int r;

	r = fence_store_load_err(store_dir, &store, err, sizeof(err));
	if (r < 0) {
		fence_err("cannot read the store: %s", err[0] ? err : fence_errstr(r));
		return FENCE_EXIT_FAIL;
	}
	if (store->count == 0) {
		fence_info("no device recorded in %s: this node was not unfenced yet", store_dir);
		fence_store_free(store);
		return FENCE_EXIT_OK;
	}
	for (unsigned int round = 0; round <= retries; round++) {
		if (round > 0) {
			fence_debug("retry %u of %u", round, retries);
			check_sleep_ms(retry_sleep_ms);
		}
		answered = 0;
		for (size_t i = 0; i < store->count; i++) {
			enum check_answer a = check_device(ctx, &store->entries[i]);

			if (a == CHECK_REGISTERED) {
				fence_store_free(store);
				return FENCE_EXIT_OK;
			}
			answered += a == CHECK_ABSENT;
		}
	}
	fence_store_free(store);
	if (answered == 0)
		fence_err("no recorded device answers: all paths lost, treating this node as fenced");
	else
		fence_err("this node's key is registered on none of the recorded devices: fenced");
	return FENCE_EXIT_OFF;
}

int fence_check_settings_load(const struct fence_config *cfg, struct fence_check_settings *cs,
			      char *err, size_t errlen)
{
	fence_check_settings_init(cs);
	if (cfg->action != FENCE_ACT_CHECK)
		return 0;
	return fence_check_settings_read(FENCE_CHECK_SETTINGS_DIR, FENCE_CHECK_SETTINGS_NAME, cs,
					 err, errlen);
}

int fence_action_check(const struct fence_config *cfg, struct mpathpr_ctx *ctx,
		       const struct fence_check_settings *cs)
{
	struct fence_check_settings defaults;

	if (!cs) {
		fence_check_settings_init(&defaults);
		cs = &defaults;
	}
	return fence_check_run(cfg->store_path, ctx, cs->retries, cs->retry_sleep_ms);
}
