//! Pathological drafts (issue #25): the shapes that find a phase whose cost grows faster
//! than the draft. Shared by `examples/pathological.rs` (which writes them for
//! `scripts/pathological.sh`) and `tests/pathological.rs` (which checks that the
//! output on them stays bounded), included with `#[path = "..."] mod pathological;`.
//!
//! Every draft has at least the asked-for number of words (whitespace-separated tokens),
//! and the same arguments always give the same bytes. The shapes:
//!
//! - `variants`: a country and a person each written two ways (Turkey/Turkiye,
//!   Erdogan/Erdoğan) in ordinary wire sentences, one mention every six words or so.
//! - `dense-variants`: only "the said Turkey Turkiye officials", a full stop every 15
//!   words and no line break, as in the issue.
//! - `quotes-identical`: the same attributed quotation over and over.
//! - `quotes-near`: one quotation given again and again with a word or two changed.
//! - `names`: thousands of distinct people, each named in full, then by surname, then
//!   by pronoun and by role.
//! - `long-sentence`: sentences of 20,000 words (commas, "and", names, figures and short
//!   quotations inside, no full stop), one paragraph each.
//! - `no-paragraphs`: ordinary sentences with quotations, names and figures, never a
//!   line break.
//! - `figures`: percentages, sums, tolls and rankings, thousands of them, unsourced.
//! - `nested-marks`: quotation marks opened a thousand deep and never closed, then a
//!   thousand closing marks with none open, straight and curly, double and single.
//! - `table`: a pasted table: a Markdown pipe table of names, places and figures, and
//!   the same rows as tab-separated lines.

#![allow(dead_code)]

/// Appends one piece of a shape to the draft.
pub type Generator = fn(&mut Out);

/// Every shape by name.
pub const SHAPES: &[(&str, Generator)] = &[
    ("variants", variants),
    ("dense-variants", dense_variants),
    ("quotes-identical", quotes_identical),
    ("quotes-near", quotes_near),
    ("names", names),
    ("long-sentence", long_sentence),
    ("no-paragraphs", no_paragraphs),
    ("figures", figures),
    ("nested-marks", nested_marks),
    ("table", table),
];

/// The draft of shape `shape` with at least `words` words, or None for no such shape.
pub fn draft(shape: &str, words: usize) -> Option<String> {
    SHAPES
        .iter()
        .find(|(name, _)| *name == shape)
        .map(|(_, generator)| generate(*generator, words))
}

/// Runs `generator` until the draft has `words` words.
pub fn generate(generator: Generator, words: usize) -> String {
    let mut out = Out {
        text: String::with_capacity(words * 7),
        words: 0,
        target: words,
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        n: 0,
    };
    while !out.done() {
        generator(&mut out);
        out.n += 1;
    }
    if !out.text.ends_with('\n') {
        out.text.push('\n');
    }
    out.text
}

/// The draft being written: its text, its word count, and the generator's state.
pub struct Out {
    text: String,
    words: usize,
    target: usize,
    rng: Rng,
    /// How many times the shape's generator has run.
    n: usize,
}

impl Out {
    fn done(&self) -> bool {
        self.words >= self.target
    }

    /// Appends `s`, counting its words (a word begins wherever a non-space follows a
    /// space or the start).
    fn put(&mut self, s: &str) {
        let mut after_space = self.text.is_empty() || self.text.ends_with(char::is_whitespace);
        for c in s.chars() {
            if c.is_whitespace() {
                after_space = true;
            } else if after_space {
                self.words += 1;
                after_space = false;
            }
        }
        self.text.push_str(s);
    }

    fn paragraph_end(&mut self) {
        self.text.push_str("\n\n");
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.below(items.len())]
    }
}

/// xorshift64*: deterministic everywhere, no crate.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        ((x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) % n as u64) as usize
    }
}

const FILLER: &[&str] = &[
    "the talks resumed on Tuesday after a week of delays",
    "the ministry said the figures would be revised next month",
    "ships waited outside the harbor for a third day",
    "the agreement still needs the approval of parliament",
    "prices at the pump rose again over the weekend",
    "the delegation left the capital without a statement",
    "workers gathered outside the gates before dawn",
    "the committee will meet again in the spring",
];

fn variants(out: &mut Out) {
    const COUNTRY: &[&str] = &["Turkey", "Turkiye", "Turkey", "Turkey", "Turkiye"];
    const PERSON: &[&str] = &["Erdogan", "Erdoğan", "Erdogan"];
    if out.n == 0 {
        out.put("President Recep Tayyip Erdoğan met the delegation in Ankara.");
        out.paragraph_end();
    }
    let country = out.pick(COUNTRY);
    let person = out.pick(PERSON);
    let filler = out.pick(FILLER);
    let s = match out.n % 4 {
        0 => format!("Officials in {country} said {filler}. "),
        1 => format!("{person} told reporters in {country} that {filler}. "),
        2 => format!("Exports from {country} fell as {filler}, {person} said. "),
        _ => format!("In {country}, {filler}. "),
    };
    out.put(&s);
    if out.n % 5 == 4 {
        out.paragraph_end();
    }
}

fn dense_variants(out: &mut Out) {
    const WORDS: &[&str] = &["the", "said", "Turkey", "Turkiye", "officials"];
    let word = WORDS[out.n % WORDS.len()];
    out.put(word);
    let count = out.n + 1;
    // One paragraph, as in the issue: the draft is nothing but the pair.
    if count.is_multiple_of(15) {
        out.put(". ");
    } else {
        out.put(" ");
    }
}

fn quotes_identical(out: &mut Out) {
    out.put("“We will not reopen the port until the government meets every one of our demands,” Ana Ruiz said.");
    out.paragraph_end();
}

fn quotes_near(out: &mut Out) {
    const VERB: &[&str] = &["reopen", "open", "unblock", "clear", "free"];
    const WHAT: &[&str] = &["the port", "the harbor", "the docks", "the terminal"];
    const UNTIL: &[&str] = &["until", "before", "unless"];
    const WHO: &[&str] = &["the government", "the ministry", "the owners", "the city"];
    const SPEAKER: &[&str] = &[
        "Ana Ruiz said",
        "said Chidi Okafor",
        "she said",
        "Ruiz said",
    ];
    let s = format!(
        "“We will not {} {} {} {} meets every one of our {} demands,” {}.",
        out.pick(VERB),
        out.pick(WHAT),
        out.pick(UNTIL),
        out.pick(WHO),
        out.n % 97,
        out.pick(SPEAKER),
    );
    out.put(&s);
    out.paragraph_end();
}

/// A distinct capitalised name for every n: syllables, so that they read as names and
/// some are one letter apart (the typo comparison's matter).
fn made_name(mut n: usize, syllables: &[&str], parts: usize) -> String {
    let mut name = String::new();
    for _ in 0..parts {
        name.push_str(syllables[n % syllables.len()]);
        n /= syllables.len();
    }
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => name,
    }
}

const FIRST_SYLLABLES: &[&str] = &["a", "ma", "li", "so", "ka", "ren", "da", "mi", "el", "to"];
const LAST_SYLLABLES: &[&str] = &[
    "bar", "ko", "vin", "des", "lo", "mar", "tu", "sen", "rik", "ho", "pel", "zan",
];

fn names(out: &mut Out) {
    const ROLES: &[&str] = &[
        "a union steward",
        "the harbor master",
        "an economist at the central bank",
        "a spokeswoman for the ministry",
    ];
    let n = out.n;
    let first = made_name(n, FIRST_SYLLABLES, 2);
    let last = made_name(n.wrapping_mul(7919), LAST_SYLLABLES, 4);
    let role = out.pick(ROLES);
    let filler = out.pick(FILLER);
    let s = format!(
        "{first} {last}, {role}, said {filler}. “We warned them,” {last} said. He added that {filler}. “Nobody listened,” the official said."
    );
    out.put(&s);
    out.paragraph_end();
}

fn long_sentence(out: &mut Out) {
    const PIECES: &[&str] = &[
        "and the talks went on",
        "while Ana Ruiz said the port would stay shut",
        "as exports fell 4.5% to $12 billion",
        "and “we will not move,” a steward said",
        "although the ministry in Ankara disagreed",
        "and officials said the vote would come later",
    ];
    let start = out.words;
    out.put("The strike went on");
    while out.words - start < 20_000 && !out.done() {
        let piece = out.pick(PIECES);
        out.put(", ");
        out.put(piece);
    }
    out.put(".");
    out.paragraph_end();
}

fn no_paragraphs(out: &mut Out) {
    let filler = out.pick(FILLER);
    let s = match out.n % 5 {
        0 => format!("Foreign Minister Ana Ruiz said {filler}. "),
        1 => "“We will keep talking,” Ruiz said. ".to_string(),
        2 => format!("Exports fell {}% as {filler}. ", out.n % 90 + 1),
        3 => format!("Officials said {filler}. "),
        _ => "“The port stays shut,” she said. ".to_string(),
    };
    out.put(&s);
}

fn figures(out: &mut Out) {
    let n = out.n;
    let s = match n % 4 {
        0 => format!(
            "Exports rose {}.{}% to ${},{:03} million. ",
            n % 50,
            n % 10,
            n % 900 + 1,
            n % 1000
        ),
        1 => format!(
            "At least {} people died and {} were hurt. ",
            n % 300 + 2,
            n % 700 + 3
        ),
        2 => format!(
            "The country ranks {}th in the world for shipping. ",
            n % 80 + 4
        ),
        _ => format!("Inflation reached {}% in {}. ", n % 40 + 1, 1990 + n % 35),
    };
    out.put(&s);
    if n % 6 == 5 {
        out.paragraph_end();
    }
}

fn nested_marks(out: &mut Out) {
    const OPEN: &[&str] = &["“", "‘", "\"", "'", "«", "„"];
    const CLOSE: &[&str] = &["”", "’", "\"", "'", "»", "“"];
    let marks = if out.n.is_multiple_of(2) { OPEN } else { CLOSE };
    for i in 0..1000 {
        if out.done() {
            break;
        }
        let mark = marks[i % marks.len()];
        let word = FILLER[i % FILLER.len()]
            .split(' ')
            .nth(i % 5)
            .unwrap_or("word");
        if out.n.is_multiple_of(2) {
            out.put(&format!("{mark}{word} "));
        } else {
            out.put(&format!("{word}{mark} "));
        }
    }
    out.paragraph_end();
}

fn table(out: &mut Out) {
    const PLACES: &[&str] = &["Turkey", "Turkiye", "Kyiv", "Kiev", "São Paulo", "Ankara"];
    const PEOPLE: &[&str] = &[
        "Ana Ruiz",
        "Chidi Okafor",
        "Erdogan",
        "Erdoğan",
        "Mei Tanaka",
    ];
    if out.n.is_multiple_of(500) {
        out.put("| Country | Official | Exports | Change | Deaths |\n|---|---|---|---|---|\n");
    }
    let n = out.n;
    let row = format!(
        "| {} | {} | ${},{:03} million | {}.{}% | {} |\n",
        out.pick(PLACES),
        out.pick(PEOPLE),
        n % 900 + 1,
        n % 1000,
        n % 30,
        n % 10,
        n % 500
    );
    out.put(&row);
    if n % 500 == 499 {
        out.text.push('\n');
        // The same rows pasted as tab-separated text.
        for i in 0..20 {
            let line = format!(
                "{}\t{}\t{}\t{}%\n",
                PLACES[i % PLACES.len()],
                PEOPLE[i % PEOPLE.len()],
                i * 37,
                i % 9
            );
            out.put(&line);
        }
        out.paragraph_end();
    }
}
