# jailctl profile: Red Hat family (RHEL, CentOS Stream, Fedora, Rocky, AlmaLinux).
#
# Facts behind it: Fedora's sendmail.spec installs smrsh as /usr/sbin/smrsh
# with CMDDIR /etc/smrsh (an empty root:root 0755 directory), and
# sendmail-redhat.mc has FEATURE(`smrsh', `/usr/sbin/smrsh').  The spool
# convention is /var/spool/mail root:mail 0775 and a root-only mqueue.
#
# Checked against the packaging (sendmail.spec of Fedora 8.18.2 and of
# RHEL 7's 8.14.7): "install -m 755 -d .../etc/smrsh", "%dir /etc/smrsh",
# "%{_sbindir}/smrsh" (chmod 755), "%attr(0700,root,mail) %dir
# /var/spool/mqueue" on the host; CMDDIR and smrsh's PATH come from Patch4
# (sendmail-8.16.1-smrsh_paths.patch, sendmail-8.14.3-smrsh_paths.patch in
# RHEL 7), whose text was not available: /etc/smrsh rests on the spec and
# smrsh(8), the compiled-in PATH is unverified (on a host:
# strings /usr/sbin/smrsh | grep ^/).
name        rhel
description Red Hat family: RHEL, CentOS Stream, Fedora, Rocky, AlmaLinux
match       rhel centos fedora rocky almalinux

sendmail-cf  /etc/mail/sendmail.cf
mail-user    mail
mail-group   mail
jail         /var/mailjail

smrsh-binary /usr/sbin/smrsh
smrsh-dir    /etc/smrsh root root 0755
smrsh-allow  vacation procmail
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
