"""config.py -- does `jailctl audit config` read a sendmail.cf as sendmail does?

A deliberately small reader of our own generated files (one `O Name=value`
per option, as m4 writes them) gives what sendmail will use; jailctl's
findings must say the same about the SafeFileEnvironment, the prog mailer,
DontBlameSendmail and ForwardPath.
"""
import re

# DontBlameSendmail flags that change what a .forward, an :include: or a
# file delivery does: jailctl must name each one that is set.
FAMILY = re.compile(r"Forward|Include|FileDelivery|TrustStickyBit|"
                    r"NonRootSafeAddr|AssumeSafeChown|GroupWritableDirPathSafe")


def read_cf(text):
    opts, dbs, prog = {}, set(), None
    for line in text.splitlines():
        m = re.match(r"O (\w+)=(.*)$", line)
        if m and m.group(1) == "DontBlameSendmail":
            for flag in re.split(r"[\s,]+", m.group(2)):
                if flag.lower() == "safe":
                    dbs.clear()
                elif flag:
                    dbs.add(flag)
        elif m:
            opts[m.group(1)] = m.group(2)
        m = re.match(r"Mprog,\s+P=([^,]+),", line)
        if m:
            prog = m.group(1)
    return opts, dbs, prog


def problems(cf_text, doc, jail):
    """What jailctl's audit config JSON gets wrong about cf_text."""
    opts, dbs, prog = read_cf(cf_text)
    found = {}
    for f in doc.get("findings", []):
        found.setdefault(f["id"], []).append(f.get("actual") or "")
    out = []
    reported = set(found.get("cf.dbs", []))
    want = {f for f in dbs if FAMILY.search(f)}
    if reported - dbs:
        out.append("audit config reports DontBlameSendmail flags that are "
                   "not set: %s" % sorted(reported - dbs))
    if want - reported:
        out.append("audit config misses DontBlameSendmail flags: %s"
                   % sorted(want - reported))
    sfe = opts.get("SafeFileEnvironment", "").rstrip("/")
    if "SafeFileEnvironment" not in opts and \
            "cf.safefileenv-absent" not in found:
        out.append("audit config does not say SafeFileEnvironment is unset")
    elif sfe == "" and "SafeFileEnvironment" in opts and \
            "cf.safefileenv-root" not in found:
        out.append("audit config does not say SafeFileEnvironment=%s is no jail"
                   % opts.get("SafeFileEnvironment"))
    if sfe == jail and any(k.startswith("cf.safefileenv") for k in found):
        out.append("audit config faults SafeFileEnvironment=%s" % sfe)
    smrsh = prog is not None and prog.rsplit("/", 1)[-1] == "smrsh"
    if smrsh == ("cf.prog-not-smrsh" in found):
        out.append("audit config is wrong about the prog mailer P=%s" % prog)
    if not smrsh and found.get("cf.prog-not-smrsh") != [prog]:
        out.append("audit config names the prog mailer %s, the cf has %s"
                   % (found.get("cf.prog-not-smrsh"), prog))
    if opts.get("ForwardPath") and "cf.forwardpath-empty" in found:
        out.append("audit config says ForwardPath is empty; it is %s"
                   % opts["ForwardPath"])
    return out


def summary(cf_text):
    opts, dbs, prog = read_cf(cf_text)
    return "SafeFileEnvironment=%s, prog mailer %s, ForwardPath=%s, %d " \
        "DontBlameSendmail flags" % (opts.get("SafeFileEnvironment"), prog,
                                     opts.get("ForwardPath"), len(dbs))
