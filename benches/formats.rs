//! Benchmarks: the seed as a Word file, a web page, a PDF and a workbook → reading alone, and the whole parse.
//!
//! `cargo bench --bench formats`; a group: `-- read/`, `-- parse/`. The whole-process times against the targets
//! (a .docx or .html notice in under 10 ms, a PDF in under 3× `pdftotext -layout`) are taken by
//! `bench/formats.sh`, which runs the release binary.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plandoc::model::Diags;
use std::hint::black_box;
use std::time::Duration;

const FIXTURES: [&str; 5] = ["seed.docx", "seed_web.docx", "seed.html", "seed_tables.xlsx", "seed.pdf"];

fn formats(c: &mut Criterion) {
    for name in FIXTURES {
        let bytes = std::fs::read(format!("tests/formats/{name}")).expect("fixture");
        let mut g = c.benchmark_group(name);
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.measurement_time(Duration::from_secs(if name.ends_with(".pdf") { 10 } else { 5 }));
        g.bench_function("read", |b| {
            b.iter(|| plandoc::read::read(black_box(&bytes), name, &mut Diags::default()).map(|s| s.text.len()))
        });
        g.bench_function("parse", |b| b.iter(|| plandoc::parse_bytes(black_box(&bytes), name)));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = formats
}
criterion_main!(benches);
