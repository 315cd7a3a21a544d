/* testutil.c -- see testutil.h. */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <acl/libacl.h>
#include <sys/acl.h>

#include "testutil.h"

#include "report.h"

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
    "smmta:x:115:121:Mail Transfer Agent:/var/lib/sendmail:/usr/sbin/nologin\n"
    "smmsp:x:116:122:Mail Submission Program:/var/lib/sendmail:/usr/sbin/nologin\n"
    "alice:x:1001:1001:Alice:/home/alice:/bin/bash\n"
    "bob:x:1002:1002:Bob:/home/bob:/bin/bash\n";
static const char group[] =
    "root:x:0:\ndaemon:x:1:\nmail:x:8:\nsmmta:x:121:\nsmmsp:x:122:smmta\n"
    "alice:x:1001:\nbob:x:1002:\n";

char *
tu_path(const char *root, const char *rel)
{
	char *p;

	while (*rel == '/')
		rel++;
	assert_true(asprintf(&p, "%s/%s", root, rel) > 0);
	return p;
}

int
tu_open_root(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		fail_msg("cannot open %s: %s", root, strerror(errno));
	return fd;
}

/*
 * The directory rel beneath dirfd, one component at a time without
 * following symlinks; missing ones are made 0755 when `make` is set.
 */
static int
walk(int dirfd, const char *rel, bool make)
{
	char *copy = strdup(rel), *p, *next;
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);

	assert_non_null(copy);
	assert_true(fd >= 0);
	for (p = copy; p != NULL; p = next) {
		int sub;

		next = strchr(p, '/');
		if (next != NULL)
			*next++ = '\0';
		if (*p == '\0')
			continue;
		if (make && mkdirat(fd, p, 0755) != 0)
			assert_int_equal(errno, EEXIST);
		sub = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			fail_msg("cannot open directory %s of %s: %s", p, rel,
			    strerror(errno));
		close(fd);
		fd = sub;
	}
	free(copy);
	return fd;
}

int
tu_mkdirs_at(int dirfd, const char *rel)
{
	return walk(dirfd, rel, true);
}

/*
 * The directory holding ROOT/rel, open (made, with `make`, 0755 where
 * missing); *name is rel's last component.
 */
static int
open_parent(const char *root, const char *rel, bool make, const char **name)
{
	const char *slash;
	char *dir;
	int rfd, fd;

	while (*rel == '/')
		rel++;
	slash = strrchr(rel, '/');
	*name = slash != NULL ? slash + 1 : rel;
	assert_true(**name != '\0');
	dir = strndup(rel, (size_t)(*name - rel));
	assert_non_null(dir);
	rfd = tu_open_root(root);
	fd = walk(rfd, dir, make);
	close(rfd);
	free(dir);
	return fd;
}

int
tu_open_parent(const char *root, const char *rel, const char **name)
{
	return open_parent(root, rel, true, name);
}

void
tu_mkdir(const char *root, const char *rel, mode_t mode)
{
	const char *name;
	int dir = open_parent(root, rel, true, &name), fd;

	if (mkdirat(dir, name, mode) != 0)
		assert_int_equal(errno, EEXIST);
	fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	close(dir);
}

/* Create or truncate ROOT/rel (parents made 0755) open with `access`. */
static int
create(const char *root, const char *rel, int access, const void *buf,
    size_t len, mode_t mode)
{
	const char *name;
	int dir = open_parent(root, rel, true, &name), fd;

	fd = openat(dir, name, access | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		fail_msg("cannot create %s: %s", rel, strerror(errno));
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(dir);
	return fd;
}

int
tu_create(const char *root, const char *rel, const void *buf, size_t len,
    mode_t mode)
{
	return create(root, rel, O_RDWR, buf, len, mode);
}

void
tu_write_bytes(const char *root, const char *rel, const void *buf, size_t len,
    mode_t mode)
{
	close(create(root, rel, O_WRONLY, buf, len, mode));
}

void
tu_write(const char *root, const char *rel, const char *content, mode_t mode)
{
	tu_write_bytes(root, rel, content, strlen(content), mode);
}

char *
tu_write_profile(const char *root, const char *rel, const char *text)
{
	tu_write(root, rel, text, 0644);
	return tu_path(root, rel);
}

void
tu_append(const char *root, const char *rel, const char *line)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name), fd;
	size_t len = strlen(line);

	/* Created like fopen(.., "a") would: 0666 less the umask. */
	fd = openat(dir, name, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW |
	    O_CLOEXEC, 0666);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, line, len), (ssize_t)len);
	assert_int_equal(write(fd, "\n", 1), 1);
	close(fd);
	close(dir);
}

void
tu_symlink(const char *root, const char *target, const char *rel)
{
	const char *name;
	int dir = open_parent(root, rel, true, &name);

	assert_int_equal(symlinkat(target, dir, name), 0);
	close(dir);
}

void
tu_mkfifo(const char *root, const char *rel, mode_t mode)
{
	const char *name;
	int dir = open_parent(root, rel, true, &name);

	assert_int_equal(mkfifoat(dir, name, 0600), 0);
	close(dir);
	/* Set on the FIFO itself, so the umask does not change the mode. */
	tu_chmod(root, rel, mode);
}

void
tu_link(const char *root, const char *existing, const char *rel)
{
	const char *old, *name;
	int odir = open_parent(root, existing, false, &old);
	int dir = open_parent(root, rel, true, &name);

	/* No AT_SYMLINK_FOLLOW: a symlink is linked, not its target. */
	assert_int_equal(linkat(odir, old, dir, name, 0), 0);
	close(dir);
	close(odir);
}

void
tu_chown(const char *root, const char *rel, uid_t uid, gid_t gid)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name);

	assert_int_equal(fchownat(dir, name, uid, gid, AT_SYMLINK_NOFOLLOW), 0);
	close(dir);
}

void
tu_chmod(const char *root, const char *rel, mode_t mode)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name), fd;

	/* O_NONBLOCK: a FIFO opens without waiting for a writer. */
	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
	close(dir);
}

void
tu_rmdir(const char *root, const char *rel)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name);

	assert_int_equal(unlinkat(dir, name, AT_REMOVEDIR), 0);
	close(dir);
}

void
tu_unlink(const char *root, const char *rel)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name);

	assert_int_equal(unlinkat(dir, name, 0), 0);
	close(dir);
}

void
tu_set_acl_fd(int fd, const char *text)
{
	acl_t acl = acl_from_text(text);

	assert_non_null(acl);
	assert_int_equal(acl_set_fd(fd, acl), 0);
	acl_free(acl);
}

void
tu_set_acl(const char *root, const char *rel, const char *text)
{
	const char *name;
	int dir = open_parent(root, rel, false, &name), fd;

	fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	assert_true(fd >= 0);
	tu_set_acl_fd(fd, text);
	close(fd);
	close(dir);
}

char *
tu_mkroot(void)
{
	char tmpl[] = "/tmp/jailctl-test.XXXXXX";
	char *root;
	int fd;

	assert_non_null(mkdtemp(tmpl));
	root = strdup(tmpl);
	fd = tu_open_root(root);
	/* A root must look like one: root-owned, not writable by others. */
	assert_int_equal(fchmod(fd, 0755), 0);
	tu_write(root, "etc/passwd", passwd, 0644);
	tu_write(root, "etc/group", group, 0644);
	tu_write(root, "etc/shells", "/bin/sh\n/bin/bash\n/usr/bin/bash\n", 0644);
	tu_write(root, "etc/os-release", "ID=debian\nPRETTY_NAME=\"scratch\"\n", 0644);
	assert_int_equal(mkdirat(fd, "var", 0755), 0);
	close(fd);
	return root;
}

/*
 * Remove everything below dirfd and close it, without following symlinks
 * or crossing into another file system.  Strict: every removal must work;
 * otherwise removal goes on past what cannot be removed.
 */
static void
remove_below(int dirfd, bool strict)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *e;
	struct stat top;

	assert_non_null(d);
	assert_int_equal(fstat(dirfd, &top), 0);
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int r, sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		r = fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW);
		if (strict)
			assert_int_equal(r, 0);
		if (r != 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			r = unlinkat(dirfd, e->d_name, 0);
		} else if (st.st_dev == top.st_dev) {
			sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
			if (strict)
				assert_true(sub >= 0);
			if (sub >= 0)
				remove_below(sub, strict);
			r = unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
		}
		if (strict)
			assert_int_equal(r, 0);
	}
	assert_int_equal(closedir(d), 0);
}

void
tu_rmtree(const char *path)
{
	remove_below(tu_open_root(path), true);
	assert_int_equal(rmdir(path), 0);
}

void
tu_rmroot(char *root)
{
	int fd;

	if (root == NULL)
		return;
	assert_int_equal(strncmp(root, "/tmp/", 5), 0);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		remove_below(fd, false);
		(void)rmdir(root);
	}
	free(root);
}

int
tu_setup_root(void **state)
{
	*state = tu_mkroot();
	return 0;
}

int
tu_teardown_root(void **state)
{
	tu_rmroot(*state);
	return 0;
}

char *
tu_read_file(const char *path)
{
	FILE *in = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	char chunk[4096];
	size_t n;

	if (in == NULL)
		fail_msg("cannot read %s: %s", path, strerror(errno));
	assert_non_null(mem);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, mem), n);
	assert_false(ferror(in));
	fclose(in);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

const char *
tu_srcdir(void)
{
	const char *s = getenv("JAILCTL_SRCDIR");

	return s != NULL ? s : ".";
}

char *
tu_srcfile(const char *rel)
{
	return tu_path(tu_srcdir(), rel);
}

static char *
slurp(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	return buf;
}

int
tu_runv(char **out, char **err, char *const argv[])
{
	return tu_runv_as((uid_t)-1, (gid_t)-1, out, err, argv);
}

int
tu_runv_as(uid_t uid, gid_t gid, char **out, char **err, char *const argv[])
{
	const char *bin = getenv("JAILCTL_BIN");
	char tmpl_o[] = "/tmp/jailctl-out.XXXXXX", tmpl_e[] = "/tmp/jailctl-err.XXXXXX";
	int fo = mkstemp(tmpl_o), fe = mkstemp(tmpl_e), status;
	pid_t pid;

	assert_true(fo >= 0 && fe >= 0);
	unlink(tmpl_o);
	unlink(tmpl_e);
	if (bin == NULL)
		bin = "jailctl/jailctl";
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t n = 0;
		while (argv[n] != NULL)
			n++;
		char **av = calloc(n + 2, sizeof(*av));
		av[0] = (char *)bin;
		memcpy(av + 1, argv, n * sizeof(*av));
		dup2(fo, 1);
		dup2(fe, 2);
		if (uid != (uid_t)-1 && (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
		    setresuid(uid, uid, uid) != 0))
			_exit(127);
		/* Run from the source tree, so ./profiles is found. */
		if (chdir(tu_srcdir()) != 0)
			_exit(127);
		execv(bin, av);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	lseek(fo, 0, SEEK_SET);
	lseek(fe, 0, SEEK_SET);
	if (out != NULL)
		*out = slurp(fo);
	if (err != NULL)
		*err = slurp(fe);
	close(fo);
	close(fe);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

#define MAX_ARGS 64

/* The NULL-terminated arguments in ap, into argv[MAX_ARGS]. */
static void
collect_args(char *argv[], va_list ap)
{
	size_t n = 0;

	while ((argv[n] = va_arg(ap, char *)) != NULL)
		assert_true(++n < MAX_ARGS - 1);
}

int
tu_run(char **out, char **err, ...)
{
	char *argv[MAX_ARGS];
	va_list ap;

	va_start(ap, err);
	collect_args(argv, ap);
	va_end(ap);
	return tu_runv(out, err, argv);
}

/*
 * Keep a copy of a JSON document jailctl printed in $JAILCTL_JSON_LOG (a
 * directory), where `make check` validates them all against the schema
 * (scripts/report.schema.json) in one go.
 */
static void
log_json(const char *text, size_t len)
{
	static unsigned n;
	const char *dir = getenv("JAILCTL_JSON_LOG");
	char *path;
	FILE *f;

	if (dir == NULL || *dir == '\0')
		return;
	assert_true(asprintf(&path, "%s/%ld-%u.json", dir, (long)getpid(), n++) > 0);
	f = fopen(path, "w");
	if (f != NULL) {
		fwrite(text, 1, len, f);
		fclose(f);
	}
	free(path);
}

/* stdout of a run as JSON; shows both streams if it is not.  Frees them. */
static json_t *
parse_output(char *out, char *err)
{
	json_error_t je;
	json_t *doc = json_loads(out, 0, &je);

	if (doc != NULL)
		log_json(out, strlen(out));

	if (doc == NULL)
		print_error("not JSON (%s): stdout=%s stderr=%s\n", je.text, out, err);
	assert_non_null(doc);
	free(out);
	free(err);
	return doc;
}

json_t *
tu_run_jsonv(int *status, char *const argv[])
{
	char *av[MAX_ARGS], *out, *err;
	size_t n = 0, i;

	/* --format json goes where options still count: before a `--`. */
	for (i = 0; argv[i] != NULL && strcmp(argv[i], "--") != 0; i++) {
		assert_true(n < MAX_ARGS - 3);
		av[n++] = argv[i];
	}
	av[n++] = (char *)"--format";
	av[n++] = (char *)"json";
	for (; argv[i] != NULL; i++) {
		assert_true(n < MAX_ARGS - 1);
		av[n++] = argv[i];
	}
	av[n] = NULL;
	*status = tu_runv(&out, &err, av);
	return parse_output(out, err);
}

json_t *
tu_run_json(int *status, ...)
{
	char *argv[MAX_ARGS];
	va_list ap;

	va_start(ap, status);
	collect_args(argv, ap);
	va_end(ap);
	return tu_run_jsonv(status, argv);
}

json_t *
tu_run_json_expect(int want, ...)
{
	char *argv[MAX_ARGS];
	va_list ap;
	int st;
	json_t *doc;

	va_start(ap, want);
	collect_args(argv, ap);
	va_end(ap);
	doc = tu_run_jsonv(&st, argv);
	if (st != want) {
		tu_dump(doc);
		print_error("exit %d, wanted %d\n", st, want);
	}
	assert_int_equal(st, want);
	return doc;
}

void
tu_report_begin(struct tu_report *r, const struct report_header *h)
{
	memset(r, 0, sizeof(*r));
	r->out = open_memstream(&r->buf, &r->len);
	assert_non_null(r->out);
	r->rep = report_new(h, FORMAT_JSON, false, r->out);
	assert_non_null(r->rep);
}

json_t *
tu_report_end(struct tu_report *r, int *status)
{
	json_error_t je;
	json_t *doc;
	int st = report_finish(r->rep);

	assert_int_equal(fclose(r->out), 0);
	doc = json_loadb(r->buf, r->len, 0, &je);
	if (doc == NULL)
		print_error("not JSON: %s\n%s\n", je.text, r->buf);
	else
		log_json(r->buf, r->len);
	assert_non_null(doc);
	free(r->buf);
	if (status != NULL)
		*status = st;
	return doc;
}

const char *
tu_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

size_t
tu_nfindings(json_t *doc)
{
	return json_array_size(json_object_get(doc, "findings"));
}

void
tu_dump(json_t *doc)
{
	char *s = json_dumps(doc, JSON_INDENT(1));

	print_message("%s\n", s);
	free(s);
}

json_t *
tu_expect_finding(json_t *doc, const char *id, const char *path,
    const char *severity)
{
	json_t *f = tu_find_finding(doc, id, path);

	if (f == NULL) {
		tu_dump(doc);
		fail_msg("no finding %s for %s", id, path ? path : "(any)");
	}
	assert_string_equal(tu_str(f, "severity"), severity);
	return f;
}

void
tu_expect_no_finding(json_t *doc, const char *id, const char *path)
{
	if (tu_count_findings(doc, id, path) != 0) {
		tu_dump(doc);
		fail_msg("unexpected finding %s for %s", id, path ? path : "(any)");
	}
}

/* Is f the finding with this id (and path, unless NULL)? */
static bool
finding_is(json_t *f, const char *id, const char *path)
{
	const char *fp = tu_str(f, "path");

	return strcmp(tu_str(f, "id"), id) == 0 &&
	    (path == NULL || (fp != NULL && strcmp(fp, path) == 0));
}

json_t *
tu_find_finding(json_t *doc, const char *id, const char *path)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "findings"), i, f)
		if (finding_is(f, id, path))
			return f;
	return NULL;
}

size_t
tu_count_findings(json_t *doc, const char *id, const char *path)
{
	json_t *f;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "findings"), i, f)
		if (finding_is(f, id, path))
			n++;
	return n;
}

size_t
tu_problems(json_t *doc)
{
	json_t *f;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "findings"), i, f)
		if (strcmp(tu_str(f, "severity"), "info") != 0)
			n++;
	return n;
}

static int openat2_err, openat2_left;

void
tu_fail_openat2(int err, int count)
{
	openat2_err = err;
	openat2_left = count;
}

int
tu_openat2_failures_left(void)
{
	return openat2_left;
}

long
syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_openat2 && openat2_left != 0) {
		if (openat2_left > 0)
			openat2_left--;
		errno = openat2_err;
		return -1;
	}
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

mode_t
tu_mode(const char *root, const char *rel)
{
	char *p = tu_path(root, rel);
	struct stat st;
	int r = lstat(p, &st);

	free(p);
	if (r != 0 && errno == ENOENT)
		return (mode_t)-1;
	assert_int_equal(r, 0);
	return st.st_mode & 07777;
}

char *
tu_changes_text(json_t *doc)
{
	json_t *c;
	size_t i;
	char *out = strdup("");

	assert_non_null(out);
	json_array_foreach(json_object_get(doc, "changes"), i, c) {
		char *next;
		const char *after = tu_str(c, "after");

		assert_true(asprintf(&next, "%s%s %s %s\n", out, tu_str(c, "path"),
		    tu_str(c, "attribute"), after ? after : "-") >= 0);
		free(out);
		out = next;
	}
	return out;
}

bool
tu_lexists(const char *root, const char *rel, struct stat *st)
{
	char *p = tu_path(root, rel);
	struct stat tmp;
	bool there = lstat(p, st != NULL ? st : &tmp) == 0;

	free(p);
	return there;
}
