/*
 * test_hostile.c -- hostile input: files that are not regular files where
 * jailctl reads one, over-long lines in ROOT/etc/passwd and group.
 *
 * Each case would hang, run for minutes or eat memory before its fix; here
 * each must end at once with a clear error, warning or finding.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#include "dbent.h"
#include "fsutil.h"
#include "sendmail_cf.h"

/* A run that hangs is a failed test, not a stuck suite. */
#define WATCHDOG_SECONDS 120

/* ROOT/rel as a character device node like /dev/zero (1,5), parents made. */
static void
mkchardev(const char *root, const char *rel)
{
	const char *name;
	int dfd = tu_open_parent(root, rel, &name);

	assert_int_equal(mknodat(dfd, name, S_IFCHR | 0644, makedev(1, 5)), 0);
	close(dfd);
}

/* Replace ROOT/rel (a file) by a FIFO, or by a device node when dev. */
static void
make_nonregular(const char *root, const char *rel, bool dev)
{
	tu_unlink(root, rel);
	if (dev)
		mkchardev(root, rel);
	else
		tu_mkfifo(root, rel, 0644);
}

/* ---------------------------------------------------------------------- */
/* dbent: fgetpwent's answers, in linear time.                             */

/* Write text to a temporary file and open it for reading. */
static FILE *
tmpfile_with(const void *text, size_t len)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	rewind(f);
	return f;
}

/* Every entry both readers give, one line each, for comparison. */
static char *
all_pw(FILE *f, bool ours)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	struct dbent d;
	struct passwd *pw;

	rewind(f);
	dbent_init(&d, f);
	while ((pw = ours ? dbent_next_pw(&d) : fgetpwent(f)) != NULL)
		fprintf(m, "[%s][%s][%lu][%lu][%s][%s][%s]\n", pw->pw_name,
		    pw->pw_passwd, (unsigned long)pw->pw_uid,
		    (unsigned long)pw->pw_gid, pw->pw_gecos, pw->pw_dir,
		    pw->pw_shell);
	dbent_free(&d);
	fclose(m);
	return out;
}

static char *
all_gr(FILE *f, bool ours)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	struct dbent d;
	struct group *gr;

	rewind(f);
	dbent_init(&d, f);
	while ((gr = ours ? dbent_next_gr(&d) : fgetgrent(f)) != NULL) {
		fprintf(m, "[%s][%s][%lu]", gr->gr_name, gr->gr_passwd,
		    (unsigned long)gr->gr_gid);
		for (char **mem = gr->gr_mem; *mem != NULL; mem++)
			fprintf(m, "<%s>", *mem);
		fputc('\n', m);
	}
	dbent_free(&d);
	fclose(m);
	return out;
}

static void
test_dbent_reads_as_fgetpwent_does(void **state)
{
	(void)state;
	static const char hostile[] =
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "\n"
	    "# a comment\n"
	    "   # an indented comment\n"
	    "empty:::::\n"
	    "missing:x:1\n"
	    "nouid:x::5:g:/h:/s\n"
	    "+nis::::::\n"
	    "+@netgroup\n"
	    "-baduser\n"
	    "crlf:x:7:7:g:/home/crlf:/bin/sh\r\n"
	    "nul:x:8:8:g\0hidden:/home/nul:/bin/sh\n"
	    "huge:x:99999999999999999999:1:g:/h:/s\n"
	    "max:x:4294967295:4294967295:g:/h:/s\n"
	    "neg:x:-1:-1:g:/h:/s\n"
	    "dup:x:10:10:first:/h:/s\n"
	    "dup:x:11:11:second:/h:/s\n"
	    "spaces : x : 12 : 12 :g:/h:/s\n"
	    "toomany:x:13:13:g:/h:/s:extra:fields\n"
	    "noeol:x:14:14:g:/h:/s";
	static const char hostile_group[] =
	    "root:x:0:\n"
	    "# comment\n"
	    "\n"
	    "mail:x:8:a,b,,c\n"
	    "+nis:::\n"
	    "-gone\n"
	    "crlf:x:9:a,b\r\n"
	    "nul:x:10:a\0b\n"
	    "huge:x:99999999999999999999:a\n"
	    "dup:x:11:first\n"
	    "dup:x:12:second\n"
	    "short:x\n"
	    "noeol:x:13:z";
	/* Lines that need the buffer to grow more than once. */
	char *longpw, *longgr;
	size_t lp, lg;
	FILE *m = open_memstream(&longpw, &lp);

	fprintf(m, "long:x:20:20:");
	for (int i = 0; i < 5000; i++)
		fputc('g', m);
	fprintf(m, ":/h:/s\nafter:x:21:21:g:/h:/s\n");
	fclose(m);
	m = open_memstream(&longgr, &lg);
	fprintf(m, "big:x:30:");
	for (int i = 0; i < 3000; i++)
		fprintf(m, "%su%d", i ? "," : "", i);
	fprintf(m, "\nafter:x:31:a\n");
	fclose(m);

	const struct { const void *text; size_t len; bool group; } files[] = {
		{ hostile, sizeof(hostile) - 1, false },
		{ longpw, lp, false },
		{ hostile_group, sizeof(hostile_group) - 1, true },
		{ longgr, lg, true },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		FILE *f = tmpfile_with(files[i].text, files[i].len);
		char *glibc = files[i].group ? all_gr(f, false) : all_pw(f, false);
		char *ours = files[i].group ? all_gr(f, true) : all_pw(f, true);

		if (strcmp(glibc, ours) != 0)
			print_error("file %zu:\nfgetent:\n%s\ndbent:\n%s\n", i, glibc, ours);
		assert_string_equal(glibc, ours);
		/* Both read past the long lines. */
		if (files[i].text == longpw || files[i].text == longgr)
			assert_non_null(strstr(ours, "[after]"));
		free(glibc);
		free(ours);
		fclose(f);
	}
	free(longpw);
	free(longgr);
}

/* An entry past the bound is skipped, counted and located; the rest read. */
static void
test_dbent_skips_an_entry_past_the_bound(void **state)
{
	(void)state;
	size_t n = 100000, len;
	char *text = malloc(n + 200), *p = text;
	struct dbent d;
	struct passwd *pw;

	p += sprintf(p, "root:x:0:0:r:/root:/bin/sh\nbig:x:5:5:");
	memset(p, 'a', n);
	p += n;
	p += sprintf(p, ":/:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\n");
	len = (size_t)(p - text);
	FILE *f = tmpfile_with(text, len);

	dbent_init(&d, f);
	d.max = 4096;
	assert_non_null(pw = dbent_next_pw(&d));
	assert_string_equal(pw->pw_name, "root");
	assert_non_null(pw = dbent_next_pw(&d));
	assert_string_equal(pw->pw_name, "alice");
	assert_null(dbent_next_pw(&d));
	assert_int_equal(errno, 0);
	assert_int_equal(d.skipped, 1);
	assert_int_equal(d.first_skipped, strlen("root:x:0:0:r:/root:/bin/sh\n"));
	assert_int_equal(d.first_skipped_len, n + strlen("big:x:5:5::/:/bin/sh"));
	dbent_free(&d);
	fclose(f);
	free(text);
}

/* A line of `n` bytes as the first entry of ROOT/rel. */
static void
prepend_long_line(const char *root, const char *rel, const char *head, size_t n)
{
	char *path = tu_path(root, rel), *old = tu_read_file(path);
	size_t hl = strlen(head), ol = strlen(old);
	char *text = malloc(hl + n + 1 + ol);

	memcpy(text, head, hl);
	memset(text + hl, 'a', n);
	text[hl + n] = '\n';
	memcpy(text + hl + n + 1, old, ol);
	tu_write_bytes(root, rel, text, hl + n + 1 + ol, 0644);
	free(text);
	free(old);
	free(path);
}

/*
 * An 8 MB line at the top of passwd and group: verify reads past it (the
 * profile's users are found) and says that it skipped it.
 */
static void
test_verify_skips_a_huge_passwd_line(void **state)
{
	const char *root = *state;
	char *out, *err;

	prepend_long_line(root, "etc/passwd", "big:x:5:5:", 8u << 20);
	prepend_long_line(root, "etc/group", "big:x:5:", 8u << 20);
	int st = tu_run(&out, &err, "--root", root, "-p", "debian", "verify", NULL);
	if (strstr(err, "ROOT/etc/passwd: 1 entry larger than 4 MiB skipped") == NULL)
		print_error("status %d, stderr:\n%s\n", st, err);
	assert_non_null(strstr(err, "ROOT/etc/passwd: 1 entry larger than 4 MiB "
	    "skipped, the first a line of 8388618 bytes at byte 0"));
	assert_null(strstr(err, "unknown user"));
	assert_int_equal(st, 1);	/* the jail is missing: findings */
	free(out);
	free(err);
	/* ... and reports it. */
	json_t *doc = tu_run_json(&st, "--root", root, "-p", "debian", "verify", NULL);
	json_t *f = tu_expect_finding(doc, "passwd.long-line", "/etc/passwd", "medium");
	assert_non_null(strstr(tu_str(f, "message"), "the first a line of 8388618 bytes"));
	tu_expect_finding(doc, "group.long-line", "/etc/group", "medium");
	json_decref(doc);
}

static const char minimal_cf[] =
    "V10/Berkeley\n"
    "O ForwardPath=$z/.forward\n"
    "Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S, "
    "A=mail.local -l\n";

static void
test_audit_forward_reports_a_huge_passwd_line(void **state)
{
	const char *root = *state;
	int st;

	tu_write(root, "etc/mail/sendmail.cf", minimal_cf, 0644);
	prepend_long_line(root, "etc/passwd", "big:x:5:5:", 5u << 20);
	json_t *doc = tu_run_json(&st, "--root", root, "audit", "forward", NULL);
	json_t *f = tu_expect_finding(doc, "passwd.long-line", "/etc/passwd", "medium");
	assert_non_null(strstr(tu_str(f, "message"), "1 entry larger than 4 MiB"));
	/* the users after it were audited */
	assert_true(json_integer_value(json_object_get(json_object_get(doc,
	    "summary"), "checked")) >= 7);
	json_decref(doc);
}

/* ---------------------------------------------------------------------- */
/* Non-regular files where a file is read.                                 */

static void
run_verify_on_nonregular_db(const char *root, const char *rel, bool dev)
{
	char *out, *err;
	char *want;

	make_nonregular(root, rel, dev);
	alarm(WATCHDOG_SECONDS);
	int st = tu_run(&out, &err, "--root", root, "-p", "debian", "verify", NULL);
	alarm(0);
	assert_true(asprintf(&want, "ROOT/%s is not a regular file", rel) > 0);
	if (strstr(err, want) == NULL)
		print_error("status %d, stderr:\n%s\n", st, err);
	assert_non_null(strstr(err, want));
	assert_int_equal(st, 2);	/* the profile's users are unknown */
	free(want);
	free(out);
	free(err);
}

static void
test_passwd_fifo_is_not_read(void **state)
{
	run_verify_on_nonregular_db(*state, "etc/passwd", false);
}

static void
test_passwd_device_is_not_read(void **state)
{
	TU_REQUIRE_ROOT();
	run_verify_on_nonregular_db(*state, "etc/passwd", true);
}

static void
test_group_device_is_not_read(void **state)
{
	TU_REQUIRE_ROOT();
	run_verify_on_nonregular_db(*state, "etc/group", true);
}

/* audit forward: ROOT/etc/passwd a device is an error, not a hang. */
static void
test_audit_forward_passwd_device(void **state)
{
	const char *root = *state;
	char *out, *err;

	TU_REQUIRE_ROOT();
	tu_write(root, "etc/mail/sendmail.cf", minimal_cf, 0644);
	make_nonregular(root, "etc/passwd", true);
	alarm(WATCHDOG_SECONDS);
	int st = tu_run(&out, &err, "--root", root, "audit", "forward", NULL);
	alarm(0);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, "passwd"));
	free(out);
	free(err);
}

static void
run_detect_on_nonregular_os_release(const char *root, bool dev)
{
	char *out, *err;

	make_nonregular(root, "etc/os-release", dev);
	alarm(WATCHDOG_SECONDS);
	int st = tu_run(&out, &err, "--root", root, "profile", "show", NULL);
	alarm(0);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, "no etc/os-release under the root"));
	assert_non_null(strstr(err, "a regular file of at most 64 KiB"));
	free(out);
	free(err);
}

static void
test_os_release_fifo_is_not_read(void **state)
{
	run_detect_on_nonregular_os_release(*state, false);
}

static void
test_os_release_device_is_not_read(void **state)
{
	TU_REQUIRE_ROOT();
	run_detect_on_nonregular_os_release(*state, true);
}

/* os-release larger than 64 KiB is not read either. */
static void
test_os_release_too_large(void **state)
{
	const char *root = *state;
	char *out, *err;

	prepend_long_line(root, "etc/os-release", "PRETTY_NAME=", 70000);
	int st = tu_run(&out, &err, "--root", root, "profile", "show", NULL);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, "a regular file of at most 64 KiB"));
	free(out);
	free(err);
}

/*
 * A FIFO, a device and a symlink to /dev/zero named *.profile in a search
 * directory: `profile list` lists them (they still hide their namesakes)
 * without reading them, and loading one says it is not a regular file.
 */
static void
test_nonregular_profiles_in_search_dir(void **state)
{
	const char *root = *state;
	char *bin, *src, *out, *err, *dir = tu_path(root, "src");

	/* tu_run() starts the binary in JAILCTL_SRCDIR: point both there. */
	bin = getenv("JAILCTL_BIN") != NULL ? strdup(getenv("JAILCTL_BIN")) :
	    realpath("jailctl/jailctl", NULL);
	assert_non_null(bin);
	src = strdup(tu_srcdir());
	assert_int_equal(setenv("JAILCTL_BIN", bin, 1), 0);
	tu_write(root, "src/jailctl/main.c", "", 0644);
	tu_write(root, "src/profiles/ok.profile",
	    "name ok\ndescription fine\nmatch debian\njail /j\n", 0644);
	tu_mkfifo(root, "src/profiles/fifo.profile", 0644);
	tu_symlink(root, "/dev/zero", "src/profiles/zero.profile");
	if (geteuid() == 0)
		mkchardev(root, "src/profiles/dev.profile");
	assert_int_equal(setenv("JAILCTL_SRCDIR", dir, 1), 0);

	alarm(WATCHDOG_SECONDS);
	int st = tu_run(&out, &err, "profile", "list", NULL);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "fine"));
	assert_non_null(strstr(out, "fifo"));
	assert_non_null(strstr(out, "zero"));
	free(out);
	free(err);

	/* Auto-detection reads the same directories. */
	st = tu_run(&out, &err, "--root", root, "profile", "show", NULL);
	assert_int_equal(st, 0);	/* ok.profile matches debian */
	assert_non_null(strstr(out, "fine"));
	assert_null(strstr(err, "not a regular file"));
	free(out);
	free(err);

	const char *const names[] = { "fifo", "zero", "dev" };
	for (size_t i = 0; i < 3; i++) {
		if (i == 2 && geteuid() != 0)
			break;
		st = tu_run(&out, &err, "profile", "show", names[i], NULL);
		assert_int_equal(st, 2);
		if (strstr(err, "refusing profile: not a regular file") == NULL)
			print_error("%s: %s\n", names[i], err);
		assert_non_null(strstr(err, "refusing profile: not a regular file"));
		free(out);
		free(err);
	}
	/* And as a path given on the command line. */
	char *fifo = tu_path(root, "src/profiles/fifo.profile");
	st = tu_run(&out, &err, "profile", "check", fifo, NULL);
	alarm(0);
	assert_int_equal(st, 2);
	assert_non_null(strstr(err, "refusing profile: not a regular file"));
	free(out);
	free(err);
	free(fifo);

	assert_int_equal(setenv("JAILCTL_SRCDIR", src, 1), 0);
	free(bin);
	free(src);
	free(dir);
}

/* read_capped: exactly up to the cap, and -EFBIG one byte past it. */
static void
test_read_capped(void **state)
{
	(void)state;
	char data[10000];
	char *buf;
	size_t len;

	memset(data, 'x', sizeof(data));
	FILE *f = tmpfile_with(data, sizeof(data));
	assert_int_equal(read_capped(fileno(f), sizeof(data), &buf, &len), 0);
	assert_int_equal(len, sizeof(data));
	assert_int_equal(buf[len], '\0');
	free(buf);
	assert_int_equal(lseek(fileno(f), 0, SEEK_SET), 0);
	assert_int_equal(read_capped(fileno(f), sizeof(data) - 1, &buf, &len), -EFBIG);
	fclose(f);
	/* A device that never ends is cut at the cap too. */
	int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(read_capped(fd, 1 << 20, &buf, &len), -EFBIG);
	close(fd);
}

/* ---------------------------------------------------------------------- */
/* Hostile sendmail.cf: linear reading, bounded expansion.                 */

/* A growing string, for building large inputs. */
struct sbuf {
	char *s;
	size_t len;
	FILE *f;
};

static void
sb_begin(struct sbuf *b)
{
	b->s = NULL;
	b->len = 0;
	b->f = open_memstream(&b->s, &b->len);
	assert_non_null(b->f);
}

static void
sb_repeat(struct sbuf *b, const char *piece, size_t times)
{
	for (size_t i = 0; i < times; i++)
		fputs(piece, b->f);
}

static struct sendmail_cf *
sb_parse(struct sbuf *b)
{
	struct sendmail_cf *cf;

	fclose(b->f);
	alarm(WATCHDOG_SECONDS);
	cf = cf_parse(b->s, b->len, "/etc/mail/sendmail.cf");
	alarm(0);
	free(b->s);
	return cf;
}

static bool
has_warning(const struct sendmail_cf *cf, const char *text)
{
	for (size_t i = 0; i < cf->nwarnings; i++)
		if (strstr(cf->warnings[i], text) != NULL)
			return true;
	return false;
}

/*
 * A 505-byte macro bomb: each level names the next 48 times, ten levels
 * deep, in OperatorChars.  Expanded as sendmail expands it -- in a 4 KiB
 * buffer, ten passes at most -- it is cut, not 48^10 bytes long.
 */
static void
test_cf_macro_bomb(void **state)
{
	(void)state;
	struct sbuf b;

	sb_begin(&b);
	fputs("V10/Berkeley\n", b.f);
	for (char c = 'a'; c < 'k'; c++) {
		fprintf(b.f, "D%c", c);
		for (int i = 0; i < 48; i++)
			fprintf(b.f, "$%c", c + 1);
		fputc('\n', b.f);
	}
	fputs("Dk.:@\nO OperatorChars=$a\nS0\nR$*\t$@ $1\n", b.f);
	fflush(b.f);
	assert_true(b.len > 500);
	struct sendmail_cf *cf = sb_parse(&b);
	/* "Dk" is reached after ten passes, the eleventh finds no more. */
	assert_string_equal(cf->operator_chars, ".:@.:@.:@.:@.:@.:@.:@.:@.:@.:@.:@.:@.:@.");
	cf_free(cf);
}

/* A macro that names itself recurses until sendmail gives up: said. */
static void
test_cf_macro_self_reference(void **state)
{
	(void)state;
	struct sbuf b;

	sb_begin(&b);
	fputs("V6\nDo+$o$o\nS0\nR$*\t$@ $1\n", b.f);
	struct sendmail_cf *cf = sb_parse(&b);
	assert_true(has_warning(cf, "expand: recursion too deep (10 max)"));
	assert_int_equal(cf->operator_chars[0], '+');
	assert_true(strlen(cf->operator_chars) <= CF_MAX_OPERATOR_CHARS);
	cf_free(cf);
}

/* Three million `\#` in one value, and a million folded lines with comments. */
static void
test_cf_escapes_and_folded_comments_are_linear(void **state)
{
	(void)state;
	struct sbuf b;

	sb_begin(&b);
	fputs("V10/Berkeley\nO ForwardPath=", b.f);
	sb_repeat(&b, "\\#", 3000000);
	fputs("\nO SafeFileEnvironment=/jail # a comment\n", b.f);
	sb_repeat(&b, "\t# folded comment line\n", 1000000);
	fputs("O TrustedUser=smmta\n", b.f);
	struct sendmail_cf *cf = sb_parse(&b);
	assert_int_equal(strlen(cf->forward_path), 3000000);
	assert_int_equal(strspn(cf->forward_path, "#"), 3000000);
	assert_string_equal(cf->safe_file_env, "/jail");
	assert_string_equal(cf->trusted_user, "smmta");
	cf_free(cf);
}

/* A million bad lines are a hundred warnings and a count, not a million. */
static void
test_cf_warnings_are_bounded(void **state)
{
	(void)state;
	struct sbuf b;

	sb_begin(&b);
	fputs("V10/Berkeley\n", b.f);
	sb_repeat(&b, "Zbad\n", 1000000);
	struct sendmail_cf *cf = sb_parse(&b);
	assert_int_equal(cf->nwarnings, CF_MAX_WARNINGS + 1);
	assert_true(has_warning(cf, "more warnings not listed"));
	cf_free(cf);
}

/* Many macro names, many references to undefined ones, a huge mailer line. */
static void
test_cf_many_macros_and_fields(void **state)
{
	(void)state;
	struct sbuf b;

	sb_begin(&b);
	fputs("V10/Berkeley\n", b.f);
	for (int i = 0; i < 200000; i++)
		fprintf(b.f, "D{m%d}x\n", i);
	fputs("O OperatorChars=", b.f);
	sb_repeat(&b, "${undefined}", 100000);
	fputs("+\nMlocal, P=/bin/mail.local, F=l, A=mail.local", b.f);
	sb_repeat(&b, ", Z=z", 500000);
	fputs("\nS0\nR$*\t$@ $1\n", b.f);
	struct sendmail_cf *cf = sb_parse(&b);
	assert_true(has_warning(cf, "too many long names"));
	assert_string_equal(cf->operator_chars, "+");
	assert_string_equal(cf->local.path, "/bin/mail.local");
	cf_free(cf);
}

/* A FIFO, a device or a 17 MiB file as sendmail.cf: cf.refused, not a hang. */
static void
test_cf_refused(void **state)
{
	const char *root = *state;
	const char *why[] = { "not a regular file", "not a regular file",
	    "larger than 16 MiB" };
	int st;

	for (int i = 0; i < 3; i++) {
		if (i == 1 && geteuid() != 0)
			continue;
		tu_write(root, "etc/mail/sendmail.cf", minimal_cf, 0644);
		if (i < 2) {
			make_nonregular(root, "etc/mail/sendmail.cf", i == 1);
		} else {
			char *path = tu_path(root, "etc/mail/sendmail.cf");
			assert_int_equal(truncate(path, 17 << 20), 0);
			free(path);
		}
		alarm(WATCHDOG_SECONDS);
		json_t *doc = tu_run_json(&st, "--root", root, "audit", "config", NULL);
		alarm(0);
		json_t *f = tu_expect_finding(doc, "cf.refused", "/etc/mail/sendmail.cf",
		    "medium");
		assert_string_equal(tu_str(f, "actual"), why[i]);
		json_decref(doc);
		doc = tu_run_json(&st, "--root", root, "audit", "forward", NULL);
		f = tu_expect_finding(doc, "forward.no-config", NULL, "medium");
		assert_string_equal(tu_str(f, "actual"), why[i]);
		json_decref(doc);
		tu_unlink(root, "etc/mail/sendmail.cf");
	}
}

/* ---------------------------------------------------------------------- */
/* A user's .forward cannot swamp the audit.                               */

#define USER_FINDINGS_BOUND 100

static const char forward_cf[] =
    "V10/Berkeley\n"
    "O ForwardPath=$z/.forward\n"
    "Mlocal,\t\tP=/usr/lib/sm.bin/mail.local, F=lsDFMAw5:/|@qPn9S, "
    "A=mail.local -l\n"
    "Mprog,\t\tP=/usr/libexec/sendmail/smrsh, F=lsDFMoqeu9, D=$z:/, "
    "A=smrsh -c $u\n";

/* alice's home and a .forward of `size` bytes made of `piece` repeated. */
static void
write_forward(const char *root, const char *piece, size_t size)
{
	size_t pl = strlen(piece), n = size / pl;
	char *text = malloc(n * pl + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(text + i * pl, piece, pl);
	tu_write(root, "etc/mail/sendmail.cf", forward_cf, 0644);
	tu_mkdir(root, "home/alice", 0755);
	tu_chown(root, "home/alice", 1001, 1001);
	tu_write_bytes(root, "home/alice/.forward", text, n * pl, 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
	free(text);
}

/* 1 MiB of program entries: at most 100 findings, then one forward.too-much. */
static void
test_forward_findings_are_bounded(void **state)
{
	const char *root = *state;
	int st;

	TU_REQUIRE_ROOT();
	write_forward(root, "|/bin/evil\n", 1 << 20);
	alarm(WATCHDOG_SECONDS);
	json_t *doc = tu_run_json(&st, "--root", root, "audit", "forward",
	    "--user", "alice", NULL);
	alarm(0);
	json_t *f = tu_expect_finding(doc, "forward.too-much", NULL, "medium");
	assert_non_null(strstr(tu_str(f, "message"), "user alice: the audit of one "
	    "user stops at 4 MiB read, 20000 entries judged or 100 findings"));
	/* the entries past 20 000 were not judged: their bytes are counted */
	assert_null(strstr(tu_str(f, "actual"), " 0 bytes"));
	assert_int_equal(tu_nfindings(doc), USER_FINDINGS_BOUND + 1);
	json_decref(doc);
}

/*
 * 256 includes of 1 MiB each (hard links to one file) of long lines:
 * 4 MiB are read and audited, then the user's audit stops -- the other
 * includes are never opened.
 */
static void
test_forward_includes_are_bounded(void **state)
{
	const char *root = *state;
	struct sbuf b;
	char piece[1001];
	int st;

	TU_REQUIRE_ROOT();
	/* comment lines: bytes to read, no entries, no findings */
	memset(piece, 'a', 999);
	piece[0] = '#';
	piece[999] = '\n';
	piece[1000] = '\0';
	sb_begin(&b);
	for (int i = 0; i < 256; i++)
		fprintf(b.f, ":include:/home/alice/list%d\n", i);
	fclose(b.f);
	write_forward(root, piece, 1 << 20);	/* list0: 1 MiB of addresses */
	tu_link(root, "home/alice/.forward", "home/alice/list0");
	for (int i = 1; i < 256; i++) {
		char name[64];

		snprintf(name, sizeof(name), "home/alice/list%d", i);
		tu_link(root, "home/alice/list0", name);
	}
	tu_unlink(root, "home/alice/.forward");
	tu_write(root, "home/alice/.forward", b.s, 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
	free(b.s);
	alarm(WATCHDOG_SECONDS);
	json_t *doc = tu_run_json(&st, "--root", root, "audit", "forward",
	    "--user", "alice", NULL);
	alarm(0);
	json_t *f = tu_expect_finding(doc, "forward.too-much", NULL, "medium");
	/*
	 * Read: the .forward, list0 to list2 whole and the start of list3.
	 * Not audited: the rest of list3 and the .forward's other 252 lines.
	 */
	size_t fwd = 0;
	for (int i = 0; i < 256; i++)
		fwd += strlen(":include:/home/alice/list\n") + (i < 10 ? 1 : i < 100 ? 2 : 3);
	size_t list = (1 << 20) / 1000 * 1000, at4 = 4 << 20;
	size_t rest3 = list - (at4 - fwd - 3 * list);
	size_t rest_fwd = fwd - 4 * (strlen(":include:/home/alice/list\n") + 1);
	char *want;
	assert_true(asprintf(&want, "%zu bytes, 0 files and 0 findings",
	    rest3 + rest_fwd) > 0);
	if (strcmp(tu_str(f, "actual"), want) != 0)
		tu_dump(doc);
	assert_string_equal(tu_str(f, "actual"), want);
	free(want);
	assert_true(tu_nfindings(doc) <= USER_FINDINGS_BOUND + 1);
	json_decref(doc);
}

/* ---------------------------------------------------------------------- */
/* Item 10: unknown words escaped; what an ordinary auditor cannot read.   */

static void
test_unknown_audit_word_is_escaped(void **state)
{
	const char *root = *state;
	char *out, *err;

	int st = tu_run(&out, &err, "--root", root, "-p", "debian", "audit",
	    "x\033]0;owned\007y", NULL);
	assert_int_equal(st, 2);
	assert_null(strchr(err, '\033'));
	assert_null(strchr(err, '\007'));
	assert_non_null(strstr(err, "'x\\x1b]0;owned\\x07y'"));
	free(out);
	free(err);
}

/* Run the jailctl under test as uid/gid 1002 (bob), JSON on stdout. */
static json_t *
run_json_as_bob(const char *root, int *status)
{
	const char *bin = getenv("JAILCTL_BIN") != NULL ? getenv("JAILCTL_BIN") :
	    "jailctl/jailctl";
	FILE *out = tmpfile();
	json_error_t jerr;
	pid_t pid;
	int ws;

	assert_non_null(out);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *argv[] = { bin, "--root", root, "-p", "debian",
		    "--format", "json", "audit", "forward", NULL };
		gid_t g = 1002;

		if (dup2(fileno(out), 1) < 0 || setgroups(1, &g) != 0 ||
		    setresgid(1002, 1002, 1002) != 0 || setresuid(1002, 1002, 1002) != 0)
			_exit(99);
		execv(bin, (char *const *)argv);
		_exit(98);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	*status = WEXITSTATUS(ws);
	rewind(out);
	json_t *doc = json_loadf(out, 0, &jerr);
	fclose(out);
	assert_non_null(doc);
	return doc;
}

/*
 * Run by bob, the audit cannot read alice's 0700 home: that is what it
 * says, not that sendmail ignores her .forward -- sendmail reads it as
 * alice.  The same for an include in a directory only she can search.
 */
static void
test_ordinary_auditor_says_what_it_could_not_read(void **state)
{
	const char *root = *state;
	char *path = tu_path(root, "");
	int st;

	TU_REQUIRE_ROOT();
	assert_int_equal(chmod(path, 0755), 0);
	free(path);
	tu_write(root, "etc/mail/sendmail.cf", forward_cf, 0644);
	tu_mkdir(root, "home/alice", 0700);
	tu_chown(root, "home/alice", 1001, 1001);
	tu_write(root, "home/alice/.forward", "alice\n", 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
	json_t *doc = run_json_as_bob(root, &st);
	tu_expect_finding(doc, "forward.not-root", NULL, "info");
	json_t *f = tu_expect_finding(doc, "forward.unreadable", "/home/alice/.forward",
	    "low");
	assert_non_null(strstr(tu_str(f, "message"), "the auditor could not read "
	    "/home/alice/.forward (Permission denied)"));
	tu_expect_no_finding(doc, "forward.ignored", NULL);
	json_decref(doc);

	/* Readable .forward, an include bob cannot reach. */
	tu_chmod(root, "home/alice", 0755);
	tu_mkdir(root, "home/alice/private", 0700);
	tu_chown(root, "home/alice/private", 1001, 1001);
	tu_write(root, "home/alice/private/list", "alice\n", 0644);
	tu_chown(root, "home/alice/private/list", 1001, 1001);
	tu_write(root, "home/alice/.forward", ":include:/home/alice/private/list\n", 0644);
	tu_chown(root, "home/alice/.forward", 1001, 1001);
	doc = run_json_as_bob(root, &st);
	f = tu_expect_finding(doc, "forward.unreadable", "/home/alice/private/list",
	    "low");
	assert_non_null(strstr(tu_str(f, "message"), "the auditor could not read"));
	tu_expect_no_finding(doc, "forward.include-failed", NULL);
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dbent_reads_as_fgetpwent_does),
		cmocka_unit_test(test_dbent_skips_an_entry_past_the_bound),
		cmocka_unit_test(test_read_capped),
		cmocka_unit_test(test_cf_macro_bomb),
		cmocka_unit_test(test_cf_macro_self_reference),
		cmocka_unit_test(test_cf_escapes_and_folded_comments_are_linear),
		cmocka_unit_test(test_cf_warnings_are_bounded),
		cmocka_unit_test(test_cf_many_macros_and_fields),
		cmocka_unit_test_setup_teardown(test_cf_refused,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_forward_findings_are_bounded,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_forward_includes_are_bounded,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_unknown_audit_word_is_escaped,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_ordinary_auditor_says_what_it_could_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_verify_skips_a_huge_passwd_line,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_audit_forward_reports_a_huge_passwd_line,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_passwd_fifo_is_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_passwd_device_is_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_group_device_is_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_audit_forward_passwd_device,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_os_release_fifo_is_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_os_release_device_is_not_read,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_os_release_too_large,
		    tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_nonregular_profiles_in_search_dir,
		    tu_setup_root, tu_teardown_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
