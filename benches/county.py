#!/usr/bin/env python3
"""County benchmark: N generated departments through the release binary.

    cargo build --release
    python3 benches/county.py [-n 300] [--no-pdf] [--template 表格式]

Measures, with a fresh output folder each cold run:
  cold --jobs 1, cold --jobs 2 (all cores), a re-run with nothing changed,
  and a re-run after one department's file is corrected;
wall time and peak memory (max RSS, from /usr/bin/time) of each.
Python 3 standard library only; the departments come from gen_county.py.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd, cwd):
    """Runs cmd under /usr/bin/time; returns (seconds, max RSS in MB, exit)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "@@ %e %M"] + cmd,
        cwd=cwd, capture_output=True, text=True,
    )
    line = [l for l in out.stderr.splitlines() if l.startswith("@@ ")][-1]
    _, secs, kb = line.split()
    return float(secs), int(kb) / 1024, out.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--template", help="a template set, as --template takes it (default: hunan)")
    ap.add_argument("--bin", default=str(ROOT / "target/release/gen-report"))
    args = ap.parse_args()
    if not Path(args.bin).is_file():
        sys.exit(f"{args.bin} missing: run `cargo build --release` first")
    work = Path(tempfile.mkdtemp(prefix="gen-report-bench-"))
    try:
        data = work / "data"
        subprocess.run([sys.executable, str(ROOT / "benches/gen_county.py"), str(data), "-n", str(args.n)],
                       check=True, capture_output=True)
        files = sorted(data.rglob("*.yaml"))
        fmt = [] if args.no_pdf else ["--pdf"]
        if args.template:
            fmt += ["--template", args.template]
        results = []

        def run(label, out, extra):
            secs, mb, code = timed([args.bin, str(data), "-o", str(out), "--quiet"] + fmt + extra, work)
            results.append((label, secs, mb, code))

        run("cold, --jobs 1", work / "out1", ["--jobs", "1"])
        run("cold, --jobs 2", work / "out2", ["--jobs", "2"])
        run("re-run, nothing changed", work / "out2", [])
        victim = files[len(files) // 2]
        victim.write_text(victim.read_text(encoding="utf-8") + "# 更正后重新提交\n", encoding="utf-8")
        run("re-run, one file corrected", work / "out2", [])

        kind = "DOCX" if args.no_pdf else "DOCX+PDF"
        print(f"{len(files)} departments, {kind}, template {args.template or 'hunan'}, {args.bin}")
        print(f"{'run':30} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
        for label, secs, mb, code in results:
            print(f"{label:30} {secs:8.2f} {mb:8.1f} {code:5}")
        cold = results[1][1]
        warm = results[3][1]
        print(f"speed-up jobs 2 vs 1: {results[0][1] / cold:.2f}x; cold / corrected re-run: {cold / max(warm, 0.01):.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
