//! Stage 5: claims — every quantity that states a fact (it counts or measures something: it has a
//! unit or a counted thing), with the sentence around it and what the sentence says of it: the
//! predicate ("swept", "resulted in"), a time anchor, the places named, who says so, and whether
//! it is hedged ("reported to be", "allegedly").
//!
//! It reads the resolved mentions and the tokens; it never re-annotates. The quantified-claims
//! issue deepens the subject, the clause boundaries and a check-worthiness score.

use crate::document::{Doc, MentionAttrs, MentionType, Span, TimexType};
use crate::resolve::Resolution;

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
    /// Index of the date mention that anchors it in time (nearest in the same sentence).
    pub date: Option<usize>,
    /// Indexes of the place mentions in the sentence.
    pub places: Vec<usize>,
    /// Index of the person, official or organization the sentence attributes it to.
    pub attribution: Option<usize>,
    /// The hedge cue, if the sentence hedges the figure before it.
    pub hedge: Option<&'static str>,
}

/// Find the claims in a resolved document.
pub fn claims(doc: &Doc, res: &Resolution) -> Vec<Claim> {
    let mut out = Vec::new();
    for (qi, r) in res.mentions.iter().enumerate() {
        let MentionAttrs::Quantity { unit: Some(_), .. } = &r.mention.attrs else { continue };
        let q = &r.mention;
        let s = doc.sentences[q.sentence];
        let in_sentence = |t: MentionType| {
            res.mentions
                .iter()
                .enumerate()
                .filter(move |(_, m)| m.mention.sentence == q.sentence && m.mention.mention_type() == t)
        };
        // Durations and sets ("a year") say how long or how often, not when.
        let date = in_sentence(MentionType::Date)
            .filter(|(_, m)| {
                matches!(&m.mention.attrs, MentionAttrs::Date { timex_type: TimexType::Date | TimexType::Time, .. })
            })
            .min_by_key(|(_, m)| m.mention.span.start.abs_diff(q.span.start))
            .map(|(i, _)| i);
        let places = in_sentence(MentionType::Place).map(|(i, _)| i).collect();
        let before = doc.text()[s.start..q.span.start].to_ascii_lowercase();
        let hedge = HEDGES.iter().copied().filter(|h| contains_words(&before, h)).max_by_key(|h| h.len());
        out.push(Claim {
            quantity: qi,
            span: Span::new(s.start, s.end),
            sentence: q.sentence,
            predicate: predicate(doc, q.span.start, s.first_token),
            date,
            places,
            attribution: attribution(doc, res, q.sentence),
            hedge,
        });
    }
    out
}

fn contains_words(haystack: &str, phrase: &str) -> bool {
    haystack.match_indices(phrase).any(|(i, _)| {
        let before_ok = haystack[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after_ok = haystack[i + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
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
    VERBS.contains(&w) || (w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing")))
}

/// The verb the quantity goes with: walking back from it over function words, hedges and
/// nouns (at most eight words, not past a comma), the first word that reads as a verb.
fn predicate(doc: &Doc, start: usize, first_token: usize) -> Option<String> {
    let end = doc.token_from(start);
    for i in (first_token..end).rev().take(8) {
        let w = doc.token_text(i);
        if matches!(w, "," | ";" | ":" | "(" | ")" | "\"" | "“" | "”") {
            return None;
        }
        let lw = w.to_ascii_lowercase();
        if PREDICATE_STOP.contains(&lw.as_str()) {
            return None;
        }
        if PREDICATE_SKIP.contains(&lw.as_str()) || !w.chars().next().is_some_and(|c| c.is_lowercase()) {
            continue;
        }
        if looks_like_verb(&lw) {
            return Some(w.to_string());
        }
    }
    None
}

/// The speaker of a sentence: a person, official or organization right next to a verb of saying.
fn attribution(doc: &Doc, res: &Resolution, sentence: usize) -> Option<usize> {
    let s = doc.sentences[sentence];
    let verbs: Vec<usize> = (s.first_token..s.end_token)
        .filter(|&i| ATTRIBUTION_VERBS.contains(&doc.token_text(i).to_ascii_lowercase().as_str()))
        .collect();
    if verbs.is_empty() {
        return None;
    }
    res.mentions
        .iter()
        .enumerate()
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
