//! Reading a local PolNeAR checkout: the article texts and their BRAT standoff
//! attribution annotations. Nothing here knows about copydesk.
//!
//! BRAT offsets count characters (Unicode scalar values); copydesk speaks UTF-8 byte
//! offsets. Every span leaves this module already converted to bytes.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One annotated article of a split.
pub struct Article {
    /// File stem, e.g. `publisher_YYYY-MM-DD_title-slug`.
    pub id: String,
    /// The annotator whose `.ann` file was used (the file name's last `_xxxx`).
    pub annotator: String,
    pub text: String,
    pub attributions: Vec<Attribution>,
    /// `.ann` spans whose recorded text did not match the article at their offsets.
    pub mismatched_spans: usize,
}

/// One attribution relation (`E` line): who (source), how (cue), what (content).
/// Each role is a list of spans; each span is a list of byte-range fragments
/// (BRAT discontinuous spans, `Content 10 20;25 40`).
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    pub id: String,
    /// `false` for PolNeAR's `Attribution-no-source` relations.
    pub has_source_type: bool,
    pub sources: Vec<Vec<Range<usize>>>,
    pub cues: Vec<Vec<Range<usize>>>,
    /// `Content` and `Content2` spans.
    pub contents: Vec<Vec<Range<usize>>>,
}

impl Attribution {
    pub fn source_fragments(&self) -> impl Iterator<Item = &Range<usize>> {
        self.sources.iter().flatten()
    }

    pub fn cue_fragments(&self) -> impl Iterator<Item = &Range<usize>> {
        self.cues.iter().flatten()
    }

    /// The source's text, fragments joined by a space.
    pub fn source_text(&self, text: &str) -> Option<String> {
        let parts: Vec<&str> = self
            .source_fragments()
            .map(|r| text[r.clone()].trim())
            .collect();
        if parts.is_empty() {
            None
        } else {
            Some(parts.join(" "))
        }
    }
}

/// `ROOT/data/SPLIT` or `ROOT/SPLIT` (ROOT may be the checkout or its `data/`).
pub fn split_dir(root: &Path, split: &str) -> Result<PathBuf, String> {
    for candidate in [root.join("data").join(split), root.join(split)] {
        if candidate.join("text").is_dir() && candidate.join("attributions").is_dir() {
            return Ok(candidate);
        }
    }
    Err(format!(
        "no PolNeAR split `{split}` under {} (expected data/{split}/text and data/{split}/attributions)",
        root.display()
    ))
}

/// Loads every article of a split, in file-name order. Articles annotated by
/// several annotators (the agreement articles) use the first annotator's file in
/// name order, so every run reads the same annotation.
pub fn load_split(dir: &Path, normalize_marks: bool) -> Result<Vec<Article>, String> {
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let mut by_article: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let entries = fs::read_dir(&ann_dir).map_err(|e| format!("{}: {e}", ann_dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".ann") else {
            continue;
        };
        let (article, annotator) = match stem.rsplit_once('_') {
            Some((a, who)) if who.len() == 4 && who.chars().all(|c| c.is_ascii_hexdigit()) => {
                (a.to_string(), who.to_string())
            }
            _ => (stem.to_string(), String::new()),
        };
        by_article
            .entry(article)
            .or_default()
            .push((annotator, path.clone()));
    }
    let mut articles = Vec::new();
    for (id, mut anns) in by_article {
        anns.sort();
        let (annotator, ann_path) = anns.swap_remove(0);
        let text_path = text_dir.join(format!("{id}.txt"));
        let mut text =
            fs::read_to_string(&text_path).map_err(|e| format!("{}: {e}", text_path.display()))?;
        if normalize_marks {
            text = normalize_double_apostrophes(&text);
        }
        let ann =
            fs::read_to_string(&ann_path).map_err(|e| format!("{}: {e}", ann_path.display()))?;
        let (attributions, mismatched_spans) = parse_ann(&ann, &text);
        articles.push(Article {
            id,
            annotator,
            text,
            attributions,
            mismatched_spans,
        });
    }
    Ok(articles)
}

/// The New York Times articles (a news-archive export) write quotation marks as two
/// apostrophes, `''…''`. With `--normalize-marks` each pair becomes a straight double
/// quote plus a space (` "` when opening, `" ` when closing): two ASCII characters for
/// two, so character and byte offsets are unchanged.
pub fn normalize_double_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' && chars.get(i + 1) == Some(&'\'') {
            let after = chars.get(i + 2).copied();
            if after.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation()) {
                out.push_str("\" ");
            } else {
                out.push_str(" \"");
            }
            i += 2;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Byte offset of every character index (and of the end), for BRAT's character offsets.
pub struct CharToByte(Vec<usize>);

impl CharToByte {
    pub fn new(text: &str) -> CharToByte {
        let mut table: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        table.push(text.len());
        CharToByte(table)
    }

    pub fn get(&self, char_offset: usize) -> Option<usize> {
        self.0.get(char_offset).copied()
    }
}

#[derive(Debug)]
struct TextBound {
    kind: String,
    fragments: Vec<Range<usize>>,
}

/// Parses `T` (text-bound) and `E` (event: the attribution relation) lines. Notes
/// (`#`) are skipped, and so are the continuation lines of a `T` line whose recorded
/// text spans a line break.
fn parse_ann(ann: &str, text: &str) -> (Vec<Attribution>, usize) {
    let map = CharToByte::new(text);
    let mut bounds: BTreeMap<String, TextBound> = BTreeMap::new();
    let mut events: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut mismatched = 0;
    for line in ann.lines() {
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        let recorded = cols.next();
        let is_id = |prefix: char| {
            id.starts_with(prefix) && id.len() > 1 && id[1..].chars().all(|c| c.is_ascii_digit())
        };
        if is_id('T') {
            let Some((kind, offsets)) = body.split_once(' ') else {
                continue;
            };
            let mut fragments = Vec::new();
            let mut ok = true;
            for frag in offsets.split(';') {
                let mut nums = frag.split_whitespace().map(|n| n.parse::<usize>());
                match (nums.next(), nums.next()) {
                    (Some(Ok(a)), Some(Ok(b))) => match (map.get(a), map.get(b)) {
                        (Some(a), Some(b)) if a <= b => fragments.push(a..b),
                        _ => ok = false,
                    },
                    _ => ok = false,
                }
            }
            if !ok || fragments.is_empty() {
                mismatched += 1;
                continue;
            }
            if let Some(recorded) = recorded {
                // BRAT records a discontinuous span's text with the fragments joined
                // by a space; a text that spans a line break continues on the next
                // lines, so only the first line can be compared.
                let joined: Vec<&str> = fragments.iter().map(|r| &text[r.clone()]).collect();
                let joined = joined.join(" ");
                if !joined.starts_with(recorded) && joined.lines().next() != Some(recorded) {
                    mismatched += 1;
                }
            }
            bounds.insert(
                id.to_string(),
                TextBound {
                    kind: kind.to_string(),
                    fragments,
                },
            );
        } else if is_id('E') {
            let roles = body
                .split_whitespace()
                .filter_map(|arg| arg.split_once(':'))
                .map(|(role, tid)| (role.to_string(), tid.to_string()))
                .collect();
            events.push((id.to_string(), roles));
        }
    }
    let mut attributions = Vec::new();
    for (id, roles) in events {
        let mut attribution = Attribution {
            id,
            ..Attribution::default()
        };
        for (role, tid) in roles {
            let Some(bound) = bounds.get(&tid) else {
                continue;
            };
            let fragments = bound.fragments.clone();
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Attribution" => attribution.has_source_type = bound.kind == "Attribution",
                "Attribution-no-source" => attribution.has_source_type = false,
                "Source" => attribution.sources.push(fragments),
                "Cue" => attribution.cues.push(fragments),
                "Content" => attribution.contents.push(fragments),
                _ => {}
            }
        }
        attributions.push(attribution);
    }
    (attributions, mismatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_characters_and_fragments_are_kept() {
        let text = "“Go,” said Erdoğan. “Now.”";
        let ann = "T1\tContent 0 5;20 26\t“Go,” “Now.”\nT2\tSource 11 18\tErdoğan\nT3\tCue 6 10\tsaid\nT4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n";
        let (attrs, mismatched) = parse_ann(ann, text);
        assert_eq!(mismatched, 0);
        assert_eq!(attrs.len(), 1);
        assert_eq!(attrs[0].source_text(text).as_deref(), Some("Erdoğan"));
        let content: Vec<&str> = attrs[0].contents[0]
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(content, ["“Go,”", "“Now.”"]);
        assert!(attrs[0].has_source_type);
    }

    #[test]
    fn double_apostrophes_keep_offsets() {
        let text = "said, ''It's here,'' he";
        let out = normalize_double_apostrophes(text);
        assert_eq!(out, "said,  \"It's here,\"  he");
        assert_eq!(out.len(), text.len());
    }
}
