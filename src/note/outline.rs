//! The outline of a note: where its frontmatter keys, sections, table rows,
//! list items, tasks and inline tags sit, as byte ranges into the note's text.
//!
//! The reader records it during its one pass over the body (see
//! [`super::parse_with_outline`]), so the editor finds every target exactly
//! where the reader saw it: a heading the dashboard reads (`## 📊 Account
//! Status`) is the heading the editor changes. See docs/writing.md.

use std::ops::Range;

use super::frontmatter::{self, Frontmatter, FrontmatterSpan};

/// The keys of the section holding the account's status table (`## Account Status`).
pub const STATUS_SECTION: &[&str] = &["account status", "status"];

/// Where a note's parts are, as byte ranges into the whole text (BOM and
/// frontmatter included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// The frontmatter block, when it is closed.
    pub frontmatter: Option<FrontmatterSpan>,
    /// An opening `---` without a closing one: the note is read as all body.
    pub unclosed_frontmatter: bool,
    /// Where the body starts (after the frontmatter block and any BOM).
    pub body_start: usize,
    /// The top-level key lines of the frontmatter.
    pub keys: Vec<KeyLine>,
    /// Sections in order: one per heading, and one per thematic break (no heading).
    pub sections: Vec<OutlineSection>,
    /// Table rows (header rows included), in order.
    pub rows: Vec<TableRow>,
    /// List items (tasks included), in order.
    pub items: Vec<OutlineItem>,
    /// Inline `#tags` of the body outside code, each range starting at its `#`.
    pub tags: Vec<Range<usize>>,
}

/// A top-level frontmatter key line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLine {
    pub key: String,
    /// Index of the line among the frontmatter's YAML lines.
    pub index: usize,
    /// The offset just after the key's colon.
    pub after_colon: usize,
}

/// A section: its heading, or a thematic break for a section without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineSection {
    /// The heading's matching key (words, lower case: `account status` for
    /// `## 📊 Account Status`); empty for a thematic break.
    pub key: String,
    /// 1 to 6; 0 for a thematic break.
    pub level: u8,
    /// 1-based line of the heading.
    pub line: usize,
    /// The heading's first line, without its line break.
    pub heading: Range<usize>,
}

/// A table row with its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// Index into [`Outline::sections`] of the section the table sits in
    /// (`None` before the first heading or break).
    pub section: Option<usize>,
    /// Which table of the note (0 for the first).
    pub table: usize,
    pub header: bool,
    /// 1-based line of the row.
    pub line: usize,
    /// Each cell's text between its pipes, surrounding blanks excluded.
    pub cells: Vec<Range<usize>>,
    /// Whether each cell is a placeholder such as `_Unknown_`, as the reader judged it.
    pub placeholders: Vec<bool>,
}

/// A list item's first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineItem {
    /// 1-based line of the item's marker.
    pub line: usize,
    /// From the list marker to the end of the first line (line break excluded).
    pub source: Range<usize>,
    pub task: Option<OutlineTask>,
}

/// Where a task's status character and text are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineTask {
    pub symbol: char,
    /// The status character between the brackets.
    pub status: Range<usize>,
    /// The text after the checkbox, to the end of the line (line break excluded).
    pub text: Range<usize>,
}

impl Outline {
    /// Starts an outline of `text`: the frontmatter block and its key lines.
    pub(super) fn start(text: &str) -> Self {
        let mut outline = Outline::default();
        match frontmatter::locate(text) {
            Frontmatter::Closed(span) => {
                let lines = lines_in(text, span.yaml.clone());
                outline.keys = top_level_keys(text, &lines, span.yaml.end)
                    .into_iter()
                    .map(|(index, key, after_colon)| KeyLine {
                        key,
                        index,
                        after_colon,
                    })
                    .collect();
                outline.body_start = span.block.end;
                outline.frontmatter = Some(span);
            }
            Frontmatter::Unclosed => {
                outline.unclosed_frontmatter = true;
                outline.body_start = frontmatter::bom_len(text);
            }
            Frontmatter::None => outline.body_start = frontmatter::bom_len(text),
        }
        outline
    }

    /// The first section whose key is one of `keys`, as [`super::Note::section`] finds it.
    pub fn section(&self, keys: &[&str]) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| keys.iter().any(|k| s.key == *k))
    }

    /// The item whose task sits on 1-based `line`.
    pub fn task_at(&self, line: usize) -> Option<&OutlineTask> {
        self.items
            .iter()
            .find(|i| i.line == line)
            .and_then(|i| i.task.as_ref())
    }
}

// ---------------------------------------------------------------------------
// Lines and frontmatter keys
// ---------------------------------------------------------------------------

/// Where a line's content ends (before `\n` or `\r\n`).
pub fn content_end(text: &str, line: &Range<usize>) -> usize {
    let s = &text[line.clone()];
    let s = s
        .strip_suffix('\n')
        .map_or(s, |l| l.strip_suffix('\r').unwrap_or(l));
    line.start + s.len()
}

/// Lines of `text[within]` as (whole line including its break, content range).
pub fn lines_in(text: &str, within: Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let base = within.start;
    frontmatter::line_ranges(&text[within])
        .map(|r| {
            let r = base + r.start..base + r.end;
            let end = content_end(text, &r);
            (r.clone(), r.start..end)
        })
        .collect()
}

/// Index of the quote closing the one at `open`, honouring `''` and `\"` escapes.
pub fn closing_quote(b: &[u8], open: usize, end: usize, q: u8) -> Option<usize> {
    let mut i = open + 1;
    while i < end {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && i + 1 < end && b[i + 1] == b'\'' {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A top-level mapping key on a YAML line: its name and the offset just after its colon.
fn top_level_key(text: &str, content: &Range<usize>) -> Option<(String, usize)> {
    let s = &text[content.clone()];
    let first = s.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '?') {
        return None;
    }
    let colon_ok = |i: usize| {
        s.as_bytes()
            .get(i + 1)
            .is_none_or(|c| matches!(c, b' ' | b'\t'))
    };
    let (key, colon) = if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let after = close + 1 + s[close + 1..].len() - s[close + 1..].trim_start().len();
        (s[1..close].to_string(), after)
    } else {
        let i = s
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| colon_ok(i))?;
        (s[..i].trim_end().to_string(), i)
    };
    (s.as_bytes().get(colon) == Some(&b':') && colon_ok(colon))
        .then_some((key, content.start + colon + 1))
}

/// The top-level keys among frontmatter `lines` (ending at `limit`): each
/// key line's index, key and the offset after its colon. Lines inside a flow
/// collection (`[…]`, `{…}`) that a key line opened are not key lines, even
/// when they look like one (`tags: [a,` / `status: x]` is one value).
fn top_level_keys(
    text: &str,
    lines: &[(Range<usize>, Range<usize>)],
    limit: usize,
) -> Vec<(usize, String, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut inside_until = 0;
    for (i, (_, content)) in lines.iter().enumerate() {
        if content.start < inside_until {
            continue;
        }
        let Some((key, after)) = top_level_key(text, content) else {
            continue;
        };
        let open = after + text[after..content.end].len()
            - text[after..content.end]
                .trim_start_matches([' ', '\t'])
                .len();
        if matches!(b.get(open), Some(b'[' | b'{')) && open < content.end {
            inside_until = flow_end(b, open, limit);
        }
        out.push((i, key, after));
    }
    out
}

/// Where the flow collection opening at `open` ends (after its closing
/// bracket), or `limit` when it is not closed before. A closing bracket of the
/// other kind (`[a}`) closes nothing, as the editor's flow-list reader has it.
fn flow_end(b: &[u8], open: usize, limit: usize) -> usize {
    let mut open_brackets = Vec::new();
    let mut i = open;
    while i < limit {
        match b[i] {
            c @ (b'[' | b'{') => open_brackets.push(if c == b'[' { b']' } else { b'}' }),
            c @ (b']' | b'}') if open_brackets.last() == Some(&c) => {
                open_brackets.pop();
                if open_brackets.is_empty() {
                    return i + 1;
                }
            }
            q @ (b'\'' | b'"')
                if i == open
                    || matches!(b[i - 1], b'[' | b'{' | b',' | b' ' | b'\t' | b'\r' | b'\n') =>
            {
                match closing_quote(b, i, limit, q) {
                    Some(close) => i = close,
                    None => return limit,
                }
            }
            b'#' if matches!(b[i - 1], b' ' | b'\t' | b'\n') => {
                while i < limit && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    limit
}

/// The byte ranges of the inline tags in `raw` (each from its `#`), by the
/// rule the reader collects tags with ([`super::marks::INLINE_TAG`]).
pub(super) fn tag_ranges(raw: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let raw = if raw.contains('#') { raw } else { "" };
    super::marks::INLINE_TAG
        .captures_iter(raw)
        .filter_map(|c| c.get(1))
        .map(|m| m.start() - 1..m.end())
}

#[cfg(test)]
mod tests {
    use crate::note::outline;

    #[test]
    fn emoji_heading_table_cells_tasks_and_tags_at_their_bytes() {
        let text = "\u{feff}---\r\nstatus: active\r\ntags: [a]\r\n---\r\n# T #top\r\n\r\n## 📊 Account Status\r\n\r\n| Field | Value |\r\n|---|---|\r\n| **Status** |  _Unknown_ |\r\n|Tier|x|\r\n\r\n---\r\n\r\n> - [?] Ask *Bo* #task\r\n\r\n  1) [x] done `#no`\r\n\r\n```\r\n- [ ] not a task #no\r\n```\r\n";
        let o = outline(text);
        let keys: Vec<&str> = o.keys.iter().map(|k| k.key.as_str()).collect();
        assert_eq!(keys, ["status", "tags"]);
        let s = &o.sections;
        assert_eq!((s[0].key.as_str(), s[0].level, s[0].line), ("t top", 1, 5));
        assert_eq!(&text[s[1].heading.clone()], "## 📊 Account Status");
        assert_eq!(s[1].key, "account status");
        assert_eq!((s[2].level, s[2].line), (0, 14));
        let cells: Vec<Vec<&str>> = o
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| &text[c.clone()]).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["Field", "Value"],
                vec!["**Status**", "_Unknown_"],
                vec!["Tier", "x"]
            ]
        );
        assert!(o.rows[0].header && !o.rows[1].header);
        assert_eq!(o.rows[1].placeholders, [false, true]);
        assert_eq!(o.rows[1].section, Some(1));
        assert_eq!(o.rows[2].line, 12);
        let tasks: Vec<(usize, char, &str, &str)> = o
            .items
            .iter()
            .filter_map(|i| {
                let t = i.task.as_ref()?;
                Some((
                    i.line,
                    t.symbol,
                    &text[t.status.clone()],
                    &text[t.text.clone()],
                ))
            })
            .collect();
        assert_eq!(
            tasks,
            [
                (16, '?', "?", "Ask *Bo* #task"),
                (18, 'x', "x", "done `#no`")
            ]
        );
        let tags: Vec<&str> = o.tags.iter().map(|t| &text[t.clone()]).collect();
        assert_eq!(tags, ["#top", "#task"]);
        assert_eq!(o.section(&["account status", "status"]), Some(1));
    }
}
