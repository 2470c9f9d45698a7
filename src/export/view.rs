//! The view per department: parsed documents → for each region and year, what each department must do (indicator
//! and target, task and deadline, project and period), in which role, where it stands, sorted by when it is due.

use crate::error::Error;
use crate::export::registry::{ItemKind, Registry, Role};
use crate::input;
use crate::model::Document;
use serde::Serialize;
use std::path::PathBuf;

/// How an item stands on the `--as-of` day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Due before the day.
    Overdue,
    /// Due within [`SOON_DAYS`] days from the day.
    DueSoon,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Overdue => "逾期",
            Status::DueSoon => "临近",
        }
    }
}

/// An item is 临近 when it is due within this many days of the `--as-of` day.
pub const SOON_DAYS: i64 = 30;

/// One thing a department must do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub kind: ItemKind,
    pub name: String,
    /// Target (indicator), deadline (task), period and investment (project), as written.
    pub detail: String,
    pub role: Role,
    /// When it is due (ISO date): a task's deadline, a project's last year's end, an indicator's plan year's end.
    pub due: Option<String>,
    pub status: Option<Status>,
    /// The name the item gives the department.
    pub written_as: String,
    /// The collective assignee (各乡镇人民政府) the department is reached through, when it is not named itself.
    pub via: Option<String>,
    pub file: String,
    pub line: usize,
}

/// One department in one region and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentView {
    pub name: String,
    pub forms: Vec<String>,
    pub items: Vec<Item>,
}

/// One region and year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub region: Option<String>,
    pub year: Option<i32>,
    pub files: Vec<String>,
    pub departments: Vec<DepartmentView>,
}

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// One department (its bare name matches too; a collective assignee reaches its members).
    pub name: Option<String>,
    /// ISO date: marks items 逾期 and 临近.
    pub as_of: Option<String>,
}

/// Days since 1970-01-01 of an ISO date (the civil-from-days inverse of H. Hinnant's algorithm).
pub fn days(iso: &str) -> Option<i64> {
    let mut it = iso.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Does the collective assignee `collective` (各乡镇人民政府, 各街镇) reach `member` (马伸桥镇人民政府)? Its words
/// after 各 are kinds (乡, 镇) and a common ending (人民政府): the member ends with that ending after one of the kinds.
pub fn reaches(collective: &str, member: &str) -> bool {
    let Some(rest) = collective.strip_prefix('各') else { return false };
    let rest = rest.trim_end_matches('等');
    if rest.is_empty() || member == collective || member.starts_with('各') {
        return false;
    }
    rest.char_indices().skip(1).map(|(i, _)| i).chain([rest.len()]).any(|k| {
        let (kinds, ending) = rest.split_at(k);
        member.len() > ending.len()
            && member.strip_suffix(ending).and_then(|m| m.chars().last()).is_some_and(|c| kinds.contains(c))
            && member.chars().count() > ending.chars().count() + 1
    })
}

/// Does a written name stand for the department asked for? The same name, or the same bare name
/// (水务局 ~ 区水务局).
fn same(asked: &str, written: &str) -> bool {
    use crate::parse::departments::bare;
    asked == written || bare(asked) == bare(written) && (bare(asked) == asked || bare(written) == written)
}

fn end_of_year(y: i32) -> String {
    format!("{y:04}-12-31")
}

/// The items of one document, for every department its registry lists: (department, forms, items).
fn items_of(doc: &Document) -> Vec<(String, Vec<String>, Vec<Item>)> {
    let reg = Registry::build(doc);
    let p = &doc.plan;
    let file = doc.source.path.clone();
    reg.departments
        .iter()
        .map(|d| {
            let items = d
                .items()
                .map(|o| {
                    let (detail, due) = match o.kind {
                        ItemKind::Indicator => {
                            let i = &p.indicators[o.index];
                            (format!("目标 {}", i.target.raw), p.year.map(end_of_year))
                        }
                        ItemKind::Task => {
                            let t = &p.tasks[o.index];
                            match &t.deadline {
                                Some(dl) => (format!("完成时限 {}", dl.raw), dl.date.clone()),
                                None => (String::new(), None),
                            }
                        }
                        ItemKind::Project => {
                            let pr = &p.projects[o.index];
                            let mut parts = Vec::new();
                            if let Some(per) = &pr.period {
                                parts.push(format!("实施年限 {}", per.raw));
                            }
                            if let Some(a) = &pr.investment {
                                parts.push(format!("投资 {}", a.raw));
                            }
                            (parts.join("；"), pr.period.as_ref().and_then(|x| x.end).map(end_of_year))
                        }
                    };
                    Item {
                        kind: o.kind,
                        name: o.name.clone(),
                        detail,
                        role: o.role,
                        due,
                        status: None,
                        written_as: o.written_as.clone(),
                        via: None,
                        file: file.clone(),
                        line: o.line,
                    }
                })
                .collect();
            (d.name.clone(), d.forms.clone(), items)
        })
        .collect()
}

/// Build the view of `docs` for `q`: grouped by region and year (in order of first appearance), departments in
/// order of first mention, items sorted by when they are due (undated last), then file and line.
pub fn build(docs: &[Document], q: &Query) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for doc in docs {
        let (region, year) = (doc.plan.region.clone(), doc.plan.year);
        let gi = match groups.iter().position(|g| g.region == region && g.year == year) {
            Some(i) => i,
            None => {
                groups.push(Group { region, year, files: Vec::new(), departments: Vec::new() });
                groups.len() - 1
            }
        };
        let g = &mut groups[gi];
        g.files.push(doc.source.path.clone());
        let all = items_of(doc);
        match &q.name {
            None => {
                for (name, forms, items) in all {
                    push_dept(g, name, forms, items);
                }
            }
            Some(asked) => {
                let mut mine: Vec<Item> = Vec::new();
                let mut forms: Vec<String> = Vec::new();
                // Listed under the name the document's index gives the department (区水务局 for 水务局).
                let mut listed: Option<String> = None;
                for (name, fs, items) in all {
                    if fs.iter().any(|f| same(asked, f)) || same(asked, &name) {
                        listed.get_or_insert_with(|| name.clone());
                        for f in fs {
                            if !forms.contains(&f) {
                                forms.push(f);
                            }
                        }
                        mine.extend(items);
                    } else if let Some(collective) = fs.iter().find(|f| reaches(f, asked)) {
                        mine.extend(items.into_iter().map(|mut i| {
                            i.via = Some(collective.clone());
                            i
                        }));
                    }
                }
                let name = listed.unwrap_or_else(|| asked.clone());
                if !mine.is_empty() {
                    push_dept(g, name, forms, mine);
                }
            }
        }
    }
    let as_of = q.as_of.as_deref().and_then(days);
    for g in &mut groups {
        for d in &mut g.departments {
            for i in &mut d.items {
                if let (Some(now), Some(due)) = (as_of, i.due.as_deref().and_then(days)) {
                    i.status = if due < now {
                        Some(Status::Overdue)
                    } else if due - now <= SOON_DAYS {
                        Some(Status::DueSoon)
                    } else {
                        None
                    };
                }
            }
            d.items.sort_by(|a, b| {
                (a.due.is_none(), &a.due, &a.file, a.line, a.kind).cmp(&(
                    b.due.is_none(),
                    &b.due,
                    &b.file,
                    b.line,
                    b.kind,
                ))
            });
        }
    }
    groups.retain(|g| !g.departments.is_empty() || q.name.is_none());
    groups
}

fn push_dept(g: &mut Group, name: String, forms: Vec<String>, items: Vec<Item>) {
    match g.departments.iter_mut().find(|d| d.name == name) {
        Some(d) => {
            for f in forms {
                if !d.forms.contains(&f) {
                    d.forms.push(f);
                }
            }
            d.items.extend(items);
        }
        None => g.departments.push(DepartmentView { name, forms, items }),
    }
}

/// Output form of `plandoc departments`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Json,
    Csv,
}

fn group_title(g: &Group) -> String {
    let region = g.region.as_deref().unwrap_or("（未注明地区）");
    match g.year {
        Some(y) => format!("{region} {y}年"),
        None => format!("{region}（未注明年度）"),
    }
}

fn kind_label(k: ItemKind) -> &'static str {
    k.label()
}

fn status_label(s: Option<Status>) -> &'static str {
    s.map_or("", Status::label)
}

/// The item's name, marked when the department is reached through a collective assignee.
fn what(i: &Item) -> String {
    match &i.via {
        Some(v) => format!("{}（作为{v}之一）", i.name),
        None => i.name.clone(),
    }
}

/// The CSV columns.
pub const CSV_COLUMNS: [&str; 12] =
    ["地区", "年度", "部门", "截止日期", "状态", "角色", "类别", "事项", "说明", "写作", "经由", "出处"];

/// Render the view.
pub fn render(groups: &[Group], format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            out = serde_json::to_string_pretty(groups).unwrap_or_default();
            out.push('\n');
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(CSV_COLUMNS);
            for g in groups {
                for d in &g.departments {
                    for i in &d.items {
                        let _ = w.write_record([
                            g.region.clone().unwrap_or_default(),
                            g.year.map(|y| y.to_string()).unwrap_or_default(),
                            d.name.clone(),
                            i.due.clone().unwrap_or_default(),
                            status_label(i.status).to_string(),
                            i.role.label().to_string(),
                            kind_label(i.kind).to_string(),
                            i.name.clone(),
                            i.detail.clone(),
                            i.written_as.clone(),
                            i.via.clone().unwrap_or_default(),
                            format!("{}:{}", i.file, i.line),
                        ]);
                    }
                }
            }
            out = w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        }
        Format::Text => {
            for g in groups {
                out.push_str(&format!("{}（{}）\n", group_title(g), g.files.join("、")));
                for d in &g.departments {
                    out.push_str(&format!("\n{}", d.name));
                    if d.forms.len() > 1 {
                        out.push_str(&format!(
                            "（又作 {}）",
                            d.forms.iter().filter(|f| **f != d.name).cloned().collect::<Vec<_>>().join("、")
                        ));
                    }
                    out.push_str(&format!("：{} 项\n", d.items.len()));
                    out.push_str("  截止日期    状态  角色  类别  事项\n");
                    for i in &d.items {
                        out.push_str(&format!(
                            "  {}  {}  {}  {}  {}",
                            pad(i.due.as_deref().unwrap_or("未定"), 10),
                            pad(status_label(i.status), 4),
                            i.role.label(),
                            kind_label(i.kind),
                            what(i)
                        ));
                        if !i.detail.is_empty() {
                            out.push_str(&format!("  {}", i.detail));
                        }
                        out.push_str(&format!("  {}:{}\n", i.file, i.line));
                    }
                }
                out.push('\n');
            }
        }
        Format::Md => {
            for g in groups {
                out.push_str(&format!("## {}\n\n", group_title(g)));
                for d in &g.departments {
                    out.push_str(&format!("### {}\n\n", d.name));
                    out.push_str(
                        "| 截止日期 | 状态 | 角色 | 类别 | 事项 | 说明 | 出处 |\n|---|---|---|---|---|---|---|\n",
                    );
                    for i in &d.items {
                        out.push_str(&format!(
                            "| {} | {} | {} | {} | {} | {} | {}:{} |\n",
                            i.due.as_deref().unwrap_or("未定"),
                            status_label(i.status),
                            i.role.label(),
                            kind_label(i.kind),
                            md_escape(&what(i)),
                            md_escape(&i.detail),
                            i.file,
                            i.line
                        ));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// `s` padded with spaces to `width` display columns (a CJK character is two).
fn pad(s: &str, width: usize) -> String {
    let w: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The `departments` command: read every notice or `parse` JSON the arguments name (a notice's warnings go to
/// `log`), and render the view.
pub fn run(
    inputs: &[PathBuf],
    q: &Query,
    format: Format,
    max_bytes: u64,
    log: &mut dyn FnMut(&str),
) -> Result<String, Error> {
    if let Some(d) = &q.as_of
        && days(d).is_none()
    {
        return Err(Error::Usage(format!("--as-of {d}: not a date (YYYY-MM-DD)")));
    }
    let mut docs: Vec<Document> = Vec::new();
    // The inputs every command takes (crate::input): files, parse JSON, directories — here with the parse JSON
    // they hold — and `-`.
    let req = input::Request { max_bytes, json_in_dirs: true, ..input::Request::default() };
    let resolved = input::resolve(inputs, &req, &mut std::io::stdin().lock())?;
    for k in &resolved.skipped {
        log(&format!("plandoc：跳过：{}：{}", k.path.display(), k.reason));
    }
    let opts = crate::parse::Options { max_bytes };
    for i in &resolved.inputs {
        let doc = match input::usable(i, &opts, false, crate::error::Lang::Zh, log) {
            input::Use::Doc { doc, .. } => *doc,
            input::Use::Skip(reason) => {
                log(&format!("plandoc：跳过：{}：{reason}", i.path().display()));
                continue;
            }
            input::Use::Refused { reason, .. } => return Err(Error::Other(reason)),
        };
        let f = i.path();
        // A notice and the parse JSON written from it are one document (the JSON keeps the notice's hash).
        if docs.iter().any(|d| d.source.sha256 == doc.source.sha256) {
            log(&format!(
                "plandoc: {}: 与已读的通知相同，不重复列出（the same notice as one read before）",
                f.display()
            ));
            continue;
        }
        docs.push(doc);
    }
    let groups = build(&docs, q);
    if let Some(name) = &q.name
        && groups.is_empty()
    {
        log(&format!("plandoc: {name}: 所给文件中没有这个部门（no item names it）"));
    }
    Ok(render(&groups, format))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2020-10-01"), Some(18_536));
        assert_eq!(days("2020-10-31").zip(days("2020-10-01")).map(|(a, b)| a - b), Some(30));
        assert_eq!(days("2021-03-01").zip(days("2020-02-28")).map(|(a, b)| a - b), Some(367));
        assert_eq!(days("2020-13-01"), None);
        assert_eq!(days("x"), None);
    }

    #[test]
    fn collectives_reach_their_members() {
        assert!(reaches("各乡镇人民政府", "马伸桥镇人民政府"));
        assert!(reaches("各乡镇人民政府", "孙各庄乡人民政府"));
        assert!(reaches("各街镇", "马伸桥镇"));
        assert!(!reaches("各乡镇人民政府", "区水务局"));
        assert!(!reaches("各乡镇人民政府", "各乡镇人民政府"));
        assert!(!reaches("各相关部门", "区水务局"));
        assert!(!reaches("区水务局", "马伸桥镇人民政府"));
    }

    #[test]
    fn bare_names_match() {
        assert!(same("水务局", "区水务局"));
        assert!(same("区水务局", "水务局"));
        assert!(same("区水务局", "区水务局"));
        assert!(!same("区水务局", "市水务局"));
    }
}
