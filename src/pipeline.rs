//! The pipeline: the stages wired together for one document, and a batch runner that processes
//! a corpus in parallel (rayon) while writing results in input order.
//!
//! The batch runner reads units of work in chunks bounded by count and by bytes, processes each
//! chunk in parallel (in groups of a few documents, each group on one worker, one annotator
//! after another over the group), and hands each group's results to the sinks in order as soon
//! as the groups before it are written. Memory is bounded by the chunk, never the corpus; the
//! output is byte-identical for any number of threads because each document is processed
//! independently and written in input order. With one worker (`--jobs 1`) the caller's thread
//! does it all, in the same order: it reads a group of files, runs the stages over them, writes
//! their records, then reads the next group (memory is bounded by the group, and the walk need
//! not know files' sizes ahead).
//!
//! A run can be stopped between chunks (a flag set by Ctrl-C), and can skip inputs an earlier
//! run already recorded (`--resume`); after each chunk the sinks get a checkpoint.

use crate::claims::claims;
use crate::corpus::{self, CorpusOptions, Unit, Units};
use crate::document::{DateSource, Doc, Document, Mention};
use crate::gazetteer::{Gazetteer, GazetteerAnnotator};
use crate::output::{self, DocumentOutput, DocumentRecord, ErrorRecord, Outcome, RecordsView, Sink};
use crate::resolve::resolve;
use crate::tokenize::analyze;
use crate::{
    dates::DateAnnotator, organizations::OrganizationAnnotator, people::PeopleAnnotator, quantities::QuantityAnnotator,
    Annotator,
};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The annotators in order, and what they share.
pub struct Pipeline {
    annotators: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// The default pipeline over a gazetteer: gazetteer, dates, quantities, people, organizations.
    pub fn new(gazetteer: Arc<Gazetteer>) -> Pipeline {
        Pipeline {
            annotators: vec![
                Box::new(GazetteerAnnotator::new(gazetteer.clone())),
                Box::new(DateAnnotator::new()),
                Box::new(QuantityAnnotator::new()),
                Box::new(PeopleAnnotator::new(gazetteer.clone())),
                Box::new(OrganizationAnnotator::new(gazetteer)),
            ],
        }
    }

    /// Compile what the annotators that need no gazetteer compile on first use (the date and
    /// quantity rules), so that a caller can do it on another thread while the gazetteer is
    /// built: a fifth of the start-up, off the critical path.
    pub fn warm_up() {
        let document = Document {
            id: "warm-up".into(),
            path: "warm-up".into(),
            text: "On Friday, April 7, 2017, the index rose 3.5% to $12 million, 4 weeks after 10 p.m. Monday.".into(),
            bytes: 0,
            sha256: String::new(),
            date: NaiveDate::from_ymd_opt(2017, 4, 7),
            date_source: DateSource::Cli,
            title: None,
        };
        let doc = analyze(&document);
        let mut mentions = Vec::new();
        DateAnnotator::new().annotate(&doc, &mut mentions);
        QuantityAnnotator::new().annotate(&doc, &mut mentions);
    }

    /// The default pipeline over the built-in gazetteer.
    pub fn builtin() -> Pipeline {
        Pipeline::new(Arc::new(Gazetteer::builtin()))
    }

    /// A pipeline with the given annotators (to add, remove or swap one).
    pub fn with_annotators(annotators: Vec<Box<dyn Annotator>>) -> Pipeline {
        Pipeline { annotators }
    }

    /// This pipeline with one more annotator at the end (the transformer stage).
    pub fn with(mut self, annotator: Box<dyn Annotator>) -> Pipeline {
        self.annotators.push(annotator);
        self
    }

    /// Names of the annotators, in order.
    pub fn annotator_names(&self) -> Vec<&'static str> {
        self.annotators.iter().map(|a| a.name()).collect()
    }

    /// Run every stage after `corpus` on one document.
    pub fn process(&self, document: &Document) -> DocumentOutput {
        self.process_with(document, |v| v.to_records())
    }

    /// [`Self::process`], handing the records to `f` borrowed: to render them without the
    /// owned records' copies of every string.
    pub fn process_with<R>(&self, document: &Document, f: impl FnOnce(&RecordsView) -> R) -> R {
        let mut f = Some(f);
        let mut result = None;
        self.process_group_with(&[document], |v| result = f.take().map(|f| f(v)));
        result.expect("one document, one call")
    }

    /// [`Self::process_with`] over a few documents together, with the same results: each
    /// annotator runs over all of them before the next one starts
    /// ([`Annotator::annotate_batch`]), so that its tables stay in cache from one document to
    /// the next. `f` gets each document's records, in order.
    ///
    /// (Thirty date rules, each with its own automata, took turns evicting each other from
    /// the cache document by document; rule by rule over 32 news stories, a run took 4% less
    /// CPU. Larger groups lose it again: the documents' own data no longer stays in cache.)
    pub fn process_group_with(&self, documents: &[&Document], mut f: impl FnMut(&RecordsView)) {
        let docs: Vec<Doc> = documents.iter().map(|d| analyze(d)).collect();
        // (Room for a mention every six tokens, more than news text has: grown step by step,
        // the list of 128-byte mentions was copied a few times per document.)
        let mut mentions: Vec<Vec<Mention>> =
            docs.iter().map(|doc| Vec::with_capacity(doc.tokens.len() / 6 + 8)).collect();
        for a in &self.annotators {
            a.annotate_batch(&docs, &mut mentions);
        }
        for (doc, mentions) in docs.iter().zip(mentions) {
            let resolution = resolve(doc, mentions);
            let found = claims(doc, &resolution);
            f(&output::view(doc, &resolution, &found));
        }
    }

    /// Whether an annotator needs the documents of a chunk together (the transformer).
    fn batches(&self) -> bool {
        self.annotators.iter().any(|a| a.batches())
    }

    /// Whether [`run`] with `jobs` workers does all its work on the caller's thread, reading
    /// each input only when its group is due: then the sizes of files are not needed ahead
    /// ([`corpus::Walk::without_sizes`]), since memory is bounded by what has been read.
    pub fn runs_on_one_thread(&self, jobs: usize) -> bool {
        jobs == 1 && !self.batches()
    }

    /// Run every stage on several documents, in parallel, with the same results as
    /// [`Self::process`] on each. An annotator that batches (the transformer) sees all the
    /// documents at once, between the per-document stages before and after it.
    pub fn process_all(&self, documents: &[Document]) -> Vec<DocumentOutput> {
        if !self.batches() {
            return documents.par_iter().map(|d| self.process(d)).collect();
        }
        let (docs, mut mentions): (Vec<_>, Vec<_>) = documents
            .par_iter()
            .map(|document| {
                let doc = analyze(document);
                let mut mentions = Vec::new();
                for a in self.annotators.iter().filter(|a| !a.batches()) {
                    a.annotate(&doc, &mut mentions);
                }
                (doc, mentions)
            })
            .unzip();
        for a in self.annotators.iter().filter(|a| a.batches()) {
            a.annotate_batch(&docs, &mut mentions);
        }
        docs.into_par_iter()
            .zip(mentions)
            .map(|(doc, mentions)| {
                let resolution = resolve(&doc, mentions);
                let found = claims(&doc, &resolution);
                output::records(&doc, resolution, found)
            })
            .collect()
    }
}

/// Settings for a batch run.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// How documents are read.
    pub corpus: CorpusOptions,
    /// Worker threads (0: all cores).
    pub jobs: usize,
    /// Most units processed in one parallel chunk.
    pub chunk_units: usize,
    /// Most input bytes in one parallel chunk (bounds memory).
    pub chunk_bytes: u64,
    /// Hand each document's text to the sinks (the HTML report shows it).
    pub keep_text: bool,
    /// Inputs to skip: already recorded by an earlier run (`--resume`).
    pub skip: Option<Arc<output::resume::Done>>,
    /// Set (by a signal handler) to stop before the next chunk.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            corpus: CorpusOptions::default(),
            jobs: 0,
            chunk_units: 1024,
            chunk_bytes: 64 << 20,
            keep_text: false,
            skip: None,
            stop: None,
        }
    }
}

/// Totals of a run, for the summary line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents processed.
    pub documents: usize,
    /// Bytes of those documents.
    pub bytes: u64,
    /// Inputs that failed.
    pub errors: usize,
    /// Mentions by type.
    pub mentions: BTreeMap<&'static str, usize>,
    /// Claims.
    pub claims: usize,
    /// Inputs skipped as already recorded (`--resume`).
    pub skipped: usize,
    /// Whether the run was stopped before its end.
    pub interrupted: bool,
}

impl Summary {
    fn merge(&mut self, other: &Summary) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        self.errors += other.errors;
        for (kind, n) in &other.mentions {
            *self.mentions.entry(kind).or_default() += n;
        }
        self.claims += other.claims;
        self.skipped += other.skipped;
    }

    fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Ok(d) => self.add_document(d.document.bytes, d.mentions.iter().map(|m| m.mention_type), d.claims.len()),
            Err(_) => self.errors += 1,
        }
    }

    fn add_view(&mut self, v: &RecordsView) {
        self.add_document(v.document.bytes, v.mentions.iter().map(|m| m.mention_type), v.claims.len());
    }

    fn add_document(&mut self, bytes: u64, mention_types: impl Iterator<Item = &'static str>, claims: usize) {
        self.documents += 1;
        self.bytes += bytes;
        // (Counted in a short list first, each type told by its address before its text: a
        // document has a few types, and a map entry per mention compared strings each time.)
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for t in mention_types {
            match counts.iter_mut().find(|(c, _)| std::ptr::eq(*c, t) || *c == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t, 1)),
            }
        }
        for (t, n) in counts {
            *self.mentions.entry(t).or_default() += n;
        }
        self.claims += claims;
    }
}

/// What the writer gets for one input: its outcome, its JSON lines when a sink writes them, and
/// its share of the summary (counted before the records were dropped).
struct Rendered {
    outcome: Outcome,
    jsonl: Option<Vec<u8>>,
    tally: Summary,
}

impl Rendered {
    /// Count `outcome`; then, when no sink reads its records (`drop_records`), drop them.
    fn new(mut outcome: Outcome, jsonl: Option<Vec<u8>>, drop_records: bool) -> Rendered {
        let mut tally = Summary::default();
        tally.add(&outcome);
        if let (true, Ok(d)) = (drop_records, &mut outcome) {
            d.mentions = Vec::new();
            d.entities = Vec::new();
            d.claims = Vec::new();
        }
        Rendered { outcome, jsonl, tally }
    }
}

/// How many chunks may be out at once, in groups, between the walk and the writer (see
/// [`run`]); also the room for outcomes in the channel to the writer.
const CHUNKS_IN_FLIGHT: usize = 2;

/// How many parts (each [`GROUPS_PER_PART`] groups of documents) the pool works on at once,
/// per worker (see [`run`]).
const PARTS_PER_WORKER: usize = 3;

/// Groups handed to a worker at once, worked on one after another (see [`run`]).
const GROUPS_PER_PART: usize = 4;

/// A part's rendered outcomes (a group's, or a batching pipeline's whole chunk's), or what a
/// panic outside the documents' stages said.
type PartOutcomes = Result<Vec<Rendered>, String>;

/// `f` (a document's stages), with a panic turned into the document's error record: a bug
/// that some input sets off costs that input, and the run goes on with the next, as it does
/// for a file it cannot read. (The panic's message is printed as it happens, too.)
fn guarded<T>(doc: &Document, f: impl FnOnce() -> T) -> Result<T, ErrorRecord> {
    caught(f).map_err(|message| internal_error(doc, &message))
}

/// `f`'s result, or what it said when it panicked (its message, when that is text).
fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => payload.downcast_ref::<&str>().map_or("a panic without a message", |s| s).to_string(),
    })
}

/// The error record of a document whose stages panicked, saying `message`.
fn internal_error(doc: &Document, message: &str) -> ErrorRecord {
    ErrorRecord {
        path: doc.path.clone(),
        error: format!("internal error: {message}; this is a bug in gleaner, please report it with this file"),
    }
}

/// Most documents in a group that a worker runs the stages over together
/// ([`Pipeline::process_group_with`]).
const GROUP_DOCUMENTS: usize = 32;

/// Most input bytes in such a group: the group's texts, tokens and mentions stay in a core's
/// cache (32 news stories are about 35 KB; a long report is a group of its own).
const GROUP_BYTES: u64 = 64 << 10;

/// Cut a chunk into the groups its workers take, in order.
fn groups(chunk: Vec<Unit>) -> Vec<Vec<Unit>> {
    let mut groups = Vec::with_capacity(chunk.len() / GROUP_DOCUMENTS + 1);
    let (mut group, mut bytes) = (Vec::with_capacity(GROUP_DOCUMENTS), 0);
    for unit in chunk {
        let size = size_hint(&unit);
        if !group.is_empty() && (group.len() == GROUP_DOCUMENTS || bytes + size > GROUP_BYTES) {
            groups.push(std::mem::replace(&mut group, Vec::with_capacity(GROUP_DOCUMENTS)));
            bytes = 0;
        }
        bytes += size;
        group.push(unit);
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// Cut a chunk into the parts the pool is handed, in order: its groups ([`groups`]), up to
/// [`GROUPS_PER_PART`] to a part.
fn parts_of(chunk: Vec<Unit>) -> Vec<Vec<Vec<Unit>>> {
    let mut groups = groups(chunk).into_iter().peekable();
    std::iter::from_fn(|| groups.peek().is_some().then(|| groups.by_ref().take(GROUPS_PER_PART).collect())).collect()
}

fn size_hint(unit: &Unit) -> u64 {
    match unit {
        Unit::Whole(corpus::Input::File { bytes, .. }) => *bytes,
        Unit::Whole(corpus::Input::Stdin) => 0,
        Unit::JsonlLine { line, .. } => line.len() as u64,
        Unit::Failed(_) => 0,
    }
}

/// What the stages leave of a document: when only JSON lines are written, its lines, rendered
/// from the records borrowed, its counts and its document record (for `observe`); otherwise
/// its records.
enum Done {
    Lines(Vec<u8>, Summary, DocumentRecord),
    Records(DocumentOutput),
}

/// What a worker does with the units of a run: load them (skipping what an earlier run
/// recorded), run the stages, render.
struct Work<'a> {
    pipeline: &'a Pipeline,
    options: &'a RunOptions,
    /// Whether a sink takes JSON lines: then the workers render them, in parallel, and the
    /// writer only copies bytes.
    render: bool,
    /// Whether every sink takes the JSON lines: then the records are dropped as soon as they
    /// are rendered, freed by the worker that built them while still in its cache, so that
    /// their memory serves the next document. (Freed by the writer thread a chunk later, they
    /// made the allocator map and zero fresh pages for every chunk: over a tenth of a run.)
    lines_only: bool,
}

impl Work<'_> {
    fn new<'a>(pipeline: &'a Pipeline, options: &'a RunOptions, sinks: &[Box<dyn Sink>]) -> Work<'a> {
        Work {
            pipeline,
            options,
            render: sinks.iter().any(|s| s.writes_jsonl()),
            lines_only: !sinks.is_empty() && sinks.iter().all(|s| s.writes_jsonl()),
        }
    }

    /// A unit's document or error, or None when an earlier run recorded it.
    fn load(&self, u: Unit) -> Option<Result<Document, ErrorRecord>> {
        let skip = self.options.skip.as_deref();
        match corpus::load(u, &self.options.corpus) {
            Ok(doc) if skip.is_some_and(|d| d.has_document(&doc.id, &doc.sha256)) => None,
            Ok(doc) => Some(Ok(doc)),
            Err(e) if skip.is_some_and(|d| d.has_error(&e.path)) => None,
            Err(e) => Some(Err(ErrorRecord::from(&e))),
        }
    }

    /// An outcome with its records, rendered when a sink takes JSON lines.
    fn finish(&self, out: Result<(DocumentOutput, Document), ErrorRecord>) -> Rendered {
        let outcome = out.map(|(mut out, doc)| {
            if self.options.keep_text {
                out.text = Some(doc.text);
            }
            out
        });
        let jsonl = self.render.then(|| {
            let records = outcome.as_ref().map_or(1, |d| 1 + d.mentions.len() + d.entities.len() + d.claims.len());
            let mut lines = Vec::with_capacity(records * 320);
            output::json_lines::render(&outcome, &mut lines);
            lines
        });
        Rendered::new(outcome, jsonl, self.lines_only)
    }

    fn done(&self, v: &RecordsView) -> Done {
        if !self.lines_only {
            return Done::Records(v.to_records());
        }
        let mut lines = Vec::with_capacity((1 + v.mentions.len() + v.entities.len() + v.claims.len()) * 320);
        output::json_lines::render_view(v, &mut lines);
        let mut tally = Summary::default();
        tally.add_view(v);
        Done::Lines(lines, tally, v.document.to_record())
    }

    /// Load a group of units, run the stages over its documents together, render.
    fn group(&self, units: Vec<Unit>) -> Vec<Rendered> {
        self.loaded(units.into_iter().filter_map(|u| self.load(u)).collect())
    }

    /// Run the stages over a group of loaded documents together, render.
    fn loaded(&self, loaded: Vec<Result<Document, ErrorRecord>>) -> Vec<Rendered> {
        let docs: Vec<&Document> = loaded.iter().filter_map(|l| l.as_ref().ok()).collect();
        let mut results: Vec<Result<Done, ErrorRecord>> = Vec::with_capacity(docs.len());
        // A panic (a bug that some input sets off) costs only its own document: the group's
        // documents are processed again one by one, each guarded. (Its message is printed
        // twice, once for the group.)
        if caught(|| self.pipeline.process_group_with(&docs, |v| results.push(Ok(self.done(v))))).is_err() {
            results =
                docs.iter().map(|doc| guarded(doc, || self.pipeline.process_with(doc, |v| self.done(v)))).collect();
        }
        drop(docs);
        let mut results = results.into_iter();
        loaded
            .into_iter()
            .map(|l| {
                let doc = match l {
                    Ok(doc) => doc,
                    Err(e) => return self.finish(Err(e)),
                };
                match results.next().expect("one result per document") {
                    Err(e) => self.finish(Err(e)),
                    Ok(Done::Records(out)) => self.finish(Ok((out, doc))),
                    Ok(Done::Lines(lines, tally, document)) => {
                        let text = self.options.keep_text.then_some(doc.text);
                        let (mentions, entities, claims) = (Vec::new(), Vec::new(), Vec::new());
                        let out = DocumentOutput { document, mentions, entities, claims, text };
                        Rendered { outcome: Ok(out), jsonl: Some(lines), tally }
                    }
                }
            })
            .collect()
    }

    /// A chunk's outcomes in input order, worked out on the current rayon pool, for a
    /// pipeline with a batching annotator, which sees the chunk's documents together: load
    /// them all, run the stages, then put outcomes back in input order.
    fn batch(&self, chunk: Vec<Unit>) -> Vec<Rendered> {
        let pipeline = self.pipeline;
        let loaded: Vec<Option<Result<Document, ErrorRecord>>> = chunk.into_par_iter().map(|u| self.load(u)).collect();
        let mut documents: Vec<Document> = Vec::new();
        let slots: Vec<Result<(), ErrorRecord>> =
            loaded.into_iter().flatten().map(|l| l.map(|d| documents.push(d))).collect();
        // (A stage that panics fails the whole batch: each document gets the error.)
        let mut processed = match caught(|| pipeline.process_all(&documents)) {
            Ok(outputs) => outputs.into_iter().zip(documents).map(Ok).collect::<Vec<_>>().into_iter(),
            Err(message) => documents.iter().map(|d| Err(internal_error(d, &message))).collect::<Vec<_>>().into_iter(),
        };
        let outcomes: Vec<Result<(DocumentOutput, Document), ErrorRecord>> = slots
            .into_iter()
            .map(|slot| slot.and_then(|()| processed.next().expect("one output per document")))
            .collect();
        outcomes.into_par_iter().map(|o| self.finish(o)).collect()
    }
}

/// The next chunk of units: at most `chunk_units` of them, ending at the first that brings
/// the chunk to `chunk_bytes`.
fn next_chunk(units: &mut impl Iterator<Item = Unit>, options: &RunOptions) -> Vec<Unit> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < options.chunk_units && bytes < options.chunk_bytes {
        let Some(u) = units.next() else { break };
        bytes += size_hint(&u);
        chunk.push(u);
    }
    chunk
}

/// Where a run's outcomes go, in input order: the sinks, the summary and `observe`.
struct Writer<'a> {
    sinks: &'a mut [Box<dyn Sink>],
    observe: &'a mut dyn FnMut(&Outcome),
    summary: Summary,
}

impl Writer<'_> {
    /// Write one outcome.
    fn one(&mut self, r: Rendered) -> io::Result<()> {
        for s in self.sinks.iter_mut() {
            s.write_rendered(&r.outcome, r.jsonl.as_deref())?;
        }
        self.summary.merge(&r.tally);
        (self.observe)(&r.outcome);
        Ok(())
    }

    /// Write some outcomes, in order (`skipped` inputs among theirs were recorded by an earlier
    /// run).
    fn all(&mut self, outcomes: Vec<Rendered>, skipped: usize) -> io::Result<()> {
        let items: Vec<(&Outcome, Option<&[u8]>)> = outcomes.iter().map(|r| (&r.outcome, r.jsonl.as_deref())).collect();
        for s in self.sinks.iter_mut() {
            s.write_rendered_all(&items)?;
        }
        for r in &outcomes {
            self.summary.merge(&r.tally);
            (self.observe)(&r.outcome);
        }
        self.summary.skipped += skipped;
        Ok(())
    }

    /// Give the sinks a checkpoint: a chunk's outcomes are all written.
    fn checkpoint(&mut self) -> io::Result<()> {
        self.sinks.iter_mut().try_for_each(|s| s.checkpoint())
    }
}

/// The error that ends a run when a chunk's processing panicked outside a document's stages.
fn chunk_failed(message: String) -> io::Error {
    io::Error::other(format!("internal error: {message}; this is a bug in gleaner, please report it"))
}

/// Process every unit, in parallel, writing outcomes to the sinks in input order. `observe` sees
/// each outcome after it is written (progress, error lines): when every sink writes JSON lines,
/// its mention, entity and claim lists are empty (the workers drop them once rendered; the
/// summary counts them). `early_errors` (from walking the paths) are written first.
pub fn run(
    pipeline: &Pipeline,
    units: Units,
    early_errors: &[corpus::InputError],
    options: &RunOptions,
    sinks: &mut [Box<dyn Sink>],
    observe: &mut dyn FnMut(&Outcome),
) -> io::Result<Summary> {
    let work = Work::new(pipeline, options, sinks);
    let mut writer = Writer { sinks, observe, summary: Summary::default() };
    for e in early_errors.iter().filter(|e| !options.skip.as_ref().is_some_and(|d| d.has_error(&e.path))) {
        writer.one(Rendered::new(Err(ErrorRecord::from(e)), None, false))?;
    }
    let stopped = || options.stop.as_ref().is_some_and(|s| s.load(Ordering::SeqCst));
    if pipeline.runs_on_one_thread(options.jobs) {
        // One worker: this thread walks, works and writes, one chunk after another. (Handing
        // units, outcomes and their memory from thread to thread cost 3 to 5% more CPU than
        // the work itself, with no gain in time on one core.) Inputs are read a group at a
        // time, the group cut by the bytes read (the walk may not know files' sizes), and
        // each group's outcomes are written as soon as they are made: their memory serves the
        // next group while still in cache (a chunk's lines, a few megabytes, were written to
        // memory the cache had long lost). The sinks get their checkpoint once the whole
        // chunk is written.
        // (This thread's open folder is closed when the run ends, however it ends.)
        struct CloseFolder;
        impl Drop for CloseFolder {
            fn drop(&mut self) {
                corpus::close_open_folder();
            }
        }
        let _close = CloseFolder;
        let mut units = units.peekable();
        while units.peek().is_some() && !stopped() {
            let mut chunk = next_chunk(&mut units, options).into_iter().peekable();
            while chunk.peek().is_some() {
                let (mut loaded, mut size, mut bytes) = (Vec::with_capacity(GROUP_DOCUMENTS), 0, 0);
                let outcomes = caught(|| {
                    while loaded.len() < GROUP_DOCUMENTS && bytes < GROUP_BYTES {
                        let Some(unit) = chunk.next() else { break };
                        size += 1;
                        if let Some(l) = work.load(unit) {
                            bytes += l.as_ref().map_or(0, |d| d.bytes);
                            loaded.push(l);
                        }
                    }
                    work.loaded(loaded)
                })
                .map_err(chunk_failed)?;
                let skipped = size - outcomes.len();
                writer.all(outcomes, skipped)?;
            }
            writer.checkpoint()?;
        }
        let mut summary = writer.summary;
        summary.interrupted = stopped();
        return Ok(summary);
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.jobs).build().map_err(io::Error::other)?;
    // Three stages overlap: one thread walks the inputs and cuts them into chunks (stat calls,
    // serial), one cuts each chunk into groups and hands them to the pool in parts of a few
    // groups, and this thread writes the parts' outcomes in order, each as soon as those
    // before it are (a chunk's lines, kept until the whole chunk was done, went to memory the
    // cache had long lost). A worker goes through its part's groups one after another; a part
    // of one group woke the writer and the thread handing out parts for every 32 documents
    // (3,400 context switches in a two-core run over 20,000 news stories; 1,600 with parts of
    // four groups, and 2% less wall time). A few parts per worker are out at once, so that a
    // worker done with one takes up the next instead of waiting while another finishes a long
    // document (one long file at a chunk's end left a core idle for tens of milliseconds, a
    // tenth of a two-core run); their outcomes come back tagged with the part's number. Each
    // channel holds at most a chunk of units or a few parts' outcomes, so memory stays
    // bounded. A batching annotator (the transformer) sees a whole chunk at once, one chunk at
    // a time.
    let (send, receive) = std::sync::mpsc::sync_channel::<(usize, PartOutcomes, usize, bool)>(CHUNKS_IN_FLIGHT);
    let (send_chunk, receive_chunk) = std::sync::mpsc::sync_channel::<Vec<Unit>>(1);
    // The writer says when it has written a part: the next may start.
    let (written, receive_written) = std::sync::mpsc::channel::<()>();
    let batches = pipeline.batches();
    let in_flight = if batches { 1 } else { PARTS_PER_WORKER * pool.current_num_threads() };
    let (pool, work) = (&pool, &work);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut units = units.peekable();
            while units.peek().is_some() && !stopped() {
                // The processor stopped: stop too.
                if send_chunk.send(next_chunk(&mut units, options)).is_err() {
                    break;
                }
            }
        });
        scope.spawn(move || {
            pool.in_place_scope(|parts| {
                // The chunk of each part out (not yet written), oldest first; and the number
                // of the next part.
                let (mut out, mut number) = (std::collections::VecDeque::new(), 0);
                'chunks: for (chunk_number, chunk) in receive_chunk.into_iter().enumerate() {
                    if stopped() {
                        break;
                    }
                    // (A batching pipeline's part is its whole chunk.)
                    let chunk_parts = if batches { vec![vec![chunk]] } else { parts_of(chunk) };
                    let last = chunk_parts.len().saturating_sub(1);
                    for (k, part) in chunk_parts.into_iter().enumerate() {
                        // Wait until the writer has taken the oldest part still out: while
                        // the pool has its fill of parts, and before a chunk's first part
                        // while two chunks are out (a chunk's units are read only once the
                        // chunk two before it is written).
                        let chunks_out = |out: &std::collections::VecDeque<usize>| match (out.front(), out.back()) {
                            (Some(first), Some(last)) => last - first + 1,
                            _ => 0,
                        };
                        while out.len() >= in_flight || (k == 0 && chunks_out(&out) >= CHUNKS_IN_FLIGHT) {
                            // The writer stopped (an output error): stop too.
                            if receive_written.recv().is_err() {
                                break 'chunks;
                            }
                            out.pop_front();
                        }
                        out.push_back(chunk_number);
                        let send = send.clone();
                        parts.spawn(move |_| {
                            let size = part.iter().map(Vec::len).sum::<usize>();
                            // A panic outside a document's stages (a bug) ends the run with an
                            // error: uncaught here, it left the writer waiting for this part.
                            let outcomes = caught(|| {
                                let mut outcomes = Vec::with_capacity(size);
                                for group in part {
                                    outcomes.extend(if batches { work.batch(group) } else { work.group(group) });
                                }
                                outcomes
                            });
                            let skipped = outcomes.as_ref().map_or(0, |o| size - o.len());
                            // (A send fails only when the writer stopped.) The last part of a
                            // chunk says so: the sinks' checkpoint follows it.
                            let _ = send.send((number, outcomes, skipped, k == last));
                        });
                        number += 1;
                    }
                }
            });
            drop(send);
        });
        // (Owned here, so that a writer that stops drops it: the processor, waiting on it for
        // room to start a chunk, then stops too.)
        let written = written;
        // Parts may finish out of order; hold each until those before it are written.
        let mut waiting: BTreeMap<usize, (Vec<Rendered>, usize, bool)> = BTreeMap::new();
        let mut next = 0;
        for (number, outcomes, skipped, ends_chunk) in receive {
            waiting.insert(number, (outcomes.map_err(chunk_failed)?, skipped, ends_chunk));
            while let Some((outcomes, skipped, ends_chunk)) = waiting.remove(&next) {
                writer.all(outcomes, skipped)?;
                if ends_chunk {
                    writer.checkpoint()?;
                }
                next += 1;
                // (The processor may be gone: nothing more to start.)
                let _ = written.send(());
            }
        }
        Ok::<(), io::Error>(())
    })?;
    let mut summary = writer.summary;
    summary.interrupted = stopped();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn groups_hold_at_most_their_count_and_bytes_in_input_order() {
        let file = |n: usize, bytes: u64| {
            let id = format!("{n}.txt");
            Unit::Whole(corpus::Input::File { path: PathBuf::from(&id), id, bytes })
        };
        let id = |u: &Unit| match u {
            Unit::Whole(corpus::Input::File { id, .. }) => id.clone(),
            _ => unreachable!(),
        };
        // 70 small files, then a large one, then 3 small ones; the last of the first 70 so
        // large that its group would pass the bytes bound.
        let mut chunk: Vec<Unit> = (0..70).map(|n| file(n, if n == 69 { GROUP_BYTES - 10 } else { 1000 })).collect();
        chunk.push(file(70, 10 * GROUP_BYTES));
        chunk.extend((71..74).map(|n| file(n, 1000)));
        let groups = groups(chunk);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, [32, 32, 5, 1, 1, 3]);
        let ids: Vec<String> = groups.iter().flatten().map(id).collect();
        assert_eq!(ids, (0..74).map(|n| format!("{n}.txt")).collect::<Vec<_>>());
        assert!(super::groups(Vec::new()).is_empty());
    }

    #[test]
    fn parts_bundle_a_chunks_groups_in_order() {
        let file = |n: usize, bytes: u64| {
            let id = format!("{n}.txt");
            Unit::Whole(corpus::Input::File { path: PathBuf::from(&id), id, bytes })
        };
        // 300 small files are ten groups (nine of 32, one of 12), and a large file after them a
        // group of its own: parts of four groups, in order, the last of three.
        let mut chunk: Vec<Unit> = (0..300).map(|n| file(n, 1000)).collect();
        chunk.push(file(300, 10 * GROUP_BYTES));
        let parts = parts_of(chunk);
        let shape: Vec<Vec<usize>> = parts.iter().map(|p| p.iter().map(Vec::len).collect()).collect();
        assert_eq!(shape, [vec![32, 32, 32, 32], vec![32, 32, 32, 32], vec![32, 12, 1]]);
        let ids: Vec<String> = parts
            .iter()
            .flatten()
            .flatten()
            .map(|u| match u {
                Unit::Whole(corpus::Input::File { id, .. }) => id.clone(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(ids, (0..301).map(|n| format!("{n}.txt")).collect::<Vec<_>>());
        assert!(parts_of(Vec::new()).is_empty());
    }
}
