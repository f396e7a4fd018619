#!/usr/bin/env bash
# Wine for scripts/release_check.sh (WINEPREFIX etc. set by it).
#   release_check_wine.sh prefix ROOT
#       makes the Wine prefix once, with the test-only ProcessPrng stub
#       (scripts/wine/bcryptprimitives.c) that Wine 8 lacks;
#   release_check_wine.sh officer ROOT EXE DIR SRC
#       runs gen-report.exe as an officer does: a double-click (its own
#       console, no arguments) with input closed and with Enter given, a
#       drop of files with Chinese names, a drop of a bad file, and the same
#       program typed in cmd.exe; exits non-zero if any check fails.
set -uo pipefail
mode=$1 root=$2

if [ "$mode" = prefix ]; then
  sys32=$WINEPREFIX/drive_c/windows/system32
  if [ ! -f "$sys32/bcryptprimitives.dll" ]; then
    rm -rf "$WINEPREFIX"
    wineboot -i >/dev/null 2>&1
    wineserver -w
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$sys32/bcryptprimitives.dll" \
      "$root/scripts/wine/bcryptprimitives.c" -ladvapi32 ||
      { echo "  FAIL  ProcessPrng stub" >&2; exit 1; }
  fi
  # No Chinese font in C:\windows\Fonts until the officer checks put one there.
  find "$WINEPREFIX/drive_c/windows/Fonts" -name '*CJK*' -delete -o -name 'Fandol*' -delete
  echo "  Wine $(wine --version 2>/dev/null) prefix with the ProcessPrng stub: $WINEPREFIX"
  exit 0
fi

exe=$3 dir=$4 src=$5
fails=0
ok() { printf '  ok    %s\n' "$*"; }
bad() { printf '  FAIL  %s\n' "$*"; fails=$((fails + 1)); }
rm -rf "$dir"
mkdir -p "$dir/双击" "$dir/拖放 测试" "$dir/错误"
cp "$exe" "$dir/双击/"
cp "$src/examples/示例科工局.yaml" "$dir/拖放 测试/本单位.yaml"
cp "$src/data/示例县/示例县统计局.yaml" "$dir/拖放 测试/第二个单位.yaml"
cp "$src/tests/data/oracle/bad_spending_total.yaml" "$dir/错误/有错的单位.yaml"
win() { winepath -w "$1" 2>/dev/null; }

# Wine gives a program a console of its own only when it runs on a
# terminal, as Explorer does for a double-click or a drop (one process in
# the console); with its output in a file it has no console, and under
# cmd.exe it shares cmd's. So each officer case runs in a pseudo-terminal
# (script), 300 columns wide so that no message wraps, its output cleaned
# of the terminal's cursor codes.
officer() { # OUTFILE COMMAND...: run in a pty with input closed
  local out=$1; shift
  script -qec "stty cols 300; $(printf '%q ' "$@") </dev/null" /dev/null </dev/null >"$out.raw" 2>&1
  local rc=$?
  clean "$out.raw" >"$out"
  return $rc
}
# Wine's console draws a space as "cursor right": turn those back into spaces.
clean() { perl -pe 's/\e\[(\d*)C/" " x ($1 || 1)/ge; s/\e\[[0-9;?]*[a-zA-Z]//g; s/\r//g' "$1"; }
cd "$dir/双击" || exit 1

# Double-click, input closed: the help, the Enter prompt, exit 0.
officer out.txt wine gen-report.exe
rc=$?
if [ $rc -eq 0 ] && grep -q "拖到" out.txt && grep -q "用法：" out.txt && grep -q "按回车键关闭窗口" out.txt; then
  ok "double-click, input closed: Chinese help on the console, the Enter prompt, exit 0"
else
  bad "double-click, input closed: exit $rc; $(head -c 300 out.txt)"
fi

# Double-click, input given: still waiting 3 s after its prompt, and ends
# on Enter (the input stays open, so it is the Enter that ends it).
rm -f fifo && mkfifo fifo
script -qec "stty cols 300; wine gen-report.exe" /dev/null <fifo >out2.raw 2>&1 &
pid=$!
exec 3>fifo
for _ in $(seq 90); do clean out2.raw | grep -q "按回车键关闭窗口" && break; sleep 1; done
sleep 3
if kill -0 "$pid" 2>/dev/null; then
  printf '\r' >&3
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  if kill -0 "$pid" 2>/dev/null; then
    bad "double-click, input given: did not end on Enter"
    kill "$pid"
  else
    wait "$pid"
    rc=$?
    [ $rc -eq 0 ] && ok "double-click, input given: still waiting 3 s after the prompt, ends on Enter, exit 0" ||
      bad "double-click, input given: exit $rc"
  fi
else
  bad "double-click, input given: ended without Enter: $(clean out2.raw | tail -c 300)"
fi
exec 3>&-

# Typed in cmd.exe: no arguments is a usage mistake (exit 2), no waiting.
officer out3.txt wine cmd /c gen-report.exe
rc=$?
[ $rc -eq 2 ] && grep -q "没有给出要处理的文件" out3.txt && ! grep -q "按回车键" out3.txt &&
  ok "typed in cmd.exe: exit 2, Chinese usage message, no waiting" ||
  bad "typed in cmd.exe: exit $rc: $(head -c 300 out3.txt)"

# A drop before any Chinese font is installed: the Windows advice, not setup.sh.
officer out4.txt wine gen-report.exe "$(win "$dir/拖放 测试/本单位.yaml")"
rc=$?
grep -q "中文(简体)补充字体" out4.txt && ! grep -q "setup.sh" out4.txt &&
  grep -q "报告没有全部生成" out4.txt && ! grep -q "报告在这个文件夹里" out4.txt &&
  ok "drop with no Chinese font: exit $rc, advice names Windows' supplemental fonts and --font-dir" ||
  bad "drop with no font: exit $rc: $(head -c 400 out4.txt)"

# Fonts as Windows has them: in C:\windows\Fonts, found without --font-dir.
cp -l "$(dirname "$dir")"/fonts/* "$WINEPREFIX/drive_c/windows/Fonts/" 2>/dev/null ||
  cp "$(dirname "$dir")"/fonts/* "$WINEPREFIX/drive_c/windows/Fonts/"
rm -rf "$dir/拖放 测试/output"
officer out5.txt wine gen-report.exe "$(win "$dir/拖放 测试/本单位.yaml")" "$(win "$dir/拖放 测试/第二个单位.yaml")"
rc=$?
out="$dir/拖放 测试/output"
if [ $rc -eq 0 ] && [ -s "$out/本单位.docx" ] && [ -s "$out/本单位.pdf" ] && [ -s "$out/第二个单位.pdf" ] &&
   grep -q "报告已全部生成。报告在这个文件夹里" out5.txt && grep -q "按回车键关闭窗口" out5.txt; then
  ok "drop of two files (Chinese names, a space): DOCX and PDF in 拖放 测试\\output, exit 0"
else
  bad "drop: exit $rc; $(ls "$out" 2>&1 | tr '\n' ' '); $(head -c 400 out5.txt)"
fi
# A dropped folder: the output goes beside it.
officer out6.txt wine gen-report.exe "$(win "$dir/拖放 测试")"
rc=$?
[ $rc -eq 0 ] && [ -s "$dir/output/本单位.pdf" ] &&
  ok "drop of a folder: reports in the folder beside it, exit 0" ||
  bad "folder drop: exit $rc: $(head -c 400 out6.txt)"

# A dropped bad file: the located Chinese error, exit 1, nothing written.
officer out7.txt wine gen-report.exe "$(win "$dir/错误/有错的单位.yaml")"
rc=$?
if [ $rc -eq 1 ] && grep -q "有错的单位.yaml:22:9: 错误: 支出合计" out7.txt && grep -q "报告没有全部生成" out7.txt && grep -q "按回车键" out7.txt &&
   [ ! -e "$dir/错误/output/有错的单位.docx" ]; then
  ok "drop of a bad file: $(grep -o '有错的单位.yaml:22:9: 错误: 支出合计[^，]*' out7.txt), exit 1, no report"
else
  bad "bad drop: exit $rc: $(head -c 400 out7.txt)"
fi
sed 's/^/        | /' out7.txt | head -6

[ "$fails" -eq 0 ]
