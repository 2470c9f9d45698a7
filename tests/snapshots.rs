//! Whole-document snapshots: the seed and every fixture in tests/fixtures, as JSON. Each snapshot was
//! read line by line before it was accepted; a stale or unreferenced snapshot fails the suite.

use std::path::Path;

fn parse_named(path: &Path) -> plandoc::Document {
    let bytes = std::fs::read(path).unwrap();
    // The file name alone, so snapshots do not depend on where the repository is checked out.
    let name = path.file_name().unwrap().to_string_lossy();
    plandoc::parse_bytes(&bytes, &name).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seed() {
    let doc = parse_named(Path::new("seeds/000_3011126d5fd8c4d3.txt"));
    insta::assert_json_snapshot!("seed", doc);
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.txt", |path| {
        insta::assert_json_snapshot!(parse_named(path));
    });
}

/// `cargo insta test --unreferenced reject`, as a test: every .snap file under tests/snapshots belongs to a
/// test. A file `T__NAME.snap` needs tests/T.rs to name "NAME" in a snapshot assertion; a glob snapshot
/// `T__FN@FILE.snap` needs `fn FN` in tests/T.rs and FILE among the fixtures it globs.
#[test]
fn no_unreferenced_snapshots() {
    let fixtures: Vec<String> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut stray = Vec::new();
    for e in std::fs::read_dir("tests/snapshots").unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".snap") else {
            stray.push(name);
            continue;
        };
        let Some((test_file, snap)) = stem.split_once("__") else {
            stray.push(name);
            continue;
        };
        let source = std::fs::read_to_string(format!("tests/{test_file}.rs")).unwrap_or_default();
        let referenced = match snap.split_once('@') {
            Some((func, file)) => source.contains(&format!("fn {func}()")) && fixtures.iter().any(|f| f == file),
            None => source.contains(&format!("\"{snap}\"")),
        };
        if !referenced {
            stray.push(name);
        }
    }
    assert!(stray.is_empty(), "snapshots no test references: {stray:?}");
}
