//! `sort by`: the plugin's sort keys, `reverse`, and its default order
//! (status type, urgency, due date, priority, path) after the query's own keys
//! (docs/vault.md, "Query blocks").

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::script::{Env, Js, Val};
use super::view::{DateField, TaskView};
use crate::note::task::StatusType;

#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Status,
    StatusName,
    StatusType,
    Urgency,
    Date(DateField),
    Priority,
    Path,
    Filename,
    Description,
    Heading,
    Tag(usize),
    Recurring,
    Id,
    Random,
    Function(Js, String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    pub key: Key,
    pub reverse: bool,
}

/// Parses `sort by KEY [reverse]`; `Err(None)` when the key is unknown.
pub fn parse(line: &str) -> Result<SortKey, Option<String>> {
    let rest = line["sort by ".len()..].trim();
    let lower = rest.to_lowercase();
    if let Some(function) = super::function_key(rest) {
        let (js, src, reverse) = function.map_err(Some)?;
        return Ok(SortKey {
            key: Key::Function(js, src),
            reverse,
        });
    }
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let reverse = words.contains(&"reverse");
    words.retain(|w| *w != "reverse");
    let key = match words.as_slice() {
        ["status"] => Key::Status,
        ["status.name"] => Key::StatusName,
        ["status.type"] => Key::StatusType,
        ["urgency"] => Key::Urgency,
        ["priority"] => Key::Priority,
        ["path"] => Key::Path,
        ["filename"] => Key::Filename,
        ["description"] => Key::Description,
        ["heading"] => Key::Heading,
        ["recurring"] => Key::Recurring,
        ["id"] => Key::Id,
        ["random"] => Key::Random,
        ["tag"] => Key::Tag(1),
        ["tag", n] => Key::Tag(n.parse().ok().filter(|n| *n > 0).ok_or(None)?),
        [word] | [word, "date"] => Key::Date(DateField::from_word(word).ok_or(None)?),
        _ => return Err(None),
    };
    Ok(SortKey { key, reverse })
}

/// The plugin's order when a query says nothing else.
pub fn default_keys() -> Vec<SortKey> {
    [
        Key::StatusType,
        Key::Urgency,
        Key::Date(DateField::Due),
        Key::Priority,
        Key::Path,
    ]
    .into_iter()
    .map(|key| SortKey {
        key,
        reverse: false,
    })
    .collect()
}

/// The order of status types in sorting and grouping.
pub fn status_type_rank(t: StatusType) -> u8 {
    match t {
        StatusType::InProgress => 1,
        StatusType::Todo => 2,
        StatusType::Done => 3,
        StatusType::Cancelled => 4,
        StatusType::NonTask => 5,
    }
}

/// Compares text as the plugin does (`localeCompare`: case folded first).
pub fn text_cmp(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Dated tasks first, by date; undated ones after.
fn date_cmp(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A description without leading Markdown emphasis, as the plugin sorts it.
fn sortable_description(d: &str) -> String {
    d.trim_start_matches(['*', '_', '=', '~', '[']).to_string()
}

fn hash_text(s: &str, today: NaiveDate) -> u64 {
    xxhash_rust::xxh3::xxh3_64(format!("{today}{s}").as_bytes())
}

/// A precomputed function value, so each task's expression runs once.
pub fn function_value(
    js: &Js,
    src: &str,
    t: &TaskView<'_>,
    env: &super::filter::FilterEnv<'_>,
) -> Result<Val, String> {
    Env {
        task: Some(t),
        query_path: env.query_path,
        today: env.today,
        ids: Some((env.open_ids, env.awaited_ids)),
        locals: Vec::new(),
        depth: 0,
    }
    .eval(js)
    .map_err(|why| {
        format!("Error: Failed calculating expression \"{src}\". The error message was: \"{why}\"")
    })
}

/// A function's value as a sort key: a task date object (`task.due`) is its
/// date, or null when the task has none.
pub fn sort_key(v: Val, t: &TaskView<'_>) -> Val {
    match v {
        Val::Obj(super::script::Obj::TasksDate(f)) => t.date(f).map_or(Val::Null, Val::Date),
        v => v,
    }
}

/// Compares sort keys as the plugin's custom sorting does: dates first
/// (earliest first), then null (and undefined), then every other value —
/// `true` before `false`, numbers ascending, text as text sorts.
pub fn val_cmp(a: &Val, b: &Val) -> Ordering {
    let rank = |v: &Val| match v {
        Val::Date(_) => 0,
        Val::Undefined | Val::Null => 1,
        _ => 2,
    };
    match (a, b) {
        (Val::Date(x), Val::Date(y)) => x.cmp(y),
        (Val::Str(x), Val::Str(y)) => text_cmp(x, y),
        (Val::Bool(x), Val::Bool(y)) => y.cmp(x),
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        _ => match rank(a).cmp(&rank(b)) {
            Ordering::Equal => text_cmp(&a.text(), &b.text()),
            o => o,
        },
    }
}

/// Compares two tasks by one key (function keys compare precomputed values).
pub fn compare(key: &Key, a: &TaskView<'_>, b: &TaskView<'_>, today: NaiveDate) -> Ordering {
    match key {
        Key::Status => {
            let todo = |t: &TaskView<'_>| t.task.symbol == ' ';
            todo(b).cmp(&todo(a))
        }
        Key::StatusName => text_cmp(&a.status_name, &b.status_name),
        Key::StatusType => status_type_rank(a.status_type).cmp(&status_type_rank(b.status_type)),
        Key::Urgency => b
            .urgency(today)
            .partial_cmp(&a.urgency(today))
            .unwrap_or(Ordering::Equal),
        Key::Date(f) => date_cmp(a.date(*f), b.date(*f)),
        Key::Priority => a.priority_number().cmp(&b.priority_number()),
        Key::Path => text_cmp(a.path(), b.path()),
        Key::Filename => text_cmp(a.filename(), b.filename()),
        Key::Description => text_cmp(
            &sortable_description(&a.description),
            &sortable_description(&b.description),
        ),
        Key::Heading => text_cmp(
            a.heading.as_deref().unwrap_or(""),
            b.heading.as_deref().unwrap_or(""),
        ),
        Key::Tag(n) => match (a.tags.get(n - 1), b.tags.get(n - 1)) {
            (Some(x), Some(y)) => text_cmp(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        Key::Recurring => b.recurrence.is_some().cmp(&a.recurrence.is_some()),
        Key::Id => match (&a.id, &b.id) {
            (Some(x), Some(y)) => text_cmp(x, y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        Key::Random => hash_text(&a.description, today).cmp(&hash_text(&b.description, today)),
        Key::Function(..) => Ordering::Equal,
    }
}
