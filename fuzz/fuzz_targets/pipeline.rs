//! Fuzz target: the whole per-document pipeline (decode, tokenize, every annotator, resolve,
//! claims, records, JSON lines) on arbitrary bytes, checking the record invariants and that
//! every rendered line is one JSON object.
#![no_main]

use gleaner::corpus::{from_bytes, CorpusOptions};
use gleaner::Pipeline;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::builtin);

fuzz_target!(|data: &[u8]| {
    // Bytes as a file would give them: decoding errors are error records, not crashes.
    let html = data.first() == Some(&b'<');
    let Ok(doc) = from_bytes("fuzz", data, html, &CorpusOptions::default()) else { return };
    let out = PIPELINE.process(&doc);
    let text = doc.text.as_str();
    for m in &out.mentions {
        assert!(m.start < m.end && m.end <= text.len());
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        assert_eq!(&text[m.start..m.end], m.text);
        assert!((0.0..=1.0).contains(&m.confidence.0));
    }
    for c in &out.claims {
        assert_eq!(&text[c.start..c.end], c.text);
    }
    let mut lines = Vec::new();
    gleaner::output::json_lines::render(&Ok(out), &mut lines);
    for line in lines.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let v: serde_json::Value = serde_json::from_slice(line).expect("each line is JSON");
        assert!(v.is_object());
    }
});
