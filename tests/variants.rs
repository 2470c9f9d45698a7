//! The other district's plan re-rendered in every table layout and two more encodings
//! (tests/variants/, made by tests/variants/generate.py) parses to exactly the data of the original.

mod common;

use serde_json::Value;
use std::path::Path;

fn comparable(path: &str) -> (Value, plandoc::Document) {
    let doc = plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    (common::comparable(&doc), doc)
}

#[test]
fn every_layout_gives_the_same_plan() {
    let (original, _) = comparable("tests/corpus/other_district_2024.txt");
    let mut seen = 0;
    let mut files: Vec<_> = std::fs::read_dir("tests/variants").unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let (got, doc) = comparable(path.to_str().unwrap());
        assert!(got == original, "{} differs from the original", path.display());
        let warnings: Vec<_> = doc.diagnostics.iter().filter(|d| d.level != plandoc::model::Level::Info).collect();
        assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
        seen += 1;
    }
    assert_eq!(seen, 8, "six layouts and two re-encoded copies");
}
