#!/usr/bin/env python3
"""checksrc: parkkiosk's source rules, after curl's checksrc (CTest label "style").

  checksrc.py [--no-format] [ROOT]     ROOT = the source tree (default: two levels up)

Checks every C file under src/:
  format      clang-format leaves it as it is (the repository's .clang-format)
  assign      no assignment inside an if/while condition (STYLE.md 6)
  banned      no sprintf, vsprintf, strcpy, strcat, gets, atoi, atol, atof, sscanf
              (unbounded writes, or numbers without range or error: use snprintf,
              memcpy with a length, num.h)
  core-pure   no SDL, curl or espeak-ng header under src/core (the pure core)
Prints file:line: rule: text for each finding and exits 1 if there is any.
"""
import os
import re
import shutil
import subprocess
import sys

BANNED = ("sprintf", "vsprintf", "strcpy", "strcat", "gets", "atoi", "atol", "atof", "sscanf")
BANNED_RE = re.compile(r"(?<![A-Za-z0-9_])(%s)\s*\(" % "|".join(BANNED))
IMPURE_RE = re.compile(r'^\s*#\s*include\s*[<"](SDL|SDL2/|curl/|espeak-ng/|espeak/)')
COND_RE = re.compile(r"(?<![A-Za-z0-9_])(if|while)\s*\(")


def blank_comments_and_strings(src):
    """The text with comments, string and char literals replaced by spaces (newlines
    kept), so that line numbers stay and nothing inside them is matched."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c and src[j] != "\n":
                j += 2 if src[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else src[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def condition_at(text, start):
    """The text inside the parentheses opening at text[start], or None."""
    depth = 0
    for j in range(start, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:j]
    return None


def has_assignment(cond):
    # '=' that is not part of ==, !=, <=, >=, nor the second char of ==
    for k, ch in enumerate(cond):
        if ch != "=":
            continue
        prev = cond[k - 1] if k > 0 else ""
        nxt = cond[k + 1] if k + 1 < len(cond) else ""
        if nxt == "=" or prev in "=!<>":
            continue
        return True
    return False


def check_file(path, rel, findings):
    with open(path, encoding="utf-8") as f:
        src = f.read()
    text = blank_comments_and_strings(src)
    lines = src.split("\n")

    def line_of(pos):
        return text.count("\n", 0, pos) + 1

    def add(pos_or_line, rule, is_line=False):
        ln = pos_or_line if is_line else line_of(pos_or_line)
        findings.append("%s:%d: %s: %s" % (rel, ln, rule, lines[ln - 1].strip()))

    for m in COND_RE.finditer(text):
        cond = condition_at(text, m.end() - 1)
        if cond is not None and has_assignment(cond):
            add(m.start(), "assign (no assignment inside a condition)")
    for m in BANNED_RE.finditer(text):
        add(m.start(), "banned (%s)" % m.group(1))
    if rel.startswith("src/core/"):
        for k, line in enumerate(src.split("\n"), 1):
            if IMPURE_RE.match(line):
                add(k, "core-pure (no SDL/curl/espeak-ng header in the core)", True)


def check_format(root, files, findings):
    exe = shutil.which("clang-format")
    if not exe:
        findings.append("clang-format not found (apt-get install clang-format)")
        return
    for rel in files:
        p = subprocess.run([exe, "--style=file", os.path.join(root, rel)], cwd=root,
                           capture_output=True)
        with open(os.path.join(root, rel), "rb") as f:
            if p.returncode != 0 or p.stdout != f.read():
                findings.append("%s: format (run clang-format -i %s)" % (rel, rel))


def main(argv):
    fmt = "--no-format" not in argv
    args = [a for a in argv if not a.startswith("--")]
    root = os.path.abspath(args[0] if args else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
    files = []
    for d, _, names in os.walk(os.path.join(root, "src")):
        for name in names:
            if name.endswith((".c", ".h")):
                files.append(os.path.relpath(os.path.join(d, name), root))
    files.sort()
    findings = []
    for rel in files:
        check_file(os.path.join(root, rel), rel, findings)
    if fmt:
        check_format(root, files, findings)
    for f in findings:
        print(f)
    print("checksrc: %d files, %d findings" % (len(files), len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
