//! Giving back to the system what a load freed (docs/performance.md, "Resources").
//!
//! The binary's allocator keeps memory a thread freed for that thread to reuse,
//! and returns it to the system only when the thread allocates again. The
//! threads that read a vault go idle once it is read, so what they freed would
//! stay resident for as long as the dashboard runs. The binary registers how its
//! allocator returns freed memory at once; the dashboard has every thread that
//! read the vault do so when the reading is done.

use std::sync::OnceLock;

static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Registers `release`, which returns to the system the memory the calling
/// thread's allocator holds freed (the first registration stays).
pub fn on_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Runs the registered release on every thread of the pool that reads the
/// vault, and on the calling one; nothing when none was registered.
pub fn release_freed() {
    if let Some(release) = RELEASE.get().copied() {
        rayon::broadcast(|_| release());
        release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;

    static THREADS: Mutex<Option<HashSet<std::thread::ThreadId>>> = Mutex::new(None);

    fn note_thread() {
        let mut threads = THREADS.lock().unwrap();
        threads
            .get_or_insert_with(HashSet::new)
            .insert(std::thread::current().id());
    }

    /// Every thread that reads a vault releases what it freed: each of the
    /// pool's, and the one that asked.
    #[test]
    fn every_reading_thread_releases_what_it_freed() {
        on_release(note_thread);
        release_freed();
        let threads = THREADS.lock().unwrap().take().unwrap_or_default();
        assert!(threads.contains(&std::thread::current().id()));
        assert_eq!(threads.len(), rayon::current_num_threads() + 1);
    }
}
