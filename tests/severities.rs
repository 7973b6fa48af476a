//! Default severities follow the measurement (issue 20): the table of judged precision
//! on published copy in docs/evaluation.md ("## Judged precision") gives every rule of
//! the registry, its precision or "not measured", and its default severity. A rule whose
//! judged precision is under 0.8 is `hint` by default until it gets there.
//!
//! The defaults are read from the library's registry and from `copydesk rules`, which
//! lists the same; the table from the document itself. Raising a default without a
//! measurement to show for it fails here, whether or not the table's severity column is
//! edited along with it.

use std::process::Command;

use copydesk::config::Severity;

const EVALUATION: &str = include_str!("../docs/evaluation.md");
const SECTION: &str = "## Judged precision";
const TABLE_HEADER: &str = "| rule | judged precision on published copy";
/// Under this judged precision a rule is a `hint` by default.
const THRESHOLD: f64 = 0.8;

/// What the table says of one rule.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    code: String,
    /// `None` for "not measured".
    precision: Option<f64>,
    severity: String,
}

/// The rows of the precision table in `doc`, or why they cannot be read.
fn table(doc: &str) -> Result<Vec<Row>, String> {
    let start = doc
        .find(&format!("\n{SECTION}\n"))
        .ok_or_else(|| format!("no section `{SECTION}`"))?;
    let section = &doc[start + SECTION.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut lines = section
        .lines()
        .skip_while(|line| !line.starts_with(TABLE_HEADER));
    let header = lines
        .next()
        .ok_or_else(|| format!("no table starting `{TABLE_HEADER}` in `{SECTION}`"))?;
    let columns = cells(header);
    let severity_column = columns
        .iter()
        .position(|c| c == "default severity")
        .ok_or_else(|| format!("no `default severity` column in {header:?}"))?;
    match lines.next() {
        Some(rule) if rule.starts_with("|---") => {}
        other => return Err(format!("no separator line under the header: {other:?}")),
    }
    let mut rows = Vec::new();
    for line in lines.take_while(|line| line.starts_with('|')) {
        let row = cells(line);
        if row.len() != columns.len() {
            return Err(format!(
                "{} cells, {} columns: {line}",
                row.len(),
                columns.len()
            ));
        }
        let code = row[0].trim_matches('`').to_string();
        let precision = if row[1].starts_with("not measured") {
            None
        } else {
            // The first figure is the one the default follows.
            let figure: String = row[1]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            match figure.parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => Some(p),
                _ => {
                    return Err(format!(
                        "`{code}`: the precision cell starts with neither a figure \
                         from 0 to 1 nor \"not measured\": {:?}",
                        row[1]
                    ));
                }
            }
        };
        let severity = row[severity_column].trim_matches('`').to_string();
        rows.push(Row {
            code,
            precision,
            severity,
        });
    }
    if rows.is_empty() {
        return Err(format!("the table under `{SECTION}` has no rows"));
    }
    Ok(rows)
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// Everything wrong between the table and the defaults `registry` (code, default).
fn problems(rows: &[Row], registry: &[(&str, Severity)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if rows[..i].iter().any(|earlier| earlier.code == row.code) {
            problems.push(format!("`{}` is in the table twice", row.code));
        }
        let Some(&(_, default)) = registry.iter().find(|(code, _)| *code == row.code) else {
            problems.push(format!("`{}` is in the table but is no rule", row.code));
            continue;
        };
        if row.severity != default.as_str() {
            problems.push(format!(
                "`{}`: the table gives `{}`, the rule's default is `{}`",
                row.code,
                row.severity,
                default.as_str()
            ));
        }
        if let Some(precision) = row.precision
            && precision < THRESHOLD
            && default != Severity::Hint
        {
            problems.push(format!(
                "`{}`: judged precision {precision} is under {THRESHOLD}, so its default \
                 must be `hint` until a measurement reaches {THRESHOLD}, not `{}`",
                row.code,
                default.as_str()
            ));
        }
    }
    for (code, _) in registry {
        if !rows.iter().any(|row| row.code == *code) {
            problems.push(format!(
                "`{code}` is not in the table (give its judged precision or \"not measured\")"
            ));
        }
    }
    problems
}

fn registry() -> Vec<(&'static str, Severity)> {
    copydesk::rules::RULES
        .iter()
        .map(|rule| (rule.code, rule.default_severity))
        .collect()
}

#[test]
fn default_severities_match_the_judged_precision_table() {
    let rows = table(EVALUATION).unwrap_or_else(|why| panic!("docs/evaluation.md: {why}"));
    let problems = problems(&rows, &registry());
    assert!(
        problems.is_empty(),
        "docs/evaluation.md, `{SECTION}`:\n{}",
        problems.join("\n")
    );
}

#[test]
fn copydesk_rules_lists_the_registry_defaults() {
    let output = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("rules")
        .env_remove("COPYDESK_LOG")
        .output()
        .expect("run copydesk rules");
    assert!(output.status.success());
    let listing = String::from_utf8(output.stdout).unwrap();
    let listed: Vec<(String, String)> = listing
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            Some((fields.next()?.to_string(), fields.next()?.to_string()))
        })
        .collect();
    let expected: Vec<(String, String)> = registry()
        .into_iter()
        .map(|(code, severity)| (code.to_string(), severity.as_str().to_string()))
        .collect();
    assert_eq!(listed, expected, "{listing}");
}

#[test]
fn the_table_reads_as_intended() {
    let rows = table(EVALUATION).unwrap();
    let row = |code: &str| rows.iter().find(|r| r.code == code).unwrap().clone();
    // The full judgement of every finding, not the 30 drawn, is the figure that counts.
    assert_eq!(row("inconsistent-spelling").precision, Some(0.67));
    assert_eq!(row("unbalanced-quote").precision, Some(0.77));
    assert_eq!(row("vague-source").precision, Some(0.80));
    for notes_rule in [
        "quote-altered",
        "quote-speaker-mismatch",
        "quote-not-in-notes",
    ] {
        assert_eq!(row(notes_rule).precision, None, "{notes_rule}");
    }
    assert_eq!(row("stylebook-spelling").precision, None);
}

/// The check itself: a default raised without the measurement is caught, with or
/// without the table's severity column edited to match.
#[test]
fn a_default_raised_without_the_measurement_fails() {
    let rows = table(EVALUATION).unwrap();
    let raised: Vec<(&str, Severity)> = registry()
        .into_iter()
        .map(|(code, severity)| {
            (
                code,
                if code == "inconsistent-spelling" {
                    Severity::Warning
                } else {
                    severity
                },
            )
        })
        .collect();
    let found = problems(&rows, &raised);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().any(|p| p.contains("the table gives `hint`")),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.contains("under 0.8")), "{found:?}");

    let doctored = EVALUATION.replace(
        "0.50 on the 30 drawn above | hint |",
        "0.50 on the 30 drawn above | warning |",
    );
    assert_ne!(
        doctored, EVALUATION,
        "the inconsistent-spelling row changed shape"
    );
    let found = problems(&table(&doctored).unwrap(), &raised);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("`inconsistent-spelling`: judged precision 0.67"),
        "{found:?}"
    );

    // Once measured at 0.8 or above, the rule may be raised.
    let measured = doctored.replace(
        "| `inconsistent-spelling` | 0.67",
        "| `inconsistent-spelling` | 0.85",
    );
    assert_eq!(
        problems(&table(&measured).unwrap(), &raised),
        Vec::<String>::new()
    );
}

#[test]
fn a_rule_missing_from_the_table_or_unknown_to_the_registry_fails() {
    let mut rows = table(EVALUATION).unwrap();
    rows.retain(|row| row.code != "quote-not-in-notes");
    rows.push(Row {
        code: "retired-rule".into(),
        precision: Some(0.9),
        severity: "warning".into(),
    });
    let found = problems(&rows, &registry());
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|p| p.contains("`quote-not-in-notes` is not in the table")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("`retired-rule` is in the table but is no rule")),
        "{found:?}"
    );
}

#[test]
fn a_precision_cell_that_is_no_figure_is_an_error() {
    let doctored = EVALUATION.replace(
        "| `unbalanced-quote` | 0.77 |",
        "| `unbalanced-quote` | high |",
    );
    assert_ne!(doctored, EVALUATION);
    let why = table(&doctored).unwrap_err();
    assert!(why.contains("`unbalanced-quote`"), "{why}");
}
