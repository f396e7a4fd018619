#!/usr/bin/env python3
"""Typst peer: every department YAML -> PDF through PyPI `typst` and report.typ.

    .venv-bench/bin/python benches/peers/typst_peer.py DATA_DIR -o OUT [-j N] [--font-dir DIR]...

Per department: YAML (libyaml) -> model.py (decimal figures) -> JSON ->
sys.inputs.data -> report.typ -> PDF, written to a temporary name and
renamed (all-or-nothing, as gen-report). One typst.Compiler per process, so
the font scan and the template parse happen once per process, not per file.
Fonts: Fandol and Noto CJK folders only (system fonts ignored), the fonts
gen-report draws with.
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402
import model  # noqa: E402
import typst  # noqa: E402

FONT_DIRS = ["/usr/local/share/fonts/fandol", "/usr/share/fonts/opentype/noto"]
_compiler = None


def init():
    global _compiler
    dirs = [d for d in FONT_DIRS + os.environ.get("PEER_FONT_DIRS", "").split(os.pathsep) if d and Path(d).is_dir()]
    _compiler = typst.Compiler(str(HERE / "report.typ"), root=str(HERE), font_paths=dirs, ignore_system_fonts=True)


def work(src, dst):
    ctx = model.load(src)
    pdf = _compiler.compile(format="pdf", pdf_tags=False, sys_inputs={"data": json.dumps(ctx, ensure_ascii=False)})
    tmp = dst + ".tmp"
    with open(tmp, "wb") as fh:
        fh.write(pdf)
    os.replace(tmp, dst)


if __name__ == "__main__":
    sys.exit(common.run(common.args(__doc__.splitlines()[0]), ".pdf", init, work))
