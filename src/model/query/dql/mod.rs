//! Dataview's query language (DQL) as account notes use it: parsing with
//! Dataview's own error report, and running `FROM`, `WHERE`, `SORT`,
//! `GROUP BY`, `FLATTEN` and `LIMIT` in the order written (docs/vault.md,
//! "Dataview subset").

mod lex;
mod parse;
mod run;
mod scope;
mod value;

pub use lex::one_line;
pub use parse::parse_dataview;
pub(crate) use run::PARALLEL_ROWS;
pub use run::{DqlOutput, Heading, pages, reads_this, run, run_on};
