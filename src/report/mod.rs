//! Report: a plan (and, with `--compare`, the plan before it) → one self-contained HTML review page: the plan at a glance, indicators, tasks and projects with their departments, changes highlighted, a department filter set by the link, every item linked to its source line.
//!
//! The page needs nothing but itself: styles and script are inline, fonts are the system's CJK stack, and a
//! Content-Security-Policy forbids every fetch and allows only the page's own script (by its SHA-256). Every
//! text taken from a document goes through maud's escaping in the HTML, and through [`script_json`] in the
//! one data block (`</script>` and `<!--` inside a task's text cannot end it). The department filter is the
//! script reading the fragment: `report.html#部门=区水务局` shows that department's items only.

use crate::diff::fields::department_key;
use crate::diff::render::{Lang, field_label, shift_words, trend_word, warning_text};
use crate::diff::report::{Change, FieldChange, KindDiff, Report};
use crate::diff::{diff, load};
use crate::error::Error;
use crate::model::{Diagnostic, Document, Indicator, Level, Project, Section, SectionKind, Task};
use crate::parse::Options;
use base64::Engine as _;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");

/// One side of the page: the parsed plan and, when the source text could be read, its lines.
pub struct Side {
    pub doc: Document,
    /// The source's lines (1-based line n is `lines[n - 1]`), for the links from each item to its line.
    pub lines: Option<Vec<String>>,
}

/// Read a notice (or a `parse` JSON) for the page: the plan and its source lines. A JSON's source is read
/// when its file is still there with the same SHA-256.
pub fn load_side(path: &Path, opts: &Options) -> Result<Side, Error> {
    let doc = load(path, opts)?;
    let own = source_lines(path, &doc.source.sha256);
    let lines = own.or_else(|| source_lines(Path::new(&doc.source.path), &doc.source.sha256));
    Ok(Side { doc, lines })
}

/// The file's lines as `parse` numbers them, when its SHA-256 is `sha256` (in any format `parse` reads).
fn source_lines(path: &Path, sha256: &str) -> Option<Vec<String>> {
    let bytes = std::fs::read(path).ok()?;
    let mut hex = String::new();
    crate::text::push_hex(&mut hex, &Sha256::digest(&bytes));
    if hex != sha256 {
        return None;
    }
    // The text every line number refers to: the decoded file, or a document reader's rendering (Word, a web
    // page, PDF, a workbook), as `plandoc text` prints it.
    let mut diags = crate::model::Diags::default();
    let source = crate::read::read(&bytes, &path.to_string_lossy(), &mut diags).ok()?;
    Some(split_lines(&source.text))
}

/// Lines ended by LF, CRLF or CR, numbered as the reader numbers them.
fn split_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        match rest.find(['\n', '\r']) {
            Some(i) => {
                out.push(rest[..i].replace('\u{c}', ""));
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            None => {
                out.push(rest.replace('\u{c}', ""));
                rest = "";
            }
        }
    }
    out
}

/// `plandoc report NOTICE [--compare OLD] [-o FILE]`: build the page and write it (atomically) or print it.
pub fn run(
    notice: &Path,
    compare: Option<&Path>,
    out: Option<&Path>,
    opts: &Options,
    stdout: &mut dyn std::io::Write,
) -> Result<(), Error> {
    let new = load_side(notice, opts)?;
    let old = compare.map(|p| load_side(p, opts)).transpose()?;
    let report = old.as_ref().map(|o| {
        let mut r = diff(&o.doc, &new.doc);
        if let Some(p) = compare {
            r.summary.old.path = p.display().to_string();
        }
        r.summary.new.path = notice.display().to_string();
        r
    });
    let html = page(&new, old.as_ref().zip(report.as_ref()));
    match out {
        Some(path) => crate::output::write_atomic(path, html.as_bytes()),
        None => stdout
            .write_all(html.as_bytes())
            .and_then(|_| stdout.flush())
            .or_else(|e| if e.kind() == std::io::ErrorKind::BrokenPipe { Ok(()) } else { Err(e) })
            .map_err(|e| Error::Write { path: "<stdout>".into(), source: e }),
    }
}

/// JSON for inside a `<script>` element: `<`, `>` and `&` written as `\u003c` …, so no text from a document
/// (`</script>`, `<!--`) can end the element or open a comment; U+2028/2029 escaped for old parsers.
pub fn script_json(value: &serde_json::Value) -> String {
    let s = value.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// What happened to one item of the new plan, for its row.
enum Status<'a, T> {
    Same,
    Added,
    Changed(&'a Change<T>),
    Renamed(&'a Change<T>),
    Carried(&'a Change<T>),
}

/// The status of each item of the new plan by id.
fn statuses<'a, T: HasId>(d: Option<&'a KindDiff<T>>) -> BTreeMap<&'a str, Status<'a, T>> {
    let mut m = BTreeMap::new();
    if let Some(d) = d {
        for x in &d.added {
            m.insert(x.id(), Status::Added);
        }
        for c in &d.changed {
            m.insert(c.new.id(), Status::Changed(c));
        }
        for c in &d.renamed {
            m.insert(c.new.id(), Status::Renamed(c));
        }
        for c in &d.carried_over {
            m.insert(c.new.id(), Status::Carried(c));
        }
    }
    m
}

trait HasId {
    fn id(&self) -> &str;
}

impl HasId for Indicator {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for Task {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for Project {
    fn id(&self) -> &str {
        &self.id
    }
}

impl<T> Status<'_, T> {
    fn class(&self) -> &'static str {
        match self {
            Status::Same => "item",
            Status::Added => "item added",
            Status::Changed(_) => "item changed",
            Status::Renamed(_) => "item renamed",
            Status::Carried(_) => "item carried",
        }
    }
    fn change(&self) -> Option<&Change<T>> {
        match self {
            Status::Changed(c) | Status::Renamed(c) => Some(c),
            _ => None,
        }
    }
    /// The row's badge: 新增, 更名, 调整 (or 延期/提前 when only an end moved), 延续.
    fn badge(&self) -> Markup {
        match self {
            Status::Same => html! {},
            Status::Added => html! { span.badge.add { "新增" } },
            Status::Renamed(_) => html! { span.badge.chg { "更名" } },
            Status::Carried(_) => html! { span.badge.carry title="期限随计划年度顺延，不计为变化" { "延续" } },
            Status::Changed(c) => {
                let delay = c.changes.iter().find_map(|f| f.shift.filter(|_| f.start.is_none()));
                match (c.changes.len(), delay) {
                    (1, Some(s)) if s.amount > 0 => html! { span.badge.late { "延期" } },
                    (1, Some(s)) if s.amount < 0 => html! { span.badge.early { "提前" } },
                    _ => html! { span.badge.chg { "调整" } },
                }
            }
        }
    }
}

/// A cell's content: the value, or for a changed field `旧 → 新` with its trend or delay.
fn cell<T>(status: &Status<'_, T>, field: &str, value: &str) -> Markup {
    let Some(f) = status.change().and_then(|c| c.changes.iter().find(|f| f.field == field)) else {
        return html! { (value) };
    };
    field_change(f)
}

fn field_change(f: &FieldChange) -> Markup {
    if !f.added.is_empty() || !f.removed.is_empty() {
        let members: Vec<&str> = f.new.as_deref().unwrap_or("").split('、').filter(|m| !m.is_empty()).collect();
        return html! {
            @for (i, m) in members.iter().enumerate() {
                @if i > 0 { "、" }
                @if f.added.iter().any(|a| a == m) { ins { (m) } } @else { (m) }
            }
            @for m in &f.removed { "、" del { (m) } }
        };
    }
    let notes = notes(f);
    html! {
        del { (f.old.as_deref().unwrap_or("（无）")) } " → " ins { (f.new.as_deref().unwrap_or("（无）")) }
        @for (class, note) in &notes { span class={ "badge " (class) } { (note) } }
    }
}

/// The badges of one field change: 要求提高/要求放宽, 开始 …, 延期/提前 ….
fn notes(f: &FieldChange) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(t) = f.trend {
        let class = match t {
            crate::diff::report::Trend::Tightened | crate::diff::report::Trend::Increased => "up",
            crate::diff::report::Trend::Loosened | crate::diff::report::Trend::Decreased => "down",
            crate::diff::report::Trend::Mixed => "chg",
        };
        v.push((class, trend_word(t, Lang::Zh).to_string()));
    }
    if let Some(m) = f.start {
        let y = |y: Option<i32>| y.map(|y| format!("{y}年")).unwrap_or_else(|| "?".into());
        v.push(("chg", format!("开始 {} → {}", y(m.old), y(m.new))));
    }
    if let Some(s) = f.shift {
        v.push((if s.amount > 0 { "late" } else { "early" }, shift_words(s, Lang::Zh)));
    }
    v
}

/// The departments an item names, as keys for the filter.
fn dept_keys(names: &[String]) -> String {
    let mut keys: Vec<String> = names.iter().map(|n| department_key(n)).filter(|k| !k.is_empty()).collect();
    keys.sort();
    keys.dedup();
    keys.join(" ")
}

/// A link to a source line (`L53`, or `O53` in the old plan's text), or the bare number without the text.
fn line_link(prefix: &str, line: usize, has_source: bool) -> Markup {
    html! {
        @if has_source { a.line href={ "#" (prefix) (line) } title="查看原文" { "行 " (line) } }
        @else { span.line { "行 " (line) } }
    }
}

fn kind_name(k: SectionKind) -> &'static str {
    match k {
        SectionKind::Basis => "依据",
        SectionKind::Goals => "目标",
        SectionKind::Indicators => "指标",
        SectionKind::Tasks => "任务",
        SectionKind::Projects => "项目",
        SectionKind::Safeguards => "保障",
        SectionKind::Other => "其他",
    }
}

fn outline(sections: &[Section], has_source: bool) -> Markup {
    html! {
        ol.outline {
            @for s in sections {
                li {
                    @if has_source { a href={ "#L" (s.line) } { (s.number) " " (s.title) } } @else { (s.number) " " (s.title) }
                    span.kind { (kind_name(s.kind)) }
                    @if !s.children.is_empty() && s.level < 2 { (outline(&s.children, has_source)) }
                }
            }
        }
    }
}

/// Every department the plans name: key → (display name: the first form met, every form).
fn department_index(docs: &[&Document]) -> BTreeMap<String, (String, Vec<String>)> {
    let mut index: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for doc in docs {
        let p = &doc.plan;
        let names = p
            .indicators
            .iter()
            .flat_map(|i| i.departments.iter())
            .chain(p.tasks.iter().flat_map(|t| t.departments.iter()))
            .chain(p.projects.iter().flat_map(|x| x.units.iter()));
        for n in names {
            let key = department_key(n);
            if key.is_empty() {
                continue;
            }
            let entry = index.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (n.clone(), Vec::new())
            });
            if !entry.1.contains(n) {
                entry.1.push(n.clone());
            }
            // A prefixed form (区水务局) names the department better than a bare one (水务局).
            if entry.0 == key && n != &key {
                entry.0 = n.clone();
            }
        }
    }
    index
}

/// Investment total in 万元 when every amount is in 万元.
fn total_investment(projects: &[Project]) -> Option<String> {
    let amounts: Vec<f64> = projects
        .iter()
        .filter_map(|p| p.investment.as_ref())
        .filter(|a| a.unit.as_deref().is_none_or(|u| u == "万元"))
        .filter_map(|a| a.value)
        .collect();
    if amounts.is_empty() {
        return None;
    }
    let sum: f64 = amounts.iter().sum();
    let s = format!("{:.2}", sum);
    Some(format!("{} 万元", s.trim_end_matches('0').trim_end_matches('.')))
}

/// The whole page for one plan, and with `compare` the plan before it and the diff between them.
pub fn page(new: &Side, compare: Option<(&Side, &Report)>) -> String {
    let doc = &new.doc;
    let plan = &doc.plan;
    let has_src = new.lines.is_some();
    let report = compare.map(|(_, r)| r);
    let old_has_src = compare.is_some_and(|(o, _)| o.lines.is_some());
    let title = plan.title.clone().or_else(|| doc.notice.as_ref().map(|n| n.title.clone())).unwrap_or_default();
    let mut docs = vec![doc];
    if let Some((o, _)) = compare {
        docs.push(&o.doc);
    }
    let depts = department_index(&docs);
    let data = serde_json::json!({
        "forms": depts.iter().flat_map(|(k, (shown, forms))| {
            forms.iter().chain([shown, k]).map(move |f| (f.clone(), serde_json::Value::String(k.clone())))
        }).collect::<serde_json::Map<String, serde_json::Value>>(),
        "names": depts.iter().map(|(k, (shown, _))| (k.clone(), serde_json::Value::String(shown.clone())))
            .collect::<serde_json::Map<String, serde_json::Value>>(),
        "title": title,
    });
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(JS.as_bytes()));
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; img-src data:; \
         base-uri 'none'; form-action 'none'"
    );
    let ind = statuses(report.map(|r| &r.indicators));
    let tasks = statuses(report.map(|r| &r.tasks));
    let prj = statuses(report.map(|r| &r.projects));
    let depts_named = department_index(&[doc]).len();
    let has_unit = plan.indicators.iter().any(|i| i.unit.is_some());
    let has_attr = plan.indicators.iter().any(|i| i.attribute.is_some());
    let has_category = plan.projects.iter().any(|p| p.category.is_some());
    let problems: Vec<&Diagnostic> = doc.diagnostics.iter().filter(|d| d.level != Level::Info).collect();
    let markup = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 计划审阅" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { (title) }
                    @if let Some(n) = &doc.notice { p.notice-title { (n.title) } }
                    dl.facts {
                        @if let Some(n) = &doc.notice {
                            @if let Some(v) = &n.issuer { dt { "发文机关" } dd { (v) } }
                            @if let Some(v) = &n.doc_number { dt { "文号" } dd { (v) } }
                            @if let Some(v) = &n.date { dt { "成文日期" } dd { (v) } }
                            @if !n.recipients.is_empty() { dt { "主送单位" } dd { (n.recipients.join("，")) } }
                        }
                        @if let Some(y) = plan.year { dt { "计划年度" } dd { (y) "年" } }
                        @if let Some(r) = &plan.region { dt { "地区" } dd { (r) } }
                        dt { "来源文件" } dd { (doc.source.path) " " span.muted { "（" (doc.source.encoding) "，" (doc.source.lines) " 行）" } }
                    }
                }
                nav.filter aria-label="按部门筛选" {
                    label for="dept" { "部门：" }
                    select #dept {
                        option value="" { "全部部门" }
                        @for (key, (shown, _)) in &depts { option value=(key) { (shown) } }
                    }
                    span #dept-status .status { "全部部门" }
                    a href="#部门=" { "显示全部" }
                }
                @if let Some((old, r)) = compare {
                    section #changes {
                        h2 { "与上年计划对比" }
                        p.muted {
                            "原计划：" (r.summary.old.title.as_deref().unwrap_or("（无标题）"))
                            @if let Some(y) = r.summary.old.year { "（" (y) "年）" }
                            " · " (old.doc.source.path)
                        }
                        @if !r.warnings.is_empty() {
                            div.warnings role="alert" {
                                @for w in &r.warnings { p { strong { "注意：" } (warning_text(w, Lang::Zh)) } }
                            }
                        }
                        (summary_cards(r))
                        table.summary-table {
                            thead { tr { th { "类别" } th.num { "新增" } th.num { "删除" } th.num { "更名" } th.num { "调整" } th.num { "延续" } th.num { "未变化" } } }
                            tbody {
                                @for (name, c) in [("指标", &r.summary.indicators), ("任务", &r.summary.tasks), ("项目", &r.summary.projects)] {
                                    tr { td { (name) } td.num { (c.added) } td.num { (c.removed) } td.num { (c.renamed) } td.num { (c.changed) } td.num { (c.carried_over) } td.num { (c.unchanged) } }
                                }
                            }
                        }
                        @if !r.notice.changed.is_empty() {
                            h3 { "通知信息" }
                            ul.changes {
                                @for c in &r.notice.changed { li { (field_label(&c.field, Lang::Zh)) "：" (field_change(c)) } }
                                @for c in &r.notice.carried_over { li.muted { span.badge.carry { "延续" } (field_label(&c.field, Lang::Zh)) "：日期随计划年度顺延" } }
                            }
                        }
                        h3 { "变化一览" }
                        ul.changes {
                            (change_items("指标", &r.indicators, |x| &x.name, |x| &x.departments, |x| &x.id))
                            (change_items("任务", &r.tasks, |x| &x.title, |x| &x.departments, |x| &x.id))
                            (change_items("项目", &r.projects, |x| &x.name, |x| &x.units, |x| &x.id))
                        }
                        @if r.summary.same { p { "两份计划相同，无变化。" } }
                    }
                }
                section #glance {
                    h2 { "计划概览" }
                    div.cards {
                        div.card { b { (plan.indicators.len()) } span { "指标（项）" } }
                        div.card { b { (plan.tasks.len()) } span { "重点任务（项）" } }
                        div.card { b { (plan.projects.len()) } span { "重点项目（项）" } }
                        div.card { b { (depts_named) } span { "责任部门（个）" } }
                        @if let Some(t) = total_investment(&plan.projects) { div.card { b { (t) } span { "项目总投资" } } }
                    }
                    @if !plan.sections.is_empty() { h3 { "章节" } (outline(&plan.sections, has_src)) }
                    @if !problems.is_empty() {
                        details.no-print {
                            summary { "解析提示 " (problems.len()) " 条" }
                            ul.changes {
                                @for d in &problems {
                                    li {
                                        @if let Some(l) = d.line { (line_link("L", l, has_src)) " " }
                                        (d.message) " " span.muted { "[" (d.code) "]" }
                                    }
                                }
                            }
                        }
                    }
                }
                section #indicators {
                    h2 { "指标（" (plan.indicators.len()) "项）" }
                    table {
                        thead { tr {
                            th.num { "序号" } th { "目标层" } th { "任务层" } th { "指标名称" }
                            @if has_unit { th { "单位" } }
                            th { "目标值" }
                            @if has_attr { th { "属性" } }
                            th { "责任单位" } th { "原文" }
                        } }
                        tbody {
                            @for i in &plan.indicators {
                                @let st = ind.get(i.id.as_str()).unwrap_or(&Status::Same);
                                tr id=(i.id) class=(st.class()) data-item="indicator" data-depts=(dept_keys(&i.departments)) {
                                    td.num { (i.serial.map(|s| s.to_string()).unwrap_or_default()) }
                                    td { (cell(st, "goal", i.goal.as_deref().unwrap_or(""))) }
                                    td { (cell(st, "task", i.task.as_deref().unwrap_or(""))) }
                                    td.name { (cell(st, "name", &i.name)) (st.badge()) }
                                    @if has_unit { td { (cell(st, "unit", i.unit.as_deref().unwrap_or(""))) } }
                                    td { (cell(st, "target", &i.target.raw)) }
                                    @if has_attr { td { (cell(st, "attribute", i.attribute.as_deref().unwrap_or(""))) } }
                                    td { (cell(st, "departments", &i.departments.join("、"))) }
                                    td.line { (line_link("L", i.line, has_src)) }
                                }
                            }
                        }
                    }
                }
                section #tasks {
                    h2 { "重点任务（" (plan.tasks.len()) "项）" }
                    table {
                        thead { tr { th.num { "序号" } th { "任务" } th { "责任单位" } th { "原文" } } }
                        tbody {
                            @for t in &plan.tasks {
                                @let st = tasks.get(t.id.as_str()).unwrap_or(&Status::Same);
                                tr id=(t.id) class=(st.class()) data-item="task" data-depts=(dept_keys(&t.departments)) {
                                    td.num { (task_number(t)) }
                                    td.text {
                                        @if let Some(g) = &t.group { div.role { (cell(st, "group", g)) } }
                                        div.name { strong { (cell(st, "title", &t.title)) } (st.badge()) }
                                        div.task-text { (cell(st, "text", &t.text)) }
                                    }
                                    td { (roles(t, st)) }
                                    td.line { (line_link("L", t.line, has_src)) }
                                }
                            }
                        }
                    }
                }
                section #projects {
                    h2 { "重点项目（" (plan.projects.len()) "项）" }
                    table {
                        thead { tr {
                            th.num { "序号" }
                            @if has_category { th { "类别" } }
                            th { "项目名称" } th { "建设内容" } th { "建设地点" } th.num { "投资" } th { "建设期限" } th { "责任单位" } th { "原文" }
                        } }
                        tbody {
                            @for p in &plan.projects {
                                @let st = prj.get(p.id.as_str()).unwrap_or(&Status::Same);
                                tr id=(p.id) class=(st.class()) data-item="project" data-depts=(dept_keys(&p.units)) {
                                    td.num { (p.serial.map(|s| s.to_string()).unwrap_or_default()) }
                                    @if has_category { td { (cell(st, "category", p.category.as_deref().unwrap_or(""))) } }
                                    td.name { (cell(st, "name", &p.name)) (st.badge()) }
                                    td.text { (cell(st, "content", p.content.as_deref().unwrap_or(""))) }
                                    td { (cell(st, "location", p.location.as_deref().unwrap_or(""))) }
                                    td.num { (cell(st, "investment", &amount(p))) }
                                    td {
                                        (cell(st, "period", p.period.as_ref().map(|x| x.raw.as_str()).unwrap_or("")))
                                        @if let Status::Carried(c) = st {
                                            @for f in &c.carried_over { @if f.field == "period" { div.role { "上年：" (f.old.as_deref().unwrap_or("")) } } }
                                        }
                                    }
                                    td { (cell(st, "units", &p.units.join("、"))) }
                                    td.line { (line_link("L", p.line, has_src)) }
                                }
                            }
                        }
                    }
                }
                @if let Some((_, r)) = compare {
                    @if !(r.indicators.removed.is_empty() && r.tasks.removed.is_empty() && r.projects.removed.is_empty()) {
                        section #removed {
                            h2 { "已删除（原计划有、新计划无）" }
                            table {
                                thead { tr { th { "类别" } th { "名称" } th { "责任单位" } th { "原计划原文" } } }
                                tbody {
                                    @for i in &r.indicators.removed { (removed_row("指标", &i.id, &i.name, &i.departments, i.line, old_has_src)) }
                                    @for t in &r.tasks.removed { (removed_row("任务", &t.id, &t.title, &t.departments, t.line, old_has_src)) }
                                    @for p in &r.projects.removed { (removed_row("项目", &p.id, &p.name, &p.units, p.line, old_has_src)) }
                                }
                            }
                        }
                    }
                }
                section.source #source {
                    h2 { "原文" }
                    @if let Some(lines) = &new.lines {
                        details open {
                            summary { "新计划：" (doc.source.path) }
                            ol { @for (n, l) in lines.iter().enumerate() { li id={ "L" (n + 1) } { (l) } } }
                        }
                    } @else {
                        p.muted { "原文不可用（输入为 JSON，且源文件已不在或已改动）。" }
                    }
                    @if let Some((old, _)) = compare {
                        @if let Some(lines) = &old.lines {
                            details open {
                                summary { "原计划：" (old.doc.source.path) }
                                ol { @for (n, l) in lines.iter().enumerate() { li id={ "O" (n + 1) } { (l) } } }
                            }
                        }
                    }
                }
                footer {
                    "由 plandoc 生成 · 源文件 SHA-256 " (doc.source.sha256)
                }
                script #plandoc-data type="application/json" { (PreEscaped(script_json(&data))) }
                script { (PreEscaped(JS)) }
            }
        }
    };
    markup.into_string()
}

fn amount(p: &Project) -> String {
    match &p.investment {
        Some(a) => {
            let unit = a.unit.as_deref().filter(|u| !a.raw.contains(u)).unwrap_or("");
            format!("{}{unit}", a.raw)
        }
        None => String::new(),
    }
}

fn task_number(t: &Task) -> String {
    match (t.group_number, t.number) {
        (Some(g), Some(n)) => format!("{g}.{n}"),
        (Some(g), None) => g.to_string(),
        (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    }
}

/// A task's departments by role (牵头, 配合, 责任: as the notice assigns them) and its 完成时限.
fn roles(t: &Task, st: &Status<'_, Task>) -> Markup {
    let unassigned =
        t.lead_departments.is_empty() && t.support_departments.is_empty() && t.responsible_departments.is_empty();
    html! {
        @if !t.lead_departments.is_empty() {
            div { span.role { "牵头：" } (cell(st, "lead_departments", &t.lead_departments.join("、"))) }
        }
        @if !t.support_departments.is_empty() {
            div { span.role { "配合：" } (cell(st, "support_departments", &t.support_departments.join("、"))) }
        }
        @if !t.responsible_departments.is_empty() {
            div { span.role { "责任：" } (cell(st, "responsible_departments", &t.responsible_departments.join("、"))) }
        }
        @if unassigned && !t.departments.is_empty() {
            div { span.role { "责任：" } (t.departments.join("、")) }
        }
        @if let Some(d) = &t.deadline {
            div.deadline { span.role { "完成时限：" } (cell(st, "deadline", &d.raw)) }
        }
    }
}

fn removed_row(kind: &str, id: &str, name: &str, depts: &[String], line: usize, has_src: bool) -> Markup {
    html! {
        tr id={ "old-" (id) } class="item removed" data-item="removed" data-depts=(dept_keys(depts)) {
            td { (kind) " " span.badge.del { "删除" } }
            td.name { (name) }
            td { (depts.join("、")) }
            td.line { (line_link("O", line, has_src)) }
        }
    }
}

/// Counts of what the review meeting asks first: stricter and looser targets, new, removed, delayed.
fn summary_cards(r: &Report) -> Markup {
    let trends = |t: crate::diff::report::Trend| {
        r.indicators
            .changed
            .iter()
            .chain(&r.indicators.renamed)
            .filter(|c| c.changes.iter().any(|f| f.trend == Some(t)))
            .count()
    };
    let delayed = |d: &dyn Fn(i64) -> bool| {
        let count = |cs: &[FieldChange]| cs.iter().any(|f| f.shift.is_some_and(|s| d(s.amount)));
        r.projects.changed.iter().filter(|c| count(&c.changes)).count()
            + r.tasks.changed.iter().filter(|c| count(&c.changes)).count()
    };
    let s = &r.summary;
    let added = s.indicators.added + s.tasks.added + s.projects.added;
    let removed = s.indicators.removed + s.tasks.removed + s.projects.removed;
    let carried = s.indicators.carried_over + s.tasks.carried_over + s.projects.carried_over;
    let cards = [
        ("要求提高", trends(crate::diff::report::Trend::Tightened), "up"),
        ("要求放宽", trends(crate::diff::report::Trend::Loosened), "down"),
        ("新增", added, "add"),
        ("删除", removed, "del"),
        ("延期", delayed(&|a| a > 0), "late"),
        ("提前", delayed(&|a| a < 0), "early"),
        ("延续", carried, "carry"),
    ];
    html! {
        div.cards #change-counts {
            @for (label, n, class) in cards {
                div.card data-count=(label) { b { (n) } span class={ "badge " (class) } { (label) } }
            }
        }
        span.muted { "部门职责有变化：" (s.departments) " 个 · 通知信息调整：" (s.notice) " 项" }
    }
}

/// One line per change of a kind, linked to its row (or the removed row), filterable by department.
fn change_items<T>(
    kind: &str,
    d: &KindDiff<T>,
    name: impl Fn(&T) -> &String,
    depts: impl Fn(&T) -> &Vec<String>,
    id: impl Fn(&T) -> &String,
) -> Markup {
    let keys = |x: &T, y: Option<&T>| {
        let mut all = depts(x).clone();
        if let Some(y) = y {
            all.extend(depts(y).iter().cloned());
        }
        dept_keys(&all)
    };
    html! {
        @for x in &d.added {
            li data-depts=(keys(x, None)) { span.badge.add { "新增" } (kind) "：" a href={ "#" (id(x)) } { (name(x)) } }
        }
        @for x in &d.removed {
            li data-depts=(keys(x, None)) { span.badge.del { "删除" } (kind) "：" a href={ "#old-" (id(x)) } { (name(x)) } }
        }
        @for c in d.renamed.iter().chain(&d.changed) {
            li data-depts=(keys(&c.old, Some(&c.new))) {
                @if c.similarity.is_some() { span.badge.chg { "更名" } } @else { span.badge.chg { "调整" } }
                (kind) "：" a href={ "#" (id(&c.new)) } { (name(&c.new)) }
                @for f in &c.changes {
                    " · " (field_label(&f.field, Lang::Zh)) " " (field_change(f))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_end_its_element() {
        let v = serde_json::json!({"t": "</script><script>alert(1)</script><!-- & \u{2028}"});
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn lines_are_numbered_as_the_reader_numbers_them() {
        assert_eq!(split_lines("\u{feff}a\r\nb\rc\n\nd"), ["a", "b", "c", "", "d"]);
        assert_eq!(split_lines("a\n"), ["a"]);
    }
}
