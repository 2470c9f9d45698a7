//! Errors: everything that stops one file from being parsed or written, each naming the file (and line).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: empty file: nothing to parse", path.display())]
    Empty { path: PathBuf },
    #[error("{}: binary file, not a text notice (byte {offset} is a control byte)", path.display())]
    Binary { path: PathBuf, offset: usize },
    /// The text shows none of the genre's markers (a notice or plan title, numbered sections of the known kinds,
    /// a table with indicator, task or project columns): it is something else, not a damaged notice.
    #[error("{}: not a plan notice: no notice or plan title, no numbered sections of a plan, no table of indicators, tasks or projects", path.display())]
    NotAPlan { path: PathBuf },
    #[error("{}: {size} bytes is over the limit of {limit} bytes (raise it with --max-bytes)", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}:{line}: {message}", path.display())]
    Invalid { path: PathBuf, line: usize, message: String },
    #[error("{}: no notice files found (looked for {exts})", path.display())]
    NothingToParse { path: PathBuf, exts: String },
    /// A file in a format plandoc does not read (legacy .doc, .wps, .et, .ofd), or a Word, Excel, HTML or PDF
    /// file that cannot be read (damaged, encrypted, a zip bomb, a scan without text).
    #[error("{}: {message}", path.display())]
    Format { path: PathBuf, message: String },
    #[error("{}: not found", path.display())]
    NotFound { path: PathBuf },
    #[error("{}: cannot write: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: not a plandoc JSON document: {message}", path.display())]
    BadJson { path: PathBuf, message: String },
    #[error("{}: database: {message}", path.display())]
    Database { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Other(String),
}

/// The language of the lines a person reads (summaries, what was written, errors); diagnostic messages and
/// codes are the output contract and stay as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en`, whichever this language is.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl Error {
    /// The message in `lang`: English is the `Display` text; Chinese names the same file and line.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Error::Read { path, source } => format!("{}：无法读取：{source}", path.display()),
            Error::Empty { path } => format!("{}：空文件，没有可解析的内容", path.display()),
            Error::Binary { path, offset } => {
                format!("{}：二进制文件，不是文本通知（第 {offset} 字节是控制字符）", path.display())
            }
            Error::TooLarge { path, size, limit } => {
                format!("{}：{size} 字节，超过 {limit} 字节的上限（可用 --max-bytes 调高）", path.display())
            }
            Error::NothingToParse { path, exts } => format!("{}：没有找到通知文件（查找 {exts}）", path.display()),
            Error::NotFound { path } => format!("{}：不存在", path.display()),
            Error::NotAPlan { path } => format!(
                "{}：不是计划通知：没有通知或计划的标题、计划的编号章节，也没有指标、任务或工程表",
                path.display()
            ),
            Error::Write { path, source } => format!("{}：无法写入：{source}", path.display()),
            Error::BadJson { path, message } => format!("{}：不是 plandoc 的 JSON 文档：{message}", path.display()),
            Error::Database { path, message } => format!("{}：数据库：{message}", path.display()),
            Error::Format { path, message } => format!("{}：文件无法读取：{message}", path.display()),
            // Invalid, Usage, Other and any later kind: their own words.
            _ => self.to_string(),
        }
    }

    /// `plandoc: error: …` in `lang`, as the command prints an error.
    pub fn report(&self, lang: Lang) -> String {
        format!("{}{}", lang.pick("plandoc：错误：", "plandoc: error: "), self.message(lang))
    }

    /// An error in the command line itself (a missing input, an empty folder, a bad combination of options):
    /// exit status 2, where a file that fails is 1.
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::NotFound { .. } | Error::NothingToParse { .. } | Error::Usage(_))
    }

    /// The line the error points at, where there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            Error::Invalid { line, .. } => Some(*line),
            _ => None,
        }
    }
}
