//! Stage 4: resolve — where the annotators' results meet. It settles overlaps, builds officials
//! from a role and a person, and links mentions of the same thing to one entity.
//!
//! The policy, in order:
//! 1. **Overlaps.** A quantity that overlaps a date is dropped. Among persons, places, organizations, dates and quantities, overlapping
//!    mentions keep one: the longer span; on equal length the type ranked higher
//!    (date > person found from a title > organization > other person > place > quantity);
//!    then the higher confidence. So "April 12" (date) beats "12" (quantity), "Washington, D.C."
//!    beats "Washington", and a date beats a quantity of the same span ("three years").
//! 2. **Officials.** A person preceded by one or more roles ("President and CEO", joined by
//!    and / & / ,) becomes an official mention from the first role (or the affiliation before it:
//!    a place, organization or nationality, possibly with a possessive: "Russia’s") to the end of
//!    the name. The person mention stays too; both point to the same entity.
//! 3. **Coreference.** Within a document, a person named by a single word links to the full
//!    name whose last (or first) word it is, whether that full name comes before or after; places
//!    and organizations link by canonical name. Entities are numbered by first mention.
//!
//! 4. **Transformer mentions** (source `transformer`, the optional model) come after the rules:
//!    one with the same span and type as a rule mention raises that mention's confidence (the
//!    rule mention stays, with its canonical name and country); one that overlaps any other
//!    rule mention is dropped (rules and lists win conflicts: "Paris" stays a place); the rest
//!    fill the gaps — and a person found only by the model still makes an official with a role
//!    before it.
//!
//! Roles and nationality adjectives are internal mentions: they feed officials and are dropped.

use crate::document::{Doc, Mention, MentionAttrs, MentionType, Span};
use crate::masks::Mask;
use rustc_hash::FxHashMap as HashMap;

/// A mention after resolution, with its entity (persons, officials, places, organizations).
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The mention (persons carry the entity's full name, officials their person's).
    pub mention: Mention,
    /// Index into [`Resolution::entities`], if the mention names an entity.
    pub entity: Option<usize>,
}

/// One person, place or organization in a document, with everything said of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// person, place or organization.
    pub kind: MentionType,
    /// The fullest name seen (persons) or the canonical name (places, organizations).
    pub name: String,
    /// How many mentions name it (an official and its person count once).
    pub mentions: usize,
    /// Roles seen with it, in order of appearance ("Secretary of State").
    pub roles: Vec<String>,
    /// Affiliations seen with its roles ("United States").
    pub affiliations: Vec<String>,
}

/// What `resolve` produces for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resolution {
    /// Output mentions sorted by start (then longer first).
    pub mentions: Vec<Resolved>,
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
}

/// Policy 4: settle the model's mentions against the rules' before the overlap pass.
fn merge_transformer(main: &mut Vec<Mention>, aux: &[Mention]) {
    // Every document passes here; without a model (the default build) there is nothing to do.
    if !main.iter().any(|m| m.source == "transformer") {
        return;
    }
    let (model, mut rules): (Vec<Mention>, Vec<Mention>) = main.drain(..).partition(|m| m.source == "transformer");
    // Roles and nationalities count as the rules' too ("Secretary" is no person); index
    // usize::MAX marks them (nothing to raise).
    let mut spans: Vec<(Span, usize)> =
        rules.iter().enumerate().map(|(i, m)| (m.span, i)).chain(aux.iter().map(|m| (m.span, usize::MAX))).collect();
    spans.sort();
    // Rule spans overlapping t start before t's end and no earlier than t's start minus the
    // longest rule span: a window, not a scan of the document.
    let longest = spans.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    let mut gaps = Vec::new();
    for t in model {
        let from = spans.partition_point(|(s, _)| s.start + longest < t.span.start);
        let upto = spans.partition_point(|(s, _)| s.start < t.span.end);
        let overlapping: Vec<usize> =
            spans[from..upto.max(from)].iter().filter(|(s, _)| s.end > t.span.start).map(|&(_, i)| i).collect();
        if overlapping.is_empty() {
            gaps.push(t);
            continue;
        }
        for i in overlapping.into_iter().filter(|&i| i != usize::MAX) {
            let r = &mut rules[i];
            if r.span == t.span && r.mention_type() == t.mention_type() {
                // Two independent witnesses: 1 - (1 - a)(1 - b).
                r.confidence = 1.0 - (1.0 - r.confidence) * (1.0 - t.confidence);
            }
        }
    }
    rules.extend(gaps);
    *main = rules;
}

/// An integer that orders as [`f32::total_cmp`] orders `x`.
fn total_order(x: f32) -> i32 {
    let bits = x.to_bits() as i32;
    bits ^ ((((bits >> 31) as u32) >> 1) as i32)
}

fn rank(m: &Mention) -> u8 {
    match m.mention_type() {
        MentionType::Date => 6,
        MentionType::Person if m.confidence >= 0.85 => 5,
        MentionType::Organization => 4,
        MentionType::Person => 3,
        MentionType::Place => 2,
        MentionType::Official => 7,
        _ => 1,
    }
}

/// Resolve one document's mentions.
pub fn resolve(doc: &Doc, mentions: Vec<Mention>) -> Resolution {
    // (Sized up front: most mentions are output ones.)
    let mut main: Vec<Mention> = Vec::with_capacity(mentions.len());
    let mut aux: Vec<Mention> = Vec::new();
    for m in mentions {
        if m.mention_type().is_output() {
            main.push(m);
        } else {
            aux.push(m);
        }
    }
    // Dates are never quantities: "April 12" and "2019" lose their numbers to the date.
    // (Date spans do not overlap each other, so the last one starting before a quantity's end is
    // the only candidate: a binary search, not a scan of every date.)
    let mut date_spans: Vec<Span> = Vec::with_capacity(main.len());
    date_spans.extend(main.iter().filter(|m| m.mention_type() == MentionType::Date).map(|m| m.span));
    date_spans.sort();
    let overlaps_date = |span: &Span| {
        let i = date_spans.partition_point(|d| d.start < span.end);
        i > 0 && date_spans[i - 1].end > span.start
    };
    main.retain(|m| m.mention_type() != MentionType::Quantity || !overlaps_date(&m.span));
    merge_transformer(&mut main, &aux);
    // 1. Overlaps: best first, keep what does not overlap something kept.
    // (Mentions are large: they are ranked and chosen by index, and moved once, into `kept`.)
    let mut best_first: Vec<_> = main
        .iter()
        .enumerate()
        .map(|(i, m)| {
            use std::cmp::Reverse;
            ((Reverse(m.span.len()), Reverse(rank(m)), Reverse(total_order(m.confidence)), m.span.start), i)
        })
        .collect();
    best_first.sort_unstable();
    // The bytes of the kept spans, as bits: a span overlaps a kept one where one of its bytes
    // is taken (an empty span, where the byte at its start is). A check or an insert costs a
    // word or two of bits, however many spans are kept (linear scans made long documents
    // quadratic; a sorted map was a search and an allocation per kept span).
    let mut taken = Mask::empty(doc.text().len() + 1);
    let overlaps_taken = |taken: &Mask, span: &Span| taken.next_in(span.start, span.end.max(span.start + 1)).is_some();
    // The kept ones in text order (ties: in the order they were chosen).
    let mut chosen: Vec<(usize, std::cmp::Reverse<usize>, usize, usize)> = Vec::with_capacity(main.len());
    for &(_, i) in &best_first {
        let span = main[i].span;
        if !overlaps_taken(&taken, &span) {
            taken.insert_range(span.start, span.end);
            chosen.push((span.start, std::cmp::Reverse(span.end), chosen.len(), i));
        }
    }
    chosen.sort_unstable();
    let mut slots: Vec<Option<Mention>> = main.into_iter().map(Some).collect();
    let mut kept: Vec<Mention> =
        chosen.iter().map(|&(.., i)| slots[i].take().expect("each mention is chosen once")).collect();
    drop(slots);
    let aux: Vec<Mention> = aux.into_iter().filter(|a| !overlaps_taken(&taken, &a.span)).collect();

    // One sense per document: a single word found as an organization somewhere ("Interfax news
    // agency") is that organization where only a verb of saying made it a person ("Interfax said").
    let org_words: rustc_hash::FxHashSet<&str> = kept
        .iter()
        .filter(|m| m.mention_type() == MentionType::Organization && !doc.span_text(m.span).contains(' '))
        .map(|m| doc.span_text(m.span))
        .collect();
    if !org_words.is_empty() {
        for m in kept.iter_mut() {
            if m.source == "people:speech" && org_words.contains(doc.span_text(m.span)) {
                let canonical = doc.span_text(m.span).to_string();
                m.attrs = MentionAttrs::Organization { canonical };
                m.source = "resolve:same-word";
            }
        }
    }

    // 2. Officials.
    let index = SpanIndex::new(&kept, &aux);
    let mut officials = officials(doc, &kept, &index);
    let named: rustc_hash::FxHashSet<Span> = officials.iter().map(|o| o.person).collect();
    officials.extend(appositive_officials(doc, &kept, &index).into_iter().filter(|o| !named.contains(&o.person)));
    drop(index);

    // 3. Entities.
    // (Sized up front, as the tables below: a few grow steps per document were a few
    // allocations and copies each.)
    let mut entities: Vec<Entity> = Vec::with_capacity(kept.len());
    let mut entity_of: Vec<Option<usize>> = vec![None; kept.len()];
    link_people(doc, &kept, &mut entities, &mut entity_of);
    let mut by_name: HashMap<(MentionType, &str), usize> =
        HashMap::with_capacity_and_hasher(kept.len(), Default::default());
    for (i, m) in kept.iter().enumerate() {
        let canonical = match &m.attrs {
            MentionAttrs::Place { canonical, .. } | MentionAttrs::Organization { canonical } => canonical,
            _ => continue,
        };
        let kind = m.mention_type();
        let e = *by_name.entry((kind, canonical.as_str())).or_insert_with(|| {
            entities.push(Entity { kind, name: canonical.clone(), mentions: 0, roles: vec![], affiliations: vec![] });
            entities.len() - 1
        });
        entities[e].mentions += 1;
        entity_of[i] = Some(e);
    }

    let mut out: Vec<Resolved> = kept
        .into_iter()
        .zip(entity_of)
        .map(|(mut m, e)| {
            if let (MentionAttrs::Person { name }, Some(e)) = (&mut m.attrs, e) {
                name.clone_from(&entities[e].name);
            }
            Resolved { mention: m, entity: e }
        })
        .collect();
    // (Only where there are officials to link.)
    let entity_by_span: HashMap<Span, Option<usize>> = if officials.is_empty() {
        HashMap::default()
    } else {
        out.iter().map(|r| (r.mention.span, r.entity)).collect()
    };
    for o in officials {
        let person_entity = entity_by_span.get(&o.person).copied().flatten();
        let mut mention = o.mention;
        if let (MentionAttrs::Official { person, role, affiliation }, Some(e)) = (&mut mention.attrs, person_entity) {
            person.clone_from(&entities[e].name);
            add_role(&mut entities[e].roles, role);
            if let Some(a) = affiliation {
                if !entities[e].affiliations.contains(a) {
                    entities[e].affiliations.push(a.clone());
                }
            }
        }
        out.push(Resolved { mention, entity: person_entity });
    }
    out.sort_by_key(|r| (r.mention.span.start, std::cmp::Reverse(r.mention.span.end), rank(&r.mention)));

    // Number entities by first mention, so ids read in text order.
    let mut order: Vec<usize> = Vec::with_capacity(entities.len());
    let mut placed = vec![false; entities.len()];
    for r in &out {
        if let Some(e) = r.entity {
            if !placed[e] {
                placed[e] = true;
                order.push(e);
            }
        }
    }
    let mut new_index = vec![usize::MAX; entities.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for r in &mut out {
        r.entity = r.entity.map(|e| new_index[e]);
    }
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let entities = order.iter().map(|&old| slots[old].take().expect("each entity once")).collect();
    Resolution { mentions: out, entities }
}

/// Whether the words of `short` appear, in order and together, among the words of `long`
/// ("Minister" in "Foreign Minister", "Secretary" in "Secretary of State"), ignoring case.
fn contains_words(long: &str, short: &str) -> bool {
    let long: Vec<String> = long.split_whitespace().map(str::to_lowercase).collect();
    let short: Vec<String> = short.split_whitespace().map(str::to_lowercase).collect();
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

/// Add a role unless a fuller one is there already ("Secretary" after "Secretary of State"),
/// replacing a shorter one it contains.
fn add_role(roles: &mut Vec<String>, role: &str) {
    if roles.iter().any(|r| contains_words(r, role)) {
        return;
    }
    if let Some(pos) = roles.iter().position(|r| contains_words(role, r)) {
        roles[pos] = role.to_string();
        return;
    }
    roles.push(role.to_string());
}

struct Official {
    mention: Mention,
    /// The person mention's span (to find its entity).
    person: Span,
}

/// Whether the text between two byte offsets is only spaces (no line break: a role at the end of
/// a line and a name at the start of the next are rarely one phrase in scraped text).
fn only_spaces(text: &str, from: usize, to: usize) -> bool {
    from <= to && text[from..to].chars().all(|c| c == ' ' || c == '\u{a0}') && from < to
}

/// Mentions (kept and internal) by start and end offset, for the officials' look-ups.
struct SpanIndex<'m> {
    /// Every mention by start, and by end (each stable-sorted: kept mentions, then internal ones).
    by_start: Vec<(usize, &'m Mention)>,
    by_end: Vec<(usize, &'m Mention)>,
    /// (start, end) of every mention, sorted.
    starts: Vec<(usize, usize)>,
}

/// Longer mentions than this are not looked for by [`SpanIndex::covers`] (names, dates and
/// figures are far shorter; officials are not in the index).
const MAX_MENTION_BYTES: usize = 512;

impl<'m> SpanIndex<'m> {
    fn new(kept: &'m [Mention], aux: &'m [Mention]) -> Self {
        let mut by_start: Vec<(usize, &Mention)> = kept.iter().chain(aux.iter()).map(|m| (m.span.start, m)).collect();
        let mut by_end: Vec<(usize, &Mention)> = kept.iter().chain(aux.iter()).map(|m| (m.span.end, m)).collect();
        by_start.sort_by_key(|&(pos, _)| pos);
        by_end.sort_by_key(|&(pos, _)| pos);
        let mut starts: Vec<(usize, usize)> =
            kept.iter().chain(aux.iter()).map(|m| (m.span.start, m.span.end)).collect();
        starts.sort_unstable();
        SpanIndex { by_start, by_end, starts }
    }

    /// Whether some mention contains `span`: mentions are short, so only those starting up to a
    /// few hundred bytes before it need a look.
    fn covers(&self, span: Span) -> bool {
        let from = self.starts.partition_point(|&(start, _)| start + MAX_MENTION_BYTES < span.start);
        self.starts[from..]
            .iter()
            .take_while(|&&(start, _)| start <= span.start)
            .any(|&(start, end)| start <= span.start && span.end <= end)
    }

    fn starting_at(&self, pos: usize) -> impl Iterator<Item = &'m Mention> + '_ {
        at(&self.by_start, pos)
    }

    fn ending_at(&self, pos: usize) -> impl Iterator<Item = &'m Mention> + '_ {
        at(&self.by_end, pos)
    }
}

/// The mentions at `pos` of a list sorted by position, in list order.
fn at<'a, 'm>(list: &'a [(usize, &'m Mention)], pos: usize) -> impl Iterator<Item = &'m Mention> + 'a {
    let from = list.partition_point(|&(p, _)| p < pos);
    list[from..].iter().take_while(move |&&(p, _)| p == pos).map(|&(_, m)| m)
}

fn officials(doc: &Doc, kept: &[Mention], index: &SpanIndex) -> Vec<Official> {
    let text = doc.text();
    let role_ending_at = |end: usize| index.ending_at(end).find(|a| matches!(a.attrs, MentionAttrs::Role { .. }));
    let mut out = Vec::new();
    for p in kept.iter().filter(|m| m.mention_type() == MentionType::Person) {
        // The role right before the name, then any roles joined to it by and / & / ,.
        let Some(tok) = doc.token_from(p.span.start).checked_sub(1) else { continue };
        let Some(mut first) =
            role_ending_at(doc.tokens[tok].end).filter(|r| only_spaces(text, r.span.end, p.span.start))
        else {
            continue;
        };
        let mut roles = vec![first];
        while let Some(j) = doc.token_from(first.span.start).checked_sub(1) {
            let joiner = doc.token_text(j);
            if !matches!(joiner, "and" | "&" | ",") || j == 0 {
                break;
            }
            match role_ending_at(doc.tokens[j - 1].end) {
                Some(r) if text[r.span.end..first.span.start].trim() == joiner => {
                    roles.push(r);
                    first = r;
                }
                _ => break,
            }
        }
        roles.reverse();
        let mut role: Vec<String> = roles
            .iter()
            .map(|r| match &r.attrs {
                MentionAttrs::Role { canonical, .. } => canonical.clone(),
                _ => String::new(),
            })
            .collect();
        // Capitalized words right before a title-case role qualify it: "Commerce Minister",
        // "Trade Representative". Not the sentence's first word, not part of another mention.
        let sentence_first = doc.sentences[p.sentence].first_token;
        let mut role_start = doc.token_from(first.span.start);
        let mut qualifiers = Vec::new();
        let title_case = doc.span_text(first.span).chars().next().is_some_and(char::is_uppercase);
        while title_case && qualifiers.len() < 2 && role_start > sentence_first + 1 {
            let k = role_start - 1;
            let w = doc.token_text(k);
            let covered = index.covers(doc.tokens[k].span());
            let capitalized = w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase);
            if covered || !capitalized || !only_spaces(text, doc.tokens[k].end, doc.tokens[role_start].start) {
                break;
            }
            qualifiers.insert(0, w);
            role_start = k;
        }
        if !qualifiers.is_empty() {
            role[0] = format!("{} {}", qualifiers.join(" "), role[0]);
        }
        let role_start = doc.tokens[role_start].start;
        // The affiliation before the roles: "U.S.", "Russian", "Human Rights First", "Russia’s".
        let mut start = role_start;
        let mut affiliation = None;
        if let Some(j) = doc.token_from(role_start).checked_sub(1) {
            let mut end = doc.tokens[j].end;
            let possessive = matches!(doc.token_text(j), "’s" | "'s");
            if possessive && j > 0 {
                end = doc.tokens[j - 1].end;
            }
            let gap_ok = |a: &Mention| {
                if possessive {
                    a.span.end == end
                } else {
                    only_spaces(text, a.span.end, role_start)
                }
            };
            let candidate = index.ending_at(end).find(|a| gap_ok(a) && doc.sentence_at(a.span.start) == p.sentence);
            if let Some(a) = candidate {
                affiliation = match &a.attrs {
                    MentionAttrs::Place { canonical, .. } | MentionAttrs::Organization { canonical } => {
                        Some(canonical.clone())
                    }
                    MentionAttrs::Demonym { country } => Some(country.clone()),
                    _ => None,
                };
                if affiliation.is_some() {
                    start = a.span.start;
                }
            }
        }
        let confidence = roles.iter().map(|r| r.confidence).fold(p.confidence, f32::min);
        let span = Span::new(start, p.span.end);
        out.push(Official {
            mention: Mention {
                span,
                sentence: doc.sentence_at(span.start),
                source: "resolve:role+person",
                confidence,
                attrs: MentionAttrs::Official {
                    person: doc.span_text(p.span).to_string(),
                    role: role.join(" and "),
                    affiliation,
                },
            },
            person: p.span,
        });
    }
    out
}

/// An affiliation mention's canonical name: a place's or organization's canonical name, or a
/// nationality's country.
fn affiliation_name(m: &Mention) -> Option<String> {
    match &m.attrs {
        MentionAttrs::Place { canonical, .. } | MentionAttrs::Organization { canonical } => Some(canonical.clone()),
        MentionAttrs::Demonym { country } => Some(country.clone()),
        _ => None,
    }
}

/// A role phrase starting at token `i`: "[the|a] [affiliation] role [of [the] affiliation]".
/// Returns (end byte, canonical role, affiliation, confidence).
fn role_phrase<'m>(doc: &Doc, index: &SpanIndex<'m>, mut i: usize) -> Option<(usize, String, Option<String>, f32)> {
    let at = |i: usize, pred: &dyn Fn(&Mention) -> bool| -> Option<&'m Mention> {
        let start = doc.tokens.get(i)?.start;
        index.starting_at(start).find(|m| pred(m))
    };
    if i < doc.tokens.len() && matches!(doc.token_text(i), "the" | "a" | "an" | "The") {
        i += 1;
    }
    let is_role = |m: &Mention| matches!(m.attrs, MentionAttrs::Role { .. });
    let is_aff = |m: &Mention| affiliation_name(m).is_some();
    let mut affiliation = None;
    if let Some(a) = at(i, &is_aff) {
        if at(doc.token_from(a.span.end), &is_role).is_some() {
            affiliation = affiliation_name(a);
            i = doc.token_from(a.span.end);
        }
    }
    let role = at(i, &is_role)?;
    let MentionAttrs::Role { canonical, .. } = &role.attrs else { return None };
    let mut end = role.span.end;
    let mut j = doc.token_from(end);
    // "president of Human Rights First", "the secretary general of NATO"
    if affiliation.is_none() && j < doc.tokens.len() && doc.token_text(j) == "of" {
        j += 1;
        if j < doc.tokens.len() && doc.token_text(j) == "the" {
            j += 1;
        }
        if let Some(a) = at(j, &is_aff) {
            affiliation = affiliation_name(a);
            end = a.span.end;
        }
    }
    Some((end, canonical.clone(), affiliation, role.confidence))
}

/// Officials written around a comma: "Sergey Lavrov, the Russian foreign minister," and
/// "the foreign minister, Sergey Lavrov," and "Elisa Massimino, president of Human Rights First".
fn appositive_officials(doc: &Doc, kept: &[Mention], index: &SpanIndex) -> Vec<Official> {
    let mut out = Vec::new();
    for p in kept.iter().filter(|m| m.mention_type() == MentionType::Person) {
        let after = doc.token_from(p.span.end);
        let official = |span: Span, role: String, affiliation: Option<String>, conf: f32| Official {
            mention: Mention {
                span,
                sentence: p.sentence,
                source: "resolve:apposition",
                confidence: conf.min(p.confidence),
                attrs: MentionAttrs::Official { person: doc.span_text(p.span).to_string(), role, affiliation },
            },
            person: p.span,
        };
        // PERSON , role-phrase
        if after + 1 < doc.tokens.len() && doc.token_text(after) == "," {
            if let Some((end, role, aff, conf)) = role_phrase(doc, index, after + 1) {
                if doc.sentence_at(end.saturating_sub(1)) == p.sentence {
                    out.push(official(Span::new(p.span.start, end), role, aff, conf));
                    continue;
                }
            }
        }
        // role-phrase , PERSON: find a phrase that ends right before ", PERSON"
        let Some(comma) = doc.token_from(p.span.start).checked_sub(1) else { continue };
        if doc.token_text(comma) != "," {
            continue;
        }
        // The longest such phrase ("the Russian foreign minister, X" over "foreign minister, X"),
        // starting at its first content word rather than its article.
        let s = doc.sentences[p.sentence];
        let best = (s.first_token.max(comma.saturating_sub(8))..comma)
            .filter(|&start| !matches!(doc.token_text(start), "the" | "a" | "an" | "The"))
            .filter_map(|start| role_phrase(doc, index, start).map(|r| (start, r)))
            .find(|(_, (end, ..))| *end == doc.tokens[comma - 1].end);
        if let Some((start, (_, role, aff, conf))) = best {
            out.push(official(Span::new(doc.tokens[start].start, p.span.end), role, aff, conf));
        }
    }
    out
}

/// Link person mentions to entities: full names first, then single names by surname (or first
/// name) to a full name anywhere in the document, the nearest one before if several match.
fn link_people(doc: &Doc, kept: &[Mention], entities: &mut Vec<Entity>, entity_of: &mut [Option<usize>]) {
    let words = |m: &Mention| -> Vec<&str> { doc.span_text(m.span).split_whitespace().collect() };
    let new_entity = |entities: &mut Vec<Entity>, name: String| {
        entities.push(Entity { kind: MentionType::Person, name, mentions: 0, roles: vec![], affiliations: vec![] });
        entities.len() - 1
    };
    // Full names by their text, and by their last and first word: (entity, position) in order.
    let mut by_name: HashMap<String, usize> = HashMap::default();
    let mut by_last: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
    let mut by_first: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
    let mut entities_by_last: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, m) in kept.iter().enumerate() {
        if m.mention_type() != MentionType::Person {
            continue;
        }
        let w = words(m);
        if w.len() < 2 {
            continue;
        }
        let name = w.join(" ");
        // The same name, or a longer name ending with this one ("Luther King" in "Martin Luther King").
        let e = match by_name.get(&name) {
            Some(&e) => e,
            None => {
                // Distinct entities only: a name repeated a thousand times is one candidate.
                let suffix_of = entities_by_last.get(w[w.len() - 1]).and_then(|c| {
                    c.iter().copied().find(|&e| {
                        let ew: Vec<&str> = entities[e].name.split_whitespace().collect();
                        ew.len() > w.len() && ew[ew.len() - w.len()..].iter().zip(&w).all(|(a, b)| a == b)
                    })
                });
                suffix_of.unwrap_or_else(|| new_entity(entities, name.clone()))
            }
        };
        let distinct = entities_by_last.entry(w[w.len() - 1]).or_default();
        if !distinct.contains(&e) {
            distinct.push(e);
        }
        // Keep the fullest form as the entity's name ("Vladimir Putin" over "Putin").
        if w.len() > entities[e].name.split_whitespace().count() {
            entities[e].name = name.clone();
        }
        by_name.insert(name, e);
        by_last.entry(w[w.len() - 1]).or_default().push((e, m.span.start));
        by_first.entry(w[0]).or_default().push((e, m.span.start));
        entity_of[i] = Some(e);
        entities[e].mentions += 1;
    }
    let mut singles: HashMap<String, usize> = HashMap::default();
    for (i, m) in kept.iter().enumerate() {
        if m.mention_type() != MentionType::Person || entity_of[i].is_some() {
            continue;
        }
        let w = words(m).join(" ");
        // The nearest full name before with this surname (or first name), else the first after.
        let pick = |map: &HashMap<&str, Vec<(usize, usize)>>| {
            let c = map.get(w.as_str())?;
            let before = c.partition_point(|&(_, pos)| pos < m.span.start);
            Some(if before > 0 { c[before - 1].0 } else { c[0].0 })
        };
        let e = pick(&by_last)
            .or_else(|| pick(&by_first))
            .unwrap_or_else(|| *singles.entry(w.clone()).or_insert_with(|| new_entity(entities, w.clone())));
        entity_of[i] = Some(e);
        entities[e].mentions += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_order_orders_as_total_cmp() {
        let xs = [f32::NAN, -f32::NAN, f32::INFINITY, -f32::INFINITY, -1.5, -0.0, 0.0, 0.7, 0.75, 1.0, 1e-30, -1e-30];
        for a in xs {
            for b in xs {
                assert_eq!(total_order(a).cmp(&total_order(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }
}
