//! Stage 5: claims — every quantity that states a fact (it counts or measures something: it has a
//! unit or a counted thing), with the sentence around it and what the sentence says of it: the
//! predicate ("swept", "resulted in"), a time anchor, the places named, who says so, and whether
//! it is hedged ("reported to be", "allegedly").
//!
//! It reads the resolved mentions and the tokens; it never re-annotates. The quantified-claims
//! issue deepens the subject, the clause boundaries and a check-worthiness score.

use crate::document::{ascii_lowercase, Doc, MentionAttrs, MentionType, Span, TimexType, WordSet};
use crate::resolve::{Resolution, Resolved};
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// Words skipped when looking back from a quantity for its predicate: auxiliaries,
/// prepositions, determiners and hedge words.
#[rustfmt::skip]
const PREDICATE_SKIP: &[&str] = &[
    "be", "is", "are", "was", "were", "been", "being", "to", "in", "of", "on", "at", "by", "for", "with", "what",
    "that", "which", "the", "a", "an", "reported", "reportedly", "estimated", "allegedly", "some", "about",
    "around", "nearly", "almost", "roughly", "approximately", "over", "more", "than", "at", "least", "up", "as",
    "many", "than", "and", "also", "had", "has", "have", "been", "said", "believed", "our", "their", "his", "her",
    "its", "my", "your", "these", "those", "this", "all", "only", "just", "nearly",
];

/// Words that end the search for a predicate: the quantity hangs off a preposition or a
/// conjunction, not a verb ("diplomacy between our two governments").
const PREDICATE_STOP: &[&str] =
    &["between", "among", "across", "from", "after", "before", "than", "or", "nor", "per", "like", "into", "against"];

/// Phrases that hedge a figure, from the hedging-cue lists of fact-checking research (CoNLL-2010
/// shared task on hedge detection), cut to those that qualify numbers in news.
#[rustfmt::skip]
const HEDGES: &[&str] = &[
    "reported to be", "reportedly", "allegedly", "alleged", "estimated", "an estimated", "believed to be",
    "thought to be", "said to be", "as many as", "unconfirmed", "according to",
];

/// Verbs of saying that attribute a claim to the person or organization next to them.
#[rustfmt::skip]
const ATTRIBUTION_VERBS: &[&str] = &[
    "said", "says", "wrote", "writes", "told", "reported", "reports", "announced", "stated", "claimed",
    "estimated", "according",
];

/// The word lists as sets (asked of every word walked over; a list scan cost a fifth of the
/// claims stage).
static PREDICATE_SKIP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PREDICATE_SKIP));
static PREDICATE_STOP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PREDICATE_STOP));
static VERB_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(VERBS));
static SUBJECT_SKIP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SUBJECT_SKIP));
static SUBJECT_STOP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SUBJECT_STOP));

/// [`ATTRIBUTION_VERBS`] as a set.
static ATTRIBUTION_VERB_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(ATTRIBUTION_VERBS));

/// One claim: a quantity and its sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Index of the quantity in [`Resolution::mentions`].
    pub quantity: usize,
    /// The sentence's span (the claim's text).
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// The verb the quantity is the object or complement of, if one is found before it.
    pub predicate: Option<String>,
    /// The noun phrase the claim is about: the subject of the predicate ("The protests").
    pub subject: Option<Span>,
    /// Indexes of the person, organization and place mentions inside the subject.
    pub subject_entities: Vec<usize>,
    /// Where the time anchor was found: "clause" (no comma between it and the figure) or
    /// "sentence"; `None` when the sentence has no date.
    pub date_scope: Option<&'static str>,
    /// How much the claim deserves a fact-checker's look, in [0, 1] (see [`check_worthiness`]).
    pub check_worthiness: f32,
    /// Index of the date mention that anchors it in time (nearest in the same sentence).
    pub date: Option<usize>,
    /// Indexes of the place mentions in the sentence.
    pub places: Vec<usize>,
    /// Index of the person, official or organization the sentence attributes it to.
    pub attribution: Option<usize>,
    /// The hedge cue, if the sentence hedges the figure before it.
    pub hedge: Option<&'static str>,
}

/// The indexes of a document's mentions, sentence by sentence (in one list, with where each
/// sentence's run begins), in mention order.
struct BySentence {
    starts: Vec<usize>,
    mentions: Vec<usize>,
}

impl BySentence {
    fn new(res: &Resolution, sentences: usize) -> BySentence {
        let mut starts = vec![0; sentences + 1];
        for r in res.mentions.iter().filter(|r| r.mention.sentence < sentences) {
            starts[r.mention.sentence + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut next = starts.clone();
        let mut mentions = vec![0; starts[sentences]];
        for (i, r) in res.mentions.iter().enumerate().filter(|(_, r)| r.mention.sentence < sentences) {
            mentions[next[r.mention.sentence]] = i;
            next[r.mention.sentence] += 1;
        }
        BySentence { starts, mentions }
    }

    /// The mentions of sentence `s` (none for a sentence the document does not have).
    fn get(&self, s: usize) -> &[usize] {
        match (self.starts.get(s), self.starts.get(s + 1)) {
            (Some(&a), Some(&b)) => &self.mentions[a..b],
            _ => &[],
        }
    }
}

/// Find the claims in a resolved document.
pub fn claims(doc: &Doc, res: &Resolution) -> Vec<Claim> {
    let mut out = Vec::new();
    let is_figure = |r: &Resolved| matches!(&r.mention.attrs, MentionAttrs::Quantity { unit: Some(_), .. });
    // (At most one claim per figure.)
    let figures = res.mentions.iter().filter(|r| is_figure(r)).count();
    if figures == 0 {
        return out;
    }
    out.reserve(figures);
    // Mentions by sentence, so each claim looks only at its own sentence's.
    let by_sentence = BySentence::new(res, doc.sentences.len());
    let mut attributions: rustc_hash::FxHashMap<usize, Option<usize>> = Default::default();
    for (qi, r) in res.mentions.iter().enumerate() {
        if !is_figure(r) {
            continue;
        }
        let q = &r.mention;
        let s = doc.sentences[q.sentence];
        let here = by_sentence.get(q.sentence);
        let in_sentence = |t: MentionType| {
            here.iter().map(|&i| (i, &res.mentions[i])).filter(move |(_, m)| m.mention.mention_type() == t)
        };
        // Durations and sets ("a year") say how long or how often, not when.
        let date = in_sentence(MentionType::Date)
            .filter(|(_, m)| {
                matches!(&m.mention.attrs, MentionAttrs::Date { timex_type: TimexType::Date | TimexType::Time, .. })
            })
            .min_by_key(|(_, m)| m.mention.span.start.abs_diff(q.span.start))
            .map(|(i, _)| i);
        let places = in_sentence(MentionType::Place).map(|(i, _)| i).collect();
        let hedge = hedge_in(&doc.text()[s.start..q.span.start]);
        let pred = predicate(doc, q.span.start, s.first_token);
        let subject = pred.as_ref().and_then(|&(p, _)| subject(doc, res, p, s.first_token));
        let subject_entities = subject
            .map(|span| {
                here.iter()
                    .map(|&i| (i, &res.mentions[i]))
                    .filter(|(_, m)| {
                        span.contains(&m.mention.span)
                            && matches!(
                                m.mention.mention_type(),
                                MentionType::Person | MentionType::Organization | MentionType::Place
                            )
                    })
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default();
        let date_scope = date.map(|d| {
            let (a, b) = {
                let ds = res.mentions[d].mention.span;
                if ds.start < q.span.start {
                    (ds.end, q.span.start)
                } else {
                    (q.span.end, ds.start)
                }
            };
            if doc.text()[a.min(b)..b.max(a)].contains([',', ';', ':']) {
                "sentence"
            } else {
                "clause"
            }
        });
        // Once per sentence: a long sentence with many figures must not be scanned for each.
        let attribution = *attributions.entry(q.sentence).or_insert_with(|| attribution(doc, res, here, q.sentence));
        let mut claim = Claim {
            quantity: qi,
            span: Span::new(s.start, s.end),
            sentence: q.sentence,
            predicate: pred.map(|(_, w)| w),
            subject,
            subject_entities,
            date_scope,
            check_worthiness: 0.0,
            date,
            places,
            attribution,
            hedge,
        };
        claim.check_worthiness = check_worthiness(&claim, &r.mention);
        out.push(claim);
    }
    out
}

/// All [`HEDGES`] in one automaton (ignoring ASCII case), to find them in one pass.
static HEDGE_FINDER: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::builder().ascii_case_insensitive(true).build(HEDGES).expect("the hedges build"));

/// The longest hedge in `text` as whole words ("an estimated" over "estimated"; of two as
/// long, the later in [`HEDGES`]).
fn hedge_in(text: &str) -> Option<&'static str> {
    const { assert!(HEDGES.len() <= 32, "one bit per hedge") };
    let mut seen = 0u32;
    for m in HEDGE_FINDER.find_overlapping_iter(text) {
        let before_ok = text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = text[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            seen |= 1 << m.pattern().as_usize();
        }
    }
    HEDGES.iter().enumerate().filter(|(k, _)| seen & (1 << k) != 0).map(|(_, h)| *h).max_by_key(|h| h.len())
}

/// Irregular past forms and other common verbs that take a count as object ("swept 82 cities",
/// "cost 30 billion"). From lists of English irregular verbs, cut to those news uses with numbers.
const VERBS: &[&str] = &[
    "swept", "hit", "rose", "fell", "won", "lost", "cost", "costs", "saw", "sees", "took", "takes", "made", "makes",
    "put", "cut", "cuts", "left", "leaves", "led", "spent", "paid", "pays", "sold", "bought", "built", "brought",
    "kept", "held", "holds", "met", "ran", "set", "shot", "struck", "grew", "grows", "drew", "became", "began", "gave",
    "gives", "got", "gets", "has", "had", "have", "found", "reached", "reaches", "includes", "include", "totals",
    "killed", "kills", "employs", "needs", "owns", "houses", "hires", "fired", "raised", "raises", "sank", "shrank",
    "slid", "dropped",
];

/// Whether a word reads as a verb: a listed verb, or a past or progressive form.
fn looks_like_verb(w: &str) -> bool {
    VERB_SET.contains(w) || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
}

/// The verb the quantity goes with: walking back from it over function words, hedges and
/// nouns (at most eight words, not past a comma), the first word that reads as a verb.
fn predicate(doc: &Doc, start: usize, first_token: usize) -> Option<(usize, String)> {
    let end = doc.token_from(start);
    for i in (first_token..end).rev().take(8) {
        let w = doc.token_text(i);
        if matches!(w, "," | ";" | ":" | "(" | ")" | "\"" | "“" | "”") {
            return None;
        }
        let lw = ascii_lowercase(w);
        if PREDICATE_STOP_SET.contains(&lw) {
            return None;
        }
        if PREDICATE_SKIP_SET.contains(&lw) || !w.chars().next().is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        if looks_like_verb(&lw) {
            return Some((i, w.to_string()));
        }
    }
    None
}

/// Words skipped between a subject and its verb: relative pronouns, auxiliaries, adverbs.
#[rustfmt::skip]
const SUBJECT_SKIP: &[&str] = &[
    "that", "which", "who", "is", "are", "was", "were", "has", "have", "had", "will", "would", "also", "reportedly",
    "allegedly", "already", "have", "been", "now", "then", "still", "just", "recently", "only",
];

/// Words that end a subject noun phrase going left: prepositions (but "of"), conjunctions.
#[rustfmt::skip]
const SUBJECT_STOP: &[&str] = &[
    "in", "on", "at", "for", "from", "by", "with", "to", "across", "after", "before", "during", "and", "or", "but",
    "than", "as", "since", "while", "when", "if", "because", "into", "over", "under", "through", "said", "says",
];

/// The subject of the predicate at token `p`: going left, past relative pronouns and
/// auxiliaries and a date with its preposition ("in late March"), the noun phrase up to a
/// preposition, a conjunction, punctuation or the sentence start ("a wave of protests").
fn subject(doc: &Doc, res: &Resolution, p: usize, first_token: usize) -> Option<Span> {
    let mut j = p;
    // Mentions are sorted by start: the date ending here, if any, starts at most a few tokens back.
    let date_ending_at = |end: usize| {
        let upto = res.mentions.partition_point(|m| m.mention.span.start < end);
        res.mentions[..upto]
            .iter()
            .rev()
            .take(8)
            .find(|m| m.mention.mention_type() == MentionType::Date && m.mention.span.end == end)
    };
    loop {
        if j <= first_token {
            return None;
        }
        let w = ascii_lowercase(doc.token_text(j - 1));
        if SUBJECT_SKIP_SET.contains(&w) {
            j -= 1;
        } else if let Some(d) = date_ending_at(doc.tokens[j - 1].end) {
            j = doc.token_from(d.mention.span.start);
            if j > first_token && SUBJECT_STOP_SET.contains(doc.token_text(j - 1)) {
                j -= 1;
            }
        } else {
            break;
        }
    }
    let end = j;
    let mut start = end;
    while start > first_token && end - start < 7 {
        let t = &doc.tokens[start - 1];
        let w = doc.token_text(start - 1);
        let lw = ascii_lowercase(w);
        let wordish =
            t.kind == crate::document::TokenKind::Word || (t.kind == crate::document::TokenKind::Number && start < end);
        if !wordish || SUBJECT_STOP_SET.contains(&lw) || (lw.len() > 4 && lw.ends_with("ed") && start < end) {
            break;
        }
        start -= 1;
    }
    // Never begin on "of".
    while start < end && doc.token_text(start).eq_ignore_ascii_case("of") {
        start += 1;
    }
    (start < end).then(|| Span::new(doc.tokens[start].start, doc.tokens[end - 1].end))
}

/// How much a claim deserves checking, in [0, 1]. A claim is worth checking when it is
/// specific and consequential, and more so when someone stands behind it or hedges it:
/// 0.2 for any counted claim, +0.2 when it counts a named thing or unit (all claims do),
/// +0.15 for a time anchor, +0.1 for a place, +0.15 for money, a percentage or a value of 1,000
/// or more, +0.1 when attributed to a source, +0.1 when hedged (a contested figure).
pub fn check_worthiness(c: &Claim, quantity: &crate::document::Mention) -> f32 {
    let MentionAttrs::Quantity { value, unit, .. } = &quantity.attrs else { return 0.0 };
    let money_or_share =
        unit.as_deref().is_some_and(|u| u == "%" || (u.len() == 3 && u.chars().all(|c| c.is_ascii_uppercase())));
    let mut score = 0.2;
    if unit.is_some() {
        score += 0.2;
    }
    if c.date.is_some() {
        score += 0.15;
    }
    if !c.places.is_empty() {
        score += 0.1;
    }
    if money_or_share || value.abs() >= 1000.0 {
        score += 0.15;
    }
    if c.attribution.is_some() {
        score += 0.1;
    }
    if c.hedge.is_some() {
        score += 0.1;
    }
    f32::min(score, 1.0)
}

/// The speaker of a sentence: a person, official or organization right next to a verb of saying.
fn attribution(doc: &Doc, res: &Resolution, here: &[usize], sentence: usize) -> Option<usize> {
    let s = doc.sentences[sentence];
    let verbs: Vec<usize> =
        (s.first_token..s.end_token).filter(|&i| ATTRIBUTION_VERB_SET.contains(doc.token_text(i))).collect();
    if verbs.is_empty() {
        return None;
    }
    here.iter()
        .map(|&i| (i, &res.mentions[i]))
        .filter(|(_, m)| {
            m.mention.sentence == sentence
                && matches!(
                    m.mention.mention_type(),
                    MentionType::Person | MentionType::Organization | MentionType::Official
                )
        })
        .find(|(_, m)| {
            let first = doc.token_from(m.mention.span.start);
            let after = doc.token_from(m.mention.span.end);
            verbs.iter().any(|&v| {
                v == after || v + 1 == first || (v + 2 == first && doc.token_text(v + 1).eq_ignore_ascii_case("to"))
            })
        })
        .map(|(i, _)| i)
}
