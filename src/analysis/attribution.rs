//! Who said each quotation. Sentences are grouped into units (a quotation that spans
//! sentences holds them together); each unit's frame — its words outside quotation
//! marks — is searched for a speech cue and its speaker, in the patterns of news
//! writing. Quotes without a speaker in their unit look to the neighbouring unit, a
//! colon-ended introduction, or the quotation they continue; pronouns and roles resolve
//! to the person most recently named.

use std::ops::Range;

use super::lexicon::{GROUP_NOUNS, PRONOUNS, SKIPPABLE_BEFORE_VERB, SPEECH_VERBS, TITLE_WORDS};
use super::names::{self, NameRun, People};
use super::prose::{Block, BlockKind};
use super::quotes::{QuoteLevel, QuoteSpan};
use super::sentences::Sentence;
use super::tokens::{Token, TokenKind, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A quotation that stands as speech: a sentence of its own, or introduced.
    Speech,
    /// Words quoted inside the reporter's sentence (“fair and equitable” talks).
    Partial,
    /// A title, nickname or scare quote: not speech, never flagged.
    Title,
}

/// How a speaker was found, for hovers and inlay hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Named in the quotation's own sentence.
    SameSentence,
    /// A pronoun in the sentence, resolved to someone named earlier.
    Pronoun { antecedent: Range<usize> },
    /// A role ("the minister") resolved to the person who holds it.
    Role { antecedent: Range<usize> },
    /// The speaker of the sentence before, in the same paragraph.
    PreviousSentence,
    /// The speaker of the sentence after, in the same paragraph.
    NextSentence,
    /// An introduction ending in a colon.
    Colon,
    /// The quotation this one continues (a quote running over paragraphs).
    Continuation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// Where the speaker is named for this quote.
    pub range: Range<usize>,
    /// The person or group it resolves to.
    pub name: String,
    /// True for a person (the name has a surname to use in house style).
    pub person: bool,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Index into the scan's quote spans.
    pub span: usize,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    pub cue: Option<Range<usize>>,
    /// Index of the unit (sentence group) that holds the quotation's start.
    pub unit: usize,
}

/// A group of sentences held together by a quotation.
#[derive(Debug, Clone)]
pub struct Unit {
    pub range: Range<usize>,
    pub block: usize,
}

/// A noun phrase that a cue points to.
#[derive(Debug, Clone)]
enum Phrase {
    Pronoun(Range<usize>, String),
    Name(NameRun),
    Common(Range<usize>, String),
}

impl Phrase {
    fn range(&self) -> Range<usize> {
        match self {
            Phrase::Pronoun(r, _) | Phrase::Common(r, _) => r.clone(),
            Phrase::Name(run) => run.name_range.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct Cue {
    range: Range<usize>,
    /// Index of the cue's first token in the frame.
    at: usize,
    speaker: Option<Phrase>,
}

struct Frame<'a> {
    tokens: Vec<Token<'a>>,
    cues: Vec<Cue>,
}

pub struct Attributions {
    pub quotes: Vec<Attribution>,
    pub units: Vec<Unit>,
    pub people: People,
}

pub fn attribute(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    spans: &[QuoteSpan],
    extra_verbs: &[String],
) -> Attributions {
    let top: Vec<usize> = (0..spans.len()).filter(|&i| spans[i].depth == 0).collect();
    let units = group_units(masked, sentences, spans, &top);
    let frames: Vec<Frame> = units
        .iter()
        .map(|unit| frame(masked, unit, spans, &top, extra_verbs))
        .collect();
    let mut people = People::default();
    let mut all_runs = Vec::new();
    for (unit, frame) in units.iter().zip(&frames) {
        // Names inside quotations count too: an unclosed mark can swallow a sentence.
        for run in names::runs(&tokenize(masked, unit.range.clone())) {
            people.consider(&run, false);
            all_runs.push(run);
        }
        for cue in &frame.cues {
            if let Some(Phrase::Name(run)) = &cue.speaker {
                people.consider(run, true);
            }
        }
    }
    people.infer_from_surnames(&all_runs);
    for frame in &frames {
        for (name, role) in appositions(&frame.tokens) {
            people.consider(&name, true);
            people.set_role(&name.name, &role);
        }
    }
    let resolver = Resolver {
        units: &units,
        frames: &frames,
        people: &people,
    };

    let mut quotes: Vec<Attribution> = Vec::new();
    for &span_index in &top {
        let span = &spans[span_index];
        let Some(unit_index) = units
            .iter()
            .position(|u| u.range.contains(&span.range.start))
        else {
            continue;
        };
        let frame = &frames[unit_index];
        let kind = kind_of(masked, blocks, &units[unit_index], frame, span);
        let mut attribution = Attribution {
            span: span_index,
            kind,
            speaker: None,
            cue: None,
            unit: unit_index,
        };
        if kind != QuoteKind::Title
            && let Some(cue) = nearest_cue(frame, span)
        {
            attribution.cue = Some(cue.range.clone());
            attribution.speaker = cue
                .speaker
                .as_ref()
                .map(|p| resolver.speaker(p, Resolution::SameSentence, unit_index));
        }
        quotes.push(attribution);
    }

    // Quotations with no speaker of their own look around them.
    for _ in 0..2 {
        for i in 0..quotes.len() {
            if quotes[i].speaker.is_some() || quotes[i].kind == QuoteKind::Title {
                continue;
            }
            let found = resolver.speaker_in_context(i, &quotes, spans, blocks, masked);
            quotes[i].speaker = found;
        }
    }
    Attributions {
        quotes,
        units,
        people,
    }
}

fn group_units(
    masked: &str,
    sentences: &[Sentence],
    spans: &[QuoteSpan],
    top: &[usize],
) -> Vec<Unit> {
    let mut units: Vec<Unit> = sentences
        .iter()
        .map(|s| Unit {
            range: s.range.clone(),
            block: s.block,
        })
        .collect();
    // Merge the sentences a quotation spans.
    for &i in top {
        let quote = &spans[i].range;
        let Some(first) = units.iter().position(|u| u.range.end > quote.start) else {
            continue;
        };
        let mut last = first;
        while last + 1 < units.len()
            && units[last + 1].block == units[first].block
            && units[last + 1].range.start < quote.end
        {
            last += 1;
        }
        if last > first {
            let end = units[last].range.end;
            units[first].range.end = end;
            units.drain(first + 1..=last);
        }
    }
    // A sign-off after a quotation ("― Jacklyn Ashley") belongs to it.
    let mut i = 1;
    while i < units.len() {
        let signs_off = units[i].block == units[i - 1].block
            && masked[units[i].range.clone()]
                .trim_start()
                .starts_with(['―', '—', '–']);
        if signs_off {
            units[i - 1].range.end = units[i].range.end;
            units.remove(i);
        } else {
            i += 1;
        }
    }
    units
}

fn frame<'a>(
    masked: &'a str,
    unit: &Unit,
    spans: &[QuoteSpan],
    top: &[usize],
    extra_verbs: &[String],
) -> Frame<'a> {
    let inside: Vec<&Range<usize>> = top
        .iter()
        .map(|&i| &spans[i].range)
        .filter(|r| r.start < unit.range.end && unit.range.start < r.end)
        .collect();
    let mut tokens: Vec<Token<'a>> = tokenize(masked, unit.range.clone())
        .into_iter()
        .filter(|t| !inside.iter().any(|r| r.contains(&t.range.start)))
        .collect();
    for quote in &inside {
        let at = tokens.partition_point(|t| t.range.start < quote.start);
        tokens.insert(
            at,
            Token {
                kind: TokenKind::Quote,
                range: (*quote).clone(),
                text: "",
            },
        );
    }
    let mut cues = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !token.is_word() {
            continue;
        }
        let according = token.text.eq_ignore_ascii_case("according")
            && tokens.get(i + 1).is_some_and(|t| t.text == "to");
        // "Said Ellis: …" opens a sentence with the verb.
        let lowered = (i == 0 && matches!(token.text, "Said" | "Says" | "Added" | "Asked"))
            .then(|| token.lower());
        let verb = lowered.as_deref().unwrap_or(token.text);
        let is_verb = verb.chars().all(|c| c.is_lowercase())
            && (SPEECH_VERBS.contains(&verb) || extra_verbs.iter().any(|v| v == verb));
        if according {
            cues.push(Cue {
                range: token.range.start..tokens[i + 1].range.end,
                at: i,
                speaker: phrase_after(&tokens, i + 2),
            });
        } else if is_verb {
            let speaker = participle_subject(&tokens, i)
                .or_else(|| phrase_before(&tokens, i))
                .or_else(|| inverted_speaker(&tokens, i))
                .or_else(|| clause_subject(&tokens, i));
            cues.push(Cue {
                range: token.range.clone(),
                at: i,
                speaker,
            });
        }
    }
    // "Clinton: “…”": a transcript names its speaker before a colon.
    if tokens.get(1).is_some_and(|t| t.text == ":")
        && tokens.get(2).is_some_and(|t| t.kind == TokenKind::Quote)
        && let Some(run) = names::run_around(&tokens, 0).filter(|r| r.tokens == (0..1))
    {
        cues.push(Cue {
            range: tokens[1].range.clone(),
            at: 1,
            speaker: Some(Phrase::Name(run)),
        });
    }
    // "“…” ― Jacklyn Ashley": a dash after a quotation signs it.
    for (i, token) in tokens.iter().enumerate() {
        let signed = token.kind == TokenKind::Quote
            && tokens
                .get(i + 1)
                .is_some_and(|t| matches!(t.text, "―" | "—" | "–"))
            && tokens.get(i + 2).is_some_and(Token::is_capitalised);
        if signed && let Some(speaker) = phrase_after(&tokens, i + 2) {
            cues.push(Cue {
                range: tokens[i + 1].range.clone(),
                at: i + 1,
                speaker: Some(speaker),
            });
        }
    }
    Frame { tokens, cues }
}

/// "the mayor, Ana Ruiz," and "Marta Okonkwo, president of the union,": a name and
/// the role an apposition gives it.
fn appositions(tokens: &[Token]) -> Vec<(NameRun, String)> {
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.text != "," {
            continue;
        }
        let Some(close) = tokens[i + 1..]
            .iter()
            .position(|t| t.text == "," || t.kind != TokenKind::Word && t.text != "-")
            .map(|p| p + i + 1)
        else {
            continue;
        };
        if tokens[close].text != "," || close - i < 2 || close - i > 7 {
            continue;
        }
        let inner = &tokens[i + 1..close];
        // the role before, the name inside
        if let Some(run) = names::run_around(tokens, i + 1).filter(|r| r.tokens == (i + 1..close))
            && i >= 2
            && tokens[i - 2].lower() == "the"
            && TITLE_WORDS.contains(&tokens[i - 1].text)
        {
            found.push((run, tokens[i - 1].text.to_string()));
            continue;
        }
        // the name before, the role inside
        if i > 0
            && let Some(run) = names::run_around(tokens, i - 1)
                .filter(|r| r.tokens.end == i && r.word_count() >= 2)
            && let Some(role) = inner.iter().find(|t| TITLE_WORDS.contains(&t.text))
        {
            found.push((run, role.text.to_string()));
        }
    }
    found
}

fn is_pronoun(token: &Token) -> bool {
    PRONOUNS.contains(&token.lower().as_str())
}

fn is_adverb(token: &Token) -> bool {
    let t = token.text;
    t.len() > 4 && t.ends_with("ly") && t.chars().all(|c| c.is_lowercase())
}

/// Words that open a noun phrase ("the letter reads", "a spokeswoman said").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "one",
];

const CLAUSE_WORDS: &[&str] = &[
    "that", "and", "but", "which", "who", "when", "while", "as", "because", "if", "after",
    "before", "since", "so", "or", "where", "whether", "than", "to", "not", "it", "is", "was",
];

/// The subject before a speech verb: "Araghchi said", "he also stressed", "Marta
/// Okonkwo, the union's president, said", "a spokeswoman for the ministry said".
fn phrase_before(tokens: &[Token], cue: usize) -> Option<Phrase> {
    let mut i = cue;
    let mut hopped_apposition = false;
    loop {
        i = i.checked_sub(1)?;
        let token = &tokens[i];
        match token.kind {
            TokenKind::Quote => return None,
            // "Rep. Gwen Moore (D-Wis.) said": skip the party and state.
            TokenKind::Punct if token.text == ")" => {
                i = tokens[..i].iter().rposition(|t| t.text == "(")?;
            }
            TokenKind::Punct if token.text == "," && !hopped_apposition => {
                // Skip back over an apposition to the comma that opened it.
                let open = tokens[..i]
                    .iter()
                    .rposition(|t| t.text == "," || t.kind == TokenKind::Quote)?;
                if tokens[open].kind == TokenKind::Quote || open == 0 {
                    return None;
                }
                // "The mayor, Ana Ruiz, said": the apposition is the name.
                if let Some(run) = names::run_around(tokens, i - 1)
                    .filter(|r| r.tokens.start == open + 1 && r.tokens.end == i)
                {
                    return Some(Phrase::Name(run));
                }
                hopped_apposition = true;
                i = open;
            }
            TokenKind::Punct => return None,
            TokenKind::Word => {
                let lower = token.lower();
                if SKIPPABLE_BEFORE_VERB.contains(&lower.as_str()) || is_adverb(token) {
                    continue;
                }
                // "Stevie Wonder, who joked": the name before the relative clause.
                if lower == "who" && i >= 2 && tokens[i - 1].text == "," {
                    return phrase_ending_at(tokens, i - 2);
                }
                return phrase_ending_at(tokens, i);
            }
        }
    }
}

fn phrase_ending_at(tokens: &[Token], i: usize) -> Option<Phrase> {
    let token = &tokens[i];
    if is_pronoun(token) {
        return Some(Phrase::Pronoun(token.range.clone(), token.lower()));
    }
    if token.is_capitalised() {
        let run = names::run_around(tokens, i)?;
        if run.tokens.end != i + 1 {
            return None;
        }
        return Some(Phrase::Name(run));
    }
    // A common noun phrase, back to its determiner or the clause's start.
    let mut start = i;
    while start > 0 && i - start < 6 {
        let previous = &tokens[start - 1];
        if previous.kind != TokenKind::Word
            || CLAUSE_WORDS.contains(&previous.lower().as_str())
            || is_pronoun(previous)
        {
            break;
        }
        start -= 1;
    }
    let words: Vec<&str> = tokens[start..=i].iter().map(|t| t.text).collect();
    let head = names::strip_possessive(token.text).to_lowercase();
    // "the letter", "a spokeswoman": a determiner and at least one noun.
    let determined = start < i && DETERMINERS.contains(&tokens[start].lower().as_str());
    let is_role =
        determined || GROUP_NOUNS.contains(&head.as_str()) || TITLE_WORDS.contains(&head.as_str());
    if !is_role
        && !words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    Some(Phrase::Common(
        tokens[start].range.start..token.range.end,
        words.join(" "),
    ))
}

/// "Trump attacked Clinton …, saying, “…”": a participle speaks for the subject that
/// opens its sentence.
fn participle_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    if !tokens[cue].text.ends_with("ing") {
        return None;
    }
    first_subject(tokens, cue)
}

/// "He thanked the crowd but told his supporters, “…”": a verb whose own subject is out
/// of reach speaks for the first person or pronoun of its sentence, when one comes
/// before it and no quotation stands between.
fn clause_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    if tokens[..cue].iter().any(|t| t.kind == TokenKind::Quote) {
        return None;
    }
    first_subject(tokens, cue)
}

fn first_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    // The first person or pronoun of the sentence, past an opening phrase.
    let before = &tokens[..cue];
    let pronoun = before.iter().position(is_pronoun);
    let run = names::runs(before).into_iter().next();
    match (pronoun, run) {
        (Some(p), Some(r)) if p < r.tokens.start => {
            Some(Phrase::Pronoun(before[p].range.clone(), before[p].lower()))
        }
        (_, Some(r)) => Some(Phrase::Name(r)),
        (Some(p), None) => Some(Phrase::Pronoun(before[p].range.clone(), before[p].lower())),
        (None, None) => None,
    }
}

/// "“…,” said Fidan." / "said the minister": the speaker after an inverted verb.
fn inverted_speaker(tokens: &[Token], cue: usize) -> Option<Phrase> {
    let before = cue.checked_sub(1).map(|i| &tokens[i]);
    let inverted = match before {
        Some(t) => t.kind == TokenKind::Quote || t.text == "," || t.text == ":",
        None => true,
    };
    if !inverted {
        return None;
    }
    phrase_after(tokens, cue + 1)
}

fn phrase_after(tokens: &[Token], start: usize) -> Option<Phrase> {
    let token = tokens.get(start)?;
    if token.kind != TokenKind::Word {
        return None;
    }
    if is_pronoun(token) {
        return Some(Phrase::Pronoun(token.range.clone(), token.lower()));
    }
    if token.is_capitalised() {
        let run = names::run_around(tokens, start)?;
        // "said Port Authority chief executive Daniel Osei": the person, not the employer.
        let mut next = run.tokens.end;
        while next < tokens.len()
            && next - run.tokens.end < 3
            && tokens[next].is_word()
            && TITLE_WORDS.contains(&tokens[next].text)
        {
            next += 1;
        }
        if next > run.tokens.end
            && let Some(person) = names::run_around(tokens, next).filter(|r| r.tokens.start == next)
        {
            return Some(Phrase::Name(person));
        }
        return Some(Phrase::Name(run));
    }
    // "said 9/11 widow Terry Strada": a name a few words on, in the same clause.
    let clause_end = (start..tokens.len().min(start + 6))
        .find(|&i| {
            tokens[i].kind == TokenKind::Quote || matches!(tokens[i].text, "," | "." | ";" | ":")
        })
        .unwrap_or(tokens.len().min(start + 6));
    if let Some(capital) = (start..clause_end).find(|&i| tokens[i].is_capitalised())
        && let Some(run) = names::run_around(tokens, capital).filter(|r| r.tokens.start >= start)
    {
        return Some(Phrase::Name(run));
    }
    let mut end = start;
    while end < tokens.len() && end - start < 8 {
        let t = &tokens[end];
        if t.kind != TokenKind::Word || (end > start && STOP_AFTER.contains(&t.lower().as_str())) {
            break;
        }
        end += 1;
    }
    // "opposition leader Tomas Berg", "the Valport Port Authority": the name.
    if let Some(capital) = (start..end).find(|&i| tokens[i].is_capitalised())
        && let Some(run) = names::run_around(tokens, capital)
    {
        return Some(Phrase::Name(run));
    }
    let words: Vec<&str> = tokens[start..end].iter().map(|t| t.text).collect();
    let head = names::strip_possessive(tokens[end - 1].text).to_lowercase();
    let is_source = DETERMINERS.contains(&token.lower().as_str()) && end - start > 1
        || GROUP_NOUNS.contains(&head.as_str())
        || TITLE_WORDS.contains(&head.as_str());
    if !is_source {
        return None; // "said later", "told me": no one
    }
    let last = tokens[end - 1].range.end;
    Some(Phrase::Common(token.range.start..last, words.join(" ")))
}

const STOP_AFTER: &[&str] = &[
    "who", "in", "on", "at", "during", "when", "while", "after", "before", "that", "as", "to",
    "on", "with", "adding", "but", "and", "because", "which",
];

/// The cue that attributes a quotation: the nearest one with a speaker in the unit.
fn nearest_cue<'f>(frame: &'f Frame, span: &QuoteSpan) -> Option<&'f Cue> {
    let quote_at = frame
        .tokens
        .iter()
        .position(|t| t.kind == TokenKind::Quote && t.range == span.range)?;
    frame
        .cues
        .iter()
        .filter(|c| c.speaker.is_some())
        .min_by_key(|c| c.at.abs_diff(quote_at))
}

const TITLE_INTRODUCERS: &[&str] = &[
    "so-called",
    "dubbed",
    "titled",
    "entitled",
    "nicknamed",
    "term",
    "word",
    "phrase",
    "slogan",
    "hashtag",
    "headline",
    "album",
    "book",
    "film",
    "movie",
    "song",
    "show",
    "series",
    "novel",
    "play",
    "documentary",
    "podcast",
    "program",
    "programme",
    "operation",
    "campaign",
    "known",
];

fn kind_of(
    masked: &str,
    blocks: &[Block],
    unit: &Unit,
    frame: &Frame,
    span: &QuoteSpan,
) -> QuoteKind {
    if blocks[unit.block].kind == BlockKind::Heading || span.level == QuoteLevel::Single {
        return QuoteKind::Title;
    }
    let Some(at) = frame
        .tokens
        .iter()
        .position(|t| t.kind == TokenKind::Quote && t.range == span.range)
    else {
        return QuoteKind::Speech;
    };
    let before = at.checked_sub(1).map(|i| &frame.tokens[i]);
    let introduced = before
        .is_none_or(|t| matches!(t.text, ":" | "," | "—" | "–") || t.kind == TokenKind::Quote);
    let content = &masked[span.content.clone()];
    let words = content.split_whitespace().count();
    // "coined a new phrase, “undocumented Democrats,”": the introducer may sit before a comma.
    let introducer = |t: &Token| TITLE_INTRODUCERS.contains(&t.lower().as_str());
    let after_comma =
        before.is_some_and(|t| t.text == ",") && at >= 2 && introducer(&frame.tokens[at - 2]);
    if before.is_some_and(introducer)
        || after_comma
        || (before.is_some_and(|t| t.lower() == "as")
            && at >= 2
            && frame.tokens[at - 2].lower() == "known")
    {
        return QuoteKind::Title;
    }
    if introduced || span.continues_previous {
        return QuoteKind::Speech;
    }
    let has_cue = frame.cues.iter().any(|c| c.speaker.is_some());
    if !has_cue && (words <= 3 || is_title_case(content)) {
        return QuoteKind::Title;
    }
    QuoteKind::Partial
}

fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().count() > 3)
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
}

struct Resolver<'a> {
    units: &'a [Unit],
    frames: &'a [Frame<'a>],
    people: &'a People,
}

impl Resolver<'_> {
    fn speaker(&self, phrase: &Phrase, resolution: Resolution, unit: usize) -> Speaker {
        match phrase {
            Phrase::Name(run) => {
                let person = self.people.find(&run.name);
                Speaker {
                    range: run.name_range.clone(),
                    name: person.map_or_else(|| run.name.clone(), |p| p.name.clone()),
                    person: person.is_some(),
                    resolution,
                }
            }
            Phrase::Pronoun(range, pronoun) => {
                let antecedent = if matches!(pronoun.as_str(), "he" | "she") {
                    self.person_before(unit, range.start)
                } else {
                    self.group_before(unit, range.start)
                };
                match antecedent {
                    Some((name, at, person)) => Speaker {
                        range: range.clone(),
                        name,
                        person,
                        resolution: Resolution::Pronoun { antecedent: at },
                    },
                    None => Speaker {
                        range: range.clone(),
                        name: pronoun.clone(),
                        person: false,
                        resolution,
                    },
                }
            }
            Phrase::Common(range, text) => {
                let words: Vec<&str> = text.split_whitespace().collect();
                let role_holder = match words.as_slice() {
                    [the, role] if the.eq_ignore_ascii_case("the") => {
                        self.people.with_role(role).last()
                    }
                    _ => None,
                };
                match role_holder {
                    Some(person) => Speaker {
                        range: range.clone(),
                        name: person.name.clone(),
                        person: true,
                        resolution: Resolution::Role {
                            antecedent: person.first.clone(),
                        },
                    },
                    None => Speaker {
                        range: range.clone(),
                        name: text.clone(),
                        person: false,
                        resolution,
                    },
                }
            }
        }
    }

    /// The person most recently named as a subject before `offset`: in the nearest
    /// unit that names one, the first person it names.
    fn person_before(&self, unit: usize, offset: usize) -> Option<(String, Range<usize>, bool)> {
        for u in (unit.saturating_sub(8)..=unit).rev() {
            let tokens = &self.frames[u].tokens;
            let limit = tokens.partition_point(|t| t.range.start < offset);
            let first = names::runs(&tokens[..limit]).into_iter().find_map(|run| {
                let person = self.people.find(&run.name)?;
                let is_this_person = run.title.is_some()
                    || person.name == run.name
                    || (run.word_count() == 1 && person.surname() == run.name);
                is_this_person.then(|| (person.name.clone(), run.name_range.clone(), true))
            });
            if first.is_some() {
                return first;
            }
        }
        None
    }

    /// The group most recently named as a speaker or subject before `offset`.
    fn group_before(&self, unit: usize, offset: usize) -> Option<(String, Range<usize>, bool)> {
        for u in (unit.saturating_sub(8)..=unit).rev() {
            let frame = &self.frames[u];
            let speaker = frame
                .cues
                .iter()
                .rev()
                .filter(|c| c.range.start < offset)
                .filter_map(|c| c.speaker.as_ref())
                .find(|p| !matches!(p, Phrase::Pronoun(..)));
            if let Some(phrase) = speaker {
                let found = self.speaker(phrase, Resolution::SameSentence, u);
                return Some((found.name, phrase.range(), found.person));
            }
            // The unit's leading name, when it is not a person ("Iran has said …").
            if let Some(run) = names::run_around(&frame.tokens, 0).filter(|r| r.tokens.start == 0)
                && self.people.find(&run.name).is_none()
                && frame.tokens[0].range.start < offset
            {
                return Some((run.name.clone(), run.name_range.clone(), false));
            }
        }
        None
    }

    fn unit_speaker(&self, unit: usize, resolution: Resolution) -> Option<Speaker> {
        let frame = &self.frames[unit];
        frame
            .cues
            .iter()
            .find_map(|c| c.speaker.as_ref())
            .map(|p| self.speaker(p, resolution, unit))
    }

    fn speaker_in_context(
        &self,
        i: usize,
        quotes: &[Attribution],
        spans: &[QuoteSpan],
        blocks: &[Block],
        masked: &str,
    ) -> Option<Speaker> {
        let quote = &quotes[i];
        let span = &spans[quote.span];
        let unit = quote.unit;
        let block = self.units[unit].block;
        let relabel = |found: &Speaker, resolution: Resolution| Speaker {
            resolution,
            ..found.clone()
        };
        // The quotation this one continues, or the one that continues it.
        if span.continues_previous
            && let Some(found) = quotes[..i].iter().rev().find_map(|q| q.speaker.as_ref())
        {
            return Some(relabel(found, Resolution::Continuation));
        }
        if !span.closed {
            let next = quotes
                .get(i + 1)
                .filter(|q| spans[q.span].continues_previous);
            if let Some(found) = next.and_then(|q| q.speaker.as_ref()) {
                return Some(relabel(found, Resolution::Continuation));
            }
        }
        // The unit before, in the same paragraph.
        if unit > 0 && self.units[unit - 1].block == block {
            let previous = unit - 1;
            let spoken = quotes
                .iter()
                .rev()
                .filter(|q| q.unit == previous)
                .find_map(|q| q.speaker.as_ref());
            if let Some(found) = spoken {
                return Some(relabel(found, Resolution::PreviousSentence));
            }
            if let Some(found) = self.unit_speaker(previous, Resolution::PreviousSentence) {
                return Some(found);
            }
            if let Some(found) = self.colon_speaker(previous, masked) {
                return Some(found);
            }
        }
        // The unit after, when its subject speaks ("Fidan added.").
        if unit + 1 < self.units.len() && self.units[unit + 1].block == block {
            let frame = &self.frames[unit + 1];
            let leading = frame.cues.iter().find(|c| {
                c.speaker.as_ref().is_some_and(|p| {
                    frame
                        .tokens
                        .iter()
                        .take(4)
                        .any(|t| t.range.start == p.range().start)
                })
            });
            if let Some(phrase) = leading.and_then(|c| c.speaker.as_ref()) {
                return Some(self.speaker(phrase, Resolution::NextSentence, unit + 1));
            }
        }
        // A colon at the end of the previous paragraph introduces a block quotation.
        let opens_paragraph = self.units[unit].range.start == blocks[block].range.start;
        if opens_paragraph && block > 0 && unit > 0 {
            return self.colon_speaker(unit - 1, masked);
        }
        None
    }

    fn colon_speaker(&self, unit: usize, masked: &str) -> Option<Speaker> {
        if !masked[self.units[unit].range.clone()]
            .trim_end()
            .ends_with(':')
        {
            return None;
        }
        if let Some(found) = self.unit_speaker(unit, Resolution::Colon) {
            return Some(found);
        }
        let tokens = &self.frames[unit].tokens;
        // "Berg’s party, the Civic Union, said:" is the party speaking, not Berg.
        let run = names::runs(tokens).into_iter().find(|r| {
            !tokens[r.tokens.end - 1].text.ends_with("’s")
                && !tokens[r.tokens.end - 1].text.ends_with("'s")
        })?;
        Some(self.speaker(&Phrase::Name(run), Resolution::Colon, unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::prose::{Format, extract};
    use crate::analysis::quotes::scan;
    use crate::analysis::sentences::split;

    /// (quote text, speaker name or "-", kind) for each top-level quotation.
    fn attributed(text: &str) -> Vec<(String, String, QuoteKind)> {
        let prose = extract(text, Format::PlainText);
        let sentences = split(&prose.masked, &prose.blocks);
        let scan = scan(&prose.masked, &prose.blocks);
        let result = attribute(&prose.masked, &prose.blocks, &sentences, &scan.quotes, &[]);
        result
            .quotes
            .iter()
            .map(|a| {
                (
                    text[scan.quotes[a.span].range.clone()].to_string(),
                    a.speaker
                        .as_ref()
                        .map_or("-".to_string(), |s| s.name.clone()),
                    a.kind,
                )
            })
            .collect()
    }

    fn speakers(text: &str) -> Vec<String> {
        attributed(text).into_iter().map(|(_, s, _)| s).collect()
    }

    #[test]
    fn trailing_and_inverted_attribution() {
        let text = "Interior Minister Sara Lind spoke first.\n“We are ready,” Lind said.\n“We are not,” said opposition leader Tomas Berg.\n";
        assert_eq!(speakers(text), vec!["Sara Lind", "Tomas Berg"]);
    }

    #[test]
    fn interrupted_quote_is_one_utterance() {
        let text = "“The port is open,” Marta Okonkwo said, “but not for long.”\n";
        assert_eq!(speakers(text), vec!["Marta Okonkwo", "Marta Okonkwo"]);
    }

    #[test]
    fn pronouns_resolve_to_the_last_named_person() {
        let text = "Union president Marta Okonkwo spoke outside the gate.\nOkonkwo said the union wanted guarantees. “Machines don’t pay rent,” she said.\n";
        assert_eq!(speakers(text), vec!["Marta Okonkwo"]);
    }

    #[test]
    fn introduced_by_colon_and_by_verb() {
        let text = "The mayor, Ana Ruiz, said: “We will rebuild.”\nRuiz told reporters, “Nothing is settled.”\n";
        assert_eq!(speakers(text), vec!["Ana Ruiz", "Ana Ruiz"]);
    }

    #[test]
    fn partial_quotes_take_the_sentence_speaker_and_titles_are_not_speech() {
        let text = "Iran has said it is open to “fair and equitable” negotiations.\nShe watched the show “Succession” twice.\n";
        let result = attributed(text);
        assert_eq!(result[0].1, "Iran");
        assert_eq!(result[0].2, QuoteKind::Partial);
        assert_eq!(result[1].2, QuoteKind::Title);
    }

    #[test]
    fn quote_only_sentence_takes_the_previous_speaker() {
        let text = "“Machines don’t pay rent,” Okonkwo said. “Our members do.”\n";
        assert_eq!(speakers(text), vec!["Okonkwo", "Okonkwo"]);
    }

    #[test]
    fn unattributed_quote_has_no_speaker() {
        let text =
            "The strike began on Tuesday.\n“We will not go back until the deal is signed.”\n";
        assert_eq!(speakers(text), vec!["-"]);
    }

    #[test]
    fn according_to_names_the_source() {
        let text = "The port lost “millions of dollars every single day,” according to the Valport Port Authority.\n";
        assert_eq!(speakers(text), vec!["Valport Port Authority"]);
    }
}
