//! The seed as the files its users hold (tests/formats/: Word, a web page, a Word file saved from the web page,
//! PDF, an Excel attachment) parses to the seed's notice and plan, field for field, except what each test names.

mod common;

use common::comparable;
use plandoc::Document;
use serde_json::{Value, json};
use std::path::Path;

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

fn parse(path: &str) -> Document {
    let doc = plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!plandoc::has_errors(&doc), "{path}: {:?}", doc.diagnostics);
    doc
}

fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
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

/// `file` parses to the seed's notice and plan after `edit` (the differences the format is allowed, by name),
/// with no warning, and says which reader ran.
fn same_as_seed(file: &str, format: &str, edit: impl FnOnce(&mut Value)) {
    let mut expected = comparable(&parse(SEED));
    edit(&mut expected);
    let doc = parse(&format!("tests/formats/{file}"));
    let mut d = Vec::new();
    differences(&expected, &comparable(&doc), "", &mut d);
    assert!(
        d.is_empty(),
        "{file} differs from the seed:\n{}",
        d.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    assert_eq!(doc.source.format, format);
    let warnings: Vec<_> = doc.diagnostics.iter().filter(|d| d.level != plandoc::model::Level::Info).collect();
    assert!(warnings.is_empty(), "{file}: {warnings:?}");
}

fn fold(s: &str) -> Value {
    Value::String(plandoc::text::fold(s))
}

/// The metadata block of the government site's page (发文字号 is empty there, so it is not kept).
fn page_metadata(v: &mut Value) {
    v["notice"]["metadata"] = json!({
        "索引号": fold("11120225MB1601633W/2020-00015"),
        "发布机构": fold("天津市蓟州区人民政府办公室"),
        "成文日期": fold("2020年04月09日"),
    });
}

#[test]
fn word() {
    same_as_seed("seed.docx", "docx", |_| {});
}

#[test]
fn word_saved_from_the_web_page() {
    same_as_seed("seed_web.docx", "docx", |v| {
        page_metadata(v);
        // The page's footer, saved into the Word file as a paragraph after the plan's 附件: nothing in Word
        // tells it from the 附件's text.
        v["plan"]["appendices"][0]["paragraphs"] = json!([fold("主办单位:天津市蓟州区人民政府办公室")]);
    });
}

#[test]
fn web_page() {
    same_as_seed("seed.html", "html", page_metadata);
}

#[test]
fn excel_attachment() {
    // The workbook holds only the two tables: the seed's 20 indicators and 21 projects, every field equal.
    let seed = comparable(&parse(SEED));
    let doc = parse("tests/formats/seed_tables.xlsx");
    assert_eq!(doc.source.format, "xlsx");
    let got = comparable(&doc);
    for part in ["indicators", "projects"] {
        let mut d = Vec::new();
        differences(&seed["plan"][part], &got["plan"][part], part, &mut d);
        assert!(
            d.is_empty(),
            "seed_tables.xlsx {part}:\n{}",
            d.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    assert_eq!((doc.plan.indicators.len(), doc.plan.projects.len()), (20, 21));
}

#[test]
fn pdf_exported_from_word() {
    same_as_seed("seed.pdf", "pdf", |_| {});
    // Where the records are: indicator 7's row starts on page 2 and goes on on page 3 (one row); the project
    // table starts on page 6; project 7 is on page 9 (pdftotext -f 9 -l 9 shows it).
    let doc = parse("tests/formats/seed.pdf");
    let pages = |serial: u32| -> Vec<Option<u32>> {
        doc.plan.indicators.iter().filter(|i| i.serial == Some(serial)).map(|i| i.page).collect()
    };
    assert_eq!(pages(1), [Some(1)]);
    assert_eq!(pages(7), [Some(2)]);
    assert_eq!(pages(10), [Some(3)]);
    assert_eq!(doc.plan.projects[0].page, Some(6));
    assert_eq!(doc.plan.projects[6].page, Some(9));
    assert_eq!(doc.plan.tasks[0].page, Some(3));
    // Every other format has no pages.
    assert!(parse("tests/formats/seed.docx").plan.indicators.iter().all(|i| i.page.is_none()));
}
