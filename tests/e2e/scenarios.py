"""scenarios.py -- the cases run through the real sendmail and through jailctl.

Each scenario names the .mc its sendmail.cf is generated from (cf/NAME.mc),
its recipients (tree.User: shell, home mode, .forward text and mode) and a
setup run after `jailctl create` has built the jail (files the deliveries
meet).  The debian profile's `dir /home/%name ... users=forward` makes
JAIL/home/USER for every user whose .forward writes there.  `rec` is the recorder linked into the smrsh directory.
"""
import os
import socket
import stat
import struct
import threading

from tree import User

J = "var/mailjail"


def jail_home(t, name, mode=0o700):
    t.mkdir(J + "/home", "root", 0o755)
    t.mkdir(J + "/home/" + name, name, mode)


def s_inside(t):
    jail_home(t, "ina")
    jail_home(t, "inb")
    t.file(J + "/home/inb/mbox", "inb", 0o600)


def s_prefix(t):
    t.mkdir(J + "/break", "prefix", 0o755)


def s_symlink(t):
    jail_home(t, "slink")
    t.file(J + "/home/slink/real", "slink", 0o600)
    os.symlink("real", t.p(J + "/home/slink/mbox"))


def s_hardlink(t):
    jail_home(t, "hlink")
    t.file(J + "/home/hlink/mbox", "hlink", 0o600)
    os.link(t.p(J + "/home/hlink/mbox"), t.p(J + "/home/hlink/other"))


def s_exec(t):
    jail_home(t, "xbit")
    t.file(J + "/home/xbit/mbox", "xbit", 0o700)


def s_fifo(t):
    jail_home(t, "fifo")
    os.mkfifo(t.p(J + "/home/fifo/mbox"), 0o600)
    os.chown(t.p(J + "/home/fifo/mbox"), t.uid("fifo"), t.uid("fifo"))


def s_target_modes(t):
    jail_home(t, "gwbox", 0o755)
    t.file(J + "/home/gwbox/mbox", "gwbox", 0o660)
    jail_home(t, "otherbox", 0o755)
    t.file(J + "/home/otherbox/mbox", "gwbox", 0o600)


def s_parent(t):
    t.mkdir(J + "/home", "root", 0o755)
    t.mkdir(J + "/home/rootdir", "root", 0o755)


def s_rootfile(t):
    t.mkdir(J + "/shared", "root", 0o755)
    t.file(J + "/shared/box", "root", 0o666)


def set_acl(path, uid, perm):
    """Add to path's mode an access ACL entry giving uid perm (rwx bits),
    written as the kernel stores it (system.posix_acl_access: version 2,
    then tag, perm, id per entry, sorted by tag).  The kernel shows the
    mask as the group bits of st_mode, and st_mode is all sendmail's
    safefile() and include() look at."""
    mode = os.stat(path).st_mode
    none = 0xffffffff
    entries = [(0x01, (mode >> 6) & 7, none), (0x02, perm, uid),
               (0x04, (mode >> 3) & 7, none),
               (0x10, ((mode >> 3) & 7) | perm, none), (0x20, mode & 7, none)]
    os.setxattr(path, "system.posix_acl_access", struct.pack("<I", 2) +
                b"".join(struct.pack("<HHI", *e) for e in entries))


def s_forward_acl(t):
    set_acl(t.p("home/aclf/.forward"), 2000, 6)


def s_home_acl(t):
    set_acl(t.p("home/aclhome"), 2000, 7)


def s_unsafe_acl(t):
    set_acl(t.p("home/unsafeacl/.forward"), 2000, 6)


def s_links_dbs(t):
    jail_home(t, "dslink")
    t.file(J + "/home/dslink/real", "dslink", 0o600)
    os.symlink("real", t.p(J + "/home/dslink/mbox"))
    jail_home(t, "dhlink")
    t.file(J + "/home/dhlink/mbox", "dhlink", 0o600)
    os.link(t.p(J + "/home/dhlink/mbox"), t.p(J + "/home/dhlink/other"))


def s_include(t):
    t.write("home/incl/list", '"|rec included"\n', 0o644, t.uid("incl"),
            t.uid("incl"))


def s_include_other(t):
    t.write("home/inclo/list", '"|rec others"\n', 0o644, 2000, 2000)


def s_spool(t):
    t.file(J + "/var/spool/mail/spold", "spold", 0o600)


def s_spool_jail_group(t):
    t.mkdir(J + "/etc", "root", 0o755)
    t.write(J + "/etc/group", "mail:x:8:spjgrp\n")


def forward_as_symlink(t, name):
    home = t.p("home/" + name)
    os.rename(os.path.join(home, ".forward"), os.path.join(home, "fwd-real"))
    os.symlink("fwd-real", os.path.join(home, ".forward"))
    os.lchown(os.path.join(home, ".forward"), t.uid(name), t.uid(name))


def s_forward_symlinks(t):
    forward_as_symlink(t, "fsym")
    forward_as_symlink(t, "fsymgw")


def s_include_bad(t):
    t.write("home/inclww/list", '"|rec ww"\n', 0o666, t.uid("inclww"),
            t.uid("inclww"))


def s_forward_host(t):
    t.write("home/fwdhost/.forward.e2e", '"|/usr/libexec/e2e/recorder byhost"\n', 0o644,
            t.uid("fwdhost"), t.uid("fwdhost"))


def s_stock_files(t):
    t.file("home/stockf/mbox", "stockf", 0o600)
    t.mkdir("home/stockd/mbox", "stockd", 0o700)


def char_device(t, rel, major, minor):
    """A device node as the system's own: root's, mode 0666."""
    os.mknod(t.p(rel), stat.S_IFCHR | 0o666, os.makedev(major, minor))
    os.chmod(t.p(rel), 0o666)


def fifo(t, rel, owner, reader):
    """A FIFO of the user's; with a reader, a thread that opens it again
    after each writer and copies what comes through into /e2e/tap-N, which
    run.py reads (observe.tap_words)."""
    os.mkfifo(t.p(rel), 0o600)
    os.chown(t.p(rel), t.uid(owner), t.uid(owner))
    if not reader:
        return
    taps = t.__dict__.setdefault("taps", {})
    log = t.p("e2e/tap-%d" % len(taps))
    taps["/" + rel.lstrip("/")] = log
    open(log, "wb").close()

    def copy():
        while True:
            fd = os.open(t.p(rel), os.O_RDONLY)  # waits for a writer
            try:
                while True:
                    data = os.read(fd, 65536)
                    if not data:
                        break
                    with open(log, "ab") as f:
                        f.write(data)
            finally:
                os.close(fd)
    threading.Thread(target=copy, daemon=True).start()


def unix_socket(t, rel, owner):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(t.p(rel))
    s.close()  # the socket file stays: open() on it fails all the same
    os.chown(t.p(rel), t.uid(owner), t.uid(owner))
    os.chmod(t.p(rel), 0o666)


# The non-regular targets of the special-files scenarios: recipient name ->
# (kind, file name in its directory).  The j* ones are inside the jail.
SPECIAL = {
    "nullc": ("null", "null"), "zeroc": ("zero", "zero"),
    "fullc": ("full", "full"), "sock": ("socket", "sock"),
    "fifor": ("fifo-read", "fifo"), "fifon": ("fifo", "fifo"),
    "dirt": ("dir", "box"), "symnull": ("symlink-null", "mbox"),
    "jnull": ("null", "null"), "jfull": ("full", "full"),
    "jsock": ("socket", "sock"), "jfifo": ("fifo-read", "fifo"),
    "jdir": ("dir", "box"),
}
STOCK_SPECIAL = ["nullc", "fullc", "sock", "fifor", "symnull"]
NOJAIL_SPECIAL = ["nullc", "zeroc", "fullc", "sock", "fifor", "fifon",
                  "dirt", "symnull"]
JAIL_SPECIAL = ["jnull", "jfull", "jsock", "jfifo", "jdir"]
NOFSYNC_SPECIAL = ["nullc", "zeroc", "fullc", "fifor", "fifon"]


def special_targets(t, top, names):
    """Each user's target below TOP/NAME (a home, or the jail's home)."""
    for name in names:
        kind, file = SPECIAL[name]
        d = "%s/%s" % (top, name)
        if top.startswith(J):
            jail_home(t, name)
        if kind in ("null", "zero", "full"):
            char_device(t, d + "/" + file, 1, {"null": 3, "zero": 5,
                                               "full": 7}[kind])
        elif kind == "socket":
            unix_socket(t, d + "/" + file, name)
        elif kind.startswith("fifo"):
            fifo(t, d + "/" + file, name, kind == "fifo-read")
        elif kind == "dir":
            t.mkdir(d + "/" + file, name, 0o700)
        elif kind == "symlink-null":
            char_device(t, d + "/null", 1, 3)
            os.symlink("null", t.p(d + "/" + file))
            os.lchown(t.p(d + "/" + file), t.uid(name), t.uid(name))


def special_users(names):
    """Recipients whose .forward names their target as /home/NAME/FILE
    (inside the jail when there is one)."""
    return [User(n, "/home/%s/%s\n" % (n, SPECIAL[n][1])) for n in names]


def s_stock_special(t):
    special_targets(t, "home", STOCK_SPECIAL)


def s_nojail_special(t):
    special_targets(t, "home", NOJAIL_SPECIAL)


def s_nofsync_special(t):
    special_targets(t, "home", NOFSYNC_SPECIAL)


def s_jail_special(t):
    special_targets(t, J + "/home", JAIL_SPECIAL)


SCENARIOS = [
    dict(name="jail-inside", cf="smrsh-jail", setup=s_inside, users=[
        User("ina", "/var/mailjail/home/ina/mbox\n"),
        User("inb", "/home/inb/mbox\n")]),
    dict(name="create-provisions-home", cf="smrsh-jail", users=[
        User("prov", "/home/prov/mbox\n")]),
    dict(name="jail-outside", cf="smrsh-jail", users=[
        User("outside", "/tmp/outside-mbox\n")]),
    dict(name="byte-prefix", cf="smrsh-jail", setup=s_prefix, users=[
        User("prefix", "/var/mailjailbreak/mbox\n")]),
    dict(name="target-symlink", cf="smrsh-jail", setup=s_symlink, users=[
        User("slink", "/home/slink/mbox\n")]),
    dict(name="target-hardlink", cf="smrsh-jail", setup=s_hardlink, users=[
        User("hlink", "/home/hlink/mbox\n")]),
    dict(name="target-executable", cf="smrsh-jail", setup=s_exec, users=[
        User("xbit", "/home/xbit/mbox\n")]),
    dict(name="target-modes", cf="smrsh-jail", setup=s_target_modes, users=[
        User("gwbox", "/home/gwbox/mbox\n"),
        User("otherbox", "/home/otherbox/mbox\n")]),
    dict(name="target-fifo", cf="smrsh-jail", setup=s_fifo, users=[
        User("fifo", "/home/fifo/mbox\n")]),
    dict(name="parent-missing-unwritable", cf="smrsh-jail", setup=s_parent,
         users=[User("noparent", "/home/noparent/deep/mbox\n"),
                User("rootdir", "/home/rootdir/mbox\n")]),
    dict(name="jail-spool", cf="smrsh-jail", setup=s_spool, users=[
        User("spnew", "/var/spool/mail/spnew\n"),
        User("spold", "/var/spool/mail/spold\n"),
        User("spgrp", "/var/spool/mail/spgrp\n", groups=("mail",))]),
    dict(name="jail-spool-group-in-jail", cf="smrsh-jail",
         setup=s_spool_jail_group, users=[
             User("spjgrp", "/var/spool/mail/spjgrp\n", groups=("mail",))]),
    dict(name="target-root-0666", cf="smrsh-jail", setup=s_rootfile, users=[
        User("shared", "/shared/box\n")]),
    dict(name="pipe-allowed", cf="smrsh-jail", users=[
        User("pipe", '"|rec one"\n'),
        User("pipeand", '"|rec a && rec b"\n'),
        User("pipeor", '"|rec c || exit 75"\n'),
        User("pipeexec", '"|exec rec d"\n')]),
    dict(name="pipe-refused", cf="smrsh-jail", users=[
        User("semi", '"|rec a; rec b"\n'),
        User("bar", '"|rec a | rec b"\n'),
        User("notin", '"|vacation me"\n'),
        User("dollar", '"|rec $HOME"\n')]),
    dict(name="pipe-quoting", cf="smrsh-jail", users=[
        User("quotes", '"|rec \\"a b\\" \'c d\'"\n'),
        User("lonexec", '"|exec"\n'),
        User("dangling", '"|rec a &&"\n')]),
    dict(name="pipe-unquoted", cf="smrsh-jail", users=[
        User("unq", "|rec x y\n")]),
    dict(name="backslash-user", cf="smrsh-jail", users=[
        User("bsl", '\\bsl, "|rec copy"\n')]),
    dict(name="comments", cf="smrsh-jail", users=[
        User("indent", '  # indented\n"|rec kept"\n'),
        User("trail", '"|rec t" # trailing\n')]),
    dict(name="include", cf="smrsh-jail", setup=s_include, users=[
        User("incl", ":include:/home/incl/list\n")]),
    dict(name="include-other-owner", cf="smrsh-jail", setup=s_include_other,
         users=[User("inclo", ":include:/home/inclo/list\n")]),
    dict(name="include-bad", cf="smrsh-jail", setup=s_include_bad, users=[
        User("inclww", ":include:/home/inclww/list\n"),
        User("inclmiss", ":include:/home/inclmiss/none\n")]),
    dict(name="bad-shell", cf="smrsh-jail", users=[
        User("zsh", '"|rec z"\n', shell="/bin/zsh"),
        User("zshfile", "/home/zshfile/mbox\n", shell="/bin/zsh")]),
    dict(name="forward-group-writable", cf="smrsh-jail", users=[
        User("gwf", '"|rec g"\n', forward_mode=0o664)]),
    # One other user's ACL entry is group write to sendmail (the mask).
    dict(name="forward-acl-writable", cf="smrsh-jail", setup=s_forward_acl,
         users=[User("aclf", '"|rec a"\n')]),
    dict(name="forward-world-writable", cf="smrsh-jail", users=[
        User("wwf", '"|rec w"\n', forward_mode=0o646)]),
    dict(name="forward-other-owner", cf="smrsh-jail", users=[
        User("owned", '"|rec o"\n', forward_owner=2000)]),
    dict(name="forward-root-owned", cf="smrsh-jail", users=[
        User("rootfwd", '"|rec r"\n', forward_owner=0)]),
    dict(name="forward-symlink", cf="smrsh-jail", setup=s_forward_symlinks,
         users=[User("fsym", '"|rec s"\n'),
                User("fsymgw", '"|rec s"\n', home_mode=0o775)]),
    dict(name="home-group-writable-debian", cf="smrsh-jail", users=[
        User("gwhome", '"|rec h"\n', home_mode=0o775)]),
    dict(name="home-world-writable", cf="smrsh-jail", users=[
        User("wwhome", '"|rec h"\n', home_mode=0o777)]),
    dict(name="home-group-writable-safe", cf="dbs-safe", users=[
        User("gwsafe", '"|rec h"\n', home_mode=0o775)]),
    dict(name="home-acl-writable-safe", cf="dbs-safe", setup=s_home_acl,
         users=[User("aclhome", '"|rec h"\n')]),
    dict(name="unsafe-forward-dbs", cf="dbs-unsafe", users=[
        User("unsafe", '"|rec u"\n', forward_mode=0o664),
        User("unsafef", "/home/unsafef/mbox\n", forward_mode=0o664)]),
    dict(name="unsafe-forward-acl-dbs", cf="dbs-unsafe", setup=s_unsafe_acl,
         users=[User("unsafeacl", '"|rec u"\n')]),
    dict(name="link-targets-dbs", cf="dbs-links", setup=s_links_dbs, users=[
        User("dslink", "/home/dslink/mbox\n"),
        User("dhlink", "/home/dhlink/mbox\n")]),
    dict(name="stock-pipe", cf="stock", users=[
        User("shpipe", '"|/usr/libexec/e2e/recorder s"\n')]),
    dict(name="stock-forward-host", cf="stock", setup=s_forward_host, users=[
        User("fwdhost", '"|/usr/libexec/e2e/recorder plain"\n')]),
    dict(name="stock-files", cf="stock", setup=s_stock_files, users=[
        User("stockf", "/home/stockf/mbox\n"),
        User("stockd", "/home/stockd/mbox\n")]),
    dict(name="stock-special-files", cf="stock", setup=s_stock_special,
         users=special_users(STOCK_SPECIAL)),
    dict(name="nojail-special-files", cf="nojail", setup=s_nojail_special,
         users=special_users(NOJAIL_SPECIAL) + [
             User("devnull", "/dev/null\n")]),
    dict(name="nojail-nofsync-special-files", cf="nojail-nofsync",
         setup=s_nofsync_special, users=special_users(NOFSYNC_SPECIAL)),
    dict(name="jail-special-files", cf="smrsh-jail", setup=s_jail_special,
         users=special_users(JAIL_SPECIAL)),
]
