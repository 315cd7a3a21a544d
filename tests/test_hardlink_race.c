/*
 * test_hardlink_race.c -- the tree engine changes only objects proven to
 * be the jail's own.
 *
 * The attack: a member of group mail (who may write the spool) hard-links
 * another user's file into the jail and removes the jail's name again
 * between jailctl's open of that name and its change through the fd.  The
 * fd then holds the victim, with one link, outside the jail.  Staged here
 * exactly (this program's openat() and fgetxattr() stand in for libc's:
 * the engine is linked into it) and as a race: an unprivileged process of
 * group mail linking and unlinking a victim in a loop against thousands of
 * in-process `verify --fix` runs.  Either way the victim keeps its mode,
 * ACL, extended attributes and capabilities, and nothing is reported fixed
 * that was not changed on the jail's own object.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "testutil.h"

#include "drift.h"
#include "jailctl.h"
#include "names.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "tree.h"
#include "util.h"

/* At least 2000 runs (more with JAILCTL_RACE_RUNS, by hand). */
#define RACE_RUNS 3000

static unsigned
race_runs(void)
{
	const char *e = getenv("JAILCTL_RACE_RUNS");
	unsigned long n = e != NULL ? strtoul(e, NULL, 10) : 0;

	return n > RACE_RUNS ? (unsigned)n : RACE_RUNS;
}

/* ------------------------------------------------------------------ */
/* Staging: what the attacker does at the exact moment                 */

/* After the engine pins this name with O_PATH: remove the name. */
static const char *unlink_after_pin;
/* On the first xattr read after arming: give the object a second name. */
static const char *link_from, *link_to;

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = (int)syscall(SYS_openat, dirfd, path, flags, mode);
	if (fd >= 0 && unlink_after_pin != NULL && (flags & O_PATH) &&
	    strcmp(path, unlink_after_pin) == 0) {
		unlink_after_pin = NULL;
		/* The jail's name goes; the victim keeps its own. */
		assert_int_equal(syscall(SYS_unlinkat, dirfd, path, 0), 0);
	}
	return fd;
}

ssize_t
fgetxattr(int fd, const char *name, void *value, size_t size)
{
	if (link_from != NULL) {
		assert_int_equal(link(link_from, link_to), 0);
		link_from = NULL;
	}
	return (ssize_t)syscall(SYS_fgetxattr, fd, name, value, size);
}

/* ------------------------------------------------------------------ */
/* In-process runs                                                     */

struct run {
	struct context ctx;
	char *prof;
	struct secattr_ctx *sc;
};

static void
run_open(struct run *r, const char *root, const char *prof)
{
	memset(r, 0, sizeof(*r));
	r->ctx.opt.root = root;
	r->ctx.opt.selinux = SELINUX_OFF;
	r->ctx.root_fd = tu_open_root(root);
	r->ctx.names = names_load(r->ctx.root_fd, false);
	r->prof = xstrdup(prof);
	r->ctx.profile = profile_load(r->prof, r->ctx.names, stderr);
	assert_non_null(r->ctx.profile);
}

static json_t *
run_walk(struct run *r, enum drift_mode mode, int *status)
{
	struct report_header h = { mode == DRIFT_CREATE ? "create" : "verify",
	    r->ctx.profile->name, r->ctx.opt.root, r->ctx.profile->jail, false };
	struct tu_report rep;
	struct secattr_ctx *sc;
	int err = 0;

	tu_report_begin(&rep, &h);
	struct drift_sink sink = { rep.rep, mode, false, NULL };
	sc = secattr_open(&r->ctx, rep.rep, &err);
	assert_non_null(sc);
	assert_int_equal(tree_walk(&r->ctx, &sink, sc), 0);
	secattr_close(sc);
	return tu_report_end(&rep, status);
}

static void
run_close(struct run *r)
{
	profile_free(r->ctx.profile);
	names_free(r->ctx.names);
	close(r->ctx.root_fd);
	free(r->prof);
}

/* What an attacker must not be able to change about a victim. */
struct looks {
	mode_t mode;
	uid_t uid;
	gid_t gid;
	ssize_t acl, caps;	/* xattr sizes, -1 when absent */
	char mark[16];
};

static struct looks
look_at(const char *path)
{
	struct looks l;
	struct stat st;

	memset(&l, 0, sizeof(l));
	assert_int_equal(lstat(path, &st), 0);
	l.mode = st.st_mode;
	l.uid = st.st_uid;
	l.gid = st.st_gid;
	l.acl = lgetxattr(path, "system.posix_acl_access", NULL, 0);
	l.caps = lgetxattr(path, "security.capability", NULL, 0);
	(void)lgetxattr(path, "user.mark", l.mark, sizeof(l.mark) - 1);
	return l;
}

static void
assert_unchanged(const struct looks *before, const char *path)
{
	struct looks now = look_at(path);

	assert_int_equal(now.mode, before->mode);
	assert_int_equal(now.uid, before->uid);
	assert_int_equal(now.gid, before->gid);
	assert_int_equal(now.acl, before->acl);
	assert_int_equal(now.caps, before->caps);
	assert_string_equal(now.mark, before->mark);
}

/* No finding about this path says fixed. */
static void
assert_nothing_fixed(json_t *doc, const char *path)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "findings"), i, f) {
		if (path != NULL && strcmp(tu_str(f, "path"), path) != 0)
			continue;
		if (json_is_true(json_object_get(f, "fixed")))
			tu_dump(doc);
		assert_false(json_is_true(json_object_get(f, "fixed")));
	}
}

static void
make_victim(const char *root, const char *rel, uid_t uid, gid_t gid, mode_t mode)
{
	char *p = tu_path(root, rel);

	tu_write(root, rel, "someone else's\n", 0600);
	tu_chown(root, rel, uid, gid);
	tu_chmod(root, rel, mode);
	assert_int_equal(lsetxattr(p, "user.mark", "victim", 6, 0), 0);
	free(p);
}

/*
 * Link ROOT/victim in as ROOT/jailrel and run, with the jail's name
 * removed right after the engine pinned it: the victim must come out as it
 * went in, and the report say tree.not-own and nothing fixed.
 */
static json_t *
run_swapped(struct run *r, const char *victim, const char *jailrel,
    enum drift_mode mode)
{
	const char *root = r->ctx.opt.root;
	char *vpath = tu_path(root, victim), *shown = xasprintf("/%s", jailrel);
	struct looks before = look_at(vpath);
	json_t *doc;
	int st;

	tu_link(root, victim, jailrel);
	unlink_after_pin = strrchr(jailrel, '/') + 1;
	doc = run_walk(r, mode, &st);
	assert_null(unlink_after_pin);
	assert_int_equal(st, 1);
	assert_nothing_fixed(doc, NULL);
	tu_expect_finding(doc, "tree.not-own", shown, "high");
	assert_unchanged(&before, vpath);
	free(vpath);
	free(shown);
	return doc;
}

/* ------------------------------------------------------------------ */
/* Deterministic                                                       */

/*
 * A mailbox rule (mode, ACL): the victim is linked in as "bob" before the
 * run, and the jail's name is removed right after the engine pinned it,
 * so the pinned inode has one link -- the victim's own, outside.
 */
static void
test_content_victim_swapped_after_pin(void **state)
{
	char *root = *state, *prof;
	struct run r;
	int st;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "c.profile", "name c\njail /j\n"
	    "dir / root root 0755\ndir /spool root mail 02775\n"
	    "content /spool type=file links=1 deny=07133 owner=%name "
	    "acl=u:alice:r--,m::r--\n");
	run_open(&r, root, prof);
	json_decref(run_walk(&r, DRIFT_CREATE, &st));
	assert_int_equal(st, 0);

	make_victim(root, "victim", 1002, 8, 06664);
	json_decref(run_swapped(&r, "victim", "j/spool/bob", DRIFT_FIX));
	run_close(&r);
	free(prof);
}

/*
 * A `file` entry: a setuid binary elsewhere is linked in as the entry
 * before the run, the jail's name removed right after the pin.  It must
 * keep its set-id bit and gain neither capabilities nor an ACL.
 */
static void
test_file_entry_victim_swapped_after_pin(void **state)
{
	char *root = *state, *prof;
	struct run r;
	json_t *doc;

	TU_REQUIRE_ROOT();
	prof = tu_write_profile(root, "f.profile", "name f\njail /j\n"
	    "dir / root root 0755\ndir /bin root root 0755\n"
	    "file /bin/x root root 0755 acl=u:alice:r-x,m::r-x "
	    "caps=cap_net_raw+ep\n");
	run_open(&r, root, prof);
	tu_mkdir(root, "j/bin", 0755);
	make_victim(root, "su", 0, 0, 04755);
	/* verify --fix, and create: the same proof. */
	for (int i = 0; i < 2; i++) {
		doc = run_swapped(&r, "su", "j/bin/x",
		    i == 0 ? DRIFT_FIX : DRIFT_CREATE);
		tu_expect_no_finding(doc, "tree.caps", NULL);
		tu_expect_no_finding(doc, "tree.acl", NULL);
		json_decref(doc);
	}
	run_close(&r);
	free(prof);
}

/*
 * Proven after the pin, but not before a later change: the jail's own
 * file gains a second name after owner and mode were settled and before
 * its ACL and capabilities are set.  Those are left alone (they would
 * reach the other name), and not reported fixed.
 */
static void
test_second_name_before_a_later_change(void **state)
{
	char *root = *state, *prof, *jailname, *other;
	struct run r;
	json_t *doc, *f;
	int st;

	TU_REQUIRE_ROOT();
	/* The directories' ACLs are not compared (acl=any), so the first
	 * xattr read is the file's. */
	prof = tu_write_profile(root, "l.profile", "name l\njail /j\n"
	    "dir / root root 0755 acl=any default-acl=any\n"
	    "dir /bin root root 0755 acl=any default-acl=any\n"
	    "file /bin/x root root 0755 acl=u:alice:r-x,m::r-x "
	    "caps=cap_net_raw+ep\n");
	tu_write(root, "j/bin/x", "binary\n", 0777);
	jailname = tu_path(root, "j/bin/x");
	other = tu_path(root, "elsewhere");
	run_open(&r, root, prof);
	link_from = jailname;
	link_to = other;
	doc = run_walk(&r, DRIFT_FIX, &st);
	assert_null(link_from);
	assert_int_equal(st, 1);
	/* The mode was settled on the jail's own file, before the link. */
	f = tu_expect_finding(doc, "tree.mode", "/j/bin/x", "high");
	assert_true(json_is_true(json_object_get(f, "fixed")));
	tu_expect_finding(doc, "tree.not-own", "/j/bin/x", "high");
	f = tu_expect_finding(doc, "tree.acl", "/j/bin/x", "medium");
	assert_false(json_is_true(json_object_get(f, "fixed")));
	f = tu_expect_finding(doc, "tree.caps", "/j/bin/x", "high");
	assert_false(json_is_true(json_object_get(f, "fixed")));
	json_decref(doc);
	assert_int_equal(getxattr(other, "system.posix_acl_access", NULL, 0), -1);
	assert_int_equal(getxattr(other, "security.capability", NULL, 0), -1);
	run_close(&r);
	free(jailname);
	free(other);
	free(prof);
}

/* ------------------------------------------------------------------ */
/* The race, for real                                                  */

/*
 * A scratch user of group mail links bob's mailbox (0664 bob:mail, which
 * group mail may write, so protected_hardlinks lets it) into the jail
 * spool as "bob" and unlinks it again, as fast as it can, while this
 * process runs `verify --fix` with the shipped debian profile.  The
 * victim's group-write bit is one the spool rule denies: any run that
 * changed it through a pinned fd would show.
 */
static void
test_link_unlink_loop_against_fix(void **state)
{
	char *root = *state, *prof = tu_srcfile("profiles/debian.profile");
	char *victim, *spool = tu_path(root, "var/mailjail/var/spool/mail");
	struct looks before;
	struct run r;
	gid_t mail;
	unsigned raced = 0, refused = 0, fixed = 0, changed = 0, runs = race_runs();
	int st;

	TU_REQUIRE_ROOT();
	run_open(&r, root, prof);
	assert_int_equal(names_gid(r.ctx.names, "mail", &mail), 0);
	json_decref(run_walk(&r, DRIFT_CREATE, &st));
	assert_int_equal(st, 0);
	make_victim(root, "mailbox-bob", 1002, mail, 0664);
	victim = tu_path(root, "mailbox-bob");
	before = look_at(victim);

	int vdir = tu_open_root(root);
	int sdir = open(spool, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(sdir >= 0);
	pid_t attacker = fork();
	assert_true(attacker >= 0);
	if (attacker == 0) {
		/* Not root any more: a member of group mail, nothing else;
		 * and gone with this test, however it ends. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() == 1 ||
		    setgroups(1, &mail) != 0 || setgid(mail) != 0 ||
		    setuid(64777) != 0)
			_exit(3);
		for (;;) {
			(void)linkat(vdir, "mailbox-bob", sdir, "bob", 0);
			(void)unlinkat(sdir, "bob", 0);
		}
	}
	close(sdir);
	close(vdir);
	/* No assertion until the attacker is gone: count, then judge. */
	for (unsigned i = 0; i < runs; i++) {
		json_t *doc = run_walk(&r, DRIFT_FIX, &st), *f;
		size_t k;

		json_array_foreach(json_object_get(doc, "findings"), k, f) {
			if (strcmp(tu_str(f, "path"),
			    "/var/mailjail/var/spool/mail/bob") != 0)
				continue;
			raced++;
			if (json_is_true(json_object_get(f, "fixed"))) {
				if (fixed++ == 0)
					tu_dump(doc);
			}
			if (strcmp(tu_str(f, "id"), "tree.not-own") == 0)
				refused++;
		}
		json_decref(doc);
		if (look_at(victim).mode != before.mode && changed++ == 0)
			print_error("run %u changed the victim's mode\n", i);
	}
	kill(attacker, SIGKILL);
	assert_int_equal(waitpid(attacker, &st, 0), attacker);
	print_message("%u runs; %u findings on the raced name, %u of them "
	    "tree.not-own; %u said fixed, %u changed the victim\n", runs,
	    raced, refused, fixed, changed);
	assert_int_equal(fixed, 0);
	assert_int_equal(changed, 0);
	/* It was killed, not refused its identity. */
	assert_true(WIFSIGNALED(st));
	/* The attacker really raced. */
	assert_true(raced > 0);
	assert_unchanged(&before, victim);
	run_close(&r);
	free(victim);
	free(spool);
	free(prof);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_content_victim_swapped_after_pin, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_file_entry_victim_swapped_after_pin, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_second_name_before_a_later_change, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_link_unlink_loop_against_fix, tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
