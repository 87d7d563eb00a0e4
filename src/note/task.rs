//! Tasks as the Obsidian Tasks plugin reads them: status characters, dates,
//! priorities, owners and tags.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::emoji;
use super::marks::{inline_tags, owners};
use crate::text::{parse_date, sanitize, squash_spaces};

/// The status types the Tasks plugin defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StatusType {
    Todo,
    InProgress,
    Done,
    Cancelled,
    NonTask,
}

impl StatusType {
    /// Open tasks are the ones still to be done.
    pub fn is_open(self) -> bool {
        matches!(self, StatusType::Todo | StatusType::InProgress)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StatusType::Todo => "TODO",
            StatusType::InProgress => "IN_PROGRESS",
            StatusType::Done => "DONE",
            StatusType::Cancelled => "CANCELLED",
            StatusType::NonTask => "NON_TASK",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "TODO" => Some(StatusType::Todo),
            "IN_PROGRESS" => Some(StatusType::InProgress),
            "DONE" => Some(StatusType::Done),
            "CANCELLED" => Some(StatusType::Cancelled),
            "NON_TASK" => Some(StatusType::NonTask),
            _ => None,
        }
    }
}

/// One declared status: its character, name and type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskStatus {
    pub symbol: char,
    pub name: String,
    pub kind: StatusType,
}

/// The statuses a vault declares, as the Tasks plugin reads them: with
/// `statusSettings` in `.obsidian/plugins/obsidian-tasks-plugin/data.json`,
/// its core statuses then its custom statuses, which *replace* the plugin's
/// defaults; without settings the defaults ` ` Todo, `x` Done, `/` In
/// Progress and `-` Cancelled. An undeclared character is TODO. The rules are
/// in docs/writing.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskStatuses {
    /// In declaration order (the first DONE status is the one `done` writes).
    declared: Vec<TaskStatus>,
    by_symbol: HashMap<char, usize>,
}

impl Default for TaskStatuses {
    fn default() -> Self {
        let mut s = Self::empty();
        for (symbol, name, kind) in [
            (' ', "Todo", StatusType::Todo),
            ('x', "Done", StatusType::Done),
            ('/', "In Progress", StatusType::InProgress),
            ('-', "Cancelled", StatusType::Cancelled),
        ] {
            s.declare(symbol, name, kind);
        }
        // Obsidian renders `[X]` checked too; read it as done, never write it.
        s.by_symbol.entry('X').or_insert(1);
        s
    }
}

impl TaskStatuses {
    /// A hash of every declared status: notes read under other statuses parse
    /// differently, so the parse cache keeps this beside them.
    pub fn fingerprint(&self) -> u64 {
        let mut text = String::new();
        for s in &self.declared {
            text.push_str(&format!(
                "{}\u{0}{}\u{0}{}\u{1}",
                s.symbol,
                s.name,
                s.kind.as_str()
            ));
        }
        let mut symbols: Vec<(&char, &usize)> = self.by_symbol.iter().collect();
        symbols.sort();
        for (symbol, i) in symbols {
            text.push_str(&format!("{symbol}{i}\u{1}"));
        }
        xxhash_rust::xxh3::xxh3_64(text.as_bytes())
    }

    fn empty() -> Self {
        Self {
            declared: Vec::new(),
            by_symbol: HashMap::new(),
        }
    }

    /// Declares a status; a character declared twice keeps its first declaration,
    /// as the plugin's registry does.
    fn declare(&mut self, symbol: char, name: &str, kind: StatusType) {
        if self.by_symbol.contains_key(&symbol) {
            return;
        }
        self.by_symbol.insert(symbol, self.declared.len());
        self.declared.push(TaskStatus {
            symbol,
            name: name.to_string(),
            kind,
        });
    }

    /// Reads the plugin's `data.json`. With `statusSettings`, the statuses it
    /// declares replace the defaults; without, the defaults stand. Whatever
    /// the plugin would read otherwise than it looks, or leave out, comes back
    /// as a sentence for a person (docs/vault.md, "Task statuses"): an entry
    /// of an unknown type is TODO, as the plugin reads it; one with no
    /// character, or more than one, or a character declared before, is left
    /// out. Err when the file is not JSON.
    pub fn from_settings_json(json: &str) -> Result<(Self, Vec<String>), String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("not valid JSON: {e}"))?;
        let mut notes = Vec::new();
        let settings = &value["statusSettings"];
        if settings.is_null() {
            return Ok((Self::default(), notes));
        }
        if !settings.is_object() {
            notes.push("`statusSettings` is not an object; the default statuses are used".into());
            return Ok((Self::default(), notes));
        }
        let mut statuses = Self::empty();
        for (group, label) in [("coreStatuses", "core"), ("customStatuses", "custom")] {
            let list = &settings[group];
            if list.is_null() {
                continue;
            }
            let Some(list) = list.as_array() else {
                notes.push(format!("`statusSettings.{group}` is not a list; left out"));
                continue;
            };
            for (n, entry) in list.iter().enumerate() {
                let which = entry_name(label, n, entry);
                match read_entry(entry) {
                    Err(why) => notes.push(format!("{which}{why}")),
                    Ok((symbol, ..)) if statuses.by_symbol.contains_key(&symbol) => notes.push(
                        format!("{which} repeats a symbol declared before it; the first declaration stands"),
                    ),
                    Ok((symbol, name, kind, read_as)) => {
                        notes.extend(read_as.map(|why| format!("{which}{why}")));
                        statuses.declare(symbol, name, kind);
                    }
                }
            }
        }
        Ok((statuses, notes))
    }

    fn get(&self, symbol: char) -> Option<&TaskStatus> {
        self.by_symbol.get(&symbol).map(|&i| &self.declared[i])
    }

    /// The status of a character; an undeclared character counts as TODO.
    pub fn kind(&self, symbol: char) -> StatusType {
        self.get(symbol).map_or(StatusType::Todo, |s| s.kind)
    }

    /// The status name shown to a person (`Proposed`, `Todo`, …).
    pub fn name(&self, symbol: char) -> &str {
        self.get(symbol).map_or("Unknown", |s| s.name.as_str())
    }

    /// The first declared status of a type.
    pub fn first_of(&self, kind: StatusType) -> Option<&TaskStatus> {
        self.declared.iter().find(|s| s.kind == kind)
    }

    /// What "done" writes: the first declared DONE status.
    pub fn done(&self) -> Option<&TaskStatus> {
        self.first_of(StatusType::Done)
    }

    /// What "dismiss" writes: the first declared CANCELLED status.
    pub fn cancelled(&self) -> Option<&TaskStatus> {
        self.first_of(StatusType::Cancelled)
    }

    /// What "accept" writes: the first declared TODO status (` ` by default).
    pub fn todo(&self) -> Option<&TaskStatus> {
        self.first_of(StatusType::Todo)
    }

    /// Every declared status, in declaration order.
    pub fn declared(&self) -> &[TaskStatus] {
        &self.declared
    }
}

/// A settings entry as a message names it: `custom status 3 (`?` Proposed)`.
fn entry_name(list: &str, n: usize, entry: &serde_json::Value) -> String {
    let shown: Vec<String> = (entry["symbol"].as_str())
        .filter(|s| !s.is_empty())
        .map(shown_symbol)
        .into_iter()
        .chain(
            (entry["name"].as_str())
                .filter(|s| !s.is_empty())
                .map(crate::text::sanitize),
        )
        .collect();
    match shown.is_empty() {
        true => format!("{list} status {}", n + 1),
        false => format!("{list} status {} ({})", n + 1, shown.join(" ")),
    }
}

/// One settings entry as the plugin reads it: its symbol, name and type, and
/// how it reads otherwise than it looks (a type it does not know is TODO);
/// or why it is left out (both as the end of a sentence naming the entry).
fn read_entry(
    entry: &serde_json::Value,
) -> Result<(char, &str, StatusType, Option<String>), &'static str> {
    if !entry.is_object() {
        return Err(" is not an object; left out");
    }
    let raw = entry["symbol"]
        .as_str()
        .ok_or(" has no `symbol`; left out")?;
    let mut chars = raw.chars();
    let symbol = match (chars.next(), chars.next()) {
        (None, _) => return Err(" has an empty symbol; left out, as the plugin does"),
        (Some(_), Some(_)) => {
            return Err(
                ": a symbol is one character, and no task line can have this one; left out",
            );
        }
        (Some(c), None) => c,
    };
    let name = entry["name"].as_str().unwrap_or("");
    let (kind, read_as) = match entry["type"].as_str() {
        Some(t) => match StatusType::parse(t) {
            Some(kind) => (kind, None),
            None => (
                StatusType::Todo,
                Some(format!(
                    " has type \"{}\", which is not TODO, IN_PROGRESS, DONE, CANCELLED or NON_TASK; read as TODO, as the plugin does",
                    crate::text::sanitize(t)
                )),
            ),
        },
        None => (
            StatusType::Todo,
            Some(" has no `type`; read as TODO, as the plugin does".to_string()),
        ),
    };
    Ok((symbol, name, kind, read_as))
}

/// A status symbol as a message shows it: `` `?` ``, `space`.
fn shown_symbol(symbol: &str) -> String {
    match symbol {
        " " => "space".into(),
        s => format!("`{}`", crate::text::sanitize(s)),
    }
}

impl TaskStatus {
    /// The status as a person reads it and as it is written: `[R] Rejected`.
    pub fn label(&self) -> String {
        format!("[{}] {}", self.symbol, self.name)
    }
}

/// Task priority, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Highest,
    High,
    Medium,
    Low,
    Lowest,
}

/// The fields of a task line, as the Tasks plugin and Dataview read them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFields {
    /// The text shown to a person: date and priority markers removed (shared
    /// with the lists that show the task).
    pub text: std::sync::Arc<str>,
    pub due: Option<NaiveDate>,
    pub scheduled: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
    pub created: Option<NaiveDate>,
    pub done: Option<NaiveDate>,
    pub cancelled: Option<NaiveDate>,
    pub priority: Option<Priority>,
    pub owners: Vec<String>,
    pub tags: Vec<String>,
}

static INLINE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\[(]\s*(due|scheduled|start|created|completion|cancelled)\s*::\s*([^\])]*)[\])]")
        .unwrap()
});
/// Reads the fields of a task's text (what follows the `[ ]`).
pub fn parse_fields(text: &str) -> TaskFields {
    let mut fields = TaskFields::default();
    // Cheap checks first: most task lines have no markers of a given kind.
    let has_emoji = text.bytes().any(|b| b >= 0xE2);
    let emoji_dates = if has_emoji { text } else { "" };
    // The text without its emoji dates, from the same pass that reads them.
    let mut without_dates = String::new();
    let mut kept_from = 0;
    for found in emoji::dates(emoji_dates) {
        without_dates.push_str(&text[kept_from..found.range.start]);
        kept_from = found.range.end;
        let date = parse_date(found.date);
        let slot = match found.marker {
            "📅" | "📆" | "🗓" => &mut fields.due,
            "⏳" | "⌛" => &mut fields.scheduled,
            "🛫" => &mut fields.start,
            "➕" => &mut fields.created,
            "✅" => &mut fields.done,
            _ => &mut fields.cancelled,
        };
        if slot.is_none() {
            *slot = date;
        }
    }
    // A pattern's search costs its setup even on text without a match: only
    // text with `::` can hold an inline field, and only it is searched.
    let has_inline_fields = text.contains("::");
    if has_inline_fields {
        for caps in INLINE_FIELD.captures_iter(text) {
            let date = parse_date(&caps[2]);
            let slot = match &caps[1] {
                "due" => &mut fields.due,
                "scheduled" => &mut fields.scheduled,
                "start" => &mut fields.start,
                "created" => &mut fields.created,
                "completion" => &mut fields.done,
                _ => &mut fields.cancelled,
            };
            if slot.is_none() {
                *slot = date;
            }
        }
    }
    if let Some(marker) = emoji::first_priority(emoji_dates) {
        fields.priority = Some(match marker {
            "🔺" => Priority::Highest,
            "⏫" => Priority::High,
            "🔼" => Priority::Medium,
            "🔽" => Priority::Low,
            _ => Priority::Lowest,
        });
    }
    fields.owners = owners(text).map(str::to_string).collect();
    fields.tags = inline_tags(text).map(str::to_string).collect();
    let mut shown = std::borrow::Cow::Borrowed(text);
    if has_emoji {
        without_dates.push_str(&text[kept_from..]);
        shown = std::borrow::Cow::Owned(emoji::without_priorities(&without_dates));
    }
    if has_inline_fields {
        shown = std::borrow::Cow::Owned(INLINE_FIELD.replace_all(&shown, "").into_owned());
    }
    fields.text = sanitize(&squash_spaces(&shown)).into();
    fields
}

/// Splits the start of a list item's source into its status character and the
/// rest, when the item is a task (`- [ ] …`, `* [x] …`, `1. [/] …`, `1) [?] …`).
pub fn split_checkbox(item_source: &str) -> Option<(char, &str)> {
    let s = item_source;
    let after_marker = if let Some(rest) = s.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        s[digits..].strip_prefix(['.', ')'])?
    };
    let rest = after_marker
        .strip_prefix([' ', '\t'])?
        .trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('[')?;
    let mut chars = rest.chars();
    let symbol = chars.next()?;
    if symbol == ']' || symbol == '\n' || symbol == '\r' {
        return None;
    }
    let rest = chars.as_str().strip_prefix(']')?;
    match rest.chars().next() {
        None | Some(' ' | '\t' | '\r' | '\n') => {
            Some((symbol, rest.trim_start_matches([' ', '\t'])))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        parse_date(s)
    }

    #[test]
    fn checkbox_forms() {
        assert_eq!(split_checkbox("- [ ] a"), Some((' ', "a")));
        assert_eq!(split_checkbox("* [x] a"), Some(('x', "a")));
        assert_eq!(split_checkbox("12. [?] a"), Some(('?', "a")));
        assert_eq!(split_checkbox("1) [/] a"), Some(('/', "a")));
        assert_eq!(split_checkbox("- [ ]"), Some((' ', "")));
        assert_eq!(split_checkbox("- [link](x)"), None);
        assert_eq!(split_checkbox("- plain"), None);
        assert_eq!(split_checkbox("-[ ] a"), None);
    }

    #[test]
    fn fields_and_display_text() {
        let f = parse_fields(
            "Send deck to @ana #sales 📅 2026-11-10 ⏫ ⏳ 2026-11-01 [start:: 2026-10-01]",
        );
        assert_eq!(&*f.text, "Send deck to @ana #sales");
        assert_eq!(f.due, d("2026-11-10"));
        assert_eq!(f.scheduled, d("2026-11-01"));
        assert_eq!(f.start, d("2026-10-01"));
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.owners, vec!["ana"]);
        assert_eq!(f.tags, vec!["sales"]);
    }

    /// Task texts with emoji dates in every form (each marker, with and without
    /// U+FE0F, spaces and tabs before the date, other scripts' digits, several
    /// dates, priorities beside them, inline fields around them).
    fn task_texts() -> impl Iterator<Item = String> {
        const PARTS: &[&str] = &[
            "Send deck",
            " ",
            "\t",
            "📅",
            "📆",
            "🗓",
            "⏳",
            "⌛",
            "🛫",
            "➕",
            "✅",
            "❌",
            "\u{fe0f}",
            "2026-11-10",
            "٢٠٢٦-١١-١٠",
            "2026-1-1",
            "🔺",
            "⏫",
            "🔼",
            "🔽",
            "⏬",
            "[due:: ",
            "]",
            "(start:: 2026-10-01)",
            "@ana",
            "#sales",
            "é",
            "::",
            "x",
        ];
        crate::text::generated_strings(PARTS, 0x9e37_79b9_7f4a_7c15)
    }

    #[test]
    fn the_shown_text_is_what_stripping_each_pattern_in_turn_gives() {
        for text in task_texts() {
            let mut without_dates = text.clone();
            for found in emoji::dates_by_pattern(&text).iter().rev() {
                without_dates.replace_range(found.range.clone(), "");
            }
            let mut stripped = emoji::PRIORITY.replace_all(&without_dates, "").into_owned();
            if text.contains("::") {
                stripped = INLINE_FIELD.replace_all(&stripped, "").into_owned();
            }
            let want = sanitize(&squash_spaces(&stripped));
            assert_eq!(&*parse_fields(&text).text, want, "{text:?}");
        }
    }

    /// The scans find what the patterns find, in every generated task text.
    #[test]
    fn emoji_dates_and_priorities_are_found_as_the_patterns_find_them() {
        let mut scanned = 0;
        for text in task_texts() {
            let found = emoji::dates(&text);
            assert_eq!(found, emoji::dates_by_pattern(&text), "{text:?}");
            scanned += found.len();
            let first = emoji::PRIORITY
                .captures(&text)
                .map(|c| c.get(1).unwrap().as_str());
            assert_eq!(emoji::first_priority(&text), first, "{text:?}");
            let stripped = emoji::PRIORITY.replace_all(&text, "");
            assert_eq!(emoji::without_priorities(&text), stripped, "{text:?}");
        }
        assert!(scanned > 1000, "{scanned}");
    }

    #[test]
    fn custom_statuses_from_plugin_settings() {
        let json = r#"{"statusSettings":{"customStatuses":[
            {"symbol":"?","name":"Proposed","type":"TODO"},
            {"symbol":"R","name":"Rejected","type":"CANCELLED"}]}}"#;
        let s = TaskStatuses::from_settings_json(json).unwrap().0;
        assert_eq!(s.kind('?'), StatusType::Todo);
        assert_eq!(s.name('?'), "Proposed");
        assert_eq!(s.kind('R'), StatusType::Cancelled);
        assert_eq!(s.kind('!'), StatusType::Todo);
        assert_eq!(s.cancelled().unwrap().symbol, 'R');
        assert!(TaskStatuses::from_settings_json("{").is_err());
    }

    #[test]
    fn declared_statuses_replace_the_defaults() {
        let json = r#"{"statusSettings":{
            "coreStatuses":[
                {"symbol":" ","name":"Not Started","nextStatusSymbol":"x","availableAsCommand":true,"type":"TODO"},
                {"symbol":"x","name":"Done","nextStatusSymbol":" ","availableAsCommand":true,"type":"DONE"}],
            "customStatuses":[
                {"symbol":"/","name":"In Progress","nextStatusSymbol":"x","availableAsCommand":true,"type":"IN_PROGRESS"},
                {"symbol":"?","name":"Proposed","nextStatusSymbol":" ","availableAsCommand":true,"type":"TODO"},
                {"symbol":"R","name":"Rejected","nextStatusSymbol":" ","availableAsCommand":true,"type":"CANCELLED"}]}}"#;
        let s = TaskStatuses::from_settings_json(json).unwrap().0;
        assert_eq!(s.kind('-'), StatusType::Todo, "`-` is not declared");
        assert_eq!(s.name('-'), "Unknown");
        assert_eq!(s.cancelled().unwrap().label(), "[R] Rejected");
        assert_eq!(s.done().unwrap().label(), "[x] Done");
        assert_eq!(s.name(' '), "Not Started");

        let none = r#"{"statusSettings":{"coreStatuses":[
            {"symbol":" ","name":"Todo","type":"TODO"},{"symbol":"x","name":"Done","type":"DONE"}],
            "customStatuses":[]}}"#;
        let s = TaskStatuses::from_settings_json(none).unwrap().0;
        assert!(s.cancelled().is_none(), "nothing to dismiss with");

        let defaults = TaskStatuses::from_settings_json(r#"{"otherSetting":1}"#)
            .unwrap()
            .0;
        assert_eq!(defaults.cancelled().unwrap().symbol, '-');
        assert_eq!(defaults.kind('X'), StatusType::Done);
    }

    #[test]
    fn entries_the_plugin_reads_otherwise_or_leaves_out_are_named() {
        let json = r#"{"statusSettings":{
            "coreStatuses":[
                {"symbol":" ","name":"Todo","type":"TODO"},
                {"symbol":"x","name":"Done","type":"DONE"}],
            "customStatuses":[
                {"symbol":"?","name":"Proposed","type":"Todo"},
                {"symbol":"R","name":"Rejected"},
                {"symbol":"","name":"New status","type":"TODO"},
                {"symbol":"ok","name":"Fine","type":"DONE"},
                {"symbol":"x","name":"Shipped","type":"DONE"},
                "-",
                {"name":"Nameless"}]}}"#;
        let (s, notes) = TaskStatuses::from_settings_json(json).unwrap();
        assert_eq!(
            notes,
            [
                "custom status 1 (`?` Proposed) has type \"Todo\", which is not TODO, IN_PROGRESS, DONE, CANCELLED or NON_TASK; read as TODO, as the plugin does",
                "custom status 2 (`R` Rejected) has no `type`; read as TODO, as the plugin does",
                "custom status 3 (New status) has an empty symbol; left out, as the plugin does",
                "custom status 4 (`ok` Fine): a symbol is one character, and no task line can have this one; left out",
                "custom status 5 (`x` Shipped) repeats a symbol declared before it; the first declaration stands",
                "custom status 6 is not an object; left out",
                "custom status 7 (Nameless) has no `symbol`; left out",
            ]
        );
        // What the plugin reads: `?` and `R` are TODO statuses by their names.
        assert_eq!((s.kind('?'), s.name('?')), (StatusType::Todo, "Proposed"));
        assert_eq!((s.kind('R'), s.name('R')), (StatusType::Todo, "Rejected"));
        assert_eq!(s.done().unwrap().label(), "[x] Done");
        assert_eq!(s.declared().len(), 4);

        let (s, notes) = TaskStatuses::from_settings_json(r#"{"statusSettings":"yes"}"#).unwrap();
        assert_eq!(
            notes,
            ["`statusSettings` is not an object; the default statuses are used"]
        );
        assert_eq!(s, TaskStatuses::default());
        let (_, notes) =
            TaskStatuses::from_settings_json(r#"{"statusSettings":{"customStatuses":{}}}"#)
                .unwrap();
        assert_eq!(
            notes,
            ["`statusSettings.customStatuses` is not a list; left out"]
        );
        let (_, notes) = TaskStatuses::from_settings_json(r#"{"otherSetting":1}"#).unwrap();
        assert!(notes.is_empty());
    }
}
