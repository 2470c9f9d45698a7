//! Completeness: where a text stops, and the promises it made before (declared counts, the 附件 list, the 目录,
//! the plan a notice announces) → one `input.incomplete` warning saying what is missing and where the text stops.
//!
//! A copy cut short (a page break, an attachment downloaded apart, a table's second page lost) must not pass
//! for a whole plan. The signs, each read from the text alone:
//! - the text stops inside a sentence, or right after a heading with nothing under it;
//! - a count the text declares falls short and the shortfall sits at the end: the records run to the end of
//!   the text, no 合计 row closes their table, and their serials stop below the count;
//! - attachments the 附件 list names are not in the text, and they are the last ones of the list;
//! - entries of a 目录 have no heading, and they are the last ones;
//! - a notice announces a plan (印发…) and no plan follows.
//!
//! A complete text whose own numbers disagree (21 projects declared, 20 listed with serials up to 22, or a
//! table closed by its 合计 row) keeps `check.declared_count` and is not called incomplete. A cut at a clean
//! section boundary with no earlier promise cannot be seen from the text.

use crate::model::{Attachment, Diags, Document, Plan, Project, SectionKind};
use crate::parse::checks::{Counted, Mismatch};
use crate::read::headings::heading_level;
use crate::read::lines::Line;
use crate::text::fold;

/// The table the text ends in, if it ends in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndTable {
    Indicators { total_row: bool },
    Projects { total_row: bool },
    Other,
}

/// What the check reads besides the document: the source lines, how the text ends, and the declared counts
/// that disagree with the records.
pub struct Evidence<'a> {
    pub lines: &'a [Line<'a>],
    /// The table the last non-blank line belongs to; `None` when it is a text line.
    pub end_table: Option<EndTable>,
    /// The first line of that table.
    pub end_table_line: usize,
    /// The plan's own 附件 list (when the document has no notice to hold it).
    pub plan_attachments: &'a [Attachment],
    /// The first line of every table.
    pub table_lines: &'a [usize],
}

/// One thing found missing, in words for the message.
fn missing(out: &mut Vec<String>, s: impl Into<String>) {
    let s = s.into();
    if !out.contains(&s) {
        out.push(s);
    }
}

/// Check `doc` (parsed so far) for a cut: add one `input.incomplete` warning when it looks cut, and return the
/// indexes of the mismatches the cut explains (they are said in that warning, not as `check.declared_count`).
pub fn check(doc: &Document, ev: &Evidence, mismatches: &[Mismatch], diags: &mut Diags) -> Vec<usize> {
    let Some(last) = ev.lines.iter().rev().find(|l| !l.is_blank()) else { return Vec::new() };
    // A text that is not a plan at all has its error (plan.empty); it promised nothing.
    if diags.0.iter().any(|d| d.code == "plan.empty") {
        return Vec::new();
    }
    let mut what: Vec<String> = Vec::new();
    let mut explained = Vec::new();

    match ev.end_table {
        None => {
            if let Some(why) = ends_mid_sentence(last.trimmed()) {
                missing(&mut what, why);
            }
        }
        Some(_) => {
            if let Some(why) = table_left_open(ev.lines, ev.end_table_line) {
                missing(&mut what, why);
            }
        }
    }
    if let Some(why) = last_task_cut(&doc.plan, ev, last.no) {
        missing(&mut what, why);
    }
    if let Some(why) = last_cell_cut(&doc.plan, ev) {
        missing(&mut what, why);
    }
    if let Some(why) = plan_stops_early(doc, ev) {
        missing(&mut what, why);
    }
    if ev.end_table.is_none()
        && let Some(why) = sequence_stops_early(&doc.plan.sections)
    {
        missing(&mut what, why);
    }
    for (k, m) in mismatches.iter().enumerate() {
        if m.found < m.declared && shortfall_at_end(m, &doc.plan, ev, last.no) {
            let noun = match m.counted {
                Counted::Indicators => "指标",
                Counted::Tasks => "任务",
                Counted::Projects => "工程",
                Counted::Other => "项",
            };
            missing(&mut what, format!("第 {} 行声明“{}”，文本中只有 {} 个{noun}", m.line, m.text, m.found));
            explained.push(k);
        }
    }
    let attachments: &[Attachment] = match &doc.notice {
        Some(n) if !n.attachments.is_empty() => &n.attachments,
        _ => ev.plan_attachments,
    };
    for a in missing_attachments(attachments, ev.lines, ev.table_lines) {
        let name = match a.number {
            Some(n) => format!("附件{n}《{}》", a.title),
            None => format!("附件《{}》", a.title),
        };
        missing(&mut what, format!("{name}不在文本中"));
    }
    for e in missing_toc_entries(ev.lines) {
        missing(&mut what, format!("目录中的“{e}”没有正文"));
    }
    if let Some(n) = &doc.notice
        && announces_plan(&n.title)
        && plan_is_absent(&doc.plan, doc)
    {
        missing(&mut what, "通知印发的计划正文不在文本中");
    }
    // A text cut inside a character or a table row has its error (input.truncated) already.
    if what.is_empty() || diags.0.iter().any(|d| d.code == "input.truncated") {
        return explained;
    }
    diags.warn(
        "input.incomplete",
        Some(last.no),
        format!("文本在第 {} 行结束，看来不完整：{}", last.no, what.join("；")),
    );
    explained
}

/// Characters a sentence, a bracket or a title ends with.
fn closes(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '）' | ')' | '」' | '』' | '】' | '〕' | '》' | '.')
}

/// A closing quote ends a sentence only after a full stop inside it ("…。”"); "“两山”" stops mid-sentence.
fn closes_quote(t: &str) -> bool {
    let mut rev = t.chars().rev();
    matches!(rev.next(), Some('”' | '"' | '’'))
        && rev.next().is_some_and(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '…'))
}

/// Characters that promise more text after them.
fn opens(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '：'
            | ':'
            | '；'
            | ';'
            | '（'
            | '('
            | '“'
            | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '—'
            | '-'
    )
}

/// Brackets and quotes opened and not closed on the line.
fn unbalanced(t: &str) -> bool {
    let pairs = [('（', '）'), ('(', ')'), ('《', '》'), ('“', '”'), ('【', '】'), ('〔', '〕')];
    pairs.iter().any(|&(o, c)| t.matches(o).count() > t.matches(c).count())
}

/// A line a notice or plan may end on without a full stop: a date (…年…月…日), a 版记 line (…印发), a
/// signature (a short name of a body, no sentence punctuation), a page or disclosure note.
fn may_end_without_stop(t: &str) -> bool {
    let t = t.trim();
    if t.ends_with('日') && t.contains('年') && t.contains('月') {
        return true;
    }
    if t.ends_with("印发") {
        return true;
    }
    // A field line: a short label, a colon, a short value ("完成时限：每季度", "联系人：张三").
    if let Some(colon) = t.find(['：', ':'])
        && t[..colon].chars().count() <= 6
        && t[colon..].chars().count() <= 16
        && !t[colon..].contains(['。', '，', '；', ',', ';', '、'])
        && t[colon..].chars().count() > 1
    {
        return true;
    }
    // A line that names departments after a label ("责任单位：区生态环境局，配合单位：区商务局").
    let organ_end = t.ends_with(['府', '室', '局', '委', '会', '厅', '办', '部', '院', '心', '处', '所', '站', '队']);
    if organ_end && (t.contains("单位：") || t.contains("部门：") || t.contains("单位:") || t.contains("部门:"))
    {
        return true;
    }
    let n = t.chars().count();
    let prose = t.contains(['，', '。', '；', ',', ';', '：', ':']);
    // The last character of the names of bodies that sign a notice.
    let organ = t.ends_with(['府', '室', '局', '委', '会', '厅', '办', '部']);
    n <= 30 && !prose && organ && heading_level(t).is_none()
}

/// Why the text's last line is not an end: it stops inside a sentence, or it is a heading with nothing under it.
fn ends_mid_sentence(t: &str) -> Option<String> {
    let t = t.trim();
    let last = t.chars().next_back()?;
    let shown: String = {
        let chars: Vec<char> = t.chars().collect();
        let from = chars.len().saturating_sub(12);
        chars[from..].iter().collect()
    };
    if opens(last) || unbalanced(t) {
        return Some(format!("最后一行停在句子中间（“…{shown}”）"));
    }
    if let Some(level) = heading_level(t) {
        let (_, para) = crate::read::headings::split_title_str(heading_rest(t));
        if para.is_none() && !closes(last) {
            return Some(format!("最后一行是第 {level} 级标题“{t}”，其下没有内容"));
        }
    }
    if t.starts_with("附件") && t.chars().count() <= 6 {
        return Some(format!("最后一行是附件标记“{t}”，其后没有附件"));
    }
    if closes(last) || closes_quote(t) || may_end_without_stop(t) {
        return None;
    }
    Some(format!("最后一行停在句子中间（“…{shown}”）"))
}

/// A table the text stops inside although every row had its cells: a box-drawing table without its bottom
/// rule, or a tab-separated table inside a quoted cell ("…区水务).
fn table_left_open(lines: &[Line], from: usize) -> Option<String> {
    // The table's lines, from the end back to its first line (no line is trimmed or copied).
    let table = || lines.iter().rev().take_while(|l| l.no >= from);
    let last = table().find(|l| !l.is_blank())?.trimmed();
    let is_box = |c: char| ('\u{2500}'..='\u{257F}').contains(&c);
    if last.chars().any(is_box) && !last.ends_with(['┘', '╝', '╯']) {
        return Some("表格停在中间（没有下边框）".into());
    }
    // A tab-separated table with an odd number of quotes: one pass counts both.
    let (mut tabs, mut quotes) = (false, 0usize);
    for l in table() {
        let b = l.text.as_bytes();
        tabs |= memchr::memchr(b'\t', b).is_some();
        quotes += memchr::memchr_iter(b'"', b).count();
    }
    if tabs && quotes % 2 == 1 {
        return Some("表格停在一个加引号的单元格中间".into());
    }
    None
}

/// The last task, when the text stops inside it: every other task names its departments and this one, at the
/// end of the text, does not (the clause that names them was cut off).
fn last_task_cut(plan: &Plan, ev: &Evidence, last_line: usize) -> Option<String> {
    if ev.end_table.is_some() || plan.tasks.len() < 3 {
        return None;
    }
    let (last, before) = plan.tasks.split_last()?;
    if !last.departments.is_empty() || before.iter().any(|t| t.departments.is_empty()) || last.line > last_line {
        return None;
    }
    let later = |s: &crate::model::Section| s.line > last.line;
    fn any_section(ss: &[crate::model::Section], f: &dyn Fn(&crate::model::Section) -> bool) -> bool {
        ss.iter().any(|s| f(s) || any_section(&s.children, f))
    }
    if any_section(&plan.sections, &later) || !plan.projects.is_empty() {
        return None;
    }
    Some(format!("最后一项任务“{}”（第 {} 行）没有写明责任部门，其余各项都有", last.title, last.line))
}

/// The last cell of a table the text ends in, cut inside a name: the last record's last department is the
/// start of a longer name other records of the table give ("区" where the others say "区水务局").
fn last_cell_cut(plan: &Plan, ev: &Evidence) -> Option<String> {
    let names: Vec<(usize, &Vec<String>)> = match ev.end_table? {
        EndTable::Projects { total_row: false } => plan.projects.iter().map(|p| (p.line, &p.units)).collect(),
        EndTable::Indicators { total_row: false } => plan.indicators.iter().map(|i| (i.line, &i.departments)).collect(),
        _ => return None,
    };
    let (last_line, last) = names.iter().max_by_key(|(line, _)| *line)?;
    // A project row cut before its unit: every other project names its units (or it is the only one, and its
    // investment is missing too).
    if let EndTable::Projects { .. } = ev.end_table?
        && last.is_empty()
    {
        let others: Vec<&Project> = plan.projects.iter().filter(|p| p.line != *last_line).collect();
        let only = plan.projects.iter().find(|p| p.line == *last_line);
        let cut_short = if others.is_empty() {
            only.is_some_and(|p| p.investment.is_none())
        } else {
            others.iter().all(|p| !p.units.is_empty())
        };
        if cut_short {
            let name = only.map_or("", |p| p.name.as_str());
            return Some(format!("最后一个工程“{name}”的行停在责任单位之前"));
        }
    }
    let cut = last.last()?;
    let longer = names
        .iter()
        .filter(|(line, _)| line != last_line)
        .flat_map(|(_, v)| v.iter())
        .find(|n| n.len() > cut.len() && n.starts_with(cut.as_str()))?;
    Some(format!("最后一个单元格的“{cut}”像是被截断（其他行写作“{longer}”）"))
}

/// A plan handed out by a notice that stops inside its indicator table: its last section is the indicators, no
/// task, no project, no safeguards section, nothing attached. (A plan of other parts that simply has no tasks —
/// 考核细则, for one — ends in text, and is not this.)
fn plan_stops_early(doc: &Document, ev: &Evidence) -> Option<String> {
    let n = doc.notice.as_ref()?;
    let plan = &doc.plan;
    if !matches!(ev.end_table, Some(EndTable::Indicators { .. }))
        || plan.sections.last().is_none_or(|s| s.kind != SectionKind::Indicators)
    {
        return None;
    }
    if !announces_plan(&n.title) || plan.sections.is_empty() || !plan.tasks.is_empty() || !plan.projects.is_empty() {
        return None;
    }
    if !plan.appendices.is_empty()
        || plan
            .sections
            .iter()
            .any(|s| matches!(s.kind, SectionKind::Tasks | SectionKind::Projects | SectionKind::Safeguards))
    {
        return None;
    }
    let last = plan.sections.last()?;
    Some(format!("计划正文停在“{}{}”，没有任务、工程和保障措施", last.number, last.title))
}

/// Words after a number that announce a sequence of numbered parts ("从以下五个方面推进").
const SEQUENCE_WORDS: &[&str] = &["个方面", "项措施", "条措施", "项工作", "项行动", "大行动", "个专项"];

/// A number of parts a section announces in its title or first paragraph ("重点抓好以下五个方面").
fn announced_parts(s: &crate::model::Section) -> Option<(usize, String)> {
    let texts = std::iter::once(s.title.as_str()).chain(s.paragraphs.first().map(String::as_str));
    for t in texts {
        for w in SEQUENCE_WORDS {
            for (i, _) in t.match_indices(w) {
                let before = &t[..i];
                let digits: String =
                    before.chars().rev().take_while(|c| c.is_ascii_digit() || crate::text::is_cn_numeral(*c)).collect();
                let n: String = digits.chars().rev().collect();
                if let Some(k) = crate::text::cn_number(&n).filter(|&k| k >= 2) {
                    return Some((k as usize, format!("{n}{w}")));
                }
            }
        }
    }
    None
}

/// The last section of the text announces N parts and the text stops after fewer of them: the sections
/// on the path to the text's last heading are checked, each against its numbered children.
fn sequence_stops_early(sections: &[crate::model::Section]) -> Option<String> {
    let mut level = sections;
    while let Some(s) = level.last() {
        if let Some((n, words)) = announced_parts(s)
            && !s.children.is_empty()
            && s.children.len() < n
        {
            return Some(format!(
                "第 {} 行说“{words}”，文本中只有 {} 个，停在“{}{}”",
                s.line,
                s.children.len(),
                s.children.last().map_or("", |c| c.number.as_str()),
                s.children.last().map_or("", |c| c.title.as_str())
            ));
        }
        level = &s.children;
    }
    None
}

/// A heading's text after its number ("一、总体目标" → "总体目标").
fn heading_rest(t: &str) -> &str {
    let skip = t.find(|c: char| crate::text::is_han(c) && !crate::text::is_cn_numeral(c)).unwrap_or(0);
    &t[skip..]
}

/// A declared count whose records stop at the end of the text: the text ends in their table (for table
/// records) or in their section (tasks), no 合计 row closes the table, and the serials stop below the count.
fn shortfall_at_end(m: &Mismatch, plan: &Plan, ev: &Evidence, last_line: usize) -> bool {
    // Serials that reach the count say the records are all there and the count is off.
    let serial_max = match m.counted {
        Counted::Indicators => plan.indicators.iter().filter_map(|i| i.serial).max(),
        Counted::Projects => plan.projects.iter().filter_map(|p| p.serial).max(),
        Counted::Tasks => None,
        Counted::Other => return false,
    };
    if serial_max.is_some_and(|s| s as usize >= m.declared) {
        return false;
    }
    // Nothing yet where the records were promised: the text stops after the promise, with no table of them.
    let none_yet = match m.counted {
        Counted::Indicators => plan.indicators.is_empty(),
        Counted::Projects => plan.projects.is_empty(),
        Counted::Tasks => plan.tasks.is_empty(),
        Counted::Other => false,
    };
    if none_yet {
        let tables_after = !matches!(ev.end_table, None | Some(EndTable::Other));
        return m.line <= last_line && !tables_after;
    }
    match (m.counted, ev.end_table) {
        (Counted::Indicators, Some(EndTable::Indicators { total_row })) => !total_row,
        (Counted::Projects, Some(EndTable::Projects { total_row })) => !total_row,
        (Counted::Tasks, None) => {
            // The text stops inside the last task's section: no top-level section starts after the last task.
            let last_task = plan.tasks.iter().map(|t| t.line).max().unwrap_or(0);
            let later_section = plan.sections.iter().any(|s| s.line > last_task);
            !later_section && plan.projects.is_empty() && plan.indicators.iter().all(|i| i.line < last_task)
        }
        _ => false,
    }
}

/// The attachments of the list that the text does not hold, when they are the list's last ones (the text
/// stops before them). An attachment is held when a line after the list is its mark (附件2) or its title, and
/// something follows that line.
fn missing_attachments<'a>(list: &'a [Attachment], lines: &[Line], table_lines: &[usize]) -> Vec<&'a Attachment> {
    if list.is_empty() {
        return Vec::new();
    }
    // The list's line: the first line that reads as a 附件 list naming the first attachment.
    let first = fold(&list[0].title);
    let mark = memchr::memmem::Finder::new("附件".as_bytes());
    let Some(at) = lines.iter().position(|l| {
        mark.find(l.text.as_bytes()).is_some()
            && crate::parse::notice::attachment_list(l.trimmed())
                .is_some_and(|v| v.iter().any(|a| fold(&a.title) == first))
    }) else {
        return Vec::new();
    };
    // The list runs to the first blank line or the first line that is not one of its numbered items (a Word or
    // web page's rendering has no blank lines); the attachments come after.
    let item = |l: &Line| l.trimmed().chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let end = lines[at + 1..].iter().position(|l| l.is_blank() || !item(l)).map_or(lines.len(), |k| at + 1 + k);
    let after = &lines[end..];
    let held: Vec<bool> = list
        .iter()
        .map(|a| {
            let mark_of = |t: &str| {
                let t = t.trim_start();
                if !t.starts_with("附件") {
                    return false;
                }
                let f = fold(t);
                let Some(rest) = f.strip_prefix("附件") else { return false };
                let rest = rest.trim_start_matches([':', '：', ' ']);
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                match a.number {
                    Some(n) => digits.parse::<u32>().ok() == Some(n) || (list.len() == 1 && digits.is_empty()),
                    None => digits.is_empty() || (list.len() == 1),
                }
            };
            // A line names the attachment when it holds the title's longest run of Chinese characters (which no
            // width or punctuation variant changes), or is its mark.
            let key = longest_han_run(&a.title);
            let finder = (key.chars().count() >= 2).then(|| memchr::memmem::Finder::new(key.as_bytes()));
            let names = |t: &str| finder.as_ref().is_some_and(|f| f.find(t.as_bytes()).is_some()) || mark_of(t);
            // The first line that announces this attachment, and whether anything but its mark or title follows.
            let pos = after.iter().position(|l| names(&l.text));
            pos.is_some_and(|p| after[p + 1..].iter().any(|l| !l.is_blank() && !names(&l.text)))
        })
        .collect();
    // A table right after the list, with no attachment named before it, is the attachment itself.
    if held.iter().all(|h| !h)
        && let Some(first_after) = after.iter().find(|l| !l.is_blank())
        && table_lines.contains(&first_after.no)
    {
        return Vec::new();
    }
    // Only a shortfall at the end is a cut: the missing ones are the last of the list.
    let first_missing = held.iter().position(|h| !h);
    match first_missing {
        Some(k) if held[k..].iter().all(|h| !h) => list[k..].iter().collect(),
        _ => Vec::new(),
    }
}

/// The longest run of Chinese characters in `s` ("蓟州区“两山”实践创新基地建设重点工程" → "实践创新基地建设重点工程").
fn longest_han_run(s: &str) -> &str {
    let mut best = "";
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        match (crate::text::is_han(c), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                if s[st..i].len() > best.len() {
                    best = &s[st..i];
                }
                start = None;
            }
            _ => {}
        }
    }
    best
}

/// The entries of a 目录 block with no heading after the block, when they are its last entries.
fn missing_toc_entries(lines: &[Line]) -> Vec<String> {
    // A 目录 line is short: longer lines are passed without trimming them.
    let Some(at) = lines.iter().position(|l| {
        l.text.len() <= 24
            && l.text.trim_start().starts_with('目')
            && (crate::text::fold_eq(l.trimmed(), "目录") || crate::text::fold_eq(l.trimmed(), "目錄"))
    }) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    let mut k = at + 1;
    while k < lines.len() && lines[k].is_blank() {
        k += 1;
    }
    while k < lines.len() && !lines[k].is_blank() {
        let e = toc_entry(lines[k].trimmed());
        if !e.is_empty() {
            if entries.first().is_some_and(|f: &String| fold(f) == fold(&e)) {
                break;
            }
            entries.push(e);
        }
        k += 1;
    }
    if entries.is_empty() {
        return Vec::new();
    }
    let body = &lines[k.min(lines.len())..];
    // The text stops inside the 目录 itself: every entry is still to come.
    if body.iter().all(|l| l.is_blank()) {
        return entries;
    }
    let held: Vec<bool> = entries
        .iter()
        .map(|e| {
            let f = fold(e);
            body.iter().any(|l| fold(l.trimmed()).starts_with(&f))
        })
        .collect();
    match held.iter().position(|h| !h) {
        Some(k) if held[k..].iter().all(|h| !h) && k > 0 => entries[k..].to_vec(),
        _ => Vec::new(),
    }
}

/// A 目录 line without its dot leaders and page number: "一、总体目标……3" → "一、总体目标".
fn toc_entry(t: &str) -> String {
    t.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
        .trim_end_matches(['.', '…', '·', '．', ' ', '\t', '-', '—'])
        .trim()
        .to_string()
}

/// A notice title that hands out a plan: "…关于印发…计划的通知".
pub fn announces_plan(title: &str) -> bool {
    ["印发", "转发", "下发", "发布"].iter().any(|w| title.contains(w))
}

/// No plan after the notice: no text of its own (a plan without numbered sections keeps its text as the
/// preamble), no section, no record, no table.
fn plan_is_absent(plan: &Plan, doc: &Document) -> bool {
    plan.preamble.is_empty()
        && plan.sections.is_empty()
        && plan.indicators.is_empty()
        && plan.tasks.is_empty()
        && plan.projects.is_empty()
        && doc.tables.is_empty()
        && !plan.sections.iter().any(|s| s.kind != SectionKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends() {
        assert!(ends_mid_sentence("加强农田残膜回收").is_some());
        assert!(ends_mid_sentence("（责任部门：区水务局").is_some());
        assert!(ends_mid_sentence("全面完成任务，").is_some());
        assert!(ends_mid_sentence("5．持续提升土壤环境质量").is_some());
        assert!(ends_mid_sentence("附件").is_some());
        assert!(ends_mid_sentence("全面完成任务。").is_none());
        assert!(ends_mid_sentence("（此件主动公开）").is_none());
        assert!(ends_mid_sentence("2020年4月9日").is_none());
        assert!(ends_mid_sentence("天津市蓟州区人民政府办公室").is_none());
        assert!(ends_mid_sentence("澜州市青溪区生态环境保护委员会办公室          2024年3月19日").is_none());
        assert!(ends_mid_sentence("（二）强化督导。定期通报进展。").is_none());
        assert!(ends_mid_sentence("责任单位：区生态环境局，配合单位：区商务局、区城市管理委").is_none());
        assert!(ends_mid_sentence("完成时限：每季度").is_none());
        assert!(ends_mid_sentence("完成时限：").is_some());
        assert!(ends_mid_sentence("根据蓟州区建设全国“两山”").is_some());
        assert!(ends_mid_sentence("高效运行建筑垃圾治理体系和生活垃圾处").is_some());
    }

    fn incomplete(text: &str) -> Option<String> {
        // A text the parse refuses (not a plan notice) is not called incomplete either.
        let Ok(doc) = crate::parse::parse_bytes(text.as_bytes(), "t.txt") else { return None };
        let found: Vec<&crate::model::Diagnostic> =
            doc.diagnostics.iter().filter(|d| d.code == "input.incomplete").collect();
        assert!(found.len() <= 1, "{found:?}");
        found.first().map(|d| d.message.clone())
    }

    const NOTICE: &str = "某区人民政府办公室关于印发某区2024年度工作计划的通知\n\n各单位：\n\n现将《某区2024年度工作计划》印发给你们，请认真贯彻落实。\n\n";

    #[test]
    fn toc_entries_that_never_come_are_missing_when_they_are_the_last() {
        let head = "某区2024年度工作计划\n\n目录\n一、总体目标……1\n二、重点任务……2\n三、保障措施……3\n\n一、总体目标\n\n完成全年目标。\n\n二、重点任务\n\n加强治理。\n";
        let m = incomplete(head).unwrap_or_default();
        assert!(m.contains("目录中的“三、保障措施”没有正文"), "{m}");
        assert_eq!(incomplete(&format!("{head}\n三、保障措施\n\n加强领导。\n")), None);
    }

    #[test]
    fn attachments_missing_at_the_end_of_the_list() {
        let list = "附件：1．重点任务表\n      2．重点工程表\n\n某区人民政府办公室\n2024年3月1日\n\n";
        let one = "附件1\n\n重点任务表\n\n| 序号 | 任务 | 责任单位 |\n|---|---|---|\n| 1 | 治水 | 区水务局 |\n\n";
        let two = "附件2\n\n重点工程表\n\n| 序号 | 工程名称 | 责任单位 |\n|---|---|---|\n| 1 | 清淤 | 区水务局 |\n";
        let cut = format!("{NOTICE}{list}{one}");
        let m = incomplete(&cut).unwrap_or_default();
        assert!(m.contains("附件2《重点工程表》不在文本中") && !m.contains("附件1"), "{m}");
        assert_eq!(incomplete(&format!("{NOTICE}{list}{one}{two}")), None);
        // The first missing and the second there: not a cut (the list and the text disagree).
        assert_eq!(incomplete(&format!("{NOTICE}{list}{two}")), None);
    }

    #[test]
    fn a_notice_that_hands_out_a_plan_and_carries_none() {
        let text = format!("{NOTICE}某区人民政府办公室\n2024年3月1日\n");
        let doc = crate::parse::parse_bytes(text.as_bytes(), "t.txt").unwrap();
        let codes: Vec<&str> = doc.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"input.incomplete") && !codes.contains(&"plan.empty"), "{codes:?}");
        let m = incomplete(&text).unwrap_or_default();
        assert!(m.contains("通知印发的计划正文不在文本中"), "{m}");
    }

    #[test]
    fn a_table_closed_by_its_total_row_is_complete() {
        let head = "某区2024年度工作计划\n\n一、重点工程\n\n全年安排重点工程3项。\n\n| 序号 | 工程名称 | 总投资（万元） | 责任单位 |\n|---|---|---|---|\n| 1 | 清淤 | 100 | 区水务局 |\n| 2 | 监测 | 50 | 区生态环境局 |\n";
        let m = incomplete(head).unwrap_or_default();
        assert!(m.contains("声明“工程3项”，文本中只有 2 个工程"), "{m}");
        assert_eq!(incomplete(&format!("{head}| 合计 |  | 150 |  |\n")), None);
    }

    #[test]
    fn an_announced_sequence_that_stops_at_the_end() {
        let head = "某区2024年度工作计划\n\n一、重点任务\n\n重点抓好以下三个方面工作。\n\n（一）治水。全面治理。\n\n（二）治气。全面治理。\n";
        let m = incomplete(head).unwrap_or_default();
        assert!(m.contains("第 3 行说“三个方面”，文本中只有 2 个，停在“（二）治气”"), "{m}");
        assert_eq!(incomplete(&format!("{head}\n（三）治土。全面治理。\n")), None);
        // Followed by another top-level section: the text does not stop there, the count is the text's own.
        assert_eq!(incomplete(&format!("{head}\n二、保障措施\n\n加强领导。\n")), None);
    }

    /// A plan of parts that has no tasks (考核细则) is whole; a README is not a plan, and not a cut one either.
    #[test]
    fn no_tasks_is_not_a_cut_and_not_a_plan_is_not_incomplete() {
        let rules = format!(
            "{NOTICE}某区人民政府办公室\n2024年3月1日\n\n某区2024年度考核细则\n\n一、考核对象\n各乡镇。\n二、考核内容\n见下表。\n\n| 项目 | 分值 |\n|---|---|\n| 巡河 | 20 |\n\n三、结果运用\n纳入综合考核。\n"
        );
        assert_eq!(incomplete(&rules), None);
        assert_eq!(incomplete("# plandoc\n\nLicense: MIT\n"), None);
    }

    #[test]
    fn a_text_that_stops_inside_its_toc() {
        let text = format!("{NOTICE}某区2024年度工作计划\n\n目录\n一、总体目标……1\n二、重点任务……");
        let m = incomplete(&text).unwrap_or_default();
        assert!(m.contains("目录中的“一、总体目标”没有正文") && m.contains("二、重点任务"), "{m}");
    }

    #[test]
    fn a_project_row_cut_before_its_unit() {
        let head = "某区2024年度工作计划\n\n一、重点项目\n\n| 序号 | 项目名称 | 实施年限 | 总投资（万元） | 责任单位 |\n|---|---|---|---|---|\n| 1 | 清淤 | 2024年 | 100 | 区水务局 |\n";
        assert_eq!(incomplete(head), None);
        let m = incomplete(&format!("{head}| 2 | 监测 | 2024 |  |  |\n")).unwrap_or_default();
        assert!(m.contains("最后一个工程“监测”的行停在责任单位之前"), "{m}");
    }

    #[test]
    fn toc_entries_lose_leaders() {
        assert_eq!(toc_entry("一、总体目标……………3"), "一、总体目标");
        assert_eq!(toc_entry("二、重点任务 .... 12"), "二、重点任务");
    }
}
