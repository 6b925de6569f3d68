//! Reading numbers written in digits or words, over tokens: "1,000", "3.5", "one thousand",
//! "twenty-five", "a hundred and twelve", "1.2 million", "3bn", "half a million", "a dozen".
//!
//! Shared vocabulary for two annotators: `quantities` (counts and measures) and `dates`
//! ("two days ago", "three years"). It only reads numbers; deciding whether a number is a
//! quantity, a year or part of a name is the caller's job.

use crate::document::{Doc, Shapes, TokenKind};
use std::sync::LazyLock;

/// Number words below twenty and the tens, from English grammar.
#[rustfmt::skip]
const SMALL: &[(&str, f64)] = &[
    ("zero", 0.0), ("one", 1.0), ("two", 2.0), ("three", 3.0), ("four", 4.0), ("five", 5.0), ("six", 6.0),
    ("seven", 7.0), ("eight", 8.0), ("nine", 9.0), ("ten", 10.0), ("eleven", 11.0), ("twelve", 12.0),
    ("thirteen", 13.0), ("fourteen", 14.0), ("fifteen", 15.0), ("sixteen", 16.0), ("seventeen", 17.0),
    ("eighteen", 18.0), ("nineteen", 19.0), ("twenty", 20.0), ("thirty", 30.0), ("forty", 40.0), ("fifty", 50.0),
    ("sixty", 60.0), ("seventy", 70.0), ("eighty", 80.0), ("ninety", 90.0),
];

/// Scale words and abbreviations as news writes them ("mln" is Reuters' style).
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2), ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12), ("k", 1e3),
    ("m", 1e6), ("mn", 1e6), ("mln", 1e6), ("bn", 1e9), ("bln", 1e9), ("b", 1e9), ("tn", 1e12), ("trn", 1e12),
];

/// Fraction words and their denominators ("two-thirds", "a quarter", "three fifths").
#[rustfmt::skip]
const FRACTIONS: &[(&str, f64)] = &[
    ("half", 2.0), ("halves", 2.0), ("third", 3.0), ("thirds", 3.0), ("quarter", 4.0), ("quarters", 4.0),
    ("fourth", 4.0), ("fourths", 4.0), ("fifth", 5.0), ("fifths", 5.0), ("sixth", 6.0), ("sixths", 6.0),
    ("eighth", 8.0), ("eighths", 8.0), ("tenth", 10.0), ("tenths", 10.0),
];

/// Words for a small fixed count.
const COUNT_WORDS: &[(&str, f64)] = &[("dozen", 12.0), ("score", 20.0), ("couple", 2.0)];

/// The shapes of every word in the tables above: most words asked about (after "a", "an",
/// "about"…) are turned away by their shape before any table is scanned.
static SHAPES: LazyLock<Shapes> =
    LazyLock::new(|| Shapes::new(SMALL.iter().chain(SCALES).chain(FRACTIONS).chain(COUNT_WORDS).map(|(w, _)| *w)));

/// Whether `word` may be a number word of the tables here (false: it is none), by its shape.
pub fn may_be_number_word(word: &str) -> bool {
    SHAPES.may_contain(word)
}

fn lookup(table: &[(&str, f64)], word: &str) -> Option<f64> {
    // Number words in tables are lowercase ASCII; accept "One" and "ONE" as well.
    if !SHAPES.may_contain(word) {
        return None;
    }
    table.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|&(_, v)| v)
}

/// The value of a number word below a hundred ("seven" → 7, "ninety" → 90).
pub fn small_word(word: &str) -> Option<f64> {
    lookup(SMALL, word)
}

/// The multiplier of a scale word ("million" → 1e6, "bn" → 1e9). Single letters ("m", "b",
/// "k") are only scales when written straight after digits; see [`read_number`].
pub fn scale_word(word: &str) -> Option<f64> {
    lookup(SCALES, word.strip_suffix('s').filter(|w| w.len() > 2).unwrap_or(word))
}

/// Parse digits with thousands separators and a decimal point: "1,000" → 1000, "3.5" → 3.5,
/// "1.000.000" → 1e6 (dots as thousands separators only when there are several groups).
pub fn parse_digits(s: &str) -> Option<f64> {
    if let Some(v) = short_decimal(s) {
        return Some(v);
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();
    if commas == 0 && dots <= 1 {
        return s.parse::<f64>().ok(); // the common case, read in place
    }
    let cleaned: String = if dots > 1 && commas == 0 {
        s.replace('.', "")
    } else if commas > 0 && dots <= 1 {
        // "1,000" and "1,000.5": commas separate thousands when every group has three digits.
        let int_part = s.split('.').next().unwrap_or(s);
        if int_part.split(',').skip(1).all(|g| g.len() == 3) {
            s.replace(',', "")
        } else {
            return None;
        }
    } else {
        return None;
    };
    cleaned.parse::<f64>().ok()
}

/// Up to fifteen digits with at most one decimal point ("82", "3.5", "1990"), read without the
/// general float parser: the digits as an integer are exact in an `f64`, and so is a power of
/// ten up to 10^22, so one division rounds exactly as `str::parse` does. Anything else: `None`.
fn short_decimal(s: &str) -> Option<f64> {
    const POWERS: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    let (mut mantissa, mut digits, mut point) = (0u64, 0usize, None);
    for (k, b) in s.bytes().enumerate() {
        match b {
            b'0'..=b'9' if digits < 15 => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(k),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let decimals = point.map_or(0, |p| s.len() - p - 1);
    Some(mantissa as f64 / POWERS[decimals])
}

/// A number read from tokens: its value and the tokens it covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberRead {
    /// The value ("one thousand" → 1000).
    pub value: f64,
    /// Index of the first token.
    pub first: usize,
    /// One past the index of the last token.
    pub end: usize,
    /// Whether it was written with digits.
    pub digits: bool,
}

/// Read a number starting at token `i`: digits (with an optional scale: "1.2 million", "3bn"),
/// or number words ("one thousand", "twenty-five", "a hundred and twelve", "half a million",
/// "a dozen"). Returns `None` if no number starts there.
pub fn read_number(doc: &Doc, i: usize) -> Option<NumberRead> {
    read_number_in(doc, i, Convention::English)
}

/// How a document writes digit groups and decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convention {
    /// "1,000.5": commas group thousands, a point marks decimals.
    English,
    /// "1.000,5": points group thousands, a comma marks decimals (most of Europe).
    DecimalComma,
}

/// Guess a document's convention from its numbers: decimal commas ("3,5", "12,75") outnumbering
/// comma-grouped thousands ("1,000") make it [`Convention::DecimalComma`].
pub fn convention(doc: &Doc) -> Convention {
    let (mut decimal_comma, mut grouped_comma) = (0, 0);
    for (i, t) in doc.tokens.iter().enumerate() {
        if t.kind != TokenKind::Number {
            continue;
        }
        let w = doc.token_text(i);
        if let Some((_, last)) = w.rsplit_once(',') {
            if last.len() == 3 {
                grouped_comma += 1;
            } else if !w.contains('.') && (1..=2).contains(&last.len()) {
                decimal_comma += 1;
            }
        }
    }
    if decimal_comma > grouped_comma {
        Convention::DecimalComma
    } else {
        Convention::English
    }
}

/// Parse digits in a document's convention ("1.000,5" → 1000.5 with decimal commas).
pub fn parse_digits_in(s: &str, convention: Convention) -> Option<f64> {
    match convention {
        Convention::English => parse_digits(s),
        Convention::DecimalComma => {
            let int_part = s.split(',').next().unwrap_or(s);
            if int_part.contains('.') && !int_part.split('.').skip(1).all(|g| g.len() == 3) {
                return None;
            }
            s.replace('.', "").replace(',', ".").parse().ok()
        }
    }
}

/// [`read_number`] in a given digit convention.
pub fn read_number_in(doc: &Doc, i: usize, convention: Convention) -> Option<NumberRead> {
    let tok = doc.tokens.get(i)?;
    if tok.kind == TokenKind::Number {
        // "1/2", "3/4": a fraction written with a slash (small numbers only: "4/7" with a year
        // after it is a date, and dates are the dates stage's).
        if doc.joined_to_next(i) && doc.text_of(i + 1) == Some("/") && doc.joined_to_next(i + 1) {
            let (a, b) = (parse_digits(doc.token_text(i)), doc.text_of(i + 2).and_then(parse_digits));
            let year_after = doc.text_of(i + 3) == Some("/");
            if let (Some(a), Some(b), false) = (a, b, year_after) {
                if (2.0..=100.0).contains(&b) && a < b && doc.tokens[i + 2].kind == TokenKind::Number {
                    return Some(NumberRead { value: a / b, first: i, end: i + 3, digits: true });
                }
            }
        }
        let mut value = parse_digits_in(doc.token_text(i), convention)?;
        let mut end = i + 1;
        if let Some(w) = doc.text_of(end) {
            // "3bn", "10m" (joined) or "1.2 million" (spaced); single letters only when joined.
            let joined = doc.joined_to_next(i);
            // Single letters ("m", "b", "k") scale only money: "$3bn", "£2m" — not "2010b" (a
            // citation), "5 m" (metres) or "3k" (a race).
            let money = i > 0 && matches!(doc.token_text(i - 1), "$" | "€" | "£" | "¥" | "US$");
            let short_scale = joined && (w.len() > 1 || money);
            if let Some(scale) = scale_word(w).filter(|_| short_scale || w.len() > 2) {
                value *= scale;
                end += 1;
            }
        }
        return Some(NumberRead { value, first: i, end, digits: true });
    }
    read_number_words(doc, i)
}

fn read_number_words(doc: &Doc, i: usize) -> Option<NumberRead> {
    let first_word = doc.text_of(i)?;
    let article = first_word.eq_ignore_ascii_case("a") || first_word.eq_ignore_ascii_case("an");
    // "half a million"
    if first_word.eq_ignore_ascii_case("half") && doc.text_of(i + 1).is_some_and(|w| w.eq_ignore_ascii_case("a")) {
        if let Some(scale) = doc.text_of(i + 2).and_then(scale_word).filter(|s| *s >= 100.0) {
            return Some(NumberRead { value: scale / 2.0, first: i, end: i + 3, digits: false });
        }
    }
    // "two-thirds", "a quarter", "one third", "three fifths"
    let numerator = if article { Some(1.0) } else { small_word(first_word).filter(|v| *v >= 1.0 && *v < 10.0) };
    if let Some(n) = numerator {
        let hyphen = doc.text_of(i + 1) == Some("-") && doc.joined_to_next(i) && doc.joined_to_next(i + 1);
        let k = if hyphen { i + 2 } else { i + 1 };
        if let Some(d) = doc.text_of(k).and_then(|w| lookup(FRACTIONS, w)) {
            // "a half" is rare, "a third of" common; "one quarter" also names a period, but
            // quarters of a year are the dates stage's when a year or "the" comes with them.
            if n < d {
                return Some(NumberRead { value: n / d, first: i, end: k + 1, digits: false });
            }
        }
    }
    // "a hundred", "a dozen", "a million"
    let (mut j, mut total, mut current, mut any) = (i, 0.0f64, 0.0f64, false);
    if article {
        let next = doc.text_of(i + 1)?;
        if let Some(c) = lookup(COUNT_WORDS, next) {
            return Some(NumberRead { value: c, first: i, end: i + 2, digits: false });
        }
        scale_word(next).filter(|s| *s >= 100.0 && next.len() > 2)?;
        current = 1.0;
        any = true;
        j = i + 1;
    }
    let mut end = j;
    while let Some(w) = doc.text_of(j) {
        if let Some(v) = small_word(w) {
            // "twenty-five": a tens word, a joined hyphen, a unit word.
            current += v;
            any = true;
            j += 1;
            end = j;
            if v >= 20.0 && doc.text_of(j) == Some("-") && doc.joined_to_next(j - 1) && doc.joined_to_next(j) {
                if let Some(u) = doc.text_of(j + 1).and_then(small_word).filter(|u| *u < 10.0) {
                    current += u;
                    j += 2;
                    end = j;
                }
            }
        } else if let Some(s) = scale_word(w).filter(|_| any && w.len() > 2) {
            if s == 100.0 {
                current = current.max(1.0) * 100.0;
            } else {
                total += current.max(1.0) * s;
                current = 0.0;
            }
            j += 1;
            end = j;
        } else if w.eq_ignore_ascii_case("and")
            && any
            && doc.text_of(j + 1).and_then(small_word).is_some()
            && current >= 100.0
        {
            // "a hundred and twelve"
            j += 1;
        } else {
            break;
        }
    }
    any.then_some(NumberRead { value: total + current, first: i, end, digits: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_doc;
    use crate::tokenize::analyze;

    fn read(text: &str) -> Option<(f64, usize)> {
        let d = test_doc(text, None);
        let a = analyze(&d);
        read_number(&a, 0).map(|n| (n.value, n.end))
    }

    #[test]
    fn digits() {
        assert_eq!(parse_digits("1,000"), Some(1000.0));
        assert_eq!(parse_digits("3.5"), Some(3.5));
        assert_eq!(parse_digits("1.000.000"), Some(1e6));
        assert_eq!(parse_digits("1,00"), None);
        assert_eq!(read("1.2 million people"), Some((1.2e6, 2)));
        assert_eq!(read("3bn dollars"), Some((3e9, 2)));
        assert_eq!(read("2010b shows"), Some((2010.0, 1)), "a citation letter is no scale");
        assert_eq!(read("10 m away"), Some((10.0, 1)), "a spaced single letter is a unit, not a scale");
        assert_eq!(parse_digits_in("1.000", Convention::DecimalComma), Some(1000.0));
        assert_eq!(parse_digits_in("3,5", Convention::DecimalComma), Some(3.5));
        assert_eq!(parse_digits_in("2.500.000,75", Convention::DecimalComma), Some(2_500_000.75));
    }

    #[test]
    fn short_decimals_read_as_the_float_parser_reads_them() {
        let mut fixed: Vec<String> = ["0", "5.", ".5", ".", "007", "0.1", "0.3", "123456789012345", "1234567890123456"]
            .map(String::from)
            .to_vec();
        fixed.push(format!("{}.{}", "9".repeat(7), "9".repeat(8)));
        // And random strings of up to eighteen digits with a point anywhere (a fixed sequence).
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % n
        };
        let random = (0..20_000).map(|_| {
            let mut s: String = (0..=next(18)).map(|_| char::from(b'0' + next(10) as u8)).collect();
            if next(3) > 0 {
                s.insert(next(s.len() as u64 + 1) as usize, '.');
            }
            s
        });
        for s in fixed.into_iter().chain(random) {
            assert_eq!(parse_digits(&s), s.parse::<f64>().ok(), "{s}");
        }
    }

    #[test]
    fn words() {
        assert_eq!(read("one thousand arrests"), Some((1000.0, 2)));
        assert_eq!(read("twenty-five cities"), Some((25.0, 3)));
        assert_eq!(read("a hundred and twelve days"), Some((112.0, 4)));
        assert_eq!(read("two hundred thousand people"), Some((200_000.0, 3)));
        assert_eq!(read("half a million"), Some((500_000.0, 3)));
        assert_eq!(read("a dozen eggs"), Some((12.0, 2)));
        assert_eq!(read("a man"), None);
        assert_eq!(read("two-thirds of voters"), Some((2.0 / 3.0, 3)));
        assert_eq!(read("a quarter of the staff"), Some((0.25, 2)));
        assert_eq!(read("1/2 cup"), Some((0.5, 3)));
        assert_eq!(read("Seeking asylum"), None);
    }
}
