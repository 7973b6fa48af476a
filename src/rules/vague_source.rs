#![doc = include_str!("vague_source.md")]

use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::analysis::sourcing::{self, VagueKind, VagueSource};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "vague-source",
    default_severity: Severity::Information,
    summary: "an attribution to unnamed or collective sources (\"officials said\", \"it is reported\")",
    doc: include_str!("vague_source.md"),
    check,
};

/// The clause a standards desk asks for when a source stays anonymous.
const ANONYMITY_CLAUSE: &str = "who spoke on condition of anonymity because TK";

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.vague
        .iter()
        .map(|vague| Finding {
            code: RULE.code,
            severity,
            range: vague.range.clone(),
            message: message(cx.text, vague),
            related: Vec::new(),
            fixes: fixes(cx, vague),
        })
        .collect()
}

fn message(text: &str, vague: &VagueSource) -> String {
    let phrase = &text[vague.range.clone()];
    match vague.kind {
        VagueKind::Anonymous => {
            format!("“{phrase}” names no one: name the source, or say why anonymity was granted")
        }
        VagueKind::Collective => {
            format!("“{phrase}”: who, exactly? Name the people or the reports, or cut the claim")
        }
        VagueKind::Passive | VagueKind::Hedge => {
            format!("“{phrase}”: by whom? Name the source of the claim")
        }
    }
}

fn fixes(cx: &Context, vague: &VagueSource) -> Vec<Fix> {
    let mut fixes = Vec::new();
    if let Some(source) = &vague.source {
        fixes.push(fix(
            "Name the source (TK)",
            source.clone(),
            "TK".to_string(),
        ));
    }
    if vague.kind == VagueKind::Anonymous
        && let Some(source) = &vague.source
    {
        fixes.push(anonymity_fix(cx.text, source.end));
    }
    match vague.kind {
        VagueKind::Passive => fixes.extend(passive_fix(cx.text, vague)),
        VagueKind::Hedge => fixes.extend(hedge_fix(cx, vague)),
        _ => {}
    }
    fixes
}

fn fix(title: &str, range: std::ops::Range<usize>, replacement: String) -> Fix {
    Fix {
        title: title.to_string(),
        edits: vec![Edit { range, replacement }],
        safe: false,
    }
}

/// ", who spoke on condition of anonymity because TK," after the source; the closing
/// comma only where the sentence goes on.
fn anonymity_fix(text: &str, at: usize) -> Fix {
    let next = text[at..].trim_start().chars().next();
    let closing = if matches!(next, None | Some(',' | '.' | ';' | ':' | '!' | '?' | '—')) {
        ""
    } else {
        ","
    };
    fix(
        "Say why anonymity was granted",
        at..at,
        format!(", {ANONYMITY_CLAUSE}{closing}"),
    )
}

/// "It is believed that" → "TK believes that".
fn passive_fix(text: &str, vague: &VagueSource) -> Option<Fix> {
    let phrase = &text[vague.range.clone()];
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let (verb, that) = match words.as_slice() {
        [.., verb, "that"] => (*verb, " that"),
        [.., verb] => (*verb, ""),
        [] => return None,
    };
    let active = match verb.to_lowercase().as_str() {
        "believed" => "believes",
        "understood" => "understands",
        "thought" => "thinks",
        "feared" => "fears",
        "expected" => "expects",
        "estimated" => "estimates",
        "rumored" | "rumoured" => "says",
        other => return Some(replace_with_tk(vague, other, that)),
    };
    Some(replace_with_tk(vague, active, that))
}

fn replace_with_tk(vague: &VagueSource, verb: &str, that: &str) -> Fix {
    fix(
        "Name the source (TK)",
        vague.range.clone(),
        format!("TK {verb}{that}"),
    )
}

/// "He reportedly fled." → "He fled, according to TK."; "is said to have" stays and
/// gains the attribution.
fn hedge_fix(cx: &Context, vague: &VagueSource) -> Option<Fix> {
    let sentence = cx.sentences.get(vague.sentence)?.range.clone();
    let at = sourcing::attribution_point(&cx.prose.masked, sentence)?;
    let mut edits = Vec::new();
    if cx.text[vague.range.clone()].eq_ignore_ascii_case("reportedly") {
        let end = vague.range.end + cx.text[vague.range.end..].len()
            - cx.text[vague.range.end..].trim_start_matches(' ').len();
        edits.push(Edit {
            range: vague.range.start..end,
            replacement: String::new(),
        });
    }
    edits.push(Edit {
        range: at..at,
        replacement: ", according to TK".to_string(),
    });
    Some(Fix {
        title: "Attribute to TK (placeholder for the source)".to_string(),
        edits,
        safe: false,
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::Format;
    use crate::rules::tests::findings;

    /// The draft after each of the first finding's fixes.
    fn fixed(text: &str) -> Vec<String> {
        let findings = findings(text, Format::PlainText);
        let finding = findings
            .iter()
            .find(|f| f.code == "vague-source")
            .expect("a vague-source finding");
        finding
            .fixes
            .iter()
            .map(|fix| {
                let mut out = text.to_string();
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
                for edit in edits {
                    out.replace_range(edit.range, &edit.replacement);
                }
                out
            })
            .collect()
    }

    #[test]
    fn anonymous_sources_get_a_name_or_a_reason() {
        assert_eq!(
            fixed("Iranian officials say talks are possible.\n"),
            [
                "TK say talks are possible.\n",
                "Iranian officials, who spoke on condition of anonymity because TK, say talks are possible.\n",
            ]
        );
        assert_eq!(
            fixed("The deal is close, said a senior official.\n")[1],
            "The deal is close, said a senior official, who spoke on condition of anonymity because TK.\n"
        );
    }

    #[test]
    fn passives_and_hedges_get_a_placeholder_source() {
        assert_eq!(
            fixed("It is believed that the minister resigned.\n"),
            ["TK believes that the minister resigned.\n"]
        );
        assert_eq!(
            fixed("The minister reportedly resigned.\n"),
            ["The minister resigned, according to TK.\n"]
        );
    }
}
