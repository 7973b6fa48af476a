//! The reporter's sources in the server: one index per configuration folder, loaded
//! the first time a draft of that folder is analysed and updated one file at a time;
//! and what hover and go-to-definition say about a quotation from them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{Location, Position, Range, Uri};

use super::convert::Encoding;
use crate::analysis::{Analysis, Quote, QuoteKind};
use crate::config::SourcesConfig;
use crate::config::sources::{Note, SourceSet};
use crate::notes::{self, Index, Lookup, Passage, SpeakerCheck, Verdict};
use crate::rules::quote_sources::MIN_WORDS;

/// A folder's sources as one analysis sees them: cheap to clone, never changed in
/// place (an update makes a new index that shares the unchanged files).
#[derive(Clone)]
pub struct Sources {
    pub set: Arc<SourceSet>,
    pub index: Arc<Index>,
}

/// One folder's sources once loaded, with the settings they were loaded under.
pub struct Loaded {
    pub settings: SourcesConfig,
    pub sources: Sources,
}

/// A folder's slot: locked while it loads, so two drafts of one folder index it once.
pub type Slot = Arc<tokio::sync::Mutex<Option<Loaded>>>;

/// Every folder's slot, by the folder sources are relative to.
#[derive(Default)]
pub struct Folders {
    slots: HashMap<PathBuf, Slot>,
}

impl Folders {
    pub fn slot(&mut self, root: &Path) -> Slot {
        self.slots.entry(root.to_path_buf()).or_default().clone()
    }

    pub fn slots(&self) -> Vec<Slot> {
        self.slots.values().cloned().collect()
    }
}

/// Whether a file name is one the sources are read from.
pub fn is_source(name: &str) -> bool {
    notes::Format::of(name).is_some()
}

/// Reads and indexes a folder's sources (blocking: run it off the async threads).
pub fn load(root: &Path, config: &crate::config::Config) -> (Sources, Vec<Note>) {
    slow_down_for_tests();
    let (set, mut problems) = SourceSet::new(root, config);
    let (inputs, more) = set.collect(is_source);
    problems.extend(more);
    let (index, errors) = Index::build(&inputs, 0);
    for (key, error) in errors {
        // Unsupported files never get here (`is_source`): what is left is worth a note.
        problems.push(Note::Unreadable {
            path: set.path_of(&key),
            error: error.to_string(),
        });
    }
    let sources = Sources {
        set: Arc::new(set),
        index: Arc::new(index),
    };
    (sources, problems)
}

/// `COPYDESK_TEST_SLOW_SOURCES_MS=N` makes every load of a folder's sources take N ms
/// longer, for the test of the work-done progress a slow load shows. Read once; unset,
/// it does nothing.
fn slow_down_for_tests() {
    static DELAY: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    let delay = DELAY.get_or_init(|| {
        std::env::var("COPYDESK_TEST_SLOW_SOURCES_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
    });
    if let Some(ms) = delay {
        std::thread::sleep(std::time::Duration::from_millis(*ms));
    }
}

/// What changed for one source file.
pub enum Update {
    /// Re-indexed, removed, or not a source of this folder after all.
    Changed,
    Unchanged,
    Problem(Note),
}

/// Re-indexes one file in `sources` from `text` (an open buffer) or from disk.
pub fn update(sources: &mut Sources, path: &Path, text: Option<&str>) -> Update {
    let set = &sources.set;
    if !set.matches(path, is_source) {
        return Update::Unchanged;
    }
    let key = set.key(path);
    let read = match text {
        Some(text) => Ok(Some((key.clone(), text.as_bytes().to_vec()))),
        None => set.read(path, is_source),
    };
    let index = Arc::make_mut(&mut sources.index);
    match read {
        Ok(Some((key, bytes))) => match index.update(&key, &bytes) {
            Ok(()) => Update::Changed,
            Err(error) => Update::Problem(Note::Unreadable {
                path: path.to_path_buf(),
                error: error.to_string(),
            }),
        },
        Ok(None) => {
            if index.remove(&key) {
                Update::Changed
            } else {
                Update::Unchanged
            }
        }
        Err(note) => {
            index.remove(&key);
            Update::Problem(note)
        }
    }
}

/// The quotation at `offset` worth looking up, and the lookup.
pub fn lookup_at(
    text: &str,
    analysis: &Analysis,
    sources: &Sources,
    offset: usize,
) -> Option<(Quote, Lookup)> {
    let quote = analysis
        .quotes
        .iter()
        .find(|q| q.range.start <= offset && offset < q.range.end.max(q.range.start + 1))?;
    if quote.kind == QuoteKind::Title || sources.index.is_empty() {
        return None;
    }
    let words = text.get(quote.content.clone())?;
    if words.split_whitespace().count() < MIN_WORDS {
        return None;
    }
    let speaker = quote.speaker.as_ref().map(|s| s.name.as_str());
    let found = sources.index.lookup(words, speaker)?;
    Some((quote.clone(), found))
}

/// Markdown for the hover: the passage, with its speaker, file and time or line.
pub fn hover_text(found: &Lookup) -> String {
    let Some(passage) = &found.passage else {
        return "**In the sources** — nothing comes close.".to_string();
    };
    let verdict = match found.verdict {
        Verdict::Verbatim => "word for word".to_string(),
        Verdict::Altered => "not word for word".to_string(),
        Verdict::NotFound => format!(
            "not found; the closest passage is {:.0}% alike",
            found.similarity * 100.0
        ),
    };
    let mut lines = vec![format!("**In the sources** — {verdict}")];
    let who = passage.speaker.as_deref().unwrap_or("no speaker named");
    let mut place = format!("{who} · `{}`", passage.path);
    match passage.time {
        Some(time) => place.push_str(&format!(" at {}", notes::labels::format_time(time))),
        None if passage.place_is_paragraph => {
            place.push_str(&format!(" paragraph {}", passage.place))
        }
        None => place.push_str(&format!(" line {}", passage.place)),
    }
    lines.push(place);
    lines.push(format!("> {}", excerpt(&passage.text, 80)));
    if found.speaker == SpeakerCheck::Different {
        lines.push("The sources give these words to someone else.".to_string());
    }
    for difference in &found.differences {
        lines.push(format!("- {}", difference.message()));
    }
    lines.join("\n\n")
}

/// The first `words` words of a passage, with an ellipsis when there are more.
fn excerpt(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words + 1).collect();
    if out.len() > words {
        out.truncate(words);
        return format!("{} …", out.join(" "));
    }
    out.join(" ")
}

/// The passage in its source file, for go-to-definition. A Word document's places are
/// paragraphs, not lines of the file: its location is the file's start.
pub fn location(sources: &Sources, passage: &Passage, encoding: Encoding) -> Option<Location> {
    let uri = Uri::from_file_path(sources.set.path_of(&passage.path))?;
    let file = sources.index.get(&passage.path)?;
    if file.places_are_paragraphs() {
        return Some(Location::new(uri, Range::default()));
    }
    let position = |offset: usize| {
        let offset = file.text.floor_char_boundary(offset.min(file.text.len()));
        let (line, column) = file.line_col(offset);
        let line_text = &file.text[offset - column as usize..offset];
        let character = match encoding {
            Encoding::Utf8 => column,
            Encoding::Utf16 => line_text.encode_utf16().count() as u32,
        };
        Position::new(line, character)
    };
    Some(Location::new(
        uri,
        Range::new(position(passage.range.start), position(passage.range.end)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_counts_columns_in_the_negotiated_unit() {
        let mut index = Index::new();
        index
            .update(
                "notes/a.txt",
                "Erdoğan 💡 said: we will never leave".as_bytes(),
            )
            .unwrap();
        let (set, _) = SourceSet::new(Path::new("/desk"), &crate::config::Config::default());
        let sources = Sources {
            set: Arc::new(set),
            index: Arc::new(index),
        };
        let found = sources
            .index
            .lookup("we will never leave", Some("Erdoğan"))
            .unwrap();
        let passage = found.passage.unwrap();
        let utf16 = location(&sources, &passage, Encoding::Utf16).unwrap();
        let utf8 = location(&sources, &passage, Encoding::Utf8).unwrap();
        assert_eq!(utf16.uri.path().as_str(), "/desk/notes/a.txt");
        let start = "Erdoğan 💡 said: ";
        assert_eq!(utf16.range.start, Position::new(0, 17));
        assert_eq!(utf8.range.start, Position::new(0, start.len() as u32));
        assert_eq!(utf8.range.end.character as usize, start.len() + 19);
    }

    #[test]
    fn an_update_replaces_one_file_and_leaves_the_shared_index_alone() {
        let root = std::env::temp_dir().join(format!(
            "copydesk-server-sources-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("notes/a.txt"), "first words here").unwrap();
        let (mut sources, notes) = load(&root, &crate::config::Config::default());
        assert!(notes.is_empty());
        let before = sources.index.clone();
        std::fs::write(root.join("notes/a.txt"), "now other words entirely").unwrap();
        assert!(matches!(
            update(&mut sources, &root.join("notes/a.txt"), None),
            Update::Changed
        ));
        assert_eq!(before.word_count(), 3);
        assert_eq!(sources.index.word_count(), 4);
        assert!(matches!(
            update(&mut sources, &root.join("drafts/b.txt"), None),
            Update::Unchanged
        ));
        std::fs::remove_file(root.join("notes/a.txt")).unwrap();
        assert!(matches!(
            update(&mut sources, &root.join("notes/a.txt"), None),
            Update::Changed
        ));
        assert!(sources.index.is_empty());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
