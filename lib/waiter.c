/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * waiter.c - a device's waiter (waiter.h), and the clock waits are
 * measured on.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "waiter.h"

uint64_t mpr_wall_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

int mpr_waiter_new(struct mpr_waiter **ret)
{
	struct mpr_waiter *w = calloc(1, sizeof(*w));
	pthread_condattr_t ca;

	if (!w)
		return -ENOMEM;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	w->refs = 1;
	*ret = w;
	return 0;
}

void mpr_waiter_unref_locked(struct mpr_waiter *w)
{
	bool last = --w->refs == 0;

	pthread_mutex_unlock(&w->mu);
	if (last) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
	}
}

void mpr_waiter_unref(struct mpr_waiter *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	mpr_waiter_unref_locked(w);
}
