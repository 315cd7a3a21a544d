/*
 * test_tree.c -- create, verify and verify --fix through the command line,
 * on scratch roots, including the symlink attack.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/acl.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "testutil.h"

#include "drift.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "tree.h"

#define JAIL "/var/mailjail"
#define SPOOL JAIL "/var/spool/mail"

static json_t *
run(int want_status, const char *root, const char *a, const char *b, const char *c)
{
	int st;
	json_t *doc = tu_run_json(&st, "--root", root, "--profile", "debian", a, b, c, NULL);

	if (st != want_status) {
		char *dump = json_dumps(doc, JSON_INDENT(1));
		print_error("exit %d, wanted %d:\n%s\n", st, want_status, dump);
		free(dump);
	}
	assert_int_equal(st, want_status);
	return doc;
}

static json_int_t
summary(json_t *doc, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(doc, "summary"), key));
}

static struct stat
lstat_in(const char *root, const char *rel)
{
	char *p = tu_path(root, rel);
	struct stat st;

	assert_int_equal(lstat(p, &st), 0);
	free(p);
	return st;
}

static void
test_create_then_verify_clean_every_profile(void **state)
{
	static const char *const profiles[] = { "debian", "rhel", "suse", "generic" };
	char *root = *state;

	TU_REQUIRE_ROOT();
	for (size_t i = 0; i < 4; i++) {
		int st;
		json_t *doc = tu_run_json(&st, "-r", root, "-p", profiles[i], "create", NULL);
		assert_int_equal(st, 0);
		assert_true(json_is_true(json_object_get(doc, "ok")));
		json_decref(doc);
		doc = tu_run_json(&st, "-r", root, "-p", profiles[i], "verify", NULL);
		assert_int_equal(st, 0);
		assert_int_equal(tu_problems(doc), 0);
		assert_true(summary(doc, "checked") >= 5);
		json_decref(doc);
	}
	struct stat st = lstat_in(root, SPOOL);
	/* debian was first; later profiles changed the mode to theirs. */
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_gid, 8);
}

static void
test_create_is_idempotent(void **state)
{
	char *root = *state;
	json_t *doc;

	TU_REQUIRE_ROOT();
	doc = run(0, root, "create", NULL, NULL);
	assert_true(summary(doc, "changes") >= 5);
	assert_true(json_is_true(json_object_get(doc, "changed")));
	json_decref(doc);
	doc = run(0, root, "create", NULL, NULL);
	assert_int_equal(summary(doc, "changes"), 0);
	assert_true(json_is_false(json_object_get(doc, "changed")));
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);

	struct stat st = lstat_in(root, SPOOL);
	assert_int_equal(st.st_mode & 07777, 02775);
	assert_int_equal(st.st_uid, 0);
	assert_int_equal(st.st_gid, 8);
	st = lstat_in(root, JAIL "/var/spool/mqueue");
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(st.st_uid, 8);
}

/* Each kind of drift: found with its id at its path, then fixed. */
static void
test_drift_found_and_fixed(void **state)
{
	char *root = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_chmod(root, SPOOL, 0777);
	tu_chown(root, JAIL "/var/spool", 1001, 1002);
	tu_rmdir(root, JAIL "/var/spool/mqueue");
	tu_chown(root, JAIL "/var", 0, 1001);

	doc = run(1, root, "verify", NULL, NULL);
	f = tu_find_finding(doc, "tree.mode", SPOOL);
	assert_non_null(f);
	assert_string_equal(tu_str(f, "expected"), "2775");
	assert_string_equal(tu_str(f, "actual"), "0777");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	f = tu_find_finding(doc, "tree.owner", JAIL "/var/spool");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "alice");
	assert_non_null(tu_find_finding(doc, "tree.group", JAIL "/var/spool"));
	assert_non_null(tu_find_finding(doc, "tree.group", JAIL "/var"));
	assert_non_null(tu_find_finding(doc, "tree.missing", JAIL "/var/spool/mqueue"));
	/* verify never writes. */
	assert_int_equal(lstat_in(root, SPOOL).st_mode & 07777, 0777);
	json_decref(doc);

	doc = run(0, root, "verify", "--fix", NULL);
	f = tu_find_finding(doc, "tree.mode", SPOOL);
	assert_true(json_is_true(json_object_get(f, "fixed")));
	assert_true(summary(doc, "changes") >= 5);
	json_decref(doc);
	doc = run(0, root, "verify", NULL, NULL);
	assert_int_equal(tu_problems(doc), 0);
	json_decref(doc);
	assert_int_equal(lstat_in(root, SPOOL).st_mode & 07777, 02775);
	assert_int_equal(lstat_in(root, JAIL "/var/spool").st_uid, 0);
	assert_int_equal(lstat_in(root, JAIL "/var/spool/mqueue").st_uid, 8);
}

static void
test_wrong_type_is_reported_not_replaced(void **state)
{
	char *root = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_rmdir(root, JAIL "/var/spool/mqueue");
	tu_write(root, JAIL "/var/spool/mqueue", "not a directory\n", 0600);

	doc = run(1, root, "verify", "--fix", NULL);
	f = tu_find_finding(doc, "tree.type", JAIL "/var/spool/mqueue");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "regular file");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	json_decref(doc);
	struct stat st = lstat_in(root, JAIL "/var/spool/mqueue");
	assert_true(S_ISREG(st.st_mode));
}

/*
 * The attack: a jail directory replaced by a symlink to a directory outside
 * ROOT.  Neither create nor --fix may follow it.
 */
static void
test_symlink_attack_is_not_followed(void **state)
{
	char *root = *state, outside[] = "/tmp/jailctl-outside.XXXXXX";
	json_t *doc;
	struct stat before, after;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	assert_non_null(mkdtemp(outside));
	assert_int_equal(chmod(outside, 0711), 0);
	assert_int_equal(chown(outside, 1002, 1002), 0);
	assert_int_equal(stat(outside, &before), 0);
	tu_rmdir(root, SPOOL);
	tu_symlink(root, outside, SPOOL);

	for (int i = 0; i < 2; i++) {
		doc = i == 0 ? run(1, root, "create", NULL, NULL) :
		    run(1, root, "verify", "--fix", NULL);
		json_t *f = tu_find_finding(doc, "tree.type", SPOOL);
		assert_non_null(f);
		assert_string_equal(tu_str(f, "actual"), "symlink");
		assert_true(json_is_false(json_object_get(f, "fixed")));
		json_decref(doc);
		assert_int_equal(stat(outside, &after), 0);
		assert_int_equal(after.st_uid, before.st_uid);
		assert_int_equal(after.st_gid, before.st_gid);
		assert_int_equal(after.st_mode, before.st_mode);
	}
	/* The link itself is left alone too. */
	assert_true(S_ISLNK(lstat_in(root, SPOOL).st_mode));
	rmdir(outside);
}

/* A symlinked ancestor of the jail is a finding, never followed. */
static void
test_symlinked_ancestor_is_not_followed(void **state)
{
	char *root = *state, *p, outside[] = "/tmp/jailctl-outside.XXXXXX";
	json_t *doc;
	struct stat st;

	TU_REQUIRE_ROOT();
	assert_non_null(mkdtemp(outside));
	tu_rmdir(root, "var");
	tu_symlink(root, outside, "var");
	doc = run(1, root, "create", NULL, NULL);
	assert_non_null(tu_find_finding(doc, "tree.type", "/var"));
	json_decref(doc);
	p = tu_path(outside, "mailjail");
	assert_int_not_equal(stat(p, &st), 0);	/* nothing created out there */
	free(p);
	rmdir(outside);
}

static void
test_unsafe_ancestor_is_reported_and_left_alone(void **state)
{
	char *root = *state;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	tu_chmod(root, "var", 0777);
	doc = run(1, root, "create", NULL, NULL);
	f = tu_find_finding(doc, "tree.ancestor", "/var");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "severity"), "high");
	json_decref(doc);
	assert_int_equal(lstat_in(root, "var").st_mode & 07777, 0777);
}

/* Snapshot of every object's metadata under root. */
static char *snap_buf;
static size_t snap_len;
static FILE *snap;

static int
snap_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	fprintf(snap, "%s %o %u %u %lu %ld.%ld %ld.%ld\n", path, st->st_mode,
	    st->st_uid, st->st_gid, (unsigned long)st->st_ino,
	    st->st_ctim.tv_sec, st->st_ctim.tv_nsec, st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec);
	return 0;
}

static char *
snapshot(const char *root)
{
	snap = open_memstream(&snap_buf, &snap_len);
	assert_int_equal(nftw(root, snap_one, 16, FTW_PHYS), 0);
	fclose(snap);
	return snap_buf;
}

static void
test_dry_run_changes_nothing(void **state)
{
	char *root = *state, *before, *after;
	json_t *doc;

	TU_REQUIRE_ROOT();
	/* Fresh root: create -n predicts every directory and makes none. */
	before = snapshot(root);
	doc = run(0, root, "create", "--dry-run", NULL);
	assert_true(summary(doc, "changes") >= 5);
	assert_true(json_is_true(json_object_get(doc, "dry_run")));
	json_decref(doc);
	after = snapshot(root);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* Drifted jail: verify --fix -n reports, predicts, changes nothing. */
	json_decref(run(0, root, "create", NULL, NULL));
	tu_chmod(root, SPOOL, 0700);
	tu_chown(root, SPOOL, 1001, 1001);
	tu_write(root, SPOOL "/alice", "From x\n", 0755);
	before = snapshot(root);
	doc = run(1, root, "verify", "--fix", "-n");
	assert_non_null(tu_find_finding(doc, "tree.mode", SPOOL));
	assert_non_null(tu_find_finding(doc, "content.mode", SPOOL "/alice"));
	assert_true(summary(doc, "changes") >= 3);
	json_decref(doc);
	after = snapshot(root);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Mail in the spool keeps its inode and its bytes across create and fix. */
static void
test_mail_keeps_inode_and_content(void **state)
{
	char *root = *state, *p, buf[64] = "";
	const char *mail = "From alice Mon Nov 23 10:00:00 2026\nSubject: hi\n\nbody\n";
	json_t *doc;
	int fd;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_write(root, SPOOL "/alice", mail, 0711);
	tu_chown(root, SPOOL "/alice", 1001, 8);
	p = tu_path(root, SPOOL "/alice");
	struct stat before = lstat_in(root, SPOOL "/alice");
	doc = run(0, root, "verify", "--fix", NULL);
	/* 0711 under the spool's content rule: the execute bits are named */
	assert_string_equal(tu_str(tu_find_finding(doc, "content.mode",
	    SPOOL "/alice"), "message"), "forbidden bits 0111 set");
	json_decref(doc);
	doc = run(0, root, "create", NULL, NULL);
	assert_int_equal(summary(doc, "changes"), 0);
	json_decref(doc);
	struct stat after = lstat_in(root, SPOOL "/alice");
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(after.st_mode & 07777, 0600);	/* 0711 less deny 07133 */
	fd = open(p, O_RDONLY);
	assert_int_equal(read(fd, buf, sizeof(buf) - 1), (ssize_t)strlen(mail) < 63 ?
	    (ssize_t)strlen(mail) : 63);
	close(fd);
	assert_int_equal(strncmp(buf, mail, strlen(buf)), 0);
	free(p);
}

static void
test_content_rules(void **state)
{
	char *root = *state, *p, *q;
	json_t *doc, *f;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_write(root, SPOOL "/alice", "", 0600);
	tu_chown(root, SPOOL "/alice", 1002, 8);	/* bob owns alice's mailbox */
	tu_write(root, SPOOL "/bob", "", 0600);
	tu_chown(root, SPOOL "/bob", 1002, 8);
	q = tu_path(root, SPOOL "/bob");
	p = tu_path(root, SPOOL "/nobody-here");
	assert_int_equal(link(q, p), 0);		/* hard link */
	free(p);
	p = tu_path(root, SPOOL "/fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	free(p);
	free(q);

	doc = run(1, root, "verify", "--fix", NULL);
	f = tu_find_finding(doc, "content.owner", SPOOL "/alice");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "expected"), "alice");
	assert_string_equal(tu_str(f, "actual"), "bob");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	assert_non_null(tu_find_finding(doc, "content.links", SPOOL "/bob"));
	assert_non_null(tu_find_finding(doc, "content.stray", SPOOL "/nobody-here"));
	assert_non_null(tu_find_finding(doc, "content.type", SPOOL "/fifo"));
	assert_null(tu_find_finding(doc, "content.owner", SPOOL "/bob"));
	/* Owner is left for a person. */
	assert_int_equal(lstat_in(root, SPOOL "/alice").st_uid, 1002);
	json_decref(doc);
}

static void
test_quiet_is_silent_when_compliant(void **state)
{
	char *root = *state, *out, *err;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	assert_int_equal(tu_run(&out, &err, "-q", "verify", "--root", root, "-p",
	    "debian", NULL), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	free(out);
	free(err);
	/* and says something, with status 1, when not */
	tu_chmod(root, SPOOL, 0777);
	assert_int_equal(tu_run(&out, &err, "verify", "-q", "-r", root, "-p", "debian",
	    NULL), 1);
	/* severity first; no header, no notice (quiet); the summary says why */
	assert_non_null(strstr(out, "high   " SPOOL ": mode differs (expected 2775, "
	    "actual 0777) [tree.mode]\n"));
	assert_null(strstr(out, "jailctl verify:"));
	assert_null(strstr(out, "selinux.unavailable"));
	assert_non_null(strstr(out, "failed: 1 high finding unresolved (--fail-on low)\n"));
	free(out);
	free(err);
}

/* A hostile file name cannot forge report lines or terminal escapes. */
static void
test_names_are_escaped(void **state)
{
	char *root = *state, *out, *err;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_write(root, SPOOL "/evil\nok: forged [x]\033[2J", "", 0600);
	assert_int_equal(tu_run(&out, &err, "verify", "-r", root, "-p", "debian", NULL), 1);
	assert_null(strchr(out, '\033'));
	assert_non_null(strstr(out, "evil\\x0aok: forged [x]\\x1b[2J"));
	free(out);
	free(err);
}

static void
test_jail_option_and_usage_errors(void **state)
{
	char *root = *state, *out, *err;
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	doc = tu_run_json(&st, "create", "-r", root, "-p", "debian", "--jail", "/srv/jail", NULL);
	assert_int_equal(st, 0);
	assert_string_equal(tu_str(doc, "jail"), "/srv/jail");
	json_decref(doc);
	assert_true(S_ISDIR(lstat_in(root, "srv/jail/var/spool/mail").st_mode));
	assert_int_equal(tu_run(&out, &err, "frobnicate", NULL), 2);
	free(out);
	free(err);
	assert_int_equal(tu_run(&out, &err, "create", "--fix", "-r", root, NULL), 2);
	free(out);
	free(err);
	assert_int_equal(tu_run(&out, &err, "verify", "--format", "xml", NULL), 2);
	free(out);
	free(err);
}

/* `file` entries: created empty, repaired, and never replaced when wrong. */
static void
test_file_entries(void **state)
{
	char *root = *state, *prof = tu_path(root, "f.profile"), *p;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	tu_write(root, "f.profile", "name f\njail /j\ndir / root root 0755\n"
	    "dir /etc root root 0755\nfile /etc/marker root mail 0640\n"
	    "file /etc/other root root 0600\n", 0644);
	tu_write(root, "j/etc/other", "keep me\n", 0644);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "create", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	struct stat m = lstat_in(root, "j/etc/marker");
	assert_true(S_ISREG(m.st_mode));
	assert_int_equal(m.st_size, 0);
	assert_int_equal(m.st_mode & 07777, 0640);
	assert_int_equal(m.st_gid, 8);
	/* An existing file keeps its bytes; only its mode changed. */
	struct stat o = lstat_in(root, "j/etc/other");
	assert_int_equal(o.st_size, 8);
	assert_int_equal(o.st_mode & 07777, 0600);

	/* A FIFO where the file belongs: reported, left in place. */
	p = tu_path(root, "j/etc/marker");
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkfifo(p, 0644), 0);
	free(p);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", "--fix", NULL);
	assert_int_equal(st, 1);
	f = tu_find_finding(doc, "tree.type", "/j/etc/marker");
	assert_non_null(f);
	assert_string_equal(tu_str(f, "actual"), "fifo");
	json_decref(doc);
	assert_true(S_ISFIFO(lstat_in(root, "j/etc/marker").st_mode));
	free(prof);
}

/*
 * A file entry that is a hard link to a file elsewhere (an attacker who
 * can write the jail directory links /etc/shadow in): nothing about it may
 * be changed -- not owner or mode, and not its ACL or capabilities either,
 * which would land on the other name -- and it is a finding even when its
 * owner and mode happen to match.
 */
static void
test_hard_linked_file_entry_is_left_alone(void **state)
{
	char *root = *state, *prof, *p, *q;
	json_t *doc, *f;
	struct stat before, after;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "h.profile", "name h\njail /j\n"
	    "dir / root root 0755\ndir /etc root root 0755\n"
	    "file /etc/x root root 0644 acl=u:alice:r--,m::r-- caps=cap_net_raw+ep\n");
	tu_write(root, "secret", "shadow\n", 0644);
	tu_mkdir(root, "j/etc", 0755);
	p = tu_path(root, "secret");
	q = tu_path(root, "j/etc/x");
	assert_int_equal(link(p, q), 0);
	assert_int_equal(stat(p, &before), 0);
	for (int i = 0; i < 2; i++) {
		doc = tu_run_json(&st, "-r", root, "-p", prof,
		    i == 0 ? "create" : "verify", i == 0 ? NULL : "--fix", NULL);
		assert_int_equal(st, 1);
		f = tu_expect_finding(doc, "tree.links", "/j/etc/x", "high");
		assert_true(json_is_false(json_object_get(f, "fixed")));
		tu_expect_no_finding(doc, "tree.acl", NULL);
		tu_expect_no_finding(doc, "tree.caps", NULL);
		json_decref(doc);
	}
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	assert_int_equal(st, 1);
	tu_expect_finding(doc, "tree.links", "/j/etc/x", "high");
	json_decref(doc);
	/* The other name kept its ctime: no ACL, no capability, no chmod. */
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(after.st_ctim.tv_sec, before.st_ctim.tv_sec);
	assert_int_equal(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
	assert_int_equal(getxattr(p, "system.posix_acl_access", NULL, 0), -1);
	assert_int_equal(getxattr(p, "security.capability", NULL, 0), -1);
	free(p);
	free(q);
	free(prof);
}

/*
 * Below a directory entry that cannot be entered (a symlink), every
 * deeper entry is simply unreachable: one tree.type finding, not a
 * "parent directory was not walked" error for each descendant.
 */
static void
test_unreachable_subtree_reported_once(void **state)
{
	char *root = *state, outside[] = "/tmp/jailctl-outside.XXXXXX";
	json_t *doc;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	assert_non_null(mkdtemp(outside));
	tu_rmdir(root, SPOOL);
	tu_rmdir(root, JAIL "/var/spool/mqueue");
	tu_rmdir(root, JAIL "/var/spool");
	tu_rmdir(root, JAIL "/var");
	tu_symlink(root, outside, JAIL "/var");
	doc = run(1, root, "verify", NULL, NULL);
	tu_expect_finding(doc, "tree.type", JAIL "/var", "high");
	tu_expect_no_finding(doc, "tree.error", NULL);
	assert_int_equal(tu_problems(doc), 1);
	json_decref(doc);

	/* The same when the symlink is above the jail. */
	tu_unlink(root, JAIL "/var");
	tu_rmdir(root, JAIL "/home");
	tu_rmdir(root, JAIL);
	tu_rmdir(root, "var");
	tu_symlink(root, outside, "var");
	doc = run(1, root, "create", NULL, NULL);
	tu_expect_finding(doc, "tree.type", "/var", "high");
	tu_expect_no_finding(doc, "tree.error", NULL);
	assert_int_equal(tu_problems(doc), 1);
	json_decref(doc);
	rmdir(outside);
}

/*
 * A content rule on a directory that also holds profile entries: the
 * entries are the profile's, checked as entries, not by the rule.  Else a
 * subdirectory entry is a content.type finding right after create, and a
 * file entry whose mode the rule denies flips between the two each run.
 */
static void
test_content_rule_leaves_entries_to_the_profile(void **state)
{
	char *root = *state, *prof;
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "c.profile", "name c\njail /jc\n"
	    "dir / root root 0755\ndir /sub root root 0755\n"
	    "file /run root root 0755\n"
	    "content / type=file deny=0111 owner=any\n");
	tu_write(root, "jc/stray", "", 0700);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "create", NULL);
	assert_int_equal(st, 0);
	json_decref(doc);
	for (int i = 0; i < 2; i++) {
		doc = tu_run_json(&st, "-r", root, "-p", prof,
		    i == 0 ? "create" : "verify", NULL);
		if (st != 0 || summary(doc, "changes") != 0)
			tu_dump(doc);
		assert_int_equal(st, 0);
		assert_int_equal(summary(doc, "changes"), 0);
		assert_int_equal(tu_problems(doc), 0);
		json_decref(doc);
	}
	assert_int_equal(lstat_in(root, "jc/run").st_mode & 07777, 0755);
	/* Everything else in the directory is still the rule's. */
	assert_int_equal(lstat_in(root, "jc/stray").st_mode & 07777, 0600);
	free(prof);
}

/*
 * Run jailctl (--format json) with some system calls failing with err,
 * through a seccomp filter installed in the child before exec: the way to
 * see what jailctl does when the file system refuses or fails (NFS
 * root_squash, an idmapped mount, a disk error) on a machine where it never
 * would -- or, with err 0, kill it on the spot.  A rule with arg >= 0 fails
 * the call only when the low 32 bits of that argument equal val (share a
 * bit with it, with any_bit).  Returns the report; *status the exit status.
 * Skips where the filter cannot be built.
 */
struct fail_rule {
	long nr;
	int arg;		/* -1: any call */
	unsigned val;
	bool any_bit;		/* match when arg & val, not arg == val */
};

#if defined(__x86_64__)
#define TU_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define TU_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

static json_t *
run_failing(const struct fail_rule *rules, size_t nrules, int err, int *status,
    const char *const args[])
{
#ifndef TU_AUDIT_ARCH
	(void)rules; (void)nrules; (void)err; (void)status; (void)args;
	skip();
	return NULL;
#else
	struct sock_filter code[64];
	size_t nc = 0;
	const char *bin = getenv("JAILCTL_BIN");
	char tmpl[] = "/tmp/jailctl-out.XXXXXX", *av[32], buf[65536];
	int fd = mkstemp(tmpl), wst;
	size_t n = 0, len = 0;
	ssize_t r;
	pid_t pid;

	code[nc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	code[nc++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    TU_AUDIT_ARCH, 1, 0);
	code[nc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	for (size_t i = 0; i < nrules; i++) {
		bool by_arg = rules[i].arg >= 0;

		assert_true(nc + 6 < sizeof(code) / sizeof(code[0]));
		code[nc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr));
		code[nc++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    (unsigned)rules[i].nr, 0, by_arg ? 3 : 1);
		if (by_arg) {
			/* The low word of the argument (little-endian). */
			code[nc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			    (unsigned)(offsetof(struct seccomp_data, args) +
			    (size_t)rules[i].arg * sizeof(__u64)));
			code[nc++] = (struct sock_filter)BPF_JUMP(BPF_JMP |
			    (rules[i].any_bit ? BPF_JSET : BPF_JEQ) | BPF_K,
			    rules[i].val, 0, 1);
		}
		code[nc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, err == 0 ?
		    SECCOMP_RET_KILL_PROCESS :
		    SECCOMP_RET_ERRNO | ((unsigned)err & SECCOMP_RET_DATA));
	}
	code[nc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { (unsigned short)nc, code };

	assert_true(fd >= 0);
	unlink(tmpl);
	av[n++] = (char *)(bin != NULL ? bin : "jailctl/jailctl");
	for (; *args != NULL; args++)
		av[n++] = (char *)*args;
	av[n++] = (char *)"--format";
	av[n++] = (char *)"json";
	av[n] = NULL;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd, 1);
		if (chdir(tu_srcdir()) != 0 ||
		    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
			_exit(126);
		execv(av[0], av);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	assert_true(WIFEXITED(wst));
	*status = WEXITSTATUS(wst);
	assert_true(*status < 126);
	lseek(fd, 0, SEEK_SET);
	while ((r = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)r;
	buf[len] = '\0';
	close(fd);
	json_t *doc = json_loads(buf, 0, NULL);
	if (doc == NULL)
		print_error("not JSON: %s\n", buf);
	assert_non_null(doc);
	return doc;
#endif
}

/*
 * When the file system refuses the owner of something create has just
 * made, that is a finding (exit 1), not a silent "create ... changed" with
 * exit 0: a fresh object's owner and mode are part of its creation only
 * when they were actually set.
 */
static void
test_fresh_object_chown_failure_is_reported(void **state)
{
	char *root = *state;
	const char *const args[] = { "-r", root, "-p", "debian", "create", NULL };
	const struct fail_rule chown_fails[] = {
		{ __NR_fchown, -1, 0, false }, { __NR_fchownat, -1, 0, false },
	};
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	doc = run_failing(chown_fails, 2, EPERM, &st, args);
	f = tu_expect_finding(doc, "tree.group", SPOOL, "medium");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	f = tu_expect_finding(doc, "tree.owner", JAIL "/var/spool/mqueue", "medium");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	assert_int_equal(st, 1);
	json_decref(doc);
	/* The directory is there, with the owner it really has. */
	assert_int_equal(lstat_in(root, JAIL "/var/spool/mqueue").st_uid, 0);
}

/*
 * A content-ruled directory that cannot be listed to the end, or a file in
 * it that cannot be examined, is a finding: verify must not pass a spool it
 * did not look at.
 */
static void
test_content_io_errors_are_findings(void **state)
{
	char *root = *state, *prof = tu_srcfile("profiles/debian.profile");
	const char *const args[] = { "-r", root, "-p", prof, "--selinux", "off",
	    "verify", NULL };
	/* getdents64 fails: the listing of the spool breaks off. */
	const struct fail_rule listing_fails[] = {
		{ __NR_getdents64, -1, 0, false },
	};
	/* fstatat(..., AT_SYMLINK_NOFOLLOW) fails: each mailbox's one stat. */
	const struct fail_rule stat_fails[] = {
		{ __NR_newfstatat, 3, AT_SYMLINK_NOFOLLOW, false },
	};
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_write(root, SPOOL "/alice", "", 0666);
	tu_chown(root, SPOOL "/alice", 1001, 8);

	doc = run_failing(listing_fails, 1, EIO, &st, args);
	tu_expect_finding(doc, "tree.error", SPOOL, "high");
	assert_int_equal(st, 1);
	json_decref(doc);

	doc = run_failing(stat_fails, 1, EIO, &st, args);
	tu_expect_finding(doc, "tree.error", SPOOL "/alice", "high");
	assert_int_equal(st, 1);
	json_decref(doc);
	free(prof);

	/* A file whose ACL the rule names but that cannot be opened. */
	prof = tu_write_profile(root, "a.profile", "name a\njail /ja\n"
	    "dir / root root 0755\ncontent / acl=u:bob:rw-,m::rw- deny=0111\n");
	tu_write(root, "ja/f", "", 0644);
	const char *const args2[] = { "-r", root, "-p", prof, "verify", NULL };
	/* open_regular_at() pins each file with O_PATH first. */
	const struct fail_rule pin_fails[] = {
		{ __NR_openat, 2, O_PATH | O_NOFOLLOW | O_CLOEXEC, false },
	};
	doc = run_failing(pin_fails, 1, EIO, &st, args2);
	tu_expect_finding(doc, "tree.error", "/ja/f", "high");
	assert_int_equal(st, 1);
	json_decref(doc);
	free(prof);
}

/*
 * A directory create could not make is one finding (tree.missing, not
 * fixed, with the reason), not that plus a "cannot examine" error; what
 * would live below it is not reported again.
 */
static void
test_failed_create_is_one_finding(void **state)
{
	char *root = *state;
	const char *const args[] = { "-r", root, "-p", "debian", "create", NULL };
	const struct fail_rule mkdir_fails[] = { { __NR_mkdirat, -1, 0, false } };
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	/* smrsh's directory is there already: only the jail needs mkdir. */
	tu_mkdir(root, "etc/mail/smrsh", 02755);
	tu_chown(root, "etc/mail/smrsh", 115, 122);
	doc = run_failing(mkdir_fails, 1, EROFS, &st, args);
	assert_int_equal(st, 1);
	f = tu_expect_finding(doc, "tree.missing", JAIL, "high");
	assert_true(json_is_false(json_object_get(f, "fixed")));
	assert_non_null(strstr(tu_str(f, "message"), "Read-only file system"));
	assert_int_equal(tu_count_findings(doc, "tree.missing", JAIL) +
	    tu_count_findings(doc, "tree.error", JAIL), 1);
	assert_int_equal(tu_problems(doc), 1);
	json_decref(doc);

	/* The same for a missing directory above the jail. */
	tu_rmdir(root, "var");
	doc = run_failing(mkdir_fails, 1, EROFS, &st, args);
	assert_int_equal(st, 1);
	f = tu_expect_finding(doc, "tree.missing", "/var", "high");
	assert_non_null(strstr(tu_str(f, "message"), "Read-only file system"));
	assert_int_equal(tu_problems(doc), 1);
	json_decref(doc);
}

/* A long user name (passwd sets no limit) is reported whole, never cut. */
static void
test_long_names_are_reported_whole(void **state)
{
	char *root = *state, *prof, *text, name[101];
	json_t *doc, *f, *c;
	size_t i;
	int st;

	TU_REQUIRE_ROOT();
	memset(name, 'u', 100);
	name[100] = '\0';
	assert_true(asprintf(&text, "%s:x:3000:3000::/:/bin/sh", name) > 0);
	tu_append(root, "etc/passwd", text);
	free(text);
	assert_true(asprintf(&text, "%s:x:3000:", name) > 0);
	tu_append(root, "etc/group", text);
	free(text);
	assert_true(asprintf(&text, "name l\njail /jl\ndir / root root 0755\n"
	    "dir /x %s %s 0750\n", name, name) > 0);
	prof = tu_write_profile(root, "l.profile", text);
	free(text);

	doc = tu_run_json(&st, "-r", root, "-p", prof, "create", NULL);
	assert_int_equal(st, 0);
	assert_true(asprintf(&text, "directory %s:%s 0750", name, name) > 0);
	bool seen = false;
	json_array_foreach(json_object_get(doc, "changes"), i, c)
		if (strcmp(tu_str(c, "path"), "/jl/x") == 0) {
			assert_string_equal(tu_str(c, "after"), text);
			seen = true;
		}
	assert_true(seen);
	free(text);
	json_decref(doc);

	tu_chown(root, "jl/x", 0, 0);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	assert_int_equal(st, 1);
	f = tu_expect_finding(doc, "tree.owner", "/jl/x", "medium");
	assert_string_equal(tu_str(f, "expected"), name);
	f = tu_expect_finding(doc, "tree.group", "/jl/x", "medium");
	assert_string_equal(tu_str(f, "expected"), name);
	json_decref(doc);
	free(prof);
}

/*
 * Races, staged in-process.  This program's own mkdirat() stands in for
 * libc's (the engine is linked into it): when race_name is set, it first
 * makes that directory itself, owned by alice and world-writable -- what
 * an attacker who can write the parent does between jailctl's "it is
 * missing" and its mkdirat() -- and then lets the real call fail with
 * EEXIST.
 */
static const char *race_name;

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	if (race_name != NULL && strcmp(path, race_name) == 0) {
		race_name = NULL;
		assert_int_equal(syscall(SYS_mkdirat, dirfd, path, 0777), 0);
		assert_int_equal(fchownat(dirfd, path, 1001, 1001,
		    AT_SYMLINK_NOFOLLOW), 0);
		assert_int_equal(fchmodat(dirfd, path, 0777, 0), 0);
	}
	return (int)syscall(SYS_mkdirat, dirfd, path, mode);
}

/* One in-process create (profile debian) with race_name armed. */
static json_t *
create_racing(const char *root, const char *name, int *status)
{
	struct context ctx;
	struct tu_report r;
	struct report_header h = { "create", "debian", root, JAIL, false };
	char *prof = tu_srcfile("profiles/debian.profile");
	struct secattr_ctx *sc;
	int err = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.opt.root = root;
	ctx.opt.selinux = SELINUX_OFF;
	ctx.root_fd = tu_open_root(root);
	ctx.names = names_load(ctx.root_fd, false);
	ctx.profile = profile_load(prof, ctx.names, stderr);
	assert_non_null(ctx.profile);
	tu_report_begin(&r, &h);
	struct drift_sink sink = { r.rep, DRIFT_CREATE, false, NULL };
	sc = secattr_open(&ctx, r.rep, &err);
	assert_non_null(sc);
	race_name = name;
	assert_int_equal(tree_walk(&ctx, &sink, sc), 0);
	race_name = NULL;
	secattr_close(sc);
	profile_free(ctx.profile);
	names_free(ctx.names);
	close(ctx.root_fd);
	free(prof);
	return tu_report_end(&r, status);
}

/*
 * A directory that appears between "missing" and mkdirat() was not made
 * by jailctl: it is judged as the existing directory it is.  Above the
 * jail that means it is reported and never changed; in the jail its owner
 * and mode are repaired as drift, in the report, not passed off as part of
 * a creation.
 */
static void
test_directory_appearing_during_create(void **state)
{
	char *root = *state;
	json_t *doc, *c;
	size_t i;
	int st;
	bool created = false, owner = false;

	TU_REQUIRE_ROOT();
	tu_rmdir(root, "var");
	doc = create_racing(root, "var", &st);
	tu_expect_finding(doc, "tree.ancestor", "/var", "high");
	assert_int_equal(st, 1);
	json_decref(doc);
	struct stat v = lstat_in(root, "var");
	assert_int_equal(v.st_uid, 1001);
	assert_int_equal(v.st_mode & 07777, 0777);

	/* Start the jail over, below a proper /var. */
	char *jail = tu_path(root, JAIL);
	tu_rmtree(jail);
	free(jail);
	tu_chown(root, "var", 0, 0);
	tu_chmod(root, "var", 0755);
	doc = create_racing(root, "mailjail", &st);
	assert_int_equal(st, 0);
	json_array_foreach(json_object_get(doc, "changes"), i, c) {
		if (strcmp(tu_str(c, "path"), JAIL) != 0)
			continue;
		if (strcmp(tu_str(c, "attribute"), "create") == 0)
			created = true;
		if (strcmp(tu_str(c, "attribute"), "owner") == 0) {
			assert_string_equal(tu_str(c, "before"), "alice");
			owner = true;
		}
	}
	if (created || !owner)
		tu_dump(doc);
	assert_false(created);
	assert_true(owner);
	json_decref(doc);
	assert_int_equal(lstat_in(root, JAIL).st_uid, 0);
	assert_int_equal(lstat_in(root, JAIL).st_mode & 07777, 0755);
}

/*
 * A file with a second name, in a directory whose rule names an ACL (and
 * no links=): it is never changed, but its ACL is still checked and a
 * difference reported -- not skipped as if it matched.
 */
static void
test_hard_linked_content_file_attrs_are_checked(void **state)
{
	char *root = *state, *prof, *p, *q;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "a.profile", "name a\njail /ja\n"
	    "dir / root root 0755\ndir /box root root 0755\n"
	    "content /box acl=u:bob:r--,m::r-- deny=0133\n");
	tu_write(root, "ja/box/alice", "mail\n", 0644);
	p = tu_path(root, "ja/box/alice");
	q = tu_path(root, "elsewhere");
	assert_int_equal(link(p, q), 0);
	for (int i = 0; i < 2; i++) {
		doc = tu_run_json(&st, "-r", root, "-p", prof, "verify",
		    i == 0 ? NULL : "--fix", NULL);
		f = tu_expect_finding(doc, "tree.acl", "/ja/box/alice", "medium");
		assert_true(json_is_false(json_object_get(f, "fixed")));
		assert_int_equal(st, 1);
		json_decref(doc);
	}
	/* Left alone: the other name has no ACL. */
	assert_int_equal(getxattr(q, "system.posix_acl_access", NULL, 0), -1);
	free(p);
	free(q);
	free(prof);
}

/*
 * Strict by default: an entry or content rule that names no acl= (the
 * shipped debian profile names none) allows no extended ACL entry, and a
 * directory without default-acl= no default ACL; --fix removes them.
 * acl=any / default-acl=any opt out.
 */
static void
test_acl_strict_by_default(void **state)
{
	char *root = *state, *prof, *p;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	json_decref(run(0, root, "create", NULL, NULL));
	tu_set_acl(root, SPOOL, "u::rwx,g::rwx,o::r-x,u:65534:rwx,m::rwx");
	tu_write(root, SPOOL "/alice", "From x\n", 0600);
	tu_chown(root, SPOOL "/alice", 1001, 8);
	tu_set_acl(root, SPOOL "/alice", "u::rw-,g::---,o::---,u:1002:rw-,m::rw-");
	doc = run(1, root, "verify", NULL, NULL);
	f = tu_expect_finding(doc, "tree.acl", SPOOL, "medium");
	assert_non_null(strstr(tu_str(f, "actual"), "65534:rwx"));
	f = tu_expect_finding(doc, "tree.acl", SPOOL "/alice", "medium");
	assert_non_null(strstr(tu_str(f, "actual"), "u:bob:rw-"));
	json_decref(doc);

	doc = run(0, root, "verify", "--fix", NULL);
	f = tu_expect_finding(doc, "tree.acl", SPOOL, "medium");
	assert_true(json_is_true(json_object_get(f, "fixed")));
	json_decref(doc);
	doc = run(0, root, "verify", NULL, NULL);
	tu_expect_no_finding(doc, "tree.acl", NULL);
	json_decref(doc);
	p = tu_path(root, SPOOL "/alice");
	assert_int_equal(getxattr(p, "system.posix_acl_access", NULL, 0), -1);
	free(p);

	/* A default ACL on a directory is drift too. */
	tu_mkdir(root, "ja", 0755);
	tu_mkdir(root, "ja/box", 0755);
	prof = tu_write_profile(root, "s.profile", "name s\njail /ja\n"
	    "dir / root root 0755\ndir /box root root 0755\n");
	{
		char *dir = tu_path(root, "ja/box");
		acl_t a = acl_from_text("u::rwx,g::r-x,o::r-x,u:65534:r-x,m::r-x");

		assert_non_null(a);
		assert_int_equal(acl_set_file(dir, ACL_TYPE_DEFAULT, a), 0);
		acl_free(a);
		free(dir);
	}
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	assert_int_equal(st, 1);
	tu_expect_finding(doc, "tree.default-acl", "/ja/box", "medium");
	json_decref(doc);
	free(prof);

	/* acl=any and default-acl=any: not compared. */
	prof = tu_write_profile(root, "s.profile", "name s\njail /ja\n"
	    "dir / root root 0755\n"
	    "dir /box root root 0755 acl=any default-acl=any\n");
	tu_set_acl(root, "ja/box", "u::rwx,g::r-x,o::r-x,u:65534:rwx,m::rwx");
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	tu_expect_no_finding(doc, "tree.acl", NULL);
	tu_expect_no_finding(doc, "tree.default-acl", NULL);
	json_decref(doc);
	free(prof);
}

/*
 * A mailbox with file capabilities or a set-id bit is a finding whatever
 * the content rule says: this one denies nothing and names no caps=.
 */
static void
test_mailbox_privilege_always_found(void **state)
{
	char *root = *state, *prof, *p;
	cap_t caps;
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "m.profile", "name m\njail /jm\n"
	    "dir / root root 0755\ndir /box root root 0755\n"
	    "content /box acl=any\n");
	tu_write(root, "jm/box/alice", "mail\n", 0600);
	tu_write(root, "jm/box/bob", "mail\n", 0600);
	tu_chmod(root, "jm/box/bob", 04600);
	p = tu_path(root, "jm/box/alice");
	caps = cap_from_text("cap_net_raw+ep");
	assert_non_null(caps);
	assert_int_equal(cap_set_file(p, caps), 0);
	cap_free(caps);
	free(p);
	doc = tu_run_json(&st, "-r", root, "-p", prof, "verify", NULL);
	assert_int_equal(st, 1);
	tu_expect_finding(doc, "tree.caps", "/jm/box/alice", "high");
	assert_string_equal(tu_str(tu_expect_finding(doc, "content.mode",
	    "/jm/box/bob", "high"), "message"), "forbidden bits 4000 set");
	json_decref(doc);
	free(prof);
}

/*
 * A mailbox whose mode drifted under a rule with an ACL: chmod() wrote the
 * mask too, but that is the mode's drift, said once (content.mode).  The
 * dry run predicts exactly what --fix then does, and after it all passes.
 */
static void
test_content_mode_drift_is_one_finding(void **state)
{
	char *root = *state, *prof, *changes;
	json_t *doc;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "c.profile", "name c\njail /jc\n"
	    "dir / root root 0755\ndir /box root root 0755\n"
	    "content /box type=file deny=0133 owner=%name "
	    "acl=u::rw,u:mail:r,g::---,m::r,o::---\n");
	tu_write(root, "jc/box/alice", "mail\n", 0640);
	tu_chown(root, "jc/box/alice", 1001, 8);
	tu_set_acl(root, "jc/box/alice", "u::rw,u:8:r,g::---,m::r,o::---");
	json_decref(tu_run_json_expect(0, "-r", root, "-p", prof, "verify", NULL));
	tu_chmod(root, "jc/box/alice", 0662);	/* mask rw-, other -w- */
	doc = tu_run_json_expect(1, "-r", root, "-p", prof, "-n", "verify",
	    "--fix", NULL);
	tu_expect_finding(doc, "content.mode", "/jc/box/alice", "high");
	tu_expect_no_finding(doc, "tree.acl", NULL);
	changes = tu_changes_text(doc);
	json_decref(doc);
	doc = tu_run_json_expect(0, "-r", root, "-p", prof, "verify", "--fix",
	    NULL);
	tu_expect_no_finding(doc, "tree.acl", NULL);
	char *done = tu_changes_text(doc);
	assert_string_equal(changes, done);
	free(done);
	free(changes);
	json_decref(doc);
	json_decref(tu_run_json_expect(0, "-r", root, "-p", prof, "verify", NULL));
	assert_int_equal(tu_mode(root, "jc/box/alice") & 07777, 0640);
	free(prof);
}

/*
 * verify, and every --dry-run, make no call that changes anything: run
 * under a filter that kills the process on the first chown, chmod, xattr
 * write (ACLs, capabilities, labels), mkdir, link, rename, unlink,
 * truncate or open for writing (/proc/thread-self/attr/fscreate
 * included), on a jail that has every kind of drift to tempt them.
 */
static void
test_reading_runs_never_write(void **state)
{
	char *root = *state, *prof;
	static const struct fail_rule writes[] = {
		{ __NR_fchown, -1, 0, false }, { __NR_fchownat, -1, 0, false },
		{ __NR_fchmod, -1, 0, false }, { __NR_fchmodat, -1, 0, false },
		{ __NR_fsetxattr, -1, 0, false }, { __NR_setxattr, -1, 0, false },
		{ __NR_lsetxattr, -1, 0, false }, { __NR_fremovexattr, -1, 0, false },
		{ __NR_removexattr, -1, 0, false }, { __NR_lremovexattr, -1, 0, false },
		{ __NR_mkdirat, -1, 0, false }, { __NR_mknodat, -1, 0, false },
		{ __NR_linkat, -1, 0, false }, { __NR_symlinkat, -1, 0, false },
		{ __NR_renameat2, -1, 0, false }, { __NR_unlinkat, -1, 0, false },
		{ __NR_ftruncate, -1, 0, false }, { __NR_truncate, -1, 0, false },
		{ __NR_openat, 2, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC, true },
	};
	json_t *doc;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "w.profile", "name w\njail /var/jw\n"
	    "dir / root root 0755\n"
	    "dir /box root mail 02770 acl=u:bob:rwx default-acl=u:alice:rwx "
	    "context=system_u:object_r:mail_spool_t:s0\n"
	    "dir /gone root root 0755\n"
	    "file /bin root root 0755 caps=none\n"
	    "content /box owner=root deny=0111 acl=u:bob:rw-,m::rw-\n");
	doc = tu_run_json(&st, "-r", root, "-p", prof, "create", NULL);
	json_decref(doc);
	tu_chmod(root, "var/jw/box", 0777);
	tu_chown(root, "var/jw/box", 1001, 1001);
	tu_set_acl(root, "var/jw/box", "u::rwx,g::rwx,o::rwx");
	tu_rmdir(root, "var/jw/gone");
	tu_write(root, "var/jw/box/alice", "", 0777);
	for (int i = 0; i < 3; i++) {
		const char *const verify[] = { "-r", root, "-p", prof, "verify", NULL };
		const char *const fixn[] = { "-r", root, "-p", prof, "verify", "--fix",
		    "--dry-run", NULL };
		const char *const createn[] = { "-r", root, "-p", prof, "create", "-n",
		    NULL };
		doc = run_failing(writes, sizeof(writes) / sizeof(writes[0]), 0, &st,
		    i == 0 ? verify : i == 1 ? fixn : createn);
		if (i < 2) {
			tu_expect_finding(doc, "tree.mode", "/var/jw/box", "high");
			assert_int_equal(st, 1);
		} else {	/* create reports what it would do as changes */
			assert_true(summary(doc, "changes") >= 5);
			assert_int_equal(st, 0);
		}
		json_decref(doc);
	}
	/* And with nothing to read around it, create -n on a fresh root. */
	char *var = tu_path(root, "var");
	tu_rmtree(var);
	free(var);
	const char *const fresh[] = { "-r", root, "-p", prof, "create", "-n", NULL };
	doc = run_failing(writes, sizeof(writes) / sizeof(writes[0]), 0, &st, fresh);
	assert_int_equal(st, 0);
	json_decref(doc);
	free(prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_then_verify_clean_every_profile, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_create_is_idempotent, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_drift_found_and_fixed, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_wrong_type_is_reported_not_replaced, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_symlink_attack_is_not_followed, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_symlinked_ancestor_is_not_followed, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_unsafe_ancestor_is_reported_and_left_alone, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_mail_keeps_inode_and_content, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_content_rules, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_quiet_is_silent_when_compliant, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_names_are_escaped, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_jail_option_and_usage_errors, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_file_entries, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_hard_linked_file_entry_is_left_alone, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_unreachable_subtree_reported_once, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_content_rule_leaves_entries_to_the_profile, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_fresh_object_chown_failure_is_reported, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_content_io_errors_are_findings, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_failed_create_is_one_finding, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_long_names_are_reported_whole, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_directory_appearing_during_create, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_hard_linked_content_file_attrs_are_checked, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_reading_runs_never_write, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_acl_strict_by_default, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_mailbox_privilege_always_found, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_content_mode_drift_is_one_finding, tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
