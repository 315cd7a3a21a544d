/*
 * ansible_module.c -- see ansible_module.h.
 *
 * The module adds no semantics of its own: each step is a jailctl command
 * line run through main's own code with --format json, its report read
 * back, and the reports merged.  What it decides is only what Ansible asks:
 * changed (some change was made, or in check mode would be), failed (an
 * error, or a finding at or above fail_on that this run leaves in place:
 * in check mode that includes what the real run could not fix either, so
 * check mode never shows green for a host the real run fails on), msg and
 * diff.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ansible_module.h"
#include "capture.h"
#include "errdoc.h"
#include "escape.h"
#include "fsutil.h"
#include "jailctl.h"
#include "report.h"
#include "util.h"

#define ARGS_MAX (1024 * 1024)

static const char *const audit_words[] = { "config", "smrsh", "forward", NULL };
#define NAUDITS (sizeof(audit_words) / sizeof(audit_words[0]) - 1)

/* fail_on: a severity (enum severity), or FAIL_NEVER for "none". */
#define FAIL_NEVER (SEV_HIGH + 1)
static const char *const fail_on_words[] = {
	[SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high", [FAIL_NEVER] = "none", NULL,
};
static const char *const state_words[] = { "present", "audited", NULL };
static const char *const selinux_words[] = { "auto", "require", "off", NULL };

struct params {
	bool audited;		/* state=audited, else present */
	const char *profile, *root, *jail, *file_contexts, *selinux, *cf;
	bool audit[NAUDITS];
	int fail_on;
	bool check, diff;
};

/* Parameters passed on as one command-line option each. */
static const struct {
	const char *name;
	const char *option;
	size_t offset;
	const char *const *choices;	/* or NULL: any string */
} string_params[] = {
	{ "profile", "--profile", offsetof(struct params, profile), NULL },
	{ "root", "--root", offsetof(struct params, root), NULL },
	{ "jail", "--jail", offsetof(struct params, jail), NULL },
	{ "file_contexts", "--file-contexts", offsetof(struct params, file_contexts),
	    NULL },
	{ "selinux", "--selinux", offsetof(struct params, selinux), selinux_words },
	{ "cf", "--cf", offsetof(struct params, cf), NULL },
};
#define NSTRING_PARAMS (sizeof(string_params) / sizeof(string_params[0]))

static const char supported[] = "audits, cf, fail_on, file_contexts, jail, "
    "profile, root, selinux, state";

char *
ansible_module_args(int argc, char *const argv[])
{
	struct stat st;
	char *text;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (argc != 2 || argv[1][0] == '-' || argv[1][0] == '\0')
		return NULL;
	fd = open_regular_at(AT_FDCWD, argv[1], &st);
	if (fd < 0)
		return NULL;
	text = xmalloc(ARGS_MAX + 1);
	while (len < ARGS_MAX && (n = read(fd, text + len, ARGS_MAX - len)) > 0)
		len += (size_t)n;
	close(fd);
	text[len] = '\0';
	const char *p = text + strspn(text, " \t\r\n");
	if (*p != '{') {
		free(text);
		return NULL;
	}
	return text;
}

/* Index of word in a NULL-terminated list, or -1. */
static int
word_index(const char *const *list, const char *word)
{
	for (int i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], word) == 0)
			return i;
	return -1;
}

/* "a, b, c" */
static char *
join(const char *const *list)
{
	char *all = xstrdup("");

	for (size_t i = 0; list[i] != NULL; i++) {
		char *next = xasprintf("%s%s%s", all, i > 0 ? ", " : "", list[i]);
		free(all);
		all = next;
	}
	return all;
}

/* v must be one of list: NULL with *index set, or what is wrong. */
static char *
choice(const char *name, json_t *v, const char *const *list, int *index,
    const char *hint)
{
	if (json_is_string(v) && (*index = word_index(list, json_string_value(v))) >= 0)
		return NULL;
	char *all = join(list);
	char *got = json_is_string(v) ? escape_text(json_string_value(v)) :
	    json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
	char *msg = xasprintf("value of %s must be one of: %s, got: %s%s", name,
	    all, got != NULL ? got : "?", hint);
	free(got);
	free(all);
	return msg;
}

/* audits: a list of words, or one string of comma-separated words. */
static char *
parse_audits(json_t *v, struct params *p)
{
	json_t *list, *w;
	char *msg = NULL;
	size_t i;

	if (json_is_string(v)) {
		char *copy = xstrdup(json_string_value(v)), *save = NULL;
		list = json_array();
		for (char *t = strtok_r(copy, ", ", &save); t != NULL;
		    t = strtok_r(NULL, ", ", &save))
			json_array_append_new(list, json_string(t));
		free(copy);
	} else if (json_is_array(v)) {
		list = json_incref(v);
	} else {
		return xstrdup("value of audits must be a list of: config, smrsh, "
		    "forward");
	}
	json_array_foreach(list, i, w) {
		int k = -1;
		msg = choice("audits", w, audit_words, &k, "");
		if (msg != NULL)
			break;
		p->audit[k] = true;
	}
	json_decref(list);
	return msg;
}

/* A string parameter: true if key is one; *msg set when its value is bad. */
static bool
string_param(const char *key, json_t *v, struct params *p, char **msg)
{
	for (size_t i = 0; i < NSTRING_PARAMS; i++) {
		int k;

		if (strcmp(key, string_params[i].name) != 0)
			continue;
		if (json_is_null(v))
			return true;
		if (!json_is_string(v))
			*msg = xasprintf("value of %s must be a string", key);
		else if (string_params[i].choices != NULL)
			*msg = choice(key, v, string_params[i].choices, &k, "");
		if (*msg == NULL)
			*(const char **)((char *)p + string_params[i].offset) =
			    json_string_value(v);
		return true;
	}
	return false;
}

/* A parameter other than a string one: NULL, or what is wrong with v. */
static char *
other_param(const char *key, json_t *v, struct params *p, bool *audits_given)
{
	int k;
	char *msg;

	if (strcmp(key, "state") == 0) {
		msg = choice(key, v, state_words, &k, json_is_string(v) &&
		    strcmp(json_string_value(v), "absent") == 0 ?
		    " (jailctl never deletes anything)" : "");
		p->audited = msg == NULL && k == 1;
		return msg;
	}
	if (strcmp(key, "fail_on") == 0)
		return choice(key, v, fail_on_words, &p->fail_on, "");
	*audits_given = true;
	return parse_audits(v, p);
}

/* Fill p from the arguments object; NULL, or what is wrong (malloc'd). */
static char *
parse_params(json_t *args, struct params *p)
{
	static const char *const others[] = { "state", "fail_on", "audits", NULL };
	char *unknown = NULL, *msg = NULL;
	const char *key;
	json_t *v;
	bool audits_given = false;

	*p = (struct params){ .root = "/", .fail_on = SEV_LOW };
	json_object_foreach(args, key, v) {
		char *bad = NULL;

		if (strncmp(key, "_ansible_", 9) == 0) {
			/* Ansible's own: the two that matter here, the rest ignored. */
			if (strcmp(key, "_ansible_check_mode") == 0)
				p->check = json_is_true(v);
			else if (strcmp(key, "_ansible_diff") == 0)
				p->diff = json_is_true(v);
			continue;
		}
		if (string_param(key, v, p, &bad)) {
			/* done */
		} else if (word_index(others, key) >= 0) {
			if (!json_is_null(v))	/* null: the default */
				bad = other_param(key, v, p, &audits_given);
		} else {
			char *e = escape_text(key);
			char *next = xasprintf("%s%s%s", unknown != NULL ? unknown : "",
			    unknown != NULL ? ", " : "", e);
			free(e);
			free(unknown);
			unknown = next;
		}
		/* The first bad value is the one to tell. */
		if (msg == NULL)
			msg = bad;
		else
			free(bad);
	}
	if (unknown != NULL) {
		free(msg);
		msg = xasprintf("Unsupported parameters for (jailctl) module: %s. "
		    "Supported parameters include: %s.", unknown, supported);
		free(unknown);
	}
	/* The audits run by default with state=audited, never with present. */
	if (!audits_given && p->audited)
		for (size_t i = 0; i < NAUDITS; i++)
			p->audit[i] = true;
	return msg;
}

/* What the steps found together. */
struct outcome {
	json_t *findings, *changes, *summary, *warnings;
	json_t *profile, *jail;		/* from the first report */
	int rc;				/* the highest exit status */
	char *error;			/* a step ended in an error: why */
};

/* Add b's numbers into a (nested objects alike): the merged summary. */
static void
add_summary(json_t *a, json_t *b)
{
	const char *key;
	json_t *v;

	json_object_foreach(b, key, v) {
		json_t *have = json_object_get(a, key);
		if (have == NULL)
			json_object_set_new(a, key, json_deep_copy(v));
		else if (json_is_integer(have) && json_is_integer(v))
			json_integer_set(have, json_integer_value(have) +
			    json_integer_value(v));
		else if (json_is_object(have) && json_is_object(v))
			add_summary(have, v);
	}
}

/*
 * One jailctl command line: the options the parameters make, then the
 * command words.  Its report joins o; an error ends the run.
 */
static void
run_step(const struct params *p, bool dry_run, const char *word,
    const char *sub, int (*run)(int, char **), struct outcome *o)
{
	char *argv[2 * NSTRING_PARAMS + 8];
	char *out, *err;
	int argc = 0, status;

	argv[argc++] = xstrdup("jailctl");
	argv[argc++] = xstrdup("--format");
	argv[argc++] = xstrdup("json");
	for (size_t i = 0; i < NSTRING_PARAMS; i++) {
		const char *v = *(const char *const *)((const char *)p +
		    string_params[i].offset);
		if (v != NULL) {
			argv[argc++] = xstrdup(string_params[i].option);
			argv[argc++] = xstrdup(v);
		}
	}
	if (dry_run)
		argv[argc++] = xstrdup("--dry-run");
	argv[argc++] = xstrdup(word);
	if (sub != NULL)
		argv[argc++] = xstrdup(sub);
	argv[argc] = NULL;

	status = capture_run(run, argc, argv, &out, &err);
	json_t *doc = status == EXIT_ERROR ? NULL : json_loads(out, 0, NULL);
	if (status > o->rc)
		o->rc = status;
	if (status == EXIT_ERROR || !json_is_object(doc)) {
		o->error = errdoc_message(err);
		o->rc = EXIT_ERROR;
	} else {
		json_array_extend(o->findings, json_object_get(doc, "findings"));
		json_array_extend(o->changes, json_object_get(doc, "changes"));
		add_summary(o->summary, json_object_get(doc, "summary"));
		if (o->profile == NULL) {
			o->profile = json_incref(json_object_get(doc, "profile"));
			o->jail = json_incref(json_object_get(doc, "jail"));
		}
		if (*err != '\0') {
			char *w = errdoc_message(err);
			json_array_append_new(o->warnings, json_string(w));
			free(w);
		}
	}
	json_decref(doc);
	free(out);
	free(err);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
}

static const char *
text_of(json_t *obj, const char *key, const char *none)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s != NULL ? s : none;
}

/* Does this finding fail the task: left in place, not waived, at or above fail_on? */
static bool
fails(json_t *f, int fail_on)
{
	json_t *waived = json_object_get(f, "waived");
	int sev = word_index(fail_on_words, text_of(f, "severity", "high"));

	if (json_is_true(json_object_get(f, "fixed")))
		return false;
	if (waived != NULL && !json_is_null(waived) && !json_is_false(waived))
		return false;
	return sev >= fail_on && fail_on != FAIL_NEVER;
}

/* "PATH: MESSAGE (expected X, actual Y) [ID]", as the text report has it. */
static char *
finding_line(json_t *f)
{
	const char *exp = text_of(f, "expected", NULL), *act = text_of(f, "actual", NULL);
	char *detail = exp != NULL && act != NULL ?
	    xasprintf(" (expected %s, actual %s)", exp, act) : xstrdup("");
	char *line = xasprintf("%s: %s%s [%s]", text_of(f, "path", "-"),
	    text_of(f, "message", ""), detail, text_of(f, "id", "?"));

	free(detail);
	return line;
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

/* One sentence: what was done, or why the task failed. */
static char *
message(const struct params *p, const struct outcome *o, bool *failed)
{
	size_t nfail = 0, i;
	json_t *f, *first = NULL;
	const char *jail = json_string_value(o->jail);
	const char *profile = json_string_value(o->profile);
	size_t nchanges = json_array_size(o->changes);
	size_t nfindings = json_array_size(o->findings);

	if (o->error != NULL) {
		*failed = true;
		return xstrdup(o->error);
	}
	json_array_foreach(o->findings, i, f) {
		if (fails(f, p->fail_on) && nfail++ == 0)
			first = f;
	}
	*failed = nfail > 0;
	if (*failed) {
		char *line = finding_line(first);
		char *more = nfail > 1 ? xasprintf(" (and %zu more)", nfail - 1) :
		    xstrdup("");
		char *msg = p->audited ?
		    xasprintf("%zu finding%s at or above %s: %s%s", nfail,
		    plural(nfail), fail_on_words[p->fail_on], line, more) :
		    xasprintf("%zu finding%s that jailctl cannot fix: %s%s", nfail,
		    plural(nfail), line, more);
		free(line);
		free(more);
		return msg;
	}
	if (jail == NULL)
		jail = "the jail";
	if (profile == NULL)
		profile = "?";
	if (p->audited)
		return xasprintf("%s (profile %s) and the mail setup pass the audit: "
		    "%zu finding%s, none at or above %s", jail, profile, nfindings,
		    plural(nfindings), fail_on_words[p->fail_on]);
	if (nchanges == 0)
		return xasprintf("%s matches profile %s: nothing to change", jail,
		    profile);
	return xasprintf("%zu change%s %s to %s (profile %s)", nchanges,
	    plural(nchanges), p->check ? "would be made" : "made", jail, profile);
}

/*
 * Ansible's --diff: one before/after line per changed attribute,
 * "PATH ATTRIBUTE VALUE" ("PATH absent" before a creation).
 */
static json_t *
diff_of(const struct outcome *o)
{
	json_t *list = json_array(), *c;
	char *before = xstrdup(""), *after = xstrdup(""), *b, *a;
	size_t i;

	if (json_array_size(o->changes) == 0) {
		free(before);
		free(after);
		return list;
	}
	json_array_foreach(o->changes, i, c) {
		const char *path = text_of(c, "path", "-");
		const char *attr = text_of(c, "attribute", "?");

		if (strcmp(attr, "create") == 0)
			b = xasprintf("%s%s absent\n", before, path);
		else
			b = xasprintf("%s%s %s %s\n", before, path, attr,
			    text_of(c, "before", "(none)"));
		a = xasprintf("%s%s %s %s\n", after, path, strcmp(attr, "create") == 0 ?
		    "created," : attr, text_of(c, "after", "(none)"));
		free(before);
		free(after);
		before = b;
		after = a;
	}
	const char *header = json_string_value(o->jail);
	json_t *d = json_object();
	json_object_set_new(d, "before_header", json_string(header != NULL ? header : "jail"));
	json_object_set_new(d, "after_header", json_string(header != NULL ? header : "jail"));
	json_object_set_new(d, "before", json_string(before));
	json_object_set_new(d, "after", json_string(after));
	json_array_append_new(list, d);
	free(before);
	free(after);
	return list;
}

int
ansible_module_main(char *args, int (*run)(int, char **))
{
	struct outcome o = { json_array(), json_array(), json_object(),
	    json_array(), NULL, NULL, EXIT_OK, NULL };
	struct params p = { .root = "/" };
	json_error_t jerr;
	json_t *in = json_loads(args, 0, &jerr), *res = json_object();
	bool failed;

	if (!json_is_object(in)) {
		o.error = in == NULL ? xasprintf("the arguments file is not JSON: "
		    "line %d: %s", jerr.line, jerr.text) :
		    xstrdup("the arguments file does not hold a JSON object");
	} else {
		o.error = parse_params(in, &p);
	}
	if (o.error == NULL) {
		/*
		 * present: create (predicted in check mode); audited: verify.
		 * Then the audits, which only read.  A change comes first:
		 * the reading steps give up the privileges it needs.
		 */
		run_step(&p, p.check && !p.audited, p.audited ? "verify" : "create",
		    NULL, run, &o);
		for (size_t i = 0; i < NAUDITS && o.error == NULL; i++)
			if (p.audit[i])
				run_step(&p, false, "audit", audit_words[i], run, &o);
	} else {
		o.rc = EXIT_ERROR;
	}
	char *msg = message(&p, &o, &failed);

	json_object_set_new(res, "changed", json_boolean(o.error == NULL &&
	    json_array_size(o.changes) > 0));
	json_object_set_new(res, "failed", json_boolean(failed));
	json_object_set_new(res, "msg", json_string(msg));
	json_object_set_new(res, "rc", json_integer(o.rc));
	json_object_set_new(res, "findings", o.findings);
	json_object_set_new(res, "changes", json_incref(o.changes));
	json_object_set_new(res, "summary", o.summary);
	json_object_set_new(res, "profile", o.profile != NULL ? o.profile : json_null());
	json_object_set_new(res, "jail", o.jail != NULL ? o.jail : json_null());
	if (o.error == NULL && p.diff)
		json_object_set_new(res, "diff", diff_of(&o));
	if (json_array_size(o.warnings) > 0)
		json_object_set(res, "warnings", o.warnings);
	if (json_dumpf(res, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		failed = true;
	fputc('\n', stdout);
	if (fflush(stdout) != 0)
		failed = true;
	json_decref(o.changes);
	json_decref(o.warnings);
	json_decref(res);
	json_decref(in);
	free(o.error);
	free(msg);
	free(args);
	return failed ? 1 : 0;
}
