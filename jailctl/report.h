/*
 * report.h -- the one report structure every jailctl command produces.
 *
 * Commands feed findings (something is wrong) and changes (something was, or
 * with --dry-run would be, changed) into a report; report_finish() prints it
 * as text or as one JSON document and returns the exit status.  Findings are
 * printed sorted (worst first, then by path) so that two nights' reports
 * diff cleanly; until then they wait in a spool (spool.h) on disk, so memory
 * stays flat whatever users write.  Text changes stream as they come.
 *
 * What the command line says about reporting (--fail-on, waivers, --syslog,
 * --output) is set once for the process with report_configure().
 */
#ifndef JAILCTL_REPORT_H
#define JAILCTL_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH };

/* XCCDF is the JSON document, converted when it is printed (xccdf.h). */
enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_XCCDF };

struct report;

struct report_header {
	const char *command;	/* "create", "verify", "audit smrsh", ... */
	const char *profile;	/* profile name, or NULL */
	const char *root;	/* as given with --root ("/" by default) */
	const char *jail;	/* jail path inside root, or NULL */
	bool dry_run;		/* changes are predictions ("would change") */
};

struct finding {
	const char *id;		/* stable id, e.g. "tree.mode" (see jailctl(8)) */
	enum severity severity;
	const char *path;	/* as seen inside ROOT; may be NULL */
	const char *message;	/* human sentence, no trailing period */
	const char *expected;	/* may be NULL */
	const char *actual;	/* may be NULL */
	bool fixed;
	/* A run of create or verify --fix repairs this kind of difference;
	 * false for what needs a person and for every audit finding. */
	bool fixable;
};

/* --fail-on none: nothing fails the run. */
#define FAIL_ON_NONE (SEV_HIGH + 1)

struct waivers;

struct report_config {
	int fail_on;		/* lowest severity that fails the run (SEV_* or
				 * FAIL_ON_NONE); default SEV_LOW */
	struct waivers *waivers;	/* or NULL; not freed by the report */
	bool syslog;		/* --syslog: a message per finding */
	const char *output;	/* --output FILE: JSON written there too */
	const char *host;	/* NULL: gethostname() */
	time_t now;		/* 0: time(NULL) */
};

/*
 * What every report made afterwards does about failing, waivers, syslog
 * and --output (main sets it from the command line; the default is
 * fail-on low and nothing else).  The strings must outlive the reports.
 */
void report_configure(const struct report_config *c);
/* Parse "info|low|medium|high|none" into a fail_on value; -1 if bad. */
int report_parse_fail_on(const char *s);

struct report *report_new(const struct report_header *h, enum report_format fmt,
    bool quiet, FILE *out);

/* All strings are copied and escaped by the report; callers pass raw text. */
void report_finding(struct report *r, const struct finding *f);
/*
 * The same with a key, which tells apart findings that share an id and a
 * path (the flag of a cf.dbs finding, say): stable from run to run, usable
 * in a waiver.  May be NULL.
 */
void report_finding_keyed(struct report *r, const struct finding *f,
    const char *key);
/*
 * The same with what the finding is about as a prediction: a JSON object
 * the JSON report shows as the finding's "prediction" (audit forward:
 * what sendmail does with the entry, in the model's terms; the message
 * says it in words).  Not stolen; NULL: none.
 */
void report_finding_predicted(struct report *r, const struct finding *f,
    const char *key, const json_t *prediction);
/* The same with a printf-style message. */
void report_findingf(struct report *r, const char *id, enum severity sev,
    const char *path, const char *expected, const char *actual,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The same with a key (see report_finding_keyed). */
void report_findingk(struct report *r, const char *id, const char *key,
    enum severity sev, const char *path, const char *expected,
    const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void report_change(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after);
/* The same, for JSON only: text output shows it as the finding's ", fixed". */
void report_change_json(struct report *r, const char *path, const char *attribute,
    const char *before, const char *after);
/* Count one more checked object (entry, file, program, user ...). */
void report_checked(struct report *r, unsigned long n);
/*
 * Attach a command-specific value to the JSON document under key (for
 * example "config" for the values audit config read).  Steals the reference.
 * In text mode the value is ignored.
 */
void report_set(struct report *r, const char *key, json_t *value);
/* Findings so far, and those not fixed (above info), before waivers and
 * before identical findings are merged. */
unsigned long report_findings(const struct report *r);
unsigned long report_unfixed(const struct report *r);

/*
 * Print the sorted findings and the summary (text) or the document (JSON),
 * log them (--syslog), write --output, free the report and return the exit
 * status: 0 when no finding at or above the --fail-on severity remains
 * unfixed and unwaived, 1 otherwise.  Returns 2 if writing the output
 * failed.
 */
int report_finish(struct report *r);

const char *severity_name(enum severity s);

/*
 * Raw text as a JSON string, as report strings are: valid UTF-8 as it is
 * (JSON escapes control characters), anything else escaped with
 * escape_text() (NULL gives JSON null).  For the values commands attach
 * with report_set().
 */
json_t *report_json_text(const char *s);
/* A NULL-terminated string vector as a JSON array of such strings. */
json_t *report_json_list(char *const *v);
/* The same for n strings. */
json_t *report_json_list_n(char *const *v, size_t n);

#endif
