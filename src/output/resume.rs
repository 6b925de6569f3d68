//! Resumable runs: `gleaner extract --resume --out DIR` appends to `DIR/records.jsonl` and skips
//! every input the file already records, so a run over a million files can be stopped (Ctrl-C,
//! a kill, a crash) and continued.
//!
//! While such a run goes on, `DIR/.gleaner-resume` holds the length of `records.jsonl` up to the
//! last chunk of documents written and flushed to disk. Resuming cuts the file back to that
//! length (a kill can leave half a document after it), reads which documents (by id and content
//! hash) and which failed inputs (by path) it holds, and appends the rest in input order: the
//! file ends as an uninterrupted run would have written it. A finished run removes the marker.
//!
//! Not here: other formats. CSV, SQLite and HTML are written whole at the end of a run, so a
//! resumable run writes JSONL only (`gleaner report DIR` builds the HTML report from it).

use rustc_hash::FxHashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// The marker file: the length of `records.jsonl` known to end on a whole chunk.
pub const CHECKPOINT: &str = ".gleaner-resume";

/// What an output folder already holds.
#[derive(Debug, Default)]
pub struct Done {
    documents: FxHashSet<(String, String)>,
    errors: FxHashSet<String>,
}

impl Done {
    /// Whether a document with this id and content hash is recorded.
    pub fn has_document(&self, doc_id: &str, sha256: &str) -> bool {
        // (A tuple of owned strings cannot be probed with borrowed ones; documents are few
        // enough next to their processing that one allocation each is nothing.)
        self.documents.contains(&(doc_id.to_string(), sha256.to_string()))
    }

    /// Whether an input that failed at this path is recorded.
    pub fn has_error(&self, path: &str) -> bool {
        self.errors.contains(path)
    }

    /// Documents and failed inputs recorded.
    pub fn len(&self) -> usize {
        self.documents.len() + self.errors.len()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Make `DIR/records.jsonl` ready to append to: cut it back to the last checkpoint (or to its
/// last whole line when there is none), and read what it records.
pub fn prepare(dir: &Path) -> io::Result<(File, Done)> {
    let path = dir.join("records.jsonl");
    let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path)?;
    let len = file.metadata()?.len();
    let checkpoint = match fs::read_to_string(dir.join(CHECKPOINT)) {
        Ok(s) => Some(s.trim().parse::<u64>().map_err(|_| {
            io::Error::other(format!(
                "{} is damaged; delete it to treat all of records.jsonl as complete",
                dir.join(CHECKPOINT).display()
            ))
        })?),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut valid = checkpoint.unwrap_or(len).min(len);
    let mut done = Done::default();
    let mut reader = BufReader::with_capacity(1 << 16, &file);
    let mut line = Vec::new();
    let mut read = 0u64;
    while read < valid {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)? as u64;
        if n == 0 || !line.ends_with(b"\n") || read + n > valid {
            valid = read; // a torn last line
            break;
        }
        read += n;
        // Only document and error records matter; mentions and claims are most lines.
        if line.starts_with(br#"{"kind":"document""#) || line.starts_with(br#"{"kind":"error""#) {
            let v: serde_json::Value = serde_json::from_slice(&line)
                .map_err(|e| io::Error::other(format!("{}: a record is not JSON ({e})", path.display())))?;
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            if v["kind"] == "document" {
                done.documents.insert((field("doc_id"), field("sha256")));
            } else {
                done.errors.insert(field("path"));
            }
        }
    }
    drop(reader);
    file.set_len(valid)?;
    file.seek(SeekFrom::End(0))?;
    write_checkpoint(dir, valid)?;
    Ok((file, done))
}

/// Record that `records.jsonl` is whole up to `len` bytes (written aside and renamed, so the
/// marker itself is never half-written).
pub fn write_checkpoint(dir: &Path, len: u64) -> io::Result<()> {
    let mut tmp = super::aside(dir, CHECKPOINT.trim_start_matches('.'))?;
    io::Write::write_all(&mut tmp, format!("{len}\n").as_bytes())?;
    tmp.as_file().sync_data()?;
    tmp.persist(dir.join(CHECKPOINT)).map(|_| ()).map_err(|e| e.error)
}

/// Remove the marker: the run finished.
pub fn finish(dir: &Path) -> io::Result<()> {
    match fs::remove_file(dir.join(CHECKPOINT)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Remove what killed runs left behind in `dir`: files written aside (`.NAME.XXXX.partial`)
/// that were never renamed into place. A run that ends normally or by Ctrl-C removes its own.
pub fn remove_stale_partials(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".partial") && entry.file_type()?.is_file() {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_line(id: &str, sha: &str) -> String {
        format!("{{\"kind\":\"document\",\"doc_id\":\"{id}\",\"sha256\":\"{sha}\"}}\n")
    }

    #[test]
    fn cuts_back_to_the_checkpoint_and_reads_what_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let whole = format!(
            "{}{}{}",
            doc_line("a.txt", "1"),
            "{\"kind\":\"mention\",\"doc_id\":\"a.txt\"}\n",
            "{\"kind\":\"error\",\"path\":\"bad.bin\",\"error\":\"binary\"}\n"
        );
        // A kill after the checkpoint left half a document behind.
        let torn = format!("{whole}{}", &doc_line("b.txt", "2")[..20]);
        fs::write(dir.path().join("records.jsonl"), &torn).unwrap();
        fs::write(dir.path().join(CHECKPOINT), format!("{}\n", whole.len())).unwrap();
        let (_, done) = prepare(dir.path()).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("records.jsonl")).unwrap(), whole);
        assert!(done.has_document("a.txt", "1"));
        assert!(!done.has_document("a.txt", "changed"), "a changed file is done again");
        assert!(!done.has_document("b.txt", "2"));
        assert!(done.has_error("bad.bin"));
        assert_eq!(done.len(), 2);
    }

    #[test]
    fn without_a_checkpoint_a_torn_last_line_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let whole = doc_line("a.txt", "1");
        fs::write(dir.path().join("records.jsonl"), format!("{whole}{{\"kind\":\"docu")).unwrap();
        let (_, done) = prepare(dir.path()).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("records.jsonl")).unwrap(), whole);
        assert_eq!(done.len(), 1);
    }

    #[test]
    fn stale_partials_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".records.jsonl.ab12.partial"), "half").unwrap();
        fs::write(dir.path().join("records.jsonl"), "whole\n").unwrap();
        assert_eq!(remove_stale_partials(dir.path()).unwrap(), 1);
        assert!(dir.path().join("records.jsonl").exists());
    }
}
