//! Stage 3b: dates, times, durations and sets, each normalized to a TIMEX3 value resolved against
//! the document's own date ("Thursday" in a press release of Friday 7 April 2017 is 2017-04-06).
//!
//! Each expression family is one rule: a regex (linear-time: the `regex` crate never backtracks)
//! and a function that turns a match into a value. Every rule runs over the whole text; the
//! candidates are then reduced to non-overlapping spans, longest first. Underspecified dates (a
//! bare "Thursday", "April 12", "in March") take their direction — before or after the document
//! date — from tense and cue words around them, as news-mode taggers do.
//!
//! Without a document date, relative expressions keep their unknown parts as `X`
//! ("XXXX-04-12"), as TIMEX3 does.
//!
//! Not here: numbers that are counts (the `quantities` annotator), or dates of documents
//! (`corpus` finds those with [`crate::calendar`]).

use crate::calendar::{self, month_number, weekday_number, MONTH_PATTERN};
use crate::document::{Doc, Mention, MentionAttrs, Span, TimexType};
use crate::numbers::small_word;
use crate::Annotator;
use chrono::{Datelike, Duration, Months, NaiveDate};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// Words that put an underspecified date in the future, and in the past. From the cue lists of
/// news-mode temporal taggers (HeidelTime's tense heuristics), cut to what English news uses.
#[rustfmt::skip]
const FUTURE_CUES: &[&str] = &[
    "will", "'ll", "shall", "set", "scheduled", "plans", "plan", "planned", "expected", "upcoming", "next",
    "coming", "until", "going", "due",
];
#[rustfmt::skip]
const PAST_CUES: &[&str] = &[
    "was", "were", "had", "did", "said", "came", "sent", "last", "ago", "earlier", "previous", "since", "told",
    "announced", "reported",
];

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
    /// Tense around a span: the nearest cue word before it in its sentence, else after it.
    fn direction(&self, span: Span) -> Direction {
        let doc = self.doc;
        let s = doc.sentences[doc.sentence_at(span.start)];
        let first = doc.token_from(span.start);
        let before = (s.first_token..first).rev().take(10);
        for i in before {
            let w = doc.token_text(i).to_ascii_lowercase();
            if FUTURE_CUES.contains(&w.as_str()) {
                return Direction::Future;
            }
            if PAST_CUES.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")) {
                return Direction::Past;
            }
        }
        let last = doc.token_from(span.end);
        for i in last..s.end_token.min(last + 6) {
            let w = doc.token_text(i).to_ascii_lowercase();
            if PAST_CUES.contains(&w.as_str()) || (w.len() > 4 && w.ends_with("ed")) {
                return Direction::Past;
            }
            if FUTURE_CUES.contains(&w.as_str()) {
                return Direction::Future;
            }
        }
        Direction::Unknown
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
    match dir {
        Direction::Past if diff > 31 => y - 1,
        Direction::Future if diff < -31 => y + 1,
        Direction::Unknown if diff > 183 => y - 1,
        Direction::Unknown if diff < -183 => y + 1,
        _ => y,
    }
}

fn modifier_word(w: Option<&str>) -> Option<&'static str> {
    match w?.to_ascii_lowercase().as_str() {
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

fn whole(c: &Captures) -> Span {
    let m = c.get(0).expect("group 0");
    Span::new(m.start(), m.end())
}

/// Number words and digits that can count days, weeks, years…
const COUNT: &str = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|several|a few|a couple of)";

fn count_value(s: &str) -> Option<String> {
    let s = s.to_ascii_lowercase();
    match s.as_str() {
        "a" | "an" => Some("1".into()),
        "several" | "a few" | "a couple of" => Some("X".into()),
        _ => s.parse::<u32>().ok().map(|n| n.to_string()).or_else(|| small_word(&s).map(|v| (v as u32).to_string())),
    }
}

/// TIMEX3 duration letter for a unit word, and whether it is a time (PT) unit.
fn unit_code(unit: &str) -> Option<(&'static str, bool, u32)> {
    let u = unit.to_ascii_lowercase();
    let u = u.trim_end_matches('s');
    Some(match u {
        "second" => ("S", true, 1),
        "minute" => ("M", true, 1),
        "hour" => ("H", true, 1),
        "day" => ("D", false, 1),
        "week" => ("W", false, 1),
        "month" => ("M", false, 1),
        "year" => ("Y", false, 1),
        "decade" => ("Y", false, 10),
        "centurie" | "century" => ("Y", false, 100),
        _ => return None,
    })
}

type Resolver = fn(&Ctx, &Captures) -> Option<Candidate>;

struct Rule {
    name: &'static str,
    regex: Regex,
    resolve: Resolver,
}

/// Compile a rule. Word boundaries are ASCII-only (`(?-u:\b)`): every pattern is ASCII, and a
/// Unicode `\b` keeps the regex crate off its fast DFA on non-ASCII text (measured: it made the
/// date stage a third of the whole pipeline's time on the news corpus).
fn rule(name: &'static str, pattern: &str, resolve: Resolver) -> Rule {
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    Rule { name, regex: Regex::new(&pattern).unwrap_or_else(|e| panic!("rule {name}: {e}")), resolve }
}

const WEEKDAY: &str = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// The rules, one per expression family. Order does not matter: overlaps are settled after.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let m = MONTH_PATTERN;
    vec![
        // "April 12", "12 April", "April 12th" (no year: the year comes from the anchor).
        rule(
            "month-day",
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
            r"\b(?P<cue>early|mid|late|Early|Mid|Late|in|In|since|Since|until|by|during|through|last|next|this|from|before|after|of)[- ]+(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)\b",
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
                    Some(a) => format!("{}-{month:02}", infer_year(a, month, 15, dir)),
                    None => format!("XXXX-{month:02}"),
                };
                Some(cand(span, value, TimexType::Date, modifier, "month-cue", 0.8))
            },
        ),
        // US numeric dates: "04/07/2017", "4/7/17".
        rule("numeric", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b", |_, c| {
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
        }),
        // Years after a cue: "in 2016", "early 2016", "fiscal 2016". Bare four-digit numbers are
        // too often counts ("1990 votes") to be years without one.
        rule(
            "year",
            r"\b(?:(?P<mod>early|mid|late|Early|Mid|Late)[- ]|(?P<cue>in|In|since|Since|by|until|during|of|from|to|before|after|through|fiscal|Fiscal|year|between|and|for)\s+)(?P<y>1[89]\d\d|20\d\d)\b(?P<next>[,.]\d)?",
            |_, c| {
                if c.name("next").is_some() {
                    return None; // "in 2,017" is not a year
                }
                let y = c.name("y")?;
                let modifier = modifier_word(c.name("mod").map(|m| m.as_str()));
                let span = if modifier.is_some() { whole(c) } else { Span::new(y.start(), y.end()) };
                Some(cand(span, y.as_str().to_string(), TimexType::Date, modifier, "year", 0.8))
            },
        ),
        // Decades: "the 1990s", "the early 2000s".
        rule("decade", r"\b(?:(?P<mod>early|mid|late)[- ])?(?P<d>1[89]\d|20\d)0s\b", |_, c| {
            Some(cand(
                whole(c),
                c.name("d")?.as_str().to_string(),
                TimexType::Date,
                modifier_word(c.name("mod").map(|m| m.as_str())),
                "decade",
                0.85,
            ))
        }),
        // Weekdays with an optional cue and part of day: "Thursday", "last Friday", "Monday morning".
        rule(
            "weekday",
            &format!(
                r"\b(?:(?P<cue>last|next|this|Last|Next|This)\s+)?(?P<w>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?\b(?P<after>\s+[A-Z][a-z])?"
            ),
            |ctx, c| {
                if c.name("after").is_some() && c.name("part").is_none() {
                    // "Sunday Times", "Monday Night Football": a name, not a date.
                    let rest = &ctx.doc.text()[c.name("after")?.start()..];
                    let next_word: String = rest.trim_start().chars().take_while(|ch| ch.is_alphabetic()).collect();
                    if month_number(&next_word).is_none()
                        && !matches!(next_word.as_str(), "The" | "A" | "He" | "She" | "It" | "They" | "We" | "I")
                    {
                        return None;
                    }
                }
                let wd = weekday_number(c.name("w")?.as_str())?;
                let part = c.name("part");
                let end = part.map_or(c.name("w")?.end(), |p| p.end());
                let span = Span::new(c.get(0)?.start(), end);
                let dir = match c.name("cue").map(|m| m.as_str().to_ascii_lowercase()) {
                    Some(ref s) if s == "last" => Direction::Past,
                    Some(ref s) if s == "next" => Direction::Future,
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
            r"(?i)\b(?P<w>today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening)|(?:yesterday|tomorrow) (?:morning|afternoon|evening|night))\b",
            |ctx, c| {
                let w = c.name("w")?.as_str().to_ascii_lowercase();
                let (offset, part) = match w.as_str() {
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
            r"(?i)\b(?P<cue>next|last|this|coming|previous|current|the past|the coming)\s+(?P<u>week|weekend|month|quarter|year|decade|century)\b",
            |ctx, c| {
                let cue = c.name("cue")?.as_str().to_ascii_lowercase();
                let unit = c.name("u")?.as_str().to_ascii_lowercase();
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
                let step: i64 = match cue.as_str() {
                    "next" | "coming" => 1,
                    "last" | "previous" => -1,
                    _ => 0,
                };
                let Some(a) = ctx.anchor else {
                    return Some(cand(whole(c), "XXXX".into(), TimexType::Date, None, "relative-period", 0.6));
                };
                let value = match unit.as_str() {
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
        // "two days ago", "three weeks later", "a year earlier".
        rule(
            "ago",
            &format!(
                r"(?i)\b(?P<n>{COUNT})\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+(?P<dir>ago|earlier|later|before|after)\b"
            ),
            |ctx, c| {
                let n = count_value(c.name("n")?.as_str())?;
                let unit = c.name("u")?.as_str().to_ascii_lowercase();
                let sign: i64 =
                    if matches!(c.name("dir")?.as_str().to_ascii_lowercase().as_str(), "ago" | "earlier" | "before") {
                        -1
                    } else {
                        1
                    };
                let (Some(a), Ok(n)) = (ctx.anchor, n.parse::<i64>()) else {
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
            &format!(
                r"(?i)\b(?P<n>{COUNT})[\s-]+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)\b"
            ),
            |_, c| {
                let n = count_value(c.name("n")?.as_str())?;
                let (code, time, mult) = unit_code(c.name("u")?.as_str())?;
                let n = match n.parse::<u32>() {
                    Ok(v) => (v * mult).to_string(),
                    Err(_) => n,
                };
                let value = if time { format!("PT{n}{code}") } else { format!("P{n}{code}") };
                Some(cand(whole(c), value, TimexType::Duration, None, "duration", 0.8))
            },
        ),
        // Sets: "every Monday", "each year", "annually".
        rule(
            "set",
            &format!(
                r"(?i)\b(?:(?:every|each)\s+(?P<u>day|week|month|year|(?-i:{WEEKDAY}))|(?P<adv>annually|yearly|monthly|weekly|daily|hourly))\b"
            ),
            |_, c| {
                let value = if let Some(u) = c.name("u") {
                    match weekday_number(u.as_str()) {
                        Some(wd) => format!("XXXX-WXX-{}", wd + 1),
                        None => format!("P1{}", unit_code(u.as_str())?.0),
                    }
                } else {
                    match c.name("adv")?.as_str().to_ascii_lowercase().as_str() {
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
            r"(?i)\b(?P<w>now|currently|nowadays|recently|the future|the past|recent (?:years|months|weeks|days)|at present)\b",
            |_, c| {
                let w = c.name("w")?.as_str().to_ascii_lowercase();
                let value = if w == "the future" {
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
            r"(?i)\b(?:(?P<h>\d{1,2})(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|(?P<word>noon|midnight)\b)",
            |ctx, c| {
                let (h, mi) = if let Some(w) = c.name("word") {
                    (if w.as_str().eq_ignore_ascii_case("noon") { 12 } else { 24 }, 0)
                } else if let Some(h) = c.name("h") {
                    let mut h: u32 = h.as_str().parse().ok()?;
                    if !(1..=12).contains(&h) {
                        return None;
                    }
                    let pm = c.name("ap")?.as_str().to_ascii_lowercase().starts_with('p');
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
        // Quarters: "the third quarter", "Q3 2016", "first quarter of 2015".
        rule(
            "quarter",
            r"\b(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|Q(?P<q>[1-4]))(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b",
            |ctx, c| {
                let q = match c.name("q") {
                    Some(q) => q.as_str().parse().ok()?,
                    None => match &c.name("ord")?.as_str()[..1] {
                        "f" | "1" => {
                            if c.name("ord")?.as_str().starts_with("fo") {
                                4
                            } else {
                                1
                            }
                        }
                        "s" | "2" => 2,
                        "t" | "3" => 3,
                        _ => 4,
                    },
                };
                let year = c
                    .name("y")
                    .map(|y| y.as_str().to_string())
                    .or_else(|| ctx.anchor.map(|a| a.year().to_string()))
                    .unwrap_or_else(|| "XXXX".into());
                Some(cand(whole(c), format!("{year}-Q{q}"), TimexType::Date, None, "quarter", 0.85))
            },
        ),
        // Seasons with a year or a cue: "summer 2015", "last winter" (a bare "fall" is a verb).
        rule(
            "season",
            r"(?i)\b(?:(?P<cue>last|next|this|early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b",
            |ctx, c| {
                let cue = c.name("cue").map(|m| m.as_str().to_ascii_lowercase());
                if c.name("y").is_none() && cue.is_none() {
                    return None;
                }
                let code = match c.name("s")?.as_str().to_ascii_lowercase().as_str() {
                    "spring" => "SP",
                    "summer" => "SU",
                    "winter" => "WI",
                    _ => "FA",
                };
                let year = match (c.name("y"), ctx.anchor, cue.as_deref()) {
                    (Some(y), _, _) => y.as_str().to_string(),
                    (None, Some(a), Some("last")) => (a.year() - 1).to_string(),
                    (None, Some(a), Some("next")) => (a.year() + 1).to_string(),
                    (None, Some(a), _) => a.year().to_string(),
                    (None, None, _) => "XXXX".into(),
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
        let ctx = Ctx { doc, anchor: doc.document.date };
        let text = doc.text();
        let mut cands: Vec<Candidate> = calendar::explicit_dates(text)
            .map(|d| {
                let mut span = Span::new(d.start, d.end);
                // "Friday, April 7, 2017": the weekday belongs to the date.
                // Look at the few bytes before only ("Wednesday, " is 11), never the whole prefix.
                let mut from = d.start.saturating_sub(16);
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                if let Some(m) = WEEKDAY_BEFORE.find(&text[from..d.start]) {
                    span.start = from + m.start();
                }
                cand(span, ymd(d.date), TimexType::Date, None, "explicit", 0.95)
            })
            .collect();
        for r in RULES.iter() {
            for c in r.regex.captures_iter(text) {
                if let Some(found) = (r.resolve)(&ctx, &c) {
                    debug_assert_eq!(found.rule, r.name);
                    cands.push(found);
                }
            }
        }
        // Keep spans that start and end on token boundaries, then the longest of overlapping ones.
        cands.retain(|c| doc.token_starting_at(c.span.start).is_some() && doc.token_ending_at(c.span.end).is_some());
        cands.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.span.start.cmp(&b.span.start)));
        let mut kept: Vec<Candidate> = Vec::new();
        for c in cands {
            if kept.iter().all(|k| !k.span.overlaps(&c.span)) {
                kept.push(c);
            }
        }
        kept.sort_by_key(|c| c.span.start);
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
}

static WEEKDAY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b){WEEKDAY},?\s+$")).expect("valid regex"));

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
        _ => "dates",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_doc;
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
    fn press_release_dates() {
        let doc_date = "2017-04-07";
        assert_eq!(values("his visit to Russia next week.", doc_date), pairs(&[("next week", "2017-W15")]));
        assert_eq!(
            values("a letter sent to the State Department Thursday from Human Rights First", doc_date),
            pairs(&[("Thursday", "2017-04-06")])
        );
        assert_eq!(
            values("prior to last night’s U.S. airstrikes", doc_date),
            pairs(&[("last night", "2017-04-06TNI")])
        );
        assert_eq!(
            values("Tillerson is set to meet with Lavrov on April 12.", doc_date),
            pairs(&[("April 12", "2017-04-12")])
        );
        assert_eq!(
            dates("a wave of protests in late March that swept 82 cities", doc_date),
            [("late March".to_string(), "2017-03".to_string(), Some("END"))]
        );
        assert_eq!(values("Published on April 7, 2017", doc_date), pairs(&[("April 7, 2017", "2017-04-07")]));
    }

    #[test]
    fn explicit_and_numeric() {
        let a = "2017-04-07";
        assert_eq!(
            values("on 7 April 2017 and Friday, April 7, 2017", a),
            pairs(&[("7 April 2017", "2017-04-07"), ("Friday, April 7, 2017", "2017-04-07")])
        );
        assert_eq!(
            values("filed 04/07/2016 and in March 2015", a),
            pairs(&[("04/07/2016", "2016-04-07"), ("March 2015", "2015-03")])
        );
        assert_eq!(values("in the 1990s and in early 2016", a), pairs(&[("1990s", "199"), ("early 2016", "2016")]));
        assert_eq!(values("results for Q3 2016", a), pairs(&[("Q3 2016", "2016-Q3")]));
        assert_eq!(values("by summer 2015", a), pairs(&[("summer 2015", "2015-SU")]));
    }

    #[test]
    fn relative_expressions() {
        let a = "2017-04-07";
        assert_eq!(
            values("He left yesterday and returns tomorrow.", a),
            pairs(&[("yesterday", "2017-04-06"), ("tomorrow", "2017-04-08")])
        );
        assert_eq!(
            values("Sales fell last month, and rose this year.", a),
            pairs(&[("last month", "2017-03"), ("this year", "2017")])
        );
        assert_eq!(values("It happened two days ago.", a), pairs(&[("two days ago", "2017-04-05")]));
        assert_eq!(values("The talks will resume Monday morning.", a), pairs(&[("Monday morning", "2017-04-10TMO")]));
        assert_eq!(values("The talks resumed Monday.", a), pairs(&[("Monday", "2017-04-03")]));
        assert_eq!(
            values("He is now in the future.", a),
            pairs(&[("now", "PRESENT_REF"), ("the future", "FUTURE_REF")])
        );
    }

    #[test]
    fn durations_sets_and_times() {
        let a = "2017-04-07";
        assert_eq!(values("for three years and 48 hours", a), pairs(&[("three years", "P3Y"), ("48 hours", "PT48H")]));
        assert_eq!(values("a decade of war", a), pairs(&[("a decade", "P10Y")]));
        assert_eq!(
            values("They meet every Monday, annually.", a),
            pairs(&[("every Monday", "XXXX-WXX-1"), ("annually", "P1Y")])
        );
        assert_eq!(
            values("at 3 p.m. and 15:30", a),
            pairs(&[("3 p.m.", "2017-04-07T15:00"), ("15:30", "2017-04-07T15:30")])
        );
    }

    #[test]
    fn not_dates() {
        let a = "2017-04-07";
        assert_eq!(values("May said 2,017 people came; they may go.", a), pairs(&[]));
        assert_eq!(values("The March on Washington drew 1990 votes.", a), pairs(&[]));
        assert_eq!(values("He wrote for the Sunday Times.", a), pairs(&[]));
        assert_eq!(values("Her First Russia Visit", a), pairs(&[]));
    }

    #[test]
    fn without_a_document_date_unknown_parts_stay_unknown() {
        assert_eq!(
            values("on April 12 and Thursday", ""),
            pairs(&[("April 12", "XXXX-04-12"), ("Thursday", "XXXX-WXX-4")])
        );
    }
}
