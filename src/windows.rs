//! Running many regexes over a text only where each can match: in windows around its trigger
//! words.
//!
//! A rule such as "a count, a unit of time, then *ago*" cannot match where the text has no
//! "ago". Each rule names words (or digit shapes) that every one of its matches contains; one
//! pass of a small Aho-Corasick automaton and one pass over digit runs find them all, and the
//! rule's regex then searches only a window of bytes around each. On news text that is a
//! fraction of the bytes a whole-text search reads, for every rule.
//!
//! Each rule says how far its matches reach before and after a trigger ([`Near`]); its windows
//! reach that far (and on to the next whitespace, so `\b` at a window's end means what it means
//! in the whole text). Searches keep the text before a window as context, for the same reason.
//!
//! Not here: what the rules are (the annotators that use this) or what a match means.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_automata::meta;
use regex_automata::util::captures;
use regex_automata::Input;
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
}

/// A rule's [`Near`].
pub const fn near(words: &'static [&'static str], before: usize, after: usize) -> Near {
    Near { words, before, after }
}

/// What one trigger word does.
#[derive(Clone, Copy, Default)]
struct WordRules {
    any_case: u64,
    capitalized: u64,
    after_digit: bool,
}

/// A trigger that is a shape of digits rather than a word.
const YEAR: &str = "#year";
const SLASH: &str = "#slash";
const COLON: &str = "#colon";

/// The triggers of a list of rules (at most 64), ready to find windows in texts.
pub struct Triggers {
    words: AhoCorasick,
    /// Per word pattern: the rules it triggers whatever its case, the rules it triggers only
    /// capitalized, and whether a digit may come right before it.
    word_rules: Vec<WordRules>,
    /// Rules triggered by a four-digit year from 1800 to 2099 ("1990", "1990s", "2015-01-31").
    year_rules: u64,
    /// Rules triggered by digits and a slash ("4/7/2017").
    slash_rules: u64,
    /// Rules triggered by digits and a colon ("15:30").
    colon_rules: u64,
    /// Per rule: how far its windows reach.
    reach: Vec<(usize, usize)>,
}

impl Triggers {
    /// Triggers for rules given by their trigger lists: words (matched ignoring ASCII case, on
    /// ASCII word boundaries; a word written capitalized, as "May", triggers only where the text
    /// has it capitalized; a leading `~` lets a digit come right before it, as in "3pm") or the
    /// digit shapes `#year`, `#slash` and `#colon`.
    ///
    /// # Panics
    /// With more than 64 rules, or a word list that does not build (both programming errors).
    pub fn new(rules: &[Near]) -> Triggers {
        assert!(rules.len() <= 64, "at most 64 rules share one trigger set");
        let mut patterns: Vec<String> = Vec::new();
        let mut word_rules: Vec<WordRules> = Vec::new();
        let (mut year_rules, mut slash_rules, mut colon_rules) = (0, 0, 0);
        for (k, rule) in rules.iter().enumerate() {
            let bit = 1u64 << k;
            for &w in rule.words {
                match w {
                    YEAR => year_rules |= bit,
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
        let words = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            // Every occurrence of every word, overlapping ones too: "year-ago" must not hide
            // the "year" it begins with.
            .match_kind(MatchKind::Standard)
            // A few hundred words: a full DFA is small and the fastest to search.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("trigger words build");
        let reach = rules.iter().map(|r| (r.before, r.after)).collect();
        Triggers { words, word_rules, year_rules, slash_rules, colon_rules, reach }
    }

    /// The windows of `text` where each rule may match: for rule `k`, `windows[k]` lists
    /// byte ranges in order, none overlapping or touching another.
    pub fn windows(&self, text: &str) -> Vec<Vec<(usize, usize)>> {
        let bytes = text.as_bytes();
        let mut found: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.reach.len()];
        let mut add = |rules: u64, start: usize, end: usize| {
            let mut rules = rules;
            while rules != 0 {
                let k = rules.trailing_zeros() as usize;
                rules &= rules - 1;
                let (before, after) = self.reach[k];
                push_merged(&mut found[k], window(text, start.saturating_sub(before), end + after));
            }
        };
        // Words and digit shapes are found in two passes; overlapping words come by end, not
        // start, so a rule's windows may come out of order, and are sorted and merged after.
        for m in self.words.find_overlapping_iter(text) {
            let r = self.word_rules[m.pattern().as_usize()];
            let before_ok = m.start() == 0 || {
                let b = bytes[m.start() - 1];
                !is_word(b) || (r.after_digit && b.is_ascii_digit())
            };
            if before_ok && bytes.get(m.end()).is_none_or(|&b| !is_word(b)) {
                let rules = r.any_case | if bytes[m.start()].is_ascii_uppercase() { r.capitalized } else { 0 };
                if rules != 0 {
                    add(rules, m.start(), m.end());
                }
            }
        }
        if self.year_rules | self.slash_rules | self.colon_rules != 0 {
            let mut i = 0;
            while i < bytes.len() {
                if !bytes[i].is_ascii_digit() || (i > 0 && is_word(bytes[i - 1])) {
                    i += 1;
                    continue;
                }
                let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                let end = i + run;
                let mut rules = 0;
                if run == 4 && matches!(&bytes[i..i + 2], b"18" | b"19" | b"20") {
                    rules |= self.year_rules;
                }
                match bytes.get(end) {
                    Some(b'/') => rules |= self.slash_rules,
                    Some(b':') => rules |= self.colon_rules,
                    _ => {}
                }
                if rules != 0 {
                    add(rules, i, end);
                }
                i = end;
            }
        }
        for w in &mut found {
            if !w.is_sorted() {
                w.sort_unstable();
                let merged = w.iter().fold(Vec::with_capacity(w.len()), |mut acc, &x| {
                    push_merged(&mut acc, x);
                    acc
                });
                *w = merged;
            }
        }
        found
    }
}

/// A byte of an ASCII word, as the rules' `(?-u:\b)` sees it.
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The window `from..to` made safe to search: `from` back to a character boundary, `to` on to
/// the next whitespace or the end.
fn window(text: &str, mut from: usize, to: usize) -> (usize, usize) {
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let bytes = text.as_bytes();
    let mut to = to.min(bytes.len());
    while to < bytes.len() && !bytes[to].is_ascii_whitespace() {
        to += 1;
    }
    (from, to)
}

/// Append a window to a sorted list, joining it to the last one where they meet.
fn push_merged(list: &mut Vec<(usize, usize)>, (from, to): (usize, usize)) {
    match list.last_mut() {
        Some(last) if from <= last.1 && from >= last.0 => last.1 = last.1.max(to),
        _ => list.push((from, to)),
    }
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
        let regex = meta::Regex::builder()
            .configure(meta::Config::new().hybrid_cache_capacity(dfa_bytes).auto_prefilter(false))
            .build(pattern)
            .map_err(Box::new)?;
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
    pub fn captures_in(&self, text: &str, (from, to): (usize, usize), mut found: impl FnMut(&Caps)) {
        let haystack = &text[..to];
        self.with_scratch(|s| {
            let mut at = from;
            loop {
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
        ]);
        let pad = " and".repeat(40); // 160 bytes: wider than a window
        let text = format!(
            "Two days ago{pad} not agog{pad} in 1990,{pad} 19900 or 2100{pad} 3pm or 15:30{pad} 4/7/2017 this week."
        );
        let w = t.windows(&text);
        let texts = |k: usize| -> Vec<&str> { w[k].iter().map(|&(a, b)| &text[a..b]).collect() };
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
        assert!(text.is_char_boundary(w[0][0].0));
        let re = Pattern::new(r"two days ago").unwrap();
        let mut found = 0;
        re.captures_in(&text, w[0][0], |_| found += 1);
        assert_eq!(found, 1);
    }
}
