/*
 * testhook.h -- what the test build lets the tests observe.
 *
 * Compiled to nothing unless JAILCTL_TEST_HOOKS is defined, which only the
 * instrumented test build does (see the Makefile): the installed jailctl
 * reads no such environment variable.
 */
#ifndef JAILCTL_TESTHOOK_H
#define JAILCTL_TESTHOOK_H

/*
 * With JAILCTL_TEST_DUMP_STATUS=FILE in the environment, append
 * "verb: NAME" and the Cap* and NoNewPrivs lines of /proc/self/status to
 * FILE: the privileges a verb really runs with.
 */
void testhook_dump_status(const char *verb);

#endif
