#!/usr/bin/env python3
"""Findings per 1,000 words of published copy, per rule and per source.

Published copy has been edited, so nearly every finding of a strict rule on it is
a false alarm: the rate is a measure of precision that costs no labelling.

    python3 scripts/corpus/measure.py                        # the markdown table
    python3 scripts/corpus/measure.py --before OLD_BINARY    # old rates → new rates
    python3 scripts/corpus/measure.py --sample 30 --rule unattributed-quote
    python3 scripts/corpus/measure.py --speakers scripts/corpus/speaker-labels.tsv

CORPUS (default /work/corpora/published) holds one folder of .txt drafts per source,
as scripts/corpus/convert.py writes it. Every rule is run at severity "warning"
(a temporary copydesk.toml given with --config), so the figures do not depend on
the default severities. The findings of a run are cached in CORPUS/.findings-*.jsonl
keyed by the binary's modification time and size and the
source folder's modification time; --fresh reruns.

--sample N --rule CODE prints N findings of that rule drawn with a fixed seed from
the whole corpus (or --sources), each with its paragraph, the one before and the start of the one after, the
finding marked ⟦…⟧: read them and judge whether a copy editor would want the
change. The contexts quote the articles: print them, never commit them.

--classes --rule CODE counts that rule's findings by heuristic false-alarm classes
(headline, deck, partial quotation, continuation paragraph, figure of record, …), per
source: an orientation over the whole corpus, not a judgment; read samples to see how
well each class holds.

--quotes prints, per source, how many quotations of five words or more get a speaker
in `copydesk analyze`, and how many of those in single marks (British style) do.

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
    st = os.stat(binary)
    stamp = "%d-%d-%d" % (st.st_mtime, st.st_size, os.path.getmtime(os.path.join(corpus, source)))
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
    with open(cache, "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o) + "\n")
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def words_of(path):
    return len(read(path).decode("utf-8", "replace").split())


def count_rows(args, binary, config):
    """(source, articles, words, Counter of codes) per source, then the totals."""
    rows = []
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
    per_source = list(rows)
    for name, keep in (("all but PolNeAR", lambda r: not r[0].startswith("polnear")),
                       ("all", lambda r: True)):
        part = [r for r in per_source if keep(r)]
        rows.append((name, sum(r[1] for r in part), sum(r[2] for r in part),
                     sum((r[3] for r in part), collections.Counter())))
    return rows


def table(args, binary, config):
    """Findings per 1,000 words per rule and source; with --before, old → new."""
    codes = rule_codes(binary)
    rows = count_rows(args, binary, config)
    before = {}
    if args.before:
        old = os.path.abspath(args.before)
        before = {r[0]: r for r in count_rows(args, old, config_all_warning(
            old, tempfile.mkdtemp()))}
    shown = [c for c in codes if any(r[3][c] for r in rows)
             or any(r[3][c] for r in before.values())] or codes
    print("| source | articles | words | " + " | ".join(shown) + " |")
    print("|---|---:|---:|" + "---:|" * len(shown))
    for s, n, w, c in rows:
        cells = []
        for code in shown:
            rate = 1000 * c[code] / w if w else 0
            cell = f"{rate:.2f} ({c[code]})"
            if s in before:
                ob = before[s]
                orate = 1000 * ob[3][code] / ob[2] if ob[2] else 0
                cell = f"{orate:.2f} → {cell}"
            if code in HEADLINE_RULES and rate > 0.05:
                cell = f"**{cell}**"
            cells.append(cell)
        name = f"**{s}**" if s.startswith("all") else s
        print(f"| {name} | {n} | {w:,} | " + " | ".join(cells) + " |")
    print()
    print("Findings per 1,000 words (count)" + (", before → now" if before else "")
          + ". Bold: above the 0.05 bar of issue 20 for unattributed-quote, "
          "missing-first-reference and unbalanced-quote.")


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


OPEN_D, CLOSE_D = "“„«", "”»"
SENTENCE_STARTERS = set(
    "neither stop even but and when if as by for in on at to with from after before while so"
    " unlike like did should could would will can does do is was has had not no yes then"
    " now also only just more most many some all every each both once since until because"
    " though although whether why how what who where which officials former".split())
FIGURE_OF_RECORD = re.compile(
    r"\b(earn(?:ed|s|ings)?|net (?:income|loss|profit)|profits?|revenues?|sales|"
    r"a share|per share|dividend|stake|shares?|stocks?|index|futures|bonds?|yields?|"
    r"rose|fell|gained|lost|closed|trad(?:ed|ing)|price[sd]?|cost[s]?|rates?|dlrs|pct|"
    r"bail|fine[sd]?|restitution|sentenced|faces? up to|budget|grant|funded|funding|"
    r"donat(?:ed|ion)s?|raised|spent|spending|turnout|votes?|percent of the vote|"
    r"score[sd]?|goals?|points?|wins?|won)\b", re.I)


def sentence_around(text, start, end):
    a = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    bs = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[a:min(bs) if bs else len(text)]


LOWER = collections.Counter()
UPPER = collections.Counter()


def learn_case(paths):
    """How often each word is written in lower case and capitalised in the corpus."""
    for path in paths:
        for w in re.findall(r"[A-Za-z]+", read(path).decode("utf-8", "replace")):
            (LOWER if w[0].islower() else UPPER)[w.lower()] += 1


def common_word(word):
    w = word.lower()
    return LOWER[w] >= 20 and LOWER[w] > UPPER[w]


def classify(code, text, d, para, prev, nxt):
    """A heuristic class for a finding, to count the false-alarm classes over the
    whole corpus (read a sample to see how well each class holds)."""
    s, e = d["start"], d["end"]
    line_no = d["line"]
    if code == "missing-first-reference":
        m = re.search(r"full name “([^”]*)”", d["message"])
        full = m.group(1) if m else ""
        first = full.split()[0] if full else ""
        sur = text[s:e].decode("utf-8", "replace")
        index = len([p for p in text[:s].split(b"\n")[:-1] if p.strip()])  # paragraph index
        if index == 0:
            return "in the first paragraph when it is a headline (no full stop, or under 20 words)" \
                if len(para.split()) < 20 or not para.rstrip().endswith(".") else "in the lede"
        if index == 1 and len(para.split()) < 20:
            return "in a short second paragraph (a deck)"
        if len(sur.rstrip(".")) == 1:
            return "an initial taken for a surname (“Joseph R”, “(R)”)"
        if re.search(r"['’]s\b| of ", full) or common_word(first):
            return "the “full name” is a common word before the surname (“Unlike X”, “of X”, “Y’s X”)"
        if common_word(sur) or re.search(r"(?:ans?|ic|ish|ese|s)$", sur):
            return "the “surname” is a common word, a plural or an adjective (Block, Republicans, Jewish)"
        if re.search(r"\b[A-Z]\.\s*" + re.escape(sur), para):
            return "a name with a middle initial (“Donald J. Trump”) before the surname"
        return "other (people by surname before the full name; products, companies, places)"
    if code == "unbalanced-quote":
        mark = text[s:e].decode("utf-8", "replace")
        after = text[e:e + 3].decode("utf-8", "replace")
        before = text[max(0, s - 3):s].decode("utf-8", "replace")
        if mark in "‘'" and re.match(r"\w", after) and re.search(r"\w$", before):
            return "a single mark used as an apostrophe (X‘s)"
        if mark in "‘'" and re.match(r"^[‘']", nxt):
            return "a single-mark quotation continued in the next paragraph (British multi-paragraph convention)"
        if mark in "“\"" and re.match(r"^[“\"]", nxt):
            return "a double-mark quotation continued in the next paragraph"
        straight = para.count('"')
        curly_o, curly_c = sum(para.count(c) for c in OPEN_D), sum(para.count(c) for c in CLOSE_D)
        if straight % 2 == 1 and (curly_o + curly_c) % 2 == 1:
            return "a straight mark paired with a curly one"
        if mark in "”" and (re.match(r"\w", after) and not re.search(r"\w$", before)):
            return "a closing mark typed as an opening one (”Word)"
        if mark in "»«":
            return "» or « not used as a quotation mark"
        if mark in "‘’'":
            return "other single marks"
        return "other"
    if code == "unattributed-quote":
        q = text[s:e].decode("utf-8", "replace")
        words = len(q.split())
        pre = para[: para.find(q)] if q in para else ""
        if words <= 4:
            return "a short quotation (4 words or fewer): titles, terms, scare quotes"
        if para.strip() == q.strip() or para.strip().startswith(q.strip()) and len(para.strip()) - len(q.strip()) < 3:
            if re.search(r"[“\"‘]", prev):
                return "a quotation paragraph after a paragraph that quotes someone (continuation)"
            return "a quotation paragraph after a paragraph without quotations"
        if pre.rstrip().endswith(":"):
            return "after a colon introduction"
        if pre.strip() and not re.search(r"[.!?]\s*$", pre.strip()):
            return "a partial quotation inside a sentence"
        return "other"
    if code == "unsourced-statistic":
        sent = sentence_around(text.decode("utf-8", "replace"), len(text[:s].decode("utf-8", "replace")),
                               len(text[:e].decode("utf-8", "replace")))
        if line_no <= 3 and not para.rstrip().endswith("."):
            return "in a headline or deck"
        tokens = para.split()
        if tokens and sum(bool(re.search(r"\d", t)) for t in tokens) / len(tokens) > 0.3:
            return "in a table or a list of figures"
        if FIGURE_OF_RECORD.search(sent):
            return "a figure of record (results, prices, markets, penalties, budgets, votes, scores)"
        return "other"
    if code == "inconsistent-spelling":
        m = re.search(r"“([^”]*)” is also written “([^”]*)”", d["message"])
        if m:
            a, b = m.group(1), m.group(2)
            if a.lower().rstrip("ns") == b.lower().rstrip("ns") or a.lower()[:-1] == b.lower()[:-1]:
                return "forms one or two letters apart at the end (Africa/African, Police/Policy)"
            if not (set(a.lower()) & set(b.lower())) or abs(len(a) - len(b)) > 3:
                return "different names (Vatican/Holy See)"
        return "other"
    return "other"


def show_classes(args, binary, config):
    """Counts of heuristic classes of one rule's findings, per source."""
    counts = collections.defaultdict(collections.Counter)
    learn_case(os.path.join(args.corpus, src, n) for src in sources_of(args.corpus, None)
               for n in os.listdir(os.path.join(args.corpus, src)) if n.endswith(".txt"))
    for src in sources_of(args.corpus, args.sources):
        for r in run(binary, args.corpus, src, "check", config, args.fresh):
            ds = [d for d in r.get("diagnostics", []) if d["code"] == args.rule]
            if not ds:
                continue
            text = read(r["path"])
            for d in ds:
                pa, pb, a, b = paragraph_bounds(text, d["start"])
                na = b
                while text[na:na + 1] == b"\n":
                    na += 1
                nb = text.find(b"\n", na)
                dec = lambda x, y: text[x:y].decode("utf-8", "replace")
                c = classify(args.rule, text, d, dec(a, b), dec(pa, pb),
                             dec(na, len(text) if nb < 0 else nb))
                counts[c][src] += 1
                counts[c]["all"] += 1
    total = sum(c["all"] for c in counts.values())
    print(f"{args.rule}: {total} findings by heuristic class\n")
    srcs = sources_of(args.corpus, args.sources)
    print("| class | all | not PolNeAR | " + " | ".join(srcs) + " |")
    print("|---|---:|---:|" + "---:|" * len(srcs))
    for c, n in sorted(counts.items(), key=lambda kv: -kv[1]["all"]):
        other = n["all"] - n["polnear-train"] - n["polnear-dev"]
        print(f"| {c} | {n['all']} | {other} | " + " | ".join(str(n[x]) for x in srcs) + " |")


def quote_coverage(args, binary, config):
    """Per source: quotations of five words or more, the share given a speaker, and
    the same for quotations in single marks (‘…’ or '…', not the archive's '')."""
    print("| source | quotations (5+ words) | with a speaker | in single marks | … with a speaker |")
    print("|---|---:|---:|---:|---:|")
    for src in sources_of(args.corpus, args.sources):
        n = sp = sn = ssp = 0
        for r in run(binary, args.corpus, src, "analyze", config, args.fresh):
            for q in r.get("quotes", []):
                if len(q["text"].split()) < 5:
                    continue
                single = q["text"][:1] == "‘" or (q["text"][:1] == "'" and q["text"][:2] != "''")
                has = q.get("speaker") is not None
                n, sp = n + 1, sp + has
                if single:
                    sn, ssp = sn + 1, ssp + has
        share = f"{sp / n:.2f}" if n else "–"
        print(f"| {src} | {n} | {share} ({sp}) | {sn} | {ssp} |")


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
    ap.add_argument("--before", help="another binary: the table shows its rates → --bin's")
    ap.add_argument("--sources", nargs="*", help="only these sources")
    ap.add_argument("--sample", type=int, help="draw N findings of --rule")
    ap.add_argument("--rule")
    ap.add_argument("--classes", action="store_true",
                    help="count --rule's findings by heuristic false-alarm class")
    ap.add_argument("--seed", default="20")
    ap.add_argument("--width", type=int, default=300, help="context characters")
    ap.add_argument("--speakers", help="score speakers against a labels TSV")
    ap.add_argument("--quotes", action="store_true",
                    help="per source, the share of quotations given a speaker")
    ap.add_argument("--show-wrong", action="store_true", help="with --speakers")
    ap.add_argument("--fresh", action="store_true", help="ignore cached runs")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    with tempfile.TemporaryDirectory() as tmp:
        config = config_all_warning(binary, tmp)
        if args.speakers:
            speakers(args, binary, config)
        elif args.quotes:
            quote_coverage(args, binary, config)
        elif args.classes:
            if not args.rule:
                ap.error("--classes needs --rule")
            show_classes(args, binary, config)
        elif args.sample:
            if not args.rule:
                ap.error("--sample needs --rule")
            show_sample(args, binary, config)
        else:
            table(args, binary, config)


if __name__ == "__main__":
    main()
