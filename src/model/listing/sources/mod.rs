//! What every account's row was computed from, kept with the rows: for each
//! note, its file's key, its standing, the names it can be found under, the
//! accounts it belongs to, the account each of its links resolves to and its
//! tasks' owners; and for the vault, every name its links look up and what
//! each wikilink target resolves to. A start after notes were edited, added or
//! removed — no account among those that came or went, no edited note's names
//! changed, no note come or gone under a name some link looks up — reads only
//! those notes and the notes of the accounts they feed, and recomputes only
//! those accounts' rows (docs/performance.md, "Rows after changes").

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::{Deserialize, Serialize};

use crate::index::{self, Index};
use crate::note::Note;
use crate::vault::cache::FileKey;

mod facts;
mod update;

pub(super) use update::give_up;

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

/// Of every path, in order.
pub(super) fn paths_hash<'a>(paths: impl Iterator<Item = &'a str>) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for path in paths {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
    }
    hasher.digest128()
}

fn name_hash(name: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(name.as_bytes())
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
        // Each part encoded on a core of its own: a first start waits for them.
        let Self {
            paths_hash,
            notes,
            paths,
            names,
            links,
        } = self;
        let ((notes, paths), (names, links)) = rayon::join(
            || rayon::join(|| postcard::to_stdvec(&notes).ok(), || paths.into_bytes()),
            || rayon::join(|| names.into_bytes(), || links.into_bytes()),
        );
        let mut out = vec![paths_hash.to_le_bytes().to_vec()];
        for bytes in [notes, paths, names, links] {
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
    pub(super) fn of_index(index: &Index, paths: u128, keys: &[FileKey]) -> Option<Self> {
        let notes: Vec<&Note> = index.notes().collect();
        if notes.len() != keys.len() || paths_hash(notes.iter().map(|n| n.path.as_str())) != paths {
            return None;
        }
        let ids: HashMap<&str, Id> = (notes.iter().enumerate())
            .map(|(i, n)| (n.path.as_str(), i as Id))
            .collect();
        let id = |path: &str| ids.get(path).copied();
        let mut is_account = vec![false; notes.len()];
        for account in index.accounts().filter_map(|n| id(&n.path)) {
            is_account[account as usize] = true;
        }
        // Each note's share, names, lookups and wikilink targets, on every
        // core; the vault's lookups and targets merged after.
        type Share = (NoteSource, Vec<u64>, Vec<u64>, Vec<(String, Option<Id>)>);
        let shares: Vec<Share> = (notes.par_iter().zip(keys).enumerate())
            .map(|(i, (note, key))| {
                let path = note.path.as_str();
                let outlinks = index.outlinks(path);
                let link_accounts: Vec<Option<Id>> = (outlinks.iter())
                    .map(|r| {
                        r.as_deref()
                            .and_then(id)
                            .filter(|r| *r as usize != i && is_account[*r as usize])
                    })
                    .collect();
                let any_account = link_accounts.iter().any(Option::is_some);
                let source = NoteSource {
                    key: *key,
                    standing: index::standing_of(note, is_account[i]),
                    links: index::links_standing(note),
                    account: is_account[i],
                    owners: index.owners(path).filter_map(id).collect(),
                    link_accounts: if any_account {
                        link_accounts
                    } else {
                        Vec::new()
                    },
                    tasks: (index.task_owners_of(path).iter())
                        .filter_map(|(a, i)| Some((id(a)?, u32::try_from(*i).ok()?)))
                        .collect(),
                };
                let names = index::names_of(note).iter().map(|n| name_hash(n)).collect();
                let lookups = index.lookups(path).iter().map(|n| name_hash(n)).collect();
                let mut targets: Vec<(String, Option<Id>)> = (note.links.iter().zip(outlinks))
                    .filter(|(link, _)| !link.markdown)
                    .filter_map(|(link, target)| {
                        Some((
                            index::link_key(&link.target)?,
                            target.as_deref().and_then(id),
                        ))
                    })
                    .collect();
                if let Some(key) = note.account.as_deref().and_then(index::link_key) {
                    targets.push((key, index.account_target(path).and_then(id)));
                }
                (source, names, lookups, targets)
            })
            .collect();
        let mut sources = Vec::with_capacity(shares.len());
        let mut names = Vec::with_capacity(shares.len());
        let mut looked_up = HashSet::default();
        let mut resolved = HashMap::default();
        for (source, note_names, lookups, targets) in shares {
            sources.push(source);
            names.push(note_names);
            looked_up.extend(lookups);
            resolved.extend(targets);
        }
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
}
