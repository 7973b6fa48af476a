//! `copydesk quotes FILE…`: every quotation of each draft with its verdict against the
//! reporter's sources and where the source has it, for an editor's last read.
//!
//! The sources are the files the `[sources]` globs of the draft's configuration match
//! (default: below `notes/`, `transcripts/` and `interviews/`), relative to the folder
//! of the configuration file (the draft's own folder when it has none): .txt, .md,
//! .vtt, .srt and .docx (`notes::Format`). A glob or a file that leaves that folder is
//! refused, a file over `config::sources::MAX_FILE_BYTES` skipped, and one that cannot
//! be read named on stderr (`config::sources::SourceSet`); none of them stops the run.
//! Each folder's sources are indexed once per run.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::{Format, QuoteKind};
use crate::config::sources::{Note as SourceNote, SourceSet};
use crate::notes::{self, Index, Lookup, SpeakerCheck, Verdict};

use super::{Configs, EXIT_FINDINGS, EXIT_TROUBLE, Reading, files};

/// The `[sources]` of each sources folder met in this run, recorded by
/// [`sources_root`] for [`index_sources`]: every draft with the same root has the same
/// configuration file, so the root names its sources' settings.
static SOURCE_SETTINGS: std::sync::Mutex<Option<HashMap<PathBuf, crate::config::Config>>> =
    std::sync::Mutex::new(None);

/// Quotations shorter than this many words are not looked up (a scare-quoted word).
const MIN_WORDS: usize = 3;

fn is_source(name: &str) -> bool {
    notes::Format::of(name).is_some()
}

/// The source files of the drafts whose sources folder is `root`, as (key, bytes);
/// problems are reported on stderr, and an unreadable file counts as trouble.
pub fn read_sources(root: &Path, trouble: &mut bool) -> Vec<(String, Vec<u8>)> {
    let config = SOURCE_SETTINGS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .and_then(|m| m.get(root).cloned())
        .unwrap_or_default();
    let (set, mut problems) = SourceSet::new(root, &config);
    let (found, more) = set.collect(is_source);
    problems.extend(more);
    for note in problems {
        if matches!(note, SourceNote::Unreadable { .. }) {
            *trouble = true;
        }
        eprintln!("copydesk: note: {note}");
    }
    found
}

/// The folder a draft's sources are relative to: its configuration file's folder, or
/// its own.
pub fn sources_root(resolved: &crate::config::Resolved, draft: &Path) -> PathBuf {
    let absolute = std::path::absolute(draft).unwrap_or_else(|_| draft.to_path_buf());
    let root = resolved
        .file
        .as_ref()
        .and_then(|f| f.parent())
        .or_else(|| absolute.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    SOURCE_SETTINGS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get_or_insert_with(HashMap::new)
        .entry(root.clone())
        .or_insert_with(|| (*resolved.config).clone());
    root
}

/// Indexes the sources of `root`, naming the files that could not be read.
pub fn index_sources(root: &Path, trouble: &mut bool) -> Index {
    let inputs = read_sources(root, trouble);
    let (index, errors) = Index::build(&inputs, 0);
    for (path, error) in errors {
        eprintln!("copydesk: {}: {error}; not read", root.join(path).display());
    }
    index
}

/// One line for a quotation's verdict.
pub fn describe(found: &Lookup, draft_speaker: Option<&str>) -> String {
    let whose = |p: &notes::Passage| {
        p.speaker
            .as_deref()
            .map_or(String::new(), |s| format!(" ({s})"))
    };
    let Some(passage) = &found.passage else {
        return "not in the sources".to_string();
    };
    let mut line = match found.verdict {
        Verdict::Verbatim => format!("verbatim: {}{}", passage.location(), whose(passage)),
        Verdict::Altered => format!(
            "altered: {}{}: {}",
            passage.location(),
            whose(passage),
            found
                .differences
                .iter()
                .map(notes::Difference::message)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        Verdict::NotFound => format!(
            "not in the sources; closest: {}{}, {:.0}% alike: “{}”",
            passage.location(),
            whose(passage),
            found.similarity * 100.0,
            passage.text
        ),
    };
    if found.speaker == SpeakerCheck::Different && found.verdict != Verdict::NotFound {
        line.push_str(&format!(
            "; said by {}, the draft gives it to {}",
            passage.speaker.as_deref().unwrap_or("someone else"),
            draft_speaker.unwrap_or("someone else")
        ));
    }
    line
}

pub(super) fn quotes(paths: &[PathBuf], options: Reading, out: &mut impl Write) -> i32 {
    let mut configs = match Configs::open(options.config) {
        Ok(configs) => configs,
        Err(status) => return status,
    };
    let mut trouble = false;
    let mut flagged = false;
    let mut indexes: HashMap<PathBuf, Index> = HashMap::new();
    for entry in files::collect(paths) {
        let draft = match entry.and_then(|path| files::read(path, options.encoding)) {
            Ok(draft) => draft,
            Err(error) => {
                trouble = true;
                eprintln!("copydesk: {error}");
                continue;
            }
        };
        let (resolved, ignored) = configs.resolve(&draft.path);
        if ignored {
            continue;
        }
        let root = sources_root(&resolved, &draft.path);
        let index = indexes
            .entry(root.clone())
            .or_insert_with(|| index_sources(&root, &mut trouble));
        let format = Format::from_path(&draft.path.to_string_lossy());
        let analysis = crate::check::analyze(&draft.text, format, &resolved.config);
        for quote in &analysis.quotes {
            if quote.kind == QuoteKind::Title {
                continue;
            }
            let words = &draft.text[quote.content.clone()];
            if words.split_whitespace().count() < MIN_WORDS {
                continue;
            }
            let (line, column) = crate::text::line_column(&draft.text, quote.range.start);
            let speaker = quote.speaker.as_ref().map(|s| s.name.as_str());
            let verdict = if index.is_empty() {
                "no sources (notes/, transcripts/, interviews/)".to_string()
            } else {
                match index.lookup(words, speaker) {
                    Some(found) => {
                        flagged |= found.verdict != Verdict::Verbatim
                            || found.speaker == SpeakerCheck::Different;
                        describe(&found, speaker)
                    }
                    None => continue,
                }
            };
            let shown: String = words.split_whitespace().collect::<Vec<_>>().join(" ");
            let result = writeln!(
                out,
                "{}:{line}:{column}: {verdict}\n    “{shown}” — {}",
                draft.path.display(),
                speaker.unwrap_or("no speaker")
            );
            if result.is_err() {
                return EXIT_TROUBLE;
            }
        }
    }
    if trouble || configs.trouble {
        EXIT_TROUBLE
    } else if flagged {
        EXIT_FINDINGS
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn harbour() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notes-workspaces/harbour")
    }

    #[test]
    fn check_reports_the_three_rules_on_the_fixture_draft() {
        let root = harbour();
        let mut trouble = false;
        let index = index_sources(&root, &mut trouble);
        assert!(!trouble);
        assert_eq!(index.len(), 5);
        let text = std::fs::read_to_string(root.join("draft.md")).unwrap();
        let analysis = crate::check::analyze_with_sources(
            &text,
            Format::Markdown,
            &Config::default(),
            &mut crate::analysis::Cache::one_shot(),
            Some(&index),
        );
        let found: Vec<(&str, String)> = analysis
            .findings
            .iter()
            .filter(|f| f.code.starts_with("quote-"))
            .map(|f| (f.code, f.message.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "quote-altered",
                    "not word for word as in notes/okafor-call.txt line 8: notes: *has not \
                     returned* · draft: *has never returned*"
                        .to_string()
                ),
                (
                    "quote-altered",
                    "not word for word as in interviews/okafor-followup.md at 0:00: notes: *to \
                     Northport* · draft: *to Westhaven*"
                        .to_string()
                ),
                (
                    "quote-speaker-mismatch",
                    "interviews/okafor-followup.md at 0:42 has these words from Dana Whitfield, \
                     not Maria Okafor"
                        .to_string()
                ),
                (
                    "quote-not-in-notes",
                    "not in the sources; the closest passage, notes/okafor-call.txt line 4 \
                     (30% alike): “the position of every”"
                        .to_string()
                ),
            ]
        );
        // The quick fix puts the notes' words in.
        let altered = analysis
            .findings
            .iter()
            .find(|f| f.code == "quote-altered")
            .unwrap();
        let mut fixed = text.clone();
        for edit in altered.fixes[0].edits.iter().rev() {
            fixed.replace_range(edit.range.clone(), &edit.replacement);
        }
        assert!(fixed.contains("“The mayor has not returned our calls,” Okafor said."));
        // Without sources the rules are silent.
        let without = crate::check::analyze(&text, Format::Markdown, &Config::default());
        assert!(
            without
                .findings
                .iter()
                .all(|f| !f.code.starts_with("quote-a"))
        );
    }

    #[test]
    fn quotes_lists_every_quotation_with_its_verdict() {
        let mut out = Vec::new();
        let status = quotes(
            &[harbour().join("draft.md")],
            Reading {
                config: None,
                encoding: None,
            },
            &mut out,
        );
        let out = String::from_utf8(out).unwrap();
        assert_eq!(status, EXIT_FINDINGS, "{out}");
        assert!(
            out.contains(":3:1: verbatim: notes/okafor-call.txt line 4 (OKAFOR)"),
            "{out}"
        );
        assert!(
            out.contains(": verbatim: notes/reyes-phone.docx paragraph 2 (REYES)"),
            "{out}"
        );
        assert!(
            out.contains("said by Dana Whitfield, the draft gives it to Maria Okafor"),
            "{out}"
        );
        assert!(out.contains(": not in the sources"), "{out}");
    }
}
