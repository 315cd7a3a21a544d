/*
 * test_audit_smrsh.c -- `audit smrsh` on scratch roots, one fixture per kind
 * of finding.  The report is produced in JSON into memory and parsed, so
 * the tests assert ids, severities, paths and targets as a consumer sees
 * them.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/capability.h>

#include "testutil.h"

#include "audit.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "report.h"

#define CMDDIR "/etc/mail/smrsh"
#define SMRSH "/usr/libexec/sendmail/smrsh"

struct fx {
	char *root;
	int root_fd;
	struct names *names;
	struct profile prof;
	char *allow[4];
	char *deny[4];
	json_t *doc;
};

/* ------------------------------------------------------------------ */

/* A fake smrsh: an ELF header, then the strings a real one holds. */
static void
write_smrsh(struct fx *fx, const char *cmddir, mode_t mode)
{
	char buf[512];
	size_t n = 0;
	const char *strs[] = { "/lib64/ld-linux-x86-64.so.2", "/bin/sh",
		"/usr/bin:/bin", "Usage: %s -c command", cmddir,
		"%s/%s", "<|>^();&`$\r\n" };
	size_t i;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "\177ELF\2\1\1", 7);
	n = 64;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		memcpy(buf + n, strs[i], strlen(strs[i]));
		n += strlen(strs[i]) + 1;
	}
	tu_mkdir(fx->root, "usr/libexec/sendmail", 0755);
	tu_write_bytes(fx->root, "usr/libexec/sendmail/smrsh", buf, n, mode);
}

/* An ordinary program: not a script, not ELF. */
static void
write_prog(struct fx *fx, const char *rel, mode_t mode)
{
	tu_write(fx->root, rel, "\1\2\3 a program\n", mode);
}

/* CMDDIR/name: a symlink to target. */
static void
entry_link(struct fx *fx, const char *name, const char *target)
{
	char *rel;

	assert_true(asprintf(&rel, "%s/%s", CMDDIR, name) > 0);
	tu_symlink(fx->root, target, rel);
	free(rel);
}

/* CMDDIR/name: a symlink to target, an ordinary program of this mode. */
static void
prog_entry(struct fx *fx, const char *name, const char *target, mode_t mode)
{
	write_prog(fx, target, mode);
	entry_link(fx, name, target);
}

/*
 * File capabilities on ROOT/rel, set with libcap (no setcap); skips the
 * test where the file system cannot hold them.
 */
static void
set_caps_or_skip(struct fx *fx, const char *rel, const char *text)
{
	const char *name;
	int dir = tu_open_parent(fx->root, rel, &name), fd, r;
	cap_t caps = cap_from_text(text);

	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	close(dir);
	assert_true(fd >= 0);
	assert_non_null(caps);
	r = cap_set_fd(fd, caps);
	cap_free(caps);
	close(fd);
	if (r != 0) {
		print_message("skipped: file capabilities unsupported here\n");
		skip();
	}
}

static int
setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = tu_mkroot();
	fx->root_fd = tu_open_root(fx->root);
	fx->names = names_load(fx->root_fd, false);
	assert_non_null(fx->names);
	fx->prof.name = (char *)"test";
	fx->prof.smrsh.binary = (char *)SMRSH;
	fx->prof.smrsh.dir = (char *)CMDDIR;
	fx->prof.smrsh.dir_mode = 0755;
	fx->allow[0] = (char *)"vacation";
	fx->allow[1] = (char *)"procmail";
	fx->prof.smrsh.allow = fx->allow;
	fx->prof.smrsh.deny = fx->deny;
	tu_mkdir(fx->root, "etc/mail/smrsh", 0755);
	write_smrsh(fx, CMDDIR, 0755);
	tu_mkdir(fx->root, "usr/bin", 0755);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	json_decref(fx->doc);
	names_free(fx->names);
	close(fx->root_fd);
	tu_rmroot(fx->root);
	free(fx);
	return 0;
}

/* Run the audit into a JSON report in memory and parse it. */
static json_t *
run(struct fx *fx)
{
	struct report_header h = { "audit smrsh", "test", fx->root, NULL, false };
	struct context ctx = { 0 };
	struct tu_report r;

	ctx.opt.root = fx->root;
	ctx.opt.format = FORMAT_JSON;
	ctx.root_fd = fx->root_fd;
	ctx.names = fx->names;
	ctx.profile = &fx->prof;
	tu_report_begin(&r, &h);
	assert_int_equal(audit_smrsh(&ctx, r.rep), 0);
	json_decref(fx->doc);
	fx->doc = tu_report_end(&r, NULL);
	return fx->doc;
}

static void
expect_text(json_t *f, const char *key, const char *needle)
{
	const char *v = tu_str(f, key);

	if (v == NULL || strstr(v, needle) == NULL)
		fail_msg("%s \"%s\" lacks \"%s\"", key, v ? v : "(null)", needle);
}

/* ------------------------------------------------------------------ */

/* An approved, root-owned, non-writable program: nothing to report. */
static void
test_clean_entry(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *info;

	TU_REQUIRE_ROOT();
	prog_entry(fx, "vacation", "/usr/bin/vacation", 0755);
	doc = run(fx);
	if (tu_nfindings(doc) != 0) {
		tu_dump(doc);
		fail_msg("a clean entry produced findings");
	}
	info = json_object_get(doc, "smrsh");
	assert_int_equal(json_integer_value(json_object_get(info, "entries")), 1);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(info, "compiled_cmddir"), 0)), CMDDIR);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(doc, "summary"), "checked")), 1);
}

/*
 * sh -> /bin/sh must resolve inside the scratch root.  The scratch bin/sh
 * is a plain file without execute permission, while the host's /bin/sh is
 * an executable (usually a symlink to dash): "not executable" and a real
 * path of /bin/sh prove the scratch file was the one examined.
 */
static void
test_link_to_bin_sh(void **state)
{
	struct fx *fx = *state;
	struct stat host;
	json_t *doc, *f;

	tu_mkdir(fx->root, "bin", 0755);
	tu_write(fx->root, "bin/sh", "scratch shell\n", 0644);
	entry_link(fx, "sh", "/bin/sh");
	/* Climbing above ROOT stays at ROOT. */
	entry_link(fx, "sh2", "../../../../../../../bin/sh");
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.dangerous-program", CMDDIR "/sh", "high");
	assert_string_equal(tu_str(f, "actual"), "/bin/sh");
	expect_text(f, "message", "a shell");
	tu_expect_finding(doc, "smrsh.target-not-executable", CMDDIR "/sh", "low");
	assert_int_equal(stat("/bin/sh", &host), 0);
	assert_true(host.st_mode & S_IXUSR);
	tu_expect_finding(doc, "smrsh.unapproved", CMDDIR "/sh", "medium");

	f = tu_expect_finding(doc, "smrsh.dangerous-program", CMDDIR "/sh2", "high");
	assert_string_equal(tu_str(f, "actual"), "/bin/sh");
	expect_text(f, "message", "sh2 -> ../../../../../../../bin/sh => /bin/sh");
}

/* A hop through a world-writable directory and one writable via ACL. */
static void
test_chain_through_writable_dir(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	write_prog(fx, "usr/bin/procmail", 0755);
	tu_mkdir(fx->root, "opt/a", 0777);
	tu_symlink(fx->root, "/usr/bin/procmail", "opt/a/pm");
	entry_link(fx, "procmail", "/opt/a/pm");
	tu_mkdir(fx->root, "opt/b", 0755);
	tu_set_acl(fx->root, "opt/b", "u::rwx,u:1001:rwx,g::r-x,m::rwx,o::r-x");
	prog_entry(fx, "vacation", "/opt/b/vacation", 0755);
	/* The mask takes the w away from user 1001: not writable. */
	tu_mkdir(fx->root, "opt/c", 0755);
	tu_set_acl(fx->root, "opt/c", "u::rwx,u:1001:rwx,g::r-x,m::r-x,o::r-x");
	prog_entry(fx, "masked", "/opt/c/masked", 0755);
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.path-writable", CMDDIR "/procmail", "high");
	assert_string_equal(tu_str(f, "actual"), "/opt/a");
	expect_text(f, "message", "procmail -> /opt/a/pm -> /usr/bin/procmail");
	expect_text(f, "message", "everyone (mode)");
	/* Only the directory is at fault; the target itself is fine. */
	tu_expect_no_finding(doc, "smrsh.target-writable", CMDDIR "/procmail");

	f = tu_expect_finding(doc, "smrsh.path-writable", CMDDIR "/vacation", "high");
	assert_string_equal(tu_str(f, "actual"), "/opt/b");
	expect_text(f, "message", "user alice (uid 1001) (ACL)");
	tu_expect_no_finding(doc, "smrsh.path-writable", CMDDIR "/masked");
}

/* A directory on the path owned by a user, and the sticky exception. */
static void
test_dir_owner_and_sticky(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	tu_mkdir(fx->root, "home/alice/bin", 0755);
	tu_chown(fx->root, "home/alice/bin", 1001, 1001);
	prog_entry(fx, "vacation", "/home/alice/bin/vacation", 0755);
	/* Sticky and world-writable, but the program in it is root's. */
	tu_mkdir(fx->root, "srv/drop", 01777);
	prog_entry(fx, "procmail", "/srv/drop/procmail", 0755);
	/* Same directory, but the entry on the path is alice's. */
	prog_entry(fx, "hers", "/srv/drop/hers", 0755);
	tu_chown(fx->root, "srv/drop/hers", 1001, 1001);
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.path-owner", CMDDIR "/vacation", "high");
	assert_string_equal(tu_str(f, "actual"), "/home/alice/bin");
	expect_text(f, "message", "alice");
	tu_expect_no_finding(doc, "smrsh.path-writable", CMDDIR "/procmail");
	tu_expect_no_finding(doc, "smrsh.target-owner", CMDDIR "/procmail");
	f = tu_expect_finding(doc, "smrsh.path-writable", CMDDIR "/hers", "high");
	assert_string_equal(tu_str(f, "actual"), "/srv/drop");
	tu_expect_finding(doc, "smrsh.target-owner", CMDDIR "/hers", "high");
}

static void
test_dangling_and_loop(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	entry_link(fx, "gone", "/usr/bin/nothere");
	entry_link(fx, "loop1", "loop2");
	entry_link(fx, "loop2", "loop1");
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.dangling", CMDDIR "/gone", "low");
	assert_string_equal(tu_str(f, "actual"), "/usr/bin/nothere");
	f = tu_expect_finding(doc, "smrsh.link-loop", CMDDIR "/loop1", "low");
	expect_text(f, "message", "loop1 -> loop2 -> loop1 -> loop2");
	tu_expect_finding(doc, "smrsh.link-loop", CMDDIR "/loop2", "low");
	/* Neither can be run, so neither gets target findings. */
	tu_expect_no_finding(doc, "smrsh.target-not-executable", NULL);
}

static void
test_entry_names(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	write_prog(fx, "etc/mail/smrsh/vacation;id", 0755);
	write_prog(fx, "etc/mail/smrsh/pro*", 0755);
	write_prog(fx, "etc/mail/smrsh/vacation", 0755);
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.name-injection", CMDDIR "/vacation;id", "high");
	assert_string_equal(tu_str(f, "actual"), "vacation;id");
	tu_expect_finding(doc, "smrsh.unapproved", CMDDIR "/vacation;id", "medium");
	tu_expect_finding(doc, "smrsh.name-unusual", CMDDIR "/pro*", "medium");
	tu_expect_no_finding(doc, "smrsh.name-injection", CMDDIR "/pro*");
	tu_expect_no_finding(doc, "smrsh.name-injection", CMDDIR "/vacation");
	tu_expect_no_finding(doc, "smrsh.name-unusual", CMDDIR "/vacation");
	tu_expect_no_finding(doc, "smrsh.unapproved", CMDDIR "/vacation");
}

static void
test_setuid_target(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	prog_entry(fx, "vacation", "/usr/bin/vacation", 04755);
	/* Set-gid bit without group execute is a lock flag, not set-gid. */
	prog_entry(fx, "procmail", "/usr/bin/procmail", 02745);
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.target-setid", CMDDIR "/vacation", "high");
	assert_string_equal(tu_str(f, "actual"), "4755");
	expect_text(f, "message", "/usr/bin/vacation");
	tu_expect_no_finding(doc, "smrsh.target-setid", CMDDIR "/procmail");
}

static void
test_writable_target(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	prog_entry(fx, "vacation", "/usr/bin/vacation", 0775);
	prog_entry(fx, "procmail", "/usr/bin/procmail", 0755);
	tu_set_acl(fx->root, "usr/bin/procmail",
	    "u::rwx,g::r-x,g:1002:rwx,m::rwx,o::r-x");
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.target-writable", CMDDIR "/vacation", "high");
	expect_text(f, "actual", "(mode)");
	f = tu_expect_finding(doc, "smrsh.target-writable", CMDDIR "/procmail", "high");
	expect_text(f, "actual", "group bob (gid 1002) (ACL)");
}

/* File capabilities, set with libcap on a scratch copy (no setcap). */
static void
test_caps_target(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	prog_entry(fx, "vacation", "/usr/bin/vacation", 0755);
	set_caps_or_skip(fx, "usr/bin/vacation", "cap_net_raw+ep");
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.target-caps", CMDDIR "/vacation", "high");
	expect_text(f, "actual", "cap_net_raw");
}

static void
test_scripts(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	write_prog(fx, "usr/bin/perl", 0755);
	tu_write(fx->root, "usr/lib/vac.pl", "#!/usr/bin/perl -w\nprint 1;\n", 0755);
	entry_link(fx, "vacation", "/usr/lib/vac.pl");
	tu_write(fx->root, "etc/mail/smrsh/viasudo", "#!/usr/bin/env sudo\n", 0755);
	tu_write(fx->root, "etc/mail/smrsh/relative", "#!perl\n", 0755);
	tu_write(fx->root, "etc/mail/smrsh/envperl", "#! /usr/bin/env perl\n", 0755);
	tu_write(fx->root, "etc/mail/smrsh/nointerp", "#!/opt/none/run\n", 0755);
	/* An interpreter anyone can rewrite makes the script anyone's. */
	tu_write(fx->root, "opt/w/tool", "\1tool\n", 0757);
	tu_write(fx->root, "etc/mail/smrsh/procmail", "#!/opt/w/tool\n", 0755);
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.script", CMDDIR "/vacation", "medium");
	assert_string_equal(tu_str(f, "actual"), "/usr/bin/perl");
	expect_text(f, "message", "/usr/bin/perl -w");
	expect_text(f, "message", "vacation -> /usr/lib/vac.pl");
	/* perl is the interpreter, not the entry's target. */
	tu_expect_no_finding(doc, "smrsh.dangerous-program", CMDDIR "/vacation");
	tu_expect_finding(doc, "smrsh.script", CMDDIR "/viasudo", "high");
	tu_expect_finding(doc, "smrsh.script", CMDDIR "/relative", "high");
	tu_expect_finding(doc, "smrsh.script", CMDDIR "/envperl", "medium");
	tu_expect_finding(doc, "smrsh.script", CMDDIR "/nointerp", "low");
	f = tu_expect_finding(doc, "smrsh.interpreter-missing", CMDDIR "/nointerp", "low");
	/* The walk stops at the first missing component. */
	assert_string_equal(tu_str(f, "actual"), "/opt/none");
	tu_expect_finding(doc, "smrsh.script", CMDDIR "/procmail", "low");
	f = tu_expect_finding(doc, "smrsh.target-writable", CMDDIR "/procmail", "high");
	expect_text(f, "message", "interpreter /opt/w/tool");
}

/* A hard link to a shell under an innocent name is still the shell. */
static void
test_hard_link_to_shell(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;
	char *from, *to;

	tu_write(fx->root, "usr/bin/dash", "\1not really dash\n", 0755);
	from = tu_path(fx->root, "usr/bin/dash");
	to = tu_path(fx->root, CMDDIR "/vacation");
	assert_int_equal(link(from, to), 0);
	free(from);
	free(to);
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dangerous-program", CMDDIR "/vacation", "high");
	assert_string_equal(tu_str(f, "actual"), "/usr/bin/dash");
	expect_text(f, "message", "hard link");
}

static void
test_multicall(void **state)
{
	struct fx *fx = *state;
	static char buf[200000];
	json_t *doc, *f;
	static const char marker[] = "BusyBox v1.36.1 (Debian 1:1.36.1-3)";

	memset(buf, 'x', sizeof(buf));
	memcpy(buf, "\177ELF", 4);
	/* Across the scanner's 64 KiB chunk boundary. */
	memcpy(buf + 65536 - 5, marker, sizeof(marker) - 1);
	tu_mkdir(fx->root, "usr/lib/x", 0755);
	tu_write_bytes(fx->root, "usr/lib/x/mailer", buf, sizeof(buf), 0755);
	entry_link(fx, "vacation", "/usr/lib/x/mailer");
	doc = run(fx);

	f = tu_expect_finding(doc, "smrsh.multicall", CMDDIR "/vacation", "high");
	expect_text(f, "message", "BusyBox v");
	assert_string_equal(tu_str(f, "actual"), "/usr/lib/x/mailer");
}

static void
test_deny_list(void **state)
{
	struct fx *fx = *state;
	json_t *doc;

	fx->deny[0] = (char *)"procmail";
	prog_entry(fx, "procmail", "/usr/bin/procmail", 0755);
	/* Denied by its target's name, whatever the entry is called. */
	entry_link(fx, "pm", "/usr/bin/procmail");
	doc = run(fx);

	tu_expect_finding(doc, "smrsh.denied", CMDDIR "/procmail", "high");
	tu_expect_finding(doc, "smrsh.denied", CMDDIR "/pm", "high");
	tu_expect_no_finding(doc, "smrsh.unapproved", CMDDIR "/procmail");
}

/*
 * A shell the profile forbids is one fact, said once: dangerous-program,
 * which adds that the profile forbids it; no smrsh.denied besides.
 */
static void
test_denied_shell_said_once(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	fx->deny[0] = (char *)"sh";
	write_prog(fx, "bin/sh", 0755);
	entry_link(fx, "sh", "/bin/sh");
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dangerous-program", CMDDIR "/sh",
	    "high");
	expect_text(f, "message", "(the profile forbids it too)");
	tu_expect_no_finding(doc, "smrsh.denied", CMDDIR "/sh");
	tu_expect_no_finding(doc, "smrsh.unapproved", CMDDIR "/sh");
}

static void
test_cmddir_mismatch(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	write_smrsh(fx, "/var/lib/smrsh", 0755);
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.cmddir-mismatch", SMRSH, "high");
	assert_string_equal(tu_str(f, "actual"), "/var/lib/smrsh");
	assert_string_equal(tu_str(f, "expected"), CMDDIR);

	/* A directory not named smrsh is confirmed when it is expected... */
	write_smrsh(fx, "/usr/libexec/sendmail.d/bin", 0755);
	fx->prof.smrsh.dir = (char *)"/usr/libexec/sendmail.d/bin";
	doc = run(fx);
	tu_expect_no_finding(doc, "smrsh.cmddir-mismatch", NULL);
	tu_expect_no_finding(doc, "smrsh.cmddir-unknown", NULL);
	/* ... and unknown when it is not. */
	fx->prof.smrsh.dir = (char *)CMDDIR;
	doc = run(fx);
	tu_expect_no_finding(doc, "smrsh.cmddir-mismatch", NULL);
	tu_expect_finding(doc, "smrsh.cmddir-unknown", SMRSH, "info");
}

static void
test_binary(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	write_smrsh(fx, CMDDIR, 04757);
	doc = run(fx);
	tu_expect_finding(doc, "smrsh.binary-setid", SMRSH, "high");
	f = tu_expect_finding(doc, "smrsh.binary-writable", SMRSH, "high");
	expect_text(f, "actual", "everyone");

	write_smrsh(fx, CMDDIR, 0755);
	fx->prof.smrsh.binary = (char *)"/usr/sbin/smrsh";
	doc = run(fx);
	tu_expect_finding(doc, "smrsh.binary-missing", "/usr/sbin/smrsh", "medium");
	/* Without the binary the profile's directory is still audited. */
	tu_expect_no_finding(doc, "smrsh.cmddir-mismatch", NULL);
	assert_string_equal(json_string_value(json_object_get(
	    json_object_get(doc, "smrsh"), "dir")), CMDDIR);
}

/* Capabilities on smrsh are judged against the profile's allowance. */
static void
test_binary_caps(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	set_caps_or_skip(fx, SMRSH, "cap_net_raw,cap_setuid+ep");
	fx->prof.smrsh.binary_attrs.caps = (char *)"cap_net_raw,cap_setuid+ep";
	doc = run(fx);
	tu_expect_no_finding(doc, "smrsh.binary-caps", NULL);
	fx->prof.smrsh.binary_attrs.caps = (char *)"cap_net_raw+ep";
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.binary-caps", SMRSH, "high");
	expect_text(f, "actual", "cap_setuid");
	assert_string_equal(tu_str(f, "expected"), "cap_net_raw+ep");
	fx->prof.smrsh.binary_attrs.caps = NULL;
	doc = run(fx);
	tu_expect_finding(doc, "smrsh.binary-caps", SMRSH, "high");
}

/*
 * A context the profile names goes to the security-attribute module: an
 * unlabelled scratch file (or one labelled for /tmp) never has bin_t.
 */
static void
test_binary_context(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	fx->prof.smrsh.binary_attrs.context = (char *)"system_u:object_r:bin_t:s0";
	doc = run(fx);
	f = tu_expect_finding(doc, "tree.context", SMRSH, "medium");
	assert_string_equal(tu_str(f, "expected"), "system_u:object_r:bin_t:s0");
	tu_expect_no_finding(doc, "smrsh.unexaminable", NULL);
}

static void
test_directory(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	tu_mkdir(fx->root, "etc/mail/smrsh", 0777);
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dir-writable", CMDDIR, "high");
	expect_text(f, "actual", "everyone (mode)");
	/* The write bits are dir-writable's fact, not drift said again. */
	tu_expect_no_finding(doc, "smrsh.dir-mode", CMDDIR);

	/* Other drift besides them is still the mode's. */
	tu_mkdir(fx->root, "etc/mail/smrsh", 01777);
	doc = run(fx);
	tu_expect_finding(doc, "smrsh.dir-writable", CMDDIR, "high");
	f = tu_expect_finding(doc, "smrsh.dir-mode", CMDDIR, "low");
	assert_string_equal(tu_str(f, "expected"), "0755");
	assert_string_equal(tu_str(f, "actual"), "1777");

	/* A parent anyone can write is as bad. */
	tu_mkdir(fx->root, "etc/mail/smrsh", 0755);
	tu_mkdir(fx->root, "etc/mail", 0757);
	doc = run(fx);
	tu_expect_no_finding(doc, "smrsh.dir-writable", CMDDIR);
	f = tu_expect_finding(doc, "smrsh.path-writable", CMDDIR, "high");
	assert_string_equal(tu_str(f, "actual"), "/etc/mail");
}

/*
 * Write for another user is as severe through an ACL as through the mode
 * bits: the program directory, a directory on the way to a program and
 * the program itself, each with one user's ACL entry, are what the same
 * write through the group bits is.
 */
static void
test_acl_write_is_mode_write(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	/* The owning group (mail) by the mode bits ... */
	tu_mkdir(fx->root, "etc/mail/smrsh", 0775);
	tu_chown(fx->root, "etc/mail/smrsh", 0, 8);
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dir-writable", CMDDIR, "high");
	expect_text(f, "actual", "(mode)");
	tu_expect_no_finding(doc, "smrsh.dir-mode", CMDDIR);

	/* ... and one user by ACL: the same finding, the same severity. */
	tu_mkdir(fx->root, "etc/mail/smrsh", 0755);
	tu_chown(fx->root, "etc/mail/smrsh", 0, 0);
	tu_set_acl(fx->root, "etc/mail/smrsh",
	    "u::rwx,u:1002:rwx,g::r-x,m::rwx,o::r-x");
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dir-writable", CMDDIR, "high");
	expect_text(f, "actual", "user bob (uid 1002) (ACL)");
	tu_expect_no_finding(doc, "smrsh.dir-mode", CMDDIR);
	tu_set_acl(fx->root, "etc/mail/smrsh", "u::rwx,g::r-x,o::r-x");

	/* A program: group write by mode, user write by ACL. */
	prog_entry(fx, "vacation", "/usr/bin/vacation", 0775);
	prog_entry(fx, "procmail", "/usr/bin/procmail", 0755);
	tu_set_acl(fx->root, "usr/bin/procmail",
	    "u::rwx,u:1001:rw-,g::r-x,m::rwx,o::r-x");
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.target-writable", CMDDIR "/vacation",
	    "high");
	expect_text(f, "actual", "(mode)");
	f = tu_expect_finding(doc, "smrsh.target-writable", CMDDIR "/procmail",
	    "high");
	expect_text(f, "actual", "user alice (uid 1001) (ACL)");
}

static void
test_directory_symlink_and_missing(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	tu_rmdir(fx->root, "etc/mail/smrsh");
	doc = run(fx);
	tu_expect_finding(doc, "smrsh.dir-missing", CMDDIR, "medium");

	tu_mkdir(fx->root, "srv/progs", 0755);
	write_prog(fx, "srv/progs/sh", 0755);
	tu_symlink(fx->root, "/srv/progs", "etc/mail/smrsh");
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dir-symlink", CMDDIR, "high");
	assert_string_equal(tu_str(f, "actual"), CMDDIR);
	/* Not followed: the shell behind it is not examined. */
	tu_expect_no_finding(doc, "smrsh.dangerous-program", NULL);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(doc, "summary"), "checked")), 0);
}

/* Debian's smmta:smmsp 02755 is normal when the profile says so. */
static void
test_directory_owner(void **state)
{
	struct fx *fx = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	fx->prof.smrsh.dir_owner = (char *)"smmta";
	fx->prof.smrsh.dir_group = (char *)"smmsp";
	fx->prof.smrsh.dir_mode = 02755;
	tu_chown(fx->root, "etc/mail/smrsh", 115, 122);
	tu_mkdir(fx->root, "etc/mail/smrsh", 02755);
	doc = run(fx);
	tu_expect_no_finding(doc, "smrsh.dir-owner", NULL);
	tu_expect_no_finding(doc, "smrsh.dir-group", NULL);
	tu_expect_no_finding(doc, "smrsh.dir-mode", NULL);
	tu_expect_no_finding(doc, "smrsh.dir-writable", NULL);

	tu_chown(fx->root, "etc/mail/smrsh", 1001, 122);
	tu_mkdir(fx->root, "etc/mail/smrsh", 02755);
	doc = run(fx);
	f = tu_expect_finding(doc, "smrsh.dir-owner", CMDDIR, "high");
	assert_string_equal(tu_str(f, "expected"), "smmta");
	expect_text(f, "actual", "alice");
}

/*
 * The program at the end of an entry's chain is opened (to read its #!
 * line and look for multi-call markers) only as the very object that was
 * resolved, and only if it is a regular file: a FIFO swapped in for it in
 * a user's directory is never opened.  A writer blocked on the FIFO shows
 * an open; the swap is raced against whole audits.
 */
static void
test_swapped_target_never_opened(void **state)
{
	struct fx *fx = *state;
	char *fifo;
	pid_t writer, swapper;
	bool opened = false;
	int i, st;

	TU_REQUIRE_ROOT();
	tu_mkdir(fx->root, "home/alice/bin", 0755);
	tu_chown(fx->root, "home/alice/bin", 1001, 1001);
	write_prog(fx, "home/alice/bin/reg", 0755);
	tu_mkfifo(fx->root, "home/alice/bin/fifo", 0755);
	tu_link(fx->root, "home/alice/bin/reg", "home/alice/bin/vacation");
	entry_link(fx, "vacation", "/home/alice/bin/vacation");
	fifo = tu_path(fx->root, "home/alice/bin/fifo");
	writer = fork();
	assert_true(writer >= 0);
	if (writer == 0)
		_exit(open(fifo, O_WRONLY) >= 0 ? 0 : 1);
	free(fifo);
	swapper = fork();
	assert_true(swapper >= 0);
	if (swapper == 0) {
		char *h = tu_path(fx->root, "home/alice/bin");
		int d = open(h, O_PATH | O_DIRECTORY);

		for (;;) {
			(void)linkat(d, "reg", d, ".r", 0);
			(void)renameat(d, ".r", d, "vacation");
			(void)linkat(d, "fifo", d, ".f", 0);
			(void)renameat(d, ".f", d, "vacation");
		}
	}
	for (i = 0; i < 1000 && !opened; i++) {
		run(fx);
		opened = waitpid(writer, &st, WNOHANG) == writer;
	}
	kill(swapper, SIGKILL);
	(void)waitpid(swapper, &st, 0);
	if (!opened) {
		kill(writer, SIGKILL);
		(void)waitpid(writer, &st, 0);
	}
	if (opened)
		fail_msg("the audit opened the FIFO swapped in for the target "
		    "(after %d audits)", i);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_to_bin_sh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_through_writable_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dir_owner_and_sticky, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_and_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setuid_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writable_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caps_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scripts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hard_link_to_shell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multicall, setup, teardown),
		cmocka_unit_test_setup_teardown(test_denied_shell_said_once,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_deny_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmddir_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_caps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_context, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl_write_is_mode_write,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_symlink_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_target_never_opened, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
