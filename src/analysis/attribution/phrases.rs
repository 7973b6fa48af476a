//! The noun phrases speech cues point to: the subject before a verb, the speaker after
//! an inverted one, appositions, participles and clause subjects.

use std::ops::Range;

use crate::analysis::lexicon::{GROUP_NOUNS, PRONOUNS, SKIPPABLE_BEFORE_VERB, TITLE_WORDS};
use crate::analysis::names::{self, NameRun};
use crate::analysis::tokens::{Token, TokenKind};

/// A noun phrase that a cue points to.
#[derive(Debug, Clone)]
pub(super) enum Phrase {
    Pronoun(Range<usize>, String),
    Name(NameRun),
    Common(Range<usize>, String),
}

impl Phrase {
    pub(super) fn range(&self) -> Range<usize> {
        match self {
            Phrase::Pronoun(r, _) | Phrase::Common(r, _) => r.clone(),
            Phrase::Name(run) => run.name_range.clone(),
        }
    }
}

/// "the mayor, Ana Ruiz," and "Marta Okonkwo, president of the union,": a name and
/// the role an apposition gives it.
pub(super) fn appositions(tokens: &[Token]) -> Vec<(NameRun, String)> {
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

pub(super) fn is_pronoun(token: &Token) -> bool {
    PRONOUNS.contains(&token.lower().as_str())
}

fn is_adverb(token: &Token) -> bool {
    let t = token.text;
    t.len() > 4 && t.ends_with("ly") && t.chars().all(|c| c.is_lowercase())
}

/// Words that open a noun phrase ("the letter reads", "a spokeswoman said").
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "one",
    "another", "some", "several", "many", "other", "both",
];

const CLAUSE_WORDS: &[&str] = &[
    "that", "and", "but", "which", "who", "when", "while", "as", "because", "if", "after",
    "before", "since", "so", "or", "where", "whether", "than", "to", "not", "it", "is", "was",
];

/// The subject before a speech verb: "Araghchi said", "he also stressed", "Marta
/// Okonkwo, the union's president, said", "a spokeswoman for the ministry said".
pub(super) fn phrase_before(tokens: &[Token], cue: usize) -> Option<Phrase> {
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
                // "One of his supporters, Tony Perkins of the Family Research Council,
                // told": a full name opening the apposition of a description.
                if let Some(run) = apposed_name(tokens, open) {
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
                // "Holmes admitted it to a friend and, days later, texted": the verb
                // shares the subject of the clause it is joined to.
                if matches!(lower.as_str(), "and" | "but") {
                    return joined_subject(tokens, i);
                }
                // "a message that said", "T-shirts that read": the relative clause's
                // antecedent speaks, not the pronoun.
                if matches!(lower.as_str(), "that" | "which") && i + 1 == cue && i > 0 {
                    return phrase_ending_at(tokens, i - 1);
                }
                // "The email goes on to say", "a spokesman declined to say": the
                // subject before the verb the infinitive hangs on.
                if lower == "to" && i + 1 == cue {
                    let mut j = i.checked_sub(1)?;
                    while j > 0
                        && matches!(tokens[j].lower().as_str(), "on" | "up" | "out" | "back")
                    {
                        j -= 1;
                    }
                    let verb = &tokens[j];
                    if j == 0 || !verb.is_word() || verb.is_capitalised() {
                        return None;
                    }
                    return phrase_ending_at(tokens, j - 1);
                }
                return phrase_ending_at(tokens, i);
            }
        }
    }
}

pub(super) fn phrase_ending_at(tokens: &[Token], i: usize) -> Option<Phrase> {
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
    // "a friend and, five days later, texted": a clause fragment is no speaker.
    if CLAUSE_WORDS.contains(&token.lower().as_str()) {
        return None;
    }
    let words: Vec<&str> = tokens[start..=i].iter().map(|t| t.text).collect();
    let head = names::strip_possessive(token.text).to_lowercase();
    // "the letter", "a spokeswoman": a determiner and at least one noun.
    let determined = start < i && DETERMINERS.contains(&tokens[start].lower().as_str());
    // "“…,” one added.", "another wrote": one of a group the copy has named speaks.
    let one_of = start == i && matches!(head.as_str(), "one" | "another");
    let is_role = determined
        || one_of
        || GROUP_NOUNS.contains(&head.as_str())
        || TITLE_WORDS.contains(&head.as_str());
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
pub(super) fn participle_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    if !tokens[cue].text.ends_with("ing") {
        return None;
    }
    first_subject(tokens, cue)
}

/// "He thanked the crowd but told his supporters, “…”": a verb whose own subject is out
/// of reach speaks for the first person or pronoun of its sentence, when one comes
/// before it and no quotation stands between.
pub(super) fn clause_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    if tokens[..cue].iter().any(|t| t.kind == TokenKind::Quote) {
        return None;
    }
    first_subject(tokens, cue)
}

pub(super) fn first_subject(tokens: &[Token], cue: usize) -> Option<Phrase> {
    // The first person or pronoun of the sentence, past an opening phrase.
    let before = &tokens[..cue];
    let pronoun = before.iter().position(is_pronoun);
    // "The mayor of London, Sadiq Khan, …": a name after a preposition is not the
    // subject.
    let run = names::runs(before).into_iter().find(|r| {
        r.tokens.start == 0 || !PREPOSITIONS.contains(&before[r.tokens.start - 1].lower().as_str())
    });
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
pub(super) fn inverted_speaker(tokens: &[Token], cue: usize) -> Option<Phrase> {
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

pub(super) fn phrase_after(tokens: &[Token], start: usize) -> Option<Phrase> {
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
        // "says MIT asteroid expert Richard Binzel": lower-case words that end in a
        // title before the person.
        if let Some(title) = (next..tokens.len().min(next + 3)).find(|&j| {
            !tokens[j].is_word()
                || tokens[j].is_capitalised()
                || TITLE_WORDS.contains(&tokens[j].text)
                || GROUP_NOUNS.contains(&tokens[j].text)
        }) && tokens[title].is_word()
            && !tokens[title].is_capitalised()
            && (TITLE_WORDS.contains(&tokens[title].text)
                || GROUP_NOUNS.contains(&tokens[title].text))
            && tokens[next..title]
                .iter()
                .all(|t| !STOP_AFTER.contains(&t.lower().as_str()) && !t.is_capitalised())
        {
            next = title + 1;
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
    // "said a retired weaver, Maud Ellery": the name the description is apposed to.
    if tokens.get(end).is_some_and(|t| t.text == ",")
        && let Some(run) = names::run_around(tokens, end + 1)
            .filter(|r| r.tokens.start == end + 1 && r.word_count() >= 2)
        && tokens
            .get(run.tokens.end)
            .is_none_or(|t| t.kind == TokenKind::Punct && t.text != "'")
    {
        return Some(Phrase::Name(run));
    }
    let last = tokens[end - 1].range.end;
    Some(Phrase::Common(token.range.start..last, words.join(" ")))
}

/// The subject of the clause a verb after "and" or "but" at `conjunction` is joined
/// to ("Holmes admitted it to a friend and, days later, texted"; "A bank spokeswoman
/// declined to comment but said"): the first person or pronoun of the sentence, else
/// the noun phrase that opens it.
fn joined_subject(tokens: &[Token], conjunction: usize) -> Option<Phrase> {
    // Within the sentence: a unit can hold several.
    let from = tokens[..conjunction]
        .iter()
        .rposition(|t| matches!(t.text, "." | "?" | "!" | ";"))
        .map_or(0, |p| p + 1);
    if let Some(subject) = first_subject(&tokens[from..], conjunction - from) {
        return Some(match subject {
            Phrase::Name(mut run) => {
                // The run's token indices count from the whole unit.
                run.tokens = run.tokens.start + from..run.tokens.end + from;
                run.name_tokens = run.name_tokens.start + from..run.name_tokens.end + from;
                Phrase::Name(run)
            }
            other => other,
        });
    }
    let first = tokens.get(from)?;
    if !DETERMINERS.contains(&first.lower().as_str()) {
        return None;
    }
    // The determiner's noun: the last title or group noun among the next few words
    // ("a harbour spokeswoman").
    let head = (from + 1..conjunction.min(from + 5))
        .take_while(|&j| {
            let t = &tokens[j];
            t.is_word() && !SKIPPABLE_BEFORE_VERB.contains(&t.lower().as_str()) && !is_adverb(t)
        })
        .filter(|&j| {
            let head = names::strip_possessive(tokens[j].text).to_lowercase();
            GROUP_NOUNS.contains(&head.as_str()) || TITLE_WORDS.contains(&head.as_str())
        })
        .last();
    head.map(|head| {
        let end = head + 1;
        let words: Vec<&str> = tokens[from..end].iter().map(|t| t.text).collect();
        Phrase::Common(
            first.range.start..tokens[end - 1].range.end,
            words.join(" "),
        )
    })
}

/// Words whose object is not a clause's subject.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "from", "for", "on", "with", "by", "to", "about", "against", "into",
];

/// The full name that opens an apposition starting after the comma at `open`, when
/// what the apposition describes is a description, not a name ("One of his supporters,
/// Tony Perkins of the Family Research Council,").
fn apposed_name(tokens: &[Token], open: usize) -> Option<NameRun> {
    let run = names::run_around(tokens, open + 1).filter(|r| r.tokens.start == open + 1)?;
    if run.word_count() < 2 || run.organization {
        return None;
    }
    let after = tokens.get(run.tokens.end)?;
    if !(after.text == "," || matches!(after.lower().as_str(), "of" | "from" | "at")) {
        return None;
    }
    let before = tokens.get(open.checked_sub(1)?)?;
    (before.is_word() && !before.is_capitalised()).then_some(run)
}

const STOP_AFTER: &[&str] = &[
    "who", "in", "on", "at", "during", "when", "while", "after", "before", "that", "as", "to",
    "on", "with", "adding", "but", "and", "because", "which",
];
