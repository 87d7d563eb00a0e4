//! Writes the generated benchmark vault (`benches/support/synth.rs`) to a folder,
//! for `scripts/bench.sh` and for profiling by hand:
//!
//! ```sh
//! cargo run --release --example synth_vault -- DIR ACCOUNTS MEETINGS
//! ```

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: synth_vault DIR ACCOUNTS MEETINGS";
    let dir = PathBuf::from(args.next().expect(usage));
    let accounts: usize = args.next().and_then(|a| a.parse().ok()).expect(usage);
    let meetings: usize = args.next().and_then(|a| a.parse().ok()).expect(usage);
    if let Err(e) = synth::write_vault(&dir, accounts, meetings) {
        eprintln!("could not write the vault to {}: {e}", dir.display());
        std::process::exit(1);
    }
}
