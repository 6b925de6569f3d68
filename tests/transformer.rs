//! The transformer stage end to end with the tiny model the repository makes itself
//! (models/make-tiny-model.py → models/tiny-bert-ner): loading, offsets back into the text, label
//! mapping, overlapping windows over a long sentence, and the merge with the rule stages.
//!
//! The tiny model's weights are random with a bias that makes every word "B-PER", so every word
//! comes out as a one-word person: what is checked is plumbing, not accuracy. Built only with
//! `--features transformer` (libtorch 2.4; see models/README.md).
#![cfg(feature = "transformer")]

mod common;

use common::{gleaner, mentions, records, root};
use gleaner::corpus::{from_text, CorpusOptions};
use gleaner::ner::{Device, TransformerAnnotator, TransformerOptions};
use gleaner::output::MentionRecord;
use gleaner::{Annotator, Pipeline};
use std::sync::LazyLock;

fn tiny() -> TransformerAnnotator {
    let model = root().join("models/tiny-bert-ner").display().to_string();
    TransformerAnnotator::load(&TransformerOptions { model, device: Device::Cpu, batch_size: 4, threads: 1 })
        .expect("the tiny model loads")
}

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::builtin().with(Box::new(tiny())));

fn extract(text: &str) -> Vec<MentionRecord> {
    let doc = from_text("t", text, &CorpusOptions::default()).unwrap();
    PIPELINE.process(&doc).mentions
}

#[test]
fn every_word_maps_back_to_its_bytes_and_its_label() {
    let text = "Talks in Zürich – “Genève” next — ended.\nThe envoy left.";
    let doc = from_text("t", text, &CorpusOptions::default()).unwrap();
    let analyzed = gleaner::tokenize::analyze(&doc);
    let mut out = Vec::new();
    tiny().annotate(&analyzed, &mut out);
    let words: Vec<&str> = out.iter().map(|m| &text[m.span.start..m.span.end]).collect();
    // Word by word, punctuation included as its own word, across characters of 1 to 3 bytes.
    assert!(words.contains(&"Zürich") && words.contains(&"Genève") && words.contains(&"envoy"), "{words:?}");
    for m in &out {
        assert_eq!(m.source, "transformer");
        assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
        assert_eq!(m.mention_type(), gleaner::document::MentionType::Person, "B-PER maps to person");
        assert!((0.0..=1.0).contains(&m.confidence));
        assert_eq!(m.sentence, analyzed.sentence_at(m.span.start));
    }
}

#[test]
fn a_sentence_longer_than_the_window_is_labelled_to_its_last_word() {
    // The tiny model's window is 64 word pieces; this sentence has 300 words.
    let words: Vec<String> = (0..300).map(|i| format!("word{i}")).collect();
    let text = format!("{}.", words.join(" "));
    let doc = from_text("t", &text, &CorpusOptions::default()).unwrap();
    let analyzed = gleaner::tokenize::analyze(&doc);
    let mut out = Vec::new();
    tiny().annotate(&analyzed, &mut out);
    let labelled: std::collections::HashSet<&str> = out.iter().map(|m| &text[m.span.start..m.span.end]).collect();
    let missing: Vec<&String> = words.iter().filter(|w| !labelled.contains(w.as_str())).collect();
    assert!(
        missing.is_empty(),
        "{} of {} words not labelled (a window cut off): {missing:?}",
        missing.len(),
        words.len()
    );
    assert_eq!(out.len(), labelled.len(), "overlapping windows give each word once");
}

#[test]
fn rules_win_conflicts_agreement_raises_confidence_and_the_model_fills_gaps() {
    let m = extract("Officials met in Paris on Monday, said Lavrov.");
    let of = |text: &str| m.iter().filter(|r| r.text == text).collect::<Vec<_>>();
    // The gazetteer's place stays a place, with its country.
    assert_eq!(of("Paris").len(), 1);
    assert_eq!(of("Paris")[0].mention_type, "place");
    // The rules' person found next to "said" (confidence 0.7) agrees with the model.
    let lavrov = of("Lavrov");
    assert_eq!((lavrov.len(), lavrov[0].mention_type, lavrov[0].source), (1, "person", "people:speech"));
    assert!(lavrov[0].confidence.0 > 0.7, "{:?}", lavrov[0]);
    // A word no rule claims is the model's.
    assert_eq!(of("met")[0].source, "transformer");
    // Dates are the rules' alone.
    assert_eq!(of("Monday")[0].mention_type, "date");
}

#[test]
fn the_command_line_runs_a_local_model_end_to_end() {
    let model = root().join("models/tiny-bert-ner");
    let sample = root().join("samples/press");
    let out = gleaner(&[
        "extract",
        "-q",
        "--ner-model",
        model.to_str().unwrap(),
        "--device",
        "cpu",
        sample.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let recs = records(&out.stdout);
    let people = mentions(&recs, "person");
    assert!(people.iter().any(|p| p["source"] == "transformer"));
    // The rules' official is still there, and its person.
    assert!(mentions(&recs, "official").iter().any(|o| o["person"] == "Rex Tillerson"));
    let bad = gleaner(&["extract", "-q", "--ner-model", "/nonexistent", sample.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("config.json"));
}

#[test]
fn sentences_batched_across_documents_give_what_each_document_gives_alone() {
    let dir = tempfile::tempdir().unwrap();
    let texts = [
        "Officials met in Paris on Monday, said Lavrov.",
        "The envoy left Geneva. Talks resume next week.",
        &"Words without end go on and on ".repeat(30),
        "Foreign Minister Sergey Lavrov arrived in Ankara.",
        "Short.",
    ];
    let mut alone = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i}.txt")), t).unwrap();
        let doc = gleaner::corpus::from_text(&format!("{i}.txt"), t, &CorpusOptions::default()).unwrap();
        gleaner::output::write_outcome(&mut alone, &Ok(PIPELINE.process(&doc))).unwrap();
    }
    for (jobs, chunk) in [(1, 1024), (2, 2)] {
        let out = common::batch_jsonl(&PIPELINE, dir.path(), jobs, chunk);
        // (Paths differ: the run's records carry the file path, `from_text` the id.)
        let strip = |b: &[u8]| String::from_utf8_lossy(b).replace(&format!("{}/", dir.path().display()), "");
        assert_eq!(strip(&out), strip(&alone), "jobs {jobs}, chunks of {chunk}");
    }
}
