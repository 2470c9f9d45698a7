//! plandoc: Chinese government plan notices (关于印发…工作计划的通知) → structured data, and the
//! comparison of two years' plans.
//!
//! The stages, one folder each, every layer importing only from the layers below it:
//! [`read`] a file's bytes → numbered lines and tables · [`parse`] lines and tables → the plan ([`model`], the
//! output contract) · [`diff`] two plans → a report · [`export`] plans → CSV, Excel, SQLite and the department
//! index · [`report`] a plan (and the one before it) → an HTML review page. Beside them: [`input`] (the
//! arguments → the inputs of every command), [`output`] (JSON files), [`batch`] (many files on all cores), [`schema`],
//! and the helpers every stage uses, [`text`] and [`pattern`].

pub mod batch;
pub mod diff;
pub mod error;
pub mod export;
pub mod input;
pub mod model;
pub mod output;
pub mod parse;
pub mod pattern;
pub mod read;
pub mod report;
pub mod schema;
pub mod text;

pub use error::Error;
pub use model::Document;
pub use parse::{DEFAULT_MAX_BYTES, Options, has_errors, parse_bytes, parse_file};
