//! Configuration end to end: copydesk.toml found above a draft, merged under the
//! client's settings, reloaded live, reported when broken; inline suppression; the
//! `init`, `rules`, `schema` commands, `--config`, SARIF output; the schema agreeing
//! with the configuration types.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};
use support::Client;

const DRAFT: &str =
    "# Strike\n\nThe union met on Monday.\n\n“We will not go back, the leader told the crowd.\n";

/// A fresh directory under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "copydesk-config-{name}-{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let dir = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir.canonicalize().unwrap())
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn copydesk(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run copydesk")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// ---- the server ------------------------------------------------------------------

/// A server whose client can watch files, with one Markdown draft open.
fn start(settings: Value) -> Client {
    let mut client = Client::spawn();
    let response = client.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": null,
            "capabilities": {
                "general": {"positionEncodings": ["utf-16"]},
                "workspace": {
                    "didChangeWatchedFiles": {"dynamicRegistration": true},
                    "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
                },
            },
            "initializationOptions": settings,
        }),
    );
    assert!(response.get("result").is_some(), "{response}");
    client.notify("initialized", json!({}));
    client
}

fn open_markdown(client: &mut Client, uri: &str, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
}

/// The severities of the draft's unbalanced-quote diagnostics in its next publish.
fn unbalanced(client: &mut Client, uri: &str) -> Vec<i64> {
    client
        .diagnostics(uri, 1)
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .map(|d| d["severity"].as_i64().unwrap())
        .collect()
}

fn config_changed(client: &mut Client, path: &Path, kind: i64) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(path), "type": kind}]}),
    );
}

#[test]
fn config_file_change_rechecks_open_drafts() {
    let dir = TempDir::new("reload");
    let config = dir.write(
        "copydesk.toml",
        "[rules]\nunbalanced-quote = \"information\"\n",
    );
    let draft = dir.write("desk/story.md", DRAFT);
    let draft_uri = uri(&draft);
    let mut client = start(Value::Null);
    let registration = client.wait_for("client/registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(
        watchers[0]["globPattern"], "**/copydesk.toml",
        "{registration}"
    );
    assert_eq!(watchers[1]["globPattern"], "**/.copydesk.toml");

    open_markdown(&mut client, &draft_uri, DRAFT);
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![3]);

    std::fs::write(&config, "[rules]\nunbalanced-quote = \"error\"\n").unwrap();
    config_changed(&mut client, &config, 2);
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);

    // A nearer file created below it takes over.
    let nearer = dir.write(
        "desk/.copydesk.toml",
        "[rules]\nunbalanced-quote = \"off\"\n",
    );
    config_changed(&mut client, &nearer, 1);
    assert_eq!(unbalanced(&mut client, &draft_uri), Vec::<i64>::new());

    std::fs::remove_file(&nearer).unwrap();
    config_changed(&mut client, &nearer, 3);
    let cleared = client.published(&uri(&nearer), None);
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);
    client.shutdown_and_exit();
}

#[test]
fn settings_change_rechecks_and_lays_over_the_file() {
    let dir = TempDir::new("settings");
    dir.write("copydesk.toml", "[rules]\nunbalanced-quote = \"error\"\n");
    let draft = dir.write("story.md", DRAFT);
    let draft_uri = uri(&draft);
    let mut client = start(json!({"copydesk": {"rules": {"unbalanced-quote": "information"}}}));
    open_markdown(&mut client, &draft_uri, DRAFT);
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![3]);

    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"unbalanced-quote": "off"}}}}),
    );
    assert_eq!(unbalanced(&mut client, &draft_uri), Vec::<i64>::new());

    // Settings without a rule level leave the file's in force.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"speech": {"verbs": ["harrumphed"]}}}}),
    );
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);
    client.shutdown_and_exit();
}

#[test]
fn a_config_broken_mid_session_is_reported_and_the_last_good_one_kept() {
    let dir = TempDir::new("broken");
    let config = dir.write("copydesk.toml", "[rules]\nunbalanced-quote = \"error\"\n");
    let config_uri = uri(&config);
    let draft = dir.write("story.md", DRAFT);
    let draft_uri = uri(&draft);
    let mut client = start(Value::Null);
    open_markdown(&mut client, &draft_uri, DRAFT);
    let first = client.published(&config_uri, None);
    assert_eq!(first["diagnostics"], json!([]));
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);

    // A syntax error on the fourth line (index 3).
    std::fs::write(
        &config,
        "[rules]\nunbalanced-quote = \"hint\"\n\n[stylebook\npreferred = []\n",
    )
    .unwrap();
    config_changed(&mut client, &config, 2);
    let reported = client.published(&config_uri, None);
    let diagnostics = reported["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{reported}");
    assert_eq!(diagnostics[0]["range"]["start"]["line"], 3, "{reported}");
    assert_eq!(diagnostics[0]["severity"], 1);
    let message = client.wait_for("window/showMessage", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(message["params"]["type"], 1, "{message}");
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("copydesk.toml:4:"),
        "{message}"
    );
    // The last good configuration (error) stays in force, not the broken file's hint.
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);

    // A wrong type is an error at its line too.
    std::fs::write(
        &config,
        "[rules]\nunbalanced-quote = \"hint\"\n[speech]\nverbs = \"said\"\n",
    )
    .unwrap();
    config_changed(&mut client, &config, 2);
    let reported = client.published(&config_uri, None);
    assert_eq!(
        reported["diagnostics"][0]["range"]["start"]["line"], 3,
        "{reported}"
    );
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![1]);

    // Fixed, with an unknown key: a warning at the key, and the file applies.
    std::fs::write(
        &config,
        "[rules]\nunbalanced-quote = \"information\"\n\n[stylebook]\nprefered = [\"Kyiv\"]\n",
    )
    .unwrap();
    config_changed(&mut client, &config, 2);
    let reported = client.published(&config_uri, None);
    let diagnostics = reported["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{reported}");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({"line": 4, "character": 0})
    );
    assert_eq!(
        diagnostics[0]["range"]["end"],
        json!({"line": 4, "character": 8})
    );
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![3]);
    client.assert_answers();
    client.shutdown_and_exit();
}

#[test]
fn a_broken_config_found_at_open_is_reported_and_defaults_apply() {
    let dir = TempDir::new("broken-at-open");
    let config = dir.write("copydesk.toml", "[rules]\nunbalanced-quote = 3\n");
    let draft = dir.write("story.md", DRAFT);
    let mut client = start(Value::Null);
    open_markdown(&mut client, &uri(&draft), DRAFT);
    let reported = client.published(&uri(&config), None);
    assert_eq!(
        reported["diagnostics"][0]["range"]["start"]["line"], 1,
        "{reported}"
    );
    assert_eq!(
        unbalanced(&mut client, &uri(&draft)),
        vec![4],
        "the default, a hint"
    );
    client.shutdown_and_exit();
}

#[test]
fn ignored_drafts_get_no_diagnostics() {
    let dir = TempDir::new("ignore");
    dir.write("copydesk.toml", "[files]\nignore = [\"archive/**\"]\n");
    let old = dir.write("archive/2019/old.md", DRAFT);
    let new = dir.write("new.md", DRAFT);
    let mut client = start(Value::Null);
    open_markdown(&mut client, &uri(&old), DRAFT);
    open_markdown(&mut client, &uri(&new), DRAFT);
    assert_eq!(client.diagnostics(&uri(&old), 1), Vec::<Value>::new());
    assert_eq!(unbalanced(&mut client, &uri(&new)), vec![4]);
    client.shutdown_and_exit();
}

#[test]
fn ignore_on_this_line_inserts_a_comment_that_silences_the_finding() {
    let dir = TempDir::new("ignore-action");
    let draft = dir.write("story.md", DRAFT);
    let draft_uri = uri(&draft);
    let mut client = start(Value::Null);
    open_markdown(&mut client, &draft_uri, DRAFT);
    assert_eq!(unbalanced(&mut client, &draft_uri), vec![4]);
    let response = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": draft_uri},
            "range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 1}},
            "context": {"diagnostics": []},
        }),
    );
    let actions = response["result"].as_array().unwrap();
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore unbalanced-quote on this line")
        .unwrap_or_else(|| panic!("no ignore action: {response}"));
    let edit = &ignore["edit"]["changes"][&draft_uri][0];
    assert_eq!(edit["range"]["start"], json!({"line": 4, "character": 0}));
    let inserted = edit["newText"].as_str().unwrap();
    assert_eq!(
        inserted,
        "<!-- copydesk-disable-next-line unbalanced-quote -->\n"
    );

    let fixed = DRAFT.replace("“We", &format!("{inserted}“We"));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": draft_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics(&draft_uri, 2), Vec::<Value>::new());
    client.shutdown_and_exit();
}

#[test]
fn an_open_config_file_is_validated_not_analysed() {
    let dir = TempDir::new("open-config");
    let config = dir.write("copydesk.toml", "[rules]\n");
    let config_uri = uri(&config);
    let mut client = start(Value::Null);
    let text = "[rules]\nunbalanced-quote = \"loud\"\n“\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": config_uri, "languageId": "toml", "version": 1, "text": text}}),
    );
    let published = client.published(&config_uri, Some(1));
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics.iter().all(|d| d["code"] != "unbalanced-quote"),
        "{published}"
    );
    client.shutdown_and_exit();
}

// ---- the command line ------------------------------------------------------------

#[test]
fn init_writes_a_starter_and_refuses_to_overwrite() {
    let dir = TempDir::new("init");
    let output = copydesk(&["init"], &dir.0);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read_to_string(dir.0.join("copydesk.toml")).unwrap();
    assert_eq!(written, copydesk::config::starter::STARTER);

    std::fs::write(dir.0.join("copydesk.toml"), "# mine\n").unwrap();
    let output = copydesk(&["init"], &dir.0);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("copydesk.toml")).unwrap(),
        "# mine\n"
    );

    let output = copydesk(&["init", "--force", "--schema", "sub"], &dir.0);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = std::fs::read_to_string(dir.0.join("sub/copydesk.toml")).unwrap();
    assert!(written.starts_with("#:schema ./copydesk.schema.json\n"));
    let schema = std::fs::read_to_string(dir.0.join("sub/copydesk.schema.json")).unwrap();
    assert_eq!(schema, copydesk::config::schema_json());
    // The starter checks cleanly: no config warnings.
    dir.write("sub/a.md", "Nothing to see.\n");
    let output = copydesk(&["check", "sub"], &dir.0);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning:"), "{}", stderr(&output));
}

#[test]
fn rules_lists_every_rule_and_documents_one() {
    let dir = TempDir::new("rules");
    let output = copydesk(&["rules"], &dir.0);
    assert!(output.status.success());
    let listing = stdout(&output);
    for rule in copydesk::rules::RULES {
        let line = listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.code))
            .unwrap_or_else(|| panic!("{} not listed:\n{listing}", rule.code));
        assert!(line.contains(rule.default_severity.as_str()), "{line}");
        assert!(line.contains(rule.summary), "{line}");
    }
    let output = copydesk(&["rules", "unbalanced-quote"], &dir.0);
    assert!(output.status.success());
    assert_eq!(
        stdout(&output),
        copydesk::rules::find("unbalanced-quote").unwrap().doc
    );
    let output = copydesk(&["rules", "no-such-rule"], &dir.0);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn check_reads_the_nearest_config_or_the_one_named() {
    let dir = TempDir::new("cli-config");
    // The desk raises the rule, a hint by default, to a warning, which fails a check.
    dir.write(
        "desk/copydesk.toml",
        "[rules]\nunbalanced-quote = \"warning\"\n",
    );
    dir.write("desk/story.md", DRAFT);
    dir.write("elsewhere.md", DRAFT);
    dir.write("strict.toml", "[rules]\nunbalanced-quote = \"error\"\n");

    let output = copydesk(&["check", "desk/story.md"], &dir.0);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = copydesk(&["check", "elsewhere.md"], &dir.0);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let output = copydesk(
        &[
            "check",
            "--config",
            "strict.toml",
            "--format",
            "json",
            "desk/story.md",
        ],
        &dir.0,
    );
    assert_eq!(output.status.code(), Some(1));
    let line: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(line["diagnostics"][0]["severity"], "error");

    dir.write("broken.toml", "[rules]\nunbalanced-quote = \"loud\"\n");
    let output = copydesk(
        &["check", "--config", "broken.toml", "elsewhere.md"],
        &dir.0,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("broken.toml:2:"),
        "{}",
        stderr(&output)
    );

    let output = copydesk(
        &["check", "--config", "missing.toml", "elsewhere.md"],
        &dir.0,
    );
    assert_eq!(output.status.code(), Some(2));

    // A broken nearest file: reported, exit 2, the drafts still checked with defaults.
    dir.write("desk/copydesk.toml", "[rules\n");
    let output = copydesk(&["check", "desk"], &dir.0);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("copydesk.toml:1:"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("unbalanced-quote"));
}

#[test]
fn check_honours_files_ignore() {
    let dir = TempDir::new("cli-ignore");
    dir.write(
        "copydesk.toml",
        "[files]\nignore = [\"archive/**\", \"*.wire.txt\"]\n",
    );
    dir.write("archive/old.md", DRAFT);
    dir.write("desk/x.wire.txt", DRAFT);
    dir.write("desk/new.md", "All quiet.\n");
    let output = copydesk(&["check", "."], &dir.0);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert!(stderr(&output).contains("2 ignored"), "{}", stderr(&output));
    // Named on the command line (as pre-commit does), still ignored.
    let output = copydesk(&["check", "archive/old.md"], &dir.0);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn suppression_comments_silence_findings() {
    let dir = TempDir::new("suppress");
    // Each probe is an unclosed quotation followed by a paragraph that is not one (a
    // paragraph opening with a mark would continue it).
    let markdown = "<!-- copydesk-disable-next-line unbalanced-quote -->\n“One.\n\nFiller.\n\n<!-- copydesk-disable -->\n“Two.\n\nFiller.\n\n<!-- copydesk-enable -->\n“Three.\n\nFiller.\n\n“Four. <!-- copydesk-disable-line unbalanced-quote -->\n\nFiller.\n\n<!-- copydesk-disable-next-line unattributed-quote -->\n“Five.\n\nFiller.\n";
    dir.write("a.md", markdown);
    let line_of =
        |text: &str, probe: &str| 1 + text[..text.find(probe).unwrap()].matches('\n').count();
    let output = copydesk(&["check", "--format", "json", "a.md"], &dir.0);
    let line: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let lines: Vec<Value> = line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .map(|d| d["line"].clone())
        .collect();
    assert_eq!(
        lines,
        vec![
            json!(line_of(markdown, "“Three")),
            json!(line_of(markdown, "“Five"))
        ],
        "{line}"
    );

    let text = "[copydesk-disable-next-line unbalanced-quote]\n“One.\nFiller.\n# copydesk-disable\n“Two.\nFiller.\n[copydesk-enable]\n“Three.\nFiller.\n";
    dir.write("b.txt", text);
    let output = copydesk(&["check", "--format", "json", "b.txt"], &dir.0);
    let line: Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    let lines: Vec<Value> = line["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .map(|d| d["line"].clone())
        .collect();
    assert_eq!(lines, vec![json!(line_of(text, "“Three"))], "{line}");
}

#[test]
fn sarif_output_has_the_driver_rules_and_located_results() {
    let dir = TempDir::new("sarif");
    dir.write("drafts/story one.md", "Intro.\n\nErdoğan: “We will not\n");
    let output = copydesk(
        &["check", "--format", "sarif", "drafts", "missing.md"],
        &dir.0,
    );
    assert_eq!(output.status.code(), Some(2));
    let log: Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "copydesk");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), copydesk::rules::RULES.len());
    assert!(rules.iter().any(|r| r["id"] == "unbalanced-quote"));
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unbalanced-quote")
        .unwrap_or_else(|| panic!("{log}"));
    // A hint by default, which SARIF calls a note.
    assert_eq!(result["level"], "note");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "unbalanced-quote");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "note");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "drafts/story%20one.md");
    assert_eq!(
        location["region"],
        json!({"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 11})
    );
    assert!(result["message"]["text"].as_str().unwrap().contains('“'));
    assert!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
            .is_string()
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn pre_commit_hook_runs_copydesk_check_on_drafts() {
    let hooks = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(hooks.contains("- id: copydesk"));
    assert!(hooks.contains("entry: copydesk check"));
    assert!(hooks.contains("language: rust"));
    assert!(hooks.contains("types_or: [markdown, text]"));
}

// ---- the schema ------------------------------------------------------------------

fn schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/copydesk.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap();
    let generated = copydesk::config::schema_json();
    if committed != generated && std::env::var_os("COPYDESK_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert_eq!(
        committed, generated,
        "schema/copydesk.schema.json is stale: run `cargo run -- schema > schema/copydesk.schema.json` (or COPYDESK_BLESS=1 cargo test)"
    );
    serde_json::from_str(&generated).unwrap()
}

fn toml_as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    schema();
}

#[test]
fn the_starter_and_a_full_file_validate_against_the_schema_and_read_cleanly() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let full = r#"
[rules]
unattributed-quote = "warning"
unbalanced-quote = "off"
[stylebook]
preferred = ["Türkiye", "Kyiv", "Zelenskyy"]
reject = { "Kiev" = "Kyiv" }
[[known]]
name = "Abbas Araghchi"
aliases = ["Araghchi", "Araqchi"]
kind = "person"
description = "Iran's foreign minister"
[speech]
verbs = ["harrumphed"]
[vague-sources]
add = ["insiders whisper"]
remove = ["reportedly"]
[files]
ignore = ["archive/**"]
"#;
    for text in [copydesk::config::starter::STARTER, full] {
        let errors: Vec<String> = validator
            .iter_errors(&toml_as_json(text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}\n{text}");
        let parsed = copydesk::config::parse_toml(text, copydesk::rules::is_known);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }
}

#[test]
fn the_schema_and_the_reader_reject_the_same_mistakes() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let cases = [
        ("[rules]\nunbalanced-quote = \"loud\"\n", true),
        ("[speech]\nverbs = \"said\"\n", true),
        ("[[known]]\naliases = [\"X\"]\n", true),
        ("[[known]]\nname = \"X\"\nkind = \"robot\"\n", true),
        ("[stylebook]\nreject = { \"Kiev\" = 1 }\n", true),
        // Unknown keys: the schema flags them, the reader warns.
        ("[stylebook]\nprefered = []\n", false),
        ("colour = \"blue\"\n", false),
    ];
    for (text, is_error) in cases {
        assert!(
            !validator.is_valid(&toml_as_json(text)),
            "schema accepts {text}"
        );
        let parsed = copydesk::config::parse_toml(text, copydesk::rules::is_known);
        assert!(!parsed.problems.is_empty(), "reader accepts {text}");
        assert_eq!(
            parsed.has_errors(),
            is_error,
            "{text}: {:?}",
            parsed.problems
        );
    }
}

fn stylebook_action(client: &mut Client, draft_uri: &str, text: &str) -> Value {
    let diagnostics = client.diagnostics(draft_uri, 1);
    let spelling = diagnostics
        .iter()
        .find(|d| d["code"] == "inconsistent-spelling")
        .unwrap_or_else(|| panic!("no spelling finding: {diagnostics:?}\n{text}"));
    let response = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": draft_uri},
            "range": spelling["range"],
            "context": {"diagnostics": []},
        }),
    );
    response["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("to the stylebook"))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no stylebook action: {response}"))
}

#[test]
fn add_to_the_stylebook_edits_or_creates_copydesk_toml() {
    let text =
        "Turkey said on Monday it would talk. Officials in Turkiye said talks would start.\n";
    // No config file: one is created at the workspace root.
    let dir = TempDir::new("stylebook-create");
    let draft = dir.write("desk/story.txt", text);
    let mut client = Client::spawn();
    client.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&dir.0),
            "capabilities": {"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}},
        }),
    );
    client.notify("initialized", json!({}));
    client.open(&uri(&draft), 1, text);
    let action = stylebook_action(&mut client, &uri(&draft), text);
    let operations = action["edit"]["documentChanges"].as_array().unwrap();
    let config_uri = uri(&dir.0.join("copydesk.toml"));
    assert_eq!(operations[0]["kind"], "create", "{action}");
    assert_eq!(operations[0]["uri"], config_uri);
    assert_eq!(operations[1]["textDocument"]["uri"], config_uri);
    let created = operations[1]["edits"][0]["newText"].as_str().unwrap();
    let title = action["title"].as_str().unwrap();
    let parsed = copydesk::config::parse_toml(created, copydesk::rules::is_known);
    let preferred = parsed.config.unwrap().stylebook.preferred;
    assert_eq!(preferred.len(), 1);
    assert_eq!(title, format!("Add “{}” to the stylebook", preferred[0]));
    client.shutdown_and_exit();

    // A config file: the whole file is replaced by itself plus the spelling.
    let dir = TempDir::new("stylebook-edit");
    let original = "# house style\n[stylebook]\npreferred = [\"Kyiv\"]\n";
    dir.write("copydesk.toml", original);
    let draft = dir.write("story.txt", text);
    let mut client = start(Value::Null);
    client.open(&uri(&draft), 1, text);
    let action = stylebook_action(&mut client, &uri(&draft), text);
    let edit = &action["edit"]["documentChanges"][0];
    assert_eq!(
        edit["textDocument"]["uri"],
        uri(&dir.0.join("copydesk.toml"))
    );
    let new_text = edit["edits"][0]["newText"].as_str().unwrap();
    assert!(new_text.starts_with("# house style\n"), "{new_text}");
    let preferred = copydesk::config::parse_toml(new_text, copydesk::rules::is_known)
        .config
        .unwrap()
        .stylebook
        .preferred;
    assert_eq!(preferred.len(), 2, "{new_text}");
    assert_eq!(
        edit["edits"][0]["range"]["end"],
        json!({"line": 3, "character": 0})
    );
    client.shutdown_and_exit();
}
