//! A small evaluator for the JavaScript expressions of `filter by function`,
//! `sort by function` and `group by function`: property access on `task` and
//! `query`, comparisons, `&&`/`||`/`!`, `?:`, arithmetic, string and array
//! methods, arrow functions and dates (docs/vault.md, "Query blocks"). It is
//! hand-written rather than an embedded JavaScript engine: the expressions
//! vault queries use are one-liners, and each is evaluated once per task.

mod eval;
mod parse;

use chrono::NaiveDate;

use super::view::DateField;
pub use eval::{Env, format_date, is_blocked, is_blocking, to_num};
pub use parse::parse;

/// How deeply an expression may nest (parentheses, calls, operators).
pub(super) const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum Js {
    Num(f64),
    Str(String),
    Ident(String),
    Member(Box<Js>, String),
    Index(Box<Js>, Box<Js>),
    Call(Box<Js>, Vec<Js>),
    Unary(&'static str, Box<Js>),
    Binary(&'static str, Box<Js>, Box<Js>),
    Cond(Box<Js>, Box<Js>, Box<Js>),
    Arrow(Vec<String>, Box<Js>),
    Array(Vec<Js>),
}

/// A value an expression yields.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Date(NaiveDate),
    Array(Vec<Val>),
    /// An object of the task or the query, read on access.
    Obj(Obj),
    Func(Vec<String>, Box<Js>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Obj {
    Task,
    TaskFile,
    Status,
    TasksDate(DateField),
    Query,
    QueryFile,
}

impl Val {
    pub fn truthy(&self) -> bool {
        match self {
            Val::Undefined | Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    /// The value as JavaScript's `String(…)` would give it.
    pub fn text(&self) -> String {
        match self {
            Val::Undefined => "undefined".into(),
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => num_text(*n),
            Val::Str(s) => s.clone(),
            Val::Date(d) => d.format("%Y-%m-%d").to_string(),
            Val::Array(items) => items.iter().map(Val::text).collect::<Vec<_>>().join(","),
            Val::Obj(_) => "[object Object]".into(),
            Val::Func(..) => "function".into(),
        }
    }
}

pub fn num_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
