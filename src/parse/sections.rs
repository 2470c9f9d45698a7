//! Sections: the plan's text lines and tables (after the notice) → plan title, preamble, the nested
//! section tree (一、 （一） 1． （1）, full- or half-width) with a kind per section, table captions and
//! notes, the plan's 附件 list and attachments, and the 版记 lines.

use crate::model::{Appendix, Attachment, Diags, Section, SectionKind};
use crate::parse::{genre, notice};
use crate::pattern::{Regex, static_re};
use crate::read::headings::{heading_level, heading_parts, numbering_text, split_title_str};
use crate::read::lines::Line;
use crate::text::{cn_number, fold, fold_simplified, is_cn_numeral, join_parts, strip_markup};
use std::collections::BTreeMap;
use std::sync::LazyLock;

static APPENDIX_MARK: LazyLock<Regex> =
    LazyLock::new(|| static_re(r"^附\s*件\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})?\s*$"));

/// A standalone 附件 / 附件2 line: the number, if it has one.
fn appendix_mark(t: &str) -> Option<Option<&str>> {
    if !t.starts_with('附') {
        return None;
    }
    let c = APPENDIX_MARK.captures(t)?;
    Some(c.name("n").map(|m| m.as_str()))
}

/// The kind of section a heading's title names (see [`genre::section_kind`]).
pub fn kind_of(title: &str) -> SectionKind {
    genre::section_kind(title)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    Text(&'a Line<'a>),
    /// Index of a table in the document's table list.
    Table(usize),
}

/// A paragraph with where it stood, for the checks.
#[derive(Debug, Clone)]
pub struct Para<'a> {
    pub kind: Option<SectionKind>,
    pub line: usize,
    /// Borrowed from the line it stands on.
    pub text: &'a str,
}

#[derive(Debug, Default)]
pub struct Body<'a> {
    pub title: Option<String>,
    pub title_line: Option<usize>,
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    pub appendices: Vec<Appendix>,
    /// 附件：… lines found in the plan.
    pub attachment_list: Vec<Attachment>,
    pub attachment_list_line: Option<usize>,
    /// Caption (the text line just above) of each table, by table index.
    pub captions: BTreeMap<usize, String>,
    /// Notes (注：…) under each table, by table index.
    pub notes: BTreeMap<usize, Vec<String>>,
    /// The kind of section each table stands in.
    pub table_kind: BTreeMap<usize, SectionKind>,
    pub paragraphs: Vec<Para<'a>>,
    /// 版记 lines (抄送, …印发).
    pub trailer: Vec<String>,
}

fn title_like(t: &str) -> bool {
    let n = t.chars().count();
    (2..=80).contains(&n)
        && heading_level(t).is_none()
        && !t.ends_with(['。', '；', ';', '：', ':', '，', ','])
        && !t.starts_with("附件")
        && !notice::is_trailer_line(t)
}

/// Build the plan's structure from the items that follow the notice.
pub fn read<'a>(items: &[Item<'a>], diags: &mut Diags) -> Body<'a> {
    let mut body = Body::default();
    let mut i = 0;
    let next_text = |i: &mut usize| {
        while *i < items.len() && matches!(items[*i], Item::Text(l) if l.is_blank()) {
            *i += 1;
        }
    };
    next_text(&mut i);
    // Before the plan: the notice's 版记 (抄送, …印发), which web and Word copies put before the attachments,
    // and a standalone 附件 marker: the plan is the notice's attachment.
    while let Some(Item::Text(l)) = items.get(i) {
        let t = l.trimmed();
        if notice::is_trailer_line(t) {
            body.trailer.push(t.to_string());
        } else if appendix_mark(t).is_none() {
            break;
        }
        i += 1;
        next_text(&mut i);
    }
    // The plan title: short lines, no sentence end, before the first heading.
    let mut title_parts = Vec::new();
    while let Some(Item::Text(l)) = items.get(i) {
        let t = l.trimmed();
        if t.is_empty() || !title_like(t) || is_toc_mark(t) || title_parts.len() >= 3 {
            break;
        }
        if body.title_line.is_none() {
            body.title_line = Some(l.no);
        }
        title_parts.push(strip_markup(t).to_string());
        i += 1;
    }
    if !title_parts.is_empty() {
        body.title = Some(join_parts(&title_parts));
    }
    next_text(&mut i);
    // A table of contents: its entries repeat as the real headings; skip to the first repeat.
    if let Some(Item::Text(l)) = items.get(i)
        && is_toc_mark(l.trimmed())
    {
        let toc_line = l.no;
        let mut entries: Vec<String> = Vec::new();
        let mut j = i + 1;
        let mut end = None;
        while j < items.len() {
            if let Item::Text(l) = items[j] {
                let f = fold(l.trimmed());
                if !f.is_empty() {
                    if entries.first().is_some_and(|e| *e == f || toc_entry(e) == f) {
                        end = Some(j);
                        break;
                    }
                    entries.push(f);
                }
            } else {
                break;
            }
            j += 1;
        }
        let end = end.unwrap_or_else(|| {
            // No repeat: the contents run to the first blank line after the entries.
            let mut k = i + 1;
            while k < items.len() && matches!(items[k], Item::Text(l) if l.is_blank()) {
                k += 1;
            }
            while k < items.len() && matches!(items[k], Item::Text(l) if !l.is_blank()) {
                k += 1;
            }
            k
        });
        let listed: Vec<String> = items[i + 1..end]
            .iter()
            .filter_map(|it| match it {
                Item::Text(l) if !l.is_blank() => Some(l.trimmed().to_string()),
                _ => None,
            })
            .collect();
        diags.info("sections.toc", Some(toc_line), format!("table of contents skipped: {}", listed.join(" / ")));
        i = end;
    }

    let headers = running_headers(&items[i..]);
    if !headers.is_empty() {
        let at: Vec<String> = items[i..]
            .iter()
            .filter_map(|it| match it {
                Item::Text(l) if headers.contains(&fold(l.trimmed())) => Some(l.no.to_string()),
                _ => None,
            })
            .collect();
        let first = items[i..].iter().find_map(|it| match it {
            Item::Text(l) if headers.contains(&fold(l.trimmed())) => Some(l),
            _ => None,
        });
        diags.info(
            "sections.page_header",
            first.map(|l| l.no),
            format!(
                "a page's running header inside the text, set aside (lines {}): {}",
                at.join(", "),
                first.map_or("", |l| l.trimmed())
            ),
        );
    }
    let mut stack: Vec<Section> = Vec::new();
    let mut last_table: Option<usize> = None;
    let mut in_note = false;
    let mut in_attach_list = false;
    let mut appendix: Option<Appendix> = None;
    let mut appendix_wants_title = false;
    let mut last_text: Option<(usize, &str)> = None;
    while i < items.len() {
        let item = items[i];
        i += 1;
        let l = match item {
            Item::Table(t) => {
                let kind = stack.first().map(|s| s.kind).unwrap_or(SectionKind::Other);
                body.table_kind.insert(t, if appendix.is_some() { SectionKind::Projects } else { kind });
                if let Some((_, cap)) = &last_text {
                    body.captions.insert(t, cap.to_string());
                }
                last_table = Some(t);
                appendix_wants_title = false;
                last_text = None;
                continue;
            }
            Item::Text(l) => l,
        };
        let t = l.trimmed();
        if t.is_empty() {
            in_note = false;
            in_attach_list = false;
            continue;
        }
        if !headers.is_empty() && headers.contains(&fold(t)) {
            continue;
        }
        // Notes under a table: 注：… and its numbered continuation lines.
        if let Some(tbl) = last_table
            && (t.starts_with("注：") || t.starts_with("注:") || (in_note && heading_level(t).is_none_or(|lv| lv >= 3)))
        {
            let note = t.trim_start_matches("注：").trim_start_matches("注:").trim().to_string();
            body.notes.entry(tbl).or_default().push(note);
            in_note = true;
            continue;
        }
        in_note = false;
        last_table = None;
        if notice::is_trailer_line(t) {
            body.trailer.push(t.to_string());
            continue;
        }
        if let Some(list) = notice::attachment_list(t) {
            body.attachment_list.extend(list);
            body.attachment_list_line.get_or_insert(l.no);
            in_attach_list = true;
            continue;
        }
        if in_attach_list && let Some((_, _, value, rest)) = heading_parts(t).filter(|h| h.0 == 3) {
            body.attachment_list.push(Attachment { number: Some(value), title: rest.trim().to_string() });
            continue;
        }
        if let Some(n) = appendix_mark(t) {
            close_all(&mut stack, &mut body.sections);
            if let Some(a) = appendix.take() {
                body.appendices.push(a);
            }
            appendix = Some(Appendix {
                number: n.and_then(cn_number),
                title: String::new(),
                line: l.no,
                paragraphs: Vec::new(),
            });
            appendix_wants_title = true;
            continue;
        }
        if let Some(a) = appendix.as_mut() {
            if appendix_wants_title && a.title.is_empty() && title_like(t) {
                a.title = t.to_string();
            } else {
                a.paragraphs.push(t.to_string());
                body.paragraphs.push(Para { kind: Some(SectionKind::Projects), line: l.no, text: t });
            }
            appendix_wants_title = false;
            last_text = Some((l.no, t));
            continue;
        }
        let mut t = t;
        loop {
            let found = heading_parts(t).or_else(|| {
                let h = sequel_heading(t, &stack)?;
                diags.info(
                    "sections.number_guessed",
                    Some(l.no),
                    format!("\"{}\" read as item {} (the number after the item before it, without its dot)", h.1, h.2),
                );
                Some(h)
            });
            if let Some((level, n, _, rest)) = found {
                while stack.last().is_some_and(|s| s.level >= level) {
                    close_one(&mut stack, &mut body.sections);
                }
                let (mut title, mut para) = split_title_str(rest);
                if para.is_none()
                    && level <= 2
                    && let Some(w) = glued_section_word(title)
                {
                    diags.info(
                        "sections.heading_glued",
                        Some(l.no),
                        format!("heading \"{w}\" glued to its text: split after it"),
                    );
                    para = Some(title[w.len()..].trim_start_matches(['，', ',', ' ']));
                    title = w;
                }
                let kind = match stack.first() {
                    Some(top) => top.kind,
                    None => kind_of(title),
                };
                let mut s = Section {
                    number: numbering_text(level, n),
                    level,
                    title: title.to_string(),
                    kind,
                    line: l.no,
                    paragraphs: Vec::new(),
                    children: Vec::new(),
                };
                if let Some(p) = para {
                    body.paragraphs.push(Para { kind: Some(kind), line: l.no, text: p });
                    s.paragraphs.push(p.to_string());
                }
                stack.push(s);
                last_text = None;
                break;
            }
            // The next top-level heading run into this paragraph after a stop ("…达标。二、重点项目全年…").
            if let Some(at) = run_on_heading(t, &stack, &body.sections) {
                let (before, after) = t.split_at(at);
                diags.info("sections.heading_run_on", Some(l.no), format!("a heading run into the paragraph: {after}"));
                let kind = stack.first().map(|s| s.kind);
                body.paragraphs.push(Para { kind, line: l.no, text: before });
                match stack.last_mut() {
                    Some(s) => s.paragraphs.push(before.to_string()),
                    None => body.preamble.push(before.to_string()),
                }
                t = after;
                continue;
            }
            let kind = stack.first().map(|s| s.kind);
            body.paragraphs.push(Para { kind, line: l.no, text: t });
            match stack.last_mut() {
                Some(s) => s.paragraphs.push(t.to_string()),
                None => body.preamble.push(t.to_string()),
            }
            last_text = title_like(t).then_some((l.no, t));
            break;
        }
    }
    close_all(&mut stack, &mut body.sections);
    if let Some(a) = appendix.take() {
        body.appendices.push(a);
    }
    body
}

/// A page's running header printed into the text ("某县政府公报  2020年第5期" between the halves of a sentence): a
/// short line without sentence punctuation that stands at least once between a line that stops mid-sentence and
/// its continuation, and that the text repeats (a running header comes back on every page). Folded texts.
fn running_headers(items: &[Item]) -> Vec<String> {
    let texts: Vec<&str> = items
        .iter()
        .filter_map(|it| match it {
            Item::Text(l) if !l.is_blank() => Some(l.trimmed()),
            _ => None,
        })
        .collect();
    let candidate = |t: &str| {
        t.chars().count() <= 40
            && !t.contains(['。', '，', '；', '：', '？', '！', ',', ';', ':'])
            && heading_level(t).is_none()
    };
    let mut out: Vec<String> = Vec::new();
    for w in texts.windows(3) {
        let (before, t, after) = (w[0], w[1], w[2]);
        // Cheap tests first: this looks at every line of the plan.
        let stops_mid = before.len() > 30
            && !before.ends_with(['。', '；', '：', '！', '？', '）', ')', '”', '」', ';', ':', '.'])
            && heading_level(before).is_none();
        // A running header repeats as it is: counted by plain comparison, folded only when kept.
        if t.len() <= 120
            && stops_mid
            && candidate(t)
            && heading_level(after).is_none()
            && texts.iter().filter(|x| **x == t).count() >= 2
        {
            let f = fold(t);
            if !out.contains(&f) {
                out.push(f);
            }
        }
    }
    out
}

/// The titles of a plan's usual sections, for a heading glued to its paragraph without a stop
/// ("一、总体要求坚持…"): general words of the genre, not of one document.
const SECTION_WORDS: &[&str] = &[
    "指导思想",
    "总体要求",
    "总体思路",
    "总体目标",
    "工作目标",
    "主要目标",
    "目标任务",
    "基本原则",
    "工作原则",
    "主要指标",
    "建设指标",
    "重点任务",
    "主要任务",
    "工作任务",
    "重点工作",
    "主要工作",
    "工作措施",
    "重点工程",
    "重点项目",
    "保障措施",
    "组织实施",
    "工作要求",
    "实施步骤",
    "工作步骤",
    "职责分工",
    "工作安排",
];

/// The section word a long heading starts with, when more text follows it.
fn glued_section_word(title: &str) -> Option<&str> {
    if title.chars().count() <= 12 {
        return None;
    }
    let f = fold_simplified(title);
    let w = SECTION_WORDS.iter().find(|w| f.starts_with(*w))?;
    // The word's length in `title`: as many characters as the word has.
    let end = title.char_indices().nth(w.chars().count()).map(|(i, _)| i)?;
    Some(&title[..end])
}

/// Where the next top-level heading starts inside a paragraph line: right after a 。, the numeral after the
/// open top-level section's, 、, and a section word ("…达标。二、重点项目…").
fn run_on_heading(t: &str, stack: &[Section], done: &[Section]) -> Option<usize> {
    // Cheap test first (this is asked of every paragraph line): a 。 followed by a Chinese numeral.
    if !t.match_indices('。').any(|(p, m)| t[p + m.len()..].starts_with(is_cn_numeral)) {
        return None;
    }
    let top = stack.iter().find(|s| s.level == 1).or(done.last().filter(|s| s.level == 1))?;
    let next = cn_number(top.number.trim_end_matches('、'))? + 1;
    let needle = format!("。{}、", cn_numeral(next)?);
    let mut from = 0;
    while let Some(p) = t[from..].find(needle.as_str()).map(|p| from + p + '。'.len_utf8()) {
        let after = &t[p + needle.len() - '。'.len_utf8()..];
        if SECTION_WORDS.iter().any(|w| fold_simplified(after).starts_with(w)) {
            return Some(p);
        }
        from = p;
    }
    None
}

/// 1..=99 in Chinese numerals (一, 十二, 二十三).
fn cn_numeral(n: u32) -> Option<String> {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    Some(match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        20..=99 => {
            let (t, u) = ((n / 10) as usize, (n % 10) as usize);
            if u == 0 { format!("{}十", D[t]) } else { format!("{}十{}", D[t], D[u]) }
        }
        _ => return None,
    })
}

/// An item whose number lost its dot ("5建立…", "4 开展…"), read as the item after the open item of level 3
/// before it: the number must be that item's plus one, and a word (not a measure: "5个") must follow it.
fn sequel_heading<'t>(t: &'t str, stack: &[Section]) -> Option<(u8, &'t str, u32, &'t str)> {
    let prev = stack.iter().rev().find(|s| s.level == 3)?;
    let v: u32 = prev.number.trim_end_matches(['．', '.', '、']).parse().ok()?;
    let run = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    if run == 0 || run > 2 || t[..run].parse::<u32>().ok()? != v + 1 {
        return None;
    }
    let rest = t[run..].trim_start();
    let first = rest.chars().next()?;
    const MEASURES: &str = "个年月日万亿元家项条座名人次台辆吨亩公千米号天倍批所户处只株头届期类级种位";
    (crate::text::is_han(first) && !MEASURES.contains(first)).then_some((3, &t[..run], v + 1, rest))
}

/// The 目录 (目錄, 目  录) line that opens a table of contents.
fn is_toc_mark(t: &str) -> bool {
    t.len() <= 24 && fold_simplified(t) == "目录"
}

/// A table-of-contents entry without its dot leader and page number: "一、总体要求……1" → "一、总体要求".
fn toc_entry(f: &str) -> &str {
    f.trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches(['…', '.', '·', '-', '—', '－', '_', ' ', '\u{2024}', '\u{2025}', '⋯'])
}

fn close_one(stack: &mut Vec<Section>, roots: &mut Vec<Section>) {
    if let Some(s) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(s),
            None => roots.push(s),
        }
    }
}

fn close_all(stack: &mut Vec<Section>, roots: &mut Vec<Section>) {
    while !stack.is_empty() {
        close_one(stack, roots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_marks() {
        assert_eq!(appendix_mark("附件"), Some(None));
        assert_eq!(appendix_mark("附 件 2"), Some(Some("2")));
        assert_eq!(appendix_mark("附件十二"), Some(Some("十二")));
        assert_eq!(appendix_mark("附件：1．甲"), None);
        assert_eq!(appendix_mark("附件123"), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("制定依据和背景"), SectionKind::Basis);
        assert_eq!(kind_of("总体目标"), SectionKind::Goals);
        assert_eq!(kind_of("总体要求"), SectionKind::Goals);
        assert_eq!(kind_of("目标任务"), SectionKind::Goals);
        assert_eq!(kind_of("建设指标"), SectionKind::Indicators);
        assert_eq!(kind_of("重点任务"), SectionKind::Tasks);
        assert_eq!(kind_of("重点工作"), SectionKind::Tasks);
        assert_eq!(kind_of("重点工程"), SectionKind::Projects);
        assert_eq!(kind_of("重点项目"), SectionKind::Projects);
        assert_eq!(kind_of("保障措施"), SectionKind::Safeguards);
        assert_eq!(kind_of("组织实施"), SectionKind::Safeguards);
        assert_eq!(kind_of("其他事项"), SectionKind::Other);
    }

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.split('\n').enumerate().map(|(i, t)| Line { no: i + 1, text: t.into() }).collect()
    }

    #[test]
    fn tree_with_missing_level_and_toc() {
        let ls = lines(
            "某计划\n\n目录\n一、目标\n二、任务\n\n一、目标\n正文。\n二、任务\n1．甲。内容。\n（1）细\n（一）组\n2．乙\n附件：附表",
        );
        let items: Vec<Item> = ls.iter().map(Item::Text).collect();
        let mut d = Diags::default();
        let b = read(&items, &mut d);
        assert_eq!(b.title.as_deref(), Some("某计划"));
        assert_eq!(b.sections.len(), 2);
        assert_eq!(b.sections[0].paragraphs, ["正文。"]);
        let t = &b.sections[1];
        assert_eq!(t.kind, SectionKind::Tasks);
        assert_eq!(t.children.len(), 2);
        assert_eq!(t.children[0].title, "甲");
        assert_eq!(t.children[0].paragraphs, ["内容。"]);
        assert_eq!(t.children[0].children[0].title, "细");
        assert_eq!(t.children[1].children[0].title, "乙");
        assert_eq!(b.attachment_list[0].title, "附表");
        assert!(d.0.iter().any(|x| x.code == "sections.toc"));
    }

    fn read_text(text: &str) -> (Body<'static>, Diags) {
        let text: &'static str = Box::leak(text.to_string().into_boxed_str());
        let ls: &'static [Line<'static>] = Box::leak(lines(text).into_boxed_slice());
        let items: Vec<Item> = ls.iter().map(Item::Text).collect();
        let mut d = Diags::default();
        (read(&items, &mut d), d)
    }

    #[test]
    fn trailer_and_attachment_mark_before_the_plan_and_a_dotted_toc() {
        let (b, d) = read_text(
            "抄送：县委办公室。\n某县办公室    2023年3月17日印发\n\n附件1\n\n某县2023年方案\n\n目  录\n一、总体要求……1\n二、重点任务……3\n一、总体要求\n甲。\n二、重点任务\n1．乙。",
        );
        assert_eq!(b.trailer.len(), 2);
        assert_eq!(b.title.as_deref(), Some("某县2023年方案"));
        assert_eq!(b.sections.len(), 2);
        assert_eq!(b.sections[1].children.len(), 1);
        assert!(d.0.iter().any(|x| x.code == "sections.toc"));
    }

    #[test]
    fn chapters_glued_run_on_and_dotless_numbers() {
        let (b, d) = read_text(
            "第一章 总体要求\n第一条 为了某事，制定本方案。\n第二章 重点任务\n第二条 甲。\n一、总体要求坚持统筹推进各项工作不断深化\n正文到此。二、重点任务全年实施三项重点工程建设\n1．甲。\n2 乙。\n3丙。\n4个乡镇完成。",
        );
        let top: Vec<(&str, &str)> = b.sections.iter().map(|s| (s.number.as_str(), s.title.as_str())).collect();
        assert_eq!(top, [("第一章", "总体要求"), ("第二章", "重点任务")]);
        assert_eq!(b.sections[0].level, 0);
        assert_eq!(b.sections[1].children[0].number, "第二条");
        let inner = &b.sections[1].children[1];
        assert_eq!((inner.number.as_str(), inner.title.as_str()), ("一、", "总体要求"));
        let run_on = &b.sections[1].children[2];
        assert_eq!(run_on.title, "重点任务");
        let items: Vec<&str> = run_on.children.iter().map(|s| s.number.as_str()).collect();
        assert_eq!(items, ["1．", "2．", "3．"]);
        assert_eq!(run_on.children[2].paragraphs, ["4个乡镇完成。"]);
        for code in ["sections.heading_glued", "sections.heading_run_on", "sections.number_guessed"] {
            assert!(d.0.iter().any(|x| x.code == code), "{code}");
        }
    }

    #[test]
    fn a_running_header_inside_a_sentence_is_set_aside_when_it_repeats() {
        let (b, d) = read_text(
            "一、目标\n湖泊水质稳定达标，湖泊水域面积不\n某县公报 第5期\n减少。\n二、任务\n1．整治岸线。清理违法建筑和违规种养\n某县公报 第5期\n殖设施。\n某县公报 第5期",
        );
        assert_eq!(b.sections[0].paragraphs, ["湖泊水质稳定达标，湖泊水域面积不", "减少。"]);
        assert!(d.0.iter().any(|x| x.code == "sections.page_header"));
        let (b, _) = read_text("一、目标\n湖泊水域面积不\n某县公报 第5期\n减少。");
        assert_eq!(b.sections[0].paragraphs.len(), 3, "printed once: kept");
    }
}
