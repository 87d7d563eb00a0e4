//! The layout of the code keeps its promises (docs/architecture.md): no import
//! cycle between modules, the app state never imports the view, the library
//! below the terminal shell imports no terminal crate, nothing outside the
//! watcher imports `notify`, and no source file grows past ~600 lines of code
//! without saying why in its module doc.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Lines of code a file may have (tests, blank lines and comments aside) before
/// its module doc must say why it is one file.
const MAX_CODE_LINES: usize = 600;

/// The phrase a module doc uses to say why a long file is one concept.
const LONG_FILE_REASON: &str = "One file because";

struct Module {
    /// `crate::a::b` as a path of segments: `["a", "b"]`.
    name: Vec<String>,
    file: PathBuf,
    text: String,
}

fn modules() -> Vec<Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&src, &src, &mut out);
    out
}

fn walk(src: &Path, dir: &Path, out: &mut Vec<Module>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(
                name.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                name.pop();
            }
            out.push(Module {
                name,
                text: fs::read_to_string(&path).unwrap(),
                file: path,
            });
        }
    }
}

/// The code of a file without its `#[cfg(test)]` module (always last here).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

/// The `crate::…` paths a module's code refers to, resolved from `super::` and
/// `self::` too, cut to the deepest module that exists.
fn imports(m: &Module, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let code = without_tests(&m.text);
    let mut out = BTreeSet::new();
    let is_dir_module = m.file.file_stem().is_some_and(|s| s == "mod");
    for (i, _) in code.match_indices("::") {
        // The path ending at this `::`: walk back over identifiers and `::`.
        let start = code[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |p| p + 1);
        let path = &code[start..i];
        if path.contains("::") {
            continue; // the same path was already taken at its first `::`
        }
        let rest: Vec<&str> = code[start..]
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap()
            .split("::")
            .filter(|s| !s.is_empty())
            .collect();
        let mut base: Vec<String> = match rest.first().copied() {
            Some("crate") => Vec::new(),
            Some("super") => {
                let mut b = m.name.clone();
                if !is_dir_module {
                    b.pop();
                }
                b.pop();
                b
            }
            Some("self") => {
                let mut b = m.name.clone();
                if !is_dir_module {
                    b.pop();
                }
                b
            }
            _ => continue,
        };
        for seg in &rest[1..] {
            if *seg == "super" {
                base.pop();
                continue;
            }
            let mut next = base.clone();
            next.push(seg.to_string());
            if known.contains(&next) {
                base = next;
            } else {
                break;
            }
        }
        out.insert(base);
    }
    out.remove(&m.name);
    out
}

fn is_under(name: &[String], prefix: &[&str]) -> bool {
    name.len() >= prefix.len() && name.iter().zip(prefix).all(|(a, b)| a == b)
}

fn uses_crate(m: &Module, krate: &str) -> bool {
    let code = without_tests(&m.text);
    code.contains(&format!("use {krate}::"))
        || code.contains(&format!(" {krate}::"))
        || code.contains(&format!("({krate}::"))
}

#[test]
fn no_import_cycle_between_modules() {
    let mods = modules();
    let known: BTreeSet<Vec<String>> = mods.iter().map(|m| m.name.clone()).collect();
    // Edges between modules, except a module reaching into its own children or
    // its ancestors (a parent module and its files are one room).
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for m in &mods {
        for target in imports(m, &known) {
            let related = is_under(
                &target,
                &m.name.iter().map(String::as_str).collect::<Vec<_>>(),
            ) || is_under(
                &m.name,
                &target.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            if !related {
                edges.entry(m.name.clone()).or_default().insert(target);
            }
        }
    }
    // Cycles are looked for between the rooms at the top level and one level down
    // (`index`, `model::query`, `tui::app`, `tui::view` …): a room's files may share
    // its private items freely.
    let room = |n: &Vec<String>| -> Vec<String> { n.iter().take(2).cloned().collect() };
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, tos) in &edges {
        for to in tos {
            let (a, b) = (room(from), room(to));
            let nested = is_under(&a, &b.iter().map(String::as_str).collect::<Vec<_>>())
                || is_under(&b, &a.iter().map(String::as_str).collect::<Vec<_>>());
            if !nested {
                graph.entry(a).or_default().insert(b);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        n: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        state.insert(n.clone(), 1);
        stack.push(n.clone());
        for next in graph.get(n).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == next).unwrap();
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if !state.contains_key(n) {
            let cycle = visit(n, &graph, &mut state, &mut Vec::new());
            assert!(
                cycle.is_none(),
                "import cycle: {}",
                cycle
                    .unwrap()
                    .iter()
                    .map(|c| c.join("::"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            );
        }
    }
}

#[test]
fn the_app_state_never_imports_the_view() {
    let mods = modules();
    let known: BTreeSet<Vec<String>> = mods.iter().map(|m| m.name.clone()).collect();
    for m in mods.iter().filter(|m| is_under(&m.name, &["tui", "app"])) {
        for target in imports(m, &known) {
            assert!(
                !is_under(&target, &["tui", "view"]),
                "{} imports {}",
                m.file.display(),
                target.join("::")
            );
        }
    }
}

#[test]
fn only_the_terminal_shell_imports_terminal_crates() {
    for m in modules() {
        if is_under(&m.name, &["tui"]) {
            continue;
        }
        for krate in ["ratatui", "crossterm"] {
            assert!(
                !uses_crate(&m, krate),
                "{} imports {krate}: only src/tui may",
                m.file.display()
            );
        }
    }
}

#[test]
fn only_the_watcher_imports_notify() {
    for m in modules() {
        if is_under(&m.name, &["watch"]) {
            continue;
        }
        assert!(
            !uses_crate(&m, "notify"),
            "{} imports notify: only src/watch may",
            m.file.display()
        );
    }
}

#[test]
fn no_file_is_long_without_a_reason() {
    for m in modules() {
        let code = without_tests(&m.text);
        let lines = code
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .count();
        if lines > MAX_CODE_LINES {
            let doc: String = m
                .text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                doc.contains(LONG_FILE_REASON),
                "{} has {lines} lines of code (over {MAX_CODE_LINES}) and its module doc \
                 does not say why it is one file (\"{LONG_FILE_REASON} …\")",
                m.file.display()
            );
        }
    }
}

#[test]
fn the_checker_sees_imports() {
    // Guards the test itself: a known import of the index by the dashboard is found.
    let mods = modules();
    let known: BTreeSet<Vec<String>> = mods.iter().map(|m| m.name.clone()).collect();
    let dashboard = mods
        .iter()
        .find(|m| m.name == ["model", "dashboard"])
        .expect("src/model/dashboard/mod.rs");
    assert!(imports(dashboard, &known).contains(&vec!["index".to_string()]));
}
