#![doc = include_str!("unattributed_quote.md")]

use crate::analysis::finding::{Edit, Finding, Fix, Related, Severity};
use crate::analysis::lexicon::{SPEECH_VERBS, TAG_VERBS};
use crate::analysis::quotes::{MarkProblem, reopened_at_once};
use crate::analysis::{Quote, QuoteKind};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "unattributed-quote",
    default_severity: Severity::Hint,
    summary: "a direct quotation with no speaker in reach",
    doc: include_str!("unattributed_quote.md"),
    check,
};

/// Quotations shorter than this are read as terms, titles and scare quotes.
const MIN_WORDS: usize = 5;
const MAX_CANDIDATES: usize = 3;

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, quote) in cx.quotes.iter().enumerate() {
        if quote.speaker.is_some()
            || !needs_speaker(cx, quote)
            || is_unclosed(cx, quote)
            || goes_on_from_unattributed(cx, index)
        {
            continue;
        }
        let candidates = candidates(cx, index);
        let related = candidates
            .iter()
            .map(|c| Related {
                range: c.named_at.clone(),
                message: format!("{} speaks here", c.display),
            })
            .collect();
        let mut fixes: Vec<Fix> = candidates
            .iter()
            .map(|c| Fix {
                title: format!("Attribute to {}", c.display),
                edits: attribution_edits(cx.text, quote, &c.display),
                safe: false,
            })
            .collect();
        fixes.push(Fix {
            title: "Attribute to TK (placeholder for the speaker)".to_string(),
            edits: attribution_edits(cx.text, quote, "TK"),
            safe: false,
        });
        findings.push(Finding {
            code: RULE.code,
            severity,
            range: quote.range.clone(),
            message: "quotation has no speaker: who said this?".to_string(),
            related,
            fixes,
        });
    }
    findings
}

/// An unclosed quotation is reported as unbalanced; its attribution may be inside it.
fn is_unclosed(cx: &Context, quote: &Quote) -> bool {
    cx.scan
        .unbalanced
        .iter()
        .any(|mark| mark.range.start == quote.range.start && mark.problem != MarkProblem::Reversed)
}

/// Whether quotation `index` is reopened at once by the next one in its paragraph
/// ([`reopened_at_once`]): the two are one voice.
fn reopened(cx: &Context, index: usize) -> bool {
    let quote = &cx.quotes[index];
    cx.quotes.get(index + 1).is_some_and(|next| {
        next.cue.is_none()
            && next.block == quote.block
            && reopened_at_once(
                cx.text,
                (&quote.range, &quote.content),
                (&next.range, &next.content),
            )
    })
}

/// A quotation reopened at once after one with no speaker (“….” “…”) is the same
/// voice going on: the one finding on the first says it.
fn goes_on_from_unattributed(cx: &Context, index: usize) -> bool {
    let Some(previous) = index.checked_sub(1) else {
        return false;
    };
    reopened(cx, previous)
        && cx.quotes[previous].speaker.is_none()
        && needs_speaker(cx, &cx.quotes[previous])
        && !is_unclosed(cx, &cx.quotes[previous])
}

fn needs_speaker(cx: &Context, quote: &Quote) -> bool {
    // A quotation reopened at once goes on in the next: their words count together.
    let index = cx
        .quotes
        .partition_point(|q| q.range.start < quote.range.start);
    let mut words = 0;
    let mut at = index;
    while let Some(q) = cx.quotes.get(at) {
        words += cx.text[q.content.clone()].split_whitespace().count();
        if words >= MIN_WORDS || !reopened(cx, at) {
            break;
        }
        at += 1;
    }
    let long_enough = words >= MIN_WORDS;
    match quote.kind {
        QuoteKind::Speech | QuoteKind::Partial => {
            long_enough
                && !someone_in_sentence(cx, quote)
                && !introduced_by_speech(cx, quote)
                && !in_speaker_turn(cx, quote)
                && !cited_after(cx, quote)
                && !labelled_inside(cx, quote)
                && !signed_inside(cx, quote)
                && !credited_below(cx, quote)
        }
        QuoteKind::Title => false,
    }
}

/// Words that stand for a speaker the reader can see.
const PERSONAL_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you"];

/// Words that give a partial quotation an owner ("his warning against a “…”").
const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "our", "my"];

/// Whether the quotation's own sentence, outside its marks, names someone or refers to
/// someone by a pronoun: a partial quotation inside "X thanked them for …", or a
/// quotation after "Her verdict:", belongs to that sentence's subject even where no
/// speech verb says so.
fn someone_in_sentence(cx: &Context, quote: &Quote) -> bool {
    // Sentences are in text order: the last one starting at or before the quotation.
    let after = cx
        .sentences
        .partition_point(|s| s.range.start <= quote.range.start);
    let Some(sentence) = after
        .checked_sub(1)
        .map(|i| &cx.sentences[i])
        .filter(|s| s.range.contains(&quote.range.start))
    else {
        return false;
    };
    // A colon introduction says whose words follow ("His opinion is: “…”", "Collins
    // saw compromise as the answer: “…”"): its possessives and a known person standing
    // first count, as they do for a quotation inside the sentence.
    let introduced = cx.prose.masked[sentence.range.start..quote.range.start]
        .trim_end()
        .ends_with(':');
    // Possessives own a quotation inside the sentence, not one standing beside it.
    let partial = quote.kind == QuoteKind::Partial || introduced;
    let masked = &cx.prose.masked;
    let outside = [
        sentence.range.start..quote.range.start.max(sentence.range.start),
        quote.range.end.min(sentence.range.end)..sentence.range.end,
    ];
    let mut first = true;
    for part in outside {
        let words = masked[part].split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
        for word in words.filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            if PERSONAL_PRONOUNS.contains(&lower.as_str())
                || partial && POSSESSIVE_PRONOUNS.contains(&lower.as_str())
            {
                return true;
            }
            // A sentence's first word is capitalised anyway; a possessive there is
            // someone's ("Becerra’s statement, “…”").
            let possessive = partial && (word.ends_with("'s") || word.ends_with("’s"));
            let known = first && introduced && cx.people.find(word).is_some();
            if (!first || possessive || known)
                && word.chars().next().is_some_and(char::is_uppercase)
            {
                return true;
            }
            first = false;
        }
    }
    false
}

/// Whether the quotation stands inside a turn of an interview transcript: its paragraph
/// opens with the speaker's label, `((Zara Kay)) I think …` (Wikinews) or `MS. HOLT: …`,
/// `Ann Holt: …`. What the speaker quotes in an answer is in the speaker's own voice.
fn in_speaker_turn(cx: &Context, quote: &Quote) -> bool {
    let Some(block) = cx.prose.blocks.get(quote.block) else {
        return false;
    };
    let text = &cx.prose.masked[block.range.start..quote.range.start.max(block.range.start)];
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix("((") {
        return rest
            .find("))")
            .is_some_and(|end| end > 0 && rest[..end].split_whitespace().count() <= 5);
    }
    // A label: up to four capitalised words (titles with their full stops) and a colon.
    let Some((label, _)) = text.split_once(':') else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && label.len() < 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
}

/// Whether a citation in brackets follows the quotation at once: a verse, a book, a
/// document with its chapter or page (`“…” (Matthew 15:14)`, `(Proverbs 28:5)`,
/// `(History of the United States, Volume 2)`). The source is given, in the form of
/// the text quoted.
fn cited_after(cx: &Context, quote: &Quote) -> bool {
    let rest = &cx.prose.masked[quote.range.end..];
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    let Some(inner) = rest.strip_prefix('(') else {
        return false;
    };
    let Some(end) = inner.find(')').filter(|&end| end <= 80) else {
        return false;
    };
    let inner = &inner[..end];
    !inner.contains('\n')
        && inner.starts_with(char::is_uppercase)
        && inner.chars().any(|c| c.is_ascii_digit())
}

/// Whether the quotation opens with its speaker's label, a transcript set inside the
/// marks (“Ann Holt: Seriously, …”, “HOLT: …”): two to four capitalised words, or one
/// in capitals, and a colon. One capitalised word (“Look: …”) is speech.
fn labelled_inside(cx: &Context, quote: &Quote) -> bool {
    let content = cx.prose.masked[quote.content.clone()].trim_start();
    let Some((label, _)) = content.split_once(':') else {
        return false;
    };
    let words: Vec<&str> = label.split_whitespace().collect();
    let one_in_capitals = words.len() == 1
        && words[0].chars().filter(|c| c.is_alphabetic()).count() > 1
        && !words[0].chars().any(char::is_lowercase);
    ((2..=4).contains(&words.len()) || one_in_capitals)
        && label.len() < 40
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
}

/// Whether an embedded post's credit line stands inside the quotation (“… — Ann Holt
/// (@annholt) May 4, 2018 …”): the post names its author.
fn signed_inside(cx: &Context, quote: &Quote) -> bool {
    let content = &cx.prose.masked[quote.content.clone()];
    content.match_indices(['—', '―', '–']).any(|(at, dash)| {
        let rest = content[at + dash.len()..].trim_start();
        rest.starts_with(char::is_uppercase)
            && rest
                .find("(@")
                .is_some_and(|handle| rest[..handle].split_whitespace().count() <= 5)
    })
}

/// Whether the paragraph after the quotation is a short credit line opening with a
/// dash (“…” then “– Mel R.”): a review or a letter signed below.
fn credited_below(cx: &Context, quote: &Quote) -> bool {
    let (Some(block), Some(next)) = (
        cx.prose.blocks.get(quote.block),
        cx.prose.blocks.get(quote.block + 1),
    ) else {
        return false;
    };
    // The quotation ends its paragraph.
    if !cx.prose.masked[quote.range.end..block.range.end]
        .trim()
        .is_empty()
    {
        return false;
    }
    let line = cx.prose.masked[next.range.clone()].trim();
    let Some(rest) = line.strip_prefix(['—', '―', '–', '-']) else {
        return false;
    };
    let rest = rest.trim_start();
    rest.starts_with(char::is_uppercase) && rest.split_whitespace().count() <= 6
}

/// Words after a speech verb that still leave it introducing what follows ("shot back:",
/// "points out,", "swore that,").
const PARTICLES: &[&str] = &["back", "out", "up", "in", "that", "again"];

/// Verbs that report speech only as an introduction ("blasting: “…”"); elsewhere they
/// are criticism ("Clinton blasted him for …"), not a quotation's attribution.
const INTRODUCING_ONLY: &[&str] = &["blasted", "blasting", "slammed", "slamming"];

/// Whether the quotation is introduced, in its own paragraph, by a speech verb right
/// before a colon or comma ("… another source dished, “…”", "Porterfield, however,
/// shot back: “…”", "In his words: “…”"): the sentence says someone's words follow even
/// where the speaker's phrase is more than the attribution pass reads.
fn introduced_by_speech(cx: &Context, quote: &Quote) -> bool {
    let Some(block) = cx.prose.blocks.get(quote.block) else {
        return false;
    };
    let start = block.range.start.min(quote.range.start);
    let before = cx.prose.masked[start..quote.range.start].trim_end();
    let Some(intro) = before.strip_suffix([':', ',']) else {
        return false;
    };
    let mut words = intro
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let Some(mut last) = words.next() else {
        return false;
    };
    if last == "words" {
        return words
            .next()
            .is_some_and(|w| matches!(w.as_str(), "his" | "her" | "their" | "own"));
    }
    if PARTICLES.contains(&last.as_str()) {
        let Some(verb) = words.next() else {
            return false;
        };
        last = verb;
    }
    SPEECH_VERBS.contains_lower(&last)
        || TAG_VERBS.contains_lower(&last)
        || INTRODUCING_ONLY.contains(&last.as_str())
}

struct Candidate {
    display: String,
    name: String,
    named_at: std::ops::Range<usize>,
}

/// Speakers nearby, best first: who spoke last, then who speaks in the neighbouring
/// paragraphs, nearest first.
fn candidates(cx: &Context, index: usize) -> Vec<Candidate> {
    let here = &cx.quotes[index];
    let mut ranked: Vec<(usize, &Quote)> = cx
        .quotes
        .iter()
        .enumerate()
        .filter(|(i, q)| *i != index && q.speaker.is_some())
        .map(|(i, q)| {
            let paragraphs_away = q.block.abs_diff(here.block);
            // The last speaker before the quotation outranks everyone else.
            let last_before =
                i < index && !cx.quotes[i + 1..index].iter().any(|q| q.speaker.is_some());
            let rank = if last_before {
                0
            } else {
                1 + paragraphs_away * 2 + usize::from(i > index)
            };
            (rank, q)
        })
        .collect();
    ranked.sort_by_key(|(rank, q)| (*rank, q.range.start.abs_diff(here.range.start)));
    let mut found: Vec<Candidate> = Vec::new();
    for (_, quote) in ranked {
        let Some(speaker) = &quote.speaker else {
            continue;
        };
        if !speaker.person
            && speaker.name.chars().all(char::is_lowercase)
            && speaker.name.split_whitespace().count() == 1
        {
            continue; // an unresolved "they" is no one to offer
        }
        if found.iter().any(|c| c.name == speaker.name) {
            continue;
        }
        let display = cx.people.short_name(&speaker.name, speaker.person);
        found.push(Candidate {
            display,
            name: speaker.name.clone(),
            named_at: speaker.range.clone(),
        });
        if found.len() == MAX_CANDIDATES {
            break;
        }
    }
    found
}

/// `“….”` → `“…,” Speaker said.`; `“…?”` → `“…?” Speaker said.`
fn attribution_edits(text: &str, quote: &Quote, speaker: &str) -> Vec<Edit> {
    let content = &text[quote.content.clone()];
    let end = quote.range.end;
    let closed = quote.content.end < quote.range.end;
    let last = content.trim_end().chars().last();
    let insert_at = |replacement: String| Edit {
        range: end..end,
        replacement,
    };
    match last {
        Some('.') if closed => {
            let period = quote.content.start + content.trim_end().len() - 1;
            vec![
                Edit {
                    range: period..period + 1,
                    replacement: ",".to_string(),
                },
                insert_at(format!(" {speaker} said.")),
            ]
        }
        Some('?' | '!') => vec![insert_at(format!(" {speaker} said."))],
        Some(',') => vec![insert_at(format!(" {speaker} said,"))],
        _ => vec![insert_at(format!(", {speaker} said"))],
    }
}
