//! Diff calendar: period and deadline texts of two plan years → carried over with the plan year (延续), the same dates, or moved (延期/提前 by how long, a moved start).
//!
//! The rule: between plan years Y₀ and Y₁, a period or deadline that lies wholly within Y₀ (a one-year
//! period `Y₀年`, a span `Y₀年3月—12月`, a deadline `Y₀年6月底前`) and reads the same with every year
//! moved to Y₁ is carried over: the plan repeats it for its own year. Every other period or deadline is
//! compared as dates: from the first day its text names to the last. The same days are no change; an
//! end moved later is a delay (延期) of so many years, months or days, earlier an advance (提前); a moved
//! start is a change. Free text (a task's text, the notice's body) is carried over when it differs only
//! in years Y₀ written as Y₁, a range of years moving only as a whole.

use crate::diff::report::{Shift, ShiftUnit};
use crate::text::{cn_digit, cn_number, fold};

/// A day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// The days a period or deadline text covers. A deadline (`…前`) has no start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: Option<Day>,
    pub end: Day,
    /// The precision of the end: a delay is told in this unit (or a finer one the other side uses).
    pub grain: ShiftUnit,
    /// Every year the text names (to tell a span within one year).
    first_year: i32,
    last_year: i32,
}

/// What became of a period or deadline between the two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The same days.
    Same,
    /// Tied to the plan year and moved with it.
    CarriedOver,
    /// Compared as dates: the start moved (old → new), the end moved by a shift.
    Moved { start_moved: bool, end: Option<Shift> },
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
fn day_number(d: Day) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One point a text names, before it is turned into days.
#[derive(Debug, Clone, Copy)]
struct Point {
    year: Option<i32>,
    /// First and last month covered (a half year or a quarter covers several).
    months: Option<(u32, u32)>,
    day: Option<u32>,
}

const RANGE_MARKS: [char; 9] = ['-', '－', '—', '–', '~', '～', '〜', '至', '到'];

/// A run of exactly four year digits (Arabic, or Chinese written digit by digit) at `i`: the year and
/// the index after it.
fn year_at(c: &[char], i: usize) -> Option<(i32, usize)> {
    if i > 0 && cn_digit(c[i - 1]).is_some() {
        return None;
    }
    let arabic = c.get(i)?.is_ascii_digit();
    let mut year = 0i32;
    for k in 0..4 {
        let ch = *c.get(i + k)?;
        if ch.is_ascii_digit() != arabic {
            return None;
        }
        year = year * 10 + cn_digit(ch)? as i32;
    }
    if c.get(i + 4).is_some_and(|ch| cn_digit(*ch).is_some()) {
        return None;
    }
    (1900..=2199).contains(&year).then_some((year, i + 4))
}

/// A month or day number (1–31, Arabic or Chinese) at `i`, then the index after it.
fn small_at(c: &[char], i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    while j < c.len() && j - i < 3 && (cn_digit(c[j]).is_some() || c[j] == '十') {
        j += 1;
    }
    if j == i {
        return None;
    }
    let s: String = c[i..j].iter().collect();
    let n = cn_number(&s)?;
    (1..=31).contains(&n).then_some((n, j))
}

fn starts(c: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(k, w)| c.get(k) == Some(&w))
}

/// The days a period or deadline text covers, or None when it names no date (`长期坚持`).
pub fn span(raw: &str) -> Option<Span> {
    let c: Vec<char> = fold(raw).chars().collect();
    let mut points: Vec<Point> = Vec::new();
    let mut deadline = false;
    // A range mark was read since the last point: the next month starts a point of its own.
    let mut after_range = false;
    let mut i = 0;
    while i < c.len() {
        if let Some((y, j)) = year_at(&c, i) {
            points.push(Point { year: Some(y), months: None, day: None });
            after_range = false;
            i = j;
            if c.get(i) == Some(&'年') {
                i += 1;
                if c.get(i) == Some(&'度') {
                    i += 1;
                }
            }
            continue;
        }
        if let Some((n, j)) = small_at(&c, i) {
            match c.get(j) {
                Some('月') => {
                    match points.last_mut() {
                        Some(p) if !after_range && p.months.is_none() => p.months = Some((n, n)),
                        _ => points.push(Point { year: None, months: Some((n, n)), day: None }),
                    }
                    after_range = false;
                    i = j + 1;
                    continue;
                }
                Some('日' | '号') => {
                    match points.last_mut() {
                        Some(p) if p.day.is_none() && p.months.is_some_and(|(a, b)| a == b) => p.day = Some(n),
                        _ => return None,
                    }
                    i = j + 1;
                    continue;
                }
                _ => {}
            }
        }
        let halves = [
            ("上半年", (1, 6)),
            ("下半年", (7, 12)),
            ("一季度", (1, 3)),
            ("二季度", (4, 6)),
            ("三季度", (7, 9)),
            ("四季度", (10, 12)),
        ];
        if let Some((w, months)) = halves.iter().find(|(w, _)| starts(&c, i, w)) {
            match points.last_mut() {
                Some(p) if !after_range && p.months.is_none() => p.months = Some(*months),
                _ => points.push(Point { year: None, months: Some(*months), day: None }),
            }
            i += w.chars().count();
            continue;
        }
        match c[i] {
            '第' | '底' | '末' | '年' | '以' | '之' | '间' | '内' | '（' | '(' | '）' | ')' => {}
            '前' => deadline = true,
            ch if RANGE_MARKS.contains(&ch) => after_range = true,
            _ => return None,
        }
        i += 1;
    }
    // Each point without a year takes the one before it; a leading point without a year takes the next one's.
    let mut year = None;
    for p in points.iter_mut() {
        match p.year {
            Some(y) => year = Some(y),
            None => p.year = year,
        }
    }
    let next_year = points.iter().find_map(|p| p.year)?;
    let day_of = |p: &Point, last: bool| -> Day {
        let y = p.year.unwrap_or(next_year);
        let (m0, m1) = p.months.unwrap_or((1, 12));
        let m = if last { m1 } else { m0 };
        let d = p.day.unwrap_or(if last { days_in_month(y, m) } else { 1 });
        Day { year: y, month: m, day: d.min(days_in_month(y, m)) }
    };
    let (first, last) = (points.first()?, points.last()?);
    let grain = match (last.day, last.months) {
        (Some(_), _) => ShiftUnit::Day,
        (None, Some(_)) => ShiftUnit::Month,
        (None, None) => ShiftUnit::Year,
    };
    let start = (!deadline).then(|| day_of(first, false));
    let end = day_of(last, true);
    let years = points.iter().filter_map(|p| p.year);
    let (first_year, last_year) = (years.clone().min()?, years.max()?);
    if start.is_some_and(|s| s > end) {
        return None;
    }
    Some(Span { start, end, grain, first_year, last_year })
}

fn shift_day(d: Day, years: i32) -> Day {
    let year = d.year + years;
    Day { year, month: d.month, day: d.day.min(days_in_month(year, d.month)) }
}

/// How far `a` moved to `b`, in the coarsest unit that tells it exactly (given the texts' precision).
fn shift(a: Day, b: Day, grain: ShiftUnit) -> Shift {
    let month_end = |d: Day| d.day == days_in_month(d.year, d.month);
    let months = i64::from(b.year * 12 + b.month as i32) - i64::from(a.year * 12 + a.month as i32);
    if grain != ShiftUnit::Day && month_end(a) && month_end(b) {
        if months % 12 == 0 {
            return Shift { amount: months / 12, unit: ShiftUnit::Year };
        }
        return Shift { amount: months, unit: ShiftUnit::Month };
    }
    Shift { amount: day_number(b) - day_number(a), unit: ShiftUnit::Day }
}

/// Compare a period or deadline of a plan for year `y0` with one of a plan for year `y1`. None when
/// either text names no date (then the texts are compared as text).
pub fn compare(old: &str, new: &str, y0: Option<i32>, y1: Option<i32>) -> Option<Outcome> {
    let (a, b) = (span(old)?, span(new)?);
    if a.start == b.start && a.end == b.end {
        return Some(Outcome::Same);
    }
    if let (Some(y0), Some(y1)) = (y0, y1)
        && y0 != y1
        && a.first_year == y0
        && a.last_year == y0
        && b.first_year == y1
        && b.last_year == y1
        && a.start.map(|d| shift_day(d, y1 - y0)) == b.start
        && shift_day(a.end, y1 - y0) == b.end
    {
        return Some(Outcome::CarriedOver);
    }
    let end = (a.end != b.end).then(|| shift(a.end, b.end, a.grain.min(b.grain)));
    Some(Outcome::Moved { start_moved: a.start != b.start, end })
}

/// A piece of free text: words, or a year the text names.
#[derive(Debug, PartialEq)]
enum Piece {
    Words(String),
    Year(i32),
}

/// Text cut at every year (four digits followed by 年, or starting a range of years).
fn pieces(s: &str) -> Vec<Piece> {
    let c: Vec<char> = fold(s).chars().collect();
    let mut out = Vec::new();
    let mut words = String::new();
    let mut i = 0;
    while i < c.len() {
        if let Some((y, j)) = year_at(&c, i) {
            let next = c.get(j).copied();
            let is_year =
                next == Some('年') || next.is_some_and(|n| RANGE_MARKS.contains(&n)) && year_at(&c, j + 1).is_some();
            if is_year {
                out.push(Piece::Words(std::mem::take(&mut words)));
                out.push(Piece::Year(y));
                i = j;
                continue;
            }
        }
        words.push(c[i]);
        i += 1;
    }
    out.push(Piece::Words(words));
    out
}

/// Whether free text of the Y₀ plan became the Y₁ plan's text only by its years in Y₀ moving to Y₁.
pub fn text_carried_over(old: &str, new: &str, y0: Option<i32>, y1: Option<i32>) -> bool {
    let (Some(y0), Some(y1)) = (y0, y1) else { return false };
    if y0 == y1 {
        return false;
    }
    let (a, b) = (pieces(old), pieces(new));
    if a.len() != b.len() {
        return false;
    }
    let mut moved = false;
    for (k, (x, y)) in a.iter().zip(&b).enumerate() {
        match (x, y) {
            (Piece::Words(x), Piece::Words(y)) if x == y => {}
            (Piece::Year(x), Piece::Year(y)) if x == y => {}
            (Piece::Year(x), Piece::Year(y)) if *x == y0 && *y == y1 => {
                // A range of years moves only as a whole: its other end must move too.
                let range_with = |at: Option<usize>| {
                    at.and_then(|w| a.get(w)).is_some_and(|p| matches!(p, Piece::Words(w) if is_range_mark(w)))
                };
                let moved_too =
                    |at: usize| matches!((&a[at], &b[at]), (Piece::Year(p), Piece::Year(q)) if *p == y0 && *q == y1);
                if range_with(k.checked_sub(1)) && k >= 2 && !moved_too(k - 2) {
                    return false;
                }
                if range_with(Some(k + 1)) && k + 2 < a.len() && !moved_too(k + 2) {
                    return false;
                }
                moved = true;
            }
            _ => return false,
        }
    }
    moved
}

/// Words between two years that make them a range ("-", "年至", "～").
fn is_range_mark(w: &str) -> bool {
    let t = w.trim_start_matches('年');
    !t.is_empty() && t.chars().count() == 1 && t.chars().all(|c| RANGE_MARKS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Day {
        Day { year, month, day }
    }

    #[test]
    fn spans() {
        let s = |t: &str| span(t).map(|s| (s.start, s.end, s.grain));
        assert_eq!(s("2024年"), Some((Some(d(2024, 1, 1)), d(2024, 12, 31), ShiftUnit::Year)));
        assert_eq!(s("2023～2024年"), Some((Some(d(2023, 1, 1)), d(2024, 12, 31), ShiftUnit::Year)));
        assert_eq!(s("2024年3月—12月"), Some((Some(d(2024, 3, 1)), d(2024, 12, 31), ShiftUnit::Month)));
        assert_eq!(s("2020年6月底前"), Some((None, d(2020, 6, 30), ShiftUnit::Month)));
        assert_eq!(s("2020年底前"), Some((None, d(2020, 12, 31), ShiftUnit::Year)));
        assert_eq!(s("2024年2月底"), Some((Some(d(2024, 2, 1)), d(2024, 2, 29), ShiftUnit::Month)));
        assert_eq!(s("2021年上半年"), Some((Some(d(2021, 1, 1)), d(2021, 6, 30), ShiftUnit::Month)));
        assert_eq!(s("2020年12月20日前"), Some((None, d(2020, 12, 20), ShiftUnit::Day)));
        assert_eq!(s("二〇二〇年四月九日"), Some((Some(d(2020, 4, 9)), d(2020, 4, 9), ShiftUnit::Day)));
        assert_eq!(s("2019年-2025年"), Some((Some(d(2019, 1, 1)), d(2025, 12, 31), ShiftUnit::Year)));
        assert_eq!(s("长期坚持"), None);
        assert_eq!(s("持续推进"), None);
        assert_eq!(s(""), None);
    }

    #[test]
    fn plan_year_periods_are_carried_over() {
        let c = |a: &str, b: &str| compare(a, b, Some(2024), Some(2025));
        assert_eq!(c("2024年", "2025年"), Some(Outcome::CarriedOver));
        assert_eq!(c("2024年3月—12月", "2025年3月—12月"), Some(Outcome::CarriedOver));
        assert_eq!(c("2024年6月底前", "2025年6月底前"), Some(Outcome::CarriedOver));
        // A multi-year period kept in both plans is no change, and never carried over.
        assert_eq!(c("2024—2025年", "2024-2025年"), Some(Outcome::Same));
        assert_eq!(
            c("2024-2025年", "2025-2026年"),
            Some(Outcome::Moved { start_moved: true, end: Some(Shift { amount: 1, unit: ShiftUnit::Year }) })
        );
        // A one-year period of another year is a date like any other.
        assert_eq!(
            c("2023年", "2024年"),
            Some(Outcome::Moved { start_moved: true, end: Some(Shift { amount: 1, unit: ShiftUnit::Year }) })
        );
        assert_eq!(compare("2024年", "2025年", Some(2024), None).map(|o| o == Outcome::CarriedOver), Some(false));
    }

    #[test]
    fn other_periods_are_dates() {
        let c = |a: &str, b: &str| compare(a, b, Some(2024), Some(2025));
        let later = |amount, unit| Some(Outcome::Moved { start_moved: false, end: Some(Shift { amount, unit }) });
        assert_eq!(c("2023～2024年", "2023～2025年"), later(1, ShiftUnit::Year));
        assert_eq!(c("2023-2025年", "2023-2024年"), later(-1, ShiftUnit::Year));
        assert_eq!(c("2024年6月底前", "2024年9月底前"), later(3, ShiftUnit::Month));
        assert_eq!(c("2024年6月底前", "2025年12月底前"), later(18, ShiftUnit::Month));
        assert_eq!(c("2024年12月20日前", "2024年12月31日前"), later(11, ShiftUnit::Day));
        assert_eq!(c("2024年底前", "2024年6月底前"), later(-6, ShiftUnit::Month));
        assert_eq!(
            compare("2020-2022年", "2021-2022年", Some(2020), Some(2021)),
            Some(Outcome::Moved { start_moved: true, end: None })
        );
    }

    #[test]
    fn free_text_carried_over() {
        let c = |a: &str, b: &str| text_carried_over(a, b, Some(2024), Some(2025));
        assert!(c("于2024年12月20日前报送全年工作总结。", "于2025年12月20日前报送全年工作总结。"));
        assert!(c("到2024年底实现全覆盖", "到２０２５年底实现全覆盖"));
        assert!(!c("到2024年底实现全覆盖", "到2025年底实现半覆盖"));
        assert!(!c("到2024年底", "到2024年底"), "nothing moved");
        assert!(!c("2023～2024年完成", "2023～2025年完成"), "a range is a date, not the plan year");
        assert!(c("2024—2024年", "2025—2025年"));
        assert!(!c("投资12600万元，2024年", "投资12601万元，2025年"));
        assert!(c("在2023年基础上，2024年完成", "在2023年基础上，2025年完成"));
        assert!(!c("2024年", "2026年"));
        assert!(!text_carried_over("2024年", "2025年", None, Some(2025)));
    }
}
