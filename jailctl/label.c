/* label.c -- see label.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <selinux/label.h>
#include <selinux/selinux.h>

#include "escape.h"
#include "fsutil.h"
#include "label.h"
#include "util.h"

#define errf(fmt, raw) __extension__ ({				\
	char *e_ = escape_text(raw);					\
	char *m_ = xasprintf(fmt, e_);					\
	free(e_);							\
	m_;								\
})

/* SELinux user, role and type names: letters, digits, '_', '.', '-'. */
static bool
ident_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

/* An MLS/MCS range such as "s0", "s0-s0:c0.c1023", "s0:c1,c2". */
static bool
range_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!ident_ok(s, 1) && *s != ':' && *s != ',')
			return false;
	return true;
}

int
label_parse(const char *text, enum label_kind *kind, const char **as,
    char **err)
{
	const char *p = text, *colon;

	*err = NULL;
	*as = NULL;
	if (strcmp(text, "policy") == 0) {
		*kind = LABEL_POLICY;
		return 0;
	}
	if (strncmp(text, "policy:", 7) == 0) {
		const char *path = text + 7;
		if (path[0] != '/' || strstr(path, "//") != NULL ||
		    strstr(path, "/./") != NULL || strstr(path, "/../") != NULL ||
		    (strlen(path) >= 2 && (strcmp(path + strlen(path) - 2, "/.") == 0)) ||
		    (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0) ||
		    (strlen(path) > 1 && path[strlen(path) - 1] == '/')) {
			*err = errf("context 'policy:%s': the path must be absolute "
			    "and normalised", path);
			return -EINVAL;
		}
		*kind = LABEL_POLICY_AS;
		*as = path;
		return 0;
	}
	/* user:role:type[:range] */
	for (int field = 0; field < 3; field++) {
		colon = strchr(p, ':');
		size_t n = colon != NULL ? (size_t)(colon - p) : strlen(p);
		if (!ident_ok(p, n) || (field < 2 && colon == NULL))
			goto bad;
		p = colon != NULL ? colon + 1 : p + n;
		if (field == 2 && colon == NULL)
			p = NULL;
	}
	if (p != NULL && !range_ok(p))
		goto bad;
	*kind = LABEL_EXPLICIT;
	return 0;
bad:
	*err = errf("context '%s' is not 'policy', 'policy:/PATH' or "
	    "user:role:type[:range]", text);
	return -EINVAL;
}

/* libselinux logs to stderr by default; modules never print. */
static int
quiet_log(int type, const char *fmt, ...)
{
	(void)type;
	(void)fmt;
	return 0;
}

static struct selabel_handle *
open_handle(const char *path, int *err)
{
	/*
	 * VALIDATE 0: the contexts are not checked against the running
	 * policy, which a build host or a test machine does not have; the
	 * kernel validates a label when we set one.
	 */
	struct selinux_opt opts[] = {
		{ SELABEL_OPT_VALIDATE, NULL },
		{ SELABEL_OPT_PATH, path },
	};
	struct selabel_handle *h;

	selinux_set_callback(SELINUX_CB_LOG,
	    (union selinux_callback){ .func_log = quiet_log });
	errno = 0;
	h = selabel_open(SELABEL_CTX_FILE, opts, path != NULL ? 2 : 1);
	if (h == NULL)
		*err = errno != 0 ? -errno : -EINVAL;
	return h;
}

struct selabel_handle *
label_open_file(const char *path, int *err)
{
	struct stat st;

	/* selabel_open() would take a directory or a FIFO as well; refuse. */
	if (stat(path, &st) != 0) {
		*err = -errno;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = -EINVAL;
		return NULL;
	}
	return open_handle(path, err);
}

/* SELINUXTYPE= from an selinux config stream; malloc'd or NULL. */
static char *
config_type(FILE *f)
{
	char line[512], *type = NULL;

	while (fgets(line, sizeof(line), f) != NULL) {
		char *p = line, *end;

		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, "SELINUXTYPE=", 12) != 0)
			continue;
		p += 12;
		end = p + strcspn(p, " \t\r\n#");
		*end = '\0';
		if (*p == '"' && end - p >= 2 && end[-1] == '"') {
			end[-1] = '\0';
			p++;
		}
		free(type);
		type = xstrdup(p);
	}
	return type;
}

/*
 * The companions libselinux opens by name next to file_contexts (each text
 * file may also come compiled, as NAME.bin, which it prefers when newer).
 * Through /proc/self/fd/N/NAME a symlink among them would be resolved by
 * the kernel against the host's / -- or climb out of ROOT with .. -- and
 * the host's rules and substitutions would pass for the root's: each must
 * be absent or a plain file.  (ROOT changing under us while libselinux
 * reads it is not something a check here could stop.)
 */
static bool
companions_plain(int dfd)
{
	static const char *const names[] = {
		"file_contexts.bin", "file_contexts.homedirs",
		"file_contexts.homedirs.bin", "file_contexts.local",
		"file_contexts.local.bin", "file_contexts.subs",
		"file_contexts.subs_dist",
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISREG(st.st_mode))
			return false;
	return true;
}

struct selabel_handle *
label_open_root(int root_fd, int *err)
{
	struct selabel_handle *h = NULL;
	char *type, *dir, proc[64];
	struct stat st;
	FILE *f;
	int fd, dfd;

	/* follow=true: an absolute symlink inside ROOT stays inside ROOT. */
	/* Only a regular file is opened: a device or FIFO never is. */
	fd = open_regular_beneath(root_fd, "etc/selinux/config", &st);
	if (fd < 0) {
		*err = fd == -EISDIR ? -EINVAL : fd;
		return NULL;
	}
	if ((f = fdopen(fd, "re")) == NULL) {
		close(fd);
		*err = -EINVAL;
		return NULL;
	}
	type = config_type(f);
	fclose(f);
	if (type == NULL) {
		*err = -ENOENT;
		return NULL;
	}
	if (*type == '\0' || strchr(type, '/') != NULL || strcmp(type, ".") == 0 ||
	    strcmp(type, "..") == 0) {
		free(type);
		*err = -EINVAL;
		return NULL;
	}
	dir = xasprintf("etc/selinux/%s/contexts/files", type);
	free(type);
	dfd = open_beneath(root_fd, dir, O_RDONLY | O_DIRECTORY, true);
	free(dir);
	if (dfd < 0) {
		*err = dfd;
		return NULL;
	}
	/*
	 * libselinux opens file_contexts by name and then its companions
	 * (.local, .homedirs, .subs_dist, .bin) next to it, so we hand it the
	 * directory we opened beneath ROOT as /proc/self/fd/N.  The main file
	 * itself must be a plain file there, not a symlink that could lead
	 * out of ROOT.
	 */
	if (fstatat(dfd, "file_contexts", &st, AT_SYMLINK_NOFOLLOW) != 0) {
		*err = -errno;
	} else if (!S_ISREG(st.st_mode) || !companions_plain(dfd)) {
		*err = -ELOOP;
	} else {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d/file_contexts", dfd);
		h = open_handle(proc, err);
	}
	close(dfd);
	return h;
}

struct selabel_handle *
label_open_running(int *err)
{
	if (is_selinux_enabled() > 0)
		return open_handle(NULL, err);
	/*
	 * Not enabled, but a policy may be installed (an image being
	 * prepared, SELinux booted off): use its file_contexts if present.
	 */
	const char *path = selinux_file_context_path();
	if (path == NULL || access(path, R_OK) != 0) {
		*err = path == NULL ? -ENOENT : -errno;
		return NULL;
	}
	return open_handle(NULL, err);
}

void
label_close(struct selabel_handle *h)
{
	if (h != NULL)
		selabel_close(h);
}

char *
label_equiv_path(const char *as, const char *anchor, const char *path)
{
	size_t n;

	if (anchor == NULL || strcmp(anchor, path) == 0)
		return xstrdup(as);
	if (strcmp(anchor, "/") == 0)
		return strcmp(as, "/") == 0 ? xstrdup(path) : xasprintf("%s%s", as, path);
	n = strlen(anchor);
	if (strncmp(anchor, path, n) == 0 && path[n] == '/')
		return strcmp(as, "/") == 0 ? xstrdup(path + n) :
		    xasprintf("%s%s", as, path + n);
	return xstrdup(as);
}

int
label_lookup(struct selabel_handle *h, const char *path, mode_t type, char **con)
{
	char *c = NULL;

	*con = NULL;
	if (selabel_lookup_raw(h, &c, path, (int)(type & S_IFMT)) != 0)
		return errno != 0 ? -errno : -ENOENT;
	*con = xstrdup(c);
	freecon(c);
	return 0;
}

int
label_get(int fd, char **con)
{
	char *c = NULL;

	*con = NULL;
	if (fgetfilecon_raw(fd, &c) < 0) {
		int e = errno;
		return e == EOPNOTSUPP ? -ENOTSUP : -e;
	}
	*con = xstrdup(c);
	freecon(c);
	return 0;
}

int
label_set(int fd, const char *con)
{
	return fsetfilecon_raw(fd, con) == 0 ? 0 : -errno;
}
