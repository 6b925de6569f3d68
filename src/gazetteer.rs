//! Stage 3a: the gazetteer — lists of places, organizations, nationality adjectives, roles and
//! given names — and the annotator that finds their surface forms in a document.
//!
//! The lists are TSV files in `gazetteers/` (built by `scripts/build-gazetteers.py` from public
//! registry packages; see `gazetteers/README.md`), compiled into the binary so it runs from any
//! folder. Users add their own with [`GazetteerBuilder::add_tsv`] (`--gazetteer FILE.tsv`); their
//! rows win over the built-in ones.
//!
//! Matching is by token runs, not by scanning text: at each word token, the run of tokens from
//! it grows one token at a time while it is the start of some surface form (one hash probe per
//! step, and most words start none), and the longest run that is a whole form is the match. A
//! match starts and ends on token boundaries, so "Oman" never matches inside "Romania", and
//! "Washington, D.C." wins over "Washington"; where the longest form that fits ends inside a
//! word ("South Korea" in "South Koreans") there is no match rather than a shorter one
//! ("South"). Matching is case-sensitive: forms that need lowercase (roles: "secretary of
//! state") are listed in lowercase too. (An Aho-Corasick automaton over the forms did the same
//! work; building it took a twentieth of a run over 20,000 news articles.)
//!
//! The tables are built once and shared across threads. Given names are not among the surface
//! forms: the people annotator asks [`Gazetteer::is_given_name`], a hash lookup.
//!
//! Not here: deciding whether "Jordan" is a person or a place from context (the gazetteer issue
//! deepens this), or combining roles with people (that is `resolve`).

use crate::document::{ascii_lowercase_in, Doc, Mention, MentionAttrs, Shapes, Span, Token, TokenKind};
use crate::strmap::{StrMap, StrSet};
use crate::Annotator;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The built-in lists, compiled into the binary: (file name, contents).
const BUILTIN: &[(&str, &str)] = &[
    ("places.tsv", include_str!("../gazetteers/places.tsv")),
    ("organizations.tsv", include_str!("../gazetteers/organizations.tsv")),
    ("demonyms.tsv", include_str!("../gazetteers/demonyms.tsv")),
    ("roles.tsv", include_str!("../gazetteers/roles.tsv")),
    ("given_names.tsv", include_str!("../gazetteers/given_names.tsv")),
];

/// One-word-per-line lists compiled into the binary: US Census surnames, the most frequent
/// lowercase English words (most frequent first), company legal forms.
const SURNAMES: &str = include_str!("../gazetteers/surnames.txt");
const ENGLISH_WORDS: &str = include_str!("../gazetteers/english_words.txt");
const ORG_SUFFIXES: &str = include_str!("../gazetteers/org_suffixes.txt");

/// Places below this priority (cities under about 100,000 people, in the generated lists) are
/// matched only with context: "in X", "X, Ohio", a dateline. Above it, the name alone will do.
pub const CONTEXT_PRIORITY: i32 = 60;

/// Capitalized words after a place that make the whole an event, not the place ("U.S. Open",
/// "Atlanta Games").
#[rustfmt::skip]
const EVENT_WORDS: &[&str] = &[
    "Open", "Games", "Cup", "Championship", "Championships", "Grand", "Marathon", "Masters", "Classic",
    "Trophy", "Tournament", "Olympics", "Series", "Rally", "Derby", "Invitational", "Challenge", "Festival",
];

/// Verbs after a city in sports reports that make it a team ("Leeds beat Chelsea").
#[rustfmt::skip]
const RESULT_VERBS: &[&str] = &["beat", "beats", "drew", "draw", "defeated", "edged", "routed", "thrashed", "trounced", "lost", "lose", "leads", "led", "rallied"];

/// Words before a city in sports reports that make it a team ("beat Chelsea", "Kent v Essex").
#[rustfmt::skip]
const RESULT_VERBS_BEFORE: &[&str] = &["beat", "beats", "defeated", "edged", "routed", "thrashed", "trounced", "v", "vs", "vs."];

/// Words before a place that make it one ("in Arbil", "near Tavildara").
#[rustfmt::skip]
const PLACE_CUES: &[&str] = &[
    "in", "near", "from", "at", "to", "outside", "across", "around", "throughout", "into", "via", "toward",
    "towards", "between", "of", "visit", "visited", "visiting", "capital", "city", "town", "village", "province",
    "region", "state", "district", "port", "airport", "northern", "southern", "eastern", "western", "central",
];

/// Priority added to users' own rows so that they win over every built-in row.
const USER_PRIORITY_BOOST: i32 = 1000;

/// What kind of thing a gazetteer entry names, with the fields that kind carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A place; the string is its place type (country, city, state, region, continent…).
    Place(String),
    /// An organization; the string is its kind (government, ngo, media…), possibly empty.
    Organization(String),
    /// A nationality adjective; the entry's `canonical` holds the country code.
    Demonym,
    /// A role; the string is the affiliation it takes (country, organization, any).
    Role(String),
    /// A given name.
    GivenName,
}

/// One row of a gazetteer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The normalized name ("Russia" for "Russian Federation").
    pub canonical: String,
    /// What it names.
    pub kind: EntryKind,
    /// ISO 3166-1 alpha-2 country code, if any.
    pub country: Option<String>,
    /// Higher wins when one surface form has several entries.
    pub priority: i32,
}

impl Entry {
    /// What a row's entry leaves behind when moved out (no allocation).
    const NONE: Entry = Entry { canonical: String::new(), kind: EntryKind::Demonym, country: None, priority: 0 };
}

/// A problem in a gazetteer file: which file, which line, what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GazetteerError {
    /// The file (or built-in list) name.
    pub file: String,
    /// 1-based line number, or 0 for the whole file.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for GazetteerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GazetteerError {}

/// Collects gazetteer rows from TSV files, then builds a [`Gazetteer`].
#[derive(Default)]
pub struct GazetteerBuilder {
    entries: Vec<(String, Entry)>,
}

impl GazetteerBuilder {
    /// A builder holding the built-in lists.
    pub fn with_builtin() -> GazetteerBuilder {
        let mut b = GazetteerBuilder::default();
        // (Room for all of them first: grown file by file, the rows were copied over again.)
        b.entries.reserve_exact(BUILTIN.iter().map(|(_, text)| line_count(text)).sum());
        for (name, text) in BUILTIN {
            b.add_rows(name, text, 0).expect("the built-in gazetteers are well-formed (checked by a test)");
        }
        b
    }

    /// Add a user's TSV file. Its rows win over the built-in lists. The columns are those of
    /// the built-in files: `surface canonical type subtype country priority [source]`; only
    /// `surface` and `type` are required.
    pub fn add_tsv(&mut self, path: &Path) -> Result<&mut Self, GazetteerError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| GazetteerError {
            file: name.clone(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        self.add_rows(&name, &text, USER_PRIORITY_BOOST)?;
        Ok(self)
    }

    /// Add rows from TSV text (a header row starting with `surface` is skipped, as are blank
    /// lines and `#` comments).
    pub fn add_rows(&mut self, file: &str, text: &str, boost: i32) -> Result<&mut Self, GazetteerError> {
        self.entries.reserve(line_count(text));
        for (n, line) in lines(text).enumerate() {
            if line.is_empty() || line.starts_with('#') || (n == 0 && line.starts_with("surface\t")) {
                continue;
            }
            let err = |message: String| GazetteerError { file: file.to_string(), line: n + 1, message };
            // (The first six columns, on the stack: a list per row was a tenth of the rows' cost.)
            let (mut cols, mut found) = ([""; 6], 0);
            for field in fields(line) {
                if let Some(c) = cols.get_mut(found) {
                    *c = field;
                }
                found += 1;
            }
            let cols = &cols[..found.min(6)];
            if cols.len() < 3 {
                return Err(err(format!(
                    "expected at least 3 tab-separated columns (surface, canonical, type), found {found}"
                )));
            }
            let surface = cols[0].trim();
            if surface.is_empty() {
                return Err(err("empty surface form".into()));
            }
            let canonical = match cols[1].trim() {
                "" => surface.to_string(),
                c => c.to_string(),
            };
            let subtype = cols.get(3).map_or("", |s| s.trim()).to_string();
            let kind = match cols[2].trim() {
                "place" => EntryKind::Place(if subtype.is_empty() { "place".into() } else { subtype }),
                "organization" => EntryKind::Organization(subtype),
                "demonym" => EntryKind::Demonym,
                "role" => EntryKind::Role(if subtype.is_empty() { "any".into() } else { subtype }),
                "given_name" => EntryKind::GivenName,
                other => {
                    return Err(err(format!(
                        "unknown type {other:?}; use place, organization, demonym, role or given_name"
                    )))
                }
            };
            let country = cols.get(4).map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
            if let Some(c) = &country {
                if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(err(format!("country {c:?} is not an ISO 3166-1 alpha-2 code such as US or RU")));
                }
            }
            let priority = match cols.get(5).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                None => 50,
                Some(p) => p.parse::<i32>().map_err(|_| err(format!("priority {p:?} is not a whole number")))?,
            } + boost;
            self.entries.push((surface.to_string(), Entry { canonical, kind, country, priority }));
        }
        Ok(self)
    }

    /// Build the lookup tables.
    pub fn build(self) -> Gazetteer {
        // The compiled-in word lists do not depend on the rows: they are built on another
        // thread meanwhile (a sixth of the start-up), or here if no thread can be had.
        std::thread::scope(|scope| {
            let lists = std::thread::Builder::new().spawn_scoped(scope, WordLists::builtin);
            self.build_with(|| lists.ok().and_then(|h| h.join().ok()).unwrap_or_else(WordLists::builtin))
        })
    }

    /// Build the tables from the rows, taking the word lists from `word_lists` at the end.
    fn build_with(mut self, word_lists: impl FnOnce() -> WordLists) -> Gazetteer {
        let mut given_names = StrSet::default();
        // Every run of a form's first tokens, with the text between them: the whole form, and the
        // shorter runs a longer form goes on from ("South" of "South Korea"). First the whole
        // forms, each with its id: its place in `surfaces` and `forms`, by first row.
        let mut runs: StrMap<Run> = StrMap::with_capacity(self.entries.len() * 3 / 2);
        let mut surfaces: Vec<String> = Vec::with_capacity(self.entries.len());
        // Each row's form (given names have none).
        const NO_FORM: u32 = u32::MAX;
        let mut ids: Vec<u32> = Vec::with_capacity(self.entries.len());
        let mut country_names: HashMap<String, (i32, String)> = HashMap::default();
        for (surface, entry) in &mut self.entries {
            if entry.kind == EntryKind::GivenName {
                given_names.insert(surface);
                ids.push(NO_FORM);
                continue;
            }
            if let (EntryKind::Place(t), Some(cc)) = (&entry.kind, &entry.country) {
                if t == "country" && *surface == entry.canonical {
                    let slot = country_names.entry(cc.clone()).or_insert((i32::MIN, String::new()));
                    if entry.priority > slot.0 {
                        *slot = (entry.priority, entry.canonical.clone());
                    }
                }
            }
            let next = surfaces.len();
            let id = runs.get_or_insert_with(surface, || Run::new(Some(next))).surface().expect("a whole form");
            if id == next {
                surfaces.push(std::mem::take(surface));
            }
            ids.push(u32::try_from(id).expect("fewer than 4 billion forms"));
        }
        // The entries of each form together, in one list (a list per form took 15 MB and a
        // fifth of the start-up's page faults), moved there once: rows in order, then each
        // form's highest priority first, ties in a fixed order so the choice never depends on
        // input order.
        let mut order: Vec<u32> = (0..ids.len() as u32).filter(|&i| ids[i as usize] != NO_FORM).collect();
        order.sort_by_key(|&i| ids[i as usize]);
        let mut entries: Vec<Entry> = Vec::with_capacity(order.len());
        let mut forms: Vec<(u32, u32)> = Vec::with_capacity(surfaces.len());
        let at = |n: usize| u32::try_from(n).expect("fewer than 4 billion entries");
        // (One form's entries at a time, in a list whose room is kept from form to form.)
        let mut form: Vec<Entry> = Vec::new();
        for group in order.chunk_by(|&a, &b| ids[a as usize] == ids[b as usize]) {
            form.extend(group.iter().map(|&i| std::mem::replace(&mut self.entries[i as usize].1, Entry::NONE)));
            form.sort_by(|a, b| b.priority.cmp(&a.priority).then_with(|| a.canonical.cmp(&b.canonical)));
            form.dedup();
            let start = entries.len();
            entries.append(&mut form);
            forms.push((at(start), at(entries.len())));
        }
        drop(self.entries);
        let team_places =
            forms.iter().map(|&(start, end)| is_team_place(&entries[start as usize..end as usize])).collect();
        let country_names = country_names.into_iter().map(|(k, (_, v))| (k, v)).collect();
        // And each form up to the first character of its last word ("South K" of "South Korea"),
        // to know cheaply that a form may end inside a word ("South Koreans").
        let mut heads = StrSet::default();
        // The last words of roles ("minister" of "foreign minister").
        let mut role_ends = StrSet::default();
        // The runs that do not start with a capital ("secretary", "secretary of" of "secretary
        // of state"), of which the one-token ones are kept below.
        let mut uncapitalized: Vec<&str> = Vec::new();
        for (s, &(start, end)) in surfaces.iter().zip(&forms) {
            let is_role = entries[start as usize..end as usize].iter().any(|e| matches!(e.kind, EntryKind::Role(_)));
            let capitalized = s.starts_with(char::is_uppercase);
            // (A form of ASCII letters alone is one token: most forms, not tokenized.)
            if s.bytes().all(|b| b.is_ascii_alphabetic()) {
                debug_assert_eq!(crate::tokenize::tokenize(s).len(), 1, "{s:?}");
                if is_role {
                    role_ends.insert(s);
                }
                if !capitalized {
                    uncapitalized.push(s);
                }
                continue;
            }
            let tokens = crate::tokenize::tokenize(s);
            for t in tokens.iter().take(tokens.len().saturating_sub(1)) {
                let run = runs.get_or_insert_with(&s[..t.end], || Run::new(None));
                run.goes_on = true;
                // (Tokens hold no spaces, so every space in a key or head comes right after
                // one of these runs of its own form's tokens.)
                if let [b' ', next, ..] = s.as_bytes()[t.end..] {
                    run.after_space |= after_space_bit(next);
                }
                if !capitalized {
                    uncapitalized.push(&s[..t.end]);
                }
            }
            if !capitalized {
                uncapitalized.push(s);
            }
            if let Some(last) = tokens.last() {
                if last.start > 0 {
                    let first_char = s[last.start..].chars().next().map_or(0, char::len_utf8);
                    heads.insert(&s[..last.start + first_char]);
                }
                if is_role {
                    role_ends.insert(&s[last.start..last.end]);
                }
            }
        }
        // (Few of the runs start lowercase, so most words, lowercase, are ruled out in a table
        // that stays in cache.)
        uncapitalized.retain(|r| crate::tokenize::tokenize(r).len() == 1);
        let uncapitalized_shapes = Shapes::new(uncapitalized.iter().copied());
        let uncapitalized_starts: StrSet = uncapitalized.into_iter().collect();
        // (No run is longer than its form.)
        let longest_run = surfaces.iter().map(String::len).max().unwrap_or(0);
        drop(surfaces);
        let WordLists { surnames, english, org_suffixes } = word_lists();
        // (Room was made for more runs than there are: the table at its smallest, 2 MB rather
        // than 4 for the built-in lists, keeps more of it in cache, where most of a lookup's
        // time goes: 0.5 to 0.9% of a run's samples fewer in the lookups, for a millisecond of
        // start-up.)
        runs.shrink_to_fit();
        Gazetteer {
            runs,
            heads,
            uncapitalized_starts,
            uncapitalized_shapes,
            longest_run,
            role_ends,
            entries,
            forms,
            team_places,
            given_names,
            country_names,
            surnames,
            english,
            org_suffix_shapes: Shapes::new(lines(ORG_SUFFIXES)),
            org_suffixes,
        }
    }
}

/// The compiled-in one-word lists, as tables that borrow their lines (sized up front).
struct WordLists {
    surnames: StrSet,
    english: StrMap<u32>,
    org_suffixes: StrSet,
}

impl WordLists {
    fn builtin() -> WordLists {
        let mut english = StrMap::with_capacity(line_count(ENGLISH_WORDS));
        english.extend(lines(ENGLISH_WORDS).enumerate().map(|(rank, w)| (w, rank as u32)));
        WordLists { surnames: static_set(SURNAMES), english, org_suffixes: static_set(ORG_SUFFIXES) }
    }
}

/// The lines of `text`, as `str::lines` gives them (without "\n" or "\r\n"). `lines()` and
/// `split('\t')` search with a setup per call that, over the gazetteers' quarter of a million
/// short lines and fields, was a third of the start-up; here one `memchr` iterator finds them
/// all.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().unwrap_or(text.len());
        let line = &text[start..end];
        start = end + 1;
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

/// How many lines `lines` gives for `text` (at most).
fn line_count(text: &str) -> usize {
    memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1
}

/// The tab-separated fields of a line (short: a byte loop finds each tab).
fn fields(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'\t') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// The lines of a compiled-in word list, as a set that borrows them.
fn static_set(list: &'static str) -> StrSet {
    let mut set = StrSet::with_capacity(line_count(list));
    set.extend(lines(list));
    set
}

/// The loaded lists and the tables to match them. Build once, share by reference.
pub struct Gazetteer {
    /// Every surface form (given names excepted), and every run of a form's first tokens that
    /// a longer form goes on from: one probe per word says whether a form starts there.
    runs: StrMap<Run>,
    /// Every form of two or more tokens up to the first character of its last token.
    heads: StrSet,
    /// The one-token runs that do not start with a capital letter.
    uncapitalized_starts: StrSet,
    /// Their shapes: most lowercase words are ruled out without a hash.
    uncapitalized_shapes: Shapes,
    /// The longest key of `runs`, in bytes: no match reaches further from where it starts.
    longest_run: usize,
    /// The last token of every surface form that is a role ("Minister" of "Foreign Minister").
    role_ends: StrSet,
    /// The entries of every surface form, each form's together, best first.
    entries: Vec<Entry>,
    /// For each surface form's id, where its entries are in `entries`.
    forms: Vec<(u32, u32)>,
    /// For each surface form's id, whether it can name a sports team ([`is_team_place`]):
    /// asked of every match in a document with results in it, and each entry's place type is
    /// a string elsewhere in memory.
    team_places: Vec<bool>,
    /// Given names, for the people annotator.
    given_names: StrSet,
    /// Country code → canonical country name ("RU" → "Russia").
    country_names: HashMap<String, String>,
    /// Surnames (US Census 2010), title-cased.
    surnames: StrSet,
    /// Frequent lowercase English words and their frequency rank (0 = most frequent).
    english: StrMap<u32>,
    /// Company legal forms, lowercase, without periods ("inc", "gmbh").
    org_suffixes: StrSet,
    /// Their shapes: most capitalized words are no legal form, and need no lookup.
    org_suffix_shapes: Shapes,
}

/// A run of tokens that begins surface forms: whether it is a whole form (and which), and
/// whether a longer form goes on from it.
/// (Sixteen bytes: with its key, a slot of the table is 32, and the table a third smaller
/// than with an `Option<usize>`, for fewer cache misses.)
struct Run {
    /// The first bytes of the words that follow this run after one space in longer forms and
    /// in `heads` (a bit per byte value modulo 64): a next word that begins otherwise cannot
    /// go on from here, and is turned away without a lookup.
    after_space: u64,
    /// The surface form's index, or [`Run::NOT_A_FORM`].
    surface: u32,
    goes_on: bool,
}

impl Run {
    const NOT_A_FORM: u32 = u32::MAX;

    /// A run that is the whole surface form `id`, or only the start of longer ones.
    fn new(id: Option<usize>) -> Run {
        let surface = id.map_or(Run::NOT_A_FORM, |id| u32::try_from(id).expect("fewer than 4 billion forms"));
        Run { after_space: 0, surface, goes_on: false }
    }

    /// The surface form this run is, if it is a whole one.
    fn surface(&self) -> Option<usize> {
        (self.surface != Run::NOT_A_FORM).then_some(self.surface as usize)
    }
}

/// The bit of [`Run::after_space`] for a word's first byte.
fn after_space_bit(first_byte: u8) -> u64 {
    1 << (first_byte & 63)
}

/// `f` of `word` in lowercase: short ASCII words are lowercased on the stack (these checks are
/// asked for most capitalized words), others with Unicode's rules.
fn lowercased<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    match ascii_lowercase_in(&mut buf, &[word]).filter(|_| word.is_ascii()) {
        Some(lower) => f(lower),
        None => f(&word.to_lowercase()),
    }
}

/// A gazetteer match: where it ends and the entries for its surface form, best first.
pub struct GazetteerMatch<'g> {
    /// The matched bytes.
    pub span: Span,
    /// Entries for the matched surface, highest priority first (never empty).
    pub entries: &'g [Entry],
    /// Whether the surface can name a sports team: a city, county or state, not a country.
    pub team_place: bool,
}

impl Gazetteer {
    /// The built-in lists.
    pub fn builtin() -> Gazetteer {
        GazetteerBuilder::with_builtin().build()
    }

    /// The entries for exactly this surface form, best first.
    pub fn lookup(&self, surface: &str) -> Option<&[Entry]> {
        self.lookup_match(surface).map(|m| m.entries)
    }

    /// [`Self::lookup`] as a match over all of `surface`.
    pub fn lookup_match(&self, surface: &str) -> Option<GazetteerMatch<'_>> {
        let id = self.runs.get(surface)?.surface()?;
        Some(self.form_match(Span::new(0, surface.len()), id))
    }

    /// A match of surface form `id` over `span`.
    fn form_match(&self, span: Span, id: usize) -> GazetteerMatch<'_> {
        GazetteerMatch { span, entries: self.entries_of(id), team_place: self.team_places[id] }
    }

    /// The longest surface form that starts at token `i` of `doc` and ends on a token end.
    pub fn match_token<'g>(&'g self, doc: &Doc, i: usize) -> Option<GazetteerMatch<'g>> {
        self.match_tokens_in(doc.text(), &doc.tokens, i)
    }

    /// [`Self::match_token`] over another text with the same token offsets (a document's
    /// title-case shadow, for words in capitals).
    ///
    /// Runs of tokens are looked up while some surface form goes on from them. Where the longest
    /// form that fits the text ends inside a word ("South Korea" in "South Koreans"), there is no
    /// match: the word is something else (here a nationality), not a shorter form ("South").
    pub fn match_tokens_in<'g>(&'g self, text: &str, tokens: &[Token], i: usize) -> Option<GazetteerMatch<'g>> {
        let first = tokens.get(i)?;
        let word = &text[first.start..first.end];
        if !self.may_start(word) {
            return None;
        }
        let (mut best, mut inside_word_end) = (None, 0);
        let mut j = i;
        while let Some(run) = self.runs.get(&text[first.start..tokens[j].end]) {
            if let Some(id) = run.surface() {
                best = Some((tokens[j].end, id));
            }
            if j + 1 >= tokens.len() || !run.goes_on {
                break;
            }
            j += 1;
            let t = tokens[j];
            // (After one space, a word whose first byte no key goes on with ends the run here:
            // neither the lookups below nor the next one could find anything.)
            let space_before = t.start == tokens[j - 1].end + 1 && text.as_bytes()[t.start - 1] == b' ';
            if space_before && run.after_space & after_space_bit(text.as_bytes()[t.start]) == 0 {
                break;
            }
            let word = &text[t.start..t.end];
            let first_char = word.chars().next().map_or(0, char::len_utf8);
            if self.heads.contains(&text[first.start..t.start + first_char]) {
                for (p, _) in word.char_indices().skip(1) {
                    if self.runs.get(&text[first.start..t.start + p]).is_some_and(|r| r.surface().is_some()) {
                        inside_word_end = t.start + p;
                    }
                }
            }
        }
        let (end, id) = best?;
        (end > inside_word_end).then(|| self.form_match(Span::new(first.start, end), id))
    }

    /// Whether some surface form may begin with the word `word`: any capitalized word, and the
    /// few lowercase words that begin a form. (Few forms start lowercase: most lowercase words
    /// are turned away by their shape alone.)
    #[inline]
    pub fn may_start(&self, word: &str) -> bool {
        word.starts_with(char::is_uppercase) || self.may_start_uncapitalized(word)
    }

    /// [`Self::may_start`] for a word known not to begin with a capital.
    #[inline]
    fn may_start_uncapitalized(&self, word: &str) -> bool {
        self.uncapitalized_shapes.may_contain(word) && self.uncapitalized_starts.contains(word)
    }

    /// Whether `word` is a given name in the lists.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
    }

    /// Whether `word` is a surname in the lists ("Tillerson" is not; "Khan" is).
    pub fn is_surname(&self, word: &str) -> bool {
        self.surnames.contains(word)
    }

    /// Whether `word`, lowercased, is a frequent English word ("Reading", "Turkey", "Will"),
    /// so that its capital letter alone says little.
    pub fn is_common_word(&self, word: &str) -> bool {
        if word.is_ascii() || word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return self.english.get_ascii_lowercase(word).is_some();
        }
        self.english.contains_key(&word.to_lowercase())
    }

    /// Whether `word`, lowercased, is among the thousand most frequent English words of the
    /// list and is no given name: "Time", "Long", "White" are; "Warner", "Bill" are not. Such a
    /// word first in a name that speaks makes a company or place of it ("Time Warner said").
    pub fn is_everyday_word(&self, word: &str) -> bool {
        const EVERYDAY: u32 = 1000;
        let rank = if word.is_ascii() {
            self.english.get_ascii_lowercase(word)
        } else {
            self.english.get(&word.to_lowercase())
        };
        rank.is_some_and(|&rank| rank < EVERYDAY) && !self.is_given_name(word)
    }

    /// Whether some role's surface form ends with the token `word` ("Minister", "spokesman"):
    /// where it does not, no role ends there, and the lookups that would find one are saved.
    pub fn may_end_role(&self, word: &str) -> bool {
        self.role_ends.contains(word)
    }

    /// Whether `word` is a company legal form ("Inc.", "GmbH", "Ltd").
    pub fn is_org_suffix(&self, word: &str) -> bool {
        // Legal forms are short and capitalized: most words are neither, and need no lookup.
        if word.len() > 8 || !word.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        let bare = word.trim_end_matches('.');
        // (A shape is of ASCII bytes; other words go on to the lookup.)
        if bare.is_ascii() && !self.org_suffix_shapes.may_contain(bare) {
            return false;
        }
        // Two-letter forms ("AG", "SA") only in capitals; "as" and "co" are also English words.
        let long_enough = |w: &str| {
            w.len() > 2 || word.chars().filter(|c| c.is_uppercase()).count() >= 2 || word == "Co" || word == "Co."
        };
        lowercased(bare, |w| long_enough(w) && self.org_suffixes.contains(w))
    }

    /// The canonical country name for an ISO 3166-1 alpha-2 code ("RU" → "Russia").
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.country_names.get(code).map(String::as_str)
    }

    /// Number of distinct surface forms in the tables.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The entries of surface form `id`, best first.
    #[inline]
    fn entries_of(&self, id: usize) -> &[Entry] {
        let (start, end) = self.forms[id];
        &self.entries[start as usize..end as usize]
    }
}

/// The annotator: places, organizations, and the internal role and demonym mentions that
/// `resolve` turns into officials' roles and affiliations.
pub struct GazetteerAnnotator {
    gazetteer: Arc<Gazetteer>,
}

impl GazetteerAnnotator {
    /// An annotator over a built gazetteer.
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        GazetteerAnnotator { gazetteer }
    }
}

/// Confidence from an entry's priority: the lists' priorities run 0–100.
fn confidence(priority: i32) -> f32 {
    (0.5 + priority.clamp(0, 100) as f32 / 200.0).min(0.99)
}

/// A copy of the text where every all-capital ASCII word of two or more letters is written in
/// title case ("NEW YORK" → "New York"), byte for byte the same length, so that datelines and
/// headlines in capitals match the case-sensitive forms at the same offsets.
/// With it, where the words in capitals start, in order: only a match that could reach one of
/// them can differ from the text's own.
fn title_case_shadow(doc: &Doc) -> Option<(String, Vec<usize>)> {
    let text = doc.text();
    // (A word in capitals begins with one: the document's bits of capitalized tokens lead from
    // one to the next, past the rest.)
    let mut words = Vec::with_capacity(16);
    let mut i = 0;
    while let Some(k) = doc.next_capital(i, doc.tokens.len()) {
        let t = doc.tokens[k];
        if t.end - t.start >= 2 && text.as_bytes()[t.start..t.end].iter().all(u8::is_ascii_uppercase) {
            words.push((t.start, t.end));
        }
        i = k + 1;
    }
    if words.is_empty() {
        return None;
    }
    // (Changed in place as `str`: only ASCII letters change case, and the copy needs no check.)
    let mut shadow = text.to_string();
    for &(start, end) in &words {
        shadow[start + 1..end].make_ascii_lowercase();
    }
    Some((shadow, words.into_iter().map(|(start, _)| start).collect()))
}

impl GazetteerAnnotator {
    /// Whether a match of `entry` over tokens `first..end` may stand without context: a place
    /// below [`CONTEXT_PRIORITY`], a single word that is also a common English word, or a place
    /// that is also a person's name (Kennedy, Washington) needs a cue; so does anything seen only
    /// in capitals.
    fn needs_context(&self, doc: &Doc, entry: &Entry, first: usize, end: usize, from_capitals: bool) -> bool {
        let g = &self.gazetteer;
        let word = doc.token_text(first);
        let single = end == first + 1;
        match &entry.kind {
            EntryKind::Place(t) => {
                let weak = entry.priority < CONTEXT_PRIORITY
                    || (single && g.is_common_word(word) && entry.priority < 90)
                    || (single && entry.priority < 72 && (g.is_surname(word) || g.is_given_name(word)))
                    || (from_capitals && entry.priority < 70);
                weak && t != "country"
            }
            // "Fed" is also a word, but capitalized inside a sentence it is the Federal Reserve;
            // at a sentence's start, or seen only in capitals, it needs more.
            EntryKind::Organization(_) => {
                let sentence_start = doc.sentences[doc.sentence_at(doc.tokens[first].start)].first_token == first;
                single && g.is_common_word(word) && (sentence_start || from_capitals)
            }
            _ => false,
        }
    }

    /// Evidence that the words at `first..end` name a place: a cue before ("in", "near"), a
    /// place after a comma ("Arbil, Iraq"), or a dateline (the start of a line, then a comma,
    /// a dash or a bracket).
    fn has_place_context(&self, doc: &Doc, first: usize, end: usize) -> bool {
        let text = doc.text();
        let mut j = first;
        if j > 0 && doc.token_text(j - 1).eq_ignore_ascii_case("the") {
            j -= 1;
        }
        if j > 0 && PLACE_CUES.iter().any(|c| doc.token_text(j - 1).eq_ignore_ascii_case(c)) {
            return true;
        }
        if end + 1 < doc.tokens.len() && doc.token_text(end) == "," {
            if let Some(m) = self.gazetteer.match_token(doc, end + 1) {
                let regional = |e: &Entry| matches!(&e.kind, EntryKind::Place(t) if t == "country" || t == "state" || t == "region");
                if m.entries.iter().any(regional) {
                    return true;
                }
            }
        }
        // At the start of a line: only spaces back to a line break (or the text's start). Look
        // back over spaces only, never the whole line: a long line must not cost a scan per word.
        let before = text[..doc.tokens[first].start].trim_end_matches([' ', '\t']);
        let at_line_start = before.is_empty() || before.ends_with('\n');
        at_line_start
            && end < doc.tokens.len()
            && matches!(doc.token_text(end), "," | "-" | "(" | "\u{2013}" | "\u{2014}")
    }
}

impl Annotator for GazetteerAnnotator {
    fn name(&self) -> &'static str {
        "gazetteer"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let g = &self.gazetteer;
        let shadow = title_case_shadow(doc);
        // (The next word in capitals at or after the current token.)
        let mut next_caps = 0;
        // Pass 1: every match, anchored at word starts, longest first, without overlaps.
        // (About one a sentence in news text: room for that, not a few steps of growth.)
        let mut matches: Vec<(GazetteerMatch<'_>, bool, usize, usize)> = Vec::with_capacity(doc.tokens.len() / 16 + 4);
        let mut i = 0;
        while i < doc.tokens.len() {
            // (A word that can begin no form, as written or in the shadow, where it is the same
            // word unless in capitals, is passed over without a lookup.)
            let t = doc.tokens[i];
            if t.kind != TokenKind::Word || !(t.capital || g.may_start_uncapitalized(doc.token_text(i))) {
                i += 1;
                continue;
            }
            // The text as written first; for a word in capitals, its title-case form as well:
            // where a match from here could reach a word in capitals (elsewhere the shadow is
            // the text itself, and would match the same).
            let mut found = self.gazetteer.match_token(doc, i).map(|m| (m, false));
            if let (None, Some((sh, caps))) = (&found, &shadow) {
                let start = doc.tokens[i].start;
                while caps.get(next_caps).is_some_and(|&c| c < start) {
                    next_caps += 1;
                }
                if caps.get(next_caps).is_some_and(|&c| c < start + self.gazetteer.longest_run) {
                    found = self.gazetteer.match_tokens_in(sh, &doc.tokens, i).map(|m| (m, true));
                }
            }
            let Some((m, from_capitals)) = found else {
                i += 1;
                continue;
            };
            let end = doc.token_from(m.span.end);
            matches.push((m, from_capitals, i, end));
            i = end;
        }
        // Pass 2: in sports reports a city or county is its team ("Colorado 5 Florida 3",
        // "Leeds beat Chelsea", "Kent v Essex", "MINNESOTA AT MILWAUKEE"), whether or not it would
        // pass as a place here; and then everywhere in the document ("Surrey closed on 429").
        let teams = team_names(doc, &matches);
        for (m, from_capitals, i, end) in matches {
            // "MINNESOTA AT MILWAUKEE", "at Portsmouth": where a game is played is a place.
            let venue = i > 0 && doc.token_text(i - 1).eq_ignore_ascii_case("at");
            if !teams.is_empty() && !venue && m.team_place && teams.contains(&doc.span_text(m.span).to_lowercase()) {
                let attrs = MentionAttrs::Organization { canonical: doc.span_text(m.span).to_string() };
                out.push(Mention {
                    span: m.span,
                    sentence: doc.sentence_at(m.span.start),
                    source: "gazetteer:team",
                    confidence: 0.6,
                    attrs,
                });
                continue;
            }
            let context = std::cell::OnceCell::new();
            let has_context = || *context.get_or_init(|| self.has_place_context(doc, i, end));
            // The best entry that needs no context, or has it.
            let usable = |e: &&Entry| !self.needs_context(doc, e, i, end, from_capitals) || has_context();
            let Some(entry) = m.entries.iter().find(usable) else {
                continue;
            };
            let attrs = match &entry.kind {
                EntryKind::Place(t) => MentionAttrs::Place {
                    canonical: entry.canonical.clone(),
                    country: entry.country.clone(),
                    place_type: t.clone(),
                },
                EntryKind::Organization(_) => MentionAttrs::Organization { canonical: entry.canonical.clone() },
                EntryKind::Demonym => {
                    let code = entry.country.clone().unwrap_or_else(|| entry.canonical.clone());
                    let name = self.gazetteer.country_name(&code).map(str::to_string).unwrap_or_else(|| code.clone());
                    MentionAttrs::Demonym { country: name }
                }
                EntryKind::Role(takes) => {
                    MentionAttrs::Role { canonical: entry.canonical.clone(), takes: takes.clone() }
                }
                EntryKind::GivenName => unreachable!("given names are not among the surface forms"),
            };
            let mut confidence = confidence(entry.priority);
            if from_capitals {
                confidence *= 0.9;
            }
            // "U.S. Open", "Atlanta Games": an event named after a place.
            let event = end < doc.tokens.len() && EVENT_WORDS.contains(&doc.token_text(end));
            if event && matches!(attrs, MentionAttrs::Place { .. }) {
                continue;
            }
            out.push(Mention {
                span: m.span,
                sentence: doc.sentence_at(m.span.start),
                source: "gazetteer",
                confidence,
                attrs,
            });
        }
    }
}

/// Whether a form with these entries can name a sports team: a city, county or state, not a
/// country (national sides are their countries in news usage).
fn is_team_place(entries: &[Entry]) -> bool {
    let place_is =
        |types: &[&str]| entries.iter().any(|e| matches!(&e.kind, EntryKind::Place(t) if types.contains(&t.as_str())));
    place_is(&["city", "county", "state"]) && !place_is(&["country", "continent"])
}

/// The places of a document (lowercased) that it shows to be teams: one before a score or a
/// result verb, after a result verb or "v", or before "AT" in a fixtures line.
fn team_names(doc: &Doc, matches: &[(GazetteerMatch<'_>, bool, usize, usize)]) -> HashSet<String> {
    let mut teams = HashSet::default();
    let word = |j: usize| doc.text_of(j).unwrap_or("");
    for (k, (m, _, i, end)) in matches.iter().enumerate() {
        if !m.team_place {
            continue;
        }
        let next = word(*end);
        let score = *end < doc.tokens.len()
            && doc.tokens[*end].kind == TokenKind::Number
            && next.len() <= 3
            && next.bytes().all(|b| b.is_ascii_digit());
        let prev = if *i > 0 { word(i - 1) } else { "" };
        // "MINNESOTA AT MILWAUKEE": the visitors, before the venue in a fixtures line.
        let fixture = next == "AT" && matches.get(k + 1).is_some_and(|n| n.2 == end + 1 && n.0.team_place);
        if score || RESULT_VERBS.contains(&next) || RESULT_VERBS_BEFORE.contains(&prev) || fixture {
            teams.insert(doc.span_text(m.span).to_lowercase());
        }
    }
    teams
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_doc;
    use crate::tokenize::analyze;

    fn found(g: &Arc<Gazetteer>, text: &str) -> Vec<(String, String)> {
        let d = test_doc(text, None);
        let a = analyze(&d);
        let mut out = Vec::new();
        GazetteerAnnotator::new(g.clone()).annotate(&a, &mut out);
        out.iter()
            .map(|m| {
                let what = match &m.attrs {
                    MentionAttrs::Place { canonical, country, .. } => {
                        format!("place:{canonical}:{}", country.as_deref().unwrap_or(""))
                    }
                    MentionAttrs::Organization { canonical } => format!("org:{canonical}"),
                    MentionAttrs::Demonym { country } => format!("demonym:{country}"),
                    MentionAttrs::Role { canonical, .. } => format!("role:{canonical}"),
                    other => format!("{other:?}"),
                };
                (a.span_text(m.span).to_string(), what)
            })
            .collect()
    }

    #[test]
    fn builtin_lists_load() {
        let g = Gazetteer::builtin();
        assert!(g.len() > 1000, "{}", g.len());
        assert!(g.is_given_name("Elisa"));
        assert_eq!(g.country_name("RU"), Some("Russia"));
    }

    #[test]
    fn longest_match_on_token_boundaries() {
        let g = Arc::new(Gazetteer::builtin());
        let f = found(&g, "Washington, D.C.Human Rights First met the Russian Federation's envoy in Romania.");
        assert!(f.contains(&("Washington, D.C.".into(), "place:Washington, D.C.:US".into())), "{f:?}");
        assert!(f.contains(&("Human Rights First".into(), "org:Human Rights First".into())), "{f:?}");
        assert!(f.contains(&("Russian Federation".into(), "place:Russia:RU".into())), "{f:?}");
        assert!(!f.iter().any(|(t, _)| t == "Oman" || t == "Washington"), "{f:?}");
    }

    #[test]
    fn a_form_that_ends_inside_a_word_leaves_no_shorter_match() {
        // Invented lists: "Nova Terra" is a country, "Nova" a region.
        let mut b = GazetteerBuilder::default();
        let rows = "Nova Terra\tNova Terra\tplace\tcountry\t\t90\nNova\tNova\tplace\tregion\t\t90\n";
        b.add_rows("t.tsv", rows, 0).unwrap();
        let g = Arc::new(b.build());
        let f = found(&g, "Many Nova Terrans voted. Nova Terra voted. Nova voted.");
        let texts: Vec<&str> = f.iter().map(|(t, _)| t.as_str()).collect();
        // "Nova Terrans" is neither the country nor the region "Nova"; the others are found.
        assert_eq!(texts, ["Nova Terra", "Nova"], "{f:?}");
        assert_eq!(g.lookup("Nova Terra").map(|e| e[0].canonical.as_str()), Some("Nova Terra"));
        assert!(g.lookup("Nova Ter").is_none());
    }

    #[test]
    fn forms_that_share_first_words_each_match() {
        // Invented lists. After "Alta", a next word that no form goes on with ends the run
        // without a lookup; the forms that do go on are all found.
        let mut b = GazetteerBuilder::default();
        let rows = ["Alta", "Alta Verde", "Alta Mira Bay", "Alta Épica", "Alta 9"]
            .map(|f| format!("{f}\t{f}\tplace\tregion\t\t90\n"))
            .concat();
        b.add_rows("t.tsv", &rows, 0).unwrap();
        let g = Arc::new(b.build());
        let text = "Alta Verde, Alta Mira Bay, Alta Mira, Alta Norte, Alta Épica, Alta 9, Alta Verdes, Alta\nVerde.";
        let f = found(&g, text);
        let texts: Vec<&str> = f.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            // ("Alta Verdes" ends inside a word: no match; "Alta" on a line of its own is one.)
            ["Alta Verde", "Alta Mira Bay", "Alta", "Alta", "Alta Épica", "Alta 9", "Alta"],
            "{f:?}"
        );
    }

    #[test]
    fn forms_in_capitals_match_near_and_far_from_other_capitals() {
        // Invented lists; "Nova Terra" needs no context. Words in capitals are looked up in
        // title case only where a match could reach them: at the start, after a long stretch
        // without capitals, and where a run in title case goes on into capitals.
        let mut b = GazetteerBuilder::default();
        b.add_rows("t.tsv", "Nova Terra\tNova Terra\tplace\tcountry\t\t90\n", 0).unwrap();
        let g = Arc::new(b.build());
        let pad = "and then the talks went on ".repeat(10);
        let text = format!("NOVA TERRA - Talks began. {pad}in NOVA TERRA, {pad}and in Nova TERRA.");
        let f = found(&g, &text);
        let texts: Vec<&str> = f.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["NOVA TERRA", "NOVA TERRA", "Nova TERRA"], "{f:?}");
    }

    #[test]
    fn aliases_demonyms_and_roles() {
        let g = Arc::new(Gazetteer::builtin());
        let f = found(&g, "U.S. Secretary of State Rex Tillerson met Russian Foreign Minister Sergey Lavrov.");
        assert_eq!(
            f,
            [
                ("U.S.".to_string(), "place:United States:US".to_string()),
                ("Secretary of State".into(), "role:Secretary of State".into()),
                ("Russian".into(), "demonym:Russia".into()),
                ("Foreign Minister".into(), "role:Foreign Minister".into()),
            ]
        );
    }

    #[test]
    fn user_rows_win_and_bad_rows_say_where() {
        let mut b = GazetteerBuilder::with_builtin();
        b.add_rows(
            "mine.tsv",
            "surface\tcanonical\ttype\nRussia\tAcme Russia Fund\torganization\n",
            USER_PRIORITY_BOOST,
        )
        .unwrap();
        let g = Arc::new(b.build());
        assert_eq!(found(&g, "in Russia")[0].1, "org:Acme Russia Fund");
        let err = GazetteerBuilder::default().add_rows("bad.tsv", "X\tY\tplanet\n", 0).err().unwrap();
        assert_eq!((err.file.as_str(), err.line), ("bad.tsv", 1));
        assert!(err.message.contains("unknown type"));
    }

    #[test]
    fn a_forms_entries_come_together_best_first_and_once() {
        let mut b = GazetteerBuilder::default();
        let rows = "Springfield\tSpringfield\tplace\tcity\tUS\t40\n\
                    Paris\tParis\tplace\tcity\tFR\t90\n\
                    Springfield\tSpringfield Inc\torganization\t\t\t70\n\
                    Springfield\tSpringfield\tplace\tcity\tUS\t40\n\
                    Springfield\tSpringfield\tplace\tcity\tAU\t40\n";
        b.add_rows("t.tsv", rows, 0).unwrap();
        let g = b.build();
        let entries = |form| -> Vec<(&str, i32, Option<&str>)> {
            g.lookup(form).unwrap().iter().map(|e| (e.canonical.as_str(), e.priority, e.country.as_deref())).collect()
        };
        // Highest priority first; equal ones in row order; the repeated row once.
        assert_eq!(
            entries("Springfield"),
            [("Springfield Inc", 70, None), ("Springfield", 40, Some("US")), ("Springfield", 40, Some("AU"))]
        );
        assert_eq!(entries("Paris"), [("Paris", 90, Some("FR"))]);
        assert_eq!(g.len(), 2);
        let err = GazetteerBuilder::default().add_rows("t.tsv", "X\tY\n", 0).err().unwrap();
        assert!(err.message.contains("found 2"), "{}", err.message);
    }
}
