//! Tasks: the task sections of the tree → one record per numbered task (a group with no numbered items
//! is itself one task), with the departments of every (责任部门：…) / (牵头单位：…；配合单位：…) it holds.

use crate::departments;
use crate::model::{Diags, Section, SectionKind, Task};
use crate::text::{content_id, static_re, uniquify};
use regex::Regex;
use std::sync::LazyLock;

const LABEL_WORDS: &str = r"(?:责任|牵头|配合|主责|负责|协办|参与|主办)(?:部门|单位|处室|主体)?";

/// A label that introduces departments: 责任部门： 牵头单位： 配合单位： …
static LABEL: LazyLock<Regex> = LazyLock::new(|| static_re(&format!(r"(?P<label>{LABEL_WORDS})\s*[：:]")));

/// "（责任部门：…）", "（牵头单位：…；配合单位：…）", "（责任单位：甲，配合单位：乙）".
static CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| static_re(&format!(r"[（(]\s*(?P<inner>{LABEL_WORDS}\s*[：:][^（）()]*)[）)]")));

/// A paragraph that is only a label and names: "责任单位：区水务局".
static LINE_CLAUSE: LazyLock<Regex> = LazyLock::new(|| static_re(&format!(r"^\s*(?P<inner>{LABEL_WORDS}\s*[：:].*)$")));

/// A LINE_CLAUSE match; the line must start with the first character of a label word (责 牵 配 主 负 协 参),
/// which is tested first.
fn line_clause(line: &str) -> Option<regex::Captures<'_>> {
    if !line.trim_start().starts_with(['责', '牵', '配', '主', '负', '协', '参']) {
        return None;
    }
    LINE_CLAUSE.captures(line)
}

/// "（区生态环境局牵头，区水务局、区林业局配合）": every part ends with a role word.
static ROLE_CLAUSE: LazyLock<Regex> = LazyLock::new(|| static_re(r"[（(](?P<inner>[^（）()：:]{2,}?)[）)]"));

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
        let labels: Vec<regex::Captures> = LABEL.captures_iter(inner).collect();
        for (k, c) in labels.iter().enumerate() {
            let (Some(all), Some(label)) = (c.get(0), c.name("label")) else { continue };
            let end = labels.get(k + 1).and_then(|n| n.get(0)).map(|m| m.start()).unwrap_or(inner.len());
            let names = inner[all.end()..end]
                .trim_matches(|ch: char| matches!(ch, '，' | ',' | '；' | ';' | '。') || ch.is_whitespace());
            self.add(names, SUPPORT_ROLES.iter().any(|w| label.as_str().contains(w)));
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
        if let Some(c) = line_clause(line) {
            f.labelled(&c["inner"]);
            continue;
        }
        for c in CLAUSE.captures_iter(line) {
            f.labelled(&c["inner"]);
        }
        for c in ROLE_CLAUSE.captures_iter(line) {
            f.roles(&c["inner"]);
        }
    }
    (f.lead, f.support, f.guessed)
}

/// The text without the department clauses it names (they are in the task's department fields).
fn strip_clauses(text: &str) -> String {
    if line_clause(text).is_some() {
        return String::new();
    }
    let t = CLAUSE.replace_all(text, "");
    let t =
        ROLE_CLAUSE.replace_all(
            &t,
            |c: &regex::Captures| {
                if Found::default().roles(&c["inner"]) { String::new() } else { c[0].to_string() }
            },
        );
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
