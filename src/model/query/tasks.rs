//! Tasks-plugin query blocks: one filter, sort or limit per line.

use chrono::NaiveDate;

use super::{TasksFilter, TasksQuery};
use crate::text::parse_date;

pub(super) fn parse_tasks(src: &str, today: NaiveDate) -> Result<TasksQuery, String> {
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
