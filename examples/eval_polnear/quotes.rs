//! `--task quotes`: direct quotations found, flagged and attributed (issue 3).

use std::collections::BTreeMap;
use std::ops::Range;

use copydesk::analysis::{Analysis, Format};
use copydesk::check::analyze;
use copydesk::config::Config;

use crate::continuation::{self, Carried};
use crate::corpus::Article;
use crate::gold::{self, GoldQuote, MarkStyle, QuoteKind, SourceClass};
use crate::report::{Ratio, Target, excerpt, metric, overlap, spread};

const UNATTRIBUTED: &str = "unattributed-quote";

pub struct Options {
    pub samples: usize,
    pub show_gold: usize,
}

#[derive(Default)]
struct Tally {
    recall_full: Ratio,
    recall_partial: Ratio,
    recall_by_style: BTreeMap<MarkStyle, Ratio>,
    flagged_attributed: Ratio,
    flagged_unattributed: Ratio,
    speaker: BTreeMap<SourceClass, Ratio>,
    speaker_when_found: BTreeMap<SourceClass, Ratio>,
    speaker_predicted: Ratio,
    partial_speaker: Ratio,
    deletion: Ratio,
    deletion_by_style: BTreeMap<MarkStyle, Ratio>,
    deletion_skipped: usize,
    /// Deletions after which the same gold source was quoted just before the quotation.
    deletion_carried: BTreeMap<Carried, Ratio>,
    /// Deletions after which the text names no speaker for the quotation.
    deletion_bare: Ratio,
    predicted_quotes: usize,
    unattributed_findings: usize,
    full_by_class: BTreeMap<&'static str, usize>,
    missed: Vec<String>,
    wrong_speaker: Vec<String>,
    false_flag: Vec<String>,
    deletion_missed: Vec<String>,
}

pub fn run(articles: &[Article], options: &Options) {
    let config = Config::default();
    let mut tally = Tally::default();
    let mut all_gold: Vec<GoldQuote> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let text = &article.text;
        let analysis = analyze(text, Format::PlainText, &config);
        tally.predicted_quotes += analysis.quotes.len();
        tally.unattributed_findings += analysis
            .findings
            .iter()
            .filter(|f| f.code == UNATTRIBUTED)
            .count();
        let golds = gold::direct_quotes(index, article);
        for quote in &golds {
            score_quote(article, &analysis, quote, &config, &mut tally);
        }
        all_gold.extend(golds);
    }

    if options.show_gold > 0 {
        show_gold(articles, &all_gold, options.show_gold);
    }

    let full: Vec<&GoldQuote> = all_gold
        .iter()
        .filter(|q| q.kind == QuoteKind::Full)
        .collect();
    let partial = all_gold.len() - full.len();
    println!("quotes task");
    println!(
        "  gold direct quotes: {} full ({} with a gold source: {} named, {} pronoun, {} other; {} without a source), {} partial",
        full.len(),
        full.iter().filter(|q| q.source.is_some()).count(),
        tally.full_by_class.get("named").unwrap_or(&0),
        tally.full_by_class.get("pronoun").unwrap_or(&0),
        tally.full_by_class.get("other").unwrap_or(&0),
        full.iter().filter(|q| q.source.is_none()).count(),
        partial,
    );
    println!(
        "  predicted: {} quotes, {} unattributed-quote findings",
        tally.predicted_quotes, tally.unattributed_findings
    );
    println!();
    metric(
        "gold direct quotes found (overlap ≥ 80% of gold)",
        tally.recall_full,
        Target::AtLeast(0.97),
    );
    for (style, ratio) in &tally.recall_by_style {
        metric(
            &format!("  … with {} marks", style.as_str()),
            *ratio,
            Target::None,
        );
    }
    metric(
        "gold attributed direct quotes flagged unattributed-quote",
        tally.flagged_attributed,
        Target::AtMost(0.03),
    );
    let targets = [
        (SourceClass::Named, Target::AtLeast(0.90)),
        (SourceClass::Pronoun, Target::AtLeast(0.80)),
        (SourceClass::Other, Target::None),
    ];
    for (class, target) in targets {
        let ratio = tally.speaker.get(&class).copied().unwrap_or_default();
        metric(
            &format!(
                "speaker right, {} sources (missed quote = wrong)",
                class.as_str()
            ),
            ratio,
            target,
        );
    }
    metric(
        "flagged after deleting a trailing attribution",
        tally.deletion,
        Target::AtLeast(0.90),
    );
    for (style, ratio) in &tally.deletion_by_style {
        metric(
            &format!("  … with {} marks", style.as_str()),
            *ratio,
            Target::None,
        );
    }
    metric(
        "  … the text names no speaker after the deletion",
        tally.deletion_bare,
        Target::None,
    );
    for (carried, ratio) in &tally.deletion_carried {
        metric(
            &format!("  … the {} attributed just before", carried.as_str()),
            *ratio,
            Target::None,
        );
    }
    println!();
    println!("  secondary");
    for class in [SourceClass::Named, SourceClass::Pronoun, SourceClass::Other] {
        let ratio = tally
            .speaker_when_found
            .get(&class)
            .copied()
            .unwrap_or_default();
        metric(
            &format!("speaker right among found, {}", class.as_str()),
            ratio,
            Target::None,
        );
    }
    metric(
        "found attributed quotes with any predicted speaker",
        tally.speaker_predicted,
        Target::None,
    );
    metric(
        "gold unattributed direct quotes flagged",
        tally.flagged_unattributed,
        Target::None,
    );
    metric(
        "partial quotes found (overlap ≥ 80%)",
        tally.recall_partial,
        Target::None,
    );
    metric(
        "partial quotes with a gold source: speaker right",
        tally.partial_speaker,
        Target::None,
    );
    println!(
        "  deletion test: {} quotes tested, {} attributed quotes with no trailing attribution skipped",
        tally.deletion.total, tally.deletion_skipped
    );

    let n = options.samples;
    if n > 0 {
        print_samples("missed gold direct quotes", &tally.missed, n);
        print_samples("wrong speaker", &tally.wrong_speaker, n);
        print_samples(
            "false unattributed-quote flags (gold source exists)",
            &tally.false_flag,
            n,
        );
        print_samples(
            "not flagged after deleting the trailing attribution",
            &tally.deletion_missed,
            n,
        );
    }
}

fn score_quote(
    article: &Article,
    analysis: &Analysis,
    quote: &GoldQuote,
    config: &Config,
    tally: &mut Tally,
) {
    let text = &article.text;
    let best = analysis
        .quotes
        .iter()
        .max_by_key(|p| overlap(&p.range, &quote.range))
        .filter(|p| overlap(&p.range, &quote.range) > 0);
    let found = best.is_some_and(|p| overlap(&p.range, &quote.range) * 5 >= quote.range.len() * 4);
    let found_quote = best.filter(|_| found);

    let speaker_right = |source: &gold::GoldSource| {
        found_quote
            .and_then(|p| p.speaker.as_ref())
            .is_some_and(|s| {
                source.fragments.iter().any(|g| overlap(g, &s.range) > 0)
                    || source.name.as_deref().is_some_and(|name| {
                        gold::last_word(name).is_some()
                            && gold::last_word(name) == gold::last_word(&s.name)
                    })
            })
    };

    if quote.kind == QuoteKind::Partial {
        tally.recall_partial.add(found);
        if let Some(source) = &quote.source {
            tally.partial_speaker.add(speaker_right(source));
        }
        return;
    }

    tally.recall_full.add(found);
    tally
        .recall_by_style
        .entry(quote.style)
        .or_default()
        .add(found);
    if !found {
        let predicted = best.map_or("no overlapping prediction".to_string(), |p| {
            format!("best prediction: {}", excerpt(text, p.range.clone(), 0, 80))
        });
        tally.missed.push(format!(
            "{}: {}\n      {predicted}",
            article.id,
            excerpt(text, quote.range.clone(), 30, 100)
        ));
    }

    let flagged = flagging(analysis, &quote.range);
    let Some(source) = &quote.source else {
        tally.flagged_unattributed.add(flagged.is_some());
        return;
    };
    *tally
        .full_by_class
        .entry(source.class.as_str())
        .or_default() += 1;

    tally.flagged_attributed.add(flagged.is_some());
    if let Some(message) = flagged {
        tally.false_flag.push(format!(
            "{}: {}\n      source: {:?}; finding: {message}",
            article.id,
            excerpt(text, quote.range.clone(), 40, 100),
            source.text
        ));
    }

    let right = speaker_right(source);
    tally.speaker.entry(source.class).or_default().add(right);
    if found {
        tally
            .speaker_when_found
            .entry(source.class)
            .or_default()
            .add(right);
        let predicted = found_quote.and_then(|p| p.speaker.as_ref());
        tally.speaker_predicted.add(predicted.is_some());
        if !right {
            let predicted = predicted.map_or("none".to_string(), |s| {
                format!("{:?} (name {:?})", &text[s.range.clone()], s.name)
            });
            let context_range = source
                .fragments
                .iter()
                .chain(std::iter::once(&quote.range))
                .fold(quote.range.clone(), |acc, r| {
                    acc.start.min(r.start)..acc.end.max(r.end)
                });
            tally.wrong_speaker.push(format!(
                "{}: gold {} source {:?}, predicted {predicted}\n      {}",
                article.id,
                source.class.as_str(),
                source.text,
                excerpt(text, context_range, 10, 140)
            ));
        }
    }

    match trailing_attribution_deleted(text, quote) {
        Some((edited, range)) => {
            let reanalysed = analyze(&edited, Format::PlainText, config);
            let flagged = flagging(&reanalysed, &range).is_some();
            tally.deletion.add(flagged);
            tally
                .deletion_by_style
                .entry(quote.style)
                .or_default()
                .add(flagged);
            let carried = continuation::carried(article, quote);
            match carried {
                Some(carried) => tally
                    .deletion_carried
                    .entry(carried)
                    .or_default()
                    .add(flagged),
                None => tally.deletion_bare.add(flagged),
            }
            if !flagged {
                tally.deletion_missed.push(format!(
                    "{}{}: [{}] {}",
                    carried.map_or("", |c| c.tag()),
                    article.id,
                    why_not_flagged(&reanalysed, &edited, &range),
                    excerpt(&edited, range, 300, 200)
                ));
            }
        }
        None => tally.deletion_skipped += 1,
    }
}

/// The message of an unattributed-quote finding overlapping `range`, if any.
fn flagging(analysis: &Analysis, range: &Range<usize>) -> Option<String> {
    analysis
        .findings
        .iter()
        .find(|f| f.code == UNATTRIBUTED && overlap(&f.range, range) > 0)
        .map(|f| f.message.clone())
}

/// Why a quotation whose attribution was deleted kept quiet: the speaker it still has
/// and how it was found, or that it got none (too short, someone in its sentence).
fn why_not_flagged(analysis: &Analysis, text: &str, range: &Range<usize>) -> String {
    let quote = analysis
        .quotes
        .iter()
        .filter(|q| overlap(&q.range, range) > 0)
        .max_by_key(|q| overlap(&q.range, range));
    match quote {
        None => "no quote".to_string(),
        Some(q) => match &q.speaker {
            Some(s) => format!(
                "{:?} → {:?} at {:?}",
                s.resolution,
                s.name,
                &text[s.range.clone()]
            ),
            None => format!("no speaker, {:?}", q.kind),
        },
    }
}

/// Abbreviations whose period does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    matches!(
        w,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Gen"
            | "Lt"
            | "Col"
            | "Sgt"
            | "St"
            | "Jr"
            | "Sr"
            | "Prof"
            | "Rev"
            | "Md"
            | "Va"
            | "Fla"
            | "Calif"
            | "Mass"
            | "Pa"
            | "Ill"
            | "Mich"
            | "Wis"
            | "Minn"
            | "Ariz"
            | "Tenn"
            | "Ky"
            | "La"
            | "Ala"
            | "Ga"
            | "Conn"
            | "Colo"
            | "Ind"
            | "Mo"
            | "Nev"
            | "Okla"
            | "Ore"
            | "Wash"
            | "Tex"
            | "Del"
            | "Kan"
            | "Neb"
            | "Vt"
            | "Mont"
            | "Ark"
            | "Miss"
            | "No"
            | "Inc"
            | "Corp"
            | "Co"
            | "Ltd"
            | "vs"
            | "U.S"
            | "D.C"
            | "N.Y"
            | "N.J"
            | "N.C"
            | "S.C"
            | "R"
            | "D"
            | "I"
    ) || (w.len() <= 3 && w.contains('.'))
}

/// For `“…,” she said.` / `“…,” said X, a spokesman.`: the text with the attribution
/// removed (`“….”`) and the quote's range in it. None when the gold attribution does
/// not trail the quote up to the end of its sentence.
fn trailing_attribution_deleted(text: &str, quote: &GoldQuote) -> Option<(String, Range<usize>)> {
    let source = quote.source.as_ref()?;
    let span = &text[quote.range.clone()];
    let close_len = if span.ends_with("''") {
        2
    } else {
        span.chars().next_back()?.len_utf8()
    };
    let mark_at = quote.range.end - close_len;
    let punct = text[..mark_at].chars().next_back()?;
    if !matches!(punct, ',' | '?' | '!') {
        return None;
    }
    let parts: Vec<&Range<usize>> = source.fragments.iter().chain(quote.cue.iter()).collect();
    if parts.is_empty() || parts.iter().any(|r| r.start < quote.range.end) {
        return None;
    }
    let attribution_end = parts.iter().map(|r| r.end).max()?;
    // The sentence ends at the first period (not an abbreviation's) at or after the
    // attribution's last word, followed by whitespace or the end of the text.
    let mut period = None;
    let mut i = attribution_end;
    let rest = &text[attribution_end..];
    for (offset, c) in rest.char_indices() {
        i = attribution_end + offset;
        if c == '\n' || c == '\r' || is_quote_mark(c) {
            return None;
        }
        if c == '.' {
            let next = text[i + 1..].chars().next();
            let word = text[..i].split_whitespace().next_back().unwrap_or("");
            if next.is_none_or(char::is_whitespace) && !is_abbreviation(word) {
                period = Some(i);
                break;
            }
        }
    }
    let period = period.or((i + 1 == text.len()).then_some(text.len()))?;
    let between = &text[quote.range.end..period];
    if between.contains(['\n', '\r']) || between.chars().any(is_quote_mark) {
        return None;
    }
    if between.split_whitespace().count() > 30 {
        return None;
    }
    let punct_at = mark_at - punct.len_utf8();
    let mut edited = String::with_capacity(text.len());
    edited.push_str(&text[..punct_at]);
    edited.push(if punct == ',' { '.' } else { punct });
    edited.push_str(&text[mark_at..quote.range.end]);
    let after = (period + 1).min(text.len());
    edited.push_str(&text[after..]);
    Some((edited, quote.range.clone()))
}

fn is_quote_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '"' | '„' | '«' | '»')
}

fn print_samples(title: &str, items: &[String], n: usize) {
    println!();
    println!(
        "── {title}: {} (showing {})",
        items.len(),
        n.min(items.len())
    );
    for item in spread(items, n) {
        println!("  - {item}");
    }
}

fn show_gold(articles: &[Article], gold: &[GoldQuote], n: usize) {
    for kind in [QuoteKind::Full, QuoteKind::Partial] {
        let of_kind: Vec<&GoldQuote> = gold.iter().filter(|q| q.kind == kind).collect();
        println!(
            "── gold {kind:?} quotes: {} (showing {})",
            of_kind.len(),
            n.min(of_kind.len())
        );
        for q in spread(&of_kind, n) {
            let article = &articles[q.article];
            let source = q.source.as_ref().map_or("(no source)".to_string(), |s| {
                format!("{} {:?} → {:?}", s.class.as_str(), s.text, s.name)
            });
            println!(
                "  - {} ({}) {} [{}]: {}\n      source: {source}",
                article.id,
                article.annotator,
                q.attribution,
                q.style.as_str(),
                excerpt(&article.text, q.range.clone(), 25, 120)
            );
        }
        println!();
    }
}
