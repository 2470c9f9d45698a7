//! Tasks: the task sections of the tree → one record per numbered task (a group with no numbered items
//! is itself one task), with the departments of every (责任部门：…) / (牵头单位：…；配合单位：…) it holds.

use crate::departments;
use crate::model::{Diags, Section, SectionKind, Task};
use crate::text::{content_id, uniquify};

/// Words that open a department label (责任部门： 牵头单位： 配合单位： …), each optionally followed by
/// one of [`LABEL_TAILS`], then optional whitespace and a colon.
const LABEL_HEADS: &[&str] = &["责任", "牵头", "配合", "主责", "负责", "协办", "参与", "主办"];
const LABEL_TAILS: &[&str] = &["部门", "单位", "处室", "主体"];

/// A department label at the start of `s`: (length of the label words, length up to and with the colon).
fn label_at(s: &str) -> Option<(usize, usize)> {
    let head = LABEL_HEADS.iter().find(|w| s.starts_with(*w))?;
    let mut label = head.len();
    if let Some(tail) = LABEL_TAILS.iter().find(|w| s[label..].starts_with(*w)) {
        label += tail.len();
    }
    let rest = &s[label..];
    let after_space = rest.trim_start();
    let colon = after_space.chars().next().filter(|c| matches!(c, '：' | ':'))?;
    Some((label, s.len() - after_space.len() + colon.len_utf8()))
}

/// Every label in `s`, left to right, not overlapping: (start, label end, colon end).
fn labels(s: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s[from..].find(|c| LABEL_HEADS.iter().any(|w| w.starts_with(c))).map(|i| i + from) {
        match label_at(&s[i..]) {
            Some((label, end)) => {
                out.push((i, i + label, i + end));
                from = i + end;
            }
            None => from = i + s[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// A paragraph that is only a label and names ("责任单位：区水务局"): the text from the label on.
/// Leading whitespace (newlines too) is skipped; the rest must be one line.
fn line_clause(text: &str) -> Option<&str> {
    let t = text.trim_start();
    (label_at(t).is_some() && !t.contains('\n')).then_some(t)
}

/// Every bracketed group with no bracket inside, left to right: (start of the open bracket, end of the
/// close bracket, the text between). Brackets are ( ) and the full-width （ ）, found byte by byte.
fn groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let b = line.as_bytes();
    let (mut i, mut open) = (0, None);
    std::iter::from_fn(move || {
        while i < b.len() {
            // '(' ')' or the UTF-8 of '（' (EF BC 88) and '）' (EF BC 89).
            let (is_open, len) = match b[i] {
                b'(' => (true, 1),
                b')' => (false, 1),
                0xEF if b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x88 | 0x89)) => {
                    (b[i + 2] == 0x88, 3)
                }
                _ => {
                    i += 1;
                    continue;
                }
            };
            let at = i;
            i += len;
            if is_open {
                open = Some((at, i));
            } else if let Some((start, inner)) = open.take() {
                return Some((start, i, &line[inner..at]));
            }
        }
        None
    })
}

/// "（责任部门：…）", "（牵头单位：…；配合单位：…）": a group that starts (after whitespace) with a label.
/// Returns the group's span and its text from the label on.
fn clause_groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    groups(line).filter_map(|(a, b, inner)| {
        let t = inner.trim_start();
        label_at(t).map(|_| (a, b, t))
    })
}

/// "（区生态环境局牵头，区水务局、区林业局配合）": a group of at least two characters and no colon.
fn role_groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    groups(line).filter(|(_, _, inner)| !inner.contains(['：', ':']) && inner.chars().nth(1).is_some())
}

/// `text` without the given spans (in order, not overlapping).
fn remove_spans<'a>(text: &str, spans: impl Iterator<Item = (usize, usize, &'a str)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (a, b, _) in spans {
        out.push_str(&text[last..a]);
        last = b;
    }
    out.push_str(&text[last..]);
    out
}

const LEAD_ROLES: &[&str] = &["牵头负责", "牵头", "负责", "主责", "主办"];
const SUPPORT_ROLES: &[&str] = &["配合", "参与", "协助", "协办"];

#[derive(Default)]
struct Found {
    lead: Vec<String>,
    support: Vec<String>,
    guessed: bool,
}

impl Found {
    fn add(&mut self, names: &str, support: bool) {
        let split = departments::split(names);
        self.guessed |= split.guessed;
        let target = if support { &mut self.support } else { &mut self.lead };
        for n in split.names {
            if !target.contains(&n) {
                target.push(n);
            }
        }
    }

    /// "牵头单位：甲；配合单位：乙、丙" — the names between one label and the next.
    fn labelled(&mut self, inner: &str) {
        let labels = labels(inner);
        for (k, &(start, label_end, end)) in labels.iter().enumerate() {
            let next = labels.get(k + 1).map_or(inner.len(), |n| n.0);
            let names = inner[end..next]
                .trim_matches(|ch: char| matches!(ch, '，' | ',' | '；' | ';' | '。') || ch.is_whitespace());
            self.add(names, SUPPORT_ROLES.iter().any(|w| inner[start..label_end].contains(w)));
        }
    }

    /// "区生态环境局牵头，区水务局配合": true when every part ends with a role word.
    fn roles(&mut self, inner: &str) -> bool {
        let parts: Vec<&str> = inner.split(['，', ',', '；', ';']).map(str::trim).filter(|p| !p.is_empty()).collect();
        let mut found = Vec::new();
        for p in &parts {
            let lead = LEAD_ROLES.iter().find_map(|w| p.strip_suffix(w)).map(|n| (n, false));
            let support = SUPPORT_ROLES.iter().find_map(|w| p.strip_suffix(w)).map(|n| (n, true));
            match lead.or(support) {
                Some((names, sup)) if !names.trim().is_empty() => found.push((names, sup)),
                _ => return false,
            }
        }
        for (names, sup) in &found {
            self.add(names, *sup);
        }
        !found.is_empty()
    }
}

/// Departments named in one text: (lead, support, split by shape).
pub fn clauses(text: &str) -> (Vec<String>, Vec<String>, bool) {
    let mut f = Found::default();
    for line in text.lines() {
        if let Some(inner) = line_clause(line) {
            f.labelled(inner);
            continue;
        }
        for (_, _, inner) in clause_groups(line) {
            f.labelled(inner);
        }
        for (_, _, inner) in role_groups(line) {
            f.roles(inner);
        }
    }
    (f.lead, f.support, f.guessed)
}

/// The text without the department clauses it names (they are in the task's department fields).
fn strip_clauses(text: &str) -> String {
    if line_clause(text).is_some() {
        return String::new();
    }
    let t = remove_spans(text, clause_groups(text));
    let t = remove_spans(&t, role_groups(&t).filter(|(_, _, inner)| Found::default().roles(inner)));
    t.trim().to_string()
}

pub fn extract(sections: &[Section], diags: &mut Diags) -> Vec<Task> {
    let mut out = Vec::new();
    for s in sections.iter().filter(|s| s.kind == SectionKind::Tasks) {
        let mut found = false;
        for child in &s.children {
            found = true;
            if child.level == 2 && !child.children.is_empty() {
                for item in &child.children {
                    out.push(task(item, Some(child), diags));
                }
            } else if child.level == 2 {
                out.push(task(child, Some(child), diags));
            } else {
                out.push(task(child, None, diags));
            }
        }
        if !found {
            diags.warn("tasks.none", Some(s.line), format!("task section \"{}\" has no numbered tasks", s.title));
        }
    }
    let mut ids: Vec<String> = out.iter().map(|t: &Task| t.id.clone()).collect();
    uniquify(&mut ids);
    for (t, id) in out.iter_mut().zip(ids) {
        t.id = id;
    }
    out
}

fn task(item: &Section, group: Option<&Section>, diags: &mut Diags) -> Task {
    let mut texts: Vec<String> = item.paragraphs.clone();
    // Deeper items (（1）…) are part of the task's text.
    fn deeper(s: &Section, into: &mut Vec<String>) {
        for c in &s.children {
            into.push(format!("{}{}", c.number, c.title));
            into.extend(c.paragraphs.iter().cloned());
            deeper(c, into);
        }
    }
    if group.is_none_or(|g| !std::ptr::eq(g, item)) {
        deeper(item, &mut texts);
    }
    let all = std::iter::once(item.title.clone()).chain(texts.iter().cloned()).collect::<Vec<_>>().join("\n");
    let (lead, support, guessed) = clauses(&all);
    if guessed {
        diags.info("departments.split_guessed", Some(item.line), "departments run together were split by name shape");
    }
    if lead.is_empty() && support.is_empty() {
        diags.warn(
            "task.no_departments",
            Some(item.line),
            format!("task \"{}\" names no responsible department", item.title),
        );
    }
    let mut departments = lead.clone();
    for d in &support {
        if !departments.contains(d) {
            departments.push(d.clone());
        }
    }
    let text = texts.iter().map(|t| strip_clauses(t)).filter(|t| !t.is_empty()).collect::<Vec<_>>().join("\n");
    let is_group_task = group.is_some_and(|g| std::ptr::eq(g, item));
    Task {
        id: content_id("task", &item.title),
        group: group.map(|g| g.title.clone()),
        group_number: group.and_then(|g| crate::text::cn_number(g.number.trim_matches(['（', '）']))),
        number: if is_group_task || item.level == 2 { None } else { item.number.trim_end_matches('．').parse().ok() },
        title: item.title.clone(),
        text,
        departments,
        lead_departments: lead,
        support_departments: support,
        line: item.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_forms() {
        let (l, s, _) = clauses("正文。（责任部门：区水务局、区城市管理委）");
        assert_eq!((l, s.len()), (vec!["区水务局".to_string(), "区城市管理委".to_string()], 0));
        let (l, s, _) = clauses("正文。(牵头单位:市生态环境局青溪分局;配合单位:区住房城乡建设委、市公安局青溪分局)");
        assert_eq!(l, ["市生态环境局青溪分局"]);
        assert_eq!(s, ["区住房城乡建设委", "市公安局青溪分局"]);
        assert_eq!(strip_clauses("做好工作。（责任部门：区水务局）"), "做好工作。");
        let (l, s, _) = clauses("正文。（责任单位：区水务局，配合单位：区林业局、区财政局）");
        assert_eq!((l, s), (vec!["区水务局".to_string()], vec!["区林业局".to_string(), "区财政局".to_string()]));
        let (l, s, _) = clauses("正文。\n责任单位：区教育局");
        assert_eq!((l, s.len()), (vec!["区教育局".to_string()], 0));
        let (l, s, _) = clauses("做好工作（区生态环境局牵头，区水务局、区林业局配合）。");
        assert_eq!(l, ["区生态环境局"]);
        assert_eq!(s, ["区水务局", "区林业局"]);
        assert_eq!(strip_clauses("做好工作（区生态环境局牵头，区水务局配合）。"), "做好工作。");
        // Ordinary brackets stay text.
        assert_eq!(clauses("推进细颗粒物（PM2.5）治理").0.len(), 0);
        assert_eq!(strip_clauses("推进细颗粒物（PM2.5）治理"), "推进细颗粒物（PM2.5）治理");
    }

    /// The scanners find exactly what the regexes they replaced found (run with the `regex` crate).
    #[test]
    fn scanners_match_the_regexes_they_replaced() {
        let words = r"(?:责任|牵头|配合|主责|负责|协办|参与|主办)(?:部门|单位|处室|主体)?";
        let clause = regex::Regex::new(&format!(r"[（(]\s*(?P<inner>{words}\s*[：:][^（）()]*)[）)]")).unwrap();
        let role = regex::Regex::new(r"[（(](?P<inner>[^（）()：:]{2,}?)[）)]").unwrap();
        let label = regex::Regex::new(&format!(r"(?P<label>{words})\s*[：:]")).unwrap();
        let line = regex::Regex::new(&format!(r"^\s*(?P<inner>{words}\s*[：:].*)$")).unwrap();
        let texts = [
            "做好工作（责任部门：区水务局）。（牵头单位: 甲；配合单位：乙）",
            "（（责任部门：甲）)（ 负责单位 ：乙(丙)）",
            "(甲牵头，乙配合)（x）（ab）（责任：）（主办单位：））（",
            "牵头单位：甲 配合单位：乙，责任单位 : 丙主责",
            "\n 责任单位：区教育局",
            "责任单位：甲\n乙",
            "推进细颗粒物（PM2.5）治理（区生态环境局负责）",
            "（\n责任部门：甲\n乙）",
        ];
        let spans = |it: &mut dyn Iterator<Item = (usize, usize, &str)>| {
            it.map(|(a, b, t)| (a, b, t.to_string())).collect::<Vec<_>>()
        };
        for t in texts {
            let want: Vec<_> = clause
                .captures_iter(t)
                .map(|c| (c.get(0).unwrap().start(), c.get(0).unwrap().end(), c["inner"].to_string()))
                .collect();
            assert_eq!(spans(&mut clause_groups(t)), want, "{t:?}");
            let want: Vec<_> = role
                .captures_iter(t)
                .map(|c| (c.get(0).unwrap().start(), c.get(0).unwrap().end(), c["inner"].to_string()))
                .collect();
            assert_eq!(spans(&mut role_groups(t)), want, "{t:?}");
            let want: Vec<_> = label
                .captures_iter(t)
                .map(|c| {
                    (c.get(0).unwrap().start(), c["label"].len() + c.get(0).unwrap().start(), c.get(0).unwrap().end())
                })
                .collect();
            assert_eq!(labels(t), want, "{t:?}");
            assert_eq!(line_clause(t), line.captures(t).map(|c| c.name("inner").unwrap().as_str()), "{t:?}");
        }
    }

    fn sec(level: u8, number: &str, title: &str, paras: &[&str], children: Vec<Section>) -> Section {
        Section {
            number: number.into(),
            level,
            title: title.into(),
            kind: SectionKind::Tasks,
            line: 1,
            paragraphs: paras.iter().map(|p| p.to_string()).collect(),
            children,
        }
    }

    #[test]
    fn groups_items_and_group_tasks() {
        let tree = vec![sec(
            1,
            "四、",
            "重点任务",
            &[],
            vec![
                sec(2, "（一）", "组一", &[], vec![sec(3, "1．", "甲", &["做甲。（责任部门：区水务局）"], vec![])]),
                sec(2, "（二）", "组二", &["做乙。（牵头单位：区林业局；配合单位：区财政局）"], vec![]),
                sec(
                    2,
                    "（三）",
                    "组三",
                    &[],
                    vec![sec(
                        3,
                        "1．",
                        "丙",
                        &["一段。（责任部门：区教育局）", "二段。（责任部门：区商务局）"],
                        vec![],
                    )],
                ),
            ],
        )];
        let t = extract(&tree, &mut Diags::default());
        assert_eq!(t.len(), 3);
        assert_eq!((t[0].group.as_deref(), t[0].group_number, t[0].number), (Some("组一"), Some(1), Some(1)));
        assert_eq!(t[0].text, "做甲。");
        assert_eq!((t[1].title.as_str(), t[1].number), ("组二", None));
        assert_eq!(t[1].departments, ["区林业局", "区财政局"]);
        assert_eq!(t[1].support_departments, ["区财政局"]);
        assert_eq!(t[2].departments, ["区教育局", "区商务局"]);
        assert_eq!(t[2].text, "一段。\n二段。");
    }
}
