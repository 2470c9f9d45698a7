//! Errors: everything that stops one file from being parsed or written, each naming the file (and line).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: empty file: nothing to parse", path.display())]
    Empty { path: PathBuf },
    #[error("{}: binary file, not a text notice (byte {offset} is a control byte)", path.display())]
    Binary { path: PathBuf, offset: usize },
    /// The text shows none of the genre's markers (a notice or plan title, numbered sections of the known kinds,
    /// a table with indicator, task or project columns): it is something else, not a damaged notice.
    #[error("{}: not a plan notice: no notice or plan title, no numbered sections of a plan, no table of indicators, tasks or projects", path.display())]
    NotAPlan { path: PathBuf },
    #[error("{}: {size} bytes is over the limit of {limit} bytes (raise it with --max-bytes)", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}:{line}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error("{}: no notice files found (looked for {exts})", path.display())]
    NothingToParse { path: PathBuf, exts: String },
    #[error("{}: not found", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: not a plandoc JSON document: {message}", path.display())]
    BadJson { path: PathBuf, message: String },
    #[error("{}: database: {message}", path.display())]
    Database { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// The line the error points at, where there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }
}
