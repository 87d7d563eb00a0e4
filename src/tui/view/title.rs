//! The title bar: the vault, the counts, triage progress, the filter, loading
//! and whether the watcher is live.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::text::{count, sanitize};
use crate::tui::app::{App, Filter, LiveState};

pub(super) struct TitleBar<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for TitleBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let measure = app.list_measure();
        let problems = app.problem_count;
        let mut text = format!(
            " acct · {} · {} · {} · {}",
            sanitize(&app.vault_name),
            count(measure.live, "account", "accounts"),
            count(measure.needs_review, "needs review", "need review"),
            count(problems, "problem", "problems"),
        );
        if let Some((at, of, done)) = app.triage_progress() {
            text.push_str(&format!(" · TRIAGE {at} of {of} ({done} reviewed)"));
        } else if app.filter != Filter::All {
            text.push_str(&format!(" · filter: {}", app.filter.label()));
        }
        if let Some(l) = &app.loading {
            text.push_str(&format!(" · {l}"));
        }
        let live = match &app.live {
            LiveState::Off => String::new(),
            LiveState::Live => "● live ".to_string(),
            LiveState::Polling(why) => format!("◌ polling ({why}) "),
            LiveState::Lost(why) => format!("○ not watching: {why} "),
        };
        let pad = (area.width as usize).saturating_sub(text.width() + live.width());
        let line = Line::from(vec![
            Span::raw(text),
            Span::raw(" ".repeat(pad)),
            Span::raw(live),
        ]);
        Paragraph::new(line)
            .style(self.theme.title_bar)
            .render(area, buf);
    }
}
