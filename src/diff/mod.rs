//! Diff: two parsed plans (notices or `parse` JSON) → a report of what changed, item by item and department by department.
//!
//! The report is the `--format json` output as is; its shape is documented in the README ("plandoc diff").
//! Matching is in [`crate::diff::pairing`], field comparison in [`crate::diff::fields`], text and Markdown in
//! [`crate::diff::render`].

pub mod calendar;
pub mod fields;
pub mod pairing;
pub mod render;
pub mod report;
pub mod similarity;

use crate::diff::fields::{Field, Item, Years, compare, department_key, text};
use crate::diff::pairing::match_items;
use crate::diff::similarity::rename_score;
use crate::error::Error;
use crate::input;
use crate::model::{Document, Indicator, Project, Task};
use crate::parse::{Options, has_errors};
use crate::text::fold;
pub use report::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Read one side: a JSON document `parse` wrote (it starts with `{` and has `schema_version`), a notice in any
/// format `parse` reads, or `-` for standard input, resolved as every command resolves its inputs
/// ([`crate::input`]). A notice whose parse has errors is refused, as `parse` refuses to write it.
pub fn load(path: &Path, opts: &Options) -> Result<Document, Error> {
    let req = input::Request { max_bytes: opts.max_bytes, ..input::Request::default() };
    let resolved = input::resolve(&[path.to_path_buf()], &req, &mut std::io::stdin().lock())?;
    let [one] = &resolved.inputs[..] else {
        return Err(Error::Usage(format!(
            "{}：diff 的每一边是一个计划，这里有 {} 个文件",
            path.display(),
            resolved.inputs.len()
        )));
    };
    let doc = input::load(one, opts)?;
    if has_errors(&doc) {
        let first = doc.diagnostics.iter().find(|d| d.level == crate::model::Level::Error);
        let message = format!(
            "解析有错误，没有可对比的计划（the parse has errors, so there is no plan to compare）：{}",
            first.map(|d| d.message.as_str()).unwrap_or("")
        );
        return Err(match first.and_then(|d| d.line) {
            Some(line) => Error::Invalid { path: path.to_path_buf(), line, message },
            None => Error::Other(format!("{}: {message}", path.display())),
        });
    }
    Ok(doc)
}

/// Load both sides and compare them; the report names the paths as given.
pub fn diff_files(old: &Path, new: &Path, opts: &Options) -> Result<Report, Error> {
    let (a, b) = (load(old, opts)?, load(new, opts)?);
    let mut r = diff(&a, &b);
    r.summary.old.path = old.display().to_string();
    r.summary.new.path = new.display().to_string();
    Ok(r)
}

/// Compare two documents. Sources (path, encoding, hash), line numbers and diagnostics never count.
pub fn diff(old: &Document, new: &Document) -> Report {
    let years = Years { old: old.plan.year, new: new.plan.year };
    let (indicators, ci) = diff_kind(&old.plan.indicators, &new.plan.indicators, years);
    let (tasks, ct) = diff_kind(&old.plan.tasks, &new.plan.tasks, years);
    let (projects, cp) = diff_kind(&old.plan.projects, &new.plan.projects, years);
    let notice = diff_header(old, new, years);
    let departments = departments(old, new, &indicators, &tasks, &projects);
    let same = notice.changed.is_empty() && indicators.is_empty() && tasks.is_empty() && projects.is_empty();
    let side = |d: &Document| SideSummary {
        path: d.source.path.clone(),
        title: d.plan.title.clone(),
        year: d.plan.year,
        indicators: d.plan.indicators.len(),
        tasks: d.plan.tasks.len(),
        projects: d.plan.projects.len(),
    };
    Report {
        summary: Summary {
            same,
            old: side(old),
            new: side(new),
            notice: notice.changed.len(),
            indicators: ci,
            tasks: ct,
            projects: cp,
            departments: departments.len(),
        },
        warnings: warnings(old, new),
        notice,
        indicators,
        tasks,
        projects,
        departments,
    }
}

/// What a reader should know before trusting the comparison. Each warning names both sides' values.
fn warnings(old: &Document, new: &Document) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |code: &str, a: Option<String>, b: Option<String>| {
        let mut w = Warning { code: code.to_string(), old: a, new: b, message: String::new() };
        w.message = render::warning_text(&w, render::Lang::Zh);
        out.push(w);
    };
    let differ = |a: Option<&str>, b: Option<&str>| match (a.map(fold), b.map(fold)) {
        (Some(a), Some(b)) => !a.is_empty() && !b.is_empty() && a != b,
        _ => false,
    };
    let (r0, r1) = (old.plan.region.as_deref(), new.plan.region.as_deref());
    if differ(r0, r1) {
        warn("diff.region_differs", r0.map(str::to_string), r1.map(str::to_string));
    }
    let issuer = |d: &Document| d.notice.as_ref().and_then(|n| n.issuer.clone());
    if differ(issuer(old).as_deref(), issuer(new).as_deref()) {
        warn("diff.issuer_differs", issuer(old), issuer(new));
    }
    let date = |d: &Document| d.notice.as_ref().and_then(|n| n.date.clone());
    let (y0, y1) = (old.plan.year, new.plan.year);
    match (y0, y1) {
        (Some(a), Some(b)) if b < a => warn("diff.new_is_older", Some(a.to_string()), Some(b.to_string())),
        (a, b) if a == b || a.is_none() || b.is_none() => {
            if let (Some(a), Some(b)) = (date(old), date(new))
                && b < a
            {
                warn("diff.new_is_older", Some(a), Some(b));
            }
        }
        _ => {}
    }
    out
}

fn diff_kind<T: Item>(old: &[T], new: &[T], years: Years) -> (KindDiff<T>, Counts) {
    let m = match_items(old, new, T::keys, rename_score);
    let mut d = KindDiff::default();
    let mut unchanged = 0;
    for &(i, j) in &m.same {
        let c = compare(&old[i].fields(), &new[j].fields(), years);
        let (changes, carried_over) = (c.changes, c.carried_over);
        let change = |changes, carried_over| Change {
            similarity: None,
            old: old[i].clone(),
            new: new[j].clone(),
            changes,
            carried_over,
        };
        match (changes.is_empty(), carried_over.is_empty()) {
            (true, true) => unchanged += 1,
            (true, false) => d.carried_over.push(change(Vec::new(), carried_over)),
            (false, _) => d.changed.push(change(changes, carried_over)),
        }
    }
    for &(i, j, s) in &m.renamed {
        let c = compare(&old[i].fields(), &new[j].fields(), years);
        let similarity = Some((s * 100.0).round() / 100.0);
        d.renamed.push(Change {
            similarity,
            old: old[i].clone(),
            new: new[j].clone(),
            changes: c.changes,
            carried_over: c.carried_over,
        });
    }
    d.added = m.added.iter().map(|&j| new[j].clone()).collect();
    d.removed = m.removed.iter().map(|&i| old[i].clone()).collect();
    let counts = Counts {
        added: d.added.len(),
        removed: d.removed.len(),
        renamed: d.renamed.len(),
        changed: d.changed.len(),
        carried_over: d.carried_over.len(),
        unchanged,
    };
    (d, counts)
}

/// The header fields of one document: `notice.*` (when `with_notice` and it has one) and `plan.*`.
fn header_fields(doc: &Document, with_notice: bool) -> Vec<(String, Field<'_>)> {
    let mut v: Vec<(String, Field<'_>)> = Vec::new();
    if let Some(n) = doc.notice.as_ref().filter(|_| with_notice) {
        let printed = n
            .printed
            .as_ref()
            .map(|p| [p.by.as_deref(), p.date.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "));
        // The body and the 附件 list quote the plan's title: mask it, so a retitled plan is not reported
        // again there. Dates in them may move with the plan year (prose).
        let title = doc.plan.title.as_deref().map(fold).filter(|t| !t.is_empty());
        let masked = |s: String| -> Field<'static> {
            let key = match &title {
                Some(t) => fold(&s).replace(t.as_str(), "\u{1}"),
                None => fold(&s),
            };
            Field::Prose { shown: (!s.trim().is_empty()).then_some(s), key }
        };
        let body = n.body.join("\n");
        let attachments = n.attachments.iter().map(|a| a.title.as_str()).collect::<Vec<_>>().join("、");
        let list = |items: &[String]| Field::List(items.to_vec());
        v.extend([
            ("notice.issuer".into(), text(n.issuer.as_deref())),
            ("notice.doc_number".into(), text(n.doc_number.as_deref())),
            ("notice.title".into(), text(Some(&n.title))),
            ("notice.doc_type".into(), text(n.doc_type.as_deref())),
            ("notice.recipients".into(), list(&n.recipients)),
            ("notice.body".into(), masked(body)),
            ("notice.signatories".into(), list(&n.signatories)),
            ("notice.seal_note".into(), text(n.seal_note.as_deref())),
            ("notice.date".into(), text(n.date.as_deref())),
            ("notice.contact".into(), text(n.contact.as_deref())),
            ("notice.disclosure".into(), text(n.disclosure.as_deref())),
            ("notice.attachments".into(), masked(attachments)),
            ("notice.cc".into(), list(&n.cc)),
            ("notice.printed".into(), text(printed.as_deref())),
        ]);
        v.extend(n.metadata.iter().map(|(k, x)| (format!("notice.metadata.{k}"), text(Some(x)))));
    }
    let year = doc.plan.year.map(|y| y.to_string());
    v.extend([
        ("plan.title".into(), text(doc.plan.title.as_deref())),
        ("plan.region".into(), text(doc.plan.region.as_deref())),
        ("plan.year".into(), text(year.as_deref())),
    ]);
    v
}

fn diff_header(old: &Document, new: &Document, years: Years) -> NoticeDiff {
    let mut d = NoticeDiff::default();
    // A plan without its notice (a copy of the plan alone) is one note, not a note per notice field.
    let both = old.notice.is_some() && new.notice.is_some();
    if !both && (old.notice.is_some() || new.notice.is_some()) {
        let title = |doc: &Document| doc.notice.as_ref().map(|n| n.title.clone());
        d.one_sided.push(FieldChange::new("notice", title(old), title(new)));
    }
    let compared = compare(&header_fields(old, both), &header_fields(new, both), years);
    for c in compared.changes {
        if c.old.is_some() && c.new.is_some() {
            d.changed.push(c);
        } else {
            d.one_sided.push(c);
        }
    }
    d.carried_over = compared.carried_over;
    d
}

/// Who owns what, before and after: every department named by an item that was added, removed, renamed
/// or changed, joined across spellings by [`department_key`].
fn departments(
    old: &Document,
    new: &Document,
    ind: &KindDiff<Indicator>,
    tasks: &KindDiff<Task>,
    prj: &KindDiff<Project>,
) -> BTreeMap<String, DepartmentChange> {
    let mut gained: BTreeMap<String, Owned> = BTreeMap::new();
    let mut lost: BTreeMap<String, Owned> = BTreeMap::new();
    ownership(ind, &mut gained, &mut lost, |o| &mut o.indicators);
    ownership(tasks, &mut gained, &mut lost, |o| &mut o.tasks);
    ownership(prj, &mut gained, &mut lost, |o| &mut o.projects);

    // Every spelling, counted over both documents, to name each department by its most used form.
    let mut forms: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut owns_in: [BTreeSet<String>; 2] = Default::default();
    for (side, doc) in [old, new].into_iter().enumerate() {
        let p = &doc.plan;
        let names = p.indicators.iter().flat_map(|i| i.owners()).chain(p.tasks.iter().flat_map(|t| t.owners()));
        for n in names.chain(p.projects.iter().flat_map(|x| x.owners())) {
            *forms.entry(department_key(n)).or_default().entry(n.clone()).or_default() += 1;
            owns_in[side].insert(department_key(n));
        }
    }
    let keys: BTreeSet<&String> = gained.keys().chain(lost.keys()).collect();
    let mut out = BTreeMap::new();
    for key in keys {
        let spellings = forms.get(key).cloned().unwrap_or_default();
        let display = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.chars().count().cmp(&b.0.chars().count())).then(b.0.cmp(a.0)))
            .map(|(n, _)| n.clone())
            .unwrap_or_else(|| key.clone());
        let status = match (owns_in[0].contains(key), owns_in[1].contains(key)) {
            (false, _) => DepartmentStatus::New,
            (_, false) => DepartmentStatus::Gone,
            _ => DepartmentStatus::Changed,
        };
        let change = DepartmentChange {
            status,
            forms: spellings.into_keys().collect(),
            newly_owns: gained.get(key).cloned().unwrap_or_default(),
            no_longer_owns: lost.get(key).cloned().unwrap_or_default(),
        };
        out.insert(display, change);
    }
    out
}

fn ownership<T: Item>(
    d: &KindDiff<T>,
    gained: &mut BTreeMap<String, Owned>,
    lost: &mut BTreeMap<String, Owned>,
    slot: impl Fn(&mut Owned) -> &mut Vec<ItemRef>,
) {
    let item_ref = |x: &T| ItemRef { id: x.id().to_string(), name: x.name().to_string() };
    let keys = |x: &T| x.owners().iter().map(|n| department_key(n)).collect::<BTreeSet<_>>();
    let record = |to: &mut BTreeMap<String, Owned>, key: String, x: &T| {
        let list = slot(to.entry(key).or_default());
        if !list.iter().any(|r| r.id == x.id()) {
            list.push(item_ref(x));
        }
    };
    for c in d.changed.iter().chain(&d.renamed) {
        let (before, after) = (keys(&c.old), keys(&c.new));
        for k in after.difference(&before) {
            record(gained, k.clone(), &c.new);
        }
        for k in before.difference(&after) {
            record(lost, k.clone(), &c.new);
        }
    }
    for x in &d.added {
        for k in keys(x) {
            record(gained, k, x);
        }
    }
    for x in &d.removed {
        for k in keys(x) {
            record(lost, k, x);
        }
    }
}

/// What `plandoc diff` was asked for.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub format: crate::diff::render::Format,
    /// The language of text and Markdown (JSON is the same in every language).
    pub lang: crate::diff::render::Lang,
    /// ANSI colours in the text format (the caller decides: only for a terminal).
    pub color: bool,
    /// Write the report here (atomically) instead of to `stdout`.
    pub out: Option<std::path::PathBuf>,
    pub max_bytes: u64,
}

/// `plandoc diff OLD NEW`: compare, render, write. Ok(true) when the plans are the same.
pub fn run(old: &Path, new: &Path, o: &RunOptions, stdout: &mut dyn std::io::Write) -> Result<bool, Error> {
    let report = diff_files(old, new, &Options { max_bytes: o.max_bytes })?;
    let rendered = crate::diff::render::render(&report, o.format, o.color, o.lang);
    match &o.out {
        Some(path) => crate::output::write_atomic(path, rendered.as_bytes())?,
        None => match stdout.write_all(rendered.as_bytes()).and_then(|_| stdout.flush()) {
            // A reader that stops early (`| head`) is not an error.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(Error::Write { path: "<stdout>".into(), source: e });
            }
            _ => {}
        },
    }
    Ok(report.summary.same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_told_by_content() {
        assert!(
            input::json_text("\u{feff}\n {\"schema_version\": \"1.0\"}".as_bytes(), Path::new("plan.txt")).is_some()
        );
        assert!(input::json_text(b"{\"a\": 1}", Path::new("plan.JSON")).is_some());
        assert!(input::json_text(b"{\"a\": 1}", Path::new("plan.txt")).is_none());
        assert!(input::json_text("关于印发".as_bytes(), Path::new("plan.json")).is_none());
        let err = input::from_json("{\"a\": 1}", Path::new("p.json")).unwrap_err().to_string();
        assert_eq!(err, "p.json: not a plandoc JSON document: no schema_version");
    }
}
