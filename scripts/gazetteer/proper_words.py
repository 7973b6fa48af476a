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

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common_words import generate  # noqa: E402

PACKAGE = "wamerican-large=2020.12.07-2"
DICT_PATH = "usr/share/dict/american-english-large"
OUTPUT = Path(__file__).resolve().parents[2] / "data" / "proper-words.txt"
WORD = re.compile(r"[A-Z][a-zà-öø-ÿ]{3,}")

if __name__ == "__main__":
    generate(__doc__.split("\n")[0], PACKAGE, DICT_PATH, OUTPUT, WORD)
