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

/*
 * The names a command may need to exist on the root, as bits: a command
 * resolves only those it uses (create and verify need the jail's owners,
 * audit smrsh the smrsh directory's), so a host without sendmail's users
 * can still run the others.  profile check resolves them all.
 */
enum profile_names {
	PROFILE_NAMES_JAIL = 1 << 0,	/* dir, file and content owners, groups, ACLs */
	PROFILE_NAMES_SMRSH = 1 << 1,	/* smrsh-dir owner and group */
	PROFILE_NAMES_MAIL = 1 << 2,	/* mail-user, mail-group */
	PROFILE_NAMES_ALL = PROFILE_NAMES_JAIL | PROFILE_NAMES_SMRSH | PROFILE_NAMES_MAIL,
};

enum entry_type { ENTRY_DIR, ENTRY_FILE };

/* Who a per-user entry (users=) is made for. */
enum user_select {
	USERS_NONE,		/* an ordinary entry */
	USERS_FORWARD,		/* users=forward: .forward writes a file inside */
	USERS_UIDS,		/* users=MIN-MAX: login users in that uid range */
};

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
	uid_t uid;		/* resolved by profile_resolve() (PROFILE_NAMES_JAIL) */
	gid_t gid;
	mode_t mode;		/* 0 .. 07777 */
	struct secattrs attrs;
	unsigned line;
	const char *file;	/* the profile or drop-in it came from (p->sources) */
	/*
	 * A per-user template: one directory per selected user, the last
	 * component of path holding "%name"; the owner may be "%name" (the
	 * user) and the group "%group" (the user's primary group), and then
	 * uid / gid mean nothing.  Expanded by peruser.c.
	 */
	enum user_select users;
	uid_t users_min, users_max;	/* USERS_UIDS */
	bool owner_per_user, group_per_user;
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
	const char *file;	/* the profile or drop-in it came from (p->sources) */
};

struct smrsh_profile {
	char *binary;		/* smrsh binary, absolute path inside ROOT */
	struct secattrs binary_attrs;	/* caps= allowed on it, context= expected */
	struct secattrs dir_attrs;	/* context= expected on the directory */
	char *dir;		/* smrsh program directory (CMDDIR) */
	char *dir_owner, *dir_group;	/* expected owner of dir (NULL = root) */
	mode_t dir_mode;	/* expected mode, or (mode_t)-1 when unset */
	unsigned dir_line;	/* the smrsh-dir line */
	const char *dir_file;	/* and its file */
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
	unsigned mail_user_line, mail_group_line;
	const char *mail_user_file, *mail_group_file;
	char *jail;		/* SafeFileEnvironment, absolute path inside ROOT */
	struct smrsh_profile smrsh;
	struct entry *entries;	/* sorted so that a parent precedes its children */
	size_t nentries;
	struct content_rule *content;
	size_t ncontent;
	char **sources;		/* file, then the drop-ins read after it, in order */
	size_t nsources;
};

/*
 * Parse and validate the profile in file `path`; user and group names are
 * only checked for their form.  Prints every problem as "FILE:LINE:
 * message" to `errs`.  With problems == NULL, returns NULL if there were
 * any; else returns what could be parsed (NULL only when the file could not
 * be read) and counts them in *problems, so that profile check can still
 * resolve the names and show every problem in one run.
 */
struct profile *profile_parse(const char *path, FILE *errs, unsigned *problems);

/*
 * The same, with the drop-ins (profile_dropins.h) read after it, in order:
 * an entry or content rule at a path an earlier file names replaces it, a
 * new path adds one, `remove PATH` drops one, and a single-valued key
 * replaces the earlier value.  Every entry remembers its file and line.
 */
struct profile *profile_parse_layers(const char *path, char *const *dropins,
    size_t ndropins, FILE *errs, unsigned *problems);

/*
 * Resolve the names `which` (PROFILE_NAMES_*) asks for with `names`, the
 * root's, filling in the ids.  A name the root does not have is
 * "user 'smmta' (profile debian, smrsh-dir) does not exist in
 * ROOT/etc/passwd: is sendmail installed?": with every_line, once per line
 * that uses it and prefixed "FILE:LINE: " (profile check), else once per
 * name.  root is the --root argument for the message (NULL: "the root's").
 * Returns the number of problems printed to errs.
 */
unsigned profile_resolve(struct profile *p, const struct names *names,
    unsigned which, const char *root, bool every_line, FILE *errs);

/* profile_parse(), then profile_resolve() of every name, every line. */
struct profile *profile_load(const char *path, const struct names *names, FILE *errs);
void profile_free(struct profile *p);

/* The entry at `path` (a jail path, normalised), or NULL. */
const struct entry *profile_entry(const struct profile *p, const char *path);

/* Replace the jail directory (from --jail); returns -EINVAL if not absolute,
 * not normalised, or "/" itself. */
int profile_set_jail(struct profile *p, const char *jail);

#endif
