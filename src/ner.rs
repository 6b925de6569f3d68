//! Stage 3e: transformer NER — an optional rust-bert token-classification pass (cargo feature
//! `transformer`, off by default; the default build never needs libtorch).
//!
//! Always here: how a model's labels map to gleaner's mention types ([`label_to_type`]) and how
//! per-word labels become entity spans ([`entities_from_words`]). With the feature:
//! `TransformerAnnotator` (feature `transformer`) loads a Hugging Face token-classification directory (BERT,
//! DistilBERT, RoBERTa) or downloads one (`hf:ORG/NAME`), runs sentences through it in batches
//! (across documents), and turns the model's words back into byte spans of the document, with
//! the model's score as confidence (source `transformer`). Sentences longer than the model's
//! window are cut into windows of whole words that overlap by a quarter, each word labelled from
//! the window where it is furthest from an edge; gleaner says so on stderr. PER → person,
//! LOC → place, ORG → organization; MISC is dropped (gleaner has no type for it).
//!
//! Batching and threads: the annotator batches ([`crate::Annotator::batches`]): the pipeline
//! hands it a whole chunk of documents after the rule stages, and their sentences go through the
//! model together, `--ner-batch-size` windows per forward pass. The model sits behind a mutex
//! and libtorch's intra-op pool gets the run's thread count (`--jobs`), so there is never a
//! second model pass competing for the cores.
//!
//! Not here: merging with the rule stages — `resolve` does that (rules first, the transformer
//! fills the gaps; agreement raises confidence).

use crate::document::MentionType;

/// One word as a model labelled it: byte span (in the text the model saw), label, score.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelledWord {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f64,
}

/// One entity from consecutive labelled words: byte span, type, mean score.
#[derive(Clone, Debug, PartialEq)]
pub struct WordEntity {
    pub start: usize,
    pub end: usize,
    pub mention_type: MentionType,
    pub score: f64,
}

/// Group labelled words into entities: a B- (or S-) label or a change of type starts one, I-
/// and E- continue it, O and MISC end it; bare labels ("PER", as IO-tagged models write them)
/// continue an entity of the same type.
pub fn entities_from_words(words: &[LabelledWord]) -> Vec<WordEntity> {
    let mut out: Vec<WordEntity> = Vec::new();
    let mut scores: Vec<f64> = Vec::new();
    let mut open = false;
    let flush = |out: &mut Vec<WordEntity>, scores: &mut Vec<f64>| {
        if let Some(e) = out.last_mut() {
            e.score = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
        }
        scores.clear();
    };
    for w in words {
        let Some(t) = label_to_type(&w.label) else {
            if open {
                flush(&mut out, &mut scores);
            }
            open = false;
            continue;
        };
        let prefix = w.label.split_once('-').map(|(p, _)| p).filter(|p| p.len() == 1);
        let continues =
            open && out.last().is_some_and(|e| e.mention_type == t) && !matches!(prefix, Some("B" | "b" | "S" | "s"));
        if continues {
            if let Some(e) = out.last_mut() {
                e.end = w.end;
            }
        } else {
            if open {
                flush(&mut out, &mut scores);
            }
            out.push(WordEntity { start: w.start, end: w.end, mention_type: t, score: 0.0 });
            open = true;
        }
        scores.push(w.score);
        // A single-word or end tag closes the entity.
        if matches!(prefix, Some("S" | "s" | "E" | "e")) {
            flush(&mut out, &mut scores);
            open = false;
        }
    }
    if open {
        flush(&mut out, &mut scores);
    }
    out
}

/// Byte offset in `text` of each character offset (and of the end).
pub fn char_to_byte(text: &str) -> Vec<usize> {
    text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect()
}

/// Map a CoNLL-style entity label (with or without a B-/I-/E-/S- prefix) to gleaner's type:
/// PER → person, LOC/GPE → place, ORG → organization; MISC and anything else → `None`
/// (gleaner has no type for MISC: nationalities, events, works).
pub fn label_to_type(label: &str) -> Option<MentionType> {
    let bare = label.split_once('-').map_or(label, |(prefix, rest)| if prefix.len() == 1 { rest } else { label });
    match bare.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => Some(MentionType::Person),
        "LOC" | "GPE" | "LOCATION" => Some(MentionType::Place),
        "ORG" | "ORGANIZATION" => Some(MentionType::Organization),
        _ => None,
    }
}

#[cfg(feature = "transformer")]
mod model;
#[cfg(feature = "transformer")]
pub use model::{Device, TransformerAnnotator, TransformerOptions};

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize, end: usize, label: &str) -> LabelledWord {
        LabelledWord { start, end, label: label.to_string(), score: 0.5 }
    }

    #[test]
    fn words_group_into_entities_by_tag_and_type() {
        // "Sergey Lavrov met NATO in Paris": B-PER I-PER O B-ORG O B-LOC
        let words = [
            w(0, 6, "B-PER"),
            w(7, 13, "I-PER"),
            w(14, 17, "O"),
            w(18, 22, "B-ORG"),
            w(23, 25, "O"),
            w(26, 31, "B-LOC"),
        ];
        let spans: Vec<(usize, usize, MentionType)> =
            entities_from_words(&words).iter().map(|e| (e.start, e.end, e.mention_type)).collect();
        assert_eq!(
            spans,
            [(0, 13, MentionType::Person), (18, 22, MentionType::Organization), (26, 31, MentionType::Place)]
        );
        // B- after B- starts a new entity; bare IO labels continue one; MISC ends one.
        let spans: Vec<(usize, usize)> = entities_from_words(&[
            w(0, 3, "B-PER"),
            w(4, 7, "B-PER"),
            w(8, 9, "MISC"),
            w(10, 12, "LOC"),
            w(13, 15, "LOC"),
        ])
        .iter()
        .map(|e| (e.start, e.end))
        .collect();
        assert_eq!(spans, [(0, 3), (4, 7), (10, 15)]);
    }

    #[test]
    fn character_offsets_become_byte_offsets() {
        let text = "Zürich – Genève";
        let map = char_to_byte(text);
        assert_eq!(&text[map[0]..map[6]], "Zürich");
        assert_eq!(&text[map[9]..map[15]], "Genève");
    }

    #[test]
    fn conll_labels_map_to_types() {
        assert_eq!(label_to_type("B-PER"), Some(MentionType::Person));
        assert_eq!(label_to_type("I-LOC"), Some(MentionType::Place));
        assert_eq!(label_to_type("ORG"), Some(MentionType::Organization));
        assert_eq!(label_to_type("B-MISC"), None);
        assert_eq!(label_to_type("O"), None);
    }
}
