/*
 * profile_names.c -- resolve a profile's user and group names on the root,
 * only those the command uses (see profile_resolve() in profile.h).
 *
 * A name the root does not have is most often not a broken profile but a
 * host without the package that creates it (smmta and smmsp come with
 * Debian's sendmail-bin): the message says so, and says which file it
 * looked in.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "names.h"
#include "profile.h"
#include "secattr.h"
#include "util.h"

struct resolver {
	struct profile *p;
	const struct names *names;
	const char *root;
	bool every_line;
	FILE *errs;
	unsigned problems;
	char **seen;		/* "u:NAME" / "g:NAME" already reported */
	size_t nseen;
};

/* Once per name, unless every line is wanted. */
static bool
first_time(struct resolver *r, bool user, const char *name)
{
	char *key = xasprintf("%c:%s", user ? 'u' : 'g', name);

	for (size_t i = 0; i < r->nseen; i++) {
		if (strcmp(r->seen[i], key) == 0) {
			free(key);
			return false;
		}
	}
	r->seen = xrealloc(r->seen, (r->nseen + 1) * sizeof(*r->seen));
	r->seen[r->nseen++] = key;
	return true;
}

/* ROOT/etc/passwd for the message, ROOT as given. */
static char *
names_file(const char *root, bool user)
{
	const char *file = user ? "etc/passwd" : "etc/group";
	char *e, *out;
	size_t len;

	if (root == NULL)
		return xasprintf("the root's %s", file);
	e = escape_text(root);
	len = strlen(e);
	while (len > 0 && e[len - 1] == '/')
		e[--len] = '\0';
	out = xasprintf("%s/%s", e, file);
	free(e);
	return out;
}

/*
 * Resolve one name; where is what uses it ("smrsh-dir", "dir /var"), file
 * and line the profile line (the profile's own file or a drop-in).  Returns false (and reports) when the root lacks it.
 */
static bool
resolve(struct resolver *r, bool user, const char *name, unsigned *id,
    const char *where, const char *file, unsigned line)
{
	uid_t uid = 0;
	gid_t gid = 0;
	int err = user ? names_uid(r->names, name, &uid) : names_gid(r->names, name, &gid);
	char *e, *ep, *db;

	if (err == 0) {
		*id = user ? (unsigned)uid : (unsigned)gid;
		return true;
	}
	r->problems++;
	if (!r->every_line && !first_time(r, user, name))
		return false;
	e = escape_text(name);
	ep = escape_text(r->p->name != NULL ? r->p->name : "?");
	if (r->every_line) {
		char *ef = escape_text(file != NULL ? file : r->p->file);
		fprintf(r->errs, "%s:%u: ", ef, line);
		free(ef);
	} else {
		fputs("jailctl: ", r->errs);
	}
	if (err == -EINVAL) {
		fprintf(r->errs, "%s '%s' (profile %s, %s) has %s 4294967295, which "
		    "chown(2) takes as 'leave unchanged'\n", user ? "user" : "group",
		    e, ep, where, user ? "uid" : "gid");
	} else {
		db = names_file(r->root, user);
		fprintf(r->errs, "%s '%s' (profile %s, %s) does not exist in %s: "
		    "is sendmail installed?\n", user ? "user" : "group", e, ep,
		    where, db);
		free(db);
	}
	free(ep);
	free(e);
	return false;
}

static void
resolve_user(struct resolver *r, const char *name, uid_t *uid, const char *where,
    const char *file, unsigned line)
{
	unsigned id;

	if (resolve(r, true, name, &id, where, file, line))
		*uid = (uid_t)id;
}

static void
resolve_group(struct resolver *r, const char *name, gid_t *gid, const char *where,
    const char *file, unsigned line)
{
	unsigned id;

	if (resolve(r, false, name, &id, where, file, line))
		*gid = (gid_t)id;
}

/* The names inside acl= and default-acl= (the rest was checked by the parser). */
static void
resolve_acls(struct resolver *r, const struct secattrs *a, bool is_dir, mode_t mode,
    bool has_mode, const char *file)
{
	struct secattrs acls = { .acl = a->acl, .default_acl = a->default_acl,
	    .line = a->line };

	if (a->acl == NULL && a->default_acl == NULL)
		return;
	r->problems += (unsigned)secattr_validate(&acls, is_dir, mode, has_mode,
	    r->names, file, r->errs);
}

static void
resolve_jail(struct resolver *r)
{
	struct profile *p = r->p;

	for (size_t i = 0; i < p->nentries; i++) {
		struct entry *e = &p->entries[i];
		char *where = xasprintf("%s %s", e->type == ENTRY_DIR ? "dir" : "file",
		    e->path);
		char *ew = escape_text(where);

		/* %name and %group are each user's, resolved per user. */
		if (!e->owner_per_user)
			resolve_user(r, e->owner, &e->uid, ew, e->file, e->line);
		if (!e->group_per_user)
			resolve_group(r, e->group, &e->gid, ew, e->file, e->line);
		resolve_acls(r, &e->attrs, e->type == ENTRY_DIR, e->mode, true, e->file);
		free(ew);
		free(where);
	}
	for (size_t i = 0; i < p->ncontent; i++) {
		struct content_rule *c = &p->content[i];
		char *where = xasprintf("content %s", c->dir);
		char *ew = escape_text(where);

		if (c->owner_rule == OWNER_FIXED)
			resolve_user(r, c->owner, &c->uid, ew, c->file, c->line);
		if (c->group != NULL)
			resolve_group(r, c->group, &c->gid, ew, c->file, c->line);
		resolve_acls(r, &c->attrs, false, c->deny, false, c->file);
		free(ew);
		free(where);
	}
}

unsigned
profile_resolve(struct profile *p, const struct names *names, unsigned which,
    const char *root, bool every_line, FILE *errs)
{
	struct resolver r = { .p = p, .names = names, .root = root,
	    .every_line = every_line, .errs = errs };
	uid_t uid;
	gid_t gid;

	if (which & PROFILE_NAMES_JAIL)
		resolve_jail(&r);
	if (which & PROFILE_NAMES_SMRSH) {
		if (p->smrsh.dir_owner != NULL)
			resolve_user(&r, p->smrsh.dir_owner, &uid, "smrsh-dir",
			    p->smrsh.dir_file, p->smrsh.dir_line);
		if (p->smrsh.dir_group != NULL)
			resolve_group(&r, p->smrsh.dir_group, &gid, "smrsh-dir",
			    p->smrsh.dir_file, p->smrsh.dir_line);
	}
	if (which & PROFILE_NAMES_MAIL) {
		if (p->mail_user != NULL)
			resolve_user(&r, p->mail_user, &uid, "mail-user",
			    p->mail_user_file, p->mail_user_line);
		if (p->mail_group != NULL)
			resolve_group(&r, p->mail_group, &gid, "mail-group",
			    p->mail_group_file, p->mail_group_line);
	}
	for (size_t i = 0; i < r.nseen; i++)
		free(r.seen[i]);
	free(r.seen);
	return r.problems;
}
