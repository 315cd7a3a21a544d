"""observe.py -- what sendmail really did with one message, as words.

The words are the same kinds jailctl's audit predicts (see predict.py):
  wrote PATH created|appended owner=U mode=M a file got the marker
  ran PROG ARGS uid=U                         the recorder ran under that name
  prog exit N                                 a program's exit status bounced
  bounce 5.3.0 Can't create output            and the other bounce kinds
  refused: SMRSH-LINE                         smrsh's own line in the bounce
  ignored: REASON                             -v: sendmail skipped the .forward
  queued                                      the message stayed in the queue
  queued: I/O error                           ... its queue file says why
  fifo-fed PATH                               a reader of the FIFO got it
Deliveries to the recipient's own mailbox (the local mailer) are shown as
`local USER` but are not predicted by the audit, so not compared.
"""
import os
import re
import stat

# Parts of the tree that are the harness's or the system's, not deliveries.
SKIP_TOP = {"e2e", "usr", "lib", "lib64", "bin", "dev", "proc"}


def walk_files(tree):
    """Every non-directory below tree outside SKIP_TOP: {rel path: lstat}."""
    found = {}
    for top in sorted(os.listdir(tree)):
        if top in SKIP_TOP:
            continue
        start = os.path.join(tree, top)
        if not os.path.isdir(start) or os.path.islink(start):
            found["/" + top] = os.lstat(start)
            continue
        for d, dirs, files in os.walk(start):
            for n in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
                p = os.path.join(d, n)
                found["/" + os.path.relpath(p, tree)] = os.lstat(p)
    return found


def holds(path, marker):
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 4 << 20:
            return False
        with open(path, "rb") as f:
            return marker.encode() in f.read()
    except OSError:
        return False


def file_words(tree, before, marker, named):
    """One word per file (inode) that got the marker.  A file with several
    names (a hard link) is called by the name in `named` (the prediction's)
    when it has one: either name is the same file."""
    words = []
    inodes = {}
    for rel, st in sorted(walk_files(tree).items()):
        if rel.startswith("/var/spool/mqueue/"):
            if holds(tree + rel, marker) and os.path.basename(rel).startswith("df"):
                words.append("queued")
            elif holds(tree + rel, marker) and queue_status(tree + rel) == \
                    "I/O error":
                words.append("queued: I/O error")
            continue
        if holds(tree + rel, marker):
            inodes.setdefault((st.st_dev, st.st_ino), []).append((rel, st))
    for names in inodes.values():
        rel, st = next((n for n in names if n[0] in named), names[0])
        how = "appended" if rel in before else "created"
        words.append("wrote %s %s owner=%d mode=%04o" % (
            rel, how, st.st_uid, stat.S_IMODE(st.st_mode)))
    return words


def queue_status(qf):
    """The status (M line) a queue file keeps for its last attempt."""
    with open(qf, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("M"):
                return line[1:].rstrip("\n")
    return None


def tap_words(taps, marker):
    """`fifo-fed PATH` for each FIFO whose reader (scenarios.fifo) got the
    message; taps maps the FIFO's path to the reader's copy."""
    words = []
    for path, log in sorted(taps.items()):
        with open(log, "rb") as f:
            if marker.encode() in f.read():
                words.append("fifo-fed " + path)
    return words


def read_runs(tree, seen):
    """New lines of /e2e/ran.log: [(uid, cwd, argv, message text)]."""
    runs = []
    try:
        with open(os.path.join(tree, "e2e/ran.log"), encoding="utf-8",
                  errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return runs
    for line in lines[seen[0]:]:
        fields = line.split("|")
        kv = dict(x.split("=", 1) for x in fields[:4])
        argv = [bytes(a, "utf-8").decode("unicode_escape") for a in fields[4:]]
        try:
            with open(os.path.join(tree, kv["msg"].lstrip("/")),
                      encoding="utf-8", errors="replace") as m:
                text = m.read()
        except OSError:
            text = ""
        runs.append((int(kv["uid"]), kv["cwd"], argv, text))
    seen[0] = len(lines)
    return runs


def is_dsn(text):
    return "multipart/report" in text and "delivery-status" in text


def bounce_words(dsn):
    """One word per failed address of a DSN."""
    words = []
    smrsh_lines = re.findall(r"^(smrsh: .*)$", dsn, re.M)
    for block in re.split(r"\n(?=Final-Recipient:)", dsn)[1:]:
        status = re.search(r"^Status: (\S+)", block, re.M)
        status = status.group(1) if status else "?"
        diag = re.search(r"^Diagnostic-Code: (.*)$", block, re.M)
        diag = diag.group(1) if diag else ""
        if status.startswith("4") or status == "5.7.1":
            continue  # 5.7.1: shell_unsafe_words names it
        if "X-Unix; 69" in diag and smrsh_lines:
            words.append("refused: " + smrsh_lines.pop(0))
        elif "X-Unix; 73" in diag:
            words.append("bounce %s Can't create output" % status)
        elif status == "5.2.4":
            m = re.search(r"^550 5\.2\.4 .*\.\.\. (Cannot open .*)$", dsn, re.M)
            words.append("bounce 5.2.4 " + (m.group(1) if m else "?"))
        elif status == "5.1.1":
            words.append("bounce 5.1.1 User unknown")
        elif re.match(r"X-Unix; \d+$", diag):
            words.append("prog exit " + diag.split()[-1])
        else:
            words.append("bounce %s %s" % (status, diag or "(no diagnostic)"))
    return words


def shell_unsafe_words(dsn):
    """5.7.1 refusals have no Diagnostic-Code: name them by their text."""
    words = []
    for line in re.findall(r"^.*5\.7\.1 .*$", dsn, re.M):
        if "valid shell" in line:
            words.append("bounce 5.7.1 no valid shell")
        elif "is unsafe for mailing" in line:
            words.append("bounce 5.7.1 unsafe")
    return words


def transcript_words(transcript, recipient):
    """`-v` lines about the recipient's .forward being skipped."""
    words = []
    for m in re.finditer(r"^%s\.\.\. forward: (\S+): (.*)$" % re.escape(recipient),
                         transcript, re.M):
        words.append("ignored: " + m.group(2).strip())
    return words
