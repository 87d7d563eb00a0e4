//! What the non-interactive commands print: the `list` table, the `show`
//! summary and the `check` lines.

use chrono::NaiveDate;

use crate::model::check::{self, Report};
use crate::model::dashboard::{AccountSummary, Dashboard};
use crate::problem::Severity;
use crate::text::{count, days_ago};

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

fn pad(s: &str, width: usize) -> String {
    let len = unicode_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(len)))
}

fn unicode_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// The aligned table `list` prints.
pub fn render_list(rows: &[AccountSummary]) -> String {
    if rows.is_empty() {
        return "no accounts match\n".to_string();
    }
    let headers = [
        "ACCOUNT",
        "STATUS",
        "REVIEW",
        "LAST CONTACT",
        "DAYS",
        "TASKS",
        "BLOCKERS",
        "WARNINGS",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            let title = if r.archived {
                format!("{} (archived)", r.title)
            } else {
                r.title.clone()
            };
            [
                title,
                r.status.clone().unwrap_or_else(|| "-".into()),
                if r.needs_review {
                    "review".into()
                } else {
                    String::new()
                },
                date_or_dash(r.last_contact),
                r.days_since_contact
                    .map_or_else(|| "-".into(), |d| d.to_string()),
                r.open_tasks.to_string(),
                r.blockers.to_string(),
                r.warnings.to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| unicode_width(&row[c]))
                .chain([headers[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(headers.map(str::to_string)).chain(cells) {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{}, {}\n",
        count(rows.len(), "account", "accounts"),
        count(
            rows.iter().filter(|r| r.needs_review).count(),
            "needs review",
            "need review"
        )
    ));
    out
}

fn section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for item in items {
        out.push_str(&format!("  - {item}\n"));
    }
}

/// A pane's items, a folded one with its count (`×3`), one from another note
/// with that note's date and title.
fn item_section(out: &mut String, title: &str, items: &[crate::model::dashboard::PaneItem]) {
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            let mut line = i.text.clone();
            if i.count > 1 {
                line.push_str(&format!("  ×{}", i.count));
            }
            if let Some(source) = &i.source {
                let date = i.date.map_or(String::new(), |d| format!("{d}, "));
                line.push_str(&format!("  ({date}{source})"));
            }
            line
        })
        .collect();
    section(out, title, &lines);
}

/// The readable summary `show` prints.
pub fn render_show(d: &Dashboard) -> String {
    let mut out = format!("{}  ({})\n", d.title, d.path);
    let mut facts = vec![format!("status: {}", d.status.as_deref().unwrap_or("-"))];
    if d.needs_review {
        facts.push("needs review".into());
    }
    if d.archived {
        facts.push("archived".into());
    }
    facts.push(format!(
        "last contact: {}{}",
        date_or_dash(d.last_contact),
        d.days_since_contact
            .map_or_else(String::new, |n| format!(" ({})", days_ago(n)))
    ));
    if d.created.is_some() {
        facts.push(format!("created: {}", date_or_dash(d.created)));
    }
    out.push_str(&facts.join(" · "));
    out.push('\n');
    if !d.aliases.is_empty() {
        out.push_str(&format!("aliases: {}\n", d.aliases.join(", ")));
    }
    if !d.tags.is_empty() {
        out.push_str(&format!(
            "tags: {}\n",
            d.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    if !d.table.0.is_empty() {
        out.push_str("\nAccount status\n");
        let width = d
            .table
            .0
            .iter()
            .map(|(k, _)| unicode_width(k))
            .max()
            .unwrap_or(0);
        for (k, v) in &d.table.0 {
            out.push_str(&format!(
                "  {}  {}\n",
                pad(k, width),
                v.as_deref().unwrap_or("unknown")
            ));
        }
    }
    section(&mut out, "Warnings", &d.warnings);
    item_section(&mut out, "Blockers", &d.blockers);
    item_section(&mut out, "Decisions", &d.decisions);
    if !d.open_tasks.is_empty() {
        out.push_str(&format!("\nOpen tasks ({})\n", d.open_tasks.len()));
        for t in &d.open_tasks {
            let due = t.due.map_or_else(String::new, |d| {
                format!("  due {d}{}", if t.overdue { " (overdue)" } else { "" })
            });
            let count = if t.count > 1 {
                format!("  ×{}", t.count)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  [{}] {}{}{}  — {}:{}\n",
                t.symbol, t.text, due, count, t.path, t.line
            ));
        }
    }
    if !d.recent_context.is_empty() {
        out.push_str("\nRecent context\n");
        for c in &d.recent_context {
            let mut line = format!("  {}", date_or_dash(c.date));
            if let Some(link) = &c.link {
                line.push_str(&format!("  {link}"));
            }
            if let Some(summary) = &c.summary {
                line.push_str(&format!(" — {summary}"));
            }
            if let Some(via) = &c.via {
                line.push_str(&format!(" (via {via})"));
            }
            if c.count > 1 {
                line.push_str(&format!("  ×{}", c.count));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    let projects: Vec<String> = d
        .active_projects
        .iter()
        .map(|p| format!("{} ({})", p.title, p.path))
        .collect();
    section(&mut out, "Active projects", &projects);
    item_section(&mut out, "Next steps", &d.next_steps);
    item_section(&mut out, "Key contacts", &d.contacts);
    item_section(&mut out, "Opportunities", &d.opportunities);
    item_section(&mut out, "Key facts", &d.facts);
    item_section(&mut out, "Topics", &d.topics);
    item_section(&mut out, "Related people", &d.people);
    out
}

/// What `check` prints: the counts by kind, then the problems grouped by kind,
/// then what was left out.
pub fn render_check(report: &Report, severity: Option<Severity>) -> String {
    let problems = &report.shown;
    let mut out = String::new();
    if problems.is_empty() {
        out.push_str("no problems found\n");
    } else {
        let errors = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        out.push_str(&format!(
            "{} ({}, {})\n",
            count(problems.len(), "problem", "problems"),
            count(errors, "error", "errors"),
            count(problems.len() - errors, "warning", "warnings")
        ));
        let groups = check::groups(problems);
        let width = groups
            .iter()
            .map(|(_, ps)| ps.len().to_string().len())
            .max()
            .unwrap_or(1);
        for (kind, ps) in &groups {
            out.push_str(&format!("  {:>width$}  {}\n", ps.len(), kind.title()));
        }
        for (kind, ps) in &groups {
            out.push_str(&format!("\n{} ({})\n", kind.title(), ps.len()));
            for p in ps {
                out.push_str(&format!("  {p}\n"));
            }
        }
    }
    if let Some(line) = report.left_out_line(severity) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
