//! A small LSP client for the protocol tests: it spawns the built `copydesk` binary and
//! speaks JSON-RPC over its stdio with Content-Length framing, exactly as an editor
//! does. A reader thread parses the server's frames into a channel, so a server that
//! hangs fails the test after a timeout instead of hanging it.
//!
//! It also holds a plain `String` model of a document (LSP positions in UTF-8 or UTF-16,
//! with the server's clamping rules) that the tests apply edits to independently.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any single wait for the server may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The unit LSP columns are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub const BOTH: [Enc; 2] = [Enc::Utf16, Enc::Utf8];

    /// The protocol's name for it (`PositionEncodingKind`).
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        }
    }
}

/// What the reader thread saw on the server's stdout.
enum Event {
    Message(Value),
    /// Output that is not a well-formed frame: always a test failure.
    Malformed(String),
    Closed,
}

/// Why a wait for a message ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMessage {
    Timeout,
    /// The server closed its stdout (it exited).
    Closed,
}

/// One running server and the client end of its stdio.
pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    events: Receiver<Event>,
    /// Messages read from the server but not yet taken by a wait.
    pending: VecDeque<Value>,
    /// Every message the server sent, in order.
    pub received: Vec<Value>,
    stderr: Arc<Mutex<String>>,
    next_id: i64,
    closed: bool,
}

impl Client {
    /// Starts the server binary on stdio without initializing it.
    pub fn spawn() -> Client {
        Client::spawn_with(&[])
    }

    /// Starts the server binary with these arguments, as an editor's launch line would.
    pub fn spawn_with(args: &[&str]) -> Client {
        Client::spawn_with_env(args, &[])
    }

    /// Starts the server binary with these arguments and environment variables (the
    /// servers's test hooks).
    pub fn spawn_with_env(args: &[&str], vars: &[(&str, &str)]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
            .args(args)
            .envs(vars.iter().copied())
            .env("COPYDESK_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn the copydesk binary");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr_pipe = child.stderr.take().expect("piped stderr");

        let (tx, events) = mpsc::channel();
        thread::spawn(move || read_frames(BufReader::new(stdout), tx));

        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        thread::spawn(move || {
            let mut reader = BufReader::new(stderr_pipe);
            let mut line = String::new();
            while matches!(reader.read_line(&mut line), Ok(n) if n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });

        Client {
            child,
            stdin,
            events,
            pending: VecDeque::new(),
            received: Vec::new(),
            stderr,
            next_id: 1,
            closed: false,
        }
    }

    /// Spawns and initializes a server, offering only `enc` (UTF-8 clients also offer
    /// UTF-16, as real ones do), and checks that `enc` was negotiated.
    pub fn start(enc: Enc) -> Client {
        let mut client = Client::spawn();
        let offered = match enc {
            Enc::Utf8 => json!(["utf-8", "utf-16"]),
            Enc::Utf16 => json!(["utf-16"]),
        };
        let response = client.initialize(json!({"general": {"positionEncodings": offered}}));
        assert_eq!(
            response["result"]["capabilities"]["positionEncoding"],
            enc.name(),
            "negotiated encoding: {response}"
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Sends `initialize` with these client capabilities; returns the whole response.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        self.call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "clientInfo": {"name": "copydesk-protocol-tests"},
            }),
        )
    }

    /// Everything the server wrote to stderr so far (its logs), for failure messages.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    // ---- sending ----------------------------------------------------------------

    /// Writes raw bytes to the server's stdin (for malformed-input tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush to the server");
    }

    /// Writes one message with a correct Content-Length header.
    pub fn send(&mut self, message: &Value) {
        self.send_raw(&frame(message.to_string().as_bytes()));
    }

    /// Sends a request and returns its id without waiting for the answer.
    pub fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, params);
        self.response(id)
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    pub fn next_id(&mut self) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri, "languageId": "plaintext", "version": version, "text": text,
            }}),
        );
    }

    /// Sends `didChange` with these content changes (see [`change`]).
    pub fn change(&mut self, uri: &str, version: i64, changes: Vec<Value>) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": changes,
            }),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    /// Closes the server's stdin, as an editor that went away would.
    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    // ---- receiving --------------------------------------------------------------

    /// The next message from the server (pending ones first), waiting up to `timeout`.
    pub fn next_message(&mut self, timeout: Duration) -> Result<Value, NoMessage> {
        if let Some(message) = self.pending.pop_front() {
            return Ok(message);
        }
        self.read_one(timeout)
    }

    /// Reads one new message from the channel, answering requests the server makes.
    fn read_one(&mut self, timeout: Duration) -> Result<Value, NoMessage> {
        if self.closed {
            return Err(NoMessage::Closed);
        }
        let event = match self.events.recv_timeout(timeout) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => return Err(NoMessage::Timeout),
            Err(RecvTimeoutError::Disconnected) => Event::Closed,
        };
        match event {
            Event::Message(message) => {
                self.received.push(message.clone());
                if message.get("method").is_some() && message.get("id").is_some() {
                    // A request from the server (none are expected today): answer it so
                    // the server is never left waiting on us.
                    let reply = json!({"jsonrpc": "2.0", "id": message["id"], "result": null});
                    if self.stdin.is_some() {
                        self.send(&reply);
                    }
                }
                Ok(message)
            }
            Event::Malformed(why) => panic!(
                "the server wrote a malformed frame: {why}\nstderr:\n{}",
                self.stderr()
            ),
            Event::Closed => {
                self.closed = true;
                Err(NoMessage::Closed)
            }
        }
    }

    /// Takes the first message (pending or new) that matches, leaving the others
    /// pending; fails the test after [`TIMEOUT`].
    pub fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.pending.iter().position(&matches) {
            return self.pending.remove(at).unwrap();
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.read_one(left) {
                Ok(message) if matches(&message) => return message,
                Ok(message) => self.pending.push_back(message),
                Err(why) => panic!(
                    "no {what} from the server ({why:?} after {TIMEOUT:?})\n\
                     last messages: {}\nstderr:\n{}",
                    self.recent(8),
                    self.stderr()
                ),
            }
        }
    }

    /// The response to request `id` (the whole message: `result` or `error`).
    pub fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("response to request {id}"), |m| {
            m.get("method").is_none() && m["id"] == json!(id)
        })
    }

    /// The params of the next publishDiagnostics for `uri` whose version is `version`
    /// (None: a publish without a version, as after didClose).
    pub fn published(&mut self, uri: &str, version: Option<i64>) -> Value {
        let wanted = version.map_or(Value::Null, |v| json!(v));
        let message = self.wait_for(
            &format!("publishDiagnostics for {uri} version {version:?}"),
            |m| {
                is_publish(m)
                    && m["params"]["uri"] == uri
                    && m["params"].get("version").cloned().unwrap_or(Value::Null) == wanted
            },
        );
        message["params"].clone()
    }

    /// The diagnostics of the next publish for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.published(uri, Some(version));
        params["diagnostics"]
            .as_array()
            .cloned()
            .expect("diagnostics array")
    }

    /// Every message that arrives within `quiet`, plus the pending ones, in order.
    pub fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out: Vec<Value> = self.pending.drain(..).collect();
        let deadline = Instant::now() + quiet;
        while let Ok(message) = self.read_one(deadline.saturating_duration_since(Instant::now())) {
            out.push(message);
        }
        out
    }

    /// Asserts that the server still answers requests: an unknown method must come back
    /// as MethodNotFound.
    pub fn assert_answers(&mut self) {
        let response = self.call("copydesk/ping", json!({}));
        assert_eq!(
            response["error"]["code"], -32601,
            "the server should still answer: {response}"
        );
    }

    fn recent(&self, n: usize) -> String {
        let start = self.received.len().saturating_sub(n);
        self.received[start..]
            .iter()
            .map(Value::to_string)
            .collect::<Vec<_>>()
            .join("\n  ")
    }

    // ---- the process --------------------------------------------------------------

    /// Waits for the process to exit; None if it is still running after `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the server process") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` (checking its null result) then `exit`; returns the exit status.
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let response = self.call("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "shutdown: {response}");
        assert!(response.get("error").is_none(), "shutdown: {response}");
        self.notify("exit", Value::Null);
        self.wait_exit(TIMEOUT)
            .expect("the server should exit after shutdown + exit")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.stdin = None;
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

pub fn is_publish(message: &Value) -> bool {
    message["method"] == "textDocument/publishDiagnostics"
}

/// One frame: the Content-Length header and the body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The reader thread: parses frames off the server's stdout into the channel.
fn read_frames(mut reader: impl BufRead, tx: mpsc::Sender<Event>) {
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) => {
                    let _ = tx.send(if length.is_none() {
                        Event::Closed
                    } else {
                        Event::Malformed("output ended inside a header".into())
                    });
                    return;
                }
                Ok(_) => {}
                Err(err) => {
                    let _ = tx.send(Event::Malformed(format!("reading stdout: {err}")));
                    return;
                }
            }
            if line == "\r\n" {
                break;
            }
            if !line.ends_with("\r\n") {
                let _ = tx.send(Event::Malformed(format!("header line {line:?}")));
                return;
            }
            let Some((name, value)) = line.split_once(':') else {
                let _ = tx.send(Event::Malformed(format!("header line {line:?}")));
                return;
            };
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        let _ = tx.send(Event::Malformed(format!("header line {line:?}")));
                        return;
                    }
                }
            }
        }
        let Some(length) = length else {
            let _ = tx.send(Event::Malformed("a frame with no Content-Length".into()));
            return;
        };
        let mut body = vec![0; length];
        if let Err(err) = reader.read_exact(&mut body) {
            let _ = tx.send(Event::Malformed(format!("short body: {err}")));
            return;
        }
        let event = match serde_json::from_slice::<Value>(&body) {
            Ok(value) if value["jsonrpc"] == "2.0" => Event::Message(value),
            Ok(value) => Event::Malformed(format!("not JSON-RPC 2.0: {value}")),
            Err(err) => Event::Malformed(format!(
                "body is not JSON ({err}): {}",
                String::from_utf8_lossy(&body)
            )),
        };
        if tx.send(event).is_err() {
            return;
        }
    }
}

// ---- the local text model ---------------------------------------------------------

/// An LSP position as (line, character).
pub type Pos = (u32, u32);

pub fn position(p: Pos) -> Value {
    json!({"line": p.0, "character": p.1})
}

pub fn range(start: Pos, end: Pos) -> Value {
    json!({"start": position(start), "end": position(end)})
}

fn pos_of(value: &Value) -> Pos {
    (
        value["line"].as_u64().expect("line") as u32,
        value["character"].as_u64().expect("character") as u32,
    )
}

/// Byte offsets where each line starts; lines end at \n, \r\n or \r (not U+2028), and
/// the text after the last line end is a line of its own (maybe empty).
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                i += 1;
                starts.push(i + 1);
            }
            b'\r' => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The byte offset of the end of a line's content (before its line end).
fn content_end(text: &str, start: usize) -> usize {
    text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |at| start + at)
}

/// Where a position points in `text`, with the server's clamping rules: a line past the
/// end → the document's end; a column past the line's content → the content's end
/// (before the line end); a column inside a character (inside a surrogate pair, inside
/// a multi-byte UTF-8 sequence) → that character's start. The flag says it was clamped.
pub fn offset_of(text: &str, (line, character): Pos, enc: Enc) -> (usize, bool) {
    let starts = line_starts(text);
    let Some(&start) = starts.get(line as usize) else {
        return (text.len(), true);
    };
    let end = content_end(text, start);
    let wanted = character as usize;
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units == wanted {
            return (start + i, false);
        }
        let width = enc.width(c);
        if wanted < units + width {
            return (start + i, true);
        }
        units += width;
    }
    (end, units != wanted)
}

/// The position of a byte offset (which must be a character boundary).
pub fn position_of(text: &str, offset: usize, enc: Enc) -> Pos {
    assert!(
        !(text[..offset].ends_with('\r') && text[offset..].starts_with('\n')),
        "no LSP position lies between the \\r and \\n of a CRLF (byte {offset} of {text:?})"
    );
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let character: usize = text[starts[line]..offset]
        .chars()
        .map(|c| enc.width(c))
        .sum();
    (line as u32, character as u32)
}

/// The LSP range (JSON) of a byte range.
pub fn range_of(text: &str, bytes: std::ops::Range<usize>, enc: Enc) -> Value {
    range(
        position_of(text, bytes.start, enc),
        position_of(text, bytes.end, enc),
    )
}

/// The byte range an LSP range (JSON) points at, clamped, reversed ranges swapped.
pub fn bytes_of(text: &str, range: &Value, enc: Enc) -> std::ops::Range<usize> {
    let (start, _) = offset_of(text, pos_of(&range["start"]), enc);
    let (end, _) = offset_of(text, pos_of(&range["end"]), enc);
    start.min(end)..start.max(end)
}

/// What the model noticed while applying an edit (mirrors the server's `EditNote`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Clamped(Pos),
    Reversed(Pos, Pos),
}

/// Applies one content change (None: replace the whole text) to the model.
pub fn apply_change(
    text: &mut String,
    range: Option<(Pos, Pos)>,
    new_text: &str,
    enc: Enc,
) -> Vec<Note> {
    let Some((start_pos, end_pos)) = range else {
        *text = new_text.to_string();
        return Vec::new();
    };
    let mut notes = Vec::new();
    let (mut start, start_clamped) = offset_of(text, start_pos, enc);
    let (mut end, end_clamped) = offset_of(text, end_pos, enc);
    if start_clamped {
        notes.push(Note::Clamped(start_pos));
    }
    if end_clamped {
        notes.push(Note::Clamped(end_pos));
    }
    if start > end {
        notes.push(Note::Reversed(start_pos, end_pos));
        std::mem::swap(&mut start, &mut end);
    }
    text.replace_range(start..end, new_text);
    notes
}

/// Applies a set of LSP TextEdits (JSON), all relative to the original text, as a
/// client applying a WorkspaceEdit does.
pub fn apply_text_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut resolved: Vec<(std::ops::Range<usize>, usize, &str)> = edits
        .iter()
        .enumerate()
        .map(|(index, edit)| {
            (
                bytes_of(text, &edit["range"], enc),
                index,
                edit["newText"].as_str().expect("newText"),
            )
        })
        .collect();
    // From the end backwards, so earlier offsets stay valid; inserts at the same
    // offset keep their order.
    resolved.sort_by_key(|(range, index, _)| {
        (std::cmp::Reverse(range.start), std::cmp::Reverse(*index))
    });
    let mut out = text.to_string();
    for (range, _, new_text) in resolved {
        out.replace_range(range, new_text);
    }
    out
}

/// A content change for `didChange` that replaces `bytes` of the model's current text.
pub fn change_of(text: &str, bytes: std::ops::Range<usize>, new_text: &str, enc: Enc) -> Value {
    json!({"range": range_of(text, bytes, enc), "text": new_text})
}
