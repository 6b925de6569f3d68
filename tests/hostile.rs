//! Inputs real folders contain that break naive tools: each is processed (or reported as an
//! error record) without a panic, and the run goes on. Sizes are kept small enough for a debug
//! build; the shapes are what matter (a quadratic step shows as a test that never ends).

mod common;

use common::{gleaner, mentions, of_kind, records, sample_press_release, write};
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn long_lines_many_capitals_nested_html_and_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let press = std::fs::read_to_string(sample_press_release()).unwrap();
    // One line of 600 KB: no line breaks anywhere.
    write(&dir.path().join("a-one-line.txt"), press.replace('\n', " ").repeat(180).as_bytes());
    // 50,000 capitalized words in a row.
    write(&dir.path().join("b-capitals.txt"), "Alpha Beta Gamma Delta Epsilon ".repeat(10_000).as_bytes());
    // Deeply nested and malformed HTML.
    let nested = format!(
        "<html><body>{}Talks in Geneva on Monday{}<p>unclosed <b><i><table><tr><td>Paris &amp &#xZZ;",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    write(&dir.path().join("c-nested.html"), nested.as_bytes());
    // UTF-16 with a byte-order mark, and mixed line endings.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Talks opened in Geneva on Monday.\r\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    write(&dir.path().join("d-utf16.txt"), &utf16);
    write(
        &dir.path().join("e-line-endings.txt"),
        b"Officials met in Paris.\r\nThey left for Berlin.\rThen Rome.\n\nDone.",
    );
    // A file over --max-bytes.
    write(&dir.path().join("f-big.txt"), "x".repeat(3_000).as_bytes());
    let out = gleaner(&["extract", "-q", "--max-bytes", "2000000", s(dir.path())]);
    let recs = records(&out.stdout);
    assert_eq!(of_kind(&recs, "document").len(), 6, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(mentions(&recs, "place").iter().any(|m| m["doc_id"] == "c-nested.html" && m["text"] == "Geneva"));
    assert!(mentions(&recs, "place").iter().any(|m| m["doc_id"] == "d-utf16.txt" && m["text"] == "Geneva"));
    let places: Vec<&str> = mentions(&recs, "place")
        .iter()
        .filter(|m| m["doc_id"] == "e-line-endings.txt")
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(places, ["Paris", "Berlin", "Rome"]);
    let small = gleaner(&["extract", "-q", "--max-bytes", "1000", s(&dir.path().join("f-big.txt"))]);
    assert_eq!(small.status.code(), Some(1));
    assert!(of_kind(&records(&small.stdout), "error")[0]["error"].as_str().unwrap().contains("--max-bytes"));
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_many_tiny_files() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    for i in 0..2_000 {
        write(&dir.path().join(format!("tiny/{i:05}.txt")), format!("Note {i} from Paris.").as_bytes());
    }
    let out = gleaner(&["extract", "-q", s(dir.path())]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(of_kind(&records(&out.stdout), "document").len(), 2_000, "the loop is not followed");
}
