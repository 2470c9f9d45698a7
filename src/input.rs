//! Inputs: the command line's FILE|DIR|- arguments → the notices and `parse` JSON documents every command reads
//! (with what a directory scan skipped, and why), and one input → its document.
//!
//! Every subcommand resolves its inputs here, the same way: a file of any supported kind, a JSON document
//! `parse` wrote, a directory (searched recursively, in sorted order), or `-` for standard input. A directory
//! scan skips plandoc's own outputs (the `--out-dir` folder, JSON documents `parse` wrote, CSV files `export`
//! wrote) and, when read, texts that are not plan notices ([`not_a_plan`]); each skip is listed with its reason.

use crate::error::{Error, Lang};
use crate::model::{Document, Level, SCHEMA_VERSION};
use crate::parse::{Options, parse_bytes};
use std::io::Read;
use std::path::{Path, PathBuf};

/// File endings a directory scan reads: the one list of supported kinds (readers of other formats add theirs).
pub const EXTENSIONS: &[&str] =
    &["txt", "text", "md", "tsv", "csv", "docx", "html", "htm", "xlsx", "xls", "pdf", "doc", "wps", "et", "ofd"];

/// Where one input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file named on the command line or found in a directory.
    File(PathBuf),
    /// Standard input (`-`), read once while resolving; `stem` names the output (`--stem`, default `stdin`).
    Stdin { bytes: Vec<u8>, stem: String },
}

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub origin: Origin,
    /// Found by a directory scan (not named by the user): a text that is not a plan notice is skipped, not failed.
    pub from_dir: bool,
}

impl Input {
    pub fn file(path: impl Into<PathBuf>) -> Input {
        Input { origin: Origin::File(path.into()), from_dir: false }
    }

    /// The path as messages name it; `-` for standard input.
    pub fn path(&self) -> &Path {
        match &self.origin {
            Origin::File(p) => p,
            Origin::Stdin { .. } => Path::new("-"),
        }
    }

    /// The name outputs are given: the file's stem, or `--stem` for standard input.
    pub fn stem(&self) -> String {
        match &self.origin {
            Origin::File(p) => {
                p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "input".into())
            }
            Origin::Stdin { stem, .. } => stem.clone(),
        }
    }
}

/// Something a directory scan did not read, and why (in Chinese, as the summary prints it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The summary's lines for what the scans skipped, one per file: `plandoc：跳过：PATH：REASON`.
pub fn skipped_lines(skipped: &[Skipped], lang: Lang) -> String {
    skipped
        .iter()
        .map(|k| format!("{}{}：{}\n", lang.pick("plandoc：跳过：", "plandoc: skipped: "), k.path.display(), k.reason))
        .collect()
}

/// The inputs of one command, in order, and what the directory scans skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// How to resolve: folders plandoc writes to (skipped by scans), the name for standard input, the size limit.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The `--out-dir` folder and any other place this run writes to.
    pub outputs: Vec<PathBuf>,
    /// `--stem` for `-`.
    pub stem: Option<String>,
    pub max_bytes: u64,
    /// A scan reads the JSON documents `parse` wrote as inputs (commands that use documents: departments)
    /// instead of skipping them as plandoc's own output.
    pub json_in_dirs: bool,
}

/// Resolve the arguments. A missing path, an empty directory, `-` twice or `--stem` without `-` is a usage
/// error ([`Error::is_usage`]); standard input is read here, up to `max_bytes`.
pub fn resolve(args: &[PathBuf], req: &Request, stdin: &mut dyn Read) -> Result<Resolved, Error> {
    let mut out = Resolved::default();
    let outputs: Vec<PathBuf> = req.outputs.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let dashes = args.iter().filter(|a| a.as_os_str() == "-").count();
    if dashes > 1 {
        return Err(Error::Usage("`-`（标准输入）只能给一次".into()));
    }
    if req.stem.is_some() && dashes == 0 {
        return Err(Error::Usage("--stem 只用于 `-`（标准输入）".into()));
    }
    for a in args {
        if a.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let limit = if req.max_bytes == 0 { u64::MAX } else { req.max_bytes };
            stdin
                .take(limit.saturating_add(1))
                .read_to_end(&mut bytes)
                .map_err(|e| Error::Read { path: PathBuf::from("-"), source: e })?;
            if bytes.len() as u64 > limit {
                return Err(Error::TooLarge { path: PathBuf::from("-"), size: bytes.len() as u64, limit });
            }
            let stem = req.stem.clone().unwrap_or_else(|| "stdin".into());
            out.inputs.push(Input { origin: Origin::Stdin { bytes, stem }, from_dir: false });
            continue;
        }
        let meta = std::fs::metadata(a).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { path: a.clone() },
            _ => Error::Read { path: a.clone(), source: e },
        })?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(a, &outputs, req.json_in_dirs, &mut found, &mut out.skipped)?;
            if found.is_empty() {
                return Err(Error::NothingToParse { path: a.clone(), exts: EXTENSIONS.join(", ") });
            }
            found.sort();
            out.inputs.extend(found.into_iter().map(|p| Input { origin: Origin::File(p), from_dir: true }));
        } else {
            out.inputs.push(Input::file(a.clone()));
        }
    }
    Ok(out)
}

/// Resolve file and directory arguments with no standard input and no output folder: the notices under `args`.
pub fn files(args: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let r = resolve(args, &Request::default(), &mut std::io::empty())?;
    Ok(r.inputs.into_iter().map(|i| i.path().to_path_buf()).collect())
}

fn walk(
    dir: &Path,
    outputs: &[PathBuf],
    json: bool,
    found: &mut Vec<PathBuf>,
    skipped: &mut Vec<Skipped>,
) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::Read { path: dir.to_path_buf(), source: e })?;
    let mut entries: Vec<std::fs::DirEntry> =
        entries.collect::<Result<_, _>>().map_err(|e| Error::Read { path: dir.to_path_buf(), source: e })?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let p = entry.path();
        let ft = entry.file_type().map_err(|e| Error::Read { path: p.clone(), source: e })?;
        let hidden = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if ft.is_dir() {
            if hidden {
                continue;
            }
            if p.canonicalize().is_ok_and(|c| outputs.contains(&c)) {
                skipped.push(Skipped { path: p, reason: "plandoc 的输出目录（--out-dir）".into() });
                continue;
            }
            walk(&p, outputs, json, found, skipped)?;
        } else if let Some(reason) = own_output(&p) {
            if json && reason == PARSE_JSON {
                found.push(p);
            } else {
                skipped.push(Skipped { path: p, reason: reason.into() });
            }
        } else if has_extension(&p) && !hidden {
            found.push(p);
        }
    }
    Ok(())
}

/// The file ends in one of [`EXTENSIONS`].
pub fn has_extension(p: &Path) -> bool {
    p.extension().is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The reason a scan gives for a text that is not a plan notice.
const NOT_A_PLAN: &str = "不是计划通知：没有通知或计划的标题、计划的编号章节，也没有指标、任务或工程表";

/// The reason a scan gives for a JSON document `parse` wrote.
const PARSE_JSON: &str = "plandoc parse 写的 JSON";

/// The author every workbook `export` writes names (docProps/core.xml, `dc:creator`): a directory scan knows
/// such a workbook as plandoc's own output by it.
pub const EXPORT_AUTHOR: &str = "plandoc export";

/// A workbook `export` wrote: its document properties name [`EXPORT_AUTHOR`] as the author.
fn written_by_export(p: &Path) -> bool {
    let Ok(file) = std::fs::File::open(p) else { return false };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return false };
    let Ok(core) = zip.by_name("docProps/core.xml") else { return false };
    let mut xml = String::new();
    // The part is a few hundred bytes; more than 64 KiB is not one plandoc wrote.
    core.take(64 * 1024).read_to_string(&mut xml).is_ok()
        && xml.contains(&format!("<dc:creator>{EXPORT_AUTHOR}</dc:creator>"))
}

/// Why a file is one plandoc wrote: a JSON document of `parse` (it names `schema_version`), a CSV table
/// of `export` (`<stem>.indicators.csv`, `.tasks.csv`, `.projects.csv`, opening with a byte-order mark and
/// the column 编号), or a workbook of `export` (its author is [`EXPORT_AUTHOR`]).
fn own_output(p: &Path) -> Option<&'static str> {
    let name = p.file_name()?.to_string_lossy().to_lowercase();
    let head = |n: usize| -> Option<Vec<u8>> {
        let mut buf = Vec::new();
        std::fs::File::open(p).ok()?.take(n as u64).read_to_end(&mut buf).ok()?;
        Some(buf)
    };
    if name.ends_with(".json") {
        let h = head(4096)?;
        let t = String::from_utf8_lossy(&h);
        return (t.trim_start_matches('\u{feff}').trim_start().starts_with('{') && t.contains("\"schema_version\""))
            .then_some(PARSE_JSON);
    }
    if [".indicators.csv", ".tasks.csv", ".projects.csv"].iter().any(|s| name.ends_with(s)) {
        let h = head(64)?;
        return h.starts_with("\u{feff}编号,".as_bytes()).then_some("plandoc export 写的 CSV");
    }
    if name.ends_with(".xlsx") && written_by_export(p) {
        return Some("plandoc export 写的 Excel 工作簿");
    }
    None
}

/// Why a document a directory scan found is not a plan notice (skipped, not failed); `None` for a plan.
///
/// The one place the rule is asked: a text with no numbered section and no table (`plan.empty`), or one
/// with nothing of the genre — no notice, no section, no indicator, task or project, only raw tables.
pub fn not_a_plan(doc: &Document) -> Option<String> {
    if let Some(d) = doc.diagnostics.iter().find(|d| d.code == "plan.empty" && d.level == Level::Error) {
        return Some(format!("不是计划通知（{}）", d.message));
    }
    let p = &doc.plan;
    let nothing = doc.notice.is_none()
        && p.sections.is_empty()
        && p.indicators.is_empty()
        && p.tasks.is_empty()
        && p.projects.is_empty();
    nothing.then(|| "不是计划通知：没有通知、编号的章节或指标、任务、工程".to_string())
}

/// What a command that uses documents (export, departments, diff) makes of one input.
pub enum Use {
    /// Use it.
    Doc { doc: Box<Document>, incomplete: bool },
    /// Found by a directory scan and not a plan notice: skipped, with the reason.
    Skip(String),
    /// Not used: it could not be read, its parse has errors, or (strict) warnings. The reason names the file once.
    Refused { reason: String, incomplete: bool },
}

/// Load one input for use: its warnings and errors go to `log` as `file:line: level: message [code]` lines;
/// a document with errors, or under `strict` with any warning, is refused, as `parse` refuses to write it.
pub fn usable(input: &Input, opts: &Options, strict: bool, lang: Lang, log: &mut dyn FnMut(&str)) -> Use {
    let path = input.path();
    let doc = match load(input, opts) {
        Ok(d) => d,
        Err(e) => {
            if input.from_dir
                && let Some(reason) = not_a_plan_error(&e)
            {
                return Use::Skip(reason);
            }
            return Use::Refused { reason: e.message(lang), incomplete: false };
        }
    };
    if input.from_dir
        && let Some(reason) = not_a_plan(&doc)
    {
        return Use::Skip(reason);
    }
    for l in crate::output::diagnostic_lines(path, &doc) {
        log(&l);
    }
    let incomplete = doc.diagnostics.iter().any(|d| d.code == "input.incomplete");
    if let Some(first) = doc.diagnostics.iter().find(|d| d.level == Level::Error) {
        let reason = crate::output::refusal(path, first, lang.pick("：未使用：", ": not used: "));
        return Use::Refused { reason, incomplete };
    }
    let warnings = doc.diagnostics.iter().filter(|d| d.level == Level::Warning).count();
    if strict && warnings > 0 {
        let reason = match lang {
            Lang::Zh => format!("{}：未使用：--strict 下有 {warnings} 个警告", path.display()),
            Lang::En => format!("{}: not used: {warnings} warning(s) under --strict", path.display()),
        };
        return Use::Refused { reason, incomplete };
    }
    Use::Doc { doc: Box::new(doc), incomplete }
}

/// Why an input that failed to load is not a plan notice (skipped by a scan, not failed); `None` otherwise.
/// The one place a load error is read as "not a plan": the genre's rule refuses such a text as
/// [`Error::NotAPlan`].
pub fn not_a_plan_error(e: &Error) -> Option<String> {
    matches!(e, Error::NotAPlan { .. }).then(|| NOT_A_PLAN.to_string())
}

/// The bytes of one input, refusing a file over `max_bytes` before reading it.
pub fn bytes<'a>(input: &'a Input, opts: &Options) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    match &input.origin {
        Origin::Stdin { bytes, .. } => Ok(std::borrow::Cow::Borrowed(bytes)),
        Origin::File(path) => {
            let io = |e: std::io::Error| match e.kind() {
                std::io::ErrorKind::NotFound => Error::NotFound { path: path.to_path_buf() },
                _ => Error::Read { path: path.to_path_buf(), source: e },
            };
            let meta = std::fs::metadata(path).map_err(io)?;
            if meta.is_dir() {
                return Err(Error::Usage(format!("{}: 是目录，不是文件", path.display())));
            }
            if meta.len() > opts.max_bytes {
                return Err(Error::TooLarge { path: path.to_path_buf(), size: meta.len(), limit: opts.max_bytes });
            }
            let mut bytes = Vec::new();
            std::fs::File::open(path).map_err(io)?.take(opts.max_bytes).read_to_end(&mut bytes).map_err(io)?;
            Ok(std::borrow::Cow::Owned(bytes))
        }
    }
}

/// One input as a document: a JSON document `parse` wrote is read back, anything else is parsed. Whether the
/// document has errors is for the caller to judge.
pub fn load(input: &Input, opts: &Options) -> Result<Document, Error> {
    let bytes = bytes(input, opts)?;
    let path = input.path();
    match json_text(&bytes, path) {
        Some(json) => from_json(json, path),
        None => parse_bytes(&bytes, &path.to_string_lossy()),
    }
}

/// The text of a plandoc JSON document: it opens with `{` and names `schema_version` (or the file is a .json).
pub fn json_text<'a>(bytes: &'a [u8], path: &Path) -> Option<&'a str> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let is_json_ext = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    (body.starts_with('{') && (body.contains("\"schema_version\"") || is_json_ext)).then_some(body)
}

/// A JSON document `parse` wrote, of this major schema version.
pub fn from_json(text: &str, path: &Path) -> Result<Document, Error> {
    let bad = |message: String| Error::BadJson { path: path.to_path_buf(), message };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
    let version =
        value.get("schema_version").and_then(|v| v.as_str()).ok_or_else(|| bad("no schema_version".into()))?;
    let major = |v: &str| v.split('.').next().unwrap_or("").to_string();
    if major(version) != major(SCHEMA_VERSION) {
        return Err(bad(format!("schema_version {version}; this plandoc reads {SCHEMA_VERSION}")));
    }
    serde_json::from_value(value).map_err(|e| bad(e.to_string()))
}

/// Output names `<stem>.json`, unique within one run: a stem seen twice gets its parent folder's name.
pub fn output_names(inputs: &[Input]) -> Vec<String> {
    let stems: Vec<String> = inputs.iter().map(Input::stem).collect();
    let mut names = stems.clone();
    for i in 0..names.len() {
        if stems.iter().filter(|n| **n == stems[i]).count() > 1 {
            let parent = match &inputs[i].origin {
                Origin::File(p) => {
                    p.parent().and_then(|p| p.file_name()).map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
                }
                Origin::Stdin { .. } => "stdin".into(),
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> Request {
        Request { max_bytes: crate::parse::DEFAULT_MAX_BYTES, ..Request::default() }
    }

    #[test]
    fn names_unique() {
        let n = output_names(&[Input::file("a/x.txt"), Input::file("b/x.txt"), Input::file("y.md")]);
        assert_eq!(n, ["a__x.json", "b__x.json", "y.json"]);
        let stdin = Input { origin: Origin::Stdin { bytes: vec![], stem: "plan".into() }, from_dir: false };
        assert_eq!(output_names(&[stdin]), ["plan.json"]);
    }

    #[test]
    fn empty_dir_missing_file_and_two_dashes_are_usage_errors() {
        let d = tempfile::tempdir().unwrap();
        let e = resolve(&[d.path().to_path_buf()], &req(), &mut std::io::empty()).unwrap_err();
        assert!(matches!(e, Error::NothingToParse { .. }) && e.is_usage());
        let e = resolve(&[d.path().join("missing.txt")], &req(), &mut std::io::empty()).unwrap_err();
        assert!(matches!(e, Error::NotFound { .. }) && e.is_usage());
        let e = resolve(&["-".into(), "-".into()], &req(), &mut std::io::empty()).unwrap_err();
        assert!(e.is_usage(), "{e}");
        let r = Request { stem: Some("x".into()), ..req() };
        assert!(resolve(&[d.path().to_path_buf()], &r, &mut std::io::empty()).unwrap_err().is_usage());
    }

    #[test]
    fn stdin_is_read_once_and_named_by_its_stem() {
        let r = Request { stem: Some("plan".into()), ..req() };
        let got = resolve(&["-".into()], &r, &mut &b"abc"[..]).unwrap();
        assert_eq!(got.inputs.len(), 1);
        assert_eq!(got.inputs[0].origin, Origin::Stdin { bytes: b"abc".to_vec(), stem: "plan".into() });
        assert_eq!(got.inputs[0].path(), Path::new("-"));
        let small = Request { max_bytes: 2, ..req() };
        assert!(matches!(resolve(&["-".into()], &small, &mut &b"abc"[..]), Err(Error::TooLarge { .. })));
    }

    /// A scan skips the output folder, `parse` JSON and `export` CSV, and says so; it reads the rest in order.
    #[test]
    fn a_scan_skips_plandocs_own_outputs() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("b.txt"), "某计划").unwrap();
        std::fs::write(root.join("sub/a.md"), "某计划").unwrap();
        std::fs::write(root.join("out/b.txt"), "某计划").unwrap();
        std::fs::write(root.join("b.json"), "{\n  \"schema_version\": \"1.0\"\n}").unwrap();
        std::fs::write(root.join("b.indicators.csv"), "\u{feff}编号,目标层\r\n").unwrap();
        std::fs::write(root.join("data.csv"), "a,b\n1,2\n").unwrap();
        // A workbook `export` wrote.
        let doc = crate::parse::parse_file(Path::new("seeds/000_3011126d5fd8c4d3.txt"), &Options::default()).unwrap();
        let book = crate::export::xlsx::to_xlsx(&doc).unwrap();
        std::fs::write(root.join("b.xlsx"), &book).unwrap();
        std::fs::write(root.join("picture.png"), [0u8, 1, 2]).unwrap();
        let r = Request { outputs: vec![root.join("out")], ..req() };
        let got = resolve(&[root.to_path_buf()], &r, &mut std::io::empty()).unwrap();
        let read: Vec<&Path> = got.inputs.iter().map(Input::path).collect();
        assert_eq!(read, [root.join("b.txt"), root.join("data.csv"), root.join("sub/a.md")]);
        assert!(got.inputs.iter().all(|i| i.from_dir));
        let skipped: Vec<(PathBuf, &str)> = got.skipped.iter().map(|s| (s.path.clone(), s.reason.as_str())).collect();
        assert_eq!(
            skipped,
            [
                (root.join("b.indicators.csv"), "plandoc export 写的 CSV"),
                (root.join("b.json"), "plandoc parse 写的 JSON"),
                (root.join("b.xlsx"), "plandoc export 写的 Excel 工作簿"),
                (root.join("out"), "plandoc 的输出目录（--out-dir）"),
            ]
        );
    }

    #[test]
    fn json_is_read_back_and_text_is_parsed() {
        let d = tempfile::tempdir().unwrap();
        let doc = parse_bytes("某区2024年度工作计划\n\n一、总体目标\n\n完成任务。\n".as_bytes(), "x.txt").unwrap();
        let p = d.path().join("x.json");
        std::fs::write(&p, crate::output::to_json(&doc)).unwrap();
        assert_eq!(load(&Input::file(&p), &Options::default()).unwrap(), doc);
        assert!(not_a_plan(&doc).is_none());
        // A README is not a plan: a document the rule calls so, or a parse that refuses it as such.
        match parse_bytes("# 说明\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".as_bytes(), "README.md") {
            Ok(readme) => assert!(not_a_plan(&readme).is_some()),
            Err(e) => assert!(not_a_plan_error(&e).is_some(), "{e}"),
        }
    }
}
