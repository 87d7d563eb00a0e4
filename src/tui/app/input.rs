//! Keys and the mouse: a key becomes an action through the current layer of the
//! key map; a click or the wheel acts on the pane the last frame drew under it.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::{App, Effect, Mode, Pane};
use crate::tui::keymap::Layer;

impl App {
    /// The key map's layer for the current mode.
    pub fn layer(&self) -> Layer {
        match self.mode {
            Mode::Normal if self.inbox.is_some() => Layer::Tasks,
            Mode::Normal if self.triage.is_some() => Layer::Triage,
            Mode::Normal => Layer::Normal,
            Mode::Search => Layer::Search,
            Mode::StatusPicker { .. } => Layer::Picker,
            Mode::Help { .. } => Layer::Help,
            Mode::Problems { .. } => Layer::Problems,
            Mode::Changes => Layer::Changes,
        }
    }

    /// Handles one key.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        self.message = None;
        let layer = self.layer();
        if let Some(action) = self.keymap.action(layer, &key) {
            return self.update(action);
        }
        // In the search, a key no action takes is typed.
        if let (Layer::Search, KeyCode::Char(c)) = (layer, key.code)
            && !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            self.type_into_search(c);
        }
        None
    }

    /// Handles a mouse event: click selects or focuses, the wheel scrolls.
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        if self.mode != Mode::Normal {
            return;
        }
        let Some(areas) = self.drawn.areas else {
            return;
        };
        let at = Position::new(ev.column, ev.row);
        let Some(pane) = areas.pane_at(at) else {
            return;
        };
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                self.focus = pane;
                if pane == Pane::List
                    && let Some(list) = areas.list
                {
                    let offset = self.list_offset(list.height.saturating_sub(2) as usize);
                    let row = (ev.row.saturating_sub(list.y + 1)) as usize + offset;
                    if row < self.visible.len() && ev.row > list.y {
                        self.selected = row;
                        if let Some(t) = self.triage.as_mut() {
                            t.pos = row;
                        }
                        self.load_dashboard();
                    }
                }
            }
            MouseEventKind::ScrollDown => self.scroll_under(pane, 3),
            MouseEventKind::ScrollUp => self.scroll_under(pane, -3),
            _ => {}
        }
    }

    /// The wheel moves the pane under the pointer without taking the focus.
    fn scroll_under(&mut self, pane: Pane, delta: isize) {
        let keep = self.focus;
        self.focus = pane;
        self.move_focused(delta);
        self.focus = keep;
    }
}
