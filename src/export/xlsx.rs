//! Excel export: one parsed notice → `<stem>.xlsx` with the sheets 指标, 任务, 项目 (frozen header, fitted columns).

use crate::error::Error;
use crate::export::sheets::{Cell, Sheet, tables};
use crate::model::Document;
use crate::output::write_atomic;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::{Path, PathBuf};

/// Columns are as wide as their widest cell, within these bounds (in Excel character widths).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;
/// Excel holds at most this many characters in a cell; longer text is cut and ends with "…".
const MAX_CELL_CHARS: usize = 32_767;

/// Write the notice's workbook into `dir`; returns its path.
pub fn write(doc: &Document, dir: &Path, stem: &str) -> Result<PathBuf, Error> {
    let path = dir.join(format!("{stem}.xlsx"));
    let bytes = to_xlsx(doc).map_err(|e| Error::Write { path: path.clone(), source: std::io::Error::other(e) })?;
    write_atomic(&path, &bytes)?;
    Ok(path)
}

/// The author `export` writes into every workbook (docProps/core.xml, `dc:creator`).
pub use crate::input::EXPORT_AUTHOR as AUTHOR;

/// The workbook as bytes. Its creation date is the notice's 成文日期 (else 1980-01-01), never the clock,
/// so the same notice always gives the same file.
///
/// The workbook's author is [`AUTHOR`].
pub fn to_xlsx(doc: &Document) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = doc
        .notice
        .as_ref()
        .and_then(|n| n.date.as_deref())
        .and_then(parse_date)
        .map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), |(y, m, d)| ExcelDateTime::from_ymd(y, m, d))?;
    // The author names the program, so that a directory scan knows the workbook as plandoc's own output.
    let mut props = DocProperties::new().set_creation_datetime(&created).set_author(AUTHOR);
    if let Some(t) = &doc.plan.title {
        props = props.set_title(t);
    }
    wb.set_properties(&props);
    let header = Format::new().set_bold().set_align(FormatAlign::Center);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    for sheet in tables(doc) {
        let ws = wb.add_worksheet();
        fill(ws, &sheet, &header, &wrap, &top)?;
    }
    wb.save_to_buffer()
}

fn fill(ws: &mut Worksheet, sheet: &Sheet, header: &Format, wrap: &Format, top: &Format) -> Result<(), XlsxError> {
    ws.set_name(sheet.title)?;
    for (c, title) in sheet.columns.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *title, header)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    let format = if display_width(s) > MAX_WIDTH { wrap } else { top };
                    ws.write_string_with_format(r, col(c), fit(s), format)?
                }
                Cell::Number(n) => ws.write_number_with_format(r, col(c), *n, top)?,
                Cell::Empty => ws,
            };
        }
    }
    for (c, title) in sheet.columns.iter().enumerate() {
        let widest = sheet.rows.iter().map(|row| display_width(&row[c].to_text())).fold(display_width(title), f64::max);
        ws.set_column_width(col(c), (widest + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))?;
    }
    ws.set_freeze_panes(1, 0)?;
    if !sheet.columns.is_empty() {
        ws.autofilter(0, 0, sheet.rows.len() as u32, col(sheet.columns.len() - 1))?;
    }
    Ok(())
}

/// The text, cut to what one Excel cell holds.
fn fit(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s.to_string();
    }
    let mut t: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
    t.push('…');
    t
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Width in Excel character units: a Han character or full-width sign takes two.
pub fn display_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum()
}

/// "2020-04-09" → (2020, 4, 9).
fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.splitn(3, '-');
    Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?, it.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_han_double() {
        assert_eq!(display_width("ab"), 2.0);
        assert_eq!(display_width("区水务局"), 8.0);
        assert_eq!(parse_date("2020-04-09"), Some((2020, 4, 9)));
        assert_eq!(parse_date("2020"), None);
    }

    #[test]
    fn overlong_text_is_cut_to_what_a_cell_holds() {
        assert_eq!(fit("短"), "短");
        let long = "字".repeat(MAX_CELL_CHARS + 10);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        let sheet =
            Sheet { key: "tasks", title: "任务", columns: vec!["内容"], rows: vec![vec![Cell::Text(long)]] };
        let mut wb = Workbook::new();
        let f = Format::new();
        fill(wb.add_worksheet(), &sheet, &f, &f, &f).unwrap();
        assert!(wb.save_to_buffer().is_ok());
    }
}
