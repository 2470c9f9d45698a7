//! Shared by the equivalence tests: a parsed document → its notice and plan as JSON, without line and page numbers,
//! every string folded for width and whitespace, so copies of one plan compare equal.

use serde_json::{Value, json};
use std::path::Path;

pub fn comparable(doc: &plandoc::Document) -> Value {
    fn norm(v: Value) -> Value {
        match v {
            Value::String(s) => Value::String(plandoc::text::fold(&s)),
            Value::Array(a) => Value::Array(a.into_iter().map(norm).collect()),
            Value::Object(o) => Value::Object(
                o.into_iter().filter(|(k, _)| k != "line" && k != "page").map(|(k, v)| (k, norm(v))).collect(),
            ),
            other => other,
        }
    }
    norm(json!({ "notice": doc.notice, "plan": doc.plan }))
}

/// Parse a file that must parse without an error-level diagnostic.
#[allow(dead_code)] // not every test binary that shares this module calls it
pub fn parse(path: &str) -> plandoc::Document {
    let doc = plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!plandoc::has_errors(&doc), "{path}: {:?}", doc.diagnostics);
    doc
}

/// Where two JSON values differ, as `path: a != b` lines, so a failure says where.
#[allow(dead_code)]
pub fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let (p, q) = (x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null));
                differences(p, q, &format!("{path}.{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} != {b}")),
        _ => {}
    }
}

/// `got` equals `expected`, or the test fails listing the first differences.
#[allow(dead_code)]
pub fn assert_same(expected: &Value, got: &Value, file: &str) {
    let mut d = Vec::new();
    differences(expected, got, "", &mut d);
    assert!(
        d.is_empty(),
        "{file} differs from the seed:\n{}",
        d.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// A string as `comparable` holds it (folded).
#[allow(dead_code)]
pub fn fold(s: &str) -> Value {
    Value::String(plandoc::text::fold(s))
}
