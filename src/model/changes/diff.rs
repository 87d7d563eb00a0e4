//! The difference between an account's baseline (a review point, a day or a
//! revision) and its snapshot now.

use std::collections::HashMap;

use serde::Serialize;

pub use crate::git::Commit;

use super::{PaneKind, Snapshot, fingerprint, note_fingerprint, pane_of};

/// What the changes are measured from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Since {
    /// `reviewed`, `date`, `revision` or `first_seen`.
    pub kind: &'static str,
    /// When: an RFC 3339 time or a date.
    pub at: String,
    /// The git revision the baseline was read from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
}

/// An account as it was at the baseline.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub items: Vec<u32>,
    pub notes: Vec<u32>,
    /// The baseline's texts, when known (a removed item is then shown by its text).
    pub snapshot: Option<Snapshot>,
    /// Notes renamed since the baseline, old path → new path: a renamed note is
    /// the same note.
    pub renames: Vec<(String, String)>,
}

impl Baseline {
    /// A baseline whose texts are known.
    pub fn of(snapshot: Snapshot) -> Self {
        Self {
            items: snapshot.item_fingerprints(),
            notes: snapshot.note_fingerprints(),
            snapshot: Some(snapshot),
            renames: Vec::new(),
        }
    }
}

/// An item added or removed; a removed item's text is unknown when only its
/// fingerprint was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    pub pane: PaneKind,
    pub text: Option<String>,
    pub path: Option<String>,
    pub line: Option<usize>,
    pub commit: Option<Commit>,
}

/// A related note added or removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteChange {
    pub title: Option<String>,
    pub path: Option<String>,
    pub commit: Option<Commit>,
}

/// A status field whose value changed (`None`: it had none, or it is unknown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What changed in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub title: String,
    pub path: String,
    pub since: Since,
    pub added: Vec<ItemChange>,
    pub removed: Vec<ItemChange>,
    pub notes_added: Vec<NoteChange>,
    pub notes_removed: Vec<NoteChange>,
    pub status_changes: Vec<StatusChange>,
}

impl Changes {
    /// How many things are new: added items, added notes and status changes.
    pub fn new_count(&self) -> usize {
        self.added.len() + self.notes_added.len() + self.status_changes.len()
    }

    /// `review 2026-11-20 10:04`, `2026-11-17`, `a1b2c3d4e5f6 (2026-11-17)` …
    pub fn since_label(&self) -> String {
        let c = self;
        let day = |at: &str| at.get(..16).unwrap_or(at).replace('T', " ");
        match c.since.kind {
            "reviewed" => format!("review {}", day(&c.since.at)),
            "first_seen" => format!("acct first saw the vault {}", day(&c.since.at)),
            "revision" => format!(
                "{} ({})",
                c.since
                    .revision
                    .as_deref()
                    .map_or("", |r| r.get(..12).unwrap_or(r)),
                day(&c.since.at)
            ),
            _ => c.since.at.clone(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.notes_added.is_empty()
            && self.notes_removed.is_empty()
            && self.status_changes.is_empty()
    }
}

/// Compares `now` (the account at `path`) with `base`. Items are matched by
/// fingerprint as a multiset: a reworded item is one removed and one added.
pub fn diff(now: &Snapshot, path: &str, base: &Baseline, since: Since) -> Changes {
    let mut left: HashMap<u32, usize> = HashMap::new();
    for fp in &base.items {
        *left.entry(*fp).or_default() += 1;
    }
    let mut added = Vec::new();
    for item in &now.items {
        let fp = fingerprint(item.pane, &item.text);
        match left.get_mut(&fp) {
            Some(n) if *n > 0 => *n -= 1,
            _ => added.push(ItemChange {
                pane: item.pane,
                text: Some(item.text.clone()),
                path: Some(item.path.clone()),
                line: Some(item.line),
                commit: None,
            }),
        }
    }
    let mut removed = Vec::new();
    match &base.snapshot {
        Some(old) => {
            for item in &old.items {
                let fp = fingerprint(item.pane, &item.text);
                if let Some(n) = left.get_mut(&fp).filter(|n| **n > 0) {
                    *n -= 1;
                    removed.push(ItemChange {
                        pane: item.pane,
                        text: Some(item.text.clone()),
                        path: Some(renamed(&base.renames, &item.path)),
                        line: Some(item.line),
                        commit: None,
                    });
                }
            }
        }
        None => {
            for fp in &base.items {
                if let Some(n) = left.get_mut(fp).filter(|n| **n > 0) {
                    *n -= 1;
                    if let Some(pane) = pane_of(*fp) {
                        removed.push(ItemChange {
                            pane,
                            text: None,
                            path: None,
                            line: None,
                            commit: None,
                        });
                    }
                }
            }
        }
    }
    let status_changes = status_changes(&mut added, &mut removed);
    added.sort_by_key(|c| c.pane);
    removed.sort_by_key(|c| c.pane);
    let (notes_added, notes_removed) = note_changes(now, base);
    Changes {
        title: now.title.clone(),
        path: path.to_string(),
        since,
        added,
        removed,
        notes_added,
        notes_removed,
        status_changes,
    }
}

fn renamed(renames: &[(String, String)], path: &str) -> String {
    let mut path = path.to_string();
    // Follow a chain of renames (a → b, then b → c).
    for (old, new) in renames {
        if *old == path {
            path = new.clone();
        }
    }
    path
}

/// Takes the status items out of `added` and `removed` and pairs them by field.
pub(super) fn status_changes(
    added: &mut Vec<ItemChange>,
    removed: &mut Vec<ItemChange>,
) -> Vec<StatusChange> {
    let split = |c: &ItemChange| {
        c.text.as_deref().map(|t| match t.split_once(": ") {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (t.to_string(), None),
        })
    };
    let mut out: Vec<StatusChange> = Vec::new();
    for c in added.iter().filter(|c| c.pane == PaneKind::Status) {
        if let Some((field, value)) = split(c) {
            out.push(StatusChange {
                field,
                from: None,
                to: value,
            });
        }
    }
    let mut unknown_removed = 0;
    for c in removed.iter().filter(|c| c.pane == PaneKind::Status) {
        match split(c) {
            Some((field, value)) => match out
                .iter_mut()
                .find(|s| s.field == field && s.from.is_none())
            {
                Some(s) => s.from = value,
                None => out.push(StatusChange {
                    field,
                    from: value,
                    to: None,
                }),
            },
            None => unknown_removed += 1,
        }
    }
    // A status value whose old text was not kept: still a change, from an unknown value.
    if unknown_removed > 0 && out.is_empty() {
        out.push(StatusChange {
            field: "Status".into(),
            from: None,
            to: None,
        });
    }
    added.retain(|c| c.pane != PaneKind::Status);
    removed.retain(|c| c.pane != PaneKind::Status);
    out
}

pub(super) fn note_changes(now: &Snapshot, base: &Baseline) -> (Vec<NoteChange>, Vec<NoteChange>) {
    let rename_fp: HashMap<u32, u32> = base
        .renames
        .iter()
        .map(|(o, n)| (note_fingerprint(o), note_fingerprint(n)))
        .collect();
    let follow = |mut fp: u32| {
        for _ in 0..base.renames.len() {
            match rename_fp.get(&fp) {
                Some(n) if *n != fp => fp = *n,
                _ => break,
            }
        }
        fp
    };
    let before: Vec<u32> = base.notes.iter().map(|fp| follow(*fp)).collect();
    let current: Vec<u32> = now.note_fingerprints();
    let notes_added = now
        .notes
        .iter()
        .zip(&current)
        .filter(|(_, fp)| !before.contains(fp))
        .map(|(n, _)| NoteChange {
            title: Some(n.title.clone()),
            path: Some(n.path.clone()),
            commit: None,
        })
        .collect();
    let old_notes: HashMap<u32, &super::RelatedNote> = base
        .snapshot
        .iter()
        .flat_map(|s| &s.notes)
        .map(|n| (note_fingerprint(&n.path), n))
        .collect();
    let notes_removed = base
        .notes
        .iter()
        .zip(&before)
        .filter(|(_, fp)| !current.contains(fp))
        .map(|(old, _)| {
            let note = old_notes.get(old);
            NoteChange {
                title: note.map(|n| n.title.clone()),
                path: note.map(|n| n.path.clone()),
                commit: None,
            }
        })
        .collect();
    (notes_added, notes_removed)
}

#[cfg(test)]
mod tests {
    use super::super::{Item, RelatedNote};
    use super::*;

    fn item(pane: PaneKind, text: &str) -> Item {
        Item {
            pane,
            text: text.into(),
            path: "A.md".into(),
            line: 3,
        }
    }

    fn snap(items: Vec<Item>, notes: &[&str]) -> Snapshot {
        Snapshot {
            title: "A".into(),
            items,
            notes: notes
                .iter()
                .map(|p| RelatedNote {
                    title: p.trim_end_matches(".md").into(),
                    path: p.to_string(),
                })
                .collect(),
        }
    }

    fn since() -> Since {
        Since {
            kind: "reviewed",
            at: "2026-11-01".into(),
            revision: None,
        }
    }

    #[test]
    fn a_reworded_item_is_removed_and_added_and_a_status_is_paired() {
        let old = snap(
            vec![
                item(PaneKind::Facts, "HQ in Lisbon"),
                item(PaneKind::Facts, "Uses Kafka"),
                item(PaneKind::Status, "Status: Prospect"),
            ],
            &["M1.md", "Old.md"],
        );
        let now = snap(
            vec![
                item(PaneKind::Facts, "hq in  lisbon."),
                item(PaneKind::Facts, "Uses Kafka and Flink"),
                item(PaneKind::Decisions, "Go with the pilot"),
                item(PaneKind::Status, "Status: Active"),
            ],
            &["M1.md", "M2.md"],
        );
        let c = diff(&now, "A.md", &Baseline::of(old.clone()), since());
        let texts = |v: &[ItemChange]| -> Vec<(PaneKind, String)> {
            v.iter()
                .map(|c| (c.pane, c.text.clone().unwrap_or_default()))
                .collect()
        };
        assert_eq!(
            texts(&c.added),
            vec![
                (PaneKind::Decisions, "Go with the pilot".into()),
                (PaneKind::Facts, "Uses Kafka and Flink".into()),
            ]
        );
        assert_eq!(
            texts(&c.removed),
            vec![(PaneKind::Facts, "Uses Kafka".into())]
        );
        assert_eq!(
            c.status_changes,
            vec![StatusChange {
                field: "Status".into(),
                from: Some("Prospect".into()),
                to: Some("Active".into()),
            }]
        );
        assert_eq!(c.notes_added[0].path.as_deref(), Some("M2.md"));
        assert_eq!(c.notes_removed[0].path.as_deref(), Some("Old.md"));
        assert_eq!(c.new_count(), 4);

        // Fingerprints only: the removed fact is known by pane, not by text.
        let mut bare = Baseline::of(old);
        bare.snapshot = None;
        let c = diff(&now, "A.md", &bare, since());
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].pane, PaneKind::Facts);
        assert_eq!(c.removed[0].text, None);
        assert_eq!(c.status_changes[0].to.as_deref(), Some("Active"));
    }

    #[test]
    fn a_renamed_note_is_the_same_note() {
        let old = snap(vec![], &["Meetings/Kickoff.md"]);
        let now = snap(vec![], &["Meetings/2026-11-03 Kickoff.md"]);
        let mut base = Baseline::of(old);
        base.renames = vec![(
            "Meetings/Kickoff.md".into(),
            "Meetings/2026-11-03 Kickoff.md".into(),
        )];
        let c = diff(&now, "A.md", &base, since());
        assert!(c.is_empty(), "{c:?}");
    }
}
