//! Reading: a file's bytes → the numbered text lines and the tables (as headed grids) every later stage reads.
//!
//! [`read()`] picks the reader by content (magic bytes) and extension: plain text ([`decode`] → [`lines`] →
//! [`tables`]), Word ([`docx`]), web pages ([`html`]), PDF ([`pdf`]) and spreadsheets ([`xlsx`]; Office packages
//! through [`zipped`]). The document
//! readers give paragraphs and tables of cells ([`doc`]), rendered into text lines, their tables handed over as
//! grids with merged cells filled and marked; nothing after this stage knows the format.
//! [`grid`] a raw table → header, column roles and rows of full width ([`columns`] names the roles) ·
//! [`headings`] a line → its heading numbering (used here to tell where a table ends, and by the section reader).

pub mod columns;
pub mod decode;
pub mod doc;
pub mod docx;
pub mod grid;
pub mod headings;
pub mod html;
pub mod lines;
pub mod pdf;
pub mod tables;
pub mod xlsx;
pub mod zipped;

use crate::error::Error;
use crate::model::Diags;
pub use doc::SourceFormat;
use doc::{Doc, Rendering};
use lines::Line;
use std::borrow::Cow;
use tables::{Block, Body, Cell, RawRow, RawTable};

/// A file read: its text (decoded, or a document reader's rendering) and, for a document, its tables.
#[derive(Debug)]
pub struct Source<'b> {
    pub format: SourceFormat,
    pub encoding: String,
    /// The text every `line` refers to: the decoded file, or the rendering `plandoc text` prints.
    pub text: Cow<'b, str>,
    doc: Option<(Doc, Rendering)>,
}

impl<'b> Source<'b> {
    /// The blocks of the text's lines: for plain text the tables found in it; for a document the reader's
    /// tables, each at the lines of its rows.
    pub fn blocks<'a>(&'a self, lines: &'a [Line<'a>]) -> Vec<Block<'a>> {
        let Some((doc, rendering)) = &self.doc else { return tables::find_tables(lines) };
        let mut out = Vec::with_capacity(lines.len());
        let mut tables = rendering.tables.iter().peekable();
        let mut i = 0;
        while i < lines.len() {
            let no = lines[i].no;
            match tables.peek() {
                Some(t) if t.lines.first() == Some(&no) => {
                    let Some(doc::DocBlock::Table(dt)) = doc.blocks.get(t.block) else {
                        tables.next();
                        continue;
                    };
                    let rows = dt
                        .rows
                        .iter()
                        .zip(&t.lines)
                        .map(|(cells, &line)| RawRow {
                            line,
                            cells: cells
                                .iter()
                                .map(|c| Cell { span: c.span, ..Cell::new(c.parts.iter().map(String::as_str), line) })
                                .collect(),
                        })
                        .collect();
                    let last = *t.lines.last().unwrap_or(&no);
                    out.push(Block::Table(RawTable {
                        format: tables::Format::Document,
                        line: no,
                        last_line: last,
                        body: Body::Rows(rows),
                    }));
                    while i < lines.len() && lines[i].no <= last {
                        i += 1;
                    }
                    tables.next();
                }
                _ => {
                    out.push(Block::Text(i));
                    i += 1;
                }
            }
        }
        out
    }

    /// The page a line is on (PDF only).
    pub fn page_of(&self, line: usize) -> Option<u32> {
        let (_, r) = self.doc.as_ref()?;
        r.pages.get(line.checked_sub(1)?).copied().flatten()
    }
}

/// What the bytes are, by their first bytes and, where those do not tell, the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Docx,
    Html,
    Xlsx,
    Xls,
    Pdf,
}

fn extension(path: &str) -> String {
    std::path::Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Does `hay` hold `name` as UTF-16LE (the directory entries of an OLE2 compound file)?
fn has_utf16(hay: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr::memmem::find(hay, &needle).is_some()
}

fn sniff(bytes: &[u8], path: &str) -> Result<Kind, String> {
    let ext = extension(path);
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_some() {
        return Ok(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes, &ext);
    }
    if bytes.starts_with(OLE2) {
        return match ext.as_str() {
            "xls" => Ok(Kind::Xls),
            _ if has_utf16(bytes, "EncryptedPackage") => Err(
                "an encrypted (password-protected) Office file: remove the password in Word or Excel, save, and parse that"
                    .into(),
            ),
            "wps" => Err(legacy("a WPS 文字 document (.wps)", "save it as .docx (or PDF) in WPS")),
            "et" => Err(legacy("a WPS 表格 workbook (.et)", "save it as .xlsx in WPS")),
            _ if has_utf16(bytes, "Workbook") || has_utf16(bytes, "Book") => Ok(Kind::Xls),
            _ => Err(legacy("a legacy Word 97-2003 document (.doc)", "open it in Word or WPS and save it as .docx (or PDF)")),
        };
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(legacy("an RTF document", "open it in Word or WPS and save it as .docx"));
    }
    match ext.as_str() {
        "ofd" => return Err(ofd()),
        "doc" | "wps" | "et" | "docx" | "xlsx" | "xls" if !looks_like_html(bytes) => {
            return Err(format!("a .{ext} file that is not one (its first bytes are not those of the format)"));
        }
        "html" | "htm" | "shtml" | "xhtml" => return Ok(Kind::Html),
        _ => {}
    }
    Ok(if looks_like_html(bytes) { Kind::Html } else { Kind::Text })
}

fn legacy(what: &str, todo: &str) -> String {
    format!("{what}: plandoc does not read this format; {todo} and parse that")
}

fn ofd() -> String {
    legacy("an OFD document (版式文档)", "export it to PDF in an OFD reader")
}

/// A web page: after a BOM and whitespace, `<!DOCTYPE html`, `<html`, `<head` or `<meta` (Word's "web page"
/// .doc files are such pages too).
fn looks_like_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let head: Vec<u8> = b[start..b.len().min(start + 16)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<meta"].iter().any(|p| head.starts_with(p))
}

fn zip_kind(bytes: &[u8], ext: &str) -> Result<Kind, String> {
    let what = match ext {
        "docx" => "Word",
        "xlsx" | "xlsm" => "Excel",
        "ofd" => "OFD",
        _ => "zip",
    };
    let zip = zipped::Archive::open(bytes, what)?;
    if zip.has("word/document.xml") {
        Ok(Kind::Docx)
    } else if zip.has("xl/workbook.xml") {
        Ok(Kind::Xlsx)
    } else if zip.has("OFD.xml") || ext == "ofd" {
        Err(ofd())
    } else if ext == "docx" {
        Ok(Kind::Docx)
    } else {
        Err("a zip archive that holds no Word document or Excel workbook".into())
    }
}

/// Read a file held in memory: pick the reader, run it, render a document into lines. Errors name the file.
pub fn read<'b>(bytes: &'b [u8], path: &str, diags: &mut Diags) -> Result<Source<'b>, Error> {
    let fail = |message: String| Error::Format { path: path.into(), message };
    let kind = sniff(bytes, path).map_err(fail)?;
    let doc = match kind {
        Kind::Text => {
            let decoded = decode::decode(bytes, diags).map_err(|e| match e {
                decode::DecodeError::Empty => Error::Empty { path: path.into() },
                decode::DecodeError::Binary { offset } => Error::Binary { path: path.into(), offset },
            })?;
            return Ok(Source {
                format: SourceFormat::Text,
                encoding: decoded.encoding.to_string(),
                text: decoded.text,
                doc: None,
            });
        }
        Kind::Docx => {
            let mut d = docx::read(bytes).map_err(fail)?;
            doc::unfold_key_values(&mut d);
            doc::drop_chrome(&mut d);
            d
        }
        Kind::Html => {
            let mut d = html::read(bytes).map_err(fail)?;
            doc::drop_chrome(&mut d);
            d
        }
        Kind::Xlsx => xlsx::read(bytes, false).map_err(fail)?,
        Kind::Xls => xlsx::read(bytes, true).map_err(fail)?,
        Kind::Pdf => pdf::read(bytes).map_err(fail)?,
    };
    let mut rendering = doc::render(&doc);
    for n in &doc.notes {
        let line = n.block.and_then(|b| rendering.block_lines.get(b).copied());
        if n.warning {
            diags.warn(n.code, line, n.message.clone());
        } else {
            diags.info(n.code, line, n.message.clone());
        }
    }
    Ok(Source {
        format: doc.format,
        encoding: doc.encoding.clone(),
        text: Cow::Owned(std::mem::take(&mut rendering.text)),
        doc: Some((doc, rendering)),
    })
}

/// A file's bytes, refused before it is read when it is larger than `max_bytes`.
pub fn load(path: &std::path::Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound { path: path.to_path_buf() },
        _ => Error::Read { path: path.to_path_buf(), source: e },
    })?;
    if meta.len() > max_bytes {
        return Err(Error::TooLarge { path: path.to_path_buf(), size: meta.len(), limit: max_bytes });
    }
    std::fs::read(path).map_err(|e| Error::Read { path: path.to_path_buf(), source: e })
}

/// The text of a file as `plandoc text` prints it: the decoded text, or a document reader's rendering
/// (paragraphs as lines, each table row one line with its cells between `|`). Every `line` of the file's
/// parse refers to a line of it.
pub fn text_file(path: &std::path::Path, max_bytes: u64) -> Result<String, Error> {
    let bytes = load(path, max_bytes)?;
    let src = read(&bytes, &path.to_string_lossy(), &mut Diags::default())?;
    Ok(src.text.into_owned())
}
