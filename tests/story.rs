//! Protocol tests for what copydesk knows about a story: quotations and their speakers
//! (diagnostics, inlay hints, hover, attribution quick fixes) and entities (hover,
//! definition, references, rename, symbols, spelling quick fixes), driven over stdio
//! as an editor does, in both position encodings.

mod support;

use serde_json::{Value, json};
use support::{Client, Enc, apply_text_edits, bytes_of, position, position_of, range_of};

const URI: &str = "file:///newsroom/drafts/harbor-talks.txt";

/// A draft written for these tests: a titled introduction, a pronoun speaker, an
/// unattributed quotation paragraph (after one that quotes no one), a surname spelled
/// two ways, and an emoji.
const DRAFT: &str = "Talks Resume at the Harbor\n\
Harbor master Grace Okafor said on Monday that 💡 the port would reopen within a week.\n\
“The cranes are ready,” she said.\n\
Union leader Tomas Berg disagreed. “Nobody is going back without a contract,” Berg said.\n\
The port has been closed since March.\n\
“We will wait as long as it takes.”\n\
Okafor met Berg again on Tuesday, and Okafer later called the meeting useful.\n";

fn start(enc: Enc) -> Client {
    let mut client = Client::start(enc);
    client.open(URI, 1, DRAFT);
    client
}

fn at(text: &str, needle: &str, enc: Enc) -> Value {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is in the draft"));
    position(position_of(text, offset, enc))
}

fn doc() -> Value {
    json!({"uri": URI})
}

#[test]
fn unattributed_quote_is_flagged_and_attributed_by_the_quick_fix() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        let diagnostics = client.diagnostics(URI, 1);
        let flagged: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| d["code"] == "unattributed-quote")
            .collect();
        assert_eq!(flagged.len(), 1, "{diagnostics:?}");
        let quote = "“We will wait as long as it takes.”";
        let start = DRAFT.find(quote).unwrap();
        assert_eq!(
            bytes_of(DRAFT, &flagged[0]["range"], enc),
            start..start + quote.len()
        );
        let response = client.call(
            "textDocument/codeAction",
            json!({"textDocument": doc(), "range": flagged[0]["range"], "context": {"diagnostics": [flagged[0]]}}),
        );
        let actions = response["result"].as_array().expect("actions").clone();
        let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
        // Berg spoke last; Okafor speaks in the paragraphs around.
        assert_eq!(
            &titles[..2],
            &["Attribute to Berg", "Attribute to Okafor"],
            "{titles:?}"
        );
        let edits = actions[0]["edit"]["changes"][URI]
            .as_array()
            .expect("edits")
            .clone();
        let fixed = apply_text_edits(DRAFT, &edits, enc);
        assert!(
            fixed.contains("“We will wait as long as it takes,” Berg said.\n"),
            "{fixed}"
        );
    }
}

#[test]
fn inlay_hint_names_the_pronoun_speaker() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        client.diagnostics(URI, 1);
        let end = position_of(DRAFT, DRAFT.len(), enc);
        let response = client.call(
            "textDocument/inlayHint",
            json!({"textDocument": doc(), "range": {"start": {"line": 0, "character": 0}, "end": position(end)}}),
        );
        let hints = response["result"].as_array().expect("hints").clone();
        // "she ‹Okafor› said": right after the pronoun it resolves.
        let pronoun_end = DRAFT.find("” she said").unwrap() + "” she".len();
        let expected = position(position_of(DRAFT, pronoun_end, enc));
        assert!(
            hints
                .iter()
                .any(|h| h["label"] == "Okafor" && h["position"] == expected),
            "{hints:?}"
        );
    }
}

#[test]
fn hover_on_a_quote_tells_the_speaker_and_how_it_was_resolved() {
    let mut client = start(Enc::Utf16);
    let response = client.call(
        "textDocument/hover",
        json!({"textDocument": doc(), "position": at(DRAFT, "cranes", Enc::Utf16)}),
    );
    let text = response["result"]["contents"]["value"]
        .as_str()
        .expect("hover text");
    assert!(text.contains("said by **Grace Okafor**"), "{text}");
    assert!(text.contains("“she” refers to Grace Okafor"), "{text}");
}

#[test]
fn hover_on_a_name_tells_who_it_is_in_the_story() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        let response = client.call(
            "textDocument/hover",
            json!({"textDocument": doc(), "position": at(DRAFT, "Berg said", enc)}),
        );
        let hover = &response["result"];
        let text = hover["contents"]["value"].as_str().expect("hover text");
        assert!(text.starts_with("**Tomas Berg** · person"), "{text}");
        // A full name and a surname alone are one spelling.
        assert!(!text.contains("Spellings used"), "{text}");
        assert!(text.contains("Role in this draft: leader"), "{text}");
        assert!(
            text.contains("“Nobody is going back without a contract,” (line 4)"),
            "{text}"
        );
        let berg = DRAFT.find("Berg said").unwrap();
        assert_eq!(
            bytes_of(DRAFT, &hover["range"], enc),
            berg..berg + "Berg".len()
        );
    }
}

#[test]
fn definition_goes_to_the_first_full_reference() {
    let mut client = start(Enc::Utf8);
    let response = client.call(
        "textDocument/definition",
        json!({"textDocument": doc(), "position": at(DRAFT, "Okafor met", Enc::Utf8)}),
    );
    let full = DRAFT.find("Grace Okafor").unwrap();
    assert_eq!(response["result"]["uri"], URI);
    assert_eq!(
        bytes_of(DRAFT, &response["result"]["range"], Enc::Utf8),
        full..full + "Grace Okafor".len()
    );
}

#[test]
fn references_include_surnames_variants_and_pronoun_speakers() {
    let mut client = start(Enc::Utf16);
    let response = client.call(
        "textDocument/references",
        json!({"textDocument": doc(), "position": at(DRAFT, "Grace", Enc::Utf16), "context": {"includeDeclaration": true}}),
    );
    let found: Vec<&str> = response["result"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| &DRAFT[bytes_of(DRAFT, &l["range"], Enc::Utf16)])
        .collect();
    assert_eq!(found, vec!["Grace Okafor", "she", "Okafor", "Okafer"]);
}

#[test]
fn rename_rewrites_full_names_and_surnames() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        let response = client.call(
            "textDocument/rename",
            json!({"textDocument": doc(), "position": at(DRAFT, "Berg disagreed", enc), "newName": "Tomas Bergström"}),
        );
        let edits = response["result"]["changes"][URI]
            .as_array()
            .expect("edits")
            .clone();
        let renamed = apply_text_edits(DRAFT, &edits, enc);
        assert_eq!(renamed, DRAFT.replace("Berg", "Bergström"));
    }
}

#[test]
fn document_symbols_list_people_with_their_quotes() {
    let mut client = start(Enc::Utf16);
    let response = client.call(
        "textDocument/documentSymbol",
        json!({"textDocument": doc()}),
    );
    let symbols = response["result"].as_array().expect("symbols");
    let berg = symbols
        .iter()
        .find(|s| s["name"] == "Tomas Berg")
        .expect("Berg is a symbol");
    let children = berg["children"].as_array().expect("quotes as children");
    assert_eq!(children.len(), 1);
    assert_eq!(
        children[0]["name"],
        "“Nobody is going back without a contract,”"
    );
    let first = DRAFT.find("Tomas Berg").unwrap();
    assert_eq!(
        berg["selectionRange"],
        range_of(DRAFT, first..first + "Tomas Berg".len(), Enc::Utf16)
    );
}

#[test]
fn workspace_symbols_search_open_drafts() {
    let mut client = start(Enc::Utf16);
    client.open(
        "file:///newsroom/drafts/other.txt",
        1,
        "Port director Ana Ruiz spoke to Reuters on Friday.\n",
    );
    let response = client.call("workspace/symbol", json!({"query": "ruiz"}));
    let symbols = response["result"].as_array().expect("symbols");
    let names: Vec<&str> = symbols.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, vec!["Ana Ruiz"]);
    assert_eq!(
        symbols[0]["location"]["uri"],
        "file:///newsroom/drafts/other.txt"
    );
}

#[test]
fn spelling_variant_is_flagged_and_unified_by_the_quick_fix() {
    for enc in Enc::BOTH {
        let mut client = start(enc);
        let diagnostics = client.diagnostics(URI, 1);
        let spelling: Vec<&Value> = diagnostics
            .iter()
            .filter(|d| d["code"] == "inconsistent-spelling")
            .collect();
        assert_eq!(spelling.len(), 1, "{diagnostics:?}");
        let okafer = DRAFT.find("Okafer").unwrap();
        assert_eq!(
            bytes_of(DRAFT, &spelling[0]["range"], enc),
            okafer..okafer + "Okafer".len()
        );
        assert_eq!(
            spelling[0]["relatedInformation"].as_array().map(Vec::len),
            Some(2)
        );
        let response = client.call(
            "textDocument/codeAction",
            json!({"textDocument": doc(), "range": spelling[0]["range"], "context": {"diagnostics": [spelling[0]]}}),
        );
        let action = response["result"]
            .as_array()
            .expect("actions")
            .iter()
            .find(|a| a["title"] == "Change to Okafor")
            .expect("a unify fix")
            .clone();
        let fixed = apply_text_edits(
            DRAFT,
            action["edit"]["changes"][URI].as_array().unwrap(),
            enc,
        );
        assert_eq!(fixed, DRAFT.replace("Okafer", "Okafor"));
    }
}

/// Sourcing findings through the protocol, with the placeholder their fixes insert.
const SOURCING: &str = "Harbor Traffic Falls\n\
Freight rates on the route have risen 12 percent since the walkout began.\n\
Officials said the harbor would stay closed through the weekend.\n\
Port director Ana Ruiz, who spoke on the record, said the cranes were idle.\n";

fn sourcing_findings(client: &mut Client, code: &str) -> Vec<Value> {
    client
        .diagnostics(URI, 1)
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn vague_source_is_flagged_and_named_by_the_quick_fix() {
    for enc in Enc::BOTH {
        let mut client = Client::start(enc);
        client.open(URI, 1, SOURCING);
        let vague = sourcing_findings(&mut client, "vague-source");
        assert_eq!(vague.len(), 1, "{vague:?}");
        let at = SOURCING.find("Officials said").unwrap();
        assert_eq!(
            &SOURCING[bytes_of(SOURCING, &vague[0]["range"], enc)],
            "Officials said"
        );
        assert_eq!(bytes_of(SOURCING, &vague[0]["range"], enc).start, at);
        let response = client.call(
            "textDocument/codeAction",
            json!({"textDocument": doc(), "range": vague[0]["range"], "context": {"diagnostics": [vague[0]]}}),
        );
        let action = response["result"]
            .as_array()
            .expect("actions")
            .iter()
            .find(|a| {
                a["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Name the source"))
            })
            .expect("a fix that names the source")
            .clone();
        let fixed = apply_text_edits(
            SOURCING,
            action["edit"]["changes"][URI].as_array().unwrap(),
            enc,
        );
        assert!(fixed.contains("\nTK said the harbor"), "{fixed}");
    }
}

#[test]
fn unsourced_figure_gets_an_according_to_placeholder() {
    let enc = Enc::Utf16;
    let mut client = Client::start(enc);
    client.open(URI, 1, SOURCING);
    let figures = sourcing_findings(&mut client, "unsourced-statistic");
    assert_eq!(figures.len(), 1, "{figures:?}");
    assert_eq!(
        &SOURCING[bytes_of(SOURCING, &figures[0]["range"], enc)],
        "12 percent"
    );
    let response = client.call(
        "textDocument/codeAction",
        json!({"textDocument": doc(), "range": figures[0]["range"], "context": {"diagnostics": [figures[0]]}}),
    );
    let actions = response["result"].as_array().expect("actions").clone();
    let edits = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Attribute to TK"))
        })
        .expect("an attribution placeholder fix")["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .clone();
    let fixed = apply_text_edits(SOURCING, &edits, enc);
    assert!(
        fixed.contains("since the walkout began, according to TK.\n"),
        "{fixed}"
    );
}

#[test]
fn hover_lists_a_name_spelled_two_ways() {
    let mut client = start(Enc::Utf16);
    let response = client.call(
        "textDocument/hover",
        json!({"textDocument": doc(), "position": at(DRAFT, "Okafer", Enc::Utf16)}),
    );
    let text = response["result"]["contents"]["value"]
        .as_str()
        .expect("hover text");
    assert!(text.starts_with("**Grace Okafor** · person"), "{text}");
    assert!(
        text.contains("Spellings used: Okafor 2×, Okafer 1×"),
        "{text}"
    );
}
