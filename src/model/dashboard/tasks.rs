//! An account's open tasks as the Open tasks pane lists them: which tasks are
//! shown, their order, and near-identical tasks folded into one row.

use super::*;

pub(super) fn open_task(index: &Index, note: &Note, task: &Task, today: NaiveDate) -> OpenTask {
    OpenTask {
        text: task.fields.text.to_string(),
        status: task.status,
        symbol: task.symbol,
        due: task.fields.due,
        scheduled: task.fields.scheduled,
        path: note.path.clone(),
        line: task.line,
        overdue: task.fields.due.is_some_and(|d| d < today),
        count: 1,
        status_name: index.settings.statuses.name(task.symbol).to_string(),
        source: task.source.to_string(),
        copies: Vec::new(),
    }
}

/// The account's open tasks, sorted by due date (undated last), then path and line.
pub(super) fn open_tasks(index: &Index, note: &Note, today: NaiveDate) -> Vec<OpenTask> {
    let mut tasks: Vec<OpenTask> = index
        .account_tasks(&note.path)
        .into_iter()
        .filter(|(n, t)| is_shown_open_task(index, note, n, t))
        .map(|(n, t)| open_task(index, n, t, today))
        .collect();
    tasks.sort_by(|a, b| {
        (a.due.is_none(), a.due, &a.path, a.line).cmp(&(b.due.is_none(), b.due, &b.path, b.line))
    });
    tasks
}

/// How many rows the open tasks pane shows (near-identical tasks counted once),
/// without building them.
pub(super) fn open_task_count(index: &impl RowFacts, note: &Note) -> usize {
    let mut seen = rustc_hash::FxHashSet::default();
    for (n, t) in index.account_tasks(&note.path) {
        if is_shown_open_task(index, note, n, t) {
            seen.insert((t.fields.due, words(&t.fields.text)));
        }
    }
    seen.len()
}

/// An open task of the account, from its own note or a live note (an archived
/// note's tasks show only for an archived account).
pub(super) fn is_shown_open_task(
    index: &impl RowFacts,
    account: &Note,
    note: &Note,
    task: &Task,
) -> bool {
    task.status.is_open()
        && (note.path == account.path || super::feeds(index, &note.path, &account.path))
}

/// Folds near-identical tasks (same due date, same words) into the first one, with a count.
pub fn dedup_tasks(tasks: Vec<OpenTask>) -> Vec<OpenTask> {
    let mut out: Vec<OpenTask> = Vec::with_capacity(tasks.len());
    let mut seen: HashMap<(Option<NaiveDate>, String), usize> = HashMap::new();
    for task in tasks {
        let key = (task.due, words(&task.text));
        match seen.get(&key) {
            Some(&at) => {
                out[at].count += 1;
                out[at].copies.push(TaskRef {
                    path: task.path,
                    line: task.line,
                    source: task.source,
                });
            }
            None => {
                seen.insert(key, out.len());
                out.push(task);
            }
        }
    }
    out
}
