/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spc4_model_int.h - state shared by the model's files (not for tests).
 */
#ifndef MPATHPR_SPC4_MODEL_INT_H
#define MPATHPR_SPC4_MODEL_INT_H

#include <pthread.h>

#include "spc4_model.h"

#define SPC4_NAME_MAX	224	/* iSCSI names are at most 223 bytes */
#define SPC4_DEVNODE_MAX 64

/* SCSI opcodes the model understands */
#define SPC4_OP_TEST_UNIT_READY	0x00
#define SPC4_OP_INQUIRY		0x12
#define SPC4_OP_READ10		0x28
#define SPC4_OP_WRITE10		0x2a
#define SPC4_OP_PR_IN		0x5e
#define SPC4_OP_PR_OUT		0x5f
#define SPC4_OP_WRITE16		0x8a

/* PR OUT service actions */
#define SPC4_SA_REGISTER	0x00
#define SPC4_SA_RESERVE		0x01
#define SPC4_SA_RELEASE		0x02
#define SPC4_SA_CLEAR		0x03
#define SPC4_SA_PREEMPT		0x04
#define SPC4_SA_PREEMPT_ABORT	0x05
#define SPC4_SA_REGISTER_IGNORE	0x06
#define SPC4_SA_REGISTER_MOVE	0x07

/* PR IN service actions */
#define SPC4_SA_READ_KEYS	0x00
#define SPC4_SA_READ_RESERVATION 0x01
#define SPC4_SA_REPORT_CAPS	0x02
#define SPC4_SA_READ_FULL_STATUS 0x03

/* I_T nexus: initiator port name and relative target port identifier */
struct spc4_nexus {
	const char *initiator;
	uint16_t rtp;
};

struct spc4_reg {
	char initiator[SPC4_NAME_MAX];
	uint16_t rtp;
	uint64_t key;
	bool all_tg_pt;
};

struct spc4_lu {
	char wwid[SPC4_NAME_MAX];
	struct spc4_reg *regs;
	size_t nregs, capregs;
	uint32_t generation;
	bool aptpl;
	bool reserved;
	uint8_t type;
	/* holder nexus (meaningless for the all-registrants types 7/8) */
	char holder_initiator[SPC4_NAME_MAX];
	uint16_t holder_rtp;
};

struct spc4_path {
	char devnode[SPC4_DEVNODE_MAX];
	int lu;
	char initiator[SPC4_NAME_MAX];
	uint16_t rtp;
	struct spc4_fault *faults;
	size_t nfaults;
};

struct spc4_ua {
	int lu;
	char initiator[SPC4_NAME_MAX];
	uint16_t rtp;
	uint8_t asc, ascq;
};

struct spc4_log_entry {
	int path;
	uint8_t opcode;
	int sa;
};

struct spc4_model {
	pthread_mutex_t lock;
	struct spc4_lu *lus;
	size_t nlus;
	struct spc4_path *paths;
	size_t npaths;
	struct spc4_ua *uas;
	size_t nuas;
	int *handles;		/* handle -> path index, -1 when closed */
	size_t nhandles;
	struct spc4_log_entry *log;
	size_t nlog, caplog;
	uint64_t clock_us;
	bool descriptor_sense;
	pthread_cond_t hang_cv;		/* signalled when faults are cleared */
	unsigned int in_submit;		/* commands inside submit */
	bool hangs_seen;
	unsigned int refs;		/* the owner and every path job holding the transport */
};

/* One command being executed on one LU over one nexus (model lock held). */
struct spc4_req {
	struct spc4_model *m;
	int lu_index;
	struct spc4_lu *lu;
	struct spc4_nexus nexus;
	const struct mpr_cmd *cmd;
	struct mpr_cmd_result *res;
};

/* Grow *@arr (of @size-byte elements) so that it holds @n + 1. 0 or -ENOMEM. */
int spc4_grow(void *arr, size_t *cap, size_t n, size_t size);

void spc4_check_condition(struct spc4_req *r, uint8_t sk, uint8_t asc, uint8_t ascq);
void spc4_conflict(struct spc4_req *r);
#define spc4_illegal(r, asc, ascq) spc4_check_condition((r), MPR_SK_ILLEGAL_REQUEST, (asc), (ascq))

/* Queue a unit attention for @nexus on @lu. */
void spc4_ua_queue(struct spc4_model *m, int lu, const struct spc4_nexus *nexus,
		   uint8_t asc, uint8_t ascq);

bool spc4_nexus_eq(const struct spc4_nexus *a, const char *initiator, uint16_t rtp);
struct spc4_reg *spc4_reg_find(struct spc4_lu *lu, const struct spc4_nexus *n);
bool spc4_is_holder(const struct spc4_lu *lu, const struct spc4_reg *reg);
bool spc4_type_all_registrants(uint8_t type);

void spc4_pr_out(struct spc4_req *r);
void spc4_pr_in(struct spc4_req *r);
void spc4_inquiry(struct spc4_req *r);
void spc4_data_command(struct spc4_req *r, bool write);

/* Big-endian helpers */
static inline uint64_t spc4_get_be(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static inline void spc4_put_be(uint8_t *p, uint64_t v, unsigned int n)
{
	for (unsigned int i = n; i > 0; i--) {
		p[i - 1] = v & 0xff;
		v >>= 8;
	}
}

#endif /* MPATHPR_SPC4_MODEL_INT_H */
