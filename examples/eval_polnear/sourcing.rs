//! `--task sourcing`: vague sources covered by `vague-source` findings (issue 5).

use copydesk::analysis::Format;
use copydesk::check::analyze;
use copydesk::config::Config;

use crate::corpus::Article;
use crate::gold::clean_word;
use crate::report::{Ratio, Target, excerpt, metric, overlap, spread};

const VAGUE_SOURCE: &str = "vague-source";
const UNSOURCED_STATISTIC: &str = "unsourced-statistic";

/// Plural or collective nouns that leave the reader asking "who?" (issue 5's list and
/// its near neighbours). "people", "some", "many", "others" count only as "people
/// familiar with …" or standing alone ("some say", "many fear").
const VAGUE_GROUPS: &[&str] = &[
    "officials",
    "experts",
    "sources",
    "aides",
    "analysts",
    "critics",
    "observers",
    "insiders",
    "advisers",
    "advisors",
    "strategists",
    "authorities",
    "operatives",
    "pundits",
    "commentators",
    "diplomats",
    "staffers",
    "people",
    "some",
    "others",
    "many",
];

/// Single unnamed sources ("a source", "a senior official"): reported apart.
const ANONYMOUS_ONE: &[&str] = &[
    "source",
    "official",
    "aide",
    "adviser",
    "advisor",
    "insider",
    "strategist",
    "person",
    "operative",
    "staffer",
    "diplomat",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vagueness {
    Group,
    AnonymousOne,
}

/// A source is vague when it names no one: a group noun from the lexicon with no
/// name beside it ("officials", "Iranian officials", "people familiar with the
/// matter"; not "Okafor, others" nor "officials such as Maria Okafor"), or an unnamed
/// single source ("a source", "a senior official").
fn vagueness(source: &str) -> Option<Vagueness> {
    let words: Vec<String> = source.split_whitespace().map(clean_word).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let head = lower
        .iter()
        .position(|w| VAGUE_GROUPS.contains(&w.as_str()) || ANONYMOUS_ONE.contains(&w.as_str()))?;
    // A name coordinated with the group ("Okafor, others", "Reyes and his aides") or
    // after it ("officials such as Maria Okafor"): the source is named.
    let raw: Vec<&str> = source.split_whitespace().collect();
    let coordinated = raw
        .iter()
        .any(|w| w.ends_with(',') || matches!(*w, "and" | "or"));
    let is_name = |w: &String| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !matches!(
                w.as_str(),
                "The" | "A" | "An" | "Some" | "Many" | "Few" | "Other" | "Senior"
            )
    };
    let named_after = words[head + 1..]
        .iter()
        .take_while(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "familiar" | "close" | "with" | "who"
            )
        })
        .any(is_name);
    if named_after || (coordinated && words[..head].iter().any(is_name)) {
        return None;
    }
    let word = lower[head].as_str();
    let next = lower.get(head + 1).map(String::as_str);
    let familiar = matches!(
        next,
        Some("familiar" | "close" | "briefed" | "with" | "who")
    );
    match word {
        "people" if !familiar => return None,
        "some" | "many" | "others" if !(familiar || lower.len() == 1) => return None,
        _ => {}
    }
    if VAGUE_GROUPS.contains(&word) {
        Some(Vagueness::Group)
    } else {
        let article = head > 0
            && matches!(lower[head - 1].as_str(), "a" | "an" | "one" | "another")
            || head > 1 && matches!(lower[head - 2].as_str(), "a" | "an" | "one" | "another");
        article.then_some(Vagueness::AnonymousOne)
    }
}

pub fn run(articles: &[Article], samples: usize) {
    let config = Config::default();
    let mut group = Ratio::default();
    let mut one = Ratio::default();
    let mut missed: Vec<String> = Vec::new();
    let mut words = 0usize;
    let mut vague_findings = 0usize;
    let mut statistic_findings = 0usize;
    let mut examples: Vec<String> = Vec::new();
    for article in articles {
        let text = &article.text;
        words += text.split_whitespace().count();
        let analysis = analyze(text, Format::PlainText, &config);
        vague_findings += analysis
            .findings
            .iter()
            .filter(|f| f.code == VAGUE_SOURCE)
            .count();
        statistic_findings += analysis
            .findings
            .iter()
            .filter(|f| f.code == UNSOURCED_STATISTIC)
            .count();
        for attribution in &article.attributions {
            let Some(source_text) = attribution.source_text(text) else {
                continue;
            };
            let Some(kind) = vagueness(&source_text) else {
                continue;
            };
            let spans: Vec<_> = attribution
                .source_fragments()
                .chain(attribution.cue_fragments())
                .cloned()
                .collect();
            let covered = analysis
                .findings
                .iter()
                .any(|f| f.code == VAGUE_SOURCE && spans.iter().any(|s| overlap(&f.range, s) > 0));
            let around = spans.iter().fold(spans[0].clone(), |a, r| {
                a.start.min(r.start)..a.end.max(r.end)
            });
            let line = format!("{}: {}", article.id, excerpt(text, around, 40, 80));
            match kind {
                Vagueness::Group => {
                    group.add(covered);
                    examples.push(line.clone());
                    if !covered {
                        missed.push(line);
                    }
                }
                Vagueness::AnonymousOne => one.add(covered),
            }
        }
    }
    println!("sourcing task");
    println!("  {words} words");
    metric(
        "gold vague-group sources covered by vague-source",
        group,
        Target::AtLeast(0.85),
    );
    metric(
        "gold single anonymous sources covered (secondary)",
        one,
        Target::None,
    );
    let per_k = |n: usize| n as f64 * 1000.0 / words.max(1) as f64;
    println!(
        "  vague-source findings: {vague_findings} ({:.2} per 1,000 words)",
        per_k(vague_findings)
    );
    println!(
        "  unsourced-statistic findings: {statistic_findings} ({:.2} per 1,000 words)",
        per_k(statistic_findings)
    );
    if samples > 0 {
        println!();
        println!(
            "── gold vague-group sources: {} (showing {})",
            examples.len(),
            samples.min(examples.len())
        );
        for item in spread(&examples, samples) {
            println!("  - {item}");
        }
        println!();
        println!(
            "── vague-group sources not covered: {} (showing {})",
            missed.len(),
            samples.min(missed.len())
        );
        for item in spread(&missed, samples) {
            println!("  - {item}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_sources() {
        assert_eq!(vagueness("officials"), Some(Vagueness::Group));
        assert_eq!(vagueness("Iranian officials"), Some(Vagueness::Group));
        assert_eq!(
            vagueness("people familiar with the matter"),
            Some(Vagueness::Group)
        );
        assert_eq!(
            vagueness("a senior official"),
            Some(Vagueness::AnonymousOne)
        );
        assert_eq!(vagueness("the official"), None);
        assert_eq!(vagueness("Okafor"), None);
        assert_eq!(vagueness("many people in the room"), None);
        assert_eq!(vagueness("officials such as Maria Okafor"), None);
        assert_eq!(vagueness("Okafor, others"), None);
        assert_eq!(vagueness("The Republican nominee and his aides"), None);
        assert_eq!(vagueness("some"), Some(Vagueness::Group));
        assert_eq!(vagueness("Black Lawmakers"), None);
    }
}
