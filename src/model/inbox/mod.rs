//! The task inbox: every open task of an account (or of every live account)
//! with its source note, a stable id and its near-duplicate cluster, for the
//! tasks view and `acct tasks`. Rules in docs/tasks.md.

pub mod actions;
pub mod filter;
pub mod groups;
pub mod similarity;

use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::index::{Index, NotePath};
use crate::note::task::StatusType;
use crate::note::{Note, Task};

pub use filter::{DueFilter, OwnerFilter, StatusFilter, TaskFilter};
pub use groups::{Group, Grouping, groups};

/// The tags the pipeline writes on every task, hidden from rows by default.
pub const DEFAULT_HIDDEN_TAGS: [&str; 3] = ["task", "proposed", "auto"];

/// What the config says about the inbox: who "me" is and which tags rows hide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxSettings {
    pub me: Vec<String>,
    pub hide_tags: Vec<String>,
}

impl Default for InboxSettings {
    fn default() -> Self {
        Self {
            me: Vec::new(),
            hide_tags: DEFAULT_HIDDEN_TAGS.iter().map(|t| t.to_string()).collect(),
        }
    }
}

impl InboxSettings {
    /// The config's `me` and `hide_tags`, defaults filled in.
    pub fn from_config(config: &crate::config::Config) -> Self {
        let mut settings = Self::default();
        if let Some(me) = &config.me {
            settings.me = me.clone();
        }
        if let Some(tags) = &config.hide_tags {
            settings.hide_tags = tags
                .iter()
                .map(|t| t.trim_start_matches('#').to_string())
                .collect();
        }
        settings
    }
}

/// The note a task was written in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceNote {
    /// Shared by the note's tasks.
    pub title: Arc<str>,
    pub date: Option<NaiveDate>,
}

/// One open task as the inbox shows it.
///
/// The tasks view keeps every live account's open tasks for as long as it
/// runs, so what many tasks share (their note's path and title, their
/// account's, a status name, a cluster's id) is held once and shared, not
/// copied into each (docs/performance.md, "Notes in memory").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxTask {
    /// Names the task while its line's text stays the same (docs/tasks.md).
    pub id: Arc<str>,
    /// The index's own handle on the path.
    pub path: NotePath,
    pub line: usize,
    pub symbol: char,
    /// The status name the vault gives the symbol (`Proposed`, `Not Started`, …).
    pub status: Arc<str>,
    /// The text as the index reads it (owners and tags included).
    pub text: Arc<str>,
    pub due: Option<NaiveDate>,
    pub owners: Vec<String>,
    pub tags: Vec<String>,
    /// The title of the account the task belongs to.
    pub account: Arc<str>,
    pub source: SourceNote,
    /// Tasks with the same cluster are near-duplicates: the id of the group's first task.
    pub cluster: Arc<str>,
    #[serde(skip)]
    pub kind: StatusType,
    #[serde(skip)]
    pub proposed: bool,
    #[serde(skip)]
    pub account_path: NotePath,
    /// The text after the checkbox as written (what an edit checks against).
    #[serde(skip)]
    pub written: Arc<str>,
}

/// Which tasks the inbox holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The open tasks of one account (its path).
    Account(String),
    /// The open tasks of every live account.
    All,
}

/// Whether a status is a proposal waiting to be accepted: `?`, or a status the
/// vault names "Proposed".
pub fn is_proposed_status(symbol: char, name: &str) -> bool {
    symbol == '?' || name.eq_ignore_ascii_case("proposed")
}

/// The open tasks in scope, each account's clustered; sorted by account, then
/// due date (undated last), then newest source note first, then path and line.
/// A task that belongs to several accounts is listed under the first.
pub fn collect(index: &Index, scope: &Scope) -> Vec<InboxTask> {
    let mut accounts: Vec<&Note> = match scope {
        Scope::Account(path) => index.note(path).into_iter().collect(),
        Scope::All => index
            .accounts()
            .filter(|n| !index.is_archived(&n.path))
            .collect(),
    };
    accounts.sort_by_cached_key(|n| (n.title.to_lowercase(), n.path.clone()));
    // The list is made at its full length once, and filled a few hundred
    // accounts at a time: never every account's tasks twice over
    // (docs/performance.md, "Notes in memory").
    let total = accounts
        .par_iter()
        .map(|a| open_tasks(index, a).count())
        .sum();
    let mut out: Vec<InboxTask> = Vec::with_capacity(total);
    // A task of two accounts has the same id under both: keep the first.
    let mut seen: foldhash::HashSet<u64> = Default::default();
    for chunk in accounts.chunks(256) {
        let per_account: Vec<Vec<InboxTask>> = chunk
            .par_iter()
            .map(|account| account_tasks(index, account))
            .collect();
        for t in per_account.into_iter().flatten() {
            if accounts.len() == 1 || seen.insert(xxhash_rust::xxh3::xxh3_64(t.id.as_bytes())) {
                out.push(t);
            }
        }
    }
    out
}

/// The tasks an account's inbox lists: its open tasks, from live notes unless
/// the account itself is archived.
fn open_tasks<'a>(
    index: &'a Index,
    account: &'a Note,
) -> impl Iterator<Item = (&'a Note, &'a Task)> {
    let account_archived = index.is_archived(&account.path);
    index
        .each_account_task(&account.path)
        .filter(move |(n, t)| {
            t.status.is_open()
                && (n.path == account.path || account_archived || !index.is_archived(&n.path))
        })
}

/// One account's open tasks, clustered and sorted.
fn account_tasks(index: &Index, account: &Note) -> Vec<InboxTask> {
    let mut occurrences: foldhash::HashMap<(&str, &str), usize> = Default::default();
    let mut shared = Shared {
        account: account.title.as_str().into(),
        account_path: handle(index, &account.path),
        statuses: Default::default(),
        source: None,
    };
    let mut tasks: Vec<InboxTask> = open_tasks(index, account)
        .map(|(note, task)| {
            let nth = occurrences
                .entry((note.path.as_str(), &*task.source))
                .or_default();
            *nth += 1;
            inbox_task(index, &mut shared, note, task, *nth)
        })
        .collect();
    let signatures: Vec<similarity::Signature> = tasks
        .iter()
        .map(|t| similarity::Signature::of(&t.text))
        .collect();
    let first = groups::cluster(&signatures);
    let ids: Vec<Arc<str>> = tasks.iter().map(|t| t.id.clone()).collect();
    for (t, g) in tasks.iter_mut().zip(first) {
        t.cluster = ids[g].clone();
    }
    tasks.sort_by(|a, b| {
        (
            a.due.is_none(),
            a.due,
            std::cmp::Reverse(a.source.date),
            &a.path,
            a.line,
        )
            .cmp(&(
                b.due.is_none(),
                b.due,
                std::cmp::Reverse(b.source.date),
                &b.path,
                b.line,
            ))
    });
    tasks
}

/// What one account's tasks share: its title and path, status names, and the
/// path and title of the note the last task came from (an account's tasks come
/// note by note).
struct Shared {
    account: Arc<str>,
    account_path: NotePath,
    statuses: Vec<(char, Arc<str>)>,
    source: Option<(NotePath, Arc<str>)>,
}

/// The index's handle on `path` (a new one only for a path it does not hold).
fn handle(index: &Index, path: &str) -> NotePath {
    index.path_handle(path).unwrap_or_else(|| path.into())
}

fn inbox_task(
    index: &Index,
    shared: &mut Shared,
    note: &Note,
    task: &Task,
    nth: usize,
) -> InboxTask {
    let status = match shared.statuses.iter().find(|(c, _)| *c == task.symbol) {
        Some((_, name)) => name.clone(),
        None => {
            let name: Arc<str> = index.settings.statuses.name(task.symbol).into();
            shared.statuses.push((task.symbol, name.clone()));
            name
        }
    };
    let (path, title) = match &shared.source {
        Some((path, title)) if **path == *note.path => (path.clone(), title.clone()),
        _ => {
            let source = (handle(index, &note.path), Arc::from(note.title.as_str()));
            shared.source = Some(source.clone());
            source
        }
    };
    InboxTask {
        id: task_id(&note.path, &task.source, nth).into(),
        path,
        line: task.line,
        symbol: task.symbol,
        proposed: is_proposed_status(task.symbol, &status),
        status,
        text: task.fields.text.clone(),
        due: task.fields.due,
        owners: task.fields.owners.clone(),
        tags: task.fields.tags.clone(),
        account: shared.account.clone(),
        source: SourceNote {
            title,
            date: note.date,
        },
        cluster: Arc::from(""),
        kind: task.status,
        account_path: shared.account_path.clone(),
        written: task.source.clone(),
    }
}

/// A task's id: a hash of its note's path, its text as written and which
/// occurrence of that text in the note it is. Editing the line's text (its
/// status character aside) gives it another id, so a stale id never acts on
/// a changed task.
pub fn task_id(path: &str, written: &str, nth: usize) -> String {
    let mut key = String::with_capacity(path.len() + written.len() + 8);
    key.push_str(path);
    key.push('\0');
    key.push_str(written.trim());
    key.push('\0');
    key.push_str(&nth.to_string());
    format!("{:012x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()) >> 16)
}

/// The text a row shows: owners (shown in their own column) and hidden tags
/// removed, spaces squashed.
pub fn row_text(text: &str, hide_tags: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if word.starts_with('@') && word.len() > 1 {
            continue;
        }
        if let Some(tag) = word.strip_prefix('#')
            && hide_tags.iter().any(|h| h.eq_ignore_ascii_case(tag))
        {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_hide_owners_and_the_pipeline_tags_but_keep_other_tags() {
        let hide = InboxSettings::default().hide_tags;
        assert_eq!(
            row_text("Send the deck @Mara #task #proposed #auto #legal", &hide),
            "Send the deck #legal"
        );
    }

    #[test]
    fn the_config_names_me_and_replaces_the_hidden_tags() {
        let config =
            crate::config::Config::parse("me = [\"Mara\"]\nhide_tags = [\"#auto\"]\n").unwrap();
        let s = InboxSettings::from_config(&config);
        assert_eq!(s.me, vec!["Mara"]);
        assert_eq!(s.hide_tags, vec!["auto"]);
        let d = InboxSettings::from_config(&crate::config::Config::default());
        assert_eq!(d.hide_tags, vec!["task", "proposed", "auto"]);
    }

    #[test]
    fn an_id_changes_with_the_text_but_not_with_the_status() {
        let a = task_id("A.md", "Send the deck", 1);
        assert_eq!(a, task_id("A.md", "Send the deck ", 1));
        assert_ne!(a, task_id("A.md", "Send the decks", 1));
        assert_ne!(a, task_id("A.md", "Send the deck", 2));
        assert_ne!(a, task_id("B.md", "Send the deck", 1));
        assert_eq!(a.len(), 12);
    }
}
