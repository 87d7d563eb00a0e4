//! Query blocks evaluated as the plugins evaluate them: the Tasks plugin's
//! query language and Dataview's DQL (docs/vault.md, "Query blocks"). A block
//! that cannot be evaluated is reported with the plugin's own words.

mod block;
pub mod dql;
mod eval;
pub mod tasks;

use chrono::NaiveDate;

use crate::note::QueryBlock;

pub use block::{Answers, BlockResult, Evaluated, Session, TableRow, TaskHit};
pub use eval::evaluate;
pub use tasks::{TasksQuery, TasksSettings};

use dql::parse_dataview;

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Dataview(DataviewQuery),
    Tasks(TasksQuery),
}

/// What a Dataview query lists.
#[derive(Debug, Clone, PartialEq)]
pub enum DataviewKind {
    /// `LIST`, with the expression shown after each item, if any.
    List(Option<Expr>),
    Task,
    /// `TABLE` columns: the expression and its header.
    Table(Vec<(Expr, String)>),
}

/// A parsed Dataview query: its type, `FROM`, and the data commands in the
/// order they are written (Dataview runs them in that order).
#[derive(Debug, Clone, PartialEq)]
pub struct DataviewQuery {
    pub kind: DataviewKind,
    /// `WITHOUT ID`: no file or group column.
    pub without_id: bool,
    pub from: Option<Source>,
    pub commands: Vec<Command>,
}

/// A data command.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Where(Expr),
    /// Keys, each with `true` for descending.
    Sort(Vec<(Expr, bool)>),
    /// The key and the name it is known by.
    GroupBy(Expr, String),
    /// The expression and the name each element is bound to.
    Flatten(Expr, String),
    Limit(usize),
}

/// A `FROM` source.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A folder, or a single file's path.
    Folder(String),
    Tag(String),
    /// Notes linking to the note.
    Link(String),
    /// Notes the note links to (`outgoing([[…]])`).
    Outgoing(String),
    Not(Box<Source>),
    And(Box<Source>, Box<Source>),
    Or(Box<Source>, Box<Source>),
}

/// A `WHERE`/`SORT`/column expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A field path, lowercased (`file.name`, `this.status`, `rows.file.link`).
    Field(String),
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    List(Vec<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
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
        assert_eq!(q.kind, DataviewKind::List(None));
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
        assert!(
            matches!(q.commands[..], [Command::Where(_), Command::Sort(ref keys), Command::Limit(5)] if keys.len() == 1)
        );
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
                .contains("CALENDAR queries are not evaluated")
        );
        assert!(
            parse(&block("dataview", "TABLE x FROM \"a\" GROUP BY"), today())
                .unwrap_err()
                .contains("PARSING FAILED")
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
        // Dataview's own report: the line, a caret at the column, what it expected.
        let err = parse(&block("dataview", "LIST\nFROM this.file.folder"), today()).unwrap_err();
        assert!(!err.contains("Some(") && !err.contains("Ident("), "{err}");
        assert_eq!(
            err,
            "Error: \n-- PARSING FAILED --------------------------------------------------\n\n  1 | LIST\n> 2 | FROM this.file.folder\n    |      ^\n\nExpected one of the following: \n\n'!', '(', '-', 'csv(', 'outgoing(', file link, string, tag ('#hello/stuff')"
        );
        assert_eq!(
            dql::one_line(&err),
            "Dataview cannot parse line 2, column 6; expected one of: '!', '(', '-', 'csv(', 'outgoing(', file link, string, tag ('#hello/stuff')"
        );
        let err = parse(&block("dataview", ""), today()).unwrap_err();
        assert!(err.contains("Got the end of the input"), "{err}");
        assert!(err.contains("TABLE or LIST or TASK or CALENDAR"), "{err}");
    }
}
