//! The dashboard of one account (docs/vault.md, "The dashboard panes"),
//! derived from the index.
//! The same model feeds `show`, `show --json`, `list` and the terminal panes.

mod contact;
mod context;
mod facts;
mod items;
mod tasks;

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::index::Index;
use crate::model::query::{self, QueryResult};
use crate::note::task::StatusType;
use crate::note::{Note, Task};
use crate::text::{capitalise, parse_date, sanitize, squash_spaces, words};
pub use contact::{last_contact, overdue_days};
use context::recent_context;
pub use facts::RowFacts;
pub use items::{PaneItem, fold, fold_similar};
use items::{entries, texts, topics};
pub use tasks::dedup_tasks;
use tasks::{open_task, open_task_count, open_tasks};

/// One row of the account list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AccountSummary {
    pub title: String,
    pub path: String,
    pub status: Option<String>,
    pub needs_review: bool,
    pub archived: bool,
    pub last_contact: Option<NaiveDate>,
    pub days_since_contact: Option<i64>,
    /// Days past the status's contact cadence; `None` until due.
    pub contact_overdue_days: Option<i64>,
    pub tags: Vec<String>,
    pub blockers: usize,
    pub open_tasks: usize,
    pub warnings: usize,
    #[serde(skip)]
    pub aliases: Vec<String>,
}

/// The whole dashboard of one account.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Dashboard {
    pub title: String,
    pub path: String,
    pub aliases: Vec<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub status: Option<String>,
    pub created: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub days_since_contact: Option<i64>,
    /// The activity note `last_contact` comes from (`None` when it is the frontmatter's).
    pub contact_note: Option<String>,
    /// Days past the status's contact cadence; `None` until due.
    pub contact_overdue_days: Option<i64>,
    pub tags: Vec<String>,
    pub needs_review: bool,
    pub archived: bool,
    pub table: StatusTable,
    #[serde(serialize_with = "texts")]
    pub overview: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub blockers: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub decisions: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub next_steps: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub opportunities: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub facts: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub contacts: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub topics: Vec<PaneItem>,
    #[serde(serialize_with = "texts")]
    pub people: Vec<PaneItem>,
    pub warnings: Vec<String>,
    pub open_tasks: Vec<OpenTask>,
    pub recent_context: Vec<RecentContext>,
    pub active_projects: Vec<NoteRef>,
    /// The note's own task query blocks, evaluated literally; filled on demand by
    /// [`task_queries`] (a vault-wide `TASK FROM ""` is not free).
    #[serde(skip)]
    pub task_queries: Vec<QueryView>,
    /// Line of each section's heading, for opening the editor at the right place.
    #[serde(skip)]
    pub section_lines: HashMap<&'static str, usize>,
}

/// The `## Account Status` table, in note order; `None` for an unknown value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatusTable(pub Vec<(String, Option<String>)>);

impl Serialize for StatusTable {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl StatusTable {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .and_then(|(_, v)| v.as_deref())
    }
}

/// An open task of the account; `count` > 1 when it stands for near-identical ones.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenTask {
    pub text: String,
    pub status: StatusType,
    pub symbol: char,
    pub due: Option<NaiveDate>,
    pub scheduled: Option<NaiveDate>,
    pub path: String,
    pub line: usize,
    pub overdue: bool,
    #[serde(skip_serializing_if = "is_one")]
    pub count: usize,
    /// The status name the vault gives the symbol (`Proposed`, `Todo`, …).
    #[serde(skip)]
    pub status_name: String,
    /// The task's text as written after the checkbox (what an edit checks against).
    #[serde(skip)]
    pub source: String,
    /// The near-identical tasks folded into this row (`count - 1` of them),
    /// which an action on the row changes too.
    #[serde(skip)]
    pub copies: Vec<TaskRef>,
}

/// Where a task is written: the note, the line and its text as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    pub path: String,
    pub line: usize,
    pub source: String,
}

impl OpenTask {
    /// Every task this row stands for: itself, then its folded copies.
    pub fn targets(&self) -> Vec<TaskRef> {
        let mut out = vec![TaskRef {
            path: self.path.clone(),
            line: self.line,
            source: self.source.clone(),
        }];
        out.extend(self.copies.iter().cloned());
        out
    }
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// One line of recent context; `count` > 1 when it stands for near-duplicates
/// or for a date's "Mentioned in: …" lines.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RecentContext {
    pub date: Option<NaiveDate>,
    pub link: Option<String>,
    pub summary: Option<String>,
    pub via: Option<String>,
    pub path: Option<String>,
    #[serde(skip_serializing_if = "is_one")]
    pub count: usize,
    /// Where the line is written: the account note at its `Recent Context` line,
    /// or the related note itself (line 1).
    #[serde(skip)]
    pub source: String,
    #[serde(skip)]
    pub line: usize,
    /// A "Mentioned in: …" line (folded per date).
    #[serde(skip)]
    pub mention: bool,
    /// The lines folded into this one.
    #[serde(skip)]
    pub copies: Vec<RecentContext>,
}

/// A note named by title and path.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NoteRef {
    pub title: String,
    pub path: String,
}

/// A query block of the note and what it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryView {
    pub source: String,
    pub line: usize,
    /// The tasks found, or why the query is not evaluated.
    pub result: Result<Vec<OpenTask>, String>,
}

/// Days from `date` to `today` (negative when `date` is in the future).
pub fn days_since(date: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
    date.map(|d| (today - d).num_days())
}

pub(crate) const BLOCKERS: &[&str] = &["current blockers", "blockers"];
pub(crate) const DECISIONS: &[&str] = &["key decisions", "decisions"];
pub(crate) const NEXT_STEPS: &[&str] = &["next steps"];
pub(crate) const ACTION_ITEMS: &[&str] = &["action items", "next steps"];
const OPPORTUNITIES: &[&str] = &["opportunities"];
pub(crate) const FACTS: &[&str] = &["key facts", "facts"];
const CONTACTS: &[&str] = &["key contacts", "contacts"];
pub(crate) const TOPICS: &[&str] = &["topics themes", "topics", "themes"];
const PEOPLE: &[&str] = &["related people", "people"];
const OVERVIEW: &[&str] = &["account overview", "overview"];
const STATUS: &[&str] = crate::note::outline::STATUS_SECTION;
pub(crate) const RECENT: &[&str] = &["recent context"];

/// The `## Account Status` table rows.
pub(crate) fn status_table(note: &Note) -> StatusTable {
    let Some(table) = note.section(STATUS).and_then(|s| note.tables(s).first()) else {
        return StatusTable::default();
    };
    StatusTable(
        note.table_rows(table)
            .filter(|row| row.len() >= 2)
            .filter_map(|row| {
                let name = note.cell_text(&row[0]);
                if name.is_empty() {
                    return None;
                }
                let value = note.cell_text(&row[1]);
                Some((
                    name,
                    (!row[1].placeholder && !value.is_empty()).then_some(value),
                ))
            })
            .collect(),
    )
}

/// An account's status (rules in docs/writing.md): its frontmatter `status`,
/// else its `status/*` tag, else its table's Status row (a tag or table value
/// in lower case, as the frontmatter writes it). Disagreements are warnings.
pub fn effective_status(note: &Note, table: &StatusTable) -> Option<String> {
    note.field_text("status")
        .or_else(|| {
            note.tags.iter().find_map(|t| {
                let (prefix, value) = t.split_at_checked(7)?;
                (prefix.eq_ignore_ascii_case("status/") && !value.is_empty())
                    .then(|| value.to_lowercase())
            })
        })
        .or_else(|| table.get("status").map(str::to_lowercase))
}

/// The list row of an account.
pub fn summary(index: &impl RowFacts, note: &Note, today: NaiveDate) -> AccountSummary {
    let (last_contact, _) = last_contact(index, note, today);
    let blockers = fold(entries(note, BLOCKERS, "❌", false)).len();
    let open_tasks = open_task_count(index, note);
    let table = status_table(note);
    let warnings = warnings(index, note, &table, today).len();
    let status = effective_status(note, &table);
    let days = days_since(last_contact, today);
    AccountSummary {
        title: note.title.clone(),
        path: note.path.clone(),
        contact_overdue_days: overdue_days(index, status.as_deref(), days),
        status,
        needs_review: note.needs_review(),
        archived: index.is_archived(&note.path),
        last_contact,
        days_since_contact: days,
        tags: note.tags.clone(),
        blockers,
        open_tasks,
        warnings,
        aliases: note.aliases.clone(),
    }
}

/// Every account's list row: live accounts (and archived ones when asked), needs-review
/// first, then oldest contact first (no contact date first of all), then title.
pub fn summaries(index: &Index, today: NaiveDate, include_archived: bool) -> Vec<AccountSummary> {
    use rayon::prelude::*;
    let accounts: Vec<&Note> = index
        .accounts()
        .filter(|n| include_archived || !index.is_archived(&n.path))
        .collect();
    let mut rows: Vec<AccountSummary> = accounts
        .par_iter()
        .map(|n| summary(index, n, today))
        .collect();
    sort_for_triage(&mut rows);
    rows
}

/// The list order: needs-review first, then oldest contact first, then title.
pub fn sort_for_triage(rows: &mut [AccountSummary]) {
    // Each title is lower-cased once, not on every comparison (docs/performance.md).
    rows.sort_by_cached_key(|r| {
        (
            !r.needs_review,
            r.last_contact,
            r.title.to_lowercase(),
            r.path.clone(),
        )
    });
}

/// The parts of an account's dashboard that "new since review" compares
/// (docs/vault.md, "Since last review"): its status table, its status and its
/// open tasks as the Open tasks pane lists them — without the rest of
/// [`build`], which counting every account at start would pay for nothing.
pub(crate) fn tracked_parts(
    index: &Index,
    note: &Note,
    today: NaiveDate,
) -> (StatusTable, Option<String>, Vec<OpenTask>) {
    let table = status_table(note);
    let status = effective_status(note, &table);
    let open_tasks = dedup_tasks(open_tasks(index, note, today));
    (table, status, open_tasks)
}

/// [`tracked_parts`] for a count of what is new: the status table and status,
/// and each open task the pane shows, unsorted and unfolded (a folded copy has
/// the words of the row it folds into, which is all a count compares).
pub(crate) fn counted_parts<'a>(
    index: &'a Index,
    note: &'a Note,
) -> (
    StatusTable,
    Option<String>,
    impl Iterator<Item = (&'a Note, &'a crate::note::Task)>,
) {
    let table = status_table(note);
    let status = effective_status(note, &table);
    let open = (index.each_account_task(&note.path))
        .filter(move |(n, t)| tasks::is_shown_open_task(index, note, n, t));
    (table, status, open)
}

/// Builds the dashboard of the account at `path`.
pub fn build(index: &Index, path: &str, today: NaiveDate) -> Option<Dashboard> {
    let note = index.note(path)?;
    let (last_contact, contact_note) = last_contact(index, note, today);
    let table = status_table(note);
    let status = effective_status(note, &table);
    let days = days_since(last_contact, today);
    let warnings = warnings(index, note, &table, today);
    let mut decisions = entries(note, DECISIONS, "✅", false);
    let mut next_steps = entries(note, NEXT_STEPS, "", false);
    let mut activity: Vec<&Note> = index
        .activity(path)
        .filter(|p| feeds(index, p, path))
        .filter_map(|p| index.note(p))
        .collect();
    activity.sort_by(|a, b| b.date.cmp(&a.date).then(a.path.cmp(&b.path)));
    for a in &activity {
        decisions.extend(entries(a, DECISIONS, "✅", true));
        next_steps.extend(entries(a, ACTION_ITEMS, "", true));
    }
    let topics = topics(note);
    let section_lines = [
        ("blockers", BLOCKERS),
        ("decisions", DECISIONS),
        ("recent", RECENT),
        ("status", STATUS),
    ]
    .into_iter()
    .filter_map(|(name, keys)| note.section(keys).map(|s| (name, s.line as usize)))
    .collect();
    Some(Dashboard {
        title: note.title.clone(),
        path: note.path.clone(),
        aliases: note.aliases.clone(),
        kind: note.field_text("type"),
        contact_overdue_days: overdue_days(index, status.as_deref(), days),
        status,
        created: note.field_date("created"),
        last_contact,
        days_since_contact: days,
        contact_note: contact_note.map(|n| n.path.clone()),
        tags: note.tags.clone(),
        needs_review: note.needs_review(),
        archived: index.is_archived(path),
        table,
        overview: fold(entries(note, OVERVIEW, "", false)),
        blockers: fold(entries(note, BLOCKERS, "❌", false)),
        decisions: fold_similar(decisions),
        next_steps: fold_similar(next_steps),
        opportunities: fold(entries(note, OPPORTUNITIES, "", false)),
        facts: fold(entries(note, FACTS, "", false)),
        contacts: fold(entries(note, CONTACTS, "", false)),
        topics: fold(topics),
        people: fold(entries(note, PEOPLE, "", false)),
        warnings,
        open_tasks: dedup_tasks(open_tasks(index, note, today)),
        recent_context: recent_context(index, note),
        active_projects: active_projects(index, note, today),
        task_queries: Vec::new(),
        section_lines,
    })
}

/// Whether the note at `from` may feed the account at `account`'s panes and
/// warnings: an archived note contributes nothing to a live account
/// (docs/vault.md, "Archived notes").
pub fn feeds(index: &(impl RowFacts + ?Sized), from: &str, account: &str) -> bool {
    !index.is_archived(from) || index.is_archived(account)
}

/// Facts about the account that disagree.
fn warnings(
    index: &impl RowFacts,
    note: &Note,
    table: &StatusTable,
    today: NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut claims: Vec<(&str, String)> = Vec::new();
    if let Some(s) = note.field_text("status") {
        claims.push(("frontmatter status", s));
    }
    if let Some(s) = table.get("status") {
        claims.push(("table Status", s.to_string()));
    }
    if let Some(tag) = note
        .tags
        .iter()
        .find(|t| t.to_lowercase().starts_with("status/"))
    {
        claims.push(("tag", tag.clone()));
    }
    let norm = |s: &str| {
        s.to_lowercase()
            .trim_start_matches("status/")
            .trim()
            .to_string()
    };
    if claims.len() > 1 && claims.iter().any(|(_, v)| norm(v) != norm(&claims[0].1)) {
        let said: Vec<String> = claims.iter().map(|(who, v)| format!("{who} {v}")).collect();
        out.push(format!("status disagrees: {}", said.join(", ")));
    }
    out.extend(contact::contact_warnings(
        index,
        note,
        effective_status(note, table).as_deref(),
        today,
    ));
    out
}

fn active_projects(index: &Index, note: &Note, today: NaiveDate) -> Vec<NoteRef> {
    let mut out = Vec::new();
    for block in note.queries().filter(|q| q.lang == "dataview") {
        // Only LIST blocks name projects; a TASK block would be evaluated for nothing.
        let Ok(
            q @ query::Query::Dataview(query::DataviewQuery {
                kind: query::DataviewKind::List(_),
                ..
            }),
        ) = query::parse(&block, today)
        else {
            continue;
        };
        if let QueryResult::Notes(paths) = query::evaluate(&q, index, note, today) {
            for p in paths.into_iter().filter(|p| feeds(index, p, &note.path)) {
                if let Some(n) = index.note(&p) {
                    let r = NoteRef {
                        title: n.title.clone(),
                        path: p.clone(),
                    };
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
            }
        }
    }
    out
}

/// The note's task-returning query blocks, evaluated literally (vault-wide for `TASK FROM ""`).
pub fn task_queries(index: &Index, path: &str, today: NaiveDate) -> Vec<QueryView> {
    let Some(note) = index.note(path) else {
        return Vec::new();
    };
    note.queries()
        .filter_map(|block| {
            let result = match query::parse(&block, today) {
                Ok(q) => match query::evaluate(&q, index, note, today) {
                    QueryResult::Tasks(found) => Ok(found
                        .iter()
                        .filter_map(|(p, i)| {
                            let n = index.note(p)?;
                            Some(open_task(index, n, n.tasks.get(*i)?, today))
                        })
                        .collect()),
                    _ => return None,
                },
                Err(why) => Err(why),
            };
            Some(QueryView {
                source: block.source,
                line: block.line,
                result,
            })
        })
        .collect()
}

/// Problems about accounts: disagreeing facts and unsupported query blocks.
pub fn account_problems(index: &Index, today: NaiveDate) -> Vec<crate::problem::Problem> {
    let mut out = Vec::new();
    for note in index.accounts().filter(|n| !index.is_archived(&n.path)) {
        for w in warnings(index, note, &status_table(note), today) {
            out.push(
                crate::problem::Problem::warning(&note.path, None, w)
                    .of_kind(crate::problem::Kind::Account),
            );
        }
    }
    for note in index.notes() {
        out.extend(query_problems(note, today));
    }
    out
}

/// The query blocks of a note that acct does not evaluate, as problems.
pub fn query_problems(note: &Note, today: NaiveDate) -> Vec<crate::problem::Problem> {
    note.queries()
        .filter_map(|block| {
            let why = query::parse(&block, today).err()?;
            Some(
                crate::problem::Problem::warning(
                    &note.path,
                    Some(block.line),
                    format!("unsupported query: {}", query::dql::one_line(&why)),
                )
                .of_kind(crate::problem::Kind::Query),
            )
        })
        .collect()
}

/// The statuses a person can pick, as the vault writes them in frontmatter
/// (`on-hold`, or `Active` in a vault that capitalises), then the usual ones
/// not seen; compared without case, each offered once.
pub fn known_statuses(index: &Index) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Each account's status is looked up among those offered, not searched for.
    let mut offered = std::collections::HashSet::new();
    let mut add = |s: String| {
        if offered.insert(s.to_ascii_lowercase()) {
            out.push(s);
        }
    };
    let mut seen: Vec<String> = index
        .accounts()
        .filter(|n| !index.is_archived(&n.path))
        .filter_map(|n| n.field_text("status"))
        .collect();
    seen.sort();
    for s in ["active", "onboarding", "prospect", "paused", "churned"] {
        match seen.iter().find(|v| v.eq_ignore_ascii_case(s)) {
            Some(v) => add(v.clone()),
            None => add(s.to_string()),
        }
    }
    for s in seen {
        add(s);
    }
    out
}

/// A status as the table writes it (`paused` → `Paused`).
pub fn status_label(status: &str) -> String {
    capitalise(status)
}

/// Everything `check` reports (reading, parsing, settings, accounts, queries),
/// sorted by path and line.
pub fn vault_problems(index: &Index, today: NaiveDate) -> Vec<crate::problem::Problem> {
    let mut problems = index.problems();
    problems.extend(account_problems(index, today));
    problems.sort_by(|a, b| (&a.path, a.line, a.severity).cmp(&(&b.path, b.line, b.severity)));
    problems
}
