//! How well the near-duplicate groups match a hand-labelled account: 150
//! proposed tasks of `tests/fixtures/inbox/` in 57 clusters marked by hand in
//! `clusters.txt`. Pairwise precision and recall against the labels, beside the
//! naive word-overlap baseline; the figures are in BENCHMARKS.md
//! (`cargo test --test inbox_quality -- --nocapture` prints them).

use std::collections::HashMap;
use std::path::Path;

use acct::config::Config;
use acct::index::Index;
use acct::model::inbox::{self, InboxTask, Scope, similarity};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbox")
}

/// Task text (without owner) → its hand-marked cluster.
fn labels() -> HashMap<String, String> {
    let text = std::fs::read_to_string(fixture().join("clusters.txt")).unwrap();
    let mut out = HashMap::new();
    let mut cluster = String::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            cluster = name.to_string();
        } else if !line.is_empty() && !line.starts_with('#') {
            let (task, _owner) = line.rsplit_once(" @").unwrap();
            assert!(
                out.insert(task.to_string(), cluster.clone()).is_none(),
                "{task} is labelled twice"
            );
        }
    }
    out
}

fn kestrel_tasks() -> Vec<InboxTask> {
    let index = Index::build(&fixture(), &Config::default());
    let tasks = inbox::collect(
        &index,
        &Scope::Account("Customers/Kestrel Freight/README.md".into()),
    );
    tasks.into_iter().filter(|t| t.proposed).collect()
}

fn plain(t: &InboxTask) -> String {
    t.text.split(" @").next().unwrap().trim().to_string()
}

struct Scores {
    precision: f64,
    recall: f64,
    f1: f64,
}

/// Pairwise scores of a predicted clustering against the labels.
fn score(truth: &[String], predicted: &[usize]) -> Scores {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for i in 0..truth.len() {
        for j in i + 1..truth.len() {
            match (truth[i] == truth[j], predicted[i] == predicted[j]) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                _ => {}
            }
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    Scores {
        precision,
        recall,
        f1,
    }
}

/// The baseline: any two tasks whose words overlap (Jaccard) by at least a half
/// are joined, transitively.
fn baseline(texts: &[String]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..texts.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            i = p[i];
        }
        i
    }
    for i in 0..texts.len() {
        for j in i + 1..texts.len() {
            if similarity::word_overlap(&texts[i], &texts[j]) >= 0.5 {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..texts.len()).map(|i| root(&mut parent, i)).collect()
}

#[test]
fn groups_are_precise_and_find_most_paraphrases() {
    let labels = labels();
    let tasks = kestrel_tasks();
    assert_eq!(tasks.len(), 150, "every labelled task is in the fixture");
    let truth: Vec<String> = tasks
        .iter()
        .map(|t| {
            labels
                .get(&plain(t))
                .unwrap_or_else(|| panic!("{} has no label", plain(t)))
                .clone()
        })
        .collect();
    let ids: HashMap<&str, usize> = tasks.iter().enumerate().map(|(i, t)| (&*t.id, i)).collect();
    let ours: Vec<usize> = tasks.iter().map(|t| ids[&*t.cluster]).collect();
    let texts: Vec<String> = tasks.iter().map(|t| t.text.to_string()).collect();
    let base = baseline(&texts);
    let (o, b) = (score(&truth, &ours), score(&truth, &base));
    println!(
        "near-duplicate groups: precision {:.3} recall {:.3} F1 {:.3}",
        o.precision, o.recall, o.f1
    );
    println!(
        "word-overlap baseline: precision {:.3} recall {:.3} F1 {:.3}",
        b.precision, b.recall, b.f1
    );
    for (i, t) in tasks.iter().enumerate() {
        for (j, u) in tasks.iter().enumerate().skip(i + 1) {
            if ours[i] == ours[j] && truth[i] != truth[j] {
                println!("wrong merge: {} | {}", plain(t), plain(u));
            }
        }
    }
    let mut missed: Vec<(String, String)> = Vec::new();
    for (i, t) in tasks.iter().enumerate() {
        for (j, u) in tasks.iter().enumerate().skip(i + 1) {
            if ours[i] != ours[j] && truth[i] == truth[j] {
                missed.push((plain(t), plain(u)));
            }
        }
    }
    for (a, b) in &missed {
        println!("missed: {a} | {b}");
    }
    assert!(o.precision >= 0.9, "precision {:.3}", o.precision);
    assert!(o.f1 >= 0.8, "F1 {:.3}", o.f1);
    assert!(o.f1 > b.f1, "better than the baseline");
}
