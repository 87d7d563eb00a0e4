//! What changed in an account since a point in time (docs/vault.md, "Since
//! last review"): a [`Snapshot`] of the account's items, compact fingerprints of
//! it for review points, and the difference between a baseline and now.

mod diff;
mod since;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::index::Index;
use crate::model::dashboard::{self, ACTION_ITEMS, BLOCKERS, DECISIONS, FACTS, NEXT_STEPS, RECENT};
use crate::note::{Note, Section};
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
    let note = index.note(path)?;
    let (table, status, open_tasks) = dashboard::tracked_parts(index, note, today);
    let mut items = Vec::new();
    located(note, BLOCKERS, "❌", PaneKind::Blockers, &mut items);
    located(note, FACTS, "", PaneKind::Facts, &mut items);
    located(note, DECISIONS, "✅", PaneKind::Decisions, &mut items);
    located(note, NEXT_STEPS, "", PaneKind::NextSteps, &mut items);
    let mut activity: Vec<&Note> = index.activity(path).filter_map(|p| index.note(p)).collect();
    activity.sort_by(|a, b| b.date.cmp(&a.date).then(a.path.cmp(&b.path)));
    for a in activity {
        located(a, DECISIONS, "✅", PaneKind::Decisions, &mut items);
        located(a, ACTION_ITEMS, "", PaneKind::NextSteps, &mut items);
    }
    located(note, RECENT, "", PaneKind::RecentContext, &mut items);
    for task in &open_tasks {
        for target in task.targets() {
            items.push(Item {
                pane: PaneKind::OpenTasks,
                text: task.text.clone(),
                path: target.path,
                line: target.line,
            });
        }
    }
    let status_line = note
        .section(crate::note::outline::STATUS_SECTION)
        .map_or(1, |s| s.line as usize);
    if let Some(status) = &status {
        items.push(Item {
            pane: PaneKind::Status,
            text: format!("Status: {}", dashboard::status_label(status)),
            path: path.to_string(),
            line: status_line,
        });
    }
    for (field, value) in &table.0 {
        if field.eq_ignore_ascii_case("status") {
            continue;
        }
        if let Some(value) = value {
            items.push(Item {
                pane: PaneKind::Status,
                text: format!("{field}: {value}"),
                path: path.to_string(),
                line: status_line,
            });
        }
    }
    let notes = index
        .related(path)
        .into_iter()
        .filter_map(|p| index.note(p))
        .map(|n| RelatedNote {
            title: n.title.clone(),
            path: n.path.clone(),
        })
        .collect();
    Some(Snapshot {
        title: note.title.clone(),
        items,
        notes,
    })
}

/// The top-level, non-task items of a section (a leading `marker` removed) with
/// their lines; paragraphs count as items at the section's heading line.
fn located(note: &Note, keys: &[&str], marker: &str, pane: PaneKind, out: &mut Vec<Item>) {
    let Some(section) = note.section(keys) else {
        return;
    };
    let mut push = |mut text: String, line: usize| {
        let trimmed = text.trim_start_matches(marker).trim();
        // A copy only when trimming took something off.
        if trimmed.len() != text.len() {
            text = trimmed.to_string();
        }
        if !text.is_empty() {
            out.push(Item {
                pane,
                text,
                path: note.path.clone(),
                line,
            });
        }
    };
    for item in note
        .items(section)
        .iter()
        .filter(|i| i.depth == 0 && i.task.is_none())
    {
        push(note.item_text(item), item.line as usize);
    }
    paragraphs(note, section, &mut push);
}

fn paragraphs(note: &Note, section: &Section, push: &mut impl FnMut(String, usize)) {
    for p in note.paragraphs(section).iter().filter(|p| !p.placeholder) {
        push(note.paragraph_text(p), section.line as usize);
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
