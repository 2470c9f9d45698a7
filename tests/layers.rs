//! Layers: the `use` paths of every file in src/ → a file graph that must have no cycle of any length and whose
//! edges only point down (base < read < parse < output/batch < diff, export < report < lib).
//!
//! Paths are read from the source text: `crate::…` and `super::…` paths (with `{…}` groups expanded) and, in a
//! module's root file, paths through its own child modules. Test modules (`#[cfg(test)]` to the end of a file)
//! and comments are left out: they are not the program's structure.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A file's layer: what it may import is at its own layer or below.
fn layer(module: &[String]) -> Option<(u8, &'static str)> {
    let first = module.first().map(String::as_str).unwrap_or("");
    Some(match first {
        "" => (6, "lib"),
        "model" | "error" | "text" | "pattern" | "schema" => (0, "base"),
        "read" => (1, "read"),
        "parse" => (2, "parse"),
        "output" | "batch" | "input" => (3, "output"),
        "diff" => (4, "diff"),
        "export" => (4, "export"),
        "report" => (5, "report"),
        _ => return None,
    })
}

/// One source file: its module path and its text without comments and test code.
struct Source {
    module: Vec<String>,
    children: Vec<String>,
    code: String,
}

fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_string());
        }
    }
    parts
}

fn strip(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|l| match l.find("//") {
            Some(p) => &l[..p],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The full paths of a use tree starting at `s` (just after `prefix::`): `a::b`, `a::{b, c::d}`, `{a, b}`.
fn expand(s: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut i = 0;
    let b = s.as_bytes();
    let mut path = prefix;
    loop {
        while i < b.len() && (b[i] as char).is_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                i += expand(&s[i..], path.clone(), out);
                while i < b.len() && (b[i] as char).is_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(b',') => i += 1,
                    Some(b'}') => return i + 1,
                    _ => return i,
                }
                while i < b.len() && (b[i] as char).is_whitespace() {
                    i += 1;
                }
                if b.get(i) == Some(&b'}') {
                    return i + 1;
                }
            }
        }
        let start = i;
        while i < b.len() && is_ident(b[i] as char) {
            i += 1;
        }
        if i == start {
            out.push(path);
            return i;
        }
        path.push(s[start..i].to_string());
        if s[i..].starts_with("::") {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// Every module path `src` names, resolved to absolute module paths (items included; the caller finds the file).
fn paths(src: &Source) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let code = &src.code;
    for (pos, _) in code.match_indices("crate::") {
        if code[..pos].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        expand(&code[pos + "crate::".len()..], Vec::new(), &mut out);
    }
    for (pos, _) in code.match_indices("super::") {
        if code[..pos].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let mut base = src.module.clone();
        base.pop();
        expand(&code[pos + "super::".len()..], base, &mut out);
    }
    for child in &src.children {
        let pat = format!("{child}::");
        for (pos, _) in code.match_indices(&pat) {
            if code[..pos].chars().next_back().is_some_and(|c| is_ident(c) || c == ':') {
                continue;
            }
            let mut base = src.module.clone();
            base.push(child.clone());
            expand(&code[pos + pat.len()..], base, &mut out);
        }
    }
    out
}

/// The problems of a set of files: edges that point up or across, and cycles.
fn problems(files: &[Source]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let name = |m: &[String]| if m.is_empty() { "lib".to_string() } else { m.join("/") };
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    let mut found = Vec::new();
    for f in files {
        let mut to = BTreeSet::new();
        for p in paths(f) {
            // The longest prefix that is a file.
            let target = (0..=p.len()).rev().map(|n| p[..n].to_vec()).find(|m| modules.contains(m));
            if let Some(t) = target
                && t != f.module
            {
                to.insert(t);
            }
        }
        for t in &to {
            match (layer(&f.module), layer(t)) {
                (Some((a, ga)), Some((b, gb))) => {
                    if b > a || (a == b && ga != gb) {
                        found.push(format!(
                            "{} ({ga}) imports {} ({gb}): layers only point down",
                            name(&f.module),
                            name(t)
                        ));
                    }
                }
                _ => {
                    found.push(format!("{} or {} is in no layer: add it to tests/layers.rs", name(&f.module), name(t)))
                }
            }
        }
        edges.insert(f.module.clone(), to);
    }
    // Cycles: a depth-first search that reports each back edge with the path it closes.
    fn visit(
        m: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        cycles: &mut Vec<Vec<Vec<String>>>,
    ) {
        state.insert(m.clone(), 1);
        stack.push(m.clone());
        for t in edges.get(m).into_iter().flatten() {
            match state.get(t).copied().unwrap_or(0) {
                0 => visit(t, edges, state, stack, cycles),
                1 => {
                    let at = stack.iter().position(|s| s == t).unwrap_or(0);
                    let mut c = stack[at..].to_vec();
                    c.push(t.clone());
                    cycles.push(c);
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(m.clone(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in edges.keys() {
        if state.get(m).copied().unwrap_or(0) == 0 {
            visit(m, &edges, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    for c in cycles {
        found.push(format!("import cycle: {}", c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" → ")));
    }
    found
}

fn source(module: &[&str], children: &[&str], code: &str) -> Source {
    Source {
        module: module.iter().map(|s| s.to_string()).collect(),
        children: children.iter().map(|s| s.to_string()).collect(),
        code: strip(code),
    }
}

fn read_tree(dir: &Path, root: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("src/ is readable").flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_tree(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p.strip_prefix(root).expect("under src/");
            if rel == Path::new("main.rs") || rel.starts_with("cli") {
                continue; // the binary: it sits above every layer and imports through `plandoc::`.
            }
            let text = std::fs::read_to_string(&p).expect("source is UTF-8");
            let code = strip(&text);
            let children = code
                .lines()
                .filter_map(|l| {
                    let l = l.trim().strip_prefix("pub ").unwrap_or(l.trim());
                    l.strip_prefix("mod ")?.strip_suffix(';').map(str::to_string)
                })
                .collect();
            out.push(Source { module: module_of(rel), children, code });
        }
    }
}

#[test]
fn src_layers_point_down_and_have_no_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    assert!(files.len() > 20, "src/ read: {} files", files.len());
    // The graph is not empty: the pipeline's known edges are seen.
    let parse_mod = files.iter().find(|f| f.module == ["parse"]).expect("src/parse/mod.rs");
    assert!(paths(parse_mod).iter().any(|p| p.starts_with(&["read".to_string()])), "parse reads through read/");
    let found = problems(&files);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The checker finds what it is for: an upward import, a cross import, and cycles through groups and `super`.
#[test]
fn the_checker_catches_upward_imports_and_cycles() {
    let files = vec![
        source(&["read", "tables"], &[], "use crate::parse::sections::heading_level;"),
        source(&["parse", "sections"], &[], "use crate::read::{tables::{self, Block}, lines};"),
        source(&["read", "lines"], &[], ""),
        source(&["diff"], &["render", "report"], "use render::show;"),
        source(&["diff", "render"], &[], "use super::Report;"),
        source(&["diff", "report"], &[], "use crate::export::sheets::Cell; // crate::parse::checks in a comment"),
        source(&["export", "sheets"], &[], "#[cfg(test)] mod tests { use crate::diff::Report; }"),
        source(&["text"], &[], "fn f() { let x = crate::model::Level::Info; }"),
        source(&["model"], &[], ""),
    ];
    let found = problems(&files);
    let expect = [
        "read/tables (read) imports parse/sections (parse): layers only point down",
        "diff/report (diff) imports export/sheets (export): layers only point down",
        "import cycle: diff → diff/render → diff",
        "import cycle: parse/sections → read/tables → parse/sections",
    ];
    for e in expect {
        assert!(found.iter().any(|f| f == e), "missing {e:?} in {found:#?}");
    }
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}
