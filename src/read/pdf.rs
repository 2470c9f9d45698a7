//! PDF with a text layer (pdf_oxide): glyphs and ruling lines of each page → text lines in reading order, wrapped
//! paragraphs joined, running headers and page numbers dropped, and ruled tables rebuilt as grids from their
//! lines (a cell without a rule between it and its neighbour is merged with it; a table going on over a page
//! break is one table, a row cut by the break one row).

use super::doc::{Doc, DocBlock, DocCell, DocTable, SourceFormat};

/// Positions within this many points are the same rule.
const SNAP: f32 = 2.0;

#[derive(Debug, Clone, Copy)]
struct Glyph {
    c: char,
    x0: f32,
    x1: f32,
    /// Vertical centre (PDF space: larger is higher on the page).
    cy: f32,
    h: f32,
}

/// A horizontal (`y`, from `a` to `b` in x) or vertical (`x`, from `a` to `b` in y) rule.
#[derive(Debug, Clone, Copy)]
struct Rule {
    at: f32,
    a: f32,
    b: f32,
}

#[derive(Debug, Clone)]
struct TextLine {
    text: String,
    /// Gaps wider than two glyphs inside the line (columns of an unruled table leave them).
    wide_gaps: usize,
    x0: f32,
    x1: f32,
    cy: f32,
    h: f32,
}

/// What a page holds, top to bottom.
enum Item {
    Line(TextLine),
    Table { top: f32, xs: Vec<f32>, rows: Vec<Vec<DocCell>> },
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.cy + l.h / 2.0,
            Item::Table { top, .. } => *top,
        }
    }
}

/// Read a PDF held in memory. The PDF library is guarded: a failure inside it is an error for this file.
pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    let owned = bytes.to_vec();
    match std::panic::catch_unwind(move || read_pdf(owned)) {
        Ok(r) => r,
        Err(_) => Err("a damaged PDF: the PDF library could not read it".into()),
    }
}

fn read_pdf(bytes: Vec<u8>) -> Result<Doc, String> {
    let pdf = pdf_oxide::PdfDocument::from_bytes(bytes).map_err(|e| format!("a damaged PDF ({e})"))?;
    let encrypted = pdf.is_encrypted();
    let n = pdf.page_count().map_err(|e| pdf_error(encrypted, e))?;
    let mut pages: Vec<Vec<Item>> = Vec::with_capacity(n);
    let mut glyph_count = 0;
    for p in 0..n {
        let chars = pdf.extract_chars(p).map_err(|e| pdf_error(encrypted, e))?;
        let paths = pdf.extract_paths(p).map_err(|e| pdf_error(encrypted, e))?;
        let glyphs: Vec<Glyph> = chars
            .iter()
            .filter(|c| !c.char.is_whitespace() && !c.char.is_control() && c.bbox.height > 0.0)
            .map(|c| Glyph {
                c: c.char,
                x0: c.bbox.x,
                x1: c.bbox.x + c.bbox.width,
                cy: c.bbox.y + c.bbox.height / 2.0,
                h: c.bbox.height,
            })
            .collect();
        glyph_count += glyphs.len();
        let (mut hs, mut vs) = (Vec::new(), Vec::new());
        for path in &paths {
            rules_of(&path.operations, &mut hs, &mut vs);
        }
        pages.push(page_items(glyphs, &hs, &vs));
    }
    if glyph_count == 0 {
        return Err(if encrypted {
            "an encrypted PDF: its text cannot be read without the password".into()
        } else {
            "a PDF without a text layer (a scan?): plandoc reads text, not images; run OCR on it first \
             (e.g. ocrmypdf) or use the Word file"
                .into()
        });
    }
    let mut doc = Doc::new(SourceFormat::Pdf, "UTF-8");
    drop_running_lines(&mut pages, &mut doc);
    assemble(pages, &mut doc);
    Ok(doc)
}

/// The horizontal and vertical rules a path draws: its straight segments, and its rectangles (a thin one is a
/// rule, a cell's box its four sides).
fn rules_of(ops: &[pdf_oxide::elements::PathOperation], hs: &mut Vec<Rule>, vs: &mut Vec<Rule>) {
    use pdf_oxide::elements::PathOperation as Op;
    let mut seg = |(x0, y0): (f32, f32), (x1, y1): (f32, f32)| {
        if (y1 - y0).abs() <= 1.5 && (x1 - x0).abs() > 3.0 {
            hs.push(Rule { at: (y0 + y1) / 2.0, a: x0.min(x1), b: x0.max(x1) });
        } else if (x1 - x0).abs() <= 1.5 && (y1 - y0).abs() > 3.0 {
            vs.push(Rule { at: (x0 + x1) / 2.0, a: y0.min(y1), b: y0.max(y1) });
        }
    };
    let (mut at, mut start) = ((0.0, 0.0), (0.0, 0.0));
    for op in ops {
        match *op {
            Op::MoveTo(x, y) => {
                at = (x, y);
                start = at;
            }
            Op::LineTo(x, y) => {
                seg(at, (x, y));
                at = (x, y);
            }
            Op::CurveTo(_, _, _, _, x, y) => at = (x, y),
            Op::Rectangle(x, y, w, h) => {
                if h.abs() <= 1.5 || w.abs() <= 1.5 {
                    seg((x, y + h / 2.0), (x + w, y + h / 2.0));
                    seg((x + w / 2.0, y), (x + w / 2.0, y + h));
                } else {
                    seg((x, y), (x + w, y));
                    seg((x, y + h), (x + w, y + h));
                    seg((x, y), (x, y + h));
                    seg((x + w, y), (x + w, y + h));
                }
            }
            Op::ClosePath => {
                seg(at, start);
                at = start;
            }
        }
    }
}

fn pdf_error(encrypted: bool, e: impl std::fmt::Display) -> String {
    if encrypted { format!("an encrypted PDF that cannot be read ({e})") } else { format!("a damaged PDF ({e})") }
}

/// Positions within [`SNAP`] of each other as one, sorted.
fn snap(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

/// The ruled tables of a page (groups of crossing rules) and its text lines outside them, top to bottom.
fn page_items(glyphs: Vec<Glyph>, hs: &[Rule], vs: &[Rule]) -> Vec<Item> {
    // Group rules that touch into tables (union-find over horizontal and vertical rules).
    let n = hs.len() + vs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            let touch = v.at >= h.a - SNAP && v.at <= h.b + SNAP && h.at >= v.a - SNAP && h.at <= v.b + SNAP;
            if touch {
                let (a, b) = (find(&mut parent, i), find(&mut parent, hs.len() + j));
                parent[a] = b;
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> = Default::default();
    for i in 0..n {
        let root = find(&mut parent, i);
        let g = groups.entry(root).or_default();
        if i < hs.len() { g.0.push(hs[i]) } else { g.1.push(vs[i - hs.len()]) }
    }
    let mut items = Vec::new();
    let mut taken = vec![false; glyphs.len()];
    for (gh, gv) in groups.into_values() {
        let ys: Vec<f32> = snap(gh.iter().map(|r| r.at).collect()).into_iter().rev().collect();
        let xs = snap(gv.iter().map(|r| r.at).collect());
        if ys.len() < 2 || xs.len() < 2 {
            continue;
        }
        let (x0, x1, y0, y1) = (xs[0], xs[xs.len() - 1], ys[ys.len() - 1], ys[0]);
        let inside: Vec<usize> = (0..glyphs.len())
            .filter(|&i| {
                let g = &glyphs[i];
                let cx = (g.x0 + g.x1) / 2.0;
                !taken[i] && cx > x0 && cx < x1 && g.cy > y0 && g.cy < y1
            })
            .collect();
        for &i in &inside {
            taken[i] = true;
        }
        let rows = grid(&xs, &ys, &gh, &gv, inside.iter().map(|&i| glyphs[i]).collect());
        items.push(Item::Table { top: y1, xs, rows });
    }
    let rest: Vec<Glyph> = glyphs.into_iter().zip(taken).filter(|(_, t)| !t).map(|(g, _)| g).collect();
    items.extend(lines_of(rest).into_iter().map(Item::Line));
    items.sort_by(|a, b| b.top().total_cmp(&a.top()));
    items
}

/// Glyphs → text lines: glyphs whose centres are within half a glyph's height share a line, read left to right.
fn lines_of(mut glyphs: Vec<Glyph>) -> Vec<TextLine> {
    glyphs.sort_by(|a, b| b.cy.total_cmp(&a.cy));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(r) if (r[0].cy - g.cy).abs() <= r[0].h.max(g.h) * 0.5 => r.push(g),
            _ => rows.push(vec![g]),
        }
    }
    rows.into_iter()
        .map(|mut r| {
            r.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            // The line's height: its glyphs' median (a bracket or quote mark can be taller).
            let mut hs: Vec<f32> = r.iter().map(|g| g.h).collect();
            hs.sort_by(f32::total_cmp);
            let h = hs[hs.len() / 2];
            let mut text = String::new();
            let mut wide_gaps = 0;
            let mut prev: Option<Glyph> = None;
            for g in &r {
                if let Some(p) = prev {
                    let gap = g.x0 - p.x1;
                    let latin = p.c.is_ascii_alphanumeric() && g.c.is_ascii_alphanumeric();
                    if gap > 2.0 * h || (latin && gap > 0.3 * h) {
                        text.push(' ');
                    }
                    wide_gaps += usize::from(gap > 2.0 * h);
                }
                text.push(g.c);
                prev = Some(*g);
            }
            TextLine { text, wide_gaps, x0: r[0].x0, x1: r[r.len() - 1].x1, cy: r[0].cy, h }
        })
        .collect()
}

/// A ruled table's cells: the grid of every rule position, cells with no rule between them merged (the first
/// cell of a merged group keeps the text, the others are marked copies), each cell's lines joined without a
/// separator (they are wrapped, not separate).
fn grid(xs: &[f32], ys: &[f32], hs: &[Rule], vs: &[Rule], glyphs: Vec<Glyph>) -> Vec<Vec<DocCell>> {
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    let covers = |rules: &[Rule], at: f32, mid: f32| {
        rules.iter().any(|r| (r.at - at).abs() <= SNAP && r.a - SNAP <= mid && mid <= r.b + SNAP)
    };
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for r in 0..nr {
        for c in 0..nc {
            let (ymid, xmid) = ((ys[r] + ys[r + 1]) / 2.0, (xs[c] + xs[c + 1]) / 2.0);
            if c + 1 < nc && !covers(vs, xs[c + 1], ymid) {
                let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, r * nc + c + 1));
                parent[b.max(a)] = a.min(b);
            }
            if r + 1 < nr && !covers(hs, ys[r + 1], xmid) {
                let (a, b) = (find(&mut parent, r * nc + c), find(&mut parent, (r + 1) * nc + c));
                parent[b.max(a)] = a.min(b);
            }
        }
    }
    // The glyphs of each merged group.
    let mut texts: Vec<Vec<Glyph>> = vec![Vec::new(); nr * nc];
    for g in glyphs {
        let cx = (g.x0 + g.x1) / 2.0;
        let c = xs.windows(2).position(|w| cx >= w[0] && cx < w[1]);
        let r = ys.windows(2).position(|w| g.cy <= w[0] && g.cy > w[1]);
        if let (Some(r), Some(c)) = (r, c) {
            let root = find(&mut parent, r * nc + c);
            texts[root].push(g);
        }
    }
    let mut cells: Vec<DocCell> = Vec::with_capacity(nr * nc);
    for (i, own) in texts.into_iter().enumerate() {
        let root = find(&mut parent, i);
        if root == i {
            let lines = lines_of(own);
            let text = join_wrapped(lines.iter().map(|l| l.text.as_str()));
            cells.push(DocCell::new(if text.is_empty() { Vec::new() } else { vec![text] }));
        } else {
            let first = cells[root].clone();
            cells.push(DocCell::copy_of(&first));
        }
    }
    cells.chunks(nc).map(<[DocCell]>::to_vec).collect()
}

/// Wrapped pieces of one text joined: no separator, except a space between two Latin letters or digits.
fn join_wrapped<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if out.chars().last().is_some_and(|a| a.is_ascii_alphanumeric())
            && p.chars().next().is_some_and(|b| b.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A printed page number: 5, - 5 -, — 5 —, 第5页, 第 5 页 共 13 页, 5/13.
fn is_page_number(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '─'));
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(core)
        || core.strip_prefix('第').and_then(|r| r.split('页').next()).is_some_and(digits)
        || core.split_once('/').is_some_and(|(a, b)| digits(a) && digits(b))
}

/// Running headers and footers (a line at the same place with the same text, numbers aside, on several pages)
/// and page numbers at a page's top or bottom are left out, with one note.
fn drop_running_lines(pages: &mut [Vec<Item>], doc: &mut Doc) {
    let key = |l: &TextLine| -> String { l.text.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect() };
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for page in pages.iter() {
        let edge: Vec<&TextLine> = edge_lines(page);
        for l in edge {
            *counts.entry(key(l)).or_default() += 1;
        }
    }
    let many = (pages.len() / 2).max(2);
    let mut dropped = 0;
    for page in pages.iter_mut() {
        let edge: Vec<f32> = edge_lines(page)
            .into_iter()
            .filter(|l| is_page_number(&l.text) || counts.get(&key(l)).is_some_and(|&n| n >= many))
            .map(|l| l.cy)
            .collect();
        page.retain(|it| match it {
            Item::Line(l) if edge.contains(&l.cy) => {
                dropped += 1;
                false
            }
            _ => true,
        });
    }
    if dropped > 0 {
        doc.info("pdf.running_lines", format!("{dropped} page number or running header/footer line(s) left out"));
    }
}

/// The first and last text line of a page (where headers, footers and page numbers are).
fn edge_lines(page: &[Item]) -> Vec<&TextLine> {
    let lines: Vec<&TextLine> = page
        .iter()
        .filter_map(|it| match it {
            Item::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    if let (Some(first), Some(Item::Line(_))) = (lines.first(), page.first()) {
        out.push(*first);
    }
    if let (Some(last), Some(Item::Line(_))) = (lines.last(), page.last())
        && lines.len() > 1
    {
        out.push(*last);
    }
    out
}

/// Pages → the document's blocks: wrapped lines joined into paragraphs (also over a page break), a table that
/// goes on at the top of the next page joined to the one before.
fn assemble(pages: Vec<Vec<Item>>, doc: &mut Doc) {
    // The text column's right edge: where most full lines end (the 75th percentile of line ends; the last lines
    // of paragraphs are shorter, a hanging punctuation mark longer).
    let mut ends: Vec<f32> = pages
        .iter()
        .flatten()
        .filter_map(|it| match it {
            Item::Line(l) => Some(l.x1),
            _ => None,
        })
        .collect();
    ends.sort_by(f32::total_cmp);
    let right = ends.get(ends.len() * 3 / 4).copied().unwrap_or(0.0);
    // Does the document set paragraphs apart by a wider gap? Then the gap alone tells a wrapped line from a new
    // paragraph (a line can end early before an unbreakable run such as "（PM2.5）"); otherwise a wrapped line
    // is one that reaches the right edge.
    let (mut gaps, mut wide) = (0usize, 0usize);
    for items in &pages {
        for w in items.windows(2) {
            if let [Item::Line(a), Item::Line(b)] = w {
                gaps += 1;
                wide += usize::from(a.cy - b.cy > 1.9 * a.h.min(b.h));
            }
        }
    }
    let spaced = wide * 10 >= gaps && wide > 0;
    // The paragraph being built: its text, page, and its last line.
    let mut para: Option<(String, u32, TextLine)> = None;
    let mut last_table: Option<(Vec<f32>, u32)> = None;
    let flush = |para: &mut Option<(String, u32, TextLine)>, doc: &mut Doc| {
        if let Some((t, p, _)) = para.take() {
            doc.push_text(&t, Some(p));
        }
    };
    // Lines set out in columns without rules (three or more in a row, each with wide gaps) are read as text:
    // said once per page.
    for (pi, items) in pages.iter().enumerate() {
        let mut run = 0;
        let mut said = false;
        for it in items {
            run = match it {
                Item::Line(l) if l.wide_gaps > 0 => run + 1,
                _ => 0,
            };
            if run >= 3 && !said {
                said = true;
                doc.warn(
                    "pdf.unruled_table",
                    format!("page {}: lines set out in columns without rules, read as text lines, not a table", pi + 1),
                );
            }
        }
    }
    for (pi, items) in pages.into_iter().enumerate() {
        let page = pi as u32 + 1;
        for (k, it) in items.into_iter().enumerate() {
            match it {
                Item::Line(l) => {
                    last_table = None;
                    // A wrapped line: the line before reaches near the right edge, this one follows at line
                    // spacing (a paragraph gap is wider) or opens the next page, and is not indented.
                    let joins = para.as_ref().is_some_and(|(_, pp, prev)| {
                        // Over a page break there is no gap to go by: the line must reach the edge.
                        let full = (spaced && *pp == page) || prev.x1 >= right - 2.0 * prev.h;
                        let near = *pp != page || prev.cy - l.cy <= 1.7 * prev.h.min(l.h);
                        full && near && l.x0 <= prev.x0 + prev.h && super::headings::heading_level(&l.text).is_none()
                    });
                    if joins && let Some((t, _, prev)) = para.as_mut() {
                        *t = join_wrapped([t.as_str(), l.text.as_str()].into_iter());
                        *prev = l;
                    } else {
                        flush(&mut para, doc);
                        para = Some((l.text.clone(), page, l));
                    }
                }
                Item::Table { xs, rows, .. } => {
                    flush(&mut para, doc);
                    let continues = k == 0
                        && last_table.as_ref().is_some_and(|(pxs, pp)| {
                            *pp + 1 == page
                                && pxs.len() == xs.len()
                                && pxs.iter().zip(&xs).all(|(a, b)| (a - b).abs() <= 3.0 * SNAP)
                        });
                    if continues && let Some(DocBlock::Table(prev)) = doc.blocks.last_mut() {
                        let joined = continue_table(prev, rows, page);
                        if joined {
                            doc.info("pdf.row_joined", "a table row cut by a page break was joined into one row");
                        }
                        doc.info("table.continued", format!("a table goes on from page {} to page {page}", page - 1));
                    } else {
                        let pages = vec![page; rows.len()];
                        doc.blocks.push(DocBlock::Table(DocTable { rows, pages }));
                    }
                    last_table = Some((xs, page));
                }
            }
        }
    }
    flush(&mut para, doc);
}

/// Append the rows a table has on the next page. The first row is the rest of the row the break cut when its serial cell (the column of whole numbers) is
/// empty: its texts are appended to that row's. True when a row was joined.
fn continue_table(prev: &mut DocTable, rows: Vec<Vec<DocCell>>, page: u32) -> bool {
    let Some(last) = prev.rows.last().cloned() else {
        prev.pages.extend(std::iter::repeat_n(page, rows.len()));
        prev.rows.extend(rows);
        return false;
    };
    let width = last.len();
    let is_int = |c: &DocCell| !c.is_blank() && c.parts.concat().chars().all(|ch| ch.is_ascii_digit());
    let serial_col = (0..width)
        .map(|c| (prev.rows.iter().filter(|r| r.get(c).is_some_and(is_int)).count(), c))
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, c)| (*n, std::cmp::Reverse(*c)))
        .map(|(_, c)| c)
        .unwrap_or(0);
    let mut rows = rows.into_iter();
    let mut joined = false;
    let mut first = rows.next();
    // A serial merged over several rows (a copy in the last row) goes on over the break with its next row; one
    // of the cut row's own does not, so a blank serial under it is the rest of that row.
    let own_serial = last.get(serial_col).is_some_and(|c| !c.span && !c.is_blank());
    if let Some(row) = &first
        && own_serial
        && row.get(serial_col).is_none_or(DocCell::is_blank)
        && let Some(target) = prev.rows.last_mut()
    {
        for (c, cell) in row.iter().enumerate() {
            if cell.span || cell.is_blank() {
                continue;
            }
            if let Some(t) = target.get_mut(c) {
                let text = join_wrapped(t.parts.iter().chain(&cell.parts).map(String::as_str));
                t.parts = vec![text];
            }
        }
        joined = true;
        first = None;
    }
    for row in first.into_iter().chain(rows) {
        prev.rows.push(row);
        prev.pages.push(page);
    }
    joined
}
