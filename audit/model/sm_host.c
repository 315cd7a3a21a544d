/*
 * sm_host.c -- see sm_host.h.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fsutil.h"
#include "sendmail_cf.h"
#include "sm_host.h"
#include "util.h"

/* More than any real hosts file; the rest is not read. */
#define HOSTS_CAP (1024 * 1024)
/* sendmail's MAXNAME-sized host buffer. */
#define HOSTBUF 256

static void
names_free(char **v)
{
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* Up to cap bytes of a regular file beneath root, NUL-terminated, or NULL. */
static char *
slurp(int root_fd, const char *path, size_t cap)
{
	struct stat st;
	int fd = open_regular_beneath(root_fd, path, &st);
	char *buf;
	size_t len = 0;

	if (fd < 0)
		return NULL;
	buf = xmalloc(cap + 1);
	while (len < cap) {
		ssize_t n = read(fd, buf + len, cap - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	(void)close(fd);
	buf[len] = '\0';
	return buf;
}

/* gethostname(): ROOT/etc/hostname's first line, trimmed; else uname(). */
static char *
host_name(int root_fd, bool real_root, const char **from)
{
	char *buf = slurp(root_fd, "/etc/hostname", HOSTBUF), *p, *e;
	struct utsname u;

	if (buf != NULL) {
		buf[strcspn(buf, "\r\n")] = '\0';
		for (p = buf; isspace((unsigned char)*p); p++)
			;
		e = p + strlen(p);
		while (e > p && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (*p != '\0') {
			*from = "/etc/hostname";
			p = xstrdup(p);
			free(buf);
			return p;
		}
		free(buf);
	}
	if (real_root && uname(&u) == 0 && u.nodename[0] != '\0') {
		*from = "the running system's host name";
		return xstrdup(u.nodename);
	}
	/* myhostname(): an empty name becomes "localhost" */
	*from = "no host name (sendmail uses localhost)";
	return xstrdup("localhost");
}

/*
 * gethostbyname2(name, family) answered from the hosts file: the first
 * line of that family that lists name.  Returns the line's names (first =
 * h_name) as a malloc'd NULL-terminated vector, or NULL.
 */
static char **
hosts_lookup(const char *hosts, const char *name, int family)
{
	const char *line = hosts;

	while (line != NULL && *line != '\0') {
		const char *next = strchr(line, '\n');
		size_t len = next != NULL ? (size_t)(next - line) : strlen(line);
		char *copy = xstrndup(line, len), *save = NULL, *tok;
		unsigned char addr[16];
		char **names = NULL;
		size_t n = 0;
		bool match = false;

		copy[strcspn(copy, "#")] = '\0';
		tok = strtok_r(copy, " \t\r\f\v", &save);
		if (tok != NULL && inet_pton(family, tok, addr) == 1) {
			while ((tok = strtok_r(NULL, " \t\r\f\v", &save)) != NULL) {
				names = xrealloc(names, (n + 2) * sizeof(*names));
				names[n++] = xstrdup(tok);
				names[n] = NULL;
				if (strcasecmp(tok, name) == 0)
					match = true;
			}
		}
		free(copy);
		if (match)
			return names;
		names_free(names);
		line = next != NULL ? next + 1 : NULL;
	}
	return NULL;
}

/* expand() of a Dj value: $w (short name) and $m (domain); rest as written. */
static char *
expand_j(const char *val, const char *w, const char *m)
{
	size_t longest = strlen(w) > strlen(m) ? strlen(w) : strlen(m);
	char *out = xmalloc(strlen(val) * (longest + 1) + 1), *o = out;
	const char *p;

	for (p = val; *p != '\0'; p++) {
		if (p[0] == '$' && (p[1] == 'w' || p[1] == 'm')) {
			const char *s = p[1] == 'w' ? w : m;

			o = stpcpy(o, s);
			p++;
			continue;
		}
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

void
sm_host_find(int root_fd, bool real_root, const struct sendmail_cf *cf,
    struct sm_host *out)
{
	const char *from = NULL;
	char *name = host_name(root_fd, real_root, &from);
	char *hosts = slurp(root_fd, "/etc/hosts", HOSTS_CAP);
	char **hp = NULL, *canon, *dot;
	size_t i;

	memset(out, 0, sizeof(*out));
	/* InetMode is AF_INET6 where IPv6 sockets exist; myhostname() falls
	 * back to AF_INET when that finds nothing. */
	if (hosts != NULL) {
		hp = hosts_lookup(hosts, name, AF_INET6);
		if (hp == NULL)
			hp = hosts_lookup(hosts, name, AF_INET);
	}
	canon = xstrdup(name);
	if (hp != NULL && hp[0] != NULL) {
		if (strchr(hp[0], '.') != NULL || strchr(name, '.') == NULL) {
			free(canon);
			canon = xstrdup(hp[0]);
		}
		for (i = 1; strchr(canon, '.') == NULL && hp[i] != NULL; i++) {
			if (strchr(hp[i], '.') != NULL) {
				free(canon);
				canon = xstrdup(hp[i]);
			}
		}
	}
	if (hp != NULL && strcmp(canon, name) != 0)
		out->source = xasprintf("host name %s from %s, canonicalised "
		    "through /etc/hosts", name, from);
	else if (hp != NULL)
		out->source = xasprintf("host name %s from %s, as /etc/hosts "
		    "lists it", name, from);
	else
		out->source = xasprintf("host name %s from %s; /etc/hosts does "
		    "not list it (DNS is not asked)", name, from);
	out->w = xstrndup(canon, strcspn(canon, "."));
	if (cf != NULL && cf->macro_j != NULL) {
		dot = strchr(canon, '.');
		out->j = expand_j(cf->macro_j, out->w, dot != NULL ? dot + 1 : "");
		free(out->source);
		out->source = xasprintf("the Dj line %u of %s", cf->macro_j_line,
		    cf->file != NULL ? cf->file : "sendmail.cf");
		free(canon);
	} else {
		out->j = canon;
	}
	names_free(hp);
	free(hosts);
	free(name);
}

void
sm_host_clear(struct sm_host *h)
{
	free(h->j);
	free(h->w);
	free(h->source);
	memset(h, 0, sizeof(*h));
}
