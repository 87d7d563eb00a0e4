//! `group by`: the plugin's group keys and the headings it draws, sorted as it
//! sorts them (docs/vault.md, "Query blocks").

use super::script::{Js, Val, num_text};
use super::sort::{function_value, status_type_rank};
use super::view::{DateField, TaskView};
use crate::note::task::StatusType;

#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Status,
    StatusName,
    StatusType,
    Date(DateField),
    Priority,
    Path,
    Folder,
    Filename,
    Root,
    Backlink,
    Heading,
    Tags,
    Recurring,
    Recurrence,
    Urgency,
    Id,
    Function(Js, String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupKey {
    pub key: Key,
    pub reverse: bool,
}

/// Parses `group by KEY [reverse]`; `Err(None)` when the key is unknown.
pub fn parse(line: &str) -> Result<GroupKey, Option<String>> {
    let rest = line["group by ".len()..].trim();
    let lower = rest.to_lowercase();
    if let Some(function) = super::function_key(rest) {
        let (js, src, reverse) = function.map_err(Some)?;
        return Ok(GroupKey {
            key: Key::Function(js, src),
            reverse,
        });
    }
    let (word, reverse) = match lower.strip_suffix(" reverse") {
        Some(w) => (w.trim(), true),
        None => (lower.as_str(), false),
    };
    let key = match word {
        "status" => Key::Status,
        "status.name" => Key::StatusName,
        "status.type" => Key::StatusType,
        "priority" => Key::Priority,
        "path" => Key::Path,
        "folder" => Key::Folder,
        "filename" => Key::Filename,
        "root" => Key::Root,
        "backlink" => Key::Backlink,
        "heading" => Key::Heading,
        "tags" | "tag" => Key::Tags,
        "recurring" => Key::Recurring,
        "recurrence" => Key::Recurrence,
        "urgency" => Key::Urgency,
        "id" => Key::Id,
        other => Key::Date(
            DateField::from_word(other.strip_suffix(" date").unwrap_or(other)).ok_or(None)?,
        ),
    };
    Ok(GroupKey { key, reverse })
}

/// The heading the plugin draws for a status type.
pub fn status_type_heading(t: StatusType) -> String {
    format!("%%{}%%{}", status_type_rank(t), t.as_str())
}

/// A heading as the plugin sorts it (with its hidden `%%n%%` prefix) and as
/// it is drawn (without).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Heading {
    pub sort: String,
    pub shown: String,
}

impl Heading {
    fn plain(s: impl Into<String>) -> Self {
        let s = s.into();
        Self {
            sort: s.clone(),
            shown: s,
        }
    }

    /// `%%n%%text`: sorted by the whole, drawn without the comment.
    fn hidden(s: String) -> Self {
        let shown = strip_comments(&s);
        Self { sort: s, shown }
    }
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("%%") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("%%") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The headings a task falls under for one key (several for tags).
pub fn headings(
    key: &Key,
    t: &TaskView<'_>,
    env: &super::filter::FilterEnv<'_>,
) -> Result<Vec<Heading>, String> {
    let today = env.today;
    Ok(match key {
        Key::Status => vec![Heading::plain(if t.task.symbol == ' ' {
            "Todo"
        } else {
            "Done"
        })],
        Key::StatusName => vec![Heading::plain(t.status_name.clone())],
        Key::StatusType => vec![Heading::hidden(status_type_heading(t.status_type))],
        Key::Date(f) => vec![match t.date(*f) {
            Some(d) => Heading::plain(d.format("%Y-%m-%d %A").to_string()),
            None => Heading::plain(format!("No {} date", f.name())),
        }],
        Key::Priority => {
            let n = t.priority_number();
            let name = if n == 3 { "Normal" } else { t.priority_name() };
            vec![Heading::hidden(format!("%%{n}%%{name} priority"))]
        }
        Key::Path => vec![Heading::plain(
            t.path().strip_suffix(".md").unwrap_or(t.path()),
        )],
        Key::Folder => vec![Heading::plain(t.folder())],
        Key::Filename => vec![Heading::plain(format!("[[{}]]", t.note.stem()))],
        Key::Root => vec![Heading::plain(t.root())],
        Key::Backlink => {
            let name = t.note.stem();
            vec![Heading::plain(match &t.heading {
                Some(h) if h != name => format!("{name} > {h}"),
                _ => name.to_string(),
            })]
        }
        Key::Heading => vec![Heading::plain(
            t.heading.clone().unwrap_or_else(|| "(No heading)".into()),
        )],
        Key::Tags => {
            if t.tags.is_empty() {
                vec![Heading::plain("(No tags)")]
            } else {
                let mut tags = t.tags.clone();
                tags.dedup();
                tags.into_iter().map(Heading::plain).collect()
            }
        }
        Key::Recurring => vec![Heading::hidden(if t.recurrence.is_some() {
            "%%0%%Recurring".into()
        } else {
            "%%1%%Not Recurring".into()
        })],
        Key::Recurrence => vec![Heading::plain(
            t.recurrence.clone().unwrap_or_else(|| "None".into()),
        )],
        Key::Urgency => {
            // Most urgent first: the plugin sorts on the negated score.
            let u = t.urgency(today);
            vec![Heading {
                sort: format!("{:020.5}", 1e9 - u),
                shown: format!("{u:.2}"),
            }]
        }
        Key::Id => vec![Heading::plain(
            t.id.clone().unwrap_or_else(|| "No id".into()),
        )],
        Key::Function(js, src) => match function_value(js, src, t, env)? {
            Val::Array(items) => items
                .iter()
                .map(|v| Heading::hidden(val_heading(v)))
                .collect(),
            v => vec![Heading::hidden(val_heading(&v))],
        },
    })
}

fn val_heading(v: &Val) -> String {
    match v {
        Val::Undefined | Val::Null => String::new(),
        Val::Num(n) => num_text(*n),
        Val::Date(d) => d.to_string(),
        other => other.text(),
    }
}
