//! Decode: raw bytes → UTF-8 text plus the name of the encoding found (BOM, UTF-8, GB18030 by detection).

use crate::model::Diags;
use std::borrow::Cow;

#[derive(Debug)]
pub struct Decoded<'a> {
    /// Borrowed from the input when it is UTF-8 already; decoded into a new string otherwise.
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Why bytes could not be taken as text at all.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Empty,
    /// Looks like a binary file (NUL bytes or control characters outside any text encoding).
    Binary {
        offset: usize,
    },
}

/// Decode bytes to text. Invalid sequences become U+FFFD and a warning naming the line; they never abort.
pub fn decode<'a>(bytes: &'a [u8], diags: &mut Diags) -> Result<Decoded<'a>, DecodeError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DecodeError::Empty);
    }
    // Byte-order marks decide outright.
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc != encoding_rs::UTF_8 && body.len() % 2 == 1 {
            diags.error(
                "input.truncated",
                None,
                format!("{} text has an odd number of bytes: the last byte is cut off", enc.name()),
            );
        }
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            report_replacements(&text, enc.name(), diags);
        }
        return finish(text, enc.name());
    }
    // UTF-16 without BOM: many NULs in alternate positions.
    if let Some(enc) = sniff_utf16(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        diags.info("decode.utf16_no_bom", None, format!("no byte-order mark; decoded as {}", enc.name()));
        if had_errors {
            report_replacements(&text, enc.name(), diags);
        }
        return finish(text, enc.name());
    }
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    // Validation with SIMD (simdutf8): std's check goes character by character through CJK text, which is
    // all multi-byte; this one is several times faster on the seed and gives the same verdict.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return finish(Cow::Borrowed(s), "UTF-8");
    }
    // UTF-8 with a few broken sequences (a file cut inside a character, a damaged byte) is still UTF-8:
    // byte statistics would call it GB18030 and turn every character into the wrong one.
    if mostly_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes);
        report_replacements(&text, "UTF-8", diags);
        return finish(text, "UTF-8");
    }
    // Not valid UTF-8: ask chardetng (it knows GBK/GB18030, Big5, Shift_JIS ... by their byte statistics),
    // unless the bytes have the shape of GB2312 text, as nearly every GBK/GB18030 notice does:
    // detection runs a dozen decoders over every byte (3.9 ms for the 15 KB seed), this check one pass.
    let guess = if gb2312_shaped(bytes) {
        encoding_rs::GB18030
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
    };
    let (enc, name) = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        (encoding_rs::GB18030, "GB18030")
    } else if guess == encoding_rs::UTF_8 {
        (encoding_rs::UTF_8, "UTF-8")
    } else {
        (guess, guess.name())
    };
    if name != "GB18030" && name != "UTF-8" {
        diags.warn("decode.guessed", None, format!("encoding detected as {name}; check the text"));
    } else {
        diags.info("decode.detected", None, format!("no byte-order mark and not UTF-8: detected as {name}"));
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        report_replacements(&text, name, diags);
    }
    finish(text, name)
}

/// True when the bytes are GBK-shaped (every byte of 0x80 and above starts or ends a two-byte character:
/// first byte 81–FE, second 40–7E or 80–FE) and at least 98% of those characters are GB2312 (first byte
/// A1–F7, second A1–FE) — the shape of nearly every GBK/GB18030 notice, with the odd GBK-only character
/// such as 泃. Big5 puts about 40% of its characters at second bytes 40–7E, Shift_JIS its kana at first
/// bytes 82–83: those go to detection. EUC-KR and EUC-JP have GB2312's shape and would be read as GB18030:
/// this tool reads Chinese notices, and says in a diagnostic which encoding it took.
fn gb2312_shaped(bytes: &[u8]) -> bool {
    let (mut i, mut gb2312, mut other) = (0, 0usize, 0usize);
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else { return false };
        if (0xA1..=0xF7).contains(&lead) && (0xA1..=0xFE).contains(&trail) {
            gb2312 += 1;
        } else if (0x81..=0xFE).contains(&lead) && matches!(trail, 0x40..=0x7E | 0x80..=0xFE) {
            other += 1;
        } else {
            return false;
        }
        i += 2;
    }
    gb2312 > 0 && other * 50 <= gb2312
}

/// True when the bytes hold many valid multi-byte UTF-8 characters and only a few invalid sequences
/// (at most one per 10 valid ones). GB18030 text almost never forms valid UTF-8 multi-byte sequences,
/// so its ratio is the other way round.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    multibyte > 0 && invalid * 10 <= multibyte
}

fn finish<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<Decoded<'a>, DecodeError> {
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding })
}

fn sniff_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.len() < 4 {
        return None;
    }
    let n = bytes.len().min(4096) / 2 * 2;
    // Both signals count NUL bytes: a window without one (any UTF-8 or GB18030 text) is settled by one
    // SIMD search instead of the pair loop.
    memchr::memchr(0, &bytes[..n])?;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes[..n].chunks_exact(2) {
        if pair[0] == 0 {
            even += 1;
        }
        if pair[1] == 0 {
            odd += 1;
        }
    }
    let pairs = n / 2;
    // ASCII-heavy UTF-16 has a NUL in one half of most pairs; CJK-heavy text has few NULs but
    // newlines still give some. Require a clear, one-sided signal.
    if odd * 4 > pairs && even * 20 < pairs.max(1) {
        Some(encoding_rs::UTF_16LE)
    } else if even * 4 > pairs && odd * 20 < pairs.max(1) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The first byte that no text file would hold: NUL, or a C0 control other than tab/LF/CR/FF/ESC.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let window = &bytes[..bytes.len().min(8192)];
    // Written without branches (`&` of byte compares), so the counting pass below is vectorised: with `&&`
    // and `matches!` it was a branch per byte, most of the decode stage's time on UTF-8 input (0.9% of the
    // archive run's instructions; kept for the budget of the whole round, bench/README.md "Scanners kept").
    let odd = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') & (b != 0x0c) & (b != 0x1b);
    // One pass counts the controls (NUL among them); text has none, so the searches below rarely run.
    // Counted in bytes, 255 at a time (a count that fits a byte keeps the vector lanes 16 wide).
    let controls: usize =
        window.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(odd(b))))).sum();
    if controls == 0 {
        return None;
    }
    if let Some(p) = window.iter().position(|&b| b == 0) {
        return Some(p);
    }
    if controls * 20 > window.len() {
        return window.iter().position(|&b| odd(b));
    }
    None
}

fn report_replacements(text: &str, enc: &str, diags: &mut Diags) {
    // An incomplete sequence at the very end: the file was cut off.
    if text.trim_end().ends_with('\u{FFFD}') {
        let last = text.trim_end().split('\n').count();
        diags.error(
            "input.truncated",
            Some(last),
            format!("the file ends inside a {enc} character: it looks truncated"),
        );
    }
    let mut reported = 0;
    for (i, line) in text.split('\n').enumerate() {
        let n = line.matches('\u{FFFD}').count();
        if n > 0 {
            if reported < 20 {
                diags.warn(
                    "decode.invalid_bytes",
                    Some(i + 1),
                    format!("{n} byte sequence(s) invalid in {enc} replaced by U+FFFD"),
                );
            }
            reported += 1;
        }
    }
    if reported > 20 {
        diags.warn("decode.invalid_bytes", None, format!("{} more lines hold invalid bytes", reported - 20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(b: &[u8]) -> Result<Decoded<'_>, DecodeError> {
        decode(b, &mut Diags::default())
    }

    /// simdutf8 says "valid UTF-8" exactly where std does, also for text cut at every byte.
    #[test]
    fn simd_validation_agrees_with_std() {
        let text = "天津市蓟州区 2020 年度工作计划：“两山”基地。\n".repeat(8);
        let b = text.as_bytes();
        for end in 0..=b.len() {
            let cut = &b[..end];
            assert_eq!(simdutf8::basic::from_utf8(cut).is_ok(), std::str::from_utf8(cut).is_ok(), "cut at {end}");
            let mut flipped = cut.to_vec();
            if let Some(x) = flipped.get_mut(end / 2) {
                *x ^= 0x40;
            }
            assert_eq!(simdutf8::basic::from_utf8(&flipped).is_ok(), std::str::from_utf8(&flipped).is_ok());
        }
    }

    /// The branch-free control test finds what the `matches!` it replaced found, for every byte value.
    #[test]
    fn binary_offset_for_every_byte() {
        let old_odd = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b);
        for b in 0..=255u8 {
            // One odd byte in 19 bytes of text is a control density over 1/20: reported where it is.
            let mut text = b"abcdefghi".to_vec();
            text.push(b);
            text.extend_from_slice(b"jklmnopqr");
            let want = if b == 0 || old_odd(b) { Some(9) } else { None };
            assert_eq!(binary_offset(&text), want, "byte {b:#04x}");
        }
    }

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(dec("通知".as_bytes()).unwrap().encoding, "UTF-8");
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("通知".as_bytes());
        let d = dec(&b).unwrap();
        assert_eq!((&*d.text, d.encoding), ("通知", "UTF-8"));
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "工作计划\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(dec(&le).unwrap().text, "工作计划\n");
        assert_eq!(dec(&le).unwrap().encoding, "UTF-16LE");
        assert_eq!(dec(&be).unwrap().encoding, "UTF-16BE");
    }

    #[test]
    fn gb18030_detected() {
        let (bytes, _, _) =
            encoding_rs::GB18030.encode("天津市蓟州区人民政府办公室关于印发工作计划的通知\n二〇二〇年四月九日");
        let d = dec(&bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert!(d.text.starts_with("天津市蓟州区"));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(dec(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(dec(b" \n\r\n").unwrap_err(), DecodeError::Empty);
        assert!(matches!(dec(b"PK\x03\x04\x00\x00binary").unwrap_err(), DecodeError::Binary { .. }));
    }

    #[test]
    fn invalid_bytes_are_a_warning_not_a_crash() {
        let mut d = Diags::default();
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("第一行\n第二".as_bytes());
        b.extend_from_slice(&[0xE5, 0xA4]); // truncated UTF-8 sequence
        let out = decode(&b, &mut d).unwrap();
        assert!(out.text.ends_with('\u{FFFD}'));
        assert_eq!(d.0[0].code, "input.truncated");
        assert_eq!(d.0[1].code, "decode.invalid_bytes");
        assert_eq!(d.0[1].line, Some(2));
        let mut d = Diags::default();
        decode(b"ok \xFF\xFE\xFD ok\n", &mut d).unwrap();
        assert!(d.0.iter().all(|x| x.code != "input.truncated"), "{:?}", d.0);
    }

    #[test]
    fn gb2312_shape_skips_detection_and_agrees_with_it() {
        let text = "天津市蓟州区人民政府办公室关于印发工作计划的通知\n（责任部门：区水务局）２０２０年\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert!(gb2312_shaped(&gb));
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(&gb, true);
        assert_eq!(det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow), encoding_rs::GBK);
        assert_eq!(dec(&gb).unwrap().text, text);
        // Big5, a text of mostly GBK-only characters and a cut pair go to detection.
        let (big5, _, _) = encoding_rs::BIG5.encode("臺北市政府關於印發工作計畫的通知");
        assert!(!gb2312_shaped(&big5));
        let (gbk, _, _) = encoding_rs::GB18030.encode("朱镕基");
        assert!(!gb2312_shaped(&gbk));
        // One GBK-only character (泃) among many GB2312 ones is still the GB shape.
        let with_gbk_only = format!("{}泃河", text.repeat(2));
        let (gbk, _, _) = encoding_rs::GB18030.encode(&with_gbk_only);
        assert!(gb2312_shaped(&gbk));
        assert!(!gb2312_shaped(&gb[..gb.len() - 2]), "ends on the first byte of 年");
        assert!(!gb2312_shaped(b"plain ascii"));
    }

    #[test]
    fn utf8_cut_inside_a_character_stays_utf8() {
        // No BOM: without the rule, byte statistics called this GB18030 and garbled every character.
        let text = "天津市蓟州区人民政府办公室关于印发工作计划的通知\n一、工作目标\n二、重点任务\n";
        let mut b = text.as_bytes().to_vec();
        b.extend_from_slice(&"区".as_bytes()[..2]);
        let mut d = Diags::default();
        let out = decode(&b, &mut d).unwrap();
        assert_eq!(out.encoding, "UTF-8");
        assert_eq!(out.text, format!("{text}\u{FFFD}"));
        assert_eq!(d.0[0].code, "input.truncated");
        assert_eq!(d.0[0].line, Some(4));
        // One damaged byte in the middle: UTF-8 with a warning on its line, not truncated.
        let mut b = "第一行工作目标\n第二行".as_bytes().to_vec();
        b.push(0xFF);
        b.extend_from_slice("重点任务\n".as_bytes());
        let mut d = Diags::default();
        let out = decode(&b, &mut d).unwrap();
        assert_eq!((out.encoding, &*out.text), ("UTF-8", "第一行工作目标\n第二行\u{FFFD}重点任务\n"));
        assert_eq!((d.0[0].code.as_str(), d.0[0].line), ("decode.invalid_bytes", Some(2)));
        // GB18030 bytes are not taken for damaged UTF-8.
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(dec(&gb).unwrap().encoding, "GB18030");
    }
}
