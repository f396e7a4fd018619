#!/usr/bin/env python3
"""Side by side: gen-report against docxtpl (DOCX) and Typst (PDF) on the same N departments.

One-time set-up of the peers (a venv of their own; this script itself needs
only the Python 3 standard library and runs under any python3):

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install docxtpl typst pyyaml
    cargo build --release

    python3 benches/side_by_side.py [-n 300] [-r 3] [--bin target/release/gen-report]
                                    [--python .venv-bench/bin/python] [--peer-jobs 2]

(docxtpl brings python-docx, Jinja2 and lxml; `typst` is the Typst compiler
as a Python module; PyYAML, with libyaml, reads the YAML for both peers.)

Generates N departments with gen_county.py, then for R rounds runs every
variant below once, in an order rotated each round (interleaved: a slow spell
of the machine hits all variants alike), each into a fresh output folder
(cold: gen-report's re-run cache never applies):

  gen-report, DOCX only       --jobs 1 and default jobs (all cores)
  gen-report, PDF only        --no-docx --pdf, --jobs 1 and default
  gen-report, DOCX+PDF        --pdf, --jobs 1 and default
  docxtpl  (peers/docx_peer.py)   one process, and --peer-jobs processes
  typst    (peers/typst_peer.py)  one process, and --peer-jobs processes

Each run is measured by /usr/bin/time: wall seconds, CPU seconds (user+sys,
which include the reaped worker processes of a multiprocessing pool), peak
RSS (of the largest single process: a pool's workers are not added up), and
the bytes of the per-department .docx/.pdf files it wrote (gen-report's
汇总表.xlsx/.csv and manifest are not counted). After round 1, peers/verify.py
checks the outputs (valid DOCX zips, PDFs with pages, and that gen-report and
both peers show the same 支出合计, 执行率, 总分 and 等级). The table gives
medians over the rounds and ratios peer ÷ gen-report for wall and CPU time;
the peers' DOCX+PDF is docxtpl + typst run one after the other (their times
added, peak RSS the larger).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "benches" / "peers"


def timed(cmd, cwd):
    """Runs cmd under /usr/bin/time: (wall s, CPU s, peak RSS MB, exit code, stderr tail)."""
    out = subprocess.run(["/usr/bin/time", "-f", "@@ %e %U %S %M"] + cmd, cwd=cwd,
                         capture_output=True, text=True)
    lines = out.stderr.splitlines()
    stats = [l for l in lines if l.startswith("@@ ")]
    if not stats:
        sys.exit(f"no timing for {cmd}:\n{out.stderr}")
    _, wall, user, sys_, kb = stats[-1].split()
    tail = "\n".join(l for l in lines if not l.startswith("@@ "))[-2000:]
    return float(wall), float(user) + float(sys_), int(kb) / 1024, out.returncode, tail


def sizes(out):
    """Bytes of the per-department DOCX and PDF files under out, and their count."""
    files = [p for p in out.rglob("*") if p.suffix in (".docx", ".pdf") and p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("-n", type=int, default=300, help="departments (default 300)")
    ap.add_argument("-r", "--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    ap.add_argument("--bin", default=str(ROOT / "target/release/gen-report"), help="gen-report binary")
    ap.add_argument("--python", default=str(ROOT / ".venv-bench/bin/python"),
                    help="interpreter with docxtpl, typst and pyyaml (default .venv-bench/bin/python)")
    ap.add_argument("--peer-jobs", type=int, default=2, help="processes of the peers' pool variant (default 2)")
    ap.add_argument("--no-verify", action="store_true", help="skip the output check after round 1")
    ap.add_argument("--keep", help="keep the data and round-1 outputs in this folder")
    args = ap.parse_args()
    if not Path(args.bin).is_file():
        sys.exit(f"{args.bin} missing: run `cargo build --release` first, or pass --bin")
    if subprocess.run([args.python, "-c", "import docxtpl, typst, yaml"], capture_output=True).returncode:
        sys.exit(f"{args.python} lacks the peers: python3 -m venv .venv-bench && "
                 ".venv-bench/bin/pip install docxtpl typst pyyaml (or pass --python)")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="side-by-side-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "data"
    shutil.rmtree(data, ignore_errors=True)
    subprocess.run([sys.executable, str(ROOT / "benches/gen_county.py"), str(data), "-n", str(args.n)],
                   check=True, capture_output=True)
    n = len(list(data.rglob("*.yaml")))

    gr = [args.bin, str(data), "--quiet"]
    pj = str(args.peer_jobs)
    variants = {  # name -> (command without -o, kind)
        "gen-report DOCX -j1": (gr + ["--jobs", "1"], "docx"),
        "gen-report DOCX": (gr, "docx"),
        "gen-report PDF -j1": (gr + ["--no-docx", "--pdf", "--jobs", "1"], "pdf"),
        "gen-report PDF": (gr + ["--no-docx", "--pdf"], "pdf"),
        "gen-report DOCX+PDF -j1": (gr + ["--pdf", "--jobs", "1"], "both"),
        "gen-report DOCX+PDF": (gr + ["--pdf"], "both"),
        "docxtpl -j1": ([args.python, str(PEERS / "docx_peer.py"), str(data), "-j", "1"], "docx"),
        f"docxtpl -j{pj}": ([args.python, str(PEERS / "docx_peer.py"), str(data), "-j", pj], "docx"),
        "typst -j1": ([args.python, str(PEERS / "typst_peer.py"), str(data), "-j", "1"], "pdf"),
        f"typst -j{pj}": ([args.python, str(PEERS / "typst_peer.py"), str(data), "-j", pj], "pdf"),
    }
    names = list(variants)
    results = {k: [] for k in names}  # name -> [(wall, cpu, mb, bytes, files)]
    keep_round1 = {"gen-report DOCX+PDF -j1": "gen-report", "docxtpl -j1": "docxtpl", "typst -j1": "typst"}
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            cmd, _ = variants[name]
            out = work / f"out-{names.index(name)}"
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu, mb, code, tail = timed(cmd + ["-o", str(out)], work)
            if code != 0:
                sys.exit(f"{name} failed (exit {code}):\n{tail}")
            size, count = sizes(out)
            results[name].append((wall, cpu, mb, size, count))
            print(f"round {r + 1}/{args.rounds}  {name:26} {wall:7.2f} s wall {cpu:7.2f} s CPU {mb:7.1f} MB",
                  file=sys.stderr, flush=True)
            if r == 0 and name in keep_round1:
                out.rename(work / f"verify-{keep_round1[name]}")
            else:
                shutil.rmtree(out, ignore_errors=True)
        if r == 0 and not args.no_verify:
            v = subprocess.run([args.python, str(PEERS / "verify.py"), str(data)]
                               + [f"{k}={work / ('verify-' + k)}" for k in keep_round1.values()],
                               capture_output=True, text=True)
            print(v.stdout.strip(), file=sys.stderr)
            if v.returncode:
                sys.exit("verification failed: the outputs above are not comparable")
        if r == 0 and not args.keep:
            for k in keep_round1.values():
                shutil.rmtree(work / f"verify-{k}", ignore_errors=True)

    def med(name, i):
        return statistics.median(x[i] for x in results[name])

    def row(label, runs):
        """runs: names whose medians add up (peers' DOCX+PDF = docxtpl + typst)."""
        wall = sum(med(k, 0) for k in runs)
        cpu = sum(med(k, 1) for k in runs)
        mb = max(med(k, 2) for k in runs)
        size = sum(med(k, 3) for k in runs)
        files = sum(results[k][0][4] for k in runs)
        return label, wall, cpu, mb, size, files

    cores = os.cpu_count()
    print(f"\n{n} departments, {args.rounds} interleaved round(s), medians; {cores} cores; "
          f"gen-report {args.bin}; peers {args.python}")
    print(f"{'variant':30} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'files':>6} {'out MB':>7} {'KB/dept':>8}")
    rows = {k: row(k, [k]) for k in names}
    rows["docxtpl + typst -j1"] = row("docxtpl + typst -j1", ["docxtpl -j1", "typst -j1"])
    rows[f"docxtpl + typst -j{pj}"] = row(f"docxtpl + typst -j{pj}", [f"docxtpl -j{pj}", f"typst -j{pj}"])
    for label, wall, cpu, mb, size, files in rows.values():
        print(f"{label:30} {wall:7.2f} {cpu:7.2f} {mb:8.1f} {files:6} {size / 1e6:7.1f} {size / 1024 / n:8.1f}")

    print(f"\n{'comparison':22} {'gen-report':26} {'peer':22} {'wall ÷':>7} {'CPU ÷':>7} {'size ÷':>7}")
    pairs = [
        ("DOCX, 1 process", "gen-report DOCX -j1", "docxtpl -j1"),
        (f"DOCX, all cores/{pj}", "gen-report DOCX", f"docxtpl -j{pj}"),
        ("PDF, 1 process", "gen-report PDF -j1", "typst -j1"),
        (f"PDF, all cores/{pj}", "gen-report PDF", f"typst -j{pj}"),
        ("DOCX+PDF, 1 process", "gen-report DOCX+PDF -j1", "docxtpl + typst -j1"),
        (f"DOCX+PDF, all cores/{pj}", "gen-report DOCX+PDF", f"docxtpl + typst -j{pj}"),
    ]
    for label, ours, theirs in pairs:
        a, b = rows[ours], rows[theirs]
        print(f"{label:22} {ours:26} {theirs:22} {b[1] / a[1]:7.2f} {b[2] / a[2]:7.2f} {b[4] / a[4]:7.2f}")
    print("(ratios are peer ÷ gen-report: above 1 means gen-report is faster or smaller)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
