#![doc = include_str!("unsourced_statistic.md")]

use crate::analysis::finding::{Edit, Finding, Fix, Severity};
use crate::analysis::sourcing::{self, Figure, FigureKind};

use super::{Context, Rule};

pub const RULE: Rule = Rule {
    code: "unsourced-statistic",
    default_severity: Severity::Hint,
    summary: "a figure (percentage, money, casualties, ranking) with no source in reach",
    doc: include_str!("unsourced_statistic.md"),
    check,
};

fn check(cx: &Context, severity: Severity) -> Vec<Finding> {
    cx.figures
        .iter()
        .filter(|figure| !figure.sourced)
        .map(|figure| Finding {
            code: RULE.code,
            severity,
            range: figure.range.clone(),
            message: message(cx.text, figure),
            related: Vec::new(),
            fixes: vec![fix(cx, figure)],
        })
        .collect()
}

fn message(text: &str, figure: &Figure) -> String {
    let phrase = &text[figure.range.clone()];
    let what = match figure.kind {
        FigureKind::Percentage => "percentage",
        FigureKind::Money => "sum",
        FigureKind::Casualties => "count",
        FigureKind::Ranking => "ranking",
    };
    format!("“{phrase}”: where does this {what} come from? No source in this sentence or the next")
}

/// ", according to TK" before the sentence's final period, or ", according to TK,"
/// right after the figure when the sentence ends in someone's quoted words.
fn fix(cx: &Context, figure: &Figure) -> Fix {
    let sentence = cx.sentences[figure.sentence].range.clone();
    let edit = match sourcing::attribution_point(&cx.prose.masked, sentence) {
        Some(at) => Edit {
            range: at..at,
            replacement: ", according to TK".to_string(),
        },
        None => Edit {
            range: figure.range.end..figure.range.end,
            replacement: ", according to TK,".to_string(),
        },
    };
    Fix {
        title: "Attribute to TK (placeholder for the source)".to_string(),
        edits: vec![edit],
        safe: false,
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::Format;
    use crate::rules::tests::findings;

    fn fixed(text: &str) -> String {
        let findings = findings(text, Format::PlainText);
        let finding = findings
            .iter()
            .find(|f| f.code == "unsourced-statistic")
            .expect("an unsourced-statistic finding");
        let edit = &finding.fixes[0].edits[0];
        let mut out = text.to_string();
        out.replace_range(edit.range.clone(), &edit.replacement);
        out
    }

    #[test]
    fn attribution_goes_before_the_final_period() {
        assert_eq!(
            fixed("Unemployment rose to 14 percent last year.\n"),
            "Unemployment rose to 14 percent last year, according to TK.\n"
        );
    }
}
