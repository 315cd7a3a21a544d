/*
 * smrsh_provision.h -- create and verify [--fix] for smrsh's program
 * directory, next to the jail.
 *
 * The directory the profile names with smrsh-dir (or --smrsh-dir) is
 * brought to its owner, group, mode and context by the tree engine's own
 * create-and-repair path, so it is walked, created and changed exactly as
 * the jail is.  create then links each smrsh-allow program that is
 * installed on the root into it, as the distributions' own tooling does
 * (Debian's update_smrsh), and never touches an entry that is already
 * there.
 */
#ifndef JAILCTL_SMRSH_PROVISION_H
#define JAILCTL_SMRSH_PROVISION_H

#include "drift.h"

struct context;
struct secattr_ctx;

/*
 * Provision or check the program directory through the sink (its mode
 * says create, verify or verify --fix); links are made by create only.
 * Does nothing when the profile names no smrsh directory.  Findings and
 * changes go to sink->rep.
 */
void smrsh_provision(struct context *ctx, struct drift_sink *sink,
    struct secattr_ctx *sc);

#endif
