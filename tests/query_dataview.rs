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
    // TABLE: the file column, then headers as named.
    assert_eq!(blocks[2]["headers"], serde_json::json!(["File", "State"]));
    assert_eq!(
        blocks[2]["rows"][0]["values"],
        serde_json::json!(["Acme", "active"])
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
    // NOTE is a note's path first: a miss says both were looked for.
    let (code, _, stderr) = query(dir.path(), &["Customers/Nobody.md"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no note or account matches \"Customers/Nobody.md\""),
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

// Conformance: one small vault per construct, and the result Dataview's
// documentation describes for it. Today is 2026-11-25 (a Wednesday).

/// A vault of three projects and an account note whose only block is `dql`;
/// the block's result as `acct query --json` gives it.
fn run_dql(dql: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    write(
        root,
        "Projects/Rollout.md",
        "---\nstatus: active\neffort: 3\ndue: 2026-11-28\ntags: [project, project/big]\naccount: \"[[Acme]]\"\n---\n# Rollout\n\nstage:: Negotiation\n\n- [ ] Ship it 📅 2026-11-30\n- [x] Plan it\n",
    );
    write(
        root,
        "Projects/Audit.md",
        "---\nstatus: paused\neffort: 5\ndue: 2026-12-20\ntags: [project]\n---\n# Audit\n\nFor [[Acme]] and [[Globex]].\n\n- [ ] Read logs [due:: 2026-11-26]\n",
    );
    write(
        root,
        "Projects/Archive/Old.md",
        "---\nstatus: done\ntags: [archived]\n---\n# Old\n\n- [ ] Forgotten\n",
    );
    write(root, "Customers/Globex.md", "# Globex\n");
    write(
        root,
        "Customers/Acme.md",
        &format!(
            "---\ntype: customer\nowner: Ana\n---\n# Acme\n\nSee [[Rollout]].\n\n```dataview\n{dql}\n```\n"
        ),
    );
    let (code, stdout, stderr) = query(root, &["Customers/Acme.md", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let block = lines(&stdout).remove(0);
    assert!(block["error"].is_null(), "{dql}: {}", block["error"]);
    block
}

/// The first value of each row.
fn names(block: &serde_json::Value) -> Vec<String> {
    block["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["values"][0].as_str().unwrap().to_string())
        .collect()
}

fn values(block: &serde_json::Value) -> Vec<Vec<String>> {
    block["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn list_with_an_expression_and_without_id() {
    let b = run_dql("LIST status FROM \"Projects\" SORT file.name");
    assert_eq!(b["kind"], "list");
    assert_eq!(
        values(&b),
        [["Audit", "paused"], ["Old", "done"], ["Rollout", "active"]]
    );
    let b = run_dql(
        "LIST WITHOUT ID file.name + \": \" + status FROM \"Projects\" SORT file.name LIMIT 1",
    );
    assert_eq!(values(&b), [["Audit: paused"]]);
}

#[test]
fn table_columns_as_and_without_id() {
    let b = run_dql(
        "TABLE status AS \"State\", effort * 2 AS Double, due FROM \"Projects\" WHERE effort SORT effort DESC",
    );
    assert_eq!(b["kind"], "table");
    assert_eq!(
        b["headers"],
        serde_json::json!(["File", "State", "Double", "due"])
    );
    assert_eq!(
        values(&b),
        [
            ["Audit", "paused", "10", "2026-12-20"],
            ["Rollout", "active", "6", "2026-11-28"]
        ]
    );
    let b = run_dql("TABLE WITHOUT ID file.name, status FROM \"Projects/Archive\"");
    assert_eq!(b["headers"], serde_json::json!(["file.name", "status"]));
    assert_eq!(values(&b), [["Old", "done"]]);
}

#[test]
fn from_sources_combine_as_documented() {
    let from = |src: &str| {
        let mut n = names(&run_dql(&format!("LIST FROM {src} SORT file.name")));
        n.sort();
        n
    };
    // A folder and everything under it; a single file by path.
    assert_eq!(from("\"Projects\""), ["Audit", "Old", "Rollout"]);
    assert_eq!(from("\"Projects/Rollout\""), ["Rollout"]);
    // A tag and its nested tags.
    assert_eq!(from("#project"), ["Audit", "Rollout"]);
    assert_eq!(from("#project/big"), ["Rollout"]);
    // Notes linking to a note; the notes a note links to.
    assert_eq!(from("[[Globex]]"), ["Audit"]);
    assert_eq!(from("outgoing([[Audit]])"), ["Acme", "Globex"]);
    // Negation, AND, OR, parentheses.
    assert_eq!(from("\"Projects\" AND -#archived"), ["Audit", "Rollout"]);
    assert_eq!(from("#archived OR [[Globex]]"), ["Audit", "Old"]);
    assert_eq!(
        from("(\"Customers\" OR #archived) AND -[[Rollout]]"),
        ["Globex", "Old"]
    );
}

#[test]
fn where_fields_this_dates_durations_and_arithmetic() {
    let list = |w: &str| {
        names(&run_dql(&format!(
            "LIST FROM \"Projects\" WHERE {w} SORT file.name"
        )))
    };
    assert_eq!(list("status = \"active\""), ["Rollout"]);
    assert_eq!(list("status != \"active\""), ["Audit", "Old"]);
    assert_eq!(list("effort >= 4"), ["Audit"]);
    assert_eq!(list("effort + 1 = 4"), ["Rollout"]);
    assert_eq!(list("(effort - 1) * 2 % 3 = 2"), ["Audit"]);
    // A frontmatter link compares equal to the note holding the block.
    assert_eq!(list("account = this.file.link"), ["Rollout"]);
    assert_eq!(list("contains(file.inlinks, this.file.link)"), ["Rollout"]);
    assert_eq!(
        list("this.owner = \"Ana\" AND file.folder = \"Projects/Archive\""),
        ["Old"]
    );
    // Dates and durations.
    // A missing value is null, and null compares below any date, as in Dataview.
    assert_eq!(list("due <= date(today) + dur(7 days)"), ["Old", "Rollout"]);
    assert_eq!(
        list("due AND due <= date(today) + dur(7 days)"),
        ["Rollout"]
    );
    assert_eq!(list("due - date(today) > dur(1 week)"), ["Audit"]);
    assert_eq!(list("due > date(2026-12-01)"), ["Audit"]);
    assert_eq!(
        list("due && due < date(today) + dur(1 month)"),
        ["Audit", "Rollout"]
    );
    assert_eq!(
        list("date(eom) = date(2026-11-30)"),
        ["Audit", "Old", "Rollout"]
    );
    // Inline fields.
    assert_eq!(list("stage = \"Negotiation\""), ["Rollout"]);
    assert_eq!(list("!stage"), ["Audit", "Old"]);
}

#[test]
fn where_functions() {
    let list = |w: &str| {
        names(&run_dql(&format!(
            "LIST FROM \"Projects\" WHERE {w} SORT file.name"
        )))
    };
    assert_eq!(list("contains(file.tags, \"big\")"), ["Rollout"]);
    assert_eq!(list("contains(status, \"Act\")"), Vec::<String>::new());
    assert_eq!(list("icontains(status, \"Act\")"), ["Rollout"]);
    assert_eq!(list("startswith(file.name, \"Ro\")"), ["Rollout"]);
    assert_eq!(list("endswith(file.name, \"dit\")"), ["Audit"]);
    assert_eq!(list("regexmatch(\"a.*e\", status)"), ["Rollout"]);
    assert_eq!(list("length(file.tasks) = 2"), ["Rollout"]);
    assert_eq!(list("lower(file.name) = \"old\""), ["Old"]);
    assert_eq!(list("upper(status) = \"PAUSED\""), ["Audit"]);
    assert_eq!(list("default(effort, 0) = 0"), ["Old"]);
    assert_eq!(
        list("choice(effort > 4, \"big\", \"small\") = \"big\""),
        ["Audit"]
    );
    assert_eq!(list("round(effort / 2) = 3"), ["Audit"]);
    assert_eq!(list("round(effort / 3, 2) = 1.67"), ["Audit"]);
    assert_eq!(list("min(effort, 4) = 3"), ["Rollout"]);
    assert_eq!(list("max(effort, 4) = 5"), ["Audit"]);
}

#[test]
fn sort_several_keys_nulls_first_ascending() {
    let b = run_dql("LIST FROM \"Projects\" SORT effort ASC, file.name DESC");
    // No effort is null: it sorts before any number.
    assert_eq!(names(&b), ["Old", "Rollout", "Audit"]);
    let b = run_dql("LIST FROM \"Projects\" SORT effort DESC");
    assert_eq!(names(&b), ["Audit", "Rollout", "Old"]);
}

#[test]
fn group_by_lists_keys_tables_rows_and_groups_tasks() {
    // LIST shows one item per group: its key, groups in key order.
    let b = run_dql("LIST FROM #project OR #archived GROUP BY status");
    assert_eq!(names(&b), ["active", "done", "paused"]);
    assert_eq!(b["rows"][0]["path"], "");
    // Rows keep the order they had within a group.
    let b =
        run_dql("LIST rows.file.name FROM \"Projects\" SORT file.name GROUP BY length(file.tags)");
    assert_eq!(values(&b), [["1", "Audit, Old"], ["2", "Rollout"]]);
    // TABLE: the group column, then columns over the group's rows.
    let b = run_dql(
        "TABLE length(rows) AS Count, rows.file.name FROM \"Projects\" SORT file.name DESC GROUP BY length(file.tags) AS n",
    );
    assert_eq!(
        b["headers"],
        serde_json::json!(["Group", "Count", "rows.file.name"])
    );
    assert_eq!(
        values(&b),
        [["1", "2", "Old, Audit"], ["2", "1", "Rollout"]]
    );
    // TASK: a heading per key.
    let b = run_dql("TASK FROM \"Projects\" WHERE !completed GROUP BY file.folder");
    assert_eq!(
        b["groups"],
        serde_json::json!([["Projects"], ["Projects/Archive"]])
    );
    let texts: Vec<(&str, u64)> = b["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["group"].as_u64().unwrap()))
        .collect();
    assert_eq!(texts, [("Read logs", 0), ("Ship it", 0), ("Forgotten", 1)]);
}

#[test]
fn flatten_makes_a_row_per_element() {
    let b = run_dql(
        "TABLE WITHOUT ID file.name, t FROM #project FLATTEN file.tags AS t SORT file.name, t",
    );
    assert_eq!(
        values(&b),
        [
            ["Audit", "#project"],
            ["Rollout", "#project"],
            ["Rollout", "#project/big"]
        ]
    );
}

#[test]
fn task_fields_and_limit() {
    let b = run_dql("TASK FROM \"Projects\" WHERE !completed AND due SORT due LIMIT 1");
    assert_eq!(b["tasks"][0]["text"], "Read logs");
    assert_eq!(b["groups"], serde_json::json!([["Audit"]]));
    let b = run_dql("TASK FROM \"Projects\" WHERE completed");
    assert_eq!(b["tasks"][0]["text"], "Plan it");
}

#[test]
fn a_query_dataview_rejects_gets_its_report() {
    let dir = vault();
    let (_, stdout, _) = query(dir.path(), &["Acme", "--json"]);
    let err = lines(&stdout)[3]["error"].as_str().unwrap().to_string();
    assert_eq!(
        err,
        "Dataview: Error: \n-- PARSING FAILED --------------------------------------------------\n\n> 1 | LIST FROM this.file.folder\n    |           ^\n\nExpected one of the following: \n\n'!', '(', '-', 'csv(', 'outgoing(', file link, string, tag ('#hello/stuff')"
    );
}

#[test]
fn a_large_shared_answer_is_written_whole_for_every_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    let many: String = (0..1500)
        .map(|i| format!("- [ ] Task number {i} with some words 📅 2026-12-01\n"))
        .collect();
    write(root, "Notes/Many.md", &format!("# Many\n\n{many}"));
    let block = "```dataview\nTASK FROM \"\" WHERE !completed\n```\n";
    write(root, "Customers/A.md", &format!("# A\n\n{block}"));
    write(root, "Customers/B.md", &format!("# B\n\n{block}\n{block}"));
    let (code, stdout, stderr) = query(root, &["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let blocks = lines(&stdout);
    let paths: Vec<&str> = blocks.iter().map(|b| b["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        ["Customers/A.md", "Customers/B.md", "Customers/B.md"]
    );
    assert!(stdout.len() > 3 * (1 << 16), "the answer is large");
    for b in &blocks {
        assert_eq!(b["tasks"].as_array().unwrap().len(), 1500);
        assert_eq!(b["tasks"], blocks[0]["tasks"]);
    }
}

#[test]
fn a_folder_source_is_that_folder_not_its_namesakes() {
    // Paths that sort next to `Projects/…` but are not in it.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    for path in [
        "Projects/A.md",
        "Projects/Deep/B.md",
        "Projects-old/C.md",
        "Projects.old/D.md",
        "ProjectsX.md",
        "Projects0/E.md",
        "Other/Projects/F.md",
    ] {
        write(root, path, "# x\n");
    }
    write(
        root,
        "Home.md",
        "```dataview\nLIST FROM \"Projects\"\n```\n\n```dataview\nLIST FROM \"/Projects/\"\n```\n\n```dataview\nLIST FROM \"Projects/Deep/B\"\n```\n",
    );
    let (code, stdout, stderr) = query(root, &["Home.md", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let blocks = lines(&stdout);
    assert_eq!(names(&blocks[0]), ["A", "B"]);
    assert_eq!(names(&blocks[1]), ["A", "B"]);
    assert_eq!(names(&blocks[2]), ["B"]);
}

#[test]
fn file_times_dates_with_times_and_now() {
    use chrono::TimeZone;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    write(
        root,
        "Projects/Old.md",
        "# Old\n\nmeeting:: 2026-11-20T09:30\n",
    );
    write(root, "Projects/New.md", "# New\n\nmeeting:: 2026-11-28\n");
    // Modified times in local time, as Obsidian and Dataview read them.
    let at = |y, mo, d, h, mi| -> std::time::SystemTime {
        chrono::Local
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
            .into()
    };
    let touch = |path: &str, t| {
        std::fs::File::options()
            .write(true)
            .open(root.join(path))
            .unwrap()
            .set_modified(t)
            .unwrap();
    };
    touch("Projects/Old.md", at(2026, 11, 20, 10, 30));
    touch("Projects/New.md", at(2026, 11, 24, 8, 0));
    write(
        root,
        "Home.md",
        "```dataview\nTABLE file.mtime, file.mday, meeting FROM \"Projects\" SORT file.mtime DESC\n```\n\n\
         ```dataview\nLIST FROM \"Projects\" WHERE file.mtime >= date(today) - dur(3 days)\n```\n\n\
         ```dataview\nLIST FROM \"Projects\" WHERE file.mday = date(2026-11-20)\n```\n\n\
         ```dataview\nLIST FROM \"Projects\" WHERE meeting > date(2026-11-20) AND meeting < date(2026-11-21)\n```\n\n\
         ```dataview\nLIST FROM \"Projects\" WHERE file.ctime AND file.cday >= date(2026-11-20)\n```\n\n\
         ```dataview\nLIST WITHOUT ID date(now) >= date(today) AND date(now) < date(tomorrow) FROM \"Projects/Old\"\n```\n",
    );
    let (code, stdout, stderr) = query(root, &["Home.md", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let blocks = lines(&stdout);
    for b in &blocks {
        assert!(b["error"].is_null(), "{}", b["error"]);
    }
    assert_eq!(
        values(&blocks[0]),
        [
            ["New", "2026-11-24 08:00", "2026-11-24", "2026-11-28"],
            ["Old", "2026-11-20 10:30", "2026-11-20", "2026-11-20 09:30"]
        ]
    );
    // ACCT_TODAY is 2026-11-25: three days back is the 22nd.
    assert_eq!(names(&blocks[1]), ["New"]);
    assert_eq!(names(&blocks[2]), ["Old"]);
    assert_eq!(names(&blocks[3]), ["Old"]);
    let mut created = names(&blocks[4]);
    created.sort();
    assert_eq!(created, ["New", "Old"], "a file always has a creation time");
    assert_eq!(values(&blocks[5]), [["true"]]);
    // The second run takes the notes from the parse cache: the times come with them.
    let (_, again, _) = query(root, &["Home.md", "--json"]);
    assert_eq!(values(&lines(&again)[0]), values(&blocks[0]));
}

#[test]
fn fields_of_frontmatter_objects() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join(".obsidian")).unwrap();
    write(
        root,
        "Projects/A.md",
        "---\nclient:\n  name: Acme\n  Contract:\n    tier: 2\n---\n# A\n",
    );
    write(
        root,
        "Projects/B.md",
        "---\nclient:\n  name: Globex\n  contract:\n    tier: 1\n---\n# B\n",
    );
    write(
        root,
        "Projects/C.md",
        "---\nclient: Initech\nstage: pilot\n---\n# C\n\n- first\n- [ ] second\n    - third\n",
    );
    write(
        root,
        "Home.md",
        "---\nclient:\n  name: Acme\n---\n```dataview\nTABLE client.name, client.contract.tier FROM \"Projects\" WHERE client.contract.tier >= 1 SORT client.contract.tier DESC\n```\n\n```dataview\nLIST FROM \"Projects\" WHERE client.name = this.client.name\n```\n\n```dataview\nTABLE file.frontmatter, file.frontmatter.client, file.lists, length(file.lists) FROM \"Projects\" WHERE file.lists\n```\n",
    );
    let (code, stdout, stderr) = query(root, &["Home.md", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let blocks = lines(&stdout);
    assert_eq!(
        values(&blocks[0]),
        [["A", "Acme", "2"], ["B", "Globex", "1"]]
    );
    assert_eq!(names(&blocks[1]), ["A"]);
    // `file.frontmatter` and `file.lists`.
    assert_eq!(
        values(&blocks[2]),
        [[
            "C",
            "client: Initech, stage: pilot",
            "Initech",
            "first, second, third",
            "3"
        ]]
    );
}
