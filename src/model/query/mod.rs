//! Query blocks evaluated as the plugins evaluate them: the Tasks plugin's
//! query language and Dataview's DQL (docs/vault.md, "Query blocks"). A block
//! that cannot be evaluated is reported with the plugin's own words.

mod block;
mod dataview;
mod eval;
pub mod tasks;

use chrono::NaiveDate;

use crate::note::QueryBlock;

pub use block::{BlockResult, Evaluated, Session, TableRow, TaskHit};
pub use eval::evaluate;
pub use tasks::{TasksQuery, TasksSettings};

use dataview::parse_dataview;

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
        "tasks" => tasks::parse_tasks(
            &block.source,
            &tasks::QueryContext {
                path: "",
                today,
                settings: &TasksSettings::default(),
            },
        )
        .map(Query::Tasks),
        other => Err(format!("`{other}` blocks are not evaluated")),
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
        let Query::Tasks(q) = q else { panic!() };
        assert_eq!(q.filters.len(), 3);
        assert_eq!(q.sorts.len(), 1);
        assert_eq!(q.limit, Some(3));
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
            parse(&block("tasks", "happens whenever"), today())
                .unwrap_err()
                .contains("Problem line: \"happens whenever\"")
        );
        assert!(parse(&block("dataviewjs", "dv.list()"), today()).is_err());
    }

    #[test]
    fn deep_or_long_queries_are_refused_not_a_crash() {
        // Each of these overflowed the stack (parse, evaluate or free) before.
        let deep = format!("LIST WHERE {}x{}", "(".repeat(10_000), ")".repeat(10_000));
        let nots = format!("LIST WHERE {}x", "!".repeat(20_000));
        let calls = format!("LIST WHERE {}x", "f(".repeat(20_000));
        let from = format!("LIST FROM {}\"A\"", "-".repeat(20_000));
        let terms = format!("LIST WHERE {}", vec!["x"; 100_000].join(" AND "));
        for source in [deep, nots, calls, from, terms] {
            let err = parse(&block("dataview", &source), today()).unwrap_err();
            assert!(
                err.contains("nests more than 64 levels") || err.contains("more than 2000 terms"),
                "{err}"
            );
        }
        // Real queries are far inside the limits.
        let real = "TABLE status FROM \"Customers\" AND (#customer OR -#archived) WHERE !completed AND (a = 1 OR (b AND !(c > 2)))";
        assert!(parse(&block("dataview", real), today()).is_ok());
    }

    #[test]
    fn parse_errors_are_worded_for_a_person() {
        let err = parse(&block("dataview", "LIST FROM this.file.folder"), today()).unwrap_err();
        assert!(!err.contains("Some(") && !err.contains("Ident("), "{err}");
        assert!(err.contains("`this.file.folder`"), "{err}");
    }
}
