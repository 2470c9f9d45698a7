//! Lines: decoded text → numbered lines (LF, CRLF or CR), with printed page numbers ("— 5 —") set aside.

use crate::model::Diags;
use crate::pattern::{Regex, static_re};
use std::borrow::Cow;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the source.
    pub no: usize,
    /// The line without its line ending; tabs and inner spaces kept. Borrowed from the decoded text; owned
    /// only when form feeds had to be taken out of it.
    pub text: Cow<'a, str>,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    static_re(r"^\s*(?:[—–\-－─]+\s*\d{1,4}\s*[—–\-－─]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?)\s*$")
});

/// What PAGE_NUMBER needs first: a dash or 第 after any leading space. Most lines fail this, and a text with
/// no such line never compiles the pattern, and no line pays for running it.
fn could_be_page_number(line: &str) -> bool {
    line.trim_start().starts_with(['—', '–', '-', '－', '─', '第'])
}

/// Split text into lines. A leading BOM character is dropped; page-number lines and form feeds are
/// removed from the stream (their numbers are reported in one info diagnostic, so nothing vanishes unsaid).
pub fn split_lines<'a>(text: &'a str, diags: &mut Diags) -> (Vec<Line<'a>>, usize) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // One line per LF (a CR-only file reallocates a few times more; that is all). CR, LF and form feed are
    // ASCII, so byte searches find them (UTF-8 never uses those bytes inside a character); the memchr crate
    // runs them with SIMD, several times faster than a search for a `char`.
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', bytes).count() + 1);
    // Most texts have no CR at all: their lines end at each LF, found by a one-byte search.
    let has_cr = memchr::memchr(b'\r', bytes).is_some();
    let has_ff = memchr::memchr(0x0C, bytes).is_some();
    let mut pages = Vec::new();
    let mut total = 0;
    let mut rest = text;
    let mut no = 0;
    while !rest.is_empty() {
        no += 1;
        let b = rest.as_bytes();
        let end = if has_cr { memchr::memchr2(b'\n', b'\r', b) } else { memchr::memchr(b'\n', b) };
        let (line, next) = match end {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = next;
        total = no;
        let line: Cow<str> = if has_ff && memchr::memchr(0x0C, line.as_bytes()).is_some() {
            Cow::Owned(line.replace('\u{0C}', ""))
        } else {
            Cow::Borrowed(line)
        };
        if !line.starts_with('\t') && could_be_page_number(&line) && PAGE_NUMBER.is_match(&line) {
            pages.push(no);
            continue;
        }
        out.push(Line { no, text: line });
    }
    if !pages.is_empty() {
        let list: Vec<String> = pages.iter().map(|n| n.to_string()).collect();
        diags.info(
            "lines.page_numbers",
            pages.first().copied(),
            format!("page-number lines set aside: {}", list.join(", ")),
        );
    }
    (out, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> Vec<(usize, String)> {
        split_lines(t, &mut Diags::default()).0.into_iter().map(|l| (l.no, l.text.into_owned())).collect()
    }

    #[test]
    fn line_endings() {
        assert_eq!(lines("a\r\nb\rc\nd"), vec![(1, "a".into()), (2, "b".into()), (3, "c".into()), (4, "d".into())]);
        assert_eq!(lines("\u{FEFF}一\n"), vec![(1, "一".into())]);
    }

    #[test]
    fn page_numbers_removed_but_counted() {
        let mut d = Diags::default();
        let (l, total) = split_lines("正文\n— 5 —\n-6-\n第7页\n续文", &mut d);
        assert_eq!(l.iter().map(|x| x.no).collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(total, 5);
        assert_eq!(d.0.len(), 1);
        assert!(d.0[0].message.contains("2, 3, 4"));
    }

    #[test]
    fn numbers_in_text_are_not_pages() {
        assert_eq!(lines("2020年\n1．任务").len(), 2);
        assert_eq!(lines("100%").len(), 1);
    }
}
