//! Export: parsed notices → flat tables with Chinese column titles, written as CSV, Excel or SQLite.
//!
//! [`tables`] turns one [`Document`] into its three tables (指标, 任务, 项目), shared by the CSV and
//! Excel writers; [`export_one`] writes one document to one sink; [`run`] is the `export` command.

use crate::error::Error;
use crate::model::{Direction, Document, Indicator, Level, Project, Target, TargetKind, Task};
use crate::{export_csv, export_sqlite, export_xlsx, output};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
pub const TASK_COLUMNS: [&str; 10] =
    ["编号", "任务组序号", "任务组", "序号", "任务", "内容", "牵头单位", "配合单位", "责任单位", "行号"];

fn task_row(t: &Task) -> [Cell; 10] {
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

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Three CSV files per notice (UTF-8 with BOM): <stem>.indicators.csv, .tasks.csv, .projects.csv.
    Csv,
    /// One workbook per notice, <stem>.xlsx, with the sheets 指标, 任务, 项目.
    Xlsx,
    /// Every notice into one SQLite database (--db).
    Sqlite,
}

/// Where one document goes.
pub enum Sink<'a> {
    /// CSV or Excel files named `<dir>/<stem>.…`.
    Files { format: Format, dir: &'a Path, stem: &'a str },
    /// An open transaction on the database (the caller commits).
    Sqlite { tx: &'a rusqlite::Transaction<'a>, db: &'a Path },
}

/// Write one parsed document to one sink; returns the files written (none for SQLite).
pub fn export_one(doc: &Document, sink: &Sink) -> Result<Vec<PathBuf>, Error> {
    match sink {
        Sink::Files { format: Format::Csv, dir, stem } => export_csv::write(doc, dir, stem),
        Sink::Files { format: Format::Xlsx, dir, stem } => export_xlsx::write(doc, dir, stem).map(|p| vec![p]),
        Sink::Files { format: Format::Sqlite, .. } => {
            Err(Error::Other("sqlite export needs a database, not an output folder".into()))
        }
        Sink::Sqlite { tx, db } => export_sqlite::load(tx, doc, db).map(|_| Vec::new()),
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Folder for CSV and Excel files.
    pub out_dir: PathBuf,
    /// The database file, for [`Format::Sqlite`].
    pub db: Option<PathBuf>,
    pub max_bytes: u64,
}

/// What one `export` run did.
#[derive(Debug, Default)]
pub struct Summary {
    /// Notices exported.
    pub exported: usize,
    /// Files written (CSV/Excel).
    pub written: Vec<PathBuf>,
    /// Notices not exported, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Where they went: the output folder or the database.
    pub target: PathBuf,
}

impl Summary {
    /// The lines `export` prints at the end, on standard error.
    pub fn report(&self) -> String {
        let mut s = format!("plandoc: exported {} notice(s) to {}", self.exported, self.target.display());
        if !self.written.is_empty() {
            s.push_str(&format!(" ({} files)", self.written.len()));
        }
        s.push('\n');
        if !self.failed.is_empty() {
            s.push_str(&format!("plandoc: {} failed:\n", self.failed.len()));
            for (f, why) in &self.failed {
                s.push_str(&format!("  {}: {why}\n", f.display()));
            }
        }
        s
    }
}

/// Warnings and errors of a parse as `file:line: level: message [code]` lines, for standard error.
pub fn diagnostic_lines(file: &Path, doc: &Document) -> Vec<String> {
    doc.diagnostics
        .iter()
        .filter(|d| d.level >= Level::Warning)
        .map(|d| {
            let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            let level = if d.level == Level::Error { "error" } else { "warning" };
            format!("{}{at}: {level}: {} [{}]", file.display(), d.message, d.code)
        })
        .collect()
}

/// Parse one file for export: its warnings go to `log`; a parse with errors is refused, as `parse` does.
pub fn parse_for_export(file: &Path, max_bytes: u64, log: &mut dyn FnMut(&str)) -> Result<Document, String> {
    let doc = crate::parse_file(file, &crate::Options { max_bytes }).map_err(|e| e.to_string())?;
    for l in diagnostic_lines(file, &doc) {
        log(&l);
    }
    if crate::has_errors(&doc) {
        return Err(format!("{}: not used: the parse has errors", file.display()));
    }
    Ok(doc)
}

/// True for errors in the command line itself (a missing input, an empty folder, no --db): exit code 2.
pub fn is_usage_error(e: &Error) -> bool {
    matches!(e, Error::NotFound { .. } | Error::NothingToParse { .. } | Error::Usage(_))
}

/// The `export` command: every notice under `inputs`, in sorted order, to `opts.format`.
///
/// A notice that cannot be read or parses with errors is reported in [`Summary::failed`] and skipped.
/// For SQLite all notices of the run are loaded in one transaction: a database error rolls back the
/// whole run and is returned as `Err`, leaving the database as it was.
pub fn run(inputs: &[PathBuf], opts: &ExportOptions, log: &mut dyn FnMut(&str)) -> Result<Summary, Error> {
    let files = output::collect_inputs(inputs)?;
    let mut summary = Summary { target: opts.out_dir.clone(), ..Summary::default() };
    match opts.format {
        Format::Csv | Format::Xlsx => {
            let names = output::output_names(&files);
            for (file, name) in files.iter().zip(&names) {
                let stem = name.strip_suffix(".json").unwrap_or(name);
                let sink = Sink::Files { format: opts.format, dir: &opts.out_dir, stem };
                let done = parse_for_export(file, opts.max_bytes, log)
                    .and_then(|doc| export_one(&doc, &sink).map_err(|e| e.to_string()));
                match done {
                    Ok(paths) => {
                        summary.exported += 1;
                        summary.written.extend(paths);
                    }
                    Err(why) => summary.failed.push((file.clone(), why)),
                }
            }
        }
        Format::Sqlite => {
            let db = opts.db.as_deref().ok_or_else(|| Error::Usage("--format sqlite needs --db FILE".into()))?;
            summary.target = db.to_path_buf();
            let mut conn = export_sqlite::open(db)?;
            let tx = conn.transaction().map_err(|e| export_sqlite::db_error(db, e))?;
            for file in &files {
                match parse_for_export(file, opts.max_bytes, log) {
                    Ok(doc) => {
                        export_one(&doc, &Sink::Sqlite { tx: &tx, db })?;
                        summary.exported += 1;
                    }
                    Err(why) => summary.failed.push((file.clone(), why)),
                }
            }
            tx.commit().map_err(|e| export_sqlite::db_error(db, e))?;
        }
    }
    Ok(summary)
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
