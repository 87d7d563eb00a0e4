//! `acct query`: the JSON Lines contract, and Dataview blocks as account notes
//! use them (LIST, TASK grouped by file, TABLE, a query Dataview rejects).

use std::path::Path;
use std::process::Command;

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn query(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_acct"))
        .env("ACCT_TODAY", "2026-11-25")
        .env("ACCT_CONFIG", root.join("no-such-config.toml"))
        .env_remove("ACCT_VAULT")
        .arg("--vault")
        .arg(root)
        .arg("query")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    write(
        root,
        "Customers/Acme.md",
        "---\ntype: customer\nstatus: active\n---\n# Acme\n\n## Active Projects\n\n```dataview\nLIST\nFROM \"Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\n## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\nWHERE !completed\nSORT due ASC\n```\n\n- [ ] Call Ana 📅 2026-11-20\n- [x] Done already\n\n```dataview\nTABLE status AS \"State\"\nFROM \"Customers\"\n```\n\n```dataview\nLIST FROM this.file.folder\n```\n\n```tasks\nnot done\ngroup by filename\n```\n",
    );
    write(
        root,
        "Projects/Rollout.md",
        "# Rollout\n\nFor [[Acme]].\n\n- [ ] Ship it 📅 2026-11-30\n",
    );
    write(root, "Projects/Other.md", "# Other\n\n- [ ] Unrelated\n");
    dir
}

fn lines(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_one_object_per_block_in_path_then_line_order() {
    let dir = vault();
    let (code, stdout, stderr) = query(dir.path(), &["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let blocks = lines(&stdout);
    assert_eq!(blocks.len(), 5);
    let keys: Vec<(String, u64)> = blocks
        .iter()
        .map(|b| {
            (
                b["path"].as_str().unwrap().to_string(),
                b["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for b in &blocks {
        for field in [
            "path", "line", "language", "kind", "error", "groups", "tasks", "rows", "headers",
        ] {
            assert!(b.get(field).is_some(), "{field} missing in {b}");
        }
    }
    // LIST: the project linking to the account.
    assert_eq!(blocks[0]["kind"], "list");
    assert_eq!(blocks[0]["line"], 9);
    assert_eq!(blocks[0]["rows"][0]["path"], "Projects/Rollout.md");
    // TASK: open tasks, sorted by due, drawn grouped by file.
    let task = &blocks[1];
    assert_eq!(task["kind"], "task");
    let texts: Vec<&str> = task["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    // Dataview sorts a missing value first; files appear in order of their first task.
    assert_eq!(texts, ["Unrelated", "Call Ana", "Ship it"]);
    assert_eq!(
        task["groups"],
        serde_json::json!([["Other"], ["Acme"], ["Rollout"]])
    );
    assert_eq!(task["tasks"][1]["line"], 24);
    assert_eq!(task["tasks"][1]["symbol"], " ");
    // TABLE: headers as named.
    assert_eq!(blocks[2]["headers"], serde_json::json!(["State"]));
    assert_eq!(
        blocks[2]["rows"][0]["values"],
        serde_json::json!(["active"])
    );
    // A query Dataview rejects is an error, not a result.
    assert!(
        blocks[3]["error"]
            .as_str()
            .unwrap()
            .contains("this.file.folder")
    );
    // Tasks: grouped by filename, headings as the plugin draws them.
    assert_eq!(blocks[4]["language"], "tasks");
    assert_eq!(blocks[4]["groups"][0], serde_json::json!(["[[Acme]]"]));
}

#[test]
fn one_block_by_line_and_text_output() {
    let dir = vault();
    let (code, stdout, _) = query(dir.path(), &["Customers/Acme.md", "--line", "17", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(lines(&stdout).len(), 1);
    let (code, _, stderr) = query(dir.path(), &["Acme", "--line", "3"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no tasks or dataview block at line 3"),
        "{stderr}"
    );
    let (_, text, _) = query(dir.path(), &["Acme"]);
    assert!(
        text.contains("Customers/Acme.md:17 (dataview task)"),
        "{text}"
    );
    assert!(
        text.contains("[ ] Ship it  (Projects/Rollout.md:5)"),
        "{text}"
    );
}
