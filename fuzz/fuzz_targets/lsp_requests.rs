//! The JSON-RPC surface: an in-process `LspService` built as `copydesk::server` builds
//! it, fed a session of arbitrary messages — well-formed requests and notifications
//! with fuzzed positions, texts and names for every method copydesk handles, and
//! arbitrary JSON params (structure-aware: the keys LSP uses, any values) for each of
//! those methods. Every request must be answered within a bound (no hang, no panic that
//! would take the session down); the server's own requests to the client (configuration,
//! capability registration) are answered with null, as a minimal client does.

#![no_main]

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use arbitrary::Arbitrary;
use copydesk::server::Backend;
use futures::{SinkExt, StreamExt};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value, json};
use tower::{Service, ServiceExt};
use tower_lsp_server::LspService;
use tower_lsp_server::jsonrpc::{Request, Response};

/// Longer than any answer takes on a fuzz-sized draft; a hang fails the run.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

const URIS: &[&str] = &[
    "file:///copydesk-fuzz/drafts/a.md",
    "file:///copydesk-fuzz/drafts/b.txt",
    "untitled:Untitled-1",
    "file:///copydesk-fuzz/copydesk.toml",
    "file:///copydesk-fuzz/drafts/c%20d.markdown",
];

const METHODS: &[&str] = &[
    "initialized",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didSave",
    "textDocument/didClose",
    "textDocument/hover",
    "textDocument/inlayHint",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/codeAction",
    "workspace/symbol",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "$/cancelRequest",
    "$/setTrace",
    "copydesk/unknown",
    "shutdown",
];

/// Keys LSP params are made of, so that arbitrary JSON reaches past the first
/// deserialisation error.
const KEYS: &[&str] = &[
    "textDocument",
    "uri",
    "languageId",
    "version",
    "text",
    "contentChanges",
    "range",
    "start",
    "end",
    "line",
    "character",
    "position",
    "newName",
    "query",
    "context",
    "diagnostics",
    "only",
    "settings",
    "copydesk",
    "rules",
    "stylebook",
    "preferred",
    "reject",
    "known",
    "name",
    "aliases",
    "kind",
    "description",
    "changes",
    "type",
    "maxDocumentBytes",
    "speechVerbs",
    "files",
    "ignore",
    "id",
    "value",
    "workDoneToken",
    "capabilities",
    "general",
    "positionEncodings",
    "workspace",
];

const WORDS: &[&str] = &[
    "“",
    "”",
    "\"",
    "said",
    " ",
    "\n",
    "\r\n",
    "Okafor",
    "Grace Okafor",
    "Berg",
    "Turkey",
    "Türkiye",
    "Kiev",
    "Kyiv",
    "officials said",
    "💡",
    "ğ",
    "# ",
    "<!-- copydesk-disable-next-line unbalanced-quote -->\n",
    "```\n",
    "42%",
    "according to",
    ". ",
    "Mr. ",
    "\u{2028}",
    "\0",
];

#[derive(Arbitrary, Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Small(u8),
    Float(f64),
    Str(String),
    Word(u8),
    Uri(u8),
    Array(Vec<Json>),
    Object(Vec<(Key, Json)>),
}

#[derive(Arbitrary, Debug)]
enum Key {
    Known(u8),
    Any(String),
}

impl Json {
    fn value(&self, depth: usize) -> Value {
        if depth > 8 {
            return Value::Null;
        }
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => json!(b),
            Json::Int(n) => json!(n),
            Json::Small(n) => json!(n % 8),
            Json::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Json::Str(s) => json!(s),
            Json::Word(i) => json!(pick(WORDS, *i)),
            Json::Uri(i) => json!(pick(URIS, *i)),
            Json::Array(items) => items.iter().map(|j| j.value(depth + 1)).collect(),
            Json::Object(entries) => {
                let mut object = Map::new();
                for (key, value) in entries {
                    let key = match key {
                        Key::Known(i) => pick(KEYS, *i).to_string(),
                        Key::Any(s) => s.clone(),
                    };
                    object.insert(key, value.value(depth + 1));
                }
                Value::Object(object)
            }
        }
    }
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[i as usize % list.len()]
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Pos {
    line: u8,
    character: u8,
    /// Far out of range instead.
    huge: bool,
}

impl Pos {
    fn value(self) -> Value {
        if self.huge {
            json!({"line": u32::MAX - u32::from(self.line), "character": u32::MAX})
        } else {
            json!({"line": self.line % 12, "character": self.character % 40})
        }
    }
}

/// Draft text: mostly words that make the analysis do something.
#[derive(Arbitrary, Debug)]
struct Text(Vec<Result<u8, char>>);

impl Text {
    fn build(&self) -> String {
        self.0
            .iter()
            .map(|piece| match piece {
                Ok(i) => pick(WORDS, *i).to_string(),
                Err(c) => c.to_string(),
            })
            .collect()
    }
}

#[derive(Arbitrary, Debug)]
enum Message {
    Open {
        doc: u8,
        language: u8,
        version: i32,
        text: Text,
    },
    Change {
        doc: u8,
        version: i32,
        changes: Vec<(Option<(Pos, Pos)>, Text)>,
    },
    Save {
        doc: u8,
        text: Option<Text>,
    },
    Close {
        doc: u8,
    },
    /// A well-formed request about a document.
    Ask {
        method: u8,
        doc: u8,
        at: Pos,
        to: Pos,
        name: Text,
    },
    /// Any params, for any method, as a request or a notification.
    Raw {
        method: u8,
        with_id: bool,
        params: Json,
    },
    Settings(Json),
}

#[derive(Arbitrary, Debug)]
struct Session {
    utf8: bool,
    watch: bool,
    pull: bool,
    options: Option<Json>,
    messages: Vec<Message>,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

fn doc(i: u8) -> Value {
    json!({"uri": pick(URIS, i)})
}

/// A method name and params for a well-formed request about `doc`.
fn ask(method: u8, doc_index: u8, at: Pos, to: Pos, name: &str) -> (&'static str, Value) {
    let doc = doc(doc_index);
    let range = json!({"start": at.value(), "end": to.value()});
    match method % 9 {
        0 => (
            "textDocument/hover",
            json!({"textDocument": doc, "position": at.value()}),
        ),
        1 => (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": range}),
        ),
        2 => (
            "textDocument/definition",
            json!({"textDocument": doc, "position": at.value()}),
        ),
        3 => (
            "textDocument/references",
            json!({"textDocument": doc, "position": at.value(), "context": {"includeDeclaration": true}}),
        ),
        4 => (
            "textDocument/prepareRename",
            json!({"textDocument": doc, "position": at.value()}),
        ),
        5 => (
            "textDocument/rename",
            json!({"textDocument": doc, "position": at.value(), "newName": name}),
        ),
        6 => ("textDocument/documentSymbol", json!({"textDocument": doc})),
        7 => ("workspace/symbol", json!({"query": name})),
        _ => (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        ),
    }
}

async fn run(session: Session) {
    let flag = Arc::new(AtomicBool::new(false));
    let (mut service, socket) = LspService::new(move |client| Backend::new(client, flag));
    // The client side: answer every request the server makes with null, drop the rest.
    let (mut requests, mut responses) = socket.split();
    let client = tokio::spawn(async move {
        while let Some(request) = requests.next().await {
            if let Some(id) = request.id().cloned()
                && responses
                    .send(Response::from_ok(id, Value::Null))
                    .await
                    .is_err()
            {
                break;
            }
        }
    });

    let mut next_id = 0i64;
    let mut send = async |method: &str, params: Value, with_id: bool| -> bool {
        let mut builder = Request::build(method.to_string()).params(params);
        if with_id {
            next_id += 1;
            builder = builder.id(next_id);
        }
        let request = builder.finish();
        let answered = tokio::time::timeout(ANSWER_WITHIN, async {
            let ready = service.ready().await;
            match ready {
                Ok(service) => service.call(request).await.is_ok(),
                Err(_) => false, // exited
            }
        })
        .await;
        match answered {
            Ok(alive) => alive,
            Err(_) => panic!("{method} was not answered within {ANSWER_WITHIN:?}"),
        }
    };

    let encodings = if session.utf8 {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let mut init = json!({
        "processId": null,
        "rootUri": "file:///copydesk-fuzz",
        "capabilities": {
            "general": {"positionEncodings": encodings},
            "workspace": {
                "didChangeWatchedFiles": {"dynamicRegistration": session.watch},
                "configuration": session.pull,
                "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}
            }
        }
    });
    if let Some(options) = &session.options {
        init["initializationOptions"] = options.value(0);
    }
    if !send("initialize", init, true).await {
        return;
    }
    send("initialized", json!({}), false).await;

    for message in session.messages.iter().take(48) {
        let alive = match message {
            Message::Open {
                doc: d,
                language,
                version,
                text,
            } => {
                let language = ["markdown", "plaintext", "toml", "rust"][*language as usize % 4];
                let mut document = doc(*d);
                document["languageId"] = json!(language);
                document["version"] = json!(version);
                document["text"] = json!(text.build());
                send(
                    "textDocument/didOpen",
                    json!({"textDocument": document}),
                    false,
                )
                .await
            }
            Message::Change {
                doc: d,
                version,
                changes,
            } => {
                let changes: Vec<Value> = changes
                    .iter()
                    .take(16)
                    .map(|(range, text)| match range {
                        Some((start, end)) => json!({
                            "range": {"start": start.value(), "end": end.value()},
                            "text": text.build(),
                        }),
                        None => json!({"text": text.build()}),
                    })
                    .collect();
                let mut document = doc(*d);
                document["version"] = json!(version);
                send(
                    "textDocument/didChange",
                    json!({"textDocument": document, "contentChanges": changes}),
                    false,
                )
                .await
            }
            Message::Save { doc: d, text } => {
                let mut params = json!({"textDocument": doc(*d)});
                if let Some(text) = text {
                    params["text"] = json!(text.build());
                }
                send("textDocument/didSave", params, false).await
            }
            Message::Close { doc: d } => {
                send(
                    "textDocument/didClose",
                    json!({"textDocument": doc(*d)}),
                    false,
                )
                .await
            }
            Message::Ask {
                method,
                doc,
                at,
                to,
                name,
            } => {
                let (method, params) = ask(*method, *doc, *at, *to, &name.build());
                send(method, params, true).await
            }
            Message::Raw {
                method,
                with_id,
                params,
            } => send(pick(METHODS, *method), params.value(0), *with_id).await,
            Message::Settings(settings) => {
                send(
                    "workspace/didChangeConfiguration",
                    json!({"settings": {"copydesk": settings.value(0)}}),
                    false,
                )
                .await
            }
        };
        assert!(alive, "the service stopped answering without an exit");
    }
    send("shutdown", Value::Null, true).await;
    send("exit", Value::Null, false).await;
    drop(service);
    let _ = tokio::time::timeout(ANSWER_WITHIN, client).await;
}

fuzz_target!(|session: Session| {
    runtime().block_on(run(session));
});
