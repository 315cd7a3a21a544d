# jailctl profile: SUSE family (SLES, openSUSE).
#
# Facts behind it: SUSE's sendmail.spec puts the configuration in
# /etc/sendmail.cf (not /etc/mail), installs smrsh mode 0511 as
# %{_libexecdir}/sendmail.d/bin/smrsh and links vacation, mail and procmail
# into that same directory, which is its CMDDIR.  Older releases use
# /usr/lib instead of /usr/libexec.
#
# Checked against openSUSE's packaging (sendmail.spec for 8.17.1 and
# sendmail-8.18.1.dif): the spec builds with
# EBINDIR=%{_libexecdir}/sendmail.d/bin, ships that directory
# "%dir %attr(0755,root,root)" with smrsh and mail.local
# "%attr(0511,root,root)" in it, symlinks /usr/bin/vacation, /usr/bin/mail
# and /usr/bin/procmail into it, and writes /etc/sendmail.cf.  The .dif
# rewrites smrsh(8) and smrsh/README to name sendmail.d/bin as smrsh's
# default program directory (as /usr/lib/sendmail.d/bin/, from before
# %{_libexecdir} became /usr/libexec: sendmail.changes, bsc#1171164) and
# "/bin:/usr/bin" as its default PATH; the -DSMRSH_CMDDIR itself sits in
# sendmail-suse.tar.bz2's site.config.m4, which was not readable.
# mail.local is shipped in the directory, so it is approved like the links.
name        suse
description SUSE family: SLES, openSUSE (sendmail.d layout)
match       suse sles sled opensuse opensuse-leap opensuse-tumbleweed

sendmail-cf  /etc/sendmail.cf
mail-user    mail
mail-group   mail
jail         /var/mailjail

smrsh-binary /usr/libexec/sendmail.d/bin/smrsh
smrsh-dir    /usr/libexec/sendmail.d/bin root root 0755
smrsh-allow  vacation mail procmail smrsh mail.local
# sendmail.spec links vacation, mail and procmail from /usr/bin.
smrsh-search /usr/bin

dir /                  root root 0755  context=policy:/var
dir /var               root root 0755  context=policy:/var
dir /var/spool         root root 0755  context=policy:/var/spool
dir /var/spool/mail    root mail 0775  context=policy:/var/spool/mail
dir /var/spool/mqueue  mail mail 0700  context=policy:/var/spool/mqueue

# File deliveries: sendmail creates no directories, so a .forward line
# /home/alice/mbox (written as JAIL/home/alice/mbox) fails with "Can't
# create output" unless JAIL/home/alice exists and alice may write it.
# One such directory for every user whose .forward writes there.
dir /home              root root 0755
dir /home/%name        %name %group 0700  users=forward

content /var/spool/mail   type=file links=1 deny=07133 owner=%name context=policy:/var/spool/mail
content /var/spool/mqueue type=file links=1 deny=07133 owner=any context=policy:/var/spool/mqueue
