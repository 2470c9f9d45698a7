//! Tables: numbered lines → text lines and raw tables, reading every way a grid arrives as text
//! (tab per cell, " |" per cell, | rows |, Markdown, tab-separated with quoted cells, box drawing, and with no
//! mark at all: one cell per line, one cell per paragraph, a table flattened into one line of words).
//!
//! This stage only finds cells and, where the text marks them, rows. Rows that the text does not mark
//! are recovered later from the header's column count ([`crate::read::grid`]), except where cells may be
//! split over lines or words with nothing to mark where one ends: there rows and cells are recovered here, by
//! what each column holds (`split_rows`).

use crate::read::columns::{Role, role_of};
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
    /// A copy of a merged cell's text in a row (or column) the merge spans beyond its first: the source drew one
    /// cell over several (no rule between them) and every cell it covers holds its text.
    pub span: bool,
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
        Cell { text: Cow::Owned(text), list: String::new(), line, span: false }
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
        Cell { text: self.text, list: self.list, line, span: false }
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
    /// A table a document reader gave as a grid (Word, HTML, Excel, PDF).
    Document,
    /// One cell per line, no separator (PDF and web copies).
    PlainCells,
    /// One cell per paragraph, blank lines between cells.
    ParagraphCells,
    /// A whole table flattened into one line, cells set apart by spaces only.
    FlatLine,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::TabCells => "tab-per-cell",
            Format::PipeCells => "cell-per-line",
            Format::PipeRows => "pipe rows",
            Format::Tsv => "tab-separated",
            Format::BoxDrawing => "box-drawing",
            Format::Document => "document",
            Format::PlainCells => "one-cell-per-line",
            Format::ParagraphCells => "one-cell-per-paragraph",
            Format::FlatLine => "flattened",
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
        // A column name alone on its line may start a table written with no marks at all; the next line (or
        // the one after a blank line) must be short too, a test that spares most lines the column-name lookup.
        let found = match found {
            None if next_is_short(lines, i) && is_header_word_line(&lines[i].text) => read_plain_cells(lines, i),
            None if starts_flat_table(&lines[i].text) => read_flat_line(lines, i),
            f => f,
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

/// A rule line with gaps: rule pieces (─) and blank pieces between column marks, no text
/// (`├──┼────┤        │`): the columns whose piece is blank have no bottom rule here, their cells go on.
fn is_partial_rule(t: &str) -> bool {
    let t = t.trim();
    if !t.contains([' ', '\u{3000}']) {
        return false;
    }
    let mut horizontal = false;
    for c in t.chars() {
        if is_horizontal(c) {
            horizontal = true;
        } else if !(c == ' ' || c == '\u{3000}' || is_column_mark(c)) {
            return false;
        }
    }
    // At least one piece between two marks is all rule (a content line of dashes, `│ - │ - │`, is no rule), and
    // one is blank: a column with no bottom rule here.
    let pieces: Vec<&str> = t.split(is_column_mark).collect();
    let inner = pieces.get(1..pieces.len().saturating_sub(1)).unwrap_or(&[]);
    let ruled = inner.iter().any(|p| !p.is_empty() && p.chars().all(is_horizontal));
    let blank = inner.iter().any(|p| !p.is_empty() && p.chars().all(|c| c == ' ' || c == '\u{3000}'));
    horizontal && ruled && blank
}

/// A character that draws a horizontal rule.
fn is_horizontal(c: char) -> bool {
    matches!(c, '─' | '━' | '═' | '-' | '=' | '┄' | '┈' | '╌' | '┅' | '┉' | '╍')
}

/// A character that stands where columns meet or bound: vertical bars and junctions.
fn is_column_mark(c: char) -> bool {
    matches!(c, '|' | '+' | ':') || (('\u{2500}'..='\u{257F}').contains(&c) && !is_horizontal(c))
}

/// A content line's column marks (vertical bars only: a junction never stands in a content line).
fn is_bar(c: char) -> bool {
    matches!(c, '│' | '┃' | '║' | '|')
}

/// The display width of a character in a box table whose drawing characters are `box_width` wide: ASCII is
/// one, CJK text two, the drawing characters (and other East Asian ambiguous ones such as “ ”) as the table
/// draws them.
fn char_width(c: char, box_width: usize) -> usize {
    if c.is_ascii() {
        1
    } else if ('\u{2500}'..='\u{257F}').contains(&c) {
        box_width
    } else {
        2
    }
}

/// One line of a box table, read: where its column marks stand (display columns) and, for content lines,
/// the text between them.
struct BoxLine<'a> {
    no: usize,
    kind: BoxLineKind,
    text: &'a str,
    /// A rule's column marks.
    marks: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum BoxLineKind {
    Rule,
    Partial,
    Content,
}

/// The column marks of a line at their display positions under `box_width`, with the byte offsets of each.
fn marks(t: &str, box_width: usize, content: bool) -> Vec<(usize, usize, usize)> {
    let mut pos = 0;
    let mut out = Vec::new();
    for (i, c) in t.char_indices() {
        let w = char_width(c, box_width);
        if if content { is_bar(c) } else { is_column_mark(c) } {
            out.push((pos, i, i + c.len_utf8()));
        }
        pos += w;
    }
    out
}

/// The boundaries of a box table's columns (display positions of every column mark in its rule lines),
/// when every content line's bars stand on one of them under `box_width`.
fn column_bounds(lines: &[BoxLine], box_width: usize) -> Option<Vec<usize>> {
    let mut bounds = std::collections::BTreeSet::new();
    for l in lines.iter().filter(|l| l.kind != BoxLineKind::Content) {
        bounds.extend(marks(l.text, box_width, false).into_iter().map(|m| m.0));
    }
    let mut most = 0;
    let fits = lines.iter().filter(|l| l.kind == BoxLineKind::Content).all(|l| {
        let ms = marks(l.text, box_width, true);
        most = most.max(ms.len());
        ms.iter().all(|m| bounds.contains(&m.0))
    });
    // Far more columns in the rules than bars in any content line is no table drawn with merges but a run of
    // drawing characters: a grid of that width for every row would grow with rows × rule length.
    (fits && bounds.len() >= 2 && bounds.len() <= 2 * most + 2).then(|| bounds.into_iter().collect())
}

/// A piece of a content line: the columns it covers (first, end) and its text.
type Piece<'a> = (usize, usize, &'a str);

/// The pieces of a content line. With `bounds` each piece covers the columns between its bars (a missing bar
/// is a horizontal merge); without, piece k is column k.
fn pieces<'a>(t: &'a str, bounds: Option<&[usize]>, box_width: usize) -> Vec<Piece<'a>> {
    let ms = marks(t, box_width, true);
    match bounds {
        Some(b) => {
            let col = |pos: usize| b.binary_search(&pos).unwrap_or(0);
            let mut out: Vec<Piece> =
                ms.windows(2).map(|w| (col(w[0].0), col(w[1].0), t[w[0].2..w[1].1].trim())).collect();
            // Text before the first bar or after the last (a line cut short) is a piece of the column it is in.
            let before = ms.first().map_or(t, |m| &t[..m.1]).trim();
            if !before.is_empty() {
                out.insert(0, (0, 1, before));
            }
            if let Some(m) = ms.last() {
                let after = t[m.2..].trim();
                if !after.is_empty() {
                    let a = col(m.0);
                    out.push((a, a + 1, after));
                }
            }
            out
        }
        None => split_box_content(t).into_iter().enumerate().map(|(k, p)| (k, k + 1, p)).collect(),
    }
}

/// For a partial rule: which columns go on into the next row (their piece is blank, not a rule).
fn open_columns(t: &str, bounds: Option<&[usize]>, box_width: usize, width: usize) -> Vec<bool> {
    let mut open = vec![false; width];
    match bounds {
        Some(b) => {
            // The characters between two column marks are the piece of the columns in that range.
            let ms = marks(t, box_width, false);
            for w in ms.windows(2) {
                let blank = t[w[0].2..w[1].1].chars().all(|c| c == ' ' || c == '\u{3000}');
                let (a, z) = (b.binary_search(&w[0].0).ok(), b.binary_search(&w[1].0).ok());
                if let (Some(a), Some(z)) = (a, z) {
                    for o in open.iter_mut().take(z).skip(a) {
                        *o = blank;
                    }
                }
            }
        }
        None => {
            let t = t.trim();
            let segs: Vec<&str> = t.split(is_column_mark).collect();
            // The marks at both ends leave empty pieces at both ends.
            let inner = segs.get(1..segs.len().saturating_sub(1)).unwrap_or(&[]);
            for (k, s) in inner.iter().enumerate().take(width) {
                open[k] = !s.is_empty() && s.chars().all(|c| c == ' ' || c == '\u{3000}');
            }
        }
    }
    open
}

/// The rows of a box table with no merged cell — no rule with gaps, and every line with as many column marks
/// as the others — read the quick way: the content lines between two rules, their pieces column by column.
fn unmerged_rows<'a>(read: &[BoxLine<'a>]) -> Option<Vec<RawRow<'a>>> {
    if read.iter().any(|l| l.kind == BoxLineKind::Partial) {
        return None;
    }
    // Every rule has as many column marks as the first, and every content line one piece fewer.
    let mut rules = read.iter().filter(|l| l.kind == BoxLineKind::Rule).map(|l| l.marks);
    let n = rules.next();
    if rules.any(|k| Some(k) != n) {
        return None;
    }
    plain_rows(read, n)
}

/// The rows of a box table, each the content lines between two rules (a rule with gaps counted as a rule), their
/// pieces column by column. With `marks`, None when a content line has other than `marks - 1` pieces.
fn plain_rows<'a>(read: &[BoxLine<'a>], n: Option<usize>) -> Option<Vec<RawRow<'a>>> {
    let mut rows = Vec::new();
    let mut current: Vec<Vec<&str>> = Vec::new();
    let mut current_line = 0;
    let flush = |current: &mut Vec<Vec<&'a str>>, line: usize, rows: &mut Vec<RawRow<'a>>| {
        if current.is_empty() {
            return;
        }
        let width = current.iter().map(Vec::len).max().unwrap_or(0);
        let cells = (0..width).map(|c| Cell::wrapped(current.iter().filter_map(|l| l.get(c).copied()), line)).collect();
        rows.push(RawRow { line, cells });
        current.clear();
    };
    for l in read {
        if l.kind == BoxLineKind::Content {
            if current.is_empty() {
                current_line = l.no;
            }
            let parts = split_box_content(l.text);
            if n.is_some_and(|n| parts.len() + 1 != n) {
                return None;
            }
            current.push(parts);
        } else {
            flush(&mut current, current_line, &mut rows);
        }
    }
    flush(&mut current, current_line, &mut rows);
    Some(rows)
}

/// A box-drawing raw table of `rows`; `end` is (first line, last line, index of the line after it).
fn box_table(rows: Vec<RawRow>, (first, last, next): (usize, usize, usize)) -> (RawTable, usize) {
    (RawTable { format: Format::BoxDrawing, line: first, last_line: last, body: Body::Rows(rows) }, next)
}

/// What a line of a box table is, in one look at its characters (text ends the look early): a rule, a rule
/// with gaps (a rule with blank pieces: tested before [`is_box_rule`], whose spaces they would pass for),
/// a content line, or none (the table ended).
/// For a rule, also how many column marks it has.
fn box_line_kind(t: &str) -> Option<(BoxLineKind, usize)> {
    let s = t.trim();
    let (mut horizontal, mut vertical, mut space, mut wide_space) = (false, false, false, false);
    let mut text = false;
    let mut marks = 0;
    for c in s.chars() {
        if is_horizontal(c) {
            horizontal = true;
        } else if c == ' ' {
            space = true;
        } else if c == '\u{3000}' {
            wide_space = true;
        } else if is_column_mark(c) {
            vertical |= matches!(c, '│' | '┃' | '║' | '|');
            marks += 1;
        } else {
            text = true;
            break;
        }
    }
    if !text && horizontal && (space || wide_space || vertical) && is_partial_rule(t) {
        Some((BoxLineKind::Partial, marks))
    } else if !text && !vertical && !wide_space && !s.is_empty() {
        // What [`is_box_rule`] accepts: drawing characters but bars, + - = : and spaces.
        Some((BoxLineKind::Rule, marks))
    } else if is_box_line(t) || s.starts_with('|') {
        Some((BoxLineKind::Content, 0))
    } else {
        None
    }
}

/// The widest box table whose merged cells are read.
const MAX_MERGE_COLUMNS: usize = 256;

fn read_box<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut read: Vec<BoxLine> = Vec::new();
    let mut i = start;
    while i < lines.len() {
        let t: &str = &lines[i].text;
        let Some((kind, marks)) = box_line_kind(t) else { break };
        read.push(BoxLine { no: lines[i].no, kind, text: t.trim_end(), marks });
        i += 1;
    }
    if !read.iter().any(|l| l.kind == BoxLineKind::Content) {
        return None;
    }
    let end = (lines[start].no, lines[i - 1].no, i);
    if let Some(rows) = unmerged_rows(&read) {
        return Some(box_table(rows, end));
    }
    // The drawing characters are one column wide in some tables and two in others: the width under which
    // the bars of the content lines meet the rules' marks. Neither (the text was re-spaced): columns by count.
    let (bounds, box_width) = match column_bounds(&read, 2) {
        Some(b) => (Some(b), 2),
        None => (column_bounds(&read, 1), 1),
    };
    let bounds = bounds.as_deref();
    // Rows: the content lines between two rules, each with the columns that go on past its bottom rule.
    struct RowAcc<'a> {
        line: usize,
        lines: Vec<Vec<Piece<'a>>>,
        open_below: Vec<bool>,
    }
    let mut rows: Vec<RowAcc> = Vec::new();
    let mut current: Option<RowAcc> = None;
    let mut width = bounds.map_or(0, |b| b.len() - 1);
    for l in &read {
        match l.kind {
            BoxLineKind::Content => {
                let p = pieces(l.text, bounds, box_width);
                width = width.max(p.last().map_or(0, |x| x.1));
                current
                    .get_or_insert_with(|| RowAcc { line: l.no, lines: Vec::new(), open_below: Vec::new() })
                    .lines
                    .push(p);
            }
            BoxLineKind::Rule | BoxLineKind::Partial => {
                if let Some(mut r) = current.take() {
                    if l.kind == BoxLineKind::Partial {
                        r.open_below = open_columns(l.text, bounds, box_width, width);
                    }
                    rows.push(r);
                }
            }
        }
    }
    rows.extend(current);
    // A column open below the last row has nothing to go on into.
    if let Some(last) = rows.last_mut() {
        last.open_below.clear();
    }
    // The cells are laid out rows × columns below: a table far wider than any drawn with merges (a run of drawing
    // characters) is read without them, as the text lines it is.
    if width > MAX_MERGE_COLUMNS {
        return plain_rows(&read, None).map(|rows| box_table(rows, end));
    }

    // Each row's cells: the pieces of its lines, column by column; a piece covering several columns belongs to
    // its first (the others are span copies of it).
    let n = rows.len();
    let mut origin = vec![vec![0usize; width]; n];
    let mut texts: Vec<Vec<Vec<&str>>> = vec![vec![Vec::new(); width]; n];
    for (r, row) in rows.iter().enumerate() {
        for (c, o) in origin[r].iter_mut().enumerate() {
            *o = c;
        }
        if let Some(first) = row.lines.first() {
            for &(a, z, _) in first {
                for o in origin[r].iter_mut().take(z.min(width)).skip(a) {
                    *o = a;
                }
            }
        }
        for line in &row.lines {
            for &(a, _, p) in line {
                if a < width && !p.is_empty() {
                    texts[r][origin[r][a]].push(p);
                }
            }
        }
    }
    // Vertical runs: rows joined where a column has no rule below them; the run's text is every piece of it.
    let mut out: Vec<RawRow> = rows.iter().map(|r| RawRow { line: r.line, cells: Vec::with_capacity(width) }).collect();
    let mut grid: Vec<Vec<Option<Cell>>> = vec![vec![None; width]; n];
    for c in 0..width {
        let mut r = 0;
        while r < n {
            let mut end = r;
            while end + 1 < n && rows[end].open_below.get(c).copied().unwrap_or(false) {
                end += 1;
            }
            if origin[r][c] == c {
                let cell = Cell::wrapped((r..=end).flat_map(|k| texts[k][c].iter().copied()), rows[r].line);
                for k in r + 1..=end {
                    grid[k][c] = Some(Cell { span: true, line: rows[k].line, ..cell.clone() });
                }
                grid[r][c] = Some(cell);
            } else {
                // The run's first cell is part of a merge across; a row below with its own text keeps it.
                for k in r + 1..=end {
                    if origin[k][c] == c && !texts[k][c].is_empty() {
                        grid[k][c] = Some(Cell::wrapped(texts[k][c].iter().copied(), rows[k].line));
                    }
                }
            }
            r = end + 1;
        }
    }
    // Horizontal copies: the text of the column the piece starts in.
    for r in 0..n {
        for c in 0..width {
            let o = origin[r][c];
            if o != c {
                let copy = grid[r][o].clone().map(|x| Cell { span: true, ..x });
                grid[r][c] = copy;
            }
        }
    }
    for (r, row) in grid.into_iter().enumerate() {
        // Trailing columns no line of the row reaches are left out, as before (the grid pads short rows).
        let reach = rows[r].lines.iter().map(|l| l.last().map_or(0, |p| p.1)).max().unwrap_or(0);
        let keep = if bounds.is_some() { width } else { reach };
        out[r].cells = row.into_iter().take(keep).map(|c| c.unwrap_or_default()).collect();
    }
    Some(box_table(out, end))
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

/// A column name alone on its line (not a section heading): where a table written one cell per line or per
/// paragraph, with no mark at all, may start.
fn is_header_word_line(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 48
        && !t.contains(['|', '\t', '，', '。', '：', '；', '、'])
        && role_of(t).is_some()
        && crate::read::headings::heading_level(t).is_none()
}

/// The line after `i`, or the one after a blank line, is short and not empty (a column name may follow).
fn next_is_short(lines: &[Line], i: usize) -> bool {
    let short = |l: &Line| {
        let t = l.text.trim();
        !t.is_empty() && t.len() <= 48
    };
    lines.get(i + 1).is_some_and(|l| short(l) || (l.text.trim().is_empty() && lines.get(i + 2).is_some_and(short)))
}

/// The end of a table written without marks: a section heading, an item heading with text, a note, 附件, 抄送.
fn ends_plain_table(t: &str) -> bool {
    ends_cell_text(t) || crate::read::headings::heading_level(t.trim()).is_some()
}

/// A table written one cell per line (a PDF or web copy) or one cell per paragraph (blank lines between cells),
/// with no separator: the header is a run of column-name lines, three at least, naming three roles and a name
/// column. Cells per paragraph are read as they stand ([`Body::Stream`]; rows come from the header's count in
/// the grid); cells per line may be split over several lines, so rows and cells are recovered here from what
/// each column holds ([`split_rows`]); a header repeated after a page break is kept as a row (the grid drops it).
fn read_plain_cells<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let mut header: Vec<usize> = Vec::new();
    let mut blank_between = false;
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].text.trim();
        if t.is_empty() {
            if header.is_empty() {
                return None;
            }
            blank_between = true;
        } else if is_header_word_line(t) {
            header.push(i);
        } else {
            break;
        }
        i += 1;
    }
    let roles: Vec<Role> = header.iter().filter_map(|&h| role_of(&lines[h].text)).collect();
    let distinct: std::collections::BTreeSet<Role> = roles.iter().copied().collect();
    let named = [Role::IndicatorName, Role::ProjectName, Role::Name].iter().any(|r| distinct.contains(r));
    if header.len() < 3 || distinct.len() < 3 || !named {
        return None;
    }
    let header_end = header.last().map_or(start, |h| h + 1);
    if blank_between {
        // One cell per paragraph: a run of non-blank lines is a cell; three blank lines or an end line stop.
        let mut cells: Vec<Cell> = Vec::new();
        let mut j = start;
        let mut end = header_end;
        while j < lines.len() {
            let t = lines[j].text.trim();
            if t.is_empty() {
                let run = lines[j..].iter().take_while(|l| l.text.trim().is_empty()).count();
                if run >= 3 {
                    break;
                }
                j += run;
                continue;
            }
            if j >= header_end && ends_plain_table(t) {
                break;
            }
            let k = j + lines[j..].iter().take_while(|l| !l.text.trim().is_empty()).count();
            if j >= header_end && lines[j..k].iter().any(|l| ends_plain_table(&l.text)) {
                break;
            }
            cells.push(Cell::new(lines[j..k].iter().map(|l| &*l.text), lines[j].no));
            end = k;
            j = k;
        }
        if cells.len() <= header.len() {
            return None;
        }
        return Some((
            RawTable {
                format: Format::ParagraphCells,
                line: lines[start].no,
                last_line: lines[end - 1].no,
                body: Body::Stream(cells),
            },
            end,
        ));
    }
    // One cell per line: the data lines run to an end line or two blank lines.
    let mut data: Vec<usize> = Vec::new();
    let mut j = header_end;
    while j < lines.len() {
        let t = lines[j].text.trim();
        if t.is_empty() {
            if lines.get(j + 1).is_none_or(|l| l.text.trim().is_empty()) {
                break;
            }
        } else if ends_plain_table(t) {
            break;
        } else {
            data.push(j);
        }
        j += 1;
    }
    let end = data.last().map_or(header_end, |d| d + 1);
    let texts: Vec<&str> = data.iter().map(|&d| lines[d].text.trim()).collect();
    let header_texts: Vec<&str> = header.iter().map(|&h| lines[h].text.trim()).collect();
    let column_roles: Vec<Option<Role>> = header_texts.iter().map(|t| role_of(t)).collect();
    let header_row = RawRow {
        line: lines[start].no,
        cells: header.iter().map(|&h| Cell::new([&*lines[h].text], lines[h].no)).collect(),
    };
    let mut rows = vec![header_row];
    // Segments between repeats of the header (a page break); each is split into rows on its own.
    let mut seg_start = 0;
    let mut s = 0;
    let n = header.len();
    let flush = |from: usize, to: usize, rows: &mut Vec<RawRow<'a>>| -> Option<()> {
        if from >= to {
            return Some(());
        }
        for row in split_rows(&texts[from..to], &column_roles)? {
            let cells = row
                .iter()
                .map(|r| match r.clone() {
                    Some(range) => Cell::new(
                        data[from + range.start..from + range.end].iter().map(|&d| &*lines[d].text),
                        lines[data[from + range.start]].no,
                    ),
                    None => Cell { line: 0, ..Cell::default() },
                })
                .collect::<Vec<_>>();
            let line = cells.iter().map(|c| c.line).find(|&l| l > 0).unwrap_or(0);
            let cells = cells.into_iter().map(|mut c| {
                if c.line == 0 {
                    c.line = line;
                }
                c
            });
            rows.push(RawRow { line, cells: cells.collect() });
        }
        Some(())
    };
    while s < texts.len() {
        if s + n <= texts.len() && texts[s..s + n].iter().zip(&header_texts).all(|(a, b)| a == b) {
            flush(seg_start, s, &mut rows)?;
            rows.push(RawRow {
                line: lines[data[s]].no,
                cells: (s..s + n).map(|x| Cell::new([texts[x]], lines[data[x]].no)).collect(),
            });
            s += n;
            seg_start = s;
        } else {
            s += 1;
        }
    }
    flush(seg_start, texts.len(), &mut rows)?;
    if rows.len() < 2 {
        return None;
    }
    Some((
        RawTable {
            format: Format::PlainCells,
            line: lines[start].no,
            last_line: lines[end - 1].no,
            body: Body::Rows(rows),
        },
        end,
    ))
}

/// A line that may hold a whole table flattened by spaces: its first word is a column name, and it has many words.
fn starts_flat_table(t: &str) -> bool {
    let t = t.trim_start();
    // A column name is short: only the first 17 characters are looked at for the space after it (prose lines,
    // long and with no space, are not walked to their end).
    let Some(end) = t.char_indices().take(17).find(|(_, c)| c.is_whitespace()).map(|(i, _)| i) else {
        return false;
    };
    end > 0 && role_of(&t[..end]).is_some() && t.split_whitespace().nth(8).is_some()
}

/// A table flattened into one line ("序号 指标名称 单位 目标值 责任单位 1 … 2 …", a web page's table copied as
/// text): the leading words that are column names are the header (three at least, naming a name column), the
/// rest are its cells, a cell with a space inside being several words; rows and cells are recovered as for cells
/// written one per line ([`split_rows`]).
fn read_flat_line<'a>(lines: &'a [Line], start: usize) -> Option<(RawTable<'a>, usize)> {
    let line = &lines[start];
    let words: Vec<&str> = line.text.split_whitespace().collect();
    let h = words.iter().take_while(|w| w.len() <= 48 && role_of(w).is_some()).count();
    let roles: Vec<Option<Role>> = words[..h].iter().map(|w| role_of(w)).collect();
    let distinct: std::collections::BTreeSet<Role> = roles.iter().flatten().copied().collect();
    let named = [Role::IndicatorName, Role::ProjectName, Role::Name].iter().any(|r| distinct.contains(r));
    if h < 3 || distinct.len() < 3 || !named || words.len() <= h {
        return None;
    }
    let data = &words[h..];
    let split = split_rows(data, &roles)?;
    let no = line.no;
    let mut rows = vec![RawRow { line: no, cells: words[..h].iter().map(|w| Cell::new([*w], no)).collect() }];
    for row in split {
        let cells = row
            .into_iter()
            .map(|r| match r {
                Some(range) => Cell::new(data[range].iter().copied(), no),
                None => Cell { line: no, ..Cell::default() },
            })
            .collect();
        rows.push(RawRow { line: no, cells });
    }
    Some((RawTable { format: Format::FlatLine, line: no, last_line: no, body: Body::Rows(rows) }, start + 1))
}

/// Split lines written one cell per line into rows of the columns' roles, a cell taking one line or several
/// (a wrapped name, several departments) or none (a merged category cell left out). The split with the least
/// cost wins: each cell costs by how little its text looks like what its column holds (a serial is a whole
/// number, a unit a short measure, a target has a number or a direction, a department an organ's ending) and
/// by each line it takes beyond the first. Returns each row's cells as ranges of `texts` (`None`: empty).
fn split_rows(texts: &[&str], roles: &[Option<Role>]) -> Option<Vec<Vec<Option<std::ops::Range<usize>>>>> {
    let n = roles.len();
    let m = texts.len();
    if n == 0 || m == 0 {
        return None;
    }
    // best[i][c]: least cost with `i` lines read and the current row at column `c`; `from` how it was reached.
    let inf = f64::INFINITY;
    let mut best = vec![vec![inf; n]; m + 1];
    let mut from = vec![vec![(0usize, 0usize); n]; m + 1];
    best[0][0] = 0.0;
    for i in 0..=m {
        for c in 0..n {
            let here = best[i][c];
            if here == inf {
                continue;
            }
            let (kmin, kmax) = cell_span(roles[c]);
            for k in kmin..=kmax {
                if i + k > m {
                    break;
                }
                let cost = here + cell_cost(roles[c], &texts[i..i + k]);
                let next = (i + k, (c + 1) % n);
                if cost < best[next.0][next.1] {
                    best[next.0][next.1] = cost;
                    from[next.0][next.1] = (i, c);
                }
            }
        }
    }
    // The text may stop inside a row (a cut copy): the last row may end early, each cell it lacks costing
    // more than a badly fitting cell, so that a whole row is read as whole and a cut one is not filled with
    // what does not fit (the grid then finds the row short).
    let end = (0..n)
        .map(|c| (c, best[m][c] + if c == 0 { 0.0 } else { MISSING_AT_END * (n - c) as f64 }))
        .filter(|(_, cost)| *cost < inf)
        .min_by(|a, b| a.1.total_cmp(&b.1))?
        .0;
    // Walk back from the end, a cell at a time.
    let mut cells: Vec<Option<std::ops::Range<usize>>> = Vec::new();
    let (mut i, mut c) = (m, end);
    loop {
        let (pi, pc) = from[i][c];
        cells.push((pi < i).then_some(pi..i));
        (i, c) = (pi, pc);
        if i == 0 && c == 0 {
            break;
        }
    }
    cells.reverse();
    Some(cells.chunks(n).map(<[_]>::to_vec).collect())
}

/// What each cell a cut last row lacks costs in [`split_rows`]: more than a cell left out of a merged column
/// (1.5), less than two cells that fit badly (a period without a year, an investment without a number: 4 each).
const MISSING_AT_END: f64 = 3.0;

/// How many lines a cell of a column may take: columns that are often merged (left out) may take none.
fn cell_span(role: Option<Role>) -> (usize, usize) {
    match role {
        Some(Role::Goal | Role::TaskLayer | Role::Category | Role::Note) => (0, 4),
        Some(Role::Serial) => (0, 1),
        Some(Role::Departments | Role::SupportDepartments) => (1, 8),
        Some(Role::Content) => (1, 10),
        _ => (1, 4),
    }
}

fn is_serial_text(t: &str) -> bool {
    let t = t.trim_end_matches(['.', '．', '、']);
    !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
}

/// The endings of organ names (a department cell's lines).
fn is_organ_like(t: &str) -> bool {
    const ENDS: &[&str] = &[
        "局", "委", "办", "厅", "部", "院", "会", "府", "中心", "公司", "联", "队", "所", "站", "处", "室", "街道",
        "镇", "乡", "组", "社", "行", "馆", "团", "校", "集团", "园区",
    ];
    let t = t.trim_end_matches(['、', '，', ',', '；', ';']);
    let f: String = crate::text::fold_chars(t).map(crate::text::simplified).collect();
    ENDS.iter().any(|e| f.ends_with(e))
}

/// A measure as a unit cell holds it: %, 公里, 万吨, 微克/立方米, m2, - (none).
fn is_unit_like(t: &str) -> bool {
    const UNIT_CHARS: &str =
        "个座公里千米吨万亿元亩顷户家条天人处台辆次场项所株只头年月日小时分贝百点平方立克毫升微瓦度标煤%‰/／·²³-—–";
    let n = t.chars().count();
    n <= 8 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || UNIT_CHARS.contains(c))
}

/// A target: a number, a comparison, or a word of direction.
fn is_target_like(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "提高",
        "提升",
        "下降",
        "降低",
        "减少",
        "增加",
        "增长",
        "不低于",
        "不高于",
        "不超过",
        "不减少",
        "达到",
        "完成",
        "建立",
        "实施",
        "稳定",
        "持续",
        "保持",
        "实现",
        "消除",
        "基本",
        "全面",
        "获得",
        "达标",
        "控制",
        "改善",
    ];
    t.chars().any(|c| c.is_ascii_digit() || "%≥≤><＞＜≧≦≯≮".contains(c)) || WORDS.iter().any(|w| t.contains(w))
}

fn cell_cost(role: Option<Role>, lines: &[&str]) -> f64 {
    let Some(first) = lines.first() else {
        // A cell left out: possible for a merged column, never free.
        return if role == Some(Role::Serial) { 4.0 } else { 1.5 };
    };
    let joined: String = lines.concat();
    let extra = (lines.len() - 1) as f64;
    // A line that is a whole number is most likely the next row's serial.
    let serial_lines = lines.iter().filter(|l| is_serial_text(l)).count() as f64;
    let fit = match role {
        Some(Role::Serial) => {
            if is_serial_text(first) {
                0.0
            } else {
                20.0
            }
        }
        Some(Role::Unit) => {
            extra * 3.0
                + if is_unit_like(&joined) {
                    0.0
                } else if joined.chars().count() <= 4 && !joined.chars().any(|c| c.is_ascii_digit()) {
                    1.5
                } else {
                    6.0
                }
        }
        Some(Role::Target) => extra * 1.5 + if is_target_like(&joined) { 0.0 } else { 2.0 } + serial_lines * 0.5,
        Some(Role::Attribute) => {
            extra * 3.0
                + if ["约束", "预期", "引导", "性"].iter().any(|w| joined.contains(w)) { 0.0 } else { 5.0 }
        }
        Some(Role::Departments | Role::SupportDepartments) => {
            return lines.iter().map(|l| if is_organ_like(l) { 0.0 } else { 2.0 }).sum::<f64>() + serial_lines * 3.0;
        }
        Some(Role::Period) => extra * 2.0 + if has_year(&joined) { 0.0 } else { 4.0 },
        Some(Role::Investment) => {
            extra * 2.0 + if joined.chars().any(|c| c.is_ascii_digit()) && !has_year(&joined) { 0.0 } else { 4.0 }
        }
        // Content is prose: a cell of a word or two is more likely a fragment of the name before it.
        Some(Role::Content) => extra * 0.5 + serial_lines * 6.0 + if joined.chars().count() <= 3 { 1.5 } else { 0.0 },
        Some(Role::IndicatorName | Role::ProjectName | Role::Name) => {
            extra + serial_lines * 6.0 + if is_organ_like(&joined) && lines.len() == 1 { 1.0 } else { 0.0 }
        }
        _ => extra + serial_lines * 6.0,
    };
    fit + wrap_cost(lines)
}

/// How little a cell's lines look like text wrapped at a width: a wrapped line before the last is full (a line of
/// one to three characters there is a fragment of the cell before), and a cell does not end on a list separator
/// (河口镇、 goes on in the next line); a line ending on one carries the next line with it at no cost.
fn wrap_cost(lines: &[&str]) -> f64 {
    let ends_open = |l: &str| l.ends_with(['、', '，', ',']);
    let mut cost = 0.0;
    for (k, l) in lines.iter().enumerate() {
        let last = k + 1 == lines.len();
        if !last && l.chars().count() <= 3 {
            cost += 2.0;
        }
        if !last && ends_open(l) {
            cost -= 1.0;
        }
        if last && ends_open(l) {
            cost += 3.0;
        }
    }
    cost
}

/// A year of four digits (19xx, 20xx) in the text: a period.
fn has_year(t: &str) -> bool {
    let b = t.as_bytes();
    b.windows(4)
        .any(|w| (w.starts_with(b"19") || w.starts_with(b"20")) && w[2].is_ascii_digit() && w[3].is_ascii_digit())
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

    fn row_texts(t: &RawTable) -> Vec<Vec<String>> {
        match &t.body {
            Body::Rows(rows) => rows.iter().map(|r| r.cells.iter().map(|c| c.text.to_string()).collect()).collect(),
            Body::Stream(_) => panic!("rows expected"),
        }
    }

    #[test]
    fn plain_cells_split_over_lines_and_a_repeated_header() {
        let t = only_table(
            "序号\n指标名称\n单位\n目标值\n责任单位\n1\n甲乙丙丁戊己庚辛的\n比例\n%\n≥85\n县某某局\n序号\n指标名称\n单位\n目标值\n责任单位\n2\n道路\n公里\n120\n县甲局\n县乙联\n一、后文",
        );
        assert_eq!(t.format, Format::PlainCells);
        let rows = row_texts(&t);
        assert_eq!(rows[1], ["1", "甲乙丙丁戊己庚辛的比例", "%", "≥85", "县某某局"]);
        assert_eq!(rows[2], ["序号", "指标名称", "单位", "目标值", "责任单位"]);
        assert_eq!(rows[3], ["2", "道路", "公里", "120", "县甲局县乙联"]);
        assert_eq!(t.last_line, 22);
    }

    #[test]
    fn plain_cells_with_a_merged_category_left_out() {
        let t = only_table(
            "类别\n序号\n指标\n单位\n指标值\n能源\n1\n单位地区生产总值能耗降低\n%\n≥3\n2\n非化石能源消费比重\n%\n16\n产业\n3\n绿色工厂数量\n家\n10\n二、后文",
        );
        let rows = row_texts(&t);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[2], ["", "2", "非化石能源消费比重", "%", "16"]);
        assert_eq!(rows[3], ["产业", "3", "绿色工厂数量", "家", "10"]);
    }

    #[test]
    fn a_table_flattened_into_one_line() {
        let t = only_table("序号 指标名称 目标值 责任单位 1 甲指标 ≥90% 县水利局 2 乙 指标 100% 县卫健委 县水利局");
        assert_eq!(t.format, Format::FlatLine);
        let rows = row_texts(&t);
        assert_eq!(rows[1], ["1", "甲指标", "≥90%", "县水利局"]);
        assert_eq!(rows[2], ["2", "乙指标", "100%", "县卫健委县水利局"]);
        let lines = mk("序号为本表第一列，以下各项依次填写，不得遗漏任何一项内容");
        assert!(find_tables(&lines).iter().all(|b| matches!(b, Block::Text(_))));
    }

    #[test]
    fn paragraph_cells() {
        let t = only_table("序号\n\n指标\n\n目标值\n\n责任单位\n\n1\n \n甲\n\n≥1\n\n某局\n某委\n\n二、后文");
        assert_eq!(t.format, Format::ParagraphCells);
        match t.body {
            Body::Stream(c) => {
                assert_eq!(texts(&c), ["序号", "指标", "目标值", "责任单位", "1", "甲", "≥1", "某局某委"])
            }
            _ => panic!(),
        }
    }

    #[test]
    fn column_words_in_prose_are_no_table() {
        let lines = mk("序号\n名称\n这是一段正文。");
        assert!(find_tables(&lines).iter().all(|b| matches!(b, Block::Text(_))));
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

    /// Rows of (text, span) per cell.
    fn spans(t: RawTable) -> Vec<Vec<(String, bool)>> {
        match t.body {
            Body::Rows(r) => {
                r.into_iter().map(|r| r.cells.into_iter().map(|c| (c.text.into_owned(), c.span)).collect()).collect()
            }
            Body::Stream(_) => panic!("rows expected"),
        }
    }

    fn cell(t: &str, span: bool) -> (String, bool) {
        (t.to_string(), span)
    }

    #[test]
    fn box_drawing_vertical_merge_fills_every_row_it_spans() {
        // Drawing characters two columns wide; the 时限 cell of rows 1 and 2 is one cell (no rule between), and
        // its text stands in its first row, wrapped.
        let src = "┌──┬────┬────┐\n\
                   │序号│任务    │时限    │\n\
                   ├──┼────┼────┤\n\
                   │1   │甲任务  │2020年12│\n\
                   │    │        │月底前  │\n\
                   ├──┼────┤        │\n\
                   │2   │乙任务  │        │\n\
                   ├──┼────┼────┤\n\
                   │3   │丙任务  │长期坚持│\n\
                   └──┴────┴────┘";
        assert_eq!(
            spans(only_table(src)),
            [
                vec![cell("序号", false), cell("任务", false), cell("时限", false)],
                vec![cell("1", false), cell("甲任务", false), cell("2020年12月底前", false)],
                vec![cell("2", false), cell("乙任务", false), cell("2020年12月底前", true)],
                vec![cell("3", false), cell("丙任务", false), cell("长期坚持", false)],
            ]
        );
    }

    #[test]
    fn box_drawing_merges_in_any_column_over_many_rows_and_across() {
        // One-column-wide drawing characters; 序号 and 任务 merged over three rows with their text in the middle
        // row; the last row's 措施 spans two columns (no bar between them).
        let src = "┌──────┬──────────┬────────┬────────┐\n\
                   │ 序号 │ 任务     │ 措施   │ 单位   │\n\
                   ├──────┼──────────┼────────┼────────┤\n\
                   │      │          │ 甲     │ 水务局 │\n\
                   │      │          ├────────┼────────┤\n\
                   │ 1    │ 治水     │ 乙     │ 林业局 │\n\
                   │      │          ├────────┼────────┤\n\
                   │      │          │ 丙     │ 财政局 │\n\
                   ├──────┼──────────┼────────┴────────┤\n\
                   │ 2    │ 护林     │ 全区统一部署    │\n\
                   └──────┴──────────┴─────────────────┘";
        assert_eq!(
            spans(only_table(src)),
            [
                vec![cell("序号", false), cell("任务", false), cell("措施", false), cell("单位", false)],
                vec![cell("1", false), cell("治水", false), cell("甲", false), cell("水务局", false)],
                vec![cell("1", true), cell("治水", true), cell("乙", false), cell("林业局", false)],
                vec![cell("1", true), cell("治水", true), cell("丙", false), cell("财政局", false)],
                vec![cell("2", false), cell("护林", false), cell("全区统一部署", false), cell("全区统一部署", true)],
            ]
        );
    }

    /// Generated box tables (rules, rules with gaps, bars missing, text of one and two columns, lines cut short):
    /// reading never panics and loses no text — every character of a content line but the drawing and spaces is
    /// in some cell at least as often.
    #[test]
    fn generated_box_tables_keep_every_character() {
        let pieces = [
            "┌──┬──┐",
            "├──┼──┤",
            "├──┤  │",
            "│  ├──┤",
            "├─────┤",
            "└──┴──┘",
            "│甲  │乙  │",
            "│a b │    │",
            "│丙丁戊│",
            "│甲  │乙  │y",
            "z│  │",
            "│  │",
            "│x",
            "──",
            " ",
        ];
        let mut next = crate::text::xorshift(0xB0C5);
        for _ in 0..20_000 {
            let n = 1 + next() % 8;
            let text: String = (0..n).map(|_| pieces[next() % pieces.len()]).collect::<Vec<_>>().join("\n");
            let text: &'static str = Box::leak(text.into_boxed_str());
            let lines: &'static [Line] = Box::leak(mk(text).into_boxed_slice());
            let mut want: std::collections::BTreeMap<char, usize> = Default::default();
            let mut got: std::collections::BTreeMap<char, usize> = Default::default();
            for b in find_tables(lines) {
                if let Block::Table(t) = b {
                    for l in &lines[t.line - 1..t.last_line] {
                        if box_line_kind(&l.text).is_some_and(|k| k.0 == BoxLineKind::Content) {
                            for ch in l
                                .text
                                .chars()
                                .filter(|c| !c.is_whitespace() && !is_column_mark(*c) && !is_horizontal(*c))
                            {
                                *want.entry(ch).or_default() += 1;
                            }
                        }
                    }
                    if let Body::Rows(rows) = t.body {
                        for c in rows.iter().flat_map(|r| &r.cells) {
                            for ch in c.text.chars() {
                                *got.entry(ch).or_default() += 1;
                            }
                        }
                    }
                }
            }
            for (ch, k) in want {
                assert!(got.get(&ch).copied().unwrap_or(0) >= k, "{ch} lost from:\n{text}");
            }
        }
    }

    /// A rule of thousands of junctions over many short rows, with rules with gaps: read as the text lines it is
    /// (no grid of rows × rule length is laid out).
    #[test]
    fn a_very_wide_run_of_drawing_characters_is_read_without_merges() {
        let rule = format!("├{}┤", "┼".repeat(5_000));
        let gap = format!("├─┼{}│", " ".repeat(4_998));
        let mut src = rule.clone();
        for _ in 0..2_000 {
            src.push_str("\n│a│\n");
            src.push_str(&gap);
        }
        let rows = spans(only_table(&src));
        assert_eq!(rows.len(), 2_000);
        assert!(rows.iter().all(|r| r == &[cell("a", false)]));
    }

    #[test]
    fn a_content_line_of_dashes_is_no_rule() {
        let src = "+----+----+\n| 序号 | 名称 |\n+----+----+\n| -  | -  |\n+----+----+";
        assert_eq!(spans(only_table(src))[1], [cell("-", false), cell("-", false)]);
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
