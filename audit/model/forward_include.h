/*
 * forward_include.h -- sendmail's include(): may this .forward or :include:
 * file be used, and what does using it do to the address it belongs to?
 *
 * recipient.c include() (sendmail-facts.md, 3.2 and 3.5): the file is
 * judged and opened as the recipient (seteuid to the user; root stays
 * root); the directory path must pass safedirpath() unless a
 * DontBlameSendmail flag excuses it; links are allowed only in a safe
 * directory; safefile() then wants a regular file, owned by the user, root
 * or TrustedUser (.forward only), not group/world writable, readable by the
 * user.  Along the way the controlling address is marked unsafe (program
 * and file entries refused) for an unsafe directory path, a writable file,
 * a non-root daemon, or an :include: owned by someone whose shell is not
 * acceptable.  All of that is reproduced here; the file is read with the
 * user's file-system identity, never following a final symlink sendmail
 * would refuse, and size-capped.
 */
#ifndef JAILCTL_FORWARD_INCLUDE_H
#define JAILCTL_FORWARD_INCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "fsident.h"
#include "safefile.h"

struct grp_db;
struct pw_cache;
struct sendmail_cf;
struct shells;

struct fi_env {
	int root_fd;
	bool nss;			/* passwd/group through NSS (root is "/") */
	struct sf_env sf;		/* safefile() environment for ROOT */
	const struct sendmail_cf *cf;	/* DontBlameSendmail flags */
	uid_t def_uid;			/* DefaultUser */
	gid_t def_gid;
	const char *def_user;
	bool nonroot_daemon;		/* RunAsUser is not root */
	const struct shells *shells;
	char *const *trusted_class;	/* $=t */
	bool check_shells;		/* ConfigLevel > 1 */
	size_t read_cap;		/* bytes read at most */
	struct grp_db *groups;		/* ROOT's group file read once, or NULL */
	struct pw_cache *owners;	/* passwd by uid for a run, or NULL */
	/* _PC_CHOWN_RESTRICTED by file system for a run, or NULL */
	struct fi_chown_memo *chown_memo;
	/* files every identity reads alike, read once for a run, or NULL */
	struct fi_contents *contents;
};

/*
 * The :include: files of a run that every identity reaches and may read
 * alike -- found through directories all may search (sf_reached_by_all())
 * and readable by owner, group and other with no access ACL (openall.h)
 * -- are read once: the open the kernel would allow anyone gives everyone
 * the same bytes.  A later user's include() still judges the file itself
 * (safedirpath(), safefile(): the same lookups) and takes the kept bytes
 * only for the very object it judged.  Small files only.
 */
struct fi_contents;
struct fi_contents *fi_contents_new(void);
void fi_contents_free(struct fi_contents *c);

/*
 * fpathconf(_PC_CHOWN_RESTRICTED) depends only on the file system (glibc
 * asks fstatfs() for its type), so one answer per device serves every
 * file on it.
 */
struct fi_chown_memo {
	bool valid;
	dev_t dev;
	long pc;
	int err;			/* errno after the call */
};

/* The recipient whose .forward this is (sendmail's getctladdr()). */
struct fi_user {
	const char *name;
	uid_t uid;
	gid_t gid;
	bool bogus_shell;		/* QBOGUSSHELL from recipient() */
	const gid_t *groups;		/* initgroups(name, gid) */
	size_t ngroups;
};

/* The address whose flags decide program and file entries (q_alias). */
struct fi_ctl {
	bool bogus_shell;		/* QBOGUSSHELL */
	char *bogus_why;
	bool unsafe;			/* QUNSAFEADDR */
	char **unsafe_why;		/* every reason, NULL-terminated */
	size_t nunsafe;
	char *ruser;			/* q_ruser; NULL: the owner has no passwd entry */
	uid_t uid;			/* q_uid, for "UID %ld is an unknown user" */
};

struct fi_file {
	char *data;			/* the contents read (NUL-terminated) */
	size_t len;
	bool truncated;			/* longer than read_cap */
	struct stat st;			/* fstat of what was read */
	bool safedir;			/* the directory path was safe */
	bool safechown;			/* chownsafe() */
};

/*
 * include(fname, forwarding, ...): 0 with *file filled (fi_file_free), a
 * positive errno or SF_E_* value when sendmail would not use the file
 * (*where may then name the culprit, malloc'd), or -errno when the
 * prediction itself failed.  ctl accumulates the markings.
 */
int fi_include(const struct fi_env *env, const struct fi_user *ca,
    const char *fname, bool forwarding, struct fi_ctl *ctl,
    struct fi_file *file, char **where);
void fi_file_free(struct fi_file *file);

/*
 * Take, around several fi_include() calls for the same recipient (the
 * ForwardPath candidates), the identity each of them takes, so that they
 * nest in one switch instead of one each (fsident.h).  Nothing is taken
 * where include() would not judge as ca itself (root, or an alias judged
 * as DefaultUser) or when taking it fails: each call then does as alone.
 * Between fi_hold() and fi_release() only fi_include() may be called.
 */
void fi_hold(const struct fi_env *env, const struct fi_user *ca,
    struct fsid_saved *sv);
void fi_release(struct fsid_saved *sv);

void fi_ctl_init(struct fi_ctl *ctl, const char *ruser, uid_t uid,
    bool bogus_shell);
void fi_ctl_clear(struct fi_ctl *ctl);
void fi_ctl_unsafe(struct fi_ctl *ctl, char *why);

#endif
