//! The analysis core: text + configuration → [`Reading`], what the draft says: its
//! paragraphs, sentences, quotations and speakers, people and entities, spellings,
//! figures and vague sources. Pure: no I/O, no protocol types, no async, and no rules:
//! `crate::check` runs the rules over a reading and makes the [`Analysis`].

pub mod attribution;
pub mod desk;
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
    spellings: entities::SpellingMemos,
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
            spellings: entities::SpellingMemos::new(on),
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
            self.spellings.clear();
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
        self.spellings.finish();
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

/// The passes only some rules need: each runs when a rule that reads it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passes {
    /// Figures and whether a source is in reach (unsourced-statistic).
    pub figures: bool,
    /// Attributions to unnamed sources (vague-source).
    pub vague_sources: bool,
    /// Quotations given twice in other words (quote-mismatch).
    pub rewordings: bool,
}

impl Passes {
    pub const ALL: Passes = Passes {
        figures: true,
        vague_sources: true,
        rewordings: true,
    };

    /// Only the phases every reading has: quotes, speakers, entities.
    pub const NONE: Passes = Passes {
        figures: false,
        vague_sources: false,
        rewordings: false,
    };
}

/// What the phases found in one version of a draft: everything a rule reads. Ranges
/// are byte offsets into the text, end exclusive.
pub struct Reading {
    pub prose: prose::Prose,
    pub sentences: Vec<sentences::Sentence>,
    /// Every quotation mark pairing, nested quotes and unclosed marks included.
    pub scan: quotes::QuoteScan,
    /// The top-level quotations with their speakers.
    pub quotes: Vec<Quote>,
    pub people: People,
    pub entities: Vec<Entity>,
    /// Entities whose name the draft spells more than one way.
    pub spellings: Vec<SpellingGroup>,
    pub figures: Vec<sourcing::Figure>,
    pub vague: Vec<sourcing::VagueSource>,
    pub rewordings: Vec<rewording::Rewording>,
}

impl Reading {
    /// The analysis a front end shows, with the findings the rules made of this reading.
    pub fn into_analysis(self, findings: Vec<Finding>) -> Analysis {
        Analysis {
            blocks: self.prose.blocks,
            sentences: self.sentences,
            quotes: self.quotes,
            people: self.people,
            entities: self.entities,
            findings,
        }
    }
}

/// Reads a draft from scratch.
pub fn read(text: &str, format: Format, config: &Config, passes: Passes) -> Reading {
    read_with(text, format, config, passes, &mut Cache::one_shot())
}

/// Reads a draft, reusing what `cache` remembers from earlier versions of it. The
/// result is the same as [`read`]'s.
pub fn read_with(
    text: &str,
    format: Format,
    config: &Config,
    passes: Passes,
    cache: &mut Cache,
) -> Reading {
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
        spellings: spelling_memos,
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
            &prints,
            &mut entities,
            spelling_memos,
        );
        (quotes, people, entities, spellings)
    };
    let mut sourcing_passes = || {
        let figures = if passes.figures {
            sourcing::figures_with(&prose.masked, &sentences, &sentence_keys, figure_memo)
        } else {
            Vec::new()
        };
        let vague = if passes.vague_sources {
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
    let rewordings = if passes.rewordings {
        rewording::rewordings(text, &quotes, &mut cache.rewordings)
    } else {
        Vec::new()
    };
    cache.finish();
    Reading {
        prose,
        sentences,
        scan,
        quotes,
        people,
        entities: entities.entities,
        spellings,
        figures,
        vague,
        rewordings,
    }
}

/// Each block's text print, for the memos keyed by block.
fn block_prints(masked: &str, blocks: &[Block]) -> Vec<memo::TextPrint> {
    blocks
        .iter()
        .map(|block| memo::TextPrint::of(&masked[block.range.clone()]))
        .collect()
}
