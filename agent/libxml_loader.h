/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libxml_loader.h - libxml2's writer API, loaded when the metadata is asked
 * for.  Fencing never needs XML, and linking libxml2 (with ICU and
 * libstdc++ behind it) made every start of the agent load and relocate
 * them: a large part of a 1-LUN "off" in the benchmark.
 */
#ifndef FENCE_MPATHPR_AGENT_LIBXML_LOADER_H
#define FENCE_MPATHPR_AGENT_LIBXML_LOADER_H

#include <stddef.h>

#include <libxml/xmlwriter.h>

/* The functions the metadata writer calls; each becomes a member of that name. */
#define FENCE_LIBXML_FUNCTIONS(X) \
	X(xmlOutputBufferCreateFile) X(xmlOutputBufferClose) \
	X(xmlNewTextWriter) X(xmlFreeTextWriter) \
	X(xmlTextWriterSetIndent) X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) X(xmlTextWriterEndDocument) \
	X(xmlTextWriterStartElement) X(xmlTextWriterEndElement) \
	X(xmlTextWriterWriteAttribute) X(xmlTextWriterWriteString) \
	X(xmlTextWriterWriteElement)

struct fence_libxml {
#define FENCE_LIBXML_MEMBER(fn) __typeof__(fn) *fn;
	FENCE_LIBXML_FUNCTIONS(FENCE_LIBXML_MEMBER)
#undef FENCE_LIBXML_MEMBER
};

/**
 * fence_libxml_load() - load libxml2 (LIBXML_SONAME) and resolve the writer
 * functions into @ret.  The library stays loaded until the process exits.
 * @err: on failure, a one-line reason (what could not be loaded or found).
 * Return: 0, or -ENOENT with @ret untouched.
 */
int fence_libxml_load(char *err, size_t errlen, struct fence_libxml *ret);

#endif /* FENCE_MPATHPR_AGENT_LIBXML_LOADER_H */
