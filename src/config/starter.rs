//! The commented starter file `copydesk init` writes.

/// A `copydesk.toml` that changes nothing until a standards desk edits it, and says
/// what each section does. It must read without a problem (a test checks) and validate
/// against the schema (another does).
pub const STARTER: &str = r#"# copydesk.toml — the house style for every draft below this directory.
# copydesk reads the nearest copydesk.toml (or .copydesk.toml) above each draft.
# Reference: docs/configuration.md; `copydesk rules` lists the rule codes.

# Severity per rule: "off", "hint", "information", "warning" or "error".
# A rule under 0.8 judged precision on published copy is a hint by default
# (`copydesk rules` lists the defaults); raise the ones the desk wants louder.
[rules]
# unattributed-quote = "warning"
# unbalanced-quote = "warning"
# inconsistent-spelling = "warning"

# The stylebook: the spellings the desk prefers, and forms to correct.
[stylebook]
preferred = []
# preferred = ["Türkiye", "Kyiv", "Zelenskyy"]
reject = {}
# reject = { "Kiev" = "Kyiv", "Zelensky" = "Zelenskyy" }

# People and organisations the newsroom writes about: shown on hover, used to
# attribute quotes. One [[known]] table each.
# [[known]]
# name = "Abbas Araghchi"
# aliases = ["Araghchi", "Araqchi"]
# kind = "person"            # "person", "organization" or "place"
# description = "Iran's foreign minister"

# Speech verbs beyond the built-in list.
[speech]
verbs = []
# verbs = ["harrumphed", "quipped"]

# Phrases that stand in for a source ("officials said").
[vague-sources]
add = []
remove = []
# add = ["insiders whisper"]
# remove = ["reportedly"]

# Drafts never checked: globs relative to this file's directory.
[files]
ignore = []
# ignore = ["archive/**", "*.wire.txt"]

# The reporter's notes and transcripts (.txt, .md, .vtt, .srt, .docx) that quotations
# are checked against: globs relative to this file's directory, which they may not
# leave. Left out: notes/**, transcripts/** and interviews/**.
[sources]
# include = ["notes/**", "transcripts/**", "interviews/**", "press/*.vtt"]
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_starter_reads_cleanly() {
        let parsed = super::super::parse_toml(super::STARTER, |_| true);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.config, Some(super::super::Config::default()));
    }
}
