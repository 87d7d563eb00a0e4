//! A bordered box over the middle of the screen, for the help and the picker.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Widget};

use super::theme::Theme;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// How many of `lines` rows a popup shows on a screen: all, or as many as fit.
pub(super) fn popup_rows(area: Rect, lines: usize) -> usize {
    (lines + 2).min(area.height as usize).saturating_sub(2)
}

/// A bordered box of lines over the middle of the screen, scrolled past
/// `scroll` rows when they do not all fit.
pub(super) fn popup(
    area: Rect,
    width: u16,
    lines: Vec<Line<'static>>,
    scroll: usize,
    title: &str,
    theme: &Theme,
    buf: &mut Buffer,
) {
    let r = centered(area, width, (lines.len() + 2).min(u16::MAX as usize) as u16);
    let more_below = lines.len() > scroll + r.height.saturating_sub(2) as usize;
    Clear.render(r, buf);
    Paragraph::new(lines)
        .scroll((scroll.min(u16::MAX as usize) as u16, 0))
        .block(
            Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(theme.border_focused)
                .title(title.to_string()),
        )
        .render(r, buf);
    if more_below && r.height > 2 {
        let at = Rect {
            x: r.right().saturating_sub(4),
            y: r.bottom() - 1,
            width: 3,
            height: 1,
        };
        Paragraph::new("▼").style(theme.dim).render(at, buf);
    }
}
