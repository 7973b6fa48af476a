//! The command-line front end: `check`, `analyze`, `rules`, `init`, `schema`, and the
//! server entry.

mod desk;
mod encoding;
mod files;
pub mod fix;
pub mod quotes;
mod render;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Format, Severity};
use crate::config::{Report, Resolved, Store, starter};
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Reads news drafts the way a copy editor does.",
    long_about = "Reads news drafts the way a copy editor does: quotes without a speaker, \
                  names spelled two ways, claims without a source.\n\n\
                  With no command, runs the language server on stdio."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub transport: Transport,
}

/// The transport flags language clients append to the server's command line. stdio is
/// the only transport copydesk speaks; the others are refused with a message saying so.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct Transport {
    /// Talk over stdin and stdout (the default; accepted because clients pass it).
    #[arg(long, global = true)]
    pub stdio: bool,
    /// Accepted and ignored: the client's process id.
    #[arg(
        long = "clientProcessId",
        value_name = "PID",
        global = true,
        hide = true
    )]
    pub client_process_id: Option<String>,
    #[arg(long = "node-ipc", global = true, hide = true)]
    pub node_ipc: bool,
    #[arg(long, value_name = "NAME", global = true, hide = true)]
    pub pipe: Option<String>,
    #[arg(long, value_name = "PORT", global = true, hide = true)]
    pub socket: Option<String>,
}

impl Transport {
    /// Why the server cannot start with these flags, or `None` when it can.
    pub fn unsupported(&self) -> Option<String> {
        let asked = if self.node_ipc {
            "--node-ipc"
        } else if self.pipe.is_some() {
            "--pipe"
        } else if self.socket.is_some() {
            "--socket"
        } else {
            return None;
        };
        Some(format!(
            "copydesk: the language server speaks over stdio only, not {asked}; \
             configure your editor to start `copydesk lsp` with stdio (in VS Code, \
             use the copydesk extension)"
        ))
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the language server on stdio (the default).
    Lsp,
    /// Check drafts and report findings; directories are searched for .md, .markdown and .txt.
    Check {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// Exit with status 1 when a finding at or above this severity is present.
        #[arg(long, value_enum, default_value_t = DenyLevel::Warning)]
        deny: DenyLevel,
        /// Use this config file for every draft instead of the nearest copydesk.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Apply the fixes that are safe unattended (spelling unifications, stylebook
        /// forms; never a speaker or a source), writing each file atomically, then
        /// report what is left.
        #[arg(long)]
        fix: bool,
        /// With --fix: keep each changed file's original as FILE.orig.
        #[arg(long, requires = "fix")]
        backup: bool,
        /// Read the drafts that are not UTF-8 in this encoding (a WHATWG label:
        /// windows-1252, iso-8859-2, shift_jis, utf-16le…); a UTF-8 file is still read
        /// as UTF-8 and a UTF-16 byte-order mark decides. `--fix` writes a file back in
        /// the encoding it was read in.
        #[arg(long, value_name = "LABEL", value_parser = encoding::parse_label)]
        encoding: Option<&'static encoding_rs::Encoding>,
    },
    /// Print what copydesk understood of each draft as JSON Lines (one object per file).
    Analyze {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
        format: AnalyzeFormat,
        /// Use this config file for every draft instead of the nearest copydesk.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Read the drafts that are not UTF-8 in this encoding (a WHATWG label:
        /// windows-1252, iso-8859-2, shift_jis, utf-16le…); a UTF-8 file is still read
        /// as UTF-8 and a UTF-16 byte-order mark decides.
        #[arg(long, value_name = "LABEL", value_parser = encoding::parse_label)]
        encoding: Option<&'static encoding_rs::Encoding>,
    },
    /// Write a commented starter copydesk.toml.
    Init {
        /// The directory to write it in.
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Overwrite an existing copydesk.toml.
        #[arg(long)]
        force: bool,
        /// Also write copydesk.schema.json beside it and point the file at it, for
        /// editor completion (Taplo / Even Better TOML).
        #[arg(long)]
        schema: bool,
    },
    /// Print each quotation with its verdict against the reporter's sources (notes/,
    /// transcripts/, interviews/ beside the configuration) and where they have it.
    Quotes {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Use this config file for every draft instead of the nearest copydesk.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
        /// Read the drafts that are not UTF-8 in this encoding (a WHATWG label:
        /// windows-1252, iso-8859-2, shift_jis, utf-16le…); a UTF-8 file is still read
        /// as UTF-8 and a UTF-16 byte-order mark decides.
        #[arg(long, value_name = "LABEL", value_parser = encoding::parse_label)]
        encoding: Option<&'static encoding_rs::Encoding>,
    },
    /// Print the JSON schema of copydesk.toml.
    Schema,
    /// List the rules, or print one rule's documentation.
    Rules {
        #[arg(value_name = "CODE")]
        code: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    /// SARIF 2.1.0, one document for the whole run (code-scanning dashboards).
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnalyzeFormat {
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DenyLevel {
    Error,
    Warning,
    #[value(alias = "info")]
    Information,
    Hint,
    /// Never fail on findings.
    Never,
}

impl DenyLevel {
    fn denies(self, severity: Severity) -> bool {
        let threshold = match self {
            DenyLevel::Error => Severity::Error,
            DenyLevel::Warning => Severity::Warning,
            DenyLevel::Information => Severity::Information,
            DenyLevel::Hint => Severity::Hint,
            DenyLevel::Never => return false,
        };
        severity <= threshold
    }
}

pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_TROUBLE: i32 = 2;

/// Runs a command-line invocation other than the server; returns the exit status.
pub fn run(command: Command) -> i32 {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let status = match command {
        Command::Lsp => unreachable!("the server is started by main"),
        Command::Check {
            paths,
            format,
            deny,
            config,
            fix,
            backup,
            encoding,
        } => {
            let fixing = fix.then_some(Fixing { backup });
            let options = Reading::new(config.as_deref(), encoding);
            check(&paths, format, deny, options, fixing, &mut out)
        }
        Command::Analyze {
            paths,
            config,
            encoding,
            ..
        } => {
            let options = Reading::new(config.as_deref(), encoding);
            analyze(&paths, options, &mut out)
        }
        Command::Rules { code } => list_rules(code.as_deref(), &mut out),
        Command::Quotes {
            paths,
            config,
            encoding,
        } => {
            let options = Reading::new(config.as_deref(), encoding);
            quotes::quotes(&paths, options, &mut out)
        }
        Command::Init { dir, force, schema } => init(&dir, force, schema, &mut out),
        Command::Schema => {
            let _ = write!(out, "{}", crate::config::schema_json());
            0
        }
    };
    let _ = out.flush();
    status
}

/// How the commands that read drafts find their configuration and read their bytes.
#[derive(Clone, Copy)]
struct Reading<'a> {
    /// `--config`.
    config: Option<&'a Path>,
    /// `--encoding`: what the drafts that are not UTF-8 are in.
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl<'a> Reading<'a> {
    fn new(config: Option<&'a Path>, encoding: Option<&'static encoding_rs::Encoding>) -> Self {
        Reading { config, encoding }
    }
}

/// The configuration of each draft: the `--config` file, or the nearest one above it.
struct Configs {
    store: Store,
    /// A config file with an error was found: the run ends with status 2.
    trouble: bool,
}

impl Configs {
    fn open(config: Option<&Path>) -> Result<Configs, i32> {
        match config {
            Some(path) => match Store::with_file(path, rules::is_known) {
                Ok((store, report)) => {
                    print_report(&report);
                    Ok(Configs {
                        store,
                        trouble: false,
                    })
                }
                Err(report) => {
                    print_report(&report);
                    eprintln!("copydesk: {}: not used; nothing checked", path.display());
                    Err(EXIT_TROUBLE)
                }
            },
            None => Ok(Configs {
                store: Store::new(rules::is_known),
                trouble: false,
            }),
        }
    }

    /// The configuration for one draft (and whether `files.ignore` excludes it).
    fn resolve(&mut self, path: &Path) -> (Arc<Resolved>, bool) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let (resolved, reports) = self.store.resolve(&absolute);
        for report in &reports {
            print_report(report);
            if report.has_errors() {
                self.trouble = true;
                eprintln!(
                    "copydesk: {}: not used; drafts below it are checked with the defaults",
                    report.path.display()
                );
            }
        }
        let ignored = resolved.ignores(&absolute);
        (resolved, ignored)
    }
}

fn print_report(report: &Report) {
    for line in report.lines() {
        eprintln!("{line}");
    }
}

/// `check --fix` and its options.
#[derive(Clone, Copy)]
struct Fixing {
    backup: bool,
}

/// Applies the safe fixes to one draft and writes it; the draft then holds the fixed
/// text. Returns how many fixes were applied, or why the file was left untouched.
fn fix_draft(
    draft: &mut files::Draft,
    format: Format,
    config: &crate::config::Config,
    fixing: Fixing,
) -> Result<usize, files::FileError> {
    let fail = |reason: String| files::FileError {
        path: draft.path.clone(),
        reason,
    };
    let fixed = fix::fix_text(&draft.text, format, config).map_err(fail)?;
    if fixed.applied.is_empty() || fixed.text == draft.text {
        return Ok(0);
    }
    let bytes = draft
        .encoded
        .encode(&draft.text, &fixed.text)
        .map_err(fail)?;
    let original = draft.encoded.original(&draft.text);
    let backup =
        fix::write_atomically(&draft.path, original, &bytes, fixing.backup).map_err(fail)?;
    let mut titles: Vec<(String, usize)> = Vec::new();
    for title in &fixed.applied {
        match titles.iter_mut().find(|(t, _)| t == title) {
            Some((_, n)) => *n += 1,
            None => titles.push((title.clone(), 1)),
        }
    }
    let list: Vec<String> = titles
        .iter()
        .map(|(title, n)| {
            if *n > 1 {
                format!("{title} ×{n}")
            } else {
                title.clone()
            }
        })
        .collect();
    let kept = backup.map_or(String::new(), |b| {
        format!("; original kept in {}", b.display())
    });
    eprintln!(
        "copydesk: {}: fixed {} finding(s): {}{kept}",
        draft.path.display(),
        fixed.applied.len(),
        list.join(", ")
    );
    draft.text = fixed.text;
    if let encoding::Encoded::Decoded { bytes: read, .. } = &mut draft.encoded {
        *read = bytes;
    }
    Ok(fixed.applied.len())
}

/// One draft to check, with the configuration found for it.
struct Job {
    draft: files::Draft,
    resolved: Arc<Resolved>,
    /// The reporter's sources beside the draft's configuration.
    sources: Arc<crate::notes::Index>,
}

/// A checked draft: its fixes (when asked for) and its analysis.
struct Done {
    draft: files::Draft,
    fixed: Result<usize, files::FileError>,
    analysis: analysis::Analysis,
    resolved: Arc<Resolved>,
    sources: Arc<crate::notes::Index>,
}

impl Job {
    /// Fixes (when asked) and analyses the draft; an internal failure is reported
    /// against the file rather than ending the run.
    fn run(mut self, fixing: Option<Fixing>) -> Result<Done, files::FileError> {
        let format = Format::from_path(&self.draft.path.to_string_lossy());
        let config = &self.resolved.config;
        let fixed = match fixing {
            Some(fixing) => fix_draft(&mut self.draft, format, config, fixing),
            None => Ok(0),
        };
        let analysed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::check::analyze_with_sources(
                &self.draft.text,
                format,
                config,
                &mut analysis::Cache::one_shot(),
                Some(&*self.sources),
            )
        }));
        match analysed {
            Ok(analysis) => Ok(Done {
                draft: self.draft,
                fixed,
                analysis,
                resolved: self.resolved,
                sources: self.sources,
            }),
            Err(_) => Err(files::FileError {
                path: self.draft.path,
                reason:
                    "copydesk failed inside its analysis (a bug: please report it with this draft)"
                        .to_string(),
            }),
        }
    }
}

fn check(
    paths: &[PathBuf],
    format: OutputFormat,
    deny: DenyLevel,
    options: Reading,
    fixing: Option<Fixing>,
    out: &mut impl Write,
) -> i32 {
    let mut configs = match Configs::open(options.config) {
        Ok(configs) => configs,
        Err(status) => return status,
    };
    let mut trouble = false;
    let mut denied = false;
    let mut counts = [0usize; 4];
    let mut checked = 0usize;
    let mut ignored = 0usize;
    let mut sarif = render::Sarif::default();
    let mut fixes_applied = 0usize;
    let mut files_fixed = 0usize;
    // Configs are resolved in order (the store caches and reports); the drafts are then
    // fixed and analysed on every core; the results are written in the order given.
    let mut jobs: Vec<Result<Job, files::FileError>> = Vec::new();
    // Each folder's sources are read once.
    let mut sources: std::collections::HashMap<PathBuf, Arc<crate::notes::Index>> =
        std::collections::HashMap::new();
    for entry in files::collect(paths) {
        match entry.and_then(|path| {
            let (resolved, ignored) = configs.resolve(&path);
            if ignored {
                Ok(None)
            } else {
                let root = quotes::sources_root(&resolved, &path);
                let index = sources
                    .entry(root.clone())
                    .or_insert_with(|| Arc::new(quotes::index_sources(&root, &mut trouble)))
                    .clone();
                files::read(path, options.encoding).map(|draft| {
                    Some(Job {
                        draft,
                        resolved,
                        sources: index,
                    })
                })
            }
        }) {
            Ok(Some(job)) => jobs.push(Ok(job)),
            Ok(None) => ignored += 1,
            Err(error) => jobs.push(Err(error)),
        }
    }
    // A progress bar for people watching a long run; silent when stderr is not a terminal.
    let progress = if std::io::stderr().is_terminal() && jobs.len() > 1 {
        indicatif::ProgressBar::new(jobs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let results = crate::parallel::map(jobs, crate::parallel::cores(), |job| {
        let done = job.and_then(|job| job.run(fixing));
        progress.inc(1);
        done
    });
    progress.finish_and_clear();
    let mut results = results;
    desk::add_desk_findings(&mut results);
    for result in results {
        let done = match result {
            Ok(done) => done,
            Err(error) => {
                trouble = true;
                match format {
                    OutputFormat::Human => eprintln!("copydesk: {error}"),
                    OutputFormat::Json => {
                        let _ = writeln!(out, "{}", render::error_json(&error));
                    }
                    OutputFormat::Sarif => sarif.error(&error),
                }
                continue;
            }
        };
        checked += 1;
        match done.fixed {
            Ok(0) => {}
            Ok(n) => {
                fixes_applied += n;
                files_fixed += 1;
            }
            Err(error) => {
                trouble = true;
                eprintln!("copydesk: {error}");
            }
        }
        let (draft, analysis) = (&done.draft, &done.analysis);
        for finding in &analysis.findings {
            counts[finding.severity as usize] += 1;
            denied |= deny.denies(finding.severity);
        }
        let written = match format {
            OutputFormat::Human => render::human(out, draft, &analysis.findings),
            OutputFormat::Json => render::write_check_json(out, draft, analysis),
            OutputFormat::Sarif => {
                sarif.add(draft, analysis);
                Ok(())
            }
        };
        if written.is_err() {
            return EXIT_TROUBLE; // stdout closed: nobody is listening
        }
    }
    if format == OutputFormat::Sarif
        && writeln!(out, "{}", sarif.finish(!(trouble || configs.trouble))).is_err()
    {
        return EXIT_TROUBLE;
    }
    if format == OutputFormat::Human {
        let total: usize = counts.iter().sum();
        let mut summary = if total == 0 {
            format!("copydesk: {checked} file(s) checked, no findings")
        } else {
            format!(
                "copydesk: {checked} file(s) checked: {} error(s), {} warning(s), {} information, {} hint(s)",
                counts[0], counts[1], counts[2], counts[3]
            )
        };
        if ignored > 0 {
            summary.push_str(&format!("; {ignored} ignored by files.ignore"));
        }
        if fixing.is_some() {
            summary.push_str(&format!(
                "; {fixes_applied} fix(es) applied in {files_fixed} file(s)"
            ));
        }
        eprintln!("{summary}");
    }
    if trouble || configs.trouble {
        EXIT_TROUBLE
    } else if denied {
        EXIT_FINDINGS
    } else {
        0
    }
}

fn analyze(paths: &[PathBuf], options: Reading, out: &mut impl Write) -> i32 {
    let mut configs = match Configs::open(options.config) {
        Ok(configs) => configs,
        Err(status) => return status,
    };
    let mut trouble = false;
    let mut sources: std::collections::HashMap<PathBuf, crate::notes::Index> =
        std::collections::HashMap::new();
    for entry in files::collect(paths) {
        let line = match entry.and_then(|path| files::read(path, options.encoding)) {
            Ok(draft) => {
                let (resolved, ignored) = configs.resolve(&draft.path);
                if ignored {
                    continue;
                }
                let format = Format::from_path(&draft.path.to_string_lossy());
                // The same sources as `check`, so both report the same findings.
                let root = quotes::sources_root(&resolved, &draft.path);
                let index = sources
                    .entry(root.clone())
                    .or_insert_with(|| quotes::index_sources(&root, &mut trouble));
                let analysis = crate::check::analyze_with_sources(
                    &draft.text,
                    format,
                    &resolved.config,
                    &mut analysis::Cache::one_shot(),
                    Some(index),
                );
                render::analysis_json(&draft, &analysis)
            }
            Err(error) => {
                trouble = true;
                eprintln!("copydesk: {error}");
                render::error_json(&error)
            }
        };
        if writeln!(out, "{line}").is_err() {
            return EXIT_TROUBLE;
        }
    }
    if trouble || configs.trouble {
        EXIT_TROUBLE
    } else {
        0
    }
}

/// The name `copydesk init --schema` gives the schema it writes beside the config.
const SCHEMA_FILE: &str = "copydesk.schema.json";

fn init(dir: &Path, force: bool, schema: bool, out: &mut impl Write) -> i32 {
    let path = dir.join("copydesk.toml");
    if path.exists() && !force {
        eprintln!(
            "copydesk: {} already exists; --force overwrites it",
            path.display()
        );
        return EXIT_TROUBLE;
    }
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("copydesk: cannot create {}: {err}", dir.display());
        return EXIT_TROUBLE;
    }
    let mut text = String::new();
    if schema {
        text.push_str(&format!("#:schema ./{SCHEMA_FILE}\n"));
        let schema_path = dir.join(SCHEMA_FILE);
        if let Err(err) = std::fs::write(&schema_path, crate::config::schema_json()) {
            eprintln!("copydesk: cannot write {}: {err}", schema_path.display());
            return EXIT_TROUBLE;
        }
    }
    text.push_str(starter::STARTER);
    if let Err(err) = std::fs::write(&path, text) {
        eprintln!("copydesk: cannot write {}: {err}", path.display());
        return EXIT_TROUBLE;
    }
    let _ = writeln!(out, "copydesk: wrote {}", path.display());
    0
}

fn list_rules(code: Option<&str>, out: &mut impl Write) -> i32 {
    match code {
        Some(code) => match rules::find(code) {
            Some(rule) => {
                let _ = write!(out, "{}", rule.doc);
                0
            }
            None => {
                eprintln!("copydesk: no rule `{code}`; `copydesk rules` lists them");
                EXIT_TROUBLE
            }
        },
        None => {
            for rule in rules::RULES {
                let _ = writeln!(
                    out,
                    "{:<26} {:<12} {}",
                    rule.code,
                    rule.default_severity.as_str(),
                    rule.summary
                );
            }
            0
        }
    }
}
