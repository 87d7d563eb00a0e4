//! The in-memory index of a vault: notes, names, links, accounts, activity and
//! task ownership. Notes can be added, replaced or removed one at a time;
//! [`Index::refresh_changed`] then re-derives only what those notes can affect
//! ([`Index::refresh`] re-derives everything).

mod apply;
pub mod change;
mod derive;
mod names;
mod paths;
mod standing;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;
// The index's tables are keyed by vault paths from the person's own vault: a
// fast hash beats SipHash's protection against crafted keys (docs/performance.md).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::config::Config;
use crate::index::change::{Applied, ChangeKind, NoteChange, Update};
use crate::note::{self, Note, Task};
use crate::problem::Problem;
use crate::vault::{self, IgnoreFilters, VaultRead, VaultSettings};
use derive::Derived;
pub use derive::task_owners;
use names::Names;
pub use names::{link_key, looked_up_names, names_of};
pub use paths::{NotePath, Sorted};
pub use standing::{is_account, links_standing, standing, standing_of};

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
    /// The config's contact cadence per status (docs/vault.md, "Contact").
    pub cadence: crate::config::Cadence,
    notes: BTreeMap<NotePath, Note>,
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
    /// Every path the notes re-derived since [`Index::apply`] began named in
    /// their share of the tables, before and after (see
    /// [`Applied::touched`](change::Applied::touched)); `None` once everything
    /// was re-derived.
    touched: Option<BTreeSet<NotePath>>,
}

impl Index {
    /// Scans and reads a whole vault (in parallel) and derives everything.
    pub fn build(root: &Path, config: &Config) -> Self {
        Self::build_counting(root, config, &vault::Progress::default())
    }

    /// [`Index::build`], counting the notes read in `progress` (for a progress display).
    pub fn build_counting(root: &Path, config: &Config, progress: &vault::Progress) -> Self {
        Self::from_read(root, config, vault::read_vault(root, progress))
    }

    /// An index over a vault already read, with the config's account types and
    /// contact cadence.
    pub fn from_read(root: &Path, config: &Config, read: VaultRead) -> Self {
        let mut index = Self::from_parts(root, account_types(config), read);
        index.cadence = config.cadence();
        index
    }

    /// [`Index::build_counting`] through the parse cache `mode` names; also
    /// returns the cache to write when the vault differed from it (written by
    /// the caller, off the thread that needs the index).
    pub fn build_cached(
        root: &Path,
        config: &Config,
        progress: &vault::Progress,
        mode: &vault::CacheMode,
    ) -> (Self, Option<vault::CacheUpdate>) {
        let (read, update) = vault::read_vault_cached(root, progress, mode);
        (Self::from_read(root, config, read), update)
    }

    /// An index over a vault already read (the caller sets the cadence).
    fn from_parts(root: &Path, account_types: Vec<String>, read: VaultRead) -> Self {
        let mut index = Self::with_notes(root, account_types, read.settings, read.notes);
        index.scan_problems = read.problems;
        index
    }

    /// An index over notes already parsed (used by `build` and by tests).
    pub fn from_notes(
        root: &Path,
        config: &Config,
        settings: VaultSettings,
        notes: Vec<Note>,
    ) -> Self {
        let mut index = Self::with_notes(root, account_types(config), settings, notes);
        index.cadence = config.cadence();
        index
    }

    fn with_notes(
        root: &Path,
        account_types: Vec<String>,
        settings: VaultSettings,
        notes: Vec<Note>,
    ) -> Self {
        let mut index = Self {
            root: root.to_path_buf(),
            account_types,
            settings,
            ..Self::default()
        };
        let started = std::time::Instant::now();
        let keys: Vec<[Vec<String>; 5]> = notes.par_iter().map(Names::keys).collect();
        let keyed = started.elapsed();
        // Each path allocated once, shared by every table that names the note.
        let paths: Vec<NotePath> = (notes.iter())
            .map(|n| NotePath::from(n.path.as_str()))
            .collect();
        let names = &mut index.names;
        let named = paths.iter().zip(keys).collect();
        // The name tables and the notes' table side by side; the notes' table is
        // built in one pass from the notes in path order (the scan sorts them),
        // not by a search per insertion.
        let ((), notes) = rayon::join(
            || names.add_all(named),
            || paths.iter().cloned().zip(notes).collect(),
        );
        index.notes = notes;
        let tabled = started.elapsed();
        index.refresh();
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
        tracing::debug!(
            name_keys_ms = keyed.as_secs_f64() * 1e3,
            tables_ms = (tabled - keyed).as_secs_f64() * 1e3,
            derive_ms = (started.elapsed() - tabled).as_secs_f64() * 1e3,
            peak_mib = crate::logging::memory_mib().map(|m| m.0),
            "index built"
        );
        index
    }
}

/// The configured account types, lower-cased as they are compared.
pub fn account_types(config: &Config) -> Vec<String> {
    config
        .account_types()
        .iter()
        .map(|t| t.to_lowercase())
        .collect()
}

impl Index {
    pub fn note(&self, path: &str) -> Option<&Note> {
        self.notes.get(path)
    }

    /// The index's own handle on a note's path, shared by its tables.
    pub fn path_handle(&self, path: &str) -> Option<NotePath> {
        self.notes.get_key_value(path).map(|(k, _)| k.clone())
    }

    /// All notes, by path.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.notes.values()
    }

    /// The notes inside `folder` (any depth), by path; every note when it is `""`.
    pub fn notes_under(&self, folder: &str) -> impl Iterator<Item = &Note> {
        // Paths under `F/` sort between `F/` and `F0` (`0` follows `/`).
        let (from, to) = (format!("{folder}/"), format!("{folder}0"));
        let range = if folder.is_empty() {
            (Bound::Unbounded, Bound::Unbounded)
        } else {
            (Bound::Included(from.as_str()), Bound::Excluded(to.as_str()))
        };
        self.notes.range::<str, _>(range).map(|(_, n)| n)
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
    pub fn outlinks(&self, path: &str) -> &[Option<NotePath>] {
        self.derived
            .per_note
            .get(path)
            .map_or(&[], |nd| nd.outlinks.as_slice())
    }

    /// The accounts a note belongs to.
    pub fn owners(&self, path: &str) -> impl Iterator<Item = &str> {
        (self.derived.per_note.get(path).into_iter()).flat_map(|nd| nd.owners.iter().map(|p| &**p))
    }

    /// The names (see [`names_of`]) a note's links and `account:` looked up.
    pub fn lookups(&self, path: &str) -> &[String] {
        self.derived
            .per_note
            .get(path)
            .map_or(&[], |nd| nd.lookups.as_slice())
    }

    /// What a note's `account:` resolves to.
    pub fn account_target(&self, path: &str) -> Option<&str> {
        self.derived.per_note.get(path)?.account_target.as_deref()
    }

    /// A note's tasks' owners, as (account, task index).
    pub fn task_owners_of(&self, path: &str) -> &[(NotePath, usize)] {
        self.derived
            .per_note
            .get(path)
            .map_or(&[], |nd| nd.tasks.as_slice())
    }

    /// Notes that link to `path`.
    pub fn backlinks(&self, path: &str) -> impl Iterator<Item = &str> {
        self.derived
            .backlinks
            .get(path)
            .into_iter()
            .flatten()
            .map(|p| &**p)
    }

    /// Notes whose `account:` names the account, and notes in its folder when it is a folder note.
    pub fn activity(&self, account: &str) -> impl Iterator<Item = &str> {
        self.derived
            .activity
            .get(account)
            .into_iter()
            .flatten()
            .map(|p| &**p)
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
        let mut out: BTreeSet<String> = nd.owners.iter().map(|p| p.to_string()).collect();
        out.extend(
            nd.outlinks
                .iter()
                .flatten()
                .filter(|p| self.is_account(p))
                .map(|p| p.to_string()),
        );
        out.extend(nd.tasks.iter().map(|(a, _)| a.to_string()));
        out
    }

    /// All tasks that belong to an account (any status), in path/line order.
    pub fn account_tasks(&self, account: &str) -> Vec<(&Note, &Task)> {
        self.each_account_task(account).collect()
    }

    /// [`Index::account_tasks`], one at a time.
    pub fn each_account_task(&self, account: &str) -> impl Iterator<Item = (&Note, &Task)> {
        // The tasks come note by note (in path order): each note is looked up
        // once, not once per task (docs/performance.md, "The index's tables").
        let mut last: Option<(&NotePath, &Note)> = None;
        self.derived
            .tasks
            .get(account)
            .into_iter()
            .flatten()
            .filter_map(move |(path, i)| {
                let note = match last {
                    // The same handle, mostly: compared by address first.
                    Some((seen, note)) if seen == path => note,
                    _ => {
                        let note = self.notes.get(&**path)?;
                        last = Some((path, note));
                        note
                    }
                };
                Some((note, note.tasks.get(*i)?))
            })
    }

    /// Every problem: reading, parsing and settings.
    pub fn problems(&self) -> Vec<Problem> {
        use crate::problem::Kind;
        let mut all: Vec<Problem> = (self.settings.problems.iter())
            .map(|p| p.clone().of_kind(Kind::Settings))
            .collect();
        all.extend(
            self.scan_problems
                .iter()
                .map(|p| p.clone().of_kind(Kind::Read)),
        );
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
pub fn is_archived_path(path: &str, ignore_filters: &IgnoreFilters) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.iter().any(|p| ARCHIVE_FOLDER.is_match(p)) || ignore_filters.matches(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note;
    use crate::note::task::TaskStatuses;

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
    fn partial_paths_resolve_to_the_notes_they_end() {
        // Obsidian writes `[[Acme/README]]` when `README` alone is not unique.
        let ix = index(&[
            ("Customers/Acme/README.md", ACCOUNT),
            ("Customers/Beta/README.md", ACCOUNT),
            ("_archive/Customers/Acme/README.md", ACCOUNT),
            ("Partners/Deep/Acme/README.md", ""),
            ("Notes/Acme/readme.md", ""),
            ("Acme/README.md", ""),
        ]);
        let at = |target: &str| ix.resolve_link(target, "x.md", false);
        // The exact path wins; then, among paths ending in it, live before
        // archived, then the shortest.
        assert_eq!(at("Acme/README"), Some("Acme/README.md"));
        assert_eq!(
            at("Customers/Acme/README"),
            Some("Customers/Acme/README.md")
        );
        assert_eq!(at("beta/readme"), Some("Customers/Beta/README.md"));
        assert_eq!(at("Deep/Acme/README"), Some("Partners/Deep/Acme/README.md"));
        assert_eq!(
            at("customers/acme/readme.md"),
            Some("Customers/Acme/README.md")
        );
        assert_eq!(at("Gamma/README"), None);
        assert_eq!(at("cme/README"), None, "a suffix of a segment is no match");
        let ix = index(&[
            ("_archive/Customers/Zed/README.md", ACCOUNT),
            ("Old/Zed/README.md", ""),
            ("Customers/Zed/README.md", ACCOUNT),
        ]);
        assert_eq!(
            ix.resolve_link("Zed/README", "x.md", false),
            Some("Old/Zed/README.md"),
            "live first, then the shortest path"
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
                .map(|(_, t)| t.fields.text.to_string())
                .collect()
        };
        assert_eq!(texts("A.md"), vec!["ask A", "call A"]);
        assert_eq!(texts("B.md"), vec!["follow up", "send notes", "ask C"]);
        assert!(ix.is_account("A.md") && !ix.is_account("Meeting.md"));
        assert_eq!(ix.activity("B.md").collect::<Vec<_>>(), vec!["Meeting.md"]);
    }

    #[test]
    fn a_settings_change_makes_the_next_incremental_refresh_a_full_one() {
        let mut ix = index(&[("Templates/T.md", ACCOUNT), ("A.md", "[[T]]\n")]);
        assert!(!ix.is_archived("Templates/T.md"));
        ix.set_settings(VaultSettings {
            ignore_filters: IgnoreFilters::new(&["Templates/"]),
            ..VaultSettings::default()
        });
        ix.refresh_changed();
        assert!(ix.is_archived("Templates/T.md"));
        assert_eq!(
            ix.outlinks("A.md"),
            &[Some(NotePath::from("Templates/T.md"))]
        );
    }

    #[test]
    fn archived_paths() {
        let none = IgnoreFilters::default();
        assert!(is_archived_path("_archive/A.md", &none));
        assert!(is_archived_path("x/_Archived-2025/A.md", &none));
        assert!(is_archived_path("Archive/A.md", &none));
        assert!(!is_archived_path("Archive.md", &none));
        let filters = IgnoreFilters::new(&["Templates/", "/^T//"]);
        assert!(is_archived_path("Templates/T.md", &filters));
        assert!(is_archived_path("T/x.md", &filters));
        assert!(!is_archived_path("Notes/x.md", &filters));
    }
}
