//! The subset of Dataview and Tasks-plugin queries that account notes use.
//! Anything outside it is reported as unsupported, with its text; never an error.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::index::Index;
use crate::note::{Note, QueryBlock, Task};
use crate::text::parse_date;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Dataview(DataviewQuery),
    Tasks(TasksQuery),
}

/// What a Dataview query lists.
#[derive(Debug, Clone, PartialEq)]
pub enum DataviewKind {
    List,
    Task,
    Table(Vec<(Expr, String)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DataviewQuery {
    pub kind: DataviewKind,
    pub from: Option<Source>,
    pub filter: Option<Expr>,
    pub sort: Vec<(Expr, bool)>,
    pub limit: Option<usize>,
}

/// A `FROM` source.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Folder(String),
    Tag(String),
    Link(String),
    Not(Box<Source>),
    And(Box<Source>, Box<Source>),
    Or(Box<Source>, Box<Source>),
}

/// A `WHERE`/`SORT` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Field(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One filter line of a `tasks` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TasksFilter {
    NotDone,
    Done,
    PathIncludes(String),
    PathNotIncludes(String),
    TagIncludes(String),
    DueBefore(NaiveDate),
    DueAfter(NaiveDate),
    DueOn(NaiveDate),
    HasDue,
    NoDue,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TasksQuery {
    pub filters: Vec<TasksFilter>,
    pub sort_by_due: bool,
    pub limit: Option<usize>,
}

/// What a query evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryResult {
    /// Note paths.
    Notes(Vec<String>),
    /// Tasks as (note path, task index).
    Tasks(Vec<(String, usize)>),
    /// A table: column names and, per note, its path and cells.
    Table {
        columns: Vec<String>,
        rows: Vec<(String, Vec<String>)>,
    },
}

/// Parses a query block; `Err` says why it is unsupported.
pub fn parse(block: &QueryBlock, today: NaiveDate) -> Result<Query, String> {
    match block.lang.as_str() {
        "dataview" => parse_dataview(&block.source).map(Query::Dataview),
        "tasks" => parse_tasks(&block.source, today).map(Query::Tasks),
        other => Err(format!("`{other}` blocks are not evaluated")),
    }
}

// ---------- Dataview ----------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    Tag(String),
    Link(String),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                s.push(chars[i]);
                i += 1;
            }
            if i >= chars.len() {
                return Err("a string is not closed".into());
            }
            i += 1;
            out.push(Tok::Str(s));
        } else if c == '[' && chars.get(i + 1) == Some(&'[') {
            let start = i + 2;
            let mut j = start;
            while j + 1 < chars.len() && !(chars[j] == ']' && chars[j + 1] == ']') {
                j += 1;
            }
            if j + 1 >= chars.len() {
                return Err("a [[link]] is not closed".into());
            }
            out.push(Tok::Link(chars[start..j].iter().collect()));
            i = j + 2;
        } else if c == '#' {
            let start = i + 1;
            i = start;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_-/".contains(chars[i])) {
                i += 1;
            }
            out.push(Tok::Tag(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            out.push(Tok::Num(
                text.parse()
                    .map_err(|_| format!("`{text}` is not a number"))?,
            ));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || "_.-".contains(chars[i])) {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
            let op = match two.as_str() {
                "!=" => Some("!="),
                "<=" => Some("<="),
                ">=" => Some(">="),
                "&&" => Some("&"),
                "||" => Some("|"),
                _ => None,
            };
            if let Some(op) = op {
                out.push(Tok::Op(op));
                i += 2;
                continue;
            }
            let op = match c {
                '=' => "=",
                '<' => "<",
                '>' => ">",
                '!' => "!",
                '(' => "(",
                ')' => ")",
                ',' => ",",
                '-' => "-",
                '&' => "&",
                '|' => "|",
                _ => return Err(format!("unexpected `{c}`")),
            };
            out.push(Tok::Op(op));
            i += 1;
        }
    }
    Ok(out)
}

struct Tokens {
    toks: Vec<Tok>,
    pos: usize,
}

impl Tokens {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(i)) if i.eq_ignore_ascii_case(kw))
    }

    fn eat_keyword(&mut self, kw: &str) -> bool {
        let hit = self.keyword(kw);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Op(o)) if *o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let hit = self.op(op);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn at_clause(&self) -> bool {
        ["FROM", "WHERE", "SORT", "LIMIT", "GROUP", "FLATTEN"]
            .iter()
            .any(|k| self.keyword(k))
    }
}

fn parse_dataview(src: &str) -> Result<DataviewQuery, String> {
    let mut t = Tokens {
        toks: tokenize(src)?,
        pos: 0,
    };
    let kind = if t.eat_keyword("LIST") {
        if !t.at_clause() && t.peek().is_some() {
            return Err("LIST with an expression is not supported".into());
        }
        DataviewKind::List
    } else if t.eat_keyword("TASK") {
        DataviewKind::Task
    } else if t.eat_keyword("TABLE") {
        if t.eat_keyword("WITHOUT") && !t.eat_keyword("ID") {
            return Err("expected ID after WITHOUT".into());
        }
        let mut columns = Vec::new();
        while !t.at_clause() && t.peek().is_some() {
            let expr = parse_expr(&mut t)?;
            let name = if t.eat_keyword("AS") {
                match t.next() {
                    Some(Tok::Str(s) | Tok::Ident(s)) => s,
                    _ => return Err("expected a name after AS".into()),
                }
            } else {
                expr_name(&expr)
            };
            columns.push((expr, name));
            if !t.eat_op(",") {
                break;
            }
        }
        DataviewKind::Table(columns)
    } else {
        return Err("only LIST, TASK and TABLE queries are evaluated".into());
    };
    let mut q = DataviewQuery {
        kind,
        from: None,
        filter: None,
        sort: Vec::new(),
        limit: None,
    };
    while t.peek().is_some() {
        if t.eat_keyword("FROM") {
            q.from = Some(parse_source_or(&mut t)?);
        } else if t.eat_keyword("WHERE") {
            let e = parse_expr(&mut t)?;
            q.filter = Some(match q.filter.take() {
                Some(prev) => Expr::And(Box::new(prev), Box::new(e)),
                None => e,
            });
        } else if t.eat_keyword("SORT") {
            loop {
                let e = parse_expr(&mut t)?;
                let desc = if t.eat_keyword("DESC") || t.eat_keyword("DESCENDING") {
                    true
                } else {
                    if !t.eat_keyword("ASC") {
                        t.eat_keyword("ASCENDING");
                    }
                    false
                };
                q.sort.push((e, desc));
                if !t.eat_op(",") {
                    break;
                }
            }
        } else if t.eat_keyword("LIMIT") {
            match t.next() {
                Some(Tok::Num(n)) if n >= 0.0 => q.limit = Some(n as usize),
                _ => return Err("LIMIT needs a number".into()),
            }
        } else if t.keyword("GROUP") || t.keyword("FLATTEN") {
            return Err("GROUP BY and FLATTEN are not supported".into());
        } else {
            return Err(format!(
                "unexpected {:?}",
                t.peek().cloned().unwrap_or(Tok::Op("?"))
            ));
        }
    }
    Ok(q)
}

fn expr_name(e: &Expr) -> String {
    match e {
        Expr::Field(f) => f.clone(),
        Expr::Call(name, _) => format!("{name}(…)"),
        _ => "value".into(),
    }
}

fn parse_source_or(t: &mut Tokens) -> Result<Source, String> {
    let mut left = parse_source_and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        left = Source::Or(Box::new(left), Box::new(parse_source_and(t)?));
    }
    Ok(left)
}

fn parse_source_and(t: &mut Tokens) -> Result<Source, String> {
    let mut left = parse_source_atom(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        left = Source::And(Box::new(left), Box::new(parse_source_atom(t)?));
    }
    Ok(left)
}

fn parse_source_atom(t: &mut Tokens) -> Result<Source, String> {
    match t.next() {
        Some(Tok::Str(s)) => Ok(Source::Folder(s)),
        Some(Tok::Tag(s)) => Ok(Source::Tag(s)),
        Some(Tok::Link(s)) => Ok(Source::Link(s)),
        Some(Tok::Op("-" | "!")) => Ok(Source::Not(Box::new(parse_source_atom(t)?))),
        Some(Tok::Op("(")) => {
            let s = parse_source_or(t)?;
            if !t.eat_op(")") {
                return Err("a `(` in FROM is not closed".into());
            }
            Ok(s)
        }
        other => Err(format!("FROM source {other:?} is not supported")),
    }
}

fn parse_expr(t: &mut Tokens) -> Result<Expr, String> {
    let mut left = parse_and(t)?;
    while t.eat_keyword("OR") || t.eat_op("|") {
        left = Expr::Or(Box::new(left), Box::new(parse_and(t)?));
    }
    Ok(left)
}

fn parse_and(t: &mut Tokens) -> Result<Expr, String> {
    let mut left = parse_cmp(t)?;
    while t.eat_keyword("AND") || t.eat_op("&") {
        left = Expr::And(Box::new(left), Box::new(parse_cmp(t)?));
    }
    Ok(left)
}

fn parse_cmp(t: &mut Tokens) -> Result<Expr, String> {
    let left = parse_unary(t)?;
    for (sym, op) in [
        ("=", CmpOp::Eq),
        ("!=", CmpOp::Ne),
        ("<=", CmpOp::Le),
        (">=", CmpOp::Ge),
        ("<", CmpOp::Lt),
        (">", CmpOp::Gt),
    ] {
        if t.eat_op(sym) {
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(parse_unary(t)?)));
        }
    }
    Ok(left)
}

fn parse_unary(t: &mut Tokens) -> Result<Expr, String> {
    if t.eat_op("!") {
        return Ok(Expr::Not(Box::new(parse_unary(t)?)));
    }
    match t.next() {
        Some(Tok::Str(s)) => Ok(Expr::Str(s)),
        Some(Tok::Num(n)) => Ok(Expr::Num(n)),
        Some(Tok::Link(l)) => Ok(Expr::Call("link".into(), vec![Expr::Str(l)])),
        Some(Tok::Op("(")) => {
            let e = parse_expr(t)?;
            if !t.eat_op(")") {
                return Err("a `(` is not closed".into());
            }
            Ok(e)
        }
        Some(Tok::Ident(name)) => {
            if t.eat_op("(") {
                // date(2025-01-02) and date(today) take a bare argument.
                if name.eq_ignore_ascii_case("date") {
                    let mut raw = String::new();
                    while let Some(tok) = t.next() {
                        match tok {
                            Tok::Op(")") => {
                                return Ok(Expr::Call("date".into(), vec![Expr::Str(raw)]));
                            }
                            Tok::Num(n) => raw.push_str(&format!("{n}")),
                            Tok::Ident(s) | Tok::Str(s) => raw.push_str(&s),
                            Tok::Op(o) => raw.push_str(o),
                            _ => return Err("date(…) takes a date or `today`".into()),
                        }
                    }
                    return Err("date( is not closed".into());
                }
                let mut args = Vec::new();
                if !t.eat_op(")") {
                    loop {
                        args.push(parse_expr(t)?);
                        if t.eat_op(")") {
                            break;
                        }
                        if !t.eat_op(",") {
                            return Err(format!("{name}( is not closed"));
                        }
                    }
                }
                return Ok(Expr::Call(name.to_lowercase(), args));
            }
            match name.to_lowercase().as_str() {
                "true" => Ok(Expr::Bool(true)),
                "false" => Ok(Expr::Bool(false)),
                "null" => Ok(Expr::Null),
                _ => Ok(Expr::Field(name)),
            }
        }
        Some(Tok::Op("-")) => match t.next() {
            Some(Tok::Num(n)) => Ok(Expr::Num(-n)),
            _ => Err("unexpected `-`".into()),
        },
        other => Err(format!("unexpected {other:?} in an expression")),
    }
}

// ---------- Tasks plugin ----------

fn parse_tasks(src: &str, today: NaiveDate) -> Result<TasksQuery, String> {
    let mut q = TasksQuery::default();
    let date_arg = |s: &str| -> Result<NaiveDate, String> {
        match s.trim().to_lowercase().as_str() {
            "today" => Ok(today),
            "tomorrow" => Ok(today.succ_opt().unwrap_or(today)),
            "yesterday" => Ok(today.pred_opt().unwrap_or(today)),
            other => parse_date(other).ok_or_else(|| format!("`{s}` is not a date")),
        }
    };
    for line in src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let lower = line.to_lowercase();
        let rest = |prefix: &str| line[prefix.len()..].trim().to_string();
        let filter = if lower == "not done" {
            TasksFilter::NotDone
        } else if lower == "done" {
            TasksFilter::Done
        } else if lower.starts_with("path includes ") {
            TasksFilter::PathIncludes(rest("path includes "))
        } else if lower.starts_with("path does not include ") {
            TasksFilter::PathNotIncludes(rest("path does not include "))
        } else if lower.starts_with("tag includes ") || lower.starts_with("tags include ") {
            let tag = line
                .split_once("include")
                .map(|(_, r)| r.trim_start_matches('s').trim())
                .unwrap_or("");
            TasksFilter::TagIncludes(tag.trim_start_matches('#').to_string())
        } else if lower.starts_with("due before ") {
            TasksFilter::DueBefore(date_arg(&rest("due before "))?)
        } else if lower.starts_with("due after ") {
            TasksFilter::DueAfter(date_arg(&rest("due after "))?)
        } else if lower.starts_with("due on ") {
            TasksFilter::DueOn(date_arg(&rest("due on "))?)
        } else if lower.starts_with("due ") && parse_date(&rest("due ")).is_some() {
            TasksFilter::DueOn(date_arg(&rest("due "))?)
        } else if lower == "has due date" {
            TasksFilter::HasDue
        } else if lower == "no due date" {
            TasksFilter::NoDue
        } else if lower == "sort by due" || lower == "sort by due date" {
            q.sort_by_due = true;
            continue;
        } else if let Some(n) = lower
            .strip_prefix("limit to ")
            .or_else(|| lower.strip_prefix("limit "))
        {
            let n = n.trim_end_matches("tasks").trim();
            q.limit = Some(
                n.parse()
                    .map_err(|_| format!("`{line}`: limit needs a number"))?,
            );
            continue;
        } else if lower.starts_with("short mode")
            || lower.starts_with("hide ")
            || lower.starts_with("show ")
        {
            continue;
        } else {
            return Err(format!("the line `{line}` is not supported"));
        };
        q.filters.push(filter);
    }
    Ok(q)
}

// ---------- evaluation ----------

/// A value in a Dataview expression.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Date(NaiveDate),
    Link(String),
    List(Vec<Val>),
}

impl Val {
    fn truthy(&self) -> bool {
        match self {
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::List(l) => !l.is_empty(),
            Val::Date(_) | Val::Link(_) => true,
        }
    }

    fn display(&self, index: &Index) -> String {
        match self {
            Val::Null => String::new(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => format!("{n}"),
            Val::Str(s) => s.clone(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::Link(p) => index.note(p).map_or_else(|| p.clone(), |n| n.title.clone()),
            Val::List(items) => items
                .iter()
                .map(|v| v.display(index))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

fn compare(a: &Val, b: &Val) -> Option<Ordering> {
    match (a, b) {
        (Val::Null, Val::Null) => Some(Ordering::Equal),
        (Val::Null, _) => Some(Ordering::Less),
        (_, Val::Null) => Some(Ordering::Greater),
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Str(s)) => parse_date(s).map(|y| x.cmp(&y)),
        (Val::Str(s), Val::Date(y)) => parse_date(s).map(|x| x.cmp(y)),
        (Val::Str(x), Val::Str(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::Link(x), Val::Link(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// What an expression is evaluated against.
struct Scope<'a> {
    index: &'a Index,
    note: &'a Note,
    task: Option<&'a Task>,
    this: &'a Note,
    today: NaiveDate,
}

fn field_value(note: &Note, key: &str) -> Val {
    let value = note
        .fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v);
    json_val(value)
}

fn json_val(value: Option<&serde_json::Value>) -> Val {
    match value {
        None | Some(serde_json::Value::Null) => Val::Null,
        Some(serde_json::Value::Bool(b)) => Val::Bool(*b),
        Some(serde_json::Value::Number(n)) => Val::Num(n.as_f64().unwrap_or(0.0)),
        Some(serde_json::Value::String(s)) => parse_date(s)
            .filter(|_| s.trim().len() <= 10)
            .map_or_else(|| Val::Str(s.clone()), Val::Date),
        Some(serde_json::Value::Array(items)) => {
            Val::List(items.iter().map(|i| json_val(Some(i))).collect())
        }
        Some(serde_json::Value::Object(_)) => Val::Null,
    }
}

fn opt_date(d: Option<NaiveDate>) -> Val {
    d.map_or(Val::Null, Val::Date)
}

impl Scope<'_> {
    fn file_field(&self, note: &Note, field: &str) -> Val {
        match field {
            "name" => Val::Str(note.stem().to_string()),
            "path" => Val::Str(note.path.clone()),
            "folder" => Val::Str(note.folder().to_string()),
            "link" => Val::Link(note.path.clone()),
            "outlinks" => Val::List(
                self.index
                    .outlinks(&note.path)
                    .iter()
                    .flatten()
                    .map(|p| Val::Link(p.clone()))
                    .collect(),
            ),
            "inlinks" => Val::List(
                self.index
                    .backlinks(&note.path)
                    .map(|p| Val::Link(p.to_string()))
                    .collect(),
            ),
            "tags" | "etags" => Val::List(
                note.tags
                    .iter()
                    .map(|t| Val::Str(format!("#{t}")))
                    .collect(),
            ),
            "day" => opt_date(note.date),
            "aliases" => Val::List(note.aliases.iter().map(|a| Val::Str(a.clone())).collect()),
            "tasks" => Val::List(
                note.tasks
                    .iter()
                    .map(|t| Val::Str(t.fields.text.clone()))
                    .collect(),
            ),
            _ => Val::Null,
        }
    }

    fn field(&self, name: &str) -> Val {
        let lower = name.to_lowercase();
        if let Some(rest) = lower.strip_prefix("this.") {
            return match rest.strip_prefix("file.") {
                Some(f) => self.file_field(self.this, f),
                None => field_value(self.this, rest),
            };
        }
        if let Some(f) = lower.strip_prefix("file.") {
            return self.file_field(self.note, f);
        }
        if let Some(task) = self.task {
            let f = &task.fields;
            match lower.as_str() {
                "completed" | "fullycompleted" => {
                    return Val::Bool(task.status == crate::task::StatusType::Done);
                }
                "checked" => return Val::Bool(task.symbol != ' '),
                "status" => return Val::Str(task.symbol.to_string()),
                "text" => return Val::Str(f.text.clone()),
                "due" => return opt_date(f.due),
                "scheduled" => return opt_date(f.scheduled),
                "start" => return opt_date(f.start),
                "created" => return opt_date(f.created),
                "completion" => return opt_date(f.done),
                "tags" => {
                    return Val::List(f.tags.iter().map(|t| Val::Str(format!("#{t}"))).collect());
                }
                "line" => return Val::Num(task.line as f64),
                "path" => return Val::Str(self.note.path.clone()),
                _ => {}
            }
        }
        field_value(self.note, &lower)
    }

    fn eval(&self, e: &Expr) -> Val {
        match e {
            Expr::Field(f) => self.field(f),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Num(n) => Val::Num(*n),
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Null => Val::Null,
            Expr::Not(inner) => Val::Bool(!self.eval(inner).truthy()),
            Expr::And(a, b) => Val::Bool(self.eval(a).truthy() && self.eval(b).truthy()),
            Expr::Or(a, b) => Val::Bool(self.eval(a).truthy() || self.eval(b).truthy()),
            Expr::Cmp(op, a, b) => {
                let ord = compare(&self.eval(a), &self.eval(b));
                Val::Bool(match op {
                    CmpOp::Eq => ord == Some(Ordering::Equal),
                    CmpOp::Ne => ord != Some(Ordering::Equal),
                    CmpOp::Lt => ord == Some(Ordering::Less),
                    CmpOp::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                    CmpOp::Gt => ord == Some(Ordering::Greater),
                    CmpOp::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                })
            }
            Expr::Call(name, args) => self.call(name, args),
        }
    }

    fn call(&self, name: &str, args: &[Expr]) -> Val {
        let vals: Vec<Val> = args.iter().map(|a| self.eval(a)).collect();
        match (name, vals.as_slice()) {
            ("date", [Val::Str(s)]) => match s.trim().to_lowercase().as_str() {
                "today" => Val::Date(self.today),
                other => opt_date(parse_date(other)),
            },
            ("link", [Val::Str(s)]) => self
                .index
                .resolve_link(s, &self.this.path, false)
                .map_or(Val::Null, |p| Val::Link(p.to_string())),
            ("contains", [haystack, needle]) => Val::Bool(contains(haystack, needle)),
            ("icontains", [haystack, needle]) => Val::Bool(contains(haystack, needle)),
            ("length", [Val::List(l)]) => Val::Num(l.len() as f64),
            ("length", [Val::Str(s)]) => Val::Num(s.chars().count() as f64),
            _ => Val::Null,
        }
    }
}

fn norm_tag(s: &str) -> String {
    s.trim_start_matches('#').to_lowercase()
}

fn contains(haystack: &Val, needle: &Val) -> bool {
    match (haystack, needle) {
        (Val::List(items), needle) => items.iter().any(|i| match (i, needle) {
            (Val::Str(a), Val::Str(b)) => norm_tag(a) == norm_tag(b),
            (a, b) => compare(a, b) == Some(Ordering::Equal),
        }),
        (Val::Str(s), Val::Str(n)) => s.to_lowercase().contains(&n.to_lowercase()),
        (a, b) => compare(a, b) == Some(Ordering::Equal),
    }
}

fn source_matches(index: &Index, source: &Source, note: &Note, this: &Note) -> bool {
    match source {
        Source::Folder(f) => {
            let f = f.trim_matches('/');
            f.is_empty()
                || note
                    .path
                    .strip_prefix(f)
                    .is_some_and(|rest| rest == ".md" || rest.starts_with('/'))
        }
        Source::Tag(t) => note.tags.iter().any(|nt| {
            let (nt, t) = (nt.to_lowercase(), t.to_lowercase());
            nt == t || nt.starts_with(&format!("{t}/"))
        }),
        Source::Link(l) => {
            let Some(target) = index.resolve_link(l, &this.path, false) else {
                return false;
            };
            index
                .outlinks(&note.path)
                .iter()
                .flatten()
                .any(|p| p == target)
        }
        Source::Not(s) => !source_matches(index, s, note, this),
        Source::And(a, b) => {
            source_matches(index, a, note, this) && source_matches(index, b, note, this)
        }
        Source::Or(a, b) => {
            source_matches(index, a, note, this) || source_matches(index, b, note, this)
        }
    }
}

/// Evaluates a query for the note `this` that holds it.
pub fn evaluate(query: &Query, index: &Index, this: &Note, today: NaiveDate) -> QueryResult {
    match query {
        Query::Dataview(q) => evaluate_dataview(q, index, this, today),
        Query::Tasks(q) => evaluate_tasks(q, index),
    }
}

fn evaluate_dataview(
    q: &DataviewQuery,
    index: &Index,
    this: &Note,
    today: NaiveDate,
) -> QueryResult {
    let notes = index.notes().filter(|n| {
        q.from
            .as_ref()
            .is_none_or(|s| source_matches(index, s, n, this))
    });
    let scope = |note, task| Scope {
        index,
        note,
        task,
        this,
        today,
    };
    let sort_key = |s: &Scope<'_>| -> Vec<Val> { q.sort.iter().map(|(e, _)| s.eval(e)).collect() };
    let order = |a: &Vec<Val>, b: &Vec<Val>| -> Ordering {
        for ((x, y), (_, desc)) in a.iter().zip(b).zip(&q.sort) {
            let o = compare(x, y).unwrap_or(Ordering::Equal);
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    };
    let limit = q.limit.unwrap_or(usize::MAX);
    match &q.kind {
        DataviewKind::Task => {
            let mut hits: Vec<(Vec<Val>, (String, usize))> = Vec::new();
            for note in notes {
                for (i, task) in note.tasks.iter().enumerate() {
                    let s = scope(note, Some(task));
                    if q.filter.as_ref().is_none_or(|f| s.eval(f).truthy()) {
                        hits.push((sort_key(&s), (note.path.clone(), i)));
                    }
                }
            }
            hits.sort_by(|a, b| order(&a.0, &b.0));
            QueryResult::Tasks(hits.into_iter().take(limit).map(|(_, t)| t).collect())
        }
        DataviewKind::List | DataviewKind::Table(_) => {
            let mut hits: Vec<(Vec<Val>, &Note)> = notes
                .filter(|n| n.path != this.path || q.from.is_none())
                .filter_map(|note| {
                    let s = scope(note, None);
                    q.filter
                        .as_ref()
                        .is_none_or(|f| s.eval(f).truthy())
                        .then(|| (sort_key(&s), note))
                })
                .collect();
            hits.sort_by(|a, b| order(&a.0, &b.0));
            let hits = hits.into_iter().take(limit).map(|(_, n)| n);
            match &q.kind {
                DataviewKind::Table(columns) => QueryResult::Table {
                    columns: columns.iter().map(|(_, name)| name.clone()).collect(),
                    rows: hits
                        .map(|n| {
                            let s = scope(n, None);
                            (
                                n.path.clone(),
                                columns
                                    .iter()
                                    .map(|(e, _)| s.eval(e).display(index))
                                    .collect(),
                            )
                        })
                        .collect(),
                },
                _ => QueryResult::Notes(hits.map(|n| n.path.clone()).collect()),
            }
        }
    }
}

fn evaluate_tasks(q: &TasksQuery, index: &Index) -> QueryResult {
    let mut hits: Vec<(&Note, usize, &Task)> = Vec::new();
    for note in index.notes() {
        for (i, task) in note.tasks.iter().enumerate() {
            if q.filters.iter().all(|f| tasks_filter(f, note, task)) {
                hits.push((note, i, task));
            }
        }
    }
    if q.sort_by_due {
        hits.sort_by_key(|(n, _, t)| {
            (t.fields.due.is_none(), t.fields.due, n.path.clone(), t.line)
        });
    }
    QueryResult::Tasks(
        hits.into_iter()
            .take(q.limit.unwrap_or(usize::MAX))
            .map(|(n, i, _)| (n.path.clone(), i))
            .collect(),
    )
}

fn tasks_filter(f: &TasksFilter, note: &Note, task: &Task) -> bool {
    let due = task.fields.due;
    match f {
        TasksFilter::NotDone => task.status.is_open(),
        TasksFilter::Done => !task.status.is_open(),
        TasksFilter::PathIncludes(p) => note.path.to_lowercase().contains(&p.to_lowercase()),
        TasksFilter::PathNotIncludes(p) => !note.path.to_lowercase().contains(&p.to_lowercase()),
        TasksFilter::TagIncludes(t) => {
            let t = t.to_lowercase();
            task.fields
                .tags
                .iter()
                .any(|tag| tag.to_lowercase().contains(&t))
        }
        TasksFilter::DueBefore(d) => due.is_some_and(|due| due < *d),
        TasksFilter::DueAfter(d) => due.is_some_and(|due| due > *d),
        TasksFilter::DueOn(d) => due == Some(*d),
        TasksFilter::HasDue => due.is_some(),
        TasksFilter::NoDue => due.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(lang: &str, source: &str) -> QueryBlock {
        QueryBlock {
            lang: lang.into(),
            source: source.into(),
            line: 1,
            section: String::new(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn parses_the_account_note_queries() {
        let q = parse(&block("dataview", "LIST\nFROM \"A/Projects\" OR \"B/Projects\"\nWHERE contains(file.outlinks, this.file.link)\n"), today()).unwrap();
        let Query::Dataview(q) = q else { panic!() };
        assert_eq!(q.kind, DataviewKind::List);
        assert!(matches!(q.from, Some(Source::Or(_, _))));
        let q = parse(
            &block(
                "dataview",
                "TASK\nFROM \"\"\nWHERE !completed\nSORT due ASC\nLIMIT 5",
            ),
            today(),
        )
        .unwrap();
        let Query::Dataview(q) = q else { panic!() };
        assert_eq!(q.limit, Some(5));
        assert_eq!(q.sort.len(), 1);
        let q = parse(
            &block(
                "tasks",
                "not done\npath includes Customers\ndue before 2026-12-01\nsort by due\nlimit 3",
            ),
            today(),
        )
        .unwrap();
        assert_eq!(
            q,
            Query::Tasks(TasksQuery {
                filters: vec![
                    TasksFilter::NotDone,
                    TasksFilter::PathIncludes("Customers".into()),
                    TasksFilter::DueBefore(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
                ],
                sort_by_due: true,
                limit: Some(3)
            })
        );
    }

    #[test]
    fn unsupported_queries_say_why() {
        assert!(
            parse(&block("dataview", "CALENDAR file.day"), today())
                .unwrap_err()
                .contains("LIST")
        );
        assert!(
            parse(&block("dataview", "TABLE x FROM \"a\" GROUP BY y"), today())
                .unwrap_err()
                .contains("GROUP")
        );
        assert!(
            parse(&block("tasks", "happens before tomorrow"), today())
                .unwrap_err()
                .contains("happens")
        );
        assert!(parse(&block("dataviewjs", "dv.list()"), today()).is_err());
    }
}
