//! Web pages (.html/.htm): bytes → text in the page's charset (BOM, `<meta charset>`, or detection) → an HTML5
//! tree (html5ever) → the article body, found among the page's chrome by where its text is, as lines and
//! tables (rowspan/colspan filled and marked); a metadata block outside it (发文字号：…) is kept as lines before it.

use super::doc::{Doc, DocBlock, DocCell, DocTable, SourceFormat};
use ego_tree::NodeRef;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use std::collections::BTreeMap;

/// The most rows or columns one cell may span (`rowspan="100000"` would otherwise fill a huge grid).
const MAX_SPAN: usize = 1000;

/// The deepest element nesting read. html5ever looks through the stack of open elements for each new one, so a
/// page nested 100,000 deep would take minutes; real pages nest a few dozen deep.
pub const MAX_DEPTH: usize = 2048;

/// Read a web page held in memory.
pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    if nesting(bytes) > MAX_DEPTH {
        return Err(format!("HTML nested deeper than {MAX_DEPTH} elements: refused"));
    }
    let (encoding, how) = charset(bytes);
    let (text, _, had_errors) = encoding.decode(bytes);
    let mut doc = Doc::new(SourceFormat::Html, encoding.name());
    if had_errors {
        doc.notes.push(super::doc::DocNote {
            warning: true,
            code: "input.decode",
            message: format!("bytes that are not {} were replaced by U+FFFD ({how})", encoding.name()),
            block: None,
        });
    }
    let html = Html::parse_document(&text);
    let sizes = text_sizes(&html);
    let root = html.tree.root();
    let body = article(root, &sizes);
    // Metadata tables (label：value cells) before the body.
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) if n.id() == body.id() => break,
            Edge::Open(n) if element_name(n) == Some("table") => {
                if let Some(lines) = super::doc::key_values(&table(n)) {
                    for l in lines {
                        doc.push_text(&l, None);
                    }
                }
            }
            _ => {}
        }
    }
    render(body, &mut doc);
    if doc.blocks.iter().all(|b| matches!(b, DocBlock::Line { text, .. } if text.trim().is_empty())) {
        return Err("the web page holds no text".into());
    }
    Ok(doc)
}

/// How deep the page's tags nest, counted on the bytes before parsing: an opening tag deepens, a closing tag
/// returns; void elements and those whose end tag is usually left out (p, li, td, tr …) are not counted, so the
/// count stays at or under the real depth of a page that omits them.
fn nesting(bytes: &[u8]) -> usize {
    const UNCOUNTED: &[&[u8]] = &[
        b"p", b"li", b"td", b"th", b"tr", b"dt", b"dd", b"option", b"br", b"img", b"meta", b"link", b"input", b"hr",
        b"col", b"area", b"base", b"wbr", b"source", b"embed", b"param", b"track", b"tbody", b"thead", b"tfoot",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &bytes[i..]) {
        i += k + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = bytes[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue;
        }
        let name = bytes[start..start + len].to_ascii_lowercase();
        if UNCOUNTED.contains(&name.as_slice()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let end = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e);
            if bytes[..end].last() != Some(&b'/') {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// The page's encoding and how it was found: a BOM, a `<meta>` declaration in the first 4 KiB, valid UTF-8, or
/// chardetng's guess (GBK pages without a declaration are common).
pub fn charset(bytes: &[u8]) -> (&'static encoding_rs::Encoding, &'static str) {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return (enc, "byte-order mark");
    }
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&lower[at..], b"charset") {
        let mut j = at + i + 7;
        while j < lower.len() && matches!(lower[j], b' ' | b'=' | b'"' | b'\'') {
            j += 1;
        }
        let end = lower[j..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_')))
            .map_or(lower.len(), |p| j + p);
        if let Some(enc) = encoding_rs::Encoding::for_label(&lower[j..end]) {
            // A page saved as UTF-16 cannot declare itself in ASCII; a declaration of it means UTF-8.
            let enc =
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { enc };
            return (enc, "declared in the page");
        }
        at = end.max(at + i + 7);
    }
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        return (encoding_rs::UTF_8, "valid UTF-8");
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    (det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow), "detected")
}

fn element_name<'a>(n: NodeRef<'a, Node>) -> Option<&'a str> {
    match n.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// Elements whose text is never the document's.
fn hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "iframe"
            | "svg"
            | "object"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "center"
            | "tr"
            | "table"
            | "hr"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "body"
            | "html"
    )
}

/// Text size of every element: (characters of text, characters inside links), hidden elements not counted.
/// Computed in one walk, without recursion (a page nested thousands deep costs no stack).
fn text_sizes(html: &Html) -> BTreeMap<ego_tree::NodeId, (usize, usize)> {
    let mut sizes = BTreeMap::new();
    let mut stack: Vec<(ego_tree::NodeId, usize, usize)> = Vec::new();
    let mut hidden_depth = 0usize;
    let mut link_depth = 0usize;
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(n) => {
                if let Some(name) = element_name(n) {
                    if hidden(name) || hidden_depth > 0 {
                        hidden_depth += 1;
                    }
                    if name == "a" {
                        link_depth += 1;
                    }
                    stack.push((n.id(), 0, 0));
                } else if let Node::Text(t) = n.value()
                    && hidden_depth == 0
                    && let Some(top) = stack.last_mut()
                {
                    let c = t.chars().filter(|c| !c.is_whitespace()).count();
                    top.1 += c;
                    if link_depth > 0 {
                        top.2 += c;
                    }
                }
            }
            Edge::Close(n) => {
                if let Some(name) = element_name(n) {
                    hidden_depth = hidden_depth.saturating_sub(1);
                    if name == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if let Some((id, t, l)) = stack.pop() {
                        sizes.insert(id, (t, l));
                        if let Some(parent) = stack.last_mut() {
                            parent.1 += t;
                            parent.2 += l;
                        }
                    }
                }
            }
        }
    }
    sizes
}

/// The article: the deepest element that still holds three quarters of the page's text outside links. The
/// page's chrome (navigation, metadata, 打印本页/关闭窗口, 上一篇/下一篇, footer) sits in its siblings.
fn article<'a>(root: NodeRef<'a, Node>, sizes: &BTreeMap<ego_tree::NodeId, (usize, usize)>) -> NodeRef<'a, Node> {
    let own = |n: NodeRef<Node>| sizes.get(&n.id()).map_or(0, |(t, l)| t - l);
    let total = root.children().map(own).sum::<usize>();
    let need = total * 3 / 4;
    let mut at = root;
    loop {
        let next =
            at.children().filter(|c| element_name(*c).is_some_and(|n| !hidden(n))).find(|c| own(*c) >= need.max(1));
        match next {
            // A data table is read whole, with what stands around it; a paragraph is no article alone.
            Some(c) if element_name(c) == Some("table") && !is_layout_table(c) => return at,
            Some(c) if !matches!(element_name(c), Some("p" | "thead")) => at = c,
            _ => return at,
        }
    }
}

/// Render the article's subtree into lines and tables, in one walk.
fn render(body: NodeRef<Node>, doc: &mut Doc) {
    let mut line = String::new();
    let mut skip: Option<ego_tree::NodeId> = None;
    let mut hidden_depth = 0usize;
    let flush = |line: &mut String, doc: &mut Doc| {
        let t = line.trim_matches(|c: char| c.is_whitespace());
        if !t.is_empty() {
            doc.push_text(t, None);
        }
        line.clear();
    };
    for edge in body.traverse() {
        if let Some(id) = skip {
            if let Edge::Close(n) = edge
                && n.id() == id
            {
                skip = None;
            }
            continue;
        }
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if hidden(name) || hidden_depth > 0 {
                        hidden_depth += 1;
                        continue;
                    }
                    if name == "table" && !is_layout_table(n) {
                        flush(&mut line, doc);
                        let t = table(n);
                        match super::doc::key_values(&t) {
                            Some(lines) => lines.iter().for_each(|l| doc.push_text(l, None)),
                            None if !t.rows.is_empty() => doc.blocks.push(DocBlock::Table(t)),
                            None => {}
                        }
                        skip = Some(n.id());
                    } else if name == "br" || is_block(name) || matches!(name, "td" | "th") {
                        flush(&mut line, doc);
                    }
                }
                Node::Text(t) if hidden_depth == 0 => push_text(&mut line, &t.text),
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(name) = element_name(n) {
                    if hidden_depth > 0 {
                        hidden_depth -= 1;
                        continue;
                    }
                    if is_block(name) || matches!(name, "td" | "th") {
                        flush(&mut line, doc);
                    }
                }
            }
        }
    }
    flush(&mut line, doc);
}

/// Add a text node to a line, HTML whitespace collapsed (a run of spaces and newlines is one space).
fn push_text(line: &mut String, t: &str) {
    for (i, w) in t.split(|c: char| c.is_ascii_whitespace()).enumerate() {
        if i > 0 && !line.ends_with(' ') && !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
}

/// A table used for page layout, not data: one of its cells holds another table or several paragraphs.
fn is_layout_table(t: NodeRef<Node>) -> bool {
    rows_of(t).any(|r| {
        r.children().filter(|c| matches!(element_name(*c), Some("td" | "th"))).any(|cell| {
            cell.descendants().skip(1).any(|d| matches!(element_name(d), Some("table" | "article" | "section")))
                || cell
                    .descendants()
                    .filter(|d| matches!(element_name(*d), Some("p" | "div" | "h1" | "h2" | "h3")))
                    .nth(4)
                    .is_some()
        })
    })
}

/// The rows of a table (directly, or in thead/tbody/tfoot), not those of tables inside it.
fn rows_of<'a>(t: NodeRef<'a, Node>) -> impl Iterator<Item = NodeRef<'a, Node>> {
    t.children().flat_map(|c| {
        let section = matches!(element_name(c), Some("thead" | "tbody" | "tfoot"));
        let rows: Vec<NodeRef<Node>> = if section {
            c.children().filter(|r| element_name(*r) == Some("tr")).collect()
        } else if element_name(c) == Some("tr") {
            vec![c]
        } else {
            Vec::new()
        };
        rows
    })
}

fn span_attr(e: &scraper::node::Element, name: &str) -> usize {
    e.attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// A data table → a grid: a cell with rowspan/colspan fills every cell it covers, the copies marked.
fn table(t: NodeRef<Node>) -> DocTable {
    let mut grid: Vec<Vec<Option<DocCell>>> = Vec::new();
    let rows: Vec<NodeRef<Node>> = rows_of(t).collect();
    for (r, row) in rows.iter().enumerate() {
        if grid.len() <= r {
            grid.resize_with(r + 1, Vec::new);
        }
        let mut col = 0;
        for cell in row.children() {
            let Node::Element(e) = cell.value() else { continue };
            if !matches!(e.name(), "td" | "th") {
                continue;
            }
            while grid[r].get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let (rs, cs) = (span_attr(e, "rowspan").min(rows.len() - r).max(1), span_attr(e, "colspan"));
            let first = DocCell::new(cell_parts(cell));
            for dr in 0..rs {
                if grid.len() <= r + dr {
                    grid.resize_with(r + dr + 1, Vec::new);
                }
                let g = &mut grid[r + dr];
                if g.len() < col + cs {
                    g.resize(col + cs, None);
                }
                for dc in 0..cs {
                    if g[col + dc].is_none() {
                        g[col + dc] = Some(if dr == 0 && dc == 0 { first.clone() } else { DocCell::copy_of(&first) });
                    }
                }
            }
            col += cs;
        }
    }
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let rows = grid
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| {
            let mut cells: Vec<DocCell> = r.into_iter().map(Option::unwrap_or_default).collect();
            cells.resize(width, DocCell::default());
            cells
        })
        .collect();
    DocTable { rows, pages: Vec::new() }
}

/// A cell's pieces: its text split at `<br>` and block elements.
fn cell_parts(cell: NodeRef<Node>) -> Vec<String> {
    let mut parts = Vec::new();
    let mut line = String::new();
    let mut hidden_depth = 0usize;
    for edge in cell.traverse().skip(1) {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if hidden(e.name()) || hidden_depth > 0 {
                        hidden_depth += 1;
                    } else if e.name() == "br" || is_block(e.name()) || matches!(e.name(), "td" | "th") {
                        take_part(&mut line, &mut parts);
                    }
                }
                Node::Text(t) if hidden_depth == 0 => push_text(&mut line, &t.text),
                _ => {}
            },
            Edge::Close(n) => {
                if let Some(name) = element_name(n) {
                    if hidden_depth > 0 {
                        hidden_depth -= 1;
                    } else if is_block(name) {
                        take_part(&mut line, &mut parts);
                    }
                }
            }
        }
    }
    take_part(&mut line, &mut parts);
    parts
}

fn take_part(line: &mut String, parts: &mut Vec<String>) {
    let t = line.trim();
    if !t.is_empty() {
        parts.push(t.to_string());
    }
    line.clear();
}
