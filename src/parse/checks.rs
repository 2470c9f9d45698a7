//! Checks: the extracted records against what the text declares ("三类工程共包括21项具体工程",
//! "共27项30个指标", 合计 rows) and against themselves (serial gaps) → diagnostics.

use crate::model::{Diags, Indicator, Project, SectionKind, Task};
use crate::parse::projects::Total;
use crate::parse::sections::Para;
use crate::pattern::{Regex, static_re};
use crate::text::cn_number;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// A count in a declaring sentence: Arabic digits or Chinese numerals.
const N: &str = r"(\d+|[一二三四五六七八九十百两]+)";

/// One declared-count rule: a pattern (`{N}` is [`N`]) and what its numbers are compared with.
struct Rule {
    what: What,
    /// Words the pattern cannot match without (any one of them): a paragraph with none is skipped.
    needs: &'static [&'static str],
    /// A word every match holds with its number right against it, before or after the word: a clause where
    /// it never stands next to a numeral is skipped without running the pattern (most clauses that name 指标,
    /// 项目 or 任务 count nothing). `gates_are_necessary` checks it.
    gate: (&'static str, Side),
    re: Regex,
}

/// Where a rule's number stands against its gate word.
#[derive(Clone, Copy)]
enum Side {
    /// "21项", "30个指标".
    Before,
    /// "约束性指标12个", "总投资3.5万元".
    After,
}

fn rule(what: What, needs: &'static [&'static str], gate: (&'static str, Side), pattern: &str) -> Rule {
    Rule { what, needs, gate, re: static_re(&pattern.replace("{N}", N)) }
}

impl Rule {
    /// The gate word stands against a numeral somewhere in the clause.
    fn gate_open(&self, clause: &str) -> bool {
        let (word, side) = self.gate;
        clause.match_indices(word).any(|(i, w)| {
            let next = match side {
                Side::Before => clause[..i].chars().next_back(),
                Side::After => clause[i + w.len()..].chars().next(),
            };
            next.is_some_and(|c| c.is_numeric() || "一二三四五六七八九十百两".contains(c))
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum What {
    Indicators,
    IndicatorItems,
    Goals,
    TaskLayers,
    Attribute,
    Projects,
    Categories,
    Investment,
    Tasks,
}

const WORKS: &[&str] = &["工程", "项目"];

static INDICATOR_RULES: LazyLock<[Rule; 5]> = LazyLock::new(|| {
    [
        rule(What::IndicatorItems, &["个指标"], ("个指标", Side::Before), "{N}项{N}个指标"),
        rule(What::Indicators, &["指标"], ("个", Side::Before), "{N}个(?:具体|建设|评估|考核)?指标"),
        rule(What::Goals, &["个领域"], ("个领域", Side::Before), "{N}个领域"),
        rule(What::TaskLayers, &["项任务"], ("项任务", Side::Before), "{N}项任务"),
        rule(What::Attribute, &["性指标"], ("性指标", Side::After), "(约束性|参考性|预期性|引导性)指标{N}个"),
    ]
});

static PROJECT_RULES: LazyLock<[Rule; 4]> = LazyLock::new(|| {
    [
        rule(What::Projects, WORKS, ("项", Side::Before), "{N}项(?:具体|重点)?(?:工程|项目)"),
        rule(What::Projects, WORKS, ("项", Side::Before), "(?:工程|项目){N}项"),
        rule(What::Categories, &["类工程", "类项目"], ("类", Side::Before), "{N}类(?:工程|项目)"),
        rule(What::Investment, &["总投资"], ("总投资", Side::After), r"总投资(\d+(?:\.\d+)?)万元"),
    ]
});

static TASK_RULES: LazyLock<[Rule; 1]> =
    LazyLock::new(|| [rule(What::Tasks, &["任务"], ("项", Side::Before), "{N}项(?:重点|主要)?任务")]);

/// Characters no rule's pattern holds: every match lies between two of them, so patterns run clause by clause.
const CLAUSE_END: [char; 8] = ['，', ',', '。', '；', ';', '\n', '：', ':'];

/// One match of a rule: the matched text, where it starts in its clause, and its captures (a rule has one or
/// two; an unused one is empty).
struct Found<'a> {
    start: usize,
    text: &'a str,
    groups: [&'a str; 2],
}

pub struct Extracted<'a> {
    pub indicators: &'a [Indicator],
    pub tasks: &'a [Task],
    pub projects: &'a [Project],
    pub totals: &'a [Total],
}

/// What declared numbers are compared with, counted once per document: a text that declares its counts in
/// many paragraphs must not recount every record for each of them.
struct Tally<'a> {
    serials: usize,
    goals: usize,
    task_layers: usize,
    attributes: BTreeMap<&'a str, usize>,
    categories: usize,
    any_category: bool,
    investment: f64,
    any_investment: bool,
}

impl<'a> Tally<'a> {
    /// Counted over borrowed values (distinct serials as numbers, not their strings): the same counts
    /// without a copy of every value.
    fn of(x: &Extracted<'a>) -> Tally<'a> {
        let distinct = |f: fn(&Indicator) -> Option<&str>| -> usize {
            x.indicators.iter().filter_map(f).collect::<BTreeSet<_>>().len()
        };
        let mut attributes = BTreeMap::new();
        for a in x.indicators.iter().filter_map(|i| i.attribute.as_deref()) {
            *attributes.entry(a).or_insert(0) += 1;
        }
        Tally {
            serials: x.indicators.iter().filter_map(|i| i.serial).collect::<BTreeSet<_>>().len(),
            goals: distinct(|i| i.goal.as_deref()),
            task_layers: distinct(|i| i.task.as_deref()),
            attributes,
            categories: x.projects.iter().filter_map(|p| p.category.as_deref()).collect::<BTreeSet<_>>().len(),
            any_category: x.projects.iter().any(|p| p.category.is_some()),
            investment: x.projects.iter().filter_map(|p| p.investment.as_ref()?.value).sum(),
            any_investment: x.projects.iter().any(|p| p.investment.is_some()),
        }
    }
}

/// What a declared count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Indicators,
    Tasks,
    Projects,
    /// Anything else (goal areas, task areas, indicators of one attribute).
    Other,
}

/// A count the text declares that the records do not hold: `check.declared_count`, unless the completeness
/// check finds the text cut short before the records it promised (then `input.incomplete` says it).
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub counted: Counted,
    pub line: usize,
    pub declared: usize,
    pub found: usize,
    /// The declaring words as written ("21项具体工程").
    pub text: String,
    pub message: String,
}

/// Report the mismatches as `check.declared_count` warnings: one per line and message, however often the
/// text repeats the declaration there ("三类工程，三类工程共包括…").
pub fn report(mismatches: &[Mismatch], diags: &mut Diags) {
    let mut seen = BTreeSet::new();
    for m in mismatches {
        if seen.insert((m.line, m.message.as_str())) {
            diags.warn("check.declared_count", Some(m.line), m.message.clone());
        }
    }
}

/// Compare the records with what the text declares and with themselves. Declared counts that disagree are
/// returned (see [`report`]); everything else goes to `diags`.
pub fn run(paras: &[Para], x: &Extracted, diags: &mut Diags) -> Vec<Mismatch> {
    let mut found = Vec::new();
    let tally = std::cell::OnceCell::new();
    for p in paras {
        let rules: &[Rule] = match p.kind {
            Some(SectionKind::Indicators) => &*INDICATOR_RULES,
            Some(SectionKind::Projects) => &*PROJECT_RULES,
            Some(SectionKind::Tasks) => &*TASK_RULES,
            _ => continue,
        };
        for rule in rules.iter().filter(|r| r.needs.iter().any(|w| p.text.contains(w))) {
            let clauses = p.text.split(CLAUSE_END);
            for clause in clauses.filter(|c| rule.needs.iter().any(|w| c.contains(w)) && rule.gate_open(c)) {
                for caps in rule.re.captures_iter(clause) {
                    let group = |i| caps.get(i).map_or("", |m| m.as_str());
                    let Some(all) = caps.get(0) else { continue };
                    let c = Found { start: all.start(), text: all.as_str(), groups: [group(1), group(2)] };
                    check(rule.what, &c, clause, p, x, tally.get_or_init(|| Tally::of(x)), &mut found, diags);
                }
            }
        }
    }
    serial_gaps("indicator", x.indicators.iter().map(|i| (i.serial, i.line)), diags);
    serial_gaps("project", x.projects.iter().map(|p| (p.serial, p.line)), diags);
    for t in x.totals {
        let sum = tally.get_or_init(|| Tally::of(x)).investment;
        if let Some(v) = t.investment
            && (v - sum).abs() > 0.01
        {
            diags.warn(
                "check.total",
                Some(t.line),
                format!("the 合计 row says {v} but the projects add up to {}", round2(sum)),
            );
        }
    }
    found
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn num(s: &str) -> Option<usize> {
    cn_number(s).map(|n| n as usize)
}

/// One match `c` in `clause` (a clause of paragraph `p`) against what was extracted.
#[allow(clippy::too_many_arguments)]
fn check(
    what: What,
    c: &Found,
    clause: &str,
    p: &Para,
    x: &Extracted,
    t: &Tally,
    out: &mut Vec<Mismatch>,
    diags: &mut Diags,
) {
    let counted = match what {
        What::Indicators | What::IndicatorItems => Counted::Indicators,
        What::Projects | What::Categories => Counted::Projects,
        What::Tasks => Counted::Tasks,
        _ => Counted::Other,
    };
    let mut compare = |label: &str, declared: Option<usize>, found: usize| {
        if let Some(d) = declared
            && d != found
        {
            out.push(Mismatch {
                counted,
                line: p.line,
                declared: d,
                found,
                text: c.text.to_string(),
                message: format!("the text declares {d} {label} (\"{}\"); the records hold {found}", c.text),
            });
        }
    };
    match what {
        What::IndicatorItems => {
            compare("numbered indicator items", num(c.groups[0]), t.serials);
            compare("indicators", num(c.groups[1]), x.indicators.len());
        }
        What::Indicators => {
            // "27项30个指标" is handled by IndicatorItems; skip its second half here.
            let before = &clause[..c.start];
            if !before.ends_with('项') {
                compare("indicators", num(c.groups[0]), x.indicators.len());
            }
        }
        What::Goals => compare("goal areas", num(c.groups[0]), t.goals),
        What::TaskLayers => compare("task areas", num(c.groups[0]), t.task_layers),
        What::Attribute => {
            let attr = c.groups[0];
            if !t.attributes.is_empty() {
                compare(&format!("{attr} indicators"), num(c.groups[1]), t.attributes.get(attr).copied().unwrap_or(0));
            }
        }
        What::Projects => compare("projects", num(c.groups[0]), x.projects.len()),
        What::Categories => {
            if t.any_category {
                compare("project categories", num(c.groups[0]), t.categories);
            }
        }
        What::Investment => {
            let declared: Option<f64> = c.groups[0].parse().ok();
            let sum = t.investment;
            if let Some(d) = declared
                && t.any_investment
                && (d - sum).abs() > 0.01
            {
                diags.warn(
                    "check.declared_total",
                    Some(p.line),
                    format!("the text declares a total investment of {d} but the projects add up to {}", round2(sum)),
                );
            }
        }
        What::Tasks => compare("tasks", num(c.groups[0]), x.tasks.len()),
    }
}

/// Serial numbers should run 1, 2, 3 … (repeats are merged cells and fine).
fn serial_gaps(what: &str, serials: impl Iterator<Item = (Option<u32>, usize)>, diags: &mut Diags) {
    let mut expected = 1u32;
    for (s, line) in serials {
        let Some(s) = s else { continue };
        if s + 1 == expected {
            continue; // same serial as the row above
        }
        if s != expected {
            diags.warn("check.serial_gap", Some(line), format!("{what} serial {s} where {expected} was expected"));
        }
        expected = s + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `run` matches each rule clause by clause: that is only the same as matching the whole paragraph
    /// while no pattern can match a clause end (no such character, no `.`, no negated class, no `\s`).
    #[test]
    fn no_rule_can_match_across_a_clause_end() {
        for r in INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()) {
            let p = r.re.as_str().replace(r"\.", "").replace("(?:", "(");
            assert!(!p.contains(CLAUSE_END), "{p}");
            assert!(!p.contains('.') && !p.contains("[^") && !p.contains(r"\s") && !p.contains(r"\S"), "{p}");
        }
    }

    /// Wherever a rule's pattern matches, its gate is open: skipping closed clauses loses no match.
    #[test]
    fn gates_are_necessary() {
        let parts =
            ["12", "１２", "3.5", "三十", "两", "项", "个", "个指标", "指标", "具体", "个领域", "项任务", "任务"];
        let more = ["主要", "约束性", "性指标", "工程", "项目", "类", "总投资", "万元", "重点", "x", "共", " "];
        let texts = crate::text::concatenations(&[&parts[..], &more[..]].concat(), 3, |_| true);
        let mut matched = 0;
        for r in INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()) {
            for t in &texts {
                if r.re.is_match(t) {
                    matched += 1;
                    assert!(r.gate_open(t), "{} {t:?}", r.re.as_str());
                }
            }
        }
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn gaps() {
        let mut d = Diags::default();
        serial_gaps("x", [(Some(1), 1), (Some(1), 2), (None, 3), (Some(2), 4), (Some(4), 5)].into_iter(), &mut d);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].line, Some(5));
        let mut d = Diags::default();
        serial_gaps("x", [(Some(3), 1), (Some(4), 2)].into_iter(), &mut d);
        assert_eq!(d.0.len(), 1, "a list that starts at 3 is missing 1 and 2");
    }

    #[test]
    fn declared_counts() {
        let mut d = Diags::default();
        let paras =
            vec![Para { kind: Some(SectionKind::Projects), line: 7, text: "三类工程共包括21项具体工程" }];
        let x = Extracted { indicators: &[], tasks: &[], projects: &[], totals: &[] };
        let found = run(&paras, &x, &mut d);
        assert!(d.0.is_empty());
        assert_eq!(found.len(), 1, "21 declared, 0 found; categories unchecked without a category column");
        assert_eq!((found[0].counted, found[0].declared, found[0].found), (Counted::Projects, 21, 0));
        report(&found, &mut d);
        let msgs: Vec<&str> = d.0.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(msgs, ["check.declared_count"]);
        assert_eq!(d.0[0].message, "the text declares 21 projects (\"21项具体工程\"); the records hold 0");
    }

    /// A declaration the text repeats on one line ("三类工程，三类工程共包括…") is one warning.
    #[test]
    fn a_declaration_repeated_on_a_line_is_reported_once() {
        let mut d = Diags::default();
        let paras =
            vec![Para {
                kind: Some(SectionKind::Projects), line: 7, text: "提出四类工程，四类工程共包括2项具体工程"
            }];
        let p = |c: &str, n: u32| Project {
            id: format!("prj-{n}"),
            category: Some(c.into()),
            serial: Some(n),
            name: format!("工程{n}"),
            content: None,
            location: None,
            period: None,
            investment: None,
            units: vec![],
            extra: Default::default(),
            line: 10 + n as usize,
            page: None,
        };
        let projects = [p("甲", 1), p("乙", 2)];
        let x = Extracted { indicators: &[], tasks: &[], projects: &projects, totals: &[] };
        let found = run(&paras, &x, &mut d);
        assert_eq!(found.len(), 2, "the rule matches twice");
        report(&found, &mut d);
        assert_eq!(d.0.len(), 1);
        assert_eq!(d.0[0].message, "the text declares 4 project categories (\"四类工程\"); the records hold 2");
    }
}
