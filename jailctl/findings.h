/*
 * findings.h -- the catalogue of every finding id jailctl reports.
 *
 * One entry per stable id: its severity, a one-line title, the commands
 * that check it and what to do about it.  The catalogue is what the JSON
 * report's "remediation", the XCCDF rules, the bash completion and the
 * FINDINGS section of jailctl(8) are made from; a test keeps it complete
 * (every id the sources emit is here, every id here is emitted).
 */
#ifndef JAILCTL_FINDINGS_H
#define JAILCTL_FINDINGS_H

#include <stddef.h>

#include <jansson.h>

#include "report.h"

/* The reporting commands, as bits: which of them check an id. */
enum {
	FCMD_CREATE = 1u << 0,
	FCMD_VERIFY = 1u << 1,
	FCMD_AUDIT_CONFIG = 1u << 2,
	FCMD_AUDIT_SMRSH = 1u << 3,
	FCMD_AUDIT_FORWARD = 1u << 4,
	FCMD_AUDIT_PIPE = 1u << 5,
	FCMD_TREE = FCMD_CREATE | FCMD_VERIFY,
	FCMD_AUDIT = FCMD_AUDIT_CONFIG | FCMD_AUDIT_SMRSH | FCMD_AUDIT_FORWARD,
	FCMD_ALL = FCMD_TREE | FCMD_AUDIT | FCMD_AUDIT_PIPE,
};

struct finding_info {
	const char *id;
	/* The severity it is reported with; the highest where it varies. */
	enum severity severity;
	/* Where the severity varies: how, in a few words; else NULL. */
	const char *severity_note;
	unsigned commands;	/* FCMD_* bits */
	const char *title;	/* one line, plain text, no trailing period */
	/*
	 * What to do, plain text.  "{mc}" stands for the distribution's m4
	 * source of sendmail.cf, "{rebuild}" for the command that rebuilds
	 * sendmail.cf from it, "{jail}" for the jail directory; see
	 * findings_remediation().
	 */
	const char *remediation;
};

/*
 * More about id than its title says, in a sentence or two of plain text
 * (jailctl(8) and explain show it), or NULL.
 */
const char *findings_detail(const char *id);

/* The entry for id, or NULL when the id is not catalogued. */
const struct finding_info *findings_lookup(const char *id);
/* The whole catalogue, sorted by id; *n gets its length. */
const struct finding_info *findings_all(size_t *n);

/*
 * The FCMD_* bits of a report's command ("create", "verify", "audit",
 * "audit smrsh", ...); 0 for a command that reports no findings.
 */
unsigned findings_command_bits(const char *command);

/*
 * The remediation of id with its placeholders filled in for the profile
 * (by name: debian, rhel, suse; any other name gets text for every
 * distribution) and the jail (NULL: the profile's jail).  Returns a
 * malloc'd string, or NULL for an uncatalogued id.
 */
char *findings_remediation(const char *id, const char *profile, const char *jail);
/* The same as a JSON string (JSON null for an uncatalogued id). */
json_t *findings_remediation_json(const char *id, const char *profile,
    const char *jail);

#endif
