//! Diff rendering: a diff [`Report`] → a coloured text summary, a Markdown report (one daff-style table per kind) or JSON.
//!
//! Markdown rows follow daff's highlighter: the first column says what happened to the row (`+++` added,
//! `---` removed, `->` changed or renamed), a changed cell reads `old → new`, and a list cell shows NEW's
//! members with added ones in bold and removed ones struck through.

use crate::diff::fields::{Item, shown};
use crate::diff::report::{
    Change, Counts, DepartmentChange, DepartmentStatus, FieldChange, KindDiff, Owned, Report, Trend,
};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A readable summary, counts first (coloured on a terminal).
    #[default]
    Text,
    /// Markdown tables to paste into a report.
    Md,
    /// The report as JSON (shape in the README).
    Json,
}

/// Render a report in one format. `color` adds ANSI colours to text (never to Markdown or JSON).
pub fn render(r: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text(r, color),
        Format::Md => markdown(r),
        Format::Json => json(r),
    }
}

/// Pretty JSON with a final newline.
pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Values longer than this many characters are shown around their first difference only.
const LONG: usize = 80;
/// Characters of unchanged context kept on each side of a difference.
const CONTEXT: usize = 10;

/// Two long values cut down to the part that differs, with some context: "…前文 旧 后文…".
fn excerpt(old: &str, new: &str) -> (String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    if a.len() <= LONG && b.len() <= LONG {
        return (old.to_string(), new.to_string());
    }
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a.iter().rev().zip(b.iter().rev()).take(max_suf).take_while(|(x, y)| x == y).count();
    let cut = |v: &[char]| {
        let from = pre.saturating_sub(CONTEXT);
        let to = (v.len() - suf + CONTEXT).min(v.len());
        let mut s = String::new();
        if from > 0 {
            s.push('…');
        }
        s.extend(&v[from..to]);
        if to < v.len() {
            s.push('…');
        }
        s
    };
    (cut(&a), cut(&b))
}

fn value(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

fn trend_word(t: Trend) -> &'static str {
    match t {
        Trend::Tightened => "tightened",
        Trend::Loosened => "loosened",
        Trend::Increased => "increased",
        Trend::Decreased => "decreased",
        Trend::Mixed => "mixed",
    }
}

/// "old → new (tightened)", "2020-2022年 → 2021-2022年 (start 2020 → 2021)", for one field change.
fn old_to_new(c: &FieldChange) -> String {
    let (o, n) = match (&c.old, &c.new) {
        (Some(o), Some(n)) => excerpt(o, n),
        _ => (value(&c.old).to_string(), value(&c.new).to_string()),
    };
    // A value of several paragraphs stays on one line: ¶ marks where a paragraph ends.
    let (o, n) = (o.replace('\n', " ¶ "), n.replace('\n', " ¶ "));
    let mut s = format!("{o} → {n}");
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_else(|| "?".into());
    let mut notes: Vec<String> = c.trend.map(|t| trend_word(t).to_string()).into_iter().collect();
    for (label, m) in [("start", c.start), ("end", c.end)] {
        if let Some(m) = m {
            notes.push(format!("{label} {} → {}", year(m.old), year(m.new)));
        }
    }
    if !notes.is_empty() {
        let _ = write!(s, " ({})", notes.join(", "));
    }
    s
}

fn is_list(c: &FieldChange) -> bool {
    !c.added.is_empty() || !c.removed.is_empty()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts_line(c: &Counts) -> String {
    let parts: Vec<String> =
        [(c.added, "added"), (c.removed, "removed"), (c.renamed, "renamed"), (c.changed, "changed")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
    if parts.is_empty() {
        format!("no change ({} unchanged)", c.unchanged)
    } else {
        format!("{}, {} unchanged", parts.join(", "), c.unchanged)
    }
}

/// "indicators: A; B · projects: C" for what a department gained or lost.
fn owned_list(o: &Owned, sep: &str) -> String {
    let mut parts = Vec::new();
    for (kind, refs) in [("indicators", &o.indicators), ("tasks", &o.tasks), ("projects", &o.projects)] {
        if !refs.is_empty() {
            let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
            parts.push(format!("{kind}: {}", names.join("; ")));
        }
    }
    parts.join(sep)
}

fn status_word(d: &DepartmentChange) -> &'static str {
    match d.status {
        DepartmentStatus::New => "new",
        DepartmentStatus::Gone => "gone",
        DepartmentStatus::Changed => "changed",
    }
}

struct Paint(bool);

impl Paint {
    fn on(&self, code: &str, s: &str) -> String {
        if self.0 { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

/// The readable summary: counts first, then each change on its own line.
pub fn text(r: &Report, color: bool) -> String {
    let p = Paint(color);
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(out, "{} {} → {}", p.on("1", "plandoc diff"), s.old.path, s.new.path);
    for (label, side) in [("old", &s.old), ("new", &s.new)] {
        let title = side.title.as_deref().unwrap_or("(no title)");
        let year = side.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {label}: {title}{year}: {}, {}, {}",
            plural(side.indicators, "indicator", "indicators"),
            plural(side.tasks, "task", "tasks"),
            plural(side.projects, "project", "projects")
        );
    }
    out.push('\n');
    if s.same {
        let _ = writeln!(out, "{}", p.on("1", "No change: the plans are the same."));
    } else {
        let _ = writeln!(out, "{}", p.on("1", "Summary"));
        let header = if s.notice == 0 { "no change".to_string() } else { format!("{} changed", s.notice) };
        let _ = writeln!(out, "  {:<12} {header}", "header");
        for (kind, c) in [("indicators", &s.indicators), ("tasks", &s.tasks), ("projects", &s.projects)] {
            let _ = writeln!(out, "  {kind:<12} {}", counts_line(c));
        }
        let _ = writeln!(out, "  {:<12} {} with a change", "departments", s.departments);
    }
    if !r.notice.changed.is_empty() {
        let _ = writeln!(out, "\n{}", p.on("1", "Header"));
        for c in &r.notice.changed {
            let _ = writeln!(out, "  {} {}: {}", p.on("33", "~"), c.field, old_to_new(c));
        }
    }
    text_kind(&mut out, &p, "Indicators", &r.indicators);
    text_kind(&mut out, &p, "Tasks", &r.tasks);
    text_kind(&mut out, &p, "Projects", &r.projects);
    if !r.departments.is_empty() {
        let _ = writeln!(out, "\n{}", p.on("1", "Departments"));
        for (name, d) in &r.departments {
            let status = if d.status == DepartmentStatus::Changed {
                String::new()
            } else {
                format!(" ({} department)", status_word(d))
            };
            let _ = writeln!(out, "  {name}{status}");
            if !d.newly_owns.is_empty() {
                let _ = writeln!(out, "    {} newly owns {}", p.on("32", "+"), owned_list(&d.newly_owns, " · "));
            }
            if !d.no_longer_owns.is_empty() {
                let _ =
                    writeln!(out, "    {} no longer owns {}", p.on("31", "-"), owned_list(&d.no_longer_owns, " · "));
            }
        }
    }
    if !r.notice.one_sided.is_empty() {
        let _ = writeln!(out, "\n{}", p.on("2", "Stated on one side only (not compared):"));
        for c in &r.notice.one_sided {
            let (side, v) = if c.old.is_some() { ("old", &c.old) } else { ("new", &c.new) };
            let _ = writeln!(out, "{}", p.on("2", &format!("  {} ({side}): {}", c.field, value(v))));
        }
    }
    out
}

/// One line that places an item: its name and, in brackets, the fields that group it.
fn brief<T: Item>(x: &T) -> String {
    let fields = x.fields();
    let get = |n: &str| fields.iter().find(|(f, _)| f == n).and_then(|(_, v)| shown(v));
    let place: Vec<String> = ["goal", "task", "group", "category"].iter().filter_map(|f| get(f)).collect();
    let detail: Vec<String> =
        ["target", "period", "departments", "lead_departments", "units"].iter().filter_map(|f| get(f)).collect();
    let mut s = x.name().to_string();
    if !place.is_empty() {
        let _ = write!(s, " [{}]", place.join(" / "));
    }
    if !detail.is_empty() {
        let _ = write!(s, ": {}", detail.join(" · "));
    }
    s
}

fn text_change<T: Item>(out: &mut String, p: &Paint, c: &Change<T>) {
    match c.similarity {
        Some(sim) => {
            let head = format!("{} → {} (renamed, similarity {sim:.2})", c.old.name(), c.new.name());
            let _ = writeln!(out, "  {} {head}", p.on("36", "»"));
        }
        None => {
            let _ = writeln!(out, "  {} {}", p.on("33", "~"), c.new.name());
        }
    }
    for f in c.changes.iter().filter(|f| !(c.similarity.is_some() && f.field == "name")) {
        let detail = if is_list(f) {
            let plus = f.added.iter().map(|m| p.on("32", &format!("+{m}")));
            let minus = f.removed.iter().map(|m| p.on("31", &format!("-{m}")));
            plus.chain(minus).collect::<Vec<_>>().join(" ")
        } else {
            old_to_new(f)
        };
        let _ = writeln!(out, "      {}: {detail}", f.field);
    }
}

fn text_kind<T: Item>(out: &mut String, p: &Paint, title: &str, d: &KindDiff<T>) {
    if d.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.on("1", title));
    for x in &d.removed {
        let _ = writeln!(out, "  {} {}", p.on("31", "-"), p.on("31", &brief(x)));
    }
    for x in &d.added {
        let _ = writeln!(out, "  {} {}", p.on("32", "+"), p.on("32", &brief(x)));
    }
    for c in d.renamed.iter().chain(&d.changed) {
        text_change(out, p, c);
    }
}

/// A Markdown table cell: no pipe or line break can end it early.
fn cell(s: &str) -> String {
    s.trim().replace('|', "\\|").replace("\r\n", "<br>").replace('\n', "<br>")
}

/// A changed list in one cell: NEW's members, added ones in bold, then removed ones struck through.
fn list_cell(c: &FieldChange) -> String {
    let mut parts: Vec<String> = c
        .new
        .as_deref()
        .unwrap_or("")
        .split('、')
        .filter(|m| !m.is_empty())
        .map(|m| if c.added.iter().any(|a| a == m) { format!("**{m}**") } else { m.to_string() })
        .collect();
    parts.extend(c.removed.iter().map(|m| format!("~~{m}~~")));
    parts.join("、")
}

fn md_change(c: &FieldChange) -> String {
    if is_list(c) { list_cell(c) } else { old_to_new(c) }
}

/// The columns each kind's table shows; other changed fields go to the last column.
fn columns(kind: &str) -> &'static [&'static str] {
    match kind {
        "Indicators" => &["goal", "task", "name", "unit", "target", "departments"],
        "Tasks" => &["group", "title", "lead_departments", "support_departments"],
        _ => &["category", "name", "period", "location", "investment", "units"],
    }
}

fn md_kind<T: Item>(out: &mut String, title: &str, d: &KindDiff<T>) {
    if d.is_empty() {
        return;
    }
    let cols = columns(title);
    let row_of = |x: &T| -> Vec<String> {
        let fields = x.fields();
        cols.iter()
            .map(|c| fields.iter().find(|(f, _)| f == c).and_then(|(_, v)| shown(v)).unwrap_or_default())
            .collect()
    };
    let mut rows: Vec<(&str, Vec<String>, String)> = Vec::new();
    for x in &d.removed {
        rows.push(("---", row_of(x), String::new()));
    }
    for x in &d.added {
        rows.push(("+++", row_of(x), String::new()));
    }
    for c in d.renamed.iter().chain(&d.changed) {
        let mut cells = row_of(&c.new);
        let mut other: Vec<String> = c.similarity.map(|s| format!("renamed (similarity {s:.2})")).into_iter().collect();
        for f in &c.changes {
            match cols.iter().position(|col| *col == f.field) {
                Some(i) => cells[i] = md_change(f),
                None => other.push(format!("{}: {}", f.field, md_change(f))),
            }
        }
        rows.push(("->", cells, other.join("\n")));
    }
    // Columns no row fills are left out (a table without 单位 has no unit column).
    let keep: Vec<usize> = (0..cols.len()).filter(|i| rows.iter().any(|r| !r.1[*i].is_empty())).collect();
    let any_other = rows.iter().any(|r| !r.2.is_empty());
    let mut head: Vec<&str> = vec!["@@"];
    head.extend(keep.iter().map(|i| cols[*i]));
    if any_other {
        head.push("other changes");
    }
    let _ = writeln!(out, "\n### {title}\n");
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for (action, cells, other) in &rows {
        let mut line: Vec<String> = vec![action.to_string()];
        line.extend(keep.iter().map(|i| cell(&cells[*i])));
        if any_other {
            line.push(cell(other));
        }
        let _ = writeln!(out, "| {} |", line.join(" | "));
    }
}

/// The Markdown report: the two plans, a count table, then one table per kind that changed.
pub fn markdown(r: &Report) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(out, "## plandoc diff\n");
    let _ = writeln!(out, "| | old | new |\n|---|---|---|");
    let _ = writeln!(out, "| file | `{}` | `{}` |", cell(&s.old.path), cell(&s.new.path));
    let title = |t: &Option<String>| cell(t.as_deref().unwrap_or(""));
    let _ = writeln!(out, "| title | {} | {} |", title(&s.old.title), title(&s.new.title));
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    let _ = writeln!(out, "| year | {} | {} |", year(s.old.year), year(s.new.year));
    out.push('\n');
    if s.same {
        let _ = writeln!(out, "**No change: the plans are the same.**");
    } else {
        let _ = writeln!(out, "| kind | added | removed | renamed | changed | unchanged |\n|---|--:|--:|--:|--:|--:|");
        for (kind, c) in [("indicators", &s.indicators), ("tasks", &s.tasks), ("projects", &s.projects)] {
            let _ = writeln!(
                out,
                "| {kind} | {} | {} | {} | {} | {} |",
                c.added, c.removed, c.renamed, c.changed, c.unchanged
            );
        }
        let _ = writeln!(
            out,
            "\nHeader: {} changed. Departments: {} with a change.",
            plural(s.notice, "field", "fields"),
            s.departments
        );
    }
    if !r.notice.changed.is_empty() {
        let _ = writeln!(out, "\n### Header\n\n| @@ | field | old | new |\n|---|---|---|---|");
        for c in &r.notice.changed {
            let (o, n) = excerpt(value(&c.old), value(&c.new));
            let _ = writeln!(out, "| -> | {} | {} | {} |", c.field, cell(&o), cell(&n));
        }
    }
    md_kind(&mut out, "Indicators", &r.indicators);
    md_kind(&mut out, "Tasks", &r.tasks);
    md_kind(&mut out, "Projects", &r.projects);
    if !r.departments.is_empty() {
        let _ = writeln!(
            out,
            "\n### Departments\n\n| department | status | newly owns | no longer owns |\n|---|---|---|---|"
        );
        for (name, d) in &r.departments {
            let (gained, lost) = (owned_list(&d.newly_owns, "\n"), owned_list(&d.no_longer_owns, "\n"));
            let _ = writeln!(out, "| {} | {} | {} | {} |", cell(name), status_word(d), cell(&gained), cell(&lost));
        }
    }
    if !r.notice.one_sided.is_empty() {
        let _ = writeln!(out, "\nStated on one side only (not compared):\n");
        for c in &r.notice.one_sided {
            let (side, v) = if c.old.is_some() { ("old", &c.old) } else { ("new", &c.new) };
            let _ = writeln!(out, "- {} ({side}): {}", c.field, value(v).replace('\n', " "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_to_the_difference() {
        let old = format!("{}旧{}", "甲".repeat(40), "乙".repeat(40));
        let new = format!("{}新{}", "甲".repeat(40), "乙".repeat(40));
        let (o, n) = excerpt(&old, &new);
        assert_eq!(o, format!("…{}旧{}…", "甲".repeat(CONTEXT), "乙".repeat(CONTEXT)));
        assert_eq!(n, format!("…{}新{}…", "甲".repeat(CONTEXT), "乙".repeat(CONTEXT)));
        assert_eq!(excerpt(">90%", ">92%"), (">90%".to_string(), ">92%".to_string()));
        // One value the other's prefix: the suffix cannot overlap the prefix.
        let (o, n) = excerpt(&"甲".repeat(LONG + 10), &"甲".repeat(LONG + 11));
        assert_eq!((o.chars().count(), n.chars().count()), (CONTEXT + 1, CONTEXT + 2));
    }

    #[test]
    fn cells_stay_in_their_column() {
        assert_eq!(cell("a|b\nc"), "a\\|b<br>c");
    }

    #[test]
    fn changed_lists_mark_members() {
        let mut c = FieldChange::new("departments", Some("甲、乙".into()), Some("乙、丙".into()));
        c.added = vec!["丙".into()];
        c.removed = vec!["甲".into()];
        assert_eq!(list_cell(&c), "乙、**丙**、~~甲~~");
    }

    #[test]
    fn trends_and_years_are_named() {
        let mut c = FieldChange::new("target", Some(">90%".into()), Some(">92%".into()));
        c.trend = Some(Trend::Tightened);
        assert_eq!(old_to_new(&c), ">90% → >92% (tightened)");
        let mut c = FieldChange::new("period", Some("2020-2022年".into()), Some("2021-2022年".into()));
        c.start = Some(crate::diff::Move { old: Some(2020), new: Some(2021) });
        assert_eq!(old_to_new(&c), "2020-2022年 → 2021-2022年 (start 2020 → 2021)");
    }
}
