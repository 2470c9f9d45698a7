//! Projects: a key-project grid → one record per project, with the category carried down, continuation
//! rows joined to the project above, periods and investments parsed, and the total row checked.

use crate::model::{Amount, Diags, Period, Project};
use crate::parse::departments;
use crate::read::columns::{Role, header_unit};
use crate::read::grid::{Grid, is_total_row};
use crate::text::{content_id, dedupe_repeat, is_digit, uniquify, year_digits};

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

/// The grid's rows are moved out: the texts a record keeps move into it instead of being copied.
pub fn extract(g: &mut Grid, diags: &mut Diags) -> (Vec<Project>, Vec<Total>) {
    let rows = std::mem::take(&mut g.rows);
    let g: &Grid = g;
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
    let extra_cols = g.extra_columns(&known);
    crate::read::grid::report_extra_columns(g, "project", &extra_cols, diags);
    let invest_unit = g.col(Role::Investment).and_then(|i| header_unit(&g.columns[i].header));
    let mut category: Option<String> = None;
    let mut out: Vec<Project> = Vec::with_capacity(rows.len());
    let mut totals = Vec::new();
    for mut row in rows {
        let cells = &row.cells;
        if is_total_row(cells) {
            // The first number after the label is the total investment.
            let value = cells.iter().skip(1).find_map(|c| parse_number(&c.text));
            let texts: Vec<&str> = cells.iter().map(|c| &*c.text).filter(|t| !t.is_empty()).collect();
            diags.info("project.total_row", Some(row.line), format!("total row, not a project: {}", texts.join(" ")));
            totals.push(Total { line: row.line, investment: value });
            continue;
        }
        if let Some(group) = crate::read::grid::group_row(g, cells) {
            diags.info("project.group_row", Some(row.line), format!("row names a category: {group}"));
            category = Some(group);
            continue;
        }
        let cat = dedupe_repeat(g.text_of(cells, Role::Category));
        if !cat.is_empty() {
            category = Some(cat);
        }
        let serial_text = g.text_of(cells, Role::Serial);
        let name = g.text_of(cells, name_role);
        let content = g.text_of(cells, Role::Content);
        let location = g.text_of(cells, Role::Location);
        let period = g.text_of(cells, Role::Period);
        // Both department columns as one list; joined (a copy) only when both are filled. A 、 at either end
        // would add no name, and the texts quoted in diagnostics are trimmed of it.
        let units_text: std::borrow::Cow<str> =
            match (g.list_of(cells, Role::Departments), g.list_of(cells, Role::SupportDepartments)) {
                (dep, "") => dep.into(),
                ("", sup) => sup.into(),
                (dep, sup) => format!("{dep}、{sup}").into(),
            };
        if serial_text.is_empty() && name.is_empty() {
            if content.is_empty() && location.is_empty() && period.is_empty() && units_text.is_empty() {
                continue; // only a carried-down category
            }
            match out.last_mut() {
                Some(prev) => {
                    diags.info(
                        "project.continuation",
                        Some(row.line),
                        format!("row without serial or name continues project \"{}\"", prev.name),
                    );
                    append(&mut prev.content, content);
                    append(&mut prev.location, location);
                    departments::merge_into(&mut prev.units, &units_text);
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
            match crate::text::serial_number(serial_text) {
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
        let id = content_id("prj", name);
        let period = Some(period).filter(|s| !s.is_empty()).map(parse_period);
        // Nothing borrowed from the row is used after this point: the kept texts move out of it.
        let cells = &mut row.cells;
        let investment = Some(g.take_text(cells, Role::Investment)).filter(|s| !s.is_empty()).map(|raw| Amount {
            value: parse_number(&raw),
            unit: invest_unit.clone(),
            raw,
        });
        let name = g.take_text(cells, name_role);
        let content = Some(g.take_text(cells, Role::Content)).filter(|s| !s.is_empty());
        let location = Some(g.take_text(cells, Role::Location)).filter(|s| !s.is_empty());
        let extra = g.take_extra(cells, &extra_cols);
        out.push(Project {
            id,
            category: category.clone(),
            serial,
            name,
            content,
            location,
            period,
            investment,
            units: split.names,
            extra,
            line: row.line,
            page: None,
        });
    }
    uniquify(out.iter_mut().map(|p| &mut p.id));
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
    if !s.contains(|c: char| c.is_whitespace() || c == ',') {
        return s.parse().ok();
    }
    let t: String = s.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    t.parse().ok()
}

/// "2019-2020年" → 2019..2020; "2020年" → 2020..2020; "2024年3月—12月" → 2024..2024.
///
/// A scanner for what the pattern (kept in the tests, which compare the two)
/// `(?P<y1>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?(?:\s*\d{1,2}\s*月)?\s*(?:(?:-|－|—|–|~|～|〜|至|到)+\s*(?:(?P<y2>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?|\d{1,2}\s*月))?`
/// captures: the first four-digit year, and a second one after a range mark. Kept because it pays: with the
/// pattern (regex-lite tries every start position) `plandoc parse` over the 1,000-notice archive ran 6.9% more
/// instructions in all (`bash bench/instructions.sh`).
pub fn parse_period(raw: &str) -> Period {
    let (start, end) = match period_years(raw) {
        Some((y1, y2)) => {
            let y1 = year_digits(y1);
            (y1, y2.and_then(year_digits).or(y1))
        }
        None => (None, None),
    };
    Period { raw: raw.to_string(), start, end }
}

/// Four year digits at the start of `s`, all Arabic (ASCII or full-width) or all Chinese: their length.
fn year_at(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let first = it.next()?.1;
    let arabic = is_digit(first);
    if !arabic && !is_cn_year_digit(first) {
        return None;
    }
    let same = |c: char| if arabic { is_digit(c) } else { is_cn_year_digit(c) };
    let mut n = 1;
    for (i, c) in it {
        if n == 4 {
            return Some(i);
        }
        if !same(c) {
            return None;
        }
        n += 1;
    }
    (n == 4).then_some(s.len())
}

fn is_cn_year_digit(c: char) -> bool {
    matches!(c, '〇' | '○' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九')
}

/// The two year captures of the period pattern (see [`parse_period`]), or None where it finds no year.
fn period_years(raw: &str) -> Option<(&str, Option<&str>)> {
    let (p, len) = raw.char_indices().find_map(|(i, _)| year_at(&raw[i..]).map(|n| (i, n)))?;
    let y1 = &raw[p..p + len];
    let mut rest = raw[p + len..].trim_start();
    rest = rest.strip_prefix('年').unwrap_or(rest);
    if let Some(after) = month_at(rest.trim_start()) {
        rest = after;
    }
    let seps = rest.trim_start();
    let after_seps = seps.trim_start_matches(['-', '－', '—', '–', '~', '～', '〜', '至', '到']);
    if after_seps.len() == seps.len() {
        return Some((y1, None));
    }
    let t = after_seps.trim_start();
    Some((y1, year_at(t).map(|n| &t[..n])))
}

/// `\d{1,2}\s*月` at the start of `s`: the text after it.
fn month_at(s: &str) -> Option<&str> {
    let digits = s.chars().take_while(|&c| is_digit(c)).take(3).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after: usize = s.chars().take(digits).map(char::len_utf8).sum();
    s[after..].trim_start().strip_prefix('月')
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

    /// The scanner against the pattern it replaces, over many strings built from the characters the
    /// pattern cares about: both must find the same two years.
    #[test]
    fn period_scanner_matches_the_pattern() {
        let re = crate::pattern::static_re(
            r"(?P<y1>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?(?:\s*\d{1,2}\s*月)?\s*(?:(?:-|－|—|–|~|～|〜|至|到)+\s*(?:(?P<y2>\d{4}|[〇○零一二三四五六七八九]{4})\s*年?|\d{1,2}\s*月))?",
        );
        let alphabet: Vec<char> = "0129２０二〇○零一年月-—～至到 　x长".chars().collect();
        let mut next = crate::text::xorshift(0x2545F491);
        let mut inputs: Vec<String> = [
            "2019-2020年",
            "2020年",
            "2024年3月—12月",
            "2019年-2025年",
            "二〇二〇至二〇二一年",
            "12345",
            "2020 年 3 月至 2021",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for _ in 0..30_000 {
            let len = next() % 16;
            inputs.push((0..len).map(|_| alphabet[next() % alphabet.len()]).collect());
        }
        for s in &inputs {
            let want = re
                .captures(s)
                .map(|c| (c.name("y1").map(|m| m.as_str()).unwrap_or(""), c.name("y2").map(|m| m.as_str())));
            assert_eq!(period_years(s), want, "{s:?}");
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("74028.5"), Some(74028.5));
        assert_eq!(parse_number("1,150"), Some(1150.0));
        assert_eq!(parse_number("约100"), None);
    }
}
