/*
 * profile.h -- a distribution profile, parsed and validated.
 *
 * The grammar is in jailctl.profile(5).  profile_load() reads the whole file
 * and validates every line before it returns, so a command never touches the
 * disk on the strength of half a profile.
 */
#ifndef JAILCTL_PROFILE_H
#define JAILCTL_PROFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

struct names;

enum entry_type { ENTRY_DIR, ENTRY_FILE };

/* Security attributes beyond owner and mode; NULL where the profile is silent. */
struct secattrs {
	char *acl;		/* access ACL, setfacl short text, or "none" */
	char *default_acl;	/* default ACL (directories), or "none" */
	char *context;		/* SELinux: explicit, "policy" or "policy:/PATH" */
	char *caps;		/* cap_from_text form, or "none" */
	unsigned line;		/* profile line, for error messages */
};

struct entry {
	char *path;		/* inside the jail, absolute, normalised ("/" = jail root) */
	enum entry_type type;
	char *owner, *group;	/* names as written */
	uid_t uid;
	gid_t gid;
	mode_t mode;		/* 0 .. 07777 */
	struct secattrs attrs;
	unsigned line;
};

enum content_owner { OWNER_ANY, OWNER_NAMED_AFTER_FILE, OWNER_FIXED };

/* What every file inside one jail directory must look like. */
struct content_rule {
	char *dir;		/* inside the jail, an entry of type dir */
	bool regular;		/* type=file: only regular files allowed */
	unsigned long max_links;/* links=N (0 = not checked) */
	mode_t deny;		/* deny=MODE: bits that must not be set */
	enum content_owner owner_rule;
	char *owner;		/* OWNER_FIXED: the name */
	uid_t uid;
	char *group;		/* NULL = any */
	gid_t gid;
	struct secattrs attrs;
	unsigned line;
};

struct smrsh_profile {
	char *binary;		/* smrsh binary, absolute path inside ROOT */
	struct secattrs binary_attrs;	/* caps= allowed on it, context= expected */
	struct secattrs dir_attrs;	/* context= expected on the directory */
	char *dir;		/* smrsh program directory (CMDDIR) */
	char *dir_owner, *dir_group;	/* expected owner of dir (NULL = root) */
	mode_t dir_mode;	/* expected mode, or (mode_t)-1 when unset */
	char **allow;		/* approved program names, NULL-terminated */
	char **deny;		/* extra forbidden program names, NULL-terminated */
	char **search;		/* where create looks for allowed programs, in order */
};

struct profile {
	char *name;
	char *description;
	char *file;		/* where it was read from */
	char **match;		/* os-release ids, NULL-terminated */
	char *sendmail_cf;	/* absolute path inside ROOT */
	char *mail_user, *mail_group;
	char *jail;		/* SafeFileEnvironment, absolute path inside ROOT */
	struct smrsh_profile smrsh;
	struct entry *entries;	/* sorted so that a parent precedes its children */
	size_t nentries;
	struct content_rule *content;
	size_t ncontent;
};

/*
 * Parse and validate the profile in file `path` (read through fd `fd` when
 * fd >= 0).  Names are resolved with `names` (may be NULL: then names are
 * only checked syntactically).  Returns NULL and prints every problem as
 * "FILE:LINE: message" to `errs` on failure.
 */
struct profile *profile_load(const char *path, const struct names *names, FILE *errs);
void profile_free(struct profile *p);

/* The entry at `path` (a jail path, normalised), or NULL. */
const struct entry *profile_entry(const struct profile *p, const char *path);

/* Replace the jail directory (from --jail); returns -EINVAL if not absolute,
 * not normalised, or "/" itself. */
int profile_set_jail(struct profile *p, const char *jail);

#endif
