//! Batch: many notice files → documents parsed on all cores, emitted in input order, and a summary.

use crate::error::Error;
use crate::model::{Document, Level};
use crate::output;
use crate::parse::Options;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where parsed documents go.
pub enum Sink<'a> {
    /// `<dir>/<name>.json` per file ([`output::output_names`]), each written atomically.
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
}

impl Settings {
    pub fn new(options: Options, progress: bool) -> Self {
        Settings { options, progress, chunk: None }
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

/// A file that produced no output, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
}

/// What a batch did. `clean + with_warnings + failed.len() == files`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    /// Parsed and written with no warning.
    pub clean: usize,
    /// Parsed and written, with at least one warning diagnostic.
    pub with_warnings: usize,
    /// Not written, in input order.
    pub failed: Vec<Failure>,
}

impl Summary {
    /// The summary as printed at the end of a batch: one count line, then one line per failed file.
    pub fn render(&self) -> String {
        let mut s = format!(
            "plandoc: {} file(s): {} parsed, {} parsed with warnings, {} failed\n",
            self.files,
            self.clean,
            self.with_warnings,
            self.failed.len()
        );
        for f in &self.failed {
            s.push_str(&format!("plandoc: failed: {}\n", f.reason));
        }
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
    },
    Failed(String),
}

struct FileResult {
    /// Lines for standard error, in the order they are to appear.
    messages: Vec<String>,
    outcome: Outcome,
}

/// Parse `files` and send each document to `sink`, in input order. Per-file problems are counted in the
/// summary and reported on `log`; only a failing `sink` (standard output closed) stops the batch.
///
/// Files are taken in chunks: each chunk is parsed in parallel (rayon), then its results are written and
/// reported in input order before the next chunk starts. Memory is bounded by one chunk of documents,
/// whatever the number of files, and output and messages are the same on 1 core or 64.
pub fn run(files: &[PathBuf], mut sink: Sink, settings: &Settings, log: &mut dyn Write) -> Result<Summary, Error> {
    let (form, names) = match &sink {
        Sink::Dir(dir) => (Form::File(dir), output::output_names(files)),
        Sink::Pretty(_) => (Form::Pretty, Vec::new()),
        Sink::Lines(_) => (Form::Line, Vec::new()),
    };
    // A bar for one file would only flash: it is drawn for a batch.
    let bar = progress_bar(files.len(), settings.progress && files.len() > 1);
    let mut summary = Summary { files: files.len(), ..Summary::default() };
    let chunk = settings.chunk(files.len());
    for (c, paths) in files.chunks(chunk).enumerate() {
        let work = |(k, path): (usize, &PathBuf)| {
            let name = names.get(c * chunk + k).map(String::as_str);
            let r = parse_one(path, name, form, &settings.options);
            bar.inc(1);
            r
        };
        // One file is parsed on this thread: no pool to start for `parse FILE --stdout`.
        let results: Vec<FileResult> = if paths.len() == 1 {
            paths.iter().enumerate().map(work).collect()
        } else {
            paths.par_iter().enumerate().map(work).collect()
        };
        for (path, r) in paths.iter().zip(results) {
            if !r.messages.is_empty() {
                bar.suspend(|| {
                    for m in &r.messages {
                        let _ = writeln!(log, "{m}");
                    }
                });
            }
            match r.outcome {
                Outcome::Done { warned, text } => {
                    if let Some(t) = text {
                        emit(&mut sink, t.as_bytes())?;
                    }
                    if warned {
                        summary.with_warnings += 1;
                    } else {
                        summary.clean += 1;
                    }
                }
                Outcome::Failed(reason) => summary.failed.push(Failure { path: path.clone(), reason }),
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
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files, {elapsed} elapsed, eta {eta}") {
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

fn parse_one(path: &Path, name: Option<&str>, form: Form, options: &Options) -> FileResult {
    let doc = match crate::parse::parse_file(path, options) {
        Ok(d) => d,
        Err(e) => {
            return FileResult {
                messages: vec![format!("plandoc: error: {e}")],
                outcome: Outcome::Failed(e.to_string()),
            };
        }
    };
    let mut messages = crate::output::diagnostic_lines(path, &doc);
    let warned = doc.diagnostics.iter().any(|d| d.level == Level::Warning);
    if let Some(first) = doc.diagnostics.iter().find(|d| d.level == Level::Error) {
        messages.push(format!("plandoc: {}: not written: the parse has errors", path.display()));
        let at = first.line.map(|l| format!(":{l}")).unwrap_or_default();
        let reason = format!("{}{at}: not written: {} [{}]", path.display(), first.message, first.code);
        return FileResult { messages, outcome: Outcome::Failed(reason) };
    }
    let text = match form {
        Form::File(dir) => {
            let file = dir.join(name.unwrap_or("input.json"));
            if let Err(e) = output::write_atomic(&file, output::to_json(&doc).as_bytes()) {
                messages.push(format!("plandoc: error: {e}"));
                return FileResult { messages, outcome: Outcome::Failed(e.to_string()) };
            }
            None
        }
        Form::Pretty => Some(output::to_json(&doc)),
        Form::Line => Some(to_json_line(&doc)),
    };
    FileResult { messages, outcome: Outcome::Done { warned, text } }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
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
            let settings = Settings { options: Options::default(), progress: false, chunk: Some(chunk) };
            let s = run(&files, Sink::Lines(&mut out), &settings, &mut std::io::sink()).unwrap();
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
        let settings = Settings { options: Options::default(), progress: false, chunk: Some(2) };
        let s = run(&files, Sink::Lines(&mut out), &settings, &mut log).unwrap();
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
        let r = s.render();
        assert!(r.starts_with("plandoc: 4 file(s): "), "{r}");
        assert!(r.ends_with(&format!("plandoc: failed: {}: not found\n", files[3].display())), "{r}");
    }

    #[test]
    fn dir_sink_writes_one_file_per_input() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        let files = vec![write(d.path(), "x.txt", PLAN.as_bytes()), write(d.path(), "y.md", PLAN.as_bytes())];
        let settings = Settings::new(Options::default(), false);
        let s = run(&files, Sink::Dir(&out), &settings, &mut std::io::sink()).unwrap();
        assert!(s.failed.is_empty());
        let mut names: Vec<String> =
            std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["x.json", "y.json"]);
        let doc: Document = serde_json::from_slice(&std::fs::read(out.join("x.json")).unwrap()).unwrap();
        assert_eq!(doc.plan.year, Some(2024));
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
        let e = run(&files, Sink::Lines(&mut Closed), &settings, &mut std::io::sink()).unwrap_err();
        assert!(e.to_string().contains("standard output"), "{e}");
    }
}
