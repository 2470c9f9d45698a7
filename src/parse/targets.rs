//! Targets: an indicator's target cell → raw text plus structure (comparator, number, unit, per-region
//! values, or a qualitative direction such as 稳定提高 / 不减少 / 建立实施).

use crate::model::{Direction, RegionTarget, Target, TargetKind};
use crate::pattern::is_han_script;
use crate::text::is_digit;

// The three shapes a numeric target takes, as patterns (kept in the tests, which compare them with the
// scanners below over many generated strings):
//   single  ^(?P<pre>不低于|…|控制在)?(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝)?(\d+(?:\.\d+)?)(?P<unit>%|‰|[^\d\s，,；;。]{0,8}?)(?P<post>以上|以下|以内|及以上|及以下|左右)?$
//   change  ^(?P<word>\p{Han}{1,6}?)(?:了|到|至)?(\d+(?:\.\d+)?)(?P<unit>%|‰|个百分点|[\p{Han}/]{0,6}?)(?P<post>以上|以下|以内|左右)?$
//   region  (?P<region>[\p{Han}A-Za-z]+?)(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝)(\d+(?:\.\d+)?)(?P<unit>%|‰)?   (every match)
// Scanners because a target cell is parsed once per indicator row and the patterns cost more than the rest of
// the row: 4.4% more instructions for `plandoc parse` over the 1,000-notice archive. Under the 5% a scanner must
// save alone, kept for the budget of the whole round (bench/README.md, "Scanners kept"). Each scanner tries the alternatives in
// the pattern's order of preference, so it finds the match (and the captures) the pattern finds.

const PRE: &[&str] = &[
    "不低于",
    "不少于",
    "不小于",
    "不超过",
    "不高于",
    "不大于",
    "低于",
    "高于",
    "超过",
    "达到",
    "大于",
    "小于",
    "控制在",
];
const OPS: &[&str] = &[">=", "<=", "≥", "≤", "＞", "＜", ">", "<", "=", "＝"];
const SINGLE_POST: &[&str] = &["以上", "以下", "以内", "及以上", "及以下", "左右"];
const CHANGE_POST: &[&str] = &["以上", "以下", "以内", "左右"];

/// What the single-value pattern captures.
#[derive(Debug, PartialEq)]
struct Single<'a> {
    pre: Option<&'a str>,
    op: Option<&'a str>,
    num: &'a str,
    unit: &'a str,
    post: Option<&'a str>,
}

/// What the change pattern captures.
#[derive(Debug, PartialEq)]
struct Change<'a> {
    word: &'a str,
    num: &'a str,
    unit: &'a str,
}

/// What one match of the region pattern captures.
#[derive(Debug, PartialEq)]
struct Region<'a> {
    region: &'a str,
    op: &'a str,
    num: &'a str,
    unit: Option<&'a str>,
}

/// `\d+(?:\.\d+)?` at the start of `s`: its byte length. Taking the longest is what the pattern does:
/// none of the three patterns can go on with a digit after a shorter number.
fn number_len(s: &str) -> Option<usize> {
    let digits = |t: &str| t.chars().take_while(|&c| is_digit(c)).map(char::len_utf8).sum::<usize>();
    let int = digits(s);
    if int == 0 {
        return None;
    }
    let frac = match s[int..].strip_prefix('.') {
        Some(rest) => match digits(rest) {
            0 => 0,
            n => 1 + n,
        },
        None => 0,
    };
    Some(int + frac)
}

fn first_of<'a>(s: &str, words: &[&'a str]) -> Option<&'a str> {
    words.iter().copied().find(|w| s.starts_with(w))
}

/// The byte lengths of the first 0, 1, … `max` characters of `s` while `ok` holds: the choices a lazy
/// `[class]{0,max}?` tries, in its order.
fn lazy_lengths(s: &str, max: usize, ok: impl Fn(char) -> bool) -> impl Iterator<Item = usize> {
    std::iter::once(0).chain(s.char_indices().take(max).take_while(move |&(_, c)| ok(c)).map(|(i, c)| i + c.len_utf8()))
}

/// `unit (post)? $` on `rest`: the first unit choice (fixed words in order, then the lazy class) after which
/// an optional post word ends the text.
fn unit_and_post<'a>(
    rest: &'a str,
    words: &[&str],
    max: usize,
    class: impl Fn(char) -> bool,
    posts: &[&'a str],
) -> Option<(&'a str, Option<&'a str>)> {
    let fixed = words.iter().filter(|w| rest.starts_with(*w)).map(|w| w.len());
    fixed.chain(lazy_lengths(rest, max, class)).find_map(|n| {
        let after = &rest[n..];
        let post = posts.iter().copied().find(|p| after == *p);
        (post.is_some() || after.is_empty()).then_some((&rest[..n], post))
    })
}

fn single(text: &str) -> Option<Single<'_>> {
    let pre = first_of(text, PRE);
    let rest = &text[pre.map_or(0, str::len)..];
    let op = first_of(rest, OPS);
    let rest = &rest[op.map_or(0, str::len)..];
    let n = number_len(rest)?;
    let unit_class = |c: char| !is_digit(c) && !c.is_whitespace() && !matches!(c, '，' | ',' | '；' | ';' | '。');
    let (unit, post) = unit_and_post(&rest[n..], &["%", "‰"], 8, unit_class, SINGLE_POST)?;
    Some(Single { pre, op, num: &rest[..n], unit, post })
}

fn change(text: &str) -> Option<Change<'_>> {
    fn tail(rest: &str) -> Option<(&str, &str)> {
        let n = number_len(rest)?;
        let unit_class = |c: char| is_han_script(c) || c == '/';
        let (unit, _) = unit_and_post(&rest[n..], &["%", "‰", "个百分点"], 6, unit_class, CHANGE_POST)?;
        Some((&rest[..n], unit))
    }
    // The word is lazy: one Han character, then two …, up to six; at each, the connector is tried first.
    text.char_indices().take(6).take_while(|&(_, c)| is_han_script(c)).find_map(|(i, c)| {
        let word_end = i + c.len_utf8();
        let rest = &text[word_end..];
        let joined = first_of(rest, &["了", "到", "至"]).and_then(|j| tail(&rest[j.len()..]));
        let (num, unit) = joined.or_else(|| tail(rest))?;
        Some(Change { word: &text[..word_end], num, unit })
    })
}

/// Every region match, left to right. A region is a run of Han or Latin letters, and it must end right
/// before the operator, so the run decides where a match can start.
fn regions(text: &str) -> Vec<Region<'_>> {
    let is_region = |c: char| is_han_script(c) || c.is_ascii_alphabetic();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find(is_region).map(|i| i + from) {
        let run = text[start..].find(|c| !is_region(c)).map_or(text.len(), |i| i + start);
        let rest = &text[run..];
        let found = first_of(rest, OPS).and_then(|op| {
            let num_end = run + op.len() + number_len(&rest[op.len()..])?;
            let unit = first_of(&text[num_end..], &["%", "‰"]);
            let region = Region { region: &text[start..run], op, num: &text[run + op.len()..num_end], unit };
            Some((region, num_end + unit.map_or(0, str::len)))
        });
        match found {
            Some((r, end)) => {
                out.push(r);
                from = end;
            }
            None => from = run,
        }
    }
    out
}

fn norm_op(op: &str) -> &'static str {
    match op {
        ">=" | "≥" => ">=",
        "<=" | "≤" => "<=",
        ">" | "＞" => ">",
        "<" | "＜" => "<",
        _ => "=",
    }
}

/// Parse a target cell. `column_unit` is the table's 单位 column for this row, if any.
pub fn parse(raw: &str, column_unit: Option<&str>) -> Target {
    // The cell without whitespace, copied only when it has some.
    let text: std::borrow::Cow<str> = if raw.contains(char::is_whitespace) {
        raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().into()
    } else {
        raw.into()
    };
    let mut t = Target { raw: raw.trim().to_string(), ..Target::default() };
    if text.is_empty() {
        return t;
    }
    // The three patterns all need a digit; most qualitative targets (稳定提高, 建立实施) have none.
    let has_digit = text.chars().any(is_digit);
    if has_digit && let Some(c) = single(&text) {
        let value: Option<f64> = c.num.parse().ok();
        let mut op = c.op.map(norm_op).unwrap_or("=");
        match (c.pre, c.post) {
            (Some("不低于" | "不少于" | "不小于" | "达到"), _) | (_, Some("以上" | "及以上")) => {
                op = ">="
            }
            (Some("不超过" | "不高于" | "不大于" | "控制在"), _) | (_, Some("以下" | "以内" | "及以下")) => {
                op = "<="
            }
            (Some("高于" | "超过" | "大于"), _) => op = ">",
            (Some("低于" | "小于"), _) => op = "<",
            _ => {}
        }
        let unit = Some(c.unit).filter(|u| !u.is_empty());
        t.kind = TargetKind::Numeric;
        t.op = Some(op.to_string());
        t.value = value;
        t.unit = unit.or(column_unit).map(str::to_string);
        return t;
    }
    if has_digit
        && let Some(c) = change(&text)
        && let Some(d) = direction(c.word)
    {
        t.kind = TargetKind::Change;
        t.direction = Some(d);
        t.value = c.num.parse().ok();
        t.unit = Some(c.unit).filter(|u| !u.is_empty()).or(column_unit).map(str::to_string);
        return t;
    }
    let regions: Vec<RegionTarget> = if has_digit { regions(&text) } else { Vec::new() }
        .into_iter()
        .filter_map(|c| {
            Some(RegionTarget {
                region: c.region.to_string(),
                op: norm_op(c.op).to_string(),
                value: c.num.parse().ok()?,
                unit: c.unit.map(str::to_string).or_else(|| column_unit.map(str::to_string)),
            })
        })
        .collect();
    if !regions.is_empty() {
        t.kind = TargetKind::Regional;
        t.regions = regions;
        return t;
    }
    if let Some(d) = direction(&text) {
        t.kind = TargetKind::Qualitative;
        t.direction = Some(d);
    }
    t
}

/// The direction a qualitative target names. Negated forms are checked before the plain ones.
pub fn direction(text: &str) -> Option<Direction> {
    let has = |words: &[&str]| words.iter().any(|w| crate::text::contains_short(text, w));
    Some(if has(&["不减少", "不降低", "不下降", "不减"]) {
        Direction::NoDecrease
    } else if has(&["不增加", "不上升", "不提高", "不超"]) {
        Direction::NoIncrease
    } else if has(&["建立", "建成", "制定", "出台", "编制", "设立", "成立"]) {
        Direction::Establish
    } else if has(&["提高", "提升", "增加", "增长", "上升", "改善", "好转", "扩大"]) {
        Direction::Increase
    } else if has(&["下降", "降低", "减少", "削减"]) {
        Direction::Decrease
    } else if has(&["达标", "符合", "满足"]) {
        Direction::MeetStandard
    } else if has(&["实施", "落实", "开展", "推进", "执行", "运行"]) {
        Direction::Implement
    } else if has(&["保持", "稳定", "维持", "巩固"]) {
        Direction::Maintain
    } else if has(&["获得", "取得", "完成", "实现", "创建", "通过", "争创"]) {
        Direction::Achieve
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_targets() {
        let t = parse(">90%", None);
        assert_eq!(
            (t.kind, t.op.as_deref(), t.value, t.unit.as_deref()),
            (TargetKind::Numeric, Some(">"), Some(90.0), Some("%"))
        );
        let t = parse("100%", None);
        assert_eq!((t.op.as_deref(), t.value), (Some("="), Some(100.0)));
        let t = parse("≥20", Some("%"));
        assert_eq!((t.op.as_deref(), t.value, t.unit.as_deref()), (Some(">="), Some(20.0), Some("%")));
        let t = parse("≤0.42", Some("吨标准煤/万元"));
        assert_eq!((t.op.as_deref(), t.value, t.unit.as_deref()), (Some("<="), Some(0.42), Some("吨标准煤/万元")));
        let t = parse("80%以上", None);
        assert_eq!((t.op.as_deref(), t.value), (Some(">="), Some(80.0)));
        let t = parse("不低于 95%", None);
        assert_eq!((t.op.as_deref(), t.value), (Some(">="), Some(95.0)));
        assert_eq!(parse("0", Some("%")).value, Some(0.0));
    }

    #[test]
    fn change_targets() {
        let t = parse("下降5%", None);
        assert_eq!(
            (t.kind, t.direction, t.value, t.unit.as_deref()),
            (TargetKind::Change, Some(Direction::Decrease), Some(5.0), Some("%"))
        );
        let t = parse("提高2个百分点", None);
        assert_eq!((t.direction, t.value, t.unit.as_deref()), (Some(Direction::Increase), Some(2.0), Some("个百分点")));
        assert_eq!(parse("下降2%", Some("万吨")).unit.as_deref(), Some("%"));
        assert_eq!(parse("山区≥60", None).kind, TargetKind::Regional);
    }

    #[test]
    fn regional_targets() {
        for raw in ["山区>60% 丘陵区>40% 平原区>18%", "山区>60%丘陵区>40%平原区>18%"] {
            let t = parse(raw, None);
            assert_eq!(t.kind, TargetKind::Regional);
            let r: Vec<(&str, &str, f64)> =
                t.regions.iter().map(|r| (r.region.as_str(), r.op.as_str(), r.value)).collect();
            assert_eq!(r, [("山区", ">", 60.0), ("丘陵区", ">", 40.0), ("平原区", ">", 18.0)]);
        }
        let t = parse("山区≥60；平原区≥18", Some("%"));
        assert_eq!(t.regions[1].region, "平原区");
        assert_eq!(t.regions[1].op, ">=");
        assert_eq!(t.regions[1].unit.as_deref(), Some("%"));
    }

    /// The scanners against the patterns they replace, over strings built from the pieces targets are
    /// made of: the same matches and the same captures.
    #[test]
    fn scanners_match_the_patterns() {
        use crate::pattern::static_re;
        const NUM: &str = r"(\d+(?:\.\d+)?)";
        let single_re = static_re(&format!(
            r"^(?P<pre>不低于|不少于|不小于|不超过|不高于|不大于|低于|高于|超过|达到|大于|小于|控制在)?(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝)?{NUM}(?P<unit>%|‰|[^\d\s，,；;。]{{0,8}}?)(?P<post>以上|以下|以内|及以上|及以下|左右)?$"
        ));
        let change_re = static_re(&format!(
            r"^(?P<word>[\p{{Han}}]{{1,6}}?)(?:了|到|至)?{NUM}(?P<unit>%|‰|个百分点|[\p{{Han}}/]{{0,6}}?)(?P<post>以上|以下|以内|左右)?$"
        ));
        let region_re =
            static_re(&format!(r"(?P<region>[\p{{Han}}A-Za-z]+?)(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝){NUM}(?P<unit>%|‰)?"));
        let pieces = [
            "1",
            "20",
            "０",
            ".",
            ".5",
            "%",
            "‰",
            ">",
            ">=",
            "=",
            "≥",
            "＞",
            "＝",
            "不低于",
            "低于",
            "控制在",
            "达到",
            "以上",
            "及以上",
            "左右",
            "以",
            "个百分点",
            "个",
            "提高",
            "下降",
            "了",
            "到",
            "至",
            "山区",
            "区",
            "A",
            "b",
            "/",
            "，",
            "；",
            "吨",
            "万元",
            "x",
            "-",
            "é",
        ];
        let mut next = crate::text::xorshift(0xDEADBEEF_u64);
        let mut inputs: Vec<String> =
            ["山区>60%丘陵区>40%平原区>18%", "提高到5%", "下降2个百分点以上", "不低于95%", "90.x", "90%%"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        for _ in 0..30_000 {
            let n = 1 + next() % 6;
            inputs.push((0..n).map(|_| pieces[next() % pieces.len()]).collect());
        }
        fn opt(m: Option<regex_lite::Match<'_>>) -> Option<&str> {
            m.map(|m| m.as_str())
        }
        for s in &inputs {
            let want = single_re.captures(s).map(|c| Single {
                pre: opt(c.name("pre")),
                op: opt(c.name("op")),
                num: &s[c.get(3).map_or(0..0, |m| m.range())],
                unit: opt(c.name("unit")).unwrap_or(""),
                post: opt(c.name("post")),
            });
            assert_eq!(single(s), want, "single {s:?}");
            let want = change_re.captures(s).map(|c| Change {
                word: opt(c.name("word")).unwrap_or(""),
                num: opt(c.get(2)).unwrap_or(""),
                unit: opt(c.name("unit")).unwrap_or(""),
            });
            assert_eq!(change(s), want, "change {s:?}");
            let want: Vec<Region> = region_re
                .captures_iter(s)
                .map(|c| Region {
                    region: opt(c.name("region")).unwrap_or(""),
                    op: opt(c.name("op")).unwrap_or(""),
                    num: opt(c.get(3)).unwrap_or(""),
                    unit: opt(c.name("unit")),
                })
                .collect();
            assert_eq!(regions(s), want, "regions {s:?}");
        }
    }

    #[test]
    fn qualitative_targets() {
        assert_eq!(parse("稳定提高", None).direction, Some(Direction::Increase));
        assert_eq!(parse("不减少", None).direction, Some(Direction::NoDecrease));
        assert_eq!(parse("建立实施", None).direction, Some(Direction::Establish));
        assert_eq!(parse("获得", None).direction, Some(Direction::Achieve));
        assert_eq!(parse("全面实施", None).direction, Some(Direction::Implement));
        assert_eq!(parse("达标", None).direction, Some(Direction::MeetStandard));
        assert_eq!(parse("稳定提高", None).kind, TargetKind::Qualitative);
        let t = parse("见附表", None);
        assert_eq!((t.kind, t.direction), (TargetKind::Text, None));
    }
}
