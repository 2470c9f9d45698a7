//! Bench data: the seed and the corpus notices → a varied archive of N notices, and inputs k times larger.
//!
//! Shared by the benchmarks (`benches/parse.rs`) and `examples/gen_archive.rs` (archives on disk for
//! hyperfine and /usr/bin/time). Everything here is deterministic: the same N gives the same bytes.

#![allow(dead_code)]

use plandoc::model::Diags;
use std::path::{Path, PathBuf};

/// The repository root (where `seeds/` and `tests/corpus/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

pub fn read(rel: &str) -> Vec<u8> {
    let p = root().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The seed and every corpus notice, as (file name, bytes), sorted by name with the seed first.
pub fn samples() -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("seed.txt".to_string(), read(SEED))];
    let dir = root().join("tests/corpus");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    for n in names {
        let bytes = read(&format!("tests/corpus/{n}"));
        out.push((n, bytes));
    }
    out
}

#[derive(Clone, Copy)]
enum Enc {
    Utf8 { bom: bool },
    Utf16Le,
    Gb18030,
}

fn decode(bytes: &[u8]) -> (String, Enc) {
    let d = plandoc::read::decode::decode(bytes, &mut Diags::default()).expect("bench inputs decode");
    let enc = match d.encoding {
        "UTF-16LE" => Enc::Utf16Le,
        "GB18030" => Enc::Gb18030,
        _ => Enc::Utf8 { bom: bytes.starts_with(&[0xEF, 0xBB, 0xBF]) },
    };
    (d.text.into_owned(), enc)
}

fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 { bom } => {
            let mut b = if bom { vec![0xEF, 0xBB, 0xBF] } else { Vec::new() };
            b.extend_from_slice(text.as_bytes());
            b
        }
        Enc::Utf16Le => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

/// One table as 0-based line indexes into `text.split('\n')`: its first line, where its data rows start
/// and end (without a trailing 合计 row), and its end (exclusive).
struct TableLines {
    start: usize,
    data: Vec<(usize, usize)>,
    end: usize,
}

fn tables_of(text: &str) -> Vec<TableLines> {
    let (lines, _) = plandoc::read::lines::split_lines(text, &mut Diags::default());
    let mut out = Vec::new();
    for b in plandoc::read::tables::find_tables(&lines) {
        let plandoc::read::tables::Block::Table(t) = b else { continue };
        let (first, last) = (t.line, t.last_line);
        let g = plandoc::read::grid::build(t, &mut Diags::default());
        let starts: Vec<(usize, bool)> =
            g.rows.iter().map(|r| (r.line.saturating_sub(1), plandoc::read::grid::is_total_row(&r.cells))).collect();
        let mut data = Vec::new();
        for (i, &(s, total)) in starts.iter().enumerate() {
            let e = starts.get(i + 1).map(|x| x.0).unwrap_or(g.last_line);
            if !total && e > s && data.last().is_none_or(|&(_, pe)| pe <= s) {
                data.push((s, e));
            }
        }
        out.push(TableLines { start: first - 1, data, end: last });
    }
    out
}

/// A small deterministic generator (splitmix64), so the archive is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Every four-digit year 2010–2035 written in ASCII digits, moved by `delta` years.
fn shift_years(text: &str, delta: i32) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i + 4 <= b.len() {
        let window = &b[i..i + 4];
        let bounded = (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        if bounded && window.iter().all(u8::is_ascii_digit) {
            let y: i32 = text[i..i + 4].parse().unwrap_or(0);
            if (2010..=2035).contains(&y) {
                out.push_str(&text[last..i]);
                out.push_str(&(y + delta).to_string());
                last = i + 4;
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

/// A variant of a notice: years moved by −2…+5 and about one data row in five (never the first) dropped or
/// doubled.
pub fn vary(bytes: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let (text, enc) = decode(bytes);
    let text = shift_years(&text, rng.below(8) as i32 - 2);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut copies = vec![1usize; lines.len()];
    for t in tables_of(&text) {
        // The first row stays: it carries the merged cells of the rows below it.
        for &(s, e) in t.data.iter().skip(1) {
            let n = match rng.below(10) {
                0 => 0,
                1 => 2,
                _ => 1,
            };
            copies[s..e].iter_mut().for_each(|c| *c = n);
        }
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + lines.len() / 4);
    let mut i = 0;
    while i < lines.len() {
        // Runs of lines with the same copy count are one row (or plain text).
        let mut j = i + 1;
        while j < lines.len() && copies[j] == copies[i] && copies[i] != 1 {
            j += 1;
        }
        for _ in 0..copies[i] {
            out.extend_from_slice(&lines[i..j]);
        }
        i = j;
    }
    encode(&out.join("\n"), enc)
}

/// The notice `k` times larger: the plan's text (from its first 一、 heading) and every table's data rows
/// repeated `k` times, table headers and the notice once. `enlarge(b, 1)` gives `b` back.
pub fn enlarge(bytes: &[u8], k: usize) -> Vec<u8> {
    let (text, enc) = decode(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    let first_heading =
        lines.iter().position(|l| plandoc::read::headings::heading_level(l.trim()) == Some(1)).unwrap_or(lines.len());
    let mut out: Vec<&str> = lines[..first_heading].to_vec();
    let mut pos = first_heading;
    for t in tables_of(&text).into_iter().filter(|t| t.start >= first_heading) {
        let (Some(first), Some(last)) = (t.data.first(), t.data.last()) else { continue };
        repeat(&mut out, &lines[pos..t.start], k);
        out.extend_from_slice(&lines[t.start..first.0]);
        repeat(&mut out, &lines[first.0..last.1], k);
        out.extend_from_slice(&lines[last.1..t.end]);
        pos = t.end;
    }
    repeat(&mut out, &lines[pos..], k);
    encode(&out.join("\n"), enc)
}

fn repeat<'a>(out: &mut Vec<&'a str>, lines: &[&'a str], k: usize) {
    for _ in 0..k {
        out.extend_from_slice(lines);
    }
}

/// Inputs built to hit a slow path, `n` units long: `rule_lines` (a run of box-drawing rules with no
/// table) and `repeated_header` (a tab-per-cell table whose header comes back `n` times).
/// Both were quadratic once; benches/parse.rs times them at n and 10n.
pub fn adversarial(kind: &str, n: usize) -> Vec<u8> {
    let text = match kind {
        "rule_lines" => format!("标题\n{}", "──────────\n".repeat(n)),
        "repeated_header" => format!("标题\n\t序号\n\t名称\n\t1\n{}\t2\n", "\t序号\n\t名称\n".repeat(n)),
        _ => panic!("no adversarial input {kind}"),
    };
    text.into_bytes()
}

/// The bytes [`write_archive`] writes for 1,000 notices (checked by the batch benchmark), so throughput
/// can be declared before the archive exists.
pub const ARCHIVE_BYTES: u64 = 22_072_896;

/// Write `n` varied notices under `dir` (ten district folders, so the walk recurses); returns their bytes.
pub fn write_archive(dir: &Path, n: usize) -> std::io::Result<u64> {
    let samples = samples();
    let mut total = 0;
    for i in 0..n {
        let (name, bytes) = &samples[i % samples.len()];
        let sub = dir.join(format!("district_{:02}", i % 10));
        std::fs::create_dir_all(&sub)?;
        let v = vary(bytes, i as u64);
        total += v.len() as u64;
        std::fs::write(sub.join(format!("{i:05}_{name}")), v)?;
    }
    Ok(total)
}
