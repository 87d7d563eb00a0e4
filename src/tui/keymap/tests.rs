use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::*;

fn ev(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn plain(c: char) -> KeyEvent {
    ev(KeyCode::Char(c), KeyModifiers::NONE)
}

fn overrides(pairs: &[(&str, &[&str])]) -> BTreeMap<String, KeyList> {
    pairs
        .iter()
        .map(|(n, ks)| {
            (
                n.to_string(),
                KeyList::Many(ks.iter().map(|k| k.to_string()).collect()),
            )
        })
        .collect()
}

#[test]
fn default_keys_and_vim_keys_both_work() {
    let map = Keymap::default();
    let normal = |e| map.action(Layer::Normal, &e);
    assert_eq!(normal(plain('j')), Some(Action::Down));
    assert_eq!(
        normal(ev(KeyCode::Down, KeyModifiers::NONE)),
        Some(Action::Down)
    );
    assert_eq!(
        normal(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::Bottom)
    );
    assert_eq!(
        normal(ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(
        normal(ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::FocusPrev)
    );
    assert_eq!(map.keys_label(Layer::Normal, Action::Down), "j/↓");
}

#[test]
fn each_layer_has_its_own_keys_and_triage_falls_through_to_normal() {
    let map = Keymap::default();
    let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(map.action(Layer::Normal, &esc), Some(Action::Back));
    assert_eq!(map.action(Layer::Triage, &esc), Some(Action::LeaveTriage));
    assert_eq!(map.action(Layer::Search, &esc), Some(Action::Cancel));
    assert_eq!(map.action(Layer::Help, &esc), Some(Action::Cancel));
    assert_eq!(map.action(Layer::Normal, &plain('n')), None);
    assert_eq!(
        map.action(Layer::Triage, &plain('n')),
        Some(Action::TriageNext)
    );
    assert_eq!(map.action(Layer::Triage, &plain('r')), Some(Action::Review));
    assert_eq!(map.action(Layer::Search, &plain('j')), None, "j is typed");
    assert_eq!(map.action(Layer::Picker, &plain('j')), Some(Action::Down));
    assert_eq!(map.action(Layer::Help, &plain('?')), Some(Action::Cancel));
}

#[test]
fn overrides_replace_keys_and_free_them_where_they_meet() {
    let map = Keymap::with_overrides(&overrides(&[("down", &["n", "ctrl-n"])])).unwrap();
    assert_eq!(map.action(Layer::Normal, &plain('n')), Some(Action::Down));
    assert_eq!(map.action(Layer::Normal, &plain('j')), None);
    // Triage sits over the normal layer, so its `n` gives way…
    assert_eq!(map.keys_label(Layer::Triage, Action::TriageNext), "");
    assert_eq!(map.action(Layer::Triage, &plain('n')), Some(Action::Down));
    // …the picker and the help follow the new keys…
    assert_eq!(map.action(Layer::Picker, &plain('n')), Some(Action::Down));
    assert_eq!(map.action(Layer::Help, &plain('j')), None);
    // …and the search layer, never active with the normal one, keeps its ctrl-n.
    assert_eq!(
        map.action(
            Layer::Search,
            &ev(KeyCode::Char('n'), KeyModifiers::CONTROL)
        ),
        Some(Action::Down)
    );
    let err = Keymap::with_overrides(&overrides(&[("fly", &["z"])])).unwrap_err();
    assert!(
        err.0.contains("`fly`") && err.0.contains("search.keep"),
        "{}",
        err.0
    );
    let err = Keymap::with_overrides(&overrides(&[("search.fly", &["z"])])).unwrap_err();
    assert!(err.0.contains("search.fly"), "{}", err.0);
    let err = Keymap::with_overrides(&overrides(&[("down", &["hyper-j"])])).unwrap_err();
    assert!(err.0.contains("hyper-j"), "{}", err.0);
}

#[test]
fn layer_names_and_bare_names_reach_the_right_layer() {
    let map = Keymap::with_overrides(&overrides(&[
        ("search.keep", &["ctrl-k"]),
        ("picker.cancel", &["x"]),
        ("triage_next", &["N"]),
        ("help.close", &["h"]),
    ]))
    .unwrap();
    let ctrl_k = ev(KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(map.action(Layer::Search, &ctrl_k), Some(Action::Confirm));
    assert_eq!(
        map.action(Layer::Search, &ev(KeyCode::Enter, KeyModifiers::NONE)),
        None
    );
    assert_eq!(map.action(Layer::Picker, &plain('x')), Some(Action::Cancel));
    assert_eq!(map.action(Layer::Picker, &plain('q')), None);
    assert_eq!(
        map.action(Layer::Triage, &ev(KeyCode::Char('N'), KeyModifiers::SHIFT)),
        Some(Action::TriageNext)
    );
    assert_eq!(map.action(Layer::Help, &plain('h')), Some(Action::Cancel));
    assert_eq!(
        map.action(Layer::Help, &plain('?')),
        None,
        "an overridden close does not take the help key too"
    );
    // The normal layer is untouched by the other layers' overrides.
    assert_eq!(
        map.action(Layer::Normal, &ev(KeyCode::Enter, KeyModifiers::NONE)),
        Some(Action::EnterPane)
    );
}

#[test]
fn hints_come_from_the_table_of_each_layer() {
    let map = Keymap::default();
    let labels = |l| {
        map.hints(l)
            .into_iter()
            .map(|(k, h)| format!("{k} {h}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(Layer::Search), vec!["Enter keep", "Esc clear"]);
    assert_eq!(labels(Layer::Picker), vec!["Enter set", "Esc cancel"]);
    let triage = labels(Layer::Triage);
    assert_eq!(triage[..3], ["n next", "p prev", "Esc leave triage"]);
    assert_eq!(triage[3..], labels(Layer::Normal)[..]);
    let map = Keymap::with_overrides(&overrides(&[("search.clear", &["ctrl-g"])])).unwrap();
    assert_eq!(
        map.hints(Layer::Search)[1],
        ("Ctrl-g".into(), "clear".into())
    );
}

#[test]
fn every_binding_has_keys_a_description_and_a_unique_name_in_its_layer() {
    let map = Keymap::default();
    for b in &map.bindings {
        assert!(
            !b.keys.is_empty(),
            "{}.{} has no key",
            b.layer.name(),
            b.name
        );
        assert!(!b.description.is_empty());
        assert_eq!(
            map.layer(b.layer).filter(|o| o.name == b.name).count(),
            1,
            "{}.{} twice",
            b.layer.name(),
            b.name
        );
        // No key is bound twice where it could be pressed.
        for other in map.layer(b.layer).filter(|o| o.name != b.name) {
            assert!(
                b.keys.iter().all(|k| !other.keys.contains(k)),
                "{} and {} share a key in {}",
                b.name,
                other.name,
                b.layer.name()
            );
        }
    }
}

#[test]
fn the_documented_config_form_parses_and_applies() {
    let config = crate::config::Config::parse(
        "[keys]\ndown = [\"j\", \"n\"]\ntriage_next = \"N\"\n\"search.keep\" = \"ctrl-k\"\n\"picker.cancel\" = [\"esc\", \"x\"]\n",
    )
    .unwrap();
    let map = Keymap::with_overrides(&config.keys).unwrap();
    assert_eq!(
        map.action(
            Layer::Search,
            &ev(KeyCode::Char('k'), KeyModifiers::CONTROL)
        ),
        Some(Action::Confirm)
    );
    assert_eq!(map.action(Layer::Picker, &plain('x')), Some(Action::Cancel));
    assert_eq!(map.action(Layer::Picker, &plain('n')), Some(Action::Down));
    assert_eq!(
        map.action(Layer::Triage, &ev(KeyCode::Char('N'), KeyModifiers::SHIFT)),
        Some(Action::TriageNext)
    );
    // An unquoted `search.keep` is a TOML table, which the config refuses.
    assert!(crate::config::Config::parse("[keys]\nsearch.keep = \"ctrl-k\"\n").is_err());
}
