//! The desk of `copydesk check`: the drafts checked under one configuration file, and
//! that folder's sources. A draft with no configuration file has no desk: a folder of
//! unrelated articles is not a newsroom's.

use std::collections::HashMap;
use std::path::PathBuf;

use super::Done;
use super::files::FileError;
use crate::analysis::Format;
use crate::analysis::desk::DeskNames;

/// Appends each draft's `desk-spelling` findings, held against the other drafts of
/// its configuration and their sources.
pub(super) fn add_desk_findings(results: &mut [Result<Done, FileError>]) {
    let mut desks: HashMap<PathBuf, DeskNames> = HashMap::new();
    let mut sources_read: Vec<PathBuf> = Vec::new();
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
                let reading =
                    crate::check::analyze(&source.text, Format::PlainText, &done.resolved.config);
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
