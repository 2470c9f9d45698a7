//! The output contract: the serialisable types that `parse` turns a notice into.
//!
//! Every collection here is a `Vec` or a `BTreeMap`, so the same input always serialises to
//! byte-identical JSON. Field names are a published contract (see README "Output contract").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever the shape of [`Document`] changes.
pub const SCHEMA_VERSION: &str = "1.2";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Document {
    pub schema_version: String,
    pub source: Source,
    pub notice: Option<Notice>,
    pub plan: Plan,
    /// Tables that are neither the indicator table nor the project table, kept as raw grids.
    pub tables: Vec<Table>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub path: String,
    /// Which reader read the file: `text`, `docx`, `html`, `pdf` or `xlsx`.
    pub format: String,
    /// Encoding the bytes were decoded from: `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, ...
    pub encoding: String,
    pub bytes: u64,
    pub sha256: String,
    pub lines: usize,
}

/// The 公文 wrapper (GB/T 9704-2012 elements).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Notice {
    pub issuer: Option<String>,
    pub doc_number: Option<String>,
    pub title: String,
    pub doc_type: Option<String>,
    pub recipients: Vec<String>,
    pub body: Vec<String>,
    pub signatories: Vec<String>,
    pub seal_note: Option<String>,
    /// 成文日期 as ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    pub contact: Option<String>,
    pub disclosure: Option<String>,
    pub attachments: Vec<Attachment>,
    /// 抄送 (copy-to) organisations from the 版记, when present.
    pub cc: Vec<String>,
    /// The 版记 print line (…印发): who printed it and when.
    pub printed: Option<Printed>,
    /// A web page's metadata block (索引号, 发文字号 ...), label → value.
    pub metadata: BTreeMap<String, String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Attachment {
    pub number: Option<u32>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Printed {
    pub by: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    /// Paragraphs between the plan title and its first numbered section.
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    pub indicators: Vec<Indicator>,
    pub indicator_notes: Vec<String>,
    pub tasks: Vec<Task>,
    pub projects: Vec<Project>,
    /// The plan's own 附件 list (附件：…) and the text of attachments that are not tables.
    pub appendices: Vec<Appendix>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Appendix {
    pub number: Option<u32>,
    pub title: String,
    pub line: usize,
    pub paragraphs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// The numbering as written, normalised to full-width: `一、`, `（一）`, `1．`, `（1）`.
    pub number: String,
    pub level: u8,
    pub title: String,
    pub kind: SectionKind,
    pub line: usize,
    pub paragraphs: Vec<String>,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Basis,
    Goals,
    Indicators,
    Tasks,
    Projects,
    Safeguards,
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    pub id: String,
    /// 目标层 / 领域, carried down from merged cells.
    pub goal: Option<String>,
    /// 任务层 / 任务, carried down from merged cells.
    pub task: Option<String>,
    /// 序号, carried down from merged cells (several indicators can share one).
    pub serial: Option<u32>,
    pub name: String,
    /// The 单位 column, when the table has one (`—` means none and gives null).
    pub unit: Option<String>,
    pub target: Target,
    /// 指标属性 (约束性/参考性), when the table has that column.
    pub attribute: Option<String>,
    pub departments: Vec<String>,
    /// Columns the parser has no field for, header → cell text.
    pub extra: BTreeMap<String, String>,
    pub line: usize,
    /// The page the record starts on, for a PDF (null for every other format).
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    pub raw: String,
    pub kind: TargetKind,
    /// `>`, `>=`, `<`, `<=` or `=`.
    pub op: Option<String>,
    pub value: Option<f64>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub regions: Vec<RegionTarget>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A comparator and a number: `>90%`, `≥20`, `100%`.
    Numeric,
    /// A change relative to a baseline: `下降5%`, `提高2个百分点` (direction, value, unit).
    Change,
    /// One comparator and number per region: `山区>60% 丘陵区>40%`.
    Regional,
    /// A direction only: `稳定提高`, `不减少`, `建立实施`.
    Qualitative,
    #[default]
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
    NoDecrease,
    NoIncrease,
    Maintain,
    Establish,
    Implement,
    Achieve,
    MeetStandard,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RegionTarget {
    pub region: String,
    pub op: String,
    pub value: f64,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    pub id: String,
    /// Title of the （一） group the task belongs to.
    pub group: Option<String>,
    pub group_number: Option<u32>,
    /// The task's own number (1．); null when a group with no numbered items is itself the task.
    pub number: Option<u32>,
    pub title: String,
    pub text: String,
    /// Every department named, once each: leads, then the responsible, then supporters.
    pub departments: Vec<String>,
    /// 牵头单位 / 牵头部门 (and the first of 责任单位 where the text says the first named leads).
    pub lead_departments: Vec<String>,
    /// 配合单位 / 协办单位 / 参与单位.
    pub support_departments: Vec<String>,
    /// 责任单位 / 责任部门, named without saying who leads.
    #[serde(default)]
    pub responsible_departments: Vec<String>,
    /// 完成时限 / 时间节点, from the task's lines or its row of a task-division table.
    #[serde(default)]
    pub deadline: Option<Deadline>,
    /// 具体措施 of the task's row in a task-division table.
    #[serde(default)]
    pub measures: Option<String>,
    /// The other columns of its row in a task-division table (备注, an unknown header), header → cell text.
    #[serde(default)]
    pub extra: BTreeMap<String, String>,
    pub line: usize,
    /// The page the record starts on, for a PDF (null for every other format).
    pub page: Option<u32>,
}

/// When a task is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    /// As written: `2020年12月底前`, `长期坚持`.
    pub raw: String,
    /// ISO `YYYY-MM-DD`: the last milestone's date (`by` only; null when the year is not known).
    pub date: Option<String>,
    pub kind: DeadlineKind,
    /// Every dated point of the text, in order (`6月底前完成方案，12月底前全面完成` gives two).
    pub milestones: Vec<Milestone>,
}

impl Deadline {
    /// A deadline not yet read (the plan's year is known only later): kept as text until then.
    pub fn unread(raw: String) -> Self {
        Deadline { raw, date: None, kind: DeadlineKind::Text, milestones: Vec::new() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Due by a date: `2021年6月底前`, `年底前`, `第三季度`.
    By,
    /// Never ends: `长期坚持`, `持续推进`.
    Ongoing,
    /// Comes back at fixed times: `每季度`, `每月`.
    Recurring,
    /// Kept as written (an info diagnostic says so).
    Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Milestone {
    /// The clause that names the date: `6月底前完成方案`.
    pub raw: String,
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Project {
    pub id: String,
    pub category: Option<String>,
    pub serial: Option<u32>,
    pub name: String,
    pub content: Option<String>,
    pub location: Option<String>,
    pub period: Option<Period>,
    pub investment: Option<Amount>,
    pub units: Vec<String>,
    pub extra: BTreeMap<String, String>,
    pub line: usize,
    /// The page the record starts on, for a PDF (null for every other format).
    pub page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Period {
    pub raw: String,
    pub start: Option<i32>,
    pub end: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Amount {
    pub raw: String,
    pub value: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub caption: Option<String>,
    pub line: usize,
    pub header: Vec<Vec<String>>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    pub level: Level,
    pub code: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(level: Level, code: &str, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { level, code: code.to_string(), line, message: message.into() }
    }
}

/// Collects diagnostics while the stages run.
#[derive(Debug, Default)]
pub struct Diags(pub Vec<Diagnostic>);

impl Diags {
    pub fn info(&mut self, code: &str, line: Option<usize>, msg: impl Into<String>) {
        self.0.push(Diagnostic::new(Level::Info, code, line, msg));
    }
    pub fn warn(&mut self, code: &str, line: Option<usize>, msg: impl Into<String>) {
        self.0.push(Diagnostic::new(Level::Warning, code, line, msg));
    }
    pub fn error(&mut self, code: &str, line: Option<usize>, msg: impl Into<String>) {
        self.0.push(Diagnostic::new(Level::Error, code, line, msg));
    }
}
