//! Tasks: the task sections of the tree → one record per numbered task (a group with no numbered items
//! is itself one task), with the departments of every (责任部门：…) / (牵头单位：…；配合单位：…) it holds and of
//! the responsibility lines under it (牵头单位：… / 配合单位：… / 责任单位：… / 完成时限：…), each in its role.

use crate::model::{Deadline, Diags, Section, SectionKind, Task};
use crate::parse::departments;
use crate::text::{content_id, uniquify};

/// Words that open a department label (责任部门： 牵头单位： 配合单位： …), each optionally followed by
/// one of [`LABEL_TAILS`], then optional whitespace and a colon.
const LABEL_HEADS: &[&str] = &["责任", "牵头", "配合", "主责", "负责", "协办", "参与", "主办"];
const LABEL_TAILS: &[&str] = &["部门", "单位", "处室", "主体"];
/// Labels of a deadline (完成时限：…): the text after one is the task's deadline, not departments.
const DEADLINE_LABELS: &[&str] = &["完成时限", "完成时间", "完成期限", "时间节点", "时限要求", "时间要求"];

/// A department or deadline label at the start of `s`: (length of the label words, length up to and with the
/// colon).
fn label_at(s: &str) -> Option<(usize, usize)> {
    // A label with Traditional characters (牽頭單位, 配合單位) is compared character by character as Simplified;
    // the usual, Simplified one by plain prefixes.
    let traditional = s.chars().take(6).any(|c| crate::text::simplified(c) != c);
    let prefix = |s: &str, w: &str| if traditional { prefix_len(s, w) } else { s.starts_with(w).then_some(w.len()) };
    let label = match DEADLINE_LABELS.iter().find_map(|w| prefix(s, w)) {
        Some(len) => len,
        None => {
            let mut label = LABEL_HEADS.iter().find_map(|w| prefix(s, w))?;
            if let Some(tail) = LABEL_TAILS.iter().find_map(|w| prefix(&s[label..], w)) {
                label += tail;
            }
            label
        }
    };
    let rest = &s[label..];
    let after_space = rest.trim_start();
    let colon = after_space.chars().next().filter(|c| matches!(c, '：' | ':'))?;
    Some((label, s.len() - after_space.len() + colon.len_utf8()))
}

/// The bytes of `s` that spell `word` (Simplified) at its start, its Traditional characters read as Simplified
/// (責任單位 is 责任单位).
fn prefix_len(s: &str, word: &str) -> Option<usize> {
    if s.starts_with(word) {
        return Some(word.len());
    }
    let mut len = 0;
    let mut chars = s.chars();
    for w in word.chars() {
        let c = chars.next()?;
        if crate::text::simplified(c) != w {
            return None;
        }
        len += c.len_utf8();
    }
    Some(len)
}

/// The first characters of [`LABEL_HEADS`] and [`DEADLINE_LABELS`] (checked by `label_head_firsts`), and their
/// Traditional forms: a `match` per character of the text instead of a comparison with every head.
fn is_label_head(c: char) -> bool {
    matches!(c, '责' | '牵' | '配' | '主' | '负' | '协' | '参' | '完' | '时' | '責' | '牽' | '負' | '協' | '參' | '時')
}

/// The role a label gives the names after it: 配合/协办/参与 support, 牵头/主办 lead, 责任/负责/主责 responsible;
/// None for a deadline label.
fn label_role(label: &str) -> Option<Role> {
    // Traditional labels (牽頭單位) are read as Simplified (copied only when they are Traditional).
    let simplified: String;
    let label = if label.chars().any(|c| crate::text::simplified(c) != c) {
        simplified = label.chars().map(crate::text::simplified).collect();
        simplified.as_str()
    } else {
        label
    };
    if DEADLINE_LABELS.contains(&label) {
        None
    } else if SUPPORT_ROLES.iter().any(|w| crate::text::contains_short(label, w)) {
        Some(Role::Support)
    } else if label.starts_with("牵头") || label.starts_with("主办") {
        Some(Role::Lead)
    } else {
        Some(Role::Responsible)
    }
}

/// The role a department is named in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Support,
    Responsible,
}

/// Every label in `s`, left to right, not overlapping: (start, label end, colon end).
fn labels(s: &str) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(i) = s[from..].find(is_label_head).map(|i| i + from) {
            match label_at(&s[i..]) {
                Some((label, end)) => {
                    from = i + end;
                    return Some((i, i + label, i + end));
                }
                None => from = i + s[i..].chars().next().map_or(1, char::len_utf8),
            }
        }
        None
    })
}

/// A paragraph that is only a label and names ("责任单位：区水务局"): the text from the label on.
/// Leading whitespace (newlines too) is skipped; the rest must be one line.
fn line_clause(text: &str) -> Option<&str> {
    let t = text.trim_start();
    (label_at(t).is_some() && !t.contains('\n')).then_some(t)
}

/// A bracketed group: (start of the open bracket, end of the close bracket, start and end of the text
/// between). Offsets, not slices, so that one buffer of them serves every text of a task.
type Span = (usize, usize, usize, usize);

/// Every bracketed group with no bracket inside, left to right. Brackets are ( ) and the full-width
/// （ ）. The text is searched (memchr, SIMD) for the bytes a bracket can begin with: '(', ')' and EF, the
/// lead byte of '（' (EF BC 88) and '）' (EF BC 89). None of the three is ever inside a character, so a
/// search may start anywhere; Chinese text between the brackets and punctuation is not stepped through.
/// (`char_indices` and a match cost 3.8% more instructions over the 1,000-notice archive: kept for the budget
/// of the whole round, bench/README.md "Scanners kept".)
fn group_spans(line: &str) -> impl Iterator<Item = Span> + '_ {
    let b = line.as_bytes();
    let (mut i, mut open) = (0, None);
    std::iter::from_fn(move || {
        while let Some(k) = b.get(i..).and_then(|rest| memchr::memchr3(b'(', b')', 0xEF, rest)) {
            let at = i + k;
            let (is_open, len) = match (b[at], b.get(at + 1), b.get(at + 2)) {
                (b'(', _, _) => (true, 1),
                (b')', _, _) => (false, 1),
                (_, Some(0xBC), Some(0x88)) => (true, 3),
                (_, Some(0xBC), Some(0x89)) => (false, 3),
                _ => {
                    // Another character of U+F000–U+FFFF (，：；…).
                    i = at + 1;
                    continue;
                }
            };
            i = at + len;
            if is_open {
                open = Some((at, i));
            } else if let Some((start, inner)) = open.take() {
                return Some((start, i, inner, at));
            }
        }
        None
    })
}

/// [`group_spans`] with the text between the brackets.
fn groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    group_spans(line).map(|(a, b, x, y)| (a, b, &line[x..y]))
}

/// The text of a clause group ("责任部门：…" of "（ 责任部门：…）") from the label on: a group that starts
/// (after whitespace) with a label.
fn clause_inner(inner: &str) -> Option<&str> {
    let t = inner.trim_start();
    label_at(t).map(|_| t)
}

/// A group that may hold roles: at least two characters and no colon.
fn is_role_group(inner: &str) -> bool {
    !inner.contains(['：', ':']) && inner.chars().nth(1).is_some()
}

/// "（区生态环境局牵头，区水务局、区林业局配合）": a group of at least two characters and no colon.
fn role_groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    groups(line).filter(|(_, _, inner)| is_role_group(inner))
}

/// Append `text` without the given spans (in order, not overlapping) to `out`.
fn push_without(out: &mut String, text: &str, spans: impl Iterator<Item = (usize, usize)>) {
    let mut last = 0;
    for (a, b) in spans {
        out.push_str(&text[last..a]);
        last = b;
    }
    out.push_str(&text[last..]);
}

const LEAD_ROLES: &[&str] = &["牵头负责", "牵头", "主办"];
const RESPONSIBLE_ROLES: &[&str] = &["负责", "主责"];
const SUPPORT_ROLES: &[&str] = &["配合", "参与", "协助", "协办"];

/// The parts of a role group ("区生态环境局牵头", "区水务局配合"), blank ones skipped.
fn role_parts(inner: &str) -> impl Iterator<Item = &str> {
    inner.split(['，', ',', '；', ';']).map(str::trim).filter(|p| !p.is_empty())
}

/// One part's names and the role its role word gives; None without a role word or a name.
fn role_part(p: &str) -> Option<(&str, Role)> {
    let lead = LEAD_ROLES.iter().find_map(|w| p.strip_suffix(w)).map(|n| (n, Role::Lead));
    let responsible = || RESPONSIBLE_ROLES.iter().find_map(|w| p.strip_suffix(w)).map(|n| (n, Role::Responsible));
    let support = || SUPPORT_ROLES.iter().find_map(|w| p.strip_suffix(w)).map(|n| (n, Role::Support));
    lead.or_else(responsible).or_else(support).filter(|(names, _)| !names.trim().is_empty())
}

/// "区生态环境局牵头，区水务局配合": every part (and at least one) ends with a role word after a name.
/// Decided without splitting any names, for [`strip_clauses`], which only removes such groups.
fn is_roles(inner: &str) -> bool {
    let mut any = false;
    for p in role_parts(inner) {
        if role_part(p).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// What a task's text says about who does it and by when.
#[derive(Debug, Default, PartialEq)]
pub struct Found {
    /// 牵头单位, and the names before 牵头 in a role group.
    pub lead: Vec<String>,
    /// 配合单位 / 协办单位 / 参与单位, and the names before 配合 in a role group.
    pub support: Vec<String>,
    /// 责任单位 / 责任部门 / 负责单位: named without saying who leads.
    pub responsible: Vec<String>,
    /// The text after 完成时限： (or 时间节点： …), as written.
    pub deadline: Option<String>,
    /// True when names were split by their shape alone.
    pub guessed: bool,
}

impl Found {
    /// The names of `names` not yet in the role's list, as [`departments::split`] finds them.
    fn add(&mut self, names: &str, role: Role) {
        let target = match role {
            Role::Lead => &mut self.lead,
            Role::Support => &mut self.support,
            Role::Responsible => &mut self.responsible,
        };
        self.guessed |= departments::merge_into(target, names);
    }

    /// "牵头单位：甲；配合单位：乙、丙" — the names between one label and the next.
    fn labelled(&mut self, inner: &str) {
        let mut labels = labels(inner).peekable();
        while let Some((start, label_end, end)) = labels.next() {
            let next = labels.peek().map_or(inner.len(), |n| n.0);
            let names = inner[end..next]
                .trim_matches(|ch: char| matches!(ch, '，' | ',' | '；' | ';' | '。') || ch.is_whitespace());
            match label_role(&inner[start..label_end]) {
                Some(role) => self.add(names, role),
                None if !names.is_empty() => self.deadline = Some(names.to_string()),
                None => {}
            }
        }
    }

    /// "区生态环境局牵头，区水务局配合": true when every part ends with a role word.
    fn roles(&mut self, inner: &str) -> bool {
        // Checked whole first (nothing is added from a group with one part that is not a role), then
        // walked again to add: the parts are slices, re-found instead of collected.
        if !is_roles(inner) {
            return false;
        }
        for (names, role) in role_parts(inner).filter_map(role_part) {
            self.add(names, role);
        }
        true
    }
}

/// Departments (in their roles) and the deadline named in one text.
pub fn clauses(text: &str) -> Found {
    clauses_in(text, &mut Scan::default())
}

/// The groups found in the lines of a task's text, kept for stripping its texts afterwards: most texts
/// are one line, whose groups need not be found twice. The buffers are reused from task to task.
#[derive(Default)]
struct Scan {
    /// Each line scanned for groups: its start and end in the text, and its groups' range in `spans`.
    lines: Vec<(usize, usize, usize, usize)>,
    /// The groups of the lines, each relative to its line.
    spans: Vec<Span>,
    /// The groups of a text that is not one line of the lines scanned.
    own: Vec<Span>,
    /// The texts of the task being read (taken out while it is read, put back after).
    texts: Texts,
}

/// [`clauses`], leaving the groups of the text's lines in `scan`.
fn clauses_in(text: &str, scan: &mut Scan) -> Found {
    let mut f = Found::default();
    scan.lines.clear();
    scan.spans.clear();
    for line in text.lines() {
        if let Some(inner) = line_clause(line) {
            f.labelled(inner);
            continue;
        }
        // Each line's groups, found in one scan and read twice: its clauses are added before its roles.
        let from = scan.spans.len();
        scan.spans.extend(group_spans(line));
        let spans = &scan.spans[from..];
        for &(_, _, x, y) in spans {
            if let Some(inner) = clause_inner(&line[x..y]) {
                f.labelled(inner);
            }
        }
        for &(_, _, x, y) in spans {
            if is_role_group(&line[x..y]) {
                f.roles(&line[x..y]);
            }
        }
        // `lines` yields slices of `text`: the offset is where this one starts.
        let at = line.as_ptr() as usize - text.as_ptr() as usize;
        scan.lines.push((at, at + line.len(), from, scan.spans.len()));
    }
    f
}

/// Append the text without the department clauses it names (they are in the task's department fields),
/// trimmed, to `out`. `spans` are the text's groups ([`group_spans`]); a text that is a clause line
/// ([`line_clause`]) is the caller's to leave out.
fn strip_clauses(text: &str, spans: &[Span], out: &mut String) {
    let is_clause = |&&(_, _, x, y): &&Span| clause_inner(&text[x..y]).is_some();
    let start = out.len();
    if spans.iter().any(|s| is_clause(&s)) {
        // Role groups are looked for after the clause groups are gone: removing "（责任部门：…）" from
        // "（甲（责任部门：…）乙）" leaves a group that was not one before.
        let mut t = String::with_capacity(text.len());
        push_without(&mut t, text, spans.iter().filter(is_clause).map(|&(a, b, _, _)| (a, b)));
        let roles = role_groups(&t).filter(|(_, _, inner)| is_roles(inner)).map(|(a, b, _)| (a, b));
        push_without(out, &t, roles);
    } else {
        // No clause removed: the role groups are among the groups already found.
        let roles = spans.iter().filter(|&&(_, _, x, y)| is_role_group(&text[x..y]) && is_roles(&text[x..y]));
        push_without(out, text, roles.map(|&(a, b, _, _)| (a, b)));
    }
    let end = start + out[start..].trim_end().len();
    out.truncate(end);
    let lead = out.len() - start - out[start..].trim_start().len();
    out.drain(start..start + lead);
}

pub fn extract(sections: &[Section], diags: &mut Diags) -> Vec<Task> {
    let mut out = Vec::new();
    let mut scan = Scan::default();
    for s in sections.iter().filter(|s| s.kind == SectionKind::Tasks) {
        let mut found = false;
        for child in &s.children {
            found = true;
            if child.level == 2 && !child.children.is_empty() {
                for item in &child.children {
                    out.push(task(item, Some(child), diags, &mut scan));
                }
            } else if child.level == 2 {
                out.push(task(child, Some(child), diags, &mut scan));
            } else {
                out.push(task(child, None, diags, &mut scan));
            }
        }
        if !found {
            diags.warn("tasks.none", Some(s.line), format!("task section \"{}\" has no numbered tasks", s.title));
        }
    }
    uniquify(out.iter_mut().map(|t: &mut Task| &mut t.id));
    out
}

/// The task's texts (its paragraphs, then each deeper item's heading and paragraphs), each after a line
/// break, appended to `all`, with their spans in it.
#[derive(Default)]
struct Texts {
    all: String,
    spans: Vec<(usize, usize)>,
}

impl Texts {
    fn push(&mut self, parts: &[&str]) {
        self.all.push('\n');
        let start = self.all.len();
        for p in parts {
            self.all.push_str(p);
        }
        self.spans.push((start, self.all.len()));
    }

    /// Deeper items (（1）…) are part of the task's text.
    fn deeper(&mut self, s: &Section) {
        for c in &s.children {
            self.push(&[&c.number, &c.title]);
            for p in &c.paragraphs {
                self.push(&[p]);
            }
            self.deeper(c);
        }
    }
}

fn task(item: &Section, group: Option<&Section>, diags: &mut Diags, scan: &mut Scan) -> Task {
    // The title and the texts joined by line breaks, built once: the texts are read back as its slices.
    let mut texts = std::mem::take(&mut scan.texts);
    texts.all.clear();
    texts.all.push_str(&item.title);
    texts.spans.clear();
    for p in &item.paragraphs {
        texts.push(&[p]);
    }
    if group.is_none_or(|g| !std::ptr::eq(g, item)) {
        texts.deeper(item);
    }
    let found = clauses_in(&texts.all, scan);
    if found.guessed {
        diags.info("departments.split_guessed", Some(item.line), "departments run together were split by name shape");
    }
    // The stripped texts that are not empty, joined by line breaks: no longer than the texts with the title.
    let mut text = String::with_capacity(texts.all.len());
    // The lines scanned, in order, as the texts are: `line` is the first that does not start before the text.
    let mut line = 0;
    for &(a, b) in &texts.spans {
        let mark = text.len();
        if mark > 0 {
            text.push('\n');
        }
        let body = text.len();
        let t = &texts.all[a..b];
        while scan.lines.get(line).is_some_and(|l| l.0 < a) {
            line += 1;
        }
        match scan.lines.get(line) {
            // The text is one line: its groups were found, and it is no clause line (those are not kept).
            Some(&(start, end, x, y)) if (start, end) == (a, b) => strip_clauses(t, &scan.spans[x..y], &mut text),
            _ if line_clause(t).is_some() => {}
            _ => {
                scan.own.clear();
                scan.own.extend(group_spans(t));
                strip_clauses(t, &scan.own, &mut text);
            }
        }
        if text.len() == body {
            text.truncate(mark);
        }
    }
    scan.texts = texts;
    let is_group_task = group.is_some_and(|g| std::ptr::eq(g, item));
    let mut task = Task {
        id: content_id("task", &item.title),
        group: group.map(|g| g.title.clone()),
        group_number: group.and_then(|g| crate::text::cn_number(g.number.trim_matches(['（', '）']))),
        number: if is_group_task || item.level == 2 { None } else { item.number.trim_end_matches('．').parse().ok() },
        title: item.title.clone(),
        text,
        departments: Vec::new(),
        lead_departments: found.lead,
        support_departments: found.support,
        line: item.line,
        page: None,
        responsible_departments: found.responsible,
        // Read into a date once the plan's year is known ([`crate::parse::deadlines::resolve`]).
        deadline: found.deadline.map(Deadline::unread),
        measures: None,
        extra: Default::default(),
    };
    task.departments = all_departments(&task);
    task
}

/// Every department a task names, once each: leads, then the responsible, then supporters.
pub fn all_departments(t: &Task) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for d in t.lead_departments.iter().chain(&t.responsible_departments).chain(&t.support_departments) {
        if !out.contains(d) {
            out.push(d.clone());
        }
    }
    out
}

/// A warning for each task that names no department (after a task table had its say).
pub fn check_departments(tasks: &[Task], diags: &mut Diags) {
    for t in tasks.iter().filter(|t| t.departments.is_empty()) {
        diags.warn(
            "task.no_departments",
            Some(t.line),
            format!("task \"{}\" names no responsible department", t.title),
        );
    }
}

/// Does the text say that the first department named leads (各项任务中排在第一位的为牵头单位, 排名第一的为牵头部门,
/// 排在首位的为牵头单位)? A 为牵头 with 第一 or 首位 shortly before it in the same clause.
pub fn says_first_leads(text: &str) -> bool {
    let mut from = 0;
    while let Some(k) = text[from..].find("为牵头") {
        let at = from + k;
        let clause_start = text[..at]
            .rfind(['。', '；', ';', '\n', '，', ','])
            .map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
        let before: String =
            text[clause_start..at].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
        if before.contains("第一") || before.contains("首位") {
            return true;
        }
        from = at + "为牵头".len();
    }
    false
}

/// Where the text says the first named leads: a task that names only responsible departments gets the first as
/// its lead and the others as supporters.
pub fn first_named_leads(tasks: &mut [Task]) {
    for t in tasks.iter_mut().filter(|t| t.lead_departments.is_empty() && !t.responsible_departments.is_empty()) {
        let mut names = std::mem::take(&mut t.responsible_departments);
        let rest = names.split_off(1);
        t.lead_departments = names;
        for d in rest {
            if !t.support_departments.contains(&d) {
                t.support_departments.push(d);
            }
        }
        t.departments = all_departments(t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "（责任部门：…）", "（牵头单位：…；配合单位：…）": the clause groups [`clauses`] and [`strip_clauses`]
    /// pick out of a line's groups, with their text from the label on.
    fn clause_groups(line: &str) -> impl Iterator<Item = (usize, usize, &str)> {
        groups(line).filter_map(|(a, b, inner)| clause_inner(inner).map(|t| (a, b, t)))
    }

    fn strip(text: &str) -> String {
        let mut out = String::new();
        if line_clause(text).is_none() {
            strip_clauses(text, &group_spans(text).collect::<Vec<_>>(), &mut out);
        }
        out
    }

    /// The stepping scan `group_spans` was (the oracle of its test).
    /// The scan steps a whole character at a time (its length read from the UTF-8 lead byte): Chinese
    /// text is mostly three-byte characters, none of whose bytes need looking at.
    fn group_spans_stepping(line: &str) -> impl Iterator<Item = Span> + '_ {
        let b = line.as_bytes();
        let (mut i, mut open) = (0, None);
        std::iter::from_fn(move || {
            while let Some(&lead) = b.get(i) {
                // '(' ')' or the UTF-8 of '（' (EF BC 88) and '）' (EF BC 89).
                let (is_open, len) = match lead {
                    b'(' => (true, 1),
                    b')' => (false, 1),
                    0xEF if b.get(i + 1) == Some(&0xBC) && matches!(b.get(i + 2), Some(0x88 | 0x89)) => {
                        (b[i + 2] == 0x88, 3)
                    }
                    _ => {
                        // `i` is always at a character boundary (`line` is a `str`), so `lead` is a lead byte.
                        i += match lead {
                            0..0x80 => 1,
                            0x80..0xE0 => 2,
                            0xE0..0xF0 => 3,
                            _ => 4,
                        };
                        continue;
                    }
                };
                let at = i;
                i += len;
                if is_open {
                    open = Some((at, i));
                } else if let Some((start, inner)) = open.take() {
                    return Some((start, i, inner, at));
                }
            }
            None
        })
    }

    /// The byte search finds the groups the character-stepping scan found.
    #[test]
    fn group_spans_as_stepping() {
        let parts = ["（", "）", "(", ")", "，", "区水务局", "ｘ", "\u{FFFD}", "a", "责任部门：", "\u{F900}", "𠀀"];
        for t in crate::text::concatenations(&parts, 5, |_| true) {
            assert_eq!(group_spans(&t).collect::<Vec<_>>(), group_spans_stepping(&t).collect::<Vec<_>>(), "{t:?}");
        }
    }

    #[test]
    fn label_head_firsts() {
        let firsts: Vec<char> = LABEL_HEADS.iter().chain(DEADLINE_LABELS).filter_map(|w| w.chars().next()).collect();
        for c in "责牵配主负协参完时部门单位处室主体：:（）() 甲責牽負協參時".chars() {
            assert_eq!(is_label_head(c), firsts.contains(&crate::text::simplified(c)), "{c}");
        }
    }

    #[test]
    fn clause_forms() {
        let v = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // (lead, support, responsible) of a text.
        let roles = |t: &str| {
            let f = clauses(t);
            (f.lead, f.support, f.responsible)
        };
        assert_eq!(
            roles("正文。（责任部门：区水务局、区城市管理委）"),
            (v(&[]), v(&[]), v(&["区水务局", "区城市管理委"]))
        );
        assert_eq!(
            roles("正文。(牵头单位:市生态环境局青溪分局;配合单位:区住房城乡建设委、市公安局青溪分局)"),
            (v(&["市生态环境局青溪分局"]), v(&["区住房城乡建设委", "市公安局青溪分局"]), v(&[]))
        );
        assert_eq!(strip("做好工作。（责任部门：区水务局）"), "做好工作。");
        assert_eq!(
            roles("正文。（责任单位：区水务局，配合单位：区林业局、区财政局）"),
            (v(&[]), v(&["区林业局", "区财政局"]), v(&["区水务局"]))
        );
        assert_eq!(roles("正文。\n责任单位：区教育局"), (v(&[]), v(&[]), v(&["区教育局"])));
        assert_eq!(
            roles("做好工作（区生态环境局牵头，区水务局、区林业局配合）。"),
            (v(&["区生态环境局"]), v(&["区水务局", "区林业局"]), v(&[]))
        );
        assert_eq!(roles("做好工作（区生态环境局负责）。"), (v(&[]), v(&[]), v(&["区生态环境局"])));
        // Responsibility lines under a task, several on one line, and the deadline among them.
        let f = clauses("正文。\n牵头单位：县水利局\n配合单位：县财政局、各乡镇人民政府\n完成时限：2023年6月底前");
        assert_eq!((f.lead, f.support), (v(&["县水利局"]), v(&["县财政局", "各乡镇人民政府"])));
        assert_eq!(f.deadline.as_deref(), Some("2023年6月底前"));
        let f = clauses("牵头单位：甲局；配合单位：乙局；完成时限：6月底前完成方案，12月底前全面完成。");
        assert_eq!((f.lead, f.support), (v(&["甲局"]), v(&["乙局"])));
        assert_eq!(f.deadline.as_deref(), Some("6月底前完成方案，12月底前全面完成"));
        assert_eq!(strip("正文。（完成时限：年底前）"), "正文。");
        assert_eq!(strip("做好工作（区生态环境局牵头，区水务局配合）。"), "做好工作。");
        // A role group that only forms once a clause inside it is gone; the text is trimmed after both.
        assert_eq!(strip(" 做（区水务局（责任部门：甲）牵头）事 （乙配合）"), "做事");
        // Ordinary brackets stay text.
        assert_eq!(clauses("推进细颗粒物（PM2.5）治理"), Found::default());
        assert_eq!(strip("推进细颗粒物（PM2.5）治理"), "推进细颗粒物（PM2.5）治理");
    }

    /// The scanners find exactly what the regexes they replaced found (run with the `regex` crate).
    #[test]
    fn scanners_match_the_regexes_they_replaced() {
        let words = r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求|(?:责任|牵头|配合|主责|负责|协办|参与|主办)(?:部门|单位|处室|主体)?)";
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
            assert_eq!(labels(t).collect::<Vec<_>>(), want, "{t:?}");
            assert_eq!(line_clause(t), line.captures(t).map(|c| c.name("inner").unwrap().as_str()), "{t:?}");
        }
    }

    /// A task's text strips each of its texts with the groups its lines were scanned for where the text is
    /// one line, and scans it afresh where not: the same as stripping each text on its own.
    #[test]
    fn task_text_is_each_text_stripped() {
        let paras: &[&[&str]] = &[
            &["做甲。（责任部门：区水务局）", "二段（区林业局牵头）。"],
            &["一段\n（责任部门：区教育局）乙", "责任单位：区商务局", "（甲（责任部门：丙）乙配合）丁"],
            &["结尾\r", "\r\n中（x）间\r\n", "", "\n", " （区财政局配合） "],
            &["（甲\n责任部门：乙）", "后（丙牵头\n）"],
        ];
        for &ps in paras {
            let item = sec(3, "1．", "标题（责任部门：区水务局）", ps, vec![]);
            let t = task(&item, None, &mut Diags::default(), &mut Scan::default());
            let want: Vec<String> = ps.iter().map(|p| strip(p)).filter(|p| !p.is_empty()).collect();
            assert_eq!(t.text, want.join("\n"), "{ps:?}");
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

#[cfg(test)]
mod first_leads_tests {
    use super::*;

    #[test]
    fn the_text_saying_the_first_named_leads() {
        assert!(says_first_leads("各项任务的责任单位中，排在第一位的为牵头单位，其他为配合单位。"));
        assert!(says_first_leads("注：排名第一的为牵头部门"));
        assert!(says_first_leads("（排在首位的为牵头单位）"));
        assert!(!says_first_leads("区生态环境局为牵头单位。"));
        assert!(!says_first_leads("第一季度完成。区水务局为牵头单位"));
    }
}
