/* escape.c -- see escape.h. */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

char *
escape_bytes(const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *out, *p;
	size_t i;

	if (s == NULL)
		return NULL;
	/* Worst case every byte becomes four. */
	out = p = xmalloc(len * 4 + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\') {
			*p++ = '\\';
			*p++ = '\\';
		} else if (c >= 0x20 && c < 0x7f) {
			*p++ = (char)c;
		} else {
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	*p = '\0';
	return out;
}

char *
escape_text(const char *s)
{
	return s == NULL ? NULL : escape_bytes(s, strlen(s));
}
