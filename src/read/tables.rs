//! Tables: numbered lines → text lines and raw tables, reading every way a grid arrives as text
//! (tab per cell, " |" per cell, | rows |, Markdown, tab-separated with quoted cells, box drawing).
//!
//! This stage only finds cells and, where the text marks them, rows. Rows that the text does not mark
//! are recovered later from the header's column count ([`crate::read::grid`]).

use crate::read::columns::role_of;
use crate::read::lines::Line;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell<'a> {
    /// The cell's text, its pieces joined ([`join_parts`](crate::text::join_parts)): "环境\n质量" → "环境质量".
    /// Borrowed from the line when it is one word (most cells): a cell no record keeps costs no allocation.
    pub text: Cow<'a, str>,
    /// The pieces the source separated (lines, paragraphs, spaces) joined by newlines, for lists such as
    /// departments. Kept only when there are two pieces or more (one piece is the text itself), and empty when
    /// the source only wrapped the text (box drawing), so no piece boundary means anything.
    pub list: String,
    pub line: usize,
}

impl<'a> Cell<'a> {
    /// A cell from the pieces the source gives (lines, paragraphs, `<br>`-separated parts); each is split
    /// further at whitespace.
    pub fn new(parts: impl IntoIterator<Item = &'a str>, line: usize) -> Self {
        let mut b = CellBuilder::default();
        for p in parts {
            b.push(p);
        }
        b.finish(line)
    }
    /// A cell whose lines are wrapped at a fixed width: the line breaks carry no meaning.
    /// Its lines are concatenated as they are: a wrap point says nothing about spaces ("2021-202" + "2年").
    pub fn wrapped<'p>(parts: impl IntoIterator<Item = &'p str>, line: usize) -> Self {
        let text: String = parts.into_iter().flat_map(str::split_whitespace).collect();
        Cell { text: Cow::Owned(text), list: String::new(), line }
    }
    /// The separated pieces joined by newlines (the whole text when the source only wrapped it).
    pub fn list_text(&self) -> &str {
        if self.list.is_empty() { &self.text } else { &self.list }
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// Builds a cell's text and list piece by piece, without first collecting the pieces: the text as
/// [`join_parts`](crate::text::join_parts) joins the whitespace-separated words (a space only between two ASCII
/// letters/digits), the list as the words joined by newlines.
#[derive(Default)]
struct CellBuilder<'a> {
    text: Cow<'a, str>,
    list: String,
    words: usize,
}

impl<'a> CellBuilder<'a> {
    /// Add a piece of the source: a cell of one word borrows it.
    fn push(&mut self, part: &'a str) {
        let mut words = split_ws(part);
        if self.words == 0
            && let Some(w) = words.next()
        {
            self.text = Cow::Borrowed(w);
            self.words = 1;
        }
        self.push_more(words, part.len());
    }
    /// Add a piece that does not outlive the builder (an unquoted TSV field): copied.
    fn push_copy(&mut self, part: &str) {
        let mut words = split_ws(part);
        if self.words == 0
            && let Some(w) = words.next()
        {
            let mut text = String::with_capacity(part.len());
            text.push_str(w);
            self.text = Cow::Owned(text);
            self.words = 1;
        }
        self.push_more(words, part.len());
    }
    /// The words after a cell's first, from a piece of `part_len` bytes.
    fn push_more<'w>(&mut self, words: impl Iterator<Item = &'w str>, part_len: usize) {
        // Room is made once per piece (not per word): its words, and the spaces kept between them, are no
        // longer than the piece, plus one space or newline before its first word.
        let mut room = false;
        for w in words {
            if self.words == 1 {
                // The list is only needed from the second word on; until then it would equal the text.
                self.list.reserve(self.text.len() + 1 + part_len);
                self.list.push_str(&self.text);
            } else if !room {
                self.list.reserve(part_len + 1);
            }
            let text = match &mut self.text {
                Cow::Owned(t) => t,
                Cow::Borrowed(b) => {
                    // A second word: the text becomes its own.
                    let mut t = String::with_capacity(b.len() + 1 + part_len);
                    t.push_str(b);
                    self.text = Cow::Owned(t);
                    room = true;
                    self.text.to_mut()
                }
            };
            if !room {
                text.reserve(part_len + 1);
                room = true;
            }
            crate::text::push_piece(text, w);
            self.list.push('\n');
            self.list.push_str(w);
            self.words += 1;
        }
    }
    fn finish(self, line: usize) -> Cell<'a> {
        Cell { text: self.text, list: self.list, line }
    }
}

/// [`str::split_whitespace`], reading bytes: an ASCII byte is tested as it is, a character is decoded only when
/// its lead byte can begin a non-ASCII whitespace character (C2: U+0085, U+00A0; E1: U+1680; E2: U+2000–U+205F;
/// E3: U+3000), and any other character is stepped over whole. Cells are mostly CJK text (lead bytes E4–E9).
/// std's splitter (and the plainer builder) cost 4.1% more instructions over the 1,000-notice archive: kept for
/// the budget of the whole round (bench/README.md, "Scanners kept").
fn split_ws(s: &str) -> impl Iterator<Item = &str> {
    let b = s.as_bytes();
    // The length of the character at `i` and whether it is whitespace.
    let at = move |i: usize| -> (usize, bool) {
        match b[i] {
            c @ 0..=0x7F => (1, matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match s.get(i..).and_then(|r| r.chars().next()) {
                Some(ch) => (ch.len_utf8(), ch.is_whitespace()),
                None => (1, false),
            },
            lead => (crate::text::utf8_len(lead), false),
        }
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            if i >= b.len() {
                return None;
            }
            let (n, ws) = at(i);
            if !ws {
                break;
            }
            i += n;
        }
        let start = i;
        while i < b.len() {
            let (n, ws) = at(i);
            if ws {
                break;
            }
            i += n;
        }
        // Both ends are character boundaries: `i` only ever steps over whole characters.
        s.get(start..i.min(b.len()))
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRow<'a> {
    pub line: usize,
    pub cells: Vec<Cell<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    TabCells,
    PipeCells,
    PipeRows,
    Tsv,
    BoxDrawing,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::TabCells => "tab-per-cell",
            Format::PipeCells => "cell-per-line",
            Format::PipeRows => "pipe rows",
            Format::Tsv => "tab-separated",
            Format::BoxDrawing => "box-drawing",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Body<'a> {
    /// The text marks rows.
    Rows(Vec<RawRow<'a>>),
    /// The text gives only a stream of cells.
    Stream(Vec<Cell<'a>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawTable<'a> {
    pub format: Format,
    /// First source line of the table.
    pub line: usize,
    /// Last source line of the table.
    pub last_line: usize,
    pub body: Body<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    /// Index into the line vector.
    Text(usize),
    Table(RawTable<'a>),
}

/// Find the tables among the lines. Every line ends up in exactly one block.
pub fn find_tables<'a>(lines: &'a [Line]) -> Vec<Block<'a>> {
    // At most one block per line: room for all of them at once, instead of a copy at every doubling.
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    // When read_box finds only rule lines it would find only rules again from any line of that run, so it is
    // not asked again there (a text of many rule lines made this quadratic).
    let mut no_box_before = 0;
    while i < lines.len() {
        let found = if !may_start_table(&lines[i].text) {
            None
        } else if is_box_line(&lines[i].text) {
            if i < no_box_before {
                None
            } else {
                let found = read_box(lines, i);
                if found.is_none() {
                    no_box_before = i + lines[i..].iter().take_while(|l| is_box_rule(&l.text)).count();
                }
                found
            }
        } else if is_pipe_row(&lines[i].text) || starts_bare_pipe_table(lines, i) {
            read_pipe_rows(lines, i)
        } else if is_pipe_cell(&lines[i].text) {
            read_pipe_cells(lines, i)
        } else if is_tsv_line(&lines[i].text) {
            read_tsv(lines, i)
        } else if lines[i].text.starts_with('\t') && !lines[i].text.trim().is_empty() || lines[i].text == "\t" {
            read_tab_cells(lines, i)
        } else {
            None
        };
        match found {
            Some((table, next)) if next > i => {
                out.push(Block::Table(table));
                i = next;
            }
            _ => {
                out.push(Block::Text(i));
                i += 1;
            }
        }
    }
    out
}

/// Every way a table starts needs a tab or a '|' in its first line, or a box-drawing character or '+' at its
/// start. One SIMD byte search (memchr) and a look at the first character turn away most prose lines before the
/// trims and char tests of each format.
fn may_start_table(t: &str) -> bool {
    memchr::memchr2(b'\t', b'|', t.as_bytes()).is_some() || {
        let s = t.trim_start();
        s.starts_with(BOX_CHARS) || s.starts_with('+')
    }
}

const BOX_CHARS: &[char] = &['┌', '├', '└', '│', '┏', '┣', '┗', '┃', '╔', '╠', '╚', '║', '┬', '┼', '┴', '─', '━', '═'];

fn is_box_line(t: &str) -> bool {
    let t = t.trim();
    t.starts_with(BOX_CHARS)
        || (t.starts_with('+') && t.len() > 2 && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':' | ' ')))
}

fn is_box_rule(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().all(|c| {
            matches!(c, '+' | '-' | '=' | ':' | ' ')
                || ('\u{2500}'..='\u{257F}').contains(&c) && !matches!(c, '│' | '┃' | '║')
        })
}

fn split_box_content(t: &str) -> Vec<&str> {
    let t = t.trim();
    let mut parts: Vec<&str> = t.split(['│', '┃', '║', '|']).map(str::trim).collect();
    if parts.first().is_some_and(|s| s.is_empty()) {
        parts.remove(0);
    }
    if parts.last().is_some_and(|s| s.is_empty()) {
        parts.pop();
    }
    parts
}

fn read_box<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut rows = Vec::new();
    let mut current: Vec<Vec<&str>> = Vec::new();
    let mut current_line = 0;
    let mut i = start;
    let flush = |current: &mut Vec<Vec<&str>>, line: usize, rows: &mut Vec<RawRow>| {
        if current.is_empty() {
            return;
        }
        let width = current.iter().map(Vec::len).max().unwrap_or(0);
        let cells = (0..width).map(|c| Cell::wrapped(current.iter().filter_map(|l| l.get(c).copied()), line)).collect();
        rows.push(RawRow { line, cells });
        current.clear();
    };
    while i < lines.len() {
        let t = &lines[i].text;
        if is_box_rule(t) {
            flush(&mut current, current_line, &mut rows);
        } else if is_box_line(t) || t.trim().starts_with('|') {
            if current.is_empty() {
                current_line = lines[i].no;
            }
            current.push(split_box_content(t));
        } else {
            break;
        }
        i += 1;
    }
    flush(&mut current, current_line, &mut rows);
    if rows.is_empty() {
        return None;
    }
    Some((
        RawTable {
            format: Format::BoxDrawing,
            line: lines[start].no,
            last_line: lines[i - 1].no,
            body: Body::Rows(rows),
        },
        i,
    ))
}

fn is_pipe_row(t: &str) -> bool {
    let t = t.trim();
    t.len() >= 3 && t.starts_with('|') && t.ends_with('|') && t.matches('|').count() >= 3
}

/// A Markdown table written without outer pipes: "序号 | 指标" followed by a "---|---" rule line.
fn starts_bare_pipe_table(lines: &[Line], i: usize) -> bool {
    lines[i].text.contains('|') && lines.get(i + 1).is_some_and(|n| n.text.contains('|') && is_markdown_rule(&n.text))
}

fn is_markdown_rule(t: &str) -> bool {
    let t = t.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '='))
}

fn read_pipe_rows<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut rows = Vec::new();
    let mut i = start;
    let bare = !is_pipe_row(&lines[start].text);
    let in_table = |t: &str| if bare { t.contains('|') && !t.trim().is_empty() } else { is_pipe_row(t) };
    while i < lines.len() && in_table(&lines[i].text) {
        let t = lines[i].text.trim();
        if !is_markdown_rule(t) {
            let inner = t.strip_prefix('|').unwrap_or(t);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells = inner.split('|').map(|c| Cell::new(c.split("<br>"), lines[i].no)).collect();
            rows.push(RawRow { line: lines[i].no, cells });
        }
        i += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    Some((
        RawTable {
            format: Format::PipeRows,
            line: lines[start].no,
            last_line: lines[i - 1].no,
            body: Body::Rows(rows),
        },
        i,
    ))
}

fn is_pipe_cell(t: &str) -> bool {
    let s = t.trim();
    s.ends_with('|') && (s == "|" || !s.starts_with('|'))
}

fn read_pipe_cells<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut cells = Vec::new();
    let mut i = start;
    let mut end = start;
    while i < lines.len() {
        let t = &lines[i].text;
        if is_pipe_cell(t) {
            let s = t.trim_end();
            let s = &s[..s.len() - 1];
            cells.push(Cell::new([s], lines[i].no));
            end = i + 1;
        } else if !t.trim().is_empty() {
            break;
        }
        i += 1;
    }
    if cells.len() < 2 {
        return None;
    }
    Some((
        RawTable {
            format: Format::PipeCells,
            line: lines[start].no,
            last_line: lines[end - 1].no,
            body: Body::Stream(cells),
        },
        end,
    ))
}

/// A spreadsheet row: a tab that is not just one leading tab before the text.
fn is_tsv_line(t: &str) -> bool {
    let body = t.strip_prefix('\t').unwrap_or(t);
    body.contains('\t') && !body.trim().is_empty()
}

/// Parse tab-separated records with double-quoted, possibly multi-line fields.
fn read_tsv<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut rows = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let t = &lines[i].text;
        if t.trim().is_empty() || !(t.contains('\t') || t.starts_with('"')) {
            break;
        }
        let row_line = lines[i].no;
        // Each field's text goes straight into its cell, a line (piece) at a time: `cur` holds the unquoted
        // text of the current field on the current line.
        let mut cells = Vec::new();
        let mut field = CellBuilder::default();
        let mut cur = String::new();
        let mut in_quotes = false;
        let mut at_field_start = true;
        let closed;
        loop {
            let mut chars = lines[i].text.chars().peekable();
            while let Some(c) = chars.next() {
                if in_quotes {
                    if c == '"' {
                        if chars.next_if_eq(&'"').is_some() {
                            cur.push('"');
                        } else {
                            in_quotes = false;
                        }
                    } else {
                        cur.push(c);
                    }
                } else if c == '\t' {
                    field.push_copy(&cur);
                    cur.clear();
                    cells.push(std::mem::take(&mut field).finish(row_line));
                    at_field_start = true;
                    continue;
                } else if c == '"' && at_field_start && cur.is_empty() {
                    in_quotes = true;
                } else {
                    cur.push(c);
                }
                at_field_start = false;
            }
            field.push_copy(&cur);
            cur.clear();
            if in_quotes && i + 1 < lines.len() {
                // The quoted field goes on in the next line.
                i += 1;
                continue;
            }
            cells.push(field.finish(row_line));
            closed = !in_quotes;
            i += 1;
            break;
        }
        rows.push(RawRow { line: row_line, cells });
        if !closed {
            break;
        }
    }
    if rows.len() < 2 || rows.iter().filter(|r| r.cells.len() >= 2).count() < 2 {
        return None;
    }
    Some((
        RawTable { format: Format::Tsv, line: lines[start].no, last_line: lines[i - 1].no, body: Body::Rows(rows) },
        i,
    ))
}

/// A line that cannot be the continuation of a cell: a section heading or a note under the table.
fn ends_cell_text(t: &str) -> bool {
    let t = t.trim();
    crate::read::headings::heading_level(t).is_some_and(|l| l <= 2)
        || t.starts_with("注：")
        || t.starts_with("注:")
        || t.starts_with("附件")
        || t.starts_with("抄送")
}

/// The Word export: every cell starts on a new line with one tab, and paragraphs of a cell follow
/// on lines of their own. Rows are not marked.
fn read_tab_cells<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    // Each cell as the lines it covers, [first, end): its tab line, then the lines of its further paragraphs.
    // Blank lines among them add no piece, so the cells are read straight from the lines afterwards.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut blank_run = 0;
    let mut i = start;
    let mut end = start;
    while i < lines.len() {
        let t = &lines[i].text;
        if t.starts_with('\t') && !is_tsv_line(t) {
            spans.push((i, i + 1));
            blank_run = 0;
            end = i + 1;
        } else if t.trim().is_empty() {
            blank_run += 1;
        } else {
            if blank_run >= 2 || ends_cell_text(t) || is_tsv_line(t) {
                break;
            }
            match spans.last_mut() {
                Some(s) => s.1 = i + 1,
                None => break,
            }
            blank_run = 0;
            end = i + 1;
        }
        i += 1;
    }
    // The tab is one byte, so `[1..]` is a char boundary.
    let cell = |&(first, end): &(usize, usize)| {
        let rest = lines[first + 1..end].iter().map(|l| &*l.text);
        Cell::new(std::iter::once(&lines[first].text[1..]).chain(rest), lines[first].no)
    };
    // Tab-indented prose is not a table: ask for at least four cells and a known column name early on.
    // The first cells are built and looked at before the others, which prose never needs.
    if spans.len() < 4 {
        return None;
    }
    let mut cells: Vec<Cell> = Vec::with_capacity(spans.len());
    cells.extend(spans.iter().take(24).map(cell));
    if !cells.iter().any(|c| role_of(&c.text).is_some()) {
        return None;
    }
    cells.extend(spans.iter().skip(24).map(cell));
    Some((
        RawTable {
            format: Format::TabCells,
            line: lines[start].no,
            last_line: lines[end - 1].no,
            body: Body::Stream(cells),
        },
        end,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mk(text: &str) -> Vec<Line<'_>> {
        text.split('\n').enumerate().map(|(i, t)| Line { no: i + 1, text: t.into() }).collect()
    }

    fn only_table(text: &str) -> RawTable<'static> {
        // Cells borrow their lines: the test's lines are leaked so that the table can be returned.
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let blocks = find_tables(Box::leak(mk(text).into_boxed_slice()));
        let tables: Vec<RawTable> = blocks
            .into_iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Text(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 1, "{text}");
        tables.into_iter().next().unwrap()
    }

    fn texts<'c>(cells: &'c [Cell]) -> Vec<&'c str> {
        cells.iter().map(|c| &*c.text).collect()
    }

    #[test]
    fn tab_cells_with_paragraphs_and_end() {
        let t =
            only_table("标题\n\t序号\n\t名称\n\t责任单位\n\n\t1\n\t环境\n质量\n\t区水务局\n\n区林业局\n\n\n注：说明\n");
        assert_eq!(t.format, Format::TabCells);
        assert_eq!((t.line, t.last_line), (2, 11));
        match t.body {
            Body::Stream(c) => {
                assert_eq!(texts(&c), ["序号", "名称", "责任单位", "1", "环境质量", "区水务局区林业局"]);
                assert_eq!(c[4].line, 7);
            }
            _ => panic!("stream expected"),
        }
    }

    #[test]
    fn tab_indented_prose_is_not_a_table() {
        let lines = mk("\t第一段很长的正文。\n\t第二段。\n\t第三段。\n\t第四段。");
        let blocks = find_tables(&lines);
        assert!(blocks.iter().all(|b| matches!(b, Block::Text(_))));
    }

    #[test]
    fn pipe_cells() {
        let t = only_table("序号 |\n名称 |\n1 |\n环境 质量 |\n后文");
        assert_eq!(t.last_line, 4);
        match t.body {
            Body::Stream(c) => assert_eq!(texts(&c), ["序号", "名称", "1", "环境质量"]),
            _ => panic!(),
        }
    }

    #[test]
    fn pipe_rows_and_markdown() {
        for src in ["| 序号 | 名称 |\n|---|---|\n| 1 | 环境 质量 |", "| 序号 | 名称 |\n| 1 | 环境 质量 |"]
        {
            let t = only_table(src);
            match t.body {
                Body::Rows(r) => {
                    assert_eq!(r.len(), 2);
                    assert_eq!(texts(&r[1].cells), ["1", "环境质量"]);
                    assert_eq!(r[1].line, if src.contains("---") { 3 } else { 2 });
                }
                _ => panic!(),
            }
        }
    }

    #[test]
    fn markdown_without_outer_pipes() {
        let t = only_table("序号 | 名称\n--- | ---\n1 | 环境 质量\n\n后文");
        match t.body {
            Body::Rows(r) => assert_eq!(texts(&r[1].cells), ["1", "环境质量"]),
            _ => panic!(),
        }
    }

    #[test]
    fn tsv_with_quoted_multiline_cells() {
        let t = only_table("序号\t名称\t\"责任\n单位\"\n1\t\"环境\n质量\"\t区水务局\n\t\t\"\"\"引号\"\"\"\n\n后文");
        assert_eq!(t.format, Format::Tsv);
        match t.body {
            Body::Rows(r) => {
                assert_eq!(r.len(), 3);
                assert_eq!(texts(&r[0].cells), ["序号", "名称", "责任单位"]);
                assert_eq!(texts(&r[1].cells), ["1", "环境质量", "区水务局"]);
                assert_eq!(r[1].line, 3);
                assert_eq!(texts(&r[2].cells), ["", "", "\"引号\""]);
            }
            _ => panic!(),
        }
    }

    #[test]
    fn rule_lines_alone_are_text_and_a_box_table_after_them_is_found() {
        let mut src = "──────\n".repeat(50);
        src.push_str("正文\n┌────┬──────┐\n│ 序号 │ 名称 │\n├────┼──────┤\n│ 1  │ 环境 │\n└────┴──────┘");
        let lines = mk(&src);
        let blocks = find_tables(&lines);
        assert_eq!(blocks.iter().filter(|b| matches!(b, Block::Text(_))).count(), 51);
        match blocks.last() {
            Some(Block::Table(t)) => assert_eq!((t.format, t.line, t.last_line), (Format::BoxDrawing, 52, 56)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn box_drawing_with_wrapped_cells() {
        let src = "┌────┬──────┐\n│ 序号 │ 名称 │\n├────┼──────┤\n│ 1  │ 环境 │\n│    │ 质量 │\n└────┴──────┘";
        let t = only_table(src);
        match t.body {
            Body::Rows(r) => {
                assert_eq!(r.len(), 2);
                assert_eq!(texts(&r[1].cells), ["1", "环境质量"]);
                assert_eq!(r[1].line, 4);
            }
            _ => panic!(),
        }
    }

    #[test]
    fn cell_text_and_list_as_join_parts_gives_them() {
        for parts in [
            &["环境", "质量"][..],
            &[" 区水务局 ", "", "区林业局 区农业局"],
            &["PM2.5", "concentration"],
            &["2019-2020", "年"],
            &["  "],
            &[],
            &["一"],
        ] {
            let c = Cell::new(parts.iter().copied(), 3);
            let words: Vec<&str> = parts.iter().flat_map(|p| p.split_whitespace()).collect();
            assert_eq!(c.text, crate::text::join_parts(&words), "{parts:?}");
            let list = if words.is_empty() { String::new() } else { words.join("\n") };
            assert_eq!(c.list_text(), list, "{parts:?}");
            assert_eq!(c.list.is_empty(), words.len() < 2);
        }
    }

    #[test]
    fn only_lines_with_a_table_mark_may_start_a_table() {
        for c in BOX_CHARS.iter().chain(&['+']) {
            assert!(may_start_table(&format!(" {c}正文")), "{c}");
        }
        for c in ['\t', '|'] {
            assert!(may_start_table(&format!("正文{c}")), "{c}");
        }
        assert!(!may_start_table("一、总体要求——“两山”理论（2020年）"));
        assert!(!may_start_table(""));
    }

    #[test]
    fn split_ws_is_split_whitespace() {
        // Every whitespace character starts with one of the lead bytes split_ws decodes.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let lead = c.to_string().as_bytes()[0];
            assert!(c.is_ascii() || matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
        }
        for t in [
            "",
            "  ",
            "环境 质量",
            "\u{3000}区水务局\u{3000}\u{3000}区林业局\u{A0}x\u{85}y\u{2028}z",
            "“两山”—— 《规划》 、。 \u{1680}é ü 𠀀 a\tb\r\n",
            "PM2.5 concentration ",
        ] {
            assert_eq!(split_ws(t).collect::<Vec<_>>(), t.split_whitespace().collect::<Vec<_>>(), "{t:?}");
        }
        // Words longer than a 16-byte step, whitespace at every offset inside and after it.
        let parts = ["环境质量监测", "ab", "\u{3000}", " ", "\u{A0}", "\u{2014}", "é", "𠀀", "、", "\t"];
        for t in crate::text::concatenations(&parts, 5, |_| true) {
            assert_eq!(split_ws(&t).collect::<Vec<_>>(), t.split_whitespace().collect::<Vec<_>>(), "{t:?}");
        }
    }
}
