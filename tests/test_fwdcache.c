/*
 * test_fwdcache.c -- what the .forward audit remembers for a whole run
 * gives the answers it would have got by asking each time.
 *
 * The group file read once (users.h, grp_db) against one pass per
 * question (grp_is_member(), grp_list()), on a file full of the cases
 * getgrgid() and initgroups() treat specially, and as identities that can
 * and cannot read the file; identity switches that nest (fsident.h);
 * lookups from a remembered parent directory (safefile.h, sf_dirs)
 * against the walk from the root, for users who may and may not search
 * the directories on the way; smrsh's walks of CMDDIR entries made once
 * and answered for every identity (smrsh_rules.h) against a walk each.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "testutil.h"

#include "forward_include.h"
#include "fsident.h"
#include "fsutil.h"
#include "safefile.h"
#include "smrsh_rules.h"
#include "users.h"

#include "smrsh_cases.h"

/* Duplicate gids (first one with no members), a member listed twice,
 * groups sharing a member, comments, blank and malformed lines, NIS
 * lines, an empty member, a user that is a prefix of another. */
static const char hostile_group[] =
    "root:x:0:\n"
    "dup:x:500:\n"
    "dup2:x:500:alice,bob\n"
    "staff:x:50:alice,carol,alice\n"
    "# a comment:x:51:alice\n"
    "\n"
    "broken line without colons\n"
    "proj:x:51:bob,,carol\n"
    "proj-again:x:51:alice\n"
    "+nis:x:52:alice\n"
    "-nis2::53:bob\n"
    "al:x:54:al\n"
    "alice2:x:55:alice2,alice\n"
    "spaces:x:56: alice , bob\n"
    "big:x:57:dave,erin,frank,alice\n"
    "nogid:x::alice\n"
    "neg:x:-1:bob\n";

static const char *const users[] = {
	"alice", "bob", "carol", "al", "alice2", "dave", "nobody", "",
	" alice", "erin", NULL,
};
static const gid_t gids[] = { 0, 50, 51, 52, 53, 54, 55, 56, 57, 500, 1001,
	(gid_t)-1 };

static void
compare_all(int root_fd, struct grp_db *db)
{
	for (size_t u = 0; users[u] != NULL; u++) {
		for (size_t g = 0; g < sizeof(gids) / sizeof(gids[0]); g++) {
			gid_t *a = NULL, *b = NULL;
			size_t na = 0, nb = 0;
			int ra, rb;

			if (grp_is_member(root_fd, false, gids[g], users[u]) !=
			    grp_db_is_member(db, gids[g], users[u]))
				fail_msg("is_member(%lu, \"%s\") differs",
				    (unsigned long)gids[g], users[u]);
			ra = grp_list(root_fd, false, users[u], gids[g], &a, &na);
			rb = grp_db_list(db, users[u], gids[g], &b, &nb);
			assert_int_equal(ra, rb);
			assert_int_equal(na, nb);
			if (na > 0)
				assert_memory_equal(a, b, na * sizeof(gid_t));
			free(a);
			free(b);
		}
	}
}

/* @brief Read once, the group file answers as a pass per question does. */
static void
test_group_db_same_answers(void **state)
{
	const char *root = *state;
	struct grp_db *db;
	int root_fd = tu_open_root(root);

	tu_write(root, "etc/group", hostile_group, 0644);
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);

	/* no group file, and a directory in its place: nobody is a member */
	tu_unlink(root, "etc/group");
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	tu_mkdir(root, "etc/group", 0755);
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	tu_rmdir(root, "etc/group");
	/* a symlink to it: followed inside the root, as open_etc() does */
	tu_write(root, "etc/real-group", hostile_group, 0644);
	tu_symlink(root, "/etc/real-group", "etc/group");
	db = grp_db_load(root_fd, false);
	compare_all(root_fd, db);
	grp_db_free(db);
	close(root_fd);
}

/*
 * As another identity (sendmail after seteuid()): a group file that
 * identity cannot read lists nobody, though root read it for the cache;
 * one it can read answers as root's copy does.
 */
static void
as_identity(const char *root, uid_t uid, gid_t gid, const char *why)
{
	struct fsid_saved sv;
	struct grp_db *db;
	int root_fd = tu_open_root(root);

	db = grp_db_load(root_fd, false);
	assert_int_equal(fsid_enter(uid, gid, &gid, 1, &sv), 0);
	for (size_t u = 0; users[u] != NULL; u++)
		for (size_t g = 0; g < sizeof(gids) / sizeof(gids[0]); g++)
			if (grp_is_member(root_fd, false, gids[g], users[u]) !=
			    grp_db_is_member(db, gids[g], users[u])) {
				fsid_leave(&sv);
				fail_msg("%s: is_member(%lu, \"%s\") differs", why,
				    (unsigned long)gids[g], users[u]);
			}
	fsid_leave(&sv);
	grp_db_free(db);
	close(root_fd);
}

/* @brief The cache never answers for an identity that cannot read the file. */
static void
test_group_db_identity(void **state)
{
	const char *root = *state;

	TU_REQUIRE_ROOT();
	tu_write(root, "etc/group", hostile_group, 0644);
	as_identity(root, 1001, 1001, "0644");
	tu_chmod(root, "etc/group", 0600);
	as_identity(root, 1001, 1001, "0600");
	/* readable by its group only: a member of it reads, others not */
	tu_chmod(root, "etc/group", 0640);
	tu_chown(root, "etc/group", 0, 50);
	as_identity(root, 1001, 50, "0640, in the group");
	as_identity(root, 1001, 1001, "0640, not in the group");
	/* other may read, but an ACL takes it from one user */
	tu_chmod(root, "etc/group", 0644);
	tu_set_acl(root, "etc/group", "u::rw-,u:1002:---,g::r--,m::r--,o::r--");
	as_identity(root, 1002, 1002, "ACL denies");
	as_identity(root, 1001, 1001, "ACL denies someone else");
	/* a directory on the way that one cannot search */
	tu_write(root, "etc/group", hostile_group, 0644);
	tu_chmod(root, "etc", 0750);
	as_identity(root, 1001, 1001, "etc not searchable");
	tu_chmod(root, "etc", 0755);
}

/* @brief Entering the identity in force costs nothing; leaving it keeps it. */
static void
test_fsid_nesting(void **state)
{
	struct fsid_saved outer, inner, other;
	gid_t g1 = 1001, g2 = 1002;
	unsigned long before;

	(void)state;
	TU_REQUIRE_ROOT();
	fsid_run_begin();
	assert_int_equal(fsid_enter(1001, 1001, &g1, 1, &outer), 0);
	before = fsid_switches();
	assert_int_equal(fsid_enter(1001, 1001, &g1, 1, &inner), 0);
	assert_int_equal(fsid_switches(), before);
	fsid_leave(&inner);
	assert_int_equal((int)setfsuid((uid_t)-1), 1001);
	/* another identity inside: back to the outer one after */
	assert_int_equal(fsid_enter(1002, 1002, &g2, 1, &other), 0);
	assert_int_equal((int)setfsuid((uid_t)-1), 1002);
	assert_int_equal((int)setfsgid((gid_t)-1), 1002);
	fsid_leave(&other);
	assert_int_equal((int)setfsuid((uid_t)-1), 1001);
	assert_int_equal((int)setfsgid((gid_t)-1), 1001);
	fsid_leave(&outer);
	assert_int_equal((int)setfsuid((uid_t)-1), 0);
	assert_int_equal((int)setfsgid((gid_t)-1), 0);
	assert_false(fsid_current(NULL, NULL, NULL, NULL));
	fsid_run_end();
}


/*
 * A tree with every kind of directory a lookup meets: searchable by all,
 * by the owner or a group only, behind an ACL, sticky, a symlink (relative
 * and absolute) in the middle and at the end, a file where a directory is
 * expected, missing names.
 */
static void
build_lookup_tree(const char *root)
{
	tu_mkdir(root, "home", 0755);
	tu_mkdir(root, "home/a", 0750);
	tu_chown(root, "home/a", 1001, 1001);
	tu_write(root, "home/a/.forward", "a@example.org\n", 0644);
	tu_chown(root, "home/a/.forward", 1001, 1001);
	tu_write(root, "home/a/secret", "s\n", 0600);
	tu_chown(root, "home/a/secret", 1001, 1001);
	tu_mkdir(root, "home/a/sub", 0755);
	tu_write(root, "home/a/sub/f", "f\n", 0644);
	tu_mkdir(root, "home/b", 0700);
	tu_chown(root, "home/b", 1002, 1002);
	tu_write(root, "home/b/.forward", "b@example.org\n", 0644);
	tu_mkdir(root, "home/g", 0710);
	tu_chown(root, "home/g", 0, 50);
	tu_write(root, "home/g/f", "g\n", 0644);
	tu_mkdir(root, "home/acl", 0755);
	tu_set_acl(root, "home/acl", "u::rwx,u:1002:---,g::r-x,m::r-x,o::r-x");
	tu_write(root, "home/acl/f", "acl\n", 0644);
	tu_mkdir(root, "tmp", 01777);
	tu_write(root, "tmp/f", "t\n", 0666);
	tu_symlink(root, "a", "home/rel");
	tu_symlink(root, "/home/a", "home/abs");
	tu_symlink(root, ".forward", "home/a/lnk");
	tu_symlink(root, "/etc/passwd", "home/a/abslnk");
	tu_write(root, "home/file", "x\n", 0644);
	tu_mkdir(root, "etc/mail/lists", 0755);
	tu_write(root, "etc/mail/lists/l.inc", "l\n", 0644);
	tu_mkdir(root, "locked", 0700);
	tu_mkdir(root, "locked/in", 0755);
	tu_write(root, "locked/in/f", "l\n", 0644);
}

static const char *const lookup_paths[] = {
	"/", "/home", "/home/a", "/home/a/.forward", "/home/a/secret",
	"/home/a/sub", "/home/a/sub/f", "/home/a/sub/missing",
	"/home/a/missing/deeper", "/home/b", "/home/b/.forward", "/home/g/f",
	"/home/acl", "/home/acl/f", "/home/acl/missing", "/tmp/f",
	"/home/rel", "/home/rel/.forward", "/home/abs/.forward", "/home/a/lnk",
	"/home/a/abslnk", "/home/file", "/home/file/x", "/nope",
	"/nope/deeper/still", "/home//a///.forward", "home/a/.forward",
	"/home/./a/.forward", "/home/a/../b/.forward", "/home/a/", "",
	"/etc/mail/lists/l.inc", "/etc/mail/lists", "/locked/in/f",
	"/locked/in", NULL,
};

struct who_as {
	uid_t uid;
	gid_t gid;
	gid_t groups[2];
	size_t ngroups;
};

static const struct who_as lookup_ids[] = {
	{ 0, 0, { 0 }, 0 },		/* root: nothing borrowed */
	{ 1001, 1001, { 1001 }, 1 },	/* a */
	{ 1002, 1002, { 1002 }, 1 },	/* b, whom the ACL refuses */
	{ 1003, 1003, { 1003, 50 }, 2 },	/* c, in group 50 */
	{ 1004, 1004, { 1004 }, 1 },	/* d */
};

/* kernel_access() of filetarget.c before the cache: the path followed */
static int
open_beneath_for_test(int root_fd, const char *p)
{
	return open_beneath(root_fd, p, O_PATH, true);
}

/* One lookup each way, as the identity in force: they must agree. */
static void
compare_lookups(int root_fd, struct sf_env *cached, const char *who)
{
	struct sf_env plain = { .root_fd = root_fd };

	for (size_t i = 0; lookup_paths[i] != NULL; i++) {
		const char *p = lookup_paths[i];

		for (int follow = 0; follow < 2; follow++) {
			struct stat a, b;
			int ra = sf_stat_in_root(root_fd, p, follow, &a);
			int rb = sf_lookup(cached, p, follow, &b);

			if (ra != rb || (ra == 0 && (a.st_ino != b.st_ino ||
			    a.st_mode != b.st_mode)))
				fail_msg("%s: lookup of \"%s\" (follow %d): %d "
				    "walking, %d from the parent", who, p, follow,
				    ra, rb);
			if (ra == 0 && S_ISREG(a.st_mode)) {
				int fa = -1, fb = -1;

				ra = sf_open_judged(root_fd, p, follow, &a, &fa);
				rb = sf_open_judged_env(cached, p, follow, &a, &fb,
				    NULL);
				if (ra != rb)
					fail_msg("%s: open of \"%s\" (follow %d): "
					    "%d walking, %d from the parent", who, p,
					    follow, ra, rb);
				if (fa >= 0)
					close(fa);
				if (fb >= 0)
					close(fb);
			}
		}
		for (int m = 0; m < 3; m++) {
			static const int modes[] = { R_OK, W_OK | X_OK, X_OK };
			int fd = open_beneath_for_test(root_fd, p);
			int ra = fd < 0 ? -fd : 0, rb;

			if (fd >= 0) {
				if (syscall(SYS_faccessat2, fd, "", modes[m],
				    AT_EACCESS | AT_EMPTY_PATH) != 0)
					ra = errno;
				close(fd);
			}
			rb = sf_access(cached, p, modes[m]);
			if (ra != rb)
				fail_msg("%s: access(\"%s\", %d): %d walking, %d "
				    "from the parent", who, p, modes[m], ra, rb);
		}
		for (long flags = 0; flags < 4; flags++) {
			static const long fl[] = { 0, SF_SAFEDIRPATH,
			    SF_SAFEDIRPATH | SF_ROOTOK, SF_REGONLY | SF_MUSTOWN };
			struct sf_who w = { 1001, 1001, "a", false };
			struct stat a, b;
			char *wa = NULL, *wb = NULL;
			int ra, rb;

			if (*p == '\0')
				continue;
			ra = sf_safefile(&plain, p, &w, fl[flags], S_IRUSR, &a, &wa);
			rb = sf_safefile(cached, p, &w, fl[flags], S_IRUSR, &b, &wb);
			if (ra != rb || (wa == NULL) != (wb == NULL) ||
			    (wa != NULL && strcmp(wa, wb) != 0))
				fail_msg("%s: safefile(\"%s\", flags %ld): %d (%s) "
				    "walking, %d (%s) from the parent", who, p,
				    fl[flags], ra, wa ? wa : "-", rb, wb ? wb : "-");
			free(wa);
			free(wb);
		}
	}
}

/*
 * @brief A lookup from a remembered parent directory gives what the walk
 * from the root gives, for every identity, whoever filled the cache.
 */
static void
test_dirs_same_answers(void **state)
{
	const char *root = *state;
	int root_fd = tu_open_root(root);
	struct sf_env cached = { .root_fd = root_fd };
	size_t nids = geteuid() == 0 ? sizeof(lookup_ids) /
	    sizeof(lookup_ids[0]) : 1;

	build_lookup_tree(root);
	/*
	 * forwards, then backwards: users fill it for root and the reverse;
	 * with a root all may search (the cache reaches deep), then with one
	 * only its owner may (the lookups all start at the root)
	 */
	for (int pass = 0; pass < 4; pass++) {
		assert_int_equal(fchmod(root_fd, pass < 2 ? 0755 : 0700), 0);
		cached.dirs = sf_dirs_new(root_fd);
		for (size_t k = 0; k < nids; k++) {
			const struct who_as *id = &lookup_ids[pass % 2 == 0 ? k :
			    nids - 1 - k];
			struct fsid_saved sv;
			char who[32];

			snprintf(who, sizeof(who), "uid %lu", (unsigned long)id->uid);
			if (id->uid != 0)
				assert_int_equal(fsid_enter(id->uid, id->gid,
				    id->groups, id->ngroups, &sv), 0);
			compare_lookups(root_fd, &cached, who);
			if (id->uid != 0)
				fsid_leave(&sv);
		}
		assert_true(sf_dirs_hits(cached.dirs) > 0);
		sf_dirs_free(cached.dirs);
	}
	close(root_fd);
}

static bool
same_strv(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/*
 * @brief smrsh's verdicts from walks made once and kept are those of a
 * walk each, for every case of the shared table and every identity,
 * whichever identity's question made the walk.
 */
static void
test_smrsh_walks_same_verdicts(void **state)
{
	char path[] = "/tmp/jailctl-fwdcache.XXXXXX";
	bool as_root = geteuid() == 0, acl_ok;
	struct smrsh_cache *cache;
	int root_fd, bad = 0;

	(void)state;
	assert_non_null(mkdtemp(path));
	root_fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(root_fd >= 0);
	acl_ok = build_smrsh_tree(root_fd, as_root);
	for (int pass = 0; pass < 4; pass++) {
		/* a root all may search, then one only root may */
		assert_int_equal(fchmod(root_fd, pass < 2 ? 0755 : 0700), 0);
		cache = smrsh_cache_new(root_fd);
		for (size_t k = 0; k < NSMRSH_CASES; k++) {
			size_t i = pass % 2 == 0 ? k : NSMRSH_CASES - 1 - k;
			const struct smrsh_case *c = &smrsh_cases[i];

			if ((c->root_only && !as_root) || (c->acl && !acl_ok))
				continue;
			/* every identity, not only the case's own */
			for (int who = AS_ROOT; who <= AS_OTHER; who++) {
				struct case_ids ids = case_ids((enum who)who,
				    as_root);
				struct smrsh_env env = case_env(root_fd, &ids, true);
				struct smrsh_verdict a, b;
				char *command = case_command(c);

				assert_int_equal(smrsh_judge(&env, command, &a), 0);
				env.cache = cache;
				assert_int_equal(smrsh_judge(&env, command, &b), 0);
				if (a.allowed != b.allowed ||
				    a.exit_status != b.exit_status ||
				    (a.message == NULL) != (b.message == NULL) ||
				    (a.message && strcmp(a.message, b.message)) ||
				    (a.shell_command == NULL) !=
				    (b.shell_command == NULL) ||
				    (a.shell_command &&
				    strcmp(a.shell_command, b.shell_command)) ||
				    !same_strv(a.runs, a.nruns, b.runs, b.nruns) ||
				    !same_strv(a.warnings, a.nwarnings, b.warnings,
				    b.nwarnings))
					case_diff(i, &bad, "identity %d: the kept walk "
					    "judges `%s` differently", who, command);
				smrsh_verdict_free(&a);
				smrsh_verdict_free(&b);
				free(command);
			}
		}
		assert_true(smrsh_cache_walks(cache) > 0);
		smrsh_cache_free(cache);
	}
	assert_int_equal(bad, 0);
	close(root_fd);
	tu_rmtree(path);
}

/* @brief passwd by uid, remembered, answers as a pass over the file. */
static void
test_owners_same_answers(void **state)
{
	const char *root = *state;
	static const uid_t uids[] = { 0, 1001, 1002, 4242, 0, 4242, 1001, 8 };
	int root_fd = tu_open_root(root);
	struct pw_cache *c;

	tu_append(root, "etc/passwd", "dup:x:1001:5::/home/dup:/bin/sh");
	tu_append(root, "etc/passwd", "broken line");
	c = pw_cache_new(root_fd, false);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(uids) / sizeof(uids[0]); i++) {
			struct pw_copy a = { 0 }, b = { 0 };
			int ra = pw_find_uid(root_fd, false, uids[i], &a);
			int rb = pw_cache_find_uid(c, uids[i], &b);

			assert_int_equal(ra, rb);
			if (ra == 0) {
				assert_string_equal(a.name, b.name);
				assert_string_equal(a.dir, b.dir);
				assert_string_equal(a.shell, b.shell);
				assert_int_equal(a.gid, b.gid);
			}
			pw_copy_clear(&a);
			pw_copy_clear(&b);
		}
	}
	pw_cache_free(c);
	close(root_fd);
}

/* ---- include() with everything a run keeps, against include() bare ---- */

static bool
member_plain(void *arg, gid_t gid, const char *user)
{
	return grp_is_member(*(int *)arg, false, gid, user);
}

static bool
member_db(void *arg, gid_t gid, const char *user)
{
	return grp_db_is_member(arg, gid, user);
}

static void
build_include_tree(const char *root)
{
	tu_append(root, "etc/group", "staff:x:50:carol");
	tu_mkdir(root, "lists", 0755);
	tu_write(root, "lists/all.inc", "a@example.org\n\"|vacation\"\n", 0644);
	tu_write(root, "lists/group.inc", "g@example.org\n", 0640);
	tu_chown(root, "lists/group.inc", 0, 50);
	tu_write(root, "lists/mine.inc", "m@example.org\n", 0600);
	tu_chown(root, "lists/mine.inc", 1001, 1001);
	tu_write(root, "lists/acl.inc", "acl@example.org\n", 0644);
	tu_set_acl(root, "lists/acl.inc", "u::rw-,u:1002:---,g::r--,m::r--,o::r--");
	tu_write(root, "lists/gw.inc", "gw@example.org\n", 0664);
	tu_write(root, "lists/bob.inc", "b@example.org\n", 0644);
	tu_chown(root, "lists/bob.inc", 1002, 1002);
	tu_symlink(root, "all.inc", "lists/link.inc");
	tu_mkdir(root, "closed", 0750);
	tu_chown(root, "closed", 0, 50);
	tu_write(root, "closed/c.inc", "c@example.org\n", 0644);
	tu_mkdir(root, "gwdir", 0775);
	tu_chown(root, "gwdir", 0, 50);
	tu_write(root, "gwdir/x.inc", "x@example.org\n", 0644);
	tu_mkdir(root, "home/alice", 0750);
	tu_chown(root, "home/alice", 1001, 1001);
	tu_write(root, "home/alice/.forward", "\\alice\n", 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
}

static const char *const include_files[] = {
	"/lists/all.inc", "/lists/group.inc", "/lists/mine.inc",
	"/lists/acl.inc", "/lists/gw.inc", "/lists/bob.inc", "/lists/link.inc",
	"/closed/c.inc", "/gwdir/x.inc", "/lists/missing.inc",
	"/home/alice/.forward", "/lists/all.inc", NULL,
};

struct inc_user {
	const char *name;
	uid_t uid;
	gid_t gid;
	gid_t groups[2];
	size_t ngroups;
};

static const struct inc_user inc_users[] = {
	{ "alice", 1001, 1001, { 1001 }, 1 },
	{ "bob", 1002, 1002, { 1002 }, 1 },
	{ "carol", 1003, 1003, { 1003, 50 }, 2 },
	{ "alice", 1001, 1001, { 1001 }, 1 },
	{ "root", 0, 0, { 0 }, 1 },
};

static void
fi_env_init(struct fi_env *env, int root_fd, int *root_fd_arg)
{
	memset(env, 0, sizeof(*env));
	env->root_fd = root_fd;
	env->sf.root_fd = root_fd;
	env->sf.member = member_plain;
	env->sf.member_arg = root_fd_arg;
	env->def_uid = 8;
	env->def_gid = 8;
	env->def_user = "mail";
	env->read_cap = 1024 * 1024;
}

static void
compare_include(const struct fi_env *plain, const struct fi_env *kept,
    const struct inc_user *u, const char *fname, bool forwarding)
{
	struct fi_user ca = { u->name, u->uid, u->gid, false, u->groups,
	    u->ngroups };
	struct fi_ctl ca_ctl, cb_ctl;
	struct fi_file fa, fb;
	char *wa = NULL, *wb = NULL;
	int ra, rb;

	fi_ctl_init(&ca_ctl, NULL, u->uid, false);
	fi_ctl_init(&cb_ctl, NULL, u->uid, false);
	ra = fi_include(plain, &ca, fname, forwarding, &ca_ctl, &fa, &wa);
	rb = fi_include(kept, &ca, fname, forwarding, &cb_ctl, &fb, &wb);
	if (ra != rb)
		fail_msg("%s, %s: include() %d bare, %d with the run's caches",
		    u->name, fname, ra, rb);
	if ((wa == NULL) != (wb == NULL) || (wa != NULL && strcmp(wa, wb) != 0))
		fail_msg("%s, %s: where differs", u->name, fname);
	if (ra == 0) {
		assert_int_equal(fa.len, fb.len);
		assert_memory_equal(fa.data, fb.data, fa.len);
		assert_int_equal(fa.truncated, fb.truncated);
		assert_int_equal(fa.st.st_ino, fb.st.st_ino);
		assert_int_equal(fa.st.st_mode, fb.st.st_mode);
		assert_int_equal(fa.safedir, fb.safedir);
		assert_int_equal(fa.safechown, fb.safechown);
		fi_file_free(&fa);
		fi_file_free(&fb);
	}
	assert_int_equal(ca_ctl.bogus_shell, cb_ctl.bogus_shell);
	assert_int_equal(ca_ctl.unsafe, cb_ctl.unsafe);
	assert_int_equal(ca_ctl.nunsafe, cb_ctl.nunsafe);
	for (size_t i = 0; i < ca_ctl.nunsafe; i++)
		assert_string_equal(ca_ctl.unsafe_why[i], cb_ctl.unsafe_why[i]);
	assert_true((ca_ctl.ruser == NULL) == (cb_ctl.ruser == NULL));
	if (ca_ctl.ruser != NULL)
		assert_string_equal(ca_ctl.ruser, cb_ctl.ruser);
	free(wa);
	free(wb);
	fi_ctl_clear(&ca_ctl);
	fi_ctl_clear(&cb_ctl);
	/* a section's identity is never left behind */
	assert_int_equal((int)setfsuid((uid_t)-1), 0);
	assert_false(fsid_current(NULL, NULL, NULL, NULL));
}

/*
 * @brief include() with the directories, names, group file, owners and
 * contents a run keeps (and lazy identity switches) says what include()
 * says alone, for users who may read a file and users who may not,
 * whoever asked first; a file all may read costs a later user no switch.
 */
static void
test_include_same_answers(void **state)
{
	const char *root = *state;
	int root_fd = tu_open_root(root), arg;
	struct fi_env plain, kept;
	size_t nusers = sizeof(inc_users) / sizeof(inc_users[0]);

	TU_REQUIRE_ROOT();
	build_include_tree(root);
	assert_int_equal(fchmod(root_fd, 0755), 0);
	arg = root_fd;
	fsid_run_begin();
	for (int pass = 0; pass < 2; pass++) {
		fi_env_init(&plain, root_fd, &arg);
		fi_env_init(&kept, root_fd, &arg);
		kept.sf.dirs = sf_dirs_new(root_fd);
		kept.groups = grp_db_load(root_fd, false);
		kept.sf.member = member_db;
		kept.sf.member_arg = kept.groups;
		kept.owners = pw_cache_new(root_fd, false);
		kept.chown_memo = calloc(1, sizeof(*kept.chown_memo));
		kept.contents = fi_contents_new();
		for (size_t k = 0; k < nusers; k++) {
			const struct inc_user *u = &inc_users[pass == 0 ? k :
			    nusers - 1 - k];

			for (size_t f = 0; include_files[f] != NULL; f++)
				for (int fw = 0; fw < 2; fw++)
					compare_include(&plain, &kept, u,
					    include_files[f], fw);
		}
		/* several include()s in one held identity, as the ForwardPath
		 * candidates are made: the same answers as each alone */
		for (size_t k = 0; k < nusers; k++) {
			const struct inc_user *u = &inc_users[k];
			struct fi_user ca = { u->name, u->uid, u->gid, false,
			    u->groups, u->ngroups };
			int ra[16], rb[16];
			size_t nf = 0, f;
			struct fsid_saved held;

			for (f = 0; include_files[f] != NULL; f++, nf++) {
				struct fi_ctl ctl;
				struct fi_file fa;
				char *wa = NULL;

				fi_ctl_init(&ctl, NULL, u->uid, false);
				ra[f] = fi_include(&plain, &ca, include_files[f], true,
				    &ctl, &fa, &wa);
				if (ra[f] == 0)
					fi_file_free(&fa);
				free(wa);
				fi_ctl_clear(&ctl);
			}
			fi_hold(&kept, &ca, &held);
			for (f = 0; f < nf; f++) {
				struct fi_ctl ctl;
				struct fi_file fb;
				char *wb = NULL;

				fi_ctl_init(&ctl, NULL, u->uid, false);
				rb[f] = fi_include(&kept, &ca, include_files[f], true,
				    &ctl, &fb, &wb);
				if (rb[f] == 0)
					fi_file_free(&fb);
				free(wb);
				fi_ctl_clear(&ctl);
			}
			fi_release(&held);
			assert_int_equal((int)setfsuid((uid_t)-1), 0);
			for (f = 0; f < nf; f++)
				if (ra[f] != rb[f])
					fail_msg("%s, %s: include() %d alone, %d held",
					    u->name, include_files[f], ra[f], rb[f]);
		}
		/* alice again: all.inc is known to all, no switch is made */
		{
			unsigned long before = fsid_switches();

			compare_include(&plain, &kept, &inc_users[0],
			    "/lists/all.inc", false);
			/* the bare include() switched once and back */
			assert_int_equal(fsid_switches() - before, 2);
		}
		sf_dirs_free(kept.sf.dirs);
		grp_db_free(kept.groups);
		pw_cache_free(kept.owners);
		free(kept.chown_memo);
		fi_contents_free(kept.contents);
	}
	fsid_run_end();
	close(root_fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_group_db_same_answers,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_group_db_identity,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_fsid_nesting),
		cmocka_unit_test_setup_teardown(test_dirs_same_answers,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_smrsh_walks_same_verdicts),
		cmocka_unit_test_setup_teardown(test_owners_same_answers,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_include_same_answers,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
