/*
 * testutil.h -- scratch roots and CLI runs for the cmocka tests.
 *
 * Every test tree lives under a fresh mkdtemp() directory in /tmp that is
 * used as --root; nothing here touches the real system.
 */
#ifndef JAILCTL_TESTUTIL_H
#define JAILCTL_TESTUTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <sys/types.h>

#include <cmocka.h>
#include <jansson.h>

/*
 * A scratch root with etc/passwd, etc/group, etc/shells and etc/os-release
 * (ID=debian) holding root, daemon, mail, smmta, smmsp, alice (1001) and
 * bob (1002), and an empty var/.  Returns a malloc'd path.
 */
char *tu_mkroot(void);
/* Remove a scratch root, never following symlinks out of it. */
void tu_rmroot(char *root);
/* Write ROOT/rel (parent directories created 0755) with mode. */
void tu_write(const char *root, const char *rel, const char *content, mode_t mode);
/* Append a line to ROOT/etc/passwd or group. */
void tu_append(const char *root, const char *rel, const char *line);
/* ROOT/rel as a malloc'd string. */
char *tu_path(const char *root, const char *rel);

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
/* Same, adding --format json, and parse stdout (asserts it parses). */
json_t *tu_run_json(int *status, ...) __attribute__((sentinel));

/* Findings in a report with this id (and path, unless NULL). */
size_t tu_count_findings(json_t *doc, const char *id, const char *path);
json_t *tu_find_finding(json_t *doc, const char *id, const char *path);

/* Findings above severity info (notices such as selinux.unavailable aside). */
size_t tu_problems(json_t *doc);

/* Skip the calling test unless running as root. */
#define TU_REQUIRE_ROOT() do { if (geteuid() != 0) { \
	print_message("skipped: needs root\n"); skip(); } } while (0)

#endif
