//! Hostile input: every file of tests/fixtures/bad gives its documented result
//! and a clear problem, an oversized note is skipped, and no bytes at all can
//! make the parser panic or let a control character reach a text field.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use acct::config::Config;
use acct::index::Index;
use acct::model::dashboard;
use acct::note::task::TaskStatuses;
use acct::note::{self, Note};
use acct::problem::{Problem, Severity};
use chrono::NaiveDate;
use proptest::prelude::*;

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

fn parse_file(name: &str) -> Note {
    let bytes = std::fs::read(bad_dir().join(name)).unwrap();
    note::parse(name, &bytes, &TaskStatuses::default())
}

fn parse_str(name: &str, text: &str) -> Note {
    note::parse(name, text.as_bytes(), &TaskStatuses::default())
}

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(&bad_dir(), &Config::default()));

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn task_texts(note: &Note) -> Vec<&str> {
    note.tasks.iter().map(|t| &*t.fields.text).collect()
}

/// The one problem the index holds for `path`.
fn only_problem(path: &str) -> Problem {
    let found: Vec<Problem> = INDEX
        .problems()
        .into_iter()
        .filter(|p| p.path == path)
        .collect();
    let [one] = found.as_slice() else {
        panic!("expected one problem for {path}, got {found:?}")
    };
    one.clone()
}

/// Every text of a note that acct may show a person.
fn shown_texts(note: &Note) -> Vec<String> {
    let mut out: Vec<&str> = vec![note.title.as_str()];
    out.extend(note.aliases.iter().map(String::as_str));
    out.extend(note.tags.iter().map(String::as_str));
    out.extend(note.account.as_deref());
    let mut parts: Vec<String> = Vec::new();
    for s in &note.sections {
        parts.push(note.heading(s));
        parts.extend(note.items(s).iter().map(|i| note.item_text(i)));
        parts.extend(note.paragraphs(s).iter().map(|p| note.paragraph_text(p)));
        for t in note.tables(s) {
            parts.extend(note.table_header(t).iter().map(|c| note.cell_text(c)));
            parts.extend(note.table_rows(t).flatten().map(|c| note.cell_text(c)));
        }
    }
    out.extend(parts.iter().map(String::as_str));
    for t in &note.tasks {
        out.push(&t.fields.text);
        out.extend(t.fields.owners.iter().map(String::as_str));
        out.extend(t.fields.tags.iter().map(String::as_str));
        out.extend(t.links.iter().map(String::as_str));
    }
    for l in &note.links {
        out.push(&l.target);
        out.extend(l.heading.as_deref());
    }
    out.extend(note.problems.iter().map(|p| p.message.as_str()));
    let mut out: Vec<String> = out.into_iter().map(str::to_string).collect();
    for key in [
        "title",
        "status",
        "type",
        "account",
        "created",
        "last_contact",
    ] {
        out.extend(note.field_text(key));
    }
    out
}

fn assert_no_control_chars(note: &Note) {
    for text in shown_texts(note) {
        assert!(
            !text.chars().any(char::is_control),
            "{}: control character survived in {text:?}",
            note.path
        );
    }
}

#[test]
fn every_bad_file_is_indexed_and_nothing_else_is_reported() {
    let mut names: Vec<String> = std::fs::read_dir(bad_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        assert!(INDEX.note(name).is_some(), "{name} is indexed");
        let note = INDEX.note(name).unwrap();
        assert_no_control_chars(note);
        // Every file but the empty one names itself an account.
        assert_eq!(INDEX.is_account(name), name != "empty.md", "{name}");
    }
    let mut with_problems: Vec<String> = INDEX.problems().into_iter().map(|p| p.path).collect();
    with_problems.sort();
    assert_eq!(
        with_problems,
        [
            "invalid-utf8.md",
            "malformed-yaml.md",
            "unclosed-frontmatter.md"
        ]
    );
}

#[test]
fn malformed_yaml_keeps_the_note_and_points_at_the_line() {
    let note = INDEX.note("malformed-yaml.md").unwrap();
    assert_eq!(note.title, "malformed-yaml", "title from the file name");
    assert!(note.fields.is_empty());
    assert_eq!(task_texts(note), ["Fix the frontmatter of this note"]);
    assert_eq!(note.tasks[0].fields.due, date("2026-11-30"));
    assert!(note.has_tag("type/customer"), "inline tag still read");
    assert!(INDEX.is_account("malformed-yaml.md"));

    let p = only_problem("malformed-yaml.md");
    assert_eq!(p.line, Some(3), "the unclosed `[` is on line 3: {p}");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.message.contains("frontmatter"), "{p}");
    assert!(p.message.contains("YAML"), "{p}");
    assert!(p.message.contains("']'"), "says what is missing: {p}");
    assert!(
        p.to_string().starts_with("malformed-yaml.md:3: error: "),
        "{p}"
    );
}

#[test]
fn unclosed_frontmatter_is_read_as_body() {
    let note = INDEX.note("unclosed-frontmatter.md").unwrap();
    assert_eq!(note.title, "unclosed-frontmatter");
    assert!(note.fields.is_empty());
    assert_eq!(
        task_texts(note),
        ["Task after an unclosed frontmatter block"]
    );
    assert_eq!(note.tasks[0].line, 13);
    assert!(INDEX.is_account("unclosed-frontmatter.md"));
    let p = only_problem("unclosed-frontmatter.md");
    assert_eq!(p.line, Some(1));
    assert!(p.message.contains("never closed"), "{p}");
}

#[test]
fn empty_and_frontmatter_only_notes() {
    let empty = parse_file("empty.md");
    assert_eq!(empty.title, "empty");
    assert!(empty.fields.is_empty() && empty.sections.is_empty() && empty.tasks.is_empty());
    assert!(empty.problems.is_empty());

    let only = parse_file("only-frontmatter.md");
    assert_eq!(only.title, "Only Frontmatter");
    assert!(only.sections.is_empty() && only.tasks.is_empty() && only.links.is_empty());
    assert!(only.problems.is_empty());
    assert_eq!(only.field_date("last_contact"), date("2026-11-01"));
    let d = dashboard::build(&INDEX, "only-frontmatter.md", today()).unwrap();
    assert_eq!(d.status.as_deref(), Some("prospect"));
    assert!(d.blockers.is_empty() && d.open_tasks.is_empty() && d.table.0.is_empty());
}

#[test]
fn tags_as_list_flow_list_string_and_null() {
    let null = parse_file("tags-null.md");
    assert!(null.tags.is_empty());
    assert!(null.problems.is_empty());
    assert!(
        INDEX.is_account("tags-null.md"),
        "an account through `type`"
    );

    let string = parse_file("tags-string.md");
    assert_eq!(
        string.tags,
        ["type/customer", "status/paused", "needs-review"]
    );
    assert!(!string.has_tag("not-a-tag-yaml-comment"), "a YAML comment");
    assert!(string.needs_review());

    let flow = parse_str("f.md", "---\ntags: [Type/Customer, '#needs-review']\n---\n");
    assert_eq!(flow.tags, ["Type/Customer", "needs-review"]);
    assert!(
        flow.has_tag("type/customer"),
        "tags compare case-insensitively"
    );
    let block = parse_str("b.md", "---\ntags:\n  - '#a'\n  - b/c/d\n---\nbody #e\n");
    assert_eq!(block.tags, ["a", "b/c/d", "e"]);
    let one = parse_str("s.md", "---\ntags: single\n---\n");
    assert_eq!(one.tags, ["single"]);
}

#[test]
fn dates_quoted_or_bare() {
    let note = parse_file("dates-quoted-unquoted.md");
    assert_eq!(note.field_date("created"), date("2026-09-01"));
    assert_eq!(note.field_date("last_contact"), date("2026-11-20"));
    assert_eq!(note.field_date("renewal"), date("2027-03-31"));
    assert_eq!(note.field_date("first_seen"), None, "not YYYY-MM-DD");
    assert_eq!(note.field_text("first_seen").as_deref(), Some("2026-9-1"));
    let d = dashboard::build(&INDEX, "dates-quoted-unquoted.md", today()).unwrap();
    assert_eq!(d.created, date("2026-09-01"));
    assert_eq!(d.days_since_contact, Some(4));
}

#[test]
fn crlf_parses_like_lf() {
    let crlf_bytes = std::fs::read(bad_dir().join("crlf.md")).unwrap();
    assert!(
        crlf_bytes.windows(2).any(|w| w == b"\r\n"),
        "fixture is CRLF"
    );
    let lf_text = String::from_utf8(crlf_bytes.clone())
        .unwrap()
        .replace("\r\n", "\n");
    let crlf = note::parse("crlf.md", &crlf_bytes, &TaskStatuses::default());
    let lf = parse_str("crlf.md", &lf_text);

    assert_eq!(crlf.title, "CRLF Account");
    assert_eq!(crlf.fields, lf.fields);
    assert_eq!(crlf.tags, ["type/customer", "needs-review"]);
    assert_eq!(crlf.field_date("last_contact"), date("2026-11-10"));
    assert_eq!(task_texts(&crlf), ["Task on a CRLF line"]);
    assert_eq!(crlf.tasks[0].fields.due, date("2026-11-28"));
    /// Each section's heading and line, with its items' lines and texts.
    type Outline = Vec<(String, usize, Vec<(usize, String)>)>;
    let view = |n: &Note| -> Outline {
        n.sections
            .iter()
            .map(|s| {
                let items = n
                    .items(s)
                    .iter()
                    .map(|i| (i.line as usize, n.item_text(i)))
                    .collect();
                (n.heading(s), s.line as usize, items)
            })
            .collect()
    };
    assert_eq!(view(&crlf), view(&lf));
    assert_eq!(crlf.tasks[0].line, lf.tasks[0].line);
    assert!(!crlf.tasks[0].source.contains('\r'));
    assert_no_control_chars(&crlf);
    let d = dashboard::build(&INDEX, "crlf.md", today()).unwrap();
    assert_eq!(d.blockers, ["Written on Windows with CRLF line endings"]);
}

#[test]
fn bom_does_not_hide_the_frontmatter() {
    let note = parse_file("bom.md");
    assert_eq!(note.title, "BOM Account");
    assert_eq!(note.field_text("status").as_deref(), Some("active"));
    assert_eq!(note.tags, ["type/customer"]);
    assert_eq!(task_texts(&note), ["Task in a BOM note"]);
    assert_eq!(note.tasks[0].line, 13);
    assert!(note.problems.is_empty());
}

#[test]
fn tasks_in_code_blocks_are_ignored() {
    let note = parse_file("code-block-task.md");
    assert_eq!(task_texts(&note), ["The only real task"]);
    let d = dashboard::build(&INDEX, "code-block-task.md", today()).unwrap();
    assert_eq!(d.open_tasks.len(), 1);
}

#[test]
fn invalid_utf8_is_read_lossily_and_reported() {
    let note = INDEX.note("invalid-utf8.md").unwrap();
    let d = dashboard::build(&INDEX, "invalid-utf8.md", today()).unwrap();
    assert_eq!(
        d.blockers,
        ["Broken byte here: \u{fffd} and the line goes on"]
    );
    assert_eq!(
        task_texts(note),
        ["Task after the bad byte \u{fffd}\u{fffd} 2026"]
    );
    assert_eq!(note.tasks[0].fields.due, date("2026-12-01"));
    let p = only_problem("invalid-utf8.md");
    assert_eq!(p.line, Some(12), "the first bad byte is on line 12: {p}");
    assert!(p.message.contains("UTF-8"), "{p}");
}

#[test]
fn control_characters_never_reach_a_text_field() {
    let note = INDEX.note("control-chars.md").unwrap();
    assert_no_control_chars(note);
    let d = dashboard::build(&INDEX, "control-chars.md", today()).unwrap();
    let json = serde_json::to_string(&d).unwrap();
    assert!(
        !json.contains("\\u001b") && !json.contains("\\u0007"),
        "{json}"
    );
    assert_eq!(d.blockers.len(), 2);
    assert!(
        d.blockers[0].text.contains("RED"),
        "the text around survives"
    );
    let all: Vec<&str> = d
        .blockers
        .iter()
        .map(|b| b.text.as_str())
        .chain(d.open_tasks.iter().map(|t| t.text.as_str()))
        .collect();
    for text in all {
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
}

#[test]
fn a_note_over_4_mib_is_skipped_with_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("---\ntype: customer\ntags: [needs-review]\n---\n");
    while text.len() < 5 * 1024 * 1024 {
        text.push_str("- [ ] a task in a note far too large to read 📅 2026-12-01\n");
    }
    std::fs::write(dir.path().join("Huge Account.md"), &text).unwrap();
    std::fs::write(dir.path().join("Small.md"), "---\ntype: customer\n---\n").unwrap();

    let index = Index::build(dir.path(), &Config::default());
    let problems = index.problems();
    let [p] = problems.as_slice() else {
        panic!("one problem expected: {problems:?}")
    };
    assert_eq!(p.path, "Huge Account.md");
    assert_eq!(p.severity, Severity::Error);
    assert!(
        p.message.contains("4 MiB") && p.message.contains("skipped"),
        "{p}"
    );
    assert!(
        !p.message.contains(&*dir.path().to_string_lossy()),
        "no temp paths"
    );

    let huge = index
        .note("Huge Account.md")
        .expect("listed, so check can name it");
    assert!(huge.tasks.is_empty() && huge.fields.is_empty());
    assert!(
        !index.is_account("Huge Account.md"),
        "its content is not read"
    );
    assert!(index.is_account("Small.md"), "the rest of the vault is");
}

/// Markdown-ish fragments that stress the parser's corners.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("...\n".to_string()),
        Just("- [x] ".to_string()),
        Just("- [ ] ".to_string()),
        Just("1) [/] ".to_string()),
        Just("> [!todo] ".to_string()),
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("|".to_string()),
        Just("#tag ".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("📅 2026-11-24 ".to_string()),
        Just("🔺".to_string()),
        Just("🧑‍💻".to_string()),
        Just("```dataview\n".to_string()),
        Just("```\n".to_string()),
        Just("tags: [a, ".to_string()),
        Just("title: \"".to_string()),
        Just("## Current Blockers\n".to_string()),
        Just("| **Status** | _x_ |\n|---|---|\n".to_string()),
        Just("[due:: ".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\t".to_string()),
        Just("    ".to_string()),
        "[a-zA-Z0-9 ]{0,8}",
    ]
}

fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    let note = note::parse("Prop/Note.md", bytes, &TaskStatuses::default());
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    for t in &note.tasks {
        prop_assert!(t.line >= 1 && t.line <= lines, "task line {}", t.line);
    }
    for p in &note.problems {
        prop_assert_eq!(&p.path, "Prop/Note.md");
        if let Some(line) = p.line {
            prop_assert!(line >= 1 && line <= lines, "problem line {line}");
        }
    }
    for text in shown_texts(&note) {
        prop_assert!(
            !text.chars().any(char::is_control),
            "control character in {:?}",
            text
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_parse_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check_parse(&bytes)?;
    }

    #[test]
    fn markdownish_text_parses_without_panic(parts in proptest::collection::vec(fragment(), 0..40)) {
        check_parse(parts.concat().as_bytes())?;
    }
}
