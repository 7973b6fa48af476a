//! `copydesk check --fix`: applies the fixes that are safe to apply unattended
//! (`Fix::safe`: spelling unifications and stylebook forms; never an invented speaker
//! or source) and writes each file atomically.
//!
//! A file is written only when every step succeeded: the analysis ran, every edit lies
//! inside the text on character boundaries, the fixed text can be written in the file's
//! encoding (`encoding`), the file on disk still holds the bytes that were read, and
//! the new text is written to a temporary file in the same directory, synced
//! and renamed over the draft. Anything else leaves the file exactly as it was.

use std::fs::{self, File};
use std::io::Write;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crate::analysis::{Analysis, Edit, Format};
use crate::config::Config;

/// How many rounds of analyse-and-fix a file gets: a fix may reveal another (a
/// unified spelling now differs from the stylebook's form).
const MAX_ROUNDS: usize = 4;

/// The fixes applied to one text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// The title of each fix applied, in text order per round.
    pub applied: Vec<String>,
}

/// The analysis, caught: a panic is an error for this file only.
pub fn analyze_caught(text: &str, format: Format, config: &Config) -> Result<Analysis, String> {
    catch_unwind(AssertUnwindSafe(|| {
        crate::check::analyze(text, format, config)
    }))
    .map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        format!("the analysis failed ({why}); not fixed")
    })
}

/// `text` with every safe fix applied (the first safe fix of each finding; a fix whose
/// edits overlap one already chosen waits for the next round).
pub fn fix_text(text: &str, format: Format, config: &Config) -> Result<Fixed, String> {
    let mut fixed = Fixed {
        text: text.to_string(),
        applied: Vec::new(),
    };
    for _ in 0..MAX_ROUNDS {
        let analysis = analyze_caught(&fixed.text, format, config)?;
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut titles = Vec::new();
        for finding in &analysis.findings {
            let Some(fix) = finding.fixes.iter().find(|fix| fix.safe) else {
                continue;
            };
            if fix.edits.is_empty() {
                continue;
            }
            for edit in &fix.edits {
                check_edit(&fixed.text, &edit.range)?;
            }
            let conflicts = fix.edits.iter().enumerate().any(|(i, edit)| {
                chosen.iter().any(|c| overlaps(&c.range, &edit.range))
                    || fix.edits[..i]
                        .iter()
                        .any(|e| overlaps(&e.range, &edit.range))
            });
            if conflicts {
                continue;
            }
            chosen.extend(&fix.edits);
            titles.push(fix.title.clone());
        }
        if chosen.is_empty() {
            break;
        }
        chosen.sort_by_key(|edit| std::cmp::Reverse(edit.range.start));
        let mut text = fixed.text.clone();
        for edit in chosen {
            text.replace_range(edit.range.clone(), &edit.replacement);
        }
        if text == fixed.text {
            break;
        }
        fixed.text = text;
        fixed.applied.extend(titles);
    }
    Ok(fixed)
}

fn check_edit(text: &str, range: &Range<usize>) -> Result<(), String> {
    if range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
    {
        Ok(())
    } else {
        Err(format!(
            "a fix's edit {range:?} does not fit the {}-byte text; not fixed",
            text.len()
        ))
    }
}

/// Two edits conflict when their ranges overlap or both insert at the same place.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// Where `--backup` keeps the original: the file's name with `.orig` added.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".orig");
    path.with_file_name(name)
}

/// Replaces the file at `path` (whose bytes were `original` when it was read) with
/// `bytes`: a temporary file in the same directory, written and synced, then renamed
/// over it. A symbolic link is followed (the file it points at is replaced, the link
/// stays). With `backup`, the original is first copied to [`backup_path`]. Returns the
/// backup's path. On any error the draft is left as it was.
pub fn write_atomically(
    path: &Path,
    original: &[u8],
    bytes: &[u8],
    backup: bool,
) -> Result<Option<PathBuf>, String> {
    let target = fs::canonicalize(path).map_err(|err| format!("cannot resolve: {err}"))?;
    let dir = target
        .parent()
        .ok_or_else(|| "has no directory".to_string())?;
    let metadata = fs::metadata(&target).map_err(|err| err.to_string())?;
    // Someone may have saved the draft since it was read: their text wins.
    match fs::read(&target) {
        Ok(now) if now == original => {}
        Ok(_) => return Err("changed on disk while it was being fixed; not written".into()),
        Err(err) => return Err(format!("cannot read it again: {err}")),
    }
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.copydesk-fix-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut file = File::create_new(&temp)?;
        file.write_all(bytes)?;
        file.set_permissions(metadata.permissions())?;
        file.sync_all()
    })();
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(format!("cannot write {}: {err}", temp.display()));
    }
    let backup_file = if backup {
        let backup = backup_path(path);
        let copied = fs::copy(&target, &backup).and_then(|_| File::open(&backup)?.sync_all());
        if let Err(err) = copied {
            let _ = fs::remove_file(&temp);
            return Err(format!(
                "cannot keep a backup at {}: {err}",
                backup.display()
            ));
        }
        Some(backup)
    } else {
        None
    };
    if let Err(err) = fs::rename(&temp, &target) {
        let _ = fs::remove_file(&temp);
        return Err(format!("cannot replace it: {err}"));
    }
    // The rename itself is durable once the directory is synced (where that exists).
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(backup_file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_and_same_place_edits_conflict() {
        assert!(overlaps(&(0..4), &(3..5)));
        assert!(!overlaps(&(0..3), &(3..5)));
        assert!(overlaps(&(3..3), &(3..3)));
        assert!(overlaps(&(3..3), &(3..6)));
        assert!(!overlaps(&(3..3), &(1..3)));
    }

    #[test]
    fn edits_outside_the_text_or_inside_a_character_are_refused() {
        assert!(check_edit("ğx", &(0..2)).is_ok());
        assert!(check_edit("ğx", &(1..2)).is_err());
        assert!(check_edit("ğx", &(0..9)).is_err());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = 2..1;
        assert!(check_edit("ğx", &reversed).is_err());
    }

    #[test]
    fn the_backup_keeps_the_name_and_adds_orig() {
        assert_eq!(
            backup_path(Path::new("drafts/story.md")),
            PathBuf::from("drafts/story.md.orig")
        );
    }
}
