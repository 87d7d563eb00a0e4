//! The incremental refresh must leave the index exactly as a full rebuild would.
//!
//! Random small vaults (accounts, folder-note accounts, archived folders, meeting
//! notes with `account:`, links by file name, path, title, alias, folder name and
//! relative Markdown path, tasks linking accounts) go through random batches of
//! upserts, removals and renames, parsed as the watcher's thread hands them over
//! and applied with `Index::apply` (which reads no file: the index's root does not
//! exist). After every batch, every public query is compared with
//! `Index::from_notes` over the same notes.

use std::collections::BTreeMap;
use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::index::change::Update;
use acct::note::task::TaskStatuses;
use acct::note::{self, Note};
use acct::vault::{IgnoreFilters, VaultSettings};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Paths chosen so that names collide: folder notes of every kind, the same file
/// name live and archived, at different depths, notes inside folder-note folders.
const PATHS: &[&str] = &[
    "Acme.md",
    "Customers/Acme.md",
    "Customers/Acme/README.md",
    "Customers/Acme/Acme.md",
    "Customers/Acme/index.md",
    "Customers/Acme/2025-01-02 Sync.md",
    "Customers/Acme/Sub/Notes.md",
    "Customers/Acme/Sub/README.md",
    "Customers/Beta.md",
    "Beta/Beta.md",
    "Beta/Call.md",
    "_archive/Acme.md",
    "_archive/Beta/README.md",
    "_archive/Beta/Call.md",
    "_archive.md",
    // Exotic, so that every name a lookup records is needed: `[[Customers/Acme/..]]`
    // finds `Customers.md` by path, `[[Acme/]]` finds `Customers/Acme/.md` by suffix.
    "Customers.md",
    "Customers/Acme/.md",
    "Meetings/2025-03-04 Acme.md",
    "Meetings/Notes.md",
    "People/Jo.md",
    "Templates/Gamma.md",
    "Gamma.md",
];

/// Link targets, titles, aliases and `account:` values.
const NAMES: &[&str] = &[
    "Acme",
    "acme",
    "Beta",
    "Gamma",
    "Acme Corp",
    "B",
    "Notes",
    "README",
    "Customers/Acme",
    "Customers/Beta",
    "Sub",
    "Jo",
    "Call",
    "index",
    "2025-01-02 Sync",
    "Nothing",
    "Customers/Acme/..",
    "Acme/",
];

/// Relative Markdown link destinations.
const MARKDOWN: &[&str] = &[
    "Acme.md",
    "../Beta.md",
    "Customers/Beta.md",
    "Notes.md",
    "../Acme/README.md",
    "Call.md",
    "Sub/Notes.md",
    "../Customers/Acme.md",
    // From `_archive/Beta/`, the folder's parent: `_archive.md`.
    "../.md",
];

#[derive(Debug, Clone)]
struct Spec {
    /// 0 plain, 1 `type: customer`, 2 tag `type/customer`, 3 `type: partner`.
    kind: u8,
    title: Option<usize>,
    aliases: Vec<usize>,
    /// `account:` as a wiki link or as plain text.
    account: Option<(usize, bool)>,
    dated: bool,
    /// (target, style): 0 `[[x]]`, 1 `[[x|shown]]`, 2 `[[x#Heading]]`, 3 Markdown.
    links: Vec<(usize, u8)>,
    /// The links in each task's own text.
    tasks: Vec<Vec<usize>>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let name = 0..NAMES.len();
    (
        prop_oneof![3 => Just(0u8), 3 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)],
        prop::option::weighted(0.3, name.clone()),
        prop::collection::vec(name.clone(), 0..2),
        prop::option::weighted(0.35, (name.clone(), any::<bool>())),
        prop::bool::weighted(0.15),
        prop::collection::vec((0..NAMES.len().max(MARKDOWN.len()), 0u8..4), 0..4),
        prop::collection::vec(prop::collection::vec(name, 0..2), 0..3),
    )
        .prop_map(
            |(kind, title, aliases, account, dated, links, tasks)| Spec {
                kind,
                title,
                aliases,
                account,
                dated,
                links,
                tasks,
            },
        )
}

fn render(spec: &Spec) -> String {
    let mut fm = String::new();
    match spec.kind {
        1 => fm.push_str("type: customer\n"),
        2 => fm.push_str("tags: [type/customer]\n"),
        3 => fm.push_str("type: partner\n"),
        _ => {}
    }
    if let Some(t) = spec.title {
        fm.push_str(&format!("title: \"{}\"\n", NAMES[t]));
    }
    if !spec.aliases.is_empty() {
        let list: Vec<String> = spec
            .aliases
            .iter()
            .map(|a| format!("\"{}\"", NAMES[*a]))
            .collect();
        fm.push_str(&format!("aliases: [{}]\n", list.join(", ")));
    }
    if let Some((a, wiki)) = spec.account {
        if wiki {
            fm.push_str(&format!("account: \"[[{}]]\"\n", NAMES[a]));
        } else {
            fm.push_str(&format!("account: \"{}\"\n", NAMES[a]));
        }
    }
    if spec.dated {
        fm.push_str("date: 2025-02-03\n");
    }
    let mut text = if fm.is_empty() {
        String::new()
    } else {
        format!("---\n{fm}---\n")
    };
    text.push_str("# Note\n\n");
    for (target, style) in &spec.links {
        let name = NAMES[target % NAMES.len()];
        match style {
            0 => text.push_str(&format!("See [[{name}]].\n\n")),
            1 => text.push_str(&format!("See [[{name}|them]].\n\n")),
            2 => text.push_str(&format!("See [[{name}#Status]].\n\n")),
            _ => {
                let dest = MARKDOWN[target % MARKDOWN.len()];
                text.push_str(&format!("See [it]({}).\n\n", dest.replace(' ', "%20")));
            }
        }
    }
    for (i, links) in spec.tasks.iter().enumerate() {
        let links: String = links
            .iter()
            .map(|l| format!(" [[{}]]", NAMES[*l]))
            .collect();
        text.push_str(&format!("- [ ] task {i}{links}\n"));
    }
    text
}

#[derive(Debug, Clone)]
enum Op {
    Upsert(usize, Spec),
    Remove(usize),
    /// Move a note's text to another path (in or out of archive and folder-note folders).
    Rename(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..PATHS.len(), spec()).prop_map(|(p, s)| Op::Upsert(p, s)),
        2 => (0..PATHS.len()).prop_map(Op::Remove),
        2 => (0..PATHS.len(), 0..PATHS.len()).prop_map(|(a, b)| Op::Rename(a, b)),
    ]
}

fn parse(path: &str, text: &str) -> Note {
    note::parse(path, text.as_bytes(), &TaskStatuses::default())
}

fn settings(excluded: bool) -> VaultSettings {
    VaultSettings {
        ignore_filters: if excluded {
            IgnoreFilters::new(&["Templates/"])
        } else {
            IgnoreFilters::default()
        },
        ..VaultSettings::default()
    }
}

fn full(vault: &BTreeMap<String, String>, excluded: bool) -> Index {
    let notes = vault.iter().map(|(p, t)| parse(p, t)).collect();
    Index::from_notes(
        Path::new("/v"),
        &Config::default(),
        settings(excluded),
        notes,
    )
}

type Paths = Vec<String>;

/// Everything the index answers, asked about every path the vault can hold.
#[derive(Debug, PartialEq)]
struct View {
    notes: Paths,
    accounts: Paths,
    archived: Paths,
    outlinks: Vec<(String, Vec<Option<String>>)>,
    backlinks: Vec<(String, Paths)>,
    activity: Vec<(String, Paths)>,
    related: Vec<(String, Paths)>,
    tasks: Vec<(String, Vec<(String, usize)>)>,
    resolved: Vec<Option<String>>,
}

fn view(ix: &Index) -> View {
    let each = |f: &dyn Fn(&str) -> Paths| -> Vec<(String, Paths)> {
        PATHS
            .iter()
            .map(|p| (p.to_string(), f(p)))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    };
    let strings = |it: &mut dyn Iterator<Item = &str>| it.map(str::to_string).collect();
    let resolved = NAMES
        .iter()
        .flat_map(|n| {
            [
                ix.resolve_link(n, "Customers/x.md", false),
                ix.resolve_link(n, "Customers/Acme/x.md", true),
            ]
        })
        .map(|r| r.map(str::to_string))
        .collect();
    View {
        notes: ix.notes().map(|n| n.path.clone()).collect(),
        accounts: ix.accounts().map(|n| n.path.clone()).collect(),
        archived: PATHS
            .iter()
            .filter(|p| ix.is_archived(p))
            .map(|p| p.to_string())
            .collect(),
        outlinks: PATHS
            .iter()
            .map(|p| {
                let targets = ix.outlinks(p).iter();
                (
                    p.to_string(),
                    targets
                        .map(|t| t.as_deref().map(str::to_string))
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        backlinks: each(&|p| strings(&mut ix.backlinks(p))),
        activity: each(&|p| strings(&mut ix.activity(p))),
        related: each(&|p| strings(&mut ix.related(p).into_iter())),
        tasks: PATHS
            .iter()
            .map(|p| {
                let tasks = ix
                    .account_tasks(p)
                    .iter()
                    .map(|(n, t)| (n.path.clone(), t.line))
                    .collect::<Vec<_>>();
                (p.to_string(), tasks)
            })
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        resolved,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn incremental_refresh_equals_a_full_rebuild(
        initial in prop::collection::vec((0..PATHS.len(), spec()), 0..10),
        batches in prop::collection::vec(prop::collection::vec(op(), 1..4), 1..10),
        excluded in any::<bool>(),
        from_empty in prop::bool::weighted(0.2),
    ) {
        let mut vault: BTreeMap<String, String> = initial
            .iter()
            .map(|(p, s)| (PATHS[*p].to_string(), render(s)))
            .collect();
        let mut ix = if from_empty {
            let mut ix = full(&BTreeMap::new(), excluded);
            for (p, t) in &vault {
                ix.upsert(parse(p, t));
            }
            ix.refresh_changed();
            ix
        } else {
            full(&vault, excluded)
        };
        prop_assert_eq!(view(&ix), view(&full(&vault, excluded)));
        for batch in &batches {
            // Parsed already, as the watcher's thread hands them over.
            let mut updates = Vec::new();
            for op in batch {
                match op {
                    Op::Upsert(p, s) => {
                        let (path, text) = (PATHS[*p], render(s));
                        updates.push(Update::note(parse(path, &text)));
                        vault.insert(path.to_string(), text);
                    }
                    Op::Remove(p) => {
                        updates.push(Update::Remove(PATHS[*p].to_string()));
                        vault.remove(PATHS[*p]);
                    }
                    Op::Rename(from, to) => {
                        if let Some(text) = vault.remove(PATHS[*from]) {
                            updates.push(Update::Remove(PATHS[*from].to_string()));
                            updates.push(Update::note(parse(PATHS[*to], &text)));
                            vault.insert(PATHS[*to].to_string(), text);
                        }
                    }
                }
            }
            ix.apply(updates);
            prop_assert_eq!(view(&ix), view(&full(&vault, excluded)), "after {:?}", batch);
        }
    }
}

/// The generator must produce what the rules are about, or the property above
/// proves little: folder-note accounts with activity, `account:` activity, tasks
/// handed over by links, backlinks, and names resolved by title and folder.
#[test]
fn the_generated_vaults_exercise_every_rule() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let vault = prop::collection::vec((0..PATHS.len(), spec()), 6..12);
    let (mut folder_activity, mut field_activity, mut linked_tasks, mut backlinks) = (0, 0, 0, 0);
    for _ in 0..300 {
        let notes = vault.new_tree(&mut runner).unwrap().current();
        let vault: BTreeMap<String, String> = notes
            .iter()
            .map(|(p, s)| (PATHS[*p].to_string(), render(s)))
            .collect();
        let ix = full(&vault, false);
        for a in ix.accounts() {
            let activity: Vec<&str> = ix.activity(&a.path).collect();
            if a.folder_note_of().is_some() && activity.iter().any(|p| p.starts_with(a.folder())) {
                folder_activity += 1;
            }
            if activity
                .iter()
                .any(|p| ix.note(p).is_some_and(|n| n.account.is_some()))
            {
                field_activity += 1;
            }
            if ix
                .account_tasks(&a.path)
                .iter()
                .any(|(n, _)| n.path != a.path && !ix.activity(&a.path).any(|p| p == n.path))
            {
                linked_tasks += 1;
            }
            if ix.backlinks(&a.path).next().is_some() {
                backlinks += 1;
            }
        }
    }
    eprintln!(
        "over 300 vaults: {folder_activity} folder-note accounts with activity, \
         {field_activity} accounts with account: activity, {linked_tasks} with tasks \
         handed over by links, {backlinks} with backlinks"
    );
    assert!(
        folder_activity > 20,
        "folder-note activity: {folder_activity}"
    );
    assert!(field_activity > 20, "account: activity: {field_activity}");
    assert!(
        linked_tasks > 20,
        "tasks handed over by links: {linked_tasks}"
    );
    assert!(backlinks > 20, "backlinks: {backlinks}");
}
