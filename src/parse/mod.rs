//! Parsing: the lines and tables of one notice → the plan (notice wrapper, sections, typed records, checks).
//!
//! [`notice`] leading lines → the 公文 wrapper · [`sections`] the rest → the section tree ·
//! [`indicators`], [`projects`], [`tasks`] → typed records (with [`targets`] and [`departments`]) ·
//! [`checks`] → diagnostics. [`parse_bytes`] runs the whole pipeline, reading included.

pub mod checks;
pub mod completeness;
pub mod deadlines;
pub mod departments;
pub mod genre;
pub mod indicators;
pub mod notice;
pub mod projects;
pub mod sections;
pub mod targets;
pub mod task_table;
pub mod tasks;

use crate::error::Error;
use crate::model::{self, Diags, Document, Level, Plan, Row, Table};
use crate::pattern::{Regex, static_re};
use crate::read::{self, grid, lines, tables};
use crate::text;
use sections::Item;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::LazyLock;

/// Files larger than this are refused before they are read (override with [`Options::max_bytes`]).
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_bytes: DEFAULT_MAX_BYTES }
    }
}

/// `to.extend(v)`, taking `v` as it is when `to` is empty (a plan's records nearly always come from one table).
fn append<T>(to: &mut Vec<T>, v: Vec<T>) {
    if to.is_empty() {
        *to = v;
    } else {
        to.extend(v);
    }
}

/// Read and parse one file. Errors name the file; survivable problems are diagnostics in the document.
pub fn parse_file(path: &Path, opts: &Options) -> Result<Document, Error> {
    let bytes = read::load(path, opts.max_bytes)?;
    parse_bytes(&bytes, &path.to_string_lossy())
}

/// Parse a notice held in memory. `path` is recorded in `source.path` and named in errors.
pub fn parse_bytes(bytes: &[u8], path: &str) -> Result<Document, Error> {
    let mut diags = Diags::default();
    let source = read::read(bytes, path, &mut diags)?;
    let (lines, total_lines) = lines::split_lines(&source.text, &mut diags);
    let blocks = source.blocks(&lines);

    let (items, mut grids) = layout(&lines, blocks, &mut diags);
    // The genre's markers decide, once, whether this is a plan notice at all.
    if !genre::is_plan(&lines, &grids) {
        return Err(Error::NotAPlan { path: path.into() });
    }
    // A page's metadata table above the notice (label | value pairs) is read as the notice's metadata.
    let (skip, given, meta_grid) = match items.iter().position(|it| !matches!(it, Item::Text(l) if l.is_blank())) {
        Some(k)
            if let Item::Table(g) = items[k]
                && let Some(m) = metadata_of(&grids[g]) =>
        {
            (k + 1, m, Some(g))
        }
        _ => (0, Default::default(), None),
    };
    let leading = leading_lines(&items[skip..]);
    let mut nr = notice::read_with(&leading, given, &mut diags);
    nr.next += skip;
    if let Some((a, b)) = nr.plan_end.as_mut() {
        *a += skip;
        *b += skip;
    }
    let mut notice = nr.notice;
    let plan_items = match nr.plan_end {
        Some((end, _)) => &items[nr.next..end.max(nr.next)],
        None => &items[nr.next..],
    };
    let mut body = sections::read(plan_items, &mut diags);
    if let Some((_, after)) = nr.plan_end {
        // The plan was signed at its end: what follows the signature block is the 版记 or stray text.
        for it in &items[after.min(items.len())..] {
            if let Item::Text(l) = it
                && !l.is_blank()
            {
                let t = l.trimmed();
                if notice::is_trailer_line(t) {
                    body.trailer.push(t.to_string());
                } else {
                    diags.info("notice.after_signature", Some(l.no), format!("text after the signature: {t}"));
                }
            }
        }
    }

    let mut plan = Plan {
        title: body.title.take(),
        preamble: std::mem::take(&mut body.preamble),
        sections: std::mem::take(&mut body.sections),
        ..Plan::default()
    };
    let mut raw_tables = Vec::new();
    let mut totals = Vec::new();
    // What each table turned out to be, for the completeness check.
    let mut table_kinds = Vec::with_capacity(grids.len());
    // Task-division tables, read after the tasks of the text: (the table's line, its rows).
    let mut task_tables = Vec::new();
    for (gi, g) in grids.iter_mut().enumerate() {
        if Some(gi) == meta_grid {
            continue;
        }
        if indicators::is_indicator_grid(g) {
            append(&mut plan.indicators, indicators::extract(g, &mut diags));
            plan.indicator_notes.extend(body.notes.get(&gi).cloned().unwrap_or_default());
            table_kinds.push(completeness::EndTable::Indicators { total_row: false });
        } else if projects::is_project_grid(g) {
            let (p, t) = projects::extract(g, &mut diags);
            append(&mut plan.projects, p);
            table_kinds.push(completeness::EndTable::Projects { total_row: !t.is_empty() });
            totals.extend(t);
            keep_notes(&body, gi, &mut diags);
        } else if task_table::is_task_grid(g) {
            table_kinds.push(completeness::EndTable::Other);
            task_tables.push((g.line, task_table::rows(g, &mut diags)));
            keep_notes(&body, gi, &mut diags);
        } else {
            table_kinds.push(completeness::EndTable::Other);
            raw_tables.push(Table {
                caption: body.captions.get(&gi).cloned(),
                line: g.line,
                header: g.header.clone(),
                rows: g
                    .rows
                    .iter()
                    .map(|r| Row { line: r.line, cells: r.cells.iter().map(|c| c.text.to_string()).collect() })
                    .collect(),
            });
            keep_notes(&body, gi, &mut diags);
        }
        if g.short_last_row && g.last_line >= last_text_line(&lines) {
            diags.error(
                "input.truncated",
                Some(g.last_line),
                "the text ends inside a table row: the file looks truncated",
            );
        }
    }
    plan.tasks = tasks::extract(&plan.sections, &mut diags);
    for (line, rows) in task_tables {
        task_table::join(&mut plan.tasks, rows, line, &mut diags);
    }
    if says_first_leads(&plan, &body) {
        tasks::first_named_leads(&mut plan.tasks);
    }
    tasks::check_departments(&plan.tasks, &mut diags);
    plan.appendices = std::mem::take(&mut body.appendices);
    if plan.sections.is_empty() && grids.is_empty() {
        // The text has the genre's markers (checked above): it is kept as a plan without structure.
        diags.warn(
            "plan.no_sections",
            body.title_line.or(Some(1)),
            "no numbered section and no table: the plan's text is kept as its preamble",
        );
    }
    let indicator_section = plan.sections.iter().find(|s| s.kind == model::SectionKind::Indicators);
    if let Some(s) = indicator_section
        && plan.indicators.is_empty()
    {
        diags.warn("indicators.none", Some(s.line), "an indicator section but no indicator table was recognised");
    }
    let mismatches = checks::run(
        &body.paragraphs,
        &checks::Extracted {
            indicators: &plan.indicators,
            tasks: &plan.tasks,
            projects: &plan.projects,
            totals: &totals,
        },
        &mut diags,
    );

    let plan_attachments = body.attachment_list.clone();
    // Notice parts found in the plan's text: its 附件 list and the 版记.
    match notice.as_mut() {
        Some(n) => {
            if n.issuer.is_none() && !n.signatories.is_empty() {
                n.issuer = Some(n.signatories[0].clone());
                diags.info(
                    "notice.issuer_from_signature",
                    Some(n.line),
                    "the title names no issuer: taken from the signature",
                );
            }
            if n.attachments.is_empty() {
                n.attachments = std::mem::take(&mut body.attachment_list);
            }
            for t in &body.trailer {
                notice::read_trailer(t, n);
            }
        }
        None => {
            if !body.attachment_list.is_empty() {
                let titles: Vec<&str> = body.attachment_list.iter().map(|a| a.title.as_str()).collect();
                diags.info("plan.attachment_list", body.attachment_list_line, format!("附件: {}", titles.join("; ")));
            }
            for t in &body.trailer {
                diags.info("plan.trailer", None, format!("版记 line without a notice: {t}"));
            }
        }
    }

    let title_for_meta = plan.title.clone().or_else(|| notice.as_ref().map(|n| n.title.clone()));
    if plan.title.is_none() {
        if let Some(t) = notice.as_ref().and_then(|n| planned_title(&n.title)) {
            plan.title = Some(t);
        } else {
            diags.warn("plan.no_title", None, "no plan title found");
        }
    }
    if let Some(t) = &title_for_meta {
        plan.region = region_of(t);
        plan.year = year_of(t);
    }
    if plan.year.is_none() {
        plan.year = notice.as_ref().and_then(|n| n.date.as_ref()).and_then(|d| d.get(..4)?.parse().ok());
    }

    let (end_table, end_table_line) = match items.iter().rev().find(|it| !matches!(it, Item::Text(l) if l.is_blank())) {
        Some(Item::Table(k)) => (table_kinds.get(*k).copied(), grids.get(*k).map_or(0, |g| g.line)),
        _ => (None, 0),
    };
    deadlines::resolve(&mut plan, &mut diags);

    // Where a record is in a paged source (PDF): the page of its line.
    for i in &mut plan.indicators {
        i.page = source.page_of(i.line);
    }
    for t in &mut plan.tasks {
        t.page = source.page_of(t.line);
    }
    for p in &mut plan.projects {
        p.page = source.page_of(p.line);
    }
    let table_lines: Vec<usize> = grids.iter().map(|g| g.line).collect();
    let sha = Sha256::digest(bytes);
    let mut doc = Document {
        schema_version: model::SCHEMA_VERSION.to_string(),
        source: model::Source {
            path: path.to_string(),
            format: source.format.name().to_string(),
            encoding: source.encoding.clone(),
            bytes: bytes.len() as u64,
            sha256: {
                let mut hex = String::with_capacity(64);
                text::push_hex(&mut hex, &sha);
                hex
            },
            lines: total_lines,
        },
        notice,
        plan,
        tables: raw_tables,
        diagnostics: Vec::new(),
    };
    let evidence = completeness::Evidence {
        lines: &lines,
        end_table,
        end_table_line,
        plan_attachments: &plan_attachments,
        table_lines: &table_lines,
    };
    let explained = completeness::check(&doc, &evidence, &mismatches, &mut diags);
    let unexplained: Vec<checks::Mismatch> =
        mismatches.into_iter().enumerate().filter(|(k, _)| !explained.contains(k)).map(|(_, m)| m).collect();
    checks::report(&unexplained, &mut diags);

    let mut sorted = diags.0;
    sorted.sort_by_key(|d| (d.line.unwrap_or(0), std::cmp::Reverse(d.level)));
    // Each diagnostic once per place: a rule that matches twice on one line says it once (the same line's
    // diagnostics are next to each other once sorted; nothing is copied to compare them).
    let mut diagnostics: Vec<model::Diagnostic> = Vec::with_capacity(sorted.len());
    for d in sorted {
        let seen = diagnostics
            .iter()
            .rev()
            .take_while(|x| x.line == d.line)
            .any(|x| x.code == d.code && x.message == d.message);
        if !seen {
            diagnostics.push(d);
        }
    }
    doc.diagnostics = diagnostics;
    Ok(doc)
}

/// The text lines and tables of a notice in reading order, and the tables' grids; a table that goes on after a
/// page break is joined to the one before it.
pub fn layout<'a>(
    lines: &'a [lines::Line<'a>],
    blocks: Vec<tables::Block<'a>>,
    diags: &mut Diags,
) -> (Vec<Item<'a>>, Vec<grid::Grid<'a>>) {
    let mut grids = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    for b in blocks {
        match b {
            tables::Block::Text(i) => items.push(Item::Text(&lines[i])),
            tables::Block::Table(t) => {
                let g = grid::build(t, diags);
                // A table that goes on after a page break (only blank lines between, same columns) is one table.
                let prev = items.iter().rev().find(|it| !matches!(it, Item::Text(l) if l.is_blank()));
                match prev {
                    Some(Item::Table(k)) if grid::continues(&grids[*k], &g) => {
                        diags.info(
                            "table.continued",
                            Some(g.line),
                            format!("table at line {} continues the table at line {}", g.line, grids[*k].line),
                        );
                        grid::append(&mut grids[*k], g);
                    }
                    _ => {
                        items.push(Item::Table(grids.len()));
                        grids.push(g);
                    }
                }
            }
        }
    }
    (items, grids)
}

/// The text lines before the first table: where the notice is looked for.
pub fn leading_lines<'a>(items: &[Item<'a>]) -> Vec<&'a lines::Line<'a>> {
    items
        .iter()
        .map_while(|it| match it {
            Item::Text(l) => Some(*l),
            Item::Table(_) => None,
        })
        .collect()
}

/// The label/value pairs of a metadata table (see [`notice::metadata_table`]).
fn metadata_of(g: &grid::Grid) -> Option<std::collections::BTreeMap<String, String>> {
    let mut rows: Vec<Vec<&str>> = g.header.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    rows.extend(g.rows.iter().map(|r| r.cells.iter().map(|c| &*c.text).collect()));
    notice::metadata_table(&rows)
}

/// Does the plan say anywhere (a paragraph, the preamble, a note under a table) that the first department named
/// leads ([`tasks::says_first_leads`])?
fn says_first_leads(plan: &Plan, body: &sections::Body) -> bool {
    fn in_sections(ss: &[model::Section]) -> bool {
        ss.iter().any(|s| {
            tasks::says_first_leads(&s.title)
                || s.paragraphs.iter().any(|p| tasks::says_first_leads(p))
                || in_sections(&s.children)
        })
    }
    plan.preamble.iter().any(|p| tasks::says_first_leads(p))
        || in_sections(&plan.sections)
        || body.notes.values().flatten().any(|n| tasks::says_first_leads(n))
        || body.captions.values().any(|c| tasks::says_first_leads(c))
        || body.appendices.iter().flat_map(|a| &a.paragraphs).any(|p| tasks::says_first_leads(p))
}

fn keep_notes(body: &sections::Body, gi: usize, diags: &mut Diags) {
    if let Some(notes) = body.notes.get(&gi) {
        for n in notes {
            diags.info("table.note", None, format!("note under a table: {n}"));
        }
    }
}

fn last_text_line(lines: &[lines::Line]) -> usize {
    lines.iter().rev().find(|l| !l.is_blank()).map(|l| l.no).unwrap_or(0)
}

/// "…关于印发X的通知" → "X" (without 《》), for a plan whose own title line is missing.
fn planned_title(notice_title: &str) -> Option<String> {
    let start = ["印发", "转发", "下发", "发布"].iter().find_map(|w| notice_title.find(w).map(|p| p + w.len()))?;
    let rest = &notice_title[start..];
    let end = rest.rfind("的通知").unwrap_or(rest.len());
    let t = rest[..end].trim_start_matches('《').trim_end_matches('》');
    (!t.is_empty()).then(|| t.to_string())
}

/// The administrative region a title opens with: "天津市蓟州区“…" → "天津市蓟州区".
pub fn region_of(title: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut end = 0;
    'outer: while end < chars.len() {
        for len in 2..=7 {
            let Some(c) = chars.get(end + len - 1) else { break };
            if !chars[end..end + len].iter().all(|c| text::is_han(*c)) {
                break;
            }
            // Traditional 區/縣 count as 区/县.
            let next = text::simplified(chars.get(end + len).copied().unwrap_or(' '));
            if matches!(text::simplified(*c), '省' | '市' | '区' | '县' | '旗' | '州' | '盟')
                && !matches!(next, '省' | '市' | '区' | '县' | '州')
            {
                end += len;
                continue 'outer;
            }
        }
        break;
    }
    (end > 0).then(|| chars[..end].iter().collect())
}

static PLAN_YEAR: LazyLock<Regex> = LazyLock::new(|| static_re(r"((?:19|20)\d{2})\s*年"));

/// The plan year: the first "20xx年" / "19xx年" in the title (a year written with full-width digits is found
/// but not read).
pub fn year_of(title: &str) -> Option<i32> {
    PLAN_YEAR.captures(title)?.get(1)?.as_str().parse().ok()
}

/// True when the document holds an error-level diagnostic.
pub fn has_errors(doc: &Document) -> bool {
    doc.diagnostics.iter().any(|d| d.level == Level::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_and_years() {
        assert_eq!(region_of("天津市蓟州区“绿水青山就是金山银山”实践").as_deref(), Some("天津市蓟州区"));
        assert_eq!(region_of("澜州市青溪区2024年度生态文明建设工作计划").as_deref(), Some("澜州市青溪区"));
        assert_eq!(region_of("2024年度计划"), None);
        assert_eq!(region_of("梅嶺縣2024年工作計劃").as_deref(), Some("梅嶺縣"));
        assert_eq!(year_of("澜州市青溪区2024年度生态文明建设工作计划"), Some(2024));
        assert_eq!(planned_title("某办关于印发《某区2021年计划》的通知").as_deref(), Some("某区2021年计划"));
    }
}
