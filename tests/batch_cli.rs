//! `plandoc parse` over many files: --jsonl order and content, the summary, exit codes, no progress bar when
//! piped, and the size limit refusing a file before reading it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

fn plandoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A folder tree with the seed and corpus notices, two levels deep, and a file `parse` does not read.
fn archive(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (i, name) in
        ["next_year_2021.txt", "other_district_2024.txt", "enc_gb18030.txt", "table_boxdraw.txt"].iter().enumerate()
    {
        let sub = dir.join(format!("d{}", i % 2)).join("inner");
        std::fs::create_dir_all(&sub).unwrap();
        let p = sub.join(name);
        std::fs::copy(Path::new("tests/corpus").join(name), &p).unwrap();
        files.push(p);
    }
    let p = dir.join("seed.txt");
    std::fs::copy(SEED, &p).unwrap();
    files.push(p);
    std::fs::write(dir.join("notes.json"), "{}").unwrap();
    files.sort();
    files
}

fn value(json: &[u8]) -> serde_json::Value {
    serde_json::from_slice(json).unwrap()
}

#[test]
fn jsonl_streams_every_document_in_sorted_order() {
    let tmp = tempfile::tempdir().unwrap();
    let files = archive(tmp.path());
    let o = plandoc(&["parse", tmp.path().to_str().unwrap(), "--jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<&[u8]> = o.stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), files.len());
    for (line, file) in lines.iter().zip(&files) {
        // Each line is the document `--stdout` gives for that file, compact.
        let alone = plandoc(&["parse", file.to_str().unwrap(), "--stdout"]);
        assert!(alone.status.success(), "{}", stderr(&alone));
        assert_eq!(value(line), value(&alone.stdout), "{}", file.display());
        assert!(!line.contains(&b'\n'));
    }
    // Run twice: the same bytes.
    let again = plandoc(&["parse", tmp.path().to_str().unwrap(), "--jsonl"]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn summary_names_failures_and_the_exit_code_is_1() {
    let tmp = tempfile::tempdir().unwrap();
    archive(tmp.path());
    let empty = tmp.path().join("d0/empty.txt");
    std::fs::write(&empty, "").unwrap();
    let o = plandoc(&["parse", tmp.path().to_str().unwrap(), "--jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("plandoc：6 个文件："), "{err}");
    assert!(err.contains("，1 个失败\n"), "{err}");
    assert!(err.contains(&format!("plandoc：失败：{}：空文件", empty.display())), "{err}");
    // The same in English.
    let o = plandoc(&["parse", tmp.path().to_str().unwrap(), "--jsonl", "--lang", "en"]);
    let err = stderr(&o);
    assert!(err.contains("plandoc: 6 file(s): ") && err.contains(", 1 failed\n"), "{err}");
    assert!(err.contains(&format!("plandoc: failed: {}: empty file", empty.display())), "{err}");
    // The five good files are still written.
    assert_eq!(o.stdout.iter().filter(|&&b| b == b'\n').count(), 5);
    // Piped: no progress bar (no carriage returns, no terminal escapes).
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn out_dir_batch_writes_every_file_and_summarises() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let files = archive(&input);
    let out = tmp.path().join("out");
    let o = plandoc(&["parse", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), files.len());
    let err = stderr(&o);
    let summary = err.lines().find(|l| l.starts_with("plandoc：5 个文件：")).unwrap_or_else(|| panic!("{err}"));
    assert!(summary.ends_with("，0 个失败"), "{summary}");
}

#[test]
fn one_file_prints_no_summary() {
    let o = plandoc(&["parse", SEED, "--stdout"]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
}

#[test]
fn jsonl_and_stdout_do_not_mix() {
    let o = plandoc(&["parse", SEED, "--stdout", "--jsonl"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    let o = plandoc(&["parse", SEED, "--stdout", "--max-bytes", "1000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains(&format!("{SEED}：21532 字节，超过 1000 字节的上限")), "{err}");
    let o = plandoc(&["parse", SEED, "--stdout", "--max-bytes", "1000", "--lang", "en"]);
    assert!(stderr(&o).contains(&format!("{SEED}: 21532 bytes is over the limit of 1000 bytes")), "{}", stderr(&o));
    let e = plandoc::parse_file(Path::new(SEED), &plandoc::Options { max_bytes: 21531 }).unwrap_err();
    assert!(matches!(e, plandoc::Error::TooLarge { size: 21532, limit: 21531, .. }), "{e}");
    assert!(plandoc::parse_file(Path::new(SEED), &plandoc::Options { max_bytes: 21532 }).is_ok());
}

/// 300 MiB of NUL bytes (a sparse file: no disk used) would be read and then called binary; the message says it
/// was refused by its size instead, so it was never read.
#[test]
fn a_huge_sparse_file_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(300 * 1024 * 1024).unwrap(); // sparse: no disk used, 300 MiB by metadata
    drop(f);
    let o = plandoc(&["parse", big.to_str().unwrap(), "--jsonl"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("314572800 字节，超过 268435456 字节的上限"), "{}", stderr(&o));
}
