//! out/ holds exactly what `plandoc parse seeds` writes now: this fails when the committed files are stale.

use std::path::{Path, PathBuf};

#[test]
fn out_matches_a_fresh_parse_of_seeds() {
    let inputs = plandoc::input::files(&[PathBuf::from("seeds")]).unwrap();
    let names = plandoc::input::output_names(&inputs.iter().map(plandoc::input::Input::file).collect::<Vec<_>>());
    let mut expected_files: Vec<String> = Vec::new();
    for (input, name) in inputs.iter().zip(&names) {
        let doc = plandoc::parse_file(input, &plandoc::Options::default()).unwrap();
        let fresh = plandoc::output::to_json(&doc);
        let committed = std::fs::read_to_string(Path::new("out").join(name))
            .unwrap_or_else(|e| panic!("out/{name}: {e} (run `cargo run -- parse seeds`)"));
        assert!(fresh == committed, "out/{name} is stale: run `cargo run -- parse seeds` and commit it");
        expected_files.push(name.clone());
    }
    let mut present: Vec<String> = std::fs::read_dir("out")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    present.sort();
    expected_files.sort();
    assert_eq!(present, expected_files, "out/ holds files that `parse seeds` does not write");
}
