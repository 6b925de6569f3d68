//! Stage 2: split a document's text into tokens and sentences, as byte ranges into the text.
//!
//! The tokenizer is hand-written with an ASCII fast path: a byte class table decides most bytes,
//! and a `char` is decoded only for bytes ≥ 0x80. (On this project's machines unicode-segmentation
//! runs at about 40 MB/s and would halve the whole pipeline; this runs at several hundred.) It
//! knows what news text holds: abbreviations that keep their period ("U.S.", "D.C.", "Mr.",
//! "Jan."), a missing space after one ("D.C.Human" is "D.C." + "Human"), possessives split off
//! ("Russia’s" is "Russia" + "’s"), hyphens and other punctuation as tokens of their own, numbers
//! with separators and decimals ("1,000", "3.5").
//!
//! Sentence splitting is rule-based: a final `.`, `!` or `?` (with any closing quotes) before a
//! word that does not start in lowercase; a blank line; a line break before an indented line; a
//! headline line in capitals. It does not parse: quoted speech spanning sentences stays split.

use crate::document::{Doc, Document, Sentence, Token, TokenKind};
use crate::masks::{Mask, TextMasks};

/// Words that keep a following period as part of the token. Titles never end a sentence; the
/// others end one only before a word that usually starts sentences (see [`SENTENCE_STARTERS`]).
/// From English style guides' lists of common abbreviations in news copy.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Rev",
    "Hon", "Pres", "Sec", "Amb", "Cmdr", "Supt", "Insp", "St", "Mt", "Ft", "Jr", "Sr", "Inc", "Ltd", "Corp", "Co",
    "Bros", "Plc", "vs", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Dept", "Univ", "Ave", "Blvd", "Rd",
    "approx", "est", "Calif", "Mass", "Wash", "Conn", "Penn", "Ariz", "Colo", "Fla", "Ill", "Mich", "Minn", "Tex",
    // Labels and references of reports and papers: "Fig. 1", "et al.", "No. 3", "Vol. 2".
    "Fig", "Figs", "fig", "figs", "Eq", "Eqs", "Ref", "Refs", "Tab", "Sect", "Vol", "vol", "No", "Nos", "al", "cf",
    "ca", "Ch", "pp", "Suppl", "Supp",
];

/// [`ABBREVIATIONS`] as a set: asked of every word before a period.
static ABBREVIATION_SET: std::sync::LazyLock<crate::strmap::StrSet> =
    std::sync::LazyLock::new(|| ABBREVIATIONS.iter().collect());

/// Titles: an abbreviation in this list is always followed by a name, never by a new sentence.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "Rev",
    "Hon", "Pres", "Sec", "Amb", "Cmdr", "Supt", "Insp", "St", "Mt", "Ft",
];

/// Words that usually open a sentence: after an abbreviation such as "U.S." or "Inc." they mark a
/// sentence boundary ("…in the U.S. The letter…").
#[rustfmt::skip]
const SENTENCE_STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those", "But", "And",
    "In", "On", "At", "His", "Her", "Its", "Their", "There", "However", "Meanwhile", "Some", "Many", "If", "When",
    "As", "After", "Before",
];

/// Byte classes for the ASCII fast path.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Letter,
    Digit,
    Punct,
    Symbol,
    /// A byte ≥ 0x80: decode the char to classify it.
    NonAscii,
}

const fn build_classes() -> [Class; 256] {
    let mut t = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' || c == 0x0b || c == 0x0c {
            Class::Space
        } else if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else if c == b'$'
            || c == b'%'
            || c == b'+'
            || c == b'<'
            || c == b'='
            || c == b'>'
            || c == b'^'
            || c == b'|'
            || c == b'~'
            || c == b'#'
            || c == b'&'
            || c == b'*'
            || c == b'@'
            || c == b'\\'
            || c == b'`'
        {
            Class::Symbol
        } else if c < 0x20 || c == 0x7f {
            Class::Space
        } else {
            Class::Punct
        };
        b += 1;
    }
    t
}

static CLASSES: [Class; 256] = build_classes();

/// Classify the char starting at byte `i` and return its class and byte length. The ASCII
/// table lookup is inlined into every scanning loop; other chars take a call.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let c = CLASSES[text.as_bytes()[i] as usize];
    if c != Class::NonAscii {
        return (c, 1);
    }
    non_ascii_class_at(text, i)
}

#[inline(never)]
fn non_ascii_class_at(text: &str, i: usize) -> (Class, usize) {
    let ch = text[i..].chars().next().expect("i is a char boundary");
    let class = if ch.is_whitespace() {
        Class::Space
    } else if ch.is_alphabetic() || is_mark(ch) {
        Class::Letter
    } else if ch.is_numeric() {
        Class::Digit
    } else if is_unicode_punct(ch) {
        Class::Punct
    } else {
        Class::Symbol
    };
    (class, ch.len_utf8())
}

/// Combining marks keep a word together (decomposed accents).
fn is_mark(ch: char) -> bool {
    matches!(ch as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

fn is_unicode_punct(ch: char) -> bool {
    matches!(ch as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x303F | 0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF | 0xFF01..=0xFF0F)
}

/// Whether the char at byte `i` is an apostrophe (straight or curly).
#[inline]
fn apostrophe_len(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    if b[i] == b'\'' {
        1
    } else if text[i..].starts_with('\u{2019}') {
        3
    } else {
        0
    }
}

#[inline]
fn is_letter_at(text: &str, i: usize) -> bool {
    i < text.len() && class_at(text, i).0 == Class::Letter
}

/// Split `text` into tokens. Never panics; every token is non-empty and on char boundaries.
pub fn tokenize(text: &str) -> Vec<Token> {
    let [alnum] = Mask::build(text.as_bytes(), |l| [l.letter | l.digit]);
    tokenize_with(text, &alnum)
}

/// [`tokenize`], given the text's ASCII letters and digits as bits (a word's end is found
/// with a bit scan).
fn tokenize_with(text: &str, alnum: &Mask) -> Vec<Token> {
    let bytes = text.as_bytes();
    // (A token every four bytes is more than news text has: the list seldom grows.)
    let mut tokens = Vec::with_capacity(text.len() / 4 + 8);
    let mut i = 0;
    while i < bytes.len() {
        let (class, len) = class_at(text, i);
        match class {
            Class::Space => i += len,
            Class::Letter => {
                let end = scan_word(text, alnum, i);
                tokens.push(Token::new(text, i, end, TokenKind::Word));
                i = end;
            }
            Class::Digit => {
                let end = scan_number(text, i);
                tokens.push(Token::new(text, i, end, TokenKind::Number));
                i = end;
            }
            Class::Punct | Class::NonAscii => {
                // A possessive or contraction that follows a word: "Russia’s" → "’s".
                let ap = apostrophe_len(text, i);
                if ap > 0 && i > 0 && tokens.last().is_some_and(|t: &Token| t.end == i) {
                    let after = i + ap;
                    if is_letter_at(text, after) {
                        let end = scan_letters(text, alnum, after);
                        tokens.push(Token::new(text, i, end, TokenKind::Word));
                        i = end;
                        continue;
                    }
                }
                let mut end = i + len;
                if bytes[i] == b'.' && bytes.get(i + 1) == Some(&b'.') && bytes.get(i + 2) == Some(&b'.') {
                    end = i + 3;
                }
                tokens.push(Token::new(text, i, end, TokenKind::Punct));
                i = end;
            }
            Class::Symbol => {
                tokens.push(Token::new(text, i, i + len, TokenKind::Symbol));
                i += len;
            }
        }
    }
    tokens
}

/// Letters and digits from `i` (no apostrophes or periods).
#[inline]
fn scan_letters(text: &str, alnum: &Mask, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        // ASCII letters and digits (most of the text) by their bits; then one char.
        i = alnum.run_end(i);
        if i >= bytes.len() || bytes[i].is_ascii() {
            return i;
        }
        let (c, len) = non_ascii_class_at(text, i);
        if c != Class::Letter && c != Class::Digit {
            return i;
        }
        i += len;
    }
}

/// A word from `start`: letters and digits, inner apostrophes before letters ("O'Brien", but not
/// the possessive "’s"), and a final period for abbreviations ("Mr.", "U.S.", "D.C.").
fn scan_word(text: &str, alnum: &Mask, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = scan_letters(text, alnum, start);
    loop {
        if i >= bytes.len() {
            return i;
        }
        let ap = apostrophe_len(text, i);
        if ap > 0 && is_letter_at(text, i + ap) {
            let next_end = scan_letters(text, alnum, i + ap);
            let rest = &text[i + ap..next_end];
            // "’s" and "n’t"-style endings are split off; "O'Brien" stays whole.
            if rest == "s"
                || rest == "S"
                || rest == "t"
                || rest == "ll"
                || rest == "re"
                || rest == "ve"
                || rest == "d"
                || rest == "m"
            {
                return i;
            }
            i = next_end;
            continue;
        }
        break;
    }
    if bytes[i] != b'.' {
        return i;
    }
    let word = &text[start..i];
    // Initials and dotted abbreviations: single letters each followed by a period. (Not a
    // letter right after digits: "the 1990s." and "£600m." end a sentence.)
    let after_digit = start > 0 && bytes[start - 1].is_ascii_digit();
    if word.chars().count() == 1 && !after_digit {
        let mut j = i + 1;
        // Take further "X." pairs: "U.S.", "D.C.", "a.m.", "e.g.".
        while j + 1 < bytes.len() && bytes[j].is_ascii_alphabetic() && bytes[j + 1] == b'.' {
            // …but "D.C.Human": a letter followed by another letter starts a new word.
            j += 2;
        }
        return j;
    }
    if ABBREVIATION_SET.contains(word) {
        return i + 1;
    }
    i
}

/// A number from `start`: digits, with `,` or `.` between digit groups ("1,000", "3.5").
fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < bytes.len() && (bytes[i] == b',' || bytes[i] == b'.') && bytes[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    if i == start {
        // A non-ASCII digit (Arabic-Indic, full-width): one char per token is enough here.
        let (_, len) = class_at(text, start);
        return start + len;
    }
    i
}

fn is_sentence_final(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "..." | "\u{2026}")
}

fn is_closing(s: &str) -> bool {
    matches!(s, "\"" | "'" | ")" | "]" | "\u{201D}" | "\u{2019}" | "\u{00BB}" | "\u{201C}")
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Whether the line that ends at byte `end` (exclusive) is a headline in capitals.
///
/// Read backwards from the end: a line of running text ends in a lowercase letter or close to
/// one, so most lines are settled in a few bytes, without first finding where they begin.
fn line_is_capitals(text: &str, end: usize) -> bool {
    let mut letters = 0;
    for c in text[..end].chars().rev().take_while(|&c| c != '\n') {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Whether the whitespace between two tokens is a paragraph break: a blank line, or a line
/// break followed by indentation.
fn is_paragraph_gap(gap: &str) -> bool {
    let mut newlines = 0;
    let mut after_newline = false;
    for c in gap.chars() {
        if c == '\n' {
            newlines += 1;
            after_newline = true;
            if newlines >= 2 {
                return true;
            }
        } else if after_newline && (c == ' ' || c == '\t') {
            return true;
        }
    }
    false
}

/// Group tokens into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    // (About one sentence in twenty tokens in news text: the list seldom grows.)
    let mut sentences = Vec::with_capacity(tokens.len() / 16 + 4);
    let bytes = text.as_bytes();
    // Whether a gap between tokens holds a line break (most gaps are one space: no search).
    let has_line_break = |gap: &[u8]| match gap {
        [] => false,
        [b] => *b == b'\n',
        _ => gap.contains(&b'\n'),
    };
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let mut last = i;
        let t = tokens[i];
        let mut boundary = false;
        if t.kind == TokenKind::Punct && is_sentence_final(&text[t.start..t.end]) {
            // Absorb closing quotes and brackets: `…security.”` ends after the quote.
            while last + 1 < tokens.len()
                && is_closing(&text[tokens[last + 1].start..tokens[last + 1].end])
                && tokens[last + 1].start == tokens[last].end
            {
                last += 1;
            }
            boundary = match tokens.get(last + 1) {
                None => true,
                Some(next) => !starts_lowercase(&text[next.start..next.end]),
            };
        } else if t.kind == TokenKind::Word && t.end - t.start > 1 && bytes[t.end - 1] == b'.' {
            let word = &text[t.start..t.end - 1];
            if !TITLE_ABBREVIATIONS.contains(&word) {
                if let Some(next) = tokens.get(i + 1) {
                    let gap = &bytes[t.end..next.start];
                    let next_text = &text[next.start..next.end];
                    boundary = !gap.is_empty()
                        && (SENTENCE_STARTERS.contains(&next_text)
                            || has_line_break(gap) && !starts_lowercase(next_text));
                }
            }
        }
        if !boundary {
            if let Some(next) = tokens.get(last + 1) {
                let gap = &bytes[tokens[last].end..next.start];
                if has_line_break(gap)
                    && (is_paragraph_gap(&text[tokens[last].end..next.start])
                        || line_is_capitals(text, tokens[last].end))
                {
                    boundary = true;
                }
            }
        }
        if boundary || last + 1 == tokens.len() {
            sentences.push(Sentence {
                start: tokens[first].start,
                end: tokens[last].end,
                first_token: first,
                end_token: last + 1,
            });
            first = last + 1;
        }
        i = last + 1;
    }
    sentences
}

/// Tokenize a document and split it into sentences: the input every annotator reads.
pub fn analyze(document: &Document) -> Doc<'_> {
    // (The masks are the document's: the date rules' trigger scan reads them too.)
    let masks = TextMasks::of(&document.text);
    let tokens = tokenize_with(&document.text, &masks.alnum);
    let sentences = split_sentences(&document.text, &tokens);
    Doc::with_masks(document, tokens, sentences, masks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.start..t.end]).collect()
    }

    fn sentences(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        split_sentences(text, &toks).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn tokens_know_whether_they_begin_with_a_capital() {
        let text = "Émile met état officials in Paris’s 3 ÅRHUS offices, iPhone.";
        let capitals: Vec<&str> = tokenize(text).iter().filter(|t| t.capital).map(|t| &text[t.start..t.end]).collect();
        assert_eq!(capitals, ["Émile", "Paris", "ÅRHUS"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            words("U.S. Secretary Mr. Smith met on Jan. 5"),
            ["U.S.", "Secretary", "Mr.", "Smith", "met", "on", "Jan.", "5"]
        );
        assert_eq!(words("John F. Kennedy"), ["John", "F.", "Kennedy"]);
        assert_eq!(words("at 3 p.m. today"), ["at", "3", "p.m.", "today"]);
    }

    #[test]
    fn missing_space_after_abbreviation_splits() {
        assert_eq!(
            words("Washington, D.C.Human Rights First"),
            ["Washington", ",", "D.C.", "Human", "Rights", "First"]
        );
    }

    #[test]
    fn possessives_and_quotes() {
        assert_eq!(words("Russia’s future"), ["Russia", "’s", "future"]);
        assert_eq!(words("Putin's government"), ["Putin", "'s", "government"]);
        assert_eq!(words("O'Brien said “no”"), ["O'Brien", "said", "“", "no", "”"]);
        assert_eq!(words("don't"), ["don", "'t"]);
    }

    #[test]
    fn hyphens_and_numbers() {
        assert_eq!(words("Russian-controlled"), ["Russian", "-", "controlled"]);
        assert_eq!(
            words("1,000 and 3.5 and 10% of $2.5bn."),
            ["1,000", "and", "3.5", "and", "10", "%", "of", "$", "2.5", "bn", "."]
        );
        assert_eq!(words("in 2017."), ["in", "2017", "."]);
        // A letter right after digits is a unit or a plural, not an initial: the period ends
        // the sentence.
        assert_eq!(
            words("in the 1990s. Profit was £600m."),
            ["in", "the", "1990", "s", ".", "Profit", "was", "£", "600", "m", "."]
        );
        assert_eq!(sentences("It grew in the 1990s. Then it fell."), ["It grew in the 1990s.", "Then it fell."]);
    }

    #[test]
    fn unicode_words_and_spaces() {
        assert_eq!(words("Zürich\u{00A0}und Kraków…"), ["Zürich", "und", "Kraków", "…"]);
    }

    #[test]
    fn sentence_boundaries() {
        assert_eq!(
            sentences("He met Mr. Smith in the U.S. Secretary Jones said no. Then he left!"),
            ["He met Mr. Smith in the U.S. Secretary Jones said no.", "Then he left!"]
        );
        assert_eq!(sentences("It was in the U.S. The letter came."), ["It was in the U.S.", "The letter came."]);
        assert_eq!(sentences("“It is time,” he wrote. “Go.”"), ["“It is time,” he wrote.", "“Go.”"]);
    }

    #[test]
    fn headlines_and_short_lines() {
        let text = "Tillerson Urged to Raise Abuses\n\nWashington, D.C.Human Rights First called.\n\nPress\n\nShare";
        assert_eq!(
            sentences(text),
            ["Tillerson Urged to Raise Abuses", "Washington, D.C.Human Rights First called.", "Press", "Share"]
        );
        let reuters = "FAR WEST TO BUY PROGRESSIVE\nALHAMBRA, Calif., March 18 -\nProgressive Savings and Loan\nAssociation said it agreed.\n    The deal closed.";
        assert_eq!(
            sentences(reuters),
            [
                "FAR WEST TO BUY PROGRESSIVE",
                "ALHAMBRA, Calif., March 18 -\nProgressive Savings and Loan\nAssociation said it agreed.",
                "The deal closed."
            ]
        );
    }

    #[test]
    fn offsets_lie_on_char_boundaries_for_odd_input() {
        for text in [
            "",
            " ",
            "\u{0}\u{1}",
            "...",
            "’",
            "a’",
            "’s",
            "é́",
            "1,",
            "1,2,",
            "U.",
            "D.C.",
            "\u{FEFF}x",
            "日本語のテキスト",
            "a\u{a0}b\u{2009}c\u{3000}d 9 a.m. U. S. $ 5 St. Louis",
        ] {
            for t in tokenize(text) {
                assert!(t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "{text:?}");
                // (The gazetteer counts on it: a space in a form is always between tokens.)
                assert!(!text[t.start..t.end].contains(char::is_whitespace), "{text:?}");
            }
            let toks = tokenize(text);
            let sents = split_sentences(text, &toks);
            assert_eq!(sents.iter().map(|s| s.end_token - s.first_token).sum::<usize>(), toks.len());
        }
    }
}
