/*
 * capture.h -- hold in memory what a run prints to stdout or stderr.
 *
 * Commands print their report to stdout and their errors to stderr.  Two
 * callers need that output back instead of on the terminal: --format json,
 * which must turn an error into one JSON document, and the Ansible module
 * mode, which must print exactly one JSON object whatever happens.  Both
 * run main's command line from within jailctl itself, so the stream
 * variables themselves are pointed at a memory stream for the length of
 * the run (glibc documents stdout and stderr as ordinary variables one may
 * assign); a step run in a child copies its output onto them.  Descriptor 2
 * is left alone: a sanitizer's report still reaches the terminal.
 */
#ifndef JAILCTL_CAPTURE_H
#define JAILCTL_CAPTURE_H

#include <stdio.h>

struct capture {
	FILE **stream;		/* &stdout or &stderr */
	FILE *saved;		/* what *stream was */
	FILE *mem;
	char *buf;
	size_t len;
};

/* From now on, what is written to *stream goes into memory. */
void capture_begin(struct capture *c, FILE **stream);
/* Put *stream back; returns what was written (NUL-terminated, malloc'd). */
char *capture_end(struct capture *c);

/*
 * Run run(argc, argv) with stdout and stderr both captured; *out and *err
 * get what it printed on each (malloc'd).  Returns its exit status.
 */
int capture_run(int (*run)(int, char **), int argc, char **argv, char **out,
    char **err);

#endif
