//! The hand-checked news sentences in tests/data/quantities_news.tsv: each sentence's quantity
//! (text, value, range end, qualifier, unit), or none. Prints every miss and the accuracy, and
//! holds the accuracy above a floor so that a regression shows.

use gleaner::corpus::{from_text, CorpusOptions};
use gleaner::output::MentionFields;
use gleaner::Pipeline;

const CASES: &str = include_str!("data/quantities_news.tsv");

/// A quantity found: text, value, range end, qualifier, unit.
type Found = (String, f64, Option<f64>, String, Option<String>);

#[test]
fn news_sentences_yield_their_quantities() {
    let pipeline = Pipeline::builtin();
    let (mut right, mut total) = (0, 0);
    let mut misses = Vec::new();
    for line in CASES.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "malformed row: {line:?}");
        let (sentence, text) = (cols[0], cols[1]);
        let doc = from_text("t", sentence, &CorpusOptions::default()).unwrap();
        let found: Vec<Found> = pipeline
            .process(&doc)
            .mentions
            .into_iter()
            .filter_map(|m| match m.fields {
                MentionFields::Quantity { value, value_max, qualifier, unit } => {
                    Some((m.text, value.0, value_max.map(|v| v.0), qualifier.to_string(), unit))
                }
                _ => None,
            })
            .collect();
        total += 1;
        let ok = if text == "-" {
            found.is_empty()
        } else {
            let value: f64 = cols[2].parse().unwrap();
            let value_max: Option<f64> = (!cols[3].is_empty()).then(|| cols[3].parse().unwrap());
            let unit = (!cols[5].is_empty()).then(|| cols[5].to_string());
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
            found.iter().any(|(t, v, vm, q, u)| {
                t == text
                    && close(*v, value)
                    && vm.zip(value_max).map_or(vm.is_none() && value_max.is_none(), |(a, b)| close(a, b))
                    && q == cols[4]
                    && *u == unit
            })
        };
        if ok {
            right += 1;
        } else {
            misses.push(format!("{sentence}\n    expected {:?}\n    found    {found:?}", &cols[1..]));
        }
    }
    let accuracy = right as f64 / total as f64;
    println!("quantities on {total} news sentences: {right} right, accuracy {accuracy:.3}");
    for m in &misses {
        println!("  {m}");
    }
    assert!(total >= 100, "the set holds at least 100 sentences");
    assert!(accuracy >= 0.9, "accuracy {accuracy:.3} fell below 0.9; misses above");
}
