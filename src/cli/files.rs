//! Finding and reading the drafts named on the command line.

use std::fmt;
use std::path::{Path, PathBuf};

const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

pub struct Draft {
    pub path: PathBuf,
    pub text: String,
}

/// A file that could not be checked, and why.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Files named directly are taken whatever their extension; directories are searched
/// (sorted, hidden entries skipped) for drafts.
pub fn collect(paths: &[PathBuf]) -> Vec<Result<PathBuf, FileError>> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => found.push(Ok(path.clone())),
            Err(err) => found.push(Err(FileError {
                path: path.clone(),
                reason: err.to_string(),
            })),
        }
    }
    found
}

fn walk(dir: &Path, found: &mut Vec<Result<PathBuf, FileError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            found.push(Err(FileError {
                path: dir.to_path_buf(),
                reason: err.to_string(),
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, found);
        } else if is_draft(&path) {
            found.push(Ok(path));
        }
    }
}

fn is_draft(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DRAFT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

pub fn read(path: PathBuf) -> Result<Draft, FileError> {
    let fail = |reason: String| FileError {
        path: path.clone(),
        reason,
    };
    let bytes = std::fs::read(&path).map_err(|err| fail(err.to_string()))?;
    if bytes.contains(&0) {
        return Err(fail(
            "binary file (contains NUL bytes); not checked".to_string(),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        fail(format!(
            "not valid UTF-8 (first bad byte at offset {}); save it as UTF-8 to check it",
            err.utf8_error().valid_up_to()
        ))
    })?;
    Ok(Draft { path, text })
}
