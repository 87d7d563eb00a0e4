//! The command line: argument parsing and the non-interactive commands.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Config;
use crate::index::Index;
use crate::model::check::{self, Scope};
use crate::model::dashboard::{self, AccountSummary};
use crate::model::search::{self, Lookup, Searcher};
use crate::problem::Severity;
use crate::vault::{Vault, VaultSource};

pub mod changes;
pub mod query;
mod render;
pub mod tasks;
mod verify;
pub mod watch;

pub use render::{render_check, render_list, render_show};

/// A keyboard-driven dashboard over an Obsidian vault of customer account notes.
#[derive(Debug, Parser)]
#[command(name = "acct", version, about, long_about = None)]
pub struct Cli {
    /// The vault folder (else $ACCT_VAULT, the config file, the current folder if it
    /// holds .obsidian/, or the bundled demo vault)
    #[arg(long, global = true, value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Read and parse every note afresh, neither using nor updating the parse cache or
    /// the kept account list
    #[arg(long, global = true)]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List accounts: needs-review first, then oldest contact
    List {
        /// Only accounts tagged needs-review
        #[arg(long)]
        needs_review: bool,
        /// Only accounts with this status (case-insensitive)
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Fuzzy search titles, aliases and tags (#tag, status:x and review narrow)
        #[arg(long, value_name = "Q")]
        search: Option<String>,
        /// Include archived accounts
        #[arg(long)]
        archived: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one account's dashboard
    Show {
        /// Title, alias or vault path (live accounts first: exact, else the single best fuzzy match)
        account: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// Resolve ACCOUNT among archived accounts first (and allow writing to one)
        #[arg(long)]
        archived: bool,
    },
    /// Report problems in live notes, grouped by kind; exit 1 if any
    Check {
        /// Include problems in archived notes
        #[arg(long)]
        archived: bool,
        /// Only problems of this severity
        #[arg(long, value_name = "S")]
        severity: Option<SeverityArg>,
        /// Print JSON (an array of problems)
        #[arg(long)]
        json: bool,
        /// Compare every note the parse cache holds with a fresh parse of its file
        /// (and delete the cache if any differs)
        #[arg(long)]
        verify_cache: bool,
    },
    /// What changed in an account (or every account) since its review point
    Changes {
        /// Title, alias or vault path; every account with changes when left out
        account: Option<String>,
        /// reviewed (the default), a date YYYY-MM-DD, or a git revision
        #[arg(long, value_name = "SINCE")]
        since: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
        /// Include archived accounts
        #[arg(long)]
        archived: bool,
    },
    /// Mark an account reviewed: record a review point and remove its needs-review tag
    Review {
        /// Title, alias or vault path
        account: String,
        /// Resolve ACCOUNT among archived accounts first (and allow writing to one)
        #[arg(long)]
        archived: bool,
    },
    /// Set an account's status (frontmatter, status/* tag and table, where each exists)
    SetStatus {
        /// Title, alias or vault path
        account: String,
        /// The new status, e.g. active, paused, churned
        status: String,
        /// Resolve ACCOUNT among archived accounts first (and allow writing to one)
        #[arg(long)]
        archived: bool,
    },
    /// Evaluate query blocks (tasks and dataview) as the plugins do
    Query {
        /// A note's vault path, or an account's title or alias (else every block in the vault)
        note: Option<String>,
        /// Only the block whose opening fence is on this line (1-based)
        #[arg(long, value_name = "N")]
        line: Option<usize>,
        /// Print JSON Lines, one object per block
        #[arg(long)]
        json: bool,
    },
    /// List open tasks with their near-duplicate clusters, or act on them by id
    Tasks(tasks::TasksArgs),
    /// Stream index changes (one line per note) until interrupted
    Watch {
        /// Print one JSON object per line
        #[arg(long)]
        json: bool,
    },
    /// Print shell completions
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

/// `check --severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Self {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
        }
    }
}

/// A failure that ends the command with a message and an exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }
}

/// "Today": `ACCT_TODAY=YYYY-MM-DD` when set, else the local date.
pub fn today() -> Result<NaiveDate, Failure> {
    match std::env::var("ACCT_TODAY") {
        Ok(s) if !s.trim().is_empty() => crate::text::parse_date(&s)
            .filter(|_| s.trim().len() == 10)
            .ok_or_else(|| Failure::usage(format!("ACCT_TODAY={s} is not a date like 2026-11-24"))),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Loads the config file and resolves the vault.
pub fn open_vault(flag: Option<&std::path::Path>) -> Result<(Config, Vault), Failure> {
    let config_path = Config::default_path();
    let config = Config::load(config_path.as_deref()).map_err(|e| Failure::usage(e.to_string()))?;
    let vault = Vault::resolve(flag, &config).map_err(|e| Failure::usage(e.to_string()))?;
    Ok((config, vault))
}

/// Runs a non-interactive command.
pub fn run(cli: Cli) -> ExitCode {
    let Some(command) = cli.command else {
        return ExitCode::from(2);
    };
    let result = match command {
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "acct", &mut script);
            write_verbatim(
                &mut std::io::stdout().lock(),
                &String::from_utf8_lossy(&script),
            )
            .map(|()| 0)
        }
        command => run_on_vault(cli.vault, cli.no_cache, command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            say(&f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run_on_vault(flag: Option<PathBuf>, no_cache: bool, command: Command) -> Result<u8, Failure> {
    let today = today()?;
    let (mut config, vault) = open_vault(flag.as_deref())?;
    if no_cache {
        config.cache = Some(false);
    }
    if vault.source == VaultSource::Demo {
        eprintln!(
            "acct: no vault configured; using the demo vault (pass --vault DIR or set ACCT_VAULT)"
        );
    }
    if let Command::Watch { json } = command {
        return watch::run(&vault, &config, json);
    }
    if let Command::Check {
        verify_cache: true, ..
    } = command
    {
        return verify::verify_cache(&vault, &config, today);
    }
    if let Command::List {
        needs_review,
        status,
        search,
        archived,
        json,
    } = command
    {
        return list(
            &vault,
            &config,
            today,
            ListFilter {
                needs_review,
                status,
                search,
                archived,
            },
            json,
        );
    }
    let (index, cache_update) = Index::build_cached(
        &vault.root,
        &config,
        &crate::vault::Progress::default(),
        &crate::vault::CacheMode::from_config(&config),
    );
    // The cache is written while the command works; the process waits for it
    // before it ends.
    let writer = cache_update.map(|update| std::thread::spawn(move || update.write()));
    let result = run_on_index(&index, &config, today, command);
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    // The process ends right after this: freeing a whole vault's index, note by
    // note, took longer than printing it (docs/performance.md). The output was
    // written and flushed above; the operating system reclaims the memory.
    std::mem::forget(index);
    result
}

/// `acct list`: every account's row, kept from the previous start when nothing
/// it depends on changed (docs/performance.md, "Kept results"), filtered.
fn list(
    vault: &crate::vault::Vault,
    config: &Config,
    today: NaiveDate,
    filter: ListFilter,
    json: bool,
) -> Result<u8, Failure> {
    let listing = crate::model::listing::every_account(
        &vault.root,
        config,
        today,
        &crate::vault::CacheMode::from_config(config),
    );
    let started = std::time::Instant::now();
    // The caches are written while the list prints; the process waits for them
    // before it ends.
    let writes = listing.writes;
    let writer = (!writes.is_empty()).then(|| std::thread::spawn(move || writes.write()));
    let rows = filter_rows(listing.rows, &filter);
    let listed = started.elapsed();
    let mut out = std::io::stdout().lock();
    let written = if json {
        write_json(&mut out, &rows)
    } else {
        write_out(&mut out, &render_list(&rows))
    };
    // Where start-up time goes (docs/performance.md), at `ACCT_LOG=debug`.
    tracing::debug!(
        rows_ms = listed.as_secs_f64() * 1e3,
        output_ms = (started.elapsed() - listed).as_secs_f64() * 1e3,
        peak_mib = crate::logging::memory_mib().map(|m| m.0),
        "list"
    );
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    // As in `run_on_vault`: the process ends next, and the system frees it faster.
    std::mem::forget(listing.index);
    written.map(|()| 0)
}

fn run_on_index(
    index: &Index,
    config: &Config,
    today: NaiveDate,
    command: Command,
) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    let text = match command {
        Command::List { .. } => unreachable!("list runs without an index"),
        Command::Show {
            account,
            json,
            archived,
        } => {
            let path = find_account(index, today, &account, archived)?.path;
            let dash = dashboard::build(index, &path, today)
                .ok_or_else(|| Failure::usage(format!("{path} is no longer in the vault")))?;
            if json {
                to_json(&dash)
            } else {
                render_show(&dash)
            }
        }
        Command::Check {
            archived,
            severity,
            json,
            ..
        } => {
            let severity = severity.map(Severity::from);
            let report = check::report(index, today, Scope { archived, severity });
            if json {
                if let Some(line) = report.left_out_line(severity) {
                    say(&line);
                }
                write_json(&mut out, &report.shown)?;
            } else {
                write_out(&mut out, &render_check(&report, severity))?;
            }
            return Ok(if report.shown.is_empty() { 0 } else { 1 });
        }
        Command::Query { note, line, json } => {
            return query::run(index, today, note.as_deref(), line, json, &mut out);
        }
        Command::Changes {
            account,
            since,
            json,
            archived,
        } => {
            let all = changes::run(
                index,
                config,
                today,
                account.as_deref(),
                since.as_deref(),
                archived,
            )?;
            match (json, account.is_some()) {
                (true, true) => to_json(&all[0]),
                (true, false) => to_json(&all),
                (false, _) => changes::render(&all),
            }
        }
        Command::Review { account, archived } => {
            let key = config.review_key.as_deref();
            // Without a review_key the tag removal is tried as before: its
            // absence is reported, and the review point recorded all the same.
            let tagged = find_account(index, today, &account, archived)
                .ok()
                .and_then(|f| index.note(&f.path))
                .is_some_and(crate::note::Note::needs_review);
            let changes =
                crate::edit::writeback::review_changes(tagged || key.is_none(), key, today);
            return write_change(index, today, (&account, archived), &changes, &mut out);
        }
        Command::SetStatus {
            account,
            status,
            archived,
        } => {
            let change =
                crate::edit::writeback::TriageEdit::SetStatus(status.trim().to_lowercase());
            return write_change(
                index,
                today,
                (&account, archived),
                std::slice::from_ref(&change),
                &mut out,
            );
        }
        Command::Tasks(args) => return tasks::run(index, config, today, args, &mut out),
        Command::Completions { .. } => unreachable!("handled before the vault is opened"),
        Command::Watch { .. } => unreachable!("handled before the index is built"),
    };
    write_out(&mut out, &text)?;
    Ok(0)
}

/// Writes one triage change and prints what changed. An archived account is
/// written only when `--archived` was given (`account.1`).
fn write_change(
    index: &Index,
    today: NaiveDate,
    account: (&str, bool),
    changes: &[crate::edit::writeback::TriageEdit],
    out: &mut impl Write,
) -> Result<u8, Failure> {
    use crate::edit::EditError;
    use crate::edit::writeback::WriteBackError;
    let (name, allow_archived) = account;
    let found = find_account(index, today, name, allow_archived)?;
    let path = found.path;
    if found.archived && !allow_archived {
        return Err(Failure {
            code: 3,
            message: format!(
                "\"{name}\" matches only the archived account {path}; nothing written \
                 (pass --archived to change an archived note)"
            ),
        });
    }
    let review = changes.iter().any(|c| {
        matches!(
            c,
            crate::edit::writeback::TriageEdit::Review
                | crate::edit::writeback::TriageEdit::MarkReviewed { .. }
        )
    });
    let result = crate::edit::writeback::apply_all(index, &path, changes);
    if review
        && matches!(
            &result,
            Ok(_)
                | Err(WriteBackError::Edit {
                    source: EditError::TagNotFound { .. },
                    ..
                })
        )
    {
        // The review point sees the account as reviewed; the tag is no item.
        changes::record_review(index, today, &path)?;
    }
    match result {
        Ok(written) => {
            let archived = if found.archived { " (archived)" } else { "" };
            write_out(
                out,
                &format!(
                    "--- {path}{archived}\n+++ {path}{archived}\n{diff}",
                    path = written.path,
                    diff = written.diff
                ),
            )?;
            Ok(0)
        }
        Err(WriteBackError::Edit {
            source: EditError::TagNotFound { .. },
            ..
        }) => {
            say(format!(
                "recorded a review point of {path} (it was not tagged needs-review)"
            ));
            Ok(0)
        }
        Err(e) => Err(Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }),
    }
}

/// Tells the person something on stderr, as `acct: …`, in words nothing from a
/// note can turn into terminal commands ([`crate::text::printable`]).
pub(super) fn say(message: impl std::fmt::Display) {
    eprintln!("acct: {}", crate::text::printable(&message.to_string()));
}

/// Writes a command's text output: nothing a note holds can drive the
/// terminal ([`crate::text::printable`]).
fn write_out(out: &mut impl Write, text: &str) -> Result<(), Failure> {
    write_verbatim(out, &crate::text::printable(text))
}

/// Writes output that holds nothing from a note (the completion scripts), as it is.
fn write_verbatim(out: &mut impl Write, text: &str) -> Result<(), Failure> {
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`acct list | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }),
    }
}

/// Writes `value` as pretty JSON straight to `out`, never whole in memory.
pub(super) fn write_json<T: serde::Serialize>(
    out: &mut impl Write,
    value: &T,
) -> Result<(), Failure> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    let written = serde_json::to_writer_pretty(&mut buffered, value)
        .map_err(std::io::Error::from)
        .and_then(|()| buffered.write_all(b"\n"))
        .and_then(|()| buffered.flush());
    drop(buffered);
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure {
            code: 1,
            message: format!("cannot write output: {e}"),
        }),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("dashboard values serialize");
    s.push('\n');
    s
}

/// What `acct list` was asked to show.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub needs_review: bool,
    pub status: Option<String>,
    pub search: Option<String>,
    /// Archived accounts too.
    pub archived: bool,
}

/// The rows `list` shows of every account's (archived included), in their order.
pub fn filter_rows(rows: Vec<AccountSummary>, filter: &ListFilter) -> Vec<AccountSummary> {
    let rows: Vec<AccountSummary> = rows
        .into_iter()
        .filter(|r| filter.archived || !r.archived)
        .filter(|r| !filter.needs_review || r.needs_review)
        .filter(|r| {
            filter.status.as_deref().is_none_or(|s| {
                r.status
                    .as_deref()
                    .is_some_and(|rs| rs.eq_ignore_ascii_case(s))
            })
        })
        .collect();
    match filter.search.as_deref() {
        Some(q) => Searcher::default()
            .search(&rows, q)
            .into_iter()
            .map(|h| rows[h.row].clone())
            .collect(),
        None => rows,
    }
}

/// An ACCOUNT argument, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAccount {
    pub path: String,
    pub archived: bool,
}

/// Resolves an ACCOUNT argument: live accounts first (exact, then fuzzy), an
/// archived one only when none matches or `archived` asks for it first; fails
/// with exit 2 listing candidates.
pub fn find_account(
    index: &Index,
    today: NaiveDate,
    name: &str,
    archived: bool,
) -> Result<FoundAccount, Failure> {
    find_account_or(index, today, name, archived, || {
        format!("no account matches \"{name}\" (try `acct list`)")
    })
}

/// [`find_account`], saying `not_found` when nothing matches.
pub fn find_account_or(
    index: &Index,
    today: NaiveDate,
    name: &str,
    archived: bool,
    not_found: impl FnOnce() -> String,
) -> Result<FoundAccount, Failure> {
    let rows = dashboard::summaries(index, today, true);
    match search::lookup_live_first(&rows, name, archived) {
        Lookup::Found(i) => Ok(FoundAccount {
            path: rows[i].path.clone(),
            archived: rows[i].archived,
        }),
        Lookup::NotFound => Err(Failure::usage(not_found())),
        Lookup::Ambiguous(candidates) => {
            let names: Vec<String> = candidates
                .iter()
                .map(|&i| format!("  {} ({})", rows[i].title, rows[i].path))
                .collect();
            Err(Failure::usage(format!(
                "\"{name}\" matches more than one account:\n{}",
                names.join("\n")
            )))
        }
    }
}

/// Runs the interactive dashboard.
pub fn run_dashboard(flag: Option<&std::path::Path>, no_cache: bool) -> ExitCode {
    use std::io::IsTerminal;
    // Drawn into a file or a pipe, the dashboard would run unseen and never end.
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "acct: the dashboard needs a terminal, and standard output is not one; \
             for output to a file or a pipe use a command such as `acct list` or `acct show ACCOUNT`"
        );
        return ExitCode::from(2);
    }
    let opened =
        today().and_then(|today| open_vault(flag).map(|(config, vault)| (today, config, vault)));
    let (today, mut config, vault) = match opened {
        Ok(v) => v,
        Err(f) => {
            say(&f.message);
            return ExitCode::from(f.code);
        }
    };
    if no_cache {
        config.cache = Some(false);
    }
    match crate::tui::run(vault, config, today) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}
