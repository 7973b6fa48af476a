//! A guard in front of tower-lsp-server's transport. Its codec answers a body that is
//! not JSON with -32700 and then stops reading, so one bad message would end the
//! session. The guard reads the client's frames itself, answers the bad ones, and
//! passes only well-formed JSON-RPC messages on; it also survives a wrong
//! Content-Length by finding the next header.

use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

const HEADER_NAME: &[u8] = b"Content-Length:";
/// How long a body may stall before a complete JSON value already read is accepted
/// (a client that announced more bytes than it sent).
const STALL: Duration = Duration::from_millis(300);
const MAX_HEADER_BLOCK: usize = 8 * 1024;
/// The most input buffer kept between messages: a keystroke's message and a long
/// draft's diagnostics fit in it.
const KEPT_BUFFER: usize = 256 * 1024;
/// No draft a newsroom writes comes near this; a larger Content-Length is a bad header,
/// not a reason to wait for (or allocate) that much.
const MAX_BODY: usize = 512 * 1024 * 1024;

/// What reading one frame produced.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A body that is a JSON-RPC message.
    Message(Vec<u8>),
    /// Something the client sent that is not a usable message; the text says why, and
    /// the reply, if any, is the error response to send back.
    Rejected {
        reason: String,
        reply: Option<Value>,
    },
}

pub struct FrameReader<R> {
    inner: R,
    buf: Vec<u8>,
    eof: bool,
    /// Bodies are checked to be JSON-RPC (the client's input); off for the server's
    /// own output, which tower-lsp-server wrote and which is passed on as it is.
    validate: bool,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(inner: R) -> Self {
        FrameReader {
            inner,
            buf: Vec::new(),
            eof: false,
            validate: true,
        }
    }

    /// A reader of frames whose bodies are trusted: parsing a long draft's diagnostics
    /// again on their way out cost a millisecond a keystroke.
    pub fn trusted(inner: R) -> Self {
        FrameReader {
            validate: false,
            ..FrameReader::new(inner)
        }
    }

    /// Reads more bytes; false at end of input.
    async fn fill(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut chunk = [0u8; 64 * 1024];
        let n = self.inner.read(&mut chunk).await?;
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(true)
    }

    /// The next frame, or None at end of input.
    pub async fn next_frame(&mut self) -> std::io::Result<Option<Frame>> {
        // A long draft's open leaves a buffer the size of the draft behind: read
        // whole, it is given back rather than kept for the session's keystrokes.
        if self.buf.is_empty() && self.buf.capacity() > KEPT_BUFFER {
            self.buf = Vec::new();
        }
        loop {
            // Skip to the next header; anything before it is garbage.
            match find(&self.buf, HEADER_NAME) {
                Some(0) => {}
                Some(at) => {
                    let garbage = self.buf.drain(..at).collect::<Vec<u8>>();
                    if garbage.iter().any(|b| !b.is_ascii_whitespace()) {
                        return Ok(Some(rejected(format!(
                            "skipped {} bytes that were not a message header",
                            garbage.len()
                        ))));
                    }
                    continue;
                }
                None => {
                    if self.buf.len() > MAX_HEADER_BLOCK {
                        let keep = HEADER_NAME.len();
                        let dropped = self.buf.len() - keep;
                        self.buf.drain(..dropped);
                        return Ok(Some(rejected(format!(
                            "skipped {dropped} bytes with no message header"
                        ))));
                    }
                    if !self.fill().await? {
                        return Ok(self.leftover());
                    }
                    continue;
                }
            }
            let Some(header_end) = find(&self.buf, b"\r\n\r\n") else {
                if !self.fill().await? {
                    return Ok(self.leftover());
                }
                continue;
            };
            let header = String::from_utf8_lossy(&self.buf[..header_end]).into_owned();
            let length = header.lines().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            });
            let body_start = header_end + 4;
            let Some(length) = length.filter(|&n| n <= MAX_BODY) else {
                self.buf.drain(..body_start);
                return Ok(Some(rejected(format!(
                    "bad Content-Length header: {:?}",
                    header.trim()
                ))));
            };
            return self.read_body(body_start, length).await.map(Some);
        }
    }

    async fn read_body(&mut self, body_start: usize, length: usize) -> std::io::Result<Frame> {
        while self.buf.len() < body_start + length {
            let filled = match tokio::time::timeout(STALL, self.fill()).await {
                Ok(result) => result?,
                Err(_) => {
                    // Stalled: the client may have announced more than it sent.
                    if let Some(frame) = self.take_leading_value(body_start, self.buf.len()) {
                        tracing::warn!(
                            announced = length,
                            "Content-Length larger than the message"
                        );
                        return Ok(frame);
                    }
                    continue;
                }
            };
            if !filled {
                let received = self.buf.len() - body_start;
                self.buf.clear();
                return Ok(rejected(format!(
                    "input ended {received} bytes into a {length}-byte message"
                )));
            }
        }
        let body = self.buf[body_start..body_start + length].to_vec();
        if !self.validate {
            self.buf.drain(..body_start + length);
            return Ok(Frame::Message(body));
        }
        if let Ok(value) = serde_json::from_slice::<Value>(&body) {
            self.buf.drain(..body_start + length);
            return Ok(classify_value(value, body));
        }
        // A Content-Length too large swallows the start of the next message: keep the
        // JSON value the body opens with and read on right after it.
        if let Some(frame) = self.take_leading_value(body_start, body_start + length) {
            return Ok(frame);
        }
        self.buf.drain(..body_start + length);
        Ok(parse_error(&body))
    }

    /// When the bytes from `body_start` to `limit` open with a complete JSON value
    /// followed by something else, takes that value as the message and leaves the rest
    /// unread.
    fn take_leading_value(&mut self, body_start: usize, limit: usize) -> Option<Frame> {
        let mut values =
            serde_json::Deserializer::from_slice(&self.buf[body_start..limit]).into_iter::<Value>();
        let Some(Ok(_)) = values.next() else {
            return None;
        };
        let end = body_start + values.byte_offset();
        let body = self.buf[body_start..end].to_vec();
        self.buf.drain(..end);
        Some(classify(body))
    }

    fn leftover(&mut self) -> Option<Frame> {
        if self.buf.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let len = self.buf.len();
        self.buf.clear();
        Some(rejected(format!(
            "input ended inside a message header ({len} bytes)"
        )))
    }
}

fn rejected(reason: String) -> Frame {
    Frame::Rejected {
        reason,
        reply: None,
    }
}

fn parse_error(body: &[u8]) -> Frame {
    let reason = match serde_json::from_slice::<Value>(body) {
        Err(err) => format!("message body is not JSON: {err}"),
        Ok(_) => "message body is not JSON".to_string(),
    };
    Frame::Rejected {
        reply: Some(error_response(Value::Null, -32700, &reason)),
        reason,
    }
}

/// A body that parses as JSON is passed on only if tower-lsp-server can read it as a
/// request, a notification or a response.
fn classify(body: Vec<u8>) -> Frame {
    match serde_json::from_slice(&body) {
        Ok(value) => classify_value(value, body),
        Err(_) => parse_error(&body),
    }
}

/// [`classify`] for a body already parsed (into `value`).
fn classify_value(value: Value, body: Vec<u8>) -> Frame {
    let id = value.get("id").cloned();
    let valid_id = id
        .as_ref()
        .is_none_or(|id| id.is_string() || id.is_i64() || id.is_u64() || id.is_null());
    let is_request = value.get("method").is_some_and(Value::is_string);
    let is_response =
        id.is_some() && (value.get("result").is_some() || value.get("error").is_some());
    let jsonrpc_ok = value.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    let params_ok = value
        .get("params")
        .is_none_or(|p| p.is_object() || p.is_array() || p.is_null());
    if value.is_object() && jsonrpc_ok && valid_id && params_ok && (is_request || is_response) {
        return Frame::Message(body);
    }
    let reason = format!(
        "not a JSON-RPC 2.0 message: {}",
        truncate(&value.to_string(), 200)
    );
    // Only a message with an id gets an answer; a malformed notification cannot.
    let reply = id
        .filter(|_| valid_id)
        .map(|id| error_response(id, -32600, &reason));
    Frame::Rejected { reason, reply }
}

pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub fn encode(body: &[u8]) -> Vec<u8> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    let mut frame = Vec::with_capacity(header.len() + body.len());
    frame.extend_from_slice(header.as_bytes());
    frame.extend_from_slice(body);
    frame
}

/// Frames a body written straight into the frame, after room left for its header: a
/// long draft's diagnostics are not copied into a second buffer to be framed.
/// `capacity` is the body's expected size.
pub fn encode_in_place<E>(
    capacity: usize,
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    // "Content-Length: ", the most digits a length has, and the blank line.
    const ROOM: usize = HEADER_NAME.len() + 1 + 20 + 4;
    let mut frame = Vec::with_capacity(ROOM + capacity);
    frame.resize(ROOM, 0);
    write(&mut frame)?;
    let header = format!("Content-Length: {}\r\n\r\n", frame.len() - ROOM);
    let start = ROOM - header.len();
    frame[start..ROOM].copy_from_slice(header.as_bytes());
    frame.drain(..start);
    Ok(frame)
}

/// Copies the client's input to the server, frame by frame, leaving out the bad ones and
/// queueing their error replies for the output.
pub async fn guard_input<R, W>(input: R, mut server_in: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = FrameReader::new(input);
    loop {
        match reader.next_frame().await {
            Ok(Some(Frame::Message(body))) => {
                if server_in.write_all(&encode(&body)).await.is_err() {
                    break;
                }
                let _ = server_in.flush().await;
            }
            Ok(Some(Frame::Rejected { reason, reply })) => {
                tracing::warn!("malformed input from the client: {reason}");
                if let Some(reply) = reply {
                    let _ = replies.send(encode(reply.to_string().as_bytes()));
                }
            }
            Ok(None) => break,
            Err(err) => {
                tracing::error!("reading from the client failed: {err}");
                break;
            }
        }
    }
    // Closing the server's input ends its session as the client's end of input would.
    let _ = server_in.shutdown().await;
}

/// Writes the server's frames and the queued ones (the guard's replies, drafts'
/// diagnostics) to the client, whole frames only.
pub async fn merge_output<R, W>(
    server_out: R,
    mut output: W,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = FrameReader::trusted(server_out);
    let mut replies_open = true;
    loop {
        tokio::select! {
            frame = reader.next_frame() => match frame {
                Ok(Some(Frame::Message(body))) => {
                    if output.write_all(&encode(&body)).await.is_err() { break; }
                    let _ = output.flush().await;
                }
                Ok(Some(Frame::Rejected { reason, .. })) => tracing::error!("server wrote a bad frame: {reason}"),
                Ok(None) | Err(_) => {
                    // The server is done: send the replies already queued, then stop.
                    while let Ok(frame) = replies.try_recv() {
                        let _ = output.write_all(&frame).await;
                    }
                    let _ = output.flush().await;
                    break;
                }
            },
            reply = replies.recv(), if replies_open => match reply {
                Some(frame) => {
                    if output.write_all(&frame).await.is_err() { break; }
                    let _ = output.flush().await;
                }
                None => replies_open = false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_built_in_place_equals_one_framed_after() {
        for body in [String::new(), "{}".to_string(), "x".repeat(123_456)] {
            let framed = encode_in_place(body.len() / 2, |out| {
                out.extend_from_slice(body.as_bytes());
                Ok::<(), ()>(())
            });
            assert_eq!(framed, Ok(encode(body.as_bytes())));
        }
        let failed = encode_in_place(8, |out| {
            out.push(b'{');
            Err("no")
        });
        assert_eq!(failed, Err("no"));
    }

    async fn read_all(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = reader.next_frame().await.unwrap() {
            out.push(frame);
        }
        out
    }

    fn message(body: &str) -> Vec<u8> {
        encode(body.as_bytes())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","method":"ping"}"#;

    #[tokio::test]
    async fn a_long_message_buffer_is_given_back_once_read() {
        let text = "x".repeat(2 * KEPT_BUFFER);
        let long = format!(r#"{{"jsonrpc":"2.0","method":"open","params":{{"text":"{text}"}}}}"#);
        let mut input = message(&long);
        input.extend(message(PING));
        let mut reader = FrameReader::new(&input[..]);
        let first = reader.next_frame().await.unwrap();
        assert!(
            first == Some(Frame::Message(long.into_bytes())),
            "the long message is passed"
        );
        assert!(
            reader.buf.capacity() > KEPT_BUFFER,
            "the long message was buffered"
        );
        let second = reader.next_frame().await.unwrap();
        assert_eq!(second, Some(Frame::Message(PING.as_bytes().to_vec())));
        // Waiting for the next message, the reader holds no more than a small buffer.
        assert_eq!(reader.next_frame().await.unwrap(), None);
        assert!(
            reader.buf.capacity() <= KEPT_BUFFER,
            "{}",
            reader.buf.capacity()
        );
    }

    #[tokio::test]
    async fn passes_good_messages_and_answers_bad_json() {
        let mut input = message("{not json");
        input.extend(message(PING));
        let frames = read_all(&input).await;
        assert!(
            matches!(&frames[0], Frame::Rejected { reply: Some(r), .. } if r["error"]["code"] == -32700)
        );
        assert_eq!(frames[1], Frame::Message(PING.as_bytes().to_vec()));
    }

    #[tokio::test]
    async fn recovers_from_content_length_too_large_and_too_small() {
        let mut input = format!("Content-Length: {}\r\n\r\n{}", PING.len() + 30, PING).into_bytes();
        input.extend(message(PING));
        let frames = read_all(&input).await;
        assert_eq!(
            frames.last(),
            Some(&Frame::Message(PING.as_bytes().to_vec()))
        );

        let mut input = format!("Content-Length: 10\r\n\r\n{}", PING).into_bytes();
        input.extend(message(PING));
        let frames = read_all(&input).await;
        assert_eq!(
            frames.last(),
            Some(&Frame::Message(PING.as_bytes().to_vec()))
        );
    }

    #[tokio::test]
    async fn an_absurd_content_length_is_a_bad_header() {
        let mut input = b"Content-Length: 18446744073709551615\r\n\r\n{}".to_vec();
        input.extend(message(PING));
        let frames = read_all(&input).await;
        assert!(matches!(&frames[0], Frame::Rejected { .. }), "{frames:?}");
        assert_eq!(
            frames.last(),
            Some(&Frame::Message(PING.as_bytes().to_vec()))
        );
    }

    #[tokio::test]
    async fn rejects_json_that_is_not_json_rpc() {
        let bad_params = read_all(&message(r#"{"jsonrpc":"2.0","id":3,"params":1}"#)).await;
        assert!(
            matches!(&bad_params[0], Frame::Rejected { reply: Some(r), .. } if r["id"] == 3 && r["error"]["code"] == -32600)
        );
        let batch = read_all(&message("[1,2]")).await;
        assert!(matches!(&batch[0], Frame::Rejected { reply: None, .. }));
    }
}
