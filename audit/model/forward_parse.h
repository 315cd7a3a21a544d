/*
 * forward_parse.h -- a .forward (or :include:) file read the way sendmail
 * reads it, so that the audit can say what each entry really is.
 *
 * sendmail 8.17 (sendmail-facts.md, 3.4): include() reads lines with
 * fgets() into a MAXLINE (2048) buffer -- a longer line is cut and the rest
 * becomes the next "line" --, skips a line only when '#' is in column 1 or
 * the line is empty, cuts " #@# " comments, and hands each line to
 * sendtolist(), which splits it on unquoted commas and parses every element
 * with parseaddr(): prescan() tokenises it (quoted strings, backslashes,
 * (comments) dropped, <route> brackets, OperatorChars), the rulesets pick a
 * mailer, and cataddr() glues the tokens back together with BlankSub between
 * two words -- which is how an unquoted "|prog a b" becomes "prog.a.b".
 *
 * The rulesets themselves are not run; what the m4-generated ruleset 3
 * (canonify) does that decides the mailer is reproduced on the tokens
 * (text inside <...> is the address; an unquoted ':' drops everything up
 * to it as list syntax, a trailing ';' goes; the last '@', else the first
 * '!' (UUCP), else the last '%' sends the message to another host), and
 * anything else goes to the local mailer, whose F= flags decide whether
 * "|", "/" and ":include:" are special.  A host that is one of the local
 * machine's own names ($=w) is not recognised: such an entry is taken to
 * leave the machine.
 */
#ifndef JAILCTL_FORWARD_PARSE_H
#define JAILCTL_FORWARD_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define FWD_MAXLINE 2048	/* sendmail's MAXLINE */
#define FWD_MAXNAME 256		/* sendmail's MAXNAME */

/* What the parse depends on in sendmail.cf. */
struct fwd_syntax {
	char blank_sub;		/* BlankSub: ' ' unless the cf says otherwise */
	/* OperatorChars as sendmail.cf leaves it (struct sendmail_cf's
	 * operator_chars: m4 writes ".:%@!^/[]+", the binary default is
	 * ".:@[]"); NULL means the binary default. */
	const char *operators;
	bool local_prog;	/* local mailer F= has '|' */
	bool local_file;	/* ... '/' */
	bool local_include;	/* ... ':' */
	bool local_keepcase;	/* ... 'u' (else the user part is lowercased) */
	bool prog_stripq;	/* prog mailer F= has 's' */
	bool prog_keepcase;	/* ... 'u' */
	bool file_stripq;	/* *file* mailer F= has 's' (built in: yes) */
	bool file_keepcase;	/* ... 'u' (built in: yes) */
};

/* Lines, as fgets(buf, MAXLINE) and fixcrlf() produce them. */
struct fwd_reader {
	const char *buf;
	size_t len, pos;
	unsigned lineno;	/* of the line last returned, from 1 */
};

void fwd_reader_init(struct fwd_reader *r, const char *buf, size_t len);
/*
 * The next line in out (NUL-terminated, newline and a CR before it
 * removed).  *cut is set when the line was longer than MAXLINE-1 bytes and
 * this is only its first piece.  Returns 1, or 0 at the end.
 */
int fwd_reader_next(struct fwd_reader *r, char out[FWD_MAXLINE], bool *cut);
/*
 * include()'s per-line rules: false for a line sendmail skips (empty or '#'
 * in column 1); otherwise cuts a " #@# " comment in place and returns
 * whether anything is left.
 */
bool fwd_line_prepare(char *line);

enum fwd_kind {
	FWD_LOCAL,		/* a local user (or alias) */
	FWD_REMOTE,		/* has an unquoted '@': goes to another host */
	FWD_PROG,		/* |program: the prog mailer */
	FWD_FILE,		/* /file: the *file* mailer */
	FWD_INCLUDE,		/* :include:/path */
	FWD_BAD,		/* parsed, but sendmail marks it bad */
};

struct fwd_entry {
	char *raw;		/* as written, from its first non-blank */
	size_t offset;		/* where raw starts in the line */
	enum fwd_kind kind;
	bool dropped;		/* parseaddr() returned NULL: not an address at all */
	char *user;		/* q_user: the tokens glued with BlankSub */
	/*
	 * PROG: what the prog mailer's $u becomes (quotes stripped, one
	 * leading '|' dropped) -- smrsh's or sh's command; FILE: what the
	 * *file* mailer's $u becomes (quotes stripped with its F=s), which its
	 * A= "FILE $u" hands to mailfile(); INCLUDE: the file to read; LOCAL:
	 * the user name looked up; REMOTE: the host.
	 */
	char *target;
	char *error;		/* sendmail's complaint, or NULL */
	bool backslash;		/* a backslash: no aliasing, no .forward */
	bool starts_comment;	/* the entry begins with '#' */
	bool glued_comment;	/* an unquoted " #" later in the entry */
	bool unquoted_space;	/* unquoted blanks between words */
	bool blanksub;		/* BlankSub was put between two words */
	bool comments_dropped;	/* "(...)" removed */
	bool looks_special;	/* written as |..., /... or :include:... */
	bool list_syntax;	/* ruleset 3 dropped text up to a ':' */
	char remote_op;		/* REMOTE: the '@', '!' or '%' that sends it away */
	/*
	 * What the entry looks like it means: its text without a trailing
	 * (comment), quotes removed, then as target is derived (one '|'
	 * dropped; for :include: the path, trimmed).  When target differs,
	 * sendmail does something other than what is written.
	 */
	char *naive;
};

/*
 * The next entry of `line` from *pos (advanced past it).  Returns 1 with
 * *e filled (release with fwd_entry_clear), 0 when the line is done.
 */
int fwd_next_entry(const struct fwd_syntax *syn, const char *line,
    size_t *pos, struct fwd_entry *e);
void fwd_entry_clear(struct fwd_entry *e);

/* sendmail's stripquotes(): drop unescaped '"', turn "\x" into "x". */
char *fwd_stripquotes(const char *s);

#endif
