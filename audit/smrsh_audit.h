/*
 * smrsh_audit.h -- what the modules of `jailctl audit smrsh` share.
 *
 * Internal to audit_smrsh.c (orchestration and the program directory),
 * smrsh_path.c (resolving a path and judging the directories on the way),
 * smrsh_file.c (trust checks of one program file), smrsh_entry.c (one
 * CMDDIR entry) and smrsh_binary.c (the smrsh binary and its compiled-in
 * CMDDIR).  Nothing outside audit/ includes it; the public entry point is
 * audit_smrsh() in audit.h.
 */
#ifndef JAILCTL_SMRSH_AUDIT_H
#define JAILCTL_SMRSH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "dangerous.h"
#include "linkchain.h"
#include "report.h"

struct cmddir_scan;
struct context;
struct secattr_ctx;
struct smrsh_profile;

/* A set of directories (by device and inode) already judged. */
struct idset {
	struct { dev_t dev; ino_t ino; } *v;
	size_t n;
};

/* A problem with a directory met while resolving, reported once the
 * resolved target is known. */
struct pending {
	const char *id;
	char *dir;
	char *reason;
};

struct known_file {
	dev_t dev;
	ino_t ino;
	char *path;
	enum danger kind;
};

struct audit {
	struct context *ctx;
	struct report *rep;
	const struct smrsh_profile *sp;
	char *dir;			/* the CMDDIR audited, normalised */
	struct idset judged;		/* CMDDIR and its ancestors */
	/* State of the current resolution (entry, binary or interpreter). */
	struct idset seen;
	struct pending *pend;
	size_t npend;
	bool ancestors;			/* resolving CMDDIR itself */
	struct secattr_ctx *sc;
	bool sc_tried;
	unsigned long entries;
	/* Regular files in ROOT's bin directories with dangerous names. */
	struct known_file *known;
	size_t nknown;
	bool known_loaded;
};

/* A finding; the message is printf-style. */
#define emit(a, id, sev, path, expected, actual, ...) \
	report_findingf((a)->rep, id, sev, path, expected, actual, __VA_ARGS__)

/* audit_smrsh.c: text for messages. */
const char *smrsh_kind_text(mode_t m);

/* smrsh_path.c: resolution, with every directory on the way judged. */
void smrsh_idset_add(struct idset *s, const struct stat *st);
void smrsh_idset_clear(struct idset *s);
int smrsh_resolve(struct audit *a, const char *path, unsigned flags,
    struct lc_result *res);
void smrsh_flush_pending(struct audit *a, const char *subject,
    const char *label);
void smrsh_clear_pending(struct audit *a);
char *smrsh_chain_text(const char *start, const struct lc_result *res);
int smrsh_open_resolved(const struct lc_result *res, struct stat *st);
const char *smrsh_open_error(int r);

/* smrsh_file.c: checks shared by targets, interpreters and the binary. */
struct file_ids {
	const char *owner, *writable, *setid, *caps;
};

void smrsh_check_file(struct audit *a, const struct file_ids *ids,
    const char *subject, const char *label, int fd, const struct stat *st,
    const char *allowed_caps);
void smrsh_check_context(struct audit *a, int fd, const struct stat *st,
    const char *context, const char *path);

/* smrsh_binary.c */
void smrsh_audit_binary(struct audit *a, struct cmddir_scan *scan,
    bool *scanned);
void smrsh_compare_cmddir(struct audit *a, const struct cmddir_scan *scan);

/* smrsh_entry.c */
int smrsh_audit_entries(struct audit *a, int dir_pathfd);
void smrsh_known_free(struct audit *a);

#endif
