//! The command line: argument parsing and the non-interactive commands.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand};

use crate::config::Config;
use crate::dashboard::{self, AccountSummary, Dashboard};
use crate::index::Index;
use crate::problem::Problem;
use crate::search::{self, Lookup, Searcher};
use crate::vault::{Vault, VaultSource};

pub mod watch;

/// A keyboard-driven dashboard over an Obsidian vault of customer account notes.
#[derive(Debug, Parser)]
#[command(name = "acct", version, about, long_about = None)]
pub struct Cli {
    /// The vault folder (else $ACCT_VAULT, the config file, the current folder if it
    /// holds .obsidian/, or the bundled demo vault)
    #[arg(long, global = true, value_name = "DIR")]
    pub vault: Option<PathBuf>,
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
        /// Title, alias or vault path (exact, else the single best fuzzy match)
        account: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Report problems in the vault; exit 1 if any
    Check {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark an account reviewed: remove its needs-review tag
    Review {
        /// Title, alias or vault path
        account: String,
    },
    /// Set an account's status (frontmatter, status/* tag and table, where each exists)
    SetStatus {
        /// Title, alias or vault path
        account: String,
        /// The new status, e.g. active, paused, churned
        status: String,
    },
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
            clap_complete::generate(shell, &mut Cli::command(), "acct", &mut std::io::stdout());
            Ok(0)
        }
        command => run_on_vault(cli.vault, command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("acct: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run_on_vault(flag: Option<PathBuf>, command: Command) -> Result<u8, Failure> {
    let today = today()?;
    let (config, vault) = open_vault(flag.as_deref())?;
    if vault.source == VaultSource::Demo {
        eprintln!(
            "acct: no vault configured; using the demo vault (pass --vault DIR or set ACCT_VAULT)"
        );
    }
    if let Command::Watch { json } = command {
        return watch::run(&vault, &config, json);
    }
    let index = Index::build(&vault.root, &config);
    let mut out = std::io::stdout().lock();
    let text = match command {
        Command::List {
            needs_review,
            status,
            search,
            archived,
            json,
        } => {
            let rows = list_rows(
                &index,
                today,
                needs_review,
                status.as_deref(),
                search.as_deref(),
                archived,
            );
            if json {
                to_json(&rows)
            } else {
                render_list(&rows)
            }
        }
        Command::Show { account, json } => {
            let path = find_account(&index, today, &account)?;
            let dash = dashboard::build(&index, &path, today)
                .ok_or_else(|| Failure::usage(format!("{path} is no longer in the vault")))?;
            if json {
                to_json(&dash)
            } else {
                render_show(&dash)
            }
        }
        Command::Check { json } => {
            let problems = dashboard::vault_problems(&index, today);
            let text = if json {
                to_json(&problems)
            } else {
                render_check(&problems)
            };
            write_out(&mut out, &text)?;
            return Ok(if problems.is_empty() { 0 } else { 1 });
        }
        Command::Review { account } => {
            return write_change(
                &index,
                today,
                &account,
                &crate::writeback::TriageEdit::Review,
                &mut out,
            );
        }
        Command::SetStatus { account, status } => {
            let change = crate::writeback::TriageEdit::SetStatus(status.trim().to_lowercase());
            return write_change(&index, today, &account, &change, &mut out);
        }
        Command::Completions { .. } => unreachable!("handled before the vault is opened"),
        Command::Watch { .. } => unreachable!("handled before the index is built"),
    };
    write_out(&mut out, &text)?;
    Ok(0)
}

/// Writes one triage change and prints what changed.
fn write_change(
    index: &Index,
    today: NaiveDate,
    account: &str,
    change: &crate::writeback::TriageEdit,
    out: &mut impl Write,
) -> Result<u8, Failure> {
    use crate::edit::EditError;
    use crate::writeback::WriteBackError;
    let path = find_account(index, today, account)?;
    match crate::writeback::apply(index, &path, change) {
        Ok(written) => {
            write_out(
                out,
                &format!(
                    "{}
{}",
                    written.path, written.diff
                ),
            )?;
            Ok(0)
        }
        Err(WriteBackError::Edit {
            source: EditError::TagNotFound { .. },
            ..
        }) => {
            eprintln!("acct: {path} is not tagged needs-review; nothing to do");
            Ok(0)
        }
        Err(e) => Err(Failure {
            code: e.exit_code(),
            message: e.to_string(),
        }),
    }
}

fn write_out(out: &mut impl Write, text: &str) -> Result<(), Failure> {
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

fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("dashboard values serialize");
    s.push('\n');
    s
}

/// Rows for `list`, filtered as asked.
pub fn list_rows(
    index: &Index,
    today: NaiveDate,
    needs_review: bool,
    status: Option<&str>,
    search: Option<&str>,
    archived: bool,
) -> Vec<AccountSummary> {
    let rows = dashboard::summaries(index, today, archived);
    let rows: Vec<AccountSummary> = rows
        .into_iter()
        .filter(|r| !needs_review || r.needs_review)
        .filter(|r| {
            status.is_none_or(|s| {
                r.status
                    .as_deref()
                    .is_some_and(|rs| rs.eq_ignore_ascii_case(s))
            })
        })
        .collect();
    match search {
        Some(q) => Searcher::default()
            .search(&rows, q)
            .into_iter()
            .map(|h| rows[h.row].clone())
            .collect(),
        None => rows,
    }
}

/// Resolves an ACCOUNT argument to a path, or fails with exit 2 listing candidates.
pub fn find_account(index: &Index, today: NaiveDate, name: &str) -> Result<String, Failure> {
    let rows = dashboard::summaries(index, today, true);
    match search::lookup(&rows, name) {
        Lookup::Found(i) => Ok(rows[i].path.clone()),
        Lookup::NotFound => Err(Failure::usage(format!(
            "no account matches \"{name}\" (try `acct list`)"
        ))),
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

fn date_or_dash(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.format("%Y-%m-%d").to_string())
}

fn pad(s: &str, width: usize) -> String {
    let len = unicode_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(len)))
}

fn unicode_width(s: &str) -> usize {
    ratatui::text::Line::raw(s).width()
}

/// The aligned table `list` prints.
pub fn render_list(rows: &[AccountSummary]) -> String {
    if rows.is_empty() {
        return "no accounts match\n".to_string();
    }
    let headers = [
        "ACCOUNT",
        "STATUS",
        "REVIEW",
        "LAST CONTACT",
        "DAYS",
        "TASKS",
        "BLOCKERS",
        "WARNINGS",
    ];
    let cells: Vec<[String; 8]> = rows
        .iter()
        .map(|r| {
            let title = if r.archived {
                format!("{} (archived)", r.title)
            } else {
                r.title.clone()
            };
            [
                title,
                r.status.clone().unwrap_or_else(|| "-".into()),
                if r.needs_review {
                    "review".into()
                } else {
                    String::new()
                },
                date_or_dash(r.last_contact),
                r.days_since_contact
                    .map_or_else(|| "-".into(), |d| d.to_string()),
                r.open_tasks.to_string(),
                r.blockers.to_string(),
                r.warnings.to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| unicode_width(&row[c]))
                .chain([headers[c].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in std::iter::once(headers.map(str::to_string)).chain(cells) {
        let line: Vec<String> = row.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{} accounts, {} need review\n",
        rows.len(),
        rows.iter().filter(|r| r.needs_review).count()
    ));
    out
}

fn section(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for item in items {
        out.push_str(&format!("  - {item}\n"));
    }
}

/// The readable summary `show` prints.
pub fn render_show(d: &Dashboard) -> String {
    let mut out = format!("{}  ({})\n", d.title, d.path);
    let mut facts = vec![format!("status: {}", d.status.as_deref().unwrap_or("-"))];
    if d.needs_review {
        facts.push("needs review".into());
    }
    if d.archived {
        facts.push("archived".into());
    }
    facts.push(format!(
        "last contact: {}{}",
        date_or_dash(d.last_contact),
        d.days_since_contact.map_or_else(String::new, |n| match n {
            0 => " (today)".to_string(),
            n if n < 0 => format!(" ({} days in the future)", -n),
            n => format!(" ({n} days ago)"),
        })
    ));
    if d.created.is_some() {
        facts.push(format!("created: {}", date_or_dash(d.created)));
    }
    out.push_str(&facts.join(" · "));
    out.push('\n');
    if !d.aliases.is_empty() {
        out.push_str(&format!("aliases: {}\n", d.aliases.join(", ")));
    }
    if !d.tags.is_empty() {
        out.push_str(&format!(
            "tags: {}\n",
            d.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    if !d.table.0.is_empty() {
        out.push_str("\nAccount status\n");
        let width = d
            .table
            .0
            .iter()
            .map(|(k, _)| unicode_width(k))
            .max()
            .unwrap_or(0);
        for (k, v) in &d.table.0 {
            out.push_str(&format!(
                "  {}  {}\n",
                pad(k, width),
                v.as_deref().unwrap_or("unknown")
            ));
        }
    }
    section(&mut out, "Warnings", &d.warnings);
    section(&mut out, "Blockers", &d.blockers);
    section(&mut out, "Decisions", &d.decisions);
    if !d.open_tasks.is_empty() {
        out.push_str(&format!("\nOpen tasks ({})\n", d.open_tasks.len()));
        for t in &d.open_tasks {
            let due = t.due.map_or_else(String::new, |d| {
                format!("  due {d}{}", if t.overdue { " (overdue)" } else { "" })
            });
            let count = if t.count > 1 {
                format!("  ×{}", t.count)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  [{}] {}{}{}  — {}:{}\n",
                t.symbol, t.text, due, count, t.path, t.line
            ));
        }
    }
    if !d.recent_context.is_empty() {
        out.push_str("\nRecent context\n");
        for c in &d.recent_context {
            let mut line = format!("  {}", date_or_dash(c.date));
            if let Some(link) = &c.link {
                line.push_str(&format!("  {link}"));
            }
            if let Some(summary) = &c.summary {
                line.push_str(&format!(" — {summary}"));
            }
            if let Some(via) = &c.via {
                line.push_str(&format!(" (via {via})"));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    let projects: Vec<String> = d
        .active_projects
        .iter()
        .map(|p| format!("{} ({})", p.title, p.path))
        .collect();
    section(&mut out, "Active projects", &projects);
    section(&mut out, "Next steps", &d.next_steps);
    section(&mut out, "Key contacts", &d.contacts);
    section(&mut out, "Opportunities", &d.opportunities);
    section(&mut out, "Key facts", &d.facts);
    section(&mut out, "Topics", &d.topics);
    section(&mut out, "Related people", &d.people);
    out
}

/// The lines `check` prints.
pub fn render_check(problems: &[Problem]) -> String {
    if problems.is_empty() {
        return "no problems found\n".to_string();
    }
    let mut out: String = problems.iter().map(|p| format!("{p}\n")).collect();
    let errors = problems
        .iter()
        .filter(|p| p.severity == crate::problem::Severity::Error)
        .count();
    out.push_str(&format!(
        "{} problems ({} errors, {} warnings)\n",
        problems.len(),
        errors,
        problems.len() - errors
    ));
    out
}

/// Runs the interactive dashboard.
pub fn run_dashboard(flag: Option<&std::path::Path>) -> ExitCode {
    let opened =
        today().and_then(|today| open_vault(flag).map(|(config, vault)| (today, config, vault)));
    let (today, config, vault) = match opened {
        Ok(v) => v,
        Err(f) => {
            eprintln!("acct: {}", f.message);
            return ExitCode::from(f.code);
        }
    };
    match crate::tui::run(vault, config, today) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("acct: {e:#}");
            ExitCode::from(1)
        }
    }
}
