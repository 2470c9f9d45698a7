//! Checks: the extracted records against what the text declares ("三类工程共包括21项具体工程",
//! "共27项30个指标", 合计 rows) and against themselves (serial gaps) → diagnostics.

use crate::model::{Diags, Indicator, Project, SectionKind, Task};
use crate::pattern::{Captures, Regex, static_re};
use crate::projects::Total;
use crate::sections::Para;
use crate::text::cn_number;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, OnceLock};

const N: &str = r"(\d+|[一二三四五六七八九十百两]+)";

struct Rule {
    pattern: String,
    /// Compiled on first use: a text that never names the rule's words never pays for it.
    re: OnceLock<Regex>,
    what: What,
    /// Words the pattern cannot match without (any one of them): a paragraph with none is skipped
    /// without running the pattern over it.
    needs: &'static [&'static str],
    /// A word every match holds with the pattern's number right against it: a clause where the word never
    /// stands next to a numeral cannot match, and is skipped (most clauses that name 指标, 项目 or 任务
    /// count nothing). Checked against the patterns by `gates_are_necessary`.
    gate: (&'static str, Side),
}

/// Where a rule's number stands against its gate word.
#[derive(Clone, Copy, Debug)]
enum Side {
    /// "21项", "30个指标".
    Before,
    /// "约束性指标12个", "总投资3.5万元".
    After,
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

static INDICATOR_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        rule(format!(r"{N}项{N}个指标"), What::IndicatorItems, &["个指标"], ("个指标", Side::Before)),
        rule(format!(r"{N}个(?:具体|建设|评估|考核)?指标"), What::Indicators, &["指标"], ("个", Side::Before)),
        rule(format!(r"{N}个领域"), What::Goals, &["个领域"], ("个领域", Side::Before)),
        rule(format!(r"{N}项任务"), What::TaskLayers, &["项任务"], ("项任务", Side::Before)),
        rule(format!(r"(约束性|参考性|预期性|引导性)指标{N}个"), What::Attribute, &["性指标"], ("性指标", Side::After)),
    ]
});

static PROJECT_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    vec![
        rule(format!(r"{N}项(?:具体|重点)?(?:工程|项目)"), What::Projects, &["工程", "项目"], ("项", Side::Before)),
        rule(format!(r"(?:工程|项目){N}项"), What::Projects, &["工程", "项目"], ("项", Side::Before)),
        rule(format!(r"{N}类(?:工程|项目)"), What::Categories, &["类工程", "类项目"], ("类", Side::Before)),
        rule(r"总投资(\d+(?:\.\d+)?)万元", What::Investment, &["总投资"], ("总投资", Side::After)),
    ]
});

static TASK_RULES: LazyLock<Vec<Rule>> =
    LazyLock::new(|| vec![rule(format!(r"{N}项(?:重点|主要)?任务"), What::Tasks, &["任务"], ("项", Side::Before))]);

fn rule(pattern: impl Into<String>, what: What, needs: &'static [&'static str], gate: (&'static str, Side)) -> Rule {
    Rule { pattern: pattern.into(), re: OnceLock::new(), what, needs, gate }
}

impl Rule {
    fn re(&self) -> &Regex {
        self.re.get_or_init(|| static_re(&self.pattern))
    }

    /// The clause holds the gate word with a numeral on the number's side: without, no match is possible.
    fn gate_open(&self, clause: &str) -> bool {
        let (word, side) = self.gate;
        clause.match_indices(word).any(|(i, _)| match side {
            Side::Before => clause[..i].chars().next_back().is_some_and(is_numeral),
            Side::After => clause[i + word.len()..].chars().next().is_some_and(is_numeral),
        })
    }
}

/// Every character `N` (and `\d`) can begin or end with, and more: any Unicode number (a superset of
/// the digits `\d` stands for, whatever [`crate::pattern`] narrows it to) or a Chinese numeral of `N`.
fn is_numeral(c: char) -> bool {
    c.is_numeric() || matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '两')
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

pub fn run(paras: &[Para], x: &Extracted, diags: &mut Diags) {
    let tally = std::cell::OnceCell::new();
    for p in paras {
        let rules: &[Rule] = match p.kind {
            Some(SectionKind::Indicators) => &INDICATOR_RULES,
            Some(SectionKind::Projects) => &PROJECT_RULES,
            Some(SectionKind::Tasks) => &TASK_RULES,
            _ => continue,
        };
        for rule in rules.iter().filter(|r| r.needs.iter().any(|w| p.text.contains(w))) {
            // No pattern can match across a comma, a full stop or a semicolon, so each runs only over the
            // clauses that hold one of its words: the same matches as over the paragraph, without running
            // the matcher over all of it.
            for clause in
                p.text.split(CLAUSE_END).filter(|c| rule.needs.iter().any(|w| c.contains(w)) && rule.gate_open(c))
            {
                for c in rule.re().captures_iter(clause) {
                    check(rule.what, &c, clause, p, x, tally.get_or_init(|| Tally::of(x)), diags);
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
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn num(s: &str) -> Option<usize> {
    cn_number(s).map(|n| n as usize)
}

/// Characters no rule's pattern holds: every match lies between two of them.
const CLAUSE_END: [char; 8] = ['，', ',', '。', '；', ';', '\n', '：', ':'];

/// One match `c` in `clause` (a clause of paragraph `p`) against what was extracted.
fn check(what: What, c: &Captures, clause: &str, p: &Para, x: &Extracted, t: &Tally, diags: &mut Diags) {
    let mut compare = |label: &str, declared: Option<usize>, found: usize| {
        if let Some(d) = declared
            && d != found
        {
            diags.warn(
                "check.declared_count",
                Some(p.line),
                format!("the text declares {d} {label} (\"{}\") but {found} were extracted", &c[0]),
            );
        }
    };
    match what {
        What::IndicatorItems => {
            compare("numbered indicator items", num(&c[1]), t.serials);
            compare("indicators", num(&c[2]), x.indicators.len());
        }
        What::Indicators => {
            // "27项30个指标" is handled by IndicatorItems; skip its second half here.
            let before = &clause[..c.get(0).map(|m| m.start()).unwrap_or(0)];
            if !before.ends_with('项') {
                compare("indicators", num(&c[1]), x.indicators.len());
            }
        }
        What::Goals => compare("goal areas", num(&c[1]), t.goals),
        What::TaskLayers => compare("task areas", num(&c[1]), t.task_layers),
        What::Attribute => {
            let attr = &c[1];
            if !t.attributes.is_empty() {
                compare(&format!("{attr} indicators"), num(&c[2]), t.attributes.get(attr).copied().unwrap_or(0));
            }
        }
        What::Projects => compare("projects", num(&c[1]), x.projects.len()),
        What::Categories => {
            if t.any_category {
                compare("project categories", num(&c[1]), t.categories);
            }
        }
        What::Investment => {
            let declared: Option<f64> = c[1].parse().ok();
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
        What::Tasks => compare("tasks", num(&c[1]), x.tasks.len()),
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
            let p = r.pattern.replace(r"\.", "").replace("(?:", "(");
            assert!(!p.contains(CLAUSE_END), "{p}");
            assert!(!p.contains('.') && !p.contains("[^") && !p.contains(r"\s") && !p.contains(r"\S"), "{p}");
        }
    }

    /// Wherever a rule's pattern matches, its gate is open: skipping closed clauses loses no match.
    #[test]
    fn gates_are_necessary() {
        let parts = [
            "12",
            "１２",
            "3.5",
            "三十",
            "两",
            "项",
            "个",
            "个指标",
            "指标",
            "具体",
            "个领域",
            "领域",
            "项任务",
            "任务",
            "约束性",
            "性指标",
            "工程",
            "项目",
            "类",
            "总投资",
            "万元",
            "重点",
            "x",
            "共",
        ];
        let texts = crate::text::concatenations(&parts, 3, |_| true);
        let mut matched = 0;
        for r in INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()) {
            for t in &texts {
                if r.re().is_match(t) {
                    matched += 1;
                    assert!(r.gate_open(t), "{} {t:?}", r.pattern);
                }
            }
        }
        assert!(matched > 1000, "{matched}");
    }

    #[test]
    fn every_rule_pattern_compiles() {
        for r in INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()) {
            assert!(r.re().captures_len() > 1, "{}", r.pattern);
        }
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
        run(&paras, &x, &mut d);
        let msgs: Vec<&str> = d.0.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(
            msgs,
            ["check.declared_count"],
            "21 declared, 0 found; categories unchecked without a category column"
        );
    }
}
