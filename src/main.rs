//! The `gleaner` command line: `gleaner extract PATH... [--out DIR --format jsonl,csv,sqlite]`.
//!
//! This file only parses arguments, sets up the sinks and the progress bar, and reports; the
//! work is the library's ([`gleaner::pipeline::run`]).
//!
//! Exit status: 0 when every input succeeded, 1 when some failed (each has an error record and a
//! stderr line), 2 on usage errors or when the output cannot be written.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use gleaner::corpus::{self, CorpusOptions, Units};
use gleaner::gazetteer::GazetteerBuilder;
use gleaner::output::{self, CsvSink, HtmlSink, JsonlSink, Outcome, Sink, SqliteSink};
use gleaner::pipeline::{self, RunOptions, Summary};
use gleaner::Pipeline;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

mod show;

/// The pipeline makes many small, short-lived allocations (tokens, spans, record strings) on
/// several threads; mimalloc serves them with less time in the allocator than glibc's malloc,
/// which took about a seventh of a run in profiles. The library leaves the choice to its users.
/// It is mimalloc 2 (the crate's `v2` feature), not the crate's default mimalloc 3: on the news
/// corpus 2 to 3% less CPU at --jobs 1 and 2, and a peak of 102 MB instead of 121 at --jobs 2.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, asked directly for the usual alignments. (`mimalloc::MiMalloc` asks for every
/// block by way of mimalloc's aligned entry points, which test the alignment again first.)
struct Allocator;

/// Alignment every block of mimalloc has (its blocks are at least 8 bytes, 8-aligned).
const PLAIN_ALIGN: usize = 8;

// SAFETY: every block comes from mimalloc and goes back to it; a layout that needs more than
// PLAIN_ALIGN goes through mimalloc's aligned entry points, as `MiMalloc` does for all.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

#[derive(Parser)]
#[command(
    name = "gleaner",
    version,
    about = "Extract people, officials, places, organizations, dates and quantified claims from folders of documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read files and folders (.txt, .md, .html, .jsonl; `-` for stdin) and write records.
    Extract(ExtractArgs),
    /// Score the pipeline against an annotated corpus.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Build DIR/report.html (and document pages) from an existing DIR/records.jsonl.
    Report {
        /// An output folder of `gleaner extract --out DIR --format jsonl`.
        dir: PathBuf,
    },
    /// Print one document with its mentions coloured by type, then its claims.
    Show {
        /// A .txt, .md, .html or .htm file.
        file: PathBuf,
        /// The document's date (YYYY-MM-DD), instead of the date found in its text.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        doc_date: Option<NaiveDate>,
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Quantities against MeasEval folders (tsv/ plus text/ or txt/): exact and overlap P/R/F1, qualifier agreement.
    Measeval {
        /// One or more MeasEval folders (e.g. train and trial).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Also print this many of the most frequent missed and spurious quantities.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// People, places and organizations against CoNLL-2003-format data: exact-span P/R/F1 per type.
    Conll {
        /// A CoNLL-format file (token … tag per line, blank lines between sentences).
        file: PathBuf,
        /// Also print this many of the most frequent missed and spurious mentions.
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
    /// Dates against TimeML (.tml) files: strict and relaxed span P/R/F1, type and value (TempEval-3).
    Timeml {
        /// A folder of .tml files (searched recursively).
        dir: PathBuf,
        /// Also print this many examples of each error kind (missed, spurious, wrong value).
        #[arg(long, default_value_t = 0)]
        errors: usize,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Jsonl,
    Csv,
    Sqlite,
    /// DIR/report.html and a page per document in DIR/docs/.
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DeviceArg {
    Cpu,
    Cuda,
    Auto,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StdinFormat {
    Text,
    Jsonl,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files and folders to read (folders recursively, in sorted order); `-` reads stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write into this folder instead of JSONL on stdout (created if missing).
    #[arg(short, long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Output formats, comma-separated: jsonl, csv, sqlite, html (all but jsonl need --out).
    #[arg(short, long, value_enum, value_delimiter = ',', default_value = "jsonl")]
    format: Vec<Format>,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// The date of every document (YYYY-MM-DD), instead of the date found in its text.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    doc_date: Option<NaiveDate>,
    /// Files larger than this become error records.
    #[arg(long, value_name = "BYTES", default_value_t = 50_000_000)]
    max_bytes: u64,
    /// Decode files without a byte-order mark with this encoding (e.g. windows-1252) instead of UTF-8.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// Add a watch-list TSV (surface, canonical, type, …) whose rows win over the built-in lists.
    #[arg(long, value_name = "FILE.tsv")]
    gazetteer: Vec<PathBuf>,
    /// How to read `-`: one text document, or JSONL (one document per line).
    #[arg(long, value_enum, default_value = "text")]
    stdin_format: StdinFormat,
    /// No progress bar and no summary line (errors are still reported).
    #[arg(short, long)]
    quiet: bool,
    /// Continue an earlier run into the same --out folder: skip the documents (same id and
    /// content hash) and failed inputs its records.jsonl holds, append the rest. Runs with
    /// --resume can be stopped (Ctrl-C, kill) at any time and continued. JSONL only.
    #[arg(long, requires = "out")]
    resume: bool,
    /// Add the transformer NER stage with this model: a local Hugging Face token-classification
    /// folder, or hf:ORG/NAME to download one (needs a build with --features transformer).
    #[arg(long, value_name = "DIR|hf:ORG/NAME")]
    ner_model: Option<String>,
    /// Sentences per forward pass of the transformer model.
    #[arg(long, value_name = "N", default_value_t = 32)]
    ner_batch_size: usize,
    /// Where the transformer model runs.
    #[arg(long, value_enum, default_value = "auto")]
    device: DeviceArg,
    /// Documents per chunk: the unit of parallel work, of memory, and of --resume's checkpoints.
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    chunk_docs: u64,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("{s:?} is not a date in YYYY-MM-DD form"))
}

fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.as_bytes())
        .ok_or_else(|| format!("unknown encoding {s:?}; try utf-8, windows-1252, iso-8859-1, utf-16le"))
}

/// The inputs under `paths`, walked (with their sizes) on a thread of their own, which keeps
/// up to [`WALK_AHEAD`] of them ready: started before the tables are built, the walk of a
/// folder's first ten thousand or so files uses time the start-up leaves a second core,
/// instead of the workers' time (the walk's stat calls and path work were a twentieth of a
/// two-core run's CPU time on a folder of news stories; started early, 2% less wall time).
/// Where no thread can be had, the walk is made as the inputs are taken.
fn walk_ahead(paths: &[PathBuf]) -> Box<dyn Iterator<Item = Result<corpus::Input, corpus::InputError>> + Send> {
    // (Sent in batches: one channel operation, and one wake-up of the run, for many inputs.)
    const BATCH: usize = 256;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<_>>(WALK_AHEAD / BATCH);
    let walk = corpus::Walk::new(paths);
    let spawned = std::thread::Builder::new().name("walk".into()).spawn(move || {
        let mut walk = walk.peekable();
        while walk.peek().is_some() {
            // (The run ended early, and dropped the receiver: stop.)
            if send.send(walk.by_ref().take(BATCH).collect()).is_err() {
                break;
            }
        }
    });
    match spawned {
        Ok(_) => Box::new(receive.into_iter().flatten()),
        Err(_) => Box::new(corpus::Walk::new(paths)),
    }
}

/// How many inputs [`walk_ahead`] may hold ready (a few megabytes of paths).
const WALK_AHEAD: usize = 16384;

/// Transparent huge pages for the tables, not for the run. mimalloc asks for huge pages on its
/// arenas, and the gazetteers and rules built at start-up land on them: 460 page faults in
/// start-up instead of 6,500 (1,100 a run over the news corpus instead of 8,000), 21 ms of CPU
/// time instead of 32, and, likely, fewer address translations in the large tables every worker
/// reads. What a run allocates after that is each worker's own (its regex scratch space, the
/// documents in flight), and on huge pages it took about 4 MB more per worker: over the news
/// corpus 218 MB at --jobs 16, 160 to 166 MB with new pages kept ordinary from here on (79 ->
/// 68 MB at --jobs 2; the same CPU time at --jobs 1, 2% less at --jobs 2). Pages already huge
/// stay so. Failure (an old kernel) changes nothing else.
fn no_huge_pages_from_here() {
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match extract(args) {
            Ok(code) => code,
            Err(msg) => {
                eprintln!("gleaner: {msg}");
                ExitCode::from(2)
            }
        },
        Command::Report { dir } => match gleaner::output::report_from_records(&dir) {
            Ok((docs, with_text)) => {
                eprintln!(
                    "gleaner: wrote {} for {docs} documents ({with_text} with their text)",
                    dir.join("report.html").display()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("gleaner: {e}");
                ExitCode::from(2)
            }
        },
        Command::Show { file, doc_date } => match show::show(&file, doc_date) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("gleaner: {msg}");
                ExitCode::from(1)
            }
        },
        Command::Eval(cmd) => match eval(cmd) {
            Ok(()) => ExitCode::SUCCESS,
            Err(msg) => {
                eprintln!("gleaner: {msg}");
                ExitCode::from(2)
            }
        },
    }
}

fn eval(cmd: EvalCommand) -> Result<(), String> {
    let pipeline = Pipeline::builtin();
    match cmd {
        EvalCommand::Measeval { dirs, errors } => {
            let s = gleaner::eval::measeval::evaluate(&pipeline, &dirs)?;
            print!("{s}");
            print_examples("missed", s.missed.iter().cloned(), errors);
            print_examples("spurious", s.spurious.iter().cloned(), errors);
        }
        EvalCommand::Conll { file, errors } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let s = gleaner::eval::iob::evaluate(&pipeline, &text);
            if s.documents == 0 {
                return Err(format!("{}: no CoNLL documents in it", file.display()));
            }
            print!("{s}");
            print_examples("missed", s.missed.iter().cloned(), errors);
            print_examples("spurious", s.spurious.iter().cloned(), errors);
        }
        EvalCommand::Timeml { dir, errors } => {
            let s = gleaner::eval::timeml::evaluate(&pipeline, &dir)?;
            print!("{s}");
            print_examples("missed", s.missed.iter().map(|t| t.to_string()), errors);
            print_examples("spurious", s.spurious.iter().map(|t| t.to_string()), errors);
            print_examples(
                "span differs (gold / predicted)",
                s.boundary_errors.iter().map(|(g, p)| format!("{g} / {p}")),
                errors,
            );
            print_examples(
                "wrong value (text: gold / predicted)",
                s.value_errors.iter().map(|(t, g, p)| format!("{t}: {g} / {p}")),
                errors,
            );
        }
    }
    Ok(())
}

/// Print the `n` most frequent items of an error list with their counts.
fn print_examples(title: &str, items: impl Iterator<Item = String>, n: usize) {
    if n == 0 {
        return;
    }
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for i in items {
        *counts.entry(i).or_default() += 1;
    }
    let mut sorted: Vec<_> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("\n{title}:");
    for (item, c) in sorted.into_iter().take(n) {
        println!("  {c:>4}  {item}");
    }
}

fn extract(args: ExtractArgs) -> Result<ExitCode, String> {
    let started = Instant::now();
    let formats = args.format.clone();
    if args.out.is_none() && formats.iter().any(|f| *f != Format::Jsonl) {
        return Err("--format csv, sqlite and html write files: add --out DIR".into());
    }
    // Several workers: their walk (a stat call per file, for the sizes that bound a chunk's
    // memory) starts now, on a thread of its own, and goes on while the tables are built.
    // (`Pipeline::runs_on_one_thread`, known before the pipeline is: only the transformer
    // stage batches.)
    let one_worker = args.jobs == Some(1) && args.ner_model.is_none();
    let walked_ahead = (!one_worker).then(|| walk_ahead(&args.paths));
    // The date and quantity rules compile on another thread while the gazetteer is built.
    let warm_up = std::thread::Builder::new().spawn(Pipeline::warm_up);
    let mut builder = GazetteerBuilder::with_builtin();
    for g in &args.gazetteer {
        builder.add_tsv(g).map_err(|e| format!("gazetteer {e}"))?;
    }
    let pipeline = Pipeline::new(Arc::new(builder.build()));
    if let Ok(handle) = warm_up {
        let _ = handle.join();
    }
    let pipeline = match &args.ner_model {
        None => pipeline,
        Some(model) => pipeline.with(transformer(model, &args)?),
    };
    // (The walk was chosen before the pipeline existed, by the same rule.)
    debug_assert_eq!(one_worker, pipeline.runs_on_one_thread(args.jobs.unwrap_or(0)));
    no_huge_pages_from_here();

    // Ctrl-C (or SIGTERM) stops the run between chunks: files written aside are then removed,
    // and a resumable run keeps what it has written. A second Ctrl-C exits at once.
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("gleaner: stopping after the documents in hand (Ctrl-C again to quit at once)");
    });
    if args.resume && formats.iter().any(|f| *f != Format::Jsonl) {
        return Err("--resume writes JSONL only: drop --format (build the HTML report afterwards with \
                    `gleaner report DIR`)"
            .into());
    }
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    let mut done = None;
    match &args.out {
        None => sinks.push(Box::new(JsonlSink::stdout())),
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            let fail = |e: io::Error| format!("cannot write in {}: {e}", dir.display());
            // Files a killed run wrote aside and never renamed into place.
            output::resume::remove_stale_partials(dir).map_err(fail)?;
            if args.resume {
                let (file, recorded) = output::resume::prepare(dir).map_err(fail)?;
                if !args.quiet && !recorded.is_empty() {
                    eprintln!("gleaner: resuming: {} inputs already in {}", recorded.len(), dir.display());
                }
                sinks.push(Box::new(JsonlSink::append(dir, file)));
                done = Some(Arc::new(recorded));
            }
            for f in dedup(&formats).into_iter().filter(|_| !args.resume) {
                sinks.push(match f {
                    Format::Jsonl => Box::new(JsonlSink::file(dir).map_err(fail)?),
                    Format::Csv => Box::new(CsvSink::new(dir).map_err(fail)?),
                    Format::Sqlite => Box::new(SqliteSink::new(dir).map_err(fail)?),
                    Format::Html => Box::new(HtmlSink::new(dir).map_err(fail)?),
                });
            }
        }
    }

    let corpus_options = CorpusOptions {
        max_bytes: args.max_bytes,
        encoding: args.encoding,
        doc_date: args.doc_date,
        stdin_jsonl: args.stdin_format == StdinFormat::Jsonl,
    };
    let progress = if !args.quiet && io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // The inputs are walked as they are processed (memory stays flat however many there are);
    // a second walk on the side only adds up their sizes, for the progress bar's total.
    if !progress.is_hidden() {
        let (paths, bar) = (args.paths.clone(), progress.clone());
        std::thread::spawn(move || {
            let total: u64 = corpus::Walk::new(&paths)
                .filter_map(|i| match i {
                    Ok(corpus::Input::File { bytes, .. }) => Some(bytes),
                    _ => None,
                })
                .sum();
            bar.set_length(total);
        });
    }
    let jobs = args.jobs.unwrap_or(0);
    let units = match walked_ahead {
        Some(walk) => Units::streaming(walk, &corpus_options),
        // (One worker reads each file when its turn comes, and needs no sizes ahead.)
        None => Units::streaming(corpus::Walk::new(&args.paths).without_sizes(), &corpus_options),
    };
    let keep_text = formats.contains(&Format::Html);
    let options = RunOptions {
        corpus: corpus_options,
        jobs,
        keep_text,
        chunk_units: usize::try_from(args.chunk_docs).unwrap_or(usize::MAX),
        skip: done,
        stop: Some(stop),
        ..RunOptions::default()
    };
    let mut docs = 0usize;
    // (A hidden bar, with -q or no terminal, is not updated: its message was a string made
    // and a lock taken per document.)
    let shown = !progress.is_hidden();
    let mut observe = |o: &Outcome| match o {
        Ok(d) if shown => {
            docs += 1;
            progress.inc(d.document.bytes);
            progress.set_message(format!("{docs} documents"));
        }
        Ok(_) => {}
        Err(e) => progress.suspend(|| eprintln!("gleaner: {}: {}", e.path, e.error)),
    };
    let result = pipeline::run(&pipeline, units, &[], &options, &mut sinks, &mut observe);
    // The exit frees the tables at once; dropping them entry by entry took a few milliseconds.
    std::mem::forget(pipeline);
    progress.finish_and_clear();
    let summary = match result {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(format!("writing output failed: {e}")),
    };
    if summary.interrupted {
        // Whole-file sinks are dropped unfinished: their files aside are removed.
        let kept = if args.resume {
            "records written so far are kept: run again with --resume to continue"
        } else if args.out.is_some() {
            "nothing was written; earlier outputs are unchanged"
        } else {
            "output stopped"
        };
        eprintln!("gleaner: interrupted after {} documents; {kept}", summary.documents);
        return Ok(ExitCode::from(130));
    }
    for s in sinks {
        s.finish().map_err(|e| {
            if e.kind() == io::ErrorKind::BrokenPipe {
                String::new()
            } else {
                format!("finishing output failed: {e}")
            }
        })?;
    }
    if !args.quiet {
        eprintln!("{}", summary_line(&summary, started.elapsed().as_secs_f64()));
    }
    Ok(if summary.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The transformer stage for `--ner-model`.
#[cfg(feature = "transformer")]
fn transformer(model: &str, args: &ExtractArgs) -> Result<Box<dyn gleaner::Annotator>, String> {
    use gleaner::ner::{Device, TransformerAnnotator, TransformerOptions};
    let device = match args.device {
        DeviceArg::Cpu => Device::Cpu,
        DeviceArg::Cuda => Device::Cuda,
        DeviceArg::Auto => Device::Auto,
    };
    let threads = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = TransformerOptions { model: model.to_string(), device, batch_size: args.ner_batch_size, threads };
    Ok(Box::new(TransformerAnnotator::load(&options)?))
}

#[cfg(not(feature = "transformer"))]
fn transformer(_: &str, _: &ExtractArgs) -> Result<Box<dyn gleaner::Annotator>, String> {
    Err("--ner-model needs a gleaner built with the transformer stage: install libtorch 2.4 \
         (python3 -m pip install torch==2.4.0) and build with LIBTORCH_USE_PYTORCH=1 cargo build --release \
         --features transformer (see models/README.md)"
        .into())
}

fn dedup(formats: &[Format]) -> Vec<Format> {
    let mut out = Vec::new();
    for f in formats {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    out
}

fn summary_line(s: &Summary, seconds: f64) -> String {
    let mb = s.bytes as f64 / 1e6;
    let by_type: Vec<String> = s.mentions.iter().map(|(t, n)| format!("{t} {n}")).collect();
    format!(
        "gleaner: {} documents, {:.2} MB in {:.2} s ({:.1} MB/s); mentions: {}; claims {}; errors {}{}",
        s.documents,
        mb,
        seconds,
        if seconds > 0.0 { mb / seconds } else { 0.0 },
        if by_type.is_empty() { "none".to_string() } else { by_type.join(", ") },
        s.claims,
        s.errors,
        if s.skipped > 0 { format!("; skipped {} already recorded", s.skipped) } else { String::new() }
    )
}
