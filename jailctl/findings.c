/*
 * findings.c -- see findings.h.
 *
 * Keep the table sorted by id (findings_lookup() searches it) and the text
 * plain: it goes into JSON, XCCDF and, escaped, into jailctl(8).  A title
 * says what is wrong in a few words; the message of each finding says the
 * rest for the object at hand.
 */
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "util.h"

#define MC_CF(what) "In {mc}, " what ", then rebuild sendmail.cf: {rebuild}"

static const struct finding_info catalogue[] = {
	/* sendmail.cf: audit config */
	{ "cf.dbs", SEV_HIGH, "high to info by flag", FCMD_AUDIT_CONFIG,
	  "a DontBlameSendmail flag weakens a check that matters here",
	  MC_CF("remove the flag (the finding's key) from define(`confDONT_BLAME_SENDMAIL', ...)") },
	{ "cf.forwardpath-empty", SEV_INFO, NULL, FCMD_AUDIT_CONFIG,
	  "ForwardPath is empty: no .forward file is read",
	  "Nothing to do if users are not meant to forward; otherwise, "
	  "in {mc}, define(`confFORWARD_PATH', `$z/.forward')dnl, then rebuild "
	  "sendmail.cf: {rebuild}" },
	{ "cf.forwardpath-unsafe", SEV_HIGH, "high or medium", FCMD_AUDIT_CONFIG,
	  "a ForwardPath entry lies in a directory others than root can write",
	  "Make that directory root-owned and not group or other writable "
	  "(chown root DIR; chmod go-w DIR), or drop the entry from "
	  "confFORWARD_PATH in {mc} and rebuild sendmail.cf: {rebuild}" },
	{ "cf.missing", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "sendmail.cf does not exist",
	  "Install sendmail, or name the sendmail.cf sendmail really reads with "
	  "--cf or the profile's sendmail-cf" },
	{ "cf.prog-not-smrsh", SEV_HIGH, NULL, FCMD_AUDIT_CONFIG,
	  "the prog mailer is not smrsh: every |program runs as a shell command",
	  MC_CF("add FEATURE(`smrsh')dnl before the MAILER lines") },
	{ "cf.prog-smrsh-mismatch", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "the prog mailer is smrsh, but not the profile's binary",
	  MC_CF("give the profile's smrsh binary as FEATURE(`smrsh', `PATH')dnl "
	      "(or correct smrsh-binary in the profile)") },
	{ "cf.refused", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "sendmail.cf was not read: not a regular file, or larger than 16 MiB",
	  "Make sendmail.cf the regular file sendmail reads (regenerate it with "
	  "{rebuild})" },
	{ "cf.runasuser", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "RunAsUser is set, so sendmail cannot chroot into the jail",
	  MC_CF("remove define(`confRUN_AS_USER', ...)") },
	{ "cf.safefileenv-absent", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "SafeFileEnvironment is not set",
	  MC_CF("add define(`confSAFE_FILE_ENV', `{jail}')dnl") },
	{ "cf.safefileenv-mismatch", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "SafeFileEnvironment is not the profile's jail",
	  MC_CF("set define(`confSAFE_FILE_ENV', `{jail}')dnl (or give the jail "
	      "sendmail uses with --jail)") },
	{ "cf.safefileenv-noop", SEV_INFO, NULL, FCMD_AUDIT_CONFIG,
	  "a later SafeFileEnvironment of / or empty leaves an earlier one in force",
	  "Remove the later line so the file says what is in force: keep a single "
	  "define(`confSAFE_FILE_ENV', `{jail}')dnl in {mc}, after any DOMAIN() "
	  "line, then rebuild sendmail.cf: {rebuild}" },
	{ "cf.safefileenv-relative", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "SafeFileEnvironment is not an absolute path",
	  MC_CF("set define(`confSAFE_FILE_ENV', `{jail}')dnl") },
	{ "cf.safefileenv-root", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "SafeFileEnvironment is / or empty, which sendmail ignores",
	  MC_CF("add define(`confSAFE_FILE_ENV', `{jail}')dnl after the DOMAIN() "
	      "line (Debian's debian-mta domain sets it to /)") },
	{ "cf.unreadable", SEV_MEDIUM, NULL, FCMD_AUDIT_CONFIG,
	  "sendmail.cf cannot be read, or is a directory",
	  "Make sendmail.cf a regular file root can read (regenerate it with "
	  "{rebuild} if it is damaged)" },
	{ "cf.warning", SEV_LOW, NULL, FCMD_AUDIT_CONFIG,
	  "sendmail warns about a line of sendmail.cf",
	  MC_CF("correct the option name, DontBlameSendmail flag or mailer line "
	      "the message quotes") },
	{ "cf.writable", SEV_HIGH, "info when only an ACL's mask shows write bits",
	  FCMD_AUDIT_CONFIG,
	  "sendmail.cf is writable by others than root and its owner, or not owned by root",
	  "chown root:root sendmail.cf; chmod 0644 sendmail.cf; setfacl -b "
	  "sendmail.cf; then check it "
	  "against {mc} and rebuild it: {rebuild}" },

	/* The jail's contents: create, verify */
	{ "content.group", SEV_MEDIUM, NULL, FCMD_TREE,
	  "a file in a content-ruled directory has the wrong group",
	  "Check how the file got there, then chgrp it to the profile's group; "
	  "it is left for a person" },
	{ "content.links", SEV_HIGH, NULL, FCMD_TREE,
	  "a file in the jail has more hard links than allowed",
	  "Find the other names (find / -xdev -samefile FILE) and remove the "
	  "ones outside the jail: a hard link lets mail be written elsewhere" },
	{ "content.mode", SEV_HIGH, "high for set-id or write bits, else medium", FCMD_TREE,
	  "a file in the jail has mode bits the profile denies",
	  "jailctl verify --fix clears the denied bits" },
	{ "content.owner", SEV_HIGH, NULL, FCMD_TREE,
	  "a file in the jail is not owned by the user it belongs to",
	  "Check how the file got there, then chown it to its user (the mailbox's "
	  "name); it is left for a person" },
	{ "content.stray", SEV_LOW, NULL, FCMD_TREE,
	  "a file in a per-user directory is named after no user",
	  "Remove or archive the file once you know whose mail it holds, or add "
	  "the user" },
	{ "content.type", SEV_HIGH, "high for a symlink, else medium", FCMD_TREE,
	  "an object in a content-ruled directory is not a regular file",
	  "Remove the object after checking what it is: sendmail refuses to "
	  "deliver to it, and a symlink points mail elsewhere" },

	/* ~/.forward: audit forward */
	{ "forward.bad-shell", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "the user's shell is not in /etc/shells: pipes and files are refused",
	  "Add the shell to /etc/shells, or give the user a listed shell, or "
	  "remove the program and file entries" },
	{ "forward.disabled", SEV_INFO, NULL, FCMD_AUDIT_FORWARD,
	  "ForwardPath is empty: no .forward file is read",
	  "Nothing to do unless users are meant to forward (see cf.forwardpath-empty)" },
	{ "forward.file-fails", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "a file delivery will fail with \"Can't create output\"",
	  "Remove each cause the message lists (create the file in the jail with "
	  "the user as owner, or correct the entry)" },
	{ "forward.file-prefix", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "a file entry matches the jail path only as a byte prefix",
	  "Write the entry as the path inside the jail, or as the full jail path "
	  "followed by /" },
	{ "forward.file-special", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "no jail in force: a file entry opens a FIFO or device",
	  "Point the entry at a regular file; to have sendmail refuse every "
	  "target but regular files, set SafeFileEnvironment: in {mc}, "
	  "define(`confSAFE_FILE_ENV', `{jail}')dnl, then rebuild sendmail.cf: "
	  "{rebuild}" },
	{ "forward.file-target", SEV_INFO, NULL, FCMD_AUDIT_FORWARD,
	  "the file a file entry really writes, and as which user",
	  "Nothing to do if that is the intended file" },
	{ "forward.ignored", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "the .forward exists but sendmail skips it",
	  "Correct what the message names (owner, mode, a writable directory "
	  "above it), or remove the file" },
	{ "forward.include-depth", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  ":include: files nest too deep",
	  "Flatten the :include: chain" },
	{ "forward.include-failed", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "an :include: file cannot be read",
	  "Create the file, make it readable by its owner, or remove the entry" },
	{ "forward.include-loop", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "an :include: file is included again: sendmail reads it once",
	  "Remove the entry that includes the file again" },
	{ "forward.include-owner", SEV_HIGH, "high, medium when root or TrustedUser owns it",
	  FCMD_AUDIT_FORWARD,
	  "an :include: file another user owns decides what runs as this user",
	  "Have the user own the included file, or drop the :include: from the "
	  ".forward" },
	{ "forward.include-relative", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "an :include: path is relative",
	  "Write the :include: path as an absolute path" },
	{ "forward.indented-comment", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "an indented # line is an address and bounces",
	  "Move the # to the start of the line" },
	{ "forward.local-copy", SEV_MEDIUM, "info, medium when there is no local mailer",
	  FCMD_AUDIT_FORWARD,
	  "a \\user entry delivers a copy to that user's own mailbox",
	  "Nothing to do if the copy is wanted; remove the \\user entry otherwise" },
	{ "forward.long-line", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "a line is longer than sendmail reads at once",
	  "Split the line into entries of fewer than 2048 bytes" },
	{ "forward.max-entries", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "more entries than MaxForwardEntries: the rest are dropped",
	  "Reduce the entries, or raise confMAX_FORWARD_ENTRIES in {mc} and rebuild "
	  "sendmail.cf: {rebuild}" },
	{ "forward.no-config", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "sendmail.cf cannot be read: nothing about .forward can be predicted",
	  "See cf.missing and cf.unreadable; or name the file with --cf" },
	{ "forward.no-home", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "a user has an empty home directory field",
	  "Give the user a home directory in passwd" },
	{ "forward.not-root", SEV_INFO, NULL, FCMD_AUDIT_FORWARD,
	  "not run as root: reads and checks use the auditor's identity",
	  "Run the audit as root for a complete answer" },
	{ "forward.path-relative", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "a ForwardPath element is relative and was not audited",
	  MC_CF("write every confFORWARD_PATH element as an absolute path "
	      "($z/.forward)") },
	{ "forward.pipe-no-smrsh", SEV_HIGH, NULL, FCMD_AUDIT_FORWARD,
	  "a pipe runs as an arbitrary shell command: the prog mailer is not smrsh",
	  MC_CF("add FEATURE(`smrsh')dnl before the MAILER lines") },
	{ "forward.pipe-path-differs", SEV_LOW, "low, info when the path written does not exist",
	  FCMD_AUDIT_FORWARD,
	  "the program written is another file than the one smrsh runs",
	  "Write the entry with the program's name in the smrsh directory, or "
	  "just its base name" },
	{ "forward.pipe-refused", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "smrsh refuses the command: mail to it bounces",
	  "Link the program into the smrsh directory (if it is approved), or "
	  "correct or remove the entry" },
	{ "forward.pipe-runs", SEV_INFO, NULL, FCMD_AUDIT_FORWARD,
	  "the programs a pipe will run, and as which user",
	  "Nothing to do if these are the intended programs" },
	{ "forward.pipe-unknown", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "no smrsh directory is known to predict a pipe with",
	  "Set smrsh-dir in the profile or give --smrsh-dir" },
	{ "forward.pipe-warning", SEV_LOW, "low, info for quoting and an unreachable exit after exec",
	  FCMD_AUDIT_FORWARD,
	  "a pipe holds text /bin/sh will interpret, or a syntax error",
	  "Quote or remove the shell syntax the message points at" },
	{ "forward.syntax", SEV_MEDIUM, "medium or low", FCMD_AUDIT_FORWARD,
	  "a malformed address",
	  "Correct the entry as the message shows" },
	{ "forward.too-large", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "a file is larger than the audit reads",
	  "Check the file by hand; a .forward that large is unusual" },
	{ "forward.too-much", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "one user's .forward and includes exceed what the audit reads for a user",
	  "Look at the user's .forward and its :include: files: a real one is a "
	  "few lines; shorten or remove what is not needed" },
	{ "forward.trailing-comment", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD,
	  "a comment is glued onto an entry",
	  "Put the comment on a line of its own" },
	{ "forward.unknown-user", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "a --user name is not in passwd",
	  "Correct the --user argument" },
	{ "forward.unquoted", SEV_HIGH, "high when it goes to another host, else medium",
	  FCMD_AUDIT_FORWARD,
	  "an unquoted program or file entry that sendmail rewrites or sends elsewhere",
	  "Put the whole entry in double quotes: \"|/path/prog args\"" },
	{ "forward.unreadable", SEV_LOW, NULL, FCMD_AUDIT_FORWARD,
	  "a file could not be read in full",
	  "Check the file and its directories by hand" },
	{ "forward.unsafe-user", SEV_MEDIUM, "medium, low when nothing is refused",
	  FCMD_AUDIT_FORWARD,
	  "sendmail marks the user's addresses unsafe for programs and files",
	  "Correct what the message names (a writable home or .forward, a shell "
	  "not in /etc/shells)" },

	/* selinux */
	{ "group.long-line", SEV_MEDIUM, NULL, FCMD_TREE,
	  "an entry of /etc/group larger than 4 MiB was skipped",
	  "Find the entry at the byte offset the message gives and shorten or "
	  "remove it (vigr)" },
	{ "passwd.long-line", SEV_MEDIUM, NULL, FCMD_AUDIT_FORWARD | FCMD_TREE,
	  "an entry of /etc/passwd larger than 4 MiB was skipped",
	  "Find the entry at the byte offset the message gives and shorten or "
	  "remove it (vipw)" },
	/* audit pipe */
	{ "pipe.bad-shell", SEV_MEDIUM, NULL, FCMD_AUDIT_PIPE,
	  "the user's shell is not in /etc/shells: sendmail refuses every program",
	  "Give the user a shell listed in /etc/shells, or list the shell there "
	  "(a user who must not run programs is meant to be refused)" },
	{ "pipe.no-config", SEV_INFO, NULL, FCMD_AUDIT_PIPE,
	  "sendmail.cf cannot be read: the line is judged as smrsh would judge it",
	  "Name the sendmail.cf sendmail really reads with --cf or the profile's "
	  "sendmail-cf" },
	{ "pipe.no-smrsh", SEV_HIGH, NULL, FCMD_AUDIT_PIPE,
	  "the prog mailer is not smrsh: the whole line runs unfiltered",
	  MC_CF("add FEATURE(`smrsh')dnl before the MAILER lines") },
	{ "pipe.path-differs", SEV_LOW, "low, info when the path written does not exist",
	  FCMD_AUDIT_PIPE,
	  "the program written is another file than the one smrsh runs",
	  "Write the program's name in the smrsh directory, or just its base name" },
	{ "pipe.refused", SEV_MEDIUM, NULL, FCMD_AUDIT_PIPE,
	  "smrsh refuses the command: mail to it bounces",
	  "Link the program into the smrsh directory (if it is approved), or "
	  "correct the command" },
	{ "pipe.runs", SEV_INFO, NULL, FCMD_AUDIT_PIPE,
	  "the programs the command will run, and as which user",
	  "Nothing to do if these are the intended programs" },
	{ "pipe.warning", SEV_LOW, "low, info for quoting and an unreachable exit after exec",
	  FCMD_AUDIT_PIPE,
	  "the command holds text /bin/sh will interpret, or runs nothing",
	  "Quote or remove the shell syntax the message points at" },
	{ "selinux.unavailable", SEV_INFO, NULL, FCMD_TREE,
	  "SELinux contexts could not be checked",
	  "Nothing to do on a host without SELinux; otherwise give "
	  "--file-contexts, or --selinux off to skip contexts" },

	/* smrsh: audit smrsh */
	{ "smrsh.binary-caps", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary has file capabilities beyond the profile's",
	  "setcap -r on the binary, or reinstall the package" },
	{ "smrsh.binary-missing", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary is missing",
	  "Install smrsh (Debian: sendmail-bin; RHEL: sendmail; SUSE: sendmail), "
	  "or correct smrsh-binary in the profile" },
	{ "smrsh.binary-owner", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary is not owned by root",
	  "chown root:root on the binary, or reinstall the package" },
	{ "smrsh.binary-setid", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary has set-id bits",
	  "chmod ug-s on the binary, or reinstall the package" },
	{ "smrsh.binary-type", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary is not a regular file",
	  "Reinstall the package that ships smrsh" },
	{ "smrsh.binary-unknown", SEV_INFO, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary could not be examined",
	  "Check the binary by hand" },
	{ "smrsh.binary-writable", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh binary is writable by others than root",
	  "chmod go-w on the binary (and remove write ACL entries), then "
	  "reinstall it: it may have been changed" },
	{ "smrsh.cmddir-mismatch", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the directory compiled into smrsh is not the one audited",
	  "Correct smrsh-dir in the profile (or give --smrsh-dir) to the "
	  "directory the message names" },
	{ "smrsh.cmddir-unknown", SEV_INFO, NULL, FCMD_AUDIT_SMRSH,
	  "the directory compiled into smrsh could not be determined",
	  "Check with strings on the smrsh binary, grep ^/" },
	{ "smrsh.dangerous-program", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a shell, interpreter or command runner is in the smrsh directory",
	  "Remove the link from the smrsh directory: it lets any .forward run "
	  "any command" },
	{ "smrsh.dangling", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "an entry's link points at nothing: smrsh answers \"stat failed\"",
	  "Remove the link, or install what it points at" },
	{ "smrsh.denied", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a program on the profile's deny list is in the smrsh directory",
	  "Remove the link from the smrsh directory" },
	{ "smrsh.dir-group", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh directory's group differs from the profile",
	  "chgrp the directory to the profile's group" },
	{ "smrsh.dir-missing", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh directory is missing: smrsh refuses every program",
	  "Create it root-owned, mode 0755, and link the approved programs into it" },
	{ "smrsh.dir-mode", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh directory's mode differs from the profile",
	  "chmod the directory to the profile's mode" },
	{ "smrsh.dir-not-directory", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh directory is not a directory: smrsh refuses every program",
	  "Replace it with a root-owned directory holding the approved programs" },
	{ "smrsh.dir-owner", SEV_HIGH,
	  "high when not root, low when root, medium when the profile's owner is no user",
	  FCMD_AUDIT_SMRSH,
	  "the smrsh directory's owner differs from the profile",
	  "chown the directory to the profile's owner (root where the profile "
	  "names none)" },
	{ "smrsh.dir-symlink", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "the smrsh directory, or one above it, is a symlink",
	  "Replace the symlink with the real directory" },
	{ "smrsh.dir-unknown", SEV_INFO, NULL, FCMD_AUDIT_SMRSH,
	  "no smrsh directory is known to audit",
	  "Set smrsh-dir in the profile or give --smrsh-dir" },
	{ "smrsh.dir-writable", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "others than the owner and root can write the smrsh directory",
	  "chmod go-w the directory and remove write ACL entries (setfacl -b)" },
	{ "smrsh.entry-kept", SEV_LOW, NULL, FCMD_CREATE,
	  "an entry of an approved name in the smrsh directory is not the link create would make",
	  "Check it with jailctl audit smrsh; remove it and run jailctl create to get the "
	  "distribution's link, or keep it if it is what you meant" },
	{ "smrsh.entry-unapproved", SEV_HIGH, "high when the profile forbids it, else medium",
	  FCMD_CREATE,
	  "an entry in the smrsh directory that the profile does not approve",
	  "Remove it from the smrsh directory unless it is meant to be there; then add "
	  "it to smrsh-allow in a local profile" },
	{ "smrsh.interpreter-missing", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "a script's interpreter does not exist",
	  "Install the interpreter or remove the script's link" },
	{ "smrsh.link", SEV_MEDIUM, NULL, FCMD_CREATE,
	  "an approved, installed program is not linked into the smrsh directory",
	  "jailctl create links it" },
	{ "smrsh.link-loop", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "an entry's links form a loop: smrsh answers \"stat failed\"",
	  "Remove the link" },
	{ "smrsh.multicall", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a multi-call binary (BusyBox style) is in the smrsh directory",
	  "Remove the link: the binary runs any of its applets" },
	{ "smrsh.name-injection", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "an entry name holds characters /bin/sh acts on",
	  "Rename or remove the entry: smrsh passes the name to /bin/sh unquoted" },
	{ "smrsh.name-unusual", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "an entry name holds characters outside [A-Za-z0-9._+-]",
	  "Rename the entry" },
	{ "smrsh.not-provisioned", SEV_LOW, NULL, FCMD_TREE,
	  "the smrsh directory's owner or group does not exist on the root, so the directory is not provisioned",
	  "Install sendmail (it creates the users), then run jailctl create again" },
	{ "smrsh.path-owner", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a directory above the smrsh directory or a target is not root-owned",
	  "chown root the directory the message names" },
	{ "smrsh.path-writable", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a directory above the smrsh directory or a target is writable by others",
	  "chmod go-w the directory the message names (and remove write ACL entries)" },
	{ "smrsh.program-not-found", SEV_INFO, NULL, FCMD_CREATE,
	  "an approved program is in none of the profile's smrsh-search directories",
	  "Install it if users need it in .forward pipes, then run jailctl create" },
	{ "smrsh.program-unsafe", SEV_MEDIUM, NULL, FCMD_CREATE,
	  "an approved program is not root-owned or is writable by group or others, so it is not linked",
	  "chown root and chmod go-w the program, then run jailctl create" },
	{ "smrsh.script", SEV_HIGH, "high, medium or low by interpreter", FCMD_AUDIT_SMRSH,
	  "a #! script is in the smrsh directory",
	  "Remove the link unless the script is reviewed and cannot be made to "
	  "run other commands" },
	{ "smrsh.target-caps", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a program smrsh runs has file capabilities",
	  "setcap -r on the target, or remove the link" },
	{ "smrsh.target-not-executable", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "smrsh refuses an entry: the target is not executable",
	  "Remove the link, or make the target executable if it is approved" },
	{ "smrsh.target-owner", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a program smrsh runs is not owned by root",
	  "chown root the target, or remove the link" },
	{ "smrsh.target-setid", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a program smrsh runs has set-id bits",
	  "Remove the link, or chmod ug-s the target" },
	{ "smrsh.target-type", SEV_LOW, NULL, FCMD_AUDIT_SMRSH,
	  "smrsh refuses an entry: the target is not a regular file",
	  "Remove the entry" },
	{ "smrsh.target-writable", SEV_HIGH, NULL, FCMD_AUDIT_SMRSH,
	  "a program smrsh runs is writable by others than root",
	  "chmod go-w the target (and remove write ACL entries), or remove the link" },
	{ "smrsh.unapproved", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "a program not on the profile's allow list is in the smrsh directory",
	  "Remove the link, or add the program to the profile's smrsh-allow" },
	{ "smrsh.unexaminable", SEV_MEDIUM, NULL, FCMD_AUDIT_SMRSH,
	  "something in or around the smrsh directory could not be read",
	  "Check the object the message names by hand" },

	/* The jail itself: create, verify */
	{ "tree.acl", SEV_MEDIUM, NULL, FCMD_TREE,
	  "the access ACL differs from the profile",
	  "jailctl verify --fix sets the profile's ACL" },
	{ "tree.ancestor", SEV_HIGH, NULL, FCMD_TREE,
	  "a directory above the jail is not root-owned or is group or other writable",
	  "chown root and chmod go-w the directory the finding names; jailctl "
	  "never changes it" },
	{ "tree.caps", SEV_HIGH, NULL, FCMD_TREE,
	  "file capabilities differ from the profile",
	  "jailctl verify --fix sets the profile's capabilities" },
	{ "tree.context", SEV_MEDIUM, NULL, FCMD_TREE,
	  "the SELinux context differs from the profile",
	  "jailctl verify --fix sets the context (or restorecon, where the "
	  "policy has the jail's equivalences)" },
	{ "tree.default-acl", SEV_MEDIUM, NULL, FCMD_TREE,
	  "the default ACL differs from the profile",
	  "jailctl verify --fix sets the profile's default ACL" },
	{ "tree.error", SEV_HIGH, NULL, FCMD_TREE,
	  "an object of the jail could not be examined",
	  "Check the object and the error the message gives, then run verify again" },
	{ "tree.group", SEV_MEDIUM, NULL, FCMD_TREE,
	  "an entry's group differs from the profile",
	  "jailctl verify --fix sets the group" },
	{ "tree.links", SEV_HIGH, NULL, FCMD_TREE,
	  "a file entry has more than one hard link and was left alone",
	  "Find the other names (find / -xdev -samefile FILE) and remove the "
	  "ones outside the jail" },
	{ "tree.missing", SEV_HIGH, NULL, FCMD_TREE,
	  "an entry of the jail does not exist",
	  "jailctl create (or verify --fix) makes it" },
	{ "tree.mode", SEV_HIGH, "high when it grants group or other write, else medium",
	  FCMD_TREE,
	  "an entry's mode differs from the profile",
	  "jailctl verify --fix sets the mode" },
	{ "tree.not-own", SEV_HIGH, NULL, FCMD_TREE,
	  "an object to be changed was not proven the jail's own and was left alone",
	  "Someone who can write the jail directory linked a file in or moved "
	  "the jail's name away while jailctl worked: find who (the directory's "
	  "group, usually mail), check the object and the files named like it "
	  "(find / -xdev -samefile FILE), then run jailctl verify --fix again" },
	{ "tree.owner", SEV_MEDIUM, NULL, FCMD_TREE,
	  "an entry's owner differs from the profile",
	  "jailctl verify --fix sets the owner" },
	{ "tree.peruser-forward", SEV_INFO, NULL, FCMD_TREE,
	  "sendmail.cf cannot be read, so a users=forward entry selects no one",
	  "Make sendmail.cf readable (or name it with --cf), then run jailctl create" },
	{ "tree.peruser-name", SEV_LOW, NULL, FCMD_TREE,
	  "a user's name cannot be a directory name, so a users= entry makes no directory for it",
	  "Rename the user, or make the directory by hand" },
	{ "tree.peruser-stale", SEV_LOW, NULL, FCMD_TREE,
	  "a per-user directory in the jail is named after no user; left alone",
	  "Check what it holds (mail of a user who left), then move or remove it by hand" },
	{ "tree.type", SEV_HIGH, NULL, FCMD_TREE,
	  "a symlink or another type where the entry's type is expected",
	  "Move the object away after checking what it is, then run jailctl "
	  "create; jailctl never follows or replaces it" },

	/* the waivers file: every command that reads it */
	{ "waiver.expired", SEV_INFO, NULL, FCMD_ALL,
	  "a waiver is past its expiry date and no longer applies",
	  "Fix what it waived, or renew it with a later expires= in "
	  "/etc/jailctl/waivers" },
	{ "waiver.stale", SEV_INFO, NULL, FCMD_ALL,
	  "a waiver matches no finding",
	  "Remove the line from /etc/jailctl/waivers: the risk it accepted "
	  "is gone" },
};

static const size_t ncatalogue = sizeof(catalogue) / sizeof(catalogue[0]);

/* What jailctl(8) says beyond the title, for the ids that need it; sorted. */
static const struct {
	const char *id, *detail;
} details[] = {
	{ "cf.dbs", "The message says what the flag weakens; the finding's key is the flag." },
	{ "cf.prog-not-smrsh", "This includes sendmail's built-in /bin/sh when the file "
	  "defines no prog mailer." },
	{ "cf.refused", "It is never opened when it is not a regular file." },
	{ "cf.safefileenv-mismatch", "The jail is the profile's, or --jail." },
	{ "cf.safefileenv-root", "Debian's stock sendmail.cf has exactly that." },
	{ "cf.unreadable", "For instance, it is a directory." },
	{ "cf.warning", "Unknown, ambiguous or abbreviated option names, an unknown "
	  "DontBlameSendmail name, a mailer line sendmail drops." },
	{ "cf.writable", "Write by the mode bits or by an ACL is the same finding, and "
	  "the message says whose." },
	{ "content.stray", "Only in a directory whose files are named after their "
	  "owners (owner=%name)." },
	{ "forward.file-fails", "Every cause is listed, since the bounce gives none." },
	{ "forward.file-prefix", "/var/mailjailbreak/x lands in JAIL/break/x." },
	{ "forward.file-special", "Whatever reaches the FIFO's reader or the device, "
	  "the write or the fsync that follows fails (I/O error): the message stays "
	  "queued, every queue run does it again, and Timeout.queuereturn returns it. "
	  "With SuperSafe=False (no fsync) a write that goes through is a delivery." },
	{ "forward.file-target", "Inside the SafeFileEnvironment, and as which uid." },
	{ "forward.ignored", "The reason is given as sendmail words it." },
	{ "forward.indented-comment", "It bounces \"User unknown\"." },
	{ "forward.long-line", "Over 2047 bytes: sendmail reads the rest as a new line." },
	{ "forward.no-home", "sendmail logs \"forward: no home\"." },
	{ "forward.pipe-path-differs", "Nothing is reported when smrsh's link is that very file." },
	{ "forward.pipe-refused", "With smrsh's message and the bounce line." },
	{ "forward.pipe-runs", "The programs in the smrsh directory, and as which uid." },
	{ "forward.too-much", "The bounds for one user are 4 MiB read, 20000 entries "
	  "judged or 100 findings; the rest of that user's files is not audited, "
	  "and what was skipped is counted." },
	{ "forward.unquoted", "Expected is what is written, actual what sendmail makes "
	  "of it (BlankSub); high when an @, % or ! sends it to another host." },
	{ "forward.unreadable", "Run by an ordinary user, a file that user may not read "
	  "is said to be one the auditor could not read, not one sendmail ignores." },
	{ "pipe.bad-shell", "The bounce, word for word, and where the host name in it "
	  "came from." },
	{ "pipe.runs", "What smrsh hands /bin/sh, and the programs that run, as which uid." },
	{ "selinux.unavailable", "SELinux is off and no file_contexts was found, or the "
	  "file system stores no labels: neither a pass nor a failure." },
	{ "smrsh.cmddir-mismatch", "The audit would be looking at the wrong place." },
	{ "smrsh.dangerous-program", "By name, or by identity with one in the root's bin "
	  "directories." },
	{ "smrsh.dir-group", "The security side of it is smrsh.dir-writable." },
	{ "smrsh.dir-mode", "The security side of it is smrsh.dir-writable, which alone "
	  "reports group and other write beyond the profile's mode." },
	{ "smrsh.dir-symlink", "It is not followed." },
	{ "smrsh.dir-writable", "By mode or by ACL." },
	{ "smrsh.link", "Reported with the link create made; medium when it could not "
	  "make it." },
	{ "smrsh.script", "High for a relative or command-running interpreter, medium "
	  "for a shell or language, else low." },
	{ "tree.acl", "Compared entry by entry, exactly." },
	{ "tree.default-acl", "Compared entry by entry, exactly." },
	{ "tree.links", "It is left alone." },
	{ "tree.not-own", "It gained another name, or its name in the jail is gone or "
	  "leads to another object since it was opened: checked right before every "
	  "change of owner, mode, ACL, capabilities or label (for profile entries "
	  "also right after opening). From then on nothing about it is changed or reported fixed; a "
	  "directory that fails it is not entered." },
	{ "tree.type", "It is never followed or replaced." },
};

static int
by_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct finding_info *)elem)->id);
}

const struct finding_info *
findings_lookup(const char *id)
{
	if (id == NULL)
		return NULL;
	return bsearch(id, catalogue, ncatalogue, sizeof(catalogue[0]), by_id);
}

const char *
findings_detail(const char *id)
{
	for (size_t i = 0; id != NULL && i < sizeof(details) / sizeof(details[0]); i++)
		if (strcmp(details[i].id, id) == 0)
			return details[i].detail;
	return NULL;
}

const struct finding_info *
findings_all(size_t *n)
{
	*n = ncatalogue;
	return catalogue;
}

unsigned
findings_command_bits(const char *command)
{
	static const struct {
		const char *command;
		unsigned bits;
	} commands[] = {
		{ "create", FCMD_CREATE },
		{ "verify", FCMD_VERIFY },
		{ "audit", FCMD_AUDIT },
		{ "audit config", FCMD_AUDIT_CONFIG },
		{ "audit smrsh", FCMD_AUDIT_SMRSH },
		{ "audit forward", FCMD_AUDIT_FORWARD },
		{ "audit pipe", FCMD_AUDIT_PIPE },
	};

	for (size_t i = 0; command != NULL && i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(command, commands[i].command) == 0)
			return commands[i].bits;
	return 0;
}

/* Where sendmail.cf comes from, per distribution family. */
struct cf_source {
	const char *mc;
	const char *rebuild;
};

static const struct cf_source *
cf_source(const char *profile)
{
	static const struct cf_source debian = {
		"/etc/mail/sendmail.mc",
		"sendmailconfig (or make -C /etc/mail), then restart sendmail",
	}, rhel = {
		"/etc/mail/sendmail.mc",
		"make -C /etc/mail (needs the sendmail-cf package), then "
		"systemctl restart sendmail",
	}, suse = {
		/* /usr/lib/sendmail.d/update writes /etc/sendmail.cf from
		 * /etc/sysconfig/sendmail; a hand-made .mc needs it off. */
		"/etc/mail/linux.mc (with SENDMAIL_TYPE=\"no\" in /etc/sysconfig/sendmail)",
		"m4 /etc/mail/linux.mc > /etc/sendmail.cf, then systemctl restart sendmail",
	}, any = {
		"sendmail.mc (Debian, RHEL: /etc/mail/sendmail.mc; SUSE: /etc/mail/linux.mc)",
		"Debian: sendmailconfig or make -C /etc/mail; RHEL: make -C /etc/mail; "
		"SUSE: m4 /etc/mail/linux.mc > /etc/sendmail.cf; then restart sendmail",
	};
	static const struct {
		const char *name;
		const struct cf_source *src;
	} families[] = {
		{ "debian", &debian }, { "ubuntu", &debian },
		{ "rhel", &rhel }, { "fedora", &rhel }, { "centos", &rhel },
		{ "suse", &suse }, { "sles", &suse }, { "opensuse", &suse },
	};

	for (size_t i = 0; profile != NULL && i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(profile, families[i].name) == 0)
			return families[i].src;
	return &any;
}

char *
findings_remediation(const char *id, const char *profile, const char *jail)
{
	const struct finding_info *fi = findings_lookup(id);
	const struct cf_source *src = cf_source(profile);
	const char *t, *open;
	char *out, *next;

	if (fi == NULL)
		return NULL;
	out = xstrdup("");
	for (t = fi->remediation; (open = strchr(t, '{')) != NULL; ) {
		const char *close = strchr(open, '}'), *value = NULL;
		size_t len = close != NULL ? (size_t)(close - open + 1) : 0;

		if (len == 4 && strncmp(open, "{mc}", len) == 0)
			value = src->mc;
		else if (len == 9 && strncmp(open, "{rebuild}", len) == 0)
			value = src->rebuild;
		else if (len == 6 && strncmp(open, "{jail}", len) == 0)
			value = jail != NULL ? jail : "/var/mailjail";
		if (value == NULL) {	/* not a placeholder: keep the brace */
			next = xasprintf("%s%.*s", out, (int)(open - t + 1), t);
			t = open + 1;
		} else {
			next = xasprintf("%s%.*s%s", out, (int)(open - t), t, value);
			t = open + len;
		}
		free(out);
		out = next;
	}
	next = xasprintf("%s%s", out, t);
	free(out);
	return next;
}

json_t *
findings_remediation_json(const char *id, const char *profile, const char *jail)
{
	char *s = findings_remediation(id, profile, jail);
	/* The jail comes from a profile or --jail: escape it as the report does. */
	json_t *j = report_json_text(s);

	free(s);
	return j;
}
