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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse { inputs, out_dir, stdout, jsonl, max_bytes } => {
            parse(&inputs, &out_dir, stdout, jsonl, max_bytes)
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
