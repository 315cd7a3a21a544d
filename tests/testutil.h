/*
 * testutil.h -- scratch roots and CLI runs for the cmocka tests.
 *
 * Every test tree lives under a fresh mkdtemp() directory in /tmp that is
 * used as --root; nothing here touches the real system.  The helpers that
 * change ROOT/rel reach it one component at a time from ROOT with
 * O_NOFOLLOW and change it through a file descriptor, so a symlink inside
 * the scratch tree never takes them out of it.
 */
#ifndef JAILCTL_TESTUTIL_H
#define JAILCTL_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cmocka.h>
#include <jansson.h>

struct report;
struct report_header;

/*
 * A scratch root with etc/passwd, etc/group, etc/shells and etc/os-release
 * (ID=debian) holding root, daemon, mail, smmta, smmsp, alice (1001) and
 * bob (1002), and an empty var/.  Returns a malloc'd path.
 */
char *tu_mkroot(void);
/* Remove a scratch root as far as possible, never following symlinks out of it. */
void tu_rmroot(char *root);
/* Remove the directory at path and all below it; every removal must work. */
void tu_rmtree(const char *path);
/* cmocka fixtures: *state is a fresh tu_mkroot(), removed afterwards. */
int tu_setup_root(void **state);
int tu_teardown_root(void **state);

/* ROOT/rel as a malloc'd string. */
char *tu_path(const char *root, const char *rel);
/* ROOT opened as a directory (asserts it opens). */
int tu_open_root(const char *root);
/* mkdir -p rel beneath dirfd (new directories 0755); returns the last one open. */
int tu_mkdirs_at(int dirfd, const char *rel);
/* The directory holding ROOT/rel, open (made 0755 where missing); *name is rel's last part. */
int tu_open_parent(const char *root, const char *rel, const char **name);

/* ROOT/rel as a directory with mode, parents made 0755; an existing one gets mode. */
void tu_mkdir(const char *root, const char *rel, mode_t mode);
/* Write ROOT/rel (parent directories created 0755) with mode. */
void tu_write(const char *root, const char *rel, const char *content, mode_t mode);
void tu_write_bytes(const char *root, const char *rel, const void *buf,
    size_t len, mode_t mode);
/* The same, returning the file open read-write (offset at its end). */
int tu_create(const char *root, const char *rel, const void *buf, size_t len,
    mode_t mode);
/* A profile written (0644) as ROOT/rel; returns its path, malloc'd. */
char *tu_write_profile(const char *root, const char *rel, const char *text);
/* Append a line (and a newline) to ROOT/rel, e.g. etc/passwd or etc/group. */
void tu_append(const char *root, const char *rel, const char *line);
/* ROOT/rel as a symlink to target (parents made 0755). */
void tu_symlink(const char *root, const char *target, const char *rel);
/* ROOT/rel as a FIFO with mode (parents made 0755). */
void tu_mkfifo(const char *root, const char *rel, mode_t mode);
/* ROOT/rel as a hard link to ROOT/existing (parents made 0755). */
void tu_link(const char *root, const char *existing, const char *rel);
/* Owner and group of ROOT/rel itself (a symlink is not followed). */
void tu_chown(const char *root, const char *rel, uid_t uid, gid_t gid);
/* Mode of ROOT/rel (which must not be a symlink). */
void tu_chmod(const char *root, const char *rel, mode_t mode);
/* Permission bits of ROOT/rel itself (not followed), or (mode_t)-1 if it does not exist. */
mode_t tu_mode(const char *root, const char *rel);
/* Remove the empty directory ROOT/rel. */
void tu_rmdir(const char *root, const char *rel);
/* Remove ROOT/rel, which is not a directory. */
void tu_unlink(const char *root, const char *rel);
/* The access ACL, from setfacl-style text ("u::rwx,u:1001:rwx,..."). */
void tu_set_acl(const char *root, const char *rel, const char *text);
void tu_set_acl_fd(int fd, const char *text);
/* A whole file (of the source tree, say) as a malloc'd string. */
char *tu_read_file(const char *path);

/* The source tree (JAILCTL_SRCDIR, or "."), and a file in it. */
const char *tu_srcdir(void);
char *tu_srcfile(const char *rel);

/*
 * Run the jailctl under test (JAILCTL_BIN, else jailctl/jailctl) with the
 * NULL-terminated arguments; stdout and stderr are captured into malloc'd
 * strings (either pointer may be NULL).  Returns the exit status.
 */
int tu_run(char **out, char **err, ...) __attribute__((sentinel));
int tu_runv(char **out, char **err, char *const argv[]);
/* The same as user uid, group gid, no supplementary groups (uid -1: as we are). */
int tu_runv_as(uid_t uid, gid_t gid, char **out, char **err, char *const argv[]);
/*
 * Same, adding --format json (before a `--`, so it stays an option), and
 * parse stdout (asserts it parses).
 */
json_t *tu_run_json(int *status, ...) __attribute__((sentinel));
json_t *tu_run_jsonv(int *status, char *const argv[]);
/* The same, asserting the exit status; the document is dumped when it differs. */
json_t *tu_run_json_expect(int want, ...) __attribute__((sentinel));

/*
 * A JSON report written into memory, for tests that call a command's
 * module in-process: begin, feed r->rep, end to get the parsed document
 * (and report_finish()'s status, unless status is NULL).
 */
struct tu_report {
	struct report *rep;
	char *buf;
	size_t len;
	FILE *out;
};
void tu_report_begin(struct tu_report *r, const struct report_header *h);
json_t *tu_report_end(struct tu_report *r, int *status);

/* A string member of a JSON object (NULL if absent or not a string). */
const char *tu_str(json_t *obj, const char *key);
/* All findings of a report; with this id (and path, unless NULL). */
size_t tu_nfindings(json_t *doc);
size_t tu_count_findings(json_t *doc, const char *id, const char *path);
json_t *tu_find_finding(json_t *doc, const char *id, const char *path);
/*
 * The finding with this id (and path, unless NULL) must exist with this
 * severity / must not exist; the report is printed when it is not so.
 */
json_t *tu_expect_finding(json_t *doc, const char *id, const char *path,
    const char *severity);
void tu_expect_no_finding(json_t *doc, const char *id, const char *path);
/*
 * A report's changes, one "PATH ATTRIBUTE AFTER\n" line each, in order
 * (malloc'd): what --dry-run predicts compares equal to what the run did.
 */
char *tu_changes_text(json_t *doc);
/* Does ROOT/rel exist (not following a final symlink)?  *st if not NULL. */
bool tu_lexists(const char *root, const char *rel, struct stat *st);
/* Print a report (on a failure, to show what there was instead). */
void tu_dump(json_t *doc);

/* Findings above severity info (notices such as selinux.unavailable aside). */
size_t tu_problems(json_t *doc);

/*
 * Make the next `count` openat2() calls of this process fail with `err`
 * (count < 0: every one), as an old kernel (ENOSYS) or a racing rename
 * (EAGAIN) would.  testutil's syscall() stands in for libc's to stage it;
 * with no failure staged it passes every call through.
 */
void tu_fail_openat2(int err, int count);
/* How many staged failures are left. */
int tu_openat2_failures_left(void);

/* Skip the calling test unless running as root. */
#define TU_REQUIRE_ROOT() do { if (geteuid() != 0) { \
	print_message("skipped: needs root\n"); skip(); } } while (0)

#endif
