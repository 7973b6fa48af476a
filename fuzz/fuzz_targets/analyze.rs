//! The analysis core on arbitrary UTF-8: `copydesk::check::analyze` must not panic
//! for any text, in Markdown or plain text, under a few configurations, and every range
//! it returns (findings, fixes, quotes, entity mentions) must lie inside the text on
//! character boundaries — the server and `check --fix` slice the text with them. And
//! after an edit (a string inserted somewhere), an analysis with the cache of the text
//! before must equal a fresh analysis of the text after, as the server relies on.

#![no_main]

use std::ops::Range;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use copydesk::analysis::{self, Format};
use copydesk::config::Config;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    markdown: bool,
    config: u8,
    text: &'a str,
    /// Where the edit goes, as a fraction of the text in 65,536ths.
    at: u16,
    insert: &'a str,
}

/// The configurations the text is analysed under: the defaults, every rule at `hint`,
/// a stylebook with known people and extra verbs and phrases, and every rule off.
fn configs() -> &'static [Config] {
    static CONFIGS: OnceLock<Vec<Config>> = OnceLock::new();
    CONFIGS.get_or_init(|| {
        let all = |level: &str| {
            let rules: serde_json::Map<String, serde_json::Value> = copydesk::rules::RULES
                .iter()
                .map(|rule| (rule.code.to_string(), level.into()))
                .collect();
            Config::from_settings(
                &serde_json::json!({ "rules": rules }),
                copydesk::rules::is_known,
            )
            .0
        };
        let house = Config::from_settings(&serde_json::json!({
            "stylebook": {
                "preferred": ["Türkiye", "Kyiv", "Zelenskyy", "Erdoğan"],
                "reject": {"Kiev": "Kyiv", "Turkey": "Türkiye"}
            },
            "known": [
                {"name": "Abbas Araghchi", "aliases": ["Araghchi", "Araqchi"],
                 "kind": "person", "description": "Iran's foreign minister"},
                {"name": "World Health Organization", "aliases": ["WHO"], "kind": "organization"}
            ],
            "speechVerbs": ["harrumphed", "quipped"],
            "vague-sources": {"add": ["people familiar with"], "remove": ["officials said"]}
        }), copydesk::rules::is_known)
        .0;
        vec![Config::default(), all("hint"), house, all("off")]
    })
}

fn check_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} range {range:?} outside a {}-byte text",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} range {range:?} splits a character"
    );
}

fuzz_target!(|input: Input<'_>| {
    let format = if input.markdown {
        Format::Markdown
    } else {
        Format::PlainText
    };
    let configs = configs();
    let config = &configs[input.config as usize % configs.len()];
    let text = input.text;
    let result = copydesk::check::analyze(text, format, config);
    for finding in &result.findings {
        check_range(text, &finding.range, finding.code);
        for related in &finding.related {
            check_range(text, &related.range, "related");
        }
        for fix in &finding.fixes {
            for edit in &fix.edits {
                check_range(text, &edit.range, "fix edit");
            }
        }
    }
    for quote in &result.quotes {
        check_range(text, &quote.range, "quote");
        check_range(text, &quote.content, "quote content");
    }
    for entity in &result.entities {
        for mention in &entity.mentions {
            check_range(text, mention, "entity mention");
        }
    }

    let mut at = text.len() * input.at as usize / 65_536;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let edited = format!("{}{}{}", &text[..at], input.insert, &text[at..]);
    let mut cache = analysis::Cache::new();
    copydesk::check::analyze_with(text, format, config, &mut cache);
    let incremental = copydesk::check::analyze_with(&edited, format, config, &mut cache);
    assert!(
        incremental == copydesk::check::analyze(&edited, format, config),
        "incremental analysis differs from a fresh one after inserting {:?} at {at}",
        input.insert
    );
});
