//! One analysed version of an open draft: the rope it was computed from (for position
//! conversions), its text and the analysis. Requests answer from the snapshot of the
//! document's current revision.

use std::sync::Arc;

use ropey::Rope;

use super::sources::Sources;
use crate::analysis::Analysis;

pub struct Snapshot {
    pub revision: u64,
    pub rope: Rope,
    pub text: Arc<String>,
    pub analysis: Arc<Analysis>,
    /// The reporter's sources the analysis was checked against, for hover and
    /// definition on a quotation.
    pub sources: Option<Sources>,
}
