/*
 * smrsh_cases.h -- the command lines and the scratch tree shared by
 * test_smrsh_rules.c (predictions against written expectations) and
 * test_smrsh_conformance.c (predictions against the real Debian smrsh).
 *
 * The tree is laid out like a Debian system as smrsh sees it: CMDDIR is
 * /etc/mail/smrsh inside the scratch root, which is what Debian's binary
 * has compiled in, so the same expectations hold in both tests.  Include
 * this after "testutil.h" (or <cmocka.h>).
 */
#ifndef JAILCTL_TESTS_SMRSH_CASES_H
#define JAILCTL_TESTS_SMRSH_CASES_H

#include <sys/stat.h>
#include <sys/types.h>

#include <sys/xattr.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smrsh_rules.h"

#define CMDDIR "/etc/mail/smrsh"

/* Whose identity smrsh runs with (see case_ids()). */
enum who { AS_ROOT, AS_OWNER, AS_GROUPMATE, AS_OTHER };

struct smrsh_case {
	const char *cmd;	/* smrsh's argv[2] */
	size_t pad;		/* if > 0: cmd followed by 'a' up to this length */
	enum who who;
	bool root_only;		/* needs chown'd fixtures: skipped when not root */
	bool acl;		/* needs POSIX ACLs on the scratch file system */
	int exit;		/* 0: allowed */
	/* Refusal text without the newline; "%s" stands for the command,
	 * cut to `cut` bytes when cut > 0 (smrsh's edited argv[2]). */
	const char *msg;
	size_t cut;
	const char *runs;	/* allowed: CMDDIR names, space-separated */
	const char *shell;	/* allowed: what /bin/sh -c gets (NULL: not checked) */
	const char *ran;	/* programs /bin/sh really runs, if not `runs` */
	const char *warn;	/* a warning must contain this; NULL: no warnings */
};

#define NA(name) "smrsh: \"" name "\" not available for sendmail programs"
#define STATF(name) NA(name) " (stat failed)"
#define NOTF(name) NA(name) " (not a file)"
#define NOUSE(c) "smrsh: cannot use " c " in command"

static const struct smrsh_case smrsh_cases[] = {
	/* The command word: basename, blanks, built-ins. */
	{ .cmd = "vacation", .runs = "vacation", .shell = CMDDIR "/vacation" },
	{ .cmd = "vacation -f bob", .runs = "vacation",
	  .shell = CMDDIR "/vacation -f bob" },
	{ .cmd = "/usr/bin/vacation -t 1d", .runs = "vacation",
	  .shell = CMDDIR "/vacation -t 1d", .warn = "is not what runs" },
	{ .cmd = "../../vacation x", .runs = "vacation",
	  .shell = CMDDIR "/vacation x", .warn = "is not what runs" },
	{ .cmd = "junk\257vacation a", .runs = "vacation",
	  .shell = CMDDIR "/vacation a", .warn = "is not what runs" },
	{ .cmd = "   vacation", .runs = "vacation", .shell = CMDDIR "/vacation" },
	{ .cmd = "\t\v\f\r vacation", .runs = "vacation",
	  .shell = CMDDIR "/vacation" },
	{ .cmd = "\nvacation", .runs = "vacation", .shell = CMDDIR "/vacation" },
	{ .cmd = "vacation\tx", .runs = "vacation", .shell = CMDDIR "/vacation x" },
	{ .cmd = "vacation  a\tb", .runs = "vacation",
	  .shell = CMDDIR "/vacation  a\tb" },
	{ .cmd = "vacation a\vb", .runs = "vacation",
	  .shell = CMDDIR "/vacation a\vb" },
	{ .cmd = "echo hello", .runs = "", .shell = "echo hello" },
	{ .cmd = "echo", .runs = "", .shell = "echo" },
	{ .cmd = "exit 75", .runs = "", .shell = "exit 75" },
	{ .cmd = "/bin/echo hi", .exit = 69, .msg = STATF("echo") },
	{ .cmd = "Echo hi", .exit = 69, .msg = STATF("Echo") },
	{ .cmd = "\"vacation\" x", .exit = 69, .msg = STATF("\"vacation\"") },
	{ .cmd = "subdir/", .exit = 69, .msg = NOTF("") },

	/* exec. */
	{ .cmd = "exec\tprocmail", .runs = "procmail",
	  .shell = "exec " CMDDIR "/procmail" },
	{ .cmd = "exec  procmail", .runs = "procmail",
	  .shell = "exec " CMDDIR "/procmail" },
	{ .cmd = "exec exec procmail", .runs = "",
	  .shell = "exec exec " CMDDIR "/procmail",
	  .warn = "program named exec" },
	{ .cmd = "exec", .runs = "exec", .shell = CMDDIR "/exec" },
	{ .cmd = "/x/exec", .runs = "exec", .shell = CMDDIR "/exec",
	  .warn = "is not what runs" },
	{ .cmd = "/x/exec vacation", .runs = "exec",
	  .shell = CMDDIR "/exec vacation", .warn = "is not what runs" },
	{ .cmd = "exec ", .exit = 69, .msg = "smrsh: missing command to exec" },
	{ .cmd = "exec \t ", .exit = 69, .msg = "smrsh: missing command to exec" },
	{ .cmd = "exec && procmail", .exit = 69, .msg = STATF("&&") },
	{ .cmd = "exec echo hi", .runs = "", .shell = "exec echo hi",
	  .warn = "instead of running the built-in" },
	{ .cmd = "exec /usr/bin/procmail || exit 75", .runs = "procmail",
	  .shell = "exec " CMDDIR "/procmail ||exit 75", .warn = "never run" },
	{ .cmd = "exec rec && procmail", .runs = "rec",
	  .shell = "exec " CMDDIR "/rec &&" CMDDIR "/procmail",
	  .warn = "never run" },

	/* && and ||. */
	{ .cmd = "vacation x && procmail -f-", .runs = "vacation procmail",
	  .shell = CMDDIR "/vacation x &&" CMDDIR "/procmail -f-" },
	{ .cmd = "vacation x || exit 75", .runs = "vacation",
	  .shell = CMDDIR "/vacation x ||exit 75" },
	{ .cmd = "vacation && exit 0 || procmail", .runs = "vacation procmail",
	  .shell = CMDDIR "/vacation &&exit 0 ||" CMDDIR "/procmail",
	  .ran = "vacation" },
	{ .cmd = "vacation x &&\tprocmail", .runs = "vacation procmail",
	  .shell = CMDDIR "/vacation x &&" CMDDIR "/procmail" },
	{ .cmd = "vacation x&&procmail", .runs = "vacation procmail",
	  .shell = CMDDIR "/vacation x&&" CMDDIR "/procmail" },
	{ .cmd = "vacation x &&", .runs = "",
	  .shell = CMDDIR "/vacation x &&",
	  .warn = "ends with an operator" },
	{ .cmd = "vacation x || \t", .runs = "",
	  .shell = CMDDIR "/vacation x ||",
	  .warn = "ends with an operator" },
	/* A comment hides the rest, operators included: no syntax error. */
	{ .cmd = "vacation x #c && procmail", .runs = "vacation",
	  .shell = CMDDIR "/vacation x #c &&" CMDDIR "/procmail",
	  .warn = "comment" },
	{ .cmd = "vacation x #c &&", .runs = "vacation",
	  .shell = CMDDIR "/vacation x #c &&", .warn = "comment" },
	{ .cmd = "vacation x &&& procmail", .exit = 69, .msg = STATF("&") },
	{ .cmd = "vacation x ||| procmail", .exit = 69, .msg = STATF("|") },
	{ .cmd = "vacation && id", .exit = 69, .msg = STATF("id") },
	{ .cmd = "vacation x && procmail -f; id", .exit = 69, .msg = NOUSE(";") },

	/* Special characters after the command word, and in it. */
	{ .cmd = "vacation x; id", .exit = 69, .msg = NOUSE(";") },
	{ .cmd = "vacation x | id", .exit = 69, .msg = NOUSE("|") },
	{ .cmd = "vacation x |& y", .exit = 69, .msg = NOUSE("|") },
	{ .cmd = "vacation x & ", .exit = 69, .msg = NOUSE("&") },
	{ .cmd = "vacation < /etc/passwd", .exit = 69, .msg = NOUSE("<") },
	{ .cmd = "vacation > out", .exit = 69, .msg = NOUSE(">") },
	{ .cmd = "vacation ^x", .exit = 69, .msg = NOUSE("^") },
	{ .cmd = "vacation (x)", .exit = 69, .msg = NOUSE("(") },
	{ .cmd = "vacation x)", .exit = 69, .msg = NOUSE(")") },
	{ .cmd = "vacation `id`", .exit = 69, .msg = NOUSE("`") },
	{ .cmd = "vacation $HOME", .exit = 69, .msg = NOUSE("$") },
	{ .cmd = "vacation a\rb", .exit = 69, .msg = NOUSE("\r") },
	{ .cmd = "vacation a\nb", .exit = 69, .msg = NOUSE("\n") },
	{ .cmd = "vacation \273", .exit = 69, .msg = NOUSE("\273") },
	{ .cmd = "vacation \244x", .exit = 69, .msg = NOUSE("\244") },
	{ .cmd = "vacation x\212", .exit = 69, .msg = NOUSE("\212") },
	{ .cmd = "vacation \246\246 procmail", .exit = 69, .msg = NOUSE("\246") },
	{ .cmd = "vacation 'a;b'", .exit = 69, .msg = NOUSE(";") },
	{ .cmd = "vacation a\\;b", .exit = 69, .msg = NOUSE(";") },
	{ .cmd = "vacation;id", .exit = 69, .msg = STATF("vacation;id") },
	{ .cmd = "vacation|id x", .exit = 69, .msg = STATF("vacation|id") },
	{ .cmd = "vacation;rec x", .runs = "vacation;rec",
	  .shell = CMDDIR "/vacation;rec x", .ran = "vacation",
	  .warn = "reaches /bin/sh unquoted" },

	/* Text smrsh lets through and /bin/sh interprets. */
	{ .cmd = "vacation *", .runs = "vacation", .shell = CMDDIR "/vacation *",
	  .warn = "file name pattern" },
	{ .cmd = "vacation ~/x #c", .runs = "vacation",
	  .shell = CMDDIR "/vacation ~/x #c", .warn = "comment" },
	{ .cmd = "vacation \"a b\"", .runs = "vacation",
	  .shell = CMDDIR "/vacation \"a b\"", .warn = "quoting" },

	/* Nothing to run. */
	{ .cmd = "", .exit = 64, .msg = "Usage: smrsh -c command" },
	{ .cmd = "   ", .exit = 64, .msg = "Usage: smrsh -c command" },
	{ .cmd = "\n", .exit = 64, .msg = "Usage: smrsh -c command" },

	/* Length limits: 1000 - sizeof CMDDIR - 2 = 982, then addcmd(). */
	{ .cmd = "vacation ", .pad = 982, .runs = "vacation" },
	{ .cmd = "vacation ", .pad = 983, .exit = 69,
	  .msg = "smrsh: command too long: %s" },
	{ .cmd = "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && "
	    "vacation && vacation && vacation && vacation && vacation && ",
	  .exit = 69, .msg = "smrsh: command too long: %s" },
	/* Overflow while the word's end is a NUL: the message stops there. */
	{ .cmd = "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && ",
	  .exit = 69, .msg = "smrsh: command too long: %s", .cut = 45 * 7 + 3 },
	/* "exec" leaves its NUL in argv[2] for good. */
	{ .cmd = "exec rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && "
	    "rec && rec && rec && rec && rec && rec && rec && rec && ",
	  .exit = 69, .msg = "smrsh: command too long: exec" },

	/* What CMDDIR/cmd is: stat() follows links, beneath the root. */
	{ .cmd = "noexec", .exit = 69, .msg = NA("noexec") },
	{ .cmd = "subdir", .exit = 69, .msg = NOTF("subdir") },
	{ .cmd = "dirlink", .exit = 69, .msg = NOTF("dirlink") },
	{ .cmd = "dangling", .exit = 69, .msg = STATF("dangling") },
	{ .cmd = "loop1", .exit = 69, .msg = STATF("loop1") },
	{ .cmd = "hostlink", .exit = 69, .msg = STATF("hostlink") },
	{ .cmd = "abslink x", .runs = "abslink", .shell = CMDDIR "/abslink x" },
	{ .cmd = "rellink", .runs = "rellink", .shell = CMDDIR "/rellink" },
	{ .cmd = "dotdotlink", .runs = "dotdotlink",
	  .shell = CMDDIR "/dotdotlink" },

	/* access(X_OK) and search permission for the identity smrsh has. */
	{ .cmd = "rootonly", .who = AS_ROOT, .runs = "rootonly",
	  .shell = CMDDIR "/rootonly" },
	{ .cmd = "rootonly", .who = AS_OTHER, .exit = 69, .msg = NA("rootonly") },
	{ .cmd = "groupx", .who = AS_GROUPMATE, .runs = "groupx",
	  .shell = CMDDIR "/groupx" },
	{ .cmd = "groupx", .who = AS_OTHER, .exit = 69, .msg = NA("groupx") },
	{ .cmd = "ownerdeny", .who = AS_OWNER, .exit = 69, .msg = NA("ownerdeny") },
	{ .cmd = "ownerdeny", .who = AS_OTHER, .runs = "ownerdeny",
	  .shell = CMDDIR "/ownerdeny" },
	{ .cmd = "vacation", .who = AS_OTHER, .runs = "vacation",
	  .shell = CMDDIR "/vacation" },
	{ .cmd = "privlink", .who = AS_ROOT, .runs = "privlink",
	  .shell = CMDDIR "/privlink" },
	{ .cmd = "privlink", .who = AS_OTHER, .exit = 69, .msg = STATF("privlink") },
	/* POSIX ACLs: access() follows them, and so must the prediction. */
	{ .cmd = "aclx", .who = AS_OTHER, .acl = true, .runs = "aclx",
	  .shell = CMDDIR "/aclx" },
	{ .cmd = "aclx", .who = AS_GROUPMATE, .acl = true, .exit = 69,
	  .msg = NA("aclx") },
	{ .cmd = "aclmask", .who = AS_OTHER, .acl = true, .exit = 69,
	  .msg = NA("aclmask") },
	{ .cmd = "aclgroup", .who = AS_OTHER, .acl = true, .runs = "aclgroup",
	  .shell = CMDDIR "/aclgroup" },
	{ .cmd = "acldirlink", .who = AS_OTHER, .acl = true, .runs = "acldirlink",
	  .shell = CMDDIR "/acldirlink" },
	{ .cmd = "acldirlink", .who = AS_GROUPMATE, .acl = true, .exit = 69,
	  .msg = STATF("acldirlink") },
	/* fs.protected_symlinks=1 (the unit test's model; the conformance
	 * test predicts with the host's setting instead). */
	{ .cmd = "viasticky", .who = AS_ROOT, .root_only = true, .exit = 69,
	  .msg = STATF("viasticky") },
	{ .cmd = "viasticky", .who = AS_OWNER, .root_only = true,
	  .runs = "viasticky", .shell = CMDDIR "/viasticky" },
};

#define NSMRSH_CASES (sizeof smrsh_cases / sizeof smrsh_cases[0])

/* The command line of case c (malloc'd: pad cases are built here). */
static inline char *
case_command(const struct smrsh_case *c)
{
	size_t len = strlen(c->cmd);
	size_t total = c->pad > len ? c->pad : len;
	char *s = malloc(total + 1);

	assert_non_null(s);
	memcpy(s, c->cmd, len);
	memset(s + len, 'a', total - len);
	s[total] = '\0';
	return s;
}

/* The expected refusal message of case c (malloc'd), or NULL. */
static inline char *
case_message(const struct smrsh_case *c, const char *command)
{
	const char *pct;
	size_t clen;
	char *m;

	if (c->msg == NULL)
		return NULL;
	pct = strstr(c->msg, "%s");
	if (pct == NULL) {
		m = strdup(c->msg);
		assert_non_null(m);
		return m;
	}
	clen = c->cut > 0 ? c->cut : strlen(command);
	m = malloc((size_t)(pct - c->msg) + clen + strlen(pct + 2) + 1);
	assert_non_null(m);
	memcpy(m, c->msg, (size_t)(pct - c->msg));
	memcpy(m + (pct - c->msg), command, clen);
	strcpy(m + (pct - c->msg) + clen, pct + 2);
	return m;
}

/*
 * The identities.  As root the fixture's user-owned files belong to
 * 1000:1000 and the identities are 0, 1000, 1001 (in group 1000) and 1002.
 * Not as root everything belongs to the runner, who then plays the owner;
 * the group mate and the other user are made-up ids, which the judge
 * accepts because it never switches to them.
 */
struct case_ids {
	uid_t uid;
	gid_t gid;
	gid_t groups[1];
	size_t ngroups;
};

static inline void
fixture_user(bool as_root, uid_t *uid, gid_t *gid)
{
	*uid = as_root ? 1000 : getuid();
	*gid = as_root ? 1000 : getgid();
}

static inline struct case_ids
case_ids(enum who who, bool as_root)
{
	struct case_ids ids = { 0, 0, { 0 }, 0 };
	uid_t ou;
	gid_t og;

	fixture_user(as_root, &ou, &og);
	switch (who) {
	case AS_ROOT:
		break;
	case AS_OWNER:
		ids.uid = ou;
		ids.gid = og;
		break;
	case AS_GROUPMATE:
		ids.uid = ou == 1001 ? 1003 : 1001;
		ids.gid = og == 1001 ? 1003 : 1001;
		ids.groups[0] = og;
		ids.ngroups = 1;
		break;
	case AS_OTHER:
		ids.uid = ou == 1002 ? 1004 : 1002;
		ids.gid = og == 1002 ? 1004 : 1002;
		break;
	}
	return ids;
}

/*
 * What smrsh_judge() is told for a case run as ids beneath root_fd: the
 * Debian CMDDIR and argv0.  ids must outlive the result (groups point in).
 */
static inline struct smrsh_env
case_env(int root_fd, const struct case_ids *ids, bool protected_symlinks)
{
	struct smrsh_env env = {
		.root_fd = root_fd,
		.cmddir = CMDDIR,
		.argv0 = "smrsh",
		.uid = ids->uid,
		.gid = ids->gid,
		.groups = ids->groups,
		.ngroups = ids->ngroups,
		.protected_symlinks = protected_symlinks,
	};

	return env;
}

/* Print one difference found for case idx on stderr; count it in *bad. */
static inline void __attribute__((format(printf, 3, 4)))
case_diff(size_t idx, int *bad, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "case %zu: ", idx);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	(*bad)++;
}

/* ---- the scratch tree, built fd-relative ---- */

/* Each CMDDIR program appends its name (as invoked) to /ran.log. */
#define PROGRAM_TEXT "#!/bin/dash\necho \"${0##*/}\" >> /ran.log\n"

static inline int
fx_dir(int parent, const char *name, mode_t mode, uid_t uid, gid_t gid,
    bool own)
{
	int fd;

	assert_int_equal(mkdirat(parent, name, 0700), 0);
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(fd >= 0);
	if (own)
		assert_int_equal(fchown(fd, uid, gid), 0);
	assert_int_equal(fchmod(fd, mode), 0);
	return fd;
}

static inline void
fx_file(int dir, const char *name, mode_t mode, const char *text, uid_t uid,
    gid_t gid, bool own)
{
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	if (own)
		assert_int_equal(fchown(fd, uid, gid), 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static inline void
fx_link(int dir, const char *name, const char *target)
{
	assert_int_equal(symlinkat(target, dir, name), 0);
}

/* An access ACL entry; tags and perms as in the kernel's xattr format. */
struct fx_ace {
	unsigned tag;		/* 1 user::, 2 user:id, 4 group::, 8 group:id,
				   0x10 mask, 0x20 other */
	unsigned perm;		/* 4 r, 2 w, 1 x */
	uint32_t id;
};

/*
 * Set the access ACL of dir/name (entries in the kernel's sorted order)
 * through an fd.  Returns false when the file system has no ACLs.
 */
static inline bool
fx_acl(int dir, const char *name, bool is_dir, const struct fx_ace *a, size_t n)
{
	unsigned char buf[4 + 8 * 8];
	size_t i;
	int fd, r;

	assert_true(n <= 8);
	buf[0] = 2; buf[1] = buf[2] = buf[3] = 0;	/* version 2, LE */
	for (i = 0; i < n; i++) {
		unsigned char *b = buf + 4 + 8 * i;

		b[0] = (unsigned char)a[i].tag;
		b[1] = 0;
		b[2] = (unsigned char)a[i].perm;
		b[3] = 0;
		b[4] = (unsigned char)a[i].id;
		b[5] = (unsigned char)(a[i].id >> 8);
		b[6] = (unsigned char)(a[i].id >> 16);
		b[7] = (unsigned char)(a[i].id >> 24);
	}
	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    (is_dir ? O_DIRECTORY : 0));
	assert_true(fd >= 0);
	r = fsetxattr(fd, "system.posix_acl_access", buf, 4 + 8 * n, 0);
	if (r < 0)
		assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(close(fd), 0);
	return r == 0;
}

/*
 * Build the tree under root_fd.  as_root: chown fixtures that need another
 * owner (only root can), and add the root-only ones.
 */
static inline bool
build_smrsh_tree(int root_fd, bool as_root)
{
	int etc, mail, cmd, sub, priv, target, sticky, adir;
	struct case_ids other = case_ids(AS_OTHER, as_root);
	bool acl_ok;
	uid_t ou;
	gid_t og;

	fixture_user(as_root, &ou, &og);
	assert_int_equal(fchmod(root_fd, 0755), 0);
	etc = fx_dir(root_fd, "etc", 0755, 0, 0, as_root);
	mail = fx_dir(etc, "mail", 0755, 0, 0, as_root);
	cmd = fx_dir(mail, "smrsh", 0755, 0, 0, as_root);

	fx_file(cmd, "vacation", 0755, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "procmail", 0755, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "rec", 0755, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "exec", 0755, PROGRAM_TEXT, 0, 0, as_root);
	/* A name with shell syntax in it: smrsh accepts it as one word. */
	fx_file(cmd, "vacation;rec", 0755, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "noexec", 0644, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "rootonly", 0744, PROGRAM_TEXT, 0, 0, as_root);
	fx_file(cmd, "groupx", 0754, PROGRAM_TEXT, ou, og, as_root);
	fx_file(cmd, "ownerdeny", 0055, PROGRAM_TEXT, ou, og, as_root);

	sub = fx_dir(cmd, "subdir", 0755, 0, 0, as_root);
	assert_int_equal(close(sub), 0);
	fx_link(cmd, "dirlink", "subdir");

	/* Only inside the scratch root does /jailctl-target exist. */
	target = fx_dir(root_fd, "jailctl-target", 0755, 0, 0, as_root);
	fx_file(target, "abstool", 0755, PROGRAM_TEXT, 0, 0, as_root);
	assert_int_equal(close(target), 0);
	fx_link(cmd, "abslink", "/jailctl-target/abstool");
	fx_link(cmd, "rellink", "../../../jailctl-target/abstool");
	fx_link(cmd, "dotdotlink", "../../../../../../../../jailctl-target/abstool");
	/* Only on the host does /usr/bin/env exist. */
	fx_link(cmd, "hostlink", "/usr/bin/env");
	fx_link(cmd, "dangling", "/jailctl-target/missing");
	fx_link(cmd, "loop1", "loop2");
	fx_link(cmd, "loop2", "loop1");

	priv = fx_dir(cmd, "private", 0700, 0, 0, as_root);
	fx_file(priv, "tool", 0755, PROGRAM_TEXT, 0, 0, as_root);
	assert_int_equal(close(priv), 0);
	fx_link(cmd, "privlink", "private/tool");

	if (as_root) {
		/* A link owned by the user in a sticky world-writable dir. */
		sticky = fx_dir(cmd, "sticky", 01777, 0, 0, true);
		fx_link(sticky, "lnk", "../vacation");
		assert_int_equal(fchownat(sticky, "lnk", ou, og,
		    AT_SYMLINK_NOFOLLOW), 0);
		assert_int_equal(close(sticky), 0);
		fx_link(cmd, "viasticky", "sticky/lnk");
	}

	/* ACLs naming the "other" identity (uid and gid), fd-relative. */
	fx_file(cmd, "aclx", 0750, PROGRAM_TEXT, 0, 0, as_root);
	acl_ok = fx_acl(cmd, "aclx", false, (const struct fx_ace[]){
	    { 0x01, 7, 0 }, { 0x02, 5, other.uid }, { 0x04, 0, 0 },
	    { 0x10, 5, 0 }, { 0x20, 0, 0 } }, 5);
	fx_file(cmd, "aclmask", 0750, PROGRAM_TEXT, 0, 0, as_root);
	acl_ok = acl_ok && fx_acl(cmd, "aclmask", false, (const struct fx_ace[]){
	    { 0x01, 7, 0 }, { 0x02, 7, other.uid }, { 0x04, 4, 0 },
	    { 0x10, 4, 0 }, { 0x20, 0, 0 } }, 5);
	fx_file(cmd, "aclgroup", 0750, PROGRAM_TEXT, 0, 0, as_root);
	acl_ok = acl_ok && fx_acl(cmd, "aclgroup", false, (const struct fx_ace[]){
	    { 0x01, 7, 0 }, { 0x04, 0, 0 }, { 0x08, 5, other.gid },
	    { 0x10, 5, 0 }, { 0x20, 0, 0 } }, 5);
	adir = fx_dir(cmd, "acldir", 0700, 0, 0, as_root);
	fx_file(adir, "tool", 0755, PROGRAM_TEXT, 0, 0, as_root);
	assert_int_equal(close(adir), 0);
	acl_ok = acl_ok && fx_acl(cmd, "acldir", true, (const struct fx_ace[]){
	    { 0x01, 7, 0 }, { 0x02, 1, other.uid }, { 0x04, 0, 0 },
	    { 0x10, 1, 0 }, { 0x20, 0, 0 } }, 5);
	fx_link(cmd, "acldirlink", "acldir/tool");

	fx_file(root_fd, "ran.log", 0666, "", 0, 0, as_root);
	assert_int_equal(close(cmd), 0);
	assert_int_equal(close(mail), 0);
	assert_int_equal(close(etc), 0);
	return acl_ok;
}

/* Does the space-separated list of CMDDIR names equal runs[]? */
static inline bool
runs_equal(const char *names, char *const *runs, size_t nruns)
{
	size_t i = 0;
	const char *p = names;

	while (*p != '\0') {
		size_t len = strcspn(p, " ");
		size_t dlen = strlen(CMDDIR "/");

		if (i >= nruns || strncmp(runs[i], CMDDIR "/", dlen) != 0 ||
		    strlen(runs[i]) != dlen + len ||
		    strncmp(runs[i] + dlen, p, len) != 0)
			return false;
		i++;
		p += len;
		p += strspn(p, " ");
	}
	return i == nruns;
}

#endif
