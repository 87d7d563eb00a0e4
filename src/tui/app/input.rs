//! Keys and the mouse: what each input does in each mode.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use super::{App, Effect, Mode, Pane};

impl App {
    /// Handles one key.
    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Effect> {
        self.message = None;
        match self.mode.clone() {
            Mode::Help => {
                if matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter
                ) {
                    self.mode = Mode::Normal;
                }
                if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
                    return Some(Effect::Quit);
                }
                None
            }
            Mode::Search => self.search_key(key),
            Mode::StatusPicker { options, selected } => self.picker_key(key, options, selected),
            Mode::Normal => {
                if key.code == KeyCode::Esc {
                    return self.escape();
                }
                if key.code == KeyCode::Enter && self.focus == Pane::List {
                    self.focus = if self.details {
                        Pane::Details
                    } else {
                        Pane::Tasks
                    };
                    return None;
                }
                let action = self.keymap.action(&key)?;
                self.update(action)
            }
        }
    }

    fn escape(&mut self) -> Option<Effect> {
        if self.triage.is_some() {
            self.leave_triage();
            self.message = Some("left triage".into());
        } else if !self.search.is_empty() {
            self.clear_search();
        } else if self.show_query {
            self.show_query = false;
            self.clamp_task_cursor();
        } else if self.details {
            self.details = false;
            self.focus = Pane::List;
        } else if self.focus != Pane::List {
            self.focus = Pane::List;
        }
        None
    }

    fn search_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => {
                self.mode = Mode::Normal;
                self.clear_search();
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                self.before_search = None;
                self.message = Some(if self.search.is_empty() {
                    "search cleared".into()
                } else {
                    format!("filter kept: /{}", self.search)
                });
            }
            KeyCode::Char('c') if ctrl => return Some(Effect::Quit),
            KeyCode::Char('u') if ctrl => self.set_search(String::new()),
            KeyCode::Char('w') if ctrl => {
                let trimmed = self.search.trim_end();
                let cut = trimmed.rfind(' ').map_or(0, |i| i + 1);
                self.set_search(self.search[..cut].to_string());
            }
            KeyCode::Backspace => {
                let mut s = self.search.clone();
                s.pop();
                self.set_search(s);
            }
            KeyCode::Down => self.move_list(1),
            KeyCode::Up => self.move_list(-1),
            KeyCode::Char('n') if ctrl => self.move_list(1),
            KeyCode::Char('p') if ctrl => self.move_list(-1),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                let s = format!("{}{c}", self.search);
                self.set_search(s);
            }
            _ => {}
        }
        None
    }

    fn set_search(&mut self, s: String) {
        self.search = s;
        self.selected = 0;
        self.refilter(None);
    }

    fn clear_search(&mut self) {
        let back = self
            .before_search
            .take()
            .or_else(|| self.selected_path().map(str::to_string));
        self.search.clear();
        self.search_cache = None;
        self.refilter(back.as_deref());
    }

    fn picker_key(
        &mut self,
        key: KeyEvent,
        options: Vec<String>,
        selected: usize,
    ) -> Option<Effect> {
        let n = options.len();
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => self.mode = Mode::Normal,
            KeyCode::Char('j') | KeyCode::Down => {
                self.mode = Mode::StatusPicker {
                    selected: (selected + 1) % n.max(1),
                    options,
                }
            }
            KeyCode::Char('k') | KeyCode::Up => {
                self.mode = Mode::StatusPicker {
                    selected: (selected + n - 1) % n.max(1),
                    options,
                }
            }
            KeyCode::Enter => {
                self.mode = Mode::Normal;
                let path = self.selected_path()?.to_string();
                let status = options.get(selected)?.clone();
                return Some(Effect::SetStatus { path, status });
            }
            _ => {}
        }
        None
    }

    /// Handles a mouse event: click selects or focuses, the wheel scrolls.
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        let Some(areas) = self.areas() else { return };
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
            MouseEventKind::ScrollDown => {
                let keep = self.focus;
                self.focus = pane;
                self.move_focused(3);
                self.focus = keep;
            }
            MouseEventKind::ScrollUp => {
                let keep = self.focus;
                self.focus = pane;
                self.move_focused(-3);
                self.focus = keep;
            }
            _ => {}
        }
    }
}
