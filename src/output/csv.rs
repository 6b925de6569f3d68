//! The CSV sink: `documents.csv`, `mentions.csv`, `entities.csv`, `claims.csv` and `errors.csv`
//! in the output folder — flat, one header row, RFC 4180 quoting (the `csv` crate's), UTF-8,
//! so they open cleanly in a spreadsheet. Lists (roles, places) are joined with "; ".

use super::{flat_fields, join_list, Outcome, Sink, FLAT_FIELD_NAMES};
use std::io;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

const DOCUMENT_COLUMNS: &[&str] = &["doc_id", "path", "bytes", "sha256", "date", "date_source", "title", "sentences"];
const MENTION_COLUMNS: &[&str] =
    &["doc_id", "id", "entity_id", "type", "text", "start", "end", "sentence", "source", "confidence"];
const ENTITY_COLUMNS: &[&str] = &["doc_id", "id", "type", "name", "mentions", "roles", "affiliations"];
/// Claims read first by analysts: the sentence and what it says, then the figure, then where
/// and when, who says so, how sure, and last the offsets.
const CLAIM_COLUMNS: &[&str] = &[
    "doc_id",
    "id",
    "text",
    "subject",
    "predicate",
    "value",
    "value_max",
    "qualifier",
    "unit",
    "date",
    "date_text",
    "date_scope",
    "places",
    "attribution",
    "hedged",
    "hedge",
    "check_worthiness",
    "subject_entities",
    "quantity",
    "sentence",
    "start",
    "end",
];
const ERROR_COLUMNS: &[&str] = &["path", "error"];

struct Table {
    writer: csv::Writer<NamedTempFile>,
    path: PathBuf,
}

impl Table {
    fn new(dir: &Path, name: &str, header: &[&str]) -> io::Result<Table> {
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(super::aside(dir, name)?);
        writer.write_record(header)?;
        Ok(Table { writer, path: dir.join(name) })
    }

    fn finish(self) -> io::Result<()> {
        let tmp = self.writer.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        super::persist(tmp, &self.path)
    }
}

/// Writes the five CSV files.
pub struct CsvSink {
    documents: Table,
    mentions: Table,
    entities: Table,
    claims: Table,
    errors: Table,
}

impl CsvSink {
    /// Start the five files in `dir` (aside until [`Sink::finish`]).
    pub fn new(dir: &Path) -> io::Result<CsvSink> {
        let mention_header: Vec<&str> = MENTION_COLUMNS.iter().chain(FLAT_FIELD_NAMES.iter()).copied().collect();
        Ok(CsvSink {
            documents: Table::new(dir, "documents.csv", DOCUMENT_COLUMNS)?,
            mentions: Table::new(dir, "mentions.csv", &mention_header)?,
            entities: Table::new(dir, "entities.csv", ENTITY_COLUMNS)?,
            claims: Table::new(dir, "claims.csv", CLAIM_COLUMNS)?,
            errors: Table::new(dir, "errors.csv", ERROR_COLUMNS)?,
        })
    }
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(|v| v.to_string()).unwrap_or_default()
}

impl Sink for CsvSink {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        let d = match outcome {
            Ok(d) => d,
            Err(e) => return Ok(self.errors.writer.write_record([&e.path, &e.error])?),
        };
        let r = &d.document;
        self.documents.writer.write_record([
            r.doc_id.clone(),
            r.path.clone(),
            r.bytes.to_string(),
            r.sha256.clone(),
            opt(&r.date),
            r.date_source.to_string(),
            opt(&r.title),
            r.sentences.to_string(),
        ])?;
        for m in &d.mentions {
            let mut row = vec![
                m.doc_id.clone(),
                m.id.clone(),
                opt(&m.entity_id),
                m.mention_type.to_string(),
                m.text.clone(),
                m.start.to_string(),
                m.end.to_string(),
                m.sentence.to_string(),
                m.source.to_string(),
                m.confidence.to_string(),
            ];
            row.extend(flat_fields(&m.fields).into_iter().map(|f| f.unwrap_or_default()));
            self.mentions.writer.write_record(&row)?;
        }
        for e in &d.entities {
            self.entities.writer.write_record([
                e.doc_id.clone(),
                e.id.clone(),
                e.entity_type.to_string(),
                e.name.clone(),
                e.mentions.to_string(),
                join_list(&e.roles),
                join_list(&e.affiliations),
            ])?;
        }
        for c in &d.claims {
            self.claims.writer.write_record([
                c.doc_id.clone(),
                c.id.clone(),
                c.text.clone(),
                opt(&c.subject),
                opt(&c.predicate),
                c.value.to_string(),
                opt(&c.value_max),
                c.qualifier.to_string(),
                opt(&c.unit),
                opt(&c.date),
                opt(&c.date_text),
                opt(&c.date_scope),
                join_list(&c.places),
                opt(&c.attribution),
                c.hedged.to_string(),
                opt(&c.hedge),
                c.check_worthiness.to_string(),
                join_list(&c.subject_entities),
                c.quantity.clone(),
                c.sentence.to_string(),
                c.start.to_string(),
                c.end.to_string(),
            ])?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        let s = *self;
        for t in [s.documents, s.mentions, s.entities, s.claims, s.errors] {
            t.finish()?;
        }
        Ok(())
    }
}
