//! acct: a terminal dashboard over an Obsidian vault of customer account notes.
//!
//! The library is pure (parse, index, query, edit); the terminal shell and the
//! command line sit on top of it.

pub mod change;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod edit;
pub mod editor;
pub mod frontmatter;
pub mod index;
pub mod note;
pub mod problem;
pub mod query;
pub mod search;
pub mod synth;
pub mod task;
pub mod text;
pub mod tui;
pub mod vault;
pub mod watch;
pub mod write;
pub mod writeback;
pub mod yaml;
