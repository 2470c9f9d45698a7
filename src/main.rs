//! The `plandoc` command: arguments → library calls → files and exit codes (0 ok, 1 a file failed, 2 usage).

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use plandoc::batch::{self, Sink};
use plandoc::input;
use plandoc::output::Lang;
use plandoc::{Error, Options};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "plandoc", version, about = "Chinese government plan notices → structured data")]
struct Cli {
    /// Language of the summary lines: zh (default) or en.
    #[arg(long, value_enum, global = true, default_value = "zh")]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

/// The help of every INPUTS argument: what the resolver reads ([`input::EXTENSIONS`] filled in at start).
const INPUTS_HELP: &str = "Notice files, `parse` JSON, directories (searched recursively), or - for standard input";

#[derive(Subcommand)]
enum Command {
    /// Parse notices into JSON: out/<stem>.json per file.
    Parse {
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
        /// The output name for standard input (-): <stem>.json.
        #[arg(long)]
        stem: Option<String>,
        /// Any warning fails the file (not written, exit 1): for import jobs.
        #[arg(long)]
        strict: bool,
        /// No line about what was written, no summary (warnings and errors are still printed).
        #[arg(long, short)]
        quiet: bool,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Print the text a file is read as (a Word, web, PDF or Excel file's text and tables, one table row per
    /// line): every `line` in `parse`'s output is a line of it.
    Text {
        file: PathBuf,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Print the JSON Schema of `parse`'s output (schema/plandoc.schema.json).
    Schema,
    /// Export notices as CSV or Excel files per notice, or into one SQLite database.
    Export {
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
        /// The output name for standard input (-).
        #[arg(long)]
        stem: Option<String>,
        /// Any warning refuses the notice (exit 1): for import jobs.
        #[arg(long)]
        strict: bool,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = plandoc::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
    },
    /// Compare two years' plans (notices or `parse` JSON): exit 0 when the same, 1 when they differ, 2 on error.
    Diff {
        /// The earlier plan: a notice in any format `parse` reads, a JSON `parse` wrote, or - for standard input.
        old: PathBuf,
        /// The later plan, likewise.
        new: PathBuf,
        /// text: a readable summary; md: Markdown tables for a report; json: the documented report shape
        /// (the same in every --lang).
        #[arg(long, value_enum, default_value_t = plandoc::diff::render::Format::Text)]
        format: plandoc::diff::render::Format,
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

/// The command line, with the help of every INPUTS argument naming the extensions a directory scan reads.
fn command() -> clap::Command {
    let help = format!("{INPUTS_HELP}; a directory scan reads .{}", input::EXTENSIONS.join(" ."));
    let mut cmd = Cli::command();
    for sub in ["parse", "export", "departments"] {
        let help = help.clone();
        cmd = cmd.mut_subcommand(sub, |s| s.mut_arg("inputs", |a| a.help(help)));
    }
    cmd
}

fn main() -> ExitCode {
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let lang = cli.lang;
    match cli.command {
        Command::Parse { inputs, out_dir, stdout, jsonl, stem, strict, quiet, max_bytes } => {
            let run = ParseRun { out_dir, stdout, jsonl, stem, strict, quiet, max_bytes, lang };
            parse(&inputs, &run)
        }
        Command::Text { file, max_bytes } => match plandoc::read::text_file(&file, max_bytes) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e, lang),
        },
        Command::Schema => {
            print!("{}", plandoc::schema::schema_json());
            ExitCode::SUCCESS
        }
        Command::Export { inputs, format, out_dir, db, stem, strict, max_bytes } => {
            let opts = plandoc::export::ExportOptions { format, out_dir, db, max_bytes, strict, stem, lang };
            match plandoc::export::run(&inputs, &opts, &mut |m| eprintln!("{m}")) {
                Ok(s) => {
                    eprint!("{}", s.report(lang));
                    if s.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
                }
                Err(e) => fail(&e, lang),
            }
        }
        Command::Departments { inputs, name, as_of, format, max_bytes } => {
            let q = plandoc::export::view::Query { name, as_of };
            match plandoc::export::view::run(&inputs, &q, format, max_bytes, &mut |m| eprintln!("{m}")) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, lang),
            }
        }
        Command::Report { notice, compare, out, max_bytes } => {
            let opts = Options { max_bytes };
            let mut stdout = std::io::stdout().lock();
            match plandoc::report::run(&notice, compare.as_deref(), out.as_deref(), &opts, &mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    report(&e, lang);
                    ExitCode::from(2)
                }
            }
        }
        Command::Diff { old, new, format, out, max_bytes } => {
            let color = out.is_none() && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let opts = plandoc::diff::RunOptions { format, lang, color, out, max_bytes };
            match plandoc::diff::run(&old, &new, &opts, &mut std::io::stdout().lock()) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    report(&e, lang);
                    ExitCode::from(2)
                }
            }
        }
    }
}

fn report(e: &Error, lang: Lang) {
    eprintln!("{}", e.report(lang));
}

/// Report an error that stopped the command: exit 2 for a usage error, 1 otherwise.
fn fail(e: &Error, lang: Lang) -> ExitCode {
    report(e, lang);
    ExitCode::from(if e.is_usage() { 2 } else { 1 })
}

struct ParseRun {
    out_dir: PathBuf,
    stdout: bool,
    jsonl: bool,
    stem: Option<String>,
    strict: bool,
    quiet: bool,
    max_bytes: u64,
    lang: Lang,
}

fn parse(inputs: &[PathBuf], r: &ParseRun) -> ExitCode {
    let request = input::Request {
        outputs: vec![r.out_dir.clone()],
        stem: r.stem.clone(),
        max_bytes: r.max_bytes,
        json_in_dirs: false,
    };
    let resolved = match input::resolve(inputs, &request, &mut std::io::stdin().lock()) {
        Ok(f) => f,
        Err(e) => return fail(&e, r.lang),
    };
    let files = &resolved.inputs;
    if r.stdout && files.len() != 1 {
        let e = Error::Usage(match r.lang {
            Lang::Zh => format!("--stdout 只接受一个通知，这里有 {} 个", files.len()),
            Lang::En => format!("--stdout takes exactly one notice, got {}", files.len()),
        });
        report(&e, r.lang);
        return ExitCode::from(2);
    }
    let mut settings = batch::Settings::new(Options { max_bytes: r.max_bytes }, std::io::stderr().is_terminal());
    settings.strict = r.strict;
    settings.lang = r.lang;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let sink = match (r.jsonl, r.stdout) {
        (true, _) => Sink::Lines(&mut out),
        (false, true) => Sink::Pretty(&mut out),
        (false, false) => Sink::Dir(&r.out_dir),
    };
    let mut summary = match batch::run(files, sink, &settings, &mut std::io::stderr()) {
        Ok(s) => s,
        Err(e) => {
            report(&e, r.lang);
            return ExitCode::from(1);
        }
    };
    summary.skipped.splice(0..0, resolved.skipped);
    let batch = files.len() > 1 || inputs.iter().any(|p| p.is_dir());
    if !r.quiet {
        if batch {
            eprint!("{}", summary.render(r.lang));
        } else if let (Some(line), false, false) = (&summary.last_written, r.stdout, r.jsonl) {
            eprintln!("{line}");
        }
    }
    if summary.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
