/*
 * sm_host.h -- $j (and $w) as sendmail determines them, without DNS.
 *
 * sendmail's main() calls myhostname() (daemon.c): gethostname(), then
 * gethostbyname() of that name; the answer's h_name replaces the name when
 * it has a dot or the name had none, and a name still without a dot takes
 * the first dotted alias.  Only then would it ask DNS (getcanonname()).
 * The result is $j and $w; a config of level 5 or more cuts $w to its
 * first label.  A `Dj` line in sendmail.cf replaces $j afterwards.
 *
 * Beneath a --root nothing of the running host applies, so the host name
 * is ROOT/etc/hostname (the running system's when ROOT is "/" and the file
 * is absent: uname()) and gethostbyname() is answered from ROOT/etc/hosts
 * alone: the first line listing the name (any of its names, compared
 * without case) gives its first name as h_name and the rest as aliases.
 * DNS is never asked; a name the hosts file does not qualify stays short,
 * as sendmail's "unable to qualify my own domain name" leaves it.
 */
#ifndef JAILCTL_SM_HOST_H
#define JAILCTL_SM_HOST_H

#include <stdbool.h>

struct sendmail_cf;

struct sm_host {
	char *j;		/* $j: what bounces name ("User a@$j ...") */
	char *w;		/* $w: first label of the canonical name */
	char *source;		/* where $j came from, in words */
};

/* Fills *out (never fails short of memory); cf may be NULL. */
void sm_host_find(int root_fd, bool real_root, const struct sendmail_cf *cf,
    struct sm_host *out);
void sm_host_clear(struct sm_host *h);

#endif
