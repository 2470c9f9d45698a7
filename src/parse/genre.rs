//! Genre: a text's lines and tables → whether it is a plan notice at all. The one rule every entry point uses:
//! a notice or plan title, numbered sections of the known kinds, or a table of indicators, tasks or projects
//! recognised by its column names. A text with none of them is "not a plan notice" ([`crate::Error::NotAPlan`]).

use crate::model::SectionKind;
use crate::read::columns::Role;
use crate::read::grid::Grid;
use crate::read::headings::heading_parts;
use crate::read::lines::Line;
use crate::text::{fold_simplified, is_han};

/// Words a notice title carries (its verb), wherever they stand.
const NOTICE_VERBS: &[&str] = &["印发", "转发", "下发", "发布"];

/// Words a notice or plan title ends with (文种 and plan kinds), after a bracketed number or status is cut off.
const TITLE_ENDS: &[&str] = &[
    "通知",
    "通报",
    "意见",
    "实施意见",
    "决定",
    "公告",
    "通告",
    "计划",
    "行动计划",
    "方案",
    "要点",
    "规划",
    "纲要",
    "办法",
    "细则",
    "安排",
    "任务",
    "清单",
    "措施",
];

/// The kind of section a heading's title names, by the genre's section words (Traditional read as Simplified):
/// the words the markers and the section reader share.
pub fn section_kind(title: &str) -> SectionKind {
    let t = fold_simplified(title);
    let has = |w: &[&str]| w.iter().any(|x| t.contains(x));
    if has(&["依据", "背景", "指导思想", "编制说明"]) {
        SectionKind::Basis
    } else if has(&["指标"]) {
        SectionKind::Indicators
    } else if has(&["目标", "总体要求", "基本原则", "总体思路", "工作思路"]) {
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

/// What the text shows of the genre.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Markers {
    /// Line of the first notice or plan title.
    pub title: Option<usize>,
    /// Numbered top-level headings whose words name a known kind of section.
    pub sections: usize,
    /// Tables with indicator, task or project columns.
    pub tables: usize,
}

impl Markers {
    pub fn any(&self) -> bool {
        self.title.is_some() || self.sections >= 2 || self.tables > 0
    }
}

/// A title cut of what may follow it on its line: a bracketed 文号 or status ("（已废止）"), spaces.
pub fn title_core(t: &str) -> &str {
    let mut t = t.trim();
    for _ in 0..2 {
        // Only a short bracket at the very end, with something before it.
        match trailing_bracket(t) {
            Some(open) if open > 0 && t[open..].chars().count() <= 30 => t = t[..open].trim_end(),
            _ => break,
        }
    }
    t
}

/// Where the bracket that closes `t` opens (brackets of any kind nest).
pub fn trailing_bracket(t: &str) -> Option<usize> {
    if !t.ends_with(['）', ')', ']', '］', '】', '〕']) {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in t.char_indices().rev() {
        match c {
            '）' | ')' | ']' | '］' | '】' | '〕' => depth += 1,
            '（' | '(' | '[' | '［' | '【' | '〔' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A notice or plan title: a short line with Chinese text that carries a notice verb and ends with a 文种
/// word, or ends with a plan word. Traditional script counts as Simplified.
pub fn is_title_line(t: &str) -> bool {
    let t = t.trim();
    // Cheap tests first: this is asked of every line of every text.
    if t.len() < 8 || t.len() > 480 || t.ends_with(['。', '；', ';', '：', ':', '，', ',']) {
        return false;
    }
    let core = title_core(t);
    if !TITLE_ENDS.iter().any(|w| ends_with_simplified(core, w)) || !core.chars().any(is_han) {
        return false;
    }
    if heading_parts(t).is_some() {
        return false;
    }
    let f = fold_simplified(core);
    f.contains("关于") || NOTICE_VERBS.iter().any(|v| f.contains(v)) || !f.ends_with("通知")
}

/// `t` ends with `word` (Simplified), its Traditional characters read as Simplified; no allocation.
fn ends_with_simplified(t: &str, word: &str) -> bool {
    let mut a = t.chars().rev().filter(|c| !c.is_whitespace()).map(crate::text::simplified);
    word.chars().rev().all(|w| a.next() == Some(w))
}

/// The genre's markers in a text's lines and tables.
pub fn markers(lines: &[Line], grids: &[Grid]) -> Markers {
    let mut m = Markers::default();
    for l in lines {
        let t = l.trimmed();
        if t.is_empty() {
            continue;
        }
        if m.title.is_none() && is_title_line(t) {
            m.title = Some(l.no);
        }
        if is_known_section(t) {
            m.sections += 1;
        }
    }
    m.tables = grids.iter().filter(|g| is_plan_table(g)).count();
    m
}

/// A table of indicators, tasks or projects: a name column and a target, department, period, content or
/// investment column.
pub fn is_plan_table(g: &Grid) -> bool {
    let named = [Role::IndicatorName, Role::ProjectName, Role::Name, Role::TaskLayer].iter().any(|r| g.has(*r));
    let more = [Role::Target, Role::Departments, Role::Period, Role::Content, Role::Investment]
        .iter()
        .filter(|r| g.has(**r))
        .count();
    named && more >= 1
}

/// Whether the text shows any of the genre's markers: [`markers`]`(…).any()`, stopping at the first one found
/// (the cheap ones first: the tables, then a title; the sections last).
pub fn is_plan(lines: &[Line], grids: &[Grid]) -> bool {
    grids.iter().any(is_plan_table) || lines.iter().any(|l| is_title_line(&l.text)) || {
        let mut n = 0;
        lines.iter().any(|l| {
            n += usize::from(is_known_section(l.trimmed()));
            n >= 2
        })
    }
}

/// A numbered top-level heading whose words name a known kind of section.
fn is_known_section(t: &str) -> bool {
    heading_parts(t).is_some_and(|(level, _, _, rest)| {
        level <= 1 && section_kind(crate::read::headings::split_title_str(rest).0) != SectionKind::Other
    })
}

/// Whether a decoded text is a plan notice: the rule [`crate::parse::parse_bytes`] applies, for callers that
/// hold text (an input resolver choosing what to parse).
pub fn is_plan_notice(text: &str) -> bool {
    let mut diags = crate::model::Diags::default();
    let (lines, _) = crate::read::lines::split_lines(text, &mut diags);
    let blocks = crate::read::tables::find_tables(&lines);
    let grids: Vec<Grid> = blocks
        .into_iter()
        .filter_map(|b| match b {
            crate::read::tables::Block::Table(t) => Some(crate::read::grid::build(t, &mut diags)),
            crate::read::tables::Block::Text(_) => None,
        })
        .collect();
    is_plan(&lines, &grids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert!(is_title_line("天津市蓟州区人民政府办公室关于印发某区2020年度工作计划的通知"));
        assert!(is_title_line("某县2023年农村人居环境整治提升工作方案"));
        assert!(is_title_line("关于下发《某市河长制工作考核办法》的通知(某河长办发[2012]16号)"));
        assert!(is_title_line("某縣人民政府辦公室關於印發某縣2024年工作計劃的通知"));
        assert!(is_title_line("关于印发某县2017年工作实施方案的通知（已废止）"));
        assert!(!is_title_line("# weather-sync"));
        assert!(!is_title_line("现将方案印发给你们，请照此执行。"));
        assert!(!is_title_line("Run the tool to fetch the readings."));
    }

    #[test]
    fn not_a_plan() {
        assert!(!is_plan_notice("# tool\n\nA small tool.\n\n## Install\n\n    cargo install tool\n"));
        assert!(!is_plan_notice("name,value\na,1\nb,2\n"));
        assert!(is_plan_notice("一、总体要求\n坚持。\n二、重点任务\n1．甲。\n"));
        assert!(is_plan_notice("某区2024年生态文明建设工作计划\n"));
        let text = "一、总体要求\n坚持。\n二、重点任务\n1．甲。\n";
        let (lines, _) = crate::read::lines::split_lines(text, &mut crate::model::Diags::default());
        let m = markers(&lines, &[]);
        assert_eq!((m.title, m.sections, m.tables), (None, 2, 0));
        assert_eq!(m.any(), is_plan(&lines, &[]));
    }
}
