//! The slip pass: any capitalised name — a person's, a place's, an organisation's,
//! one word or two — written once the way a hand slips (an accent, a letter
//! substituted, transposed, doubled, dropped or inserted, a space or hyphen) beside the
//! form the draft writes most. `variants.rs` calls it after grouping entities' forms.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use super::occurrences::slip_occurrences;
use super::variants::{SpellingGroup, is_acronym, is_title};
use super::{Entities, Entity, EntityKind, MentionForm};
use crate::analysis::gazetteer;
use crate::analysis::lexicon::NOT_NAMES;
use crate::analysis::memo::FastBuildHasher;
use crate::analysis::sentences::Sentence;
use crate::analysis::spelling;

/// Every written form of one capitalised name with what the draft says around it.
struct Form<'t> {
    written: &'t str,
    /// Lower case, without diacritics or apostrophes.
    folded: String,
    /// The transliteration skeleton of a one-word form of five letters or more, which
    /// finds "Zyuganoff" beside "Zyuganov" though they are two edits apart.
    skeleton: Option<String>,
    ranges: Vec<Range<usize>>,
    /// The ranges where it stands as a name (mid-sentence, in a run of names).
    named: Vec<Range<usize>>,
    /// Capitalised words before and after it that are not common words (a person's
    /// first name, surname).
    before: Vec<&'t str>,
    after: Vec<&'t str>,
    /// Every capitalised word next to it, common or not ("War" of "Cold War").
    neighbours: Vec<&'t str>,
    /// Whether it is a common English word ("Tramp").
    common: bool,
    /// Whether it is a word of the dictionary, common or proper ("Policy", "Garry").
    known: bool,
    /// Whether it ever stands first in a run of names, or last.
    first_in_run: bool,
    last_in_run: bool,
    place: Option<&'static str>,
    pair: bool,
}

/// Slips in any capitalised name — a person's, a place's, an organisation's, one
/// word or two: forms one slip apart (an accent, a letter substituted, transposed,
/// doubled, dropped or inserted, a space or hyphen) where the minority form is
/// flagged against the form written most. Different names stay different: distinct
/// places of the gazetteer, a place and a demonym, a singular and its plural, two
/// surnames each with its own first name, common words that do not stand as names.
pub(super) fn slip_groups(
    masked: &str,
    sentences: &[Sentence],
    entities: &mut Entities,
    groups: &mut Vec<SpellingGroup>,
) {
    let occurrences = slip_occurrences(masked, sentences, &entities.sentence_names);
    let mut forms: Vec<Form> = Vec::new();
    let mut by_written: HashMap<&str, usize, FastBuildHasher> = HashMap::default();
    for occurrence in &occurrences {
        let written = occurrence.written;
        let letters = written.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 4 || is_acronym(written) || occurrence.pair && !written.contains(' ') {
            continue;
        }
        let common = !written.contains(' ') && spelling::is_common_word(written);
        // "Chandrayaan-1" and "Chandrayaan-2" are two things, not a slip.
        if written.contains(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // Contractions ("They're") and months and days ("March" beside "Marco").
        if is_contraction(written) || NOT_NAMES.contains_lower(written) {
            continue;
        }
        let i = *by_written.entry(written).or_insert_with(|| {
            forms.push(Form {
                written,
                folded: spelling::fold(written).replace(['\'', '.'], ""),
                skeleton: (letters >= 5 && !written.contains([' ', '-']))
                    .then(|| spelling::skeleton(written)),
                ranges: Vec::new(),
                named: Vec::new(),
                before: Vec::new(),
                after: Vec::new(),
                neighbours: Vec::new(),
                common,
                known: !written.contains(' ') && spelling::is_known_word(written),
                first_in_run: false,
                last_in_run: false,
                place: occurrence.place,
                pair: occurrence.pair,
            });
            forms.len() - 1
        });
        let form = &mut forms[i];
        form.ranges.push(occurrence.range.clone());
        if occurrence.stands_as_name() {
            form.named.push(occurrence.range.clone());
        }
        form.first_in_run |= occurrence.after.is_some() && occurrence.before.is_none();
        form.last_in_run |= occurrence.before.is_some() && occurrence.after.is_none();
        for word in [occurrence.before, occurrence.after].into_iter().flatten() {
            if !form.neighbours.contains(&word) {
                form.neighbours.push(word);
            }
        }
        for (word, list) in [
            (occurrence.before, &mut form.before),
            (occurrence.after, &mut form.after),
        ] {
            if let Some(word) = word.filter(|w| !spelling::is_common_word(w) && !is_title(w))
                && !list.contains(&word)
            {
                list.push(word);
            }
        }
    }
    // A tie in an entity's own mentions ("Kylie Jeñner" once, "Kylie Jenner" once) is
    // broken by the draft as a whole ("Kris Jenner" in the headline): the form written
    // more often anywhere is the spelling the slip missed.
    let written_anywhere = |w: &str| by_written.get(w).map_or(0, |&i| forms[i].ranges.len());
    for group in groups.iter_mut() {
        group.forms.sort_by(|a, b| {
            b.1.len()
                .cmp(&a.1.len())
                .then(written_anywhere(&b.0).cmp(&written_anywhere(&a.0)))
                .then(a.1[0].start.cmp(&b.1[0].start))
        });
    }
    // Forms one deletion apart share a key: every form is indexed by a hash of itself
    // and of each of its one-letter deletions (separators removed), so the pairs are
    // found in time linear in the forms' letters. Forms of one skeleton share a key too.
    let mut index: HashMap<u64, Vec<usize>, FastBuildHasher> = HashMap::default();
    for (i, form) in forms.iter().enumerate() {
        if let Some(skeleton) = &form.skeleton {
            let mut hasher = std::hash::DefaultHasher::new();
            (1u8, skeleton).hash(&mut hasher);
            index.entry(hasher.finish()).or_default().push(i);
        }
        let letters: Vec<char> = form
            .folded
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        for skip in std::iter::once(usize::MAX).chain(0..letters.len()) {
            let mut hasher = std::hash::DefaultHasher::new();
            for (k, c) in letters.iter().enumerate() {
                if k != skip {
                    c.hash(&mut hasher);
                }
            }
            let list = index.entry(hasher.finish()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    // Each form's best partner: the form written most among those it is a slip of.
    let mut partner: Vec<Option<usize>> = vec![None; forms.len()];
    let outranks = |a: &Form, b: &Form| {
        (a.ranges.len(), std::cmp::Reverse(a.ranges[0].start))
            > (b.ranges.len(), std::cmp::Reverse(b.ranges[0].start))
    };
    for list in index.values().filter(|l| l.len() >= 2) {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                let (major, minor) = if outranks(&forms[a], &forms[b]) {
                    (a, b)
                } else {
                    (b, a)
                };
                if partner[minor].is_some_and(|p| !outranks(&forms[major], &forms[p])) {
                    continue;
                }
                let verdict = is_slip(&forms[major], &forms[minor]);
                if std::env::var_os("SLIPDBG").is_some() {
                    eprintln!(
                        "{} / {} -> {verdict}",
                        forms[major].written, forms[minor].written
                    );
                }
                if verdict {
                    partner[minor] = Some(major);
                }
            }
        }
    }
    // Ranges already in a spelling group: flagged by the entity's own group.
    let grouped: Vec<Range<usize>> = groups
        .iter()
        .flat_map(|g| g.forms.iter().flat_map(|(_, r)| r.iter().cloned()))
        .collect();
    let covered = |r: &Range<usize>| grouped.iter().any(|g| g.start < r.end && r.start < g.end);
    let mut members: HashMap<usize, Vec<usize>, FastBuildHasher> = HashMap::default();
    for minor in 0..forms.len() {
        let Some(mut root) = partner[minor] else {
            continue;
        };
        let mut steps = 0;
        while let Some(next) = partner[root] {
            root = next;
            steps += 1;
            if steps > forms.len() {
                break;
            }
        }
        if forms[minor].ranges.iter().all(covered) {
            continue;
        }
        members.entry(root).or_default().push(minor);
    }
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_by_key(|&r| forms[r].ranges[0].start);
    for root in roots {
        let mut group_forms = vec![(forms[root].written.to_string(), forms[root].ranges.clone())];
        let mut minors = members.remove(&root).unwrap_or_default();
        minors.sort_by(|&a, &b| {
            forms[b]
                .ranges
                .len()
                .cmp(&forms[a].ranges.len())
                .then(forms[a].ranges[0].start.cmp(&forms[b].ranges[0].start))
        });
        for &minor in &minors {
            let form = &forms[minor];
            let ranges = if form.common {
                &form.named
            } else {
                &form.ranges
            };
            group_forms.push((form.written.to_string(), ranges.clone()));
        }
        let entity = slip_entity(
            entities,
            &forms[root],
            &minors.iter().map(|&m| &forms[m]).collect::<Vec<_>>(),
        );
        groups.push(SpellingGroup {
            entity,
            forms: group_forms,
        });
    }
}

/// The entity a slip group belongs to: the one the majority form is a mention of (the
/// minority forms become its variant mentions), or a new one.
fn slip_entity(entities: &mut Entities, major: &Form, minors: &[&Form]) -> usize {
    let holds = |e: &Entity, r: &Range<usize>| {
        e.mentions
            .iter()
            .any(|m| m.start <= r.start && r.end <= m.end)
    };
    let found = major
        .ranges
        .iter()
        .find_map(|r| entities.entities.iter().position(|e| holds(e, r)));
    let index = match found {
        Some(i) => i,
        None => {
            let kind = if major.place.is_some() {
                EntityKind::Place
            } else if !major.before.is_empty() || !major.after.is_empty() {
                EntityKind::Person
            } else {
                EntityKind::Organization
            };
            let mut entity = Entity::new(major.written.to_string(), kind);
            for r in &major.ranges {
                entity.add(r.clone(), MentionForm::Name, false);
            }
            entities.entities.push(entity);
            entities.entities.len() - 1
        }
    };
    for minor in minors {
        for r in &minor.ranges {
            if !holds(&entities.entities[index], r) {
                entities.entities[index].add(r.clone(), MentionForm::Variant, false);
            }
        }
    }
    index
}

/// "They're", "We'll", "You'd": a pronoun and a verb, not a name (O'Brien keeps its
/// capital after the apostrophe).
fn is_contraction(word: &str) -> bool {
    word.rfind(['\'', '’'])
        .is_some_and(|i| word[i..].chars().skip(1).all(|c| c.is_lowercase()))
}

/// Whether `minor` is a slip of `major`: one edit apart in the ways a hand slips, and
/// not two different names.
fn is_slip(major: &Form, minor: &Form) -> bool {
    let (a, b) = (&major.folded, &minor.folded);
    let joined = |s: &str| s.replace([' ', '-'], "");
    if major.pair && minor.pair
        || major.written.replace('’', "'") == minor.written.replace('’', "'")
    {
        return false;
    }
    // A common word ("Tramp", "Beauty", "They") is a name only where it stands as one:
    // written only at sentences' starts it is never the slip, and it is the form slipped
    // from only by a word of no dictionary that stands as a name ("East New York" in a
    // headline, "Esat New York" in the body).
    // Short common words ("Just", "Free", "Young") are a slip away from many names
    // ("Justo", "Freeh", "Yung"); long ones are not.
    let long_word = major.common && major.folded.chars().count() >= 6;
    if minor.common && minor.named.is_empty()
        || major.common
            && major.named.is_empty()
            && (!long_word || minor.known || minor.named.is_empty())
    {
        return false;
    }
    // A word of no dictionary one slip from a long common word ("Attorney",
    // "Attroney"; "Bureau", "Buerau") misspells the word, whatever names stand beside
    // each.
    let misspelt_word = long_word && !minor.known;
    // Two places the gazetteer tells apart (Iran, Iraq), or a place and its demonym.
    if let (Some(p), Some(q)) = (major.place, minor.place)
        && p != q
    {
        return false;
    }
    let known = |f: &Form| {
        f.place.is_some()
            || gazetteer::by_name(f.written).is_some()
            || gazetteer::by_demonym(f.written).is_some()
    };
    if known(major) && known(minor) && !gazetteer::same_place(major.written, minor.written) {
        return false;
    }
    if a == b {
        // An accent added or dropped; not a dateline's capitals ("KYIV"), nor the full
        // stop a sentence's end took from an abbreviation ("Corp.").
        let plain = |f: &Form| f.written.trim_end_matches('.').to_lowercase();
        return plain(major) != plain(minor);
    }
    if joined(a) == joined(b) {
        // A space or hyphen added or removed ("JP Morgan", "JPMorgan").
        return major.pair != minor.pair || a.contains('-') != b.contains('-');
    }
    if major.pair || minor.pair || a.contains(' ') || b.contains(' ') {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < 4 || a.chars().next() != b.chars().next() {
        return false;
    }
    // A last letter doubled ("Londonn", "Sanderss", "Johnn") is a slip whatever the
    // letter: the endings below that make a word from a name do not double.
    let (short, long) = if la < lb { (a, b) } else { (b, a) };
    let doubled_last = la != lb
        && long
            .strip_prefix(short.as_str())
            .is_some_and(|extra| short.ends_with(extra));
    // A plural or a demonym's ending ("Okafors", "Africa"/"African"; not "Goldmann").
    if la != lb
        && !doubled_last
        && let Some(extra) = long.strip_prefix(short.as_str())
        && (extra == "s" || extra == "n" && short.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        return false;
    }
    // One edit, or a transliteration's: the same skeleton ("Meghan", "Meqan").
    let transliterated = major.skeleton.is_some() && major.skeleton == minor.skeleton;
    if spelling::edit_distance(a, b) != 1 && !transliterated {
        return false;
    }
    // A word of the lists and the one it makes with a last i or u ("Allah", "Allahu
    // Akbar") are two words.
    let shorter = if la < lb { major } else { minor };
    if la != lb
        && !doubled_last
        && long
            .strip_prefix(short.as_str())
            .is_some_and(|extra| extra == "i" || extra == "u")
        && (shorter.known || shorter.place.is_some())
    {
        return false;
    }
    // A common word ("Cold" of "Cold War", "Peace" of "Peace Corps") beside a name
    // ("Cole", "Pence") is a slip only in the name's company ("Donald Tramp") or
    // alone.
    if minor.common
        && !minor.neighbours.is_empty()
        && !minor
            .neighbours
            .iter()
            .any(|w| major.neighbours.contains(w))
    {
        return false;
    }
    // Two words of the dictionary ("Police", "Policy"; "Gary", "Garry"; "Hindi",
    // "Hindu") are two words, unless one keeps the other's company in a run of names
    // ("Donald Tramp" beside "Donald Trump", "Untied States" beside "United States")
    // or both romanise one name ("Henry", "Henri"; "Joseph", "Josef") and one of them
    // keeps no company at all ("Philip Grant" and "Phillip Ames" are two men).
    let shares_a_name = || {
        minor
            .neighbours
            .iter()
            .any(|w| !is_title(w) && major.neighbours.contains(w))
    };
    let company = |f: &Form| f.neighbours.iter().any(|w| !is_title(w));
    if major.known
        && minor.known
        && !shares_a_name()
        && (!transliterated || company(major) && company(minor))
    {
        return false;
    }
    // A place and a word made from it by its last letter ("Texas"/"Texan",
    // "Arabia"/"Arabic", "France"/"Franco").
    let same_but_last = {
        let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        match x.len().cmp(&y.len()) {
            std::cmp::Ordering::Equal => x[..x.len() - 1] == y[..y.len() - 1],
            std::cmp::Ordering::Less => y.starts_with(&x) && y.len() == x.len() + 1,
            std::cmp::Ordering::Greater => x.starts_with(&y) && x.len() == y.len() + 1,
        }
    };
    let ends_as_word = |s: &str| s.ends_with(['n', 'c', 'i', 'o', 's']);
    // A last letter changed, not added, makes a word only when the result is one
    // ("Franco"; not "Yoro" beside "York"); one added always may ("Baghdadi").
    let word = |f: &Form| la != lb || f.known || known(f);
    if same_but_last
        && !doubled_last
        && (known(major) && ends_as_word(b) && word(minor)
            || known(minor) && ends_as_word(a) && word(major))
    {
        return false;
    }
    // A word and another made from it by its ending ("Zionism", "Zionist";
    // "Islamophobia", "Islamophobic"; "Korean", "Koreas"), one of them a word.
    const MADE_FROM: &[(&str, &str)] = &[("ism", "ist"), ("ia", "ic"), ("an", "as"), ("ic", "ics")];
    let made_from = MADE_FROM.iter().any(|(x, y)| {
        let stem = |s: &str, end: &str| s.strip_suffix(end).map(str::to_string);
        matches!((stem(a, x), stem(b, y)), (Some(p), Some(q)) if p == q)
            || matches!((stem(a, y), stem(b, x)), (Some(p), Some(q)) if p == q)
    });
    if made_from && (major.known || minor.known) {
        return false;
    }
    // A given name and a surname ("David", "Davis"): always first in a run against
    // always last.
    let only_first = |f: &Form| f.first_in_run && !f.last_in_run;
    let only_last = |f: &Form| f.last_in_run && !f.first_in_run;
    if !misspelt_word
        && (only_first(major) && only_last(minor) || only_last(major) && only_first(minor))
    {
        return false;
    }
    // Two people: each surname with a first name of its own, each first name with a
    // surname of its own.
    let distinct = |x: &[&str], y: &[&str]| {
        if x.is_empty() || y.is_empty() {
            return false;
        }
        if x.len() * y.len() <= 64 {
            return !x
                .iter()
                .any(|p| y.iter().any(|q| p == q || spelling::is_variant(p, q)));
        }
        // Indexed, not compared pair by pair: a name can stand beside hundreds of others.
        let index = spelling::VariantIndex::new(y.iter().copied());
        !x.iter()
            .any(|p| y.contains(p) || !index.variants_of(&spelling::NameKey::new(p)).is_empty())
    };
    // A long name a letter off ("Kardashian", "Kardashean") is the same name in any
    // company: a family's members share it, and long names one slip apart that are
    // both real are rare. So is a form no name could have ("Wliliam", "Jsoe").
    let misspelt_name = !minor.known
        && (la.min(lb) >= 8 || spelling::has_unseen_trigram(&minor.folded, &major.folded));
    misspelt_word
        || misspelt_name
        || !(distinct(&major.before, &minor.before) || distinct(&major.after, &minor.after))
}
