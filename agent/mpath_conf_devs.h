/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mpath_conf_devs.h - what multipath.conf says about the devices of an
 * action, and what the agent tells multipathd about them (logged, naming
 * each device): the checks and records of `on` and `validate-all`.
 */
#ifndef FENCE_MPATHPR_MPATH_CONF_DEVS_H
#define FENCE_MPATHPR_MPATH_CONF_DEVS_H

#include <stdbool.h>
#include <stdint.h>

struct fence_devs;
struct fence_prkey_settings;

/**
 * fence_mpconf_check_devs() - refuse a fixed reservation_key that is not
 * this node's: what `on` and `validate-all` ask before sending anything.
 * @conf_path:	multipath.conf (FENCE_MULTIPATH_CONF)
 * @devs:	the open devices (their WWIDs select multipaths entries)
 * @key:	this node's key
 * Return: 0; -EKEYREJECTED after one line per device naming the file, the
 * line and both keys; or why the configuration cannot be read (logged).
 */
int fence_mpconf_check_devs(const char *conf_path, const struct fence_devs *devs, uint64_t key);

/**
 * fence_prkey_record_devs() - before `on` sends anything: for each
 * multipath device whose map has "reservation_key file", record @key
 * (fence_prkey_set_map()).
 * @told:	one per device, set where multipathd has a key for the map
 *		(file, or a fixed key: that is @key, fence_mpconf_check_devs()),
 *		so fence_prkey_registered_devs() tells it the key is registered
 * Return: 0, or the first failure (each one logged naming the device); the
 * first timeout ends the round (multipathd is hung).
 */
int fence_prkey_record_devs(const struct fence_prkey_settings *s, const struct fence_devs *devs,
			    uint64_t key, bool aptpl, bool *told);

/**
 * fence_prkey_registered_devs() - after `on`: "setprstatus" for each @told
 * device whose result is 0.  A failure is a warning: the key is registered
 * and recorded, and multipathd checks the registration when it sets the
 * map up again (libmpathpersist ignores this answer too).
 */
void fence_prkey_registered_devs(const struct fence_prkey_settings *s,
				 const struct fence_devs *devs, const bool *told);

#endif /* FENCE_MPATHPR_MPATH_CONF_DEVS_H */
