//! Any bytes → `note::parse` must not panic; nor may the note's on-demand text
//! API or parsing its query blocks; and no text the note hands out for display
//! may carry a control character (control bytes must never reach the terminal).
#![no_main]

use acct::note::{self, Note};
use acct::note::task::TaskStatuses;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// Text meant for display must be free of control characters (ESC, BEL, CR, LF, TAB, …).
fn clean(what: &str, s: &str) {
    assert!(
        !s.chars().any(char::is_control),
        "{what} hands out a control character: {s:?}"
    );
}

fn exercise(note: &Note) {
    clean("title", &note.title);
    note.aliases.iter().for_each(|a| clean("alias", a));
    note.tags.iter().for_each(|t| clean("tag", t));
    if let Some(account) = &note.account {
        clean("account", account);
    }
    for key in note.fields.keys() {
        if let Some(v) = note.field_text(key) {
            clean("field_text", &v);
        }
        let _ = note.field_date(key);
    }
    for link in &note.links {
        clean("link target", &link.target);
        if let Some(h) = &link.heading {
            clean("link heading", h);
        }
    }
    let _ = (note.stem(), note.folder(), note.folder_note_of(), note.text());
    let _ = note.section(&["current blockers", "key contacts", "next steps"]);
    for section in &note.sections {
        clean("heading", &note.heading(section));
        clean("section_key", &note.section_key(section));
        for item in note.items(section) {
            clean("item_text", &note.item_text(item));
            // As written (for edits to check against); displayed only sanitized.
            let _ = note.item_source(item);
            for link in note.item_links(item) {
                clean("item link", &link.target);
            }
            if let Some(t) = item.task {
                assert!((t as usize) < note.tasks.len(), "item task index out of range");
            }
        }
        for p in note.paragraphs(section) {
            clean("paragraph_text", &note.paragraph_text(p));
        }
        for table in note.tables(section) {
            for cell in note.table_header(table) {
                clean("cell_text", &note.cell_text(cell));
            }
            for row in note.table_rows(table) {
                for cell in row {
                    clean("cell_text", &note.cell_text(cell));
                }
            }
        }
    }
    for task in &note.tasks {
        clean("task_section", &note.task_section(task));
        clean("task text", &task.fields.text);
        task.fields.owners.iter().for_each(|o| clean("task owner", o));
        task.fields.tags.iter().for_each(|t| clean("task tag", t));
    }
    let today = NaiveDate::from_ymd_opt(2026, 5, 14).unwrap();
    for block in note.queries() {
        clean("query section", &block.section);
        let _ = acct::model::query::parse(&block, today);
    }
}

fuzz_target!(|bytes: &[u8]| {
    let statuses = TaskStatuses::default();
    let note = note::parse("Fuzz/Note.md", bytes, &statuses);
    exercise(&note);
    // The copy-free path must agree with the borrowing one.
    let owned = note::parse_owned("Fuzz/Note.md", bytes.to_vec(), &statuses);
    assert_eq!(owned.text(), note.text());
    assert_eq!(owned.tasks.len(), note.tasks.len());
});
