//! Indicators: an indicator grid → one record per indicator row, with goal, task and serial carried down
//! from merged cells, the target parsed and the departments split.

use crate::model::{Diags, Indicator};
use crate::parse::departments;
use crate::parse::targets;
use crate::read::columns::Role;
use crate::read::grid::{Grid, is_total_row};
use crate::text::{content_id, dedupe_repeat, uniquify};

/// A grid is an indicator table when it names indicators and their targets.
pub fn is_indicator_grid(g: &Grid) -> bool {
    (g.has(Role::IndicatorName) || g.has(Role::Name)) && g.has(Role::Target) && !g.has(Role::ProjectName)
}

/// The grid's rows are moved out: the texts a record keeps move into it instead of being copied.
pub fn extract(g: &mut Grid, diags: &mut Diags) -> Vec<Indicator> {
    let rows = std::mem::take(&mut g.rows);
    let g: &Grid = g;
    let extra_cols = g.extra_columns(&[
        Role::Goal,
        if g.has(Role::Goal) { Role::Goal } else { Role::Category },
        Role::TaskLayer,
        Role::Serial,
        Role::IndicatorName,
        Role::Name,
        Role::Target,
        Role::Unit,
        Role::Attribute,
        Role::Departments,
        Role::SupportDepartments,
    ]);
    crate::read::grid::report_extra_columns(g, "indicator", &extra_cols, diags);
    let name_role = if g.has(Role::IndicatorName) { Role::IndicatorName } else { Role::Name };
    // A 类别 column of an indicator table is its goal layer when it has no 目标层/领域 column.
    let goal_role = if g.has(Role::Goal) { Role::Goal } else { Role::Category };
    let (mut goal, mut task, mut serial): (Option<String>, Option<String>, Option<u32>) = (None, None, None);
    let mut out: Vec<Indicator> = Vec::with_capacity(rows.len());
    for mut row in rows {
        let cells = &row.cells;
        if is_total_row(cells) {
            continue;
        }
        if let Some(group) = crate::read::grid::group_row(g, cells) {
            diags.info("indicator.group_row", Some(row.line), format!("row names a goal: {group}"));
            goal = Some(group);
            task = None;
            continue;
        }
        let g_text = dedupe_repeat(g.text_of(cells, goal_role));
        if !g_text.is_empty() {
            goal = Some(g_text);
            task = None;
        }
        let t_text = dedupe_repeat(g.text_of(cells, Role::TaskLayer));
        if !t_text.is_empty() {
            task = Some(t_text);
        }
        let s_text = g.text_of(cells, Role::Serial);
        if !s_text.is_empty() {
            match crate::text::serial_number(s_text) {
                Some(n) => serial = Some(n),
                None => diags.warn("indicator.serial", Some(row.line), format!("serial \"{s_text}\" is not a number")),
            }
        }
        let name = g.text_of(cells, name_role);
        let target_raw = g.text_of(cells, Role::Target);
        let dept_text = g.list_of(cells, Role::Departments);
        let support_text = g.list_of(cells, Role::SupportDepartments);
        if name.is_empty() {
            if target_raw.is_empty() && dept_text.is_empty() {
                continue; // a row that only carries merged goal/task text
            }
            diags.warn(
                "indicator.no_name",
                Some(row.line),
                "row has a target or departments but no indicator name; added to the indicator above",
            );
            if let Some(prev) = out.last_mut() {
                departments::merge_into(&mut prev.departments, dept_text);
            }
            continue;
        }
        let unit = Some(g.text_of(cells, Role::Unit))
            .filter(|u| !u.is_empty() && !matches!(*u, "—" | "-" | "/" | "——" | "无"));
        let target = targets::parse(target_raw, unit);
        if target_raw.is_empty() {
            diags.warn("indicator.no_target", Some(row.line), format!("indicator \"{name}\" has no target"));
        } else if target.kind == crate::model::TargetKind::Text {
            diags.info("target.unparsed", Some(row.line), format!("target \"{target_raw}\" kept as text only"));
        }
        let mut split = departments::split(dept_text);
        departments::merge_into(&mut split.names, support_text);
        if split.guessed {
            diags.info(
                "departments.split_guessed",
                Some(row.line),
                format!("\"{}\" split by name shape into: {}", dept_text.replace('\n', " "), split.names.join("、")),
            );
        }
        if split.names.is_empty() {
            diags.warn("indicator.no_departments", Some(row.line), format!("indicator \"{name}\" names no department"));
        }
        let id = content_id("ind", name);
        let unit = unit.map(str::to_string);
        // Nothing borrowed from the row is used after this point: the kept texts move out of it.
        let cells = &mut row.cells;
        let name = g.take_text(cells, name_role);
        let attribute = Some(g.take_text(cells, Role::Attribute)).filter(|a| !a.is_empty());
        let extra = g.take_extra(cells, &extra_cols);
        out.push(Indicator {
            id,
            goal: goal.clone(),
            task: task.clone(),
            serial,
            name,
            unit,
            target,
            attribute,
            departments: split.names,
            extra,
            line: row.line,
            page: None,
        });
    }
    uniquify(out.iter_mut().map(|i| &mut i.id));
    out
}
