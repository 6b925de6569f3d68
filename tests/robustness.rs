//! No input makes the pipeline panic, and every record keeps its invariants: `text` is the bytes
//! at `start..end`, offsets lie on character boundaries inside the document, sentence indexes
//! exist, confidences lie in [0, 1].
//!
//! Texts are generated from fragments that stress each stage (abbreviations, possessives, dates,
//! numbers, roles, odd Unicode, stray punctuation) by a fixed-seed generator, so a failure
//! reproduces; a few hostile shapes are added by hand.

use gleaner::corpus::{from_text, CorpusOptions};
use gleaner::output::{DocumentOutput, MentionFields};
use gleaner::Pipeline;

const FRAGMENTS: &[&str] = &[
    "U.S.",
    "D.C.",
    "Mr.",
    "Jan.",
    "p.m.",
    "’s",
    "'s",
    "\u{2019}",
    "-",
    "–",
    "—",
    "1,000",
    "3.5",
    "10%",
    "$2.5bn",
    "over",
    "about",
    "at least",
    "between",
    "and",
    "one",
    "thousand",
    "twenty-five",
    "a hundred",
    "half a",
    "April",
    "12",
    "2017",
    "April 7, 2017",
    "late",
    "early",
    "earlier",
    "the end of",
    "next week",
    "last night",
    "Thursday",
    "Monday morning",
    "a year ago",
    "the third quarter",
    "fiscal",
    "1990s",
    "nineteen ninety-six",
    "Secretary of State",
    "Foreign Minister",
    "President",
    "CEO",
    "Rex",
    "Tillerson",
    "Elisa",
    "Massimino",
    "Russian",
    "Russia",
    "Washington",
    "Human Rights First",
    "Inc",
    "said",
    "wrote",
    "according to",
    "O'Brien",
    "Jean",
    "de",
    "Jr.",
    "III",
    "F.",
    "\n",
    "\n\n",
    "  ",
    "\t",
    ".",
    "!",
    "?",
    "“",
    "”",
    "\"",
    "(",
    ")",
    ",",
    ";",
    "é",
    "日本",
    "\u{0301}",
    "\u{00A0}",
    "\u{FEFF}",
    "\u{200B}",
    "🙂",
    "Ⅻ",
    "٣",
    "x",
    "cities",
    "arrests",
    "percent",
    "km",
    "dlrs",
    "mln",
    "10-20",
    "555-1234",
    "3:30",
    "04/07/2017",
    "6-year-old",
    "Q3",
    "’",
    "...",
];

/// A small fixed-seed generator (xorshift), so failures reproduce without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn check(pipeline: &Pipeline, text: &str) {
    let Ok(doc) = from_text("fuzz", text, &CorpusOptions::default()) else { return };
    let out: DocumentOutput = pipeline.process(&doc);
    let text = doc.text.as_str(); // a byte-order mark is not part of the text
    let n_sentences = out.document.sentences;
    for m in &out.mentions {
        assert!(m.start < m.end && m.end <= text.len(), "{m:?} in {text:?}");
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?} in {text:?}");
        assert_eq!(&text[m.start..m.end], m.text, "in {text:?}");
        assert!(m.sentence < n_sentences.max(1), "{m:?}");
        assert!((0.0..=1.0).contains(&m.confidence.0), "{m:?}");
        if let MentionFields::Quantity { value, .. } = &m.fields {
            assert!(value.0.is_finite(), "{m:?}");
        }
    }
    for c in &out.claims {
        assert_eq!(&text[c.start..c.end], c.text);
        assert!(out.mentions.iter().any(|m| m.id == c.quantity));
    }
    for e in &out.entities {
        assert!(e.mentions > 0, "{e:?}");
    }
}

#[test]
fn generated_texts_keep_the_invariants() {
    let pipeline = Pipeline::builtin();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..1500 {
        let len = 1 + rng.below(60);
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
            if rng.below(3) > 0 {
                text.push(' ');
            }
        }
        check(&pipeline, &text);
    }
}

#[test]
fn hostile_shapes() {
    let pipeline = Pipeline::builtin();
    let capitals = "Alpha Beta Gamma Delta Epsilon ".repeat(10_000);
    let digits = "1,2,3,4,5,6,7,8,9,0,".repeat(20_000);
    let dots = ".".repeat(100_000);
    let apostrophes = "’s'".repeat(30_000);
    let hyphens = "a-".repeat(50_000);
    let years = "1990 ".repeat(20_000);
    let roles = "President President Mr. ".repeat(5_000);
    for text in [&capitals, &digits, &dots, &apostrophes, &hyphens, &years, &roles] {
        check(&pipeline, text);
    }
}
