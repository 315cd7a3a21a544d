"""tree.py -- one scenario's system tree: the base copied, /etc, homes.

The same tree is jailctl's --root and sendmail's chroot.
"""
import os
import subprocess

SENDER = "e2e-sender"
SYSTEM_PASSWD = [
    "root:x:0:0:root:/root:/bin/sh",
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
    "mail:x:8:8:mail:/var/mail:/usr/sbin/nologin",
    "smmta:x:115:121:Mail Transfer Agent:/var/lib/sendmail:/usr/sbin/nologin",
    "smmsp:x:116:122:Mail Submission Program:/var/lib/sendmail:/usr/sbin/nologin",
    "%s:x:2000:2000:sender:/home/%s:/bin/sh" % (SENDER, SENDER),
]
SYSTEM_GROUP = ["root:x:0:", "daemon:x:1:", "mail:x:8:", "smmta:x:121:",
                "smmsp:x:122:smmta", "%s:x:2000:" % SENDER]


class User:
    """A recipient: its passwd line, home and .forward."""

    def __init__(self, name, forward, shell="/bin/sh", home_mode=0o755,
                 forward_mode=0o644, forward_owner=None, groups=()):
        self.name, self.forward, self.shell = name, forward, shell
        self.groups = groups  # system groups (SYSTEM_GROUP) it is a member of
        self.home_mode, self.forward_mode = home_mode, forward_mode
        self.forward_owner = forward_owner
        self.uid = None


class Tree:
    def __init__(self, base, path, cf, users):
        self.path = path
        subprocess.run(["cp", "-a", "--link", base, path], check=True)
        self.users = users
        for i, u in enumerate(users):
            u.uid = 1001 + i
        for d, mode in (("etc/mail/smrsh", 0o755), ("home", 0o755),
                        ("dev", 0o755), ("tmp", 0o1777),
                        ("var/spool/mqueue", 0o700),
                        ("var/lib/sendmail", 0o755), ("e2e/in", 0o1777)):
            os.makedirs(self.p(d), exist_ok=True)
            os.chmod(self.p(d), mode)
        os.chmod(self.p("e2e"), 0o1777)
        self.write("dev/null", "")
        self.write("e2e/ran.log", "", 0o666)
        self.write("etc/passwd", "\n".join(SYSTEM_PASSWD + [
            "%s:x:%d:%d:%s:/home/%s:%s" % (u.name, u.uid, u.uid, u.name,
                                           u.name, u.shell)
            for u in users]) + "\n")
        system_groups = [
            g + ",".join(u.name for u in users if g.split(":")[0] in u.groups)
            if g.endswith(":") else g for g in SYSTEM_GROUP]
        self.write("etc/group", "\n".join(system_groups + [
            "%s:x:%d:" % (u.name, u.uid) for u in users]) + "\n")
        self.write("etc/shells", "/bin/sh\n/bin/bash\n")
        self.write("etc/hosts", "127.0.0.1 localhost %s e2e\n" % "e2e.example.org")
        self.write("etc/nsswitch.conf", "passwd: files\ngroup: files\n"
                   "hosts: files\n")
        self.write("etc/mail/service.switch", "hosts files\naliases files\n")
        self.write("etc/mail/aliases", "postmaster: root\n")
        self.write("etc/os-release", "ID=debian\n")
        self.write("etc/hostname", "e2e.example.org\n")
        self.write("etc/mail/sendmail.cf", cf)
        os.symlink("/usr/libexec/e2e/recorder", self.p("etc/mail/smrsh/rec"))
        self.home(SENDER, 2000, 0o755)
        for u in users:
            self.home(u.name, u.uid, u.home_mode)
            if u.forward is not None:
                owner = u.uid if u.forward_owner is None else u.forward_owner
                self.write("home/%s/.forward" % u.name, u.forward,
                           u.forward_mode, owner, owner)

    def p(self, rel):
        return os.path.join(self.path, rel.lstrip("/"))

    def uid(self, name):
        return next(u.uid for u in self.users if u.name == name)

    def home(self, name, uid, mode):
        os.makedirs(self.p("home/" + name))
        os.chown(self.p("home/" + name), uid, uid)
        os.chmod(self.p("home/" + name), mode)

    def write(self, rel, text, mode=0o644, uid=0, gid=0):
        with open(self.p(rel), "w") as f:
            f.write(text)
        os.chown(self.p(rel), uid, gid)
        os.chmod(self.p(rel), mode)

    def mkdir(self, rel, owner, mode):
        """A directory (and missing parents, root 0755) owned by a user name."""
        os.makedirs(self.p(rel), exist_ok=True)
        uid = 0 if owner == "root" else self.uid(owner)
        os.chown(self.p(rel), uid, uid)
        os.chmod(self.p(rel), mode)

    def file(self, rel, owner, mode, text="old mail\n"):
        uid = 0 if owner == "root" else self.uid(owner)
        self.write(rel, text, mode, uid, uid)
