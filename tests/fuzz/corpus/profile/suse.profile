# jailctl profile: SUSE family (SLES, openSUSE).
#
# Facts behind it: SUSE's sendmail.spec puts the configuration in
# /etc/sendmail.cf (not /etc/mail), installs smrsh mode 0511 as
# %{_libexecdir}/sendmail.d/bin/smrsh and links vacation, mail and procmail
# into that same directory, which is very likely its CMDDIR (not confirmed:
# `jailctl audit smrsh` reads the directory compiled into the binary and
# reports a mismatch).  Older releases use /usr/lib instead of /usr/libexec.
name        suse
description SUSE family: SLES, openSUSE (sendmail.d layout)
match       suse sles sled opensuse opensuse-leap opensuse-tumbleweed

sendmail-cf  /etc/sendmail.cf
mail-user    mail
mail-group   mail
jail         /var/mailjail

smrsh-binary /usr/libexec/sendmail.d/bin/smrsh
smrsh-dir    /usr/libexec/sendmail.d/bin root root 0755
smrsh-allow  vacation mail procmail smrsh
# sendmail.spec links vacation, mail and procmail from /usr/bin.
smrsh-search /usr/bin

dir /                  root root 0755  context=policy:/var
dir /var               root root 0755  context=policy:/var
dir /var/spool         root root 0755  context=policy:/var/spool
dir /var/spool/mail    root mail 0775  context=policy:/var/spool/mail
dir /var/spool/mqueue  mail mail 0700  context=policy:/var/spool/mqueue

content /var/spool/mail   type=file links=1 deny=07133 owner=%name context=policy:/var/spool/mail
content /var/spool/mqueue type=file links=1 deny=07133 owner=any context=policy:/var/spool/mqueue
