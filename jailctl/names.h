/*
 * names.h -- user and group names as the target root sees them.
 *
 * With --root DIR, names come from DIR/etc/passwd and DIR/etc/group, never
 * from the host's NSS: a jail being built for an image must get the image's
 * uids.  The files are read lazily: a command that looks up a handful of
 * names scans for them and never holds the whole passwd file in memory;
 * for many lookups both files are read once into compact hash tables
 * (nametab.h), so resolving the owner of 100 000 mailboxes costs a hash
 * probe each, in some 17 bytes a user.
 * Only at the real root does a name that is missing from the files fall
 * back to NSS (LDAP users).
 */
#ifndef JAILCTL_NAMES_H
#define JAILCTL_NAMES_H

#include <stdbool.h>
#include <sys/types.h>

struct names;

/* root_fd: O_DIRECTORY fd of the root; nss: also consult NSS (root is "/"). */
struct names *names_load(int root_fd, bool nss);
void names_free(struct names *n);

/*
 * Load both files into tables now: for a caller about to make many lookups
 * (every mailbox owner), rather than letting the first ones scan the file.
 */
void names_preload(const struct names *n);

/* 0 on success, -ENOENT when unknown, -EINVAL when the id is (uid_t)-1. */
int names_uid(const struct names *n, const char *user, uid_t *uid);
int names_gid(const struct names *n, const char *group, gid_t *gid);
/* Primary gid and home/shell of a user (NULL when unknown). */
int names_user_gid(const struct names *n, uid_t uid, gid_t *gid);
/* Name for an id, or NULL when unknown. */
const char *names_user(const struct names *n, uid_t uid);
const char *names_group(const struct names *n, gid_t gid);
/*
 * "alice (uid 1001)", or "uid 4242" for an id the root does not name
 * (n may be NULL); malloc'd, for messages.
 */
char *names_user_text(const struct names *n, uid_t uid);
char *names_group_text(const struct names *n, gid_t gid);
/*
 * Report, as passwd.long-line and group.long-line findings, the entries
 * reading ROOT/etc/passwd and ROOT/etc/group skipped so far (longer than
 * DBENT_MAX); they were also said on stderr when met, before any report.
 */
struct report;
void names_report(const struct names *n, struct report *rep);

/* Is user (by name) listed as a member of group gid (supplementary)? */
bool names_in_group(const struct names *n, const char *user, gid_t gid);

#endif
