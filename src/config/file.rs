//! The `copydesk.toml` format: the types a file (or the client's settings) is read
//! into, the reader that reports problems at their place in the file, and the JSON
//! schema generated from the same types.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Config, KnownEntity, PhraseEdits, RuleLevel, Stylebook};
use super::{IsRule, Severity};

/// The names a config file may have, nearest first when both sit in one directory.
pub const FILE_NAMES: &[&str] = &["copydesk.toml", ".copydesk.toml"];

/// True when `name` is the file name of a copydesk configuration file.
pub fn is_config_file_name(name: &str) -> bool {
    FILE_NAMES.contains(&name)
}

/// copydesk configuration: the house style a standards desk sets once for every draft
/// below this file's directory.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields, title = "copydesk.toml")]
pub struct FileConfig {
    /// Severity of each rule by its code (`copydesk rules` lists them), or "off".
    pub rules: BTreeMap<String, Level>,
    pub stylebook: StylebookSection,
    /// People and organisations the newsroom knows: shown on hover, used to
    /// attribute quotes and to group mentions of one entity.
    pub known: Vec<KnownSection>,
    pub speech: SpeechSection,
    pub vague_sources: PhraseSection,
    pub files: FilesSection,
    pub sources: SourcesSection,
}

/// What a rule reports at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Hint,
    Information,
    Warning,
    Error,
}

impl Level {
    pub fn rule_level(self) -> RuleLevel {
        match self {
            Level::Off => RuleLevel::Off,
            Level::Hint => RuleLevel::On(Severity::Hint),
            Level::Information => RuleLevel::On(Severity::Information),
            Level::Warning => RuleLevel::On(Severity::Warning),
            Level::Error => RuleLevel::On(Severity::Error),
        }
    }
}

/// The house style for names.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct StylebookSection {
    /// Preferred spellings ("Türkiye", "Kyiv", "Zelenskyy"): another spelling of the
    /// same name is flagged.
    pub preferred: Vec<String>,
    /// Forms to reject, each with the form to write instead: { "Kiev" = "Kyiv" }.
    pub reject: BTreeMap<String, String>,
}

/// One person or organisation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct KnownSection {
    /// The canonical full name ("Abbas Araghchi").
    pub name: String,
    /// Other names for the same entity: surnames, transliterations, acronyms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What it is; left out, copydesk decides from the draft.
    #[serde(default)]
    pub kind: Option<KindName>,
    /// One line shown on hover ("Iran's foreign minister").
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum KindName {
    Person,
    Organization,
    Place,
}

impl KindName {
    fn as_str(self) -> &'static str {
        match self {
            KindName::Person => "person",
            KindName::Organization => "organization",
            KindName::Place => "place",
        }
    }
}

/// How quotes are attributed.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct SpeechSection {
    /// Speech verbs beyond the built-in list ("harrumphed"), matched case-insensitively.
    pub verbs: Vec<String>,
}

/// Changes to the built-in list of vague-source phrases ("officials said").
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct PhraseSection {
    /// Phrases to flag as well ("insiders whisper").
    pub add: Vec<String>,
    /// Built-in phrases not to flag ("reportedly").
    pub remove: Vec<String>,
}

/// Which files copydesk reads.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct FilesSection {
    /// Globs, relative to this file's directory, of drafts never checked
    /// ("archive/**", "*.wire.txt"). A pattern without a slash matches at any depth.
    pub ignore: Vec<String>,
}

/// Where the reporter's notes and transcripts are, for the rules that hold quotations
/// against them (`quote-altered`, `quote-speaker-mismatch`, `quote-not-in-notes`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct SourcesSection {
    /// Globs of source files (.txt, .md, .vtt, .srt, .docx), relative to this file's
    /// directory. Default: ["notes/**", "transcripts/**", "interviews/**"]; [] reads none.
    /// A glob that leaves the directory (absolute, or `..` above it) is refused.
    pub include: Option<Vec<String>>,
    /// Let source globs and links reach outside the configuration's directory. Read
    /// from the editor's settings only: in a copydesk.toml it is ignored.
    pub allow_outside: Option<bool>,
}

impl FileConfig {
    /// The configuration the analysis reads, and a warning for each rule code that
    /// this version of copydesk does not know (kept: a later version may).
    pub fn into_config(self) -> Config {
        Config {
            rules: self
                .rules
                .into_iter()
                .map(|(code, level)| (code, level.rule_level()))
                .collect(),
            speech_verbs: self
                .speech
                .verbs
                .iter()
                .map(|v| v.trim().to_lowercase())
                .filter(|v| !v.is_empty())
                .collect(),
            stylebook: Stylebook {
                preferred: self.stylebook.preferred,
                reject: self.stylebook.reject,
            },
            known: self
                .known
                .into_iter()
                .map(KnownSection::into_entity)
                .collect(),
            vague_sources: PhraseEdits {
                add: self.vague_sources.add,
                remove: self.vague_sources.remove,
            },
            ignore: self.files.ignore,
            sources: super::SourcesConfig {
                include: self.sources.include,
                // A file never allows it: see `SourcesSection::allow_outside`.
                allow_outside: false,
            },
        }
    }
}

impl KnownSection {
    fn into_entity(self) -> KnownEntity {
        KnownEntity {
            name: self.name,
            aliases: self.aliases,
            kind: self.kind.map(|k| k.as_str().to_string()),
            description: self.description,
        }
    }
}

/// How bad a problem in a config file is: errors keep the file from being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemLevel {
    Error,
    Warning,
}

/// Something wrong in a config file, at a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub level: ProblemLevel,
    pub range: Range<usize>,
    pub message: String,
}

/// A config file's text, read.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// None when the file has an error: the last good configuration stays in force.
    pub config: Option<Config>,
    pub problems: Vec<Problem>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.level == ProblemLevel::Error)
    }
}

/// Reads a `copydesk.toml`: syntax and type errors are errors, unknown keys and
/// unknown rule codes are warnings. Never panics.
pub fn parse_toml(text: &str, is_rule: IsRule) -> Parsed {
    let deserializer = match toml::Deserializer::parse(text) {
        Ok(deserializer) => deserializer,
        Err(err) => {
            return Parsed {
                config: None,
                problems: vec![error_problem(text, &err)],
            };
        }
    };
    let mut unknown: Vec<Vec<Segment>> = Vec::new();
    let result: Result<FileConfig, toml::de::Error> =
        serde_ignored::deserialize(deserializer, |path| unknown.push(segments(&path)));
    let file = match result {
        Ok(file) => file,
        Err(err) => {
            return Parsed {
                config: None,
                problems: vec![error_problem(text, &err)],
            };
        }
    };
    let root = toml::de::DeTable::parse(text).ok();
    // Where a key or a value stands in the file (the start when the file does not parse
    // as a table).
    let key_at = |path: &[Segment]| {
        root.as_ref()
            .and_then(|root| key_span(root.get_ref(), path))
            .unwrap_or(0..0)
    };
    let value_at = |value: &str| {
        root.as_ref()
            .and_then(|root| value_span(root.get_ref(), value))
            .unwrap_or(0..0)
    };
    let mut problems = Vec::new();
    for path in unknown {
        let range = key_at(&path);
        problems.push(Problem {
            level: ProblemLevel::Warning,
            range,
            message: format!("unknown key `{}`; ignored", display_path(&path)),
        });
    }
    for code in file.rules.keys() {
        if !is_rule(code) {
            let path = [Segment::Key("rules".into()), Segment::Key(code.clone())];
            let range = key_at(&path);
            problems.push(Problem {
                level: ProblemLevel::Warning,
                range,
                message: format!(
                    "unknown rule `{code}` (`copydesk rules` lists this version's rules); kept for later versions"
                ),
            });
        }
    }
    for (index, known) in file.known.iter().enumerate() {
        if known.name.trim().is_empty() {
            let path = [
                Segment::Key("known".into()),
                Segment::Index(index),
                Segment::Key("name".into()),
            ];
            let range = key_at(&path);
            problems.push(Problem {
                level: ProblemLevel::Warning,
                range,
                message: "a known entity with an empty name matches nothing".to_string(),
            });
        }
    }
    for pattern in &file.files.ignore {
        if let Err(err) = globset::Glob::new(pattern) {
            let range = value_at(pattern);
            problems.push(Problem {
                level: ProblemLevel::Error,
                range,
                message: format!("files.ignore: bad glob `{pattern}`: {err}"),
            });
        }
    }
    for pattern in file.sources.include.iter().flatten() {
        if super::sources::leaves_folder(pattern) {
            problems.push(Problem {
                level: ProblemLevel::Warning,
                range: value_at(pattern),
                message: format!(
                    "sources.include: `{pattern}` leaves this file's directory; not read unless the editor setting copydesk.sources.allow-outside is true"
                ),
            });
        } else if let Err(err) = globset::Glob::new(pattern) {
            problems.push(Problem {
                level: ProblemLevel::Error,
                range: value_at(pattern),
                message: format!("sources.include: bad glob `{pattern}`: {err}"),
            });
        }
    }
    if file.sources.allow_outside.is_some() {
        let path = [
            Segment::Key("sources".into()),
            Segment::Key("allow-outside".into()),
        ];
        let range = key_at(&path);
        problems.push(Problem {
            level: ProblemLevel::Warning,
            range,
            message: "sources.allow-outside is read from the editor's settings only (a cloned repository's file must not widen what the editor reads); ignored here".to_string(),
        });
    }
    problems.sort_by_key(|p| p.range.start);
    let config =
        (!problems.iter().any(|p| p.level == ProblemLevel::Error)).then(|| file.into_config());
    Parsed { config, problems }
}

fn error_problem(text: &str, err: &toml::de::Error) -> Problem {
    let range = err.span().unwrap_or(0..0);
    let start = text.floor_char_boundary(range.start);
    let end = text.floor_char_boundary(range.end.max(start));
    Problem {
        level: ProblemLevel::Error,
        range: start..end,
        message: err.message().trim().to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &serde_ignored::Path) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = path;
    loop {
        match at {
            serde_ignored::Path::Root => break,
            serde_ignored::Path::Seq { parent, index } => {
                out.push(Segment::Index(*index));
                at = parent;
            }
            serde_ignored::Path::Map { parent, key } => {
                out.push(Segment::Key(key.clone()));
                at = parent;
            }
            serde_ignored::Path::Some { parent }
            | serde_ignored::Path::NewtypeStruct { parent }
            | serde_ignored::Path::NewtypeVariant { parent } => at = parent,
        }
    }
    out.reverse();
    out
}

fn display_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(index) => out.push_str(&format!("[{index}]")),
        }
    }
    out
}

/// The byte span of the last key of `path` in the parsed document.
fn key_span(root: &toml::de::DeTable, path: &[Segment]) -> Option<Range<usize>> {
    let (last, parents) = path.split_last()?;
    let mut table = root;
    let mut pending_index: Option<&toml::de::DeArray> = None;
    for segment in parents {
        let value = match (segment, pending_index.take()) {
            (Segment::Key(key), None) => table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == key.as_str())
                .map(|(_, v)| v.get_ref())?,
            (Segment::Index(index), Some(array)) => array.get(*index).map(|v| v.get_ref())?,
            _ => return None,
        };
        match value {
            toml::de::DeValue::Table(inner) => table = inner,
            toml::de::DeValue::Array(array) => pending_index = Some(array),
            _ => return None,
        }
    }
    match (last, pending_index) {
        (Segment::Key(key), None) => table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key.as_str())
            .map(|(k, _)| k.span()),
        (Segment::Index(index), Some(array)) => array.get(*index).map(|v| v.span()),
        _ => None,
    }
}

/// The span of the first string value equal to `wanted` anywhere in the document.
fn value_span(root: &toml::de::DeTable, wanted: &str) -> Option<Range<usize>> {
    fn walk(value: &toml::de::DeValue, span: Range<usize>, wanted: &str) -> Option<Range<usize>> {
        match value {
            toml::de::DeValue::String(s) if s.as_ref() == wanted => Some(span),
            toml::de::DeValue::Array(array) => array
                .iter()
                .find_map(|v| walk(v.get_ref(), v.span(), wanted)),
            toml::de::DeValue::Table(table) => table
                .iter()
                .find_map(|(_, v)| walk(v.get_ref(), v.span(), wanted)),
            _ => None,
        }
    }
    root.iter()
        .find_map(|(_, v)| walk(v.get_ref(), v.span(), wanted))
}

/// The JSON schema of `copydesk.toml`, generated from [`FileConfig`]; the committed
/// `schema/copydesk.schema.json` is this text.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(FileConfig);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two of the rules' codes stand for the registry, which sits above this module.
    fn known(code: &str) -> bool {
        matches!(code, "unbalanced-quote" | "unattributed-quote")
    }

    fn line_of(text: &str, problem: &Problem) -> usize {
        crate::text::line_column(text, problem.range.start).0
    }

    #[test]
    fn a_full_file_reads_into_the_config() {
        let text = r#"
[rules]
unattributed-quote = "error"
unbalanced-quote = "off"
[stylebook]
preferred = ["Türkiye", "Kyiv"]
reject = { "Kiev" = "Kyiv" }
[[known]]
name = "Abbas Araghchi"
aliases = ["Araghchi", "Araqchi"]
kind = "person"
description = "Iran's foreign minister"
[speech]
verbs = ["Harrumphed"]
[vague-sources]
add = ["insiders whisper"]
remove = ["reportedly"]
[files]
ignore = ["archive/**"]
"#;
        let parsed = parse_toml(text, known);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let config = parsed.config.unwrap();
        assert_eq!(
            config.severity("unattributed-quote", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(config.severity("unbalanced-quote", Severity::Warning), None);
        assert_eq!(config.stylebook.reject["Kiev"], "Kyiv");
        assert_eq!(config.known[0].kind.as_deref(), Some("person"));
        assert_eq!(config.speech_verbs, vec!["harrumphed"]);
        assert_eq!(config.vague_sources.remove, vec!["reportedly"]);
        assert_eq!(config.ignore, vec!["archive/**"]);
    }

    #[test]
    fn syntax_and_type_errors_point_at_their_line() {
        let text = "[rules]\nunbalanced-quote = \"off\"\n[stylebook\n";
        let parsed = parse_toml(text, known);
        assert!(parsed.config.is_none());
        assert_eq!(line_of(text, &parsed.problems[0]), 3);

        let text = "[stylebook]\npreferred = \"Kyiv\"\n";
        let parsed = parse_toml(text, known);
        assert!(parsed.config.is_none());
        assert_eq!(line_of(text, &parsed.problems[0]), 2);

        let text = "[rules]\n\nunbalanced-quote = \"loud\"\n";
        let parsed = parse_toml(text, known);
        assert!(parsed.config.is_none());
        assert_eq!(
            line_of(text, &parsed.problems[0]),
            3,
            "{:?}",
            parsed.problems
        );
    }

    #[test]
    fn unknown_keys_and_rules_are_warnings_at_the_key() {
        let text = "[stylebook]\nprefered = [\"Kyiv\"]\n\n[rules]\nno-such-rule = \"off\"\n[[known]]\nname = \"A\"\nrole = \"x\"\n";
        let parsed = parse_toml(text, known);
        assert!(parsed.config.is_some());
        let lines: Vec<(usize, &str)> = parsed
            .problems
            .iter()
            .map(|p| (line_of(text, p), &text[p.range.clone()]))
            .collect();
        assert_eq!(
            lines,
            vec![(2, "prefered"), (5, "no-such-rule"), (8, "role")]
        );
        assert!(
            parsed
                .problems
                .iter()
                .all(|p| p.level == ProblemLevel::Warning)
        );
    }

    #[test]
    fn sources_globs_that_leave_the_folder_are_warned_and_allow_outside_ignored() {
        let text = "[sources]\ninclude = [\"notes/**\", \"../private/**\"]\nallow-outside = true\n";
        let parsed = parse_toml(text, known);
        let config = parsed.config.expect("warnings only");
        assert_eq!(
            config.sources.include.as_deref(),
            Some(&["notes/**".to_string(), "../private/**".to_string()][..])
        );
        assert!(!config.sources.allow_outside);
        let lines: Vec<(usize, &str)> = parsed
            .problems
            .iter()
            .map(|p| (line_of(text, p), &text[p.range.clone()]))
            .collect();
        assert_eq!(lines, vec![(2, "\"../private/**\""), (3, "allow-outside")]);
        assert!(
            parse_toml("[sources]\ninclude = [\"a/[b\"]\n", known)
                .config
                .is_none()
        );
    }

    #[test]
    fn bad_globs_are_errors() {
        let parsed = parse_toml("[files]\nignore = [\"a/[b\"]\n", known);
        assert!(parsed.config.is_none());
    }
}
