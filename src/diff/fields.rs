//! Diff fields: two versions of an item or of a header → the fields that changed, old → new, with a trend.
//!
//! What is compared, and how: text by its width-folded form; lists as sets of members (department lists by
//! [`bare`] form, so "水务局" and "区水务局" are one member); targets by structure when numeric or regional
//! (so "≥95%" and ">=95 %" are the same) and by text otherwise; periods as dates, knowing the plan year
//! ([`crate::diff::calendar`]: `2024年` → `2025年` between the 2024 and 2025 plans is carried over, not a
//! change); amounts by value and unit. Ids, line numbers and numbering (序号, task numbers) are positions,
//! never compared.

use crate::diff::calendar::{self, Outcome};
use crate::diff::report::{FieldChange, Move, Trend};
use crate::model::{Amount, Indicator, Period, Project, Target, TargetKind, Task};
use crate::parse::departments::bare;
use crate::text::fold;
use std::collections::BTreeMap;

/// One comparable value of an item.
#[derive(Debug, Clone)]
pub enum Field<'a> {
    /// Shown text and the key it is compared by (usually the folded text).
    Text {
        shown: Option<String>,
        key: String,
    },
    /// Free text (a task's text, a project's content, the notice's body) whose years may move with the
    /// plan year: compared like [`Field::Text`], then carried over when only Y₀ became Y₁.
    Prose {
        shown: Option<String>,
        key: String,
    },
    /// Members compared as a set of folded names.
    List(Vec<String>),
    /// Department names compared as a set of folded bare names.
    Departments(&'a [String]),
    Target(&'a Target),
    Period(Option<&'a Period>),
    /// A task's 完成时限 as written: compared as dates knowing the plan year, else as text.
    Deadline(Option<&'a str>),
    Amount(Option<&'a Amount>),
}

/// Text compared by its folded form; an empty string is no value.
pub fn text(s: Option<&str>) -> Field<'static> {
    let shown = s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let key = shown.as_deref().map(fold).unwrap_or_default();
    Field::Text { shown, key }
}

/// Free text the calendar rule applies to (see [`Field::Prose`]).
pub fn prose(s: Option<&str>) -> Field<'static> {
    match text(s) {
        Field::Text { shown, key } => Field::Prose { shown, key },
        other => other,
    }
}

/// The plan years of the two sides: what ties a period or a date to its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Years {
    pub old: Option<i32>,
    pub new: Option<i32>,
}

/// The fields of two versions that differ: changes, and differences that only moved with the plan year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Compared {
    pub changes: Vec<FieldChange>,
    pub carried_over: Vec<FieldChange>,
}

impl Compared {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.carried_over.is_empty()
    }
}

/// The key a department is compared and grouped by: its bare, width-folded name.
pub fn department_key(name: &str) -> String {
    fold(bare(name.trim()))
}

/// What the diff needs to know about one kind of item.
pub trait Item: Clone {
    fn id(&self) -> &str;
    /// The name renames are scored on.
    fn name(&self) -> &str;
    /// Match keys, most specific first, the name alone last.
    fn keys(&self) -> Vec<String>;
    /// The compared fields, in display order.
    fn fields(&self) -> Vec<(String, Field<'_>)>;
    /// The departments responsible for it.
    fn owners(&self) -> &[String];
}

fn key_of(parts: &[Option<&str>]) -> String {
    parts.iter().map(|p| fold(p.unwrap_or(""))).collect::<Vec<_>>().join("\u{1f}")
}

fn with_extra<'a>(mut v: Vec<(String, Field<'a>)>, extra: &'a BTreeMap<String, String>) -> Vec<(String, Field<'a>)> {
    v.extend(extra.iter().map(|(k, x)| (format!("extra.{k}"), prose(Some(x)))));
    v
}

impl Item for Indicator {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn keys(&self) -> Vec<String> {
        let (n, g, t) = (Some(self.name.as_str()), self.goal.as_deref(), self.task.as_deref());
        let serial = self.serial.map(|s| s.to_string());
        vec![key_of(&[n, g, t, serial.as_deref()]), key_of(&[n, g, t]), key_of(&[n, g]), key_of(&[n])]
    }
    fn fields(&self) -> Vec<(String, Field<'_>)> {
        let v = vec![
            ("goal".into(), text(self.goal.as_deref())),
            ("task".into(), text(self.task.as_deref())),
            ("name".into(), text(Some(&self.name))),
            ("unit".into(), text(self.unit.as_deref())),
            ("target".into(), Field::Target(&self.target)),
            ("attribute".into(), text(self.attribute.as_deref())),
            ("departments".into(), Field::Departments(&self.departments)),
        ];
        with_extra(v, &self.extra)
    }
    fn owners(&self) -> &[String] {
        &self.departments
    }
}

impl Item for Task {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.title
    }
    fn keys(&self) -> Vec<String> {
        let (t, g) = (Some(self.title.as_str()), self.group.as_deref());
        vec![key_of(&[t, g]), key_of(&[t])]
    }
    fn fields(&self) -> Vec<(String, Field<'_>)> {
        let v = vec![
            ("group".into(), text(self.group.as_deref())),
            ("title".into(), text(Some(&self.title))),
            ("text".into(), prose(Some(&self.text))),
            ("lead_departments".into(), Field::Departments(&self.lead_departments)),
            ("support_departments".into(), Field::Departments(&self.support_departments)),
            ("responsible_departments".into(), Field::Departments(&self.responsible_departments)),
            ("deadline".into(), Field::Deadline(self.deadline.as_ref().map(|d| d.raw.as_str()))),
            ("measures".into(), prose(self.measures.as_deref())),
        ];
        with_extra(v, &self.extra)
    }
    fn owners(&self) -> &[String] {
        &self.departments
    }
}

impl Item for Project {
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn keys(&self) -> Vec<String> {
        let (n, c) = (Some(self.name.as_str()), self.category.as_deref());
        let serial = self.serial.map(|s| s.to_string());
        vec![key_of(&[n, c, serial.as_deref()]), key_of(&[n, c]), key_of(&[n])]
    }
    fn fields(&self) -> Vec<(String, Field<'_>)> {
        let v = vec![
            ("category".into(), text(self.category.as_deref())),
            ("name".into(), text(Some(&self.name))),
            ("content".into(), prose(self.content.as_deref())),
            ("location".into(), text(self.location.as_deref())),
            ("period".into(), Field::Period(self.period.as_ref())),
            ("investment".into(), Field::Amount(self.investment.as_ref())),
            ("units".into(), Field::Departments(&self.units)),
        ];
        with_extra(v, &self.extra)
    }
    fn owners(&self) -> &[String] {
        &self.units
    }
}

/// The fields that differ between two versions, in the old version's field order, then fields only the
/// new version has. A field one version lacks counts as empty. `years` are the two plans' years.
pub fn compare(old: &[(String, Field<'_>)], new: &[(String, Field<'_>)], years: Years) -> Compared {
    let empty = text(None);
    let mut names: Vec<&str> = old.iter().map(|(n, _)| n.as_str()).collect();
    names.extend(new.iter().map(|(n, _)| n.as_str()).filter(|n| !old.iter().any(|(o, _)| o == n)));
    let mut out = Compared::default();
    for n in names {
        match change(n, find(old, n).unwrap_or(&empty), find(new, n).unwrap_or(&empty), years) {
            Some(Difference::Changed(c)) => out.changes.push(c),
            Some(Difference::CarriedOver(c)) => out.carried_over.push(c),
            None => {}
        }
    }
    out
}

/// How one field differs.
enum Difference {
    Changed(FieldChange),
    /// Only by dates moved with the plan year.
    CarriedOver(FieldChange),
}

fn find<'f, 'a>(fields: &'f [(String, Field<'a>)], name: &str) -> Option<&'f Field<'a>> {
    fields.iter().find(|(f, _)| f == name).map(|(_, v)| v)
}

fn change(name: &str, old: &Field<'_>, new: &Field<'_>, years: Years) -> Option<Difference> {
    let mut c = FieldChange::new(name, shown(old), shown(new));
    let same_shown = c.old.as_deref().map(fold) == c.new.as_deref().map(fold);
    match (old, new) {
        (Field::Text { key: a, .. }, Field::Text { key: b, .. }) if a == b => return None,
        (Field::Prose { key: a, .. }, Field::Prose { key: b, .. }) => {
            if a == b {
                return None;
            }
            // Keys, not shown text: a title the key masks stays masked.
            if c.old.is_some() && c.new.is_some() && calendar::text_carried_over(a, b, years.old, years.new) {
                return Some(Difference::CarriedOver(c));
            }
        }
        (Field::List(a), Field::List(b)) => {
            let (added, removed) = members(a, b, fold);
            (c.added, c.removed) = (added, removed);
        }
        (Field::Departments(a), Field::Departments(b)) => {
            let (added, removed) = members(a, b, department_key);
            (c.added, c.removed) = (added, removed);
        }
        (Field::Target(a), Field::Target(b)) => {
            if same_target(a, b) {
                return None;
            }
            c.trend = target_trend(a, b);
        }
        (Field::Period(a), Field::Period(b)) => {
            let ends = |p: Option<&Period>| p.map(|p| (p.start, p.end)).unwrap_or((None, None));
            let ((s0, e0), (s1, e1)) = (ends(*a), ends(*b));
            let raw = |p: Option<&Period>| p.map(|p| p.raw.clone()).unwrap_or_default();
            c.start = (s0 != s1).then_some(Move { old: s0, new: s1 });
            c.end = (e0 != e1).then_some(Move { old: e0, new: e1 });
            match calendar::compare(&raw(*a), &raw(*b), years.old, years.new) {
                Some(Outcome::Same) => return None,
                Some(Outcome::CarriedOver) => return Some(Difference::CarriedOver(c)),
                Some(Outcome::Moved { end, .. }) => c.shift = end,
                // Not dates on both sides: by years, then as text.
                None if (s0, e0) == (s1, e1) && (s0.is_some() || e0.is_some() || same_shown) => return None,
                None => {}
            }
        }
        (Field::Deadline(a), Field::Deadline(b)) => {
            match calendar::compare(a.unwrap_or(""), b.unwrap_or(""), years.old, years.new) {
                Some(Outcome::Same) => return None,
                Some(Outcome::CarriedOver) => return Some(Difference::CarriedOver(c)),
                Some(Outcome::Moved { end, .. }) => c.shift = end,
                None if same_shown => return None,
                None => {}
            }
        }
        (Field::Amount(a), Field::Amount(b)) => {
            let num = |x: Option<&Amount>| x.and_then(|x| Some((x.value?, fold(x.unit.as_deref().unwrap_or("")))));
            match (num(*a), num(*b)) {
                (Some((v0, u0)), Some((v1, u1))) if u0 == u1 => {
                    if v0 == v1 {
                        return None;
                    }
                    c.trend = Some(if v1 > v0 { Trend::Increased } else { Trend::Decreased });
                }
                _ if same_shown => return None,
                _ => {}
            }
        }
        _ => {}
    }
    if matches!(old, Field::List(_) | Field::Departments(_)) && c.added.is_empty() && c.removed.is_empty() {
        return None;
    }
    Some(Difference::Changed(c))
}

/// What a field looks like in a report; `None` when it is empty.
pub fn shown(f: &Field<'_>) -> Option<String> {
    let nonempty = |s: String| (!s.trim().is_empty()).then_some(s);
    match f {
        Field::Text { shown, .. } | Field::Prose { shown, .. } => shown.clone(),
        Field::List(v) => nonempty(v.join("、")),
        Field::Departments(v) => nonempty(v.join("、")),
        Field::Target(t) => nonempty(t.raw.clone()),
        Field::Period(p) => p.and_then(|p| nonempty(p.raw.clone())),
        Field::Deadline(d) => d.and_then(|d| nonempty(d.to_string())),
        Field::Amount(a) => a.and_then(|a| {
            let unit = a.unit.as_deref().filter(|u| !a.raw.contains(u)).unwrap_or("");
            nonempty(format!("{}{unit}", a.raw))
        }),
    }
}

/// Members of `new` not in `old` and members of `old` not in `new`, compared by `key`, in list order.
fn members(old: &[String], new: &[String], key: impl Fn(&str) -> String) -> (Vec<String>, Vec<String>) {
    let ko: Vec<String> = old.iter().map(|m| key(m)).collect();
    let kn: Vec<String> = new.iter().map(|m| key(m)).collect();
    let added = new.iter().zip(&kn).filter(|(_, k)| !ko.contains(k)).map(|(m, _)| m.clone()).collect();
    let removed = old.iter().zip(&ko).filter(|(_, k)| !kn.contains(k)).map(|(m, _)| m.clone()).collect();
    (added, removed)
}

fn same_target(a: &Target, b: &Target) -> bool {
    let unit = |u: &Option<String>| fold(u.as_deref().unwrap_or(""));
    let structured = matches!(a.kind, TargetKind::Numeric | TargetKind::Regional) && a.kind == b.kind;
    if structured {
        let regions_same = a.regions.len() == b.regions.len()
            && a.regions.iter().zip(&b.regions).all(|(x, y)| {
                fold(&x.region) == fold(&y.region)
                    && x.op == y.op
                    && x.value == y.value
                    && unit(&x.unit) == unit(&y.unit)
            });
        return a.op == b.op && a.value == b.value && unit(&a.unit) == unit(&b.unit) && regions_same;
    }
    fold(&a.raw) == fold(&b.raw)
}

#[derive(PartialEq)]
enum Bound {
    Lower,
    Upper,
    Exact,
}

fn bound(op: &str) -> (Bound, bool) {
    match op {
        ">" => (Bound::Lower, true),
        ">=" => (Bound::Lower, false),
        "<" => (Bound::Upper, true),
        "<=" => (Bound::Upper, false),
        _ => (Bound::Exact, false),
    }
}

/// How one comparator and value moved to another: a higher floor or a lower ceiling is tighter.
fn bound_trend(op0: &str, v0: f64, op1: &str, v1: f64) -> Option<Trend> {
    let ((b0, strict0), (b1, strict1)) = (bound(op0), bound(op1));
    if b0 != b1 {
        return None;
    }
    let up = v1 > v0 || (v1 == v0 && strict1 && !strict0);
    let down = v1 < v0 || (v1 == v0 && strict0 && !strict1);
    match (b0, up, down) {
        (_, false, false) => None,
        (Bound::Lower, true, _) | (Bound::Upper, _, true) => Some(Trend::Tightened),
        (Bound::Lower, _, true) | (Bound::Upper, true, _) => Some(Trend::Loosened),
        (Bound::Exact, true, _) => Some(Trend::Increased),
        (Bound::Exact, _, true) => Some(Trend::Decreased),
    }
}

/// The direction a target moved, when both versions are numbers in the same unit (or regions of them).
pub fn target_trend(a: &Target, b: &Target) -> Option<Trend> {
    let unit = |u: &Option<String>| fold(u.as_deref().unwrap_or(""));
    match (a.kind, b.kind) {
        (TargetKind::Numeric, TargetKind::Numeric) if unit(&a.unit) == unit(&b.unit) => {
            bound_trend(a.op.as_deref()?, a.value?, b.op.as_deref()?, b.value?)
        }
        (TargetKind::Regional, TargetKind::Regional) => {
            let mut trends = Vec::new();
            for x in &a.regions {
                let Some(y) = b.regions.iter().find(|y| fold(&y.region) == fold(&x.region)) else { continue };
                if unit(&x.unit) == unit(&y.unit)
                    && let Some(t) = bound_trend(&x.op, x.value, &y.op, y.value)
                {
                    trends.push(t);
                }
            }
            match trends.split_first() {
                None => None,
                Some((first, rest)) if rest.iter().all(|t| t == first) => Some(*first),
                Some(_) => Some(Trend::Mixed),
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::targets;

    /// The change of one field between plans of the same year.
    fn changed(name: &str, old: &Field<'_>, new: &Field<'_>) -> Option<FieldChange> {
        match change(name, old, new, Years::default())? {
            Difference::Changed(c) => Some(c),
            Difference::CarriedOver(c) => panic!("carried over: {c:?}"),
        }
    }

    fn target_change(a: &str, b: &str) -> Option<Option<Trend>> {
        let (ta, tb) = (targets::parse(a, None), targets::parse(b, None));
        changed("target", &Field::Target(&ta), &Field::Target(&tb)).map(|c| c.trend)
    }

    #[test]
    fn target_trends() {
        assert_eq!(target_change(">90%", ">92%"), Some(Some(Trend::Tightened)));
        assert_eq!(target_change(">92%", ">90%"), Some(Some(Trend::Loosened)));
        assert_eq!(target_change("≤0.42", "≤0.40"), Some(Some(Trend::Tightened)));
        assert_eq!(target_change(">=90%", ">90%"), Some(Some(Trend::Tightened)));
        assert_eq!(target_change("100%", "95%"), Some(Some(Trend::Decreased)));
        assert_eq!(target_change(">90%", "<90%"), Some(None));
        assert_eq!(target_change("稳定提高", "不减少"), Some(None));
        assert_eq!(target_change("山区>60% 丘陵区>40%", "山区>62% 丘陵区>41%"), Some(Some(Trend::Tightened)));
        assert_eq!(target_change("山区>60% 丘陵区>40%", "山区>62% 丘陵区>38%"), Some(Some(Trend::Mixed)));
    }

    #[test]
    fn same_targets_written_differently() {
        assert_eq!(target_change("≥95%", ">=95 %"), None);
        assert_eq!(target_change("不低于95%", "≥95%"), None);
        assert_eq!(target_change("稳定提高", " 稳定提高"), None);
    }

    #[test]
    fn department_lists_by_bare_name() {
        let (a, b) = (vec!["区水务局".to_string(), "区林业局".into()], vec!["水务局".to_string(), "区财政局".into()]);
        let c = changed("departments", &Field::Departments(&a), &Field::Departments(&b)).unwrap();
        assert_eq!((c.added, c.removed), (vec!["区财政局".to_string()], vec!["区林业局".to_string()]));
        let d = vec!["区林业局".to_string(), "水务局".into()];
        assert!(changed("departments", &Field::Departments(&a), &Field::Departments(&d)).is_none());
    }

    #[test]
    fn periods_by_year() {
        let p = |raw: &str, s, e| Period { raw: raw.into(), start: Some(s), end: Some(e) };
        let (a, b) = (p("2020-2022年", 2020, 2022), p("2021-2022年", 2021, 2022));
        let c = changed("period", &Field::Period(Some(&a)), &Field::Period(Some(&b))).unwrap();
        assert_eq!(c.start, Some(Move { old: Some(2020), new: Some(2021) }));
        assert_eq!(c.end, None);
        let same = p("2020—2022年", 2020, 2022);
        assert!(changed("period", &Field::Period(Some(&a)), &Field::Period(Some(&same))).is_none());
    }

    #[test]
    fn periods_know_the_plan_year() {
        let p = |raw: &str| crate::parse::projects::parse_period(raw);
        let years = Years { old: Some(2024), new: Some(2025) };
        let run = |a: &str, b: &str| change("period", &Field::Period(Some(&p(a))), &Field::Period(Some(&p(b))), years);
        assert!(matches!(run("2024年", "2025年"), Some(Difference::CarriedOver(_))));
        assert!(matches!(run("2024年3月—12月", "2025年3月—12月"), Some(Difference::CarriedOver(_))));
        assert!(run("2024—2025年", "2024-2025年").is_none());
        let Some(Difference::Changed(c)) = run("2023～2024年", "2023～2025年") else {
            panic!("a delay is a change")
        };
        assert_eq!(c.shift, Some(crate::diff::report::Shift { amount: 1, unit: crate::diff::report::ShiftUnit::Year }));
        assert_eq!(c.end, Some(Move { old: Some(2024), new: Some(2025) }));
        // Text that only moved its plan year along.
        let (a, b) = (prose(Some("到2024年底完成36个村治理")), prose(Some("到2025年底完成36个村治理")));
        assert!(matches!(change("text", &a, &b, years), Some(Difference::CarriedOver(_))));
        assert!(matches!(change("text", &a, &b, Years::default()), Some(Difference::Changed(_))));
        // A task's deadline: the plan year's carried over, another date compared as a date.
        let y = Years { old: Some(2020), new: Some(2021) };
        let run = |a: &str, b: &str| change("deadline", &Field::Deadline(Some(a)), &Field::Deadline(Some(b)), y);
        assert!(matches!(run("2020年6月底前", "2021年6月底前"), Some(Difference::CarriedOver(_))));
        assert!(run("长期坚持", "长期坚持").is_none());
        assert!(run("年底前", "年底前").is_none());
        let Some(Difference::Changed(c)) = run("2020年6月底前", "2020年9月底前") else {
            panic!("a later deadline")
        };
        let three_months = crate::diff::report::Shift { amount: 3, unit: crate::diff::report::ShiftUnit::Month };
        assert_eq!(c.shift, Some(three_months));
    }

    #[test]
    fn fields_only_one_version_has() {
        let old = vec![("extra.备注".to_string(), text(Some("续建")))];
        let c = compare(&old, &[], Years::default()).changes;
        assert_eq!((c[0].old.as_deref(), c[0].new.as_deref()), (Some("续建"), None));
        assert!(compare(&[("x".to_string(), text(Some("")))], &[], Years::default()).is_empty());
    }
}
