//! `--task spelling`: one entity spelled two ways (issue 4).
//!
//! For each article and each variant kind, one occurrence of a surname or a country
//! name is replaced by a variant (typo, diacritic, transliteration, renamed country);
//! the edited article is analysed and the case counts as flagged when an
//! `inconsistent-spelling` finding overlaps the replaced span. The clean articles are
//! analysed too: every `inconsistent-spelling` finding on them is a false alarm to
//! judge (or a real inconsistency of the article).
//!
//! Every choice is deterministic (a hash of the article id), so runs compare.

use std::collections::BTreeMap;
use std::ops::Range;

use copydesk::analysis::gazetteer::{self, PlaceKind};
use copydesk::analysis::{Analysis, Entity, EntityKind, Format, MentionForm};
use copydesk::check::analyze;
use copydesk::config::Config;

use crate::corpus::Article;
use crate::report::{Ratio, Target, excerpt, metric, overlap, spread};

const INCONSISTENT_SPELLING: &str = "inconsistent-spelling";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Typo,
    Diacritic,
    Transliteration,
    RenamedCountry,
}

impl Kind {
    const ALL: [Kind; 4] = [
        Kind::Typo,
        Kind::Diacritic,
        Kind::Transliteration,
        Kind::RenamedCountry,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Typo => "typo",
            Kind::Diacritic => "diacritic",
            Kind::Transliteration => "transliteration",
            Kind::RenamedCountry => "renamed country",
        }
    }
}

/// One replacement to try: `range` of the article becomes `variant`.
struct Case {
    kind: Kind,
    range: Range<usize>,
    original: String,
    variant: String,
    /// How the variant was made ("substitution", "-sky → -skiy", "Turkey → Türkiye").
    how: String,
}

/// A surname that occurs at least twice in its person's mentions, with the mention to
/// replace (a surname-form one).
struct Surname {
    word: String,
    count: usize,
    target: Range<usize>,
}

/// FNV-1a, so the choices do not depend on the standard library's hasher.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Surnames of the article's people, most used first (ties: first seen first). The
/// surname is the last word of the entity's name (two words or more); it counts every name and surname
/// mention that ends with it, and the mention replaced is the middle one of its
/// surname-form mentions (the later one of two, so a tie still flags it).
fn surnames(text: &str, entities: &[Entity]) -> Vec<Surname> {
    let mut found: Vec<(Surname, usize)> = Vec::new();
    for entity in entities.iter().filter(|e| e.kind == EntityKind::Person) {
        // A full name of two words or more, so a surname is a surname.
        let name: Vec<&str> = entity.name.split_whitespace().collect();
        let [.., _, word] = name.as_slice() else {
            continue;
        };
        let word = *word;
        if !word.chars().all(char::is_alphabetic)
            || !word.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let mentions = entity.mentions.iter().zip(&entity.forms);
        let count = mentions
            .clone()
            .filter(|(r, f)| {
                matches!(f, MentionForm::Name | MentionForm::Surname)
                    && text[(*r).clone()].ends_with(word)
            })
            .count();
        let surname_mentions: Vec<&Range<usize>> = mentions
            .filter(|(r, f)| **f == MentionForm::Surname && text[(*r).clone()] == *word)
            .map(|(r, _)| r)
            .collect();
        if count < 2 || surname_mentions.is_empty() {
            continue;
        }
        let first = entity.mentions.first().map_or(usize::MAX, |r| r.start);
        let target = surname_mentions[surname_mentions.len() / 2].clone();
        if found.iter().any(|(s, _)| s.word == word) {
            continue;
        }
        found.push((
            Surname {
                word: word.to_string(),
                count,
                target,
            },
            first,
        ));
    }
    found.sort_by_key(|(s, first)| (std::cmp::Reverse(s.count), *first));
    found.into_iter().map(|(s, _)| s).collect()
}

/// Country names written at least twice in the same form, with the occurrence to
/// replace (the middle one). Found by scanning the words with the gazetteer, not
/// through copydesk's entities, so a country copydesk misses is still tested.
/// Occurrences inside a longer capitalised name ("New Mexico", "China Daily") are left
/// out.
fn countries(text: &str) -> Vec<(String, Vec<Range<usize>>)> {
    let mut words: Vec<(Range<usize>, &str, &str)> = Vec::new(); // (range, clean, raw)
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let raw = &text[s..i];
                let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let mut clean = raw[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
                // Keep the period of "U.S.", drop a possessive.
                if raw[lead..].len() > clean.len() + 1
                    && raw[lead + clean.len()..].starts_with('.')
                    && clean.contains('.')
                {
                    clean = &raw[lead..lead + clean.len() + 1];
                }
                for suffix in ["’s", "'s"] {
                    if let Some(stem) = clean.strip_suffix(suffix) {
                        clean = stem;
                    }
                }
                let from = s + lead;
                words.push((from..from + clean.len(), clean, raw));
                start = None;
            }
            _ => {}
        }
    }
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let ends_clause = |raw: &str| raw.ends_with(['.', ',', ';', ':', '!', '?', '"', '”', ')']);
    let mut by_form: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    let mut i = 0;
    while i < words.len() {
        let clean: Vec<&str> = words[i..(i + gazetteer::MAX_WORDS).min(words.len())]
            .iter()
            .map(|w| w.1)
            .collect();
        let Some((place, n)) = gazetteer::match_at(&clean) else {
            i += 1;
            continue;
        };
        let range = words[i].0.start..words[i + n - 1].0.end;
        let line_start = text[..range.start]
            .trim_end_matches([' ', '\t'])
            .ends_with('\n')
            || range.start == 0;
        // A capitalised word before it continues a name ("New Mexico") unless it
        // opens the sentence ("In Mexico").
        let opens_sentence = |j: usize| {
            j == 0
                || words[j - 1].2.ends_with(['.', '!', '?', ':', '"', '”'])
                || text[..words[j].0.start]
                    .trim_end_matches(|c: char| c != '\n' && !c.is_alphanumeric())
                    .ends_with('\n')
        };
        let before = (i > 0 && !line_start)
            .then(|| &words[i - 1])
            .filter(|w| capitalised(w.1) && !ends_clause(w.2) && !opens_sentence(i - 1));
        let last_raw = words[i + n - 1].2;
        let after = words
            .get(i + n)
            .filter(|w| capitalised(w.1) && !ends_clause(last_raw));
        if place.kind == PlaceKind::Country && before.is_none() && after.is_none() {
            by_form
                .entry(text[range.clone()].to_string())
                .or_default()
                .push(range);
        }
        i += n;
    }
    let mut forms: Vec<(String, Vec<Range<usize>>)> =
        by_form.into_iter().filter(|(_, r)| r.len() >= 2).collect();
    forms.sort_by_key(|(_, r)| (std::cmp::Reverse(r.len()), r[0].start));
    forms
}

/// Words of official long forms ("Republic of Türkiye"): not what a reporter writes
/// for a renamed country.
const FORMAL: &[&str] = &[
    "of",
    "Republic",
    "Kingdom",
    "Federation",
    "Federative",
    "Commonwealth",
    "Principality",
    "Plurinational",
    "Sultanate",
    "Emirate",
    "Emirates",
    "Duchy",
    "Union",
    "Democratic",
    "Islamic",
    "Socialist",
    "State",
    "States",
];

fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ğ' => 'g',
            'ş' => 's',
            'ı' => 'i',
            '’' => '\'',
            c => c,
        })
        .collect()
}

fn is_abbreviation(name: &str) -> bool {
    name.contains('.')
        || name
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// Another name of the same country that a draft might use: not an abbreviation, not
/// an official long form, not the same name with diacritics added or removed (that is
/// the diacritic kind), and not containing the name or contained in it ("Bosnia").
/// The canonical name first when it qualifies.
fn renamed(country: &str) -> Option<&'static str> {
    if is_abbreviation(country) {
        return None; // "DPRK" → "North Korea" is a legitimate second form
    }
    let place = gazetteer::by_name(country)?;
    place.names.iter().copied().find(|&name| {
        name != country
            && !is_abbreviation(name)
            && !name.split_whitespace().any(|w| FORMAL.contains(&w))
            && fold(name) != fold(country)
            && !name.contains(country)
            && !country.contains(name)
    })
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

/// A one-letter typo in a surname of six letters or more, never in its first letter:
/// a substitution by a keyboard neighbour or a transposition of two different adjacent
/// letters, chosen by `seed`.
fn typo(word: &str, seed: u64) -> Option<(String, String)> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 6 || !chars[1..].iter().all(char::is_ascii_lowercase) {
        return None;
    }
    let positions = chars.len() - 1; // 1..len
    let start = 1 + (seed / 2 % positions as u64) as usize;
    for step in 0..positions {
        let p = 1 + (start - 1 + step) % positions;
        let mut out = chars.clone();
        if seed.is_multiple_of(2) {
            let options: Vec<char> = neighbours(chars[p]).chars().collect();
            if options.is_empty() {
                continue;
            }
            out[p] = options[(seed / 7 % options.len() as u64) as usize];
            let how = format!("substitution {}→{}", chars[p], out[p]);
            return Some((out.into_iter().collect(), how));
        } else if p + 1 < chars.len() && chars[p] != chars[p + 1] {
            out.swap(p, p + 1);
            return Some((
                out.into_iter().collect(),
                format!("transposition {}{}", chars[p], chars[p + 1]),
            ));
        }
    }
    None
}

/// One letter after the first takes a diacritic, the first applicable of ç ş ğ ö ü é á
/// í ñ (the letters of Turkish, German, Spanish and French names).
fn diacritic(word: &str) -> Option<(String, String)> {
    const MARKS: &[(char, char)] = &[
        ('c', 'ç'),
        ('s', 'ş'),
        ('g', 'ğ'),
        ('o', 'ö'),
        ('u', 'ü'),
        ('e', 'é'),
        ('a', 'á'),
        ('i', 'í'),
        ('n', 'ñ'),
    ];
    let chars: Vec<char> = word.chars().collect();
    for &(plain, marked) in MARKS {
        if let Some(p) = (1..chars.len()).find(|&p| chars[p] == plain) {
            let mut out = chars.clone();
            out[p] = marked;
            return Some((out.into_iter().collect(), format!("{plain}→{marked}")));
        }
    }
    None
}

/// The first transliteration rule that applies, in this order: -sky ↔ -skiy, final
/// y ↔ i, q ↔ gh, kh → h, ks ↔ x, ph → f, ou → u, sh → sch, ch → tch, -ov/-ev →
/// -off/-eff, ei ↔ ey, c → k (before a, o, u, l, r), ck → k, a doubled consonant
/// single, u → ou.
fn transliteration(word: &str) -> Option<(String, String)> {
    let lower_tail = |w: &str| w.chars().skip(1).all(|c| c.is_ascii_lowercase());
    if !lower_tail(word) || word.chars().count() < 3 {
        return None;
    }
    let (first, rest) = word.split_at(word.chars().next()?.len_utf8());
    let replace_in_rest = |from: &str, to: &str| -> Option<String> {
        rest.find(from).map(|i| {
            let mut s = first.to_string();
            s.push_str(&rest[..i]);
            s.push_str(to);
            s.push_str(&rest[i + from.len()..]);
            s
        })
    };
    let rules: &[(&str, &dyn Fn() -> Option<String>)] = &[
        ("-sky → -skiy", &|| {
            word.strip_suffix("sky").map(|s| format!("{s}skiy"))
        }),
        ("-skiy → -sky", &|| {
            word.strip_suffix("skiy").map(|s| format!("{s}sky"))
        }),
        ("final y → i", &|| {
            word.strip_suffix('y')
                .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
                .map(|s| format!("{s}i"))
        }),
        ("final i → y", &|| {
            word.strip_suffix('i').map(|s| format!("{s}y"))
        }),
        ("q → gh", &|| {
            (!rest.contains("qu"))
                .then(|| replace_in_rest("q", "gh"))
                .flatten()
        }),
        ("gh → q", &|| replace_in_rest("gh", "q")),
        ("kh → h", &|| replace_in_rest("kh", "h")),
        ("ks → x", &|| replace_in_rest("ks", "x")),
        ("x → ks", &|| replace_in_rest("x", "ks")),
        ("ph → f", &|| replace_in_rest("ph", "f")),
        ("ou → u", &|| replace_in_rest("ou", "u")),
        ("sh → sch", &|| replace_in_rest("sh", "sch")),
        ("ch → tch", &|| {
            (!rest.contains("tch"))
                .then(|| replace_in_rest("ch", "tch"))
                .flatten()
        }),
        ("-ov → -off", &|| {
            word.strip_suffix("ov").map(|s| format!("{s}off"))
        }),
        ("-ev → -eff", &|| {
            word.strip_suffix("ev").map(|s| format!("{s}eff"))
        }),
        ("ei → ey", &|| replace_in_rest("ei", "ey")),
        ("ey → ei", &|| replace_in_rest("ey", "ei")),
        ("c → k", &|| {
            let chars: Vec<char> = word.chars().collect();
            let p = (0..chars.len().saturating_sub(1)).find(|&p| {
                chars[p].eq_ignore_ascii_case(&'c')
                    && matches!(chars[p + 1], 'a' | 'o' | 'u' | 'l' | 'r')
            })?;
            let mut out = chars.clone();
            out[p] = if p == 0 { 'K' } else { 'k' };
            Some(out.into_iter().collect())
        }),
        ("ck → k", &|| replace_in_rest("ck", "k")),
        ("double consonant → single", &|| {
            let chars: Vec<char> = rest.chars().collect();
            let p = (0..chars.len().saturating_sub(1)).find(|&p| {
                chars[p] == chars[p + 1] && !matches!(chars[p], 'a' | 'e' | 'i' | 'o' | 'u')
            })?;
            let mut out: Vec<char> = first.chars().collect();
            out.extend(chars[..p].iter().chain(&chars[p + 1..]));
            Some(out.into_iter().collect())
        }),
        ("u → ou", &|| {
            (!rest.contains("ou"))
                .then(|| replace_in_rest("u", "ou"))
                .flatten()
        }),
    ];
    rules.iter().find_map(|(name, rule)| {
        rule()
            .filter(|v| v != word)
            .map(|v| (v, (*name).to_string()))
    })
}

/// Transliteration rules of the kinds issue 4 names.
const ISSUE_RULES: &[&str] = &[
    "-sky → -skiy",
    "-skiy → -sky",
    "final y → i",
    "final i → y",
    "q → gh",
    "gh → q",
    "kh → h",
];

/// The test cases of one article: at most one per kind.
fn cases(article: &Article, analysis: &Analysis) -> Vec<Case> {
    let text = &article.text;
    let seed = hash(&article.id);
    let people = surnames(text, &analysis.entities);
    let places = countries(text);
    let mut out = Vec::new();
    let surname_case = |kind: Kind, make: &dyn Fn(&str) -> Option<(String, String)>| {
        people.iter().find_map(|s| {
            make(&s.word).map(|(variant, how)| Case {
                kind,
                range: s.target.clone(),
                original: s.word.clone(),
                variant,
                how,
            })
        })
    };
    out.extend(surname_case(Kind::Typo, &|w| typo(w, seed)));
    out.extend(surname_case(Kind::Diacritic, &diacritic).or_else(|| {
        places.iter().find_map(|(form, ranges)| {
            diacritic(form).map(|(variant, how)| Case {
                kind: Kind::Diacritic,
                range: ranges[ranges.len() / 2].clone(),
                original: form.clone(),
                variant,
                how: format!("{how} (country)"),
            })
        })
    }));
    out.extend(surname_case(Kind::Transliteration, &transliteration));
    out.extend(places.iter().find_map(|(form, ranges)| {
        renamed(form).map(|name| Case {
            kind: Kind::RenamedCountry,
            range: ranges[ranges.len() / 2].clone(),
            original: form.clone(),
            variant: name.to_string(),
            how: format!("{form} → {name}"),
        })
    }));
    out
}

pub fn run(articles: &[Article], samples: usize) {
    let config = Config::default();
    let mut flagged: BTreeMap<Kind, Ratio> = BTreeMap::new();
    let mut overall = Ratio::default();
    let mut skipped: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut misses: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    let mut hows: BTreeMap<Kind, BTreeMap<String, Ratio>> = BTreeMap::new();
    let mut clean: Vec<String> = Vec::new();
    let mut clean_articles = 0usize;
    for article in articles {
        let text = &article.text;
        let analysis = analyze(text, Format::PlainText, &config);
        let mut any = false;
        for f in analysis
            .findings
            .iter()
            .filter(|f| f.code == INCONSISTENT_SPELLING)
        {
            any = true;
            let other = f
                .related
                .first()
                .map(|r| format!(" vs “{}”", &text[r.range.clone()]))
                .unwrap_or_default();
            clean.push(format!(
                "{}: “{}”{other}: {}",
                article.id,
                &text[f.range.clone()],
                excerpt(text, f.range.clone(), 50, 60)
            ));
        }
        clean_articles += usize::from(any);
        let cases = cases(article, &analysis);
        for kind in Kind::ALL {
            if !cases.iter().any(|c| c.kind == kind) {
                *skipped.entry(kind).or_default() += 1;
            }
        }
        for case in cases {
            let mut edited = String::with_capacity(text.len() + 8);
            edited.push_str(&text[..case.range.start]);
            edited.push_str(&case.variant);
            edited.push_str(&text[case.range.end..]);
            let range = case.range.start..case.range.start + case.variant.len();
            let after = analyze(&edited, Format::PlainText, &config);
            let hit = after
                .findings
                .iter()
                .any(|f| f.code == INCONSISTENT_SPELLING && overlap(&f.range, &range) > 0);
            flagged.entry(case.kind).or_default().add(hit);
            overall.add(hit);
            let rule = case.how.split(' ').next().unwrap_or("").to_string();
            let rule = if case.kind == Kind::Transliteration || case.kind == Kind::Diacritic {
                case.how.clone()
            } else {
                rule
            };
            hows.entry(case.kind)
                .or_default()
                .entry(rule)
                .or_default()
                .add(hit);
            if !hit {
                let entity = after
                    .entities
                    .iter()
                    .find(|e| e.mentions.iter().any(|m| overlap(m, &range) > 0))
                    .map_or("in no entity".to_string(), |e| {
                        format!(
                            "in {} “{}” ({} mentions)",
                            e.kind.as_str(),
                            e.name,
                            e.mentions.len()
                        )
                    });
                let elsewhere = after
                    .findings
                    .iter()
                    .filter(|f| f.code == INCONSISTENT_SPELLING)
                    .count();
                misses.entry(case.kind).or_default().push(format!(
                    "{}: {} → {} ({}; {}; {elsewhere} inconsistent-spelling finding(s) elsewhere)\n      {}",
                    article.id,
                    case.original,
                    case.variant,
                    case.how,
                    entity,
                    excerpt(&edited, range, 50, 60)
                ));
            }
        }
    }
    println!("spelling task");
    println!(
        "  one occurrence per article and kind replaced by a variant; flagged when an \
         inconsistent-spelling finding overlaps it"
    );
    for kind in Kind::ALL {
        metric(
            &format!(
                "flagged: {} ({} articles without a candidate)",
                kind.as_str(),
                skipped.get(&kind).copied().unwrap_or(0)
            ),
            flagged.get(&kind).copied().unwrap_or_default(),
            Target::AtLeast(0.90),
        );
    }
    metric("flagged: all kinds", overall, Target::AtLeast(0.90));
    // The transliterations issue 4 names (Zelensky/Zelenskiy, Araghchi/Araqchi,
    // Gaddafi/Qaddafi) against the fallbacks that English surnames mostly get.
    let mut named = Ratio::default();
    for (rule, r) in hows.get(&Kind::Transliteration).into_iter().flatten() {
        if ISSUE_RULES.contains(&rule.as_str()) {
            named.hits += r.hits;
            named.total += r.total;
        }
    }
    metric(
        "  transliteration, issue's rules (-sky, final y/i, q/gh, kh)",
        named,
        Target::None,
    );
    let per20 = clean.len() as f64 * 20.0 / articles.len().max(1) as f64;
    println!(
        "  clean articles: {} inconsistent-spelling findings in {clean_articles} of {} articles \
         = {per20:.2} per 20 articles   target ≤ 1.00  {}",
        clean.len(),
        articles.len(),
        if per20 <= 1.0 { "ok" } else { "MISS" }
    );
    println!();
    println!("  by variant rule (flagged/tested):");
    for (kind, rules) in &hows {
        let parts: Vec<String> = rules
            .iter()
            .map(|(rule, r)| format!("{rule} {}/{}", r.hits, r.total))
            .collect();
        println!("    {}: {}", kind.as_str(), parts.join(", "));
    }
    println!();
    println!(
        "── inconsistent-spelling findings on the clean articles: {}",
        clean.len()
    );
    for item in &clean {
        println!("  - {item}");
    }
    if samples > 0 {
        for kind in Kind::ALL {
            let items = misses.get(&kind).map(Vec::as_slice).unwrap_or_default();
            println!();
            println!(
                "── {} variants not flagged: {} (showing {})",
                kind.as_str(),
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
    fn variants() {
        assert_eq!(transliteration("Zelensky").unwrap().0, "Zelenskiy");
        assert_eq!(transliteration("Araghchi").unwrap().0, "Araghchy");
        assert_eq!(transliteration("Qaddafi").unwrap().0, "Qaddafy");
        assert_eq!(transliteration("Clinton").unwrap().0, "Klinton");
        assert!(transliteration("Okafor").is_none());
        assert_eq!(diacritic("Erdogan").unwrap().0, "Erdoğan");
        assert_eq!(renamed("Turkey"), Some("Türkiye"));
        assert_eq!(renamed("Czech Republic"), Some("Czechia"));
        assert_eq!(renamed("Burma"), Some("Myanmar"));
        assert_eq!(renamed("Albania"), None);
        assert_eq!(renamed("DPRK"), None);
        let (t, _) = typo("Okafora", 4).unwrap();
        assert_ne!(t, "Okafora");
        assert_eq!(t.chars().count(), 7);
        assert!(typo("Reyes", 4).is_none());
    }

    #[test]
    fn country_occurrences() {
        let text = "Turkey said. In Turkey, and New Mexico; Mexico City. Turkey’s plan.";
        let found = countries(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Turkey");
        assert_eq!(found[0].1.len(), 3);
    }
}
