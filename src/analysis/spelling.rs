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
    ENDINGS.iter().any(|(ending, restore)| {
        word.strip_suffix(ending).is_some_and(|stem| {
            let stem = format!("{stem}{restore}");
            stem.len() >= 4
                && (is_common_word(&stem) || in_sorted_lines(PROPER_WORDS, stem.as_bytes()))
        })
    })
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
        .replace("ou", "u")
        .replace('q', "g")
        .replace('w', "v")
        .replace('\'', "");
    // A hard c and k are one sound (Kolton, Colton).
    s = hard_c_as_k(&s);
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
    use super::*;

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
