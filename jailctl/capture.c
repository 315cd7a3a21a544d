/* capture.c -- see capture.h. */
#include <stdlib.h>

#include "capture.h"
#include "util.h"

void
capture_begin(struct capture *c, FILE **stream)
{
	c->stream = stream;
	c->saved = *stream;
	c->buf = NULL;
	c->len = 0;
	(void)fflush(*stream);
	c->mem = open_memstream(&c->buf, &c->len);
	if (c->mem == NULL) {
		fputs("jailctl: out of memory\n", c->saved);
		abort();
	}
	*stream = c->mem;
}

char *
capture_end(struct capture *c)
{
	char *text;

	*c->stream = c->saved;
	/* fclose() leaves buf NUL-terminated, or NULL if nothing was ever
	 * allocated. */
	(void)fclose(c->mem);
	text = c->buf != NULL ? c->buf : xstrdup("");
	c->buf = NULL;
	return text;
}

int
capture_run(int (*run)(int, char **), int argc, char **argv, char **out,
    char **err)
{
	struct capture o, e;
	int status;

	capture_begin(&o, &stdout);
	capture_begin(&e, &stderr);
	status = run(argc, argv);
	*err = capture_end(&e);
	*out = capture_end(&o);
	return status;
}
