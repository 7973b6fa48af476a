//! Command-line tests: run the built `copydesk` binary over the fixture drafts in
//! `tests/fixtures/` and assert on its exact output and exit status.
//!
//! Every command runs from the crate root with paths relative to it, so the paths in
//! the output are the ones written here. Files that cannot live in the repository (not
//! UTF-8, binary) are written to a fresh temporary directory at test time.
//!
//! The assertions about findings are about `unbalanced-quote`: findings of other rules
//! are filtered out (and only checked for consistency), so that a new rule does not
//! break these tests, while the summary line is compared with the JSON output of the
//! same run. `unbalanced-quote` is a hint by default, so checking these fixtures exits
//! with 0; where the exit status of a warning is the point, the desk configuration
//! `tests/fixtures/unbalanced-warning.toml` raises it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_width::UnicodeWidthChar;

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_copydesk");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every character the rules treat as a quotation mark.
const QUOTE_MARKS: &[&str] = &["“", "”", "\"", "‘", "’", "'", "«", "»", "„"];

const UNCLOSED_CURLY: &str = "quotation opened with “ never closes in this paragraph";
const STRAY_CLOSING_CURLY: &str = "closing ” has no opening mark in this paragraph";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn copydesk(args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(ROOT)
        .env_remove("COPYDESK_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("the copydesk binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("copydesk exits with a status, not a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

fn read_bytes(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

const SEVERITIES: [&str; 4] = ["error", "warning", "information", "hint"];

/// The summary line `check` prints on stderr for these counts of files and findings
/// (errors, warnings, information, hints).
fn summary_line(files: usize, counts: [usize; 4]) -> String {
    if counts.iter().sum::<usize>() == 0 {
        format!("copydesk: {files} file(s) checked, no findings\n")
    } else {
        format!(
            "copydesk: {files} file(s) checked: {} error(s), {} warning(s), {} information, {} hint(s)\n",
            counts[0], counts[1], counts[2], counts[3]
        )
    }
}

/// The summary line human `check` should print for `paths`, from the JSON output of
/// the same check: every file with diagnostics counts, every diagnostic by severity.
fn expected_summary(paths: &[&str]) -> String {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let run = copydesk(&args);
    let mut files = 0;
    let mut counts = [0; 4];
    for line in json_lines(&run.stdout) {
        let Some(diagnostics) = line["diagnostics"].as_array() else {
            continue;
        };
        files += 1;
        for d in diagnostics {
            let severity = d["severity"].as_str().expect("severity");
            let index = SEVERITIES
                .iter()
                .position(|&s| s == severity)
                .unwrap_or_else(|| panic!("unknown severity {severity}"));
            counts[index] += 1;
        }
    }
    summary_line(files, counts)
}

/// One finding of human output: its header line and the lines under it.
struct HumanFinding {
    header: String,
    body: Vec<String>,
}

impl HumanFinding {
    fn code(&self) -> &str {
        let open = self.header.find('[').expect("[code] in header");
        let close = self.header[open..].find(']').expect("[code] in header") + open;
        &self.header[open + 1..close]
    }
}

/// Splits human `check` output into findings: a header `path:line:col: severity[code]:
/// message` and the excerpt (and notes) below it.
fn human_findings(stdout: &str) -> Vec<HumanFinding> {
    let mut found: Vec<HumanFinding> = Vec::new();
    for line in stdout.lines() {
        let is_header = line.starts_with("tests/") || line.starts_with('/');
        if is_header {
            found.push(HumanFinding {
                header: line.to_string(),
                body: Vec::new(),
            });
        } else {
            found
                .last_mut()
                .unwrap_or_else(|| panic!("output starts without a header: {stdout:?}"))
                .body
                .push(line.to_string());
        }
    }
    found
}

/// The human output of the `unbalanced-quote` findings only, as printed.
fn unbalanced_output(stdout: &str) -> String {
    let mut out = String::new();
    for finding in human_findings(stdout) {
        if finding.code() == "unbalanced-quote" {
            out.push_str(&finding.header);
            out.push('\n');
            for line in &finding.body {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Parses JSON Lines output, one value per line.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

fn offset(value: &Value, key: &str) -> usize {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not an offset in {value}")) as usize
}

/// 1-based line and column (in characters) of a byte offset, counted independently of
/// the product: a line ends at \n, \r\n or a lone \r.
fn line_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = std::str::from_utf8(&bytes[..at])
        .unwrap_or_else(|_| panic!("offset {at} is not on a character boundary"));
    let (mut line, mut column, mut after_cr) = (1, 1, false);
    for c in before.chars() {
        match c {
            '\n' if after_cr => column = 1,
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        after_cr = c == '\r';
    }
    (line, column)
}

/// The text of byte range [start, end) of a file, which must be valid UTF-8 there.
fn slice(bytes: &[u8], start: usize, end: usize) -> &str {
    assert!(
        start <= end && end <= bytes.len(),
        "range {start}..{end} outside a file of {} bytes",
        bytes.len()
    );
    std::str::from_utf8(&bytes[start..end])
        .unwrap_or_else(|_| panic!("range {start}..{end} does not fall on character boundaries"))
}

/// Checks one diagnostic of `check --format json` against the file it is about: its
/// range is exactly one quotation mark, line and column agree with the start offset,
/// and every related location and fix edit lies on character boundaries.
fn assert_diagnostic_is_consistent(path: &str, bytes: &[u8], diagnostic: &Value) {
    let (start, end) = (offset(diagnostic, "start"), offset(diagnostic, "end"));
    let flagged = slice(bytes, start, end);
    let severity = diagnostic["severity"].as_str().expect("severity");
    assert!(SEVERITIES.contains(&severity), "{path}: {diagnostic}");
    assert!(diagnostic["code"].is_string(), "{path}: {diagnostic}");
    let (line, column) = line_column(bytes, start);
    assert_eq!(
        (offset(diagnostic, "line"), offset(diagnostic, "column")),
        (line, column),
        "{path}: line/column disagree with byte offset {start}: {diagnostic}"
    );
    let message = diagnostic["message"].as_str().expect("message is a string");
    if diagnostic["code"] == "unbalanced-quote" {
        assert!(
            QUOTE_MARKS.contains(&flagged),
            "{path}: {start}..{end} is {flagged:?}, not a quotation mark: {diagnostic}"
        );
        assert!(
            message.contains(flagged),
            "{path}: message does not name the flagged mark {flagged:?}: {message}"
        );
        assert_eq!(diagnostic["severity"], "hint");
    }
    for related in diagnostic["related"]
        .as_array()
        .expect("related is an array")
    {
        let at = offset(related, "start");
        slice(bytes, at, offset(related, "end"));
        assert_eq!(
            (offset(related, "line"), offset(related, "column")),
            line_column(bytes, at)
        );
    }
    let fixes = diagnostic["fixes"].as_array().expect("fixes is an array");
    for fix in fixes {
        assert!(fix["title"].is_string(), "fix without a title: {fix}");
        for edit in fix["edits"].as_array().expect("edits is an array") {
            slice(bytes, offset(edit, "start"), offset(edit, "end"));
            assert!(edit["replacement"].is_string());
        }
    }
}

/// `check --format json` over one fixture: (line, column, flagged text, message) of
/// each `unbalanced-quote` diagnostic, after checking every diagnostic against the
/// file and the exit status against the severities found.
fn findings(name: &str) -> Vec<(usize, usize, String, String)> {
    let path = fixture(name);
    let run = copydesk(&["check", "--format", "json", &path]);
    assert_eq!(run.stderr, "", "{path}");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1, "one JSON line per file: {}", run.stdout);
    assert_eq!(lines[0]["path"], path.as_str());
    let bytes = read_bytes(&path);
    let diagnostics = lines[0]["diagnostics"]
        .as_array()
        .expect("diagnostics is an array");
    for d in diagnostics {
        assert_diagnostic_is_consistent(&path, &bytes, d);
    }
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .map(|d| {
            let (start, end) = (offset(d, "start"), offset(d, "end"));
            (
                offset(d, "line"),
                offset(d, "column"),
                slice(&bytes, start, end).to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let denied = diagnostics
        .iter()
        .any(|d| d["severity"] == "error" || d["severity"] == "warning");
    let expected_code = i32::from(denied);
    assert_eq!(run.code, expected_code, "{path}: {}", run.stdout);
    found
}

fn finding(
    line: usize,
    column: usize,
    mark: &str,
    message: &str,
) -> (usize, usize, String, String) {
    (line, column, mark.to_string(), message.to_string())
}

/// The top-level quotations `analyze` reports for one fixture, as text.
fn analyzed_quotes(name: &str) -> Vec<String> {
    let run = copydesk(&["analyze", "--format", "json", &fixture(name)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1);
    lines[0]["quotes"]
        .as_array()
        .expect("quotes is an array")
        .iter()
        .map(|q| q["text"].as_str().expect("quote text").to_string())
        .collect()
}

/// For each finding in human output, the character under the caret in the excerpt is
/// the character at the reported line and column of the file, and the excerpt is a
/// piece of that line (with … where it was cut).
fn assert_carets_point_at_findings(stdout: &str) {
    let findings = human_findings(stdout);
    assert!(!findings.is_empty(), "no findings in {stdout:?}");
    for finding in findings {
        let header = &finding.header;
        let mut parts = header.splitn(4, ':');
        let (path, line, column) = (
            parts.next().unwrap(),
            parts.next().unwrap().parse::<usize>().expect("line number"),
            parts.next().unwrap().parse::<usize>().expect("column"),
        );
        assert!(finding.body.len() >= 3, "{header}: no excerpt");
        let gutter = " ".repeat(line.to_string().len());
        assert_eq!(finding.body[0], format!("{gutter} |"));
        let shown = finding.body[1]
            .strip_prefix(&format!("{line} | "))
            .expect("source line after the gutter");
        let caret_line = finding.body[2]
            .strip_prefix(&format!("{gutter} | "))
            .expect("caret line after the gutter");
        let caret = caret_line.chars().take_while(|&c| c == ' ').count();
        assert!(
            caret_line[caret..].chars().all(|c| c == '^') && caret_line.len() > caret,
            "{header}: {caret_line:?}"
        );
        for note in &finding.body[3..] {
            assert!(note.starts_with(&format!("{gutter} = note: ")), "{note}");
        }

        let text = String::from_utf8(read_bytes(path)).unwrap();
        let source: Vec<char> = text
            .split_inclusive('\n')
            .nth(line - 1)
            .expect("reported line exists")
            .trim_end_matches(['\n', '\r'])
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let flagged = source[column - 1];
        // The caret is padded in terminal cells (💡 is two wide, a combining mark none).
        let mut cells = 0;
        let under_caret = shown
            .chars()
            .find(|c| {
                let here = cells == caret && c.width().unwrap_or(0) > 0;
                cells += c.width().unwrap_or(0);
                here
            })
            .expect("a character under the caret");
        assert_eq!(under_caret, flagged, "{header}: caret misplaced");
        let inner: String = shown.trim_start_matches('…').trim_end_matches('…').into();
        let source: String = source.into_iter().collect();
        assert!(
            source.contains(&inner),
            "{header}: excerpt {shown:?} is not a piece of its line"
        );
        assert_eq!(shown.starts_with('…'), !source.starts_with(&inner));
        assert_eq!(shown.ends_with('…'), !source.ends_with(&inner));
    }
}

static TEMP_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty directory under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let unique = format!(
            "copydesk-cli-{}-{}-{name}",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let dir = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("write a temporary file");
        path.to_str().expect("temporary path is UTF-8").to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---------------------------------------------------------------------------------
// Human output

#[test]
fn clean_draft_prints_nothing_and_exits_zero() {
    let run = copydesk(&["check", &fixture("clean.md")]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "copydesk: 1 file(s) checked, no findings\n");
}

#[test]
fn human_output_with_accented_names_before_the_finding() {
    let run = copydesk(&["check", &fixture("accents.md")]);
    assert_eq!(run.code, 0);
    assert_eq!(
        unbalanced_output(&run.stdout),
        "tests/fixtures/accents.md:3:83: hint[unbalanced-quote]: quotation opened with “ never closes in this paragraph
  |
3 | Aylin Çelik-Doğan, Zoë Łukasiewicz and José Núñez met on Friday; Çelik-Doğan said “talks will go on.
  |                                                                                   ^
"
    );
    assert_eq!(run.stderr, expected_summary(&[&fixture("accents.md")]));
    assert_carets_point_at_findings(&run.stdout);
}

#[test]
fn human_output_with_an_emoji_counts_the_column_in_characters() {
    let run = copydesk(&["check", &fixture("unicode.md")]);
    assert_eq!(run.code, 0);
    let output = unbalanced_output(&run.stdout);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    // 💡 is one character (4 bytes), each accented letter one character (2 bytes):
    // the “ is character 73 of the line, byte 81.
    assert_eq!(
        lines[0],
        format!("tests/fixtures/unicode.md:3:73: hint[unbalanced-quote]: {UNCLOSED_CURLY}")
    );
    assert_eq!(
        lines[2],
        "3 | 💡 Zoë Łukasiewicz and Aylin Çelik-Doğan met on Friday. Çelik-Doğan said “the door is open."
    );
    assert_eq!(run.stderr, expected_summary(&[&fixture("unicode.md")]));
    assert_carets_point_at_findings(&run.stdout);
    assert_eq!(
        findings("unicode.md"),
        vec![finding(3, 73, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn human_caret_after_an_emoji_sits_under_the_mark_on_screen() {
    let run = copydesk(&["check", &fixture("unicode.md")]);
    let output = unbalanced_output(&run.stdout);
    let caret_line = output.lines().nth(3).expect("caret line");
    // 72 characters precede the “; 💡 is two cells wide, every other one is one.
    assert_eq!(caret_line, format!("  | {}^", " ".repeat(73)));
}

#[test]
fn human_output_for_a_crlf_file() {
    let bytes = read_bytes(&fixture("crlf.md"));
    assert!(
        bytes.windows(2).filter(|w| w == b"\r\n").count() >= 7,
        "crlf.md must keep its CRLF line ends (see tests/fixtures/.gitattributes)"
    );
    let run = copydesk(&["check", &fixture("crlf.md")]);
    assert_eq!(run.code, 0);
    assert_eq!(
        unbalanced_output(&run.stdout),
        "tests/fixtures/crlf.md:5:39: hint[unbalanced-quote]: quotation opened with “ never closes in this paragraph
  |
5 | Harbour spokesman Tomás Ribeiro said: “We expect the pier to reopen within a week.
  |                                       ^
tests/fixtures/crlf.md:7:52: hint[unbalanced-quote]: closing ” has no opening mark in this paragraph
  |
7 | Passengers were offered refunds, the operator said.” Sailings resume on Friday.
  |                                                    ^
"
    );
    assert!(!run.stdout.contains('\r'));
    assert_eq!(run.stderr, expected_summary(&[&fixture("crlf.md")]));
    assert_carets_point_at_findings(&run.stdout);
}

#[test]
fn human_output_windows_long_plain_text_lines() {
    let run = copydesk(&["check", &fixture("wire-long-line.txt")]);
    assert_eq!(run.code, 0);
    assert_eq!(
        unbalanced_output(&run.stdout),
        "tests/fixtures/wire-long-line.txt:2:1: hint[unbalanced-quote]: quotation opened with “ never closes in this paragraph
  |
2 | “The first ship left at dawn and two more are loading now, the port director told reporters on Tuesd…
  | ^
tests/fixtures/wire-long-line.txt:3:156: hint[unbalanced-quote]: quotation opened with “ never closes in this paragraph
  |
3 | …g new cargo, and one broker said “the market has been burned too many times this year to celebrate a…
  |                                   ^
tests/fixtures/wire-long-line.txt:4:177: hint[unbalanced-quote]: closing ” has no opening mark in this paragraph
  |
4 | …it expected exports to return to last year’s level by the end of the quarter, barring fresh damage.”
  |                                                                                                     ^
"
    );
    assert_eq!(
        run.stderr,
        expected_summary(&[&fixture("wire-long-line.txt")])
    );
    assert_carets_point_at_findings(&run.stdout);
    // No excerpt is longer than the window plus its two ellipses.
    for line in run.stdout.lines().filter(|l| l.contains(" | ")) {
        assert!(line.chars().count() <= "2 | ".len() + 102, "{line}");
    }
}

#[test]
fn summary_counts_every_file_checked() {
    let paths = [
        fixture("clean.md"),
        fixture("crlf.md"),
        fixture("rule-stray-closing.md"),
    ];
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut args = vec!["check"];
    args.extend_from_slice(&paths);
    let run = copydesk(&args);
    assert_eq!(run.code, 0);
    let summary = expected_summary(&paths);
    assert_eq!(run.stderr, summary);
    assert!(
        summary.starts_with("copydesk: 3 file(s) checked: "),
        "{summary}"
    );
    let headers: Vec<String> = human_findings(&run.stdout)
        .iter()
        .filter(|f| f.code() == "unbalanced-quote")
        .map(|f| f.header.split(": ").next().unwrap().to_string())
        .collect();
    assert_eq!(
        headers,
        vec![
            "tests/fixtures/crlf.md:5:39",
            "tests/fixtures/crlf.md:7:52",
            "tests/fixtures/rule-stray-closing.md:3:75",
        ]
    );
}

// ---------------------------------------------------------------------------------
// Exit status

/// A desk's configuration that raises `unbalanced-quote`, a hint by default, to a warning.
const UNBALANCED_WARNING: &str = "tests/fixtures/unbalanced-warning.toml";

#[test]
fn a_hint_passes_the_check_by_default_and_a_warning_fails_it() {
    let draft = fixture("rule-curly-unclosed.md");
    let run = copydesk(&["check", &draft]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        unbalanced_output(&run.stdout).lines().next(),
        Some(format!("tests/fixtures/rule-curly-unclosed.md:3:16: hint[unbalanced-quote]: {UNCLOSED_CURLY}").as_str())
    );
    for args in [
        vec!["check", "--config", UNBALANCED_WARNING, &draft],
        vec![
            "check",
            "--config",
            UNBALANCED_WARNING,
            "--deny",
            "warning",
            &draft,
        ],
    ] {
        let run = copydesk(&args);
        assert_eq!(run.code, 1, "{args:?}");
        assert_eq!(
            unbalanced_output(&run.stdout).lines().next(),
            Some(format!("tests/fixtures/rule-curly-unclosed.md:3:16: warning[unbalanced-quote]: {UNCLOSED_CURLY}").as_str()),
            "{args:?}"
        );
    }
}

/// The summary line for `paths` checked under the configuration `config`.
fn expected_summary_under(config: &str, paths: &[&str]) -> String {
    let mut args = vec!["--config", config];
    args.extend_from_slice(paths);
    expected_summary(&args)
}

#[test]
fn deny_levels_decide_the_exit_status_of_a_warning_only_draft() {
    let draft = fixture("rule-curly-unclosed.md");
    for (level, expected) in [
        ("error", 0),
        ("warning", 1),
        ("information", 1),
        ("info", 1),
        ("hint", 1),
        ("never", 0),
    ] {
        let run = copydesk(&[
            "check",
            "--config",
            UNBALANCED_WARNING,
            "--deny",
            level,
            &draft,
        ]);
        assert_eq!(run.code, expected, "--deny {level}");
        // The finding is reported whatever the threshold.
        assert_eq!(
            unbalanced_output(&run.stdout).lines().count(),
            4,
            "--deny {level}"
        );
        let summary = expected_summary_under(UNBALANCED_WARNING, &[&draft]);
        assert!(summary.contains(" 1 warning(s)"), "{summary}");
        assert_eq!(run.stderr, summary, "--deny {level}");
    }
}

#[test]
fn deny_levels_decide_the_exit_status_of_a_hint_only_draft() {
    let draft = fixture("rule-stray-closing.md");
    let summary = expected_summary(&[&draft]);
    assert!(
        summary.contains(" 0 error(s), 0 warning(s), 0 information, "),
        "{summary}"
    );
    for (level, expected) in [
        ("error", 0),
        ("warning", 0),
        ("information", 0),
        ("hint", 1),
        ("never", 0),
    ] {
        let run = copydesk(&["check", "--deny", level, &draft]);
        assert_eq!(run.code, expected, "--deny {level}");
        assert_eq!(
            unbalanced_output(&run.stdout).lines().count(),
            4,
            "--deny {level}"
        );
        assert_eq!(run.stderr, summary, "--deny {level}");
    }
}

#[test]
fn deny_levels_pass_a_clean_draft() {
    for level in ["error", "warning", "information", "hint", "never"] {
        let run = copydesk(&["check", "--deny", level, &fixture("clean.md")]);
        assert_eq!(run.code, 0, "--deny {level}");
    }
}

#[test]
fn usage_errors_exit_two() {
    let clean = fixture("clean.md");
    for args in [
        vec!["check"],
        vec!["check", "--frobnicate", &clean],
        vec!["check", "--deny", "sometimes", &clean],
        vec!["check", "--deny"],
        vec!["check", "--format", "xml", &clean],
        vec!["analyze"],
        vec!["analyze", "--format", "human", &clean],
        vec!["proofread", &clean],
    ] {
        let run = copydesk(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?} says nothing");
    }
}

#[test]
fn bad_deny_value_names_the_accepted_values() {
    let run = copydesk(&["check", "--deny", "sometimes", &fixture("clean.md")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("sometimes"), "{}", run.stderr);
    for level in ["error", "warning", "information", "hint", "never"] {
        assert!(
            run.stderr.contains(level),
            "{level} missing: {}",
            run.stderr
        );
    }
}

#[test]
fn help_and_version_exit_zero() {
    let help = copydesk(&["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--deny"), "{}", help.stdout);
    let version = copydesk(&["--version"]);
    assert_eq!(version.code, 0);
    assert!(
        version.stdout.starts_with("copydesk "),
        "{}",
        version.stdout
    );
}

#[test]
fn missing_file_exits_two_and_the_others_are_still_checked() {
    let missing = fixture("no-such-draft.md");
    let run = copydesk(&[
        "check",
        &fixture("rule-curly-unclosed.md"),
        &missing,
        &fixture("rule-stray-closing.md"),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "copydesk: {missing}: No such file or directory (os error 2)\n{}",
            expected_summary(&[
                &fixture("rule-curly-unclosed.md"),
                &fixture("rule-stray-closing.md")
            ])
        )
    );
    assert!(run.stderr.ends_with("\n") && run.stderr.contains(" 2 file(s) checked"));
    let headers: Vec<String> = human_findings(&run.stdout)
        .into_iter()
        .filter(|f| f.code() == "unbalanced-quote")
        .map(|f| f.header)
        .collect();
    assert_eq!(
        headers,
        vec![
            format!(
                "tests/fixtures/rule-curly-unclosed.md:3:16: hint[unbalanced-quote]: {UNCLOSED_CURLY}"
            ),
            format!(
                "tests/fixtures/rule-stray-closing.md:3:75: hint[unbalanced-quote]: {STRAY_CLOSING_CURLY}"
            ),
        ]
    );
}

#[test]
fn a_missing_file_exits_two_even_when_the_rest_is_clean() {
    let run = copydesk(&[
        "check",
        "--deny",
        "never",
        &fixture("clean.md"),
        &fixture("gone.txt"),
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("tests/fixtures/gone.txt: No such file"));
    assert!(
        run.stderr
            .ends_with("copydesk: 1 file(s) checked, no findings\n")
    );
}

#[test]
fn non_utf8_file_exits_two_names_the_file_and_the_others_are_still_checked() {
    let dir = TempDir::new("latin1");
    // “Café” in Latin-1: é is the single byte 0xE9.
    let latin1 = dir.write("latin1.md", b"The Caf\xe9 Royal closed on Monday.\n");
    let run = copydesk(&["check", &latin1, &fixture("rule-stray-closing.md")]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "copydesk: {latin1}: not valid UTF-8 (first bad byte at offset 7); save it as UTF-8 \
             or pass its encoding (--encoding LABEL, e.g. windows-1252)\n{}",
            expected_summary(&[&fixture("rule-stray-closing.md")])
        )
    );
    assert!(
        unbalanced_output(&run.stdout)
            .starts_with("tests/fixtures/rule-stray-closing.md:3:75: hint[unbalanced-quote]"),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------
// Encodings

/// A draft with curly quotes, accents and an unclosed quotation, in UTF-8; its
/// windows-1252 twin is made by [`windows_1252`].
const LEGACY_DRAFT: &str = "The Café Royal closed on Monday. “We are done,” said its owner, \
José Martínez. Officials said the street would reopen.\n\n“Never again, said a neighbour.\n";

/// `text` in windows-1252, written out by hand (independently of the product): every
/// character of [`LEGACY_DRAFT`] is ASCII or one of these.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '“' => 0x93,
            '”' => 0x94,
            'é' => 0xE9,
            'í' => 0xED,
            'ğ' => panic!("not in windows-1252"),
            c if c.is_ascii() => c as u8,
            c => panic!("add {c} to the table"),
        })
        .collect()
}

/// The diagnostics of one JSON line, and that line's `encoding` field.
fn diagnostics_and_encoding(line: &Value) -> (Value, Option<&str>) {
    (line["diagnostics"].clone(), line["encoding"].as_str())
}

#[test]
fn a_windows_1252_draft_read_with_its_encoding_has_its_utf8_twins_findings() {
    let dir = TempDir::new("windows-1252");
    let utf8 = dir.write("utf8.txt", LEGACY_DRAFT.as_bytes());
    let legacy = dir.write("legacy.txt", &windows_1252(LEGACY_DRAFT));
    // The UTF-8 file is read as UTF-8 even with the flag (an archive mixes both).
    let run = copydesk(&[
        "check",
        "--format",
        "json",
        "--encoding",
        "windows-1252",
        &utf8,
        &legacy,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let (twin, twin_encoding) = diagnostics_and_encoding(&lines[0]);
    let (read, encoding) = diagnostics_and_encoding(&lines[1]);
    assert_eq!(twin_encoding, None);
    assert_eq!(encoding, Some("windows-1252"));
    assert_eq!(read, twin);
    // Offsets are into the decoded text: the unclosed “ is where UTF-8 has it.
    let unclosed = read
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "unbalanced-quote")
        .unwrap_or_else(|| panic!("no unbalanced-quote in {read}"));
    assert_eq!(
        offset(unclosed, "start"),
        LEGACY_DRAFT.rfind('“').unwrap(),
        "{unclosed}"
    );

    // Human output and `analyze` say the same of both.
    let human = copydesk(&["check", "--encoding", "cp1252", &legacy]);
    let twin_human = copydesk(&["check", &utf8]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_eq!(human.stdout.replace(&legacy, &utf8), twin_human.stdout);
    assert!(human.stdout.contains("José Martínez"), "{}", human.stdout);
    assert_eq!(human.stderr, twin_human.stderr);
    let analyzed = copydesk(&["analyze", "--encoding", "windows-1252", &legacy, &utf8]);
    assert_eq!(analyzed.code, 0, "{}", analyzed.stderr);
    let lines = json_lines(&analyzed.stdout);
    assert_eq!(lines[0]["encoding"], "windows-1252");
    for key in ["quotes", "entities", "diagnostics"] {
        assert_eq!(lines[0][key], lines[1][key], "{key}");
    }
    assert!(!lines[0]["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn without_its_encoding_a_legacy_draft_is_skipped_and_named_and_the_rest_checked() {
    let dir = TempDir::new("no-encoding");
    let legacy = dir.write("legacy.md", &windows_1252(LEGACY_DRAFT));
    let clean = fixture("clean.md");
    let run = copydesk(&["check", "--format", "json", &legacy, &clean]);
    assert_eq!(run.code, 2, "a skipped file is trouble: {}", run.stdout);
    let lines = json_lines(&run.stdout);
    assert_eq!(
        lines[0]["error"],
        "not valid UTF-8 (first bad byte at offset 7); save it as UTF-8 or pass its \
         encoding (--encoding LABEL, e.g. windows-1252)"
    );
    assert_eq!(lines[1]["path"], clean.as_str());
    assert_eq!(lines[1]["diagnostics"], serde_json::json!([]));
    // `analyze` and `quotes` name it the same way and go on.
    for command in ["analyze", "quotes"] {
        let run = copydesk(&[command, &legacy, &clean]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "copydesk: {legacy}: not valid UTF-8 (first bad byte at offset 7)"
            )),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn bytes_not_valid_in_the_named_encoding_skip_that_file_only() {
    let dir = TempDir::new("shift-jis");
    // 0x82 0xA0 is あ in Shift_JIS; 0xA0 on its own is no character.
    let broken = dir.write("broken.txt", b"Tokyo \x82\xa0 and \xa0 more.\n");
    let good = dir.write("good.txt", b"Tokyo \x82\xa0 said nothing.\n");
    let run = copydesk(&["check", "--encoding", "shift_jis", &broken, &good]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "copydesk: {broken}: not valid Shift_JIS (first bad byte at offset 13); not checked\n\
             copydesk: 1 file(s) checked, no findings\n"
        )
    );
}

#[test]
fn a_utf16_draft_with_a_byte_order_mark_is_read_without_the_flag() {
    let dir = TempDir::new("utf-16");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(LEGACY_DRAFT.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = dir.write("utf16.txt", &bytes);
    let utf8 = dir.write("utf8.txt", LEGACY_DRAFT.as_bytes());
    let run = copydesk(&["check", "--format", "json", &utf16, &utf8]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines[0]["encoding"], "UTF-16LE");
    assert_eq!(lines[0]["diagnostics"], lines[1]["diagnostics"]);
    assert!(!lines[0]["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn an_unknown_encoding_label_is_a_usage_error() {
    for command in ["check", "analyze", "quotes"] {
        let run = copydesk(&[command, "--encoding", "latin-9000", &fixture("clean.md")]);
        assert_eq!(run.code, 2, "{command}");
        assert_eq!(run.stdout, "", "{command}: nothing checked");
        assert!(
            run.stderr
                .contains("unknown encoding `latin-9000`; use a label such as windows-1252"),
            "{command}: {}",
            run.stderr
        );
    }
    // A label the Encoding Standard maps to "replacement" would read as one U+FFFD.
    let run = copydesk(&["check", "--encoding", "iso-2022-kr", &fixture("clean.md")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
}

#[test]
fn binary_file_exits_two_names_the_file_and_the_others_are_still_checked() {
    let dir = TempDir::new("binary");
    // Valid UTF-8 apart from the NUL bytes, with an unclosed “ that must not be reported.
    let binary = dir.write(
        "minutes.txt",
        b"Council minutes\0\0\0\x01 \xE2\x80\x9Copen\n",
    );
    let run = copydesk(&["check", &binary, &fixture("clean.md")]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "copydesk: {binary}: binary file (contains NUL bytes); not checked\n{}",
            "copydesk: 1 file(s) checked, no findings\n"
        )
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn unreadable_files_in_json_output_are_error_objects_in_order() {
    let dir = TempDir::new("json-errors");
    let latin1 = dir.write("latin1.txt", b"Jos\xe9 said \x93no\x94.\n");
    let binary = dir.write("nul.md", b"text\0more");
    let missing = fixture("absent.md");
    let run = copydesk(&[
        "check",
        "--format",
        "json",
        &latin1,
        &fixture("rule-stray-closing.md"),
        &binary,
        &missing,
    ]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "", "JSON mode writes errors to stdout only");
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["path"], latin1.as_str());
    assert!(
        lines[0]["error"]
            .as_str()
            .unwrap()
            .contains("not valid UTF-8")
    );
    assert!(lines[0].get("diagnostics").is_none());
    assert_eq!(lines[1]["path"], "tests/fixtures/rule-stray-closing.md");
    assert_eq!(lines[1]["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(lines[2]["path"], binary.as_str());
    assert!(lines[2]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(lines[3]["path"], missing.as_str());
    assert_eq!(lines[3]["error"], "No such file or directory (os error 2)");
}

// ---------------------------------------------------------------------------------
// Directories

#[test]
fn directories_are_searched_for_drafts_in_sorted_order() {
    let run = copydesk(&["check", "--format", "json", "tests/fixtures/tree"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let paths: Vec<String> = json_lines(&run.stdout)
        .iter()
        .map(|l| l["path"].as_str().expect("path").to_string())
        .collect();
    // .hidden.md and .archive/ are hidden; notes.html and readme.rst are not drafts.
    assert_eq!(
        paths,
        vec![
            "tests/fixtures/tree/a.md",
            "tests/fixtures/tree/b.markdown",
            "tests/fixtures/tree/c.txt",
            "tests/fixtures/tree/sub/d.md",
            "tests/fixtures/tree/z.txt",
        ]
    );
}

#[test]
fn directories_in_human_output() {
    let run = copydesk(&["check", "tests/fixtures/tree"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        unbalanced_output(&run.stdout),
        format!(
            "tests/fixtures/tree/b.markdown:1:1: hint[unbalanced-quote]: {UNCLOSED_CURLY}
  |
1 | “The vote passed, the clerk said.
  | ^
tests/fixtures/tree/sub/d.md:1:16: hint[unbalanced-quote]: {UNCLOSED_CURLY}
  |
1 | The clerk said “the count is final.
  |                ^
"
        )
    );
    assert_eq!(run.stderr, expected_summary(&["tests/fixtures/tree"]));
    assert!(run.stderr.starts_with("copydesk: 5 file(s) checked: "));
}

#[test]
fn a_file_named_directly_is_checked_whatever_its_extension() {
    let run = copydesk(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/tree/readme.rst",
    ]);
    assert_eq!(run.code, 0);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["diagnostics"][0]["column"], 1);
}

// ---------------------------------------------------------------------------------
// JSON contract

#[test]
fn check_json_offsets_are_utf8_bytes_of_the_flagged_mark() {
    let run = copydesk(&["check", "--format", "json", "tests/fixtures"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    let lines = json_lines(&run.stdout);
    assert!(
        lines.len() >= 30,
        "every fixture is a draft: {}",
        lines.len()
    );
    let mut checked = 0;
    for line in &lines {
        let path = line["path"].as_str().expect("path");
        let bytes = read_bytes(path);
        for diagnostic in line["diagnostics"].as_array().expect("diagnostics") {
            assert_diagnostic_is_consistent(path, &bytes, diagnostic);
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} diagnostics checked");
}

#[test]
fn check_json_for_a_multibyte_draft() {
    // CRLF line ends and multi-byte letters before the finding: byte offsets, not
    // characters, and the line counts each \r\n once.
    let path = fixture("crlf.md");
    let run = copydesk(&["check", "--format", "json", &path]);
    assert_eq!(run.code, 0);
    let lines = json_lines(&run.stdout);
    let diagnostics = lines[0]["diagnostics"].as_array().unwrap();
    let bytes = read_bytes(&path);
    let text = std::str::from_utf8(&bytes).unwrap();
    let open = text.find('“').unwrap();
    let close = text.rfind('”').unwrap();
    let summary: Vec<(usize, usize, usize, usize)> = diagnostics
        .iter()
        .map(|d| {
            (
                offset(d, "start"),
                offset(d, "end"),
                offset(d, "line"),
                offset(d, "column"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![(open, open + 3, 5, 39), (close, close + 3, 7, 52)]
    );
    assert_eq!(diagnostics[0]["message"], UNCLOSED_CURLY);
    assert_eq!(diagnostics[1]["message"], STRAY_CLOSING_CURLY);
}

#[test]
fn check_json_diagnostic_shape() {
    let path = fixture("rule-stray-closing.md");
    let run = copydesk(&["check", "--format", "json", &path]);
    assert_eq!(run.code, 0);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 1);
    let text = String::from_utf8(read_bytes(&path)).unwrap();
    let at = text.find('”').unwrap();
    let paragraph = text.find("The union").unwrap();
    let expected = serde_json::json!({
        "path": path,
        "diagnostics": [{
            "code": "unbalanced-quote",
            "severity": "hint",
            "start": at,
            "end": at + "”".len(),
            "line": 3,
            "column": 75,
            "message": STRAY_CLOSING_CURLY,
            "related": [],
            "fixes": [{
                "title": "Open the quotation with “ at the start of the paragraph",
                "edits": [{"start": paragraph, "end": paragraph, "replacement": "“"}],
            }],
        }],
    });
    // Fields may be added to the contract, never removed: compare what is promised.
    let actual = &lines[0];
    assert_eq!(actual["path"], expected["path"]);
    let (got, want) = (&actual["diagnostics"][0], &expected["diagnostics"][0]);
    for key in [
        "code", "severity", "start", "end", "line", "column", "message", "related", "fixes",
    ] {
        assert_eq!(got[key], want[key], "diagnostic field `{key}`");
    }
    assert_eq!(actual["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn check_json_fix_closes_the_paragraph() {
    let path = fixture("rule-curly-unclosed.md");
    let run = copydesk(&["check", "--format", "json", &path]);
    let lines = json_lines(&run.stdout);
    let text = String::from_utf8(read_bytes(&path)).unwrap();
    let paragraph_end = text.find("population.").unwrap() + "population.".len();
    assert_eq!(
        lines[0]["diagnostics"][0]["fixes"],
        serde_json::json!([{
            "title": "Close the quotation with ” at the end of the paragraph",
            "edits": [{"start": paragraph_end, "end": paragraph_end, "replacement": "”"}],
        }])
    );
}

#[test]
fn analyze_json_has_the_promised_shape_and_consistent_spans() {
    let run = copydesk(&["analyze", "--format", "json", "tests/fixtures"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = json_lines(&run.stdout);
    assert!(lines.len() >= 30);
    let mut quotes_seen = 0;
    for line in &lines {
        for key in ["path", "quotes", "entities", "diagnostics"] {
            assert!(line.get(key).is_some(), "`{key}` missing in {line}");
        }
        let path = line["path"].as_str().expect("path");
        let bytes = read_bytes(path);
        for quote in line["quotes"].as_array().expect("quotes") {
            let (start, end) = (offset(quote, "start"), offset(quote, "end"));
            let text = slice(&bytes, start, end);
            assert_eq!(
                quote["text"], text,
                "{path}: quote text is not file[start..end]"
            );
            let first = text
                .chars()
                .next()
                .expect("a quote is never empty")
                .to_string();
            assert!(
                QUOTE_MARKS.contains(&first.as_str()),
                "{path}: quote span {text:?} does not start with its mark"
            );
            for key in ["speaker", "cue"] {
                let value = &quote[key];
                assert!(
                    value.is_null() || value.is_object(),
                    "{path}: {key} = {value}"
                );
                if value.is_object() {
                    let (s, e) = (offset(value, "start"), offset(value, "end"));
                    assert_eq!(value["text"], slice(&bytes, s, e), "{path}: {key}");
                }
            }
            if quote["speaker"].is_object() {
                assert!(quote["speaker"]["name"].is_string());
            }
            quotes_seen += 1;
        }
        for entity in line["entities"].as_array().expect("entities") {
            assert!(entity["name"].is_string() && entity["kind"].is_string());
            for mention in entity["mentions"].as_array().expect("mentions") {
                let (s, e) = (offset(mention, "start"), offset(mention, "end"));
                assert_eq!(mention["text"], slice(&bytes, s, e), "{path}: mention");
            }
        }
        for diagnostic in line["diagnostics"].as_array().expect("diagnostics") {
            assert_diagnostic_is_consistent(path, &bytes, diagnostic);
        }
    }
    assert!(quotes_seen >= 20, "only {quotes_seen} quotes");
}

#[test]
fn analyze_reports_the_same_diagnostics_as_check() {
    let check = copydesk(&["check", "--format", "json", "tests/fixtures"]);
    let analyze = copydesk(&["analyze", "--format", "json", "tests/fixtures"]);
    let check = json_lines(&check.stdout);
    let analyze = json_lines(&analyze.stdout);
    assert_eq!(check.len(), analyze.len());
    for (c, a) in check.iter().zip(&analyze) {
        assert_eq!(c["path"], a["path"]);
        assert_eq!(c["diagnostics"], a["diagnostics"], "{}", c["path"]);
    }
}

#[test]
fn analyze_quote_spans_include_their_marks() {
    let path = fixture("rule-curly-balanced.md");
    let run = copydesk(&["analyze", &path]);
    assert_eq!(run.code, 0);
    let lines = json_lines(&run.stdout);
    let text = String::from_utf8(read_bytes(&path)).unwrap();
    let first = "“We cannot keep patching a network built for half the population,”";
    let second = "“The plan pays for itself in twelve years.”";
    let spans: Vec<(usize, usize, &str)> = lines[0]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                offset(q, "start"),
                offset(q, "end"),
                q["text"].as_str().unwrap(),
            )
        })
        .collect();
    let at = |s: &str| text.find(s).unwrap();
    assert_eq!(
        spans,
        vec![
            (at(first), at(first) + first.len(), first),
            (at(second), at(second) + second.len(), second),
        ]
    );
}

#[test]
fn analyze_missing_file_is_an_error_object_and_exit_two() {
    let missing = fixture("nowhere.md");
    let run = copydesk(&["analyze", &missing, &fixture("clean.md")]);
    assert_eq!(run.code, 2);
    let lines = json_lines(&run.stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["path"], missing.as_str());
    assert_eq!(lines[0]["error"], "No such file or directory (os error 2)");
    assert_eq!(lines[1]["path"], "tests/fixtures/clean.md");
    assert!(run.stderr.contains("tests/fixtures/nowhere.md"));
}

// ---------------------------------------------------------------------------------
// Rules

#[test]
fn rules_lists_unbalanced_quote_with_its_default_severity() {
    let run = copydesk(&["rules"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    let row = run
        .stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some("unbalanced-quote"))
        .unwrap_or_else(|| panic!("no unbalanced-quote row in {:?}", run.stdout));
    let fields: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(fields[1], "hint", "{row}");
    assert!(fields.len() > 2, "no summary: {row}");
}

#[test]
fn rules_code_prints_the_rule_documentation() {
    let run = copydesk(&["rules", "unbalanced-quote"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, include_str!("../src/rules/unbalanced_quote.md"));
    assert_eq!(run.stderr, "");
}

#[test]
fn rules_unknown_code_exits_two() {
    let run = copydesk(&["rules", "unbalanced-quotes"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("unbalanced-quotes"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------
// Markdown: marks outside prose are not read

#[test]
fn markdown_fenced_code_is_skipped() {
    assert_eq!(
        findings("md-fenced-code.md"),
        vec![finding(9, 18, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn markdown_inline_code_is_skipped() {
    assert_eq!(
        findings("md-inline-code.md"),
        vec![finding(5, 16, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn markdown_front_matter_is_skipped() {
    assert_eq!(
        findings("md-front-matter.md"),
        vec![finding(10, 13, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn markdown_html_comments_are_skipped() {
    assert_eq!(
        findings("md-html-comment.md"),
        vec![finding(7, 19, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn markdown_link_destinations_and_titles_are_skipped() {
    assert_eq!(
        findings("md-link-url.md"),
        vec![finding(5, 20, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn the_same_marks_in_a_plain_text_file_are_flagged() {
    // Plain text has no code or comments: the mark inside the backticks is prose.
    let dir = TempDir::new("plain");
    let text = String::from_utf8(read_bytes(&fixture("md-inline-code.md"))).unwrap();
    let path = dir.write("memo.txt", text.as_bytes());
    let run = copydesk(&["check", "--format", "json", &path]);
    let lines = json_lines(&run.stdout);
    let columns: Vec<(u64, u64)> = lines[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(columns, vec![(3, 30), (5, 16)]);
}

// ---------------------------------------------------------------------------------
// unbalanced-quote through the CLI, one fixture per case

#[test]
fn curly_quotes_that_close_are_not_flagged() {
    assert_eq!(findings("rule-curly-balanced.md"), vec![]);
}

#[test]
fn curly_quote_that_never_closes_is_flagged() {
    assert_eq!(
        findings("rule-curly-unclosed.md"),
        vec![finding(3, 16, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn straight_quotes_that_close_are_not_flagged() {
    assert_eq!(findings("rule-straight-balanced.md"), vec![]);
    assert_eq!(
        analyzed_quotes("rule-straight-balanced.md"),
        vec![
            "\"We are not asking for charity,\"",
            "\"We are asking to be heard.\""
        ]
    );
}

#[test]
fn straight_quote_that_never_closes_is_flagged() {
    assert_eq!(
        findings("rule-straight-unclosed.md"),
        vec![finding(
            3,
            33,
            "\"",
            "quotation opened with \" never closes in this paragraph"
        )]
    );
}

#[test]
fn single_quotes_nested_in_doubles_are_not_flagged() {
    assert_eq!(findings("rule-nested.md"), vec![]);
    assert_eq!(
        analyzed_quotes("rule-nested.md"),
        vec![
            "“He told me ‘get out now,’ and then the roof came down,”",
            "“My neighbour kept saying ‘it will hold’ right until it didn’t,”",
        ]
    );
}

#[test]
fn nested_single_quote_that_never_closes_is_flagged() {
    assert_eq!(
        findings("rule-nested-unclosed-inner.md"),
        vec![finding(
            3,
            13,
            "‘",
            "quotation opened with ‘ never closes in this paragraph"
        )]
    );
}

#[test]
fn curly_apostrophes_are_never_flagged() {
    assert_eq!(findings("rule-apostrophes.md"), vec![]);
    assert_eq!(
        analyzed_quotes("rule-apostrophes.md"),
        vec![
            "“It’s the fans’ festival,”",
            "‘rock ’n’ roll with a conscience’"
        ]
    );
}

#[test]
fn straight_apostrophes_are_never_flagged() {
    assert_eq!(findings("rule-apostrophes-straight.md"), vec![]);
}

#[test]
fn straight_apostrophes_are_not_quotations() {
    assert_eq!(
        analyzed_quotes("rule-apostrophes-straight.md"),
        vec!["\"It's the fans' festival,\""]
    );
}

#[test]
fn guillemets_and_low_nine_quotes_are_not_flagged() {
    assert_eq!(findings("rule-guillemets.md"), vec![]);
    assert_eq!(
        analyzed_quotes("rule-guillemets.md"),
        vec![
            "«Nous restons à la table»",
            "„Wir bleiben am Tisch“",
            "« Nous ne partirons pas »",
        ]
    );
}

#[test]
fn guillemet_that_never_closes_is_flagged() {
    assert_eq!(
        findings("rule-guillemet-unclosed.md"),
        vec![finding(
            3,
            23,
            "«",
            "quotation opened with « never closes in this paragraph"
        )]
    );
}

#[test]
fn german_single_quotes_nested_in_low_nine_quotes_are_not_flagged() {
    assert_eq!(findings("rule-low-nine-nested.md"), vec![]);
}

#[test]
fn guillemet_closing_right_after_a_url_is_not_flagged() {
    assert_eq!(findings("rule-guillemet-url.md"), vec![]);
}

#[test]
fn quotation_running_over_paragraphs_is_not_flagged_in_markdown() {
    assert_eq!(findings("rule-multi-paragraph.md"), vec![]);
    assert_eq!(
        analyzed_quotes("rule-multi-paragraph.md"),
        vec![
            "“We heard the water before we saw it,”",
            "“By midnight the street was a river and we were pulling people from their windows.",
            "“Nobody slept. We kept going until the boats ran out of fuel.",
            "“I would do it again tomorrow,”",
        ]
    );
}

#[test]
fn quotation_running_over_paragraphs_is_not_flagged_in_plain_text() {
    assert_eq!(findings("rule-multi-paragraph.txt"), vec![]);
}

#[test]
fn paragraph_left_open_when_the_next_does_not_open_with_a_mark_is_flagged() {
    assert_eq!(
        findings("rule-paragraph-not-continued.md"),
        vec![finding(3, 27, "“", UNCLOSED_CURLY)]
    );
}

#[test]
fn stray_closing_mark_is_flagged() {
    assert_eq!(
        findings("rule-stray-closing.md"),
        vec![finding(3, 75, "”", STRAY_CLOSING_CURLY)]
    );
}

/// Three drafts of a desk that write "Volodymyr Zelenskyy", and one more.
fn desk_with(last: &str, config: bool) -> (TempDir, Vec<String>) {
    let dir = TempDir::new("desk");
    if config {
        dir.write("copydesk.toml", b"");
    }
    let mut paths = Vec::new();
    for day in 1..=3 {
        let draft = format!(
            "# Talks, day {day}\n\nUkrainian President Volodymyr Zelenskyy met the envoys on Monday. Zelenskyy said the talks were useful.\n\nTom Malone, a diplomat, said little. Malone left early. Malone will return.\n"
        );
        paths.push(dir.write(&format!("talks-{day}.md"), draft.as_bytes()));
    }
    paths.push(dir.write("today.md", last.as_bytes()));
    (dir, paths)
}

#[test]
fn a_name_the_desk_spells_otherwise_is_flagged_with_the_desks_count_and_place() {
    let today = "# Ceasefire hopes\n\nVolodymyr Zelensky spoke to reporters in Kyiv. Zelensky said a ceasefire was close.\n";
    let (_dir, paths) = desk_with(today, true);
    let args: Vec<&str> = ["check", "--format", "json"]
        .into_iter()
        .chain(paths.iter().map(String::as_str))
        .collect();
    let run = copydesk(&args);
    let desk: Vec<Value> = json_lines(&run.stdout)
        .into_iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap_or("").to_string();
            file["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(move |d| (path.clone(), d))
        })
        .filter(|(_, d)| d["code"] == "desk-spelling")
        .map(|(path, mut d)| {
            d["path"] = Value::from(path);
            d
        })
        .collect();
    assert_eq!(desk.len(), 1, "{}", run.stdout);
    let finding = &desk[0];
    assert!(finding["path"].as_str().unwrap().ends_with("today.md"));
    assert_eq!(finding["severity"], "hint");
    let bytes = today.as_bytes();
    assert_eq!(
        slice(bytes, offset(finding, "start"), offset(finding, "end")),
        "Zelensky"
    );
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("“Zelenskyy”"), "{message}");
    assert!(message.contains("6× in 3 files"), "{message}");
    assert!(message.contains("talks-1.md:3"), "{message}");
    let titles: Vec<&str> = finding["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Change to Zelenskyy", "Change all 2 to Zelenskyy"]);
    let all = &finding["fixes"][1]["edits"];
    assert_eq!(all.as_array().unwrap().len(), 2);
    for edit in all.as_array().unwrap() {
        assert_eq!(
            slice(bytes, offset(edit, "start"), offset(edit, "end")),
            "Zelensky"
        );
        assert_eq!(edit["replacement"], "Zelenskyy");
    }
}

#[test]
fn the_desk_is_the_drafts_under_one_configuration_and_two_people_stay_two() {
    // Jim Maloney is not the desk's Tom Malone: his own first name says so.
    let today = "# Envoy quits\n\nJim Maloney, the envoy, resigned. Maloney said he was tired.\n";
    let (_dir, paths) = desk_with(today, true);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    assert!(!copydesk(&args).stdout.contains("desk-spelling"));
    // Without a configuration file, a folder of drafts is no desk.
    let today = "# Ceasefire hopes\n\nVolodymyr Zelensky said a ceasefire was close.\n";
    let (_dir, paths) = desk_with(today, false);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    assert!(!copydesk(&args).stdout.contains("desk-spelling"));
    // With one, the same drafts are.
    let (_dir, paths) = desk_with(today, true);
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    assert!(copydesk(&args).stdout.contains("desk-spelling"));
}

#[test]
fn a_capitalised_word_no_reading_placed_is_held_against_the_desk_too() {
    let dir = TempDir::new("desk-words");
    dir.write("copydesk.toml", b"");
    let mut paths = Vec::new();
    for day in 1..=2 {
        let draft = format!(
            "# Day {day}\n\nThe runners came from Kenya. Officials in Kenya praised the Politics department.\n"
        );
        paths.push(dir.write(&format!("race-{day}.md"), draft.as_bytes()));
    }
    let today = "# Today\n\nThe winner was born in Kennya and reads Politico every day.\n";
    paths.push(dir.write("today.md", today.as_bytes()));
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let run = copydesk(&args);
    let flagged: Vec<String> = json_lines(&run.stdout)
        .iter()
        .flat_map(|file| file["diagnostics"].as_array().cloned().unwrap_or_default())
        .filter(|d| d["code"] == "desk-spelling")
        .map(|d| slice(today.as_bytes(), offset(&d, "start"), offset(&d, "end")).to_string())
        .collect();
    // "Politico" is a name of its own, not a slip of the common word "Politics".
    assert_eq!(flagged, ["Kennya"], "{}", run.stdout);
}

#[test]
fn the_desk_reads_the_folders_sources_and_counts_a_file_once() {
    let dir = TempDir::new("desk-sources");
    dir.write("copydesk.toml", b"");
    std::fs::create_dir_all(dir.0.join("notes")).unwrap();
    dir.write(
        "notes/call.txt",
        "ZELENSKYY: Volodymyr Zelenskyy said the talks went well. Zelenskyy said so twice.\n"
            .as_bytes(),
    );
    let earlier = dir.write("a.md", b"# A\n\nPresident Volodymyr Zelenskyy said yes.\n");
    let today = dir.write("b.md", b"# B\n\nVolodymyr Zelensky said no.\n");
    let message = |args: &[&str]| {
        let run = copydesk(args);
        json_lines(&run.stdout)
            .iter()
            .flat_map(|file| file["diagnostics"].as_array().cloned().unwrap_or_default())
            .find(|d| d["code"] == "desk-spelling")
            .and_then(|d| d["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| panic!("no desk-spelling finding: {}", run.stdout))
    };
    // The two drafts and the notes: the notes' uses count, given as a draft or not.
    let alone = message(&["check", "--format", "json", &earlier, &today]);
    assert!(alone.contains("in 2 files"), "{alone}");
    let folder = dir.0.to_str().unwrap().to_string();
    let all = message(&["check", "--format", "json", &folder]);
    let count = |m: &str| {
        m.split('×')
            .next()
            .and_then(|s| s.rsplit('(').next())
            .map(str::to_string)
    };
    assert_eq!(count(&all), count(&alone), "{all} / {alone}");
    assert!(all.contains("in 2 files"), "{all}");
}
