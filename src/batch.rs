//! Batch: many inputs → documents parsed on all cores, emitted in input order, and a summary (in Chinese, or
//! English with `--lang en`).

use crate::error::Error;
use crate::input::{self, Input, Skipped};
use crate::model::{Document, Level};
use crate::output::{self, Lang};
use crate::parse::Options;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where parsed documents go.
pub enum Sink<'a> {
    /// `<dir>/<name>.json` per file ([`input::output_names`]), each written atomically.
    Dir(&'a Path),
    /// Pretty JSON, one document after another (`parse --stdout`).
    Pretty(&'a mut dyn Write),
    /// One compact JSON document per line (`parse --jsonl`).
    Lines(&'a mut dyn Write),
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub options: Options,
    /// Draw a progress bar on standard error (only sensible when it is a terminal).
    pub progress: bool,
    /// Files parsed in parallel before their results are written; bounds memory. `None`: 32 per core.
    pub chunk: Option<usize>,
    /// Any warning fails the file (`--strict`): it is not written, and the run exits 1.
    pub strict: bool,
    /// The language of the lines written to the log and of the failure reasons.
    pub lang: Lang,
}

impl Settings {
    pub fn new(options: Options, progress: bool) -> Self {
        Settings { options, progress, chunk: None, strict: false, lang: Lang::Zh }
    }

    /// Chunks of 32 files per core: enough to keep every core busy, small enough that memory stays flat.
    /// The core count is asked of the system (not of rayon, so one file never starts a thread pool), and
    /// only for a batch: finding it reads cgroup files, which costs a one-file run measurable time.
    fn chunk(&self, files: usize) -> usize {
        if files <= 1 {
            return 1;
        }
        self.chunk.unwrap_or_else(|| 32 * std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1)
    }
}

/// A file that produced no output, and why (the reason names the file once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
}

/// What a batch did. `clean + with_warnings + failed.len() + skipped (found while reading) == files`;
/// `incomplete` counts the files flagged `input.incomplete` among them, written or not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    /// Parsed and written with no warning.
    pub clean: usize,
    /// Parsed and written, with at least one warning diagnostic.
    pub with_warnings: usize,
    /// Flagged `input.incomplete` (the text looks cut short).
    pub incomplete: usize,
    /// Not written, in input order.
    pub failed: Vec<Failure>,
    /// Not read, or read and found not to be a plan notice, with the reason.
    pub skipped: Vec<Skipped>,
    /// What the last document written held: `out/x.json：20 个指标，12 项任务，21 项工程，0 个警告`.
    pub last_written: Option<String>,
}

impl Summary {
    /// The summary as printed at the end of a batch: one count line, then one line per failed and skipped file.
    pub fn render(&self, lang: Lang) -> String {
        let mut s = match lang {
            Lang::Zh => format!(
                "plandoc：{} 个文件：{} 个已解析，{} 个有警告，{} 个失败",
                self.files,
                self.clean,
                self.with_warnings,
                self.failed.len()
            ),
            Lang::En => format!(
                "plandoc: {} file(s): {} parsed, {} parsed with warnings, {} failed",
                self.files,
                self.clean,
                self.with_warnings,
                self.failed.len()
            ),
        };
        if self.incomplete > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!("；{} 个文件不完整", self.incomplete),
                Lang::En => format!("; {} incomplete", self.incomplete),
            });
        }
        if !self.skipped.is_empty() {
            s.push_str(&match lang {
                Lang::Zh => format!("；跳过 {} 个", self.skipped.len()),
                Lang::En => format!("; {} skipped", self.skipped.len()),
            });
        }
        s.push('\n');
        for f in &self.failed {
            s.push_str(&format!("{}{}\n", lang.pick("plandoc：失败：", "plandoc: failed: "), f.reason));
        }
        s.push_str(&input::skipped_lines(&self.skipped, lang));
        s
    }
}

/// What a worker makes of a document: the sink's kind, without the writer (which stays on this thread).
#[derive(Clone, Copy)]
enum Form<'a> {
    File(&'a Path),
    Pretty,
    Line,
}

enum Outcome {
    /// Parsed; the text the sink prints in order (none when the worker already wrote the file).
    Done {
        warned: bool,
        text: Option<String>,
        /// What was written, as the one-file line says it.
        wrote: String,
    },
    Failed(String),
    /// Found by a directory scan and not a plan notice.
    Skipped(String),
}

struct FileResult {
    /// Lines for standard error, in the order they are to appear.
    messages: Vec<String>,
    incomplete: bool,
    outcome: Outcome,
}

/// Parse `inputs` and send each document to `sink`, in input order. Per-file problems are counted in the
/// summary and reported on `log`; only a failing `sink` (standard output closed) stops the batch.
///
/// Files are taken in chunks: each chunk is parsed in parallel (rayon), then its results are written and
/// reported in input order before the next chunk starts. Memory is bounded by one chunk of documents,
/// whatever the number of files, and output and messages are the same on 1 core or 64.
pub fn run(inputs: &[Input], mut sink: Sink, settings: &Settings, log: &mut dyn Write) -> Result<Summary, Error> {
    let (form, names) = match &sink {
        Sink::Dir(dir) => (Form::File(dir), input::output_names(inputs)),
        Sink::Pretty(_) => (Form::Pretty, Vec::new()),
        Sink::Lines(_) => (Form::Line, Vec::new()),
    };
    // A bar for one file would only flash: it is drawn for a batch.
    let bar = progress_bar(inputs.len(), settings.progress && inputs.len() > 1);
    let mut summary = Summary { files: inputs.len(), ..Summary::default() };
    let chunk = settings.chunk(inputs.len());
    for (c, group) in inputs.chunks(chunk).enumerate() {
        let work = |(k, input): (usize, &Input)| {
            let name = names.get(c * chunk + k).map(String::as_str);
            let r = parse_one(input, name, form, settings);
            bar.inc(1);
            r
        };
        // One file is parsed on this thread: no pool to start for `parse FILE --stdout`.
        let results: Vec<FileResult> = if group.len() == 1 {
            group.iter().enumerate().map(work).collect()
        } else {
            group.par_iter().enumerate().map(work).collect()
        };
        for (input, r) in group.iter().zip(results) {
            if !r.messages.is_empty() {
                bar.suspend(|| {
                    for m in &r.messages {
                        let _ = writeln!(log, "{m}");
                    }
                });
            }
            if r.incomplete {
                summary.incomplete += 1;
            }
            match r.outcome {
                Outcome::Done { warned, text, wrote } => {
                    if let Some(t) = text {
                        emit(&mut sink, t.as_bytes())?;
                    }
                    if warned {
                        summary.with_warnings += 1;
                    } else {
                        summary.clean += 1;
                    }
                    summary.last_written = Some(wrote);
                }
                Outcome::Failed(reason) => summary.failed.push(Failure { path: input.path().to_path_buf(), reason }),
                Outcome::Skipped(reason) => summary.skipped.push(Skipped { path: input.path().to_path_buf(), reason }),
            }
        }
        flush(&mut sink)?;
    }
    bar.finish_and_clear();
    Ok(summary)
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::Write { path: PathBuf::from("<standard output>"), source: e }
}

fn emit(sink: &mut Sink, bytes: &[u8]) -> Result<(), Error> {
    match sink {
        Sink::Dir(_) => Ok(()),
        Sink::Pretty(w) | Sink::Lines(w) => w.write_all(bytes).map_err(stdout_error),
    }
}

fn flush(sink: &mut Sink) -> Result<(), Error> {
    match sink {
        Sink::Dir(_) => Ok(()),
        Sink::Pretty(w) | Sink::Lines(w) => w.flush().map_err(stdout_error),
    }
}

fn progress_bar(len: usize, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} 个文件，已用 {elapsed}，还需 {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// One compact JSON document and a newline: a JSON Lines record.
pub fn to_json_line(doc: &Document) -> String {
    let mut s = serde_json::to_string(doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// What a document holds, as the line after a one-file `parse` says it: `20 个指标，12 项任务，21 项工程，0 个警告`.
pub fn counts(doc: &Document) -> String {
    let p = &doc.plan;
    let warnings = doc.diagnostics.iter().filter(|d| d.level == Level::Warning).count();
    format!("{} 个指标，{} 项任务，{} 项工程，{warnings} 个警告", p.indicators.len(), p.tasks.len(), p.projects.len())
}

fn parse_one(input: &Input, name: Option<&str>, form: Form, settings: &Settings) -> FileResult {
    let path = input.path();
    let failed = |messages, reason| FileResult { messages, incomplete: false, outcome: Outcome::Failed(reason) };
    let doc = match input::load(input, &settings.options) {
        Ok(d) => d,
        Err(e) => {
            if input.from_dir
                && let Some(reason) = input::not_a_plan_error(&e)
            {
                return FileResult { messages: Vec::new(), incomplete: false, outcome: Outcome::Skipped(reason) };
            }
            return failed(vec![e.report(settings.lang)], e.message(settings.lang));
        }
    };
    if input.from_dir
        && let Some(reason) = input::not_a_plan(&doc)
    {
        return FileResult { messages: Vec::new(), incomplete: false, outcome: Outcome::Skipped(reason) };
    }
    let mut messages = output::diagnostic_lines(path, &doc);
    let incomplete = doc.diagnostics.iter().any(|d| d.code == "input.incomplete");
    let warnings = doc.diagnostics.iter().filter(|d| d.level == Level::Warning).count();
    let not_written = |messages, reason| FileResult { messages, incomplete, outcome: Outcome::Failed(reason) };
    if let Some(first) = doc.diagnostics.iter().find(|d| d.level == Level::Error) {
        let lang = settings.lang;
        messages.push(format!(
            "{}{}{}",
            lang.pick("plandoc：", "plandoc: "),
            path.display(),
            lang.pick("：未写出：解析有错误", ": not written: the parse has errors")
        ));
        let reason = output::refusal(path, first, lang.pick("：未写出：", ": not written: "));
        return not_written(messages, reason);
    }
    if settings.strict && warnings > 0 {
        let first = doc.diagnostics.iter().find(|d| d.level == Level::Warning).map(|d| d.code.as_str()).unwrap_or("");
        let (line, reason) = match settings.lang {
            Lang::Zh => (
                format!("plandoc：{}：未写出：--strict 下有 {warnings} 个警告", path.display()),
                format!("{}：未写出：--strict 下有 {warnings} 个警告（首个 [{first}]）", path.display()),
            ),
            Lang::En => (
                format!("plandoc: {}: not written: {warnings} warning(s) under --strict", path.display()),
                format!("{}: not written: {warnings} warning(s) under --strict (first [{first}])", path.display()),
            ),
        };
        messages.push(line);
        return not_written(messages, reason);
    }
    let (text, target) = match form {
        Form::File(dir) => {
            let file = dir.join(name.unwrap_or("input.json"));
            if let Err(e) = output::write_atomic(&file, output::to_json(&doc).as_bytes()) {
                messages.push(e.report(settings.lang));
                return not_written(messages, e.message(settings.lang));
            }
            (None, file.display().to_string())
        }
        Form::Pretty => (Some(output::to_json(&doc)), "标准输出".to_string()),
        Form::Line => (Some(to_json_line(&doc)), "标准输出".to_string()),
    };
    let wrote = format!("{target}：{}", counts(&doc));
    FileResult { messages, incomplete, outcome: Outcome::Done { warned: warnings > 0, text, wrote } }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn inputs(files: &[PathBuf]) -> Vec<Input> {
        files.iter().map(Input::file).collect()
    }

    const PLAN: &str = "某区2024年度工作计划\n\n一、总体目标\n\n完成任务。\n";

    #[test]
    fn lines_come_out_in_input_order_whatever_the_chunk() {
        let d = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = (0..7)
            .map(|i| write(d.path(), &format!("{i}.txt"), PLAN.replace("2024", &format!("20{:02}", 10 + i)).as_bytes()))
            .collect();
        for chunk in [1, 2, 3, 100] {
            let mut out = Vec::new();
            let settings = Settings {
                options: Options::default(),
                progress: false,
                chunk: Some(chunk),
                strict: false,
                lang: Lang::En,
            };
            let s = run(&inputs(&files), Sink::Lines(&mut out), &settings, &mut std::io::sink()).unwrap();
            assert_eq!((s.files, s.failed.len()), (7, 0));
            let years: Vec<i64> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["plan"]["year"].as_i64().unwrap())
                .collect();
            assert_eq!(years, [2010, 2011, 2012, 2013, 2014, 2015, 2016], "chunk {chunk}");
        }
    }

    #[test]
    fn failures_are_counted_named_and_explained() {
        let d = tempfile::tempdir().unwrap();
        let files = vec![
            write(d.path(), "a.txt", PLAN.as_bytes()),
            write(d.path(), "b.txt", b""),
            write(d.path(), "c.txt", b"\x00\x01binary"),
            d.path().join("missing.txt"),
        ];
        let mut out = Vec::new();
        let mut log = Vec::new();
        let settings =
            Settings { options: Options::default(), progress: false, chunk: Some(2), strict: false, lang: Lang::En };
        let s = run(&inputs(&files), Sink::Lines(&mut out), &settings, &mut log).unwrap();
        assert_eq!(s.files, 4);
        assert_eq!(s.clean + s.with_warnings, 1);
        let failed: Vec<&Path> = s.failed.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(failed, [files[1].as_path(), files[2].as_path(), files[3].as_path()]);
        assert!(s.failed[0].reason.contains("empty file"), "{}", s.failed[0].reason);
        assert!(s.failed[1].reason.contains("binary"), "{}", s.failed[1].reason);
        assert!(s.failed[2].reason.contains("not found"), "{}", s.failed[2].reason);
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
        let log = String::from_utf8(log).unwrap();
        assert_eq!(log.lines().filter(|l| l.starts_with("plandoc: error:")).count(), 3);
        let r = s.render(Lang::En);
        assert!(r.starts_with("plandoc: 4 file(s): "), "{r}");
        assert!(r.ends_with(&format!("plandoc: failed: {}: not found\n", files[3].display())), "{r}");
        let r = s.render(Lang::Zh);
        assert!(r.starts_with("plandoc：4 个文件：1 个已解析，0 个有警告，3 个失败\n"), "{r}");
    }

    #[test]
    fn dir_sink_writes_one_file_per_input() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let files = vec![write(d.path(), "x.txt", PLAN.as_bytes()), write(d.path(), "y.md", PLAN.as_bytes())];
        let settings = Settings::new(Options::default(), false);
        let s = run(&inputs(&files), Sink::Dir(&out), &settings, &mut std::io::sink()).unwrap();
        assert!(s.failed.is_empty());
        let mut names: Vec<String> =
            std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["x.json", "y.json"]);
        let doc: Document = serde_json::from_slice(&std::fs::read(out.join("x.json")).unwrap()).unwrap();
        assert_eq!(doc.plan.year, Some(2024));
    }

    /// Under --strict a warning fails the file: not written, counted as failed; an incomplete text is counted
    /// apart; a text a directory scan found that is not a plan is skipped, not failed.
    #[test]
    fn strict_incomplete_and_not_a_plan() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let cut =
            "某区关于印发2024年度工作计划的通知\n\n各单位：\n\n现将计划印发给你们。\n\n一、总体目标\n\n全面完成，\n";
        let files = vec![write(d.path(), "a.txt", PLAN.as_bytes()), write(d.path(), "cut.txt", cut.as_bytes())];
        let mut all = inputs(&files);
        let readme = write(d.path(), "README.md", "# 说明\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".as_bytes());
        all.push(Input { origin: input::Origin::File(readme.clone()), from_dir: true });
        let mut settings = Settings::new(Options::default(), false);
        let s = run(&all, Sink::Dir(&out), &settings, &mut std::io::sink()).unwrap();
        assert_eq!((s.files, s.clean, s.with_warnings, s.incomplete, s.failed.len()), (3, 1, 1, 1, 0));
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(s.skipped[0].path, readme);
        let r = s.render(Lang::Zh);
        assert!(
            r.starts_with("plandoc：3 个文件：1 个已解析，1 个有警告，0 个失败；1 个文件不完整；跳过 1 个\n"),
            "{r}"
        );
        assert!(r.contains(&format!("plandoc：跳过：{}：不是计划通知", readme.display())), "{r}");
        settings.strict = true;
        let out2 = d.path().join("out2");
        let s = run(&all, Sink::Dir(&out2), &settings, &mut std::io::sink()).unwrap();
        assert_eq!((s.clean, s.with_warnings, s.incomplete, s.failed.len()), (1, 0, 1, 1));
        assert!(s.failed[0].reason.contains("--strict"), "{}", s.failed[0].reason);
        assert!(!out2.join("cut.json").exists() && out2.join("a.json").exists());
    }

    #[test]
    fn a_closed_output_stops_the_batch() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "closed"))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let d = tempfile::tempdir().unwrap();
        let files = vec![write(d.path(), "x.txt", PLAN.as_bytes())];
        let settings = Settings::new(Options::default(), false);
        let e = run(&inputs(&files), Sink::Lines(&mut Closed), &settings, &mut std::io::sink()).unwrap_err();
        assert!(e.to_string().contains("standard output"), "{e}");
    }
}
