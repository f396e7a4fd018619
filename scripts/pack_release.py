#!/usr/bin/env python3
"""Packs one release archive for scripts/release.sh, byte for byte the same
on every run (fixed times, owners and order), so the checksums repeat.

    pack_release.py SRC BINARY ARCHIVE EPOCH

SRC is the exported source tree (README.md, docs/, examples/, data/示例县/,
templates/); BINARY the built program; ARCHIVE ends in .zip (Windows) or
.tar.gz (Linux); EPOCH the commit time given to every entry.

Every archive holds one folder, named after the archive, with the program,
使用说明.txt (the README without its developer sections), the example file,
the sample county, the templates and docs/.

A Windows zip names its entries in GBK, the code page of Chinese Windows,
whose Explorer reads zip names in that code page, and repeats each name in
UTF-8 in an Info-ZIP Unicode Path field (0x7075), which 7-Zip, WinRAR,
Bandizip and Linux's unzip prefer: Chinese names survive every unpacker.
"""

import gzip
import io
import os
import struct
import sys
import tarfile
import time
import zipfile
import zlib

# The README's sections for developers, left out of 使用说明.txt.
DEVELOPER_SECTIONS = ("## 开发者", "## 开发")
# What the archive holds besides the program and 使用说明.txt.
TREES = ("docs", "examples", "data/示例县", "templates")


def officer_text(readme: str) -> str:
    """The README without the developer sections and horizontal rules."""
    out, skipping = [], False
    for line in readme.splitlines():
        if line.startswith("## "):
            skipping = line.strip() in DEVELOPER_SECTIONS
        if line.strip() == "---":
            skipping = False
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out).strip() + "\n"


def entries(src: str, binary: str, windows: bool):
    """(name in the archive, bytes, executable) in a fixed order."""
    text = officer_text(open(os.path.join(src, "README.md"), encoding="utf-8").read())
    if windows:
        # Notepad on Windows 10 before 1903 needs CRLF and the BOM.
        manual = "\ufeff" + text.replace("\n", "\r\n")
        yield "gen-report.exe", open(binary, "rb").read(), True
    else:
        manual = text
        yield "gen-report", open(binary, "rb").read(), True
    yield "使用说明.txt", manual.encode("utf-8"), False
    for tree in TREES:
        files = []
        for root, _, names in os.walk(os.path.join(src, tree)):
            files += [os.path.join(root, n) for n in names]
        for path in sorted(files):
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            yield rel, open(path, "rb").read(), False


class GbkName(zipfile.ZipInfo):
    """A zip entry named in GBK, without the UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


def unicode_path_field(gbk: bytes, name: str) -> bytes:
    """Info-ZIP Unicode Path extra field: version 1, CRC of the GBK name."""
    body = struct.pack("<BI", 1, zlib.crc32(gbk)) + name.encode("utf-8")
    return struct.pack("<HH", 0x7075, len(body)) + body


def write_zip(archive: str, top: str, items, epoch: int):
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for rel, data, executable in items:
            name = f"{top}/{rel}"
            info = GbkName(name, date_time=stamp)
            info.extra = unicode_path_field(name.encode("gbk"), name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the mode below is read
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            z.writestr(info, data)


def write_tar_gz(archive: str, top: str, items, epoch: int):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        dirs = set()
        for rel, data, executable in items:
            parts = f"{top}/{rel}".split("/")
            for i in range(1, len(parts)):
                d = "/".join(parts[:i])
                if d not in dirs:
                    dirs.add(d)
                    t.addfile(tar_info(d, tarfile.DIRTYPE, 0o755, 0, epoch))
            info = tar_info(f"{top}/{rel}", tarfile.REGTYPE, 0o755 if executable else 0o644,
                            len(data), epoch)
            t.addfile(info, io.BytesIO(data))
    with open(archive, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0,
                                                  filename="", compresslevel=9) as g:
        g.write(raw.getvalue())


def tar_info(name, kind, mode, size, epoch):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.mtime = kind, mode, size, epoch
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def main():
    src, binary, archive, epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    base = os.path.basename(archive)
    windows = base.endswith(".zip")
    top = base[: -len(".zip")] if windows else base[: -len(".tar.gz")]
    items = list(entries(src, binary, windows))
    if windows:
        write_zip(archive, top, items, epoch)
    else:
        write_tar_gz(archive, top, items, epoch)


if __name__ == "__main__":
    main()
