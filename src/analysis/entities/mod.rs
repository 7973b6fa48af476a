//! Who and what is in the story. Mentions of places (from the gazetteer, demonyms
//! included), people (titled names, full names, surnames, and the pronouns and roles
//! that speak for them) and organisations are grouped into entities, each with its
//! kind, its role as the draft states it, its mentions and its quotations. Spelling
//! variants of one name are recorded for the spelling rules.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::gazetteer::{self, Place};
use super::lexicon::NOT_NAMES;
use super::memo::{self, FastBuildHasher, Key, Memo, TextPrint};
use super::names::{self, NameRun, People, strip_possessive};
use super::prose::{Block, BlockKind};
use super::sentences::Sentence;
use super::tokens::{Token, tokenize};
use super::{Quote, Resolution};
use crate::config::Config;

mod occurrences;
mod slips;
mod variants;

pub use variants::{SpellingGroup, SpellingMemos, spelling_groups, spelling_groups_with};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Organization,
    Place,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionForm {
    /// The full name ("Hakan Fidan", "Türkiye", "Valport Port Authority").
    Name,
    /// A surname alone ("Fidan").
    Surname,
    /// An abbreviation ("U.S.", "UAE"): a legitimate second form, never a misspelling.
    Abbreviation,
    /// A demonym or adjective ("Turkish").
    Demonym,
    /// A pronoun that speaks for it ("he said").
    Pronoun,
    /// A role that speaks for it ("the minister said").
    Role,
    /// A spelling variant of the name ("Erdoğan" beside "Erdogan").
    Variant,
}

impl MentionForm {
    /// Forms that spell the entity's name, as opposed to referring to it.
    pub fn is_spelling(self) -> bool {
        matches!(
            self,
            MentionForm::Name | MentionForm::Surname | MentionForm::Variant
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub name: String,
    pub kind: EntityKind,
    /// The role the draft gives it ("Foreign Minister"), or the configured description.
    pub role: Option<String>,
    /// The newsroom's description from configuration.
    pub description: Option<String>,
    /// Mentions in text order.
    pub mentions: Vec<Range<usize>>,
    /// The form of each mention, parallel to `mentions`.
    pub forms: Vec<MentionForm>,
    /// Indices into the analysis's quotes of the quotations it said.
    pub quotes: Vec<usize>,
    /// Whether each mention (parallel to `mentions`) sits in a heading: headlines use
    /// surnames by convention, so first references skip them.
    pub in_heading: Vec<bool>,
}

impl Entity {
    fn new(name: String, kind: EntityKind) -> Entity {
        Entity {
            name,
            kind,
            role: None,
            description: None,
            mentions: Vec::new(),
            forms: Vec::new(),
            quotes: Vec::new(),
            in_heading: Vec::new(),
        }
    }

    fn add(&mut self, range: Range<usize>, form: MentionForm, in_heading: bool) {
        if self.has_mention(&range) {
            return;
        }
        let at = self.mentions.partition_point(|m| m.start < range.start);
        self.mentions.insert(at, range);
        self.forms.insert(at, form);
        self.in_heading.insert(at, in_heading);
    }

    /// Whether `range` is one of its mentions (kept in order of start by [`Entity::add`]):
    /// a binary search, not a scan of hundreds of mentions.
    fn has_mention(&self, range: &Range<usize>) -> bool {
        let at = self.mentions.partition_point(|m| m.start < range.start);
        self.mentions[at..]
            .iter()
            .take_while(|m| m.start == range.start)
            .any(|m| m == range)
    }

    /// The first mention that names it (not a pronoun or role), outside headings when
    /// there is one.
    pub fn first_reference(&self) -> Option<Range<usize>> {
        let naming =
            |i: &usize| !matches!(self.forms[*i], MentionForm::Pronoun | MentionForm::Role);
        (0..self.mentions.len())
            .filter(naming)
            .find(|&i| !self.in_heading[i])
            .or_else(|| (0..self.mentions.len()).find(naming))
            .map(|i| self.mentions[i].clone())
    }

    /// The written key the spelling checks compare: a person's surname, a place's or
    /// organisation's name, without a possessive ending.
    pub fn spelling_key<'t>(&self, written: &'t str) -> &'t str {
        let written = strip_possessive(written);
        match self.kind {
            EntityKind::Person => names::surname_of(written),
            _ => written,
        }
    }

    /// The spellings of its name with their counts, most used first: a person's
    /// surname however the draft writes it ("Fidan" in "Hakan Fidan" and alone is one
    /// spelling), a place's or organisation's name as written.
    pub fn spellings(&self, text: &str) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (range, form) in self.mentions.iter().zip(&self.forms) {
            if !form.is_spelling() {
                continue;
            }
            let written = self.spelling_key(&text[range.clone()]).to_string();
            match counts.iter_mut().find(|(w, _)| *w == written) {
                Some((_, n)) => *n += 1,
                None => counts.push((written, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts
    }
}

/// Everything the entity phase found.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    pub entities: Vec<Entity>,
    /// What each sentence names, for the spelling pass.
    sentence_names: Vec<Arc<SentenceNames>>,
    /// Each sentence's memo key (its text's), for the spelling pass's memos.
    sentence_keys: Vec<Key>,
}

impl Entities {
    /// The entity with a mention at `offset`.
    pub fn at(&self, offset: usize) -> Option<(usize, &Entity)> {
        self.entities.iter().enumerate().find(|(_, e)| {
            e.mentions
                .iter()
                .any(|m| m.start <= offset && offset < m.end.max(m.start + 1))
        })
    }
}

struct Builder<'a> {
    entities: Vec<Entity>,
    /// Entity index by kind, then by name.
    index: HashMap<EntityKind, HashMap<String, usize, FastBuildHasher>, FastBuildHasher>,
    people: &'a People,
}

impl Builder<'_> {
    fn entity(&mut self, name: &str, kind: EntityKind) -> &mut Entity {
        let by_name = self.index.entry(kind).or_default();
        // Looked up by `&str` first: most mentions are of an entity already known.
        let i = match by_name.get(name) {
            Some(&i) => i,
            None => {
                self.entities.push(Entity::new(name.to_string(), kind));
                by_name.insert(name.to_string(), self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        &mut self.entities[i]
    }

    fn find(&self, name: &str, kind: EntityKind) -> Option<usize> {
        self.index.get(&kind)?.get(name).copied()
    }
}

/// Words that are country names and common given names too.
const AMBIGUOUS_PLACES: &[&str] = &[
    "Chad", "Jordan", "Georgia", "Israel", "Jersey", "Victoria", "Kenya", "India", "Lebanon",
];

pub fn find(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quotes: &[Quote],
    people: &People,
    config: &Config,
) -> Entities {
    find_with(
        masked,
        blocks,
        sentences,
        quotes,
        people,
        config,
        &super::sentences::prints(masked, sentences),
        &mut Memo::new(false),
    )
}

/// What one sentence names, read from its words alone (offsets from its start): the
/// places the gazetteer knows, and the runs of capitalised words that are not places.
#[derive(Debug)]
pub struct SentenceNames {
    places: Vec<(Range<u32>, &'static str, MentionForm)>,
    runs: Vec<NameRun>,
    /// Capitalised words that are not places: candidates for a variant of a surname.
    capitalised: Vec<CapitalisedWord>,
}

#[derive(Debug)]
struct CapitalisedWord {
    /// The word without a possessive ending.
    word: Range<u32>,
    /// The capitalised word before it, unless that is a title ("Mr.").
    after_name: Option<Range<u32>>,
    /// A month, a day or another word that is never a name ("Sunday" beside "Sundar").
    not_name: bool,
}

/// [`find`], what each sentence names remembered by its text.
// The draft, what the earlier passes found, and the memo with its keys made ahead.
#[allow(clippy::too_many_arguments)]
pub fn find_with(
    masked: &str,
    blocks: &[Block],
    sentences: &[Sentence],
    quotes: &[Quote],
    people: &People,
    config: &Config,
    prints: &[TextPrint],
    memo: &mut Memo<SentenceNames>,
) -> Entities {
    let mut builder = Builder {
        entities: Vec::new(),
        index: HashMap::default(),
        people,
    };
    let keys: Vec<Key> = prints.iter().map(|print| print.key(&[])).collect();
    let sentence_names = memo.get_keyed(&keys, |i| {
        sentence_names_in(&masked[sentences[i].range.clone()])
    });
    for (sentence, names) in sentences.iter().zip(&sentence_names) {
        let in_heading = blocks[sentence.block].kind == BlockKind::Heading;
        let base = sentence.range.start;
        for (range, canonical, form) in &names.places {
            builder.entity(canonical, EntityKind::Place).add(
                memo::absolute(range, base),
                *form,
                in_heading,
            );
        }
        for run in &names.runs {
            person_or_organization(run, base, in_heading, config, &mut builder);
        }
    }
    speakers(quotes, &mut builder);
    configured(config, &mut builder);
    let mut entities = builder.entities;
    entities.retain(|e| !e.mentions.is_empty());
    entities.sort_by_key(|e| e.mentions[0].start);
    let mut quotes_by_speaker: HashMap<&str, Vec<usize>, FastBuildHasher> = HashMap::default();
    for (i, quote) in quotes.iter().enumerate() {
        if let Some(speaker) = &quote.speaker {
            quotes_by_speaker.entry(&speaker.name).or_default().push(i);
        }
    }
    for entity in &mut entities {
        if entity.kind == EntityKind::Person
            && let Some(person) = people.find(&entity.name)
            && entity.role.is_none()
        {
            entity.role = person.title.clone();
        }
        entity.quotes = quotes_by_speaker
            .get(entity.name.as_str())
            .cloned()
            .unwrap_or_default();
    }
    Entities {
        entities,
        sentence_names,
        sentence_keys: keys,
    }
}

fn sentence_names_in(text: &str) -> SentenceNames {
    let tokens = tokenize(text, 0..text.len());
    let (places, taken) = places_in(&tokens);
    let mut runs: Vec<NameRun> = names::runs(&tokens)
        .into_iter()
        .filter(|run| !run.name_tokens.clone().any(|i| taken[i]))
        .collect();
    let mut capitalised: Vec<CapitalisedWord> = tokens
        .iter()
        .enumerate()
        .filter(|(_, token)| token.is_capitalised())
        .filter_map(|(t, token)| {
            let word = strip_possessive(token.text);
            if gazetteer::by_name(word).is_some() || gazetteer::by_demonym(word).is_some() {
                return None;
            }
            let before = t.checked_sub(1).map(|p| &tokens[p]);
            Some(CapitalisedWord {
                word: memo::relative(&(token.range.start..token.range.start + word.len()), 0),
                not_name: NOT_NAMES.contains_lower(word),
                after_name: before
                    .filter(|b| b.is_capitalised() && !names::is_title(b))
                    .map(|b| memo::relative(&b.range, 0)),
            })
        })
        .collect();
    // Remembered as long as the sentence stands: the lists keep no room to grow.
    runs.shrink_to_fit();
    capitalised.shrink_to_fit();
    SentenceNames {
        places,
        runs,
        capitalised,
    }
}

/// Places and demonyms, and the token indices they cover.
#[allow(clippy::type_complexity)]
fn places_in(tokens: &[Token]) -> (Vec<(Range<u32>, &'static str, MentionForm)>, Vec<bool>) {
    let mut places = Vec::new();
    let mut taken = vec![false; tokens.len()];
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        if !token.is_capitalised() {
            i += 1;
            continue;
        }
        let words: Vec<&str> = tokens[i..]
            .iter()
            .take_while(|t| t.is_word())
            .take(gazetteer::MAX_WORDS)
            .map(|t| strip_possessive(t.text))
            .collect();
        if let Some((place, n)) =
            gazetteer::match_at(&words).filter(|(p, n)| !is_part_of_a_name(tokens, i, *n, p))
        {
            let last = &tokens[i + n - 1];
            let end = last.range.end - (last.text.len() - strip_possessive(last.text).len());
            let written = strip_possessive(tokens[i].text);
            let form = if is_abbreviation(written) && n == 1 {
                MentionForm::Abbreviation
            } else {
                MentionForm::Name
            };
            places.push((
                memo::relative(&(tokens[i].range.start..end), 0),
                place.canonical,
                form,
            ));
            taken[i..i + n].iter_mut().for_each(|t| *t = true);
            i += n;
            continue;
        }
        if let Some(place) = gazetteer::by_demonym(token.text) {
            places.push((
                memo::relative(&token.range, 0),
                place.canonical,
                MentionForm::Demonym,
            ));
            taken[i] = true;
        }
        i += 1;
    }
    places.shrink_to_fit();
    (places, taken)
}

/// "Michael Jordan", "Chad Smith": a place name inside a person's name.
fn is_part_of_a_name(tokens: &[Token], i: usize, n: usize, place: &Place) -> bool {
    if n != 1 || !AMBIGUOUS_PLACES.contains(&place.canonical) {
        return false;
    }
    let capital = |t: Option<&Token>| {
        t.is_some_and(|t| t.is_capitalised() && !NOT_NAMES.contains(&t.lower().as_str()))
    };
    capital(i.checked_sub(1).map(|j| &tokens[j])) || capital(tokens.get(i + 1))
}

fn is_abbreviation(word: &str) -> bool {
    word.contains('.') || (word.chars().count() <= 4 && word.chars().all(|c| c.is_uppercase()))
}

/// Classifies a run computed `at` bytes before its place in the draft.
fn person_or_organization(
    run: &NameRun,
    at: usize,
    in_heading: bool,
    config: &Config,
    builder: &mut Builder,
) {
    let range = run.name_range.start + at..run.name_range.end + at;
    let people = builder.people;
    if let Some(known) = known_entity(config, &run.name) {
        let kind = configured_kind(known.kind.as_deref()).unwrap_or(EntityKind::Person);
        let form = if run.name == known.name {
            MentionForm::Name
        } else {
            MentionForm::Surname
        };
        builder
            .entity(&known.name, kind)
            .add(range.clone(), form, in_heading);
        return;
    }
    if let Some(person) = people.find(&run.name) {
        let is_this_person =
            person.name == run.name || (run.word_count() == 1 && person.surname() == run.name);
        if is_this_person {
            let form = if run.word_count() == 1 {
                MentionForm::Surname
            } else {
                MentionForm::Name
            };
            builder
                .entity(&person.name, EntityKind::Person)
                .add(range.clone(), form, in_heading);
            return;
        }
    }
    if in_heading {
        return; // headline capitals are not names
    }
    let sentence_initial = run.tokens.start == 0;
    let acronym = run.word_count() == 1
        && run.name.chars().count() >= 2
        && run.name.chars().all(|c| c.is_uppercase());
    if run.organization || acronym {
        builder.entity(&run.name, EntityKind::Organization).add(
            range.clone(),
            MentionForm::Name,
            in_heading,
        );
    } else if run.word_count() >= 2 && !sentence_initial || run.title.is_some() {
        builder.entity(&run.name, EntityKind::Person).add(
            range.clone(),
            MentionForm::Name,
            in_heading,
        );
    }
}

fn known_entity<'c>(config: &'c Config, name: &str) -> Option<&'c crate::config::KnownEntity> {
    config
        .known
        .iter()
        .find(|k| k.name == name || k.aliases.iter().any(|a| a == name))
}

fn configured_kind(kind: Option<&str>) -> Option<EntityKind> {
    match kind? {
        "person" => Some(EntityKind::Person),
        "organization" | "organisation" => Some(EntityKind::Organization),
        "place" => Some(EntityKind::Place),
        _ => None,
    }
}

/// Pronouns and roles that speak for someone are mentions of them.
fn speakers(quotes: &[Quote], builder: &mut Builder) {
    for quote in quotes {
        let Some(speaker) = &quote.speaker else {
            continue;
        };
        let form = match speaker.resolution {
            Resolution::Pronoun { .. } => MentionForm::Pronoun,
            Resolution::Role { .. } => MentionForm::Role,
            _ => continue,
        };
        if let Some(i) = builder.find(&speaker.name, EntityKind::Person) {
            builder.entities[i].add(speaker.range.clone(), form, false);
        }
    }
}

fn configured(config: &Config, builder: &mut Builder) {
    for known in &config.known {
        let kind = configured_kind(known.kind.as_deref()).unwrap_or(EntityKind::Person);
        if let Some(i) = builder.find(&known.name, kind) {
            builder.entities[i].description = known.description.clone();
        }
    }
}
