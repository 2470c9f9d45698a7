//! Grid: a raw table → header rows expanded to full width, a role per column, and data rows of that
//! width. Rows the text does not mark are recovered from the header's column count; merged header cells,
//! repeated header rows (after a page break) and short total rows are handled here, once, for every format.

use crate::model::Diags;
use crate::read::columns::{Role, role_of};
use crate::read::tables::{Body, Cell, RawRow, RawTable};
use crate::text::{fold, fold_chars, fold_eq};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct Column {
    /// Header texts of this column from top to bottom, joined with "/" ("指标层/序号").
    pub header: String,
    pub role: Option<Role>,
}

#[derive(Debug, Clone)]
pub struct Grid<'a> {
    pub line: usize,
    pub last_line: usize,
    /// Header rows, each expanded to the table's width.
    pub header: Vec<Vec<String>>,
    pub columns: Vec<Column>,
    pub rows: Vec<RawRow<'a>>,
    /// The last row had fewer cells than the table and is not a total row (a cut-off table?).
    pub short_last_row: bool,
}

impl Grid<'_> {
    pub fn width(&self) -> usize {
        self.columns.len()
    }
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(role))
    }
    /// The text of `role`'s column in `row` ("" when the grid has no such column).
    pub fn text_of<'r>(&self, row: &'r [Cell], role: Role) -> &'r str {
        self.col(role).and_then(|i| row.get(i)).map_or("", |c| &*c.text)
    }
    /// The list form of `role`'s column in `row` ([`Cell::list_text`]; "" when the grid has no such column).
    pub fn list_of<'r>(&self, row: &'r [Cell], role: Role) -> &'r str {
        self.col(role).and_then(|i| row.get(i)).map_or("", |c| c.list_text())
    }
    /// The text of `role`'s column in `row`, moved out of the cell (for a record that keeps it).
    pub fn take_text(&self, row: &mut [Cell], role: Role) -> String {
        self.col(role)
            .and_then(|i| row.get_mut(i))
            .map(|c| std::mem::take(&mut c.text).into_owned())
            .unwrap_or_default()
    }
    /// The columns a record has no field for (`known` are the roles it has one for): a column with no known
    /// role, or with a role an earlier column already has. Their texts go into the record's `extra`.
    pub fn extra_columns(&self, known: &[Role]) -> Vec<usize> {
        (0..self.width())
            .filter(|&i| match self.columns[i].role {
                Some(r) => !known.contains(&r) || self.col(r) != Some(i),
                None => true,
            })
            .collect()
    }
    /// The texts of columns `cols` in `row`, moved out of the cells and named by their columns, empty ones
    /// left out: a record's `extra`.
    pub fn take_extra(&self, row: &mut [Cell], cols: &[usize]) -> BTreeMap<String, String> {
        cols.iter()
            .filter_map(|&i| {
                let v = std::mem::take(&mut row.get_mut(i)?.text).into_owned();
                (!v.is_empty()).then(|| (self.column_name(i), v))
            })
            .collect()
    }
    /// A column's header, or "column N" when it has none.
    fn column_name(&self, i: usize) -> String {
        let h = &self.columns[i].header;
        if h.is_empty() { format!("column {}", i + 1) } else { h.clone() }
    }
    pub fn has(&self, role: Role) -> bool {
        self.col(role).is_some()
    }
}

/// A cell that may stand in a header: empty, or a known column name.
fn header_like(c: &Cell) -> bool {
    c.is_empty() || role_of(&c.text).is_some()
}

fn is_total_label(s: &str) -> bool {
    ["合计", "总计", "小计", "共计", "总投资"].iter().any(|w| fold_eq(s, w))
}

/// A row whose first non-empty cell says 合计/总计: a total, not an item.
pub fn is_total_row(cells: &[Cell]) -> bool {
    cells.iter().find(|c| !c.is_empty()).is_some_and(|c| is_total_label(&c.text))
}

/// A row that only names a group of the rows below it, written across the table ("一、水环境治理" in the
/// first cell, the others empty): the group's title, without its numbering.
pub fn group_row(g: &Grid, cells: &[Cell]) -> Option<String> {
    let mut filled = cells.iter().enumerate().filter(|(_, c)| !c.is_empty());
    let (i, c) = filled.next()?;
    if i != 0 || filled.next().is_some() || g.width() < 3 {
        return None;
    }
    let t: &str = &c.text;
    let by_role = matches!(g.columns[0].role, Some(Role::Serial | Role::Category | Role::Goal))
        && crate::text::serial_number(t).is_none();
    let h = crate::read::headings::heading(t);
    if !by_role && h.is_none() {
        return None;
    }
    Some(match h {
        Some(h) => crate::read::headings::split_title(&h.rest).0,
        None => t.to_string(),
    })
}

/// Say which columns went to `extra`: a known column without a field (info), an unknown header (warning).
pub fn report_extra_columns(g: &Grid, what: &str, extra_cols: &[usize], diags: &mut Diags) {
    for &i in extra_cols {
        let (n, header) = (i + 1, &g.columns[i].header);
        if g.columns[i].role.is_some() {
            diags.info(
                "table.extra_column",
                Some(g.line),
                format!("{what} table column {n} \"{header}\" kept in `extra`"),
            );
        } else {
            diags.warn(
                "table.unknown_column",
                Some(g.line),
                format!("{what} table column {n} \"{header}\" has no field; kept in `extra`"),
            );
        }
    }
}

fn is_int(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// Build the grid of a raw table. The table is taken by value: its cells move into the grid's rows.
pub fn build<'a>(table: RawTable<'a>, diags: &mut Diags) -> Grid<'a> {
    let RawTable { format, line, last_line, body } = table;
    let table = TableInfo { format, line, last_line };
    if matches!(format, crate::read::tables::Format::PlainCells | crate::read::tables::Format::FlatLine) {
        diags.info(
            "table.cells_inferred",
            Some(line),
            format!(
                "{} table without separators: rows, and cells split over lines or words, recovered from the header's columns and what each column holds",
                format.name()
            ),
        );
    }
    match body {
        Body::Rows(rows) => from_rows(&table, rows, diags),
        Body::Stream(cells) => from_stream(&table, cells, diags),
    }
}

/// What a raw table says besides its cells.
struct TableInfo {
    format: crate::read::tables::Format,
    line: usize,
    last_line: usize,
}

/// Does `next` continue `prev` (a table split by a page break)? Same width, and the same header or none.
pub fn continues(prev: &Grid, next: &Grid) -> bool {
    prev.width() == next.width() && !prev.header.is_empty() && (next.header.is_empty() || next.header == prev.header)
}

/// Append the rows of a continuation to the table it continues.
pub fn append<'a>(prev: &mut Grid<'a>, next: Grid<'a>) {
    prev.last_line = next.last_line;
    prev.short_last_row = next.short_last_row;
    prev.rows.extend(next.rows);
}

fn from_rows<'a>(table: &TableInfo, rows: Vec<RawRow<'a>>, diags: &mut Diags) -> Grid<'a> {
    let mut rows: Vec<RawRow> = rows.into_iter().filter(|r| r.cells.iter().any(|c| !c.is_empty())).collect();
    let is_header_row = |r: &RawRow| {
        let (mut filled, mut known) = (0, 0);
        for c in r.cells.iter().filter(|c| !c.is_empty()) {
            if is_int(&c.text) {
                return false;
            }
            filled += 1;
            known += usize::from(role_of(&c.text).is_some());
        }
        filled > 0 && known * 2 >= filled
    };
    let mut n_header = rows.iter().take_while(|r| is_header_row(r)).count();
    // A second header row of sub-columns under a spanning cell (项目投入（万元） over 总投入 | 省级补助 | …):
    // its names need not be known words, but each stands under a span.
    while n_header > 0 && rows.get(n_header).is_some_and(|r| is_sub_header(&rows[n_header - 1].cells, &r.cells)) {
        n_header += 1;
    }
    let body_rows = rows.split_off(n_header);
    let header_rows: Vec<&[Cell]> = rows.iter().map(|r| r.cells.as_slice()).collect();

    // Width: the widest header row, or the commonest data-row width when that is wider.
    let mut counts = std::collections::BTreeMap::new();
    for r in &body_rows {
        *counts.entry(r.cells.len()).or_insert(0usize) += 1;
    }
    let mode = counts.iter().max_by_key(|(w, n)| (**n, **w)).map(|(w, _)| *w).unwrap_or(0);
    let width = header_rows.iter().map(|r| r.len()).max().unwrap_or(0).max(mode);

    // Repeated header rows (a page break in a printed table) are dropped; the other rows move into the grid.
    let header_keys: Vec<String> = header_rows.iter().map(|r| row_key(r).collect()).collect();
    let before = body_rows.len();
    let mut data: Vec<RawRow> =
        body_rows.into_iter().filter(|r| !header_keys.iter().any(|k| k.chars().eq(row_key(&r.cells)))).collect();
    if data.len() < before {
        diags.info(
            "table.repeated_header",
            Some(table.line),
            format!("{} repeated header row(s) dropped from the table", before - data.len()),
        );
    }
    let mut short_last_row = false;
    for r in &mut data {
        if r.cells.len() > width {
            diags.warn(
                "table.row_width",
                Some(r.line),
                format!("row has {} cells where the table has {width}", r.cells.len()),
            );
        }
        short_last_row = pad_row(&mut r.cells, width, r.line, diags);
    }
    finish(table, &header_rows, width, data, short_last_row)
}

/// A row of sub-column names under `above`: no number, two names at least, each under an empty cell of `above`
/// that a cell to its left spans (or under that spanning cell), and one under an empty cell at least.
fn is_sub_header(above: &[Cell], row: &[Cell]) -> bool {
    let filled: Vec<usize> = (0..row.len()).filter(|&c| !row[c].is_empty()).collect();
    if filled.len() < 2 || filled.iter().any(|&c| is_int(&row[c].text)) {
        return false;
    }
    let empty_above = |c: usize| above.get(c).is_none_or(|x| x.is_empty());
    let spanned = |c: usize| empty_above(c) && (0..c).rev().find(|&x| !empty_above(x)).is_some();
    let span_start = |c: usize| !empty_above(c) && empty_above(c + 1) && c + 1 < row.len() && !row[c + 1].is_empty();
    filled.iter().all(|&c| spanned(c) || span_start(c)) && filled.iter().any(|&c| spanned(c))
}

/// Fill a short row with empty cells up to `width`. True (and a warning) when the row was short and is not
/// a total row, whose merged cells make it short on purpose.
fn pad_row(cells: &mut Vec<Cell>, width: usize, line: usize, diags: &mut Diags) -> bool {
    let short = cells.len() < width && !is_total_row(cells);
    if short {
        diags.warn("table.row_width", Some(line), format!("row has {} cells where the table has {width}", cells.len()));
    }
    while cells.len() < width {
        cells.push(Cell { line, ..Cell::default() });
    }
    short
}

/// A row as compared with a header row: its cells folded, "|" between them.
fn row_key<'c>(cells: &'c [Cell]) -> impl Iterator<Item = char> + 'c {
    cells.iter().enumerate().flat_map(|(k, c)| (k > 0).then_some('|').into_iter().chain(fold_chars(&c.text)))
}

fn from_stream<'a>(table: &TableInfo, mut cells: Vec<Cell<'a>>, diags: &mut Diags) -> Grid<'a> {
    let h = cells.iter().take_while(|c| header_like(c)).count();
    if cells[..h].iter().all(|c| c.is_empty()) {
        diags.warn(
            "table.no_header",
            Some(table.line),
            format!("{} table without a header row: kept as one cell per row", table.format.name()),
        );
        let rows = cells.into_iter().map(|c| RawRow { line: c.line, cells: vec![c] }).collect();
        return finish(table, &[], 1, rows, false);
    }
    let rest = cells.split_off(h);
    let header_cells = cells.as_slice();
    // A header repeated in the stream (after a page break) is cut out before rows are formed: in one pass,
    // each window that repeats the header is skipped (removing them in place was quadratic in the repeats).
    let key: Vec<String> = header_cells.iter().map(|c| fold(&c.text)).collect();
    // Which cells start a repeat is found on the borrowed cells; then the others move out.
    let mut keep = vec![true; rest.len()];
    let mut r = 0;
    let mut repeats = 0;
    while r < rest.len() {
        if !key.is_empty()
            && r + key.len() <= rest.len()
            && rest[r..r + key.len()].iter().zip(&key).all(|(c, f)| fold_eq(&c.text, f))
        {
            keep[r..r + key.len()].fill(false);
            r += key.len();
            repeats += 1;
        } else {
            r += 1;
        }
    }
    let data: Vec<Cell> =
        if repeats == 0 { rest } else { rest.into_iter().zip(keep).filter_map(|(c, k)| k.then_some(c)).collect() };
    if repeats > 0 {
        diags.info("table.repeated_header", Some(table.line), format!("{repeats} repeated header(s) dropped"));
    }

    // The fewest columns the header can name: one per distinct role, one per unknown name.
    let mut roles = std::collections::BTreeSet::new();
    for c in header_cells.iter().filter(|c| !c.is_empty()) {
        if let Some(r) = role_of(&c.text) {
            roles.insert(r);
        }
    }
    let n_min = roles.len().max(1);
    let fits = |n: usize| -> bool {
        let rem = data.len() % n;
        let tail_ok = rem == 0 || is_total_row(&data[data.len() - rem..]);
        if !tail_ok {
            return false;
        }
        // Only the serial column matters here: no column headers are built.
        let header = expand(&chunk_header(header_cells, n), n);
        match (0..n).position(|c| column_role(&header, c) == Some(Role::Serial)) {
            Some(s) => data.chunks(n).all(|row| row.len() < n || row[s].is_empty() || is_int(&row[s].text)),
            None => true,
        }
    };
    let chosen = (n_min..=h.max(n_min)).find(|&n| fits(n));
    let n = match chosen {
        Some(n) => n,
        None => {
            diags.warn(
                "table.columns_guessed",
                Some(table.line),
                format!("no column count fits both the header and the {} data cells; used {n_min}", data.len()),
            );
            n_min
        }
    };
    diags.info(
        "table.rows_inferred",
        Some(table.line),
        format!("{} table: rows recovered from the header's column count ({n} columns)", table.format.name()),
    );
    let header = chunk_header(header_cells, n);
    let mut short_last_row = false;
    // The data cells are moved into their rows, not copied.
    let mut rows: Vec<RawRow> = Vec::with_capacity(data.len().div_ceil(n));
    let mut cells_left = data.into_iter().peekable();
    while cells_left.peek().is_some() {
        let mut cells: Vec<Cell> = cells_left.by_ref().take(n).collect();
        let line = cells.first().map(|c| c.line).unwrap_or(table.line);
        short_last_row = pad_row(&mut cells, n, line, diags);
        rows.push(RawRow { line, cells });
    }
    finish(table, &header, n, rows, short_last_row)
}

/// Split header cells into rows of `n`, from the end: the last header row is full, rows above it may be
/// shorter where a cell spans several columns.
fn chunk_header<'c, 'a>(cells: &'c [Cell<'a>], n: usize) -> Vec<&'c [Cell<'a>]> {
    let mut rows = Vec::new();
    let mut end = cells.len();
    while end > 0 {
        let start = end.saturating_sub(n);
        rows.push(&cells[start..end]);
        end = start;
    }
    rows.reverse();
    rows
}

/// Expand header rows to `n` columns. A row with fewer cells than `n` has cells that span columns: a cell
/// spans the columns under which the next row has several consecutive names (指标层 over 序号 | 指标).
/// The texts are borrowed from the cells; only the grid's final header is copied out ([`finish`]).
fn expand<'c>(rows: &[&'c [Cell]], n: usize) -> Vec<Vec<&'c str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new(); rows.len()];
    for r in (0..rows.len()).rev() {
        let row = rows[r];
        if row.len() >= n {
            out[r] = row.iter().take(n).map(|c| &*c.text).collect();
            continue;
        }
        // The row below is already expanded to `n`; under the last row there is nothing.
        let below = |col: usize| out.get(r + 1).and_then(|b| b.get(col)).copied().unwrap_or("");
        let mut extra = n - row.len();
        let mut expanded = Vec::with_capacity(n);
        for cell in row {
            expanded.push(&*cell.text);
            let mut col = expanded.len() - 1;
            while extra > 0 && col + 1 < n && !below(col).is_empty() && !below(col + 1).is_empty() {
                expanded.push("");
                extra -= 1;
                col += 1;
            }
        }
        while expanded.len() < n {
            expanded.push("");
        }
        out[r] = expanded;
    }
    // An empty header cell right of a filled one in a row above sub-headers belongs to the same span.
    out
}

/// The role of column `c`: the lowest header text in it that names one.
fn column_role(header: &[Vec<&str>], c: usize) -> Option<Role> {
    header.iter().rev().filter_map(|r| r.get(c)).filter(|t| !t.is_empty()).find_map(|t| role_of(t))
}

fn columns_of(header: &[Vec<&str>]) -> Vec<Column> {
    let width = header.iter().map(Vec::len).max().unwrap_or(0);
    (0..width)
        .map(|c| {
            let mut joined = String::new();
            for t in header.iter().filter_map(|r| r.get(c)).filter(|t| !t.is_empty()) {
                if !joined.is_empty() {
                    joined.push('/');
                }
                joined.push_str(t);
            }
            let mut role = column_role(header, c);
            // A sub-column with no known name under a spanning cell (项目投入（万元） over 省级补助): named and
            // typed by the span; the first column of the span keeps the span's role for its record field.
            if role.is_none()
                && let Some(span) = spanning_text(header, c)
            {
                joined = format!("{span}/{joined}");
                role = role_of(span);
            }
            Column { header: joined, role }
        })
        .collect()
}

/// The text of the header cell that spans column `c` from its left in a row above `c`'s own name.
fn spanning_text<'h>(header: &[Vec<&'h str>], c: usize) -> Option<&'h str> {
    let own = header.iter().rposition(|r| r.get(c).is_some_and(|t| !t.is_empty()))?;
    header[..own].iter().rev().find_map(|r| {
        if r.get(c).is_none_or(|t| !t.is_empty()) {
            return None;
        }
        (0..c).rev().map(|x| r[x]).find(|t| !t.is_empty())
    })
}

fn finish<'a>(
    table: &TableInfo,
    header_rows: &[&[Cell]],
    width: usize,
    rows: Vec<RawRow<'a>>,
    short_last_row: bool,
) -> Grid<'a> {
    let header = expand(header_rows, width);
    let columns = if header.is_empty() {
        (0..width).map(|_| Column { header: String::new(), role: None }).collect()
    } else {
        columns_of(&header)
    };
    let header = header.into_iter().map(|r| r.into_iter().map(str::to_string).collect()).collect();
    let mut rows = rows;
    join_span_continuations(&columns, &mut rows);
    Grid { line: table.line, last_line: table.last_line, header, columns, rows, short_last_row }
}

/// The columns that say which record a row is: 序号 and the name columns.
fn identifying(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Serial | Role::TaskLayer | Role::IndicatorName | Role::ProjectName | Role::Name))
}

/// A row whose identifying cells (序号, name) are all copies of merged cells from the row above continues that
/// row: its other cells are joined to the row above's (a line break between) and it is no row of its own.
fn join_span_continuations(columns: &[Column], rows: &mut Vec<RawRow>) {
    let ids: Vec<usize> = (0..columns.len()).filter(|&i| identifying(columns[i].role)).collect();
    if ids.is_empty() || !rows.iter().any(|r| r.cells.iter().any(|c| c.span)) {
        return;
    }
    let mut out: Vec<RawRow> = Vec::with_capacity(rows.len());
    for row in rows.drain(..) {
        let continues = ids.iter().all(|&i| row.cells.get(i).is_some_and(|c| c.span));
        match out.last_mut() {
            Some(prev) if continues => {
                for (k, c) in row.cells.into_iter().enumerate() {
                    if c.span || c.is_empty() {
                        continue;
                    }
                    match prev.cells.get_mut(k) {
                        Some(p) if !p.is_empty() => {
                            let list = format!("{}\n{}", p.list_text(), c.list_text());
                            let text = format!("{}\n{}", p.text, c.text);
                            p.text = text.into();
                            p.list = list;
                        }
                        Some(p) => *p = Cell { line: p.line, ..c },
                        None => prev.cells.push(c),
                    }
                }
            }
            _ => out.push(row),
        }
    }
    *rows = out;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::tables::Format;

    fn cells(texts: &[&str]) -> Vec<Cell<'static>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Cell { text: t.to_string().into(), line: i + 1, ..Cell::default() })
            .collect()
    }

    fn stream(texts: &[&str]) -> RawTable<'static> {
        RawTable { format: Format::TabCells, line: 1, last_line: texts.len(), body: Body::Stream(cells(texts)) }
    }

    fn row_texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows.iter().map(|r| r.cells.iter().map(|c| c.text.to_string()).collect()).collect()
    }

    #[test]
    fn a_row_whose_serial_and_name_are_span_copies_continues_the_row_above() {
        let c = |t: &str, span: bool| Cell { text: t.to_string().into(), line: 1, span, ..Cell::default() };
        let columns: Vec<Column> = ["序号", "重点任务", "具体措施", "配合单位"]
            .iter()
            .map(|h| Column { header: h.to_string(), role: role_of(h) })
            .collect();
        let mut rows = vec![
            RawRow { line: 3, cells: vec![c("1", false), c("甲", false), c("措施一", false), c("乙局", false)] },
            RawRow { line: 5, cells: vec![c("1", true), c("甲", true), c("措施二", false), c("乙局", true)] },
            // Only the serial is a copy (two items under one 序号): a row of its own.
            RawRow { line: 7, cells: vec![c("1", true), c("丙", false), c("", false), c("丁局", false)] },
        ];
        join_span_continuations(&columns, &mut rows);
        let texts: Vec<Vec<String>> =
            rows.iter().map(|r| r.cells.iter().map(|c| c.text.to_string()).collect()).collect();
        assert_eq!(texts, [vec!["1", "甲", "措施一\n措施二", "乙局"], vec!["1", "丙", "", "丁局"]]);
        assert_eq!(rows[0].line, 3);
    }

    #[test]
    fn stream_with_merged_two_row_header() {
        // Header row 1 has 5 cells: 指标层 spans 序号 and 指标.
        let t = stream(&[
            "目标层",
            "任务层",
            "指标层",
            "指标目标值",
            "责任部门",
            "",
            "",
            "序号",
            "指标",
            "",
            "",
            "甲",
            "乙",
            "1",
            "名一",
            ">90%",
            "局一",
            "",
            "",
            "",
            "名二",
            "提高",
            "局二",
            "",
            "丙",
            "2",
            "名三",
            "100%",
            "局三",
        ]);
        let g = build(t, &mut Diags::default());
        assert_eq!(g.width(), 6);
        assert_eq!(g.columns[2].header, "指标层/序号");
        assert_eq!(g.col(Role::Serial), Some(2));
        assert_eq!(g.col(Role::IndicatorName), Some(3));
        assert_eq!(g.col(Role::Target), Some(4));
        assert_eq!(g.col(Role::Departments), Some(5));
        assert_eq!(g.rows.len(), 3);
        assert_eq!(row_texts(&g)[1], ["", "", "", "名二", "提高", "局二"]);
    }

    #[test]
    fn stream_header_repeated_back_to_back_is_cut_every_time() {
        let t = stream(&["序号", "名称", "1", "甲", "序号", "名称", "序号", "名称", "2", "乙", "序号", "名称"]);
        let mut d = Diags::default();
        let g = build(t, &mut d);
        assert_eq!(row_texts(&g), [["1", "甲"], ["2", "乙"]]);
        assert!(d.0.iter().any(|x| x.code == "table.repeated_header" && x.message.starts_with("3 ")), "{:?}", d.0);
    }

    #[test]
    fn stream_total_row_may_be_short() {
        let t = stream(&["序号", "名称", "总投资（万元）", "1", "甲", "10", "2", "乙", "20", "合计", "30"]);
        let mut d = Diags::default();
        let g = build(t, &mut d);
        assert_eq!(g.width(), 3);
        assert_eq!(g.rows.len(), 3);
        assert!(is_total_row(&g.rows[2].cells));
        assert!(!d.0.iter().any(|x| x.code == "table.row_width"));
    }

    #[test]
    fn rows_with_placeholder_and_repeated_header() {
        let rows = vec![
            RawRow { line: 1, cells: cells(&["目标层", "指标层", "", "目标值"]) },
            RawRow { line: 2, cells: cells(&["", "序号", "指标", ""]) },
            RawRow { line: 3, cells: cells(&["甲", "1", "名一", ">1"]) },
            RawRow { line: 4, cells: cells(&["目标层", "指标层", "", "目标值"]) },
            RawRow { line: 5, cells: cells(&["", "序号", "指标", ""]) },
            RawRow { line: 6, cells: cells(&["", "2", "名二"]) },
        ];
        let t = RawTable { format: Format::PipeRows, line: 1, last_line: 6, body: Body::Rows(rows) };
        let mut d = Diags::default();
        let g = build(t, &mut d);
        assert_eq!(g.header.len(), 2);
        assert_eq!(g.rows.len(), 2);
        assert_eq!(g.col(Role::IndicatorName), Some(2));
        assert_eq!(row_texts(&g)[1], ["", "2", "名二", ""]);
        assert!(d.0.iter().any(|x| x.code == "table.repeated_header"));
        assert!(d.0.iter().any(|x| x.code == "table.row_width" && x.line == Some(6)));
    }

    #[test]
    fn row_key_is_the_folded_cells_joined_by_pipes() {
        let c = cells(&["序　号", "", "ＡＢ｜Ｃ", "名称"]);
        let joined = c.iter().map(|c| fold(&c.text)).collect::<Vec<_>>().join("|");
        assert_eq!(row_key(&c).collect::<String>(), joined);
        assert_eq!(row_key(&[]).count(), 0);
    }
}
