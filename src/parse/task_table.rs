//! Task-division tables (重点任务分解表, 任务清单, 责任分工表): a grid whose columns name a task and who does it →
//! rows joined to the plan's tasks (roles, deadline, 具体措施), found by column names, never by position.

use crate::model::{Deadline, DeadlineKind, Diags, Task};
use crate::read::columns::Role;
use crate::read::grid::Grid;
use crate::text::{content_id, fold};

/// One row of a task-division table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskRow {
    pub line: usize,
    pub serial: Option<u32>,
    pub title: String,
    pub measures: Option<String>,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub responsible: Vec<String>,
    pub deadline: Option<String>,
    /// The columns the row has no field for, header → text.
    pub extra: std::collections::BTreeMap<String, String>,
}

/// The column naming the task: 重点任务 (the task-layer role) or a header with 任务 / 重点工作 / 工作事项 in it.
fn task_column(g: &Grid) -> Option<usize> {
    g.col(Role::TaskLayer).or_else(|| {
        g.columns.iter().position(|c| {
            let h = fold(&c.header);
            c.role.is_none()
                && ["任务", "重点工作", "工作事项", "工作内容"].iter().any(|w| h.contains(w))
                && !h.contains("措施")
        })
    })
}

/// The column of 具体措施 / 工作措施 / 主要内容.
fn measures_column(g: &Grid) -> Option<usize> {
    g.columns.iter().position(|c| fold(&c.header).contains("措施")).or_else(|| g.col(Role::Content))
}

/// A grid is a task-division table when it names a task and a responsibility, and is no indicator or project
/// table (the caller asks those first).
pub fn is_task_grid(g: &Grid) -> bool {
    task_column(g).is_some() && (g.has(Role::Departments) || g.has(Role::SupportDepartments)) && !g.has(Role::Target)
}

/// The role a department column gives the names in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Lead,
    Responsible,
    Support,
}

/// Which role a department column gives: 牵头/主办/主责 lead, 配合/协办/参与 support, 责任/负责 responsible.
fn column_role(header: &str, role: Role) -> Option<Named> {
    let h = fold(header);
    // 责任人, 牵头领导, 联系人: people, not departments (their column goes into `extra`).
    if h.ends_with('人') || h.contains("领导") {
        return None;
    }
    match role {
        Role::SupportDepartments => Some(Named::Support),
        Role::Departments if ["牵头", "主办", "主责"].iter().any(|w| h.contains(w)) => Some(Named::Lead),
        Role::Departments => Some(Named::Responsible),
        _ => None,
    }
}

/// The rows of a task-division table; the grid's rows are moved out. A row with neither 序号 nor task (a merged
/// cell the source did not mark) continues the row above; a total row or a row naming no task is said, not kept.
pub fn rows(g: &mut Grid, diags: &mut Diags) -> Vec<TaskRow> {
    let Some(tc) = task_column(g) else { return Vec::new() };
    let mc = measures_column(g);
    let serial = g.col(Role::Serial);
    let period = g.col(Role::Period);
    let dept_cols: Vec<(usize, Named)> = g
        .columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.role.and_then(|r| column_role(&c.header, r)).map(|k| (i, k)))
        .collect();
    // The other columns go into `extra` (and are said, as for indicator and project tables).
    let extra_cols: Vec<usize> = (0..g.width())
        .filter(|&i| ![Some(tc), mc, serial, period].contains(&Some(i)) && !dept_cols.iter().any(|&(d, _)| d == i))
        .collect();
    crate::read::grid::report_extra_columns(g, "task", &extra_cols, diags);
    let mut out: Vec<TaskRow> = Vec::new();
    for mut row in std::mem::take(&mut g.rows) {
        let extra = g.take_extra(&mut row.cells, &extra_cols);
        let cells = &row.cells;
        let text =
            |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.text.trim().to_string()).unwrap_or_default();
        let all = || cells.iter().map(|c| c.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" | ");
        if crate::read::grid::is_total_row(cells) {
            diags.info("task_table.total_row", Some(row.line), format!("total row of a task table: {}", all()));
            continue;
        }
        let title = text(Some(tc));
        let serial_text = text(serial);
        let continues = title.is_empty() && serial_text.is_empty();
        let mut r = match out.last_mut() {
            Some(prev) if continues => {
                diags.info(
                    "task_table.continuation",
                    Some(row.line),
                    format!("row without 序号 or task continues the row of \"{}\"", prev.title),
                );
                std::mem::take(prev)
            }
            _ if title.is_empty() => {
                diags.info(
                    "task_table.row_without_task",
                    Some(row.line),
                    format!("task table row names no task: {}", all()),
                );
                continue;
            }
            _ => TaskRow {
                line: row.line,
                title,
                serial: crate::text::serial_number(&serial_text),
                ..TaskRow::default()
            },
        };
        let join = |to: &mut Option<String>, t: String| {
            if !t.is_empty() {
                *to = Some(match to.take() {
                    Some(before) => format!("{before}\n{t}"),
                    None => t,
                });
            }
        };
        join(&mut r.measures, text(mc));
        for (k, v) in extra {
            let mut slot = r.extra.remove(&k);
            join(&mut slot, v);
            if let Some(v) = slot {
                r.extra.insert(k, v);
            }
        }
        join(&mut r.deadline, text(period));
        for &(i, k) in &dept_cols {
            let Some(c) = cells.get(i) else { continue };
            let to = match k {
                Named::Lead => &mut r.lead,
                Named::Responsible => &mut r.responsible,
                Named::Support => &mut r.support,
            };
            if crate::parse::departments::merge_into(to, c.list_text()) {
                diags.info(
                    "departments.split_guessed",
                    Some(row.line),
                    format!("\"{}\" split by name shape", c.text.trim()),
                );
            }
        }
        match out.last_mut() {
            Some(prev) if continues => *prev = r,
            _ => out.push(r),
        }
    }
    out
}

/// Character bigrams of a folded title (a one-character title is its own bigram).
fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> =
        fold(s).chars().filter(|c| !crate::text::is_cjk_punct(*c) && !c.is_ascii_punctuation()).collect();
    let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
    if v.is_empty()
        && let Some(&x) = c.first()
    {
        v.push((x, x));
    }
    v.sort_unstable();
    v.dedup();
    v
}

/// How much two titles share: the bigrams they have in common over the shorter title's (a table shortens
/// titles: 水源地排查 for 开展饮用水水源地排查 scores 1).
pub fn title_score(a: &str, b: &str) -> f64 {
    overlap(&bigrams(a), &bigrams(b))
}

/// [`title_score`] of two titles' bigrams.
fn overlap(x: &[(char, char)], y: &[(char, char)]) -> f64 {
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.iter().filter(|p| y.binary_search(p).is_ok()).count();
    common as f64 / x.len().min(y.len()) as f64
}

/// A pair in document order is kept from this score on; a pair out of order needs [`MATCH`].
const IN_ORDER: f64 = 0.3;
const MATCH: f64 = 0.5;

/// Join the rows to the tasks: row k and task k in document order first, checked by title similarity and
/// corrected where another task's title fits the row better. A matched task takes the row's roles, deadline
/// and measures (the table wins where the text named other departments, with a diagnostic); a row that
/// matches no task becomes a task; a task the table leaves out gets a warning.
pub fn join(tasks: &mut Vec<Task>, rows: Vec<TaskRow>, table_line: usize, diags: &mut Diags) {
    // Every candidate pair, best first: the score, with a small bonus for document order.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    // Each title's bigrams once. A group that is itself the task is titled by its group; its text's first
    // sentence names it too.
    let task_grams: Vec<_> = tasks
        .iter()
        .map(|t| (bigrams(&t.title), bigrams(t.text.split(['。', '；', '\n']).next().unwrap_or(""))))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let row_grams = bigrams(&row.title);
        for (t, (title, first)) in task_grams.iter().enumerate() {
            let s = overlap(&row_grams, title).max(overlap(&row_grams, first));
            let in_order = r == t;
            if s >= MATCH || (in_order && s >= IN_ORDER) {
                pairs.push((s + if in_order { 0.2 } else { 0.0 }, r, t));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut row_task = vec![None; rows.len()];
    let mut taken = vec![false; tasks.len()];
    for (_, r, t) in pairs {
        if row_task[r].is_none() && !taken[t] {
            row_task[r] = Some(t);
            taken[t] = true;
        }
    }
    for (r, t) in row_task.iter().enumerate() {
        if let Some(t) = *t
            && t != r
        {
            diags.info(
                "task_table.reordered",
                Some(rows[r].line),
                format!(
                    "table row \"{}\" matched task \"{}\" by title, not by its place",
                    rows[r].title, tasks[t].title
                ),
            );
        }
    }
    let n_tasks = tasks.len();
    for (row, t) in rows.into_iter().zip(row_task) {
        match t {
            Some(t) => apply(&mut tasks[t], row, diags),
            None => {
                diags.info(
                    "task_table.unmatched_row",
                    Some(row.line),
                    format!("table row \"{}\" matches no task of the text: kept as a task of its own", row.title),
                );
                let mut task = Task {
                    id: content_id("task", &row.title),
                    group: None,
                    group_number: None,
                    number: row.serial,
                    title: row.title.clone(),
                    text: String::new(),
                    departments: Vec::new(),
                    lead_departments: Vec::new(),
                    support_departments: Vec::new(),
                    responsible_departments: Vec::new(),
                    deadline: None,
                    measures: None,
                    extra: Default::default(),
                    line: row.line,
                    page: None,
                };
                apply(&mut task, row, diags);
                tasks.push(task);
            }
        }
    }
    for (t, task) in tasks.iter().enumerate().take(n_tasks) {
        if !taken[t] {
            diags.warn(
                "task_table.task_missing",
                Some(task.line),
                format!("task \"{}\" is not in the task table at line {table_line}", task.title),
            );
        }
    }
    crate::text::uniquify(tasks.iter_mut().map(|t| &mut t.id));
}

/// A task takes a row: its roles (the table wins), deadline and measures.
fn apply(task: &mut Task, row: TaskRow, diags: &mut Diags) {
    let named = !row.lead.is_empty() || !row.support.is_empty() || !row.responsible.is_empty();
    if named {
        let mut before = task.departments.clone();
        let mut after: Vec<String> = row.lead.iter().chain(&row.responsible).chain(&row.support).cloned().collect();
        before.sort();
        after.sort();
        if !before.is_empty() && before != after {
            diags.info(
                "task_table.departments_differ",
                Some(task.line),
                format!(
                    "task \"{}\": the text names {} but the table (line {}) {}; the table's are kept",
                    task.title,
                    task.departments.join("、"),
                    row.line,
                    after.join("、")
                ),
            );
        }
        task.lead_departments = row.lead;
        task.responsible_departments = row.responsible;
        task.support_departments = row.support;
        task.departments = crate::parse::tasks::all_departments(task);
    }
    if let Some(raw) = row.deadline {
        task.deadline = Some(Deadline { raw, date: None, kind: DeadlineKind::Text, milestones: Vec::new() });
    }
    if row.measures.is_some() {
        task.measures = row.measures;
    }
    task.extra.extend(row.extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(title: &str, text: &str, responsible: &[&str]) -> Task {
        let names: Vec<String> = responsible.iter().map(|s| s.to_string()).collect();
        Task {
            id: content_id("task", title),
            group: None,
            group_number: None,
            number: None,
            title: title.into(),
            text: text.into(),
            departments: names.clone(),
            lead_departments: Vec::new(),
            support_departments: Vec::new(),
            responsible_departments: names,
            deadline: None,
            measures: None,
            extra: Default::default(),
            line: 1,
            page: None,
        }
    }

    fn row(title: &str, lead: &[&str], support: &[&str], line: usize) -> TaskRow {
        TaskRow {
            line,
            title: title.into(),
            lead: lead.iter().map(|s| s.to_string()).collect(),
            support: support.iter().map(|s| s.to_string()).collect(),
            deadline: Some("年底前".into()),
            ..TaskRow::default()
        }
    }

    fn codes(d: &Diags) -> Vec<&str> {
        d.0.iter().map(|x| x.code.as_str()).collect()
    }

    #[test]
    fn rows_join_in_order_and_the_table_wins() {
        let mut tasks = vec![task("治理水环境", "", &["甲局"]), task("保护林地", "", &[])];
        let mut d = Diags::default();
        join(
            &mut tasks,
            vec![row("治理水环境", &["乙局"], &["丙局"], 10), row("保护林地", &["丁局"], &[], 11)],
            9,
            &mut d,
        );
        assert_eq!(
            (tasks[0].lead_departments.clone(), tasks[0].support_departments.clone()),
            (vec!["乙局".to_string()], vec!["丙局".to_string()])
        );
        assert!(tasks[0].responsible_departments.is_empty());
        assert_eq!(tasks[0].departments, ["乙局", "丙局"]);
        assert_eq!(tasks[0].deadline.as_ref().map(|x| x.raw.as_str()), Some("年底前"));
        assert_eq!(tasks[1].lead_departments, ["丁局"]);
        // The text named 甲局: the table's names are kept and a diagnostic says so.
        assert_eq!(codes(&d), ["task_table.departments_differ"]);
    }

    #[test]
    fn out_of_order_rows_are_matched_by_title_and_strangers_become_tasks() {
        let mut tasks =
            vec![task("开展水源地排查", "", &[]), task("推进污水管网改造", "", &[]), task("整治黑臭水体", "", &[])];
        let mut d = Diags::default();
        let rows = vec![
            row("管网改造", &["乙局"], &[], 10),
            row("水源地排查", &["甲局"], &[], 11),
            row("建设信息平台", &["丙局"], &[], 12),
        ];
        join(&mut tasks, rows, 9, &mut d);
        assert_eq!(tasks[0].lead_departments, ["甲局"]);
        assert_eq!(tasks[1].lead_departments, ["乙局"]);
        assert!(tasks[2].departments.is_empty());
        assert_eq!((tasks.len(), tasks[3].title.as_str(), tasks[3].line), (4, "建设信息平台", 12));
        assert_eq!(
            codes(&d),
            ["task_table.reordered", "task_table.reordered", "task_table.unmatched_row", "task_table.task_missing"]
        );
    }

    #[test]
    fn people_columns_are_no_department_columns() {
        assert_eq!(column_role("牵头单位", Role::Departments), Some(Named::Lead));
        assert_eq!(column_role("责任单位", Role::Departments), Some(Named::Responsible));
        assert_eq!(column_role("配合单位", Role::SupportDepartments), Some(Named::Support));
        assert_eq!(column_role("责任人", Role::Departments), None);
        assert_eq!(column_role("牵头领导", Role::Departments), None);
    }

    #[test]
    fn shortened_and_reworded_titles_score() {
        assert_eq!(title_score("水源地排查", "开展饮用水水源地排查"), 1.0);
        assert!(title_score("推进管网改造", "推进污水管网改造") >= 0.75);
        assert!(title_score("建设污水处理设施", "建设农村污水处理设施") >= 0.8);
        assert_eq!(title_score("建立河湖信息化平台", "开展黑臭水体排查"), 0.0);
        assert_eq!(title_score("", "甲"), 0.0);
    }
}
