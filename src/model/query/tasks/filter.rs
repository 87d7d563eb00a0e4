//! Whether a task matches a Tasks filter (docs/vault.md, "Query blocks").

use chrono::NaiveDate;
use regex::Regex;

use super::dates::Range;
use super::script::{Env, Js};
use super::view::{DateField, TaskView};
use crate::note::task::StatusType;

#[derive(Debug, Clone)]
pub enum Matcher {
    /// Lower-cased text, matched case-insensitively.
    Includes(String),
    Regex(Regex),
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Matcher::Includes(a), Matcher::Includes(b)) => a == b,
            (Matcher::Regex(a), Matcher::Regex(b)) => a.as_str() == b.as_str(),
            _ => false,
        }
    }
}

impl Matcher {
    fn matches(&self, text: &str) -> bool {
        match self {
            Matcher::Includes(needle) => text.to_lowercase().contains(needle.as_str()),
            Matcher::Regex(re) => re.is_match(text),
        }
    }
}

/// A JavaScript `/pattern/flags` (or a bare pattern) as a regex.
pub fn js_regex(value: &str) -> Result<Regex, String> {
    let (pattern, flags) = match value.strip_prefix('/').and_then(|v| v.rsplit_once('/')) {
        Some((p, f)) => (p, f),
        None => (value, ""),
    };
    let prefix = if flags.contains('i') { "(?i)" } else { "" };
    Regex::new(&format!("{prefix}{pattern}")).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or("invalid pattern")
            .trim()
            .to_string()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Description,
    Path,
    Folder,
    Filename,
    Heading,
    Root,
    StatusName,
    StatusSymbol,
    Recurrence,
    Id,
    Tags,
    Backlink,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOp {
    Before,
    After,
    On,
    OnOrBefore,
    OnOrAfter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorityOp {
    Is,
    IsNot,
    Above,
    Below,
}

/// One filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Done(bool),
    StatusType {
        is: bool,
        kind: StatusType,
    },
    Text {
        field: TextField,
        positive: bool,
        matcher: Matcher,
    },
    Date {
        field: DateField,
        op: DateOp,
        range: Range,
    },
    HasDate(DateField, bool),
    DateInvalid(DateField),
    Priority {
        op: PriorityOp,
        n: u8,
    },
    Recurring(bool),
    ExcludeSubItems,
    Blocked(bool),
    Blocking(bool),
    HasId(bool),
    HasTags(bool),
    Function(Js, String),
    Not(Box<Filter>),
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Xor(Box<Filter>, Box<Filter>),
}

/// What a filter needs besides the task.
pub struct FilterEnv<'a> {
    pub today: NaiveDate,
    pub query_path: &'a str,
    /// Ids of tasks not yet done.
    pub open_ids: &'a std::collections::HashSet<String>,
    /// Ids that tasks not yet done depend on.
    pub awaited_ids: &'a std::collections::HashSet<String>,
}

impl Filter {
    /// Whether the task matches; `Err` when a `filter by function` fails.
    pub fn matches(&self, t: &TaskView<'_>, env: &FilterEnv<'_>) -> Result<bool, String> {
        Ok(match self {
            Filter::Done(done) => t.is_done() == *done,
            Filter::StatusType { is, kind } => (t.status_type == *kind) == *is,
            Filter::Text {
                field,
                positive,
                matcher,
            } => text_matches(t, *field, matcher) == *positive,
            Filter::Date { field, op, range } => date_matches(t, *field, *op, *range),
            Filter::HasDate(field, has) => t.date(*field).is_some() == *has,
            Filter::DateInvalid(_) => false,
            Filter::Priority { op, n } => {
                let p = t.priority_number();
                match op {
                    PriorityOp::Is => p == *n,
                    PriorityOp::IsNot => p != *n,
                    PriorityOp::Above => p < *n,
                    PriorityOp::Below => p > *n,
                }
            }
            Filter::Recurring(r) => t.recurrence.is_some() == *r,
            Filter::ExcludeSubItems => t.depth == 0,
            Filter::Blocked(b) => super::script::is_blocked(t, env.open_ids) == *b,
            Filter::Blocking(b) => super::script::is_blocking(t, env.awaited_ids) == *b,
            Filter::HasId(h) => t.id.is_some() == *h,
            Filter::HasTags(h) => t.tags.is_empty() != *h,
            Filter::Function(js, src) => {
                let mut e = Env {
                    task: Some(t),
                    query_path: env.query_path,
                    today: env.today,
                    ids: Some((env.open_ids, env.awaited_ids)),
                    locals: Vec::new(),
                    depth: 0,
                };
                let v = e.eval(js).map_err(|why| {
                    format!("Error: Failed calculating expression \"{src}\". The error message was: \"{why}\"")
                })?;
                match v {
                    super::script::Val::Bool(b) => b,
                    other => {
                        return Err(format!(
                            "Error: filter by function must return true or false; \"{src}\" gave {}",
                            other.text()
                        ));
                    }
                }
            }
            Filter::Not(f) => !f.matches(t, env)?,
            Filter::And(fs) => {
                for f in fs {
                    if !f.matches(t, env)? {
                        return Ok(false);
                    }
                }
                true
            }
            Filter::Or(fs) => {
                for f in fs {
                    if f.matches(t, env)? {
                        return Ok(true);
                    }
                }
                false
            }
            Filter::Xor(a, b) => a.matches(t, env)? != b.matches(t, env)?,
        })
    }

    /// Whether the filter reads the note holding the query (its results differ per note).
    pub fn reads_query(&self) -> bool {
        match self {
            Filter::Function(_, src) => src.contains("query"),
            Filter::Not(f) => f.reads_query(),
            Filter::And(fs) | Filter::Or(fs) => fs.iter().any(Filter::reads_query),
            Filter::Xor(a, b) => a.reads_query() || b.reads_query(),
            _ => false,
        }
    }
}

fn text_matches(t: &TaskView<'_>, field: TextField, m: &Matcher) -> bool {
    match field {
        TextField::Description => m.matches(&t.description),
        TextField::Path => m.matches(t.path()),
        TextField::Folder => m.matches(&t.folder()),
        TextField::Filename => m.matches(t.filename()),
        TextField::Root => m.matches(&t.root()),
        TextField::Heading => t.heading.as_deref().is_some_and(|h| m.matches(h)),
        TextField::StatusName => m.matches(&t.status_name),
        TextField::StatusSymbol => m.matches(&t.task.symbol.to_string()),
        TextField::Recurrence => t.recurrence.as_deref().is_some_and(|r| m.matches(r)),
        TextField::Id => t.id.as_deref().is_some_and(|r| m.matches(r)),
        TextField::Tags => t.tags.iter().any(|tag| m.matches(tag)),
        TextField::Backlink => {
            let name = t.note.stem();
            match &t.heading {
                Some(h) if h != name => m.matches(&format!("{name} > {h}")),
                _ => m.matches(name),
            }
        }
    }
}

fn date_matches(t: &TaskView<'_>, field: DateField, op: DateOp, (start, end): Range) -> bool {
    let test = |d: NaiveDate| match op {
        DateOp::Before => d < start,
        DateOp::After => d > end,
        DateOp::On => start <= d && d <= end,
        DateOp::OnOrBefore => d <= end,
        DateOp::OnOrAfter => d >= start,
    };
    let f = &t.task.fields;
    match field {
        // A task without a start date can be started any time: it matches every `starts` filter.
        DateField::Start => f.start.is_none_or(test),
        // `happens` matches when any of the start, scheduled and due dates does.
        DateField::Happens => [f.start, f.scheduled, f.due]
            .into_iter()
            .flatten()
            .any(test),
        other => t.date(other).is_some_and(test),
    }
}
