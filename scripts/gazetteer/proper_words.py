#!/usr/bin/env python3
"""Generate data/proper-words.txt: capitalised English words of four letters or more
(proper names and the words made from them: "Hindu", "Zionist", "Garry", "Leon"), one a
line, sorted by bytes, so that copydesk can tell two different names that sit one
letter apart ("Gary" and "Garry", "Hindi" and "Hindu") from a name and its slip.

Input: Debian's `wamerican-large` package (SCOWL, Kevin Atkinson; permissive license,
see data/README.md), fetched with `apt-get download` into a temporary directory, or
read from --dict FILE. Kept: entries with one capital, first, and lower-case letters
after it (ASCII or Latin with diacritics); possessives and acronyms are dropped.

Usage:
  python3 scripts/gazetteer/proper_words.py            # apt-get download, write the file
  python3 scripts/gazetteer/proper_words.py --dict /usr/share/dict/american-english-large
  python3 scripts/gazetteer/proper_words.py --check    # fail if the file would change
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "wamerican-large=2020.12.07-2"
DICT_PATH = "usr/share/dict/american-english-large"
REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "data" / "proper-words.txt"
WORD = re.compile(r"[A-Z][a-zà-öø-ÿ]{3,}")


def fetch(tmp: Path) -> Path:
    subprocess.run(["apt-get", "download", PACKAGE], cwd=tmp, check=True, capture_output=True)
    deb = next(tmp.glob("wamerican-large_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp / "x")], check=True)
    return tmp / "x" / DICT_PATH


def render(words: list[str]) -> str:
    keep = sorted({w for w in words if WORD.fullmatch(w)}, key=lambda w: w.encode())
    return "\n".join(keep) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dict", type=Path, help="read this word list instead of fetching it")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="proper-words-") as tmp:
        path = args.dict or fetch(Path(tmp))
        text = render(path.read_text(encoding="utf-8").split())
    if args.check:
        if args.output.read_text() != text:
            sys.exit(f"{args.output} is out of date: run {Path(__file__).name}")
        return
    args.output.write_text(text)
    print(f"wrote {args.output}: {text.count(chr(10))} words", file=sys.stderr)


if __name__ == "__main__":
    main()
