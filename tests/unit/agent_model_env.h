/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * agent_model_env.h - two cluster nodes ("a" and "b") sharing three LUNs of
 * the SPC-4 model, each node reaching each LUN through two paths (two
 * target ports), for the fence agent's action tests.
 *
 * Node h sees LUN l as the multipath map "/dev/mapper/<h>-lun<l>", whose
 * paths are "/dev/<h>-lun<l>-p<p>".  The LUNs' WWIDs are chosen so that
 * WWID order (lun1, lun2, lun0) differs from configuration order.
 */
#ifndef AGENT_MODEL_ENV_H
#define AGENT_MODEL_ENV_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "agent/prkey_sync.h"
#include "agent/request.h"
#include "mpathpr/mpathpr.h"
#include "tests/model/spc4_model.h"
#include "topology.h"
#include "transport.h"

#define ENV_HOSTS	2
#define ENV_LUNS	3	/* what env_new() builds */
#define ENV_LUNS_MAX	256	/* env_new_luns() */
#define ENV_PATHS	2
#define ENV_KEY_A	0xa1a1ULL
#define ENV_KEY_B	0xb2b2ULL
/*
 * The io timeout of every action, and so its budget (1.5 of it, a wall-clock
 * deadline for the whole action): far more than any action of a passing
 * test takes, also on a loaded machine (CI, qemu VMs beside it), where the
 * 200-LUN tests took over 1.5 s.  Under ThreadSanitizer every thread runs 5
 * to 15 times slower.  The model's time is virtual, the engine's waits are
 * not; the tests about time set their own (test_agent_actions.c).
 * The library's per-call budget is 1.5 of it too, as fence_mpathpr's main.c
 * sets it, and its path wait the same: a live path is never given up on.
 */
#if defined(__SANITIZE_THREAD__)
#define ENV_IO_TIMEOUT_MS 30000u
#else
#define ENV_IO_TIMEOUT_MS 10000u
#endif

/* The ISID of a session that logged in again (env_relogin()). */
#define ENV_RELOGIN_ISID	",i,0x23d000000002"

struct env;

struct env_host {
	struct env *env;
	int index;			/* 0: a, 1: b */
	char initiator[64];
	uint64_t key;
	struct mpathpr_ctx *ctx;
	char store_dir[PATH_MAX];
	/* What dm reports for each path (tests fail paths here). */
	enum mpr_path_state state[ENV_LUNS_MAX][ENV_PATHS];
	/* A different devnode/nexus for a path, after an iSCSI re-login. */
	char relogin[ENV_LUNS_MAX][ENV_PATHS][64];
	/* Paths whose nexus sysfs would not identify (e.g. SAS). */
	bool unidentified[ENV_LUNS_MAX][ENV_PATHS];
};

struct env {
	struct spc4_model *m;
	struct mpr_transport tr;
	int n_luns;
	int lu[ENV_LUNS_MAX];
	struct env_host host[ENV_HOSTS];
	char tmpdir[128];
	/* multipath.conf and multipathd for the actions: by default a
	 * multipath.conf in tmpdir with only its own config_dir (never the
	 * build host's), a socket name nothing listens on, a prkeys file in
	 * tmpdir */
	struct fence_prkey_settings mpathd;
	char mpathd_conf[192], mpathd_socket[160], mpathd_prkeys[192];
};

/** env_new() - the model with ENV_LUNS LUNs, both nodes' contexts and store directories. */
struct env *env_new(void);
/**
 * env_new_luns() - like env_new() with @n LUNs (at most ENV_LUNS_MAX); past
 * the first three, WWIDs sort after them, in reverse LUN order.
 */
struct env *env_new_luns(int n);
/** env_free() - release everything and remove the temp directory. */
void env_free(struct env *e);
/** env_setup()/env_teardown() - cmocka fixtures: an env_new() in *@state, freed. */
int env_setup(void **state);
int env_teardown(void **state);

/** env_map() - "/dev/mapper/<h>-lun<l>" into @buf. */
const char *env_map(int host, int lun, char *buf, size_t len);
/** env_path() - the devnode of path @p of @lun for @host. */
const char *env_path(const struct env *e, int host, int lun, int p, char *buf, size_t len);

/**
 * env_config() - a configuration for @host running @action against every
 * LUN of @e with key @key (0: none).  Free with fence_config_free() and free().
 */
struct fence_config *env_config(struct env *e, int host, enum fence_action action, uint64_t key);
/** env_config_free() - fence_config_free() + free(). */
void env_config_free(struct fence_config *cfg);

/** env_run() - fence_action_run() for @host with a fresh config; returns the exit code. */
int env_run(struct env *e, int host, enum fence_action action, uint64_t key);

/** env_unfence_both() - run on for a, then b.  Return: 0 when both exited 0. */
int env_unfence_both(struct env *e);
/** env_fault_pr_unsupported() - paths of @host to @lun answer @opcode with ILLEGAL REQUEST 20/00. */
void env_fault_pr_unsupported(struct env *e, int host, int lun, int opcode);

/** env_key_on_lun() - whether @key is registered on @lun (any nexus). */
bool env_key_on_lun(struct env *e, int lun, uint64_t key);
/** env_host_registered() - every path of @host to @lun registered with @host's key. */
bool env_host_registered(struct env *e, int host, int lun);
/** env_write() - WRITE(10) through path @p of @host to @lun; the SAM status. */
uint8_t env_write(struct env *e, int host, int lun, int p);
/** env_fault_host_paths() - put @kind on every path of @host to @lun (-1: all LUNs). */
void env_fault_host_paths(struct env *e, int host, int lun, enum spc4_fault_kind kind);
/** env_relogin() - path @p of @host to @lun now logs in over a new nexus. */
void env_relogin(struct env *e, int host, int lun, int p);

#endif /* AGENT_MODEL_ENV_H */
