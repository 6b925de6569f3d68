//! Scoring person, place and organization mentions against IOB-tagged data in the CoNLL-2003
//! format (`gleaner eval conll`).
//!
//! The format: one token per line with its tag in the last column (IOB1 or IOB2), a blank line
//! between sentences, `-DOCSTART-` between documents. Each document's tokens are joined with
//! spaces and its sentences with blank lines into a text, which goes through the whole
//! pipeline. A predicted person/place/organization counts only if it starts and ends on token
//! boundaries and matches a gold span exactly, with the same type (PER, LOC, ORG) — exact-span
//! F1 as the CoNLL shared task scores it. MISC is not predicted (gleaner has no such type).

use super::Prf;
use crate::corpus::{from_text, CorpusOptions};
use crate::Pipeline;
use std::collections::{BTreeMap, HashSet};
use std::fmt;

/// The types scored.
pub const TYPES: [&str; 3] = ["PER", "LOC", "ORG"];

/// One document: its tokens and the gold spans (first token, end token, type).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConllDoc {
    /// Tokens, per sentence.
    pub sentences: Vec<Vec<String>>,
    /// Gold spans over the flattened token list: (start, end, type).
    pub gold: Vec<(usize, usize, String)>,
}

/// Parse CoNLL-format text into documents.
pub fn parse(text: &str) -> Vec<ConllDoc> {
    let mut docs = Vec::new();
    let mut doc = ConllDoc::default();
    let mut sentence: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut all_tags: Vec<String> = Vec::new();
    let flush_sentence =
        |doc: &mut ConllDoc, sentence: &mut Vec<String>, tags: &mut Vec<String>, all: &mut Vec<String>| {
            if !sentence.is_empty() {
                doc.sentences.push(std::mem::take(sentence));
                all.append(tags);
                all.push("O".into()); // a sentence boundary ends any span
            }
        };
    let finish_doc = |doc: &mut ConllDoc, all: &mut Vec<String>, docs: &mut Vec<ConllDoc>| {
        if !doc.sentences.is_empty() {
            let tokens_per_sentence: Vec<usize> = doc.sentences.iter().map(Vec::len).collect();
            // `all` has one extra "O" after each sentence; map spans back to flat token indexes.
            let mut flat_index = Vec::with_capacity(all.len());
            let mut k = 0;
            for n in tokens_per_sentence {
                for _ in 0..n {
                    flat_index.push(Some(k));
                    k += 1;
                }
                flat_index.push(None);
            }
            doc.gold = spans(all)
                .into_iter()
                .filter_map(|(s, e, t)| Some((flat_index[s]?, flat_index[e - 1]? + 1, t)))
                .collect();
            docs.push(std::mem::take(doc));
        }
        all.clear();
    };
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("-DOCSTART-") {
            flush_sentence(&mut doc, &mut sentence, &mut tags, &mut all_tags);
            finish_doc(&mut doc, &mut all_tags, &mut docs);
            continue;
        }
        if line.is_empty() {
            flush_sentence(&mut doc, &mut sentence, &mut tags, &mut all_tags);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        sentence.push(cols[0].to_string());
        tags.push(cols.last().copied().unwrap_or("O").to_string());
    }
    flush_sentence(&mut doc, &mut sentence, &mut tags, &mut all_tags);
    finish_doc(&mut doc, &mut all_tags, &mut docs);
    docs
}

/// IOB1 or IOB2 tags to spans (start, end, type).
fn spans(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().map(String::as_str).chain(std::iter::once("O")).enumerate() {
        let (prefix, typ) = tag.split_once('-').unwrap_or((tag, ""));
        let continues = prefix == "I" && current.as_ref().is_some_and(|(_, t)| t == typ);
        if !continues {
            if let Some((s, t)) = current.take() {
                out.push((s, i, t));
            }
            if prefix == "B" || prefix == "I" {
                current = Some((i, typ.to_string()));
            }
        }
    }
    out
}

/// Scores per type, with the most frequent errors.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConllScores {
    /// Documents scored.
    pub documents: usize,
    /// Counts per type (PER, LOC, ORG).
    pub by_type: BTreeMap<String, Prf>,
    /// Gold spans not predicted exactly: "TYPE text".
    pub missed: Vec<String>,
    /// Predictions not in the gold: "TYPE text (gold: …)".
    pub spurious: Vec<String>,
}

impl ConllScores {
    /// Micro-averaged counts over PER, LOC and ORG.
    pub fn micro(&self) -> Prf {
        self.by_type.values().fold(Prf::default(), |a, p| Prf {
            gold: a.gold + p.gold,
            predicted: a.predicted + p.predicted,
            correct: a.correct + p.correct,
        })
    }
}

impl fmt::Display for ConllScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}", self.documents)?;
        writeln!(f, "{:<20} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}", "type", "gold", "pred", "tp", "P", "R", "F1")?;
        let micro = self.micro();
        for (name, p) in
            self.by_type.iter().map(|(k, v)| (k.as_str(), v)).chain(std::iter::once(("micro(PER,LOC,ORG)", &micro)))
        {
            writeln!(
                f,
                "{name:<20} {:>6} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}",
                p.gold,
                p.predicted,
                p.correct,
                p.precision(),
                p.recall(),
                p.f1()
            )?;
        }
        Ok(())
    }
}

fn gleaner_type(mention_type: &str) -> Option<&'static str> {
    match mention_type {
        "person" => Some("PER"),
        "place" => Some("LOC"),
        "organization" => Some("ORG"),
        _ => None,
    }
}

/// Score the pipeline on CoNLL-format text.
pub fn evaluate(pipeline: &Pipeline, conll: &str) -> ConllScores {
    let docs = parse(conll);
    let mut s = ConllScores::default();
    for t in TYPES {
        s.by_type.insert(t.to_string(), Prf::default());
    }
    for (n, d) in docs.iter().enumerate() {
        // The text: tokens joined by spaces, sentences by blank lines; remember token offsets.
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        let mut words = Vec::new();
        for (si, sentence) in d.sentences.iter().enumerate() {
            if si > 0 {
                text.push_str("\n\n");
            }
            for (ti, tok) in sentence.iter().enumerate() {
                if ti > 0 {
                    text.push(' ');
                }
                starts.push(text.len());
                text.push_str(tok);
                ends.push(text.len());
                words.push(tok.as_str());
            }
        }
        let Ok(document) = from_text(&format!("conll-{n}"), &text, &CorpusOptions::default()) else { continue };
        let out = pipeline.process(&document);
        s.documents += 1;
        let gold: HashSet<(usize, usize, &str)> =
            d.gold.iter().filter(|g| TYPES.contains(&g.2.as_str())).map(|(a, b, t)| (*a, *b, t.as_str())).collect();
        let mut predicted: HashSet<(usize, usize, &str)> = HashSet::new();
        for m in &out.mentions {
            let Some(t) = gleaner_type(m.mention_type) else { continue };
            let (Ok(a), Ok(b)) = (starts.binary_search(&m.start), ends.binary_search(&m.end)) else {
                // Not on token boundaries: a prediction that can match nothing.
                s.by_type.get_mut(t).expect("type").predicted += 1;
                s.spurious.push(format!("{t} {} (not on token boundaries)", m.text));
                continue;
            };
            predicted.insert((a, b + 1, t));
        }
        let gold_text = |a: usize, b: usize| words[a..b].join(" ");
        for &(a, b, t) in &gold {
            let p = s.by_type.get_mut(t).expect("type");
            p.gold += 1;
            if predicted.contains(&(a, b, t)) {
                p.correct += 1;
            } else {
                s.missed.push(format!("{t} {}", gold_text(a, b)));
            }
        }
        for &(a, b, t) in &predicted {
            s.by_type.get_mut(t).expect("type").predicted += 1;
            if !gold.contains(&(a, b, t)) {
                let other = d
                    .gold
                    .iter()
                    .find(|g| g.0 < b && a < g.1)
                    .map_or("O".to_string(), |g| format!("{} {}", g.2, gold_text(g.0, g.1)));
                s.spurious.push(format!("{t} {} (gold: {other})", gold_text(a, b)));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n. . O O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\nBRUSSELS NNP B-NP B-LOC\n1996-08-22 CD I-NP O\n";

    #[test]
    fn parses_spans_across_sentences() {
        let docs = parse(SAMPLE);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentences.len(), 3);
        assert_eq!(
            docs[0].gold,
            [(0, 1, "ORG".to_string()), (2, 3, "MISC".into()), (5, 7, "PER".into()), (7, 8, "LOC".into())]
        );
    }

    #[test]
    fn iob2_and_iob1_both_read() {
        let t = |v: &[&str]| spans(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            t(&["B-PER", "I-PER", "B-PER", "O", "I-LOC", "I-LOC"]),
            [(0, 2, "PER".into()), (2, 3, "PER".into()), (4, 6, "LOC".into())]
        );
    }

    #[test]
    fn scores_the_pipeline() {
        let s = evaluate(&Pipeline::builtin(), SAMPLE);
        assert_eq!(s.documents, 1);
        let org = s.by_type["ORG"];
        assert_eq!((org.gold, org.correct), (1, 1), "EU is in the organization list: {s:?}");
        assert_eq!(s.by_type["PER"].gold, 1);
        assert_eq!(s.micro().gold, 3);
    }
}
