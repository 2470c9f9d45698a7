//! Headings: a line's text → its heading numbering (一、 （一） 1． （1）, full- or half-width), level and title.
//!
//! The reading stage asks this of lines to tell where a table ends; the section reader builds the tree from it.

use crate::text::{cn_number, is_cn_numeral, is_digit, strip_markup};

/// A heading's numbering at the start of `t`: an optional opening bracket, 1..=`max` numerals, one of
/// `ends`, whitespace allowed around each part (`[（(]?\s*N{1,max}\s*[ends]\s*`). Returns the numerals and
/// where the heading's text starts.
fn numbering<'a>(
    t: &'a str,
    bracket: bool,
    numeral: fn(char) -> bool,
    max: usize,
    ends: &[char],
) -> Option<(&'a str, usize)> {
    let s = if bracket { t.strip_prefix(['（', '('])?.trim_start() } else { t };
    let run = s.find(|c| !numeral(c)).unwrap_or(s.len());
    if run == 0 || s[..run].chars().count() > max {
        return None;
    }
    let rest = s[run..].trim_start().strip_prefix(ends)?.trim_start();
    Some((&s[..run], t.len() - rest.len()))
}

/// A heading found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub value: u32,
    /// Normalised numbering: 一、 （一） 1． （1）.
    pub number: String,
    pub rest: String,
}

/// 一、 （一） 1． （1） (with half-width and 、 forms) at the start of `t`: (level, numerals, text start).
/// A scanner, not the four patterns it stands for (kept in the test): every line is asked this, several times,
/// and the patterns made `plandoc parse` over the 1,000-notice archive run 7.6% more instructions in all.
fn heading_numbering(t: &str) -> Option<(u8, &str, usize)> {
    const CLOSE: &[char] = &['）', ')'];
    fn at(level: u8, m: Option<(&str, usize)>) -> Option<(u8, &str, usize)> {
        m.map(|(n, end)| (level, n, end))
    }
    at(1, numbering(t, false, is_cn_numeral, 3, &['、', '．', '.']))
        .or_else(|| at(2, numbering(t, true, is_cn_numeral, 3, CLOSE)))
        .or_else(|| at(3, numbering(t, false, is_digit, 2, &['．', '.', '、'])))
        .or_else(|| at(4, numbering(t, true, is_digit, 2, CLOSE)))
}

pub fn heading(t: &str) -> Option<Heading> {
    let (level, n, value, rest) = heading_parts(t)?;
    Some(Heading { level, value, number: numbering_text(level, n), rest: rest.to_string() })
}

/// The normalised numbering of a heading of `level` with numeral `n` (a 第X章/第X条 numbering is kept whole).
pub(crate) fn numbering_text(level: u8, n: &str) -> String {
    if n.starts_with('第') {
        return n.to_string();
    }
    match level {
        1 => format!("{n}、"),
        2 => format!("（{n}）"),
        3 => format!("{n}．"),
        _ => format!("（{n}）"),
    }
}

/// 第X章 / 第X部分 (level 0, above 一、), 第X节 (level 2), 第X条 (level 3) at the start of `t`: (level, the
/// numbering "第一章", its value, text start). An article needs a space after 条, as prose may run "第一条河…".
fn ordinal_numbering(t: &str) -> Option<(u8, &str, u32, usize)> {
    let s = t.strip_prefix('第')?;
    let run = s.find(|c: char| !(is_cn_numeral(c) || is_digit(c))).unwrap_or(s.len());
    if run == 0 || s[..run].chars().count() > 4 {
        return None;
    }
    let value = cn_number(&s[..run])?;
    let after = &s[run..];
    let (level, word) =
        [(0, "章"), (0, "部分"), (0, "编"), (2, "节"), (3, "条")].into_iter().find(|(_, w)| after.starts_with(w))?;
    let rest = &after[word.len()..];
    if level == 3 && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let end = t.len() - rest.trim_start().len();
    Some((level, &t[..t.len() - rest.len()], value, end))
}

/// A heading's level, numeral, value and text, borrowed from the line.
pub(crate) fn heading_parts(t: &str) -> Option<(u8, &str, u32, &str)> {
    let t = strip_markup(t);
    if let Some((level, n, value, end)) = ordinal_numbering(t) {
        let rest = &t[end..];
        return (!rest.contains('\n') && !rest.is_empty()).then_some((level, n, value, rest));
    }
    let (level, n, end) = heading_numbering(t)?;
    let rest = &t[end..];
    // As with `.*$`: a heading is one line.
    if rest.contains('\n') {
        return None;
    }
    // "1.8万亩" and "2020年" are numbers in text, not headings; "1.2022年新增…" is item 1 about a year.
    if level == 3 && rest.starts_with(|ch: char| ch.is_ascii_digit() || ch == '%') && !starts_with_year(rest) {
        return None;
    }
    if level == 1 && rest.is_empty() {
        return None;
    }
    let value = cn_number(n)?;
    Some((level, n, value, rest))
}

/// "2022年…": a year of four digits (19xx, 20xx) and 年.
fn starts_with_year(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7
        && (b.starts_with(b"19") || b.starts_with(b"20"))
        && b[2..4].iter().all(u8::is_ascii_digit)
        && s[4..].starts_with('年')
}

/// The level of the heading a line starts with (no allocation: many stages ask this of every line).
pub fn heading_level(t: &str) -> Option<u8> {
    heading_parts(t).map(|h| h.0)
}

/// Split a heading's text into its title and the paragraph run into it: "强化组织领导。将…" → ("强化组织领导", "将…").
pub fn split_title(rest: &str) -> (String, Option<String>) {
    let (title, para) = split_title_str(rest);
    (title.to_string(), para.map(str::to_string))
}

/// [`split_title`], borrowing both parts from `rest`.
pub fn split_title_str(rest: &str) -> (&str, Option<&str>) {
    let rest = rest.trim();
    // A colon cuts when it is the first one, has at most 20 characters before it and no 。 before it;
    // otherwise the first 。 cuts. Only the first 21 characters are searched for the colon, and the
    // rest of a long paragraph only for the 。.
    let colon = rest
        .char_indices()
        .take(21)
        .find(|&(_, c)| matches!(c, '：' | ':'))
        .filter(|&(p, _)| !rest[..p].contains('。'))
        .map(|(p, c)| (p, c.len_utf8()));
    let cut = colon.or_else(|| rest.find('。').map(|p| (p, '。'.len_utf8())));
    match cut {
        Some((p, len)) => {
            let after = rest[p + len..].trim();
            (rest[..p].trim(), (!after.is_empty()).then_some(after))
        }
        None => (rest, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The numbering scanner finds what the four heading regexes it replaced found (run with the regex crate).
    #[test]
    fn numbering_matches_the_regexes_it_replaced() {
        let res = [
            (1, r"^(?P<n>[一二三四五六七八九十]{1,3})\s*[、．.]\s*"),
            (2, r"^[（(]\s*(?P<n>[一二三四五六七八九十]{1,3})\s*[）)]\s*"),
            (3, r"^(?P<n>[0-9０-９]{1,2})\s*[．.、]\s*"),
            (4, r"^[（(]\s*(?P<n>[0-9０-９]{1,2})\s*[）)]\s*"),
        ]
        .map(|(l, p)| (l, regex::Regex::new(p).unwrap()));
        let lines = [
            "一、总体要求",
            "十二、 其他",
            "二十三．x",
            "一二三四、太长",
            "一 、\u{3000}空格",
            "一",
            "一、",
            "（一）组",
            "( 二 ) 组",
            "（一二三四）",
            "（一、",
            "1．任务",
            "12. 任务",
            "123．不是",
            "1.8万亩",
            "１２、全角",
            "（1）小项",
            "（ 12 ）x",
            "(123)",
            "（1",
            "2020年",
            "第一",
            "（a）",
            "1 ．\n2",
            "",
        ];
        for t in lines {
            let want = res
                .iter()
                .find_map(|(l, re)| re.captures(t).map(|c| (*l, c["n"].to_string(), c.get(0).unwrap().end())));
            let got = heading_numbering(t).map(|(l, n, end)| (l, n.to_string(), end));
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn heading_levels_full_and_half_width() {
        assert_eq!(heading_level("一、制定依据和背景"), Some(1));
        assert_eq!(heading_level("（一）强化组织领导。"), Some(2));
        assert_eq!(heading_level("(二)创新体制机制"), Some(2));
        assert_eq!(heading_level("1．牢筑生态安全格局。"), Some(3));
        assert_eq!(heading_level("2.实施治理"), Some(3));
        assert_eq!(heading_level("3、推进"), Some(3));
        assert_eq!(heading_level("（1）细项"), Some(4));
        assert_eq!(heading_level("1.8万亩农田"), None);
        assert_eq!(heading_level("2020年，完成"), None);
        assert_eq!(heading_level("一是加强"), None);
        assert_eq!(heading("(二)x").unwrap().number, "（二）");
        assert_eq!(heading("2.x").unwrap().number, "2．");
    }

    #[test]
    fn title_split() {
        assert_eq!(split_title("强化组织领导。将任务分解。"), ("强化组织领导".into(), Some("将任务分解。".into())));
        assert_eq!(
            split_title("牢守生态阵地，持续提升生态环境质量。"),
            ("牢守生态阵地，持续提升生态环境质量".into(), None)
        );
        assert_eq!(split_title("制定依据和背景"), ("制定依据和背景".into(), None));
        assert_eq!(split_title("工作目标：到2025年，完成。"), ("工作目标".into(), Some("到2025年，完成。".into())));
    }

    #[test]
    fn ordinals_and_year_items() {
        assert_eq!(heading_parts("第一章 总体要求"), Some((0, "第一章", 1, "总体要求")));
        assert_eq!(heading_parts("第十二章重点任务"), Some((0, "第十二章", 12, "重点任务")));
        assert_eq!(heading_parts("第三条 开展详查。"), Some((3, "第三条", 3, "开展详查。")));
        assert_eq!(heading_parts("第一条河流"), None);
        assert_eq!(heading_parts("第二节 水"), Some((2, "第二节", 2, "水")));
        assert_eq!(heading_level("1.2022年新增光伏。"), Some(3));
        assert_eq!(heading_level("1.8万亩"), None);
        assert_eq!(numbering_text(0, "第一章"), "第一章");
    }
}
