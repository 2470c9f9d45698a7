//! Rename scores: the corpus and diff fixtures → the similarity scores the rename threshold is chosen from.
//!
//! `cargo run --example rename_scores` prints, with both the names' similarity and the rename score:
//! 1. the highest scores between two *different* items of one plan (every plan below): a threshold at or
//!    under these would let a removed item and an added look-alike pass for a rename;
//! 2. every score between an old item and a new item left unmatched by name in each diff pair: the true
//!    renames, and the removed/added pairs that must stay apart.

use plandoc::diff::fields::Item;
use plandoc::diff::pairing::match_items;
use plandoc::diff::similarity::{RENAME_THRESHOLD, rename_score, similarity};
use std::collections::BTreeMap;
use std::path::Path;

const PLANS: &[&str] = &[
    "seeds/000_3011126d5fd8c4d3.txt",
    "tests/corpus/next_year_2021.txt",
    "tests/corpus/other_district_2024.txt",
    "tests/fixtures/diff/qingxi_2025.txt",
    "tests/fixtures/diff/county_2022.txt",
];

const PAIRS: &[(&str, &str)] = &[
    ("seeds/000_3011126d5fd8c4d3.txt", "tests/corpus/next_year_2021.txt"),
    ("tests/fixtures/diff/qingxi_2024.txt", "tests/fixtures/diff/qingxi_2025.txt"),
    ("tests/fixtures/diff/county_2022.txt", "tests/fixtures/diff/county_2022_renamed_section.txt"),
];

fn load(path: &str) -> plandoc::Document {
    match plandoc::diff::load(Path::new(path), &plandoc::Options::default()) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    }
}

/// Scores keyed by what was compared, so a pair two plans share is listed once.
type Scores = BTreeMap<String, (f64, f64)>;

fn within<T: Item>(kind: &str, items: &[T], out: &mut Scores) {
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            if plandoc::text::fold(a.name()) != plandoc::text::fold(b.name()) {
                let scores = (similarity(a.name(), b.name()), rename_score(a, b));
                out.insert(format!("{kind}: {} ~ {}", a.name(), b.name()), scores);
            }
        }
    }
}

fn across<T: Item>(kind: &str, old: &[T], new: &[T], out: &mut Scores) {
    let m = match_items(old, new, T::keys, rename_score);
    let olds: Vec<usize> = m.removed.iter().copied().chain(m.renamed.iter().map(|r| r.0)).collect();
    let news: Vec<usize> = m.added.iter().copied().chain(m.renamed.iter().map(|r| r.1)).collect();
    for &i in &olds {
        for &j in &news {
            let (a, b) = (old[i].name(), new[j].name());
            out.insert(format!("{kind}: {a} → {b}"), (similarity(a, b), rename_score(&old[i], &new[j])));
        }
    }
}

/// The pairs with the highest names' similarity and those with the highest rename score.
fn print(title: &str, scores: Scores, most: usize) {
    let mut rows: Vec<(&String, &(f64, f64))> = scores.iter().collect();
    println!("{title}: {} pairs", scores.len());
    for (label, pick) in [("names", 0), ("rename score", 1)] {
        let key = |r: &(&String, &(f64, f64))| if pick == 0 { r.1.0 } else { r.1.1 };
        rows.sort_by(|a, b| key(b).total_cmp(&key(a)).then(a.0.cmp(b.0)));
        println!("  highest by {label}:   names  score");
        for (what, (name, score)) in rows.iter().take(most) {
            let mark = if *score >= RENAME_THRESHOLD { "≥" } else { " " };
            println!("    {name:.3}  {score:.3} {mark} {what}");
        }
    }
    println!();
}

fn main() {
    println!("threshold: {RENAME_THRESHOLD}\n");
    let mut scores = Scores::new();
    for p in PLANS {
        let d = load(p);
        within("indicator", &d.plan.indicators, &mut scores);
        within("task", &d.plan.tasks, &mut scores);
        within("project", &d.plan.projects, &mut scores);
    }
    print("Different items of one plan", scores, 15);
    for (old, new) in PAIRS {
        let (a, b) = (load(old), load(new));
        let mut scores = Scores::new();
        across("indicator", &a.plan.indicators, &b.plan.indicators, &mut scores);
        across("task", &a.plan.tasks, &b.plan.tasks, &mut scores);
        across("project", &a.plan.projects, &b.plan.projects, &mut scores);
        print(&format!("Unmatched by name, {old} → {new}"), scores, 8);
    }
}
