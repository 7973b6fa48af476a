//! The reporter's sources in the editor, driven over stdio as an editor would: the
//! three rules' diagnostics on the fixture workspace `tests/notes-workspaces/harbour`,
//! the hover and go-to-definition of a quotation, the quick fix applied, a source file
//! changed on disk or in its buffer re-checking the open draft, and a `[sources]` glob
//! that leaves the configuration's folder refused unless the user's settings allow it.
//!
//! Each test works on its own copy of the workspace in a temporary folder.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::{Client, Enc};

/// A fresh copy of a fixture workspace.
fn workspace(name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/notes-workspaces/harbour");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let to = std::env::temp_dir().join(format!(
        "copydesk-notes-protocol-{name}-{}-{nanos}",
        std::process::id()
    ));
    copy_dir(&from, &to);
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A server initialized on `root` with these client capabilities and initialization
/// options; UTF-16 columns.
fn start(root: &Path, capabilities: Value, options: Value) -> Client {
    start_with(Client::spawn(), root, capabilities, options)
}

fn start_with(mut client: Client, root: &Path, capabilities: Value, options: Value) -> Client {
    let response = client.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(root),
            "capabilities": capabilities,
            "initializationOptions": options,
        }),
    );
    assert!(response.get("error").is_none(), "{response}");
    client.notify("initialized", json!({}));
    client
}

/// Opens the workspace's draft and returns its text and first diagnostics.
fn open_draft(client: &mut Client, root: &Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(root.join("draft.md")).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
            "uri": uri(&root.join("draft.md")), "languageId": "markdown", "version": 1, "text": text,
        }}),
    );
    let diagnostics = client.diagnostics(&uri(&root.join("draft.md")), 1);
    (text, diagnostics)
}

/// (code, 0-based line) of each diagnostic of the three source rules.
fn source_findings(diagnostics: &[Value]) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = diagnostics
        .iter()
        .filter(|d| {
            d["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("quote-") && c != "quote-mismatch")
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    found
}

/// The 0-based line and UTF-16 column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    support::position_of(text, at, Enc::Utf16)
}

const ALTERED_LINE: u64 = 8; // “The mayor has never returned our calls,” Okafor said.

#[test]
fn the_three_rules_reach_the_editor() {
    let root = workspace("rules");
    let mut client = start(&root, json!({}), Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert_eq!(
        source_findings(&diagnostics),
        [
            ("quote-altered".to_string(), ALTERED_LINE),
            ("quote-altered".to_string(), 12),
            ("quote-not-in-notes".to_string(), 18),
            ("quote-speaker-mismatch".to_string(), 16),
        ]
    );
    let altered = diagnostics
        .iter()
        .find(|d| d["code"] == "quote-altered")
        .unwrap();
    assert_eq!(
        altered["message"],
        "not word for word as in notes/okafor-call.txt line 8: notes: *has not returned* · draft: *has never returned*"
    );
    assert_eq!(altered["severity"], 2);
    let not_found = diagnostics
        .iter()
        .find(|d| d["code"] == "quote-not-in-notes")
        .unwrap();
    assert_eq!(not_found["severity"], 3);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn hover_shows_the_passage_with_speaker_file_and_place() {
    let root = workspace("hover");
    let mut client = start(&root, json!({}), Value::Null);
    let (text, _) = open_draft(&mut client, &root);
    let draft = uri(&root.join("draft.md"));
    let hover = |client: &mut Client, needle: &str| {
        let (line, character) = position_of(&text, needle);
        let response = client.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": draft}, "position": {"line": line, "character": character}}),
        );
        response["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("a hover on {needle:?}: {response}"))
            .to_string()
    };

    let altered = hover(&mut client, "mayor has never");
    for part in [
        "**In the sources** — not word for word",
        "OKAFOR · `notes/okafor-call.txt` line 8",
        "> The mayor has not returned our calls",
        "notes: *has not returned* · draft: *has never returned*",
    ] {
        assert!(altered.contains(part), "{part:?} in {altered}");
    }
    let timed = hover(&mut client, "hold out for");
    assert!(
        timed.contains("Tom Reyes · `transcripts/briefing.vtt` at 0:05"),
        "{timed}"
    );
    assert!(timed.contains("word for word"), "{timed}");
    let someone_else = hover(&mut client, "council will meet");
    assert!(
        someone_else.contains("Dana Whitfield · `interviews/okafor-followup.md`"),
        "{someone_else}"
    );
    assert!(someone_else.contains("someone else"), "{someone_else}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn definition_opens_the_passage_in_the_source_file() {
    let root = workspace("definition");
    let mut client = start(&root, json!({}), Value::Null);
    let (text, _) = open_draft(&mut client, &root);
    let draft = uri(&root.join("draft.md"));
    let definition = |client: &mut Client, needle: &str| {
        let (line, character) = position_of(&text, needle);
        let response = client.call(
            "textDocument/definition",
            json!({"textDocument": {"uri": draft}, "position": {"line": line, "character": character}}),
        );
        response["result"].clone()
    };

    let notes = std::fs::read_to_string(root.join("notes/okafor-call.txt")).unwrap();
    let found = definition(&mut client, "mayor has never");
    assert_eq!(found["uri"], uri(&root.join("notes/okafor-call.txt")));
    let (line, character) = position_of(&notes, "The mayor has not");
    assert_eq!(
        found["range"]["start"],
        json!({"line": line, "character": character})
    );
    let (line, character) = position_of(&notes, ". Not once");
    assert_eq!(
        found["range"]["end"],
        json!({"line": line, "character": character})
    );

    let vtt = std::fs::read_to_string(root.join("transcripts/briefing.vtt")).unwrap();
    let found = definition(&mut client, "hold out for");
    assert_eq!(found["uri"], uri(&root.join("transcripts/briefing.vtt")));
    let (line, character) = position_of(&vtt, "can hold out");
    assert_eq!(
        found["range"]["start"],
        json!({"line": line, "character": character})
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_quick_fix_puts_the_sources_words_in() {
    let root = workspace("fix");
    let mut client = start(&root, json!({}), Value::Null);
    let (text, diagnostics) = open_draft(&mut client, &root);
    let draft = uri(&root.join("draft.md"));
    let altered = diagnostics
        .iter()
        .find(|d| d["code"] == "quote-altered" && d["range"]["start"]["line"] == ALTERED_LINE)
        .unwrap()
        .clone();
    let response = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": draft},
            "range": altered["range"],
            "context": {"diagnostics": [altered]},
        }),
    );
    let actions = response["result"].as_array().expect("actions").clone();
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Use the words of notes/okafor-call.txt line 8")
        .unwrap_or_else(|| panic!("the quick fix among {actions:?}"));
    let edits = fix["edit"]["changes"][&draft]
        .as_array()
        .expect("edits to the draft")
        .clone();
    let fixed = support::apply_text_edits(&text, &edits, Enc::Utf16);
    assert!(
        fixed.contains("“The mayor has not returned our calls,” Okafor said."),
        "{fixed}"
    );
    assert_eq!(fixed.len(), text.len() - "never".len() + "not".len());

    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": draft, "version": 2},
            "contentChanges": [{"text": fixed}],
        }),
    );
    let after = client.diagnostics(&draft, 2);
    assert!(
        !source_findings(&after).contains(&("quote-altered".to_string(), ALTERED_LINE)),
        "{after:?}"
    );
    assert_eq!(source_findings(&after).len(), 3);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_source_changed_on_disk_rechecks_the_open_draft() {
    let root = workspace("watched");
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {
        "dynamicRegistration": true, "relativePatternSupport": true,
    }}});
    let mut client = start(&root, capabilities, Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert!(source_findings(&diagnostics).contains(&("quote-altered".to_string(), ALTERED_LINE)));

    // The server asked to be told of changes to the source globs, relative to the folder.
    let registration = client.wait_for("a watcher for the sources", |m| {
        m["method"] == "client/registerCapability"
            && m["params"]["registrations"][0]["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("copydesk-sources"))
    });
    let watchers = &registration["params"]["registrations"][0]["registerOptions"]["watchers"];
    let patterns: Vec<&str> = watchers
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"]["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(patterns, ["notes/**", "transcripts/**", "interviews/**"]);
    assert_eq!(
        watchers[0]["globPattern"]["baseUri"],
        uri(&root).trim_end_matches('/')
    );

    // The reporter corrects the notes: the draft's wording is now the notes'.
    let notes = root.join("notes/okafor-call.txt");
    let text = std::fs::read_to_string(&notes).unwrap();
    std::fs::write(
        &notes,
        text.replace("has not returned our calls", "has never returned our calls"),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&notes), "type": 2}]}),
    );
    let after = client.diagnostics(&uri(&root.join("draft.md")), 1);
    assert_eq!(
        source_findings(&after),
        [
            ("quote-altered".to_string(), 12),
            ("quote-not-in-notes".to_string(), 18),
            ("quote-speaker-mismatch".to_string(), 16),
        ]
    );

    // The file deleted: the quotations it held are not in the notes any more.
    std::fs::remove_file(&notes).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&notes), "type": 3}]}),
    );
    let after = client.diagnostics(&uri(&root.join("draft.md")), 1);
    let lines: Vec<u64> = source_findings(&after)
        .into_iter()
        .filter(|(code, _)| code == "quote-not-in-notes")
        .map(|(_, line)| line)
        .collect();
    assert!(lines.contains(&2), "{after:?}");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_open_source_files_buffer_counts_until_it_is_closed() {
    let root = workspace("buffer");
    let mut client = start(&root, json!({}), Value::Null);
    let draft = uri(&root.join("draft.md"));
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert!(source_findings(&diagnostics).contains(&("quote-altered".to_string(), ALTERED_LINE)));

    let notes = root.join("notes/okafor-call.txt");
    let text = std::fs::read_to_string(&notes).unwrap();
    client.open(&uri(&notes), 1, &text);
    client.change(
        &uri(&notes),
        2,
        vec![json!({"text": text.replace("has not returned", "has never returned")})],
    );
    // The draft is re-checked against the buffer (the file on disk is unchanged).
    let after = loop {
        let published = client.diagnostics(&draft, 1);
        if !source_findings(&published).contains(&("quote-altered".to_string(), ALTERED_LINE)) {
            break published;
        }
    };
    assert_eq!(source_findings(&after).len(), 3);

    client.close(&uri(&notes));
    let back = loop {
        let published = client.diagnostics(&draft, 1);
        if source_findings(&published).len() == 4 {
            break published;
        }
    };
    assert!(source_findings(&back).contains(&("quote-altered".to_string(), ALTERED_LINE)));
    std::fs::remove_dir_all(&root).unwrap();
}

/// A desk folder whose copydesk.toml points its sources at `../private/**`, where a
/// transcript gives the draft's quotation in other words.
fn escaping_workspace(name: &str) -> PathBuf {
    let root = workspace(name);
    let desk = root.join("desk");
    std::fs::create_dir_all(root.join("private")).unwrap();
    std::fs::create_dir_all(&desk).unwrap();
    std::fs::write(
        root.join("private/call.txt"),
        "OKAFOR: The mayor has not returned our calls. Not once.\n",
    )
    .unwrap();
    std::fs::write(
        desk.join("copydesk.toml"),
        "[sources]\ninclude = [\"../private/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        desk.join("draft.md"),
        "“The mayor has never returned our calls,” union leader Maria Okafor said.\n",
    )
    .unwrap();
    desk
}

#[test]
fn a_sources_glob_leaving_the_folder_is_refused_unless_the_user_allows_it() {
    let desk = escaping_workspace("escape");
    let mut client = start(&desk, json!({}), Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &desk);
    // Nothing was read from ../private: no quotation is checked against it.
    assert_eq!(source_findings(&diagnostics), []);
    let message = client.wait_for("a message about the refused glob", |m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains("../private/**"))
    });
    assert!(
        message["params"]["message"]
            .as_str()
            .unwrap()
            .contains("leaves the configuration's folder"),
        "{message}"
    );
    // And a warning on the configuration file, at the glob.
    let config = client.published(&uri(&desk.join("copydesk.toml")), None);
    let warning = &config["diagnostics"][0];
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("leaves this file's directory"),
        "{config}"
    );
    assert_eq!(warning["range"]["start"]["line"], 1);
    drop(client);

    // The user's own settings allow it: the private transcript is read.
    let allowed = json!({"sources": {"allow-outside": true}});
    let mut client = start(&desk, json!({}), allowed);
    let (_, diagnostics) = open_draft(&mut client, &desk);
    assert_eq!(
        source_findings(&diagnostics),
        [("quote-altered".to_string(), 0)]
    );
    let altered = &diagnostics
        .iter()
        .find(|d| d["code"] == "quote-altered")
        .unwrap()["message"];
    let private = desk.parent().unwrap().join("private/call.txt");
    assert!(
        altered
            .as_str()
            .unwrap()
            .contains(&format!("{} line 1", private.display())),
        "{altered}"
    );
    std::fs::remove_dir_all(desk.parent().unwrap()).unwrap();
}

#[test]
fn an_unreadable_source_is_told_once_and_the_rest_still_count() {
    let root = workspace("unreadable");
    std::fs::write(root.join("notes/scan.txt"), b"\0\0\0binary").unwrap();
    std::fs::write(
        root.join("other.md"),
        "“The mayor has never returned our calls,” Okafor said.\n",
    )
    .unwrap();
    let mut client = start(&root, json!({}), Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert_eq!(source_findings(&diagnostics).len(), 4);
    client.open(
        &uri(&root.join("other.md")),
        1,
        &std::fs::read_to_string(root.join("other.md")).unwrap(),
    );
    let other = client.diagnostics(&uri(&root.join("other.md")), 1);
    assert_eq!(source_findings(&other), [("quote-altered".to_string(), 0)]);
    client.assert_answers();
    // Everything the server sent so far is in `received`, the drained messages too.
    client.drain(std::time::Duration::from_millis(300));
    let told = client
        .received
        .iter()
        .filter(|m| {
            m["method"] == "window/showMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|s| s.contains("scan.txt"))
        })
        .count();
    assert_eq!(told, 1);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_slow_index_shows_work_done_progress() {
    let root = workspace("progress");
    // The hook makes the load take 800 ms: over the half second after which the server
    // shows progress (the test does not time anything itself).
    let server = Client::spawn_with_env(&[], &[("COPYDESK_TEST_SLOW_SOURCES_MS", "800")]);
    let capabilities = json!({"window": {"workDoneProgress": true}});
    let mut client = start_with(server, &root, capabilities, Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert_eq!(source_findings(&diagnostics).len(), 4);
    let create = client
        .received
        .iter()
        .find(|m| m["method"] == "window/workDoneProgress/create")
        .cloned()
        .expect("a progress token created before the diagnostics");
    let token = create["params"]["token"].clone();
    // Diagnostics and notifications reach the client by different queues: wait for the end.
    let end = token.clone();
    client.wait_for("the end of the progress", move |m| {
        m["method"] == "$/progress"
            && m["params"]["token"] == end
            && m["params"]["value"]["kind"] == "end"
    });
    let mut kinds = Vec::new();
    for message in client.received.clone() {
        if message["method"] == "$/progress" && message["params"]["token"] == token {
            kinds.push(
                message["params"]["value"]["kind"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
    }
    assert_eq!(kinds, ["begin", "end"]);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_fast_index_shows_none() {
    let root = workspace("no-progress");
    let capabilities = json!({"window": {"workDoneProgress": true}});
    let mut client = start(&root, capabilities, Value::Null);
    let (_, diagnostics) = open_draft(&mut client, &root);
    assert_eq!(source_findings(&diagnostics).len(), 4);
    client.assert_answers();
    assert!(
        !client
            .received
            .iter()
            .any(|m| m["method"] == "window/workDoneProgress/create")
    );
    std::fs::remove_dir_all(&root).unwrap();
}
