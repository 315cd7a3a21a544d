/* drift.c -- see drift.h. */
#include <stdlib.h>
#include <string.h>

#include "drift.h"
#include "util.h"

bool
drift_wants_fix(const struct drift_sink *s)
{
	return s->mode == DRIFT_FIX || s->mode == DRIFT_CREATE;
}

int
drift_refuse(const struct drift_sink *s)
{
	return drift_wants_fix(s) ? DRIFT_REFUSED : DRIFT_UNFIXABLE;
}

bool
drift_may_change(struct drift_sink *s)
{
	enum own_verdict v;

	if (s->own == NULL)
		return true;
	if (s->own->failed)
		return false;
	v = own_prove(s->own);
	if (v == OWN_PROVEN)
		return true;
	drift_not_own(s, s->own, v);
	return false;
}

void
drift_not_own(struct drift_sink *s, struct own_proof *p, enum own_verdict v)
{
	struct finding f = { "tree.not-own", SEV_HIGH, p->path,
	    "not proven to be the jail's own object: left alone",
	    "one name, in the jail", own_verdict_text(v), false, false };

	if (p->failed)
		return;
	p->failed = true;
	report_finding(s->rep, &f);
}

void
drift_record(struct drift_sink *s, const struct finding *f,
    const char *attribute, int outcome)
{
	struct finding copy = *f;
	char *msg = NULL;

	copy.fixed = outcome == DRIFT_FIXED;
	copy.fixable = s->mode != DRIFT_LOOK && outcome != DRIFT_REFUSED &&
	    outcome != DRIFT_UNFIXABLE;
	if (outcome == DRIFT_WOULD_FIX) {
		msg = xasprintf("%s (would fix)", f->message);
		copy.message = msg;
	}
	if (outcome == DRIFT_FIXED || outcome == DRIFT_WOULD_FIX) {
		if (s->mode == DRIFT_CREATE)
			report_change(s->rep, f->path, attribute, f->actual, f->expected);
		else	/* the finding's line says it */
			report_change_json(s->rep, f->path, attribute, f->actual,
			    f->expected);
	}
	if (outcome < 0) {
		msg = xasprintf("%s (not fixed: %s)", f->message, strerror(-outcome));
		copy.message = msg;
	} else if (outcome == DRIFT_REFUSED) {
		msg = xasprintf("%s (left alone: needs a person)", f->message);
		copy.message = msg;
	}
	/*
	 * create reports what it did as changes only: a fresh jail is not
	 * "drift".  Whatever it could not do is a finding all the same.
	 */
	if (s->mode != DRIFT_CREATE || !copy.fixed) {
		if (!(s->mode == DRIFT_CREATE && outcome == DRIFT_WOULD_FIX))
			report_finding(s->rep, &copy);
	}
	free(msg);
}
