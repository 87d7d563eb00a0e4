//! Where each pane goes for a given terminal size and content. The frame hands
//! the result back to the app ([`Drawn`](crate::tui::app::Drawn)), which pages
//! and hit-tests mouse clicks with it.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::{Areas, Pane};

/// The smallest terminal the dashboard draws in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, the list and the panes sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// The widest share of the screen the list takes when its titles need it.
const LIST_SHARE: (u16, u16) = (2, 5);
/// The list's width on a wide screen when its titles need no more.
const LIST_MIN_WIDTH: u16 = 30;

/// What the layout depends on besides the screen and the panes' content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// The details view instead of the dashboard's panes.
    pub details: bool,
    /// The pane that has the whole screen, if one has.
    pub maximised: Option<Pane>,
    /// The width the account list's rows need (borders included).
    pub list_width: u16,
}

/// The areas of a frame; `None` when the terminal is too small to draw in. `wants`
/// says how many text rows a pane's content takes at a given inner width, so short
/// panes give their room to the open tasks.
pub fn areas(screen: Rect, shape: Shape, wants: &dyn Fn(Pane, u16) -> u16) -> Option<Areas> {
    let details = shape.details;
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        return None;
    }
    let [title, main, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    let mut areas = Areas::bars(title, hints);
    if let Some(pane) = shape.maximised {
        // The dashboard's panes are not drawn in the details view, nor it on the dashboard.
        let shown = match pane {
            Pane::List => true,
            Pane::Details => details,
            _ => !details,
        };
        if shown {
            areas.set(pane, main);
            return Some(areas);
        }
    }
    let wide = screen.width >= SIDE_BY_SIDE_WIDTH;
    let (list, right) = if wide {
        let cap = (screen.width * LIST_SHARE.0 / LIST_SHARE.1).max(LIST_MIN_WIDTH);
        let list_width = shape.list_width.clamp(LIST_MIN_WIDTH, cap);
        let [l, r] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(main);
        (l, r)
    } else {
        let list_height = (main.height / 4).max(4);
        let [l, r] =
            Layout::vertical([Constraint::Length(list_height), Constraint::Fill(1)]).areas(main);
        (l, r)
    };
    areas.list = Some(list);
    if details {
        areas.details = Some(right);
        return Some(areas);
    }
    let h = right.height;
    // Caps for 40 rows, shrunk in proportion on shorter terminals; each pane
    // takes no more than its content needs.
    let inner = right.width.saturating_sub(2);
    let half = (right.width / 2).saturating_sub(2);
    let status = wants(Pane::Status, inner) + 2;
    let pair = wants(Pane::Blockers, half).max(wants(Pane::Decisions, half)) + 2;
    let recent = wants(Pane::Recent, inner) + 2;
    let tasks = wants(Pane::Tasks, inner) + 2;
    // Everything fits: each pane its content, the open tasks the rest. Otherwise
    // the open tasks keep at least two fifths and the others share what is left.
    let [status_h, pair_h, recent_h] = if status + pair + recent + tasks <= h {
        [status, pair, recent]
    } else {
        let tasks_h = tasks.min((h * 2 / 5).max(5));
        share(h.saturating_sub(tasks_h), [status, pair, recent])
    };
    let [status, pair, tasks, recent] = Layout::vertical([
        Constraint::Length(status_h.max(3)),
        Constraint::Length(pair_h.max(3)),
        Constraint::Min(3),
        Constraint::Length(recent_h.max(3)),
    ])
    .areas(right);
    let [blockers, decisions] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(pair);
    areas.status = Some(status);
    areas.blockers = Some(blockers);
    areas.decisions = Some(decisions);
    areas.tasks = Some(tasks);
    areas.recent = Some(recent);
    Some(areas)
}

/// Splits `budget` rows among panes that each need some: a pane that needs less than
/// an even share gets what it needs, and the rest is shared among the others.
fn share(budget: u16, needs: [u16; 3]) -> [u16; 3] {
    let mut out = [0; 3];
    let mut order: Vec<usize> = (0..3).collect();
    order.sort_by_key(|&i| needs[i]);
    let mut left = budget;
    for (n, &i) in order.iter().enumerate() {
        let even = left / (3 - n) as u16;
        out[i] = needs[i].min(even);
        left -= out[i];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Position;

    #[test]
    fn side_by_side_when_wide_stacked_when_narrow_none_when_tiny() {
        let big = |_: Pane, _: u16| 100;
        let plain = Shape::default();
        let wide = areas(Rect::new(0, 0, 120, 40), plain, &big).unwrap();
        assert_eq!(wide.list.unwrap().y, wide.status.unwrap().y);
        let narrow = areas(Rect::new(0, 0, 80, 24), plain, &big).unwrap();
        assert!(narrow.list.unwrap().bottom() <= narrow.status.unwrap().y);
        assert!(areas(Rect::new(0, 0, 39, 20), plain, &big).is_none());
        assert!(areas(Rect::new(0, 0, 80, 9), plain, &big).is_none());
        assert_eq!(wide.pane_at(Position::new(2, 5)), Some(Pane::List));
        assert_eq!(share(30, [4, 20, 20]), [4, 13, 13]);
        let small = |p: Pane, _: u16| if p == Pane::Blockers { 1 } else { 2 };
        let snug = areas(Rect::new(0, 0, 120, 40), plain, &small).unwrap();
        assert_eq!(snug.blockers.unwrap().height, 4);
        assert!(snug.tasks.unwrap().height > wide.tasks.unwrap().height);
    }

    #[test]
    fn the_list_takes_what_its_titles_need_up_to_a_share() {
        let big = |_: Pane, _: u16| 10;
        let with = |list_width| Shape {
            list_width,
            ..Shape::default()
        };
        let at = |w, shape| areas(Rect::new(0, 0, w, 40), shape, &big).unwrap();
        assert_eq!(at(160, with(20)).list.unwrap().width, 30);
        assert_eq!(at(160, with(50)).list.unwrap().width, 50);
        assert_eq!(at(160, with(90)).list.unwrap().width, 64);
        assert_eq!(at(100, with(90)).list.unwrap().width, 40);
    }

    #[test]
    fn a_maximised_pane_takes_everything_between_the_bars() {
        let big = |_: Pane, _: u16| 10;
        for pane in [Pane::List, Pane::Status, Pane::Tasks, Pane::Recent] {
            let shape = Shape {
                maximised: Some(pane),
                ..Shape::default()
            };
            let a = areas(Rect::new(0, 0, 80, 24), shape, &big).unwrap();
            assert_eq!(a.of(pane), Some(Rect::new(0, 1, 80, 22)), "{pane:?}");
            let others = Pane::ALL.iter().filter(|p| a.of(**p).is_some()).count();
            assert_eq!(others, 1, "{pane:?} alone");
        }
    }
}
