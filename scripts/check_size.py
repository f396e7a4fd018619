#!/usr/bin/env python3
"""The size rule of the codebase: no Rust file under src/ or tests/ over 600
lines, no function over 100 lines. Run by .ci/run; prints each breach.

A function's length is counted from its `fn` line to its closing brace, found
by brace depth (strings and comments are skipped well enough for our code:
braces inside string literals and char literals are ignored).

    python3 scripts/check_size.py [--report]   # --report: sizes per module too
"""

import re
import sys
from pathlib import Path

MAX_FILE = 600
MAX_FN = 100
ROOTS = ["src", "tests", "benches"]
FN = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)")


def strip(line):
    """The line without string/char literals and // comments."""
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])'", "''", line)
    return line.split("//", 1)[0]


def functions(lines):
    """(name, first line, length) of every fn with a body."""
    out = []
    i = 0
    while i < len(lines):
        m = FN.match(lines[i])
        if not m:
            i += 1
            continue
        depth, started, j = 0, False, i
        while j < len(lines):
            code = strip(lines[j])
            if not started and ";" in code and "{" not in code:
                break  # a declaration without a body
            for ch in code:
                if ch == "{":
                    depth += 1
                    started = True
                elif ch == "}":
                    depth -= 1
            if started and depth <= 0:
                out.append((m.group(6), i + 1, j - i + 1))
                break
            j += 1
        i += 1
    return out


def main():
    root = Path(__file__).resolve().parent.parent
    bad = []
    modules = {}
    for top in ROOTS:
        for path in sorted((root / top).rglob("*.rs")):
            rel = path.relative_to(root)
            lines = path.read_text(encoding="utf-8").splitlines()
            key = "/".join(rel.parts[:2]) if len(rel.parts) > 2 else str(rel.parent / "*.rs")
            modules[key] = modules.get(key, 0) + len(lines)
            if "vendor" in rel.parts:
                continue
            if len(lines) > MAX_FILE:
                bad.append(f"{rel}: {len(lines)} lines (at most {MAX_FILE})")
            for name, first, length in functions(lines):
                if length > MAX_FN:
                    bad.append(f"{rel}:{first}: fn {name} is {length} lines (at most {MAX_FN})")
    if "--report" in sys.argv:
        for key in sorted(modules):
            print(f"{modules[key]:6} {key}")
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
