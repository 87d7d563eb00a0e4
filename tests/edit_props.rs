//! Property tests for the write-back edits: on generated notes (every tags
//! shape, status quoting, tasks of every kind, code blocks, LF or CRLF, with or
//! without a BOM) an edit is reversible, touches only its target region and
//! leaves the frontmatter readable; and the editor finds every section, table
//! row and task at the bytes where the reader saw it.

use acct::edit::writeback::{self, TriageEdit, WriteBackError};
use acct::edit::{self, EditError, TextEdit};
use acct::note::frontmatter::{self, Frontmatter};
use acct::note::task::TaskStatuses;
use acct::text::words;
use chrono::NaiveDate;
use proptest::prelude::*;

const TAGS: &[&str] = &[
    "type/customer",
    "needs-review",
    "status/active",
    "Needs-Review",
    "#needs-review",
    "acme",
    "x/needs-review",
];

const TASK_TEXTS: &[&str] = &[
    "call Ann",
    "send the deck #needs-review",
    "review pricing 📅 2026-01-05",
    "ship it ✅ 2025-12-01",
    "water the plants 🔁 every week 📅 2026-01-31 ^w1",
    "book the room 🔁 every week on Monday",
    "",
];

const LINES: &[&str] = &[
    "",
    "# Acme",
    "## Account Status",
    "## 📊 Account Status",
    "## Key Contacts",
    "| Field | Value |",
    "|---|---|",
    "| **Status** | **Active** |",
    "| **Status** | _Unknown_ |",
    "| Tier | *Enterprise* |",
    "| Status | Prospect | crm |",
    "see #needs-review here",
    "#needs-review",
    "tail #needs-review",
    "`#needs-review` in code",
    "[[Acme#needs-review]]",
    "```",
    "~~~",
    "plain words #status/active",
    "trailing spaces  ",
];

#[derive(Debug, Clone)]
struct Note {
    bom: bool,
    crlf: bool,
    lines: Vec<String>,
}

impl Note {
    fn text(&self) -> String {
        let eol = if self.crlf { "\r\n" } else { "\n" };
        let mut s = String::from(if self.bom { "\u{feff}" } else { "" });
        for l in &self.lines {
            s.push_str(l);
            s.push_str(eol);
        }
        s
    }
}

fn quote(tag: &str, style: u8) -> String {
    match style {
        1 => format!("'{tag}'"),
        2 => format!("\"{tag}\""),
        _ if tag.starts_with('#') => format!("'{tag}'"),
        _ => tag.to_string(),
    }
}

fn frontmatter_lines() -> impl Strategy<Value = Vec<String>> {
    let tags = prop::collection::vec((prop::sample::select(TAGS), 0u8..3), 0..5);
    let status = prop::option::of((
        prop::sample::select(&["active", "prospect"][..]),
        0u8..3,
        any::<bool>(),
    ));
    (tags, 0u8..7, status, any::<bool>(), any::<bool>(), 0u8..3).prop_map(
        |(tags, shape, status, comment, title_first, indent)| {
            let mut out = Vec::new();
            if comment {
                out.push("# written by the note writer".to_string());
            }
            if title_first {
                out.push("title: Acme # the name".to_string());
            }
            let plain: Vec<String> = tags
                .iter()
                .map(|(t, _)| t.trim_start_matches('#').to_string())
                .collect();
            match shape {
                0 => {}
                1 | 2 => {
                    out.push(if comment {
                        "tags: # list".into()
                    } else {
                        "tags:".into()
                    });
                    let pad = " ".repeat(indent as usize * 2);
                    for (i, (t, q)) in tags.iter().enumerate() {
                        let c = if comment && i == 0 { "  # first" } else { "" };
                        out.push(format!("{pad}- {}{c}", quote(t, *q)));
                    }
                    if shape == 2 && comment {
                        out.push(format!("{pad}# trailing comment"));
                    }
                }
                3 => {
                    let items: Vec<String> = tags.iter().map(|(t, q)| quote(t, *q)).collect();
                    let sep = if indent == 0 { "," } else { ", " };
                    out.push(format!("tags: [{}]", items.join(sep)));
                }
                4 if !plain.is_empty() => out.push(format!("tags: {}", plain.join(", "))),
                5 if !plain.is_empty() => out.push(format!("tags: {}", plain.join(" "))),
                6 => out.push(format!(
                    "tag: \"{}\"",
                    tags.iter().map(|(t, _)| *t).collect::<Vec<_>>().join(", ")
                )),
                _ => {}
            }
            if let Some((value, q, comment)) = status {
                let c = if comment { " # by hand" } else { "" };
                out.push(format!("status: {}{c}", quote(value, q)));
            }
            if !title_first {
                out.push("created: '2026-01-03'".to_string());
            }
            out
        },
    )
}

fn task_line() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["", "  ", "\t", "> ", "> > "][..]),
        prop::sample::select(&["-", "*", "+", "1.", "12)"][..]),
        prop::sample::select(&[' ', 'x', 'X', '/', '-', '?', '✔'][..]),
        prop::sample::select(TASK_TEXTS),
    )
        .prop_map(|(indent, marker, c, text)| format!("{indent}{marker} [{c}] {text}"))
}

fn note() -> impl Strategy<Value = Note> {
    let body_line = prop_oneof![
        task_line(),
        prop::sample::select(LINES).prop_map(String::from)
    ];
    (
        any::<bool>(),
        any::<bool>(),
        prop::option::of(frontmatter_lines()),
        prop::collection::vec(body_line, 0..14),
    )
        .prop_map(|(bom, crlf, fm, body)| {
            let mut lines = Vec::new();
            if let Some(fm) = fm {
                lines.push("---".to_string());
                lines.extend(fm);
                lines.push("---".to_string());
            }
            lines.extend(body);
            Note { bom, crlf, lines }
        })
}

/// Checks what every edit must satisfy and returns the edited text.
fn check_edit(text: &str, edits: &[TextEdit]) -> String {
    let out = edit::apply(text, edits);
    // Reversible: the inverse edits give back the exact bytes.
    assert_eq!(edit::apply(&out, &edit::invert(text, edits)), text);
    // Nothing outside the edited span changes.
    let lo = edits.iter().map(|e| e.range.start).min().unwrap_or(0);
    let hi = edits
        .iter()
        .map(|e| e.range.end)
        .max()
        .unwrap_or(text.len());
    assert_eq!(&out[..lo], &text[..lo]);
    assert_eq!(&out[out.len() - (text.len() - hi)..], &text[hi..]);
    // Line endings and the BOM are kept.
    assert_eq!(out.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
    if text.contains("\r\n") && !text.replace("\r\n", "").contains('\n') {
        assert!(
            !out.replace("\r\n", "").contains('\n'),
            "a bare LF appeared in a CRLF note"
        );
    }
    out
}

fn yaml_of(text: &str) -> Option<&str> {
    match frontmatter::locate(text) {
        Frontmatter::Closed(span) => Some(&text[span.yaml]),
        _ => None,
    }
}

fn parses(yaml: &str) -> bool {
    serde_norway::from_str::<serde_norway::Value>(yaml).is_ok()
}

/// The frontmatter tags as a YAML reader sees them, normalised like Obsidian.
fn yaml_tags(text: &str) -> Vec<String> {
    let Some(value) =
        yaml_of(text).and_then(|y| serde_norway::from_str::<serde_norway::Value>(y).ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in ["tags", "tag"] {
        match value.get(key) {
            Some(serde_norway::Value::Sequence(items)) => {
                out.extend(items.iter().filter_map(|v| v.as_str()).map(str::to_string));
            }
            Some(serde_norway::Value::String(s)) => {
                out.extend(
                    s.split([',', ' '])
                        .filter(|t| !t.is_empty())
                        .map(str::to_string),
                );
            }
            _ => {}
        }
    }
    out.iter()
        .map(|t| t.trim_start_matches('#').to_lowercase())
        .collect()
}

/// The line (content, without its break) holding byte `at`.
/// What a note reads as, in the parts a triage change must not move: its
/// tasks, its heading levels and its link targets.
fn shape(note: &acct::note::Note) -> (usize, Vec<u8>, Vec<String>) {
    let levels = note
        .sections
        .iter()
        .map(|s| s.level)
        .filter(|l| *l > 0)
        .collect();
    let targets = note.links.iter().map(|l| l.target.clone()).collect();
    (note.tasks.len(), levels, targets)
}

fn line_at(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn remove_tag_is_local_reversible_and_complete(note in note()) {
        let text = note.text();
        let edits = match edit::remove_tag(&text, "needs-review") {
            Ok(edits) => edits,
            Err(e) => {
                prop_assert!(matches!(e, EditError::TagNotFound { .. }), "{}", e);
                prop_assert!(!yaml_tags(&text).contains(&"needs-review".to_string()), "missed in:\n{}", text);
                return Ok(());
            }
        };
        let out = check_edit(&text, &edits);
        prop_assert!(!yaml_tags(&out).contains(&"needs-review".to_string()), "left in:\n{}", out);
        let span = match frontmatter::locate(&text) {
            Frontmatter::Closed(span) => Some(span),
            _ => None,
        };
        for e in &edits {
            let in_yaml = span.as_ref().is_some_and(|s| s.yaml.start <= e.range.start && e.range.end <= s.yaml.end);
            if !in_yaml {
                // A body edit stays on a line that holds the tag, or takes out
                // a whole line that holds nothing else.
                let line = line_at(&text, e.range.start);
                prop_assert!(line.to_lowercase().contains("#needs-review"), "edit {:?} on {:?}", e, line);
                let removed = &text[e.range.clone()];
                if removed.contains('\n') {
                    prop_assert!(removed.ends_with('\n') && removed.matches('\n').count() == 1, "{:?}", removed);
                    let rest = removed.to_lowercase().replace("#needs-review", "");
                    prop_assert!(rest.chars().all(|c| c == '>' || c.is_whitespace()), "took out {:?}", removed);
                }
            }
        }
        // Every occurrence is gone, and the frontmatter still reads.
        prop_assert!(
            matches!(edit::remove_tag(&out, "needs-review"), Err(EditError::TagNotFound { .. })),
            "still tagged:\n{}",
            out
        );
        if let Some(yaml) = yaml_of(&text) {
            let new_yaml = yaml_of(&out);
            prop_assert!(new_yaml.is_some(), "frontmatter no longer closed:\n{}", out);
            if parses(yaml) {
                prop_assert!(parses(new_yaml.unwrap()), "YAML broken:\n{}", out);
            }
        }
    }

    #[test]
    fn set_status_is_reversible_consistent_and_idempotent(note in note()) {
        let text = note.text();
        let edits = match edit::set_status(&text, "Paused") {
            Ok(edits) => edits,
            Err(e) => {
                prop_assert!(matches!(e, EditError::UnsupportedStatus { .. }), "{}", e);
                return Ok(());
            }
        };
        let out = check_edit(&text, &edits);
        let again = edit::apply(&out, &edit::set_status(&out, "paused").unwrap());
        prop_assert_eq!(&again, &out);
        prop_assert!(!yaml_of(&out).unwrap_or("").to_lowercase().contains("status/active"), "{}", out);
        if let Some(yaml) = yaml_of(&out)
            && yaml_of(&text).is_none_or(parses)
        {
            let value: serde_norway::Value = serde_norway::from_str(yaml).unwrap();
            if let Some(status) = value.get("status") {
                prop_assert_eq!(status.as_str(), Some("paused"));
            }
        }
    }

    #[test]
    fn set_task_status_changes_one_character(note in note(), pick in any::<prop::sample::Index>(), done in any::<bool>()) {
        let text = note.text();
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let tasks: Vec<(usize, &str)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.find("] ").or_else(|| l.find(']')).filter(|_| l.contains(" [")).map(|p| (i, &l[(p + 2).min(l.len())..])))
            .filter(|(i, _)| note.lines[*i].contains(" [") && !note.lines[*i].starts_with('|'))
            .collect();
        prop_assume!(!tasks.is_empty());
        let (index, raw) = tasks[pick.index(tasks.len())];
        let old = note.lines[index].split(" [").nth(1).and_then(|s| s.chars().next()).unwrap();
        let new = if old == 'x' { ' ' } else { 'x' };
        let date = NaiveDate::from_ymd_opt(2026, 1, 4).unwrap();
        let edits = edit::set_task_status(&text, index + 1, raw, new, done.then_some(date));
        let edits = match edits {
            Ok(edits) => edits,
            // The line is inside a code block or not a task the generator knows.
            Err(e) => {
                prop_assert!(matches!(e, EditError::TaskMoved { .. }), "{}", e);
                return Ok(());
            }
        };
        let out = check_edit(&text, &edits);
        let new_lines: Vec<&str> = out.split_inclusive('\n').collect();
        prop_assert_eq!(new_lines.len(), lines.len());
        for (i, (a, b)) in lines.iter().zip(&new_lines).enumerate() {
            if i != index {
                prop_assert_eq!(a, b);
            }
        }
        let (a, b) = (lines[index], new_lines[index]);
        if done {
            // Before a trailing block id, else at the end.
            let content = b.trim_end();
            let content = content.rsplit_once(" ^").map_or(content, |(c, _)| c);
            prop_assert!(content.ends_with("✅ 2026-01-04"), "{:?}", b);
            prop_assert_eq!(b.matches('✅').count(), a.matches('✅').count().max(1));
        } else {
            prop_assert_eq!(a.chars().count(), b.chars().count());
            let differing = a.chars().zip(b.chars()).filter(|(x, y)| x != y).count();
            prop_assert_eq!(differing, 1, "{:?} -> {:?}", a, b);
        }
        // A stale expectation is refused.
        prop_assert!(edit::set_task_status(&text, index + 1, "no such task text", new, None).is_err());
    }

    #[test]
    fn the_editor_finds_what_the_reader_reports_at_the_same_bytes(note in note()) {
        let text = note.text();
        let (read, outline) = acct::note::parse_with_outline("n.md", &text, &TaskStatuses::default());
        let mut table_index = 0;
        for section in &read.sections {
            if section.level > 0 {
                let found = outline.sections.iter().position(|o| {
                    o.line == section.line as usize && o.level == section.level
                });
                prop_assert!(found.is_some(), "heading on line {} not in the outline", section.line);
                let o = &outline.sections[found.unwrap()];
                prop_assert_eq!(&o.key, &read.section_key(section));
                prop_assert_eq!(&text[o.heading.clone()], text.lines().nth(section.line as usize - 1).unwrap().trim_start_matches('\u{feff}').trim_end_matches('\r'));
            }
            for table in read.tables(section) {
                let rows: Vec<_> = outline.rows.iter().filter(|r| r.table == table_index).collect();
                table_index += 1;
                let read_rows: Vec<&[acct::note::Cell]> = std::iter::once(read.table_header(table)).chain(read.table_rows(table)).collect();
                prop_assert_eq!(rows.len(), read_rows.len());
                for (row, cells) in rows.iter().zip(read_rows) {
                    prop_assert_eq!(row.cells.len(), cells.len());
                    for ((range, placeholder), cell) in row.cells.iter().zip(&row.placeholders).zip(cells) {
                        prop_assert_eq!(words(&text[range.clone()]), words(&read.cell_text(cell)));
                        prop_assert_eq!(*placeholder, cell.placeholder);
                    }
                }
            }
        }
        let outline_tasks = outline.items.iter().filter(|i| i.task.is_some()).count();
        prop_assert_eq!(outline_tasks, read.tasks.len());
        for task in &read.tasks {
            let found = outline.task_at(task.line);
            prop_assert!(found.is_some(), "task on line {} not in the outline", task.line);
            let found = found.unwrap();
            prop_assert_eq!(found.symbol, task.symbol);
            prop_assert_eq!(&text[found.status.clone()], task.symbol.to_string());
            prop_assert_eq!(&text[found.text.clone()], &*task.source);
        }
    }

    #[test]
    fn set_status_writes_the_table_the_reader_reads(note in note()) {
        let text = note.text();
        let Ok(edits) = edit::set_status(&text, "paused") else {
            return Ok(());
        };
        let out = edit::apply(&text, &edits);
        let read = acct::note::parse("n.md", out.as_bytes(), &TaskStatuses::default());
        let table = read
            .section(acct::note::outline::STATUS_SECTION)
            .and_then(|s| read.tables(s).first());
        if let Some(table) = table {
            for row in read.table_rows(table) {
                if row.len() >= 2 && words(&read.cell_text(&row[0])) == "status" {
                    prop_assert_eq!(read.cell_text(&row[1]), "Paused", "{}", out);
                    prop_assert!(!row[1].placeholder, "{}", out);
                }
            }
        }
    }

    #[test]
    fn triage_changes_on_ordinary_notes_pass_the_read_back(
        note in note(),
        flag in prop::sample::select(&["", "needs-review: true", "needs_review: True", "needs-review: false"][..]),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut note = note;
        // A flag field, where the note has a frontmatter block.
        if !flag.is_empty() && note.lines.first().is_some_and(|l| l == "---") {
            note.lines.insert(1, flag.to_string());
        }
        let text = note.text();
        let statuses = TaskStatuses::default();
        let style = edit::StatusStyle::default();
        let read = |t: &str| acct::note::parse("n.md", t.as_bytes(), &statuses);
        // The new text; the next occurrences written are checked through it.
        let edit_text = |changes: &[TriageEdit]| {
            writeback::edit_text("n.md", &text, changes, &style, &statuses, &Default::default())
                .map(|(out, _)| out)
        };
        // A review leaves nothing that flags the note, or says it was not flagged.
        match edit_text(&[TriageEdit::Review]) {
            Ok(out) => prop_assert!(!read(&out).needs_review(), "still flagged:\n{}", out),
            // Refused only where taking the tag out really changes what the
            // note reads as: a lazy line after it becomes a task, say.
            Err(WriteBackError::Refused { .. }) => {
                let naive = edit::apply(&text, &edit::clear_needs_review(&text));
                prop_assert!(shape(&read(&text)) != shape(&read(&naive)), "refused without cause:\n{}", text);
            }
            Err(WriteBackError::Edit { source: EditError::TagNotFound { .. }, .. }) => {
                prop_assert!(!read(&text).needs_review(), "flagged, yet nothing to edit:\n{}", text);
            }
            Err(e) => prop_assert!(false, "{} in:\n{}", e, text),
        }
        // A status change is written or refused for the shape of its value, never
        // by the read-back.
        match edit_text(&[TriageEdit::SetStatus("paused".into())]) {
            Ok(out) => {
                let after = read(&out);
                prop_assert!(after.field_text("status").is_none_or(|s| s == "paused"), "{}", out);
            }
            Err(WriteBackError::Edit { source: EditError::UnsupportedStatus { .. } | EditError::UnclosedFrontmatter, .. }) => {}
            Err(e) => prop_assert!(false, "{} in:\n{}", e, text),
        }
        // Any task the reader reports can be marked done, and only it changes.
        let before = read(&text);
        if !before.tasks.is_empty() {
            let task = &before.tasks[pick.index(before.tasks.len())];
            let symbol = if task.symbol == 'x' { ' ' } else { 'x' };
            let done = symbol == 'x';
            let change = TriageEdit::Task {
                line: task.line,
                source: task.source.to_string(),
                symbol,
                done_on: done.then(|| chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()),
            };
            // Completing a recurring task adds its next occurrence.
            let recurs = done && task.status != acct::note::task::StatusType::Done && task.source.contains("🔁");
            match edit_text(&[change]) {
                Ok(out) => {
                    let after = read(&out);
                    prop_assert_eq!(after.tasks.len(), before.tasks.len() + usize::from(recurs), "{}", out);
                    let position = before.tasks.iter().position(|t| t.line == task.line).unwrap();
                    let shift = usize::from(recurs && after.tasks[position].symbol != symbol);
                    prop_assert_eq!(after.tasks[position + shift].symbol, symbol, "{}", out);
                    if recurs {
                        let next = |l: &str| l.trim_end_matches('\r').ends_with("[ ] water the plants 🔁 every week 📅 2026-02-07");
                        prop_assert!(out.lines().any(next), "{}", out);
                    }
                }
                // Only a rule acct does not compute is refused.
                Err(WriteBackError::Refused { reason, .. }) if recurs && task.source.contains("on Monday") => {
                    prop_assert!(reason.contains("every week on Monday"), "{}", reason);
                }
                Err(e) => prop_assert!(false, "{} in:\n{}", e, text),
            }
        }
    }
}
