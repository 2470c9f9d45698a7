//! `plandoc departments` and the other commands this branch adds, run as a user runs them: the listing
//! of every responsible department with what it owns, `schema`, and `export`'s files and exit codes.

use plandoc::export::registry::{ItemKind, Registry};
use std::path::Path;
use std::process::Command;

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const OTHER: &str = "tests/corpus/other_district_2024.txt";

fn parse(path: &str) -> plandoc::Document {
    plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap()
}

fn plandoc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

/// Every department every item names is listed, under one name, owning that item — and nothing else.
fn assert_complete(doc: &plandoc::Document) {
    let reg = Registry::build(doc);
    let mut expected = 0;
    let items = doc
        .plan
        .indicators
        .iter()
        .enumerate()
        .map(|(k, i)| (ItemKind::Indicator, k, &i.departments))
        .chain(doc.plan.tasks.iter().enumerate().map(|(k, t)| (ItemKind::Task, k, &t.departments)))
        .chain(doc.plan.projects.iter().enumerate().map(|(k, p)| (ItemKind::Project, k, &p.units)));
    for (kind, k, names) in items {
        let mut owners = Vec::new();
        for n in names {
            let (i, dep) = reg.lookup(n).unwrap_or_else(|| panic!("{n} not listed"));
            assert!(dep.forms.contains(n));
            assert!(dep.items().any(|o| o.kind == kind && o.index == k), "{} does not own {kind:?} {k}", dep.name);
            if !owners.contains(&i) {
                owners.push(i);
            }
        }
        expected += owners.len();
    }
    let listed: usize = reg.departments.iter().map(|d| d.items().count()).sum();
    assert_eq!(listed, expected);
}

#[test]
fn every_department_owns_what_names_it() {
    for f in [SEED, OTHER, "tests/corpus/next_year_2021.txt", "tests/fixtures/county_plan_2022_pipe_rows.txt"] {
        assert_complete(&parse(f));
    }
}

#[test]
fn seed_joins_the_two_forms_of_the_water_bureau() {
    let reg = Registry::build(&parse(SEED));
    let water: Vec<_> = reg.departments.iter().filter(|d| d.bare == "水务局").collect();
    assert_eq!(water.len(), 1);
    assert_eq!(water[0].name, "区水务局");
    assert_eq!(water[0].forms, ["区水务局", "水务局"]);
    assert!(water[0].indicators.iter().any(|o| o.written_as == "水务局"));
    assert!(reg.notes.is_empty());
}

#[test]
fn seed_listing() {
    let out = plandoc(&["departments", SEED]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, Registry::build(&parse(SEED)).to_text());
    insta::assert_snapshot!("seed_text", text);
}

#[test]
fn json_listing() {
    let out = plandoc(&["departments", "--format", "json", OTHER]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let deps = v["departments"].as_array().unwrap();
    assert_eq!(deps.len(), Registry::build(&parse(OTHER)).departments.len());
    let lead = deps.iter().find(|d| d["name"] == "区城市管理和综合执法局").unwrap();
    let task = lead["tasks"].as_array().unwrap().iter().find(|t| t["name"] == "深化生活垃圾分类").unwrap();
    assert_eq!(task["role"], "lead");
    let support = deps.iter().find(|d| d["name"] == "区机关事务管理局").unwrap();
    let task = support["tasks"].as_array().unwrap().iter().find(|t| t["name"] == "深化生活垃圾分类").unwrap();
    assert_eq!(task["role"], "support");
    insta::assert_json_snapshot!("other_district_json", v);
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = plandoc(&["schema"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string("schema/plandoc.schema.json").unwrap());
}

#[test]
fn export_command_files_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let out = plandoc(&["export", "--format", "csv", "--out-dir", d, "seeds"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = plandoc(&["export", "--format", "xlsx", "--out-dir", d, SEED]);
    assert!(out.status.success());
    let mut names: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "000_3011126d5fd8c4d3.indicators.csv",
            "000_3011126d5fd8c4d3.projects.csv",
            "000_3011126d5fd8c4d3.tasks.csv",
            "000_3011126d5fd8c4d3.xlsx"
        ]
    );
    // sqlite without --db is a usage error; a missing input is one too.
    assert_eq!(plandoc(&["export", "--format", "sqlite", SEED]).status.code(), Some(2));
    assert_eq!(plandoc(&["export", "--format", "csv", "--out-dir", d, "no/such.txt"]).status.code(), Some(2));
    // A notice that cannot be parsed is reported and the others are still exported: exit 1.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let db = dir.path().join("p.db");
    let out = plandoc(&["export", "--format", "sqlite", "--db", db.to_str().unwrap(), SEED, empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已导出 1 个通知") && err.contains("1 个失败") && err.contains("empty.txt"), "{err}");
    // The failure names the file once.
    assert_eq!(err.matches("empty.txt").count(), 1, "{err}");
}
