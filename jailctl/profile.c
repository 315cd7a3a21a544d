/*
 * profile.c -- parse and validate a profile (grammar: jailctl.profile(5)).
 *
 * A profile is line-oriented: a keyword, then whitespace-separated words;
 * `#` at the start of a word starts a comment.  Every problem is reported as
 * FILE:LINE: message and parsing goes on, so that one run shows them all;
 * the profile is returned only if there were none.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "fcaps.h"
#include "fsutil.h"
#include "names.h"
#include "profile.h"
#include "secattr.h"
#include "util.h"

#define MAX_PROFILE_SIZE (1024 * 1024)
#define MAX_WORDS 64

struct parser {
	const char *file;	/* the file being read: the profile or a drop-in */
	unsigned line;
	unsigned errors;
	FILE *errs;
	struct profile *p;
	size_t cap_entries, cap_content;
	unsigned name_line, jail_line;
	unsigned layer;		/* 0: the profile itself, then each drop-in */
	char **set_here[16];	/* single-valued keys this layer has set */
	size_t nset_here;
};

static void __attribute__((format(printf, 2, 3)))
perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	char *file = escape_text(ps->file);

	va_start(ap, fmt);
	fprintf(ps->errs, "%s:%u: ", file, ps->line);
	vfprintf(ps->errs, fmt, ap);
	fputc('\n', ps->errs);
	va_end(ap);
	free(file);
	ps->errors++;
}

/*
 * Normalise an absolute path: collapse "//", drop a trailing "/", refuse
 * ".", ".." and control characters.  Returns NULL (and reports) if bad.
 */
static char *
normal_path(struct parser *ps, const char *what, const char *in)
{
	char *out, *o;
	const char *s = in;

	if (in[0] != '/') {
		char *e = escape_text(in);
		perr(ps, "%s '%s' is not an absolute path", what, e);
		free(e);
		return NULL;
	}
	out = o = xmalloc(strlen(in) + 2);
	while (*s != '\0') {
		while (*s == '/')
			s++;
		if (*s == '\0')
			break;
		size_t n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) {
			char *e = escape_text(in);
			perr(ps, "%s '%s' contains '.' or '..'", what, e);
			free(e);
			free(out);
			return NULL;
		}
		/* No Linux file system takes a longer name: an error now, not
		 * ENAMETOOLONG half way through a create. */
		if (n > NAME_MAX) {
			char *e = escape_text(in);
			perr(ps, "%s '%s' has a component longer than %d bytes", what,
			    e, NAME_MAX);
			free(e);
			free(out);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
				char *e = escape_text(in);
				perr(ps, "%s '%s' contains a control character", what, e);
				free(e);
				free(out);
				return NULL;
			}
		}
		*o++ = '/';
		memcpy(o, s, n);
		o += n;
		s += n;
	}
	if (o == out)
		*o++ = '/';
	*o = '\0';
	return out;
}

static bool
parse_mode(struct parser *ps, const char *s, mode_t *mode)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 8);
	if (*s == '\0' || *end != '\0' || errno != 0 || !isdigit((unsigned char)*s)) {
		/* Quoted from the file: a CRLF profile ends it in '\r'. */
		char *e = escape_text(s);
		perr(ps, "mode '%s' is not an octal number", e);
		free(e);
		return false;
	}
	if (v > 07777) {
		perr(ps, "mode %s is above 07777", s);
		return false;
	}
	*mode = (mode_t)v;
	return true;
}

/*
 * A user or group name as the profile writes it: resolved later, and only
 * when the command needs it (profile_resolve()), so here only its form.
 */
static bool
check_name(struct parser *ps, const char *what, const char *name)
{
	for (const char *c = name; *c != '\0'; c++) {
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == ':') {
			char *e = escape_text(name);
			perr(ps, "%s name '%s' contains ':' or a control character", what, e);
			free(e);
			return false;
		}
	}
	return true;
}

static char **
strv_append(char **v, const char *s)
{
	size_t n = 0;

	while (v != NULL && v[n] != NULL)
		n++;
	v = xrealloc(v, (n + 2) * sizeof(*v));
	v[n] = xstrdup(s);
	v[n + 1] = NULL;
	return v;
}

static void
strv_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void secattrs_free(struct secattrs *a);

static void
entry_clear(struct entry *e)
{
	free(e->path);
	free(e->owner);
	free(e->group);
	secattrs_free(&e->attrs);
}

static void
content_clear(struct content_rule *c)
{
	free(c->dir);
	free(c->owner);
	free(c->group);
	secattrs_free(&c->attrs);
}

/*
 * In a drop-in, a single-valued key replaces what an earlier layer said:
 * free that value so the key can be set again here.  Within one file a
 * second occurrence stays an error.
 */
static void
take_over(struct parser *ps, char **slot)
{
	if (ps->layer == 0 || *slot == NULL)
		return;
	for (size_t i = 0; i < ps->nset_here; i++)
		if (ps->set_here[i] == slot)
			return;
	free(*slot);
	*slot = NULL;
	if (ps->nset_here < sizeof(ps->set_here) / sizeof(ps->set_here[0]))
		ps->set_here[ps->nset_here++] = slot;
}

/* Store a single-valued key, refusing a second occurrence. */
static void
set_once(struct parser *ps, char **slot, const char *key, const char *value)
{
	if (*slot != NULL) {
		perr(ps, "'%s' given twice", key);
		return;
	}
	*slot = xstrdup(value);
}

/*
 * Parse trailing attribute words (acl=, default-acl=, context=, caps=)
 * into a; `allowed` lists the keys this keyword takes.
 */
static void
parse_attrs(struct parser *ps, char **w, int n, struct secattrs *a,
    const char *const *allowed, const char *keyword)
{
	a->line = ps->line;
	for (int i = 0; i < n; i++) {
		char *eq = strchr(w[i], '=');
		const char *const *k;
		size_t klen;

		if (eq == NULL || eq == w[i]) {
			char *e = escape_text(w[i]);
			perr(ps, "'%s': expected KEY=VALUE", e);
			free(e);
			continue;
		}
		klen = (size_t)(eq - w[i]);
		for (k = allowed; *k != NULL; k++)
			if (strlen(*k) == klen && strncmp(*k, w[i], klen) == 0)
				break;
		if (*k == NULL) {
			/* Escape the key alone: cutting the escaped word at the
			 * raw key's length could split an \xNN in two. */
			char *key = xstrndup(w[i], klen), *e = escape_text(key);
			perr(ps, "unknown attribute '%s' for '%s'", e, keyword);
			free(e);
			free(key);
			continue;
		}
		char **slot = strcmp(*k, "acl") == 0 ? &a->acl :
		    strcmp(*k, "default-acl") == 0 ? &a->default_acl :
		    strcmp(*k, "context") == 0 ? &a->context : &a->caps;
		if (eq[1] == '\0')
			perr(ps, "attribute '%s' has an empty value", *k);
		else
			set_once(ps, slot, *k, eq + 1);
	}
}

static const char *const entry_attr_keys[] = { "acl", "default-acl", "context", "caps", NULL };

/* users=forward or users=MIN-MAX (decimal uids). */
static bool
parse_users(struct parser *ps, const char *v, struct entry *e)
{
	unsigned long lo, hi;
	char *end;

	if (strcmp(v, "forward") == 0) {
		e->users = USERS_FORWARD;
		return true;
	}
	errno = 0;
	lo = strtoul(v, &end, 10);
	if (isdigit((unsigned char)*v) && *end == '-' &&
	    isdigit((unsigned char)end[1])) {
		const char *h = end + 1;
		hi = strtoul(h, &end, 10);
		/* (uid_t)-1 is chown(2)'s "leave unchanged", never a user. */
		if (*end == '\0' && errno == 0 && lo <= hi && hi < 4294967295UL) {
			e->users = USERS_UIDS;
			e->users_min = (uid_t)lo;
			e->users_max = (uid_t)hi;
			return true;
		}
	}
	char *esc = escape_text(v);
	perr(ps, "users='%s': expected 'forward' or a uid range MIN-MAX "
	    "(MIN <= MAX < 4294967295)", esc);
	free(esc);
	return false;
}

/*
 * The path of a per-user entry: "%name" once, in the last component
 * (one directory per user, side by side, so that one for a user who is
 * gone can be told from the others), and no other '%'.  %group is for the
 * group, not the path: users sharing a group would share the directory.
 */
static bool
template_path_ok(struct parser *ps, const char *path)
{
	const char *last = strrchr(path, '/') + 1;
	const char *at = strstr(last, "%name");
	char *e = escape_text(path);
	bool ok = at != NULL && strchr(path, '%') == at &&
	    strchr(at + 5, '%') == NULL;

	if (!ok)
		perr(ps, "path '%s' of a users= entry must hold '%%name' once, in "
		    "its last component, and no other '%%'", e);
	free(e);
	return ok;
}

/* dir|file PATH OWNER GROUP MODE [attrs] */
static void
parse_entry(struct parser *ps, char **w, int n, enum entry_type type)
{
	struct entry e = { .type = type, .line = ps->line, .file = ps->file };
	unsigned errors_before = ps->errors;
	char *attrs[MAX_WORDS];
	int nattrs = 0;
	bool ok = true;

	if (n < 5) {
		perr(ps, "'%s' needs PATH OWNER GROUP MODE", w[0]);
		return;
	}
	for (int i = 5; i < n; i++) {
		if (strncmp(w[i], "users=", 6) != 0) {
			attrs[nattrs++] = w[i];
		} else if (e.users != USERS_NONE || type != ENTRY_DIR) {
			perr(ps, e.users != USERS_NONE ? "'users' given twice" :
			    "users= is for 'dir' entries");
			ok = false;
		} else {
			ok &= parse_users(ps, w[i] + 6, &e);
		}
	}
	e.path = normal_path(ps, "path", w[1]);
	ok &= e.path != NULL;
	ok &= check_name(ps, "user", w[2]);
	ok &= check_name(ps, "group", w[3]);
	if (e.users != USERS_NONE) {
		if (e.path != NULL)
			ok &= template_path_ok(ps, e.path);
		/* Resolved per user (peruser.c), never by profile_resolve(). */
		e.owner_per_user = strcmp(w[2], "%name") == 0;
		e.group_per_user = strcmp(w[3], "%group") == 0;
	} else if (strstr(w[1], "%name") || strstr(w[2], "%name") ||
	    strstr(w[3], "%group")) {
		perr(ps, "'%%name' and '%%group' stand only in a users= entry");
		ok = false;
	}
	ok &= parse_mode(ps, w[4], &e.mode);
	parse_attrs(ps, attrs, nattrs, &e.attrs, entry_attr_keys, w[0]);
	ok &= ps->errors == errors_before;
	if (ok && (e.attrs.acl || e.attrs.default_acl || e.attrs.context || e.attrs.caps))
		ok = secattr_validate(&e.attrs, type == ENTRY_DIR, e.mode, true,
		    NULL, ps->file, ps->errs) == 0;
	if (!ok) {
		/* secattr_validate printed its own lines; count them. */
		if (ps->errors == errors_before)
			ps->errors++;
		free(e.path);
		free(e.attrs.acl);
		free(e.attrs.default_acl);
		free(e.attrs.context);
		free(e.attrs.caps);
		return;
	}
	e.owner = xstrdup(w[2]);
	e.group = xstrdup(w[3]);
	/* A drop-in's entry replaces an earlier layer's at the same path. */
	for (size_t i = 0; i < ps->p->nentries; i++) {
		struct entry *old = &ps->p->entries[i];

		if (old->file != ps->file && strcmp(old->path, e.path) == 0) {
			entry_clear(old);
			*old = e;
			return;
		}
	}
	if (ps->p->nentries == ps->cap_entries) {
		ps->cap_entries = ps->cap_entries ? ps->cap_entries * 2 : 16;
		ps->p->entries = xrealloc(ps->p->entries,
		    ps->cap_entries * sizeof(*ps->p->entries));
	}
	ps->p->entries[ps->p->nentries++] = e;
}

static const char *const content_attr_keys[] = { "acl", "context", "caps", NULL };

/* content DIR [type=file] [links=N] [deny=MODE] [owner=..] [group=..] [attrs] */
static void
parse_content(struct parser *ps, char **w, int n)
{
	struct content_rule c = { .line = ps->line, .owner_rule = OWNER_ANY,
	    .file = ps->file };
	char *attrs[MAX_WORDS];
	int nattrs = 0;
	unsigned errors_before = ps->errors;
	bool ok = true;

	if (n < 2) {
		perr(ps, "'content' needs a directory");
		return;
	}
	c.dir = normal_path(ps, "directory", w[1]);
	ok &= c.dir != NULL;
	for (int i = 2; i < n; i++) {
		char *v = strchr(w[i], '=');

		if (v == NULL) {
			char *e = escape_text(w[i]);
			perr(ps, "'%s': expected KEY=VALUE", e);
			free(e);
			ok = false;
			continue;
		}
		v++;
		if (strncmp(w[i], "type=", 5) == 0) {
			if (strcmp(v, "file") == 0)
				c.regular = true;
			else if (strcmp(v, "any") != 0) {
				perr(ps, "type must be 'file' or 'any'");
				ok = false;
			}
		} else if (strncmp(w[i], "links=", 6) == 0) {
			char *end;
			errno = 0;
			c.max_links = strtoul(v, &end, 10);
			/* strtoul() takes "-1" as ULONG_MAX: digits only.  And no
			 * more than a JSON integer (profile show) can carry. */
			if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0 ||
			    c.max_links == 0 || c.max_links > (unsigned long)LLONG_MAX) {
				perr(ps, "links must be a positive number, at most %lld",
				    LLONG_MAX);
				ok = false;
			}
		} else if (strncmp(w[i], "deny=", 5) == 0) {
			ok &= parse_mode(ps, v, &c.deny);
		} else if (strncmp(w[i], "owner=", 6) == 0) {
			if (strcmp(v, "any") == 0)
				c.owner_rule = OWNER_ANY;
			else if (strcmp(v, "%name") == 0)
				c.owner_rule = OWNER_NAMED_AFTER_FILE;
			else if (check_name(ps, "user", v)) {
				c.owner_rule = OWNER_FIXED;
				free(c.owner);
				c.owner = xstrdup(v);
			} else
				ok = false;
		} else if (strncmp(w[i], "group=", 6) == 0) {
			if (strcmp(v, "any") != 0) {
				if (check_name(ps, "group", v)) {
					free(c.group);
					c.group = xstrdup(v);
				} else
					ok = false;
			}
		} else {
			attrs[nattrs++] = w[i];
		}
	}
	parse_attrs(ps, attrs, nattrs, &c.attrs, content_attr_keys, "content");
	ok &= ps->errors == errors_before;
	/*
	 * The files a content rule covers are users' files (mailboxes):
	 * capabilities on one would run a user's own binary with root's
	 * powers.  A rule may only take them away.
	 */
	cap_t caps = NULL;
	if (ok && c.attrs.caps != NULL && fcaps_parse(c.attrs.caps, &caps) == 0 &&
	    caps != NULL) {
		cap_free(caps);
		perr(ps, "caps: a content rule may only say caps=none: the files "
		    "it covers are users' files, and capabilities on them are root's "
		    "powers for whoever wrote them");
		ok = false;
	}
	if (ok && (c.attrs.acl || c.attrs.context || c.attrs.caps))
		ok = secattr_validate(&c.attrs, false, c.deny, false, NULL,
		    ps->file, ps->errs) == 0;
	if (!ok) {
		if (ps->errors == errors_before)
			ps->errors++;
		free(c.dir);
		free(c.owner);
		free(c.group);
		free(c.attrs.acl);
		free(c.attrs.context);
		free(c.attrs.caps);
		return;
	}
	/* A drop-in's rule replaces an earlier layer's for the same directory. */
	for (size_t i = 0; i < ps->p->ncontent; i++) {
		struct content_rule *old = &ps->p->content[i];

		if (old->file != ps->file && strcmp(old->dir, c.dir) == 0) {
			content_clear(old);
			*old = c;
			return;
		}
	}
	if (ps->p->ncontent == ps->cap_content) {
		ps->cap_content = ps->cap_content ? ps->cap_content * 2 : 4;
		ps->p->content = xrealloc(ps->p->content,
		    ps->cap_content * sizeof(*ps->p->content));
	}
	ps->p->content[ps->p->ncontent++] = c;
}

static void
set_path_once(struct parser *ps, char **slot, const char *key, const char *value)
{
	char *p = normal_path(ps, key, value);

	if (p == NULL)
		return;
	set_once(ps, slot, key, p);
	free(p);
}

static const char *const smrsh_binary_attr_keys[] = { "caps", "context", NULL };
static const char *const smrsh_dir_attr_keys[] = { "context", NULL };

static bool
valid_program_name(const char *s)
{
	if (*s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("._+-", *s) == NULL)
			return false;
	return true;
}

/*
 * The jail is a directory below the root: "/" (however many slashes) is
 * what sendmail ignores, and the walk needs the jail's own name in its
 * parent.
 */
static bool
jail_path_ok(const char *path)
{
	return path[strspn(path, "/")] != '\0';
}

/*
 * caps= and context= on the smrsh lines mean what they mean on an entry
 * and are checked the same way, here, with the rest of the file: the
 * audit must not be the first to find that they do not parse.
 */
static void
validate_smrsh_attrs(struct parser *ps, const struct secattrs *a, bool is_dir)
{
	if (a->caps == NULL && a->context == NULL)
		return;
	ps->errors += (unsigned)secattr_validate(a, is_dir, 0, false, NULL,
	    ps->file, ps->errs);
}

/* Is path below dir (both normalised)? */
static bool
path_below(const char *path, const char *dir)
{
	size_t len = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return strcmp(path, "/") != 0;
	return strncmp(path, dir, len) == 0 && path[len] == '/';
}

/*
 * remove PATH, in a drop-in: the entry at PATH and its content rule leave
 * the set to manage (nothing on disk is touched).  Entries below PATH
 * would lose their parent, so they must be removed first.
 */
static void
parse_remove(struct parser *ps, char **w, int n)
{
	struct profile *p = ps->p;
	bool found = false;
	char *path, *epath;

	if (ps->layer == 0) {
		perr(ps, "'remove' belongs in a drop-in (NAME.d/*.profile)");
		return;
	}
	if (n != 2) {
		perr(ps, "'remove' takes exactly one path");
		return;
	}
	if ((path = normal_path(ps, "path", w[1])) == NULL)
		return;
	epath = escape_text(path);
	for (size_t i = 0; i < p->nentries; i++) {
		if (path_below(p->entries[i].path, path)) {
			char *e = escape_text(p->entries[i].path);
			char *f = escape_text(p->entries[i].file);
			perr(ps, "remove %s: %s (%s:%u) is below it; remove that first",
			    epath, e, f, p->entries[i].line);
			free(f);
			free(e);
			goto out;
		}
	}
	for (size_t i = 0; i < p->nentries; i++) {
		if (strcmp(p->entries[i].path, path) == 0) {
			entry_clear(&p->entries[i]);
			memmove(&p->entries[i], &p->entries[i + 1],
			    (p->nentries - i - 1) * sizeof(*p->entries));
			p->nentries--;
			found = true;
			break;
		}
	}
	for (size_t i = 0; i < p->ncontent; i++) {
		if (strcmp(p->content[i].dir, path) == 0) {
			content_clear(&p->content[i]);
			memmove(&p->content[i], &p->content[i + 1],
			    (p->ncontent - i - 1) * sizeof(*p->content));
			p->ncontent--;
			found = true;
			break;
		}
	}
	if (!found)
		perr(ps, "remove %s: no entry at that path to remove", epath);
out:
	free(epath);
	free(path);
}

static void
parse_line(struct parser *ps, char **w, int n, char *rest_after_key)
{
	const char *k = w[0];
	struct profile *p = ps->p;

	if (strcmp(k, "remove") == 0) {
		parse_remove(ps, w, n);
	} else if (strcmp(k, "dir") == 0) {
		parse_entry(ps, w, n, ENTRY_DIR);
	} else if (strcmp(k, "file") == 0) {
		parse_entry(ps, w, n, ENTRY_FILE);
	} else if (strcmp(k, "content") == 0) {
		parse_content(ps, w, n);
	} else if (strcmp(k, "description") == 0) {
		if (n < 2)
			perr(ps, "'description' needs a text");
		else {
			take_over(ps, &p->description);
			set_once(ps, &p->description, k, rest_after_key);
		}
	} else if (strcmp(k, "match") == 0 || strcmp(k, "smrsh-allow") == 0 ||
	    strcmp(k, "smrsh-deny") == 0) {
		char ***v = k[0] == 'm' ? &p->match :
		    strcmp(k, "smrsh-allow") == 0 ? &p->smrsh.allow : &p->smrsh.deny;
		if (n < 2)
			perr(ps, "'%s' needs at least one word", k);
		for (int i = 1; i < n; i++) {
			if (k[0] == 's' && !valid_program_name(w[i])) {
				char *e = escape_text(w[i]);
				perr(ps, "'%s' is not a plain program name", e);
				free(e);
				continue;
			}
			*v = strv_append(*v, w[i]);
		}
	} else if (strcmp(k, "smrsh-search") == 0) {
		/* Directories beneath ROOT where create finds the programs
		 * smrsh-allow names, to link them into the smrsh directory. */
		if (n < 2)
			perr(ps, "'%s' needs at least one directory", k);
		for (int i = 1; i < n; i++) {
			char *dir = normal_path(ps, "smrsh-search directory", w[i]);
			if (dir != NULL)
				p->smrsh.search = strv_append(p->smrsh.search, dir);
			free(dir);
		}
	} else if (n != 2 && (strcmp(k, "name") == 0 || strcmp(k, "jail") == 0 ||
	    strcmp(k, "sendmail-cf") == 0 || strcmp(k, "mail-user") == 0 ||
	    strcmp(k, "mail-group") == 0)) {
		perr(ps, "'%s' takes exactly one value", k);
	} else if (strcmp(k, "name") == 0 && ps->layer > 0) {
		perr(ps, "'name' belongs to the profile, not to a drop-in");
	} else if (strcmp(k, "name") == 0) {
		if (!valid_program_name(w[1])) {
			char *e = escape_text(w[1]);
			perr(ps, "profile name '%s' must be plain [A-Za-z0-9._+-]", e);
			free(e);
		} else
			set_once(ps, &p->name, k, w[1]);
		ps->name_line = ps->line;
	} else if (strcmp(k, "jail") == 0) {
		if (!jail_path_ok(w[1]))
			perr(ps, "'jail' must be a directory below /: sendmail ignores "
			    "SafeFileEnvironment=/");
		else {
			take_over(ps, &p->jail);
			set_path_once(ps, &p->jail, k, w[1]);
		}
		ps->jail_line = ps->line;
	} else if (strcmp(k, "sendmail-cf") == 0) {
		take_over(ps, &p->sendmail_cf);
		set_path_once(ps, &p->sendmail_cf, k, w[1]);
	} else if (strcmp(k, "mail-user") == 0) {
		take_over(ps, &p->mail_user);
		if (check_name(ps, "user", w[1]))
			set_once(ps, &p->mail_user, k, w[1]);
		p->mail_user_line = ps->line;
		p->mail_user_file = ps->file;
	} else if (strcmp(k, "mail-group") == 0) {
		take_over(ps, &p->mail_group);
		if (check_name(ps, "group", w[1]))
			set_once(ps, &p->mail_group, k, w[1]);
		p->mail_group_line = ps->line;
		p->mail_group_file = ps->file;
	} else if (strcmp(k, "smrsh-binary") == 0) {
		if (n < 2) {
			perr(ps, "'smrsh-binary' needs a path");
			return;
		}
		/* A drop-in's line replaces the whole line, attributes too. */
		take_over(ps, &p->smrsh.binary);
		take_over(ps, &p->smrsh.binary_attrs.caps);
		take_over(ps, &p->smrsh.binary_attrs.context);
		set_path_once(ps, &p->smrsh.binary, k, w[1]);
		parse_attrs(ps, w + 2, n - 2, &p->smrsh.binary_attrs,
		    smrsh_binary_attr_keys, k);
		validate_smrsh_attrs(ps, &p->smrsh.binary_attrs, false);
	} else if (strcmp(k, "smrsh-dir") == 0) {
		mode_t mode;

		if (n < 5) {
			perr(ps, "'smrsh-dir' needs PATH OWNER GROUP MODE");
			return;
		}
		take_over(ps, &p->smrsh.dir);
		take_over(ps, &p->smrsh.dir_owner);
		take_over(ps, &p->smrsh.dir_group);
		take_over(ps, &p->smrsh.dir_attrs.context);
		set_path_once(ps, &p->smrsh.dir, k, w[1]);
		p->smrsh.dir_line = ps->line;
		p->smrsh.dir_file = ps->file;
		if (check_name(ps, "user", w[2]))
			set_once(ps, &p->smrsh.dir_owner, "smrsh-dir owner", w[2]);
		if (check_name(ps, "group", w[3]))
			set_once(ps, &p->smrsh.dir_group, "smrsh-dir group", w[3]);
		if (parse_mode(ps, w[4], &mode))
			p->smrsh.dir_mode = mode;
		parse_attrs(ps, w + 5, n - 5, &p->smrsh.dir_attrs,
		    smrsh_dir_attr_keys, k);
		validate_smrsh_attrs(ps, &p->smrsh.dir_attrs, true);
	} else {
		char *e = escape_text(k);
		perr(ps, "unknown keyword '%s'", e);
		free(e);
	}
}

/* Compare paths component-wise so that a parent sorts before its children. */
static int
path_order(const char *a, const char *b)
{
	for (; *a != '\0' && *a == *b; a++, b++)
		;
	if (*a == *b)
		return 0;
	/* End of path sorts first, then the separator, then everything else. */
	if (*a == '\0')
		return -1;
	if (*b == '\0')
		return 1;
	if (*a == '/')
		return -1;
	if (*b == '/')
		return 1;
	return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
}

static int
entry_cmp(const void *a, const void *b)
{
	return path_order(((const struct entry *)a)->path,
	    ((const struct entry *)b)->path);
}

static const struct entry *
find_entry(const struct profile *p, const char *path)
{
	struct entry key = { .path = (char *)path };

	/* bsearch() must not be handed a NULL array, even an empty one. */
	if (p->nentries == 0)
		return NULL;
	return bsearch(&key, p->entries, p->nentries, sizeof(key), entry_cmp);
}

const struct entry *
profile_entry(const struct profile *p, const char *path)
{
	return find_entry(p, path);
}

/* Checks that need the whole file: required keys, duplicates, parents. */
static void
validate_whole(struct parser *ps)
{
	struct profile *p = ps->p;

	ps->line = 0;
	ps->file = p->file;
	if (p->name == NULL)
		perr(ps, "missing 'name'");
	if (p->jail == NULL)
		perr(ps, "missing 'jail'");
	if (p->smrsh.dir_owner == NULL)
		p->smrsh.dir_mode = (mode_t)-1;
	if (p->nentries > 0)
		qsort(p->entries, p->nentries, sizeof(*p->entries), entry_cmp);
	for (size_t i = 0; i < p->nentries; i++) {
		const struct entry *e = &p->entries[i];

		ps->line = e->line;
		ps->file = e->file;
		/* Paths may hold bytes above 0x7f: quoted escaped, like all. */
		char *epath = escape_text(e->path);
		if (i > 0 && strcmp(e->path, p->entries[i - 1].path) == 0) {
			unsigned first = p->entries[i - 1].line;
			perr(ps, "duplicate path %s (first at line %u)", epath,
			    first < e->line ? first : e->line);
			free(epath);
			continue;
		}
		if (strcmp(e->path, "/") == 0) {
			if (e->type != ENTRY_DIR)
				perr(ps, "the jail root '/' must be a 'dir'");
			free(epath);
			continue;
		}
		char *parent = xstrdup(e->path);
		char *slash = strrchr(parent, '/');
		if (slash == parent)
			slash[1] = '\0';
		else
			*slash = '\0';
		const struct entry *pe = find_entry(p, parent);
		char *eparent = escape_text(parent);
		if (pe == NULL)
			perr(ps, "parent directory %s of %s is not in the profile",
			    eparent, epath);
		else if (pe->type != ENTRY_DIR)
			perr(ps, "parent %s of %s is not a 'dir'", eparent, epath);
		free(eparent);
		free(epath);
		free(parent);
	}
	for (size_t i = 0; i < p->ncontent; i++) {
		const struct content_rule *c = &p->content[i];
		const struct entry *e = find_entry(p, c->dir);

		char *edir = escape_text(c->dir);

		ps->line = c->line;
		ps->file = c->file;
		if (e == NULL || e->type != ENTRY_DIR)
			perr(ps, "content directory %s is not a 'dir' in the profile", edir);
		else if (e->users != USERS_NONE)
			perr(ps, "content directory %s is a users= entry", edir);
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->content[j].dir, c->dir) == 0)
				perr(ps, "duplicate content rule for %s (first at line %u)",
				    edir, p->content[j].line);
		free(edir);
	}
	if (p->nentries > 0 && find_entry(p, "/") == NULL) {
		ps->line = p->entries[0].line;
		ps->file = p->entries[0].file;
		perr(ps, "the jail root '/' must be in the profile");
	}
}

/* Split a line into words at blanks; `#` at a word start ends the line. */
static int
split_words(char *line, char **w)
{
	int n = 0;
	char *s = line;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		if (n == MAX_WORDS)
			return -1;
		w[n++] = s;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

/* The free text after the keyword (for description), comment stripped. */
static char *
text_after_key(const char *copy, const char *line, char **w, int n)
{
	char *text, *hash;
	size_t len;

	if (n < 2)
		return NULL;
	text = xstrdup(copy + (w[1] - line));
	if ((hash = strstr(text, " #")) != NULL || (hash = strstr(text, "\t#")) != NULL)
		*hash = '\0';
	len = strlen(text);
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		text[--len] = '\0';
	return text;
}

/*
 * Read one file of the profile (the profile itself or a drop-in) into
 * ps->p.  Returns false, having said why, when it cannot be read at all.
 */
static bool
read_file(struct parser *ps, const char *path)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat st;
	int fd;

	/*
	 * Pinned and checked before it is opened: a FIFO would block the
	 * open, a device could act on being opened or never end.
	 */
	fd = open_regular_path(path, &st);
	if (fd == -EINVAL || fd == -EISDIR) {
		st.st_mode = S_IFIFO;	/* anything but a regular file */
	} else if (fd < 0) {
		char *e = escape_text(path);
		fprintf(ps->errs, "%s: cannot open profile: %s\n", e, strerror(-fd));
		free(e);
		return false;
	}
	/*
	 * A profile decides owners and modes of files root will create: like
	 * doas.conf, it must not be writable by anyone but its owner, and its
	 * owner must be root or whoever runs us.
	 */
	if (!S_ISREG(st.st_mode) || st.st_size > MAX_PROFILE_SIZE ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0 ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		char *e = escape_text(path);
		fprintf(ps->errs, "%s: refusing profile: %s\n", e,
		    !S_ISREG(st.st_mode) ? "not a regular file" :
		    st.st_size > MAX_PROFILE_SIZE ? "larger than 1 MiB" :
		    "writable by others, or owned by another user");
		free(e);
		if (fd >= 0)
			close(fd);
		return false;
	}
	f = fdopen(fd, "r");
	while ((len = getline(&line, &cap, f)) > 0) {
		char *w[MAX_WORDS], *copy;
		int n;

		ps->line++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (memchr(line, '\0', (size_t)len) != NULL) {
			perr(ps, "NUL byte in line");
			continue;
		}
		/* Keep the raw line: description is free text. */
		copy = xstrdup(line);
		n = split_words(line, w);
		if (n < 0) {
			perr(ps, "too many words");
		} else if (n > 0) {
			char *text = text_after_key(copy, line, w, n);

			parse_line(ps, w, n, text);
			free(text);
		}
		free(copy);
	}
	/*
	 * getline() ends with -1 at the end of the file and on a read error
	 * alike: a profile read only in part must not pass for the whole
	 * (the lines it lost might be content rules).
	 */
	if (!feof(f)) {
		int err = errno;
		perr(ps, "read error: %s", strerror(err));
	}
	free(line);
	fclose(f);
	return true;
}

struct profile *
profile_parse_layers(const char *path, char *const *dropins, size_t ndropins,
    FILE *errs, unsigned *problems)
{
	struct parser ps = { .errs = errs };
	struct profile *p = xcalloc(1, sizeof(*p));

	ps.p = p;
	p->file = xstrdup(path);
	p->smrsh.dir_mode = (mode_t)-1;
	p->sources = xcalloc(ndropins + 2, sizeof(*p->sources));
	p->sources[p->nsources++] = xstrdup(path);
	ps.file = p->sources[0];
	if (!read_file(&ps, path)) {
		profile_free(p);
		return NULL;
	}
	for (size_t i = 0; i < ndropins; i++) {
		p->sources[p->nsources++] = xstrdup(dropins[i]);
		ps.file = p->sources[p->nsources - 1];
		ps.layer++;
		ps.line = 0;
		ps.nset_here = 0;
		if (!read_file(&ps, dropins[i]))
			ps.errors++;
	}
	validate_whole(&ps);
	if (problems != NULL)
		*problems = ps.errors;
	else if (ps.errors > 0) {
		profile_free(p);
		return NULL;
	}
	return p;
}

struct profile *
profile_parse(const char *path, FILE *errs, unsigned *problems)
{
	return profile_parse_layers(path, NULL, 0, errs, problems);
}

struct profile *
profile_load(const char *path, const struct names *names, FILE *errs)
{
	unsigned problems = 0;
	struct profile *p = profile_parse(path, errs, &problems);

	if (p != NULL)
		problems += profile_resolve(p, names, PROFILE_NAMES_ALL, NULL, true, errs);
	if (problems > 0) {
		profile_free(p);
		return NULL;
	}
	return p;
}

static void
secattrs_free(struct secattrs *a)
{
	free(a->acl);
	free(a->default_acl);
	free(a->context);
	free(a->caps);
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	free(p->name);
	free(p->description);
	free(p->file);
	strv_free(p->match);
	free(p->sendmail_cf);
	free(p->mail_user);
	free(p->mail_group);
	free(p->jail);
	free(p->smrsh.binary);
	free(p->smrsh.dir);
	free(p->smrsh.dir_owner);
	free(p->smrsh.dir_group);
	secattrs_free(&p->smrsh.binary_attrs);
	secattrs_free(&p->smrsh.dir_attrs);
	strv_free(p->smrsh.allow);
	strv_free(p->smrsh.deny);
	strv_free(p->smrsh.search);
	for (size_t i = 0; i < p->nentries; i++)
		entry_clear(&p->entries[i]);
	free(p->entries);
	for (size_t i = 0; i < p->ncontent; i++)
		content_clear(&p->content[i]);
	free(p->content);
	for (size_t i = 0; i < p->nsources; i++)
		free(p->sources[i]);
	free(p->sources);
	free(p);
}

int
profile_set_jail(struct profile *p, const char *jail)
{
	struct parser ps = { .file = "--jail", .errs = stderr };
	char *n;

	FILE *devnull = fopen("/dev/null", "w");
	ps.errs = devnull != NULL ? devnull : stderr;
	n = jail_path_ok(jail) ? normal_path(&ps, "jail", jail) : NULL;
	if (devnull != NULL)
		fclose(devnull);
	if (n == NULL)
		return -EINVAL;
	free(p->jail);
	p->jail = n;
	return 0;
}
