//! The command-line front end: `check`, `analyze`, `rules`, and the server entry.

mod files;
mod render;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::{self, Format, Severity};
use crate::config::Config;
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
    },
    /// Print what copydesk understood of each draft as JSON Lines (one object per file).
    Analyze {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = AnalyzeFormat::Json)]
        format: AnalyzeFormat,
    },
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
        } => check(&paths, format, deny, &mut out),
        Command::Analyze { paths, .. } => analyze(&paths, &mut out),
        Command::Rules { code } => list_rules(code.as_deref(), &mut out),
    };
    let _ = out.flush();
    status
}

fn check(paths: &[PathBuf], format: OutputFormat, deny: DenyLevel, out: &mut impl Write) -> i32 {
    let config = Config::default();
    let mut trouble = false;
    let mut denied = false;
    let mut counts = [0usize; 4];
    let mut checked = 0usize;
    for entry in files::collect(paths) {
        let draft = match entry.and_then(files::read) {
            Ok(draft) => draft,
            Err(error) => {
                trouble = true;
                match format {
                    OutputFormat::Human => eprintln!("copydesk: {error}"),
                    OutputFormat::Json => {
                        let _ = writeln!(out, "{}", render::error_json(&error));
                    }
                }
                continue;
            }
        };
        checked += 1;
        let format_of_file = Format::from_path(&draft.path.to_string_lossy());
        let analysis = analysis::analyze(&draft.text, format_of_file, &config);
        for finding in &analysis.findings {
            counts[finding.severity as usize] += 1;
            denied |= deny.denies(finding.severity);
        }
        let written = match format {
            OutputFormat::Human => render::human(out, &draft, &analysis.findings),
            OutputFormat::Json => writeln!(out, "{}", render::check_json(&draft, &analysis)),
        };
        if written.is_err() {
            return EXIT_TROUBLE; // stdout closed: nobody is listening
        }
    }
    if format == OutputFormat::Human {
        let total: usize = counts.iter().sum();
        let summary = if total == 0 {
            format!("copydesk: {checked} file(s) checked, no findings")
        } else {
            format!(
                "copydesk: {checked} file(s) checked: {} error(s), {} warning(s), {} information, {} hint(s)",
                counts[0], counts[1], counts[2], counts[3]
            )
        };
        eprintln!("{summary}");
    }
    if trouble {
        EXIT_TROUBLE
    } else if denied {
        EXIT_FINDINGS
    } else {
        0
    }
}

fn analyze(paths: &[PathBuf], out: &mut impl Write) -> i32 {
    let config = Config::default();
    let mut trouble = false;
    for entry in files::collect(paths) {
        let line = match entry.and_then(files::read) {
            Ok(draft) => {
                let format = Format::from_path(&draft.path.to_string_lossy());
                let analysis = analysis::analyze(&draft.text, format, &config);
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
    if trouble { EXIT_TROUBLE } else { 0 }
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
