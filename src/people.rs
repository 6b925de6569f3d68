//! Stage 3d: people's names, found from evidence in the text rather than from a list of people
//! (most people in the news are in none: Putin, Lavrov, Massimino).
//!
//! A capitalized name shape ("Rex Tillerson", "John F. Kennedy", "Jean-Claude Juncker", "O'Brien",
//! "Martin Luther King Jr.") counts as a person when a cue says so:
//! - a role or title right before it ("Foreign Minister Sergey Lavrov", "Sen. John McCain"),
//!   or an honorific ("Mr.", "Dr.");
//! - a given name from the lists as its first word ("Elisa Massimino");
//! - a speech or attribution verb next to it ("wrote Massimino", "Lavrov said", "according to X").
//!
//! Once a document has named someone, later (and earlier) uses of the same surname are persons
//! too ("Tillerson"), so a headline before the first full mention is not missed.
//!
//! Not here: joining a role to its person (`resolve` makes officials), or deciding which
//! mentions are the same person (`resolve` links them to entities).

use crate::document::{Doc, Mention, MentionAttrs, Span, TokenKind, WordSet};
use crate::gazetteer::{EntryKind, Gazetteer};
use crate::strmap::StrSet;
use crate::Annotator;
use rustc_hash::FxHashSet as HashSet;
use std::sync::{Arc, LazyLock};

/// Honorifics written before a name. From English style guides.
const HONORIFICS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Rev.", "Mr", "Mrs", "Ms", "Dr", "Miss", "Sir", "Dame", "Lord", "Lady", "Mx.",
];

/// Lowercase particles inside names ("Ludwig van Beethoven", "Osama bin Laden").
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al", "el", "le", "la", "du", "dos",
    "das", "ter", "ten",
];

/// Suffixes that close a name ("Jr.", "III").
const SUFFIXES: &[&str] = &["Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"];

/// Verbs of speech and attribution that mark the name next to them as a person.
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "wrote", "writes", "told", "tells", "added", "asked", "argued", "explained", "noted",
    "stated", "declared", "warned", "urged", "insisted", "recalled", "testified", "tweeted", "announced",
    "acknowledged", "admitted", "claimed", "stressed", "replied", "responded",
];

/// [`SPEECH_VERBS`] as a set.
static SPEECH_VERB_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SPEECH_VERBS));

/// Whether `word` is a verb of saying, in any ASCII case ("said", "SAID").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERB_SET.contains(word)
}

/// Name prefixes that a capital follows inside a surname: "McCain", "MacArthur", "DiCaprio".
const CAPITAL_AFTER: &[&str] = &["Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz"];

/// Whether `word` is written in camel case as company and product names are ("PacifiCorp",
/// "TimeWarner", "PlayStation"): a capital right after a lowercase letter, except after a
/// surname prefix ("McCain", "DeLay").
pub(crate) fn is_camel_case(word: &str) -> bool {
    let b = word.as_bytes();
    (1..b.len())
        .any(|k| b[k].is_ascii_uppercase() && b[k - 1].is_ascii_lowercase() && !CAPITAL_AFTER.contains(&&word[..k]))
}

/// Whether the capitalized run `start..end` before a verb of saying is shaped as a company's
/// name, not a person's: one word in camel case that is no legal form alone ("PacifiCorp", not
/// "GmbH"), or words of which the first is an everyday English word and no given name, with no
/// given name before the last ("Time Warner", "First City"; not "State George Shultz"). The
/// people annotator makes no person of it; the organizations annotator takes it.
pub(crate) fn company_shaped(g: &Gazetteer, doc: &Doc, start: usize, end: usize) -> bool {
    let word = |k: usize| doc.token_text(k);
    if end - start == 1 {
        return is_camel_case(word(start)) && !g.is_org_suffix(word(start));
    }
    g.is_everyday_word(word(start)) && !(start + 1..end - 1).any(|k| g.is_given_name(word(k)))
}

/// Capitalized words that never start or continue a person's name: pronouns, determiners,
/// sentence adverbs, calendar words, and nouns that head organization names.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Dame", "Miss", "Commission", "Agency", "Authority",
    "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
    // Plural sources news quotes without naming anyone ("Analysts said", "Dealers said").
    "Analysts", "Dealers", "Officials", "Traders", "Bankers", "Economists", "Sources", "Residents", "Witnesses",
    "Investors", "Experts", "Critics", "Officers", "Authorities", "Diplomats", "Lawyers", "Doctors", "Scientists",
    "Researchers", "Executives", "Shareholders", "Analyst", "Officers", "Protesters", "Activists", "Observers",
    "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "You", "His",
    "Her", "Its", "Their", "Our", "My", "Your", "But", "And", "Or", "If", "In", "On", "At", "As", "By", "For",
    "From", "To", "With", "Of", "After", "Before", "When", "While", "Where", "What", "Who", "Why", "How", "There",
    "Here", "Today", "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Administration", "Government", "Department", "Ministry", "Party", "Committee",
    "Council", "Office", "House", "Group", "Inc.", "Ltd.", "Corp.", "Co.", "Company", "Corporation", "University",
    "Institute", "Foundation", "Association", "Union", "Bank", "Agency", "Court", "Parliament", "Army", "Police",
    "Press", "Share", "Seeking", "Rights", "Human", "Civil", "Society", "State", "National", "International",
    "Federal", "Republic", "Kingdom", "United", "Mr.", "Mrs.", "Ms.", "Dr.", "Also", "However", "Meanwhile",
    "Some", "Many", "Most", "All", "No", "Not", "Yes", "Please", "Read", "More", "See", "New",
];

/// [`NOT_NAMES`] and [`CORPORATE_SUFFIXES`] as one hash set: they are asked about every
/// capitalized word, and a linear scan of 200 strings showed in profiles.
static NON_NAME_WORDS: LazyLock<StrSet> =
    LazyLock::new(|| NOT_NAMES.iter().chain(CORPORATE_SUFFIXES.iter()).chain(SUFFIXES.iter()).collect());

/// Lists asked about the words around every candidate name, as sets (a list scan showed in
/// profiles).
static PARTICLE_SET: LazyLock<StrSet> = LazyLock::new(|| PARTICLES.iter().collect());
static CORPORATE_SUFFIX_SET: LazyLock<StrSet> = LazyLock::new(|| CORPORATE_SUFFIXES.iter().collect());
static HONORIFIC_SET: LazyLock<StrSet> = LazyLock::new(|| HONORIFICS.iter().collect());

/// Month names that are also surnames.
const CALENDAR_SURNAMES: &[&str] = &["May", "March", "August", "June", "April"];

/// Legal-form suffixes: a capitalized run ending in one is a company, never a person
/// ("Ford Motor Co", "Moody's Investors Service Inc"). From common company-name suffixes.
#[rustfmt::skip]
const CORPORATE_SUFFIXES: &[&str] = &[
    "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Cos", "Ltd", "Ltd.", "Plc", "PLC", "plc", "LLC", "LLP", "AG", "SA",
    "NV", "BV", "GmbH", "SpA", "Bhd", "Pty", "Group", "Holdings", "Bank", "Bancorp", "Industries", "Partners",
    "Bros", "Bros.", "Brothers",
];

/// The people annotator. It reads the gazetteer's lists (roles, given names, places) but not
/// the gazetteer annotator's output.
pub struct PeopleAnnotator {
    gazetteer: Arc<Gazetteer>,
}

impl PeopleAnnotator {
    /// A people annotator over the gazetteer's lists.
    pub fn new(gazetteer: Arc<Gazetteer>) -> Self {
        PeopleAnnotator { gazetteer }
    }

    /// Whether token `i` can be a word of a name: capitalized, not a known non-name word,
    /// not the start of a place or organization in the lists. Inside a name (`inside`), a city
    /// or state does not stop it: "John F. Kennedy" is not cut at Kennedy, a city in Colombia.
    fn name_word(&self, doc: &Doc, i: usize, inside: bool) -> bool {
        let t = &doc.tokens[i];
        if t.kind != TokenKind::Word {
            return false;
        }
        if !doc.starts_uppercase(i) {
            return false;
        }
        let w = doc.token_text(i);
        if NON_NAME_WORDS.contains(w) {
            return false;
        }
        // All-capital words are acronyms or headline shouting ("GM", "NATO"); a lone capital
        // letter without a period is no name either ("S and P").
        if w.chars().all(|c| !c.is_lowercase()) && !w.ends_with('.') {
            return false;
        }
        if let Some(m) = self.gazetteer.match_token(doc, i) {
            // A place blocks a name only when it is a well-known one and not also a name itself:
            // "Victoria", "Jackson" and "Kennedy" are cities, and people too.
            let name_like = self.gazetteer.is_given_name(w) || self.gazetteer.is_surname(w);
            let blocks = |e: &crate::gazetteer::Entry| match &e.kind {
                // Inside a name even a country gives way to a name: "Michael Jordan".
                EntryKind::Place(t) if matches!(t.as_str(), "country" | "continent") => !(inside && name_like),
                EntryKind::Place(t) => !inside && !name_like && (e.priority >= 75 || t == "state" || t == "region"),
                EntryKind::Organization(_) => !name_like,
                // "Martin Luther King": inside a name a role word that is also a name is a name.
                EntryKind::Role(_) => !(inside && self.gazetteer.is_given_name(w)),
                EntryKind::Demonym => true,
                EntryKind::GivenName => false,
            };
            if m.entries.iter().any(blocks) {
                return false;
            }
        }
        true
    }

    /// The name starting at token `i`, as a token range, if there is one: name words, with
    /// initials, particles, hyphens and suffixes inside; at most five words; one sentence.
    fn name_at(&self, doc: &Doc, i: usize) -> Option<(usize, usize)> {
        if i >= doc.tokens.len() || !self.name_word(doc, i, false) {
            return None;
        }
        let sentence_end = doc.sentences[doc.sentence_at(doc.tokens[i].start)].end_token;
        let mut end = i + 1;
        let mut words = 1;
        while end < sentence_end && words < 5 {
            let gap = &doc.text()[doc.tokens[end - 1].end..doc.tokens[end].start];
            if gap.contains('\n') {
                break;
            }
            let w = doc.token_text(end);
            if gap.is_empty()
                && w == "-"
                && end + 1 < sentence_end
                && doc.joined_to_next(end)
                && self.name_word(doc, end + 1, true)
            {
                end += 2; // "Jean-Claude"
            } else if gap == " " && self.name_word(doc, end, true) {
                end += 1;
                words += 1;
            } else if gap == " "
                && PARTICLE_SET.contains(w)
                && end + 1 < sentence_end
                && self.name_word(doc, end + 1, true)
            {
                end += 2;
                words += 1;
            } else if gap.is_empty()
                && w == "-"
                && end + 1 < sentence_end
                && PARTICLE_SET.contains(doc.token_text(end + 1))
            {
                break;
            } else if (gap == " " || gap == ", ") && SUFFIXES.contains(&w) {
                end += 1;
                break;
            } else {
                break;
            }
        }
        // A name does not end in an initial ("John F."): drop a trailing single letter.
        while end - i > 1 && is_initial(doc.token_text(end - 1)) {
            end -= 1;
        }
        // "Ford Motor Co", "Warner Bros": a run that goes on into, or ends in, a legal-form
        // suffix is a company.
        if end < doc.tokens.len() && CORPORATE_SUFFIX_SET.contains(doc.token_text(end))
            || end - i > 1 && CORPORATE_SUFFIX_SET.contains(doc.token_text(end - 1))
        {
            return None;
        }
        Some((i, end))
    }

    /// Whether a word of `start..end` is an ordinary English word that the lists do not know as
    /// a name: "Time Warner said" is a company speaking, "Bill Gates said" a person.
    fn ordinary_word_in(&self, doc: &Doc, start: usize, end: usize) -> bool {
        (start..end).map(|k| doc.token_text(k)).any(|w| {
            self.gazetteer.is_common_word(w) && !self.gazetteer.is_given_name(w) && !self.gazetteer.is_surname(w)
        })
    }

    /// The role or title ending right before token `i`, if any ("Foreign Minister", "Mr.").
    fn title_before(&self, doc: &Doc, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let prev = doc.token_text(i - 1);
        if HONORIFIC_SET.contains(prev) {
            return true;
        }
        if !self.gazetteer.may_end_role(prev) {
            return false;
        }
        // Roles are at most a few tokens: try anchored matches that end at token i - 1.
        let lo = i.saturating_sub(6);
        (lo..i).any(|j| {
            self.gazetteer.match_token(doc, j).is_some_and(|m| {
                m.span.end == doc.tokens[i - 1].end && m.entries.iter().any(|e| matches!(e.kind, EntryKind::Role(_)))
            })
        })
    }

    fn speech_cue(&self, doc: &Doc, start: usize, end: usize) -> bool {
        let is = |j: usize, w: &str| doc.token_text(j).eq_ignore_ascii_case(w);
        let speech = |j: usize| is_speech_verb(doc.token_text(j));
        // "said Lavrov", "wrote Massimino"
        if start > 0 && speech(start - 1) {
            return true;
        }
        // "according to X"
        if start > 1 && is(start - 1, "to") && is(start - 2, "according") {
            return true;
        }
        // "Lavrov said", "Massimino wrote", "X told reporters"
        end < doc.tokens.len() && speech(end)
    }
}

impl PeopleAnnotator {
    /// A name of two or more words with a surname from the lists in it ("Conchita Martinez",
    /// "Wang Donghai": either order), none of them an ordinary English word.
    /// A weak cue: a word the lists know as a well-known place ("East Jerusalem", "Lebed
    /// Chechnya" in a headline) makes the run no name.
    fn surname_shape(&self, doc: &Doc, start: usize, end: usize) -> bool {
        let words: Vec<&str> =
            (start..end).map(|i| doc.token_text(i)).filter(|w| *w != "-" && !PARTICLE_SET.contains(w)).collect();
        words.len() >= 2
            && words.iter().any(|w| self.gazetteer.is_surname(w))
            && !words.iter().any(|w| self.gazetteer.is_common_word(w))
            && !(start..end).any(|i| self.known_place(doc, i))
    }

    /// Whether token `i` starts a place the lists hold as well known: a country, state or
    /// region, or a place above the context threshold.
    fn known_place(&self, doc: &Doc, i: usize) -> bool {
        self.gazetteer.match_token(doc, i).is_some_and(|m| {
            m.entries.iter().any(|e| match &e.kind {
                EntryKind::Place(t) => {
                    matches!(t.as_str(), "country" | "continent" | "state" | "region")
                        || e.priority >= crate::gazetteer::CONTEXT_PRIORITY
                }
                _ => false,
            })
        })
    }

    /// A given name that is also an ordinary word ("Will", "Hope", "Grant") starts a name only
    /// when the next word is no ordinary word: "Will Smith", not "Grant Park".
    fn given_name_holds(&self, doc: &Doc, start: usize) -> bool {
        if !self.gazetteer.is_common_word(doc.token_text(start)) {
            return true;
        }
        // (The surname list is no help here: nearly every English noun is someone's surname.)
        !self.gazetteer.is_common_word(doc.token_text(start + 1))
    }

    /// "Jesper Parnevik (Sweden)": a country or nationality in brackets right after a name, as
    /// results and line-ups write it.
    fn country_after(&self, doc: &Doc, end: usize) -> bool {
        if end + 2 >= doc.tokens.len() || doc.token_text(end) != "(" {
            return false;
        }
        let Some(m) = self.gazetteer.match_token(doc, end + 1) else { return false };
        let close = doc.token_from(m.span.end);
        close < doc.tokens.len()
            && doc.token_text(close) == ")"
            && m.entries
                .iter()
                .any(|e| matches!(&e.kind, EntryKind::Place(t) if t == "country") || e.kind == EntryKind::Demonym)
    }

    /// Whether token `j` can be a repeated surname: capitalized and not a non-name word. Unlike
    /// [`Self::name_word`], a place does not block it: once "Michael Jordan" is named, a later
    /// "Jordan" in the same document is him.
    fn repeat_word(&self, doc: &Doc, j: usize) -> bool {
        let w = doc.token_text(j);
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && !NON_NAME_WORDS.contains(w)
    }
}

fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

impl Annotator for PeopleAnnotator {
    fn name(&self) -> &'static str {
        "people"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let mut found: Vec<(usize, usize, &'static str, f32)> = Vec::with_capacity(16);
        let mut i = 0;
        // A name, and a calendar surname, begin with a capital: only those tokens are looked at.
        while let Some(c) = doc.next_capital(i, doc.tokens.len()) {
            i = c;
            let Some((start, end)) = self.name_at(doc, i) else {
                // "May said": a calendar word that is also a surname is a person next to a
                // verb of saying (and nowhere else: "in May" is the month).
                if CALENDAR_SURNAMES.contains(&doc.token_text(i)) && self.speech_cue(doc, i, i + 1) {
                    found.push((i, i + 1, "people:speech", 0.7));
                }
                i += 1;
                continue;
            };
            let first = doc.token_text(start);
            let multi = end - start > 1;
            // No person by a verb of saying: one word in camel case ("PacifiCorp said"), or a run
            // whose first word is an everyday word and no given name ("Time Warner said").
            let not_a_speaker = if multi { self.gazetteer.is_everyday_word(first) } else { is_camel_case(first) };
            let cue = if self.title_before(doc, start) {
                Some(("people:title", 0.9))
            } else if multi && self.gazetteer.is_given_name(first) && self.given_name_holds(doc, start) {
                Some(("people:given-name", 0.8))
            } else if self.speech_cue(doc, start, end) && !self.ordinary_word_in(doc, start, end) && !not_a_speaker {
                Some(("people:speech", 0.7))
            } else if multi && is_initial(first) {
                Some(("people:initial", 0.75))
            } else if multi && self.surname_shape(doc, start, end) {
                Some(("people:surname", 0.7))
            } else if self.country_after(doc, end) {
                Some(("people:country", 0.75))
            } else {
                None
            };
            if let Some((source, conf)) = cue {
                found.push((start, end, source, conf));
                i = end;
            } else if multi
                && company_shaped(&self.gazetteer, doc, start, end)
                && self.speech_cue(doc, start, end)
                && !(start + 1..end).any(|k| self.title_before(doc, k))
            {
                // A company speaking ("First City said", "Time Warner said"): none of its words
                // is a person, unless a title comes in it ("National Security Adviser Frank
                // Carlucci told"). (A given name with a word after it, "Yesterday John Smith
                // said", makes no company shape: the run is tried again from its next word.)
                i = end;
            } else {
                // Not a person here; a later word of the same run may still start one.
                i = start + 1;
            }
        }
        // Surnames seen with strong evidence (a full name, or a title) mark the same word
        // elsewhere. A lone name found only next to "said" does not spread: "Texaco said" once
        // must not make every "Texaco" a person.
        let known_last: Vec<usize> = found
            .iter()
            .filter(|&&(s, e, source, _)| e - s > 1 || source == "people:title")
            .map(|&(_, e, _, _)| e - 1)
            .filter(|&k| !is_initial(doc.token_text(k)))
            .collect();
        let known: HashSet<&str> = known_last.iter().map(|&k| doc.token_text(k)).collect();
        // (Names' words begin with a capital: where all of these do, only such words are asked.)
        let all_capital = known_last.iter().all(|&k| doc.starts_uppercase(k));
        if !known.is_empty() {
            let mut covered = vec![false; doc.tokens.len()];
            for &(s, e, _, _) in &found {
                covered[s..e].iter_mut().for_each(|c| *c = true);
            }
            let mut asked = |j: usize| {
                if doc.tokens[j].kind == TokenKind::Word
                    && !covered[j]
                    && known.contains(doc.token_text(j))
                    && self.repeat_word(doc, j)
                {
                    found.push((j, j + 1, "people:repeat", 0.8));
                }
            };
            if all_capital {
                let mut next = 0;
                while let Some(j) = doc.next_capital(next, doc.tokens.len()) {
                    next = j + 1;
                    asked(j);
                }
            } else {
                (0..doc.tokens.len()).for_each(asked);
            }
        }
        found.sort_by_key(|f| f.0);
        for (start, end, source, confidence) in found {
            let span = Span::new(doc.tokens[start].start, doc.tokens[end - 1].end);
            out.push(Mention {
                span,
                sentence: doc.sentence_at(span.start),
                source,
                confidence,
                attrs: MentionAttrs::Person { name: doc.span_text(span).to_string() },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{annotated_texts, TEST_GAZETTEER};

    fn people(text: &str) -> Vec<String> {
        annotated_texts(&PeopleAnnotator::new(TEST_GAZETTEER.clone()), text)
    }

    #[test]
    fn camel_case_and_everyday_word_speakers_are_companies_not_people() {
        assert!(people("ZentaCorp said it would cut jobs.").is_empty());
        assert_eq!(people("McGregor said he would stay."), ["McGregor"]);
        assert!(is_camel_case("PacifiCorp") && is_camel_case("GmbH"));
        assert!(
            !is_camel_case("McCain") && !is_camel_case("DeLay") && !is_camel_case("NATO") && !is_camel_case("Paris")
        );
        // A name that starts with an everyday word and no given name speaks for a company.
        assert!(people("Profits rose, Green Hollister said.").is_empty());
        // Its later words are no person either, unless a given name or a title comes in it.
        assert!(people("Shares fell, First Hollister said.").is_empty());
        assert!(people("Profits rose, Green Warner said.").is_empty(), "a given name last is a surname");
        assert_eq!(people("Then National Security Adviser Frank Hollister told them."), ["Frank Hollister"]);
        assert_eq!(people("Profits rose, Bill Hollister said."), ["Bill Hollister"]);
    }

    #[test]
    fn speech_verbs_in_any_case() {
        assert!(SPEECH_VERBS.iter().all(|v| is_speech_verb(v)));
        assert!(is_speech_verb("SAID") && is_speech_verb("Told") && !is_speech_verb("sad"));
    }

    #[test]
    fn role_and_title_cues() {
        assert_eq!(people("U.S. Secretary of State Rex Tillerson to publicly raise"), ["Rex Tillerson"]);
        assert_eq!(
            people("meet with Russian Foreign Minister Sergey Lavrov and other Kremlin officials"),
            ["Sergey Lavrov"]
        );
        assert_eq!(people("members of President Putin’s government"), ["Putin"]);
        assert_eq!(people("Sen. John McCain and Dr. Jane Goodall spoke"), ["John McCain", "Jane Goodall"]);
        assert_eq!(people("Human Rights First President and CEO Elisa Massimino stressing"), ["Elisa Massimino"]);
    }

    #[test]
    fn given_names_speech_and_repeats() {
        assert_eq!(people("John F. Kennedy was shot."), ["John F. Kennedy"]);
        assert_eq!(people("“It is time,” wrote Massimino."), ["Massimino"]);
        assert_eq!(people("Kadyrov said the claims were false."), ["Kadyrov"]);
        assert_eq!(
            people("Tillerson Urged to Act\n\nSecretary Tillerson is set to go. Tillerson left."),
            ["Tillerson", "Tillerson", "Tillerson"]
        );
    }

    #[test]
    fn capitalized_words_that_are_not_people() {
        assert!(people("Press\n\nShare\n\nSeeking asylum?").is_empty());
        assert!(people("Tillerson Urged to Raise Rights Abuses, Civil Society Crackdown").is_empty());
        assert!(people("Human Rights First called on the State Department.").is_empty());
        assert!(people("The Kremlin said on Thursday that Washington was wrong.").is_empty());
        // Ordinary words before a verb of saying are a company or a group speaking, and a run
        // ending in a company suffix is a company.
        assert!(people("Later, Harbor Capital said it would sell. Brokers said so too.").is_empty());
        assert!(people("shares of Dravik Bros rose").is_empty());
    }
}
