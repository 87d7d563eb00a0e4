//! The list of every account at a start (`acct list`): taken whole from the
//! previous start's when no note, vault setting, config value or day differs
//! from what it was computed from; else computed from the index and kept for
//! the next start (docs/performance.md, "Kept results").

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dashboard::{self, AccountSummary};
use crate::config::Config;
use crate::index::Index;
use crate::vault::kept::Kept;
use crate::vault::{self, CacheMode, VaultSettings};

/// Bumped whenever [`AccountSummary`] or the way rows are computed changes in a
/// way the acct version would not show (a kept list is also tied to the version).
const ROWS_VERSION: u32 = 1;

/// Every account's row at a start.
pub struct Listing {
    /// Every account, archived ones included, in triage order.
    pub rows: Vec<AccountSummary>,
    /// The index the rows were computed from; `None` when they were kept ones.
    pub index: Option<Index>,
    /// The caches to write before the process ends (off the thread that prints).
    pub writes: Writes,
}

/// The parse cache and the kept rows, when they need writing.
#[derive(Default)]
pub struct Writes {
    /// The parse cache being written, on a thread of its own.
    parse: Option<std::thread::JoinHandle<()>>,
    rows: Option<(Kept, u128, Vec<u8>)>,
    /// Where rows computed from these inputs may be kept.
    keep: Option<(Kept, u128)>,
}

impl Writes {
    /// Keeps `rows` (every account's, archived included, in triage order, as
    /// [`dashboard::summaries`] gives them for the day of the start) for the
    /// next start, when the inputs could be vouched for.
    pub fn keep_rows(&mut self, rows: &[AccountSummary]) {
        if let Some((kept, inputs)) = self.keep.take()
            && let Some(bytes) = encode(rows)
        {
            self.rows = Some((kept, inputs, bytes));
        }
    }

    /// Whether there is anything to write.
    pub fn is_empty(&self) -> bool {
        self.parse.is_none() && self.rows.is_none()
    }

    /// Writes them; a failure is logged, never shown: the next start computes
    /// what it cannot take from them.
    pub fn write(self) {
        if let Some(writer) = self.parse {
            let _ = writer.join();
        }
        if let Some((kept, inputs, bytes)) = self.rows
            && let Err(e) = kept.write(inputs, &bytes)
        {
            tracing::warn!(file = %kept.file().display(), "could not keep the account list: {e}");
        }
    }
}

/// Every account's row: the kept rows when they were computed from exactly
/// this vault, settings, config and day; else from an index built now (through
/// the parse cache `mode` names), and then kept.
pub fn every_account(root: &Path, config: &Config, today: NaiveDate, mode: &CacheMode) -> Listing {
    let start = Start::new(root, config, today, mode);
    if let Some(rows) = start.kept_rows() {
        return Listing {
            rows,
            index: None,
            writes: Writes::default(),
        };
    }
    let (index, mut writes) = start.build_index(config, &vault::Progress::default());
    let started = std::time::Instant::now();
    let rows = dashboard::summaries(&index, today, true);
    // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
    tracing::debug!(
        rows_ms = started.elapsed().as_secs_f64() * 1e3,
        peak_mib = crate::logging::memory_mib().map(|m| m.0),
        "every account's row computed"
    );
    writes.keep_rows(&rows);
    Listing {
        rows,
        index: Some(index),
        writes,
    }
}

/// A start, before the index is built: the vault's settings read and, when
/// results may be kept, the vault surveyed.
pub struct Start {
    root: std::path::PathBuf,
    mode: CacheMode,
    settings: VaultSettings,
    survey: Option<vault::Survey>,
    kept: Option<Kept>,
    /// The fingerprint of every input of the rows; `None` when the survey
    /// cannot vouch for them (nothing is then taken or kept).
    inputs: Option<u128>,
}

impl Start {
    pub fn new(root: &Path, config: &Config, today: NaiveDate, mode: &CacheMode) -> Self {
        let started = std::time::Instant::now();
        let settings = vault::read_settings(root);
        let kept = Kept::for_vault(mode, root, "rows");
        let survey = kept.is_some().then(|| vault::survey(root));
        if let Some(survey) = &survey {
            // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
            tracing::debug!(
                notes = survey.paths.len(),
                survey_ms = started.elapsed().as_secs_f64() * 1e3,
                "vault surveyed"
            );
        }
        let inputs = survey
            .as_ref()
            .and_then(vault::Survey::fingerprint)
            .map(|notes| fingerprint(notes, config, &settings, today));
        Self {
            root: root.to_path_buf(),
            mode: mode.clone(),
            settings,
            survey,
            kept,
            inputs,
        }
    }

    /// The rows kept by an earlier start from exactly these inputs, if any.
    pub fn kept_rows(&self) -> Option<Vec<AccountSummary>> {
        let started = std::time::Instant::now();
        let rows = decode(&self.kept.as_ref()?.load(self.inputs?)?)?;
        // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
        tracing::debug!(
            rows = rows.len(),
            load_ms = started.elapsed().as_secs_f64() * 1e3,
            "account list kept from the previous start"
        );
        Some(rows)
    }

    /// Builds the index (through the parse cache, with the survey's keys),
    /// counting the notes read in `progress`. The caches to write come with it:
    /// the parse cache, already being written, and room for the rows
    /// ([`Writes::keep_rows`]).
    pub fn build_index(self, config: &Config, progress: &vault::Progress) -> (Index, Writes) {
        let (read, parse) = vault::read_vault_surveyed(
            &self.root,
            progress,
            &self.mode,
            self.settings,
            self.survey,
        );
        // The parse cache is written while the index is derived: its records
        // (as large as the vault's notes) are freed before the index grows
        // (docs/performance.md, "The parse cache").
        let parse = parse.map(|update| std::thread::spawn(move || update.write()));
        let index = Index::from_read(&self.root, config, read);
        let writes = Writes {
            parse,
            rows: None,
            keep: self.kept.zip(self.inputs),
        };
        (index, writes)
    }
}

/// Everything the rows are computed from, as one number: every note's path
/// and file key (`notes`), the vault's settings, the config, the day, and the
/// version of the rows' layout.
fn fingerprint(notes: u128, config: &Config, settings: &VaultSettings, today: NaiveDate) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    part(&ROWS_VERSION.to_le_bytes());
    part(&notes.to_le_bytes());
    // Debug text of values without hash maps: the same values give the same text.
    part(format!("{config:?}").as_bytes());
    part(&settings.statuses.fingerprint().to_le_bytes());
    part(format!("{:?}", settings.ignore_filters).as_bytes());
    part(settings.tasks_json.as_deref().unwrap_or("").as_bytes());
    part(format!("{:?}", settings.problems).as_bytes());
    part(today.to_string().as_bytes());
    hasher.digest128()
}

/// A row as kept: every field, the aliases too (search reads them; the JSON
/// output leaves them out).
#[derive(Serialize, Deserialize)]
struct KeptRow {
    title: String,
    path: String,
    status: Option<String>,
    needs_review: bool,
    archived: bool,
    last_contact: Option<NaiveDate>,
    days_since_contact: Option<i64>,
    contact_overdue_days: Option<i64>,
    tags: Vec<String>,
    blockers: usize,
    open_tasks: usize,
    warnings: usize,
    aliases: Vec<String>,
}

fn encode(rows: &[AccountSummary]) -> Option<Vec<u8>> {
    let kept: Vec<KeptRow> = rows
        .iter()
        .map(|r| KeptRow {
            title: r.title.clone(),
            path: r.path.clone(),
            status: r.status.clone(),
            needs_review: r.needs_review,
            archived: r.archived,
            last_contact: r.last_contact,
            days_since_contact: r.days_since_contact,
            contact_overdue_days: r.contact_overdue_days,
            tags: r.tags.clone(),
            blockers: r.blockers,
            open_tasks: r.open_tasks,
            warnings: r.warnings,
            aliases: r.aliases.clone(),
        })
        .collect();
    postcard::to_stdvec(&kept).ok()
}

fn decode(bytes: &[u8]) -> Option<Vec<AccountSummary>> {
    let kept: Vec<KeptRow> = postcard::from_bytes(bytes).ok()?;
    Some(
        kept.into_iter()
            .map(|r| AccountSummary {
                title: r.title,
                path: r.path,
                status: r.status,
                needs_review: r.needs_review,
                archived: r.archived,
                last_contact: r.last_contact,
                days_since_contact: r.days_since_contact,
                contact_overdue_days: r.contact_overdue_days,
                tags: r.tags,
                blockers: r.blockers,
                open_tasks: r.open_tasks,
                warnings: r.warnings,
                aliases: r.aliases,
            })
            .collect(),
    )
}
