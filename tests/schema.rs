//! The published schema: schema/plandoc.schema.json is what the types generate, every JSON document the
//! suite produces validates against it, and SCHEMA_VERSION moves with the schema's shape.

use plandoc::model::SCHEMA_VERSION;
use serde_json::Value;
use std::path::{Path, PathBuf};

const SCHEMA_FILE: &str = "schema/plandoc.schema.json";

/// Every schema version with the hash of its shape (`plandoc::schema::shape_hash`), oldest first.
/// When the shape changes: bump SCHEMA_VERSION in src/model.rs, append a line here, regenerate
/// schema/plandoc.schema.json (`cargo run -- schema > schema/plandoc.schema.json`). Never edit a line.
const HISTORY: &[(&str, &str)] = &[
    ("1.0", "605fd6fd84fdc67c9e25064cc043deb045987b6d037e3fc656ff886ae23cc489"),
    // issue 15: tasks gain responsible_departments, deadline {raw, date, kind, milestones}, measures and extra.
    ("1.1", "0e9c76f8394488c269e179c7bebb91adadc1368fd066d1514b4a0f71577e5c39"),
    // issue 16: source.format (which reader ran); page on indicators, tasks and projects (PDF).
    ("1.2", "72328307104121bdb38093740b18c470389de9163bad7b5c3a7a31d2de973e48"),
];

fn committed_schema() -> Value {
    let text = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_else(|e| panic!("{SCHEMA_FILE}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&committed_schema()).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn files_in(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == ext)).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn committed_schema_is_fresh() {
    let committed = std::fs::read_to_string(SCHEMA_FILE).unwrap_or_default();
    assert!(
        committed == plandoc::schema::schema_json(),
        "{SCHEMA_FILE} is stale: run `cargo run -- schema > {SCHEMA_FILE}` and commit it"
    );
}

#[test]
fn schema_version_moves_with_the_shape() {
    let hash = plandoc::schema::shape_hash();
    let (last_version, last_hash) = HISTORY[HISTORY.len() - 1];
    assert_eq!(
        (last_version, last_hash),
        (SCHEMA_VERSION, hash.as_str()),
        "the schema's shape and SCHEMA_VERSION disagree with the last HISTORY entry: a changed shape needs a \
         new SCHEMA_VERSION and a new HISTORY line; a new SCHEMA_VERSION needs a changed shape"
    );
    for (i, (v, h)) in HISTORY.iter().enumerate() {
        for (w, g) in &HISTORY[..i] {
            assert_ne!(v, w, "version {v} listed twice: bump SCHEMA_VERSION instead of editing HISTORY");
            assert_ne!(h, g, "versions {w} and {v} have the same shape");
        }
    }
}

#[test]
fn every_parsed_input_validates() {
    let v = validator();
    let mut inputs = files_in("seeds", "txt");
    inputs.extend(files_in("tests/corpus", "txt"));
    inputs.extend(files_in("tests/fixtures", "txt"));
    assert!(inputs.len() >= 20, "{inputs:?}");
    for p in &inputs {
        let doc = plandoc::parse_file(p, &plandoc::Options::default()).unwrap();
        let json: Value = serde_json::from_str(&plandoc::output::to_json(&doc)).unwrap();
        let errs = errors(&v, &json);
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
    }
}

/// The committed outputs (out/) and the whole-document snapshots (tests/snapshots/) are JSON the suite
/// produces and compares: they validate too.
#[test]
fn committed_outputs_and_snapshots_validate() {
    let v = validator();
    let mut checked = 0;
    for p in files_in("out", "json") {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let errs = errors(&v, &json);
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
        checked += 1;
    }
    for p in files_in("tests/snapshots", "snap") {
        let text = std::fs::read_to_string(&p).unwrap();
        // An insta snapshot: a `---` header block, then the body.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        let Ok(json) = serde_json::from_str::<Value>(body) else { continue };
        if json.get("schema_version").is_none() {
            continue;
        }
        let errs = errors(&v, &json);
        assert!(errs.is_empty(), "{}: {errs:#?}", p.display());
        checked += 1;
    }
    assert!(checked >= 1, "no committed output found");
}

#[test]
fn the_schema_rejects_what_parse_never_writes() {
    let v = validator();
    let doc = plandoc::parse_file(Path::new("seeds/000_3011126d5fd8c4d3.txt"), &Default::default()).unwrap();
    let good = serde_json::to_value(&doc).unwrap();
    assert!(errors(&v, &good).is_empty());
    let mut bad = Vec::new();
    let mut wrong_type = good.clone();
    wrong_type["plan"]["indicators"][0]["line"] = Value::String("38".into());
    bad.push(("a line number as text", wrong_type));
    let mut missing = good.clone();
    missing["plan"]["tasks"][0].as_object_mut().unwrap().remove("departments");
    bad.push(("a field left out", missing));
    let mut unknown = good.clone();
    unknown["plan"]["projects"][0]["budget"] = Value::from(1);
    bad.push(("a field the types do not have", unknown));
    let mut kind = good.clone();
    kind["plan"]["indicators"][0]["target"]["kind"] = Value::String("numerical".into());
    bad.push(("an enum value the types do not have", kind));
    let mut version = good;
    version["schema_version"] = Value::String("0.9".into());
    bad.push(("another schema_version", version));
    for (what, doc) in bad {
        assert!(!errors(&v, &doc).is_empty(), "the schema accepts {what}");
    }
}
