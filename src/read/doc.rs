//! Documents as the format readers give them: paragraphs and tables of cells (merged cells already filled and
//! marked), rendered into the numbered text lines the rest of the pipeline reads.

/// Which reader turned the file into lines and tables (`source.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Text,
    Docx,
    Html,
    Pdf,
    Xlsx,
}

impl SourceFormat {
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Docx => "docx",
            SourceFormat::Html => "html",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Xlsx => "xlsx",
        }
    }
}

/// One cell of a reader's table: its pieces (paragraphs, `<br>`-separated parts, lines of a spreadsheet cell)
/// and whether it is a copy of a merged cell that spans it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocCell {
    pub parts: Vec<String>,
    /// A copy of the merged cell to its left or above (Word gridSpan/vMerge, HTML colspan/rowspan, Excel merged
    /// ranges): the text is the merged cell's, written once in the source.
    pub span: bool,
}

impl DocCell {
    pub fn new(parts: Vec<String>) -> Self {
        DocCell { parts, span: false }
    }
    pub fn copy_of(c: &DocCell) -> Self {
        DocCell { parts: c.parts.clone(), span: true }
    }
    pub fn is_blank(&self) -> bool {
        self.parts.iter().all(|p| p.trim().is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocTable {
    /// Rows of equal width (short rows are padded with empty cells).
    pub rows: Vec<Vec<DocCell>>,
    /// The page of each row (PDF only).
    pub pages: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DocBlock {
    /// One line of text (a paragraph, or one line of a paragraph with soft line breaks).
    Line {
        text: String,
        page: Option<u32>,
    },
    Table(DocTable),
}

/// A reader's note about the document, placed at the line of the block it concerns once the text is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct DocNote {
    pub warning: bool,
    pub code: &'static str,
    pub message: String,
    /// Index of the block it concerns.
    pub block: Option<usize>,
}

/// What a reader gives: the document's blocks in reading order, its notes, and the text encoding when it had
/// one (HTML).
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub format: SourceFormat,
    pub encoding: String,
    pub blocks: Vec<DocBlock>,
    pub notes: Vec<DocNote>,
}

impl Doc {
    pub fn new(format: SourceFormat, encoding: &str) -> Self {
        Doc { format, encoding: encoding.to_string(), blocks: Vec::new(), notes: Vec::new() }
    }
    /// Add a paragraph's text, one block per line (soft line breaks), trailing whitespace trimmed.
    pub fn push_text(&mut self, text: &str, page: Option<u32>) {
        for l in text.split('\n') {
            self.blocks.push(DocBlock::Line { text: l.trim_end().to_string(), page });
        }
    }
    pub fn info(&mut self, code: &'static str, message: impl Into<String>) {
        let block = self.blocks.len().checked_sub(1);
        self.notes.push(DocNote { warning: false, code, message: message.into(), block });
    }
    pub fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        let block = self.blocks.len().checked_sub(1);
        self.notes.push(DocNote { warning: true, code, message: message.into(), block });
    }
}

/// A table of the rendering: where its rows are.
#[derive(Debug, Clone, PartialEq)]
pub struct TableAt {
    pub block: usize,
    /// The line of each row.
    pub lines: Vec<usize>,
}

/// The text rendering of a [`Doc`]: paragraphs as lines, each table row one line with its cells between `|`
/// (a cell's pieces joined by `<br>`, a span copy left empty), so every line number points into it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendering {
    pub text: String,
    pub tables: Vec<TableAt>,
    /// The page of each line (index = line − 1), for a PDF.
    pub pages: Vec<Option<u32>>,
    /// The first line of each block.
    pub block_lines: Vec<usize>,
}

pub fn render(doc: &Doc) -> Rendering {
    let mut r = Rendering::default();
    let mut line = 0;
    for (bi, b) in doc.blocks.iter().enumerate() {
        match b {
            DocBlock::Line { text, page } => {
                line += 1;
                r.block_lines.push(line);
                r.text.push_str(text);
                r.text.push('\n');
                r.pages.push(*page);
            }
            DocBlock::Table(t) => {
                r.block_lines.push(line + 1);
                let mut lines = Vec::with_capacity(t.rows.len());
                for (ri, row) in t.rows.iter().enumerate() {
                    line += 1;
                    lines.push(line);
                    r.text.push('|');
                    for c in row {
                        r.text.push(' ');
                        if !c.span {
                            let mut first = true;
                            for p in c.parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
                                if !first {
                                    r.text.push_str("<br>");
                                }
                                first = false;
                                // A `|` inside a cell would read as a cell boundary: written full-width.
                                r.text.extend(p.chars().map(|ch| match ch {
                                    '|' => '｜',
                                    '\n' | '\r' => ' ',
                                    c => c,
                                }));
                            }
                        }
                        r.text.push_str(" |");
                    }
                    r.text.push('\n');
                    r.pages.push(t.pages.get(ri).copied());
                }
                r.tables.push(TableAt { block: bi, lines });
            }
        }
    }
    r
}

/// A table of label/value pairs (索引号： | value | 发布机构： | value): its pairs as `label：value` lines, empty
/// values left out. `None` for any other table.
pub fn key_values(t: &DocTable) -> Option<Vec<String>> {
    let is_label = |c: &DocCell| {
        let s: String = c.parts.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let body = s.strip_suffix('：').or_else(|| s.strip_suffix(':'))?;
        (1..=8).contains(&body.chars().count()).then(|| body.to_string())
    };
    let mut lines = Vec::new();
    let mut pairs = 0;
    for row in &t.rows {
        let cells: Vec<&DocCell> = row.iter().filter(|c| !c.span).collect();
        if cells.iter().all(|c| c.is_blank()) {
            continue;
        }
        if !cells.len().is_multiple_of(2) {
            return None;
        }
        for pair in cells.chunks(2) {
            let label = is_label(pair[0])?;
            pairs += 1;
            let value = pair[1].parts.join(" ");
            if !value.trim().is_empty() {
                lines.push(format!("{label}：{}", value.trim()));
            }
        }
    }
    (pairs >= 2).then_some(lines)
}

/// Every table of label/value pairs becomes its lines (a web page's metadata block saved into Word).
pub fn unfold_key_values(doc: &mut Doc) {
    let blocks = std::mem::take(&mut doc.blocks);
    for b in blocks {
        match b {
            DocBlock::Table(t) => match key_values(&t) {
                Some(lines) => lines.iter().for_each(|l| doc.push_text(l, None)),
                None => doc.blocks.push(DocBlock::Table(t)),
            },
            b => doc.blocks.push(b),
        }
    }
}

/// A web page's breadcrumb trail (首页 > 政务公开 > 政策文件): three or more short parts between `>`-like marks.
pub fn is_breadcrumb(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['>', '＞', '›', '»', '→']).map(str::trim).collect();
    parts.len() >= 3 && parts.iter().all(|p| (1..=12).contains(&p.chars().count()))
}

/// Drop the page chrome a document carries over from a web page (a breadcrumb trail), with a note.
pub fn drop_chrome(doc: &mut Doc) {
    let blocks = std::mem::take(&mut doc.blocks);
    for b in blocks {
        match b {
            DocBlock::Line { text, .. } if is_breadcrumb(&text) => {
                doc.notes.push(DocNote {
                    warning: false,
                    code: "page.chrome",
                    message: format!("web page navigation left out: {text}"),
                    block: doc.blocks.len().checked_sub(1),
                });
            }
            b => doc.blocks.push(b),
        }
    }
}
