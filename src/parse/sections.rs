//! Sections: the plan's text lines and tables (after the notice) → plan title, preamble, the nested
//! section tree (一、 （一） 1． （1）, full- or half-width) with a kind per section, table captions and
//! notes, the plan's 附件 list and attachments, and the 版记 lines.

use crate::model::{Appendix, Attachment, Diags, Section, SectionKind};
use crate::parse::notice;
use crate::pattern::{Regex, static_re};
use crate::read::headings::{heading_level, heading_parts, numbering_text, split_title_str};
use crate::read::lines::Line;
use crate::text::{cn_number, fold, fold_eq, join_parts, strip_markup};
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

pub fn kind_of(title: &str) -> SectionKind {
    let t = fold(title);
    let has = |w: &[&str]| w.iter().any(|x| t.contains(x));
    if has(&["依据", "背景", "指导思想", "编制说明"]) {
        SectionKind::Basis
    } else if has(&["指标"]) {
        SectionKind::Indicators
    } else if has(&["目标", "总体要求", "基本原则"]) {
        SectionKind::Goals
    } else if has(&["任务", "重点工作", "主要工作", "工作内容", "工作措施", "重点领域"]) {
        SectionKind::Tasks
    } else if has(&["工程", "项目"]) {
        SectionKind::Projects
    } else if has(&["保障", "措施", "组织实施", "工作要求"]) {
        SectionKind::Safeguards
    } else {
        SectionKind::Other
    }
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
    // A standalone 附件 marker right after the notice: the plan is the notice's attachment.
    if let Some(Item::Text(l)) = items.get(i)
        && appendix_mark(l.trimmed()).is_some()
    {
        i += 1;
        next_text(&mut i);
    }
    // The plan title: short lines, no sentence end, before the first heading.
    let mut title_parts = Vec::new();
    while let Some(Item::Text(l)) = items.get(i) {
        let t = l.trimmed();
        if t.is_empty() || !title_like(t) || fold_eq(t, "目录") || title_parts.len() >= 3 {
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
        && fold_eq(l.trimmed(), "目录")
    {
        let toc_line = l.no;
        let mut entries: Vec<String> = Vec::new();
        let mut j = i + 1;
        let mut end = None;
        while j < items.len() {
            if let Item::Text(l) = items[j] {
                let f = fold(l.trimmed());
                if !f.is_empty() {
                    if entries.first() == Some(&f) {
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
        if let Some((level, n, _, rest)) = heading_parts(t) {
            while stack.last().is_some_and(|s| s.level >= level) {
                close_one(&mut stack, &mut body.sections);
            }
            let (title, para) = split_title_str(rest);
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
            continue;
        }
        let kind = stack.first().map(|s| s.kind);
        body.paragraphs.push(Para { kind, line: l.no, text: t });
        match stack.last_mut() {
            Some(s) => s.paragraphs.push(t.to_string()),
            None => body.preamble.push(t.to_string()),
        }
        last_text = title_like(t).then_some((l.no, t));
    }
    close_all(&mut stack, &mut body.sections);
    if let Some(a) = appendix.take() {
        body.appendices.push(a);
    }
    body
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
}
