//! Bad Word, Excel, web and PDF files — each made here by code, not by hand — give one clear line naming the file
//! and what is wrong, never a panic, a hang or a plan of nothing; legacy formats are named with what to do.

use std::io::Write;

/// The error `parse_bytes` gives for `bytes` named `name`: one line, naming the file.
fn error(bytes: &[u8], name: &str) -> String {
    let started = std::time::Instant::now();
    let r = plandoc::parse_bytes(bytes, name);
    assert!(started.elapsed().as_secs() < 20, "{name} took {:?}", started.elapsed());
    let e = match r {
        Err(e) => e.to_string(),
        Ok(doc) => panic!("{name}: parsed, with {:?}", doc.diagnostics),
    };
    assert!(e.starts_with(&format!("{name}: ")), "{e}");
    assert!(!e.contains('\n'), "{e}");
    e
}

/// Write `bytes` to a file of that name in a fresh temporary directory (kept for the test's life).
fn write_temp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A zip archive of (name, contents) parts, deflated.
fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn docx_with(document_xml: &str) -> Vec<u8> {
    zip(&[("word/document.xml", document_xml.as_bytes())])
}

#[test]
fn damaged_zip() {
    let mut bytes = docx_with(&format!(
        "<w:document {W}><w:body><w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p></w:body></w:document>"
    ));
    let n = bytes.len();
    bytes.truncate(n / 2);
    let e = error(&bytes, "cut.docx");
    assert!(e.contains("damaged"), "{e}");
    let e = error(b"PK\x03\x04 not really a zip", "fake.xlsx");
    assert!(e.contains("Excel") && e.contains("damaged"), "{e}");
}

#[test]
fn zip_bomb_is_refused_while_it_inflates() {
    // 65 MiB of one repeated run deflates to a few hundred KiB; the reader stops at 64 MiB.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(format!("<w:document {W}><w:body><w:p><w:r><w:t>").as_bytes()).unwrap();
    let chunk = "甲".repeat(1 << 16);
    for _ in 0..(65 * 1024 * 1024 / chunk.len() + 1) {
        w.write_all(chunk.as_bytes()).unwrap();
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
    let bytes = w.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    let e = error(&bytes, "bomb.docx");
    assert!(e.contains("64 MiB") && e.contains("zip bomb"), "{e}");
    // The same in a workbook's sheet (calamine would inflate it whole: every part is streamed through first).
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file("xl/workbook.xml", opts).unwrap();
    w.write_all(b"<workbook/>").unwrap();
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    for _ in 0..(65 * 1024 * 1024 / chunk.len() + 1) {
        w.write_all(chunk.as_bytes()).unwrap();
    }
    let e = error(&w.finish().unwrap().into_inner(), "bomb.xlsx");
    assert!(e.contains("64 MiB") && e.contains("zip bomb"), "{e}");
}

#[test]
fn deeply_nested_and_malformed_xml() {
    let deep = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        "<w:sdt>".repeat(100_000),
        "</w:sdt>".repeat(100_000)
    );
    let e = error(&docx_with(&deep), "deep.docx");
    assert!(e.contains("nested deeper"), "{e}");
    let e = error(&docx_with(&format!("<w:document {W}><w:body><w:p></w:r></w:body>")), "bad.docx");
    assert!(e.contains("malformed XML"), "{e}");
}

#[test]
fn entities_are_never_expanded() {
    // A billion laughs: if the entities were expanded this would be gigabytes.
    let mut dtd = String::from("<!DOCTYPE w:document [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10)));
    }
    dtd.push_str("<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>");
    let xml = format!(
        "<?xml version=\"1.0\"?>{dtd}<w:document {W}><w:body><w:p><w:r><w:t>一、总体要求&lol9;&ext;</w:t></w:r></w:p></w:body></w:document>"
    );
    let path = write_temp("laughs.docx", &docx_with(&xml));
    let text = plandoc::read::text_file(&path, u64::MAX).unwrap();
    assert_eq!(text, "一、总体要求\n");
}

#[test]
fn deeply_nested_html() {
    let page =
        format!("<html><body>{}<p>一、总体要求</p>{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000));
    let e = error(page.as_bytes(), "deep.html");
    assert!(e.contains("nested deeper"), "{e}");
    // Deep but within the limit: read, without a stack overflow.
    let page =
        format!("<html><body>{}<p>一、总体要求</p>{}</body></html>", "<div>".repeat(2000), "</div>".repeat(2000));
    let text = plandoc::read::text_file(&write_temp("deep2000.html", page.as_bytes()), u64::MAX).unwrap();
    assert_eq!(text, "一、总体要求\n");
    let e = error(b"<html><body><script>var x = 1;</script></body></html>", "empty.html");
    assert!(e.contains("no text"), "{e}");
}

/// A one-page PDF whose page draws `content`; `extra` objects and trailer entries are added as given. The xref
/// offsets are right unless `break_xref`.
fn pdf(content: &str, extra_obj: Option<&str>, trailer_extra: &str, break_xref: bool) -> Vec<u8> {
    let mut objs = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len() + 1),
    ];
    if let Some(e) = extra_obj {
        objs.push(e.to_string());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        let o = if break_xref { o * 7 + 13 } else { o };
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n", objs.len() + 1)
            .as_bytes(),
    );
    out
}

#[test]
fn pdf_without_text_is_a_scan() {
    let e = error(&pdf("0 0 m 100 100 l S", None, "", false), "scan.pdf");
    assert!(e.contains("without a text layer"), "{e}");
}

#[test]
fn encrypted_pdf() {
    let hex32 = "A1".repeat(32);
    let enc = format!("<< /Filter /Standard /V 1 /R 2 /O <{hex32}> /U <{hex32}> /P -4 >>");
    let id = format!("/Encrypt 5 0 R /ID [<{0}> <{0}>] ", "0123456789ABCDEF0123456789ABCDEF");
    let e = error(&pdf("BT /F1 12 Tf 72 700 Td (x) Tj ET", Some(&enc), &id, false), "locked.pdf");
    assert!(e.contains("encrypted") || e.contains("without a text layer"), "{e}");
}

#[test]
fn broken_xref_pdf() {
    // Read anyway (the library rebuilds the table) or refused in one line; never a panic.
    match plandoc::parse_bytes(&pdf("0 0 m 100 100 l S", None, "", true), "xref.pdf") {
        Ok(_) => {}
        Err(e) => assert!(e.to_string().starts_with("xref.pdf: ") && !e.to_string().contains('\n'), "{e}"),
    }
    let e = error(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer garbage", "garbage.pdf");
    assert!(e.contains("PDF"), "{e}");
}

#[test]
fn legacy_formats_are_named() {
    let ole2 = [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0u8; 504][..]].concat();
    for (name, words) in
        [("old.doc", ["Word 97-2003", ".docx"]), ("old.wps", ["WPS 文字", ".docx"]), ("old.et", ["WPS 表格", ".xlsx"])]
    {
        let e = error(&ole2, name);
        assert!(words.iter().all(|w| e.contains(w)), "{e}");
    }
    let e = error(&zip(&[("OFD.xml", b"<ofd:OFD/>")]), "notice.ofd");
    assert!(e.contains("OFD") && e.contains("PDF"), "{e}");
    let e = error(b"{\\rtf1\\ansi hello}", "notice.rtf");
    assert!(e.contains("RTF"), "{e}");
}

#[test]
fn pdf_table_without_rules_is_read_as_text_and_said() {
    let rows = ["No          Name          Target", "1          Air          90", "2          Water          95"];
    let content: String =
        rows.iter().enumerate().map(|(i, r)| format!("BT /F1 10 Tf 72 {} Td ({r}) Tj ET\n", 700 - 14 * i)).collect();
    let mut diags = plandoc::model::Diags::default();
    let bytes = pdf(&content, None, "", false);
    let src = plandoc::read::read(&bytes, "unruled.pdf", &mut diags).unwrap();
    assert!(src.text.contains("1 Air 90"), "{}", src.text);
    assert!(diags.0.iter().any(|d| d.code == "pdf.unruled_table"), "{:?}", diags.0);
}
