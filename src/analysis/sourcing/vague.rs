//! Vague sources: "officials said", "it is believed", "reportedly".

use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex};

use regex::Regex;

use super::{VagueKind, VagueSource};
use crate::analysis::memo::Memo;
use crate::analysis::prose::Block;
use crate::analysis::sentences::Sentence;
use crate::config::PhraseEdits;

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
    vague_sources_with(
        masked,
        blocks,
        sentences,
        quoted,
        edits,
        &mut Memo::new(false),
    )
}

/// What one sentence says for the vague-source pass, from its words and the quotations
/// in it alone.
pub struct SentenceSources {
    /// Vague attributions outside quotations, relative to the sentence.
    found: Vec<VagueSource>,
    /// Explains why a source is anonymous ("who spoke on condition of anonymity").
    explains_anonymity: bool,
}

/// [`vague_sources`], what each sentence says remembered by its text and quotations.
/// The memo must be cleared when `edits` change.
pub fn vague_sources_with(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quoted: &[Range<usize>],
    edits: &PhraseEdits,
    memo: &mut Memo<SentenceSources>,
) -> Vec<VagueSource> {
    let lexicon = lexicon(edits);
    let pieces = super::sentence_pieces(masked, blocks, sentences, quoted);
    let facts = memo.get_all(&pieces, |i| {
        let (heading, quotes) = super::piece_facts(&pieces[i].1);
        sentence_sources(&lexicon, pieces[i].0, heading, &quotes)
    });
    let mut found = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let mut here = facts[index].found.clone();
        if here.iter().any(|v| v.kind == VagueKind::Anonymous) {
            let neighbours = index.saturating_sub(1)..=(index + 1).min(sentences.len() - 1);
            let explained = neighbours
                .filter(|&i| sentences[i].block == sentence.block)
                .any(|i| facts[i].explains_anonymity);
            if explained {
                here.retain(|v| v.kind != VagueKind::Anonymous);
            }
        }
        let base = sentence.range.start;
        found.extend(here.into_iter().map(|v| VagueSource {
            range: base + v.range.start..base + v.range.end,
            source: v.source.map(|s| base + s.start..base + s.end),
            kind: v.kind,
            sentence: index,
        }));
    }
    found
}

fn sentence_sources(
    lexicon: &Lexicon,
    text: &str,
    heading: bool,
    quoted: &[Range<u32>],
) -> SentenceSources {
    let explains_anonymity = ANONYMITY_EXPLAINED.is_match(text);
    if heading || is_headline_like(text) {
        return SentenceSources {
            found: Vec::new(),
            explains_anonymity,
        };
    }
    let mut found = in_sentence(lexicon, text, 0..text.len());
    found.retain(|v| !quoted.iter().any(|q| q.contains(&(v.range.start as u32))));
    found.retain(|v| !is_removed(lexicon, &text[v.range.clone()]));
    SentenceSources {
        found,
        explains_anonymity,
    }
}

fn is_removed(lexicon: &Lexicon, phrase: &str) -> bool {
    let phrase = format!(" {} ", normalise(phrase));
    lexicon
        .removed
        .iter()
        .any(|r| phrase.contains(&format!(" {r} ")))
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
pub(super) fn is_headline_like(text: &str) -> bool {
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
