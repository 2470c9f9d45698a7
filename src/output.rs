//! Output: parsed documents → JSON files written atomically (temporary file, then rename) and diagnostic lines;
//! FILE|DIR arguments → the list of notices to read, each parsed for the commands that consume it.

use crate::error::Error;
use crate::model::{Document, Level};
use crate::parse::{Options, has_errors, parse_file};
use std::io::Write;
use std::path::{Path, PathBuf};

/// File endings `parse` reads when given a directory.
pub const EXTENSIONS: &[&str] =
    &["txt", "text", "md", "tsv", "csv", "docx", "html", "htm", "xlsx", "xls", "pdf", "doc", "wps", "et", "ofd"];

/// Pretty JSON with a final newline; the same document always gives the same bytes.
pub fn to_json(doc: &Document) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Write `contents` to `path` through a temporary file in the same directory and a rename, so that a
/// reader never sees half a file and a failure leaves no file behind.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".plandoc-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::Write { path: path.to_path_buf(), source: e })?;
    tmp.write_all(contents).map_err(|e| Error::Write { path: path.to_path_buf(), source: e })?;
    // tempfile creates 0600 files; an output is an ordinary readable file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let perm = std::fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(perm).map_err(|e| Error::Write { path: path.to_path_buf(), source: e })?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::Write { path: path.to_path_buf(), source: e })?;
    tmp.persist(path).map_err(|e| Error::Write { path: path.to_path_buf(), source: e.error })?;
    Ok(())
}

/// Expand the command line's FILE|DIR arguments: files as given, directories searched recursively for
/// [`EXTENSIONS`], in sorted order. A directory with nothing to read is an error.
pub fn collect_inputs(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for a in args {
        let meta = std::fs::metadata(a).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { path: a.clone() },
            _ => Error::Read { path: a.clone(), source: e },
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(a, &mut found)?;
            if found.is_empty() {
                return Err(Error::NothingToParse { path: a.clone(), exts: EXTENSIONS.join(", ") });
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Read { path: dir.to_path_buf(), source: e })?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::Read { path: dir.to_path_buf(), source: e })?;
        let p = entry.path();
        let ft = entry.file_type().map_err(|e| Error::Read { path: p.clone(), source: e })?;
        if ft.is_dir() {
            if !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                walk(&p, out)?;
            }
        } else if p.extension().is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x))) {
            out.push(p);
        }
    }
    Ok(())
}

/// Output names `<stem>.json`, unique within one run: a stem seen twice gets its parent folder's name.
pub fn output_names(inputs: &[PathBuf]) -> Vec<String> {
    let stem = |p: &Path| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "input".into());
    let stems: Vec<String> = inputs.iter().map(|p| stem(p)).collect();
    let mut names = stems.clone();
    for i in 0..names.len() {
        if stems.iter().filter(|n| **n == stems[i]).count() > 1 {
            let parent = inputs[i]
                .parent()
                .and_then(|p| p.file_name())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            names[i] = format!("{parent}__{}", names[i]);
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for n in names.iter_mut() {
        let c = seen.entry(n.clone()).or_insert(0usize);
        *c += 1;
        if *c > 1 {
            *n = format!("{n}-{c}");
        }
    }
    names.into_iter().map(|n| format!("{n}.json")).collect()
}

/// Warnings and errors of a parse as `file:line: level: message [code]` lines, for standard error.
pub fn diagnostic_lines(file: &Path, doc: &Document) -> Vec<String> {
    doc.diagnostics
        .iter()
        .filter(|d| d.level >= Level::Warning)
        .map(|d| {
            let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
            let level = if d.level == Level::Error { "error" } else { "warning" };
            format!("{}{at}: {level}: {} [{}]", file.display(), d.message, d.code)
        })
        .collect()
}

/// Parse one file for export: its warnings go to `log`; a parse with errors is refused, as `parse` does.
pub fn parse_for_export(file: &Path, max_bytes: u64, log: &mut dyn FnMut(&str)) -> Result<Document, String> {
    let doc = parse_file(file, &Options { max_bytes }).map_err(|e| e.to_string())?;
    for l in diagnostic_lines(file, &doc) {
        log(&l);
    }
    if has_errors(&doc) {
        return Err(format!("{}: not used: the parse has errors", file.display()));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_unique() {
        let n = output_names(&[PathBuf::from("a/x.txt"), PathBuf::from("b/x.txt"), PathBuf::from("y.md")]);
        assert_eq!(n, ["a__x.json", "b__x.json", "y.json"]);
    }

    #[test]
    fn atomic_write_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sub/out.json");
        write_atomic(&p, b"{}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{}\n");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn empty_dir_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        assert!(matches!(collect_inputs(&[d.path().to_path_buf()]), Err(Error::NothingToParse { .. })));
        assert!(matches!(collect_inputs(&[d.path().join("missing.txt")]), Err(Error::NotFound { .. })));
    }
}
