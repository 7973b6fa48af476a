//! The server under hostile input and rough clients, driven over stdio as an editor
//! does (tests/support): a 10 MB draft, a binary file opened as text, a config file
//! rewritten every 10 ms, a burst of 1,000 edits, a client that vanishes mid-request, and
//! panics injected into the analysis and into request handlers. Every case ends the same
//! way: the server still answers a hover on a good draft with the right text, and the
//! draft under test still holds exactly the client's text (an edit whose diagnostic
//! lands where the client's own model says it must).
//!
//! (Malformed JSON, wrong Content-Length, unknown methods, requests before initialize,
//! didChange for unopened drafts, versions going backwards, exit without shutdown and a
//! closed stdin are in tests/protocol.rs.)

mod support;

use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Client, Enc, TIMEOUT, bytes_of, position, position_of, range_of};

/// Markers that make the server panic, through the test-only fault injection read
/// from the environment (see `server::requests::test_hooks`). Drafts in other tests
/// never contain them.
const ANALYSIS_PANIC: &str = "⟦copydesk-test: panic in analysis⟧";
const REQUEST_PANIC: &str = "⟦copydesk-test: panic in requests⟧";

/// Sets the fault-injection variables for every server this test binary spawns. Every
/// test calls it before it starts a server or a thread, so no thread reads the
/// environment while it is written.
fn setup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: inside `call_once`, before any test of this binary has spawned a
        // process or a thread (every test calls `setup` first, and waits for it).
        unsafe {
            std::env::set_var("COPYDESK_TEST_PANIC_ON", ANALYSIS_PANIC);
            std::env::set_var("COPYDESK_TEST_PANIC_ON_REQUEST", REQUEST_PANIC);
        }
    });
}

fn start(enc: Enc) -> Client {
    setup();
    Client::start(enc)
}

// ---- the good draft: a hover with the right text ------------------------------------

const GOOD_URI: &str = "file:///newsroom/drafts/harbor-talks.txt";
const GOOD: &str = "Talks Resume at the Harbor\n\
Harbor master Grace Okafor said on Monday that 💡 the port would reopen within a week.\n\
Union leader Tomas Berg disagreed. “Nobody is going back without a contract,” Berg said.\n";

/// The server answers a hover on a good draft, naming the right person over the right
/// range.
fn assert_hover_on_good_draft(client: &mut Client, enc: Enc) {
    client.open(GOOD_URI, 1, GOOD);
    let berg = GOOD.find("Berg said").unwrap();
    let response = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": GOOD_URI}, "position": position(position_of(GOOD, berg, enc))}),
    );
    let hover = &response["result"];
    let text = hover["contents"]["value"].as_str().unwrap_or_else(|| {
        panic!(
            "a hover on the good draft: {response}\nstderr:\n{}",
            client.stderr()
        )
    });
    assert!(text.starts_with("**Tomas Berg** · person"), "{text}");
    assert!(
        text.contains("“Nobody is going back without a contract,”"),
        "{text}"
    );
    assert_eq!(
        bytes_of(GOOD, &hover["range"], enc),
        berg..berg + "Berg".len()
    );
}

// ---- the draft under test: the server's text is the client's --------------------------

/// A draft open in the server with the client's copy of its text.
struct Open {
    uri: String,
    enc: Enc,
    text: String,
    version: i64,
}

impl Open {
    fn new(client: &mut Client, uri: &str, enc: Enc, text: String) -> Open {
        client.open(uri, 1, &text);
        Open {
            uri: uri.to_string(),
            enc,
            text,
            version: 1,
        }
    }

    /// Replaces `bytes` of the client's text, in the server too (one didChange).
    fn replace(&mut self, client: &mut Client, bytes: std::ops::Range<usize>, new_text: &str) {
        let change = support::change_of(&self.text, bytes.clone(), new_text, self.enc);
        self.text.replace_range(bytes, new_text);
        self.version += 1;
        client.change(&self.uri, self.version, vec![change]);
    }

    /// Appends a paragraph with a quotation mark that never closes, at the end of the
    /// client's text, and checks that the server flags that mark exactly where the
    /// client's model puts it: the server's text (its length, its lines, its
    /// characters in the negotiated encoding) is the client's. Every diagnostic of that
    /// publish must also lie inside the client's text.
    fn assert_same_text(&mut self, client: &mut Client) {
        let probe = "\n\nProbe paragraph: “this mark never closes\n";
        let at = self.text.len();
        self.replace(client, at..at, probe);
        let mark = at + probe.find('“').unwrap();
        let diagnostics = client.diagnostics(&self.uri, self.version);
        let expected = range_of(&self.text, mark..mark + '“'.len_utf8(), self.enc);
        assert!(
            diagnostics
                .iter()
                .any(|d| d["code"] == "unbalanced-quote" && d["range"] == expected),
            "the probe's mark at {expected} in {:?}: {diagnostics:?}",
            self.enc
        );
        for diagnostic in &diagnostics {
            let bytes = bytes_of(&self.text, &diagnostic["range"], self.enc);
            assert_eq!(
                range_of(&self.text, bytes, self.enc),
                diagnostic["range"],
                "a diagnostic outside the client's text: {diagnostic}"
            );
        }
    }
}

fn quote_findings(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .cloned()
        .collect()
}

/// The one quotation mark of a short paragraph with a mark that never closes.
const UNCLOSED: &str = "The minister said: “We will not negotiate, she said.\n";

fn assert_on_mark(diagnostics: &[Value], text: &str, mark: usize, enc: Enc) {
    let found = quote_findings(diagnostics);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]["range"],
        range_of(text, mark..mark + '“'.len_utf8(), enc)
    );
}

// ---- a 10 MB draft ----------------------------------------------------------------------

#[test]
fn a_ten_megabyte_draft_gets_one_notice_and_the_server_keeps_up() {
    let enc = Enc::Utf16;
    let mut client = start(enc);
    let paragraph =
        "The council met on Monday 💡 and said the budget would pass, officials said.\n";
    let mut text = String::with_capacity(10_500_000);
    text.push_str(UNCLOSED);
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let uri = "file:///newsroom/drafts/ten-megabytes.txt";
    let started = Instant::now();
    let mut draft = Open::new(&mut client, uri, enc, text);
    let diagnostics = client.diagnostics(uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 3, "information");
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("draft is larger than 5.0 MB (10.0 MB); copydesk does not analyse it"),
        "{message}"
    );
    assert!(started.elapsed() < TIMEOUT, "took {:?}", started.elapsed());
    // Requests about it answer (from an empty analysis) rather than stall.
    let response = client.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(response["result"], json!([]), "{response}");
    assert_hover_on_good_draft(&mut client, enc);

    // Cut it down to its first paragraph: analysed again, the mark where the client
    // says it is.
    let len = draft.text.len();
    draft.replace(&mut client, UNCLOSED.len()..len, "");
    let mark = UNCLOSED.find('“').unwrap();
    assert_on_mark(
        &client.diagnostics(uri, draft.version),
        &draft.text,
        mark,
        enc,
    );
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
}

#[test]
fn the_size_limit_is_a_setting() {
    setup();
    let enc = Enc::Utf8;
    let mut client = Client::spawn();
    client.initialize(json!({"general": {"positionEncodings": ["utf-8"]}}));
    client.notify("initialized", json!({}));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"maxDocumentBytes": 40}}}),
    );
    client.assert_answers();
    let uri = "file:///newsroom/drafts/limited.txt";
    let mut draft = Open::new(&mut client, uri, enc, UNCLOSED.to_string());
    let diagnostics = client.diagnostics(uri, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!(
                "draft is larger than 40 bytes ({} bytes); copydesk does not analyse it",
                UNCLOSED.len()
            )),
        "{diagnostics:?}"
    );
    // Back to the default: analysed.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {}}}),
    );
    let mark = UNCLOSED.find('“').unwrap();
    assert_on_mark(&client.diagnostics(uri, 1), UNCLOSED, mark, enc);
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
}

// ---- a binary file opened as text -----------------------------------------------------

/// What an editor shows for a binary file: NULs and control characters kept, invalid
/// UTF-8 as U+FFFD, stray quotation-mark bytes, lone CRs.
fn binary_as_text() -> String {
    let mut bytes = Vec::new();
    let mut seed: u32 = 0x9e37_79b9;
    for i in 0..64 * 1024 {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        bytes.push(match i % 97 {
            0 => 0,
            1 => b'\r',
            2 => b'"',
            _ => (seed & 0xff) as u8,
        });
    }
    bytes.extend_from_slice(b"\x7fELF\0\0\0\x02\xe2\x80\x9c\xe2\x80");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn a_binary_file_opened_as_text_is_read_and_kept() {
    for (enc, uri) in [
        (Enc::Utf16, "file:///newsroom/drafts/photo.jpg.txt"),
        (Enc::Utf8, "file:///newsroom/drafts/photo.md"),
    ] {
        let mut client = start(enc);
        let text = binary_as_text();
        assert!(text.contains('\0') && text.contains('\u{fffd}'));
        let mut draft = Open::new(&mut client, uri, enc, text);
        let diagnostics = client.diagnostics(uri, 1);
        for diagnostic in &diagnostics {
            let bytes = bytes_of(&draft.text, &diagnostic["range"], enc);
            assert_eq!(range_of(&draft.text, bytes, enc), diagnostic["range"]);
        }
        let response = client.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 5}}),
        );
        assert!(response.get("error").is_none(), "{response}");
        draft.assert_same_text(&mut client);
        assert_hover_on_good_draft(&mut client, enc);
    }
}

// ---- a config file rewritten every 10 ms --------------------------------------------------

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "copydesk-robustness-{}-{name}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn a_config_file_rewritten_every_10_ms_ends_with_its_last_version() {
    setup();
    let enc = Enc::Utf16;
    let dir = temp_dir("config");
    let config = dir.join("copydesk.toml");
    let level = |level: &str| format!("[rules]\nunbalanced-quote = \"{level}\"\n");
    std::fs::write(&config, level("error")).unwrap();
    let draft_path = dir.join("draft.txt");
    std::fs::write(&draft_path, UNCLOSED).unwrap();

    let mut client = Client::spawn();
    client.initialize(json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    }));
    client.notify("initialized", json!({}));
    let uri = file_uri(&draft_path);
    let mut draft = Open::new(&mut client, &uri, enc, UNCLOSED.to_string());
    let found = quote_findings(&client.diagnostics(&uri, 1));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["severity"], 1, "error, from the file");

    let versions = [
        level("warning"),
        level("off"),
        "[rules\nunbalanced-quote = ".to_string(), // broken: the last good one stays
        level("hint"),
        String::new(),
    ];
    let config_uri = file_uri(&config);
    let started = Instant::now();
    let mut writes = 0;
    while started.elapsed() < Duration::from_secs(2) {
        std::fs::write(&config, &versions[writes % versions.len()]).unwrap();
        writes += 1;
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": config_uri, "type": 2}]}),
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::fs::write(&config, level("information")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    assert!(writes > 100, "{writes} rewrites");
    client.assert_answers();

    // The next edit is checked under the last version of the file.
    draft.replace(&mut client, 0..0, "ğ💡\r\n");
    let diagnostics = client.diagnostics(&uri, draft.version);
    let mark = draft.text.find('“').unwrap();
    assert_on_mark(&diagnostics, &draft.text, mark, enc);
    assert_eq!(
        quote_findings(&diagnostics)[0]["severity"],
        3,
        "information"
    );
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- 1,000 edits in a burst ------------------------------------------------------------

#[test]
fn a_burst_of_1000_edits_ends_with_the_final_version_only() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        let uri = "file:///newsroom/drafts/burst.txt";
        let mut draft = Open::new(&mut client, uri, enc, UNCLOSED.to_string());
        client.diagnostics(uri, 1);
        let pieces = ["a", "💡", "ğ", " ", "\r\n", "e\u{301}"];
        for i in 0..1000usize {
            // Insert before the mark, at the start, or at the end, in turn; every
            // tenth edit deletes the character before the end.
            let mark = draft.text.find('“').unwrap();
            let (bytes, piece) = match i % 10 {
                9 => {
                    let end = draft.text.len() - 1; // keep the final \n
                    let before = draft.text[..end].chars().next_back().unwrap();
                    if before == '“' || before == '\n' || before == '\r' {
                        (end..end, "x")
                    } else {
                        (end - before.len_utf8()..end, "")
                    }
                }
                n if n % 3 == 0 => (0..0, pieces[i % pieces.len()]),
                n if n % 3 == 1 => (mark..mark, pieces[(i / 3) % pieces.len()]),
                _ => {
                    let end = draft.text.len() - 1;
                    (end..end, pieces[(i / 7) % pieces.len()])
                }
            };
            draft.replace(&mut client, bytes, piece);
        }
        assert_eq!(draft.version, 1001);
        let last = client.diagnostics(uri, 1001);
        let mark = draft.text.find('“').unwrap();
        assert_on_mark(&last, &draft.text, mark, enc);
        // In arrival order: nothing for this draft after the final version's publish,
        // and never an older version after a newer one.
        client.drain(Duration::from_millis(500));
        let versions: Vec<i64> = client
            .received
            .iter()
            .filter(|m| support::is_publish(m) && m["params"]["uri"] == uri)
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect();
        assert!(
            versions.windows(2).all(|w| w[0] < w[1]),
            "versions went back: {versions:?}"
        );
        assert_eq!(versions.last(), Some(&1001), "{versions:?}");
        eprintln!(
            "{}: 1,000 edits, {} publishes",
            enc.name(),
            versions.len() - 1
        );
        draft.assert_same_text(&mut client);
        assert_hover_on_good_draft(&mut client, enc);
    }
}

// ---- a client that vanishes mid-request -----------------------------------------------------

#[test]
fn a_client_that_vanishes_mid_request_leaves_no_server_behind() {
    let enc = Enc::Utf16;
    let mut client = start(enc);
    assert_hover_on_good_draft(&mut client, enc);
    // A draft big enough that its analysis takes a while (seconds in a debug build).
    let paragraph =
        "“We will pass the budget,” Mayor Ana Ruiz said, and officials said 42% agreed.\n";
    let text = paragraph.repeat(4 * 1024 * 1024 / paragraph.len());
    let uri = "file:///newsroom/drafts/slow.txt";
    client.open(uri, 1, &text);
    let id = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}}),
    );
    client.request("workspace/symbol", json!({"query": "Ruiz"}));
    let _ = id;
    // The editor is gone: its end of the pipe closes with both requests pending.
    client.close_stdin();
    let started = Instant::now();
    let status = client
        .wait_exit(Duration::from_secs(5))
        .unwrap_or_else(|| panic!("still running 5 s after the client went away"));
    assert_eq!(status.code(), Some(1), "no shutdown was asked for");
    assert!(started.elapsed() < Duration::from_secs(5));

    // A new session starts clean.
    let mut client = start(enc);
    let mut draft = Open::new(&mut client, uri, enc, UNCLOSED.to_string());
    client.diagnostics(uri, 1);
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
}

// ---- panics are caught per request ------------------------------------------------------------

/// The next `window/logMessage` of type Error (1) that mentions `needle`.
fn error_log(client: &mut Client, needle: &str) -> String {
    let message = client.wait_for(&format!("an error log naming {needle}"), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["type"] == 1
            && m["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains(needle))
    });
    message["params"]["message"].as_str().unwrap().to_string()
}

#[test]
fn a_panic_in_the_analysis_fails_that_version_only() {
    let enc = Enc::Utf16;
    let mut client = start(enc);
    let uri = "file:///newsroom/drafts/poisoned.txt";
    let text = format!("{UNCLOSED}{ANALYSIS_PANIC}\n");
    let mut draft = Open::new(&mut client, uri, enc, text);
    let log = error_log(&mut client, uri);
    assert!(
        log.contains("analysis of") && log.contains("panic in analysis"),
        "{log}"
    );
    // Nothing published for the version that failed.
    client.assert_answers();
    let published: Vec<Value> = client
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(|m| support::is_publish(m) && m["params"]["uri"] == uri)
        .collect();
    assert!(published.is_empty(), "{published:?}");
    // A request about it gets an error, not a dead server.
    let response = client.call(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}}),
    );
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(
        response["error"]["message"].as_str().unwrap().contains(uri),
        "{response}"
    );
    assert!(client.stderr().contains(uri), "the log names the draft");
    // The draft is still held: removing the marker by an edit gives diagnostics on the
    // client's text.
    let at = draft.text.find(ANALYSIS_PANIC).unwrap();
    draft.replace(&mut client, at..at + ANALYSIS_PANIC.len(), "");
    let mark = draft.text.find('“').unwrap();
    assert_on_mark(
        &client.diagnostics(uri, draft.version),
        &draft.text,
        mark,
        enc,
    );
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
}

#[test]
fn a_panic_in_a_request_handler_gets_an_error_response() {
    let enc = Enc::Utf8;
    let mut client = start(enc);
    let uri = "file:///newsroom/drafts/poisoned-requests.txt";
    let text = format!("{GOOD}{REQUEST_PANIC}\n");
    let mut draft = Open::new(&mut client, uri, enc, text);
    client.diagnostics(uri, 1);
    let berg = draft.text.find("Berg said").unwrap();
    let at = position(position_of(&draft.text, berg, enc));
    let doc = json!({"uri": uri});
    let whole = range_of(&draft.text, 0..draft.text.len(), enc);
    for (method, params) in [
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": at}),
        ),
        (
            "textDocument/definition",
            json!({"textDocument": doc, "position": at}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": whole, "context": {"diagnostics": []}}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": whole}),
        ),
        (
            "textDocument/rename",
            json!({"textDocument": doc, "position": at, "newName": "Tom Berg"}),
        ),
    ] {
        let response = client.call(method, params);
        assert_eq!(response["error"]["code"], -32603, "{method}: {response}");
        let message = response["error"]["message"].as_str().unwrap();
        assert!(
            message.contains(method) && message.contains(uri),
            "{message}"
        );
        error_log(&mut client, method);
    }
    // A workspace-wide request leaves the failing draft out and answers.
    let response = client.call("workspace/symbol", json!({"query": ""}));
    assert!(response["result"].is_array(), "{response}");
    assert!(client.stderr().contains(uri), "the log names the draft");
    // Held, and answering again once the marker is gone.
    let marker = draft.text.find(REQUEST_PANIC).unwrap();
    draft.replace(&mut client, marker..marker + REQUEST_PANIC.len(), "");
    client.diagnostics(uri, draft.version);
    let response = client.call(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at}),
    );
    let hover = response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(hover.starts_with("**Tomas Berg** · person"), "{response}");
    draft.assert_same_text(&mut client);
    assert_hover_on_good_draft(&mut client, enc);
}
