"""predict.py -- jailctl's `audit forward --format json` findings as words.

The words are those observe.py writes for what sendmail really did, so a
prediction and an outcome compare as sorted lists.  Each finding names its
user ("user NAME, line N: ..."); findings that only explain another one
(file-prefix, pipe-warning, trailing-comment, ...) add no word.  A finding
that says what sendmail does with an entry carries the model's prediction
(`prediction`: delivery, outcome, uid, target, the string /bin/sh -c gets
...), and its words come from there; the others from their messages.
"""
import re
import shlex

USER = re.compile(r"^user ([^,:]+)")


def prediction_words(p, umask_bits):
    """Words of a finding's `prediction` object (the model's own terms:
    audit/model/predict.h), or None for an outcome it does not cover."""
    uid = str(p.get("uid"))
    if p["delivery"] == "file":
        if p["outcome"] == "creates":
            mode = int(p.get("mode") or "0600", 8) & ~umask_bits
            return ["wrote %s created owner=%s mode=%04o"
                    % (p["target"], uid, mode)]
        if p["outcome"] == "appends":
            # Appending keeps the file's owner and mode: run.py fills
            # them in from the tree as it was before the message.
            return ["wrote %s appended owner=? mode=?" % p["target"]]
        if p["outcome"] == "discarded":
            return []
        if p["outcome"] == "fails":
            return ["queued"] if p.get("transient") else \
                ["bounce 5.3.0 Can't create output"]
    if p["delivery"] == "pipe":
        if p["outcome"] == "runs":
            return command_words(p.get("sh_c") or "", uid) \
                if p.get("runs") else []
        if p["outcome"] == "unfiltered":
            return command_words(p.get("command") or "", uid)
        if p["outcome"] == "smrsh-refuses":
            return ["refused: " + (p.get("reason") or "")]
    if p["outcome"] == "refused":
        return ["bounce 5.7.1 no valid shell" if p.get("refusal") == "shell"
                else "bounce 5.7.1 unsafe"]
    return None


def words_for(finding, umask_bits):
    """The prediction's words; the message must say the same (a word that
    matches nothing sendmail did marks a difference)."""
    said = message_words(finding, umask_bits)
    if finding.get("prediction") is not None:
        words = prediction_words(finding["prediction"], umask_bits)
        if words is not None:
            if words != said:
                return words + ["?message says %s" % said]
            return words
    return said


def message_words(finding, umask_bits):
    fid, msg, actual = finding["id"], finding["message"], finding.get("actual")
    if fid == "forward.file-target":
        m = re.search(r"` (creates|appends to) (\S+) as uid (\d+)"
                      r"(?:, mode (\d+) less)?", msg)
        if m is None:
            return []  # /dev/null: discarded
        if m.group(1) == "creates":
            mode = int(m.group(4) or "600", 8) & ~umask_bits
            return ["wrote %s created owner=%s mode=%04o"
                    % (m.group(2), m.group(3), mode)]
        # Appending keeps the file's owner and mode: run.py fills them in
        # from the tree as it was before the message.
        return ["wrote %s appended owner=? mode=?" % m.group(2)]
    if fid == "forward.file-special":
        # No jail: the target is written (or the open waits), the delivery
        # never completes.  A FIFO's outcome hangs on a reader being there
        # at delivery time: run.py keeps the "if-read FIFO: WORD" words only
        # when the scenario gave that FIFO one, "if-unread FIFO: WORD" only
        # when it did not.
        # SuperSafe=False: no fsync(), a write that goes through is a
        # delivery ("counts as done").
        path = actual or "?"
        fifo = re.search(r" is a FIFO: ", msg) is not None
        if fifo and "(EX_IOERR, 74)" in msg:
            return ["queued", "if-read %s: queued: I/O error" % path,
                    "if-read %s: fifo-fed %s" % (path, path)]
        if fifo and "counts as done" in msg:
            return ["if-unread %s: queued" % path,
                    "if-read %s: fifo-fed %s" % (path, path)]
        if "(EX_IOERR, 74)" in msg:
            return ["queued", "queued: I/O error"]
        if "counts as done" in msg:
            return []
        return ["?" + msg]
    if fid == "forward.file-fails":
        if "stays queued" in msg:
            return ["queued"]
        return ["bounce 5.3.0 Can't create output"]
    if fid == "forward.pipe-runs":
        m = re.search(r"` runs (.+?) as uid (\d+) \(/bin/sh", msg)
        if m is None or m.group(1) in ("only shell built-ins", "nothing"):
            return []
        return command_words(actual or "", m.group(2))
    if fid == "forward.pipe-warning":
        return warning_words(msg)
    if fid == "forward.pipe-no-smrsh":
        m = re.search(r"as uid (\d+): .* gets `(.*)`$", msg)
        if m is None:
            return ["?" + msg]
        return command_words(m.group(2), m.group(1))
    if fid == "forward.pipe-refused":
        return ["refused: " + (actual or "").split(" / ")[0]]
    if fid == "forward.include-failed":
        m = re.match(r"550 (5\.2\.4) (.*)$", actual or "")
        return ["bounce %s %s" % m.groups()] if m else ["?" + msg]
    if fid == "forward.bad-shell":
        return ["bounce 5.7.1 no valid shell"]
    if fid == "forward.unsafe-user" and finding["severity"] != "low":
        return ["bounce 5.7.1 unsafe"]
    if fid == "forward.indented-comment":
        return ["bounce 5.1.1 User unknown"]
    if fid == "forward.ignored":
        return ["ignored: " + (actual or "")]
    return []


def ran_word(argv, uid):
    """`ran ARGV uid=U`, each argument quoted as the shell would need."""
    return "ran %s uid=%s" % (" ".join(shlex.quote(a) for a in argv), uid)


def command_words(command, uid):
    """`ran NAME ARGS uid=U` for each program the shell command /bin/sh gets
    runs (what smrsh built, or the .forward's text without smrsh): the
    commands between && and ||, without a leading exec; shell built-ins
    (exit, echo) are not programs."""
    words = []
    for part in re.split(r"&&|\|\|", command):
        argv = shlex.split(part)
        if argv and argv[0] == "exec":
            argv = argv[1:]
        if argv and "/" in argv[0]:
            words.append(ran_word([argv[0].rsplit("/", 1)[-1]] + argv[1:], uid))
    return words


def warning_words(msg):
    """A line /bin/sh cannot parse runs nothing: its exit status bounces."""
    m = re.search(r"syntax error \(exit (\d+)\) and runs nothing", msg)
    return ["prog exit " + m.group(1)] if m else []


def pipe_predictions(doc, uid, command):
    """Words of one `audit pipe --user U --format json` document."""
    words = []
    for f in doc.get("findings", []):
        if f["id"] == "pipe.runs" and ": runs no program as " not in f["message"]:
            words += command_words(f.get("actual") or "", uid)
        elif f["id"] == "pipe.warning":
            words += warning_words(f["message"])
        elif f["id"] == "pipe.no-smrsh":
            words += command_words(command, uid)  # /bin/sh -c runs it all
        elif f["id"] == "pipe.refused":
            words.append("refused: " + (f.get("actual") or ""))
    return words


def pipe_entries(doc):
    """{user: [entry as written]} of the pipes audit forward judged."""
    out = {}
    for f in doc.get("findings", []):
        m = re.match(r"^user ([^,:]+), line \d+: (?:smrsh refuses )?`(.*?)` "
                     r"(?:runs|\(exit)", f.get("message", ""))
        if m and f["id"] in ("forward.pipe-runs", "forward.pipe-refused",
                             "forward.pipe-no-smrsh"):
            # jailctl escapes what it quotes from a file: \\ is one \.
            out.setdefault(m.group(1), []).append(
                m.group(2).replace("\\\\", "\\"))
    return out


def predictions(doc, umask_bits):
    """{user: [word, ...]} from one audit forward JSON document."""
    out = {}
    for f in doc.get("findings", []):
        if f.get("prediction") is not None:
            user = f["prediction"]["user"]
        else:
            m = USER.match(f.get("message", ""))
            if m is None:
                continue
            user = m.group(1)
        out.setdefault(user, []).extend(words_for(f, umask_bits))
    return out
