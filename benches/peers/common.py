"""What both peers share: finding the department files, mirroring the folder
layout under the output folder, and running one worker per department in one
process (--jobs 1) or a multiprocessing pool (--jobs N)."""

import argparse
import multiprocessing
import sys
import time
from pathlib import Path


def args(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("data", help="a folder of department YAML files (searched recursively), or one file")
    ap.add_argument("-o", "--output", required=True, help="output folder (the data folder's layout is kept)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default 1: no pool)")
    return ap.parse_args()


def jobs_of(a, suffix):
    data = Path(a.data)
    files = sorted(data.rglob("*.yaml")) if data.is_dir() else [data]
    root = data if data.is_dir() else data.parent
    out = Path(a.output)
    return [(str(p), str(out / p.relative_to(root).with_suffix(suffix))) for p in files]


def run(a, suffix, init, work, prepare=None):
    """prepare() runs once, before any worker is forked (its globals are inherited);
    init() once per process (what cannot cross a fork, e.g. typst's compiler);
    work(src, dst) once per department."""
    todo = jobs_of(a, suffix)
    for _, dst in todo:
        Path(dst).parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if prepare:
        prepare()
    if a.jobs <= 1:
        init()
        failed = [r for r in (_one(work, j) for j in todo) if r]
    else:
        with multiprocessing.get_context("fork").Pool(a.jobs, initializer=init) as pool:
            failed = [r for r in pool.imap_unordered(_Call(work), todo, chunksize=4) if r]
    for msg in failed:
        print(msg, file=sys.stderr)
    print(f"{len(todo) - len(failed)} of {len(todo)} rendered in {time.perf_counter() - t0:.2f} s",
          file=sys.stderr)
    return 1 if failed else 0


class _Call:
    def __init__(self, work):
        self.work = work

    def __call__(self, job):
        return _one(self.work, job)


def _one(work, job):
    src, dst = job
    try:
        work(src, dst)
        return None
    except Exception as e:  # a department that fails is reported, the others go on (as gen-report does)
        return f"{src}: {type(e).__name__}: {e}"
