//! Layer 1 of the test plan: every fixture note, parsed, as an `insta` snapshot.
//!
//! The snapshot is a small projection of [`acct::note::Note`] defined here, so a
//! change in what the parser reads shows up as a reviewable diff, and a change in
//! the struct's private details does not.

use std::path::{Path, PathBuf};

use acct::note::task::TaskStatuses;
use acct::note::{self, Note};
use serde::Serialize;

#[derive(Serialize)]
struct NoteView {
    path: String,
    title: String,
    aliases: Vec<String>,
    tags: Vec<String>,
    date: Option<String>,
    account: Option<String>,
    fields: serde_json::Map<String, serde_json::Value>,
    sections: Vec<SectionView>,
    tasks: Vec<TaskView>,
    links: Vec<LinkView>,
    queries: Vec<QueryView>,
    problems: Vec<ProblemView>,
}

#[derive(Serialize)]
struct SectionView {
    heading: String,
    key: String,
    level: u8,
    line: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    items: Vec<ItemView>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    paragraphs: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tables: Vec<Vec<Vec<String>>>,
}

#[derive(Serialize)]
struct ItemView {
    line: usize,
    depth: usize,
    text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    task: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<String>,
}

#[derive(Serialize)]
struct TaskView {
    line: usize,
    symbol: char,
    status: &'static str,
    text: String,
    section: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scheduled: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    done: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cancelled: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<acct::note::task::Priority>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    owners: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<String>,
}

#[derive(Serialize)]
struct LinkView {
    target: String,
    heading: Option<String>,
    line: usize,
    embed: bool,
    markdown: bool,
    in_frontmatter: bool,
}

#[derive(Serialize)]
struct QueryView {
    lang: String,
    line: usize,
    section: String,
    source: String,
}

#[derive(Serialize)]
struct ProblemView {
    line: Option<usize>,
    severity: acct::problem::Severity,
    message: String,
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

fn cells(note: &Note, row: &[note::Cell]) -> Vec<String> {
    row.iter()
        .map(|c| {
            if c.placeholder {
                format!("(placeholder) {}", note.cell_text(c))
            } else {
                note.cell_text(c)
            }
        })
        .collect()
}

fn view(note: &Note) -> NoteView {
    NoteView {
        path: note.path.clone(),
        title: note.title.clone(),
        aliases: note.aliases.clone(),
        tags: note.tags.clone(),
        date: date(note.date),
        account: note.account.clone(),
        fields: note.fields.to_map(),
        sections: note
            .sections
            .iter()
            .map(|s| SectionView {
                heading: note.heading(s),
                key: note.section_key(s),
                level: s.level,
                line: s.line as usize,
                items: note
                    .items(s)
                    .iter()
                    .map(|i| ItemView {
                        line: i.line as usize,
                        depth: i.depth as usize,
                        text: note.item_text(i),
                        task: i.task.is_some(),
                        links: note
                            .item_links(i)
                            .iter()
                            .map(|l| l.target.clone())
                            .collect(),
                    })
                    .collect(),
                paragraphs: note
                    .paragraphs(s)
                    .iter()
                    .map(|p| {
                        if p.placeholder {
                            format!("(placeholder) {}", note.paragraph_text(p))
                        } else {
                            note.paragraph_text(p)
                        }
                    })
                    .collect(),
                tables: note
                    .tables(s)
                    .iter()
                    .map(|t| {
                        std::iter::once(cells(note, note.table_header(t)))
                            .chain(note.table_rows(t).map(|r| cells(note, r)))
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
        tasks: note
            .tasks
            .iter()
            .map(|t| TaskView {
                line: t.line,
                symbol: t.symbol,
                status: t.status.as_str(),
                text: t.fields.text.to_string(),
                section: note.task_section(t),
                due: date(t.fields.due),
                scheduled: date(t.fields.scheduled),
                start: date(t.fields.start),
                created: date(t.fields.created),
                done: date(t.fields.done),
                cancelled: date(t.fields.cancelled),
                priority: t.fields.priority,
                owners: t.fields.owners.clone(),
                tags: t.fields.tags.clone(),
                links: t.links.clone(),
            })
            .collect(),
        links: note
            .links
            .iter()
            .map(|l| LinkView {
                target: l.target.clone(),
                heading: l.heading.clone(),
                line: l.line,
                embed: l.embed,
                markdown: l.markdown,
                in_frontmatter: l.in_frontmatter,
            })
            .collect(),
        queries: note
            .queries()
            .map(|q| QueryView {
                lang: q.lang,
                line: q.line,
                section: q.section,
                source: q.source,
            })
            .collect(),
        problems: note
            .problems
            .iter()
            .map(|p| {
                assert_eq!(p.path, note.path, "a problem names the note it is about");
                ProblemView {
                    line: p.line,
                    severity: p.severity,
                    message: p.message.clone(),
                }
            })
            .collect(),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `Customers/Acme Robotics/README.md` → `customers-acme-robotics-readme-md`.
fn snapshot_name(prefix: &str, rel: &str) -> String {
    let mut name = String::from(prefix);
    for c in rel.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_string()
}

fn snapshot_all(prefix: &str, root: &Path, paths: &[String], statuses: &TaskStatuses) {
    assert!(
        !paths.is_empty(),
        "no fixtures found under {}",
        root.display()
    );
    for rel in paths {
        let bytes = std::fs::read(root.join(rel)).unwrap();
        let note = note::parse(rel, &bytes, statuses);
        insta::assert_yaml_snapshot!(snapshot_name(prefix, rel), view(&note));
    }
}

#[test]
fn every_vault_note_parses_as_snapshotted() {
    let root = fixtures().join("vault");
    // The vault's own Tasks settings give `?` and `R` their meaning.
    let settings = acct::vault::read_settings(&root);
    assert!(settings.problems.is_empty(), "{:?}", settings.problems);
    let (paths, problems) = acct::vault::scan(&root);
    assert!(problems.is_empty(), "{problems:?}");
    snapshot_all("vault-", &root, &paths, &settings.statuses);
}

#[test]
fn every_bad_note_parses_as_snapshotted() {
    let root = fixtures().join("bad");
    let mut paths: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    paths.sort();
    assert_eq!(
        paths.len(),
        12,
        "one snapshot per file of tests/fixtures/bad"
    );
    snapshot_all("bad-", &root, &paths, &TaskStatuses::default());
}
