//! What every account's row was computed from, kept with the rows: for each
//! note, its file's key, its standing, whether it is an account, the accounts
//! it belongs to, the account each of its links resolves to and its tasks'
//! owners. A start after some notes were edited in place — none added, removed
//! or renamed, each keeping its standing — reads only those notes and the
//! notes of the accounts they feed, and recomputes only those accounts' rows
//! (docs/performance.md, "Rows after changes").

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use crate::config::{Cadence, Config};
use crate::index::{self, Index};
use crate::model::dashboard::{self, AccountSummary, RowFacts};
use crate::note::{Note, Task};
use crate::vault::cache::FileKey;
use crate::vault::{self, Survey, VaultSettings};

/// A note's place in the vault's sorted list of note paths.
type Id = u32;

/// Every note's share of the rows, in path order.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Sources {
    /// Of every note path, in order: equal means the ids below name the same notes.
    paths: u128,
    notes: Vec<NoteSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NoteSource {
    key: FileKey,
    /// [`index::standing`].
    standing: u64,
    account: bool,
    /// The accounts it belongs to.
    owners: Vec<Id>,
    /// The account each of its links resolves to (`None`: no account, or
    /// itself); empty when none does.
    link_accounts: Vec<Option<Id>>,
    /// Its tasks' owners, as (account, task index).
    tasks: Vec<(Id, u32)>,
}

/// The rows after an update, and the sources to keep with them.
pub(super) struct Updated {
    pub rows: Vec<AccountSummary>,
    pub sources: Sources,
    /// Notes read to recompute them.
    pub notes_read: usize,
    /// Rows recomputed.
    pub rows_computed: usize,
}

/// Of every path, in order.
pub(super) fn paths_hash<'a>(paths: impl Iterator<Item = &'a str>) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for path in paths {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
    }
    hasher.digest128()
}

impl Sources {
    /// Each note's share of the rows computed from `index`, which was built
    /// from notes whose paths hash to `paths` and whose files had `keys` (the
    /// survey's). `None` when the index's notes are not those (a note could not
    /// be read, or one appeared while it was built).
    pub(super) fn of_index(
        index: &Index,
        paths: u128,
        keys: &[FileKey],
        config: &Config,
    ) -> Option<Self> {
        let order: Vec<&str> = index.notes().map(|n| n.path.as_str()).collect();
        if order.len() != keys.len() || paths_hash(order.iter().copied()) != paths {
            return None;
        }
        let ids: HashMap<&str, Id> = order
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, i as Id))
            .collect();
        let id = |path: &str| ids.get(path).copied();
        let types = index::account_types(config);
        let notes: Vec<NoteSource> = index
            .notes()
            .collect::<Vec<_>>()
            .par_iter()
            .zip(keys)
            .map(|(note, key)| {
                let path = note.path.as_str();
                let tasks = index.task_owners_of(path);
                let link_accounts: Vec<Option<Id>> = index
                    .outlinks(path)
                    .iter()
                    .map(|r| {
                        r.as_deref()
                            .filter(|r| *r != path && index.is_account(r))
                            .and_then(id)
                    })
                    .collect();
                let any_account = link_accounts.iter().any(Option::is_some);
                NoteSource {
                    key: *key,
                    standing: index::standing(note, &types),
                    account: index.is_account(path),
                    owners: index.owners(path).filter_map(id).collect(),
                    link_accounts: if any_account {
                        link_accounts
                    } else {
                        Vec::new()
                    },
                    tasks: tasks
                        .iter()
                        .filter_map(|(a, i)| Some((id(a)?, u32::try_from(*i).ok()?)))
                        .collect(),
                }
            })
            .collect();
        Some(Self { paths, notes })
    }

    /// The rows `rows` (every account's, as kept with these sources) brought up
    /// to date with the vault `survey` saw. `None` when that needs an index:
    /// a note was added, removed or renamed, a changed note's standing differs,
    /// a note cannot be read or changed again while read, or so many changed
    /// that reading them all is as quick.
    pub(super) fn update(
        mut self,
        mut rows: Vec<AccountSummary>,
        root: &Path,
        survey: &Survey,
        settings: &VaultSettings,
        config: &Config,
        today: NaiveDate,
    ) -> Option<Updated> {
        if survey.paths.len() != self.notes.len()
            || paths_hash(survey.paths.iter().map(String::as_str)) != self.paths
        {
            return None;
        }
        let changed: Vec<usize> = (survey.keys.iter().zip(&self.notes).enumerate())
            .filter(|(_, (key, kept))| **key != Some(kept.key))
            .map(|(i, _)| i)
            .collect();
        if changed.len() > (self.notes.len() / 8).max(64) {
            return None;
        }
        let read = |i: usize| -> Option<Note> {
            let (note, key) =
                vault::read_note_keyed(root, &survey.paths[i], &settings.statuses).ok()?;
            // Changed since the survey: whatever it is now, the survey did not see it.
            (Some(key) == survey.keys[i]).then_some(note)
        };
        let types = index::account_types(config);
        let fresh: Vec<(usize, Note)> = changed
            .par_iter()
            .map(|&i| Some((i, read(i)?)))
            .collect::<Option<_>>()?;
        let mut touched: BTreeSet<Id> = BTreeSet::new();
        for (i, note) in &fresh {
            let kept = &mut self.notes[*i];
            if index::standing(note, &types) != kept.standing {
                return None;
            }
            let base: BTreeSet<Id> = kept.owners.iter().copied().collect();
            let links = if kept.link_accounts.is_empty() {
                vec![None; note.links.len()]
            } else {
                kept.link_accounts.clone()
            };
            let tasks: Vec<(Id, u32)> = index::task_owners(note, &base, &links)
                .into_iter()
                .filter_map(|(a, t)| Some((a, u32::try_from(t).ok()?)))
                .collect();
            touched.extend(&kept.owners);
            touched.extend(links.iter().flatten());
            touched.extend(kept.tasks.iter().map(|(a, _)| *a));
            touched.extend(tasks.iter().map(|(a, _)| *a));
            kept.tasks = tasks;
            kept.key = survey.keys[*i].expect("compared equal above");
        }
        // What the touched accounts' rows read: their notes, activity and tasks.
        let mut activity: HashMap<Id, Vec<Id>> = HashMap::default();
        let mut tasks: HashMap<Id, Vec<(Id, u32)>> = HashMap::default();
        let mut needed: BTreeSet<Id> = touched.clone();
        for (i, n) in self.notes.iter().enumerate() {
            let i = i as Id;
            if !n.account {
                for owner in n.owners.iter().filter(|o| touched.contains(o)) {
                    activity.entry(*owner).or_default().push(i);
                    needed.insert(i);
                }
            }
            for (owner, t) in n.tasks.iter().filter(|(o, _)| touched.contains(o)) {
                tasks.entry(*owner).or_default().push((i, *t));
                needed.insert(i);
            }
        }
        let mut notes: HashMap<Id, Note> = fresh.into_iter().map(|(i, n)| (i as Id, n)).collect();
        let unread: Vec<Id> = needed
            .iter()
            .copied()
            .filter(|i| !notes.contains_key(i))
            .collect();
        let more: Vec<(Id, Note)> = unread
            .par_iter()
            .map(|&i| Some((i, read(i as usize)?)))
            .collect::<Option<_>>()?;
        let notes_read = changed.len() + more.len();
        notes.extend(more);
        let path = |i: &Id| survey.paths[*i as usize].as_str();
        let facts = Facts {
            notes: notes.values().map(|n| (n.path.as_str(), n)).collect(),
            activity: activity
                .iter()
                .map(|(a, list)| (path(a), list.iter().map(path).collect()))
                .collect(),
            tasks: tasks
                .iter()
                .map(|(a, list)| {
                    (
                        path(a),
                        list.iter().map(|(n, t)| (path(n), *t as usize)).collect(),
                    )
                })
                .collect(),
            settings,
            cadence: config.cadence(),
        };
        let fresh_rows: Vec<AccountSummary> = touched
            .iter()
            .filter(|a| self.notes[**a as usize].account)
            .map(|a| Some(dashboard::summary(&facts, notes.get(a)?, today)))
            .collect::<Option<_>>()?;
        let rows_computed = fresh_rows.len();
        let recomputed: HashSet<&str> = fresh_rows.iter().map(|r| r.path.as_str()).collect();
        let before = rows.len();
        rows.retain(|r| !recomputed.contains(r.path.as_str()));
        if before - rows.len() != rows_computed {
            // The kept rows are not every account's: compute them all.
            return None;
        }
        rows.extend(fresh_rows);
        dashboard::sort_for_triage(&mut rows);
        Some(Updated {
            rows,
            sources: self,
            notes_read,
            rows_computed,
        })
    }
}

/// The facts of the touched accounts' rows, from the notes read for them.
struct Facts<'a> {
    notes: HashMap<&'a str, &'a Note>,
    activity: HashMap<&'a str, Vec<&'a str>>,
    tasks: HashMap<&'a str, Vec<(&'a str, usize)>>,
    settings: &'a VaultSettings,
    cadence: Cadence,
}

impl RowFacts for Facts<'_> {
    fn note(&self, path: &str) -> Option<&Note> {
        self.notes.get(path).copied()
    }

    fn is_archived(&self, path: &str) -> bool {
        index::is_archived_path(path, &self.settings.ignore_filters)
    }

    fn activity(&self, account: &str) -> Vec<&str> {
        self.activity.get(account).cloned().unwrap_or_default()
    }

    fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)> {
        (self.tasks.get(account).into_iter().flatten())
            .filter_map(|(path, i)| {
                let note = self.notes.get(path)?;
                Some((*note, note.tasks.get(*i)?))
            })
            .collect()
    }

    fn cadence(&self) -> &Cadence {
        &self.cadence
    }
}
