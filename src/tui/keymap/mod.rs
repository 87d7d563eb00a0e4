//! The key map: one table with a layer per mode, from which key handling, the
//! help overlay and the hint bar of every mode are all built, so they cannot
//! drift apart.
//!
//! # Layers
//!
//! `normal` (the dashboard), `triage` (walking the needs-review queue; keys it
//! does not bind fall through to `normal`), `tasks` (the full-width tasks
//! view), `search` (typing a search; keys it does not bind are typed),
//! `picker` (the status picker), `problems` (the problems view), `changes` (the
//! changes view), `blocks` (the query blocks view) and `help`.
//!
//! # Config
//!
//! Any binding can be overridden in the config file's `[keys]` table by its
//! action name; the keys given replace the defaults (a single key or a list):
//!
//! ```toml
//! [keys]
//! down = ["j", "n"]          # a bare name: the normal layer…
//! triage_next = "N"          # …or the one layer that has the name
//! "search.keep" = "ctrl-k"   # layer.name for the other layers (quoted)
//! "picker.cancel" = ["esc", "x"]
//! ```
//!
//! The picker's and the help's `down`/`up` take the normal layer's keys as
//! well, and the help's `close` takes the `help` key, so rebinding those once
//! is enough. A key given to one action is taken from every other action that
//! is active at the same time (the same layer, or one that falls through to
//! it). Keys are spelled `j`, `G`, `?`, `down`, `pgdn`, `ctrl-c`, `alt-x`,
//! `shift-tab`, `enter`, `esc`, `space`, `backspace`, `f5`… In the search layer
//! a plain character bound to an action can no longer be typed.

mod key;
mod table;

use std::collections::BTreeMap;

use ratatui::crossterm::event::KeyEvent;

use crate::config::KeyList;

pub use key::Key;

/// What a key asks for. What it does depends on the layer it is bound in:
/// `Down` moves the list, the picker or the help.
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
    /// Into the pane the list leads to (the open tasks, or the details); on
    /// an item, its note in the editor.
    EnterPane,
    /// Back out one step: clear the search, close the query or the details.
    Back,
    Search,
    Filter,
    Triage,
    TriageNext,
    TriagePrev,
    LeaveTriage,
    Review,
    SetStatus,
    Done,
    Accept,
    Dismiss,
    Undo,
    Edit,
    OpenObsidian,
    ToggleQuery,
    /// The changes view: what is new since the review point.
    Changes,
    /// The query blocks view: each block of the account note, evaluated.
    QueryBlocks,
    NextBlock,
    PrevBlock,
    Details,
    /// Give the focused pane the whole screen, or restore the layout.
    Maximise,
    /// The problems view: what `acct check` reports for live notes.
    Problems,
    NextTab,
    PrevTab,
    Help,
    Quit,
    /// Hand the terminal back to the shell until `fg` (job control).
    Suspend,
    /// Keep the search, set the picked status.
    Confirm,
    /// Clear the search, close the picker or the help.
    Cancel,
    DeleteChar,
    DeleteWord,
    ClearLine,
    /// The tasks view (docs/tasks.md) and its actions.
    OpenTasks,
    ToggleScope,
    /// Show or hide what a folded row stands for (a group of tasks, or the
    /// near-duplicate items of a dashboard pane).
    Expand,
    Mark,
    MarkAll,
    KeepOne,
    CycleOwner,
    CycleStatusFilter,
    CycleDue,
    CycleGrouping,
}

/// A set of bindings active in one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Normal,
    Triage,
    Search,
    Picker,
    Problems,
    Blocks,
    Help,
    Changes,
    /// The full-width tasks view.
    Tasks,
}

impl Layer {
    /// Every layer, in the order the help lists them.
    pub const ALL: [Layer; 9] = [
        Layer::Normal,
        Layer::Triage,
        Layer::Tasks,
        Layer::Search,
        Layer::Picker,
        Layer::Problems,
        Layer::Changes,
        Layer::Blocks,
        Layer::Help,
    ];

    /// The layer's name in the config (`"search.keep"`).
    pub fn name(self) -> &'static str {
        match self {
            Layer::Normal => "normal",
            Layer::Triage => "triage",
            Layer::Search => "search",
            Layer::Picker => "picker",
            Layer::Problems => "problems",
            Layer::Blocks => "blocks",
            Layer::Help => "help",
            Layer::Changes => "changes",
            Layer::Tasks => "tasks",
        }
    }

    /// The layer's heading in the help.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Normal => "Dashboard",
            Layer::Triage => "In triage",
            Layer::Search => "While searching",
            Layer::Picker => "In the status picker",
            Layer::Problems => "In the problems view",
            Layer::Blocks => "In the query blocks view",
            Layer::Help => "In this help",
            Layer::Changes => "In the changes view",
            Layer::Tasks => "In the tasks view",
        }
    }

    /// The layer that takes the keys this one does not bind.
    pub fn below(self) -> Option<Layer> {
        match self {
            Layer::Triage => Some(Layer::Normal),
            _ => None,
        }
    }

    /// This layer and the ones below it, top first.
    pub fn stack(self) -> Vec<Layer> {
        std::iter::successors(Some(self), |l| l.below()).collect()
    }

    /// Whether keys of the two layers can be active at the same time.
    fn shares_keys_with(self, other: Layer) -> bool {
        self.stack().contains(&other) || other.stack().contains(&self)
    }
}

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub layer: Layer,
    pub action: Action,
    /// The name used in the config file's `[keys]` table (within its layer).
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub description: &'static str,
    /// Short label for the hint bar, for the bindings shown there.
    pub hint: Option<&'static str>,
    /// The normal-layer action whose keys this binding takes as well.
    follows: Option<Action>,
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
        let mut map = Self::unresolved();
        map.resolve_follows(&[]);
        map
    }
}

impl Keymap {
    /// The default table with the config's overrides applied.
    pub fn with_overrides(overrides: &BTreeMap<String, KeyList>) -> Result<Self, KeymapError> {
        let mut map = Self::unresolved();
        let mut overridden: Vec<usize> = Vec::new();
        for (name, keys) in overrides {
            let i = map.find(name).ok_or_else(|| {
                KeymapError(format!(
                    "unknown action `{name}` in [keys]; known: {}",
                    map.config_names().join(", ")
                ))
            })?;
            let parsed: Result<Vec<Key>, _> = keys
                .keys()
                .iter()
                .map(|k| {
                    Key::parse(k).ok_or_else(|| {
                        KeymapError(format!("`{k}` for `{name}` in [keys] is not a key I know"))
                    })
                })
                .collect();
            map.bindings[i].keys = parsed?;
            overridden.push(i);
        }
        // A key given to one action in the config is taken from every other action
        // active at the same time.
        for &i in &overridden {
            let (layer, keys) = (map.bindings[i].layer, map.bindings[i].keys.clone());
            for (j, other) in map.bindings.iter_mut().enumerate() {
                if j != i && !overridden.contains(&j) && other.layer.shares_keys_with(layer) {
                    other.keys.retain(|k| !keys.contains(k));
                }
            }
        }
        map.resolve_follows(&overridden);
        Ok(map)
    }

    /// The default table, before following bindings take the keys they follow.
    fn unresolved() -> Self {
        let bindings = table::DEFAULTS
            .iter()
            .map(
                |&(layer, action, name, keys, description, hint, follows)| Binding {
                    layer,
                    action,
                    name,
                    keys: keys
                        .split_whitespace()
                        .map(|k| Key::parse(k).expect("a default key the parser reads"))
                        .collect(),
                    description,
                    hint,
                    follows,
                },
            )
            .collect();
        Self { bindings }
    }

    /// Adds to each following binding the keys of the normal-layer action it
    /// follows, unless the config set its keys itself.
    fn resolve_follows(&mut self, overridden: &[usize]) {
        for i in 0..self.bindings.len() {
            let Some(followed) = self.bindings[i].follows else {
                continue;
            };
            if overridden.contains(&i) {
                continue;
            }
            let extra: Vec<Key> = self
                .bindings
                .iter()
                .filter(|b| b.layer == Layer::Normal && b.action == followed)
                .flat_map(|b| b.keys.clone())
                .collect();
            let layer = self.bindings[i].layer;
            // A key an override gave to another action of this layer stays there.
            let taken: Vec<Key> = overridden
                .iter()
                .filter(|&&j| j != i && self.bindings[j].layer == layer)
                .flat_map(|&j| self.bindings[j].keys.clone())
                .collect();
            let b = &mut self.bindings[i];
            for k in extra {
                if !b.keys.contains(&k) && !taken.contains(&k) {
                    b.keys.push(k);
                }
            }
        }
    }

    /// The binding a config name means: `layer.name`, or a bare name in the normal
    /// layer, else in the one layer that has it.
    fn find(&self, name: &str) -> Option<usize> {
        if let Some((layer, bare)) = name.split_once('.') {
            return self
                .bindings
                .iter()
                .position(|b| b.layer.name() == layer && b.name == bare);
        }
        let in_layer = |l: Layer| {
            self.bindings
                .iter()
                .position(|b| b.layer == l && b.name == name)
        };
        in_layer(Layer::Normal).or_else(|| {
            let hits: Vec<usize> = (0..self.bindings.len())
                .filter(|&i| self.bindings[i].name == name)
                .collect();
            (hits.len() == 1).then(|| hits[0])
        })
    }

    /// Every name the config accepts, normal-layer names bare.
    fn config_names(&self) -> Vec<String> {
        self.bindings
            .iter()
            .map(|b| match b.layer {
                Layer::Normal => b.name.to_string(),
                l => format!("{}.{}", l.name(), b.name),
            })
            .collect()
    }

    /// The bindings of one layer, in table order.
    pub fn layer(&self, layer: Layer) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.layer == layer)
    }

    /// The action a key event asks for in a layer (or a layer below it).
    pub fn action(&self, layer: Layer, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        layer.stack().into_iter().find_map(|l| {
            self.layer(l)
                .find(|b| b.keys.contains(&key))
                .map(|b| b.action)
        })
    }

    fn binding(&self, layer: Layer, action: Action) -> Option<&Binding> {
        layer
            .stack()
            .into_iter()
            .find_map(|l| self.layer(l).find(|b| b.action == action))
    }

    /// The keys of an action in a layer, as written in help (`j/↓`).
    pub fn keys_label(&self, layer: Layer, action: Action) -> String {
        self.binding(layer, action)
            .map(|b| b.keys.iter().map(Key::label).collect::<Vec<_>>().join("/"))
            .unwrap_or_default()
    }

    /// The first key of a normal-layer action, as written in text that names a key
    /// (`Esc clears the search`); `(no key)` when the config left the action none.
    pub fn first_key(&self, action: Action) -> String {
        self.first_key_in(Layer::Normal, action)
    }

    /// The first key of an action in a layer, as [`Keymap::first_key`].
    pub fn first_key_in(&self, layer: Layer, action: Action) -> String {
        self.binding(layer, action)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "(no key)".to_string(), Key::label)
    }

    /// The (keys, label) pairs of the hint bar in a layer: its own hints first,
    /// then those of the layers below it.
    pub fn hints(&self, layer: Layer) -> Vec<(String, String)> {
        self.hint_actions(layer)
            .into_iter()
            .map(|(_, k, h)| (k, h))
            .collect()
    }

    /// The hint bar's entries as [`Keymap::hints`], with the action of each.
    pub fn hint_actions(&self, layer: Layer) -> Vec<(Action, String, String)> {
        layer
            .stack()
            .into_iter()
            .flat_map(|l| self.layer(l))
            .filter_map(|b| {
                let hint = b.hint?;
                Some((b.action, b.keys.first()?.label(), hint.to_string()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
