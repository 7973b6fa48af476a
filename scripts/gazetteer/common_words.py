#!/usr/bin/env python3
"""Generate data/common-words.txt: lower-case English words of four letters or more,
one a line, sorted by bytes, so that copydesk can tell a capitalised common word
("Tramp", "Beauty", "Analysis") from a name.

Input: Debian's `wamerican-small` package (SCOWL, Kevin Atkinson; permissive license,
see data/README.md), fetched with `apt-get download` into a temporary directory, or
read from --dict FILE. Only entries that are entirely lower-case ASCII letters are kept:
SCOWL lists proper names capitalised, and those are exactly what must not be here.

Usage:
  python3 scripts/gazetteer/common_words.py            # apt-get download, write the file
  python3 scripts/gazetteer/common_words.py --dict /usr/share/dict/american-english-small
  python3 scripts/gazetteer/common_words.py --check    # fail if the file would change
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "wamerican-small=2020.12.07-2"
DICT_PATH = "usr/share/dict/american-english-small"
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "data" / "common-words.txt"


def fetch(tmp: Path, package: str, dict_path: str) -> Path:
    """`apt-get download` a Debian word-list package into `tmp`; the list's path."""
    subprocess.run(["apt-get", "download", package], cwd=tmp, check=True, capture_output=True)
    deb = next(tmp.glob(package.split("=")[0] + "_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp / "x")], check=True)
    return tmp / "x" / dict_path


def render(words: list[str], keep: re.Pattern[str]) -> str:
    kept = sorted({w for w in words if keep.fullmatch(w)}, key=lambda w: w.encode())
    return "\n".join(kept) + "\n"


def generate(description: str, package: str, dict_path: str, output: Path, keep: re.Pattern[str]) -> None:
    """The command line both word-list scripts share: write, or --check, `output`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--dict", type=Path, help="read this word list instead of fetching it")
    parser.add_argument("--output", type=Path, default=output)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="word-list-") as tmp:
        path = args.dict or fetch(Path(tmp), package, dict_path)
        text = render(path.read_text(encoding="utf-8").split(), keep)
    if args.check:
        if args.output.read_text() != text:
            sys.exit(f"{args.output} is out of date: run {Path(sys.argv[0]).name}")
        return
    args.output.write_text(text)
    print(f"wrote {args.output}: {text.count(chr(10))} words", file=sys.stderr)


def main() -> None:
    generate(__doc__.split("\n")[0], PACKAGE, DICT_PATH, OUTPUT, re.compile(r"[a-z]{4,}"))


if __name__ == "__main__":
    main()
