//! Patterns whose search memory stays bounded, whichever threads search them.
//!
//! A `regex::Regex` gives each searching thread a scratch cache and keeps the caches in
//! eight stacks picked by thread id, plus one for the first thread that searched.
//! Threads that come and go (the blocking pool, the threads that read a newly opened
//! draft in parallel) leave up to nine caches behind per pattern, and the vague-source
//! patterns need over a megabyte each: a server with one long draft open grew by tens
//! of megabytes that way. A [`Pattern`] keeps at most one idle cache per core, and
//! [`shed_idle_caches`] drops them all once a parallel pass is over: a keystroke
//! searches one paragraph from one thread, and needs little of what a whole draft
//! built.
//!
//! The syntax, the engines and the match semantics are those of `regex` (it is a thin
//! layer over the same `regex-automata` engine), with one difference: the letter and
//! digit classes are compact ([`compact_classes`]). Unicode's letter classes are
//! hundreds of ranges, and each copy of one in a pattern compiled to hundreds of
//! automaton states, forwards and again reversed: a third of the patterns' memory.

use std::ops::Range;
use std::sync::{Arc, Mutex, Weak};

use regex_automata::meta::{self, Cache, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::{Input, Span};

pub struct Pattern {
    regex: Regex,
    idle: Arc<IdleCaches>,
}

/// A pattern's caches that no search is using. Boxed: a cache is large, and moving it
/// in and out of the pool by value cost a search more than the box.
#[allow(clippy::vec_box)]
type IdleCaches = Mutex<Vec<Box<Cache>>>;

/// Every live pattern's idle caches, for [`shed_idle_caches`].
static ALL_IDLE: Mutex<Vec<Weak<IdleCaches>>> = Mutex::new(Vec::new());

/// Drops every pattern's idle caches: the ones a parallel pass (a draft just opened)
/// warmed over the whole draft, on every core. A cache holds up to a megabyte of
/// lazily built automaton; the next search builds a fresh one with only the states
/// its text needs. Keeping one per pattern, warmed for the whole draft, held megabytes
/// more for the session, and keystrokes measured no faster for it.
pub fn shed_idle_caches() {
    let mut all = ALL_IDLE.lock().unwrap_or_else(|e| e.into_inner());
    all.retain(|idle| match idle.upgrade() {
        Some(idle) => {
            idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
            true
        }
        None => false,
    });
}

/// One match of a pattern with its capture groups, over the text searched.
pub struct Found<'t> {
    text: &'t str,
    captures: Captures,
}

/// One capture group's text and where it stands in the text searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group<'t> {
    text: &'t str,
    span: Span,
}

/// Every character above ASCII that can stand in a word: all but the Latin-1
/// punctuation and signs, the general punctuation, currency and symbol blocks (curly
/// quotes, dashes, ellipses, €, arrows), CJK punctuation, private use, specials and
/// emoji. Combining marks count, so a name typed with a decomposed accent stays whole.
///
/// The ranges are kept apart where the scripts with letter case begin and end, by a
/// code point left out at each seam (unassigned, a punctuation mark or a rare mark):
/// under `(?i)` the pattern compiler folds a range code point by code point when it
/// holds any cased letter, and adjacent ranges are merged first; whole, the ranges made
/// compiling the patterns measurably slower.
const NON_ASCII_WORD_CHARACTERS: &str = concat!(
    r"\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{58F}",
    r"\x{591}-\x{109E}\x{10A0}-\x{10FF}\x{1100}-\x{139E}\x{13A0}-\x{13FD}",
    r"\x{1401}-\x{1C7E}\x{1C80}-\x{1CBF}\x{1CC1}-\x{1CFA}\x{1D00}-\x{1DBF}",
    r"\x{1DC1}-\x{1DFE}\x{1E00}-\x{1FFF}\x{2C00}-\x{2D2D}\x{2D30}-\x{2DFF}",
    r"\x{2E80}-\x{2FFF}\x{3041}-\x{A63E}\x{A640}-\x{A69E}\x{A6A0}-\x{A720}",
    r"\x{A722}-\x{A7FE}\x{A800}-\x{AB2E}\x{AB30}-\x{ABBF}\x{ABC1}-\x{D7FF}",
    r"\x{F900}-\x{FDFF}\x{FE70}-\x{FEFE}\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}",
    r"\x{FF66}-\x{FFDC}\x{10000}-\x{103FE}\x{10400}-\x{104FE}\x{10500}-\x{1056E}",
    r"\x{10570}-\x{105BE}\x{105C0}-\x{10C7E}\x{10C80}-\x{10CFE}\x{10D00}-\x{1189E}",
    r"\x{118A0}-\x{118DF}\x{118E1}-\x{16E3E}\x{16E40}-\x{16E7F}\x{16E81}-\x{1E8FE}",
    r"\x{1E900}-\x{1E95E}\x{1E960}-\x{1EFFF}\x{20000}-\x{3FFFF}",
);

/// The pattern with its letter and digit classes made compact:
/// - `\p{L}` is an ASCII letter or any [word character above ASCII](NON_ASCII_WORD_CHARACTERS);
/// - `\p{Lu}` and `\p{Ll}` are that with the ASCII letters of the one case (outside
///   ASCII the case is not told apart: a name's capital is almost always ASCII in
///   English copy, and under `(?i)` Unicode's own classes match both cases anyway);
/// - `\w` is that with ASCII digits and `_`;
/// - `\d` is an ASCII digit: figures in English copy are written with them;
/// - `\P{L}`, `\P{Lu}`, `\P{Ll}`, `\W` and `\D` are the complements of those.
///
/// The pattern is read escape by escape, so an escaped backslash (`\\d`) stays a
/// backslash and a `d`. Every other class and escape is left to `regex`. Compiled, the
/// patterns take about two thirds of the memory Unicode's classes take, and
/// `copydesk analyze` reads the same on English copy.
pub fn compact_classes(pattern: &str) -> String {
    let word = NON_ASCII_WORD_CHARACTERS;
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut rest = pattern;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let (class, negated, len) = if let Some(name) = escape
            .strip_prefix("\\p{")
            .or_else(|| escape.strip_prefix("\\P{"))
            .and_then(|tail| tail.split_once('}'))
            .map(|(name, _)| name)
        {
            let negated = escape.as_bytes()[1] == b'P';
            let class = match name {
                "L" => Some("A-Za-z"),
                "Lu" => Some("A-Z"),
                "Ll" => Some("a-z"),
                _ => None,
            };
            (class, negated, 4 + name.len())
        } else {
            let class = match escape.as_bytes().get(1) {
                Some(b'w' | b'W') => Some("0-9A-Za-z_"),
                Some(b'd' | b'D') => Some("0-9"),
                _ => None,
            };
            let negated = matches!(escape.as_bytes().get(1), Some(b'W' | b'D'));
            (class, negated, 2)
        };
        match class {
            Some(ascii) => {
                // Brackets nest in `regex`: a class stays a class inside one.
                let above_ascii = if ascii == "0-9" { "" } else { word };
                out.push_str(if negated { "[^" } else { "[" });
                out.push_str(ascii);
                out.push_str(above_ascii);
                out.push(']');
                rest = &escape[len..];
            }
            None => {
                // Any other escape is copied whole: a backslash and its character.
                let len = 1 + escape[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&escape[..len]);
                rest = &escape[len..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Pattern {
    /// Compiles `pattern` with `regex`'s syntax and defaults, its classes made
    /// [compact](compact_classes), and no literal prefilter. Finding the literals of a
    /// long case-insensitive alternation of words is a large part of compiling the
    /// patterns, a cost every server start-up and every first open pays, and the
    /// searches measured no faster for them.
    pub fn new(pattern: &str) -> Result<Pattern, Box<meta::BuildError>> {
        let regex = Regex::builder()
            .configure(Regex::config().auto_prefilter(false))
            .build(&compact_classes(pattern))
            .map_err(Box::new)?;
        let idle = Arc::new(Mutex::new(Vec::new()));
        ALL_IDLE
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Arc::downgrade(&idle));
        Ok(Pattern { regex, idle })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.with_cache(|regex, cache| {
            regex
                .search_half_with(cache, &Input::new(text).earliest(true))
                .is_some()
        })
    }

    /// Every non-overlapping match, leftmost first, with its groups.
    pub fn captures_iter<'t>(&self, text: &'t str) -> Vec<Found<'t>> {
        self.with_cache(|regex, cache| {
            let mut found = Vec::new();
            let mut captures = regex.create_captures();
            let mut searcher = Searcher::new(Input::new(text));
            // The iterator `regex` uses: it steps past empty matches the same way.
            while searcher
                .advance(|input| {
                    regex.search_captures_with(cache, input, &mut captures);
                    Ok(captures.get_match())
                })
                .is_some()
            {
                found.push(Found {
                    text,
                    captures: captures.clone(),
                });
            }
            found
        })
    }

    fn with_cache<T>(&self, search: impl FnOnce(&Regex, &mut Cache) -> T) -> T {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut cache = idle.unwrap_or_else(|| Box::new(self.regex.create_cache()));
        let result = search(&self.regex, &mut cache);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < crate::parallel::cores() {
            idle.push(cache);
        }
        result
    }
}

impl<'t> Found<'t> {
    /// The named group, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'t>> {
        self.captures.get_group_by_name(name).map(|span| Group {
            text: self.text,
            span,
        })
    }
}

impl<'t> Group<'t> {
    pub fn start(&self) -> usize {
        self.span.start
    }

    pub fn end(&self) -> usize {
        self.span.end
    }

    pub fn range(&self) -> Range<usize> {
        self.span.range()
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.span.range()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_and_groups_as_regex_does() {
        let source = r"(?i)(?P<who>officials|sources)\s+(?P<verb>said|say)|(?P<alone>x)";
        let text = "Officials said so; x; sources say, and SOURCES SAID it again.";
        let pattern = Pattern::new(source).unwrap();
        let reference = regex::Regex::new(source).unwrap();
        let ours: Vec<_> = pattern
            .captures_iter(text)
            .iter()
            .map(|f| ["who", "verb", "alone"].map(|g| f.name(g).map(|m| (m.range(), m.as_str()))))
            .collect();
        let theirs: Vec<_> = reference
            .captures_iter(text)
            .map(|c| ["who", "verb", "alone"].map(|g| c.name(g).map(|m| (m.range(), m.as_str()))))
            .collect();
        assert_eq!(ours.len(), 4);
        assert_eq!(ours, theirs);
        assert!(pattern.is_match("the sources say"));
        assert!(!pattern.is_match("the reporters wrote"));
    }

    #[test]
    fn keeps_no_more_idle_caches_than_cores() {
        let pattern = Pattern::new(r"\p{L}+").unwrap();
        std::thread::scope(|scope| {
            for _ in 0..16 {
                scope.spawn(|| assert!(pattern.is_match("word")));
            }
        });
        // Not at least one: a test on another thread may shed every idle cache meanwhile.
        let idle = pattern.idle.lock().unwrap().len();
        assert!(idle <= crate::parallel::cores(), "{idle}");
    }

    #[test]
    fn shedding_drops_idle_caches_and_forgets_dropped_patterns() {
        let pattern = Pattern::new(r"\p{Lu}\p{Ll}+").unwrap();
        let dropped = Pattern::new(r"\d+").unwrap();
        let dropped_idle = Arc::downgrade(&dropped.idle);
        drop(dropped);
        // What the threads of a parallel pass leave behind. (Set by hand: another test's
        // parallel pass may shed at any moment.)
        pattern
            .idle
            .lock()
            .unwrap()
            .extend((0..3).map(|_| Box::new(pattern.regex.create_cache())));
        shed_idle_caches();
        assert_eq!(pattern.idle.lock().unwrap().len(), 0);
        assert!(pattern.is_match("Word"), "a shed pattern still searches");
        assert_eq!(
            pattern.idle.lock().unwrap().len(),
            1,
            "and keeps its new cache"
        );
        let all = ALL_IDLE.lock().unwrap();
        assert!(!all.iter().any(|idle| idle.ptr_eq(&dropped_idle)));
    }

    #[test]
    fn compact_classes_keep_accented_names_whole_and_stop_at_punctuation() {
        let words = |source: &str, text: &str| -> Vec<String> {
            let pattern = Pattern::new(source).unwrap();
            let found = pattern.captures_iter(text);
            found
                .iter()
                .map(|f| f.name("w").unwrap().as_str().to_string())
                .collect()
        };
        let text = "“Erdoğan’s aide — Zelenskyy — said 40 % … Mr. Öcalan 🙂 Ре́пин";
        assert_eq!(
            words(r"(?P<w>\p{L}+)", text),
            [
                "Erdoğan",
                "s",
                "aide",
                "Zelenskyy",
                "said",
                "Mr",
                "Öcalan",
                "Ре́пин"
            ]
        );
        assert_eq!(
            words(r"(?P<w>\p{Lu}\p{Ll}+)", "Erdoğan and Öcalan"),
            ["Erdoğan", "Öcalan"]
        );
        assert_eq!(words(r"(?P<w>\w+)", "naïve_x 12 €"), ["naïve_x", "12"]);
        // Figures are ASCII digits; other scripts' digits are read as word characters.
        assert_eq!(words(r"(?P<w>\d+)", "40 ٤٠ 7"), ["40", "7"]);
        // The classes stay classes inside a bracket and under case folding.
        assert_eq!(
            words(r"(?i)(?P<w>[\p{Ll}-]+)", "Jean-Luc’s"),
            ["Jean-Luc", "s"]
        );
    }

    #[test]
    fn complements_escaped_backslashes_and_other_escapes_keep_their_meaning() {
        let all = |source: &str, text: &str| -> Vec<String> {
            Pattern::new(source)
                .unwrap()
                .captures_iter(text)
                .iter()
                .map(|f| f.name("w").unwrap().as_str().to_string())
                .collect()
        };
        assert_eq!(all(r"(?P<w>\W+)", "Öcalan, 12 — naïve"), [", ", " — "]);
        assert_eq!(all(r"(?P<w>\D+)", "a1Ω2"), ["a", "Ω"]);
        assert_eq!(all(r"(?P<w>\P{L}+)", "Erdoğan 40%"), [" 40%"]);
        assert_eq!(all(r"(?P<w>\S+)", "Erdoğan  said"), ["Erdoğan", "said"]);
        // An escaped backslash before `d` is a backslash and a `d`, not a digit class.
        assert_eq!(compact_classes(r"\\d"), r"\\d");
        assert_eq!(all(r"(?P<w>\\d)", r"1 \d"), [r"\d"]);
        assert_eq!(
            compact_classes(r"[\\\w]"),
            format!(r"[\\[0-9A-Za-z_{NON_ASCII_WORD_CHARACTERS}]]")
        );
        // Unknown classes and escapes pass through to `regex`.
        assert_eq!(compact_classes(r"\p{Greek}\.\x{41}"), r"\p{Greek}\.\x{41}");
    }

    #[test]
    fn an_invalid_pattern_is_an_error() {
        assert!(Pattern::new("(unclosed").is_err());
    }
}
