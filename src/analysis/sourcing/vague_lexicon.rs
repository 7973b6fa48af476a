//! The vague-source lexicon: who speaks without a name ("officials", "people familiar
//! with the matter"), the words that may stand before them, the verbs by which they
//! speak, compiled into the patterns `vague.rs` searches with, once per configuration.

use std::sync::{Arc, LazyLock, Mutex};

use crate::analysis::pattern::Pattern;

use crate::config::PhraseEdits;

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
    pub(super) subject: Pattern,
    /// ", said a senior official", "according to officials".
    pub(super) inverted: Pattern,
    /// "some say", "many in the party fear".
    pub(super) crowd: Pattern,
    pub(super) removed: Vec<String>,
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
        // Any run of modifiers, not a bounded one: a bound is compiled once per count,
        // and this group, with its letter class, was most of the patterns' memory. A
        // long run is read whole, so the word before it ("the …") still counts.
        let modifiers = format!(r"(?:(?:(?-i:[A-Z][\p{{L}}.’'&-]*)|{MODIFIERS})\s+)*");
        let article = r"(?:a|an|one|another)\s+";
        let one_of = r"one\s+of\s+(?:his|her|their|its|the)\s+";
        // "one of the …" is optional before the plural form, not a form of its own:
        // one copy of the modifiers fewer.
        let head = format!(
            r"(?:(?:{one_of})?{modifiers}(?:{plural})|{article}{modifiers}(?:{single})){POSTMODIFIER}"
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
            subject: Pattern::new(&subject).expect("subject pattern compiles"),
            inverted: Pattern::new(&inverted).expect("inverted pattern compiles"),
            crowd: Pattern::new(&crowd).expect("crowd pattern compiles"),
            removed,
        }
    }
}

pub(super) static IMPERSONAL: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(
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

pub(super) fn normalise(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
