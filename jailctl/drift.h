/*
 * drift.h -- one place that decides what a difference means.
 *
 * The tree engine and the attribute modules find differences between the
 * profile and the disk.  Whether a difference is only reported (verify), is
 * repaired (create, verify --fix) or is predicted (--dry-run), and how that
 * shows up as findings and changes in the report, is decided here and only
 * here, so every attribute behaves the same way.
 *
 * Usage, for one attribute of one object:
 *
 *	if (differs) {
 *		int outcome = DRIFT_REPORTED;
 *		if (drift_wants_fix(sink))
 *			outcome = sink->dry_run ? DRIFT_WOULD_FIX :
 *			    (fchmod(fd, want) == 0 ? DRIFT_FIXED : -errno);
 *		drift_record(sink, &finding, "mode", outcome);
 *	}
 */
#ifndef JAILCTL_DRIFT_H
#define JAILCTL_DRIFT_H

#include <stdbool.h>

#include "own.h"
#include "report.h"

enum drift_mode {
	DRIFT_VERIFY,		/* report only */
	DRIFT_FIX,		/* verify --fix: findings marked fixed, plus changes */
	DRIFT_CREATE,		/* create: repairs are changes, not findings */
	DRIFT_LOOK,		/* report only what no run may repair (a file
				 * with other names): findings are not fixable */
};

struct drift_sink {
	struct report *rep;
	enum drift_mode mode;
	bool dry_run;		/* never change anything; predict */
	/*
	 * The object the next changes go to, while the caller has one open:
	 * drift_may_change() proves it the jail's own (own.h) again right
	 * before each change.  NULL: nothing to prove.
	 */
	struct own_proof *own;
};

enum {
	DRIFT_REPORTED = 1,	/* not asked to fix */
	DRIFT_FIXED = 2,	/* change made */
	DRIFT_WOULD_FIX = 3,	/* dry run: change predicted */
	DRIFT_REFUSED = 4,	/* asked to fix, but it is not safe or not possible */
	DRIFT_UNFIXABLE = 5,	/* not asked to fix, and no fix would repair it */
	/* a negative value: the change failed with that -errno */
};

/* True when the caller should repair (or, with dry_run, predict a repair). */
bool drift_wants_fix(const struct drift_sink *s);

/*
 * The outcome for a difference no run repairs (a symlink in place of a
 * directory, a mailbox owned by the wrong user): refused when asked to fix,
 * else reported as unfixable.
 */
int drift_refuse(const struct drift_sink *s);

/*
 * Record a difference.  f->expected / f->actual double as the change's
 * after / before; attribute names the attribute ("mode", "owner", "acl" ...).
 * f->fixed and f->fixable are ignored: outcome decides them.
 */
void drift_record(struct drift_sink *s, const struct finding *f,
    const char *attribute, int outcome);

/*
 * Right before a change through s->own's fd: true when it may be made.
 * When the object is no longer proven the jail's own, records the
 * tree.not-own finding (once per object), marks the proof failed and
 * returns false: the caller records its difference as DRIFT_REFUSED.
 */
bool drift_may_change(struct drift_sink *s);

/* The tree.not-own finding for p (once per object), and p->failed. */
void drift_not_own(struct drift_sink *s, struct own_proof *p,
    enum own_verdict v);

#endif
