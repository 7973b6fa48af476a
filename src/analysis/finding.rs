//! What the rules report: findings with byte ranges, and fixes as byte-range edits.
//! Nothing here knows about the protocol; the server and the CLI convert.

use std::ops::Range;

pub use crate::config::Severity;

/// One replacement of a byte range of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A quick fix: a titled set of edits applied together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// True when the fix is safe to apply unattended (it invents nothing).
    pub safe: bool,
}

/// Another place in the draft that explains a finding (the other spelling, the speaker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}
