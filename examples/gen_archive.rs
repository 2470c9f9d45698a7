//! Bench inputs on disk: the corpus → an archive of N varied notices, or one notice k times larger.
//!
//! `cargo run --release --example gen_archive -- archive DIR 1000` and
//! `cargo run --release --example gen_archive -- enlarge FILE 10 OUT` (see bench/README.md).

#[path = "../benches/datagen/mod.rs"]
mod datagen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["archive", dir, n] => match n.parse::<usize>() {
            Ok(n) => datagen::write_archive(&PathBuf::from(dir), n)
                .map(|bytes| format!("{n} notices, {bytes} bytes under {dir}")),
            Err(e) => Err(std::io::Error::other(format!("N: {e}"))),
        },
        ["enlarge", file, k, out] => match (std::fs::read(file), k.parse::<usize>()) {
            (Ok(bytes), Ok(k)) => {
                let big = datagen::enlarge(&bytes, k);
                std::fs::write(out, &big).map(|_| format!("{out}: {} bytes ({k}× {file})", big.len()))
            }
            (Err(e), _) => Err(e),
            (_, Err(e)) => Err(std::io::Error::other(format!("K: {e}"))),
        },
        _ => {
            eprintln!("usage: gen_archive archive DIR N | gen_archive enlarge FILE K OUT");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_archive: {e}");
            ExitCode::FAILURE
        }
    }
}
