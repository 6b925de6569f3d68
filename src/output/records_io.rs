//! Reading records back from `records.jsonl`, for `gleaner report DIR`: the inverse of the JSONL
//! sink for the fields the report needs, and the document's text read again from its file.
//!
//! Record fields that are a fixed vocabulary (`type`, `source`, `qualifier`…) are mapped back to
//! gleaner's own static names; a value gleaner never writes is kept by interning it once.

use super::{ClaimRecord, DocumentOutput, DocumentRecord, EntityRecord, MentionFields, MentionRecord, Number};
use crate::corpus::{load, CorpusOptions, Input, Unit};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

/// Every fixed-vocabulary value gleaner writes.
#[rustfmt::skip]
const VOCABULARY: &[&str] = &[
    "person", "official", "place", "organization", "date", "quantity", "DATE", "TIME", "DURATION", "SET",
    "START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS", "exact", "approx",
    "more_than", "at_least", "less_than", "at_most", "range", "cli", "jsonl", "text", "none", "clause", "sentence",
];

static INTERNED: LazyLock<Mutex<HashSet<&'static str>>> =
    LazyLock::new(|| Mutex::new(VOCABULARY.iter().copied().collect()));

/// A static string for a vocabulary value (sources, types, qualifiers…).
fn intern(s: &str) -> &'static str {
    let mut set = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&v) = set.get(s) {
        return v;
    }
    let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(leaked);
    leaked
}

fn s(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

fn os(v: &Value, k: &str) -> Option<String> {
    v[k].as_str().map(str::to_string)
}

fn n(v: &Value, k: &str) -> usize {
    v[k].as_u64().unwrap_or(0) as usize
}

fn num(v: &Value, k: &str) -> Option<Number> {
    v[k].as_f64().map(Number)
}

fn list(v: &Value, k: &str) -> Vec<String> {
    v[k].as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// A document record, with no mentions yet.
pub fn document_from_json(v: &Value) -> DocumentOutput {
    DocumentOutput {
        document: DocumentRecord {
            doc_id: s(v, "doc_id"),
            path: s(v, "path"),
            bytes: v["bytes"].as_u64().unwrap_or(0),
            sha256: s(v, "sha256"),
            date: os(v, "date"),
            date_source: intern(&s(v, "date_source")),
            title: os(v, "title"),
            sentences: n(v, "sentences"),
        },
        mentions: Vec::new(),
        entities: Vec::new(),
        claims: Vec::new(),
        text: None,
    }
}

/// Add a mention, entity or claim record to its document.
pub fn push_record(d: &mut DocumentOutput, kind: &str, v: &Value) {
    match kind {
        "mention" => {
            let t = intern(&s(v, "type"));
            let fields = match t {
                "person" => MentionFields::Person { name: s(v, "name") },
                "official" => MentionFields::Official {
                    person: s(v, "person"),
                    role: s(v, "role"),
                    affiliation: os(v, "affiliation"),
                },
                "place" => MentionFields::Place {
                    canonical: s(v, "canonical"),
                    country: os(v, "country"),
                    place_type: s(v, "place_type"),
                },
                "organization" => MentionFields::Organization { canonical: s(v, "canonical") },
                "date" => MentionFields::Date {
                    value: s(v, "value"),
                    timex_type: intern(&s(v, "timex_type")),
                    modifier: v["mod"].as_str().map(intern),
                },
                _ => MentionFields::Quantity {
                    value: num(v, "value").unwrap_or(Number(0.0)),
                    value_max: num(v, "value_max"),
                    qualifier: intern(&s(v, "qualifier")),
                    unit: os(v, "unit"),
                },
            };
            d.mentions.push(MentionRecord {
                doc_id: s(v, "doc_id"),
                id: s(v, "id"),
                entity_id: os(v, "entity_id"),
                mention_type: t,
                text: s(v, "text"),
                start: n(v, "start"),
                end: n(v, "end"),
                sentence: n(v, "sentence"),
                source: intern(&s(v, "source")),
                confidence: num(v, "confidence").unwrap_or(Number(0.0)),
                fields,
            });
        }
        "entity" => d.entities.push(EntityRecord {
            doc_id: s(v, "doc_id"),
            id: s(v, "id"),
            entity_type: intern(&s(v, "type")),
            name: s(v, "name"),
            mentions: n(v, "mentions"),
            roles: list(v, "roles"),
            affiliations: list(v, "affiliations"),
        }),
        "claim" => d.claims.push(ClaimRecord {
            doc_id: s(v, "doc_id"),
            id: s(v, "id"),
            text: s(v, "text"),
            start: n(v, "start"),
            end: n(v, "end"),
            sentence: n(v, "sentence"),
            quantity: s(v, "quantity"),
            value: num(v, "value").unwrap_or(Number(0.0)),
            value_max: num(v, "value_max"),
            qualifier: intern(&s(v, "qualifier")),
            unit: os(v, "unit"),
            subject: os(v, "subject"),
            subject_entities: list(v, "subject_entities"),
            predicate: os(v, "predicate"),
            date: os(v, "date"),
            date_text: os(v, "date_text"),
            date_scope: v["date_scope"].as_str().map(intern),
            places: list(v, "places"),
            attribution: os(v, "attribution"),
            hedged: v["hedged"].as_bool().unwrap_or(false),
            hedge: v["hedge"].as_str().map(intern),
            check_worthiness: num(v, "check_worthiness").unwrap_or(Number(0.0)),
        }),
        _ => {}
    }
}

/// The document's text, read again from its file if it is still there with the same SHA-256
/// (so the records' offsets still hold). JSONL lines and standard input cannot be read again.
pub fn read_text_again(d: &DocumentRecord) -> Option<String> {
    let path = std::path::PathBuf::from(&d.path);
    if d.path == "-" || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl")) || !path.is_file() {
        return None;
    }
    let doc =
        load(Unit::Whole(Input::File { path, id: d.doc_id.clone(), bytes: 0 }), &CorpusOptions::default()).ok()?;
    (doc.sha256 == d.sha256).then_some(doc.text)
}
