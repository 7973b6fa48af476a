#!/usr/bin/env bash
# THIRD-PARTY-NOTICES.md: the data compiled into the binary and the licenses of the Rust
# crates in it, the latter by cargo-about (about.toml says which licenses are accepted,
# about.hbs lays out the file). Installs cargo-about from crates.io when missing.
#
#   bash scripts/notices.sh           rewrite THIRD-PARTY-NOTICES.md
#   bash scripts/notices.sh --check   fail when a dependency brings a license about.toml
#                                     does not accept; warn when the file is out of date
#                                     (--strict: fail then too)
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.9.3

if ! cargo about --version 2>/dev/null | grep -q " $version"; then
  echo "== cargo install cargo-about $version"
  cargo install --quiet --locked --features cli "cargo-about@$version"
fi

out="$(mktemp)"
trap 'rm -f "$out" "$out.crates"' EXIT
# Every platform's crates, with every feature (what ships carries jemalloc), from
# crates.io; then the licenses from the crates' own files only (--frozen: no web
# lookups, the same text on every machine). Fails, naming the crate, when no accepted
# license covers a dependency.
cargo fetch --locked --quiet
cargo about generate --all-features --frozen --fail about.hbs > "$out.crates"

# The word list is listed once it is part of the repository.
python3 - "$out.crates" "$out" <<'PY'
import subprocess, sys
text = open(sys.argv[1], encoding="utf-8").read()
tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "data/common-words.txt"],
                         capture_output=True).returncode == 0
if tracked:
    scowl = """- **data/common-words.txt**, common English words: from SCOWL (Spell Checker
  Oriented Word Lists, Kevin Atkinson), as Debian's `wamerican-small` package
  2020.12.07-2 ships it. Copyright 2000-2011 by Kevin Atkinson. Permission to use,
  copy, modify, distribute and sell these word lists, the associated scripts, the
  output created from the scripts, and its documentation for any purpose is hereby
  granted without fee, provided that the above copyright notice appears in all copies
  and that both that copyright notice and this permission notice appear in supporting
  documentation. Kevin Atkinson makes no representations about the suitability of this
  array for any purpose. It is provided "as is" without express or implied warranty.
  The lists SCOWL draws on and their notices: /usr/share/doc/wamerican-small/copyright
  in that package.
- **data/proper-words.txt**, capitalised English words: from SCOWL as Debian's
  `wamerican-large` package 2020.12.07-2 ships it, under the same copyright and
  permission notice as data/common-words.txt above; the lists it draws on and their
  notices: /usr/share/doc/wamerican-large/copyright in that package.

"""
    text = text.replace("## Rust crates\n", scowl + "## Rust crates\n", 1)
# The LGPL asks for its text to travel with the data (Debian's base-files has it).
lgpl = open("/usr/share/common-licenses/LGPL-2.1", encoding="utf-8").read()
text += "## GNU Lesser General Public License 2.1 (data/gazetteer.tsv's ISO 3166-2 names)\n\n```\n" + lgpl + "```\n"
open(sys.argv[2], "w", encoding="utf-8").write(text)
PY

if [ "${1:-}" = "--check" ]; then
  echo "licenses: every dependency's license is accepted (about.toml)"
  if ! cmp -s "$out" THIRD-PARTY-NOTICES.md; then
    diff -u THIRD-PARTY-NOTICES.md "$out" | grep '^[-+]- ' | head -20 >&2 || true
    echo "WARNING: THIRD-PARTY-NOTICES.md is out of date (a dependency changed): run bash scripts/notices.sh" >&2
    [ "${2:-}" = "--strict" ] && exit 1
  fi
else
  cp "$out" THIRD-PARTY-NOTICES.md
  echo "wrote THIRD-PARTY-NOTICES.md ($(wc -c < THIRD-PARTY-NOTICES.md) bytes)"
fi
