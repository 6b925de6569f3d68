//! The JSONL sink: one record per line, on standard output or in `DIR/records.jsonl`.
//!
//! Standard output is streamed as documents finish (it cannot be made atomic); a file is
//! written aside and renamed into place at the end, or, in a resumable run, appended to and
//! made durable after every chunk (see [`super::resume`]).

#[cfg(test)]
use super::Record;
use super::{Outcome, Sink};
use std::io::{self, BufWriter, IoSlice, Write};
use std::path::Path;
use tempfile::NamedTempFile;

enum Target {
    Stdout(BufWriter<io::Stdout>),
    File { writer: BufWriter<NamedTempFile>, path: std::path::PathBuf },
    Append { writer: BufWriter<std::fs::File>, dir: std::path::PathBuf },
}

/// Writes records as JSON lines.
pub struct JsonlSink {
    target: Target,
}

impl JsonlSink {
    /// Stream to standard output.
    pub fn stdout() -> JsonlSink {
        JsonlSink { target: Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())) }
    }

    /// Write `DIR/records.jsonl` (aside until [`Sink::finish`]).
    pub fn file(dir: &Path) -> io::Result<JsonlSink> {
        let tmp = super::aside(dir, "records.jsonl")?;
        Ok(JsonlSink {
            target: Target::File { writer: BufWriter::with_capacity(1 << 16, tmp), path: dir.join("records.jsonl") },
        })
    }

    /// Append to `DIR/records.jsonl`, opened by [`super::resume::prepare`].
    pub fn append(dir: &Path, file: std::fs::File) -> JsonlSink {
        JsonlSink { target: Target::Append { writer: BufWriter::with_capacity(1 << 16, file), dir: dir.to_path_buf() } }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match &mut self.target {
            Target::Stdout(w) => w,
            Target::File { writer, .. } => writer,
            Target::Append { writer, .. } => writer,
        }
    }

    /// What lies under the buffer, once the buffer is written out.
    fn unbuffered(&mut self) -> io::Result<&mut dyn Write> {
        self.writer().flush()?;
        Ok(match &mut self.target {
            Target::Stdout(w) => w.get_mut(),
            Target::File { writer, .. } => writer.get_mut().as_file_mut(),
            Target::Append { writer, .. } => writer.get_mut(),
        })
    }
}

/// Write all of `bufs` to `w`, in as few system calls as it takes (`Write::write_all_vectored`,
/// not yet stable).
fn write_all_vectored(w: &mut dyn Write, mut bufs: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut bufs, 0);
    while !bufs.is_empty() {
        match w.write_vectored(bufs) {
            Ok(0) => return Err(io::Error::new(io::ErrorKind::WriteZero, "failed to write the records")),
            Ok(n) => IoSlice::advance_slices(&mut bufs, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Write one outcome's records as JSON lines to `w` (rendered by [`super::json_lines`], then
/// written at once: much faster than many small writes through a `dyn Write`).
pub fn write_outcome<W: Write + ?Sized>(w: &mut W, outcome: &Outcome) -> io::Result<()> {
    let mut lines = Vec::new();
    super::json_lines::render(outcome, &mut lines);
    w.write_all(&lines)
}

/// The same lines through serde's `Serialize` forms of the records: the reference the hand
/// renderer is tested against.
#[cfg(test)]
pub(crate) fn write_outcome_serde<W: Write + ?Sized>(w: &mut W, outcome: &Outcome) -> io::Result<()> {
    let mut line = |r: Record| -> io::Result<()> {
        serde_json::to_writer(&mut *w, &r)?;
        w.write_all(b"\n")
    };
    match outcome {
        Ok(d) => {
            line(Record::Document(&d.document))?;
            for m in &d.mentions {
                line(Record::Mention(m))?;
            }
            for e in &d.entities {
                line(Record::Entity(e))?;
            }
            for c in &d.claims {
                line(Record::Claim(c))?;
            }
            Ok(())
        }
        Err(e) => line(Record::Error(e)),
    }
}

impl Sink for JsonlSink {
    fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        write_outcome(self.writer(), outcome)
    }

    fn writes_jsonl(&self) -> bool {
        true
    }

    fn write_rendered(&mut self, outcome: &Outcome, jsonl: Option<&[u8]>) -> io::Result<()> {
        match jsonl {
            Some(lines) => self.writer().write_all(lines),
            None => self.write(outcome),
        }
    }

    /// A chunk's rendered lines go out as they are, in one vectored write, instead of being
    /// copied into the buffer first (the copy was a hundredth of a run's CPU time: the lines
    /// are eight times the size of the text).
    fn write_rendered_all(&mut self, items: &[(&Outcome, Option<&[u8]>)]) -> io::Result<()> {
        let Some(mut bufs) = items.iter().map(|&(_, jsonl)| jsonl.map(IoSlice::new)).collect::<Option<Vec<_>>>() else {
            return items.iter().try_for_each(|&(outcome, jsonl)| self.write_rendered(outcome, jsonl));
        };
        write_all_vectored(self.unbuffered()?, &mut bufs)
    }

    fn finish(self: Box<Self>) -> io::Result<()> {
        match self.target {
            Target::Stdout(mut w) => w.flush(),
            Target::File { writer, path } => {
                let tmp = writer.into_inner().map_err(|e| e.into_error())?;
                super::persist(tmp, &path)
            }
            Target::Append { mut writer, dir } => {
                writer.flush()?;
                writer.get_ref().sync_data()?;
                super::resume::finish(&dir)
            }
        }
    }

    fn checkpoint(&mut self) -> io::Result<()> {
        if let Target::Append { writer, dir } = &mut self.target {
            writer.flush()?;
            let file = writer.get_ref();
            file.sync_data()?;
            super::resume::write_checkpoint(dir, file.metadata()?.len())?;
        }
        Ok(())
    }
}
