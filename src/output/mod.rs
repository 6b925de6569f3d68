//! Stage 6: the records gleaner writes, and the sinks that write them (JSONL, CSV, SQLite).
//!
//! [`records`] turns one processed document into its records — the JSONL schema in the README
//! is the contract. Sinks receive documents in input order (the pipeline guarantees it) and
//! write each file aside, renaming it into place only when the run finishes, so an interrupted
//! run never leaves a half-written output under its final name.

mod csv;
mod html;
pub mod json_lines;
mod jsonl;
mod records_io;
pub mod resume;
mod sqlite;
pub mod view;

pub use self::csv::CsvSink;
pub use self::html::{escape, highlight, report_from_records, HtmlSink, TYPE_COLOURS};
#[cfg(test)]
pub(crate) use self::jsonl::write_outcome_serde;
pub use self::jsonl::{write_outcome, JsonlSink};
pub use self::sqlite::SqliteSink;
pub use self::view::{view, RecordsView};

use crate::claims::Claim;
use crate::corpus::InputError;
use crate::document::Doc;
use crate::resolve::Resolution;
use serde::{Serialize, Serializer};
use std::io;
use std::path::Path;

/// A number as users expect to read it: integral values without a decimal point ("82", not
/// "82.0"), others in their shortest exact form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64);

impl Number {
    /// The value as an integer, where it is one (and under 9e15 in size, where every integer
    /// is exact). (Compared with its conversion to an integer and back: `f64::fract` calls a
    /// library routine on the baseline x86-64 instruction set, a cost in every number written.)
    pub fn as_integer(self) -> Option<i64> {
        let i = self.0 as i64;
        (self.0.abs() < 9.0e15 && i as f64 == self.0).then_some(i)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_integer() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.0),
        }
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(i) = self.as_integer() {
            write!(f, "{i}")
        } else {
            // serde_json's float format, so CSV and JSONL agree.
            write!(f, "{}", serde_json::to_string(&self.0).unwrap_or_default())
        }
    }
}

/// `{"kind":"document", …}`: one per document read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentRecord {
    /// The document's id.
    pub doc_id: String,
    /// The file it came from.
    pub path: String,
    /// Raw size in bytes.
    pub bytes: u64,
    /// SHA-256 of the raw bytes.
    pub sha256: String,
    /// The document date (YYYY-MM-DD) relative dates were resolved against.
    pub date: Option<String>,
    /// cli | jsonl | text | none.
    pub date_source: &'static str,
    /// The title, if one was found.
    pub title: Option<String>,
    /// Number of sentences (an extension of the schema).
    pub sentences: usize,
}

/// The type-specific fields of a mention record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MentionFields {
    /// person
    Person { name: String },
    /// official
    Official { person: String, role: String, affiliation: Option<String> },
    /// place
    Place { canonical: String, country: Option<String>, place_type: String },
    /// organization
    Organization { canonical: String },
    /// date
    Date {
        value: String,
        timex_type: &'static str,
        #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
        modifier: Option<&'static str>,
    },
    /// quantity
    Quantity {
        value: Number,
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<Number>,
        qualifier: &'static str,
        unit: Option<String>,
    },
}

/// `{"kind":"mention", …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionRecord {
    /// The document's id.
    pub doc_id: String,
    /// `m1`, `m2`… in text order, unique within the document.
    pub id: String,
    /// The entity it names (`e1`…), or null for dates and quantities.
    pub entity_id: Option<String>,
    /// person | official | place | organization | date | quantity.
    #[serde(rename = "type")]
    pub mention_type: &'static str,
    /// The matched text: always `document_text[start..end]`.
    pub text: String,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Sentence index (0-based).
    pub sentence: usize,
    /// The annotator and rule that found it.
    pub source: &'static str,
    /// Confidence in [0, 1], two decimals.
    pub confidence: Number,
    /// Type-specific fields.
    #[serde(flatten)]
    pub fields: MentionFields,
}

/// `{"kind":"entity", …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityRecord {
    /// The document's id.
    pub doc_id: String,
    /// `e1`, `e2`… by first mention.
    pub id: String,
    /// person | place | organization.
    #[serde(rename = "type")]
    pub entity_type: &'static str,
    /// Full or canonical name.
    pub name: String,
    /// Number of mentions.
    pub mentions: usize,
    /// Roles seen with it.
    pub roles: Vec<String>,
    /// Affiliations seen with its roles.
    pub affiliations: Vec<String>,
}

/// `{"kind":"claim", …}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimRecord {
    /// The document's id.
    pub doc_id: String,
    /// `c1`, `c2`…
    pub id: String,
    /// The sentence that states it.
    pub text: String,
    /// Byte offset of the sentence.
    pub start: usize,
    /// End of the sentence.
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The id of its quantity mention.
    pub quantity: String,
    /// The quantity's value (copied for convenience).
    pub value: Number,
    /// Upper bound for ranges.
    pub value_max: Option<Number>,
    /// The quantity's qualifier.
    pub qualifier: &'static str,
    /// The counted thing or unit.
    pub unit: Option<String>,
    /// What the claim is about: the subject noun phrase ("The protests").
    pub subject: Option<String>,
    /// Names of the people, organizations and places inside the subject.
    pub subject_entities: Vec<String>,
    /// The verb the quantity goes with.
    pub predicate: Option<String>,
    /// TIMEX3 value of the date anchoring it (same sentence), or null.
    pub date: Option<String>,
    /// The text of that date.
    pub date_text: Option<String>,
    /// Where the date was found: "clause" or "sentence" (null when there is none).
    pub date_scope: Option<&'static str>,
    /// Canonical names of the places in the sentence.
    pub places: Vec<String>,
    /// Who the sentence attributes it to.
    pub attribution: Option<String>,
    /// Whether the sentence hedges the figure.
    pub hedged: bool,
    /// The hedge cue ("reported to be"), or null.
    pub hedge: Option<&'static str>,
    /// How much the claim deserves checking, in [0, 1], two decimals (rule in `claims`).
    pub check_worthiness: Number,
}

/// `{"kind":"error","path","error"}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorRecord {
    /// The file (or `file:line`).
    pub path: String,
    /// What went wrong and what to do.
    pub error: String,
}

impl From<&InputError> for ErrorRecord {
    fn from(e: &InputError) -> Self {
        ErrorRecord { path: e.path.clone(), error: e.message.clone() }
    }
}

/// All records of one document.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentOutput {
    /// The document record.
    pub document: DocumentRecord,
    /// Its mentions, in text order.
    pub mentions: Vec<MentionRecord>,
    /// Its entities, by first mention.
    pub entities: Vec<EntityRecord>,
    /// Its claims, in text order.
    pub claims: Vec<ClaimRecord>,
    /// The document's text, kept only when a sink needs it (the HTML report); never written
    /// to the record files.
    pub text: Option<String>,
}

/// What the pipeline yields per input: a document's records, or an error.
pub type Outcome = Result<DocumentOutput, ErrorRecord>;

/// A line of JSONL: one record with its `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Record<'a> {
    /// A document record.
    Document(&'a DocumentRecord),
    /// A mention record.
    Mention(&'a MentionRecord),
    /// An entity record.
    Entity(&'a EntityRecord),
    /// A claim record.
    Claim(&'a ClaimRecord),
    /// An error record.
    Error(&'a ErrorRecord),
}

fn round2(x: f32) -> Number {
    Number(round(x as f64 * 100.0) / 100.0)
}

/// `y` rounded half away from zero, as [`f64::round`], without its library call (the baseline
/// x86-64 instruction set has no rounding instruction; two calls for every mention written,
/// its confidence rounded and then written). Below 2^52 in size, `y` less its integer part is
/// exact; from there on `y` is an integer already.
pub(crate) fn round(y: f64) -> f64 {
    const EXACT: f64 = (1u64 << 52) as f64;
    if y.is_nan() || y.abs() >= EXACT {
        return y; // NaN, or an integer (an infinity too)
    }
    let whole = y as i64;
    let rest = y - whole as f64;
    let rounded = if rest >= 0.5 {
        whole + 1
    } else if rest <= -0.5 {
        whole - 1
    } else {
        whole
    };
    // (-0.4 rounds to -0.0, as f64::round has it.)
    (rounded as f64).copysign(y)
}

/// Build the records of one processed document (see [`view`] for what they say).
pub fn records(doc: &Doc, res: Resolution, claims: Vec<Claim>) -> DocumentOutput {
    view(doc, &res, &claims).to_records()
}

/// Where records go. Sinks get outcomes in input order and make their files appear at `finish`.
pub trait Sink {
    /// Write one input's records (or its error).
    fn write(&mut self, outcome: &Outcome) -> io::Result<()>;
    /// Flush, close and move the output into place.
    fn finish(self: Box<Self>) -> io::Result<()>;
    /// Whether this sink writes the JSON lines of [`write_outcome`], so that the batch runner
    /// renders them in its parallel workers and hands this sink the bytes.
    fn writes_jsonl(&self) -> bool {
        false
    }
    /// Write one input's records, with their JSON lines when the runner rendered them (the
    /// default ignores those and calls [`Sink::write`]).
    fn write_rendered(&mut self, outcome: &Outcome, jsonl: Option<&[u8]>) -> io::Result<()> {
        let _ = jsonl;
        self.write(outcome)
    }
    /// [`Sink::write_rendered`] for several inputs in order (the batch runner hands over a
    /// chunk at a time; by default, one by one).
    fn write_rendered_all(&mut self, items: &[(&Outcome, Option<&[u8]>)]) -> io::Result<()> {
        items.iter().try_for_each(|&(outcome, jsonl)| self.write_rendered(outcome, jsonl))
    }
    /// A chunk of inputs is written: make it durable if this sink can resume (the default does
    /// nothing: whole-file sinks are only ever complete or absent).
    fn checkpoint(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Join a list for one CSV or SQLite cell.
pub(crate) fn join_list(items: &[String]) -> String {
    items.join("; ")
}

/// The mention fields as the flat columns of `mentions.csv` and the SQLite `mentions` table:
/// canonical, country, place_type, name, person, role, affiliation, value, value_max,
/// timex_type, mod, qualifier, unit.
pub(crate) fn flat_fields(f: &MentionFields) -> [Option<String>; 13] {
    let s = |x: &str| Some(x.to_string());
    let mut out: [Option<String>; 13] = Default::default();
    match f {
        MentionFields::Place { canonical, country, place_type } => {
            out[0] = s(canonical);
            out[1] = country.clone();
            out[2] = s(place_type);
        }
        MentionFields::Organization { canonical } => out[0] = s(canonical),
        MentionFields::Person { name } => out[3] = s(name),
        MentionFields::Official { person, role, affiliation } => {
            out[4] = s(person);
            out[5] = s(role);
            out[6] = affiliation.clone();
        }
        MentionFields::Date { value, timex_type, modifier } => {
            out[7] = s(value);
            out[9] = s(timex_type);
            out[10] = modifier.map(str::to_string);
        }
        MentionFields::Quantity { value, value_max, qualifier, unit } => {
            out[7] = Some(value.to_string());
            out[8] = value_max.map(|v| v.to_string());
            out[11] = s(qualifier);
            out[12] = unit.clone();
        }
    }
    out
}

/// Names of the flat mention columns, in the order of [`flat_fields`].
pub(crate) const FLAT_FIELD_NAMES: [&str; 13] = [
    "canonical",
    "country",
    "place_type",
    "name",
    "person",
    "role",
    "affiliation",
    "value",
    "value_max",
    "timex_type",
    "mod",
    "qualifier",
    "unit",
];

/// A temporary file beside `name` in `dir`, renamed over it by [`persist`] when complete.
pub(crate) fn aside(dir: &Path, name: &str) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".partial").tempfile_in(dir)
}

/// Move a finished temporary file to its final name (atomic on one file system).
pub(crate) fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    // Temporary files are private (0600); outputs get the usual permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn round_is_f64_round() {
        let mut values = vec![0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994];
        values.extend([4503599627370495.5, 4503599627370496.0, 1e300, -1e300, f64::INFINITY, f64::NEG_INFINITY]);
        values.extend([f64::MIN_POSITIVE, f64::EPSILON, 94.9999988079071, 12.5, 99.5, 100.49999999999999]);
        // Every confidence an f32 can hold in hundredths' reach, times 100, and a spread of others.
        values.extend((0..=1_000_000).map(|k| f64::from(k as f32 / 1_000_000.0) * 100.0));
        values.extend((0..200_000).map(|k| (k as f64 - 100_000.0) * 0.0137));
        for v in values {
            assert_eq!(super::round(v).to_bits(), v.round().to_bits(), "{v:e}");
        }
        assert!(super::round(f64::NAN).is_nan());
    }

    #[test]
    fn integral_numbers_are_integers_and_others_are_not() {
        let integer = |v: f64| Number(v).as_integer();
        assert_eq!(integer(82.0), Some(82));
        assert_eq!(integer(-3.0), Some(-3));
        assert_eq!(integer(-0.0), Some(0));
        assert_eq!(integer(8.99e15), Some(8_990_000_000_000_000));
        for v in [0.5, -2.25, 1e-9, 9.0e15, 1.5e20, f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(integer(v), None, "{v}");
        }
        assert_eq!(Number(82.0).to_string(), "82");
        assert_eq!(Number(0.75).to_string(), "0.75");
    }
}
