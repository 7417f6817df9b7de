/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cleanup.h - scope-bound release of memory and file descriptors. */
#ifndef MPATHPR_CLEANUP_H
#define MPATHPR_CLEANUP_H

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static inline void mpr_freep(void *p)
{
	free(*(void **)p);
}

static inline void mpr_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

#define _cleanup_free_ __attribute__((cleanup(mpr_freep)))
#define _cleanup_close_ __attribute__((cleanup(mpr_closep)))

/* Hand a pointer out of a _cleanup_ scope. */
static inline void *mpr_steal_ptr(void *pp)
{
	void **p = pp;
	void *v = *p;

	*p = NULL;
	return v;
}
#define TAKE_PTR(p) mpr_steal_ptr(&(p))

#endif /* MPATHPR_CLEANUP_H */
