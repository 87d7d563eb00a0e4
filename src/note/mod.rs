//! One note, parsed: frontmatter fields, sections, list items, tasks, links,
//! tags and query blocks. Parsing is a pure function of the note's bytes.

mod body;
mod cached_fields;
pub mod emoji;
mod fields;
pub mod frontmatter;
pub mod inline;
pub mod marks;
pub mod outline;
mod parse;
mod record;
pub mod task;
pub mod yaml;

use body::{key_hash, push_plain, strip_checkbox, strip_marker};
pub use parse::{
    outline, parse, parse_owned, parse_with_outline, split_target, too_large_note as too_large,
};

use chrono::NaiveDate;
pub use fields::Fields;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::problem::Problem;
use crate::text::{parse_date, sanitize, section_key};
use frontmatter::Frontmatter;
use task::{StatusType, TaskFields};

/// Notes larger than this are skipped with a problem.
pub const MAX_NOTE_BYTES: usize = 4 * 1024 * 1024;

/// A parsed note.
///
/// The note keeps its body text once ([`Note::text`]); sections, list items,
/// paragraphs and table cells are small structs of ranges into it, and their
/// plain text is produced on demand (`note.item_text(item)` …), when a
/// dashboard is built for one account. Nothing per item is copied while a
/// whole vault is indexed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Note {
    /// Path relative to the vault, `/`-separated.
    pub path: String,
    pub title: String,
    pub aliases: Vec<String>,
    /// Frontmatter fields as read (empty when there is none or it is malformed).
    #[serde(with = "cached_fields")]
    pub fields: Fields,
    /// Tags from frontmatter and body, without `#`, in the order first seen.
    pub tags: Vec<String>,
    /// Frontmatter `date`, else a date the file name starts with.
    pub date: Option<NaiveDate>,
    /// The link target named by frontmatter `account:`, if any.
    pub account: Option<String>,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
    pub problems: Vec<Problem>,
    /// Fingerprint of the bytes this note was parsed from (for conflict checks).
    pub fingerprint: u64,
    pub byte_len: usize,
    /// When the file was last modified and created, in milliseconds since the
    /// Unix epoch, as the file system said when it was read (`None` for text
    /// not read from a file, such as an old revision). Dataview's `file.mtime`
    /// and `file.ctime`; a file system without birth times gives the
    /// modification time for both.
    pub modified: Option<i64>,
    pub created: Option<i64>,
    /// The note's text after its frontmatter block (lossy UTF-8 when the file was not).
    text: Box<str>,
    /// Text that pulldown-cmark rewrote (entities, escapes), which is not a slice of `text`.
    spill: Box<str>,
    /// The text pieces of headings, items, paragraphs and cells, in runs.
    pieces: Vec<Span>,
    items: Vec<ListItem>,
    paragraphs: Vec<Paragraph>,
    tables: Vec<Table>,
    rows: Vec<Run>,
    cells: Vec<Cell>,
    queries: Vec<QuerySpan>,
}

/// A range of indices into one of a note's lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    start: u32,
    end: u32,
}

impl Run {
    fn at(start: usize) -> Self {
        Self {
            start: start as u32,
            end: start as u32,
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A piece of text: a byte range of the note's text, of its spill buffer
/// (marked by [`SPILL`]), or a single space ([`Span::SPACE`], a line break).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Span {
    start: u32,
    end: u32,
}

const SPILL: u32 = 1 << 31;

impl Span {
    const SPACE: Span = Span {
        start: u32::MAX,
        end: u32::MAX,
    };

    fn get<'t>(self, text: &'t str, spill: &'t str) -> &'t str {
        if self == Span::SPACE {
            " "
        } else if self.start & SPILL != 0 {
            &spill[(self.start & !SPILL) as usize..(self.end & !SPILL) as usize]
        } else {
            &text[self.start as usize..self.end as usize]
        }
    }
}

/// A heading and what sits under it, up to the next heading.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Section {
    /// The heading's pieces (none for text before the first heading).
    heading: Run,
    /// A hash of the heading's matching key (see [`section_key`]).
    key_hash: u64,
    pub level: u8,
    pub line: u32,
    items: Run,
    paragraphs: Run,
    tables: Run,
}

/// A list item (tasks included).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ListItem {
    pub line: u32,
    /// 0 for a top-level item, 1 for an item nested in it, …
    pub depth: u32,
    /// Index into [`Note::tasks`] when this item is a task.
    pub task: Option<u32>,
    /// Where the item's first line starts in the text (at its list marker).
    source: u32,
    text: Run,
    /// Indices into [`Note::links`] of links in this item's own text.
    links: Run,
}

/// A paragraph of text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Paragraph {
    text: Run,
    /// Only italic text: a template placeholder such as `_No key contacts identified._`.
    pub placeholder: bool,
}

/// A Markdown table: header cells and body rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    pub line: u32,
    header: Run,
    /// Indices of the body rows (each a run of cells).
    rows: Run,
}

/// A table cell; a placeholder is an all-`_italic_` value like `_Unknown_`
/// (bold `**Paused**` and `*Enterprise*` are values with their emphasis stripped).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    text: Run,
    pub placeholder: bool,
}

/// A task list item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Task {
    pub line: usize,
    pub symbol: char,
    pub status: StatusType,
    pub fields: TaskFields,
    /// The text after the checkbox as written (what an edit checks against);
    /// shared with the lists that show the task (docs/performance.md, "Notes in memory").
    pub source: std::sync::Arc<str>,
    /// Links in the task's own text (targets as written).
    pub links: Vec<String>,
    /// Index into [`Note::sections`] of the section the task sits in.
    pub section: usize,
}

/// A link to another note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The target as written, without `#heading`, `|alias` or `.md`.
    pub target: String,
    pub heading: Option<String>,
    pub line: usize,
    pub embed: bool,
    /// A Markdown link (resolved relative to the note's folder first).
    pub markdown: bool,
    pub in_frontmatter: bool,
}

/// A fenced `dataview`/`tasks`/`dataviewjs` block, as [`Note::queries`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryBlock {
    pub lang: String,
    pub source: String,
    pub line: usize,
    pub section: String,
}

/// Where a query block sits: its language, source text and section.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct QuerySpan {
    /// Index into [`QUERY_LANGS`].
    lang: u8,
    line: u32,
    source: Span,
    /// Index into [`Note::sections`]; `None` for a section dropped as empty.
    section: Option<u32>,
}

/// The frontmatter fields that flag a note for review when true.
pub const NEEDS_REVIEW_FIELDS: [&str; 2] = ["needs-review", "needs_review"];

const QUERY_LANGS: [&str; 4] = ["dataview", "tasks", "dataviewjs", "query"];

impl Note {
    /// Records the file times of the file this note was read from.
    pub fn set_file_times(&mut self, meta: &std::fs::Metadata) {
        let ms = |t: std::io::Result<std::time::SystemTime>| {
            let t = t.ok()?;
            Some(match t.duration_since(std::time::UNIX_EPOCH) {
                Ok(d) => d.as_millis() as i64,
                Err(e) => -(e.duration().as_millis() as i64),
            })
        };
        self.modified = ms(meta.modified());
        self.created = ms(meta.created()).or(self.modified);
    }

    /// The file name without folder and `.md`.
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        name.strip_suffix(".md").unwrap_or(name)
    }

    /// The folder the note sits in (`""` at the vault root).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// A folder note stands for its folder: `README.md`, `index.md` or `Name/Name.md`.
    pub fn folder_note_of(&self) -> Option<&str> {
        folder_note_of(&self.path)
    }

    /// A frontmatter field as text (strings, numbers and booleans), its key
    /// matched as written, else in any letter case (docs/vault.md, "Frontmatter").
    pub fn field_text(&self, key: &str) -> Option<String> {
        match self.fields.get_any_case(&[key])? {
            Value::String(s) => Some(sanitize(s.trim())).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A frontmatter field as a date.
    pub fn field_date(&self, key: &str) -> Option<NaiveDate> {
        self.field_text(key).as_deref().and_then(parse_date)
    }

    /// Whether the note carries `tag` (case-insensitive, nested tags compared whole).
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
    }

    /// Whether the note is flagged for review: the `needs-review` tag, or a
    /// true `needs-review`/`needs_review` field (docs/vault.md, "Accounts").
    pub fn needs_review(&self) -> bool {
        self.has_tag("needs-review")
            || NEEDS_REVIEW_FIELDS.iter().any(|k| {
                (self.fields.get_any_case(&[k])).is_some_and(|v| v.as_bool() == Some(true))
            })
    }

    /// The first section whose key matches one of `keys`.
    pub fn section(&self, keys: &[&str]) -> Option<&Section> {
        // Hash the keys once, not once per section (the list rows look up a
        // few sections of every account).
        let mut hashes = [0; 8];
        for (hash, key) in hashes.iter_mut().zip(keys) {
            *hash = key_hash(key);
        }
        self.sections.iter().find(|s| {
            keys.iter().enumerate().any(|(i, k)| {
                let hash = hashes.get(i).copied().unwrap_or_else(|| key_hash(k));
                hash == s.key_hash && self.heading_has_key(s, k)
            })
        })
    }

    /// Whether a section's key is `key`, without making its heading text: the
    /// key is the heading's words (alphanumeric runs), lower-cased, one space
    /// apart, and squashing or sanitizing the heading never changes them.
    fn heading_has_key(&self, section: &Section, key: &str) -> bool {
        let mut want = key.chars();
        let mut in_word = false;
        let mut any_word = false;
        for piece in &self.pieces[section.heading.range()] {
            for c in piece.get(&self.text, &self.spill).chars() {
                // ASCII without Unicode's tables (the same answers for it).
                let alphanumeric = if c.is_ascii() {
                    c.is_ascii_alphanumeric()
                } else {
                    c.is_alphanumeric()
                };
                if !alphanumeric {
                    in_word = false;
                    continue;
                }
                if !in_word && any_word && want.next() != Some(' ') {
                    return false;
                }
                in_word = true;
                any_word = true;
                let same = if c.is_ascii() {
                    want.next() == Some(c.to_ascii_lowercase())
                } else {
                    c.to_lowercase().all(|l| want.next() == Some(l))
                };
                if !same {
                    return false;
                }
            }
        }
        want.next().is_none()
    }

    /// A section's heading as plain text (empty before the first heading).
    pub fn heading(&self, section: &Section) -> String {
        self.plain(section.heading)
    }

    /// A section's matching key (see [`section_key`]).
    pub fn section_key(&self, section: &Section) -> String {
        section_key(&self.heading(section))
    }

    /// The list items of a section (nested ones included), in order.
    pub fn items(&self, section: &Section) -> &[ListItem] {
        &self.items[section.items.range()]
    }

    /// The paragraphs of a section (outside lists and quotes), in order.
    pub fn paragraphs(&self, section: &Section) -> &[Paragraph] {
        &self.paragraphs[section.paragraphs.range()]
    }

    /// The tables of a section, in order.
    pub fn tables(&self, section: &Section) -> &[Table] {
        &self.tables[section.tables.range()]
    }

    /// A list item's own text (up to a nested list) as plain text: emphasis and
    /// link brackets removed, control characters replaced, spaces squashed; a
    /// task's checkbox left out.
    pub fn item_text(&self, item: &ListItem) -> String {
        let text = self.plain(item.text);
        if item.task.is_some()
            && let Some(rest) = strip_checkbox(&text)
        {
            return rest.to_string();
        }
        text
    }

    /// [`Note::item_text`] of an item that is not a task, appended to `out`
    /// (for a caller that reuses one buffer across many items).
    pub fn plain_item_text_into(&self, item: &ListItem, out: &mut String) {
        debug_assert!(item.task.is_none(), "a task's text drops its checkbox");
        self.plain_into(item.text, out);
    }

    /// A list item's first source line after its list marker (and checkbox), as written.
    pub fn item_source(&self, item: &ListItem) -> &str {
        let at = item.source as usize;
        let line_end = self.text[at..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i);
        let line = self.text[at..line_end].trim_end_matches('\r');
        match task::split_checkbox(line) {
            Some((_, rest)) if item.task.is_some() => rest,
            _ => strip_marker(line),
        }
    }

    /// The links in a list item's own text.
    pub fn item_links(&self, item: &ListItem) -> &[Link] {
        &self.links[item.links.range()]
    }

    /// A paragraph as plain text.
    pub fn paragraph_text(&self, paragraph: &Paragraph) -> String {
        self.plain(paragraph.text)
    }

    /// [`Note::paragraph_text`], appended to `out`.
    pub fn paragraph_text_into(&self, paragraph: &Paragraph, out: &mut String) {
        self.plain_into(paragraph.text, out);
    }

    /// A table's header cells.
    pub fn table_header(&self, table: &Table) -> &[Cell] {
        &self.cells[table.header.range()]
    }

    /// A table's body rows.
    pub fn table_rows(&self, table: &Table) -> impl Iterator<Item = &[Cell]> + '_ {
        self.rows[table.rows.range()]
            .iter()
            .map(|row| &self.cells[row.range()])
    }

    /// A table cell as plain text.
    pub fn cell_text(&self, cell: &Cell) -> String {
        self.plain(cell.text)
    }

    /// The heading of the section a task sits in.
    pub fn task_section(&self, task: &Task) -> String {
        self.sections
            .get(task.section)
            .map(|s| self.heading(s))
            .unwrap_or_default()
    }

    /// The note's `dataview`/`tasks`/`dataviewjs`/`query` blocks, in order.
    pub fn queries(&self) -> impl Iterator<Item = QueryBlock> + '_ {
        self.queries.iter().map(|q| QueryBlock {
            lang: QUERY_LANGS[q.lang as usize].to_string(),
            source: q.source.get(&self.text, &self.spill).to_string(),
            line: q.line as usize,
            section: q
                .section
                .and_then(|s| self.sections.get(s as usize))
                .map(|s| self.heading(s))
                .unwrap_or_default(),
        })
    }

    /// The note's text after its frontmatter block.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A run of pieces as plain text.
    fn plain(&self, run: Run) -> String {
        let mut out = String::new();
        self.plain_into(run, &mut out);
        out
    }

    /// The plain text of a run of pieces, appended to `out`.
    fn plain_into(&self, run: Run, out: &mut String) {
        push_plain(&self.text, &self.spill, &self.pieces[run.range()], out);
    }

    /// Whether the parsed bytes equal `bytes` (by fingerprint and length).
    pub fn was_read_from(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.byte_len && fingerprint(bytes) == self.fingerprint
    }
}

/// The folder a note at `path` stands for, if it is a folder note: `README.md`,
/// `index.md` or `Name/Name.md` (a function of the path alone).
pub fn folder_note_of(path: &str) -> Option<&str> {
    let (folder, name) = path.rsplit_once('/')?;
    if folder.is_empty() {
        return None;
    }
    let folder_name = folder.rsplit('/').next().unwrap_or(folder);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    (stem.eq_ignore_ascii_case("readme")
        || stem.eq_ignore_ascii_case("index")
        || stem == folder_name)
        .then_some(folder)
}

/// A stable fingerprint of a file's bytes.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(path: &str, text: &str) -> Note {
        parse(path, text.as_bytes(), &task::TaskStatuses::default())
    }

    /// Obsidian reads `tags` and `aliases` in any letter case (`Tags`,
    /// `TAG`, `Aliases`); a key as written wins over another case of it.
    #[test]
    fn tags_and_aliases_are_read_in_any_letter_case() {
        let note = parse_str(
            "Customers/Acme.md",
            "---\nTags: [needs-review, status/active]\nALIAS: Acme Co\n---\n# Acme\n",
        );
        assert!(note.has_tag("needs-review"));
        assert!(note.has_tag("status/active"));
        assert_eq!(note.aliases, vec!["Acme Co"]);
        let note = parse_str("A.md", "---\nTAG:\n  - needs-review\n---\n");
        assert!(note.has_tag("needs-review"));
        let note = parse_str("A.md", "---\nTags: [one]\ntags: [two]\n---\n");
        assert_eq!(note.tags, vec!["two"]);
        // Only the names themselves: `tagsx` and `my-tags` are other fields.
        let note = parse_str("A.md", "---\nTagsX: [one]\nmy-Tags: [two]\n---\n");
        assert!(note.tags.is_empty(), "{:?}", note.tags);
    }

    #[test]
    fn reads_sections_items_tasks_and_links() {
        let note = parse_str(
            "Customers/Acme.md",
            "---\ntitle: Acme Corp\ntags: [type/customer, '#Needs-Review']\n---\n# Acme\n\n## 🚧 Current Blockers\n\n- ❌ Waiting on [[Legal|legal team]] sign-off\n\n## Tasks\n\n- [ ] Call [[Bob]] 📅 2026-01-02\n  - [/] nested\n> - [?] quoted\n\n```\n- [ ] not a task\n```\n",
        );
        assert_eq!(note.title, "Acme Corp");
        assert!(note.has_tag("needs-review"));
        let blockers = note.section(&["current blockers"]).unwrap();
        assert_eq!(
            note.item_text(&note.items(blockers)[0]),
            "❌ Waiting on legal team sign-off"
        );
        assert_eq!(note.tasks.len(), 3);
        assert_eq!(&*note.tasks[0].fields.text, "Call Bob");
        assert_eq!(note.tasks[0].links, vec!["Bob"]);
        assert_eq!(note.tasks[0].line, 13);
        assert_eq!(note.tasks[1].symbol, '/');
        assert_eq!(note.tasks[2].symbol, '?');
        assert!(note.links.iter().any(|l| l.target == "Legal"));
    }

    #[test]
    fn only_underscore_italics_make_a_cell_a_placeholder() {
        let note = parse_str(
            "x.md",
            "| Field | Value |\n|---|---|\n| **Status** | **Paused** |\n| Tier | *Enterprise* |\n| Region | _Unknown_ |\n\n**Bold paragraph**\n\n*Italic paragraph*\n",
        );
        let table = &note.tables(&note.sections[0])[0];
        let rows: Vec<&[Cell]> = note.table_rows(table).collect();
        let cell = |r: usize| (note.cell_text(&rows[r][1]), rows[r][1].placeholder);
        assert_eq!(cell(0), ("Paused".to_string(), false));
        assert_eq!(cell(1), ("Enterprise".to_string(), false));
        assert_eq!(cell(2), ("Unknown".to_string(), true));
        let paragraphs = note.paragraphs(&note.sections[0]);
        assert!(!paragraphs[0].placeholder, "bold is not a placeholder");
        assert!(paragraphs[1].placeholder);
    }

    #[test]
    fn a_heading_inside_a_list_item_keeps_the_item_and_its_links() {
        // A link after such a heading used to index the new section's items and panic.
        let note = parse_str("x.md", "# A\n- a\n- b\n  # H\n  c [[y]]\n");
        let a = &note.sections[0];
        let items = note.items(a);
        assert_eq!(items.len(), 2);
        assert_eq!(note.item_text(&items[1]), "bc y");
        assert_eq!(note.item_links(&items[1])[0].target, "y");
        assert_eq!(note.heading(&note.sections[1]), "H");
    }

    #[test]
    fn plain_text_is_made_on_demand_from_the_kept_body() {
        let note = parse_str(
            "x.md",
            "---\ntitle: T\n---\n## Facts\n\n- a &amp; *b*\u{1b} `c`\n  d\n\n```Tasks\nnot done\n```\n",
        );
        assert!(
            note.text().starts_with("## Facts"),
            "frontmatter is not kept"
        );
        let facts = note.section(&["facts"]).unwrap();
        let item = &note.items(facts)[0];
        assert_eq!(note.item_text(item), "a & b\u{fffd} c d");
        assert_eq!(note.item_source(item), "a &amp; *b*\u{1b} `c`");
        let query = note.queries().next().unwrap();
        assert_eq!(
            (query.lang.as_str(), query.source.as_str()),
            ("tasks", "not done\n")
        );
        assert_eq!(query.section, "Facts");
    }

    #[test]
    fn sections_are_found_by_the_words_of_their_heading() {
        let note = parse_str(
            "x.md",
            "## 🚧 Current *Blockers*\n\n## Topics / Themes\n\n## ÄB\u{1b}c\n\n## x\n",
        );
        for s in &note.sections {
            let key = note.section_key(s);
            assert!(note.heading_has_key(s, &key), "{key}");
            assert!(!note.heading_has_key(s, &format!("{key} x")));
            assert!(!note.heading_has_key(s, &key[..key.len() - 1]));
        }
        assert_eq!(
            note.section_key(note.section(&["no", "current blockers"]).unwrap()),
            "current blockers"
        );
        assert!(note.section(&["topics themes"]).is_some());
        assert!(note.section(&["äb c"]).is_some());
        assert!(note.section(&["topics"]).is_none());
        // Headings of every kind of letter, digit, case and separator: each is
        // found by its key and by nothing longer or shorter.
        const PARTS: &[&str] = &[
            "Next", "STEPS", "ä", "Ä", "İ", "ß", "x1", "٣", "🚧", " ", "/", "-", "*a*", "_",
            "\u{b}", "K", "Ω", "ǅ",
        ];
        for heading in crate::text::generated_strings(PARTS, 0x51_7cc1_b727_220a) {
            let note = parse_str("x.md", &format!("## {heading}\n"));
            for s in note.sections.iter().filter(|s| !s.heading.is_empty()) {
                let key = note.section_key(s);
                assert!(note.heading_has_key(s, &key), "{heading:?}: {key:?}");
                assert!(!note.heading_has_key(s, &format!("{key} x")), "{heading:?}");
                if let Some((cut, _)) = key.char_indices().last() {
                    assert!(!note.heading_has_key(s, &key[..cut]), "{heading:?}");
                }
            }
        }
    }

    #[test]
    fn folder_note_titles() {
        assert_eq!(parse_str("Customers/Acme/README.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/Acme.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/index.md", "").title, "Acme");
        assert_eq!(parse_str("Customers/Acme/Notes.md", "").title, "Notes");
    }

    #[test]
    fn link_targets_never_carry_control_characters() {
        let note = parse_str("x.md", "[[A\r\nB]] and [x](Esc%1b.md)\n");
        let targets: Vec<&str> = note.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["A  B", "Esc\u{fffd}"]);
    }

    #[test]
    fn percent_decoding_of_markdown_links() {
        assert_eq!(body::percent_decode("My%20Note.md"), "My Note.md");
        assert_eq!(body::percent_decode("100%"), "100%");
    }
}
