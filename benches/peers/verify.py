#!/usr/bin/env python3
"""Checks that the side-by-side outputs are real reports and agree on the figures.

    .venv-bench/bin/python benches/peers/verify.py DATA_DIR NAME=OUT_DIR... [--sample 50]

For every department file: each OUT_DIR holds its .docx and/or .pdf (by the
data folder's layout); a DOCX is a zip with word/document.xml; a PDF has
pages (pdfinfo). For the first --sample departments, the figures that sum up
a report (支出合计, 预算执行率, 总分, 等级), as model.py computes them, must
appear in the text of every output (document.xml text, or pdftotext with
whitespace removed): gen-report and the peers then agree on them.
Prints one line per problem and a summary; exits 1 on any problem.
"""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import model  # noqa: E402


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # gen-report glues a number to its unit with U+200D (no line break
    # between them); it is not part of the text.
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    return text.replace("\u200d", "")


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(m.group(1)) if m else 0


def pdf_text(path):
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return out.stdout.replace("\u200d", "")


def main():
    args = sys.argv[1:]
    sample = 50
    if "--sample" in args:
        i = args.index("--sample")
        sample = int(args[i + 1])
        del args[i:i + 2]
    data = Path(args[0])
    outs = [(a.split("=", 1)[0], Path(a.split("=", 1)[1])) for a in args[1:]]
    files = sorted(data.rglob("*.yaml"))
    problems = []
    checked = {"docx": 0, "pdf": 0, "pages": 0, "figures": 0}
    for k, src in enumerate(files):
        rel = src.relative_to(data)
        want = None
        if k < sample:
            c = model.load(src)
            s = c["scores"]
            want = [f"支出合计{c['finance']['spending']}", f"预算执行率为{c['finance']['rate']}",
                    f"自评总分{s['total']}分", f"自评等级为“{s['grade']}”"]
        for name, out in outs:
            found = False
            for ext in (".docx", ".pdf"):
                p = out / rel.with_suffix(ext)
                if not p.exists():
                    continue
                found = True
                try:
                    if ext == ".docx":
                        text = docx_text(p)
                        checked["docx"] += 1
                    else:
                        pages = pdf_pages(p)
                        if pages < 1:
                            problems.append(f"{name}: {p}: no pages")
                            continue
                        checked["pdf"] += 1
                        checked["pages"] += pages
                        text = pdf_text(p) if want else ""
                except (zipfile.BadZipFile, KeyError) as e:
                    problems.append(f"{name}: {p}: not a DOCX ({e})")
                    continue
                if want:
                    # whitespace and page numbers (— 5 —) may fall inside a sentence
                    flat = re.sub(r"—\d+—", "", re.sub(r"\s+", "", text))
                    missing = [w for w in want if w not in flat]
                    if missing:
                        problems.append(f"{name}: {p}: figures not found: {missing}")
                    else:
                        checked["figures"] += 1
            if not found:
                problems.append(f"{name}: no output for {rel}")
    for p in problems:
        print("PROBLEM", p)
    print(f"verified {len(files)} departments x {len(outs)} outputs: {checked['docx']} DOCX, "
          f"{checked['pdf']} PDF ({checked['pages']} pages), figures agree in {checked['figures']} files "
          f"(first {min(sample, len(files))} departments); {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
