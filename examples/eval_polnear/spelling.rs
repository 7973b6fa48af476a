//! `--task spelling`: one name spelled two ways (issues 4 and 21).
//!
//! For every article, names that occur at least twice are chosen — any capitalised
//! name, found by this harness's own reading of the text, not through copydesk's
//! entities — and one occurrence other than the first is replaced by a slip of each
//! class (an accent added or dropped, a letter substituted, two letters transposed, a
//! letter doubled or undoubled, dropped or inserted, a space or hyphen added or removed,
//! plus the real variants: a transliteration of a surname, another name of a renamed
//! country). The edited article is analysed and the case counts as caught when an
//! `inconsistent-spelling` finding overlaps the replaced span. The clean articles are
//! analysed too: every `inconsistent-spelling` finding on them is printed, to be judged
//! a real error of the article or a false alarm.
//!
//! Kinds of name: a **place** (a name of `data/gazetteer.tsv`, read from the file, so
//! the harness does not depend on what the engine embeds), a **given name** and a
//! **surname** (a run of two or three capitalised words, none a place, an
//! organisation word or a title, whose last word also stands alone elsewhere, or that
//! follows a title; "Mr. Preston" gives a surname), an **organisation** (a run holding
//! an organisation word — Party, Committee, University, … — or a CamelCase word such as
//! "JPMorgan"), and **other** (any other capitalised word written mid-sentence at
//! least once: "Democrats", "Twitter", "Senate").
//!
//! Every choice is deterministic (an FNV hash of the article id), so runs compare.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Mutex;

use copydesk::analysis::Format;
use copydesk::analysis::lexicon::{NOT_NAMES, ORGANIZATION_WORDS, TITLE_PREFIXES, TITLE_WORDS};
use copydesk::analysis::spelling::is_common_word;
use copydesk::check::analyze;
use copydesk::config::Config;

use crate::corpus::Article;
use crate::report::{Ratio, Target, excerpt, metric, overlap, spread};

const INCONSISTENT_SPELLING: &str = "inconsistent-spelling";

/// How a name was misspelt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Accent,
    Substitution,
    Transposition,
    Doubling,
    Drop,
    Insert,
    SpaceHyphen,
    Transliteration,
    Renamed,
}

impl Class {
    const ALL: [Class; 9] = [
        Class::Accent,
        Class::Substitution,
        Class::Transposition,
        Class::Doubling,
        Class::Drop,
        Class::Insert,
        Class::SpaceHyphen,
        Class::Transliteration,
        Class::Renamed,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Class::Accent => "accent",
            Class::Substitution => "substitution",
            Class::Transposition => "transposition",
            Class::Doubling => "doubling",
            Class::Drop => "drop",
            Class::Insert => "insert",
            Class::SpaceHyphen => "space/hyphen",
            Class::Transliteration => "transliteration",
            Class::Renamed => "renamed place",
        }
    }

    /// The slip classes of issue 21 (the real variants are reported beside them).
    fn is_slip(self) -> bool {
        !matches!(self, Class::Transliteration | Class::Renamed)
    }
}

/// What kind of name was misspelt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Given,
    Surname,
    Place,
    Organisation,
    Other,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::Given,
        Kind::Surname,
        Kind::Place,
        Kind::Organisation,
        Kind::Other,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Given => "given name",
            Kind::Surname => "surname",
            Kind::Place => "place",
            Kind::Organisation => "organisation",
            Kind::Other => "other name",
        }
    }
}

/// One replacement to try: `range` of the article becomes `variant`.
#[derive(Debug, Clone)]
pub struct Case {
    pub class: Class,
    pub kind: Kind,
    pub range: Range<usize>,
    pub original: String,
    pub variant: String,
    /// Occurrences of the original form in the article.
    pub count: usize,
}

/// FNV-1a, so the choices do not depend on the standard library's hasher.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A word of the article: its range without surrounding punctuation or a possessive,
/// and what stands around it.
#[derive(Debug, Clone)]
struct Word<'t> {
    range: Range<usize>,
    text: &'t str,
    /// The whitespace-separated chunk it came from.
    raw: &'t str,
    /// First word of a sentence or a line.
    initial: bool,
}

impl Word<'_> {
    fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Punctuation after it ends a run of names.
    fn breaks_after(&self) -> bool {
        let tail = &self.raw[self.raw.find(self.text).map_or(0, |i| i + self.text.len())..];
        let tail = tail
            .trim_start_matches("'s")
            .trim_start_matches("’s")
            .trim_start_matches(['\'', '’']);
        !tail.is_empty() && !tail.starts_with('.') || tail.len() > 1
    }
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out: Vec<Word> = Vec::new();
    let mut start = None;
    let mut line_start = true;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\n')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let mut clean = raw[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
                // "U.S." keeps its period; a possessive is dropped.
                if clean.contains('.') && raw[lead + clean.len()..].starts_with('.') {
                    clean = &raw[lead..lead + clean.len() + 1];
                }
                for suffix in ["’s", "'s"] {
                    if let Some(stem) = clean.strip_suffix(suffix) {
                        clean = stem;
                    }
                }
                let previous_ends = out.last().is_none_or(|w| {
                    w.raw
                        .trim_end_matches(['"', '”', '’', '\'', ')'])
                        .ends_with(['.', '!', '?', ':'])
                });
                // Handles, tags and links are not names as a reader sees them.
                let handle = raw[..lead].contains(['@', '#']) || raw.contains("://");
                if !clean.is_empty() && !handle {
                    let from = s + lead;
                    out.push(Word {
                        range: from..from + clean.len(),
                        text: clean,
                        raw,
                        initial: line_start
                            || previous_ends
                            || lead > 0 && raw.starts_with(['"', '“']),
                    });
                }
                line_start = false;
                start = None;
            }
            _ => {}
        }
        if c == '\n' {
            line_start = true;
        }
    }
    out
}

/// Place names of the gazetteer file, by their first word.
pub struct Places {
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Every name of each row.
    rows: Vec<Vec<String>>,
    /// Demonyms and adjectives ("Syrian", "Americans"): words, not names to misspell.
    demonyms: HashSet<String>,
}

impl Places {
    pub fn load(path: &std::path::Path) -> Result<Places, String> {
        let data = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut places = Places {
            by_first: HashMap::new(),
            rows: Vec::new(),
            demonyms: HashSet::new(),
        };
        for line in data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let columns: Vec<&str> = line.split('\t').collect();
            let Some(names) = columns.get(2) else {
                continue;
            };
            for demonym in columns.get(3).into_iter().flat_map(|d| d.split('|')) {
                places.demonyms.insert(demonym.to_string());
                places.demonyms.insert(format!("{demonym}s"));
            }
            let row = places.rows.len();
            let names: Vec<String> = names.split('|').map(str::to_string).collect();
            for name in &names {
                let parts: Vec<String> = name.split_whitespace().map(str::to_string).collect();
                if parts.is_empty() || parts.iter().all(|p| is_acronym(p)) {
                    continue;
                }
                places
                    .by_first
                    .entry(parts[0].clone())
                    .or_default()
                    .push((parts, row));
            }
            places.rows.push(names);
        }
        for list in places.by_first.values_mut() {
            list.sort_by_key(|(parts, _)| std::cmp::Reverse(parts.len()));
        }
        Ok(places)
    }

    /// The longest place name starting at word `i`: its number of words and its row.
    fn match_at(&self, words: &[Word], i: usize) -> Option<(usize, usize)> {
        let candidates = self.by_first.get(words[i].text)?;
        candidates.iter().find_map(|(parts, row)| {
            let fits = parts.iter().enumerate().all(|(k, part)| {
                words.get(i + k).is_some_and(|w| w.text == part)
                    && (k + 1 == parts.len() || !words[i + k].breaks_after())
            });
            fits.then_some((parts.len(), *row))
        })
    }
}

fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    word.contains('.') || letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

fn is_camel_case(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() >= 4
        && chars[0].is_uppercase()
        && chars.iter().any(|c| c.is_lowercase())
        && (1..chars.len()).any(|i| chars[i].is_uppercase() && chars[i - 1].is_alphabetic())
}

const HONORIFICS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.", "Sen.", "Rep.", "Gov.", "Gen.", "Sir",
    "Dame", "Prof.", "Rev.", "Lt.", "Col.", "Sgt.", "Capt.", "Judge", "Senator", "Governor",
    "Speaker", "Justice", "Mayor", "Chairman", "Pope", "King", "Queen", "Prince", "Princess",
    "Lord", "Lady", "Saint", "St.",
];

fn is_title(word: &str) -> bool {
    HONORIFICS.contains(&word)
        || TITLE_WORDS.contains_lower(word)
        || TITLE_PREFIXES.contains_lower(word)
}

/// A form that stands as a name: a capitalised word, not an initial or acronym,
/// of four letters or more, alphabetic but for inner hyphens and apostrophes.
fn nameable(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 4
        && word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && !word.ends_with(['-', '\'', '’'])
        && !is_acronym(word)
        && !NOT_NAMES.contains_lower(word)
}

/// The names of one article, by kind: each form with the ranges it occurs at.
#[derive(Default)]
struct Names {
    /// Single-word forms with their kind.
    kinds: HashMap<String, Kind>,
    /// Ranges of each single-word form, capitalised, in text order.
    occurrences: HashMap<String, Vec<Range<usize>>>,
    /// Whether each form occurs mid-sentence at least once.
    mid_sentence: HashSet<String>,
    /// Multi-word or hyphenated names (places, organisations) with their ranges.
    phrases: BTreeMap<String, (Kind, Vec<Range<usize>>)>,
    /// The gazetteer row of each place written as one word, with the ranges where it
    /// stands alone (not a word of a longer name: "Kingdom" in "United Kingdom" is no
    /// place of its own, and "the Britain Kingdom" is no renaming).
    place_rows: HashMap<String, (usize, Vec<Range<usize>>)>,
}

fn read_names(text: &str, places: &Places) -> Names {
    let words = words(text);
    let mut names = Names::default();
    let lower_words: HashSet<String> = words
        .iter()
        .filter(|w| !w.capitalised())
        .map(|w| w.text.to_string())
        .collect();
    // A word read as several kinds keeps the most specific: place, surname, given
    // name, organisation, other.
    let rank = |kind: Kind| match kind {
        Kind::Place => 0,
        Kind::Surname => 1,
        Kind::Given => 2,
        Kind::Organisation => 3,
        Kind::Other => 4,
    };
    let kind_of = |names: &mut Names, form: &str, kind: Kind| {
        let entry = names.kinds.entry(form.to_string()).or_insert(kind);
        if rank(kind) < rank(*entry) {
            *entry = kind;
        }
    };
    for w in &words {
        if !w.capitalised() {
            continue;
        }
        names
            .occurrences
            .entry(w.text.to_string())
            .or_default()
            .push(w.range.clone());
        if !w.initial {
            names.mid_sentence.insert(w.text.to_string());
        }
    }
    let mut i = 0;
    while i < words.len() {
        if !words[i].capitalised() {
            i += 1;
            continue;
        }
        // Places first: the longest gazetteer name at this word.
        if let Some((n, row)) = places.match_at(&words, i) {
            let range = words[i].range.start..words[i + n - 1].range.end;
            for w in &words[i..i + n] {
                kind_of(&mut names, w.text, Kind::Place);
            }
            if n == 1 {
                let entry = names
                    .place_rows
                    .entry(words[i].text.to_string())
                    .or_insert((row, Vec::new()));
                entry.1.push(range.clone());
            }
            if n > 1 {
                names
                    .phrases
                    .entry(text[range.clone()].to_string())
                    .or_insert((Kind::Place, Vec::new()))
                    .1
                    .push(range);
            }
            i += n;
            continue;
        }
        // A run of capitalised words, unbroken by punctuation ("of" inside).
        let mut end = i + 1;
        while end < words.len()
            && !words[end - 1].breaks_after()
            && (words[end].capitalised()
                || words[end].text == "of" && words.get(end + 1).is_some_and(Word::capitalised))
        {
            end += 1;
        }
        let run = &words[i..end];
        let titled = i > 0 && is_title(words[i - 1].text) && !words[i - 1].breaks_after();
        let mut name_start = 0;
        while name_start < run.len() && is_title(run[name_start].text) {
            name_start += 1;
        }
        // A sentence's first word before a name ("Then Clinton") is not part of it,
        // unless it is written mid-sentence too.
        while name_start + 1 < run.len()
            && run[name_start].initial
            && !names.mid_sentence.contains(run[name_start].text)
        {
            name_start += 1;
        }
        let name = &run[name_start..];
        let organisation = name
            .iter()
            .any(|w| ORGANIZATION_WORDS.contains_lower(w.text) || is_camel_case(w.text));
        if organisation {
            for w in name.iter().filter(|w| w.text != "of") {
                kind_of(&mut names, w.text, Kind::Organisation);
            }
            if name.len() > 1 {
                let range = name[0].range.start..name[name.len() - 1].range.end;
                names
                    .phrases
                    .entry(text[range.clone()].to_string())
                    .or_insert((Kind::Organisation, Vec::new()))
                    .1
                    .push(range);
            }
        } else if (2..=3).contains(&name.len())
            && name.iter().all(|w| nameable(w.text) || w.text.len() <= 2)
            && !name.iter().all(|w| is_common_word(w.text))
            && !is_common_word(name[0].text)
            && name.iter().all(|w| w.text != "of")
        {
            let surname = name[name.len() - 1].text;
            let alone = words.iter().enumerate().any(|(j, w)| {
                w.text == surname
                    && !(i..end).contains(&j)
                    && !words
                        .get(j.wrapping_sub(1))
                        .is_some_and(|b| b.capitalised() && !b.initial && !is_title(b.text))
            });
            if alone || titled || name_start > 0 {
                kind_of(&mut names, surname, Kind::Surname);
                if name[0].text.chars().count() >= 3 && !name[0].text.ends_with('.') {
                    kind_of(&mut names, name[0].text, Kind::Given);
                }
            }
        } else if name.len() == 1 && (titled || name_start > 0) {
            kind_of(&mut names, name[0].text, Kind::Surname);
        }
        i = end.max(i + 1);
    }
    // The rest: capitalised words written mid-sentence.
    for form in names.mid_sentence.clone() {
        names.kinds.entry(form).or_insert(Kind::Other);
    }
    // A form whose lower case the article uses is a common word at a sentence's start.
    names.kinds.retain(|form, _| {
        nameable(form)
            && !lower_words.contains(&form.to_lowercase())
            && !places.demonyms.contains(form.as_str())
    });
    names
}

/// Keyboard neighbours on a QWERTY layout, for substitutions a hand makes.
fn neighbours(c: char) -> &'static str {
    match c {
        'a' => "sqwz",
        'b' => "vngh",
        'c' => "xvdf",
        'd' => "sfer",
        'e' => "wrds",
        'f' => "dgrt",
        'g' => "fhty",
        'h' => "gjyu",
        'i' => "uojk",
        'j' => "hkui",
        'k' => "jlio",
        'l' => "kop",
        'm' => "nj",
        'n' => "bmhj",
        'o' => "iplk",
        'p' => "ol",
        'q' => "wa",
        'r' => "etdf",
        's' => "adwe",
        't' => "ryfg",
        'u' => "yijh",
        'v' => "cbfg",
        'w' => "qeas",
        'x' => "zcsd",
        'y' => "tugh",
        'z' => "xas",
        _ => "",
    }
}

const VOWELS: &str = "aeiou";

/// A slip of `class` in `word`, chosen by `seed`; never in the first letter. Only the
/// lower-case letters after the first are touched.
pub fn slip(word: &str, class: Class, seed: u64) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 4 || !chars[0].is_uppercase() {
        return None;
    }
    // Positions after the first letter holding a lower-case letter, from a seeded start.
    let lower: Vec<usize> = (1..n).filter(|&p| chars[p].is_ascii_lowercase()).collect();
    if lower.is_empty() {
        return None;
    }
    let rotate = |list: &[usize]| -> Vec<usize> {
        let k = (seed % list.len().max(1) as u64) as usize;
        list[k..].iter().chain(&list[..k]).copied().collect()
    };
    let order = rotate(&lower);
    let pick = |options: &str, salt: u64| -> Option<char> {
        let options: Vec<char> = options.chars().collect();
        (!options.is_empty()).then(|| options[((seed / 3 + salt) % options.len() as u64) as usize])
    };
    let collect = |v: Vec<char>| Some(v.into_iter().collect::<String>());
    match class {
        Class::Accent => {
            if let Some(p) = (1..n).find(|&p| !chars[p].is_ascii() && chars[p].is_alphabetic()) {
                let mut out = chars.clone();
                out[p] = copydesk::analysis::spelling::fold(&chars[p].to_string())
                    .chars()
                    .next()?;
                return collect(out);
            }
            let marked = |c: char| match c {
                'a' => "áàä",
                'e' => "éèë",
                'i' => "íï",
                'o' => "óöô",
                'u' => "üú",
                'c' => "ç",
                'n' => "ñ",
                's' => "ş",
                _ => "",
            };
            let p = order
                .iter()
                .copied()
                .find(|&p| !marked(chars[p]).is_empty())?;
            let mut out = chars.clone();
            out[p] = pick(marked(chars[p]), p as u64)?;
            collect(out)
        }
        Class::Substitution => {
            let p = order[0];
            let c = chars[p];
            let options = if VOWELS.contains(c) && seed.is_multiple_of(2) {
                VOWELS.replace(c, "")
            } else {
                neighbours(c).to_string()
            };
            let mut out = chars.clone();
            out[p] = pick(&options, 1)?;
            collect(out)
        }
        Class::Transposition => {
            let p = order.iter().copied().find(|&p| {
                p + 1 < n && chars[p + 1].is_ascii_lowercase() && chars[p] != chars[p + 1]
            })?;
            let mut out = chars.clone();
            out.swap(p, p + 1);
            collect(out)
        }
        Class::Doubling => {
            let mut out = chars.clone();
            if let Some(p) = (1..n - 1).find(|&p| chars[p] == chars[p + 1]) {
                out.remove(p);
            } else {
                out.insert(order[0], chars[order[0]]);
            }
            collect(out)
        }
        Class::Drop => {
            if n < 5 {
                return None;
            }
            // Not a doubled letter (that is undoubling), nor a final s or n (a plural,
            // a place for its demonym: different words, not slips).
            let p = order.iter().copied().find(|&p| {
                chars.get(p + 1) != Some(&chars[p])
                    && chars[p - 1] != chars[p]
                    && !(p + 1 == n && matches!(chars[p], 's' | 'n'))
            })?;
            let mut out = chars.clone();
            out.remove(p);
            collect(out)
        }
        Class::Insert => {
            let p = order[0];
            let c = pick(neighbours(chars[p]), 2)?;
            let mut out = chars.clone();
            // After the letter whose neighbour it is, unless that doubles a letter.
            // A final s, n or e would make another word (a plural, a demonym).
            if chars.get(p + 1) == Some(&c) || chars[p] == c || p + 1 == n && "sne".contains(c) {
                return None;
            }
            out.insert(p + 1, c);
            collect(out)
        }
        Class::SpaceHyphen | Class::Transliteration | Class::Renamed => None,
    }
}

/// A space or hyphen added or removed in a multi-word, hyphenated or CamelCase name.
fn space_slip(name: &str) -> Option<String> {
    if name.contains('-') {
        return Some(name.replacen('-', " ", 1));
    }
    if name.contains(' ') {
        return Some(name.replacen(' ', "", 1));
    }
    let chars: Vec<char> = name.chars().collect();
    let p = (2..chars.len())
        .find(|&p| chars[p].is_uppercase() && chars[p - 1].is_lowercase())
        .or_else(|| {
            (2..chars.len().saturating_sub(1)).find(|&p| {
                chars[p].is_uppercase()
                    && chars[p + 1].is_lowercase()
                    && chars[p - 1].is_uppercase()
            })
        })?;
    let mut out: String = chars[..p].iter().collect();
    out.push(' ');
    out.extend(&chars[p..]);
    Some(out)
}

/// The first transliteration rule that applies: -sky ↔ -skiy, final y ↔ i, q ↔ gh,
/// kh → h, ks ↔ x, ph → f, ou → u, sh → sch, ch → tch, -ov/-ev → -off/-eff, ei ↔ ey.
fn transliteration(word: &str) -> Option<String> {
    if word.chars().count() < 5 || !word.chars().skip(1).all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let (first, rest) = word.split_at(word.chars().next()?.len_utf8());
    let in_rest = |from: &str, to: &str| {
        rest.find(from)
            .map(|i| format!("{first}{}{to}{}", &rest[..i], &rest[i + from.len()..]))
    };
    let suffix = |from: &str, to: &str| word.strip_suffix(from).map(|s| format!("{s}{to}"));
    suffix("sky", "skiy")
        .or_else(|| suffix("skiy", "sky"))
        .or_else(|| {
            word.strip_suffix('y')
                .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
                .map(|s| format!("{s}i"))
        })
        .or_else(|| suffix("i", "y"))
        .or_else(|| (!rest.contains("qu")).then(|| in_rest("q", "gh")).flatten())
        .or_else(|| in_rest("gh", "q"))
        .or_else(|| in_rest("kh", "h"))
        .or_else(|| in_rest("ks", "x"))
        .or_else(|| in_rest("ph", "f"))
        .or_else(|| in_rest("ou", "u"))
        .or_else(|| in_rest("sh", "sch"))
        .or_else(|| {
            (!rest.contains("tch"))
                .then(|| in_rest("ch", "tch"))
                .flatten()
        })
        .or_else(|| suffix("ov", "off"))
        .or_else(|| suffix("ev", "eff"))
        .or_else(|| in_rest("ei", "ey"))
        .or_else(|| in_rest("ey", "ei"))
}

/// The test cases of one article: at most one per kind and class.
pub fn cases(id: &str, text: &str, places: &Places) -> Vec<Case> {
    let seed = hash(id);
    let names = read_names(text, places);
    // Forms written at least twice and at least once mid-sentence, most used first.
    let mut forms: Vec<(&String, Kind, &Vec<Range<usize>>)> = names
        .kinds
        .iter()
        .filter_map(|(form, kind)| {
            let ranges = names.occurrences.get(form)?;
            (ranges.len() >= 2 && names.mid_sentence.contains(form))
                .then_some((form, *kind, ranges))
        })
        .collect();
    forms.sort_by(|a, b| {
        b.2.len()
            .cmp(&a.2.len())
            .then(a.2[0].start.cmp(&b.2[0].start))
    });
    let target = |ranges: &Vec<Range<usize>>, salt: u64| -> Range<usize> {
        let later = &ranges[1..];
        later[((seed / 5 + salt) % later.len() as u64) as usize].clone()
    };
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let of_kind: Vec<_> = forms.iter().filter(|f| f.1 == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let start = (seed % of_kind.len() as u64) as usize;
        let rotated: Vec<_> = of_kind[start..].iter().chain(&of_kind[..start]).collect();
        for class in Class::ALL {
            let found = match class {
                Class::SpaceHyphen => {
                    // A hyphenated or CamelCase word, or a multi-word place or organisation.
                    let single = rotated.iter().find_map(|(form, _, ranges)| {
                        let variant = (form.contains('-') || is_camel_case(form))
                            .then(|| space_slip(form))
                            .flatten()?;
                        Some(((*form).clone(), variant, target(ranges, 7), ranges.len()))
                    });
                    single.or_else(|| {
                        names.phrases.iter().find_map(|(phrase, (k, ranges))| {
                            let ok =
                                *k == kind && ranges.len() >= 2 && phrase.split(' ').count() == 2;
                            let variant = ok.then(|| space_slip(phrase)).flatten()?;
                            Some((phrase.clone(), variant, target(ranges, 7), ranges.len()))
                        })
                    })
                }
                Class::Transliteration if kind == Kind::Surname => {
                    rotated.iter().find_map(|(form, _, ranges)| {
                        transliteration(form)
                            .map(|v| ((*form).clone(), v, target(ranges, 11), ranges.len()))
                    })
                }
                Class::Transliteration => None,
                Class::Renamed if kind == Kind::Place => rotated.iter().find_map(|(form, _, _)| {
                    let (row, ranges) = names.place_rows.get(*form)?;
                    if ranges.len() < 2 {
                        return None;
                    }
                    let row = &places.rows[*row];
                    let other = row.iter().find(|name| {
                        *name != *form
                            && !is_acronym(name)
                            && !name.contains(' ')
                            && copydesk::analysis::spelling::fold(name)
                                != copydesk::analysis::spelling::fold(form)
                            && !name.contains(form.as_str())
                            && !form.contains(name.as_str())
                    })?;
                    Some((
                        (*form).clone(),
                        other.clone(),
                        target(ranges, 13),
                        ranges.len(),
                    ))
                }),
                Class::Renamed => None,
                _ => rotated.iter().find_map(|(form, _, ranges)| {
                    slip(form, class, seed.wrapping_add(class as u64))
                        .filter(|v| v != *form)
                        .map(|v| {
                            (
                                (*form).clone(),
                                v,
                                target(ranges, class as u64),
                                ranges.len(),
                            )
                        })
                }),
            };
            if let Some((original, variant, range, count)) = found {
                out.push(Case {
                    class,
                    kind,
                    range,
                    original,
                    variant,
                    count,
                });
            }
        }
    }
    out
}

/// Results of one document.
#[derive(Default)]
struct Outcome {
    clean: Vec<String>,
    results: Vec<(Case, bool, String)>,
}

fn run_one(id: &str, text: &str, places: &Places, config: &Config) -> Outcome {
    let mut outcome = Outcome::default();
    let analysis = analyze(text, Format::PlainText, config);
    for f in analysis
        .findings
        .iter()
        .filter(|f| f.code == INCONSISTENT_SPELLING)
    {
        let other = f
            .related
            .first()
            .map(|r| format!(" vs “{}”", &text[r.range.clone()]))
            .unwrap_or_default();
        outcome.clean.push(format!(
            "{id}: “{}”{other}: {}",
            &text[f.range.clone()],
            excerpt(text, f.range.clone(), 50, 60)
        ));
    }
    for case in cases(id, text, places) {
        let mut edited = String::with_capacity(text.len() + 8);
        edited.push_str(&text[..case.range.start]);
        edited.push_str(&case.variant);
        edited.push_str(&text[case.range.end..]);
        let range = case.range.start..case.range.start + case.variant.len();
        let after = analyze(&edited, Format::PlainText, config);
        let hit = after
            .findings
            .iter()
            .any(|f| f.code == INCONSISTENT_SPELLING && overlap(&f.range, &range) > 0);
        let note = if hit {
            String::new()
        } else {
            let entity = after
                .entities
                .iter()
                .find(|e| e.mentions.iter().any(|m| overlap(m, &range) > 0))
                .map_or("in no entity".to_string(), |e| {
                    format!("in {} “{}”", e.kind.as_str(), e.name)
                });
            format!(
                "{id}: {} → {} ({}×; {entity})\n      {}",
                case.original,
                case.variant,
                case.count,
                excerpt(&edited, range, 50, 60)
            )
        };
        outcome.results.push((case, hit, note));
    }
    outcome
}

/// The PolNeAR articles of a split.
pub fn run(articles: &[Article], samples: usize) {
    let docs: Vec<(String, String)> = articles
        .iter()
        .map(|a| (a.id.clone(), a.text.clone()))
        .collect();
    let places = Places::load(&default_places()).unwrap_or_else(|e| panic!("{e}"));
    run_docs(&docs, &places, samples);
}

pub fn default_places() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gazetteer.tsv")
}

/// Any documents: (id, text).
pub fn run_docs(docs: &[(String, String)], places: &Places, samples: usize) {
    let config = Config::default();
    let next = Mutex::new(0usize);
    let outcomes: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = {
                        let mut next = next.lock().unwrap();
                        let i = *next;
                        *next += 1;
                        i
                    };
                    let Some((id, text)) = docs.get(i) else {
                        break;
                    };
                    let outcome = run_one(id, text, places, &config);
                    outcomes.lock().unwrap().push((i, outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap();
    outcomes.sort_by_key(|(i, _)| *i);
    report(
        docs.len(),
        &outcomes.into_iter().map(|(_, o)| o).collect::<Vec<_>>(),
        samples,
    );
}

fn report(documents: usize, outcomes: &[Outcome], samples: usize) {
    let mut by_class: BTreeMap<Class, Ratio> = BTreeMap::new();
    let mut by_kind: BTreeMap<Kind, Ratio> = BTreeMap::new();
    let mut cells: BTreeMap<(Class, Kind), Ratio> = BTreeMap::new();
    let mut slips = Ratio::default();
    let mut slips_named = Ratio::default();
    let mut real = Ratio::default();
    let mut misses: BTreeMap<Class, Vec<String>> = BTreeMap::new();
    let mut clean = Vec::new();
    let mut clean_docs = 0;
    for outcome in outcomes {
        clean.extend(outcome.clean.iter().cloned());
        clean_docs += usize::from(!outcome.clean.is_empty());
        for (case, hit, note) in &outcome.results {
            by_class.entry(case.class).or_default().add(*hit);
            cells.entry((case.class, case.kind)).or_default().add(*hit);
            if case.class.is_slip() {
                slips.add(*hit);
                by_kind.entry(case.kind).or_default().add(*hit);
                if case.kind != Kind::Other {
                    slips_named.add(*hit);
                }
            } else {
                real.add(*hit);
            }
            if !hit {
                misses
                    .entry(case.class)
                    .or_default()
                    .push(format!("[{}] {note}", case.kind.as_str()));
            }
        }
    }
    println!("spelling task: {documents} documents");
    println!(
        "  names written at least twice; one occurrence after the first replaced by a slip \
         of each class; caught when an inconsistent-spelling finding overlaps it"
    );
    metric(
        "caught: every slip class, every kind",
        slips,
        Target::AtLeast(0.95),
    );
    metric(
        "caught: slips in given names, surnames, places, organisations",
        slips_named,
        Target::AtLeast(0.95),
    );
    for class in Class::ALL {
        if let Some(r) = by_class.get(&class) {
            metric(
                &format!("  class {}", class.as_str()),
                *r,
                Target::AtLeast(0.90),
            );
        }
    }
    for kind in Kind::ALL {
        if let Some(r) = by_kind.get(&kind) {
            metric(
                &format!("  kind {} (slips)", kind.as_str()),
                *r,
                Target::AtLeast(0.90),
            );
        }
    }
    metric(
        "caught: real variants (transliteration, renamed place)",
        real,
        Target::None,
    );
    let per_doc = clean.len() as f64 / documents.max(1) as f64;
    println!(
        "  clean documents: {} inconsistent-spelling findings in {clean_docs} of {documents} = \
         {per_doc:.3} per document   target ≤ 0.05  {}",
        clean.len(),
        if per_doc <= 0.05 { "ok" } else { "MISS" }
    );
    println!();
    print!("  {:<16}", "class \\ kind");
    for kind in Kind::ALL {
        print!(" {:>14}", kind.as_str());
    }
    println!();
    for class in Class::ALL {
        print!("  {:<16}", class.as_str());
        for kind in Kind::ALL {
            match cells.get(&(class, kind)) {
                Some(r) => print!(" {:>14}", format!("{}/{}", r.hits, r.total)),
                None => print!(" {:>14}", "-"),
            }
        }
        println!();
    }
    println!();
    println!(
        "── inconsistent-spelling findings on the clean documents: {}",
        clean.len()
    );
    for item in &clean {
        println!("  - {item}");
    }
    if samples > 0 {
        for class in Class::ALL {
            let items = misses.get(&class).map(Vec::as_slice).unwrap_or_default();
            println!();
            println!(
                "── {} slips not caught: {} (showing {})",
                class.as_str(),
                items.len(),
                samples.min(items.len())
            );
            for item in spread(items, samples) {
                println!("  - {item}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_of_each_class() {
        use copydesk::analysis::spelling::{edit_distance, fold};
        // The letter slips (a space or hyphen is planted by `space_slip`).
        for class in Class::ALL
            .into_iter()
            .filter(|c| c.is_slip() && *c != Class::SpaceHyphen)
        {
            // An insertion that would double a letter or end in a plural's or a
            // demonym's letter is not planted, so a seed may give nothing.
            let slips: Vec<String> = (0..20)
                .filter_map(|seed| slip("Preston", class, seed))
                .collect();
            assert!(slips.len() >= 10, "{class:?}: {slips:?}");
            for v in &slips {
                assert!(v.starts_with('P'), "{class:?} {v}");
                let distance = edit_distance(&fold(v), "preston");
                match class {
                    Class::Accent => assert!(distance == 0 && v != "Preston", "{v}"),
                    _ => assert_eq!(distance, 1, "{class:?} {v}"),
                }
            }
        }
        assert_eq!(slip("Obáma", Class::Accent, 0).unwrap(), "Obama");
        assert_eq!(slip("Hillary", Class::Doubling, 0).unwrap(), "Hilary");
        assert_eq!(space_slip("JPMorgan").unwrap(), "JP Morgan");
        assert_eq!(space_slip("PlayStation").unwrap(), "Play Station");
        assert_eq!(space_slip("Jean-Pierre").unwrap(), "Jean Pierre");
        assert_eq!(space_slip("Wall Street").unwrap(), "WallStreet");
        assert_eq!(transliteration("Zelensky").unwrap(), "Zelenskiy");
    }

    #[test]
    fn names_by_kind() {
        let places = Places {
            by_first: [("Ohio".to_string(), vec![(vec!["Ohio".to_string()], 0)])].into(),
            rows: vec![vec!["Ohio".to_string()]],
            demonyms: HashSet::new(),
        };
        // A sentence's first word is read as a name only where it is written
        // mid-sentence too: "Then" opens the sentence, Hillary does not.
        let text = "Then Hillary Clinton spoke in Ohio. Then Clinton left Ohio for the \
                    Democratic Party office, and Mr. Preston said the Democratic Party won.";
        let names = read_names(text, &places);
        assert_eq!(names.kinds.get("Clinton"), Some(&Kind::Surname));
        assert_eq!(names.kinds.get("Hillary"), Some(&Kind::Given));
        assert_eq!(names.kinds.get("Ohio"), Some(&Kind::Place));
        assert_eq!(names.kinds.get("Democratic"), Some(&Kind::Organisation));
        assert_eq!(names.kinds.get("Preston"), Some(&Kind::Surname));
        assert!(names.kinds.get("Then").is_none());
    }
}
