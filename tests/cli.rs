//! The command line over real files: bad inputs, determinism across thread counts, the three
//! output formats holding the same records, JSONL and stdin input, usage errors.

mod common;

use common::{gleaner, gleaner_stdin, mentions, of_kind, records, root, sample_press_release, write};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn bad_files_become_error_records_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a-binary.txt"), b"PK\x03\x04\x00\x00binary\x00stuff");
    write(&dir.path().join("b-empty.txt"), b"");
    write(&dir.path().join("c-latin1.txt"), b"Caf\xe9 in Paris was closed on Monday.");
    std::fs::copy(sample_press_release(), dir.path().join("d-good.txt")).unwrap();
    let out = gleaner(&["extract", s(dir.path())]);
    assert_eq!(out.status.code(), Some(1), "some files failed");
    let recs = records(&out.stdout);
    let errors = of_kind(&recs, "error");
    let error_paths: Vec<&str> = errors.iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(error_paths[0].ends_with("a-binary.txt") && errors[0]["error"].as_str().unwrap().contains("binary"));
    assert!(error_paths[1].ends_with("b-empty.txt") && errors[1]["error"].as_str().unwrap().contains("empty"));
    assert!(error_paths[2].ends_with("c-latin1.txt") && errors[2]["error"].as_str().unwrap().contains("UTF-8"));
    let docs = of_kind(&recs, "document");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["doc_id"], "d-good.txt");
    assert!(!mentions(&recs, "official").is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("a-binary.txt") || l.contains("b-empty.txt") || l.contains("c-latin1.txt"))
            .count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("errors 3"), "summary line: {stderr}");

    // The same Windows-1252 file reads with --encoding.
    let out = gleaner(&["extract", "-q", "--encoding", "windows-1252", s(&dir.path().join("c-latin1.txt"))]);
    assert!(out.status.success());
    assert_eq!(mentions(&records(&out.stdout), "place")[0]["text"], "Paris");
}

/// A folder of many documents: the shipped news texts under many names, with a JSONL file.
fn many_documents(dir: &Path) {
    let sources: Vec<_> =
        std::fs::read_dir(root().join("tests/data/news")).unwrap().map(|e| e.unwrap().path()).collect();
    let mut sources = sources;
    sources.sort();
    sources.push(sample_press_release());
    for i in 0..120 {
        let src = &sources[i % sources.len()];
        let ext = src.extension().unwrap().to_str().unwrap();
        std::fs::copy(src, dir.join(format!("batch-{}/doc-{i:03}.{ext}", i % 4)))
            .or_else(|_| {
                std::fs::create_dir_all(dir.join(format!("batch-{}", i % 4)))?;
                std::fs::copy(src, dir.join(format!("batch-{}/doc-{i:03}.{ext}", i % 4)))
            })
            .unwrap();
    }
    let text = std::fs::read_to_string(sample_press_release()).unwrap();
    let lines: Vec<String> = (0..30)
        .map(|i| serde_json::json!({"id": format!("j{i}"), "text": text, "date": "2017-04-07"}).to_string())
        .collect();
    write(&dir.join("stream.jsonl"), lines.join("\n").as_bytes());
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    many_documents(dir.path());
    let one = gleaner(&["extract", "-q", "--jobs", "1", s(dir.path())]);
    let two = gleaner(&["extract", "-q", "--jobs", "2", s(dir.path())]);
    let four = gleaner(&["extract", "-q", "--jobs", "4", s(dir.path())]);
    assert!(one.status.success() && two.status.success());
    assert!(one.stdout.len() > 100_000, "a real amount of output");
    assert!(one.stdout == two.stdout, "--jobs 1 and --jobs 2 differ");
    assert!(one.stdout == four.stdout, "--jobs 1 and --jobs 4 differ");
    let recs = records(&one.stdout);
    assert_eq!(of_kind(&recs, "document").len(), 150);
    // Input order: folders sorted, then the JSONL lines in file order.
    let ids: Vec<&str> = of_kind(&recs, "document").iter().map(|d| d["doc_id"].as_str().unwrap()).collect();
    assert_eq!(ids[0], "batch-0/doc-000.txt");
    assert_eq!(ids[149], "j29");
}

/// Read a CSV file into maps from column to value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|row| headers.iter().zip(row.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

/// A JSON value as the flat text CSV and SQLite hold.
fn flat(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(flat).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

#[test]
fn csv_and_sqlite_hold_the_same_records_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in ["trade-talks.txt", "wildfire.html", "city-budget.txt"] {
        std::fs::copy(root().join("tests/data/news").join(f), input.join(f)).unwrap();
    }
    std::fs::copy(sample_press_release(), input.join("press.txt")).unwrap();
    write(&input.join("bad.txt"), b"\x00\x01");
    let out = dir.path().join("out");
    let run = gleaner(&["extract", "-q", s(&input), "--out", s(&out), "--format", "jsonl,csv,sqlite"]);
    assert_eq!(run.status.code(), Some(1));
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "claims.csv",
            "documents.csv",
            "entities.csv",
            "errors.csv",
            "gleaner.sqlite",
            "mentions.csv",
            "records.jsonl"
        ],
        "no partial files left"
    );

    let recs = records(&std::fs::read(out.join("records.jsonl")).unwrap());
    let db = rusqlite::Connection::open(out.join("gleaner.sqlite")).unwrap();
    for (kind, file, table) in [
        ("document", "documents.csv", "documents"),
        ("mention", "mentions.csv", "mentions"),
        ("entity", "entities.csv", "entities"),
        ("claim", "claims.csv", "claims"),
        ("error", "errors.csv", "errors"),
    ] {
        let json = of_kind(&recs, kind);
        let rows = csv_rows(&out.join(file));
        assert_eq!(rows.len(), json.len(), "{file}");
        assert!(!rows.is_empty(), "{file} has rows");
        let mut st = db.prepare(&format!("SELECT * FROM {table} ORDER BY rowid")).unwrap();
        let cols: Vec<String> = st.column_names().map(|c| c.to_string()).collect();
        let db_rows: Vec<BTreeMap<String, String>> = st
            .query_map([], |r| {
                Ok(cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let v = match r.get_ref(i).unwrap() {
                            rusqlite::types::ValueRef::Null => String::new(),
                            rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                            rusqlite::types::ValueRef::Real(f) => {
                                flat(&serde_json::json!(f)).trim_end_matches(".0").to_string()
                            }
                            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                            rusqlite::types::ValueRef::Blob(_) => panic!("no blobs"),
                        };
                        (c.clone(), v)
                    })
                    .collect())
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(db_rows.len(), json.len(), "{table}");
        for ((j, c), d) in json.iter().zip(&rows).zip(&db_rows) {
            for (key, value) in j.as_object().unwrap() {
                if key == "kind" {
                    continue;
                }
                let expected = flat(value);
                assert_eq!(c.get(key), Some(&expected), "{file} column {key} of {j}");
                assert_eq!(d.get(key), Some(&expected), "{table} column {key} of {j}");
            }
        }
    }
}

#[test]
fn jsonl_and_stdin_inputs_with_document_dates() {
    let input = br#"{"id": "a1", "text": "Officials said on Thursday that 40 people were hurt.", "date": "2017-04-07"}
{"id": "a2", "text": "No date here, but Tuesday matters."}
not json
"#;
    let out = gleaner_stdin(&["extract", "-q", "--stdin-format", "jsonl", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1), "one bad line");
    let recs = records(&out.stdout);
    let docs = of_kind(&recs, "document");
    assert_eq!((docs[0]["doc_id"].as_str(), docs[0]["date_source"].as_str()), (Some("a1"), Some("jsonl")));
    assert_eq!(docs[1]["date_source"], "none");
    assert_eq!(of_kind(&recs, "error")[0]["path"], "-:3");
    let dates = mentions(&recs, "date");
    assert_eq!(dates[0]["value"], "2017-04-06");
    assert_eq!(dates[1]["value"], "XXXX-WXX-2", "no document date: the weekday stays unresolved");

    let out =
        gleaner_stdin(&["extract", "-q", "--doc-date", "2020-01-10", "-"], Some(b"The vote was held last Friday."));
    assert!(out.status.success());
    let recs = records(&out.stdout);
    assert_eq!(of_kind(&recs, "document")[0]["date_source"], "cli");
    assert_eq!(mentions(&recs, "date")[0]["value"], "2020-01-03");
}

#[test]
fn html_is_read_as_text_with_its_title() {
    let out = gleaner(&["extract", "-q", s(&root().join("tests/data/news/wildfire.html"))]);
    assert!(out.status.success());
    let recs = records(&out.stdout);
    let doc = of_kind(&recs, "document")[0];
    assert_eq!(doc["title"], "Wildfire Forces Evacuations in California");
    assert_eq!(doc["date"], "2020-09-09");
    assert!(mentions(&recs, "official").iter().any(|o| o["text"] == "Governor Gavin Newsom"));
    assert!(!mentions(&recs, "quantity").iter().any(|q| q["text"].as_str().unwrap().contains('<')));
}

#[test]
fn usage_errors_exit_2() {
    let out = gleaner(&["extract", "--format", "csv", s(&sample_press_release())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out"));
    assert_eq!(gleaner(&["extract"]).status.code(), Some(2));
    assert_eq!(gleaner(&["extract", "--doc-date", "April", "x"]).status.code(), Some(2));
    let out = gleaner(&["extract", "/no/such/path"]);
    assert_eq!(out.status.code(), Some(1), "a missing input is a failed input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/path"));
}
