//! Finding, reading and caching config files for drafts: the nearest `copydesk.toml`
//! or `.copydesk.toml` above each draft, its last good reading, and the client's
//! settings laid on top. Used by both front ends; only std I/O, no protocol.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::file::{FILE_NAMES, Problem, ProblemLevel, parse_toml};
use super::{Config, IsRule};

/// The configuration one draft is checked with.
#[derive(Debug)]
pub struct Resolved {
    /// File layer merged with the settings layer.
    pub config: Arc<Config>,
    /// The config file that applies, if any.
    pub file: Option<PathBuf>,
    /// The directory `files.ignore` globs are relative to.
    base: Option<PathBuf>,
    ignore: GlobSet,
}

impl Resolved {
    fn new(config: Config, file: Option<PathBuf>, fallback_base: Option<&Path>) -> Resolved {
        let base = file
            .as_ref()
            .and_then(|f| f.parent().map(Path::to_path_buf))
            .or_else(|| fallback_base.map(Path::to_path_buf));
        let ignore = compile_globs(&config.ignore);
        Resolved {
            config: Arc::new(config),
            file,
            base,
            ignore,
        }
    }

    /// True when `files.ignore` excludes this draft.
    pub fn ignores(&self, path: &Path) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let relative = self
            .base
            .as_ref()
            .and_then(|base| path.strip_prefix(base).ok())
            .unwrap_or(path);
        self.ignore.is_match(relative) || self.ignore.is_match(path)
    }
}

/// Globs as users write them: `archive/**` from the base; a pattern without a slash
/// (`*.wire.txt`, `archive`) at any depth, a directory's name covering what is in it.
fn compile_globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let pattern = pattern.trim().trim_start_matches("./");
        if pattern.is_empty() {
            continue;
        }
        let anchored = pattern.trim_start_matches('/');
        let mut variants = Vec::new();
        if pattern.contains('/') {
            variants.push(anchored.to_string());
        } else {
            variants.push(format!("**/{anchored}"));
        }
        let base = variants[0].trim_end_matches('/').to_string();
        variants.push(format!("{base}/**"));
        for variant in variants {
            if let Ok(glob) = GlobBuilder::new(&variant).literal_separator(true).build() {
                builder.add(glob);
            }
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// What reading a config file found, for the front end to show.
#[derive(Debug, Clone)]
pub struct Report {
    pub path: PathBuf,
    /// The text the problems' byte ranges point into (empty when unreadable or gone).
    pub text: String,
    pub problems: Vec<Problem>,
    /// False when the file had errors and an earlier reading (or none) stays in force.
    pub applied: bool,
    /// True when the file no longer exists.
    pub removed: bool,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.level == ProblemLevel::Error)
    }

    /// `path:line:column: level: message` lines, as the CLI prints them.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|problem| {
                let (line, column) = crate::text::line_column(&self.text, problem.range.start);
                let level = match problem.level {
                    ProblemLevel::Error => "error",
                    ProblemLevel::Warning => "warning",
                };
                format!(
                    "{}:{line}:{column}: {level}: {}",
                    self.path.display(),
                    problem.message
                )
            })
            .collect()
    }
}

/// Reads a config file from disk into a report and (when good) a configuration.
pub fn read_file(path: &Path, is_rule: IsRule) -> (Report, Option<Config>) {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let parsed = parse_toml(&text, is_rule);
            let applied = parsed.config.is_some();
            (
                Report {
                    path: path.to_path_buf(),
                    text,
                    problems: parsed.problems,
                    applied,
                    removed: false,
                },
                parsed.config,
            )
        }
        Err(err) => {
            let removed = err.kind() == std::io::ErrorKind::NotFound;
            let problems = if removed {
                Vec::new()
            } else {
                vec![Problem {
                    level: ProblemLevel::Error,
                    range: 0..0,
                    message: format!("cannot read the config file: {err}"),
                }]
            };
            (
                Report {
                    path: path.to_path_buf(),
                    text: String::new(),
                    problems,
                    applied: false,
                    removed,
                },
                None,
            )
        }
    }
}

pub struct Store {
    /// The rule codes the configuration may name.
    is_rule: IsRule,
    /// The client's settings, laid over every file.
    settings: Config,
    /// A config file named on the command line: used for every draft, no discovery.
    explicit: Option<PathBuf>,
    /// Workspace folders, the base of settings' ignore globs when no file applies.
    roots: Vec<PathBuf>,
    /// Directory → the nearest config file at or above it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// Config file → its last good configuration (None: never read without errors).
    files: HashMap<PathBuf, Option<Arc<Config>>>,
    /// Directory → the resolved configuration for drafts in it.
    resolved: HashMap<PathBuf, Arc<Resolved>>,
}

impl Store {
    pub fn new(is_rule: IsRule) -> Store {
        Store {
            is_rule,
            settings: Config::default(),
            explicit: None,
            roots: Vec::new(),
            discovered: HashMap::new(),
            files: HashMap::new(),
            resolved: HashMap::new(),
        }
    }

    /// A store that uses `path` for every draft (`--config`). Err when the file cannot
    /// be read or has errors.
    pub fn with_file(path: &Path, is_rule: IsRule) -> Result<(Store, Report), Report> {
        let (report, config) = read_file(path, is_rule);
        match config {
            Some(config) if !report.removed => {
                let mut store = Store {
                    explicit: Some(path.to_path_buf()),
                    ..Store::new(is_rule)
                };
                store
                    .files
                    .insert(path.to_path_buf(), Some(Arc::new(config)));
                Ok((store, report))
            }
            _ => {
                let mut report = report;
                if report.removed {
                    report.problems.push(Problem {
                        level: ProblemLevel::Error,
                        range: 0..0,
                        message: "no such config file".to_string(),
                    });
                }
                Err(report)
            }
        }
    }

    pub fn set_settings(&mut self, settings: Config) {
        self.settings = settings;
        self.resolved.clear();
    }

    /// The client's settings layer alone, for drafts with no path (`untitled:`).
    pub fn settings(&self) -> &Config {
        &self.settings
    }

    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
        self.resolved.clear();
    }

    /// The nearest config file at or above `dir`.
    fn discover(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(explicit) = &self.explicit {
            return Some(explicit.clone());
        }
        if let Some(found) = self.discovered.get(dir) {
            return found.clone();
        }
        let found = FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file())
            .or_else(|| dir.parent().and_then(|parent| self.discover(parent)));
        self.discovered.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// The configuration for the draft at `path`, and a report for each config file
    /// read for the first time on the way.
    pub fn resolve(&mut self, path: &Path) -> (Arc<Resolved>, Vec<Report>) {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(resolved) = self.resolved.get(&dir) {
            return (resolved.clone(), Vec::new());
        }
        let mut reports = Vec::new();
        let file = self.discover(&dir);
        let file_config = match &file {
            Some(file) => {
                if !self.files.contains_key(file) {
                    let (report, config) = read_file(file, self.is_rule);
                    self.files.insert(file.clone(), config.map(Arc::new));
                    reports.push(report);
                }
                self.files.get(file).cloned().flatten()
            }
            None => None,
        };
        let config = match file_config {
            Some(config) => config.merged(&self.settings),
            None => self.settings.clone(),
        };
        let root = self.roots.iter().find(|root| path.starts_with(root));
        let resolved = Arc::new(Resolved::new(config, file, root.map(PathBuf::as_path)));
        self.resolved.insert(dir, resolved.clone());
        (resolved, reports)
    }

    /// Reads a config file again after it changed on disk (or was created or deleted).
    /// A file with errors keeps its last good configuration in force.
    pub fn reload(&mut self, path: &Path) -> Report {
        let (report, config) = read_file(path, self.is_rule);
        if report.removed {
            self.files.remove(path);
        } else if let Some(config) = config {
            self.files
                .insert(path.to_path_buf(), Some(Arc::new(config)));
        } else {
            self.files.entry(path.to_path_buf()).or_insert(None);
        }
        // A file created or removed changes which file is nearest.
        self.discovered.clear();
        self.resolved.clear();
        report
    }

    /// The workspace folder holding `path`, if any.
    pub fn root_of(&self, path: &Path) -> Option<PathBuf> {
        self.roots
            .iter()
            .find(|root| path.starts_with(root))
            .cloned()
    }

    /// The config files read so far.
    pub fn known_files(&self) -> Vec<PathBuf> {
        self.files.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "copydesk-store-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn nearest_file_wins_and_errors_keep_the_last_good_config() {
        let root = temp_dir("nearest");
        let inner = root.join("desk/politics");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::write(
            root.join("copydesk.toml"),
            "[rules]\nunbalanced-quote = \"off\"\n",
        )
        .unwrap();
        let mut store = Store::new(|code| code == "unbalanced-quote");
        let (resolved, reports) = store.resolve(&inner.join("a.md"));
        assert_eq!(reports.len(), 1);
        assert_eq!(
            resolved.file.as_deref(),
            Some(root.join("copydesk.toml").as_path())
        );
        assert!(resolved.config.rules.contains_key("unbalanced-quote"));

        std::fs::write(root.join("copydesk.toml"), "[rules\n").unwrap();
        let report = store.reload(&root.join("copydesk.toml"));
        assert!(report.has_errors() && !report.applied);
        let (resolved, _) = store.resolve(&inner.join("a.md"));
        assert!(resolved.config.rules.contains_key("unbalanced-quote"));

        std::fs::write(
            inner.join(".copydesk.toml"),
            "[files]\nignore = [\"old-*.md\"]\n",
        )
        .unwrap();
        assert!(store.reload(&inner.join(".copydesk.toml")).applied);
        let (resolved, reports) = store.resolve(&inner.join("a.md"));
        assert!(reports.is_empty());
        assert!(resolved.config.rules.is_empty());
        assert!(resolved.ignores(&inner.join("old-1.md")));
        assert!(!resolved.ignores(&inner.join("new.md")));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn globs_match_from_the_base_or_at_any_depth() {
        let set = compile_globs(&["archive/**".into(), "*.wire.txt".into(), "drafts".into()]);
        assert!(set.is_match("archive/2019/a.md"));
        assert!(!set.is_match("news/archive/a.md"));
        assert!(set.is_match("news/x.wire.txt"));
        assert!(set.is_match("a/drafts/b.md"));
        assert!(!set.is_match("a/b.md"));
    }
}
