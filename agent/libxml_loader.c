// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libxml_loader.c - dlopen() libxml2 for the metadata writer (see the header).
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libxml_loader.h"

/* dlsym() returns an object pointer; copy it into the typed function pointer. */
static int libxml_resolve(void *lib, const char *name, void *ret_fn, size_t fn_size,
			  char *err, size_t errlen)
{
	void *sym = dlsym(lib, name);

	if (!sym) {
		snprintf(err, errlen, "%s has no %s: %s", LIBXML_SONAME, name, dlerror());
		return -ENOENT;
	}
	memcpy(ret_fn, &sym, fn_size);
	return 0;
}

int fence_libxml_load(char *err, size_t errlen, struct fence_libxml *ret)
{
	struct fence_libxml x;
	void *lib;

	/*
	 * Never dlclose()d: the process exits right after writing, and libxml2
	 * keeps global state that must not be torn down under a later caller.
	 */
	lib = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(err, errlen, "cannot load %s (the metadata needs libxml2): %s",
			 LIBXML_SONAME, dlerror());
		return -ENOENT;
	}
#define FENCE_LIBXML_RESOLVE(fn) \
	if (libxml_resolve(lib, #fn, &x.fn, sizeof(x.fn), err, errlen) < 0) \
		return -ENOENT;
	FENCE_LIBXML_FUNCTIONS(FENCE_LIBXML_RESOLVE)
#undef FENCE_LIBXML_RESOLVE
	*ret = x;
	return 0;
}
