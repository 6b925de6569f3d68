//! `gleaner show FILE`: one document in the terminal, mentions coloured by type (ANSI colours
//! when standard output is a terminal, plain text otherwise), then its mentions and claims.

use chrono::NaiveDate;
use gleaner::corpus::{load, CorpusOptions, Input, Unit};
use gleaner::output::{DocumentOutput, MentionFields};
use gleaner::Pipeline;
use std::io::IsTerminal;
use std::path::Path;

/// ANSI background colours per mention type (the HTML report's palette, approximately).
const COLOURS: &[(&str, &str)] = &[
    ("person", "48;5;223"),
    ("official", "48;5;157"),
    ("place", "48;5;159"),
    ("organization", "48;5;189"),
    ("date", "48;5;229"),
    ("quantity", "48;5;217"),
];

fn colour(t: &str) -> &'static str {
    COLOURS.iter().find(|(k, _)| *k == t).map_or("7", |(_, c)| c)
}

/// Print the document at `path`.
pub fn show(path: &Path, doc_date: Option<NaiveDate>) -> Result<(), String> {
    let options = CorpusOptions { doc_date, ..CorpusOptions::default() };
    let id = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let doc = load(Unit::Whole(Input::File { path: path.to_path_buf(), id, bytes: 0 }), &options)
        .map_err(|e| e.to_string())?;
    let out = Pipeline::builtin().process(&doc);
    let tty = std::io::stdout().is_terminal();
    println!(
        "{} — date {} ({})\n",
        out.document.doc_id,
        out.document.date.as_deref().unwrap_or("unknown"),
        out.document.date_source
    );
    println!("{}", render(&doc.text, &out, tty));
    if tty {
        let legend: Vec<String> = COLOURS.iter().map(|(t, c)| format!("\x1b[{c};30m {t} \x1b[0m")).collect();
        println!("\n{}", legend.join(" "));
    }
    println!("\nMentions");
    for m in &out.mentions {
        let detail = match &m.fields {
            MentionFields::Person { name } => name.clone(),
            MentionFields::Official { person, role, affiliation } => {
                format!("{person} · {role}{}", affiliation.as_ref().map(|a| format!(" · {a}")).unwrap_or_default())
            }
            MentionFields::Place { canonical, country, .. } => {
                format!("{canonical} {}", country.as_deref().unwrap_or(""))
            }
            MentionFields::Organization { canonical } => canonical.clone(),
            MentionFields::Date { value, modifier, .. } => {
                format!("{value}{}", modifier.map(|m| format!(" ({m})")).unwrap_or_default())
            }
            MentionFields::Quantity { value, qualifier, unit, .. } => {
                format!("{value} {qualifier} {}", unit.as_deref().unwrap_or(""))
            }
        };
        println!("  {:<13} {:<40} {}", m.mention_type, m.text.replace('\n', " "), detail);
    }
    if !out.claims.is_empty() {
        println!("\nClaims");
        println!(
            "  {:<14} {:<10} {:<14} {:<22} {:<10} {:<18} hedge",
            "value", "qualifier", "counted", "subject", "date", "places"
        );
        for c in &out.claims {
            println!(
                "  {:<14} {:<10} {:<14} {:<22} {:<10} {:<18} {}",
                c.value.to_string(),
                c.qualifier,
                c.unit.as_deref().unwrap_or(""),
                c.subject.as_deref().unwrap_or(""),
                c.date.as_deref().unwrap_or(""),
                c.places.join("; "),
                c.hedge.unwrap_or("")
            );
        }
    }
    Ok(())
}

/// The text with mentions marked: ANSI colours on a terminal, otherwise the text unchanged.
fn render(text: &str, out: &DocumentOutput, tty: bool) -> String {
    if !tty {
        return text.to_string();
    }
    // Colour the outermost mentions only (officials contain their person): a terminal has no nesting.
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    for m in &out.mentions {
        if marks.last().is_some_and(|&(_, end, _)| m.start < end) {
            continue;
        }
        marks.push((m.start, m.end, m.mention_type));
    }
    let mut s = String::with_capacity(text.len() + marks.len() * 16);
    let mut pos = 0;
    for (a, b, t) in marks {
        s.push_str(&text[pos..a]);
        s.push_str(&format!("\x1b[{};30m{}\x1b[0m", colour(t), &text[a..b]));
        pos = b;
    }
    s.push_str(&text[pos..]);
    s
}
