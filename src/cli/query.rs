//! `acct query`: evaluates query blocks as the plugins do and prints their
//! results as text or JSON Lines (docs/cli.md, `acct query`).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{Failure, find_account_or, write_out};
use crate::index::Index;
use crate::model::query::{BlockResult, Evaluated, Session};
use crate::note::Note;

/// The blocks asked for: one note's (or the one at `line`), else the vault's.
pub fn run(
    index: &Index,
    today: NaiveDate,
    note: Option<&str>,
    line: Option<usize>,
    json: bool,
    out: &mut impl Write,
) -> Result<u8, Failure> {
    let mut session = Session::new(index, today);
    let notes: Vec<&Note> = match note {
        Some(name) => vec![find_note(index, today, name)?],
        None => {
            if line.is_some() {
                return Err(Failure::usage("--line needs a NOTE"));
            }
            index.notes().collect()
        }
    };
    let mut text = String::new();
    let mut found = 0;
    let mut cache = HashMap::new();
    for note in notes {
        for block in note
            .queries()
            .filter(|b| b.lang == "tasks" || b.lang == "dataview")
        {
            if line.is_some_and(|l| l != block.line) {
                continue;
            }
            found += 1;
            let result = session.block(note, &block);
            if json {
                let tail = json_line(&result, &mut cache, &mut text);
                // A large shared answer (a vault-wide TASK block) goes out as
                // it is, not copied into the buffer for every block holding it.
                if tail.len() > 1 << 16 {
                    write_out(out, &text)?;
                    text.clear();
                    write_out(out, &tail)?;
                } else {
                    text.push_str(&tail);
                }
            } else {
                render_block(&result, &mut text);
            }
            // Keep memory flat on a whole vault: write as we go.
            if text.len() > 1 << 20 {
                write_out(out, &text)?;
                text.clear();
            }
        }
    }
    if found == 0
        && let (Some(name), Some(l)) = (note, line)
    {
        return Err(Failure::usage(format!(
            "{name} has no tasks or dataview block at line {l}"
        )));
    }
    write_out(out, &text)?;
    Ok(0)
}

/// A vault path (with or without `.md`), else an account's title or alias.
fn find_note<'a>(index: &'a Index, today: NaiveDate, name: &str) -> Result<&'a Note, Failure> {
    let trimmed = name.trim_start_matches("./");
    if let Some(n) = index
        .note(trimmed)
        .or_else(|| index.note(&format!("{trimmed}.md")))
    {
        return Ok(n);
    }
    let path = find_account_or(index, today, name, false, || {
        format!(
            "no note or account matches \"{name}\" (a vault path, or an account's title or alias)"
        )
    })?
    .path;
    index
        .note(&path)
        .ok_or_else(|| Failure::usage(format!("{path} is no longer in the vault")))
}

/// One JSON object per block: its head into `out`, and the rest returned. The
/// part shared by blocks with the same answer is serialized once.
fn json_line(
    r: &BlockResult,
    cache: &mut HashMap<usize, (Arc<Evaluated>, Arc<str>)>,
    out: &mut String,
) -> Arc<str> {
    let tail = |e: &Evaluated| -> Arc<str> {
        let mut s = String::new();
        s.push_str(",\"kind\":");
        s.push_str(&serde_json::to_string(e.kind).expect("strings serialize"));
        s.push_str(",\"error\":");
        s.push_str(&serde_json::to_string(&e.error).expect("strings serialize"));
        s.push_str(",\"groups\":");
        s.push_str(&serde_json::to_string(&e.groups).expect("strings serialize"));
        s.push_str(",\"tasks\":");
        s.push_str(&serde_json::to_string(&e.tasks).expect("tasks serialize"));
        s.push_str(",\"rows\":");
        s.push_str(&serde_json::to_string(&e.rows).expect("rows serialize"));
        s.push_str(",\"headers\":");
        s.push_str(&serde_json::to_string(&e.headers).expect("strings serialize"));
        s.push_str("}\n");
        s.into()
    };
    // Only answers the session shares are kept (holding the Arc keeps its address unique).
    let tail = if Arc::strong_count(&r.result) > 1 {
        cache
            .entry(Arc::as_ptr(&r.result) as usize)
            .or_insert_with(|| (r.result.clone(), tail(&r.result)))
            .1
            .clone()
    } else {
        tail(&r.result)
    };
    out.push_str("{\"path\":");
    out.push_str(&serde_json::to_string(&r.path).expect("strings serialize"));
    out.push_str(",\"line\":");
    out.push_str(&r.line.to_string());
    out.push_str(",\"language\":");
    out.push_str(&serde_json::to_string(&r.language).expect("strings serialize"));
    tail
}

/// A block as the dashboard draws it: group headings, tasks, rows.
pub fn render_block(r: &BlockResult, out: &mut String) {
    use crate::text::sanitize;
    let e = &r.result;
    out.push_str(&format!(
        "{}:{} ({} {})\n",
        sanitize(&r.path),
        r.line,
        r.language,
        e.kind
    ));
    if let Some(err) = &e.error {
        // Dataview's report spans lines (the query, a caret): keep them.
        let mut lines = err.lines();
        out.push_str(&format!(
            "  error: {}\n",
            sanitize(lines.next().unwrap_or(""))
        ));
        for line in lines {
            out.push_str(&format!("    {}\n", sanitize(line)));
        }
        out.push('\n');
        return;
    }
    let mut group = usize::MAX;
    for t in &e.tasks {
        if t.group != group {
            group = t.group;
            for (depth, h) in e.groups.get(group).into_iter().flatten().enumerate() {
                out.push_str(&format!("  {}{}\n", "  ".repeat(depth), sanitize(h)));
            }
        }
        let indent = "  ".repeat(e.groups.get(group).map_or(0, Vec::len) + 1);
        out.push_str(&format!(
            "{indent}[{}] {}  ({}:{})\n",
            sanitize(t.symbol.encode_utf8(&mut [0; 4])),
            sanitize(&t.text),
            sanitize(&t.path),
            t.line
        ));
    }
    if !e.headers.is_empty() {
        out.push_str(&format!(
            "  {}\n",
            e.headers
                .iter()
                .map(|h| sanitize(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    for row in &e.rows {
        out.push_str(&format!(
            "  - {}\n",
            row.values
                .iter()
                .map(|v| sanitize(v))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    if e.tasks.is_empty() && e.rows.is_empty() {
        out.push_str("  (no results)\n");
    }
    out.push('\n');
}
