/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * engine_env.h - one LU of the SPC-4 model seen by up to four hosts, each
 * over up to four paths (one target port per path), for the engine tests.
 *
 * Host h opens "/dev/mapper/h<h>"; its paths are "/dev/h<h>p<p>".  What
 * device-mapper reports for each path is in state[h][p], so a test can fail
 * a path in the map independently of what the model's fault rules do.
 * Path p of host h is the nexus (initiator "iqn.2026-11.test:host<h>",
 * with eng_env_new_sessions() ",i,0x23d000000001" after it; relative target
 * port p + 1), identified as sysfs would identify it; after
 * eng_relogin() it is "/dev/h<h>p<p>r" on a new nexus (the same name with an
 * ISID), and the old nexus keeps what was registered on it.
 */
#ifndef ENGINE_ENV_H
#define ENGINE_ENV_H

#include <stdint.h>

#include "mpathpr/mpathpr.h"
#include "tests/model/spc4_model.h"
#include "topology.h"

#define ENG_MAX 4

/*
 * Waits for the tests with hung paths, whose waits are real time on a
 * machine that may be loaded (CI, qemu VMs beside them).  A path is taken
 * for silent after the path wait (hedged walks, READ KEYS on every path) or
 * the io timeout (REGISTER on every path): both far longer than a live path
 * of the model takes to answer on a loaded machine (up to 0.5 s seen at load
 * 17).  The io timeout and the budget are reached by no passing test unless
 * it lowers them (ENG_SHORT_*): they are the waits a test must not see, so a
 * test bounds its time from above by one of them and from below by the wait
 * it expects, never by how fast the machine is.
 */
#define ENG_PATH_WAIT_MS	2000
#define ENG_IO_TIMEOUT_MS	20000
#define ENG_BUDGET_MS		60000
#define ENG_SHORT_IO_TIMEOUT_MS	2000
/* every path hung: no live path has to answer inside these */
#define ENG_SHORT_BUDGET_MS	1500
#define ENG_SHORT_PATH_WAIT_MS	500

struct eng_env;

struct eng_host {
	struct eng_env *env;
	int index;
};

struct eng_env {
	struct spc4_model *m;
	struct mpr_transport tr;
	int lu;
	int n_hosts, n_paths;
	enum mpr_path_state state[ENG_MAX][ENG_MAX];
	bool sessions;			/* initiator ports carry an ISID */
	bool relogged[ENG_MAX][ENG_MAX];
	struct eng_host host[ENG_MAX];
	struct mpathpr_ctx *ctx[ENG_MAX];
};

struct eng_env *eng_env_new(int n_hosts, int n_paths);
/* Every host's io timeout, call budget and path wait (ms). */
void eng_env_set_waits(struct eng_env *e, unsigned int io_timeout_ms, unsigned int budget_ms,
		       unsigned int path_wait_ms);
/* CLOCK_MONOTONIC in milliseconds, for the tests' real-time bounds. */
uint64_t eng_wall_ms(void);
/* The same, each path an iSCSI session whose initiator port has an ISID
 * (as LIO names it in READ FULL STATUS), so that eng_relogin() is a new port
 * of the same initiator rather than one named only by its initiator name. */
struct eng_env *eng_env_new_sessions(int n_hosts, int n_paths);
void eng_env_free(struct eng_env *e);
/* cmocka fixtures: two hosts of 2 or 4 paths (with an ISID: _sessions) and
 * the ENG_* waits in *state; eng_teardown() frees it. */
int eng_setup_2x2(void **state);
int eng_setup_2x4(void **state);
int eng_setup_sessions_2x2(void **state);
int eng_setup_sessions_2x4(void **state);
int eng_teardown(void **state);
/* The multipath device of host @h, opened through the native API. */
struct mpathpr_dev *eng_open(struct eng_env *e, int h);
/* "/dev/h<h>p<p>" */
const char *eng_path(int h, int p, char *buf, size_t len);
/* Path @p of host @h logs in again over a new I_T nexus (a new ISID). */
void eng_relogin(struct eng_env *e, int h, int p);
/* Key registered on path @p of host @h (its present nexus), 0 if none. */
uint64_t eng_key(struct eng_env *e, int h, int p);
/* Put fault @kind on path @p of host @h (count 0: until cleared). */
void eng_fault(struct eng_env *e, int h, int p, enum spc4_fault_kind kind, unsigned int count);
/* WRITE(10) through path @p of host @h; the SAM status. */
uint8_t eng_write(struct eng_env *e, int h, int p);
/* Register host @h's key on all its paths (cmocka-asserted), optionally
 * taking a type 5 reservation. */
void eng_unfence(struct eng_env *e, int h, uint64_t key, bool reserve);
/* PR OUT commands of service action @sa (-1 any) sent anywhere. */
size_t eng_prout_count(struct eng_env *e, int sa);

#endif /* ENGINE_ENV_H */
