//! Finding and reading the drafts named on the command line.
//!
//! A folder is walked the way a newsroom's archive needs: sorted, hidden entries
//! skipped; pipes, sockets and devices named like drafts skipped with a note on stderr
//! (reading a named pipe would wait for a writer for ever); every folder and every file
//! taken once, by device and inode, so a symbolic link back up the tree (a loop) or a
//! second link to a folder or file already seen adds nothing; a folder that cannot be
//! listed named as a file that could not be read, and the walk goes on.

use std::collections::HashSet;
use std::fmt;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::encoding::{self, Encoded};

const DRAFT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

pub struct Draft {
    pub path: PathBuf,
    pub text: String,
    /// How the file's bytes became `text`, and so how `--fix` writes it back.
    pub encoded: Encoded,
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

/// Files named directly are taken whatever their extension and whatever they are (a
/// pipe from `<(…)` is read to its end); directories are searched for drafts (see the
/// module's documentation). A file found in a walk that was named directly or found
/// before is not taken again.
pub fn collect(paths: &[PathBuf]) -> Vec<Result<PathBuf, FileError>> {
    let mut walk = Walk::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.dir(path, &meta),
            Ok(meta) => {
                walk.files.insert(FileId::of(path, &meta));
                walk.found.push(Ok(path.clone()));
            }
            Err(err) => walk.found.push(Err(FileError {
                path: path.clone(),
                reason: err.to_string(),
            })),
        }
    }
    walk.found
}

/// A file's identity: its device and inode where there are such (two paths to one file
/// are the same), else its canonical path.
#[derive(Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileId {
    #[cfg(unix)]
    fn of(_path: &Path, meta: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId::Inode(meta.dev(), meta.ino())
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _meta: &Metadata) -> FileId {
        FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }
}

#[derive(Default)]
struct Walk {
    found: Vec<Result<PathBuf, FileError>>,
    /// Every folder walked so far, and every file taken.
    dirs: HashSet<FileId>,
    files: HashSet<FileId>,
    /// The folders being walked, outermost first: one met again is a loop.
    open: Vec<(FileId, PathBuf)>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, meta: &Metadata) {
        let id = FileId::of(dir, meta);
        if let Some((_, ancestor)) = self.open.iter().find(|(open, _)| *open == id) {
            note(
                dir,
                &format!(
                    "a symbolic link back to {}; not followed again",
                    ancestor.display()
                ),
            );
            return;
        }
        if !self.dirs.insert(id.clone()) {
            return; // reached before by another path: its drafts are taken already
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => {
                self.found.push(Err(FileError {
                    path: dir.to_path_buf(),
                    reason: format!("folder not read ({err}); skipped"),
                }));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        self.open.push((id, dir.to_path_buf()));
        for path in paths {
            let hidden = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'));
            if !hidden {
                self.entry(path);
            }
        }
        self.open.pop();
    }

    fn entry(&mut self, path: PathBuf) {
        // Through symbolic links, as a folder's own files are.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            // A broken link, or one in a loop of links: named when it looks like a draft.
            Err(err) => {
                if is_draft(&path) {
                    self.found.push(Err(FileError {
                        path,
                        reason: err.to_string(),
                    }));
                }
                return;
            }
        };
        if meta.is_dir() {
            self.dir(&path, &meta);
        } else if is_draft(&path) {
            if !meta.is_file() {
                note(&path, &format!("{}, not a file; skipped", kind(&meta)));
            } else if self.files.insert(FileId::of(&path, &meta)) {
                self.found.push(Ok(path));
            }
        }
    }
}

fn note(path: &Path, message: &str) {
    eprintln!("copydesk: note: {}: {message}", path.display());
}

/// What a file that is neither a folder nor a regular file is.
#[cfg(unix)]
fn kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = meta.file_type();
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(_meta: &Metadata) -> &'static str {
    "a special file"
}

fn is_draft(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DRAFT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The draft at `path`: UTF-8, or decoded as [`encoding`] describes (`label` is
/// `--encoding`'s).
pub fn read(path: PathBuf, label: Option<&'static Encoding>) -> Result<Draft, FileError> {
    let decoded = std::fs::read(&path)
        .map_err(|err| err.to_string())
        .and_then(|bytes| encoding::decode(bytes, label));
    match decoded {
        Ok((text, encoded)) => Ok(Draft {
            path,
            text,
            encoded,
        }),
        Err(reason) => Err(FileError { path, reason }),
    }
}
