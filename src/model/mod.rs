//! What the person sees, computed from the index: the dashboard of an account,
//! the account list's rows and search, and the answers of query blocks.

pub mod changes;
pub mod check;
pub mod dashboard;
pub mod inbox;
pub mod listing;
pub mod query;
pub mod search;
