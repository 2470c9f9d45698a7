//! Export: parsed notices → CSV files, Excel workbooks or one SQLite database; the `export` command.
//!
//! [`sheets`] turns one [`Document`] into its three flat tables (指标, 任务, 项目), shared by [`csv`] and
//! [`xlsx`]; [`sqlite`] loads documents into one database; [`registry`] is the department index (who owns
//! what). [`export_one`] writes one document to one sink; [`run`] is the `export` command.

pub mod csv;
pub mod registry;
pub mod sheets;
pub mod sqlite;
pub mod view;
pub mod xlsx;

use crate::error::Error;
use crate::model::Document;
use crate::output::{self, parse_for_export};
use std::path::{Path, PathBuf};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Three CSV files per notice (UTF-8 with BOM): <stem>.indicators.csv, .tasks.csv, .projects.csv.
    Csv,
    /// One workbook per notice, <stem>.xlsx, with the sheets 指标, 任务, 项目.
    Xlsx,
    /// Every notice into one SQLite database (--db).
    Sqlite,
}

/// Where one document goes.
pub enum Sink<'a> {
    /// CSV or Excel files named `<dir>/<stem>.…`.
    Files { format: Format, dir: &'a Path, stem: &'a str },
    /// An open transaction on the database (the caller commits).
    Sqlite { tx: &'a rusqlite::Transaction<'a>, db: &'a Path },
}

/// Write one parsed document to one sink; returns the files written (none for SQLite).
pub fn export_one(doc: &Document, sink: &Sink) -> Result<Vec<PathBuf>, Error> {
    match sink {
        Sink::Files { format: Format::Csv, dir, stem } => csv::write(doc, dir, stem),
        Sink::Files { format: Format::Xlsx, dir, stem } => xlsx::write(doc, dir, stem).map(|p| vec![p]),
        Sink::Files { format: Format::Sqlite, .. } => {
            Err(Error::Other("sqlite export needs a database, not an output folder".into()))
        }
        Sink::Sqlite { tx, db } => sqlite::load(tx, doc, db).map(|_| Vec::new()),
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Folder for CSV and Excel files.
    pub out_dir: PathBuf,
    /// The database file, for [`Format::Sqlite`].
    pub db: Option<PathBuf>,
    pub max_bytes: u64,
}

/// What one `export` run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Notices exported.
    pub exported: usize,
    /// Files written (CSV/Excel).
    pub written: Vec<PathBuf>,
    /// Notices not exported, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Where they went: the output folder or the database.
    pub target: PathBuf,
}

impl Summary {
    /// The lines `export` prints at the end, on standard error.
    pub fn report(&self) -> String {
        let mut s = format!("plandoc: exported {} notice(s) to {}", self.exported, self.target.display());
        if !self.written.is_empty() {
            s.push_str(&format!(" ({} files)", self.written.len()));
        }
        s.push('\n');
        if !self.failed.is_empty() {
            s.push_str(&format!("plandoc: {} failed:\n", self.failed.len()));
            for (f, why) in &self.failed {
                s.push_str(&format!("  {}: {why}\n", f.display()));
            }
        }
        s
    }
}

/// True for errors in the command line itself (a missing input, an empty folder, no --db): exit code 2.
pub fn is_usage_error(e: &Error) -> bool {
    matches!(e, Error::NotFound { .. } | Error::NothingToParse { .. } | Error::Usage(_))
}

/// The `export` command: every notice under `inputs`, in sorted order, to `opts.format`.
///
/// A notice that cannot be read or parses with errors is reported in [`Summary::failed`] and skipped.
/// For SQLite all notices of the run are loaded in one transaction: a database error rolls back the
/// whole run and is returned as `Err`, leaving the database as it was.
pub fn run(inputs: &[PathBuf], opts: &ExportOptions, log: &mut dyn FnMut(&str)) -> Result<Summary, Error> {
    let files = output::collect_inputs(inputs)?;
    let mut summary = Summary { target: opts.out_dir.clone(), ..Summary::default() };
    match opts.format {
        Format::Csv | Format::Xlsx => {
            let names = output::output_names(&files);
            for (file, name) in files.iter().zip(&names) {
                let stem = name.strip_suffix(".json").unwrap_or(name);
                let sink = Sink::Files { format: opts.format, dir: &opts.out_dir, stem };
                let done = parse_for_export(file, opts.max_bytes, log)
                    .and_then(|doc| export_one(&doc, &sink).map_err(|e| e.to_string()));
                match done {
                    Ok(paths) => {
                        summary.exported += 1;
                        summary.written.extend(paths);
                    }
                    Err(why) => summary.failed.push((file.clone(), why)),
                }
            }
        }
        Format::Sqlite => {
            let db = opts.db.as_deref().ok_or_else(|| Error::Usage("--format sqlite needs --db FILE".into()))?;
            summary.target = db.to_path_buf();
            let mut conn = sqlite::open(db)?;
            let tx = conn.transaction().map_err(|e| sqlite::db_error(db, e))?;
            for file in &files {
                match parse_for_export(file, opts.max_bytes, log) {
                    Ok(doc) => {
                        export_one(&doc, &Sink::Sqlite { tx: &tx, db })?;
                        summary.exported += 1;
                    }
                    Err(why) => summary.failed.push((file.clone(), why)),
                }
            }
            tx.commit().map_err(|e| sqlite::db_error(db, e))?;
        }
    }
    Ok(summary)
}
