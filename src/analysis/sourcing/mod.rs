//! Sourcing: the places where a draft leans on nobody in particular. Two questions an
//! editor asks of every claim — says who, and where does that number come from — are
//! answered here from the masked prose; the rules turn the answers into findings.
//!
//! Everything is pattern work over sentences: news attribution is formulaic enough
//! ("officials said", "according to people familiar with the matter") that a compiled
//! lexicon finds it, and a lexicon is what a newsroom can extend in configuration.

mod figures;
mod vague;
mod vague_lexicon;

pub use figures::{SentenceFigures, figures, figures_with};

use vague::is_headline_like;
pub use vague::{SentenceSources, attribution_point, vague_sources, vague_sources_with};
pub use vague_lexicon::{Lexicon, lexicon};

use std::ops::Range;

use super::memo;
use super::prose::{Block, BlockKind};
use super::sentences::Sentence;

/// What kind of nobody a vague attribution leans on; decides the fixes on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VagueKind {
    /// Unnamed people who could be named or granted anonymity ("officials said").
    Anonymous,
    /// A crowd or unnamed reports ("some say", "many fear", "according to reports").
    Collective,
    /// An impersonal passive ("it is believed", "it was reported").
    Passive,
    /// A hedge with no source at all ("reportedly", "is said to have").
    Hedge,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VagueSource {
    /// The whole attribution phrase ("Iranian officials say").
    pub range: Range<usize>,
    /// The words standing for the source ("Iranian officials", "people familiar with
    /// the matter", "media reports"), if any.
    pub source: Option<Range<usize>>,
    pub kind: VagueKind,
    /// The sentence that holds it.
    pub sentence: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    Percentage,
    Money,
    Casualties,
    Ranking,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The figure phrase ("14 percent", "$30 million", "at least 40 people").
    pub range: Range<usize>,
    pub kind: FigureKind,
    pub sentence: usize,
    /// An attribution stands in its sentence or a neighbouring one in the paragraph.
    pub sourced: bool,
}

/// Each sentence's memo key for the sentence-level passes (figures, vague sources):
/// its text and what those passes read around it — whether it is a heading, where the
/// quotations in it stand — packed as `[heading, start, end, start, end, …]` (offsets
/// from the sentence's start). Made once for both passes, from the sentences' text
/// prints made once for the analysis.
pub struct SentenceKeys {
    /// Every sentence's packed facts, one after another; sentence `i`'s are
    /// `facts[starts[i]..starts[i + 1]]`.
    facts: Vec<u32>,
    starts: Vec<usize>,
    keys: Vec<memo::Key>,
}

impl SentenceKeys {
    /// `prints[i]` is sentence `i`'s text print ([`memo::TextPrint`]).
    pub fn new(
        blocks: &[Block],
        sentences: &[Sentence],
        quoted: &[Range<usize>],
        prints: &[memo::TextPrint],
    ) -> SentenceKeys {
        let mut facts = Vec::with_capacity(sentences.len() * 2);
        let mut starts = Vec::with_capacity(sentences.len() + 1);
        let mut keys = Vec::with_capacity(sentences.len());
        // Sentences and quotations are both in order: one pass over each.
        let mut first = 0;
        for (sentence, print) in sentences.iter().zip(prints) {
            let start = facts.len();
            starts.push(start);
            let heading = blocks[sentence.block].kind == BlockKind::Heading;
            facts.push(u32::from(heading));
            while first < quoted.len() && quoted[first].end <= sentence.range.start {
                first += 1;
            }
            for q in quoted[first..]
                .iter()
                .take_while(|q| q.start < sentence.range.end)
            {
                let clipped = q.start.max(sentence.range.start)..q.end.min(sentence.range.end);
                let relative = memo::relative(&clipped, sentence.range.start);
                facts.extend([relative.start, relative.end]);
            }
            // A sentence of prose with no quotation in it (facts `[0]`, most of a
            // draft's) is keyed by its text alone, not hashed again.
            let own = &facts[start..];
            keys.push(print.key(if own == [0] { &[] } else { own }));
        }
        starts.push(facts.len());
        SentenceKeys {
            facts,
            starts,
            keys,
        }
    }

    /// For the one-shot passes ([`figures`], [`vague_sources`]).
    fn from_text(
        masked: &str,
        blocks: &[Block],
        sentences: &[Sentence],
        quoted: &[Range<usize>],
    ) -> SentenceKeys {
        let prints = super::sentences::prints(masked, sentences);
        SentenceKeys::new(blocks, sentences, quoted, &prints)
    }

    /// Sentence `i`'s facts unpacked: heading or not, and the quotations.
    fn facts(&self, i: usize) -> (bool, Vec<Range<u32>>) {
        let key = &self.facts[self.starts[i]..self.starts[i + 1]];
        let quotes = key[1..].chunks(2).map(|q| q[0]..q[1]).collect();
        (key[0] == 1, quotes)
    }
}

/// Whether `offset` falls in one of `quoted`, which are in order and do not overlap:
/// a binary search, not a scan of every quotation for every phrase or figure.
fn in_any<T: Ord + Copy>(quoted: &[Range<T>], offset: T) -> bool {
    let at = quoted.partition_point(|q| q.end <= offset);
    quoted.get(at).is_some_and(|q| q.contains(&offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};
    use crate::analysis::sentences::split;
    use crate::config::PhraseEdits;

    #[test]
    fn headline_like_copy_is_most_longer_words_capitalised() {
        // What the one-pass count must agree with: the longer words, and of those the
        // ones whose first letter is a capital.
        let by_list = |text: &str| {
            let words: Vec<&str> = text
                .split_whitespace()
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 3)
                .collect();
            let capitalised = words
                .iter()
                .filter(|w| {
                    w.chars()
                        .find(|c| c.is_alphabetic())
                        .is_some_and(char::is_uppercase)
                })
                .count();
            words.len() >= 3 && capitalised * 10 >= words.len() * 8
        };
        for (text, headline) in [
            ("Only 24 Percent of Donors Are Small.", true),
            ("Talks Resume in Geneva as Iran Weighs Offer", true),
            ("Officials said the talks would resume on Monday.", false),
            ("“Ölpreis Steigt Wieder,” the Paper Said", true),
            ("Über Zürich und Genève, 3 Länder", true),
            ("über Zürich und genève, drei länder", false),
            ("A B C", false),
            ("Four Long Words here", false),
            ("Four Long Words Here", true),
            ("(Élysée) 'Palais' Brûlé Émile", true),
            ("", false),
        ] {
            assert_eq!(is_headline_like(text), headline, "{text}");
            assert_eq!(is_headline_like(text), by_list(text), "{text}");
        }
    }

    fn vague_with(text: &str, edits: &PhraseEdits) -> Vec<String> {
        let prose = extract(text, Format::PlainText);
        let sentences = split(&prose.masked, &prose.blocks);
        vague_sources(&prose.masked, &prose.blocks, &sentences, &[], edits)
            .iter()
            .map(|v| text[v.range.clone()].to_string())
            .collect()
    }

    fn vague(text: &str) -> Vec<String> {
        vague_with(text, &PhraseEdits::default())
    }

    fn unsourced(text: &str) -> Vec<String> {
        let prose = extract(text, Format::PlainText);
        let sentences = split(&prose.masked, &prose.blocks);
        figures(&prose.masked, &prose.blocks, &sentences, &[])
            .iter()
            .filter(|f| !f.sourced)
            .map(|f| text[f.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn group_sources_before_and_after_the_verb() {
        assert_eq!(
            vague("Iranian officials say talks are possible.\n"),
            ["Iranian officials say"]
        );
        assert_eq!(
            vague("The talks stalled, people familiar with the matter said.\n"),
            ["people familiar with the matter said"]
        );
        assert_eq!(
            vague("The deal is close, said a senior official.\n"),
            ["said a senior official"]
        );
        assert_eq!(
            vague("The plan failed, according to two diplomats.\n"),
            ["according to two diplomats"]
        );
        assert_eq!(
            vague("Critics of the plan have long argued it is unfair.\n"),
            ["Critics of the plan have long argued"]
        );
    }

    #[test]
    fn impersonal_and_crowd_phrases() {
        assert_eq!(
            vague("It is believed that the minister resigned.\n"),
            ["It is believed"]
        );
        assert_eq!(vague("He reportedly fled.\n"), ["reportedly"]);
        assert_eq!(
            vague("The ship sank, according to media reports.\n"),
            ["according to media reports"]
        );
        assert_eq!(vague("Some say the port will close.\n"), ["Some say"]);
        assert_eq!(
            vague("Many civilians across Iran fear another war.\n"),
            ["Many civilians across Iran fear"]
        );
    }

    #[test]
    fn named_explained_and_anaphoric_sources_pass() {
        assert!(vague("Iranian officials, including Foreign Minister Abbas Araghchi, say talks are possible.\n").is_empty());
        assert!(vague("Officials at the Port Authority, including director Ana Ruiz, said the port would open.\n").is_empty());
        assert!(vague("Two officials said the talks had stalled. They spoke on condition of anonymity because they were not authorized to discuss them.\n").is_empty());
        assert!(vague("Ruiz and other officials said the port would open.\n").is_empty());
        assert!(vague("The officials said the port would open.\n").is_empty());
        assert!(vague("Iranian authorities have discussed preparedness.\n").is_empty());
        assert!(vague("The president said officials would meet.\n").is_empty());
    }

    #[test]
    fn configuration_adds_and_removes_phrases() {
        let edits = PhraseEdits {
            add: vec!["palace insiders".into(), "watchers".into()],
            remove: vec!["reportedly".into(), "analysts".into()],
        };
        let text = "Watchers say the vote is close. He reportedly fled. Analysts say no.\n";
        assert_eq!(vague_with(text, &edits), ["Watchers say"]);
        assert_eq!(vague(text), ["reportedly", "Analysts say"]);
    }

    #[test]
    fn figures_that_need_a_source() {
        assert_eq!(
            unsourced("Unemployment rose to 14 percent last year.\n"),
            ["14 percent"]
        );
        assert_eq!(
            unsourced("The port lost $30 million in March.\n"),
            ["$30 million"]
        );
        assert_eq!(
            unsourced("At least 40 people were killed in the blast.\n"),
            ["At least 40 people"]
        );
        assert_eq!(
            unsourced("The storm left thousands of residents homeless.\n"),
            ["thousands of residents"]
        );
        assert_eq!(
            unsourced("It is the third-largest port in Europe.\n"),
            ["third-largest"]
        );
    }

    #[test]
    fn figures_that_do_not() {
        assert!(unsourced("Unemployment rose to 14 percent, the ministry said.\n").is_empty());
        assert!(
            unsourced("A survey by Gallup was published on Monday. It found 52% approve.\n")
                .is_empty()
        );
        assert!(unsourced("The 45-year-old was arrested at 3 p.m. on May 5, 2024.\n").is_empty());
        assert!(unsourced("Two ships waited while three reporters watched.\n").is_empty());
        assert!(unsourced("Valport won 3-1 on Saturday at 12 Harbor Road.\n").is_empty());
        assert!(unsourced("In 2019 protesters were arrested at the port.\n").is_empty());
    }

    #[test]
    fn polls_examples_thresholds_and_records() {
        let poll = "A Gallup poll was published on Monday.\n\nMost voters backed the plan.\n\nAmong Republicans, 27 percent agreed.\n\nAmong Democrats, 61 percent did.\n";
        assert!(unsourced(poll).is_empty());
        let broken = "A Gallup poll was published on Monday. The mayor said she was pleased.\n\nThe port reopened on Tuesday.\n\nUnemployment is 9 percent.\n";
        assert_eq!(unsourced(broken), ["9 percent"]);
        assert!(unsourced("For every $10,000 you borrow, you repay more.\n").is_empty());
        assert!(unsourced("I had to pay a $30,000 fine.\n").is_empty());
        assert_eq!(
            unsourced("Her $530,000 haul came with help from Sen. Bernie Sanders (I-Vt.).\n"),
            ["$530,000"]
        );
        assert!(unsourced("Most donors gave $200 or less.\n").is_empty());
        assert!(unsourced("Few members spend the recommended 2 percent on defense.\n").is_empty());
        assert!(unsourced("Cheney received about 40 percent of the vote.\n").is_empty());
        assert!(unsourced("Exxon's stock fell $1.25, or 1.4 percent, to $88.95.\n").is_empty());
        assert!(unsourced(".box { width:100%; }\n").is_empty());
    }
}
