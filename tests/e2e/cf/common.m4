divert(-1)
dnl common.m4: what every end-to-end sendmail.cf shares, included first by
dnl each .mc here.  The debian ostype and the debian-mta domain as the
dnl packages ship them (so Debian's DontBlameSendmail, TempFileMode and
dnl TrustedUser), a fixed host name, no network, and the harness's recorder
dnl as the local mailer: mailbox deliveries and bounces are written down.
include(_CF_DIR_`debian/autoconf.m4')
divert(0)dnl
OSTYPE(`debian')dnl
DOMAIN(`debian-mta')dnl
define(`confDOMAIN_NAME', `e2e.example.org')dnl
define(`confDONT_PROBE_INTERFACES', `True')dnl
define(`confSERVICE_SWITCH_FILE', `/etc/mail/service.switch')dnl
define(`confHOSTS_FILE', `/etc/hosts')dnl
define(`confTO_IDENT', `0s')dnl
define(`LOCAL_MAILER_PATH', `/usr/libexec/e2e/recorder')dnl
define(`LOCAL_MAILER_ARGS', `local $u')dnl
