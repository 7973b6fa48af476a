//! The server as an editor sees it: the built binary on stdio, Content-Length frames,
//! real JSON-RPC messages. The `unbalanced-quote` rule is the probe: the range of its
//! diagnostic says where the server thinks the unclosed mark is, and the tests compare
//! it with their own model of the text.

mod support;

use std::ops::Range;
use std::time::Duration;

use serde_json::{Value, json};
use support::{Client, Enc, TIMEOUT};

const URI: &str = "file:///newsroom/drafts/port-strike.txt";

/// Only the probe rule's findings: other rules may flag the same texts.
fn quote_findings(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "unbalanced-quote")
        .cloned()
        .collect()
}

trait Findings {
    /// The `unbalanced-quote` diagnostics of the next publish for `uri` at `version`.
    fn findings(&mut self, uri: &str, version: i64) -> Vec<Value>;
}

impl Findings for Client {
    fn findings(&mut self, uri: &str, version: i64) -> Vec<Value> {
        quote_findings(&self.diagnostics(uri, version))
    }
}

/// The byte range of the one quotation mark (“ or ") in a text, if any.
fn mark(text: &str) -> Option<Range<usize>> {
    let mut marks = text.char_indices().filter(|&(_, c)| c == '“' || c == '"');
    let (at, c) = marks.next()?;
    assert!(marks.next().is_none(), "test texts hold one mark: {text:?}");
    Some(at..at + c.len_utf8())
}

/// Checks a publish: one `unbalanced-quote` diagnostic exactly on the text's mark, or
/// none when the text has no mark.
fn assert_on_mark(diagnostics: &[Value], text: &str, enc: Enc) {
    let diagnostics = quote_findings(diagnostics);
    let Some(mark) = mark(text) else {
        assert!(
            diagnostics.is_empty(),
            "no mark in {text:?}, but: {diagnostics:?}"
        );
        return;
    };
    assert_eq!(
        diagnostics.len(),
        1,
        "one finding in {text:?}: {diagnostics:?}"
    );
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "unbalanced-quote", "{diagnostic}");
    assert_eq!(
        diagnostic["range"],
        support::range_of(text, mark.clone(), enc),
        "range in {} for the mark at byte {} of {text:?}",
        enc.name(),
        mark.start
    );
    let landed = support::bytes_of(text, &diagnostic["range"], enc);
    assert_eq!(&text[landed], &text[mark], "the range lands on the mark");
}

/// A draft open in the server, with the client's own copy of its text.
struct Draft {
    client: Client,
    enc: Enc,
    text: String,
    version: i64,
}

impl Draft {
    fn open(enc: Enc, text: &str) -> Draft {
        let mut client = Client::start(enc);
        client.open(URI, 1, text);
        let mut draft = Draft {
            client,
            enc,
            text: text.to_string(),
            version: 1,
        };
        draft.expect_on_mark();
        draft
    }

    /// One didChange with these replacements, applied in order (each against the text
    /// the previous one left).
    fn edit(&mut self, replacements: &[(Range<usize>, &str)]) {
        let changes = replacements
            .iter()
            .map(|(bytes, new_text)| {
                let change = support::change_of(&self.text, bytes.clone(), new_text, self.enc);
                self.text.replace_range(bytes.clone(), new_text);
                change
            })
            .collect();
        self.version += 1;
        self.client.change(URI, self.version, changes);
    }

    fn insert(&mut self, at: usize, new_text: &str) {
        self.edit(&[(at..at, new_text)]);
    }

    fn expect_on_mark(&mut self) {
        let diagnostics = self.client.findings(URI, self.version);
        assert_on_mark(&diagnostics, &self.text, self.enc);
    }

    fn mark(&self) -> Range<usize> {
        mark(&self.text).expect("the draft has its mark")
    }

    /// Byte offset where the line holding byte `at` starts.
    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
    }

    /// Byte offset of the end of the content of the line holding byte `at`.
    fn line_end(&self, at: usize) -> usize {
        self.text[at..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| at + i)
    }
}

// ---- initialize ---------------------------------------------------------------------

fn initialize_offering(offered: Option<Value>) -> Value {
    let mut client = Client::spawn();
    let capabilities = match offered {
        Some(offered) => json!({"general": {"positionEncodings": offered}}),
        None => json!({}),
    };
    let response = client.initialize(capabilities);
    assert!(response.get("error").is_none(), "{response}");
    response["result"].clone()
}

#[test]
fn initialize_negotiates_utf16_unless_utf8_is_offered() {
    for offered in [
        None,
        Some(json!([])),
        Some(json!(["utf-16"])),
        Some(json!(["utf-32", "utf-16"])),
    ] {
        let result = initialize_offering(offered.clone());
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-16",
            "offered {offered:?}: {result}"
        );
    }
}

#[test]
fn initialize_negotiates_utf8_when_offered() {
    for offered in [
        json!(["utf-8"]),
        json!(["utf-8", "utf-16"]),
        json!(["utf-16", "utf-8"]),
    ] {
        let result = initialize_offering(Some(offered.clone()));
        assert_eq!(
            result["capabilities"]["positionEncoding"], "utf-8",
            "offered {offered}: {result}"
        );
    }
}

#[test]
fn initialize_reports_server_info_and_capabilities() {
    let result = initialize_offering(None);
    assert_eq!(result["serverInfo"]["name"], "copydesk");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    let capabilities = &result["capabilities"];
    let sync = &capabilities["textDocumentSync"];
    assert_eq!(sync["openClose"], true, "{capabilities}");
    assert_eq!(sync["change"], 2, "incremental sync: {capabilities}");
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix"]),
        "{capabilities}"
    );
}

/// The launch lines editors use: vscode-languageclient appends `--stdio` (and may pass
/// `--clientProcessId`), other clients start the bare binary.
#[test]
fn the_server_starts_with_the_transport_flags_clients_pass() {
    for args in [
        &["lsp", "--stdio"][..],
        &["--stdio"][..],
        &["lsp", "--stdio", "--clientProcessId=4242"][..],
    ] {
        let mut client = Client::spawn_with(args);
        let response = client.initialize(json!({}));
        assert_eq!(
            response["result"]["serverInfo"]["name"], "copydesk",
            "launched with {args:?}: {response}"
        );
        client.notify("initialized", json!({}));
        assert!(
            client.shutdown_and_exit().success(),
            "launched with {args:?}"
        );
    }
}

#[test]
fn a_transport_the_server_does_not_speak_is_refused_with_a_reason() {
    for flag in ["--node-ipc", "--pipe=/tmp/copydesk.sock", "--socket=5007"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(["lsp", flag])
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run the copydesk binary");
        assert_eq!(output.status.code(), Some(2), "{flag}");
        assert!(
            output.stdout.is_empty(),
            "{flag}: nothing on the protocol channel"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = flag.split('=').next().unwrap();
        assert!(
            stderr.contains("stdio only") && stderr.contains(name),
            "{flag}: {stderr}"
        );
    }
}

// ---- diagnostics on open ------------------------------------------------------------

const EMOJI_LINE: &str =
    "Dockworkers walked out on Monday.\nA 💡 note: “We will not move, the minister said.\n";

fn open_and_get_diagnostics(enc: Enc, text: &str) -> Vec<Value> {
    let mut client = Client::start(enc);
    client.open(URI, 7, text);
    client.findings(URI, 7)
}

#[test]
fn did_open_reports_the_mark_at_its_utf16_column() {
    // "A 💡 note: " is A, space, 💡 (a surrogate pair: 2 units), space, "note:", space.
    let diagnostics = open_and_get_diagnostics(Enc::Utf16, EMOJI_LINE);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["range"], support::range((1, 11), (1, 12)));
    assert_eq!(diagnostic["code"], "unbalanced-quote");
    assert_eq!(diagnostic["source"], "copydesk");
    assert_eq!(diagnostic["severity"], 4, "a hint by default");
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .contains("never closes"),
        "{diagnostic}"
    );
}

#[test]
fn did_open_reports_the_mark_at_its_utf8_column() {
    // 💡 is 4 bytes and “ is 3.
    let diagnostics = open_and_get_diagnostics(Enc::Utf8, EMOJI_LINE);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"], support::range((1, 13), (1, 16)));
}

#[test]
fn did_open_of_a_clean_draft_publishes_nothing_to_report() {
    let diagnostics = open_and_get_diagnostics(
        Enc::Utf16,
        "Erdoğan 💡 said: “We will not move.”\r\nThe port stayed shut.\r\n",
    );
    assert_eq!(diagnostics, Vec::<Value>::new());
}

// ---- incremental edits --------------------------------------------------------------

fn incremental_edits_track_the_mark(enc: Enc) {
    let mut d = Draft::open(
        enc,
        "Intro line with ğ and 💡.\nThe minister said: “We will not negotiate, she said.\nLast line is calm.\n",
    );
    // Before the mark: an astral character at the start of its line.
    let start = d.line_start(d.mark().start);
    d.insert(start, "💡");
    d.expect_on_mark();
    // Right before the mark: a two-byte letter.
    d.insert(d.mark().start, "ğ ");
    d.expect_on_mark();
    // After the mark: a letter and a combining accent.
    d.insert(d.mark().end, "e\u{301}");
    d.expect_on_mark();
    // At the end of the mark's paragraph.
    let end = d.line_end(d.mark().end);
    d.insert(end, " 💡");
    d.expect_on_mark();
    // Delete the emoji before the mark.
    let emoji = d.text[..d.mark().start].rfind('💡').unwrap();
    d.edit(&[(emoji..emoji + '💡'.len_utf8(), "")]);
    d.expect_on_mark();
    // CRLF line ends before and after the mark, in one didChange with two changes.
    let before = d.text[..d.mark().start].rfind('\n').unwrap();
    let after = d.line_end(d.mark().end);
    d.edit(&[(before..before, "\r"), (after + 1..after + 1, "\r")]);
    assert!(
        d.text.contains("💡.\r\nThe") && d.text.contains("💡\r\nLast"),
        "{:?}",
        d.text
    );
    d.expect_on_mark();
    // A whole new line at the start: the mark moves down.
    d.insert(0, "Another calm line.\r\n");
    d.expect_on_mark();
    // Delete the letter before the mark, and the lone combining accent after it.
    let g = d.mark().start - "ğ ".len();
    d.edit(&[(g..d.mark().start, "")]);
    d.expect_on_mark();
    let accent = d.mark().end + 1;
    assert_eq!(&d.text[accent..accent + 2], "\u{301}");
    d.edit(&[(accent..accent + 2, "")]);
    d.expect_on_mark();
    // Two emoji glued to the mark.
    d.insert(d.mark().start, "💡💡");
    d.expect_on_mark();
    // A CRLF before the mark becomes a bare CR, then the line end goes altogether.
    // (No LSP position falls between \r and \n: the pair is replaced as a whole.)
    let crlf = d.text[..d.mark().start].rfind("\r\n").unwrap();
    d.edit(&[(crlf..crlf + 2, "\r")]);
    d.expect_on_mark();
    let cr = d.text[..d.mark().start].rfind('\r').unwrap();
    d.edit(&[(cr..cr + 1, " ")]);
    d.expect_on_mark();
    // Replace everything before the mark's line with lines of astral text.
    let start = d.line_start(d.mark().start);
    d.edit(&[(0..start, "💡 e\u{301} ğ\r\n\n💡💡\r")]);
    d.expect_on_mark();
    // The curly mark becomes a straight one.
    let curly = d.mark();
    d.edit(&[(curly.clone(), "")]);
    d.expect_on_mark(); // no mark, no finding
    d.insert(curly.start, "\"");
    d.expect_on_mark();
    // An edit after the paragraph does not move the mark.
    let len = d.text.len();
    d.insert(len, "One more 💡 line.\r\n");
    d.expect_on_mark();
}

#[test]
fn incremental_edits_track_the_mark_utf16() {
    incremental_edits_track_the_mark(Enc::Utf16);
}

#[test]
fn incremental_edits_track_the_mark_utf8() {
    incremental_edits_track_the_mark(Enc::Utf8);
}

#[test]
fn rapid_changes_end_with_the_final_version_and_never_go_back() {
    let enc = Enc::Utf16;
    let mut d = Draft::open(
        enc,
        "Intro line.\nThe minister said: “We will not negotiate, she said.\n",
    );
    const CHANGES: i64 = 200;
    for i in 0..CHANGES {
        match i % 4 {
            0 => d.insert(0, "💡"),
            1 => d.insert(d.mark().start, "e\u{301}"),
            2 => d.edit(&[(0..'💡'.len_utf8(), "")]),
            _ => d.insert(0, "ğ\r\n"),
        }
    }
    assert_eq!(d.version, CHANGES + 1);

    let mut versions = Vec::new();
    let last = loop {
        let message = d.client.wait_for("a publish for the draft", |m| {
            support::is_publish(m) && m["params"]["uri"] == URI
        });
        let version = message["params"]["version"].as_i64().expect("a version");
        if let Some(&previous) = versions.last() {
            assert!(
                version > previous,
                "publish for version {version} after {previous}"
            );
        }
        versions.push(version);
        if version == d.version {
            break message;
        }
    };
    let diagnostics = last["params"]["diagnostics"].as_array().unwrap();
    assert_on_mark(diagnostics, &d.text, enc);
    let stragglers: Vec<Value> = d
        .client
        .drain(Duration::from_millis(300))
        .into_iter()
        .filter(support::is_publish)
        .collect();
    assert!(
        stragglers.is_empty(),
        "publishes after the final one: {stragglers:?}"
    );
}

/// A long draft is analysed in the background: while its analysis runs, requests
/// about another draft are answered, and the edits that come meanwhile supersede the
/// analyses still waiting — only the last version is analysed again and published.
/// The analysis is held by the server's test hook until the test releases it.
#[test]
fn a_long_analysis_blocks_no_other_draft_and_newer_edits_supersede_it() {
    const HELD: &str = "file:///newsroom/drafts/long-held.txt";
    const OTHER: &str = "file:///newsroom/drafts/short-other.txt";
    let dir = std::env::temp_dir().join(format!("copydesk-hold-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let release = dir.join("release");
    let _ = std::fs::remove_file(&release);
    let mut client = Client::spawn_with_env(
        &[],
        &[
            ("COPYDESK_TEST_HOLD_ON", "HOLD-THIS-DRAFT"),
            ("COPYDESK_TEST_HOLD_UNTIL", release.to_str().unwrap()),
        ],
    );
    client.initialize(json!({}));
    client.notify("initialized", json!({}));

    // Long enough to be analysed off the handler (more than 16 KB).
    let line = "The minister said: “We will not negotiate, she said.\n";
    let long = format!(
        "Intro HOLD-THIS-DRAFT.\n\n{}",
        format!("{line}\n").repeat(400)
    );
    client.open(HELD, 1, &long);
    // The edits come once the first version's analysis is under way (and held).
    let held = |client: &Client, count: usize| {
        let deadline = std::time::Instant::now() + TIMEOUT;
        while client.stderr().matches("analysing a held draft").count() < count {
            assert!(
                std::time::Instant::now() < deadline,
                "no held analysis; stderr:\n{}",
                client.stderr()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    held(&client, 1);
    const LAST: i64 = 12;
    for version in 2..=LAST {
        let text = format!("{long}Edit {version}.\n");
        client.change(HELD, version, vec![json!({ "text": text })]);
    }

    // More edits than the server runs handlers at once, and the other draft still
    // gets its diagnostics and its answers.
    client.open(OTHER, 1, line);
    let diagnostics = client.diagnostics(OTHER, 1);
    assert_eq!(quote_findings(&diagnostics).len(), 1, "{diagnostics:?}");
    let answer = client.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": OTHER}}),
    );
    assert!(answer.get("result").is_some(), "{answer}");
    let published_held = |client: &Client| -> Vec<Value> {
        client
            .received
            .iter()
            .filter(|m| support::is_publish(m) && m["params"]["uri"] == HELD)
            .map(|m| m["params"]["version"].clone())
            .collect()
    };
    assert!(published_held(&client).is_empty());

    std::fs::write(&release, "").unwrap();
    let last = client.diagnostics(HELD, LAST);
    assert_eq!(quote_findings(&last).len(), 400);
    held(&client, 2);
    client.drain(Duration::from_millis(300));
    assert_eq!(published_held(&client), vec![json!(LAST)]);
    // Analysed twice: the first version, held when the edits came, and the last; the
    // versions in between were skipped.
    let stderr = client.stderr();
    assert_eq!(
        stderr.matches("analysing a held draft").count(),
        2,
        "stderr:\n{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- code actions -------------------------------------------------------------------

/// The code actions in a response that fix an `unbalanced-quote` finding.
fn quote_fixes(response: &Value) -> Vec<Value> {
    response["result"]
        .as_array()
        .unwrap_or_else(|| panic!("a list of code actions: {response}"))
        .iter()
        .filter(|action| action["diagnostics"][0]["code"] == "unbalanced-quote")
        .cloned()
        .collect()
}

fn quick_fix_closes_the_quotation(enc: Enc) {
    let text =
        "Intro 💡 line.\r\nErdoğan said: “We will not e\u{301}negotiate, he said.\r\nThe end.\r\n";
    let mut d = Draft::open(enc, text);
    let range = support::range_of(text, d.mark(), enc);
    let response = d.client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": range,
            "context": {"diagnostics": [], "only": ["quickfix"]},
        }),
    );
    let actions = quote_fixes(&response);
    assert_eq!(actions.len(), 1, "{response}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert!(action["title"].as_str().unwrap().contains('”'), "{action}");
    assert_eq!(action["diagnostics"][0]["range"], range);
    let edits = action["edit"]["changes"][URI]
        .as_array()
        .unwrap_or_else(|| panic!("edits for {URI}: {action}"));
    let fixed = support::apply_text_edits(text, edits, enc);
    assert_eq!(
        fixed,
        "Intro 💡 line.\r\nErdoğan said: “We will not e\u{301}negotiate, he said.”\r\nThe end.\r\n"
    );

    // A range elsewhere offers nothing.
    let response = d.client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": support::range((2, 0), (2, 3)),
            "context": {"diagnostics": []},
        }),
    );
    assert_eq!(quote_fixes(&response), Vec::<Value>::new(), "{response}");

    // Applied as the editor would, the fix clears the finding.
    let at = support::bytes_of(text, &edits[0]["range"], enc);
    d.edit(&[(at, edits[0]["newText"].as_str().unwrap())]);
    assert_eq!(d.text, fixed);
    let diagnostics = d.client.findings(URI, d.version);
    assert_eq!(diagnostics, Vec::<Value>::new());
}

#[test]
fn quick_fix_closes_the_quotation_utf16() {
    quick_fix_closes_the_quotation(Enc::Utf16);
}

#[test]
fn quick_fix_closes_the_quotation_utf8() {
    quick_fix_closes_the_quotation(Enc::Utf8);
}

// ---- malformed input ----------------------------------------------------------------

const DRAFT: &str = "Intro 💡 line.\nThe minister said: “We will not negotiate, she said.\n";

/// After a mishap: the server still answers, and a fresh document still gets its
/// diagnostic at the right place.
fn assert_still_serving(client: &mut Client, enc: Enc, uri: &str) {
    client.assert_answers();
    client.open(uri, 1, DRAFT);
    let diagnostics = client.findings(uri, 1);
    assert_on_mark(&diagnostics, DRAFT, enc);
    let mut text = DRAFT.to_string();
    let change = support::change_of(&text, 0..0, "ğ💡\r\n", enc);
    text.insert_str(0, "ğ💡\r\n");
    client.change(uri, 2, vec![change]);
    let diagnostics = client.findings(uri, 2);
    assert_on_mark(&diagnostics, &text, enc);
}

#[test]
fn a_body_that_is_not_json_gets_a_parse_error() {
    let mut client = Client::start(Enc::Utf16);
    client.send_raw(&support::frame(
        b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ",
    ));
    let error = client.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null, "{error}");
    client.send_raw(&support::frame("not json at all: “💡”".as_bytes()));
    let error = client.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_still_serving(&mut client, Enc::Utf16, URI);
}

#[test]
fn a_content_length_too_small_is_survived() {
    let mut client = Client::start(Enc::Utf8);
    let body = json!({"jsonrpc": "2.0", "id": 900, "method": "copydesk/ping"}).to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len() - 10).into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    client.send_raw(&bytes);
    // The cut body is not JSON: a parse error; the rest is skipped as garbage.
    let error = client.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_still_serving(&mut client, Enc::Utf8, URI);
}

#[test]
fn a_content_length_too_large_followed_by_a_good_message_loses_neither() {
    let mut client = Client::start(Enc::Utf16);
    let first = json!({"jsonrpc": "2.0", "id": 901, "method": "copydesk/ping"}).to_string();
    let second = json!({"jsonrpc": "2.0", "id": 902, "method": "copydesk/ping"}).to_string();
    // 40 bytes too many: the next frame's whole header and part of its body.
    let mut bytes = format!("Content-Length: {}\r\n\r\n{first}", first.len() + 40).into_bytes();
    bytes.extend(support::frame(second.as_bytes()));
    client.send_raw(&bytes);
    let response = client.response(901);
    assert_eq!(response["error"]["code"], -32601, "{response}");
    let response = client.response(902);
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert_still_serving(&mut client, Enc::Utf16, URI);
}

#[test]
fn a_content_length_too_large_with_nothing_after_is_accepted_once_input_stalls() {
    let mut client = Client::start(Enc::Utf16);
    let body = json!({"jsonrpc": "2.0", "id": 903, "method": "copydesk/ping"}).to_string();
    client.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len() + 25).as_bytes());
    let response = client.response(903);
    assert_eq!(response["error"]["code"], -32601, "{response}");
    assert_still_serving(&mut client, Enc::Utf16, URI);
}

#[test]
fn an_unknown_method_gets_method_not_found() {
    let mut client = Client::start(Enc::Utf16);
    let response = client.call("textDocument/noSuchThing", json!({"x": 1}));
    assert_eq!(response["error"]["code"], -32601, "{response}");
    // An unknown notification gets no answer and harms nothing.
    client.notify("copydesk/noSuchNotification", json!({"x": 1}));
    client.notify("$/cancelRequest", json!({"id": 12345}));
    assert_still_serving(&mut client, Enc::Utf16, URI);
}

#[test]
fn notifications_with_bad_params_are_ignored() {
    let mut client = Client::start(Enc::Utf8);
    client.open(URI, 1, DRAFT);
    client.findings(URI, 1);
    client.notify("textDocument/didOpen", json!({"textDocument": 5}));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": "💡"}),
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}
        ]}),
    );
    client.notify("textDocument/didClose", json!([]));
    client.notify("workspace/didChangeConfiguration", json!({}));
    // params that are not an object or array: the framing guard drops it.
    client.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": 3}));
    // A request whose params are of the wrong type gets an error, not silence.
    let response = client.call("textDocument/codeAction", json!({"textDocument": 1}));
    assert_eq!(response["error"]["code"], -32602, "{response}");
    let id = client.next_id();
    client.send(
        &json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": "x"}),
    );
    let response = client.response(id);
    assert_eq!(response["error"]["code"], -32600, "{response}");
    // The open document was not damaged by any of it.
    let mut text = DRAFT.to_string();
    let change = support::change_of(&text, 0..0, "💡", Enc::Utf8);
    text.insert(0, '💡');
    client.change(URI, 3, vec![change]);
    let diagnostics = client.findings(URI, 3);
    assert_on_mark(&diagnostics, &text, Enc::Utf8);
    assert_still_serving(&mut client, Enc::Utf8, "file:///newsroom/other.txt");
}

#[test]
fn did_change_for_a_document_never_opened_is_logged_and_ignored() {
    let mut client = Client::start(Enc::Utf16);
    let ghost = "file:///newsroom/ghost.txt";
    client.change(
        ghost,
        4,
        vec![json!({"range": support::range((0, 0), (0, 0)), "text": "“boo"})],
    );
    let log = client.wait_for("a log message", |m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("not open"),
        "{log}"
    );
    assert_still_serving(&mut client, Enc::Utf16, URI);
    let publishes: Vec<Value> = client
        .received
        .iter()
        .filter(|m| support::is_publish(m) && m["params"]["uri"] == ghost)
        .cloned()
        .collect();
    assert!(publishes.is_empty(), "{publishes:?}");
}

#[test]
fn versions_going_backwards_still_update_the_text() {
    let mut client = Client::start(Enc::Utf16);
    let mut text = DRAFT.to_string();
    client.open(URI, 10, &text);
    client.findings(URI, 10);
    for (version, insert) in [(3, "💡"), (2, "e\u{301}\r\n"), (5, "ğ")] {
        let change = support::change_of(&text, 0..0, insert, Enc::Utf16);
        text.insert_str(0, insert);
        client.change(URI, version, vec![change]);
        let diagnostics = client.findings(URI, version);
        assert_on_mark(&diagnostics, &text, Enc::Utf16);
    }
    assert_still_serving(&mut client, Enc::Utf16, "file:///newsroom/other.txt");
}

fn positions_out_of_range_are_clamped(enc: Enc) {
    let mut client = Client::start(enc);
    let mut text = "A 💡 intro.\r\nThe minister said: “We will not go.\r\n".to_string();
    client.open(URI, 1, &text);
    assert_on_mark(&client.findings(URI, 1), &text, enc);

    type Step = (support::Pos, support::Pos, &'static str, &'static str);
    let steps: &[Step] = &[
        // Far past the end of line 0: at its end, before the CRLF.
        (
            (0, 999),
            (0, 5000),
            "ğ",
            "A 💡 intro.ğ\r\nThe minister said: “We will not go.\r\n",
        ),
        // Far past the document's end: at the document's end.
        (
            (99, 0),
            (120, 7),
            "Tail.",
            "A 💡 intro.ğ\r\nThe minister said: “We will not go.\r\nTail.",
        ),
        // Reversed: swapped.
        (
            (1, 4),
            (0, 2),
            "",
            "A minister said: “We will not go.\r\nTail.",
        ),
        // Past the end of line 0 to past the document's end: the CRLF and the last
        // line go.
        ((0, 5000), (9, 9), "", "A minister said: “We will not go."),
        // Both past the end of the last line: an insertion at the document's end.
        (
            (0, 40),
            (0, 99),
            "\r\n",
            "A minister said: “We will not go.\r\n",
        ),
    ];
    let mut version = 1;
    for &(start, end, insert, expected) in steps {
        version += 1;
        support::apply_change(&mut text, Some((start, end)), insert, enc);
        assert_eq!(text, expected, "the model");
        client.change(
            URI,
            version,
            vec![json!({"range": support::range(start, end), "text": insert})],
        );
        assert_on_mark(&client.findings(URI, version), &text, enc);
    }
    // Inside the emoji (a surrogate pair in UTF-16, a 4-byte sequence in UTF-8): the
    // emoji's start.
    version += 1;
    client.change(
        URI,
        version,
        vec![json!({"range": support::range((0, 0), (0, 0)), "text": "💡x"})],
    );
    text.insert_str(0, "💡x");
    assert_on_mark(&client.findings(URI, version), &text, enc);
    version += 1;
    client.change(
        URI,
        version,
        vec![json!({"range": support::range((0, 1), (0, 1)), "text": "ğ"})],
    );
    text.insert(0, 'ğ');
    assert!(text.starts_with("ğ💡x"));
    assert_on_mark(&client.findings(URI, version), &text, enc);

    let logs: Vec<String> = client
        .received
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .map(|m| m["params"]["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(logs.iter().any(|m| m.contains("clamped")), "{logs:?}");
    assert!(logs.iter().any(|m| m.contains("swapped")), "{logs:?}");
    assert_still_serving(&mut client, enc, "file:///newsroom/other.txt");
}

#[test]
fn positions_out_of_range_are_clamped_utf16() {
    positions_out_of_range_are_clamped(Enc::Utf16);
}

#[test]
fn positions_out_of_range_are_clamped_utf8() {
    positions_out_of_range_are_clamped(Enc::Utf8);
}

// ---- lifecycle ----------------------------------------------------------------------

#[test]
fn requests_before_initialize_get_an_error() {
    let mut client = Client::spawn();
    let response = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": support::range((0, 0), (0, 0)),
            "context": {"diagnostics": []},
        }),
    );
    assert_eq!(response["error"]["code"], -32002, "{response}");
    let response = client.call("shutdown", Value::Null);
    assert_eq!(response["error"]["code"], -32002, "{response}");
    // Notifications before initialize are dropped, not fatal.
    client.open(URI, 1, DRAFT);
    let response = client.initialize(json!({}));
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
    client.notify("initialized", json!({}));
    // A second initialize is refused.
    let response = client.initialize(json!({}));
    assert!(response.get("error").is_some(), "{response}");
    assert_still_serving(&mut client, Enc::Utf16, "file:///newsroom/other.txt");
}

#[test]
fn shutdown_then_exit_exits_with_status_0() {
    let mut client = Client::start(Enc::Utf16);
    client.open(URI, 1, DRAFT);
    client.findings(URI, 1);
    let response = client.call("shutdown", Value::Null);
    assert_eq!(response["result"], Value::Null, "{response}");
    assert!(response.get("error").is_none(), "{response}");
    // After shutdown, requests are refused.
    let response = client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": support::range((1, 0), (1, 40)),
            "context": {"diagnostics": []},
        }),
    );
    assert_eq!(response["error"]["code"], -32600, "{response}");
    client.notify("exit", Value::Null);
    let status = client.wait_exit(TIMEOUT).expect("exits after exit");
    assert_eq!(status.code(), Some(0), "stderr:\n{}", client.stderr());
}

#[test]
fn exit_without_shutdown_exits_with_status_1() {
    let mut client = Client::start(Enc::Utf8);
    client.notify("exit", Value::Null);
    let status = client.wait_exit(TIMEOUT).expect("exits after exit");
    assert_eq!(status.code(), Some(1), "stderr:\n{}", client.stderr());
}

#[test]
fn closing_stdin_ends_the_process() {
    let mut client = Client::start(Enc::Utf16);
    client.open(URI, 1, DRAFT);
    client.findings(URI, 1);
    client.close_stdin();
    let status = client
        .wait_exit(TIMEOUT)
        .expect("the server exits when its input closes");
    assert_eq!(status.code(), Some(1), "no shutdown was asked for");

    // Before initialize too.
    let mut client = Client::spawn();
    client.close_stdin();
    let status = client.wait_exit(TIMEOUT).expect("exits");
    assert!(!status.success());
}

#[test]
fn the_client_helper_shutdown_and_exit_reports_success() {
    let mut client = Client::start(Enc::Utf8);
    assert!(client.shutdown_and_exit().success());
}

// ---- configuration and close --------------------------------------------------------

#[test]
fn configuration_turns_the_rule_off_and_on() {
    let mut d = Draft::open(Enc::Utf16, DRAFT);
    let settings =
        |level: &str| json!({"settings": {"copydesk": {"rules": {"unbalanced-quote": level}}}});
    d.client
        .notify("workspace/didChangeConfiguration", settings("off"));
    assert_eq!(d.client.findings(URI, 1), Vec::<Value>::new());
    // Edits while off publish nothing to report.
    d.insert(0, "💡");
    assert_eq!(d.client.findings(URI, 2), Vec::<Value>::new());
    d.client
        .notify("workspace/didChangeConfiguration", settings("warning"));
    let diagnostics = d.client.findings(URI, 2);
    assert_on_mark(&diagnostics, &d.text, Enc::Utf16);
    assert_eq!(diagnostics[0]["severity"], 2);
    d.client
        .notify("workspace/didChangeConfiguration", settings("information"));
    let diagnostics = d.client.findings(URI, 2);
    assert_on_mark(&diagnostics, &d.text, Enc::Utf16);
    assert_eq!(diagnostics[0]["severity"], 3);
    // Unknown rules are reported to the user and leave the defaults in force.
    d.client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"copydesk": {"rules": {"no-such-rule": "off"}}}}),
    );
    let shown = d.client.wait_for("a message to the user", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"),
        "{shown}"
    );
    let diagnostics = d.client.findings(URI, 2);
    assert_on_mark(&diagnostics, &d.text, Enc::Utf16);
    assert_eq!(diagnostics[0]["severity"], 4, "the default, a hint");
}

#[test]
fn did_close_publishes_empty_diagnostics() {
    let mut d = Draft::open(Enc::Utf8, DRAFT);
    d.client.close(URI);
    let params = d.client.published(URI, None);
    assert_eq!(params["diagnostics"], json!([]), "{params}");
    // The document is gone: a code action for it is an error, a change is ignored.
    let response = d.client.call(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": URI},
            "range": support::range((0, 0), (0, 0)),
            "context": {"diagnostics": []},
        }),
    );
    assert!(response.get("error").is_some(), "{response}");
    d.client.change(
        URI,
        9,
        vec![json!({"range": support::range((0, 0), (0, 0)), "text": "“"})],
    );
    // Reopened, it is analysed afresh.
    assert_still_serving(&mut d.client, Enc::Utf8, URI);
}

#[test]
fn initialization_options_configure_the_rules() {
    let mut client = Client::spawn();
    let response = client.call(
        "initialize",
        json!({
            "processId": null,
            "capabilities": {},
            "initializationOptions": {"copydesk": {"rules": {"unbalanced-quote": "error"}}},
        }),
    );
    assert!(response.get("error").is_none(), "{response}");
    client.notify("initialized", json!({}));
    client.open(URI, 1, DRAFT);
    let diagnostics = client.findings(URI, 1);
    assert_on_mark(&diagnostics, DRAFT, Enc::Utf16);
    assert_eq!(diagnostics[0]["severity"], 1);
}

// ---- known server bugs (run with `cargo test --test protocol -- --ignored`) ---------

/// A draft long enough that its analysis takes a noticeable time in a debug build.
fn long_draft() -> String {
    (0..3000)
        .map(|i| format!("Line {i} said: “We will not go, she said.\n"))
        .collect()
}

#[test]
fn a_reopened_draft_never_gets_the_closed_drafts_diagnostics() {
    let mut client = Client::start(Enc::Utf16);
    client.open(URI, 1, &long_draft());
    client.close(URI);
    client.open(URI, 2, "Nothing to report here.\n");
    // Every publish for the draft, in the order they arrived.
    let publishes: Vec<Value> = client
        .drain(Duration::from_millis(2500))
        .into_iter()
        .filter(|m| support::is_publish(m) && m["params"]["uri"] == URI)
        .collect();
    let reopened = publishes
        .iter()
        .position(|m| m["params"]["version"] == 2)
        .expect("the reopened draft is published");
    assert_eq!(publishes[reopened]["params"]["diagnostics"], json!([]));
    let late: Vec<Value> = publishes[reopened + 1..]
        .iter()
        .map(|m| json!({"version": m["params"]["version"], "diagnostics": m["params"]["diagnostics"].as_array().map_or(0, Vec::len)}))
        .collect();
    assert!(
        late.is_empty(),
        "publishes after the reopened draft's own (version, number of diagnostics): {late:?}"
    );
}

#[test]
fn a_content_length_too_large_by_a_few_bytes_keeps_the_next_message() {
    let mut client = Client::start(Enc::Utf16);
    let first = json!({"jsonrpc": "2.0", "id": 901, "method": "copydesk/ping"}).to_string();
    let second = json!({"jsonrpc": "2.0", "id": 902, "method": "copydesk/ping"}).to_string();
    // 5 bytes too many: "Conte" of the next frame's header.
    let mut bytes = format!("Content-Length: {}\r\n\r\n{first}", first.len() + 5).into_bytes();
    bytes.extend(support::frame(second.as_bytes()));
    client.send_raw(&bytes);
    let response = client.response(902);
    assert_eq!(response["error"]["code"], -32601, "{response}");
}

#[test]
fn a_content_length_too_large_past_the_next_frame_answers_both() {
    let mut client = Client::start(Enc::Utf16);
    let first = json!({"jsonrpc": "2.0", "id": 901, "method": "copydesk/ping"}).to_string();
    let second = json!({"jsonrpc": "2.0", "id": 902, "method": "copydesk/ping"}).to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n{first}", first.len() + 200).into_bytes();
    bytes.extend(support::frame(second.as_bytes()));
    client.send_raw(&bytes);
    let response = client.response(901);
    assert_eq!(response["error"]["code"], -32601, "{response}");
    let response = client.response(902);
    assert_eq!(response["error"]["code"], -32601, "{response}");
}
