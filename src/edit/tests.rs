//! Unit tests of the text edits.

use chrono::NaiveDate;

use super::*;

fn removed(text: &str, tag: &str) -> String {
    apply(text, &remove_tag(text, tag).unwrap())
}

fn status(text: &str, value: &str) -> String {
    apply(text, &set_status(text, value).unwrap())
}

fn task(text: &str, line: usize, expected: &str, c: char, done: Option<&str>) -> String {
    let done = done.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    apply(
        text,
        &set_task_status(text, line, expected, c, done).unwrap(),
    )
}

const SEED: &str = "---\ntype: customer\ntitle: Databricks\nstatus: active\ntags:\n- type/customer\n- needs-review\n- status/active\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Prospect |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n";

// ----- apply / invert -----

#[test]
fn apply_takes_edits_in_any_order_and_invert_restores() {
    let text = "abcdef";
    let edits = vec![
        TextEdit::new(4..5, "XY"),
        TextEdit::new(0..1, ""),
        TextEdit::new(2..2, "-"),
    ];
    let out = apply(text, &edits);
    assert_eq!(out, "b-cdXYf");
    assert_eq!(apply(&out, &invert(text, &edits)), text);
}

// ----- remove_tag: frontmatter shapes -----

#[test]
fn block_list_item_line_is_deleted() {
    assert_eq!(
        removed(SEED, "needs-review"),
        "---\ntype: customer\ntitle: Databricks\nstatus: active\ntags:\n- type/customer\n- status/active\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Prospect |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n"
    );
}

#[test]
fn indented_block_list_with_hash_and_case() {
    let text =
        "---\ntags:\n  - type/customer\n  - Needs-Review\n  - status/active\ntitle: A\n---\nbody\n";
    assert_eq!(
        removed(text, "#needs-review"),
        "---\ntags:\n  - type/customer\n  - status/active\ntitle: A\n---\nbody\n"
    );
}

#[test]
fn quoted_block_items_with_comments() {
    let text = "---\ntags: # the tags\n  - 'type/customer'\n  - \"needs-review\"   # added by the writer\n  # a comment line\n  - '#needs-review'\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags: # the tags\n  - 'type/customer'\n  # a comment line\n---\n"
    );
}

#[test]
fn only_block_item_leaves_bare_key() {
    let text = "---\ntags:\n- needs-review\nstatus: active\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags:\nstatus: active\n---\n"
    );
}

#[test]
fn tag_key_singular_is_handled() {
    let text = "---\ntag: needs-review, x\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntag: x\n---\n");
}

#[test]
fn flow_list_first_middle_last_only() {
    let text = "---\ntags: [type/customer, needs-review, status/active]\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags: [type/customer, status/active]\n---\n"
    );
    assert_eq!(
        removed(text, "type/customer"),
        "---\ntags: [needs-review, status/active]\n---\n"
    );
    assert_eq!(
        removed(text, "status/active"),
        "---\ntags: [type/customer, needs-review]\n---\n"
    );
    let spaced = "---\ntags: [ a,needs-review ]  # note\n---\n";
    assert_eq!(
        removed(spaced, "needs-review"),
        "---\ntags: [ a ]  # note\n---\n"
    );
    let only = "---\ntags: [\"needs-review\"]\n---\n";
    assert_eq!(removed(only, "needs-review"), "---\ntags: []\n---\n");
}

#[test]
fn flow_list_repeated_and_quoted_elements() {
    let text = "---\ntags: [needs-review, 'a', \"needs-review\", b, needs-review]\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntags: ['a', b]\n---\n");
}

#[test]
fn flow_list_over_several_lines() {
    let text = "---\ntags: [\n  a,\n  needs-review,\n  b\n]\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags: [\n  a,\n  b\n]\n---\n"
    );
}

#[test]
fn comma_string() {
    let text = "---\ntags: type/customer, needs-review\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags: type/customer\n---\n"
    );
    let text = "---\ntags: needs-review, type/customer # c\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntags: type/customer # c\n---\n"
    );
}

#[test]
fn space_string_and_only_element() {
    let text = "---\ntags: a needs-review b\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntags: a b\n---\n");
    let text = "---\ntags: needs-review\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntags: \"\"\n---\n");
}

#[test]
fn quoted_string() {
    let text = "---\ntags: \"a, #needs-review\"\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntags: \"a\"\n---\n");
    let text = "---\ntags: 'needs-review'\n---\n";
    assert_eq!(removed(text, "needs-review"), "---\ntags: ''\n---\n");
}

#[test]
fn similar_tags_are_kept() {
    let text = "---\ntags: [needs-review-later, x/needs-review]\n---\nsee #needs-reviewer\n";
    assert_eq!(
        remove_tag(text, "needs-review"),
        Err(EditError::TagNotFound {
            tag: "needs-review".into()
        })
    );
}

// ----- remove_tag: body -----

#[test]
fn inline_tags_in_body_outside_code() {
    let text = "---\ntitle: A\n---\n#needs-review first\nmiddle #needs-review here\nend #Needs-Review\n- [ ] call #needs-review #needs-review\n`#needs-review` and [[A#needs-review]]\n```\n#needs-review\n```\n~~~~\n#needs-review\n~~~~\n# Heading #needs-review\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\ntitle: A\n---\nfirst\nmiddle here\nend\n- [ ] call\n`#needs-review` and [[A#needs-review]]\n```\n#needs-review\n```\n~~~~\n#needs-review\n~~~~\n# Heading\n"
    );
}

#[test]
fn note_without_frontmatter_and_missing_tag() {
    assert_eq!(removed("a #x b\n", "x"), "a b\n");
    assert!(matches!(
        remove_tag("no tags\n", "x"),
        Err(EditError::TagNotFound { .. })
    ));
    assert!(matches!(
        remove_tag("x", " "),
        Err(EditError::InvalidTag { .. })
    ));
    assert_eq!(
        remove_tag("x", "#needs-review").unwrap_err().to_string(),
        "the tag #needs-review is not in this note"
    );

    // `}` does not close a `[` list, so `status:` is still inside it.
    let text = "---\n!\0p\ntags: [TyIEW, status/}\nstatus: attr\n]1:mer\n---";
    let edits = set_status(text, "paused").unwrap();
    let after = apply(text, &edits);
    assert_eq!(apply(&after, &invert(text, &edits)), text);
}

#[test]
fn crlf_and_bom_are_kept() {
    let text = "\u{feff}---\r\ntags:\r\n- a\r\n- needs-review\r\n---\r\ntext #needs-review\r\n";
    assert_eq!(
        removed(text, "needs-review"),
        "\u{feff}---\r\ntags:\r\n- a\r\n---\r\ntext\r\n"
    );
}

#[test]
fn comments_and_other_keys_untouched() {
    let text = "---\n# written by the note writer\ntitle: A # the title\ntags: [a, needs-review] # tags\nlinks:\n  - needs-review\n---\n";
    assert_eq!(
        removed(text, "needs-review"),
        "---\n# written by the note writer\ntitle: A # the title\ntags: [a] # tags\nlinks:\n  - needs-review\n---\n"
    );
}

// ----- set_status -----

#[test]
fn seed_note_status_all_three_places() {
    assert_eq!(
        status(SEED, "Paused"),
        "---\ntype: customer\ntitle: Databricks\nstatus: paused\ntags:\n- type/customer\n- needs-review\n- status/paused\n---\n\n# Databricks\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | Paused |\n| **Industry** | _Unknown_ |\n\n## Key Contacts\n"
    );
}

#[test]
fn quoted_status_values_and_comments() {
    let text = "---\nstatus: \"active\"\n---\n";
    assert_eq!(status(text, "paused"), "---\nstatus: \"paused\"\n---\n");
    let text = "---\nstatus: 'active' # set by hand\n---\n";
    assert_eq!(
        status(text, "PAUSED"),
        "---\nstatus: 'paused' # set by hand\n---\n"
    );
    let text = "---\nstatus: active   # note\n---\n";
    assert_eq!(
        status(text, "churned"),
        "---\nstatus: churned   # note\n---\n"
    );
    let text = "---\nstatus:\ntitle: A\n---\n";
    assert_eq!(
        status(text, "paused"),
        "---\nstatus: paused\ntitle: A\n---\n"
    );
}

#[test]
fn status_tag_in_every_shape_keeps_prefix_case() {
    let text = "---\ntags: [a, Status/Active, b]\n---\n";
    assert_eq!(
        status(text, "paused"),
        "---\ntags: [a, Status/paused, b]\n---\n"
    );
    let text = "---\ntags: \"a, #status/active\"\n---\n";
    assert_eq!(
        status(text, "paused"),
        "---\ntags: \"a, #status/paused\"\n---\n"
    );
    let text = "---\ntags: a status/active\n---\nbody #status/active.\n";
    assert_eq!(
        status(text, "paused"),
        "---\ntags: a status/paused\n---\nbody #status/paused.\n"
    );
}

#[test]
fn table_with_extra_columns_and_emphasis() {
    let text = "# A\n\n## Account Status\n\n| Field | Value | Source |\n|---|---|---|\n| Owner | Ann | crm |\n| **Status** | **Active** | crm |\n\n## Status\n\n| Status | x |\n";
    assert_eq!(
        status(text, "paused"),
        "# A\n\n## Account Status\n\n| Field | Value | Source |\n|---|---|---|\n| Owner | Ann | crm |\n| **Status** | **Paused** | crm |\n\n## Status\n\n| Status | x |\n"
    );
}

#[test]
fn table_value_column_found_by_header_and_empty_cell() {
    let text =
        "## Account Status\n| Field | Source | Value |\n| --- | --- | --- |\n| status | crm |  |\n";
    assert_eq!(
        status(text, "on-hold"),
        "## Account Status\n| Field | Source | Value |\n| --- | --- | --- |\n| status | crm | On-hold |\n"
    );
}

#[test]
fn status_added_when_missing() {
    let text = "---\ntitle: A\n---\nbody\n";
    assert_eq!(
        status(text, "Active"),
        "---\ntitle: A\nstatus: active\n---\nbody\n"
    );
    let text = "\u{feff}# A\r\nbody\r\n";
    assert_eq!(
        status(text, "active"),
        "\u{feff}---\r\nstatus: active\r\n---\r\n# A\r\nbody\r\n"
    );
    assert_eq!(
        set_status("---\nx: 1\n", "a"),
        Err(EditError::UnclosedFrontmatter)
    );
    assert!(matches!(
        set_status(text, "on hold"),
        Err(EditError::InvalidStatus { .. })
    ));
    assert_eq!(status("---\n---\n", "true"), "---\nstatus: 'true'\n---\n");
}

#[test]
fn status_crlf_bom_note() {
    let text = "\u{feff}---\r\nstatus: active\r\ntags:\r\n  - status/active\r\n---\r\n## Account Status\r\n| Field | Value |\r\n|---|---|\r\n| Status | Active |\r\n";
    assert_eq!(
        status(text, "paused"),
        "\u{feff}---\r\nstatus: paused\r\ntags:\r\n  - status/paused\r\n---\r\n## Account Status\r\n| Field | Value |\r\n|---|---|\r\n| Status | Paused |\r\n"
    );
}

#[test]
fn non_scalar_status_is_refused() {
    let text = "---\ntitle: A\nstatus: [a, b]\n---\n";
    assert_eq!(
        set_status(text, "paused"),
        Err(EditError::UnsupportedStatus { line: 3 })
    );
}

// ----- set_task_status -----

#[test]
fn every_task_marker() {
    for (before, after) in [
        ("- [ ] call Ann\n", "- [x] call Ann\n"),
        ("* [ ] call Ann\n", "* [x] call Ann\n"),
        ("+ [/] call Ann\n", "+ [x] call Ann\n"),
        ("1. [ ] call Ann\n", "1. [x] call Ann\n"),
        ("12) [?] call Ann\n", "12) [x] call Ann\n"),
        ("  - [ ] call Ann  \n", "  - [x] call Ann  \n"),
        ("> - [ ] call Ann\n", "> - [x] call Ann\n"),
        ("> > [!todo]\n", ""),
        // Indented four columns, the line is code to the reader, not a task.
        ("\t    - [ ] call Ann  \n", ""),
    ] {
        if after.is_empty() {
            assert!(set_task_status(before, 1, "call", 'x', None).is_err());
        } else {
            assert_eq!(task(before, 1, "call Ann", 'x', None), after);
        }
    }
}

#[test]
fn blockquote_task_in_callout_on_crlf_line() {
    let text = "a\r\n> [!todo] Tasks\r\n> - [ ] send the deck 📅 2026-01-05\r\nz\r\n";
    assert_eq!(
        task(
            text,
            3,
            " send the deck 📅 2026-01-05 ",
            'x',
            Some("2026-01-04")
        ),
        "a\r\n> [!todo] Tasks\r\n> - [x] send the deck 📅 2026-01-05 ✅ 2026-01-04\r\nz\r\n"
    );
}

#[test]
fn done_date_appended_replaced_and_before_block_id() {
    assert_eq!(
        task("- [ ] a", 1, "a", 'x', Some("2026-02-01")),
        "- [x] a ✅ 2026-02-01"
    );
    assert_eq!(
        task("- [x] a ✅ 2025-12-31  \n", 1, "a", 'x', Some("2026-02-01")),
        "- [x] a ✅ 2026-02-01  \n"
    );
    assert_eq!(
        task("- [ ] a ^abc-1\n", 1, "a", 'x', Some("2026-02-01")),
        "- [x] a ✅ 2026-02-01 ^abc-1\n"
    );
    assert_eq!(
        task("\u{feff}- [ ] a\n", 1, "a", '-', None),
        "\u{feff}- [-] a\n"
    );
}

#[test]
fn moved_task_is_refused() {
    let text = "x\n- [ ] call Ann\n- [ ] call Bob\n";
    let err = set_task_status(text, 3, "call Ann", 'x', None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the task on line 3 no longer reads \"call Ann\""
    );
    assert!(set_task_status(text, 1, "x", 'x', None).is_err());
    assert!(set_task_status(text, 9, "call", 'x', None).is_err());
    assert!(set_task_status(text, 0, "call", 'x', None).is_err());
    assert!(set_task_status("- [ ]call\n", 1, "call", 'x', None).is_err());
    assert!(set_task_status(text, 2, "call Ann", ']', None).is_err());
}

// ----- found by fuzzing (fuzz/fuzz_targets/edit_note.rs) -----

/// A flow list continued on a line that looks like a key: the `status:`
/// line is part of the `tags` value, not a key, so the two edits that both
/// claimed its bytes (and made `apply` panic) are now one.
#[test]
fn key_lookalike_inside_a_multiline_flow_list_is_not_a_key() {
    let text = "---\nycui\ntags: [TysrW, status/\nstatus: atye]\n---\n\n-";
    let edits = set_status(text, "paused").unwrap();
    let after = apply(text, &edits);
    assert_eq!(apply(&after, &invert(text, &edits)), text);
    assert_eq!(after, "---\nycui\ntags: [TysrW, status/paused]\n---\n\n-");

    let text = "---\ntags: [a,\ntags: needs-review]\nstatus: active\n---\n";
    // YAML reads the list as `[a, {tags: needs-review}]`: no such tag.
    assert!(matches!(
        remove_tag(text, "needs-review"),
        Err(EditError::TagNotFound { .. })
    ));
    assert_eq!(
        status(text, "paused"),
        "---\ntags: [a,\ntags: needs-review]\nstatus: paused\n---\n"
    );
}

// ----- set_date_field (review_key) -----

fn dated(text: &str, key: &str) -> String {
    let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    apply(text, &set_date_field(text, key, on).unwrap())
}

#[test]
fn a_review_date_replaces_the_value_in_its_quoting_and_keeps_the_comment() {
    assert_eq!(
        dated(
            "---\nreviewed: 2025-01-02 # by hand\ntype: customer\n---\n",
            "reviewed"
        ),
        "---\nreviewed: 2026-11-30 # by hand\ntype: customer\n---\n"
    );
    assert_eq!(
        dated("---\nreviewed: '2025-01-02'\n---\nbody\n", "reviewed"),
        "---\nreviewed: '2026-11-30'\n---\nbody\n"
    );
    assert_eq!(
        dated("---\nreviewed:\ntype: customer\n---\n", "reviewed"),
        "---\nreviewed: 2026-11-30\ntype: customer\n---\n"
    );
}

#[test]
fn a_missing_review_field_is_added_as_the_last_frontmatter_line() {
    assert_eq!(
        dated("---\r\ntype: customer\r\n---\r\n# Acme\r\n", "reviewed"),
        "---\r\ntype: customer\r\nreviewed: 2026-11-30\r\n---\r\n# Acme\r\n"
    );
    assert_eq!(
        dated("# Acme\n", "last_reviewed"),
        "---\nlast_reviewed: 2026-11-30\n---\n# Acme\n"
    );
    // A key that only appears nested, or as a prefix of another key, is not it.
    assert_eq!(
        dated(
            "---\nreviewed_by: Ana\nmeta:\n  reviewed: x\n---\n",
            "reviewed"
        ),
        "---\nreviewed_by: Ana\nmeta:\n  reviewed: x\nreviewed: 2026-11-30\n---\n"
    );
}

#[test]
fn a_review_field_that_is_not_one_value_or_a_bad_key_is_refused() {
    let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    assert_eq!(
        set_date_field("---\nreviewed:\n  - 2025-01-02\n---\n", "reviewed", on),
        Err(EditError::UnsupportedField {
            key: "reviewed".into(),
            line: 2
        })
    );
    assert_eq!(
        set_date_field("---\na: 1\n", "reviewed", on),
        Err(EditError::UnclosedFrontmatterFor {
            key: "reviewed".into()
        })
    );
    assert!(matches!(
        set_date_field("---\na: 1\n---\n", "re viewed", on),
        Err(EditError::InvalidKey { .. })
    ));
}

#[test]
fn an_empty_status_key_over_a_block_list_is_refused_not_joined() {
    assert_eq!(
        set_status("---\nstatus:\n  - active\n---\n", "paused"),
        Err(EditError::UnsupportedStatus { line: 2 })
    );
}
