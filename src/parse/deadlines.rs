//! Deadlines: a 完成时限 / 时间节点 text → a deadline with its kind, its dated milestones and the last one's date.
//!
//! `2021年6月底前` → 2021-06-30 (by); `年底前`, `年内` → the plan year's 12-31; `6月底前` takes the plan year (or
//! the year named earlier in the same text); `第三季度` → 09-30; `上半年` → 06-30; `长期坚持`, `持续推进` →
//! ongoing; `每季度`, `每月` → recurring; anything else is kept raw as `text`.

use crate::model::{Deadline, DeadlineKind, Milestone};

/// Words that say a task never ends.
const ONGOING: &[&str] = &["长期坚持", "持续推进", "长期", "持续", "常态化", "长效", "逐步推进", "全年"];
/// Words that say a task comes back at fixed times.
const RECURRING: &[&str] =
    &["每季度", "每月", "每年", "每半年", "每周", "每旬", "每日", "每天", "定期", "按季度", "按月", "按年"];

/// Read a deadline text. `plan_year` fills in dates written without a year (`6月底前`, `年底前`).
pub fn parse(raw: &str, plan_year: Option<i32>) -> Deadline {
    let raw = raw.trim();
    let t = crate::text::fold(raw);
    let mut milestones = Vec::new();
    // The year in force: the plan's, until the text names one.
    let mut year = plan_year;
    for clause in clauses(raw) {
        let folded = crate::text::fold(clause);
        let mut dates = Vec::new();
        scan(&folded, &mut year, &mut dates);
        if let Some(last) = dates.last() {
            milestones.push(Milestone { raw: clause.to_string(), date: last.clone() });
        }
    }
    // A text that opens with 每… (每年12月底前报送) comes back every time: recurring, its dates kept as milestones.
    let kind = if RECURRING.iter().any(|w| t.starts_with(w)) {
        DeadlineKind::Recurring
    } else if !milestones.is_empty() {
        DeadlineKind::By
    } else if RECURRING.iter().any(|w| t.contains(w)) {
        DeadlineKind::Recurring
    } else if ONGOING.iter().any(|w| t.contains(w)) {
        DeadlineKind::Ongoing
    } else {
        DeadlineKind::Text
    };
    let date = if kind == DeadlineKind::By { milestones.last().and_then(|m| m.date.clone()) } else { None };
    Deadline { raw: raw.to_string(), date, kind, milestones }
}

/// The clauses of a deadline text: cut at ，,；;。 and line breaks, empty ones left out.
fn clauses(raw: &str) -> impl Iterator<Item = &str> {
    raw.split(['，', ',', '；', ';', '。', '\n']).map(str::trim).filter(|c| !c.is_empty())
}

/// A number at the start of `s` (ASCII digits, or Chinese numerals up to 十二): its value and byte length.
fn number(s: &str) -> Option<(u32, usize)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return s[..digits].parse().ok().map(|v| (v, digits));
    }
    let len: usize = s.chars().take_while(|c| "一二三四五六七八九十".contains(*c)).take(3).map(char::len_utf8).sum();
    if len == 0 {
        return None;
    }
    crate::text::cn_number(&s[..len]).map(|v| (v, len))
}

fn last_day(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn iso(year: Option<i32>, month: u32, day: u32) -> Option<String> {
    year.map(|y| format!("{y:04}-{month:02}-{day:02}"))
}

/// Every date point in one folded clause, left to right, each as its ISO date (None when no year is known).
/// `year` is updated by a year the clause names, for the clauses after it.
fn scan(s: &str, year: &mut Option<i32>, out: &mut Vec<Option<String>>) {
    let mut i = 0;
    'scan: while i < s.len() {
        let rest = &s[i..];
        // 次年/明年: the year after the one in force.
        for w in ["次年", "明年", "翌年"] {
            if let Some(after) = rest.strip_prefix(w) {
                *year = year.map(|y| y + 1);
                let (date, len) = point(after, *year, true).unwrap_or_else(|| (iso(*year, 12, 31), 0));
                out.push(date);
                i += w.len() + len;
                continue 'scan;
            }
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        // 2023.6, 2023-06-30, 2023/6/30: a year, a month, a day or none.
        if digits == 4
            && (i == 0 || !s.as_bytes()[i - 1].is_ascii_digit())
            && let Some((date, len)) = numeric_date(rest)
        {
            *year = date.get(..4).and_then(|y| y.parse().ok());
            out.push(Some(date));
            i += len;
            continue;
        }
        // A four-digit year and 年.
        if digits == 4 && rest[4..].starts_with('年') && (i == 0 || !s.as_bytes()[i - 1].is_ascii_digit()) {
            let y: i32 = rest[..4].parse().unwrap_or(0);
            *year = Some(y);
            let after = &rest[4 + '年'.len_utf8()..];
            match point(after, *year, true) {
                Some((date, len)) => {
                    out.push(date);
                    i += 4 + '年'.len_utf8() + len;
                }
                None => {
                    // A year alone: its end ("2020年前", "2020年").
                    out.push(iso(*year, 12, 31));
                    i += 4 + '年'.len_utf8();
                }
            }
            continue;
        }
        // A month number must not be the tail of a longer number.
        if digits != 4
            && (digits == 0 || i == 0 || !s.as_bytes()[i - 1].is_ascii_digit())
            && let Some((date, len)) = point(rest, *year, false)
        {
            out.push(date);
            i += len;
            continue;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// `YYYY.M`, `YYYY-MM-DD`, `YYYY/M/D` at the start of `s` (a month 1–12, a day that month has): the ISO date (the
/// month's last day when no day is written) and its length.
fn numeric_date(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let sep = *b.get(4)?;
    if !matches!(sep, b'.' | b'-' | b'/') {
        return None;
    }
    let num = |from: usize| {
        let n = b[from.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
        (1..=2).contains(&n).then(|| (s[from..from + n].parse::<u32>().ok(), n))
    };
    let year: i32 = s[..4].parse().ok()?;
    let (month, ml) = num(5)?;
    let month = month.filter(|m| (1..=12).contains(m))?;
    let mut len = 5 + ml;
    let mut day = last_day(year, month);
    if b.get(len) == Some(&sep)
        && let Some((Some(d), dl)) = num(len + 1)
        && (1..=last_day(year, month)).contains(&d)
    {
        day = d;
        len += 1 + dl;
    }
    Some((format!("{year:04}-{month:02}-{day:02}"), len))
}

/// A date point after its year (or with the year in force): 年底/年内/年末/全年, 上半年/下半年, (第)N季度,
/// N月(N日|上旬|中旬|下旬|底|末). Its date and its length.
fn point(s: &str, year: Option<i32>, after_year: bool) -> Option<(Option<String>, usize)> {
    for (w, m, d) in [
        ("年底", 12, 31),
        ("年末", 12, 31),
        ("年内", 12, 31),
        ("底", 12, 31),
        ("末", 12, 31),
        ("上半年", 6, 30),
        ("下半年", 12, 31),
    ] {
        // 底 and 末 alone end a year only right after it ("2020年底"); elsewhere they end something else.
        if s.starts_with(w) && (after_year || w.chars().count() > 1) {
            return Some((iso(year, m, d), w.len()));
        }
    }
    let (q_at, rest) = match s.strip_prefix('第') {
        Some(r) => ('第'.len_utf8(), r),
        None => (0, s),
    };
    if let Some((n, len)) = number(rest)
        && (1..=4).contains(&n)
        && rest[len..].starts_with("季度")
    {
        let m = n * 3;
        return Some((iso(year, m, last_day(year.unwrap_or(2001), m)), q_at + len + "季度".len()));
    }
    if q_at > 0 {
        return None;
    }
    let (m, len) = number(s)?;
    if !(1..=12).contains(&m) || !s[len..].starts_with('月') {
        return None;
    }
    let mut end = len + '月'.len_utf8();
    let after = &s[end..];
    if let Some((d, dl)) = number(after)
        && (1..=31).contains(&d)
        && after[dl..].starts_with(['日', '号'])
    {
        end += dl + '日'.len_utf8();
        return Some((iso(year, m, d.min(last_day(year.unwrap_or(2001), m))), end));
    }
    let day = if after.starts_with("上旬") {
        end += "上旬".len();
        10
    } else if after.starts_with("中旬") {
        end += "中旬".len();
        20
    } else {
        for w in ["下旬", "底", "末", "份"] {
            if after.starts_with(w) {
                end += w.len();
                break;
            }
        }
        last_day(year.unwrap_or(2001), m)
    };
    Some((iso(year, m, day), end))
}

/// Read every task's deadline with the plan's year. A deadline kept as text, and a date whose year is not known,
/// get an info diagnostic.
pub fn resolve(plan: &mut crate::model::Plan, diags: &mut crate::model::Diags) {
    let year = plan.year;
    for t in &mut plan.tasks {
        let Some(d) = &mut t.deadline else { continue };
        *d = parse(&d.raw, year);
        if d.kind == DeadlineKind::Text {
            diags.info("task.deadline_text", Some(t.line), format!("deadline \"{}\" is no date: kept as text", d.raw));
        } else if d.kind == DeadlineKind::By && d.date.is_none() {
            diags.info(
                "task.deadline_no_year",
                Some(t.line),
                format!("deadline \"{}\" names no year and the plan none", d.raw),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deadline's kind, date and milestones (each its clause and date).
    type Read = (DeadlineKind, Option<String>, Vec<(String, Option<String>)>);

    fn by(raw: &str, year: Option<i32>) -> Read {
        let d = parse(raw, year);
        assert_eq!(d.raw, raw.trim());
        (d.kind, d.date, d.milestones.into_iter().map(|m| (m.raw, m.date)).collect())
    }

    fn date(raw: &str, year: Option<i32>) -> Option<String> {
        let d = parse(raw, year);
        assert_eq!(d.kind, DeadlineKind::By, "{raw}");
        d.date
    }

    #[test]
    fn dates_by() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(date("2021年6月底前", None), s("2021-06-30"));
        assert_eq!(date("2020年12月底前", Some(2019)), s("2020-12-31"));
        assert_eq!(date("2020年9月 底前", None), s("2020-09-30"));
        assert_eq!(date("2021年底前", None), s("2021-12-31"));
        assert_eq!(date("年底前", Some(2020)), s("2020-12-31"));
        assert_eq!(date("年内", Some(2020)), s("2020-12-31"));
        assert_eq!(date("6月底前", Some(2020)), s("2020-06-30"));
        assert_eq!(date("２月底前", Some(2024)), s("2024-02-29"));
        assert_eq!(date("第三季度", Some(2020)), s("2020-09-30"));
        assert_eq!(date("三季度末", Some(2020)), s("2020-09-30"));
        assert_eq!(date("2022年第一季度", None), s("2022-03-31"));
        assert_eq!(date("上半年", Some(2023)), s("2023-06-30"));
        assert_eq!(date("2023年5月15日前", None), s("2023-05-15"));
        assert_eq!(date("10月中旬", Some(2020)), s("2020-10-20"));
        assert_eq!(date("十一月底前", Some(2020)), s("2020-11-30"));
        assert_eq!(date("2020年", None), s("2020-12-31"));
        // A date without a year and no plan year: by, but no date.
        assert_eq!(date("6月底前", None), None);
    }

    #[test]
    fn several_milestones_keep_every_one_and_the_last_as_date() {
        let (kind, d, ms) = by("6月底前完成方案，12月底前全面完成", Some(2021));
        assert_eq!(kind, DeadlineKind::By);
        assert_eq!(d.as_deref(), Some("2021-12-31"));
        assert_eq!(
            ms,
            vec![
                ("6月底前完成方案".to_string(), Some("2021-06-30".to_string())),
                ("12月底前全面完成".to_string(), Some("2021-12-31".to_string()))
            ]
        );
        // A year named in one clause holds for the next.
        let (_, d, ms) = by("2022年3月底前启动；6月底前完成", Some(2021));
        assert_eq!(d.as_deref(), Some("2022-06-30"));
        assert_eq!(ms.len(), 2);
    }

    #[test]
    fn ongoing_recurring_and_text() {
        for raw in ["长期坚持", "持续推进", "常态化推进"] {
            let d = parse(raw, Some(2020));
            assert_eq!((d.kind, d.date, d.milestones.len()), (DeadlineKind::Ongoing, None, 0), "{raw}");
        }
        for raw in ["每季度", "每月", "每季度末报送"] {
            let d = parse(raw, Some(2020));
            assert_eq!((d.kind, d.date), (DeadlineKind::Recurring, None), "{raw}");
        }
        for raw in ["按上级要求", "视情况而定"] {
            let d = parse(raw, Some(2020));
            assert_eq!((d.kind, d.date), (DeadlineKind::Text, None), "{raw}");
        }
    }

    #[test]
    fn resolve_reads_with_the_plan_year_and_says_what_it_kept_as_text() {
        let t = |raw: &str| crate::model::Task {
            id: String::new(),
            group: None,
            group_number: None,
            number: None,
            title: raw.into(),
            text: String::new(),
            departments: Vec::new(),
            lead_departments: Vec::new(),
            support_departments: Vec::new(),
            responsible_departments: Vec::new(),
            deadline: Some(Deadline::unread(raw.into())),
            measures: None,
            extra: Default::default(),
            line: 7,
            page: None,
        };
        let mut plan =
            crate::model::Plan {
                year: Some(2022), tasks: vec![t("9月底前"), t("视情况而定")], ..Default::default()
            };
        let mut d = crate::model::Diags::default();
        resolve(&mut plan, &mut d);
        assert_eq!(plan.tasks[0].deadline.as_ref().and_then(|x| x.date.as_deref()), Some("2022-09-30"));
        assert_eq!(plan.tasks[1].deadline.as_ref().map(|x| x.kind), Some(DeadlineKind::Text));
        let codes: Vec<(&str, Option<usize>)> = d.0.iter().map(|x| (x.code.as_str(), x.line)).collect();
        assert_eq!(codes, [("task.deadline_text", Some(7))]);
        plan.year = None;
        plan.tasks = vec![t("9月底前")];
        let mut d = crate::model::Diags::default();
        resolve(&mut plan, &mut d);
        assert_eq!(d.0[0].code, "task.deadline_no_year");
    }

    #[test]
    fn the_next_year_numeric_dates_and_recurring_dates() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(date("次年3月底前", Some(2020)), s("2021-03-31"));
        assert_eq!(date("明年底前", Some(2020)), s("2021-12-31"));
        assert_eq!(date("2020.12", None), s("2020-12-31"));
        assert_eq!(date("2020-06-15前", None), s("2020-06-15"));
        assert_eq!(date("2021/2/28", None), s("2021-02-28"));
        // A year range is no numeric date: its last year counts.
        assert_eq!(date("2019-2020年", None), s("2020-12-31"));
        let d = parse("每年12月底前报送", Some(2020));
        assert_eq!((d.kind, d.date.as_deref(), d.milestones.len()), (DeadlineKind::Recurring, None, 1));
    }

    #[test]
    fn no_false_dates_inside_numbers() {
        // "12345年" is no year; "112月" no month.
        assert_eq!(parse("第12345项", Some(2020)).kind, DeadlineKind::Text);
        assert_eq!(parse("共112月", Some(2020)).kind, DeadlineKind::Text);
    }
}
