//! The `plandoc` command: arguments → library calls → files and exit codes (0 ok, 1 a file failed, 2 usage).

use clap::{Parser, Subcommand};
use plandoc::batch::{self, Sink};
use plandoc::{Error, Options, output};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "plandoc", version, about = "Chinese government plan notices → structured data")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse notices into JSON: out/<stem>.json per file.
    Parse {
        /// Notice files, or directories searched recursively for .txt/.md/.tsv/.csv.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where the JSON files go.
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
        /// Write the one document's JSON to standard output instead of a file.
        #[arg(long)]
        stdout: bool,
        /// Stream one compact JSON document per line to standard output, in input order, instead of files.
        #[arg(long, conflicts_with = "stdout")]
        jsonl: bool,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Print the JSON Schema of `parse`'s output (schema/plandoc.schema.json).
    Schema,
    /// Export notices as CSV or Excel files per notice, or into one SQLite database.
    Export {
        /// Notice files, or directories searched recursively for .txt/.md/.tsv/.csv.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, value_enum)]
        format: plandoc::export::Format,
        /// Where CSV and Excel files go.
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
        /// The SQLite database to load into (created when missing); required with --format sqlite.
        #[arg(long, required_if_eq("format", "sqlite"))]
        db: Option<PathBuf>,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Compare two years' plans (notices or `parse` JSON): exit 0 when the same, 1 when they differ, 2 on error.
    Diff {
        /// The earlier plan: a notice in any format `parse` reads, or a JSON `parse` wrote.
        old: PathBuf,
        /// The later plan, likewise.
        new: PathBuf,
        /// text: a readable summary; md: Markdown tables for a report; json: the documented report shape.
        #[arg(long, value_enum, default_value_t = plandoc::diff::render::Format::Text)]
        format: plandoc::diff::render::Format,
        /// Language of text and Markdown: zh (default) or en. JSON is the same in both.
        #[arg(long, value_enum, default_value_t = plandoc::diff::render::Lang::Zh)]
        lang: plandoc::diff::render::Lang,
        /// Write the report to this file (atomically) instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Write a review page: one self-contained HTML file (indicators, tasks, projects, departments; with
    /// --compare, the changes since the older plan highlighted). Open it in any browser, or print it on A4.
    Report {
        /// The plan: a notice in any format `parse` reads, or a JSON `parse` wrote.
        notice: PathBuf,
        /// The earlier plan to compare with (last year's).
        #[arg(long)]
        compare: Option<PathBuf>,
        /// The HTML file to write (atomically); standard output without it.
        #[arg(short = 'o', long)]
        out: Option<PathBuf>,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// What each department must do, by when: notices and `parse` JSON of any regions and years, grouped by region
    /// and year, each item with its role (牵头/配合/责任) and source line, sorted by when it is due.
    Departments {
        /// Notice files, `parse` JSON files, or directories of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// One department (its name without 区/县/市 matches too; 各乡镇人民政府 reaches 马伸桥镇人民政府).
        #[arg(long)]
        name: Option<String>,
        /// Mark items due before this date 逾期 and within 30 days of it 临近 (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: plandoc::export::view::Format,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { inputs, out_dir, stdout, jsonl, max_bytes } => {
            parse(&inputs, &out_dir, stdout, jsonl, max_bytes)
        }
        Command::Schema => {
            print!("{}", plandoc::schema::schema_json());
            ExitCode::SUCCESS
        }
        Command::Export { inputs, format, out_dir, db, max_bytes } => {
            let opts = plandoc::export::ExportOptions { format, out_dir, db, max_bytes };
            match plandoc::export::run(&inputs, &opts, &mut |m| eprintln!("{m}")) {
                Ok(s) => {
                    eprint!("{}", s.report());
                    if s.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
                }
                Err(e) => {
                    report(&e);
                    ExitCode::from(if plandoc::export::is_usage_error(&e) { 2 } else { 1 })
                }
            }
        }
        Command::Departments { inputs, name, as_of, format, max_bytes } => {
            let q = plandoc::export::view::Query { name, as_of };
            match plandoc::export::view::run(&inputs, &q, format, max_bytes, &mut |m| eprintln!("{m}")) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(why) => {
                    eprintln!("plandoc: error: {why}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Report { notice, compare, out, max_bytes } => {
            let opts = Options { max_bytes };
            match plandoc::report::run(
                &notice,
                compare.as_deref(),
                out.as_deref(),
                &opts,
                &mut std::io::stdout().lock(),
            ) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    report(&e);
                    ExitCode::from(2)
                }
            }
        }
        Command::Diff { old, new, format, lang, out, max_bytes } => {
            use std::io::IsTerminal;
            let color = out.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = plandoc::diff::RunOptions { format, lang, color, out, max_bytes };
            match plandoc::diff::run(&old, &new, &opts, &mut std::io::stdout().lock()) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    report(&e);
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn report(e: &Error) {
    eprintln!("plandoc: error: {e}");
}

fn parse(inputs: &[PathBuf], out_dir: &std::path::Path, stdout: bool, jsonl: bool, max_bytes: u64) -> ExitCode {
    let files = match output::collect_inputs(inputs) {
        Ok(f) => f,
        Err(e) => {
            report(&e);
            return ExitCode::from(2);
        }
    };
    if stdout && files.len() != 1 {
        eprintln!("plandoc: error: --stdout takes exactly one notice, got {}", files.len());
        return ExitCode::from(2);
    }
    let settings = batch::Settings::new(Options { max_bytes }, std::io::stderr().is_terminal());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let sink = match (jsonl, stdout) {
        (true, _) => Sink::Lines(&mut out),
        (false, true) => Sink::Pretty(&mut out),
        (false, false) => Sink::Dir(out_dir),
    };
    let summary = match batch::run(&files, sink, &settings, &mut std::io::stderr()) {
        Ok(s) => s,
        Err(e) => {
            report(&e);
            return ExitCode::from(1);
        }
    };
    if files.len() > 1 || inputs.iter().any(|p| p.is_dir()) {
        eprint!("{}", summary.render());
    }
    if summary.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
