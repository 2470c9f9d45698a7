//! Never crash: the seed and corpus notices, mutated (truncated, bytes flipped, lines deleted or doubled, table
//! cells shuffled, random bytes, huge lines, deep numbering) → `parse_bytes` gives a document or an error
//! naming the file, and serialises; it never panics and never runs away (each case has a time limit).
//!
//! The case counts keep the whole file around 20 s in a debug build on 2 cores. More cases:
//! `PROPTEST_CASES=1000 cargo test --release --test robustness`.

use proptest::prelude::*;
use proptest::sample::Index;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::mpsc;
use std::time::Duration;

/// Far above any real parse (the seed takes about 1 ms in release, 30 ms in debug): only a loop or a
/// runaway (quadratic) step reaches it.
const LIMIT: Duration = Duration::from_secs(30);

const NAME: &str = "mutant.txt";

/// The seed and every corpus notice, as bytes.
static FILES: LazyLock<Vec<(PathBuf, Vec<u8>)>> = LazyLock::new(|| {
    let mut paths = vec![PathBuf::from("seeds/000_3011126d5fd8c4d3.txt")];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir("tests/corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    corpus.sort();
    paths.extend(corpus);
    paths.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
});

/// `cases` per property, or PROPTEST_CASES × cases / 48 when that is set (a long hunt).
fn config(cases: u32) -> ProptestConfig {
    let cases = match std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse::<u32>().ok()) {
        Some(n) => (n * cases / 48).max(1),
        None => cases,
    };
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The file as UTF-8 text (decoded the way plandoc decodes it), for line-level mutations.
fn text_of(i: &Index) -> String {
    let (path, bytes) = &FILES[i.index(FILES.len())];
    let d = plandoc::read::decode::decode(bytes, &mut plandoc::model::Diags::default())
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    d.text.into_owned()
}

fn bytes_of(i: &Index) -> Vec<u8> {
    FILES[i.index(FILES.len())].1.clone()
}

/// Parse on another thread: Ok(()) when it returned (a document or an error) within [`LIMIT`].
fn check(input: Vec<u8>) -> Result<(), TestCaseError> {
    check_named(input, NAME)
}

/// The seed as a Word file, a web page, a PDF and a workbook (tests/formats), with their names.
static FORMATS: LazyLock<Vec<(&'static str, Vec<u8>)>> = LazyLock::new(|| {
    ["seed.docx", "seed_web.docx", "seed.html", "seed.pdf", "seed_tables.xlsx"]
        .into_iter()
        .map(|n| (n, std::fs::read(format!("tests/formats/{n}")).unwrap()))
        .collect()
});

/// As [`check`], for a file named `name` (its extension picks the reader where its bytes do not).
fn check_named(input: Vec<u8>, name: &'static str) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    let len = input.len();
    let worker = std::thread::spawn(move || {
        let outcome = match plandoc::parse_bytes(&input, name) {
            Ok(doc) => {
                // The document must serialise, both ways it is written.
                let pretty = plandoc::output::to_json(&doc);
                let line = plandoc::batch::to_json_line(&doc);
                Ok((pretty.len(), line.len()))
            }
            Err(e) => Err(e.to_string()),
        };
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(LIMIT) {
        Ok(Ok((pretty, line))) => {
            prop_assert!(pretty > 0 && line > 0);
            prop_assert!(worker.join().is_ok());
        }
        Ok(Err(message)) => {
            prop_assert!(message.starts_with(name), "an error must name the file: {message}");
            prop_assert!(!message.contains('\n'), "one line: {message}");
            prop_assert!(worker.join().is_ok());
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The worker dropped the sender without sending: it panicked.
            let why = worker.join().err().map(|p| panic_text(&p)).unwrap_or_default();
            return Err(TestCaseError::fail(format!("parse panicked on {len} bytes: {why}")));
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            return Err(TestCaseError::fail(format!("parse of {len} bytes ran over {LIMIT:?}")));
        }
    }
    Ok(())
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

fn lines(text: &str) -> Vec<&str> {
    text.split('\n').collect()
}

/// A small deterministic shuffle (Fisher–Yates driven by splitmix64), so a failing case replays exactly.
fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut s = seed;
    for i in (1..v.len()).rev() {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let j = ((z ^ (z >> 31)) % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Shuffle the cells of every table: its lines among themselves, and the cells within each line.
fn shuffle_tables(text: &str, seed: u64) -> String {
    let (ls, _) = plandoc::read::lines::split_lines(text, &mut plandoc::model::Diags::default());
    let mut out: Vec<String> = lines(text).into_iter().map(str::to_string).collect();
    for (k, b) in plandoc::read::tables::find_tables(&ls).into_iter().enumerate() {
        let plandoc::read::tables::Block::Table(t) = b else { continue };
        let range = (t.line - 1).min(out.len())..t.last_line.min(out.len());
        let mut rows: Vec<String> = out[range.clone()].to_vec();
        shuffle(&mut rows, seed ^ k as u64);
        for (r, row) in rows.iter_mut().enumerate() {
            for sep in ['\t', '|', '│'] {
                if row.contains(sep) {
                    let mut cells: Vec<&str> = row.split(sep).collect();
                    shuffle(&mut cells, seed ^ ((r as u64) << 8));
                    *row = cells.join(&sep.to_string());
                    break;
                }
            }
        }
        out.splice(range, rows);
    }
    out.join("\n")
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn truncated_at_any_byte(file in any::<Index>(), at in any::<Index>()) {
        let mut b = bytes_of(&file);
        b.truncate(at.index(b.len() + 1));
        check(b)?;
    }

    #[test]
    fn bytes_flipped(file in any::<Index>(), flips in prop::collection::vec((any::<Index>(), any::<u8>()), 1..64)) {
        let mut b = bytes_of(&file);
        for (at, x) in flips {
            let i = at.index(b.len());
            b[i] ^= x | 1;
        }
        check(b)?;
    }

    #[test]
    fn lines_deleted_or_doubled(file in any::<Index>(), edits in prop::collection::vec((any::<Index>(), 0u8..3), 1..40)) {
        let text = text_of(&file);
        let mut ls: Vec<&str> = lines(&text);
        for (at, op) in edits {
            let i = at.index(ls.len());
            match op {
                0 => { ls.remove(i); }
                1 => { let l = ls[i]; ls.insert(i, l); }
                _ => { let l = ls[i]; ls.push(l); }
            }
            if ls.is_empty() { break; }
        }
        check(ls.join("\n").into_bytes())?;
    }

    #[test]
    fn table_cells_shuffled(file in any::<Index>(), seed in any::<u64>()) {
        check(shuffle_tables(&text_of(&file), seed).into_bytes())?;
    }

    #[test]
    fn random_bytes_inserted(file in any::<Index>(), at in any::<Index>(), junk in prop::collection::vec(any::<u8>(), 1..2048)) {
        let mut b = bytes_of(&file);
        let i = at.index(b.len() + 1);
        b.splice(i..i, junk);
        check(b)?;
    }

    #[test]
    fn random_bytes_alone(junk in prop::collection::vec(any::<u8>(), 0..8192)) {
        check(junk)?;
    }

    #[test]
    fn random_text_alone(text in "(\\PC|\\s|[一二三四五六七八九十（）、．0-9|\\t附件：注]){0,4000}") {
        check(text.into_bytes())?;
    }
}

proptest! {
    // Big inputs: fewer cases, each a few hundred kilobytes.
    #![proptest_config(config(8))]

    #[test]
    fn huge_lines(file in any::<Index>(), at in any::<Index>(), unit in "(\\PC|\\t|\\|){1,8}", len in 20_000usize..200_000) {
        let text = text_of(&file);
        let mut ls: Vec<String> = lines(&text).into_iter().map(str::to_string).collect();
        let i = at.index(ls.len());
        ls[i] = unit.repeat(len / unit.len().max(1) + 1);
        check(ls.join("\n").into_bytes())?;
    }

    #[test]
    fn deep_numbering(file in any::<Index>(), at in any::<Index>(), depth in 100usize..3000, style in 0u8..4) {
        let text = text_of(&file);
        let mut ls: Vec<String> = lines(&text).into_iter().map(str::to_string).collect();
        let i = at.index(ls.len() + 1);
        let deep: Vec<String> = (1..=depth)
            .map(|k| match style {
                0 => format!("{}{}、标题", "（".repeat(k % 50), k),
                1 => format!("（{}）第{k}层（责任部门：区{k}局）", k % 99),
                2 => format!("{}．{}", k % 100, "1．".repeat(k % 64)),
                _ => format!("{}、{}（一）1．（1）", ["一", "二", "三", "十", "九十九"][k % 5], "附件".repeat(k % 7)),
            })
            .collect();
        ls.splice(i..i, deep);
        check(ls.join("\n").into_bytes())?;
    }
}

/// Every file in tests/regressions (inputs the fuzzer or these properties once crashed on) still parses
/// without a panic, within the time limit.
#[test]
fn regressions_parse_without_panic() {
    let dir = Path::new("tests/regressions");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        if let Err(e) = check(bytes) {
            panic!("{}: {e}", p.display());
        }
        n += 1;
    }
    assert!(n > 0, "tests/regressions holds no input");
}

proptest! {
    #![proptest_config(config(48))]

    /// Word, web, PDF and Excel files cut anywhere, with bytes flipped, or with junk inserted: a document or an
    /// error naming the file, never a panic or a hang.
    #[test]
    fn format_files_mutated(file in any::<Index>(), at in any::<Index>(), flips in prop::collection::vec((any::<Index>(), any::<u8>()), 0..16), cut in any::<bool>()) {
        let (name, bytes) = &FORMATS[file.index(FORMATS.len())];
        let mut b = bytes.clone();
        for (at, x) in flips {
            let i = at.index(b.len());
            b[i] ^= x | 1;
        }
        if cut {
            b.truncate(at.index(b.len() + 1));
        }
        check_named(b, name)?;
    }
}
