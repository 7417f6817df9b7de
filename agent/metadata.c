/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metadata.c - the agent's self-description, generated from the parameter
 * table: the XML Pacemaker and pcs read (fence-agents' metadata.rng layout),
 * the man page, and --help.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "common/macro.h"
#include "libxml_loader.h"
#include "metadata.h"
#include "params.h"

#define SHORTDESC "I/O fencing with SCSI-3 persistent reservations on multipath devices"
#define VENDOR_URL "https://www.t10.org/"

static const char longdesc[] =
	"fence_mpathpr fences a node by removing its SCSI-3 persistent reservation key "
	"from shared storage, through every path of each dm-multipath map (or from plain "
	"SCSI disks). Each node registers its own key when it is unfenced (the on action, "
	"run by Pacemaker on the node itself); one node holds a \"write exclusive, "
	"registrants only\" reservation, so only registered nodes can write. Fencing "
	"(off) preempts the victim's key: its writes fail until it is unfenced again, "
	"which needs a reboot. The commands are issued directly (SG_IO), without "
	"sg_persist or mpathpersist.\n"
	"Configurations written for fence_mpath keep working: devices, a key per node "
	"through pcmk_host_map, and the key file in store_path. New configurations can "
	"leave the keys out with key_value=hash.\n"
	"For a watchdog: fence_mpathpr_check exits 2 once this node's key is registered on "
	"none of the devices in the store (the watchdog then reboots the node), "
	"fence_mpathpr_check_hardreboot reboots the node itself at once; the store is "
	"fence_mpath's, so fence_mpath_check and fence_mpath_check_hardreboot read it too.";

static const char status_desc[] =
	"Exit 0 when the key (key, plug or port) is registered on at least one of the "
	"devices, through any I_T nexus (the node can still write), 2 when it is "
	"registered on none, 1 when a device cannot be read; like fence_mpath, which "
	"only reads the keys (READ KEYS). When the key is this node's own (recorded in "
	"the store, or key_value=hash), each usable path is also checked as monitor "
	"does, and a path whose nexus lacks the key is named on stderr; status stays 0.";

static const char monitor_desc[] =
	"Every device must answer READ KEYS through some path, and the store must be "
	"readable. Where this node's key (the store's key for the device) is registered, "
	"READ FULL STATUS must show it on the I_T nexus of every usable path: a path "
	"that was down during on and came back has a nexus without the key (a fence "
	"sent through it gets a reservation conflict, and so do its writes on targets "
	"that judge each nexus), and monitor exits 1 "
	"with one line per such path naming the device, the path and its nexus (target "
	"port, relative port, initiator port). Run on again to register it. A device "
	"that does not support READ FULL STATUS, or a path whose nexus cannot be "
	"identified from sysfs (SAS, iSCSI sessions a HBA logs in in firmware), is "
	"checked with READ KEYS only; a node whose key is registered nowhere (fenced, "
	"or not unfenced yet) passes. With -v every path's nexus and registration is "
	"logged.";

/* Advertised actions; reboot is absent on purpose (fabric fencing has none). */
static const struct {
	const char *name;
	bool on_target;		/* on_target="1" automatic="1": unfencing, run on the node */
	const char *desc;	/* man page text, NULL: the name says it */
} actions[] = {
	{ "on", true, NULL }, { "off", false, NULL }, { "status", false, status_desc },
	{ "monitor", false, monitor_desc }, { "list", false, NULL },
	{ "list-status", false, NULL }, { "metadata", false, NULL },
	{ "manpage", false, NULL }, { "validate-all", false, NULL },
};

/* One document being written: the loaded libxml2 and its writer. */
struct xml_out {
	const struct fence_libxml *x;
	xmlTextWriterPtr w;
};

static int xml_start(const struct xml_out *o, const char *name)
{
	return o->x->xmlTextWriterStartElement(o->w, BAD_CAST name) < 0 ? -EIO : 0;
}

static int xml_end(const struct xml_out *o)
{
	return o->x->xmlTextWriterEndElement(o->w) < 0 ? -EIO : 0;
}

static int xml_attr(const struct xml_out *o, const char *name, const char *value)
{
	return o->x->xmlTextWriterWriteAttribute(o->w, BAD_CAST name, BAD_CAST value) < 0 ?
	       -EIO : 0;
}

static int xml_element(const struct xml_out *o, const char *name, const char *text)
{
	return o->x->xmlTextWriterWriteElement(o->w, BAD_CAST name, BAD_CAST text) < 0 ?
	       -EIO : 0;
}

#define CHECK_XML(expr)	do { if ((expr) < 0) return -EIO; } while (0)

static int xml_content(const struct xml_out *o, const struct fence_param *p)
{
	const char *const *c;

	CHECK_XML(xml_start(o, "content"));
	CHECK_XML(xml_attr(o, "type", fence_param_type_name(p->type)));
	if (p->default_value)
		CHECK_XML(xml_attr(o, "default", p->default_value));
	for (c = p->choices; c && *c; c++) {
		CHECK_XML(xml_start(o, "option"));
		CHECK_XML(xml_attr(o, "value", *c));
		CHECK_XML(xml_end(o));
	}
	return xml_end(o);
}

static int xml_parameter(const struct xml_out *o, const struct fence_param *p)
{
	char mixed[128];

	CHECK_XML(xml_start(o, "parameter"));
	CHECK_XML(xml_attr(o, "name", p->name));
	CHECK_XML(xml_attr(o, "unique", "0"));
	CHECK_XML(xml_attr(o, "required", p->flags & FENCE_PF_REQUIRED ? "1" : "0"));
	if (p->flags & FENCE_PF_DEPRECATED)
		CHECK_XML(xml_attr(o, "deprecated", "1"));
	if (p->obsoletes)
		CHECK_XML(xml_attr(o, "obsoletes", p->obsoletes));
	CHECK_XML(xml_start(o, "getopt"));
	CHECK_XML(xml_attr(o, "mixed", fence_param_getopt(p, mixed, sizeof(mixed))));
	CHECK_XML(xml_end(o));
	CHECK_XML(xml_content(o, p));
	CHECK_XML(xml_start(o, "shortdesc"));
	CHECK_XML(xml_attr(o, "lang", "en"));
	CHECK_XML(o->x->xmlTextWriterWriteString(o->w, BAD_CAST p->shortdesc));
	CHECK_XML(xml_end(o));
	return xml_end(o);
}

static int xml_actions(const struct xml_out *o)
{
	size_t i;

	CHECK_XML(xml_start(o, "actions"));
	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		CHECK_XML(xml_start(o, "action"));
		CHECK_XML(xml_attr(o, "name", actions[i].name));
		if (actions[i].on_target) {
			CHECK_XML(xml_attr(o, "on_target", "1"));
			CHECK_XML(xml_attr(o, "automatic", "1"));
		}
		CHECK_XML(xml_end(o));
	}
	return xml_end(o);
}

static int xml_document(const struct xml_out *o)
{
	size_t i;

	CHECK_XML(o->x->xmlTextWriterSetIndent(o->w, 1));
	CHECK_XML(o->x->xmlTextWriterSetIndentString(o->w, BAD_CAST "\t"));
	CHECK_XML(o->x->xmlTextWriterStartDocument(o->w, "1.0", "UTF-8", NULL));
	CHECK_XML(xml_start(o, "resource-agent"));
	CHECK_XML(xml_attr(o, "name", FENCE_AGENT_NAME));
	CHECK_XML(xml_attr(o, "shortdesc", SHORTDESC));
	CHECK_XML(xml_element(o, "longdesc", longdesc));
	CHECK_XML(xml_element(o, "vendor-url", VENDOR_URL));
	CHECK_XML(xml_start(o, "parameters"));
	for (i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		if (!(p->flags & FENCE_PF_HIDDEN))
			CHECK_XML(xml_parameter(o, p));
	}
	CHECK_XML(xml_end(o));
	CHECK_XML(xml_actions(o));
	CHECK_XML(o->x->xmlTextWriterEndDocument(o->w));
	return 0;
}

int fence_metadata_write_xml(FILE *out)
{
	struct fence_libxml x;
	struct xml_out o = { .x = &x };
	xmlOutputBufferPtr buf;
	char err[256];
	int r;

	r = fence_libxml_load(err, sizeof(err), &x);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", FENCE_AGENT_NAME, err);
		return r;
	}
	buf = x.xmlOutputBufferCreateFile(out, NULL);
	if (!buf)
		return -ENOMEM;
	o.w = x.xmlNewTextWriter(buf);	/* owns buf from here on */
	if (!o.w) {
		x.xmlOutputBufferClose(buf);
		return -ENOMEM;
	}
	r = xml_document(&o);
	x.xmlFreeTextWriter(o.w);
	if (r == 0 && (fflush(out) != 0 || ferror(out)))
		r = -EIO;
	return r;
}

/* troff: a leading '.' or '\'' starts a request, '\' an escape. */
static void man_text(FILE *out, const char *s)
{
	bool bol = true;

	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else if (bol && (*s == '.' || *s == '\''))
			fprintf(out, "\\&%c", *s);
		else if (*s == '\n')
			fputs("\n.PP\n", out);
		else
			fputc(*s, out);
		bol = *s == '\n';
	}
	fputc('\n', out);
}

static void man_parameter(FILE *out, const struct fence_param *p)
{
	char mixed[128];

	fputs(".TP\n.B ", out);
	man_text(out, fence_param_getopt(p, mixed, sizeof(mixed)));
	man_text(out, p->shortdesc);
	if (p->longdesc)
		man_text(out, p->longdesc);
	fputs(p->flags & FENCE_PF_REQUIRED ? "Required in a fence device configuration. " :
	      "Optional. ", out);
	if (p->flags & FENCE_PF_DEPRECATED)
		fputs("It is deprecated. ", out);
	fputs("Standard input name: ", out);
	man_text(out, p->name);
	if (p->default_value) {
		fputs("(Default Value: ", out);
		fputs(p->default_value, out);
		fputs(")\n", out);
	}
}

/* How long an action can take, whatever the SAN does (lib: man 3 mpathpr). */
static const char time_budget[] =
	".SH TIME BUDGET\n"
	"Every action that talks to devices ends within 1.5 io timeouts of its start "
	"(15 s with the default io_timeout of 10 s; off counts from the end of its "
	"delay), all devices and steps together: what has not answered by then is a "
	"failure (exit 1), never a success.\n"
	".PP\n"
	"A command for one path (READ KEYS, PREEMPT AND ABORT, RESERVE, READ "
	"RESERVATION) waits 1 s for the path it tried, then goes to the next path as "
	"well: a path whose packets are lost costs about 1 s per device, once, and "
	"that device sends it nothing more, nor do the other devices to paths of "
	"the same iSCSI session.  REGISTER on every path (on) waits for each path at "
	"most one io timeout; the read-back on every path (after on and off) at most "
	"1 s; both name the paths that did not answer and go on with the others; "
	"the read-back needs one path that answers.  With reservation_key file "
	"(PATHS THAT JOIN LATER), on talks to multipathd outside that budget: at "
	"most 4 s before sending and 4 s after, since the first exchange that "
	"times out ends the round (multipathd is hung).\n"
	".PP\n"
	"Worst case of off, every path hung or every answer slow: 1.5 io timeouts "
	"plus the process start (about 15.2 s with the defaults), inside Pacemaker's "
	"default stonith-timeout (60 s) and fence_mpath's power_timeout (20 s).  "
	"Keep delay + 1.5 x io_timeout well below the stonith-timeout (or "
	"pcmk_off_timeout) when raising either.\n";

/* The watchdog checks, the same binary under other names. */
static const char man_watchdog[] =
	".SH WATCHDOG CHECK\n"
	"Installed as links to fence_mpathpr, fence_mpathpr_check and "
	"fence_mpathpr_check_hardreboot are what fence_mpath_check and "
	"fence_mpath_check_hardreboot are for fence_mpath: a test binary for "
	"watchdog(8) (the check mode is chosen by the program name, the watchdog's "
	"\\(lqtest\\(rq and \\(lqrepair CODE\\(rq arguments are accepted). "
	"They read store_path/mpath.devices (store_path as given with --store-path, "
	"else /var/run/cluster) and send one READ KEYS per recorded device until one "
	"of them shows this node's key. Retries come from /etc/sysconfig/stonith "
	"(retry, retry-sleep, verbose), the file fence_mpath_check reads.\n"
	".PP\n"
	"When the key is on none of the devices, or no device answers, "
	"fence_mpathpr_check exits 2 and the watchdog reboots the node; "
	"fence_mpathpr_check_hardreboot reboots it at once with reboot(2) "
	"(RB_AUTOBOOT: no sync, no shutdown), as fence_mpath_check_hardreboot does.\n";

/* Who registers a path that joins after on (issue 13). */
static const char man_paths_later[] =
	".SH PATHS THAT JOIN LATER\n"
	"A registration belongs to one I_T nexus.  A path that comes back after on "
	"(a cable, an iSCSI re-login with a new ISID, a new target port) has none: "
	"its writes and a fence sent through it get a reservation conflict, and "
	"monitor exits 1 naming it.  Who registers it:\n"
	".TP\n"
	"no reservation_key in multipath.conf (what fence_mpathpr needs)\n"
	"mpathprd(8), a daemon that registers this node's key on such paths as they "
	"join, only while the key is still registered through another path (never "
	"for a node that was fenced); or on again (Pacemaker runs it when the fence "
	"device is restarted), which registers every usable path.\n"
	".TP\n"
	"this node's key as reservation_key in multipath.conf\n"
	"multipathd, for the paths its checker reinstates; running mpathprd as well "
	"is safe (the same key again changes nothing) and also covers new nexuses "
	"multipathd does not treat as reinstated.\n"
	".TP\n"
	"reservation_key file\n"
	"multipathd uses the key recorded for the map in its prkeys file "
	"(prkeys_file, default /etc/multipath/prkeys).  on records this node's key "
	"there before it sends anything, as mpathpersist does: setprkey to a "
	"running multipathd (which writes the file), else the file itself (one "
	"line per map, the other lines kept, mode 0600); after the registration, "
	"setprstatus tells a running multipathd that the key is registered.  "
	"multipathd then registers it on the paths it adds or reinstates; mpathprd "
	"as well is safe.  When the key cannot be recorded (multipathd answers "
	"other than ok, or not within 4 s; the file cannot be written) on exits 1 "
	"and sends nothing.  No action of fence_mpathpr removes this node's own "
	"registration (off refuses this node's key), so none clears the record "
	"(mpathpr-persist's unregistration does, as mpathpersist's); a key left "
	"recorded for a fenced node is harmless: multipathd registers a path only "
	"while the key is registered through another one.\n"
	".PP\n"
	"on and validate-all read multipath.conf and the *.conf files of its "
	"config_dir (/etc/multipath/conf.d): a fixed reservation_key (in defaults, "
	"overrides, or the map's multipaths entry) that is not this node's key is "
	"refused with exit 1, naming the file, the line and both keys, before "
	"anything is sent: multipathd would register its key on the paths it "
	"reinstates, two keys for one node.\n";

int fence_metadata_write_manpage(FILE *out)
{
	size_t i;

	fputs(".TH FENCE_MPATHPR 8 \"\" \"mpathpr\" \"System Manager's Manual\"\n"
	      ".SH NAME\nfence_mpathpr \\- ", out);
	man_text(out, SHORTDESC);
	fputs(".SH SYNOPSIS\n.B fence_mpathpr\n[\\fIOPTIONS\\fR]\n.br\n"
	      ".B fence_mpathpr_check\n.br\n"
	      ".B fence_mpathpr_check_hardreboot\n.SH DESCRIPTION\n", out);
	man_text(out, longdesc);
	fputs(".PP\nfence_mpathpr accepts options on the command line or, with no options, "
	      "name=value lines on standard input (the names are listed below); "
	      "lines starting with # are ignored.  Standard input is read whole before "
	      "anything is done: at most 256 KiB, lines of at most 4096 bytes, no NUL "
	      "byte; more, a NUL byte, an empty or unreadable input is refused with "
	      "exit status 1.  An unknown parameter is warned about (with the known "
	      "name it resembles) and ignored; Pacemaker's own (pcmk_*, CRM_meta_*, "
	      "nodeid, ...) are ignored silently.\n.SH PARAMETERS\n", out);
	for (i = 0; i < fence_params_count(); i++)
		if (!(fence_param_at(i)->flags & FENCE_PF_HIDDEN))
			man_parameter(out, fence_param_at(i));
	fputs(".SH ACTIONS\n", out);
	for (i = 0; i < ARRAY_SIZE(actions); i++) {
		fprintf(out, ".TP\n\\fB%s\\fR%s\n", actions[i].name,
			actions[i].on_target ? " (run on the target node, automatically)" : "");
		if (actions[i].desc)
			man_text(out, actions[i].desc);
	}
	fputs(time_budget, out);
	fputs(man_paths_later, out);
	fputs(man_watchdog, out);
	fputs(".SH EXIT STATUS\n0 success (status: registered), 1 error, "
	      "2 status: not registered.\n.PP\n"
	      "fence_mpathpr_check: 0 while the key is registered on a device of the store "
	      "(or the store is empty), 2 once fenced, 1 when the store or "
	      "/etc/sysconfig/stonith cannot be read or is refused; "
	      "fence_mpathpr_check_hardreboot reboots instead of exiting 2.\n"
	      ".SH FILES\n.TP\n.B store_path/mpath.devices\n"
	      "One \\(lqdevice<TAB>key\\(rq line per device the on action registered "
	      "this node's key on. The key is written the way fence_mpath writes it: "
	      "lowercase hex without 0x and without leading zeros (a1 for 0xa1), which is "
	      "what fence_mpath_check compares with mpathpersist's output. Keys with 0x "
	      "or leading zeros, as earlier fence_mpathpr versions wrote them, are read as "
	      "well and rewritten by the next on.\n"
	      ".PP\nThe store and /etc/sysconfig/stonith are used only when they are "
	      "regular files (not reached through a symbolic link) owned by root or by "
	      "the user the agent runs as, not writable by group or others, in a "
	      "directory that is not world-writable without the sticky bit; the store "
	      "holds at most 262144 entries and 16 MiB, and a line that is malformed, "
	      "holds a NUL byte or, last, does not end with a newline makes it unreadable "
	      "(the message names the file and the line).  In /etc/sysconfig/stonith, "
	      "retry is 0 to 100 and retry-sleep 0 to 600 seconds.\n"
	      ".SH SEE ALSO\n"
	      ".BR fence_mpath (8),\n.BR mpathprd (8),\n.BR multipath (8),\n"
	      ".BR multipath.conf (5),\n.BR stonith_admin (8),\n"
	      ".BR watchdog (8)\n", out);
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}

int fence_metadata_write_usage(FILE *out)
{
	char mixed[128];
	size_t i;

	fprintf(out, "Usage: %s [OPTIONS]\n%s\n(no options: name=value lines on standard "
		"input)\n\nOptions:\n", FENCE_AGENT_NAME, SHORTDESC);
	for (i = 0; i < fence_params_count(); i++) {
		const struct fence_param *p = fence_param_at(i);

		if (p->flags & (FENCE_PF_HIDDEN | FENCE_PF_NO_GETOPT) || !p->long_opt)
			continue;
		fprintf(out, "  %-34s %s\n", fence_param_getopt(p, mixed, sizeof(mixed)),
			p->shortdesc);
	}
	return fflush(out) != 0 || ferror(out) ? -EIO : 0;
}
