//! gleaner reads folders of documents (press releases, news, reports) and extracts people,
//! officials (a person with a role: "U.S. Secretary of State Rex Tillerson"), places,
//! organizations, dates with TIMEX3 values, and quantified claims ("swept 82 cities", "over one
//! thousand arrests"), with provenance: document, byte offsets, sentence, annotator, confidence.
//!
//! The stages, in the order data flows through them (one module each):
//!
//! ```text
//! files ─ corpus      walk folders, read, decode, strip HTML, find each document's date
//!       ─ tokenize    tokens and sentences as byte ranges into the text
//!       ─ annotators  each emits mentions from the same tokenized document:
//!           gazetteer   places, organizations (and roles, nationalities for officials)
//!           dates       dates, times, durations, sets → TIMEX3 values
//!           quantities  counts and measures with qualifier and unit
//!           people      person names from roles, titles, given names, speech verbs
//!           organizations  organization names from their shape (heads, legal forms, acronyms)
//!           ner         optional transformer NER (cargo feature `transformer`)
//!       ─ resolve     settle overlaps, officials = role + person, coreference → entities
//!       ─ claims      quantity + predicate + time + place + source + hedge
//!       ─ output      records, and the JSONL / CSV / SQLite sinks
//! ```
//!
//! [`pipeline`] wires them together for one document ([`Pipeline::process`]) and for a whole
//! corpus in parallel with output in input order ([`pipeline::run`]). [`eval`] scores the
//! pipeline against annotated corpora (`gleaner eval`). Shared helpers: [`document`] (the data
//! model: a document owns its text, everything else is offsets), [`calendar`] and [`numbers`]
//! (reading dates and numbers), [`windows`] (running rules only around their trigger words),
//! [`masks`] (byte classes as bits, for finding runs without a branch per byte), [`strmap`]
//! (word lists keyed by short strings held as integers).
//!
//! ```
//! use gleaner::{corpus, Pipeline};
//!
//! let pipeline = Pipeline::builtin();
//! let text = "Foreign Minister Sergey Lavrov said on Thursday that 82 cities were hit.";
//! let doc = corpus::from_text("example", text, &corpus::CorpusOptions::default()).unwrap();
//! let out = pipeline.process(&doc);
//! assert!(out.mentions.iter().any(|m| m.mention_type == "person" && m.text == "Sergey Lavrov"));
//! assert!(out.mentions.iter().any(|m| m.mention_type == "official" && m.text == "Foreign Minister Sergey Lavrov"));
//! assert!(out.claims.iter().any(|c| c.unit.as_deref() == Some("cities")));
//! ```

pub mod calendar;
pub mod document;
pub mod masks;
pub mod numbers;
pub mod strmap;
pub mod windows;

pub mod corpus;
pub mod tokenize;

pub mod dates;
pub mod gazetteer;
pub mod ner;
pub mod organizations;
pub mod people;
pub mod quantities;

pub mod resolve;

pub mod claims;

pub mod output;

pub mod pipeline;

pub mod eval;

pub use pipeline::Pipeline;

use document::{Doc, Mention};

/// The one interface every annotator has: a tokenized document in, mentions out. Annotators
/// never see each other's mentions; `resolve` is where they meet.
pub trait Annotator: Send + Sync {
    /// A short name for logs and `source` fields.
    fn name(&self) -> &'static str;
    /// Append this annotator's mentions for `doc` to `out`.
    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>);
    /// Whether this annotator would rather see many documents at once ([`Self::annotate_batch`]):
    /// a model that batches sentences across documents. Rules say no.
    fn batches(&self) -> bool {
        false
    }
    /// Append mentions for each of `docs` to the matching `out`, exactly what [`Self::annotate`]
    /// appends for each (by default it is called for each). The pipeline hands every worker a
    /// few documents at a time this way: an annotator with large tables (the date rules'
    /// automata) goes over them all one table at a time, while that table is in cache. An
    /// annotator that [batches](Self::batches) gets a whole chunk.
    fn annotate_batch(&self, docs: &[Doc], out: &mut [Vec<Mention>]) {
        for (doc, o) in docs.iter().zip(out.iter_mut()) {
            self.annotate(doc, o);
        }
    }
}
