//! Similarity: two versions of an item → a score in 0..=1 from jieba words, character bigrams and their other fields, for matching renames.
//!
//! A name's similarity is the mean of two Dice coefficients over the width-folded names: one over the
//! sets of words jieba segments them into (so 品牌 → 品牌数量 shares whole words), one over the sets of
//! character bigrams (so a name that jieba happens to cut differently still scores). Names alone cannot
//! tell a rename from a look-alike ("地表水…比例" and "地下水…比例" score 0.88), so the rename score is the
//! mean of the names' similarity and the agreement of the other fields (target, departments, text …).
//! The dictionary is loaded on the first call only: `parse`, and diffs with nothing to rename, never load it.

use crate::diff::fields::{Field, Item, department_key, shown};
use crate::text::{fold, is_han};
use jieba_rs::Jieba;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// Pairs of unmatched items whose [`rename_score`] is at least this are reported as renamed. Chosen
/// from data: see the README section "plandoc diff" and `cargo run --example rename_scores`.
pub const RENAME_THRESHOLD: f64 = 0.8;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The characters that carry meaning in a name: Han characters, letters and digits, width-folded.
fn meaningful(s: &str) -> Vec<char> {
    fold(s).chars().filter(|c| is_han(*c) || c.is_alphanumeric()).collect()
}

/// The set of words jieba cuts a name into, punctuation dropped.
pub fn words(s: &str) -> BTreeSet<String> {
    let text: String = meaningful(s).into_iter().collect();
    JIEBA.cut(&text, true).into_iter().map(|t| t.word.to_string()).collect()
}

/// The set of character bigrams of a name (its single character when it has only one).
pub fn bigrams(s: &str) -> BTreeSet<String> {
    let chars = meaningful(s);
    if chars.len() == 1 {
        return chars.iter().map(|c| c.to_string()).collect();
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// 2·|A∩B| / (|A|+|B|); two empty sets score 0 (nothing to compare is not evidence of sameness).
pub fn dice(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / total as f64
}

/// How alike two names are, 0 (nothing shared) to 1 (the same words and bigrams).
pub fn similarity(a: &str, b: &str) -> f64 {
    if fold(a) == fold(b) {
        return 1.0;
    }
    let bi = dice(&bigrams(a), &bigrams(b));
    if bi == 0.0 {
        // No shared bigram means no shared word of two or more characters: skip segmentation.
        return 0.0;
    }
    (dice(&words(a), &words(b)) + bi) / 2.0
}

/// Dice over character bigrams of two values; 1 when their folded forms are equal (also for short values).
pub fn text_dice(a: &str, b: &str) -> f64 {
    if fold(a) == fold(b) {
        return 1.0;
    }
    dice(&bigrams(a), &bigrams(b))
}

/// How alike two versions of an item are apart from their names: the mean, over the fields either
/// version fills, of how alike the two values are (Dice over members for lists, over bigrams otherwise).
pub fn agreement<T: Item>(a: &T, b: &T) -> f64 {
    let (fa, fb) = (a.fields(), b.fields());
    let mut scores = Vec::new();
    // The name is scored apart; where the item sits (goal, task, group, category) is shared by a
    // renamed item and by its look-alike siblings alike, so it tells them nothing apart.
    let skip = ["name", "title", "goal", "task", "group", "category"];
    for (name, x) in fa.iter().filter(|(n, _)| !skip.contains(&n.as_str())) {
        let Some((_, y)) = fb.iter().find(|(n, _)| n == name) else { continue };
        let score = match (x, y) {
            (Field::Departments(p), Field::Departments(q)) => {
                let keys = |v: &[String]| v.iter().map(|m| department_key(m)).collect::<BTreeSet<_>>();
                let (p, q) = (keys(p), keys(q));
                if p.is_empty() && q.is_empty() { None } else { Some(dice(&p, &q)) }
            }
            _ => match (shown(x), shown(y)) {
                (None, None) => None,
                (Some(p), Some(q)) => Some(text_dice(&p, &q)),
                _ => Some(0.0),
            },
        };
        scores.extend(score);
    }
    if scores.is_empty() { 0.0 } else { scores.iter().sum::<f64>() / scores.len() as f64 }
}

/// The score a rename is judged by: the mean of the names' [`similarity`] and the other fields'
/// [`agreement`]; 0 when the names share nothing, however alike the rest.
pub fn rename_score<T: Item>(a: &T, b: &T) -> f64 {
    let name = similarity(a.name(), b.name());
    if name == 0.0 {
        return 0.0;
    }
    (name + agreement(a, b)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_extended_by_one_word_scores_high() {
        let s = similarity("国际国内生态文化品牌", "国际国内生态文化品牌数量");
        assert!(s > 0.85, "{s}");
    }

    #[test]
    fn unrelated_names_score_low() {
        let s = similarity("州河国家湿地公园", "农村生活污水治理提升工程");
        assert!(s < 0.1, "{s}");
    }

    fn indicator(name: &str, target: &str, departments: &[&str]) -> crate::model::Indicator {
        crate::model::Indicator {
            id: String::new(),
            goal: Some("构筑绿水青山".into()),
            task: Some("环境质量".into()),
            serial: Some(2),
            name: name.into(),
            unit: None,
            target: crate::parse::targets::parse(target, None),
            attribute: None,
            departments: departments.iter().map(|d| d.to_string()).collect(),
            extra: Default::default(),
            line: 1,
            page: None,
        }
    }

    #[test]
    fn a_rename_keeps_its_other_fields_a_look_alike_does_not() {
        let old = indicator("国际国内生态文化品牌", "获得", &["区工业和信息化局", "区文化和旅游局"]);
        let renamed = indicator("国际国内生态文化品牌数量", "获得", &["工业和信息化局", "区文化和旅游局"]);
        assert_eq!(agreement(&old, &renamed), 1.0);
        assert!(rename_score(&old, &renamed) >= RENAME_THRESHOLD);
        let surface = indicator("地表水水质达到或优于III类水的比例", ">90%", &["区生态环境局", "区水务局"]);
        let ground = indicator("地下水水质达到或优于III类水的比例", "稳定提高", &["区生态环境局", "区林业局"]);
        assert!(similarity(surface.name(), ground.name()) > RENAME_THRESHOLD);
        assert!(rename_score(&surface, &ground) < RENAME_THRESHOLD);
    }

    #[test]
    fn width_and_space_do_not_count() {
        assert_eq!(similarity("“两山” 建设成效", "\"两山\"建设成效"), 1.0);
        assert_eq!(similarity("PM2.5平均浓度", "ＰＭ2.5平均浓度"), 1.0);
    }

    #[test]
    fn dice_edges() {
        let e = BTreeSet::new();
        assert_eq!(dice(&e, &e), 0.0);
        assert_eq!(bigrams("水"), BTreeSet::from(["水".to_string()]));
        assert_eq!(bigrams("水质！"), BTreeSet::from(["水质".to_string()]));
    }
}
