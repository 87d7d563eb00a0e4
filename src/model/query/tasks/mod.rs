//! The Tasks plugin's query language: one instruction per line — filters
//! (combinable with `AND`, `OR`, `NOT`, `XOR` and parentheses), `sort by`,
//! `group by`, `limit`, layout lines — with the vault's global filter, global
//! query and presets (docs/vault.md, "Query blocks").

mod dates;
pub mod filter;
pub mod group;
mod run;
pub mod script;
pub mod sort;
pub mod view;

pub use run::{TaskPool, TasksOutcome, run};

use chrono::NaiveDate;

use crate::note::task::StatusType;
pub use filter::{DateOp, Filter, Matcher, TextField};
pub use group::GroupKey;
use script::Js;
pub use sort::SortKey;
use view::DateField;

/// How deeply Boolean filters may nest.
const MAX_DEPTH: usize = 32;

/// The Tasks plugin settings a query depends on (its `data.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TasksSettings {
    /// Only list items containing this text are tasks; it is left out of descriptions.
    pub global_filter: String,
    /// Lines run before every query (unless it says `ignore global query`).
    pub global_query: String,
    /// Named sets of lines, used with `preset NAME` or `{{preset.NAME}}`.
    pub presets: Vec<(String, String)>,
}

impl TasksSettings {
    /// Reads the plugin's `data.json` text; missing keys are empty.
    pub fn from_json(json: &str) -> Self {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
            return Self::default();
        };
        let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
        Self {
            global_filter: text("globalFilter").trim().to_string(),
            global_query: text("globalQuery"),
            presets: v["presets"]
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// A parsed `tasks` block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TasksQuery {
    pub filters: Vec<Filter>,
    pub sorts: Vec<SortKey>,
    pub groups: Vec<GroupKey>,
    pub limit: Option<usize>,
    pub limit_groups: Option<usize>,
    pub ignore_global_query: bool,
}

/// Where the query sits: the note's path fills `{{query.file.…}}` placeholders.
pub struct QueryContext<'a> {
    pub path: &'a str,
    pub today: NaiveDate,
    pub settings: &'a TasksSettings,
}

/// The plugin's words for a line it cannot read.
fn not_understood(line: &str) -> String {
    format!("do not understand query. Problem line: \"{line}\"")
}

/// Parses a `tasks` block, with the global query first unless it is ignored.
pub fn parse_tasks(src: &str, cx: &QueryContext<'_>) -> Result<TasksQuery, String> {
    let mut q = TasksQuery::default();
    parse_lines(src, cx, &mut q, 0)?;
    if !q.ignore_global_query && !cx.settings.global_query.trim().is_empty() {
        let mut global = TasksQuery::default();
        parse_lines(&cx.settings.global_query, cx, &mut global, 0)
            .map_err(|e| format!("in the global query: {e}"))?;
        global.filters.append(&mut q.filters);
        q.filters = global.filters;
        global.sorts.append(&mut q.sorts);
        q.sorts = global.sorts;
        global.groups.append(&mut q.groups);
        q.groups = global.groups;
        q.limit = q.limit.or(global.limit);
        q.limit_groups = q.limit_groups.or(global.limit_groups);
    }
    Ok(q)
}

fn parse_lines(
    src: &str,
    cx: &QueryContext<'_>,
    q: &mut TasksQuery,
    depth: usize,
) -> Result<(), String> {
    if depth > 4 {
        return Err("presets include each other more than 4 deep".into());
    }
    let src = expand_placeholders(src, cx)?;
    // A line ending in `\` continues on the next.
    let joined = src.replace("\\\r\n", " ").replace("\\\n", " ");
    for raw in joined.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let lower = line.to_lowercase();
        if let Some(name) = lower.strip_prefix("preset ") {
            let name = name.trim();
            let Some((_, body)) = cx
                .settings
                .presets
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
            else {
                return Err(format!(
                    "Cannot find preset \"{name}\". Problem line: \"{line}\""
                ));
            };
            parse_lines(body, cx, q, depth + 1)?;
        } else if is_layout(&lower) {
        } else if lower == "ignore global query" {
            q.ignore_global_query = true;
        } else if let Some(rest) = lower.strip_prefix("limit groups") {
            q.limit_groups = Some(limit_number(rest).ok_or_else(|| not_understood(line))?);
        } else if let Some(rest) = lower.strip_prefix("limit") {
            q.limit = Some(limit_number(rest).ok_or_else(|| not_understood(line))?);
        } else if lower.starts_with("sort by ") {
            q.sorts
                .push(sort::parse(line).map_err(|e| e.unwrap_or_else(|| not_understood(line)))?);
        } else if lower.starts_with("group by ") {
            q.groups
                .push(group::parse(line).map_err(|e| e.unwrap_or_else(|| not_understood(line)))?);
        } else {
            q.filters.push(parse_filter(line, cx.today, 0)?);
        }
    }
    Ok(())
}

fn is_layout(lower: &str) -> bool {
    ["hide ", "show ", "short", "full", "explain"]
        .iter()
        .any(|p| lower.starts_with(p))
        && !lower.starts_with("shortmode ")
}

fn limit_number(rest: &str) -> Option<usize> {
    let rest = rest.trim();
    let rest = rest.strip_prefix("to ").unwrap_or(rest);
    let rest = rest.strip_suffix("tasks").unwrap_or(rest).trim();
    rest.parse().ok()
}

/// Fills `{{query.file.path}}` and the like, and `{{preset.NAME}}`.
fn expand_placeholders(src: &str, cx: &QueryContext<'_>) -> Result<String, String> {
    if !src.contains("{{") {
        return Ok(src.to_string());
    }
    let mut out = String::new();
    let mut rest = src;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = rest[start + 2..start + end].trim();
        let value = if let Some(p) = name.strip_prefix("preset.") {
            cx.settings
                .presets
                .iter()
                .find(|(k, _)| k == p)
                .map(|(_, v)| v.clone())
        } else if let Some(prop) = name.strip_prefix("query.file.") {
            let mut env = script::Env {
                task: None,
                query_path: cx.path,
                today: cx.today,
                ids: None,
                locals: Vec::new(),
                depth: 0,
            };
            match env.eval(&Js::Member(
                Box::new(Js::Member(
                    Box::new(Js::Ident("query".into())),
                    "file".into(),
                )),
                prop.into(),
            )) {
                Ok(script::Val::Str(s)) => Some(s),
                _ => None,
            }
        } else {
            None
        };
        match value {
            Some(v) => out.push_str(&v),
            None => {
                return Err(format!(
                    "There was an error expanding one or more placeholders. The problem is: unknown property \"{name}\""
                ));
            }
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The `function [reverse] EXPR` of a `sort by` or `group by` line, if it is
/// one: the parsed expression, its text and whether it is reversed. The
/// keyword is matched in the line as written (lower-casing first could shift
/// byte offsets under non-ASCII text).
pub(super) fn function_key(rest: &str) -> Option<Result<(script::Js, String, bool), String>> {
    let src = rest
        .get(..8)
        .filter(|w| w.eq_ignore_ascii_case("function"))
        .map(|_| rest[8..].trim())?;
    let (reverse, src) = match src.strip_prefix("reverse ") {
        Some(s) => (true, s.trim()),
        None => (false, src),
    };
    Some(
        script::parse(src)
            .map(|js| (js, src.to_string(), reverse))
            .map_err(|e| {
                format!(
                    "Error: Failed parsing expression \"{src}\". The error message was: \"{e}\""
                )
            }),
    )
}

/// One filter line, Boolean combinations included.
pub fn parse_filter(line: &str, today: NaiveDate, depth: usize) -> Result<Filter, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the filter nests more than {MAX_DEPTH} levels deep. Problem line: \"{line}\""
        ));
    }
    let trimmed = line.trim();
    let starts_boolean = trimmed.starts_with(['(', '[', '{', '"'])
        || (trimmed.len() > 4
            && trimmed
                .get(..4)
                .is_some_and(|not| not.eq_ignore_ascii_case("NOT "))
            && trimmed[4..].trim_start().starts_with(['(', '[', '{', '"']));
    if starts_boolean {
        return parse_boolean(trimmed, today, depth)
            .map_err(|why| format!("Could not interpret the following instruction as a Boolean combination: {trimmed}. The problem is: {why}"));
    }
    parse_simple(trimmed, today).ok_or_else(|| not_understood(trimmed))?
}

/// Parts of a Boolean line: delimited operands and operator words.
#[derive(Debug)]
enum Part<'a> {
    Operand(&'a str),
    Op(&'static str),
}

fn split_boolean(s: &str) -> Result<Vec<Part<'_>>, String> {
    let mut parts = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let close = match c {
            b'(' => b')',
            b'[' => b']',
            b'{' => b'}',
            b'"' => b'"',
            _ => {
                let word_end = s[i..].find(char::is_whitespace).map_or(s.len(), |e| i + e);
                let op = match s[i..word_end].to_uppercase().as_str() {
                    "AND" => "AND",
                    "OR" => "OR",
                    "XOR" => "XOR",
                    "NOT" => "NOT",
                    other => {
                        return Err(format!(
                            "\"{other}\" is not AND, OR, XOR or NOT, or an operand in parentheses"
                        ));
                    }
                };
                parts.push(Part::Op(op));
                i = word_end;
                continue;
            }
        };
        let mut level = 0;
        let mut j = i;
        loop {
            if j >= b.len() {
                return Err(format!("a \"{}\" is not closed", c as char));
            }
            if b[j] == c && c != b'"' && j != i {
                level += 1;
            } else if b[j] == c && j == i {
                level = 1;
            } else if b[j] == close {
                level -= 1;
                if level == 0 {
                    break;
                }
            }
            j += 1;
        }
        parts.push(Part::Operand(&s[i + 1..j]));
        i = j + 1;
    }
    Ok(parts)
}

fn parse_boolean(s: &str, today: NaiveDate, depth: usize) -> Result<Filter, String> {
    let parts = split_boolean(s)?;
    let mut pos = 0;
    let f = bool_or(&parts, &mut pos, today, depth)?;
    if pos != parts.len() {
        return Err("two operands need AND, OR or XOR between them".into());
    }
    Ok(f)
}

fn bool_or(
    parts: &[Part<'_>],
    pos: &mut usize,
    today: NaiveDate,
    depth: usize,
) -> Result<Filter, String> {
    let mut items = vec![bool_xor(parts, pos, today, depth)?];
    while matches!(parts.get(*pos), Some(Part::Op("OR"))) {
        *pos += 1;
        items.push(bool_xor(parts, pos, today, depth)?);
    }
    Ok(if items.len() == 1 {
        items.remove(0)
    } else {
        Filter::Or(items)
    })
}

fn bool_xor(
    parts: &[Part<'_>],
    pos: &mut usize,
    today: NaiveDate,
    depth: usize,
) -> Result<Filter, String> {
    let mut left = bool_and(parts, pos, today, depth)?;
    while matches!(parts.get(*pos), Some(Part::Op("XOR"))) {
        *pos += 1;
        let right = bool_and(parts, pos, today, depth)?;
        left = Filter::Xor(Box::new(left), Box::new(right));
    }
    Ok(left)
}

fn bool_and(
    parts: &[Part<'_>],
    pos: &mut usize,
    today: NaiveDate,
    depth: usize,
) -> Result<Filter, String> {
    let mut items = vec![bool_not(parts, pos, today, depth)?];
    while matches!(parts.get(*pos), Some(Part::Op("AND"))) {
        *pos += 1;
        items.push(bool_not(parts, pos, today, depth)?);
    }
    Ok(if items.len() == 1 {
        items.remove(0)
    } else {
        Filter::And(items)
    })
}

fn bool_not(
    parts: &[Part<'_>],
    pos: &mut usize,
    today: NaiveDate,
    depth: usize,
) -> Result<Filter, String> {
    match parts.get(*pos) {
        Some(Part::Op("NOT")) => {
            *pos += 1;
            if depth > MAX_DEPTH {
                return Err(format!(
                    "the filter nests more than {MAX_DEPTH} levels deep"
                ));
            }
            Ok(Filter::Not(Box::new(bool_not(
                parts,
                pos,
                today,
                depth + 1,
            )?)))
        }
        Some(Part::Operand(inner)) => {
            *pos += 1;
            parse_filter(inner, today, depth + 1)
        }
        Some(Part::Op(op)) => Err(format!("{op} needs an operand before it")),
        None => Err("an operator needs an operand after it".into()),
    }
}

/// A filter line that is not a Boolean combination; `None` when not understood.
fn parse_simple(line: &str, today: NaiveDate) -> Option<Result<Filter, String>> {
    let lower = line.to_lowercase();
    let simple = match lower.as_str() {
        "done" => Some(Filter::Done(true)),
        "not done" => Some(Filter::Done(false)),
        "is recurring" => Some(Filter::Recurring(true)),
        "is not recurring" => Some(Filter::Recurring(false)),
        "exclude sub-items" => Some(Filter::ExcludeSubItems),
        "is blocked" => Some(Filter::Blocked(true)),
        "is not blocked" => Some(Filter::Blocked(false)),
        "is blocking" => Some(Filter::Blocking(true)),
        "is not blocking" => Some(Filter::Blocking(false)),
        "has id" => Some(Filter::HasId(true)),
        "no id" => Some(Filter::HasId(false)),
        "has tags" | "has tag" => Some(Filter::HasTags(true)),
        "no tags" | "no tag" => Some(Filter::HasTags(false)),
        _ => None,
    };
    if let Some(f) = simple {
        return Some(Ok(f));
    }
    if let Some(expr) = lower.strip_prefix("filter by function") {
        let src = line[line.len() - expr.len()..].trim();
        return Some(
            script::parse(src)
                .map(|js| Filter::Function(js, src.to_string()))
                .map_err(|e| {
                    format!(
                        "Error: Failed parsing expression \"{src}\". The error message was: \"{e}\""
                    )
                }),
        );
    }
    if let Some(rest) = lower.strip_prefix("status.type ") {
        let (is, kind) = match rest.strip_prefix("is not ") {
            Some(k) => (false, k),
            None => (true, rest.strip_prefix("is ")?),
        };
        let kind = match kind.trim().to_uppercase().replace(['-', ' '], "_").as_str() {
            "TODO" => StatusType::Todo,
            "IN_PROGRESS" => StatusType::InProgress,
            "DONE" => StatusType::Done,
            "CANCELLED" => StatusType::Cancelled,
            "NON_TASK" => StatusType::NonTask,
            _ => {
                return Some(Err(format!(
                    "Invalid status.type instruction: '{line}'. Allowed options: 'is' and 'is not' (without quotes). Allowed values: TODO IN_PROGRESS DONE CANCELLED NON_TASK"
                )));
            }
        };
        return Some(Ok(Filter::StatusType { is, kind }));
    }
    if let Some(rest) = lower.strip_prefix("priority is ") {
        let (op, level) = if let Some(l) = rest.strip_prefix("above ") {
            (filter::PriorityOp::Above, l)
        } else if let Some(l) = rest.strip_prefix("below ") {
            (filter::PriorityOp::Below, l)
        } else if let Some(l) = rest.strip_prefix("not ") {
            (filter::PriorityOp::IsNot, l)
        } else {
            (filter::PriorityOp::Is, rest)
        };
        let n = view::PRIORITY_NAMES
            .iter()
            .position(|p| p.eq_ignore_ascii_case(level.trim()))?;
        return Some(Ok(Filter::Priority { op, n: n as u8 }));
    }
    if let Some(f) = parse_text_filter(line, &lower) {
        return Some(f);
    }
    parse_date_filter(&lower, today)
}

fn parse_text_filter(line: &str, lower: &str) -> Option<Result<Filter, String>> {
    const FIELDS: [(&str, TextField); 13] = [
        ("description", TextField::Description),
        ("path", TextField::Path),
        ("folder", TextField::Folder),
        ("filename", TextField::Filename),
        ("heading", TextField::Heading),
        ("root", TextField::Root),
        ("status.name", TextField::StatusName),
        ("recurrence", TextField::Recurrence),
        ("id", TextField::Id),
        ("tags", TextField::Tags),
        ("tag", TextField::Tags),
        ("backlink", TextField::Backlink),
        ("status.symbol", TextField::StatusSymbol),
    ];
    const OPS: [(&str, bool, bool); 8] = [
        ("includes", true, false),
        ("include", true, false),
        ("does not include", false, false),
        ("do not include", false, false),
        ("regex matches", true, true),
        ("regex match", true, true),
        ("regex does not match", false, true),
        ("regex do not match", false, true),
    ];
    let (name, field) = FIELDS
        .iter()
        .find(|(n, _)| lower.starts_with(&format!("{n} ")))?;
    let after = lower[name.len()..].trim_start();
    let (op, positive, regex) = OPS
        .iter()
        .find(|(o, ..)| after == *o || after.starts_with(&format!("{o} ")))?;
    let value = line[line.len() - after.len() + op.len()..].trim();
    let matcher = if *regex {
        match filter::js_regex(value) {
            Ok(re) => Matcher::Regex(re),
            Err(e) => {
                return Some(Err(format!(
                    "cannot parse regex (field: {name}): {e}. Problem line: \"{line}\""
                )));
            }
        }
    } else {
        Matcher::Includes(value.to_lowercase())
    };
    Some(Ok(Filter::Text {
        field: *field,
        positive: *positive,
        matcher,
    }))
}

fn parse_date_filter(lower: &str, today: NaiveDate) -> Option<Result<Filter, String>> {
    let (first, rest) = lower.split_once(' ').unwrap_or((lower, ""));
    // `has due date`, `no start date`, `due date is invalid`
    if let ("has" | "no", Some(word)) = (first, rest.strip_suffix(" date")) {
        let field = DateField::from_word(word)?;
        return Some(Ok(Filter::HasDate(field, first == "has")));
    }
    let field = DateField::from_word(first)?;
    if rest == "date is invalid" {
        return Some(Ok(Filter::DateInvalid(field)));
    }
    let ops: [(&str, DateOp); 9] = [
        ("on or before ", DateOp::OnOrBefore),
        ("on or after ", DateOp::OnOrAfter),
        ("in or before ", DateOp::OnOrBefore),
        ("in or after ", DateOp::OnOrAfter),
        ("before ", DateOp::Before),
        ("after ", DateOp::After),
        ("on ", DateOp::On),
        ("in ", DateOp::On),
        ("", DateOp::On),
    ];
    let (op, arg) = ops.iter().find_map(|(p, op)| {
        let arg = rest.strip_prefix(p)?;
        // `in 3 days` is a date, not `in` + `3 days`.
        let arg = if *p == "in " && dates::parse_range(arg, today).is_none() {
            rest
        } else {
            arg
        };
        Some((*op, arg))
    })?;
    Some(match dates::parse_range(arg, today) {
        Some(range) => Ok(Filter::Date { field, op, range }),
        None => Err(format!(
            "do not understand {} date. Problem line: \"{lower}\"",
            field.name()
        )),
    })
}
