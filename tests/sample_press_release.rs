//! Acceptance on the sample press release (samples/press): what a careful reader finds in it,
//! and none of the false positives a careful reader would not make.

mod common;

use common::{gleaner, mentions, of_kind, records, sample_press_release};
use serde_json::Value;
use std::sync::LazyLock;

static RECORDS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let out = gleaner(&["extract", "--quiet", sample_press_release().to_str().unwrap()]);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    records(&out.stdout)
});

fn texts(mention_type: &str) -> Vec<String> {
    mentions(&RECORDS, mention_type).iter().map(|m| m["text"].as_str().unwrap().to_string()).collect()
}

fn find<'a>(mention_type: &str, text: &str) -> Vec<&'a Value> {
    mentions(&RECORDS, mention_type).into_iter().filter(|m| m["text"] == text).collect()
}

fn entity(id: &Value) -> &'static Value {
    of_kind(&RECORDS, "entity").into_iter().find(|e| &e["id"] == id).unwrap_or_else(|| panic!("no entity {id}"))
}

#[test]
fn document_date_comes_from_its_own_text() {
    let doc = of_kind(&RECORDS, "document")[0];
    assert_eq!(doc["date"], "2017-04-07");
    assert_eq!(doc["date_source"], "text");
    assert_eq!(doc["doc_id"], "hrf-tillerson-russia-2017.txt");
    assert_eq!(doc["bytes"], 3205);
}

#[test]
fn people_are_found_and_resolved_to_full_names() {
    let people = texts("person");
    for name in ["Rex Tillerson", "Elisa Massimino", "Sergey Lavrov", "Putin", "Massimino", "Tillerson"] {
        assert!(people.iter().any(|p| p == name), "missing person {name}: {people:?}");
    }
    for short in find("person", "Massimino") {
        assert_eq!(short["name"], "Elisa Massimino");
    }
    for short in find("person", "Tillerson") {
        assert_eq!(short["name"], "Rex Tillerson");
    }
}

#[test]
fn officials_carry_role_and_affiliation() {
    let expected = [
        ("U.S. Secretary of State Rex Tillerson", "Rex Tillerson", "Secretary of State", Some("United States")),
        (
            "Human Rights First President and CEO Elisa Massimino",
            "Elisa Massimino",
            "President and CEO",
            Some("Human Rights First"),
        ),
        ("Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "Foreign Minister", Some("Russia")),
        ("President Putin", "Putin", "President", None),
    ];
    for (text, person, role, affiliation) in expected {
        let found = find("official", text);
        assert_eq!(found.len(), 1, "official {text:?} in {:?}", texts("official"));
        let o = found[0];
        assert_eq!(o["person"], person, "{text}");
        assert_eq!(o["role"], role, "{text}");
        assert_eq!(o["affiliation"].as_str(), affiliation, "{text}");
    }
}

#[test]
fn secretary_tillerson_and_massimino_are_the_same_entities() {
    let full = &find("person", "Rex Tillerson")[0]["entity_id"];
    for o in find("official", "Secretary Tillerson") {
        assert_eq!(&o["entity_id"], full);
        assert_eq!(o["person"], "Rex Tillerson");
    }
    assert!(!find("official", "Secretary Tillerson").is_empty());
    let massimino = &find("person", "Elisa Massimino")[0]["entity_id"];
    for m in find("person", "Massimino") {
        assert_eq!(&m["entity_id"], massimino);
    }
    let e = entity(full);
    assert_eq!(e["name"], "Rex Tillerson");
    assert!(e["roles"].as_array().unwrap().contains(&Value::from("Secretary of State")));
    assert!(e["mentions"].as_u64().unwrap() >= 4, "{e}");
}

#[test]
fn places_with_canonical_names_and_countries() {
    let expected = [
        ("Washington, D.C.", "Washington, D.C.", "US"),
        ("Russia", "Russia", "RU"),
        ("Russian Federation", "Russia", "RU"),
        ("U.S.", "United States", "US"),
        ("United States", "United States", "US"),
        ("Syria", "Syria", "SY"),
        ("Ukraine", "Ukraine", "UA"),
        ("North Korea", "North Korea", "KP"),
        ("Chechnya", "Chechnya", "RU"),
    ];
    for (text, canonical, country) in expected {
        let found = find("place", text);
        assert!(!found.is_empty(), "missing place {text}: {:?}", texts("place"));
        for p in found {
            assert_eq!((p["canonical"].as_str(), p["country"].as_str()), (Some(canonical), Some(country)), "{text}");
        }
    }
}

#[test]
fn organizations() {
    let orgs = texts("organization");
    for org in ["Human Rights First", "State Department", "Kremlin"] {
        assert!(orgs.iter().any(|o| o == org), "missing organization {org}: {orgs:?}");
    }
}

#[test]
fn dates_resolved_against_the_document_date() {
    let expected = [
        ("next week", "2017-W15", None),
        ("Thursday", "2017-04-06", None),
        ("last night", "2017-04-06TNI", None),
        ("April 12", "2017-04-12", None),
        ("late March", "2017-03", Some("END")),
        ("April 7, 2017", "2017-04-07", None),
    ];
    for (text, value, modifier) in expected {
        let found = find("date", text);
        assert_eq!(found.len(), 1, "date {text:?} in {:?}", texts("date"));
        assert_eq!(found[0]["value"], value, "{text}");
        assert_eq!(found[0]["mod"].as_str(), modifier, "{text}");
    }
}

#[test]
fn quantified_claims() {
    for (text, value, qualifier, unit, predicate, date) in [
        ("82 cities", 82, "exact", "cities", "swept", Some("2017-03")),
        ("over one thousand arrests", 1000, "more_than", "arrests", "resulted", None),
    ] {
        let q = find("quantity", text);
        assert_eq!(q.len(), 1, "quantity {text:?} in {:?}", texts("quantity"));
        let q = q[0];
        assert_eq!(
            (q["value"].as_i64(), q["qualifier"].as_str(), q["unit"].as_str()),
            (Some(value), Some(qualifier), Some(unit))
        );
        let claim = of_kind(&RECORDS, "claim")
            .into_iter()
            .find(|c| c["quantity"] == q["id"])
            .unwrap_or_else(|| panic!("no claim for {text}"));
        let sentence = claim["text"].as_str().unwrap();
        assert!(sentence.contains(text), "{sentence}");
        assert_eq!(claim["predicate"], predicate);
        assert_eq!(claim["date"].as_str(), date);
    }
    let arrests = of_kind(&RECORDS, "claim").into_iter().find(|c| c["unit"] == "arrests").unwrap();
    assert_eq!((arrests["hedged"].as_bool(), arrests["hedge"].as_str()), (Some(true), Some("reported to be")));
    assert_eq!(arrests["subject"], "The protests");
    let cities = of_kind(&RECORDS, "claim").into_iter().find(|c| c["unit"] == "cities").unwrap();
    assert!(cities["places"].as_array().unwrap().contains(&Value::from("Russia")));
    assert_eq!(
        (cities["subject"].as_str(), cities["date_text"].as_str(), cities["date_scope"].as_str()),
        (Some("a wave of protests"), Some("late March"), Some("clause"))
    );
    for c in [arrests, cities] {
        let w = c["check_worthiness"].as_f64().unwrap();
        assert!((0.5..=1.0).contains(&w), "a specific, sourced or hedged count is worth checking: {w}");
    }
}

#[test]
fn no_false_positives_a_careful_reader_would_not_make() {
    let people = texts("person");
    let places = texts("place");
    for word in [
        "Press",
        "Share",
        "Seeking",
        "Human Rights First",
        "Civil Society",
        "Rights Abuses",
        "Kremlin",
        "Secretary",
        "Washington",
    ] {
        assert!(!people.iter().any(|p| p == word), "{word} is no person: {people:?}");
    }
    for word in ["Press", "Share", "Seeking", "Human Rights First"] {
        assert!(!places.iter().any(|p| p == word), "{word} is no place: {places:?}");
    }
    for t in texts("date").iter().chain(texts("quantity").iter()) {
        assert!(!t.contains("First") && t != "May", "{t} is neither a date nor a quantity");
    }
}

#[test]
fn every_mention_text_is_the_bytes_at_its_offsets() {
    let text = std::fs::read_to_string(sample_press_release()).unwrap();
    for m in of_kind(&RECORDS, "mention").iter().chain(of_kind(&RECORDS, "claim").iter()) {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], m["text"].as_str().unwrap());
        let c = m.get("confidence").and_then(Value::as_f64).unwrap_or(1.0);
        assert!((0.0..=1.0).contains(&c));
        if m["kind"] == "mention" {
            assert!(!m["source"].as_str().unwrap().is_empty());
        }
    }
}
