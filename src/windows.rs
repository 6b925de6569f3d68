//! Running many regexes over a text only where each can match: in windows around its trigger
//! words.
//!
//! A rule such as "a count, a unit of time, then *ago*" cannot match where the text has no
//! "ago". Each rule names words (or digit shapes) that every one of its matches contains; one
//! pass over the text's words finds them all (bit masks of the word bytes give each word's
//! bounds, a filter on its length and first, second and last letters rules out nearly every
//! word, a table lookup settles the rest), and the rule's regex then searches only a window of
//! bytes around each. On news text that is a fraction of the bytes a whole-text search reads,
//! for every rule. A rule may also say how many digits in a row its matches hold
//! ([`Near::with_digits`]): its windows without such a run are not searched; and which words
//! come right before its trigger ([`Near::following`]: "in", "since" before a month): a
//! trigger after another word opens no window for it.
//!
//! Each rule says how far its matches reach before and after a trigger ([`Near`]); its windows
//! reach that far (and on to the next whitespace, so `\b` at a window's end means what it means
//! in the whole text). Searches keep the text before a window as context, for the same reason.
//!
//! A rule may also say which words its matches can hold before their trigger ([`Near::leads`]:
//! "of" and a day's digits before "April", "a couple of" before "weeks"). Its matches then begin
//! at the trigger or at a run of those words right before it, and are searched for only there,
//! each search anchored ([`Windows::starts`]). An unanchored search from a window's start reads
//! every byte before the trigger, through states of the rule's automaton that the window's
//! text, not the rule, picks; an anchored one where no match begins stops within a few bytes,
//! and one that finds a match needs no reverse search for where it begins. (The date rules'
//! searches took a sixth of a run; the bytes before their triggers were most of that.)
//!
//! Not here: what the rules are (the annotators that use this) or what a match means.

use crate::masks::{Mask, TextMasks};
use crate::strmap::StrMap;
use regex_automata::meta;
use regex_automata::util::captures;
use regex_automata::{Anchored, Input};
use std::cell::RefCell;
use thread_local::ThreadLocal;

/// Where one rule can match: near one of its trigger words, within `before` bytes before the
/// trigger's first byte and `after` bytes after its last (allow for runs of spaces).
#[derive(Clone, Copy, Debug)]
pub struct Near {
    /// Words (or digit shapes) every match contains; see [`Triggers::new`].
    pub words: &'static [&'static str],
    /// Most bytes a match begins before its trigger.
    pub before: usize,
    /// Most bytes a match ends after its trigger.
    pub after: usize,
    /// The ASCII digits in a row every match holds (0: none needed): a window without such a
    /// run is not searched. ("March 2017" needs four, "April 12" one; most of the windows
    /// around month names have no year in them.)
    pub digits: usize,
    /// Words one of which every match has right before its trigger, with only whitespace or
    /// hyphens between (empty: any): a trigger after another word opens no window for the
    /// rule. ("in March", "since March" for a rule of cues and months: most months in news
    /// text follow no cue.)
    pub follows: &'static [&'static str],
    /// With [`Near::follows`]: whether a run of ASCII digits counts as one of those words
    /// ("48 hours" as well as "two hours").
    pub follows_digits: bool,
    /// Where the rule's matches begin, if it says: at a trigger, or at one of these words
    /// (ASCII, any case) before it, with only these words between ("12 of" before "April",
    /// "a couple of" before "weeks"). Its matches are then searched for only there, each search
    /// anchored: where no match begins, a search ends within a few bytes, where one from the
    /// window's start read every byte before the trigger. `None`: anywhere in the window.
    pub leads: Option<&'static [&'static str]>,
    /// With [`Near::leads`]: whether words that begin with an ASCII digit ("12", "12th") are
    /// among those words.
    pub lead_digits: bool,
}

/// A rule's [`Near`].
pub const fn near(words: &'static [&'static str], before: usize, after: usize) -> Near {
    Near { words, before, after, digits: 0, follows: &[], follows_digits: false, leads: None, lead_digits: false }
}

impl Near {
    /// This [`Near`], for a rule whose matches hold `digits` ASCII digits in a row.
    pub const fn with_digits(self, digits: usize) -> Near {
        Near { digits, ..self }
    }

    /// This [`Near`], for a rule whose matches have one of `words` (ASCII, any case) right
    /// before their trigger, with whitespace or hyphens between ([`Near::follows`]).
    pub const fn following(self, words: &'static [&'static str]) -> Near {
        Near { follows: words, ..self }
    }

    /// This [`Near`], for a rule whose matches have one of `words` or a run of ASCII digits
    /// right before their trigger ([`Near::following`], [`Near::follows_digits`]).
    pub const fn following_words_or_digits(self, words: &'static [&'static str]) -> Near {
        Near { follows: words, follows_digits: true, ..self }
    }

    /// This [`Near`], for a rule whose matches begin at their trigger or at one of `words`
    /// before it, with only `words` between ([`Near::leads`]; empty: at the trigger).
    pub const fn led_by(self, words: &'static [&'static str]) -> Near {
        Near { leads: Some(words), ..self }
    }

    /// [`Near::led_by`], with words that begin with a digit among `words` ([`Near::lead_digits`]).
    pub const fn led_by_words_or_digits(self, words: &'static [&'static str]) -> Near {
        Near { leads: Some(words), lead_digits: true, ..self }
    }
}

/// What one trigger word does.
#[derive(Clone, Copy, Default)]
struct WordRules {
    any_case: u64,
    capitalized: u64,
    after_digit: bool,
}

/// A trigger word as the scan looks it up: by its first word (its bytes up to the first that
/// is not a word byte, lowercase), with the rest of it ("-ago" of "year-ago", ".m" of "a.m")
/// checked in the text after that word.
struct Head {
    /// The rest of the trigger after its first word, lowercase (often empty).
    rest: Box<[u8]>,
    /// The trigger's index in [`Triggers::word_rules`].
    word: usize,
}

/// A trigger that is a shape of digits rather than a word.
const YEAR: &str = "#year";
const DECADE: &str = "#decade";
const SLASH: &str = "#slash";
const COLON: &str = "#colon";

/// The longest first word of a trigger (a longer word in the text is no trigger's).
const MAX_HEAD: usize = 32;

/// The longest word of a [`Near::follows`] or [`Near::leads`] list.
const MAX_FOLLOWED: usize = 16;

/// The triggers of a list of rules (at most 64), ready to find windows in texts.
pub struct Triggers {
    /// The triggers by their first word.
    heads: StrMap<Vec<Head>>,
    /// Bit [`shape_key`] set for each first word: a word whose bit is clear begins no trigger.
    /// (Most words of a text are no trigger's; this answers for nearly all of them.)
    head_shapes: Box<[u64; SHAPE_BLOCKS]>,
    /// Bytes (either case) that begin a trigger that may come right after a digit.
    after_digit_starts: [bool; 256],
    /// Per word trigger: the rules it triggers whatever its case, the rules it triggers only
    /// capitalized, and whether a digit may come right before it.
    word_rules: Vec<WordRules>,
    /// Rules triggered by a four-digit year from 1800 to 2099 ("1990", "1990s", "2015-01-31").
    year_rules: u64,
    /// Rules triggered by such a year ending in 0 with an "s" after it ("1990s").
    decade_rules: u64,
    /// Rules triggered by digits and a slash ("4/7/2017").
    slash_rules: u64,
    /// Rules triggered by digits and a colon ("15:30").
    colon_rules: u64,
    /// Per rule: how far its windows reach.
    reach: Vec<(usize, usize)>,
    /// Per rule: the digits in a row its matches hold ([`Near::digits`]).
    digits: Vec<usize>,
    /// Rules whose triggers count only after certain words ([`Near::follows`]).
    follow_rules: u64,
    /// Those words (lowercase), each with the rules it lets a trigger after it count for.
    followed: StrMap<u64>,
    /// The rules a trigger after a run of digits counts for ([`Near::follows_digits`]).
    after_digits: u64,
    /// Rules that say where their matches begin ([`Near::leads`]).
    lead_rules: u64,
    /// Those of them with lead words (or digits).
    led_rules: u64,
    /// The furthest any of those reaches before its trigger.
    longest_lead: usize,
    /// Their lead words (lowercase), each with the rules it may lead.
    leads: StrMap<u64>,
    /// The rules that words beginning with a digit may lead ([`Near::lead_digits`]).
    lead_digits: u64,
}

impl Triggers {
    /// Triggers for rules given by their trigger lists: words (matched ignoring ASCII case, on
    /// ASCII word boundaries; a word written capitalized, as "May", triggers only where the text
    /// has it capitalized; a leading `~` lets a digit come right before it, as in "3pm") or the
    /// digit shapes `#year` (1800 to 2099), `#decade` (such a year ending in 0, an "s" right
    /// after), `#slash` and `#colon`.
    ///
    /// # Panics
    /// With more than 64 rules, or a trigger word that does not begin and end with a word byte
    /// or whose first word is longer than 32 bytes (programming errors).
    pub fn new(rules: &[Near]) -> Triggers {
        assert!(rules.len() <= 64, "at most 64 rules share one trigger set");
        let mut patterns: Vec<String> = Vec::new();
        let mut word_rules: Vec<WordRules> = Vec::new();
        let (mut year_rules, mut decade_rules, mut slash_rules, mut colon_rules) = (0, 0, 0, 0);
        for (k, rule) in rules.iter().enumerate() {
            let bit = 1u64 << k;
            for &w in rule.words {
                match w {
                    YEAR => year_rules |= bit,
                    DECADE => decade_rules |= bit,
                    SLASH => slash_rules |= bit,
                    COLON => colon_rules |= bit,
                    _ => {
                        let (after_digit, w) = match w.strip_prefix('~') {
                            Some(w) => (true, w),
                            None => (false, w),
                        };
                        let capitalized = w.starts_with(|c: char| c.is_ascii_uppercase());
                        let w = w.to_ascii_lowercase();
                        let i = patterns.iter().position(|p| *p == w).unwrap_or_else(|| {
                            patterns.push(w);
                            word_rules.push(WordRules::default());
                            patterns.len() - 1
                        });
                        let r = &mut word_rules[i];
                        if capitalized {
                            r.capitalized |= bit;
                        } else {
                            r.any_case |= bit;
                        }
                        r.after_digit |= after_digit;
                    }
                }
            }
        }
        let mut heads: StrMap<Vec<Head>> = StrMap::default();
        let (mut head_shapes, mut after_digit_starts) = (Box::new([0u64; SHAPE_BLOCKS]), [false; 256]);
        for (word, p) in patterns.iter().enumerate() {
            let b = p.as_bytes();
            assert!(
                b.first().is_some_and(|&c| is_word(c)) && b.last().is_some_and(|&c| is_word(c)),
                "trigger {p:?} must begin and end with a letter, digit or underscore"
            );
            let head = b.iter().position(|&c| !is_word(c)).unwrap_or(b.len());
            assert!(head <= MAX_HEAD, "trigger {p:?}: first word longer than {MAX_HEAD} bytes");
            let key = shape_key(&b[..head]);
            head_shapes[key / 64] |= 1 << (key % 64);
            if word_rules[word].after_digit {
                after_digit_starts[usize::from(b[0])] = true;
                after_digit_starts[usize::from(b[0].to_ascii_uppercase())] = true;
            }
            heads.get_or_insert_with(&p[..head], Vec::new).push(Head { rest: b[head..].into(), word });
        }
        let reach = rules.iter().map(|r| (r.before, r.after)).collect();
        let digits = rules.iter().map(|r| r.digits).collect();
        let (mut follow_rules, mut followed, mut after_digits) = (0, StrMap::<u64>::default(), 0);
        for (k, rule) in rules.iter().enumerate() {
            assert!(!rule.follows_digits || !rule.follows.is_empty(), "digits may follow only with words");
            if rule.follows_digits {
                after_digits |= 1 << k;
            }
            for w in rule.follows {
                assert!(
                    !w.is_empty() && w.len() <= MAX_FOLLOWED && w.bytes().all(is_word),
                    "followed word {w:?} must be 1 to {MAX_FOLLOWED} letters, digits or underscores"
                );
                follow_rules |= 1 << k;
                *followed.get_or_insert_with(&w.to_ascii_lowercase(), || 0) |= 1 << k;
            }
        }
        let (mut lead_rules, mut led_rules, mut leads, mut lead_digits) = (0, 0, StrMap::<u64>::default(), 0);
        let mut longest_lead = 0;
        for (k, rule) in rules.iter().enumerate() {
            let Some(words) = rule.leads else { continue };
            lead_rules |= 1 << k;
            if rule.lead_digits || !words.is_empty() {
                led_rules |= 1 << k;
                longest_lead = longest_lead.max(rule.before);
            }
            if rule.lead_digits {
                lead_digits |= 1 << k;
            }
            for w in words {
                assert!(
                    !w.is_empty() && w.len() <= MAX_FOLLOWED && w.bytes().all(is_word),
                    "lead word {w:?} must be 1 to {MAX_FOLLOWED} letters, digits or underscores"
                );
                *leads.get_or_insert_with(&w.to_ascii_lowercase(), || 0) |= 1 << k;
            }
        }
        Triggers {
            heads,
            head_shapes,
            after_digit_starts,
            word_rules,
            year_rules,
            decade_rules,
            slash_rules,
            colon_rules,
            reach,
            digits,
            follow_rules,
            followed,
            after_digits,
            lead_rules,
            led_rules,
            longest_lead,
            leads,
            lead_digits,
        }
    }

    /// The windows of `text` where each rule may match: for rule `k`, `windows[k]` lists
    /// windows in order, none overlapping or touching another.
    pub fn windows(&self, text: &str) -> Windows {
        let mut found = Windows::default();
        self.windows_with(text, &TextMasks::of(text), &mut found);
        found
    }

    /// [`Triggers::windows`], given the text's masks (a document's, which the tokenizer made:
    /// [`crate::document::Doc::masks`]), into lists the caller keeps from one text to the next
    /// (cleared here; their room is kept): a document's windows then cost no allocation once
    /// the lists have grown to fit, where fresh lists took a few allocations per rule and
    /// document.
    pub fn windows_with(&self, text: &str, masks: &TextMasks, found: &mut Windows) {
        let Windows { windows, starts } = found;
        windows.resize_with(self.reach.len(), Vec::new);
        windows.iter_mut().for_each(Vec::clear);
        starts.resize_with(self.reach.len(), Vec::new);
        starts.iter_mut().for_each(Vec::clear);
        let bytes = text.as_bytes();
        self.each_trigger(bytes, masks, |rules, start, end| {
            // (Rules whose lead words run into text that is not ASCII are searched over the
            // whole window, as rules without lead words are.)
            let anchored = match rules & self.lead_rules {
                0 => 0,
                led => led & !self.lead_starts(bytes, start, led, starts),
            };
            for k in rules_in(rules) {
                let (before, after) = self.reach[k];
                let w = window(text, start.saturating_sub(before), end + after, start, anchored & 1 << k != 0);
                push_merged(&mut windows[k], w);
            }
        });
        // A rule's windows may come out of order (their reach differs by trigger): they are
        // sorted and merged here. So may its starts, where one trigger's lead words run back
        // over another.
        for w in windows.iter_mut() {
            if !w.is_sorted() {
                w.sort_unstable();
                merge_in_place(w);
            }
        }
        for s in starts.iter_mut() {
            if !s.is_sorted() {
                s.sort_unstable();
            }
            s.dedup();
        }
        // Windows without the digits in a row their rule's matches hold are dropped (the
        // masks of where such runs begin are made once per run length).
        let mut runs: Vec<(usize, Mask)> = Vec::new();
        for (w, &n) in windows.iter_mut().zip(&self.digits).filter(|(w, &n)| n > 0 && !w.is_empty()) {
            let runs = match runs.iter().position(|(m, _)| *m == n) {
                Some(i) => &runs[i].1,
                None => {
                    runs.push((n, masks.digits.runs_of(n)));
                    &runs[runs.len() - 1].1
                }
            };
            w.retain(|w| runs.next_in(w.from, (w.to + 1).saturating_sub(n)).is_some());
        }
    }

    /// Calls `add` with each trigger in the text, in order of its first byte: the rules it
    /// counts for (past [`Near::follows`]), as bits, and its bytes' range.
    fn each_trigger(&self, bytes: &[u8], masks: &TextMasks, mut add: impl FnMut(u64, usize, usize)) {
        let mut add = |rules: u64, start: usize, end: usize| {
            let mut rules = rules;
            if rules & self.follow_rules != 0 {
                rules &= !self.follow_rules | self.rules_after(bytes, start);
            }
            if rules != 0 {
                add(rules, start, end);
            }
        };
        // The text's words (runs of word bytes), found from bit masks of its word and digit
        // bytes: a trigger begins where a word does (or, for those that may follow a digit,
        // at a letter right after a digit inside one), its first word runs to the word's end,
        // and it ends where a word ends. Digit shapes begin where a word does. (Masks, not a
        // loop that stops at each word's first and last byte: those stops were mispredicted
        // branches, twice per word.)
        // (Word bytes are letters, digits and underscores, as `\b` reads them; news text
        // seldom has an underscore, and then they are its letters and digits.)
        let with_underscores;
        let word_bits = match memchr::memchr(b'_', bytes) {
            None => &masks.alnum,
            Some(_) => {
                [with_underscores] = Mask::build(bytes, |l| [l.letter | l.digit | l.underscore]);
                &with_underscores
            }
        };
        let digit_bits = &masks.digits;
        let digit_shapes = self.year_rules | self.decade_rules | self.slash_rules | self.colon_rules != 0;
        let mut carry = (0, 0);
        for (k, (&word, &digit)) in word_bits.blocks().iter().zip(digit_bits.blocks()).enumerate() {
            let mut starts = word & !(word << 1 | carry.0);
            // Letters right after a digit, where a trigger such as "pm" (in "3pm") may begin.
            let mut after_digit = (digit << 1 | carry.1) & word & !digit;
            carry = (word >> 63, digit >> 63);
            while starts != 0 {
                let start = k * 64 + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let end = word_bits.run_end(start);
                if self.may_begin(&bytes[start..end]) {
                    self.word_at(bytes, start, end, false, &mut add);
                }
                if digit_shapes && bytes[start].is_ascii_digit() {
                    let run = digit_bits.run_end(start) - start;
                    let mut rules = 0;
                    if run == 4 && matches!(&bytes[start..start + 2], b"18" | b"19" | b"20") {
                        rules |= self.year_rules;
                        if bytes[start + 3] == b'0' && bytes.get(start + 4) == Some(&b's') {
                            rules |= self.decade_rules;
                        }
                    }
                    match bytes.get(start + run) {
                        Some(b'/') => rules |= self.slash_rules,
                        Some(b':') => rules |= self.colon_rules,
                        _ => {}
                    }
                    if rules != 0 {
                        add(rules, start, start + run);
                    }
                }
            }
            while after_digit != 0 {
                let start = k * 64 + after_digit.trailing_zeros() as usize;
                after_digit &= after_digit - 1;
                if self.after_digit_starts[usize::from(bytes[start])] {
                    let end = word_bits.run_end(start);
                    if self.may_begin(&bytes[start..end]) {
                        self.word_at(bytes, start, end, true, &mut add);
                    }
                }
            }
        }
    }

    /// Where each rule's triggers begin in `text` (for tests of the rules: every match holds
    /// one).
    #[cfg(test)]
    pub(crate) fn trigger_starts(&self, text: &str) -> Vec<Vec<usize>> {
        let mut starts = vec![Vec::new(); self.reach.len()];
        self.each_trigger(text.as_bytes(), &TextMasks::of(text), |rules, start, _| {
            for k in rules_in(rules) {
                starts[k].push(start);
            }
        });
        starts
    }

    /// Where the matches of `rules` (all with [`Near::leads`]) that hold the trigger at
    /// `start` may begin, added to their lists of `starts` in order: the trigger, and each word
    /// before it that its run of the rule's lead words back from the trigger reaches, within
    /// the rule's reach. Returns the rules whose run met a byte that is not ASCII: `\s` and
    /// case folding reach beyond ASCII, so there the starts are not known.
    fn lead_starts(&self, bytes: &[u8], start: usize, rules: u64, starts: &mut [Vec<usize>]) -> u64 {
        // (Lead words found, nearest first, with the rules each may begin a match for.)
        let mut found = [(0usize, 0u64); 16];
        let (mut n, mut alive, mut unsure, mut at) = (0, rules & self.led_rules, 0, start);
        // (No rule's match begins further back: the walk reads no byte before this one, however
        // long the word or the run of spaces and marks there.)
        let limit = start.saturating_sub(self.longest_lead);
        while alive != 0 && n < found.len() {
            let mut end = at;
            while end > limit && !is_word(bytes[end - 1]) && bytes[end - 1].is_ascii() {
                end -= 1;
            }
            if end > 0 && !bytes[end - 1].is_ascii() {
                unsure = alive;
                break;
            }
            let mut from = end;
            while from > limit && is_word(bytes[from - 1]) {
                from -= 1;
            }
            if from == end || from > 0 && is_word(bytes[from - 1]) {
                // (No word before, or one that begins out of reach.)
                break;
            }
            if from > 0 && !bytes[from - 1].is_ascii() {
                // (A letter that folds to ASCII may begin the word: "ſix" is "six" to `(?i)`.)
                unsure = alive;
                break;
            }
            for k in rules_in(alive) {
                if start - from > self.reach[k].0 {
                    alive &= !(1 << k);
                }
            }
            let word = &bytes[from..end];
            let digits = if word[0].is_ascii_digit() { self.lead_digits } else { 0 };
            let words = if word.len() <= MAX_FOLLOWED {
                self.leads.get_ascii_lowercase_bytes(word).copied().unwrap_or(0)
            } else {
                0
            };
            alive &= digits | words;
            found[n] = (from, alive);
            n += 1;
            at = from;
        }
        if n == found.len() {
            // (A run of lead words longer than any match's: the whole window, as without.)
            unsure |= alive;
        }
        for &(from, rules) in found[..n].iter().rev() {
            for k in rules_in(rules) {
                starts[k].push(from);
            }
        }
        for k in rules_in(rules) {
            starts[k].push(start);
        }
        unsure
    }

    /// The rules with [`Near::follows`] that a trigger at `start` counts for: those whose
    /// words include the word before it, with whitespace or hyphens between (or that take a
    /// run of digits there, [`Near::follows_digits`]). Where the text
    /// there is not ASCII, all of them (`\s` and case folding reach beyond ASCII, and no
    /// rule is turned away where it might match).
    fn rules_after(&self, bytes: &[u8], start: usize) -> u64 {
        let mut end = start;
        while end > 0 && matches!(bytes[end - 1], b' ' | b'\t'..=b'\r' | b'-') {
            end -= 1;
        }
        let mut from = end;
        while from > 0 && is_word(bytes[from - 1]) {
            from -= 1;
        }
        if from > 0 && !bytes[from - 1].is_ascii() || from == end && end > 0 && !bytes[end - 1].is_ascii() {
            return u64::MAX;
        }
        if end == start || from == end {
            return 0;
        }
        let word = &bytes[from..end];
        let digits = if word.iter().all(u8::is_ascii_digit) { self.after_digits } else { 0 };
        if word.len() > MAX_FOLLOWED {
            return digits;
        }
        digits | self.followed.get_ascii_lowercase_bytes(word).copied().unwrap_or(0)
    }

    /// Whether some trigger's first word may be `word` (false: none is).
    fn may_begin(&self, word: &[u8]) -> bool {
        let key = shape_key(word);
        word.len() <= MAX_HEAD && self.head_shapes[key / 64] & (1 << (key % 64)) != 0
    }

    /// The triggers whose first word is `bytes[start..end]` (the rest of a word, after a digit,
    /// when `after_digit`) and that the text goes on with, each given to `add` with its rules.
    fn word_at(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        after_digit: bool,
        add: &mut impl FnMut(u64, usize, usize),
    ) {
        let Some(heads) = self.heads.get_ascii_lowercase_bytes(&bytes[start..end]) else { return };
        for h in heads {
            let r = self.word_rules[h.word];
            if after_digit && !r.after_digit {
                continue;
            }
            let stop = end + h.rest.len();
            let rest_ok = bytes.get(end..stop).is_some_and(|t| t.eq_ignore_ascii_case(&h.rest));
            if rest_ok && bytes.get(stop).is_none_or(|&b| !is_word(b)) {
                let rules = r.any_case | if bytes[start].is_ascii_uppercase() { r.capitalized } else { 0 };
                if rules != 0 {
                    add(rules, start, stop);
                }
            }
        }
    }
}

/// 64-bit blocks of [`Triggers::head_shapes`].
const SHAPE_BLOCKS: usize = 128;

/// A bit for a word (one or more bytes) from its length and its first, second and last bytes,
/// the same whatever their case. (Not [`crate::document::Shapes`]: trigger words share first
/// and last letters and lengths with many common words, and without the second letter and a
/// table twice as large that filter let through a third more words, 0.7% more CPU time.)
fn shape_key(word: &[u8]) -> usize {
    let fold = |b: Option<&u8>| (b.map_or(0, |b| b & 31)) as u32;
    let h = (word.len() as u32) << 15 | fold(word.first()) << 10 | fold(word.get(1)) << 5 | fold(word.last());
    (h.wrapping_mul(0x9E37_79B9) >> 19) as usize % (SHAPE_BLOCKS * 64)
}

/// The rules whose bits are set in `bits`, lowest first.
fn rules_in(mut bits: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let k = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            k
        })
    })
}

/// A byte of an ASCII word, as the rules' `(?-u:\b)` sees it.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where one rule may match: bytes `from..to` of a text, around one or more of its
/// triggers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Window {
    /// First byte.
    pub from: usize,
    /// One past the last byte.
    pub to: usize,
    /// Where the last of its triggers begins. Every match of the rule holds a trigger, so none
    /// in the window begins after this byte ([`Pattern::captures_near`]).
    pub last_trigger: usize,
    /// Whether its rule's matches here begin only where [`Windows::starts`] says
    /// ([`Near::leads`]).
    pub anchored: bool,
}

/// Where each rule of a [`Triggers`] may match in one text ([`Triggers::windows`]): indexed by
/// rule (`windows[k]`), its windows in order, none overlapping or touching another.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Windows {
    windows: Vec<Vec<Window>>,
    /// Per rule with [`Near::leads`]: where its matches may begin, in order.
    starts: Vec<Vec<usize>>,
}

impl Windows {
    /// Where rule `k`'s matches may begin in its anchored windows ([`Window::anchored`]), in
    /// order (for [`Pattern::captures_near`]).
    pub fn starts(&self, k: usize) -> &[usize] {
        &self.starts[k]
    }
}

impl std::ops::Index<usize> for Windows {
    type Output = [Window];

    /// Rule `k`'s windows.
    fn index(&self, k: usize) -> &[Window] {
        &self.windows[k]
    }
}

/// The window `from..to` around a trigger at `trigger`, made safe to search: `from` back to a
/// character boundary, `to` on to the next whitespace or the end.
fn window(text: &str, mut from: usize, to: usize, trigger: usize, anchored: bool) -> Window {
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let bytes = text.as_bytes();
    let mut to = to.min(bytes.len());
    while to < bytes.len() && !bytes[to].is_ascii_whitespace() {
        to += 1;
    }
    Window { from, to, last_trigger: trigger, anchored }
}

/// Append a window to a sorted list, joining it to the last one where they meet.
fn push_merged(list: &mut Vec<Window>, window: Window) {
    if !list.last_mut().is_some_and(|last| joined(last, window)) {
        list.push(window);
    }
}

/// Join the windows of a sorted list that meet, as [`push_merged`] would have one by one.
fn merge_in_place(list: &mut Vec<Window>) {
    list.dedup_by(|window, last| joined(last, *window));
}

/// Whether `window` (starting at or after `last`) meets `last`, which then reaches over it too.
fn joined(last: &mut Window, window: Window) -> bool {
    let meets = window.from <= last.to && window.from >= last.from;
    if meets {
        last.to = last.to.max(window.to);
        last.last_trigger = last.last_trigger.max(window.last_trigger);
        last.anchored &= window.anchored;
    }
    meets
}

/// A regex whose searches use scratch space (the lazy DFA's states, capture slots) that each
/// thread owns, made on its first search there and kept for the next.
///
/// `regex::Regex` keeps that space in a shared pool whose fast path serves one thread only; the
/// others lock a mutex twice per search, and each `captures` call allocates its slots. The
/// rules run hundreds of thousands of short searches per corpus, on every worker: here a search
/// costs neither. Same engine (the regex crate's own `meta::Regex`), same matches.
pub struct Pattern {
    regex: meta::Regex,
    /// The named groups and their indices. (A few short names: a scan finds one sooner than
    /// the regex crate's own map, which hashes the name with SipHash on every call.)
    names: Vec<(Box<str>, usize)>,
    scratch: ThreadLocal<RefCell<Scratch>>,
}

struct Scratch {
    cache: meta::Cache,
    captures: captures::Captures,
}

impl Pattern {
    /// Compile `pattern` (the regex crate's syntax), with the regex crate's default room for its
    /// lazy DFA (2 MiB per thread).
    pub fn new(pattern: &str) -> Result<Pattern, Box<meta::BuildError>> {
        Pattern::with_dfa_bytes(pattern, 2 << 20)
    }

    /// [`Pattern::new`], letting the lazy DFA grow to `dfa_bytes` per thread.
    ///
    /// Without a literal prefilter: the searches here run over windows of a few dozen bytes,
    /// where setting up a vectorized literal search (Teddy) costs more than the DFA's walk over
    /// the window it would skip (measured: a twentieth of a whole run's CPU time).
    pub fn with_dfa_bytes(pattern: &str, dfa_bytes: usize) -> Result<Pattern, Box<meta::BuildError>> {
        Pattern::build(pattern, meta::Config::new().hybrid_cache_capacity(dfa_bytes).auto_prefilter(false))
    }

    /// [`Pattern::new`] for searches over whole texts, not windows: with the regex crate's
    /// literal prefilter, which skips to where a match can begin.
    pub fn for_whole_texts(pattern: &str) -> Result<Pattern, Box<meta::BuildError>> {
        Pattern::build(pattern, meta::Config::new())
    }

    fn build(pattern: &str, config: meta::Config) -> Result<Pattern, Box<meta::BuildError>> {
        let regex = meta::Regex::builder().configure(config).build(pattern).map_err(Box::new)?;
        let names = regex
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
            .enumerate()
            .filter_map(|(i, name)| Some((name?.into(), i)))
            .collect();
        Ok(Pattern { regex, names, scratch: ThreadLocal::new() })
    }

    /// `f` with this thread's scratch space (fresh space if a search here is already using it).
    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        let fresh =
            || RefCell::new(Scratch { cache: self.regex.create_cache(), captures: self.regex.create_captures() });
        match self.scratch.get_or(fresh).try_borrow_mut() {
            Ok(mut scratch) => f(&mut scratch),
            Err(_) => f(&mut fresh().borrow_mut()),
        }
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        self.with_scratch(|s| self.regex.is_match_with(&mut s.cache, &Input::new(haystack)))
    }

    /// Calls `found` with each of the non-overlapping matches that begin inside `window` of
    /// `text` and end by its end, leftmost first. The text before the window is context for
    /// look-behind (`\b`); the window's end is the haystack's end.
    pub fn captures_in(&self, text: &str, (from, to): (usize, usize), found: impl FnMut(&Caps)) {
        self.captures_until(text, (from, to), to, found);
    }

    /// [`Pattern::captures_in`] over a rule's [`Window`]: a match holds one of the rule's
    /// triggers, so once a match ends past the window's last trigger no other can follow,
    /// and the search that would find none is not made. In an anchored window, the rule's
    /// matches begin only at its `starts` ([`Windows::starts`]): a search anchored at each in
    /// turn, past the last match, finds the same matches.
    pub fn captures_near(&self, text: &str, window: Window, starts: &[usize], mut found: impl FnMut(&Caps)) {
        if !window.anchored {
            return self.captures_until(text, (window.from, window.to), window.last_trigger, found);
        }
        let haystack = &text[..window.to];
        let first = starts.partition_point(|&s| s < window.from);
        self.with_scratch(|s| {
            let mut at = window.from;
            for &start in starts[first..].iter().take_while(|&&start| start <= window.last_trigger) {
                if start < at {
                    continue;
                }
                let input = Input::new(haystack).range(start..).anchored(Anchored::Yes);
                self.regex.search_captures_with(&mut s.cache, &input, &mut s.captures);
                let Some(m) = s.captures.get_match() else { continue };
                found(&Caps { text: haystack, captures: &s.captures, names: &self.names });
                at = m.end().max(start + 1);
            }
        })
    }

    /// [`Pattern::captures_in`] for the matches that begin by byte `last_start`.
    fn captures_until(&self, text: &str, (from, to): (usize, usize), last_start: usize, mut found: impl FnMut(&Caps)) {
        let haystack = &text[..to];
        self.with_scratch(|s| {
            let mut at = from;
            while at <= last_start {
                self.regex.search_captures_with(&mut s.cache, &Input::new(haystack).range(at..), &mut s.captures);
                let Some(m) = s.captures.get_match() else { break };
                found(&Caps { text: haystack, captures: &s.captures, names: &self.names });
                at = if m.end() > m.start() {
                    m.end()
                } else {
                    // An empty match: go on from the next character.
                    match haystack[m.end()..].chars().next() {
                        Some(ch) => m.end() + ch.len_utf8(),
                        None => break,
                    }
                };
            }
        })
    }
}

/// The groups of one match, as [`Pattern::captures_in`] hands them over.
pub struct Caps<'a> {
    text: &'a str,
    captures: &'a captures::Captures,
    names: &'a [(Box<str>, usize)],
}

impl<'a> Caps<'a> {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'a>> {
        self.captures.get_group(i).map(|s| Match { text: self.text, start: s.start, end: s.end })
    }

    /// The group named `name`, if it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'a>> {
        self.names.iter().find(|(n, _)| **n == *name).and_then(|&(_, i)| self.get(i))
    }
}

/// Where a group matched, in the searched text.
#[derive(Clone, Copy, Debug)]
pub struct Match<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

impl<'a> Match<'a> {
    /// First byte.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The matched text.
    pub fn as_str(&self) -> &'a str {
        &self.text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_on_boundaries_digit_shapes_and_merged_windows() {
        let wide = |words| near(words, 64, 64);
        let t = Triggers::new(&[
            wide(&["ago"]),
            wide(&["#year"]),
            wide(&["~pm", "#colon"]),
            wide(&["#slash", "week"]),
            wide(&["May"]),
            wide(&["#decade"]),
        ]);
        let pad = " and".repeat(40); // 160 bytes: wider than a window
        let text = format!(
            "Two days ago{pad} not agog{pad} in 1990,{pad} 19900 or 2100{pad} 3pm or 15:30{pad} 4/7/2017 this week."
        );
        let w = t.windows(&text);
        let texts = |k: usize| -> Vec<&str> { w[k].iter().map(|w| &text[w.from..w.to]).collect() };
        // "ago" once: "agog" is not the word "ago".
        assert_eq!(w[0].len(), 1);
        assert!(texts(0)[0].starts_with("Two days ago and"));
        // "1990" and "2017" are years; "19900" is too long, "2100" out of range.
        assert_eq!(w[1].len(), 2);
        assert!(texts(1)[0].contains(" in 1990, ") && texts(1)[1].contains("4/7/2017"));
        // "3pm" (a digit may come right before "pm") and "15:30" share one merged window.
        assert_eq!(w[2].len(), 1);
        assert!(texts(2)[0].contains("3pm or 15:30"));
        // "4/7" and "week" share one; the window runs to the text's end.
        assert_eq!(w[3].len(), 1);
        assert!(texts(3)[0].ends_with("4/7/2017 this week."));
        // "1990s" only: no other year, and no decade out of range ("2100s").
        assert_eq!(w[5].len(), 0);
        let narrow = Triggers::new(&[near(&["#decade"], 0, 0)]);
        let d = narrow.windows("the 1990s and 1995s, 1990 or 2100s, but the 1880s");
        assert_eq!(d[0].iter().map(|w| w.last_trigger).collect::<Vec<_>>(), [4, 44]);
        // A capitalized trigger needs its capital: "may" is no "May".
        assert!(t.windows("It may rain.")[4].is_empty());
        assert_eq!(t.windows("Since May 2.")[4].len(), 1);
    }

    #[test]
    fn a_longer_trigger_does_not_hide_the_word_it_begins_with() {
        let t = Triggers::new(&[near(&["year"], 8, 8), near(&["year-ago"], 0, 0)]);
        let w = t.windows("the same year-ago quarter");
        assert_eq!((w[0].len(), w[1].len()), (1, 1), "{w:?}");
    }

    #[test]
    fn triggers_of_several_words_and_after_digits() {
        let t = Triggers::new(&[near(&["new year"], 0, 0), near(&["~p.m", "~pm"], 0, 0), near(&["Dec"], 0, 0)]);
        let text = "renew years; New Year at 3p.m. or 4PM, not 5 p.mx; Dec. 1 or dec";
        let w = t.windows(text);
        let texts = |k: usize| -> Vec<&str> { w[k].iter().map(|w| text[w.from..w.to].trim()).collect() };
        assert_eq!(texts(0), ["New Year"]);
        assert_eq!(texts(1), ["p.m.", "PM,"], "right after a digit, not in \"p.mx\"");
        assert_eq!(texts(2), ["Dec."]);
    }

    #[test]
    fn windows_without_the_digits_a_rule_needs_are_dropped() {
        let rules =
            [near(&["March"], 0, 6).with_digits(4), near(&["March"], 0, 6).with_digits(1), near(&["March"], 0, 6)];
        let t = Triggers::new(&rules);
        let text = "March 2017 is gone; in March, 12 of them; March 201 and so on; March\n1999 here; March 20";
        let w = t.windows(text);
        let starts = |k: usize| -> Vec<&str> { w[k].iter().map(|w| &text[w.from..w.to.min(w.from + 10)]).collect() };
        assert_eq!(starts(0), ["March 2017", "March\n1999"]);
        assert_eq!(starts(1), ["March 2017", "March, 12 ", "March 201 ", "March\n1999", "March 20"]);
        assert_eq!(starts(2).len(), 5);
        // A run past the window's end does not count.
        let t = Triggers::new(&[near(&["March"], 0, 3).with_digits(4)]);
        assert!(t.windows("March ab 2017")[0].is_empty());
        assert_eq!(t.windows("March 2017")[0], [Window { from: 0, to: 10, last_trigger: 0, anchored: false }]);
    }

    #[test]
    fn a_rule_with_following_words_counts_triggers_after_them_only() {
        let t = Triggers::new(&[
            near(&["March"], 0, 0).following(&["in", "mid"]),
            near(&["#year"], 0, 0).following(&["in"]),
        ]);
        let text = "In March, mid-March, in\n  March; 12 March, (March, March; since 1990 or in 1990";
        let w = t.windows(text);
        let around = |k: usize| -> Vec<&str> { w[k].iter().map(|w| &text[w.from.saturating_sub(4)..w.to]).collect() };
        assert_eq!(around(0), ["In March,", "mid-March,", "n\n  March;"]);
        assert_eq!(around(1), [" in 1990"]);
        // Where the text before is not ASCII (a space or letter of another script, which
        // `\s` or case folding may take), the trigger counts.
        let text = "in\u{a0}March, thi\u{17f} March, word March";
        let w = t.windows(text);
        assert_eq!(w[0].len(), 2, "{w:?}");
        // With no word before, or none at all, it does not.
        assert!(t.windows("March 1990")[0].is_empty() && t.windows("-- March")[0].is_empty());
    }

    #[test]
    fn a_rule_may_follow_digits_as_well_as_its_words() {
        let t = Triggers::new(&[near(&["years"], 0, 0).following_words_or_digits(&["two"]), near(&["years"], 0, 0)]);
        let text = "two years, 48 years, 1990s years, 12-years, x48 years, many years, 2\u{a0}years";
        let w = t.windows(text);
        let around = |k: usize| -> Vec<&str> { w[k].iter().map(|w| &text[w.from.saturating_sub(3)..w.to]).collect() };
        // Digits alone count ("1990s" and "x48" are no run of digits); so does text that is
        // not ASCII before the trigger.
        assert_eq!(around(0), ["wo years,", "48 years,", "12-years,", "2\u{a0}years"]);
        assert_eq!(w[1].len(), 7);
    }

    #[test]
    fn matches_begin_at_a_trigger_or_a_run_of_lead_words_before_it() {
        let t = Triggers::new(&[
            near(&["days"], 20, 0).led_by_words_or_digits(&["a", "couple", "of"]),
            near(&["days"], 20, 0).led_by(&[]),
            near(&["days"], 20, 0),
        ]);
        let text = "in a couple of days, for 12 days, the days; x a couple of  of of of days";
        let w = t.windows(text);
        let at = |k: usize| -> Vec<&str> { w.starts(k).iter().map(|&s| &text[s..s + 2]).collect() };
        // Back from the trigger over lead words and digits, no further than the rule reaches
        // (the last "a" is 22 bytes back).
        assert_eq!(at(0), ["a ", "co", "of", "da", "12", "da", "da", "co", "of", "of", "of", "of", "da"]);
        assert_eq!(at(1), ["da", "da", "da", "da"]);
        assert!(w.starts(2).is_empty());
        assert!(w[0].iter().chain(&w[1]).all(|w| w.anchored) && !w[2].iter().any(|w| w.anchored));
        // Text that is not ASCII among the lead words (`\s` takes a no-break space, case
        // folding a long s): the window is searched whole.
        let pad = " and".repeat(10);
        let w = t.windows(&format!("a couple\u{a0}of days,{pad} the \u{17f}ix days,{pad} é and days"));
        assert_eq!(w[0].iter().map(|w| w.anchored).collect::<Vec<_>>(), [false, false, true]);
        assert!(w[1].iter().all(|w| w.anchored));
        // An anchored search finds at the starts what one over the window finds.
        let re = Pattern::new(r"(?-u:\b)(?:(?:a\s+couple\s+of|[0-9]+)\s+)?days").unwrap();
        for text in ["in a couple of days, for 12 days, the days; x a couple of  of of of days", "a couple days"] {
            let w = t.windows(text);
            let (mut anchored, mut whole) = (Vec::new(), Vec::new());
            for &win in &w[0] {
                let span = |c: &Caps| c.get(0).map(|m| (m.start(), m.end()));
                re.captures_near(text, win, w.starts(0), |c| anchored.push(span(c)));
                re.captures_near(text, Window { anchored: false, ..win }, &[], |c| whole.push(span(c)));
            }
            assert_eq!(anchored, whole, "{text:?}");
            assert!(!whole.is_empty());
        }
    }

    #[test]
    fn kept_lists_are_refilled_as_fresh_ones_would_be() {
        // Reach that differs by trigger puts a rule's windows out of order: they are sorted
        // and merged in place.
        let t = Triggers::new(&[near(&["ago"], 30, 2), near(&["ago", "#year"], 2, 30)]);
        let texts = ["two years ago and in 1990 or so, ten days ago in 1991", "", "ago", "in 2001, not ago"];
        let mut kept = Windows::default();
        for text in texts.iter().chain(texts.iter().rev()) {
            t.windows_with(text, &TextMasks::of(text), &mut kept);
            assert_eq!(kept, t.windows(text), "{text:?}");
        }
        // An underscore is a word byte, as `\b` reads it: "x_ago" and "ago_" are no "ago".
        assert!(t.windows("x_ago or ago_ in_1990")[0].is_empty());
        assert_eq!(t.windows("x_ago, two days ago")[0].len(), 1);
        let w = |from, to, last_trigger| Window { from, to, last_trigger, anchored: true };
        let mut list = vec![w(0, 5, 2), w(3, 9, 6), w(9, 12, 10), w(20, 25, 23), w(21, 22, 21)];
        merge_in_place(&mut list);
        assert_eq!(list, [w(0, 12, 10), w(20, 25, 23)]);
    }

    #[test]
    fn groups_are_found_by_name() {
        let re = Pattern::new(r"(?P<n>\d+)\s+(?P<u>days?)(?P<ago>\s+ago)?").unwrap();
        let text = "in 3 days, 12 days ago";
        let mut found = Vec::new();
        re.captures_in(text, (0, text.len()), |c| {
            let text = |name| c.name(name).map(|m| m.as_str().to_string());
            found.push((text("n"), text("u"), text("ago"), text("missing")));
        });
        let s = |x: &str| Some(x.to_string());
        assert_eq!(found, [(s("3"), s("days"), None, None), (s("12"), s("days"), s(" ago"), None)]);
    }

    #[test]
    fn searches_keep_the_text_before_a_window_as_context() {
        let re = Pattern::new(r"(?-u:\b)in \d{4}").unwrap();
        let text = "xin 1990 and in 1991";
        let mut found = Vec::new();
        re.captures_in(text, (1, text.len()), |c| found.push(c.get(0).unwrap().start()));
        assert_eq!(found, [13], "'in' inside 'xin' has no word boundary before it");
    }

    #[test]
    fn windows_stop_on_character_boundaries() {
        let t = Triggers::new(&[near(&["ago"], 12, 0)]);
        let text = format!("{} two days ago", "é".repeat(40));
        let w = t.windows(&text);
        assert!(text.is_char_boundary(w[0][0].from));
        let re = Pattern::new(r"two days ago").unwrap();
        let mut found = 0;
        re.captures_near(&text, w[0][0], &[], |_| found += 1);
        assert_eq!(found, 1);
    }
}
