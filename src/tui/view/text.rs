//! The panes of wrapped text (status, blockers, decisions, recent context), the
//! status lines, and how many rows each pane's content takes (for the layout).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Chrome;
use super::items::{Gutter, pane_window};
use super::theme::Theme;
use super::wrap::wrap_spans;
use crate::model::dashboard::Dashboard;
use crate::tui::app::{App, Pane, task_groups};

/// A bordered pane of wrapped lines that scrolls.
pub(super) struct TextPane<'a> {
    pub chrome: Chrome,
    pub theme: &'a Theme,
    pub title: String,
    pub lines: Vec<Line<'static>>,
    /// What the pane says when it has no lines.
    pub empty: &'static str,
    /// Rows scrolled past (clamped to the content).
    pub scroll: usize,
    /// More follows below `lines` (an item pane is given only what it shows).
    pub more: bool,
}

impl TextPane<'_> {
    /// How far the pane can scroll in `area`: the rows its lines take beyond it.
    pub fn max_scroll(&self, area: Rect) -> usize {
        self.lines
            .len()
            .saturating_sub(area.height.saturating_sub(2) as usize)
    }
}

impl Widget for TextPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let scroll = self.scroll.min(self.max_scroll(area));
        let block = self.chrome.block(self.theme, self.title);
        let inner = block.inner(area);
        block.render(area, buf);
        if self.lines.is_empty() {
            Paragraph::new(Span::styled(self.empty, self.theme.dim)).render(inner, buf);
            return;
        }
        let more_below = self.more || self.lines.len() > scroll + inner.height as usize;
        Paragraph::new(self.lines)
            .scroll((scroll as u16, 0))
            .render(inner, buf);
        if more_below && inner.height > 0 {
            let at = Rect {
                x: area.right().saturating_sub(4),
                y: area.bottom() - 1,
                width: 3,
                height: 1,
            };
            Paragraph::new("▼").style(self.theme.dim).render(at, buf);
        }
    }
}

/// How many rows a pane's content takes at an inner width (for the layout),
/// counted no further than `cap` rows and one: the layout gives no pane more
/// than the screen.
pub(super) fn wanted_rows(app: &App, pane: Pane, width: u16, cap: u16) -> u16 {
    let Some(d) = &app.dashboard else { return 1 };
    let t = Theme::mono();
    let w = width as usize;
    let items = |gutter| {
        let shown = pane_window(app, pane, gutter, (0, false), (w, cap as usize), &t);
        shown.lines.len() + usize::from(shown.more_below)
    };
    let n = match pane {
        Pane::Status => status_lines(d, w, &t).len(),
        Pane::Blockers | Pane::Decisions => items(Gutter::Bullet),
        Pane::Recent => items(Gutter::Date),
        Pane::Tasks => {
            let (tasks, _) = app.shown_tasks();
            tasks.len() + task_groups(tasks).len()
        }
        _ => 1,
    };
    n.clamp(1, usize::from(u16::MAX)) as u16
}

pub(super) fn status_lines(d: &Dashboard, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut first = vec![
        Span::styled("Status ", t.dim),
        Span::styled(d.status.clone().unwrap_or_else(|| "-".into()), t.heading),
    ];
    if d.needs_review {
        first.push(Span::styled("  ● needs review", t.review));
    }
    if d.archived {
        first.push(Span::styled("  archived", t.dim));
    }
    lines.push(Line::from(first));
    let contact = match (d.last_contact, d.days_since_contact) {
        (Some(date), Some(days)) => format!("{date} ({})", crate::text::days_ago(days)),
        _ => "unknown".into(),
    };
    let mut second = vec![Span::styled("Last contact ", t.dim), Span::raw(contact)];
    if let Some(c) = d.created {
        second.push(Span::styled("  Created ", t.dim));
        second.push(Span::raw(c.to_string()));
    }
    lines.push(Line::from(second));
    if !d.tags.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("Tags ", t.dim),
            Span::raw(tags_text(&d.tags, width.saturating_sub("Tags ".len()))),
        ]));
    }
    let rows: Vec<Span<'static>> = d
        .table
        .0
        .iter()
        .enumerate()
        .flat_map(|(i, (k, v))| {
            let sep = if i == 0 { "" } else { "  " };
            [
                Span::styled(format!("{sep}{k}: "), t.dim),
                Span::raw(v.as_deref().unwrap_or("unknown").to_string()),
            ]
        })
        .collect();
    if !rows.is_empty() {
        lines.extend(wrap_spans(rows, width, Span::raw("")));
    }
    for w in &d.warnings {
        lines.extend(wrap_spans(
            vec![Span::styled(w.clone(), t.warning)],
            width,
            Span::styled("⚠ ", t.warning),
        ));
    }
    lines
}

/// `#a #b #c` as far as `width` columns go, then how many more there are
/// (`#a #b +1 more`): a note of a hundred thousand tags is not joined and
/// drawn on every frame for a line that shows a few (docs/performance.md,
/// "Interaction").
fn tags_text(tags: &[String], width: usize) -> String {
    let mut out = String::new();
    let push = |out: &mut String, tag: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('#');
        out.push_str(tag);
    };
    for (i, tag) in tags.iter().enumerate() {
        let wide = |tag: &String| usize::from(i > 0) + 1 + tag.width();
        let more = format!(" +{} more", tags.len() - i - 1).width();
        if i == 0 || out.width() + wide(tag) + more <= width {
            push(&mut out, tag);
            continue;
        }
        // The rest, if all of them fit (counted no further than the line).
        let left = width.saturating_sub(out.width());
        let fits = (tags[i..].iter())
            .try_fold(left, |left, t| left.checked_sub(2 + t.width()))
            .is_some();
        if fits {
            tags[i..].iter().for_each(|t| push(&mut out, t));
        } else {
            out.push_str(&format!(" +{} more", tags.len() - i));
        }
        break;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_as_far_as_the_line_and_say_how_many_more() {
        let tags = |n: usize| (0..n).map(|i| format!("t{i}")).collect::<Vec<_>>();
        assert_eq!(tags_text(&tags(3), 40), "#t0 #t1 #t2");
        assert_eq!(tags_text(&tags(3), 11), "#t0 #t1 #t2");
        assert_eq!(tags_text(&tags(3), 10), "#t0 +2 more");
        let many = tags_text(&tags(150_000), 60);
        assert!(many.starts_with("#t0 #t1 "), "{many}");
        assert!(many.ends_with(" more") && many.width() <= 60, "{many}");
        let shown = many.matches('#').count();
        assert!(
            many.contains(&format!(" +{} more", 150_000 - shown)),
            "{many}"
        );
        // A first tag wider than the line is shown as far as it goes.
        assert_eq!(
            tags_text(&["a".repeat(30)], 10),
            format!("#{}", "a".repeat(30))
        );
    }
}
