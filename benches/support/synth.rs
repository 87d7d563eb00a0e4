//! Synthetic vaults in the account-note format, for benchmarks and load tests.
//! Deterministic: the same sizes give the same bytes.

// Each user of this file takes the functions it needs.
#![allow(dead_code)]

use std::io;
use std::path::Path;

const STATUSES: [&str; 5] = ["active", "prospect", "onboarding", "paused", "churned"];
const WORDS: [&str; 24] = [
    "pricing",
    "pilot",
    "renewal",
    "security",
    "review",
    "migration",
    "dashboard",
    "contract",
    "rollout",
    "workshop",
    "budget",
    "integration",
    "forecast",
    "support",
    "training",
    "latency",
    "storage",
    "export",
    "gateway",
    "compliance",
    "roadmap",
    "invoice",
    "capacity",
    "handover",
];

fn words(seed: usize, n: usize) -> String {
    (0..n)
        .map(|i| WORDS[(seed * 7 + i * 13) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The title of account `i`.
pub fn account_title(i: usize) -> String {
    format!("Account {i:05} {}", WORDS[i % WORDS.len()])
}

/// The vault-relative path of account `i`'s note.
pub fn account_path(i: usize) -> String {
    if i.is_multiple_of(3) {
        format!("Customers/{}/README.md", account_title(i))
    } else {
        format!("Customers/{}.md", account_title(i))
    }
}

/// The text of account `i`'s note (about 2.5 KB), in the seed note's format.
pub fn account_note(i: usize, revision: usize) -> String {
    let title = account_title(i);
    let status = STATUSES[i % STATUSES.len()];
    let review = if i.is_multiple_of(4) {
        "- needs-review\n"
    } else {
        ""
    };
    let day = 1 + i % 28;
    let month = 1 + (i / 28) % 11;
    let mut s = format!(
        "---\ntype: customer\ntitle: {title}\ncreated: '2026-01-{day:02}'\nlast_contact: '2026-{month:02}-{day:02}'\nstatus: {status}\nauto_created: true\ntags:\n- type/customer\n{review}- status/{status}\n---\n\n# {title}\n\n## Account Overview\n\n_Brief description of this customer._\n\n## Account Status\n\n| Field | Value |\n|-------|-------|\n| **Status** | {} |\n| **Industry** | _Unknown_ |\n| **Revision** | {revision} |\n\n## Key Contacts\n\n_No key contacts identified._\n\n## Active Projects\n\n```dataview\nLIST\nFROM \"Projects\"\nWHERE contains(file.outlinks, this.file.link)\n```\n\n## Current Blockers\n\n",
        acct::text::capitalise(status)
    );
    for b in 0..2 {
        s.push_str(&format!(
            "- ❌ The {} is waiting on the {} (revision {revision})\n",
            words(i + b, 3),
            words(i + b + 5, 2)
        ));
    }
    s.push_str("\n## Next Steps\n\n_What are the immediate next actions for this account?_\n\n## Open Tasks\n\n```dataview\nTASK\nFROM \"\"\nWHERE !completed\nSORT due ASC\n```\n\n");
    for t in 0..3 {
        s.push_str(&format!(
            "- [ ] Follow up on the {} 📅 2026-{:02}-{:02}\n",
            words(i + t, 4),
            1 + (i + t) % 12,
            1 + (i + t) % 28
        ));
    }
    s.push_str("\n## Opportunities\n\n");
    s.push_str(&format!(
        "- Expand the {} into the {}\n",
        words(i, 3),
        words(i + 2, 2)
    ));
    s.push_str("\n## Key Decisions\n\n");
    s.push_str(&format!(
        "- ✅ Agree the {} before the {}\n",
        words(i + 1, 3),
        words(i + 3, 2)
    ));
    s.push_str("\n## Key Facts\n\n");
    for f in 0..4 {
        s.push_str(&format!(
            "- The team runs {} across {} sites and reviews the {} monthly.\n",
            words(i + f, 3),
            3 + f,
            words(i + f + 9, 2)
        ));
    }
    s.push_str(&format!(
        "\n## Topics / Themes\n\n{}\n\n## Recent Context\n\n",
        words(i, 8).replace(' ', ", ")
    ));
    s.push_str(&format!(
        "- 2026-{month:02}-{day:02}: [[{title} sync {i}]] - Call about the {} (via Person {})\n",
        words(i, 5),
        i % 50
    ));
    s.push_str("\n## Related People\n\n_Internal team members working on this account..._\n\n---\n*Last updated: *\n");
    s
}

/// The text of meeting note `m`, naming account `m % accounts`.
pub fn meeting_note(m: usize, accounts: usize) -> String {
    let a = m % accounts.max(1);
    let title = account_title(a);
    let day = 1 + m % 28;
    format!(
        "---\ntype: customer\ndate: 2026-10-{day:02}\naccount: \"[[{title}]]\"\ntags:\n- type/customer\n---\n\n# Sync {m}\n\n## Summary\n\nDiscussed the {} and the {}.\n\n## Decisions\n\n- Keep the {} as it is\n\n## Action Items\n\n- [ ] Send the {} notes to [[Person {}]] 📅 2026-12-{day:02}\n- [?] Proposed: book the {} session\n- [x] Share the deck ✅ 2026-10-{day:02}\n",
        words(m, 4),
        words(m + 3, 3),
        words(m + 1, 2),
        words(m + 2, 2),
        m % 50,
        words(m + 4, 2)
    )
}

/// Writes a vault of `accounts` account notes and `meetings` meeting notes under `root`.
pub fn write_vault(root: &Path, accounts: usize, meetings: usize) -> io::Result<()> {
    std::fs::create_dir_all(root.join(".obsidian"))?;
    for i in 0..accounts {
        let path = root.join(account_path(i));
        std::fs::create_dir_all(path.parent().expect("notes sit in a folder"))?;
        std::fs::write(path, account_note(i, 0))?;
    }
    std::fs::create_dir_all(root.join("Meetings"))?;
    for m in 0..meetings {
        std::fs::write(
            root.join(format!("Meetings/2026-10-{:02} Sync {m}.md", 1 + m % 28)),
            meeting_note(m, accounts),
        )?;
    }
    Ok(())
}

/// Paraphrase templates of the pipeline's proposed tasks: each row is one
/// action in other words (`{w}` a topic word, `{p}` a person), so a vault
/// written with them has near-duplicates for the task inbox to find.
const PROPOSALS: [&[&str]; 5] = [
    &[
        "Send the {w} summary to {p}",
        "Share the {w} summary with {p}",
        "Email {p} the {w} summary",
    ],
    &[
        "Schedule the {w} workshop with the {p} team",
        "Book a {w} workshop with the {p} team",
    ],
    &[
        "Attend the {w} workshop with the {p} team",
        "Join the {w} workshop with the {p} team",
    ],
    &[
        "Review the {w} plan with finance",
        "Go through the {w} plan with finance",
    ],
    &[
        "Confirm the {w} budget with {p}",
        "Check the {w} budget with {p}",
    ],
];

/// One proposed task in the pipeline's form: action number `action` (its
/// template, topic and person follow from it), in its `variant`-th wording.
pub fn proposal(action: usize, variant: usize) -> String {
    let row = PROPOSALS[action % PROPOSALS.len()];
    let text = row[variant % row.len()]
        .replace("{w}", WORDS[action % WORDS.len()])
        .replace("{p}", &format!("Person{}", action % 50));
    let owner = ["Mara", "Ines", "TBD", "Tomas"][action % 4];
    format!("- [?] {text} @{owner} #task #proposed #auto\n")
}

/// A pipeline meeting note of account `i` with `n` proposed tasks.
pub fn proposals_note(i: usize, n: usize) -> String {
    let mut s = format!(
        "---\ntype: meeting\ndate: 2026-11-{:02}\naccount: \"[[{}]]\"\n---\n\n# Pipeline sync\n\n## Action Items\n\n",
        1 + i % 20,
        account_title(i)
    );
    // Every action twice, in two wordings.
    for k in 0..n {
        s.push_str(&proposal(i * 7 + k / 2, k % 2));
    }
    s
}

/// [`write_vault`], plus for every account a pipeline meeting note with
/// `proposed` proposed tasks (paraphrases of a few actions), for the inbox.
pub fn write_vault_with_proposals(
    root: &Path,
    accounts: usize,
    meetings: usize,
    proposed: usize,
) -> io::Result<()> {
    write_vault(root, accounts, meetings)?;
    std::fs::create_dir_all(root.join("Pipeline"))?;
    for i in 0..accounts {
        std::fs::write(
            root.join(format!("Pipeline/{i:05} sync.md")),
            proposals_note(i, proposed),
        )?;
    }
    Ok(())
}
