//! Capitalised name runs and the people a draft introduces. "Iranian Foreign Minister
//! Abbas Araghchi" is a title ("Iranian Foreign Minister") and a name ("Abbas
//! Araghchi"); a later "Araghchi" resolves to that full name.

use std::collections::{HashMap, HashSet};

use super::memo::FastBuildHasher;
use std::ops::Range;

use super::lexicon::{
    NAME_PARTICLES, NOT_NAMES, ORGANIZATION_WORDS, SURNAME_TITLES, TITLE_PREFIXES, TITLE_WORDS,
};
use super::tokens::Token;

/// A run of capitalised words, split into its title and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRun {
    /// Token indices of the whole run.
    pub tokens: Range<usize>,
    /// Token indices of the name part (after any title).
    pub name_tokens: Range<usize>,
    /// Byte range of the name part.
    pub name_range: Range<usize>,
    pub name: String,
    pub title: Option<String>,
    /// Whether the name reads as an organization's ([`looks_like_organization`]),
    /// found once with the run: every analysis asks it of every run in the draft.
    pub organization: bool,
}

impl NameRun {
    pub fn word_count(&self) -> usize {
        self.name_tokens.len()
    }

    /// The last word of the name, without a possessive ending.
    pub fn surname(&self) -> &str {
        surname_of(&self.name)
    }
}

pub fn surname_of(name: &str) -> &str {
    // The last whitespace-separated word, found from the end: a keystroke in a long
    // draft asks this thousands of times, mostly of two-word names.
    let trimmed = name.trim_end();
    // Most names are ASCII: their last space is found byte by byte, without decoding.
    let bytes = trimmed.as_bytes();
    match bytes
        .iter()
        .rposition(|&b| !b.is_ascii() || is_ascii_space(b))
    {
        Some(at) if bytes[at].is_ascii() => return strip_possessive(&trimmed[at + 1..]),
        None if !trimmed.is_empty() => return strip_possessive(trimmed),
        _ => {}
    }
    let last = match trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
    {
        Some((at, space)) => &trimmed[at + space.len_utf8()..],
        None if trimmed.is_empty() => name,
        None => trimmed,
    };
    strip_possessive(last)
}

/// The ASCII characters `char::is_whitespace` takes (tab to carriage return, space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

pub fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("’s")
        .or_else(|| word.strip_suffix("'s"))
        .or_else(|| word.strip_suffix('’'))
        .unwrap_or(word)
}

/// A title or office word, capitalised or not ("President", "minister").
pub fn is_title(token: &Token) -> bool {
    is_title_word(token)
}

fn is_title_word(token: &Token) -> bool {
    TITLE_WORDS.contains_lower(token.text) || TITLE_PREFIXES.contains_lower(token.text)
}

/// Forms of address: what follows them is a name.
const HONORIFICS: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "sir", "dame", "rev.", "prof.", "mr", "mrs", "ms", "dr",
];

fn is_office_word(token: &Token) -> bool {
    TITLE_WORDS.contains_lower(token.text)
}

fn is_particle(token: &Token) -> bool {
    NAME_PARTICLES.contains_lower(token.text)
}

/// Whether the capitalised word can be part of a name (days, months and sentence
/// openers cannot).
fn can_be_name(token: &Token) -> bool {
    token.is_capitalised() && !NOT_NAMES.contains_lower(token.text)
}

/// The capitalised run that contains token `at`, if any, extended both ways.
pub fn run_around(tokens: &[Token], at: usize) -> Option<NameRun> {
    // Capitalised first: most tokens are not, and the word lists are then not asked.
    if !tokens
        .get(at)
        .is_some_and(|t| t.is_capitalised() && (can_be_name(t) || is_title_word(t)))
    {
        return None;
    }
    let mut start = at;
    while start > 0 && joins_run(tokens, start - 1) {
        start -= 1;
    }
    let mut end = at + 1;
    while end < tokens.len() && joins_run(tokens, end) {
        end += 1;
    }
    let mut run = split_run(tokens, start..end)?;
    // "union president Marta Okonkwo": a lowercase office just before the name.
    if run.title.is_none() && run.tokens.start == run.name_tokens.start {
        let mut title_start = run.tokens.start;
        while title_start > 0
            && run.tokens.start - title_start < 3
            && tokens[title_start - 1].is_word()
            && TITLE_WORDS.contains(&tokens[title_start - 1].text)
        {
            title_start -= 1;
        }
        if title_start < run.tokens.start {
            let words: Vec<&str> = tokens[title_start..run.tokens.start]
                .iter()
                .map(|t| t.text)
                .collect();
            run.title = Some(words.join(" "));
        }
    }
    Some(run)
}

/// A name that reads as an organisation or a place ("Valport Port Authority").
pub fn looks_like_organization(name: &str) -> bool {
    name.split_whitespace()
        .any(|w| ORGANIZATION_WORDS.contains_lower(w))
}

fn joins_run(tokens: &[Token], i: usize) -> bool {
    let token = &tokens[i];
    if token.is_capitalised() && (can_be_name(token) || is_title_word(token)) {
        return true;
    }
    // "Chamber of Commerce", "Port of Valport": `of` between capitals.
    if token.text == "of" {
        return i > 0
            && tokens[i - 1].is_capitalised()
            && tokens.get(i + 1).is_some_and(|t| t.is_capitalised());
    }
    // "Ursula von der Leyen", "Mohammed bin Salman": a particle between capitals.
    is_particle(token)
        && i > 0
        && (tokens[i - 1].is_capitalised() || is_particle(&tokens[i - 1]))
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.is_capitalised() || is_particle(t))
}

/// Every capitalised run in `tokens`, in order.
pub fn runs(tokens: &[Token]) -> Vec<NameRun> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match run_around(tokens, i) {
            Some(run) => {
                i = run.tokens.end.max(i + 1);
                found.push(run);
            }
            _ => i += 1,
        }
    }
    // Kept by the memos for as long as the sentence stands: no room to grow.
    found.shrink_to_fit();
    found
}

fn split_run(tokens: &[Token], run: Range<usize>) -> Option<NameRun> {
    let mut name_start = run.start;
    while name_start < run.end && is_title_word(&tokens[name_start]) {
        name_start += 1;
    }
    // After an honorific comes a name, even one that is also a title ("Mr. King").
    if let Some(last_honorific) = (run.start..run.end)
        .take_while(|&i| is_title_word(&tokens[i]))
        .filter(|&i| HONORIFICS.contains(&tokens[i].lower().as_str()))
        .last()
        && last_honorific + 1 < run.end
    {
        name_start = name_start.min(last_honorific + 1);
    }
    // A run of nothing but title words ("White House", "Foreign Minister") is no name,
    // but for a lone word that is a surname too, unless an article makes it a role:
    // "White said", "King said", not "the King said".
    if name_start == run.end {
        let lone = run.len() == 1 && SURNAME_TITLES.contains_lower(tokens[run.start].text);
        let article = run.start > 0
            && ["the", "a", "an"]
                .iter()
                .any(|a| tokens[run.start - 1].lower_is(a));
        if !lone || article {
            return None;
        }
        name_start = run.start;
    }
    let name_tokens = name_start..run.end;
    // The name's range leaves out a possessive ending ("Fidan’s" → "Fidan").
    let last = &tokens[name_tokens.end - 1];
    let possessive = last.text.len() - strip_possessive(last.text).len();
    let name_range = tokens[name_tokens.start].range.start..last.range.end - possessive;
    let name = tokens[name_tokens.clone()]
        .iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ");
    let name = strip_possessive(&name).to_string();
    let title = (name_start > run.start)
        .then(|| {
            tokens[run.start..name_start]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|_| tokens[run.start..name_start].iter().any(is_office_word));
    Some(NameRun {
        tokens: run,
        name_tokens,
        name_range,
        organization: looks_like_organization(&name),
        name,
        title,
    })
}

/// A person the draft names with a full name or a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    /// Where the full name first appears.
    pub first: Range<usize>,
}

impl Person {
    pub fn surname(&self) -> &str {
        surname_of(&self.name)
    }
}

/// The people of a draft, for resolving surnames and roles to full names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct People {
    people: Vec<Person>,
    /// Full name → index: names are unique.
    by_name: HashMap<String, usize, FastBuildHasher>,
    /// Surname → index of the first person with it.
    by_surname: HashMap<String, usize, FastBuildHasher>,
}

impl People {
    /// Registers a person from a run that has a title, or a name of two or more words
    /// (when `certain`, as for the subject of a speech verb).
    pub fn consider(&mut self, run: &NameRun, certain: bool) {
        self.consider_at(run, 0, certain);
    }

    /// [`People::consider`] for a run computed `at` bytes before its place in the
    /// draft (a remembered one), without copying it.
    pub fn consider_at(&mut self, run: &NameRun, at: usize, certain: bool) {
        if run.organization {
            return;
        }
        let titled = run.title.is_some();
        let full = run.word_count() >= 2 && run.word_count() <= 4;
        if !(titled || (certain && full)) {
            return;
        }
        let by_name = self.by_name.get(&run.name).copied();
        let by_surname = (run.word_count() == 1)
            .then(|| self.by_surname.get(&run.name).copied())
            .flatten();
        if let Some(i) = by_name.into_iter().chain(by_surname).min() {
            let known = &mut self.people[i];
            if known.title.is_none() {
                known.title = run.title.clone();
            }
            return;
        }
        // "President Trump" before "Donald Trump": the fuller name wins.
        if let Some(&i) = self.by_name.get(run.surname())
            && self.people[i].name.split_whitespace().count() == 1
        {
            let known = &mut self.people[i];
            known.name = run.name.clone();
            if run.title.is_some() {
                known.title = run.title.clone();
            }
            self.reindex();
            return;
        }
        self.people.push(Person {
            name: run.name.clone(),
            title: run.title.clone(),
            first: run.name_range.start + at..run.name_range.end + at,
        });
        let i = self.people.len() - 1;
        self.by_name.insert(run.name.clone(), i);
        self.by_surname
            .entry(surname_of(&run.name).to_string())
            .or_insert(i);
    }

    fn reindex(&mut self) {
        self.by_name.clear();
        self.by_surname.clear();
        for (i, person) in self.people.iter().enumerate() {
            self.by_name.insert(person.name.clone(), i);
            self.by_surname
                .entry(person.surname().to_string())
                .or_insert(i);
        }
    }

    /// Everyone, in the order the draft introduces them.
    pub fn iter(&self) -> impl Iterator<Item = &Person> {
        self.people.iter()
    }

    /// Gives a known person the role an apposition states ("the mayor, Ana Ruiz").
    pub fn set_role(&mut self, name: &str, role: &str) {
        let by_name = self.by_name.get(name).copied();
        let by_surname = self.by_surname.get(surname_of(name)).copied();
        if let Some(i) = by_name.into_iter().chain(by_surname).min()
            && self.people[i].title.is_none()
        {
            self.people[i].title = Some(role.to_string());
        }
    }

    /// Registers the full names whose surname the draft also uses alone: "Marta
    /// Okonkwo" … "Okonkwo said" is a person.
    pub fn infer_from_surnames(&mut self, runs: &[NameRun]) {
        let placed: Vec<(&NameRun, usize)> = runs.iter().map(|run| (run, 0)).collect();
        self.infer_from_surnames_at(&placed);
    }

    /// [`People::infer_from_surnames`] over runs each with the offset to add to it.
    pub fn infer_from_surnames_at(&mut self, runs: &[(&NameRun, usize)]) {
        let alone: HashSet<&str, FastBuildHasher> = runs
            .iter()
            .filter(|(run, _)| run.word_count() == 1)
            .map(|(run, _)| run.name.as_str())
            .collect();
        for &(run, at) in runs {
            if (2..=4).contains(&run.word_count())
                && !run.organization
                && alone.contains(run.surname())
            {
                self.consider_at(run, at, true);
            }
        }
    }

    /// The person a name (full, or surname alone) refers to.
    pub fn find(&self, name: &str) -> Option<&Person> {
        let name = strip_possessive(name);
        self.by_name
            .get(name)
            .or_else(|| self.by_surname.get(surname_of(name)))
            .map(|&i| &self.people[i])
    }

    /// The full name for a name as written, or the name itself.
    pub fn full_name(&self, name: &str) -> String {
        self.find(name)
            .map_or_else(|| strip_possessive(name).to_string(), |p| p.name.clone())
    }

    /// How house style names a speaker after the first reference: a person's surname,
    /// anyone else as named ("the union").
    pub fn short_name(&self, name: &str, person: bool) -> String {
        match self.find(name).filter(|_| person) {
            Some(known) => known.surname().to_string(),
            None => name.to_string(),
        }
    }

    /// Someone whose title contains the role noun ("the minister" → a minister).
    pub fn with_role(&self, role: &str) -> impl Iterator<Item = &Person> {
        let role = role.to_lowercase();
        self.people.iter().rev().filter(move |p| {
            p.title.as_deref().is_some_and(|t| {
                // Lower-casing never joins or splits words; most titles are ASCII and
                // are compared without a lower-cased copy.
                t.split_whitespace().any(|w| {
                    if w.is_ascii() {
                        w.eq_ignore_ascii_case(&role)
                    } else {
                        w.to_lowercase() == role
                    }
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surname_is_the_last_word_whatever_the_spaces() {
        for name in [
            "Volodymyr Zelensky",
            "Zelensky",
            "Abbas Araghchi’s",
            "Recep Tayyip Erdoğan ",
            "  Ana\u{a0}Ruiz's",
            "Jean-Luc\tPicard\n",
            "María José García Márquez",
            "",
            "   ",
            "Ana\u{b}Ruiz",
            "Ana\u{c}Ruiz\r",
            "Ana\u{1f}Ruiz",
            "Ana\u{3000}Ruiz",
            "Ruiz’",
            "Ana Ruiz-Ñúñez",
        ] {
            let expected = strip_possessive(name.split_whitespace().last().unwrap_or(name));
            assert_eq!(surname_of(name), expected, "{name:?}");
        }
    }
    use crate::analysis::tokens::tokenize;

    fn runs_of(text: &str) -> Vec<(String, Option<String>)> {
        let tokens = tokenize(text, 0..text.len());
        runs(&tokens)
            .into_iter()
            .map(|r| (r.name, r.title))
            .collect()
    }

    #[test]
    fn splits_titles_from_names() {
        assert_eq!(
            runs_of("Iranian Foreign Minister Abbas Araghchi met US President Donald Trump."),
            vec![
                (
                    "Abbas Araghchi".to_string(),
                    Some("Iranian Foreign Minister".to_string())
                ),
                ("Donald Trump".to_string(), Some("US President".to_string())),
            ]
        );
        assert_eq!(
            runs_of("On Friday, Ursula von der Leyen spoke."),
            vec![("Ursula von der Leyen".to_string(), None)]
        );
    }

    #[test]
    fn an_honorific_is_followed_by_a_name() {
        assert_eq!(
            runs_of("Later, Mr. King spoke."),
            vec![("King".to_string(), Some("Mr.".to_string()))]
        );
    }

    #[test]
    fn surnames_resolve_to_full_names() {
        let text = "Turkish Foreign Minister Hakan Fidan spoke. Fidan’s aide left.";
        let tokens = tokenize(text, 0..text.len());
        let mut people = People::default();
        for run in runs(&tokens) {
            people.consider(&run, false);
        }
        assert_eq!(people.full_name("Fidan’s"), "Hakan Fidan");
        assert_eq!(
            people.with_role("minister").next().map(|p| p.name.as_str()),
            Some("Hakan Fidan")
        );
    }
}
