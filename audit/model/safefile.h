/*
 * safefile.h -- sendmail's safefile() and safedirpath() judgement, beneath
 * an alternate root.
 *
 * sendmail decides whether it may read a .forward or :include: file, and
 * whether it may write a file target, with these two functions from
 * libsmutil/safefile.c (sendmail-facts.md, 2.3).  The audit must predict
 * their answer exactly, so this module reproduces their rules -- the order
 * of the checks, the owner/group/other choice made from mode bits, the
 * DontBlameSendmail exceptions, the symlink walk -- while every file-system
 * access goes through openat2(RESOLVE_IN_ROOT) beneath env->root_fd, so
 * that "/" means --root.  Accesses are made with the caller's current
 * file-system identity (see fsident.h): when sendmail lets "the OS decide",
 * the kernel decides here too.
 *
 * Results are 0, a positive errno value, or one of sendmail's pseudo errors
 * below; sf_errstring() words them as sendmail's sm_errstring() does.
 */
#ifndef JAILCTL_SAFEFILE_H
#define JAILCTL_SAFEFILE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

/* sendmail's pseudo errors (E_SM_*), above every errno value. */
enum {
	SF_E_BASE = 4096,
	SF_E_OPENTIMEOUT,
	SF_E_NOSLINK,		/* "Symbolic links not allowed" */
	SF_E_NOHLINK,		/* "Hard links not allowed" */
	SF_E_REGONLY,		/* "Regular files only" */
	SF_E_ISEXEC,		/* "Executable files not allowed" */
	SF_E_WWDIR,		/* "World writable directory" */
	SF_E_GWDIR,		/* "Group writable directory" */
	SF_E_FILECHANGE,	/* "File changed after open" */
	SF_E_WWFILE,		/* "World writable file" */
	SF_E_GWFILE,		/* "Group writable file" */
	SF_E_GRFILE,		/* "Group readable file" */
	SF_E_WRFILE,		/* "World readable file" */
};

/* sendmail's SFF_* flags (same meaning, our own values). */
enum {
	SF_MUSTOWN = 1 << 0,	/* owner must be uid, root or TrustedUser */
	SF_NOSLINK = 1 << 1,	/* lstat(): a symlink is refused */
	SF_ROOTOK = 1 << 2,	/* uid 0 is not demoted to "other" */
	SF_NOPATHCHECK = 1 << 3,	/* skip the directory path */
	SF_SETUIDOK = 1 << 4,	/* a set-ID file lends its owner/group */
	SF_CREAT = 1 << 5,	/* a missing file may be created */
	SF_REGONLY = 1 << 6,
	SF_SAFEDIRPATH = 1 << 7,	/* writable directories are fatal */
	SF_NOHLINK = 1 << 8,	/* nlink must be 1 */
	SF_NOGWFILES = 1 << 9,
	SF_NOWWFILES = 1 << 10,
	SF_OPENASROOT = 1 << 11,
	SF_NOGRFILES = 1 << 12,
	SF_NOWRFILES = 1 << 13,
	SF_EXECOK = 1 << 14,
	SF_NOLINK = SF_NOHLINK | SF_NOSLINK,
};

/* sendmail gives up after MAXSYMLINKS levels; paths are MAXPATHLEN long. */
#define SF_MAXSYMLINKS 32
#define SF_MAXPATHLEN 4096

struct sf_dirs;

struct sf_env {
	int root_fd;		/* "/" for every path */
	/* The directories looked up so far beneath root_fd (sf_dirs_new()),
	 * or NULL: every lookup walks from root_fd. */
	struct sf_dirs *dirs;
	bool gw_dirpath_safe;	/* DBS GroupWritableDirPathSafe */
	bool trust_sticky;	/* DBS TrustStickyBit */
	bool dont_init_groups;	/* no supplementary groups (DontInitGroups) */
	uid_t trusted_uid;	/* TrustedUser, 0 when unset (as in sendmail) */
	/*
	 * getgrgid(gid) lists user in gr_mem.  sendmail asks the group file
	 * visible at that moment (the jail's after chroot).  NULL: nobody is
	 * a supplementary member of anything.
	 */
	bool (*member)(void *arg, gid_t gid, const char *user);
	void *member_arg;
};

/* The identity a check is made for, and how sendmail itself runs. */
struct sf_who {
	uid_t uid;
	gid_t gid;
	const char *user;	/* for supplementary groups; may be NULL */
	bool euid_root;		/* sendmail's effective uid is 0 meanwhile */
};

/*
 * safedirpath(dir, ...): every directory from "/" down to dir.  On a
 * failure, *where (if where is not NULL) gets the directory that failed
 * (malloc'd).
 */
int sf_safedirpath(const struct sf_env *env, const char *dir,
    const struct sf_who *who, long flags, char **where);

/*
 * safefile(fn, ..., mode, st): mode is S_IRUSR for reading, S_IWUSR for
 * writing.  On success *st describes the file, or has st_mode 0 when the
 * file is missing and SF_CREAT allowed creating it.
 */
int sf_safefile(const struct sf_env *env, const char *fn,
    const struct sf_who *who, long flags, mode_t mode, struct stat *st,
    char **where);

/* sendmail's wording of an error: its own text for pseudo errors, else strerror. */
const char *sf_errstring(int err);

/* sendmail's transienterror(): errors that defer rather than bounce. */
bool sf_transient(int err);

/*
 * Open for reading the regular file safefile() judged (*judged is what it
 * saw).  The path is pinned with O_PATH beneath root (a final symlink is
 * followed only when follow is true), the object is checked with fstat
 * -- a regular file with the judged device, inode, link count, owner and
 * group, as sendmail's filechanged() wants --, and only then is it reopened
 * through /proc/self/fd.  So a FIFO or a device swapped in after the
 * judgement is never opened at all.  Returns 0 with *fd set, a positive
 * errno or SF_E_* value for what sendmail's open would meet (ELOOP for a
 * symlink where none is followed, SF_E_FILECHANGE for another object), or
 * -errno when the file could not be opened for reasons of our own (no
 * /proc).  Uses the caller's file-system identity, like every access here.
 */
int sf_open_judged(int root_fd, const char *path, bool follow,
    const struct stat *judged, int *fd);
/* stat (follow) or lstat (no follow) beneath root: 0 or a positive errno. */
int sf_stat_in_root(int root_fd, const char *path, bool follow,
    struct stat *st);

/*
 * The directories of a run beneath one root (ROOT, or a jail), so that a
 * path is looked up from the fd of its parent instead of from "/" each
 * time.  Only what every identity would see alike is kept: a directory is
 * remembered when every directory above it may be searched by all
 * (openall.h) and none is a symlink, so its stat -- and the lookup of a
 * name in it, made with the caller's identity from its fd -- is what the
 * whole walk from "/" would give that identity.  A name missing from
 * such a directory is remembered too: every lookup below it fails with
 * ENOENT, for anyone.  Anything else (symlinks on the way, "." or "..",
 * a directory not all may search above the parent) is looked up from the
 * root, as before.  The file system is taken not to change during a run.
 * root_fd is borrowed.
 */
struct sf_dirs *sf_dirs_new(int root_fd);
void sf_dirs_free(struct sf_dirs *d);
/* Lookups answered without a walk from the root so far (tests). */
unsigned long sf_dirs_hits(const struct sf_dirs *d);

/* sf_stat_in_root() beneath env->root_fd, through env->dirs if any. */
int sf_lookup(const struct sf_env *env, const char *path, bool follow,
    struct stat *st);
/*
 * sf_open_judged() beneath env->root_fd, through env->dirs if any; *opened
 * (if not NULL) gets the fstat of what was opened (the object pinned and
 * checked, which the reopen through /proc names exactly).
 */
int sf_open_judged_env(const struct sf_env *env, const char *path,
    bool follow, const struct stat *judged, int *fd, struct stat *opened);
/*
 * Does every identity's lookup of path (as already made through
 * env->dirs) reach the object st describes, with no symlink on the way?
 * Then only the object's own permissions can tell two identities apart.
 */
bool sf_reached_by_all(const struct sf_env *env, const char *path,
    const struct stat *st);
/*
 * The kernel's access(path, mode) for the caller's identity (effective
 * ids: faccessat2(AT_EACCESS)), path followed beneath env->root_fd:
 * 0 or a positive errno.
 */
int sf_access(const struct sf_env *env, const char *path, int mode);

#endif
