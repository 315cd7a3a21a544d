/*
 * test_report.c -- the report itself: text format and order, merged
 * notices, --fail-on, waivers, the JSON document's fleet fields, memory
 * that stays flat, and --output that a reader never sees half written.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

/* ASan's allocator statistics (the tests always run under ASan). */
size_t __sanitizer_get_current_allocated_bytes(void);

#include "testutil.h"

#include "report.h"
#include "waivers.h"

/* 2026-07-01T12:00:00Z */
#define NOW ((time_t)1782907200)

static const struct report_header header = { "verify", "debian", "/", "/var/mailjail", false };

struct text_report {
	struct report *rep;
	char *buf;
	size_t len;
	FILE *out;
};

static void
text_begin(struct text_report *t, const struct report_config *c, bool quiet,
    enum report_format fmt)
{
	struct report_config def = { .fail_on = SEV_LOW, .host = "mail1", .now = NOW };

	report_configure(c != NULL ? c : &def);
	t->out = open_memstream(&t->buf, &t->len);
	assert_non_null(t->out);
	t->rep = report_new(&header, fmt, quiet, t->out);
}

/* Finish; returns the output (malloc'd) and the status. */
static char *
text_end(struct text_report *t, int *status)
{
	struct report_config def = { .fail_on = SEV_LOW };

	*status = report_finish(t->rep);
	assert_int_equal(fclose(t->out), 0);
	report_configure(&def);
	return t->buf;
}

static void
feed_mixed(struct report *r)
{
	struct finding fixed = { "tree.mode", SEV_MEDIUM, "/var/mailjail/var",
	    "mode differs", "0755", "0777", true, true };

	report_findingf(r, "tree.owner", SEV_LOW, "/var/mailjail/b", "root", "bob",
	    "owner differs");
	report_findingf(r, "tree.missing", SEV_HIGH, "/var/mailjail/z", NULL, NULL,
	    "missing");
	report_findingf(r, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL,
	    "SELinux is not enabled");
	report_findingk(r, "cf.dbs", "GroupWritableDirPathSafe", SEV_MEDIUM,
	    "/etc/mail/sendmail.cf", "not set", "GroupWritableDirPathSafe",
	    "DontBlameSendmail=GroupWritableDirPathSafe (line 9) weakens it");
	report_findingf(r, "tree.missing", SEV_HIGH, "/var/mailjail/a", NULL, NULL,
	    "missing");
	report_finding(r, &fixed);
	/* a second audit of the same run raises the same notice */
	report_findingf(r, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL,
	    "SELinux is not enabled");
	report_checked(r, 7);
}

static void
test_text_order_and_format(void **state)
{
	struct text_report t;
	int status;
	char *out;

	(void)state;
	text_begin(&t, NULL, false, FORMAT_TEXT);
	feed_mixed(t.rep);
	out = text_end(&t, &status);
	assert_int_equal(status, 1);
	assert_string_equal(out,
	    "jailctl verify: host mail1, profile debian, root /\n"
	    "high   /var/mailjail/a: missing [tree.missing]\n"
	    "high   /var/mailjail/z: missing [tree.missing]\n"
	    "medium /etc/mail/sendmail.cf: DontBlameSendmail=GroupWritableDirPathSafe "
	    "(line 9) weakens it (expected not set) [cf.dbs key=GroupWritableDirPathSafe]\n"
	    "medium /var/mailjail/var: mode differs (expected 0755, actual 0777), "
	    "fixed [tree.mode]\n"
	    "low    /var/mailjail/b: owner differs (expected root, actual bob) [tree.owner]\n"
	    "info   -: SELinux is not enabled [selinux.unavailable]\n"
	    "verify: 7 checked, 6 findings (2 high, 2 medium, 1 low, 1 info), 1 fixed, "
	    "0 changes; failed: 2 high, 1 medium, 1 low findings unresolved "
	    "(--fail-on low)\n");
	free(out);
}

static void
test_quiet_prints_only_what_fails(void **state)
{
	struct text_report t;
	struct report_config c = { .fail_on = SEV_MEDIUM, .host = "mail1", .now = NOW };
	int status;
	char *out;

	(void)state;
	text_begin(&t, &c, true, FORMAT_TEXT);
	feed_mixed(t.rep);
	out = text_end(&t, &status);
	assert_int_equal(status, 1);
	/* no header, no notice, nothing below --fail-on; the summary, as it failed */
	assert_null(strstr(out, "jailctl verify:"));
	assert_null(strstr(out, "selinux.unavailable"));
	assert_null(strstr(out, "tree.owner"));
	assert_non_null(strstr(out, "[tree.mode]"));	/* fixed: still said */
	assert_non_null(strstr(out, "failed: 2 high, 1 medium findings unresolved "
	    "(--fail-on medium)\n"));
	free(out);

	/* a clean quiet run prints nothing at all */
	text_begin(&t, NULL, true, FORMAT_TEXT);
	report_findingf(t.rep, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL, "no");
	out = text_end(&t, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out, "");
	free(out);
}

static void
test_plurals_and_pass(void **state)
{
	struct text_report t;
	int status;
	char *out;

	(void)state;
	text_begin(&t, NULL, false, FORMAT_TEXT);
	report_checked(t.rep, 1);
	report_findingf(t.rep, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL, "no");
	report_change(t.rep, "/var/mailjail", "mode", "0777", "0755");
	out = text_end(&t, &status);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "\nverify: 1 checked, 1 finding (1 info), 1 change; "
	    "passed (--fail-on low)\n"));
	free(out);
}

static int
status_with(int fail_on)
{
	struct report_config c = { .fail_on = fail_on, .host = "h", .now = NOW };
	struct text_report t;
	int status;

	text_begin(&t, &c, false, FORMAT_TEXT);
	report_findingf(t.rep, "tree.owner", SEV_MEDIUM, "/x", NULL, NULL, "owner");
	report_findingf(t.rep, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL, "no");
	free(text_end(&t, &status));
	return status;
}

static void
test_fail_on(void **state)
{
	(void)state;
	assert_int_equal(status_with(SEV_INFO), 1);
	assert_int_equal(status_with(SEV_LOW), 1);
	assert_int_equal(status_with(SEV_MEDIUM), 1);
	assert_int_equal(status_with(SEV_HIGH), 0);
	assert_int_equal(status_with(FAIL_ON_NONE), 0);
	assert_int_equal(report_parse_fail_on("none"), FAIL_ON_NONE);
	assert_int_equal(report_parse_fail_on("high"), SEV_HIGH);
	assert_int_equal(report_parse_fail_on("critical"), -1);
}

/* ---------------------------------------------------------------------- */
/* Waivers.                                                                 */

static struct waivers *
load(const char *root, const char *text, const char *today, char **errs)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *e = open_memstream(&buf, &len);
	int fd = tu_open_root(root);
	struct waivers *w;

	tu_write(root, "etc/jailctl/waivers", text, 0644);
	w = waivers_load(fd, "/etc/jailctl/waivers", false, today, e);
	fclose(e);
	close(fd);
	if (errs != NULL)
		*errs = buf;
	else
		free(buf);
	return w;
}

static void
test_waivers_apply(void **state)
{
	const char *root = *state;
	struct waivers *w = load(root,
	    "# accepted risks\n"
	    "cf.dbs /etc/mail/sendmail.cf key=GroupWritableDirPathSafe "
	    "reason=\"shared home dirs, ticket 42\" expires=2026-12-31\n"
	    "tree.owner /var/mailjail/* reason=\"bob's box\"   # trailing comment\n"
	    "tree.mode reason=\"old\" expires=2026-06-30\n"
	    "forward.syntax /home/*/.forward reason=\"nobody uses it\"\n"
	    "tree.group /var/mailjail/sub/** reason=\"below\"\n"
	    "\n", "2026-07-01", NULL);
	struct report_config c = { .fail_on = SEV_LOW, .waivers = w, .host = "h",
	    .now = NOW };
	struct text_report t;
	int status;
	char *out;

	assert_non_null(w);
	assert_int_equal(w->n, 5);
	text_begin(&t, &c, false, FORMAT_TEXT);
	report_findingk(t.rep, "cf.dbs", "GroupWritableDirPathSafe", SEV_MEDIUM,
	    "/etc/mail/sendmail.cf", NULL, NULL, "DontBlameSendmail=X");
	/* another flag is not waived */
	report_findingk(t.rep, "cf.dbs", "TrustStickyBit", SEV_MEDIUM,
	    "/etc/mail/sendmail.cf", NULL, NULL, "DontBlameSendmail=Y");
	report_findingf(t.rep, "tree.owner", SEV_LOW, "/var/mailjail/b", NULL, NULL,
	    "owner differs");
	/* FNM_PATHNAME: * does not cross a / */
	report_findingf(t.rep, "tree.owner", SEV_LOW, "/var/mailjail/b/c", NULL, NULL,
	    "owner differs");
	/* a trailing slash and two stars: the directory and all below */
	report_findingf(t.rep, "tree.group", SEV_LOW, "/var/mailjail/sub", NULL, NULL,
	    "group differs");
	report_findingf(t.rep, "tree.group", SEV_LOW, "/var/mailjail/sub/x/y", NULL, NULL,
	    "group differs");
	report_findingf(t.rep, "tree.group", SEV_LOW, "/var/mailjail/subway", NULL, NULL,
	    "group differs");
	/* expired on 2026-06-30: counts again */
	report_findingf(t.rep, "tree.mode", SEV_LOW, "/var/mailjail", NULL, NULL,
	    "mode differs");
	out = text_end(&t, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "medium /etc/mail/sendmail.cf: DontBlameSendmail=X "
	    "[cf.dbs key=GroupWritableDirPathSafe] waived: shared home dirs, ticket 42 "
	    "(until 2026-12-31)\n"));
	assert_non_null(strstr(out, "medium /etc/mail/sendmail.cf: DontBlameSendmail=Y "
	    "[cf.dbs key=TrustStickyBit]\n"));
	assert_non_null(strstr(out, "low    /var/mailjail/b: owner differs [tree.owner] "
	    "waived: bob's box\n"));
	assert_non_null(strstr(out, "low    /var/mailjail/b/c: owner differs [tree.owner]\n"));
	assert_non_null(strstr(out, "low    /var/mailjail: mode differs [tree.mode]\n"));
	assert_non_null(strstr(out, "info   /etc/jailctl/waivers: the waiver for tree.mode "
	    "on line 4 expired on 2026-06-30: what it waived counts again "
	    "[waiver.expired key=tree.mode]\n"));
	/* forward.* is not checked by verify: not stale here */
	assert_null(strstr(out, "waiver.stale"));
	assert_non_null(strstr(out, "low    /var/mailjail/sub: group differs [tree.group] "
	    "waived: below\n"));
	assert_non_null(strstr(out, "low    /var/mailjail/sub/x/y: group differs "
	    "[tree.group] waived: below\n"));
	assert_non_null(strstr(out, "low    /var/mailjail/subway: group differs "
	    "[tree.group]\n"));
	assert_non_null(strstr(out, "4 waived"));
	free(out);
	waivers_free(w);
}

static void
test_waivers_stale_and_json(void **state)
{
	const char *root = *state;
	struct waivers *w = load(root,
	    "tree.owner /var/mailjail/b reason=\"bob\"\n"
	    "tree.links reason=\"gone since\"\n", "2026-07-01", NULL);
	struct report_config c = { .fail_on = SEV_LOW, .waivers = w, .host = "mail1",
	    .now = NOW };
	struct tu_report r;
	json_t *doc, *f, *wv;
	int status;

	assert_non_null(w);
	report_configure(&c);
	tu_report_begin(&r, &header);
	report_findingf(r.rep, "tree.owner", SEV_LOW, "/var/mailjail/b", NULL, NULL,
	    "owner differs");
	doc = tu_report_end(&r, &status);
	c = (struct report_config){ .fail_on = SEV_LOW };
	report_configure(&c);
	assert_int_equal(status, 0);
	f = tu_expect_finding(doc, "tree.owner", "/var/mailjail/b", "low");
	wv = json_object_get(f, "waived");
	assert_string_equal(tu_str(wv, "reason"), "bob");
	assert_true(json_is_null(json_object_get(wv, "expires")));
	f = tu_expect_finding(doc, "waiver.stale", "/etc/jailctl/waivers", "info");
	assert_string_equal(tu_str(f, "key"), "tree.links");
	assert_non_null(strstr(tu_str(f, "message"), "line 2"));
	json_t *s = json_object_get(doc, "summary");
	assert_int_equal(json_integer_value(json_object_get(s, "waived")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "unresolved")), 0);
	assert_int_equal(json_integer_value(json_object_get(s, "low")), 1);
	assert_int_equal(json_integer_value(json_object_get(s, "info")), 1);
	assert_int_equal(json_integer_value(json_object_get(doc, "schema")), 2);
	assert_string_equal(tu_str(doc, "host"), "mail1");
	assert_string_equal(tu_str(doc, "time"), "2026-07-01T12:00:00Z");
	assert_true(json_is_true(json_object_get(doc, "ok")));
	json_decref(doc);
	waivers_free(w);
}

static void
expect_error(const char *root, const char *text, const char *msg)
{
	char *errs;
	struct waivers *w = load(root, text, "2026-07-01", &errs);

	if (w != NULL || strstr(errs, msg) == NULL)
		fail_msg("for %s expected '%s', got '%s'", text, msg, errs);
	free(errs);
}

static void
test_waivers_bad(void **state)
{
	const char *root = *state;

	expect_error(root, "tree.mode /x\n",
	    "/etc/jailctl/waivers:1: reason=\"...\" is required");
	expect_error(root, "# c\ntree.mode reason=\"\"\n",
	    "/etc/jailctl/waivers:2: reason=\"...\" is required");
	expect_error(root, "TREE reason=x\n", ":1: 'TREE' is not a finding id");
	expect_error(root, "tree.colour reason=x\n", ":1: 'tree.colour': no such "
	    "finding id (see jailctl(8))");
	expect_error(root, "tree.mode reason=x expires=2026-02-30\n",
	    ":1: expires=2026-02-30 is not a date YYYY-MM-DD");
	expect_error(root, "tree.mode reason=\"x\ny\n", ":1: unterminated \"");
	expect_error(root, "tree.mode reason=x color=red\n", ":1: unknown field 'color='");
	expect_error(root, "tree.mode reason=x reason=y\n", ":1: reason= given twice");
	expect_error(root, "tree.mode reason=x /a\n", ":1: '/a': the path glob goes "
	    "right after the id");
	expect_error(root, "tree.mode key= reason=x\n", ":1: key= is empty");

	/* every error of the file, each on its line */
	char *errs;
	assert_null(load(root, "tree.mode\ntree.links reason=x\nbad\n", "2026-07-01", &errs));
	assert_non_null(strstr(errs, ":1: reason="));
	assert_non_null(strstr(errs, ":3: 'bad'"));
	assert_null(strstr(errs, ":2:"));
	free(errs);

	/* quoted reasons keep their blanks and escapes */
	struct waivers *w = load(root, "tree.mode \"/a b\" reason=\"say \\\"hi\\\"\"\n",
	    "2026-07-01", NULL);
	assert_non_null(w);
	assert_string_equal(w->v[0].glob, "/a b");
	assert_string_equal(w->v[0].reason, "say \"hi\"");
	waivers_free(w);
}

static void
test_waivers_file_checks(void **state)
{
	const char *root = *state;
	char *buf = NULL;
	size_t len = 0;
	FILE *e = open_memstream(&buf, &len);
	int fd = tu_open_root(root);

	/* missing: fine for the default file, an error for --waivers */
	struct waivers *w = waivers_load(fd, "/etc/jailctl/waivers", true,
	    "2026-07-01", e);
	assert_non_null(w);
	assert_int_equal(w->n, 0);
	waivers_free(w);
	assert_null(waivers_load(fd, "/etc/jailctl/waivers", false, "2026-07-01", e));
	/* a symlink, a FIFO: never opened */
	tu_write(root, "etc/real", "tree.mode reason=x\n", 0644);
	tu_symlink(root, "/etc/real", "etc/jailctl/waivers");
	assert_null(waivers_load(fd, "/etc/jailctl/waivers", true, "2026-07-01", e));
	tu_unlink(root, "etc/jailctl/waivers");
	tu_mkfifo(root, "etc/jailctl/waivers", 0644);
	assert_null(waivers_load(fd, "/etc/jailctl/waivers", true, "2026-07-01", e));
	tu_unlink(root, "etc/jailctl/waivers");
	/* writable by others */
	tu_write(root, "etc/jailctl/waivers", "tree.mode reason=x\n", 0666);
	tu_chmod(root, "etc/jailctl/waivers", 0666);
	assert_null(waivers_load(fd, "/etc/jailctl/waivers", true, "2026-07-01", e));
	/* too large */
	char *big = malloc(2 << 20);
	memset(big, '#', 2 << 20);
	big[(2 << 20) - 1] = '\0';
	tu_unlink(root, "etc/jailctl/waivers");
	tu_write(root, "etc/jailctl/waivers", big, 0644);
	free(big);
	assert_null(waivers_load(fd, "/etc/jailctl/waivers", true, "2026-07-01", e));
	fclose(e);
	close(fd);
	assert_non_null(strstr(buf, "/etc/jailctl/waivers: cannot open waivers: "
	    "No such file or directory\n"));
	/* the symlink is pinned as itself, and it is not a regular file */
	assert_null(strstr(buf, "tree.mode"));
	assert_non_null(strstr(buf, "cannot open waivers: not a regular file\n"));
	assert_non_null(strstr(buf, "refusing waivers: writable by others"));
	assert_non_null(strstr(buf, "refusing waivers: larger than 1 MiB"));
	free(buf);
	assert_true(waivers_valid_date("2028-02-29"));
	assert_false(waivers_valid_date("2027-02-29"));
	assert_false(waivers_valid_date("2027-13-01"));
	assert_false(waivers_valid_date("2027-1-01"));
}

/* ---------------------------------------------------------------------- */
/* JSON text and memory.                                                    */

static void
test_json_names(void **state)
{
	struct tu_report r;
	json_t *doc, *f;

	(void)state;
	tu_report_begin(&r, &header);
	report_findingf(r.rep, "tree.owner", SEV_LOW, "/var/mail/j\xc3\xbcrgen", NULL,
	    NULL, "owner");
	report_findingf(r.rep, "tree.owner", SEV_LOW, "/var/mail/bad\xff\x01", NULL,
	    NULL, "owner");
	report_findingf(r.rep, "tree.owner", SEV_LOW, "/var/mail/nl\nx", NULL,
	    NULL, "owner");
	doc = tu_report_end(&r, NULL);
	/* valid UTF-8 as it is, control characters JSON-escaped, the rest \xNN */
	assert_non_null(tu_find_finding(doc, "tree.owner", "/var/mail/j\xc3\xbcrgen"));
	assert_non_null(tu_find_finding(doc, "tree.owner", "/var/mail/nl\nx"));
	assert_non_null(tu_find_finding(doc, "tree.owner", "/var/mail/bad\\xff\\x01"));
	/* sorted like the text: by path within a severity */
	f = json_array_get(json_object_get(doc, "findings"), 0);
	assert_string_equal(tu_str(f, "path"), "/var/mail/bad\\xff\\x01");
	json_decref(doc);
}

/*
 * 200 000 findings with 400-byte messages (80 MB of text): the report's
 * heap grows by the 8-byte index per finding (and the 4 MiB kept before
 * spilling to a temporary file), not by what the findings say.
 */
static void
test_memory_stays_flat(void **state)
{
	struct report_config c = { .fail_on = SEV_LOW, .host = "h", .now = NOW };
	char msg[401];
	FILE *devnull = fopen("/dev/null", "w");
	struct report *r;
	size_t before, peak = 0;

	(void)state;
	memset(msg, 'm', 400);
	msg[400] = '\0';
	report_configure(&c);
	r = report_new(&header, FORMAT_JSON, false, devnull);
	before = __sanitizer_get_current_allocated_bytes();
	for (unsigned i = 0; i < 200000; i++) {
		report_findingf(r, "forward.syntax", (enum severity)(i % 4),
		    "/home/u/.forward", NULL, NULL, "%u %s", i, msg);
		if (i % 10000 == 0) {
			size_t now = __sanitizer_get_current_allocated_bytes();
			if (now > peak)
				peak = now;
		}
	}
	size_t grown = peak - before;
	print_message("heap grew by %zu bytes for 80 MB of findings\n", grown);
	assert_true(grown < 8u << 20);
	assert_int_equal(report_finish(r), 1);
	fclose(devnull);
	c = (struct report_config){ .fail_on = SEV_LOW };
	report_configure(&c);
}

/* ---------------------------------------------------------------------- */
/* --output.                                                                */

static void
write_report(const char *path, unsigned n)
{
	struct report_config c = { .fail_on = SEV_LOW, .host = "h", .now = NOW,
	    .output = path };
	FILE *devnull = fopen("/dev/null", "w");
	struct report *r;

	report_configure(&c);
	r = report_new(&header, FORMAT_TEXT, true, devnull);
	for (unsigned i = 0; i < n; i++)
		report_findingf(r, "tree.mode", SEV_LOW, "/var/mailjail/x", NULL, NULL,
		    "finding %u of a long report that takes a while to write", i);
	assert_int_equal(report_finish(r), 1);
	fclose(devnull);
	c = (struct report_config){ .fail_on = SEV_LOW };
	report_configure(&c);
}

/*
 * A reader polls the file while reports of different sizes replace it:
 * every read that finds the file parses as a whole JSON report.
 */
static void
test_output_is_atomic(void **state)
{
	const char *root = *state;
	char *path = tu_path(root, "report.json");
	int pipefd[2];
	pid_t reader;
	struct stat st;

	assert_int_equal(pipe(pipefd), 0);
	reader = fork();
	assert_true(reader >= 0);
	if (reader == 0) {
		unsigned reads = 0, partial = 0;
		char go;

		close(pipefd[1]);
		/* until the writer closes the pipe */
		for (;;) {
			json_error_t je;
			FILE *f = fopen(path, "r");

			if (f != NULL) {
				/* whatever we opened must be a whole report */
				json_t *doc = json_loadf(f, 0, &je);

				reads++;
				if (doc == NULL || json_object_get(doc, "summary") == NULL)
					partial++;
				json_decref(doc);
				fclose(f);
			}
			struct timeval tv = { 0, 0 };
			fd_set fds;
			FD_ZERO(&fds);
			FD_SET(pipefd[0], &fds);
			if (select(pipefd[0] + 1, &fds, NULL, NULL, &tv) > 0 &&
			    read(pipefd[0], &go, 1) == 0)
				break;
		}
		fprintf(stderr, "reader: %u whole reads, %u partial\n", reads, partial);
		_exit(partial == 0 && reads > 0 ? 0 : 1);
	}
	close(pipefd[0]);
	for (unsigned i = 0; i < 40; i++)
		write_report(path, i % 2 ? 3000 : 50);
	close(pipefd[1]);
	int status;
	assert_int_equal(waitpid(reader, &status, 0), reader);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* no temporary file left behind: the root holds etc, var and the report */
	char *cmd;
	assert_true(asprintf(&cmd, "test $(ls -A '%s' | wc -l) -eq 3", root) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(path);
}

/* ---------------------------------------------------------------------- */
/* --syslog: syslog(3) is this program's own, capturing what is logged.    */

static char logged[8192];
static int log_facility;

void
openlog(const char *ident, int option, int facility)
{
	(void)ident;
	(void)option;
	log_facility = facility;
}

void
closelog(void)
{
}

void
syslog(int priority, const char *fmt, ...)
{
	size_t n = strlen(logged);
	va_list ap;

	snprintf(logged + n, sizeof(logged) - n, "<%d>", priority);
	n = strlen(logged);
	va_start(ap, fmt);
	vsnprintf(logged + n, sizeof(logged) - n, fmt, ap);
	va_end(ap);
	n = strlen(logged);
	snprintf(logged + n, sizeof(logged) - n, "\n");
}

static void
test_syslog_messages(void **state)
{
	struct report_config c = { .fail_on = SEV_LOW, .host = "h", .now = NOW,
	    .syslog = true };
	struct text_report t;
	int status;

	(void)state;
	logged[0] = '\0';
	text_begin(&t, &c, true, FORMAT_TEXT);
	report_findingk(t.rep, "cf.dbs", "TrustStickyBit", SEV_MEDIUM,
	    "/etc/mail/sendmail.cf", NULL, NULL, "DontBlameSendmail=\"x\"");
	report_findingf(t.rep, "tree.mode", SEV_HIGH, "/var/mail jail", NULL, NULL,
	    "mode differs");
	report_findingf(t.rep, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL, "no");
	report_findingf(t.rep, "selinux.unavailable", SEV_INFO, NULL, NULL, NULL, "no");
	free(text_end(&t, &status));
	assert_int_equal(status, 1);
	assert_int_equal(log_facility, LOG_AUTHPRIV);
	/* one message per finding, worst first, priority from severity */
	assert_string_equal(logged,
	    "<83>id=tree.mode severity=high path=\"/var/mail jail\" key=\"\" "
	    "fixed=no waived=no command=\"verify\" message=\"mode differs\"\n"
	    "<84>id=cf.dbs severity=medium path=\"/etc/mail/sendmail.cf\" "
	    "key=\"TrustStickyBit\" fixed=no waived=no command=\"verify\" "
	    "message=\"DontBlameSendmail=\\\"x\\\"\"\n"
	    "<86>id=selinux.unavailable severity=info path=\"\" key=\"\" fixed=no "
	    "waived=no command=\"verify\" message=\"no\"\n"
	    "<84>summary command=\"verify\" profile=\"debian\" root=\"/\" checked=0 "
	    "findings=3 high=1 medium=1 low=0 info=1 unresolved=2 waived=0 fixed=0 "
	    "failing=2 fail_on=low result=fail\n");
}

/* ---------------------------------------------------------------------- */
/* The command line.                                                        */

static void
test_cli_fail_on_and_waivers(void **state)
{
	const char *root = *state;
	char *out, *err;

	TU_REQUIRE_ROOT();
	/* a fresh root: every jail directory is missing (high) */
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify",
	    "--fail-on", "critical", NULL), 2);
	assert_non_null(strstr(err, "--fail-on must be info, low, medium, high or none"));
	free(out);
	free(err);
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify",
	    "--fail-on", "none", NULL), 0);
	assert_non_null(strstr(out, "jailctl verify: host "));
	assert_non_null(strstr(out, ", profile debian, root "));
	assert_non_null(strstr(out, "; passed (--fail-on none)\n"));
	free(out);
	free(err);

	/* ROOT's waivers file accepts them all */
	tu_write(root, "etc/jailctl/waivers",
	    "tree.missing /var/mailjail/** reason=\"built by the image\"\n"
	    "tree.missing /etc/mail/** reason=\"sendmail comes later\"\n"
	    "cf.dbs reason=\"not checked by verify, so not stale\"\n", 0600);
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify", NULL), 0);
	assert_non_null(strstr(out, "high   /var/mailjail/var/spool: missing "));
	assert_non_null(strstr(out, "waived: built by the image\n"));
	assert_null(strstr(out, "waiver.stale"));
	free(out);
	free(err);
	/* quiet: nothing to say */
	assert_int_equal(tu_run(&out, &err, "-q", "-r", root, "-p", "debian", "verify",
	    NULL), 0);
	assert_string_equal(out, "");
	free(out);
	free(err);

	/* --waivers FILE (inside ROOT) replaces it; errors are FILE:LINE, exit 2 */
	tu_write(root, "srv/w", "tree.missing\n", 0600);
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify",
	    "--waivers", "/srv/w", NULL), 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "/srv/w:1: reason=\"...\" is required"));
	free(out);
	free(err);
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify",
	    "--waivers", "/srv/none", NULL), 2);
	assert_non_null(strstr(err, "/srv/none: cannot open waivers: No such file"));
	free(out);
	free(err);
	/* a stale waiver in a file that does apply */
	tu_write(root, "srv/w", "tree.links /nowhere reason=\"old\"\n", 0600);
	assert_int_equal(tu_run(&out, &err, "-r", root, "-p", "debian", "verify",
	    "--waivers", "/srv/w", NULL), 1);
	assert_non_null(strstr(out, "info   /srv/w: the waiver for tree.links on line 1 "
	    "matches no finding: remove it if the risk is gone [waiver.stale "
	    "key=tree.links]\n"));
	free(out);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_order_and_format),
		cmocka_unit_test(test_quiet_prints_only_what_fails),
		cmocka_unit_test(test_plurals_and_pass),
		cmocka_unit_test(test_fail_on),
		cmocka_unit_test_setup_teardown(test_waivers_apply, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_waivers_stale_and_json, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_waivers_bad, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_waivers_file_checks, tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_json_names),
		cmocka_unit_test(test_memory_stays_flat),
		cmocka_unit_test_setup_teardown(test_output_is_atomic, tu_setup_root, tu_teardown_root),
		cmocka_unit_test_setup_teardown(test_cli_fail_on_and_waivers, tu_setup_root, tu_teardown_root),
		cmocka_unit_test(test_syslog_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
