/*
 * audit.h -- the audits behind `jailctl audit [config|smrsh|forward|pipe]`.
 *
 * Each audit appends its findings to the shared report and returns 0, or
 * -errno for an error that makes the run meaningless (exit status 2).
 * `jailctl audit` with no word runs config, smrsh and forward into one report.
 */
#ifndef JAILCTL_AUDIT_H
#define JAILCTL_AUDIT_H

struct context;
struct report;

int audit_config(struct context *ctx, struct report *rep);
int audit_smrsh(struct context *ctx, struct report *rep);
int audit_forward(struct context *ctx, struct report *rep);
/* `audit pipe -- COMMAND`: a report of its own; returns the exit status. */
int cmd_audit_pipe(struct context *ctx, int argc, char **argv);

#endif
