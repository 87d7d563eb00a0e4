//! Conformance of `tasks` blocks with the Tasks plugin's documented behaviour:
//! one small vault per construct, and the tasks (and headings) the plugin
//! would draw.

use acct::config::Config;
use acct::index::Index;
use acct::model::query::{Session, TasksSettings};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() // a Wednesday
}

/// Builds a vault from (path, text) pairs plus one query note, runs its block,
/// and returns (headings per task, task text) in drawing order, or the error.
fn run_with(
    files: &[(&str, &str)],
    query: &str,
    settings: TasksSettings,
) -> Result<Vec<(Vec<String>, String)>, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".obsidian")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    std::fs::write(
        dir.path().join("Q.md"),
        format!("# Q\n\n```tasks\n{query}\n```\n"),
    )
    .unwrap();
    let index = Index::build(dir.path(), &Config::default());
    let mut session = Session::with_settings(&index, today(), settings);
    let note = index.note("Q.md").unwrap();
    let blocks = session.note_blocks(note);
    let r = &blocks[0].result;
    if let Some(e) = &r.error {
        return Err(e.clone());
    }
    Ok(r.tasks
        .iter()
        .map(|t| (r.groups[t.group].clone(), t.text.clone()))
        .collect())
}

fn run(files: &[(&str, &str)], query: &str) -> Vec<String> {
    run_with(files, query, TasksSettings::default())
        .unwrap()
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

const TASKS: &str = "# Work\n\n- [ ] alpha 📅 2026-11-20 ⏫ #sales\n- [/] beta 📅 2026-12-20\n- [x] gamma ✅ 2026-11-01\n- [-] delta\n- [ ] epsilon ⏳ 2026-11-24 🔽\n\n## Later\n\n- [ ] zeta 🛫 2026-12-01 🔁 every week #ops/infra\n    - [ ] eta\n";

fn vault() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Area/Work.md", TASKS),
        ("Home.md", "- [ ] theta #sales 📅 2026-11-25\n"),
    ]
}

#[test]
fn done_and_not_done_follow_status_types() {
    assert_eq!(
        run(&vault(), "done\nsort by description"),
        ["delta", "gamma"]
    );
    let open = run(&vault(), "not done\nsort by description");
    assert_eq!(
        open,
        [
            "alpha #sales",
            "beta",
            "epsilon",
            "eta",
            "theta #sales",
            "zeta #ops/infra"
        ]
    );
    assert_eq!(run(&vault(), "status.type is IN_PROGRESS"), ["beta"]);
    assert_eq!(run(&vault(), "status.name includes cancel"), ["delta"]);
}

#[test]
fn date_filters_with_relative_dates_and_ranges() {
    assert_eq!(
        run(&vault(), "due before today\nsort by due"),
        ["alpha #sales"]
    );
    assert_eq!(
        run(&vault(), "due on or before today\nsort by due"),
        ["alpha #sales", "theta #sales"]
    );
    assert_eq!(run(&vault(), "due in next month"), ["beta"]);
    // Days of the week and month names (today is Wednesday 2026-11-25).
    assert_eq!(run(&vault(), "due on last friday"), ["alpha #sales"]);
    assert_eq!(
        run(&vault(), "due before next monday\nsort by due"),
        ["alpha #sales", "theta #sales"]
    );
    assert_eq!(run(&vault(), "due wednesday"), ["theta #sales"]);
    assert_eq!(run(&vault(), "due on December 20th"), ["beta"]);
    assert_eq!(
        run(&vault(), "due 2026-11-01 2026-11-30\nsort by due"),
        ["alpha #sales", "theta #sales"]
    );
    assert_eq!(run(&vault(), "scheduled yesterday"), ["epsilon"]);
    assert_eq!(run(&vault(), "done in 2026-11"), ["gamma"]);
    // A task without a start date matches every `starts` filter.
    assert!(!run(&vault(), "starts after next week").contains(&"zeta #ops/infra".to_string()));
    assert!(run(&vault(), "starts before tomorrow").contains(&"alpha #sales".to_string()));
    assert_eq!(run(&vault(), "has start date"), ["zeta #ops/infra"]);
    assert_eq!(
        run(&vault(), "happens this week\nsort by description"),
        ["epsilon", "theta #sales"]
    );
}

#[test]
fn text_tag_priority_recurrence_and_sub_item_filters() {
    assert_eq!(
        run(&vault(), "path includes area/"),
        run(&vault(), "folder includes Area")
    );
    assert_eq!(run(&vault(), "filename includes home.md"), ["theta #sales"]);
    // Urgency: eta (no dates) before zeta (starts in the future).
    assert_eq!(
        run(&vault(), "heading includes later"),
        ["eta", "zeta #ops/infra"]
    );
    assert_eq!(
        run(
            &vault(),
            "root includes Area\nheading does not include later\nnot done\nsort by description"
        ),
        ["alpha #sales", "beta", "epsilon"]
    );
    assert_eq!(run(&vault(), "tags include #ops"), ["zeta #ops/infra"]);
    assert_eq!(
        run(
            &vault(),
            "description regex matches /^[ab]/\nsort by description"
        ),
        ["alpha #sales", "beta"]
    );
    assert_eq!(run(&vault(), "priority is above none"), ["alpha #sales"]);
    assert_eq!(run(&vault(), "priority is below none"), ["epsilon"]);
    assert_eq!(run(&vault(), "is recurring"), ["zeta #ops/infra"]);
    assert!(!run(&vault(), "exclude sub-items").contains(&"eta".to_string()));
}

#[test]
fn boolean_combinations() {
    assert_eq!(
        run(
            &vault(),
            "(tags include #sales) AND NOT (path includes Home)"
        ),
        ["alpha #sales"]
    );
    assert_eq!(
        run(
            &vault(),
            "(is recurring) OR (priority is low)\nsort by description"
        ),
        ["epsilon", "zeta #ops/infra"]
    );
    assert_eq!(
        run(
            &vault(),
            "(tags include #sales) XOR (due before 2026-11-22)"
        ),
        ["theta #sales"]
    );
    let err = run_with(&vault(), "(done) AND", TasksSettings::default()).unwrap_err();
    assert!(err.contains("Boolean combination"), "{err}");
}

#[test]
fn default_sort_is_status_type_then_urgency() {
    // In progress first; then by urgency: overdue alpha (due 5 days ago, high),
    // theta (due today), epsilon (scheduled yesterday, low) …
    let order = run(&vault(), "not done");
    assert_eq!(order[0], "beta");
    assert_eq!(&order[1..4], ["alpha #sales", "theta #sales", "epsilon"]);
    // Reversed, undated tasks come first (the plugin negates the comparison).
    assert_eq!(
        run(&vault(), "not done\nsort by due reverse\nlimit 2"),
        ["epsilon", "eta"]
    );
}

#[test]
fn group_headings_as_the_plugin_draws_them() {
    let got = run_with(
        &vault(),
        "not done\ngroup by status.type\nsort by description",
        TasksSettings::default(),
    )
    .unwrap();
    assert_eq!(
        got[0],
        (vec!["IN_PROGRESS".to_string()], "beta".to_string())
    );
    assert_eq!(got[1].0, ["TODO"]);
    let got = run_with(
        &vault(),
        "not done\ngroup by due\nlimit groups 1",
        TasksSettings::default(),
    )
    .unwrap();
    let headings: Vec<&str> = got.iter().map(|(g, _)| g[0].as_str()).collect();
    assert_eq!(
        headings,
        [
            "2026-11-20 Friday",
            "2026-11-25 Wednesday",
            "2026-12-20 Sunday",
            "No due date"
        ]
    );
    let got = run_with(
        &vault(),
        "not done\ngroup by heading\ngroup by priority",
        TasksSettings::default(),
    )
    .unwrap();
    assert_eq!(got[0].0, ["(No heading)", "Normal priority"]);
    assert!(
        got.iter()
            .any(|(g, _)| g == &["Work".to_string(), "High priority".to_string()])
    );
}

#[test]
fn functions_placeholders_global_filter_and_presets() {
    let files = vec![("Q.md", "placeholder"), ("Other.md", "- [ ] elsewhere\n")];
    // The query note itself is written by `run_with`; its own tasks are none.
    assert_eq!(
        run(
            &files,
            "filter by function task.file.path === query.file.path"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            &vault(),
            "filter by function (task.description.includes('alp') || task.description.startsWith('ep')) && !task.isDone\nsort by description"
        ),
        ["alpha #sales", "epsilon"]
    );
    assert_eq!(
        run(&vault(), "path includes {{query.file.folder}}Home"),
        Vec::<String>::new()
    );
    assert_eq!(
        run(&vault(), "path includes {{query.file.path}}"),
        Vec::<String>::new()
    );
    let got = run_with(
        &vault(),
        "not done\ngroup by function task.due.format('YYYY-MM')\nlimit groups 1",
        TasksSettings::default(),
    )
    .unwrap();
    assert_eq!(got[0].0, [""]);
    let settings = TasksSettings {
        global_filter: "#sales".into(),
        global_query: "not done".into(),
        presets: vec![("mine".into(), "description includes alpha".into())],
    };
    let got = run_with(&vault(), "preset mine", settings.clone()).unwrap();
    assert_eq!(got, [(vec![], "alpha #sales".to_string())]);
    let err = run_with(&vault(), "filter by function task.nope.x", settings).unwrap_err();
    assert!(
        err.contains("Cannot read properties of undefined (reading 'x')"),
        "{err}"
    );
}

#[test]
fn layout_lines_are_accepted_and_unknown_lines_named() {
    assert_eq!(
        run(
            &vault(),
            "hide due date\nshort mode\nexplain\nshow tree\ndescription includes alpha"
        ),
        ["alpha #sales"]
    );
    let err = run_with(
        &vault(),
        "not done\nwhatever this is",
        TasksSettings::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        "do not understand query. Problem line: \"whatever this is\""
    );
}

/// Inputs the fuzzer found (a multi-byte character where "NOT " would end):
/// each is an error that names its line, never a panic.
#[test]
fn a_multibyte_character_where_a_keyword_ends_is_an_error_not_a_crash() {
    let today = NaiveDate::from_ymd_opt(2026, 5, 14).unwrap();
    for source in ["not\u{fffd}done", "not done\ndue\u{61d}efore 2072-06-81"] {
        let block = acct::note::QueryBlock {
            lang: "tasks".into(),
            source: source.into(),
            line: 1,
            section: String::new(),
        };
        let err = acct::model::query::parse(&block, today).unwrap_err();
        assert!(err.contains("Problem line"), "{err}");
    }
}

#[test]
fn dependencies_blocked_and_blocking_in_filters_and_functions() {
    // `write` waits for `draft` (open); `ship` waits for `old` (done).
    let files = [(
        "Deps.md",
        "- [ ] draft 🆔 d1\n- [ ] write ⛔ d1\n- [x] old 🆔 o1\n- [ ] ship ⛔ o1\n- [ ] free\n",
    )];
    assert_eq!(run(&files, "is blocked"), ["write"]);
    assert_eq!(run(&files, "is blocking"), ["draft"]);
    assert_eq!(
        run(&files, "filter by function task.isBlocked"),
        run(&files, "is blocked")
    );
    assert_eq!(
        run(&files, "filter by function task.isBlocking"),
        run(&files, "is blocking")
    );
    // `true` sort keys before `false` (the plugin's custom sorting), then the
    // default order.
    assert_eq!(
        run(&files, "not done\nsort by function task.isBlocked"),
        ["write", "draft", "ship", "free"]
    );
    assert_eq!(
        run(&files, "not done\nsort by function reverse task.isBlocked"),
        ["draft", "ship", "free", "write"]
    );
    let grouped = run_with(
        &files,
        "not done\ngroup by function task.isBlocking ? 'Blocking' : 'Not blocking'",
        TasksSettings::default(),
    )
    .unwrap();
    assert_eq!(
        grouped,
        [
            (vec!["Blocking".to_string()], "draft".to_string()),
            (vec!["Not blocking".to_string()], "write".to_string()),
            (vec!["Not blocking".to_string()], "ship".to_string()),
            (vec!["Not blocking".to_string()], "free".to_string()),
        ]
    );
}

#[test]
fn custom_sort_keys_order_as_the_plugin_documents() {
    // Dates earliest first, then tasks whose key is null (no date), then other
    // values; `true` before `false`; numbers ascending.
    let files = [(
        "Keys.md",
        "- [ ] late 📅 2026-12-10\n- [ ] undated\n- [ ] early 📅 2026-11-01\n- [ ] middle 📅 2026-11-20\n",
    )];
    assert_eq!(
        run(&files, "sort by function task.due"),
        ["early", "middle", "late", "undated"]
    );
    assert_eq!(
        run(&files, "sort by function task.due.moment"),
        ["early", "middle", "late", "undated"]
    );
    assert_eq!(
        run(&files, "sort by function task.description.length"),
        ["late", "early", "middle", "undated"]
    );
    // Ties keep the default order after the key: the more urgent first.
    assert_eq!(
        run(&files, "sort by function task.description.includes('d')"),
        ["middle", "undated", "early", "late"]
    );
    // A null key sorts before text keys.
    assert_eq!(
        run(
            &files,
            "sort by function task.due.moment ? null : task.description"
        ),
        ["early", "middle", "late", "undated"]
    );
}
