/*
 * audit_forward.c -- `jailctl audit forward`: what every user's ~/.forward
 * will really do, as findings.
 *
 * The predictions are the model's (model/predict.h): for each passwd entry
 * (streamed; --user limits it) this file expands ForwardPath, takes the
 * first file include() would accept and says why the others are skipped,
 * reads every line as sendmail parses it, follows :include: files with
 * sendmail's duplicate suppression and its alias depth limit, and asks the
 * model what sendmail does with each entry for that user: a pipe (smrsh's
 * verdict, or a plain shell), a file (mailfile() under SafeFileEnvironment
 * or the *file* mailer's /=), a `\user` copy, an :include: someone else
 * owns.  What it adds is the finding: id, severity, the words, and the
 * budget one user's audit may cost.
 *
 * Finding ids and what they mean are listed in jailctl(8).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "audit.h"
#include "fsident.h"
#include "jailctl.h"
#include "predict.h"
#include "profile.h"
#include "report.h"
#include "safefile.h"
#include "dbent.h"
#include "util.h"

/* Distinct :include: files remembered per user (duplicate suppression). */
#define MAX_INCLUDES 256
/*
 * What one user's .forward and its includes may cost the audit, whatever
 * they hold: bytes read, entries judged, findings reported.  Far above
 * any real .forward or mailing-list include; past any of them the user's
 * audit stops and one forward.too-much finding says what was skipped.
 */
#define USER_MAX_BYTES (4 * 1024 * 1024)
#define USER_MAX_ENTRIES 20000
#define USER_MAX_FINDINGS 100

struct user;

struct run {
	struct context *ctx;
	struct report *rep;
	/* The entry being judged, as written: the key of its findings. */
	const char *key;
	struct sm_model m;		/* sendmail as configured under ROOT */
	struct user *user;		/* the user being audited, or NULL */
	/* forward_file_targets(): each file target goes here, not to rep. */
	fwd_target_fn *visit;
	void *visit_arg;
};

/* One recipient being audited. */
struct user {
	struct sm_recipient r;		/* the model's view of the user */
	char **includes;		/* :include: files seen (sendmail dedups) */
	size_t nincludes;
	unsigned refused;		/* program/file entries refused for ctl */
	/* The user's budget (USER_MAX_*): spent, and what was skipped. */
	size_t bytes;
	unsigned long entries, findings;
	bool stopped;			/* a bound was reached: skip the rest */
	unsigned long skipped_files, skipped_findings;
	size_t skipped_bytes;
};

/* Where an entry comes from, for messages. */
struct origin {
	const char *file;
	unsigned line;
	struct fi_ctl *ctl;		/* q_alias of the entries */
	unsigned *refused;
	const char *paddr;		/* q_paddr of the controlling address */
	int level;			/* aliaslevel of the entries */
};

/*
 * A finding; the message is printf-style.  While a user is audited
 * (run->user), the user's findings past USER_MAX_FINDINGS are counted,
 * not reported.  A .forward raises one id for several entries, so the
 * entry being judged (run->key) is the key.  The finding that says what
 * sendmail does with an entry carries the model's prediction (emitp).
 */
static void emitv(struct run *run, const json_t *pred, const char *id,
    enum severity sev, const char *path, const char *expected,
    const char *actual, const char *fmt, va_list ap)
    __attribute__((format(printf, 8, 0)));
static void emit(struct run *run, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void emitp(struct run *run, const json_t *pred, const char *id,
    enum severity sev, const char *path, const char *expected,
    const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static void
emitv(struct run *run, const json_t *pred, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, va_list ap)
{
	struct user *u = run->user;
	struct finding f = { id, sev, path, NULL, expected, actual, false,
	    false };
	char *msg;

	if (u != NULL && u->findings++ >= USER_MAX_FINDINGS) {
		u->skipped_findings++;
		return;
	}
	msg = xvasprintf(fmt, ap);
	f.message = msg;
	report_finding_predicted(run->rep, &f, run->key, pred);
	free(msg);
}

static void
emit(struct run *run, const char *id, enum severity sev, const char *path,
    const char *expected, const char *actual, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emitv(run, NULL, id, sev, path, expected, actual, fmt, ap);
	va_end(ap);
}

static void
emitp(struct run *run, const json_t *pred, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emitv(run, pred, id, sev, path, expected, actual, fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------------------- */
/* Predictions as JSON: the finding's "prediction" object.                 */

/* What every prediction says: whose entry, where, as written. */
static json_t *
prediction_new(const struct user *u, const struct origin *org,
    const struct fwd_entry *e, const char *delivery, const char *outcome)
{
	json_t *o = json_object();

	json_object_set_new(o, "user", report_json_text(u->r.pw.name));
	json_object_set_new(o, "file", report_json_text(org->file));
	json_object_set_new(o, "line", json_integer(org->line));
	json_object_set_new(o, "entry", report_json_text(e->raw));
	json_object_set_new(o, "delivery", json_string(delivery));
	json_object_set_new(o, "outcome", json_string(outcome));
	return o;
}

static void
set_refusal(json_t *o, const struct sm_refused *ref)
{
	json_object_set_new(o, "refusal", json_string(
	    ref->kind == SM_REFUSED_SHELL ? "shell" : "unsafe"));
	json_object_set_new(o, "bounce", report_json_text(ref->bounce));
	json_object_set_new(o, "reason", report_json_text(ref->why));
}

static const char *const pipe_outcomes[] = {
	[SM_PIPE_REFUSED] = "refused",
	[SM_PIPE_UNFILTERED] = "unfiltered",
	[SM_PIPE_NO_CMDDIR] = "unknown",
	[SM_PIPE_UNKNOWN] = "unknown",
	[SM_PIPE_SMRSH_REFUSES] = "smrsh-refuses",
	[SM_PIPE_RUNS] = "runs",
};

/*
 * A pipe: the prog mailer, the uid, the command ($u), whether it runs,
 * the programs, the string /bin/sh -c gets, why it is refused.
 */
static json_t *
pipe_prediction(const struct user *u, const struct origin *org,
    const struct fwd_entry *e, const struct sm_pipe *p)
{
	json_t *o = prediction_new(u, org, e, "pipe", pipe_outcomes[p->outcome]);
	const struct smrsh_verdict *v = &p->verdict;

	json_object_set_new(o, "mailer", report_json_text(p->mailer));
	json_object_set_new(o, "uid", json_integer(p->uid));
	json_object_set_new(o, "command", report_json_text(e->target));
	json_object_set_new(o, "allowed", json_boolean(
	    p->outcome == SM_PIPE_RUNS || p->outcome == SM_PIPE_UNFILTERED));
	if (p->outcome == SM_PIPE_RUNS)
		json_object_set_new(o, "runs",
		    report_json_list_n(v->runs, v->nruns));
	else if (p->outcome == SM_PIPE_UNFILTERED)
		json_object_set_new(o, "runs", report_json_list_n((char *const *)
		    &p->mailer, 1));
	else
		json_object_set_new(o, "runs", json_array());
	json_object_set_new(o, "sh_c", report_json_text(p->sh_c));
	if (p->outcome == SM_PIPE_REFUSED)
		set_refusal(o, &p->refused);
	else if (p->outcome == SM_PIPE_SMRSH_REFUSES) {
		json_object_set_new(o, "reason", report_json_text(v->message));
		json_object_set_new(o, "exit", json_integer(v->exit_status));
	} else
		json_object_set_new(o, "reason", json_null());
	if (p->outcome == SM_PIPE_RUNS)
		json_object_set_new(o, "warnings", report_json_list_n(v->warnings,
		    v->nwarnings));
	return o;
}

/*
 * A file: what mailfile() does (creates, appends, fails -- transient or
 * not --, discards, writes a non-regular file), the target inside ROOT,
 * the uid and gid, the mode of a new file before sendmail's umask.
 */
static json_t *
file_prediction(const struct user *u, const struct origin *org,
    const struct fwd_entry *e, const struct sm_file *p)
{
	const struct ft_result *res = &p->res;
	const char *outcome;
	bool resolved = p->outcome >= SM_FILE_DISCARDED;
	json_t *o;

	switch (p->outcome) {
	case SM_FILE_REFUSED:		outcome = "refused"; break;
	case SM_FILE_EMPTY_NAME:
	case SM_FILE_BAD_IDENTITY:
	case SM_FILE_FAILS:		outcome = "fails"; break;
	case SM_FILE_DISCARDED:		outcome = "discarded"; break;
	case SM_FILE_SPECIAL:		outcome = "special"; break;
	case SM_FILE_WRITES:
		outcome = res->create ? "creates" : "appends";
		break;
	default:			outcome = "unknown"; break;
	}
	o = prediction_new(u, org, e, "file", outcome);
	json_object_set_new(o, "filename", report_json_text(p->filename));
	json_object_set_new(o, "target", resolved && !res->devnull ?
	    report_json_text(res->target) : json_null());
	json_object_set_new(o, "uid", json_integer(p->id.uid));
	json_object_set_new(o, "gid", json_integer(p->id.gid));
	if (p->outcome == SM_FILE_WRITES && res->create) {
		char mode[8];

		snprintf(mode, sizeof(mode), "%04o", (unsigned)res->create_mode);
		json_object_set_new(o, "mode", json_string(mode));
	}
	if (p->outcome == SM_FILE_REFUSED)
		set_refusal(o, &p->refused);
	if (strcmp(outcome, "fails") == 0) {
		json_object_set_new(o, "transient", json_boolean(
		    p->outcome == SM_FILE_BAD_IDENTITY ||
		    (p->outcome == SM_FILE_FAILS && res->transient)));
		json_object_set_new(o, "reason", report_json_text(
		    p->outcome == SM_FILE_EMPTY_NAME ?
		    "empty filename specification" : p->why));
	}
	if (p->outcome == SM_FILE_SPECIAL)
		json_object_set_new(o, "reason", report_json_text(res->special));
	return o;
}

/* ---------------------------------------------------------------------- */
/* Set-up: the model.                                                      */

static int
setup(struct run *run, struct context *ctx, struct report *rep)
{
	const char *cfpath = ctx->opt.cf;
	const char *cmddir = ctx->opt.smrsh_dir;
	int r;

	memset(run, 0, sizeof(*run));
	run->ctx = ctx;
	run->rep = rep;
	if (cfpath == NULL && ctx->profile != NULL)
		cfpath = ctx->profile->sendmail_cf;
	if (cfpath == NULL)
		cfpath = "/etc/mail/sendmail.cf";
	if (cmddir == NULL && ctx->profile != NULL)
		cmddir = ctx->profile->smrsh.dir;
	r = sm_model_open(&run->m, ctx->root_fd, ctx->real_root, cfpath, cmddir);
	if (r < 0) {
		/*
		 * Without sendmail.cf nothing about a .forward can be
		 * predicted (ForwardPath, the prog mailer, the jail): a
		 * finding that names the file, not an unexplained error.
		 */
		report_findingf(rep, "forward.no-config", SEV_MEDIUM, cfpath, NULL,
		    cf_refusal(r), "sendmail.cf cannot be read, so no .forward can be "
		    "audited");
		return 1;
	}
	return 0;
}

static void
teardown(struct run *run)
{
	sm_model_close(&run->m);
}

/* ---------------------------------------------------------------------- */
/* Per user.                                                               */

static void
user_clear(struct user *u)
{
	size_t i;

	sm_recipient_clear(&u->r);
	for (i = 0; i < u->nincludes; i++)
		free(u->includes[i]);
	free(u->includes);
	memset(u, 0, sizeof(*u));
}

static bool
include_seen(struct user *u, const char *path)
{
	size_t i;

	for (i = 0; i < u->nincludes; i++)
		if (strcmp(u->includes[i], path) == 0)
			return true;
	return false;
}

static void audit_contents(struct run *run, struct user *u,
    const struct origin *org, const struct fi_file *file, bool forwarding);

/* ---------------------------------------------------------------------- */
/* Entries.                                                                */


/*
 * A program or file entry that recipient() refuses for its controlling
 * address (bad shell, or marked unsafe).  Returns true if refused.
 */
static bool
report_refusal(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e, const struct sm_refused *ref,
    const json_t *pred)
{
	if (ref->kind == SM_ACCEPTED)
		return false;
	if (ref->kind == SM_REFUSED_SHELL)
		emitp(run, pred, "forward.bad-shell", SEV_MEDIUM, org->file, NULL,
		    ref->bounce, "user %s, line %u: `%s` is refused: %s; the "
		    "bounce says: %s ($j is %s: %s)", u->r.pw.name, org->line,
		    e->raw, ref->why, ref->bounce, run->m.host,
		    run->m.host_source);
	else
		emitp(run, pred, "forward.unsafe-user", SEV_MEDIUM, org->file,
		    NULL, ref->bounce, "user %s, line %u: `%s` is refused because "
		    "sendmail marked %s unsafe (%s); the bounce says: %s",
		    u->r.pw.name, org->line, e->raw, org->paddr, ref->why,
		    ref->bounce);
	(*org->refused)++;
	return true;
}

static struct sm_source
source_of(const struct origin *org)
{
	struct sm_source s = { org->ctl, org->paddr };

	return s;
}

static void
audit_pipe(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct sm_source src = source_of(org);
	struct sm_pipe p;
	const struct smrsh_verdict *v = &p.verdict;
	json_t *pred;
	size_t i;

	sm_predict_pipe(&run->m, &u->r, &src, e->target, &p);
	pred = pipe_prediction(u, org, e, &p);
	switch (p.outcome) {
	case SM_PIPE_REFUSED:
		(void)report_refusal(run, u, org, e, &p.refused, pred);
		break;
	case SM_PIPE_UNFILTERED:
		emitp(run, pred, "forward.pipe-no-smrsh", SEV_HIGH, org->file, NULL,
		    e->target, "user %s, line %u: `%s` runs an arbitrary shell "
		    "command as uid %lu: the prog mailer is %s, not smrsh, and "
		    "gets `%s`", u->r.pw.name, org->line, e->raw,
		    (unsigned long)p.uid, p.mailer, e->target);
		break;
	case SM_PIPE_NO_CMDDIR:
		emitp(run, pred, "forward.pipe-unknown", SEV_LOW, org->file,
		    NULL, NULL, "user %s, line %u: `%s`: the smrsh program directory is not "
		    "known (profile or --smrsh-dir), so smrsh's verdict cannot be "
		    "predicted", u->r.pw.name, org->line, e->raw);
		break;
	case SM_PIPE_UNKNOWN:
		emitp(run, pred, "forward.pipe-unknown", SEV_LOW, org->file,
		    NULL, NULL, "user %s, line %u: `%s`: smrsh's verdict cannot "
		    "be predicted: "
		    "%s", u->r.pw.name, org->line, e->raw, strerror(-p.error));
		break;
	case SM_PIPE_SMRSH_REFUSES: {
		char *bounce = xasprintf("%s / 554 5.0.0 Service unavailable",
		    v->message ? v->message : "");

		emitp(run, pred, "forward.pipe-refused", SEV_MEDIUM, org->file, NULL,
		    bounce, "user %s, line %u: smrsh refuses `%s` (exit %d): the "
		    "message bounces with \"%s\"", u->r.pw.name, org->line, e->raw,
		    v->exit_status, v->message ? v->message : "");
		free(bounce);
		break;
	}
	case SM_PIPE_RUNS: {
		char *runs = NULL;

		for (i = 0; i < v->nruns; i++) {
			char *t = xasprintf("%s%s%s", runs ? runs : "",
			    runs ? ", " : "", v->runs[i]);

			free(runs);
			runs = t;
		}
		emitp(run, pred, "forward.pipe-runs", SEV_INFO, org->file, NULL,
		    v->shell_command, "user %s, line %u: `%s` runs %s as uid %lu "
		    "(/bin/sh -c `%s`)", u->r.pw.name, org->line, e->raw,
		    runs ? runs : p.runs_nothing ? "nothing" :
		    "only shell built-ins", (unsigned long)p.uid,
		    v->shell_command ? v->shell_command : "");
		free(runs);
		for (i = 0; i < p.ndiffers; i++) {
			const struct sm_path_differs *d = &p.differs[i];

			if (!d->exists)
				emit(run, "forward.pipe-path-differs", SEV_INFO,
				    org->file, d->written, d->runs, "user %s, line "
				    "%u: `%s` names %s, which does not exist here; "
				    "smrsh ignores the directory and runs %s",
				    u->r.pw.name, org->line, e->raw, d->written,
				    d->runs);
			else
				emit(run, "forward.pipe-path-differs", SEV_LOW,
				    org->file, d->written, d->runs, "user %s, line "
				    "%u: `%s` names %s, but smrsh ignores the "
				    "directory and runs %s, a different file",
				    u->r.pw.name, org->line, e->raw, d->written,
				    d->runs);
		}
		for (i = 0; i < v->nwarnings; i++) {
			/* said above, once, as pipe-path-differs */
			if (v->warning_kinds[i] == SMRSH_WARN_PATH)
				continue;
			emit(run, "forward.pipe-warning",
			    v->warning_kinds[i] == SMRSH_WARN_NOTE ? SEV_INFO :
			    SEV_LOW, org->file, NULL, NULL, "user %s, line %u: "
			    "`%s`: %s", u->r.pw.name, org->line, e->raw,
			    v->warnings[i]);
		}
		break;
	}
	}
	json_decref(pred);
	sm_pipe_free(&p);
}

static void
audit_file(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	const struct cf_mailer *fm = &run->m.cf->file_mailer;
	struct sm_source src = source_of(org);
	struct sm_file p;
	const struct ft_result *res = &p.res;
	const char *name = u->r.pw.name;
	json_t *pred;

	sm_predict_file(&run->m, &u->r, &src, e->target, &p);
	if (run->visit != NULL && p.outcome >= SM_FILE_DISCARDED) {
		if (!res->devnull)
			run->visit(run->visit_arg, name, u->r.pw.uid,
			    u->r.pw.gid, res->target);
		sm_file_free(&p);
		return;
	}
	pred = file_prediction(u, org, e, &p);
	switch (p.outcome) {
	case SM_FILE_REFUSED:
		(void)report_refusal(run, u, org, e, &p.refused, pred);
		break;
	case SM_FILE_NOT_FILE_MAILER:
		emit(run, "forward.unreadable", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: the *file* mailer (line %u) has "
		    "P=%s, not [FILE]: sendmail runs that program instead of "
		    "writing a file, which is not predicted", name,
		    org->line, e->raw, fm->line, fm->path);
		break;
	case SM_FILE_EMPTY_NAME:
		emitp(run, pred, "forward.file-fails", SEV_MEDIUM, org->file, NULL,
		    "empty filename specification", "user %s, line %u: `%s` "
		    "fails: the *file* mailer's A= (line %u) gives an empty file "
		    "name (\"empty filename specification for mailer %s\")",
		    name, org->line, e->raw, fm->line, fm->name);
		break;
	case SM_FILE_ROOTDIR_RELATIVE:
		emit(run, "forward.unreadable", SEV_LOW, org->file, NULL,
		    NULL, "user %s, line %u: `%s`: the *file* mailer's /=%s "
		    "(line %u) is relative to sendmail's queue directory; "
		    "the delivery is not predicted", name, org->line,
		    e->raw, p.rootdir, fm->line);
		break;
	case SM_FILE_BAD_IDENTITY:
		emitp(run, pred, "forward.file-fails", SEV_MEDIUM, org->file, NULL, p.why,
		    "user %s, line %u: writing %s for `%s` fails with \"a "
		    "temporary error, the message stays queued\" (the bounce "
		    "gives no reason): %s", name, org->line, p.filename,
		    e->raw, p.why);
		break;
	case SM_FILE_UNKNOWN:
		emit(run, "forward.unreadable", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: `%s`: the delivery cannot be predicted: %s",
		    name, org->line, e->raw, strerror(-p.error));
		break;
	case SM_FILE_DISCARDED:
		emitp(run, pred, "forward.file-target", SEV_INFO, org->file, NULL,
		    "/dev/null", "user %s, line %u: `%s` discards the message",
		    name, org->line, e->raw);
		break;
	case SM_FILE_FAILS:
	case SM_FILE_SPECIAL:
	case SM_FILE_WRITES:
		if (res->odd_prefix)
			emit(run, "forward.file-prefix", SEV_MEDIUM, org->file,
			    p.filename, res->target, "user %s, line %u: `%s` starts "
			    "with the %s %s only as a string: sendmail strips those "
			    "bytes and writes %s", name, org->line, e->raw,
			    p.jail_word, res->jail, res->target);
		if (p.outcome == SM_FILE_FAILS) {
			emitp(run, pred, "forward.file-fails", SEV_MEDIUM, org->file, NULL,
			    p.why, "user %s, line %u: writing %s for `%s` fails "
			    "with \"%s\" (the bounce gives no reason): %s", name,
			    org->line, res->target, e->raw, res->transient ?
			    "a temporary error, the message stays queued" :
			    "550 5.0.0 Can't create output", p.why);
		} else if (p.outcome == SM_FILE_SPECIAL) {
			emitp(run, pred, "forward.file-special", SEV_MEDIUM, org->file,
			    p.filename, res->target, "user %s, line %u: `%s`: no "
			    "SafeFileEnvironment is in force, so sendmail opens a "
			    "file that is not a regular file, as uid %lu: %s",
			    name, org->line, e->raw, (unsigned long)p.id.uid,
			    res->special);
		} else {
			char mode[64] = "";
			bool moved = res->relocated && !res->odd_prefix;

			if (res->create)
				snprintf(mode, sizeof(mode), ", mode %04o less "
				    "sendmail's umask", (unsigned)res->create_mode);
			emitp(run, pred, "forward.file-target", SEV_INFO, org->file,
			    p.filename, res->target, "user %s, line %u: `%s` %s %s "
			    "as uid %lu%s%s%s%s", name, org->line, e->raw,
			    res->create ? "creates" : "appends to", res->target,
			    (unsigned long)p.id.uid, mode, moved ? " (the path is "
			    "taken inside the " : "", moved ? p.jail_word : "",
			    moved ? ")" : "");
		}
		break;
	}
	json_decref(pred);
	sm_file_free(&p);
}


/*
 * Not root, the audit reads as the auditor, not as the file's owner: a
 * file the auditor may not read says nothing about what sendmail -- which
 * reads it as the user -- can do with it.
 */
static bool
auditor_blind(int r)
{
	return (r == EACCES || r == EPERM) && !fsid_possible();
}

/*
 * `\user`: a copy in the user's own mailbox, through the local mailer,
 * with no alias or .forward lookup: where it goes.
 */
static void
audit_local_copy(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct sm_local_copy p;
	const struct cf_mailer *m;
	json_t *pred;

	sm_predict_local_copy(&run->m, e->target, &p);
	m = p.mailer;
	pred = prediction_new(u, org, e, "local-copy", p.no_mailer ?
	    "no-mailer" : "delivers");
	json_object_set_new(pred, "to", report_json_text(e->target));
	json_object_set_new(pred, "mailer", report_json_text(m->path));
	json_object_set_new(pred, "argv", report_json_text(p.argv));
	if (p.no_mailer)
		emitp(run, pred, "forward.local-copy", SEV_MEDIUM, org->file, NULL,
		    e->target, "user %s, line %u: `%s` asks for a copy in %s's "
		    "own mailbox, but sendmail.cf defines no local mailer: "
		    "sendmail cannot deliver it", u->r.pw.name, org->line, e->raw,
		    e->target);
	else
		emitp(run, pred, "forward.local-copy", SEV_INFO, org->file, NULL,
		    e->target, "user %s, line %u: `%s` also delivers a copy to "
		    "%s's own mailbox, with no alias or .forward lookup for %s: "
		    "the local mailer (line %u) runs %s as `%s`%s%s%s",
		    u->r.pw.name, org->line, e->raw, e->target, e->target,
		    m->line, m->path != NULL ? m->path : "?",
		    p.argv != NULL ? p.argv : "", p.where != NULL ? p.where : "",
		    m->rootdir != NULL ? ", chrooted to " : "",
		    m->rootdir != NULL ? m->rootdir : "");
	json_decref(pred);
	sm_local_copy_free(&p);
}


/* "carol (uid 1003)" from ROOT's passwd, or "uid 1003". */
static char *
user_text(struct run *run, uid_t uid)
{
	struct pw_copy pw = { 0 };
	char *t;

	if (pw_cache_find_uid(run->m.fi.owners, uid, &pw) == 0 && pw.name != NULL)
		t = xasprintf("%s (uid %lu)", pw.name, (unsigned long)uid);
	else
		t = xasprintf("uid %lu", (unsigned long)uid);
	pw_copy_clear(&pw);
	return t;
}

/*
 * An :include: named from a .forward runs its programs and writes its
 * files as the .forward user, whoever owns it: its owner decides what
 * runs in this user's name.  Root or TrustedUser: medium; anyone else:
 * high.
 */
static void
include_owner(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e, const struct stat *st)
{
	bool trusted;
	char *owner, *self;

	if (!sm_include_foreign(&run->m, &u->r, st, &trusted))
		return;
	owner = user_text(run, st->st_uid);
	self = xasprintf("%s (uid %lu)", u->r.pw.name, (unsigned long)u->r.pw.uid);
	emit(run, "forward.include-owner", trusted ? SEV_MEDIUM : SEV_HIGH,
	    org->file, u->r.pw.name, owner, "user %s, line %u: `%s` belongs to "
	    "%s%s: its programs and files run as %s, so %s decides what "
	    "runs in %s's name", u->r.pw.name, org->line, e->raw, owner,
	    st->st_uid != 0 && trusted ? ", the TrustedUser" : "",
	    self, owner, u->r.pw.name);
	free(owner);
	free(self);
}


static void
audit_include(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e)
{
	struct fi_user ca = sm_recipient_ca(&u->r);
	const char *path = e->target;
	struct fi_ctl ctl;
	struct fi_file file;
	struct origin sub;
	unsigned refused = 0;
	char *where = NULL;
	int r;

	if (path[0] != '/') {
		emit(run, "forward.include-relative", SEV_MEDIUM, org->file, NULL,
		    path, "user %s, line %u: `%s` names a relative path: sendmail "
		    "opens it relative to its queue directory", u->r.pw.name,
		    org->line, e->raw);
		return;
	}
	if (include_seen(u, path)) {
		emit(run, "forward.include-loop", SEV_LOW, org->file, NULL, path,
		    "user %s, line %u: `%s` was already included: sendmail "
		    "suppresses the duplicate and does not read it again",
		    u->r.pw.name, org->line, e->raw);
		return;
	}
	if (u->stopped || u->bytes >= USER_MAX_BYTES) {
		/* not even read: the user's budget is spent */
		u->skipped_files++;
		u->stopped = true;
		return;
	}
	if (u->nincludes >= MAX_INCLUDES) {
		emit(run, "forward.too-large", SEV_LOW, org->file, NULL, NULL,
		    "user %s, line %u: more than %d :include: files; the rest is "
		    "not audited", u->r.pw.name, org->line, MAX_INCLUDES);
		return;
	}
	u->includes = xrealloc(u->includes, (u->nincludes + 1) * sizeof(char *));
	u->includes[u->nincludes++] = xstrdup(path);

	fi_ctl_init(&ctl, NULL, u->r.pw.uid, false);
	r = fi_include(&run->m.fi, &ca, path, false, &ctl, &file, &where);
	if (r < 0) {
		emit(run, "forward.unreadable", SEV_LOW, path, NULL, NULL,
		    "user %s: %s cannot be audited: %s", u->r.pw.name, path,
		    strerror(-r));
	} else if (auditor_blind(r)) {
		emit(run, "forward.unreadable", SEV_LOW, path, NULL, sf_errstring(r),
		    "user %s, line %u: the auditor could not read %s (%s); "
		    "sendmail reads it as %s, so it is not known whether it can",
		    u->r.pw.name, org->line, path, sf_errstring(r), u->r.pw.name);
	} else if (r > 0) {
		bool t = sf_transient(r);
		char *bounce = xasprintf("%s Cannot open %s: %s",
		    t ? "451 4.2.4" : "550 5.2.4", path, sf_errstring(r));

		if (where != NULL && strcmp(where, path) == 0) {
			free(where);
			where = NULL;
		}
		emit(run, "forward.include-failed", SEV_MEDIUM, org->file, NULL,
		    bounce, "user %s, line %u: `%s` cannot be used%s%s%s: %s",
		    u->r.pw.name, org->line, e->raw, where ? " (at " : "",
		    where ? where : "", where ? ")" : "", bounce);
		free(bounce);
	} else {
		/* with the owner's shell refused (or the file unsafe),
		 * no program or file of it runs: bad-shell says so */
		if (!ctl.bogus_shell && !ctl.unsafe)
			include_owner(run, u, org, e, &file.st);
		sub.file = path;
		sub.line = 0;
		sub.ctl = &ctl;
		sub.refused = &refused;
		sub.paddr = e->raw;
		sub.level = org->level + 1;
		audit_contents(run, u, &sub, &file, false);
		if (ctl.unsafe && refused == 0)
			emit(run, "forward.unsafe-user", SEV_LOW, path, NULL, NULL,
			    "user %s: sendmail marks `%s` unsafe (%s); it has no "
			    "program or file entries now, but any it gets will be "
			    "refused", u->r.pw.name, e->raw, ctl.unsafe_why[0]);
		fi_file_free(&file);
	}
	free(where);
	fi_ctl_clear(&ctl);
}

static void
audit_entry(struct run *run, struct user *u, const struct origin *org,
    const struct fwd_entry *e, bool first, bool indented)
{
	if (e->dropped) {
		/* a lone "(comment)" is skipped silently, as it should be */
		if (e->error != NULL)
			emit(run, "forward.syntax", SEV_MEDIUM, org->file, NULL,
			    e->error, "user %s, line %u: sendmail rejects `%s` and "
			    "skips it: %s", u->r.pw.name, org->line, e->raw, e->error);
		return;
	}
	if (e->kind == FWD_BAD) {
		emit(run, "forward.syntax", SEV_MEDIUM, org->file, NULL, e->error,
		    "user %s, line %u: `%s` bounces: %s", u->r.pw.name, org->line,
		    e->raw, e->error ? e->error : "bad address");
		return;
	}
	/* recipient(): "aliaslevel > MaxAliasRecursion" */
	if (org->level > run->m.cf->max_alias_recursion) {
		char src[64];

		if (run->m.cf->max_alias_recursion_line > 0)
			snprintf(src, sizeof(src), "line %u of sendmail.cf",
			    run->m.cf->max_alias_recursion_line);
		else
			snprintf(src, sizeof(src), "sendmail's default");
		emit(run, "forward.include-depth", SEV_MEDIUM, org->file, NULL,
		    NULL, "user %s, line %u: `%s` is %d :include: levels deep "
		    "and MaxAliasRecursion is %ld (%s): sendmail bounces it with "
		    "\"554 aliasing/forwarding loop broken (%d aliases deep; %ld "
		    "max)\"", u->r.pw.name, org->line, e->raw, org->level - 1,
		    run->m.cf->max_alias_recursion, src, org->level,
		    run->m.cf->max_alias_recursion);
		return;
	}
	if (e->error != NULL)
		emit(run, "forward.syntax", SEV_LOW, org->file, NULL, e->error,
		    "user %s, line %u: sendmail complains about `%s` (%s) and "
		    "uses it as `%s`", u->r.pw.name, org->line, e->raw, e->error,
		    e->user ? e->user : "");

	if (e->starts_comment) {
		const char *id = first && indented ? "forward.indented-comment" :
		    "forward.trailing-comment";
		const char *what = first && indented ? "an indented comment" :
		    "a comment after a comma";

		if (e->kind == FWD_REMOTE)
			emit(run, id, SEV_MEDIUM, org->file, NULL, e->user,
			    "user %s, line %u: `%s` is %s, which sendmail reads as "
			    "an address: a copy goes to `%s` at %s", u->r.pw.name,
			    org->line, e->raw, what, e->user, e->target);
		else
			emit(run, id, SEV_MEDIUM, org->file, NULL, e->target,
			    "user %s, line %u: `%s` is %s, which sendmail reads as "
			    "the address `%s`: that part bounces with \"User "
			    "unknown\"", u->r.pw.name, org->line, e->raw, what,
			    e->target);
		return;
	}
	if (e->looks_special && e->kind == FWD_REMOTE) {
		emit(run, "forward.unquoted", SEV_HIGH, org->file, NULL, e->user,
		    "user %s, line %u: `%s` has an unquoted '%c': sendmail mails "
		    "the message to `%s` at %s instead; write it in double "
		    "quotes", u->r.pw.name, org->line, e->raw, e->remote_op,
		    e->user, e->target);
		return;
	}
	if (e->looks_special && e->kind == FWD_LOCAL && e->list_syntax) {
		emit(run, "forward.unquoted", SEV_MEDIUM, org->file, NULL,
		    e->target, "user %s, line %u: `%s` has an unquoted ':': "
		    "sendmail reads the text up to it as list syntax and drops "
		    "it, leaving the local address `%s`; write it in double "
		    "quotes", u->r.pw.name, org->line, e->raw, e->target);
		return;
	}
	if (e->glued_comment) {
		emit(run, "forward.trailing-comment", SEV_MEDIUM, org->file, NULL,
		    e->target ? e->target : e->user, "user %s, line %u: the "
		    "comment in `%s` is part of the entry: sendmail uses `%s`",
		    u->r.pw.name, org->line, e->raw,
		    e->target ? e->target : e->user);
	} else if (e->looks_special && e->naive != NULL &&
	    strcmp(e->naive, e->target) != 0 &&
	    (e->kind == FWD_PROG || e->kind == FWD_FILE ||
	    e->kind == FWD_INCLUDE)) {
		char *why = sm_file_flags_change(&run->m, e);

		if (why != NULL)
			emit(run, "forward.unquoted", SEV_MEDIUM, org->file,
			    e->naive, e->target, "user %s, line %u: `%s`: the "
			    "*file* mailer (F=%s, line %u) %s: sendmail makes it "
			    "`%s`", u->r.pw.name, org->line, e->raw,
			    run->m.cf->file_mailer.flags, run->m.cf->file_mailer.line,
			    why, e->target);
		else
			emit(run, "forward.unquoted", SEV_MEDIUM, org->file,
			    e->naive, e->target, "user %s, line %u: `%s` is not "
			    "(entirely) in double quotes: sendmail makes it `%s`",
			    u->r.pw.name, org->line, e->raw, e->target);
		free(why);
	}

	switch (e->kind) {
	case FWD_PROG:
		audit_pipe(run, u, org, e);
		break;
	case FWD_FILE:
		audit_file(run, u, org, e);
		break;
	case FWD_INCLUDE:
		audit_include(run, u, org, e);
		break;
	case FWD_LOCAL:
		if (e->backslash)
			audit_local_copy(run, u, org, e);
		break;
	default:
		break;
	}
}

static void
audit_contents(struct run *run, struct user *u, const struct origin *org,
    const struct fi_file *file, bool forwarding)
{
	struct fwd_reader rd;
	char line[FWD_MAXLINE];
	struct origin here = *org;
	long count = 0, max = run->m.cf->max_forward_entries;
	bool cut, was_cut = false;

	if (file->truncated)
		emit(run, "forward.too-large", SEV_LOW, org->file, NULL, NULL,
		    "user %s: %s is larger than %d bytes; only the start is "
		    "audited", u->r.pw.name, org->file, SM_READ_CAP);
	size_t len = file->len;
	bool cut_here = false;

	if (u->stopped || u->bytes >= USER_MAX_BYTES) {
		u->skipped_files++;
		u->stopped = true;
		return;
	}
	if (len > USER_MAX_BYTES - u->bytes) {
		/* this much is still audited; then the user's audit stops */
		len = USER_MAX_BYTES - u->bytes;
		u->skipped_bytes += file->len - len;
		cut_here = true;
	}
	u->bytes += len;
	fwd_reader_init(&rd, file->data, len);
	for (;;) {
		struct fwd_entry e;
		size_t pos = 0, at = rd.pos;
		bool first = true, indented;

		if (!fwd_reader_next(&rd, line, &cut))
			break;
		if (u->stopped || u->entries >= USER_MAX_ENTRIES) {
			u->skipped_bytes += len - at;
			u->stopped = true;
			break;
		}

		here.line = rd.lineno;
		if (cut && !was_cut)
			emit(run, "forward.long-line", SEV_MEDIUM, org->file, NULL,
			    NULL, "user %s, line %u: longer than %d bytes: sendmail "
			    "cuts it there and reads the rest as a line of its own",
			    u->r.pw.name, rd.lineno, FWD_MAXLINE - 1);
		was_cut = cut;
		if (!fwd_line_prepare(line))
			continue;
		indented = isspace((unsigned char)line[0]);
		while (fwd_next_entry(&run->m.syn, line, &pos, &e)) {
			u->entries++;
			if (!e.dropped)
				count++;
			const char *outer = run->key;

			run->key = e.raw;
			audit_entry(run, u, &here, &e, first, indented);
			run->key = outer;
			first = false;
			fwd_entry_clear(&e);
		}
		if (forwarding && max > 0 && count >= max) {
			emit(run, "forward.max-entries", SEV_LOW, org->file, NULL,
			    NULL, "user %s, line %u: MaxForwardEntries (%ld) "
			    "reached: sendmail stops reading %s here", u->r.pw.name,
			    rd.lineno, max, org->file);
			break;
		}
	}
	if (cut_here)
		u->stopped = true;
}

/* The one finding that says what a user's budget left out. */
static void
too_much(struct run *run, const struct user *u)
{
	char *skipped = xasprintf("%zu bytes, %lu files and %lu findings",
	    u->skipped_bytes, u->skipped_files, u->skipped_findings);

	emit(run, "forward.too-much", SEV_MEDIUM, NULL, NULL, skipped,
	    "user %s: the audit of one user stops at %d MiB read, %d entries "
	    "judged or %d findings; not audited: %zu more bytes and %lu more "
	    "files; not reported: %lu more findings", u->r.pw.name,
	    USER_MAX_BYTES >> 20, USER_MAX_ENTRIES, USER_MAX_FINDINGS,
	    u->skipped_bytes, u->skipped_files, u->skipped_findings);
	free(skipped);
}

/* forward(): try each ForwardPath file until include() accepts one. */
static int
audit_user(struct run *run, const struct passwd *pw)
{
	const char *fp = run->m.cf->forward_path ? run->m.cf->forward_path :
	    "$z/.forward";
	struct user u = { 0 };
	char **paths = NULL;
	struct candidate {
		int r;
		struct fi_file file;
		char *where;
	} *tried = NULL;
	size_t npaths = 0, ntried = 0, i;
	const char *home;
	bool any = false, transient = false, used = false;
	int r = 0;

	sm_recipient_init(&u.r, pw);
	run->user = &u;
	/* "/" is "", and no home at all is "/no/such/directory" */
	if (u.r.pw.dir[0] == '\0') {
		emit(run, "forward.no-home", SEV_LOW, NULL, NULL, NULL,
		    "user %s has no home directory: every delivery to it logs "
		    "\"554 5.3.0 forward: no home\" and looks for "
		    "/no/such/directory/.forward", u.r.pw.name);
		home = "/no/such/directory";
	} else if (strcmp(u.r.pw.dir, "/") == 0)
		home = "";
	else
		home = u.r.pw.dir;

	for (const char *p = fp; p != NULL;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		char *path = sm_expand(&run->m, u.r.pw.name, home, p, len);
		struct stat st;

		p = colon ? colon + 1 : NULL;
		/* empty expansions are skipped; relative ones were reported */
		if (path[0] != '/') {
			free(path);
			continue;
		}
		paths = xrealloc(paths, (npaths + 1) * sizeof(char *));
		paths[npaths++] = path;
		/*
		 * A file that is not there changes nothing anywhere below.  Only
		 * the name itself is looked at (lstat): what a symlink points to
		 * is judged as the user, never looked up as root.
		 */
		if (sf_lookup(&run->m.fi.sf, path, false, &st) != ENOENT)
			any = true;
	}
	if (!any)
		goto out;

	sm_recipient_resolve(&run->m, &u.r);

	/*
	 * include() for each candidate until one is used, in one identity
	 * switch (fi_hold()); then, as root, what each outcome means.
	 */
	tried = xcalloc(npaths + 1, sizeof(*tried));
	{
		struct fi_user ca = sm_recipient_ca(&u.r);
		struct fsid_saved held;

		fi_hold(&run->m.fi, &ca, &held);
		for (ntried = 0; ntried < npaths; ntried++) {
			struct candidate *c = &tried[ntried];

			c->r = fi_include(&run->m.fi, &ca, paths[ntried], true,
			    &u.r.ctl, &c->file, &c->where);
			if (c->r == 0) {
				ntried++;
				break;
			}
		}
		fi_release(&held);
	}
	for (i = 0; i < ntried; i++) {
		struct fi_file *file = &tried[i].file;
		struct stat st;
		char *where = tried[i].where;

		r = tried[i].r;
		if (r < 0 &&
		    sf_lookup(&run->m.fi.sf, paths[i], false, &st) == ENOENT) {
			/* not there: whatever failed, there is nothing to audit */
		} else if (r < 0) {
			emit(run, "forward.unreadable", SEV_LOW, paths[i], NULL, NULL,
			    "user %s: %s cannot be audited: %s", u.r.pw.name,
			    paths[i], strerror(-r));
			r = 0;
		} else if (r == 0) {
			struct origin org = { paths[i], 0, &u.r.ctl, &u.refused,
			    u.r.pw.name, 1 };

			used = true;
			audit_contents(run, &u, &org, file, true);
			fi_file_free(file);
			if (u.r.ctl.unsafe && u.refused == 0)
				emit(run, "forward.unsafe-user", SEV_LOW, paths[i],
				    NULL, NULL, "user %s: sendmail marks the address "
				    "unsafe (%s); there are no program or file "
				    "entries now, but any will be refused",
				    u.r.pw.name, u.r.ctl.unsafe_why[0]);
		} else if (r == ENOENT ||
		    sf_lookup(&run->m.fi.sf, paths[i], false, &st) == ENOENT) {
			/*
			 * Not there: sendmail moves on, and so do we.  Its own test
			 * is include()'s ENOENT, as the user; a link into a place
			 * the user cannot search is EACCES for it, whether or not
			 * the target exists, so root's view of the target must not
			 * decide (it would also tell what the user cannot know).
			 */
		} else if (auditor_blind(r)) {
			emit(run, "forward.unreadable", SEV_LOW, paths[i], NULL,
			    sf_errstring(r), "user %s: the auditor could not read "
			    "%s (%s); sendmail reads it as %s, so it is not known "
			    "whether sendmail uses it", u.r.pw.name, paths[i],
			    sf_errstring(r), u.r.pw.name);
		} else if (sf_transient(r)) {
			transient = true;
			emit(run, "forward.ignored", SEV_MEDIUM, paths[i],
			    NULL, sf_errstring(r), "user %s: sendmail cannot open "
			    "%s now (%s)", u.r.pw.name, paths[i], sf_errstring(r));
		} else {
			if (where != NULL && strcmp(where, paths[i]) == 0) {
				free(where);
				where = NULL;
			}
			emit(run, "forward.ignored", SEV_MEDIUM, paths[i], NULL,
			    sf_errstring(r), "user %s: sendmail ignores %s: %s%s%s%s",
			    u.r.pw.name, paths[i], sf_errstring(r),
			    where ? " (" : "", where ? where : "",
			    where ? ")" : "");
		}
		free(where);
		r = 0;
	}
	free(tried);
	if (!used && transient)
		emit(run, "forward.ignored", SEV_MEDIUM, NULL, NULL, NULL,
		    "user %s: no .forward could be opened and one failed "
		    "temporarily: sendmail queues the message (\"transient "
		    ".forward open error\")", u.r.pw.name);
out:
	run->user = NULL;
	if (u.stopped || u.skipped_findings > 0)
		too_much(run, &u);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	free(paths);
	user_clear(&u);
	return r;
}

static bool
wanted(const struct context *ctx, const char *name, bool *found)
{
	size_t i;

	if (ctx->opt.nusers == 0)
		return true;
	for (i = 0; i < ctx->opt.nusers; i++) {
		if (strcmp(ctx->opt.users[i], name) == 0) {
			found[i] = true;
			return true;
		}
	}
	return false;
}

/*
 * The audit, or with visit set only the file targets: returns 0, -errno,
 * or 1 when sendmail.cf could not be read (reported; nothing audited).
 */
static int
forward_run(struct context *ctx, struct report *rep, fwd_target_fn *visit,
    void *visit_arg)
{
	struct run run;
	struct pw_iter *it = NULL;
	const struct passwd *pw;
	bool *found;
	size_t i;
	int r;

	r = setup(&run, ctx, rep);
	if (r != 0)
		return r;
	run.visit = visit;
	run.visit_arg = visit_arg;
	if (run.m.cf->forward_path != NULL && run.m.cf->forward_path[0] == '\0') {
		emit(&run, "forward.disabled", SEV_INFO, run.m.cf->file, NULL, NULL,
		    "ForwardPath is empty (line %u): sendmail reads no .forward "
		    "files", run.m.cf->forward_path_line);
		teardown(&run);
		return 0;
	}
	if (run.m.cf->forward_path != NULL) {
		for (const char *p = run.m.cf->forward_path; p != NULL;) {
			const char *colon = strchr(p, ':');
			size_t len = colon ? (size_t)(colon - p) : strlen(p);

			if (len > 0 && p[0] != '/' && p[0] != '$')
				emit(&run, "forward.path-relative", SEV_LOW,
				    run.m.cf->file, NULL, NULL, "ForwardPath element "
				    "`%.*s` (line %u) is relative: sendmail looks for "
				    "it in its queue directory; it is not audited",
				    (int)len, p, run.m.cf->forward_path_line);
			p = colon ? colon + 1 : NULL;
		}
	}
	if (!fsid_possible())
		emit(&run, "forward.not-root", SEV_INFO, NULL, NULL, NULL,
		    "not running as root: files are read, and access is judged, "
		    "as the auditing user instead of each .forward's owner");

	found = xcalloc(ctx->opt.nusers + 1, sizeof(bool));
	r = pw_iter_open(run.m.root_fd, run.m.nss, &it);
	if (r < 0)
		/* Said here: the caller knows only the errno. */
		fprintf(stderr, "jailctl: audit forward: cannot read ROOT/etc/passwd: %s\n",
		    r == -EINVAL ? "not a regular file (or a symlink)" : strerror(-r));
	while (r >= 0 && (r = pw_iter_next(it, &pw)) > 0) {
		struct passwd copy;

		if (!wanted(ctx, pw->pw_name, found))
			continue;
		/* the iterator's buffer is reused by nested lookups: copy */
		struct pw_copy c;

		pw_copy_set(&c, pw);
		copy.pw_name = c.name;
		copy.pw_dir = c.dir;
		copy.pw_shell = c.shell;
		copy.pw_uid = c.uid;
		copy.pw_gid = c.gid;
		copy.pw_passwd = NULL;
		copy.pw_gecos = NULL;
		r = audit_user(&run, &copy);
		pw_copy_clear(&c);
		report_checked(rep, 1);
	}
	long long skip_at;
	size_t skip_len;
	unsigned long skipped = pw_iter_skipped(it, &skip_at, &skip_len);
	if (skipped > 0)
		emit(&run, "passwd.long-line", SEV_MEDIUM, "/etc/passwd", NULL, NULL,
		    "%lu entr%s larger than %u MiB not read (the first a line of "
		    "%zu bytes at byte %lld): their users' .forward files are "
		    "not audited", skipped, skipped == 1 ? "y" : "ies",
		    DBENT_MAX >> 20, skip_len, skip_at);
	pw_iter_close(it);
	for (i = 0; r >= 0 && i < ctx->opt.nusers; i++)
		if (!found[i])
			emit(&run, "forward.unknown-user", SEV_LOW, NULL, NULL, NULL,
			    "user %s is not in the passwd database",
			    ctx->opt.users[i]);
	free(found);
	teardown(&run);
	return r < 0 ? r : 0;
}

int
audit_forward(struct context *ctx, struct report *rep)
{
	int r = forward_run(ctx, rep, NULL, NULL);

	return r < 0 ? r : 0;	/* > 0: reported, nothing to audit */
}

/*
 * The same model, with every finding dropped: findings are the audit's
 * business, and the caller wants only where mail is written.
 */
int
forward_file_targets(struct context *ctx, fwd_target_fn *fn, void *arg)
{
	struct report_header h = { "audit forward", NULL, ctx->opt.root, NULL,
	    false };
	FILE *null = fopen("/dev/null", "we");
	struct report *rep;
	int r;

	if (null == NULL)
		return -errno;
	rep = report_new(&h, FORMAT_TEXT, true, null);
	r = forward_run(ctx, rep, fn, arg);
	(void)report_finish(rep);
	fclose(null);
	return r;
}
