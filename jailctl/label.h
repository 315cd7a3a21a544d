/*
 * label.h -- SELinux file contexts: what a profile's context= means, where
 * the file_contexts comes from, and reading/writing security.selinux.
 *
 * A context= value is one of
 *   user:role:type[:range]  an explicit context;
 *   policy                  what file_contexts gives the object's own path;
 *   policy:/PATH            what it gives PATH: the object stands in for
 *                           PATH, as `semanage fcontext -e` makes one tree
 *                           equivalent to another.
 */
#ifndef JAILCTL_LABEL_H
#define JAILCTL_LABEL_H

#include <sys/types.h>

struct selabel_handle;

enum label_kind { LABEL_EXPLICIT, LABEL_POLICY, LABEL_POLICY_AS };

/*
 * Classify a context= value and check its syntax.  For LABEL_POLICY_AS,
 * *as points into text (the absolute PATH).  Returns 0, or -EINVAL with a
 * malloc'd message (quoted parts escaped) in *err.
 */
int label_parse(const char *text, enum label_kind *kind, const char **as,
    char **err);

/*
 * Open a file_contexts for lookups, without validating its contexts against
 * the running policy (there may be none).  All return NULL with *err set:
 * -ENOENT when there is nothing to open (no policy installed), another
 * -errno when something is there but cannot be used.
 *   label_open_file:    the file the user named (--file-contexts).
 *   label_open_root:    ROOT/etc/selinux/config's SELINUXTYPE, then
 *                       ROOT/etc/selinux/TYPE/contexts/files/file_contexts,
 *                       both opened beneath root_fd; -ELOOP when it or one
 *                       of its companions (.local, .subs, .bin ...) is
 *                       not a plain file.
 *   label_open_running: the policy of the running system (root "/").
 */
struct selabel_handle *label_open_file(const char *path, int *err);
struct selabel_handle *label_open_root(int root_fd, int *err);
struct selabel_handle *label_open_running(int *err);
void label_close(struct selabel_handle *h);

/*
 * The path whose policy context an object at `path` gets under
 * "policy:/AS" when the equivalence is anchored at `anchor`: AS itself for
 * the anchor, AS/REST for anchor/REST.  Malloc'd.
 */
char *label_equiv_path(const char *as, const char *anchor, const char *path);

/* selabel_lookup_raw(); 0 with *con malloc'd, -ENOENT when the policy gives
 * no context (no match or <<none>>), other -errno. */
int label_lookup(struct selabel_handle *h, const char *path, mode_t type,
    char **con);

/* The label on fd: 0 with *con malloc'd, -ENODATA when unlabelled,
 * -ENOTSUP when the file system stores none, other -errno. */
int label_get(int fd, char **con);
int label_set(int fd, const char *con);

#endif
