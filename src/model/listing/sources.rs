//! What every account's row was computed from, kept with the rows: for each
//! note, its file's key, its standing, the names it can be found under, the
//! accounts it belongs to, the account each of its links resolves to and its
//! tasks' owners; and for the vault, every name its links look up and what
//! each wikilink target resolves to. A start after notes were edited, added or
//! removed — no account among those that came or went, no edited note's names
//! changed, no note come or gone under a name some link looks up — reads only
//! those notes and the notes of the accounts they feed, and recomputes only
//! those accounts' rows (docs/performance.md, "Rows after changes").

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use crate::config::{Cadence, Config};
use crate::index::{self, Index};
use crate::model::dashboard::{self, AccountSummary, RowFacts};
use crate::note::{self, Note, Task};
use crate::vault::cache::FileKey;
use crate::vault::{self, Survey, VaultSettings};

/// A note's place in the vault's sorted list of note paths.
type Id = u32;

/// Every note's share of the rows, in path order, and how the vault's links
/// resolve. Kept in parts, each decoded only when a start needs it (an edit
/// in place needs only the notes'), and written back as read when unchanged.
#[derive(Debug)]
pub(super) struct Sources {
    /// Of every note path, in order.
    paths_hash: u128,
    notes: Vec<NoteSource>,
    /// Every note path, sorted: a note's id is its place here.
    paths: Part<Vec<String>>,
    /// Each note's names (see [`index::names_of`]), hashed.
    names: Part<Vec<Vec<u64>>>,
    links: Part<Links>,
}

/// How the vault's links resolve.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Links {
    /// Every name (see [`index::names_of`]) a link or `account:` of the vault
    /// looks up, hashed; names are added as notes change and never taken out
    /// until the next index is built, so never fewer than the vault looks up.
    looked_up: HashSet<u64>,
    /// What each wikilink target (as [`index::link_key`] gives it) written in
    /// the vault resolves to. A wikilink resolves alike from every note, and
    /// stays resolved so while no note under a name it looks up comes or goes.
    resolved: HashMap<String, Option<Id>>,
}

/// A part of the kept sources: its bytes as read, or its value once decoded.
#[derive(Debug)]
enum Part<T> {
    Bytes(Vec<u8>),
    Value(T),
}

impl<T: Serialize + serde::de::DeserializeOwned> Part<T> {
    /// The value, decoded on first use; `None` when its bytes are damaged.
    fn get(&mut self) -> Option<&mut T> {
        if let Part::Bytes(bytes) = self {
            *self = Part::Value(postcard::from_bytes(bytes).ok()?);
        }
        match self {
            Part::Value(value) => Some(value),
            Part::Bytes(_) => None,
        }
    }

    fn take(self) -> Option<T> {
        match self {
            Part::Bytes(bytes) => postcard::from_bytes(&bytes).ok(),
            Part::Value(value) => Some(value),
        }
    }

    fn into_bytes(self) -> Option<Vec<u8>> {
        match self {
            Part::Bytes(bytes) => Some(bytes),
            Part::Value(value) => postcard::to_stdvec(&value).ok(),
        }
    }
}

/// The next length-prefixed part of `bytes` from `at`.
fn next_part<'a>(bytes: &'a [u8], at: &mut usize) -> Option<&'a [u8]> {
    let len = u64::from_le_bytes(bytes.get(*at..*at + 8)?.try_into().ok()?);
    let start = *at + 8;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    *at = end;
    bytes.get(start..end)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct NoteSource {
    key: FileKey,
    /// [`index::standing`]: its names, and whether it is an account.
    standing: u64,
    /// [`index::links_standing`]: its links and `account:`.
    links: u64,
    account: bool,
    /// The accounts it belongs to.
    owners: Vec<Id>,
    /// The account each of its links resolves to (`None`: no account, or
    /// itself); empty when none does.
    link_accounts: Vec<Option<Id>>,
    /// Its tasks' owners, as (account, task index).
    tasks: Vec<(Id, u32)>,
}

impl NoteSource {
    /// The accounts whose rows it feeds.
    fn feeds(&self) -> impl Iterator<Item = Id> + '_ {
        (self.owners.iter().copied())
            .chain(self.link_accounts.iter().flatten().copied())
            .chain(self.tasks.iter().map(|(a, _)| *a))
    }
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

fn paths_hash_of(paths: &[String]) -> u128 {
    paths_hash(paths.iter().map(String::as_str))
}

/// For two sorted lists of paths, where each path of one is in the other:
/// `None` when `new` is not sorted.
#[allow(clippy::type_complexity)]
fn align(old: &[String], new: &[String]) -> Option<(Vec<Option<Id>>, Vec<Option<usize>>)> {
    if !new.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut new_of_old: Vec<Option<Id>> = vec![None; old.len()];
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        match old[i].cmp(&new[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                new_of_old[i] = Some(j as Id);
                old_of_new[j] = Some(i);
                i += 1;
                j += 1;
            }
        }
    }
    Some((new_of_old, old_of_new))
}

fn name_hash(name: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(name.as_bytes())
}

/// What a note's links and `account:` resolve to.
struct Linked {
    /// See [`NoteSource::link_accounts`] (here one per link).
    link_accounts: Vec<Option<Id>>,
    account_target: Option<Id>,
}

impl Sources {
    /// The sources as kept (see [`Sources::encode`]); `None` when damaged.
    pub(super) fn decode(bytes: &[u8]) -> Option<Self> {
        let paths_hash = u128::from_le_bytes(bytes.get(..16)?.try_into().ok()?);
        let mut at = 16;
        let notes = postcard::from_bytes(next_part(bytes, &mut at)?).ok()?;
        let mut part = || next_part(bytes, &mut at).map(|b| b.to_vec());
        let (paths, names, links) = (part()?, part()?, part()?);
        (at == bytes.len()).then_some(Self {
            paths_hash,
            notes,
            paths: Part::Bytes(paths),
            names: Part::Bytes(names),
            links: Part::Bytes(links),
        })
    }

    /// The sources to keep, in parts written one after the other: the paths'
    /// hash, then each part with its length before it.
    pub(super) fn into_parts(self) -> Option<Vec<Vec<u8>>> {
        let notes = postcard::to_stdvec(&self.notes).ok()?;
        let mut out = vec![self.paths_hash.to_le_bytes().to_vec()];
        for bytes in [
            Some(notes),
            self.paths.into_bytes(),
            self.names.into_bytes(),
            self.links.into_bytes(),
        ] {
            let bytes = bytes?;
            out.push((bytes.len() as u64).to_le_bytes().to_vec());
            out.push(bytes);
        }
        Some(out)
    }

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
        let notes: Vec<&Note> = index.notes().collect();
        if notes.len() != keys.len() || paths_hash(notes.iter().map(|n| n.path.as_str())) != paths {
            return None;
        }
        let ids: HashMap<&str, Id> = (notes.iter().enumerate())
            .map(|(i, n)| (n.path.as_str(), i as Id))
            .collect();
        let id = |path: &str| ids.get(path).copied();
        let types = index::account_types(config);
        let sources: Vec<NoteSource> = notes
            .par_iter()
            .zip(keys)
            .map(|(note, key)| {
                let path = note.path.as_str();
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
                    links: index::links_standing(note),
                    account: index.is_account(path),
                    owners: index.owners(path).filter_map(id).collect(),
                    link_accounts: if any_account {
                        link_accounts
                    } else {
                        Vec::new()
                    },
                    tasks: (index.task_owners_of(path).iter())
                        .filter_map(|(a, i)| Some((id(a)?, u32::try_from(*i).ok()?)))
                        .collect(),
                }
            })
            .collect();
        let mut looked_up = HashSet::default();
        let mut resolved = HashMap::default();
        for note in &notes {
            let path = note.path.as_str();
            looked_up.extend(index.lookups(path).iter().map(|n| name_hash(n)));
            for (link, target) in note.links.iter().zip(index.outlinks(path)) {
                if !link.markdown
                    && let Some(key) = index::link_key(&link.target)
                {
                    resolved.insert(key, target.as_deref().and_then(id));
                }
            }
            if let Some(key) = note.account.as_deref().and_then(index::link_key) {
                resolved.insert(key, index.account_target(path).and_then(id));
            }
        }
        let names = notes
            .par_iter()
            .map(|note| index::names_of(note).iter().map(|n| name_hash(n)).collect())
            .collect();
        Some(Self {
            paths_hash: paths,
            notes: sources,
            paths: Part::Value(notes.iter().map(|n| n.path.clone()).collect()),
            names: Part::Value(names),
            links: Part::Value(Links {
                looked_up,
                resolved,
            }),
        })
    }

    /// The rows `rows` (every account's, as kept with these sources) brought up
    /// to date with the vault `survey` saw. `None` when that needs an index: an
    /// account came or went, an edited note's names differ, a note came or
    /// went under a name some link looks up, a new or relinked note has a link
    /// the vault never looked up (or a Markdown link), a note cannot be read or
    /// changed again while read, or so many notes changed that reading them is
    /// as quick.
    pub(super) fn update(
        self,
        mut rows: Vec<AccountSummary>,
        root: &Path,
        survey: &Survey,
        settings: &VaultSettings,
        config: &Config,
        today: NaiveDate,
    ) -> Option<Updated> {
        let Sources {
            paths_hash,
            notes: old_notes,
            paths: mut old_paths,
            names: mut old_names,
            mut links,
        } = self;
        let surveyed_hash = paths_hash_of(&survey.paths);
        // Which kept note each surveyed path is (both lists sorted); the same
        // list needs no look at the kept paths.
        let same_paths = surveyed_hash == paths_hash && survey.paths.len() == old_notes.len();
        let (new_of_old, old_of_new): (Vec<Option<Id>>, Vec<Option<usize>>) = if same_paths {
            let ids = 0..old_notes.len();
            (
                ids.clone().map(|i| Some(i as Id)).collect(),
                ids.map(Some).collect(),
            )
        } else {
            align(old_paths.get()?, &survey.paths)?
        };
        let removed: Vec<usize> = (0..old_notes.len())
            .filter(|i| new_of_old[*i].is_none())
            .collect();
        let added: Vec<usize> = (0..survey.paths.len())
            .filter(|j| old_of_new[*j].is_none())
            .collect();
        let changed: Vec<usize> = (0..survey.paths.len())
            .filter(|j| old_of_new[*j].is_some_and(|i| survey.keys[*j] != Some(old_notes[i].key)))
            .collect();
        if removed.len() + added.len() + changed.len() > (survey.paths.len() / 8).max(64) {
            return None;
        }
        if removed.iter().any(|r| old_notes[*r].account) {
            return None;
        }
        // The kept notes in the surveyed order, ids renumbered when notes came
        // or went (a removed note is no account, so only ids of notes a link
        // resolves to can name one: those make the update give up).
        let mut touched: BTreeSet<Id> = BTreeSet::new();
        let mut gone_names: Vec<u64> = Vec::new();
        let mut names: Option<Vec<Option<Vec<u64>>>> = None;
        let mut notes: Vec<Option<NoteSource>> = if removed.is_empty() && added.is_empty() {
            old_notes.into_iter().map(Some).collect()
        } else {
            let remap = |id: Id| new_of_old.get(id as usize).copied().flatten();
            let renumber = |n: &NoteSource| -> Option<NoteSource> {
                Some(NoteSource {
                    owners: n.owners.iter().map(|a| remap(*a)).collect::<Option<_>>()?,
                    link_accounts: (n.link_accounts.iter())
                        .map(|a| match a {
                            Some(a) => remap(*a).map(Some),
                            None => Some(None),
                        })
                        .collect::<Option<_>>()?,
                    tasks: (n.tasks.iter())
                        .map(|(a, t)| Some((remap(*a)?, *t)))
                        .collect::<Option<_>>()?,
                    ..n.clone()
                })
            };
            let mut kept_names = old_names.take()?;
            if kept_names.len() != old_notes.len() {
                return None;
            }
            for &r in &removed {
                let gone = renumber(&old_notes[r])?;
                touched.extend(gone.feeds());
                gone_names.extend(&kept_names[r]);
            }
            for target in links.get()?.resolved.values_mut() {
                if let Some(id) = target {
                    *target = Some(remap(*id)?);
                }
            }
            names = Some(
                (old_of_new.iter())
                    .map(|old| old.map(|i| std::mem::take(&mut kept_names[i])))
                    .collect(),
            );
            old_names = Part::Value(Vec::new());
            (old_of_new.iter())
                .map(|old| old.map(|i| renumber(&old_notes[i])))
                .map(|n| match n {
                    Some(None) => None,
                    Some(Some(n)) => Some(Some(n)),
                    None => Some(None),
                })
                .collect::<Option<_>>()?
        };
        let read = |i: usize| -> Option<Note> {
            let (note, key) =
                vault::read_note_keyed(root, &survey.paths[i], &settings.statuses).ok()?;
            // Changed since the survey: whatever it is now, the survey did not see it.
            (Some(key) == survey.keys[i]).then_some(note)
        };
        let types = index::account_types(config);
        let fresh: Vec<(usize, Note)> = (changed.iter().chain(&added))
            .copied()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|&i| Some((i, read(i)?)))
            .collect::<Option<_>>()?;
        // Where each account folder note's folder is (the last by path claims it).
        let folder_holders: OnceCell<HashMap<&str, Id>> = OnceCell::new();
        let holders = || {
            folder_holders.get_or_init(|| {
                let mut map: HashMap<&str, Id> = HashMap::default();
                for (i, n) in notes.iter().enumerate() {
                    if n.as_ref().is_some_and(|n| n.account)
                        && let Some(folder) = note::folder_note_of(&survey.paths[i])
                    {
                        map.insert(folder, i as Id);
                    }
                }
                map
            })
        };
        let is_account = |id: Id| {
            notes
                .get(id as usize)
                .and_then(Option::as_ref)
                .is_some_and(|n| n.account)
        };
        let mut looked_up_now: Vec<u64> = Vec::new();
        let mut came_names: Vec<(usize, Vec<u64>)> = Vec::new();
        let mut updates: Vec<(usize, NoteSource)> = Vec::with_capacity(fresh.len());
        for (i, note) in &fresh {
            let id = *i as Id;
            let kept = notes[*i].as_ref();
            let standing = index::standing(note, &types);
            let links_now = index::links_standing(note);
            let mut source = match kept {
                Some(kept) => {
                    if standing != kept.standing {
                        return None;
                    }
                    touched.extend(kept.feeds());
                    kept.clone()
                }
                None => {
                    if index::is_account(note, &types) {
                        return None;
                    }
                    let note_names = index::names_of(note).iter().map(|n| name_hash(n)).collect();
                    came_names.push((*i, note_names));
                    NoteSource {
                        key: survey.keys[*i]?,
                        standing,
                        links: links_now,
                        account: false,
                        owners: Vec::new(),
                        link_accounts: Vec::new(),
                        tasks: Vec::new(),
                    }
                }
            };
            if kept.is_none() || links_now != source.links {
                let linked = link(note, &links.get()?.resolved, id, &is_account)?;
                looked_up_now.extend(lookups(note).iter().map(|n| name_hash(n)));
                source.owners = if source.account {
                    vec![id]
                } else {
                    owners_of(note, linked.account_target, &is_account, holders())
                };
                let any_account = linked.link_accounts.iter().any(Option::is_some);
                source.link_accounts = if any_account {
                    linked.link_accounts
                } else {
                    Vec::new()
                };
                source.links = links_now;
            }
            let base: BTreeSet<Id> = source.owners.iter().copied().collect();
            let link_accounts = if source.link_accounts.is_empty() {
                vec![None; note.links.len()]
            } else {
                source.link_accounts.clone()
            };
            source.tasks = index::task_owners(note, &base, &link_accounts)
                .into_iter()
                .map(|(a, t)| Some((a, u32::try_from(t).ok()?)))
                .collect::<Option<_>>()?;
            source.key = survey.keys[*i]?;
            touched.extend(source.feeds());
            updates.push((*i, source));
        }
        if !looked_up_now.is_empty() || !came_names.is_empty() || !gone_names.is_empty() {
            let looked_up = &mut links.get()?.looked_up;
            looked_up.extend(looked_up_now);
            // No note came or went under a name any link looks up.
            let came = came_names.iter().flat_map(|(_, n)| n);
            if came.chain(&gone_names).any(|n| looked_up.contains(n)) {
                return None;
            }
        }
        for (i, source) in updates {
            notes[i] = Some(source);
        }
        let names = match names {
            Some(mut names) => {
                for (i, came) in came_names {
                    names[i] = Some(came);
                }
                Part::Value(names.into_iter().collect::<Option<_>>()?)
            }
            None => old_names,
        };
        let notes: Vec<NoteSource> = notes.into_iter().collect::<Option<_>>()?;
        // What the touched accounts' rows read: their notes, activity and tasks.
        let mut activity: HashMap<Id, Vec<Id>> = HashMap::default();
        let mut tasks: HashMap<Id, Vec<(Id, u32)>> = HashMap::default();
        let mut needed: BTreeSet<Id> = touched.clone();
        for (i, n) in notes.iter().enumerate() {
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
        let mut read_notes: HashMap<Id, Note> =
            fresh.into_iter().map(|(i, n)| (i as Id, n)).collect();
        let fresh_count = read_notes.len();
        let unread: Vec<Id> = (needed.iter().copied())
            .filter(|i| !read_notes.contains_key(i))
            .collect();
        let more: Vec<(Id, Note)> = unread
            .par_iter()
            .map(|&i| Some((i, read(i as usize)?)))
            .collect::<Option<_>>()?;
        let notes_read = fresh_count + more.len();
        read_notes.extend(more);
        let path = |i: &Id| survey.paths[*i as usize].as_str();
        let facts = Facts {
            notes: read_notes.values().map(|n| (n.path.as_str(), n)).collect(),
            activity: (activity.iter())
                .map(|(a, list)| (path(a), list.iter().map(path).collect()))
                .collect(),
            tasks: (tasks.iter())
                .map(|(a, list)| {
                    let list = list.iter().map(|(n, t)| (path(n), *t as usize));
                    (path(a), list.collect())
                })
                .collect(),
            settings,
            cadence: config.cadence(),
        };
        let fresh_rows: Vec<AccountSummary> = (touched.iter())
            .filter(|a| notes[**a as usize].account)
            .map(|a| Some(dashboard::summary(&facts, read_notes.get(a)?, today)))
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
            sources: Sources {
                paths_hash: surveyed_hash,
                notes,
                paths: if same_paths {
                    old_paths
                } else {
                    Part::Value(survey.paths.clone())
                },
                names,
                links,
            },
            notes_read,
            rows_computed,
        })
    }
}

/// What `note`'s wikilinks and `account:` resolve to, as the vault resolved
/// them (`resolved`); `None` when it has a Markdown link (resolved from its
/// folder) or a target the vault never looked up.
fn link(
    note: &Note,
    resolved: &HashMap<String, Option<Id>>,
    id: Id,
    is_account: &impl Fn(Id) -> bool,
) -> Option<Linked> {
    let lookup = |target: &str| -> Option<Option<Id>> {
        match index::link_key(target) {
            Some(key) => resolved.get(&key).copied(),
            None => Some(None),
        }
    };
    let mut link_accounts = Vec::with_capacity(note.links.len());
    for l in &note.links {
        if l.markdown {
            return None;
        }
        let target = lookup(&l.target)?;
        link_accounts.push(target.filter(|t| *t != id && is_account(*t)));
    }
    let account_target = match note.account.as_deref() {
        Some(account) => lookup(account)?,
        None => None,
    };
    Some(Linked {
        link_accounts,
        account_target,
    })
}

/// The names `note`'s links and `account:` look up.
fn lookups(note: &Note) -> Vec<String> {
    let path = note.path.as_str();
    let mut names: Vec<String> = (note.links.iter())
        .flat_map(|l| index::looked_up_names(&l.target, path, l.markdown))
        .collect();
    if let Some(account) = &note.account {
        names.extend(index::looked_up_names(account, path, false));
    }
    names
}

/// The accounts a note that is no account belongs to: the one its `account:`
/// names, and the folder-note accounts of the folders it sits in.
fn owners_of(
    note: &Note,
    account_target: Option<Id>,
    is_account: &impl Fn(Id) -> bool,
    holders: &HashMap<&str, Id>,
) -> Vec<Id> {
    let mut owners = BTreeSet::new();
    if let Some(a) = account_target.filter(|a| is_account(*a)) {
        owners.insert(a);
    }
    let mut folder = note.folder();
    while !folder.is_empty() {
        if let Some(a) = holders.get(folder) {
            owners.insert(*a);
        }
        folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    owners.into_iter().collect()
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
