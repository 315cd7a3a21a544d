# jailctl profile: Debian and Ubuntu (sendmail-bin 8.17).
#
# Facts behind it (see sendmail-facts.md): sendmail.cf lives in /etc/mail;
# smrsh is /usr/libexec/sendmail/smrsh with CMDDIR /etc/mail/smrsh compiled
# in; Debian's postinst (update_smrsh) makes that directory smmta:smmsp 02755
# and links mail.local, sensible-mda, vacation, procmail, maildrop and
# deliver into it.  The jail follows the original hardening recipe
# (var/spool/mail and var/spool/mqueue under /var/mailjail) with Debian's
# spool conventions: a root:mail setgid mail spool that users can search to
# reach their own mailbox, and an mqueue that only the mail user enters
# (alias file deliveries run as DefaultUser mail:mail).
name        debian
description Debian and Ubuntu (sendmail-bin 8.17)
match       debian ubuntu

sendmail-cf  /etc/mail/sendmail.cf
mail-user    mail
mail-group   mail
jail         /var/mailjail

smrsh-binary /usr/libexec/sendmail/smrsh
smrsh-dir    /etc/mail/smrsh smmta smmsp 02755
smrsh-allow  mail.local sensible-mda vacation procmail maildrop deliver
# update_smrsh links them from these two directories, in this order.
smrsh-search /usr/libexec/sendmail /usr/bin

# The jail: paths are inside the jail; "/" is the jail root itself.
# SELinux labels are equivalences with the real paths (as semanage
# fcontext -e would declare them), so the jail's spool is labelled like the
# spool it stands in for: mail_spool_t, mqueue_spool_t.
dir /                  root root 0755  context=policy:/var
dir /var               root root 0755  context=policy:/var
dir /var/spool         root root 0755  context=policy:/var/spool
dir /var/spool/mail    root mail 02775  context=policy:/var/mail
dir /var/spool/mqueue  mail mail 0700  context=policy:/var/spool/mqueue

# File deliveries: sendmail creates no directories, so a .forward line
# /home/alice/mbox (written as JAIL/home/alice/mbox) fails with "Can't
# create output" unless JAIL/home/alice exists and alice may write it.
# One such directory for every user whose .forward writes there.
dir /home              root root 0755
dir /home/%name        %name %group 0700  users=forward

# Mailboxes: regular, one name, no execute, no group/other write, no
# set-id bits, owned by the user they are named after.
content /var/spool/mail   type=file links=1 deny=07133 owner=%name context=policy:/var/mail
content /var/spool/mqueue type=file links=1 deny=07133 owner=any context=policy:/var/spool/mqueue
