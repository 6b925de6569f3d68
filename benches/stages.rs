//! Per-stage throughput: `cargo bench --bench stages -- [FOLDER] [--max-mb N]`.
//!
//! Loads the folder's documents into memory (default: the repository's sample and test texts),
//! then times each stage on one thread over all of them and prints MB/s per stage — tokenize,
//! each annotator, resolve + claims, JSON lines from borrowed views (what a batch run writes),
//! owned records and their JSON lines (the library's and the CSV and SQLite sinks' path) — and
//! the whole per-document pipeline, to owned records and to JSON lines, document by document and
//! in groups of 32 (as a batch run's workers take them). Figures, not assertions: speed targets
//! live here, never in tests.

use gleaner::claims::claims;
use gleaner::corpus::{load, walk, CorpusOptions, Units};
use gleaner::dates::DateAnnotator;
use gleaner::document::Document;
use gleaner::gazetteer::{Gazetteer, GazetteerAnnotator};
use gleaner::organizations::OrganizationAnnotator;
use gleaner::output::json_lines::render_view;
use gleaner::output::{records, view, write_outcome};
use gleaner::people::PeopleAnnotator;
use gleaner::quantities::QuantityAnnotator;
use gleaner::resolve::resolve;
use gleaner::tokenize::analyze;
use gleaner::{Annotator, Pipeline};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let max_mb: f64 = args
        .iter()
        .position(|a| a == "--max-mb")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::INFINITY);
    let folder = args.iter().find(|a| !a.starts_with("--") && a.parse::<f64>().is_err()).map(PathBuf::from);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paths = match folder {
        Some(f) => vec![f],
        None => vec![root.join("samples"), root.join("tests/data/news")],
    };

    let started = Instant::now();
    let gazetteer = Arc::new(Gazetteer::builtin());
    println!("gazetteer load + build: {:.3} s ({} surface forms)", started.elapsed().as_secs_f64(), gazetteer.len());

    let (inputs, _) = walk(&paths);
    let options = CorpusOptions::default();
    let mut docs: Vec<Document> = Vec::new();
    let mut bytes = 0usize;
    for unit in Units::new(inputs, &options) {
        if let Ok(d) = load(unit, &options) {
            bytes += d.text.len();
            docs.push(d);
            if bytes as f64 / 1e6 >= max_mb {
                break;
            }
        }
    }
    let mb = bytes as f64 / 1e6;
    println!("{} documents, {:.2} MB of text", docs.len(), mb);

    let time = |name: &str, f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        let s = t.elapsed().as_secs_f64();
        println!("{name:<22} {:>8.3} s {:>9.1} MB/s", s, mb / s);
    };
    time("tokenize", &mut || {
        for d in &docs {
            std::hint::black_box(analyze(d));
        }
    });
    let analyzed: Vec<_> = docs.iter().map(analyze).collect();
    let annotators: Vec<Box<dyn Annotator>> = vec![
        Box::new(GazetteerAnnotator::new(gazetteer.clone())),
        Box::new(DateAnnotator::new()),
        Box::new(QuantityAnnotator::new()),
        Box::new(PeopleAnnotator::new(gazetteer.clone())),
        Box::new(OrganizationAnnotator::new(gazetteer.clone())),
    ];
    for a in &annotators {
        time(a.name(), &mut || {
            let mut out = Vec::new();
            for d in &analyzed {
                out.clear();
                a.annotate(d, &mut out);
            }
        });
    }
    let mentions: Vec<_> = analyzed
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            for a in &annotators {
                a.annotate(d, &mut out);
            }
            out
        })
        .collect();
    let mut resolved = Vec::new();
    let mut inputs = Some(mentions);
    time("resolve + claims", &mut || {
        resolved = analyzed
            .iter()
            .zip(inputs.take().expect("timed once"))
            .map(|(d, m)| {
                let r = resolve(d, m);
                let c = claims(d, &r);
                (r, c)
            })
            .collect();
    });
    time("views + JSON lines", &mut || {
        let mut lines = Vec::new();
        for (d, (r, c)) in analyzed.iter().zip(&resolved) {
            lines.clear();
            render_view(&view(d, r, c), &mut lines);
        }
    });
    let mut outputs = Vec::new();
    time("records", &mut || {
        outputs = analyzed.iter().zip(resolved.drain(..)).map(|(d, (r, c))| Ok(records(d, r, c))).collect();
    });
    time("JSON from records", &mut || {
        let mut lines = Vec::new();
        for o in &outputs {
            lines.clear();
            write_outcome(&mut lines, o).expect("write to memory");
        }
    });
    let pipeline = Pipeline::new(gazetteer);
    time("whole document", &mut || {
        for d in &docs {
            std::hint::black_box(pipeline.process(d));
        }
    });
    // What `gleaner extract` does with each document: the stages, then JSON lines from views.
    time("whole doc, JSON lines", &mut || {
        let mut lines = Vec::new();
        for d in &docs {
            lines.clear();
            pipeline.process_with(d, |v| render_view(v, &mut lines));
        }
    });
    // The same over groups of 32 documents, each annotator over a group before the next (what
    // each worker of `gleaner extract` does).
    let refs: Vec<&Document> = docs.iter().collect();
    time("groups of 32, JSON", &mut || {
        let mut lines = Vec::new();
        for group in refs.chunks(32) {
            pipeline.process_group_with(group, |v| {
                lines.clear();
                render_view(v, &mut lines);
            });
        }
    });
}
