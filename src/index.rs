//! The in-memory index of a vault: notes, names, links, accounts, activity and
//! task ownership. Notes can be added, replaced or removed one at a time;
//! [`Index::refresh`] then brings everything derived up to date.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::change::{Applied, Change, ChangeKind, NoteChange};
use crate::config::Config;
use crate::note::{Note, Task};
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
#[derive(Debug, Default)]
struct Derived {
    archived: BTreeSet<String>,
    accounts: BTreeSet<String>,
    /// Per note, the resolved path of each of its links (parallel to `Note::links`).
    outlinks: HashMap<String, Vec<Option<String>>>,
    backlinks: HashMap<String, BTreeSet<String>>,
    activity: HashMap<String, BTreeSet<String>>,
    /// Per account, its tasks as (note path, task index), in path/line order.
    tasks: HashMap<String, Vec<(String, usize)>>,
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

    /// Adds or replaces one note. Call [`Index::refresh`] after a batch.
    pub fn upsert(&mut self, note: Note) {
        if let Some(old) = self.notes.remove(&note.path) {
            self.names.remove(&old);
        }
        self.names.add(&note);
        self.notes.insert(note.path.clone(), note);
    }

    /// Removes one note; returns it if it was indexed. Call [`Index::refresh`] after a batch.
    pub fn remove(&mut self, path: &str) -> Option<Note> {
        let old = self.notes.remove(path)?;
        self.names.remove(&old);
        Some(old)
    }

    /// Replaces the vault's `.obsidian` settings (the Tasks statuses re-derive task types).
    pub fn set_settings(&mut self, settings: VaultSettings) {
        for note in self.notes.values_mut() {
            for task in &mut note.tasks {
                task.status = settings.statuses.kind(task.symbol);
            }
        }
        self.settings = settings;
    }

    /// Applies one batch of changes from the watcher: re-reads upserted notes from disk
    /// (a note gone by now is removed), applies removals, re-reads the settings, or
    /// rebuilds everything on a rescan; then refreshes everything derived once.
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
        self.refresh();
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

    /// Recomputes links, backlinks, accounts, activity and task ownership.
    pub fn refresh(&mut self) {
        let mut d = Derived::default();
        for note in self.notes.values() {
            if is_archived_path(&note.path, &self.settings.ignore_filters) {
                d.archived.insert(note.path.clone());
            }
        }
        self.derived.archived = std::mem::take(&mut d.archived);
        for note in self.notes.values() {
            if self.is_account_note(note) {
                d.accounts.insert(note.path.clone());
            }
        }
        d.outlinks = self
            .notes
            .par_iter()
            .map(|(path, note)| {
                let resolved = note
                    .links
                    .iter()
                    .map(|l| {
                        self.resolve_link(&l.target, path, l.markdown)
                            .map(str::to_string)
                    })
                    .collect();
                (path.clone(), resolved)
            })
            .collect();
        for (from, targets) in &d.outlinks {
            for target in targets.iter().flatten() {
                if target != from {
                    d.backlinks
                        .entry(target.clone())
                        .or_default()
                        .insert(from.clone());
                }
            }
        }
        // A folder note that is an account claims the notes in its folder.
        let folder_accounts: HashMap<&str, &str> = d
            .accounts
            .iter()
            .filter_map(|a| self.notes[a].folder_note_of().map(|f| (f, a.as_str())))
            .collect();
        let mut owners_of_note: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for note in self.notes.values() {
            let path = note.path.as_str();
            let mut owners = BTreeSet::new();
            if d.accounts.contains(path) {
                owners.insert(path.to_string());
            } else {
                if let Some(target) = note.account.as_deref()
                    && let Some(a) = self
                        .resolve_link(target, path, false)
                        .filter(|a| d.accounts.contains(*a))
                {
                    owners.insert(a.to_string());
                }
                let mut folder = note.folder();
                while !folder.is_empty() {
                    if let Some(a) = folder_accounts.get(folder) {
                        owners.insert((*a).to_string());
                    }
                    folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
                }
                for a in &owners {
                    d.activity
                        .entry(a.clone())
                        .or_default()
                        .insert(path.to_string());
                }
            }
            owners_of_note.insert(path, owners);
        }
        for note in self.notes.values() {
            if note.tasks.is_empty() {
                continue;
            }
            let path = note.path.as_str();
            let base = &owners_of_note[path];
            let linked = &d.outlinks[path];
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
            for (i, task) in note.tasks.iter().enumerate() {
                let task_accounts: BTreeSet<String> =
                    task.links.iter().filter_map(|t| account_of(t)).collect();
                let mut owners: BTreeSet<String> = base.iter().cloned().collect();
                owners.extend(task_accounts.iter().cloned());
                // A note naming exactly one account hands its tasks to it, unless the
                // note already belongs to an account or the task names another one.
                if base.is_empty()
                    && note_accounts.len() == 1
                    && task_accounts.is_subset(&note_accounts)
                {
                    owners.extend(note_accounts.iter().cloned());
                }
                for owner in owners {
                    d.tasks
                        .entry(owner)
                        .or_default()
                        .push((path.to_string(), i));
                }
            }
        }
        d.archived = std::mem::take(&mut self.derived.archived);
        self.derived = d;
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
        let target = target.trim().trim_start_matches('/');
        let target = target.strip_suffix(".md").unwrap_or(target);
        if target.is_empty() {
            return None;
        }
        let lower = target.to_lowercase();
        if markdown {
            let folder = from.rsplit_once('/').map_or("", |(d, _)| d);
            let joined = normalize_path(&format!("{folder}/{lower}"));
            if let Some(found) = self.pick(self.names.by_path.get(&joined)) {
                return Some(found);
            }
        }
        if let Some(found) = self.pick(self.names.by_path.get(&normalize_path(&lower))) {
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
        self.derived.outlinks.get(path).map_or(&[], Vec::as_slice)
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
    fn archived_paths() {
        assert!(is_archived_path("_archive/A.md", &[]));
        assert!(is_archived_path("x/_Archived-2025/A.md", &[]));
        assert!(is_archived_path("Archive/A.md", &[]));
        assert!(!is_archived_path("Archive.md", &[]));
        assert!(is_archived_path("Templates/T.md", &["Templates/".into()]));
        assert!(is_archived_path("T/x.md", &["/^T//".into()]));
    }
}
