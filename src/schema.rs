//! Schema: the Rust output types in [`crate::model`] → the JSON Schema of `parse`'s output, and its shape hash.

use crate::model::{Document, SCHEMA_VERSION};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The JSON Schema (draft 2020-12) of one `parse` output document, keys sorted at every level.
///
/// It describes what `parse` writes (schemars' serialize contract): every field is required, `null`
/// where the type is optional. Objects with named fields admit no other field, and `schema_version` is
/// pinned with `const`, so a validator rejects a document of another shape or version.
pub fn schema() -> Value {
    let generator = SchemaSettings::draft2020_12().for_serialize().into_generator();
    let mut v = serde_json::to_value(generator.into_root_schema_for::<Document>()).unwrap_or(Value::Null);
    close_objects(&mut v);
    if let Some(Value::Object(p)) = v.get_mut("properties").and_then(|p| p.get_mut("schema_version")) {
        p.insert("const".into(), Value::String(SCHEMA_VERSION.into()));
    }
    if let Value::Object(o) = &mut v {
        o.insert("title".into(), Value::String("plandoc parse output".into()));
        o.insert("$comment".into(), Value::String(format!("schema_version {SCHEMA_VERSION}")));
    }
    sorted(v)
}

/// [`schema`] as pretty JSON with a final newline: what `plandoc schema` prints and
/// `schema/plandoc.schema.json` holds.
pub fn schema_json() -> String {
    let mut s = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// SHA-256 (hex) of the schema's *shape*: the schema without its prose (`description`, `title`,
/// `$comment`), with every string enum written one way (schemars writes `oneOf` of `const`s once a
/// variant has a doc comment) and without the `const` that pins `schema_version`. It changes exactly when a field, a
/// type, an enum value or a required list changes — which is when `SCHEMA_VERSION` must change.
pub fn shape_hash() -> String {
    let mut v = schema();
    if let Some(Value::Object(p)) = v.get_mut("properties").and_then(|p| p.get_mut("schema_version")) {
        p.remove("const");
    }
    strip_prose(&mut v);
    same_enums(&mut v);
    let bytes = serde_json::to_vec(&v).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `additionalProperties: false` on every object schema that lists its properties and says nothing
/// about others (maps such as `extra` keep their `additionalProperties`).
fn close_objects(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.contains_key("properties") && !o.contains_key("additionalProperties") {
                o.insert("additionalProperties".into(), Value::Bool(false));
            }
            o.values_mut().for_each(close_objects);
        }
        Value::Array(a) => a.iter_mut().for_each(close_objects),
        _ => {}
    }
}

fn strip_prose(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for k in ["description", "title", "$comment"] {
                // Only the keyword, never a property that happens to be called "title".
                if o.get(k).is_some_and(Value::is_string) {
                    o.remove(k);
                }
            }
            o.values_mut().for_each(strip_prose);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_prose),
        _ => {}
    }
}

/// A string enum as `{"type": "string", "enum": [sorted values]}`, however it was written: `enum`, or
/// `oneOf` of `const`/`enum` alternatives.
fn same_enums(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.values_mut().for_each(same_enums);
            let values: Option<Vec<Vec<Value>>> = match o.get("oneOf").and_then(Value::as_array) {
                Some(alts) => alts.iter().map(string_values).collect(),
                None if o.contains_key("enum") => string_values(&Value::Object(o.clone())).map(|x| vec![x]),
                None => None,
            };
            if let Some(values) = values {
                let mut all: Vec<String> =
                    values.concat().iter().filter_map(|x| x.as_str().map(String::from)).collect();
                all.sort();
                o.remove("oneOf");
                o.insert("type".into(), Value::String("string".into()));
                o.insert("enum".into(), Value::Array(all.into_iter().map(Value::String).collect()));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(same_enums),
        _ => {}
    }
}

/// The values a string-only `{"type": "string", "const"|"enum": …}` schema admits; None for any other schema.
fn string_values(v: &Value) -> Option<Vec<Value>> {
    let o = v.as_object()?;
    if o.get("type")? != "string" || o.keys().any(|k| !matches!(k.as_str(), "type" | "const" | "enum")) {
        return None;
    }
    let mut out = Vec::new();
    if let Some(c) = o.get("const") {
        out.push(c.clone());
    }
    if let Some(Value::Array(e)) = o.get("enum") {
        out.extend(e.iter().cloned());
    }
    (!out.is_empty() && out.iter().all(Value::is_string)).then_some(out)
}

/// Keys in sorted order at every level, whatever map type serde_json was built with.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut entries: Vec<(String, Value)> = o.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect::<Map<_, _>>())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_the_document_fields_and_pins_the_version() {
        let s = schema();
        let props = s["properties"].as_object().unwrap();
        let keys: Vec<&str> = props.keys().map(String::as_str).collect();
        assert_eq!(keys, ["diagnostics", "notice", "plan", "schema_version", "source", "tables"]);
        assert_eq!(s["properties"]["schema_version"]["const"], SCHEMA_VERSION);
    }

    #[test]
    fn prose_does_not_change_the_shape_but_a_field_does() {
        let mut a = serde_json::json!({"description": "x", "properties": {"title": {"type": "string"}}});
        strip_prose(&mut a);
        assert_eq!(a, serde_json::json!({"properties": {"title": {"type": "string"}}}));
        assert_eq!(shape_hash(), shape_hash());
        assert_eq!(shape_hash().len(), 64);
    }

    #[test]
    fn enums_written_two_ways_have_one_shape() {
        let mut a = serde_json::json!({"oneOf": [
            {"type": "string", "enum": ["text"]},
            {"type": "string", "const": "numeric"},
        ]});
        let mut b = serde_json::json!({"type": "string", "enum": ["numeric", "text"]});
        same_enums(&mut a);
        same_enums(&mut b);
        assert_eq!(a, b);
        let mut c = serde_json::json!({"oneOf": [{"type": "string", "const": "x"}, {"type": "integer"}]});
        let before = c.clone();
        same_enums(&mut c);
        assert_eq!(c, before);
    }

    #[test]
    fn keys_sorted() {
        let v = sorted(serde_json::json!({"b": 1, "a": {"d": 1, "c": 2}}));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":{"c":2,"d":1},"b":1}"#);
    }
}
