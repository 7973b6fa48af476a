//! Property test (issue 21): a slip planted in one later occurrence of a name that a
//! draft writes three times is flagged by inconsistent-spelling, whatever the slip —
//! an accent, a substituted, transposed, doubled, dropped or inserted letter — and
//! whatever the name: a given name, a surname, a place, an organisation.
//!
//! A slip is not expected to be flagged (and the case is skipped) when it makes
//! another word, for the documented reasons the rule stays silent:
//! - a common English word (`spelling::is_common_word`): "Preston" → "Prestos" is a
//!   name, but a near-miss that is a word counts only in the name's company;
//! - a word of the dictionary beside a name that is one too ("Preston", "Prestos"):
//!   two words, unless the slip keeps the name's company;
//! - the name with a final s, n or e added, or its final s or n dropped: a plural or a
//!   demonym ("Okafors", "Africa"/"African");
//! - another place of the gazetteer ("Iran"/"Iraq"), or a place's name with its last
//!   letter changed or added as n, c, i, o or s (a demonym or adjective: "Texas"/"Texan",
//!   "Arabia"/"Arabic");
//! - a name of three letters or fewer;
//! - a word and one made from it by its ending, -ism/-ist, -ia/-ic, -an/-as, -ic/-ics,
//!   one of them a word ("Goldman"/"Goldmas" reads as "Korean"/"Koreas");
//! - a word of the dictionary or a place with a final i or u added: a word made from it
//!   ("Allah"/"Allahu");
//! - a word made from the other by an ending no slip makes (`spelling::is_made_from`:
//!   -ism/-ist, a Latin -a/-ae, a common word with -i, -a, -er or -r added).
//!
//! Slips never touch the first letter (a changed first letter reads as another name).

use copydesk::analysis::{Format, gazetteer, spelling};
use copydesk::check::analyze;
use copydesk::config::Config;
use proptest::prelude::*;

/// Drafts that write one name three times; `{}` marks each occurrence and the slip
/// goes into the last one.
const DRAFTS: &[(&str, &str)] = &[
    (
        "Preston",
        "Robert {} chairs the port board. The board met on Tuesday, and {} spoke first. \
         Dock workers listened as {} described the new cranes.",
    ),
    (
        "Hillary",
        "{} Clinton spoke in the afternoon. Supporters cheered when {} Clinton arrived, \
         and {} Clinton thanked the volunteers.",
    ),
    (
        "Michigan",
        "Voters in {} turned out early. The governor of {} praised them, and the count \
         in {} ran late into the night.",
    ),
    (
        "Goldman",
        "{} Sachs advised the buyer. Analysts at {} Sachs were pleased, and {} Sachs \
         earned a fee on the deal.",
    ),
    (
        "Okonkwo",
        "Marta {} leads the union. The union voted on Friday, and {} said the strike \
         would go ahead. Members cheered {} at the gate.",
    ),
];

#[derive(Debug, Clone)]
enum Slip {
    Accent(usize),
    Substitute(usize, char),
    Transpose(usize),
    Double(usize),
    Drop(usize),
    Insert(usize, char),
}

fn apply(name: &str, slip: &Slip) -> Option<String> {
    let mut chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    let at = |p: usize| 1 + p % (n - 1); // never the first letter
    match *slip {
        Slip::Accent(p) => {
            let p = at(p);
            chars[p] = match chars[p] {
                'a' => 'á',
                'e' => 'é',
                'i' => 'í',
                'o' => 'ö',
                'u' => 'ü',
                'c' => 'ç',
                'n' => 'ñ',
                's' => 'ş',
                _ => return None,
            };
        }
        Slip::Substitute(p, c) => {
            let p = at(p);
            if chars[p] == c {
                return None;
            }
            chars[p] = c;
        }
        Slip::Transpose(p) => {
            let p = at(p);
            if p + 1 >= n || chars[p] == chars[p + 1] {
                return None;
            }
            chars.swap(p, p + 1);
        }
        Slip::Double(p) => {
            let p = at(p);
            chars.insert(p, chars[p]);
        }
        Slip::Drop(p) => {
            let p = at(p);
            chars.remove(p);
        }
        Slip::Insert(p, c) => {
            let p = at(p);
            chars.insert(p + 1, c);
        }
    }
    Some(chars.into_iter().collect())
}

/// The documented reasons a slip is not flagged (see the module's comment).
fn makes_another_word(name: &str, variant: &str) -> bool {
    let (short, long) = if name.len() < variant.len() {
        (name, variant)
    } else {
        (variant, name)
    };
    spelling::is_common_word(variant)
        || spelling::is_known_word(variant) && spelling::is_known_word(name)
        || long
            .strip_prefix(short)
            .is_some_and(|extra| matches!(extra, "s" | "n" | "e"))
        || gazetteer::by_name(variant).is_some()
        || gazetteer::by_demonym(variant).is_some()
        || variant.chars().count() <= 3
        || made_by_ending(name, variant)
        || spelling::is_made_from(name, variant)
        || variant
            .strip_prefix(name)
            .is_some_and(|extra| matches!(extra, "i" | "u"))
            && (spelling::is_known_word(name) || gazetteer::by_name(name).is_some())
        || gazetteer::by_name(name).is_some()
            && variant.ends_with(['n', 'c', 'i', 'o', 's'])
            && same_but_last(name, variant)
        || variant == name
}

/// One is the other with its ending changed the way words are made: -ism/-ist,
/// -ia/-ic, -an/-as, -ic/-ics ("Goldman"/"Goldmas" reads as "Korean"/"Koreas").
fn made_by_ending(name: &str, variant: &str) -> bool {
    const ENDINGS: &[(&str, &str)] = &[("ism", "ist"), ("ia", "ic"), ("an", "as"), ("ic", "ics")];
    let (a, b) = (name.to_lowercase(), variant.to_lowercase());
    ENDINGS.iter().any(|(x, y)| {
        let stem = |s: &str, end: &str| s.strip_suffix(end).map(str::to_string);
        matches!((stem(&a, x), stem(&b, y)), (Some(p), Some(q)) if p == q)
            || matches!((stem(&a, y), stem(&b, x)), (Some(p), Some(q)) if p == q)
    }) && (spelling::is_known_word(name) || spelling::is_known_word(variant))
}

/// The two differ only in the last letter (changed, added or dropped).
fn same_but_last(a: &str, b: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    match x.len().cmp(&y.len()) {
        std::cmp::Ordering::Equal => x[..x.len() - 1] == y[..y.len() - 1],
        std::cmp::Ordering::Less => y.starts_with(&x) && y.len() == x.len() + 1,
        std::cmp::Ordering::Greater => x.starts_with(&y) && x.len() == y.len() + 1,
    }
}

fn slip_strategy() -> impl Strategy<Value = Slip> {
    let letter = proptest::char::range('a', 'z');
    prop_oneof![
        (0usize..16).prop_map(Slip::Accent),
        (0usize..16, letter.clone()).prop_map(|(p, c)| Slip::Substitute(p, c)),
        (0usize..16).prop_map(Slip::Transpose),
        (0usize..16).prop_map(Slip::Double),
        (0usize..16).prop_map(Slip::Drop),
        (0usize..16, letter).prop_map(|(p, c)| Slip::Insert(p, c)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn a_planted_slip_is_flagged(draft in 0..DRAFTS.len(), slip in slip_strategy()) {
        let (name, template) = DRAFTS[draft];
        let Some(variant) = apply(name, &slip) else {
            return Ok(());
        };
        prop_assume!(!makes_another_word(name, &variant));
        let mut text = String::new();
        let mut rest = template;
        let mut planted = 0..0;
        for k in 0..3 {
            let i = rest.find("{}").unwrap();
            text.push_str(&rest[..i]);
            let written = if k == 2 { variant.as_str() } else { name };
            if k == 2 {
                planted = text.len()..text.len() + written.len();
            }
            text.push_str(written);
            rest = &rest[i + 2..];
        }
        text.push_str(rest);
        let analysis = analyze(&text, Format::PlainText, &Config::default());
        let flagged = analysis.findings.iter().any(|f| {
            f.code == "inconsistent-spelling" && f.range.start < planted.end && planted.start < f.range.end
        });
        prop_assert!(flagged, "{name} → {variant} not flagged in: {text}");
    }
}
