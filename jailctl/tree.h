/*
 * tree.h -- the jail tree engine behind create and verify [--fix].
 *
 * One walk serves all three commands; the drift sink decides whether a
 * difference is reported, repaired or predicted.  The walk holds one
 * directory fd per level of the profile, opens every component with
 * O_NOFOLLOW relative to its parent, and makes every change through the fd
 * it opened.  Content rules are checked with one fstatat() per file and no
 * open unless something must be read or repaired, so memory and system
 * calls stay flat per mailbox.
 */
#ifndef JAILCTL_TREE_H
#define JAILCTL_TREE_H

#include <stdbool.h>

#include "drift.h"

struct context;
struct secattr_ctx;

/*
 * Walk the profile's jail under ctx->root_fd.  Returns 0 when the walk
 * completed (findings are in sink->rep) or -errno when it could not run.
 */
int tree_walk(struct context *ctx, struct drift_sink *sink, struct secattr_ctx *sc);

struct entry;

/*
 * One directory outside the jail (smrsh's program directory), brought to
 * entry e (whose path is "/") exactly as the jail root is: the directories
 * from ROOT down to it judged and, where missing, created root:root 0755;
 * the directory itself created or repaired through the drift sink.
 * `path` is absolute inside ROOT, below "/".  Returns an O_DIRECTORY fd on
 * it when it is there to be used, else -1; *missing tells that it (or a
 * directory above it) does not exist, as in a dry run or a verify.
 */
int tree_walk_dir(struct context *ctx, struct drift_sink *sink,
    struct secattr_ctx *sc, const char *path, const struct entry *e,
    bool *missing);

#endif
