//! Names across the desk in the editor, driven over stdio as an editor would: a draft
//! opened beside the desk's other open drafts under one `copydesk.toml` gets a
//! `desk-spelling` diagnostic with its quick fix; closing the others takes it away at
//! the draft's next analysis.

mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use support::Client;

fn desk(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let root = std::env::temp_dir().join(format!(
        "copydesk-desk-protocol-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("copydesk.toml"), "").unwrap();
    root
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn open(client: &mut Client, path: &Path, version: i64, text: &str) -> Vec<Value> {
    std::fs::write(path, text).unwrap();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
            "uri": uri(path), "languageId": "markdown", "version": version, "text": text,
        }}),
    );
    client.diagnostics(&uri(path), version)
}

const EARLIER: &str = "# Talks\n\nUkrainian President Volodymyr Zelenskyy met the envoys. Zelenskyy said the talks were useful.\n";
const TODAY: &str = "# Ceasefire hopes\n\nVolodymyr Zelensky said a ceasefire was close.\n";

#[test]
fn a_draft_is_held_against_the_other_open_drafts_of_its_desk() {
    let root = desk("open");
    let mut client = Client::spawn();
    let response = client.call(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    assert!(response.get("error").is_none(), "{response}");
    client.notify("initialized", json!({}));
    for (i, name) in ["monday.md", "tuesday.md"].into_iter().enumerate() {
        let diagnostics = open(&mut client, &root.join(name), 1, EARLIER);
        assert!(
            diagnostics.iter().all(|d| d["code"] != "desk-spelling"),
            "draft {i}: {diagnostics:?}"
        );
    }
    let today = root.join("today.md");
    let diagnostics = open(&mut client, &today, 1, TODAY);
    let desk: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "desk-spelling")
        .collect();
    assert_eq!(desk.len(), 1, "{diagnostics:?}");
    let d = desk[0];
    assert_eq!(d["severity"], 4, "a hint by default");
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 10}));
    assert_eq!(d["range"]["end"], json!({"line": 2, "character": 18}));
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("“Zelenskyy” elsewhere on the desk (4× in 2 files, first in monday.md:3)"),
        "{message}"
    );
    // The quick fix puts the desk's spelling in.
    let actions = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri(&today)},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Change to Zelenskyy")
        .unwrap_or_else(|| panic!("{actions}"));
    let edits = &fix["edit"]["changes"][uri(&today)];
    assert_eq!(edits[0]["newText"], "Zelenskyy");
    assert_eq!(edits[0]["range"], d["range"]);
    // The desk's drafts closed, the next analysis has nothing to hold it against.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&root.join("monday.md"))}}),
    );
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&root.join("tuesday.md"))}}),
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&today), "version": 2},
            "contentChanges": [{"text": TODAY.replace("close", "near")}],
        }),
    );
    let diagnostics = client.diagnostics(&uri(&today), 2);
    assert!(
        diagnostics.iter().all(|d| d["code"] != "desk-spelling"),
        "{diagnostics:?}"
    );
    client.shutdown_and_exit();
    let _ = std::fs::remove_dir_all(&root);
}
