#!/usr/bin/env bash
# The checks of `scripts/release.sh --check`, which runs this with its
# folders; not meant to be run alone. Uses the binaries unpacked from the
# archives in dist/, i.e. what officers get:
# 1. every sample (data/示例县/ and examples/) rendered by each binary where
#    it will run (the .exe under Wine, aarch64 under qemu-user, both static
#    Linux binaries also in an empty chroot) gives DOCX, PDF and summary
#    files byte-identical to a native build's, all with the same fonts
#    (--font-dir); the native build is made from the exported tree without
#    .git, so its --version must say "unknown";
# 2. gen-report.exe as an officer starts it (release_check_wine.sh);
# 3. the binaries' dependencies: no dynamic glibc symbols (static), 64 KiB
#    segment alignment on aarch64, only system DLLs on Windows;
# 4. the archives: checksums, contents, Chinese names.
set -uo pipefail
root=$1 work=$2 src=$3 dist=$4 version=$5 commit=$6
chk=$work/check
fails=0
asroot=""
[ "$(id -u)" -eq 0 ] || asroot=sudo   # chroot needs root
ok() { printf '  ok    %s\n' "$*"; }
bad() { printf '  FAIL  %s\n' "$*"; fails=$((fails + 1)); }
say() { printf '\n-- %s\n' "$*"; }

rm -rf "$chk"
mkdir -p "$chk/unpacked" "$chk/out"

say "archives"
(cd "$dist" && sha256sum -c --quiet SHA256SUMS.txt) && ok "SHA256SUMS.txt" || bad "checksums"
for a in "$dist"/gen-report-*; do
  case "$a" in
    *.zip) unzip -q "$a" -d "$chk/unpacked" ;;
    *.tar.gz) tar -xzf "$a" -C "$chk/unpacked" ;;
  esac
done
win=$chk/unpacked/gen-report-$version-windows-x86_64
x86=$chk/unpacked/gen-report-$version-linux-x86_64
arm=$chk/unpacked/gen-report-$version-linux-aarch64
for d in "$win" "$x86" "$arm"; do
  for f in 使用说明.txt examples/示例科工局.yaml docs/数据文件说明.md data/示例县/乡镇 templates/hunan/report.tera; do
    [ -e "$d/$f" ] || bad "$(basename "$d"): $f missing"
  done
  grep -q "## 开发者\|cargo install\|scripts/release\|setup.sh" "$d/使用说明.txt" && bad "$(basename "$d"): 使用说明 has developer text"
done
[ -x "$x86/gen-report" ] && [ -x "$arm/gen-report" ] && [ -f "$win/gen-report.exe" ] &&
  ok "three archives unpack: program, 使用说明.txt, examples, data/示例县, templates, docs" ||
  bad "a program is missing or not executable"
# Explorer on Chinese Windows reads zip names as GBK; the others read 0x7075.
python3 - "$dist/gen-report-$version-windows-x86_64.zip" <<'PY' && ok "zip names: GBK for Explorer, UTF-8 (0x7075) for other unpackers" || bad "zip names"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], metadata_encoding="gbk")
names = [i.filename for i in z.infolist()]
assert any(n.endswith("/使用说明.txt") for n in names), names
assert all(b"\x75\x70" in i.extra for i in z.infolist())
PY

say "native reference build (from the exported tree, no .git)"
start=$SECONDS
(cd "$src" && env -u GEN_REPORT_COMMIT /usr/bin/cargo build -q --release --locked) || bad "native build"
native=$work/cargo/release/gen-report
echo "  native build: $((SECONDS - start)) s"
"$native" --version | grep -q "源代码提交 unknown" && ok "native --version: $("$native" --version)" ||
  bad "a build without .git must say unknown: $("$native" --version)"

say "fonts and samples"
mkdir -p "$chk/fonts" "$chk/samples"
for f in /usr/share/fonts/opentype/noto/Noto*CJK*.tt[cf] /usr/local/share/fonts/fandol/*.otf; do
  [ -f "$f" ] && { ln "$f" "$chk/fonts/" 2>/dev/null || cp "$f" "$chk/fonts/"; }
done
ls "$chk/fonts" | sed 's/^/  font: /'
cp -r "$src/data/示例县" "$chk/samples/"
cp "$src/examples/示例科工局.yaml" "$chk/samples/"
samples=(示例县 示例科工局.yaml)

# One run over every sample; $1 names it, the rest is the command.
render() {
  local name=$1 dir=$2; shift 2
  local s rc
  for s in "${samples[@]}"; do
    (cd "$dir" && "$@" "samples/$s" --pdf -q --font-dir fonts -o "out/$name/$s" >"$chk/$name.log" 2>&1)
    rc=$?
    [ $rc -eq 0 ] || bad "$name: $s exit $rc: $(head -3 "$chk/$name.log")"
  done
  [ "$dir" = "$chk" ] || cp -r "$dir/out/$name" "$chk/out/"
}

# An empty root with only the program, its fonts and the samples.
chroot_dir() {
  local d=$chk/root-$1
  mkdir -p "$d"
  cp "$2" "$d/gen-report"
  cp -rl "$chk/fonts" "$chk/samples" "$d/"
  [ -n "${3:-}" ] && cp "$3" "$d/"
  echo "$d"
}

say "render every sample"
render native "$chk" "$native"
render linux-x86_64 "$chk" "$x86/gen-report"
render linux-x86_64-chroot "$(chroot_dir x86 "$x86/gen-report")" $asroot chroot . /gen-report
qemu=/usr/bin/qemu-aarch64-static
render linux-aarch64-qemu "$chk" "$qemu" "$arm/gen-report"
render linux-aarch64-qemu-chroot "$(chroot_dir arm "$arm/gen-report" "$qemu")" $asroot chroot . /qemu-aarch64-static /gen-report
export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" LANG=C.UTF-8
unset DISPLAY
bash "$root/scripts/release_check_wine.sh" prefix "$root"
render windows-wine "$chk" wine "$win/gen-report.exe"

# rust_xlsxwriter's zip crate records in each entry the system that wrote
# it (Unix or Windows) and that system's file attributes; every part inside
# must still be the same bytes, with the same names, order, dates and
# compression.
same_parts() {
  python3 - "$1" "$2" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
ia, ib = a.infolist(), b.infolist()
key = lambda i: (i.filename, i.date_time, i.compress_type, i.CRC, i.compress_size, i.file_size)
assert [key(i) for i in ia] == [key(i) for i in ib]
assert all(a.read(x) == b.read(y) for x, y in zip(ia, ib))
PY
}
explained=0

say "outputs against the native build's (= byte-identical)"
builds=(linux-x86_64 linux-x86_64-chroot linux-aarch64-qemu linux-aarch64-qemu-chroot windows-wine)
printf '  %-40s' "file"; printf ' %s' "${builds[@]}"; echo
(cd "$chk/out/native" && find . -type f \( -name '*.docx' -o -name '*.pdf' -o -name '*.xlsx' -o -name '*.csv' \) | sort) >"$chk/files"
[ -s "$chk/files" ] || bad "the native build wrote nothing"
while read -r f; do
  printf '  %-40s' "${f#./}"
  for b in "${builds[@]}"; do
    if cmp -s "$chk/out/native/$f" "$chk/out/$b/$f"; then
      printf ' %*s' "${#b}" "="
    elif [ "${f##*.}" = xlsx ] && same_parts "$chk/out/native/$f" "$chk/out/$b/$f"; then
      printf ' %*s' "${#b}" "≈"
      explained=1
    else
      printf ' %*s' "${#b}" "DIFF"
      bad "$b: $f differs from the native build's"
    fi
  done
  echo
done <"$chk/files"
echo "  $(wc -l <"$chk/files") files in each of ${#builds[@]} runs"
[ "$explained" = 1 ] && echo "  ≈ same parts, same bytes inside; only the zip entries' 'made by' system and
    file attributes differ (rust_xlsxwriter's zip crate writes the building system's)"

say "gen-report.exe as an officer starts it (Wine)"
bash "$root/scripts/release_check_wine.sh" officer "$root" "$win/gen-report.exe" "$chk/wine" "$src" ||
  fails=$((fails + 1))

say "dependencies"
for b in "$x86/gen-report" "$arm/gen-report"; do
  n=$(basename "$(dirname "$b")")
  if readelf -lW "$b" | grep -q INTERP || readelf -d "$b" | grep -q NEEDED; then
    glibc=$(objdump -T "$b" | grep -o 'GLIBC_[0-9.]*' | sort -Vu | tail -1)
    bad "$n is dynamic (newest glibc symbol: ${glibc:-none})"
  else
    syms=$(objdump -T "$b" 2>/dev/null | grep -c 'GLIBC_')
    ok "$n: static (no interpreter, no dynamic section); objdump -T: no symbols, $syms GLIBC_ versions"
  fi
done
align=$(readelf -lW "$arm/gen-report" | awk '$1 == "LOAD" {print $NF}' | sort -u | tr '\n' ' ')
case "$align" in
  "0x10000 ") ok "aarch64 LOAD segments aligned to 64 KiB ($align)" ;;
  *) bad "aarch64 LOAD alignment $align, 0x10000 needed for 64 KiB-page kernels" ;;
esac
dlls=$(x86_64-w64-mingw32-objdump -p "$win/gen-report.exe" | sed -n 's/.*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
system='^(kernel32|ntdll|advapi32|bcryptprimitives|ws2_32|userenv|msvcrt|shell32|ole32|oleaut32|user32|api-ms-win-.*)\.dll$'
extra=$(echo "$dlls" | grep -Ev "$system" || true)
[ -z "$extra" ] && ok "gen-report.exe imports only system DLLs: $(echo $dlls)" || bad "gen-report.exe needs $extra"

echo
if [ "$fails" -eq 0 ]; then
  echo "release check: all passed ($version, $commit)"
else
  echo "release check: $fails failed" >&2
  exit 1
fi
