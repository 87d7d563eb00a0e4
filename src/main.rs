use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = acct::cli::Cli::parse();
    if cli.command.is_none() {
        eprintln!("acct: the interactive dashboard is not built yet; try `acct list`");
        return ExitCode::from(2);
    }
    acct::cli::run(cli)
}
