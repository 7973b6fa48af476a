//! Quick fixes the server adds to the rules' own: "Ignore CODE on this line" and the
//! edit that adds a spelling to the stylebook in copydesk.toml.

use tower_lsp_server::ls_types::*;

use super::convert::{self, Encoding};
use super::snapshot::Snapshot;
use crate::analysis::{self, Finding, Format};

/// The start of a copydesk.toml the stylebook quick fix creates.
pub(super) const NEW_CONFIG_HEADER: &str =
    "# copydesk.toml: the house style (see `copydesk init` for every section).\n";

/// "Ignore CODE on this line": a disable-next-line comment above the finding's line.
/// In Markdown, a line inside a paragraph gets `copydesk-disable-line` at its end
/// instead, since a comment line there would split the paragraph.
pub(super) fn ignore_action(
    uri: &Uri,
    snapshot: &Snapshot,
    finding: &Finding,
    format: Format,
    encoding: Encoding,
) -> CodeAction {
    let text = &snapshot.text;
    let at = text.floor_char_boundary(finding.range.start);
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let indent = &line[..line.len() - line.trim_start().len()];
    let before = &text[..line_start];
    let before = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix(['\n', '\r']))
        .unwrap_or(before);
    let previous_blank = before
        .rsplit(['\n', '\r'])
        .next()
        .is_none_or(|previous| previous.trim().is_empty());
    let inside_paragraph = format == Format::Markdown
        && line_start > 0
        && !previous_blank
        && !line.trim_start().starts_with('#');
    let (range, new_text) = if inside_paragraph {
        (
            line_end..line_end,
            format!(" <!-- copydesk-disable-line {} -->", finding.code),
        )
    } else {
        let line_break = if text.contains("\r\n") { "\r\n" } else { "\n" };
        (
            line_start..line_start,
            analysis::suppression::disable_next_line(format, finding.code, indent, line_break),
        )
    };
    let edit = TextEdit::new(
        convert::byte_range_to_range(&snapshot.rope, &range, encoding),
        new_text,
    );
    // No `diagnostics`: the rule's own fixes stay the ones tied to the diagnostic.
    CodeAction {
        title: format!("Ignore {} on this line", finding.code),
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some([(uri.clone(), vec![edit])].into_iter().collect()),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

/// The spelling a spelling finding proposes: its first fix's replacement, or the text
/// it covers.
pub(super) fn proposed_spelling(text: &str, finding: &Finding) -> Option<String> {
    let from_fix = finding
        .fixes
        .first()
        .and_then(|fix| fix.edits.first())
        .map(|edit| edit.replacement.clone());
    let spelling = from_fix.or_else(|| text.get(finding.range.clone()).map(str::to_string))?;
    let spelling = spelling.trim().to_string();
    (!spelling.is_empty()).then_some(spelling)
}

/// `text` (a copydesk.toml) with `spelling` added to `stylebook.preferred` and dropped
/// from `stylebook.reject`; None when it is already preferred or the file is broken.
pub(super) fn add_preferred(text: &str, spelling: &str) -> Option<String> {
    let mut document: toml_edit::DocumentMut = text.parse().ok()?;
    let root = document.as_table_mut();
    let stylebook = root
        .entry("stylebook")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    let stylebook = stylebook.as_table_like_mut()?;
    if let Some(reject) = stylebook
        .get_mut("reject")
        .and_then(|r| r.as_table_like_mut())
    {
        reject.remove(spelling);
    }
    let preferred = stylebook
        .entry("preferred")
        .or_insert(toml_edit::value(toml_edit::Array::new()));
    let array = preferred.as_array_mut()?;
    if array.iter().any(|v| v.as_str() == Some(spelling)) {
        return None;
    }
    array.push(spelling);
    Some(document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_to_the_stylebook_keeps_the_file_and_drops_the_rejection() {
        let text = "# house style\n[rules]\nunbalanced-quote = \"off\"\n\n[stylebook]\npreferred = [\"Kyiv\"] # cities\nreject = { \"Türkiye\" = \"Turkey\" }\n";
        let updated = add_preferred(text, "Türkiye").unwrap();
        let parsed = crate::config::parse_toml(&updated, crate::rules::is_known);
        let config = parsed.config.unwrap();
        assert_eq!(config.stylebook.preferred, vec!["Kyiv", "Türkiye"]);
        assert!(config.stylebook.reject.is_empty());
        assert!(updated.starts_with("# house style\n") && updated.contains("# cities"));
        assert_eq!(add_preferred(&updated, "Kyiv"), None);
        assert_eq!(add_preferred("[stylebook\n", "Kyiv"), None);
        let fresh = add_preferred(NEW_CONFIG_HEADER, "Zelenskyy").unwrap();
        assert_eq!(
            crate::config::parse_toml(&fresh, crate::rules::is_known)
                .config
                .unwrap()
                .stylebook
                .preferred,
            vec!["Zelenskyy"]
        );
    }

    #[test]
    fn the_proposed_spelling_is_the_fix_or_the_text() {
        let mut finding = Finding {
            code: "inconsistent-spelling",
            severity: analysis::Severity::Warning,
            range: 4..10,
            message: String::new(),
            related: Vec::new(),
            fixes: Vec::new(),
        };
        assert_eq!(
            proposed_spelling("the Turkey x", &finding).as_deref(),
            Some("Turkey")
        );
        finding.fixes.push(analysis::Fix {
            title: String::new(),
            edits: vec![analysis::Edit {
                range: 4..10,
                replacement: "Türkiye".to_string(),
            }],
            safe: true,
        });
        assert_eq!(
            proposed_spelling("the Turkey x", &finding).as_deref(),
            Some("Türkiye")
        );
    }
}
