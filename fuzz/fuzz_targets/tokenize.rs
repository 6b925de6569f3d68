//! Fuzz target: the tokenizer and sentence splitter on arbitrary UTF-8, checking that tokens
//! and sentences are ordered, non-overlapping spans on character boundaries.
#![no_main]

use gleaner::tokenize::{split_sentences, tokenize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let tokens = tokenize(text);
    let mut last = 0;
    for t in &tokens {
        assert!(last <= t.start && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
    let sentences = split_sentences(text, &tokens);
    let mut next = 0;
    for s in &sentences {
        assert!(next <= s.first_token && s.first_token < s.end_token && s.end_token <= tokens.len());
        assert!(s.start <= s.end && s.end <= text.len());
        next = s.end_token;
    }
});
