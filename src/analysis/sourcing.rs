//! Sourcing: the places where a draft leans on nobody in particular. Two questions an
//! editor asks of every claim — says who, and where does that number come from — are
//! answered here from the masked prose; the rules turn the answers into findings.
//!
//! Everything is pattern work over sentences: news attribution is formulaic enough
//! ("officials said", "according to people familiar with the matter") that a compiled
//! lexicon finds it, and a lexicon is what a newsroom can extend in configuration.

use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use super::lexicon::SPEECH_VERBS;
use super::prose::{Block, BlockKind};
use super::sentences::Sentence;
use crate::config::PhraseEdits;

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

// ── the lexicon ─────────────────────────────────────────────────────────────────────

/// People who speak without a name when the reporter lets them.
const SOURCE_NOUNS: &[&str] = &[
    "officials",
    "sources",
    "pollsters",
    "experts",
    "analysts",
    "critics",
    "observers",
    "diplomats",
    "aides",
    "insiders",
    "advisers",
    "advisors",
    "strategists",
    "authorities",
    "commentators",
    "pundits",
    "skeptics",
    "sceptics",
    "detractors",
    "economists",
    "scientists",
    "staffers",
    "operatives",
    "observers",
    "people familiar",
    "people close",
    "people briefed",
    "people with knowledge",
    "people with direct knowledge",
    "people knowledgeable",
    "persons familiar",
    "those familiar",
    "those close",
];

/// One unnamed person ("a senior official", "one source").
const SINGLE_NOUNS: &[&str] = &[
    "official",
    "source",
    "diplomat",
    "aide",
    "adviser",
    "advisor",
    "insider",
    "strategist",
    "staffer",
    "operative",
    "analyst",
    "expert",
    "person familiar",
    "person close",
    "person briefed",
    "person with knowledge",
    "person with direct knowledge",
    "someone familiar",
    "someone close",
];

/// Lower-case words that may stand before a source noun in one phrase.
const MODIFIERS: &str = r"some|many|several|other|others|few|most|multiple|numerous|various|two|three|four|five|six|seven|eight|nine|ten|dozens|\d+|senior|top|high-ranking|high-level|mid-level|junior|former|current|serving|unnamed|anonymous|unidentified|independent|outside|knowledgeable|informed|government|administration|military|intelligence|security|defense|defence|police|party|campaign|health|industry|legal|election|state|federal|local|regional|city|county|foreign|western|diplomatic|congressional|trade|financial|market|political|medical|public|energy|oil|climate|law|enforcement|justice|white|house|u\.s\.|us|uk|eu|un|american|iranian|israeli|european|arab|russian|chinese";

/// Verbs by which a source speaks, thinks or claims, in the forms news uses.
const VERBS: &str = r"say|says|said|saying|tell|tells|told|believe|believes|believed|fear|fears|feared|argue|argues|argued|note|notes|noted|warn|warns|warned|suggest|suggests|suggested|claim|claims|claimed|contend|contends|contended|insist|insists|insisted|estimate|estimates|estimated|expect|expects|expected|predict|predicts|predicted|describe|describes|described|acknowledge|acknowledges|acknowledged|concede|concedes|conceded|confirm|confirms|confirmed|worry|worries|worried|think|thinks|thought|speculate|speculates|speculated|caution|cautions|cautioned|indicate|indicates|indicated|point\s+out|points\s+out|pointed\s+out|agree|agrees|agreed|doubt|doubts|doubted|maintain|maintains|maintained|question|questioned|charge|charged|complain|complained|allege|alleges|alleged|report|reported|add|added|explain|explained|stress|stressed|urge|urged|announce|announced|deny|denies|denied|reckon|reckons|assess|assessed|countered|disputed|call|calls|called|weigh\s+in|weighs\s+in|weighed\s+in|praise|praised|criticize|criticized|criticise|criticised|condemn|condemned|blame|blamed|welcome|welcomed|arguing|warning|noting|suggesting|predicting|insisting|cautioning|hope|hopes|hoped|see|sees|saw|expecting|consider|considers|considering|emphasize|emphasized|emphasise|emphasised|concur|concurred|disagree|disagreed|defend|defended|cite|cited|accuse|accused|compare|compared|liken|likened|attribute|attributed|portray|portrayed|characterize|characterized|view|viewed|express|expressed|discount|discounted|downplay|downplayed|dismiss|dismissed|reject|rejected|rebuke|rebuked|affirm|affirmed|forecast|prefer|preferred|want|wants|wanted|recall|recalled|interpret|interpreted|point\s+to|pointed\s+to|made\s+clear|make\s+clear|underscore|underscored|conclude|concluded|detail|detailed|decline|declined|rail|railed|denounce|denounced|balk|balked|spoke|sounded|signal|signaled|signalled|hint|hinted|lament|lamented|acknowledge|concede|counter|respond|responded|reply|replied|recommend|recommended|advise|advised|testify|testified|dub|dubbed|label|labeled|labelled|(?:are|were|is|was|remain|remained|seem|seemed)\s+(?:\p{Ll}+ly\s+)?(?:confident|concerned|worried|skeptical|sceptical|convinced|optimistic|pessimistic|hopeful|divided|unsure|uncertain|not\s+sure|wary|reluctant|expecting|considering|weighing|discussing|debating|predicting|warning|bracing|urging|cautious|adamant|alarmed|unanimous|split|angered|angry|thrilled|frustrated|exuberant|shocked|optimistic|saying|reviewing|investigating|not\s+convinced)";

/// Opinion verbs for crowds ("many fear"); fewer than for sources, since "some
/// ships expected" is not an attribution.
const CROWD_VERBS: &str = r"say|says|said|believe|believed|fear|feared|argue|argued|worry|worried|think|thought|suggest|suggested|contend|contended|claim|claimed|insist|insisted|predict|predicted|warn|warned|suspect|suspected|doubt|doubted|wonder|wondered|complain|complained|question|questioned|note|noted|point\s+out|pointed\s+out|view|views|viewed|see|saw|feel|felt|prefer|hope|hoped|call|called|interpret|interpreted|speculate|speculated|accuse|accused|recall|point\s+to|criticize|criticized|praise|praised|urge|urged|predict|expect|expected|agree|agreed|disagree|disagreed|blame|blamed|describe|described|dismiss|dismissed|(?:are|were)\s+(?:\p{Ll}+ly\s+)?(?:saying|arguing|wondering|asking|calling|questioning|criticizing|warning|predicting|worried|concerned|skeptical|convinced)";

/// Words between a subject and its verb that keep the subject ("have long argued").
const AUX: &str = r"(?:(?:have|has|had|also|long|privately|publicly|widely|now|still|generally|often|increasingly|repeatedly|would|will|may|might|could|quickly|reportedly|later|earlier|previously|already|separately|recently|have\s+been|had\s+been|even|further|however|too|\p{Ll}+ly)\s+){0,3}";

/// What follows a source noun without ending it ("familiar with the talks", "in Tehran").
const POSTMODIFIER: &str = r"(?:\s+(?:familiar\s+with|close\s+to|briefed\s+on|involved\s+in|with\s+(?:direct\s+)?knowledge\s+of|knowledgeable\s+about|privy\s+to|who\s+(?:have|had)\s+(?:seen|read|reviewed)|in|at|from|for|with|of|on|to|across|inside|within|around)\s+[^,.;:!?“”\x22\n]{1,60}?)?";

/// An aside between the source and its verb (", including Minister X,").
const ASIDE: &str = r"(?P<aside>\s*,[^,.;:!?“”\x22\n]{1,90},)?";

fn alternation(words: &[String]) -> String {
    let mut sorted: Vec<&String> = words.iter().collect();
    // Longest first, so "people familiar" wins over a shorter alternative.
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    sorted
        .iter()
        .map(|w| {
            w.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The compiled patterns. Each has a `phrase` group (the finding's range) and, where it
/// names a stand-in for the source, a `src` group.
pub struct Lexicon {
    /// "officials said", "Iranian officials, who …, say", "a senior official said".
    subject: Regex,
    /// ", said a senior official", "according to officials".
    inverted: Regex,
    /// "some say", "many in the party fear".
    crowd: Regex,
    removed: Vec<String>,
}

impl Lexicon {
    fn new(edits: &PhraseEdits) -> Lexicon {
        let removed: Vec<String> = edits.remove.iter().map(|p| normalise(p)).collect();
        let mut nouns: Vec<String> = SOURCE_NOUNS.iter().map(|s| s.to_string()).collect();
        nouns.extend(edits.add.iter().map(|p| normalise(p)));
        nouns.retain(|n| !n.is_empty() && !removed.contains(n));
        let plural = alternation(&nouns);
        let single = alternation(
            &SINGLE_NOUNS
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        let modifiers = format!(r"(?:(?:(?-i:[A-Z][\p{{L}}.’'&-]*)|{MODIFIERS})\s+){{0,4}}");
        let article = r"(?:a|an|one|another)\s+";
        let one_of = r"one\s+of\s+(?:his|her|their|its|the)\s+";
        let head = format!(
            r"(?:{modifiers}(?:{plural})|{article}{modifiers}(?:{single})|{one_of}{modifiers}(?:{plural})){POSTMODIFIER}"
        );
        let noun_phrase = format!(r"(?P<src>{head})");
        // After a cue the phrase cannot start early, so any describing words may lead
        // ("according to show insiders").
        let cued_phrase = format!(r"(?P<src>(?:[\p{{Ll}}-]+\s+){{0,2}}?{head})");
        let cued_phrase_2 = cued_phrase.replace("?P<src>", "?P<src2>");
        let subject =
            format!(r"(?i)(?-u:\b)(?P<phrase>{noun_phrase}{ASIDE}\s+{AUX}(?:{VERBS}))(?-u:\b)");
        // An inverted verb takes its subject at the end of a clause (", said a senior
        // official."), never an object ("X, a senator, said officials were…").
        let inverted = format!(
            r"(?i)(?:[,“”\x22—–]\s*(?P<verb>said|says|say|added|noted|warned|argued|wrote|explained|claimed|insisted|cautioned|stressed)\s+(?P<phrase_np>{cued_phrase})(?:\s*(?:[.,;:!?—–)”\x22]|$)|\s+who(?-u:\b)))|(?-u:\b)(?P<according>according\s+to)\s+(?P<according_np>{cued_phrase_2})"
        );
        let crowd = format!(
            r"(?i)(?-u:\b)(?P<phrase>(?P<src>(?:some|many|most|few|others)(?:\s+(?-i:[A-Z][\p{{L}}’'-]+s)|\s+[\p{{Ll}}’'-]+s)?(?:\s+(?:in|across|on|at|within|inside|around|among|of)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?[\p{{L}}’'-]+)?)(?:\s*,\s*(?:however|though|meanwhile|too|in\s+turn)\s*,)?\s+(?:(?:have|had|also|still|now|would|may|might|\p{{Ll}}+ly)\s+){{0,2}}(?:{CROWD_VERBS}))(?-u:\b)"
        );
        Lexicon {
            subject: Regex::new(&subject).expect("subject pattern compiles"),
            inverted: Regex::new(&inverted).expect("inverted pattern compiles"),
            crowd: Regex::new(&crowd).expect("crowd pattern compiles"),
            removed,
        }
    }
}

static IMPERSONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?P<passive>it\s+(?:is|was|has\s+been|had\s+been)\s+(?:widely\s+|generally\s+|now\s+|also\s+|commonly\s+)?
            (?:reported|believed|understood|thought|said|alleged|feared|claimed|rumou?red|(?:expected|estimated)\s+that))(?-u:\b)
        | (?-u:\b)(?P<hedge>reportedly|(?:is|are|was|were)\s+(?:widely\s+|generally\s+)?(?:said|believed|thought|reported|rumou?red|understood|alleged)\s+to\s+(?:be|have))(?-u:\b)
        | (?-u:\b)(?P<reports>according\s+to\s+(?P<rsrc>(?:(?:media|news|press|local|unconfirmed|some|several|multiple|recent|published|initial|early|state|various|other)\s+){0,2}reports))(?-u:\b)
        | (?-u:\b)(?P<say>(?P<ssrc>(?:(?:media|news|press|unconfirmed|local)\s+)?reports)\s+(?:say|said|suggest|suggested|indicate|indicated|claim|claimed))(?-u:\b)
        | (?-u:\b)(?P<there>there\s+(?:are|were|have\s+been)\s+(?:(?:unconfirmed|media|some|widespread)\s+)?reports)(?-u:\b)",
    )
    .expect("impersonal pattern compiles")
});

static DEFAULT_LEXICON: LazyLock<Arc<Lexicon>> =
    LazyLock::new(|| Arc::new(Lexicon::new(&PhraseEdits::default())));

/// The last lexicon built for a configuration: drafts are re-read on every keystroke.
static CUSTOM_LEXICON: Mutex<Option<(PhraseEdits, Arc<Lexicon>)>> = Mutex::new(None);

/// The built-in lexicon with the configuration's additions and removals, compiled once
/// per distinct configuration.
pub fn lexicon(edits: &PhraseEdits) -> Arc<Lexicon> {
    if edits.add.is_empty() && edits.remove.is_empty() {
        return DEFAULT_LEXICON.clone();
    }
    let mut cache = CUSTOM_LEXICON.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((cached, lexicon)) = cache.as_ref()
        && cached == edits
    {
        return lexicon.clone();
    }
    let built = Arc::new(Lexicon::new(edits));
    *cache = Some((edits.clone(), built.clone()));
    built
}

fn normalise(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

// ── vague sources ───────────────────────────────────────────────────────────────────

/// An anonymous source the draft explains ("who spoke on condition of anonymity
/// because…", "not authorized to speak publicly", "asked not to be named").
static ANONYMITY_EXPLAINED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)anonymity|anonymously|not\s+(?:be\s+)?(?:authori[sz]ed|permitted|allowed|cleared)\s+to\s+(?:speak|discuss|comment|talk|be\s+(?:named|identified|quoted))|(?:asked|requested|declined|insisted)\s+(?:on\s+)?(?:not\s+)?(?:to\s+)?(?:be\s+)?(?:named|identified)|(?:on|under)\s+(?:the\s+)?condition\s+(?:of|that)|on\s+background|(?:would|could|can)\s+not\s+be\s+(?:named|identified)|without\s+being\s+(?:named|identified)",
    )
    .expect("anonymity pattern compiles")
});

/// An aside that names the group ("including Foreign Minister Abbas Araghchi").
static NAMING_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:including|such\s+as|among\s+them|led\s+by|like|notably|chief\s+among\s+them)\s+(?:[\p{Ll}-]+\s+){0,3}\p{Lu}")
        .expect("naming pattern compiles")
});

/// "Polls showed that few Americans thought…": the crowd is what the evidence found.
static EVIDENCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:polls?|surveys?|stud(?:y|ies)|data|research)(?-u:\b)[^.;]*(?-u:\b)(?:show|shows|showed|shown|find|finds|found|suggest|suggests|suggested)(?-u:\b)")
        .expect("evidence pattern compiles")
});

/// Determiners that point back to a source already introduced (and flagged there).
const DEFINITE: &[&str] = &["the", "these", "those", "such", "both"];

/// Capitalised words that open a sentence rather than modify a noun.
const NOT_MODIFIERS: &[&str] = &[
    "but",
    "and",
    "or",
    "so",
    "yet",
    "still",
    "now",
    "then",
    "in",
    "on",
    "at",
    "by",
    "for",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "although",
    "though",
    "however",
    "meanwhile",
    "today",
    "yesterday",
    "also",
    "even",
    "only",
    "with",
    "from",
    "to",
    "of",
    "that",
    "this",
    "there",
    "here",
    "because",
    "until",
    "during",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "earlier",
    "later",
    "instead",
    "indeed",
];

/// Every vague attribution in the prose, outside quotations and headings, minus those
/// whose anonymity is explained nearby or whose group is named.
pub fn vague_sources(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quoted: &[Range<usize>],
    edits: &PhraseEdits,
) -> Vec<VagueSource> {
    let lexicon = lexicon(edits);
    let mut found = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        if blocks[sentence.block].kind == BlockKind::Heading
            || is_headline_like(&masked[sentence.range.clone()])
        {
            continue;
        }
        let mut here = in_sentence(&lexicon, masked, sentence.range.clone());
        here.retain(|v| !quoted.iter().any(|q| q.contains(&v.range.start)));
        here.retain(|v| !is_removed(&lexicon, &masked[v.range.clone()]));
        if here.iter().any(|v| v.kind == VagueKind::Anonymous)
            && explained_nearby(masked, sentences, index)
        {
            here.retain(|v| v.kind != VagueKind::Anonymous);
        }
        found.extend(here.into_iter().map(|v| VagueSource {
            sentence: index,
            ..v
        }));
    }
    found
}

fn is_removed(lexicon: &Lexicon, phrase: &str) -> bool {
    let phrase = format!(" {} ", normalise(phrase));
    lexicon
        .removed
        .iter()
        .any(|r| phrase.contains(&format!(" {r} ")))
}

fn explained_nearby(masked: &str, sentences: &[Sentence], index: usize) -> bool {
    let block = sentences[index].block;
    let first = index.saturating_sub(1);
    let last = (index + 1).min(sentences.len() - 1);
    (first..=last)
        .filter(|&i| sentences[i].block == block)
        .any(|i| ANONYMITY_EXPLAINED.is_match(&masked[sentences[i].range.clone()]))
}

/// The vague attributions in one sentence, earliest first, overlaps resolved to the
/// earliest and then the longest.
fn in_sentence(lexicon: &Lexicon, masked: &str, range: Range<usize>) -> Vec<VagueSource> {
    let text = &masked[range.clone()];
    let base = range.start;
    let mut found = Vec::new();
    found.extend(subjects(lexicon, text, base));
    found.extend(inverted(lexicon, text, base));
    found.extend(crowds(lexicon, text, base));
    found.extend(impersonal(text, base));
    found.sort_by_key(|v| (v.range.start, std::cmp::Reverse(v.range.end)));
    let mut kept: Vec<VagueSource> = Vec::new();
    for v in found {
        if kept.last().is_some_and(|k| k.range.end > v.range.start) {
            continue;
        }
        kept.push(v);
    }
    kept
}

fn subjects(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.subject.captures_iter(text) {
        let (Some(phrase), Some(src)) = (caps.name("phrase"), caps.name("src")) else {
            continue;
        };
        if caps
            .name("aside")
            .is_some_and(|a| NAMING_ASIDE.is_match(a.as_str()))
        {
            continue;
        }
        let Some(start) = trimmed_start(text, src.start(), src.end()) else {
            continue;
        };
        if joined_to_a_name(text, start) {
            continue;
        }
        found.push(VagueSource {
            range: base + start..base + phrase.end(),
            source: Some(base + start..base + src.end()),
            kind: VagueKind::Anonymous,
            sentence: 0,
        });
    }
    found
}

fn inverted(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.inverted.captures_iter(text) {
        let np = caps.name("phrase_np").or_else(|| caps.name("according_np"));
        let src = caps.name("src").or_else(|| caps.name("src2"));
        let (Some(np), Some(src)) = (np, src) else {
            continue;
        };
        let Some(cue) = caps.name("verb").or_else(|| caps.name("according")) else {
            continue;
        };
        let Some(start) = trimmed_start(text, src.start(), src.end()) else {
            continue;
        };
        // The source ends at its noun phrase; "and Minister X" after it names someone.
        if text[np.end()..].trim_start().starts_with("and ")
            && text[np.end()..]
                .trim_start()
                .trim_start_matches("and ")
                .starts_with(char::is_uppercase)
        {
            continue;
        }
        found.push(VagueSource {
            range: base + cue.start()..base + np.end(),
            source: Some(base + start..base + src.end()),
            kind: VagueKind::Anonymous,
            sentence: 0,
        });
    }
    found
}

fn crowds(lexicon: &Lexicon, text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in lexicon.crowd.captures_iter(text) {
        let (Some(phrase), Some(src)) = (caps.name("phrase"), caps.name("src")) else {
            continue;
        };
        // "for some, said" / "the many said": a crowd needs to be the subject.
        let before = last_word(&text[..phrase.start()]).to_lowercase();
        if DEFINITE.contains(&before.as_str())
            || matches!(before.as_str(), "for" | "to" | "of" | "and" | "than")
            || EVIDENCE_BEFORE.is_match(&text[..phrase.start()])
        {
            continue;
        }
        found.push(VagueSource {
            range: base + phrase.start()..base + phrase.end(),
            source: Some(base + src.start()..base + src.end()),
            kind: VagueKind::Collective,
            sentence: 0,
        });
    }
    found
}

fn impersonal(text: &str, base: usize) -> Vec<VagueSource> {
    let mut found = Vec::new();
    for caps in IMPERSONAL.captures_iter(text) {
        let at = |m: regex::Match| base + m.start()..base + m.end();
        let found_one = if let Some(m) = caps.name("passive") {
            (at(m), None, VagueKind::Passive)
        } else if let Some(m) = caps.name("hedge") {
            (at(m), None, VagueKind::Hedge)
        } else if let (Some(m), Some(s)) = (caps.name("reports"), caps.name("rsrc")) {
            (at(m), Some(at(s)), VagueKind::Collective)
        } else if let (Some(m), Some(s)) = (caps.name("say"), caps.name("ssrc")) {
            (at(m), Some(at(s)), VagueKind::Collective)
        } else if let Some(m) = caps.name("there") {
            (at(m), None, VagueKind::Collective)
        } else {
            continue;
        };
        let (range, source, kind) = found_one;
        found.push(VagueSource {
            range,
            source,
            kind,
            sentence: 0,
        });
    }
    found
}

/// Where a source noun phrase really starts: sentence-opening words and a name joined
/// by "and" are dropped; None when a determiner points back to a source introduced
/// earlier ("the officials said").
fn trimmed_start(text: &str, start: usize, end: usize) -> Option<usize> {
    let mut at = start;
    for word in text[start..end].split_inclusive(char::is_whitespace) {
        let bare = word.trim().to_lowercase();
        if NOT_MODIFIERS.contains(&bare.as_str()) {
            at += word.len();
            continue;
        }
        break;
    }
    let before = last_word(&text[..at]).to_lowercase();
    let first = text[at..end]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase();
    if DEFINITE.contains(&before.as_str()) || DEFINITE.contains(&first.as_str()) {
        return None;
    }
    Some(at)
}

/// "Ruiz and other officials said", "Cruz and his aides said": the group comes with a
/// named member.
fn joined_to_a_name(text: &str, start: usize) -> bool {
    let mut before = text[..start].trim_end();
    // "Cruz and his aides said"
    for possessive in ["his", "her", "their", "its"] {
        if let Some(rest) = before.strip_suffix(possessive) {
            before = rest.trim_end();
            break;
        }
    }
    let Some(rest) = before.strip_suffix("and") else {
        return false;
    };
    last_word(rest).starts_with(char::is_uppercase)
}

fn last_word(text: &str) -> &str {
    text.trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

/// Where ", according to TK" goes in a sentence: before its final period, question or
/// exclamation mark, or at its end when it has none. None when it ends in a quotation
/// mark: the attribution then belongs beside the claim, not after someone's words.
pub fn attribution_point(masked: &str, sentence: Range<usize>) -> Option<usize> {
    let text = masked[sentence.clone()].trim_end();
    let end = sentence.start + text.len();
    match text.chars().last() {
        Some('.' | '!' | '?') => Some(end - 1),
        Some('”' | '"' | '’' | '\'' | ')') => None,
        _ => Some(end),
    }
}

/// A headline the plain-text reader took for a sentence ("Only 24 Percent of Donors
/// Are Small."): most of its longer words capitalised.
fn is_headline_like(text: &str) -> bool {
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
}

// ── figures ─────────────────────────────────────────────────────────────────────────

const NUMBER_WORDS: &str = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one\s+hundred";

/// A count: digits ("40", "1,200", "2.5 million") or words ("dozens of", "tens of
/// thousands of").
const COUNT: &str = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand|hundred))?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:one|two|three|four|five|six|seven|eight|nine)|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\s+hundred|one\s+hundred)(?:\s+(?:million|thousand|hundred))?|(?:dozens|scores|hundreds|thousands|millions|tens\s+of\s+thousands|hundreds\s+of\s+thousands)\s+of";

const QUALIFIER: &str = r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|an\s+estimated|roughly|approximately|fewer\s+than|as\s+many\s+as|close\s+to|another|a\s+further)\s+)?";

const PEOPLE: &str = r"people|persons|civilians|protesters|protestors|demonstrators|soldiers|troops|children|residents|migrants|refugees|workers|students|patients|men|women|officers|police\s+officers|militants|fighters|rebels|prisoners|detainees|journalists|villagers|passengers|employees|voters|members|supporters|activists|citizens|inmates|victims|individuals|adults|teenagers|infants|babies|miners|farmers|pilgrims|tourists|families|households|jobs";

const HARMED: &str = r"killed|dead|died|die|dying|wounded|injured|hurt|arrested|detained|displaced|missing|affected|evacuated|executed|infected|hospitali[sz]ed|rescued|jailed|imprisoned|abducted|kidnapped|laid\s+off|fled|homeless|deported|sentenced|sickened|drowned|stranded|trapped|lost|cut|eliminated|unemployed|uninsured|disappeared|massacred";

static FIGURES: LazyLock<Regex> = LazyLock::new(|| {
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
    Regex::new(&pattern).expect("figure pattern compiles")
});

/// Words that attribute a figure: a speaker, a publication, a body of data.
static FIGURE_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
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
    let mut found = Vec::new();
    let mut polls = PollRun::default();
    for (index, sentence) in sentences.iter().enumerate() {
        let text = &masked[sentence.range.clone()];
        let prose = blocks[sentence.block].kind != BlockKind::Heading && !is_headline_like(text);
        let here = if prose {
            figures_in(masked, sentences, index, quoted)
        } else {
            Vec::new()
        };
        let percentages = here.iter().any(|f| f.kind == FigureKind::Percentage);
        let polled = polls.step(text, percentages) || poll_follows(masked, sentences, index);
        if here.is_empty() {
            continue;
        }
        let sourced = sourced_nearby(masked, sentences, index);
        found.extend(here.into_iter().map(|f| {
            let sourced = sourced || (polled && f.kind == FigureKind::Percentage);
            Figure { sourced, ..f }
        }));
    }
    found
}

fn figures_in(
    masked: &str,
    sentences: &[Sentence],
    index: usize,
    quoted: &[Range<usize>],
) -> Vec<Figure> {
    let range = sentences[index].range.clone();
    let base = range.start;
    let text = &masked[range.clone()];
    if text.contains(['{', '}']) {
        // Style sheets and scripts pasted into the copy ("width:100%;"): not prose.
        return Vec::new();
    }
    let own = unquoted(text, base, quoted);
    let example = HYPOTHETICAL.is_match(&own)
        || FIRST_PERSON.is_match(&own)
        || addresses_the_reader(masked, sentences, index, quoted)
        || MARKET.is_match(&own) && MARKET_MOVE.is_match(&own);
    let mut here = Vec::new();
    for caps in FIGURES.captures_iter(text) {
        let Some((m, kind)) = figure_of(&caps) else {
            continue;
        };
        let range = base + m.start()..base + m.end();
        let sum_or_rate = matches!(kind, FigureKind::Money | FigureKind::Percentage);
        if (sum_or_rate && (example || is_threshold(&text[..m.start()], &text[m.end()..])))
            || (kind == FigureKind::Percentage && VOTE_SHARE.is_match(&text[m.end()..]))
            || is_year_count(&caps, m.as_str())
            || quoted.iter().any(|q| q.contains(&range.start))
        {
            continue;
        }
        here.push(Figure {
            range,
            kind,
            sentence: index,
            sourced: false,
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
    text.char_indices()
        .map(|(i, c)| {
            if here.iter().any(|q| q.contains(&(base + i))) {
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
static HYPOTHETICAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:would|could|might|should|must|if|will|need|needs|propose[sd]?|proposals?|plan|program|programme|bill|law|rule|bylaws|requires?|required|allows?|designed|imagine|suppose|let\s+alone|aim\s+for|anyone|for\s+every)(?-u:\b)|\w[’'](?:d|ll)(?-u:\b)")
        .expect("modal pattern compiles")
});

/// "I had to pay a $30,000 fine", "my father spent…": in first-person copy (an essay,
/// a memoir excerpt) the writer is the source of the writer's own sums.
static FIRST_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[\s“\x22(])I(?:\s|[’'](?:m|ve|d|ll)(?-u:\b))|(?i)(?-u:\b)(?:my|me|myself)(?-u:\b)",
    )
    .expect("first-person pattern compiles")
});

/// "You", "your": copy that speaks to the reader (advice, a worked example) uses
/// figures as illustrations, not claims. Read over the paragraph, since the example
/// runs on after the sentence that says "you".
fn addresses_the_reader(
    masked: &str,
    sentences: &[Sentence],
    index: usize,
    quoted: &[Range<usize>],
) -> bool {
    static YOU: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:you|your|yours|yourself)(?-u:\b)").expect("you pattern")
    });
    let block = sentences[index].block;
    let first = index.saturating_sub(1);
    let last = (index + 1).min(sentences.len() - 1);
    (first..=last)
        .filter(|&i| sentences[i].block == block)
        .any(|i| {
            let range = sentences[i].range.clone();
            YOU.is_match(&unquoted(&masked[range.clone()], range.start, quoted))
        })
}

/// "Donors giving $200 or less", "the alliance's recommended 2 percent": a threshold
/// in a definition or a guideline is part of the rule it states, not a finding.
fn is_threshold(before: &str, after: &str) -> bool {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[\s-]*(?:(?:a|an|per)\s+(?:year|month|week|day|hour)\s+)?(?:or|and)\s+(?:less|more|fewer|under|over|below|above|lower|higher|up|greater)(?-u:\b)")
            .expect("threshold pattern")
    });
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:recommended|minimum|maximum|threshold\s+of|cutoff\s+of|cap\s+of|limit\s+of|ceiling\s+of|hurdle\s+of)\s+(?:of\s+)?$")
            .expect("guideline pattern")
    });
    AFTER.is_match(after) || BEFORE.is_match(before)
}

/// "57.5 percent of the vote", "19% of the popular vote": an election's result, a
/// matter of public record.
static VOTE_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s+of\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,2}?(?:vote|votes|ballots)(?-u:\b)|^\s+of\s+(?:the\s+)?(?:\d[\d,]*\s+)?votes\s+cast(?-u:\b)")
        .expect("vote share pattern")
});

/// "Exxon fell $1.25, or 1.4 percent, to $88.95", "the Dow closed down 0.1 percent":
/// the day's market moves are public record, quoted from the exchange's close.
static MARKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:stocks?|shares|share\s+price|index|Dow|Nasdaq|S&P|futures|crude|gold|silver|copper|Treasury|yields?|yen|euro|pound|bond\s+prices)(?-u:\b)")
        .expect("market pattern")
});
static MARKET_MOVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:rose|fell|climbed|dropped|gained|closed|settled?|slipped|jumped|surged|tumbled|plunged|plunge|edged|declined|advanced|crumbled|soared|was\s+(?:up|down))(?-u:\b)")
        .expect("market move pattern")
});

fn figure_of<'t>(caps: &regex::Captures<'t>) -> Option<(regex::Match<'t>, FigureKind)> {
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
fn is_year_count(caps: &regex::Captures, figure: &str) -> bool {
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

static POLL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:poll|polls|polling|pollsters?|survey|surveys|surveyed|study|studies)(?-u:\b)")
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
    fn step(&mut self, text: &str, percentages: bool) -> bool {
        let polled = self.since.is_some_and(|n| n < POLL_REACH) && percentages;
        if POLL.is_match(text) {
            self.since = Some(0);
        } else if has_source(text) && !percentages {
            // Someone else speaks: what follows may be theirs.
            self.since = None;
        } else if let Some(n) = self.since.as_mut() {
            *n = if percentages { 0 } else { *n + 1 };
        }
        polled
    }
}

const POLL_REACH: usize = 4;

/// "No 58%. Yes 33%. Poll of 1,000 likely voters…": a poll named in the next two
/// sentences.
fn poll_follows(masked: &str, sentences: &[Sentence], index: usize) -> bool {
    sentences[index + 1..sentences.len().min(index + 3)]
        .iter()
        .any(|s| POLL.is_match(&masked[s.range.clone()]))
}

/// Evidence words, or any speech verb of the attribution lexicon ("Stumpf explained").
fn has_source(text: &str) -> bool {
    FIGURE_SOURCE.is_match(text)
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| SPEECH_VERBS.contains(&w))
}

/// A source in the figure's sentence, its neighbours in the paragraph, or — for a
/// paragraph's first sentence — the last sentence of the paragraph before, which news
/// copy often ends with "according to a new poll".
fn sourced_nearby(masked: &str, sentences: &[Sentence], index: usize) -> bool {
    let block = sentences[index].block;
    let opens_paragraph = index == 0 || sentences[index - 1].block != block;
    let first = index.saturating_sub(1);
    let last = (index + 1).min(sentences.len() - 1);
    (first..=last)
        .filter(|&i| sentences[i].block == block || (i < index && opens_paragraph))
        .any(|i| has_source(&masked[sentences[i].range.clone()]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};
    use crate::analysis::sentences::split;

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
