//! The slip pass's judgment of two forms: one slip of the hand apart, and not two
//! different names. The pass (`mod.rs`) finds the pairs; this says which are slips.

use super::Form;
use crate::analysis::entities::variants::is_title;
use crate::analysis::{gazetteer, spelling};

/// Whether `minor` is a slip of `major`: one edit apart in the ways a hand slips, and
/// not two different names.
pub(super) fn is_slip(major: &Form, minor: &Form) -> bool {
    let (a, b) = (&major.facts.folded, &minor.facts.folded);
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
    let long_word = major.facts.common && major.facts.folded.chars().count() >= 6;
    if minor.facts.common && minor.named.is_empty()
        || major.facts.common
            && major.named.is_empty()
            && (!long_word || minor.facts.known || minor.named.is_empty())
    {
        return false;
    }
    // A word of no dictionary one slip from a long common word ("Attorney",
    // "Attroney"; "Bureau", "Buerau") misspells the word, whatever names stand beside
    // each.
    let misspelt_word = long_word && !minor.facts.known;
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
    let transliterated =
        major.facts.skeleton.is_some() && major.facts.skeleton == minor.facts.skeleton;
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
        && (shorter.facts.known || shorter.place.is_some())
    {
        return false;
    }
    // A common word ("Cold" of "Cold War", "Peace" of "Peace Corps") beside a name
    // ("Cole", "Pence") is a slip only in the name's company ("Donald Tramp") or
    // alone.
    if minor.facts.common
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
    if major.facts.known
        && minor.facts.known
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
    let word = |f: &Form| la != lb || f.facts.known || known(f);
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
    let made_from = |(x, y): &(&str, &str)| {
        let stem = |s: &str, end: &str| s.strip_suffix(end).map(str::to_string);
        matches!((stem(a, x), stem(b, y)), (Some(p), Some(q)) if p == q)
            || matches!((stem(a, y), stem(b, x)), (Some(p), Some(q)) if p == q)
    };
    if MADE_FROM.iter().any(made_from) && (major.facts.known || minor.facts.known)
        || spelling::is_made_from(major.written, minor.written)
    {
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
    let misspelt_name = !minor.facts.known
        && (la.min(lb) >= 8
            || spelling::has_unseen_trigram(&minor.facts.folded, &major.facts.folded));
    misspelt_word
        || misspelt_name
        || !(distinct(&major.before, &minor.before) || distinct(&major.after, &minor.after))
}
