//! Output: parsed documents → JSON files written atomically (temporary file, then rename) and diagnostic lines;
//! the language of the lines a person reads.

use crate::error::Error;
use crate::model::{Document, Level};
use std::io::Write;
use std::path::Path;

pub use crate::error::Lang;

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

/// Why a file was refused, for the summary: `path:line<what>message [code]` of the diagnostic that refused it
/// (`what` is the refusal in the summary's language, e.g. "：未写出：").
pub fn refusal(path: &Path, d: &crate::model::Diagnostic, what: &str) -> String {
    let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
    format!("{}{at}{what}{} [{}]", path.display(), d.message, d.code)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("sub/out.json");
        write_atomic(&p, b"{}\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "{}\n");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }
}
