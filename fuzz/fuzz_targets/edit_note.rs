//! For any UTF-8 note text the surgical edits must not panic, applying the
//! edits they return must not panic, and inverting them must give back the
//! text exactly.
#![no_main]

use acct::edit::{self, TextEdit};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fn round_trip(what: &str, text: &str, edits: &[TextEdit]) {
    let after = edit::apply(text, edits);
    let back = edit::apply(&after, &edit::invert(text, edits));
    assert_eq!(back, text, "{what}: inverting the edits {edits:?} does not restore the text");
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(edits) = edit::remove_tag(text, "needs-review") {
        round_trip("remove_tag", text, &edits);
    }
    if let Ok(edits) = edit::set_status(text, "paused") {
        round_trip("set_status", text, &edits);
    }
    // A 1-based line number from the input (its first byte picks a line, or
    // one past the end), and the task text the index holds for that line.
    let lines = text.lines().count();
    let line = bytes.first().map_or(1, |&b| b as usize % (lines + 2));
    let note = acct::note::parse("Fuzz/Note.md", bytes, &acct::note::task::TaskStatuses::default());
    let expected = note
        .tasks
        .iter()
        .find(|t| t.line == line)
        .map(|t| t.source.as_str())
        .or_else(|| {
            let l = text.lines().nth(line.checked_sub(1)?)?;
            Some(acct::note::task::split_checkbox(l.trim_start())?.1)
        })
        .unwrap_or("");
    let date = NaiveDate::from_ymd_opt(2026, 5, 14);
    for done_on in [date, None] {
        if let Ok(edits) = edit::set_task_status(text, line, expected, 'x', done_on) {
            round_trip("set_task_status", text, &edits);
        }
    }
});
