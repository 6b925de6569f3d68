//! Calendar words and the parsing of fully explicit dates, shared by two stages: `corpus` (to
//! find a document's own date in its text) and `dates` (to find and resolve date mentions).
//!
//! This is vocabulary and arithmetic only: month and weekday names, and "April 7, 2017" /
//! "7 April 2017" / "2017-04-07" parsed to a [`NaiveDate`]. Finding and resolving relative dates
//! is the `dates` annotator's job, not this module's. Calendar math itself is chrono's.

use crate::windows::{Caps, Pattern};
use chrono::NaiveDate;
use std::sync::LazyLock;

/// English month names and their abbreviations (with and without a period), numbered 1–12.
/// From the AP stylebook's month abbreviations plus the full names.
#[rustfmt::skip]
pub const MONTHS: &[(&str, u32)] = &[
    ("January", 1), ("Jan", 1), ("February", 2), ("Feb", 2), ("March", 3), ("Mar", 3), ("April", 4), ("Apr", 4),
    ("May", 5), ("June", 6), ("Jun", 6), ("July", 7), ("Jul", 7), ("August", 8), ("Aug", 8), ("September", 9),
    ("Sept", 9), ("Sep", 9), ("October", 10), ("Oct", 10), ("November", 11), ("Nov", 11), ("December", 12),
    ("Dec", 12),
];

/// English weekday names, numbered from Monday = 0 (chrono's `num_days_from_monday`).
pub const WEEKDAYS: &[(&str, u32)] =
    &[("Monday", 0), ("Tuesday", 1), ("Wednesday", 2), ("Thursday", 3), ("Friday", 4), ("Saturday", 5), ("Sunday", 6)];

/// The month number of a month name or abbreviation ("April", "Apr", "Apr." → 4).
pub fn month_number(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word) && word[..1].chars().all(|c| c.is_uppercase()))
        .map(|&(_, n)| n)
}

/// The weekday number (Monday = 0) of a weekday name.
pub fn weekday_number(word: &str) -> Option<u32> {
    WEEKDAYS.iter().find(|(name, _)| *name == word).map(|&(_, n)| n)
}

/// The regex source for one month name, abbreviation or abbreviation with a period.
pub const MONTH_PATTERN: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)";

/// Fully explicit dates. (Digits are ASCII, as the values are read: `[0-9]`, not `\d`, which also
/// takes other scripts' digits and makes the automaton larger.)
static EXPLICIT: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(&format!(
        r"(?x)
        (?P<m1>{m})\s+(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?,?{gap}(?P<y1>[0-9]{{4}})
      | (?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{m}),?{gap}(?P<y2>[0-9]{{4}})
      | (?P<y3>[0-9]{{4}})-(?P<mo3>[0-9]{{2}})-(?P<d3>[0-9]{{2}})",
        m = MONTH_PATTERN,
        // Spaces or one line break (a wrapped line), not a blank line: a year after a paragraph
        // break belongs to what follows ("Saturday, 26 February\n\n1600 GMT").
        gap = r"(?:[\ \t]+|[\ \t]*\r?\n[\ \t]*)"
    ))
    .expect("valid regex")
});

/// A time zone or "hours" right after four digits: "1600 GMT", "0930 hours" are clock times.
static CLOCK_ZONE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^[ \t]*(?:GMT|UTC|BST|CET|[ECMP][SD]T|hours|hrs)\b").expect("valid regex"));

/// A fully explicit date found in text: its byte range and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExplicitDate {
    /// First byte of the date expression.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The calendar date.
    pub date: NaiveDate,
}

/// Every fully explicit date (day, month and year all written) in `text`, in order. Matches that
/// are not real calendar dates ("February 30, 2017") are skipped.
pub fn explicit_dates(text: &str) -> Vec<ExplicitDate> {
    explicit_dates_in(text, (0, text.len()))
}

/// The explicit dates that lie within the byte range `window` of `text` (a window from
/// [`crate::windows`]).
pub fn explicit_dates_in(text: &str, window: (usize, usize)) -> Vec<ExplicitDate> {
    let mut found = Vec::new();
    each_explicit_date_in(text, window, |d| found.push(d));
    found
}

/// [`explicit_dates_in`], handing each date to `found` instead of collecting them.
pub fn each_explicit_date_in(text: &str, window: (usize, usize), mut found: impl FnMut(ExplicitDate)) {
    EXPLICIT.captures_in(text, window, |c| {
        if let Some(d) = explicit_date(text, c) {
            found(d);
        }
    });
}

/// The explicit date a match of [`EXPLICIT`] writes, if it is one.
fn explicit_date(text: &str, c: &Caps) -> Option<ExplicitDate> {
    let whole = c.get(0)?;
    let (y, m, d) = if let Some(y) = c.name("y1") {
        (y.as_str(), month_number(c.name("m1")?.as_str())?, c.name("d1")?.as_str())
    } else if let Some(y) = c.name("y2") {
        (y.as_str(), month_number(c.name("m2")?.as_str())?, c.name("d2")?.as_str())
    } else {
        (c.name("y3")?.as_str(), c.name("mo3")?.as_str().parse().ok()?, c.name("d3")?.as_str())
    };
    // "26 February 1600 GMT": a four-digit clock time after a day and month, not a year.
    if CLOCK_ZONE.is_match(&text[whole.end()..]) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m, d.parse().ok()?)?;
    Some(ExplicitDate { start: whole.start(), end: whole.end(), date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_weekdays() {
        assert_eq!(month_number("April"), Some(4));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("april"), None, "lowercase month names are not months in news");
        assert_eq!(weekday_number("Thursday"), Some(3));
    }

    #[test]
    fn explicit_dates_in_text() {
        let text = "Published on April 7, 2017 and 12 March 2016; ISO 2015-01-31; not February 30, 2017.";
        let found: Vec<_> =
            explicit_dates(text).into_iter().map(|d| (&text[d.start..d.end], d.date.to_string())).collect();
        assert_eq!(
            found,
            [
                ("April 7, 2017", "2017-04-07".into()),
                ("12 March 2016", "2016-03-12".into()),
                ("2015-01-31", "2015-01-31".into())
            ]
        );
        let found = |text: &str| explicit_dates(text).into_iter().map(|d| d.date.to_string()).collect::<Vec<_>>();
        // A wrapped line may split a date; a blank line or a clock time ends it.
        assert_eq!(found("for tuesday, April 7,\n1987, choice"), ["1987-04-07"]);
        assert!(found("Saturday, 26 February\n\n1600 GMT").is_empty());
        assert!(found("Saturday, 26 February 1600 GMT").is_empty());
    }
}
