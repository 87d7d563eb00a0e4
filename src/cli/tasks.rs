//! `acct tasks`: list open tasks with their near-duplicate clusters, and
//! accept, dismiss, mark done or keep one of them by id. Rules in docs/cli.md
//! and docs/tasks.md.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{Failure, find_account, write_json, write_out};
use crate::config::Config;
use crate::edit::batch;
use crate::index::Index;
use crate::model::inbox::actions::{self, Plan, TaskAction};
use crate::model::inbox::filter::{is_mine, is_unassigned_name};
use crate::model::inbox::{self, InboxSettings, InboxTask, Scope, row_text};
use crate::text::sanitize;

/// `acct tasks`: the listing's filters, or an action.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TasksArgs {
    #[command(subcommand)]
    pub action: Option<TasksAction>,
    /// Title, alias or vault path; every live account when left out
    pub account: Option<String>,
    /// Only proposed tasks
    #[arg(long)]
    pub proposed: bool,
    /// Only tasks of this owner; `me` for the config's `me` names, `none` for unassigned (@TBD or no owner)
    #[arg(long, value_name = "NAME|me|none")]
    pub owner: Option<String>,
    /// Only tasks due before today
    #[arg(long)]
    pub overdue: bool,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// An action on tasks named by the ids `acct tasks` prints.
#[derive(Debug, Subcommand)]
pub enum TasksAction {
    /// Accept proposed tasks (the vault's first to-do status)
    Accept(Ids),
    /// Dismiss tasks (the vault's first cancelled status)
    Dismiss(Ids),
    /// Mark tasks done (the vault's first done status, dated today)
    Done(Ids),
    /// Accept one task and dismiss the rest of its cluster
    Keep {
        /// The task to keep
        id: String,
        /// Print the diff without writing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Args)]
pub struct Ids {
    /// Task ids, as `acct tasks` prints them
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Print the diff without writing
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `acct tasks`.
pub fn run(
    index: &Index,
    config: &Config,
    today: NaiveDate,
    args: TasksArgs,
    out: &mut impl Write,
) -> Result<u8, Failure> {
    let settings = InboxSettings::from_config(config);
    match args.action {
        None => list(index, &settings, today, &args, out),
        Some(action) => act(index, today, action, out),
    }
}

fn list(
    index: &Index,
    settings: &InboxSettings,
    today: NaiveDate,
    args: &TasksArgs,
    out: &mut impl Write,
) -> Result<u8, Failure> {
    let scope = match &args.account {
        Some(name) => Scope::Account(find_account(index, today, name, false)?.path),
        None => Scope::All,
    };
    let tasks: Vec<InboxTask> = inbox::collect(index, &scope)
        .into_iter()
        .filter(|t| !args.proposed || t.proposed)
        .filter(|t| !args.overdue || t.due.is_some_and(|d| d < today))
        .filter(|t| match args.owner.as_deref() {
            None => true,
            Some("me") => is_mine(t, &settings.me),
            Some("none") => t.owners.iter().all(|o| is_unassigned_name(o)),
            Some(name) => t
                .owners
                .iter()
                .any(|o| o.eq_ignore_ascii_case(name.trim_start_matches('@'))),
        })
        .collect();
    if args.json {
        write_json(out, &tasks)?;
    } else {
        write_out(out, &render(&tasks, &settings.hide_tags))?;
    }
    Ok(0)
}

/// One line per task under its account's title: id, status, due, owner, text,
/// source note, and `≈N` on tasks with N−1 near-duplicates.
fn render(tasks: &[InboxTask], hide_tags: &[String]) -> String {
    let mut sizes: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for t in tasks {
        *sizes.entry(&*t.cluster).or_default() += 1;
    }
    let mut out = String::new();
    let mut account = None;
    for t in tasks {
        if account != Some(&t.account_path) {
            out.push_str(&format!("{}\n", sanitize(&t.account)));
            account = Some(&t.account_path);
        }
        let due = t.due.map_or_else(|| "-".repeat(10), |d| d.to_string());
        let owner = t.owners.first().map_or("", String::as_str);
        let size = sizes[&*t.cluster];
        let dup = if size > 1 {
            format!("  ≈{size}")
        } else {
            String::new()
        };
        let source = match t.source.date {
            Some(d) if !t.source.title.starts_with(&d.to_string()) => {
                format!("{d} {}", t.source.title)
            }
            _ => t.source.title.to_string(),
        };
        out.push_str(&format!(
            "  {} [{}] {due} {:<10} {} · {}{dup}\n",
            t.id,
            t.symbol,
            sanitize(owner),
            sanitize(&row_text(&t.text, hide_tags)),
            sanitize(&source),
        ));
    }
    if tasks.is_empty() {
        out.push_str("no open tasks\n");
    }
    out
}

fn act(
    index: &Index,
    today: NaiveDate,
    action: TasksAction,
    out: &mut impl Write,
) -> Result<u8, Failure> {
    let all = inbox::collect(index, &Scope::All);
    let find = |id: &str| {
        all.iter().find(|t| *t.id == *id).ok_or_else(|| {
            Failure::usage(format!(
                "no open task has the id {id} (an id changes when its line's text changes; \
                 run `acct tasks` again)"
            ))
        })
    };
    let statuses = &index.settings.statuses;
    let (plan, dry_run): (Plan, bool) = match action {
        TasksAction::Keep { id, dry_run } => {
            let keep = find(&id)?;
            (
                actions::keep_one(&all, keep, statuses).map_err(refused)?,
                dry_run,
            )
        }
        TasksAction::Accept(ids) | TasksAction::Dismiss(ids) | TasksAction::Done(ids)
            if ids.ids.is_empty() =>
        {
            return Err(Failure::usage("name at least one task id"));
        }
        other => {
            let (what, ids) = match other {
                TasksAction::Accept(ids) => (TaskAction::Accept, ids),
                TasksAction::Dismiss(ids) => (TaskAction::Dismiss, ids),
                TasksAction::Done(ids) => (TaskAction::Done, ids),
                TasksAction::Keep { .. } => unreachable!("handled above"),
            };
            let chosen = ids
                .ids
                .iter()
                .map(|id| find(id))
                .collect::<Result<Vec<_>, _>>()?;
            (
                actions::plan(&chosen, what, statuses).map_err(refused)?,
                ids.dry_run,
            )
        }
    };
    if plan.skipped > 0 {
        let (n, verb) = match plan.skipped {
            1 => ("1 task".to_string(), "is"),
            n => (format!("{n} tasks"), "are"),
        };
        super::say(format!(
            "{n} {verb} not proposed; accepting leaves them as they are"
        ));
    }
    let edits = plan.edits(today);
    let (diffs, refusals) = if dry_run {
        batch::preview(index, &edits)
    } else {
        let outcome = batch::apply(index, &edits);
        let diffs = outcome
            .written
            .into_iter()
            .map(|w| (w.path, w.diff))
            .collect();
        (diffs, outcome.refused)
    };
    let mut text = String::new();
    for (path, diff) in &diffs {
        text.push_str(&format!("--- {path}\n+++ {path}\n{diff}"));
    }
    write_out(out, &text)?;
    for e in &refusals {
        super::say(e);
    }
    Ok(refusals.iter().map(|e| e.exit_code()).max().unwrap_or(0))
}

fn refused(message: String) -> Failure {
    Failure { code: 3, message }
}
