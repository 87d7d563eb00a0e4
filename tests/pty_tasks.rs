//! End to end in a pseudo-terminal: an account with 150 proposed tasks in 20
//! meeting notes, many of them paraphrases of each other, triaged to zero
//! proposed tasks in a handful of keys; the files hold exactly the intended
//! changes, and one `u` after a bulk action restores every byte.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use acct::config::Config;
use acct::index::Index;
use acct::model::inbox::{self, Grouping, Scope};
use common::{Pty, copy_tree};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox")
}

fn files(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn triage_150_proposed_tasks_to_zero_in_few_keys_and_undo_a_bulk_action() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let original = files(dir.path());

    // What the view will show with the proposed filter: its rows, in order.
    let index = Index::build(dir.path(), &Config::default());
    let tasks = inbox::collect(
        &index,
        &Scope::Account("Customers/Kestrel Freight/README.md".into()),
    );
    let proposed: Vec<usize> = (0..tasks.len()).filter(|&i| tasks[i].proposed).collect();
    assert_eq!(proposed.len(), 150);
    let rows = inbox::groups(&tasks, &proposed, Grouping::Duplicates);
    let open = tasks.len();

    // The intended end state: keep one of each of the first five rows, accept
    // every task of the next two, dismiss the rest.
    let mut symbol: BTreeMap<(String, usize), char> = BTreeMap::new();
    for (k, g) in rows.iter().enumerate() {
        for (m, &i) in g.members.iter().enumerate() {
            let s = match (k, m) {
                (0..5, 0) | (5..7, _) => ' ',
                _ => 'R',
            };
            symbol.insert((tasks[i].path.to_string(), tasks[i].line), s);
        }
    }
    let expected: BTreeMap<PathBuf, String> = original
        .iter()
        .map(|(path, text)| {
            let rel = path.to_string_lossy().into_owned();
            let lines: Vec<String> = text
                .split_inclusive('\n')
                .enumerate()
                .map(|(n, line)| match symbol.get(&(rel.clone(), n + 1)) {
                    Some(s) => line.replacen("- [?] ", &format!("- [{s}] "), 1),
                    None => line.to_string(),
                })
                .collect();
            (path.clone(), lines.concat())
        })
        .collect();

    let mut pty = Pty::spawn(dir.path(), &[], 120, 40);
    let mut keys = 0;
    let mut press = |pty: &mut Pty, k: &str| {
        keys += 1;
        pty.send(k);
    };
    pty.wait_for("Accounts (2)");
    press(&mut pty, "j");
    pty.wait_for("Status · Kestrel Freight");
    press(&mut pty, "T");
    pty.wait_for(&format!(
        "Tasks · Kestrel Freight · {open} open, 150 proposed"
    ));
    press(&mut pty, "s");
    pty.wait_for("150 shown: proposed");

    let (mut open_now, mut proposed_now) = (open, 150);
    for g in &rows[..5] {
        press(&mut pty, "K");
        open_now -= g.members.len() - 1;
        proposed_now -= g.members.len();
        pty.wait_for(&format!("{open_now} open, {proposed_now} proposed"));
    }
    press(&mut pty, "m");
    press(&mut pty, "m");
    pty.wait_for(&format!(
        "{} marked",
        rows[5].members.len() + rows[6].members.len()
    ));
    press(&mut pty, "a");
    proposed_now -= rows[5].members.len() + rows[6].members.len();
    pty.wait_for(&format!("{open_now} open, {proposed_now} proposed"));
    let before_bulk = files(dir.path());

    press(&mut pty, "*");
    pty.wait_for(&format!("{proposed_now} marked"));
    press(&mut pty, "d");
    pty.wait_for(&format!("{} open, 0 proposed", open_now - proposed_now));
    assert_eq!(files(dir.path()), expected, "exactly the intended changes");

    press(&mut pty, "u");
    pty.wait_for("undone: dismiss");
    pty.wait_for(&format!("{open_now} open, {proposed_now} proposed"));
    assert_eq!(
        files(dir.path()),
        before_bulk,
        "one u restores every byte the bulk action changed"
    );

    press(&mut pty, "*");
    press(&mut pty, "d");
    pty.wait_for(&format!("{} open, 0 proposed", open_now - proposed_now));
    assert_eq!(files(dir.path()), expected);
    press(&mut pty, "q");
    assert!(pty.wait_exit());
    assert!(keys <= 40, "{keys} keys");
}
