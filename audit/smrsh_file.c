/*
 * smrsh_file.c -- trust checks of one program file smrsh can run.
 *
 * The same rules hold for the target of a CMDDIR entry, the interpreter of
 * a script and the smrsh binary itself: root owns it, nobody else can
 * write it, and it gains no privileges (set-id bits, file capabilities)
 * that mail-controlled arguments could use.  Only the finding ids differ,
 * so the caller passes them in.  The SELinux context check is here too; it
 * also serves the program directory.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sys/capability.h>

#include "drift.h"
#include "fcaps.h"
#include "fsutil.h"
#include "jailctl.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "names.h"
#include "smrsh_audit.h"
#include "util.h"
#include "writable.h"

/*
 * Capabilities on the file that are not in `allowed` (cap_from_text form,
 * "none" or NULL for none).  Returns a malloc'd text of the file's set when
 * it exceeds the allowance, NULL when it does not.  *err gets -errno when
 * the set could not be read.
 */
static char *
caps_beyond(int fd, const char *allowed, int *err)
{
	cap_t have, ok = NULL;
	char *out = NULL;
	cap_value_t v;
	bool beyond = false;

	/* No set (or a file system without them) is not an error. */
	*err = fcaps_get(fd, &have);
	if (have == NULL)
		return NULL;
	/* An allowance libcap cannot parse allows nothing. */
	if (allowed != NULL)
		(void)fcaps_parse(allowed, &ok);
	if (ok == NULL)
		ok = cap_init();
	for (v = 0; v <= CAP_LAST_CAP && !beyond; v++) {
		static const cap_flag_t flags[] = {
			CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE,
		};
		size_t i;

		for (i = 0; i < 3; i++) {
			cap_flag_value_t h = CAP_CLEAR, o = CAP_CLEAR;

			(void)cap_get_flag(have, v, flags[i], &h);
			(void)cap_get_flag(ok, v, flags[i], &o);
			if (h == CAP_SET && o != CAP_SET)
				beyond = true;
		}
	}
	if (beyond) {
		char *t = cap_to_text(have, NULL);

		out = xstrdup(t ? t : "(unprintable)");
		cap_free(t);
	}
	cap_free(have);
	cap_free(ok);
	return out;
}

/*
 * Owner, write access, set-id bits and capabilities of an executable
 * (fd open for reading, st its fstat).  label starts each message.
 */
void
smrsh_check_file(struct audit *a, const struct file_ids *ids,
    const char *subject, const char *label, int fd, const struct stat *st,
    const char *allowed_caps)
{
	struct writable w;
	char *who, *caps, mode[8];
	int r;

	if (st->st_uid != 0) {
		who = names_user_text(a->ctx->names, st->st_uid);
		emit(a, ids->owner, SEV_HIGH, subject, "root", who,
		    "%s: owned by %s, who can change the program smrsh runs",
		    label, who);
		free(who);
	}
	r = writable_get(fd, st, &w);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read its ACL: %s", label, strerror(-r));
	if (writable_any(&w)) {
		who = writable_describe(&w, st, a->ctx->names);
		emit(a, ids->writable, SEV_HIGH, subject, NULL, who,
		    "%s: writable by %s, who can change the program smrsh runs",
		    label, who);
		free(who);
	}
	writable_free(&w);
	/* S_ISGID without group execute is mandatory locking, not set-gid. */
	if ((st->st_mode & S_ISUID) ||
	    ((st->st_mode & S_ISGID) && (st->st_mode & S_IXGRP))) {
		mode_string(st->st_mode, mode);
		emit(a, ids->setid, SEV_HIGH, subject, NULL, mode,
		    "%s: set-%s (mode %s): it runs with %s's privileges, "
		    "on arguments from mail", label,
		    (st->st_mode & S_ISUID) ? "uid" : "gid", mode,
		    (st->st_mode & S_ISUID) ? "its owner" : "its group");
	}
	caps = caps_beyond(fd, allowed_caps, &r);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, subject, NULL, NULL,
		    "%s: cannot read its file capabilities: %s", label,
		    strerror(-r));
	if (caps != NULL) {
		emit(a, ids->caps, SEV_HIGH, subject,
		    allowed_caps ? allowed_caps : "none", caps,
		    "%s: has file capabilities %s, privileges it gains on "
		    "every run", label, caps);
		free(caps);
	}
}

/* SELinux context, through the security-attribute module. */
void
smrsh_check_context(struct audit *a, int fd, const struct stat *st,
    const char *context, const char *path)
{
	struct drift_sink sink = { a->rep, DRIFT_VERIFY, false, NULL };
	struct secattrs attrs = { 0 };
	int r;

	if (context == NULL)
		return;
	if (!a->sc_tried) {
		a->sc_tried = true;
		a->sc = secattr_open(a->ctx, a->rep, &r);
		if (a->sc == NULL)
			emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, context,
			    NULL, "cannot check SELinux contexts: %s",
			    strerror(-r));
	}
	if (a->sc == NULL)
		return;
	/* Only the context: owner, mode and capabilities are judged here. */
	attrs.context = (char *)context;
	r = secattr_check(a->sc, &sink, fd, st, &attrs, path);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, path, context, NULL,
		    "cannot read the SELinux context: %s", strerror(-r));
}
