//! Rendering records as JSON lines by hand, byte for byte what `serde_json` writes for the
//! records' `Serialize` forms, at about twice its speed.
//!
//! Records are most of what a run writes (eight bytes of JSON for every byte of news text), and
//! serde's machinery — a struct serializer per record, every key escaped again, a tagged-enum
//! wrapper — cost as much as some annotators. Here each record is one function that writes its
//! fields in order; strings with nothing to escape (nearly all) are copied whole after a check
//! eight bytes at a time. A test renders every record kind both ways and compares.
//!
//! Records are rendered from their borrowed form ([`RecordsView`]): a batch run renders the
//! views the pipeline makes and never builds owned records; owned records are rendered through
//! a view of them. The document id is escaped once per document: the other records copy it.
//!
//! Not here: which records there are or what they mean (`output`), or where the lines go (the
//! sinks).

use super::view::{ClaimView, DocumentView, EntityView, FieldsView, Id, MentionView, RecordsView};
use super::{ErrorRecord, Number, Outcome};
use std::ops::Range;

/// Append one outcome's records to `out`, one JSON object per line.
pub fn render(outcome: &Outcome, out: &mut Vec<u8>) {
    match outcome {
        Ok(d) => render_view(&d.view(), out),
        Err(e) => error(out, e),
    }
}

/// Append one document's records to `out`, one JSON object per line.
pub fn render_view(v: &RecordsView, out: &mut Vec<u8>) {
    let doc_id = DocId { id: v.document.doc_id, rendered: document(out, &v.document) };
    for m in &v.mentions {
        mention(out, m, &doc_id);
    }
    for e in &v.entities {
        entity(out, e, &doc_id);
    }
    for c in &v.claims {
        claim(out, c, &doc_id);
    }
}

/// The document's id and where `out` holds it rendered (in its document line): the records
/// that carry the same id copy those bytes instead of escaping it again.
struct DocId<'a> {
    id: &'a str,
    rendered: Range<usize>,
}

fn document(out: &mut Vec<u8>, d: &DocumentView) -> Range<usize> {
    let mut o = Object::new(out, "document");
    o.key(key!("doc_id"));
    let start = o.out.len();
    string(o.out, d.doc_id);
    let rendered = start..o.out.len();
    o.str(key!("path"), d.path);
    o.uint(key!("bytes"), d.bytes);
    o.str(key!("sha256"), d.sha256);
    o.opt_str(key!("date"), d.date.as_deref());
    o.word(key!("date_source"), d.date_source);
    o.opt_str(key!("title"), d.title);
    o.uint(key!("sentences"), d.sentences as u64);
    o.end();
    rendered
}

fn mention(out: &mut Vec<u8>, m: &MentionView, doc_id: &DocId) {
    let mut o = Object::new(out, "mention");
    o.doc_id(m.doc_id, doc_id);
    o.id(key!("id"), m.id);
    o.key(key!("entity_id"));
    match m.entity_id {
        Some(id) => o.id_value(id),
        None => o.out.extend_from_slice(b"null"),
    }
    o.word(key!("type"), m.mention_type);
    o.str(key!("text"), m.text);
    o.uint(key!("start"), m.start as u64);
    o.uint(key!("end"), m.end as u64);
    o.uint(key!("sentence"), m.sentence as u64);
    o.word(key!("source"), m.source);
    o.num(key!("confidence"), m.confidence);
    match m.fields {
        FieldsView::Person { name } => o.str(key!("name"), name),
        FieldsView::Official { person, role, affiliation } => {
            o.str(key!("person"), person);
            o.str(key!("role"), role);
            o.opt_str(key!("affiliation"), affiliation);
        }
        FieldsView::Place { canonical, country, place_type } => {
            o.str(key!("canonical"), canonical);
            o.opt_str(key!("country"), country);
            o.str(key!("place_type"), place_type);
        }
        FieldsView::Organization { canonical } => o.str(key!("canonical"), canonical),
        FieldsView::Date { value, timex_type, modifier } => {
            o.str(key!("value"), value);
            o.word(key!("timex_type"), timex_type);
            if let Some(m) = modifier {
                o.word(key!("mod"), m);
            }
        }
        FieldsView::Quantity { value, value_max, qualifier, unit } => {
            o.num(key!("value"), value);
            if let Some(v) = value_max {
                o.num(key!("value_max"), v);
            }
            o.word(key!("qualifier"), qualifier);
            o.opt_str(key!("unit"), unit);
        }
    }
    o.end();
}

fn entity(out: &mut Vec<u8>, e: &EntityView, doc_id: &DocId) {
    let mut o = Object::new(out, "entity");
    o.doc_id(e.doc_id, doc_id);
    o.id(key!("id"), e.id);
    o.word(key!("type"), e.entity_type);
    o.str(key!("name"), e.name);
    o.uint(key!("mentions"), e.mentions as u64);
    o.strs(key!("roles"), e.roles.iter().map(String::as_str));
    o.strs(key!("affiliations"), e.affiliations.iter().map(String::as_str));
    o.end();
}

fn claim(out: &mut Vec<u8>, c: &ClaimView, doc_id: &DocId) {
    let mut o = Object::new(out, "claim");
    o.doc_id(c.doc_id, doc_id);
    o.id(key!("id"), c.id);
    o.str(key!("text"), c.text);
    o.uint(key!("start"), c.start as u64);
    o.uint(key!("end"), c.end as u64);
    o.uint(key!("sentence"), c.sentence as u64);
    o.id(key!("quantity"), c.quantity);
    o.num(key!("value"), c.value);
    o.opt_num(key!("value_max"), c.value_max);
    o.word(key!("qualifier"), c.qualifier);
    o.opt_str(key!("unit"), c.unit);
    o.opt_str(key!("subject"), c.subject.as_deref());
    o.strs(key!("subject_entities"), c.subject_entities.iter().copied());
    o.opt_str(key!("predicate"), c.predicate);
    o.opt_str(key!("date"), c.date);
    o.opt_str(key!("date_text"), c.date_text);
    o.opt_word(key!("date_scope"), c.date_scope);
    o.strs(key!("places"), c.places.iter().copied());
    o.opt_str(key!("attribution"), c.attribution);
    o.bool(key!("hedged"), c.hedged);
    o.opt_word(key!("hedge"), c.hedge);
    o.num(key!("check_worthiness"), c.check_worthiness);
    o.end();
}

fn error(out: &mut Vec<u8>, e: &ErrorRecord) {
    let mut o = Object::new(out, "error");
    o.str(key!("path"), &e.path);
    o.str(key!("error"), &e.error);
    o.end();
}

/// One JSON object on one line, written field by field.
/// A key with the comma before it and the colon after it (`,"doc_id":`), built at compile
/// time so that writing it is one copy.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}
use key;

struct Object<'b> {
    out: &'b mut Vec<u8>,
}

impl<'b> Object<'b> {
    /// `{"kind":"<kind>"`: every record starts with its kind.
    fn new(out: &'b mut Vec<u8>, kind: &'static str) -> Self {
        out.extend_from_slice(b"{\"kind\":");
        let mut o = Object { out };
        o.quoted(kind);
        o
    }

    /// A name from gleaner's own vocabulary (a kind, type, source, qualifier…): a literal in
    /// the code, plain ASCII with nothing to escape, so it is copied without the check that
    /// other strings get. (Debug builds, the tests', check it all the same.)
    fn quoted(&mut self, word: &'static str) {
        debug_assert!(!any_escape(word.as_bytes()), "{word:?} needs escaping");
        plain_string(self.out, word.as_bytes());
    }

    fn word(&mut self, key: &str, value: &'static str) {
        self.key(key);
        self.quoted(value);
    }

    fn opt_word(&mut self, key: &str, value: Option<&'static str>) {
        self.key(key);
        match value {
            Some(v) => self.quoted(v),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    /// `,"<key>":` (keys are plain ASCII: nothing to escape).
    /// Write a key as made by [`key!`]: `,"name":`.
    fn key(&mut self, key: &str) {
        self.out.extend_from_slice(key.as_bytes());
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        string(self.out, value);
    }

    fn opt_str(&mut self, key: &str, value: Option<&str>) {
        self.key(key);
        match value {
            Some(v) => string(self.out, v),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn strs<'v>(&mut self, key: &str, values: impl Iterator<Item = &'v str>) {
        self.key(key);
        self.out.push(b'[');
        for (i, v) in values.enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            string(self.out, v);
        }
        self.out.push(b']');
    }

    /// `,"doc_id":` and the id, copied from the document line when it is the document's own.
    fn doc_id(&mut self, id: &str, document: &DocId) {
        self.key(key!("doc_id"));
        if std::ptr::eq(id, document.id) {
            self.out.extend_from_within(document.rendered.clone());
        } else {
            string(self.out, id);
        }
    }

    fn id(&mut self, key: &str, id: Id) {
        self.key(key);
        self.id_value(id);
    }

    /// A record id: `"m12"` (numbered ids need no escape).
    fn id_value(&mut self, id: Id) {
        match id {
            Id::Numbered(kind, index) => {
                debug_assert!(kind.is_ascii_lowercase(), "{kind:?} is no record kind");
                self.out.extend_from_slice(&[b'"', kind as u8]);
                self.out.extend_from_slice(itoa::Buffer::new().format(index + 1).as_bytes());
                self.out.push(b'"');
            }
            Id::Text(text) => string(self.out, text),
        }
    }

    fn uint(&mut self, key: &str, value: u64) {
        self.key(key);
        self.out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
    }

    fn bool(&mut self, key: &str, value: bool) {
        self.key(key);
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// A [`Number`] as its `Serialize` writes it: integral values as integers, others in
    /// serde_json's float form.
    fn num(&mut self, key: &str, value: Number) {
        self.key(key);
        number(self.out, value);
    }

    fn opt_num(&mut self, key: &str, value: Option<Number>) {
        self.key(key);
        match value {
            Some(v) => number(self.out, v),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn end(self) {
        self.out.extend_from_slice(b"}\n");
    }
}

fn number(out: &mut Vec<u8>, n: Number) {
    let Number(v) = n;
    if let Some(i) = n.as_integer() {
        out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes());
    } else if let Some(hundredths) = hundredths(v) {
        // Confidences: "0.95", "0.8" (the shortest form that reads back, as serde_json writes).
        let digits = [b'0' + hundredths / 10, b'0' + hundredths % 10];
        out.extend_from_slice(b"0.");
        out.extend_from_slice(if digits[1] == b'0' { &digits[..1] } else { &digits });
    } else {
        // serde_json's own float form ("1.5e+20", `null` when not finite).
        serde_json::to_writer(out, &v).expect("writing to memory cannot fail");
    }
}

/// `k` where `v` is the double nearest to k/100 for some k in 1..=99 (what `round2` makes).
fn hundredths(v: f64) -> Option<u8> {
    if !(0.0..1.0).contains(&v) {
        return None;
    }
    let k = super::round(v * 100.0);
    (k >= 1.0 && k / 100.0 == v).then_some(k as u8)
}

/// A JSON string of bytes that need no escape: quoted, copied in one piece.
#[inline]
fn plain_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    out.extend_from_slice(bytes);
    out.push(b'"');
}

/// A JSON string, escaped as serde_json escapes: `"` and `\`, the short escapes `\b \f \n \r
/// \t`, other control characters as `\u00xx`; everything else (all of Unicode) as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Nearly every string has nothing to escape: check it whole, then copy it in one piece.
    if !any_escape(bytes) {
        plain_string(out, bytes);
        return;
    }
    out.push(b'"');
    let mut plain = 0; // bytes[plain..i] need no escape and are not yet written
    let mut i = 0;
    while i < bytes.len() {
        // Skip eight plain bytes at a time.
        if let Some(word) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            if !needs_escape(x) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0x00..=0x1F => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[plain..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xF) as usize]]);
        } else {
            out.extend_from_slice(escape);
        }
        i += 1;
        plain = i;
    }
    out.extend_from_slice(&bytes[plain..]);
    out.push(b'"');
}

/// Whether any byte of `bytes` is a control character, `"` or `\`: eight at a time, then the
/// rest padded with spaces.
#[inline]
fn any_escape(bytes: &[u8]) -> bool {
    let mut words = bytes.chunks_exact(8);
    if words.any(|w| needs_escape(u64::from_le_bytes(w.try_into().expect("eight bytes")))) {
        return true;
    }
    let mut last = [b' '; 8];
    for (l, &b) in last.iter_mut().zip(words.remainder()) {
        *l = b;
    }
    needs_escape(u64::from_le_bytes(last))
}

/// Whether any of the eight bytes in `x` is a control character, `"` or `\`.
#[inline]
fn needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20 (bytes of 0x80 and up are never flagged: their high bit is masked out).
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
    let zero_byte = |y: u64| y.wrapping_sub(ONES) & !y & HIGHS;
    control | zero_byte(x ^ (ONES * b'"' as u64)) | zero_byte(x ^ (ONES * b'\\' as u64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{
        write_outcome_serde, ClaimRecord, DocumentOutput, DocumentRecord, EntityRecord, MentionFields, MentionRecord,
    };

    fn by_serde(outcome: &Outcome) -> String {
        let mut v = Vec::new();
        write_outcome_serde(&mut v, outcome).unwrap();
        String::from_utf8(v).unwrap()
    }

    fn by_hand(outcome: &Outcome) -> String {
        let mut v = Vec::new();
        render(outcome, &mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        for s in [
            "",
            "plain ASCII text longer than eight bytes",
            "quote \" backslash \\ slash / tab\t newline\n cr\r bell\u{7} nul\u{0} esc\u{1b} del\u{7f}",
            "Zoë, Ελλάδα, 東京, emoji 🙂, \u{2028} line separator",
            "\u{8}\u{c}\u{1f}\"\\",
            "eight!!!\"eight!!!\\",
        ] {
            let mut mine = Vec::new();
            string(&mut mine, s);
            assert_eq!(String::from_utf8(mine).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn numbers_render_as_serde_json_does() {
        let values =
            (0..=300).map(|k| k as f64 / 100.0).chain([0.125, -0.125, 0.333, 1e-7, 1.5e20, 123456.5, f64::NAN]);
        for v in values {
            let mut mine = Vec::new();
            number(&mut mine, Number(v));
            assert_eq!(String::from_utf8(mine).unwrap(), serde_json::to_string(&Number(v)).unwrap(), "{v}");
        }
    }

    #[test]
    fn every_record_kind_renders_as_serde_json_does() {
        let doc = DocumentRecord {
            doc_id: "news/a \"quoted\" id.txt".into(),
            path: "/tmp/news/a.txt".into(),
            bytes: 1234,
            sha256: "ab".repeat(32),
            date: Some("2017-04-07".into()),
            date_source: "text",
            title: None,
            sentences: 3,
        };
        let base = |fields| MentionRecord {
            doc_id: doc.doc_id.clone(),
            id: "m1".into(),
            entity_id: Some("e1".into()),
            mention_type: "person",
            text: "Rex\nTillerson".into(),
            start: 10,
            end: 23,
            sentence: 0,
            source: "people:title",
            confidence: Number(0.95),
            fields,
        };
        let mentions = vec![
            base(MentionFields::Person { name: "Rex Tillerson".into() }),
            base(MentionFields::Official {
                person: "Rex Tillerson".into(),
                role: "Secretary of State".into(),
                affiliation: None,
            }),
            base(MentionFields::Place {
                canonical: "Russia".into(),
                country: Some("RU".into()),
                place_type: "country".into(),
            }),
            base(MentionFields::Organization { canonical: "Human Rights First".into() }),
            base(MentionFields::Date { value: "2017-04-06".into(), timex_type: "DATE", modifier: Some("END") }),
            base(MentionFields::Date { value: "P3Y".into(), timex_type: "DURATION", modifier: None }),
            base(MentionFields::Quantity {
                value: Number(82.0),
                value_max: Some(Number(1.5e20)),
                qualifier: "range",
                unit: Some("cities".into()),
            }),
            base(MentionFields::Quantity { value: Number(-0.125), value_max: None, qualifier: "exact", unit: None }),
        ];
        let entities = vec![EntityRecord {
            doc_id: doc.doc_id.clone(),
            id: "e1".into(),
            entity_type: "person",
            name: "Rex Tillerson".into(),
            mentions: 2,
            roles: vec!["Secretary of State".into(), "CEO".into()],
            affiliations: vec![],
        }];
        let claims = vec![ClaimRecord {
            doc_id: doc.doc_id.clone(),
            id: "c1".into(),
            text: "Police swept 82 cities.".into(),
            start: 0,
            end: 23,
            sentence: 1,
            quantity: "m7".into(),
            value: Number(82.0),
            value_max: None,
            qualifier: "exact",
            unit: Some("cities".into()),
            subject: Some("Police".into()),
            subject_entities: vec!["Police".into()],
            predicate: Some("swept".into()),
            date: None,
            date_text: None,
            date_scope: Some("sentence"),
            places: vec![],
            attribution: None,
            hedged: true,
            hedge: Some("reportedly"),
            check_worthiness: Number(0.7),
        }];
        let ok: Outcome = Ok(DocumentOutput { document: doc, mentions, entities, claims, text: None });
        assert_eq!(by_hand(&ok), by_serde(&ok));
        let err: Outcome = Err(ErrorRecord { path: "bad\u{1}.bin".into(), error: "binary file: skipped".into() });
        assert_eq!(by_hand(&err), by_serde(&err));
    }
}
