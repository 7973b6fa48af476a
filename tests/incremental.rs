//! Incremental analysis equals analysis from scratch. An open draft is re-analysed on
//! every keystroke with a cache of what earlier versions computed; whatever the edits,
//! the result must be exactly what a fresh analysis of the same text gives.

#[path = "../benches/support/draft.rs"]
mod draft;
mod support;

use std::path::Path;

use copydesk::analysis::{Cache, Format};
use copydesk::check::{analyze, analyze_with};
use copydesk::config::{Config, PhraseEdits};
use proptest::prelude::*;
use serde_json::Value;
use support::{Client, Enc, change_of};

/// Starting drafts: the annotated fixtures (each exercises a rule) and a generated
/// wire story.
fn drafts() -> Vec<(String, Format)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/annotated");
    let mut drafts: Vec<(String, Format)> = std::fs::read_dir(&dir)
        .expect("annotated fixtures")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let format = match path.extension()?.to_str()? {
                "txt" => Format::PlainText,
                "md" => Format::Markdown,
                _ => return None,
            };
            let text = std::fs::read_to_string(&path).ok()?;
            // The draft only: the expectations after the marker are not prose.
            let draft = text.split("\n=== expect").next().unwrap_or(&text);
            Some((draft.to_string(), format))
        })
        .collect();
    drafts.sort_by(|a, b| a.0.cmp(&b.0));
    drafts.push((draft::generate(600, 11), Format::Markdown));
    drafts.push((QUOTED_CLAIMS.to_string(), Format::PlainText));
    drafts
}

/// Claims inside quotations that run over several sentences: deleting one mark changes
/// what is quoted in sentences whose words stay the same.
const QUOTED_CLAIMS: &str = "Port Strike Enters Second Week

“We will not move. The harbor is empty. Some 40 percent of the crews have left. Nobody is coming back. The ships are idle,” union president Marta Okonkwo told reporters.

“The harbor is empty. Officials say the talks are over. Nobody is coming back. The ships are idle.”

“We are tired. You would pay 10 percent more. The ships are idle. The crews are at home.”

Harbor master Tomas Berg disagreed. “Nobody has left. Reportedly the crews are at home. The ships are idle.”
";

/// What a reporter types: characters, paragraph breaks, marks that open and close
/// quotations, names and their variants, attributions, figures, vague sources,
/// headings, code fences, lists, block quotations, link definitions and suppression
/// comments.
const SNIPPETS: &[&str] = &[
    "",
    "e",
    " ",
    ".",
    "\n",
    "\n\n",
    "“",
    "”",
    "\"",
    "’",
    "“We will not leave,” ",
    " said Ana Ruiz.",
    " she said. ",
    "Ruiz",
    "Ruis",
    "Erdoğan",
    "Erdogan",
    "Foreign Minister Hakan Fidan said ",
    "40 percent",
    " $3 million ",
    "at least 12 people were killed",
    "Officials said ",
    ", according to reports",
    "who spoke on condition of anonymity",
    " according to a new poll.",
    "\n\n# Talks resume\n\n",
    "\n```\n",
    "<!-- copydesk-disable-next-line -->\n",
    "\n\n- a list item\n",
    "\n> quoted\n",
    "\n\n[ref]: http://example.com\n",
    "Mr. ",
    "3 p.m. Monday",
    "🇺🇦",
];

#[derive(Debug, Clone)]
enum Edit {
    /// Typing or deleting somewhere.
    Replace {
        /// Where, as a fraction of the text (snapped to a character boundary).
        at: f64,
        /// How many bytes to delete there (snapped).
        delete: usize,
        insert: &'static str,
    },
    /// Deleting the nth quotation mark: what is quoted changes in sentences whose
    /// own words stay the same (a quotation running over several sentences).
    DeleteMark(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let replace = (
        0.0..=1.0f64,
        prop_oneof![3 => Just(0usize), 2 => 1..4usize, 1 => 4..80usize],
        0..SNIPPETS.len(),
    )
        .prop_map(|(at, delete, snippet)| Edit::Replace {
            at,
            delete,
            insert: SNIPPETS[snippet],
        });
    prop_oneof![4 => replace, 1 => (0..40usize).prop_map(Edit::DeleteMark)]
}

fn apply(text: &mut String, edit: &Edit) {
    let (at, delete, insert) = match *edit {
        Edit::Replace { at, delete, insert } => (at, delete, insert),
        Edit::DeleteMark(n) => {
            let marks: Vec<(usize, char)> = text
                .char_indices()
                .filter(|(_, c)| matches!(c, '“' | '”' | '"'))
                .collect();
            if let Some(&(i, c)) = marks.get(n % marks.len().max(1)) {
                text.replace_range(i..i + c.len_utf8(), "");
            }
            return;
        }
    };
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + delete).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text.replace_range(start..end, insert);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn incremental_analysis_equals_a_fresh_one(
        draft in 0..drafts().len(),
        edits in prop::collection::vec(edit(), 1..10),
    ) {
        let (mut text, format) = drafts().swap_remove(draft);
        let config = Config::default();
        let mut cache = Cache::new();
        let first = analyze_with(&text, format, &config, &mut cache);
        prop_assert_eq!(&first, &analyze(&text, format, &config));
        for edit in &edits {
            apply(&mut text, edit);
            let incremental = analyze_with(&text, format, &config, &mut cache);
            let fresh = analyze(&text, format, &config);
            prop_assert_eq!(incremental, fresh, "after {:?}", edit);
        }
    }
}

/// A long draft opened, and a long passage pasted into it, compute hundreds of pieces:
/// the sourcing passes then run beside attribution (`memo::join`), each on its own
/// thread, and what they find is what one thread finds in turn.
#[test]
fn a_long_draft_opened_and_a_long_paste_read_as_fresh_analyses() {
    let config = Config::default();
    let mut cache = Cache::new();
    // About 170 paragraphs, above the 64 pieces from which work is spread.
    let mut text = format!("{QUOTED_CLAIMS}\n{}", draft::generate(3_000, 21));
    let opened = analyze_with(&text, Format::Markdown, &config, &mut cache);
    assert_eq!(opened, analyze(&text, Format::Markdown, &config));
    assert!(opened.quotes.len() > 50 && opened.findings.len() > 5);
    let middle = text.len() / 2;
    let middle = (middle..)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(middle);
    text.insert_str(middle, &format!("\n\n{}\n\n", draft::generate(3_000, 22)));
    let pasted = analyze_with(&text, Format::Markdown, &config, &mut cache);
    assert_eq!(pasted, analyze(&text, Format::Markdown, &config));
    text.insert(middle / 2, 'x');
    let typed = analyze_with(&text, Format::Markdown, &config, &mut cache);
    assert_eq!(typed, analyze(&text, Format::Markdown, &config));
}

#[test]
fn a_configuration_change_is_not_answered_from_the_cache() {
    let text =
        "The port closed on Monday, spokespeople said.\n\nOfficials said the port would reopen.\n";
    let mut cache = Cache::new();
    let plain = Config::default();
    let before = analyze_with(text, Format::PlainText, &plain, &mut cache);
    assert!(
        !before
            .findings
            .iter()
            .any(|f| f.code == "vague-source" && text[f.range.clone()].starts_with("spokespeople")),
        "\"spokespeople\" is not in the built-in lexicon: {:?}",
        before.findings
    );
    let extended = Config {
        vague_sources: PhraseEdits {
            add: vec!["spokespeople".to_string()],
            remove: Vec::new(),
        },
        ..Config::default()
    };
    let after = analyze_with(text, Format::PlainText, &extended, &mut cache);
    assert_eq!(after, analyze(text, Format::PlainText, &extended));
    assert!(
        after
            .findings
            .iter()
            .any(|f| f.code == "vague-source" && text[f.range.clone()].starts_with("spokespeople"))
    );
}

/// Through the protocol: a draft edited keystroke by keystroke in the server (whose
/// cache follows the edits) is reported exactly as the same text opened afresh. A
/// short draft is analysed on the async thread, a long one on a blocking thread: both
/// paths are covered.
#[test]
fn the_server_reports_an_edited_draft_as_it_reports_the_same_text_opened_afresh() {
    for words in [300, 3_000] {
        let mut client = Client::start(Enc::Utf16);
        let edited_uri = "file:///newsroom/edited.md";
        let fresh_uri = "file:///newsroom/fresh.md";
        let mut text = format!("{QUOTED_CLAIMS}\n{}", draft::generate(words, 5));
        client.open(edited_uri, 1, &text);
        client.diagnostics(edited_uri, 1);
        let mut rng = draft::Rng::new(words as u64);
        let mut version = 1;
        for step in 0..40 {
            // First the opening marks of two quotations that run over sentences, then
            // anything.
            let edit = match rng.next_u64() % 5 {
                _ if step < 2 => Edit::DeleteMark(2 + step),
                0 => Edit::DeleteMark((rng.next_u64() % 40) as usize),
                _ => Edit::Replace {
                    at: (rng.next_u64() % 10_000) as f64 / 10_000.0,
                    delete: (rng.next_u64() % 6) as usize,
                    insert: SNIPPETS[(rng.next_u64() as usize) % SNIPPETS.len()],
                },
            };
            let before = text.clone();
            apply(&mut text, &edit);
            // The smallest range that turns the old text into the new one.
            let common_start = before
                .char_indices()
                .zip(text.chars())
                .find(|((_, a), b)| a != b)
                .map_or(before.len().min(text.len()), |((i, _), _)| i);
            let common_end = before[common_start..]
                .chars()
                .rev()
                .zip(text[common_start..].chars().rev())
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a.len_utf8())
                .sum::<usize>();
            let replaced = common_start..before.len() - common_end;
            let inserted = &text[common_start..text.len() - common_end];
            version += 1;
            client.change(
                edited_uri,
                version,
                vec![change_of(&before, replaced, inserted, Enc::Utf16)],
            );
        }
        let edited = client.diagnostics(edited_uri, version);
        client.open(fresh_uri, 1, &text);
        let fresh = client.diagnostics(fresh_uri, 1);
        let comparable = |diagnostics: Vec<Value>, uri: &str| {
            serde_json::to_string(&diagnostics)
                .expect("diagnostics serialise")
                .replace(uri, "URI")
        };
        assert!(!fresh.is_empty(), "the generated draft has findings");
        assert_eq!(
            comparable(edited, edited_uri),
            comparable(fresh, fresh_uri),
            "{words}-word draft after 40 edits"
        );
        client.shutdown_and_exit();
    }
}
