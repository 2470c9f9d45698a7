//! Sheets: one parsed document → its three flat tables (指标, 任务, 项目) with Chinese column titles and cells
//! a person reads (labels for kinds, directions and comparisons), shared by the CSV and Excel writers.

use crate::model::{DeadlineKind, Direction, Document, Indicator, Project, Target, TargetKind, Task};
use std::collections::BTreeMap;

/// How lists of names are joined in one cell.
pub const LIST_SEP: &str = "、";

/// One cell: text, a number (kept numeric in Excel and SQLite), or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    /// The cell as it appears in a CSV file: numbers without a needless `.0`, nothing as "".
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Empty => String::new(),
        }
    }
}

fn text(s: &str) -> Cell {
    if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
}
fn opt_text(s: Option<&str>) -> Cell {
    s.map(text).unwrap_or(Cell::Empty)
}
fn opt_num<T: Into<f64>>(n: Option<T>) -> Cell {
    n.map(|n| Cell::Number(n.into())).unwrap_or(Cell::Empty)
}
fn list(names: &[String]) -> Cell {
    text(&names.join(LIST_SEP))
}
fn line(n: usize) -> Cell {
    Cell::Number(n as f64)
}

/// 90.0 → "90", 0.5 → "0.5".
pub fn format_number(n: f64) -> String {
    format!("{n}")
}

/// One table of one notice: which it is, its column titles and its rows (one per item, in document order).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// `indicators`, `tasks` or `projects`: the CSV file suffix.
    pub key: &'static str,
    /// 指标, 任务 or 项目: the Excel sheet name.
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Column titles of the indicator table, in order.
pub const INDICATOR_COLUMNS: [&str; 17] = [
    "编号",
    "目标层",
    "任务层",
    "序号",
    "指标名称",
    "单位",
    "目标值",
    "目标类型",
    "比较",
    "数值",
    "数值单位",
    "方向",
    "分区目标",
    "指标属性",
    "责任单位",
    "其他列",
    "行号",
];

fn indicator_row(i: &Indicator) -> [Cell; 17] {
    let t = &i.target;
    [
        text(&i.id),
        opt_text(i.goal.as_deref()),
        opt_text(i.task.as_deref()),
        opt_num(i.serial),
        text(&i.name),
        opt_text(i.unit.as_deref()),
        text(&t.raw),
        text(kind_label(t.kind)),
        opt_text(t.op.as_deref().map(op_label)),
        opt_num(t.value),
        opt_text(t.unit.as_deref()),
        opt_text(t.direction.map(direction_label)),
        text(&regions(t)),
        opt_text(i.attribute.as_deref()),
        list(&i.departments),
        text(&extra(&i.extra)),
        line(i.line),
    ]
}

/// Column titles of the task table, in order.
/// 责任单位 is every department the task names; 责任单位（未分牵头配合） those named without saying who leads.
pub const TASK_COLUMNS: [&str; 16] = [
    "编号",
    "任务组序号",
    "任务组",
    "序号",
    "任务",
    "内容",
    "牵头单位",
    "配合单位",
    "责任单位",
    "责任单位（未分牵头配合）",
    "完成时限",
    "截止日期",
    "时限类型",
    "具体措施",
    "其他列",
    "行号",
];

/// A deadline's kind in Chinese: 限期 (by a date), 长期, 定期, 文字.
pub fn deadline_kind_label(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::By => "限期",
        DeadlineKind::Ongoing => "长期",
        DeadlineKind::Recurring => "定期",
        DeadlineKind::Text => "文字",
    }
}

fn task_row(t: &Task) -> [Cell; 16] {
    let d = t.deadline.as_ref();
    [
        text(&t.id),
        opt_num(t.group_number),
        opt_text(t.group.as_deref()),
        opt_num(t.number),
        text(&t.title),
        text(&t.text),
        list(&t.lead_departments),
        list(&t.support_departments),
        list(&t.departments),
        list(&t.responsible_departments),
        opt_text(d.map(|d| d.raw.as_str())),
        opt_text(d.and_then(|d| d.date.as_deref())),
        opt_text(d.map(|d| deadline_kind_label(d.kind))),
        opt_text(t.measures.as_deref()),
        text(&extra(&t.extra)),
        line(t.line),
    ]
}

/// Column titles of the project table, in order.
pub const PROJECT_COLUMNS: [&str; 15] = [
    "编号",
    "类别",
    "序号",
    "项目名称",
    "建设内容",
    "建设地点",
    "建设期限",
    "开始年份",
    "结束年份",
    "投资",
    "投资额",
    "投资单位",
    "责任单位",
    "其他列",
    "行号",
];

fn project_row(p: &Project) -> [Cell; 15] {
    let period = p.period.as_ref();
    let inv = p.investment.as_ref();
    [
        text(&p.id),
        opt_text(p.category.as_deref()),
        opt_num(p.serial),
        text(&p.name),
        opt_text(p.content.as_deref()),
        opt_text(p.location.as_deref()),
        opt_text(period.map(|x| x.raw.as_str())),
        opt_num(period.and_then(|x| x.start)),
        opt_num(period.and_then(|x| x.end)),
        opt_text(inv.map(|x| x.raw.as_str())),
        opt_num(inv.and_then(|x| x.value)),
        opt_text(inv.and_then(|x| x.unit.as_deref())),
        list(&p.units),
        text(&extra(&p.extra)),
        line(p.line),
    ]
}

/// The three tables of one notice: 指标, 任务, 项目 (each present, possibly with no rows).
pub fn tables(doc: &Document) -> [Sheet; 3] {
    let plan = &doc.plan;
    [
        Sheet {
            key: "indicators",
            title: "指标",
            columns: INDICATOR_COLUMNS.to_vec(),
            rows: plan.indicators.iter().map(|i| indicator_row(i).to_vec()).collect(),
        },
        Sheet {
            key: "tasks",
            title: "任务",
            columns: TASK_COLUMNS.to_vec(),
            rows: plan.tasks.iter().map(|t| task_row(t).to_vec()).collect(),
        },
        Sheet {
            key: "projects",
            title: "项目",
            columns: PROJECT_COLUMNS.to_vec(),
            rows: plan.projects.iter().map(|p| project_row(p).to_vec()).collect(),
        },
    ]
}

/// A comparison as a person writes it in a spreadsheet: `>=` → `≥`, `<=` → `≤`, `=` → `＝` (a cell that is
/// a bare `=` would be read by Excel as the start of a formula).
pub fn op_label(op: &str) -> &str {
    match op {
        ">=" => "≥",
        "<=" => "≤",
        "=" => "＝",
        other => other,
    }
}

/// Chinese label of a target kind, as a person reads it in a spreadsheet.
pub fn kind_label(k: TargetKind) -> &'static str {
    match k {
        TargetKind::Numeric => "数值",
        TargetKind::Change => "变化",
        TargetKind::Regional => "分区数值",
        TargetKind::Qualitative => "定性",
        TargetKind::Text => "文字",
    }
}

/// Chinese label of a target direction.
pub fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Increase => "提高",
        Direction::Decrease => "降低",
        Direction::NoDecrease => "不降低",
        Direction::NoIncrease => "不增加",
        Direction::Maintain => "保持",
        Direction::Establish => "建立",
        Direction::Implement => "实施",
        Direction::Achieve => "实现",
        Direction::MeetStandard => "达标",
    }
}

/// "山区>60%、丘陵区>40%".
fn regions(t: &Target) -> String {
    let parts: Vec<String> = t
        .regions
        .iter()
        .map(|r| format!("{}{}{}{}", r.region, r.op, format_number(r.value), r.unit.as_deref().unwrap_or("")))
        .collect();
    parts.join(LIST_SEP)
}

/// Columns the parser had no field for: "表头：值；表头：值".
fn extra(m: &BTreeMap<String, String>) -> String {
    let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}：{v}")).collect();
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegionTarget;

    #[test]
    fn comparisons_never_start_a_formula() {
        assert_eq!([">", ">=", "<", "<=", "="].map(op_label), [">", "≥", "<", "≤", "＝"]);
    }

    #[test]
    fn numbers_print_like_a_person_writes_them() {
        assert_eq!(format_number(90.0), "90");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(74028.5), "74028.5");
        assert_eq!(Cell::Empty.to_text(), "");
    }

    #[test]
    fn regional_targets_and_extra_columns_read_as_text() {
        let t = Target {
            regions: vec![
                RegionTarget { region: "山区".into(), op: ">".into(), value: 60.0, unit: Some("%".into()) },
                RegionTarget { region: "丘陵区".into(), op: ">".into(), value: 40.0, unit: Some("%".into()) },
            ],
            ..Target::default()
        };
        assert_eq!(regions(&t), "山区>60%、丘陵区>40%");
        let m: BTreeMap<String, String> = [("备注".to_string(), "新增".to_string())].into();
        assert_eq!(extra(&m), "备注：新增");
    }
}
