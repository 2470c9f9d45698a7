//! Departments index: one parsed notice → every responsible department with what it owns, its forms joined.
//!
//! The joining rule, within one document: names are grouped by their form without a level prefix
//! ([`crate::parse::departments::bare`]: 区水务局 → 水务局). In a group with exactly one prefixed form, the
//! unprefixed form is that department (水务局 joins 区水务局). Prefixed forms of different levels
//! (区水务局, 市水务局) are different bodies and stay apart; an unprefixed form next to two or more of
//! them is ambiguous, stays on its own and is reported in [`Registry::notes`].

use crate::model::Document;
use crate::parse::departments::bare;
use serde::Serialize;
use std::collections::BTreeMap;

/// What kind of item a department is responsible for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Indicator,
    Task,
    Project,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Indicator => "指标",
            ItemKind::Task => "任务",
            ItemKind::Project => "项目",
        }
    }
}

/// How a department is named on an item: 牵头 or 配合 on a task that says so; responsible everywhere else
/// (indicator and project cells, a task's 责任单位).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Responsible,
    Lead,
    Support,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Responsible => "责任",
            Role::Lead => "牵头",
            Role::Support => "配合",
        }
    }
}

/// One item a department owns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owned {
    pub kind: ItemKind,
    /// Position of the item in its list (`plan.indicators`, `plan.tasks`, `plan.projects`).
    #[serde(skip)]
    pub index: usize,
    pub id: String,
    /// Indicator name, task title or project name.
    pub name: String,
    pub line: usize,
    pub role: Role,
    /// The form the item itself uses for the department.
    pub written_as: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Department {
    /// The name the department is listed under: its prefixed form when the document has one.
    pub name: String,
    /// The name without its level prefix.
    pub bare: String,
    /// Every form the document uses for it, `name` first, then in order of first use.
    pub forms: Vec<String>,
    pub indicators: Vec<Owned>,
    pub tasks: Vec<Owned>,
    pub projects: Vec<Owned>,
}

impl Department {
    /// Everything the department owns, indicators then tasks then projects.
    pub fn items(&self) -> impl Iterator<Item = &Owned> {
        self.indicators.iter().chain(&self.tasks).chain(&self.projects)
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Registry {
    /// In order of first mention (indicators, then tasks, then projects).
    pub departments: Vec<Department>,
    /// Joins the rule refused to make, for a person to check.
    pub notes: Vec<String>,
    /// Written form → index in `departments`.
    #[serde(skip)]
    by_form: BTreeMap<String, usize>,
}

/// Every mention of a department on an item, in document order: indicators, tasks, projects.
fn mentions(doc: &Document) -> Vec<Owned> {
    let p = &doc.plan;
    let mut out = Vec::new();
    let mut push = |written: &str, kind, index, id: &str, name: &str, line, role| {
        out.push(Owned { kind, index, id: id.into(), name: name.into(), line, role, written_as: written.into() });
    };
    for (k, i) in p.indicators.iter().enumerate() {
        for d in &i.departments {
            push(d, ItemKind::Indicator, k, &i.id, &i.name, i.line, Role::Responsible);
        }
    }
    for (k, t) in p.tasks.iter().enumerate() {
        for d in &t.departments {
            let role = if t.lead_departments.contains(d) {
                Role::Lead
            } else if t.support_departments.contains(d) {
                Role::Support
            } else {
                Role::Responsible
            };
            push(d, ItemKind::Task, k, &t.id, &t.title, t.line, role);
        }
    }
    for (k, pr) in p.projects.iter().enumerate() {
        for d in &pr.units {
            push(d, ItemKind::Project, k, &pr.id, &pr.name, pr.line, Role::Responsible);
        }
    }
    out
}

impl Registry {
    /// Index every department the document names, joining the forms of one department.
    pub fn build(doc: &Document) -> Registry {
        let ms = mentions(doc);
        // Forms in order of first mention, grouped by bare name.
        let mut forms: Vec<&str> = Vec::new();
        for m in &ms {
            if !forms.contains(&m.written_as.as_str()) {
                forms.push(&m.written_as);
            }
        }
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &forms {
            groups.entry(bare(f)).or_default().push(f);
        }
        // Form → the form it is listed under.
        let mut canonical: BTreeMap<&str, &str> = BTreeMap::new();
        let mut notes = Vec::new();
        for (b, fs) in &groups {
            let prefixed: Vec<&str> = fs.iter().copied().filter(|f| bare(f) != *f).collect();
            for f in fs {
                let to = match prefixed.as_slice() {
                    [one] => *one,
                    _ => *f,
                };
                canonical.insert(f, to);
            }
            if prefixed.len() > 1 && fs.contains(b) {
                notes.push(format!("{b}: could be any of {}; kept apart", prefixed.join("、")));
            }
        }
        let mut reg = Registry { notes, ..Registry::default() };
        for f in &forms {
            let to = canonical.get(f).copied().unwrap_or(f);
            let idx = match reg.by_form.get(to) {
                Some(&i) => i,
                None => {
                    reg.departments.push(Department {
                        name: to.to_string(),
                        bare: bare(to).to_string(),
                        forms: vec![to.to_string()],
                        indicators: Vec::new(),
                        tasks: Vec::new(),
                        projects: Vec::new(),
                    });
                    reg.by_form.insert(to.to_string(), reg.departments.len() - 1);
                    reg.departments.len() - 1
                }
            };
            reg.by_form.insert(f.to_string(), idx);
        }
        for dep in reg.departments.iter_mut() {
            let name = dep.name.clone();
            for f in &forms {
                if canonical.get(f).copied() == Some(name.as_str()) && !dep.forms.iter().any(|x| x == f) {
                    dep.forms.push(f.to_string());
                }
            }
        }
        for m in &ms {
            let Some(&i) = reg.by_form.get(&m.written_as) else { continue };
            let dep = &mut reg.departments[i];
            let list = match m.kind {
                ItemKind::Indicator => &mut dep.indicators,
                ItemKind::Task => &mut dep.tasks,
                ItemKind::Project => &mut dep.projects,
            };
            // One item naming the department in two forms is owned once.
            if !list.iter().any(|o| o.index == m.index) {
                list.push(m.clone());
            }
        }
        reg
    }

    /// The department a written form belongs to.
    pub fn lookup(&self, written: &str) -> Option<(usize, &Department)> {
        let &i = self.by_form.get(written)?;
        Some((i, &self.departments[i]))
    }

    /// The listing `plandoc departments` prints.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for d in &self.departments {
            out.push_str(&d.name);
            if d.forms.len() > 1 {
                out.push_str(&format!(" (= {})", d.forms[1..].join("、")));
            }
            out.push_str(&format!(
                ": 指标 {}, 任务 {}, 项目 {}\n",
                d.indicators.len(),
                d.tasks.len(),
                d.projects.len()
            ));
            for o in d.items() {
                out.push_str(&format!("  {} line {:>4}  {}", o.kind.label(), o.line, o.name));
                if o.role != Role::Responsible {
                    out.push_str(&format!(" [{}]", o.role.label()));
                }
                if o.written_as != d.name {
                    out.push_str(&format!(" (as {})", o.written_as));
                }
                out.push('\n');
            }
        }
        for n in &self.notes {
            out.push_str(&format!("note: {n}\n"));
        }
        out
    }

    /// The listing as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Indicator, Project, Target};

    fn ind(name: &str, deps: &[&str]) -> Indicator {
        Indicator {
            id: format!("ind-{name}"),
            goal: None,
            task: None,
            serial: None,
            name: name.into(),
            unit: None,
            target: Target::default(),
            attribute: None,
            departments: deps.iter().map(|s| s.to_string()).collect(),
            extra: BTreeMap::new(),
            line: 1,
            page: None,
        }
    }

    fn doc(indicators: Vec<Indicator>, projects: Vec<Project>) -> Document {
        let mut d = crate::parse_bytes("某区2024年工作计划".as_bytes(), "x.txt").unwrap();
        d.plan.indicators = indicators;
        d.plan.projects = projects;
        d
    }

    #[test]
    fn bare_form_joins_the_one_prefixed_form() {
        let r = Registry::build(&doc(vec![ind("a", &["水务局", "区林业局"]), ind("b", &["区水务局"])], vec![]));
        let names: Vec<&str> = r.departments.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["区水务局", "区林业局"]);
        assert_eq!(r.departments[0].forms, ["区水务局", "水务局"]);
        assert_eq!(r.departments[0].indicators.len(), 2);
        assert_eq!(r.departments[0].indicators[0].written_as, "水务局");
        assert!(r.notes.is_empty());
        assert_eq!(r.lookup("水务局").map(|x| x.0), Some(0));
    }

    #[test]
    fn two_levels_stay_apart_and_the_bare_form_is_a_note() {
        let r = Registry::build(&doc(vec![ind("a", &["区水务局", "市水务局"]), ind("b", &["水务局"])], vec![]));
        let names: Vec<&str> = r.departments.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["区水务局", "市水务局", "水务局"]);
        assert_eq!(r.notes, ["水务局: could be any of 区水务局、市水务局; kept apart"]);
    }

    #[test]
    fn one_item_naming_both_forms_is_owned_once() {
        let r = Registry::build(&doc(vec![ind("a", &["区水务局", "水务局"])], vec![]));
        assert_eq!(r.departments.len(), 1);
        assert_eq!(r.departments[0].indicators.len(), 1);
        assert!(r.to_text().starts_with("区水务局 (= 水务局): 指标 1, 任务 0, 项目 0\n"));
    }
}
