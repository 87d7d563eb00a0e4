//! The generated vault that the benchmarks index is the vault they mean to index.

#[path = "../benches/support/synth.rs"]
mod synth;

use acct::config::Config;
use acct::index::Index;
use synth::{account_path, write_vault};

#[test]
fn a_synthetic_vault_indexes_as_intended() {
    let dir = tempfile::tempdir().unwrap();
    write_vault(dir.path(), 12, 6).unwrap();
    let index = Index::build(dir.path(), &Config::default());
    assert_eq!(index.accounts().count(), 12);
    assert_eq!(index.len(), 18);
    assert!(index.problems().is_empty(), "{:?}", index.problems());
    let tasks = index.account_tasks(&account_path(0));
    assert_eq!(
        tasks.len(),
        3 + 3,
        "its own three, plus those of the meeting naming it"
    );
}
