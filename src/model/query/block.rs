//! Evaluating a note's query blocks into what the plugins draw: group
//! headings, tasks, list or table rows, or the plugin's error (docs/cli.md,
//! `acct query`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::tasks::{self, QueryContext, TaskPool, TasksSettings};
use super::{DataviewKind, Query};
use crate::index::Index;
use crate::note::{Note, QueryBlock};

/// One task in a block's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskHit {
    pub path: String,
    /// 1-based line of the task.
    pub line: usize,
    pub symbol: char,
    pub text: String,
    /// Index into the block's groups.
    pub group: usize,
}

/// One row of a LIST or TABLE result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableRow {
    pub path: String,
    pub values: Vec<String>,
}

/// The part of a block's result that does not depend on where the block sits.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluated {
    pub kind: &'static str,
    pub error: Option<String>,
    pub groups: Vec<Vec<String>>,
    pub tasks: Vec<TaskHit>,
    pub rows: Vec<TableRow>,
    pub headers: Vec<String>,
}

/// A block's result: where it is, and what it evaluates to.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockResult {
    pub path: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    pub language: String,
    pub source: String,
    /// Shared between blocks whose answer is the same wherever they sit.
    pub result: Arc<Evaluated>,
}

/// The answers of blocks that do not read the note they sit in, by language and text.
#[derive(Default)]
pub struct Answers(HashMap<(String, String), Arc<Evaluated>>);

/// Evaluates blocks against one index, sharing what repeated queries share:
/// the vault's tasks as Tasks queries see them, and the answers of blocks that
/// do not read the note they sit in.
pub struct Session<'a> {
    index: &'a Index,
    today: NaiveDate,
    settings: TasksSettings,
    pool: OnceLock<TaskPool<'a>>,
    cache: HashMap<(String, String), Arc<Evaluated>>,
    /// The pages each Dataview `FROM` picks, when they do not depend on the
    /// note holding the block (keyed by the parsed source).
    from: RefCell<HashMap<String, Arc<Vec<&'a Note>>>>,
}

impl<'a> Session<'a> {
    /// A session over `index`, with the Tasks plugin's global filter, global
    /// query and presets from the vault's `data.json` (as the index read it).
    pub fn new(index: &'a Index, today: NaiveDate) -> Self {
        let settings = index
            .settings
            .tasks_json
            .as_deref()
            .map(TasksSettings::from_json)
            .unwrap_or_default();
        Self::with_settings(index, today, settings)
    }

    pub fn with_settings(index: &'a Index, today: NaiveDate, settings: TasksSettings) -> Self {
        Self {
            index,
            today,
            settings,
            pool: OnceLock::new(),
            cache: HashMap::new(),
            from: RefCell::new(HashMap::new()),
        }
    }

    /// A session that starts with the answers an earlier session over the same
    /// index, on the same day, shared ([`Session::into_answers`]).
    pub fn with_answers(index: &'a Index, today: NaiveDate, answers: Answers) -> Self {
        let mut session = Self::new(index, today);
        session.cache = answers.0;
        session
    }

    /// The answers shared by blocks wherever they sit: valid for another
    /// session while the index and the day stay the same.
    pub fn into_answers(self) -> Answers {
        Answers(self.cache)
    }

    /// Evaluates every `tasks` and `dataview` block of `note`, in line order.
    pub fn note_blocks(&mut self, note: &Note) -> Vec<BlockResult> {
        note.queries()
            .filter(|b| b.lang == "tasks" || b.lang == "dataview")
            .map(|b| self.block(note, &b))
            .collect()
    }

    /// Evaluates one block of `note`.
    pub fn block(&mut self, note: &Note, block: &QueryBlock) -> BlockResult {
        let key = (block.lang.clone(), block.source.clone());
        let result = match self.cache.get(&key) {
            Some(r) => r.clone(),
            None => {
                let (evaluated, shared) = self.evaluate(note, block);
                let r = Arc::new(evaluated);
                if shared {
                    self.cache.insert(key, r.clone());
                }
                r
            }
        };
        BlockResult {
            path: note.path.clone(),
            line: block.line,
            language: block.lang.clone(),
            source: block.source.clone(),
            result,
        }
    }

    /// The block's answer, and whether it is the same wherever the block sits.
    fn evaluate(&self, note: &Note, block: &QueryBlock) -> (Evaluated, bool) {
        match block.lang.as_str() {
            "tasks" => self.evaluate_tasks(note, block),
            _ => self.evaluate_dataview(note, block),
        }
    }

    fn evaluate_tasks(&self, note: &Note, block: &QueryBlock) -> (Evaluated, bool) {
        let mut out = Evaluated {
            kind: "tasks",
            ..Evaluated::default()
        };
        let cx = QueryContext {
            path: &note.path,
            today: self.today,
            settings: &self.settings,
        };
        let query = match tasks::parse_tasks(&block.source, &cx) {
            Ok(q) => q,
            Err(e) => {
                out.error = Some(e);
                out.groups = vec![Vec::new()];
                return (out, false);
            }
        };
        let reads_query = block.source.contains("{{")
            || query.filters.iter().any(|f| f.reads_query())
            || block.source.contains("query.");
        let pool = self
            .pool
            .get_or_init(|| TaskPool::build(self.index, &self.settings.global_filter));
        match tasks::run(&query, pool, &note.path, self.today) {
            Ok(found) => {
                out.groups = found.groups;
                out.tasks = found
                    .hits
                    .iter()
                    .map(|&(i, group)| {
                        let v = &pool.views[i];
                        TaskHit {
                            path: v.path().to_string(),
                            line: v.task.line,
                            symbol: v.task.symbol,
                            text: v.shown.clone(),
                            group,
                        }
                    })
                    .collect();
            }
            Err(e) => {
                out.error = Some(e);
                out.groups = vec![Vec::new()];
            }
        }
        (out, !reads_query)
    }

    fn evaluate_dataview(&self, note: &Note, block: &QueryBlock) -> (Evaluated, bool) {
        let mut out = Evaluated {
            groups: vec![Vec::new()],
            ..Evaluated::default()
        };
        let query = match super::parse(block, self.today) {
            Ok(Query::Dataview(q)) => q,
            Ok(Query::Tasks(_)) => unreachable!("a dataview block parses as Dataview"),
            Err(e) => {
                out.kind = "list";
                out.error = Some(format!("Dataview: {e}"));
                return (out, false);
            }
        };
        let shared = !block.source.contains("this") && !block.source.contains("[[");
        out.kind = match query.kind {
            DataviewKind::List(_) => "list",
            DataviewKind::Task => "task",
            DataviewKind::Table(_) => "table",
        };
        let pages = match &query.from {
            Some(src) if super::dql::reads_this(src) => {
                Arc::new(super::dql::pages(Some(src), self.index, note))
            }
            from => self
                .from
                .borrow_mut()
                .entry(format!("{from:?}"))
                .or_insert_with(|| Arc::new(super::dql::pages(from.as_ref(), self.index, note)))
                .clone(),
        };
        let found = super::dql::run_on(&query, &pages, self.index, note, self.today);
        out.headers = found.headers;
        out.rows = found
            .rows
            .into_iter()
            .map(|(path, values)| TableRow { path, values })
            .collect();
        let heading = |h: &super::dql::Heading<'_>| vec![h.text()];
        out.groups = if found.groups.len() >= super::dql::PARALLEL_ROWS {
            found.groups.par_iter().map(heading).collect()
        } else {
            found.groups.iter().map(heading).collect()
        };
        let hit = |&(n, i, group): &(&Note, usize, usize)| {
            let t = n.tasks.get(i)?;
            Some(TaskHit {
                line: t.line,
                symbol: t.symbol,
                text: t.fields.text.to_string(),
                path: n.path.clone(),
                group,
            })
        };
        // A `TASK FROM ""` over a large vault answers with tens of thousands of tasks.
        out.tasks = if found.tasks.len() >= super::dql::PARALLEL_ROWS {
            found.tasks.par_iter().filter_map(hit).collect()
        } else {
            found.tasks.iter().filter_map(hit).collect()
        };
        if out.groups.is_empty() {
            out.groups = vec![Vec::new()];
        }
        (out, shared)
    }
}
