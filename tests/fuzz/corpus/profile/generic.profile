# jailctl profile: sendmail's upstream defaults, for systems no other profile
# matches.  smrsh is installed in EBINDIR (/usr/libexec/smrsh) and
# CMDDIR defaults to /usr/adm/sm.bin (smrsh/smrsh.c, cf/feature/smrsh.m4).
name        generic
description sendmail upstream defaults (smrsh CMDDIR /usr/adm/sm.bin)

sendmail-cf  /etc/mail/sendmail.cf
mail-user    mail
mail-group   mail
jail         /var/mailjail

smrsh-binary /usr/libexec/smrsh
smrsh-dir    /usr/adm/sm.bin root root 0755
smrsh-allow  vacation procmail
smrsh-search /usr/bin /usr/local/bin

dir /                  root root 0755  context=policy:/var
dir /var               root root 0755  context=policy:/var
dir /var/spool         root root 0755  context=policy:/var/spool
dir /var/spool/mail    root mail 0775  context=policy:/var/spool/mail
dir /var/spool/mqueue  mail mail 0700  context=policy:/var/spool/mqueue

content /var/spool/mail   type=file links=1 deny=07133 owner=%name context=policy:/var/spool/mail
content /var/spool/mqueue type=file links=1 deny=07133 owner=any context=policy:/var/spool/mqueue
