/* util.h -- allocation that cannot fail, and small string helpers. */
#ifndef JAILCTL_UTIL_H
#define JAILCTL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* FNV-1a of a string: the hash every table of names and paths uses. */
uint64_t str_hash(const char *s);

/* Close fd if it is open and set it to -1; keeps errno. */
void closep(int *fd);

#endif
