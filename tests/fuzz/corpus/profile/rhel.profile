# jailctl profile: Red Hat family (RHEL, CentOS Stream, Fedora, Rocky, AlmaLinux).
#
# Facts behind it: Fedora's sendmail.spec installs smrsh as /usr/sbin/smrsh
# with CMDDIR /etc/smrsh (an empty root:root 0755 directory), and
# sendmail-redhat.mc has FEATURE(`smrsh', `/usr/sbin/smrsh').  The spool
# convention is /var/spool/mail root:mail 0775 and a root-only mqueue.
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

content /var/spool/mail   type=file links=1 deny=07133 owner=%name context=policy:/var/spool/mail
content /var/spool/mqueue type=file links=1 deny=07133 owner=any context=policy:/var/spool/mqueue
