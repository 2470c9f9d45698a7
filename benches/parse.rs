//! Benchmarks: the seed, its box-drawing and GB18030 variants, a 1,000-notice archive and k× inputs → MB/s.
//!
//! `cargo bench --bench parse` (all), or a group: `cargo bench --bench parse -- stages/seed`,
//! `-- whole`, `-- batch`, `-- scaling`. Criterion prints time and throughput (`thrpt`) for each.

mod datagen;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use plandoc::model::Diags;
use plandoc::output;
use plandoc::parse::{indicators, notice, projects, sections, tasks};
use plandoc::read::{decode, lines, tables};
use std::hint::black_box;
use std::time::Duration;

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("seed", datagen::read(datagen::SEED)),
        ("boxdraw", datagen::read("tests/corpus/table_boxdraw.txt")),
        ("gb18030", datagen::read("tests/corpus/enc_gb18030.txt")),
    ]
}

/// Each stage of `plandoc::parse_bytes` on its own, fed the previous stage's output.
fn stages(c: &mut Criterion) {
    for (name, bytes) in inputs() {
        let mut g = c.benchmark_group(format!("stages/{name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("1_decode", |b| b.iter(|| decode::decode(black_box(&bytes), &mut Diags::default())));
        let text = decode::decode(&bytes, &mut Diags::default()).expect("decodes").text;
        g.bench_function("2_lines", |b| b.iter(|| lines::split_lines(black_box(&text), &mut Diags::default())));
        let (ls, _) = lines::split_lines(&text, &mut Diags::default());
        g.bench_function("3_tables", |b| b.iter(|| tables::find_tables(black_box(&ls))));
        let blocks = tables::find_tables(&ls);
        // layout takes the blocks by value (their cells move into the grids): each run gets a copy, made
        // outside the timed part.
        g.bench_function("4_grid", |b| {
            b.iter_batched(
                || blocks.clone(),
                |bl| plandoc::parse::layout(black_box(&ls), bl, &mut Diags::default()),
                criterion::BatchSize::SmallInput,
            )
        });
        let (items, grids) = plandoc::parse::layout(&ls, blocks, &mut Diags::default());
        let leading = plandoc::parse::leading_lines(&items);
        g.bench_function("5_notice", |b| b.iter(|| notice::read(black_box(&leading), &mut Diags::default())));
        let next = notice::read(&leading, &mut Diags::default()).next;
        g.bench_function("6_sections", |b| b.iter(|| sections::read(black_box(&items[next..]), &mut Diags::default())));
        let body = sections::read(&items[next..], &mut Diags::default());
        // The record extractors move texts out of the grids: each run gets a copy, made outside the timed part.
        g.bench_function("7_records", |b| {
            b.iter_batched(
                || grids.clone(),
                |mut grids| {
                    let mut d = Diags::default();
                    let mut n = tasks::extract(black_box(&body.sections), &mut d).len();
                    for gr in &mut grids {
                        if indicators::is_indicator_grid(gr) {
                            n += indicators::extract(gr, &mut d).len();
                        } else if projects::is_project_grid(gr) {
                            n += projects::extract(gr, &mut d).0.len();
                        }
                    }
                    n
                },
                criterion::BatchSize::SmallInput,
            )
        });
        let doc = plandoc::parse_bytes(&bytes, name).expect("parses");
        g.bench_function("8_json_pretty", |b| b.iter(|| output::to_json(black_box(&doc))));
        g.bench_function("8_json_line", |b| b.iter(|| plandoc::batch::to_json_line(black_box(&doc))));
        g.finish();
    }
}

/// The whole of `parse_bytes`, per input.
fn whole(c: &mut Criterion) {
    let mut g = c.benchmark_group("whole");
    for (name, bytes) in inputs() {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name, |b| b.iter(|| plandoc::parse_bytes(black_box(&bytes), name)));
    }
    g.finish();
}

/// `plandoc::batch::run` over 1,000 generated notices in ten folders, `--jsonl` into a sink, on all cores.
/// The archive is written (to a temporary folder) only when this benchmark is selected.
fn batch(c: &mut Criterion) {
    let mut g = c.benchmark_group("batch");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let settings = plandoc::batch::Settings::new(plandoc::Options::default(), false);
    let archive = std::cell::OnceCell::new();
    let bytes = datagen::ARCHIVE_BYTES;
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(BenchmarkId::new("archive_jsonl", 1000), |b| {
        let (_dir, files) = archive.get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let written = datagen::write_archive(dir.path(), 1000).expect("archive written");
            assert_eq!(written, bytes, "datagen::ARCHIVE_BYTES is out of date");
            let files: Vec<plandoc::input::Input> = plandoc::input::files(&[dir.path().to_path_buf()])
                .expect("archive found")
                .into_iter()
                .map(plandoc::input::Input::file)
                .collect();
            (dir, files)
        });
        b.iter(|| {
            let mut out = std::io::sink();
            let sink = plandoc::batch::Sink::Lines(&mut out);
            plandoc::batch::run(black_box(files), sink, &settings, &mut std::io::sink()).expect("runs")
        })
    });
    g.finish();
}

/// Linear cost: the seed and the other district's plan, 1×, 10× and 30× as large (text and table rows
/// repeated), and two inputs built for slow paths at n and 10n (datagen::adversarial). Throughput that stays
/// flat as the input grows means no step costs more than linear time.
fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("scaling");
    g.sample_size(20);
    for (name, rel) in [("seed", datagen::SEED), ("other_district", "tests/corpus/other_district_2024.txt")] {
        let base = datagen::read(rel);
        for k in [1, 10, 30] {
            let bytes = datagen::enlarge(&base, k);
            g.throughput(Throughput::Bytes(bytes.len() as u64));
            g.bench_function(BenchmarkId::new(name, format!("{k}x")), |b| {
                b.iter(|| plandoc::parse_bytes(black_box(&bytes), name))
            });
        }
    }
    for kind in ["rule_lines", "repeated_header"] {
        for n in [2_000, 20_000] {
            let bytes = datagen::adversarial(kind, n);
            g.throughput(Throughput::Bytes(bytes.len() as u64));
            g.bench_function(BenchmarkId::new(kind, n), |b| b.iter(|| plandoc::parse_bytes(black_box(&bytes), kind)));
        }
    }
    g.finish();
}

criterion_group!(benches, stages, whole, batch, scaling);
criterion_main!(benches);
