#!/usr/bin/env python3
"""One department, fresh process each time: wall time and peak memory.

    cargo build --release
    python3 benches/one_department.py [-n 60] [--file examples/示例科工局.yaml]
                                      [--bin target/release/gen-report] [--bin other/gen-report ...]

Runs `gen-report FILE -o OUT --pdf --quiet` N times per binary into a fresh
output folder (so every run renders DOCX and PDF), the binaries interleaved
run by run (a slow spell of the machine hits all of them alike), after three
warm-up rounds. Prints, per binary, the median, mean, fastest and 90th
percentile wall time, and the largest peak RSS of any run (from wait4).
Python 3 standard library only; an equivalent of `hyperfine -N --prepare`.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def once(binary, src, out):
    """One fresh run: (wall ms, peak RSS MB)."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [binary, str(src), "-o", str(out), "--pdf", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{binary} failed on {src}")
    return wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=60)
    ap.add_argument("--file", default=str(ROOT / "examples/示例科工局.yaml"))
    ap.add_argument("--bin", action="append")
    args = ap.parse_args()
    bins = args.bin or [str(ROOT / "target/release/gen-report")]
    for b in bins:
        if not Path(b).is_file():
            raise SystemExit(f"{b} missing: run `cargo build --release` first")
    src = Path(args.file).resolve()
    work = Path(tempfile.mkdtemp(prefix="gen-report-one-"))
    walls = {b: [] for b in bins}
    peaks = {b: 0.0 for b in bins}
    try:
        for round_ in range(args.n + 3):
            for b in bins:
                wall, peak = once(b, src, work / "out")
                if round_ >= 3:
                    walls[b].append(wall)
                    peaks[b] = max(peaks[b], peak)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{src.name}, DOCX+PDF, fresh process, {args.n} runs each, interleaved")
    print(f"{'binary':40} {'median':>7} {'mean':>7} {'min':>7} {'p90':>7} {'peak MB':>8}")
    for b in bins:
        v = sorted(walls[b])
        p90 = v[min(len(v) - 1, int(len(v) * 0.9))]
        print(
            f"{b[-40:]:40} {statistics.median(v):7.1f} {statistics.mean(v):7.1f} "
            f"{v[0]:7.1f} {p90:7.1f} {peaks[b]:8.1f}"
        )


if __name__ == "__main__":
    main()
