//! The library's batch runner: output in input order, identical for any thread count and any
//! chunk size (chunk boundaries are where an ordering bug would show).

mod common;

use gleaner::corpus::{walk, CorpusOptions, Units};
use gleaner::document::{Doc, Mention};
use gleaner::output::{write_outcome, Outcome, Sink};
use gleaner::pipeline::{run, RunOptions};
use gleaner::{Annotator, Pipeline};
use std::io;
use std::sync::{Arc, Mutex};

/// A sink that keeps JSONL in memory.
struct Memory(Arc<Mutex<Vec<u8>>>);

impl Sink for Memory {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        write_outcome(&mut *self.0.lock().unwrap(), outcome)
    }
    fn finish(self: Box<Self>) -> io::Result<()> {
        Ok(())
    }
}

/// A sink that takes the JSON lines the runner renders in its workers (as the JSONL sink does),
/// so the runner drops the records early.
struct Lines(Arc<Mutex<Vec<u8>>>);

impl Sink for Lines {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        // (Only errors found while walking come unrendered.)
        assert!(outcome.is_err(), "documents come rendered");
        write_outcome(&mut *self.0.lock().unwrap(), outcome)
    }
    fn writes_jsonl(&self) -> bool {
        true
    }
    fn write_rendered(&mut self, outcome: &Outcome, jsonl: Option<&[u8]>) -> io::Result<()> {
        match jsonl {
            Some(lines) => {
                self.0.lock().unwrap().extend_from_slice(lines);
                Ok(())
            }
            None => self.write(outcome),
        }
    }
    fn finish(self: Box<Self>) -> io::Result<()> {
        Ok(())
    }
}

/// An annotator that finds nothing but asks for whole chunks, as the transformer does: the
/// runner then takes its batching path.
struct Batching;

impl Annotator for Batching {
    fn name(&self) -> &'static str {
        "batching"
    }
    fn annotate(&self, _doc: &Doc, _out: &mut Vec<Mention>) {}
    fn batches(&self) -> bool {
        true
    }
}

fn run_with(jobs: usize, chunk_units: usize) -> (Vec<u8>, gleaner::pipeline::Summary) {
    run_into(jobs, chunk_units, false, false)
}

fn run_into(jobs: usize, chunk_units: usize, rendered: bool, batching: bool) -> (Vec<u8>, gleaner::pipeline::Summary) {
    let pipeline = if batching { Pipeline::builtin().with(Box::new(Batching)) } else { Pipeline::builtin() };
    let paths = vec![common::root().join("tests/data/news"), common::root().join("samples"), "/no/such/input".into()];
    let (inputs, errors) = walk(&paths);
    let options = RunOptions { jobs, chunk_units, ..RunOptions::default() };
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink: Box<dyn Sink> = if rendered { Box::new(Lines(buf.clone())) } else { Box::new(Memory(buf.clone())) };
    let mut sinks = vec![sink];
    let units = Units::new(inputs, &CorpusOptions::default());
    let mut seen = 0;
    let summary = run(&pipeline, units, &errors, &options, &mut sinks, &mut |_| seen += 1).unwrap();
    assert_eq!(seen, summary.documents + summary.errors);
    let out = buf.lock().unwrap().clone();
    (out, summary)
}

#[test]
fn same_output_for_any_threads_and_chunk_size() {
    let (reference, summary) = run_with(1, 1024);
    assert_eq!(summary.documents, 7);
    assert_eq!(summary.errors, 1, "the missing path");
    assert!(summary.claims >= 10, "{summary:?}");
    for (jobs, chunk) in [(2, 1), (3, 2), (4, 3)] {
        let (out, _) = run_with(jobs, chunk);
        assert!(out == reference, "jobs {jobs}, chunk {chunk}");
    }
    // Rendered in the workers, whose records are then dropped early: the same bytes, the same
    // counts in the summary.
    let (rendered, rendered_summary) = run_into(2, 3, true, false);
    assert!(rendered == reference, "rendered JSON lines differ");
    assert_eq!(rendered_summary, summary);
    // A batching annotator sends each chunk through the stages together: the same again.
    for rendered in [false, true] {
        let (batched, batched_summary) = run_into(2, 3, rendered, true);
        assert!(batched == reference, "batched (rendered: {rendered}) output differs");
        assert_eq!(batched_summary, summary);
    }
    let recs = common::records(&reference);
    assert_eq!(recs[0]["kind"], "error", "walk errors come first");
    let mention_lines = common::of_kind(&recs, "mention").len();
    assert_eq!(summary.mentions.values().sum::<usize>(), mention_lines);
    let ids: Vec<&str> = common::of_kind(&recs, "document").iter().map(|d| d["doc_id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "city-budget.txt",
            "election-count.txt",
            "flood-relief.txt",
            "port-strike.txt",
            "trade-talks.txt",
            "wildfire.html",
            "press/hrf-tillerson-russia-2017.txt"
        ]
    );
}
