//! The document model every stage shares: a [`Document`] owns its text; a [`Doc`] adds tokens and
//! sentences; annotators add [`Mention`]s. Tokens, sentences and mentions are byte ranges into the
//! document's text, never copies of it (spaCy's `Doc` is the picture).
//!
//! This module holds data and the small helpers that read it. It does no extraction itself: each
//! stage that fills these types lives in its own module (see `lib.rs` for their order).

use crate::masks::{Mask, TextMasks};
use chrono::NaiveDate;
use serde::Serialize;

/// One input document: its text and where it came from. Built by [`crate::corpus`].
#[derive(Clone, Debug)]
pub struct Document {
    /// Stable id: the path relative to the argument it was found under, or the JSONL `id`.
    pub id: String,
    /// The file it was read from (for JSONL, the `.jsonl` file), or `-` for standard input.
    pub path: String,
    /// The text every offset refers to (after decoding and, for HTML, conversion to text).
    pub text: String,
    /// Size of the raw input in bytes (before decoding or HTML conversion).
    pub bytes: u64,
    /// Lowercase hex SHA-256 of the raw input bytes.
    pub sha256: String,
    /// The document's own date, which relative dates ("Thursday", "next week") resolve against.
    pub date: Option<NaiveDate>,
    /// Where `date` came from.
    pub date_source: DateSource,
    /// A title: the HTML `<title>`, the JSONL `title`, or a short first line of plain text.
    pub title: Option<String>,
}

/// Where a document's date was found. Serialized as a lowercase word in the records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// `--doc-date` on the command line.
    Cli,
    /// The `date` field of a JSONL record.
    Jsonl,
    /// A publication line or dateline in the text itself.
    Text,
    /// No date was found; relative dates are left unresolved.
    None,
}

/// A byte range `start..end` into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies wholly inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// What a token is made of; the tokenizer decides, later stages only read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and apostrophes or periods inside them: "O'Brien", "U.S.", "Mr.").
    Word,
    /// Digits with separators and decimals ("1,000", "3.5").
    Number,
    /// One punctuation character, or an ellipsis.
    Punct,
    /// A symbol: currency, percent, degree, and anything else that is neither.
    Symbol,
}

/// One token: a byte range and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// First byte in the document text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Word, number, punctuation or symbol.
    pub kind: TokenKind,
    /// Whether the token begins with an uppercase letter. Like `kind`, read from the text once
    /// by the tokenizer: nearly every annotator asks it of nearly every token.
    pub capital: bool,
}

impl Token {
    /// The token at `start..end` of `text`, with its `capital` read from the text.
    #[inline]
    pub fn new(text: &str, start: usize, end: usize, kind: TokenKind) -> Token {
        let capital = match text.as_bytes().get(start) {
            Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
            Some(_) => text[start..].starts_with(char::is_uppercase),
            None => false,
        };
        Token { start, end, kind, capital }
    }

    /// This token's byte range.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// One sentence: a byte range and the tokens in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// First byte (the first token's start).
    pub start: usize,
    /// One past the last byte (the last token's end).
    pub end: usize,
    /// Index of the first token.
    pub first_token: usize,
    /// One past the index of the last token.
    pub end_token: usize,
}

/// A document with its tokens and sentences: what every annotator reads.
pub struct Doc<'a> {
    /// The document; its text is what all offsets point into.
    pub document: &'a Document,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences in text order; every token is in exactly one.
    pub sentences: Vec<Sentence>,
    /// Which tokens begin with a capital. (Names are looked for at capitals; most tokens have
    /// none, and the annotators pass over them by these bits instead of asking each token.)
    capitals: Mask,
    /// The text's letters and digits as bits.
    masks: TextMasks,
}

impl<'a> Doc<'a> {
    /// A document with its tokens and sentences.
    pub fn new(document: &'a Document, tokens: Vec<Token>, sentences: Vec<Sentence>) -> Doc<'a> {
        let masks = TextMasks::of(&document.text);
        Doc::with_masks(document, tokens, sentences, masks)
    }

    /// [`Doc::new`], with the text's masks already made (the tokenizer made them).
    pub(crate) fn with_masks(
        document: &'a Document,
        tokens: Vec<Token>,
        sentences: Vec<Sentence>,
        masks: TextMasks,
    ) -> Doc<'a> {
        let capitals = Mask::of_items(tokens.iter().map(|t| t.capital));
        Doc { document, tokens, sentences, capitals, masks }
    }

    /// The text's ASCII letters and digits, and its digits, as bits.
    pub fn masks(&self) -> &TextMasks {
        &self.masks
    }

    /// The first token from `i` on and before `end` that begins with a capital
    /// ([`Token::capital`]), if any.
    #[inline]
    pub fn next_capital(&self, i: usize, end: usize) -> Option<usize> {
        self.capitals.next_in(i, end)
    }

    /// The document text.
    pub fn text(&self) -> &'a str {
        &self.document.text
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &'a str {
        let t = &self.tokens[i];
        &self.document.text[t.start..t.end]
    }

    /// Whether token `i` starts with an uppercase letter ([`Token::capital`]).
    #[inline]
    pub fn starts_uppercase(&self, i: usize) -> bool {
        self.tokens[i].capital
    }

    /// The text of token `i`, or `None` past the last token.
    pub fn text_of(&self, i: usize) -> Option<&'a str> {
        (i < self.tokens.len()).then(|| self.token_text(i))
    }

    /// The text of a span.
    pub fn span_text(&self, span: Span) -> &'a str {
        &self.document.text[span.start..span.end]
    }

    /// Index of the sentence holding byte `pos` (the last sentence starting at or before it).
    pub fn sentence_at(&self, pos: usize) -> usize {
        match self.sentences.binary_search_by(|s| s.start.cmp(&pos)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    /// Index of the first token starting at or after byte `pos`.
    pub fn token_from(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.start < pos)
    }

    /// Index of the token starting exactly at `pos`, if there is one.
    pub fn token_starting_at(&self, pos: usize) -> Option<usize> {
        let i = self.token_from(pos);
        (i < self.tokens.len() && self.tokens[i].start == pos).then_some(i)
    }

    /// Index of the token ending exactly at `pos`, if there is one.
    pub fn token_ending_at(&self, pos: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end < pos);
        (i < self.tokens.len() && self.tokens[i].end == pos).then_some(i)
    }

    /// Whether token `i` is directly followed by token `i + 1` with no space between.
    pub fn joined_to_next(&self, i: usize) -> bool {
        i + 1 < self.tokens.len() && self.tokens[i].end == self.tokens[i + 1].start
    }
}

/// The kinds of mention gleaner writes, and the internal kinds that only feed `resolve`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionType {
    /// A person's name.
    Person,
    /// A role (with its affiliation) and the person holding it.
    Official,
    /// A country, region, city or other place.
    Place,
    /// A company, government body, NGO, party or other organization.
    Organization,
    /// A date, time, duration or set, with its TIMEX3 value.
    Date,
    /// A count or measure, with its qualifier and unit.
    Quantity,
    /// Internal: a role word ("Foreign Minister"); `resolve` joins it with a person.
    Role,
    /// Internal: a nationality adjective ("Russian"); an official's affiliation.
    Demonym,
}

impl MentionType {
    /// The name used in records and CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            MentionType::Person => "person",
            MentionType::Official => "official",
            MentionType::Place => "place",
            MentionType::Organization => "organization",
            MentionType::Date => "date",
            MentionType::Quantity => "quantity",
            MentionType::Role => "role",
            MentionType::Demonym => "demonym",
        }
    }

    /// Whether mentions of this type are written out (roles and demonyms only feed officials).
    pub fn is_output(self) -> bool {
        !matches!(self, MentionType::Role | MentionType::Demonym)
    }
}

/// The qualifier of a quantity, normalized from "over", "about", "at least"…
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// No qualifier: the number as stated.
    Exact,
    /// about, around, roughly, nearly, some, an estimated…
    Approx,
    /// over, more than, above, in excess of…
    MoreThan,
    /// at least, no fewer than…
    AtLeast,
    /// under, fewer than, less than, below…
    LessThan,
    /// up to, at most, no more than…
    AtMost,
    /// between X and Y, X-Y, from X to Y (the mention has `value` and `value_max`).
    Range,
}

impl Qualifier {
    /// The name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::MoreThan => "more_than",
            Qualifier::AtLeast => "at_least",
            Qualifier::LessThan => "less_than",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }
}

/// The TIMEX3 type of a date mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: 2017-04-07, 2017-W15, 2017-03.
    Date,
    /// A time of day: 2017-04-06TNI, 2017-04-07T15:00.
    Time,
    /// A length of time: P3Y, PT48H.
    Duration,
    /// A recurrence: every Monday, annually.
    Set,
}

impl TimexType {
    /// The name used in records.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// The fields each mention type carries besides its span.
#[derive(Clone, Debug, PartialEq)]
pub enum MentionAttrs {
    /// A person: `name` is filled by `resolve` with the entity's full name.
    Person { name: String },
    /// An official: the person's name, the role (canonical casing), the affiliation if any.
    Official { person: String, role: String, affiliation: Option<String> },
    /// A place with its canonical name, ISO 3166-1 alpha-2 country and kind.
    Place { canonical: String, country: Option<String>, place_type: String },
    /// An organization with its canonical name.
    Organization { canonical: String },
    /// A date with its TIMEX3 value, type and optional mod (START, MID, END, APPROX…).
    Date { value: String, timex_type: TimexType, modifier: Option<&'static str> },
    /// A quantity: value, upper bound for ranges, qualifier and the unit or counted thing.
    Quantity { value: f64, value_max: Option<f64>, qualifier: Qualifier, unit: Option<String> },
    /// Internal: a role word with the kind of affiliation it takes (country, organization, any).
    Role { canonical: String, takes: String },
    /// Internal: a nationality adjective and its country code.
    Demonym { country: String },
}

impl MentionAttrs {
    /// The mention type these fields belong to.
    pub fn mention_type(&self) -> MentionType {
        match self {
            MentionAttrs::Person { .. } => MentionType::Person,
            MentionAttrs::Official { .. } => MentionType::Official,
            MentionAttrs::Place { .. } => MentionType::Place,
            MentionAttrs::Organization { .. } => MentionType::Organization,
            MentionAttrs::Date { .. } => MentionType::Date,
            MentionAttrs::Quantity { .. } => MentionType::Quantity,
            MentionAttrs::Role { .. } => MentionType::Role,
            MentionAttrs::Demonym { .. } => MentionType::Demonym,
        }
    }
}

/// One thing found in a document: a span, where it came from and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The bytes it covers.
    pub span: Span,
    /// Index of the sentence it starts in.
    pub sentence: usize,
    /// The annotator (and rule) that found it, e.g. `gazetteer`, `people:role`.
    pub source: &'static str,
    /// How sure that annotator is, in [0, 1].
    pub confidence: f32,
    /// Type-specific fields.
    pub attrs: MentionAttrs,
}

impl Mention {
    /// This mention's type.
    pub fn mention_type(&self) -> MentionType {
        self.attrs.mention_type()
    }
}

/// `words` joined by single spaces and ASCII-lowercased into `buf`, for looking words up in
/// lowercase tables without a heap copy; `None` when they do not fit (no table word is that
/// long, so callers treat it as "not found").
pub fn ascii_lowercase_in<'b>(buf: &'b mut [u8], words: &[&str]) -> Option<&'b str> {
    let len = words.iter().map(|w| w.len()).sum::<usize>() + words.len().saturating_sub(1);
    if len > buf.len() {
        return None;
    }
    let mut at = 0;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            buf[at] = b' ';
            at += 1;
        }
        buf[at..at + w.len()].copy_from_slice(w.as_bytes());
        at += w.len();
    }
    let key = &mut buf[..len];
    key.make_ascii_lowercase();
    std::str::from_utf8(key).ok()
}

/// `s` with its words joined by single spaces ("Human  Rights\nFirst" → "Human Rights
/// First"), as `split_whitespace` and `join` make it; a text already so (most names) is
/// copied as it is, without the list of words.
pub fn collapse_spaces(s: &str) -> String {
    let b = s.as_bytes();
    let plain = b.first().is_none_or(|&c| c != b' ')
        && b.last().is_none_or(|&c| c != b' ')
        && b.iter().all(|&c| c.is_ascii() && (c == b' ' || !c.is_ascii_whitespace() && c != 0x0B))
        && memchr::memmem::find(b, b"  ").is_none();
    if plain {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `word` with ASCII capitals lowered, copied only when it has some (most words have none).
pub fn ascii_lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(word.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// A 4096-bit filter over word shapes (length, first and last byte, ASCII case ignored): a
/// word whose shape no set member has is turned away without hashing its bytes. Sets of a few
/// hundred words leave a few percent of other words to the real lookup.
pub struct Shapes {
    bits: Box<[u64; 64]>,
}

impl Shapes {
    /// The shapes of `words`.
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str>) -> Shapes {
        let mut bits = Box::new([0u64; 64]);
        for w in words {
            let k = Self::key(w);
            bits[k / 64] |= 1 << (k % 64);
        }
        Shapes { bits }
    }

    /// Whether some word of the set has `word`'s shape (so it may be in the set).
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        let k = Self::key(word);
        self.bits[k / 64] & (1 << (k % 64)) != 0
    }

    #[inline]
    fn key(word: &str) -> usize {
        let b = word.as_bytes();
        let first = b.first().map_or(0, u8::to_ascii_lowercase) as u32;
        let last = b.last().map_or(0, u8::to_ascii_lowercase) as u32;
        let h = (first << 16) ^ (last << 8) ^ (b.len() as u32);
        (h.wrapping_mul(0x9E37_79B1) >> 20) as usize
    }
}

/// A set of short lowercase words that answers for a word in any ASCII case ("said", "Said",
/// "SAID") without copying it. Most words are turned away by their shape.
pub struct WordSet {
    words: crate::strmap::StrSet,
    shapes: Shapes,
}

impl WordSet {
    /// The longest word a set may hold.
    pub const LONGEST: usize = 32;

    /// A set of these lowercase words (each at most [`Self::LONGEST`] bytes).
    pub fn new(words: &[&'static str]) -> WordSet {
        assert!(
            words.iter().all(|w| w.len() <= Self::LONGEST && *w == w.to_ascii_lowercase()),
            "short lowercase words"
        );
        WordSet { words: words.iter().copied().collect(), shapes: Shapes::new(words.iter().copied()) }
    }

    /// Whether `word`, ASCII-lowercased, is in the set. (Inlined: the shape turns nearly every
    /// word away, and callers ask of every token.)
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        word.len() <= Self::LONGEST && self.shapes.may_contain(word) && self.in_words(word)
    }

    #[inline(never)]
    fn in_words(&self, word: &str) -> bool {
        self.words.contains_ascii_lowercase(word)
    }
}

/// The built-in gazetteer, built once for all unit tests.
#[cfg(test)]
pub(crate) static TEST_GAZETTEER: std::sync::LazyLock<std::sync::Arc<crate::gazetteer::Gazetteer>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(crate::gazetteer::Gazetteer::builtin()));

/// The texts of the mentions one annotator finds in `text` (for unit tests).
#[cfg(test)]
pub(crate) fn annotated_texts(annotator: &dyn crate::Annotator, text: &str) -> Vec<String> {
    let d = test_doc(text, None);
    let a = crate::tokenize::analyze(&d);
    let mut out = Vec::new();
    annotator.annotate(&a, &mut out);
    out.iter().map(|m| a.span_text(m.span).to_string()).collect()
}

/// A document for unit tests: the text, an optional date ("YYYY-MM-DD"), nothing else.
#[cfg(test)]
pub(crate) fn test_doc(text: &str, date: Option<&str>) -> Document {
    Document {
        id: "test".into(),
        path: "test".into(),
        text: text.into(),
        bytes: text.len() as u64,
        sha256: String::new(),
        date: date.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        date_source: if date.is_some() { DateSource::Cli } else { DateSource::None },
        title: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_spaces_joins_words_as_split_whitespace_does() {
        for s in [
            "Human Rights First",
            "Human  Rights\nFirst",
            " lead",
            "trail ",
            "tab\there",
            "vt\u{b}ff\u{c}cr\r",
            "nbsp\u{a0}here",
            "em\u{2003}space",
            "",
            " ",
            "one",
        ] {
            assert_eq!(collapse_spaces(s), s.split_whitespace().collect::<Vec<_>>().join(" "), "{s:?}");
        }
    }

    #[test]
    fn next_capital_finds_capitalized_tokens_in_order_within_bounds() {
        // Capitals at varied places, across 64-token blocks.
        let text: String = (0..200).map(|i| if i % 7 == 0 || i == 63 || i == 64 { "Ab " } else { "ab " }).collect();
        let document = crate::corpus::from_text("t", &text, &crate::corpus::CorpusOptions::default()).unwrap();
        let doc = crate::tokenize::analyze(&document);
        assert_eq!(doc.tokens.len(), 200);
        for from in 0..205 {
            for end in [0, 1, 63, 64, 65, 128, 199, 200, 300] {
                let expected = (from..end.min(200)).find(|&i| doc.tokens[i].capital);
                assert_eq!(doc.next_capital(from, end), expected, "from {from} before {end}");
            }
        }
    }

    #[test]
    fn spans_overlap_and_contain() {
        let a = Span::new(0, 5);
        assert!(a.overlaps(&Span::new(4, 9)));
        assert!(!a.overlaps(&Span::new(5, 9)));
        assert!(a.contains(&Span::new(1, 5)));
        assert!(!a.contains(&Span::new(1, 6)));
        assert_eq!(a.len(), 5);
    }

    #[test]
    fn lowercases_words_on_the_stack() {
        let mut buf = [0u8; 12];
        assert_eq!(ascii_lowercase_in(&mut buf, &["Per", "CENT"]), Some("per cent"));
        assert_eq!(ascii_lowercase_in(&mut buf, &["Zoë"]), Some("zoë"));
        assert_eq!(ascii_lowercase_in(&mut buf, &["thirteen", "chars"]), None);
        assert_eq!(ascii_lowercase_in(&mut buf, &[]), Some(""));
        assert!(matches!(ascii_lowercase("said"), std::borrow::Cow::Borrowed("said")));
        assert_eq!(ascii_lowercase("SAID"), "said");
        let set = WordSet::new(&["said", "told", "according"]);
        assert!(set.contains("Told") && set.contains("ACCORDING") && set.contains("said"));
        assert!(!set.contains("tell") && !set.contains("sai") && !set.contains("") && !set.contains("Zoë"));
    }

    #[test]
    fn shapes_never_turn_away_a_member() {
        let words: Vec<String> = (0..500).map(|i| format!("w{}{}", "x".repeat(i % 17), i)).collect();
        let shapes = Shapes::new(words.iter().map(String::as_str));
        assert!(words.iter().all(|w| shapes.may_contain(w) && shapes.may_contain(&w.to_ascii_uppercase())));
        // Few other words get through: here a few hundred shapes of 4096.
        let others = (0..10_000).map(|i| format!("q{i}z")).filter(|w| shapes.may_contain(w)).count();
        assert!(others < 2_000, "{others}");
    }
}
