//! The genre corpus: every `tests/genre/*.txt` notice → its parse compared with the `.expected.json` written by
//! hand (see tests/genre/README.md for the format); prints a score per file and fails on any mismatch.

use plandoc::Document;
use plandoc::text::fold;
use serde_json::{Value, json};
use std::path::Path;

/// One file's checks: how many were made, and what failed.
#[derive(Default)]
struct Score {
    made: usize,
    failed: Vec<String>,
}

impl Score {
    fn check(&mut self, what: &str, ok: bool, detail: impl FnOnce() -> String) {
        self.made += 1;
        if !ok {
            self.failed.push(format!("{what}: {}", detail()));
        }
    }

    /// `got` equals `want`, strings compared folded (width and whitespace do not count).
    fn same(&mut self, what: &str, want: &Value, got: &Value) {
        let ok = folded(want) == folded(got);
        self.check(what, ok, || format!("expected {want}, got {got}"));
    }
}

fn folded(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(fold(s)),
        Value::Array(a) => Value::Array(a.iter().map(folded).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), folded(v))).collect()),
        _ => v.clone(),
    }
}

/// The fields of a record the expected file names, as the parse gives them (a target, a period and an
/// investment compared by their raw text).
fn field(record: &Value, key: &str) -> Value {
    match key {
        "target" | "period" | "investment" => {
            record.get(key).and_then(|v| v.get("raw")).cloned().unwrap_or(Value::Null)
        }
        _ => record.get(key).cloned().unwrap_or(Value::Null),
    }
}

fn check_records(score: &mut Score, kind: &str, want: &[Value], got: &[Value]) {
    let name_key = if kind == "tasks" { "title" } else { "name" };
    let number_key = if kind == "tasks" { "number" } else { "serial" };
    for w in want {
        let Some(w) = w.as_object() else { continue };
        // Found by name, or by number (and group) when the expected record gives no name.
        let found = got.iter().find(|g| match w.get(name_key) {
            Some(n) => folded(n) == folded(&field(g, name_key)),
            None => {
                field(g, number_key) == *w.get(number_key).unwrap_or(&Value::Null)
                    && w.get("group").is_none_or(|grp| folded(grp) == folded(&field(g, "group")))
            }
        });
        let label = format!("{kind} {}", w.get(name_key).or(w.get(number_key)).unwrap_or(&Value::Null));
        let Some(g) = found else {
            score.check(&label, false, || "not found".into());
            continue;
        };
        for (k, v) in w {
            score.same(&format!("{label}.{k}"), v, &field(g, k));
        }
    }
}

fn run(doc: &Document, want: &Value) -> Score {
    let mut s = Score::default();
    let got = serde_json::to_value(doc).expect("a document serialises");
    if let Some(n) = want.get("notice") {
        match (n.as_object(), got["notice"].as_object()) {
            (None, gn) => s.check("notice", gn.is_none(), || format!("expected none, got {}", got["notice"]["title"])),
            (Some(_), None) => s.check("notice", false, || "expected a notice, got none".into()),
            (Some(w), Some(g)) => {
                for (k, v) in w {
                    let gv = match k.as_str() {
                        "body_count" => json!(g["body"].as_array().map_or(0, Vec::len)),
                        "attachments" => Value::Array(
                            g["attachments"].as_array().into_iter().flatten().map(|a| a["title"].clone()).collect(),
                        ),
                        "metadata" => {
                            let m = &g["metadata"];
                            Value::Object(
                                v.as_object()
                                    .into_iter()
                                    .flatten()
                                    .map(|(k, _)| (k.clone(), m.get(k).cloned().unwrap_or(Value::Null)))
                                    .collect(),
                            )
                        }
                        _ => g.get(k).cloned().unwrap_or(Value::Null),
                    };
                    s.same(&format!("notice.{k}"), v, &gv);
                }
            }
        }
    }
    if let Some(p) = want.get("plan").and_then(Value::as_object) {
        for (k, v) in p {
            s.same(&format!("plan.{k}"), v, &got["plan"][k]);
        }
    }
    let plan = &got["plan"];
    if let Some(secs) = want.get("sections").and_then(Value::as_array) {
        let have: Vec<Value> = plan["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| json!([x["number"], x["title"], x["kind"]]))
            .collect();
        s.check("sections.count", secs.len() == have.len(), || {
            format!("expected {}, got {}: {:?}", secs.len(), have.len(), have)
        });
        for (i, w) in secs.iter().enumerate() {
            s.same(&format!("sections[{i}]"), w, have.get(i).unwrap_or(&Value::Null));
        }
    }
    if let Some(n) = want.get("preamble_count") {
        s.same("preamble_count", n, &json!(plan["preamble"].as_array().map_or(0, Vec::len)));
    }
    if let Some(c) = want.get("counts").and_then(Value::as_object) {
        for (k, v) in c {
            let n = if k == "tables" { &got["tables"] } else { &plan[k] };
            s.same(&format!("counts.{k}"), v, &json!(n.as_array().map_or(0, Vec::len)));
        }
    }
    for kind in ["indicators", "tasks", "projects"] {
        if let Some(w) = want.get(kind).and_then(Value::as_array) {
            check_records(&mut s, kind, w, plan[kind].as_array().map_or(&[], Vec::as_slice));
        }
    }
    if let Some(codes) = want.get("diagnostics").and_then(Value::as_array) {
        for c in codes {
            let ok = doc.diagnostics.iter().any(|d| Some(d.code.as_str()) == c.as_str());
            s.check(&format!("diagnostic {c}"), ok, || format!("not among {:?}", doc.diagnostics));
        }
    }
    s
}

#[test]
fn genre_corpus() {
    let dir = Path::new("tests/genre");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/genre exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the genre corpus has {} files", files.len());
    let (mut made, mut passed, mut report) = (0, 0, Vec::new());
    for path in &files {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let expected = dir.join(format!("{stem}.expected.json"));
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(&expected).unwrap_or_else(|e| panic!("{}: {e}", expected.display())),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
        let parsed = plandoc::parse_file(path, &plandoc::Options::default());
        let score = match (want.get("error").and_then(Value::as_str), parsed) {
            (Some("not_a_plan"), r) => {
                let mut s = Score::default();
                s.check("error", matches!(r, Err(plandoc::Error::NotAPlan { .. })), || "no NotAPlan error".into());
                s
            }
            (_, Err(e)) => Score { made: 1, failed: vec![format!("parse failed: {e}")] },
            (_, Ok(doc)) => {
                let mut s = run(&doc, &want);
                s.check("no error diagnostic", !plandoc::has_errors(&doc), || format!("{:?}", doc.diagnostics));
                s
            }
        };
        made += score.made;
        passed += score.made - score.failed.len();
        println!("{stem}: {}/{}", score.made - score.failed.len(), score.made);
        for f in &score.failed {
            println!("    {f}");
        }
        if !score.failed.is_empty() {
            report.push(stem);
        }
    }
    println!("genre total: {passed}/{made} checks in {} files", files.len());
    assert!(report.is_empty(), "files with mismatches: {report:?}");
}

/// The one rule, both ways: the project's own documents are not plan notices (a clear error of its own), and
/// every notice of the other test sets is one.
#[test]
fn what_is_a_plan_notice() {
    for path in ["README.md", "Cargo.toml", "tests/corpus/README.md", "tests/genre/README.md", "bench/README.md"] {
        let r = plandoc::parse_file(Path::new(path), &plandoc::Options::default());
        assert!(matches!(r, Err(plandoc::Error::NotAPlan { .. })), "{path}: {:?}", r.map(|d| d.plan.title));
        let text = std::fs::read_to_string(path).expect("readable");
        assert!(!plandoc::parse::genre::is_plan_notice(&text), "{path}");
    }
    for dir in ["seeds", "tests/corpus", "tests/fixtures", "tests/variants"] {
        for e in std::fs::read_dir(dir).expect("a test folder") {
            let path = e.expect("an entry").path();
            if path.extension().is_some_and(|x| x == "txt") {
                let doc = plandoc::parse_file(&path, &plandoc::Options::default());
                assert!(doc.is_ok(), "{}: {:?}", path.display(), doc.err());
            }
        }
    }
}
