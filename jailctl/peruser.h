/*
 * peruser.h -- the users a per-user entry (dir ... users=) is made for.
 *
 * sendmail never creates directories: a .forward line /home/alice/mbox
 * under a SafeFileEnvironment fails unless JAIL/home/alice exists and is
 * alice's.  A profile says so once, with a template
 *
 *	dir /home/%name  %name %group 0700  users=forward
 *
 * and this module turns it into one concrete entry per selected user,
 * which the tree engine then creates, repairs or checks like any other.
 * users=forward selects the users whose .forward, read exactly as
 * `jailctl audit forward` reads it, writes a file inside their directory;
 * users=MIN-MAX the login users (a shell /etc/shells accepts) in that uid
 * range.
 *
 * Everything streams: passwd is read one entry at a time, and the check
 * for directories of users who are gone reads the directory in bounded
 * chunks, so memory does not grow with the number of users.
 */
#ifndef JAILCTL_PERUSER_H
#define JAILCTL_PERUSER_H

struct context;
struct entry;
struct report;

/* Called with each concrete entry; e and its strings live for the call. */
typedef void peruser_fn(void *arg, const struct entry *e);

/*
 * fn for every user tmpl selects, in passwd order.  Users whose name cannot
 * be a directory name, and a users=forward that cannot read sendmail.cf,
 * are findings in rep.  Returns 0 or -errno (passwd unreadable).
 */
int peruser_each(struct context *ctx, struct report *rep,
    const struct entry *tmpl, peruser_fn *fn, void *arg);

/*
 * Directories in parent_fd (the template's parent directory, `parent`
 * inside ROOT, for messages) that have the template's shape but are named
 * after no user: a finding each, never touched.
 */
void peruser_stale(struct context *ctx, struct report *rep, int parent_fd,
    const char *parent, const struct entry *tmpl);

#endif
