#!/usr/bin/env bash
# Builds the release archives into dist/ from the committed source (HEAD):
#   gen-report-V-windows-x86_64.zip    x86_64-pc-windows-gnu, Windows 10/11
#   gen-report-V-linux-x86_64.tar.gz   x86_64-unknown-linux-musl, static
#   gen-report-V-linux-aarch64.tar.gz  aarch64-unknown-linux-musl, static
#   SHA256SUMS.txt
# Each archive holds one folder: the program, 使用说明.txt (the README's
# officer part), examples/, data/示例县/, templates/ and docs/.
#
#   scripts/release.sh           install the tools, build, pack
#   scripts/release.sh --check   the same, then scripts/release_check.sh:
#                                every sample under Wine, qemu and chroot
#
# Exits non-zero on any failure. Run as root or with sudo on Debian 12.
#
# How the three targets are built on one x86_64 Debian machine:
# - Debian's rustc-web 1.96 with its std source (rust-web-src), building std
#   for each target with -Zbuild-std. That flag is unstable: RUSTC_BOOTSTRAP=1
#   unlocks it on this stable compiler, so the compiler version is pinned
#   below and the build stops if it changes (re-run --check, then update
#   RUST_PIN). The normal build (cargo build, CI) stays on stable Rust.
# - Windows: MinGW-w64's gcc links; the .exe needs only system DLLs, and
#   carries no link time (--no-insert-timestamp), so rebuilds are identical.
# - Linux: static musl binaries linked by Zig (PyPI's ziglang, through
#   cargo-zigbuild), with Zig's own libc and libunwind
#   (-C link-self-contained=no, since Debian ships no self-contained musl
#   objects for Rust). A static binary runs on Kylin V10 and UOS 20 (glibc
#   2.28) and any other Linux; aarch64 is linked with 64 KiB segment
#   alignment, as kernels with 64 KiB pages (some Kylin arm64 builds) need.
set -euo pipefail

RUST_PIN=1.96            # Debian bookworm's rustc-web, which -Zbuild-std is known to work with
ZIG_PIN=0.17.1           # ziglang; 0.15.2's clang rejects libdeflate's AVX-512 code (evex512)
ZIGBUILD_PIN=0.24.1      # cargo-zigbuild
WINDOWS=x86_64-pc-windows-gnu
LINUX_X86=x86_64-unknown-linux-musl
LINUX_ARM=aarch64-unknown-linux-musl

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: scripts/release.sh [--check]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
work=$root/target-release      # tools, exported source, cargo output, checks
dist=$root/dist
src=$work/src
venv=$work/venv
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

say() { printf '\n== %s\n' "$*"; }

install_tools() {
  local need=() pkg
  local pkgs=(rustc-web cargo-web rust-web-src libstd-rust-web-dev gcc-mingw-w64-x86-64 git)
  [ "$check" = 1 ] && pkgs+=(wine wine64 qemu-user-static binutils-aarch64-linux-gnu
                             binutils binutils-mingw-w64-x86-64 fonts-noto-cjk unzip)
  for pkg in "${pkgs[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  python3 -m venv --help >/dev/null 2>&1 && python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
  if [ ${#need[@]} -gt 0 ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
  fi
  local have
  have=$(/usr/bin/rustc --version | awk '{print $2}')
  case "$have" in
    "$RUST_PIN".*) ;;
    *) echo "release: /usr/bin/rustc is $have, pinned $RUST_PIN (see RUST_PIN in $0)" >&2; exit 1 ;;
  esac
  if ! "$venv/bin/python" -m ziglang version 2>/dev/null | grep -qx "$ZIG_PIN" ||
     ! "$venv/bin/cargo-zigbuild" --version 2>/dev/null | grep -q " $ZIGBUILD_PIN"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "ziglang==$ZIG_PIN" "cargo-zigbuild==$ZIGBUILD_PIN"
  fi
}

# The committed tree only: what is built is exactly HEAD.
export_source() {
  if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
    echo "release: uncommitted changes; commit them first (the release is built from HEAD)" >&2
    exit 1
  fi
  rm -rf "$src"
  mkdir -p "$src"
  git -C "$root" archive HEAD | tar -x -C "$src"
}

# Debian's toolchain first in PATH (rustup's ~/.cargo/bin would win
# otherwise); panic messages name source paths relative to fixed roots.
cargo_env() {
  env PATH="$venv/bin:/usr/bin:/bin:/usr/sbin:/sbin" \
    RUSTC=/usr/bin/rustc CARGO=/usr/bin/cargo RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_DIR="$work/cargo" CARGO_PROFILE_RELEASE_STRIP=symbols \
    "$@"
}
remap="--remap-path-prefix=$src=/gen-report --remap-path-prefix=$HOME/.cargo=/cargo --remap-path-prefix=/usr/lib/rustlib/src/rust=/rust"

build() {
  local target=$1 start=$SECONDS
  say "build $target"
  case "$target" in
    "$WINDOWS")
      (cd "$src" && cargo_env GEN_REPORT_COMMIT="$commit" \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
        CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar \
        RUSTFLAGS="$remap -C link-arg=-Wl,--no-insert-timestamp" \
        /usr/bin/cargo build -q --release --locked --target "$target" -Zbuild-std=std,panic_abort) ;;
    *)
      (cd "$src" && cargo_env GEN_REPORT_COMMIT="$commit" \
        RUSTFLAGS="-C link-self-contained=no $remap" \
        "$venv/bin/cargo-zigbuild" build -q --release --locked --target "$target" -Zbuild-std=std,panic_abort) ;;
  esac
  times+=("$target: $((SECONDS - start)) s")
}

pack() {
  local target=$1 name=$2 binary
  binary=$work/cargo/$target/release/gen-report
  [ "$target" = "$WINDOWS" ] && binary=$binary.exe
  python3 "$root/scripts/pack_release.py" "$src" "$binary" "$dist/$name" "$epoch"
}

install_tools
export_source
commit=$(git -C "$root" rev-parse --short=12 HEAD)
epoch=$(git -C "$root" log -1 --format=%ct HEAD)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$src/Cargo.toml" | head -1)
times=()
total=$SECONDS
for t in "$WINDOWS" "$LINUX_X86" "$LINUX_ARM"; do build "$t"; done

say "pack into dist/"
rm -rf "$dist"
mkdir -p "$dist"
pack "$WINDOWS" "gen-report-$version-windows-x86_64.zip"
pack "$LINUX_X86" "gen-report-$version-linux-x86_64.tar.gz"
pack "$LINUX_ARM" "gen-report-$version-linux-aarch64.tar.gz"
(cd "$dist" && sha256sum gen-report-* > SHA256SUMS.txt)

say "release $version ($commit)"
printf '  build %s\n' "${times[@]}"
echo "  total $((SECONDS - total)) s"
(cd "$dist" && ls -l gen-report-* | awk '{printf "  %-45s %6.1f MiB\n", $9, $5/1048576}')

if [ "$check" = 1 ]; then
  say "check"
  cargo_env bash "$root/scripts/release_check.sh" "$root" "$work" "$src" "$dist" "$version" "$commit"
fi
