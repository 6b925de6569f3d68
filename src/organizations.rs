//! Stage 3f: organizations that no list holds, found from the shape of their names.
//!
//! - A run of capitalized words ending in an organization word ("Kurdistan Democratic Party",
//!   "Commerce Department", "Chicago Purchasing Managers Association"), or starting with one and
//!   going on with "of"/"for" ("Ministry of Foreign Affairs", "Bank of England").
//! - A run ending in a legal form ("Douglas & Lomason Co", "Hyundai Motor Co. Ltd").
//! - A name defined with its acronym, "Human Rights First (HRF)": the name, the acronym there
//!   and every later use of the acronym.
//! - A bare acronym of two to six capitals ("KDP", "FIFA"), with low confidence, outside
//!   headlines, when the lists do not know it as something else.
//!
//! Organizations in the lists are the gazetteer's; where both find one, `resolve` keeps the
//! longer span. Not here: telling which organization an acronym stands for when it is never
//! defined in the document.

use crate::calendar;
use crate::document::{collapse_spaces, Doc, Mention, MentionAttrs, Span, TokenKind};
use crate::gazetteer::{EntryKind, Gazetteer};
use crate::strmap::StrSet;
use crate::Annotator;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet;
use std::sync::{Arc, LazyLock};

/// [`ORG_WORDS`] as a set: every token is checked against it.
static ORG_WORD_SET: LazyLock<StrSet> = LazyLock::new(|| ORG_WORDS.iter().collect());
/// [`NOT_ORG_START`] as a set (asked for most capitalized words).
static NOT_ORG_START_SET: LazyLock<StrSet> = LazyLock::new(|| NOT_ORG_START.iter().collect());
/// [`DESCRIPTORS`] of one word, and of two as pairs.
static DESCRIPTOR_WORDS: LazyLock<StrSet> =
    LazyLock::new(|| DESCRIPTORS.iter().copied().filter(|d| !d.contains(' ')).collect());
static DESCRIPTOR_PAIRS: LazyLock<FxHashSet<(&'static str, &'static str)>> =
    LazyLock::new(|| DESCRIPTORS.iter().filter_map(|d| d.split_once(' ')).collect());

/// Words that end (or begin, with "of") an organization's name. From the heads of organization
/// names in news style guides, and the organization cues of rule-based NER systems.
#[rustfmt::skip]
const ORG_WORDS: &[&str] = &[
    "Department", "Ministry", "Party", "Union", "Association", "Council", "Committee", "Commission", "Agency",
    "Bank", "Corporation", "Group", "Institute", "University", "College", "Foundation", "Federation",
    "Organisation", "Organization", "Authority", "Court", "Parliament", "Army", "Navy", "Police", "Airlines",
    "Airways", "Motors", "Holdings", "Industries", "Exchange", "Fund", "Board", "Bureau", "Office", "Service",
    "Services", "Company", "Trust", "Society", "League", "Club", "Front", "Movement", "Alliance", "Congress",
    "Assembly", "Newsroom", "News", "Times", "Post", "Journal", "Daily", "Television", "Radio", "Network",
    "Telecom", "Petroleum", "Railways", "Securities", "Partners", "Associates", "Brothers", "Bancorp",
    "Financial", "Insurance", "Investments", "Systems", "Technologies", "Pharmaceuticals", "Enterprises",
    "Reserve", "Treasury", "Cabinet", "Tribunal", "Secretariat", "Directorate", "Command", "Forces", "Guard",
    "Centre", "Center", "Hospital", "School", "Academy", "Church", "Mission", "Programme", "Program", "Fed",
];

/// Lowercase nouns after a name that say it is an organization ("Interfax news agency").
#[rustfmt::skip]
const DESCRIPTORS: &[&str] = &[
    "news agency", "agency", "newspaper", "daily", "weekly", "magazine", "company", "group", "firm", "bank",
    "airline", "carrier", "broadcaster", "network", "conglomerate", "automaker", "insurer", "retailer",
    "brewer", "refiner", "shipyard", "club", "chain", "brokerage", "utility", "subsidiary", "unit",
];

/// Words that may stand inside a multi-word organization name without a capital.
const CONNECTORS: &[&str] =
    &["of", "for", "and", "&", "de", "du", "des", "la", "le", "di", "del", "von", "für", "on", "in"];

/// Capitalized words that start sentences and headlines and never start an organization name.
#[rustfmt::skip]
const NOT_ORG_START: &[&str] = &[
    "The", "A", "An", "This", "That", "These", "Those", "His", "Her", "Its", "Their", "Our", "In", "On", "At",
    "For", "From", "By", "With", "And", "But", "Or", "If", "When", "While", "After", "Before", "As", "To", "Of",
    "Mr", "Mr.", "Mrs.", "Ms.", "Dr.", "Sir", "Also", "Former", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Sunday", "Economist", "Analyst", "Chairman", "President", "Spokesman",
];

/// Capitalized adverbs and honorifics that start sentences before a name ("Later Smith said",
/// "Lady Boothroyd said").
#[rustfmt::skip]
const SENTENCE_OPENERS: &[&str] = &[
    "Lady", "Lord", "Dame", "Baroness", "Baron", "Prince", "Princess", "King", "Queen", "Father", "Sister",
    "Later", "Earlier", "Then", "Now", "Meanwhile", "However", "Still", "Yesterday", "Today", "Tomorrow", "Here",
    "There", "So", "Yet", "Thus", "Instead", "Once", "Since", "Only", "Even", "Just", "Both", "Each", "Every", "Some",
    "Many", "Most", "Other", "Such", "Last", "Next", "Again", "Finally", "Previously", "Separately", "Lastly",
];

/// Capitals that are not organizations: units, currencies, time zones, titles, roman numerals,
/// and common abbreviations of English text.
#[rustfmt::skip]
const NOT_ACRONYMS: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "AM", "PM", "TV", "OK", "CEO", "CFO",
    "COO", "GMT", "EST", "EDT", "CST", "CDT", "PST", "PDT", "BST", "CET", "UTC", "USD", "EUR", "GBP", "JPY", "DM",
    "GDP", "GNP", "CPI", "PPI", "VAT", "ID", "PS", "NB", "AD", "BC", "RPT", "PCT", "DLRS", "MLN", "BLN", "NOTE",
    "FOR", "THE", "AND", "OF", "IN", "TO", "ON", "AT", "BY", "IT", "IS", "A", "AN", "MR", "MRS", "DR", "JR", "SR",
    "UPDATE", "REPEAT", "CORRECTED", "URGENT", "FLASH", "ADVISORY", "RESULTS", "SCORES", "STANDINGS", "DNA",
    "AIDS", "HIV", "SUV", "CD", "DVD", "PC", "UK", "US", "USA", "EU", "UN", "OT", "NA", "NR", "ET", "Q", "FT",
];

/// The organizations annotator.
pub struct OrganizationAnnotator {
    gazetteer: Arc<Gazetteer>,
}

impl OrganizationAnnotator {
    /// An organizations annotator over the gazetteer's lists (to know what else a word is).
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        OrganizationAnnotator { gazetteer }
    }

    fn capitalized(doc: &Doc, i: usize) -> bool {
        doc.tokens[i].kind == TokenKind::Word && doc.starts_uppercase(i)
    }

    /// Whether tokens `a` and `b` (= a + 1) are separated by a single space or nothing.
    fn close(doc: &Doc, a: usize, b: usize) -> bool {
        let gap = &doc.text()[doc.tokens[a].end..doc.tokens[b].start];
        gap.is_empty() || gap == " "
    }

    /// A legal form written as a word ("Corp", "Inc.", "Co"), not in capitals only ("UK", "EU",
    /// "OAO" are legal forms somewhere and codes or prefixes elsewhere: "Britain's EU
    /// commissioner", "Russia's OAO Mobile Telesystems").
    fn is_worded_legal_form(&self, w: &str) -> bool {
        w.chars().any(char::is_lowercase) && self.gazetteer.is_org_suffix(w)
    }

    /// Extend left from token `head` over capitalized words and connectors (at most five words),
    /// never past the sentence start or a word that cannot start an organization.
    fn extend_left(&self, doc: &Doc, head: usize, first_token: usize) -> usize {
        let mut start = head;
        let mut words = 0;
        let mut capitalized = 0;
        while start > first_token && words < 5 && Self::close(doc, start - 1, start) {
            let k = start - 1;
            let w = doc.token_text(k);
            // "and" joins two one-word names ("Standard and Poor's Corp", "Smith and Wesson
            // Inc"), not longer ones ("Chrysler and Ford Motor Co" are two companies), nor a
            // place to a company ("of France and NEC Corp"), nor acronyms ("EADS and BAE
            // Systems").
            if w == "and"
                && capitalized == 1
                && k > first_token
                && Self::close(doc, k - 1, k)
                && Self::capitalized(doc, k - 1)
                && !NOT_ORG_START_SET.contains(doc.token_text(k - 1))
                && !self.known_elsewhere(doc, k - 1)
                && !self.gazetteer.is_org_suffix(doc.token_text(k - 1))
                && [k - 1, start].iter().all(|&j| doc.token_text(j).chars().any(char::is_lowercase))
                && (k - 1 == first_token || !Self::capitalized(doc, k - 2))
            {
                start = k - 1;
                break;
            }
            // A sentence's first word is capitalized anyway: an ordinary word there ("Shares
            // of Kestrel Dynamics Inc.") is not part of the name, unless "&" joins it to the
            // rest ("Standard & Poor's Corp").
            // (Right before a written-out legal form it is the name: "Standard Corp said"; not
            // before one in capitals that is also a code: "Overall UK exports".)
            if k == first_token
                && self.gazetteer.is_common_word(w)
                && doc.token_text(k + 1) != "&"
                && !(k + 1 == head && self.is_worded_legal_form(doc.token_text(head)))
            {
                break;
            }
            // Capitalized words, "&" and "-" and a possessive ("Boatmen's Bancshares Inc.") belong to
            // the name; "of" does not, going left: "Joel Naroff of First Union" is a person and a bank.
            if Self::capitalized(doc, k) && !NOT_ORG_START_SET.contains(w)
                || (matches!(w, "&" | "-" | "'s" | "’s") && k > first_token)
            {
                start = k;
                words += 1;
                capitalized += usize::from(Self::capitalized(doc, k));
            } else {
                break;
            }
        }
        // Never start on a connector or a sentence-initial function word.
        while start < head
            && (CONNECTORS.contains(&doc.token_text(start))
                || NOT_ORG_START_SET.contains(doc.token_text(start))
                || matches!(doc.token_text(start), "&" | "-" | "'s" | "’s"))
        {
            start += 1;
        }
        start
    }

    /// Extend right from token `head` over "of"/"for" and capitalized words: "Ministry of
    /// Foreign Affairs", "Organisation for Security and Cooperation in Europe". (Not over a
    /// weekday or month: "the University of Rochester for Saturday".)
    fn extend_right(doc: &Doc, head: usize, end_token: usize) -> usize {
        let mut end = head + 1;
        if end + 1 < end_token && matches!(doc.token_text(end), "of" | "for") && Self::capitalized(doc, end + 1) {
            let mut j = end + 1;
            let mut last_cap = end;
            while j < end_token && j - head < 9 && Self::close(doc, j - 1, j) {
                let w = doc.token_text(j);
                // A day or month ends the name: "University of Rochester for Saturday".
                if calendar::weekday_number(w).is_some() || calendar::month_number(w).is_some() {
                    break;
                }
                if Self::capitalized(doc, j) {
                    last_cap = j + 1;
                } else if !CONNECTORS.contains(&doc.token_text(j)) {
                    break;
                }
                j += 1;
            }
            if last_cap > end {
                end = last_cap;
            }
        }
        end
    }

    /// Whether the lists know token `i`'s word as a place, person's name part or role (then a
    /// bare acronym or single word is not ours to claim).
    fn known_elsewhere(&self, doc: &Doc, i: usize) -> bool {
        let listed = |m: crate::gazetteer::GazetteerMatch| {
            m.entries.iter().any(|e| {
                matches!(
                    e.kind,
                    EntryKind::Place(_) | EntryKind::Demonym | EntryKind::Role(_) | EntryKind::Organization(_)
                )
            })
        };
        if self.gazetteer.match_token(doc, i).is_some_and(listed) {
            return true;
        }
        // "GENEVA" in a dateline is Geneva.
        let w = doc.token_text(i);
        if w.is_empty() || !w.is_ascii() {
            return false;
        }
        // (On the stack where it fits: asked of many words.)
        let (mut buf, mut long) = ([0u8; 64], Vec::new());
        let title = match buf.get_mut(..w.len()) {
            Some(title) => title,
            None => {
                long.resize(w.len(), 0);
                &mut long[..]
            }
        };
        title.copy_from_slice(w.as_bytes());
        title.make_ascii_lowercase();
        title[0].make_ascii_uppercase();
        let title = std::str::from_utf8(title).expect("ASCII");
        self.gazetteer.lookup_match(title).is_some_and(listed)
    }
}

impl OrganizationAnnotator {
    /// The names a document's legal-form companies go by alone: the name before the legal form
    /// ("Ruch" of "Ruch SA"), and the first word of a longer one when it is nothing else the
    /// lists know ("Hyundai" of "Hyundai Motor Co").
    /// Each with the full name it stands for.
    fn short_names<'d>(&self, doc: &'d Doc, found: &[(usize, usize, &str, f32)]) -> Vec<(Vec<&'d str>, String)> {
        let mut names: Vec<(Vec<&str>, String)> = Vec::new();
        for &(start, end, source, _) in found {
            if source != "organizations:legal-form" {
                continue;
            }
            let mut k = end;
            while k > start && self.gazetteer.is_org_suffix(doc.token_text(k - 1)) {
                k -= 1;
            }
            let words: Vec<&str> = (start..k).map(|i| doc.token_text(i)).collect();
            let full = (start..end).map(|i| doc.token_text(i)).collect::<Vec<_>>().join(" ");
            let alone = |w: &str| {
                w.len() >= 3
                    && w.starts_with(char::is_uppercase)
                    && w.chars().any(char::is_lowercase)
                    && !self.gazetteer.is_common_word(w)
                    && !self.gazetteer.is_given_name(w)
                    && !NOT_ORG_START_SET.contains(w)
            };
            match words.as_slice() {
                [] => {}
                [w] if !alone(w) || self.known_elsewhere(doc, start) => {}
                [_] => names.push((words, full)),
                [first, ..] => {
                    if alone(first) && !self.known_elsewhere(doc, start) {
                        names.push((vec![first], full.clone()));
                    }
                    names.push((words, full));
                }
            }
        }
        // Longest first, so "Hyundai Motor" is tried before "Hyundai".
        names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        names.dedup_by(|a, b| a.0 == b.0);
        names
    }

    /// Capitalized names (one to three words) each followed by a small whole number (a score):
    /// (first token, end token, index after the score).
    fn scored_names(&self, doc: &Doc, first: usize, end: usize) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut i = first;
        while let Some(c) = doc.next_capital(i, end) {
            i = c;
            if !Self::capitalized(doc, i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < end && j - i < 3 && Self::capitalized(doc, j) && Self::close(doc, j - 1, j) {
                j += 1;
            }
            let score = j < end
                && doc.tokens[j].kind == TokenKind::Number
                && doc.token_text(j).len() <= 3
                && Self::close(doc, j - 1, j);
            if score && !(j + 1 < end && matches!(doc.token_text(j + 1), "%" | "-" | "." | "/" | ":")) {
                out.push((i, j, j + 1));
                i = j + 1;
            } else {
                i = j;
            }
        }
        out
    }
}

/// Whether a sentence is a headline in title case ("Wildfire Forces Evacuations in
/// California"): most of its longer words capitalized, so capitals say nothing about names.
fn sentence_is_title_case(doc: &Doc, first: usize, end: usize) -> bool {
    let (mut words, mut capitalized) = (0usize, 0usize);
    // (Every sentence is asked: tokens are read from their bytes, not sliced.)
    for i in first..end {
        let t = &doc.tokens[i];
        // (Counted without a branch: which tokens are long words is anyone's guess.)
        let long_word = (t.kind == TokenKind::Word) & (t.end - t.start > 3);
        words += usize::from(long_word);
        capitalized += usize::from(long_word & t.capital);
    }
    words >= 3 && capitalized * 10 >= words * 9
}

fn sentence_is_capitals(doc: &Doc, first: usize, end: usize) -> bool {
    let mut letters = 0;
    for i in first..end {
        for c in doc.token_text(i).chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    letters > 3
}

fn is_acronym(w: &str) -> bool {
    // (Asked of every capitalized word: most fail at their second letter.)
    let b = w.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter().all(|&c| c.is_ascii_uppercase() || c == b'&' || c.is_ascii_digit())
        && (2..=6).contains(&b.iter().filter(|c| c.is_ascii_uppercase()).count())
}

/// Whether `acronym` reads as the initials of the capitalized words of `words`.
fn initials_match(acronym: &str, words: &[&str]) -> bool {
    let initials: String = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    let a: String = acronym.chars().filter(char::is_ascii_alphabetic).collect();
    a.len() >= 2
        && (initials == a
            || (initials.len() > a.len() && initials.starts_with(&a))
            || (a.len() >= 3 && initials.contains(&a)))
}

impl Annotator for OrganizationAnnotator {
    fn name(&self) -> &'static str {
        "organizations"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let mut found: Vec<(usize, usize, &'static str, f32)> = Vec::with_capacity(16);
        // Acronyms defined in this document, with the name they stand for.
        let mut defined: HashMap<String, String> = HashMap::default();
        // Headlines: capitalization says nothing there. (Sentences in capitals are skipped
        // again for acronyms, below.)
        let capitals: Vec<bool> =
            doc.sentences.iter().map(|s| sentence_is_capitals(doc, s.first_token, s.end_token)).collect();
        let headline: Vec<bool> = doc
            .sentences
            .iter()
            .zip(&capitals)
            .map(|(s, &c)| c || sentence_is_title_case(doc, s.first_token, s.end_token))
            .collect();
        // All three below start at a capital or a "(": only those tokens are looked at.
        let parens: Vec<usize> = memchr::memchr_iter(b'(', doc.text().as_bytes())
            .filter_map(|at| doc.token_starting_at(at))
            .filter(|&i| doc.tokens[i].end == doc.tokens[i].start + 1)
            .collect();
        let mut paren = 0;
        for (s, _) in doc.sentences.iter().zip(&headline).filter(|(_, &h)| !h) {
            let mut i = s.first_token;
            while i < s.end_token {
                while parens.get(paren).is_some_and(|&p| p < i) {
                    paren += 1;
                }
                let next_paren = parens.get(paren).copied().filter(|&p| p < s.end_token);
                let Some(next) = doc.next_capital(i, s.end_token).into_iter().chain(next_paren).min() else { break };
                i = next;
                let w = doc.token_text(i);
                // 1. Organization words: "Commerce Department", "Ministry of Foreign Affairs".
                // (Every organization word is capitalized: most tokens need no lookup.)
                if w.starts_with(|c: char| c.is_ascii_uppercase()) && ORG_WORD_SET.contains(w) {
                    let start = self.extend_left(doc, i, s.first_token);
                    let end = Self::extend_right(doc, i, s.end_token);
                    if end - start >= 2 {
                        found.push((start, end, "organizations:head", 0.75));
                        i = end;
                        continue;
                    }
                }
                // 2. Legal forms: "Douglas & Lomason Co", "Hyundai Motor Co".
                // (Or a possessive: "Poor's Corp", "Boatmen's Inc.".)
                let possessive = || {
                    i > s.first_token + 1
                        && matches!(doc.token_text(i - 1), "'s" | "’s")
                        && Self::capitalized(doc, i - 2)
                        && self.is_worded_legal_form(w)
                        && !(i + 1 < s.end_token && Self::capitalized(doc, i + 1))
                    // "Almaden's San Jose"
                };
                // (A legal form is capitalized: most words need no lookup.)
                if i > s.first_token
                    && doc.starts_uppercase(i)
                    && self.gazetteer.is_org_suffix(w)
                    && (Self::capitalized(doc, i - 1) || possessive())
                    && Self::close(doc, i - 1, i)
                {
                    let start = self.extend_left(doc, i, s.first_token);
                    if start < i {
                        let mut end = i + 1;
                        // "Co Ltd", "Co. Inc."
                        while end < s.end_token
                            && self.gazetteer.is_org_suffix(doc.token_text(end))
                            && Self::close(doc, end - 1, end)
                        {
                            end += 1;
                        }
                        found.push((start, end, "organizations:legal-form", 0.8));
                        i = end;
                        continue;
                    }
                }
                // 3. Acronym definitions: "Kurdistan Democratic Party ( KDP )".
                if w == "("
                    && i + 2 < s.end_token
                    && is_acronym(doc.token_text(i + 1))
                    && doc.token_text(i + 2) == ")"
                    && i > s.first_token
                {
                    let acronym = doc.token_text(i + 1);
                    let start = self.extend_left(doc, i - 1, s.first_token);
                    let words: Vec<&str> = (start..i).map(|k| doc.token_text(k)).collect();
                    if Self::capitalized(doc, i - 1) && initials_match(acronym, &words) {
                        found.push((start, i, "organizations:defined", 0.85));
                        found.push((i + 1, i + 2, "organizations:acronym", 0.85));
                        let name = doc.span_text(Span::new(doc.tokens[start].start, doc.tokens[i - 1].end));
                        defined.insert(acronym.to_string(), collapse_spaces(name));
                        i += 3;
                        continue;
                    }
                }
                i += 1;
            }
        }
        // 4. A name followed by what it is: "Interfax news agency", "Ruch daily", "Pirelli group".
        //    Or by a verb of saying, when the name is of ordinary words: "Time Warner said",
        //    "Standard Chartered said" (of given names and surnames, it is a person: that is the
        //    people annotator's).
        let g = &self.gazetteer;
        for (s, &is_headline) in doc.sentences.iter().zip(&headline) {
            // Names begin with a capital: only capitalized words are looked at.
            let mut next = s.first_token;
            while let Some(i) = doc.next_capital(next, s.end_token.saturating_sub(1)) {
                next = i + 1;
                if !Self::capitalized(doc, i) {
                    continue;
                }
                let next = doc.token_text(i + 1);
                if !next.starts_with(|c: char| c.is_ascii_lowercase()) || !Self::close(doc, i, i + 1) {
                    continue;
                }
                // (A camel-case word reads as a name even where a sentence starts.)
                let camel_word = crate::people::is_camel_case(doc.token_text(i));
                if !is_headline && (i > s.first_token || camel_word) && crate::people::is_speech_verb(next) {
                    let mut start = self.extend_left(doc, i, s.first_token);
                    // A sentence's first word is not trusted as part of a name, except where
                    // the name has a company's shape ("Time Warner said", "First Union said";
                    // not the adverb of "Later Smith said").
                    if start == s.first_token + 1
                        && (s.first_token..=i).all(|k| Self::capitalized(doc, k))
                        && !SENTENCE_OPENERS.contains(&doc.token_text(s.first_token))
                        && !NOT_ORG_START_SET.contains(doc.token_text(s.first_token))
                        && Self::close(doc, s.first_token, start)
                        && crate::people::company_shaped(g, doc, s.first_token, i + 1)
                    {
                        start = s.first_token;
                    }
                    let words = || (start..=i).map(|k| doc.token_text(k));
                    // "Treasury Secretary said", "U.S. officials said": a role or a group.
                    let role = |k: usize| {
                        g.match_token(doc, k)
                            .is_some_and(|m| m.entries.iter().any(|e| matches!(e.kind, EntryKind::Role(_))))
                    };
                    // "GenCorp said", "Time Warner said": a company's shape, though "Warner"
                    // is a surname (`people::company_shaped`).
                    let shaped = crate::people::company_shaped(g, doc, start, i + 1);
                    if i == start && shaped
                        || i > start
                            && (!words().any(|w| g.is_given_name(w) || g.is_surname(w))
                                // ("Standard and Poor's Corp said": not "Poor's Corp".)
                                || shaped && !matches!(doc.token_text(start + 1), "'s" | "’s"))
                            && words().any(|w| g.is_common_word(w))
                            && !words()
                                .any(|w| w.eq_ignore_ascii_case("officials") || w.eq_ignore_ascii_case("sources"))
                            && !(start..=i).any(role)
                    {
                        found.push((start, i + 1, "organizations:speaker", 0.6));
                    }
                    continue;
                }
                let w = doc.token_text(i);
                if NOT_ORG_START_SET.contains(w) || i == s.first_token && g.is_common_word(w) {
                    continue;
                }
                let two = i + 2 < s.end_token && DESCRIPTOR_PAIRS.contains(&(next, doc.token_text(i + 2)));
                if (DESCRIPTOR_WORDS.contains(next) || two) && !self.known_elsewhere(doc, i) {
                    let start = self.extend_left(doc, i, s.first_token);
                    found.push((start, i + 1, "organizations:described", 0.75));
                }
            }
        }
        // 5. Results lines: "Leeds 2 Chelsea 1", "CHICAGO 5 Colorado 3": two names, each with a
        //    score, are two teams (in headlines too: results are often set in capitals).
        for s in &doc.sentences {
            let names = self.scored_names(doc, s.first_token, s.end_token);
            for pair in names.windows(2) {
                let ((a0, a1, a_score), (b0, b1, _)) = (pair[0], pair[1]);
                if a_score == b0 {
                    found.push((a0, a1, "organizations:team", 0.8));
                    found.push((b0, b1, "organizations:team", 0.8));
                }
            }
        }
        let mut covered = vec![false; doc.tokens.len()];
        for &(a, b, _, _) in &found {
            covered[a..b].iter_mut().for_each(|c| *c = true);
        }
        // 6. Short names: a company named once with its legal form ("Ruch SA", "Pirelli SpA")
        //    is that company where the name comes alone ("20 percent of Ruch", "Pirelli said").
        let short = self.short_names(doc, &found);
        if !short.is_empty() {
            let mut i = 0;
            while i < doc.tokens.len() {
                let hit = short.iter().find(|(name, _)| {
                    i + name.len() <= doc.tokens.len()
                        && !covered[i..i + name.len()].iter().any(|&c| c)
                        && name.iter().enumerate().all(|(k, w)| doc.token_text(i + k) == *w)
                });
                if let Some((name, full)) = hit {
                    let end = i + name.len();
                    defined.insert(name.join(" "), full.clone());
                    found.push((i, end, "organizations:short-name", 0.7));
                    covered[i..end].iter_mut().for_each(|c| *c = true);
                    i = end;
                } else {
                    i += 1;
                }
            }
        }
        // 7. Acronyms: defined ones everywhere; others alone, with low confidence.
        for (s, _) in doc.sentences.iter().zip(&capitals).filter(|(_, &c)| !c) {
            // (An acronym is capitalized: only capitalized words are looked at.)
            let mut next = s.first_token;
            while let Some(i) = doc.next_capital(next, s.end_token) {
                next = i + 1;
                if covered[i] {
                    continue;
                }
                let w = doc.token_text(i);
                if !is_acronym(w) || NOT_ACRONYMS.contains(&w) {
                    continue;
                }
                if defined.contains_key(w) {
                    found.push((i, i + 1, "organizations:acronym", 0.85));
                } else if !(self.known_elsewhere(doc, i) || w.len() >= 4 && self.gazetteer.is_common_word(w)) {
                    // (A word in capitals that is an ordinary word, "PRESS DIGEST", is no acronym.)
                    found.push((i, i + 1, "organizations:bare-acronym", 0.5));
                }
            }
        }
        found.sort_by_key(|f| (f.0, std::cmp::Reverse(f.1)));
        let mut last_end = 0;
        for (start, end, source, confidence) in found {
            if start < last_end {
                continue;
            }
            // A name the lists hold as a place ("West Bank", "Russian Federation") is that place.
            let listed_place = self.gazetteer.match_token(doc, start).is_some_and(|m| {
                m.span.end == doc.tokens[end - 1].end && m.entries.iter().any(|e| matches!(e.kind, EntryKind::Place(_)))
            });
            if listed_place {
                continue;
            }
            last_end = end;
            let span = Span::new(doc.tokens[start].start, doc.tokens[end - 1].end);
            let text = doc.span_text(span);
            // An acronym defined here stands for its name: both link to one entity.
            let canonical = defined.get(text).cloned().unwrap_or_else(|| collapse_spaces(text));
            out.push(Mention {
                span,
                sentence: doc.sentence_at(span.start),
                source,
                confidence,
                attrs: MentionAttrs::Organization { canonical },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{annotated_texts, TEST_GAZETTEER};

    fn orgs(text: &str) -> Vec<String> {
        annotated_texts(&OrganizationAnnotator::new(TEST_GAZETTEER.clone()), text)
    }

    #[test]
    fn heads_legal_forms_and_of_phrases() {
        assert_eq!(orgs("The Commerce Department said sales rose."), ["Commerce Department"]);
        assert_eq!(orgs("officials of the Ministry of Foreign Affairs met"), ["Ministry of Foreign Affairs"]);
        // A day or month after "for"/"on" is when, not more of the name.
        assert_eq!(
            orgs("a speech at the University of Rochester for Saturday was canceled"),
            ["University of Rochester"]
        );
        assert_eq!(orgs("said the Bank of England on March 3"), ["Bank of England"]);
        // "and" joins two one-word names before a legal form or head; not a place, an acronym or
        // a longer name to a company.
        assert_eq!(orgs("a rating from Standard and Poor's Corp today"), ["Standard and Poor's Corp"]);
        assert_eq!(orgs("it told the Securities and Exchange Commission"), ["Securities and Exchange Commission"]);
        assert_eq!(orgs("the talks between Chrysler and Ford Motor Co ended"), ["Ford Motor Co"]);
        // A sentence's first word right before a written-out legal form is the name; not before
        // a legal form in capitals that is also a code ("Overall UK exports").
        assert_eq!(orgs("Standard Corp said no."), ["Standard Corp"]);
        assert!(orgs("Overall UK exports rose.").is_empty());
        assert_eq!(orgs("shares of Douglas & Lomason Co rose"), ["Douglas & Lomason Co"]);
        assert_eq!(
            orgs("the Chicago Purchasing Managers Association index"),
            ["Chicago Purchasing Managers Association"]
        );
    }

    #[test]
    fn a_company_named_with_its_legal_form_goes_by_its_short_name() {
        assert_eq!(
            orgs("Vantorix Holdings SA bought the mill. A year later Vantorix sold it, Vantorix said."),
            ["Vantorix Holdings SA", "Vantorix", "Vantorix"]
        );
        // The first word of a longer name, unless it is an ordinary word.
        assert_eq!(
            orgs("Kelmora Data Ltd reported. Kelmora Data and Kelmora both said so."),
            ["Kelmora Data Ltd", "Kelmora Data", "Kelmora"]
        );
        assert_eq!(orgs("Shares of Global Kelmora Ltd rose. Global sales fell."), ["Global Kelmora Ltd"]);
    }

    #[test]
    fn a_name_of_ordinary_words_that_speaks() {
        assert_eq!(orgs("Shares rose after Vantorix Cable Systems said sales grew."), ["Vantorix Cable Systems"]);
        assert_eq!(orgs("The deal closed, Pelorin Capital said on Monday."), ["Pelorin Capital"]);
        // Names of people, roles and groups are not companies.
        assert!(orgs("The report came as Brenna Whitlock said sales grew.").is_empty());
        assert!(orgs("Separately, the Treasury Secretary said nothing.").is_empty());
        assert!(orgs("Then U.S. Officials said nothing.").is_empty());
        // One word in camel case is a company's, even first in a sentence; a legal form alone is not.
        assert_eq!(orgs("ZentaCorp said it would cut jobs."), ["ZentaCorp"]);
        assert!(orgs("The plant closed, GmbH said.").is_empty());
        // A surname in it is no bar when the name starts with an everyday word; a given name is.
        assert_eq!(orgs("Profits rose, Green Hollister said."), ["Green Hollister"]);
        assert!(orgs("Profits rose, Bill Hollister said.").is_empty());
        assert_eq!(orgs("Profits rose, Green Warner said."), ["Green Warner"]);
        assert!(orgs("Later, State George Hollister said no.").is_empty());
        // First in a sentence too, when the first word is an everyday one and no adverb or
        // honorific.
        assert_eq!(orgs("Green Hollister said profits rose."), ["Green Hollister"]);
        assert!(orgs("Later Hollister said no.").is_empty());
        assert!(orgs("Lady Hollister said no.").is_empty());
    }

    #[test]
    fn acronyms_defined_and_bare() {
        assert_eq!(
            orgs("the Kurdistan Democratic Party (KDP) said. Later the KDP left."),
            ["Kurdistan Democratic Party", "KDP", "KDP"]
        );
        assert_eq!(orgs("a FIFA ruling"), ["FIFA"]);
        assert!(orgs("at 5 PM GMT on TV").is_empty());
        assert!(orgs("KDP FIGHTERS TAKE TOWN").is_empty(), "headlines in capitals are skipped");
    }
}
