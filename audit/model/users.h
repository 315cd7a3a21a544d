/*
 * users.h -- passwd, group and /etc/shells as sendmail sees them, streamed.
 *
 * The .forward audit visits every user, so nothing here keeps a table of
 * them: the passwd file is walked one entry at a time (fgetpwent over
 * ROOT/etc/passwd opened beneath the root fd, or getpwent() through NSS
 * when the root is the real "/").  Group questions are answered by one
 * pass over the group file each, or for a whole audit from one pass
 * (grp_db below), which keeps only the memberships the file lists.
 *
 * /etc/shells is small and read once, with sendmail's own parsing rules
 * (usershellok() in conf.c), which differ from getusershell(3).
 */
#ifndef JAILCTL_USERS_H
#define JAILCTL_USERS_H

#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct pw_iter;

/* nss: use getpwent() (the real root); else ROOT/etc/passwd.  0 or -errno. */
int pw_iter_open(int root_fd, bool nss, struct pw_iter **out);
/* 1 and *pw (valid until the next call), 0 at the end, or -errno. */
int pw_iter_next(struct pw_iter *it, const struct passwd **pw);
void pw_iter_close(struct pw_iter *it);
/*
 * Entries too large to read (dbent.h) skipped so far: their count, and the
 * first one's byte offset and length.
 */
unsigned long pw_iter_skipped(const struct pw_iter *it, long long *at, size_t *len);

/* A passwd entry copied out of the iterator's storage. */
struct pw_copy {
	char *name, *dir, *shell;
	uid_t uid;
	gid_t gid;
};
void pw_copy_set(struct pw_copy *c, const struct passwd *pw);
void pw_copy_clear(struct pw_copy *c);

/* Look one entry up by uid or by name: 0, -ENOENT, or -errno. */
int pw_find_uid(int root_fd, bool nss, uid_t uid, struct pw_copy *out);
int pw_find_name(int root_fd, bool nss, const char *name, struct pw_copy *out);

/*
 * pw_find_uid() for a run: the owners of :include: files and the like are
 * few, and each is asked about again for every user naming the file.  The
 * last answers (found or not) are kept; asked while an identity is
 * borrowed (fsident.h), the question goes to pw_find_uid() as that
 * identity, as before.
 */
struct pw_cache;
struct pw_cache *pw_cache_new(int root_fd, bool nss);
void pw_cache_free(struct pw_cache *c);
int pw_cache_find_uid(struct pw_cache *c, uid_t uid, struct pw_copy *out);

/*
 * Does the group file under dir_fd ("etc/group" beneath it) list user as a
 * member of gid (gr_mem)?  nss: ask getgrgid() instead.  Missing file: no.
 */
bool grp_is_member(int dir_fd, bool nss, gid_t gid, const char *user);
/* Group name -> gid from the same sources: 0, -ENOENT or -errno. */
int grp_find_name(int dir_fd, bool nss, const char *name, gid_t *gid);

/*
 * The groups initgroups(user, gid) would give: gid first, then every group
 * listing user.  *out is malloc'd.  0 or -errno.
 */
int grp_list(int dir_fd, bool nss, const char *user, gid_t gid, gid_t **out,
    size_t *n);

struct shells;

/*
 * Read ROOT/etc/shells like sendmail: any failure to open it means the
 * built-in list /bin/sh, /usr/bin/sh, /bin/csh, /usr/bin/csh.
 */
struct shells *shells_load(int root_fd);
void shells_free(struct shells *s);
/* True when the file could be read (false: the built-in list applies). */
bool shells_from_file(const struct shells *s);

/*
 * usershellok(user, shell): an empty shell, a user in class $=t
 * (trusted, NULL-terminated, may be NULL), a listed shell, or the wildcard
 * "/SENDMAIL/ANY/SHELL/" listed in the file.
 */
bool shells_ok(const struct shells *s, const char *user, const char *shell,
    char *const *trusted);

#define SHELLS_WILDCARD "/SENDMAIL/ANY/SHELL/"

#endif

/*
 * A group file read once for a whole audit: the answers grp_is_member()
 * and grp_list() would give, from one pass over dir_fd's etc/group with
 * the same reader, instead of one pass per question.  Memory follows the
 * memberships listed (gr_mem), not the number of groups or users.
 *
 * sendmail asks with the identity it has at that moment: after seteuid()
 * to a user, a group file that user cannot read lists nobody.  So while
 * an identity is borrowed (fsident.h) the loaded answers are used only if
 * that identity can read the file too -- everyone can when every
 * directory on the way and the file are open to all (openall.h); else
 * the kernel is asked once per identity, by opening the file as it.
 * Load as root (or as the auditor), with no identity borrowed.
 * nss: the questions go to NSS each time, as grp_is_member() and
 * grp_list() do (the last list is remembered).
 */
struct grp_db;

struct grp_db *grp_db_load(int dir_fd, bool nss);
void grp_db_free(struct grp_db *db);
bool grp_db_is_member(struct grp_db *db, gid_t gid, const char *user);
int grp_db_list(struct grp_db *db, const char *user, gid_t gid, gid_t **out,
    size_t *n);
