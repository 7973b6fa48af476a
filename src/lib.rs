//! copydesk reads a news draft the way a copy editor does. The library holds the pure
//! analysis core, the rules, the configuration, and the two front ends over them: the
//! language server and the command-line checker.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod notes;
pub mod parallel;
pub mod rules;
pub mod server;
pub mod text;
