/*
 * secattr.h -- POSIX ACLs, SELinux contexts and file capabilities of one
 * opened object, compared with (and, when asked, applied from) a profile.
 *
 * Implemented with libacl, libselinux and libcap.  Every read and write goes
 * through the fd the tree engine opened (for default ACLs and labels,
 * through /proc/self/fd/N of that fd), never through a joined path.
 */
#ifndef JAILCTL_SECATTR_H
#define JAILCTL_SECATTR_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

#include "drift.h"
#include "profile.h"

struct context;
struct names;
struct secattr_ctx;

/*
 * acl= and default-acl= are strict: where a profile entry or content rule
 * names none, no extended ACL entry is allowed (as if "none" were written,
 * drift is tree.acl / tree.default-acl and --fix removes it).  This value
 * opts out: the ACL is not compared at all.
 */
#define SECATTR_ACL_ANY "any"

/*
 * Validate the attributes of one profile entry or content rule at profile
 * load time.  For an entry, mode is its mode and has_mode is true (the ACL
 * mask rule: with named entries or a mask, the mask must equal the group
 * bits of mode).  For a content rule has_mode is false and mode holds the
 * bits the rule denies (deny=, 0 if none): such an ACL must write its mask,
 * and neither the mask nor u::/g::/o:: may grant a denied bit.  is_dir tells
 * whether a default ACL is allowed (and caps are not).  names resolves the
 * user and group names in ACLs (NULL: syntax only).  Prints
 * "FILE:LINE: message" to errs for each problem and returns the number of
 * problems.
 */
int secattr_validate(const struct secattrs *a, bool is_dir, mode_t mode,
    bool has_mode, const struct names *names, const char *file, FILE *errs);

/*
 * Prepare for a run: open the SELinux label handle as --selinux and
 * --file-contexts say, and emit the selinux.unavailable notice into rep when
 * contexts must be skipped.  Returns NULL with *err = -errno on a fatal
 * error (for example --selinux require without SELinux), else a handle
 * (never NULL on success).
 */
struct secattr_ctx *secattr_open(const struct context *ctx, struct report *rep,
    int *err);
void secattr_close(struct secattr_ctx *sc);

/*
 * Around mkdirat() of a new directory: set the creation context the entry
 * wants (so it is labelled from birth), and clear it afterwards.  Both are
 * no-ops when the entry names no context or SELinux is not enabled (the
 * label is then applied by secattr_check()).  path is the absolute path
 * inside ROOT (used for "policy" lookups).  A context the kernel refuses
 * does not stop the creation: begin returns 0 and secattr_check() reports
 * the label (tree.context).  Returns 0 or -errno (errno set too).
 */
int secattr_create_begin(struct secattr_ctx *sc, const struct secattrs *a,
    const char *path, mode_t type);
void secattr_create_end(struct secattr_ctx *sc);

/*
 * Compare (and per sink, repair) ACL, default ACL, capabilities and label of
 * the object open at fd (a real fd, not O_PATH), in that order, after the
 * engine has settled owner and mode.  st is the fstat of fd.  path is the
 * absolute path inside ROOT, used in the report and for policy lookups.
 * Returns 0, or -errno when the object could not be examined at all.
 */
int secattr_check(struct secattr_ctx *sc, struct drift_sink *sink, int fd,
    const struct stat *st, const struct secattrs *a, const char *path);


/*
 * secattr_check() for a profile entry whose mode the profile gives: the
 * ACL entries the profile leaves out (g:: above all) are then taken from
 * that mode rather than from the disk, so a plain `verify` of an entry whose
 * mode drifted reports what the profile wants.  Use this for entries.
 */
int secattr_check_entry(struct secattr_ctx *sc, struct drift_sink *sink,
    int fd, const struct stat *st, const struct secattrs *a, mode_t mode,
    const char *path);

/*
 * secattr_check() for a file that a content rule on directory `dir` (the
 * absolute path inside ROOT) covers.  "policy:/P" then maps dir to P and
 * dir/NAME to P/NAME, as `semanage fcontext -e` does, so the files of a
 * jail spool are labelled like the files of the real spool.  st's mode is
 * the one the engine leaves the file with (the rule's deny= bits cleared,
 * whether or not that has happened yet): the access ACL is judged as it
 * stands after that chmod, so a drifted mode is one finding.
 */
int secattr_check_content(struct secattr_ctx *sc, struct drift_sink *sink,
    int fd, const struct stat *st, const struct secattrs *a, const char *dir,
    const char *path);

/*
 * The quick look for a file `name` in the content-ruled directory dir_fd
 * (`dir` its absolute path inside ROOT), whose fstatat() is st (with the
 * mode the engine leaves, as for secattr_check_content()): its
 * attributes are read by name (attr_peek.h), without opening it.  1: all
 * are what the rule wants, nothing to report.  0: something differs or
 * could not be told this way: open it and use secattr_check_content(),
 * which describes and repairs.
 */
int secattr_peek_content(struct secattr_ctx *sc, int dir_fd, const char *name,
    const struct stat *st, const struct secattrs *a, const char *dir);

#endif
