//! What changed in an account since a point in time (docs/vault.md, "Since
//! last review"): a [`Snapshot`] of the account's items, compact fingerprints of
//! it for review points, and the difference between a baseline and now.

mod count;
mod diff;
mod since;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::index::Index;
use crate::model::dashboard::{self, ACTION_ITEMS, BLOCKERS, DECISIONS, FACTS, NEXT_STEPS, RECENT};
use crate::note::Note;
use crate::text::words_into;

pub use diff::{Baseline, Changes, Commit, ItemChange, NoteChange, Since, StatusChange, diff};
pub use since::{DEFAULT_DAYS, HistoryCache, SinceArg, Sources, attribute};

/// The panes whose items are compared. The number is kept in a fingerprint's
/// top bits, so a removed item is known by pane even without its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaneKind {
    Blockers,
    Decisions,
    Facts,
    NextSteps,
    OpenTasks,
    RecentContext,
    Status,
}

impl PaneKind {
    pub const ALL: [PaneKind; 7] = [
        PaneKind::Blockers,
        PaneKind::Decisions,
        PaneKind::Facts,
        PaneKind::NextSteps,
        PaneKind::OpenTasks,
        PaneKind::RecentContext,
        PaneKind::Status,
    ];

    /// The pane's name as the dashboard titles it.
    pub fn label(self) -> &'static str {
        match self {
            PaneKind::Blockers => "Blockers",
            PaneKind::Decisions => "Decisions",
            PaneKind::Facts => "Facts",
            PaneKind::NextSteps => "Next steps",
            PaneKind::OpenTasks => "Open tasks",
            PaneKind::RecentContext => "Recent context",
            PaneKind::Status => "Status",
        }
    }

    fn from_bits(bits: u32) -> Option<PaneKind> {
        PaneKind::ALL.get(bits as usize).copied()
    }
}

/// One item of a pane, where it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub pane: PaneKind,
    /// The item's text; a status field is `Field: value`.
    pub text: String,
    pub path: String,
    pub line: usize,
}

/// A note related to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedNote {
    pub title: String,
    pub path: String,
}

/// Everything compared about an account at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub title: String,
    pub items: Vec<Item>,
    pub notes: Vec<RelatedNote>,
}

/// Bits of a fingerprint that hold the words' hash; the top three hold the pane.
const HASH_BITS: u32 = 29;

/// An item's fingerprint: its pane and a hash of its normalised words, so a
/// change of case, spacing or punctuation is not a change.
pub fn fingerprint(pane: PaneKind, text: &str) -> u32 {
    thread_local! {
        /// The words of one item at a time: every account's items are
        /// fingerprinted when a dashboard starts, one buffer per thread.
        static WORDS: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let hash = WORDS.with_borrow_mut(|words| {
        words.clear();
        words_into(text, words);
        xxhash_rust::xxh3::xxh3_64(words.as_bytes())
    }) as u32;
    ((pane as u32) << HASH_BITS) | (hash & ((1 << HASH_BITS) - 1))
}

/// The pane a fingerprint belongs to.
pub fn pane_of(fingerprint: u32) -> Option<PaneKind> {
    PaneKind::from_bits(fingerprint >> HASH_BITS)
}

/// A related note's fingerprint: a hash of its vault path.
pub fn note_fingerprint(path: &str) -> u32 {
    xxhash_rust::xxh3::xxh3_64(path.as_bytes()) as u32
}

impl Snapshot {
    pub fn item_fingerprints(&self) -> Vec<u32> {
        self.items
            .iter()
            .map(|i| fingerprint(i.pane, &i.text))
            .collect()
    }

    pub fn note_fingerprints(&self) -> Vec<u32> {
        self.notes
            .iter()
            .map(|n| note_fingerprint(&n.path))
            .collect()
    }
}

/// The account's items now: blockers, facts, the status fields and recent
/// context lines of its note; decisions and next steps of its note and its
/// activity notes; its open tasks; and its related notes.
pub fn snapshot(index: &Index, path: &str, today: NaiveDate) -> Option<Snapshot> {
    let mut items = Vec::new();
    visit_items(index, path, today, true, &mut |pane, text, at, line| {
        items.push(Item {
            pane,
            text: text.to_string(),
            path: at.to_string(),
            line,
        })
    })?;
    Some(Snapshot {
        title: index.note(path)?.title.clone(),
        items,
        notes: related_notes(index, path),
    })
}

/// How many things are new in the account at `path` since `base`: what
/// [`diff`] of its [`snapshot`] counts ([`Changes::new_count`]), without
/// making either. `None` when the account is not in the vault.
pub fn count_new(index: &Index, path: &str, today: NaiveDate, base: &Baseline) -> Option<usize> {
    let mut counter = count::Counter::new(base);
    visit_items(index, path, today, false, &mut |pane, text, _, _| {
        counter.item(pane, text)
    })?;
    let notes = Snapshot {
        notes: related_notes(index, path),
        ..Snapshot::default()
    };
    Some(counter.finish(&notes))
}

/// Hands `item` the account's items in the order of its [`snapshot`]: pane,
/// text, the note it is written in, and its line. Open tasks come as the pane
/// lists them (`folded`), or each on its own in no set order, which only a
/// count may take: a folded copy has the words, and so the fingerprint, of the
/// row it folds into.
fn visit_items(
    index: &Index,
    path: &str,
    today: NaiveDate,
    folded: bool,
    item: &mut impl FnMut(PaneKind, &str, &str, usize),
) -> Option<()> {
    let note = index.note(path)?;
    let (table, status, open_tasks) = if folded {
        dashboard::tracked_parts(index, note, today)
    } else {
        let (table, status, open) = dashboard::counted_parts(index, note);
        for (n, task) in open {
            item(PaneKind::OpenTasks, &task.fields.text, &n.path, task.line);
        }
        (table, status, Vec::new())
    };
    // One buffer for every item's text (every account is counted at a start).
    let mut text = String::new();
    let mut take = |note: &Note, keys: &[&str], marker: &str, pane: PaneKind| {
        located(note, keys, marker, pane, &mut text, item)
    };
    take(note, BLOCKERS, "❌", PaneKind::Blockers);
    take(note, FACTS, "", PaneKind::Facts);
    take(note, DECISIONS, "✅", PaneKind::Decisions);
    take(note, NEXT_STEPS, "", PaneKind::NextSteps);
    let mut activity: Vec<&Note> = index.activity(path).filter_map(|p| index.note(p)).collect();
    activity.sort_by(|a, b| b.date.cmp(&a.date).then(a.path.cmp(&b.path)));
    for a in activity {
        take(a, DECISIONS, "✅", PaneKind::Decisions);
        take(a, ACTION_ITEMS, "", PaneKind::NextSteps);
    }
    take(note, RECENT, "", PaneKind::RecentContext);
    for task in &open_tasks {
        item(PaneKind::OpenTasks, &task.text, &task.path, task.line);
        for copy in &task.copies {
            item(PaneKind::OpenTasks, &task.text, &copy.path, copy.line);
        }
    }
    let status_line = note
        .section(crate::note::outline::STATUS_SECTION)
        .map_or(1, |s| s.line as usize);
    if let Some(status) = &status {
        let text = format!("Status: {}", dashboard::status_label(status));
        item(PaneKind::Status, &text, path, status_line);
    }
    for (field, value) in &table.0 {
        if field.eq_ignore_ascii_case("status") {
            continue;
        }
        if let Some(value) = value {
            item(
                PaneKind::Status,
                &format!("{field}: {value}"),
                path,
                status_line,
            );
        }
    }
    Some(())
}

/// The account's related notes, as its snapshot lists them.
fn related_notes(index: &Index, path: &str) -> Vec<RelatedNote> {
    index
        .related(path)
        .into_iter()
        .filter_map(|p| index.note(p))
        .map(|n| RelatedNote {
            title: n.title.clone(),
            path: n.path.clone(),
        })
        .collect()
}

/// The top-level, non-task items of a section (a leading `marker` removed) with
/// their lines; paragraphs count as items at the section's heading line. Each
/// item's text is made in `text`.
fn located(
    note: &Note,
    keys: &[&str],
    marker: &str,
    pane: PaneKind,
    text: &mut String,
    out: &mut impl FnMut(PaneKind, &str, &str, usize),
) {
    let Some(section) = note.section(keys) else {
        return;
    };
    let mut push = |text: &str, line: usize| {
        let trimmed = text.trim_start_matches(marker).trim();
        if !trimmed.is_empty() {
            out(pane, trimmed, &note.path, line);
        }
    };
    for item in note
        .items(section)
        .iter()
        .filter(|i| i.depth == 0 && i.task.is_none())
    {
        text.clear();
        note.plain_item_text_into(item, text);
        push(text, item.line as usize);
    }
    for p in note.paragraphs(section).iter().filter(|p| !p.placeholder) {
        text.clear();
        note.paragraph_text_into(p, text);
        push(text, section.line as usize);
    }
}

/// Records a review point of the account at `path` as it is now; returns the
/// accounts whose review point or first sight changed (see
/// [`crate::state::StateFile::record_review`]).
pub fn record_review(
    state: &mut crate::state::StateFile,
    index: &Index,
    path: &str,
    today: NaiveDate,
    now: i64,
) -> Result<std::collections::BTreeSet<String>, String> {
    let snap = snapshot(index, path, today).ok_or_else(|| format!("{path} is not in the vault"))?;
    let point = crate::state::Point {
        at: now,
        items: crate::state::Packed::pack(&snap.item_fingerprints()),
        notes: crate::state::Packed::pack(&snap.note_fingerprints()),
    };
    let texts = serde_json::to_vec(&snap).expect("snapshots serialize");
    state
        .record_review(path, point, &texts)
        .map_err(|e| e.to_string())
}

/// The first time acct opens a vault with no git history, records every
/// account as it is, so later changes can be measured from it.
pub fn record_first_sight(
    state: &mut crate::state::StateFile,
    index: &Index,
    today: NaiveDate,
    now: i64,
    has_history: bool,
) -> Result<(), String> {
    if !state.is_new() {
        return Ok(());
    }
    if !has_history {
        use rayon::prelude::*;
        let paths: Vec<&str> = index.accounts().map(|n| n.path.as_str()).collect();
        let points: Vec<(String, crate::state::Point)> = paths
            .par_iter()
            .filter_map(|p| {
                let snap = snapshot(index, p, today)?;
                Some((
                    p.to_string(),
                    crate::state::Point {
                        at: now,
                        items: crate::state::Packed::pack(&snap.item_fingerprints()),
                        notes: crate::state::Packed::pack(&snap.note_fingerprints()),
                    },
                ))
            })
            .collect();
        state.state.seen.extend(points);
    }
    state.save(now).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_keep_the_pane_and_ignore_spacing_and_case() {
        let a = fingerprint(PaneKind::Facts, "HQ in  Lisbon.");
        assert_eq!(a, fingerprint(PaneKind::Facts, "hq in lisbon"));
        assert_ne!(a, fingerprint(PaneKind::Decisions, "hq in lisbon"));
        assert_ne!(a, fingerprint(PaneKind::Facts, "hq in porto"));
        assert_eq!(pane_of(a), Some(PaneKind::Facts));
        assert_eq!(
            pane_of(fingerprint(PaneKind::Status, "x")),
            Some(PaneKind::Status)
        );
    }
}
