//! Hover text and inlay hints: what copydesk knows about the thing under the cursor,
//! written for a reporter.

use crate::analysis::{Analysis, Quote, QuoteKind, Resolution, Speaker};
use crate::text::line_column;

/// Markdown describing the quotation at `offset`, if there is one.
pub fn quote_hover(
    text: &str,
    analysis: &Analysis,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    let quote = analysis
        .quotes
        .iter()
        .find(|q| q.range.start <= offset && offset < q.range.end.max(q.range.start + 1))?;
    let mut lines = Vec::new();
    match (&quote.speaker, quote.kind) {
        (_, QuoteKind::Title) => {
            lines.push(
                "**Quoted title or phrase** — not read as speech, so no speaker is needed."
                    .to_string(),
            );
        }
        (Some(speaker), _) => {
            lines.push(format!("**Quotation** — said by **{}**", speaker.name));
            if let Some(cue) = &quote.cue {
                lines.push(format!("Cue: “{}”", &text[cue.clone()]));
            }
            lines.push(how_resolved(text, speaker));
        }
        (None, _) => {
            lines.push("**Quotation** — no speaker found".to_string());
            lines.push("Nobody is named as saying this in its sentence, the sentences beside it, or an introduction ending in a colon.".to_string());
        }
    }
    if quote.kind == QuoteKind::Partial {
        lines.push("Partial quotation inside the reporter's sentence.".to_string());
    }
    Some((lines.join("\n\n"), quote.range.clone()))
}

fn how_resolved(text: &str, speaker: &Speaker) -> String {
    let named = &text[speaker.range.clone()];
    let line_of = |offset: usize| line_column(text, offset).0;
    match &speaker.resolution {
        Resolution::SameSentence => format!("Named in the same sentence as “{named}”."),
        Resolution::Pronoun { antecedent } => format!(
            "“{named}” refers to {} (named as “{}” on line {}).",
            speaker.name,
            &text[antecedent.clone()],
            line_of(antecedent.start)
        ),
        Resolution::Role { antecedent } => format!(
            "“{named}” is {} (introduced on line {}).",
            speaker.name,
            line_of(antecedent.start)
        ),
        Resolution::PreviousSentence => format!(
            "Speaker of the sentence before (“{named}”, line {}).",
            line_of(speaker.range.start)
        ),
        Resolution::NextSentence => format!(
            "Speaker of the sentence after (“{named}”, line {}).",
            line_of(speaker.range.start)
        ),
        Resolution::Colon => format!(
            "Introduced by “{named}” before a colon (line {}).",
            line_of(speaker.range.start)
        ),
        Resolution::Continuation => format!(
            "Continues a quotation by “{named}” (line {}).",
            line_of(speaker.range.start)
        ),
        Resolution::PreviousParagraph => format!(
            "Carries on the speaker of the paragraph before (“{named}”, line {}).",
            line_of(speaker.range.start)
        ),
    }
}

/// The label shown after a quotation whose speaker is not plainly named beside it: a
/// pronoun, a role, or someone named in another sentence.
pub fn speaker_hint(analysis: &Analysis, quote: &Quote) -> Option<(usize, String)> {
    let speaker = quote.speaker.as_ref()?;
    let display = analysis.people.short_name(&speaker.name, speaker.person);
    match speaker.resolution {
        Resolution::SameSentence => None,
        // "he ‹Araghchi› said": the name right after the word that stands for it.
        Resolution::Pronoun { .. } | Resolution::Role { .. } => Some((speaker.range.end, display)),
        // Found elsewhere (the sentence or paragraph before, a colon, a continued
        // quotation): after the quotation's closing mark.
        _ => Some((quote.range.end, format!("— {display}"))),
    }
}
