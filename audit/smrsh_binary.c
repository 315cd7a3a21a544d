/*
 * smrsh_binary.c -- the smrsh binary and the program directory built in.
 *
 * The prog mailer runs smrsh with root's help, so the binary gets the
 * trust checks of any program smrsh would run, plus the capabilities and
 * SELinux context the profile allows it.  Its bytes also tell which CMDDIR
 * it was compiled with (cmddir.h), which is compared with the directory
 * being audited: auditing the wrong directory checks nothing smrsh runs.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmddir.h"
#include "linkchain.h"
#include "profile.h"
#include "report.h"
#include "smrsh_audit.h"
#include "util.h"

static const struct file_ids binary_ids = {
	"smrsh.binary-owner", "smrsh.binary-writable", "smrsh.binary-setid",
	"smrsh.binary-caps",
};

/*
 * The binary the profile names; *scanned tells whether *scan now holds the
 * path strings found in it.
 */
void
smrsh_audit_binary(struct audit *a, struct cmddir_scan *scan, bool *scanned)
{
	struct lc_result res;
	struct stat st;
	const char *bin = a->sp->binary;
	char *label = NULL;
	int fd = -1, r;

	*scanned = false;
	if (bin == NULL) {
		emit(a, "smrsh.binary-unknown", SEV_INFO, NULL, NULL, NULL,
		    "the profile names no smrsh binary; it and the program "
		    "directory compiled into it were not checked");
		return;
	}
	r = smrsh_resolve(a, bin, 0, &res);
	if (r < 0) {
		emit(a, "smrsh.binary-missing", SEV_MEDIUM, bin, NULL, NULL,
		    "the smrsh binary path is not absolute");
		return;
	}
	label = smrsh_chain_text("the smrsh binary", &res);
	smrsh_flush_pending(a, bin, label);
	if (res.status != LC_OK) {
		emit(a, "smrsh.binary-missing", SEV_MEDIUM, bin, NULL, res.path,
		    "%s: %s %s: the prog mailer cannot run smrsh", label,
		    res.path, res.status == LC_ERROR ? strerror(-res.err) :
		    lc_status_text(res.status));
		goto out;
	}
	if (!S_ISREG(res.st.st_mode)) {
		emit(a, "smrsh.binary-type", SEV_MEDIUM, bin, "a regular file",
		    smrsh_kind_text(res.st.st_mode), "%s: is %s, not a program",
		    label, smrsh_kind_text(res.st.st_mode));
		goto out;
	}
	fd = smrsh_open_resolved(&res, &st);
	if (fd < 0) {
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, bin, NULL, NULL,
		    "%s: cannot open: %s", label, smrsh_open_error(fd));
		goto out;
	}
	smrsh_check_file(a, &binary_ids, bin, label, fd, &st,
	    a->sp->binary_attrs.caps);
	smrsh_check_context(a, fd, &st, a->sp->binary_attrs.context, res.path);
	r = cmddir_scan_fd(fd, scan);
	if (r < 0)
		emit(a, "smrsh.unexaminable", SEV_MEDIUM, bin, NULL, NULL,
		    "%s: cannot read it: %s", label, strerror(-r));
	else
		*scanned = true;
out:
	closep(&fd);
	free(label);
	linkchain_result_free(&res);
}

/*
 * Compare the compiled-in CMDDIR with the directory being audited.  The
 * audited directory appearing among the binary's path strings settles the
 * question (an unstripped binary can hold its build directory too, and
 * SUSE's CMDDIR is not named smrsh); otherwise every candidate is a
 * mismatch, and without candidates the directory is unknown.
 */
void
smrsh_compare_cmddir(struct audit *a, const struct cmddir_scan *scan)
{
	const char *bin = a->sp->binary;
	char *list = NULL, *n;
	size_t i;

	if (a->dir != NULL && cmddir_scan_has(scan, a->dir))
		return;
	if (scan->ncandidates == 0) {
		emit(a, "smrsh.cmddir-unknown", SEV_INFO, bin, a->dir, NULL,
		    "the program directory compiled into smrsh could not be "
		    "determined: %s is not among its %zu path strings and none "
		    "ends in /smrsh or /sm.bin; check with strings(1)",
		    a->dir ? a->dir : "no directory", scan->npaths);
		return;
	}
	if (a->dir == NULL)
		return;
	for (i = 0; i < scan->ncandidates; i++) {
		n = list ? xasprintf("%s, %s", list, scan->candidates[i]) :
		    xstrdup(scan->candidates[i]);
		free(list);
		list = n;
	}
	emit(a, "smrsh.cmddir-mismatch", SEV_HIGH, bin, a->dir, list,
	    "smrsh was built with program directory %s, but %s is the one "
	    "being audited: the programs smrsh really runs were not checked",
	    list, a->dir);
	free(list);
}

