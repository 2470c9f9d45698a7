//! Departments: a responsibility cell or clause → a list of single department names, also where the
//! source runs names together with no separator ("规划和自然资源局蓟州分局区发展改革委").
//!
//! Splitting follows how Chinese government body names are built — an optional level prefix
//! (区/县/市/国家 …), a field, and an organ suffix (局/委/办/中心/分局/管委会/公司 …) — rather than a list
//! of any district's departments. A branch written right after its parent ("国家统计局" + "蓟州调查队",
//! "市公安局" + "青溪分局") stays one name.

use crate::text::FirstChars;

/// Organ suffixes, longest first so that 管委会 wins over 委 and 办公室 over 办.
const SUFFIXES: &[&str] = &[
    "人民政府",
    "管理委员会",
    "委员会",
    "管委会",
    "办公室",
    "办事处",
    "调查队",
    "分公司",
    "分中心",
    "派出所",
    "分局",
    "支队",
    "大队",
    "中队",
    "中心",
    "公司",
    "集团",
    "工会",
    "党校",
    "局",
    "委",
    "办",
    "队",
    "院",
    "所",
    "站",
    "厅",
    "部",
    "室",
    "联",
    "协",
    "馆",
];

/// Last characters of a collective of places: 各街镇, 各乡镇, 各街道, 各村.
const COLLECTIVE_ENDS: &[char] = &['镇', '乡', '道', '村', '街'];

/// Suffixes that mark a branch of the body named just before it.
const BRANCH_SUFFIXES: &[&str] = &["分局", "调查队", "支队", "大队", "中队", "分中心", "分公司", "派出所"];

const LEVEL_PREFIXES: &[char] = &['区', '县', '市', '省', '州', '镇', '乡', '各'];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub names: Vec<String>,
    /// True when names were separated by their shape alone (no 、，; or line between them).
    pub guessed: bool,
}

/// Split a cell or clause into department names. Explicit separators (、，,；; / whitespace) are honoured
/// first; each piece is then split where one organ name ends and another begins.
pub fn split(text: &str) -> Split {
    let mut names = Vec::new();
    let guessed = merge_into(&mut names, text);
    Split { names, guessed }
}

/// Add the names [`split`] finds in `text` to `names`, in order, leaving out those it already holds (a
/// repeated or known name is never copied). Returns [`Split::guessed`] for `text`.
pub fn merge_into(names: &mut Vec<String>, text: &str) -> bool {
    each_name(text, |n| {
        if !names.iter().any(|m| m == n) {
            names.push(n.to_string());
        }
    })
}

/// The names of [`split`], in order and with repeats, each passed to `f` as a slice of `text`. Returns
/// [`Split::guessed`].
fn each_name(text: &str, mut f: impl FnMut(&str)) -> bool {
    let mut guessed = false;
    for piece in
        text.split(|c: char| matches!(c, '、' | '，' | ',' | '；' | ';' | '/' | '／' | '\n') || c.is_whitespace())
    {
        let piece =
            piece.trim().trim_end_matches('等').trim_matches(|c| matches!(c, '。' | '.' | '）' | ')' | '（' | '('));
        if piece.is_empty() {
            continue;
        }
        if split_run(piece, &mut f) > 1 {
            guessed = true;
        }
    }
    guessed
}

/// Split one run of characters with no separator into organ names, passed to `emit` as slices of `s`;
/// returns how many. Scans `s` in place (byte offsets at char boundaries) and emits each name as soon as
/// the next one is known not to be its branch, so nothing is collected.
fn split_run(s: &str, emit: &mut impl FnMut(&str)) -> usize {
    // The name being built (start, end): segments run on from each other, so a branch re-attached to it
    // ("国家统计局" + "蓟州调查队") only moves its end.
    let mut pending: Option<(usize, usize)> = None;
    let mut count = 0;
    let mut segment = |a: usize, b: usize| match pending {
        Some((start, _)) if is_branch(&s[a..b]) => pending = Some((start, b)),
        _ => {
            if let Some((start, end)) = pending.replace((a, b)) {
                emit(&s[start..end]);
                count += 1;
            }
        }
    };
    let mut seg_start = 0;
    // Characters from seg_start to i.
    let mut seg_chars = 0;
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        let rest = &s[i..];
        let matched = suffix_at(rest).map(|suf| (suf.len(), suf.chars().count(), seg_chars)).or_else(|| {
            // A collective ("各街镇", "各乡镇", "各街道") ends at its place word when a name follows.
            let ends_here = COLLECTIVE_ENDS.contains(&c)
                && !rest[c.len_utf8()..].chars().next().is_some_and(|c| COLLECTIVE_ENDS.contains(&c));
            (i > seg_start && ends_here && s[seg_start..].starts_with('各')).then_some((c.len_utf8(), 1, 2))
        });
        match matched {
            // (bytes, chars) of the suffix, and the characters of the field before it.
            Some((bytes, chars, before)) => {
                let end = i + bytes;
                // A suffix closes a name only after a field of two or more characters (so 区委宣传部 is
                // one name), and only where what follows can itself be a name.
                if before >= 2 && end < s.len() && plausible_start(&s[end..]) {
                    segment(seg_start, end);
                    seg_start = end;
                    seg_chars = 0;
                } else {
                    seg_chars += chars;
                }
                i = end;
            }
            None => {
                i += c.len_utf8();
                seg_chars += 1;
            }
        }
    }
    segment(seg_start, s.len());
    if let Some((start, end)) = pending {
        emit(&s[start..end]);
        count += 1;
    }
    count
}

/// What follows a suffix can start a new name: at least three characters, and not an organ word that
/// belongs to the name before it (人民政府, 办公室 …).
fn plausible_start(rest: &str) -> bool {
    rest.chars().nth(2).is_some() && suffix_at(rest).is_none()
}

/// The (longest) organ suffix `s` begins with: the first of [`SUFFIXES`] (longest first) it begins with.
fn suffix_at(s: &str) -> Option<&'static str> {
    let c = s.chars().next()?;
    BY_FIRST.starting_with(c).map(|(_, suf)| suf).find(|suf| s.starts_with(suf))
}

/// [`SUFFIXES`] by their first character, in list order.
static BY_FIRST: std::sync::LazyLock<FirstChars> =
    std::sync::LazyLock::new(|| FirstChars::new(SUFFIXES.iter().copied().enumerate()));

/// "蓟州分局", "宝坻分局": a short place name and a branch suffix, with no level prefix of its own.
fn is_branch(seg: &str) -> bool {
    BRANCH_SUFFIXES.iter().any(|suf| {
        seg.strip_suffix(suf).is_some_and(|place| {
            let n = place.chars().count();
            (1..=3).contains(&n) && !place.starts_with(LEVEL_PREFIXES)
        })
    })
}

/// The name without its level prefix, for joining the forms one document uses ("区水务局" ~ "水务局").
pub fn bare(name: &str) -> &str {
    let mut it = name.chars();
    match it.next() {
        Some(c) if matches!(c, '区' | '县' | '市') && name.chars().count() > 3 => it.as_str(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        split(s).names
    }

    /// The grouped lookup finds the first suffix of the list that the text begins with: for every character
    /// (alone and before 会), and for each suffix's first character before the rest of every suffix.
    #[test]
    fn suffix_at_as_the_list() {
        let by_list = |s: &str| SUFFIXES.iter().copied().find(|suf| s.starts_with(suf));
        let mut texts: Vec<String> = Vec::new();
        for first in SUFFIXES.iter().filter_map(|suf| suf.chars().next()) {
            texts.extend(SUFFIXES.iter().map(|suf| format!("{first}{}", suf.chars().skip(1).collect::<String>())));
        }
        for c in (0..=0x3FFFF).filter_map(char::from_u32) {
            texts.push(c.to_string());
            texts.push(format!("{c}会"));
        }
        for s in &texts {
            assert_eq!(suffix_at(s), by_list(s), "{s:?}");
        }
    }

    #[test]
    fn explicit_separators() {
        assert_eq!(names("区水务局、区城市管理委、区农业农村委"), ["区水务局", "区城市管理委", "区农业农村委"]);
        assert_eq!(names("区生态环境局 水务局"), ["区生态环境局", "水务局"]);
        assert!(!split("区水务局、区林业局").guessed);
    }

    #[test]
    fn run_together_names() {
        assert_eq!(names("规划和自然资源局蓟州分局区发展改革委"), ["规划和自然资源局蓟州分局", "区发展改革委"]);
        assert_eq!(
            names("区统计局国家统计局蓟州调查队区农业农村委区文化和旅游局"),
            ["区统计局", "国家统计局蓟州调查队", "区农业农村委", "区文化和旅游局"]
        );
        assert_eq!(names("区住房城乡建设委区卫生健康委"), ["区住房城乡建设委", "区卫生健康委"]);
        assert_eq!(names("市生态环境局青溪分局区政务服务局"), ["市生态环境局青溪分局", "区政务服务局"]);
        assert_eq!(names("区政府采购中心区机关事务管理局"), ["区政府采购中心", "区机关事务管理局"]);
        assert_eq!(names("区城市管理和综合执法局区城投集团"), ["区城市管理和综合执法局", "区城投集团"]);
        assert_eq!(names("各街镇区水务局"), ["各街镇", "区水务局"]);
        assert_eq!(names("各乡镇人民政府区农业农村委"), ["各乡镇人民政府", "区农业农村委"]);
        assert_eq!(names("区委宣传部区委网信办"), ["区委宣传部", "区委网信办"]);
        assert_eq!(names("县农业农村局县林业局县水利局"), ["县农业农村局", "县林业局", "县水利局"]);
        assert!(split("区生态环境局水务局").guessed);
    }

    #[test]
    fn names_that_must_stay_whole() {
        for n in [
            "区委宣传部",
            "区委组织部",
            "区委党校",
            "区委督查室",
            "区政府办公室",
            "州河产业园管委会",
            "公安蓟州分局",
            "市规划和自然资源局宝坻分局",
            "中上元古界管理中心",
            "县教育局",
            "区市场监管局",
            "青溪经济开发区管委会",
            "各街镇",
            "国网青溪供电公司",
            "区发展和改革局",
            "区城市管理委",
        ] {
            assert_eq!(names(n), [n], "{n}");
        }
    }

    #[test]
    fn duplicates_and_trailing_words() {
        assert_eq!(names("区水务局、区水务局等"), ["区水务局"]);
    }

    /// The splitter as it was written over a `Vec<char>`, one `String` per segment: the reference the
    /// in-place scanner must agree with.
    fn split_run_chars(s: &str) -> Vec<String> {
        fn suffix_at(chars: &[char]) -> Option<&'static str> {
            SUFFIXES.iter().copied().find(|suf| {
                let mut it = chars.iter();
                suf.chars().all(|c| it.next() == Some(&c))
            })
        }
        let plausible_start = |rest: &[char]| rest.len() >= 3 && suffix_at(rest).is_none();
        let chars: Vec<char> = s.chars().collect();
        let mut segments: Vec<String> = Vec::new();
        let (mut seg_start, mut i) = (0, 0);
        while i < chars.len() {
            let matched = suffix_at(&chars[i..]).or_else(|| {
                let ends_here = COLLECTIVE_ENDS.contains(&chars[i])
                    && !chars.get(i + 1).is_some_and(|c| COLLECTIVE_ENDS.contains(c));
                (chars[seg_start] == '各' && i > seg_start && ends_here).then_some("")
            });
            match matched {
                Some(suf) => {
                    let len = suf.chars().count().max(1);
                    let before = if suf.is_empty() { 2 } else { i - seg_start };
                    let end = i + len;
                    if before >= 2 && end < chars.len() && plausible_start(&chars[end..]) {
                        segments.push(chars[seg_start..end].iter().collect());
                        seg_start = end;
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
        segments.push(chars[seg_start..].iter().collect());
        let mut merged: Vec<String> = Vec::new();
        for seg in segments {
            match merged.last_mut() {
                Some(prev) if is_branch(&seg) => prev.push_str(&seg),
                _ => merged.push(seg),
            }
        }
        merged
    }

    #[test]
    fn scanner_matches_the_char_vector_splitter() {
        let parts = [
            "区",
            "各",
            "街",
            "镇",
            "乡",
            "道",
            "村",
            "国家统计局",
            "蓟州",
            "调查队",
            "分局",
            "委",
            "办公室",
            "人民政府",
            "管委会",
            "管理委员会",
            "中心",
            "中队",
            "水务",
            "局",
            "公司",
            "x",
            "A1",
            "部",
            "协",
            "联",
            "馆",
            "宣传",
        ];
        // Every string of up to three parts (and some longer runs), so suffixes meet collectives, branches,
        // short tails and each other in every order.
        let mut texts = crate::text::concatenations(&parts, 3, |t| t.chars().count() <= 14);
        texts.push("区统计局国家统计局蓟州调查队区农业农村委区文化和旅游局".into());
        texts.push("各街镇各乡镇人民政府区委宣传部区委网信办市公安局青溪分局".into());
        for t in texts.iter().filter(|t| !t.is_empty()) {
            let mut got = Vec::new();
            let n = split_run(t, &mut |n: &str| got.push(n.to_string()));
            assert_eq!(got, split_run_chars(t), "{t:?}");
            assert_eq!(n, got.len(), "{t:?}");
        }
    }

    #[test]
    fn bare_forms() {
        assert_eq!(bare("区水务局"), "水务局");
        assert_eq!(bare("水务局"), "水务局");
        assert_eq!(bare("区委"), "区委");
    }
}
