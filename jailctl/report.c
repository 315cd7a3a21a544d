/*
 * report.c -- see report.h.
 *
 * Text output is a header line, the changes as they happen
 *	PATH: ATTRIBUTE BEFORE -> AFTER [changed]        ("would change" with -n)
 * then the findings, worst first and by path,
 *	SEVERITY PATH: MESSAGE [ID key=KEY]
 * and a summary line that counts by severity and says what failed the run.
 *
 * Findings (and, for JSON, changes) are spooled (spool.h) as they come and
 * sorted at the end; identical findings are printed once, so a notice that
 * several audits of one `jailctl audit` each raise (selinux.unavailable)
 * appears once.  Waivers are matched as findings come in; those that
 * matched nothing, or have expired, become waiver.* notices at the end.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "atomic_file.h"
#include "escape.h"
#include "findings.h"
#include "report.h"
#include "spool.h"
#include "util.h"
#include "waivers.h"
#include "xccdf.h"

/*
 * The JSON report's "schema": bumped on every change a consumer could
 * trip over.  1 is the report before it carried a schema number.
 */
#define REPORT_SCHEMA 2

enum { REC_FINDING, REC_CHANGE };
/* The strings of a finding record, in spool order. */
enum { FS_ID, FS_KEY, FS_PATH, FS_MESSAGE, FS_EXPECTED, FS_ACTUAL,
    FS_PREDICTION, FS_N };
/* ... and of a change record. */
enum { CS_PATH, CS_ATTRIBUTE, CS_BEFORE, CS_AFTER, CS_N };
/* Finding record flags (spool_rec.b); spool_rec.c is the waiver index + 1. */
#define FL_FIXED 1u
#define FL_FIXABLE 2u

struct idx {
	uint64_t *v;
	size_t n, cap;
};

struct report {
	struct report_header h;
	struct report_config cfg;
	enum report_format fmt;
	bool xccdf;		/* print the document as XCCDF (fmt is then FORMAT_JSON) */
	bool quiet;
	bool want_json;		/* a JSON document is written (stdout or --output) */
	FILE *out;
	json_t *doc;		/* JSON: everything but the findings and changes */
	struct spool *spool;
	struct idx findings, changes;
	unsigned long checked, nfindings, nunfixed, nchanges;
};

/* The outcome, after sorting, merging and waivers. */
struct tally {
	unsigned long by_sev[SEV_HIGH + 1];
	unsigned long total, fixed, waived, unresolved, failing;
	unsigned long failing_by_sev[SEV_HIGH + 1];
};

static struct report_config config = { .fail_on = SEV_LOW };

static const char *const severity_names[] = {
	[SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
};

const char *
severity_name(enum severity s)
{
	return severity_names[s];
}

void
report_configure(const struct report_config *c)
{
	config = *c;
}

int
report_parse_fail_on(const char *s)
{
	for (int i = SEV_INFO; i <= SEV_HIGH; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return i;
	return strcmp(s, "none") == 0 ? FAIL_ON_NONE : -1;
}

static const char *
fail_on_name(int f)
{
	return f == FAIL_ON_NONE ? "none" : severity_names[f];
}

json_t *
report_json_text(const char *s)
{
	char *e;
	json_t *j;

	if (s == NULL)
		return json_null();
	/* jansson refuses what is not valid UTF-8: that is escaped. */
	j = json_string(s);
	if (j != NULL)
		return j;
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

json_t *
report_json_list_n(char *const *v, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, report_json_text(v[i]));
	return a;
}

static void
idx_push(struct idx *x, uint64_t off)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->v = xrealloc(x->v, x->cap * sizeof(*x->v));
	}
	x->v[x->n++] = off;
}

static const char *
host_name(const struct report *r, char *buf, size_t len)
{
	if (r->cfg.host != NULL)
		return r->cfg.host;
	if (gethostname(buf, len) != 0)
		return "localhost";
	buf[len - 1] = '\0';
	return buf;
}

static time_t
report_time(const struct report *r)
{
	return r->cfg.now != 0 ? r->cfg.now : time(NULL);
}

static void
text_header(struct report *r)
{
	char host[256];
	char *h = escape_text(host_name(r, host, sizeof(host)));
	char *p = escape_text(r->h.profile != NULL ? r->h.profile : "-");
	char *root = escape_text(r->h.root != NULL ? r->h.root : "/");

	fprintf(r->out, "jailctl %s: host %s, profile %s, root %s\n",
	    r->h.command, h, p, root);
	free(h);
	free(p);
	free(root);
}

struct report *
report_new(const struct report_header *h, enum report_format fmt, bool quiet,
    FILE *out)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->h = *h;
	r->cfg = config;
	r->xccdf = fmt == FORMAT_XCCDF;
	r->fmt = r->xccdf ? FORMAT_JSON : fmt;
	r->quiet = quiet;
	r->out = out;
	r->want_json = r->fmt == FORMAT_JSON || r->cfg.output != NULL;
	r->spool = spool_new();
	if (r->want_json) {
		/* "findings" and "changes" are placeholders: streamed at the end. */
		r->doc = json_object();
		json_object_set_new(r->doc, "schema", json_integer(REPORT_SCHEMA));
		json_object_set_new(r->doc, "jailctl", json_string(JAILCTL_VERSION));
		json_object_set_new(r->doc, "command", report_json_text(h->command));
		json_object_set_new(r->doc, "host", json_null());
		json_object_set_new(r->doc, "time", json_null());
		json_object_set_new(r->doc, "profile", report_json_text(h->profile));
		json_object_set_new(r->doc, "root", report_json_text(h->root));
		json_object_set_new(r->doc, "jail", report_json_text(h->jail));
		json_object_set_new(r->doc, "dry_run", json_boolean(h->dry_run));
		json_object_set_new(r->doc, "findings", json_null());
		json_object_set_new(r->doc, "changes", json_null());
	}
	if (r->fmt == FORMAT_TEXT && !quiet)
		text_header(r);
	return r;
}

void
report_finding(struct report *r, const struct finding *f)
{
	report_finding_keyed(r, f, NULL);
}

/* The finding, with its prediction as compact JSON text or NULL. */
static void
finding_add(struct report *r, const struct finding *f, const char *key,
    const char *prediction)
{
	struct waiver *w = waivers_match(r->cfg.waivers, f->id, f->path, key);
	struct spool_rec rec = { REC_FINDING, f->severity,
	    (f->fixed ? FL_FIXED : 0) | (f->fixable ? FL_FIXABLE : 0),
	    w != NULL ? (uint32_t)(w - r->cfg.waivers->v) + 1 : 0,
	    { f->id, key, f->path, f->message, f->expected, f->actual,
	      prediction } };

	r->nfindings++;
	if (!f->fixed && f->severity != SEV_INFO)
		r->nunfixed++;
	idx_push(&r->findings, spool_add(r->spool, &rec, FS_N));
}

void
report_finding_keyed(struct report *r, const struct finding *f, const char *key)
{
	finding_add(r, f, key, NULL);
}

void
report_finding_predicted(struct report *r, const struct finding *f,
    const char *key, const json_t *prediction)
{
	char *text = NULL;

	/* Spooled as text, as every string of a finding is. */
	if (prediction != NULL)
		text = json_dumps(prediction, JSON_COMPACT | JSON_SORT_KEYS);
	finding_add(r, f, key, text);
	free(text);
}

static void
findingv(struct report *r, const char *id, const char *key, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, va_list ap) __attribute__((format(printf, 8, 0)));

static void
findingv(struct report *r, const char *id, const char *key, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, va_list ap)
{
	struct finding f = { id, sev, path, NULL, expected, actual, false, false };
	char *msg = xvasprintf(fmt, ap);

	f.message = msg;
	report_finding_keyed(r, &f, key);
	free(msg);
}

void
report_findingf(struct report *r, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findingv(r, id, NULL, sev, path, expected, actual, fmt, ap);
	va_end(ap);
}

void
report_findingk(struct report *r, const char *id, const char *key,
    enum severity sev, const char *path, const char *expected,
    const char *actual, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	findingv(r, id, key, sev, path, expected, actual, fmt, ap);
	va_end(ap);
}

static void
text_change(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after)
{
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
}

static void
change(struct report *r, bool text, const char *path, const char *attribute,
    const char *before, const char *after)
{
	r->nchanges++;
	/* Text changes stream: they follow the tree walk, already in order. */
	if (text && r->fmt == FORMAT_TEXT)
		text_change(r, path, attribute, before, after);
	if (r->want_json) {
		struct spool_rec rec = { REC_CHANGE, 0, 0, 0,
		    { path, attribute, before, after } };

		idx_push(&r->changes, spool_add(r->spool, &rec, CS_N));
	}
}

void
report_change(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after)
{
	change(r, true, path, attribute, before, after);
}

void
report_change_json(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after)
{
	change(r, false, path, attribute, before, after);
}

void
report_checked(struct report *r, unsigned long n)
{
	r->checked += n;
}

void
report_set(struct report *r, const char *key, json_t *value)
{
	if (r->doc != NULL)
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

/* ---------------------------------------------------------------------- */
/* Waivers that did not apply.                                              */

/*
 * Does this command check findings with this id (the catalogue says)?  A
 * waiver for an id the command does not check is not stale: `verify` says
 * nothing about a cf.* waiver that the nightly `audit` uses.
 */
static bool
command_checks(const char *command, const char *id)
{
	const struct finding_info *fi = findings_lookup(id);

	return fi != NULL && (fi->commands & findings_command_bits(command)) != 0;
}

static void
waiver_notices(struct report *r)
{
	struct waivers *ws = r->cfg.waivers;

	if (ws == NULL)
		return;
	for (size_t i = 0; i < ws->n; i++) {
		struct waiver *w = &ws->v[i];

		if (!command_checks(r->h.command, w->id))
			continue;
		if (w->expired)
			report_findingk(r, "waiver.expired", w->id, SEV_INFO, ws->file,
			    NULL, NULL, "the waiver for %s on line %u expired on %s%s",
			    w->id, w->line, w->expires, w->expired_hits > 0 ?
			    ": what it waived counts again" : "");
		else if (w->used == 0)
			report_findingk(r, "waiver.stale", w->id, SEV_INFO, ws->file,
			    NULL, NULL, "the waiver for %s on line %u matches no "
			    "finding: remove it if the risk is gone", w->id, w->line);
	}
}

/* ---------------------------------------------------------------------- */
/* Sorting.                                                                 */

/* NULL sorts first. */
static int
strcmp0(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/*
 * What decides a finding's place, read once per finding: its severity
 * and path (pointers into the sealed spool) and where it was spooled.
 * Sorting 100 000 findings then compares these instead of decoding two
 * records at every step.
 */
struct sort_key {
	const char *path;
	uint64_t off;
	unsigned sev;
};

/* Worst first, then by path. */
static int
cmp_rank(const struct sort_key *a, const struct sort_key *b)
{
	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	return strcmp0(a->path, b->path);
}

/* The order they came in, which is the same every night. */
static int
cmp_offset(const struct sort_key *a, const struct sort_key *b)
{
	return a->off < b->off ? -1 : a->off > b->off;
}

/* Everything a finding says, for two of the same rank. */
static int
cmp_said(const struct spool *s, const struct sort_key *ka,
    const struct sort_key *kb)
{
	struct spool_rec a, b;
	int c;

	spool_get(s, ka->off, &a);
	spool_get(s, kb->off, &b);
	for (int i = 0; i < FS_N; i++)
		if ((c = strcmp0(a.str[i], b.str[i])) != 0)
			return c;
	if (a.b != b.b)
		return a.b < b.b ? -1 : 1;
	if (a.c != b.c)
		return a.c < b.c ? -1 : 1;
	return 0;
}

/* Sorting by content puts repeats side by side. */
static int
cmp_content(const void *pa, const void *pb, void *arg)
{
	int c = cmp_rank(pa, pb);

	if (c == 0)
		c = cmp_said(arg, pa, pb);
	return c != 0 ? c : cmp_offset(pa, pb);
}

/*
 * The order of the report: worst first, then by path, and for one path
 * in the order the checks found them.
 */
static int
cmp_report(const void *pa, const void *pb, void *arg)
{
	int c = cmp_rank(pa, pb);

	(void)arg;
	return c != 0 ? c : cmp_offset(pa, pb);
}

/*
 * Drop repeats (sorting by content puts them side by side; the first one
 * stays), then put the rest in report order.
 */
static void
sort_findings(struct report *r)
{
	struct idx *x = &r->findings;
	struct sort_key *k;
	size_t n = 0;

	if (x->n == 0)
		return;
	k = xmalloc(x->n * sizeof(*k));
	for (size_t i = 0; i < x->n; i++) {
		struct spool_rec rec;
		spool_get_first(r->spool, x->v[i], &rec, FS_PATH + 1);
		k[i] = (struct sort_key){ rec.str[FS_PATH], x->v[i], rec.a };
	}
	qsort_r(k, x->n, sizeof(*k), cmp_content, r->spool);
	for (size_t i = 0; i < x->n; i++)
		if (n == 0 || cmp_rank(&k[n - 1], &k[i]) != 0 ||
		    cmp_said(r->spool, &k[n - 1], &k[i]) != 0)
			k[n++] = k[i];
	x->n = n;
	qsort_r(k, x->n, sizeof(*k), cmp_report, NULL);
	for (size_t i = 0; i < n; i++)
		x->v[i] = k[i].off;
	free(k);
}

static const struct waiver *
rec_waiver(const struct report *r, const struct spool_rec *f)
{
	return f->c != 0 ? &r->cfg.waivers->v[f->c - 1] : NULL;
}

/* Does this finding make the exit status 1? */
static bool
rec_fails(const struct report *r, const struct spool_rec *f)
{
	return !(f->b & FL_FIXED) && f->c == 0 && (int)f->a >= r->cfg.fail_on;
}

static void
count(const struct report *r, struct tally *t)
{
	struct spool_rec f;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < r->findings.n; i++) {
		spool_get(r->spool, r->findings.v[i], &f);
		t->total++;
		t->by_sev[f.a]++;
		if (f.b & FL_FIXED)
			t->fixed++;
		else if (f.c != 0)
			t->waived++;
		else if (f.a != SEV_INFO)
			t->unresolved++;
		if (rec_fails(r, &f)) {
			t->failing++;
			t->failing_by_sev[f.a]++;
		}
	}
}

/* ---------------------------------------------------------------------- */
/* Text.                                                                    */

static const char *
plural(unsigned long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
text_finding(struct report *r, const struct spool_rec *f)
{
	const struct waiver *w = rec_waiver(r, f);
	char *path = escape_text(f->str[FS_PATH] != NULL ? f->str[FS_PATH] : "-");
	char *msg = escape_text(f->str[FS_MESSAGE]);
	char *exp = escape_text(f->str[FS_EXPECTED]);
	char *act = escape_text(f->str[FS_ACTUAL]);
	char *key = escape_text(f->str[FS_KEY]);

	/* Say expected and actual only where the message does not already. */
	if (exp != NULL && strstr(msg, exp) != NULL) {
		free(exp);
		exp = NULL;
	}
	if (act != NULL && strstr(msg, act) != NULL) {
		free(act);
		act = NULL;
	}
	fprintf(r->out, "%-6s %s: %s", severity_name(f->a), path, msg);
	if (exp != NULL && act != NULL)
		fprintf(r->out, " (expected %s, actual %s)", exp, act);
	else if (exp != NULL)
		fprintf(r->out, " (expected %s)", exp);
	else if (act != NULL)
		fprintf(r->out, " (actual %s)", act);
	fprintf(r->out, "%s [%s", (f->b & FL_FIXED) ? ", fixed" : "", f->str[FS_ID]);
	if (key != NULL)
		fprintf(r->out, " key=%s", key);
	fputc(']', r->out);
	if (w != NULL) {
		char *reason = escape_text(w->reason);

		fprintf(r->out, " waived: %s", reason);
		if (w->expires != NULL)
			fprintf(r->out, " (until %s)", w->expires);
		free(reason);
	}
	fputc('\n', r->out);
	free(path);
	free(msg);
	free(exp);
	free(act);
	free(key);
}

static void
text_findings(struct report *r)
{
	struct spool_rec f;

	for (size_t i = 0; i < r->findings.n; i++) {
		spool_get(r->spool, r->findings.v[i], &f);
		/*
		 * A quiet (cron) run prints only what needs a person: not
		 * notices, not accepted risks, not what stays below --fail-on.
		 */
		if (r->quiet && !(f.b & FL_FIXED) && !rec_fails(r, &f))
			continue;
		text_finding(r, &f);
	}
}

static void
text_summary(struct report *r, const struct tally *t)
{
	bool sep = false;

	fprintf(r->out, "%s: %lu checked, %lu %s", r->h.command, r->checked,
	    t->total, plural(t->total, "finding", "findings"));
	if (t->total > 0) {
		fputs(" (", r->out);
		for (int s = SEV_HIGH; s >= SEV_INFO; s--) {
			if (t->by_sev[s] == 0)
				continue;
			fprintf(r->out, "%s%lu %s", sep ? ", " : "", t->by_sev[s],
			    severity_names[s]);
			sep = true;
		}
		fputc(')', r->out);
	}
	if (t->fixed > 0)
		fprintf(r->out, ", %lu fixed", t->fixed);
	if (t->waived > 0)
		fprintf(r->out, ", %lu waived", t->waived);
	fprintf(r->out, ", %lu %s%s", r->nchanges,
	    plural(r->nchanges, "change", "changes"),
	    r->h.dry_run ? " predicted" : "");
	if (t->failing == 0) {
		fprintf(r->out, "; passed (--fail-on %s)\n", fail_on_name(r->cfg.fail_on));
		return;
	}
	fputs("; failed: ", r->out);
	sep = false;
	for (int s = SEV_HIGH; s >= SEV_INFO; s--) {
		if (t->failing_by_sev[s] == 0)
			continue;
		fprintf(r->out, "%s%lu %s", sep ? ", " : "", t->failing_by_sev[s],
		    severity_names[s]);
		sep = true;
	}
	fprintf(r->out, " %s unresolved (--fail-on %s)\n",
	    plural(t->failing, "finding", "findings"), fail_on_name(r->cfg.fail_on));
}

/* ---------------------------------------------------------------------- */
/* JSON.                                                                    */

static json_t *
finding_json(const struct report *r, const struct spool_rec *f)
{
	const struct waiver *w = rec_waiver(r, f);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_string(f->str[FS_ID]));
	json_object_set_new(o, "key", report_json_text(f->str[FS_KEY]));
	json_object_set_new(o, "severity", json_string(severity_name(f->a)));
	json_object_set_new(o, "path", report_json_text(f->str[FS_PATH]));
	json_object_set_new(o, "message", report_json_text(f->str[FS_MESSAGE]));
	json_object_set_new(o, "expected", report_json_text(f->str[FS_EXPECTED]));
	json_object_set_new(o, "actual", report_json_text(f->str[FS_ACTUAL]));
	json_object_set_new(o, "fixed", json_boolean(f->b & FL_FIXED));
	json_object_set_new(o, "fixable", json_boolean(f->b & FL_FIXABLE));
	json_object_set_new(o, "remediation",
	    findings_remediation_json(f->str[FS_ID], r->h.profile, r->h.jail));
	if (f->str[FS_PREDICTION] != NULL) {
		json_t *p = json_loads(f->str[FS_PREDICTION], 0, NULL);

		if (p != NULL)
			json_object_set_new(o, "prediction", p);
	}
	if (w != NULL)
		json_object_set_new(o, "waived", json_pack("{s:o,s:o}",
		    "reason", report_json_text(w->reason),
		    "expires", report_json_text(w->expires)));
	else
		json_object_set_new(o, "waived", json_null());
	return o;
}

static json_t *
change_json(const struct spool_rec *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "path", report_json_text(c->str[CS_PATH]));
	json_object_set_new(o, "attribute", report_json_text(c->str[CS_ATTRIBUTE]));
	json_object_set_new(o, "before", report_json_text(c->str[CS_BEFORE]));
	json_object_set_new(o, "after", report_json_text(c->str[CS_AFTER]));
	return o;
}

static int
dump_compact(json_t *v, FILE *out)
{
	int r = json_dumpf(v, out, JSON_COMPACT | JSON_ENCODE_ANY);

	json_decref(v);
	return r;
}

/* A value one level down: indented as if the whole document were dumped. */
static int
dump_nested(json_t *v, FILE *out)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENCODE_ANY);

	if (s == NULL)
		return -1;
	for (const char *p = s; *p != '\0'; p++) {
		fputc(*p, out);
		if (*p == '\n')
			fputs("  ", out);
	}
	free(s);
	return 0;
}

/* One record a line: a big report stays greppable and is never built whole. */
static int
stream_array(const struct report *r, const struct idx *x, bool findings, FILE *out)
{
	struct spool_rec rec;
	int bad = 0;

	fputc('[', out);
	for (size_t i = 0; i < x->n; i++) {
		spool_get(r->spool, x->v[i], &rec);
		fputs(i > 0 ? ",\n    " : "\n    ", out);
		bad |= dump_compact(findings ? finding_json(r, &rec) :
		    change_json(&rec), out);
	}
	fputs(x->n > 0 ? "\n  ]" : "]", out);
	return bad;
}

static int
json_document(const struct report *r, FILE *out)
{
	const char *key;
	json_t *value;
	bool first = true;
	int bad = 0;

	fputc('{', out);
	json_object_foreach(r->doc, key, value) {
		fprintf(out, "%s\n  ", first ? "" : ",");
		first = false;
		bad |= dump_compact(json_string(key), out);
		fputs(": ", out);
		if (strcmp(key, "findings") == 0 && json_is_null(value))
			bad |= stream_array(r, &r->findings, true, out);
		else if (strcmp(key, "changes") == 0 && json_is_null(value))
			bad |= stream_array(r, &r->changes, false, out);
		else
			bad |= dump_nested(value, out);
	}
	fputs("\n}\n", out);
	return bad != 0 || ferror(out) ? -1 : 0;
}

/*
 * XCCDF is made from the whole document (xccdf.h), so here, and only
 * here, the findings are held in memory at once.
 */
static int
xccdf_document(const struct report *r, FILE *out)
{
	json_t *doc = json_copy(r->doc), *a = json_array(), *c = json_array();
	struct spool_rec rec;
	int bad;

	for (size_t i = 0; i < r->findings.n; i++) {
		spool_get(r->spool, r->findings.v[i], &rec);
		json_array_append_new(a, finding_json(r, &rec));
	}
	for (size_t i = 0; i < r->changes.n; i++) {
		spool_get(r->spool, r->changes.v[i], &rec);
		json_array_append_new(c, change_json(&rec));
	}
	json_object_set_new(doc, "findings", a);
	json_object_set_new(doc, "changes", c);
	bad = xccdf_write(doc, out);
	json_decref(doc);
	return bad != 0 ? -1 : 0;
}

static void
json_summary(struct report *r, const struct tally *t)
{
	char host[256], when[32];
	time_t now = report_time(r);
	struct tm tm;
	json_t *s = json_object();

	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_set_new(r->doc, "host", report_json_text(host_name(r, host,
	    sizeof(host))));
	json_object_set_new(r->doc, "time", json_string(when));
	json_object_set_new(r->doc, "ok", json_boolean(t->failing == 0));
	/*
	 * With --dry-run this is the prediction, as Ansible's check mode
	 * expects of "changed"; "dry_run" in the document says which.
	 */
	json_object_set_new(r->doc, "changed", json_boolean(r->nchanges > 0));
	json_object_set_new(s, "checked", json_integer((json_int_t)r->checked));
	json_object_set_new(s, "findings", json_integer((json_int_t)t->total));
	json_object_set_new(s, "changes", json_integer((json_int_t)r->nchanges));
	for (int i = SEV_HIGH; i >= SEV_INFO; i--)
		json_object_set_new(s, severity_names[i],
		    json_integer((json_int_t)t->by_sev[i]));
	json_object_set_new(s, "fixed", json_integer((json_int_t)t->fixed));
	json_object_set_new(s, "waived", json_integer((json_int_t)t->waived));
	json_object_set_new(s, "unresolved", json_integer((json_int_t)t->unresolved));
	json_object_set_new(s, "failing", json_integer((json_int_t)t->failing));
	json_object_set_new(s, "fail_on", json_string(fail_on_name(r->cfg.fail_on)));
	json_object_set_new(r->doc, "summary", s);
}

static int
write_output_file(const struct report *r)
{
	struct atomic_file af;
	FILE *f = atomic_open(&af, r->cfg.output, 0640);
	int e;

	if (f != NULL) {
		if (json_document(r, f) != 0) {
			e = errno ? errno : EIO;
			atomic_abort(&af);
			errno = e;
		} else if ((e = atomic_commit(&af)) == 0) {
			return 0;
		} else {
			errno = -e;
		}
	}
	e = errno;
	char *p = escape_text(r->cfg.output);
	fprintf(stderr, "jailctl: --output %s: %s\n", p, strerror(e));
	free(p);
	return -1;
}

/* ---------------------------------------------------------------------- */
/* syslog.                                                                  */

/* A value for a key=value log field: escaped, quoted. */
static char *
log_value(const char *s)
{
	char *e = escape_text(s != NULL ? s : ""), *out, *o;

	out = o = xmalloc(strlen(e) * 2 + 3);
	*o++ = '"';
	for (const char *p = e; *p != '\0'; p++) {
		if (*p == '"')
			*o++ = '\\';
		*o++ = *p;
	}
	*o++ = '"';
	*o = '\0';
	free(e);
	return out;
}

static void
log_findings(const struct report *r, const struct tally *t)
{
	static const int prio[] = { [SEV_INFO] = LOG_INFO, [SEV_LOW] = LOG_NOTICE,
	    [SEV_MEDIUM] = LOG_WARNING, [SEV_HIGH] = LOG_ERR };
	struct spool_rec f;
	char *cmd = log_value(r->h.command), *prof = log_value(r->h.profile),
	    *root = log_value(r->h.root);

	openlog("jailctl", LOG_PID, LOG_AUTHPRIV);
	for (size_t i = 0; i < r->findings.n; i++) {
		spool_get(r->spool, r->findings.v[i], &f);
		char *path = log_value(f.str[FS_PATH]), *key = log_value(f.str[FS_KEY]),
		    *msg = log_value(f.str[FS_MESSAGE]);
		/* An accepted risk is worth a line, not a page. */
		int p = f.c != 0 ? LOG_INFO : prio[f.a];

		syslog(LOG_AUTHPRIV | p, "id=%s severity=%s path=%s key=%s "
		    "fixed=%s waived=%s command=%s message=%s", f.str[FS_ID],
		    severity_name(f.a), path, key, (f.b & FL_FIXED) ? "yes" : "no",
		    f.c != 0 ? "yes" : "no", cmd, msg);
		free(path);
		free(key);
		free(msg);
	}
	syslog(LOG_AUTHPRIV | (t->failing > 0 ? LOG_WARNING : LOG_INFO),
	    "summary command=%s profile=%s root=%s checked=%lu findings=%lu "
	    "high=%lu medium=%lu low=%lu info=%lu unresolved=%lu waived=%lu "
	    "fixed=%lu failing=%lu fail_on=%s result=%s", cmd, prof, root,
	    r->checked, t->total, t->by_sev[SEV_HIGH], t->by_sev[SEV_MEDIUM],
	    t->by_sev[SEV_LOW], t->by_sev[SEV_INFO], t->unresolved, t->waived,
	    t->fixed, t->failing, fail_on_name(r->cfg.fail_on),
	    t->failing > 0 ? "fail" : "pass");
	closelog();
	free(cmd);
	free(prof);
	free(root);
}

/* ---------------------------------------------------------------------- */

int
report_finish(struct report *r)
{
	struct tally t;
	int status, err;

	waiver_notices(r);
	err = spool_seal(r->spool);
	if (err < 0) {
		fprintf(stderr, "jailctl: cannot keep the report: %s\n", strerror(-err));
		status = 2;
		goto out;
	}
	sort_findings(r);
	count(r, &t);
	status = t.failing == 0 ? 0 : 1;

	if (r->want_json)
		json_summary(r, &t);
	if (r->fmt == FORMAT_JSON) {
		if ((r->xccdf ? xccdf_document(r, r->out) :
		    json_document(r, r->out)) != 0)
			status = 2;
	} else {
		text_findings(r);
		if (!r->quiet || t.failing > 0)
			text_summary(r, &t);
	}
	if (fflush(r->out) != 0 || ferror(r->out))
		status = 2;
	if (r->cfg.syslog)
		log_findings(r, &t);
	if (r->cfg.output != NULL && write_output_file(r) != 0)
		status = 2;
out:
	json_decref(r->doc);
	spool_free(r->spool);
	free(r->findings.v);
	free(r->changes.v);
	free(r);
	return status;
}
