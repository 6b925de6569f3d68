//! Scoring quantity spans against MeasEval (SemEval-2021 Task 8) data: a folder with `tsv/`
//! annotation files and their texts in `text/` or `txt/`.
//!
//! MeasEval's Quantity is any measured or counted value, years and durations included, so the
//! predictions scored are gleaner's quantity mentions plus its date mentions that hold a digit
//! or are durations (gleaner files "1991" and "5 hours" under dates). Scores:
//! - exact: same span; overlap: a prediction overlapping a gold span counts for precision, a gold
//!   span overlapped by a prediction counts for recall;
//! - qualifier agreement on overlapping pairs: MeasEval's IsApproximate ↔ `approx`, IsRange ↔
//!   `range` or a bound (at_least, at_most, more_than, less_than), neither ↔ `exact`.

use super::Prf;
use crate::corpus::{from_text, CorpusOptions};
use crate::output::MentionFields;
use crate::Pipeline;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// One gold Quantity.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldQuantity {
    /// First character offset (MeasEval counts characters).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The modifiers (IsApproximate, IsRange, IsCount…).
    pub mods: Vec<String>,
}

/// Scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasevalScores {
    /// Paragraphs scored.
    pub documents: usize,
    /// Exact-span counts.
    pub exact: Prf,
    /// Overlap counts for recall: `correct` is gold spans overlapped by a prediction.
    pub overlap: Prf,
    /// Predictions overlapping some gold span (overlap precision's numerator).
    pub overlap_precision_correct: usize,
    /// Overlapping pairs whose qualifier agrees with the modifiers / overlapping pairs.
    pub qualifier_agreement: f64,
    /// Qualifier agreement per MeasEval modifier class: (agree, total).
    pub by_modifier: BTreeMap<String, (usize, usize)>,
    /// Gold quantities not overlapped, with context.
    pub missed: Vec<String>,
    /// Predictions overlapping no gold, with context.
    pub spurious: Vec<String>,
}

impl fmt::Display for MeasevalScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}", self.documents)?;
        writeln!(
            f,
            "{:<10} {:>6} {:>6} {:>6}   gold {} predicted {}",
            "", "P", "R", "F1", self.overlap.gold, self.overlap.predicted
        )?;
        let e = &self.exact;
        writeln!(f, "{:<10} {:>6.3} {:>6.3} {:>6.3}", "exact", e.precision(), e.recall(), e.f1())?;
        let (p, r, f1) = self.overlap_prf();
        writeln!(f, "{:<10} {p:>6.3} {r:>6.3} {f1:>6.3}", "overlap")?;
        writeln!(f, "qualifier agreement on overlapping pairs {:.3}", self.qualifier_agreement)?;
        for (m, (a, t)) in &self.by_modifier {
            writeln!(f, "  {m:<14} {a}/{t}")?;
        }
        Ok(())
    }
}

impl MeasevalScores {
    /// Overlap precision, recall and F1.
    pub fn overlap_prf(&self) -> (f64, f64, f64) {
        let p = if self.overlap.predicted > 0 {
            self.overlap_precision_correct as f64 / self.overlap.predicted as f64
        } else {
            0.0
        };
        let r = self.overlap.recall();
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    }
}

/// Parse one MeasEval TSV into its Quantity annotations.
pub fn parse_tsv(tsv: &str) -> Vec<GoldQuantity> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 7 || cols[2] != "Quantity" {
            continue;
        }
        let (Ok(start), Ok(end)) = (cols[3].parse(), cols[4].parse()) else { continue };
        let mods = cols
            .get(7)
            .and_then(|o| serde_json::from_str::<serde_json::Value>(o).ok())
            .and_then(|v| {
                v.get("mods")
                    .and_then(|m| m.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
            })
            .unwrap_or_default();
        out.push(GoldQuantity { start, end, mods });
    }
    out
}

/// The modifier class a qualifier agrees with.
fn modifier_class(mods: &[String]) -> &'static str {
    if mods.iter().any(|m| m == "IsApproximate") {
        "IsApproximate"
    } else if mods.iter().any(|m| m == "IsRange") {
        "IsRange"
    } else {
        "none"
    }
}

fn qualifier_agrees(class: &str, qualifier: &str) -> bool {
    match class {
        "IsApproximate" => qualifier == "approx",
        "IsRange" => matches!(qualifier, "range" | "at_least" | "at_most" | "more_than" | "less_than"),
        _ => qualifier == "exact",
    }
}

fn find_text(dir: &Path, doc_id: &str) -> Option<PathBuf> {
    ["text", "txt"].iter().map(|sub| dir.join(sub).join(format!("{doc_id}.txt"))).find(|p| p.exists())
}

/// Score the pipeline on MeasEval folders (each with `tsv/` and `text/` or `txt/`).
pub fn evaluate(pipeline: &Pipeline, dirs: &[PathBuf]) -> Result<MeasevalScores, String> {
    let mut s = MeasevalScores::default();
    let (mut agree, mut pairs) = (0usize, 0usize);
    for dir in dirs {
        let tsv_dir = dir.join("tsv");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&tsv_dir)
            .map_err(|e| format!("{}: {e}; expected a MeasEval folder with tsv/ and text/", tsv_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
            .collect();
        files.sort();
        for tsv_path in files {
            let doc_id = tsv_path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
            let Some(text_path) = find_text(dir, &doc_id) else { continue };
            let text = std::fs::read_to_string(&text_path).map_err(|e| format!("{}: {e}", text_path.display()))?;
            let gold =
                parse_tsv(&std::fs::read_to_string(&tsv_path).map_err(|e| format!("{}: {e}", tsv_path.display()))?);
            let Ok(document) = from_text(&doc_id, &text, &CorpusOptions::default()) else { continue };
            let out = pipeline.process(&document);
            s.documents += 1;
            // Character offsets for the gold; gleaner reports bytes.
            let char_of = |byte: usize| text[..byte].chars().count();
            let predicted: Vec<(usize, usize, &'static str, String)> = out
                .mentions
                .iter()
                .filter_map(|m| {
                    let qualifier = match &m.fields {
                        MentionFields::Quantity { qualifier, .. } => *qualifier,
                        MentionFields::Date { timex_type, modifier, .. }
                            if *timex_type == "DURATION" || m.text.bytes().any(|b| b.is_ascii_digit()) =>
                        {
                            match *modifier {
                                Some("APPROX") => "approx",
                                Some("MORE_THAN") => "more_than",
                                Some("LESS_THAN") => "less_than",
                                Some("EQUAL_OR_MORE") => "at_least",
                                Some("EQUAL_OR_LESS") => "at_most",
                                _ => "exact",
                            }
                        }
                        _ => return None,
                    };
                    Some((char_of(m.start), char_of(m.end), qualifier, m.text.clone()))
                })
                .collect();
            let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
            s.exact.gold += gold.len();
            s.overlap.gold += gold.len();
            s.exact.predicted += predicted.len();
            s.overlap.predicted += predicted.len();
            s.exact.correct += predicted.iter().filter(|p| gold.iter().any(|g| g.start == p.0 && g.end == p.1)).count();
            let chars: Vec<char> = text.chars().collect();
            let context = |a: usize, b: usize| -> String {
                chars[a.saturating_sub(30)..(b + 30).min(chars.len())]
                    .iter()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for g in &gold {
                match predicted.iter().find(|p| overlaps((p.0, p.1), (g.start, g.end))) {
                    Some(p) => {
                        s.overlap.correct += 1;
                        let class = modifier_class(&g.mods);
                        let ok = qualifier_agrees(class, p.2);
                        pairs += 1;
                        agree += usize::from(ok);
                        let e = s.by_modifier.entry(class.to_string()).or_default();
                        e.0 += usize::from(ok);
                        e.1 += 1;
                    }
                    None => s.missed.push(format!(
                        "{} «{}»",
                        chars[g.start..g.end].iter().collect::<String>(),
                        context(g.start, g.end)
                    )),
                }
            }
            // Overlap precision: predictions that overlap some gold span.
            let good = predicted.iter().filter(|p| gold.iter().any(|g| overlaps((p.0, p.1), (g.start, g.end)))).count();
            for p in predicted.iter().filter(|p| !gold.iter().any(|g| overlaps((p.0, p.1), (g.start, g.end)))) {
                s.spurious.push(format!("{} «{}»", p.3, context(p.0, p.1)));
            }
            s.overlap_precision_correct += good;
        }
    }
    s.qualifier_agreement = if pairs > 0 { agree as f64 / pairs as f64 } else { 0.0 };
    if s.documents == 0 {
        return Err("no MeasEval documents found (expected tsv/ with text/ or txt/ beside it)".into());
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_small_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("tsv")).unwrap();
        std::fs::create_dir_all(dir.path().join("text")).unwrap();
        let text = "We tested 5318 participants for about 5 hours; temperatures reached −4°C.";
        std::fs::write(dir.path().join("text/d1.txt"), text).unwrap();
        let c = |s: &str| text.find(s).map(|b| text[..b].chars().count()).unwrap();
        let n = |s: &str| s.chars().count();
        let tsv = format!(
            "docId\tannotSet\tannotType\tstartOffset\tendOffset\tannotId\ttext\tother\nd1\t1\tQuantity\t{}\t{}\tT1\t5318 participants\t{{\"unit\": \"participants\"}}\nd1\t2\tQuantity\t{}\t{}\tT2\tabout 5 hours\t{{\"mods\": [\"IsApproximate\"]}}\nd1\t3\tMeasuredEntity\t0\t2\tT3\tWe\t\n",
            c("5318"), c("5318") + n("5318 participants"), c("about"), c("about") + n("about 5 hours"),
        );
        std::fs::write(dir.path().join("tsv/d1.tsv"), tsv).unwrap();
        let s = evaluate(&Pipeline::builtin(), &[dir.path().to_path_buf()]).unwrap();
        assert_eq!((s.documents, s.overlap.gold, s.overlap.correct), (1, 2, 2), "{s:?}");
        assert_eq!(s.exact.correct, 2, "both match exactly: {s:?}");
        assert!(s.qualifier_agreement > 0.99, "{s:?}");
    }
}
