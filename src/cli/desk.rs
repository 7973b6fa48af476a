//! The desk of `copydesk check`: the drafts checked under one configuration file, and
//! that folder's sources. A draft with no configuration file has no desk: a folder of
//! unrelated articles is not a newsroom's.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Done;
use super::files::FileError;
use crate::analysis::desk::DeskNames;
use crate::analysis::{Format, Passes};

/// Appends each draft's `desk-spelling` findings, held against the other drafts of
/// its configuration and their sources.
pub(super) fn add_desk_findings(results: &mut [Result<Done, FileError>]) {
    let mut desks: HashMap<PathBuf, DeskNames> = HashMap::new();
    let mut sources_read: Vec<PathBuf> = Vec::new();
    // A source file also given as a draft counts once, as the draft.
    let canonical = |path: &std::path::Path| std::fs::canonicalize(path).ok();
    let drafts: std::collections::HashSet<PathBuf> = results
        .iter()
        .flatten()
        .filter_map(|done| canonical(&done.draft.path))
        .collect();
    for done in results.iter().flatten() {
        let Some(file) = &done.resolved.file else {
            continue;
        };
        if !crate::rules::is_on(&done.resolved.config, "desk-spelling") {
            continue;
        }
        let desk = desks.entry(file.clone()).or_default();
        let label = done.draft.path.display().to_string();
        desk.insert(&label, &done.draft.text, &done.analysis.entities);
        if !sources_read.contains(file) {
            sources_read.push(file.clone());
            for source in done.sources.files() {
                // A source's path may be relative to the configuration's folder.
                let at = file.parent().map_or_else(
                    || PathBuf::from(&source.path),
                    |root| root.join(&source.path),
                );
                if canonical(&at).is_some_and(|p| drafts.contains(&p)) {
                    continue;
                }
                // Only its names are wanted: no rules, no optional passes.
                let reading = crate::analysis::read(
                    &source.text,
                    Format::PlainText,
                    &done.resolved.config,
                    Passes::NONE,
                );
                desk.insert(&source.path, &source.text, &reading.entities);
            }
        }
    }
    for done in results.iter_mut().flatten() {
        let Some(desk) = done.resolved.file.as_ref().and_then(|f| desks.get(f)) else {
            continue;
        };
        let label = done.draft.path.display().to_string();
        let format = Format::from_path(&label);
        let found = crate::check::desk_findings(
            &done.draft.text,
            format,
            &done.resolved.config,
            &done.analysis,
            desk,
            Some(&label),
        );
        if !found.is_empty() {
            let findings = &mut done.analysis.findings;
            findings.extend(found);
            findings.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.code.cmp(b.code)));
        }
    }
}
