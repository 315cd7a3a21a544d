"""sandbox.py -- the scratch system tree the real sendmail runs in.

Debian's sendmail packages are unpacked (scripts/fetch-deb, cached under
build/debs/) and never installed.  A base tree holds sendmail, smrsh, dash
as /bin/sh, the harness's recorder and every shared library ldd names for
them; each scenario gets a copy (hard links) of it with its own /etc, homes
and jail.  sendmail runs in private mount, PID, network, IPC and UTS
namespaces, chrooted into the scenario's tree: nothing outside is touched.
"""
import os
import shutil
import subprocess

# sendmail-bin's run-time library dependencies (its Depends without libc6)
# and those of libnsl2/libtirpc3 that a minimal Debian lacks (Kerberos):
# unpacked next to it, so a host without them can still run the binary.
# The rest (gnutls and its libraries, which apt itself needs) is the host's.
PACKAGES = ["sendmail-bin", "sendmail-base", "sendmail-cf", "libdb5.3",
            "libldap-2.5-0", "liblockfile1", "libnsl2", "libsasl2-2",
            "libssl3", "libwrap0", "libtirpc3", "libgssapi-krb5-2",
            "libkrb5-3", "libk5crypto3", "libkrb5support0", "libkeyutils1",
            "libcom-err2"]
SENDMAIL = "usr/libexec/sendmail/sendmail"
SMRSH = "usr/libexec/sendmail/smrsh"
RECORDER = "usr/libexec/e2e/recorder"
HOSTNAME = "e2e.example.org"


class Skip(Exception):
    """The harness cannot run here; the message says why."""


def run(argv, **kw):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, **kw)


def check_namespaces():
    if os.geteuid() != 0:
        raise Skip("not root: chroot and namespaces need root")
    for tool in ("unshare", "chroot", "m4", "mount", "hostname", "timeout"):
        if shutil.which(tool) is None:
            raise Skip("%s is not installed (scripts/deps installs it)" % tool)
    r = run(["unshare", "--mount", "--pid", "--fork", "--net", "--ipc",
             "--uts", "true"])
    if r.returncode != 0:
        raise Skip("unshare cannot create private namespaces: %s"
                   % r.stderr.strip())


def fetch_packages(srcdir):
    r = run(["sh", os.path.join(srcdir, "scripts", "fetch-deb"), "sendmail"]
            + PACKAGES)
    if r.returncode != 0:
        raise Skip("the sendmail packages cannot be had: %s" % r.stderr.strip())
    return r.stdout.strip()


def copy_file(src, dst, mode=None):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copyfile(src, dst)  # follows links: we want the bytes
    os.chmod(dst, mode if mode is not None else os.stat(src).st_mode & 0o7777)


def lib_dirs(debtree):
    out = []
    for d in ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib",
              "usr/lib"):
        p = os.path.join(debtree, d)
        if os.path.isdir(p):
            out.append(p)
    return out


def install_libraries(tree, debtree, binary):
    """Copy what ldd resolves for binary (unpacked packages first)."""
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(lib_dirs(debtree)))
    r = run(["ldd", binary], env=env)
    if r.returncode != 0:
        raise Skip("ldd %s failed: %s" % (binary, r.stderr.strip()))
    missing = []
    for line in r.stdout.splitlines():
        if "not found" in line:
            missing.append(line.split()[0])
            continue
        if "/" not in line:
            continue
        path = line[line.index("/"):].split()[0]
        dest = path[len(debtree):] if path.startswith(debtree + "/") else path
        target = os.path.join(tree, dest.lstrip("/"))
        if not os.path.exists(target):
            copy_file(path, target, 0o755)
    if missing:
        raise Skip("%s needs libraries neither the host nor the unpacked "
                   "packages have: %s" % (binary, ", ".join(missing)))


def build_base(tree, debtree, recorder):
    for rel in (SENDMAIL, SMRSH):
        copy_file(os.path.join(debtree, rel), os.path.join(tree, rel), 0o755)
    copy_file(recorder, os.path.join(tree, RECORDER), 0o755)
    dash = shutil.which("dash") or "/bin/dash"
    if not os.path.exists(dash):
        raise Skip("no dash to serve as /bin/sh in the chroot")
    copy_file(dash, os.path.join(tree, "bin/sh"), 0o755)
    for b in (os.path.join(tree, SENDMAIL), os.path.join(tree, SMRSH),
              dash, recorder):
        install_libraries(tree, debtree, b)


def sendmail_argv(tree, recipient, sender):
    """unshare + chroot + sendmail, delivering now (-odi), verbose."""
    script = ('mount --bind /dev/null "$1/dev/null" && '
              'hostname %s && exec chroot "$1" /%s -odi -oem -v -f "$2" -- "$3"'
              % (HOSTNAME, SENDMAIL))
    return ["timeout", "-k", "5", "60", "unshare", "--mount", "--pid",
            "--fork", "--net", "--ipc", "--uts", "--propagation", "private",
            "sh", "-c", script, "sh", tree, sender, recipient]
