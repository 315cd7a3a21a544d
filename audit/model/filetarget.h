/*
 * filetarget.h -- where a "/file" entry really writes, and whether sendmail
 * will manage to.
 *
 * mailfile() in deliver.c (sendmail-facts.md, 2.2): with a
 * SafeFileEnvironment, the jail path is stripped from the front of the file
 * name as a byte prefix (so "/var/mailjailbreak/x" under "/var/mailjail"
 * becomes "break/x"), the rest is taken inside the jail, the delivery child
 * chroot()s there, becomes the delivery user, and refuses -- with nothing
 * better than "Can't create output" in the bounce -- an existing file with
 * an execute bit, more than one link or (in a jail) of any type but
 * regular, then asks safefile() for write access, which adds symlinks,
 * missing or unwritable parent directories.  Without a SafeFileEnvironment
 * the *file* mailer's own root directory (its `/=`, m_rootdir) takes the
 * jail's place, with the same stripping and chroot() -- but, unlike
 * SafeFileEnvironment, with its trailing slash kept.  This module predicts
 * all of it and names every condition that would fail, since the bounce
 * never does.
 */
#ifndef JAILCTL_FILETARGET_H
#define JAILCTL_FILETARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct sf_dirs;

struct ft_env {
	int root_fd;			/* --root */
	const char *safe_file_env;	/* SafeFileEnvironment (readcf's value) or NULL */
	/* The *file* mailer's /=, macros already expanded, or NULL; used
	 * only when there is no SafeFileEnvironment, as mailfile() does. */
	const char *rootdir;
	bool dbs_symlink;		/* DBS FileDeliveryToSymLink */
	bool dbs_hardlink;		/* DBS FileDeliveryToHardLink */
	bool dont_init_groups;		/* DontInitGroups: no supplementary groups */
	uid_t trusted_uid;		/* TrustedUser, 0 when unset */
	mode_t file_mode;		/* FileMode (TempFileMode) for new files */
	bool no_fsync;			/* SuperSafe=False: no fsync() after the write */
	/* The jails met so far and their group files, kept for the run
	 * (ft_jails_new()), or NULL: each delivery opens and reads afresh. */
	struct ft_jails *jails;
	/* ROOT's directories looked up so far (safefile.h), or NULL */
	struct sf_dirs *root_dirs;
};

/*
 * The jails (SafeFileEnvironment, /=) of a run: each opened once, its
 * etc/group read once (users.h, grp_db) -- as root, before any identity
 * is borrowed.
 */
struct ft_jails;
struct ft_jails *ft_jails_new(void);
void ft_jails_free(struct ft_jails *j);

/* The identity the delivery child takes (already after DefaultUser rules). */
struct ft_ident {
	uid_t uid;
	gid_t gid;
	const char *user;		/* RealUserName, for group membership */
	const gid_t *groups;		/* initgroups() result, for the kernel */
	size_t ngroups;
};

struct ft_result {
	bool devnull;		/* /dev/null: always succeeds, nothing written */
	bool jailed;		/* a SafeFileEnvironment or /= applies */
	bool by_rootdir;	/* ... and it is the *file* mailer's /= */
	char *jail;		/* that directory, for messages (no trailing '/') */
	char *target;		/* the file as a path inside ROOT */
	char *inside;		/* the path the child opens (inside the jail) */
	bool relocated;		/* target is not the path as written */
	bool odd_prefix;	/* the jail matched as a string, not a directory */
	bool exists;		/* the file exists (seen by the delivery user) */
	bool create;		/* it would be created, with mode create_mode */
	mode_t create_mode;	/* before sendmail's umask */
	char **reasons;		/* why it fails ("Can't create output"), NULL-terminated */
	size_t nreasons;
	bool transient;		/* the failure defers instead of bouncing */
	/*
	 * No jail in force and the target is a FIFO or a device that the
	 * user may write: sendmail opens and writes it (only a jail limits
	 * file deliveries to regular files).  What then happens, in words
	 * (the delivery never completes: it stays queued, is tried again at
	 * every queue run and in the end returned to the sender), or NULL.
	 * A socket and /dev/tty, whose open() fails with a temporary error,
	 * are reasons with `transient` instead.
	 */
	char *special;
};

/*
 * Predict the delivery of `filename` (as mailfile() receives it).
 * Returns 0 with *res filled (release with ft_result_free), or -errno when
 * the prediction could not be made (identity switch failed).
 */
int ft_resolve(const struct ft_env *env, const char *filename,
    const struct ft_ident *id, struct ft_result *res);
void ft_result_free(struct ft_result *res);

#endif
