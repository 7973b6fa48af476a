//! The JSON-RPC transport guard on arbitrary bytes: `FrameReader` must end on every
//! input (no loop, no stall: the input is in memory), pass on only JSON-RPC 2.0
//! objects, and consume input on every frame. The same bytes, delivered in arbitrary
//! chunk sizes through `guard_input` as the server's stdin would be, must come out as
//! exactly the same well-formed messages, each with a correct Content-Length, and the
//! replies to the bad ones must be well-formed error responses.

#![no_main]

use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};

use copydesk::server::framing::{self, Frame, FrameReader};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, ReadBuf};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Hands out the input in chunks whose sizes cycle through `sizes`.
struct Chunked<'a> {
    data: &'a [u8],
    sizes: Vec<usize>,
    next: usize,
}

impl AsyncRead for Chunked<'_> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let size = self.sizes[self.next % self.sizes.len()];
        self.next += 1;
        let n = size.min(self.data.len()).min(buf.remaining());
        let (head, tail) = self.data.split_at(n);
        buf.put_slice(head);
        self.data = tail;
        Poll::Ready(Ok(()))
    }
}

fn is_message(body: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return false;
    };
    value.is_object()
        && value["jsonrpc"] == "2.0"
        && (value.get("method").is_some_and(Value::is_string)
            || value.get("result").is_some()
            || value.get("error").is_some())
}

async fn frames_of(reader: impl AsyncRead + Unpin, limit: usize) -> (Vec<Vec<u8>>, usize) {
    let mut reader = FrameReader::new(reader);
    let mut messages = Vec::new();
    let mut frames = 0;
    while let Some(frame) = reader
        .next_frame()
        .await
        .expect("in-memory reads do not fail")
    {
        frames += 1;
        assert!(frames <= limit, "more frames than input bytes: a loop");
        match frame {
            Frame::Message(body) => {
                assert!(
                    is_message(&body),
                    "passed on: {:?}",
                    String::from_utf8_lossy(&body)
                );
                messages.push(body);
            }
            Frame::Rejected { reply, .. } => {
                if let Some(reply) = reply {
                    assert_eq!(reply["jsonrpc"], "2.0");
                    assert!(reply["error"]["code"].is_i64(), "{reply}");
                }
            }
        }
    }
    (messages, frames)
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the chunk sizes of the second pass.
    let (seed, input) = data.split_first().map_or((0, data), |(s, rest)| (*s, rest));
    let sizes = vec![
        1 + seed as usize % 7,
        64 * 1024,
        1 + (seed as usize * 31) % 257,
    ];
    runtime().block_on(async {
        let limit = input.len() + 2;
        let (whole, _) = frames_of(input, limit).await;

        // The same bytes through the guard, in chunks, with a reader on the other side.
        let (to_server, mut server_in) = tokio::io::duplex(1 << 16);
        let (replies_tx, mut replies_rx) = tokio::sync::mpsc::unbounded_channel();
        let chunked = Chunked {
            data: input,
            sizes,
            next: 0,
        };
        let guard = framing::guard_input(chunked, to_server, replies_tx);
        let read = async {
            let mut out = Vec::new();
            server_in
                .read_to_end(&mut out)
                .await
                .expect("read the guard's output");
            out
        };
        let ((), forwarded) = tokio::join!(guard, read);
        let (again, frames) = frames_of(&forwarded[..], limit).await;
        assert_eq!(
            frames,
            again.len(),
            "the guard passed on a frame that is not a message"
        );
        let expected: Vec<u8> = again
            .iter()
            .flat_map(|body| framing::encode(body))
            .collect();
        assert_eq!(forwarded, expected, "the guard's output is whole frames");
        // Chunking may only change what a stalled body would have been; in memory
        // nothing stalls, so the messages are the same.
        assert_eq!(whole, again, "chunked reads changed the messages");
        while let Ok(reply) = replies_rx.try_recv() {
            let (replies, frames) = frames_of(&reply[..], 4).await;
            assert_eq!((replies.len(), frames), (1, 1), "one reply frame");
        }
    });
});
