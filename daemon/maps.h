/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * maps.h - the maps mpathprd looks after: those the agent's store says this
 * node unfenced, each with the key it registered, and what is due for each.
 *
 * Nothing here outlives the process on purpose: at start every map is
 * checked, so a restart loses nothing but the "already said" flags.
 */
#ifndef MPATHPRD_MAPS_H
#define MPATHPRD_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "mpathpr/mpathpr.h"

/* Retries of a check that failed for a reason that may pass (a path timed out). */
#define MPRD_RETRY_FIRST_MS	1000u
#define MPRD_RETRY_MAX_MS	60000u
/* Maps checked at once (each check may use a thread per path). */
#define MPRD_PARALLEL		16

enum mprd_said {
	MPRD_SAID_NOTHING,
	MPRD_SAID_FENCED,	/* the key is registered nowhere: logged once */
	MPRD_SAID_UNSUPPORTED,	/* READ FULL STATUS rejected: logged once */
	MPRD_SAID_ABSENT,	/* the map does not exist: logged once */
};

struct mprd_map {
	char *device;		/* as recorded by `on` */
	uint64_t key;
	bool due;		/* a check is asked for */
	uint64_t retry_at_ms;	/* a retry is due then (0: none) */
	unsigned int retry_ms;	/* the wait before the next retry */
	enum mprd_said said;
};

struct mprd_maps {
	size_t count;
	struct mprd_map *v;
};

/**
 * mprd_maps_load() - replace @maps with the store of @dir.
 * @maps:	the current maps; entries that stay (same device and key) keep
 *		what was said about them, and every new one is due for a check
 * @dir:	the store directory (the agent's store_path)
 * @err:	on failure, one line naming the file and the problem
 *
 * The store is read as the agent reads it (agent/store.h): never through a
 * symbolic link, a regular file owned by root (or this user) and writable
 * by nobody else, bounded in size and entries.  On failure @maps is left
 * as it was: the maps of the last good store stay served.
 * Return: 0 or a negative errno.
 */
int mprd_maps_load(struct mprd_maps *maps, const char *dir, char *err, size_t errlen);

/** mprd_maps_clear() - forget every map. */
void mprd_maps_clear(struct mprd_maps *maps);

/** mprd_maps_mark_all() - every map is due for a check. */
void mprd_maps_mark_all(struct mprd_maps *maps);

/**
 * mprd_maps_mark_devnum() - the map whose block device is @devnum is due.
 * Return: true when one of the maps is that device.
 */
bool mprd_maps_mark_devnum(struct mprd_maps *maps, dev_t devnum);

/**
 * mprd_maps_next_ms() - when something is due, on CLOCK_MONOTONIC in ms:
 * @now_ms if a check is asked for, the earliest retry, or 0 for nothing.
 */
uint64_t mprd_maps_next_ms(const struct mprd_maps *maps, uint64_t now_ms);

/**
 * mprd_maps_run_due() - check every map that is due at @now_ms.
 * @maps:	the maps
 * @ctx:	a library context for this pass (its deadline bounds it)
 * @now_ms:	CLOCK_MONOTONIC in ms
 *
 * The due maps are checked in parallel, MPRD_PARALLEL at a time.  A check
 * registers the map's key on every usable path whose nexus lacks it
 * (mpathpr_register_missing()), and logs what it did.  A fenced node
 * (the key registered nowhere) is logged once and left alone; a check that
 * failed otherwise is retried later, waiting twice as long each time.
 * Return: the number of maps checked.
 */
size_t mprd_maps_run_due(struct mprd_maps *maps, struct mpathpr_ctx *ctx, uint64_t now_ms);

#endif /* MPATHPRD_MAPS_H */
