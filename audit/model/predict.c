/*
 * predict.c -- the model of sendmail for one recipient and one entry
 * (predict.h): sendmail.cf and ROOT read once, then for each entry what
 * recipient(), openmailer() with smrsh or a shell, mailfile() and the
 * local mailer do with it.
 *
 * Everything sendmail takes from sendmail.cf comes from the file as
 * sendmail_cf.c reads it, sendmail's own default included: OperatorChars
 * and BlankSub (the parse), DontInitGroups (supplementary groups),
 * DefaultUser (replayed over setdefaults()' choice against ROOT's passwd
 * and group), the local, prog and *file* mailers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fsident.h"
#include "predict.h"
#include "safefile.h"
#include "sm_host.h"
#include "util.h"


/*
 * Root's stat() (following links) of the program paths pipes name and of
 * what smrsh runs instead: the same few paths for every user, so the
 * answers of a run are kept.  Asked as ourselves only; while an identity
 * is borrowed the kernel is asked each time.
 */
#define STAT_MEMO_MAX 64

struct sm_stat_memo {
	struct {
		char *path;
		int r;
		struct stat st;
	} v[STAT_MEMO_MAX];
	size_t n, next;
};

static int
root_stat(const struct sm_model *m, const char *path, struct stat *st)
{
	struct sm_stat_memo *c = m->root_stats;
	size_t i;
	int r;

	if (c == NULL || fsid_current(NULL, NULL, NULL, NULL))
		return sf_stat_in_root(m->root_fd, path, true, st);
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].path, path) == 0) {
			*st = c->v[i].st;
			return c->v[i].r;
		}
	}
	r = sf_stat_in_root(m->root_fd, path, true, st);
	if (r == EMFILE || r == ENFILE || r == ENOMEM)
		return r;	/* ours, not the tree's: not kept */
	if (c->n < STAT_MEMO_MAX)
		i = c->n++;
	else {
		i = c->next;
		c->next = (c->next + 1) % STAT_MEMO_MAX;
		free(c->v[i].path);
	}
	c->v[i].path = xstrdup(path);
	c->v[i].r = r;
	if (r == 0)
		c->v[i].st = *st;
	return r;
}

static void
stat_memo_free(struct sm_stat_memo *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c);
}

/* ---------------------------------------------------------------------- */
/* Set-up: what sendmail.cf and the root say.                             */

static bool
has_flag(const char *flags, char c)
{
	return flags != NULL && strchr(flags, c) != NULL;
}

/* A "user[:group]" or "uid[:gid]" option, as DefaultUser is written. */
static void
parse_user_option(const struct sm_model *m, const char *val, uid_t *uid,
    gid_t *gid, char **name)
{
	char *copy = xstrdup(val), *colon = strchr(copy, ':'), *end;
	struct pw_copy pw = { 0 };
	unsigned long n;

	if (colon != NULL)
		*colon++ = '\0';
	n = strtoul(copy, &end, 10);
	if (*copy != '\0' && *end == '\0') {
		*uid = (uid_t)n;
		if (pw_find_uid(m->root_fd, m->nss, *uid, &pw) == 0) {
			*gid = pw.gid;
			*name = xstrdup(pw.name);
		}
	} else if (pw_find_name(m->root_fd, m->nss, copy, &pw) == 0) {
		*uid = pw.uid;
		*gid = pw.gid;
		*name = xstrdup(pw.name);
	}
	pw_copy_clear(&pw);
	if (colon != NULL && *colon != '\0') {
		n = strtoul(colon, &end, 10);
		if (*end == '\0')
			*gid = (gid_t)n;
		else
			(void)grp_find_name(m->root_fd, m->nss, colon, gid);
	}
	free(copy);
}

static uid_t
user_option_uid(const struct sm_model *m, const char *val)
{
	uid_t uid = 0;
	gid_t gid = 0;
	char *name = NULL;

	parse_user_option(m, val, &uid, &gid, &name);
	free(name);
	return uid;
}

/*
 * A mailer's U= as makemailer() reads it: a user name (letters, digits,
 * '-', '_') gives uid and gid, a number only the uid; after one separator
 * a group name or number replaces the gid.  An unknown user leaves both
 * unset (sendmail: "mailer U= flag: unknown user"), an unknown group
 * keeps the user's.
 */
static void
parse_mailer_user(const struct sm_model *m, const char *val, bool *has_uid,
    uid_t *uid, bool *has_gid, gid_t *gid)
{
	const char *p = val;
	struct pw_copy pw = { 0 };

	*has_uid = *has_gid = false;
	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		const char *q = p;
		char *name;

		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_", *p) != NULL))
			p++;
		name = xstrndup(q, (size_t)(p - q));
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
		if (*name == '\0' ||
		    pw_find_name(m->root_fd, m->nss, name, &pw) != 0) {
			free(name);
			return;
		}
		free(name);
		*uid = pw.uid;
		*gid = pw.gid;
		*has_uid = *has_gid = true;
		pw_copy_clear(&pw);
	} else {
		char *end;

		*uid = (uid_t)strtol(p, &end, 0);
		*has_uid = true;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return;
	if (isascii((unsigned char)*p) && !isdigit((unsigned char)*p)) {
		const char *q = p;
		char *name;
		gid_t g;

		/* (sendmail's loop would run past the end: strchr() finds
		 * the NUL too) */
		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_.", *p) != NULL))
			p++;
		name = xstrndup(q, (size_t)(p - q));
		if (*name != '\0' &&
		    grp_find_name(m->root_fd, m->nss, name, &g) == 0) {
			*gid = g;
			*has_gid = true;
		}
		free(name);
	} else {
		*gid = (gid_t)strtol(p, NULL, 0);
		*has_gid = true;
	}
}

/* cf_default_identity()'s questions, answered from ROOT. */
static int
nss_user_by_name(void *arg, const char *name, uid_t *uid, gid_t *gid,
    char **canonical)
{
	struct sm_model *m = arg;
	struct pw_copy pw = { 0 };

	if (pw_find_name(m->root_fd, m->nss, name, &pw) != 0)
		return -1;
	*uid = pw.uid;
	*gid = pw.gid;
	*canonical = xstrdup(pw.name);
	pw_copy_clear(&pw);
	return 0;
}

static int
nss_user_by_uid(void *arg, uid_t uid, char **name)
{
	struct sm_model *m = arg;
	struct pw_copy pw = { 0 };

	if (pw_find_uid(m->root_fd, m->nss, uid, &pw) != 0)
		return -1;
	*name = xstrdup(pw.name);
	pw_copy_clear(&pw);
	return 0;
}

static int
nss_group_by_name(void *arg, const char *name, gid_t *gid)
{
	struct sm_model *m = arg;

	return grp_find_name(m->root_fd, m->nss, name, gid) == 0 ? 0 : -1;
}

static bool
group_member_root(void *arg, gid_t gid, const char *user)
{
	struct sm_model *m = arg;

	return grp_db_is_member(m->groups, gid, user);
}

int
sm_model_open(struct sm_model *m, int root_fd, bool real_root,
    const char *cfpath, const char *cmddir)
{
	struct sendmail_cf *cf;
	struct cf_nss nss = { nss_user_by_name, nss_user_by_uid,
	    nss_group_by_name, NULL };
	struct cf_identity def;
	struct sm_host h;
	uid_t trusted = 0;
	int r;

	memset(m, 0, sizeof(*m));
	m->root_fd = root_fd;
	m->nss = real_root;
	r = cf_load(root_fd, cfpath, &cf);
	if (r < 0)
		return r;
	m->cf = cf;
	/* root's own identity, asked once for all the switches to come */
	fsid_run_begin();
	m->groups = grp_db_load(root_fd, real_root);

	/* $j and $w as sendmail determines them (sm_host.h) */
	sm_host_find(m->root_fd, m->nss, m->cf, &h);
	m->host = h.j;
	m->shorthost = h.w;
	m->host_source = h.source;
	m->shells = shells_load(m->root_fd);
	if (cf->trusted_user != NULL)
		trusted = user_option_uid(m, cf->trusted_user);

	/* DefUid/DefGid/DefUser: setdefaults() and every DefaultUser line */
	nss.arg = m;
	cf_default_identity(cf, &nss, &def);
	m->def_uid = def.uid;
	m->def_gid = def.gid;
	m->def_user = def.name;
	m->def_problem = def.problem;
	if (cf->run_as_user != NULL) {
		char *name = NULL;

		parse_user_option(m, cf->run_as_user, &m->runas_uid,
		    &m->runas_gid, &name);
		free(name);
	}
	m->dont_init_groups = cf->dont_init_groups;

	m->syn.blank_sub = cf->blank_sub != NULL && cf->blank_sub[0] != '\0' ?
	    cf->blank_sub[0] : ' ';
	m->syn.operators = cf->operator_chars;
	m->syn.local_prog = has_flag(cf->local.flags, '|');
	m->syn.local_file = has_flag(cf->local.flags, '/');
	m->syn.local_include = has_flag(cf->local.flags, ':');
	m->syn.local_keepcase = has_flag(cf->local.flags, 'u');
	m->syn.prog_stripq = has_flag(cf->prog.flags, 's');
	m->syn.prog_keepcase = has_flag(cf->prog.flags, 'u');
	m->syn.file_stripq = has_flag(cf->file_mailer.flags, 's');
	m->syn.file_keepcase = has_flag(cf->file_mailer.flags, 'u');
	m->file_specific = has_flag(cf->file_mailer.flags, 'S');
	if (cf->file_mailer.user != NULL)
		parse_mailer_user(m, cf->file_mailer.user, &m->file_has_uid,
		    &m->file_uid, &m->file_has_gid, &m->file_gid);

	m->fi.root_fd = m->root_fd;
	m->fi.nss = m->nss;
	m->fi.sf.root_fd = m->root_fd;
	m->fi.sf.dirs = sf_dirs_new(m->root_fd);
	m->fi.sf.gw_dirpath_safe = cf_dbs(cf, DBS_GROUPWRITABLEDIRPATHSAFE);
	m->fi.sf.trust_sticky = cf_dbs(cf, DBS_TRUSTSTICKYBIT);
	m->fi.sf.dont_init_groups = cf->dont_init_groups;
	m->fi.sf.trusted_uid = trusted;
	m->fi.sf.member = group_member_root;
	m->fi.sf.member_arg = m;
	m->fi.cf = cf;
	m->fi.def_uid = m->def_uid;
	m->fi.def_gid = m->def_gid;
	m->fi.def_user = m->def_user;
	m->fi.nonroot_daemon = cf->run_as_user != NULL &&
	    user_option_uid(m, cf->run_as_user) != 0;
	m->fi.shells = m->shells;
	m->fi.trusted_class = cf->trusted_class;
	/* "ConfigLevel <= 1": every shell is acceptable */
	m->fi.check_shells = cf->config_level > 1;
	m->fi.read_cap = SM_READ_CAP;
	m->fi.groups = m->groups;
	m->fi.owners = pw_cache_new(root_fd, real_root);
	m->fi.chown_memo = xcalloc(1, sizeof(*m->fi.chown_memo));
	m->fi.contents = fi_contents_new();

	m->ft.root_fd = m->root_fd;
	m->ft.safe_file_env = cf->safe_file_env;
	m->ft.dbs_symlink = cf_dbs(cf, DBS_FILEDELIVERYTOSYMLINK);
	m->ft.dbs_hardlink = cf_dbs(cf, DBS_FILEDELIVERYTOHARDLINK);
	m->ft.dont_init_groups = cf->dont_init_groups;
	m->ft.no_fsync = cf->super_safe_off;
	m->ft.trusted_uid = trusted;
	m->ft.jails = ft_jails_new();
	m->ft.root_dirs = m->fi.sf.dirs;
	/* TempFileMode; the daemon's default is 0600 (real uid == euid) */
	m->ft.file_mode = 0600;
	if (cf->temp_file_mode != NULL) {
		char *end;
		unsigned long mode = strtoul(cf->temp_file_mode, &end, 8);

		if (end != cf->temp_file_mode)
			m->ft.file_mode = (mode_t)(mode & 07777);
	}

	m->smrsh = cf_prog_is_smrsh(cf);
	m->prog_path = cf->prog.path != NULL ? cf->prog.path : "/bin/sh";
	m->argv0 = cf->prog.args != NULL && cf->prog.args[0] != NULL ?
	    cf->prog.args[0] : "smrsh";
	m->prog_specific = has_flag(cf->prog.flags, 'S');
	if (cf->prog.user != NULL) {
		m->prog_has_user = true;
		parse_user_option(m, cf->prog.user, &m->prog_uid,
		    &m->prog_gid, &m->prog_user);
	}
	m->cmddir = cmddir;
	m->protected_symlinks = smrsh_protected_symlinks(real_root);
	m->smrsh_walks = smrsh_cache_new(root_fd);
	m->root_stats = xcalloc(1, sizeof(*m->root_stats));
	return 0;
}

void
sm_model_close(struct sm_model *m)
{
	bool opened = m->cf != NULL;

	cf_free(m->cf);
	shells_free(m->shells);
	grp_db_free(m->groups);
	ft_jails_free(m->ft.jails);
	sf_dirs_free(m->fi.sf.dirs);
	pw_cache_free(m->fi.owners);
	free(m->fi.chown_memo);
	fi_contents_free(m->fi.contents);
	smrsh_cache_free(m->smrsh_walks);
	stat_memo_free(m->root_stats);
	free(m->host);
	free(m->shorthost);
	free(m->host_source);
	free(m->def_user);
	free(m->def_problem);
	free(m->prog_user);
	if (opened)
		fsid_run_end();
	memset(m, 0, sizeof(*m));
}

char *
sm_expand(const struct sm_model *m, const char *uval, const char *home,
    const char *elem, size_t len)
{
	size_t cap = len + 64, n = 0, i;
	char *out = xmalloc(cap);

	for (i = 0; i < len; i++) {
		const char *v = NULL;
		char one[2] = { 0, 0 };
		size_t vl;

		if (elem[i] == '$' && i + 1 < len) {
			char c = elem[++i];

			if (c == 'z')
				v = home;
			else if (c == 'u')
				v = uval;
			else if (c == 'w')
				v = m->shorthost;
			else if (c == 'j')
				v = m->host;
			else if (c == '$')
				v = "$";
			else if (c == '{') {
				while (i + 1 < len && elem[i] != '}')
					i++;
				v = "";
			} else
				v = "";	/* $h is empty for a plain user */
		} else {
			one[0] = elem[i];
			v = one;
		}
		vl = strlen(v);
		if (n + vl + 1 > cap) {
			cap = (n + vl + 1) * 2;
			out = xrealloc(out, cap);
		}
		memcpy(out + n, v, vl);
		n += vl;
	}
	out[n] = '\0';
	if (n > SF_MAXPATHLEN)
		out[SF_MAXPATHLEN] = '\0';
	return out;
}

/* ---------------------------------------------------------------------- */
/* The recipient.                                                          */

void
sm_recipient_init(struct sm_recipient *r, const struct passwd *pw)
{
	memset(r, 0, sizeof(*r));
	pw_copy_set(&r->pw, pw);
}

void
sm_recipient_clear(struct sm_recipient *r)
{
	pw_copy_clear(&r->pw);
	free(r->groups);
	free(r->file_id.groups);
	free(r->prog_id.groups);
	fi_ctl_clear(&r->ctl);
	memset(r, 0, sizeof(*r));
}

struct fi_user
sm_recipient_ca(const struct sm_recipient *r)
{
	struct fi_user ca = { r->pw.name, r->pw.uid, r->pw.gid, r->bogus_shell,
	    r->groups, r->ngroups };

	return ca;
}

/*
 * initgroups(name, gid) -- unless DontInitGroups is set or there is no
 * name to ask with, when sendmail's setgroups() leaves only gid.
 */
static void
ident_groups(const struct sm_model *m, struct sm_ident *id)
{
	int r = -1;

	id->groups = NULL;
	id->ngroups = 0;
	if (id->name != NULL && !m->dont_init_groups)
		r = grp_db_list(m->groups, id->name, id->gid, &id->groups,
		    &id->ngroups);
	if (r < 0 || id->ngroups == 0) {
		free(id->groups);
		id->groups = xmalloc(sizeof(gid_t));
		id->groups[0] = id->gid;
		id->ngroups = 1;
	}
}

/*
 * The identities deliveries run as.  mailfile() (files), with the *file*
 * mailer's flags and U=: with F=S always its U= (else RunAsUser's ids)
 * and no initgroups(); otherwise the user unless it is root, else the
 * mailer's U=, else DefaultUser, the group likewise (an address with
 * DefUid and gid 0 is an alias: DefaultUser's group); last, uid or gid 0
 * become DefaultUser's -- files are never written as root.  openmailer()
 * (programs): the mailer's U= with F=S; else the user unless it is root;
 * else U=, else DefaultUser.  (A set-user-ID P= program would run as its
 * owner; smrsh is not one, and this is not modelled.)
 */
static void
delivery_identities(const struct sm_model *m, struct sm_recipient *u)
{
	struct sm_ident *f = &u->file_id, *p = &u->prog_id;

	if (m->file_specific) {
		f->name = NULL;
		f->uid = m->file_has_uid ? m->file_uid : m->runas_uid;
		f->gid = m->file_has_gid ? m->file_gid : m->runas_gid;
	} else {
		if (u->pw.uid != 0) {
			f->uid = u->pw.uid;
			f->name = u->pw.name;
		} else {
			f->uid = m->file_has_uid ? m->file_uid : m->def_uid;
			f->name = m->def_user;
		}
		if (u->pw.uid == m->def_uid && u->pw.gid == 0) {
			f->gid = m->def_gid;
			f->name = m->def_user;
		} else if (u->pw.uid != 0) {
			f->gid = u->pw.gid;
		} else {
			f->gid = m->file_has_gid ? m->file_gid : m->def_gid;
		}
	}
	/* "last ditch": SFF_ROOTOK is not set for file deliveries */
	if (f->uid == 0)
		f->uid = m->def_uid;
	if (f->gid == 0)
		f->gid = m->def_gid;
	ident_groups(m, f);

	if (m->prog_specific) {
		p->uid = m->prog_has_user ? m->prog_uid : 0;
		p->gid = m->prog_has_user ? m->prog_gid : 0;
		p->name = m->prog_has_user && m->prog_user ? m->prog_user :
		    "root";
	} else if (u->pw.uid != 0) {
		p->uid = u->pw.uid;
		p->gid = u->pw.gid;
		p->name = u->pw.name;
	} else if (m->prog_has_user) {
		p->uid = m->prog_uid;
		p->gid = m->prog_gid;
		p->name = m->prog_user ? m->prog_user : m->def_user;
	} else {
		p->uid = m->def_uid;
		p->gid = m->def_gid;
		p->name = m->def_user;
	}
	ident_groups(m, p);
}

void
sm_recipient_resolve(const struct sm_model *m, struct sm_recipient *u)
{
	u->bogus_shell = m->fi.check_shells &&
	    !shells_ok(m->shells, u->pw.name, u->pw.shell, m->cf->trusted_class);
	fi_ctl_init(&u->ctl, u->pw.name, u->pw.uid, u->bogus_shell);
	if (u->bogus_shell)
		u->ctl.bogus_why = xasprintf("the shell %s of %s is not in "
		    "/etc/shells%s", u->pw.shell, u->pw.name,
		    shells_from_file(m->shells) ? "" : " (missing: only "
		    "/bin/sh, /usr/bin/sh, /bin/csh and /usr/bin/csh count)");
	if (grp_db_list(m->groups, u->pw.name, u->pw.gid, &u->groups,
	    &u->ngroups) < 0) {
		u->groups = xmalloc(sizeof(gid_t));
		u->groups[0] = u->pw.gid;
		u->ngroups = 1;
	}
	delivery_identities(m, u);
}

/* ---------------------------------------------------------------------- */
/* recipient()'s refusal of program and file entries.                     */

static const char *
kind_word(enum fwd_kind k)
{
	return k == FWD_PROG ? "programs" : "files";
}

/*
 * recipient(): a program or file entry is refused when its controlling
 * address has a bad shell or was marked unsafe.  Returns true if refused.
 */
static bool
refused_by_ctl(const struct sm_model *m, const struct sm_source *src,
    enum fwd_kind kind, struct sm_refused *out)
{
	const struct fi_ctl *ctl = src->ctl;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (ctl->bogus_shell) {
		out->kind = SM_REFUSED_SHELL;
		if (ctl->ruser == NULL)
			out->bounce = xasprintf("550 5.7.1 UID %lu is an unknown "
			    "user: cannot mail to %s", (unsigned long)ctl->uid,
			    kind_word(kind));
		else
			out->bounce = xasprintf("550 5.7.1 User %s@%s doesn't have "
			    "a valid shell for mailing to %s", ctl->ruser, m->host,
			    kind_word(kind));
		out->why = xstrdup(ctl->bogus_why != NULL ? ctl->bogus_why :
		    "the user's shell is not in /etc/shells");
		return true;
	}
	if (!ctl->unsafe)
		return false;
	out->kind = SM_REFUSED_UNSAFE;
	for (i = 0; i < ctl->nunsafe; i++) {
		char *t = xasprintf("%s%s%s", out->why ? out->why : "",
		    out->why ? "; " : "", ctl->unsafe_why[i]);

		free(out->why);
		out->why = t;
	}
	if (out->why == NULL)
		out->why = xstrdup("");
	out->bounce = xasprintf("550 5.7.1 Address %s is unsafe for mailing "
	    "to %s", src->paddr, kind_word(kind));
	return true;
}

static void
refused_free(struct sm_refused *r)
{
	free(r->bounce);
	free(r->why);
	memset(r, 0, sizeof(*r));
}

/*
 * recipient()'s shell check without a model: the same test as
 * sm_recipient_resolve() and the bounce refused_by_ctl() words.
 */
bool
sm_shell_refuses_programs(int root_fd, bool real_root,
    const struct sendmail_cf *cf, const struct pw_copy *pw, char **bounce,
    struct sm_host *host, bool *shells_missing)
{
	struct shells *sh;
	bool ok;

	if (cf != NULL && cf->config_level <= 1)
		return false;
	sh = shells_load(root_fd);
	ok = shells_ok(sh, pw->name, pw->shell,
	    cf != NULL ? cf->trusted_class : NULL);
	if (!ok) {
		sm_host_find(root_fd, real_root, cf, host);
		*bounce = xasprintf("550 5.7.1 User %s@%s doesn't have a valid "
		    "shell for mailing to programs", pw->name, host->j);
		*shells_missing = !shells_from_file(sh);
	}
	shells_free(sh);
	return !ok;
}

/* ---------------------------------------------------------------------- */
/* Program entries.                                                        */

/*
 * The command words smrsh will look up, as written (before its basename
 * rule), in order: mirrors smrsh's loop without its checks, skipping the
 * "exec" prefix and the "exit"/"echo" built-ins.
 */
static size_t
written_commands(const char *cmd, char ***out)
{
	const char *q = cmd;
	char **v = NULL;
	size_t n = 0;

	for (;;) {
		const char *end, *p;
		size_t wl;

		while (*q != '\0' && isspace((unsigned char)*q))
			q++;
		if (*q == '\0')
			break;
		end = strpbrk(q, " \t");
		if (end == NULL)
			end = q + strlen(q);
		wl = (size_t)(end - q);
		if (wl == 4 && strncmp(q, "exec", 4) == 0 && *end != '\0') {
			q = end;
			continue;
		}
		if (!((wl == 4 && strncmp(q, "exit", 4) == 0) ||
		    (wl == 4 && strncmp(q, "echo", 4) == 0))) {
			v = xrealloc(v, (n + 1) * sizeof(char *));
			v[n++] = xstrndup(q, wl);
		}
		/* the next "&&" or "||" starts another command */
		for (p = end; *p != '\0'; p++) {
			unsigned char c = (unsigned char)*p & 0x7f;

			if (strchr("<|>^();&`$\r\n", c) != NULL && c != '\0')
				break;
		}
		if (*p == '\0')
			break;
		if ((p[0] == '&' && p[1] == '&') || (p[0] == '|' && p[1] == '|')) {
			q = p + 2;
			continue;
		}
		break;
	}
	*out = v;
	return n;
}

static bool
same_file(const struct sm_model *m, const char *a, const char *b)
{
	struct stat sa, sb;

	return root_stat(m, a, &sa) == 0 && root_stat(m, b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * smrsh dropping the directory of a written path is how it works: worth
 * a word only when the file it runs instead is another one (or the
 * written one does not exist).
 */
static void
path_differs(const struct sm_model *m, const char *command, struct sm_pipe *p)
{
	const struct smrsh_verdict *v = &p->verdict;
	char **written = NULL;
	size_t nw, i;

	nw = written_commands(command, &written);
	for (i = 0; i < nw && nw == v->nruns; i++) {
		struct stat st;
		struct sm_path_differs *d;

		if (strchr(written[i], '/') == NULL ||
		    strcmp(written[i], v->runs[i]) == 0 ||
		    same_file(m, written[i], v->runs[i]))
			continue;
		p->differs = xrealloc(p->differs,
		    (p->ndiffers + 1) * sizeof(*p->differs));
		d = &p->differs[p->ndiffers++];
		d->written = written[i];
		written[i] = NULL;
		d->runs = v->runs[i];
		d->exists = root_stat(m, d->written, &st) == 0;
	}
	for (i = 0; i < nw; i++)
		free(written[i]);
	free(written);
}

/* A-line "NAME -c $u": the mailer hands $u to a shell as one string. */
static bool
mailer_is_shell_c(const struct cf_mailer *m)
{
	return m->args != NULL && m->args[0] != NULL && m->args[1] != NULL &&
	    strcmp(m->args[1], "-c") == 0 && m->args[2] != NULL &&
	    strcmp(m->args[2], "$u") == 0 && m->args[3] == NULL;
}

int
sm_judge_command(const struct sendmail_cf *cf, struct smrsh_env *env,
    const char *command, struct sm_pipe *p)
{
	const struct cf_mailer *pm = cf != NULL ? &cf->prog : NULL;
	size_t i;
	int r;

	if (cf != NULL && !cf_prog_is_smrsh(cf)) {
		/* Not smrsh: nothing filters the line. */
		p->outcome = SM_PIPE_UNFILTERED;
		if (mailer_is_shell_c(pm))
			p->sh_c = command;
		return 0;
	}
	if (pm != NULL && pm->args != NULL && pm->args[0] != NULL)
		env->argv0 = pm->args[0];
	r = smrsh_judge(env, command, &p->verdict);
	if (r < 0)
		return r;
	p->sh_c = p->verdict.shell_command;
	if (!p->verdict.allowed) {
		p->outcome = SM_PIPE_SMRSH_REFUSES;
		return 0;
	}
	p->outcome = SM_PIPE_RUNS;
	for (i = 0; i < p->verdict.nwarnings; i++)
		p->runs_nothing |= p->verdict.warning_kinds[i] ==
		    SMRSH_WARN_NOTHING_RUNS;
	return 0;
}

void
sm_predict_pipe(const struct sm_model *m, const struct sm_recipient *u,
    const struct sm_source *src, const char *command, struct sm_pipe *p)
{
	struct smrsh_env env;
	int r;

	memset(p, 0, sizeof(*p));
	p->mailer = m->prog_path;
	p->uid = u->prog_id.uid;
	if (refused_by_ctl(m, src, FWD_PROG, &p->refused)) {
		p->outcome = SM_PIPE_REFUSED;
		return;
	}
	if (!m->smrsh) {
		(void)sm_judge_command(m->cf, NULL, command, p);
		return;
	}
	if (m->cmddir == NULL || m->cmddir[0] != '/') {
		p->outcome = SM_PIPE_NO_CMDDIR;
		return;
	}
	memset(&env, 0, sizeof(env));
	env.root_fd = m->root_fd;
	env.cmddir = m->cmddir;
	env.argv0 = m->argv0;
	env.uid = u->prog_id.uid;
	env.gid = u->prog_id.gid;
	env.groups = u->prog_id.groups;
	env.ngroups = u->prog_id.ngroups;
	env.protected_symlinks = m->protected_symlinks;
	env.cache = m->smrsh_walks;
	r = sm_judge_command(m->cf, &env, command, p);
	if (r < 0) {
		p->outcome = SM_PIPE_UNKNOWN;
		p->error = r;
		return;
	}
	if (p->outcome == SM_PIPE_RUNS)
		path_differs(m, command, p);
}

void
sm_pipe_free(struct sm_pipe *p)
{
	size_t i;

	refused_free(&p->refused);
	smrsh_verdict_free(&p->verdict);
	for (i = 0; i < p->ndiffers; i++)
		free(p->differs[i].written);
	free(p->differs);
	memset(p, 0, sizeof(*p));
}

/* ---------------------------------------------------------------------- */
/* File entries.                                                           */

void
sm_predict_file(const struct sm_model *m, const struct sm_recipient *u,
    const struct sm_source *src, const char *target, struct sm_file *p)
{
	const struct cf_mailer *fm = &m->cf->file_mailer;
	struct ft_ident id = { u->file_id.uid, u->file_id.gid, u->file_id.name,
	    u->file_id.groups, u->file_id.ngroups };
	struct ft_env env = m->ft;
	int r;

	memset(p, 0, sizeof(*p));
	p->id = u->file_id;
	if (refused_by_ctl(m, src, FWD_FILE, &p->refused)) {
		p->outcome = SM_FILE_REFUSED;
		return;
	}
	/* deliver() hands a [FILE] mailer's address to mailfile(); any other
	 * P= is run as a program */
	if (strcmp(fm->path, "[FILE]") != 0) {
		p->outcome = SM_FILE_NOT_FILE_MAILER;
		return;
	}
	/* the file name is A='s second word, $u being the entry and $z the
	 * home directory ("FILE $u" in the built-in mailer) */
	p->filename = sm_expand(m, target, u->pw.dir, fm->args[1],
	    strlen(fm->args[1]));
	if (p->filename[0] == '\0') {
		p->outcome = SM_FILE_EMPTY_NAME;
		return;
	}
	/* mailfile(): the mailer's /= (macros expanded) counts only without
	 * a SafeFileEnvironment */
	if (env.safe_file_env == NULL && fm->rootdir != NULL) {
		p->rootdir = sm_expand(m, target, u->pw.dir, fm->rootdir,
		    strlen(fm->rootdir));
		if (p->rootdir[0] != '/') {
			p->outcome = SM_FILE_ROOTDIR_RELATIVE;
			return;
		}
		env.rootdir = p->rootdir;
	}
	/* an unknown DefaultUser name leaves DefUid -1: setuid() fails */
	if (id.uid == (uid_t)-1 || id.gid == (gid_t)-1) {
		p->outcome = SM_FILE_BAD_IDENTITY;
		p->why = xasprintf("the delivery runs as uid %ld, gid %ld "
		    "(%s), which setgid()/setuid() refuse", (long)(int)id.uid,
		    (long)(int)id.gid, m->def_problem ? m->def_problem :
		    "DefaultUser");
		return;
	}
	r = ft_resolve(&env, p->filename, &id, &p->res);
	if (r < 0) {
		p->outcome = SM_FILE_UNKNOWN;
		p->error = r;
		return;
	}
	p->jail_word = p->res.by_rootdir ? "*file* mailer's root directory (/=)" :
	    "SafeFileEnvironment";
	if (p->res.devnull) {
		p->outcome = SM_FILE_DISCARDED;
	} else if (p->res.nreasons > 0) {
		size_t i;

		p->outcome = SM_FILE_FAILS;
		for (i = 0; i < p->res.nreasons; i++) {
			char *t = xasprintf("%s%s%s", p->why ? p->why : "",
			    p->why ? "; " : "", p->res.reasons[i]);

			free(p->why);
			p->why = t;
		}
	} else if (p->res.special != NULL) {
		p->outcome = SM_FILE_SPECIAL;
	} else {
		p->outcome = SM_FILE_WRITES;
	}
}

void
sm_file_free(struct sm_file *p)
{
	refused_free(&p->refused);
	free(p->filename);
	free(p->rootdir);
	free(p->why);
	if (p->outcome >= SM_FILE_DISCARDED)
		ft_result_free(&p->res);
	memset(p, 0, sizeof(*p));
}

char *
sm_file_flags_change(const struct sm_model *m, const struct fwd_entry *e)
{
	char *builtin;
	bool same;

	if (e->kind != FWD_FILE ||
	    (m->syn.file_stripq && m->syn.file_keepcase))
		return NULL;
	/* what the built-in mailer would have: e->user with F=u (the case
	 * as written) is not kept, so re-parse with the built-in's flags */
	{
		struct fwd_syntax syn = m->syn;
		struct fwd_entry b;
		size_t pos = 0;

		syn.file_stripq = syn.file_keepcase = true;
		if (fwd_next_entry(&syn, e->raw, &pos, &b) != 1)
			return NULL;
		builtin = b.target != NULL ? xstrdup(b.target) : NULL;
		fwd_entry_clear(&b);
	}
	same = builtin != NULL && strcmp(builtin, e->naive) == 0;
	free(builtin);
	if (!same)
		return NULL;
	if (!m->syn.file_stripq && !m->syn.file_keepcase)
		return xstrdup("has neither 's' nor 'u': the quotes stay and the "
		    "name is lowercased");
	if (!m->syn.file_stripq)
		return xstrdup("has no 's': the quotes stay in the file name");
	return xstrdup("has no 'u': the file name is lowercased");
}

/* ---------------------------------------------------------------------- */
/* `\user` and :include:.                                                  */

/*
 * `\user`: recipient() skips aliases and that user's .forward, and the
 * local mailer delivers to the mailbox (tested: `\bob` plus a pipe on one
 * line reached both).  Which mailer takes it and with what argv.
 */
void
sm_predict_local_copy(const struct sm_model *m, const char *user,
    struct sm_local_copy *p)
{
	const struct cf_mailer *lm = &m->cf->local;
	const char *base;
	size_t i;

	memset(p, 0, sizeof(*p));
	p->mailer = lm;
	if (lm->name == NULL) {
		p->no_mailer = true;
		return;
	}
	for (i = 0; lm->args != NULL && lm->args[i] != NULL; i++) {
		const char *w = strcmp(lm->args[i], "$u") == 0 ? user :
		    lm->args[i];
		char *t = xasprintf("%s%s%s", p->argv ? p->argv : "",
		    p->argv ? " " : "", w);

		free(p->argv);
		p->argv = t;
	}
	base = lm->path != NULL && strrchr(lm->path, '/') != NULL ?
	    strrchr(lm->path, '/') + 1 : lm->path != NULL ? lm->path : "";
	/* Debian's mail.local has /var/mail compiled in (strings). */
	if (strcmp(base, "mail.local") == 0)
		p->where = xasprintf(", which appends to /var/mail/%s", user);
	/* deliver(): an A= without $u makes the mailer speak (L)SMTP */
	for (i = 0; lm->args != NULL && lm->args[i] != NULL; i++)
		if (strcmp(lm->args[i], "$u") == 0)
			break;
	if (lm->args == NULL || lm->args[i] == NULL) {
		char *t = xasprintf(" (no $u in A=: it is handed %s over LMTP "
		    "or SMTP)%s", user, p->where != NULL ? p->where : "");

		free(p->where);
		p->where = t;
	}
}

void
sm_local_copy_free(struct sm_local_copy *p)
{
	free(p->argv);
	free(p->where);
	memset(p, 0, sizeof(*p));
}

/*
 * include() adopts the file's owner only without a controlling user
 * (tested), so an :include: named from a .forward runs as the .forward
 * user; recipient() accepted the owner's shell (include(): usershellok()
 * of the owner).
 */
bool
sm_include_foreign(const struct sm_model *m, const struct sm_recipient *r,
    const struct stat *st, bool *trusted)
{
	*trusted = st->st_uid == 0 ||
	    (m->fi.sf.trusted_uid != 0 && st->st_uid == m->fi.sf.trusted_uid);
	return st->st_uid != r->pw.uid;
}
