//! People, officials and organizations on news sentences: each cue, the name shapes, officials
//! written before and after the name, unnamed officials, organizations beyond the lists, and
//! in-document coreference.

use gleaner::corpus::{from_text, CorpusOptions};
use gleaner::output::{DocumentOutput, MentionFields};
use gleaner::Pipeline;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::builtin);

fn run(text: &str) -> DocumentOutput {
    PIPELINE.process(&from_text("t", text, &CorpusOptions::default()).unwrap())
}

fn texts(text: &str, mention_type: &str) -> Vec<String> {
    run(text).mentions.into_iter().filter(|m| m.mention_type == mention_type).map(|m| m.text).collect()
}

/// (text, role, affiliation) of each official.
fn officials(text: &str) -> Vec<(String, String, Option<String>)> {
    run(text)
        .mentions
        .into_iter()
        .filter_map(|m| match m.fields {
            MentionFields::Official { role, affiliation, .. } => Some((m.text, role, affiliation)),
            _ => None,
        })
        .collect()
}

fn o(text: &str, role: &str, aff: Option<&str>) -> (String, String, Option<String>) {
    (text.into(), role.into(), aff.map(str::to_string))
}

#[test]
fn cues_for_names_no_list_holds() {
    assert_eq!(texts("Sen. John McCain called for hearings.", "person"), ["John McCain"]);
    assert_eq!(texts("Ms. Zelenskaya arrived late.", "person"), ["Zelenskaya"]);
    assert_eq!(texts("\"We will not yield,\" said Kadyrov.", "person"), ["Kadyrov"]);
    assert_eq!(texts("Kadyrov told reporters the war was over.", "person"), ["Kadyrov"]);
    assert_eq!(texts("The plan failed, according to Zelenskyy.", "person"), ["Zelenskyy"]);
    assert_eq!(texts("Rebecca Okonkwo opened the session.", "person"), ["Rebecca Okonkwo"]);
}

#[test]
fn name_shapes() {
    assert_eq!(texts("John F. Kennedy was shot in Dallas.", "person"), ["John F. Kennedy"]);
    assert_eq!(texts("Dr. Martin Luther King Jr. spoke.", "person"), ["Martin Luther King Jr."]);
    assert_eq!(texts("Commission President Jean-Claude Juncker said so.", "person"), ["Jean-Claude Juncker"]);
    assert_eq!(texts("Mr. O'Brien resigned.", "person"), ["O'Brien"]);
    assert_eq!(texts("Prince Mohammed bin Salman met him.", "person"), ["Mohammed bin Salman"]);
    assert_eq!(texts("members of President Putin’s government", "person"), ["Putin"]);
}

#[test]
fn officials_before_and_after_the_name() {
    assert_eq!(
        officials("Russian Foreign Minister Sergey Lavrov met him."),
        [o("Russian Foreign Minister Sergey Lavrov", "Foreign Minister", Some("Russia"))]
    );
    assert_eq!(
        officials("Acme Group Chairman and CEO Dana Whitlock resigned."),
        [o("Acme Group Chairman and CEO Dana Whitlock", "Chairman and CEO", Some("Acme Group"))]
    );
    assert_eq!(
        officials("Sergey Lavrov, the Russian foreign minister, said no."),
        [o("Sergey Lavrov, the Russian foreign minister", "Foreign Minister", Some("Russia"))]
    );
    assert_eq!(
        officials("The foreign minister, Sergey Lavrov, said no."),
        [o("foreign minister, Sergey Lavrov", "Foreign Minister", None)]
    );
    assert_eq!(
        officials("Jens Stoltenberg, the secretary general of NATO, spoke."),
        [o("Jens Stoltenberg, the secretary general of NATO", "Secretary General", Some("NATO"))]
    );
    assert_eq!(
        officials("Elisa Massimino, president of Human Rights First, wrote."),
        [o("Elisa Massimino, president of Human Rights First", "President", Some("Human Rights First"))]
    );
}

#[test]
fn unnamed_officials_are_not_officials() {
    assert!(officials("Kremlin officials declined to comment.").is_empty());
    assert!(officials("He met a group of U.S. senators on Monday.").is_empty());
}

#[test]
fn organizations_beyond_the_lists() {
    assert_eq!(texts("The Malawi Ministry of Health said cases rose.", "organization"), ["Malawi Ministry of Health"]);
    assert_eq!(texts("Shares of Kestrel Dynamics Inc. fell.", "organization"), ["Kestrel Dynamics Inc."]);
    assert_eq!(texts("He studied at Harwell University in 1990.", "organization"), ["Harwell University"]);
    assert_eq!(
        texts("The Ogoni Survival Front (OSF) marched. OSF leaders spoke.", "organization"),
        ["Ogoni Survival Front", "OSF", "OSF"]
    );
}

#[test]
fn one_sense_per_document_for_names_described_as_organizations() {
    let text = "The Interfax news agency reported the clash. Interfax said ten soldiers died.";
    assert_eq!(texts(text, "organization"), ["Interfax", "Interfax"]);
    assert!(texts(text, "person").is_empty());
}

#[test]
fn coreference_within_a_document() {
    let out =
        run("Foreign Minister Sergey Lavrov arrived. Lavrov said little. Minister Lavrov left; Lavrov’s aides stayed.");
    let ids: Vec<_> = out.mentions.iter().filter(|m| m.mention_type == "person").map(|m| m.entity_id.clone()).collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    let e = out.entities.iter().find(|e| Some(&e.id) == ids[0].as_ref()).unwrap();
    assert_eq!((e.name.as_str(), e.mentions), ("Sergey Lavrov", 4));
    assert_eq!(e.roles, ["Foreign Minister"]);
    let out = run("The Ogoni Survival Front (OSF) marched. OSF leaders spoke.");
    let orgs: Vec<_> =
        out.mentions.iter().filter(|m| m.mention_type == "organization").map(|m| m.entity_id.clone()).collect();
    assert!(orgs.iter().all(|i| *i == orgs[0]) && orgs.len() == 3, "acronyms link to their organization: {orgs:?}");
}

#[test]
fn capitalized_words_that_are_not_people() {
    for text in ["Seeking asylum?", "Share", "Press", "Tillerson Urged to Raise Rights Abuses, Civil Society Crackdown"]
    {
        let people = texts(text, "person");
        assert!(
            people.iter().all(|p| ![
                "Seeking",
                "Share",
                "Press",
                "Civil Society",
                "Civil Society Crackdown",
                "Rights Abuses"
            ]
            .contains(&p.as_str())),
            "{text}: {people:?}"
        );
    }
}
