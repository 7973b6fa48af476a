#!/usr/bin/env python3
"""Convert fetched copies of published news into drafts copydesk reads.

Each article becomes OUT/<source>/<id>.txt: the headline (when the source keeps
one) on the first line, a blank line, then one paragraph per line with a blank
line between paragraphs. OUT/manifest.tsv lists every article with its source,
outlet, year, desk, license and word count.

The texts stay outside the repository: most of these sources allow research use
only, or state no license at all (docs/evaluation.md, "Published copy").

    python3 scripts/corpus/convert.py --out /work/corpora/published \\
        --polnear /work/polnear \\
        --wikinews MIRROR/vanatteveldt+wikinews/repo \\
        --scrapinghub MIRROR/scrapinghub+article-extraction-benchmark/repo \\
        --nltk DIR_WITH_UNZIPPED_abc_ieer_treebank \\
        --reuters MIRROR/haseebr+irengine/repo \\
        --prosecutors MIRROR/natmrubin+prosecutor-press-releases/repo \\
        --celebrity MIRROR/pmacinec+fake-news-datasets/repo/.git \\
        --semeval MIRROR/aschern+semeval2020_task11/repo \\
        --fnc MIRROR/FakeNewsChallenge+fnc-1/repo

Git sources are bare git directories as the fetch tool leaves them (read with
`git show`); any source may be left out. Sampling is seeded, so every run
writes the same corpus.
"""

import argparse
import csv
import html
import io
import json
import os
import random
import re
import subprocess
import sys
import urllib.parse

CAP = 300  # articles per large source, drawn with a fixed seed
MIN_WORDS = 120  # shorter pieces (briefs, tables, one-paragraph items) are skipped

LICENSES = {
    "polnear-train": "none stated (research corpus; texts (c) publishers)",
    "polnear-dev": "none stated (research corpus; texts (c) publishers)",
    "wikinews": "CC BY 2.5 (Wikinews contributors)",
    "scrapinghub": "benchmark MIT; texts (c) their publishers",
    "abc-au": "none stated (NLTK data; (c) Australian Broadcasting Corporation)",
    "ieer": "none stated (NLTK data, NIST IE-ER 1999 sample; (c) AP, NYT)",
    "wsj-treebank": "LDC Penn Treebank sample, non-commercial, fair use (NLTK data)",
    "reuters-21578": "research use only (Reuters Ltd. and Carnegie Group)",
    "prosecutors": "none stated (public press releases of the Brooklyn DA)",
    "celebrity": "none stated (Perez-Rosas et al. 2018 research dataset; (c) publishers)",
    "semeval-ptc": "none stated (SemEval-2020 task 11 PTC corpus, research use)",
    "fnc-1": "none stated (FNC-1 / Emergent research dataset; (c) publishers)",
}

ENGLISH = set(
    "the of and to a in that is was for on with as by at from he it said his be are"
    " has have this an not but they were who which their its will".split()
)

BBC = re.compile(r"\bBBC\b|bbc\.co|bbc\.com")


def git_show(gitdir, rev_path):
    return subprocess.run(
        ["git", "--git-dir", gitdir, "show", rev_path],
        check=True,
        capture_output=True,
    ).stdout


def git_ls(gitdir, rev, path):
    out = subprocess.run(
        ["git", "--git-dir", gitdir, "ls-tree", "-r", "--name-only", rev, path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line]


def words(text):
    return len(text.split())


def is_english(text):
    toks = re.findall(r"[A-Za-z]+", text.lower())
    if len(toks) < 50:
        return False
    return sum(t in ENGLISH for t in toks) / len(toks) > 0.25


def squash(s):
    return re.sub(r"[ \t\u00a0]+", " ", s).strip()


def draft(headline, paragraphs):
    paras = [squash(p) for p in paragraphs]
    paras = [p for p in paras if p]
    body = "\n\n".join(paras)
    if headline:
        return squash(headline) + "\n\n" + body + "\n"
    return body + "\n"


def sample(items, cap, seed):
    items = list(items)
    if len(items) <= cap:
        return items
    rng = random.Random(seed)
    keep = sorted(rng.sample(range(len(items)), cap))
    return [items[i] for i in keep]


class Writer:
    def __init__(self, out):
        self.out = out
        self.rows = []

    def add(self, source, art_id, text, outlet, year, desk, outlet_known=True,
            whole=False):
        """Write one article. `whole` keeps a source complete (no length floor);
        where the outlet is unknown, any article that names the BBC is skipped,
        so no BBC copy slips in (BBC copy is held out for outside evaluation)."""
        if not whole and words(text) < MIN_WORDS:
            return False
        if "bbc" in outlet.lower() or (not outlet_known and BBC.search(text)):
            return False
        d = os.path.join(self.out, source)
        os.makedirs(d, exist_ok=True)
        art_id = re.sub(r"[^A-Za-z0-9_.-]+", "_", art_id)[:100]
        with open(os.path.join(d, art_id + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        self.rows.append(
            [source, art_id, outlet, str(year), desk, LICENSES[source], str(words(text))]
        )
        return True

    def finish(self):
        path = os.path.join(self.out, "manifest.tsv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["source", "id", "outlet", "year", "desk", "license", "words"])
            w.writerows(self.rows)
        by = {}
        for r in self.rows:
            n, wc = by.get(r[0], (0, 0))
            by[r[0]] = (n + 1, wc + int(r[6]))
        for s, (n, wc) in sorted(by.items()):
            print(f"{s:16} {n:5} articles {wc:8} words", file=sys.stderr)


# --- sources ---------------------------------------------------------------


def polnear(w, root):
    meta = {}
    with open(os.path.join(root, "data", "metadata.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            meta[r["filename"]] = r
    for split in ("train", "dev"):  # never test
        d = os.path.join(root, "data", split, "text")
        for name in sorted(os.listdir(d)):
            art = name[:-4]
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = f.read()
            m = meta.get(art, {})
            # the text files are written unchanged: the PolNeAR harness reads them so
            w.add(f"polnear-{split}", art, text, m.get("publisher", art.split("_")[0]),
                  m.get("publication_date", "2016")[:4], "US politics", whole=True)


def wikinews(w, gitdir):
    for year in ("2019", "2020"):
        raw = git_show(gitdir, f"HEAD:data/wikinews_{year}.csv").decode("utf-8")
        for i, r in enumerate(csv.DictReader(io.StringIO(raw))):
            paras = re.split(r"\n\s*\n", r["text"].strip())
            # the first block is the page's date line ("Saturday, January 5, 2019")
            if paras and re.match(r"^\w+day, \w+ \d+, \d{4}\s*$", paras[0].strip()):
                paras = paras[1:]
            paras = [p for p in paras if p.strip() not in ("—", "-")]
            slug = r["url"].rsplit("/", 1)[-1]
            w.add("wikinews", f"{year}_{i:03}_{slug[:60]}", draft(r["title"], paras),
                  "Wikinews", r["date"][:4], "general")


def scrapinghub(w, gitdir):
    d = json.loads(git_show(gitdir, "HEAD:ground-truth.json"))
    for key in sorted(d):
        v = d[key]
        host = urllib.parse.urlparse(v["url"]).netloc.removeprefix("www.")
        body = v.get("articleBody") or ""
        if not is_english(body):
            continue
        paras = re.split(r"\n\s*\n|\n", body)
        w.add("scrapinghub", f"{host}_{key[:10]}", draft(None, paras), host, "2019-20",
              "mixed web",
              outlet_known=False)


def abc(w, nltkdir):
    for desk in ("rural", "science"):
        with open(os.path.join(nltkdir, "abc", f"{desk}.txt"), encoding="utf-8",
                  errors="replace") as f:
            arts = [a.strip() for a in re.split(r"\n\s*\n", f.read()) if a.strip()]
        chosen = sample(range(len(arts)), CAP // 2, "abc-" + desk)
        for i in chosen:
            lines = arts[i].split("\n")
            w.add("abc-au", f"{desk}_{i:04}", draft(lines[0], lines[1:]),
                  "ABC (Australia)", 2006, desk)


def ieer(w, nltkdir):
    d = os.path.join(nltkdir, "ieer")
    for name in sorted(os.listdir(d)):
        if not re.match(r"(APW|NYT)_\d+$", name):
            continue
        with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
            raw = f.read()
        for doc in re.findall(r"<DOC>(.*?)</DOC>", raw, re.S):
            docno = re.search(r"<DOCNO>\s*(\S+)", doc).group(1)
            head = re.search(r"<HEADLINE>(.*?)</HEADLINE>", doc, re.S)
            text = re.search(r"<TEXT>(.*?)</TEXT>", doc, re.S)
            if not text:
                continue
            t = re.sub(r"<[be]_\w+[^>]*>", "", text.group(1))
            t = t.replace("``", '"').replace("''", '"')
            t = re.sub(r" _ ", " — ", t)
            paras = [p.replace("\n", " ") for p in re.split(r"\n\s*\t", "\n" + t)]
            h = re.sub(r"<[be]_\w+[^>]*>", "", head.group(1)) if head else None
            outlet = "AP" if docno.startswith("APW") else "New York Times News Service"
            w.add("ieer", docno, draft(h, paras), outlet, 1998, "wire")


def treebank(w, nltkdir):
    d = os.path.join(nltkdir, "treebank", "raw")
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), encoding="latin-1") as f:
            t = f.read().replace(".START", "")
        paras = [p.replace("\n", " ") for p in re.split(r"\n\s*\n", t)]
        w.add("wsj-treebank", name, draft(None, paras), "Wall Street Journal", 1989,
              "business")


def reuters(w, gitdir):
    files = [p for p in git_ls(gitdir, "HEAD", "reuters21578-xml")
             if re.search(r"reut2-\d+\.xml$", p)]
    arts = []
    for p in files:
        raw = git_show(gitdir, "HEAD:" + p).decode("latin-1")
        for m in re.finditer(r'<REUTERS [^>]*NEWID="(\d+)">(.*?)</REUTERS>', raw, re.S):
            body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
            if not body:
                continue
            title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
            b = html.unescape(body.group(1)).replace("&#3;", "")
            b = re.sub(r"\s*Reuter\s*\x03?\s*$", "", b.strip())
            # the collection writes some apostrophes as '"' (Kuwait"s, don"t)
            b = re.sub(r'(?<=[A-Za-z])"(?=(?:s|t|ll|re|ve|d|m)\b)', "'", b)
            paras = [p.replace("\n", " ") for p in re.split(r"\n(?=    )", b)]
            text = draft(html.unescape(title.group(1)) if title else None, paras)
            if words(text) >= 200:
                arts.append((int(m.group(1)), text))
    for i in sample(range(len(arts)), CAP, "reuters"):
        nid, text = arts[i]
        w.add("reuters-21578", f"newid_{nid:05}", text, "Reuters", 1987, "wire, markets")


def rejoin_lines(lines):
    """The scraped releases break lines inside paragraphs, even inside words (at a
    link or a superscript: "sai" / "d,", "15" / "th"). A line that does not end a
    sentence is joined to the next; a fragment of a word is joined without a space."""
    paras = []
    for line in lines:
        l = line.strip()
        if not l:
            continue
        if paras and not re.search(r"[.!?:;”\")’]$", paras[-1]):
            glue = "" if re.match(r"^(?:[a-z]{1,2}[,.;:]|(?:st|nd|rd|th)\b|[,.;:])", l) else " "
            paras[-1] += glue + l
        else:
            paras.append(l)
    return paras


def prosecutors(w, gitdir):
    files = git_ls(gitdir, "HEAD", "text/kings_ny")
    files = [f for f in files if f.endswith(".txt")]
    for f in sample(files, 200, "prosecutors"):
        lines = git_show(gitdir, "HEAD:" + f).decode("utf-8", "replace").split("\n")
        try:
            start = next(i for i, l in enumerate(lines) if l.strip() == "FOR IMMEDIATE RELEASE")
        except StopIteration:
            continue
        body = lines[start + 2:]  # after the release line and its date
        if "#" in [l.strip() for l in body]:
            body = body[: [l.strip() for l in body].index("#")]
        if not body:
            continue
        # the headline may be broken over lines; the body's first paragraph is long
        first = next((i for i, l in enumerate(body) if len(l.split()) > 25), None)
        if first is None:
            continue
        head = " ".join(l.strip() for l in body[:first] if l.strip())
        year = os.path.basename(f)[:4]
        w.add("prosecutors", os.path.basename(f)[:-4], draft(head, rejoin_lines(body[first:])),
              "Brooklyn District Attorney's Office", year, "local crime")


def celebrity(w, gitdir):
    base = "datasets/deception_detection_fake_news/data/celebrityDataset/legit"
    for f in git_ls(gitdir, "HEAD", base):
        t = git_show(gitdir, "HEAD:" + f).decode("utf-8", "replace").strip()
        lines = t.split("\n")
        paras = re.split(r"\n\s*\n|\n", "\n".join(lines[1:]))
        w.add("celebrity", os.path.basename(f)[:-4], draft(lines[0], paras),
              "US entertainment sites", "2016-17", "entertainment", outlet_known=False)


def open_quote(text):
    """Whether a quotation is still open at the end of `text`."""
    curly = text.count("\u201c") - text.count("\u201d")
    return curly > 0 or text.count('"') % 2 == 1


def rejoin_sentences(lines):
    """The PTC texts put one sentence a line and mostly lost their paragraph breaks.
    A line joins the one before when a quotation is still open there, when it starts
    in lower case (a sentence split at an abbreviation), unless it opens a
    quotation again (the multi-paragraph convention); lines of bare punctuation go:
    multi-sentence quotations are one paragraph again, as published."""
    paras = []
    for line in lines:
        l = line.strip()
        if re.fullmatch(r"[.,;:!?]+", l):
            continue
        reopens = re.match(r"^[“\"‘']\w", l)  # a multi-paragraph quotation goes on
        if paras and ((open_quote(paras[-1]) and not reopens)
                      or re.match(r"^[a-z,;:)\]”’]", l)):
            paras[-1] += ("" if re.match(r"^[,;:]", l) else " ") + l
        else:
            paras.append(l)
    return paras


def semeval(w, gitdir):
    rev = "0a72325"
    for sub in ("train-articles", "dev-articles"):
        for f in git_ls(gitdir, rev, f"datasets/{sub}"):
            t = git_show(gitdir, f"{rev}:{f}").decode("utf-8", "replace").strip()
            lines = t.split("\n")
            paras = rejoin_sentences([l for l in lines[1:] if l.strip()])
            w.add("semeval-ptc", os.path.basename(f)[:-4], draft(lines[0], paras),
                  "news outlets (PTC corpus)", "2017-19", "politics, opinion",
                  outlet_known=False)


def fnc(w, gitdir):
    raw = git_show(gitdir, "HEAD:train_bodies.csv").decode("utf-8", "replace")
    rows = list(csv.DictReader(io.StringIO(raw)))
    rows = [r for r in rows if is_english(r["articleBody"])]
    for r in sample(rows, 250, "fnc"):
        paras = re.split(r"\n\s*\n|\n", r["articleBody"])
        w.add("fnc-1", f"body_{int(r['Body ID']):04}", draft(None, paras),
              "web news (Emergent)", "2014-15", "web, rumours", outlet_known=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    for name in ("polnear", "wikinews", "scrapinghub", "nltk", "reuters", "prosecutors",
                 "celebrity", "semeval", "fnc"):
        ap.add_argument("--" + name)
    a = ap.parse_args()
    w = Writer(a.out)
    if a.polnear:
        polnear(w, a.polnear)
    if a.wikinews:
        wikinews(w, a.wikinews)
    if a.scrapinghub:
        scrapinghub(w, a.scrapinghub)
    if a.nltk:
        abc(w, a.nltk)
        ieer(w, a.nltk)
        treebank(w, a.nltk)
    if a.reuters:
        reuters(w, a.reuters)
    if a.prosecutors:
        prosecutors(w, a.prosecutors)
    if a.celebrity:
        celebrity(w, a.celebrity)
    if a.semeval:
        semeval(w, a.semeval)
    if a.fnc:
        fnc(w, a.fnc)
    w.finish()


if __name__ == "__main__":
    main()
