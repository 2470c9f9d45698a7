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
use crate::input::{self, Input, Resolved, Skipped, Use};
use crate::model::Document;
use crate::output::Lang;
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
    /// Any warning refuses the notice (`--strict`), as an error does.
    pub strict: bool,
    /// The name for standard input (`-`).
    pub stem: Option<String>,
    /// The language of failure reasons.
    pub lang: Lang,
}

/// What one `export` run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Notices exported.
    pub exported: usize,
    /// Files written (CSV/Excel).
    pub written: Vec<PathBuf>,
    /// Notices not exported, with the reason (which names the file).
    pub failed: Vec<(PathBuf, String)>,
    /// Notices flagged `input.incomplete`, exported or not.
    pub incomplete: usize,
    /// What the directory scans did not use, with the reason.
    pub skipped: Vec<Skipped>,
    /// Where they went: the output folder or the database.
    pub target: PathBuf,
}

impl Summary {
    /// The lines `export` prints at the end, on standard error.
    pub fn report(&self, lang: Lang) -> String {
        let mut s = match lang {
            Lang::Zh => format!("plandoc：已导出 {} 个通知到 {}", self.exported, self.target.display()),
            Lang::En => format!("plandoc: exported {} notice(s) to {}", self.exported, self.target.display()),
        };
        if !self.written.is_empty() {
            s.push_str(&match lang {
                Lang::Zh => format!("（{} 个文件）", self.written.len()),
                Lang::En => format!(" ({} files)", self.written.len()),
            });
        }
        if self.incomplete > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!("；{} 个文件不完整", self.incomplete),
                Lang::En => format!("; {} incomplete", self.incomplete),
            });
        }
        s.push('\n');
        if !self.failed.is_empty() {
            s.push_str(&match lang {
                Lang::Zh => format!("plandoc：{} 个失败：\n", self.failed.len()),
                Lang::En => format!("plandoc: {} failed:\n", self.failed.len()),
            });
            for (_, why) in &self.failed {
                s.push_str(&format!("  {why}\n"));
            }
        }
        s.push_str(&input::skipped_lines(&self.skipped, lang));
        s
    }
}

/// True for errors in the command line itself (a missing input, an empty folder, no --db): exit code 2.
pub fn is_usage_error(e: &Error) -> bool {
    e.is_usage()
}

/// The `export` command: every notice under `inputs`, in sorted order, to `opts.format`.
///
/// A notice that cannot be read or parses with errors is reported in [`Summary::failed`] and skipped.
/// For SQLite all notices of the run are loaded in one transaction: a database error rolls back the
/// whole run and is returned as `Err`, leaving the database as it was.
pub fn run(inputs: &[PathBuf], opts: &ExportOptions, log: &mut dyn FnMut(&str)) -> Result<Summary, Error> {
    let request = input::Request {
        outputs: vec![opts.out_dir.clone()],
        stem: opts.stem.clone(),
        max_bytes: opts.max_bytes,
        json_in_dirs: false,
    };
    let resolved = input::resolve(inputs, &request, &mut std::io::stdin().lock())?;
    run_resolved(&resolved, opts, log)
}

/// [`run`] over inputs already resolved.
pub fn run_resolved(resolved: &Resolved, opts: &ExportOptions, log: &mut dyn FnMut(&str)) -> Result<Summary, Error> {
    let mut summary = Summary { target: opts.out_dir.clone(), skipped: resolved.skipped.clone(), ..Summary::default() };
    let files = &resolved.inputs;
    let parse_opts = crate::parse::Options { max_bytes: opts.max_bytes };
    let mut take = |input: &Input, summary: &mut Summary| -> Option<Document> {
        match input::usable(input, &parse_opts, opts.strict, opts.lang, log) {
            Use::Doc { doc, incomplete } => {
                summary.incomplete += usize::from(incomplete);
                Some(*doc)
            }
            Use::Skip(reason) => {
                summary.skipped.push(Skipped { path: input.path().to_path_buf(), reason });
                None
            }
            Use::Refused { reason, incomplete } => {
                summary.incomplete += usize::from(incomplete);
                summary.failed.push((input.path().to_path_buf(), reason));
                None
            }
        }
    };
    match opts.format {
        Format::Csv | Format::Xlsx => {
            let names = input::output_names(files);
            for (file, name) in files.iter().zip(&names) {
                let stem = name.strip_suffix(".json").unwrap_or(name);
                let sink = Sink::Files { format: opts.format, dir: &opts.out_dir, stem };
                let Some(doc) = take(file, &mut summary) else { continue };
                match export_one(&doc, &sink) {
                    Ok(paths) => {
                        summary.exported += 1;
                        summary.written.extend(paths);
                    }
                    Err(e) => summary.failed.push((file.path().to_path_buf(), e.message(opts.lang))),
                }
            }
        }
        Format::Sqlite => {
            let db = opts.db.as_deref().ok_or_else(|| Error::Usage("--format sqlite 需要 --db FILE".into()))?;
            summary.target = db.to_path_buf();
            let mut conn = sqlite::open(db)?;
            let tx = conn.transaction().map_err(|e| sqlite::db_error(db, e))?;
            for file in files {
                if let Some(doc) = take(file, &mut summary) {
                    export_one(&doc, &Sink::Sqlite { tx: &tx, db })?;
                    summary.exported += 1;
                }
            }
            tx.commit().map_err(|e| sqlite::db_error(db, e))?;
        }
    }
    Ok(summary)
}
