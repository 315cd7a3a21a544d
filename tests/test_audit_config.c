/*
 * test_audit_config.c -- `audit config` findings, read back from the JSON
 * report exactly as cron or Ansible would see them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#include "audit.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "report.h"

struct fixture {
	char *root;
	int root_fd;
	struct names *names;
	struct profile profile;
	struct context ctx;
	int status;		/* report_finish() of the last run */
	int ret;		/* audit_config() of the last run */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = tu_mkroot();
	f->root_fd = tu_open_root(f->root);
	f->names = names_load(f->root_fd, false);
	/* The parts of the Debian profile that audit config reads. */
	f->profile.name = strdup("debian");
	f->profile.sendmail_cf = strdup("/etc/mail/sendmail.cf");
	f->profile.jail = strdup("/var/mailjail");
	f->profile.smrsh.binary = strdup("/usr/libexec/sendmail/smrsh");
	f->ctx.opt.root = f->root;
	f->ctx.opt.format = FORMAT_JSON;
	f->ctx.root_fd = f->root_fd;
	f->ctx.names = f->names;
	f->ctx.profile = &f->profile;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->profile.name);
	free(f->profile.sendmail_cf);
	free(f->profile.jail);
	free(f->profile.smrsh.binary);
	names_free(f->names);
	close(f->root_fd);
	tu_rmroot(f->root);
	free(f);
	return 0;
}

static void
install_fixture(struct fixture *f, const char *name)
{
	char *rel, *src, *text;

	assert_true(asprintf(&rel, "tests/data/cf/%s", name) > 0);
	src = tu_srcfile(rel);
	text = tu_read_file(src);
	tu_write(f->root, "etc/mail/sendmail.cf", text, 0644);
	free(text);
	free(src);
	free(rel);
}

/* A minimal cf: a local mailer, smrsh, the jail, and `extra`. */
static void
install_cf(struct fixture *f, const char *extra)
{
	char *text;

	assert_true(asprintf(&text, "V10/Berkeley\n"
	    "Mlocal, P=/usr/sbin/sensible-mda, F=lsDFMAw5:/|@qPn9S, A=sensible-mda $u\n"
	    "Mprog, P=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9, A=smrsh -c $u\n"
	    "O SafeFileEnvironment=/var/mailjail\n%s", extra) > 0);
	tu_write(f->root, "etc/mail/sendmail.cf", text, 0644);
	free(text);
}

/* Run audit config into a JSON report on a memstream and parse it back. */
static json_t *
run(struct fixture *f)
{
	struct report_header h = { "audit config", "debian", f->root,
	    f->profile.jail, false };
	struct tu_report r;

	tu_report_begin(&r, &h);
	f->ret = audit_config(&f->ctx, r.rep);
	return tu_report_end(&r, &f->status);
}

/* The finding with this id whose "actual" is `actual`. */
static json_t *
find_actual(json_t *doc, const char *id, const char *actual)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(doc, "findings"), i, x) {
		const char *a = tu_str(x, "actual");

		if (strcmp(tu_str(x, "id"), id) == 0 && a != NULL &&
		    strcmp(a, actual) == 0)
			return x;
	}
	return NULL;
}

static void
assert_dbs(json_t *doc, const char *flag, const char *severity)
{
	json_t *x = find_actual(doc, "cf.dbs", flag);

	if (x == NULL)
		print_error("no cf.dbs finding for %s\n", flag);
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), severity);
	assert_non_null(strstr(tu_str(x, "message"), flag));
}

/* The nine weakening flags of Debian's shipped DontBlameSendmail line. */
static void
assert_debian_dbs(json_t *doc)
{
	assert_int_equal(tu_count_findings(doc, "cf.dbs", NULL), 9);
	assert_dbs(doc, "AssumeSafeChown", "info");
	assert_dbs(doc, "ForwardFileInGroupWritableDirPath", "medium");
	assert_dbs(doc, "GroupWritableForwardFileSafe", "low");
	assert_dbs(doc, "GroupWritableIncludeFileSafe", "low");
	assert_dbs(doc, "IncludeFileInGroupWritableDirPath", "medium");
	assert_dbs(doc, "DontWarnForwardFileInUnsafeDirPath", "info");
	/* alias.c forward(): only a candidate that does not exist goes unlogged */
	assert_non_null(strstr(tu_str(find_actual(doc, "cf.dbs",
	    "DontWarnForwardFileInUnsafeDirPath"), "message"),
	    "does not exist (a skipped existing ~/.forward is still logged)"));
	assert_dbs(doc, "TrustStickyBit", "medium");
	assert_dbs(doc, "NonRootSafeAddr", "low");
	assert_dbs(doc, "GroupWritableIncludeFile", "medium");
	/* Irrelevant to jail, smrsh and .forward: listed, not a finding. */
	assert_null(find_actual(doc, "cf.dbs", "GroupReadableDefaultAuthInfoFile"));
}

/* ---------------------------------------------------------------------- */

static void
test_debian_default(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *cfg, *prog, *x;
	size_t writable;

	TU_REQUIRE_ROOT();	/* a cf not owned by root is a finding of its own */
	install_fixture(f, "sendmail.cf.debian12-default");
	doc = run(f);
	assert_int_equal(f->ret, 0);
	assert_int_equal(f->status, 1);

	x = tu_expect_finding(doc, "cf.prog-not-smrsh", "/etc/mail/sendmail.cf",
	    "high");
	assert_string_equal(tu_str(x, "actual"), "/bin/sh");
	assert_string_equal(tu_str(x, "expected"), "/usr/libexec/sendmail/smrsh");

	x = tu_expect_finding(doc, "cf.safefileenv-root", NULL, "medium");
	assert_string_equal(tu_str(x, "actual"), "/");
	assert_string_equal(tu_str(x, "expected"), "/var/mailjail");
	assert_non_null(strstr(tu_str(x, "message"), "line 446"));
	tu_expect_no_finding(doc, "cf.safefileenv-absent", NULL);

	assert_debian_dbs(doc);
	/* $z/... entries are the homes, which `audit forward` examines. */
	tu_expect_no_finding(doc, "cf.forwardpath-unsafe", NULL);
	tu_expect_no_finding(doc, "cf.warning", NULL);
	writable = tu_count_findings(doc, "cf.writable", NULL);
	assert_int_equal(writable, 0);
	assert_int_equal(tu_nfindings(doc), 11);

	cfg = json_object_get(doc, "config");
	assert_non_null(cfg);
	assert_string_equal(tu_str(cfg, "file"), "/etc/mail/sendmail.cf");
	assert_true(json_is_null(json_object_get(cfg, "safe_file_environment")));
	assert_string_equal(tu_str(cfg, "safe_file_environment_raw"), "/");
	assert_string_equal(tu_str(cfg, "forward_path"),
	    "$z/.forward.$w:$z/.forward");
	assert_int_equal(json_array_size(json_object_get(cfg,
	    "dont_blame_sendmail")), 10);
	assert_string_equal(json_string_value(json_array_get(json_object_get(cfg,
	    "dont_blame_sendmail"), 0)), "AssumeSafeChown");
	prog = json_object_get(cfg, "prog_mailer");
	assert_string_equal(tu_str(prog, "path"), "/bin/sh");
	assert_string_equal(tu_str(prog, "flags"), "lsDFMoqeu9");
	assert_int_equal(json_array_size(json_object_get(prog, "argv")), 3);
	assert_string_equal(json_string_value(json_array_get(json_object_get(prog,
	    "argv"), 2)), "$u");
	assert_true(json_is_false(json_object_get(prog, "builtin")));
	assert_true(json_is_false(json_object_get(prog, "is_smrsh")));
	assert_string_equal(tu_str(cfg, "trusted_user"), "smmta");
	assert_string_equal(tu_str(cfg, "default_user"), "mail:mail");
	assert_true(json_is_null(json_object_get(cfg, "run_as_user")));
	assert_string_equal(tu_str(cfg, "temp_file_mode"), "0640");
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "default_user_line")), 383);
	/* What the .forward audit uses, sendmail's defaults included. */
	assert_string_equal(tu_str(cfg, "operator_chars"), ".:%@!^/[]+");
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "operator_chars_line")), 470);
	assert_string_equal(tu_str(cfg, "operator_chars_source"), "option");
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "max_alias_recursion")), 10);
	assert_true(json_is_null(json_object_get(cfg, "max_alias_recursion_line")));
	assert_true(json_is_false(json_object_get(cfg, "dont_init_groups")));
	assert_true(json_is_null(json_object_get(cfg, "dont_init_groups_line")));
	x = json_object_get(cfg, "file_mailer");
	assert_true(json_is_true(json_object_get(x, "builtin")));
	assert_string_equal(tu_str(x, "path"), "[FILE]");
	assert_string_equal(tu_str(x, "flags"), "lsDFMPEouq9");
	assert_true(json_is_null(json_object_get(x, "root_directory")));
	assert_true(json_is_null(json_object_get(x, "line")));
	json_decref(doc);
}

/* The options the .forward audit depends on, as the file sets them. */
static void
test_forward_options(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *cfg, *fm;

	install_cf(f, "O OperatorChars=.:-\n"
	    "O MaxAliasRecursion=3\n"
	    "O DontInitGroups=True\n"
	    "M*file*, P=[FILE], F=lsDFMPEoq9S, U=mail, /=/srv/files/,\n"
	    "\tA=FILE $u\n"
	    "S0\n"
	    "R$+\t$@ $1\n"
	    "O OperatorChars=.:\n");
	doc = run(f);
	cfg = json_object_get(doc, "config");
	assert_string_equal(tu_str(cfg, "operator_chars"), ".:-");
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "operator_chars_line")), 5);
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "operator_chars_ignored_line")), 12);
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "max_alias_recursion")), 3);
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "max_alias_recursion_line")), 6);
	assert_true(json_is_true(json_object_get(cfg, "dont_init_groups")));
	assert_int_equal(json_integer_value(json_object_get(cfg,
	    "dont_init_groups_line")), 7);
	fm = json_object_get(cfg, "file_mailer");
	assert_true(json_is_false(json_object_get(fm, "builtin")));
	assert_int_equal(json_integer_value(json_object_get(fm, "line")), 8);
	assert_string_equal(tu_str(fm, "flags"), "lsDFMPEoq9S");
	assert_string_equal(tu_str(fm, "user"), "mail");
	assert_string_equal(tu_str(fm, "root_directory"), "/srv/files/");
	assert_int_equal(json_array_size(json_object_get(fm, "argv")), 2);
	/* sendmail's redefinition warning is passed on as it says it */
	assert_non_null(tu_find_finding(doc, "cf.warning", NULL));
	assert_non_null(strstr(tu_str(tu_find_finding(doc, "cf.warning", NULL),
	    "message"), "line 12: Warning: OperatorChars is being redefined"));
	json_decref(doc);
}

static void
test_debian_smrsh_jail(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *prog;

	TU_REQUIRE_ROOT();
	install_fixture(f, "sendmail.cf.debian12-smrsh-jail");
	doc = run(f);
	/* smrsh, and the jail the profile manages: only the DBS flags. */
	tu_expect_no_finding(doc, "cf.prog-not-smrsh", NULL);
	tu_expect_no_finding(doc, "cf.prog-smrsh-mismatch", NULL);
	tu_expect_no_finding(doc, "cf.safefileenv-root", NULL);
	tu_expect_no_finding(doc, "cf.safefileenv-mismatch", NULL);
	assert_debian_dbs(doc);
	assert_int_equal(tu_nfindings(doc), 9);
	prog = json_object_get(json_object_get(doc, "config"), "prog_mailer");
	assert_true(json_is_true(json_object_get(prog, "is_smrsh")));
	assert_string_equal(tu_str(json_object_get(doc, "config"),
	    "safe_file_environment"), "/var/mailjail");
	json_decref(doc);
}

static void
test_jail_mismatch(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	install_fixture(f, "sendmail.cf.debian12-smrsh-jail");
	/* --jail /srv/jail/ (the trailing '/' does not matter). */
	f->ctx.opt.jail = "/srv/jail/";
	doc = run(f);
	x = tu_expect_finding(doc, "cf.safefileenv-mismatch", NULL, "medium");
	assert_string_equal(tu_str(x, "expected"), "/srv/jail/");
	assert_string_equal(tu_str(x, "actual"), "/var/mailjail");
	json_decref(doc);

	f->ctx.opt.jail = "/var/mailjail/";
	doc = run(f);
	tu_expect_no_finding(doc, "cf.safefileenv-mismatch", NULL);
	json_decref(doc);
}

static void
test_rhel_style(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	TU_REQUIRE_ROOT();
	install_fixture(f, "sendmail.cf.rhel-style");
	doc = run(f);
	/* smrsh, but not the binary the (Debian) profile audits. */
	tu_expect_no_finding(doc, "cf.prog-not-smrsh", NULL);
	x = tu_expect_finding(doc, "cf.prog-smrsh-mismatch", NULL, "medium");
	assert_string_equal(tu_str(x, "actual"), "/usr/sbin/smrsh");
	tu_expect_finding(doc, "cf.safefileenv-absent", NULL, "medium");
	assert_int_equal(tu_count_findings(doc, "cf.dbs", NULL), 0);
	assert_int_equal(tu_nfindings(doc), 2);
	json_decref(doc);
}

static void
test_builtin_prog(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x, *prog;

	tu_write(f->root, "etc/mail/sendmail.cf",
	    "Mlocal, P=/usr/sbin/sensible-mda, A=sensible-mda $u\n"
	    "Mprog, P=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9\n"
	    "O SafeFileEnvironment=/var/mailjail\n", 0644);
	doc = run(f);
	/* The Mprog line lacks A=, so sendmail drops it and keeps /bin/sh. */
	x = tu_expect_finding(doc, "cf.prog-not-smrsh", NULL, "high");
	assert_non_null(strstr(tu_str(x, "message"), "built-in"));
	x = tu_expect_finding(doc, "cf.warning", NULL, "low");
	assert_non_null(strstr(tu_str(x, "message"),
	    "Mprog: A= argument required"));
	prog = json_object_get(json_object_get(doc, "config"), "prog_mailer");
	assert_true(json_is_true(json_object_get(prog, "builtin")));
	assert_string_equal(tu_str(prog, "flags"), "lsouDq9");
	json_decref(doc);
}

static void
test_double_space_warning(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	tu_write(f->root, "etc/mail/sendmail.cf",
	    "Mlocal, P=/usr/sbin/sensible-mda, A=sensible-mda $u\n"
	    "Mprog, P=/usr/libexec/sendmail/smrsh, A=smrsh -c $u\n"
	    "O  SafeFileEnvironment=/var/mailjail\n", 0644);
	doc = run(f);
	x = tu_find_finding(doc, "cf.warning", NULL);
	assert_non_null(x);
	assert_non_null(strstr(tu_str(x, "message"),
	    "line 3: readcf: unknown option name  SafeFileEnvironment"));
	/* ... and so the jail is not set at all. */
	tu_expect_finding(doc, "cf.safefileenv-absent", NULL, "medium");
	json_decref(doc);
}

static void
test_later_slash_is_info(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	install_cf(f, "O SafeFileEnvironment=/\n");
	doc = run(f);
	x = tu_expect_finding(doc, "cf.safefileenv-noop", NULL, "info");
	assert_string_equal(tu_str(x, "actual"), "/");
	tu_expect_no_finding(doc, "cf.safefileenv-root", NULL);
	if (geteuid() == 0) {
		/* Nothing but a notice: the exit status says compliant. */
		assert_int_equal(tu_nfindings(doc), 1);
		assert_int_equal(f->status, 0);
	}
	json_decref(doc);
}

static void
test_run_as_user(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	install_cf(f, "O RunAsUser=mail\nO DontBlameSendmail=NonRootSafeAddr\n");
	doc = run(f);
	x = tu_expect_finding(doc, "cf.runasuser", NULL, "medium");
	assert_string_equal(tu_str(x, "actual"), "mail");
	/* Without root, NonRootSafeAddr is what lets the programs run. */
	assert_dbs(doc, "NonRootSafeAddr", "medium");
	json_decref(doc);

	install_cf(f, "O RunAsUser=root:root\n");
	doc = run(f);
	tu_expect_no_finding(doc, "cf.runasuser", NULL);
	json_decref(doc);

	/* No SafeFileEnvironment to break, but .forward programs and files
	 * are refused: medium all the same, as jailctl(8) lists it. */
	tu_write(f->root, "etc/mail/sendmail.cf", "V10/Berkeley\n"
	    "Mprog, P=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9, A=smrsh -c $u\n"
	    "O RunAsUser=mail\n", 0644);
	doc = run(f);
	tu_expect_finding(doc, "cf.runasuser", NULL, "medium");
	json_decref(doc);
}

static void
test_forwardpath_empty(void **state)
{
	struct fixture *f = *state;
	json_t *doc;

	install_cf(f, "O ForwardPath=\n");
	doc = run(f);
	tu_expect_finding(doc, "cf.forwardpath-empty", NULL, "info");
	assert_string_equal(tu_str(json_object_get(doc, "config"), "forward_path"),
	    "");
	json_decref(doc);
}

/* mkdir(1777) is group- and other-writable; writable_describe()'s words. */
#define TMP_WHO "/tmp writable by group root (gid 0) (mode), everyone (mode)"

static void
test_forwardpath_unsafe(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	TU_REQUIRE_ROOT();	/* directories owned by root and by alice */
	/* tu_mkdir sets the mode past the umask; chown leaves a directory's
	 * mode bits alone. */
	tu_mkdir(f->root, "tmp", 01777);
	tu_chown(f->root, "tmp", 0, 0);
	tu_mkdir(f->root, "var/forward", 0755);
	tu_chown(f->root, "var/forward", 0, 0);
	tu_mkdir(f->root, "var/gfwd", 0775);
	tu_chown(f->root, "var/gfwd", 0, 8);
	tu_mkdir(f->root, "var/alicefwd", 0755);
	tu_chown(f->root, "var/alicefwd", 1001, 1001);
	tu_symlink(f->root, "/tmp", "var/lnk");
	install_cf(f, "O ForwardPath=/tmp/$u.forward:/var/forward/$u:"
	    "/var/gfwd/$u::/var/alicefwd/$u/.forward:/var/lnk/$u:"
	    "/tmp/missing/$u:$z/.forward\n");
	doc = run(f);

	assert_int_equal(tu_count_findings(doc, "cf.forwardpath-unsafe", NULL), 5);
	x = find_actual(doc, "cf.forwardpath-unsafe",
	    TMP_WHO);
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), "high");
	assert_non_null(strstr(tu_str(x, "message"), "/tmp/$u.forward"));
	assert_non_null(strstr(tu_str(x, "message"), "mode 1777"));
	x = find_actual(doc, "cf.forwardpath-unsafe",
	    "/var/gfwd writable by group mail (gid 8) (mode)");
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), "medium");
	x = find_actual(doc, "cf.forwardpath-unsafe",
	    "/var/alicefwd writable by owner alice (uid 1001)");
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), "medium");
	/* Through the symlink the walk reaches /tmp, and a directory that
	 * does not exist yet is as unsafe as the one it would be made in:
	 * three entries end up under /tmp. */
	{
		json_t *y;
		size_t i, tmp_high = 0;

		json_array_foreach(json_object_get(doc, "findings"), i, y) {
			if (strcmp(tu_str(y, "id"), "cf.forwardpath-unsafe") == 0 &&
			    strcmp(tu_str(y, "actual"), TMP_WHO) == 0 &&
			    strcmp(tu_str(y, "severity"), "high") == 0)
				tmp_high++;
		}
		assert_int_equal(tmp_high, 3);
	}
	/* /var/forward is root's and 0755: no finding names it. */
	{
		json_t *y;
		size_t i;

		json_array_foreach(json_object_get(doc, "findings"), i, y)
			assert_null(strstr(tu_str(y, "message"), "/var/forward/"));
	}
	json_decref(doc);
}

static void
test_missing_and_unreadable(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	doc = run(f);
	assert_int_equal(f->ret, 0);
	tu_expect_finding(doc, "cf.missing", NULL, "medium");
	assert_int_equal(tu_nfindings(doc), 1);
	assert_null(json_object_get(doc, "config"));
	assert_int_equal(f->status, 1);
	json_decref(doc);

	/* A directory where the file should be. */
	tu_mkdir(f->root, "etc/mail/sendmail.cf", 0755);
	doc = run(f);
	x = tu_expect_finding(doc, "cf.unreadable", NULL, "medium");
	assert_string_equal(tu_str(x, "actual"), strerror(EISDIR));
	json_decref(doc);
}

static void
test_cf_override_and_writable(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	/* --cf names another file; the profile's is absent. */
	tu_write(f->root, "etc/mail/other.cf",
	    "Mlocal, P=/usr/sbin/sensible-mda, A=sensible-mda $u\n"
	    "Mprog, P=/usr/libexec/sendmail/smrsh, A=smrsh -c $u\n"
	    "O SafeFileEnvironment=/var/mailjail\n", 0666);
	f->ctx.opt.cf = "/etc/mail/other.cf";
	doc = run(f);
	tu_expect_no_finding(doc, "cf.missing", NULL);
	x = tu_expect_finding(doc, "cf.writable", "/etc/mail/other.cf", "high");
	assert_string_equal(tu_str(x, "actual"), "mode 0666");
	assert_non_null(strstr(tu_str(x, "message"), "world-writable"));
	json_decref(doc);
}

static void
test_values_are_escaped(void **state)
{
	struct fixture *f = *state;
	json_t *doc;

	/* Not UTF-8 and a control character: the document must still parse,
	 * with the bytes shown as \xNN. */
	install_cf(f, "O ForwardPath=$z/.f\xff\x01wd\n");
	doc = run(f);
	assert_string_equal(tu_str(json_object_get(doc, "config"), "forward_path"),
	    "$z/.f\\xff\\x01wd");
	json_decref(doc);
}

/*
 * Write for another user is as severe through an ACL as through the mode
 * bits: sendmail.cf writable by one user's ACL entry is cf.writable high,
 * as group-writable by mode is, and says whom; an ACL whose mask shows
 * write bits nobody but root and the owner holds is only sendmail's
 * warning (info).  A ForwardPath directory one user may write by ACL is
 * as unsafe as one its group may write by mode.
 */
static void
test_acl_write_is_mode_write(void **state)
{
	struct fixture *f = *state;
	json_t *doc, *x;

	TU_REQUIRE_ROOT();	/* a cf not owned by root is a finding of its own */
	install_cf(f, "");
	tu_chmod(f->root, "etc/mail/sendmail.cf", 0664);
	doc = run(f);
	x = tu_expect_finding(doc, "cf.writable", "/etc/mail/sendmail.cf",
	    "high");
	assert_string_equal(tu_str(x, "actual"), "mode 0664");
	assert_non_null(strstr(tu_str(x, "message"), "group-writable"));
	json_decref(doc);

	tu_chmod(f->root, "etc/mail/sendmail.cf", 0644);
	tu_set_acl(f->root, "etc/mail/sendmail.cf",
	    "u::rw-,u:1002:rw-,g::r--,m::rw-,o::r--");
	doc = run(f);
	x = tu_expect_finding(doc, "cf.writable", "/etc/mail/sendmail.cf",
	    "high");
	assert_string_equal(tu_str(x, "actual"), "mode 0664");
	assert_non_null(strstr(tu_str(x, "message"),
	    "writable by user bob (uid 1002) (ACL)"));
	json_decref(doc);

	tu_set_acl(f->root, "etc/mail/sendmail.cf",
	    "u::rw-,u:0:rw-,g::r--,m::rw-,o::r--");
	doc = run(f);
	x = tu_expect_finding(doc, "cf.writable", "/etc/mail/sendmail.cf",
	    "info");
	assert_non_null(strstr(tu_str(x, "message"), "lets no one besides "
	    "root and the owner write it"));
	json_decref(doc);

	tu_set_acl(f->root, "etc/mail/sendmail.cf", "u::rw-,g::r--,o::r--");
	tu_mkdir(f->root, "var/gfwd", 0775);
	tu_chown(f->root, "var/gfwd", 0, 8);
	tu_mkdir(f->root, "var/afwd", 0755);
	tu_chown(f->root, "var/afwd", 0, 0);
	tu_set_acl(f->root, "var/afwd", "u::rwx,u:1002:rwx,g::r-x,m::rwx,o::r-x");
	install_cf(f, "O ForwardPath=/var/gfwd/$u:/var/afwd/$u\n");
	doc = run(f);
	tu_expect_no_finding(doc, "cf.writable", NULL);
	x = find_actual(doc, "cf.forwardpath-unsafe",
	    "/var/gfwd writable by group mail (gid 8) (mode)");
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), "medium");
	x = find_actual(doc, "cf.forwardpath-unsafe",
	    "/var/afwd writable by user bob (uid 1002) (ACL)");
	assert_non_null(x);
	assert_string_equal(tu_str(x, "severity"), "medium");
	json_decref(doc);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_debian_default),
		T(test_debian_smrsh_jail),
		T(test_jail_mismatch),
		T(test_rhel_style),
		T(test_builtin_prog),
		T(test_double_space_warning),
		T(test_later_slash_is_info),
		T(test_run_as_user),
		T(test_forwardpath_empty),
		T(test_forwardpath_unsafe),
		T(test_missing_and_unreadable),
		T(test_cf_override_and_writable),
		T(test_values_are_escaped),
		T(test_forward_options),
		T(test_acl_write_is_mode_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
