//! Words that lists hold as places or names but ordinary English uses otherwise: the gazetteer's
//! case and context rules, and the people rules, on real sentences.

use gleaner::corpus::{from_text, CorpusOptions};
use gleaner::output::MentionRecord;
use gleaner::Pipeline;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::builtin);

fn mentions(text: &str) -> Vec<MentionRecord> {
    let doc = from_text("t", text, &CorpusOptions::default()).unwrap();
    PIPELINE.process(&doc).mentions
}

fn of(text: &str, mention_type: &str) -> Vec<String> {
    mentions(text).into_iter().filter(|m| m.mention_type == mention_type).map(|m| m.text).collect()
}

#[test]
fn common_words_are_not_places_without_context() {
    assert!(of("Reading is fun for children.", "place").is_empty());
    assert!(of("Mobile phones are banned in class.", "place").is_empty());
    assert!(of("It was a nice day in the park.", "place").is_empty());
    assert_eq!(of("He grew up in Reading, England, and moved on.", "place"), ["Reading", "England"]);
}

#[test]
fn names_that_are_words_or_places() {
    assert_eq!(of("May said the deal was done.", "person"), ["May"]);
    assert!(of("May said the deal was done.", "date").is_empty());
    assert_eq!(of("Will Smith starred in the film.", "person"), ["Will Smith"]);
    assert!(of("Hope Street was closed at night.", "person").is_empty());
    assert_eq!(of("Jordan's king met the envoy.", "place"), ["Jordan"]);
    assert!(of("Jordan's king met the envoy.", "person").is_empty());
    assert_eq!(of("Michael Jordan scored 30 points.", "person"), ["Michael Jordan"]);
    assert!(of("Michael Jordan scored 30 points.", "place").is_empty());
}

#[test]
fn small_places_need_context_and_datelines_give_it() {
    assert!(of("Kennedy was there.", "place").is_empty(), "a small city that is also a surname");
    assert!(of("Danghara was quiet.", "place").is_empty(), "a town of 15,000 needs a cue");
    assert_eq!(of("DANGHARA, Tajikistan (Reuters) - Fighting resumed.", "place"), ["DANGHARA", "Tajikistan"]);
    assert_eq!(of("Fighting resumed near Danghara on Friday.", "place"), ["Danghara"]);
    assert_eq!(of("Fighting resumed near Arbil on Friday.", "place"), ["Arbil"]);
}

#[test]
fn capitals_and_results() {
    assert_eq!(of("LONDON 1996-08-30\n\nShares rose.", "place"), ["LONDON"]);
    let m = mentions("Leeds 2 Chelsea 1");
    let teams: Vec<_> = m.iter().filter(|m| m.mention_type == "organization").map(|m| m.text.as_str()).collect();
    assert_eq!(teams, ["Leeds", "Chelsea"]);
    assert!(of("He won the U.S. Open in June.", "place").is_empty(), "an event, not a place");
}

#[test]
fn a_place_shown_to_be_a_team_is_the_team_throughout() {
    // After a result verb, and then every other use in the report.
    let text = "Lancashire beat Hampshire by 12 runs on Friday.\n\nHampshire closed on 200 for six after rain.";
    assert_eq!(of(text, "organization"), ["Lancashire", "Hampshire", "Hampshire"]);
    assert!(of(text, "place").is_empty());
    // A fixtures line: the visitors are a team, the venue after AT a place.
    let text = "DENVER 70 65 .519 5\n\nDENVER AT BOSTON\n";
    assert_eq!(of(text, "organization"), ["DENVER", "DENVER"]);
    assert_eq!(of(text, "place"), ["BOSTON"]);
    // No sports evidence, no team.
    assert_eq!(of("The roads in Denver were closed for a day.", "place"), ["Denver"]);
}

#[test]
fn a_well_known_place_is_no_part_of_a_name_found_only_by_its_shape() {
    assert!(of("The centre in East Jerusalem was demolished.", "person").is_empty());
    assert_eq!(of("The centre in East Jerusalem was demolished.", "place"), ["East Jerusalem"]);
    assert!(of("Yeltsin endorses Lebed Chechnya peace plan", "person").iter().all(|p| p != "Lebed Chechnya"));
}
