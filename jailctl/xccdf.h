/*
 * xccdf.h -- a finished JSON report as an XCCDF 1.2 document.
 *
 * For OpenSCAP-based dashboards: a Benchmark with one Rule per finding id
 * the command checks (from the finding catalogue) and a TestResult with one
 * rule-result per Rule.  It reads only the report document, never the
 * report's internals, so the JSON report stays the one source of truth.
 */
#ifndef JAILCTL_XCCDF_H
#define JAILCTL_XCCDF_H

#include <stdio.h>

#include <jansson.h>

/* Write the document for report_doc to out; -1 when writing failed. */
int xccdf_write(const json_t *report_doc, FILE *out);

#endif
