//! The key map: one table from which key handling, the help overlay and the hint
//! bar are all built, so they cannot drift. Every binding can be overridden in the
//! config file under `[keys]` by its action name.

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::config::KeyList;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    FocusNext,
    FocusPrev,
    Search,
    Filter,
    Triage,
    TriageNext,
    TriagePrev,
    Review,
    SetStatus,
    Done,
    Accept,
    Dismiss,
    Undo,
    Edit,
    OpenObsidian,
    ToggleQuery,
    Details,
    NextTab,
    PrevTab,
    Help,
    Quit,
}

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    /// The name used in the config file's `[keys]` table.
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub description: &'static str,
    /// Short label for the hint bar, for the bindings shown there.
    pub hint: Option<&'static str>,
}

/// A key with its modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
        }
    }

    const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The key of a terminal key event.
    pub fn from_event(ev: &KeyEvent) -> Self {
        let code = match ev.code {
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Self {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses `j`, `G`, `?`, `down`, `pgdn`, `ctrl-c`, `shift-tab`, `enter`, `esc`, `f5`…
    pub fn parse(s: &str) -> Option<Self> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") || lower.starts_with("ctrl+") {
                ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") || lower.starts_with("alt+") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "tab" => KeyCode::Tab,
                "shift-tab" | "backtab" => KeyCode::BackTab,
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                f if f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
                _ => return None,
            },
        };
        Some(Self { code, ctrl, alt })
    }

    /// How the key is written in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.ctrl {
            out.push_str("Ctrl-");
        }
        if self.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

/// The key table.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// A key override in the config that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError(pub String);

impl Default for Keymap {
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        let b = |action, name, keys: &[Key], description, hint| Binding {
            action,
            name,
            keys: keys.to_vec(),
            description,
            hint,
        };
        Self {
            bindings: vec![
                b(
                    Down,
                    "down",
                    &[Key::ch('j'), Key::plain(K::Down)],
                    "move down in the focused pane",
                    None,
                ),
                b(
                    Up,
                    "up",
                    &[Key::ch('k'), Key::plain(K::Up)],
                    "move up in the focused pane",
                    None,
                ),
                b(
                    Top,
                    "top",
                    &[Key::ch('g'), Key::plain(K::Home)],
                    "go to the top",
                    None,
                ),
                b(
                    Bottom,
                    "bottom",
                    &[Key::ch('G'), Key::plain(K::End)],
                    "go to the bottom",
                    None,
                ),
                b(
                    PageDown,
                    "page_down",
                    &[Key::plain(K::PageDown), Key::ctrl('d')],
                    "page down",
                    None,
                ),
                b(
                    PageUp,
                    "page_up",
                    &[Key::plain(K::PageUp), Key::ctrl('u')],
                    "page up",
                    None,
                ),
                b(
                    FocusNext,
                    "focus_next",
                    &[Key::plain(K::Tab)],
                    "focus the next pane",
                    Some("pane"),
                ),
                b(
                    FocusPrev,
                    "focus_prev",
                    &[Key::plain(K::BackTab)],
                    "focus the previous pane",
                    None,
                ),
                b(
                    Search,
                    "search",
                    &[Key::ch('/')],
                    "fuzzy search (#tag, status:x, review narrow; Enter keeps, Esc clears)",
                    Some("search"),
                ),
                b(
                    Filter,
                    "filter",
                    &[Key::ch('f')],
                    "cycle filter: all → needs review → each status → archived",
                    Some("filter"),
                ),
                b(
                    Triage,
                    "triage",
                    &[Key::ch('t')],
                    "triage: walk the needs-review queue, oldest contact first",
                    Some("triage"),
                ),
                b(
                    TriageNext,
                    "triage_next",
                    &[Key::ch('n')],
                    "in triage: skip to the next account",
                    None,
                ),
                b(
                    TriagePrev,
                    "triage_prev",
                    &[Key::ch('p')],
                    "in triage: back to the previous account",
                    None,
                ),
                b(
                    Review,
                    "review",
                    &[Key::ch('r')],
                    "mark reviewed (remove needs-review)",
                    Some("reviewed"),
                ),
                b(
                    SetStatus,
                    "set_status",
                    &[Key::ch('s')],
                    "set status (picker)",
                    Some("status"),
                ),
                b(
                    Done,
                    "done",
                    &[Key::ch('x')],
                    "on a task: mark done (adds ✅ today)",
                    None,
                ),
                b(
                    Accept,
                    "accept",
                    &[Key::ch('a')],
                    "on a task: accept a proposed task",
                    None,
                ),
                b(
                    Dismiss,
                    "dismiss",
                    &[Key::ch('d')],
                    "on a task: dismiss it (the vault's cancelled status)",
                    None,
                ),
                b(
                    Undo,
                    "undo",
                    &[Key::ch('u')],
                    "undo the last write",
                    Some("undo"),
                ),
                b(
                    Edit,
                    "edit",
                    &[Key::ch('e')],
                    "open the note in $VISUAL/$EDITOR at the relevant line",
                    Some("edit"),
                ),
                b(
                    OpenObsidian,
                    "open",
                    &[Key::ch('o')],
                    "open the note in Obsidian",
                    None,
                ),
                b(
                    ToggleQuery,
                    "query",
                    &[Key::ch('v')],
                    "open tasks: toggle the note's own query result",
                    None,
                ),
                b(
                    Details,
                    "details",
                    &[Key::ch('m')],
                    "more: overview, contacts, next steps, projects, …",
                    Some("more"),
                ),
                b(
                    NextTab,
                    "next_tab",
                    &[Key::ch(']'), Key::plain(K::Right)],
                    "next section in the details view",
                    None,
                ),
                b(
                    PrevTab,
                    "prev_tab",
                    &[Key::ch('['), Key::plain(K::Left)],
                    "previous section in the details view",
                    None,
                ),
                b(Help, "help", &[Key::ch('?')], "this help", Some("help")),
                b(
                    Quit,
                    "quit",
                    &[Key::ch('q'), Key::ctrl('c')],
                    "quit",
                    Some("quit"),
                ),
            ],
        }
    }
}

impl Keymap {
    /// The default table with the config's overrides applied.
    pub fn with_overrides(overrides: &BTreeMap<String, KeyList>) -> Result<Self, KeymapError> {
        let mut map = Self::default();
        for (name, keys) in overrides {
            let Some(binding) = map.bindings.iter_mut().find(|b| b.name == name) else {
                let names: Vec<&str> = Self::default().bindings.iter().map(|b| b.name).collect();
                return Err(KeymapError(format!(
                    "unknown action `{name}` in [keys]; known: {}",
                    names.join(", ")
                )));
            };
            let parsed: Result<Vec<Key>, _> = keys
                .keys()
                .iter()
                .map(|k| {
                    Key::parse(k).ok_or_else(|| {
                        KeymapError(format!("`{k}` for `{name}` is not a key I know"))
                    })
                })
                .collect();
            binding.keys = parsed?;
        }
        // A key given to one action in the config is taken from every other action.
        let overridden: Vec<(usize, Vec<Key>)> = map
            .bindings
            .iter()
            .enumerate()
            .filter(|(_, b)| overrides.contains_key(b.name))
            .map(|(i, b)| (i, b.keys.clone()))
            .collect();
        for (i, keys) in &overridden {
            for (j, other) in map.bindings.iter_mut().enumerate() {
                if j != *i && !overrides.contains_key(other.name) {
                    other.keys.retain(|k| !keys.contains(k));
                }
            }
        }
        Ok(map)
    }

    /// The action bound to a key event.
    pub fn action(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        let shifted_char = Key {
            code: key.code,
            ctrl: key.ctrl,
            alt: key.alt,
        };
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&shifted_char))
            .map(|b| b.action)
    }

    /// The keys of an action, as written in help (`j/↓`).
    pub fn keys_label(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// The (keys, label) pairs of the hint bar.
    pub fn hints(&self) -> Vec<(String, String)> {
        self.bindings
            .iter()
            .filter_map(|b| {
                b.hint.map(|h| {
                    (
                        b.keys.first().map(Key::label).unwrap_or_default(),
                        h.to_string(),
                    )
                })
            })
            .filter(|(k, _)| !k.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn default_keys_and_vim_keys_both_work() {
        let map = Keymap::default();
        assert_eq!(
            map.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Down, KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
        assert_eq!(map.keys_label(Action::Down), "j/↓");
    }

    #[test]
    fn overrides_replace_keys_and_free_them_elsewhere() {
        let mut o = BTreeMap::new();
        o.insert(
            "down".to_string(),
            KeyList::Many(vec!["n".into(), "ctrl-n".into()]),
        );
        let map = Keymap::with_overrides(&o).unwrap();
        assert_eq!(
            map.action(&ev(KeyCode::Char('n'), KeyModifiers::NONE)),
            Some(Action::Down)
        );
        assert_eq!(
            map.action(&ev(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(map.keys_label(Action::TriageNext), "");
        o.insert("fly".to_string(), KeyList::One("z".into()));
        assert!(Keymap::with_overrides(&o).unwrap_err().0.contains("fly"));
    }

    #[test]
    fn every_action_has_a_binding_and_a_description() {
        let map = Keymap::default();
        assert!(
            map.bindings
                .iter()
                .all(|b| !b.keys.is_empty() && !b.description.is_empty())
        );
    }
}
