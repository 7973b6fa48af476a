//! Which files are the reporter's sources for the drafts below a configuration: the
//! `[sources]` globs, resolved against the configuration's folder, and the walk that
//! reads the files they match. Used by both front ends; std I/O only, no parsing of
//! the files (the caller says which names are sources and reads them with `notes`).
//!
//! A glob that leaves the folder (an absolute path, a `..` that climbs out of it) and a
//! file that resolves outside it through a symbolic link are refused unless the user's
//! own editor settings allow it (`sources.allow-outside`): a cloned repository's
//! `copydesk.toml` must not make the editor read the user's other files.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::Config;

/// The globs used when the configuration names none.
pub const DEFAULT_GLOBS: &[&str] = &["notes/**", "transcripts/**", "interviews/**"];

/// Source files larger than this are skipped with a note rather than read.
pub const MAX_FILE_BYTES: u64 = 20 << 20;

/// Something about the sources the user should hear of once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A glob that leaves the configuration's folder, not followed.
    Refused {
        pattern: String,
    },
    /// A glob that is not a glob.
    BadGlob {
        pattern: String,
        error: String,
    },
    /// A file that resolves outside the folder (a symbolic link), not read.
    Outside {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
    },
    Unreadable {
        path: PathBuf,
        error: String,
    },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Refused { pattern } => write!(
                f,
                "sources: `{pattern}` leaves the configuration's folder; not read (the editor setting copydesk.sources.allow-outside allows it)"
            ),
            Note::BadGlob { pattern, error } => {
                write!(f, "sources: bad glob `{pattern}`: {error}")
            }
            Note::Outside { path } => write!(
                f,
                "{}: resolves outside the configuration's folder; not read",
                path.display()
            ),
            Note::TooLarge { path, bytes } => write!(
                f,
                "{}: {} MB, over the {} MB limit for a source file; skipped",
                path.display(),
                bytes >> 20,
                MAX_FILE_BYTES >> 20
            ),
            Note::Unreadable { path, error } => {
                write!(f, "{}: cannot be read ({error}); skipped", path.display())
            }
        }
    }
}

/// True when a glob, written relative to the configuration's folder, reaches outside
/// it: an absolute path, a home-relative path, a Windows drive, or more `..` than
/// folders before them.
pub fn leaves_folder(pattern: &str) -> bool {
    let pattern = pattern.trim();
    if pattern.starts_with('/') || pattern.starts_with('\\') || pattern.starts_with('~') {
        return true;
    }
    let bytes = pattern.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return true;
    }
    let mut depth = 0i32;
    for part in pattern.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

/// A path with `.` and `..` taken out lexically (the glob's base may not exist yet).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn has_meta(part: &str) -> bool {
    part.contains(['*', '?', '[', '{'])
}

/// The `[sources]` of one configuration folder, compiled.
#[derive(Debug, Clone)]
pub struct SourceSet {
    root: PathBuf,
    canonical_root: PathBuf,
    allow_outside: bool,
    /// The globs as written, after refusal: what the editor is asked to watch.
    patterns: Vec<String>,
    /// Matched against a file's lexical absolute path.
    matcher: GlobSet,
    /// The folders (or files) the walk starts from: each glob's part before its first
    /// wildcard.
    bases: Vec<PathBuf>,
}

impl SourceSet {
    /// The sources of the drafts whose configuration is in `root` (the draft's own
    /// folder when there is no configuration file), and a note for each glob refused.
    pub fn new(root: &Path, config: &Config) -> (SourceSet, Vec<Note>) {
        let written: Vec<String> = match &config.sources.include {
            Some(globs) => globs.clone(),
            None => DEFAULT_GLOBS.iter().map(|g| g.to_string()).collect(),
        };
        let allow_outside = config.sources.allow_outside;
        let root = normalize(&std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()));
        let mut notes = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let mut patterns = Vec::new();
        let mut bases = Vec::new();
        for pattern in written {
            let pattern = pattern.trim().trim_start_matches("./").to_string();
            if pattern.is_empty() {
                continue;
            }
            if leaves_folder(&pattern) && !allow_outside {
                notes.push(Note::Refused { pattern });
                continue;
            }
            let expanded = match pattern.strip_prefix("~/") {
                Some(rest) => std::env::var_os("HOME")
                    .map(|home| PathBuf::from(home).join(rest))
                    .unwrap_or_else(|| PathBuf::from(&pattern)),
                None => PathBuf::from(&pattern),
            };
            // The root is a path, not a glob: a folder named "notes [2024]" is literal.
            // So is the glob's leading part without a wildcard, as written.
            let mut literal = PathBuf::new();
            let mut parts = expanded.components().peekable();
            while let Some(c) = parts.next_if(|c| !has_meta(&c.as_os_str().to_string_lossy())) {
                literal.push(c);
            }
            let rest: PathBuf = parts.collect();
            let literal = normalize(&root.join(literal));
            let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
            let mut text = globset::escape(&slash(&literal));
            if !rest.as_os_str().is_empty() {
                text = format!("{}/{}", text.trim_end_matches('/'), slash(&rest));
            }
            // A folder named without a wildcard stands for what is in it.
            let variants = [text.clone(), format!("{}/**", text.trim_end_matches('/'))];
            let mut ok = true;
            for variant in variants {
                match GlobBuilder::new(&variant).literal_separator(true).build() {
                    Ok(glob) => {
                        builder.add(glob);
                    }
                    Err(err) => {
                        ok = false;
                        notes.push(Note::BadGlob {
                            pattern: pattern.clone(),
                            error: err.kind().to_string(),
                        });
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            let base = literal;
            bases.push(base);
            patterns.push(pattern);
        }
        bases.sort();
        bases.dedup();
        // A base inside another is walked with it.
        let mut kept: Vec<PathBuf> = Vec::new();
        for base in bases {
            if !kept.iter().any(|k| base.starts_with(k)) {
                kept.push(base);
            }
        }
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let set = SourceSet {
            root,
            canonical_root,
            allow_outside,
            patterns,
            matcher: builder.build().unwrap_or_else(|_| GlobSet::empty()),
            bases: kept,
        };
        (set, notes)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The globs in force, relative to [`SourceSet::root`] (or absolute where allowed).
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The name a source file goes by in messages and in the index: its path relative
    /// to the root with `/`, or its full path when it is outside.
    pub fn key(&self, path: &Path) -> String {
        let path = normalize(path);
        match path.strip_prefix(&self.root) {
            Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }

    /// The file a key names.
    pub fn path_of(&self, key: &str) -> PathBuf {
        let key = Path::new(key);
        if key.is_absolute() {
            key.to_path_buf()
        } else {
            self.root.join(key)
        }
    }

    /// True when a file at `path` (absolute) is one of these sources by its name.
    pub fn matches(&self, path: &Path, is_source: fn(&str) -> bool) -> bool {
        let path = normalize(path);
        let text = path.to_string_lossy().replace('\\', "/");
        if !is_source(&text) || !self.matcher.is_match(&text) {
            return false;
        }
        // Hidden files and folders below the root are not sources.
        let below = path.strip_prefix(&self.root).unwrap_or(&path);
        !below
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    }

    /// Whether a file that exists at `path` is inside the folder once symbolic links are
    /// followed (always true where outside files are allowed).
    fn inside(&self, path: &Path) -> bool {
        self.allow_outside
            || path
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&self.canonical_root))
    }

    /// Reads one source file: `Ok(None)` when it is gone or no longer a source.
    pub fn read(
        &self,
        path: &Path,
        is_source: fn(&str) -> bool,
    ) -> Result<Option<(String, Vec<u8>)>, Note> {
        if !self.matches(path, is_source) {
            return Ok(None);
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => {
                return Err(Note::Unreadable {
                    path: path.to_path_buf(),
                    error: err.to_string(),
                });
            }
        };
        if !meta.is_file() {
            return Ok(None);
        }
        if !self.inside(path) {
            return Err(Note::Outside {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Note::TooLarge {
                path: path.to_path_buf(),
                bytes: meta.len(),
            });
        }
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some((self.key(path), bytes))),
            Err(err) => Err(Note::Unreadable {
                path: path.to_path_buf(),
                error: err.to_string(),
            }),
        }
    }

    /// Every source file, as (key, bytes) sorted by key, and a note for each file
    /// refused, skipped or unreadable. Hidden entries are skipped; a folder reached twice
    /// (a link loop) is walked once.
    pub fn collect(&self, is_source: fn(&str) -> bool) -> (Vec<(String, Vec<u8>)>, Vec<Note>) {
        let mut found = BTreeMap::new();
        let mut notes = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<PathBuf> = self.bases.iter().rev().cloned().collect();
        while let Some(path) = stack.pop() {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue; // a base that does not exist, or a broken link
            };
            if meta.is_dir() {
                let real = path.canonicalize().unwrap_or_else(|_| path.clone());
                if !seen.insert(real) {
                    continue;
                }
                if !self.inside(&path) {
                    notes.push(Note::Outside { path });
                    continue;
                }
                let entries = match std::fs::read_dir(&path) {
                    Ok(entries) => entries,
                    Err(err) => {
                        notes.push(Note::Unreadable {
                            path,
                            error: err.to_string(),
                        });
                        continue;
                    }
                };
                let mut children: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        !p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    })
                    .collect();
                children.sort();
                stack.extend(children.into_iter().rev());
            } else {
                match self.read(&path, is_source) {
                    Ok(Some((key, bytes))) => {
                        found.insert(key, bytes);
                    }
                    Ok(None) => {}
                    Err(note) => notes.push(note),
                }
            }
        }
        (found.into_iter().collect(), notes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SourcesConfig;

    fn any(_: &str) -> bool {
        true
    }

    fn text_only(name: &str) -> bool {
        name.ends_with(".txt")
    }

    fn temp_dir(name: &str) -> PathBuf {
        // Brackets in the name: a folder's name is never read as a glob.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "copydesk-sources [{name}] {{{}-{nanos}}}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn config(include: Option<&[&str]>, allow_outside: bool) -> Config {
        Config {
            sources: SourcesConfig {
                include: include.map(|g| g.iter().map(|s| s.to_string()).collect()),
                allow_outside,
            },
            ..Config::default()
        }
    }

    #[test]
    fn globs_that_leave_the_folder() {
        for pattern in [
            "/etc/**",
            "~/notes/**",
            "../other/**",
            "a/../../b",
            "C:/x",
            "\\x",
        ] {
            assert!(leaves_folder(pattern), "{pattern}");
        }
        for pattern in ["notes/**", "a/../b/*.txt", "./x.vtt", "**/*.srt"] {
            assert!(!leaves_folder(pattern), "{pattern}");
        }
    }

    #[test]
    fn default_folders_are_read_and_others_are_not() {
        let root = temp_dir("defaults");
        std::fs::create_dir_all(root.join("notes/deep")).unwrap();
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        std::fs::write(root.join("notes/a.txt"), "one").unwrap();
        std::fs::write(root.join("notes/deep/b.txt"), "two").unwrap();
        std::fs::write(root.join("notes/.hidden.txt"), "no").unwrap();
        std::fs::write(root.join("notes/c.mp3"), "no").unwrap();
        std::fs::write(root.join("drafts/d.txt"), "no").unwrap();
        let (set, notes) = SourceSet::new(&root, &Config::default());
        assert!(notes.is_empty());
        let (files, notes) = set.collect(text_only);
        assert!(notes.is_empty(), "{notes:?}");
        let keys: Vec<&str> = files.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["notes/a.txt", "notes/deep/b.txt"]);
        assert_eq!(set.path_of("notes/a.txt"), root.join("notes/a.txt"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn configured_globs_replace_the_defaults() {
        let root = temp_dir("globs");
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::create_dir_all(root.join("press")).unwrap();
        std::fs::write(root.join("notes/a.txt"), "one").unwrap();
        std::fs::write(root.join("press/b.txt"), "two").unwrap();
        std::fs::write(root.join("press/c.vtt"), "three").unwrap();
        let (set, _) = SourceSet::new(&root, &config(Some(&["press/*.txt"]), false));
        let (files, _) = set.collect(any);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "press/b.txt");
        assert!(set.matches(&root.join("press/new.txt"), any));
        assert!(!set.matches(&root.join("notes/a.txt"), any));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn leaving_the_folder_needs_the_users_permission() {
        let root = temp_dir("outside");
        let inner = root.join("desk");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir_all(root.join("private")).unwrap();
        std::fs::write(root.join("private/secret.txt"), "secret").unwrap();
        let globs: &[&str] = &["../private/**"];
        let (set, notes) = SourceSet::new(&inner, &config(Some(globs), false));
        assert_eq!(
            notes,
            [Note::Refused {
                pattern: "../private/**".into()
            }]
        );
        assert!(set.collect(any).0.is_empty());
        let absolute = root.join("private/**").to_string_lossy().into_owned();
        let (_, notes) = SourceSet::new(&inner, &config(Some(&[absolute.as_str()]), false));
        assert_eq!(notes.len(), 1);

        let (set, notes) = SourceSet::new(&inner, &config(Some(globs), true));
        assert!(notes.is_empty());
        let (files, _) = set.collect(any);
        assert_eq!(files.len(), 1);
        assert!(Path::new(&files[0].0).is_absolute());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_refused_and_big_files_skipped() {
        let root = temp_dir("links");
        let inner = root.join("desk");
        std::fs::create_dir_all(inner.join("notes")).unwrap();
        std::fs::write(root.join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(root.join("secret.txt"), inner.join("notes/link.txt")).unwrap();
        let big = std::fs::File::create(inner.join("notes/big.txt")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let (set, _) = SourceSet::new(&inner, &Config::default());
        let (files, notes) = set.collect(any);
        assert!(files.is_empty());
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes.iter().any(|n| matches!(n, Note::Outside { .. })));
        assert!(notes.iter().any(|n| matches!(n, Note::TooLarge { .. })));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
