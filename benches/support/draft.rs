//! A deterministic generator of wire-style news drafts, shared by the criterion benches
//! (`benches/analysis.rs`) and the examples (`examples/gen_draft.rs`,
//! `examples/latency.rs`, `examples/keystrokes.rs`), which include it with
//! `#[path = "..."] mod draft;`.
//!
//! The same (words, seed) always gives the same text, byte for byte, on every machine:
//! the randomness is a small xorshift generator, not a crate. A draft is Markdown: a
//! headline, a dateline, short wire paragraphs (some hard-wrapped), subheadings, direct
//! quotations in curly marks with attributions ("…,” said Foreign Minister Ana Ruiz. /
//! “…,” Ruiz said.), nested single quotes, quotations that run over two paragraphs,
//! titled first references and surnames later, figures, percentages, money, dates and
//! times, accented names, emoji, curly apostrophes, bold, italics, links, bare URLs, bullet
//! lists, block quotes and editors' HTML comments. About one paragraph in 150 leaves a
//! quotation open, as real drafts do, so the rules have something to report.

#![allow(dead_code)]

/// The seed the benches and the latency client use.
pub const SEED: u64 = 0x5EED_C0DE_D0C5_2024;

/// A draft of at least `words` words (whitespace-separated tokens), ending at the end of
/// a paragraph.
pub fn generate(words: usize, seed: u64) -> String {
    Writer::new(seed).run(words)
}

/// xorshift64* (Vigna): enough for picking templates, deterministic everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero: xorshift would stay at zero forever.
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0); the slight modulo bias does not matter here.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// Uniform in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Person {
    title: &'static str,
    first: &'static str,
    last: &'static str,
    pronoun: &'static str,
}

const fn person(
    title: &'static str,
    first: &'static str,
    last: &'static str,
    pronoun: &'static str,
) -> Person {
    Person {
        title,
        first,
        last,
        pronoun,
    }
}

const PEOPLE: &[Person] = &[
    person("Foreign Minister", "Ana", "Ruiz", "she"),
    person("President", "Recep Tayyip", "Erdoğan", "he"),
    person("President", "Volodymyr", "Zelenskyy", "he"),
    person("Labor Minister", "Chidi", "Okafor", "he"),
    person("port authority spokeswoman", "Mei", "Tanaka", "she"),
    person("union leader", "Jürgen", "Müller", "he"),
    person("Mayor", "Sofia", "Almeida", "she"),
    person("economist", "Priya", "Raman", "she"),
    person("Sen.", "Mark", "O’Brien", "he"),
    person("Dr.", "Leila", "Haddad", "she"),
    person("Finance Minister", "Lars", "Lindqvist", "he"),
    person("Police Chief", "Dana", "Whitfield", "she"),
    person("Rep.", "Tomás", "Ibarra", "he"),
    person("Gov.", "Hannah", "Kowalczyk", "she"),
    person("Prime Minister", "Kenji", "Watanabe", "he"),
    person("analyst", "Amara", "Nwosu", "she"),
    person("Harbor Master", "Luis", "Ferreira", "he"),
    person("Gen.", "Yusuf", "Demir", "he"),
    person("Health Minister", "Ingrid", "Solberg", "she"),
    person("shipping executive", "Rahul", "Mehta", "he"),
    person("Ambassador", "Camille", "Dubois", "she"),
    person("Central Bank Governor", "Oleksandr", "Hrytsenko", "he"),
    person("union steward", "Grace", "Mbeki", "she"),
    person("Deputy Mayor", "Björn", "Andersson", "he"),
];

const ORGS: &[&str] = &[
    "the International Monetary Fund",
    "the Port Workers’ Union",
    "the World Health Organization",
    "the Ministry of Finance",
    "the European Commission",
    "the Chamber of Shipping",
    "the National Statistics Office",
    "the Transport Ministry",
    "the city council",
    "the central bank",
    "Maersk",
    "the United Nations",
];

const MEDIA: &[&str] = &[
    "The Associated Press",
    "Reuters",
    "reporters",
    "a news conference",
    "lawmakers",
    "state television",
    "the BBC",
];

const PLACES: &[&str] = &[
    "Istanbul",
    "São Paulo",
    "Kyiv",
    "Rotterdam",
    "Lagos",
    "Montréal",
    "Ankara",
    "Gdańsk",
    "Valparaíso",
    "Mumbai",
    "Reykjavík",
    "Hamburg",
    "Nuuk",
    "Düsseldorf",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const EMOJI: &[&str] = &["💡", "📈", "📉", "🚢", "⚓", "🔥", "🇺🇦", "👍", "🙏", "💪🏽"];

const QUOTES: &[&str] = &[
    "We will not accept a deal that leaves our members worse off",
    "This is a crisis of confidence, not of capacity",
    "Nobody wants a long strike, but we’re ready for one",
    "The numbers speak for themselves",
    "We’ve been clear from the start about what we need",
    "I don’t think anyone expected it to move this fast",
    "When they say ‘temporary,’ they mean years",
    "Our door remains open, and it has never been closed",
    "It’s the families who pay for this, every single day",
    "We are prepared to meet at any hour, anywhere",
    "There is no plan B, and there never was",
    "The government has done everything it promised",
    "This isn’t about money; it’s about respect",
    "You can’t run a port on goodwill alone",
    "We warned them in March, and again in June",
    "Frankly, the markets have overreacted",
    "I have asked my team to review every contract, line by line",
    "They called it ‘a modest adjustment,’ and it was anything but",
    "We’re not going anywhere",
    "History will judge how we handle the next 48 hours",
    "The ships are waiting, the cargo is rotting, and the minister is on holiday",
    "We asked for independent mediators last month and heard nothing back",
    "Every shipping line on this coast knows what is at stake",
    "I understand why people are angry about the delays",
    "The next government will inherit the bill for all of this",
    "A strike is always the last resort, never the first",
    "My father worked these docks for 40 years, and so did his",
    "These cranes were old when I started, and I started in 1998",
    "We are not going to negotiate through the newspapers",
    "Ask any driver queuing at Gate 4 what the delays cost them",
    "Nobody in this building has seen a budget like it",
    "Let me be very clear: there will be no layoffs this year",
];

const QUESTIONS: &[&str] = &[
    "Who pays for the ships waiting offshore",
    "Why should workers trust a promise they heard ten years ago",
    "What exactly are we negotiating, if not wages",
    "Is anyone in the ministry listening",
];

const FRAGMENTS: &[&str] = &[
    "a historic step",
    "deeply irresponsible",
    "the worst in a generation",
    "unacceptable by any measure",
    "a line in the sand",
    "not built for this kind of pressure",
    "fair, but overdue",
];

const CONTEXT: &[&str] = &[
    "The strike began on {DAY} after talks between {ORG} and the government collapsed.",
    "{PLACE} handled {NUM} containers in {MONTH}, {PCT} more than a year earlier.",
    "Officials said the measure would cost about {MONEY} over {SMALL} years.",
    "According to {ORG}, inflation reached {PCT} in {MONTH}, its highest level since {YEAR}.",
    "Shipping lines diverted at least {SMALL} vessels to {PLACE}, where queues stretched for {SMALL} kilometers.",
    "The company’s shares fell {PCT} in early trading on {DAY}.",
    "Sources say the deal could be signed as early as {DAY}.",
    "It wasn’t immediately clear how many workers had joined the walkout.",
    "The measure passed {SMALL}-{SMALL}, with {SMALL} abstentions.",
    "Talks are set to resume at 3 p.m. {DAY} in {PLACE}.",
    "The agreement, first reported by {MEDIA}, runs until {MONTH} {YEAR}.",
    "About {NUM} people were affected, according to figures released on {MONTH} {DATE}.",
    "Experts believe the backlog could take weeks to clear.",
    "The ministry’s budget rose to {MONEY} this year, up from {MONEY} in {YEAR}.",
    "{ORG} did not respond to a request for comment on {DAY}.",
    "Unemployment in the region stood at {PCT} in {MONTH}, down from {PCT}.",
    "The port, one of the busiest in Europe, employs roughly {NUM} people.",
    "Container rates on the route have nearly doubled since {MONTH}.",
    "Police said {SMALL} people were detained and later released.",
    "It is reported that as many as {SMALL} ships are waiting offshore.",
    "The U.S. Embassy in {PLACE} issued a travel advisory late {DAY}.",
    "Prices for diesel rose {PCT} in the week to {MONTH} {DATE}, the statistics office said.",
    "Dr. Haddad’s report, published in {MONTH}, put the cost at {MONEY}.",
    "The government’s 10-point plan includes tax relief for small businesses.",
    "Fewer than one in {SMALL} respondents said they trusted the figures.",
    "Temperatures hit {SMALL}°C on {DAY}, the hottest day of the year so far.",
];

const HEADINGS: &[&str] = &[
    "Talks stall as deadline nears",
    "What the deal would change",
    "A city waits",
    "Markets react",
    "The numbers behind the strike",
    "Reaction from abroad",
    "What happens next",
    "A long history of disputes",
    "Pressure on the government",
    "Inside the negotiations",
    "Families feel the squeeze",
    "Questions over the figures",
];

const HEADLINES: &[&str] = &[
    "Dockworkers walk out as port talks collapse",
    "Ministers race to end strike before markets open",
    "Inflation figures fuel row over port deal",
];

const TYPED_WORDS: &[&str] = &[
    "meanwhile",
    "officials",
    "however",
    "the",
    "port",
    "remained",
    "closed",
    "through",
    "weekend",
    "as",
    "talks",
    "stalled",
    "again",
];

struct Writer {
    rng: Rng,
    out: String,
    words: usize,
    introduced: Vec<bool>,
    paragraphs: usize,
    /// The person the last paragraph quoted, so a pronoun can follow.
    last_speaker: Option<usize>,
}

impl Writer {
    fn new(seed: u64) -> Writer {
        Writer {
            rng: Rng::new(seed),
            out: String::new(),
            words: 0,
            introduced: vec![false; PEOPLE.len()],
            paragraphs: 0,
            last_speaker: None,
        }
    }

    fn run(mut self, target: usize) -> String {
        let headline = *self.rng.pick(HEADLINES);
        self.block(format!("# {headline}"));
        let place = self.rng.pick(PLACES).to_uppercase();
        let day = *self.rng.pick(DAYS);
        let lede = format!(
            "**{place}** — Dockworkers walked off the job on {day} after six weeks of contract \
             talks ended without a deal, leaving {} container ships waiting offshore.",
            self.rng.range(4, 30)
        );
        self.paragraph(lede);
        let mut next_heading = self.rng.range(5, 10);
        while self.words < target {
            next_heading -= 1;
            if next_heading == 0 {
                next_heading = self.rng.range(5, 12);
                let mut heading = format!("## {}", self.rng.pick(HEADINGS));
                if self.rng.chance(15) {
                    heading.push(' ');
                    let emoji = *self.rng.pick(EMOJI);
                    heading.push_str(emoji);
                }
                self.block(heading);
                continue;
            }
            match self.rng.below(100) {
                0..=39 => {
                    let p = self.quote_paragraph();
                    self.paragraph(p);
                }
                40..=74 => {
                    let p = self.context_paragraph();
                    self.paragraph(p);
                }
                75..=79 => {
                    let p = self.partial_quote_paragraph();
                    self.paragraph(p);
                }
                80..=83 => self.multi_paragraph_quote(),
                84..=87 => self.bullet_list(),
                88..=89 => {
                    let q = self.quote();
                    let who = self.reference(None);
                    self.block(format!("> {q}. — {who}"));
                }
                90..=91 => {
                    let note = format!(
                        "<!-- TK: confirm the {} figure with {} -->",
                        self.rng.pick(MONTHS),
                        self.rng.pick(ORGS)
                    );
                    self.block(note);
                }
                92..=94 => {
                    let p = self.social_paragraph();
                    self.paragraph(p);
                }
                95..=96 => {
                    let p = self.link_paragraph();
                    self.paragraph(p);
                }
                _ => {
                    if self.rng.chance(40) {
                        // One paragraph in ~150: a quotation that never closes.
                        let q = *self.rng.pick(QUOTES);
                        let who = self.reference(None);
                        self.paragraph(format!("“{q}, {who} said."));
                    } else {
                        let p = self.context_paragraph();
                        self.paragraph(p);
                    }
                }
            }
        }
        self.out
    }

    /// A block written as it is (headings, lists, comments).
    fn block(&mut self, text: String) {
        self.words += text.split_whitespace().count();
        self.out.push_str(&text);
        self.out.push_str("\n\n");
    }

    /// A paragraph, hard-wrapped at about 80 columns a third of the time.
    fn paragraph(&mut self, text: String) {
        self.paragraphs += 1;
        self.words += text.split_whitespace().count();
        if self.rng.chance(33) {
            let mut column = 0;
            for (i, word) in text.split(' ').enumerate() {
                if i > 0 {
                    if column + 1 + word.chars().count() > 80 {
                        self.out.push('\n');
                        column = 0;
                    } else {
                        self.out.push(' ');
                        column += 1;
                    }
                }
                self.out.push_str(word);
                column += word.chars().count();
            }
        } else {
            self.out.push_str(&text);
        }
        self.out.push_str("\n\n");
    }

    /// How a person is named here: title and full name the first time, surname after.
    fn reference(&mut self, who: Option<usize>) -> String {
        let index = who.unwrap_or_else(|| self.rng.below(PEOPLE.len()));
        self.last_speaker = Some(index);
        let p = &PEOPLE[index];
        if self.introduced[index] {
            p.last.to_string()
        } else {
            self.introduced[index] = true;
            if p.title.starts_with(char::is_uppercase) {
                format!("{} {} {}", p.title, p.first, p.last)
            } else {
                format!("{} {}", p.first, p.last)
            }
        }
    }

    /// A reference to a person followed, on first mention of an untitled person, by
    /// their role as an appositive.
    fn reference_with_role(&mut self, who: Option<usize>) -> String {
        let index = who.unwrap_or_else(|| self.rng.below(PEOPLE.len()));
        let first = !self.introduced[index];
        let name = self.reference(Some(index));
        let p = &PEOPLE[index];
        if first && !p.title.starts_with(char::is_uppercase) {
            format!("{name}, {} at {},", p.title, self.rng.pick(ORGS))
        } else {
            name
        }
    }

    fn quote_paragraph(&mut self) -> String {
        let q = self.quote();
        let pronoun_ok = self.last_speaker.is_some() && self.rng.chance(20);
        match self.rng.below(7) {
            0 => {
                let who = self.reference_with_role(None);
                format!("“{q},” said {}", end_sentence(&who))
            }
            1 if pronoun_ok => {
                let p = &PEOPLE[self.last_speaker.unwrap_or(0)];
                format!("“{q},” {} added.", p.pronoun)
            }
            2 => {
                let who = self.reference(None);
                let q2 = self.quote();
                format!(
                    "“{q},” {who} told {} on {}. “{q2}.”",
                    self.rng.pick(MEDIA),
                    self.rng.pick(DAYS)
                )
            }
            3 => {
                let who = self.reference(None);
                format!("{who} said: “{q}.”")
            }
            4 => {
                let who = self.reference(None);
                let context = self.context_sentence();
                format!("{context} “{q},” {who} said.")
            }
            5 => {
                let who = self.reference(None);
                let template = *self.rng.pick(QUESTIONS);
                let question = self.fill(template);
                format!("“{question}?” {who} asked.")
            }
            _ => {
                let who = self.reference_with_role(None);
                format!("“{q},” {who} said.")
            }
        }
    }

    fn partial_quote_paragraph(&mut self) -> String {
        let who = self.reference(None);
        let fragment = self.rng.pick(FRAGMENTS);
        let place = self.rng.pick(PLACES);
        format!("{who} called the proposal for {place} “{fragment}” and said talks would go on.")
    }

    /// A quotation over two paragraphs: the first leaves it open, the second reopens it.
    fn multi_paragraph_quote(&mut self) {
        let who = self.reference(None);
        let q1 = self.quote();
        let q2 = self.quote();
        let q3 = self.quote();
        self.paragraph(format!("{who} said in a statement: “{q1}. {q2}."));
        self.paragraph(format!("“{q3}.”"));
    }

    fn bullet_list(&mut self) {
        let items = self.rng.range(3, 5);
        let mut list = String::new();
        for i in 0..items {
            if i > 0 {
                list.push('\n');
            }
            list.push_str("- ");
            let s = self.context_sentence();
            if self.rng.chance(30) {
                // Bold the first word, as list summaries often do.
                match s.split_once(' ') {
                    Some((head, tail)) => list.push_str(&format!("**{head}** {tail}")),
                    None => list.push_str(&s),
                }
            } else {
                list.push_str(&s);
            }
        }
        self.block(list);
    }

    fn social_paragraph(&mut self) -> String {
        let who = self.reference(None);
        let q = self.quote();
        let emoji = self.rng.pick(EMOJI);
        format!(
            "“{q} {emoji},” {who} wrote on X, in a post shared more than {} times.",
            group_thousands(self.rng.range(1_000, 90_000))
        )
    }

    fn link_paragraph(&mut self) -> String {
        let org = self.rng.pick(ORGS);
        let year = self.rng.range(2015, 2025);
        let month = self.rng.range(1, 12);
        if self.rng.chance(50) {
            format!(
                "A [report by {org}](https://example.org/reports/{year}/{month:02}/port-strike) \
                 found that *most* delays were avoidable."
            )
        } else {
            format!(
                "The full text of the agreement is at https://example.org/docs/{year}-{month:02}.pdf, \
                 according to {org}."
            )
        }
    }

    fn context_paragraph(&mut self) -> String {
        let sentences = self.rng.range(1, 3);
        let mut p = String::new();
        for i in 0..sentences {
            if i > 0 {
                p.push(' ');
            }
            let s = self.context_sentence();
            p.push_str(&s);
        }
        if self.rng.chance(10) {
            let who = self.reference_with_role(None);
            p.push_str(&format!(
                " {who} said the figures were {}.",
                if self.rng.chance(50) {
                    "*preliminary*"
                } else {
                    "likely to be revised"
                }
            ));
        }
        p
    }

    /// One of the stock quotations. They carry no figures, so two of them are either the
    /// same words or clearly different ones (a quotation given in two wordings is rare in a
    /// real draft, and the quote-mismatch rule flags it).
    fn quote(&mut self) -> String {
        self.rng.pick(QUOTES).to_string()
    }

    fn context_sentence(&mut self) -> String {
        let template = *self.rng.pick(CONTEXT);
        let sentence = self.fill(template);
        let mut chars = sentence.chars();
        match chars.next() {
            Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
            _ => sentence,
        }
    }

    /// Replaces the {SLOTS} of a template with names, figures and dates.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let slot = &rest[open + 1..open + close];
            let value = match slot {
                "DAY" => self.rng.pick(DAYS).to_string(),
                "ORG" => self.rng.pick(ORGS).to_string(),
                "PLACE" => self.rng.pick(PLACES).to_string(),
                "MEDIA" => self.rng.pick(MEDIA).to_string(),
                "MONTH" => self.rng.pick(MONTHS).to_string(),
                "YEAR" => self.rng.range(1998, 2024).to_string(),
                "DATE" => self.rng.range(1, 28).to_string(),
                "SMALL" => self.rng.range(2, 60).to_string(),
                "NUM" => group_thousands(self.rng.range(1_200, 2_500_000)),
                "PCT" => {
                    let tenths = self.rng.range(1, 250);
                    if self.rng.chance(70) {
                        format!("{}.{}%", tenths / 10, tenths % 10)
                    } else {
                        format!("{} percent", tenths / 10 + 1)
                    }
                }
                "MONEY" => {
                    let amount = self.rng.range(12, 990);
                    match self.rng.below(3) {
                        0 => format!("${}.{} billion", amount / 10, amount % 10),
                        1 => format!("€{amount} million"),
                        _ => format!("£{}.{} million", amount / 10, amount % 10),
                    }
                }
                other => other.to_string(),
            };
            out.push_str(&value);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// "Dr. Leila Haddad" + "." without doubling a final period.
fn end_sentence(text: &str) -> String {
    if text.ends_with('.') || text.ends_with(',') {
        let mut s = text.trim_end_matches(',').to_string();
        if !s.ends_with('.') {
            s.push('.');
        }
        s
    } else {
        format!("{text}.")
    }
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The draft with "x", and with "y", typed at the first space past its middle: typed in
/// turn, every version is new to the draft's cache, as on every real keystroke.
pub fn keystroke_versions(text: &str) -> [String; 2] {
    let middle = (text.len() / 2..)
        .find(|&i| text.is_char_boundary(i) && text[i..].starts_with(' '))
        .unwrap_or(0);
    ["x", "y"].map(|typed| {
        let mut version = text.to_string();
        version.insert_str(middle, typed);
        version
    })
}

/// Words a latency test types, one character at a time: " meanwhile officials …".
pub fn typing_text(chars: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.chars().count() < chars {
        out.push(' ');
        out.push_str(TYPED_WORDS[i % TYPED_WORDS.len()]);
        i += 1;
    }
    out.chars().take(chars).collect()
}
