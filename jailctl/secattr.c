/*
 * secattr.c -- see secattr.h.
 *
 * The pieces live in acl_attr.c (ACL text and entry lists), label.c
 * (SELinux contexts and file_contexts) and fcaps.c (capabilities); this
 * file holds the rules that tie them to a profile and the drift sink.
 *
 * The mask rule (jailctl.profile(5)).  On Linux the group bits of a file
 * with an extended ACL *are* the ACL mask: chmod writes the mask, and
 * setting an ACL rewrites the group bits.  If a profile could ask for group
 * bits 5 and a mask of 7, create would chmod to 5 and then set the ACL back
 * to 7, and every run would find (and "fix") the other one.  So:
 *
 *   - u:: and o:: may be left out (they are the mode's); if written they
 *     must equal the owner and other bits of the mode;
 *   - g:: may be left out and then is the group bits of the mode;
 *   - with named entries or an m:: entry the ACL has a mask: m:: if
 *     written, else the union of g:: and the named entries (what setfacl
 *     and acl_calc_mask() compute); it must equal the group bits of the
 *     mode, or the profile is rejected;
 *   - without named entries and mask, g:: (if written) must equal the group
 *     bits.
 *
 * Then the engine's mode check and the ACL check describe the same bits,
 * and a second run finds nothing.
 */
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <acl/libacl.h>
#include <selinux/label.h>
#include <selinux/selinux.h>

#include "acl_attr.h"
#include "acl_xattr.h"
#include "attr_peek.h"
#include "drift.h"
#include "escape.h"
#include "fcaps.h"
#include "fsutil.h"
#include "jailctl.h"
#include "label.h"
#include "profile.h"
#include "report.h"
#include "secattr.h"
#include "util.h"

/* No mode from the profile: take what the disk has. */
#define NO_MODE ((mode_t)-1)

struct cached_acl {
	char *text;		/* a copy: the caller's string may not last */
	struct acl_spec spec;
	int err;		/* 0, or why it does not parse */
};

struct secattr_ctx {
	enum selinux_mode mode;
	struct selabel_handle *h;	/* NULL: no file_contexts */
	bool enabled;		/* SELinux on in this kernel */
	bool noticed;		/* selinux.unavailable reported */
	struct report *rep;
	const struct names *names;
	bool fscreate_set;
	/* Parsed ACLs; a content rule's one text serves every file. */
	struct cached_acl *acls;
	size_t nacls;
	/* The last explicit context and its canonical form, for the same
	 * reason: one kernel round trip per rule, not per mailbox. */
	char *canon_for;
	char *canon;
	/* The last context text parsed and its parts (as: an offset). */
	char *parsed;
	enum label_kind parsed_kind;
	ptrdiff_t parsed_as;
};

/* ------------------------------------------------------------------ */
/* Validation                                                          */

static void
problem(FILE *errs, const char *file, unsigned line, const char *what,
    const char *msg)
{
	char *f = escape_text(file != NULL ? file : "-");

	fprintf(errs, "%s:%u: %s: %s\n", f, line, what, msg);
	free(f);
}

static void
perm3(unsigned p, char buf[4])
{
	acl_perm_text(p & 7, buf);
}

/* Check one ACL text against the mask rule; returns the problem count. */
static int
validate_access_acl(const struct acl_spec *s, mode_t mode, bool has_mode,
    const char **msgp, char **freep)
{
	unsigned u = (mode >> 6) & 7, g = (mode >> 3) & 7, o = mode & 7;
	char a[4], b[4];

	*freep = NULL;
	*msgp = NULL;
	if (s->none)
		return 0;
	if (has_mode) {
		if (s->user_obj != ACL_PERM_UNSET && (unsigned)s->user_obj != u) {
			perm3((unsigned)s->user_obj, a);
			perm3(u, b);
			*msgp = *freep = xasprintf("u::%s differs from the owner bits "
			    "%s of mode %04o (leave u:: out, it is the mode's)", a, b,
			    (unsigned)mode);
			return 1;
		}
		if (s->other != ACL_PERM_UNSET && (unsigned)s->other != o) {
			perm3((unsigned)s->other, a);
			perm3(o, b);
			*msgp = *freep = xasprintf("o::%s differs from the other bits "
			    "%s of mode %04o (leave o:: out, it is the mode's)", a, b,
			    (unsigned)mode);
			return 1;
		}
		if (acl_spec_extended(s)) {
			unsigned gobj = s->group_obj != ACL_PERM_UNSET ?
			    (unsigned)s->group_obj : g;
			unsigned m = acl_spec_mask(s, gobj);
			if (m != g) {
				perm3(m, a);
				perm3(g, b);
				*msgp = *freep = xasprintf("the ACL mask %s (%s) differs "
				    "from the group bits %s of mode %04o; with an ACL the "
				    "group bits are the mask: write m::%s or change the "
				    "mode", a, s->mask != ACL_PERM_UNSET ? "m::" :
				    "the union of g:: and the named entries", b,
				    (unsigned)mode, b);
				return 1;
			}
		} else if (s->group_obj != ACL_PERM_UNSET &&
		    (unsigned)s->group_obj != g) {
			perm3((unsigned)s->group_obj, a);
			perm3(g, b);
			*msgp = *freep = xasprintf("g::%s differs from the group bits "
			    "%s of mode %04o (an ACL without named entries is the "
			    "mode)", a, b, (unsigned)mode);
			return 1;
		}
		return 0;
	}
	/* A content rule: no mode, only the bits deny= forbids (in mode). */
	unsigned du = (mode >> 6) & 7, dg = (mode >> 3) & 7, dd = mode & 7;
	if (s->user_obj != ACL_PERM_UNSET && ((unsigned)s->user_obj & du) != 0) {
		*msgp = "u:: grants a bit that deny= forbids";
		return 1;
	}
	if (s->other != ACL_PERM_UNSET && ((unsigned)s->other & dd) != 0) {
		*msgp = "o:: grants a bit that deny= forbids";
		return 1;
	}
	if (acl_spec_extended(s)) {
		if (s->mask == ACL_PERM_UNSET) {
			*msgp = "a content rule's ACL must write its mask (m::...): "
			    "there is no mode to take the group bits from";
			return 1;
		}
		if (((unsigned)s->mask & dg) != 0) {
			*msgp = "the mask grants a group bit that deny= forbids (the "
			    "mask is the group bits)";
			return 1;
		}
	} else if (s->group_obj != ACL_PERM_UNSET &&
	    ((unsigned)s->group_obj & dg) != 0) {
		*msgp = "g:: grants a bit that deny= forbids";
		return 1;
	}
	return 0;
}

/* acl_valid() on the complete ACL the spec describes. */
static bool
spec_valid(const struct acl_spec *s, unsigned u, unsigned g, unsigned o)
{
	struct acl_list l;
	acl_t acl;
	bool ok;

	acl_spec_complete(s, u, g, o, &l);
	acl = acl_list_to_acl(&l);
	ok = acl != NULL && acl_valid(acl) == 0;
	if (acl != NULL)
		acl_free(acl);
	acl_list_free(&l);
	return ok;
}

int
secattr_validate(const struct secattrs *a, bool is_dir, mode_t mode,
    bool has_mode, const struct names *names, const char *file, FILE *errs)
{
	struct acl_spec acc = { .none = true }, def;
	bool have_acc = false;
	const char *msg;
	char *err, *owned;
	int problems = 0, r;

	mode &= 07777;
	if (a->acl != NULL && strcmp(a->acl, SECATTR_ACL_ANY) != 0) {
		r = acl_spec_parse(a->acl, names, &acc, &err);
		if (r < 0) {
			problem(errs, file, a->line, "acl", err);
			free(err);
			problems++;
		} else {
			have_acc = true;
			if (validate_access_acl(&acc, mode, has_mode, &msg, &owned) > 0) {
				problem(errs, file, a->line, "acl", msg);
				problems++;
			} else if (!acc.none && !spec_valid(&acc, (mode >> 6) & 7,
			    (mode >> 3) & 7, mode & 7)) {
				problem(errs, file, a->line, "acl", "not a valid ACL "
				    "(acl_valid)");
				problems++;
			}
			free(owned);
		}
	}
	if (a->default_acl != NULL && strcmp(a->default_acl, SECATTR_ACL_ANY) == 0) {
		if (!is_dir) {
			problem(errs, file, a->line, "default-acl",
			    "a default ACL applies to directories only");
			problems++;
		}
	} else if (a->default_acl != NULL) {
		if (!is_dir) {
			problem(errs, file, a->line, "default-acl",
			    "a default ACL applies to directories only");
			problems++;
		} else if ((r = acl_spec_parse(a->default_acl, names, &def, &err)) < 0) {
			problem(errs, file, a->line, "default-acl", err);
			free(err);
			problems++;
		} else {
			/* Left-out base entries come from the mode (g:: from acl=),
			 * as setfacl -d -m takes them from the access ACL. */
			unsigned g = have_acc && acc.group_obj != ACL_PERM_UNSET ?
			    (unsigned)acc.group_obj : (mode >> 3) & 7;
			if (!def.none && !has_mode && (def.user_obj == ACL_PERM_UNSET ||
			    def.group_obj == ACL_PERM_UNSET || def.other == ACL_PERM_UNSET)) {
				problem(errs, file, a->line, "default-acl", "without a "
				    "mode, u::, g:: and o:: must be written");
				problems++;
			} else if (!def.none && !spec_valid(&def, (mode >> 6) & 7, g,
			    mode & 7)) {
				problem(errs, file, a->line, "default-acl",
				    "not a valid ACL (acl_valid)");
				problems++;
			}
			acl_spec_free(&def);
		}
	}
	if (have_acc)
		acl_spec_free(&acc);
	if (a->caps != NULL) {
		cap_t c;
		if (fcaps_parse(a->caps, &c) < 0) {
			char *e = escape_text(a->caps);
			owned = xasprintf("'%s' is not 'none' or a capability set as "
			    "cap_from_text(3) reads it (e.g. cap_net_raw+ep)", e);
			problem(errs, file, a->line, "caps", owned);
			free(owned);
			free(e);
			problems++;
		} else {
			if (c != NULL && is_dir) {
				problem(errs, file, a->line, "caps",
				    "file capabilities apply to regular files only");
				problems++;
			}
			if (c != NULL)
				cap_free(c);
		}
	}
	if (a->context != NULL) {
		enum label_kind kind;
		const char *as;
		if (label_parse(a->context, &kind, &as, &err) < 0) {
			problem(errs, file, a->line, "context", err);
			free(err);
			problems++;
		}
	}
	return problems;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

static bool
attrs_have_context(const struct secattrs *a)
{
	return a != NULL && a->context != NULL;
}

/* Does the profile name any context?  Without one, no notice is due. */
static bool
profile_has_context(const struct profile *p)
{
	if (p == NULL)
		return true;
	for (size_t i = 0; i < p->nentries; i++)
		if (attrs_have_context(&p->entries[i].attrs))
			return true;
	for (size_t i = 0; i < p->ncontent; i++)
		if (attrs_have_context(&p->content[i].attrs))
			return true;
	return attrs_have_context(&p->smrsh.binary_attrs) ||
	    attrs_have_context(&p->smrsh.dir_attrs);
}

/* One notice per run, the first time a context check is skipped. */
static void
note_unavailable(struct secattr_ctx *sc, const char *why)
{
	struct finding f = { "selinux.unavailable", SEV_INFO, NULL, why, NULL,
	    NULL, false, false };

	if (sc->noticed || sc->mode != SELINUX_AUTO || sc->rep == NULL)
		return;
	sc->noticed = true;
	report_finding(sc->rep, &f);
}

struct secattr_ctx *
secattr_open(const struct context *ctx, struct report *rep, int *err)
{
	struct secattr_ctx *sc = xcalloc(1, sizeof(*sc));
	const char *root = ctx->opt.root != NULL ? ctx->opt.root : "/";
	int r = 0;

	*err = 0;
	sc->mode = ctx->opt.selinux;
	sc->rep = rep;
	sc->names = ctx->names;
	if (sc->mode == SELINUX_OFF)
		return sc;
	sc->enabled = is_selinux_enabled() > 0;
	if (ctx->opt.file_contexts != NULL)
		sc->h = label_open_file(ctx->opt.file_contexts, &r);
	else if (strcmp(root, "/") != 0)
		sc->h = label_open_root(ctx->root_fd, &r);
	else
		sc->h = label_open_running(&r);
	if (sc->h != NULL)
		return sc;
	/*
	 * Nothing installed is "not applicable" (auto) or an error
	 * (require); something installed but unusable, or a file the user
	 * named, is an error either way.
	 */
	if (ctx->opt.file_contexts != NULL || (r != -ENOENT && r != -ENOTDIR)) {
		*err = r;
		free(sc);
		return NULL;
	}
	if (sc->mode == SELINUX_REQUIRE) {
		*err = -ENOTSUP;
		free(sc);
		return NULL;
	}
	/* Say it now if the profile asks for contexts at all; explicit ones
	 * are still applied where the file system stores labels. */
	if (profile_has_context(ctx->profile))
		note_unavailable(sc, sc->enabled ? "no file_contexts could be read: "
		    "'policy' contexts are not checked" :
		    "SELinux is not enabled and no file_contexts could be read: "
		    "'policy' contexts are not checked");
	return sc;
}

void
secattr_close(struct secattr_ctx *sc)
{
	if (sc == NULL)
		return;
	if (sc->fscreate_set)
		secattr_create_end(sc);
	label_close(sc->h);
	for (size_t i = 0; i < sc->nacls; i++) {
		acl_spec_free(&sc->acls[i].spec);
		free(sc->acls[i].text);
	}
	free(sc->acls);
	free(sc->canon);
	free(sc->canon_for);
	free(sc->parsed);
	free(sc);
}

/* ------------------------------------------------------------------ */
/* Contexts                                                            */

/*
 * The context an object should carry: 0 with *con malloc'd, 1 when there
 * is nothing to enforce (no handle for a policy context, or the policy
 * gives none), -errno on failure.
 */
static int
wanted_context(struct secattr_ctx *sc, const char *text, const char *anchor,
    const char *path, mode_t type, char **con)
{
	enum label_kind kind;
	const char *as;
	char *err, *lpath;
	int r;

	*con = NULL;
	/* A content rule asks the same of every file: parse its text once. */
	if (sc->parsed != NULL && strcmp(text, sc->parsed) == 0) {
		kind = sc->parsed_kind;
		as = sc->parsed_as < 0 ? NULL : text + sc->parsed_as;
	} else if (label_parse(text, &kind, &as, &err) < 0) {
		free(err);
		return -EINVAL;
	} else {
		free(sc->parsed);
		sc->parsed = xstrdup(text);
		sc->parsed_kind = kind;
		sc->parsed_as = as != NULL ? as - text : -1;
	}
	if (kind == LABEL_EXPLICIT) {
		char *canon = NULL;
		/* The kernel stores the canonical form ("s0-s0" reads back
		 * as "s0"); compare with that, or every run would differ. */
		if (sc->canon_for == NULL || strcmp(sc->canon_for, text) != 0) {
			free(sc->canon);
			free(sc->canon_for);
			if (sc->enabled &&
			    security_canonicalize_context_raw(text, &canon) == 0) {
				sc->canon = xstrdup(canon);
				freecon(canon);
			} else {
				sc->canon = xstrdup(text);
			}
			sc->canon_for = xstrdup(text);
		}
		*con = xstrdup(sc->canon);
		return 0;
	}
	if (sc->h == NULL) {
		note_unavailable(sc, "no file_contexts could be read: 'policy' "
		    "contexts are not checked");
		return 1;
	}
	lpath = kind == LABEL_POLICY ? xstrdup(path) :
	    label_equiv_path(as, anchor, path);
	r = label_lookup(sc->h, lpath, type, con);
	free(lpath);
	if (r == -ENOENT)
		return 1;
	return r;
}

/*
 * The ACL text to enforce: a profile silent about it allows no extended
 * entry ("none"); "any" opts out (NULL: not checked).
 */
static const char *
strict_acl(const char *text)
{
	if (text == NULL)
		return "none";
	return strcmp(text, SECATTR_ACL_ANY) == 0 ? NULL : text;
}

int
secattr_create_begin(struct secattr_ctx *sc, const struct secattrs *a,
    const char *path, mode_t type)
{
	char *con;

	if (sc == NULL || a->context == NULL || sc->mode == SELINUX_OFF ||
	    !sc->enabled)
		return 0;
	if (wanted_context(sc, a->context, path, path, type, &con) != 0)
		return 0;	/* secattr_check() will say what is wrong */
	if (setfscreatecon_raw(con) == 0)
		sc->fscreate_set = true;
	free(con);
	return 0;
}

void
secattr_create_end(struct secattr_ctx *sc)
{
	int saved = errno;

	if (sc != NULL && sc->fscreate_set) {
		(void)setfscreatecon_raw(NULL);
		sc->fscreate_set = false;
	}
	errno = saved;
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */

struct object {
	struct secattr_ctx *sc;
	struct drift_sink *sink;
	int fd;
	struct stat st;		/* fresh fstat */
	const char *path;	/* inside ROOT */
	const char *anchor;	/* what policy:/P stands for */
	mode_t pmode;		/* the profile's mode, or NO_MODE */
	/*
	 * The mode the engine leaves the object with (it may not have set
	 * it yet: --dry-run, or a plain verify), or NO_MODE: the disk's.
	 * The access ACL is judged as it stands after that chmod, so a
	 * mode that drifted is one finding (tree.mode, content.mode), not
	 * also an ACL whose u::, o:: and group class restate it, and a dry
	 * run predicts what the real run leaves.
	 */
	mode_t emode;
};

static void
record(struct object *o, const char *id, enum severity sev, const char *msg,
    const char *expected, const char *actual, const char *attribute,
    int outcome)
{
	struct finding f = { id, sev, o->path, msg, expected, actual, false, false };

	drift_record(o->sink, &f, attribute, outcome);
}

/*
 * May a change that grants something (an ACL entry or bit, capabilities,
 * a label the profile spells out) be made?  Only on an object that the
 * owner the profile names for it owns (jailctl.profile(5), "What jailctl
 * grants"): never on a user's mailbox under owner=%name or owner=any, nor
 * on an entry whose chown did not happen.  A dry run predicts the chown
 * an entry gets first.  Without a proof (no object in view) anything goes.
 */
/* A context the profile spells out, not one the policy gives. */
static bool
label_is_explicit(const char *text)
{
	enum label_kind kind;
	const char *as;
	char *err = NULL;
	bool explicit = label_parse(text, &kind, &as, &err) == 0 &&
	    kind == LABEL_EXPLICIT;

	free(err);
	return explicit;
}

static bool
may_grant(const struct object *o)
{
	const struct own_proof *p = o->sink->own;
	uid_t uid = o->st.st_uid;

	if (p == NULL)
		return true;
	if (p->owner == OWN_NO_OWNER)
		return false;
	/* Short of a real fix, which has chowned it by now, predict it. */
	if (p->chowned && (o->sink->dry_run || !drift_wants_fix(o->sink)))
		uid = p->owner;
	return uid == p->owner;
}

/*
 * REPORTED / WOULD_FIX / REFUSED, or -1 meaning "apply now".  grants: the
 * change would give someone something (may_grant() decides).
 */
static int
plan(const struct object *o, bool grants)
{
	if (grants && !may_grant(o))
		return drift_refuse(o->sink);
	if (!drift_wants_fix(o->sink))
		return DRIFT_REPORTED;
	if (o->sink->dry_run)
		return DRIFT_WOULD_FIX;
	/* Only on an object proven the jail's own right now (own.h). */
	return drift_may_change(o->sink) ? -1 : DRIFT_REFUSED;
}

static const struct acl_spec *
cached_spec(struct secattr_ctx *sc, const char *text, int *err)
{
	struct cached_acl *c;
	char *msg;

	for (size_t i = 0; i < sc->nacls; i++)
		if (strcmp(sc->acls[i].text, text) == 0) {
			*err = sc->acls[i].err;
			return *err == 0 ? &sc->acls[i].spec : NULL;
		}
	sc->acls = xrealloc(sc->acls, (sc->nacls + 1) * sizeof(*sc->acls));
	c = &sc->acls[sc->nacls++];
	memset(c, 0, sizeof(*c));
	c->text = xstrdup(text);
	c->err = acl_spec_parse(text, sc->names, &c->spec, &msg);
	free(msg);
	*err = c->err;
	return c->err == 0 ? &c->spec : NULL;
}

/*
 * The access ACL the profile wants, given what the disk has: st_mode is
 * the object's mode now, pmode the profile's (NO_MODE for content rules).
 */
static void
want_access(mode_t st_mode, mode_t pmode, const struct acl_spec *s,
    const struct acl_list *disk, struct acl_list *out)
{
	unsigned u = (st_mode >> 6) & 7, g = (st_mode >> 3) & 7, oth = st_mode & 7;

	/*
	 * u:: and o:: are the mode's: taken from the disk, so a mode that
	 * drifted is reported once, as tree.mode.  g:: left out is the
	 * profile mode's group bits; without a profile mode (content rules)
	 * it is whatever the file's ACL has.
	 */
	if (acl_spec_extended(s) || acl_list_perm(disk, ACL_MASK) != ACL_PERM_UNSET) {
		/* With a mask on disk the mode's group bits are the mask:
		 * removing extended entries keeps g::, never widens to it. */
		int dg = acl_list_perm(disk, ACL_GROUP_OBJ);
		g = pmode != NO_MODE ? (pmode >> 3) & 7 :
		    dg != ACL_PERM_UNSET ? (unsigned)dg : g;
	}
	acl_spec_complete(s, u, g, oth, out);
}

/*
 * Does the access ACL on disk match the profile's, once the mode is
 * `mode`?  disk is turned into what chmod(mode) leaves (see struct
 * object) and want filled in; the quick look and the full check both
 * decide here, so they cannot disagree.
 */
static bool
access_acl_matches(const struct acl_spec *s, mode_t mode, mode_t pmode,
    struct acl_list *disk, struct acl_list *want)
{
	acl_list_chmod(disk, mode);
	want_access(mode, pmode, s, disk, want);
	return acl_list_equal(want, disk);
}

static int
check_access_acl(struct object *o, const char *text)
{
	struct acl_list disk, want;
	const struct acl_spec *s;
	acl_t acl;
	int r, out;

	s = cached_spec(o->sc, text, &r);
	if (s == NULL)
		return r;
	acl = acl_get_fd(o->fd);
	if (acl == NULL) {
		r = -errno;
		if (r != -ENOTSUP && r != -EOPNOTSUPP)
			return r;
		/* No ACL support: fine unless the profile wants entries. */
		if (acl_spec_extended(s))
			record(o, "tree.acl", SEV_MEDIUM, "ACL differs (the file "
			    "system does not support ACLs)", text, "not supported",
			    "acl", drift_refuse(o->sink));
		return 0;
	}
	r = acl_list_from_acl(acl, &disk);
	acl_free(acl);
	if (r < 0)
		return r;
	/* Shown as the disk has it; compared as the mode fix leaves it. */
	char *act = acl_list_text(&disk, o->sc->names);
	mode_t m = o->emode != NO_MODE ? o->emode : o->st.st_mode;
	if (!access_acl_matches(s, m, o->pmode, &disk, &want)) {
		char *exp = acl_list_text(&want, o->sc->names);

		out = plan(o, acl_list_widens(&want, &disk));
		if (out < 0) {
			acl_t a = acl_list_to_acl(&want);
			/* Through the fd; the kernel rewrites the group bits to
			 * the mask, which the mask rule made equal to the mode. */
			out = a != NULL && acl_set_fd(o->fd, a) == 0 ? DRIFT_FIXED :
			    -errno;
			if (a != NULL)
				acl_free(a);
		}
		record(o, "tree.acl", SEV_MEDIUM, "ACL differs", exp, act, "acl", out);
		free(exp);
	}
	free(act);
	acl_list_free(&want);
	acl_list_free(&disk);
	return 0;
}

/* The default ACL the profile wants. */
static void
want_default(const struct object *o, const struct acl_spec *s,
    const struct acl_spec *acc, const struct acl_list *disk_access,
    struct acl_list *out)
{
	mode_t m = o->pmode != NO_MODE ? o->pmode : o->st.st_mode;
	unsigned u = (m >> 6) & 7, g, oth = m & 7;

	if (s->none) {
		out->e = NULL;
		out->n = 0;
		return;
	}
	/* Left-out base entries as setfacl -d -m takes them: from the access
	 * ACL (g:: of acl= if written, else the mode's group bits). */
	if (acc != NULL && !acc->none && acc->group_obj != ACL_PERM_UNSET)
		g = (unsigned)acc->group_obj;
	else if (o->pmode != NO_MODE)
		g = (o->pmode >> 3) & 7;
	else {
		int dg = acl_list_perm(disk_access, ACL_GROUP_OBJ);
		g = dg != ACL_PERM_UNSET ? (unsigned)dg : (m >> 3) & 7;
	}
	acl_spec_complete(s, u, g, oth, out);
}

static int
check_default_acl(struct object *o, const char *text, const char *acc_text)
{
	struct acl_list disk = { NULL, 0 }, disk_access = { NULL, 0 }, want;
	const struct acl_spec *s, *acc = NULL;
	char proc[64];
	acl_t acl;
	int r, out;

	s = cached_spec(o->sc, text, &r);
	if (s == NULL)
		return r;
	if (acc_text != NULL && (acc = cached_spec(o->sc, acc_text, &r)) == NULL)
		return r;
	/* libacl has no fd call for default ACLs: go through the fd's
	 * /proc/self/fd entry, which names exactly the object we opened. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", o->fd);
	acl = acl_get_file(proc, ACL_TYPE_DEFAULT);
	if (acl == NULL) {
		r = -errno;
		if (r == -ENOENT)
			return -ENOSYS;	/* /proc is not mounted */
		if (r != -ENOTSUP && r != -EOPNOTSUPP)
			return r;
		if (!s->none)
			record(o, "tree.default-acl", SEV_MEDIUM, "default ACL "
			    "differs (the file system does not support ACLs)", text,
			    "not supported", "default-acl",
			    drift_refuse(o->sink));
		return 0;
	}
	r = acl_list_from_acl(acl, &disk);
	acl_free(acl);
	if (r < 0)
		return r;
	if (o->pmode == NO_MODE && (acl = acl_get_fd(o->fd)) != NULL) {
		(void)acl_list_from_acl(acl, &disk_access);
		acl_free(acl);
	}
	want_default(o, s, acc, &disk_access, &want);
	if (!acl_list_equal(&want, &disk)) {
		char *exp = acl_list_text(&want, o->sc->names);
		char *act = acl_list_text(&disk, o->sc->names);

		out = plan(o, acl_list_widens(&want, &disk));
		if (out < 0) {
			if (want.n == 0) {
				out = acl_delete_def_file(proc) == 0 ? DRIFT_FIXED : -errno;
			} else {
				acl_t a = acl_list_to_acl(&want);
				out = a != NULL && acl_set_file(proc, ACL_TYPE_DEFAULT, a) == 0 ?
				    DRIFT_FIXED : -errno;
				if (a != NULL)
					acl_free(a);
			}
		}
		record(o, "tree.default-acl", SEV_MEDIUM, "default ACL differs", exp,
		    act, "default-acl", out);
		free(exp);
		free(act);
	}
	acl_list_free(&want);
	acl_list_free(&disk);
	acl_list_free(&disk_access);
	return 0;
}

static int
check_caps(struct object *o, const char *text)
{
	cap_t want, have;
	int r, out;

	if (fcaps_parse(text, &want) < 0)
		return -EINVAL;
	r = fcaps_get(o->fd, &have);
	if (r < 0) {
		if (want != NULL)
			cap_free(want);
		return r;
	}
	if (!fcaps_equal(want, have)) {
		char *exp = fcaps_text(want), *act = fcaps_text(have);

		out = plan(o, want != NULL);
		if (out < 0) {
			r = fcaps_set(o->fd, want);
			out = r == 0 ? DRIFT_FIXED : r;
		}
		/* Capabilities nobody asked for are privilege: high. */
		record(o, "tree.caps", SEV_HIGH, "file capabilities differ", exp, act,
		    "caps", out);
		free(exp);
		free(act);
	}
	if (want != NULL)
		cap_free(want);
	if (have != NULL)
		cap_free(have);
	return 0;
}

static int
check_context(struct object *o, const char *text)
{
	struct secattr_ctx *sc = o->sc;
	char *want, *have = NULL;
	int r, out;

	if (sc->mode == SELINUX_OFF)
		return 0;
	r = wanted_context(sc, text, o->anchor, o->path, o->st.st_mode & S_IFMT,
	    &want);
	if (r != 0)
		return r > 0 ? 0 : r;
	r = label_get(o->fd, &have);
	if (r == -ENOTSUP && !sc->enabled && sc->mode == SELINUX_AUTO) {
		/* Neither the kernel nor the file system keeps labels. */
		note_unavailable(sc, "SELinux is not enabled and the file system "
		    "stores no SELinux labels: contexts are not checked");
		free(want);
		return 0;
	}
	if (r < 0 && r != -ENODATA && r != -ENOTSUP) {
		free(want);
		return r;
	}
	if (have == NULL || strcmp(want, have) != 0) {
		out = plan(o, label_is_explicit(text));
		if (r == -ENOTSUP)	/* nowhere to store it */
			out = drift_refuse(o->sink);
		else if (out < 0)
			out = label_set(o->fd, want) == 0 ? DRIFT_FIXED : -errno;
		record(o, "tree.context", SEV_MEDIUM, "SELinux context differs", want,
		    r == -ENOTSUP ? "not supported" : have != NULL ? have : "none",
		    "context", out);
	}
	free(want);
	free(have);
	return 0;
}

static int
check_object(struct secattr_ctx *sc, struct drift_sink *sink, int fd,
    const struct secattrs *a, const char *path, const char *anchor,
    mode_t pmode, mode_t emode)
{
	struct object o = { sc, sink, fd, { 0 }, path, anchor, pmode,
	    emode != NO_MODE ? emode & 07777 : NO_MODE };
	const char *acc = strict_acl(a->acl), *def = strict_acl(a->default_acl);
	int r, first = 0;

	if (acc == NULL && def == NULL && a->caps == NULL && a->context == NULL)
		return 0;
	/* The engine may have just changed the mode: look again. */
	if (fstat(fd, &o.st) != 0)
		return -errno;
	if (pmode != NO_MODE)
		o.pmode = pmode & 07777;
	/* Order: ACL, default ACL, capabilities, label.  Each is examined
	 * even when an earlier one failed; the first failure is returned. */
	if (acc != NULL && (r = check_access_acl(&o, acc)) < 0 && first == 0)
		first = r;
	/* Without /proc no default ACL can be read: an error only when the
	 * profile names one, not for the implicit "none". */
	if (def != NULL && S_ISDIR(o.st.st_mode) &&
	    (r = check_default_acl(&o, def, acc)) < 0 &&
	    !(r == -ENOSYS && a->default_acl == NULL) && first == 0)
		first = r;
	if (a->caps != NULL && (r = check_caps(&o, a->caps)) < 0 && first == 0)
		first = r;
	if (a->context != NULL && (r = check_context(&o, a->context)) < 0 &&
	    first == 0)
		first = r;
	if (first < 0)
		errno = -first;
	return first;
}

/* ------------------------------------------------------------------ */
/* Reading a content file's attributes without opening it              */

/* Sizes that hold any label and any ACL a profile can ask for. */
#define PEEK_LABEL_MAX 512

/* The access ACL at dir_fd/name is what the rule wants: 1 yes, 0 no or
 * cannot tell. */
static int
peek_acl(struct secattr_ctx *sc, int dir_fd, const char *name,
    const struct stat *st, const char *text, bool listed)
{
	unsigned char raw[ACL_XATTR_MAX_SIZE];
	struct acl_ent room[ACL_XATTR_MAX_ENTRIES];
	struct acl_list disk, want;
	const struct acl_spec *s;
	int r;
	bool same;

	if ((s = cached_spec(sc, text, &r)) == NULL)
		return 0;
	ssize_t n = listed ? attr_peek(dir_fd, name, "system.posix_acl_access",
	    raw, sizeof(raw)) : -ENODATA;
	if (n >= 0)
		n = acl_xattr_decode(raw, (size_t)n, room, ACL_XATTR_MAX_ENTRIES,
		    &disk);
	if (n == -ENODATA)
		acl_xattr_from_mode(st->st_mode, room, &disk);
	else if (n != 0)
		return 0;
	/* st's mode is the one the engine leaves (see struct object). */
	same = access_acl_matches(s, st->st_mode, NO_MODE, &disk, &want);
	acl_list_free(&want);
	return same;
}

/* The label at dir_fd/name is the one wanted: 1 yes, 0 no or cannot tell;
 * 1 also when there is nothing to enforce. */
static int
peek_context(struct secattr_ctx *sc, int dir_fd, const char *name,
    const struct stat *st, const char *text, const char *dir, bool listed)
{
	char raw[PEEK_LABEL_MAX], *want, *path;
	int r;
	bool same;

	if (sc->mode == SELINUX_OFF)
		return 1;
	path = path_join(dir, name);
	r = wanted_context(sc, text, dir, path, st->st_mode & S_IFMT, &want);
	free(path);
	if (r != 0)
		return r > 0;
	ssize_t n = listed ? attr_peek(dir_fd, name, "security.selinux", raw,
	    sizeof(raw)) : -ENODATA;
	/* The kernel hands the context with its terminating NUL. */
	if (n > 0 && raw[n - 1] == '\0')
		n--;
	same = n >= 0 && strlen(want) == (size_t)n && memcmp(want, raw,
	    (size_t)n) == 0;
	free(want);
	return same;
}

int
secattr_peek_content(struct secattr_ctx *sc, int dir_fd, const char *name,
    const struct stat *st, const struct secattrs *a, const char *dir)
{
	const char *acc = strict_acl(a->acl);
	char list[1024];

	/* Default ACLs exist only on directories, which take the full look. */
	if (!S_ISREG(st->st_mode))
		return 0;
	/* Which attributes exist: one call, and none to read for those that
	 * do not. */
	ssize_t n = attr_peek_list(dir_fd, name, list, sizeof(list));
	if (n < 0)
		return 0;
	/* Users' files never carry capabilities, whatever the rule says. */
	if (attr_listed(list, (size_t)n, "security.capability"))
		return 0;
	if (acc != NULL && !peek_acl(sc, dir_fd, name, st, acc,
	    attr_listed(list, (size_t)n, "system.posix_acl_access")))
		return 0;
	if (a->context != NULL && !peek_context(sc, dir_fd, name, st,
	    a->context, dir, attr_listed(list, (size_t)n, "security.selinux")))
		return 0;
	return 1;
}

int
secattr_check(struct secattr_ctx *sc, struct drift_sink *sink, int fd,
    const struct stat *st, const struct secattrs *a, const char *path)
{
	(void)st;
	return check_object(sc, sink, fd, a, path, path, NO_MODE, NO_MODE);
}

int
secattr_check_entry(struct secattr_ctx *sc, struct drift_sink *sink, int fd,
    const struct stat *st, const struct secattrs *a, mode_t mode,
    const char *path)
{
	(void)st;
	return check_object(sc, sink, fd, a, path, path, mode, mode);
}

int
secattr_check_content(struct secattr_ctx *sc, struct drift_sink *sink, int fd,
    const struct stat *st, const struct secattrs *a, const char *dir,
    const char *path)
{
	struct secattrs b = *a;

	/* Users' files never carry capabilities, whatever the rule says. */
	if (b.caps == NULL)
		b.caps = (char *)"none";
	return check_object(sc, sink, fd, &b, path, dir, NO_MODE, st->st_mode);
}
