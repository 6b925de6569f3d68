//! The library's batch runner: output in input order, identical for any thread count and any
//! chunk size (chunk boundaries are where an ordering bug would show).

mod common;

use gleaner::corpus::{walk, CorpusOptions, Units};
use gleaner::output::{write_outcome, Outcome, Sink};
use gleaner::pipeline::{run, RunOptions};
use gleaner::Pipeline;
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

fn run_with(jobs: usize, chunk_units: usize) -> (Vec<u8>, gleaner::pipeline::Summary) {
    let pipeline = Pipeline::builtin();
    let paths = vec![common::root().join("tests/data/news"), common::root().join("samples"), "/no/such/input".into()];
    let (inputs, errors) = walk(&paths);
    let options = RunOptions { jobs, chunk_units, ..RunOptions::default() };
    let buf = Arc::new(Mutex::new(Vec::new()));
    let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(Memory(buf.clone()))];
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
    let recs = common::records(&reference);
    assert_eq!(recs[0]["kind"], "error", "walk errors come first");
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
