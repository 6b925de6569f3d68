//! Helpers shared by the integration tests: run the `gleaner` binary, read its records.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root (where `samples/` and `tests/data/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample press release shipped with the repository.
pub fn sample_press_release() -> PathBuf {
    root().join("samples/press/hrf-tillerson-russia-2017.txt")
}

/// Run `gleaner` with arguments, stdin closed.
pub fn gleaner(args: &[&str]) -> Output {
    gleaner_stdin(args, None)
}

/// Run `gleaner` with arguments and the given standard input.
pub fn gleaner_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gleaner");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    }
    child.wait_with_output().expect("gleaner finishes")
}

/// Parse JSONL into records.
pub fn records(jsonl: &[u8]) -> Vec<Value> {
    std::str::from_utf8(jsonl)
        .expect("JSONL is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSONL line {l:?}: {e}")))
        .collect()
}

/// Records of one kind.
pub fn of_kind<'a>(records: &'a [Value], kind: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["kind"] == kind).collect()
}

/// Mentions of one type.
pub fn mentions<'a>(records: &'a [Value], mention_type: &str) -> Vec<&'a Value> {
    records.iter().filter(|r| r["kind"] == "mention" && r["type"] == mention_type).collect()
}

/// Write a file, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// A sink that keeps the JSONL a batch run writes in memory, for library-level runs.
pub struct MemorySink(pub std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl gleaner::output::Sink for MemorySink {
    fn write(&mut self, outcome: &gleaner::output::Outcome) -> std::io::Result<()> {
        gleaner::output::write_outcome(&mut *self.0.borrow_mut(), outcome)
    }
    fn finish(self: Box<Self>) -> std::io::Result<()> {
        Ok(())
    }
}

/// The JSONL `pipeline::run` writes for `dir` with `jobs` threads and chunks of `chunk` documents.
pub fn batch_jsonl(pipeline: &gleaner::Pipeline, dir: &Path, jobs: usize, chunk: usize) -> Vec<u8> {
    use gleaner::pipeline::{self, RunOptions};
    let out = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let (inputs, errors) = gleaner::corpus::walk(&[dir.to_path_buf()]);
    let options = RunOptions { jobs, chunk_units: chunk, ..RunOptions::default() };
    let mut sinks: Vec<Box<dyn gleaner::output::Sink>> = vec![Box::new(MemorySink(out.clone()))];
    let units = gleaner::corpus::Units::new(inputs, &options.corpus);
    pipeline::run(pipeline, units, &errors, &options, &mut sinks, &mut |_| {}).expect("the run writes to memory");
    out.take()
}
