//! Scoring date mentions against TimeML (`.tml`) files, as TempEval-3 does.
//!
//! Each file's creation time (the DCT `TIMEX3`) becomes the document date; the `<TEXT>` element,
//! with its markup stripped and XML entities decoded, is run through the whole pipeline; the
//! pipeline's date mentions are compared with the gold `TIMEX3` spans:
//! - strict: same span; relaxed: overlapping spans (each gold and each prediction used once);
//! - type and value accuracy over the relaxed matches;
//! - value F1: a true positive needs an overlapping span *and* the same value
//!   (TempEval-3's attribute F1).
//!
//! Gold values are read as ISO 8601 writes them: a one-digit week ("2000-W6", as some TimeBank
//! files have it) is the two-digit week it stands for ("2000-W06"). Nothing else is rewritten.

use super::Prf;
use crate::corpus::{from_text, CorpusOptions};
use crate::Pipeline;
use chrono::NaiveDate;
use regex::Regex;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

/// A gold TIMEX3: its byte span in the stripped text, type and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldTimex {
    /// First byte in the stripped text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// DATE, TIME, DURATION or SET.
    pub timex_type: String,
    /// The normalized value.
    pub value: String,
}

/// A TimeML document reduced to what scoring needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimemlDoc {
    /// The DCT value as a date, if it parses.
    pub dct: Option<NaiveDate>,
    /// The text of `<TEXT>` with markup removed and entities decoded.
    pub text: String,
    /// The gold TIMEX3s inside `<TEXT>`.
    pub gold: Vec<GoldTimex>,
}

static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\w+)="([^"]*)""#).expect("valid regex"));
static DCT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<DCT>\s*<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})"#).expect("valid regex"));

fn decode_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// Parse a TimeML file's contents.
/// "2000-W6" → "2000-W06" (and "2000-W6-WE" → "2000-W06-WE"); any other value as it is.
fn iso_week_digits(value: &str) -> String {
    let b = value.as_bytes();
    let one_digit = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && &b[4..6] == b"-W"
        && b[6].is_ascii_digit()
        && b.get(7).is_none_or(|c| !c.is_ascii_digit());
    if one_digit {
        format!("{}0{}", &value[..6], &value[6..])
    } else {
        value.to_string()
    }
}

pub fn parse(xml: &str) -> Result<TimemlDoc, String> {
    let dct = DCT.captures(xml).and_then(|c| NaiveDate::parse_from_str(&c[1], "%Y-%m-%d").ok());
    let body_start = xml.find("<TEXT>").ok_or("no <TEXT> element")? + "<TEXT>".len();
    let body_end = xml[body_start..].find("</TEXT>").ok_or("no </TEXT>")? + body_start;
    let body = &xml[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with('<') {
            let close = rest.find('>').ok_or("unclosed tag")?;
            let tag = &rest[1..close];
            if let Some(attrs) = tag.strip_prefix("TIMEX3") {
                let get = |k: &str| ATTR.captures_iter(attrs).find(|c| &c[1] == k).map(|c| c[2].to_string());
                let value = iso_week_digits(&get("value").unwrap_or_default());
                open = Some((text.len(), get("type").unwrap_or_default(), value));
            } else if tag == "/TIMEX3" {
                if let Some((start, timex_type, value)) = open.take() {
                    gold.push(GoldTimex { start, end: text.len(), timex_type, value });
                }
            }
            i += close + 1;
        } else if rest.starts_with('&') {
            let semi = rest.find(';').filter(|&s| s < 8);
            match semi.and_then(|s| decode_entity(&rest[1..s]).map(|d| (s, d))) {
                Some((s, d)) => {
                    text.push_str(d);
                    i += s + 1;
                }
                None => {
                    text.push('&');
                    i += 1;
                }
            }
        } else {
            let next = rest.find(['<', '&']).unwrap_or(rest.len());
            text.push_str(&rest[..next]);
            i += next;
        }
    }
    Ok(TimemlDoc { dct, text, gold })
}

/// TempEval-3-style scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimexScores {
    /// Documents scored.
    pub documents: usize,
    /// Exact-span matches.
    pub strict: Prf,
    /// Overlapping-span matches.
    pub relaxed: Prf,
    /// Overlap and same value.
    pub value: Prf,
    /// Overlap and same type.
    pub timex_type: Prf,
    /// Relaxed matches with the same value / relaxed matches.
    pub value_accuracy: f64,
    /// Relaxed matches with the same type / relaxed matches.
    pub type_accuracy: f64,
    /// Wrong values on relaxed matches: (text, document date and context; gold; predicted), for error analysis.
    pub value_errors: Vec<(String, String, String)>,
    /// The wrong values by how they differ, in [`Mismatch`] order.
    pub mismatches: [usize; 4],
    /// Relaxed matches whose spans differ: (gold text, predicted text).
    pub boundary_errors: Vec<(String, String)>,
    /// Gold expressions not found: their text and context.
    pub missed: Vec<String>,
    /// Predictions with no gold: their text and context.
    pub spurious: Vec<String>,
}

impl fmt::Display for TimexScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}", self.documents)?;
        writeln!(
            f,
            "{:<10} {:>6} {:>6} {:>6}   gold {} predicted {}",
            "", "P", "R", "F1", self.relaxed.gold, self.relaxed.predicted
        )?;
        for (name, p) in
            [("strict", &self.strict), ("relaxed", &self.relaxed), ("value", &self.value), ("type", &self.timex_type)]
        {
            writeln!(f, "{name:<10} {:>6.3} {:>6.3} {:>6.3}", p.precision(), p.recall(), p.f1())?;
        }
        writeln!(
            f,
            "value accuracy on relaxed matches {:.3}; type accuracy {:.3}",
            self.value_accuracy, self.type_accuracy
        )?;
        let [unspecified, part_of_day, granularity, different] = self.mismatches;
        writeln!(
            f,
            "wrong values {}: gold leaves a part unknown that ours fills {unspecified}; part of day only \
             {part_of_day}; granularity {granularity}; different {different}",
            self.value_errors.len()
        )?;
        let lenient = Prf { correct: self.value.correct + unspecified + part_of_day, ..self.value };
        writeln!(
            f,
            "value F1 counting the first two as agreement {:.3} (a diagnostic, not TempEval-3's measure)",
            lenient.f1()
        )
    }
}

/// How a predicted value differs from the gold one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// The gold leaves a part unknown ("1989-WXX", "1948-XX") where the prediction agrees on
    /// the rest and fills it ("1989-W43") or stops before it ("1948").
    GoldUnspecified,
    /// The same day, one with a part of day ("1998-10-23TNI") and one without.
    PartOfDay,
    /// The same time at different granularity ("1988" and "1988-Q3").
    Granularity,
    /// Anything else.
    Different,
}

/// Classify a wrong value (see [`Mismatch`]).
pub fn mismatch(gold: &str, predicted: &str) -> Mismatch {
    let day = |v: &'_ str| -> String {
        ["TMO", "TAF", "TEV", "TNI"].iter().find_map(|p| v.strip_suffix(p)).unwrap_or(v).to_string()
    };
    let agrees = gold.len() == predicted.len() && gold.bytes().zip(predicted.bytes()).all(|(g, p)| g == b'X' || g == p);
    let stops_before = gold.contains('X')
        && gold.starts_with(predicted)
        && gold[predicted.len()..].starts_with('-')
        && gold[predicted.len()..].bytes().all(|b| b == b'-' || b == b'X' || b == b'W');
    if gold.contains('X') && (agrees || stops_before) {
        Mismatch::GoldUnspecified
    } else if day(gold) == day(predicted) {
        Mismatch::PartOfDay
    } else if gold.starts_with(&format!("{predicted}-")) || predicted.starts_with(&format!("{gold}-")) {
        Mismatch::Granularity
    } else {
        Mismatch::Different
    }
}

/// Score the pipeline on every `.tml` file under `dir`.
pub fn evaluate(pipeline: &Pipeline, dir: &Path) -> Result<TimexScores, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    if files.is_empty() {
        return Err(format!("no .tml files under {}", dir.display()));
    }
    let mut s = TimexScores::default();
    let (mut type_ok, mut value_ok, mut matched) = (0usize, 0usize, 0usize);
    for path in &files {
        let xml = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let doc = parse(&xml).map_err(|e| format!("{}: {e}", path.display()))?;
        let options = CorpusOptions { doc_date: doc.dct, ..CorpusOptions::default() };
        let Ok(document) = from_text(&path.display().to_string(), &doc.text, &options) else { continue };
        let out = pipeline.process(&document);
        let predicted: Vec<_> = out.mentions.iter().filter(|m| m.mention_type == "date").collect();
        s.documents += 1;
        s.strict.gold += doc.gold.len();
        s.strict.predicted += predicted.len();
        s.strict.correct +=
            predicted.iter().filter(|p| doc.gold.iter().any(|g| g.start == p.start && g.end == p.end)).count();
        // Relaxed: pair each gold with the first unused overlapping prediction.
        let mut used = vec![false; predicted.len()];
        for g in &doc.gold {
            let found = predicted.iter().enumerate().find(|(k, p)| !used[*k] && p.start < g.end && g.start < p.end);
            match found {
                Some((k, p)) => {
                    used[k] = true;
                    matched += 1;
                    if (p.start, p.end) != (g.start, g.end) {
                        s.boundary_errors.push((doc.text[g.start..g.end].to_string(), p.text.clone()));
                    }
                    let (value, timex_type) = match &p.fields {
                        crate::output::MentionFields::Date { value, timex_type, .. } => (value.as_str(), *timex_type),
                        _ => ("", ""),
                    };
                    if value == g.value {
                        value_ok += 1;
                    } else {
                        let text = format!(
                            "{} [{}] «{}»",
                            &doc.text[g.start..g.end],
                            doc.dct.map_or("-".into(), |d| d.to_string()),
                            context(&doc.text, g.start, g.end)
                        );
                        s.mismatches[mismatch(&g.value, value) as usize] += 1;
                        s.value_errors.push((text, g.value.clone(), value.to_string()));
                    }
                    if timex_type == g.timex_type {
                        type_ok += 1;
                    }
                }
                None => {
                    s.missed.push(format!("{} «{}»", &doc.text[g.start..g.end], context(&doc.text, g.start, g.end)))
                }
            }
        }
        for (k, p) in predicted.iter().enumerate() {
            if !used[k] {
                s.spurious.push(format!("{} «{}»", p.text, context(&doc.text, p.start, p.end)));
            }
        }
        s.relaxed.gold += doc.gold.len();
        s.relaxed.predicted += predicted.len();
    }
    s.relaxed.correct = matched;
    s.value = Prf { gold: s.relaxed.gold, predicted: s.relaxed.predicted, correct: value_ok };
    s.timex_type = Prf { gold: s.relaxed.gold, predicted: s.relaxed.predicted, correct: type_ok };
    s.value_accuracy = if matched > 0 { value_ok as f64 / matched as f64 } else { 0.0 };
    s.type_accuracy = if matched > 0 { type_ok as f64 / matched as f64 } else { 0.0 };
    Ok(s)
}

/// Up to 40 bytes either side of a span, on one line, for error listings.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(40);
    while !text.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (end + 40).min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[a..b].split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2017-04-07" functionInDocument="CREATION_TIME">20170407</TIMEX3></DCT>
<TEXT>Tom &amp; Ann <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2017-04-06">Thursday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="PT2H">two hours</TIMEX3>.</TEXT></TimeML>"#;

    #[test]
    fn parses_text_offsets_and_dct() {
        let d = parse(SAMPLE).unwrap();
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(2017, 4, 7));
        assert_eq!(d.text, "Tom & Ann met Thursday for two hours.");
        assert_eq!(d.gold.len(), 2);
        assert_eq!(&d.text[d.gold[0].start..d.gold[0].end], "Thursday");
        assert_eq!((d.gold[1].timex_type.as_str(), d.gold[1].value.as_str()), ("DURATION", "PT2H"));
    }

    #[test]
    fn scores_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.tml"), SAMPLE).unwrap();
        let s = evaluate(&Pipeline::builtin(), dir.path()).unwrap();
        assert_eq!((s.documents, s.relaxed.gold), (1, 2));
        assert_eq!(s.relaxed.correct, 2, "{s:?}");
        assert_eq!(s.value.correct, 2, "{:?}", s.value_errors);
        assert!((s.strict.f1() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn wrong_values_by_how_they_differ() {
        use Mismatch::*;
        assert_eq!(mismatch("1989-WXX", "1989-W43"), GoldUnspecified);
        assert_eq!(mismatch("1948-XX", "1948"), GoldUnspecified);
        assert_eq!(mismatch("1998-XX-XX", "1998"), GoldUnspecified);
        assert_eq!(mismatch("1998-10-23", "1998-10-23TNI"), PartOfDay);
        assert_eq!(mismatch("1988", "1988-Q3"), Granularity);
        assert_eq!(mismatch("1989-WXX", "1988-W43"), Different);
        assert_eq!(mismatch("1990-08-07", "1990-08-14"), Different);
        assert_eq!(mismatch("PXY", "PAST_REF"), Different);
    }

    #[test]
    fn one_digit_weeks_read_as_iso_weeks() {
        assert_eq!(iso_week_digits("2000-W6"), "2000-W06");
        assert_eq!(iso_week_digits("2000-W6-WE"), "2000-W06-WE");
        assert_eq!(iso_week_digits("2000-W16"), "2000-W16");
        assert_eq!(iso_week_digits("1989-WXX"), "1989-WXX");
        assert_eq!(iso_week_digits("PRESENT_REF"), "PRESENT_REF");
    }
}
