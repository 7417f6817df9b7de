/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * classic_abi.h - the layout of the classic API as a table of {name, value}:
 * size, alignment and member offsets/sizes of every public structure and the
 * value of every constant of mpath_persist.h.  One X-macro list generates the
 * table twice, once in a translation unit that includes multipath-tools'
 * header (classic_abi_system.c) and once with ours (test_classic_abi.c), so
 * the two tables cannot drift apart; the test compares them entry by entry.
 */
#ifndef CLASSIC_ABI_H
#define CLASSIC_ABI_H

#include <stddef.h>

struct classic_abi_entry {
	const char *name;
	long long value;
};

/*
 * S(tag):          sizeof and _Alignof of struct tag
 * M(tag, member):  offsetof and sizeof of a member (nested designators too)
 * F(tag, member):  offsetof of a flexible array member (it has no size)
 * C(name):         the value of a constant
 */
#define CLASSIC_ABI_LIST(S, M, F, C)						\
	S(prin_readdescr)							\
	M(prin_readdescr, prgeneration)						\
	M(prin_readdescr, additional_length)					\
	M(prin_readdescr, key_list)						\
	S(prin_resvdescr)							\
	M(prin_resvdescr, prgeneration)						\
	M(prin_resvdescr, additional_length)					\
	M(prin_resvdescr, key)							\
	M(prin_resvdescr, _obsolete)						\
	M(prin_resvdescr, _reserved)						\
	M(prin_resvdescr, scope_type)						\
	M(prin_resvdescr, _obsolete1)						\
	S(prin_capdescr)							\
	M(prin_capdescr, length)						\
	M(prin_capdescr, flags)							\
	M(prin_capdescr, pr_type_mask)						\
	M(prin_capdescr, _reserved)						\
	S(transportid)								\
	M(transportid, format_code)						\
	M(transportid, protocol_id)						\
	M(transportid, n_port_name)						\
	M(transportid, sas_address)						\
	M(transportid, iscsi_name)						\
	S(prin_fulldescr)							\
	M(prin_fulldescr, key)							\
	M(prin_fulldescr, flag)							\
	M(prin_fulldescr, scope_type)						\
	M(prin_fulldescr, rtpi)							\
	M(prin_fulldescr, trnptid)						\
	M(prin_fulldescr, trnptid.iscsi_name)					\
	S(print_fulldescr_list)							\
	M(print_fulldescr_list, prgeneration)					\
	M(print_fulldescr_list, number_of_descriptor)				\
	M(print_fulldescr_list, private_buffer)					\
	F(print_fulldescr_list, descriptors)					\
	S(prin_resp)								\
	M(prin_resp, prin_descriptor)						\
	M(prin_resp, prin_descriptor.prin_readkeys)				\
	M(prin_resp, prin_descriptor.prin_readresv)				\
	M(prin_resp, prin_descriptor.prin_readcap)				\
	M(prin_resp, prin_descriptor.prin_readfd)				\
	M(prin_resp, prin_descriptor.prin_readfd.descriptors[0])		\
	S(prout_param_descriptor)						\
	M(prout_param_descriptor, key)						\
	M(prout_param_descriptor, sa_key)					\
	M(prout_param_descriptor, _obsolete)					\
	M(prout_param_descriptor, sa_flags)					\
	M(prout_param_descriptor, _reserved)					\
	M(prout_param_descriptor, _obsolete1)					\
	M(prout_param_descriptor, private_buffer)				\
	M(prout_param_descriptor, num_transportid)				\
	F(prout_param_descriptor, trnptid_list)					\
	C(MPATH_MAX_PARAM_LEN)							\
	C(MPATH_MX_TIDS)							\
	C(MPATH_MX_TID_LEN)							\
	C(MPATH_PRIN_RKEY_SA)							\
	C(MPATH_PRIN_RRES_SA)							\
	C(MPATH_PRIN_RCAP_SA)							\
	C(MPATH_PRIN_RFSTAT_SA)							\
	C(MPATH_PROUT_REG_SA)							\
	C(MPATH_PROUT_RES_SA)							\
	C(MPATH_PROUT_REL_SA)							\
	C(MPATH_PROUT_CLEAR_SA)							\
	C(MPATH_PROUT_PREE_SA)							\
	C(MPATH_PROUT_PREE_AB_SA)						\
	C(MPATH_PROUT_REG_IGN_SA)						\
	C(MPATH_PROUT_REG_MOV_SA)						\
	C(MPATH_LU_SCOPE)							\
	C(MPATH_PRTPE_WE)							\
	C(MPATH_PRTPE_EA)							\
	C(MPATH_PRTPE_WE_RO)							\
	C(MPATH_PRTPE_EA_RO)							\
	C(MPATH_PRTPE_WE_AR)							\
	C(MPATH_PRTPE_EA_AR)							\
	C(MPATH_PR_SKIP)							\
	C(MPATH_PR_SUCCESS)							\
	C(MPATH_PR_SYNTAX_ERROR)						\
	C(MPATH_PR_SENSE_NOT_READY)						\
	C(MPATH_PR_SENSE_MEDIUM_ERROR)						\
	C(MPATH_PR_SENSE_HARDWARE_ERROR)					\
	C(MPATH_PR_ILLEGAL_REQ)							\
	C(MPATH_PR_SENSE_UNIT_ATTENTION)					\
	C(MPATH_PR_SENSE_INVALID_OP)						\
	C(MPATH_PR_SENSE_ABORTED_COMMAND)					\
	C(MPATH_PR_NO_SENSE)							\
	C(MPATH_PR_SENSE_MALFORMED)						\
	C(MPATH_PR_RESERV_CONFLICT)						\
	C(MPATH_PR_FILE_ERROR)							\
	C(MPATH_PR_DMMP_ERROR)							\
	C(MPATH_PR_THREAD_ERROR)						\
	C(MPATH_PR_OTHER)							\
	C(MPATH_F_APTPL_MASK)							\
	C(MPATH_F_ALL_TG_PT_MASK)						\
	C(MPATH_F_SPEC_I_PT_MASK)						\
	C(MPATH_PR_TYPE_MASK)							\
	C(MPATH_PR_SCOPE_MASK)							\
	C(MPATH_PROTOCOL_ID_FC)							\
	C(MPATH_PROTOCOL_ID_ISCSI)						\
	C(MPATH_PROTOCOL_ID_SAS)						\
	C(MPATH_WWUI_DEVICE_NAME)						\
	C(MPATH_WWUI_PORT_IDENTIFIER)

#define CLASSIC_ABI_S(tag)							\
	{ "sizeof(struct " #tag ")", (long long)sizeof(struct tag) },		\
	{ "_Alignof(struct " #tag ")", (long long)_Alignof(struct tag) },
#define CLASSIC_ABI_M(tag, m)							\
	{ "offsetof(struct " #tag ", " #m ")", (long long)offsetof(struct tag, m) }, \
	{ "sizeof(struct " #tag "." #m ")", (long long)sizeof(((struct tag *)0)->m) },
#define CLASSIC_ABI_F(tag, m)							\
	{ "offsetof(struct " #tag ", " #m "[])", (long long)offsetof(struct tag, m) },
#define CLASSIC_ABI_C(name) { #name, (long long)(name) },

/* The entries of the table, for an initialiser. */
#define CLASSIC_ABI_ENTRIES							\
	CLASSIC_ABI_LIST(CLASSIC_ABI_S, CLASSIC_ABI_M, CLASSIC_ABI_F, CLASSIC_ABI_C)

/*
 * The public functions' types, spelled out once: both headers must declare
 * exactly these (checked at compile time in each translation unit).
 */
#define CLASSIC_ABI_CHECK_FUNCTIONS()						\
	_Static_assert(__builtin_types_compatible_p(__typeof__(&mpath_persistent_reserve_in), \
		int (*)(int, int, struct prin_resp *, int, int)),		\
		"mpath_persistent_reserve_in type");				\
	_Static_assert(__builtin_types_compatible_p(__typeof__(&mpath_persistent_reserve_out), \
		int (*)(int, int, int, unsigned int, struct prout_param_descriptor *, int, int)), \
		"mpath_persistent_reserve_out type");				\
	_Static_assert(__builtin_types_compatible_p(__typeof__(&libmpathpersist_init), \
		int (*)(void)), "libmpathpersist_init type");			\
	_Static_assert(__builtin_types_compatible_p(__typeof__(&libmpathpersist_exit), \
		int (*)(void)), "libmpathpersist_exit type")

/* classic_abi_system.c: the table built from /usr/include/mpath_persist.h;
 * NULL (and count 0) when the system header is not installed. */
extern const struct classic_abi_entry *const classic_abi_system;
extern const size_t classic_abi_system_count;

#endif /* CLASSIC_ABI_H */
