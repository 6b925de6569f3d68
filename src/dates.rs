//! Stage 3b: dates, times, durations and sets, each normalized to a TIMEX3 value resolved against
//! the document's own date ("Thursday" in a press release of Friday 7 April 2017 is 2017-04-06).
//!
//! Each expression family is one rule: a regex (linear-time: the `regex` crate never backtracks)
//! and a function that turns a match into a value, and names the words every match of it
//! contains: the rule's regex searches only around those ([`crate::windows`]), which reads a
//! fraction of the text, and, anchored, only where a match can begin: at such a word or at a run
//! of the words the rule allows before it ("a couple of" before "weeks"). The candidates are
//! then reduced to non-overlapping spans, longest first. Underspecified dates (a
//! bare "Thursday", "April 12", "in March") take their direction — before or after the document
//! date — from tense and cue words around them, as news-mode taggers do.
//!
//! Dates said by reference ("later that year", "the next day") take the last date named before
//! them, shifted by one unit where the words say so.
//!
//! Without a document date, relative expressions keep their unknown parts as `X`
//! ("XXXX-04-12"), as TIMEX3 does.
//!
//! Not here: numbers that are counts (the `quantities` annotator), or dates of documents
//! (`corpus` finds those with [`crate::calendar`]).

use crate::calendar::{self, month_number, weekday_number, MONTH_PATTERN};
use crate::document::{ascii_lowercase, Doc, Mention, MentionAttrs, Span, TimexType, WordSet};
use crate::numbers::small_word;
use crate::windows::{near, Caps, Near, Pattern, Triggers, Window, Windows};
use crate::Annotator;
use chrono::{Datelike, Duration, Months, NaiveDate};
use std::cell::RefCell;
use std::sync::LazyLock;

/// Tense cues for underspecified dates, from the cue lists of news-mode temporal taggers
/// (HeidelTime's tense heuristics), cut to what English news uses. Future: modal and aspect
/// words; `to`-phrases are checked as pairs ("set to", "expected to"), since "set", "expected"
/// and "planned" alone are as often past participles. ("next" is no cue on its own: "next to".)
#[rustfmt::skip]
const FUTURE_WORDS: &[&str] = &["will", "'ll", "shall", "wo", "would", "upcoming", "tomorrow"];
/// Words that, followed by "to" or "for", announce something still to happen.
#[rustfmt::skip]
const FUTURE_BEFORE_TO: &[&str] = &[
    "set", "due", "expected", "scheduled", "plans", "plan", "planned", "going", "hopes", "intends", "is", "are",
    "likely", "supposed", "slated", "planning", "preparing", "poised", "aiming", "hoping", "ready",
];
/// Words right before a date that make it a deadline or a start still ahead.
#[rustfmt::skip]
const FUTURE_RIGHT_BEFORE: &[&str] = &["payable", "effective", "until", "till", "by", "before", "starting", "beginning"];
/// Past tense: auxiliaries and common irregular past forms (regular ones end in -ed).
#[rustfmt::skip]
const PAST_WORDS: &[&str] = &[
    "was", "were", "had", "did", "said", "came", "went", "sent", "told", "met", "began", "took", "held", "made",
    "left", "saw", "gave", "found", "won", "lost", "fell", "rose", "hit", "struck", "shot", "ago", "earlier", "last",
    "previous", "since", "led", "ran", "spoke", "wrote", "got", "paid", "sold", "bought", "brought", "kept", "became",
];

/// The tense word lists as sets that answer in any ASCII case (asked of up to sixteen words
/// around every date a rule resolves by tense).
static FUTURE_WORDS_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FUTURE_WORDS));
static FUTURE_BEFORE_TO_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FUTURE_BEFORE_TO));
static FUTURE_RIGHT_BEFORE_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(FUTURE_RIGHT_BEFORE));
static PAST_WORDS_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(PAST_WORDS));

/// Direction of an underspecified date relative to the document date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
    Unknown,
}

/// A date found by one rule, before overlaps are settled.
struct Candidate {
    span: Span,
    value: String,
    timex_type: TimexType,
    modifier: Option<&'static str>,
    rule: &'static str,
    confidence: f32,
}

/// The context a rule's resolver gets.
struct Ctx<'a, 'd> {
    doc: &'a Doc<'d>,
    anchor: Option<NaiveDate>,
}

impl Ctx<'_, '_> {
    /// Tense around a span: a deadline word right before it ("payable", "until", "as soon as"),
    /// else the nearest cue before it in its sentence, else the nearest after it.
    fn direction(&self, span: Span) -> Direction {
        let doc = self.doc;
        let s = doc.sentences[doc.sentence_at(span.start)];
        let first = doc.token_from(span.start);
        // (Words are compared in any ASCII case, as they stand in the text: no lowercase copies.)
        let is = |i: usize, word: &str| doc.token_text(i).eq_ignore_ascii_case(word);
        let is_one_of = |i: usize, words: &[&str]| words.iter().any(|w| is(i, w));
        // The words right before, skipping "on" and a clock time: "payable Dec. 15", "as soon as
        // Tuesday", "until 9 a.m. EST Tuesday".
        let mut j = first;
        while j > s.first_token
            && (is_one_of(j - 1, &["on", "at", ":", "a.m.", "p.m.", "am", "pm", "est", "edt", "gmt", "utc"])
                || doc.tokens[j - 1].kind == crate::document::TokenKind::Number)
        {
            j -= 1;
        }
        // The past perfect anywhere near puts a deadline behind: "Until Thursday, they had not
        // called him", "had been due to expire Friday".
        let had_near = || {
            let lo = first.saturating_sub(8).max(s.first_token);
            let hi = doc.token_from(span.end).saturating_add(8).min(s.end_token);
            (lo..hi).any(|i| is(i, "had"))
        };
        if j > s.first_token {
            if FUTURE_RIGHT_BEFORE_SET.contains(doc.token_text(j - 1)) {
                return if had_near() { Direction::Past } else { Direction::Future };
            }
            // "ahead of the weekend", "in advance of Tuesday's vote".
            if is(j - 1, "of") && j >= s.first_token + 2 && is_one_of(j - 2, &["ahead", "advance"]) {
                return Direction::Future;
            }
            if is(j - 1, "as") && j >= s.first_token + 3 && is(j - 3, "as") && is_one_of(j - 2, &["soon", "early"]) {
                return Direction::Future;
            }
        }
        let cue = |i: usize| -> Option<Direction> {
            let w = doc.token_text(i);
            let next_is = |word: &str| i + 1 < doc.tokens.len() && is(i + 1, word);
            let prev_is = |k: usize, words: &[&str]| i >= s.first_token + k && is_one_of(i - k, words);
            if FUTURE_BEFORE_TO_SET.contains(w) && (next_is("to") || next_is("for")) {
                // "had been due to", "had planned to": a plan in the past.
                Some(if prev_is(1, &["had"]) || prev_is(2, &["had"]) { Direction::Past } else { Direction::Future })
            } else if FUTURE_WORDS_SET.contains(w)
                || (is_one_of(i, &["scheduled", "slated", "set"]) && prev_is(1, &["has", "have", "is", "are"]))
            {
                Some(Direction::Future)
            } else if PAST_WORDS_SET.contains(w)
                || (w.len() > 4
                    && w.as_bytes()[w.len() - 2..].eq_ignore_ascii_case(b"ed")
                    && w.starts_with(|c: char| c.is_ascii_lowercase()))
            {
                Some(Direction::Past)
            } else {
                None
            }
        };
        // A modal anywhere in the clause before governs it: "will be paid Dec. 14".
        // (From before the words skipped above: a clock time or "on" belongs to the date, so
        // "will leave at 4 a.m. EDT Thursday" reads "will" as near as "will leave Thursday".)
        let window = || (s.first_token..j).rev().take(10);
        if window().any(|i| is_one_of(i, &["will", "'ll", "shall", "wo"])) {
            return Direction::Future;
        }
        if let Some(d) = window().find_map(cue) {
            return d;
        }
        let last = doc.token_from(span.end);
        (last..s.end_token.min(last + 6)).find_map(cue).unwrap_or(Direction::Unknown)
    }
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The year for a month (and day) written without one, chosen by direction from the anchor.
fn infer_year(anchor: NaiveDate, month: u32, day: u32, dir: Direction) -> i32 {
    let y = anchor.year();
    let Some(cand) = NaiveDate::from_ymd_opt(y, month, day.clamp(1, 28)) else { return y };
    let diff = (cand - anchor).num_days();
    // A tense cue moves a date to the neighbouring year only when it is well away from the
    // anchor: "payable Dec. 15" written in late October is this December, whatever the verb.
    match dir {
        Direction::Past if diff > 90 => y - 1,
        Direction::Future if diff < -90 => y + 1,
        Direction::Unknown if diff > 183 => y - 1,
        Direction::Unknown if diff < -183 => y + 1,
        _ => y,
    }
}

fn modifier_word(w: Option<&str>) -> Option<&'static str> {
    match &*ascii_lowercase(w?) {
        "early" => Some("START"),
        "mid" | "middle" => Some("MID"),
        "late" => Some("END"),
        _ => None,
    }
}

fn cand(
    span: Span,
    value: String,
    timex_type: TimexType,
    modifier: Option<&'static str>,
    rule: &'static str,
    confidence: f32,
) -> Candidate {
    Candidate { span, value, timex_type, modifier, rule, confidence }
}

fn whole(c: &Caps) -> Span {
    let m = c.get(0).expect("group 0");
    Span::new(m.start(), m.end())
}

/// Number words and digits that can count days, weeks, years…
const COUNT: &str = r"(?:\d+|a\s+hundred|a\s+thousand|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|several|a few|a couple of)";

fn count_value(s: &str) -> Option<String> {
    let s = ascii_lowercase(s);
    match &*s {
        "a" | "an" => Some("1".into()),
        "a couple of" | "couple of" => Some("2".into()),
        _ if s.starts_with("a ") && s.ends_with("hundred") => Some("100".into()),
        _ if s.starts_with("a ") && s.ends_with("thousand") => Some("1000".into()),
        "several" | "a few" => Some("X".into()),
        _ => s.parse::<u32>().ok().map(|n| n.to_string()).or_else(|| small_word(&s).map(|v| (v as u32).to_string())),
    }
}

/// TIMEX3 duration letter for a unit word, and whether it is a time (PT) unit.
fn unit_code(unit: &str) -> Option<(&'static str, bool, u32)> {
    let u = ascii_lowercase(unit);
    let u = u.trim_end_matches('s');
    Some(match u {
        "second" => ("S", true, 1),
        "minute" => ("M", true, 1),
        "hour" => ("H", true, 1),
        "day" => ("D", false, 1),
        "week" | "wk" => ("W", false, 1),
        "month" | "mth" => ("M", false, 1),
        "year" | "yr" => ("Y", false, 1),
        "quarter" => ("Q", false, 1),
        "hr" => ("H", true, 1),
        "decade" => ("Y", false, 10),
        "centurie" | "century" => ("Y", false, 100),
        _ => return None,
    })
}

type Resolver = fn(&Ctx, &Caps) -> Option<Candidate>;

struct Rule {
    name: &'static str,
    /// Words (or digit shapes) every match contains, and how far a match reaches from them:
    /// the rule runs only around them ([`crate::windows`]).
    near: Near,
    regex: Pattern,
    resolve: Resolver,
}

/// Compile a rule. Word boundaries are ASCII-only (`(?-u:\b)`): every pattern is ASCII, and a
/// Unicode `\b` keeps the regex crate off its fast DFA on non-ASCII text (measured: it made the
/// date stage a third of the whole pipeline's time on the news corpus). Digits are ASCII too
/// (`[0-9]` for `\d`): values are read as ASCII numbers, and `\d`'s other scripts' digits
/// made every rule's automaton larger (1.6% of a run's CPU time).
fn rule(name: &'static str, near: Near, pattern: &str, resolve: Resolver) -> Rule {
    let pattern = pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    let regex = Pattern::with_dfa_bytes(&pattern, DFA_CACHE).unwrap_or_else(|e| panic!("rule {name}: {e}"));
    Rule { name, near, regex, resolve }
}

/// Trigger words of the rules that need a month name (any written form, capitalized).
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];
/// The month names that stand alone as dates: the month-bare rule's words and triggers.
#[rustfmt::skip]
const BARE_MONTHS: &[&str] = &[
    "January", "February", "April", "June", "July", "August", "September", "October", "November", "December",
];
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
/// Units of time, as the duration rule writes them.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "second", "seconds", "minute", "minutes", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "wk",
    "wks", "month", "months", "mth", "mths", "year", "years", "yr", "yrs", "decade", "decades", "century",
    "centuries",
];
/// The last words of [`COUNT`] (or its digits), and of "few" and "couple of".
#[rustfmt::skip]
const COUNT_ENDS: &[&str] = &[
    "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "several", "few", "of", "hundred", "thousand",
];
/// The words that may come between a count and its unit in a duration: "and a half" and
/// "1/2" end in "half" or digits, and "three more days", "two business days".
const DURATION_BETWEEN: &[&str] = &["half", "more", "additional", "further", "extra", "trading", "business", "working"];
/// The words of [`COUNT`]: [`COUNT_ENDS`] and the "couple" of "a couple of".
fn count_words() -> impl Iterator<Item = &'static str> {
    COUNT_ENDS.iter().copied().chain(["couple"])
}
/// The words a duration may hold before its unit ([`Near::leads`]): [`count_words`], "the",
/// "and a half" and [`DURATION_BETWEEN`].
static DURATION_LEADS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| count_words().chain(["the", "and", "half"]).chain(DURATION_BETWEEN.iter().copied()).collect());
/// The words "the past two weeks" may hold before its unit: [`count_words`] and the cues.
static PAST_DURATION_LEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let cues = ["the", "past", "last", "next", "coming", "previous", "first", "final", "following"];
    count_words().chain(cues).collect()
});
/// The words "two weeks ago" may hold before "ago": [`count_words`] and the units.
static AGO_LEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let units = ["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"];
    count_words().chain(units).collect()
});
/// The cues of the vague-duration rule ("for months", "in recent years").
const VAGUE_CUES: &[&str] = &["for", "in", "over", "within", "after", "recent", "several", "many"];
/// "early", "mid", "late" before a month, year or decade.
const PHASES: &[&str] = &["early", "mid", "late"];
/// The cues of the month-cue rule ("in March", "late March").
#[rustfmt::skip]
const MONTH_CUES: &[&str] = &[
    "early", "mid", "late", "in", "since", "until", "by", "during", "through", "last", "next", "this", "from",
    "before", "after", "of",
];
/// The cues of the year rule ("in 2016", "fiscal 2016").
#[rustfmt::skip]
const YEAR_CUES: &[&str] = &[
    "early", "mid", "late", "in", "since", "by", "until", "during", "of", "from", "to", "before", "after", "through",
    "fiscal", "year", "between", "and", "for",
];
/// The words a duration's unit comes right after: [`COUNT_ENDS`] and [`DURATION_BETWEEN`].
static DURATION_BEFORE_UNIT: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| COUNT_ENDS.iter().chain(DURATION_BETWEEN).copied().collect());
#[rustfmt::skip]
const PLURAL_UNITS: &[&str] = &["seconds", "minutes", "hours", "days", "weeks", "months", "quarters", "years", "decades"];

/// Where each rule can match; the last entry is for the explicit dates of [`calendar`].
static TRIGGERS: LazyLock<Triggers> = LazyLock::new(|| {
    let mut rules: Vec<Near> = RULES.iter().map(|r| r.near).collect();
    rules.push(near(EXPLICIT_TRIGGERS, 16, 16).with_digits(4));
    Triggers::new(&rules)
});
/// The explicit dates' triggers: a year, or one of [`MONTHS`] (checked by a test).
#[rustfmt::skip]
const EXPLICIT_TRIGGERS: &[&str] = &[
    "#year", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

const WEEKDAY: &str = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
/// Full month names, for rules that take no abbreviations.
const MONTH_NAME: &str = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";

/// Bytes of lazy-DFA cache per rule (per thread). The default (2 MiB) is too small for the
/// larger rules and their union: the cache kept being cleared and rebuilt, which showed as a
/// tenth of the run time in profiles.
const DFA_CACHE: usize = 8 << 20;

/// The rules, one per expression family. Order does not matter: overlaps are settled after.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let m = MONTH_PATTERN;
    vec![
        // "April 12", "12 April", "April 12th" (no year: the year comes from the anchor).
        rule(
            "month-day",
            near(MONTHS, 16, 16).with_digits(1).led_by_words_or_digits(&["of"]),
            &format!(
                r"\b(?P<m>{m})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{m})"
            ),
            |ctx, c| {
                let month = month_number(c.name("m").or(c.name("m2"))?.as_str())?;
                let day: u32 = c.name("d").or(c.name("d2"))?.as_str().parse().ok()?;
                let span = whole(c);
                let value = match ctx.anchor {
                    Some(a) => {
                        let y = infer_year(a, month, day, ctx.direction(span));
                        ymd(NaiveDate::from_ymd_opt(y, month, day)?)
                    }
                    None => {
                        NaiveDate::from_ymd_opt(2000, month, day)?; // a real day of that month
                        format!("XXXX-{month:02}-{day:02}")
                    }
                };
                Some(cand(span, value, TimexType::Date, None, "month-day", 0.9))
            },
        ),
        // "March 2017", "late March 2017", "mid-April of 2016"
        rule(
            "month-year",
            near(MONTHS, 12, 16).with_digits(4).led_by(PHASES),
            &format!(r"\b(?:(?P<mod>early|mid|late|Early|Mid|Late)[- ]?)?(?P<m>{m})\s+(?:of\s+)?(?P<y>\d{{4}})\b"),
            |_, c| {
                let month = month_number(c.name("m")?.as_str())?;
                Some(cand(
                    whole(c),
                    format!("{}-{month:02}", c.name("y")?.as_str()),
                    TimexType::Date,
                    modifier_word(c.name("mod").map(|m| m.as_str())),
                    "month-year",
                    0.9,
                ))
            },
        ),
        // "late March", "in March", "last May": a full month name after a cue (a bare "May" or
        // "March" is more often a name, a verb or a protest than a month).
        rule(
            "month-cue",
            near(MONTHS, 16, 4).following(MONTH_CUES).led_by(MONTH_CUES),
            &format!(
                r"\b(?P<cue>early|mid|late|Early|Mid|Late|in|In|since|Since|until|by|during|through|last|next|this|from|before|after|of)[- ]+(?P<m>{MONTH_NAME})\b"
            ),
            |ctx, c| {
                let month = month_number(c.name("m")?.as_str())?;
                let cue = c.name("cue")?.as_str();
                let modifier = modifier_word(Some(cue));
                let keep_cue = modifier.is_some() || matches!(cue, "last" | "next" | "this");
                let span = if keep_cue { whole(c) } else { Span::new(c.name("m")?.start(), c.name("m")?.end()) };
                let dir = match cue {
                    "last" | "since" => Direction::Past,
                    "next" | "until" => Direction::Future,
                    _ => ctx.direction(span),
                };
                let value = match ctx.anchor {
                    // "last December" is never ahead, "next May" never behind, "this September"
                    // is this year's.
                    Some(a) => {
                        let year = match cue {
                            // "last February" said in March is a year back: the month just
                            // gone would be "last month".
                            "last" if month + 1 >= a.month() => a.year() - 1,
                            "next" if month <= a.month() => a.year() + 1,
                            "last" | "next" | "this" => a.year(),
                            _ => infer_year(a, month, 15, dir),
                        };
                        format!("{year}-{month:02}")
                    }
                    None => format!("XXXX-{month:02}"),
                };
                Some(cand(span, value, TimexType::Date, modifier, "month-cue", 0.8))
            },
        ),
        // US numeric dates: "04/07/2017", "4/7/17".
        rule(
            "numeric",
            near(&["#slash"], 4, 12).led_by_words_or_digits(&[]),
            r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
            |_, c| {
                let (mo, d): (u32, u32) = (c.name("a")?.as_str().parse().ok()?, c.name("b")?.as_str().parse().ok()?);
                let ys = c.name("y")?.as_str();
                let y: i32 = if ys.len() == 2 {
                    let v: i32 = ys.parse().ok()?;
                    if v < 50 {
                        2000 + v
                    } else {
                        1900 + v
                    }
                } else {
                    ys.parse().ok()?
                };
                Some(cand(whole(c), ymd(NaiveDate::from_ymd_opt(y, mo, d)?), TimexType::Date, None, "numeric", 0.85))
            },
        ),
        // Years after a cue: "in 2016", "early 2016", "fiscal 2016". Bare four-digit numbers are
        // too often counts ("1990 votes") to be years without one.
        rule(
            "year",
            near(&["#year"], 16, 4).following(YEAR_CUES).led_by(YEAR_CUES),
            r"\b(?:(?P<mod>early|mid|late|Early|Mid|Late)[- ]|(?P<cue>in|In|since|Since|by|until|during|of|from|to|before|after|through|fiscal|Fiscal|year|between|and|for)\s+)(?P<y>1[89]\d\d|20\d\d)\b(?P<next>[,.]\d)?",
            |_, c| {
                if c.name("next").is_some() {
                    return None; // "in 2,017" is not a year
                }
                let y = c.name("y")?;
                let modifier = modifier_word(c.name("mod").map(|m| m.as_str()));
                // "fiscal 1989" names a (fiscal) year as a whole: the cue is part of it.
                let fiscal = c.name("cue").is_some_and(|m| m.as_str().eq_ignore_ascii_case("fiscal"));
                let span = if modifier.is_some() || fiscal { whole(c) } else { Span::new(y.start(), y.end()) };
                Some(cand(span, y.as_str().to_string(), TimexType::Date, modifier, "year", 0.8))
            },
        ),
        // Centuries: "the 20th century" (19), "the 11th-century temple" (10).
        rule(
            "century",
            near(&["century"], 16, 4).led_by_words_or_digits(&["the"]),
            r"(?i)\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b",
            |_, c| {
                let n: u32 = c.name("n")?.as_str().parse().ok()?;
                (1..=30)
                    .contains(&n)
                    .then(|| cand(whole(c), format!("{:02}", n - 1), TimexType::Date, None, "century", 0.85))
            },
        ),
        // Decades: "the 1990s", "the early 2000s".
        rule(
            "decade",
            near(&["#decade"], 12, 4).led_by(PHASES),
            r"\b(?:(?P<mod>early|mid|late)[- ])?(?P<d>1[89]\d|20\d)0s\b",
            |_, c| {
                Some(cand(
                    whole(c),
                    c.name("d")?.as_str().to_string(),
                    TimexType::Date,
                    modifier_word(c.name("mod").map(|m| m.as_str())),
                    "decade",
                    0.85,
                ))
            },
        ),
        // Decades in words or short: "the nineties", "the late '80s" (the twentieth century's;
        // "in their sixties" is an age, so "the" is needed).
        rule(
            "decade-word",
            near(
                &[
                    "twenties",
                    "thirties",
                    "forties",
                    "fifties",
                    "sixties",
                    "seventies",
                    "eighties",
                    "nineties",
                    "20s",
                    "30s",
                    "40s",
                    "50s",
                    "60s",
                    "70s",
                    "80s",
                    "90s",
                ],
                24,
                4,
            )
            .led_by(&["the", "early", "mid", "late"]),
            r"(?i)\bthe\s+(?:(?P<mod>early|mid|late)[- ])?(?:(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)|['’](?P<d>[2-9])0s)\b",
            |_, c| {
                let digit = match c.name("w") {
                    Some(w) => match &ascii_lowercase(w.as_str())[..3] {
                        "twe" => '2',
                        "thi" => '3',
                        "for" => '4',
                        "fif" => '5',
                        "six" => '6',
                        "sev" => '7',
                        "eig" => '8',
                        _ => '9',
                    },
                    None => c.name("d")?.as_str().chars().next()?,
                };
                Some(cand(
                    whole(c),
                    format!("19{digit}"),
                    TimexType::Date,
                    modifier_word(c.name("mod").map(|m| m.as_str())),
                    "decade-word",
                    0.75,
                ))
            },
        ),
        // The second day of "April 24 and 25": the first one's month and year.
        rule(
            "day-list",
            near(MONTHS, 0, 24).with_digits(1).led_by(&[]),
            &format!(
                r"\b(?P<m>{m})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:and|or)\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b"
            ),
            |ctx, c| {
                let d2 = c.name("d2")?;
                // Not "on April 24 and 25 people died", "on Feb 27 and 7-3/4 pct on March 3".
                let rest = &ctx.doc.text()[d2.end()..];
                let ends = rest.is_empty()
                    || rest.starts_with([',', ';', ':', ')'])
                    || rest.strip_prefix('.').is_some_and(|r| !r.starts_with(|ch: char| ch.is_ascii_digit()))
                    || (rest.starts_with(char::is_whitespace) && followed_by_end_of_phrase(ctx.doc, d2.end()));
                if !ends {
                    return None;
                }
                let month = month_number(c.name("m")?.as_str())?;
                let (d1, day): (u32, u32) = (c.name("d1")?.as_str().parse().ok()?, d2.as_str().parse().ok()?);
                let value = match ctx.anchor {
                    Some(a) => {
                        ymd(NaiveDate::from_ymd_opt(infer_year(a, month, d1, ctx.direction(whole(c))), month, day)?)
                    }
                    None => {
                        NaiveDate::from_ymd_opt(2000, month, day)?;
                        format!("XXXX-{month:02}-{day:02}")
                    }
                };
                Some(cand(Span::new(d2.start(), d2.end()), value, TimexType::Date, None, "day-list", 0.8))
            },
        ),
        // Weekdays with an optional cue and part of day: "Thursday", "last Friday", "Monday morning".
        rule(
            "weekday",
            near(WEEKDAYS, 20, 16).led_by(&["last", "next", "this", "coming"]),
            &format!(
                r"\b(?:(?P<cue>last|next|this|Last|Next|This)\s+)?(?P<coming>coming\s+)?(?P<w>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b(?P<after>\s+[A-Z][a-z])?"
            ),
            |ctx, c| {
                if c.name("after").is_some() && c.name("part").is_none() {
                    // "Sunday Times", "Monday Night Football": a name, not a date.
                    let rest = &ctx.doc.text()[c.name("after")?.start()..];
                    let next_word: String = rest.trim_start().chars().take_while(|ch| ch.is_alphabetic()).collect();
                    // ("his Sunday Mass", "their Friday Prayers": a possessive pronoun makes it
                    // the day's event, not a title; "Scotland's Sunday Live" stays a title.)
                    let owned = preceded_by(
                        ctx.doc,
                        c.name("w")?.start(),
                        &["his", "her", "their", "its", "our", "my", "your"],
                    );
                    if month_number(&next_word).is_none()
                        && !owned
                        && !matches!(next_word.as_str(), "The" | "A" | "He" | "She" | "It" | "They" | "We" | "I")
                    {
                        return None;
                    }
                }
                let wd = weekday_number(c.name("w")?.as_str())?;
                let part = c.name("part");
                let end = part.map_or(c.name("w")?.end(), |p| p.end());
                let span = Span::new(c.get(0)?.start(), end);
                let dir = match c.name("cue").map(|m| ascii_lowercase(m.as_str())) {
                    Some(ref s) if s == "last" => Direction::Past,
                    Some(ref s) if s == "next" => Direction::Future,
                    // "this coming Sunday", "the coming Monday"
                    _ if c.name("coming").is_some() => Direction::Future,
                    // "Wednesday's ruling", "Saturday night's debate": a day spoken of as done.
                    _ if ctx.doc.text()[end..].starts_with("'s") || ctx.doc.text()[end..].starts_with("\u{2019}s") => {
                        Direction::Past
                    }
                    _ => ctx.direction(span),
                };
                let date = match ctx.anchor {
                    Some(a) => {
                        let today = a.weekday().num_days_from_monday() as i64;
                        let target = wd as i64;
                        let offset = match dir {
                            Direction::Future => {
                                let o = (target - today).rem_euclid(7);
                                if o == 0 && c.name("cue").is_some() {
                                    7
                                } else {
                                    o
                                }
                            }
                            _ => {
                                let o = (today - target).rem_euclid(7);
                                -(if o == 0 && c.name("cue").is_some() { 7 } else { o })
                            }
                        };
                        ymd(a + Duration::days(offset))
                    }
                    None => format!("XXXX-WXX-{}", wd + 1),
                };
                Some(match part.map(|p| p.as_str()) {
                    Some(p) => cand(span, format!("{date}T{}", part_of_day(p)), TimexType::Time, None, "weekday", 0.9),
                    None => cand(span, date, TimexType::Date, None, "weekday", 0.9),
                })
            },
        ),
        // Days relative to the document date.
        rule(
            "relative-day",
            near(&["today", "yesterday", "tomorrow", "tonight", "night", "morning", "afternoon", "evening"], 16, 16)
                .led_by(&["last", "this", "yesterday", "tomorrow"]),
            r"(?i)\b(?P<w>today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening)|(?:yesterday|tomorrow) (?:morning|afternoon|evening|night))\b",
            |ctx, c| {
                let w = ascii_lowercase(c.name("w")?.as_str());
                let (offset, part) = match &*w {
                    "today" => (0, None),
                    "yesterday" => (-1, None),
                    "tomorrow" => (1, None),
                    "tonight" => (0, Some("NI")),
                    "last night" => (-1, Some("NI")),
                    _ => {
                        let (day, p) = w.split_once(' ')?;
                        (
                            match day {
                                "yesterday" => -1,
                                "tomorrow" => 1,
                                _ => 0,
                            },
                            Some(part_of_day(p)),
                        )
                    }
                };
                let date = ctx.anchor.map_or_else(|| "XXXX-XX-XX".to_string(), |a| ymd(a + Duration::days(offset)));
                Some(match part {
                    Some(p) => cand(whole(c), format!("{date}T{p}"), TimexType::Time, None, "relative-day", 0.9),
                    None => cand(whole(c), date, TimexType::Date, None, "relative-day", 0.9),
                })
            },
        ),
        // Periods relative to the document date: "next week", "last month", "this year".
        rule(
            "relative-period",
            near(&["week", "weekend", "month", "quarter", "year", "decade", "century"], 16, 4)
                .following(&["next", "last", "this", "coming", "previous", "current", "past"])
                .led_by(&["next", "last", "this", "coming", "previous", "current", "the", "past"]),
            r"(?i)\b(?P<cue>next|last|this|coming|previous|current|the past|the coming)\s+(?P<u>week|weekend|month|quarter|year|decade|century)\b",
            |ctx, c| {
                let cue = ascii_lowercase(c.name("cue")?.as_str());
                let unit = ascii_lowercase(c.name("u")?.as_str());
                if cue == "the past" || cue == "the coming" {
                    let (code, _, mult) = unit_code(&unit).unwrap_or(("W", false, 1));
                    let (n, code) = if unit == "quarter" {
                        (3, "M")
                    } else if unit == "weekend" {
                        (2, "D")
                    } else {
                        (mult, code)
                    };
                    return Some(cand(
                        whole(c),
                        format!("P{n}{code}"),
                        TimexType::Duration,
                        None,
                        "relative-period",
                        0.8,
                    ));
                }
                let step: i64 = match &*cue {
                    "next" | "coming" => 1,
                    "last" | "previous" => -1,
                    _ => 0,
                };
                let Some(a) = ctx.anchor else {
                    return Some(cand(whole(c), "XXXX".into(), TimexType::Date, None, "relative-period", 0.6));
                };
                let value = match &*unit {
                    "week" => iso_week(a + Duration::weeks(step)),
                    "weekend" => format!("{}-WE", iso_week(a + Duration::weeks(step))),
                    "month" => {
                        let d = shift_months(a, step)?;
                        format!("{:04}-{:02}", d.year(), d.month())
                    }
                    "quarter" => {
                        let d = shift_months(a, 3 * step)?;
                        format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
                    }
                    "year" => format!("{:04}", a.year() as i64 + step),
                    "decade" => format!("{:03}", (a.year() as i64 / 10) + step),
                    _ => format!("{:02}", (a.year() as i64 / 100) + step),
                };
                Some(cand(whole(c), value, TimexType::Date, None, "relative-period", 0.9))
            },
        ),
        // "two days ago", "a year earlier", "three weeks later", counted from the document date.
        rule(
            "ago",
            near(&["ago", "earlier", "later"], 32, 4)
                .following(&["day", "days", "week", "weeks", "month", "months", "year", "years", "decade", "decades"])
                .led_by_words_or_digits(&AGO_LEADS),
            &format!(
                r"(?i)\b(?P<n>{COUNT})\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+(?P<dir>ago|earlier|later)\b"
            ),
            |ctx, c| {
                let n = count_value(c.name("n")?.as_str())?;
                let unit = ascii_lowercase(c.name("u")?.as_str());
                let sign: i64 = if c.name("dir")?.as_str().eq_ignore_ascii_case("later") { 1 } else { -1 };
                let (Some(a), Ok(n)) = (ctx.anchor, n.parse::<i64>()) else {
                    // "a few days later": a span of unknown length after some event.
                    if sign > 0 || !c.name("dir")?.as_str().eq_ignore_ascii_case("ago") {
                        let (code, _, _) = unit_code(&unit)?;
                        return Some(cand(whole(c), format!("PX{code}"), TimexType::Duration, None, "ago", 0.6));
                    }
                    return Some(cand(whole(c), "PAST_REF".into(), TimexType::Date, None, "ago", 0.6));
                };
                let value = match unit.trim_end_matches('s') {
                    "day" => ymd(a + Duration::days(sign * n)),
                    "week" => iso_week(a + Duration::weeks(sign * n)),
                    "month" => {
                        let d = shift_months(a, sign * n)?;
                        format!("{:04}-{:02}", d.year(), d.month())
                    }
                    "year" => format!("{:04}", a.year() as i64 + sign * n),
                    _ => format!("{:03}", (a.year() as i64 + sign * 10 * n) / 10),
                };
                Some(cand(whole(c), value, TimexType::Date, None, "ago", 0.85))
            },
        ),
        // Durations: "three years", "48 hours", "a decade", "six-month".
        rule(
            "duration",
            near(UNITS, 40, 24)
                .following_words_or_digits(&DURATION_BEFORE_UNIT)
                .led_by_words_or_digits(&DURATION_LEADS),
            &format!(
                r"(?i)\b(?:the\s+)?(?P<n>{COUNT})(?P<half>\s+1/2|\s+and\s+a\s+half)?(?:\s+(?P<extra>more|additional|further|extra|trading|business|working))?[\s-]+(?P<u>seconds?|minutes?|hours?|hrs?|days?|weeks?|wks?|months?|mths?|years?|yrs?|decades?|centuries|century)(?P<and_half>\s+and\s+a\s+half)?\b(?P<old>-old|\s+old)?"
            ),
            |ctx, c| {
                if c.name("old").is_some() {
                    return None; // "a 6-year-old boy" is an age
                }
                let count = ascii_lowercase(c.name("n")?.as_str());
                let unit = ascii_lowercase(c.name("u")?.as_str());
                // "two business days", but "the 1986/87 business year" is a fiscal year.
                let kind_of_day = c
                    .name("extra")
                    .is_some_and(|m| matches!(&*ascii_lowercase(m.as_str()), "trading" | "business" | "working"));
                if kind_of_day && !unit.starts_with("day") {
                    return None;
                }
                // "a second group", "a second betrayal": an ordinal, not a span of time.
                if unit == "second"
                    && matches!(&*count, "a" | "one")
                    && !followed_by_end_of_phrase(ctx.doc, c.get(0)?.end())
                {
                    return None;
                }
                // "Islam will one day be...", "he one day would": some day ahead, not a day long.
                if unit == "day" && count == "one" && c.get(0)?.as_str().len() == "one day".len() {
                    let before = preceded_by(
                        ctx.doc,
                        c.get(0)?.start(),
                        &[
                            "will", "would", "could", "may", "might", "can", "should", "he", "she", "they", "we", "i",
                            "it", "you",
                        ],
                    );
                    if before {
                        return Some(cand(whole(c), "FUTURE_REF".into(), TimexType::Date, None, "duration", 0.6));
                    }
                }
                let n = count_value(c.name("n")?.as_str())?;
                let (code, time, mult) = unit_code(c.name("u")?.as_str())?;
                // "2 1/2 years" → P2Y6M, "a minute and a half" → PT1M30S.
                if c.name("half").is_some() || c.name("and_half").is_some() {
                    let whole_units: u32 = n.parse().ok()?;
                    let n = whole_units * mult;
                    let value = match (code, time) {
                        ("Y", false) => format!("P{n}Y{}M", 6 * mult),
                        ("M", false) => format!("P{n}M15D"),
                        ("D", false) => format!("P{n}DT12H"),
                        ("H", true) => format!("PT{n}H30M"),
                        ("M", true) => format!("PT{n}M30S"),
                        _ => return None,
                    };
                    let span = Span::new(c.get(0)?.start(), c.name("and_half").or(c.name("u"))?.end());
                    return Some(cand(span, value, TimexType::Duration, None, "duration", 0.8));
                }
                let span = Span::new(c.get(0)?.start(), c.name("u")?.end());
                let n = match n.parse::<u32>() {
                    Ok(v) => (v * mult).to_string(),
                    Err(_) => n,
                };
                let value = if time { format!("PT{n}{code}") } else { format!("P{n}{code}") };
                // "$500 million a year", "four flights a week": a rate, so a set (TIMEX3 SET).
                let rate = matches!(&*count, "a" | "an") && after_an_amount(ctx.doc, c.get(0)?.start());
                let timex_type = if rate { TimexType::Set } else { TimexType::Duration };
                Some(cand(span, value, timex_type, None, "duration", 0.8))
            },
        ),
        // Sets: "every Monday", "each year", "annually".
        rule(
            "set",
            near(&["every", "each", "annually", "yearly", "monthly", "weekly", "daily", "hourly"], 4, 12).led_by(&[]),
            &format!(
                r"(?i)\b(?:(?:every|each)\s+(?P<u>day|week|month|quarter|year|(?-i:{WEEKDAY})|(?-i:{MONTH_NAME}))|(?P<adv>annually|yearly|monthly|weekly|daily|hourly))\b"
            ),
            |_, c| {
                let value = if let Some(u) = c.name("u") {
                    match (weekday_number(u.as_str()), month_number(u.as_str())) {
                        (Some(wd), _) => format!("XXXX-WXX-{}", wd + 1),
                        // "each July": every July, of no one year.
                        (_, Some(m)) => format!("XXXX-{m:02}"),
                        _ => format!("P1{}", unit_code(u.as_str())?.0),
                    }
                } else {
                    match &*ascii_lowercase(c.name("adv")?.as_str()) {
                        "annually" | "yearly" => "P1Y",
                        "monthly" => "P1M",
                        "weekly" => "P1W",
                        "daily" => "P1D",
                        _ => "PT1H",
                    }
                    .to_string()
                };
                Some(cand(whole(c), value, TimexType::Set, None, "set", 0.85))
            },
        ),
        // Reference points: "now", "the future", "recent years".
        rule(
            "reference",
            near(
                &[
                    "now",
                    "currently",
                    "nowadays",
                    "recently",
                    "future",
                    "past",
                    "recent",
                    "present",
                    "term",
                    "days",
                    "date",
                ],
                16,
                8,
            )
            .led_by(&[
                "the",
                "near",
                "distant",
                "immediate",
                "short",
                "long",
                "recent",
                "at",
                "these",
                "a",
                "later",
                "future",
            ]),
            r"(?i)\b(?P<w>now|currently|nowadays|recently|the (?:(?:near|distant|immediate)\s+)?future|the (?:near|short|long) term|the past|recent (?:years|months|weeks|days)|at present|these days|a (?:later|future) date)\b",
            |ctx, c| {
                let w = ascii_lowercase(c.name("w")?.as_str());
                // "the short term" as a noun, not as an adjective ("the long term debt").
                if w.ends_with("term") && !followed_by_end_of_phrase(ctx.doc, c.get(0)?.end()) {
                    return None;
                }
                let value = if w.ends_with("future") || w.ends_with("term") || w.ends_with("date") {
                    "FUTURE_REF"
                } else if w.starts_with("recent") || w == "the past" {
                    "PAST_REF"
                } else {
                    "PRESENT_REF"
                };
                Some(cand(whole(c), value.into(), TimexType::Date, None, "reference", 0.7))
            },
        ),
        // Clock times: "3 p.m.", "10:30 am", "15:30", "noon", "midnight".
        rule(
            "time",
            near(&["#colon", "~am", "~pm", "~a.m", "~p.m", "noon", "midday", "midnight"], 12, 12)
                .led_by_words_or_digits(&[]),
            r"(?i)\b(?:(?P<h>\d{1,2})(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|(?P<word>noon|midday|midnight)\b)",
            |ctx, c| {
                let (h, mi) = if let Some(w) = c.name("word") {
                    (if w.as_str().eq_ignore_ascii_case("midnight") { 24 } else { 12 }, 0)
                } else if let Some(h) = c.name("h") {
                    let mut h: u32 = h.as_str().parse().ok()?;
                    if !(1..=12).contains(&h) {
                        return None;
                    }
                    let pm = ascii_lowercase(c.name("ap")?.as_str()).starts_with('p');
                    if pm && h != 12 {
                        h += 12
                    } else if !pm && h == 12 {
                        h = 0
                    }
                    (h, c.name("mi").map_or(Some(0), |m| m.as_str().parse().ok())?)
                } else {
                    (c.name("h24")?.as_str().parse().ok()?, c.name("m24")?.as_str().parse().ok()?)
                };
                let date = ctx.anchor.map_or_else(|| "XXXX-XX-XX".to_string(), ymd);
                Some(cand(whole(c), format!("{date}T{h:02}:{mi:02}"), TimexType::Time, None, "time", 0.85))
            },
        ),
        // Quarters: "the third quarter", "third-quarter", "Q3 2016", "first quarter of 2015". Without a
        // year, a quarter later than the document's own is last year's (results are reported after).
        rule(
            "quarter",
            near(&["quarter", "q1", "q2", "q3", "q4"], 48, 16).led_by_words_or_digits(&[
                "the", "year", "ago", "earlier", "before", "prior", "last", "this", "next", "s", "fiscal", "calendar",
                "first", "second", "third", "fourth",
            ]),
            r"(?i)\b(?:the\s+)?(?:(?P<y0>\d{4})\s+|(?P<rel>year-ago|year-earlier|year-before|prior-year|(?:last|this|next)\s+year's)\s+)?(?:(?:fiscal|calendar)\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|(?-i:Q)(?P<q>[1-4]))(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b",
            |ctx, c| {
                let q: u32 = match c.name("q") {
                    Some(q) => q.as_str().parse().ok()?,
                    None => match &*ascii_lowercase(c.name("ord")?.as_str()) {
                        "first" | "1st" => 1,
                        "second" | "2nd" => 2,
                        "third" | "3rd" => 3,
                        _ => 4,
                    },
                };
                let rel = c.name("rel").map(|r| ascii_lowercase(r.as_str()));
                let year = match (c.name("y").or(c.name("y0")), ctx.anchor, rel.as_deref()) {
                    (Some(y), _, _) => y.as_str().to_string(),
                    (None, Some(a), Some(r)) if r.starts_with("next") => (a.year() + 1).to_string(),
                    (None, Some(a), Some(r)) if r.starts_with("this") => a.year().to_string(),
                    (None, Some(a), Some(_)) => (a.year() - 1).to_string(),
                    (None, Some(a), None) => (a.year() - i32::from(q > quarter_of(a))).to_string(),
                    (None, None, _) => "XXXX".into(),
                };
                // "the third-quarter loss": a hyphenated quarter is an adjective; "the" is not part of it.
                let mut span = whole(c);
                if c.get(0)?.as_str().contains("-quarter") && c.name("rel").is_none() && c.name("y0").is_none() {
                    span.start = c.name("ord")?.start();
                }
                Some(cand(span, format!("{year}-Q{q}"), TimexType::Date, None, "quarter", 0.85))
            },
        ),
        // Periods named by reference to the document's own: "the year", "the latest quarter",
        // "the year-ago period", "the weekend". A reporting period is the last full quarter.
        rule(
            "the-period",
            near(&["quarter", "period", "year", "week", "month", "weekend"], 32, 4)
                .following(&["the", "latest", "current", "fiscal", "ago", "earlier", "full", "same"])
                .led_by(&[
                    "the",
                    "latest",
                    "current",
                    "fiscal",
                    "year",
                    "ago",
                    "earlier",
                    "comparable",
                    "full",
                    "same",
                ]),
            r"(?i)\bthe\s+(?P<mod>latest|current(?:\s+fiscal)?|year-ago|year-earlier|comparable\s+year-ago|full|fiscal|same)?\s*(?P<u>quarter|period|year|week|month|weekend)\b",
            |ctx, c| {
                if ctx.doc.text()[c.get(0)?.end()..].starts_with('-') {
                    return None; // "the year-ago quarter" is not "the year"
                }
                let m = c.name("mod").map(|m| ascii_lowercase(m.as_str()));
                let unit = ascii_lowercase(c.name("u")?.as_str());
                let a = ctx.anchor;
                let value = match (&*unit, m.as_deref()) {
                    ("period", None | Some("same" | "full" | "fiscal")) | (_, Some("same")) => return None,
                    ("quarter" | "period", Some(m)) if m.starts_with("current") => {
                        a.map(|a| format!("{}-Q{}", a.year(), quarter_of(a)))
                    }
                    ("quarter" | "period", Some(m)) if m.contains("year-") => a.map(|a| {
                        let (y, q) = last_full_quarter(a);
                        format!("{}-Q{q}", y - 1)
                    }),
                    ("quarter" | "period", _) => a.map(|a| {
                        let (y, q) = last_full_quarter(a);
                        format!("{y}-Q{q}")
                    }),
                    ("year", Some(m)) if m.contains("year-") => a.map(|a| (a.year() - 1).to_string()),
                    // "the current (fiscal) year": this one, whatever the tense.
                    ("year", Some(m)) if m.starts_with("current") => a.map(|a| a.year().to_string()),
                    // "the full year" names the year as a whole: when, whatever comes before.
                    ("year", Some("full")) => a.map(|a| a.year().to_string()),
                    // "the year ended March 31", "for the year", "over the fiscal year": how
                    // long, not when.
                    // ("a high for the year", "a record for the year": the year's, when.)
                    ("year", _)
                        if (followed_by_word(ctx.doc, c.get(0)?.end(), &["ended", "ending"])
                            || preceded_by(
                                ctx.doc,
                                c.get(0)?.start(),
                                &["for", "over", "during", "throughout", "through"],
                            ))
                            && !superlative_for(ctx.doc, c.get(0)?.start()) =>
                    {
                        return Some(cand(whole(c), "P1Y".into(), TimexType::Duration, None, "the-period", 0.7));
                    }
                    ("year", _) => a.map(|a| a.year().to_string()),
                    (_, Some(_)) => return None,
                    ("week", None) => a.map(iso_week),
                    ("month", None) => a.map(|a| format!("{:04}-{:02}", a.year(), a.month())),
                    // The weekend just past, or on a weekday the coming one where the tense
                    // looks ahead ("ahead of the weekend", "will meet over the weekend").
                    ("weekend", None) => a.map(|a| {
                        let weekday = a.weekday().num_days_from_monday() as i64;
                        if weekday < 5 && ctx.direction(whole(c)) == Direction::Future {
                            return format!("{}-WE", iso_week(a));
                        }
                        let back = (weekday - 5).rem_euclid(7);
                        format!("{}-WE", iso_week(a - Duration::days(back)))
                    }),
                    _ => return None,
                };
                Some(cand(whole(c), value.unwrap_or_else(|| "XXXX".into()), TimexType::Date, None, "the-period", 0.7))
            },
        ),
        // "year-ago", "year-earlier" as adjectives ("the year-ago results"): the same reporting
        // quarter a year before.
        rule(
            "year-ago",
            near(&["year-ago", "year-earlier"], 4, 4).led_by(&[]),
            r"(?i)\b(?:year-ago|year-earlier)\b",
            |ctx, c| {
                let value = ctx.anchor.map_or_else(
                    || "XXXX".to_string(),
                    |a| {
                        let (y, q) = last_full_quarter(a);
                        format!("{}-Q{q}", y - 1)
                    },
                );
                Some(cand(whole(c), value, TimexType::Date, None, "year-ago", 0.6))
            },
        ),
        // A year on its own: "in 1990", "1995 and 1997". Not an amount ("$1990", "1990 votes"),
        // not part of a number ("1990.5", "2,017"), not a range or code ("1990-91" is kept whole).
        rule("bare-year", near(&["#year"], 4, 4).led_by(&[]), r"\b(?P<y>1[89]\d\d|20\d\d)\b", |ctx, c| {
            let y = c.name("y")?;
            let doc = ctx.doc;
            let i = doc.token_starting_at(y.start())?;
            if doc.tokens[i].end != y.end() {
                return None;
            }
            // A citation ("Smith et al., 2009", "(Jones, 1998)") names a publication, not a time.
            if i >= 2 && doc.token_text(i - 1) == "," && {
                let name = doc.token_text(i - 2);
                name == "al."
                    || (name.starts_with(char::is_uppercase)
                        && doc.tokens.get(i + 1).is_some_and(|_| matches!(doc.token_text(i + 1), ")" | ";" | "]")))
            } {
                return None;
            }
            if i > 0 {
                let prev = doc.token_text(i - 1);
                let joined = doc.tokens[i - 1].end == y.start();
                if matches!(prev, "$" | "£" | "€" | "¥" | "#" | "No." | "number" | "No")
                    || (joined && !matches!(prev, "(" | "\"" | "“"))
                {
                    return None;
                }
            }
            // After a determiner a year is an adjective ("the 1956 uprising", "its 1988 results").
            let determiner = i > 0
                && matches!(
                    &*ascii_lowercase(doc.token_text(i - 1)),
                    "the" | "a" | "its" | "his" | "her" | "their" | "our" | "'s" | "’s" | "that" | "this"
                );
            if let Some(next) = doc.tokens.get(i + 1) {
                let w = doc.token_text(i + 1);
                let joined = next.start == y.end();
                let lower_word = w.chars().next().is_some_and(char::is_lowercase);
                if (joined && !matches!(w, "," | "." | ")" | "\"" | "”" | "'s" | "’s" | ";" | ":"))
                    || (lower_word && !determiner && !YEAR_FOLLOWERS.contains(&w))
                    || matches!(w, "%" | "percent")
                {
                    return None;
                }
            }
            Some(cand(Span::new(y.start(), y.end()), y.as_str().to_string(), TimexType::Date, None, "bare-year", 0.7))
        }),
        // A full month name on its own ("in October", "October's figures"). "May" and "March" need
        // a cue or a day or year (see month-cue): alone they are more often a name, a verb, a protest.
        rule(
            "month-bare",
            near(BARE_MONTHS, 4, 4).led_by(&[]),
            &format!(r"\b(?P<m>{})\b", BARE_MONTHS.join("|")),
            |ctx, c| {
                let m = c.name("m")?;
                let month = month_number(m.as_str())?;
                let span = Span::new(m.start(), m.end());
                let value = match ctx.anchor {
                    Some(a) => format!("{}-{month:02}", infer_year(a, month, 15, ctx.direction(span))),
                    None => format!("XXXX-{month:02}"),
                };
                Some(cand(span, value, TimexType::Date, None, "month-bare", 0.7))
            },
        ),
        // "the past two months", "the next few years", "the last 20 years": spans of time.
        rule(
            "past-duration",
            near(PLURAL_UNITS, 32, 4)
                .following_words_or_digits(COUNT_ENDS)
                .led_by_words_or_digits(&PAST_DURATION_LEADS),
            &format!(
                r"(?i)\b(?:the\s+)?(?:past|last|next|coming|previous|first|final|following)\s+(?P<n>{COUNT}|few|couple\s+of)\s+(?P<u>seconds|minutes|hours|days|weeks|months|quarters|years|decades)\b"
            ),
            |ctx, c| {
                // "the first two quarters of 1990" is that year's first half (the half rule's).
                let rest = ctx.doc.text()[c.get(0)?.end()..].trim_start();
                if c.name("u")?.as_str().eq_ignore_ascii_case("quarters")
                    && rest
                        .strip_prefix("of")
                        .is_some_and(|r| r.trim_start().starts_with(|ch: char| ch.is_ascii_digit()))
                {
                    return None;
                }
                let n = match &*ascii_lowercase(c.name("n")?.as_str()) {
                    "few" => "X".to_string(),
                    other => count_value(other)?,
                };
                let (code, time, mult) = unit_code(c.name("u")?.as_str())?;
                let n = n.parse::<u32>().map_or(n, |v| (v * mult).to_string());
                let value = if time { format!("PT{n}{code}") } else { format!("P{n}{code}") };
                Some(cand(whole(c), value, TimexType::Duration, None, "past-duration", 0.8))
            },
        ),
        // "for weeks", "in years": a plural unit alone is an unspecified span (PXW, PXY).
        rule(
            "vague-duration",
            near(PLURAL_UNITS, 12, 4).following(VAGUE_CUES).led_by(VAGUE_CUES),
            r"(?i)\b(?:for|in|over|within|after|recent|several|many)\s+(?P<u>minutes|hours|days|weeks|months|quarters|years|decades)\b",
            |_, c| {
                let u = c.name("u")?;
                let (code, time, _) = unit_code(u.as_str())?;
                let value = if time { format!("PTX{code}") } else { format!("PX{code}") };
                Some(cand(Span::new(u.start(), u.end()), value, TimexType::Duration, None, "vague-duration", 0.6))
            },
        ),
        // Halves of a year: "the second half of 1989", "the first two quarters of 1990", "the
        // first half of next year". (Not "the first half" alone: a game's or a month's half.)
        rule(
            "half",
            near(&["half", "quarters"], 24, 24).led_by(&["the", "first", "second", "last", "latter", "final", "two"]),
            r"(?i)\bthe\s+(?P<which>first|second|last|latter|final)\s+(?:half|two\s+quarters)\s+of\s+(?:(?:fiscal\s+)?(?P<y>1[89]\d\d|20\d\d)\b|(?P<rel>the|this|next|last)\s+year\b)",
            |ctx, c| {
                let h = if c.name("which")?.as_str().eq_ignore_ascii_case("first") { 1 } else { 2 };
                let year = match (c.name("y"), ctx.anchor) {
                    (Some(y), _) => y.as_str().to_string(),
                    (None, Some(a)) => match &*ascii_lowercase(c.name("rel")?.as_str()) {
                        "next" => a.year() + 1,
                        "last" => a.year() - 1,
                        _ => a.year(),
                    }
                    .to_string(),
                    (None, None) => "XXXX".into(),
                };
                Some(cand(whole(c), format!("{year}-H{h}"), TimexType::Date, None, "half", 0.8))
            },
        ),
        // A part of the day named alone: "in the morning", "by mid afternoon" — of the document's
        // day ("mid-afternoon yesterday": of yesterday, in `compounds`).
        rule(
            "part-of-day",
            near(&["morning", "afternoon", "evening"], 16, 4)
                .led_by(&["in", "during", "by", "the", "mid", "early", "late"]),
            r"(?i)\b(?:(?:in|during|by)\s+(?P<the>the\s+(?P<p>morning|afternoon|evening))|(?P<mid>mid|early|late)[- ]?(?P<p2>morning|afternoon|evening))\b",
            |ctx, c| {
                let (span, part) = match (c.name("the"), c.name("p"), c.name("p2")) {
                    // ("at 4 in the morning" is a clock time of its own.)
                    (Some(the), Some(p), _) if !after_a_number(ctx.doc, c.get(0)?.start()) => {
                        (Span::new(the.start(), the.end()), p)
                    }
                    // ("an early morning show" is any morning.)
                    (_, _, Some(p2)) if !preceded_by(ctx.doc, c.get(0)?.start(), &["a", "an"]) => (whole(c), p2),
                    _ => return None,
                };
                let day = ctx.anchor.map_or_else(|| "XXXX-XX-XX".to_string(), ymd);
                let code = part_of_day(&ascii_lowercase(part.as_str()));
                Some(cand(span, format!("{day}T{code}"), TimexType::Time, None, "part-of-day", 0.6))
            },
        ),
        // "the weeks ahead", "in coming months": spans of time still to come, of unknown length.
        // ("12 months ahead" is twelve months: the duration rule's.)
        rule(
            "ahead",
            near(&["ahead", "coming"], 20, 12).led_by(&["the", "days", "weeks", "months", "years"]),
            r"(?i)\b(?:the\s+(?P<u>days|weeks|months|years)\s+ahead|coming\s+(?P<u2>days|weeks|months|years))\b",
            |_, c| {
                let (code, _, _) = unit_code(c.name("u").or(c.name("u2"))?.as_str())?;
                Some(cand(whole(c), format!("PX{code}"), TimexType::Duration, None, "ahead", 0.6))
            },
        ),
        // "by year-end", "through the year's end": the end of the document's year (a past one after
        // "since").
        rule(
            "year-end",
            near(&["end"], 20, 4)
                .led_by(&["by", "at", "around", "before", "until", "since", "through", "the", "year", "s"]),
            r"(?i)\b(?P<cue>by|at|around|before|until|since|through)\s+(?:the\s+)?(?P<span>year(?:'s\s+|[- ])end)\b",
            |ctx, c| {
                let since = c.name("cue")?.as_str().eq_ignore_ascii_case("since");
                let value = match ctx.anchor {
                    Some(a) => (a.year() - i32::from(since)).to_string(),
                    None => "XXXX".into(),
                };
                let span = c.name("span")?;
                Some(cand(Span::new(span.start(), span.end()), value, TimexType::Date, Some("END"), "year-end", 0.7))
            },
        ),
        // Dates said by reference to the last one named: "later that year", "the following
        // month", "the next day", "that quarter". The value is filled in by `anaphora` once
        // every other date is known.
        rule(
            "anaphor",
            near(&["day", "week", "month", "year", "quarter", "morning", "afternoon", "evening", "night"], 24, 4)
                .following(&["that", "same", "following", "previous", "preceding", "prior", "next"])
                .led_by(&[
                    "that",
                    "same",
                    "the",
                    "following",
                    "previous",
                    "preceding",
                    "prior",
                    "next",
                    "later",
                    "earlier",
                ]),
            r"(?i)\b(?:that(?:\s+same)?|the\s+(?:following|previous|preceding|prior|next|same)|(?:later|earlier)\s+that)\s+(?:day|week|month|year|quarter|morning|afternoon|evening|night)\b",
            |_, c| Some(cand(whole(c), "XXXX".into(), TimexType::Date, None, "anaphor", 0.7)),
        ),
        // Holidays with fixed or computable dates: the one before or after the document date
        // by tense ("was found on Thanksgiving Day" in January is last November's), or as a cue
        // says ("last Christmas").
        rule(
            "holiday",
            near(
                &[
                    "christmas",
                    "new year",
                    "thanksgiving",
                    "independence",
                    "halloween",
                    "valentine",
                    "veterans",
                    "labor",
                    "memorial",
                    "election",
                ],
                16,
                12,
            )
            .led_by(&["last", "next", "this"]),
            r"\b(?:(?P<cue>[Ll]ast|[Nn]ext|[Tt]his) )?(?P<h>Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)|Thanksgiving(?: Day)?|Independence Day|Halloween|Valentine's Day|Veterans Day|Labor Day|Memorial Day|Election Day)\b",
            |ctx, c| {
                let h = c.name("h")?.as_str();
                let Some(a) = ctx.anchor else {
                    return Some(cand(whole(c), "XXXX".into(), TimexType::Date, None, "holiday", 0.8));
                };
                let on = |y: i32| match h {
                    "Christmas" | "Christmas Day" => NaiveDate::from_ymd_opt(y, 12, 25),
                    "Christmas Eve" => NaiveDate::from_ymd_opt(y, 12, 24),
                    "New Year's Day" => NaiveDate::from_ymd_opt(y, 1, 1),
                    "New Year's Eve" => NaiveDate::from_ymd_opt(y, 12, 31),
                    "Independence Day" => NaiveDate::from_ymd_opt(y, 7, 4),
                    "Halloween" => NaiveDate::from_ymd_opt(y, 10, 31),
                    "Valentine's Day" => NaiveDate::from_ymd_opt(y, 2, 14),
                    "Veterans Day" => NaiveDate::from_ymd_opt(y, 11, 11),
                    "Labor Day" => nth_weekday(y, 9, 0, 1),
                    "Memorial Day" => nth_weekday(y, 6, 0, 1).map(|d| d - Duration::days(7)),
                    // The Tuesday after the first Monday of November.
                    "Election Day" => nth_weekday(y, 11, 0, 1).map(|d| d + Duration::days(1)),
                    _ => nth_weekday(y, 11, 3, 4), // Thanksgiving: fourth Thursday of November
                };
                let (before, this, after) = (on(a.year() - 1)?, on(a.year())?, on(a.year() + 1)?);
                let dir = match c.name("cue").map(|m| ascii_lowercase(m.as_str())).as_deref() {
                    Some("last") => Direction::Past,
                    Some("next") => Direction::Future,
                    Some(_) => Direction::Unknown,
                    None => ctx.direction(whole(c)),
                };
                let date = match dir {
                    Direction::Past if this > a => before,
                    Direction::Future if this < a => after,
                    // No cue: the nearest one.
                    Direction::Unknown if (this - a).num_days() > 183 => before,
                    Direction::Unknown if (a - this).num_days() > 183 => after,
                    _ => this,
                };
                Some(cand(whole(c), ymd(date), TimexType::Date, None, "holiday", 0.85))
            },
        ),
        // Years said in words, as broadcast transcripts write them: "nineteen ninety-six",
        // "the year two thousand".
        rule(
            "spoken-year",
            near(&["nineteen", "eighteen", "thousand"], 16, 16).led_by(&["the", "year", "two"]),
            r"(?i)\b(?:the\s+year\s+)?(?:(?P<c>nineteen|eighteen)[\s-]+(?P<t>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?P<u>one|two|three|four|five|six|seven|eight|nine))?|two\s+thousand(?:\s+and\s+(?P<u2>one|two|three|four|five|six|seven|eight|nine|ten))?)\b",
            |_, c| {
                let year = match c.name("c") {
                    Some(century) => {
                        let base = if century.as_str().eq_ignore_ascii_case("nineteen") { 1900.0 } else { 1800.0 };
                        base + small_word(c.name("t")?.as_str())?
                            + c.name("u").and_then(|u| small_word(u.as_str())).unwrap_or(0.0)
                    }
                    None => 2000.0 + c.name("u2").and_then(|u| small_word(u.as_str())).unwrap_or(0.0),
                };
                Some(cand(whole(c), format!("{}", year as i32), TimexType::Date, None, "spoken-year", 0.75))
            },
        ),
        // Seasons with a year or a cue: "summer 2015", "last winter" (a bare "fall" is a verb).
        rule(
            "season",
            near(&["spring", "summer", "autumn", "fall", "winter"], 16, 12)
                .led_by(&["last", "next", "this", "past", "coming", "the", "early", "late"]),
            r"(?i)\b(?:(?P<cue>last|next|this(?:\s+(?:past|coming))?|the\s+past|early|late|(?-i:the))\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b",
            |ctx, c| {
                let cue = c.name("cue").map(|m| ascii_lowercase(m.as_str()));
                let season = c.name("s")?.as_str();
                if c.name("y").is_none() && cue.is_none() {
                    return None;
                }
                let (code, index) = match &*ascii_lowercase(season) {
                    "spring" => ("SP", 0),
                    "summer" => ("SU", 1),
                    "winter" => ("WI", 3),
                    _ => ("FA", 2),
                };
                // "the summer" (without a year) is a season only in lowercase ("the Summer
                // Olympics" is a name), and never "the fall" or "the spring" ("the fall in
                // prices", "the spring of discontent").
                let bare_the = cue.as_deref() == Some("the") && c.name("y").is_none();
                if bare_the && (index == 2 || index == 0 || season.starts_with(|ch: char| ch.is_uppercase())) {
                    return None;
                }
                let year = match (c.name("y"), ctx.anchor) {
                    (Some(y), _) => y.as_str().to_string(),
                    (None, None) => "XXXX".into(),
                    (None, Some(a)) => {
                        // Seasons counted from spring 0 AD: Dec-Feb is the winter of the year it
                        // starts in.
                        let m0 = a.month0() as i64;
                        let now =
                            if m0 < 2 { (a.year() as i64 - 1) * 4 + 3 } else { a.year() as i64 * 4 + (m0 - 2) / 3 };
                        let this_year = a.year() as i64 * 4 + index;
                        // The one before now, or after it (this year's or the neighbour's).
                        let before = |n: i64| if n < now { n } else { n - 4 };
                        let after = |n: i64| if n > now { n } else { n + 4 };
                        let n = match cue.as_deref() {
                            // "last spring", "next winter": of last year, of next year.
                            Some("last") => this_year - 4,
                            Some("next") => this_year + 4,
                            Some("this past" | "the past") => before(this_year),
                            Some("this coming") => after(this_year),
                            Some("the") => match ctx.direction(whole(c)) {
                                Direction::Past if this_year > now => this_year - 4,
                                Direction::Future if this_year < now => this_year + 4,
                                _ => this_year,
                            },
                            _ => this_year,
                        };
                        n.div_euclid(4).to_string()
                    }
                };
                Some(cand(
                    whole(c),
                    format!("{year}-{code}"),
                    TimexType::Date,
                    modifier_word(cue.as_deref()),
                    "season",
                    0.8,
                ))
            },
        ),
    ]
});

/// Lowercase words that may follow a year without making it a count ("in 1990 and", "1990 was").
#[rustfmt::skip]
const YEAR_FOLLOWERS: &[&str] = &[
    "and", "or", "to", "through", "until", "when", "as", "after", "before", "the", "a", "was", "were", "is", "had",
    "has", "in", "on", "at", "for", "by", "with", "that", "which", "but", "he", "she", "it", "they", "we", "i", "from",
    "election", "elections", "season", "budget", "census", "levels", "level", "figure", "figures", "results",
];

/// Whether a phrase ends at byte `pos`: punctuation, the text's end or a function word follows
/// ("in the short term, ..."; not "the short term debt").
fn followed_by_end_of_phrase(doc: &Doc, pos: usize) -> bool {
    let rest = doc.text()[pos..].trim_start();
    rest.is_empty()
        || rest.starts_with(|c: char| !c.is_alphanumeric())
        || followed_by_word(
            doc,
            pos,
            &["and", "or", "but", "as", "when", "because", "if", "is", "was", "will", "would", "than", "in", "for"],
        )
}

/// Whether "high for", "low for", "record for"… comes right before byte `pos`: "a high for
/// the year" is the year's high.
fn superlative_for(doc: &Doc, pos: usize) -> bool {
    let i = doc.token_from(pos);
    i >= 2
        && doc.token_text(i - 1).eq_ignore_ascii_case("for")
        && matches!(
            &*ascii_lowercase(doc.token_text(i - 2)),
            "high" | "low" | "record" | "best" | "worst" | "peak" | "highs" | "lows"
        )
}

/// Whether the token right before byte `pos` is a number.
fn after_a_number(doc: &Doc, pos: usize) -> bool {
    let i = doc.token_from(pos);
    i > 0 && doc.tokens[i - 1].kind == crate::document::TokenKind::Number
}

/// Whether an amount ends right before byte `pos`: a number ("500,000 a month"), an amount
/// word ("$2 million a year"), or a count and a plural noun ("four flights a week").
fn after_an_amount(doc: &Doc, pos: usize) -> bool {
    let i = doc.token_from(pos);
    let is_count = |k: usize| {
        doc.tokens[k].kind == crate::document::TokenKind::Number
            || small_word(&ascii_lowercase(doc.token_text(k))).is_some()
    };
    if i == 0 {
        return false;
    }
    let prev = doc.token_text(i - 1);
    is_count(i - 1)
        || matches!(prev, "million" | "billion" | "thousand" | "cents" | "dollars" | "%" | "percent" | "pct" | "times")
        || (i >= 2 && prev.len() > 3 && prev.ends_with('s') && prev.starts_with(char::is_lowercase) && is_count(i - 2))
}

/// Whether the word right after byte `pos` (past spaces) is one of `words`.
fn followed_by_word(doc: &Doc, pos: usize, words: &[&str]) -> bool {
    let rest = doc.text()[pos..].trim_start();
    let word = &rest[..rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len())];
    words.contains(&word)
}

/// Whether the word before byte `pos` is one of `words` (lowercase).
fn preceded_by(doc: &Doc, pos: usize, words: &[&str]) -> bool {
    let i = doc.token_from(pos);
    i > 0 && words.contains(&&*ascii_lowercase(doc.token_text(i - 1)))
}

/// The quarter (1–4) a date falls in.
fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// The last complete quarter before a date: (year, quarter).
fn last_full_quarter(d: NaiveDate) -> (i32, u32) {
    match quarter_of(d) {
        1 => (d.year() - 1, 4),
        q => (d.year(), q - 1),
    }
}

/// The `n`th (1-based) weekday `wd` (Monday = 0) of a month.
fn nth_weekday(year: i32, month: u32, wd: u32, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let offset = (wd as i64 - first.weekday().num_days_from_monday() as i64).rem_euclid(7);
    Some(first + Duration::days(offset + 7 * (n as i64 - 1)))
}

fn part_of_day(p: &str) -> &'static str {
    match p {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

fn shift_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let d = d.with_day(1)?;
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new((-n) as u32))
    }
}

/// The date annotator. Stateless: the rules are compiled once for the process.
#[derive(Default)]
pub struct DateAnnotator;

impl DateAnnotator {
    /// A date annotator.
    pub fn new() -> Self {
        DateAnnotator
    }
}

impl Annotator for DateAnnotator {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        self.annotate_batch(std::slice::from_ref(doc), std::slice::from_mut(out));
    }

    /// Rule by rule over the documents: each rule's automata stay in cache from one document's
    /// windows to the next one's, where document by document the thirty rules' tables took
    /// turns evicting each other (the searches cost half as much warm: see `pipeline`).
    fn annotate_batch(&self, docs: &[Doc], out: &mut [Vec<Mention>]) {
        WINDOWS.with_borrow_mut(|windows| {
            if windows.len() < docs.len() {
                windows.resize_with(docs.len(), Windows::default);
            }
            // Each rule searches only around its trigger words.
            for (doc, windows) in docs.iter().zip(windows.iter_mut()) {
                TRIGGERS.windows_with(doc.text(), doc.masks(), windows);
            }
            // ("Friday, April 7, 2017": the weekday joins the date in `compounds`.)
            let mut cands: Vec<Vec<Candidate>> = docs
                .iter()
                .zip(windows.iter())
                .map(|(doc, windows)| explicit_dates(doc, &windows[RULES.len()]))
                .collect();
            for (k, r) in RULES.iter().enumerate() {
                for ((doc, windows), cands) in docs.iter().zip(windows.iter()).zip(&mut cands) {
                    let ctx = Ctx { doc, anchor: doc.document.date };
                    for &w in &windows[k] {
                        r.regex.captures_near(doc.text(), w, windows.starts(k), |c| {
                            if let Some(found) = (r.resolve)(&ctx, c) {
                                debug_assert_eq!(found.rule, r.name);
                                cands.push(found);
                            }
                        });
                    }
                }
            }
            for ((doc, cands), out) in docs.iter().zip(cands).zip(out) {
                keep_best(doc, cands, out);
            }
        });
    }
}

thread_local! {
    /// Each thread's lists of windows (per document of a batch, per rule), kept from one batch
    /// to the next.
    static WINDOWS: RefCell<Vec<Windows>> = const { RefCell::new(Vec::new()) };
}

/// The explicit dates in `doc`'s `windows`, its first candidates.
fn explicit_dates(doc: &Doc, windows: &[Window]) -> Vec<Candidate> {
    let text = doc.text();
    // (Room for a typical document's candidates: grown from nothing, the list was copied
    // over a few times per document.)
    let mut cands: Vec<Candidate> = Vec::with_capacity(32);
    for w in windows {
        calendar::each_explicit_date_in(text, (w.from, w.to), |d| {
            cands.push(cand(Span::new(d.start, d.end), ymd(d.date), TimexType::Date, None, "explicit", 0.95));
        });
    }
    cands
}

/// The mentions of `doc` from its candidates: compounds joined, the longest of overlapping
/// ones kept, titles and context applied.
fn keep_best(doc: &Doc, mut cands: Vec<Candidate>, out: &mut Vec<Mention>) {
    // Keep spans that start and end on token boundaries.
    cands.retain(|c| doc.token_starting_at(c.span.start).is_some() && doc.token_ending_at(c.span.end).is_some());
    cands.sort_by_key(|c| (c.span.start, c.span.end));
    let merged = compounds(doc, &cands);
    cands.extend(merged);
    for c in &mut cands {
        extend_with_modifier(doc, c);
    }
    // The longest of overlapping candidates wins (ties: the earlier one).
    cands.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.span.start.cmp(&b.span.start)));
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        let before = taken.range(..c.span.end).next_back().is_some_and(|(_, &end)| end > c.span.start);
        if !before {
            taken.insert(c.span.start, c.span.end);
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.span.start);
    kept.retain(|c| c.rule == "holiday" || !in_a_title(doc, c.span));
    quarter_context(doc, &mut kept);
    anaphora(doc, doc.document.date, &mut kept);
    for c in kept {
        out.push(Mention {
            span: c.span,
            sentence: doc.sentence_at(c.span.start),
            source: rule_source(c.rule),
            confidence: c.confidence,
            attrs: MentionAttrs::Date { value: c.value, timex_type: c.timex_type, modifier: c.modifier },
        });
    }
}

/// Time words written lowercase in running text: capitalized inside a sentence they are part
/// of a name ("60 Minutes", "This Week With David Brinkley", "USA Today", "High Noon").
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "today", "tonight", "tomorrow", "yesterday", "now", "noon", "midnight", "week", "weeks", "weekend",
    "month", "months", "year", "years", "decade", "decades", "hour", "hours", "minute", "minutes",
    "morning", "afternoon", "evening",
];

/// Whether a date's span reads as (part of) a title-case name: a time word capitalized after
/// the span's first word, or as its first word right after a capitalized word of the same
/// clause. (Holidays are names and dates both: the caller leaves them alone.)
fn in_a_title(doc: &Doc, span: Span) -> bool {
    let first = doc.token_from(span.start);
    let last = doc.token_from(span.end);
    let capital_time_word = |i: usize| {
        let w = doc.token_text(i);
        // Title case ("Week"), not capitals ("WEEK": a headline in capitals is no name).
        w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.bytes().skip(1).any(|b| b.is_ascii_lowercase())
            && TIME_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w))
    };
    if (first + 1..last).any(capital_time_word) {
        return true;
    }
    let s = doc.sentences[doc.sentence_at(span.start)];
    capital_time_word(first)
        && first > s.first_token
        && doc.tokens[first - 1].end + 1 == doc.tokens[first].start
        && doc.text()[doc.tokens[first].start - 1..].starts_with(' ')
        && doc.token_text(first - 1).starts_with(|c: char| c.is_uppercase())
}

/// In earnings news "a year ago" means the same quarter a year before: when a quarter was the
/// last period named before it, a year-granular "ago"/"earlier" value becomes that quarter.
fn quarter_context(doc: &Doc, kept: &mut [Candidate]) {
    let mut last_quarter: Option<(i32, u32)> = None;
    for c in kept.iter_mut() {
        if let Some((y, q)) =
            c.value.split_once("-Q").and_then(|(y, q)| Some((y.parse::<i32>().ok()?, q.parse::<u32>().ok()?)))
        {
            last_quarter = Some((y, q));
        } else if c.timex_type == TimexType::Duration && matches!(c.value.as_str(), "P6M" | "P9M" | "P1Y" | "P12M") {
            // "the nine months", "for the year": the figures after it are for that span, not
            // for the quarter named before it.
            last_quarter = None;
        } else if c.value.len() == 4 && followed_by_word(doc, c.span.end, &["quarter", "period"]) {
            // "the 1988 quarter", "the 1989 period": that year's quarter of the one last named.
            if let (Some((_, q)), Ok(y)) = (last_quarter, c.value.parse::<i32>()) {
                c.value = format!("{y}-Q{q}");
            }
        } else if c.rule == "ago" && c.value.len() == 4 {
            if let (Some((qy, q)), Ok(y)) = (last_quarter, c.value.parse::<i32>()) {
                if y < qy {
                    c.value = format!("{y}-Q{q}");
                }
            }
        }
    }
}

/// Values for dates said by reference ("later that year", "the following month"): the last
/// date named before, at the reference's granularity and shifted by one unit for "following",
/// "next", "previous"; the document date where none was named. Left unknown ("XXXX") when the
/// date before is coarser than the reference ("that day" after "in 1998").
fn anaphora(doc: &Doc, anchor: Option<NaiveDate>, kept: &mut [Candidate]) {
    let mut last: Option<String> = anchor.map(ymd);
    for c in kept.iter_mut() {
        if c.rule != "anaphor" {
            if c.timex_type == TimexType::Date && c.value.len() >= 4 && c.value[..4].bytes().all(|b| b.is_ascii_digit())
            {
                last = Some(c.value.clone());
            }
            continue;
        }
        let words: Vec<String> = doc.span_text(c.span).split_whitespace().map(str::to_ascii_lowercase).collect();
        let (Some(unit), Some(prev)) = (words.last(), last.as_deref()) else { continue };
        let shift: i64 = match words.get(1).map(String::as_str) {
            Some("following" | "next") => 1,
            Some("previous" | "preceding" | "prior") => -1,
            _ => 0,
        };
        let day = NaiveDate::parse_from_str(prev.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
        let month = NaiveDate::parse_from_str(&format!("{}-01", prev.get(..7).unwrap_or("")), "%Y-%m-%d").ok();
        let year: Option<i64> = prev[..4].parse().ok();
        let quarter = prev.get(4..7).filter(|q| q.starts_with("-Q")).and_then(|q| q[2..].parse::<i64>().ok());
        let value = match unit.as_str() {
            "year" => year.map(|y| format!("{:04}", y + shift)),
            "quarter" => {
                let q = quarter.or_else(|| month.map(|m| (m.month0() / 3 + 1) as i64));
                q.zip(year).map(|(q, y)| {
                    let n = y * 4 + (q - 1) + shift;
                    format!("{:04}-Q{}", n.div_euclid(4), n.rem_euclid(4) + 1)
                })
            }
            "month" => month.and_then(|m| {
                let m = if shift >= 0 {
                    m.checked_add_months(Months::new(shift as u32))
                } else {
                    m.checked_sub_months(Months::new(1))
                };
                m.map(|m| format!("{:04}-{:02}", m.year(), m.month()))
            }),
            "week" => day.map(|d| iso_week(d + Duration::days(7 * shift))),
            part => day.map(|d| {
                let d = ymd(d + Duration::days(shift));
                match part {
                    "morning" => format!("{d}TMO"),
                    "afternoon" => format!("{d}TAF"),
                    "evening" => format!("{d}TEV"),
                    "night" => format!("{d}TNI"),
                    _ => d,
                }
            }),
        };
        if let Some(v) = value {
            c.value.clone_from(&v);
            last = Some(v);
        }
    }
}

/// Time zones written after a clock time ("5 p.m. EST").
static TIME_ZONE: LazyLock<Pattern> =
    LazyLock::new(|| Pattern::new(r"^\s*(?:[ECMP][SD]T|GMT|UTC|BST|CET)?,?\s*$").expect("valid regex"));

/// Compound expressions made of two adjacent candidates: a clock time and a day ("10 p.m.
/// Wednesday", "5 p.m. EST Nov. 9"), a weekday and a date ("Friday, Oct. 23"), a month and a
/// year said relatively or in words ("July last year", "January nineteen ninety-seven").
fn compounds(doc: &Doc, cands: &[Candidate]) -> Vec<Candidate> {
    let text = doc.text();
    let mut out = Vec::new();
    for (i, a) in cands.iter().enumerate() {
        for b in cands[i + 1..].iter().take_while(|b| b.span.start <= a.span.end + 12) {
            if b.span.start < a.span.end {
                continue;
            }
            let gap = &text[a.span.end..b.span.start];
            let span = Span::new(a.span.start, b.span.end);
            let day_of = |v: &str| v.split('T').next().unwrap_or(v).to_string();
            match (a.rule, b.rule) {
                ("time", "weekday" | "month-day" | "explicit" | "relative-day") if TIME_ZONE.is_match(gap) => {
                    let clock = a.value.split_once('T').map_or("", |(_, t)| t);
                    out.push(cand(span, format!("{}T{clock}", day_of(&b.value)), TimexType::Time, None, "time", 0.85));
                }
                // "the winter of nineteen ninety-four": that year's season.
                ("season", "spoken-year" | "bare-year" | "year")
                    if gap.trim().eq_ignore_ascii_case("of") && b.value.len() == 4 =>
                {
                    if let Some((_, code)) = a.value.split_once('-') {
                        out.push(cand(span, format!("{}-{code}", b.value), TimexType::Date, a.modifier, "season", 0.8));
                    }
                }
                // "mid-afternoon yesterday": that part of that day.
                ("part-of-day", "relative-day" | "weekday") if gap.trim().is_empty() && b.value.len() >= 10 => {
                    let part = a.value.split_once('T').map_or("", |(_, p)| p);
                    out.push(cand(span, format!("{}T{part}", &b.value[..10]), TimexType::Time, None, a.rule, 0.7));
                }
                // "the week of March 6": the ISO week holding that day.
                ("the-period", "month-day" | "explicit")
                    if gap.trim().eq_ignore_ascii_case("of")
                        && doc.span_text(a.span).to_ascii_lowercase().ends_with("week") =>
                {
                    if let Ok(d) = NaiveDate::parse_from_str(&b.value, "%Y-%m-%d") {
                        out.push(cand(span, iso_week(d), TimexType::Date, None, "the-period", 0.8));
                    }
                }
                // "the quarter a year ago": that quarter, a year back.
                ("the-period" | "quarter", "ago")
                    if gap.trim().is_empty()
                        && b.value.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit())) =>
                {
                    if let Some((_, q)) = a.value.split_once("-Q") {
                        out.push(cand(span, format!("{}-Q{q}", &b.value[..4]), TimexType::Date, None, a.rule, 0.8));
                    }
                }
                ("weekday", "month-day" | "explicit") if gap.trim() == "," || gap.trim().is_empty() => {
                    out.push(cand(span, b.value.clone(), TimexType::Date, None, b.rule, b.confidence));
                }
                ("month-bare" | "month-cue", "relative-period" | "spoken-year" | "bare-year")
                    if gap.trim().is_empty() && b.value.len() == 4 && a.value.len() == 7 =>
                {
                    let month = &a.value[5..];
                    out.push(cand(
                        span,
                        format!("{}-{month}", b.value),
                        TimexType::Date,
                        a.modifier,
                        a.rule,
                        a.confidence,
                    ));
                }
                _ => {}
            }
        }
    }
    out
}

/// Words before a relative expression that belong to it ("earlier this year", "late
/// yesterday"), and phrases before any date that set its mod ("the end of 1990").
fn extend_with_modifier(doc: &Doc, c: &mut Candidate) {
    let text = doc.text();
    let before = &text[text[..c.span.start].char_indices().rev().nth(24).map_or(0, |(i, _)| i)..c.span.start];
    // (On the stack: every candidate asks.)
    let mut buf = [0u8; 4 * 25];
    let lower = crate::document::ascii_lowercase_in(&mut buf, &[before]).expect("25 characters fit");
    for (phrase, modifier) in
        [("the end of ", "END"), ("the beginning of ", "START"), ("the start of ", "START"), ("the middle of ", "MID")]
    {
        if lower.ends_with(phrase) && c.timex_type == TimexType::Date {
            c.span.start -= phrase.len();
            c.modifier = c.modifier.or(Some(modifier));
            return;
        }
    }
    // (TimeBank leaves "earlier"/"late" out of weekday spans: "Earlier Sunday" is "Sunday".)
    // "about 5 hours", "more than three years": a qualified span of time (TIMEX3 mods).
    if c.timex_type == TimexType::Duration || c.rule == "ago" {
        for (phrase, modifier) in [
            ("about ", "APPROX"),
            ("around ", "APPROX"),
            ("approximately ", "APPROX"),
            ("roughly ", "APPROX"),
            ("nearly ", "APPROX"),
            ("almost ", "APPROX"),
            ("some ", "APPROX"),
            ("more than ", "MORE_THAN"),
            ("less than ", "LESS_THAN"),
            ("under ", "LESS_THAN"),
            ("at least ", "EQUAL_OR_MORE"),
            ("up to ", "EQUAL_OR_LESS"),
            ("at most ", "EQUAL_OR_LESS"),
        ] {
            let at_word_start = || {
                lower.len() == phrase.len()
                    || !lower[..lower.len() - phrase.len()].ends_with(|ch: char| ch.is_alphanumeric())
            };
            if lower.ends_with(phrase) && at_word_start() {
                c.span.start -= phrase.len();
                c.modifier = c.modifier.or(Some(modifier));
                return;
            }
        }
    }
    let relative = matches!(c.rule, "relative-period" | "relative-day" | "reference" | "ago");
    if !relative {
        return;
    }
    for (word, modifier) in [
        ("earlier ", None),
        ("later ", None),
        ("early ", Some("START")),
        ("late ", Some("END")),
        ("mid-", Some("MID")),
        ("more ", None),
    ] {
        let at_word_start = || {
            lower.len() == word.len() || !lower[..lower.len() - word.len()].ends_with(|ch: char| ch.is_alphanumeric())
        };
        if lower.ends_with(word) && at_word_start() {
            c.span.start -= word.len();
            c.modifier = c.modifier.or(modifier);
            return;
        }
    }
}

/// The `source` of a mention from a rule: `dates:<rule>`.
fn rule_source(rule: &'static str) -> &'static str {
    match rule {
        "explicit" => "dates:explicit",
        "month-day" => "dates:month-day",
        "month-year" => "dates:month-year",
        "month-cue" => "dates:month-cue",
        "numeric" => "dates:numeric",
        "year" => "dates:year",
        "decade" => "dates:decade",
        "weekday" => "dates:weekday",
        "relative-day" => "dates:relative-day",
        "relative-period" => "dates:relative-period",
        "ago" => "dates:ago",
        "duration" => "dates:duration",
        "set" => "dates:set",
        "reference" => "dates:reference",
        "time" => "dates:time",
        "quarter" => "dates:quarter",
        "season" => "dates:season",
        "the-period" => "dates:the-period",
        "bare-year" => "dates:bare-year",
        "month-bare" => "dates:month-bare",
        "past-duration" => "dates:past-duration",
        "vague-duration" => "dates:vague-duration",
        "holiday" => "dates:holiday",
        "anaphor" => "dates:anaphor",
        "spoken-year" => "dates:spoken-year",
        "year-ago" => "dates:year-ago",
        "century" => "dates:century",
        "ahead" => "dates:ahead",
        "day-list" => "dates:day-list",
        "half" => "dates:half",
        "part-of-day" => "dates:part-of-day",
        "decade-word" => "dates:decade",
        "year-end" => "dates:year-end",
        _ => "dates",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{test_doc, Document};
    use crate::tokenize::analyze;

    /// (text, value, mod) of every date found in `text` with the given document date.
    fn dates(text: &str, anchor: &str) -> Vec<(String, String, Option<&'static str>)> {
        let d = test_doc(text, (!anchor.is_empty()).then_some(anchor));
        let a = analyze(&d);
        let mut out = Vec::new();
        DateAnnotator.annotate(&a, &mut out);
        out.iter()
            .map(|m| match &m.attrs {
                MentionAttrs::Date { value, modifier, .. } => {
                    (a.span_text(m.span).to_string(), value.clone(), *modifier)
                }
                _ => unreachable!(),
            })
            .collect()
    }

    fn values(text: &str, anchor: &str) -> Vec<(String, String)> {
        dates(text, anchor).into_iter().map(|(t, v, _)| (t, v)).collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn a_batch_finds_in_each_document_what_it_finds_alone() {
        // Rule by rule over a batch: each document's dates resolved against its own date, none
        // lost or carried over to another document, whatever the order and the batch before.
        let texts = [
            (
                "2017-04-07",
                "Tillerson is set to meet with Lavrov on April 12 and 13, a week after the vote last Thursday.",
            ),
            ("", "Sales rose 5% in the first quarter of 2016 from a year earlier; by March 3 they had doubled."),
            ("2003-11-30", "No time words here at all."),
            ("2003-11-30", "The talks, held over three days in the 1990s, resumed yesterday morning at 10 a.m."),
        ];
        let documents: Vec<Document> = texts.iter().map(|(d, t)| test_doc(t, (!d.is_empty()).then_some(*d))).collect();
        let docs: Vec<Doc> = documents.iter().map(analyze).collect();
        let alone: Vec<Vec<Mention>> = docs
            .iter()
            .map(|doc| {
                let mut out = Vec::new();
                DateAnnotator.annotate(doc, &mut out);
                out
            })
            .collect();
        assert_eq!(alone.iter().map(Vec::len).collect::<Vec<_>>(), [4, 3, 0, 4], "{alone:?}");
        let mut together = vec![Vec::new(); docs.len()];
        DateAnnotator.annotate_batch(&docs, &mut together);
        assert_eq!(together, alone);
        // Reversed, after the longer batch above (whose lists of windows the thread keeps).
        let reversed: Vec<Doc> = documents.iter().rev().take(3).map(analyze).collect();
        let mut together = vec![Vec::new(); reversed.len()];
        DateAnnotator.annotate_batch(&reversed, &mut together);
        assert!(together.iter().eq(alone.iter().rev().take(3)));
    }

    #[test]
    fn press_release_dates() {
        let d = "2017-04-07";
        check(&[
            (d, "his visit to Russia next week.", &[("next week", "2017-W15")]),
            (
                d,
                "a letter sent to the State Department Thursday from Human Rights First",
                &[("Thursday", "2017-04-06")],
            ),
            (d, "prior to last night’s U.S. airstrikes", &[("last night", "2017-04-06TNI")]),
            (d, "Tillerson is set to meet with Lavrov on April 12.", &[("April 12", "2017-04-12")]),
            (d, "a wave of protests in late March that swept 82 cities", &[("late March", "2017-03")]),
            (d, "Published on April 7, 2017", &[("April 7, 2017", "2017-04-07")]),
        ]);
        assert_eq!(dates("protests in late March", d)[0].2, Some("END"));
    }

    #[test]
    fn explicit_and_numeric() {
        let a = "2017-04-07";
        check(&[
            (
                a,
                "on 7 April 2017 and Friday, April 7, 2017",
                &[("7 April 2017", "2017-04-07"), ("Friday, April 7, 2017", "2017-04-07")],
            ),
            (a, "filed 04/07/2016 and in March 2015", &[("04/07/2016", "2016-04-07"), ("March 2015", "2015-03")]),
            (a, "in the 1990s and in early 2016", &[("1990s", "199"), ("early 2016", "2016")]),
            (a, "results for Q3 2016", &[("Q3 2016", "2016-Q3")]),
            (a, "by summer 2015", &[("summer 2015", "2015-SU")]),
        ]);
    }

    #[test]
    fn every_match_of_a_rule_lies_in_one_of_its_windows_and_holds_a_trigger() {
        // The windows are only where a rule can match: its trigger words, the digits it needs
        // and the cues its trigger follows (`Near::following`) must agree with its regex. Each
        // rule searched over whole texts must find nothing outside its windows, and each match
        // must hold one of the rule's triggers (a window's search stops after its last one).
        let texts = [
            "Since March, prices rose in mid-March and again in late 1990; by 2001 and in fiscal 1998 \
             they fell. Early April saw more, until December.",
            "The company said last week it would report results for the past quarter, the year-ago \
             quarter and the full year. This month, the current period and next year look better.",
            "Two years ago the shares fell; three months later they rose for several weeks. That same \
             day, the following week and the previous month were quiet, over decades and within hours.",
            "On Friday, April 7, 2017, at 3 p.m. EST, the minister met him for about five hours; every \
             Monday since the 1990s, and twice in the spring of 2016, in the second half of the year.",
            "Two and a half years, 2 1/2 years, a couple of weeks, several more days, 48 hours, a few \
             trading days, a six-month term, the 12-month period, A Hundred Days and one hour.",
            "The past two months, the next few years, the last 20 years, the coming couple of weeks, the \
             first a hundred days, over the past several decades and the final fifteen minutes.",
            "Three days, two weeks and 48 hours: April 3 and 4, March 5-6, 10 March, the 1980s and \
             1990s, 4/7/2017 at 15:30, yesterday morning and tomorrow night, next week, last year.",
            // Matches that begin words before their trigger (`Near::leads`).
            "On the 12th of April and 3rd of May, in mid-April 2016, the early 1990s, the mid-’90s, \
             the late twenties, the 19th century, this coming Sunday, last night, this morning, the \
             past year, the coming decade, a couple of hundred years ago, two and a half more days.",
            "In the near future, the distant future, the long term, recent weeks, at present, these \
             days, a later date, 10:30 p.m., 7am, the year-ago fiscal second quarter, last year's \
             third quarter, 2016 first quarter, the comparable year-ago period, the latest quarter.",
            "The final few hours, the previous a hundred days, for months, the first two quarters of \
             2015, the latter half of next year, in the evening, mid-morning, the weeks ahead, coming \
             days, through the year's end, since year-end, that same week, the prior month, earlier that \
             day, last Christmas, next New Year's Eve, the year nineteen ninety-five, the year two \
             thousand and one, this past summer, the past winter, early spring 2016, every Monday.",
            // Text that is not ASCII among lead words: `\s` takes a no-break space, `(?i)` folds a
            // long s to "s".
            "For the \u{17f}ix days, and then",
            "a couple\u{a0}of weeks, the la\u{17f}t two years, 12\u{a0}April, the\u{a0}past year.",
        ];
        let mut anchored_rules = 0;
        for text in texts {
            let found = TRIGGERS.windows(text);
            let starts = TRIGGERS.trigger_starts(text);
            for ((k, rule), starts) in RULES.iter().enumerate().zip(&starts) {
                let (windows, anchors) = (&found[k], found.starts(k));
                let mut whole = Vec::new();
                rule.regex.captures_in(text, (0, text.len()), |c| {
                    let m = c.get(0).expect("the whole match");
                    assert!(
                        windows.iter().any(|w| w.from <= m.start() && m.end() <= w.to),
                        "rule {}: {:?} outside its windows {windows:?}",
                        rule.name,
                        m.as_str()
                    );
                    assert!(
                        starts.iter().any(|&s| m.start() <= s && s < m.end()),
                        "rule {}: {:?} holds none of its triggers (at {starts:?})",
                        rule.name,
                        m.as_str()
                    );
                    let anchored = windows.iter().any(|w| w.anchored && w.from <= m.start() && m.end() <= w.to);
                    assert!(
                        !anchored || anchors.contains(&m.start()),
                        "rule {}: {:?} begins at none of its starts {anchors:?} (a lead word missing?)",
                        rule.name,
                        m.as_str()
                    );
                    whole.push((m.start(), m.end()));
                });
                let mut near = Vec::new();
                for &w in windows {
                    rule.regex.captures_near(text, w, anchors, |c| {
                        near.push((c.get(0).unwrap().start(), c.get(0).unwrap().end()))
                    });
                }
                assert_eq!(near, whole, "rule {}", rule.name);
                anchored_rules += usize::from(windows.iter().any(|w| w.anchored));
            }
        }
        assert!(anchored_rules > RULES.len(), "the texts search anchored windows of most rules");
    }

    #[test]
    fn explicit_dates_trigger_on_years_and_every_month() {
        assert_eq!(EXPLICIT_TRIGGERS[0], "#year");
        assert_eq!(&EXPLICIT_TRIGGERS[1..], MONTHS);
    }

    #[test]
    fn relative_expressions() {
        let a = "2017-04-07";
        check(&[
            (a, "He left yesterday and returns tomorrow.", &[("yesterday", "2017-04-06"), ("tomorrow", "2017-04-08")]),
            (a, "Sales fell last month, and rose this year.", &[("last month", "2017-03"), ("this year", "2017")]),
            (a, "It happened two days ago.", &[("two days ago", "2017-04-05")]),
            (a, "The talks will resume Monday morning.", &[("Monday morning", "2017-04-10TMO")]),
            (a, "The talks resumed Monday.", &[("Monday", "2017-04-03")]),
            (a, "He said the vote was set for this coming Sunday.", &[("this coming Sunday", "2017-04-09")]),
            (a, "They said the coming Monday would decide it.", &[("coming Monday", "2017-04-10")]),
            (a, "He is now in the future.", &[("now", "PRESENT_REF"), ("the future", "FUTURE_REF")]),
        ]);
    }

    #[test]
    fn durations_sets_and_times() {
        let a = "2017-04-07";
        check(&[
            (a, "for three years and 48 hours", &[("three years", "P3Y"), ("48 hours", "PT48H")]),
            (a, "a decade of war", &[("a decade", "P10Y")]),
            (a, "They meet every Monday, annually.", &[("every Monday", "XXXX-WXX-1"), ("annually", "P1Y")]),
            (a, "at 3 p.m. and 15:30", &[("3 p.m.", "2017-04-07T15:00"), ("15:30", "2017-04-07T15:30")]),
        ]);
    }

    #[test]
    fn not_dates() {
        let a = "2017-04-07";
        check(&[
            (a, "May said 2,017 people came; they may go.", &[]),
            (a, "The March on Washington drew 1990 votes.", &[]),
            (a, "He wrote for the Sunday Times.", &[]),
            (a, "Her First Russia Visit", &[]),
        ]);
    }

    #[test]
    fn without_a_document_date_unknown_parts_stay_unknown() {
        check(&[("", "on April 12 and Thursday", &[("April 12", "XXXX-04-12"), ("Thursday", "XXXX-WXX-4")])]);
    }

    /// One table row: document date, text, expected (span, value) pairs.
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

    fn check(table: &[Case]) {
        for (anchor, text, expected) in table {
            assert_eq!(values(text, anchor), pairs(expected), "{text:?} on {anchor}");
        }
    }

    #[test]
    fn quarters_and_reporting_periods() {
        check(&[
            ("1989-10-26", "third-quarter profit rose", &[("third-quarter", "1989-Q3")]),
            ("1989-10-26", "In the third quarter, sales fell.", &[("the third quarter", "1989-Q3")]),
            ("1990-02-10", "results for the fourth quarter", &[("the fourth quarter", "1989-Q4")]),
            ("1989-10-26", "net income in the year-ago quarter", &[("the year-ago quarter", "1988-Q3")]),
            ("1989-10-26", "revenue in the latest quarter", &[("the latest quarter", "1989-Q3")]),
            ("1989-10-26", "the 1988 third quarter", &[("the 1988 third quarter", "1988-Q3")]),
            ("1989-10-26", "next year's first quarter", &[("next year's first quarter", "1990-Q1")]),
            ("1989-10-26", "profit for the year rose", &[("the year", "P1Y")]),
            ("1989-10-30", "rising to a high for the year of $42", &[("the year", "1989")]),
            // The full year is a year; the year ended a date is twelve months.
            ("1989-10-26", "forecast a gain for the full year", &[("the full year", "1989")]),
            ("1989-10-26", "sales in the year ended June 30 rose", &[("the year", "P1Y"), ("June 30", "1989-06-30")]),
            (
                "1989-10-26",
                "Profit rose 5% from a year ago in the third quarter. A year ago it fell.",
                &[("a year ago", "1988"), ("the third quarter", "1989-Q3"), ("A year ago", "1988-Q3")],
            ),
            ("1990-08-15", "sanctions over the weekend", &[("the weekend", "1990-W32-WE")]),
            // After "the nine months" the comparison is with those months, not the quarter.
            (
                "1989-10-26",
                "Profit rose in the third quarter. In the nine months, it was 40%, against 35% a year earlier.",
                &[("the third quarter", "1989-Q3"), ("the nine months", "P9M"), ("a year earlier", "1988")],
            ),
            // A year's "quarter" or "period" after a quarter is named is that year's same quarter.
            (
                "1989-10-30",
                "Profit rose in the third quarter, against a loss in the 1988 quarter.",
                &[("the third quarter", "1989-Q3"), ("1988", "1988-Q3")],
            ),
        ]);
    }

    #[test]
    fn bare_years_months_centuries_and_holidays() {
        check(&[
            ("1999-03-12", "Germany joined in 1955 and Spain in 1982.", &[("1955", "1955"), ("1982", "1982")]),
            ("1999-03-12", "the 1956 uprising and the 1996 law", &[("1956", "1956"), ("1996", "1996")]),
            (
                "1999-03-12",
                "the fabled 11th century temple of the 20th century",
                &[("11th century", "10"), ("the 20th century", "19")],
            ),
            ("1989-11-02", "The sale is expected in December.", &[("December", "1989-12")]),
            ("1998-02-19", "He was arrested in July last year.", &[("July last year", "1997-07")]),
            (
                "1998-11-20",
                "Christmas and Thanksgiving Day",
                &[("Christmas", "1998-12-25"), ("Thanksgiving Day", "1998-11-26")],
            ),
            (
                "1997-01-10",
                "since nineteen ninety-six and the year two thousand",
                &[("nineteen ninety-six", "1996"), ("the year two thousand", "2000")],
            ),
            ("1989-10-30", "sales fiscal 1989 rose", &[("fiscal 1989", "1989")]),
        ]);
    }

    #[test]
    fn holidays_and_cued_months_take_their_side_of_the_document_date() {
        check(&[
            // A holiday in the past tense, written after it: last year's.
            ("2000-01-06", "The boy was found at sea on Thanksgiving Day.", &[("Thanksgiving Day", "1999-11-25")]),
            ("2000-02-10", "He has not been home since last Thanksgiving.", &[("last Thanksgiving", "1999-11-25")]),
            ("2000-10-02", "Stores will open late on Thanksgiving Day.", &[("Thanksgiving Day", "2000-11-23")]),
            // "last" is behind, "this" is this year's, whatever the tense.
            ("1989-10-30", "The plant closed last December.", &[("last December", "1988-12")]),
            ("1998-02-27", "Prices rose last May.", &[("last May", "1997-05")]),
            // The month just gone is "last month": "last February" in March is a year back.
            ("1998-03-01", "Two helicopters crashed last February.", &[("last February", "1997-02")]),
            ("1989-10-26", "Sales fell last April.", &[("last April", "1989-04")]),
            ("1998-02-05", "The vote comes this September.", &[("this September", "1998-09")]),
            ("1998-02-05", "The vote comes next January.", &[("next January", "1999-01")]),
        ]);
    }

    #[test]
    fn dates_said_by_reference_to_the_last_one_named() {
        check(&[
            (
                "2000-01-28",
                "He fled in June 1998 and returned later that year. The following year he left.",
                &[("June 1998", "1998-06"), ("later that year", "1998"), ("The following year", "1999")],
            ),
            (
                "2000-01-28",
                "It began on March 3, 1999; the next day it ended.",
                &[("March 3, 1999", "1999-03-03"), ("the next day", "1999-03-04")],
            ),
            (
                "1989-10-27",
                "Sales in the second quarter of 1988 fell; that quarter was weak. The following month was not.",
                &[
                    ("the second quarter of 1988", "1988-Q2"),
                    ("that quarter", "1988-Q2"),
                    ("The following month", "XXXX"),
                ],
            ),
            // With no date named before, the document's own.
            ("2000-02-24", "He appeared in court the next morning.", &[("the next morning", "2000-02-25TMO")]),
        ]);
    }

    #[test]
    fn the_past_perfect_puts_a_deadline_behind() {
        check(&[
            ("1999-05-07", "Until Thursday, police had not called him a suspect.", &[("Thursday", "1999-05-06")]),
            ("1999-05-07", "Police hope to question him by Thursday.", &[("Thursday", "1999-05-13")]),
            ("1989-10-30", "The offer had been due to expire Friday.", &[("Friday", "1989-10-27")]),
            ("1999-05-05", "He has scheduled a news conference Thursday.", &[("Thursday", "1999-05-06")]),
        ]);
    }

    #[test]
    fn tense_cues_read_words_not_names() {
        // 2024-05-08 is a Wednesday.
        check(&[
            // A possessive weekday names a day already spoken of as done.
            ("2024-05-08", "Critics attacked Friday's vote in the council.", &[("Friday", "2024-05-03")]),
            // "United" ends in -ed but is no verb: "would" is the cue.
            ("2024-05-08", "She would fly to the United States Friday.", &[("Friday", "2024-05-10")]),
            ("2024-05-08", "Farmers were planning to block the road on Friday.", &[("Friday", "2024-05-10")]),
            ("2024-05-08", "Farmers blocked the road on Friday.", &[("Friday", "2024-05-03")]),
        ]);
    }

    #[test]
    fn spans_of_time() {
        check(&[
            ("1998-01-08", "for the past two months", &[("the past two months", "P2M")]),
            ("1998-01-08", "in the next few years", &[("the next few years", "PXY")]),
            ("1998-01-08", "They waited for weeks.", &[("weeks", "PXW")]),
            (
                "1998-01-08",
                "camps for 2 1/2 years and a minute and a half",
                &[("2 1/2 years", "P2Y6M"), ("a minute and a half", "PT1M30S")],
            ),
            ("1998-01-08", "in the nine months to September", &[("the nine months", "P9M"), ("September", "1997-09")]),
            ("1998-01-08", "for a couple of years", &[("a couple of years", "P2Y")]),
            ("1998-01-08", "He will stay two more weeks.", &[("two more weeks", "P2W")]),
            ("1998-01-08", "within five business days", &[("five business days", "P5D")]),
            (
                "1998-01-08",
                "for an additional year, as for almost a hundred years",
                &[("an additional year", "P1Y"), ("almost a hundred years", "P100Y")],
            ),
            ("1998-01-08", "in the 1986/87 business year", &[]),
            ("1998-01-08", "It will sell them at a later date.", &[("a later date", "FUTURE_REF")]),
            // 1989-10-30 is a Monday: the weekend just past, or the coming one when looked ahead to.
            ("1989-10-30", "Prices rose over the weekend.", &[("the weekend", "1989-W43-WE")]),
            ("1989-10-30", "Traders sold ahead of the weekend.", &[("the weekend", "1989-W44-WE")]),
            // Spans still to come, of no stated length; "12 months ahead" is twelve months.
            ("1998-01-08", "Prices may fall in the weeks ahead.", &[("the weeks ahead", "PXW")]),
            ("1998-01-08", "Rates may fall in coming months.", &[("coming months", "PXM")]),
            ("1998-01-08", "a forecast 12 months ahead", &[("12 months", "P12M")]),
        ]);
    }

    #[test]
    fn seasons_and_vague_references() {
        // 1989-10-26 is in the autumn.
        check(&[
            ("1989-10-26", "Over the summer, rivals cut prices.", &[("the summer", "1989-SU")]),
            ("1989-10-26", "Demand will be weak through the winter.", &[("the winter", "1989-WI")]),
            ("1989-10-26", "It sold the unit this past spring.", &[("this past spring", "1989-SP")]),
            ("1990-02-10", "It sold the unit this past summer.", &[("this past summer", "1989-SU")]),
            ("1989-10-26", "It will open this coming spring.", &[("this coming spring", "1990-SP")]),
            ("1989-10-26", "Prices fell last spring.", &[("last spring", "1988-SP")]),
            (
                "1989-10-26",
                "the fall of 1990 and the summer of 1988",
                &[("the fall of 1990", "1990-FA"), ("the summer of 1988", "1988-SU")],
            ),
            (
                "1998-02-23",
                "as we saw in the winter of nineteen ninety-four",
                &[("the winter of nineteen ninety-four", "1994-WI")],
            ),
            // Not seasons: a fall in prices, a name.
            ("1989-10-26", "the fall in prices and the Summer Olympics", &[]),
            ("1989-10-26", "an offering in the near future", &[("the near future", "FUTURE_REF")]),
            ("1989-10-26", "In the short term, prices rose.", &[("the short term", "FUTURE_REF")]),
            ("1989-10-26", "the short term debt and the long-term plan", &[]),
            ("1989-10-26", "sales in the current fiscal year", &[("the current fiscal year", "1989")]),
            ("1989-10-26", "It will close by year-end.", &[("year-end", "1989")]),
            ("1989-10-26", "Shares rose 5% since year-end.", &[("year-end", "1988")]),
            // Its cue up to 19 bytes before "end" ("through the year's ").
            ("1989-10-26", "It will run through the year's end.", &[("year's end", "1989")]),
        ]);
    }

    #[test]
    fn listed_days_decades_in_words_and_quarters_as_units() {
        check(&[
            (
                "1999-03-12",
                "the summit on April 24 and 25. Then more.",
                &[("April 24", "1999-04-24"), ("25", "1999-04-25")],
            ),
            // A number after "and" that counts something, or is a fraction, is no day.
            ("1999-03-12", "On April 24 and 25 people died.", &[("April 24", "1999-04-24")]),
            ("1987-03-02", "to 8 pct on Feb 27 and 7-3/4 pct later", &[("Feb 27", "1987-02-27")]),
            ("1998-03-03", "numbers dropped through the nineties", &[("the nineties", "199")]),
            ("1989-10-26", "flat in the last half of the '80s", &[("the '80s", "198")]),
            ("1989-10-26", "People in their sixties.", &[]),
            ("1989-10-26", "over the next couple of years", &[("the next couple of years", "P2Y")]),
            ("1989-11-02", "spread over the next three quarters", &[("the next three quarters", "P3Q")]),
            ("1989-11-02", "It pays interest every quarter.", &[("every quarter", "P1Q")]),
            ("1999-10-08", "He appeared at midday.", &[("midday", "1999-10-08T12:00")]),
            ("1989-10-30", "It hurts these days.", &[("these days", "PRESENT_REF")]),
            (
                "1998-10-26",
                "He was shot on Oct. 23, 1998. His name was crossed out that same day.",
                &[("Oct. 23, 1998", "1998-10-23"), ("that same day", "1998-10-23")],
            ),
            ("1998-10-20", "from now to Election Day", &[("now", "PRESENT_REF"), ("Election Day", "1998-11-03")]),
            // A set of one month; halves of a named year (not of a game or a month).
            ("1998-03-22", "where Orangemen march each July", &[("each July", "XXXX-07")]),
            (
                "1989-10-26",
                "through the first two quarters of 1990 and the last half of 1989",
                &[("the first two quarters of 1990", "1990-H1"), ("the last half of 1989", "1989-H2")],
            ),
            ("1989-10-26", "It fell in the first half of last year.", &[("the first half of last year", "1988-H1")]),
            ("1989-10-26", "We played well in the first half, he said.", &[]),
            // A part of the day alone is the document's day's; with "yesterday", yesterday's.
            ("1998-03-06", "By mid afternoon, sources said", &[("mid afternoon", "1998-03-06TAF")]),
            ("1989-11-02", "at mid-afternoon yesterday, shares rose", &[("mid-afternoon yesterday", "1989-11-01TAF")]),
            ("1989-11-02", "an early morning show", &[]),
            // A weekday before a capitalized word is a name ("the Sunday Times"), unless owned.
            ("1998-10-25", "the Sunday Times, and in his Sunday Mass he spoke", &[("Sunday", "1998-10-25")]),
        ]);
    }

    #[test]
    fn compounds_and_modifiers() {
        check(&[
            ("1998-02-13", "at 10 p.m. Wednesday, police said", &[("10 p.m. Wednesday", "1998-02-11T22:00")]),
            ("1989-10-30", "until 5 p.m. EST Nov. 6.", &[("5 p.m. EST Nov. 6", "1989-11-06T17:00")]),
            ("1998-11-21", "on the night of Friday, Oct. 23.", &[("Friday, Oct. 23", "1998-10-23")]),
            ("1989-10-26", "Earlier this year, profit fell.", &[("Earlier this year", "1989")]),
            ("1990-05-01", "at the end of 1990", &[("the end of 1990", "1990")]),
            ("2000-04-03", "leave as soon as Tuesday, Castro said.", &[("Tuesday", "2000-04-04")]),
            ("1989-10-26", "The dividend will be paid Dec. 14.", &[("Dec. 14", "1989-12-14")]),
            // A week named by a day in it; a quarter named by its distance back.
            ("2000-02-24", "a hearing the week of March 6, he said", &[("the week of March 6", "2000-W10")]),
            (
                "1989-10-26",
                "For the quarter a year ago, it earned $16 million.",
                &[("the quarter a year ago", "1988-Q3")],
            ),
            // The clock time and the words in brackets belong to the day: "will" governs it.
            (
                "2000-04-05",
                "He will leave at 4 in the morning (4 a.m. EDT Thursday), Castro said.",
                &[("4 a.m. EDT Thursday", "2000-04-06T04:00")],
            ),
        ]);
        let d = dates("at the end of 1990", "1990-05-01");
        assert_eq!(d[0].2, Some("END"));
    }

    #[test]
    fn a_rate_is_a_set() {
        let types = |text: &str| -> Vec<(String, TimexType)> {
            let d = test_doc(text, Some("1989-10-30"));
            let a = analyze(&d);
            let mut out = Vec::new();
            DateAnnotator.annotate(&a, &mut out);
            out.iter()
                .map(|m| match &m.attrs {
                    MentionAttrs::Date { timex_type, .. } => (a.span_text(m.span).to_string(), *timex_type),
                    _ => unreachable!(),
                })
                .collect()
        };
        assert_eq!(
            types("It saves $500 million a year with four flights a week; it waited a year."),
            [
                ("a year".into(), TimexType::Set),
                ("a week".into(), TimexType::Set),
                ("a year".into(), TimexType::Duration)
            ]
        );
    }

    #[test]
    fn more_not_dates() {
        check(&[
            ("2000-01-07", "the 6-year-old boy and a 136-year-old firm", &[]),
            ("2000-01-07", "They won 1990 votes and paid $2000.", &[]),
            ("2000-01-07", "He lives next to the school on Friday.", &[("Friday", "2000-01-07")]),
            // "a second" before a noun is an ordinal; alone it is a second.
            ("2000-01-07", "A second group came; it was a second betrayal.", &[]),
            ("2000-01-07", "Wait a second, he said.", &[("a second", "PT1S")]),
            // "one day" after a modal or its subject is some day ahead.
            ("1998-03-03", "Islam will one day be the second largest religion.", &[("one day", "FUTURE_REF")]),
            ("1998-03-03", "It lasted one day.", &[("one day", "P1D")]),
        ]);
    }

    #[test]
    fn time_words_in_title_case_names_are_not_dates() {
        let d = "2024-05-08";
        check(&[
            (d, "She told the talk show This Week With Ann Lee that she would run.", &[]),
            (d, "He reads USA Today and watched the film High Noon on 60 Minutes.", &[]),
            (d, "Ms. Lee was named Banker of the Year by the magazine.", &[]),
            // Sentence-initial capitals, headlines in capitals and holidays are still dates.
            (d, "This week the council voted.", &[("This week", "2024-W19")]),
            (d, "COUNCIL TO VOTE THIS WEEK", &[("THIS WEEK", "2024-W19")]),
            (d, "Stores closed on Christmas Day.", &[("Christmas Day", "2023-12-25")]),
        ]);
    }
}
