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

/// `cargo insta test --unreferenced reject`, as a test: every .snap file belongs to a test above.
#[test]
fn no_unreferenced_snapshots() {
    let mut expected: Vec<String> = vec!["snapshots__seed.snap".into()];
    for e in std::fs::read_dir("tests/fixtures").unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            expected.push(format!("snapshots__fixtures@{name}.snap"));
        }
    }
    let mut stray = Vec::new();
    for dir in ["tests/snapshots"] {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        for e in entries {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            if name.starts_with("snapshots__") && !expected.contains(&name) {
                stray.push(name);
            }
        }
    }
    assert!(stray.is_empty(), "snapshots no test references: {stray:?}");
}
