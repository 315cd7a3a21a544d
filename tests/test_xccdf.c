/*
 * test_xccdf.c -- --format xccdf: one Rule per finding id the command
 * checks, a rule-result for each, and a document OpenSCAP accepts.
 *
 * The results are checked on report documents made here (so every case --
 * fixed, waived, notices, inapplicable rules -- is covered whatever the
 * report module emits today) and on real runs, which `oscap xccdf validate`
 * must accept and `oscap xccdf generate report` must render.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "findings.h"
#include "xccdf.h"

static char *
to_xccdf(json_t *doc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(xccdf_write(doc, out), 0);
	fclose(out);
	json_decref(doc);
	return buf;
}

/* The <result> of the rule-result for id, or NULL when there is none. */
static char *
result_of(const char *xml, const char *id)
{
	char *needle;
	const char *p, *tr = strstr(xml, "<TestResult");

	assert_non_null(tr);
	assert_true(asprintf(&needle, "idref=\"xccdf_jailctl_rule_%s\"", id) > 0);
	p = strstr(tr, needle);
	free(needle);
	if (p == NULL)
		return NULL;
	p = strstr(p, "<result>") + 8;
	return strndup(p, strcspn(p, "<"));
}

static void
expect_result(const char *xml, const char *id, const char *want)
{
	char *got = result_of(xml, id);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("rule %s: expected %s, got %s\n%s", id, want,
		    got != NULL ? got : "no rule-result", xml);
	free(got);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
		n++;
	return n;
}

static bool have_oscap(void);
static void oscap_accepts(const char *root, const char *xml);

static json_t *
finding(const char *id, const char *sev, const char *path, const char *msg)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "id", id, "severity", sev,
	    "path", path, "message", msg, "fixed", 0);
}

static json_t *
doc_of(const char *command, json_t *findings)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "jailctl", "0.1.0",
	    "command", command, "profile", "debian", "root", "/",
	    "jail", "/var/mailjail", "dry_run", 0, "findings", findings);
}

/* One Rule and one rule-result per id the command checks, no more. */
static void
test_rules_are_the_commands_ids(void **state)
{
	char *xml = to_xccdf(doc_of("audit smrsh", json_array()));
	size_t n, want = 0;
	const struct finding_info *all = findings_all(&n);

	(void)state;
	for (size_t i = 0; i < n; i++)
		if (all[i].commands & FCMD_AUDIT_SMRSH)
			want++;
	assert_int_equal(count(xml, "<Rule "), want);
	assert_int_equal(count(xml, "<rule-result "), want);
	assert_non_null(strstr(xml, "id=\"xccdf_jailctl_rule_smrsh.dir-writable\""));
	assert_null(strstr(xml, "xccdf_jailctl_rule_tree."));
	assert_non_null(strstr(xml, "id=\"xccdf_jailctl_benchmark_audit-smrsh\""));
	expect_result(xml, "smrsh.dir-writable", "pass");
	/* Nothing failed: the flat score is full. */
	char *score;
	assert_true(asprintf(&score, "maximum=\"%zu\">%zu</score>", want, want) > 0);
	assert_non_null(strstr(xml, score));
	free(score);
	free(xml);
}

static void
test_results(void **state)
{
	json_t *f = json_array(), *x;

	(void)state;
	json_array_append_new(f, finding("tree.mode", "high", "/var", "mode differs"));
	x = finding("tree.owner", "medium", "/var/spool", "owner differs");
	json_object_set_new(x, "fixed", json_true());
	json_array_append_new(f, x);
	x = finding("tree.group", "medium", "/var/spool/mail", "group differs");
	json_object_set_new(x, "waived", json_pack("{s:s, s:s}", "reason",
	    "mail group kept <for now>", "expires", "2027-01-31"));
	json_array_append_new(f, x);
	json_array_append_new(f, finding("selinux.unavailable", "info", "/",
	    "SELinux is off"));
	json_array_append_new(f, finding("content.stray", "low", "/var/spool/mail/x\x01<y>",
	    "named after no user & odd"));
	/* One of two findings of a rule waived: the rule still fails, no override. */
	x = finding("content.owner", "high", "/var/spool/mail/alice", "owned by bob");
	json_object_set_new(x, "waived", json_pack("{s:s, s:n}", "reason", "shared box",
	    "expires"));
	json_array_append_new(f, x);
	json_array_append_new(f, finding("content.owner", "high", "/var/spool/mail/bob",
	    "owned by alice"));
	char *xml = to_xccdf(doc_of("verify", f));

	expect_result(xml, "tree.mode", "fail");
	expect_result(xml, "tree.owner", "fixed");
	/* A waived finding does not fail its rule; its message says why. */
	expect_result(xml, "tree.group", "pass");
	assert_non_null(strstr(xml, "<message severity=\"info\">/var/spool/mail: group differs "
	    "(medium, waived: mail group kept &lt;for now&gt;, until 2027-01-31)</message>"));
	/* One of two findings waived: the rule still fails. */
	expect_result(xml, "content.owner", "fail");
	/* A notice is informational, and what it prevented is not applicable. */
	expect_result(xml, "selinux.unavailable", "informational");
	expect_result(xml, "tree.context", "notapplicable");
	expect_result(xml, "tree.caps", "pass");
	expect_result(xml, "content.stray", "fail");
	/* A rule-result is as severe as its worst finding, not the rule's default. */
	assert_non_null(strstr(xml, "idref=\"xccdf_jailctl_rule_content.stray\" severity=\"low\""));
	assert_non_null(strstr(xml, "idref=\"xccdf_jailctl_rule_tree.caps\" severity=\"high\""));
	/* Text is escaped for XML; control characters as jailctl escapes them. */
	assert_non_null(strstr(xml, "/var/spool/mail/x\\x01&lt;y&gt;: named after no user &amp; odd"));
	/* The remediation is the Rule's fixtext. */
	assert_non_null(strstr(xml, "<fixtext>jailctl verify --fix sets the mode</fixtext>"));
	/* And OpenSCAP takes every one of these cases. */
	if (have_oscap()) {
		char *dir = tu_mkroot();
		oscap_accepts(dir, xml);
		tu_rmroot(dir);
	}
	free(xml);
}

/* An id the catalogue lacks still gets a Rule, so nothing is lost. */
static void
test_uncatalogued_id(void **state)
{
	json_t *f = json_array();

	(void)state;
	json_array_append_new(f, finding("cf.future-thing", "low", "/etc/mail/sendmail.cf", "new"));
	char *xml = to_xccdf(doc_of("audit config", f));
	expect_result(xml, "cf.future-thing", "fail");
	/* cf.missing was not reported: every other cf rule applies. */
	expect_result(xml, "cf.runasuser", "pass");
	free(xml);
}

/* oscap, when it can be had (scripts/deps installs openscap-scanner). */
static bool
have_oscap(void)
{
	if (system("command -v oscap >/dev/null 2>&1") == 0)
		return true;
	print_message("skipped: oscap (openscap-scanner) is not installed\n");
	return false;
}

static void
oscap_accepts(const char *root, const char *xml)
{
	char *file = tu_path(root, "report.xml"), *html = tu_path(root, "report.html");
	char *cmd;
	FILE *fp = fopen(file, "w");

	assert_non_null(fp);
	fputs(xml, fp);
	assert_int_equal(fclose(fp), 0);
	assert_true(asprintf(&cmd, "oscap xccdf validate '%s' >/dev/null 2>&1", file) > 0);
	if (system(cmd) != 0) {
		free(cmd);
		assert_true(asprintf(&cmd, "oscap xccdf validate '%s'", file) > 0);
		(void)system(cmd);
		fail_msg("oscap xccdf validate rejects the document:\n%s", xml);
	}
	free(cmd);
	assert_true(asprintf(&cmd, "oscap xccdf generate report '%s' > '%s'", file, html) > 0);
	assert_int_equal(system(cmd), 0);
	char *page = tu_read_file(html);
	assert_non_null(strstr(page, "jailctl"));
	assert_non_null(strstr(page, "rule-overview-leaf-fail"));
	free(page);
	free(cmd);
	free(file);
	free(html);
}

static char *
checked_output(int st, int want, char *out, char *err)
{
	if (st != want)
		fail_msg("exit %d, expected %d: %s", st, want, err);
	free(err);
	return out;
}

/* verify with drift, and audit of Debian's stock sendmail.cf, through oscap. */
static void
test_oscap_validates_real_runs(void **state)
{
	char *root = *state, *xml;

	TU_REQUIRE_ROOT();
	char *out, *err;
	int st = tu_run(&out, &err, "--root", root, "--profile", "debian", "create", NULL);
	free(checked_output(st, 0, out, err));
	tu_chmod(root, "var/mailjail/var/spool/mqueue", 0777);
	st = tu_run(&out, &err, "--root", root, "--profile", "debian", "--format",
	    "xccdf", "verify", NULL);
	xml = checked_output(st, 1, out, err);
	expect_result(xml, "tree.mode", "fail");
	expect_result(xml, "tree.missing", "pass");
	if (have_oscap())
		oscap_accepts(root, xml);
	free(xml);

	char *src = tu_srcfile("tests/data/cf/sendmail.cf.debian12-default");
	char *cf = tu_read_file(src);
	tu_write(root, "etc/mail/sendmail.cf", cf, 0644);
	st = tu_run(&out, &err, "--root", root, "--profile", "debian", "audit",
	    "--format", "xccdf", NULL);
	xml = checked_output(st, 1, out, err);
	expect_result(xml, "cf.prog-not-smrsh", "fail");
	assert_non_null(strstr(xml, "sendmailconfig"));
	if (have_oscap())
		oscap_accepts(root, xml);
	free(xml);
	free(cf);
	free(src);
}

/* Commands without findings have no rules to report against. */
static void
test_not_for_profile_or_pipe(void **state)
{
	char *err;
	(void)state;

	assert_int_equal(tu_run(NULL, &err, "--format", "xccdf", "profile", "list", NULL), 2);
	assert_non_null(strstr(err, "xccdf"));
	free(err);
	assert_int_equal(tu_run(NULL, &err, "--root", *state, "--profile", "debian",
	    "--format", "xccdf", "audit", "pipe", "--", "vacation", NULL), 2);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_are_the_commands_ids),
		cmocka_unit_test(test_results),
		cmocka_unit_test(test_uncatalogued_id),
		cmocka_unit_test_setup_teardown(test_oscap_validates_real_runs,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_not_for_profile_or_pipe,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
