//! Targets: an indicator's target cell → raw text plus structure (comparator, number, unit, per-region
//! values, or a qualitative direction such as 稳定提高 / 不减少 / 建立实施).

use crate::model::{Direction, RegionTarget, Target, TargetKind};
use crate::pattern::{Regex, static_re};
use crate::text::is_digit;
use std::sync::LazyLock;

const NUM: &str = r"(\d+(?:\.\d+)?)";

static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    static_re(&format!(
        r"^(?P<pre>不低于|不少于|不小于|不超过|不高于|不大于|低于|高于|超过|达到|大于|小于|控制在)?(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝)?{NUM}(?P<unit>%|‰|[^\d\s，,；;。]{{0,8}}?)(?P<post>以上|以下|以内|及以上|及以下|左右)?$"
    ))
});

static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    static_re(&format!(
        r"^(?P<word>[\p{{Han}}]{{1,6}}?)(?:了|到|至)?{NUM}(?P<unit>%|‰|个百分点|[\p{{Han}}/]{{0,6}}?)(?P<post>以上|以下|以内|左右)?$"
    ))
});

static REGION: LazyLock<Regex> = LazyLock::new(|| {
    static_re(&format!(r"(?P<region>[\p{{Han}}A-Za-z]+?)(?P<op>>=|<=|≥|≤|＞|＜|>|<|=|＝){NUM}(?P<unit>%|‰)?"))
});

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
    let text: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut t = Target { raw: raw.trim().to_string(), ..Target::default() };
    if text.is_empty() {
        return t;
    }
    // The three patterns all need a digit; most qualitative targets (稳定提高, 建立实施) have none.
    let has_digit = text.chars().any(is_digit);
    if has_digit && let Some(c) = SINGLE.captures(&text) {
        let value: Option<f64> = c.get(3).and_then(|m| m.as_str().parse().ok());
        let mut op = c.name("op").map(|m| norm_op(m.as_str())).unwrap_or("=");
        match (c.name("pre").map(|m| m.as_str()), c.name("post").map(|m| m.as_str())) {
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
        let unit = c.name("unit").map(|m| m.as_str()).filter(|u| !u.is_empty());
        t.kind = TargetKind::Numeric;
        t.op = Some(op.to_string());
        t.value = value;
        t.unit = unit.or(column_unit).map(str::to_string);
        return t;
    }
    if has_digit
        && let Some(c) = CHANGE.captures(&text)
        && let Some(d) = direction(&c["word"])
    {
        t.kind = TargetKind::Change;
        t.direction = Some(d);
        t.value = c.get(2).and_then(|m| m.as_str().parse().ok());
        t.unit = Some(&c["unit"]).filter(|u| !u.is_empty()).or(column_unit).map(str::to_string);
        return t;
    }
    let regions: Vec<RegionTarget> = has_digit
        .then(|| REGION.captures_iter(&text))
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some(RegionTarget {
                region: c.name("region")?.as_str().to_string(),
                op: norm_op(c.name("op")?.as_str()).to_string(),
                value: c.get(3)?.as_str().parse().ok()?,
                unit: c.name("unit").map(|m| m.as_str().to_string()).or_else(|| column_unit.map(str::to_string)),
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
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
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
