/* acl_attr.c -- see acl_attr.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acl/libacl.h>

#include "acl_attr.h"
#include "escape.h"
#include "names.h"
#include "util.h"

/* Ids handed to names we could not resolve (names == NULL): distinct, so
 * that acl_valid() still sees two different unknown users as two entries. */
#define PLACEHOLDER_ID 0x70000000u

/* A message quoting untrusted text (escaped); fmt has one %s. */
#define errf(fmt, raw) __extension__ ({				\
	char *e_ = escape_text(raw);					\
	char *m_ = xasprintf(fmt, e_);					\
	free(e_);							\
	m_;								\
})

static int
parse_perm(const char *s, unsigned *out)
{
	unsigned p = 0;
	size_t len = strlen(s);

	if (len == 0 || len > 3)
		return -1;
	for (; *s != '\0'; s++) {
		unsigned bit;

		switch (*s) {
		case 'r': bit = 4; break;
		case 'w': bit = 2; break;
		case 'x': bit = 1; break;
		case '-': continue;
		default: return -1;
		}
		if (p & bit)
			return -1;
		p |= bit;
	}
	*out = p;
	return 0;
}

/* A numeric id as setfacl accepts it; (uid_t)-1 is never a real id. */
static bool
parse_numeric_id(const char *s, unsigned *id)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v >= UINT_MAX)
		return false;
	*id = (unsigned)v;
	return true;
}

static bool
tag_is(const char *s, const char *abbrev, const char *full)
{
	return strcmp(s, abbrev) == 0 || strcmp(s, full) == 0;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct acl_ent *x = a, *y = b;

	if (x->tag != y->tag)
		return x->tag < y->tag ? -1 : 1;
	if (x->name != NULL && y->name != NULL)
		return strcmp(x->name, y->name);
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
set_base(int *slot, unsigned perm, const char *entry, char **err)
{
	if (*slot != ACL_PERM_UNSET) {
		*err = errf("entry '%s' given twice", entry);
		return -EINVAL;
	}
	*slot = (int)perm;
	return 0;
}

/* Add a named entry; rejects a second entry for the same user or group. */
static int
add_named(struct acl_spec *s, acl_tag_t tag, unsigned id, const char *name,
    unsigned perm, const char *entry, char **err)
{
	for (size_t i = 0; i < s->named.n; i++) {
		const struct acl_ent *o = &s->named.e[i];

		if (o->tag == tag && (name != NULL ? o->name != NULL &&
		    strcmp(o->name, name) == 0 : o->name == NULL && o->id == id)) {
			*err = errf("entry '%s' names a user or group a second time",
			    entry);
			return -EINVAL;
		}
	}
	s->named.e = xrealloc(s->named.e, (s->named.n + 1) * sizeof(*s->named.e));
	s->named.e[s->named.n++] = (struct acl_ent){ tag, id, perm, name };
	return 0;
}


/*
 * One entry.  `fields` is a scratch copy that we split in place (named
 * entries keep pointers into it); `entry` is the untouched text, for
 * messages.
 */
static int
parse_entry(struct acl_spec *s, char *fields, const char *entry,
    const struct names *names, char **err)
{
	char *f[4];
	int nf = 0;
	unsigned perm, id = 0;
	char *p = fields;

	while (nf < 4) {
		f[nf++] = p;
		p = strchr(p, ':');
		if (p == NULL)
			break;
		*p++ = '\0';
	}
	if (p != NULL || nf < 2)
		goto syntax;
	if (tag_is(f[0], "d", "default")) {
		*err = errf("'%s': default entries belong in default-acl=", entry);
		return -EINVAL;
	}
	if (tag_is(f[0], "m", "mask") || tag_is(f[0], "o", "other")) {
		/* setfacl takes both "m::rwx" and "m:rwx". */
		const char *ptext = nf == 3 ? f[2] : f[1];

		if ((nf == 3 && f[1][0] != '\0') || parse_perm(ptext, &perm) != 0)
			goto syntax;
		return set_base(f[0][0] == 'm' ? &s->mask : &s->other, perm, entry,
		    err);
	}
	if (!tag_is(f[0], "u", "user") && !tag_is(f[0], "g", "group"))
		goto syntax;
	bool user = f[0][0] == 'u';
	if (nf != 3 || parse_perm(f[2], &perm) != 0)
		goto syntax;
	if (f[1][0] == '\0')
		return set_base(user ? &s->user_obj : &s->group_obj, perm, entry,
		    err);
	/* Numbers are ids, as setfacl takes them; names are the root's. */
	const char *name = NULL;
	if (parse_numeric_id(f[1], &id)) {
		/* id set */
	} else if (names == NULL) {
		name = f[1];
		id = PLACEHOLDER_ID + (unsigned)s->named.n;
	} else if (user) {
		uid_t uid;
		if (names_uid(names, f[1], &uid) < 0) {
			*err = errf("unknown user '%s'", f[1]);
			return -ENOENT;
		}
		id = (unsigned)uid;
	} else {
		gid_t gid;
		if (names_gid(names, f[1], &gid) < 0) {
			*err = errf("unknown group '%s'", f[1]);
			return -ENOENT;
		}
		id = (unsigned)gid;
	}
	return add_named(s, user ? ACL_USER : ACL_GROUP, id, name, perm, entry,
	    err);
syntax:
	*err = errf("'%s' is not an ACL entry (TAG:QUALIFIER:PERMS as setfacl "
	    "writes them, e.g. u:mail:rwx)", entry);
	return -EINVAL;
}

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

int
acl_spec_parse(const char *text, const struct names *names,
    struct acl_spec *out, char **err)
{
	struct acl_spec s = { .user_obj = ACL_PERM_UNSET,
	    .group_obj = ACL_PERM_UNSET, .mask = ACL_PERM_UNSET,
	    .other = ACL_PERM_UNSET };
	char *copy, *save = NULL, *tok;
	int r = 0;

	*err = NULL;
	if (strcmp(text, "none") == 0) {
		s.none = true;
		*out = s;
		return 0;
	}
	/* Split on ','; an empty entry (",,", a trailing ',') is an error. */
	size_t len = strlen(text);
	if (len == 0 || text[0] == ',' || text[len - 1] == ',' ||
	    strstr(text, ",,") != NULL) {
		*err = errf("'%s': empty ACL entry", text);
		return -EINVAL;
	}
	s.buf = xmalloc(len + 1);
	copy = xstrdup(text);
	size_t used = 0;
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		char *entry = trim(tok);
		/* The fields live in s.buf, which outlives this call. */
		char *fields = s.buf + used;

		memcpy(fields, entry, strlen(entry) + 1);
		used += strlen(entry) + 1;
		if (*entry == '\0') {
			*err = errf("'%s': empty ACL entry", text);
			r = -EINVAL;
			break;
		}
		r = parse_entry(&s, fields, entry, names, err);
		if (r < 0)
			break;
	}
	free(copy);
	if (r < 0) {
		acl_spec_free(&s);
		return r;
	}
	if (s.named.n > 1)
		qsort(s.named.e, s.named.n, sizeof(*s.named.e), ent_cmp);
	*out = s;
	return 0;
}

void
acl_spec_free(struct acl_spec *s)
{
	free(s->named.e);
	free(s->buf);
	s->named.e = NULL;
	s->named.n = 0;
	s->buf = NULL;
}

bool
acl_spec_extended(const struct acl_spec *s)
{
	return !s->none && (s->named.n > 0 || s->mask != ACL_PERM_UNSET);
}

unsigned
acl_spec_mask(const struct acl_spec *s, unsigned group_obj)
{
	unsigned m = group_obj;

	if (s->mask != ACL_PERM_UNSET)
		return (unsigned)s->mask;
	/* acl_calc_mask(): the union of everything in the group class. */
	for (size_t i = 0; i < s->named.n; i++)
		m |= s->named.e[i].perm;
	return m;
}

static void
push(struct acl_list *l, acl_tag_t tag, unsigned id, unsigned perm,
    const char *name)
{
	l->e = xrealloc(l->e, (l->n + 1) * sizeof(*l->e));
	l->e[l->n++] = (struct acl_ent){ tag, id, perm & 7, name };
}

void
acl_spec_complete(const struct acl_spec *s, unsigned base_u, unsigned base_g,
    unsigned base_o, struct acl_list *out)
{
	unsigned u = s->user_obj != ACL_PERM_UNSET ? (unsigned)s->user_obj : base_u;
	unsigned g = s->group_obj != ACL_PERM_UNSET ? (unsigned)s->group_obj : base_g;
	unsigned o = s->other != ACL_PERM_UNSET ? (unsigned)s->other : base_o;

	out->e = NULL;
	out->n = 0;
	push(out, ACL_USER_OBJ, 0, u, NULL);
	for (size_t i = 0; i < s->named.n; i++)
		if (s->named.e[i].tag == ACL_USER)
			push(out, ACL_USER, s->named.e[i].id, s->named.e[i].perm,
			    s->named.e[i].name);
	push(out, ACL_GROUP_OBJ, 0, g, NULL);
	for (size_t i = 0; i < s->named.n; i++)
		if (s->named.e[i].tag == ACL_GROUP)
			push(out, ACL_GROUP, s->named.e[i].id, s->named.e[i].perm,
			    s->named.e[i].name);
	if (acl_spec_extended(s))
		push(out, ACL_MASK, 0, acl_spec_mask(s, g), NULL);
	push(out, ACL_OTHER, 0, o, NULL);
}

int
acl_list_from_acl(acl_t acl, struct acl_list *out)
{
	acl_entry_t ent;
	int r;

	out->e = NULL;
	out->n = 0;
	for (r = acl_get_entry(acl, ACL_FIRST_ENTRY, &ent); r == 1;
	    r = acl_get_entry(acl, ACL_NEXT_ENTRY, &ent)) {
		acl_tag_t tag;
		acl_permset_t ps;
		unsigned id = 0, perm = 0;

		if (acl_get_tag_type(ent, &tag) != 0 || acl_get_permset(ent, &ps) != 0)
			goto fail;
		if (tag == ACL_USER || tag == ACL_GROUP) {
			/* uid_t and gid_t are both 32-bit unsigned on Linux. */
			unsigned *q = acl_get_qualifier(ent);
			if (q == NULL)
				goto fail;
			id = *q;
			acl_free(q);
		}
		if (acl_get_perm(ps, ACL_READ) == 1)
			perm |= 4;
		if (acl_get_perm(ps, ACL_WRITE) == 1)
			perm |= 2;
		if (acl_get_perm(ps, ACL_EXECUTE) == 1)
			perm |= 1;
		push(out, tag, id, perm, NULL);
	}
	if (r < 0)
		goto fail;
	if (out->n > 1)
		qsort(out->e, out->n, sizeof(*out->e), ent_cmp);
	return 0;
fail:
	r = -errno;
	acl_list_free(out);
	return r < 0 ? r : -EINVAL;
}

acl_t
acl_list_to_acl(const struct acl_list *l)
{
	acl_t acl = acl_init((int)l->n);

	if (acl == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct acl_ent *x = &l->e[i];
		acl_entry_t ent;
		acl_permset_t ps;
		unsigned id = x->id;

		if (acl_create_entry(&acl, &ent) != 0 ||
		    acl_set_tag_type(ent, x->tag) != 0 ||
		    ((x->tag == ACL_USER || x->tag == ACL_GROUP) &&
		    acl_set_qualifier(ent, &id) != 0) ||
		    acl_get_permset(ent, &ps) != 0 || acl_clear_perms(ps) != 0 ||
		    ((x->perm & 4) && acl_add_perm(ps, ACL_READ) != 0) ||
		    ((x->perm & 2) && acl_add_perm(ps, ACL_WRITE) != 0) ||
		    ((x->perm & 1) && acl_add_perm(ps, ACL_EXECUTE) != 0) ||
		    acl_set_permset(ent, ps) != 0) {
			int saved = errno;
			acl_free(acl);
			errno = saved;
			return NULL;
		}
	}
	return acl;
}

int
acl_list_perm(const struct acl_list *l, acl_tag_t tag)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].tag == tag)
			return (int)l->e[i].perm;
	return ACL_PERM_UNSET;
}

bool
acl_list_extended(const struct acl_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].tag == ACL_USER || l->e[i].tag == ACL_GROUP ||
		    l->e[i].tag == ACL_MASK)
			return true;
	return false;
}

/* The permission `l` gives the principal of `e` (0 when none). */
static unsigned
granted(const struct acl_list *l, const struct acl_ent *e)
{
	int p;

	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].tag == e->tag && l->e[i].id == e->id)
			return l->e[i].perm;
	if (e->tag == ACL_MASK &&
	    (p = acl_list_perm(l, ACL_GROUP_OBJ)) != ACL_PERM_UNSET)
		return (unsigned)p;
	return 0;
}

bool
acl_list_widens(const struct acl_list *want, const struct acl_list *have)
{
	for (size_t i = 0; i < want->n; i++)
		if ((want->e[i].perm & ~granted(have, &want->e[i]) & 7) != 0)
			return true;
	return false;
}

void
acl_list_chmod(struct acl_list *l, mode_t mode)
{
	bool mask = acl_list_perm(l, ACL_MASK) != ACL_PERM_UNSET;

	for (size_t i = 0; i < l->n; i++) {
		struct acl_ent *e = &l->e[i];
		if (e->tag == ACL_USER_OBJ)
			e->perm = (mode >> 6) & 7;
		else if (e->tag == (mask ? ACL_MASK : ACL_GROUP_OBJ))
			e->perm = (mode >> 3) & 7;
		else if (e->tag == ACL_OTHER)
			e->perm = mode & 7;
	}
}

bool
acl_list_equal(const struct acl_list *a, const struct acl_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->e[i].tag != b->e[i].tag || a->e[i].id != b->e[i].id ||
		    a->e[i].perm != b->e[i].perm)
			return false;
	return true;
}

void
acl_perm_text(unsigned perm, char buf[4])
{
	buf[0] = (perm & 4) ? 'r' : '-';
	buf[1] = (perm & 2) ? 'w' : '-';
	buf[2] = (perm & 1) ? 'x' : '-';
	buf[3] = '\0';
}

char *
acl_list_text(const struct acl_list *l, const struct names *names)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	if (l->n == 0)
		return xstrdup("none");
	f = open_memstream(&out, &len);
	if (f == NULL)
		return xstrdup("?");
	for (size_t i = 0; i < l->n; i++) {
		const struct acl_ent *x = &l->e[i];
		const char *tag, *name = NULL;
		char perm[4], num[16] = "";

		switch (x->tag) {
		case ACL_USER_OBJ: tag = "u"; break;
		case ACL_USER: tag = "u"; break;
		case ACL_GROUP_OBJ: tag = "g"; break;
		case ACL_GROUP: tag = "g"; break;
		case ACL_MASK: tag = "m"; break;
		case ACL_OTHER: tag = "o"; break;
		default: tag = "?"; break;
		}
		if (x->tag == ACL_USER || x->tag == ACL_GROUP) {
			name = x->name;
			if (name == NULL && names != NULL)
				name = x->tag == ACL_USER ? names_user(names, x->id) :
				    names_group(names, x->id);
			if (name == NULL) {
				snprintf(num, sizeof(num), "%u", x->id);
				name = num;
			}
		}
		acl_perm_text(x->perm, perm);
		fprintf(f, "%s%s:%s:%s", i > 0 ? "," : "", tag, name ? name : "", perm);
	}
	if (fclose(f) != 0 || out == NULL) {
		free(out);
		return xstrdup("?");
	}
	return out;
}

void
acl_list_free(struct acl_list *l)
{
	free(l->e);
	l->e = NULL;
	l->n = 0;
}
