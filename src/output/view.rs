//! A processed document's records, borrowed: what [`super::records`] makes owned records of,
//! and what the JSON lines are rendered from.
//!
//! A view decides everything a record says (ids, names, values, the claim's places) but copies
//! no text: its strings point into the document, its resolution and its claims. A batch run
//! that writes only JSON lines renders views and never builds owned records: those were a
//! handful of small strings per record (the document id again, the id, the text), allocated,
//! copied and freed for every mention, about a fourteenth of a run's CPU time.
//!
//! Not here: how a record is written (`json_lines`, the sinks), or the schema's meaning
//! (`output`).

use super::{round2, ClaimRecord, DocumentOutput, DocumentRecord, EntityRecord, MentionFields, MentionRecord, Number};
use crate::claims::Claim;
use crate::document::{DateSource, Doc, MentionAttrs};
use crate::resolve::Resolution;
use std::borrow::Cow;

/// A record's id as written: numbered as the pipeline numbers them (`m1` for the first mention:
/// the kind's letter, then the 0-based index plus one), or the text an owned record holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Id<'a> {
    /// Kind letter and 0-based index.
    Numbered(char, usize),
    /// An id as text.
    Text(&'a str),
}

impl Id<'_> {
    /// The id as text (`m1`).
    pub fn to_text(self) -> String {
        match self {
            Id::Numbered(kind, index) => {
                let mut digits = itoa::Buffer::new();
                let digits = digits.format(index + 1);
                let mut id = String::with_capacity(1 + digits.len());
                id.push(kind);
                id.push_str(digits);
                id
            }
            Id::Text(text) => text.to_string(),
        }
    }
}

/// A document record, borrowed ([`DocumentRecord`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentView<'a> {
    pub doc_id: &'a str,
    pub path: &'a str,
    pub bytes: u64,
    pub sha256: &'a str,
    pub date: Option<Cow<'a, str>>,
    pub date_source: &'static str,
    pub title: Option<&'a str>,
    pub sentences: usize,
}

/// A mention's type-specific fields, borrowed ([`MentionFields`]).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldsView<'a> {
    Person { name: &'a str },
    Official { person: &'a str, role: &'a str, affiliation: Option<&'a str> },
    Place { canonical: &'a str, country: Option<&'a str>, place_type: &'a str },
    Organization { canonical: &'a str },
    Date { value: &'a str, timex_type: &'static str, modifier: Option<&'static str> },
    Quantity { value: Number, value_max: Option<Number>, qualifier: &'static str, unit: Option<&'a str> },
}

/// A mention record, borrowed ([`MentionRecord`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MentionView<'a> {
    pub doc_id: &'a str,
    pub id: Id<'a>,
    pub entity_id: Option<Id<'a>>,
    pub mention_type: &'static str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub source: &'static str,
    pub confidence: Number,
    pub fields: FieldsView<'a>,
}

/// An entity record, borrowed ([`EntityRecord`]).
#[derive(Clone, Debug, PartialEq)]
pub struct EntityView<'a> {
    pub doc_id: &'a str,
    pub id: Id<'a>,
    pub entity_type: &'static str,
    pub name: &'a str,
    pub mentions: usize,
    pub roles: &'a [String],
    pub affiliations: &'a [String],
}

/// A claim record, borrowed ([`ClaimRecord`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimView<'a> {
    pub doc_id: &'a str,
    pub id: Id<'a>,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub quantity: Id<'a>,
    pub value: Number,
    pub value_max: Option<Number>,
    pub qualifier: &'static str,
    pub unit: Option<&'a str>,
    pub subject: Option<Cow<'a, str>>,
    pub subject_entities: Vec<&'a str>,
    pub predicate: Option<&'a str>,
    pub date: Option<&'a str>,
    pub date_text: Option<&'a str>,
    pub date_scope: Option<&'static str>,
    pub places: Vec<&'a str>,
    pub attribution: Option<&'a str>,
    pub hedged: bool,
    pub hedge: Option<&'static str>,
    pub check_worthiness: Number,
}

/// All records of one document, borrowed ([`DocumentOutput`], less the text).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordsView<'a> {
    pub document: DocumentView<'a>,
    pub mentions: Vec<MentionView<'a>>,
    pub entities: Vec<EntityView<'a>>,
    pub claims: Vec<ClaimView<'a>>,
}

/// The records of one processed document, borrowed from it, its resolution and its claims.
pub fn view<'a>(doc: &Doc<'a>, res: &'a Resolution, claims: &'a [Claim]) -> RecordsView<'a> {
    let d = doc.document;
    let doc_id = d.id.as_str();
    let document = DocumentView {
        doc_id,
        path: &d.path,
        bytes: d.bytes,
        sha256: &d.sha256,
        date: d.date.map(|x| Cow::Owned(x.format("%Y-%m-%d").to_string())),
        date_source: match d.date_source {
            DateSource::Cli => "cli",
            DateSource::Jsonl => "jsonl",
            DateSource::Text => "text",
            DateSource::None => "none",
        },
        title: d.title.as_deref(),
        sentences: doc.sentences.len(),
    };
    let name_of = |i: usize| -> Option<&'a str> {
        match &res.mentions[i].mention.attrs {
            MentionAttrs::Person { name } => Some(name),
            MentionAttrs::Official { person, .. } => Some(person),
            MentionAttrs::Organization { canonical } | MentionAttrs::Place { canonical, .. } => Some(canonical),
            _ => None,
        }
    };
    // Names in order, each once.
    let names = |of: &[usize]| {
        let mut names: Vec<&'a str> = Vec::new();
        for n in of.iter().filter_map(|&i| name_of(i)) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    };
    let mentions = res
        .mentions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let m = &r.mention;
            let fields = match &m.attrs {
                MentionAttrs::Person { name } => FieldsView::Person { name },
                MentionAttrs::Official { person, role, affiliation } => {
                    FieldsView::Official { person, role, affiliation: affiliation.as_deref() }
                }
                MentionAttrs::Place { canonical, country, place_type } => {
                    FieldsView::Place { canonical, country: country.as_deref(), place_type }
                }
                MentionAttrs::Organization { canonical } => FieldsView::Organization { canonical },
                MentionAttrs::Date { value, timex_type, modifier } => {
                    FieldsView::Date { value, timex_type: timex_type.as_str(), modifier: *modifier }
                }
                MentionAttrs::Quantity { value, value_max, qualifier, unit } => FieldsView::Quantity {
                    value: Number(*value),
                    value_max: value_max.map(Number),
                    qualifier: qualifier.as_str(),
                    unit: unit.as_deref(),
                },
                MentionAttrs::Role { .. } | MentionAttrs::Demonym { .. } => {
                    unreachable!("resolve drops internal mentions")
                }
            };
            MentionView {
                doc_id,
                id: Id::Numbered('m', i),
                entity_id: r.entity.map(|e| Id::Numbered('e', e)),
                mention_type: m.mention_type().as_str(),
                text: doc.span_text(m.span),
                start: m.span.start,
                end: m.span.end,
                sentence: m.sentence,
                source: m.source,
                confidence: round2(m.confidence),
                fields,
            }
        })
        .collect();
    let entities = res
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| EntityView {
            doc_id,
            id: Id::Numbered('e', i),
            entity_type: e.kind.as_str(),
            name: &e.name,
            mentions: e.mentions,
            roles: &e.roles,
            affiliations: &e.affiliations,
        })
        .collect();
    let claims = claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let MentionAttrs::Quantity { value, value_max, qualifier, unit } = &res.mentions[c.quantity].mention.attrs
            else {
                unreachable!("claims hold quantities")
            };
            let (date, date_text) = match c.date.map(|di| &res.mentions[di].mention) {
                Some(dm) => match &dm.attrs {
                    MentionAttrs::Date { value, .. } => (Some(value.as_str()), Some(doc.span_text(dm.span))),
                    _ => (None, None),
                },
                None => (None, None),
            };
            ClaimView {
                doc_id,
                id: Id::Numbered('c', i),
                text: doc.span_text(c.span),
                start: c.span.start,
                end: c.span.end,
                sentence: c.sentence,
                quantity: Id::Numbered('m', c.quantity),
                value: Number(*value),
                value_max: value_max.map(Number),
                qualifier: qualifier.as_str(),
                unit: unit.as_deref(),
                subject: c.subject.map(|sp| single_spaced(doc.span_text(sp))),
                subject_entities: names(&c.subject_entities),
                predicate: c.predicate.as_deref(),
                date,
                date_text,
                date_scope: c.date_scope,
                places: names(&c.places),
                attribution: c.attribution.and_then(name_of),
                hedged: c.hedge.is_some(),
                hedge: c.hedge,
                check_worthiness: round2(c.check_worthiness),
            }
        })
        .collect();
    RecordsView { document, mentions, entities, claims }
}

/// `text` with its words separated by single spaces (a subject that runs across a line break).
/// Borrowed when it already is (nearly always).
fn single_spaced(text: &str) -> Cow<'_, str> {
    let plain = !text.starts_with(char::is_whitespace)
        && !text.ends_with(char::is_whitespace)
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || !c.is_whitespace());
    if plain {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

fn all_owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl DocumentView<'_> {
    /// An owned document record with the same content.
    pub fn to_record(&self) -> DocumentRecord {
        DocumentRecord {
            doc_id: self.doc_id.to_string(),
            path: self.path.to_string(),
            bytes: self.bytes,
            sha256: self.sha256.to_string(),
            date: self.date.as_ref().map(|x| x.to_string()),
            date_source: self.date_source,
            title: owned(self.title),
            sentences: self.sentences,
        }
    }
}

impl RecordsView<'_> {
    /// Owned records with the same content.
    pub fn to_records(&self) -> DocumentOutput {
        let document = self.document.to_record();
        let mentions = self
            .mentions
            .iter()
            .map(|m| MentionRecord {
                doc_id: m.doc_id.to_string(),
                id: m.id.to_text(),
                entity_id: m.entity_id.map(Id::to_text),
                mention_type: m.mention_type,
                text: m.text.to_string(),
                start: m.start,
                end: m.end,
                sentence: m.sentence,
                source: m.source,
                confidence: m.confidence,
                fields: match m.fields {
                    FieldsView::Person { name } => MentionFields::Person { name: name.to_string() },
                    FieldsView::Official { person, role, affiliation } => MentionFields::Official {
                        person: person.to_string(),
                        role: role.to_string(),
                        affiliation: owned(affiliation),
                    },
                    FieldsView::Place { canonical, country, place_type } => MentionFields::Place {
                        canonical: canonical.to_string(),
                        country: owned(country),
                        place_type: place_type.to_string(),
                    },
                    FieldsView::Organization { canonical } => {
                        MentionFields::Organization { canonical: canonical.to_string() }
                    }
                    FieldsView::Date { value, timex_type, modifier } => {
                        MentionFields::Date { value: value.to_string(), timex_type, modifier }
                    }
                    FieldsView::Quantity { value, value_max, qualifier, unit } => {
                        MentionFields::Quantity { value, value_max, qualifier, unit: owned(unit) }
                    }
                },
            })
            .collect();
        let entities = self
            .entities
            .iter()
            .map(|e| EntityRecord {
                doc_id: e.doc_id.to_string(),
                id: e.id.to_text(),
                entity_type: e.entity_type,
                name: e.name.to_string(),
                mentions: e.mentions,
                roles: e.roles.to_vec(),
                affiliations: e.affiliations.to_vec(),
            })
            .collect();
        let claims = self
            .claims
            .iter()
            .map(|c| ClaimRecord {
                doc_id: c.doc_id.to_string(),
                id: c.id.to_text(),
                text: c.text.to_string(),
                start: c.start,
                end: c.end,
                sentence: c.sentence,
                quantity: c.quantity.to_text(),
                value: c.value,
                value_max: c.value_max,
                qualifier: c.qualifier,
                unit: owned(c.unit),
                subject: c.subject.as_ref().map(|s| s.to_string()),
                subject_entities: all_owned(&c.subject_entities),
                predicate: owned(c.predicate),
                date: owned(c.date),
                date_text: owned(c.date_text),
                date_scope: c.date_scope,
                places: all_owned(&c.places),
                attribution: owned(c.attribution),
                hedged: c.hedged,
                hedge: c.hedge,
                check_worthiness: c.check_worthiness,
            })
            .collect();
        DocumentOutput { document, mentions, entities, claims, text: None }
    }
}

impl DocumentOutput {
    /// These records, borrowed (to render them).
    pub fn view(&self) -> RecordsView<'_> {
        let d = &self.document;
        let document = DocumentView {
            doc_id: &d.doc_id,
            path: &d.path,
            bytes: d.bytes,
            sha256: &d.sha256,
            date: d.date.as_deref().map(Cow::Borrowed),
            date_source: d.date_source,
            title: d.title.as_deref(),
            sentences: d.sentences,
        };
        let mentions = self
            .mentions
            .iter()
            .map(|m| MentionView {
                doc_id: &m.doc_id,
                id: Id::Text(&m.id),
                entity_id: m.entity_id.as_deref().map(Id::Text),
                mention_type: m.mention_type,
                text: &m.text,
                start: m.start,
                end: m.end,
                sentence: m.sentence,
                source: m.source,
                confidence: m.confidence,
                fields: match &m.fields {
                    MentionFields::Person { name } => FieldsView::Person { name },
                    MentionFields::Official { person, role, affiliation } => {
                        FieldsView::Official { person, role, affiliation: affiliation.as_deref() }
                    }
                    MentionFields::Place { canonical, country, place_type } => {
                        FieldsView::Place { canonical, country: country.as_deref(), place_type }
                    }
                    MentionFields::Organization { canonical } => FieldsView::Organization { canonical },
                    MentionFields::Date { value, timex_type, modifier } => {
                        FieldsView::Date { value, timex_type, modifier: *modifier }
                    }
                    MentionFields::Quantity { value, value_max, qualifier, unit } => {
                        FieldsView::Quantity { value: *value, value_max: *value_max, qualifier, unit: unit.as_deref() }
                    }
                },
            })
            .collect();
        let entities = self
            .entities
            .iter()
            .map(|e| EntityView {
                doc_id: &e.doc_id,
                id: Id::Text(&e.id),
                entity_type: e.entity_type,
                name: &e.name,
                mentions: e.mentions,
                roles: &e.roles,
                affiliations: &e.affiliations,
            })
            .collect();
        let claims = self
            .claims
            .iter()
            .map(|c| ClaimView {
                doc_id: &c.doc_id,
                id: Id::Text(&c.id),
                text: &c.text,
                start: c.start,
                end: c.end,
                sentence: c.sentence,
                quantity: Id::Text(&c.quantity),
                value: c.value,
                value_max: c.value_max,
                qualifier: c.qualifier,
                unit: c.unit.as_deref(),
                subject: c.subject.as_deref().map(Cow::Borrowed),
                subject_entities: c.subject_entities.iter().map(String::as_str).collect(),
                predicate: c.predicate.as_deref(),
                date: c.date.as_deref(),
                date_text: c.date_text.as_deref(),
                date_scope: c.date_scope,
                places: c.places.iter().map(String::as_str).collect(),
                attribution: c.attribution.as_deref(),
                hedged: c.hedged,
                hedge: c.hedge,
                check_worthiness: c.check_worthiness,
            })
            .collect();
        RecordsView { document, mentions, entities, claims }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{from_text, CorpusOptions};
    use crate::output::json_lines::{render, render_view};
    use crate::output::write_outcome_serde;
    use crate::Pipeline;

    /// The lines rendered from a view, from the owned records made of it, and by serde from
    /// those records, for `text`.
    fn three_ways(id: &str, text: &str) -> [String; 3] {
        let doc = from_text(id, text, &CorpusOptions::default()).unwrap();
        Pipeline::builtin().process_with(&doc, |v| {
            let (mut viewed, mut owned, mut serde) = (Vec::new(), Vec::new(), Vec::new());
            render_view(v, &mut viewed);
            let records = Ok(v.to_records());
            render(&records, &mut owned);
            write_outcome_serde(&mut serde, &records).unwrap();
            [viewed, owned, serde].map(|b| String::from_utf8(b).unwrap())
        })
    }

    #[test]
    fn views_render_as_the_records_made_of_them() {
        let press = include_str!("../../samples/press/hrf-tillerson-russia-2017.txt");
        let [viewed, owned, serde] = three_ways("press/a \"quoted\" id.txt", press);
        assert!(viewed.lines().count() > 20, "{viewed}");
        assert!(viewed.contains(r#""doc_id":"press/a \"quoted\" id.txt","id":"m1""#), "{viewed}");
        assert_eq!(viewed, owned);
        assert_eq!(viewed, serde);
    }

    #[test]
    fn a_subject_is_written_with_single_spaces() {
        let text =
            "Washington, March 3, 2017.\n\nThe regional \t police   forces arrested 82 people in the raids on Monday.";
        let [viewed, owned, serde] = three_ways("wrapped.txt", text);
        assert!(viewed.contains(r#""subject":"The regional police forces""#), "{viewed}");
        assert_eq!(viewed, owned);
        assert_eq!(viewed, serde);
    }

    #[test]
    fn single_spacing_borrows_what_needs_no_change() {
        assert!(matches!(single_spaced("The protests"), Cow::Borrowed("The protests")));
        assert_eq!(single_spaced(" The\tprotests\n in  March "), "The protests in March");
        assert_eq!(single_spaced("Zoë\u{a0}Ball"), "Zoë Ball");
    }
}
