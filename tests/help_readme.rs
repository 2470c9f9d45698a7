//! `--help` and the README agree: every subcommand's options are the options of its usage lines in the README
//! (the lines of a ```text block that start with `plandoc <command>`), and the extensions a directory scan reads
//! are the same in the resolver, in `--help` and in the README.

use std::collections::BTreeSet;
use std::process::Command;

fn help(sub: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_plandoc")).args([sub, "--help"]).output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// The `--long` options in a text, without the ones every command has (`--help`, the global `--lang`).
fn options(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("--") {
        let name: String =
            text[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>();
        let name = name.trim_end_matches('-').to_string();
        if !name.is_empty() && name != "help" && name != "lang" {
            out.insert(name);
        }
    }
    out
}

/// The README's usage lines of `sub`: lines of ```text blocks that start with `plandoc <sub> ` (comments cut).
fn readme_usage(readme: &str, sub: &str) -> Vec<String> {
    let mut in_text = false;
    let mut out = Vec::new();
    for l in readme.lines() {
        if l.starts_with("```") {
            in_text = l.trim() == "```text";
            continue;
        }
        let prefix = format!("plandoc {sub}");
        if in_text && (l == prefix || l.starts_with(&format!("{prefix} "))) {
            out.push(l.split('#').next().unwrap_or("").trim().to_string());
        }
    }
    out
}

#[test]
fn every_subcommands_options_are_in_its_readme_usage() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for sub in ["parse", "export", "departments", "diff", "schema"] {
        let usage = readme_usage(&readme, sub);
        assert!(!usage.is_empty(), "the README has no usage line for `plandoc {sub}`");
        let h = help(sub);
        let in_help = options(h.split("Options:").nth(1).unwrap_or(""));
        let in_readme: BTreeSet<String> = usage.iter().flat_map(|l| options(l)).collect();
        assert_eq!(in_readme, in_help, "plandoc {sub}: README {usage:?} against --help");
        // A command that takes inputs says so in both.
        let takes_inputs = h.lines().any(|l| l.starts_with("Usage:") && l.contains("<INPUTS>..."));
        assert_eq!(usage.iter().any(|l| l.contains("<FILE|DIR|->...")), takes_inputs, "plandoc {sub}: {usage:?}");
    }
}

#[test]
fn the_extensions_are_one_list() {
    let exts: Vec<String> = plandoc::input::EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    let listed = exts.join(" ");
    for sub in ["parse", "export", "departments"] {
        let h = help(sub).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(h.contains(&format!("a directory scan reads {listed}")), "plandoc {sub} --help: {h}");
    }
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(readme.contains(&format!("a directory is searched recursively for `{listed}`")), "README: {listed}");
}
