//! The in-memory index of a vault: notes, names, links, accounts, activity and
//! task ownership. Notes can be added, replaced or removed one at a time;
//! [`Index::refresh_changed`] then re-derives only what those notes can affect
//! ([`Index::refresh`] re-derives everything).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::change::{Applied, Change, ChangeKind, NoteChange};
use crate::config::Config;
use crate::note::{self, Note, Task};
use crate::problem::Problem;
use crate::vault::{self, VaultSettings};

/// A task, located by its note and its position in that note's task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskRef<'a> {
    pub path: &'a str,
    pub index: usize,
}

/// The index of one vault.
#[derive(Debug, Default)]
pub struct Index {
    pub root: PathBuf,
    account_types: Vec<String>,
    pub settings: VaultSettings,
    notes: BTreeMap<String, Note>,
    names: Names,
    derived: Derived,
    scan_problems: Vec<Problem>,
    /// Notes upserted or removed since the last refresh.
    pending: BTreeSet<String>,
    /// Names (see [`Names::names`]) that those notes gained or lost since the last
    /// refresh: links looking one of them up may now resolve differently.
    dirty_names: HashSet<String>,
    /// The settings changed since the last refresh: archived notes (and so every
    /// link resolution) may differ, so only a full refresh will do.
    stale: bool,
}

/// Lookup tables from the names a link may use to note paths.
#[derive(Debug, Default)]
struct Names {
    /// Lower-cased path without `.md`.
    by_path: HashMap<String, Vec<String>>,
    /// Lower-cased file name without `.md`.
    by_stem: HashMap<String, Vec<String>>,
    /// Lower-cased title or alias.
    by_title: HashMap<String, Vec<String>>,
    /// Lower-cased folder name, for folder notes.
    by_folder: HashMap<String, Vec<String>>,
}

impl Names {
    fn keys(note: &Note) -> [Vec<String>; 4] {
        let path = note
            .path
            .strip_suffix(".md")
            .unwrap_or(&note.path)
            .to_lowercase();
        let stem = note.stem().to_lowercase();
        let mut titles: Vec<String> = std::iter::once(&note.title)
            .chain(&note.aliases)
            .map(|t| t.to_lowercase())
            .collect();
        titles.sort();
        titles.dedup();
        let folder = note
            .folder_note_of()
            .map(|f| f.rsplit('/').next().unwrap_or(f).to_lowercase())
            .into_iter()
            .collect();
        [vec![path], vec![stem], titles, folder]
    }

    /// Every name a link lookup can find the note under, as the last `/`-segment of
    /// the key looked up: its file name (also as the last segment of its path key),
    /// titles and aliases, and folder name. A resolution of a link only ever finds
    /// notes one of whose names is among those [`Index::resolve_noting`] reports.
    fn names(keys: &[Vec<String>; 4]) -> impl Iterator<Item = &str> {
        let [path, stem, titles, folder] = keys;
        path.iter()
            .map(|p| last_segment(p))
            .chain(stem.iter().chain(titles).chain(folder).map(String::as_str))
    }

    fn tables(&mut self) -> [&mut HashMap<String, Vec<String>>; 4] {
        [
            &mut self.by_path,
            &mut self.by_stem,
            &mut self.by_title,
            &mut self.by_folder,
        ]
    }

    fn add(&mut self, note: &Note) {
        for (table, keys) in self.tables().into_iter().zip(Self::keys(note)) {
            for key in keys {
                let paths = table.entry(key).or_default();
                if let Err(at) = paths.binary_search(&note.path) {
                    paths.insert(at, note.path.clone());
                }
            }
        }
    }

    fn remove(&mut self, note: &Note) {
        for (table, keys) in self.tables().into_iter().zip(Self::keys(note)) {
            for key in keys {
                if let Some(paths) = table.get_mut(&key) {
                    paths.retain(|p| p != &note.path);
                    if paths.is_empty() {
                        table.remove(&key);
                    }
                }
            }
        }
    }
}

/// Everything computed from the notes as a whole.
///
/// Each note's share of the tables (its resolved links, its owners, its tasks'
/// owners) is kept in `per_note`, so an incremental refresh can take a note's old
/// share out and put its new one in without touching any other note.
#[derive(Debug, Default)]
struct Derived {
    archived: BTreeSet<String>,
    accounts: BTreeSet<String>,
    per_note: HashMap<String, NoteDerived>,
    backlinks: HashMap<String, BTreeSet<String>>,
    activity: HashMap<String, BTreeSet<String>>,
    /// Per account, its tasks as (note path, task index), in path/line order.
    tasks: HashMap<String, BTreeSet<(String, usize)>>,
    /// Per name (see [`Names::names`]), the notes with a link or `account:` that
    /// looks it up: the notes to re-resolve when a note gains or loses that name.
    link_users: HashMap<String, BTreeSet<String>>,
    /// Per note, the notes whose `account:` resolves to it (account or not).
    account_users: HashMap<String, BTreeSet<String>>,
    /// Per folder, the account folder notes standing for it; the last one by path
    /// claims the notes under the folder.
    folder_accounts: HashMap<String, BTreeSet<String>>,
}

/// What one note contributes to [`Derived`].
#[derive(Debug, Default)]
struct NoteDerived {
    /// The resolved path of each of its links (parallel to `Note::links`).
    outlinks: Vec<Option<String>>,
    /// The names its links and `account:` look up (sorted, deduplicated).
    lookups: Vec<String>,
    /// What its `account:` resolves to.
    account_target: Option<String>,
    /// The accounts it belongs to: itself when it is one, else the account its
    /// `account:` names and the folder-note accounts of the folders it sits in.
    owners: BTreeSet<String>,
    /// The accounts it is an activity note of (its owners, unless it is an account).
    activity_of: Vec<String>,
    /// Its tasks' owners, as (account, task index).
    tasks: Vec<(String, usize)>,
}

/// A note's links resolved, and what the resolution looked up.
struct Linked {
    outlinks: Vec<Option<String>>,
    lookups: Vec<String>,
    account_target: Option<String>,
}

impl Derived {
    fn add_links(&mut self, path: &str) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for target in nd.outlinks.iter().flatten() {
            if target != path {
                insert_into(&mut self.backlinks, target, path);
            }
        }
        for name in &nd.lookups {
            insert_into(&mut self.link_users, name, path);
        }
        if let Some(target) = &nd.account_target {
            insert_into(&mut self.account_users, target, path);
        }
    }

    fn remove_links(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        for target in nd.outlinks.drain(..).flatten() {
            remove_from(&mut self.backlinks, &target, path);
        }
        for name in nd.lookups.drain(..) {
            remove_from(&mut self.link_users, &name, path);
        }
        if let Some(target) = nd.account_target.take() {
            remove_from(&mut self.account_users, &target, path);
        }
    }

    fn add_activity(&mut self, path: &str) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for account in &nd.activity_of {
            insert_into(&mut self.activity, account, path);
        }
    }

    fn remove_owners(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        nd.owners.clear();
        for account in nd.activity_of.drain(..) {
            remove_from(&mut self.activity, &account, path);
        }
    }

    fn add_tasks(&mut self, path: &str) {
        let Some(nd) = self.per_note.get(path) else {
            return;
        };
        for (account, i) in &nd.tasks {
            self.tasks
                .entry(account.clone())
                .or_default()
                .insert((path.to_string(), *i));
        }
    }

    fn remove_tasks(&mut self, path: &str) {
        let Some(nd) = self.per_note.get_mut(path) else {
            return;
        };
        for (account, i) in nd.tasks.drain(..) {
            if let Some(tasks) = self.tasks.get_mut(&account) {
                tasks.remove(&(path.to_string(), i));
                if tasks.is_empty() {
                    self.tasks.remove(&account);
                }
            }
        }
    }
}

/// A map from each key `keys` gives for a note to the notes that gave it.
fn gather<'a>(
    per_note: &'a HashMap<String, NoteDerived>,
    keys: impl Fn(&'a str, &'a NoteDerived) -> Vec<&'a str>,
) -> HashMap<String, BTreeSet<String>> {
    let mut map = HashMap::new();
    for (path, nd) in per_note {
        for key in keys(path, nd) {
            insert_into(&mut map, key, path);
        }
    }
    map
}

fn insert_into(map: &mut HashMap<String, BTreeSet<String>>, key: &str, value: &str) {
    if let Some(set) = map.get_mut(key) {
        set.insert(value.to_string());
    } else {
        map.insert(key.to_string(), BTreeSet::from([value.to_string()]));
    }
}

fn remove_from(map: &mut HashMap<String, BTreeSet<String>>, key: &str, value: &str) {
    if let Some(set) = map.get_mut(key) {
        set.remove(value);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// Makes `path`'s membership of `set` equal `member`; reports whether it changed.
fn set_member(set: &mut BTreeSet<String>, path: &str, member: bool) -> bool {
    if member {
        !set.contains(path) && set.insert(path.to_string())
    } else {
        set.remove(path)
    }
}

impl Index {
    /// Scans and reads a whole vault (in parallel) and derives everything.
    pub fn build(root: &Path, config: &Config) -> Self {
        Self::build_counting(root, config, &vault::Progress::default())
    }

    /// [`Index::build`], counting the notes read in `progress` (for a progress display).
    pub fn build_counting(root: &Path, config: &Config, progress: &vault::Progress) -> Self {
        let settings = vault::read_settings(root);
        let (paths, scan_problems) = vault::scan(root);
        let (notes, read_problems) =
            vault::read_all_counting(root, &paths, &settings.statuses, progress);
        let mut index = Self::from_notes(root, config, settings, notes);
        index.scan_problems = scan_problems;
        index.scan_problems.extend(read_problems);
        index
    }

    /// An index over notes already parsed (used by `build` and by tests).
    pub fn from_notes(
        root: &Path,
        config: &Config,
        settings: VaultSettings,
        notes: Vec<Note>,
    ) -> Self {
        let mut index = Self {
            root: root.to_path_buf(),
            account_types: config
                .account_types()
                .iter()
                .map(|t| t.to_lowercase())
                .collect(),
            settings,
            ..Self::default()
        };
        for note in notes {
            index.names.add(&note);
            index.notes.insert(note.path.clone(), note);
        }
        index.refresh();
        index
    }

    /// Adds or replaces one note. Call [`Index::refresh_changed`] (or
    /// [`Index::refresh`]) after a batch.
    pub fn upsert(&mut self, note: Note) {
        let keys = Names::keys(&note);
        if let Some(old) = self.notes.remove(&note.path) {
            // Same path, so the same file and folder names: only titles and aliases
            // can differ, and only lookups of a title gained or lost can change.
            let old_titles = &Names::keys(&old)[2];
            let titles = &keys[2];
            self.dirty_names.extend(
                old_titles
                    .iter()
                    .filter(|t| !titles.contains(t))
                    .chain(titles.iter().filter(|t| !old_titles.contains(t)))
                    .cloned(),
            );
            self.names.remove(&old);
        } else {
            self.dirty_names
                .extend(Names::names(&keys).map(str::to_string));
        }
        self.names.add(&note);
        self.pending.insert(note.path.clone());
        self.notes.insert(note.path.clone(), note);
    }

    /// Removes one note; returns it if it was indexed. Call [`Index::refresh_changed`]
    /// (or [`Index::refresh`]) after a batch.
    pub fn remove(&mut self, path: &str) -> Option<Note> {
        let old = self.notes.remove(path)?;
        self.dirty_names
            .extend(Names::names(&Names::keys(&old)).map(str::to_string));
        self.names.remove(&old);
        self.pending.insert(old.path.clone());
        Some(old)
    }

    /// Replaces the vault's `.obsidian` settings (the Tasks statuses re-derive task types).
    /// The next refresh re-derives everything (archived notes may differ).
    pub fn set_settings(&mut self, settings: VaultSettings) {
        for note in self.notes.values_mut() {
            for task in &mut note.tasks {
                task.status = settings.statuses.kind(task.symbol);
            }
        }
        self.settings = settings;
        self.stale = true;
    }

    /// Applies one batch of changes from the watcher: re-reads upserted notes from disk
    /// (a note gone by now is removed), applies removals, re-reads the settings, or
    /// rebuilds everything on a rescan; then re-derives what those notes affect, once
    /// (everything, when the settings changed).
    /// Reports the notes whose bytes changed, so a save that changed nothing reports
    /// nothing.
    pub fn apply(&mut self, changes: &[Change]) -> Applied {
        if let Some(reason) = changes.iter().find_map(|c| match c {
            Change::Rescan(why) => Some(why.clone()),
            _ => None,
        }) {
            return self.rescan(reason);
        }
        let mut applied = Applied::default();
        if changes.contains(&Change::Settings) {
            self.set_settings(vault::read_settings(&self.root));
            applied.settings_changed = true;
        }
        let mut removed: BTreeSet<String> = BTreeSet::new();
        let mut upserts: BTreeSet<&str> = BTreeSet::new();
        for change in changes {
            match change {
                Change::Remove(path) => {
                    removed.insert(path.clone());
                }
                Change::RemoveFolder(folder) => {
                    let prefix = format!("{}/", folder.trim_end_matches('/'));
                    removed.extend(
                        self.notes
                            .range(prefix.clone()..)
                            .map(|(p, _)| p)
                            .take_while(|p| p.starts_with(&prefix))
                            .cloned(),
                    );
                }
                Change::Upsert(path) => {
                    upserts.insert(path);
                }
                Change::Settings | Change::Rescan(_) => {}
            }
        }
        let touched: BTreeSet<String> = removed
            .iter()
            .cloned()
            .chain(upserts.iter().map(|p| p.to_string()))
            .collect();
        let before: Vec<Option<(u64, usize, Option<String>)>> =
            touched.iter().map(|p| self.state_of(p)).collect();
        for path in &removed {
            self.remove(path);
        }
        // Read in parallel: a `git checkout` can hand over thousands of notes at once.
        let statuses = &self.settings.statuses;
        let root = &self.root;
        let read: Vec<(&str, std::io::Result<Note>)> = upserts
            .par_iter()
            .map(|p| (*p, vault::read_note(root, p, statuses)))
            .collect();
        for (path, result) in read {
            self.scan_problems.retain(|p| p.path != path);
            match result {
                Ok(note) => self.upsert(note),
                Err(e) => {
                    self.remove(path);
                    if e.kind() != std::io::ErrorKind::NotFound {
                        self.scan_problems.push(Problem::error(
                            path,
                            None,
                            format!("cannot read: {e}"),
                        ));
                    }
                }
            }
        }
        for path in &removed {
            if !upserts.contains(path.as_str()) {
                self.scan_problems.retain(|p| &p.path != path);
            }
        }
        if touched.is_empty() && !applied.settings_changed {
            return applied;
        }
        self.refresh_changed();
        for (path, before) in touched.into_iter().zip(before) {
            let after = self.state_of(&path);
            let kind = match (&before, &after) {
                (None, None) => continue,
                (None, Some(_)) => ChangeKind::Added,
                (Some(_), None) => ChangeKind::Removed,
                (Some((f0, l0, _)), Some((f1, l1, _))) if f0 == f1 && l0 == l1 => continue,
                (Some(_), Some(_)) => ChangeKind::Changed,
            };
            let account = match kind {
                ChangeKind::Removed => before.and_then(|b| b.2),
                _ => after.and_then(|a| a.2),
            };
            applied.notes.push(NoteChange {
                kind,
                path,
                account,
            });
        }
        applied
    }

    /// A note's fingerprint, length and (when it is an account) title, if indexed.
    fn state_of(&self, path: &str) -> Option<(u64, usize, Option<String>)> {
        let note = self.notes.get(path)?;
        let account = self.is_account(path).then(|| note.title.clone());
        Some((note.fingerprint, note.byte_len, account))
    }

    /// Reads the whole vault again and reports how each note differs from before.
    fn rescan(&mut self, reason: String) -> Applied {
        let before: HashMap<String, (u64, usize, Option<String>)> = self
            .notes
            .keys()
            .filter_map(|p| Some((p.clone(), self.state_of(p)?)))
            .collect();
        let config = Config {
            account_types: Some(self.account_types.clone()),
            ..Config::default()
        };
        *self = Self::build(&self.root, &config);
        let mut notes: Vec<NoteChange> = Vec::new();
        for (path, old) in &before {
            match self.state_of(path) {
                None => notes.push(NoteChange {
                    kind: ChangeKind::Removed,
                    path: path.clone(),
                    account: old.2.clone(),
                }),
                Some(new) if (new.0, new.1) != (old.0, old.1) => notes.push(NoteChange {
                    kind: ChangeKind::Changed,
                    path: path.clone(),
                    account: new.2,
                }),
                Some(_) => {}
            }
        }
        for path in self.notes.keys() {
            if !before.contains_key(path) {
                notes.push(NoteChange {
                    kind: ChangeKind::Added,
                    path: path.clone(),
                    account: self.state_of(path).and_then(|s| s.2),
                });
            }
        }
        notes.sort_by(|a, b| a.path.cmp(&b.path));
        Applied {
            notes,
            settings_changed: true,
            rescanned: Some(reason),
        }
    }

    /// Recomputes links, backlinks, accounts, activity and task ownership for the
    /// whole vault.
    pub fn refresh(&mut self) {
        self.pending.clear();
        self.dirty_names.clear();
        self.stale = false;
        let status: Vec<(bool, bool)> = self
            .notes
            .par_iter()
            .map(|(path, note)| {
                (
                    is_archived_path(path, &self.settings.ignore_filters),
                    self.is_account_note(note),
                )
            })
            .collect();
        let mut d = Derived::default();
        for (note, (archived, account)) in self.notes.values().zip(status) {
            if archived {
                d.archived.insert(note.path.clone());
            }
            if account {
                d.accounts.insert(note.path.clone());
                if let Some(folder) = note.folder_note_of() {
                    insert_into(&mut d.folder_accounts, folder, &note.path);
                }
            }
        }
        // Link resolution reads `archived`; ownership reads `accounts` and `folder_accounts`.
        let old = std::mem::replace(&mut self.derived, d);
        // Freeing the previous tables takes a while (about a fifth of a refresh):
        // leave it to another thread (if one cannot start, they are freed here).
        if !old.per_note.is_empty() {
            let _ = std::thread::Builder::new()
                .name("acct-free-index".into())
                .spawn(move || drop(old));
        }
        let linked: Vec<(String, Linked)> = self
            .notes
            .par_iter()
            .map(|(path, note)| (path.clone(), self.link_note(note)))
            .collect();
        self.derived.per_note = linked
            .into_iter()
            .map(|(path, l)| {
                let nd = NoteDerived {
                    outlinks: l.outlinks,
                    lookups: l.lookups,
                    account_target: l.account_target,
                    ..NoteDerived::default()
                };
                (path, nd)
            })
            .collect();
        type Owners = (BTreeSet<String>, Vec<String>);
        let owners: Vec<(&str, Owners)> = self
            .notes
            .par_iter()
            .map(|(path, note)| {
                let owners = self.owners_of(note);
                let activity_of = if self.derived.accounts.contains(path) {
                    Vec::new()
                } else {
                    owners.iter().cloned().collect()
                };
                (path.as_str(), (owners, activity_of))
            })
            .collect();
        for (path, (owners, activity_of)) in owners {
            let nd = self.derived.per_note.get_mut(path).expect("linked above");
            nd.owners = owners;
            nd.activity_of = activity_of;
        }
        let tasks: Vec<(&str, Vec<(String, usize)>)> = self
            .notes
            .par_iter()
            .filter(|(_, note)| !note.tasks.is_empty())
            .map(|(path, note)| (path.as_str(), self.task_owners(note)))
            .collect();
        for (path, tasks) in tasks {
            self.derived
                .per_note
                .get_mut(path)
                .expect("linked above")
                .tasks = tasks;
        }
        // The tables are independent of each other: fill them side by side.
        let d = &mut self.derived;
        let per_note = &d.per_note;
        let ((backlinks, link_users), ((account_users, activity), tasks)) = rayon::join(
            || {
                rayon::join(
                    || {
                        gather(per_note, |path, nd| {
                            nd.outlinks
                                .iter()
                                .flatten()
                                .filter(|t| *t != path)
                                .map(String::as_str)
                                .collect()
                        })
                    },
                    || {
                        gather(per_note, |_, nd| {
                            nd.lookups.iter().map(String::as_str).collect()
                        })
                    },
                )
            },
            || {
                rayon::join(
                    || {
                        rayon::join(
                            || {
                                gather(per_note, |_, nd| {
                                    nd.account_target.as_deref().into_iter().collect()
                                })
                            },
                            || {
                                gather(per_note, |_, nd| {
                                    nd.activity_of.iter().map(String::as_str).collect()
                                })
                            },
                        )
                    },
                    || {
                        let mut tasks: HashMap<String, BTreeSet<(String, usize)>> = HashMap::new();
                        for (path, nd) in per_note {
                            for (account, i) in &nd.tasks {
                                if let Some(set) = tasks.get_mut(account) {
                                    set.insert((path.clone(), *i));
                                } else {
                                    tasks.insert(
                                        account.clone(),
                                        BTreeSet::from([(path.clone(), *i)]),
                                    );
                                }
                            }
                        }
                        tasks
                    },
                )
            },
        );
        d.backlinks = backlinks;
        d.link_users = link_users;
        d.account_users = account_users;
        d.activity = activity;
        d.tasks = tasks;
    }

    /// Brings everything derived up to date after [`Index::upsert`]s and
    /// [`Index::remove`]s, re-deriving only what the changed notes can affect:
    ///
    /// 1. the changed notes' own archived and account status;
    /// 2. links of the changed notes, and of notes looking up a name a changed note
    ///    gained or lost (file name, path, title, alias, folder name);
    /// 3. the owners (activity) of those notes, of notes whose `account:` names a note
    ///    that became or stopped being an account, and of every note under a folder
    ///    whose folder-note account changed;
    /// 4. the task owners of all of those, and of notes linking to a note that became
    ///    or stopped being an account.
    ///
    /// Falls back to [`Index::refresh`] after a settings change.
    pub fn refresh_changed(&mut self) {
        if self.stale {
            self.refresh();
            return;
        }
        let changed = std::mem::take(&mut self.pending);
        let dirty = std::mem::take(&mut self.dirty_names);
        if changed.is_empty() {
            return;
        }
        // 1. Archived and account status.
        let mut flipped: Vec<&str> = Vec::new();
        let mut claimed: BTreeSet<String> = BTreeSet::new();
        for path in &changed {
            let note = self.notes.get(path);
            let archived = note.is_some() && is_archived_path(path, &self.settings.ignore_filters);
            let account = note.is_some_and(|n| self.is_account_note(n));
            set_member(&mut self.derived.archived, path, archived);
            if !set_member(&mut self.derived.accounts, path, account) {
                continue;
            }
            flipped.push(path);
            if let Some(folder) = note::folder_note_of(path) {
                let holders = self
                    .derived
                    .folder_accounts
                    .entry(folder.to_string())
                    .or_default();
                let before = holders.last().cloned();
                set_member(holders, path, account);
                if holders.last() != before.as_ref() {
                    claimed.insert(folder.to_string());
                }
                if holders.is_empty() {
                    self.derived.folder_accounts.remove(folder);
                }
            }
        }
        // 2. Links.
        let mut affected: BTreeSet<String> = changed.clone();
        for name in &dirty {
            if let Some(users) = self.derived.link_users.get(name) {
                affected.extend(users.iter().cloned());
            }
        }
        for path in &affected {
            self.derived.remove_links(path);
            if let Some(note) = self.notes.get(path) {
                let l = self.link_note(note);
                let nd = self.derived.per_note.entry(path.clone()).or_default();
                nd.outlinks = l.outlinks;
                nd.lookups = l.lookups;
                nd.account_target = l.account_target;
                self.derived.add_links(path);
            }
        }
        // 3. Owners and activity.
        for account in &flipped {
            if let Some(users) = self.derived.account_users.get(*account) {
                affected.extend(users.iter().cloned());
            }
        }
        for folder in &claimed {
            let prefix = format!("{folder}/");
            affected.extend(
                self.notes
                    .range(prefix.clone()..)
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(&prefix))
                    .cloned(),
            );
        }
        for path in &affected {
            self.derived.remove_owners(path);
            if let Some(note) = self.notes.get(path) {
                let owners = self.owners_of(note);
                let nd = self.derived.per_note.entry(path.clone()).or_default();
                if !self.derived.accounts.contains(path) {
                    nd.activity_of = owners.iter().cloned().collect();
                }
                nd.owners = owners;
                self.derived.add_activity(path);
            }
        }
        // 4. Task owners.
        for account in &flipped {
            if let Some(from) = self.derived.backlinks.get(*account) {
                affected.extend(from.iter().cloned());
            }
        }
        for path in &affected {
            self.derived.remove_tasks(path);
            if let Some(note) = self.notes.get(path)
                && !note.tasks.is_empty()
            {
                let tasks = self.task_owners(note);
                self.derived.per_note.entry(path.clone()).or_default().tasks = tasks;
                self.derived.add_tasks(path);
            }
        }
        for path in &changed {
            if !self.notes.contains_key(path) {
                self.derived.per_note.remove(path);
            }
        }
    }

    /// Resolves a note's links and its `account:`, noting the names looked up.
    fn link_note(&self, note: &Note) -> Linked {
        let path = note.path.as_str();
        let mut lookups = Vec::new();
        let outlinks = note
            .links
            .iter()
            .map(|l| {
                self.resolve_noting(&l.target, path, l.markdown, Some(&mut lookups))
                    .map(str::to_string)
            })
            .collect();
        let account_target = note.account.as_deref().and_then(|target| {
            self.resolve_noting(target, path, false, Some(&mut lookups))
                .map(str::to_string)
        });
        lookups.sort_unstable();
        lookups.dedup();
        Linked {
            outlinks,
            lookups,
            account_target,
        }
    }

    /// The accounts a note belongs to (needs its `account:` resolved).
    fn owners_of(&self, note: &Note) -> BTreeSet<String> {
        let path = note.path.as_str();
        let d = &self.derived;
        let mut owners = BTreeSet::new();
        if d.accounts.contains(path) {
            owners.insert(path.to_string());
            return owners;
        }
        if let Some(a) = d
            .per_note
            .get(path)
            .and_then(|nd| nd.account_target.as_ref())
            .filter(|a| d.accounts.contains(*a))
        {
            owners.insert(a.clone());
        }
        // A folder note that is an account claims the notes in its folder.
        let mut folder = note.folder();
        while !folder.is_empty() {
            if let Some(a) = d.folder_accounts.get(folder).and_then(|h| h.last()) {
                owners.insert(a.clone());
            }
            folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
        owners
    }

    /// The owners of each of a note's tasks (needs its links and owners derived).
    fn task_owners(&self, note: &Note) -> Vec<(String, usize)> {
        let path = note.path.as_str();
        let d = &self.derived;
        let Some(nd) = d.per_note.get(path) else {
            return Vec::new();
        };
        let base = &nd.owners;
        let linked = &nd.outlinks;
        let account_of = |target: &str| -> Option<String> {
            note.links
                .iter()
                .zip(linked)
                .find(|(l, _)| l.target == target)
                .and_then(|(_, r)| r.clone())
                .filter(|r| d.accounts.contains(r) && r != path)
        };
        let note_accounts: BTreeSet<String> = linked
            .iter()
            .flatten()
            .filter(|r| d.accounts.contains(*r) && *r != path)
            .cloned()
            .collect();
        let mut out = Vec::new();
        for (i, task) in note.tasks.iter().enumerate() {
            let task_accounts: BTreeSet<String> =
                task.links.iter().filter_map(|t| account_of(t)).collect();
            let mut owners: BTreeSet<&String> = base.iter().collect();
            owners.extend(task_accounts.iter());
            // A note naming exactly one account hands its tasks to it, unless the
            // note already belongs to an account or the task names another one.
            if base.is_empty()
                && note_accounts.len() == 1
                && task_accounts.is_subset(&note_accounts)
            {
                owners.extend(note_accounts.iter());
            }
            out.extend(owners.into_iter().map(|owner| (owner.clone(), i)));
        }
        out
    }

    fn is_account_note(&self, note: &Note) -> bool {
        let typed = note.field_text("type").is_some_and(|t| {
            self.account_types
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&t))
        }) || self
            .account_types
            .iter()
            .any(|a| note.has_tag(&format!("type/{a}")));
        typed && !is_activity(note)
    }

    /// Resolves a link target like Obsidian does, then by title/alias and folder name.
    /// Live notes win over archived ones; then the shortest path.
    pub fn resolve_link(&self, target: &str, from: &str, markdown: bool) -> Option<&str> {
        self.resolve_noting(target, from, markdown, None)
    }

    /// [`Index::resolve_link`], adding to `names` (when given) every name (see
    /// [`Names::names`]) the resolution may look up: each key it looks up or
    /// suffix-matches ends in one of them.
    fn resolve_noting(
        &self,
        target: &str,
        from: &str,
        markdown: bool,
        names: Option<&mut Vec<String>>,
    ) -> Option<&str> {
        let lower = link_key(target)?;
        let joined = markdown.then(|| {
            let folder = from.rsplit_once('/').map_or("", |(d, _)| d);
            normalize_path(&format!("{folder}/{lower}"))
        });
        let normalized = normalize_path(&lower);
        if let Some(names) = names {
            let start = names.len();
            for key in joined.iter().chain([&normalized, &lower]) {
                let name = last_segment(key);
                if !names[start..].iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
        if let Some(joined) = &joined
            && let Some(found) = self.pick(self.names.by_path.get(joined))
        {
            return Some(found);
        }
        if let Some(found) = self.pick(self.names.by_path.get(&normalized)) {
            return Some(found);
        }
        if lower.contains('/') {
            let suffix = format!("/{lower}");
            let candidates: Vec<String> = self
                .names
                .by_path
                .iter()
                .filter(|(k, _)| k.ends_with(&suffix))
                .flat_map(|(_, v)| v.iter().cloned())
                .collect();
            if let Some(found) = self.pick(Some(&candidates)) {
                return Some(found);
            }
        } else if let Some(found) = self.pick(self.names.by_stem.get(&lower)) {
            return Some(found);
        }
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        self.pick(self.names.by_title.get(name))
            .or_else(|| self.pick(self.names.by_folder.get(name)))
    }

    fn pick<'a>(&'a self, candidates: Option<&Vec<String>>) -> Option<&'a str> {
        candidates?
            .iter()
            .min_by_key(|p| (self.is_archived(p), p.len(), p.as_str()))
            .and_then(|p| {
                self.notes
                    .get_key_value(p.as_str())
                    .map(|(k, _)| k.as_str())
            })
    }

    pub fn note(&self, path: &str) -> Option<&Note> {
        self.notes.get(path)
    }

    /// All notes, by path.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.values()
    }

    pub fn len(&self) -> usize {
        self.notes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    pub fn is_archived(&self, path: &str) -> bool {
        self.derived.archived.contains(path)
    }

    pub fn is_account(&self, path: &str) -> bool {
        self.derived.accounts.contains(path)
    }

    /// Every account (archived included), by path.
    pub fn accounts(&self) -> impl Iterator<Item = &Note> {
        self.derived
            .accounts
            .iter()
            .filter_map(|p| self.notes.get(p))
    }

    /// The resolved targets of a note's links (parallel to `Note::links`).
    pub fn outlinks(&self, path: &str) -> &[Option<String>] {
        self.derived
            .per_note
            .get(path)
            .map_or(&[], |nd| nd.outlinks.as_slice())
    }

    /// Notes that link to `path`.
    pub fn backlinks(&self, path: &str) -> impl Iterator<Item = &str> {
        self.derived
            .backlinks
            .get(path)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Notes whose `account:` names the account, and notes in its folder when it is a folder note.
    pub fn activity(&self, account: &str) -> impl Iterator<Item = &str> {
        self.derived
            .activity
            .get(account)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// Activity notes plus the notes that link to the account.
    pub fn related(&self, account: &str) -> BTreeSet<&str> {
        self.activity(account)
            .chain(self.backlinks(account))
            .filter(|p| *p != account)
            .collect()
    }

    /// The accounts whose dashboard a note feeds: itself when it is one, the accounts
    /// it belongs to, links to, or hands tasks to. An edit that keeps the vault's names
    /// and accounts as they were changes no other account's list row.
    pub fn accounts_touched_by(&self, path: &str) -> BTreeSet<String> {
        let Some(nd) = self.derived.per_note.get(path) else {
            return BTreeSet::new();
        };
        let mut out: BTreeSet<String> = nd.owners.iter().cloned().collect();
        out.extend(
            nd.outlinks
                .iter()
                .flatten()
                .filter(|p| self.is_account(p))
                .cloned(),
        );
        out.extend(nd.tasks.iter().map(|(a, _)| a.clone()));
        out
    }

    /// All tasks that belong to an account (any status), in path/line order.
    pub fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)> {
        self.derived
            .tasks
            .get(account)
            .into_iter()
            .flatten()
            .filter_map(|(path, i)| {
                let note = self.notes.get(path)?;
                Some((note, note.tasks.get(*i)?))
            })
            .collect()
    }

    /// Every problem: reading, parsing and settings.
    pub fn problems(&self) -> Vec<Problem> {
        let mut all: Vec<Problem> = self.settings.problems.clone();
        all.extend(self.scan_problems.iter().cloned());
        all.extend(self.notes.values().flat_map(|n| n.problems.iter().cloned()));
        all
    }
}

/// An activity note is about an account rather than one: it names its account or is dated.
pub fn is_activity(note: &Note) -> bool {
    note.account.as_deref().is_some_and(|a| !a.is_empty()) || note.date.is_some()
}

static ARCHIVE_FOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[_.]?archive").unwrap());

/// Archived: under an `_archive`/`archive`/`.archive`/`_archived…` folder at any depth,
/// or matched by one of Obsidian's excluded-files filters.
pub fn is_archived_path(path: &str, ignore_filters: &[String]) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    if parts.iter().any(|p| ARCHIVE_FOLDER.is_match(p)) {
        return true;
    }
    ignore_filters.iter().any(|f| {
        if f.len() > 2 && f.starts_with('/') && f.ends_with('/') {
            Regex::new(&f[1..f.len() - 1]).is_ok_and(|re| re.is_match(path))
        } else {
            path.to_lowercase()
                .starts_with(&f.trim_start_matches('/').to_lowercase())
        }
    })
}

/// A link target as looked up: trimmed, without a leading `/` or `.md`, lower-cased.
fn link_key(target: &str) -> Option<String> {
    let target = target.trim().trim_start_matches('/');
    let target = target.strip_suffix(".md").unwrap_or(target);
    (!target.is_empty()).then(|| target.to_lowercase())
}

fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Removes `.` and `..` segments from a `/`-separated path.
fn normalize_path(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note;
    use crate::task::TaskStatuses;

    fn index(files: &[(&str, &str)]) -> Index {
        let notes = files
            .iter()
            .map(|(p, t)| note::parse(p, t.as_bytes(), &TaskStatuses::default()))
            .collect();
        Index::from_notes(
            Path::new("/v"),
            &Config::default(),
            VaultSettings::default(),
            notes,
        )
    }

    const ACCOUNT: &str = "---\ntype: customer\n---\n";

    #[test]
    fn resolves_like_obsidian_then_by_title_and_folder() {
        let ix = index(&[
            ("Customers/Acme/README.md", ACCOUNT),
            (
                "Customers/Beta.md",
                "---\ntitle: Beta Inc\naliases: [B]\n---\n",
            ),
            ("Other/Beta.md", ""),
            ("Deep/Other/Beta.md", ""),
            ("_archive/Gamma.md", ""),
            ("Gamma.md", ""),
        ]);
        assert_eq!(
            ix.resolve_link("Acme", "x.md", false),
            Some("Customers/Acme/README.md")
        );
        assert_eq!(
            ix.resolve_link("beta", "x.md", false),
            Some("Other/Beta.md")
        );
        assert_eq!(
            ix.resolve_link("Customers/Beta", "x.md", false),
            Some("Customers/Beta.md")
        );
        assert_eq!(
            ix.resolve_link("Beta Inc", "x.md", false),
            Some("Customers/Beta.md")
        );
        assert_eq!(
            ix.resolve_link("b", "x.md", false),
            Some("Customers/Beta.md")
        );
        assert_eq!(ix.resolve_link("Gamma", "x.md", false), Some("Gamma.md"));
        assert_eq!(ix.resolve_link("2025-12-19", "x.md", false), None);
        assert_eq!(
            ix.resolve_link("../Customers/Beta.md", "Other/x.md", true),
            Some("Customers/Beta.md")
        );
    }

    #[test]
    fn a_note_naming_many_accounts_keeps_its_tasks() {
        let ix = index(&[
            ("A.md", ACCOUNT),
            ("B.md", ACCOUNT),
            (
                "Weekly.md",
                "[[A]] and [[B]]\n- [ ] general\n- [ ] call [[A]]\n",
            ),
            (
                "Person.md",
                "Works with [[B]]\n- [ ] send notes\n- [ ] ask [[C]]\n",
            ),
            (
                "Lead.md",
                "Met [[A]] and [[B]]\n- [ ] nobody's\n- [ ] ask [[A]]\n",
            ),
            ("A/2025-01-02 Sync.md", "- [ ] folder task\n"),
            (
                "Meeting.md",
                "---\naccount: \"[[B]]\"\n---\n- [ ] follow up\n",
            ),
        ]);
        let texts = |a: &str| -> Vec<String> {
            ix.account_tasks(a)
                .iter()
                .map(|(_, t)| t.fields.text.clone())
                .collect()
        };
        assert_eq!(texts("A.md"), vec!["ask A", "call A"]);
        assert_eq!(texts("B.md"), vec!["follow up", "send notes", "ask C"]);
        assert!(ix.is_account("A.md") && !ix.is_account("Meeting.md"));
        assert_eq!(ix.activity("B.md").collect::<Vec<_>>(), vec!["Meeting.md"]);
    }

    #[test]
    fn apply_reads_from_disk_and_reports_only_real_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |p: &str, t: &str| {
            let path = root.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, t).unwrap();
        };
        write("Acme.md", "---\ntype: customer\n---\n- [ ] call\n");
        write("Old/a.md", "[[Acme]]\n");
        write("Old/b.md", "b\n");
        let mut ix = Index::build(root, &Config::default());
        assert_eq!(
            ix.backlinks("Acme.md").collect::<Vec<_>>(),
            vec!["Old/a.md"]
        );

        // A save that changed nothing reports nothing.
        assert!(ix.apply(&[Change::Upsert("Acme.md".into())]).is_empty());

        write(
            "Acme.md",
            "---\ntype: customer\n---\n- [ ] call\n- [ ] write\n",
        );
        std::fs::rename(root.join("Old"), root.join("New")).unwrap();
        let applied = ix.apply(&[
            Change::RemoveFolder("Old".into()),
            Change::Upsert("Acme.md".into()),
            Change::Upsert("New/a.md".into()),
            Change::Upsert("New/b.md".into()),
            Change::Upsert("vanished.md".into()),
        ]);
        let got: Vec<(ChangeKind, &str, Option<&str>)> = applied
            .notes
            .iter()
            .map(|c| (c.kind, c.path.as_str(), c.account.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (ChangeKind::Changed, "Acme.md", Some("Acme")),
                (ChangeKind::Added, "New/a.md", None),
                (ChangeKind::Added, "New/b.md", None),
                (ChangeKind::Removed, "Old/a.md", None),
                (ChangeKind::Removed, "Old/b.md", None),
            ]
        );
        assert_eq!(
            ix.backlinks("Acme.md").collect::<Vec<_>>(),
            vec!["New/a.md"]
        );
        assert_eq!(ix.account_tasks("Acme.md").len(), 2);

        std::fs::remove_file(root.join("Acme.md")).unwrap();
        let applied = ix.apply(&[Change::Rescan("test".into())]);
        assert_eq!(applied.rescanned.as_deref(), Some("test"));
        assert_eq!(
            applied.notes,
            vec![NoteChange {
                kind: ChangeKind::Removed,
                path: "Acme.md".into(),
                account: Some("Acme".into()),
            }]
        );
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn a_settings_change_makes_the_next_incremental_refresh_a_full_one() {
        let mut ix = index(&[("Templates/T.md", ACCOUNT), ("A.md", "[[T]]\n")]);
        assert!(!ix.is_archived("Templates/T.md"));
        ix.set_settings(VaultSettings {
            ignore_filters: vec!["Templates/".into()],
            ..VaultSettings::default()
        });
        ix.refresh_changed();
        assert!(ix.is_archived("Templates/T.md"));
        assert_eq!(ix.outlinks("A.md"), &[Some("Templates/T.md".to_string())]);
    }

    #[test]
    fn archived_paths() {
        assert!(is_archived_path("_archive/A.md", &[]));
        assert!(is_archived_path("x/_Archived-2025/A.md", &[]));
        assert!(is_archived_path("Archive/A.md", &[]));
        assert!(!is_archived_path("Archive.md", &[]));
        assert!(is_archived_path("Templates/T.md", &["Templates/".into()]));
        assert!(is_archived_path("T/x.md", &["/^T//".into()]));
    }
}
