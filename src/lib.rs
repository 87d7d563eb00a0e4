//! acct: a terminal dashboard over an Obsidian vault of customer account notes.
//!
//! The library is pure (parse, index, query, edit); the terminal shell and the
//! command line sit on top of it.

pub mod edit;
pub mod frontmatter;
pub mod write;
