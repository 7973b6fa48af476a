//! When two written forms are one name spelled two ways: diacritics (Erdoğan/Erdogan),
//! transliterations (Zelensky/Zelenskyy/Zelenskiy, Gaddafi/Qaddafi, Araghchi/Araqchi)
//! and typos (Araghchi/Araghchy).

/// Lower-case English words of four letters or more, one a line, sorted by bytes
/// (`data/common-words.txt`, generated from SCOWL by `scripts/gazetteer/common_words.py`).
static COMMON_WORDS: &str = include_str!("../../data/common-words.txt");

/// Capitalised English words of four letters or more, one a line, sorted by bytes
/// (`data/proper-words.txt`, generated from SCOWL by `scripts/gazetteer/proper_words.py`):
/// names and the words made from them ("Garry", "Hindu", "Zionist").
static PROPER_WORDS: &str = include_str!("../../data/proper-words.txt");

/// Whether a capitalised word is a common English word written with a capital
/// ("Tramp", "Beauty", "Analysis"): an ASCII word whose first letter alone is a
/// capital and whose lower case is in the word list. A binary search over the list's
/// lines, so nothing is built or kept in memory.
pub fn is_common_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.len() < 4
        || bytes.len() > 32
        || !bytes.iter().all(u8::is_ascii_alphabetic)
        || bytes[1..].iter().any(u8::is_ascii_uppercase)
    {
        return false;
    }
    let mut buffer = [0u8; 32];
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    in_sorted_lines(COMMON_WORDS, lower)
}

/// Whether a capitalised word is in the list of proper words as written ("Garry",
/// "Mark", "Hindu"): a name, or a word made from one.
pub fn is_proper_word(word: &str) -> bool {
    in_sorted_lines(PROPER_WORDS, word.as_bytes())
}

/// Whether a capitalised word is a word of the dictionary, common or proper, as
/// written or inflected: "Policy", "Replied" (reply), "Women", "Garry", "Hindu",
/// "Koreans". Two such words one letter apart are two words, not a slip.
pub fn is_known_word(word: &str) -> bool {
    is_listed_word(word) || american_spelling(word).is_some_and(|w| is_listed_word(&w))
}

/// The American spelling of a British one ("Labour", "Centre", "Organisation",
/// "Defence", "Travelling"): the lists are American, and British copy writes the
/// other form of the same word.
fn american_spelling(word: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("tre", "ter"),
        ("tres", "ters"),
        ("ence", "ense"),
        ("lled", "led"),
        ("lling", "ling"),
        ("ller", "ler"),
        ("llor", "lor"),
    ];
    for (british, american) in ENDINGS {
        if let Some(stem) = word.strip_suffix(british) {
            return Some(format!("{stem}{american}"));
        }
    }
    // "-our" anywhere but the start ("Labour", "Honourable", "Behaviour").
    word.get(1..)
        .and_then(|rest| rest.find("our"))
        .map(|i| format!("{}{}", &word[..i + 2], &word[i + 3..]))
}

/// Whether a word is in the lists as written or inflected.
fn is_listed_word(word: &str) -> bool {
    if is_common_word(word) || is_proper_word(word) {
        return true;
    }
    // Inflections the lists leave out: the stem (with its own ending put back) is
    // looked up instead.
    const ENDINGS: &[(&str, &str)] = &[
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("er", ""),
        ("er", "e"),
    ];
    // The stem is put together in a buffer on the stack: longer words are in neither list.
    let mut buffer = [0u8; 40];
    ENDINGS.iter().any(|(ending, restore)| {
        word.strip_suffix(ending).is_some_and(|stem| {
            let len = stem.len() + restore.len();
            if len < 4 || len > buffer.len() {
                return false;
            }
            buffer[..stem.len()].copy_from_slice(stem.as_bytes());
            buffer[stem.len()..len].copy_from_slice(restore.as_bytes());
            // Whole characters from `word` and an ASCII ending: still UTF-8.
            let stem = std::str::from_utf8(&buffer[..len]).unwrap_or("");
            is_common_word(stem) || in_sorted_lines(PROPER_WORDS, stem.as_bytes())
        })
    })
}

/// Whether a folded word has three letters in a row (counting its start and end)
/// that no word of the lists has, nor the form it is compared with: "Wliliam" beside
/// "William", "Bjprn" beside "Bjorn". Such a form is a slip of the hand, not a name
/// of its own ("Maloney", "Jacobo" have none). Letters outside a–z say nothing.
pub fn has_unseen_trigram(folded: &str, other: &str) -> bool {
    static SEEN: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let seen = SEEN.get_or_init(|| {
        let mut bits = vec![0u64; TRIGRAMS.div_ceil(64)];
        for word in COMMON_WORDS.lines().chain(PROPER_WORDS.lines()) {
            for_each_trigram(&word.to_ascii_lowercase(), |t| {
                bits[t / 64] |= 1 << (t % 64)
            });
        }
        bits
    });
    let mut in_other = Vec::new();
    for_each_trigram(other, |t| in_other.push(t));
    let mut unseen = false;
    for_each_trigram(folded, |t| {
        unseen |= seen[t / 64] & (1 << (t % 64)) == 0 && !in_other.contains(&t);
    });
    unseen
}

/// 26 letters and the word's edge, three in a row.
const TRIGRAMS: usize = 27 * 27 * 27;

/// Calls `f` with each trigram of each all-ASCII-letter part of `word` (split at
/// anything else), the part's edges included.
fn for_each_trigram(word: &str, mut f: impl FnMut(usize)) {
    for part in word.split(|c: char| !c.is_alphanumeric()) {
        if part.len() < 2 || !part.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        let code = |b: u8| usize::from(b - b'a') + 1;
        let mut window = [0usize; 3];
        for c in part.bytes().map(code).chain(std::iter::once(0)) {
            window = [window[1], window[2], c];
            f((window[0] * 27 + window[1]) * 27 + window[2]);
        }
    }
}

/// Whether `word` is one of the lines of `list` (sorted by bytes): a binary search
/// over the text itself.
fn in_sorted_lines(list: &str, word: &[u8]) -> bool {
    let list = list.as_bytes();
    let (mut low, mut high) = (0, list.len());
    while low < high {
        let middle = (low + high) / 2;
        // The line that holds `middle`.
        let start = list[..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = list[middle..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(list.len(), |i| middle + i);
        match list[start..end].cmp(word) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => low = end + 1,
            std::cmp::Ordering::Greater => high = start,
        }
    }
    false
}

/// The form with diacritics removed, lower case ("Erdoğan" → "erdogan").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{0300}'..='\u{036F}' => {} // combining marks
            _ => out.extend(base_letter(c).to_lowercase()),
        }
    }
    out
}

fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => {
            'e'
        }
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            'u'
        }
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        '’' => '\'',
        other => other,
    }
}

/// A rough phonetic skeleton for romanised names: the letters that transliteration
/// schemes disagree on are merged, doubled letters collapsed.
pub fn skeleton(word: &str) -> String {
    let folded = fold(word);
    let mut s = folded
        .replace("kh", "h")
        .replace("gh", "g")
        .replace("dh", "d")
        .replace("th", "t")
        .replace("ph", "f")
        .replace("ck", "k")
        // ks and x are one sound (Aksyonov, Axyonov; Jackson, Jaxon).
        .replace("cx", "x")
        .replace("ks", "x")
        .replace("ou", "u")
        .replace('q', "g")
        .replace('w', "v")
        .replace('\'', "");
    // A hard c and k are one sound (Kolton, Colton).
    s = hard_c_as_k(&s);
    // Russian names end in -ov or -off, -ev or -eff (Smirnov, Smirnoff).
    if s.len() > 4 && (s.ends_with("off") || s.ends_with("eff")) {
        s.truncate(s.len() - 2);
        s.push('v');
    }
    // Transliterations disagree on a name's last vowel: -y, -yy, -iy, -i.
    let stem_len = s.trim_end_matches(['y', 'i']).len();
    if stem_len < s.len() {
        s.truncate(stem_len);
        s.push('i');
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

fn hard_c_as_k(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match (c, chars.get(i + 1)) {
            ('c', Some('a' | 'o' | 'u' | 'l' | 'r')) | ('c', None) => 'k',
            _ => c,
        })
        .collect()
}

/// Whether one of two capitalised words is made from the other by an ending no slip of
/// the hand makes: a doctrine and its follower ("Lefebvrism", "Lefebvrist"), a Latin
/// name and its genitive ("Auriga", "AB Aurigae"), a common word and a word or name
/// made from it ("State", "Penn Stater"). Only from a common word: a given name takes such an ending as a name of
/// its own ("Paul", "Paula"), and a slip of it is still a slip.
pub fn is_made_from(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let doctrine = |x: &str, y: &str| matches!((x.strip_suffix("ism"), y.strip_suffix("ist")), (Some(p), Some(q)) if p == q);
    if doctrine(a, b) || doctrine(b, a) {
        return true;
    }
    match long.strip_prefix(short) {
        Some("e") => short.ends_with('a'),
        Some("i" | "er" | "a") => is_common_word(short),
        Some("r") => short.ends_with('e') && is_common_word(short),
        _ => false,
    }
}

fn is_plural_of(plural: &str, singular: &str) -> bool {
    plural
        .strip_suffix("es")
        .is_some_and(|stem| stem == singular)
        || plural
            .strip_suffix('s')
            .is_some_and(|stem| stem == singular)
}

/// Damerau–Levenshtein distance (with adjacent transpositions), capped for speed.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut previous2: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(previous2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Whether two capitalised names are one name spelled two ways.
pub fn is_variant(a: &str, b: &str) -> bool {
    NameKey::new(a).is_variant_of(&NameKey::new(b))
}

/// Names indexed so that the ones a name may be a variant of are found without
/// comparing it with each: a variant has the same folded form, the same skeleton, or
/// is one edit from it, and two forms one edit apart share one of their one-letter
/// deletions. The candidates are then checked with [`NameKey::is_variant_of`], so the
/// answer is the one a comparison with every name gives.
pub struct VariantIndex<'a> {
    keys: Vec<NameKey<'a>>,
    buckets: std::collections::HashMap<u64, Vec<usize>, crate::analysis::memo::FastBuildHasher>,
}

/// The keys [`VariantIndex`] files a name under, for an index kept elsewhere: a name
/// `is_variant` of another shares at least one key with it.
pub fn variant_keys(name: &str, each: impl FnMut(u64)) {
    index_hashes(&NameKey::new(name), each);
}

/// What the index files a name under: its skeleton, and its folded form with each one
/// letter left out (and whole, which covers an equal folded form).
fn index_hashes(key: &NameKey, mut each: impl FnMut(u64)) {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (0u8, &key.skeleton).hash(&mut hasher);
    each(hasher.finish());
    let letters: Vec<char> = key.folded.chars().collect();
    for skip in std::iter::once(usize::MAX).chain(0..letters.len()) {
        let mut hasher = std::hash::DefaultHasher::new();
        1u8.hash(&mut hasher);
        for (k, c) in letters.iter().enumerate() {
            if k != skip {
                c.hash(&mut hasher);
            }
        }
        each(hasher.finish());
    }
}

impl<'a> VariantIndex<'a> {
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> VariantIndex<'a> {
        let keys: Vec<NameKey> = names.into_iter().map(NameKey::new).collect();
        let mut buckets: std::collections::HashMap<u64, Vec<usize>, _> = Default::default();
        for (i, key) in keys.iter().enumerate() {
            index_hashes(key, |hash| {
                let list: &mut Vec<usize> = buckets.entry(hash).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            });
        }
        VariantIndex { keys, buckets }
    }

    /// The indices (ascending) of the names `key` is a variant of.
    pub fn variants_of(&self, key: &NameKey) -> Vec<usize> {
        let mut found = Vec::new();
        index_hashes(key, |hash| {
            if let Some(list) = self.buckets.get(&hash) {
                found.extend(list.iter().filter(|&&i| key.is_variant_of(&self.keys[i])));
            }
        });
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// A name with its folded form and skeleton computed once, for comparing it with many
/// others.
#[derive(Debug, Clone)]
pub struct NameKey<'a> {
    written: &'a str,
    letters: usize,
    folded: String,
    skeleton: String,
}

impl<'a> NameKey<'a> {
    pub fn new(written: &'a str) -> NameKey<'a> {
        let folded = fold(written);
        NameKey {
            written,
            letters: folded.chars().count(),
            skeleton: skeleton(written),
            folded,
        }
    }

    /// Whether the two are one name spelled two ways.
    pub fn is_variant_of(&self, other: &NameKey) -> bool {
        let (a, b) = (self, other);
        if a.written == b.written || a.letters < 4 || b.letters < 4 {
            return false;
        }
        let (fa, fb) = (&a.folded, &b.folded);
        // A plural ("the Okafors", "Paralympics") and an apostrophe's shape (O’Brien,
        // O'Brien) are not spellings of a name.
        if is_plural_of(fa, fb)
            || is_plural_of(fb, fa)
            || is_made_from(a.written, b.written)
            || fa == fb && a.written.replace('’', "'") == b.written.replace('’', "'")
        {
            return false;
        }
        if fa == fb {
            return true;
        }
        // Short names that differ by a doubled letter are usually two names (More, Moore).
        if a.letters >= 5 && b.letters >= 5 && a.skeleton == b.skeleton {
            return true;
        }
        // A typo: one edit in a long name, same first letter.
        a.letters >= 6
            && b.letters >= 6
            && fa.chars().next() == fb.chars().next()
            && edit_distance(fa, fb) == 1
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_word_made_by_an_ending_is_no_slip_of_a_name() {
        for (a, b) in [
            ("Lefebvrism", "Lefebvrist"),
            ("Auriga", "Aurigae"),
            ("State", "Stater"),
            ("Leader", "Leaderi"),
        ] {
            assert!(is_made_from(a, b), "{a} / {b}");
        }
        // A given name's ending, a slip inside the word, a slip at its end.
        for (a, b) in [
            ("Paul", "Paula"),
            ("Lynn", "Lynne"),
            ("Preston", "Prestoni"),
            ("Trump", "Tramp"),
        ] {
            assert!(!is_made_from(a, b), "{a} / {b}");
        }
    }
    use super::*;

    #[test]
    fn the_index_finds_what_comparing_every_pair_finds() {
        let names = [
            "Erdoğan",
            "Erdogan",
            "Zelensky",
            "Zelenskyy",
            "Zelenskiy",
            "Gaddafi",
            "Qaddafi",
            "Araghchi",
            "Araqchi",
            "Araghchy",
            "Netanyahu",
            "Netanyhau",
            "Colton",
            "Kolton",
            "Okafor",
            "Okafors",
            "More",
            "Moore",
            "Policy",
            "Police",
            "Smith",
            "Smyth",
            "O’Brien",
            "O'Brien",
            "Tanaka",
            "Tanakka",
            "Ruiz",
            "Ruíz",
            "Abcdef",
            "Bacdef",
        ];
        let index = VariantIndex::new(names);
        let mut pairs = 0;
        for name in names {
            let key = NameKey::new(name);
            let compared: Vec<usize> = (0..names.len())
                .filter(|&i| key.is_variant_of(&NameKey::new(names[i])))
                .collect();
            assert_eq!(index.variants_of(&key), compared, "{name}");
            pairs += compared.len();
        }
        // The list holds variants of every kind (accent, skeleton, one edit).
        assert!(pairs >= 20, "{pairs}");
    }

    #[test]
    fn variants_of_one_name() {
        for (a, b) in [
            ("Erdoğan", "Erdogan"),
            ("Zelensky", "Zelenskyy"),
            ("Zelenskiy", "Zelenskyy"),
            ("Gaddafi", "Qaddafi"),
            ("Araghchi", "Araqchi"),
            ("Araghchi", "Araghchy"),
            ("Netanyahu", "Netanyhau"),
            ("Colton", "Kolton"),
            ("Smirnov", "Smirnoff"),
            ("Aksyonov", "Axyonov"),
        ] {
            assert!(is_variant(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn common_words() {
        for word in [
            "Tramp", "Beauty", "Analysis", "Analysts", "Zoom", "Able", "Trump",
        ] {
            assert!(is_common_word(word), "{word}");
        }
        for word in [
            "Trump2", "Turmp", "Obama", "JPMorgan", "Cat", "ANALYSIS", "Florrida",
        ] {
            assert!(!is_common_word(word), "{word}");
        }
    }

    #[test]
    fn known_words() {
        for word in [
            "Replied", "Replies", "Women", "Policy", "Garry", "Gary", "Hindu", "Hindi", "Zionist",
            "Zionism", "Koreans", "Bogotá",
        ] {
            assert!(is_known_word(word), "{word}");
        }
        for word in [
            "Turmp",
            "Hilalry",
            "Florrida",
            "Goldsetein",
            "Deparment",
            "Gemany",
        ] {
            assert!(!is_known_word(word), "{word}");
        }
    }

    #[test]
    fn british_spellings_are_known_words() {
        for word in [
            "Labour",
            "Honourable",
            "Centre",
            "Theatres",
            "Organisation",
            "Realised",
            "Analyse",
            "Defence",
            "Travelling",
            "Counsellor",
        ] {
            assert!(is_known_word(word), "{word}");
        }
        // Only a British form of a listed word is known, not any word with the ending.
        for word in ["Labrour", "Centrre", "Organisashun", "Atourney"] {
            assert!(!is_known_word(word), "{word}");
        }
    }

    #[test]
    fn unseen_trigrams_mark_slips_not_names() {
        for (slip, name) in [
            ("wliliam", "william"),
            ("jsoe", "jose"),
            ("bjprn", "bjorn"),
            ("mcihelle", "michelle"),
            ("nihcolas", "nicholas"),
        ] {
            assert!(has_unseen_trigram(slip, name), "{slip}");
        }
        for (name, other) in [
            ("maloney", "malone"),
            ("jacobo", "jacob"),
            ("kardashian", "kardashain"),
            ("yacoub", "yakoub"),
            ("o'brien", "o'brian"),
        ] {
            assert!(!has_unseen_trigram(name, other), "{name}");
        }
        // Letters the other form has too say nothing ("Bjorn", "Bjornn"), nor do
        // letters outside a–z.
        assert!(!has_unseen_trigram("bjornn", "bjorn"));
        assert!(!has_unseen_trigram("erdoğan", "erdogan"));
    }

    #[test]
    fn different_names() {
        for (a, b) in [
            ("Jon", "John"),
            ("Iran", "Iraq"),
            ("Austria", "Australia"),
            ("Smith", "Smyth"),
            ("Hansen", "Jansen"),
            ("Okafor", "Okafors"),
            ("Paralympic", "Paralympics"),
            ("More", "Moore"),
            ("O’Brien", "O'Brien"),
        ] {
            assert!(!is_variant(a, b), "{a} / {b}");
        }
    }
}
