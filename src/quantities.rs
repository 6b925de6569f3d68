//! Stage 3c: quantities — every count or measure with its value, its qualifier ("over", "about",
//! "at least"…) and the unit or counted thing ("82 cities", "over one thousand arrests").
//!
//! A quantity is read left to right over tokens: an optional qualifier phrase, an optional
//! currency sign, a number ([`crate::numbers`]), an optional range end ("10-20", "between 10 and
//! 20"), then a unit from the `UNITS` table or the counted noun after it. Vague amounts ("thousands of
//! protesters") get a floor value and the `at_least` qualifier.
//!
//! Not quantities: years, dates and times (the `dates` annotator has those, and `resolve` drops a
//! quantity that overlaps a date), ordinals ("1st", "First"), numbers inside names ("Boeing
//! 737", "COVID-19", "Group of 20"), phone numbers and identifiers joined by hyphens or slashes.
//! The claim around a quantity is the `claims` stage's work.

use crate::document::{ascii_lowercase_in, Doc, Mention, MentionAttrs, Qualifier, Shapes, Span, TokenKind, WordSet};
use crate::numbers::{convention, read_number_in, Convention, NumberRead};
use crate::strmap::StrMap;
use crate::Annotator;
use std::sync::LazyLock;

/// A qualifier phrase's words (lowercase) and what it normalizes to.
type QualifierPhrase = (&'static [&'static str], Qualifier);

/// Qualifier phrases and what they normalize to, longest first within a first word. From the
/// quantity-modifier lists of MeasEval's guidelines and news style guides.
const QUALIFIERS: &[QualifierPhrase] = &[
    (&["more", "than"], Qualifier::MoreThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["less", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
    (&["below"], Qualifier::LessThan),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["about"], Qualifier::Approx),
    (&["around"], Qualifier::Approx),
    (&["approximately"], Qualifier::Approx),
    (&["roughly"], Qualifier::Approx),
    (&["some"], Qualifier::Approx),
    (&["nearly"], Qualifier::Approx),
    (&["almost"], Qualifier::Approx),
    (&["an", "estimated"], Qualifier::Approx),
    (&["estimated"], Qualifier::Approx),
    (&["close", "to"], Qualifier::Approx),
    (&["an", "approximate"], Qualifier::Approx),
];

/// Units of measure and currencies as written in news, and their canonical form.
#[rustfmt::skip]
const UNITS: &[(&str, &str)] = &[
    ("%", "%"), ("percent", "%"), ("pct", "%"), ("per cent", "%"), ("percentage points", "percentage points"),
    ("km", "km"), ("kilometres", "km"), ("kilometers", "km"), ("kilometre", "km"), ("kilometer", "km"),
    ("miles", "mi"), ("mile", "mi"), ("mph", "mph"), ("km/h", "km/h"), ("metres", "m"), ("meters", "m"),
    ("metre", "m"), ("meter", "m"), ("feet", "ft"), ("foot", "ft"), ("kg", "kg"), ("kilograms", "kg"),
    ("kilogram", "kg"), ("kilos", "kg"), ("pounds", "GBP"), ("tonnes", "t"), ("tons", "t"), ("tonne", "t"),
    ("ton", "t"), ("barrels", "barrels"), ("bpd", "barrels per day"), ("acres", "acres"), ("hectares", "ha"),
    ("litres", "l"), ("liters", "l"), ("gallons", "gal"), ("MW", "MW"), ("GW", "GW"), ("kWh", "kWh"),
    ("°C", "°C"), ("°F", "°F"), ("degrees", "degrees"), ("dollars", "USD"), ("dollar", "USD"), ("dlrs", "USD"),
    ("dlr", "USD"), ("USD", "USD"), ("euros", "EUR"), ("euro", "EUR"), ("EUR", "EUR"), ("GBP", "GBP"),
    ("sterling", "GBP"), ("yen", "JPY"), ("JPY", "JPY"), ("yuan", "CNY"), ("CNY", "CNY"), ("rubles", "RUB"),
    ("roubles", "RUB"), ("francs", "CHF"), ("rupees", "INR"), ("pence", "GBX"), ("cents", "USD cents"),
    // Units of science and engineering, written as symbols (case matters: M is molar, m metres).
    ("g", "g"), ("mg", "mg"), ("µg", "µg"), ("μg", "µg"), ("ng", "ng"), ("t", "t"), ("mL", "mL"), ("ml", "mL"),
    ("L", "L"), ("µL", "µL"), ("μL", "µL"), ("cm", "cm"), ("mm", "mm"), ("µm", "µm"), ("μm", "µm"), ("nm", "nm"),
    ("m", "m"), ("s", "s"), ("ms", "ms"), ("min", "min"), ("h", "h"), ("hr", "h"), ("hrs", "h"), ("yr", "yr"),
    ("yrs", "yr"), ("Hz", "Hz"), ("kHz", "kHz"), ("MHz", "MHz"), ("GHz", "GHz"), ("K", "K"), ("°", "°"),
    ("ppm", "ppm"), ("ppb", "ppb"), ("wt%", "wt%"), ("mol", "mol"), ("mmol", "mmol"), ("µmol", "µmol"),
    ("μmol", "µmol"), ("M", "M"), ("mM", "mM"), ("µM", "µM"), ("μM", "µM"), ("nM", "nM"), ("Pa", "Pa"),
    ("kPa", "kPa"), ("MPa", "MPa"), ("GPa", "GPa"), ("hPa", "hPa"), ("J", "J"), ("kJ", "kJ"), ("MJ", "MJ"),
    ("W", "W"), ("kW", "kW"), ("V", "V"), ("mV", "mV"), ("kV", "kV"), ("eV", "eV"), ("keV", "keV"), ("MeV", "MeV"),
    ("GeV", "GeV"), ("Ma", "Ma"), ("ka", "ka"), ("kyr", "kyr"), ("Myr", "Myr"), ("Gyr", "Gyr"), ("Gt", "Gt"),
    ("Mt", "Mt"), ("kt", "kt"), ("m2", "m²"), ("km2", "km²"), ("m3", "m³"), ("cm3", "cm³"), ("ha", "ha"),
    ("mg/kg", "mg/kg"), ("mg/L", "mg/L"), ("g/L", "g/L"), ("m/s", "m/s"), ("°N", "°N"), ("°S", "°S"),
    ("°E", "°E"), ("°W", "°W"), ("dB", "dB"), ("bp", "bp"), ("kb", "kb"), ("kDa", "kDa"), ("Da", "Da"),
    ("rpm", "rpm"), ("psi", "psi"), ("kcal", "kcal"), ("cal", "cal"), ("lb", "lb"), ("lbs", "lb"), ("oz", "oz"),
    ("yd", "yd"), ("‰", "‰"),
];

/// Currency signs written before a number.
const CURRENCY_SIGNS: &[(&str, &str)] =
    &[("$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("US$", "USD"), ("₽", "RUB"), ("₹", "INR")];

/// Vague amounts: "dozens of", "hundreds of"… and the floor value each implies.
#[rustfmt::skip]
const VAGUE: &[(&str, f64)] = &[
    ("dozens", 24.0), ("scores", 40.0), ("hundreds", 200.0), ("thousands", 2000.0), ("millions", 2e6),
    ("billions", 2e9), ("tens", 20.0),
];

/// Words that end a counted-noun phrase: function words, comparatives, verbs of being.
const NOUN_STOP: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "and",
    "or",
    "but",
    "the",
    "a",
    "an",
    "that",
    "which",
    "who",
    "were",
    "was",
    "are",
    "is",
    "be",
    "been",
    "have",
    "has",
    "had",
    "more",
    "less",
    "than",
    "across",
    "over",
    "under",
    "per",
    "each",
    "this",
    "these",
    "those",
    "their",
    "its",
    "his",
    "her",
    "our",
    "as",
    "into",
    "since",
    "after",
    "before",
    "during",
    "while",
    "when",
    "where",
    "if",
    "up",
    "down",
    "out",
    "about",
    "around",
    "ago",
    "later",
    "earlier",
    "between",
    // Not nouns: "807,000 vs 510,000", and verbs in -s that follow a figure ("1986 includes").
    "vs",
    "v",
    "versus",
    "includes",
    "says",
    "shows",
    "means",
    "comes",
    "goes",
    "remains",
    "rises",
    "falls",
    "makes",
    "takes",
    "gives",
    "compares",
    "represents",
    "equals",
    "totals",
    "reflects",
    "exceeds",
    "marks",
];

/// Plurals without a final "s" that are common counted nouns.
#[rustfmt::skip]
const IRREGULAR_PLURALS: &[&str] = &[
    "people", "children", "men", "women", "police", "personnel", "staff", "cattle", "sheep", "fish", "troops",
    "feet", "teeth", "mice", "geese", "deer", "livestock", "aircraft", "crew",
];

/// The quantity annotator. Stateless.
#[derive(Default)]
pub struct QuantityAnnotator;

impl QuantityAnnotator {
    /// A quantity annotator.
    pub fn new() -> Self {
        QuantityAnnotator
    }
}

/// Whether token `i` is `word` (a lowercase table word) in any ASCII case.
fn is_word(doc: &Doc, i: usize, word: &str) -> bool {
    doc.text_of(i).is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// A qualifier phrase starting at token `i`: its qualifier and the index after it.
fn qualifier_at(doc: &Doc, i: usize) -> Option<(Qualifier, usize)> {
    let first = doc.text_of(i)?;
    // (Asked at every number: most are turned away without a scan of the table.)
    if !QUALIFIER_FIRST_WORDS.contains(first) {
        return None;
    }
    QUALIFIERS_BY_FIRST_WORD.get_ascii_lowercase(first)?.iter().find_map(|(words, q)| {
        words.iter().enumerate().skip(1).all(|(k, w)| is_word(doc, i + k, w)).then_some((*q, i + words.len()))
    })
}

fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

fn looks_plural(w: &str) -> bool {
    IRREGULAR_PLURALS.contains(&w)
        || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
}

/// The unit or counted noun starting at token `k`: (canonical unit, index after it).
/// A unit written as a symbol over several joined tokens ("°C", "mg/kg", "km2", "wt%"):
/// the longest run of up to four joined tokens from `k` that is in [`UNITS`].
fn symbol_unit(doc: &Doc, k: usize) -> Option<(String, usize)> {
    let mut best = None;
    let mut end = k;
    while end < doc.tokens.len() && end - k < 4 && (end == k || doc.tokens[end - 1].end == doc.tokens[end].start) {
        end += 1;
        let joined = &doc.text()[doc.tokens[k].start..doc.tokens[end - 1].end];
        if let Some(canon) = UNIT_SHAPES.may_contain(joined).then(|| UNIT_EXACT.get(joined)).flatten() {
            best = Some((canon.to_string(), end));
        }
    }
    // A symbol unit must end the word: "5 mg" yes, "5 mgrams" no.
    best.filter(|(_, e)| {
        *e >= doc.tokens.len()
            || doc.tokens[*e - 1].end != doc.tokens[*e].start
            || doc.tokens[*e].kind != TokenKind::Word
    })
}

fn unit_at(doc: &Doc, k: usize) -> Option<(String, usize)> {
    let w = doc.text_of(k)?;
    if let Some(found) =
        symbol_unit(doc, k).filter(|(_, e)| *e > k + 1 || !w.chars().all(char::is_alphabetic) || w.len() <= 4)
    {
        return Some(found);
    }
    // Two-word units first: "per cent", "percentage points".
    let mut buf = [0u8; UNIT_KEY_MAX];
    if let Some(w2) = doc.text_of(k + 1) {
        let pair = ascii_lowercase_in(&mut buf, &[w, w2])
            .filter(|key| UNIT_SHAPES.may_contain(key))
            .and_then(|key| UNIT_INDEX.get(key));
        if let Some((_, canon)) = pair.and_then(|units| units.first()) {
            return Some((canon.to_string(), k + 2));
        }
    }
    let unit = ascii_lowercase_in(&mut buf, &[w])
        .filter(|key| UNIT_SHAPES.may_contain(key))
        .and_then(|key| UNIT_INDEX.get(key))
        .and_then(|units| units.iter().find(|(u, _)| *u == w || (u.len() > 3 && u.eq_ignore_ascii_case(w))));
    if let Some((_, canon)) = unit {
        return Some((canon.to_string(), k + 1));
    }
    // "thousands of protesters", "two-thirds of the staff": the noun after "of" is the counted thing.
    let mut start = k;
    if w.eq_ignore_ascii_case("of") {
        start += 1;
        const DETERMINERS: &[&str] = &["the", "a", "an", "its", "their", "his", "her", "our", "all"];
        while start < doc.tokens.len() && DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(doc.token_text(start))) {
            start += 1;
        }
    }
    counted_noun(doc, start)
}

/// The head of the noun phrase after a number: the last plural-looking word in a run of up to
/// four words (so "three new hospitals" gives hospitals), else a lone lowercase word.
fn counted_noun(doc: &Doc, start: usize) -> Option<(String, usize)> {
    // The noun must be in the number's sentence (`start - 1` is the number or "of").
    let anchor = doc.tokens.get(start.checked_sub(1)?)?.start;
    let sentence_end = doc.sentences[doc.sentence_at(anchor)].end_token;
    // (At most four words: on the stack.)
    let (mut words, mut len) = ([0usize; 4], 0);
    let mut i = start;
    while i < sentence_end && len < 4 {
        let t = &doc.tokens[i];
        if t.kind != TokenKind::Word {
            // "Russian-backed rebels": a hyphen joins a modifier to its noun phrase.
            if doc.token_text(i) == "-" && doc.joined_to_next(i) && i > start && doc.tokens[i - 1].end == t.start {
                i += 1;
                continue;
            }
            break;
        }
        let w = doc.token_text(i);
        if NOUN_STOP_SET.contains(w) || w.starts_with('\'') || w.starts_with('\u{2019}') {
            break;
        }
        words[len] = i;
        len += 1;
        i += 1;
    }
    let run = &words[..len];
    let lowercase = || run.iter().copied().filter(|&j| !is_capitalized(doc.token_text(j)));
    // The last plural is the head: "1,100 police officers" counts officers.
    if let Some(j) = lowercase().rfind(|&j| looks_plural(doc.token_text(j))) {
        return Some((doc.token_text(j).to_string(), j + 1));
    }
    // A single lowercase word is the counted thing even when singular ("1 person").
    match run {
        [j] if lowercase().next() == Some(*j) => Some((doc.token_text(*j).to_string(), j + 1)),
        _ => None,
    }
}

/// Whether the number at tokens `n` is part of a name or code rather than a quantity.
/// Words after which a number is a label, not an amount: "Fig. 1", "Table 2", "phase 1",
/// "No. 3", "page 5". From the numbered parts of documents and the labels of news and science.
#[rustfmt::skip]
const LABEL_WORDS: &[&str] = &[
    "fig", "figs", "figure", "figures", "table", "tables", "eq", "eqs", "equation", "section", "sections", "chapter",
    "page", "pages", "p", "pp", "no", "nos", "number", "vol", "volume", "phase", "step", "stage", "line", "lines",
    "axis", "appendix", "supplementary", "item", "round", "exhibit", "article", "rule", "route", "highway", "flight",
    "room", "level", "grade", "class", "type", "model", "version", "episode", "part", "sample", "site", "experiment",
    "patient", "case", "study", "day", "week", "game", "match", "lane", "row", "column", "panel", "box", "region",
];

/// Signs joined to a number: "−4°C", "+3.5%".
const SIGNS: &[&str] = &["−", "-", "+", "–"];

/// A qualifier written as a symbol: "≥16", "<0.05", "~5", "≈ 3".
fn symbol_qualifier(doc: &Doc, i: usize) -> Option<(Qualifier, usize)> {
    let w = doc.text_of(i)?;
    // (Asked of most punctuation: the next token is looked at only after a comparison sign.)
    let next_is_eq = || doc.tokens.get(i + 1).is_some_and(|_| doc.token_text(i + 1) == "=") && doc.joined_to_next(i);
    let (q, len) = match w {
        ">" | "<" => match (w == ">", next_is_eq()) {
            (true, true) => (Qualifier::AtLeast, 2),
            (false, true) => (Qualifier::AtMost, 2),
            (true, false) => (Qualifier::MoreThan, 1),
            (false, false) => (Qualifier::LessThan, 1),
        },
        "≥" | "⩾" => (Qualifier::AtLeast, 1),
        "≤" | "⩽" => (Qualifier::AtMost, 1),
        "~" | "∼" | "≈" | "c." | "ca." => (Qualifier::Approx, 1),
        _ => return None,
    };
    Some((q, i + len))
}

/// Whether the number at `n` is a label or a reference: after a label word ("Fig. 1", "phase 2"),
/// alone in brackets ("(1)", "[12]"), or a reference list ("[12,16]").
fn is_label_or_reference(doc: &Doc, n: &NumberRead) -> bool {
    let i = n.first;
    if i > 0 {
        // (The set ignores ASCII case.)
        if LABEL_WORD_SET.contains(doc.token_text(i - 1).trim_end_matches('.')) {
            return true;
        }
    }
    let before = (i > 0).then(|| doc.token_text(i - 1));
    let after = doc.text_of(n.end);
    matches!((before, after), (Some("(" | "["), Some(")" | "]" | ",")))
}

fn is_in_name_or_code(doc: &Doc, n: &NumberRead, qualified: bool) -> bool {
    let i = n.first;
    if n.digits && !qualified && is_label_or_reference(doc, n) {
        return true;
    }
    // Joined to other digits by - / : (phone numbers, identifiers, dates, times, scores).
    if n.digits {
        let joined_after = doc.joined_to_next(n.end - 1) && n.end < doc.tokens.len() && {
            let sep = doc.token_text(n.end);
            // "10-20 soldiers" is a range; "555-1234" (no word after) is a code.
            let range_like = sep == "-" && doc.tokens.get(n.end + 2).is_some_and(|t| t.kind == TokenKind::Word);
            matches!(sep, "-" | "/" | ":" | ".")
                && !range_like
                && n.end + 1 < doc.tokens.len()
                && doc.tokens[n.end + 1].kind == TokenKind::Number
                && doc.joined_to_next(n.end)
        };
        let joined_before = i >= 2 && doc.tokens[i - 1].end == doc.tokens[i].start && {
            let sep = doc.token_text(i - 1);
            matches!(sep, "-" | "/" | ":" | ".") && doc.tokens[i - 2].end == doc.tokens[i - 1].start
        };
        if joined_after || joined_before {
            return true;
        }
        // Ordinals: "1st", "12th".
        if n.end == i + 1 && doc.joined_to_next(i) && ["st", "nd", "rd", "th"].iter().any(|s| is_word(doc, i + 1, s)) {
            return true;
        }
    }
    if qualified || i == 0 {
        return false;
    }
    let s = doc.sentences[doc.sentence_at(doc.tokens[i].start)];
    // "Boeing 737", "Group of 20": a capitalized word (not the sentence's first) just before.
    let prev = i - 1;
    let prev_text = doc.token_text(prev);
    let name_before = |j: usize| {
        j > s.first_token
            && is_capitalized(doc.token_text(j))
            && doc.tokens[j].kind == TokenKind::Word
            && crate::calendar::month_number(doc.token_text(j)).is_none()
    };
    if prev >= s.first_token && (name_before(prev) || (prev_text == "of" && prev > 0 && name_before(prev - 1))) {
        return true;
    }
    // "COVID-19": a hyphen joined to a word before.
    prev > 0
        && prev_text == "-"
        && doc.tokens[prev].end == doc.tokens[i].start
        && doc.tokens[prev - 1].end == doc.tokens[prev].start
        && doc.tokens[prev - 1].kind == TokenKind::Word
}

/// Four-digit numbers in the range of years, written without separators.
fn looks_like_year(doc: &Doc, n: &NumberRead) -> bool {
    n.digits && n.end == n.first + 1 && {
        let t = doc.token_text(n.first);
        t.len() == 4 && (1800.0..=2099.0).contains(&n.value)
    }
}

impl Annotator for QuantityAnnotator {
    fn name(&self) -> &'static str {
        "quantities"
    }

    fn annotate(&self, doc: &Doc, out: &mut Vec<Mention>) {
        let conv = convention(doc);
        let mut i = 0;
        while i < doc.tokens.len() {
            if !can_start(doc, i) {
                i += 1;
                continue;
            }
            match self.read_at(doc, i, conv) {
                Some((mention, next)) => {
                    out.push(mention);
                    i = next;
                }
                None => i += 1,
            }
        }
    }
}

/// [`UNITS`] by their lowercase form, each list in table order (a unit is asked for after
/// every number).
static UNIT_INDEX: LazyLock<rustc_hash::FxHashMap<String, Vec<(&'static str, &'static str)>>> = LazyLock::new(|| {
    let mut index: rustc_hash::FxHashMap<String, Vec<(&'static str, &'static str)>> = Default::default();
    for &(u, canon) in UNITS {
        index.entry(u.to_ascii_lowercase()).or_default().push((u, canon));
    }
    index
});

/// [`UNITS`] by their exact form (the first row of a form wins, as in table order).
static UNIT_EXACT: LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut exact: rustc_hash::FxHashMap<&'static str, &'static str> = Default::default();
    for &(u, canon) in UNITS {
        exact.entry(u).or_insert(canon);
    }
    exact
});

/// The shapes of [`UNITS`] (first and last byte, length; ASCII case ignored): a unit is asked
/// for after every number, over several spans of joined tokens and word pairs, and most are
/// no unit's shape, so they need no lookup.
static UNIT_SHAPES: LazyLock<Shapes> = LazyLock::new(|| Shapes::new(UNITS.iter().map(|(u, _)| *u)));

/// Longer than any key of [`UNIT_INDEX`]: a word or pair that does not fit is no unit.
const UNIT_KEY_MAX: usize = 40;

/// [`NOUN_STOP`] and [`LABEL_WORDS`] as sets: asked of the words after and before every number.
static NOUN_STOP_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(NOUN_STOP));
static LABEL_WORD_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(LABEL_WORDS));

/// [`QUALIFIERS`] by their first word, each word's in table order.
static QUALIFIERS_BY_FIRST_WORD: LazyLock<StrMap<Vec<QualifierPhrase>>> = LazyLock::new(|| {
    let mut by_first: StrMap<Vec<QualifierPhrase>> = StrMap::default();
    for &(words, q) in QUALIFIERS {
        by_first.get_or_insert_with(words[0], Vec::new).push((words, q));
    }
    by_first
});

/// The first words of [`QUALIFIERS`] that begin nothing else: no number word, vague amount,
/// range word or article ("in", "at", "about"; not "a" of "a minimum of").
static QUALIFIER_ONLY_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    let words: Vec<&str> = QUALIFIERS
        .iter()
        .map(|(words, _)| words[0])
        .filter(|w| !matches!(*w, "a" | "an" | "half" | "between" | "from" | "us"))
        .filter(|w| crate::numbers::small_word(w).is_none() && !VAGUE.iter().any(|(v, _)| v == w))
        .collect();
    WordSet::new(&words)
});

/// The first words of [`QUALIFIERS`].
static QUALIFIER_FIRST_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&QUALIFIERS.iter().map(|(words, _)| words[0]).collect::<Vec<_>>()));

/// Lowercase words that can start a quantity: qualifiers, range and vague-amount words, number
/// words. Every other word is skipped without a closer look.
static STARTERS: LazyLock<WordSet> = LazyLock::new(|| {
    let mut words: Vec<&'static str> = QUALIFIERS.iter().map(|(words, _)| words[0]).collect();
    words.extend(VAGUE.iter().map(|(w, _)| *w));
    words.extend([
        "between", "from", "half", "a", "an", "us", "zero", "one", "two", "three", "four", "five", "six", "seven",
    ]);
    words.extend([
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
    ]);
    words
        .extend(["eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]);
    WordSet::new(&words)
});

/// Whether a quantity can start at token `i` (a number, a currency sign or a starter word).
fn can_start(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    let w = doc.token_text(i);
    match t.kind {
        TokenKind::Number => return true,
        // A sign, a comparison or a currency before the number ("+3.5%", "> 10", "$5").
        // (A sign starts a quantity only joined to a number: "-4°C". Most hyphens join words.)
        TokenKind::Punct | TokenKind::Symbol => {
            return (SIGNS.contains(&w)
                && doc.joined_to_next(i)
                && doc.tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number))
                || symbol_qualifier(doc, i).is_some()
                || CURRENCY_SIGNS.iter().any(|(s, _)| *s == w)
        }
        TokenKind::Word => {}
    }
    STARTERS.contains(w)
}

impl QuantityAnnotator {
    /// Read one quantity starting at token `i` (where [`can_start`] says one can): the mention
    /// and the token index after it.
    fn read_at(&self, doc: &Doc, i: usize, conv: Convention) -> Option<(Mention, usize)> {
        let (mut qualifier, mut j) =
            qualifier_at(doc, i).or_else(|| symbol_qualifier(doc, i)).unwrap_or((Qualifier::Exact, i));
        // A word that only begins qualifier phrases ("in" of "in excess of", "at" of "at least")
        // begins nothing else: without its phrase, no number can follow from it here.
        if j == i && QUALIFIER_ONLY_WORDS.contains(doc.token_text(i)) {
            return None;
        }
        // An article without its phrase starts a number only before a number word ("a dozen",
        // "a third", "a-third", "a hundred"): it is none of the other starts below.
        if j == i
            && ["a", "an"].iter().any(|a| doc.token_text(i).eq_ignore_ascii_case(a))
            && !doc.text_of(i + 1).is_some_and(|next| next == "-" || crate::numbers::may_be_number_word(next))
        {
            return None;
        }
        let qualified = j > i;
        // A sign joined to the number: "−4°C", "+3.5%".
        let mut sign = 1.0;
        if j + 1 < doc.tokens.len()
            && SIGNS.contains(&doc.token_text(j))
            && doc.joined_to_next(j)
            && doc.tokens[j + 1].kind == TokenKind::Number
            && (j == 0 || !doc.joined_to_next(j - 1) || matches!(doc.token_text(j - 1), "(" | "[" | "=" | "≈" | "~"))
        {
            if doc.token_text(j) != "+" {
                sign = -1.0;
            }
            j += 1;
        }
        // "between 10 and 20", "from 5 to 7"
        let range_word = ["between", "from"].into_iter().find(|w| is_word(doc, j, w));
        if range_word.is_some() && !qualified {
            j += 1;
        }
        // Vague amounts: "hundreds of protesters", "tens of thousands of people".
        if let Some(&(_, floor)) = doc.text_of(j).and_then(|w| VAGUE.iter().find(|(v, _)| v.eq_ignore_ascii_case(w))) {
            if is_word(doc, j + 1, "of") {
                let (mut value, mut k) = (floor, j + 2);
                if let Some(&(_, f2)) =
                    doc.text_of(k).and_then(|w| VAGUE.iter().find(|(v, _)| v.eq_ignore_ascii_case(w)))
                {
                    if is_word(doc, k + 1, "of") {
                        value = 10.0 * f2 / 2.0;
                        k += 2;
                    }
                }
                let (unit, end) = counted_noun(doc, k)?;
                let q = if qualified { qualifier } else { Qualifier::AtLeast };
                return Some((self.mention(doc, i, end, value, None, q, Some(unit), 0.75), end));
            }
        }
        let mut currency = None;
        if let Some(&(_, code)) =
            doc.tokens.get(j).and_then(|_| CURRENCY_SIGNS.iter().find(|(s, _)| *s == doc.token_text(j)))
        {
            currency = Some(code.to_string());
            j += 1;
        } else if doc.tokens.get(j).is_some_and(|t| t.kind == TokenKind::Word)
            && doc.token_text(j) == "US"
            && doc.tokens.get(j + 1).is_some_and(|_| doc.token_text(j + 1) == "$")
        {
            currency = Some("USD".into());
            j += 2;
        }
        let mut n = read_number_in(doc, j, conv)?;
        // "one of the most serious problems" picks one out; it counts nothing.
        if !n.digits && n.value == 1.0 && is_word(doc, n.end, "of") {
            return None;
        }
        n.value *= sign;
        if sign < 0.0 || j > i && matches!(doc.token_text(j - 1), "+") {
            n.first = j - 1;
        }
        if is_in_name_or_code(doc, &n, qualified || currency.is_some()) {
            return None;
        }
        let mut end = n.end;
        let mut value_max = None;
        // A tolerance: "5.2 ± 0.3" (the value is the central one).
        if end + 1 < doc.tokens.len() && matches!(doc.token_text(end), "±" | "+/-") {
            if let Some(t) = read_number_in(doc, end + 1, conv) {
                end = t.end;
            }
        }
        // Range: "10-20", "10 to 20", "between 10 and 20".
        if let Some(sep) = doc.text_of(end) {
            let is_range_sep = sep == "-"
                || sep == "–"
                || sep.eq_ignore_ascii_case("to")
                || (range_word == Some("between") && sep.eq_ignore_ascii_case("and"));
            if is_range_sep {
                if let Some(m) =
                    read_number_in(doc, end + 1, conv).filter(|m| m.value > n.value && m.digits == n.digits)
                {
                    value_max = Some(m.value);
                    qualifier = Qualifier::Range;
                    end = m.end;
                }
            }
        }
        if range_word.is_some() && value_max.is_none() {
            return None;
        }
        let has_currency = currency.is_some();
        let unit = match currency {
            Some(c) => {
                // "$2.5 billion dollars" is rare; "$5 a share" keeps USD.
                if let Some((u, e)) = unit_at(doc, end).filter(|(u, _)| *u == c) {
                    end = e;
                    Some(u)
                } else {
                    Some(c)
                }
            }
            None => match unit_at(doc, end) {
                Some((u, e)) => {
                    end = e;
                    Some(u)
                }
                None => None,
            },
        };
        if unit.is_none() && value_max.is_some() && range_word.is_none() {
            return None; // "10-20" with nothing counted is more often a score or a code
        }
        if unit.is_none() {
            // A bare number: keep digits that are neither years nor lone small words.
            if !n.digits || looks_like_year(doc, &n) {
                return None;
            }
        } else if looks_like_year(doc, &n) && !qualified && !has_currency && !unit.as_deref().is_some_and(looks_plural)
        {
            return None;
        }
        if !n.digits && n.value == 1.0 && unit.is_none() {
            return None;
        }
        let confidence = match (n.digits, unit.is_some()) {
            (true, true) => 0.9,
            (false, true) => 0.85,
            _ => 0.6,
        };
        Some((self.mention(doc, i, end, n.value, value_max, qualifier, unit, confidence), end))
    }

    #[allow(clippy::too_many_arguments)]
    fn mention(
        &self,
        doc: &Doc,
        first: usize,
        end: usize,
        value: f64,
        value_max: Option<f64>,
        qualifier: Qualifier,
        unit: Option<String>,
        confidence: f32,
    ) -> Mention {
        let span = Span::new(doc.tokens[first].start, doc.tokens[end - 1].end);
        Mention {
            span,
            sentence: doc.sentence_at(span.start),
            source: "quantities",
            confidence,
            attrs: MentionAttrs::Quantity { value, value_max, qualifier, unit },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::test_doc;
    use crate::tokenize::analyze;

    /// (text, value, value_max, qualifier, unit)
    type Found = (String, f64, Option<f64>, &'static str, Option<String>);

    fn quantities(text: &str) -> Vec<Found> {
        let d = test_doc(text, None);
        let a = analyze(&d);
        let mut out = Vec::new();
        QuantityAnnotator.annotate(&a, &mut out);
        out.iter()
            .map(|m| match &m.attrs {
                MentionAttrs::Quantity { value, value_max, qualifier, unit } => {
                    (a.span_text(m.span).to_string(), *value, *value_max, qualifier.as_str(), unit.clone())
                }
                _ => unreachable!(),
            })
            .collect()
    }

    fn q(
        text: &str,
        value: f64,
        qual: &'static str,
        unit: &str,
    ) -> (String, f64, Option<f64>, &'static str, Option<String>) {
        (text.to_string(), value, None, qual, (!unit.is_empty()).then(|| unit.to_string()))
    }

    #[test]
    fn press_release_quantities() {
        assert_eq!(
            quantities("a wave of protests that swept 82 cities across Russia"),
            [q("82 cities", 82.0, "exact", "cities")]
        );
        assert_eq!(
            quantities("resulted in what is reported to be over one thousand arrests of opposition figures"),
            [q("over one thousand arrests", 1000.0, "more_than", "arrests")]
        );
        assert_eq!(quantities("between our two governments."), [q("two governments", 2.0, "exact", "governments")]);
    }

    #[test]
    fn comparison_signs_are_qualifiers() {
        let quals = |text: &str| -> Vec<&'static str> { quantities(text).into_iter().map(|q| q.3).collect() };
        assert_eq!(quals("Samples held >= 5 mg of lead."), ["at_least"]);
        assert_eq!(quals("Samples held > 5 mg of lead."), ["more_than"]);
        assert_eq!(quals("Samples held <= 5 mg of lead."), ["at_most"]);
        assert_eq!(quals("Samples held < 5 mg of lead."), ["less_than"]);
        assert_eq!(quals("Samples held ≥ 5 mg of lead."), ["at_least"]);
        assert_eq!(quals("Samples held ~5 mg of lead."), ["approx"]);
    }

    #[test]
    fn qualifiers_and_nouns() {
        assert_eq!(quantities("at least 12 people died"), [q("at least 12 people", 12.0, "at_least", "people")]);
        assert_eq!(
            quantities("nearly 3.5 million barrels"),
            [q("nearly 3.5 million barrels", 3.5e6, "approx", "barrels")]
        );
        assert_eq!(quantities("three new hospitals"), [q("three new hospitals", 3.0, "exact", "hospitals")]);
        assert_eq!(quantities("fewer than 200 troops"), [q("fewer than 200 troops", 200.0, "less_than", "troops")]);
        assert_eq!(
            quantities("thousands of protesters marched"),
            [q("thousands of protesters", 2000.0, "at_least", "protesters")]
        );
        // A qualifier of any length starts a sentence too.
        assert_eq!(
            quantities("Approximately 50,000 people marched."),
            [q("Approximately 50,000 people", 50_000.0, "approx", "people")]
        );
    }

    #[test]
    fn units_currencies_ranges() {
        assert_eq!(quantities("a $2.5 billion deal"), [q("$2.5 billion", 2.5e9, "exact", "USD")]);
        assert_eq!(
            quantities("Growth of 3,5 percent and 2,75 percent let the firm hire 1.000 workers."),
            [
                q("3,5 percent", 3.5, "exact", "%"),
                q("2,75 percent", 2.75, "exact", "%"),
                q("1.000 workers", 1000.0, "exact", "workers")
            ],
            "a document that writes decimal commas groups thousands with points"
        );
        assert_eq!(
            quantities("rose 10% to 500 mln dlrs"),
            [q("10%", 10.0, "exact", "%"), q("500 mln dlrs", 5e8, "exact", "USD")]
        );
        assert_eq!(
            quantities("between 10 and 20 km"),
            [("between 10 and 20 km".to_string(), 10.0, Some(20.0), "range", Some("km".to_string()))]
        );
        assert_eq!(
            quantities("10-20 soldiers"),
            [("10-20 soldiers".to_string(), 10.0, Some(20.0), "range", Some("soldiers".to_string()))]
        );
    }

    #[test]
    fn every_unit_fits_the_lookup_key() {
        assert!(UNITS.iter().all(|(u, _)| u.len() <= UNIT_KEY_MAX), "raise UNIT_KEY_MAX");
    }

    #[test]
    fn not_quantities() {
        assert!(quantities("First Russia Visit").is_empty());
        assert!(quantities("a Boeing 737 and COVID-19 at the Group of 20").is_empty());
        assert!(quantities("call 555-1234 or see 04/07/2017 at 3:30").is_empty());
        assert!(quantities("the 1st and 22nd in 2017").is_empty());
        assert!(quantities("one of the most serious").is_empty());
        assert!(quantities("as Fig. 1 and Table 2 show in phase 3 (see [12] and (4))").is_empty());
    }

    #[test]
    fn words_that_only_begin_qualifiers_begin_no_number() {
        // `read_at` gives up on these when their phrase is not there: each must be no number
        // word, vague amount, range word or currency, so that nothing else could start there.
        let words: Vec<&str> =
            QUALIFIERS.iter().map(|(w, _)| w[0]).filter(|w| QUALIFIER_ONLY_WORDS.contains(w)).collect();
        assert!(words.contains(&"in") && words.contains(&"about") && !words.contains(&"a"), "{words:?}");
        for w in words {
            let d = test_doc(&format!("{w} hundred people"), None);
            let a = analyze(&d);
            assert!(read_number_in(&a, 0, convention(&a)).is_none(), "{w}");
            assert!(
                !VAGUE.iter().any(|(v, _)| v.eq_ignore_ascii_case(w)) && !CURRENCY_SIGNS.iter().any(|(c, _)| *c == w)
            );
        }
        // With their phrase they qualify; and a sign counts only joined to a number.
        let q = |text: &str| quantities(text).into_iter().map(|f| (f.0, f.3)).collect::<Vec<_>>();
        assert_eq!(q("in excess of 300 people"), [("in excess of 300 people".to_string(), "more_than")]);
        let signed = quantities("It fell to -4 degrees, a well-known drop of +3.5% in a year-long slide");
        let signed: Vec<(&str, f64)> = signed.iter().map(|f| (f.0.as_str(), f.1)).collect();
        assert_eq!(signed, [("-4 degrees", -4.0), ("+3.5%", 3.5)]);
        // An article starts a number only before a number word.
        let articles = quantities("A dozen eggs, a third of the staff, a man and an hour, a hundred people");
        let articles: Vec<(&str, f64)> = articles.iter().map(|f| (f.0.as_str(), f.1)).collect();
        assert_eq!(
            articles,
            [("A dozen eggs", 12.0), ("a third of the staff", 1.0 / 3.0), ("a hundred people", 100.0)]
        );
    }
}
