//! Laying out only what a long list shows: the entries around the cursor's
//! that can reach the screen, not every entry on every frame
//! (docs/performance.md, "Interaction").

use ratatui::text::Line;

/// The lines of the entries that can reach a view `height` rows high, and how
/// far to scroll them. `scroll` says how far the view scrolls when the cursor's
/// entry (`at`) starts on a given line of the whole list, and must keep that
/// line within `height` rows above and two below the view's top; the view never
/// scrolls past the list's end. `lay` gives an entry's lines.
///
/// Each entry takes a line at least, so only the entries from `height` before
/// the cursor's to `height + 2` after it can show; only those are laid out, and
/// a list of tens of thousands draws as fast as one of ten. Past the last of
/// them, more lines follow than the view can reach, so the end needs no count.
pub(super) fn window(
    entries: usize,
    at: usize,
    height: usize,
    scroll: impl Fn(usize) -> usize,
    mut lay: impl FnMut(usize) -> Vec<Line<'static>>,
) -> (Vec<Line<'static>>, usize) {
    let (from, to) = (at.saturating_sub(height), entries.min(at + height + 2));
    let mut lines = Vec::new();
    let mut cursor_line = 0;
    for i in from..to {
        if i == at {
            cursor_line = lines.len();
        }
        lines.extend(lay(i));
    }
    // Lines before `from` are `height` rows above the cursor's entry at least:
    // the scroll counted from `from` is the scroll counted from the top, less
    // them.
    let mut scroll = scroll(cursor_line);
    if to == entries {
        scroll = scroll.min(lines.len().saturating_sub(height));
    }
    (lines, scroll)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window shows what laying out every entry and scrolling would, for
    /// the scrolls the views use (the cursor's entry two rows above the
    /// bottom; in the middle), entries of one to three lines, every cursor,
    /// and heights from none to more than the entries take.
    #[test]
    fn the_window_is_what_laying_out_every_entry_would_show() {
        let lay = |i: usize| -> Vec<Line<'static>> {
            (0..1 + (i * 7) % 3)
                .map(|k| Line::from(format!("{i}.{k}")))
                .collect()
        };
        type Scroll = fn(usize, usize) -> usize;
        let near_bottom: Scroll = |line, height| (line + 2).saturating_sub(height);
        let middle: Scroll = |line, height| line.saturating_sub(height / 2);
        for scroll in [near_bottom, middle] {
            for n in [0, 1, 2, 9, 40] {
                for height in [0, 1, 2, 3, 5, 12, 200] {
                    for at in 0..n.max(1) {
                        let every: Vec<Line> = (0..n).flat_map(lay).collect();
                        let cursor_line: usize = (0..at.min(n)).map(|i| lay(i).len()).sum();
                        let top =
                            scroll(cursor_line, height).min(every.len().saturating_sub(height));
                        let expected: Vec<String> = (every.iter().skip(top).take(height))
                            .map(|l| l.to_string())
                            .collect();
                        let (lines, from) = window(n, at, height, |l| scroll(l, height), lay);
                        let shown: Vec<String> = (lines.iter().skip(from).take(height))
                            .map(|l| l.to_string())
                            .collect();
                        assert_eq!(shown, expected, "{n} entries, height {height}, cursor {at}");
                    }
                }
            }
        }
    }
}
