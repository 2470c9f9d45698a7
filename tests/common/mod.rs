//! Shared by the equivalence tests: a parsed document → its notice and plan as JSON, without line and page numbers,
//! every string folded for width and whitespace, so copies of one plan compare equal.

use serde_json::{Value, json};

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
