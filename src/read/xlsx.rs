//! Spreadsheets (.xlsx, .xls; calamine): every sheet → a caption line (a merged title row, or the sheet's name)
//! and a table whose merged ranges fill every cell they cover, the copies marked.

use super::doc::{Doc, DocBlock, DocCell, DocTable, SourceFormat};
use calamine::{Data, Dimensions, Reader, Sheets};
use std::io::Cursor;

/// The most cells read from one sheet (a notice's tables have a few hundred).
const MAX_CELLS: usize = 4_000_000;

/// Read a workbook held in memory (`xls`: the legacy binary format).
pub fn read(bytes: &[u8], xls: bool) -> Result<Doc, String> {
    if !xls {
        // calamine inflates a part whole: every part is first streamed through the size limit.
        super::zipped::Archive::open(bytes, "Excel")?.check_sizes()?;
    }
    let what = if xls { "Excel 97-2003 (.xls)" } else { "Excel" };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a readable {what} workbook ({e})"))?;
    let mut doc = Doc::new(SourceFormat::Xlsx, "UTF-8");
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| format!("sheet \"{name}\" cannot be read ({e})"))?;
        let merges: Vec<Dimensions> = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let Some((r0, c0)) = range.start() else { continue };
        let (h, w) = (range.height(), range.width());
        if h.saturating_mul(w) > MAX_CELLS {
            return Err(format!("sheet \"{name}\" has {h} × {w} cells: more than a notice's table holds"));
        }
        let mut rows: Vec<Vec<DocCell>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        for m in &merges {
            let (Some(sr), Some(sc)) = (m.start.0.checked_sub(r0), m.start.1.checked_sub(c0)) else { continue };
            let (er, ec) = (m.end.0.saturating_sub(r0) as usize, m.end.1.saturating_sub(c0) as usize);
            let Some(first) = rows.get(sr as usize).and_then(|r| r.get(sc as usize)).cloned() else { continue };
            for (ri, row) in rows.iter_mut().enumerate().take(er + 1).skip(sr as usize) {
                for (ci, c) in row.iter_mut().enumerate().take(ec + 1).skip(sc as usize) {
                    if (ri, ci) != (sr as usize, sc as usize) {
                        *c = DocCell::copy_of(&first);
                    }
                }
            }
        }
        rows.retain(|r| r.iter().any(|c| !c.is_blank()));
        if rows.is_empty() {
            continue;
        }
        // A title row: one text across the table (merged, or alone in the row).
        let title = match rows.first() {
            Some(first) if w >= 2 => {
                let own: Vec<&DocCell> = first.iter().filter(|c| !c.is_blank() && !c.span).collect();
                let copies = first.iter().filter(|c| c.span).count();
                (own.len() == 1 && (copies > 0 || first.iter().filter(|c| c.is_blank()).count() == w - 1))
                    .then(|| own[0].parts.join(""))
            }
            _ => None,
        };
        match title {
            Some(t) => {
                rows.remove(0);
                doc.push_text(&t, None);
            }
            None => doc.push_text(&name, None),
        }
        doc.blocks.push(DocBlock::Table(DocTable { rows, pages: Vec::new() }));
    }
    if doc.blocks.is_empty() {
        return Err("the workbook's sheets are empty".into());
    }
    Ok(doc)
}

/// A cell's text: numbers as a person reads them (1, not 1.0), a line break (Alt+Enter) between pieces.
fn cell(d: &Data) -> DocCell {
    let text = match d {
        Data::Empty => return DocCell::default(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    };
    DocCell::new(text.split('\n').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
}
