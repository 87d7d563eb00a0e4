//! A note's standing: everything of it the index's tables read apart from its
//! tasks — the names it can be found under, whether it is an account, its
//! links and its `account:`. Two versions of a note with the same standing
//! resolve, own and are owned alike, so an edit that keeps it changes no
//! other note's links or owners: only the rows of the accounts the note feeds
//! (docs/performance.md, "Rows after changes").

#[cfg(doc)]
use super::names::Names;
use crate::note::Note;

/// The standing of `note` in a vault whose account types are `account_types`
/// (lower case, as [`super::account_types`] gives them), as one number.
pub fn standing(note: &Note, account_types: &[String]) -> u64 {
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
    part(&[u8::from(is_account(note, account_types))]);
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

    fn standing_of(text: &str) -> u64 {
        let note = note::parse(
            "Customers/Acme.md",
            text.as_bytes(),
            &TaskStatuses::default(),
        );
        standing(&note, &["customer".to_string()])
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
        let other = [
            // A title, an alias, a link, a link's kind, `account:`, the type, a date.
            "---\ntitle: Acme Corp\ntype: customer\n---\nMet [[Beta]].\n",
            "---\naliases: [A]\ntype: customer\n---\nMet [[Beta]].\n",
            "---\ntype: customer\n---\nMet [[Beta]] and [[Gamma]].\n",
            "---\ntype: customer\n---\nMet [Beta](Beta.md).\n",
            "---\ntype: customer\naccount: \"[[Beta]]\"\n---\nMet [[Beta]].\n",
            "---\ntype: partner\n---\nMet [[Beta]].\n",
            "---\ntype: customer\ndate: 2026-01-02\n---\nMet [[Beta]].\n",
        ];
        for text in other {
            assert_ne!(standing_of(base), standing_of(text), "{text}");
        }
    }
}
