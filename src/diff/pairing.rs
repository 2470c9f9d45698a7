//! Diff matching: two lists of items → pairs matched by content keys, renames by name similarity, and the rest.
//!
//! Position never matters. Items are first paired by keys, most specific first (for an indicator: name,
//! goal, task and serial; then name, goal and task; …; then the name alone), each key pairing equal
//! values one-to-one in document order. What is left is paired by a rename score (see
//! [`crate::diff::similarity::rename_score`]): the best pair at or above [`RENAME_THRESHOLD`] first, one-to-one.
//! The rest are removals and additions.

use crate::diff::similarity::RENAME_THRESHOLD;
use std::collections::{BTreeMap, VecDeque};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matching {
    /// (old index, new index) of items matched by a key, in the new document's order.
    pub same: Vec<(usize, usize)>,
    /// (old index, new index, similarity) of items matched by name similarity, in the new document's order.
    pub renamed: Vec<(usize, usize, f64)>,
    /// Old items with no counterpart, in the old document's order.
    pub removed: Vec<usize>,
    /// New items with no counterpart, in the new document's order.
    pub added: Vec<usize>,
}

/// Match `old` against `new`. `keys` gives an item's match keys, most specific first; `score` says how
/// likely an unmatched old item was renamed to an unmatched new one.
pub fn match_items<T>(
    old: &[T],
    new: &[T],
    keys: impl Fn(&T) -> Vec<String>,
    score: impl Fn(&T, &T) -> f64,
) -> Matching {
    let old_keys: Vec<Vec<String>> = old.iter().map(&keys).collect();
    let new_keys: Vec<Vec<String>> = new.iter().map(&keys).collect();
    let levels = old_keys.iter().chain(&new_keys).map(Vec::len).max().unwrap_or(0);
    let mut old_match: Vec<Option<usize>> = vec![None; old.len()];
    let mut new_taken = vec![false; new.len()];
    for level in 0..levels {
        let mut waiting: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
        for (j, k) in new_keys.iter().enumerate() {
            if let (false, Some(key)) = (new_taken[j], k.get(level)) {
                waiting.entry(key.as_str()).or_default().push_back(j);
            }
        }
        for (i, k) in old_keys.iter().enumerate() {
            if old_match[i].is_some() {
                continue;
            }
            if let Some(j) = k.get(level).and_then(|key| waiting.get_mut(key.as_str())).and_then(VecDeque::pop_front) {
                old_match[i] = Some(j);
                new_taken[j] = true;
            }
        }
    }

    let left_old: Vec<usize> = (0..old.len()).filter(|i| old_match[*i].is_none()).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|j| !new_taken[*j]).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for &i in &left_old {
        for &j in &left_new {
            let s = score(&old[i], &new[j]);
            if s >= RENAME_THRESHOLD {
                candidates.push((s, i, j));
            }
        }
    }
    // Best score first; ties in document order, so the result never depends on anything else.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut renamed_of_new: Vec<Option<(usize, f64)>> = vec![None; new.len()];
    let mut old_renamed = vec![false; old.len()];
    for (s, i, j) in candidates {
        if !old_renamed[i] && renamed_of_new[j].is_none() {
            old_renamed[i] = true;
            renamed_of_new[j] = Some((i, s));
        }
    }

    let mut m = Matching::default();
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    for (i, j) in old_match.iter().enumerate() {
        if let Some(j) = j {
            old_of_new[*j] = Some(i);
        }
    }
    for j in 0..new.len() {
        match (old_of_new[j], renamed_of_new[j]) {
            (Some(i), _) => m.same.push((i, j)),
            (None, Some((i, s))) => m.renamed.push((i, j, s)),
            (None, None) => m.added.push(j),
        }
    }
    m.removed = left_old.into_iter().filter(|i| !old_renamed[*i]).collect();
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(old: &[(&str, &str)], new: &[(&str, &str)]) -> Matching {
        let score = |a: &(&str, &str), b: &(&str, &str)| crate::diff::similarity::similarity(a.0, b.0);
        match_items(old, new, |x| vec![format!("{}|{}", x.0, x.1), x.0.to_string()], score)
    }

    #[test]
    fn position_does_not_matter() {
        let m = run(&[("甲", ""), ("乙", ""), ("丙", "")], &[("丙", ""), ("甲", ""), ("乙", "")]);
        assert_eq!(m.same, [(2, 0), (0, 1), (1, 2)]);
        assert!(m.added.is_empty() && m.removed.is_empty() && m.renamed.is_empty());
    }

    #[test]
    fn the_more_specific_key_wins_for_repeated_names() {
        // Two indicators share a name under different goals; the new plan lists them the other way round.
        let m = run(&[("比例", "A"), ("比例", "B")], &[("比例", "B"), ("比例", "A")]);
        assert_eq!(m.same, [(1, 0), (0, 1)]);
        // A changed goal still matches by name.
        let m = run(&[("比例", "A")], &[("比例", "C")]);
        assert_eq!(m.same, [(0, 0)]);
    }

    #[test]
    fn renames_removals_and_additions() {
        let m = run(
            &[("国际国内生态文化品牌", ""), ("污染地块安全利用率", ""), ("林草覆盖率", "")],
            &[("林草覆盖率", ""), ("国际国内生态文化品牌数量", ""), ("农村生活污水治理提升工程", "")],
        );
        assert_eq!(m.same, [(2, 0)]);
        assert_eq!(m.renamed.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(), [(0, 1)]);
        assert_eq!(m.removed, [1]);
        assert_eq!(m.added, [2]);
    }

    #[test]
    fn a_rename_is_one_to_one() {
        let m = run(&[("生态文化品牌", "")], &[("生态文化品牌数量", ""), ("生态文化品牌个数", "")]);
        assert_eq!(m.renamed.len(), 1);
        assert_eq!(m.added.len(), 1);
    }
}
