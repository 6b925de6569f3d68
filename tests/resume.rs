//! Never losing work: a resumable run killed part-way continues to exactly the records of an
//! uninterrupted run, and Ctrl-C on an ordinary run leaves earlier outputs as they were.
//!
//! Input comes on standard input (JSONL), fed by the test, so the run is stopped at a known
//! point rather than after a guessed delay.

mod common;

use common::root;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// JSONL input: the news texts of tests/data, numbered so every document differs, and one line
/// that is not JSON (an error record, which a resumed run must not repeat).
fn jsonl_input(n: usize) -> Vec<String> {
    let dir = root().join("tests/data/news");
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    (0..n)
        .map(|i| {
            if i == 7 {
                return "{not json".to_string();
            }
            let text = format!("{}\nFiled as report {i}.", texts[i % texts.len()]);
            serde_json::json!({ "id": format!("doc-{i}"), "date": "2019-05-02", "text": text }).to_string()
        })
        .collect()
}

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run gleaner")
}

fn run_to_end(args: &[&str], lines: &[String]) -> std::process::Output {
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().unwrap();
    for l in lines {
        writeln!(stdin, "{l}").unwrap();
    }
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// Wait until `check` holds (the child is blocked on input meanwhile, so this is not a race).
fn wait_for(what: &str, check: impl Fn() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn partials(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".partial"))
        .collect()
}

#[test]
fn a_killed_resumable_run_continues_to_the_records_of_an_uninterrupted_run() {
    // (One worker runs on the main thread; more, on a pool beside a reader and a writer.)
    for jobs in ["1", "2"] {
        killed_and_resumed(jobs);
    }
}

fn killed_and_resumed(jobs: &str) {
    let lines = jsonl_input(120);
    let whole = tempfile::tempdir().unwrap();
    let out =
        run_to_end(&["extract", "-q", "--stdin-format", "jsonl", "--out", whole.path().to_str().unwrap(), "-"], &lines);
    assert_eq!(out.status.code(), Some(1), "one line is not JSON");
    let expected = std::fs::read(whole.path().join("records.jsonl")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args =
        ["extract", "-q", "--resume", "--chunk-docs", "10", "--jobs", jobs, "--stdin-format", "jsonl", "--out", d, "-"];
    // Feed 45 lines: four chunks can be written, the fifth waits for input. Kill the run once
    // a checkpoint is on disk, then tear the file's end as a kill during a write would.
    let mut child = spawn(&args);
    let mut stdin = child.stdin.take().unwrap();
    for l in &lines[..45] {
        writeln!(stdin, "{l}").unwrap();
    }
    stdin.flush().unwrap();
    let checkpoint = dir.path().join(".gleaner-resume");
    wait_for("a checkpoint", || {
        std::fs::read_to_string(&checkpoint).is_ok_and(|s| s.trim().parse::<u64>().is_ok_and(|n| n > 0))
    });
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let records = dir.path().join("records.jsonl");
    let written = std::fs::read(&records).unwrap();
    assert!(!written.is_empty() && written.len() < expected.len(), "stopped part-way");
    assert_eq!(&expected[..written.len()], &written[..], "what was written is a prefix of the whole");
    std::fs::OpenOptions::new().append(true).open(&records).unwrap().write_all(b"{\"kind\":\"docum").unwrap();

    let out = run_to_end(&args, &lines);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&records).unwrap(), expected, "same records as an uninterrupted run (jobs {jobs})");
    assert!(!checkpoint.exists(), "a finished run removes its checkpoint");

    // Resuming a finished run does nothing.
    let out = run_to_end(&args, &lines);
    assert!(out.status.success());
    assert_eq!(std::fs::read(&records).unwrap(), expected);
}

#[test]
fn ctrl_c_leaves_earlier_outputs_as_they_were_and_no_partial_files() {
    let lines = jsonl_input(30);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let args =
        ["extract", "-q", "--chunk-docs", "5", "--format", "jsonl,csv", "--stdin-format", "jsonl", "--out", d, "-"];
    run_to_end(&args, &lines[..10]);
    let before = std::fs::read(dir.path().join("records.jsonl")).unwrap();
    let csv_before = std::fs::read(dir.path().join("mentions.csv")).unwrap();

    let mut child = spawn(&args);
    let mut stdin = child.stdin.take().unwrap();
    // Standard error line by line, as it comes: the run says when it has taken the Ctrl-C.
    let stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let (line_sent, lines_said) = std::sync::mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in std::io::BufRead::lines(stderr).map_while(Result::ok) {
            let _ = line_sent.send(line);
        }
    });
    for l in &lines {
        writeln!(stdin, "{l}").unwrap();
    }
    stdin.flush().unwrap();
    wait_for("the run's files aside", || !partials(dir.path()).is_empty());
    let status = Command::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status().unwrap();
    assert!(status.success());
    // Input ends only once the run has taken the Ctrl-C (its handler runs on its own thread).
    let mut said = Vec::new();
    while !said.iter().any(|l: &String| l.contains("stopping")) {
        said.push(lines_said.recv_timeout(Duration::from_secs(60)).expect("the run answers Ctrl-C"));
    }
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    said.extend(lines_said.try_iter());
    assert_eq!(status.code(), Some(130), "{said:?}");
    assert!(said.iter().any(|l| l.contains("interrupted")), "{said:?}");
    assert_eq!(std::fs::read(dir.path().join("records.jsonl")).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("mentions.csv")).unwrap(), csv_before);
    assert_eq!(partials(dir.path()), Vec::<String>::new());
}

#[test]
fn resume_refuses_formats_it_cannot_append_to() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::gleaner(&["extract", "--resume", "--format", "csv", "--out", dir.path().to_str().unwrap(), "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("JSONL only"));
}
