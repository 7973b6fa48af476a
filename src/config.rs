//! The effective configuration the analysis reads. Pure data: where it comes from
//! (files, client settings) is decided by the front ends.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::analysis::finding::Severity;

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

    /// Reads the client's `copydesk` settings object (`{"rules": {"code": "off"}}`).
    /// Returns the configuration and a warning for each value it could not use.
    pub fn from_settings(value: &serde_json::Value) -> (Config, Vec<String>) {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Settings {
            rules: BTreeMap<String, serde_json::Value>,
            #[serde(rename = "speechVerbs", alias = "speech_verbs")]
            speech_verbs: Vec<String>,
        }
        let mut warnings = Vec::new();
        let settings = if value.is_null() {
            Settings::default()
        } else {
            match Settings::deserialize(value) {
                Ok(settings) => settings,
                Err(err) => {
                    warnings.push(format!("copydesk settings ignored: {err}"));
                    Settings::default()
                }
            }
        };
        let mut config = Config {
            speech_verbs: settings
                .speech_verbs
                .iter()
                .map(|v| v.to_lowercase())
                .collect(),
            ..Config::default()
        };
        for (code, level) in settings.rules {
            if crate::rules::find(&code).is_none() {
                warnings.push(format!("unknown rule `{code}` in settings"));
                continue;
            }
            match level.as_str().and_then(RuleLevel::parse) {
                Some(level) => {
                    config.rules.insert(code, level);
                }
                None => warnings.push(format!(
                    "rule `{code}`: expected \"off\", \"hint\", \"information\", \"warning\" or \"error\", found {level}"
                )),
            }
        }
        (config, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_set_levels_and_report_bad_values() {
        let (config, warnings) = Config::from_settings(&serde_json::json!({
            "rules": {"unbalanced-quote": "off", "no-such-rule": "error"}
        }));
        assert_eq!(config.severity("unbalanced-quote", Severity::Warning), None);
        assert_eq!(warnings.len(), 1);
        let (_, warnings) =
            Config::from_settings(&serde_json::json!({"rules": {"unbalanced-quote": 3}}));
        assert_eq!(warnings.len(), 1);
        let (_, warnings) = Config::from_settings(&serde_json::json!({"rules": []}));
        assert_eq!(warnings.len(), 1);
    }
}
