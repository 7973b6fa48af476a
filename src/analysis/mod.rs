//! The analysis core: text + configuration → [`Analysis`]. Pure: no I/O, no protocol
//! types, no async. The server and the CLI are two thin front ends over [`analyze`].

pub mod attribution;
pub mod entities;
pub mod finding;
pub mod gazetteer;
pub mod lexicon;
pub mod memo;
pub mod names;
pub mod pattern;
pub mod prose;
pub mod quotes;
pub mod rewording;
pub mod sentences;
pub mod sourcing;
pub mod spelling;
pub mod suppression;
pub mod tokens;

use std::ops::Range;

pub use attribution::{QuoteKind, Resolution, Speaker};
pub use entities::{Entity, EntityKind, MentionForm, SpellingGroup};
pub use finding::{Edit, Finding, Fix, Related, Severity};
pub use names::People;
pub use prose::{Block, BlockKind, Format};

use crate::config::Config;
use crate::rules;
use memo::Memo;

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The span, marks included.
    pub range: Range<usize>,
    /// The words inside the marks.
    pub content: Range<usize>,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// The speech verb or phrase that attributes it ("said", "according to").
    pub cue: Option<Range<usize>>,
    /// The paragraph that holds it.
    pub block: usize,
    /// It reopens a quotation left open at the end of the previous paragraph.
    pub continues_previous: bool,
}

/// Everything copydesk knows about one version of a draft. Ranges are byte offsets
/// into the analysed text, end exclusive.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub blocks: Vec<Block>,
    pub sentences: Vec<sentences::Sentence>,
    pub quotes: Vec<Quote>,
    /// The people the draft introduces, for resolving surnames and roles.
    pub people: People,
    pub entities: Vec<Entity>,
    pub findings: Vec<Finding>,
}

/// What the analysis of a draft remembers for the next analysis of the same draft: the
/// results of the local computations — a paragraph's sentences and quotation marks, a unit's frame and
/// names, a sentence's places, names, figures and vague sources, which surnames a word
/// varies — keyed by the text they were computed from. See [`memo`].
pub struct Cache {
    /// The configuration the memos were computed under.
    config: Option<Config>,
    prose: Memo<prose::Stretch>,
    sentences: Memo<sentences::ParagraphSentences>,
    quotes: Memo<quotes::BlockQuotes>,
    units: Memo<attribution::UnitFacts>,
    names: Memo<entities::SentenceNames>,
    variants: Memo<Vec<usize>>,
    figures: Memo<sourcing::SentenceFigures>,
    vague: Memo<sourcing::SentenceSources>,
    rewordings: rewording::Memos,
}

impl Cache {
    /// A cache for a draft that will be analysed again (an open document).
    pub fn new() -> Cache {
        Cache::enabled(true)
    }

    /// No memory: for a draft analysed once (the CLI).
    pub fn one_shot() -> Cache {
        Cache::enabled(false)
    }

    fn enabled(on: bool) -> Cache {
        Cache {
            config: None,
            prose: Memo::new(on),
            sentences: Memo::new(on),
            quotes: Memo::new(on),
            units: Memo::new(on),
            names: Memo::new(on),
            variants: Memo::new(on),
            figures: Memo::new(on),
            vague: Memo::new(on),
            rewordings: rewording::Memos::new(on),
        }
    }

    /// Forgets everything computed under another configuration.
    fn prepare(&mut self, config: &Config) {
        if self.config.as_ref() != Some(config) {
            self.sentences.clear();
            self.quotes.clear();
            self.units.clear();
            self.names.clear();
            self.variants.clear();
            self.figures.clear();
            self.vague.clear();
            self.rewordings.clear();
            self.config = Some(config.clone());
        }
    }

    fn finish(&mut self) {
        self.prose.finish();
        self.sentences.finish();
        self.quotes.finish();
        self.units.finish();
        self.names.finish();
        self.variants.finish();
        self.figures.finish();
        self.vague.finish();
        self.rewordings.finish();
    }
}

impl Default for Cache {
    fn default() -> Cache {
        Cache::new()
    }
}

/// Analyses a draft from scratch.
pub fn analyze(text: &str, format: Format, config: &Config) -> Analysis {
    analyze_with(text, format, config, &mut Cache::one_shot())
}

/// Analyses a draft, reusing what `cache` remembers from earlier versions of it. The
/// result is the same as [`analyze`]'s.
pub fn analyze_with(text: &str, format: Format, config: &Config, cache: &mut Cache) -> Analysis {
    cache.prepare(config);
    let prose = prose::extract_with(text, format, &mut cache.prose);
    // Two memos are keyed by block and three by sentence: each text is hashed once for
    // all of them, and a paragraph read before gives its sentences' prints unhashed.
    let block_prints = cache
        .sentences
        .is_enabled()
        .then(|| block_prints(&prose.masked, &prose.blocks));
    let sentences::Split { sentences, prints } = sentences::split_with(
        &prose.masked,
        &prose.blocks,
        block_prints.as_deref(),
        &mut cache.sentences,
    );
    let scan = quotes::scan_with(
        &prose.masked,
        &prose.blocks,
        block_prints.as_deref(),
        &mut cache.quotes,
    );
    let grouped = attribution::Units::group(&prose.masked, &sentences, &scan.quotes);
    let quoted = grouped.quoted(&scan.quotes);
    let sentence_keys = sourcing::SentenceKeys::new(&prose.blocks, &sentences, &quoted, &prints);
    let Cache {
        units,
        names,
        variants,
        figures: figure_memo,
        vague: vague_memo,
        ..
    } = cache;
    let speakers_and_entities = || {
        let attribution::Attributions {
            quotes: attributed,
            people,
            ..
        } = attribution::attribute_with(
            &prose.masked,
            &prose.blocks,
            &sentences,
            &prints,
            &scan.quotes,
            grouped,
            &config.speech_verbs,
            units,
        );
        // Moved, not copied: each speaker's name is a string, and a long draft has a
        // thousand quotations to place on every keystroke.
        let quotes: Vec<Quote> = attributed
            .into_iter()
            .map(|a| {
                let span = &scan.quotes[a.span];
                Quote {
                    range: span.range.clone(),
                    content: span.content.clone(),
                    kind: a.kind,
                    speaker: a.speaker,
                    cue: a.cue,
                    block: span.block,
                    continues_previous: span.continues_previous,
                }
            })
            .collect();
        let mut entities = entities::find_with(
            &prose.masked,
            &prose.blocks,
            &sentences,
            &quotes,
            &people,
            config,
            &prints,
            names,
        );
        let spellings = entities::spelling_groups_with(
            text,
            &prose.masked,
            &sentences,
            &mut entities,
            variants,
        );
        (quotes, people, entities, spellings)
    };
    let mut sourcing_passes = || {
        let figures = if rules::is_on(config, "unsourced-statistic") {
            sourcing::figures_with(&prose.masked, &sentences, &sentence_keys, figure_memo)
        } else {
            Vec::new()
        };
        let vague = if rules::is_on(config, "vague-source") {
            sourcing::vague_sources_with(
                &prose.masked,
                &sentences,
                &sentence_keys,
                &config.vague_sources,
                vague_memo,
            )
        } else {
            Vec::new()
        };
        (figures, vague)
    };
    // A draft just opened (or a long paste): the sourcing passes need only the
    // sentences and where the quotations stand, and run beside attribution.
    let ((quotes, people, entities, spellings), (figures, vague)) =
        if cache.sentences.computed_last() >= memo::PARALLEL_FROM {
            memo::join(speakers_and_entities, sourcing_passes)
        } else {
            (speakers_and_entities(), sourcing_passes())
        };
    debug_assert!(quoted.iter().eq(quotes.iter().map(|q| &q.range)));
    let rewordings = if rules::is_on(config, "quote-mismatch") {
        rewording::rewordings(text, &quotes, &mut cache.rewordings)
    } else {
        Vec::new()
    };
    let mut findings = rules::run_all(&rules::Context {
        text,
        prose: &prose,
        sentences: &sentences,
        entities: &entities.entities,
        spellings: &spellings,
        scan: &scan,
        quotes: &quotes,
        people: &people,
        figures: &figures,
        vague: &vague,
        rewordings: &rewordings,
        config,
    });
    suppression::apply(text, format, &mut findings);
    cache.finish();
    Analysis {
        blocks: prose.blocks,
        sentences,
        quotes,
        people,
        entities: entities.entities,
        findings,
    }
}

/// Each block's text print, for the memos keyed by block.
fn block_prints(masked: &str, blocks: &[Block]) -> Vec<memo::TextPrint> {
    blocks
        .iter()
        .map(|block| memo::TextPrint::of(&masked[block.range.clone()]))
        .collect()
}

/// 1-based line and character column of a byte offset, for people and the CLI.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line_start = before.rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    let line = 1 + count_line_ends(before);
    (line, before[line_start..].chars().count() + 1)
}

fn count_line_ends(text: &str) -> usize {
    let bytes = text.as_bytes();
    // Plain byte counts vectorise; only text with carriage returns needs the slow walk.
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    if !bytes.contains(&b'\r') {
        return newlines;
    }
    let lone_returns = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    newlines + lone_returns
}

/// The largest char boundary at or before `offset`, clamped to the text.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_and_all_line_ends() {
        let text = "a\r\nb💡c\rd\ne";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        let c = text.find('c').unwrap();
        assert_eq!(line_column(text, c), (2, 3));
        assert_eq!(line_column(text, text.find('d').unwrap()), (3, 1));
        assert_eq!(line_column(text, text.len()), (4, 2));
    }

    #[test]
    fn analysis_reports_unbalanced_quote_in_prose_only() {
        let text = "# Draft\n\n“We will stay, she said.\n\n```\n“code is not prose\n```\n";
        let analysis = analyze(text, Format::Markdown, &Config::default());
        let unbalanced: Vec<&Finding> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "unbalanced-quote")
            .collect();
        assert_eq!(unbalanced.len(), 1);
        assert_eq!(unbalanced[0].range.start, text.find('“').unwrap());
    }
}
