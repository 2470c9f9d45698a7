//! The seed as the files its users hold (tests/formats/: Word, a web page, a Word file saved from the web page,
//! PDF, an Excel attachment) parses to the seed's notice and plan, field for field, except what each test names.

mod common;

use common::{assert_same, comparable, differences, fold, parse};
use serde_json::{Value, json};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

fn same_as_seed(file: &str, format: &str, edit: impl FnOnce(&mut Value)) {
    let mut expected = comparable(&parse(SEED));
    edit(&mut expected);
    let doc = parse(&format!("tests/formats/{file}"));
    assert_same(&expected, &comparable(&doc), file);
    assert_eq!(doc.source.format, format);
    let warnings: Vec<_> = doc.diagnostics.iter().filter(|d| d.level != plandoc::model::Level::Info).collect();
    assert!(warnings.is_empty(), "{file}: {warnings:?}");
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

/// Write `bytes` as `name` in a fresh temporary directory and return the text plandoc reads from it.
fn text_of(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    plandoc::read::text_file(&path, u64::MAX).unwrap_or_else(|e| panic!("{e}"))
}

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in parts {
        w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        w.write_all(data.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// A Word paragraph in list `num` at level `lvl`.
fn numbered(num: u32, lvl: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
    )
}

#[test]
fn word_numbering_tracked_changes_and_text_boxes() {
    let level = |i: u32, fmt: &str, text: &str| {
        format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#
        )
    };
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum><w:abstractNum w:abstractNumId="1">{}{}</w:abstractNum><w:abstractNum w:abstractNumId="2">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#,
        level(0, "chineseCounting", "%1、"),
        level(1, "chineseCountingThousand", "（%2）"),
        level(2, "decimalFullWidth", "%3．"),
        level(0, "chineseLegalSimplified", "%1."),
        level(1, "ideographTraditional", "%2、"),
        level(0, "lowerRoman", "%1)"),
    );
    let mut body = String::new();
    body += &numbered(1, 0, "总体要求");
    body += &numbered(1, 1, "指导思想");
    body += &numbered(1, 2, "坚持生态优先");
    body += &numbered(1, 2, "坚持规划先行");
    body += &numbered(1, 1, "工作目标");
    body += &numbered(1, 0, "重点任务");
    for _ in 0..9 {
        body += &numbered(1, 1, "任务");
    }
    body += &numbered(2, 0, "保障");
    body += &numbered(2, 1, "组织");
    body += &numbered(3, 0, "罗马数字");
    // Tracked changes: the inserted words kept, the deleted dropped; a comment's mark ignored.
    body += r#"<w:p><w:r><w:t>完成率</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>90%</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>95%</w:t></w:r></w:ins><w:r><w:commentReference w:id="0"/></w:r></w:p>"#;
    // A text box (with its VML fallback, which must not be read twice), and a soft line break.
    body += r#"<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>"#;
    let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
    let header = format!(r#"<w:hdr {W}><w:p><w:r><w:t>页眉不读</w:t></w:r></w:p></w:hdr>"#);
    let bytes =
        zip(&[("word/document.xml", &document), ("word/numbering.xml", &numbering), ("word/header1.xml", &header)]);
    let text = text_of("numbered.docx", &bytes);
    let mut expected = vec![
        "一、总体要求",
        "（一）指导思想",
        "１．坚持生态优先",
        "２．坚持规划先行",
        "（二）工作目标",
        "二、重点任务",
    ];
    let tasks: Vec<String> =
        ["一", "二", "三", "四", "五", "六", "七", "八", "九"].iter().map(|n| format!("（{n}）任务")).collect();
    expected.extend(tasks.iter().map(String::as_str));
    expected.extend(["壹.保障", "甲、组织", "罗马数字", "完成率95%", "框内文字", "正文", "下一行"]);
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    // The diagnostics say what was read and what was not.
    let mut diags = plandoc::model::Diags::default();
    plandoc::read::read(&bytes, "numbered.docx", &mut diags).unwrap();
    let codes: Vec<&str> = diags.0.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["docx.tracked_changes", "docx.numbering"]);
}

#[test]
fn web_page_charsets() {
    let page = "<html><head><title>t</title></head><body><div><p>一、总体要求</p><p>坚持生态优先，推动绿色发展。</p></div></body></html>";
    // GBK declared in a meta tag, GBK without a declaration (detected), UTF-8 with a BOM.
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let declared = [b"<meta charset=\"gb2312\">".as_slice(), &gbk].concat();
    let bom = [b"\xEF\xBB\xBF".as_slice(), page.as_bytes()].concat();
    for (name, bytes) in [("declared.html", declared), ("detected.htm", gbk.to_vec()), ("bom.html", bom)] {
        assert_eq!(text_of(name, &bytes), "一、总体要求\n坚持生态优先，推动绿色发展。\n", "{name}");
    }
}

#[test]
fn web_page_that_is_mostly_a_table() {
    let rows: String = (1..=30).map(|i| format!("<tr><td>{i}</td><td>指标名称{i}</td><td>>{i}%</td></tr>")).collect();
    let page = format!(
        "<html><body><div class=nav><a href=/>首页</a></div><div><table><tr><th>序号</th><th>指标</th><th>目标值</th></tr>{rows}</table></div></body></html>"
    );
    let text = text_of("table.html", page.as_bytes());
    assert!(text.starts_with("| 序号 | 指标 | 目标值 |\n| 1 | 指标名称1 | >1% |\n"), "{text}");
    assert!(!text.contains("首页"), "{text}");
}

#[test]
fn text_command_prints_every_format() {
    let run =
        |file: &str| std::process::Command::new(env!("CARGO_BIN_EXE_plandoc")).args(["text", file]).output().unwrap();
    for (file, line) in [
        (
            "tests/formats/seed.docx",
            "| 构筑绿水青山 | 环境<br>质量 | 1 | 环境空气质量优良天数比例 | >90% | 区生态环境局 |",
        ),
        (
            "tests/formats/seed.html",
            "| 构筑绿水青山 | 环境<br>质量 | 1 | 环境空气质量优良天数比例 | >90% | 区生态环境局 |",
        ),
        ("tests/formats/seed.pdf", "| 构筑绿水青山 | 环境质量 | 1 | 环境空气质量优良天数比例 | >90% | 区生态环境局 |"),
        (
            "tests/formats/seed_tables.xlsx",
            "| 构筑绿水青山 | 环境质量 | 1 | 环境空气质量优良天数比例 | >90% | 区生态环境局 |",
        ),
        (SEED, "\t环境空气质量优良天数比例"),
    ] {
        let o = run(file);
        assert_eq!(o.status.code(), Some(0), "{file}");
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.lines().any(|l| l == line), "{file}:\n{out}");
        // The line a record gives is the line of this text where the record is.
        let doc = parse(file);
        let first = &doc.plan.indicators[0];
        let at = out.lines().nth(first.line - 1).unwrap();
        assert!(
            at.contains(if file == SEED { "" } else { "环境空气质量优良天数比例" }),
            "{file}: line {} is {at}",
            first.line
        );
    }
    let o = run("tests/formats/missing.docx");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn workbook_with_a_title_row_and_merges() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    ws.merge_range(0, 0, 0, 3, "某区2024年度重点工程表", &Format::new()).unwrap();
    for (c, h) in ["类别", "序号", "工程名称", "责任单位"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(2, 0, 3, 0, "水环境", &Format::new()).unwrap();
    ws.write_number(2, 1, 1.0).unwrap();
    ws.write_string(2, 2, "清淤工程").unwrap();
    ws.write_string(2, 3, "区水务局\n区农业农村委").unwrap();
    ws.write_number(3, 1, 2.0).unwrap();
    ws.write_string(3, 2, "监测站").unwrap();
    ws.write_string(3, 3, "区生态环境局").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    // The merged title row is the caption (not the sheet's name); the merged 类别 is left empty in its copy.
    assert_eq!(
        text_of("projects.xlsx", &bytes),
        "某区2024年度重点工程表\n| 类别 | 序号 | 工程名称 | 责任单位 |\n| 水环境 | 1 | 清淤工程 | 区水务局<br>区农业农村委 |\n|  | 2 | 监测站 | 区生态环境局 |\n"
    );
    let doc = plandoc::parse_bytes(&bytes, "projects.xlsx").unwrap();
    let p = &doc.plan.projects;
    assert_eq!(p.len(), 2);
    assert_eq!(p[1].category.as_deref(), Some("水环境"));
    assert_eq!(p[0].units, ["区水务局", "区农业农村委"]);
}
