//! `acct check --verify-cache`: the parse cache against a fresh parse of every
//! note it holds, and the kept account list against the rows computed from
//! every note (docs/cli.md, docs/performance.md).

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::Failure;
use crate::config::Config;
use crate::vault::Vault;

/// `acct check --verify-cache`: compares the parse cache with a fresh parse of
/// every note it holds; exit 1 when any differs (the cache is then deleted).
/// The report goes out whole at the end, as every command's output does (a
/// closed pipe ends it quietly).
pub(super) fn verify_cache(
    vault: &Vault,
    config: &Config,
    today: NaiveDate,
) -> Result<u8, Failure> {
    let mut report = String::new();
    let parse = verify_parse_cache(vault, config, &mut report)?;
    let kept = verify_kept_list(vault, config, today, &mut report);
    super::write_out(&mut std::io::stdout().lock(), &report)?;
    Ok(parse.max(kept))
}

/// The kept account list against one computed from every note; 1 when it differs.
fn verify_kept_list(vault: &Vault, config: &Config, today: NaiveDate, out: &mut String) -> u8 {
    use crate::model::listing::{self, How, KeptCheck};
    let mode = crate::vault::CacheMode::from_config(config);
    if mode == crate::vault::CacheMode::Off {
        return 0;
    }
    let taken = |how: &How| match how {
        How::Updated { notes_read, .. } => {
            format!("brought up to date from {notes_read} changed and related notes")
        }
        _ => "kept whole".to_string(),
    };
    match listing::verify(&vault.root, config, today, &mode) {
        KeptCheck::Nothing => {
            let _ = writeln!(
                out,
                "No kept account list applies to this start; the next `acct list` keeps one."
            );
            0
        }
        KeptCheck::Agrees { how, rows } => {
            let _ = writeln!(
                out,
                "The kept account list ({}) agrees with the {rows} rows computed from every note.",
                taken(&how)
            );
            0
        }
        KeptCheck::Differs { how, paths } => {
            for path in &paths {
                let path = crate::text::sanitize(path);
                let _ = writeln!(
                    out,
                    "{path}: the kept account list ({}) shows this account's row otherwise.",
                    taken(&how)
                );
            }
            let _ = writeln!(
                out,
                "{} rows differ; the kept account list was deleted and the next start computes it.",
                paths.len()
            );
            1
        }
    }
}

/// The parse cache against a fresh parse; 1 when any note differs.
fn verify_parse_cache(vault: &Vault, config: &Config, out: &mut String) -> Result<u8, Failure> {
    if crate::vault::CacheMode::from_config(config) == crate::vault::CacheMode::Off {
        let _ = writeln!(
            out,
            "The parse cache is turned off (--no-cache or cache = false in the config file)."
        );
        return Ok(0);
    }
    let settings = crate::vault::read_settings(&vault.root);
    let Some(cache) = crate::vault::cache::ParseCache::for_vault(&vault.root, &settings.statuses)
    else {
        let _ = writeln!(
            out,
            "This system has no cache folder, so acct keeps no parse cache."
        );
        return Ok(0);
    };
    let found = crate::vault::cache::verify(&vault.root, &cache, &settings.statuses);
    let file = found.file.display();
    if let Some(reason) = &found.unusable {
        let _ = writeln!(
            out,
            "The parse cache {file} is not used: it {reason}. The next start rebuilds it."
        );
        return Ok(0);
    }
    if found.differing.is_empty() {
        let _ = writeln!(
            out,
            "The parse cache {file} agrees with a fresh parse of all {} notes it holds.",
            found.compared
        );
        return Ok(0);
    }
    for path in &found.differing {
        let path = crate::text::sanitize(path);
        let _ = writeln!(
            out,
            "{path}: the parse cache holds a parse that differs from a fresh parse of the file."
        );
    }
    let _ = writeln!(
        out,
        "{} of {} cached notes differ; the parse cache {file} was deleted and the next start rebuilds it.",
        found.differing.len(),
        found.compared
    );
    Ok(1)
}
