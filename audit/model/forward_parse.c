/*
 * forward_parse.c -- see forward_parse.h.
 *
 * prescan() and cataddr() are reproduced as state tables, because their
 * exact behaviour (where a token breaks, which tokens count as "words") is
 * what decides where BlankSub lands.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "forward_parse.h"
#include "util.h"

void
fwd_reader_init(struct fwd_reader *r, const char *buf, size_t len)
{
	r->buf = buf;
	r->len = len;
	r->pos = 0;
	r->lineno = 0;
}

int
fwd_reader_next(struct fwd_reader *r, char out[FWD_MAXLINE], bool *cut)
{
	size_t n = 0;
	char *nl;

	*cut = false;
	if (r->pos >= r->len)
		return 0;
	while (r->pos < r->len && n < FWD_MAXLINE - 1) {
		out[n++] = r->buf[r->pos++];
		if (out[n - 1] == '\n')
			break;
	}
	out[n] = '\0';
	/* a newline left for the next fgets() is an empty line, not a cut */
	if (out[n - 1] != '\n' && r->pos < r->len && r->buf[r->pos] != '\n')
		*cut = true;
	r->lineno++;
	/* fixcrlf(buf, true): only a newline (and a CR right before it) go */
	nl = strchr(out, '\n');
	if (nl != NULL) {
		if (nl > out && nl[-1] == '\r')
			nl--;
		*nl = '\0';
	}
	return 1;
}

bool
fwd_line_prepare(char *line)
{
	char *p;

	if (line[0] == '#' || line[0] == '\0')
		return false;
	/* "<sp>#@#" starts a comment anywhere (Japanese character sets) */
	for (p = line; (p = strchr(p + 1, '#')) != NULL;) {
		if (p[1] == '@' && p[2] == '#' &&
		    isascii((unsigned char)p[-1]) &&
		    isspace((unsigned char)p[-1]) &&
		    (p[3] == '\0' || isspace((unsigned char)p[3]))) {
			--p;
			while (p > line && isascii((unsigned char)p[-1]) &&
			    isspace((unsigned char)p[-1]))
				--p;
			p[0] = '\0';
			break;
		}
	}
	return line[0] != '\0';
}

char *
fwd_stripquotes(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *q = out;
	char c;

	do {
		c = *s++;
		if (c == '\\') {
			c = *s++;	/* may be the NUL: then the copy ends */
		} else if (c == '"') {
			continue;
		}
		*q++ = c;
	} while (c != '\0');
	return out;
}

/* prescan()'s character classes and state machine */
enum { OPR, ATM, QST, SPC, ONE, ILL };
#define ST_TYPE 017
#define ST_M 020	/* meta: the character is not stored */
#define ST_B 040	/* break: the token ends */

static const short state_tab[6][6] = {
	/*          OPR          ATM          QST          SPC              ONE          ILL */
	/*OPR*/ { OPR | ST_B, ATM | ST_B, QST | ST_B, SPC | ST_M | ST_B, ONE | ST_B, ILL | ST_M | ST_B },
	/*ATM*/ { OPR | ST_B, ATM,        QST | ST_B, SPC | ST_M | ST_B, ONE | ST_B, ILL | ST_M | ST_B },
	/*QST*/ { QST,        QST,        OPR,        QST,              QST,        QST },
	/*SPC*/ { OPR,        ATM,        QST,        SPC | ST_M,       ONE,        ILL | ST_M | ST_B },
	/*ONE*/ { OPR,        OPR,        OPR,        OPR,              OPR,        ILL | ST_M | ST_B },
	/*ILL*/ { OPR | ST_B, ATM | ST_B, QST | ST_B, SPC | ST_M | ST_B, ONE | ST_B, ILL | ST_M },
};

/* sendmail's built-in word delimiters, always operators */
#define DELIMCHARS "()<>,;\r\n"

struct tables {
	unsigned char ext[256];	/* ExtTokenTab: how input is tokenised */
	unsigned char in[256];	/* IntTokenTab: what cataddr() calls a word */
};

static void
build_tables(const struct fwd_syntax *syn, struct tables *t)
{
	/* prescan()'s fallback when sendmail.cf leaves OperatorChars unset */
	const char *ops = syn->operators ? syn->operators : ".:@[]";
	int c;

	for (c = 0; c < 256; c++) {
		t->ext[c] = ATM;
		t->in[c] = ATM;
	}
	for (c = '\t'; c <= '\r'; c++)
		t->ext[c] = t->in[c] = SPC;
	t->ext[' '] = t->in[' '] = SPC;
	t->ext['"'] = t->in['"'] = QST;
	t->ext['('] = t->in['('] = SPC;
	t->ext[')'] = t->in[')'] = SPC;
	/*
	 * Bytes 0x80-0x9f are sendmail's internal meta characters: in
	 * IntTokenTab they are operators (a few "one character" tokens).
	 */
	for (c = 0x80; c < 0xa0; c++)
		t->in[c] = OPR;
	t->in[0x82] = t->in[0x93] = t->in[0x94] = t->in[0x95] = ONE;
	t->in[0xff] = ONE;
	for (; *ops != '\0'; ops++) {
		unsigned char u = (unsigned char)*ops;

		if (t->ext[u] == ATM)
			t->ext[u] = OPR;
		if (t->in[u] == ATM)
			t->in[u] = OPR;
	}
	for (ops = DELIMCHARS; *ops != '\0'; ops++) {
		unsigned char u = (unsigned char)*ops;

		if (t->ext[u] == ATM)
			t->ext[u] = OPR;
		if (t->in[u] == ATM)
			t->in[u] = OPR;
	}
}

/*
 * The tables for the OperatorChars last asked for: a .forward line holds
 * up to a thousand entries, all read with the same syntax, and building
 * the tables for each cost more than parsing it.
 */
static const struct tables *
tables_for(const struct fwd_syntax *syn)
{
	static struct tables tab;
	static char *ops;	/* what tab was built for; NULL: not built */
	static bool ops_default;

	if (ops != NULL && ops_default == (syn->operators == NULL) &&
	    (syn->operators == NULL || strcmp(ops, syn->operators) == 0))
		return &tab;
	free(ops);
	ops = xstrdup(syn->operators != NULL ? syn->operators : "");
	ops_default = syn->operators == NULL;
	build_tables(syn, &tab);
	return &tab;
}

#define NOCHAR (-1)
#define MAXATOM 1000
#define PSBUFSIZE (FWD_MAXNAME + MAXATOM)

struct tokens {
	char **v;
	size_t n;
	bool comments;		/* a (comment) was dropped */
};

static void
tokens_free(struct tokens *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

static void
set_error(char **err, const char *msg)
{
	if (*err == NULL)
		*err = xstrdup(msg);
}

/*
 * prescan(addr, ','): tokens of the address starting at addr; *end is set
 * to the delimiter (or the terminating NUL).  Returns false when sendmail's
 * prescan() returns NULL (no token, or a limit exceeded).
 */
static bool
prescan(const struct tables *tab, const char *addr, const char **end,
    struct tokens *toks, char **err)
{
	char buf[PSBUFSIZE];
	char *q = buf, *tok;
	const char *p = addr;
	bool bslash = false, route = false;
	int cmnt = 0, angle = 0, state = ATM, newstate, c = NOCHAR;
	const int delim = ',';

	toks->v = NULL;
	toks->n = 0;
	toks->comments = false;
	do {
		tok = q;
		for (;;) {
			if (c != NOCHAR && !bslash) {
				if (q >= &buf[PSBUFSIZE - 5])
					goto toolong;
				if ((char)c == (char)-1)
					c &= 0x7f;
				*q++ = (char)c;
			}
			c = *p++ & 0xff;
			if (c == '\0') {
				if (state == QST) {
					set_error(err, "553 Unbalanced '\"'");
					c = '"';
				} else if (cmnt > 0) {
					set_error(err, "553 Unbalanced '('");
					c = ')';
				} else if (angle > 0) {
					c = '>';
					set_error(err, "553 Unbalanced '<'");
				} else {
					break;
				}
				p--;
			} else if (c == delim && cmnt <= 0 && state != QST) {
				if (angle <= 0)
					break;
				if (!route) {
					set_error(err, "553 Unbalanced '<'");
					c = '>';
					p--;
				}
			}
			*q = '\0';
			if (bslash) {
				bslash = false;
				if (cmnt > 0) {
					c = NOCHAR;
					continue;
				} else if (c != '!' || state == QST) {
					if (q >= &buf[PSBUFSIZE - 5])
						goto toolong;
					*q++ = '\\';
					continue;
				}
			}
			if (c == '\\') {
				bslash = true;
			} else if (state == QST) {
				;
			} else if (c == '(' && tab->ext['('] == SPC) {
				cmnt++;
				toks->comments = true;
				c = NOCHAR;
			} else if (c == ')' && tab->ext['('] == SPC) {
				if (cmnt <= 0) {
					set_error(err, "553 Unbalanced ')'");
					c = NOCHAR;
				} else {
					cmnt--;
				}
			} else if (cmnt > 0) {
				c = NOCHAR;
			} else if (c == '<') {
				const char *ptr = p;

				angle++;
				while (isspace((unsigned char)*ptr))
					ptr++;
				if (*ptr == '@')
					route = true;
			} else if (c == '>') {
				if (angle <= 0) {
					set_error(err, "553 Unbalanced '>'");
					c = NOCHAR;
				} else {
					angle--;
				}
				route = false;
			}
			if (c == NOCHAR)
				continue;
			if (c == delim && angle <= 0 && state != QST)
				break;
			newstate = state_tab[state][tab->ext[c & 0xff]];
			state = newstate & ST_TYPE;
			if (state == ILL) {
				char m[64];

				snprintf(m, sizeof(m), "553 Illegal character 0x%02x",
				    c & 0xff);
				set_error(err, m);
			}
			if (newstate & ST_M)
				c = NOCHAR;
			if (newstate & ST_B)
				break;
		}
		if (tok != q) {
			if (q >= &buf[PSBUFSIZE - 5])
				goto toolong;
			*q++ = '\0';
			if (toks->n >= MAXATOM) {
				set_error(err, "553 5.1.0 prescan: too many tokens");
				goto null;
			}
			if (strlen(tok) > FWD_MAXNAME) {
				set_error(err, "553 5.1.0 prescan: token too long");
				goto null;
			}
			toks->v = xrealloc(toks->v, (toks->n + 1) * sizeof(char *));
			toks->v[toks->n++] = xstrdup(tok);
		}
	} while (c != '\0' && (c != delim || angle > 0));
	*end = p > addr ? p - 1 : p;
	return toks->n > 0;

toolong:
	set_error(err, "553 5.1.1 Address too long");
null:
	/* sendmail resumes right here: the rest is parsed as a new address */
	*end = p > addr ? p - 1 : p;
	tokens_free(toks);
	return false;
}

/*
 * cataddr(): glue tokens, putting `sub` between two tokens that both begin
 * with a word character (IntTokenTab ATM).  sub == 0: no separator.
 */
static char *
cataddr(const struct tables *tab, char **v, size_t n, char sub, bool *subbed)
{
	size_t i, len = 1;
	bool prev = false, cur;
	char *out, *q;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	out = q = xmalloc(len);
	for (i = 0; i < n; i++) {
		cur = tab->in[(unsigned char)v[i][0]] == ATM;
		if (prev && cur && sub != '\0') {
			*q++ = sub;
			if (subbed != NULL)
				*subbed = true;
		}
		q = stpcpy(q, v[i]);
		prev = cur;
	}
	*q = '\0';
	return out;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (isascii((unsigned char)*s) && isupper((unsigned char)*s))
			*s = (char)tolower((unsigned char)*s);
}

/*
 * invalidaddr(): sendmail refuses an address of MAXNAME bytes or more, and
 * (without EightBitAddrOK) one with bytes 0x80-0x9f.
 */
static bool
invalid_addr(const char *raw, char **err)
{
	size_t len = strlen(raw), i;
	char *m;

	if (len > FWD_MAXNAME - 1) {
		m = xasprintf("553 5.1.0 Address \"%.*s\" too long (%d bytes max)",
		    FWD_MAXNAME - 1, raw, FWD_MAXNAME - 1);
		set_error(err, m);
		free(m);
		return true;
	}
	for (i = 0; i < len; i++) {
		if (((unsigned char)raw[i] & 0340) == 0200) {
			m = xasprintf("501 5.1.3 8-bit character in mailbox address \"%s\"",
			    raw);
			set_error(err, m);
			free(m);
			return true;
		}
	}
	return false;
}

/* hasctrlchar(q_user): why sendmail marks the parsed address bad, or NULL. */
static const char *
ctrl_problem(const char *s)
{
	bool quoted = false;
	const char *why = NULL;

	for (; *s != '\0'; s++) {
		unsigned char u = (unsigned char)*s;

		if (!quoted && (u < 32 || u == 127)) {
			why = "non-printable character";
			continue;
		}
		if (u == '"') {
			quoted = !quoted;
		} else if (u == '\\') {
			if (*++s == '\0')
				return "trailing \\ character";
			u = (unsigned char)*s;
		}
		if ((u & 0340) == 0200) {
			why = "8-bit character";
			continue;
		}
	}
	if (quoted)
		why = "unbalanced quote";
	return why;
}

/* Scan what was written for the mistakes the audit reports. */
static void
scan_raw(struct fwd_entry *e)
{
	const char *s = e->raw;
	bool quoted = false, esc = false;
	int paren = 0;
	size_t i, last_word = 0;
	bool blank_seen = false;

	e->starts_comment = s[0] == '#';
	{
		const char *t = s[0] == '"' ? s + 1 : s;

		e->looks_special = t[0] == '|' || t[0] == '/' ||
		    strncasecmp(t, ":include:", 9) == 0;
	}
	/* the end of the last non-blank character */
	for (i = 0; s[i] != '\0'; i++)
		if (!isspace((unsigned char)s[i]))
			last_word = i;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		if (esc) {
			esc = false;
			continue;
		}
		if (c == '\\') {
			esc = true;
			continue;
		}
		if (quoted) {
			if (c == '"')
				quoted = false;
			continue;
		}
		if (c == '"') {
			quoted = true;
		} else if (c == '(') {
			paren++;
		} else if (c == ')') {
			if (paren > 0)
				paren--;
		} else if (paren > 0) {
			;
		} else if (isspace(c)) {
			if (i < last_word)
				blank_seen = true;
		} else if (c == '#' && i > 0 && isspace((unsigned char)s[i - 1])) {
			e->glued_comment = true;
		}
	}
	e->unquoted_space = blank_seen;
}

/* The naive reading of e->raw (see forward_parse.h). */
static char *
naive_target(const struct fwd_entry *e)
{
	char *copy = xstrdup(e->raw), *s, *t;
	size_t n = strlen(copy);

	/* a trailing "(comment)" is a comment to the reader too */
	while (n > 0 && copy[n - 1] == ')') {
		char *open = strrchr(copy, '(');

		if (open == NULL)
			break;
		*open = '\0';
		n = strlen(copy);
		while (n > 0 && isspace((unsigned char)copy[n - 1]))
			copy[--n] = '\0';
	}
	s = fwd_stripquotes(copy);
	free(copy);
	if (e->kind == FWD_PROG) {
		t = xstrdup(s[0] == '|' ? s + 1 : s);
	} else if (e->kind == FWD_INCLUDE && strncasecmp(s, ":include:", 9) == 0) {
		char *p = s + 9;

		while (isspace((unsigned char)*p))
			p++;
		t = xstrdup(p);
	} else {
		t = xstrdup(s);
	}
	free(s);
	return t;
}

/* Is token t the one-character operator c? */
static bool
tok_is(const char *t, char c)
{
	return t[0] == c && t[1] == '\0';
}

/*
 * What ruleset 3 of the m4-generated rulesets (proto.m4's canonify) makes
 * of the tokens, as far as it decides the mailer -- checked against
 * Debian's sendmail -bt:
 *  - text inside <...> is the address, and nothing below is done to it;
 *  - otherwise an unquoted ':' is list/group syntax and everything up to
 *    the first one is dropped ("|vacation:x" is the local user x), unless
 *    the address starts with ":include:" or holds "::" (DECnet) or
 *    "[IPv6:"; then trailing ';'s go; nothing left is the "List:; syntax"
 *    error; a route "@host:" in front is pruned;
 *  - the last '@' sends it to the host after it; else the first '!' (a
 *    UUCP path) to the host before it; else the last '%' (the percent
 *    hack) to the host after it.
 * Fills the token range [*from, *to) of the address, the index of that
 * '@', '!' or '%' (*op_at, -1 if none) and which one it is (*op); returns
 * the error sendmail gives when nothing usable is left, else NULL.
 */
static const char *
canonify(char **v, size_t n, size_t *from, size_t *to, long *op_at,
    char *op, bool *list_syntax)
{
	size_t i, open = n;
	bool angle = false, keep;

	*from = 0;
	*to = n;
	*op_at = -1;
	*op = '\0';
	*list_syntax = false;
	for (i = 0; i < n; i++) {
		if (tok_is(v[i], '<') && open == n) {
			open = i;
		} else if (tok_is(v[i], '>') && open != n) {
			*from = open + 1;
			*to = i;
			angle = true;
			break;
		}
	}
	if (!angle && n > 0 && tok_is(v[0], '@')) {
		/* a route "@host:addr": the route is pruned */
		for (i = 0; i < n; i++)
			if (tok_is(v[i], ':')) {
				*from = i + 1;
				break;
			}
		if (*from == *to)
			return "553 5.1.3 User address required";
	} else if (!angle) {
		keep = false;
		if (n >= 3 && tok_is(v[0], ':') && strcasecmp(v[1], "include") == 0 &&
		    tok_is(v[2], ':'))
			keep = true;
		for (i = 0; i + 1 < n; i++) {
			if (tok_is(v[i], ':') && tok_is(v[i + 1], ':'))
				keep = true;
			if (i + 2 < n && tok_is(v[i], '[') &&
			    strcasecmp(v[i + 1], "IPv6") == 0 && tok_is(v[i + 2], ':'))
				keep = true;
		}
		for (i = 0; i < n && !keep; i++) {
			if (tok_is(v[i], ':')) {
				*from = i + 1;
				*list_syntax = true;
				break;
			}
		}
		while (*to > *from && tok_is(v[*to - 1], ';'))
			(*to)--;
		if (*to == *from)
			return "553 5.1.3 List:; syntax illegal for recipient "
			    "addresses";
	}
	for (i = *from; i < *to; i++)
		if (tok_is(v[i], '@')) {
			*op_at = (long)i;
			*op = '@';
		}
	/* "$+ ! $+": a word on either side of the first such '!' */
	for (i = *from + 1; *op_at < 0 && i + 1 < *to; i++)
		if (tok_is(v[i], '!')) {
			*op_at = (long)i;
			*op = '!';
			return NULL;
		}
	for (i = *from; *op_at < 0 && i < *to; i++)
		if (tok_is(v[i], '%')) {
			*op_at = (long)i;
			*op = '%';
		}
	for (i = (size_t)(*op_at + 1); *op == '%' && i < *to; i++)
		if (tok_is(v[i], '%'))
			*op_at = (long)i;
	if (*op_at >= 0 && (size_t)*op_at + 1 == *to)
		return "553 5.1.3 Hostname required";
	if (*op_at >= 0 && (size_t)*op_at == *from)
		return "553 5.1.3 User address required";
	return NULL;
}

int
fwd_next_entry(const struct fwd_syntax *syn, const char *line, size_t *pos,
    struct fwd_entry *e)
{
	const struct tables *tab;
	struct tokens toks;
	const char *start, *end;
	size_t from, to;
	long at;
	char op;
	bool ok, list_syntax;

	memset(e, 0, sizeof(*e));
	start = line + *pos;
	while (isspace((unsigned char)*start) || *start == ',')
		start++;
	if (*start == '\0') {
		*pos = (size_t)(start - line);
		return 0;
	}
	tab = tables_for(syn);
	ok = prescan(tab, start, &end, &toks, &e->error);
	e->offset = (size_t)(start - line);
	e->raw = xstrndup(start, (size_t)(end - start));
	*pos = (size_t)(end - line);
	e->comments_dropped = toks.comments;
	if (!ok || invalid_addr(e->raw, &e->error)) {
		e->dropped = true;
		e->kind = FWD_BAD;
	}
	/* what invalidaddr() measured includes trailing blanks; reports don't */
	{
		size_t n = strlen(e->raw);

		while (n > 0 && isspace((unsigned char)e->raw[n - 1]))
			e->raw[--n] = '\0';
	}
	scan_raw(e);
	if (e->dropped) {
		tokens_free(&toks);
		return 1;
	}

	{
		const char *why = canonify(toks.v, toks.n, &from, &to, &at, &op,
		    &list_syntax);

		if (why != NULL) {
			/* "a:", "x@": nothing usable is left of the address */
			tokens_free(&toks);
			set_error(&e->error, why);
			e->kind = FWD_BAD;
			return 1;
		}
	}
	e->list_syntax = list_syntax;
	e->remote_op = op;
	if (at >= 0 && op == '!') {
		/* "$- ! $+" is host.UUCP, "$+ . $- ! $+" a domain as it is */
		size_t b = (size_t)at;
		bool domain = b >= from + 3 && tok_is(toks.v[b - 2], '.');
		char *host = cataddr(tab, toks.v + from, b - from,
		    syn->blank_sub, NULL);

		e->kind = FWD_REMOTE;
		e->user = cataddr(tab, toks.v + b + 1, to - b - 1,
		    syn->blank_sub, &e->blanksub);
		e->target = domain ? host : xasprintf("%s.UUCP", host);
		if (!domain)
			free(host);
	} else if (at >= 0) {
		e->kind = FWD_REMOTE;
		e->user = cataddr(tab, toks.v + from, (size_t)at - from,
		    syn->blank_sub, &e->blanksub);
		e->target = cataddr(tab, toks.v + at + 1,
		    to - (size_t)at - 1, '\0', NULL);
	} else {
		char *plain = cataddr(tab, toks.v + from, to - from, ' ', NULL);
		const char *p = plain[0] == '"' ? plain + 1 : plain;
		bool keepcase = syn->local_keepcase;

		e->kind = FWD_LOCAL;
		if (*p == '|' && syn->local_prog) {
			e->kind = FWD_PROG;
			keepcase = syn->prog_keepcase;
		} else if (*p == '/' && syn->local_file) {
			e->kind = FWD_FILE;
			/* buildaddr() lowercases by the mailer it switched to */
			keepcase = syn->file_keepcase;
		} else if (*p == ':' && syn->local_include) {
			char *s = fwd_stripquotes(plain);

			if (strncasecmp(s, ":include:", 9) == 0) {
				e->kind = FWD_INCLUDE;
				e->user = xstrdup(s);
				e->target = xstrdup(s + 9);
			}
			free(s);
		}
		free(plain);
		if (e->kind != FWD_INCLUDE) {
			e->user = cataddr(tab, toks.v + from, to - from,
			    syn->blank_sub, &e->blanksub);
			if (!keepcase)
				lower(e->user);
		}
	}
	tokens_free(&toks);

	if (e->kind != FWD_INCLUDE && e->kind != FWD_REMOTE) {
		const char *why = ctrl_problem(e->user);

		if (why != NULL) {
			char *m = xasprintf("501 5.1.3 Syntax error in mailbox address \"%s\" (%s)",
			    e->user, why);

			set_error(&e->error, m);
			free(m);
			e->kind = FWD_BAD;
			return 1;
		}
	}
	e->backslash = e->user != NULL && strchr(e->user, '\\') != NULL;
	switch (e->kind) {
	case FWD_PROG: {
		char *s = syn->prog_stripq ? fwd_stripquotes(e->user) :
		    xstrdup(e->user);

		/* "delivermail compatibility": one leading '|' goes */
		e->target = xstrdup(s[0] == '|' ? s + 1 : s);
		free(s);
		break;
	}
	case FWD_FILE:
		/* deliver(): stripquotes() only for a mailer with F=s */
		e->target = syn->file_stripq ? fwd_stripquotes(e->user) :
		    xstrdup(e->user);
		break;
	case FWD_LOCAL:
		e->target = fwd_stripquotes(e->user);
		break;
	default:
		break;
	}
	if (e->target != NULL && e->kind != FWD_REMOTE)
		e->naive = naive_target(e);
	return 1;
}

void
fwd_entry_clear(struct fwd_entry *e)
{
	free(e->raw);
	free(e->user);
	free(e->target);
	free(e->error);
	free(e->naive);
	memset(e, 0, sizeof(*e));
}
