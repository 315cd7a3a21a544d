/*
 * xccdf.c -- see xccdf.h.
 *
 * Each Rule's result, from the findings that carry its id:
 *	fail		a finding above info that is neither fixed nor waived
 *	pass		nothing above info left unwaived; a waived finding is
 *			a message that says so, with the waiver's reason (no
 *			<override>: OpenSCAP's schematron then demands one on
 *			every rule-result of the TestResult)
 *	fixed		every finding above info was repaired by this run
 *	informational	a notice (an info id such as selinux.unavailable) was
 *			reported
 *	notapplicable	the check could not apply: what it looks at is absent
 *			(no sendmail.cf, no smrsh directory, no SELinux), as
 *			another finding of the same run says
 * Every finding of the rule is a <message>.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "findings.h"
#include "util.h"
#include "xccdf.h"

#define NS "jailctl"	/* the namespace part of every XCCDF id */

/*
 * A finding of `blocker` makes the rules whose ids start with one of
 * `prefixes` not applicable, unless they have findings of their own.
 */
static const struct {
	const char *blocker;
	const char *prefixes[12];
} inapplicable[] = {
	{ "selinux.unavailable", { "tree.context" } },
	{ "cf.missing", { "cf." } },
	{ "cf.unreadable", { "cf." } },
	{ "forward.no-config", { "forward." } },
	{ "forward.disabled", { "forward." } },
	{ "smrsh.binary-missing", { "smrsh.binary-", "smrsh.cmddir-" } },
	{ "smrsh.dir-missing", { "smrsh.name-", "smrsh.target-", "smrsh.unapproved",
	    "smrsh.denied", "smrsh.dangling", "smrsh.link-loop",
	    "smrsh.dangerous-program", "smrsh.multicall", "smrsh.script",
	    "smrsh.interpreter-missing", "smrsh.dir-" } },
	{ "smrsh.dir-not-directory", { "smrsh.name-", "smrsh.target-",
	    "smrsh.unapproved", "smrsh.denied", "smrsh.dangling",
	    "smrsh.link-loop", "smrsh.dangerous-program", "smrsh.multicall",
	    "smrsh.script", "smrsh.interpreter-missing", "smrsh.dir-" } },
};

struct rule {
	const char *id;
	const struct finding_info *fi;	/* NULL: an id the catalogue lacks */
	const char *severity;		/* the rule's, as XCCDF names it */
};

/* Write s as XML character data (or an attribute value). */
static void
xml_text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	for (; *p != '\0'; p++) {
		switch (*p) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default:
			/*
			 * XML 1.0 has no way to carry most control characters
			 * (nor U+FFFE, U+FFFF): they appear as jailctl
			 * escapes them elsewhere, \xNN.
			 */
			if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
				fprintf(out, "\\x%02x", *p);
			else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
				fprintf(out, "\\xef\\xbf\\x%02x", p[2]);
				p += 2;
			} else
				fputc(*p, out);
		}
	}
}

/* An id as the part of an XCCDF id after its type: spaces become '-'. */
static void
xml_id(FILE *out, const char *type, const char *name)
{
	fprintf(out, "xccdf_" NS "_%s_", type);
	for (const char *p = name; *p != '\0'; p++)
		fputc(*p == ' ' ? '-' : *p, out);
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static bool
is_info(const json_t *f)
{
	return strcmp(str(f, "severity"), "info") == 0;
}

static bool
is_waived(const json_t *f)
{
	return json_is_object(json_object_get(f, "waived"));
}

static bool
has_finding(const json_t *findings, const char *id)
{
	size_t i;
	json_t *f;

	json_array_foreach(findings, i, f)
		if (strcmp(str(f, "id"), id) == 0)
			return true;
	return false;
}

static bool
not_applicable(const json_t *findings, const char *id)
{
	for (size_t b = 0; b < sizeof(inapplicable) / sizeof(inapplicable[0]); b++) {
		if (strcmp(id, inapplicable[b].blocker) == 0 ||
		    !has_finding(findings, inapplicable[b].blocker))
			continue;
		for (size_t p = 0; p < 12 && inapplicable[b].prefixes[p] != NULL; p++)
			if (strncmp(id, inapplicable[b].prefixes[p],
			    strlen(inapplicable[b].prefixes[p])) == 0)
				return true;
	}
	return false;
}

static int
rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct rule *)a)->id, ((const struct rule *)b)->id);
}

/* The catalogue's rules for the command, and any id a finding has besides. */
static struct rule *
rules_of(const json_t *doc, size_t *nrules)
{
	const json_t *findings = json_object_get(doc, "findings");
	unsigned bits = findings_command_bits(str(doc, "command"));
	size_t ncat, n = 0, i;
	const struct finding_info *all = findings_all(&ncat);
	struct rule *v = xcalloc(ncat + json_array_size(findings) + 1, sizeof(*v));
	json_t *f;

	for (i = 0; i < ncat; i++)
		if (all[i].commands & bits)
			v[n++] = (struct rule){ all[i].id, &all[i],
			    severity_name(all[i].severity) };
	json_array_foreach(findings, i, f) {
		const char *id = str(f, "id");
		bool known = false;

		for (size_t j = 0; j < n && !known; j++)
			known = strcmp(v[j].id, id) == 0;
		if (!known && *id != '\0')
			v[n++] = (struct rule){ id, findings_lookup(id), str(f, "severity") };
	}
	qsort(v, n, sizeof(*v), rule_cmp);
	*nrules = n;
	return v;
}

/* The check is jailctl itself: the rule passes when no finding has the id. */
static void
write_check(FILE *out, const char *id, const char *indent)
{
	fprintf(out, "%s<check system=\"urn:" NS ":finding-id\">\n"
	    "%s  <check-content-ref href=\"jailctl\" name=\"", indent, indent);
	xml_text(out, id);
	fprintf(out, "\"/>\n%s</check>\n", indent);
}

static void
write_rule(FILE *out, const json_t *doc, const struct rule *r)
{
	const struct finding_info *fi = r->fi;

	fputs("  <Rule id=\"", out);
	xml_id(out, "rule", r->id);
	fprintf(out, "\" selected=\"true\" severity=\"%s\">\n    <title>", r->severity);
	xml_text(out, r->id);
	if (fi != NULL) {
		fputs(": ", out);
		xml_text(out, fi->title);
	}
	fputs("</title>\n    <description>", out);
	if (fi != NULL) {
		fprintf(out, "Finding id %s, severity %s", fi->id, severity_name(fi->severity));
		if (fi->severity_note != NULL) {
			fputs(" (", out);
			xml_text(out, fi->severity_note);
			fputc(')', out);
		}
		fputs(". ", out);
		if (findings_detail(fi->id) != NULL) {
			xml_text(out, findings_detail(fi->id));
			fputc(' ', out);
		}
		fputs("See FINDINGS in jailctl(8).", out);
	} else {
		fputs("Finding id ", out);
		xml_text(out, r->id);
		fputs(" (not in this jailctl's catalogue).", out);
	}
	fputs("</description>\n", out);
	char *fix = findings_remediation(r->id, json_string_value(json_object_get(doc, "profile")),
	    json_string_value(json_object_get(doc, "jail")));
	if (fix != NULL) {
		fputs("    <fixtext>", out);
		xml_text(out, fix);
		fputs("</fixtext>\n", out);
		free(fix);
	}
	write_check(out, r->id, "    ");
	fputs("  </Rule>\n", out);
}

/* One <message> per finding: "PATH: MESSAGE", and what became of it. */
static void
write_message(FILE *out, const json_t *f)
{
	const char *sev = str(f, "severity"), *key = str(f, "key");
	bool fixed = json_is_true(json_object_get(f, "fixed")), waived = is_waived(f);
	const char *msev = strcmp(sev, "info") == 0 || fixed || waived ? "info" :
	    strcmp(sev, "high") == 0 ? "error" : "warning";

	fprintf(out, "      <message severity=\"%s\">", msev);
	xml_text(out, json_is_string(json_object_get(f, "path")) ? str(f, "path") : "-");
	fputs(": ", out);
	xml_text(out, str(f, "message"));
	if (*key != '\0') {
		fputs(" [key ", out);
		xml_text(out, key);
		fputc(']', out);
	}
	fprintf(out, " (%s%s", sev, fixed ? ", fixed" : waived ? ", waived: " : "");
	if (waived && !fixed) {
		const json_t *w = json_object_get(f, "waived");
		xml_text(out, str(w, "reason"));
		if (*str(w, "expires") != '\0') {
			fputs(", until ", out);
			xml_text(out, str(w, "expires"));
		}
	}
	fputs(")</message>\n", out);
}

struct tally {
	unsigned pass, fail;	/* for the flat score */
};

static void
write_rule_result(FILE *out, const json_t *doc, const struct rule *r,
    const char *when, struct tally *t)
{
	const json_t *findings = json_object_get(doc, "findings");
	size_t i, n = 0;
	json_t *f;
	bool unresolved = false, fixed = false, waived = false;
	const char *result, *severity = NULL;
	static const char *const ranks[] = { "info", "low", "medium", "high" };
	int worst = -1;

	json_array_foreach(findings, i, f) {
		if (strcmp(str(f, "id"), r->id) != 0)
			continue;
		n++;
		/* The rule-result's severity is its worst finding's. */
		for (int k = 0; k < 4; k++)
			if (strcmp(str(f, "severity"), ranks[k]) == 0 && k > worst)
				worst = k;
		if (is_info(f))
			continue;
		if (json_is_true(json_object_get(f, "fixed")))
			fixed = true;
		else if (is_waived(f))
			waived = true;
		else
			unresolved = true;
	}
	if (unresolved)
		result = "fail";
	else if (waived)
		result = "pass";
	else if (fixed)
		result = "fixed";
	else if (n > 0 && r->fi != NULL && r->fi->severity == SEV_INFO)
		result = "informational";
	else if (n == 0 && not_applicable(findings, r->id))
		result = "notapplicable";
	else
		result = "pass";
	if (strcmp(result, "fail") == 0)
		t->fail++;
	else if (strcmp(result, "pass") == 0 || strcmp(result, "fixed") == 0)
		t->pass++;

	fputs("    <rule-result idref=\"", out);
	xml_id(out, "rule", r->id);
	severity = worst >= 0 ? ranks[worst] : r->severity;
	fprintf(out, "\" severity=\"%s\" time=\"%s\">\n      <result>%s</result>\n",
	    severity, when, result);
	json_array_foreach(findings, i, f)
		if (strcmp(str(f, "id"), r->id) == 0)
			write_message(out, f);
	write_check(out, r->id, "      ");
	fputs("    </rule-result>\n", out);
}

int
xccdf_write(const json_t *doc, FILE *out)
{
	const char *command = str(doc, "command"), *version = str(doc, "jailctl");
	const char *when = str(doc, "time"), *host = str(doc, "host");
	char now[32], hostbuf[256];
	size_t nrules;
	struct rule *rules = rules_of(doc, &nrules);
	struct tally t = { 0, 0 };

	if (*when == '\0') {	/* a report without "time": now, in UTC */
		time_t tt = time(NULL);
		struct tm tm;
		strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&tt, &tm));
		when = now;
	}
	if (*host == '\0') {
		if (gethostname(hostbuf, sizeof(hostbuf)) != 0)
			strcpy(hostbuf, "localhost");
		hostbuf[sizeof(hostbuf) - 1] = '\0';
		host = hostbuf;
	}

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"", out);
	xml_id(out, "benchmark", command);
	fputs("\" resolved=\"true\" xml:lang=\"en\">\n"
	    "  <status>accepted</status>\n  <title>jailctl ", out);
	xml_text(out, command);
	fputs("</title>\n  <description>sendmail's SafeFileEnvironment jail, smrsh, "
	    "sendmail.cf and users' .forward files, as jailctl ", out);
	xml_text(out, command);
	fputs(" checks them against the profile ", out);
	xml_text(out, str(doc, "profile"));
	/* jailctl runs on Linux only (openat2, setfsuid). */
	fputs(".</description>\n  <platform idref=\"cpe:/o:linux:linux_kernel\"/>\n"
	    "  <version>", out);
	xml_text(out, version);
	fputs("</version>\n  <metadata>\n"
	    "    <dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">jailctl</dc:creator>\n"
	    "  </metadata>\n", out);
	for (size_t i = 0; i < nrules; i++)
		write_rule(out, doc, &rules[i]);

	fputs("  <TestResult id=\"", out);
	xml_id(out, "testresult", command);
	fprintf(out, "\" start-time=\"%s\" end-time=\"%s\" test-system=\"cpe:/a:" NS ":" NS ":",
	    when, when);
	xml_text(out, version);
	fputs("\">\n    <title>jailctl ", out);
	xml_text(out, command);
	fputs("</title>\n", out);
	if (json_is_true(json_object_get(doc, "dry_run")))
		fputs("    <remark>--dry-run: changes are predictions</remark>\n", out);
	fputs("    <target>", out);
	xml_text(out, host);
	fputs("</target>\n    <target-facts>\n"
	    "      <fact name=\"urn:xccdf:fact:asset:identifier:host_name\" type=\"string\">", out);
	xml_text(out, host);
	static const char *const facts[] = { "profile", "root", "jail" };
	for (size_t i = 0; i < 3; i++) {
		fprintf(out, "</fact>\n      <fact name=\"urn:" NS ":%s\" type=\"string\">", facts[i]);
		xml_text(out, str(doc, facts[i]));
	}
	fputs("</fact>\n    </target-facts>\n", out);
	for (size_t i = 0; i < nrules; i++)
		write_rule_result(out, doc, &rules[i], when, &t);
	fprintf(out, "    <score system=\"urn:xccdf:scoring:flat\" maximum=\"%u\">%u</score>\n"
	    "  </TestResult>\n</Benchmark>\n", t.pass + t.fail, t.pass);
	free(rules);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}
