//! CSV export: one parsed notice → `<stem>.indicators.csv`, `.tasks.csv`, `.projects.csv` (UTF-8 with BOM, CRLF).

use crate::error::Error;
use crate::export::sheets::{Cell, Sheet, tables};
use crate::model::Document;
use crate::output::write_atomic;
use std::path::{Path, PathBuf};

/// The byte-order mark that makes Excel read a CSV file as UTF-8.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

/// Write the notice's three tables into `dir`; returns the paths written, in table order.
pub fn write(doc: &Document, dir: &Path, stem: &str) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for sheet in tables(doc) {
        let path = dir.join(format!("{stem}.{}.csv", sheet.key));
        let bytes = to_csv(&sheet).map_err(|e| Error::Write { path: path.clone(), source: e })?;
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// One table as CSV bytes: BOM, header row of Chinese column titles, one row per item, CRLF line ends.
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, std::io::Error> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(BOM.to_vec());
    w.write_record(&sheet.columns)?;
    for row in &sheet.rows {
        w.write_record(row.iter().map(csv_cell))?;
    }
    w.into_inner().map_err(|e| std::io::Error::other(e.to_string()))
}

/// A cell's CSV text. Text that Excel would run as a formula (starting with `=`, `+`, `@`, or `-` followed
/// by something that is not a number) gets a leading `'`, as spreadsheet programs themselves write it.
pub fn csv_cell(c: &Cell) -> String {
    let t = c.to_text();
    let formula = match c {
        Cell::Text(s) => match s.chars().next() {
            Some('=' | '+' | '@') => true,
            Some('-') => s[1..].trim().parse::<f64>().is_err(),
            _ => false,
        },
        _ => false,
    };
    if formula { format!("'{t}") } else { t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_crlf_and_quoting() {
        let sheet = Sheet {
            key: "tasks",
            title: "任务",
            columns: vec!["任务", "行号"],
            rows: vec![vec![Cell::Text("甲，\"乙\"\n丙".into()), Cell::Number(12.0)]],
        };
        let bytes = to_csv(&sheet).unwrap();
        assert!(bytes.starts_with(BOM));
        let s = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        assert_eq!(s, "任务,行号\r\n\"甲，\"\"乙\"\"\n丙\",12\r\n");
    }

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        let t = |s: &str| csv_cell(&Cell::Text(s.into()));
        assert_eq!(t("=1+1"), "'=1+1");
        assert_eq!(t("+5%"), "'+5%");
        assert_eq!(t("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(t("-cmd"), "'-cmd");
        assert_eq!(t("-5"), "-5");
        assert_eq!(t(">90%"), ">90%");
        assert_eq!(csv_cell(&Cell::Number(-5.0)), "-5");
    }
}
