//! A note's standing: everything of it the index's tables read apart from its
//! tasks, in two parts. Its names (title and aliases; its path is compared
//! apart) and whether it is an account decide how other notes' links resolve
//! and which notes accounts own; its links and `account:` decide what it
//! resolves to itself. An edit that keeps both changes no other note's links
//! or owners: only the rows of the accounts the note feeds
//! (docs/performance.md, "Rows after changes").

#[cfg(doc)]
use super::names::Names;
use crate::note::Note;

/// The standing of `note` in a vault whose account types are `account_types`
/// (lower case, as [`super::account_types`] gives them): its names and whether
/// it is an account, as one number.
pub fn standing(note: &Note, account_types: &[String]) -> u64 {
    standing_of(note, is_account(note, account_types))
}

/// [`standing`], when whether the note is an account is known (`account`).
pub fn standing_of(note: &Note, account: bool) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    // Every name key ([`Names::keys`]) is made of the note's path (the same
    // for both versions compared), title and aliases.
    part(note.title.as_bytes());
    part(&(note.aliases.len() as u64).to_le_bytes());
    for alias in &note.aliases {
        part(alias.as_bytes());
    }
    part(&[u8::from(account)]);
    hasher.digest()
}

/// What `note` looks up: its links (target and kind, in order) and its
/// `account:`, as one number.
pub fn links_standing(note: &Note) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for link in &note.links {
        part(&[u8::from(link.markdown)]);
        part(link.target.as_bytes());
    }
    match &note.account {
        Some(account) => part(account.as_bytes()),
        None => part(&[0xff]),
    }
    hasher.digest()
}

/// Whether `note` is an account: typed as one of `account_types` (a `type:`
/// field or a `type/…` tag) and not an activity note.
pub fn is_account(note: &Note, account_types: &[String]) -> bool {
    let typed = note
        .field_text("type")
        .is_some_and(|t| account_types.iter().any(|a| a.eq_ignore_ascii_case(&t)))
        || account_types
            .iter()
            .any(|a| note.has_tag(&format!("type/{a}")));
    typed && !super::is_activity(note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::{self, task::TaskStatuses};

    fn standing_of(text: &str) -> (u64, u64) {
        let note = note::parse(
            "Customers/Acme.md",
            text.as_bytes(),
            &TaskStatuses::default(),
        );
        (
            standing(&note, &["customer".to_string()]),
            links_standing(&note),
        )
    }

    #[test]
    fn edits_that_keep_names_links_and_accounts_keep_the_standing() {
        let base = "---\ntype: customer\nstatus: Active\n---\nMet [[Beta]].\n- [ ] call\n";
        let same = [
            "---\ntype: customer\nstatus: Churned\n---\nMet [[Beta]].\n- [x] call\n",
            "---\ntype: customer\nstatus: Active\n---\nMet [[Beta]] again.\n- [ ] call\n- [ ] write\n",
        ];
        for text in same {
            assert_eq!(standing_of(base), standing_of(text), "{text}");
        }
        // A title, an alias, the type, a date (an account becomes an activity note).
        let other_names = [
            "---\ntitle: Acme Corp\ntype: customer\n---\nMet [[Beta]].\n",
            "---\naliases: [A]\ntype: customer\n---\nMet [[Beta]].\n",
            "---\ntype: partner\n---\nMet [[Beta]].\n",
            "---\ntype: customer\ndate: 2026-01-02\n---\nMet [[Beta]].\n",
        ];
        for text in other_names {
            assert_ne!(standing_of(base).0, standing_of(text).0, "{text}");
        }
        // A link, a link's kind, `account:` (of a note that is no account).
        let base = "Met [[Beta]].\n";
        let other_links = [
            "Met [[Beta]] and [[Gamma]].\n",
            "Met [Beta](Beta.md).\n",
            "---\naccount: \"[[Beta]]\"\n---\nMet [[Beta]].\n",
        ];
        for text in other_links {
            assert_eq!(standing_of(base).0, standing_of(text).0, "{text}");
            assert_ne!(standing_of(base).1, standing_of(text).1, "{text}");
        }
    }
}
