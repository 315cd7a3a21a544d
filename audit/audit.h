/*
 * audit.h -- the audits behind `jailctl audit [config|smrsh|forward|pipe]`.
 *
 * Each audit appends its findings to the shared report and returns 0, or
 * -errno for an error that makes the run meaningless (exit status 2).
 * `jailctl audit` with no word runs config, smrsh and forward into one report.
 */
#ifndef JAILCTL_AUDIT_H
#define JAILCTL_AUDIT_H

#include <sys/types.h>

struct context;
struct report;

int audit_config(struct context *ctx, struct report *rep);
int audit_smrsh(struct context *ctx, struct report *rep);
int audit_forward(struct context *ctx, struct report *rep);
/*
 * Where users' .forward files write, as audit forward reads them (the
 * same ForwardPath, safety checks, :include: files and SafeFileEnvironment
 * rules): fn(arg, user, uid, gid, target) for each file entry that
 * writes a file, target being the file's path inside ROOT.  Users are
 * streamed in passwd order, all of one user's targets together.  Returns
 * 0, -errno, or 1 when sendmail.cf cannot be read (then no .forward is
 * read at all).
 */
typedef void fwd_target_fn(void *arg, const char *user, uid_t uid, gid_t gid,
    const char *target);
int forward_file_targets(struct context *ctx, fwd_target_fn *fn, void *arg);

/* `audit pipe -- COMMAND`: a report of its own; returns the exit status. */
int cmd_audit_pipe(struct context *ctx, int argc, char **argv);

#endif
