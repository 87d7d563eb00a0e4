//! How long a saved note takes to reach the index through the real watcher.
//!
//! Builds a vault of 10,000 account notes (in the seed's format; `ACCT_BENCH_ACCOUNTS`
//! changes the number) plus half as many meeting notes in a temporary folder, starts
//! the watcher and the index, then saves one account note 200 times, 40 ms apart, and
//! measures from the write returning to `Index::apply` holding the new bytes. Also times
//! `Index::build` and the full `refresh()` on the same vault (what a rescan or a settings
//! change pays; an ordinary batch re-derives only what its notes affect).
//!
//! Run: `cargo bench --bench watch_latency` (a plain main, not a divan harness,
//! because it measures a pipeline across threads rather than a function).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use acct::config::Config;
use acct::index::Index;
use acct::note::fingerprint;
use acct::watch::{Update, VaultWatcher, WatchEvent, WatchOptions};

const SAVES: usize = 200;
const SPACING: Duration = Duration::from_millis(40);

fn main() {
    // `ACCT_BENCH_ACCOUNTS=1000` measures a smaller vault (meeting notes are half as many).
    let accounts: usize = std::env::var("ACCT_BENCH_ACCOUNTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let meetings = accounts / 2;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let t = Instant::now();
    let bytes = generate(root, accounts, meetings);
    println!(
        "vault: {accounts} accounts + {meetings} meeting notes, {:.1} MB, written in {:.1} s",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let (tx, rx) = mpsc::channel();
    // Stamped on the watcher's thread, to tell its share of the latency from the index's.
    let watcher = VaultWatcher::start(root, WatchOptions::from_env(), move |e| {
        let _ = tx.send((Instant::now(), e));
    })
    .expect("the watcher starts");
    println!("watch mode: {:?}", watcher.mode());

    let t = Instant::now();
    let mut index = Index::build(root, &Config::default());
    println!(
        "Index::build: {:.0} ms ({} notes, {} accounts)",
        ms(t.elapsed()),
        index.len(),
        index.accounts().count()
    );
    let mut refresh = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        index.refresh();
        refresh.push(t.elapsed());
    }
    refresh.sort();
    println!(
        "Index::refresh: p50 {:.1} ms, max {:.1} ms (10 runs)",
        ms(refresh[5]),
        ms(refresh[9])
    );

    let n = accounts * 4217 / 10_000;
    let target = format!("Customers/Company {n:05}.md");
    let target = target.as_str();
    let versions: Vec<String> = (0..SAVES)
        .map(|i| account(n, &format!("- ❌ Blocker number {i}\n")))
        .collect();
    let by_fingerprint: HashMap<u64, usize> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| (fingerprint(v.as_bytes()), i))
        .collect();
    let written: Arc<Mutex<Vec<Option<Instant>>>> = Arc::new(Mutex::new(vec![None; SAVES]));

    let writer = {
        let written = Arc::clone(&written);
        let path = root.join(target);
        std::thread::spawn(move || {
            // Let the watcher settle after the build before the first save.
            std::thread::sleep(Duration::from_millis(500));
            for (i, text) in versions.iter().enumerate() {
                std::fs::write(&path, text).expect("the note is written");
                written.lock().unwrap()[i] = Some(Instant::now());
                std::thread::sleep(SPACING);
            }
        })
    };

    let mut applied_at: Vec<Option<Instant>> = vec![None; SAVES];
    let mut delivered: Vec<Instant> = Vec::new();
    let mut apply_times = Vec::new();
    let deadline = Instant::now() + SPACING * SAVES as u32 + Duration::from_secs(30);
    while applied_at[SAVES - 1].is_none() && Instant::now() < deadline {
        let Ok(first) = rx.recv_timeout(Duration::from_secs(1)) else {
            continue;
        };
        // Like the dashboard's loop: take everything queued and apply it as one batch.
        let mut changes = Vec::new();
        for (sent, event) in std::iter::once(first).chain(rx.try_iter()) {
            if let WatchEvent::Changes(batch) = event {
                if batch
                    .iter()
                    .any(|u| matches!(u, Update::Note(n) if n.path == target))
                {
                    delivered.push(sent);
                }
                changes.extend(batch);
            }
        }
        if changes.is_empty() {
            continue;
        }
        let t = Instant::now();
        index.apply(changes);
        let now = Instant::now();
        apply_times.push(now - t);
        if let Some(&i) = index
            .note(target)
            .and_then(|n| by_fingerprint.get(&n.fingerprint))
        {
            applied_at[i].get_or_insert(now);
        }
    }
    writer.join().unwrap();
    drop(watcher);

    let written = written.lock().unwrap();
    let mut latencies: Vec<Duration> = written
        .iter()
        .zip(&applied_at)
        .filter_map(|(w, a)| Some(a.as_ref()?.saturating_duration_since(*w.as_ref()?)))
        .collect();
    latencies.sort();
    apply_times.sort();
    let mut delivery: Vec<Duration> = written
        .iter()
        .flatten()
        .filter_map(|w| Some(delivered.iter().find(|d| *d >= w)?.duration_since(*w)))
        .collect();
    delivery.sort();
    println!(
        "save → batch handed over by the watcher (debounce included): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&delivery, 50)),
        ms(percentile(&delivery, 99)),
        ms(*delivery.last().unwrap_or(&Duration::ZERO))
    );
    let seen = latencies.len();
    println!(
        "save → index latency over {seen} of {SAVES} saves ({} coalesced into a later batch): \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        SAVES - seen,
        ms(percentile(&latencies, 50)),
        ms(percentile(&latencies, 99)),
        ms(*latencies.last().unwrap_or(&Duration::ZERO))
    );
    println!(
        "Index::apply per batch: p50 {:.1} ms, p99 {:.1} ms ({} batches)",
        ms(percentile(&apply_times, 50)),
        ms(percentile(&apply_times, 99)),
        apply_times.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) * p).div_ceil(100)]
}

/// Writes the vault; returns its size in bytes.
fn generate(root: &Path, accounts: usize, meetings: usize) -> usize {
    std::fs::create_dir_all(root.join("Customers")).unwrap();
    std::fs::create_dir_all(root.join("Meetings")).unwrap();
    let mut bytes = 0;
    for n in 0..accounts {
        let text = account(
            n,
            "- ❌ Waiting on a security review of the storage gateway\n",
        );
        bytes += text.len();
        std::fs::write(root.join(format!("Customers/Company {n:05}.md")), text).unwrap();
    }
    for m in 0..meetings {
        let n = (m * 7919) % accounts;
        let other = (m * 104_729 + 1) % accounts;
        let day = 1 + m % 28;
        let text = format!(
            "---\ntype: customer\ndate: 2025-11-{day:02}\naccount: \"[[Company {n:05}]]\"\ntags:\n- type/customer\n---\n\n\
             # Sync with Company {n:05}\n\n## Summary\n\nWalked through the migration plan; \
             [[Company {other:05}]] came up as a reference.\n\n## Decisions\n\n- ✅ Start the pilot in January\n\n\
             ## Action Items\n\n- [ ] Send the sizing worksheet 📅 2025-12-{day:02}\n- [ ] Book the architecture review\n- [x] Share the deck\n"
        );
        bytes += text.len();
        std::fs::write(
            root.join(format!(
                "Meetings/2025-11-{day:02} Company {n:05} sync {m}.md"
            )),
            text,
        )
        .unwrap();
    }
    bytes
}

/// An account note in the seed's format (about 4 KB), with the given blocker lines.
fn account(n: usize, blockers: &str) -> String {
    format!(
        r#"---
type: customer
title: Company {n:05}
created: '2025-01-03'
last_contact: '2025-11-19'
status: active
auto_created: true
tags:
- type/customer
- needs-review
- status/active
---

# Company {n:05}

## Account Overview

_Brief description of this customer, their business, and relationship..._

## Account Status

| Field | Value |
|-------|-------|
| **Status** | Prospect |
| **Industry** | _Unknown_ |

## Key Contacts

_No key contacts identified._

## Active Projects

_What projects/initiatives are active with this customer?_

```dataview
LIST
FROM "Projects" OR "Personal/Projects"
WHERE contains(file.outlinks, this.file.link)
```

## Current Blockers

{blockers}- ❌ Connects to customer-owned storage accounts; not a direct storage consumer

## Next Steps

_What are the immediate next actions for this account?_

## Open Tasks

```dataview
TASK
FROM ""
WHERE !completed
SORT due ASC
```

## Opportunities

- May require deeper object-API compatibility or a native-format integration
- Use as a reference model for unit-based pricing

## Key Decisions

- ✅ Do not build append support speculatively; revisit when the customer asks.
- ✅ Define the API MVP as copy-tool compatibility rather than full API breadth.

## Key Facts

- The customer is replatforming part of its pipeline and building its own data movement tool.
- The copy tool is open source and is the main data movement engine in their cloud.
- An internal storage platform with its own API surface failed to migrate last year.
- Premium object storage is small (petabytes, not exabytes) for this account.
- Flash supply may stay constrained while vendors shift capacity to higher-margin memory.
- Two integration patterns: offload in a native format, or exposing existing cloud data with change notifications.
- Key vault integration is a gap for customer-managed keys.
- Private networking boundaries are a recurring constraint for managed-service integration.

## Topics / Themes

Object API trade-offs, storage architecture, copy tool as MVP target, driver and Spark integration, tiering and flash supply, namespace synchronization with change feeds, customer-managed keys, networking constraints, packaging, pricing model evolution

## Recent Context

- 2025-11-19: [[2025-11-19]] - Discussion of the cloud strategy and what level of integration to pursue... (via Pat Doe)
- 2025-10-28: [[2025-10-28 - Introductory call]] - Introductory call on the finance context and the solutions team (via Sam Roe)

## Related People

_Internal team members working on this account..._

---
*Last updated: *2025-11-19
"#
    )
}
