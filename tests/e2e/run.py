#!/usr/bin/env python3
"""run.py -- jailctl's predictions against the real sendmail, end to end.

For each scenario of scenarios.py: a scratch system tree; `jailctl create`
builds the jail in it; `jailctl audit config` must read the generated
sendmail.cf as sendmail does; `jailctl audit forward --format json` predicts
what each recipient's message will do; then one message per recipient,
with a unique marker, goes through Debian's real sendmail (unshare +
chroot, -odi -v) and what really happened is read back (observe.py).
One table row per recipient; any DISAGREE fails (exit 1).  Skips (exit 0,
saying why) only when namespaces or the packages cannot be had.

Environment: JAILCTL_BIN (default jailctl/jailctl), JAILCTL_SRCDIR (default
the source tree), E2E_RECORDER (default build/e2e/recorder), E2E_ONLY (a
scenario name: run just that one), E2E_KEEP=1 (keep the trees).
"""
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import config  # noqa: E402
import observe  # noqa: E402
import predict  # noqa: E402
import sandbox  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402
from tree import SENDER, Tree  # noqa: E402

UMASK = 0o022
SRC = os.environ.get("JAILCTL_SRCDIR") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))
JAILCTL = os.environ.get("JAILCTL_BIN") or os.path.join(SRC, "jailctl/jailctl")
RECORDER = os.environ.get("E2E_RECORDER") or os.path.join(SRC, "build/e2e/recorder")
PROFILE = os.path.join(SRC, "profiles/debian.profile")
E2E_DIR = os.path.join(SRC, "tests/e2e")


def generate_cf(debtree, mc):
    cfdir = os.path.join(debtree, "usr/share/sendmail/cf") + "/"
    r = sandbox.run(["m4", "-D_CF_DIR_=" + cfdir, "-I", os.path.join(E2E_DIR, "cf"),
                     cfdir + "m4/cf.m4", os.path.join(E2E_DIR, "cf", mc + ".mc")])
    if r.returncode != 0 or r.stderr.strip():
        sys.exit("e2e: m4 %s.mc failed: %s" % (mc, r.stderr.strip()))
    return r.stdout


def jailctl(tree, *args):
    # The lock lives beside the trees, never in the host's /run/jailctl.
    rundir = os.path.join(os.path.dirname(tree), "run")
    os.makedirs(rundir, mode=0o700, exist_ok=True)
    return sandbox.run([JAILCTL, "--root", tree, "--profile", PROFILE]
                       + list(args), env=dict(os.environ, JAILCTL_RUNDIR=rundir))


def check_config(tree, cf_text):
    """audit config must read the generated cf as sendmail does."""
    r = jailctl(tree, "--format", "json", "audit", "config")
    if r.returncode == 2:
        return ["audit config failed: " + r.stderr.strip()]
    return config.problems(cf_text, json.loads(r.stdout), "/var/mailjail")


def send(t, user, marker):
    body = ("From: %s\nTo: %s\nSubject: e2e %s\n\n%s\n"
            % (SENDER, user, marker, marker))
    r = subprocess.run(sandbox.sendmail_argv(t.path, user, SENDER), input=body,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    return r.returncode, r.stdout


def outcome(t, user, marker, before, named, runs_seen, transcript):
    words, shown = [], []
    words += observe.file_words(t.path, before, marker, named)
    words += observe.tap_words(getattr(t, "taps", {}), marker)
    for uid, cwd, argv, text in observe.read_runs(t.path, runs_seen):
        name = os.path.basename(argv[0])
        if name == "local" and observe.is_dsn(text):
            words += observe.bounce_words(text)
            words += observe.shell_unsafe_words(text)
        elif name == "local":
            shown.append("local " + " ".join(argv[1:]))
        else:
            words.append(predict.ran_word([name] + argv[1:], uid))
            shown.append("ran %s as %d in %s" % (" ".join(argv), uid, cwd))
    words += observe.transcript_words(transcript, user)
    return sorted(words), shown


def pipe_command(entry):
    """The command of a quoted pipe entry as sendmail hands it to the prog
    mailer (quotes stripped, \\x made x, the | dropped)."""
    m = re.match(r'^"\|((?:[^"\\]|\\.)*)"$', entry)
    return re.sub(r"\\(.)", r"\1", m.group(1)) if m else None


def audit_pipe(tree, user, entries):
    """`audit pipe --user` on the one quoted pipe audit forward judged for
    the recipient: its own prediction of the same program run."""
    cmd = pipe_command(entries[0]) if len(entries) == 1 else None
    if cmd is None:
        return None
    r = jailctl(tree, "--format", "json", "--user", user.name, "audit",
                "pipe", "--", cmd)
    if r.returncode == 2:
        return ["audit pipe failed: " + r.stderr.strip()]
    return sorted(predict.pipe_predictions(json.loads(r.stdout), str(user.uid),
                                         cmd))


def fill_appends(tree, words, taps):
    """An append keeps owner and mode: take them from the file as it is
    before the message.  A predicted path that is a symbolic link (with
    FileDeliveryToSymLink) is the file it leads to.  What jailctl says
    happens when a FIFO has a reader ("if-read FIFO: ...") counts for the FIFOs
    the scenario gave one (taps), what happens without one ("if-unread
    FIFO: ...") for the others."""
    out = []
    for w in words:
        if w.startswith(("if-read ", "if-unread ")):
            cond, _, rest = w.partition(" ")
            fifo, _, word = rest.partition(": ")
            if (fifo in taps) == (cond == "if-read"):
                out.append(word)
            continue
        if w.startswith("wrote ") and w.endswith(" owner=? mode=?"):
            path = w.split()[1]
            real = os.path.realpath(tree + path)
            if real.startswith(tree + "/"):
                path = real[len(tree):]
            try:
                st = os.lstat(tree + path)
                w = "wrote %s appended owner=%d mode=%04o" % (
                    path, st.st_uid, st.st_mode & 0o7777)
            except OSError:
                w = "wrote %s appended (no such file before)" % path
        out.append(w)
    return sorted(out)


def run_scenario(base, debtree, workdir, sc, cfs, rows, detail, checked_cfs):
    cf = cfs.setdefault(sc["cf"], generate_cf(debtree, sc["cf"]))
    t = Tree(base, os.path.join(workdir, sc["name"]), cf, sc["users"])
    r = jailctl(t.path, "--selinux", "off", "create")
    if r.returncode == 2:
        sys.exit("e2e: %s: jailctl create failed: %s" % (sc["name"], r.stderr))
    if sc.get("setup"):
        sc["setup"](t)
    problems = check_config(t.path, cf)
    if sc["cf"] not in checked_cfs:
        checked_cfs[sc["cf"]] = "audit config, %s.mc: %s: %s" % (
            sc["cf"], config.summary(cf), "; ".join(problems) or "agree")
    r = jailctl(t.path, "--format", "json", "audit", "forward")
    if r.returncode == 2:
        sys.exit("e2e: %s: audit forward failed: %s" % (sc["name"], r.stderr))
    predicted = predict.predictions(json.loads(r.stdout), UMASK)
    pipes = predict.pipe_entries(json.loads(r.stdout))
    runs_seen = [0]
    for u in sc["users"]:
        marker = "E2E-MARKER-%s-%s" % (sc["name"], u.name)
        want = fill_appends(t.path, predicted.get(u.name, []),
                            getattr(t, "taps", {}))
        piped = audit_pipe(t.path, u, pipes.get(u.name, []))
        named = {w.split()[1] for w in want if w.startswith("wrote ")}
        before = observe.walk_files(t.path)
        status, transcript = send(t, u.name, marker)
        got, shown = outcome(t, u.name, marker, before, named, runs_seen,
                             transcript)
        ok = got == want and not problems
        rows.append((sc["name"], u.name, "; ".join(want) or "-",
                     "; ".join(got) or "-", "agree" if ok else "DISAGREE"))
        if piped is not None:
            # audit pipe speaks of the program only: the same outcome,
            # its program words.
            progs = [w for w in got if w.startswith(("ran ", "refused: ",
                                                     "prog exit "))]
            rows.append((sc["name"], u.name + " (audit pipe)",
                         "; ".join(piped) or "-", "; ".join(progs) or "-",
                         "agree" if piped == progs else "DISAGREE"))
        detail.append("== %s / %s: exit %d%s\n%s\n%s" % (
            sc["name"], u.name, status,
            "".join("\n   " + s for s in shown + problems),
            "   .forward: " + repr(u.forward), transcript.rstrip()))


def main():
    try:
        sandbox.check_namespaces()
        debtree = sandbox.fetch_packages(SRC)
        if not os.access(RECORDER, os.X_OK):
            sys.exit("e2e: no recorder at %s (make builds it)" % RECORDER)
        os.umask(UMASK)
        os.makedirs(os.path.join(SRC, "build/e2e-trees"), exist_ok=True)
        workdir = tempfile.mkdtemp(prefix="run.",
                                   dir=os.path.join(SRC, "build/e2e-trees"))
        os.chmod(workdir, 0o755)
        base = os.path.join(workdir, "base")
        sandbox.build_base(base, debtree, RECORDER)
    except sandbox.Skip as e:
        print("e2e: skipped: %s" % e)
        return 0
    rows, detail, cfs, checked_cfs = [], [], {}, {}
    only = os.environ.get("E2E_ONLY")
    try:
        for sc in SCENARIOS:
            if only and sc["name"] != only:
                continue
            run_scenario(base, debtree, workdir, sc, cfs, rows, detail,
                         checked_cfs)
    finally:
        if os.environ.get("E2E_KEEP") != "1":
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print("e2e: trees kept in %s" % workdir)
    bad = [r for r in rows if r[4] != "agree"]
    if bad or os.environ.get("E2E_VERBOSE") == "1":
        print("\n".join(detail))
    widths = [max(len(r[i]) for r in rows + [("scenario", "recipient", "jailctl predicts",
                                                "sendmail did", "")]) for i in range(2)]
    print("%-*s  %-*s  %s" % (widths[0], "scenario", widths[1], "recipient",
                              "jailctl predicts | sendmail did | verdict"))
    for r in rows:
        print("%-*s  %-*s  %s | %s | %s" % (widths[0], r[0], widths[1], r[1],
                                            r[2], r[3], r[4]))
    print("\n".join(checked_cfs.values()))
    scen = sorted({r[0] for r in rows})
    scen_ok = [s for s in scen if all(r[4] == "agree" for r in rows if r[0] == s)]
    pipe_rows = [r for r in rows if r[1].endswith(" (audit pipe)")]
    pipe_bad = [r for r in pipe_rows if r[4] != "agree"]
    print("e2e: %d of %d recipients agree, and %d of %d audit pipe checks; "
          "%d of %d scenarios agree"
          % (len(rows) - len(pipe_rows) - len(bad) + len(pipe_bad),
             len(rows) - len(pipe_rows), len(pipe_rows) - len(pipe_bad),
             len(pipe_rows), len(scen_ok), len(scen)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
