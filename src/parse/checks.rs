//! Checks: the extracted records against what the text declares ("三类工程共包括21项具体工程",
//! "共27项30个指标", 合计 rows) and against themselves (serial gaps) → diagnostics.

use crate::model::{Diags, Indicator, Project, SectionKind, Task};
use crate::parse::projects::Total;
use crate::parse::sections::Para;
use crate::pattern::matches_in;
use crate::text::{cn_number, is_digit};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

// The rules were patterns (regex-lite), with `N` = `(\d+|[一二三四五六七八九十百两]+)`:
//   {N}项{N}个指标   {N}个(?:具体|建设|评估|考核)?指标   {N}个领域   {N}项任务   (约束性|参考性|预期性|引导性)指标{N}个
//   {N}项(?:具体|重点)?(?:工程|项目)   (?:工程|项目){N}项   {N}类(?:工程|项目)   总投资(\d+(?:\.\d+)?)万元
//   {N}项(?:重点|主要)?任务
// Each is now a shape, the same pattern as a sequence of elements, matched by `find` with backtracking
// in the pattern's order of preference: the automaton cost more than the rest of the checks. The tests
// keep the patterns and compare the two over many generated clauses.

struct Rule {
    shape: &'static [El],
    what: What,
    /// Words the pattern cannot match without (any one of them): a paragraph with none is skipped
    /// without running the pattern over it.
    needs: &'static [&'static str],
    /// A word every match holds with the pattern's number right against it: a clause where the word never
    /// stands next to a numeral cannot match, and is skipped (most clauses that name 指标, 项目 or 任务
    /// count nothing). Checked against the patterns by `gates_are_necessary`.
    gate: (&'static str, Side),
}

/// One element of a rule's shape, a piece of its pattern.
#[derive(Clone, Copy, Debug)]
enum El {
    /// `(\d+|[一二三四五六七八九十百两]+)`: a capture.
    Num,
    /// `(\d+(?:\.\d+)?)`: a capture.
    Decimal,
    /// `(?:a|b)`; one word is the literal itself.
    Word(&'static [&'static str]),
    /// `(?:a|b)?`.
    Opt(&'static [&'static str]),
    /// `(a|b)`: a capture.
    Cap(&'static [&'static str]),
}

use El::{Cap, Decimal, Num, Opt, Word};

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

const ATTRIBUTES: &[&str] = &["约束性", "参考性", "预期性", "引导性"];
const WORKS: &[&str] = &["工程", "项目"];

static INDICATOR_RULES: [Rule; 5] = [
    Rule {
        shape: &[Num, Word(&["项"]), Num, Word(&["个指标"])],
        what: What::IndicatorItems,
        needs: &["个指标"],
        gate: ("个指标", Side::Before),
    },
    Rule {
        shape: &[Num, Word(&["个"]), Opt(&["具体", "建设", "评估", "考核"]), Word(&["指标"])],
        what: What::Indicators,
        needs: &["指标"],
        gate: ("个", Side::Before),
    },
    Rule {
        shape: &[Num, Word(&["个领域"])], what: What::Goals, needs: &["个领域"], gate: ("个领域", Side::Before)
    },
    Rule {
        shape: &[Num, Word(&["项任务"])],
        what: What::TaskLayers,
        needs: &["项任务"],
        gate: ("项任务", Side::Before),
    },
    Rule {
        shape: &[Cap(ATTRIBUTES), Word(&["指标"]), Num, Word(&["个"])],
        what: What::Attribute,
        needs: &["性指标"],
        gate: ("性指标", Side::After),
    },
];

static PROJECT_RULES: [Rule; 4] = [
    Rule {
        shape: &[Num, Word(&["项"]), Opt(&["具体", "重点"]), Word(WORKS)],
        what: What::Projects,
        needs: WORKS,
        gate: ("项", Side::Before),
    },
    Rule {
        shape: &[Word(WORKS), Num, Word(&["项"])], what: What::Projects, needs: WORKS, gate: ("项", Side::Before)
    },
    Rule {
        shape: &[Num, Word(&["类"]), Word(WORKS)],
        what: What::Categories,
        needs: &["类工程", "类项目"],
        gate: ("类", Side::Before),
    },
    Rule {
        shape: &[Word(&["总投资"]), Decimal, Word(&["万元"])],
        what: What::Investment,
        needs: &["总投资"],
        gate: ("总投资", Side::After),
    },
];

static TASK_RULES: [Rule; 1] = [Rule {
    shape: &[Num, Word(&["项"]), Opt(&["重点", "主要"]), Word(&["任务"])],
    what: What::Tasks,
    needs: &["任务"],
    gate: ("项", Side::Before),
}];

#[cfg(test)]
impl Rule {
    /// The clause holds the gate word with a numeral on the number's side: without, no match is possible.
    fn gate_open(&self, clause: &str) -> bool {
        let (word, side) = self.gate;
        clause.match_indices(word).any(|(i, _)| match side {
            Side::Before => clause[..i].chars().next_back().is_some_and(is_numeral),
            Side::After => clause[i + word.len()..].chars().next().is_some_and(is_numeral),
        })
    }
}

/// One match of a rule: the matched text, where it starts, and its captures (a rule has one or two;
/// an unused one is empty).
struct Found<'a> {
    start: usize,
    text: &'a str,
    groups: [&'a str; 2],
}

/// Every match of `shape` in `s`, as the pattern's `captures_iter` finds them (no shape matches the empty
/// string).
fn find<'a>(shape: &'static [El], s: &'a str) -> impl Iterator<Item = Found<'a>> {
    let here = move |s: &'a str, at| {
        let mut caps = [0..0, 0..0];
        let end = match_at(shape, s, at, &mut caps, 0)?;
        Some((end, caps.map(|r| &s[r])))
    };
    matches_in(s, here).map(|(at, groups)| Found { start: at.start, text: &s[at], groups })
}

/// `shape` matched at `at` (a char boundary of `s`): the end of the first match in the pattern's order of
/// preference (greedy runs longest first, an optional group before its absence, alternatives in order),
/// with the captures from capture `k` on written to `caps`.
fn match_at(shape: &[El], s: &str, at: usize, caps: &mut [Range<usize>; 2], k: usize) -> Option<usize> {
    let Some((el, rest)) = shape.split_first() else { return Some(at) };
    let tail = &s[at..];
    let words = |ws: &'static [&'static str]| ws.iter().filter(move |w| tail.starts_with(**w)).map(|w| at + w.len());
    match *el {
        Word(ws) => words(ws).find_map(|end| match_at(rest, s, end, caps, k)),
        Opt(ws) => words(ws).chain([at]).find_map(|end| match_at(rest, s, end, caps, k)),
        Cap(ws) => words(ws).find_map(|end| capture(rest, s, at..end, caps, k)),
        Num => {
            // The two classes share no character: only one of the alternatives can start here.
            let class: fn(char) -> bool = if tail.starts_with(is_digit) { is_digit } else { is_cn_count };
            run_ends(s, at, class).find_map(|end| capture(rest, s, at..end, caps, k))
        }
        Decimal => run_ends(s, at, is_digit).find_map(|int| {
            let frac = match s[int..].strip_prefix('.') {
                Some(_) => run_ends(s, int + 1, is_digit).find_map(|end| capture(rest, s, at..end, caps, k)),
                None => None,
            };
            frac.or_else(|| capture(rest, s, at..int, caps, k))
        }),
    }
}

/// Capture `k` is `range`, then the rest of the shape from its end.
fn capture(rest: &[El], s: &str, range: Range<usize>, caps: &mut [Range<usize>; 2], k: usize) -> Option<usize> {
    let end = range.end;
    *caps.get_mut(k)? = range;
    match_at(rest, s, end, caps, k + 1)
}

/// The ends of the runs of `class` characters at `at`, longest first, down to one character: the lengths a
/// greedy `class+` tries.
fn run_ends(s: &str, at: usize, class: fn(char) -> bool) -> impl Iterator<Item = usize> + '_ {
    let tail = s.get(at..).unwrap_or("");
    let len = tail.find(|c| !class(c)).unwrap_or(tail.len());
    let shorter = tail[..len].char_indices().rev().map(move |(i, _)| at + i).filter(move |&e| e > at);
    (len > 0).then_some(at + len).into_iter().chain(shorter)
}

/// `[一二三四五六七八九十百两]`, the Chinese numerals of `N`.
fn is_cn_count(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '两')
}

/// Every character `N` (and `\d`) can begin or end with, and more: any Unicode number (a superset of
/// the digits `\d` stands for, whatever [`crate::pattern`] narrows it to) or a Chinese numeral of `N`.
fn is_numeral(c: char) -> bool {
    c.is_numeric() || is_cn_count(c)
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
            Some(SectionKind::Indicators) => &INDICATOR_RULES,
            Some(SectionKind::Projects) => &PROJECT_RULES,
            Some(SectionKind::Tasks) => &TASK_RULES,
            _ => continue,
        };
        for rule in rules.iter().filter(|r| r.needs.iter().any(|w| p.text.contains(w))) {
            // No pattern can match across a comma, a full stop or a semicolon, so each runs only over the
            // clauses that hold one of its words and its gate word against a numeral ([`gated_clauses`]): the
            // same matches as over the paragraph, without running the matcher over all of it.
            for clause in gated_clauses(rule, p.text) {
                for c in find(rule.shape, clause) {
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

/// Characters no rule's pattern holds: every match lies between two of them.
#[cfg(test)]
const CLAUSE_END: [char; 8] = ['，', ',', '。', '；', ';', '\n', '：', ':'];

/// Bytes a clause end can begin with: the ASCII ends (one byte) and the lead bytes of the full-width ones
/// (，EF BC 8C, ；EF BC 9B, ：EF BC 9A, 。E3 80 82).
const MAY_END: [bool; 256] = {
    let mut t = [false; 256];
    t[b',' as usize] = true;
    t[b';' as usize] = true;
    t[b'\n' as usize] = true;
    t[b':' as usize] = true;
    t[0xEF] = true;
    t[0xE3] = true;
    t
};

/// The byte length of the clause end (one of the characters of `CLAUSE_END`) at byte `i`, or 0. Any byte is passed by
/// one table lookup instead of decoding its character and comparing it with all eight; an end is always found
/// at its lead byte (EF and E3 never occur inside a character).
fn end_at(b: &[u8], i: usize) -> usize {
    if !MAY_END[usize::from(b[i])] {
        return 0;
    }
    match (b[i], b.get(i + 1), b.get(i + 2)) {
        (0xEF, Some(0xBC), Some(0x8C | 0x9B | 0x9A)) | (0xE3, Some(0x80), Some(0x82)) => 3,
        (0xEF | 0xE3, _, _) => 0,
        _ => 1,
    }
}

/// `text.split(CLAUSE_END)` (the test compares them), reading bytes ([`end_at`]).
#[cfg(test)]
fn clauses(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let (mut start, mut i, mut done) = (0, 0, false);
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while i < b.len() {
            let len = end_at(b, i);
            if len == 0 {
                i += 1;
                continue;
            }
            // Both ends are character boundaries: an end is a whole character, found at its lead byte.
            let piece = text.get(start..i);
            i += len;
            start = i;
            return piece;
        }
        done = true;
        text.get(start..)
    })
}

/// The clauses of `text` (as [`clauses`] cuts them) that hold one of the rule's words and its gate word
/// against a numeral, in order: found from the gate word's places (most paragraphs of a task section name
/// 任务 somewhere but count nothing), each clause cut out around an open gate, instead of cutting the whole
/// paragraph. A clause end is never a numeral, so a gate open in the paragraph is open in its clause.
fn gated_clauses<'t>(rule: &'t Rule, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
    let (word, side) = rule.gate;
    let b = text.as_bytes();
    let mut last_start = None;
    text.match_indices(word)
        .filter(move |&(i, _)| match side {
            Side::Before => text[..i].chars().next_back().is_some_and(is_numeral),
            Side::After => text[i + word.len()..].chars().next().is_some_and(is_numeral),
        })
        .filter_map(move |(i, _)| {
            let start = (0..i).rev().find_map(|j| Some(j + end_at(b, j)).filter(|&e| e > j && e <= i)).unwrap_or(0);
            if last_start == Some(start) {
                return None;
            }
            last_start = Some(start);
            let end = (i..b.len()).find(|&j| end_at(b, j) > 0).unwrap_or(b.len());
            text.get(start..end)
        })
        .filter(|c| rule.needs.iter().any(|w| c.contains(w)))
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

    const N: &str = r"(\d+|[一二三四五六七八九十百两]+)";

    /// Every rule with the pattern its shape was written from.
    fn rules_and_patterns() -> Vec<(&'static Rule, String)> {
        let patterns = [
            format!(r"{N}项{N}个指标"),
            format!(r"{N}个(?:具体|建设|评估|考核)?指标"),
            format!(r"{N}个领域"),
            format!(r"{N}项任务"),
            format!(r"(约束性|参考性|预期性|引导性)指标{N}个"),
            format!(r"{N}项(?:具体|重点)?(?:工程|项目)"),
            format!(r"(?:工程|项目){N}项"),
            format!(r"{N}类(?:工程|项目)"),
            r"总投资(\d+(?:\.\d+)?)万元".to_string(),
            format!(r"{N}项(?:重点|主要)?任务"),
        ];
        let rules: Vec<&Rule> = INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()).collect();
        assert_eq!(rules.len(), patterns.len());
        rules.into_iter().zip(patterns).collect()
    }

    /// The clauses found from the open gates are the clauses `run` filtered before: every clause with one of
    /// the rule's words and an open gate, in order, each once.
    #[test]
    fn gated_clauses_as_filtered_clauses() {
        let parts =
            ["，", "。", ":", "\n", "3", "二", "项", "个", "任务", "指标", "具体", "约束性", "工程", "总投资", "类"];
        let at = |t: &str, c: &str| (c.as_ptr() as usize - t.as_ptr() as usize, c.len());
        let rules: Vec<&Rule> = INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()).collect();
        let mut open = 0;
        for t in crate::text::concatenations(&parts, 4, |_| true) {
            for rule in &rules {
                let want: Vec<(usize, usize)> = clauses(&t)
                    .filter(|c| rule.needs.iter().any(|w| c.contains(w)) && rule.gate_open(c))
                    .map(|c| at(&t, c))
                    .collect();
                let got: Vec<(usize, usize)> = gated_clauses(rule, &t).map(|c| at(&t, c)).collect();
                assert_eq!(got, want, "{t:?} {:?}", rule.gate);
                open += want.len();
            }
        }
        assert!(open > 2_000, "{open}");
    }

    /// The byte splitter cuts where `split(CLAUSE_END)` cuts, with the same empty pieces.
    #[test]
    fn clauses_as_split() {
        let parts = ["，", ",", "。", "；", ";", "\n", "：", ":", "项", "ｘ", "、", "\u{3000}", "1", "\u{FF0D}", "𠀀"];
        for t in crate::text::concatenations(&parts, 4, |_| true) {
            assert_eq!(clauses(&t).collect::<Vec<_>>(), t.split(CLAUSE_END).collect::<Vec<_>>(), "{t:?}");
        }
    }

    /// `run` matches each rule clause by clause: that is only the same as matching the whole paragraph
    /// while no pattern can match a clause end (no such character, no `.`, no negated class, no `\s`).
    #[test]
    fn no_rule_can_match_across_a_clause_end() {
        for (_, p) in rules_and_patterns() {
            let p = p.replace(r"\.", "").replace("(?:", "(");
            assert!(!p.contains(CLAUSE_END), "{p}");
            assert!(!p.contains('.') && !p.contains("[^") && !p.contains(r"\s") && !p.contains(r"\S"), "{p}");
        }
    }

    /// The pieces the rules are made of, and others around them: the generated clauses of the tests (the
    /// numbers first).
    const PARTS: [&str; 34] = [
        "12",
        "１２",
        "3.5",
        "3.",
        ".5",
        "三十",
        "两",
        "百",
        "项",
        "个",
        "个指标",
        "指标",
        "具体",
        "建设",
        "考核",
        "个领域",
        "领域",
        "项任务",
        "任务",
        "主要",
        "约束性",
        "引导性",
        "性指标",
        "工程",
        "项目",
        "类",
        "总投资",
        "万元",
        "重点",
        "x",
        "共",
        "，",
        " ",
        "é",
    ];

    /// Wherever a rule matches, its gate is open: skipping closed clauses loses no match.
    #[test]
    fn gates_are_necessary() {
        let texts = crate::text::concatenations(&PARTS, 3, |_| true);
        let mut matched = 0;
        for r in INDICATOR_RULES.iter().chain(PROJECT_RULES.iter()).chain(TASK_RULES.iter()) {
            for t in &texts {
                if find(r.shape, t).next().is_some() {
                    matched += 1;
                    assert!(r.gate_open(t), "{:?} {t:?}", r.shape);
                }
            }
        }
        assert!(matched > 1000, "{matched}");
    }

    /// Each shape finds what its pattern finds (regex-lite, the matcher it replaced), over random clauses
    /// of the rules' pieces: the same matches, where they start, and the same captures.
    #[test]
    fn shapes_match_their_patterns() {
        const NUMBERS: [&str; 9] = ["12", "１２", "0", "3.5", "三十", "两", "百", "3.", ".5"];
        const NOISE: [&str; 8] = ["x", "共", "项", "个", "，", " ", "é", "万"];
        let mut next = crate::text::xorshift(0x9E3779B97F4A7C15);
        for (rule, pattern) in rules_and_patterns() {
            let mut matched = 0;
            let re = crate::pattern::static_re(&pattern);
            // Clauses written along the shape: numbers, and the words, whole or cut (all but the last
            // character).
            let slots: Vec<Vec<&str>> = rule
                .shape
                .iter()
                .map(|el| match *el {
                    Num | Decimal => NUMBERS.to_vec(),
                    Word(ws) | Opt(ws) | Cap(ws) => {
                        let cut = ws.iter().map(|w| w.char_indices().last().map_or(*w, |(i, _)| &w[..i]));
                        let skip = matches!(el, Opt(_)).then_some("");
                        ws.iter().copied().chain(cut).chain(skip).collect()
                    }
                })
                .collect();
            let stray: Vec<&str> = NOISE.iter().chain(NUMBERS.iter()).copied().collect();
            let mut texts: Vec<String> =
                ["三类工程共包括21项具体工程", "共27项30个指标", "约束性指标12个", "总投资3.5万元"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
            texts.extend((0..30_000).map(|_| crate::pattern::along(&slots, &stray, &mut next)));
            for t in &texts {
                let want: Vec<(usize, &str, Vec<&str>)> = re
                    .captures_iter(t)
                    .map(|c| {
                        let all = c.get(0).map_or(0..0, |m| m.range());
                        let groups = (1..c.len()).map(|i| c.get(i).map_or("", |m| m.as_str())).collect();
                        (all.start, &t[all], groups)
                    })
                    .collect();
                let got: Vec<(usize, &str, Vec<&str>)> = find(rule.shape, t)
                    .map(|f| (f.start, f.text, f.groups[..re.captures_len() - 1].to_vec()))
                    .collect();
                assert_eq!(got, want, "{pattern} {t:?}");
                matched += want.len();
            }
            assert!(matched > 1000, "{pattern}: only {matched} matches");
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
