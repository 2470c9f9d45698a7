//! Office zip packages (.docx, .xlsx): the archive → its XML parts, each streamed through a reader that stops at
//! [`MAX_PART_BYTES`] decompressed bytes (a zip bomb is refused while it inflates, never held in memory).

use std::io::{BufReader, Cursor, Read};

/// The most bytes one XML part may inflate to: far above any notice (the seed's document.xml is 40 KB), far below
/// the memory a zip bomb would take.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The deepest element nesting read (Word nests tables in cells in text boxes, a few dozen levels at most).
pub const MAX_DEPTH: usize = 512;

pub type PartReader<'a, 'b> = quick_xml::Reader<BufReader<Limited<zip::read::ZipFile<'a, Cursor<&'b [u8]>>>>>;

/// A reader that fails once more than `left` bytes have come through.
pub struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(std::io::Error::other(format!(
                "a part inflates to more than {} MiB: refused as a zip bomb",
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

pub struct Archive<'b> {
    zip: zip::ZipArchive<Cursor<&'b [u8]>>,
}

impl<'b> Archive<'b> {
    /// Open the archive; `what` names the format in the error ("Word").
    pub fn open(bytes: &'b [u8], what: &str) -> Result<Self, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| match what {
            "zip" => format!("a damaged zip archive ({e})"),
            _ => format!("not a readable {what} file: the zip archive is damaged ({e})"),
        })?;
        Ok(Archive { zip })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part as a streaming XML reader, or `None` when the archive has no such part.
    pub fn stream(&mut self, name: &str) -> Result<Option<PartReader<'_, 'b>>, String> {
        let Some(i) = self.zip.index_for_name(name) else { return Ok(None) };
        let file = self.zip.by_index(i).map_err(|e| format!("{name}: cannot be unpacked ({e})"))?;
        let mut r = quick_xml::Reader::from_reader(BufReader::new(Limited { inner: file, left: MAX_PART_BYTES }));
        r.config_mut().check_end_names = true;
        Ok(Some(r))
    }

    /// Same as [`stream`](Self::stream), for an optional part.
    pub fn part(&mut self, name: &str) -> Result<Option<PartReader<'_, 'b>>, String> {
        self.stream(name)
    }

    /// Stream every part through the size limit, keeping nothing: for a reader (calamine) that inflates parts
    /// whole.
    pub fn check_sizes(&mut self) -> Result<(), String> {
        for i in 0..self.zip.len() {
            let file = self.zip.by_index(i).map_err(|e| format!("a part cannot be unpacked ({e})"))?;
            let name = file.name().map(|n| n.into_owned()).unwrap_or_default();
            let mut limited = Limited { inner: file, left: MAX_PART_BYTES };
            std::io::copy(&mut limited, &mut std::io::sink()).map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(())
    }

    /// The main part the package's relationships name (`officeDocument`), or `default`.
    pub fn main_part(&mut self, default: &str) -> String {
        if self.has(default) {
            return default.to_string();
        }
        let Ok(Some(mut r)) = self.stream("_rels/.rels") else { return default.to_string() };
        let mut buf = Vec::new();
        while let Ok(ev) = r.read_event_into(&mut buf) {
            match ev {
                quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e) => {
                    let get = |n: &str| {
                        e.attributes().flatten().find(|a| a.key.local_name().as_ref() == n).map(|a| a.value.to_string())
                    };
                    if get("Type").is_some_and(|t| t.ends_with("/officeDocument"))
                        && let Some(t) = get("Target")
                    {
                        return t.trim_start_matches('/').to_string();
                    }
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        default.to_string()
    }
}

/// A one-line message for an XML error in `part`, with the byte position.
pub fn xml_error<R>(part: &str, reader: &quick_xml::Reader<R>, e: quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Io(io) => format!("{part}: {io}"),
        e => format!("{part}: malformed XML at byte {}: {e}", reader.buffer_position()),
    }
}
