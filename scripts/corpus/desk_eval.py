#!/usr/bin/env python3
"""Recall and false findings of `desk-spelling` on a published source taken as one desk.

    python3 scripts/corpus/desk_eval.py BINARY SOURCE_DIR [--plants N]

Copies the source's articles into a temporary folder with an empty copydesk.toml (so
they form one desk), then:
- clean: runs `copydesk check` and counts the desk-spelling findings;
- planted: for up to N names (a person's surname or a place) written at least three
  times in at least two other articles, rewrites every occurrence of the name in one
  article that uses it with a slip (an accent, a doubled letter, a transliterated
  ending) and counts it caught when that article gets a desk-spelling finding on one of
  the rewritten occurrences. One plant per article and per name, all in one run.
Nothing is written outside the temporary folder; no text is printed but names.
"""
import json, os, random, re, shutil, subprocess, sys, tempfile

def slips(name):
    out = []
    accents = {"a": "á", "e": "é", "o": "ö", "u": "ü", "i": "í", "n": "ñ", "c": "ç"}
    for i, ch in enumerate(name[1:], 1):
        if ch in accents:
            out.append(("accent", name[:i] + accents[ch] + name[i + 1:]))
            break
    folded = name.translate(str.maketrans("áéíóúöüñçğşăâî", "aeiououncgsaai"))
    if folded != name:
        out.append(("accent", folded))
    for i in range(2, len(name) - 1):
        if name[i].isalpha() and name[i] not in "aeiouy" and name[i] != name[i - 1] and name[i] != name[i + 1]:
            out.append(("doubling", name[:i] + name[i] + name[i:]))
            break
    if name.endswith("y"):
        out.append(("transliteration", name[:-1] + "i"))
    elif name.endswith("ov"):
        out.append(("transliteration", name[:-2] + "off"))
    return out

def main():
    binary, source = sys.argv[1], sys.argv[2]
    plants = int(sys.argv[sys.argv.index("--plants") + 1]) if "--plants" in sys.argv else 60
    work = tempfile.mkdtemp(prefix="desk-eval-")
    try:
        files = sorted(f for f in os.listdir(source) if f.endswith((".txt", ".md")))
        texts = {}
        for f in files:
            with open(os.path.join(source, f), encoding="utf-8", errors="replace") as h:
                texts[f] = h.read()
            with open(os.path.join(work, f), "w", encoding="utf-8") as h:
                h.write(texts[f])
        open(os.path.join(work, "copydesk.toml"), "w").close()
        def check():
            run = subprocess.run([binary, "check", "--format", "json", work], capture_output=True, text=True)
            found = {}
            for line in run.stdout.splitlines():
                obj = json.loads(line)
                path = os.path.basename(obj.get("path", ""))
                found[path] = [d for d in obj.get("diagnostics", []) if d["code"] == "desk-spelling"]
            return found
        clean = check()
        n_clean = sum(len(v) for v in clean.values())
        # Names by article, from the analysis.
        run = subprocess.run([binary, "analyze", "--format", "json", work], capture_output=True, text=True)
        uses = {}
        for line in run.stdout.splitlines():
            obj = json.loads(line)
            f = os.path.basename(obj["path"])
            for e in obj["entities"]:
                if e["kind"] not in ("person", "place"):
                    continue
                key = e["name"].split()[-1] if e["kind"] == "person" else e["name"]
                if " " in key or len(key) < 5 or not key.isalpha():
                    continue
                n = sum(1 for m in e["mentions"] if m["text"].endswith(key))
                if n:
                    uses.setdefault(key, {})[f] = uses.setdefault(key, {}).get(f, 0) + n
        rng = random.Random(21)
        names = sorted(uses)
        rng.shuffle(names)
        planted, used_files = [], set()
        for key in names:
            if len(planted) >= plants:
                break
            articles = [f for f in uses[key] if f not in used_files]
            for f in articles:
                others = {g: c for g, c in uses[key].items() if g != f}
                if len(others) < 2 or sum(others.values()) < 3:
                    continue
                options = slips(key)
                if not options:
                    break
                cls, variant = options[rng.randrange(len(options))]
                text = texts[f]
                spots = [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", text)]
                if not spots:
                    continue
                new = re.sub(r"(?<![\w-])" + re.escape(key) + r"(?![\w-])", variant, text)
                with open(os.path.join(work, f), "w", encoding="utf-8") as h:
                    h.write(new)
                planted.append((f, key, variant, cls))
                used_files.add(f)
                break
        found = check()
        by_class = {}
        missed = []
        for f, key, variant, cls in planted:
            hit = any(d["message"].startswith(f"“{variant}”") for d in found.get(f, []))
            by_class.setdefault(cls, [0, 0])
            by_class[cls][0] += hit
            by_class[cls][1] += 1
            if not hit:
                missed.append(f"{f}: {key} -> {variant}")
        caught = sum(v[0] for v in by_class.values())
        print(f"{os.path.basename(source.rstrip('/'))}: {len(files)} articles; clean findings {n_clean} ({n_clean / max(len(files), 1):.3f} per article); planted caught {caught}/{len(planted)}"
              + "".join(f"; {c} {v[0]}/{v[1]}" for c, v in sorted(by_class.items())))
        for m in missed[:8]:
            print("  missed", m)
    finally:
        shutil.rmtree(work, ignore_errors=True)

main()
