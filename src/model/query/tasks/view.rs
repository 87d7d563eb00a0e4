//! What the Tasks plugin reads from one task: its status, description,
//! location, dates, priority, recurrence and dependencies (docs/vault.md,
//! "Query blocks").

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::index::Index;
use crate::note::task::{Priority, StatusType};
use crate::note::{Note, Task};

static RECURRENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"🔁\u{FE0F}?\s*([^📅📆🗓⏳⌛🛫➕✅❌🆔⛔🔺⏫🔼🔽⏬🏁#]*)").unwrap()
});
static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"🆔\u{FE0F}?\s*([A-Za-z0-9_\-]+)").unwrap());
static DEPENDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"⛔\u{FE0F}?\s*([A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)").unwrap()
});
static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(🔁\u{FE0F}?\s*[^📅📆🗓⏳⌛🛫➕✅❌🆔⛔🔺⏫🔼🔽⏬🏁#]*|🆔\u{FE0F}?\s*[A-Za-z0-9_\-]+|⛔\u{FE0F}?\s*[A-Za-z0-9_\-,\s]+|🏁\u{FE0F}?\s*\w+)").unwrap()
});

/// One task as a Tasks query sees it.
#[derive(Debug, Clone)]
pub struct TaskView<'a> {
    pub note: &'a Note,
    pub task: &'a Task,
    /// Index into the note's tasks.
    pub index: usize,
    pub status_name: String,
    pub status_type: StatusType,
    /// The description: the text without dates, priority, recurrence, ids and
    /// the global filter.
    pub description: String,
    /// The text as drawn: the description with the global filter kept.
    pub shown: String,
    /// Tags with `#`, the global filter left out.
    pub tags: Vec<String>,
    /// The nearest heading above the task, if any.
    pub heading: Option<String>,
    /// 0 for a task at the left margin, more for a nested one.
    pub depth: u32,
    pub recurrence: Option<String>,
    pub id: Option<String>,
    pub depends_on: Vec<String>,
}

impl<'a> TaskView<'a> {
    pub fn new(
        index: &Index,
        note: &'a Note,
        i: usize,
        depth: u32,
        global_filter: &str,
    ) -> Option<Self> {
        let task = note.tasks.get(i)?;
        if !global_filter.is_empty() && !task.source.contains(global_filter) {
            return None;
        }
        let text = &task.fields.text;
        let stripped = MARKERS.replace_all(text, "").into_owned();
        let shown = crate::text::squash_spaces(stripped.trim());
        let mut description = stripped;
        if !global_filter.is_empty() {
            description = description.replacen(global_filter, "", 1);
        }
        let description = crate::text::squash_spaces(description.trim());
        let gf = global_filter.trim_start_matches('#');
        let tags = task
            .fields
            .tags
            .iter()
            .filter(|t| {
                gf.is_empty() || !global_filter.starts_with('#') || !t.eq_ignore_ascii_case(gf)
            })
            .map(|t| format!("#{t}"))
            .collect();
        let heading = Some(note.task_section(task)).filter(|h| !h.is_empty());
        let recurrence = RECURRENCE
            .captures(&task.source)
            .map(|c| c[1].trim().to_string())
            .filter(|r| !r.is_empty());
        let id = ID.captures(&task.source).map(|c| c[1].to_string());
        let depends_on = DEPENDS
            .captures(&task.source)
            .map(|c| c[1].split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default();
        Some(Self {
            note,
            task,
            index: i,
            status_name: index.settings.statuses.name(task.symbol).to_string(),
            status_type: task.status,
            description,
            shown,
            tags,
            heading,
            depth,
            recurrence,
            id,
            depends_on,
        })
    }

    pub fn path(&self) -> &str {
        &self.note.path
    }

    /// The folder with a trailing `/` (`/` at the vault root), as the plugin gives it.
    pub fn folder(&self) -> String {
        match self.note.path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => "/".into(),
        }
    }

    /// The top-level folder with a trailing `/` (`/` at the vault root).
    pub fn root(&self) -> String {
        match self.note.path.split_once('/') {
            Some((top, _)) => format!("{top}/"),
            None => "/".into(),
        }
    }

    /// The file name with its `.md`.
    pub fn filename(&self) -> &str {
        self.note.path.rsplit('/').next().unwrap_or(&self.note.path)
    }

    pub fn date(&self, field: DateField) -> Option<NaiveDate> {
        let f = &self.task.fields;
        match field {
            DateField::Due => f.due,
            DateField::Scheduled => f.scheduled,
            DateField::Start => f.start,
            DateField::Created => f.created,
            DateField::Done => f.done,
            DateField::Cancelled => f.cancelled,
            DateField::Happens => [f.start, f.scheduled, f.due].into_iter().flatten().min(),
        }
    }

    /// 0 (highest) … 5 (lowest); 3 is no priority, as the plugin numbers them.
    pub fn priority_number(&self) -> u8 {
        match self.task.fields.priority {
            Some(Priority::Highest) => 0,
            Some(Priority::High) => 1,
            Some(Priority::Medium) => 2,
            None => 3,
            Some(Priority::Low) => 4,
            Some(Priority::Lowest) => 5,
        }
    }

    pub fn priority_name(&self) -> &'static str {
        PRIORITY_NAMES[self.priority_number() as usize]
    }

    /// A task counts as done when its status type is DONE, CANCELLED or NON_TASK.
    pub fn is_done(&self) -> bool {
        !self.status_type.is_open()
    }

    /// The plugin's urgency score: due date, priority, scheduled and start dates.
    pub fn urgency(&self, today: NaiveDate) -> f64 {
        let f = &self.task.fields;
        let due = f.due.map_or(0.0, |due| {
            let overdue = (today - due).num_days() as f64;
            let m = if overdue >= 7.0 {
                1.0
            } else if overdue >= -14.0 {
                (overdue + 14.0) * 0.8 / 21.0 + 0.2
            } else {
                0.2
            };
            m * 12.0
        });
        let priority = [9.0, 6.0, 3.9, 1.95, 0.0, -1.8][self.priority_number() as usize];
        let scheduled = f
            .scheduled
            .map_or(0.0, |d| if d <= today { 5.0 } else { 0.0 });
        let start = f.start.map_or(0.0, |d| if d > today { -3.0 } else { 0.0 });
        due + priority + scheduled + start
    }
}

pub const PRIORITY_NAMES: [&str; 6] = ["Highest", "High", "Medium", "None", "Low", "Lowest"];

/// The dates a task carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    Due,
    Scheduled,
    Start,
    Created,
    Done,
    Cancelled,
    Happens,
}

impl DateField {
    /// The field a query word names (`due`, `starts`, `done` …).
    pub fn from_word(w: &str) -> Option<Self> {
        Some(match w {
            "due" => Self::Due,
            "scheduled" => Self::Scheduled,
            "starts" | "start" => Self::Start,
            "created" => Self::Created,
            "done" => Self::Done,
            "cancelled" => Self::Cancelled,
            "happens" => Self::Happens,
            _ => return None,
        })
    }

    /// The name the plugin uses in headings (`No due date`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Scheduled => "scheduled",
            Self::Start => "start",
            Self::Created => "created",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
            Self::Happens => "happens",
        }
    }
}

/// How deep each of a note's tasks is nested (0 at the margin), by task index.
pub fn task_depths(note: &Note) -> Vec<u32> {
    let mut depths = vec![0; note.tasks.len()];
    for section in &note.sections {
        for item in note.items(section) {
            if let Some(t) = item.task
                && let Some(d) = depths.get_mut(t as usize)
            {
                *d = item.depth;
            }
        }
    }
    depths
}
