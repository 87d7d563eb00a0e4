//! Evaluating a parsed query against the index, for the dashboard's views.

use chrono::NaiveDate;

use super::{Query, QueryResult};
use crate::index::Index;
use crate::note::Note;

/// Evaluates a query for the note `this` that holds it.
pub fn evaluate(query: &Query, index: &Index, this: &Note, today: NaiveDate) -> QueryResult {
    match query {
        Query::Dataview(q) => {
            let out = super::dql::run(q, index, this, today);
            if matches!(q.kind, super::DataviewKind::Task) {
                QueryResult::Tasks(
                    out.tasks
                        .into_iter()
                        .map(|(n, i, _)| (n.path.clone(), i))
                        .collect(),
                )
            } else if matches!(q.kind, super::DataviewKind::Table(_)) {
                QueryResult::Table {
                    columns: out.headers,
                    rows: out.rows,
                }
            } else {
                // Group rows have no path: only pages are notes.
                QueryResult::Notes(
                    out.rows
                        .into_iter()
                        .map(|(p, _)| p)
                        .filter(|p| !p.is_empty())
                        .collect(),
                )
            }
        }
        Query::Tasks(q) => {
            let pool = super::tasks::TaskPool::build(index, "");
            let found = super::tasks::run(q, &pool, &this.path, today).unwrap_or_default();
            QueryResult::Tasks(
                found
                    .hits
                    .iter()
                    .map(|&(i, _)| (pool.views[i].path().to_string(), pool.views[i].index))
                    .collect(),
            )
        }
    }
}
