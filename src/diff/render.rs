//! Diff rendering: a diff [`Report`] → a coloured text summary, a Markdown report (one daff-style table per kind) or JSON, in Chinese (or English with `--lang en`).
//!
//! Words are a bureau's: 新增, 删除, 更名, 调整, 延续, 未变化; 要求提高/要求放宽 for a target made stricter or
//! looser; 延期/提前 with how long for a period's end; fields by their names in the notice and its tables
//! (通知标题, 文号, 成文日期, 目标值, 责任单位 …). Markdown rows follow daff's highlighter: the first column says
//! what happened to the row, a changed cell reads `old → new`, and a list cell shows NEW's members with added
//! ones in bold and removed ones struck through. JSON is the contract and does not change with the language.

use crate::diff::fields::{Item, shown};
use crate::diff::report::{
    Change, Counts, DepartmentChange, DepartmentStatus, FieldChange, KindDiff, Owned, Report, Shift, ShiftUnit, Trend,
    Warning,
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

/// The language of what a person reads: Chinese by default, English on request (the CLI's global `--lang`).
pub use crate::error::Lang;

/// Render a report in one format. `color` adds ANSI colours to text (never to Markdown or JSON); JSON is the
/// same in every language.
pub fn render(r: &Report, format: Format, color: bool, lang: Lang) -> String {
    match format {
        Format::Text => text(r, color, lang),
        Format::Md => markdown(r, lang),
        Format::Json => json(r),
    }
}

/// Pretty JSON with a final newline.
pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// A field's name as the notice and its tables call it (`notice.doc_number` → 文号); `extra.<header>` and
/// `notice.metadata.<label>` by their own header or label.
pub fn field_label(field: &str, lang: Lang) -> String {
    if let Some(own) = field.strip_prefix("extra.").or_else(|| field.strip_prefix("notice.metadata.")) {
        return own.to_string();
    }
    let (zh, en) = match field {
        "notice" => ("通知", "notice"),
        "notice.issuer" => ("发文机关", "issuer"),
        "notice.doc_number" => ("文号", "document number"),
        "notice.title" => ("通知标题", "notice title"),
        "notice.doc_type" => ("文种", "document type"),
        "notice.recipients" => ("主送单位", "recipients"),
        "notice.body" => ("正文", "body"),
        "notice.signatories" => ("署名", "signatories"),
        "notice.seal_note" => ("代章", "seal note"),
        "notice.date" => ("成文日期", "date"),
        "notice.contact" => ("联系方式", "contact"),
        "notice.disclosure" => ("公开方式", "disclosure"),
        "notice.attachments" => ("附件", "attachments"),
        "notice.cc" => ("抄送", "cc"),
        "notice.printed" => ("印发", "printed"),
        "plan.title" => ("计划标题", "plan title"),
        "plan.region" => ("地区", "region"),
        "plan.year" => ("计划年度", "plan year"),
        "goal" => ("目标层", "goal"),
        "task" => ("任务层", "task"),
        "name" => ("名称", "name"),
        "unit" => ("单位", "unit"),
        "target" => ("目标值", "target"),
        "attribute" => ("指标属性", "attribute"),
        "departments" => ("责任单位", "departments"),
        "group" => ("任务组", "group"),
        "title" => ("任务", "title"),
        "text" => ("内容", "text"),
        "lead_departments" => ("牵头单位", "lead departments"),
        "support_departments" => ("配合单位", "support departments"),
        "responsible_departments" => ("责任单位", "responsible departments"),
        "deadline" => ("完成时限", "deadline"),
        "measures" => ("具体措施", "measures"),
        "category" => ("类别", "category"),
        "content" => ("建设内容", "content"),
        "location" => ("建设地点", "location"),
        "period" => ("建设期限", "period"),
        "investment" => ("投资", "investment"),
        "units" => ("责任单位", "units"),
        other => return other.to_string(),
    };
    lang.pick(zh, en).to_string()
}

/// A warning in words: `diff.region_differs` and the two values → a sentence.
pub fn warning_text(w: &Warning, lang: Lang) -> String {
    let (o, n) = (w.old.as_deref().unwrap_or("?"), w.new.as_deref().unwrap_or("?"));
    match (w.code.as_str(), lang) {
        ("diff.region_differs", Lang::Zh) => {
            format!("两份计划属于不同地区（原计划：{o}；新计划：{n}），同名条目未必是同一事项；仍照常对比。")
        }
        ("diff.region_differs", Lang::En) => {
            format!(
                "the plans are of different regions ({o}; {n}): items of the same name need not be the same; compared anyway"
            )
        }
        ("diff.issuer_differs", Lang::Zh) => {
            format!("两份计划的发文机关不同（原计划：{o}；新计划：{n}）；仍照常对比。")
        }
        ("diff.issuer_differs", Lang::En) => format!("the plans have different issuers ({o}; {n}); compared anyway"),
        ("diff.new_is_older", Lang::Zh) => {
            format!("“新”计划（{n}）早于“原”计划（{o}），两个文件的顺序可能写反了；仍照常对比。")
        }
        ("diff.new_is_older", Lang::En) => {
            format!(
                "the \"new\" plan ({n}) is older than the old one ({o}): the files may be the wrong way round; compared anyway"
            )
        }
        _ => w.message.clone(),
    }
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

fn value(v: &Option<String>, lang: Lang) -> String {
    v.clone().unwrap_or_else(|| lang.pick("（无）", "(none)").to_string())
}

/// 要求提高 / tightened, …
pub fn trend_word(t: Trend, lang: Lang) -> &'static str {
    match t {
        Trend::Tightened => lang.pick("要求提高", "tightened"),
        Trend::Loosened => lang.pick("要求放宽", "loosened"),
        Trend::Increased => lang.pick("增加", "increased"),
        Trend::Decreased => lang.pick("减少", "decreased"),
        Trend::Mixed => lang.pick("有升有降", "mixed"),
    }
}

/// 延期1年 / 提前3个月 / delayed by 1 year.
pub fn shift_words(s: Shift, lang: Lang) -> String {
    let n = s.amount.unsigned_abs();
    let later = s.amount > 0;
    match lang {
        Lang::Zh => {
            let unit = match s.unit {
                ShiftUnit::Year => "年",
                ShiftUnit::Month => "个月",
                ShiftUnit::Day => "天",
            };
            format!("{}{n}{unit}", if later { "延期" } else { "提前" })
        }
        Lang::En => {
            let unit = match s.unit {
                ShiftUnit::Year => "year",
                ShiftUnit::Month => "month",
                ShiftUnit::Day => "day",
            };
            let plural = if n == 1 { "" } else { "s" };
            format!("{} by {n} {unit}{plural}", if later { "delayed" } else { "brought forward" })
        }
    }
}

/// What a field change adds to `old → new`: the trend, the moved start, the delay.
fn notes(c: &FieldChange, lang: Lang) -> Vec<String> {
    let year = |y: Option<i32>| match (y, lang) {
        (Some(y), Lang::Zh) => format!("{y}年"),
        (Some(y), Lang::En) => y.to_string(),
        (None, _) => "?".into(),
    };
    let mut notes: Vec<String> = c.trend.map(|t| trend_word(t, lang).to_string()).into_iter().collect();
    if let Some(m) = c.start {
        notes.push(format!("{} {} → {}", lang.pick("开始", "start"), year(m.old), year(m.new)));
    }
    match (c.shift, c.end) {
        (Some(s), _) => notes.push(shift_words(s, lang)),
        (None, Some(m)) => notes.push(format!("{} {} → {}", lang.pick("结束", "end"), year(m.old), year(m.new))),
        (None, None) => {}
    }
    notes
}

/// "old → new (tightened)", "2020-2022年 → 2021-2022年（开始 2020年 → 2021年）", for one field change.
fn old_to_new(c: &FieldChange, lang: Lang) -> String {
    let (o, n) = match (&c.old, &c.new) {
        (Some(o), Some(n)) => excerpt(o, n),
        _ => (value(&c.old, lang), value(&c.new, lang)),
    };
    // A value of several paragraphs stays on one line: ¶ marks where a paragraph ends.
    let (o, n) = (o.replace('\n', " ¶ "), n.replace('\n', " ¶ "));
    let mut s = format!("{o} → {n}");
    let notes = notes(c, lang);
    if !notes.is_empty() {
        match lang {
            Lang::Zh => {
                let _ = write!(s, "（{}）", notes.join("，"));
            }
            Lang::En => {
                let _ = write!(s, " ({})", notes.join(", "));
            }
        }
    }
    s
}

fn is_list(c: &FieldChange) -> bool {
    !c.added.is_empty() || !c.removed.is_empty()
}

/// The label of what happened to an item: 调整, or 延期/提前 when the only change is a period's end moved.
fn change_word<T>(c: &Change<T>, lang: Lang) -> &'static str {
    if c.similarity.is_some() {
        return lang.pick("更名", "renamed");
    }
    match c.changes.as_slice() {
        [f] if f.start.is_none() && f.shift.is_some_and(|s| s.amount > 0) => lang.pick("延期", "delayed"),
        [f] if f.start.is_none() && f.shift.is_some_and(|s| s.amount < 0) => lang.pick("提前", "brought forward"),
        _ => lang.pick("调整", "changed"),
    }
}

fn counts_line(c: &Counts, lang: Lang) -> String {
    let parts: Vec<String> = [
        (c.added, lang.pick("新增", "added")),
        (c.removed, lang.pick("删除", "removed")),
        (c.renamed, lang.pick("更名", "renamed")),
        (c.changed, lang.pick("调整", "changed")),
        (c.carried_over, lang.pick("延续", "carried over")),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| match lang {
        Lang::Zh => format!("{w} {n}"),
        Lang::En => format!("{n} {w}"),
    })
    .collect();
    match (parts.is_empty(), lang) {
        (true, Lang::Zh) => format!("无变化（未变化 {}）", c.unchanged),
        (true, Lang::En) => format!("no change ({} unchanged)", c.unchanged),
        (false, Lang::Zh) => format!("{}，未变化 {}", parts.join("，"), c.unchanged),
        (false, Lang::En) => format!("{}, {} unchanged", parts.join(", "), c.unchanged),
    }
}

/// "指标：A；B · 项目：C" for what a department gained or lost.
fn owned_list(o: &Owned, sep: &str, lang: Lang) -> String {
    let mut parts = Vec::new();
    let kinds = [
        (lang.pick("指标", "indicators"), &o.indicators),
        (lang.pick("任务", "tasks"), &o.tasks),
        (lang.pick("项目", "projects"), &o.projects),
    ];
    for (kind, refs) in kinds {
        if !refs.is_empty() {
            let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
            match lang {
                Lang::Zh => parts.push(format!("{kind}：{}", names.join("；"))),
                Lang::En => parts.push(format!("{kind}: {}", names.join("; "))),
            }
        }
    }
    parts.join(sep)
}

fn status_word(d: &DepartmentChange, lang: Lang) -> &'static str {
    match d.status {
        DepartmentStatus::New => lang.pick("新出现的部门", "new"),
        DepartmentStatus::Gone => lang.pick("不再出现的部门", "gone"),
        DepartmentStatus::Changed => lang.pick("职责有变化", "changed"),
    }
}

fn kind_title(kind: Kind, lang: Lang) -> &'static str {
    match kind {
        Kind::Indicators => lang.pick("指标", "Indicators"),
        Kind::Tasks => lang.pick("任务", "Tasks"),
        Kind::Projects => lang.pick("项目", "Projects"),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Indicators,
    Tasks,
    Projects,
}

struct Paint(bool);

impl Paint {
    fn on(&self, code: &str, s: &str) -> String {
        if self.0 { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

/// "指标 20 项，任务 12 项，项目 21 项" / "20 indicators, 12 tasks, 21 projects".
fn side_counts(i: usize, t: usize, p: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("指标 {i} 项，任务 {t} 项，项目 {p} 项"),
        Lang::En => {
            let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            format!(
                "{}, {}, {}",
                plural(i, "indicator", "indicators"),
                plural(t, "task", "tasks"),
                plural(p, "project", "projects")
            )
        }
    }
}

/// The readable summary: warnings, counts, then each change on its own line.
pub fn text(r: &Report, color: bool, lang: Lang) -> String {
    let p = Paint(color);
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(out, "{} {} → {}", p.on("1", lang.pick("plandoc 对比", "plandoc diff")), s.old.path, s.new.path);
    for (label, side) in [(lang.pick("原计划", "old"), &s.old), (lang.pick("新计划", "new"), &s.new)] {
        let title = side.title.clone().unwrap_or_else(|| lang.pick("（无标题）", "(no title)").to_string());
        let counts = side_counts(side.indicators, side.tasks, side.projects, lang);
        let _ = match lang {
            Lang::Zh => {
                let year = side.year.map(|y| format!("（{y}年）")).unwrap_or_default();
                writeln!(out, "  {label}：{title}{year}：{counts}")
            }
            Lang::En => {
                let year = side.year.map(|y| format!(" ({y})")).unwrap_or_default();
                writeln!(out, "  {label}: {title}{year}: {counts}")
            }
        };
    }
    if !r.warnings.is_empty() {
        out.push('\n');
        for w in &r.warnings {
            let head = lang.pick("注意：", "warning: ");
            let _ = writeln!(out, "{}", p.on("1;31", &format!("{head}{}", warning_text(w, lang))));
        }
    }
    out.push('\n');
    if s.same {
        let _ =
            writeln!(out, "{}", p.on("1", lang.pick("无变化：两份计划相同。", "No change: the plans are the same.")));
    } else {
        let _ = writeln!(out, "{}", p.on("1", lang.pick("概要", "Summary")));
        let header = match (s.notice, lang) {
            (0, _) => lang.pick("无变化", "no change").to_string(),
            (n, Lang::Zh) => format!("调整 {n} 项"),
            (n, Lang::En) => format!("{n} changed"),
        };
        let pad = |w: &str| match lang {
            // Chinese labels are two characters wide each.
            Lang::Zh => format!("{w}{}", " ".repeat(10usize.saturating_sub(2 * w.chars().count()))),
            Lang::En => format!("{w:<12}"),
        };
        let _ = writeln!(out, "  {} {header}", pad(lang.pick("通知信息", "header")));
        for (kind, c) in [(Kind::Indicators, &s.indicators), (Kind::Tasks, &s.tasks), (Kind::Projects, &s.projects)] {
            let label = match lang {
                Lang::Zh => kind_title(kind, lang).to_string(),
                Lang::En => kind_title(kind, lang).to_lowercase(),
            };
            let _ = writeln!(out, "  {} {}", pad(&label), counts_line(c, lang));
        }
        let depts = match lang {
            Lang::Zh => format!("{} 个部门的职责有变化", s.departments),
            Lang::En => format!("{} with a change", s.departments),
        };
        let _ = writeln!(out, "  {} {depts}", pad(lang.pick("部门", "departments")));
    }
    let colon = lang.pick("：", ": ");
    if !r.notice.changed.is_empty() || !r.notice.carried_over.is_empty() {
        let _ = writeln!(out, "\n{}", p.on("1", lang.pick("通知信息", "Header")));
        for c in &r.notice.changed {
            let mark = p.on("33", lang.pick("调整", "~"));
            let _ = writeln!(out, "  {mark} {}{colon}{}", field_label(&c.field, lang), old_to_new(c, lang));
        }
        for c in &r.notice.carried_over {
            let line = format!(
                "  {} {}{colon}{}",
                lang.pick("延续", "carried over"),
                field_label(&c.field, lang),
                lang.pick("日期随计划年度顺延，不计为变化", "dates moved with the plan year, not a change")
            );
            let _ = writeln!(out, "{}", p.on("2", &line));
        }
    }
    text_kind(&mut out, &p, Kind::Indicators, &r.indicators, lang);
    text_kind(&mut out, &p, Kind::Tasks, &r.tasks, lang);
    text_kind(&mut out, &p, Kind::Projects, &r.projects, lang);
    if !r.departments.is_empty() {
        let _ = writeln!(out, "\n{}", p.on("1", lang.pick("部门", "Departments")));
        for (name, d) in &r.departments {
            let status = match (d.status, lang) {
                (DepartmentStatus::Changed, _) => String::new(),
                (_, Lang::Zh) => format!("（{}）", status_word(d, lang)),
                (_, Lang::En) => format!(" ({} department)", status_word(d, lang)),
            };
            let _ = writeln!(out, "  {name}{status}");
            let sep = lang.pick(" · ", " · ");
            if !d.newly_owns.is_empty() {
                let head = p.on("32", lang.pick("新增负责", "+ newly owns"));
                let _ = writeln!(out, "    {head} {}", owned_list(&d.newly_owns, sep, lang));
            }
            if !d.no_longer_owns.is_empty() {
                let head = p.on("31", lang.pick("不再负责", "- no longer owns"));
                let _ = writeln!(out, "    {head} {}", owned_list(&d.no_longer_owns, sep, lang));
            }
        }
    }
    if !r.notice.one_sided.is_empty() {
        let head = lang.pick("仅一方载明（不作比较）：", "Stated on one side only (not compared):");
        let _ = writeln!(out, "\n{}", p.on("2", head));
        for c in &r.notice.one_sided {
            let (side, v) = if c.old.is_some() {
                (lang.pick("原计划", "old"), &c.old)
            } else {
                (lang.pick("新计划", "new"), &c.new)
            };
            let line = match lang {
                Lang::Zh => format!("  {}（{side}）：{}", field_label(&c.field, lang), value(v, lang)),
                Lang::En => format!("  {} ({side}): {}", c.field, value(v, lang)),
            };
            let _ = writeln!(out, "{}", p.on("2", &line));
        }
    }
    out
}

/// One line that places an item: its name and, in brackets, the fields that group it.
fn brief<T: Item>(x: &T, lang: Lang) -> String {
    let fields = x.fields();
    let get = |n: &str| fields.iter().find(|(f, _)| f == n).and_then(|(_, v)| shown(v));
    let place: Vec<String> = ["goal", "task", "group", "category"].iter().filter_map(|f| get(f)).collect();
    let detail: Vec<String> = ["target", "period", "deadline", "departments", "lead_departments", "units"]
        .iter()
        .filter_map(|f| get(f))
        .collect();
    let mut s = x.name().to_string();
    if !place.is_empty() {
        match lang {
            Lang::Zh => {
                let _ = write!(s, "［{}］", place.join(" / "));
            }
            Lang::En => {
                let _ = write!(s, " [{}]", place.join(" / "));
            }
        }
    }
    if !detail.is_empty() {
        let _ = write!(s, "{}{}", lang.pick("：", ": "), detail.join(" · "));
    }
    s
}

fn text_change<T: Item>(out: &mut String, p: &Paint, c: &Change<T>, lang: Lang) {
    let word = change_word(c, lang);
    match (c.similarity, lang) {
        (Some(sim), Lang::Zh) => {
            let _ = writeln!(out, "  {} {} → {}（相似度 {sim:.2}）", p.on("36", word), c.old.name(), c.new.name());
        }
        (Some(sim), Lang::En) => {
            let head = format!("{} → {} (renamed, similarity {sim:.2})", c.old.name(), c.new.name());
            let _ = writeln!(out, "  {} {head}", p.on("36", "»"));
        }
        (None, Lang::Zh) => {
            let _ = writeln!(out, "  {} {}", p.on("33", word), c.new.name());
        }
        (None, Lang::En) => {
            let _ = writeln!(out, "  {} {}", p.on("33", "~"), c.new.name());
        }
    }
    // A rename's head line shows the name (a task's title) already.
    let is_name = |f: &&FieldChange| f.field == "name" || f.field == "title";
    for f in c.changes.iter().filter(|f| !(c.similarity.is_some() && is_name(f))) {
        let detail = if is_list(f) {
            let plus = f.added.iter().map(|m| p.on("32", &format!("+{m}")));
            let minus = f.removed.iter().map(|m| p.on("31", &format!("-{m}")));
            plus.chain(minus).collect::<Vec<_>>().join(" ")
        } else {
            old_to_new(f, lang)
        };
        let _ = writeln!(out, "      {}{}{detail}", field_label(&f.field, lang), lang.pick("：", ": "));
    }
}

/// The carried-over items of a kind, one line each: name and what moved with the plan year.
fn carried_lines<T: Item>(d: &KindDiff<T>, lang: Lang) -> Vec<String> {
    d.carried_over
        .iter()
        .map(|c| {
            let moved: Vec<String> = c
                .carried_over
                .iter()
                .map(|f| {
                    let (o, n) = match (&f.old, &f.new) {
                        (Some(o), Some(n)) => excerpt(o, n),
                        _ => (value(&f.old, lang), value(&f.new, lang)),
                    };
                    format!("{} {o} → {n}", field_label(&f.field, lang))
                })
                .collect();
            format!("{}{}{}", c.new.name(), lang.pick("：", ": "), moved.join(lang.pick("；", "; ")))
        })
        .collect()
}

fn text_kind<T: Item>(out: &mut String, p: &Paint, kind: Kind, d: &KindDiff<T>, lang: Lang) {
    if d.is_empty() && d.carried_over.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.on("1", kind_title(kind, lang)));
    for x in &d.removed {
        let _ = writeln!(out, "  {} {}", p.on("31", lang.pick("删除", "-")), p.on("31", &brief(x, lang)));
    }
    for x in &d.added {
        let _ = writeln!(out, "  {} {}", p.on("32", lang.pick("新增", "+")), p.on("32", &brief(x, lang)));
    }
    for c in d.renamed.iter().chain(&d.changed) {
        text_change(out, p, c, lang);
    }
    let carried = carried_lines(d, lang);
    if !carried.is_empty() {
        let head = match lang {
            Lang::Zh => format!("  延续 {} 项（随计划年度顺延，不计为变化）：", carried.len()),
            Lang::En => format!("  carried over with the plan year ({}, not changes):", carried.len()),
        };
        let _ = writeln!(out, "{}", p.on("2", &head));
        for line in carried {
            let _ = writeln!(out, "{}", p.on("2", &format!("    {line}")));
        }
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

fn md_change(c: &FieldChange, lang: Lang) -> String {
    if is_list(c) { list_cell(c) } else { old_to_new(c, lang) }
}

/// The columns each kind's table shows; other changed fields go to the last column.
fn columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Indicators => &["goal", "task", "name", "unit", "target", "departments"],
        Kind::Tasks => {
            &["group", "title", "lead_departments", "support_departments", "responsible_departments", "deadline"]
        }
        Kind::Projects => &["category", "name", "period", "location", "investment", "units"],
    }
}

/// A column's heading: the name column by its kind (指标名称, 项目名称).
fn column_label(kind: Kind, col: &str, lang: Lang) -> String {
    match (kind, col, lang) {
        (_, _, Lang::En) => col.to_string(),
        (Kind::Indicators, "name", _) => "指标名称".into(),
        (Kind::Projects, "name", _) => "项目名称".into(),
        _ => field_label(col, lang),
    }
}

fn md_kind<T: Item>(out: &mut String, kind: Kind, d: &KindDiff<T>, lang: Lang) {
    if d.is_empty() && d.carried_over.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### {}\n", kind_title(kind, lang));
    if !d.is_empty() {
        md_table(out, kind, d, lang);
    }
    let carried = carried_lines(d, lang);
    if !carried.is_empty() {
        let head = match lang {
            Lang::Zh => format!("延续 {} 项（随计划年度顺延，不计为变化）：", carried.len()),
            Lang::En => format!("Carried over with the plan year ({}, not changes):", carried.len()),
        };
        let _ = writeln!(out, "\n{head}\n");
        for line in carried {
            let _ = writeln!(out, "- {}", line.replace('\n', " "));
        }
    }
}

fn md_table<T: Item>(out: &mut String, kind: Kind, d: &KindDiff<T>, lang: Lang) {
    let cols = columns(kind);
    let row_of = |x: &T| -> Vec<String> {
        let fields = x.fields();
        cols.iter()
            .map(|c| fields.iter().find(|(f, _)| f == c).and_then(|(_, v)| shown(v)).unwrap_or_default())
            .collect()
    };
    let mut rows: Vec<(&str, Vec<String>, String)> = Vec::new();
    for x in &d.removed {
        rows.push((lang.pick("删除", "---"), row_of(x), String::new()));
    }
    for x in &d.added {
        rows.push((lang.pick("新增", "+++"), row_of(x), String::new()));
    }
    for c in d.renamed.iter().chain(&d.changed) {
        let mut cells = row_of(&c.new);
        let mut other: Vec<String> = c
            .similarity
            .map(|s| match lang {
                Lang::Zh => format!("更名（相似度 {s:.2}）"),
                Lang::En => format!("renamed (similarity {s:.2})"),
            })
            .into_iter()
            .collect();
        for f in &c.changes {
            match cols.iter().position(|col| *col == f.field) {
                Some(i) => cells[i] = md_change(f, lang),
                None => other.push(format!(
                    "{}{}{}",
                    field_label(&f.field, lang),
                    lang.pick("：", ": "),
                    md_change(f, lang)
                )),
            }
        }
        let word = match lang {
            Lang::Zh => change_word(c, lang),
            Lang::En => "->",
        };
        rows.push((word, cells, other.join("\n")));
    }
    // Columns no row fills are left out (a table without 单位 has no unit column).
    let keep: Vec<usize> = (0..cols.len()).filter(|i| rows.iter().any(|r| !r.1[*i].is_empty())).collect();
    let any_other = rows.iter().any(|r| !r.2.is_empty());
    let mut head: Vec<String> = vec![lang.pick("变化", "@@").to_string()];
    head.extend(keep.iter().map(|i| column_label(kind, cols[*i], lang)));
    if any_other {
        head.push(lang.pick("其他变化", "other changes").to_string());
    }
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

/// The Markdown report: the two plans, warnings, a count table, then one table per kind that changed.
pub fn markdown(r: &Report, lang: Lang) -> String {
    let s = &r.summary;
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", lang.pick("plandoc 对比", "plandoc diff"));
    let (old, new) = (lang.pick("原计划", "old"), lang.pick("新计划", "new"));
    let _ = writeln!(out, "| | {old} | {new} |\n|---|---|---|");
    let _ = writeln!(out, "| {} | `{}` | `{}` |", lang.pick("文件", "file"), cell(&s.old.path), cell(&s.new.path));
    let title = |t: &Option<String>| cell(t.as_deref().unwrap_or(""));
    let _ = writeln!(out, "| {} | {} | {} |", lang.pick("标题", "title"), title(&s.old.title), title(&s.new.title));
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    let _ = writeln!(out, "| {} | {} | {} |", lang.pick("年度", "year"), year(s.old.year), year(s.new.year));
    out.push('\n');
    for w in &r.warnings {
        let _ = match lang {
            Lang::Zh => writeln!(out, "> **注意：**{}\n", warning_text(w, lang)),
            Lang::En => writeln!(out, "> **Warning:** {}\n", warning_text(w, lang)),
        };
    }
    if s.same {
        let _ = writeln!(out, "**{}**", lang.pick("无变化：两份计划相同。", "No change: the plans are the same."));
    } else {
        let heads = [
            lang.pick("类别", "kind"),
            lang.pick("新增", "added"),
            lang.pick("删除", "removed"),
            lang.pick("更名", "renamed"),
            lang.pick("调整", "changed"),
            lang.pick("延续", "carried over"),
            lang.pick("未变化", "unchanged"),
        ];
        let _ = writeln!(out, "| {} |\n|---|--:|--:|--:|--:|--:|--:|", heads.join(" | "));
        for (kind, c) in [(Kind::Indicators, &s.indicators), (Kind::Tasks, &s.tasks), (Kind::Projects, &s.projects)] {
            let label = match lang {
                Lang::Zh => kind_title(kind, lang).to_string(),
                Lang::En => kind_title(kind, lang).to_lowercase(),
            };
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} | {} | {} | {} |",
                c.added, c.removed, c.renamed, c.changed, c.carried_over, c.unchanged
            );
        }
        let _ = match lang {
            Lang::Zh => writeln!(out, "\n通知信息：调整 {} 项。部门：{} 个部门的职责有变化。", s.notice, s.departments),
            Lang::En => writeln!(
                out,
                "\nHeader: {} {} changed. Departments: {} with a change.",
                s.notice,
                if s.notice == 1 { "field" } else { "fields" },
                s.departments
            ),
        };
    }
    if !r.notice.changed.is_empty() || !r.notice.carried_over.is_empty() {
        let _ = writeln!(
            out,
            "\n### {}\n\n| {} | {} | {old} | {new} |\n|---|---|---|---|",
            lang.pick("通知信息", "Header"),
            lang.pick("变化", "@@"),
            lang.pick("事项", "field"),
        );
        for c in &r.notice.changed {
            let (o, n) = excerpt(&value(&c.old, lang), &value(&c.new, lang));
            let field = match lang {
                Lang::Zh => field_label(&c.field, lang),
                Lang::En => c.field.clone(),
            };
            let _ = writeln!(out, "| {} | {} | {} | {} |", lang.pick("调整", "->"), field, cell(&o), cell(&n));
        }
        for c in &r.notice.carried_over {
            let (o, n) = excerpt(&value(&c.old, lang), &value(&c.new, lang));
            let field = match lang {
                Lang::Zh => field_label(&c.field, lang),
                Lang::En => c.field.clone(),
            };
            let _ =
                writeln!(out, "| {} | {} | {} | {} |", lang.pick("延续", "carried over"), field, cell(&o), cell(&n));
        }
    }
    md_kind(&mut out, Kind::Indicators, &r.indicators, lang);
    md_kind(&mut out, Kind::Tasks, &r.tasks, lang);
    md_kind(&mut out, Kind::Projects, &r.projects, lang);
    if !r.departments.is_empty() {
        let heads = [
            lang.pick("部门", "department"),
            lang.pick("状态", "status"),
            lang.pick("新增负责", "newly owns"),
            lang.pick("不再负责", "no longer owns"),
        ];
        let _ =
            writeln!(out, "\n### {}\n\n| {} |\n|---|---|---|---|", lang.pick("部门", "Departments"), heads.join(" | "));
        for (name, d) in &r.departments {
            let (gained, lost) = (owned_list(&d.newly_owns, "\n", lang), owned_list(&d.no_longer_owns, "\n", lang));
            let _ =
                writeln!(out, "| {} | {} | {} | {} |", cell(name), status_word(d, lang), cell(&gained), cell(&lost));
        }
    }
    if !r.notice.one_sided.is_empty() {
        let _ =
            writeln!(out, "\n{}\n", lang.pick("仅一方载明（不作比较）：", "Stated on one side only (not compared):"));
        for c in &r.notice.one_sided {
            let (side, v) = if c.old.is_some() { (old, &c.old) } else { (new, &c.new) };
            let _ = match lang {
                Lang::Zh => {
                    writeln!(out, "- {}（{side}）：{}", field_label(&c.field, lang), value(v, lang).replace('\n', " "))
                }
                Lang::En => writeln!(out, "- {} ({side}): {}", c.field, value(v, lang).replace('\n', " ")),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::report::Move;

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
        assert_eq!(old_to_new(&c, Lang::Zh), ">90% → >92%（要求提高）");
        assert_eq!(old_to_new(&c, Lang::En), ">90% → >92% (tightened)");
        assert_eq!(trend_word(Trend::Loosened, Lang::Zh), "要求放宽");
        let mut c = FieldChange::new("period", Some("2020-2022年".into()), Some("2021-2022年".into()));
        c.start = Some(Move { old: Some(2020), new: Some(2021) });
        assert_eq!(old_to_new(&c, Lang::Zh), "2020-2022年 → 2021-2022年（开始 2020年 → 2021年）");
        assert_eq!(old_to_new(&c, Lang::En), "2020-2022年 → 2021-2022年 (start 2020 → 2021)");
        let mut c = FieldChange::new("period", Some("2023～2024年".into()), Some("2023～2025年".into()));
        c.end = Some(Move { old: Some(2024), new: Some(2025) });
        c.shift = Some(Shift { amount: 1, unit: ShiftUnit::Year });
        assert_eq!(old_to_new(&c, Lang::Zh), "2023～2024年 → 2023～2025年（延期1年）");
        assert_eq!(old_to_new(&c, Lang::En), "2023～2024年 → 2023～2025年 (delayed by 1 year)");
        assert_eq!(shift_words(Shift { amount: -3, unit: ShiftUnit::Month }, Lang::Zh), "提前3个月");
        assert_eq!(shift_words(Shift { amount: -3, unit: ShiftUnit::Month }, Lang::En), "brought forward by 3 months");
    }

    #[test]
    fn fields_by_their_names_in_the_notice() {
        let zh: Vec<String> = ["notice.title", "notice.doc_number", "notice.date", "plan.year", "notice.recipients"]
            .iter()
            .map(|f| field_label(f, Lang::Zh))
            .collect();
        assert_eq!(zh, ["通知标题", "文号", "成文日期", "计划年度", "主送单位"]);
        assert_eq!(field_label("extra.备注", Lang::Zh), "备注");
        assert_eq!(field_label("notice.metadata.索引号", Lang::En), "索引号");
        assert_eq!(field_label("lead_departments", Lang::Zh), "牵头单位");
    }
}
