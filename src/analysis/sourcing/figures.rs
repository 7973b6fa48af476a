//! Figures that need a source: percentages, sums, tolls, rankings.

use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::pattern::{Found, Group, Pattern};

use super::{Figure, FigureKind, SentenceKeys, is_headline_like};
use crate::analysis::lexicon::SPEECH_VERBS;
use crate::analysis::memo::{self, Memo};
use crate::analysis::prose::Block;
use crate::analysis::sentences::Sentence;

// ── figures ─────────────────────────────────────────────────────────────────────────

const NUMBER_WORDS: &str = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one\s+hundred";

/// A count: digits ("40", "1,200", "2.5 million") or words ("dozens of", "tens of
/// thousands of").
const COUNT: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand|hundred))?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one\s+hundred)(?:\s+(?:million|thousand|hundred))?|(?:dozens|scores|hundreds|thousands|millions|tens\s+of\s+thousands|hundreds\s+of\s+thousands)\s+of";

const QUALIFIER: &str = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|an\s+estimated|roughly|approximately|fewer\s+than|as\s+many\s+as|close\s+to|another|a\s+further)\s+)?";

const PEOPLE: &str = r"people|persons|civilians|protesters|protestors|demonstrators|soldiers|troops|children|residents|migrants|refugees|workers|students|patients|men|women|officers|police\s+officers|militants|fighters|rebels|prisoners|detainees|journalists|villagers|passengers|employees|voters|members|supporters|activists|citizens|inmates|victims|individuals|adults|teenagers|infants|babies|miners|farmers|pilgrims|tourists|families|households|jobs";

const HARMED: &str = r"killed|dead|died|die|dying|wounded|injured|hurt|arrested|detained|displaced|missing|affected|evacuated|executed|infected|hospitali[sz]ed|rescued|jailed|imprisoned|abducted|kidnapped|laid\s+off|fled|homeless|deported|sentenced|sickened|drowned|stranded|trapped|lost|cut|eliminated|unemployed|uninsured|disappeared|massacred";

static FIGURES: LazyLock<Pattern> = LazyLock::new(|| {
    let pattern = format!(
        r"(?ix)
        (?P<percent>(?-u:\b)(?:\d+(?:[.,]\d+)?|(?:{NUMBER_WORDS})(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)\s*(?:%|percent(?-u:\b)|per\s+cent(?-u:\b)|percentage\s+points?(?-u:\b)))
        | (?P<ratio>(?-u:\b)(?:one|two|three|four|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:{PEOPLE}|americans|voters|adults))
        | (?P<money>(?:(?-u:\b)(?:US|A|C|NZ|HK)\$|[$€£¥₹])\s?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:[\s-]?(?:million|billion|trillion|bn|mn|m|b|k)(?-u:\b))?
            | (?-u:\b)(?:\d[\d,]*(?:\.\d+)?\s*(?:million|billion|trillion)?|(?:{NUMBER_WORDS}|several|hundreds\s+of|tens\s+of|billions\s+of|millions\s+of)\s+(?:million|billion|trillion)?)\s*(?:dollars|euros|pounds\s+sterling|yen|yuan|rupees|roubles|rubles|riyals|rials|lira|liras|francs|pesos)(?-u:\b))
        | (?P<people>(?-u:\b){QUALIFIER}(?:{COUNT})\s+(?:[\p{{L}}-]+\s+){{0,2}}?(?:{PEOPLE})(?-u:\b))(?P<harm>[^.;:!?“”\x22]{{0,40}}?(?-u:\b)(?:{HARMED})(?-u:\b))
        | (?:(?-u:\b)(?:killing|killed|injuring|injured|wounding|wounded|leaving|left|displacing|displaced|arresting|arrested|detaining|detained|evacuating|evacuated|executing|executed)\s+)(?P<victims>{QUALIFIER}(?:{COUNT})\s+(?:[\p{{L}}-]+\s+){{0,2}}?(?:{PEOPLE})(?-u:\b))
        | (?P<toll>(?-u:\b){QUALIFIER}(?:{COUNT})\s+(?:deaths|casualties|fatalities|arrests|injuries|dead|killed|wounded|injured))(?-u:\b)
        | (?:(?-u:\b)(?:death|casualty)\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|past|above)\s+)(?P<tollnum>{QUALIFIER}(?:{COUNT}))
        | (?P<rank>(?-u:\b)(?:ranked|ranks|ranking|rated|placed)\s+(?:No\.\s*)?\d+(?:st|nd|rd|th)?(?-u:\b)
            | (?-u:\b)(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))[-\s](?:largest|biggest|highest|lowest|most|least|poorest|richest|busiest|fastest|slowest|deadliest|worst|best|oldest|smallest|wealthiest|populous|-most)(?-u:\b))"
    );
    Pattern::new(&pattern).expect("figure pattern compiles")
});

/// Words that attribute a figure: a speaker, a publication, a body of data.
static FIGURE_SOURCE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?-u:\b)according\s+to(?-u:\b)|(?-u:\b)(?:said|say|says|saying|told|tells|tell|reported|reports?|reporting|estimated|estimates?|estimating|announced|announcement|showed|shows?|showing|found|finds|data|figures|statistics|stats|survey(?:s|ed)?|polls?|polling|study|studies|census|records|tally|tallied|counted|cited|citing|quoted|published|released|calculated|projected|forecasts?|compiled|analysis|audit|budget|filings?|documents?|stated|noted|wrote|writes|testified|confirmed|claimed|claims|put\s+the|puts\s+the)(?-u:\b)",
    )
    .expect("figure source pattern compiles")
});

/// Every figure that needs a source, outside headings and quotations (the speaker is
/// the source there), with whether one is in reach.
pub fn figures(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quoted: &[Range<usize>],
) -> Vec<Figure> {
    let keys = SentenceKeys::from_text(masked, blocks, sentences, quoted);
    figures_with(masked, sentences, &keys, &mut Memo::new(false))
}

/// This many sums and rates in one sentence make a table or a list of results.
const TABLE_FIGURES: usize = 4;

/// What one sentence says for the figures pass, read from its words and the
/// quotations in it alone; the passage around it decides the rest.
pub struct SentenceFigures {
    /// Figures outside quotations that are not a year, a vote share or the like.
    candidates: Vec<Candidate>,
    /// A plan, a hypothetical, first-person copy, a market report or a sum of record.
    own_example: bool,
    /// Speaks to the reader ("you"), outside quotations.
    you: bool,
    /// Names a poll or a study.
    poll: bool,
    has_source: bool,
}

struct Candidate {
    range: Range<u32>,
    kind: FigureKind,
    /// A sum or a rate: an example's or a threshold's figure is not a claim.
    sum_or_rate: bool,
    threshold: bool,
}

/// [`figures`], what each sentence says remembered by its text and quotations.
pub fn figures_with(
    masked: &str,
    sentences: &[Sentence],
    keys: &SentenceKeys,
    memo: &mut Memo<SentenceFigures>,
) -> Vec<Figure> {
    let facts = memo.get_keyed(&keys.keys, |i| {
        let (heading, quotes) = keys.facts(i);
        sentence_figures(&masked[sentences[i].range.clone()], heading, &quotes)
    });
    let same_paragraph = |i: usize, j: usize| sentences[i].block == sentences[j].block;
    let mut found = Vec::new();
    let mut polls = PollRun::default();
    for (index, sentence) in sentences.iter().enumerate() {
        let own = &facts[index];
        let neighbours = index.saturating_sub(1)..=(index + 1).min(sentences.len() - 1);
        // "You" is read over the paragraph: the example runs on after the sentence.
        let example = own.own_example
            || neighbours
                .clone()
                .any(|i| same_paragraph(i, index) && facts[i].you);
        // A run of figures is a table or a list of results, whose source line sits
        // above or below it, not beside each figure.
        let table = own.candidates.len() >= TABLE_FIGURES;
        let here: Vec<Figure> = own
            .candidates
            .iter()
            .filter(|c| !(c.sum_or_rate && (example || c.threshold || table)))
            .map(|c| Figure {
                range: memo::absolute(&c.range, sentence.range.start),
                kind: c.kind,
                sentence: index,
                sourced: false,
            })
            .collect();
        let percentages = here.iter().any(|f| f.kind == FigureKind::Percentage);
        let poll_follows = facts[index + 1..sentences.len().min(index + 3)]
            .iter()
            .any(|f| f.poll);
        let polled = polls.step(own.poll, own.has_source, percentages) || poll_follows;
        if here.is_empty() {
            continue;
        }
        // A source in the sentence, its neighbours in the paragraph, or — for a
        // paragraph's first sentence — the last sentence of the paragraph before,
        // which news copy often ends with "according to a new poll".
        let opens_paragraph = index == 0 || !same_paragraph(index - 1, index);
        let sourced = neighbours
            .filter(|&i| same_paragraph(i, index) || (i < index && opens_paragraph))
            .any(|i| facts[i].has_source);
        found.extend(here.into_iter().map(|f| {
            let sourced = sourced || (polled && f.kind == FigureKind::Percentage);
            Figure { sourced, ..f }
        }));
    }
    found
}

fn sentence_figures(text: &str, heading: bool, quoted: &[Range<u32>]) -> SentenceFigures {
    let quoted: Vec<Range<usize>> = quoted.iter().map(|q| memo::absolute(q, 0)).collect();
    let own = unquoted(text, 0, &quoted);
    let prose = !heading && !is_headline_like(text);
    // Style sheets and scripts pasted into the copy ("width:100%;") are not prose.
    let candidates = if prose && !text.contains(['{', '}']) {
        candidates(text, &quoted)
    } else {
        Vec::new()
    };
    static YOU: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)(?-u:\b)(?:you|your|yours|yourself)(?-u:\b)").expect("you pattern")
    });
    SentenceFigures {
        candidates,
        own_example: HYPOTHETICAL.is_match(&own)
            || FIRST_PERSON.is_match(&own)
            || MARKET.is_match(&own) && MARKET_MOVE.is_match(&own)
            || RECORD.is_match(&own),
        you: YOU.is_match(&own),
        poll: POLL.is_match(text),
        has_source: has_source(text),
    }
}

fn candidates(text: &str, quoted: &[Range<usize>]) -> Vec<Candidate> {
    let mut here = Vec::new();
    for caps in FIGURES.captures_iter(text) {
        let Some((m, kind)) = figure_of(&caps) else {
            continue;
        };
        if (kind == FigureKind::Percentage && VOTE_SHARE.is_match(&text[m.end()..]))
            || is_year_count(&caps, m.as_str())
            || super::in_any(quoted, m.start())
        {
            continue;
        }
        here.push(Candidate {
            range: memo::relative(&m.range(), 0),
            kind,
            sum_or_rate: matches!(kind, FigureKind::Money | FigureKind::Percentage),
            threshold: is_threshold(text, m.start(), &text[m.end()..]),
        });
    }
    here
}

/// The sentence with quotations blanked: the reporter's own words.
fn unquoted(text: &str, base: usize, quoted: &[Range<usize>]) -> String {
    // Only the quotations that touch this sentence: checking every one for every
    // character made long drafts quadratic.
    let end = base + text.len();
    let here: Vec<&Range<usize>> = quoted
        .iter()
        .filter(|q| q.start < end && base < q.end)
        .collect();
    if here.is_empty() {
        return text.to_string();
    }
    // The quotations are in order and do not overlap: one pass over both.
    let mut here = here.into_iter().peekable();
    text.char_indices()
        .map(|(i, c)| {
            while here.next_if(|q| q.end <= base + i).is_some() {}
            if here.peek().is_some_and(|q| q.contains(&(base + i))) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// "She would impose a 4 percent surcharge", "you'd need $115 a month", "the plan
/// cuts emissions 32 percent": the sums and rates of a plan, a rule or an example,
/// whose source is the plan itself, not statistics.
static HYPOTHETICAL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:would|could|might|should|must|if|will|need|needs|propose[sd]?|proposals?|plan|program|programme|bill|law|rule|bylaws|requires?|required|allows?|designed|imagine|suppose|let\s+alone|aim\s+for|anyone|for\s+every)(?-u:\b)|\w[’'](?:d|ll)(?-u:\b)")
        .expect("modal pattern compiles")
});

/// "I had to pay a $30,000 fine", "my father spent…": in first-person copy (an essay,
/// a memoir excerpt) the writer is the source of the writer's own sums.
static FIRST_PERSON: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
        r"(?:^|[\s“\x22(])I(?:\s|[’'](?:m|ve|d|ll)(?-u:\b))|(?i)(?-u:\b)(?:my|me|myself)(?-u:\b)",
    )
    .expect("first-person pattern compiles")
});

/// "Donors giving $200 or less", "the alliance's recommended 2 percent": a threshold
/// in a definition or a guideline is part of the rule it states, not a finding. The
/// figure stands at `at` in `text`.
fn is_threshold(text: &str, at: usize, after: &str) -> bool {
    static AFTER: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)^[\s-]*(?:(?:a|an|per)\s+(?:year|month|week|day|hour)\s+)?(?:or|and)\s+(?:less|more|fewer|under|over|below|above|lower|higher|up|greater)(?-u:\b)")
            .expect("threshold pattern")
    });
    static BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
        Pattern::new(r"(?i)(?-u:\b)(?:recommended|minimum|maximum|threshold\s+of|cutoff\s+of|cap\s+of|limit\s+of|ceiling\s+of|hurdle\s+of)\s+(?:of\s+)?$")
            .expect("guideline pattern")
    });
    AFTER.is_match(after) || BEFORE.is_match(tail(&text[..at]))
}

/// The end of `before` that a phrase ending there can span: its last 256 bytes, with the
/// blanks that end it. Searching from the sentence's start for every figure was
/// quadratic in a sentence of thousands.
fn tail(before: &str) -> &str {
    let from = before.trim_end().len().saturating_sub(256);
    // Back to a blank, so that the window does not start inside a word.
    let from = before[..before.floor_char_boundary(from)]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i);
    &before[from..]
}

/// "57.5 percent of the vote", "19% of the popular vote": an election's result, a
/// matter of public record.
static VOTE_SHARE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)^\s+of\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,2}?(?:vote|votes|ballots)(?-u:\b)|^\s+of\s+(?:the\s+)?(?:\d[\d,]*\s+)?votes\s+cast(?-u:\b)")
        .expect("vote share pattern")
});

/// "Exxon fell $1.25, or 1.4 percent, to $88.95", "the Dow closed down 0.1 percent":
/// the day's market moves are public record, quoted from the exchange's close.
static MARKET: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:stocks?|shares|share\s+price|index|Dow|Nasdaq|S&P|futures|crude|gold|silver|copper|Treasury|yields?|yen|euro|pound|bond\s+prices)(?-u:\b)")
        .expect("market pattern")
});
static MARKET_MOVE: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:rose|fell|climbed|dropped|gained|closed|settled?|slipped|jumped|surged|tumbled|plunged|plunge|edged|declined|advanced|crumbled|soared|was\s+(?:up|down))(?-u:\b)")
        .expect("market move pattern")
});

/// Sums and rates a reporter states from the record, not from a source: prices and
/// fees, a company's reported results and stakes, fines, bail and settlements, budgets,
/// grants and donations, pay and contracts, and results of votes and games. They come
/// from filings, court papers and published accounts the story need not name.
static RECORD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:revenues?|profits?|earnings|net\s+income|operating\s+income|quarter(?:ly)?|fiscal|dividends?|stakes?|valued|valuation|priced|prices?|costs?|costing|sold|bought|purchased|paid|pays|fees?|salar(?:y|ies)|wages?|contracts?|fined?|bail|restitution|settlements?|damages|budgets?|grants?|funding|donat(?:ed|ions?)|raised|spent|spending|loans?|tuition|rent|tickets?|turnout|seats|points|goals|won|beat|defeated|scored|auction(?:ed)?|bid|offer(?:ed)?|acquisition|acquired|merger|deal)(?-u:\b)")
        .expect("record pattern")
});

fn figure_of<'t>(caps: &Found<'t>) -> Option<(Group<'t>, FigureKind)> {
    let groups = [
        ("percent", FigureKind::Percentage),
        ("ratio", FigureKind::Percentage),
        ("money", FigureKind::Money),
        ("people", FigureKind::Casualties),
        ("victims", FigureKind::Casualties),
        ("toll", FigureKind::Casualties),
        ("tollnum", FigureKind::Casualties),
        ("rank", FigureKind::Ranking),
    ];
    groups
        .iter()
        .find_map(|(name, kind)| caps.name(name).map(|m| (m, *kind)))
}

/// "In 2019 protesters were arrested": a year, not a count (counts of thousands are
/// written with a comma).
fn is_year_count(caps: &Found, figure: &str) -> bool {
    let counted = ["people", "victims", "toll", "tollnum"]
        .iter()
        .any(|g| caps.name(g).is_some());
    let first = figure
        .split_whitespace()
        .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or("");
    counted
        && first.len() == 4
        && first.chars().all(|c| c.is_ascii_digit())
        && (1800..=2099).contains(&first.parse::<u32>().unwrap_or(0))
}

static POLL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?i)(?-u:\b)(?:poll|polls|polling|pollsters?|survey|surveys|surveyed|study|studies)(?-u:\b)")
        .expect("poll pattern compiles")
});

/// A poll's results run over several paragraphs after the one that names it: a
/// percentage is read as its result while percentages keep coming (no more than
/// `POLL_REACH` sentences apart) and no other source has spoken since.
#[derive(Default)]
struct PollRun {
    /// Sentences since the poll was named or last quoted from; `None`: no poll open.
    since: Option<usize>,
}

impl PollRun {
    /// Reads one sentence; whether its percentages are the open poll's results.
    fn step(&mut self, poll: bool, has_source: bool, percentages: bool) -> bool {
        let polled = self.since.is_some_and(|n| n < POLL_REACH) && percentages;
        if poll {
            self.since = Some(0);
        } else if has_source && !percentages {
            // Someone else speaks: what follows may be theirs.
            self.since = None;
        } else if let Some(n) = self.since.as_mut() {
            *n = if percentages { 0 } else { *n + 1 };
        }
        polled
    }
}

const POLL_REACH: usize = 4;

/// Evidence words, or any speech verb of the attribution lexicon ("Stumpf explained").
fn has_source(text: &str) -> bool {
    FIGURE_SOURCE.is_match(text)
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SPEECH_VERBS.contains(&w))
}
