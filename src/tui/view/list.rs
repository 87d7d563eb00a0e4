//! The account list: review marks, titles with the search's matches, status
//! and days since contact.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Chrome;
use super::theme::Theme;
use crate::text::sanitize;
use crate::tui::app::{App, Pane};

const STATUS_W: usize = 10;
/// The narrowest title column the status column leaves room for.
const MIN_TITLE_W: usize = 12;
const DAYS_W: usize = 5;

/// The width the list needs to show every visible title whole, with its
/// review mark, status and days columns and the borders.
pub(super) fn wanted_width(app: &App) -> u16 {
    let longest = app.list_measure().title_width;
    (longest + 2 + 1 + STATUS_W + 1 + DAYS_W + 2).min(u16::MAX as usize) as u16
}

pub(super) struct AccountList<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for AccountList<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = self.theme;
        let title = if !app.search.is_empty() {
            format!(
                "Accounts {} of {} · /{}",
                app.visible.len(),
                app.list_measure().live,
                sanitize(&app.search)
            )
        } else {
            format!("Accounts ({}) · {}", app.visible.len(), app.filter.label())
        };
        let mut block = Chrome::of(app, Pane::List).block(t, title);
        let inner = block.inner(area);
        let width = inner.width as usize;
        // The status column only when there is room for a readable title too.
        let status_w = if width >= 2 + MIN_TITLE_W + 1 + STATUS_W + 1 + DAYS_W {
            STATUS_W
        } else {
            0
        };
        let title_w = width.saturating_sub(2 + 1 + status_w + 1 + DAYS_W);
        // A title cut in its row is shown whole under the list.
        if let Some(v) = app.visible.get(app.selected) {
            let full = sanitize(&app.rows[v.row].title);
            if full.width() > title_w {
                block =
                    block.title_bottom(Line::from(Span::styled(format!(" {full} "), t.heading)));
            }
        }
        block.render(area, buf);
        let height = inner.height as usize;
        let offset = app.list_offset(height);
        let days_w = DAYS_W;
        for (i, v) in app.visible.iter().enumerate().skip(offset).take(height) {
            let r = &app.rows[v.row];
            let selected = i == app.selected;
            let mark = if r.needs_review {
                Span::styled("● ", t.review)
            } else {
                Span::raw("  ")
            };
            let mut spans = vec![mark];
            // Things new since the account's review point (docs/vault.md).
            let new = match app.new_count(&r.path) {
                0 => String::new(),
                n => format!(" +{n}"),
            };
            let title_w = title_w.saturating_sub(new.width());
            let mut used = 0;
            for (ci, c) in sanitize(&r.title).chars().enumerate() {
                let cw = c.to_string().width();
                if used + cw > title_w.saturating_sub(1) && used + cw > title_w {
                    break;
                }
                used += cw;
                let style = if v.matches.contains(&ci) {
                    t.matched
                } else {
                    t.base
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            spans.push(Span::styled(new.clone(), t.changed));
            spans.push(Span::raw(" ".repeat(title_w.saturating_sub(used) + 1)));
            let status: String = r
                .status
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| "-".into())
                .chars()
                .take(status_w)
                .collect();
            if status_w > 0 {
                spans.push(Span::styled(format!("{status:<status_w$}"), t.dim));
            }
            let days = r
                .days_since_contact
                .map_or("-".to_string(), |d| format!("{d}d"));
            let days_style = if r.contact_overdue_days.is_some()
                || r.days_since_contact.is_some_and(|d| d < 0)
            {
                t.warning
            } else {
                t.dim
            };
            spans.push(Span::styled(format!(" {days:>days_w$}"), days_style));
            let y = inner.y + (i - offset) as u16;
            let line = Line::from(spans);
            let row = Rect {
                y,
                height: 1,
                ..inner
            };
            Paragraph::new(line)
                .style(if selected { t.selected } else { t.base })
                .render(row, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::index::Index;
    use crate::model::dashboard::AccountSummary;
    use crate::tui::app::History;
    use crate::tui::keymap::Keymap;

    /// The width is what the titles shown need, as they are drawn: control
    /// characters and hidden ones replaced, wide characters counted twice, and
    /// the "+N" mark of what is new since review beside them.
    #[test]
    fn the_list_wants_the_width_its_widest_title_is_drawn_in() {
        let titles = [
            ("Acme", 0),
            ("Acme Holdings International", 7),
            ("株式会社テスト", 0),
            ("Café ☕ and 👩\u{200d}💻", 12),
            ("Tab\there\u{1b}[31m", 0),
            ("Zero\u{200b}width", 100),
        ];
        for (wide, count) in titles {
            let mut app = App::new(
                Index::default(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                "vault".into(),
                Keymap::default(),
            );
            app.loading = Some("reading".into());
            let rows = [("Short", 0), (wide, count)].map(|(title, _)| AccountSummary {
                title: title.into(),
                path: format!("{title}.md"),
                status: None,
                needs_review: false,
                archived: false,
                last_contact: None,
                days_since_contact: None,
                contact_overdue_days: None,
                tags: Vec::new(),
                blockers: 0,
                open_tasks: 0,
                warnings: 0,
                aliases: Vec::new(),
            });
            app.show_kept_rows(rows.to_vec());
            app.attach_history(History::new(Config::default(), None, None));
            if let Some(history) = app.history.as_mut() {
                history.new_counts.insert(format!("{wide}.md"), count);
            }
            let mark = if count > 0 {
                format!(" +{count}").width()
            } else {
                0
            };
            let drawn = (sanitize(wide).width() + mark).max("Short".len());
            let want = drawn + 2 + 1 + STATUS_W + 1 + DAYS_W + 2;
            assert_eq!(usize::from(wanted_width(&app)), want, "{wide:?}");
        }
    }
}
