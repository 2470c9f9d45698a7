//! Profiling loop: one notice file → parsed N times in this process, with the time per parse and MB/s.
//!
//! For `perf record` / `perf stat` (which count CPU time and instructions, steadier than wall time on a
//! shared machine): `cargo run --release --example parse_loop -- seeds/000_3011126d5fd8c4d3.txt 2000`.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(n)) = (args.first(), args.get(1).and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: parse_loop FILE N");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("parse_loop: {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let mut indicators = 0;
    for _ in 0..n {
        match plandoc::parse_bytes(std::hint::black_box(&bytes), file) {
            Ok(doc) => indicators += doc.plan.indicators.len(),
            Err(e) => {
                eprintln!("parse_loop: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let per = started.elapsed().as_secs_f64() / f64::from(n.max(1));
    println!(
        "{file}: {} bytes, {n} parses, {:.1} µs per parse (wall), {:.1} MB/s; {} indicators each",
        bytes.len(),
        per * 1e6,
        bytes.len() as f64 / per / 1e6,
        indicators / n.max(1) as usize
    );
    ExitCode::SUCCESS
}
