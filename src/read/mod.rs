//! Reading: a file's bytes → the numbered text lines and the tables (as headed grids) every later stage reads.
//!
//! [`decode`] bytes → text · [`lines`] text → numbered lines · [`tables`] lines → text lines and raw tables ·
//! [`grid`] a raw table → header, column roles and rows of full width ([`columns`] names the roles) ·
//! [`headings`] a line → its heading numbering (used here to tell where a table ends, and by the section reader).

pub mod columns;
pub mod decode;
pub mod grid;
pub mod headings;
pub mod lines;
pub mod tables;
