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

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_t`, which the
/// bindings do not name for mimalloc 3 (the test below pins it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // mimalloc 3 gives pages back to the system a second after they are
    // emptied. A start that reads every note takes less than that, so all it
    // freed while reading (each note's parse buffers, the cache records the
    // writer thread wrote) stayed resident to its end, beside the index. After
    // 10 ms (mimalloc 2's delay), a first start peaks 8–15 % lower and a warm
    // one 30 % lower, in the same time (docs/performance.md, "Resources").
    // A delay given in the environment, as mimalloc reads it, stays.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set takes no pointers and may be called at any time.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 10) };
    }
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

#[cfg(test)]
mod tests {
    /// The option set is the purge delay: mimalloc 3's default for it is one
    /// second, and no other option of its defaults to 1000.
    #[test]
    fn the_option_set_at_start_is_the_purge_delay() {
        // SAFETY: mi_option_get takes no pointers.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(delay, 1000);
        }
    }
}
