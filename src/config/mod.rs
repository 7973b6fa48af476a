//! The effective configuration the analysis reads, and where it comes from: a
//! `copydesk.toml` found by walking up from the draft ([`file`], [`store`]) under the
//! client's `copydesk` settings ([`Config::from_settings`], [`Config::merged`]).

pub mod file;
pub mod sources;
pub mod starter;
pub mod store;

use std::collections::BTreeMap;

pub use file::{FileConfig, Parsed, Problem, ProblemLevel, parse_toml, schema_json};
pub use store::{Report, Resolved, Store};

/// Whether a code names one of copydesk's rules. The rules sit above the
/// configuration, so the front ends pass this in (`rules::is_known`).
pub type IsRule = fn(&str) -> bool;

/// How loudly a finding is shown. Ordered from the most to the least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parses the names users write in configuration and on the command line.
    pub fn parse(name: &str) -> Option<Severity> {
        match name.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// What a user may set for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    pub fn parse(name: &str) -> Option<RuleLevel> {
        if name.eq_ignore_ascii_case("off") || name.eq_ignore_ascii_case("none") {
            Some(RuleLevel::Off)
        } else {
            Severity::parse(name).map(RuleLevel::On)
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Rule code → level, for the rules whose default the user changed.
    pub rules: BTreeMap<String, RuleLevel>,
    /// Speech verbs beyond the built-in lexicon, lower case ("harrumphed").
    pub speech_verbs: Vec<String>,
    pub stylebook: Stylebook,
    /// People and organisations the newsroom knows: names, aliases, descriptions.
    pub known: Vec<KnownEntity>,
    /// Changes to the vague-source lexicon.
    pub vague_sources: PhraseEdits,
    /// Globs of drafts never checked (`files.ignore`), relative to the config file's
    /// directory; see [`store::Resolved::ignores`].
    pub ignore: Vec<String>,
    /// Where the reporter's sources are (`[sources]`); see [`sources::SourceSet`].
    pub sources: SourcesConfig,
}

/// Which files hold the reporter's sources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcesConfig {
    /// Globs relative to the configuration's folder; None: [`sources::DEFAULT_GLOBS`].
    pub include: Option<Vec<String>>,
    /// Globs and links may reach outside the configuration's folder. Only the client's
    /// settings can set this, never a `copydesk.toml`.
    pub allow_outside: bool,
}

/// The house style for names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stylebook {
    /// Preferred spellings ("Türkiye", "Kyiv", "Zelenskyy"): any other spelling of the
    /// same entity is flagged.
    pub preferred: Vec<String>,
    /// Forms to reject, each with the form to use instead ("Kiev" → "Kyiv").
    pub reject: BTreeMap<String, String>,
}

/// A person or organisation configured by the newsroom.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownEntity {
    /// The canonical full name.
    pub name: String,
    /// Other names that refer to the same entity (surnames, acronyms, old names).
    pub aliases: Vec<String>,
    /// "person", "organization" or "place"; None lets the analysis decide.
    pub kind: Option<String>,
    /// One line shown on hover ("Iran's foreign minister since 2024").
    pub description: Option<String>,
}

/// Phrases added to and removed from a built-in lexicon.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhraseEdits {
    pub add: Vec<String>,
    pub remove: Vec<String>,
}

impl Config {
    /// The severity a rule reports at, or None when it is off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(code) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(severity)) => Some(*severity),
            None => Some(default),
        }
    }

    /// Reads the client's `copydesk` settings object: the same shape as
    /// `copydesk.toml` in JSON (`{"rules": {"code": "off"}, "stylebook": {...}}`), plus
    /// the older `speechVerbs`. Lenient: returns the configuration and a warning for
    /// each value it could not use; the rest still applies.
    pub fn from_settings(value: &serde_json::Value, is_rule: IsRule) -> (Config, Vec<String>) {
        let mut warnings = Vec::new();
        let mut config = Config::default();
        let object = match value {
            serde_json::Value::Null => return (config, warnings),
            serde_json::Value::Object(object) => object,
            other => {
                warnings.push(format!(
                    "copydesk settings ignored: expected an object, found {other}"
                ));
                return (config, warnings);
            }
        };
        fn section<T: serde::de::DeserializeOwned + Default>(
            key: &str,
            value: &serde_json::Value,
            warnings: &mut Vec<String>,
        ) -> T {
            match T::deserialize(value) {
                Ok(section) => section,
                Err(err) => {
                    warnings.push(format!("copydesk settings: `{key}` ignored: {err}"));
                    T::default()
                }
            }
        }
        let mut read = file::FileConfig::default();
        let mut allow_outside = false;
        for (key, value) in object {
            match key.as_str() {
                "rules" => match value {
                    serde_json::Value::Object(rules) => {
                        for (code, level) in rules {
                            if !is_rule(code) {
                                warnings.push(format!("unknown rule `{code}` in settings"));
                                continue;
                            }
                            match level.as_str().and_then(RuleLevel::parse) {
                                Some(level) => {
                                    config.rules.insert(code.clone(), level);
                                }
                                None => warnings.push(format!(
                                    "rule `{code}`: expected \"off\", \"hint\", \"information\", \"warning\" or \"error\", found {level}"
                                )),
                            }
                        }
                    }
                    other => warnings.push(format!(
                        "copydesk settings: `rules` ignored: expected an object, found {other}"
                    )),
                },
                "speechVerbs" | "speech_verbs" => {
                    let verbs: Vec<String> = section(key, value, &mut warnings);
                    read.speech.verbs.extend(verbs);
                }
                "speech" => {
                    let speech: file::SpeechSection = section(key, value, &mut warnings);
                    read.speech.verbs.extend(speech.verbs);
                }
                "stylebook" => read.stylebook = section(key, value, &mut warnings),
                "known" => read.known = section(key, value, &mut warnings),
                "vague-sources" | "vagueSources" | "vague_sources" => {
                    read.vague_sources = section(key, value, &mut warnings)
                }
                "files" => read.files = section(key, value, &mut warnings),
                "sources" => {
                    let sources: SettingsSources = section(key, value, &mut warnings);
                    read.sources.include = sources.include;
                    allow_outside = sources.allow_outside.unwrap_or(false);
                }
                other => warnings.push(format!("unknown copydesk setting `{other}`; ignored")),
            }
        }
        let rules = std::mem::take(&mut config.rules);
        config = read.into_config();
        config.rules = rules;
        config.sources.allow_outside = allow_outside;
        (config, warnings)
    }

    /// This configuration with `over` laid on top: `over`'s rule levels and rejected
    /// forms win; lists (spellings, verbs, phrases, globs, known entities) are joined,
    /// and a known entity of the same name in `over` replaces this one's.
    pub fn merged(&self, over: &Config) -> Config {
        fn join(base: &[String], over: &[String]) -> Vec<String> {
            let mut out = base.to_vec();
            for item in over {
                if !out.contains(item) {
                    out.push(item.clone());
                }
            }
            out
        }
        let mut rules = self.rules.clone();
        rules.extend(over.rules.iter().map(|(k, v)| (k.clone(), *v)));
        let mut reject = self.stylebook.reject.clone();
        reject.extend(over.stylebook.reject.clone());
        let mut known: Vec<KnownEntity> = self
            .known
            .iter()
            .filter(|k| !over.known.iter().any(|o| o.name == k.name))
            .cloned()
            .collect();
        known.extend(over.known.iter().cloned());
        Config {
            rules,
            speech_verbs: join(&self.speech_verbs, &over.speech_verbs),
            stylebook: Stylebook {
                preferred: join(&self.stylebook.preferred, &over.stylebook.preferred),
                reject,
            },
            known,
            vague_sources: PhraseEdits {
                add: join(&self.vague_sources.add, &over.vague_sources.add),
                remove: join(&self.vague_sources.remove, &over.vague_sources.remove),
            },
            ignore: join(&self.ignore, &over.ignore),
            sources: SourcesConfig {
                include: over
                    .sources
                    .include
                    .clone()
                    .or_else(|| self.sources.include.clone()),
                // Only the settings layer (`over`) may allow it.
                allow_outside: over.sources.allow_outside,
            },
        }
    }
}

/// The `sources` object of the client's settings.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct SettingsSources {
    include: Option<Vec<String>>,
    /// Null where an editor shows the setting unset.
    #[serde(alias = "allowOutside", rename = "allow-outside")]
    allow_outside: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two of the rules' codes stand for the registry, which sits above this module.
    fn known(code: &str) -> bool {
        matches!(code, "unbalanced-quote" | "unattributed-quote")
    }

    #[test]
    fn settings_set_levels_and_report_bad_values() {
        let (config, warnings) = Config::from_settings(
            &serde_json::json!({
            "rules": {"unbalanced-quote": "off", "no-such-rule": "error"}
            }),
            known,
        );
        assert_eq!(config.severity("unbalanced-quote", Severity::Warning), None);
        assert_eq!(warnings.len(), 1);
        let (_, warnings) = Config::from_settings(
            &serde_json::json!({"rules": {"unbalanced-quote": 3}}),
            known,
        );
        assert_eq!(warnings.len(), 1);
        let (_, warnings) = Config::from_settings(&serde_json::json!({"rules": []}), known);
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn settings_take_the_file_shape_and_one_bad_section_spares_the_rest() {
        let (config, warnings) = Config::from_settings(
            &serde_json::json!({
            "stylebook": {"preferred": ["Kyiv"]},
            "speechVerbs": ["Harrumphed"],
            "known": "not a list",
            "files": {"ignore": ["archive/**"]},
            "colour": "blue",
            }),
            known,
        );
        assert_eq!(config.stylebook.preferred, vec!["Kyiv"]);
        assert_eq!(config.speech_verbs, vec!["harrumphed"]);
        assert_eq!(config.ignore, vec!["archive/**"]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn only_the_settings_may_let_sources_leave_the_folder() {
        let (settings, warnings) = Config::from_settings(
            &serde_json::json!({"sources": {"allow-outside": true, "include": null}}),
            known,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(settings.sources.allow_outside);
        let (unset, warnings) = Config::from_settings(
            &serde_json::json!({"sources": {"allowOutside": null, "include": ["a/**"]}}),
            known,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(!unset.sources.allow_outside);
        let file = Config {
            sources: SourcesConfig {
                include: Some(vec!["notes/**".into()]),
                allow_outside: true,
            },
            ..Config::default()
        };
        let merged = file.merged(&Config::default());
        assert!(!merged.sources.allow_outside);
        assert_eq!(merged.sources.include, file.sources.include);
        assert!(file.merged(&settings).sources.allow_outside);
        assert_eq!(
            file.merged(&unset).sources.include,
            Some(vec!["a/**".to_string()])
        );
    }

    #[test]
    fn settings_lay_over_the_file() {
        let (file, _) = Config::from_settings(
            &serde_json::json!({
            "rules": {"unbalanced-quote": "off", "unattributed-quote": "hint"},
            "stylebook": {"preferred": ["Kyiv"], "reject": {"Kiev": "Kyiv"}},
            }),
            known,
        );
        let (settings, _) = Config::from_settings(
            &serde_json::json!({
            "rules": {"unbalanced-quote": "error"},
            "stylebook": {"preferred": ["Kyiv", "Türkiye"]},
            }),
            known,
        );
        let merged = file.merged(&settings);
        assert_eq!(
            merged.severity("unbalanced-quote", Severity::Warning),
            Some(Severity::Error)
        );
        assert_eq!(
            merged.severity("unattributed-quote", Severity::Warning),
            Some(Severity::Hint)
        );
        assert_eq!(merged.stylebook.preferred, vec!["Kyiv", "Türkiye"]);
        assert_eq!(merged.stylebook.reject.len(), 1);
    }
}
