//! Recording a note's outline during the reader's body pass: what each
//! pulldown-cmark event shows, as byte ranges into the whole text. See
//! docs/writing.md.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::outline::{Outline, OutlineItem, OutlineSection, OutlineTask, TableRow, tag_ranges};
use super::{Cell, ListItem, task};

/// The outline being recorded and the table row being read.
pub(super) struct Recorder {
    outline: Outline,
    tables_seen: usize,
    row_cells: Vec<Range<usize>>,
    row_placeholders: Vec<bool>,
}

impl Recorder {
    pub(super) fn new(outline: Outline) -> Self {
        Self {
            outline,
            tables_seen: 0,
            row_cells: Vec::new(),
            row_placeholders: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> Outline {
        self.outline
    }

    /// Whether [`Recorder::before`] needs the event's line number.
    pub(super) fn wants_line(event: &Event<'_>) -> bool {
        matches!(
            event,
            Event::Start(Tag::Heading { .. })
                | Event::Rule
                | Event::End(TagEnd::TableHead | TagEnd::TableRow)
        )
    }

    /// Adds what an event shows, before the reader handles it. `range` is
    /// the event's range in `body`, which starts at `base` in the whole text;
    /// `line` is given when [`Recorder::wants_line`] asks for it.
    pub(super) fn before(
        &mut self,
        event: &Event<'_>,
        range: Range<usize>,
        body: &str,
        base: usize,
        line: Option<usize>,
        in_code: bool,
    ) {
        let line = line.unwrap_or(0);
        match event {
            Event::Start(Tag::Table(_)) => self.tables_seen += 1,
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.row_cells.clear();
                self.row_placeholders.clear();
            }
            Event::Start(Tag::TableCell) => {
                let cell = body[range.clone()].trim_start_matches('|');
                let lead = range.len() - cell.len();
                let blanks = cell.len() - cell.trim_start_matches([' ', '\t']).len();
                let trimmed = cell.trim_matches([' ', '\t']);
                let start = (range.start + lead + blanks).min(range.end);
                self.row_cells
                    .push(base + start..base + (start + trimmed.len()).min(range.end));
            }
            Event::End(end @ (TagEnd::TableHead | TagEnd::TableRow)) => {
                self.outline.rows.push(TableRow {
                    section: self.outline.sections.len().checked_sub(1),
                    table: self.tables_seen.saturating_sub(1),
                    header: matches!(end, TagEnd::TableHead),
                    line,
                    cells: std::mem::take(&mut self.row_cells),
                    placeholders: std::mem::take(&mut self.row_placeholders),
                });
            }
            Event::Start(Tag::Heading { .. }) | Event::Rule => {
                let end = body[range.start..]
                    .find('\n')
                    .map_or(body.len(), |i| range.start + i);
                let end = end - usize::from(body[..end].ends_with('\r'));
                self.outline.sections.push(OutlineSection {
                    key: String::new(),
                    level: 0,
                    line,
                    heading: base + range.start..base + end,
                });
            }
            Event::Text(t) if !in_code && t.contains('#') => {
                let at = t.as_ptr() as usize;
                let start = body.as_ptr() as usize;
                // Only text the parser did not rewrite sits in the body.
                if at >= start && at + t.len() <= start + body.len() {
                    let offset = base + at - start;
                    self.outline
                        .tags
                        .extend(tag_ranges(t).map(|r| offset + r.start..offset + r.end));
                }
            }
            _ => {}
        }
    }

    /// Completes what the reader has just read: a heading's key and level, a
    /// cell's placeholder judgement, a list item and its checkbox.
    pub(super) fn after(
        &mut self,
        event: &Event<'_>,
        heading_key: &str,
        item: Option<&ListItem>,
        cell: Option<&Cell>,
        body: &str,
        base: usize,
    ) {
        match event {
            Event::End(TagEnd::TableCell) => {
                self.row_placeholders
                    .push(cell.is_some_and(|c| c.placeholder));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(section) = self.outline.sections.last_mut() {
                    section.key = heading_key.to_string();
                    section.level = *level as u8;
                }
            }
            Event::Start(Tag::Item) => {
                let Some(item) = item else {
                    return;
                };
                let at = item.source as usize;
                let line_end = body[at..].find('\n').map_or(body.len(), |i| at + i);
                let line = &body[at..line_end];
                let line = line.strip_suffix('\r').unwrap_or(line);
                let base = base + at;
                let task = item.task.and_then(|_| {
                    let (symbol, rest) = task::split_checkbox(line)?;
                    let text_start = line.len() - rest.len();
                    let close = line[..text_start].rfind(']')?;
                    Some(OutlineTask {
                        symbol,
                        status: base + close - symbol.len_utf8()..base + close,
                        text: base + text_start..base + line.len(),
                    })
                });
                self.outline.items.push(OutlineItem {
                    line: item.line as usize,
                    source: base..base + line.len(),
                    task,
                });
            }
            _ => {}
        }
    }
}
