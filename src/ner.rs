//! Stage 3e: transformer NER — the seam for an optional rust-bert token-classification pass
//! (cargo feature `transformer`, off by default; the default build never needs libtorch).
//!
//! What is here now is the part every model shares: how a model's labels map to gleaner's
//! mention types. The annotator itself (model loading, batching, word-piece aggregation) lands
//! with the transformer issue and plugs into the pipeline like any other [`crate::Annotator`];
//! `resolve` merges its mentions with the rule stages' by the same overlap policy.

use crate::document::MentionType;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_labels_map_to_types() {
        assert_eq!(label_to_type("B-PER"), Some(MentionType::Person));
        assert_eq!(label_to_type("I-LOC"), Some(MentionType::Place));
        assert_eq!(label_to_type("ORG"), Some(MentionType::Organization));
        assert_eq!(label_to_type("B-MISC"), None);
        assert_eq!(label_to_type("O"), None);
    }
}
