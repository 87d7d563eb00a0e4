//! acct: a terminal dashboard over an Obsidian vault of customer account notes.
//!
//! The library is pure (parse, index, query, edit); the terminal shell and the
//! command line sit on top of it.

pub mod cli;
pub mod config;
pub mod edit;
pub mod git;
pub mod index;
pub mod logging;
pub mod memory;
pub mod model;
pub mod note;
pub mod problem;
pub mod state;
pub mod text;
pub mod tui;
pub mod vault;
pub mod watch;
