//! Entity recognition and spelling false alarms on GUM's Wikinews documents (issue 4).
//!
//! ```sh
//! cargo run --release --example eval_gum -- /work/shared/corpus/gum/gum_news_interview_entities.jsonl
//! cargo run --release --example eval_gum -- FILE --samples 30 --doc interview_ants
//! ```
//!
//! The corpus (43 news and interview documents of the GUM corpus, one JSON object a
//! line with the text and every gold entity mention) is described in its README. The
//! texts are CC BY 2.5 (Wikinews contributors), the annotations CC BY 4.0 (Zeldes 2017):
//! printing them to the terminal is fine; anything copied into the project keeps that
//! attribution.
//!
//! **Gold names.** A gold mention of type person, organization or place whose text
//! starts with a capital letter (the README's definition), except when it is a pronoun
//! or starts with one ("He", "I", "Me and a studymate") or starts with a capitalised
//! determiner followed by a lower-case word ("The team", "This company"): those are
//! capitalised only because they open a sentence. Added: "the"/"a"/"an" followed by a
//! capitalised word ("the United Nations"), which GUM spans with its article. The
//! README's literal definition is scored too (lenient), as a secondary line.
//!
//! **Predictions.** Every mention of every entity in `analysis.entities`, except those
//! whose form is `Pronoun` or `Role` (they refer, they do not name).
//!
//! **Matching.**
//! - strict: the same byte span and the same kind;
//! - overlap, same kind: the spans share at least one byte and the kinds agree;
//! - lenient: the spans share at least one byte, any of the three kinds.
//!
//! A prediction is correct when it matches some gold person, organization or place
//! mention, capitalised or not (GUM spans whole noun phrases: "a united Germany",
//! "fellow candidate Buddy Roemer" hold a name without starting with one); a gold name
//! is found when some prediction matches it (nested gold mentions, "Bos and colleagues" around "Bos",
//! can each be found by one prediction).

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use copydesk::analysis::{Entity, EntityKind, Format, MentionForm};
use copydesk::check::analyze;
use copydesk::config::Config;
use serde::Deserialize;

const INCONSISTENT_SPELLING: &str = "inconsistent-spelling";

#[derive(Parser)]
#[command(about = "Score copydesk's entities against GUM's gold mentions")]
struct Args {
    /// gum_news_interview_entities.jsonl
    path: PathBuf,
    /// False-positive and false-negative samples printed.
    #[arg(long, default_value_t = 15)]
    samples: usize,
    /// Only documents whose id contains this text.
    #[arg(long)]
    doc: Option<String>,
}

#[derive(Deserialize)]
struct Doc {
    id: String,
    text: String,
    entities: Vec<GoldMention>,
}

#[derive(Deserialize)]
struct GoldMention {
    start_byte: usize,
    end_byte: usize,
    text: String,
    eid: serde_json::Value,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Person,
    Organization,
    Place,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Person, Kind::Organization, Kind::Place];

    fn from_gold(name: &str) -> Option<Kind> {
        match name {
            "person" => Some(Kind::Person),
            "organization" => Some(Kind::Organization),
            "place" => Some(Kind::Place),
            _ => None,
        }
    }

    fn from_entity(kind: EntityKind) -> Kind {
        match kind {
            EntityKind::Person => Kind::Person,
            EntityKind::Organization => Kind::Organization,
            EntityKind::Place => Kind::Place,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
        }
    }
}

struct Gold {
    range: Range<usize>,
    kind: Kind,
    eid: String,
}

struct Predicted {
    range: Range<usize>,
    kind: Kind,
    form: MentionForm,
    entity: String,
}

const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "we",
    "us",
    "our",
    "ours",
    "you",
    "your",
    "yours",
    "he",
    "him",
    "his",
    "she",
    "her",
    "hers",
    "it",
    "its",
    "they",
    "them",
    "their",
    "theirs",
    "myself",
    "ourselves",
    "yourself",
    "himself",
    "herself",
    "itself",
    "themselves",
    "who",
    "whom",
    "whose",
    "which",
    "that",
    "this",
    "these",
    "those",
    "one",
    "someone",
    "everyone",
    "anyone",
    "everybody",
    "somebody",
    "nobody",
    "all",
    "both",
    "each",
    "some",
    "many",
    "most",
    "none",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "some", "any", "every", "each", "another",
    "other", "such", "many", "several", "both", "all", "no", "most", "few", "two", "three", "one",
    "its", "his", "her", "their", "our", "my", "your",
];

fn first_upper(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(char::is_uppercase)
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// The README's capitalised mention, minus pronouns and sentence-initial determiners
/// before a common noun.
fn is_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    // "the United Nations", "the University of Helsinki": a name after a lower-case
    // article.
    if matches!(*first, "the" | "a" | "an") {
        return words.get(1).is_some_and(|w| first_upper(w));
    }
    if !first_upper(first) || PRONOUNS.contains(&bare(first).as_str()) {
        return false;
    }
    if DETERMINERS.contains(&bare(first).as_str()) {
        return words.get(1).is_some_and(|w| first_upper(w));
    }
    true
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp_pred: usize,
    predicted: usize,
    tp_gold: usize,
    gold: usize,
}

impl Counts {
    fn line(&self, name: &str) {
        let p = ratio(self.tp_pred, self.predicted);
        let r = ratio(self.tp_gold, self.gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "  {name:<34} P {p:.3} ({}/{})  R {r:.3} ({}/{})  F1 {f:.3}",
            self.tp_pred, self.predicted, self.tp_gold, self.gold
        );
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Matching {
    Strict,
    OverlapSameKind,
    Lenient,
}

fn matches(m: Matching, p: &Predicted, g: &Gold) -> bool {
    let overlap = p.range.start < g.range.end && g.range.start < p.range.end;
    match m {
        Matching::Strict => p.range == g.range && p.kind == g.kind,
        Matching::OverlapSameKind => overlap && p.kind == g.kind,
        Matching::Lenient => overlap,
    }
}

/// A one-line excerpt with the span in ⟦ ⟧.
fn excerpt(text: &str, range: &Range<usize>, context: usize) -> String {
    let start = text[..range.start]
        .char_indices()
        .rev()
        .nth(context.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[range.end..]
        .char_indices()
        .nth(context)
        .map_or(text.len(), |(i, _)| range.end + i);
    format!(
        "{}⟦{}⟧{}",
        &text[start..range.start],
        &text[range.clone()],
        &text[range.end..end]
    )
    .replace('\n', "⏎")
}

fn form_name(form: MentionForm) -> &'static str {
    match form {
        MentionForm::Name => "name",
        MentionForm::Surname => "surname",
        MentionForm::Abbreviation => "abbreviation",
        MentionForm::Demonym => "demonym",
        MentionForm::Pronoun => "pronoun",
        MentionForm::Role => "role",
        MentionForm::Variant => "variant",
    }
}

fn spread<T>(items: &[T], n: usize) -> Vec<&T> {
    if items.len() <= n {
        return items.iter().collect();
    }
    (0..n).map(|i| &items[i * items.len() / n]).collect()
}

fn eid_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let raw = match fs::read_to_string(&args.path) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("error: {}: {e}", args.path.display());
            return ExitCode::from(2);
        }
    };
    let mut docs: Vec<Doc> = Vec::new();
    for (n, line) in raw
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str(line) {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                eprintln!("error: {}:{}: {e}", args.path.display(), n + 1);
                return ExitCode::from(2);
            }
        }
    }
    if let Some(filter) = &args.doc {
        docs.retain(|d| d.id.contains(filter.as_str()));
    }

    let config = Config::default();
    let modes = [
        ("strict (exact span + kind)", Matching::Strict),
        ("overlap, same kind", Matching::OverlapSameKind),
        ("lenient (overlap, any kind)", Matching::Lenient),
    ];
    let mut totals = [Counts::default(); 3];
    let mut per_kind: BTreeMap<(Kind, usize), Counts> = BTreeMap::new();
    let mut literal_gold = 0usize;
    let mut literal_found = 0usize;
    let mut literal_pred_hits = 0usize;
    let mut literal_predicted = 0usize;
    let mut false_positives: Vec<String> = Vec::new();
    let mut false_negatives: Vec<String> = Vec::new();
    let mut fp_by_form: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fp_other_gold = 0usize;
    let mut spelling: Vec<String> = Vec::new();
    let mut spelling_pairs: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut mismatched = 0usize;

    for doc in &docs {
        let text = &doc.text;
        let analysis = analyze(text, Format::PlainText, &config);
        let mut all_gold: Vec<(Range<usize>, &GoldMention)> = Vec::new();
        let mut gold: Vec<Gold> = Vec::new();
        let mut any_case: Vec<Gold> = Vec::new();
        for m in &doc.entities {
            let range = m.start_byte..m.end_byte;
            if text.get(range.clone()) != Some(m.text.as_str()) {
                mismatched += 1;
                continue;
            }
            all_gold.push((range.clone(), m));
            let Some(kind) = Kind::from_gold(&m.kind) else {
                continue;
            };
            if m.text.chars().next().is_some_and(char::is_uppercase) {
                literal_gold += 1;
            }
            any_case.push(Gold {
                range: range.clone(),
                kind,
                eid: eid_string(&m.eid),
            });
            if !is_name(&m.text) {
                continue;
            }
            gold.push(Gold {
                range,
                kind,
                eid: eid_string(&m.eid),
            });
        }
        let predicted: Vec<Predicted> = analysis
            .entities
            .iter()
            .flat_map(|e: &Entity| {
                e.mentions
                    .iter()
                    .zip(&e.forms)
                    .filter(|(_, f)| !matches!(f, MentionForm::Pronoun | MentionForm::Role))
                    .map(|(r, f)| Predicted {
                        range: r.clone(),
                        kind: Kind::from_entity(e.kind),
                        form: *f,
                        entity: e.name.clone(),
                    })
            })
            .collect();
        // The README's literal definition (pronouns included), lenient matching.
        let literal: Vec<Range<usize>> = doc
            .entities
            .iter()
            .filter(|m| {
                Kind::from_gold(&m.kind).is_some()
                    && m.text.chars().next().is_some_and(char::is_uppercase)
            })
            .map(|m| m.start_byte..m.end_byte)
            .collect();
        literal_predicted += predicted.len();
        literal_pred_hits += predicted
            .iter()
            .filter(|p| {
                literal
                    .iter()
                    .any(|r| p.range.start < r.end && r.start < p.range.end)
            })
            .count();
        for m in &doc.entities {
            if Kind::from_gold(&m.kind).is_some()
                && m.text.chars().next().is_some_and(char::is_uppercase)
            {
                let range = m.start_byte..m.end_byte;
                if predicted
                    .iter()
                    .any(|p| p.range.start < range.end && range.start < p.range.end)
                {
                    literal_found += 1;
                }
            }
        }

        for (i, (_, mode)) in modes.iter().enumerate() {
            for p in &predicted {
                let hit = any_case.iter().any(|g| matches(*mode, p, g));
                totals[i].predicted += 1;
                totals[i].tp_pred += usize::from(hit);
                let c = per_kind.entry((p.kind, i)).or_default();
                c.predicted += 1;
                c.tp_pred += usize::from(hit);
                if *mode == Matching::Lenient && !hit {
                    *fp_by_form.entry(form_name(p.form)).or_default() += 1;
                    let other = all_gold
                        .iter()
                        .find(|(r, _)| r.start < p.range.end && p.range.start < r.end);
                    if other.is_some() {
                        fp_other_gold += 1;
                    }
                    false_positives.push(format!(
                        "{}: {} [{}, {}, entity “{}”]{}",
                        doc.id,
                        excerpt(text, &p.range, 35),
                        p.kind.as_str(),
                        form_name(p.form),
                        p.entity,
                        other.map_or(String::new(), |(_, g)| format!(
                            "  (gold {} “{}”)",
                            g.kind, g.text
                        ))
                    ));
                }
            }
            for g in &gold {
                let hit = predicted.iter().any(|p| matches(*mode, p, g));
                totals[i].gold += 1;
                totals[i].tp_gold += usize::from(hit);
                let c = per_kind.entry((g.kind, i)).or_default();
                c.gold += 1;
                c.tp_gold += usize::from(hit);
                if *mode == Matching::Lenient && !hit {
                    false_negatives.push(format!(
                        "{}: {} [gold {}]",
                        doc.id,
                        excerpt(text, &g.range, 35),
                        g.kind.as_str()
                    ));
                }
            }
        }

        for f in analysis
            .findings
            .iter()
            .filter(|f| f.code == INCONSISTENT_SPELLING)
        {
            let eids = |r: &Range<usize>| -> String {
                let mut ids: Vec<String> = gold
                    .iter()
                    .filter(|g| g.range.start < r.end && r.start < g.range.end)
                    .map(|g| g.eid.clone())
                    .collect();
                ids.dedup();
                if ids.is_empty() {
                    "no gold name".to_string()
                } else {
                    format!("gold eid {}", ids.join("/"))
                }
            };
            let mut line = format!(
                "{}: “{}” ({}) vs {}\n      {}\n      {}",
                doc.id,
                &text[f.range.clone()],
                eids(&f.range),
                f.related
                    .first()
                    .map(|r| format!("“{}” ({})", &text[r.range.clone()], eids(&r.range)))
                    .unwrap_or_default(),
                f.message,
                excerpt(text, &f.range, 50)
            );
            if let Some(r) = f.related.first() {
                line.push_str(&format!("\n      {}", excerpt(text, &r.range, 50)));
            }
            spelling.push(line);
            *spelling_pairs
                .entry((
                    doc.id.clone(),
                    text[f.range.clone()].to_string(),
                    f.related
                        .first()
                        .map(|r| text[r.range.clone()].to_string())
                        .unwrap_or_default(),
                ))
                .or_default() += 1;
        }
    }

    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    println!(
        "GUM news + interview: {} documents, {words} words{}",
        docs.len(),
        if mismatched > 0 {
            format!(", WARNING: {mismatched} gold mentions whose text does not match")
        } else {
            String::new()
        }
    );
    println!(
        "  gold names (person/organization/place, capitalised, pronouns and sentence-initial \
         determiner phrases left out): {}",
        totals[0].gold
    );
    println!(
        "  predicted mentions (pronoun and role forms left out): {}",
        totals[0].predicted
    );
    println!();
    println!("all kinds");
    for (i, (name, _)) in modes.iter().enumerate() {
        totals[i].line(name);
    }
    Counts {
        tp_pred: literal_pred_hits,
        predicted: literal_predicted,
        tp_gold: literal_found,
        gold: literal_gold,
    }
    .line("README's literal gold, lenient");
    for kind in Kind::ALL {
        println!();
        println!("{}", kind.as_str());
        for (i, (name, _)) in modes.iter().enumerate() {
            per_kind
                .get(&(kind, i))
                .copied()
                .unwrap_or_default()
                .line(name);
        }
    }
    println!();
    println!(
        "lenient false positives by form: {}; {fp_other_gold} of them overlap a gold mention \
         of another type",
        fp_by_form
            .iter()
            .map(|(f, n)| format!("{f} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();
    println!(
        "inconsistent-spelling findings on these clean documents: {}   target ≤ 2  {}",
        spelling.len(),
        if spelling.len() <= 2 { "ok" } else { "MISS" }
    );
    println!("  distinct pairs:");
    for ((doc, minority, majority), n) in &spelling_pairs {
        println!("    {doc}: “{minority}” vs “{majority}”: {n} finding(s)");
    }
    for s in &spelling {
        println!("  - {s}");
    }
    if args.samples > 0 {
        println!();
        println!(
            "── false positives (lenient): {} (showing {})",
            false_positives.len(),
            args.samples.min(false_positives.len())
        );
        for s in spread(&false_positives, args.samples) {
            println!("  - {s}");
        }
        println!();
        println!(
            "── false negatives (lenient): {} (showing {})",
            false_negatives.len(),
            args.samples.min(false_negatives.len())
        );
        for s in spread(&false_negatives, args.samples) {
            println!("  - {s}");
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_names() {
        assert!(is_name("Nick Bos"));
        assert!(is_name("The Independent"));
        assert!(is_name("Bos and colleagues"));
        assert!(!is_name("He"));
        assert!(!is_name("I"));
        assert!(!is_name("The team"));
        assert!(!is_name("Me and a studymate"));
    }
}
