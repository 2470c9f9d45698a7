//! Report: the types of a diff report (what changed, per kind, per field, per department), shared by the pairing,
//! the field comparison and the renderers.

use crate::model::{Indicator, Project, Task};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole comparison of OLD → NEW.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub summary: Summary,
    /// What a reader should know before trusting the comparison: two different regions or issuers, a
    /// "new" plan older than the old one. The diff still runs.
    pub warnings: Vec<Warning>,
    pub notice: NoticeDiff,
    pub indicators: KindDiff<Indicator>,
    pub tasks: KindDiff<Task>,
    pub projects: KindDiff<Project>,
    /// Display name → what that department newly owns and no longer owns. Only departments with a change.
    pub departments: BTreeMap<String, DepartmentChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// True when nothing below counts as a change (the exit status is then 0).
    pub same: bool,
    pub old: SideSummary,
    pub new: SideSummary,
    /// Header fields changed.
    pub notice: usize,
    pub indicators: Counts,
    pub tasks: Counts,
    pub projects: Counts,
    /// Departments that newly own or no longer own something.
    pub departments: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideSummary {
    /// The path as given on the command line (or the parsed document's own source path).
    pub path: String,
    pub title: Option<String>,
    pub year: Option<i32>,
    pub indicators: usize,
    pub tasks: usize,
    pub projects: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    pub changed: usize,
    /// Items that differ only by periods or deadlines moved with the plan year (延续): not changes.
    pub carried_over: usize,
    pub unchanged: usize,
}

/// A reason to read the comparison with care; `code` is stable, `message` is for people (Chinese).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// `diff.region_differs`, `diff.issuer_differs`, `diff.new_is_older`.
    pub code: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NoticeDiff {
    /// Header fields (`notice.*`, `plan.title`, `plan.region`, `plan.year`) both sides state, that differ.
    pub changed: Vec<FieldChange>,
    /// Header fields that differ only by dates moved with the plan year (a deadline in the body): not changes.
    #[serde(default)]
    pub carried_over: Vec<FieldChange>,
    /// Header fields only one side states (a copy without its 发文字号, a plan without its notice): not
    /// counted as changes, because a copy that omits a field says nothing about it.
    pub one_sided: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindDiff<T> {
    /// Items only NEW has, in NEW's order.
    pub added: Vec<T>,
    /// Items only OLD has, in OLD's order.
    pub removed: Vec<T>,
    /// Items matched by name similarity, with every changed field (the name among them).
    pub renamed: Vec<Change<T>>,
    /// Items matched by content whose fields differ.
    pub changed: Vec<Change<T>>,
    /// Items whose only differences are periods or deadlines tied to the plan year and moved with it
    /// (`2024年` → `2025年`): carried over (延续), counted apart and not changes.
    pub carried_over: Vec<Change<T>>,
}

impl<T> Default for KindDiff<T> {
    fn default() -> Self {
        KindDiff {
            added: Vec::new(),
            removed: Vec::new(),
            renamed: Vec::new(),
            changed: Vec::new(),
            carried_over: Vec::new(),
        }
    }
}

impl<T> KindDiff<T> {
    /// No change (carried-over items are no change).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.renamed.is_empty() && self.changed.is_empty()
    }
}

/// One item in both versions and what differs between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change<T> {
    /// For a rename: how alike the two names are (0..1, two decimals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    pub old: T,
    pub new: T,
    pub changes: Vec<FieldChange>,
    /// Fields that moved with the plan year (延续); not changes. For an item in `carried_over`, all of its
    /// differences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried_over: Vec<FieldChange>,
}

/// One field, old → new. `old`/`new` are null when that side has no value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For numeric targets and amounts: which way the number moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    /// For lists (departments, units, recipients …): members only NEW has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// For lists: members only OLD has.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// For periods: the start year, when it moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Move>,
    /// For periods: the end year, when it moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Move>,
    /// For periods and deadlines compared as dates: how far the end moved (later: 延期, earlier: 提前).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<Shift>,
}

/// How far a period's or deadline's end moved, in the unit both texts can tell (2023～2024年 → 2023～2025年:
/// 1 year; 6月底前 → 9月底前: 3 months).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shift {
    /// Positive: later (延期); negative: earlier (提前).
    pub amount: i64,
    pub unit: ShiftUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShiftUnit {
    Day,
    Month,
    Year,
}

impl FieldChange {
    pub fn new(field: &str, old: Option<String>, new: Option<String>) -> Self {
        FieldChange {
            field: field.to_string(),
            old,
            new,
            trend: None,
            added: Vec::new(),
            removed: Vec::new(),
            start: None,
            end: None,
            shift: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// A higher floor (>90% → >92%) or a lower ceiling (≤0.42 → ≤0.40).
    Tightened,
    /// A lower floor or a higher ceiling.
    Loosened,
    /// An exact number (or an amount) went up.
    Increased,
    /// An exact number (or an amount) went down.
    Decreased,
    /// Regional targets that moved in different directions.
    Mixed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    pub old: Option<i32>,
    pub new: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentChange {
    /// `new`: owns nothing in OLD; `gone`: owns nothing in NEW; `changed`: owns things in both.
    pub status: DepartmentStatus,
    /// Every spelling of the department in either plan ("水务局", "区水务局").
    pub forms: Vec<String>,
    pub newly_owns: Owned,
    pub no_longer_owns: Owned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentStatus {
    New,
    Gone,
    Changed,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Owned {
    pub indicators: Vec<ItemRef>,
    pub tasks: Vec<ItemRef>,
    pub projects: Vec<ItemRef>,
}

impl Owned {
    pub fn is_empty(&self) -> bool {
        self.indicators.is_empty() && self.tasks.is_empty() && self.projects.is_empty()
    }
}

/// An item by id and name (NEW's, except for a removed item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemRef {
    pub id: String,
    pub name: String,
}
