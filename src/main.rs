//! The binary: parses the arguments and runs a command or the dashboard.

use std::process::ExitCode;

use clap::Parser;

// A vault's index is millions of small allocations made on several threads at
// once; mimalloc makes them, and the cache's decoding, markedly cheaper than
// the system allocator (figures in BENCHMARKS.md). Built without asking the
// kernel for transparent huge pages (`no_thp`): each arena touched then counted
// whole 2 MiB pages, 15–35 MB of resident memory for nothing
// (docs/performance.md, "Resources").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // What the threads that read a vault freed goes back to the system once the
    // dashboard has read it, not when they next allocate (src/memory.rs).
    acct::memory::on_release(|| {
        // SAFETY: mi_collect takes no pointers; it frees the calling thread's
        // empty pages and returns unused memory to the system.
        unsafe { libmimalloc_sys::mi_collect(true) }
    });
    let cli = acct::cli::Cli::parse();
    acct::logging::init();
    if cli.command.is_some() {
        return acct::cli::run(cli);
    }
    acct::cli::run_dashboard(cli.vault.as_deref(), cli.no_cache)
}
