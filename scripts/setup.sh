#!/usr/bin/env bash
# Installs what gen-report needs on Debian/Ubuntu, besides Rust itself
# (pandoc: the tests read the DOCX's text as a portal editor would):
# open CJK fonts (Noto CJK; the Fandol family extracted from Debian's
# texlive-lang-chinese without installing TeX), poppler-utils (pdftotext,
# pdffonts, pdftoppm) and LibreOffice Writer (headless, for DOCX checks in
# tests), and, in a Python virtual environment at .venv/, openxml-audit (an
# OOXML schema validator the DOCX tests run), jsonschema (the schema
# tests validate the samples against `gen-report schema`) and PyYAML (for
# scripts/check_data.py, the independent oracle tests/oracle.rs runs) and
# openpyxl (tests/desk.rs reads the summary workbook back with it). Safe
# to run again: it skips what is already there.
set -euo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

need=()
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pandoc >/dev/null || need+=(pandoc)
command -v fc-list >/dev/null || need+=(fontconfig)
python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
fc-list 2>/dev/null | grep -c "Noto Serif CJK SC" >/dev/null || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

fandol=/usr/local/share/fonts/fandol
if ! ls "$fandol"/FandolFang-Regular.otf >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  (
    cd "$tmp"
    if ! apt-get download texlive-lang-chinese >/dev/null 2>&1; then
      $SUDO apt-get update -qq
      apt-get download texlive-lang-chinese >/dev/null
    fi
    dpkg-deb -x texlive-lang-chinese_*.deb x
  )
  $SUDO mkdir -p "$fandol"
  find "$tmp/x" -path '*fandol*' -name '*.otf' -exec $SUDO cp {} "$fandol/" \;
  rm -rf "$tmp"
  $SUDO fc-cache -f "$fandol" >/dev/null
fi
fc-list | grep -c FandolFang >/dev/null || { echo "setup: Fandol fonts missing after install" >&2; exit 1; }
# The DOCX tests validate every sample against the OOXML schema.
venv="$(cd "$(dirname "$0")/.." && pwd)/.venv"
# The schema tests validate every sample against `gen-report schema`.
# The oracle test runs scripts/check_data.py, which reads YAML with PyYAML.
# The workbook test reads 汇总表.xlsx (sheets, charts, filters) with openpyxl.
if ! "$venv/bin/openxml-audit" --help >/dev/null 2>&1 || ! "$venv/bin/python" -c 'import jsonschema, yaml, openpyxl' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check openxml-audit==0.8.0 'jsonschema>=4.18,<5' PyYAML==6.0.3 openpyxl==3.1.5
fi
echo "setup: fonts, poppler-utils, LibreOffice, openxml-audit, jsonschema, PyYAML and openpyxl are ready"
