#!/usr/bin/env python3
"""Findings per 1,000 words of published copy, per rule and per source.

Published copy has been edited, so nearly every finding of a strict rule on it is
a false alarm: the rate is a measure of precision that costs no labelling.

    python3 scripts/corpus/measure.py                        # the markdown table
    python3 scripts/corpus/measure.py --sample 30 --rule unattributed-quote
    python3 scripts/corpus/measure.py --speakers scripts/corpus/speaker-labels.tsv

CORPUS (default /work/corpora/published) holds one folder of .txt drafts per source,
as scripts/corpus/convert.py writes it. Every rule is run at severity "warning"
(a temporary copydesk.toml given with --config), so the figures do not depend on
the default severities. The findings of a run are cached in CORPUS/.findings-*.jsonl
keyed by the modification times of the binary and of
the source's folder; --fresh reruns.

--sample N --rule CODE prints N findings of that rule drawn with a fixed seed from
the whole corpus (or --sources), each with its paragraph, the one before and the start of the one after, the
finding marked ⟦…⟧: read them and judge whether a copy editor would want the
change. The contexts quote the articles: print them, never commit them.

--speakers FILE scores the speakers of `copydesk analyze --format json` against
hand labels: a TSV of source/id, the byte offset of the quotation's opening mark,
the expected speaker's name (or "-" when the quotation has none in the text) and
the class (named: the speaker is named in the attribution; pronoun: a pronoun
there; other: a description). A labelled quotation is right when the quote that
starts there has a speaker whose name ends in the same word (case-insensitive,
possessive dropped), or has no speaker when "-" is expected.
"""

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tempfile

DEFAULT_CORPUS = "/work/corpora/published"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_BIN = os.path.join(ROOT, "target", "release", "copydesk")
SOURCE_ORDER = [
    "polnear-train", "polnear-dev", "wikinews", "scrapinghub", "abc-au", "ieer",
    "wsj-treebank", "reuters-21578", "prosecutors", "celebrity", "semeval-ptc", "fnc-1",
]
HEADLINE_RULES = [
    "unattributed-quote", "missing-first-reference", "unbalanced-quote",
]


def rule_codes(binary):
    out = subprocess.run([binary, "rules"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in out.stdout.splitlines() if line.strip()]


def config_all_warning(binary, tmp):
    path = os.path.join(tmp, "copydesk.toml")
    with open(path, "w") as f:
        f.write("[rules]\n")
        for code in rule_codes(binary):
            f.write(f'{code} = "warning"\n')
    return path


def sources_of(corpus, only):
    names = [d for d in os.listdir(corpus)
             if os.path.isdir(os.path.join(corpus, d)) and not d.startswith(".")]
    names.sort(key=lambda s: (SOURCE_ORDER.index(s) if s in SOURCE_ORDER else 99, s))
    if only:
        names = [n for n in names if n in only]
    return names


def run(binary, corpus, source, mode, config, fresh):
    """JSON lines of `copydesk check|analyze --format json` over one source."""
    stamp = "%d-%d" % (os.path.getmtime(binary), os.path.getmtime(os.path.join(corpus, source)))
    cache = os.path.join(corpus, f".{mode}-{source}-{stamp}.jsonl")
    if os.path.exists(cache) and not fresh:
        with open(cache, encoding="utf-8") as f:
            return [json.loads(l) for l in f if l.strip()]
    files = sorted(os.path.join(corpus, source, n)
                   for n in os.listdir(os.path.join(corpus, source)) if n.endswith(".txt"))
    out = []
    for i in range(0, len(files), 200):
        p = subprocess.run([binary, mode, "--format", "json", "--config", config]
                           + files[i:i + 200], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"{binary} {mode} failed on {source}: {p.stderr.strip()}")
        out += [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    for stale in os.listdir(corpus):
        if stale.startswith(f".{mode}-{source}-") and stale.endswith(".jsonl"):
            os.remove(os.path.join(corpus, stale))
    with open(cache, "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o) + "\n")
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def words_of(path):
    return len(read(path).decode("utf-8", "replace").split())


def table(args, binary, config):
    codes = rule_codes(binary)
    rows = []
    totals = collections.Counter()
    total_words = total_arts = 0
    for s in sources_of(args.corpus, args.sources):
        res = run(binary, args.corpus, s, "check", config, args.fresh)
        counts = collections.Counter()
        nwords = 0
        for r in res:
            if "error" in r:
                print(f"error: {r['path']}: {r['error']}", file=sys.stderr)
                continue
            nwords += words_of(r["path"])
            for d in r["diagnostics"]:
                counts[d["code"]] += 1
        rows.append((s, len(res), nwords, counts))
        totals += counts
        total_words += nwords
        total_arts += len(res)
    rows.append(("all but PolNeAR", sum(r[1] for r in rows if not r[0].startswith("polnear")),
                 sum(r[2] for r in rows if not r[0].startswith("polnear")),
                 sum((r[3] for r in rows if not r[0].startswith("polnear")),
                     collections.Counter())))
    rows.append(("all", total_arts, total_words, totals))
    shown = [c for c in codes if any(r[3][c] for r in rows)] or codes
    short = {c: c for c in shown}
    print("| source | articles | words | " + " | ".join(short[c] for c in shown) + " |")
    print("|---|---:|---:|" + "---:|" * len(shown))
    for s, n, w, c in rows:
        cells = []
        for code in shown:
            rate = 1000 * c[code] / w if w else 0
            cell = f"{rate:.2f} ({c[code]})"
            if code in HEADLINE_RULES and rate > 0.05:
                cell = f"**{cell}**"
            cells.append(cell)
        name = f"**{s}**" if s.startswith("all") else s
        print(f"| {name} | {n} | {w:,} | " + " | ".join(cells) + " |")
    print()
    print("Findings per 1,000 words (count). Bold: above the 0.05 bar of issue 20 for "
          "unattributed-quote, missing-first-reference and unbalanced-quote.")


def paragraph_bounds(text, start):
    """Byte bounds of the paragraph (a line) holding `start`, and of the one before."""
    a = text.rfind(b"\n", 0, start) + 1
    b = text.find(b"\n", start)
    b = len(text) if b < 0 else b
    pa = a - 1
    while pa > 0 and text[pa - 1:pa] == b"\n":
        pa -= 1
    prev_a = text.rfind(b"\n", 0, pa) + 1 if pa > 0 else a
    return prev_a, pa if pa > 0 else a, a, b


def clip(s, n, left):
    if len(s) <= n:
        return s
    return "…" + s[-n:] if left else s[:n] + "…"


def show_sample(args, binary, config):
    found = []
    for s in sources_of(args.corpus, args.sources):
        for r in run(binary, args.corpus, s, "check", config, args.fresh):
            for d in r.get("diagnostics", []):
                if d["code"] == args.rule:
                    found.append((s, r["path"], d))
    print(f"{len(found)} findings of {args.rule}; {min(args.sample, len(found))} drawn "
          f"(seed {args.seed})\n")
    rng = random.Random(f"{args.seed}-{args.rule}")
    picks = rng.sample(range(len(found)), min(args.sample, len(found)))
    for k, i in enumerate(sorted(picks), 1):
        s, path, d = found[i]
        text = read(path)
        pa, pb, a, b = paragraph_bounds(text, d["start"])
        dec = lambda x, y: text[x:y].decode("utf-8", "replace")
        before = clip(dec(pa, pb).strip(), args.width, True)
        para = (dec(a, d["start"]) + "⟦" + dec(d["start"], d["end"]) + "⟧"
                + dec(d["end"], b))
        head = dec(0, text.find(b"\n")).strip() if d["start"] > 0 else ""
        print(f"[{k}] {s}/{os.path.basename(path)[:-4]} @{d['start']}  line {d['line']}")
        print(f"    message: {d['message']}")
        if head and a > 0:
            print(f"    first line: {clip(head, 120, False)}")
        if before:
            print(f"    before: {before}")
        if len(para) > args.width * 3:
            para = para[: args.width * 2] + " … " + para[-args.width:]
        print(f"    para: {para}")
        na = b
        while text[na:na + 1] == b"\n":
            na += 1
        nb = text.find(b"\n", na)
        after = dec(na, len(text) if nb < 0 else nb).strip()
        if after:
            print(f"    after: {clip(after, args.width // 2, False)}")
        print()


def last_word(name):
    name = re.sub(r"['’]s?$", "", name.strip())
    name = re.sub(r",?\s+(Jr|Sr)\.?$", "", name)
    parts = re.findall(r"[\w'’.-]+", name)
    return parts[-1].lower().strip(".") if parts else ""


def name_words(name):
    name = re.sub(r"['’]s$", "", name.strip())
    return {w.lower().strip(".") for w in re.findall(r"[\w'’.-]+", name)} - {"jr", "sr"}


def name_matches(got, expected):
    """The same person: the last word of either name is a word of the other
    ("Noah" for "Noah Cyrus", "Ms. Jolie" for "Jolie")."""
    g, e = name_words(got), name_words(expected)
    return last_word(got) in e or last_word(expected) in g


def speakers(args, binary, config):
    labels = []
    with open(args.speakers, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            art, off, name, cls = (line.rstrip("\n").split("\t") + ["", ""])[:4]
            labels.append((art, int(off), name.strip(), cls.strip() or "named"))
    by_source = collections.defaultdict(set)
    for art, *_ in labels:
        by_source[art.split("/")[0]].add(art)
    analyses = {}
    for s in by_source:
        for r in run(binary, args.corpus, s, "analyze", config, args.fresh):
            art = s + "/" + os.path.basename(r["path"])[:-4]
            if art in by_source[s]:
                analyses[art] = r
    score = collections.defaultdict(lambda: [0, 0])
    wrong = []
    for art, off, name, cls in labels:
        r = analyses.get(art)
        q = None
        if r:
            q = next((q for q in r["quotes"] if q["start"] <= off < q["end"]), None)
        sp = q and q.get("speaker")
        got = (sp.get("name") or sp.get("text")) if sp else None
        if name == "-":
            ok = q is not None and got is None
        else:
            ok = got is not None and name_matches(got, name)
        for key in (cls, "all", art.split("/")[0]):
            score[key][0] += ok
            score[key][1] += 1
        if not ok:
            wrong.append((art, off, name, cls, "no quote found" if q is None else got))
    print("| labelled quotations | right |")
    print("|---|---|")
    classes = ["named", "pronoun", "continuation", "other", "all"]
    for key in classes + sorted(k for k in score if k not in classes):
        if key in score:
            ok, n = score[key]
            print(f"| {key} | {ok/n:.3f} ({ok}/{n}) |")
    if args.show_wrong:
        print()
        for w in wrong:
            print("wrong: %s @%d expected %r (%s), got %r" % w)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--bin", default=DEFAULT_BIN, help="the copydesk binary")
    ap.add_argument("--sources", nargs="*", help="only these sources")
    ap.add_argument("--sample", type=int, help="draw N findings of --rule")
    ap.add_argument("--rule")
    ap.add_argument("--seed", default="20")
    ap.add_argument("--width", type=int, default=300, help="context characters")
    ap.add_argument("--speakers", help="score speakers against a labels TSV")
    ap.add_argument("--show-wrong", action="store_true", help="with --speakers")
    ap.add_argument("--fresh", action="store_true", help="ignore cached runs")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    with tempfile.TemporaryDirectory() as tmp:
        config = config_all_warning(binary, tmp)
        if args.speakers:
            speakers(args, binary, config)
        elif args.sample:
            if not args.rule:
                ap.error("--sample needs --rule")
            show_sample(args, binary, config)
        else:
            table(args, binary, config)


if __name__ == "__main__":
    main()
