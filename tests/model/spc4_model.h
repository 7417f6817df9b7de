/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_model.h - an in-process SPC-4 persistent-reservation target for tests.
 *
 * The model is a small array of logical units (LUs) reached through several
 * I_T nexuses.  A nexus is (initiator port name, relative target port id);
 * a *path* is a device node name ("/dev/sdb") bound to one LU and one nexus.
 * Tests hand the model to the engine as a struct mpr_transport; the model
 * parses CDBs and parameter lists from the raw bytes itself (it shares no
 * code with lib/, so it catches codec bugs) and answers the way an SPC-4
 * device does: registrations per nexus, reservations, PR generation, unit
 * attentions, RESERVATION CONFLICT for fenced READ/WRITE.
 *
 * Supported commands: TEST UNIT READY, INQUIRY (standard, VPD 0x00/0x83),
 * READ(10), WRITE(10), WRITE(16), PERSISTENT RESERVE IN (READ KEYS, READ
 * RESERVATION, REPORT CAPABILITIES, READ FULL STATUS) and PERSISTENT RESERVE
 * OUT (REGISTER, RESERVE, RELEASE, CLEAR, PREEMPT, PREEMPT AND ABORT,
 * REGISTER AND IGNORE EXISTING KEY, REGISTER AND MOVE).  TransportIDs (SPEC_I_PT,
 * REGISTER AND MOVE, READ FULL STATUS) are iSCSI ones (protocol 5, format 0);
 * initiator port names are used as iSCSI names verbatim, except that READ
 * FULL STATUS sends a name with an ISID ("iqn...,i,0x00023d000001") in
 * format 1, as LIO does.
 *
 * Behaviour worth knowing (SPC-4, and LIO where SPC-4 leaves room):
 *  - PR generation counts REGISTER (key set/changed/removed), REGISTER AND
 *    IGNORE, CLEAR, PREEMPT (AND ABORT), REGISTER AND MOVE; not RESERVE/RELEASE
 *    nor a REGISTER that changes nothing (unregistered nexus, key 0).
 *  - Unit attentions are queued per (LU, nexus) and reported, oldest first,
 *    as CHECK CONDITION on the next command of that nexus other than
 *    INQUIRY; that command is not executed.  2A/03 RESERVATIONS PREEMPTED
 *    (CLEAR), 2A/04 RESERVATIONS RELEASED (release/unregister of a type
 *    5/6/7/8 reservation, PREEMPT changing the type), 2A/05 REGISTRATIONS
 *    PREEMPTED (PREEMPT), 29/01 POWER ON OCCURRED (spc4_model_power_loss).
 *  - Unregistering a nexus registered with ALL_TG_PT removes the same
 *    initiator's ALL_TG_PT registrations with that key on every port.
 *  - PREEMPT that only removes registrations removes the issuer's own too
 *    when it has the preempted key (except under an all-registrants
 *    reservation); PREEMPT of the holder keeps the issuer registered.
 *  - Errors: unknown opcode 20/00; bad service action, type or scope 24/00;
 *    parameter list length not 24 (without SPEC_I_PT / REGISTER AND MOVE) or
 *    shorter than the data sent 1A/00; bad TransportID, SPEC_I_PT outside
 *    REGISTER or from a registered nexus, PREEMPT with key 0 outside an
 *    all-registrants reservation 26/00; RELEASE of another type 26/04.
 *  - READ/WRITE(10), WRITE(16): RESERVATION CONFLICT when the reservation type
 *    fences the nexus (1: writes of non-holders, 3: all I/O of non-holders,
 *    5/7: writes of unregistered, 6/8: all I/O of unregistered).
 *  - PR IN answers are cut at the allocation length and at the buffer
 *    (res->transferred) while their length fields keep the full size.
 *  - Sense comes in fixed format (descriptor when switched on); res->sense is
 *    filled too, as the transport contract asks.
 *
 * Time is virtual: the transport's now_us() reads the model's clock and
 * sleep_us() advances it instantly, so retry tests never wait.
 *
 * Build: link $(SPC4_MODEL_LIBS) (tests/model/model.am) before $(TEST_LIBS).
 * tests/model/spc4_test_util.h has hand-written CDB helpers for the model's
 * own tests.
 *
 * Thread safety: every function may be called from several threads at once;
 * one mutex guards the state and is not held across wall-clock delays.
 *
 * Functions returning int return 0 (or an index) on success and a negative
 * errno on failure.
 */
#ifndef MPATHPR_SPC4_MODEL_H
#define MPATHPR_SPC4_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "transport.h"

struct spc4_model;

/* Injected failures, per path.  Unless stated the command never reaches the LU. */
enum spc4_fault_kind {
	SPC4_FAULT_OPEN_FAIL,	    /* open() fails with -ENXIO (node gone) */
	SPC4_FAULT_DOWN,	    /* submit: host_status DID_NO_CONNECT */
	SPC4_FAULT_TIMEOUT,	    /* submit: timed_out, DID_TIME_OUT, clock += cmd timeout */
	SPC4_FAULT_TRANSPORT_ERROR, /* submit: host_status DID_ERROR */
	SPC4_FAULT_SENSE,	    /* submit: CHECK CONDITION with sk/asc/ascq */
	SPC4_FAULT_UA,		    /* submit: CHECK CONDITION UNIT ATTENTION asc/ascq
				     * (0/0 means 29/00 POWER ON, RESET ...) */
	SPC4_FAULT_BUSY,	    /* submit: SAM status BUSY */
	SPC4_FAULT_SLOW,	    /* command proceeds, the clock advances delay_us
				     * (and the caller sleeps wall_delay_us, lock not held) */
	SPC4_FAULT_HANG,	    /* submit blocks (wall clock) until the path's faults
				     * are cleared, as SG_IO does on a path whose packets
				     * are lost; then DID_TRANSPORT_DISRUPTED (executed
				     * first if @execute).  spc4_model_free() waits for
				     * hung commands and their handles to end. */
};

/* One fault rule; the first matching rule of a path applies (SLOW rules all apply). */
struct spc4_fault {
	enum spc4_fault_kind kind;
	unsigned int count;	/* fire for the next @count matching commands; 0: until cleared */
	int opcode;		/* only for this CDB opcode; -1: any */
	int sa;			/* only for this service action (PR IN/OUT); -1: any */
	uint8_t sk, asc, ascq;	/* SENSE (sk also used by UA: ignored, always 6) */
	bool execute;		/* TIMEOUT/TRANSPORT_ERROR: the LU executes the command,
				 * only the response is lost */
	uint64_t delay_us;	/* SLOW: virtual microseconds added */
	uint64_t wall_delay_us;	/* SLOW: real sleep, to let threads overlap */
};

/* Initialiser for a rule that matches every command, forever. */
#define SPC4_FAULT_INIT(k) ((struct spc4_fault){ .kind = (k), .opcode = -1, .sa = -1 })

/** spc4_model_new() - an empty model (no LU, no path, clock at 1 s).  NULL on ENOMEM. */
struct spc4_model *spc4_model_new(void);
/** spc4_model_drain() - clear every fault and wait for hung commands (see HANG). */
void spc4_model_drain(struct spc4_model *m);
/** spc4_model_free() - drain, then drop the owner's reference; NULL is fine.
 *  Path jobs still holding the transport keep the model until they end. */
void spc4_model_free(struct spc4_model *m);
/** spc4_model_ref()/spc4_model_unref() - the transport's hold and release. */
void spc4_model_ref(struct spc4_model *m);
void spc4_model_unref(struct spc4_model *m);
/** spc4_model_holds() - how many transport holds (path jobs) are outstanding. */
unsigned int spc4_model_holds(struct spc4_model *m);

/**
 * spc4_model_add_lu() - add a logical unit.
 * @wwid: its designator as text, e.g. "36001405abcdef..." (reported as a
 *        T10 vendor ID designator "MPATHPR " + @wwid in INQUIRY VPD 0x83)
 * Return: the LU index (0, 1, ...) or -ENOMEM / -EINVAL.
 */
int spc4_model_add_lu(struct spc4_model *m, const char *wwid);

/**
 * spc4_model_add_path() - bind device node @devnode to @lu over nexus
 * (@initiator, @rel_tgt_port).  Several paths may share a target port; two
 * paths on the same nexus share its registration.
 * Return: the path index or -EINVAL (bad lu / names), -EEXIST (devnode used), -ENOMEM.
 */
int spc4_model_add_path(struct spc4_model *m, const char *devnode, int lu,
			const char *initiator, uint16_t rel_tgt_port);

/**
 * spc4_model_transport() - the transport function table talking to @m.
 * Handles are opened per devnode; submitting on a closed handle gives -EBADF.
 */
void spc4_model_transport(struct spc4_model *m, struct mpr_transport *ret);

/** spc4_model_set_descriptor_sense() - answer with descriptor (0x72) instead of fixed (0x70) sense. */
void spc4_model_set_descriptor_sense(struct spc4_model *m, bool descriptor);

/* ---- inspection ---- */

/**
 * spc4_model_keys() - registered keys of @lu, one per registered nexus, in
 * registration order (like READ KEYS).
 * Return: the number of registrations (may exceed @cap; only @cap are stored).
 */
size_t spc4_model_keys(struct spc4_model *m, int lu, uint64_t *keys, size_t cap);
/** spc4_model_path_registered() - whether @devnode's nexus is registered; its key in *ret_key. */
bool spc4_model_path_registered(struct spc4_model *m, const char *devnode, uint64_t *ret_key);
/**
 * spc4_model_reservation() - whether @lu is reserved; holder's key (0 for the
 * all-registrants types 7/8) and type.  Either output may be NULL.
 */
bool spc4_model_reservation(struct spc4_model *m, int lu, uint64_t *ret_key, uint8_t *ret_type);
/** spc4_model_path_holds() - whether @devnode's nexus is a reservation holder. */
bool spc4_model_path_holds(struct spc4_model *m, const char *devnode);
/** spc4_model_generation() - the PR generation of @lu. */
uint32_t spc4_model_generation(struct spc4_model *m, int lu);
/** spc4_model_aptpl() - whether the last registration of @lu asked for APTPL. */
bool spc4_model_aptpl(struct spc4_model *m, int lu);
/** spc4_model_pending_ua() - number of unit attentions queued for @devnode's nexus. */
size_t spc4_model_pending_ua(struct spc4_model *m, const char *devnode);
/** spc4_model_open_handles() - handles opened and not closed yet (leak checks). */
size_t spc4_model_open_handles(struct spc4_model *m);

/**
 * spc4_model_command_count() - commands submitted to @devnode (NULL: any path)
 * with CDB @opcode (-1: any) and service action @sa (-1: any; only PR IN/OUT
 * have one).  Faulted commands count too: this is what the initiator sent.
 */
size_t spc4_model_command_count(struct spc4_model *m, const char *devnode, int opcode, int sa);
/** spc4_model_clear_log() - forget the command log (counts restart at 0). */
void spc4_model_clear_log(struct spc4_model *m);

/* ---- events and faults ---- */

/**
 * spc4_model_path_fault() - add a fault rule to @devnode.
 * Return: 0, -ENOENT (no such path), -ENOMEM.
 */
int spc4_model_path_fault(struct spc4_model *m, const char *devnode, const struct spc4_fault *f);
/** spc4_model_path_clear_faults() - remove every fault rule of @devnode. */
void spc4_model_path_clear_faults(struct spc4_model *m, const char *devnode);

/**
 * spc4_model_power_loss() - power-cycle every LU: registrations and the
 * reservation survive only where APTPL was set; every nexus gets a
 * UNIT ATTENTION 29/01 POWER ON OCCURRED.
 */
void spc4_model_power_loss(struct spc4_model *m);

/** spc4_model_now_us() - the virtual clock (what the transport's now_us returns). */
uint64_t spc4_model_now_us(struct spc4_model *m);
/** spc4_model_advance_us() - move the virtual clock forward. */
void spc4_model_advance_us(struct spc4_model *m, uint64_t usec);

#endif /* MPATHPR_SPC4_MODEL_H */
