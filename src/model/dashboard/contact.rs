//! Contact that counts (docs/vault.md, "Contact"): an account's last contact is
//! its newest direct interaction — a dated activity note (a meeting or e-mail
//! note in its folder or naming it in `account:`), not a note that merely
//! mentions it — and it is due for contact once that is older than the cadence
//! its status has in the config.

use super::*;

/// The account's last direct contact and the note it comes from: the newest
/// live activity note dated on or before today; without one, the frontmatter
/// `last_contact` (and no note).
pub fn last_contact<'a>(
    index: &'a impl RowFacts,
    note: &Note,
    today: NaiveDate,
) -> (Option<NaiveDate>, Option<&'a Note>) {
    match newest_activity(index, note, today) {
        Some((date, n)) => (Some(date), Some(n)),
        None => (note.field_date("last_contact"), None),
    }
}

/// The newest live activity note dated on or before today (by path on a tie).
fn newest_activity<'a>(
    index: &'a impl RowFacts,
    note: &Note,
    today: NaiveDate,
) -> Option<(NaiveDate, &'a Note)> {
    index
        .activity(&note.path)
        .filter(|p| *p != note.path && feeds(index, p, &note.path))
        .filter_map(|p| index.note(p))
        .filter_map(|n| n.date.filter(|d| *d <= today).map(|d| (d, n)))
        .max_by(|(da, a), (db, b)| da.cmp(db).then(b.path.cmp(&a.path)))
}

/// Days past the account's cadence (`None` until it is due, or without a contact date).
pub fn overdue_days(
    index: &impl RowFacts,
    status: Option<&str>,
    days_since: Option<i64>,
) -> Option<i64> {
    let over = days_since? - index.cadence().days(status);
    (over > 0).then_some(over)
}

/// The contact warnings: a frontmatter `last_contact` in the future or older
/// than the newest activity note, and no contact for longer than the cadence.
pub(super) fn contact_warnings(
    index: &impl RowFacts,
    note: &Note,
    status: Option<&str>,
    today: NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    let written = note.field_date("last_contact");
    if let Some(lc) = written {
        if lc > today {
            out.push(format!("last_contact {lc} is in the future"));
        }
        if let Some((date, newer)) = newest_activity(index, note, today).filter(|(d, _)| *d > lc) {
            // A daily note's title is its date: say it once.
            let named = if newer.title == date.to_string() {
                date.to_string()
            } else {
                format!("{date}, {}", newer.title)
            };
            out.push(format!(
                "last_contact {lc} is older than the newest activity note ({named})"
            ));
        }
    }
    let (contact, _) = last_contact(index, note, today);
    let days = days_since(contact, today);
    if let (Some(days), Some(_)) = (days, overdue_days(index, status, days)) {
        let cadence = index.cadence().days(status);
        let of = status.map_or(String::new(), |s| format!(" for {s}"));
        out.push(format!(
            "no contact for {days} days (due every {cadence} days{of})"
        ));
    }
    out
}
