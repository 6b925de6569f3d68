//! The library's batch runner: output in input order, identical for any thread count and any
//! chunk size (chunk boundaries are where an ordering bug would show, and the chunk size also
//! sets how many documents a worker runs the stages over together: all seven in one group, or
//! one to three).

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
    run_pipeline(&pipeline, jobs, chunk_units, rendered)
}

fn run_pipeline(
    pipeline: &Pipeline,
    jobs: usize,
    chunk_units: usize,
    rendered: bool,
) -> (Vec<u8>, gleaner::pipeline::Summary) {
    let paths = vec![common::root().join("tests/data/news"), common::root().join("samples"), "/no/such/input".into()];
    let (inputs, errors) = walk(&paths);
    let options = RunOptions { jobs, chunk_units, ..RunOptions::default() };
    let buf = Arc::new(Mutex::new(Vec::new()));
    let sink: Box<dyn Sink> = if rendered { Box::new(Lines(buf.clone())) } else { Box::new(Memory(buf.clone())) };
    let mut sinks = vec![sink];
    let units = Units::new(inputs, &CorpusOptions::default());
    let mut seen = 0;
    let summary = run(pipeline, units, &errors, &options, &mut sinks, &mut |_| seen += 1).unwrap();
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

/// An annotator with a bug that one document sets off (it panics there), on its own or asking
/// for whole chunks.
struct Panicking {
    batches: bool,
}

impl Annotator for Panicking {
    fn name(&self) -> &'static str {
        "panicking"
    }
    fn annotate(&self, doc: &Doc, _out: &mut Vec<Mention>) {
        assert_ne!(doc.document.id, "port-strike.txt", "a bug that this document sets off");
    }
    fn batches(&self) -> bool {
        self.batches
    }
}

#[test]
fn a_stage_that_panics_costs_its_document_and_the_run_goes_on() {
    let (reference, _) = run_with(1, 1024);
    let reference = common::records(&reference);
    let id = |r: &serde_json::Value| r["doc_id"].as_str().unwrap_or_default().to_string();
    for (batches, rendered, jobs) in [(false, false, 1), (false, true, 2), (true, false, 2), (true, true, 1)] {
        let pipeline = Pipeline::builtin().with(Box::new(Panicking { batches }));
        let (out, summary) = run_pipeline(&pipeline, jobs, 2, rendered);
        let out = common::records(&out);
        let errors: Vec<&serde_json::Value> = common::of_kind(&out, "error");
        let case = format!("batches {batches}, rendered {rendered}, jobs {jobs}");
        // The missing path, then the document (with a batching stage, its chunk: two of them).
        assert_eq!(errors.len(), if batches { 3 } else { 2 }, "{case}: {errors:?}");
        assert!(errors[1..].iter().all(|e| e["error"].as_str().unwrap().starts_with("internal error: ")), "{case}");
        assert!(errors.iter().any(|e| e["path"].as_str().unwrap().ends_with("port-strike.txt")), "{case}");
        assert!(errors[1]["error"].as_str().unwrap().contains("a bug that this document sets off"), "{case}");
        assert_eq!(summary.documents + summary.errors, 8, "{case}");
        // Every other document's records are those of a run without the bug.
        let failed: Vec<String> = out.iter().filter(|r| r["kind"] == "error").map(|e| e["path"].to_string()).collect();
        let kept = |recs: &[serde_json::Value]| -> Vec<serde_json::Value> {
            recs.iter()
                .filter(|r| r["kind"] != "error" && !failed.iter().any(|p| p.contains(&id(r))))
                .cloned()
                .collect()
        };
        assert!(!kept(&out).is_empty() && kept(&out) == kept(&reference), "{case}");
    }
}

/// A sink with a bug: it panics on the first document it is given.
struct Broken;

impl Sink for Broken {
    fn write(&mut self, _outcome: &Outcome) -> io::Result<()> {
        panic!("a bug in a sink")
    }
    fn finish(self: Box<Self>) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_sink_that_panics_ends_the_run_instead_of_hanging_it() {
    // (The writer stops; the thread that hands out chunks, waiting for it to write one, must
    // stop too rather than wait for ever. With one worker, all is done on the caller's thread.)
    for jobs in [1, 2] {
        let (inputs, errors) = walk(&[common::root().join("tests/data/news")]);
        let options = RunOptions { jobs, chunk_units: 1, ..RunOptions::default() };
        let units = Units::new(inputs, &CorpusOptions::default());
        let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(Broken)];
            run(&Pipeline::builtin(), units, &errors, &options, &mut sinks, &mut |_| {})
        }));
        let message = ended.expect_err("the sink's panic comes out of the run");
        assert_eq!(message.downcast_ref::<&str>(), Some(&"a bug in a sink"), "jobs {jobs}");
    }
}
