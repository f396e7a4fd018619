#!/usr/bin/env bash
# The patched crates in vendor/ are their crates.io release plus
# vendor/patches/NAME-VERSION.patch; this script keeps that true.
#
#   scripts/vendor.sh [--check] [NAME...]  (default) download each release,
#       apply its patch and compare with vendor/NAME byte for byte; exit 1
#       naming every file that differs.
#   scripts/vendor.sh --write [NAME...]    replace vendor/NAME with release +
#       patch (an upgrade; local edits in vendor/NAME are lost). If a hunk
#       no longer applies, the tree is written anyway with the hunks that do
#       and a FILE.rej beside each file whose hunks failed; exit 1.
#   scripts/vendor.sh --diff [NAME...]     rewrite the patch file from the
#       current vendor/NAME (after editing the vendored source).
#
# vendor/README.md says how to upgrade a crate. Needs curl (or the .crate in
# cargo's download cache), sha256sum, tar and git.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# name, version, sha256 of the .crate (as in Cargo.lock before the crate was
# patched), then the files of the release that are not vendored: cargo's VCS
# note, krilla's lock file (it would not match the patched Cargo.toml) and
# upstream's CI and git settings.
CRATES=(
  "krilla 0.8.2 27da593198b20eeba65caeb73c2bbeec3e53ab08fa549898312ce81c4fce5e33 .cargo_vcs_info.json Cargo.lock"
  "subsetter 0.2.6 38803281d1c23166c5ebcb455439a5d2afe711cc909cf88af72448c297756ad6 .cargo_vcs_info.json .github .gitignore"
)

mode=check
names=()
for arg in "$@"; do
  case "$arg" in
    --check) mode=check ;;
    --write) mode=write ;;
    --diff) mode=diff ;;
    -h | --help)
      sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    -*)
      echo "vendor.sh: unknown option $arg (see --help)" >&2
      exit 2
      ;;
    *) names+=("$arg") ;;
  esac
done

# git without the user's or the system's settings (diff prefixes, algorithm,
# attributes), and never looking for a repository above the temp folder.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git_() {
  GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_CEILING_DIRECTORIES="$tmp" git "$@"
}

# Fetches NAME-VERSION.crate into $tmp (cargo's cache first, then crates.io)
# and checks its sha256.
fetch() {
  local name=$1 version=$2 sha=$3 file="$tmp/$1-$2.crate" cached
  cached=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$name-$version.crate" 2>/dev/null | head -n 1 || true)
  if [ -n "$cached" ] && echo "$sha  $cached" | sha256sum -c --status; then
    cp "$cached" "$file"
  else
    curl -sSfL --retry 3 -o "$file" "https://static.crates.io/crates/$name/$name-$version.crate"
  fi
  if ! echo "$sha  $file" | sha256sum -c --status; then
    echo "vendor.sh: $name-$version.crate does not have the sha256 pinned in this script" >&2
    exit 1
  fi
}

# Lists every file under $1 with its executable bit, sorted.
manifest() {
  (cd "$1" && find . \( -type f -o -type l \) \( -perm -u+x -printf '%P x\n' -o -printf '%P -\n' \) | LC_ALL=C sort)
}

known=()
for entry in "${CRATES[@]}"; do known+=("${entry%% *}"); done
for n in "${names[@]}"; do
  if [[ ! " ${known[*]} " == *" $n "* ]]; then
    echo "vendor.sh: $n is not one of the vendored crates (${known[*]})" >&2
    exit 2
  fi
done

status=0
for entry in "${CRATES[@]}"; do
  read -r name version sha dropped <<<"$entry"
  if [ ${#names[@]} -gt 0 ] && [[ ! " ${names[*]} " == *" $name "* ]]; then
    continue
  fi
  patch="$root/vendor/patches/$name-$version.patch"
  vendored="$root/vendor/$name"

  fetch "$name" "$version" "$sha"
  mkdir -p "$tmp/$name"
  tar -xzf "$tmp/$name-$version.crate" -C "$tmp/$name"
  upstream="$tmp/$name/a"
  mv "$tmp/$name/$name-$version" "$upstream"
  for f in $dropped; do rm -rf "${upstream:?}/$f"; done

  if [ "$mode" = diff ]; then
    mkdir -p "$root/vendor/patches"
    cp -R "$vendored" "$tmp/$name/b"
    {
      echo "$name $version from crates.io -> vendor/$name. Made by scripts/vendor.sh --diff;"
      echo "vendor/README.md says what each change is for."
      echo
      # Exit status 1 means "there are differences".
      (cd "$tmp/$name" && git_ diff --no-index --no-prefix --binary a/ b/ || [ $? -eq 1 ])
    } >"$patch.new"
    mv "$patch.new" "$patch"
    echo "vendor.sh: wrote vendor/patches/$name-$version.patch"
    continue
  fi

  if [ ! -f "$patch" ]; then
    echo "vendor.sh: vendor/patches/$name-$version.patch is missing (make it with --diff)" >&2
    status=1
    continue
  fi
  result="$tmp/$name/b"
  cp -R "$upstream" "$result"
  if ! (cd "$result" && git_ apply --whitespace=nowarn "$patch" 2>"$tmp/apply.err"); then
    cat "$tmp/apply.err" >&2
    echo "vendor.sh: vendor/patches/$name-$version.patch does not apply to $name $version" >&2
    status=1
    if [ "$mode" = write ]; then
      rm -rf "$result" && cp -R "$upstream" "$result"
      (cd "$result" && git_ apply --reject --whitespace=nowarn "$patch" 2>/dev/null) || true
      rm -rf "$vendored" && cp -R "$result" "$vendored"
      echo "vendor.sh: wrote vendor/$name with the hunks that apply; port these by hand, then run --diff:" >&2
      (cd "$vendored" && find . -name '*.rej' -printf "  vendor/$name/%P\n") >&2
    fi
    continue
  fi

  if [ "$mode" = write ]; then
    rm -rf "$vendored" && cp -R "$result" "$vendored"
    echo "vendor.sh: wrote vendor/$name ($name $version + patch)"
    continue
  fi

  # --check: the same files, the same executable bits, the same bytes.
  differ=()
  while IFS= read -r line; do
    differ+=("$line")
  done < <(
    {
      diff <(manifest "$result") <(manifest "$vendored") | sed -n 's/^[<>] \(.*\) [x-]$/\1/p'
      manifest "$result" | while IFS= read -r line; do
        f=${line% *}
        if [ -f "$vendored/$f" ] && ! cmp -s "$result/$f" "$vendored/$f"; then echo "$f"; fi
      done
    } | LC_ALL=C sort -u
  )
  if [ ${#differ[@]} -gt 0 ]; then
    status=1
    echo "vendor.sh: vendor/$name is not $name $version + vendor/patches/$name-$version.patch; differing files:" >&2
    for f in "${differ[@]}"; do
      if [ ! -e "$vendored/$f" ]; then
        echo "  vendor/$name/$f (missing from vendor/$name)" >&2
      elif [ ! -e "$result/$f" ]; then
        echo "  vendor/$name/$f (not in release + patch)" >&2
      elif cmp -s "$result/$f" "$vendored/$f"; then
        echo "  vendor/$name/$f (executable bit)" >&2
      else
        echo "  vendor/$name/$f" >&2
      fi
    done
    echo "  (after editing vendor/$name on purpose, run scripts/vendor.sh --diff $name)" >&2
  else
    echo "vendor.sh: vendor/$name = $name $version + vendor/patches/$name-$version.patch"
  fi
done
exit $status
