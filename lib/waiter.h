/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * waiter.h - where the path operations of a device report back: a lock and
 * a condition on CLOCK_MONOTONIC, reference counted, because a job the
 * engine stopped waiting for (engine_job.c) may outlive the device.  Below
 * the device (dev.c) and the jobs that use it.
 */
#ifndef MPATHPR_WAITER_H
#define MPATHPR_WAITER_H

#include <pthread.h>
#include <stdint.h>

struct mpr_waiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned int refs;
};

/* CLOCK_MONOTONIC in microseconds: what waits are measured on. */
uint64_t mpr_wall_now_us(void);

/* A device's waiter (one reference for the device). */
int mpr_waiter_new(struct mpr_waiter **ret);
/* Drop a reference; NULL is fine. */
void mpr_waiter_unref(struct mpr_waiter *w);
/* Drop a reference; the caller holds w->mu, which this releases. */
void mpr_waiter_unref_locked(struct mpr_waiter *w);

#endif /* MPATHPR_WAITER_H */
