//! The open drafts: a rope per document, its version and format. Edits are applied
//! here, synchronously, so a handler can apply its change before its first `.await`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

use super::convert::{Encoding, position_to_byte};
use crate::analysis::{Cache, Format};

#[derive(Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub format: Format,
    /// What the last analysis of this draft remembers for the next one. Shared with
    /// the analysis running on a blocking thread; analyses of one draft take turns.
    pub cache: Arc<Mutex<Cache>>,
}

/// What went wrong with an edit that was still applied as best it could be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditNote {
    ClampedPosition(Position),
    ReversedRange(Range),
}

impl Document {
    pub fn new(text: &str, version: i32, format: Format) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            format,
            cache: Arc::default(),
        }
    }

    /// Applies one content change: a range replacement, or the whole text when `range`
    /// is None. Bad positions are clamped and reported, never fatal.
    pub fn apply_change(
        &mut self,
        range: Option<Range>,
        text: &str,
        encoding: Encoding,
    ) -> Vec<EditNote> {
        let Some(range) = range else {
            self.rope = Rope::from_str(text);
            return Vec::new();
        };
        let mut notes = Vec::new();
        let mut start = position_to_byte(&self.rope, range.start, encoding);
        let mut end = position_to_byte(&self.rope, range.end, encoding);
        if start.clamped {
            notes.push(EditNote::ClampedPosition(range.start));
        }
        if end.clamped {
            notes.push(EditNote::ClampedPosition(range.end));
        }
        if start.byte > end.byte {
            notes.push(EditNote::ReversedRange(range));
            std::mem::swap(&mut start, &mut end);
        }
        let start_char = self.rope.byte_to_char(start.byte);
        let end_char = self.rope.byte_to_char(end.byte);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, text);
        notes
    }
}

/// The drafts the client has open, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, document: Document) {
        self.open.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }
}
