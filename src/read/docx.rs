//! Word (.docx): the zip's main document part, streamed (quick-xml) → paragraphs with Word's automatic numbering
//! rendered, and tables with merged cells filled and marked; tracked deletions, comments, headers and footers
//! left out, text boxes kept.

use super::doc::{Doc, DocBlock, DocCell, DocTable, SourceFormat};
use super::zipped::{Archive, MAX_DEPTH};
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;

/// Read a .docx held in memory.
pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    let mut zip = Archive::open(bytes, "Word")?;
    let main = zip.main_part("word/document.xml");
    let numbering = match zip.part("word/numbering.xml")? {
        Some(xml) => Numbering::parse(xml)?,
        None => Numbering::default(),
    };
    let styles = match zip.part("word/styles.xml")? {
        Some(xml) => style_numbering(xml)?,
        None => BTreeMap::new(),
    };
    let mut reader = zip.stream(&main)?.ok_or_else(|| format!("a zip archive without {main}: not a Word document"))?;
    let mut st = State {
        doc: Doc::new(SourceFormat::Docx, "UTF-8"),
        numbering,
        styles,
        depth: 0,
        paras: Vec::new(),
        tables: Vec::new(),
        in_t: false,
        deleted: 0,
        skip: 0,
        insertions: 0,
        deletions: 0,
        unrendered: BTreeMap::new(),
    };
    let mut buf = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| super::zipped::xml_error(&main, &reader, e))?;
        match ev {
            Event::Start(e) => {
                st.depth += 1;
                if st.depth > MAX_DEPTH {
                    return Err(format!("{main}: XML nested deeper than {MAX_DEPTH} elements"));
                }
                st.start(&e, false);
            }
            Event::Empty(e) => st.start(&e, true),
            Event::End(e) => {
                st.depth = st.depth.saturating_sub(1);
                st.end(e.local_name().as_ref());
            }
            Event::Text(t) if st.in_text() => st.text(&t.xml10_content()),
            Event::CData(t) if st.in_text() => st.text(&t.xml10_content()),
            // Only the XML escapes and character references: no entity is ever expanded.
            Event::GeneralRef(r) if st.in_text() => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    st.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut doc = st.finish();
    if doc.blocks.is_empty() {
        doc.warn("docx.empty", "the Word document holds no text");
    }
    Ok(doc)
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: Option<usize>,
    style: Option<String>,
}

/// A table being read: rows of cells with their merge marks, resolved when the table ends.
#[derive(Default)]
struct Tbl {
    rows: Vec<Vec<RawCell>>,
    row: Vec<RawCell>,
    cell: Option<RawCell>,
    grid_before: usize,
}

#[derive(Default)]
struct RawCell {
    parts: Vec<String>,
    span: usize,
    /// `None`: no vertical merge; `Some(true)`: starts one; `Some(false)`: continues the one above.
    vmerge: Option<bool>,
    before: usize,
}

struct State {
    doc: Doc,
    numbering: Numbering,
    styles: BTreeMap<String, (String, usize)>,
    depth: usize,
    paras: Vec<Para>,
    tables: Vec<Tbl>,
    /// Inside a w:t (text to keep).
    in_t: bool,
    /// Depth of deleted content (w:del, w:moveFrom) and of skipped subtrees (mc:Fallback, w:instrText…).
    deleted: usize,
    skip: usize,
    insertions: usize,
    deletions: usize,
    /// Word numbering formats met that are not rendered, by name.
    unrendered: BTreeMap<String, usize>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| quick_xml::escape::unescape(&a.value).map(|v| v.into_owned()).unwrap_or_else(|_| a.value.to_string()))
}

impl State {
    fn in_text(&self) -> bool {
        self.in_t && self.deleted == 0 && self.skip == 0
    }

    fn text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        match name {
            "Fallback" | "instrText" | "delInstrText" | "commentReference" | "footnoteReference" if !empty => {
                self.skip = 1;
            }
            "del" | "moveFrom" if !empty => {
                self.deleted += 1;
                self.deletions += 1;
            }
            "ins" | "moveTo" if !empty => self.insertions += 1,
            "t" if !empty => self.in_t = true,
            // A tab in a run (a tab stop in the paragraph's properties has a w:val).
            "tab" if attr(e, "val").is_none() => self.text(" "),
            "br" | "cr" => {
                let kind = attr(e, "type");
                if !matches!(kind.as_deref(), Some("page" | "column")) && self.deleted == 0 {
                    self.text("\n");
                }
            }
            "noBreakHyphen" => self.text("-"),
            "p" if !empty => self.paras.push(Para::default()),
            "p" => self.end_para(Para::default()),
            "numId" => {
                if let Some(p) = self.paras.last_mut() {
                    p.num_id = attr(e, "val");
                }
            }
            "ilvl" => {
                if let Some(p) = self.paras.last_mut() {
                    p.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                }
            }
            "pStyle" => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "tbl" if !empty => self.tables.push(Tbl::default()),
            "tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                    t.grid_before = 0;
                }
            }
            "gridBefore" => {
                if let Some(t) = self.tables.last_mut() {
                    t.grid_before = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                }
            }
            "tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    let before = std::mem::take(&mut t.grid_before);
                    t.cell = Some(RawCell { span: 1, before, ..RawCell::default() });
                }
            }
            "gridSpan" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.vmerge = Some(attr(e, "val").as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            "del" | "moveFrom" => self.deleted = self.deleted.saturating_sub(1),
            "t" => self.in_t = false,
            "p" => {
                if let Some(p) = self.paras.pop() {
                    self.end_para(p);
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.row.push(c);
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            "tbl" => {
                if let Some(t) = self.tables.pop() {
                    let table = resolve(t.rows);
                    match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                        // A table inside a cell: its rows become pieces of that cell.
                        Some(outer) => {
                            for row in table.rows {
                                let texts: Vec<String> =
                                    row.iter().filter(|c| !c.span).map(|c| c.parts.join("")).collect();
                                outer.parts.push(texts.join(" "));
                            }
                        }
                        None => {
                            if !table.rows.is_empty() {
                                self.doc.blocks.push(DocBlock::Table(table));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn end_para(&mut self, p: Para) {
        let mut text = String::new();
        let num = match (&p.num_id, &p.style) {
            (Some(id), _) => Some((id.clone(), p.ilvl.unwrap_or(0))),
            (None, Some(s)) => self.styles.get(s).map(|(id, l)| (id.clone(), p.ilvl.unwrap_or(*l))),
            _ => None,
        };
        if let Some((id, lvl)) = num
            && !p.text.trim().is_empty()
        {
            match self.numbering.next(&id, lvl) {
                Ok(label) => text.push_str(&label),
                Err(Some(fmt)) => *self.unrendered.entry(fmt).or_default() += 1,
                Err(None) => {}
            }
        }
        text.push_str(&p.text);
        // A paragraph inside a text box or a table cell is a piece of its container.
        // (A text box's paragraphs, inside a paragraph, come before the paragraph that anchors it.)
        match self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            Some(c) => c.parts.extend(text.split('\n').map(|s| s.trim().to_string()).filter(|s| !s.is_empty())),
            None => self.doc.push_text(&text, None),
        }
    }

    fn finish(mut self) -> Doc {
        if self.insertions + self.deletions > 0 {
            let msg = format!(
                "tracked changes read as the final text: {} insertion(s) kept, {} deletion(s) dropped",
                self.insertions, self.deletions
            );
            self.doc.notes.push(super::doc::DocNote {
                warning: false,
                code: "docx.tracked_changes",
                message: msg,
                block: None,
            });
        }
        for (fmt, n) in &self.unrendered {
            let msg = format!("{n} paragraph(s) numbered in Word's \"{fmt}\" format: read without their number");
            self.doc.notes.push(super::doc::DocNote {
                warning: true,
                code: "docx.numbering",
                message: msg,
                block: None,
            });
        }
        self.doc
    }
}

/// Resolve merges: a cell spanning n grid columns fills n cells, a vertically continued cell takes the text of
/// the cell above it; every copy is marked.
fn resolve(rows: Vec<Vec<RawCell>>) -> DocTable {
    let mut out: Vec<Vec<DocCell>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut cells: Vec<DocCell> = Vec::new();
        for c in row {
            for _ in 0..c.before {
                cells.push(DocCell::default());
            }
            let col = cells.len();
            let first = match c.vmerge {
                Some(false) => match out.last().and_then(|above| above.get(col)) {
                    Some(above) => DocCell::copy_of(above),
                    None => DocCell::new(c.parts),
                },
                _ => DocCell::new(c.parts),
            };
            for _ in 1..c.span {
                cells.push(DocCell::copy_of(&first));
            }
            cells.insert(col, first);
        }
        out.push(cells);
    }
    let width = out.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut out {
        r.resize(width, DocCell::default());
    }
    DocTable { rows: out, pages: Vec::new() }
}

/// Word's list definitions (numbering.xml) and the counters of the lists met so far.
#[derive(Default)]
pub struct Numbering {
    /// numId → abstractNumId, and its start overrides per level.
    nums: BTreeMap<String, (String, BTreeMap<usize, u32>)>,
    /// abstractNumId → levels.
    abstracts: BTreeMap<String, Vec<Level>>,
    counters: BTreeMap<String, Vec<Option<u32>>>,
    overridden: std::collections::BTreeSet<String>,
}

#[derive(Default, Clone)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

impl Numbering {
    fn parse(mut reader: super::zipped::PartReader) -> Result<Self, String> {
        let mut n = Numbering::default();
        let mut buf = Vec::new();
        let mut abs: Option<(String, Vec<Level>)> = None;
        let mut lvl: Option<(usize, Level)> = None;
        let mut num: Option<(String, String, BTreeMap<usize, u32>)> = None;
        let mut override_lvl: Option<usize> = None;
        let mut depth = 0usize;
        loop {
            let ev = reader
                .read_event_into(&mut buf)
                .map_err(|e| super::zipped::xml_error("word/numbering.xml", &reader, e))?;
            let (e, empty) = match &ev {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    match e.local_name().as_ref() {
                        "lvl" => {
                            if let (Some((_, levels)), Some((i, l))) = (abs.as_mut(), lvl.take())
                                && i < 9
                            {
                                if levels.len() <= i {
                                    levels.resize(i + 1, Level::default());
                                }
                                levels[i] = l;
                            }
                        }
                        "abstractNum" => {
                            if let Some((id, levels)) = abs.take() {
                                n.abstracts.insert(id, levels);
                            }
                        }
                        "num" => {
                            if let Some((id, a, o)) = num.take() {
                                n.nums.insert(id, (a, o));
                            }
                        }
                        "lvlOverride" => override_lvl = None,
                        _ => {}
                    }
                    buf.clear();
                    continue;
                }
                Event::Eof => break,
                _ => {
                    buf.clear();
                    continue;
                }
            };
            if !empty {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!("word/numbering.xml: XML nested deeper than {MAX_DEPTH} elements"));
                }
            }
            match e.local_name().as_ref() {
                "abstractNum" => abs = Some((attr(e, "abstractNumId").unwrap_or_default(), Vec::new())),
                "lvl" if abs.is_some() => {
                    let i = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    lvl = Some((i, Level { fmt: "decimal".into(), text: String::new(), start: 1 }));
                }
                "numFmt" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.fmt = attr(e, "val").unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.text = attr(e, "val").unwrap_or_default();
                    }
                }
                "start" => {
                    if let Some((_, l)) = lvl.as_mut() {
                        l.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "num" => num = Some((attr(e, "numId").unwrap_or_default(), String::new(), BTreeMap::new())),
                "abstractNumId" => {
                    if let Some((_, a, _)) = num.as_mut() {
                        *a = attr(e, "val").unwrap_or_default();
                    }
                }
                "lvlOverride" => override_lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                "startOverride" => {
                    if let (Some((_, _, o)), Some(i)) = (num.as_mut(), override_lvl) {
                        o.insert(i, attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1));
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        Ok(n)
    }

    /// The number label of the next paragraph of list `num_id` at level `ilvl` (`%1、` → `一、`).
    /// `Err(Some(fmt))`: a format not rendered; `Err(None)`: no such list, or a level without a label.
    fn next(&mut self, num_id: &str, ilvl: usize) -> Result<String, Option<String>> {
        let (abs, overrides) = self.nums.get(num_id).ok_or(None)?;
        let levels = self.abstracts.get(abs).ok_or(None)?;
        let level = levels.get(ilvl).ok_or(None)?;
        if level.fmt == "none" {
            return Ok(level.text.clone());
        }
        let counters = self.counters.entry(abs.clone()).or_default();
        if counters.len() < levels.len() {
            counters.resize(levels.len(), None);
        }
        // A list instance with start overrides starts over the first time it is used.
        if !overrides.is_empty() && self.overridden.insert(num_id.to_string()) {
            for (&i, &v) in overrides {
                if let Some(c) = counters.get_mut(i) {
                    *c = Some(v.saturating_sub(1));
                }
            }
        }
        let start = |i: usize| overrides.get(&i).copied().unwrap_or(levels[i].start);
        counters[ilvl] = Some(match counters[ilvl] {
            Some(v) => v + 1,
            None => start(ilvl),
        });
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let i = (d as usize).saturating_sub(1);
                let Some(l) = levels.get(i) else { continue };
                let v = counters.get(i).copied().flatten().unwrap_or(start(i));
                match format_number(v, &l.fmt) {
                    Some(s) => out.push_str(&s),
                    None => return Err(Some(l.fmt.clone())),
                }
            } else {
                out.push(c);
            }
        }
        Ok(out)
    }
}

/// A number in one of Word's numbering formats, or `None` for a format not rendered.
pub fn format_number(n: u32, fmt: &str) -> Option<String> {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    Some(match fmt {
        "decimal" => n.to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)).collect()
        }
        "chineseCounting" | "chineseCountingThousand" => counting(n, &DIGITS, ['十', '百', '千'], true),
        "chineseLegalSimplified" => counting(n, &LEGAL, ['拾', '佰', '仟'], false),
        "ideographTraditional" => STEMS.get((n as usize).wrapping_sub(1) % 10).map(|c| c.to_string())?,
        _ => return None,
    })
}

/// 1–9999 in Chinese counting: 十一, 二十, 一百零五; `short_ten` writes 10–19 as 十… instead of 一十….
fn counting(n: u32, digits: &[char; 10], units: [char; 3], short_ten: bool) -> String {
    if n == 0 || n > 9999 {
        return n.to_string();
    }
    let ds = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        if !(short_ten && i == 2 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit[i] {
            out.push(u);
        }
    }
    out
}

/// Paragraph styles that carry numbering (styles.xml): style id → (numId, level).
fn style_numbering(mut reader: super::zipped::PartReader) -> Result<BTreeMap<String, (String, usize)>, String> {
    let mut out = BTreeMap::new();
    let mut buf = Vec::new();
    let mut style: Option<(String, Option<String>, usize)> = None;
    loop {
        let ev =
            reader.read_event_into(&mut buf).map_err(|e| super::zipped::xml_error("word/styles.xml", &reader, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => style = attr(e, "styleId").map(|id| (id, None, 0)),
                "numId" => {
                    if let Some(s) = style.as_mut() {
                        s.1 = attr(e, "val");
                    }
                }
                "ilvl" => {
                    if let Some(s) = style.as_mut() {
                        s.2 = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, Some(num), lvl)) = style.take()
                    && num != "0"
                {
                    out.insert(id, (num, lvl));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_word_formats() {
        let f = |n, fmt| format_number(n, fmt).unwrap();
        assert_eq!(f(1, "chineseCounting"), "一");
        assert_eq!(f(10, "chineseCounting"), "十");
        assert_eq!(f(12, "chineseCountingThousand"), "十二");
        assert_eq!(f(20, "chineseCounting"), "二十");
        assert_eq!(f(105, "chineseCounting"), "一百零五");
        assert_eq!(f(3, "chineseLegalSimplified"), "叁");
        assert_eq!(f(11, "chineseLegalSimplified"), "壹拾壹");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(2, "lowerRoman"), None);
    }
}
