//! Projects: a key-project grid → one record per project, with the category carried down, continuation
//! rows joined to the project above, periods and investments parsed, and the total row checked.

use crate::columns::{Role, header_unit};
use crate::departments;
use crate::grid::{Grid, is_total_row};
use crate::indicators::column_name;
use crate::model::{Amount, Diags, Period, Project};
use crate::pattern::{Regex, static_re};
use crate::text::{content_id, dedupe_repeat, uniquify, year_digits};
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub fn is_project_grid(g: &Grid) -> bool {
    g.has(Role::ProjectName)
        || (g.has(Role::Name) && (g.has(Role::Content) || g.has(Role::Period) || g.has(Role::Location)))
}

/// What the table's 合计 row says, for the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub line: usize,
    pub investment: Option<f64>,
}

pub fn extract(g: &Grid, diags: &mut Diags) -> (Vec<Project>, Vec<Total>) {
    let name_role = if g.has(Role::ProjectName) { Role::ProjectName } else { Role::Name };
    let known = [
        Role::Category,
        Role::Serial,
        name_role,
        Role::Content,
        Role::Location,
        Role::Period,
        Role::Investment,
        Role::Departments,
        Role::SupportDepartments,
    ];
    let extra_cols: Vec<usize> = (0..g.width())
        .filter(|&i| match g.columns[i].role {
            Some(r) => !known.contains(&r) || g.col(r) != Some(i),
            None => true,
        })
        .collect();
    crate::grid::report_extra_columns(g, "project", &extra_cols, diags);
    let invest_unit = g.col(Role::Investment).and_then(|i| header_unit(&g.columns[i].header));
    let get = |cells: &[crate::tables::Cell], role: Role| -> String {
        g.col(role).and_then(|i| cells.get(i)).map(|c| c.text.clone()).unwrap_or_default()
    };
    let get_list = |cells: &[crate::tables::Cell], role: Role| -> String {
        g.col(role).and_then(|i| cells.get(i)).map(|c| c.list_text()).unwrap_or_default()
    };
    let mut category: Option<String> = None;
    let mut out: Vec<Project> = Vec::new();
    let mut totals = Vec::new();
    for row in &g.rows {
        let cells = &row.cells;
        if is_total_row(cells) {
            // The first number after the label is the total investment.
            let value = cells.iter().skip(1).find_map(|c| parse_number(&c.text));
            let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).filter(|t| !t.is_empty()).collect();
            diags.info("project.total_row", Some(row.line), format!("total row, not a project: {}", texts.join(" ")));
            totals.push(Total { line: row.line, investment: value });
            continue;
        }
        if let Some(group) = crate::grid::group_row(g, cells) {
            diags.info("project.group_row", Some(row.line), format!("row names a category: {group}"));
            category = Some(group);
            continue;
        }
        let cat = dedupe_repeat(&get(cells, Role::Category));
        if !cat.is_empty() {
            category = Some(cat);
        }
        let serial_text = get(cells, Role::Serial);
        let name = get(cells, name_role);
        let content = get(cells, Role::Content);
        let location = get(cells, Role::Location);
        let period = get(cells, Role::Period);
        let units_text = [get_list(cells, Role::Departments), get_list(cells, Role::SupportDepartments)].join("、");
        if serial_text.is_empty() && name.is_empty() {
            if content.is_empty() && location.is_empty() && period.is_empty() && units_text == "、" {
                continue; // only a carried-down category
            }
            match out.last_mut() {
                Some(prev) => {
                    diags.info(
                        "project.continuation",
                        Some(row.line),
                        format!("row without serial or name continues project \"{}\"", prev.name),
                    );
                    append(&mut prev.content, &content);
                    append(&mut prev.location, &location);
                    for u in departments::split(&units_text).names {
                        if !prev.units.contains(&u) {
                            prev.units.push(u);
                        }
                    }
                }
                None => {
                    diags.warn("project.orphan_row", Some(row.line), "row without serial or name before any project")
                }
            }
            continue;
        }
        let serial = if serial_text.is_empty() {
            None
        } else {
            match crate::text::serial_number(&serial_text) {
                Some(n) => Some(n),
                None => {
                    diags.warn("project.serial", Some(row.line), format!("serial \"{serial_text}\" is not a number"));
                    None
                }
            }
        };
        if name.is_empty() {
            diags.warn("project.no_name", Some(row.line), format!("project {serial_text} has no name"));
        }
        let split = departments::split(&units_text);
        if split.guessed {
            diags.info(
                "departments.split_guessed",
                Some(row.line),
                format!(
                    "\"{}\" split by name shape into: {}",
                    units_text.trim_matches('、').replace('\n', " "),
                    split.names.join("、")
                ),
            );
        }
        let investment = Some(get(cells, Role::Investment)).filter(|s| !s.is_empty()).map(|raw| Amount {
            value: parse_number(&raw),
            unit: invest_unit.clone(),
            raw,
        });
        let extra: BTreeMap<String, String> = extra_cols
            .iter()
            .filter_map(|&i| {
                let v = cells.get(i)?.text.clone();
                (!v.is_empty()).then(|| (column_name(g, i), v))
            })
            .collect();
        out.push(Project {
            id: content_id("prj", &name),
            category: category.clone(),
            serial,
            name,
            content: Some(content).filter(|s| !s.is_empty()),
            location: Some(location).filter(|s| !s.is_empty()),
            period: Some(period).filter(|s| !s.is_empty()).map(|raw| parse_period(&raw)),
            investment,
            units: split.names,
            extra,
            line: row.line,
        });
    }
    let mut ids: Vec<String> = out.iter().map(|p| p.id.clone()).collect();
    uniquify(&mut ids);
    for (p, id) in out.iter_mut().zip(ids) {
        p.id = id;
    }
    (out, totals)
}

fn append(field: &mut Option<String>, more: &str) {
    if more.is_empty() {
        return;
    }
    match field {
        Some(s) => {
            s.push('\n');
            s.push_str(more);
        }
        None => *field = Some(more.to_string()),
    }
}

fn parse_number(s: &str) -> Option<f64> {
    let t: String = s.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    t.parse().ok()
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    static_re(
        r"(?P<y1>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?(?:\s*\d{1,2}\s*月)?\s*(?:(?:-|－|—|–|~|～|〜|至|到)+\s*(?:(?P<y2>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?|\d{1,2}\s*月))?",
    )
});

/// "2019-2020年" → 2019..2020; "2020年" → 2020..2020; "2024年3月—12月" → 2024..2024.
pub fn parse_period(raw: &str) -> Period {
    let (start, end) = match PERIOD.captures(raw) {
        Some(c) => {
            let y1 = c.name("y1").and_then(|m| year_digits(m.as_str()));
            let y2 = c.name("y2").and_then(|m| year_digits(m.as_str())).or(y1);
            (y1, y2)
        }
        None => (None, None),
    };
    Period { raw: raw.to_string(), start, end }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let p = |s: &str| {
            let p = parse_period(s);
            (p.start, p.end)
        };
        assert_eq!(p("2019-2020年"), (Some(2019), Some(2020)));
        assert_eq!(p("2020年"), (Some(2020), Some(2020)));
        assert_eq!(p("2023～2024年"), (Some(2023), Some(2024)));
        assert_eq!(p("2024—2025年"), (Some(2024), Some(2025)));
        assert_eq!(p("2024年3月—12月"), (Some(2024), Some(2024)));
        assert_eq!(p("2019年-2025年"), (Some(2019), Some(2025)));
        assert_eq!(p("长期"), (None, None));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("74028.5"), Some(74028.5));
        assert_eq!(parse_number("1,150"), Some(1150.0));
        assert_eq!(parse_number("约100"), None);
    }
}
