/*
 * report.c -- see report.h.
 *
 * Text lines have the form
 *	PATH: MESSAGE (expected X, actual Y) [ID]
 * for findings and
 *	PATH: ATTRIBUTE BEFORE -> AFTER [changed]        ("would change" with -n)
 * for changes, path first so that sort(1) and grep(1) work on them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "escape.h"
#include "findings.h"
#include "report.h"
#include "util.h"
#include "xccdf.h"

struct report {
	struct report_header h;
	enum report_format fmt;
	bool xccdf;		/* print doc as XCCDF (fmt is then FORMAT_JSON) */
	bool quiet;
	FILE *out;
	json_t *doc;		/* JSON: the document being built */
	json_t *findings;	/* JSON: borrowed from doc */
	json_t *changes;
	unsigned long checked, nfindings, nunfixed, nchanges;
};

static const char *const severity_names[] = {
	[SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
};

const char *
severity_name(enum severity s)
{
	return severity_names[s];
}

json_t *
report_json_text(const char *s)
{
	char *e;
	json_t *j;

	if (s == NULL)
		return json_null();
	e = escape_text(s);
	j = json_string(e);
	free(e);
	return j != NULL ? j : json_null();
}

json_t *
report_json_list(char *const *v)
{
	json_t *a = json_array();

	for (; v != NULL && *v != NULL; v++)
		json_array_append_new(a, report_json_text(*v));
	return a;
}

struct report *
report_new(const struct report_header *h, enum report_format fmt, bool quiet,
    FILE *out)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->h = *h;
	r->xccdf = fmt == FORMAT_XCCDF;
	r->fmt = r->xccdf ? FORMAT_JSON : fmt;
	r->quiet = quiet;
	r->out = out;
	if (r->fmt == FORMAT_JSON) {
		r->doc = json_object();
		r->findings = json_array();
		r->changes = json_array();
		json_object_set_new(r->doc, "jailctl", json_string(JAILCTL_VERSION));
		json_object_set_new(r->doc, "command", report_json_text(h->command));
		json_object_set_new(r->doc, "profile", report_json_text(h->profile));
		json_object_set_new(r->doc, "root", report_json_text(h->root));
		json_object_set_new(r->doc, "jail", report_json_text(h->jail));
		json_object_set_new(r->doc, "dry_run", json_boolean(h->dry_run));
		json_object_set(r->doc, "findings", r->findings);
		json_object_set(r->doc, "changes", r->changes);
	}
	return r;
}

static void
text_finding(struct report *r, const struct finding *f)
{
	char *path = escape_text(f->path != NULL ? f->path : "-");
	char *msg = escape_text(f->message);
	char *exp = escape_text(f->expected), *act = escape_text(f->actual);

	fprintf(r->out, "%s: %s", path, msg);
	if (exp != NULL && act != NULL)
		fprintf(r->out, " (expected %s, actual %s)", exp, act);
	else if (exp != NULL)
		fprintf(r->out, " (expected %s)", exp);
	else if (act != NULL)
		fprintf(r->out, " (actual %s)", act);
	fprintf(r->out, "%s [%s]\n", f->fixed ? ", fixed" : "", f->id);
	free(path);
	free(msg);
	free(exp);
	free(act);
}

void
report_finding(struct report *r, const struct finding *f)
{
	r->nfindings++;
	if (!f->fixed && f->severity != SEV_INFO)
		r->nunfixed++;
	if (r->fmt == FORMAT_TEXT) {
		/* Informational notices are for people reading a full report;
		 * a quiet cron run stays silent about them. */
		if (!(r->quiet && f->severity == SEV_INFO))
			text_finding(r, f);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(f->id));
	json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
	json_object_set_new(o, "path", report_json_text(f->path));
	json_object_set_new(o, "message", report_json_text(f->message));
	json_object_set_new(o, "expected", report_json_text(f->expected));
	json_object_set_new(o, "actual", report_json_text(f->actual));
	json_object_set_new(o, "fixed", json_boolean(f->fixed));
	json_object_set_new(o, "fixable", json_boolean(f->fixable));
	json_object_set_new(o, "remediation",
	    findings_remediation_json(f->id, r->h.profile, r->h.jail));
	json_array_append_new(r->findings, o);
}

void
report_findingf(struct report *r, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...)
{
	struct finding f = { id, sev, path, NULL, expected, actual, false, false };
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	f.message = msg;
	report_finding(r, &f);
	free(msg);
}

void
report_change(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after)
{
	r->nchanges++;
	if (r->fmt == FORMAT_TEXT) {
		char *p = escape_text(path), *b = escape_text(before),
		    *a = escape_text(after);

		if (b == NULL)
			fprintf(r->out, "%s: %s %s [%s]\n", p, attribute,
			    a != NULL ? a : "", r->h.dry_run ? "would change" : "changed");
		else
			fprintf(r->out, "%s: %s %s -> %s [%s]\n", p, attribute, b,
			    a != NULL ? a : "(none)",
			    r->h.dry_run ? "would change" : "changed");
		free(p);
		free(b);
		free(a);
		return;
	}
	json_t *o = json_object();
	json_object_set_new(o, "path", report_json_text(path));
	json_object_set_new(o, "attribute", json_string(attribute));
	json_object_set_new(o, "before", report_json_text(before));
	json_object_set_new(o, "after", report_json_text(after));
	json_array_append_new(r->changes, o);
}

void
report_change_json(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after)
{
	if (r->fmt == FORMAT_JSON)
		report_change(r, path, attribute, before, after);
	else
		r->nchanges++;
}

void
report_checked(struct report *r, unsigned long n)
{
	r->checked += n;
}

void
report_set(struct report *r, const char *key, json_t *value)
{
	if (r->fmt == FORMAT_JSON)
		json_object_set_new(r->doc, key, value);
	else
		json_decref(value);
}

unsigned long
report_findings(const struct report *r)
{
	return r->nfindings;
}

unsigned long
report_unfixed(const struct report *r)
{
	return r->nunfixed;
}

int
report_finish(struct report *r)
{
	bool ok = r->nunfixed == 0;
	/*
	 * With --dry-run this is the prediction, as Ansible's check mode
	 * expects of "changed"; "dry_run" in the document says which.
	 */
	bool changed = r->nchanges > 0;
	int status = ok ? 0 : 1;

	if (r->fmt == FORMAT_JSON) {
		json_t *s = json_object();

		json_object_set_new(r->doc, "ok", json_boolean(ok));
		json_object_set_new(r->doc, "changed", json_boolean(changed));
		json_object_set_new(s, "checked", json_integer((json_int_t)r->checked));
		json_object_set_new(s, "findings", json_integer((json_int_t)r->nfindings));
		json_object_set_new(s, "changes", json_integer((json_int_t)r->nchanges));
		json_object_set_new(r->doc, "summary", s);
		if (r->xccdf ? xccdf_write(r->doc, r->out) != 0 :
		    json_dumpf(r->doc, r->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
			status = 2;
		if (!r->xccdf)
			fputc('\n', r->out);
		json_decref(r->findings);
		json_decref(r->changes);
		json_decref(r->doc);
	} else if (!r->quiet || !ok) {
		fprintf(r->out, "%s: %lu checked, %lu findings (%lu unresolved), "
		    "%lu %s\n", r->h.command, r->checked, r->nfindings, r->nunfixed,
		    r->nchanges, r->h.dry_run ? "changes predicted" : "changes");
	}
	if (fflush(r->out) != 0 || ferror(r->out))
		status = 2;
	free(r);
	return status;
}
