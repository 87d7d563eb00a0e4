//! The binary: parses the arguments and runs a command or the dashboard.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = acct::cli::Cli::parse();
    acct::logging::init();
    if cli.command.is_some() {
        return acct::cli::run(cli);
    }
    acct::cli::run_dashboard(cli.vault.as_deref())
}
