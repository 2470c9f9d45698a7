//! Patterns: the crate's regex source, written with Unicode `\d`, `\s`, `\S`, `\p{Han}` → regex-lite regexes with those classes spelled out as code points.
//!
//! Why regex-lite: a one-file run (`plandoc parse FILE`) compiles every pattern it touches, and the
//! `regex` crate spends 0.1–1 ms building automata for each one (about 9 ms for the seed, more than the
//! parse). regex-lite compiles in microseconds and matches the short lines and cells these patterns see
//! fast enough. Its `\d`, `\s` are ASCII-only and it has no `\p{..}`, so [`translate`] replaces them with
//! the code-point sets the `regex` crate uses (checked by the tests against its parser): the patterns keep
//! their meaning, except that `\d` is narrowed to the ASCII and full-width digits (see [`DIGIT`]).

pub use regex_lite::{Captures, Regex};

// The classes are written as the characters themselves (Rust escapes, not regex escapes): regex-lite
// parses a literal character several times faster than a `\x{..}` escape.

/// `\d`: ASCII and full-width digits. The regex crate's `\d` is all of Unicode's decimal digits (71 ranges:
/// Devanagari, Thai, Osmanya ...); none of them occurs in a Chinese notice, Rust's number parsing rejects
/// them anyway, and the 71-range class made each `\d` cost more to compile than the rest of its pattern.
const DIGIT: &str = "0-9\u{FF10}-\u{FF19}";

/// `\s`: Unicode White_Space (includes U+3000, the ideographic space of Chinese text).
const SPACE: &str = "\u{9}-\u{D}\u{20}\u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}-\u{2029}\u{202F}\u{205F}\u{3000}";

/// `\p{Han}`: the Han script.
const HAN: &str = "\u{2E80}-\u{2E99}\u{2E9B}-\u{2EF3}\u{2F00}-\u{2FD5}\u{3005}\u{3007}\u{3021}-\u{3029}\u{3038}-\u{303B}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FA6D}\u{FA70}-\u{FAD9}\u{16FE2}-\u{16FE3}\u{16FF0}-\u{16FF1}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B739}\u{2B740}-\u{2B81D}\u{2B820}-\u{2CEA1}\u{2CEB0}-\u{2EBE0}\u{2EBF0}-\u{2EE5D}\u{2F800}-\u{2FA1D}\u{30000}-\u{3134A}\u{31350}-\u{323AF}";

/// `\p{Han}` as a function, for the scanners that replaced patterns (a test checks it equals [`HAN`]).
pub fn is_han_script(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2E99 | 0x2E9B..=0x2EF3 | 0x2F00..=0x2FD5 | 0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFA6D | 0xFA70..=0xFAD9 | 0x16FE2..=0x16FE3
        | 0x16FF0..=0x16FF1 | 0x20000..=0x2A6DF | 0x2A700..=0x2B739 | 0x2B740..=0x2B81D | 0x2B820..=0x2CEA1
        | 0x2CEB0..=0x2EBE0 | 0x2EBF0..=0x2EE5D | 0x2F800..=0x2FA1D | 0x30000..=0x3134A | 0x31350..=0x323AF)
}

/// A test string written along a pattern, for comparing a scanner with the pattern it replaced: the slots
/// in order, once or twice over, each one of its pieces, now and then a stray piece before it or nothing
/// for it. Most such strings nearly match, which is where a scanner and a pattern can part.
#[cfg(test)]
pub fn along(slots: &[Vec<&str>], stray: &[&str], next: &mut impl FnMut() -> usize) -> String {
    let mut t = String::new();
    for _ in 0..1 + next() % 2 {
        for slot in slots {
            if next().is_multiple_of(8) {
                t.push_str(stray[next() % stray.len()]);
            }
            if !next().is_multiple_of(10) {
                t.push_str(slot[next() % slot.len()]);
            }
        }
    }
    t
}

/// Compile a pattern written in this crate's source. The patterns are constants, every one is compiled
/// by the unit tests, so a failure here is a programming error caught before release, never input-driven.
pub fn static_re(pattern: &str) -> Regex {
    let lite = translate(pattern);
    match Regex::new(&lite) {
        Ok(re) => re,
        Err(e) => panic!("built-in regex {pattern:?} (as {lite:?}) does not compile: {e}"),
    }
}

/// Rewrite `\d`, `\s`, `\S` and `\p{Han}` as explicit code-point classes (bare ranges inside `[...]`,
/// a class of their own outside). Any other Unicode-dependent escape is refused rather than let
/// regex-lite give it its ASCII meaning.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut in_class = false;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    panic!("pattern {pattern:?} ends with a backslash");
                };
                let set = match e {
                    'd' => Some((DIGIT, false)),
                    's' => Some((SPACE, false)),
                    'S' => Some((SPACE, true)),
                    'p' => {
                        let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                        match name.as_str() {
                            "{Han" => Some((HAN, false)),
                            _ => panic!("pattern {pattern:?}: \\p{name}}} is not supported"),
                        }
                    }
                    'D' | 'w' | 'W' | 'b' | 'B' | 'P' => panic!("pattern {pattern:?}: \\{e} is not supported"),
                    _ => None,
                };
                match (set, in_class) {
                    (Some((_, true)), true) => panic!("pattern {pattern:?}: \\{e} inside a class is not supported"),
                    (Some((ranges, _)), true) => out.push_str(ranges),
                    (Some((ranges, negated)), false) => {
                        out.push_str(if negated { "[^" } else { "[" });
                        out.push_str(ranges);
                        out.push(']');
                    }
                    (None, _) => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal, not the end of the class.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            '[' => panic!("pattern {pattern:?}: nested classes are not supported"),
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code-point ranges of one of the consts above.
    fn ranges_of(class: &str) -> Vec<(char, char)> {
        let cs: Vec<char> = class.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < cs.len() {
            if cs.get(i + 1) == Some(&'-') && i + 2 < cs.len() {
                out.push((cs[i], cs[i + 2]));
                i += 3;
            } else {
                out.push((cs[i], cs[i]));
                i += 1;
            }
        }
        out
    }

    /// The ranges the `regex` crate (its parser, regex-syntax) gives a Unicode class.
    fn unicode_ranges(class: &str) -> Vec<(char, char)> {
        use regex_syntax::hir::{Class, HirKind};
        match regex_syntax::parse(class).unwrap().kind() {
            HirKind::Class(Class::Unicode(c)) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
            k => panic!("{class} is not a class: {k:?}"),
        }
    }

    /// The spelled-out classes are the `regex` crate's `\s`, `\p{Han}` (and part of `\d`), and regex-lite reads
    /// them as written: every range's ends match, the code points just outside do not.
    #[test]
    fn classes_equal_the_regex_crate_unicode_classes() {
        for (class, ours) in [(r"\d", DIGIT), (r"\s", SPACE), (r"\p{Han}", HAN)] {
            let ranges = ranges_of(ours);
            if class == r"\d" {
                // Narrowed on purpose: the ASCII and full-width ranges of Unicode's digits.
                let all = unicode_ranges(class);
                assert_eq!(ranges, [('0', '9'), ('０', '９')]);
                assert!(ranges.iter().all(|r| all.contains(r)), "{all:?}");
            } else {
                assert_eq!(ranges, unicode_ranges(class), "{class}");
            }
            let (yes, no) = (static_re(&format!("^{class}$")), static_re(r"^\S$"));
            let mut buf = [0u8; 4];
            for &(a, b) in &ranges {
                for c in [a, b] {
                    assert!(yes.is_match(c.encode_utf8(&mut buf)), "{class} U+{:04X}", c as u32);
                }
                for c in [a as u32 - 1, b as u32 + 1].into_iter().filter_map(char::from_u32) {
                    let inside = ranges.iter().any(|&(x, y)| x <= c && c <= y);
                    assert_eq!(yes.is_match(c.encode_utf8(&mut buf)), inside, "{class} U+{:04X}", c as u32);
                }
            }
            // `\S` is the complement of `\s`.
            if class == r"\s" {
                for &(a, b) in &ranges {
                    assert!(!no.is_match(a.encode_utf8(&mut buf)) && !no.is_match(b.encode_utf8(&mut buf)));
                }
                assert!(no.is_match("年") && no.is_match("a"));
            }
        }
    }

    #[test]
    fn is_han_script_is_the_han_class() {
        let ranges = ranges_of(HAN);
        for c in (0..0x33000).filter_map(char::from_u32) {
            let want = ranges.iter().any(|&(a, b)| (a..=b).contains(&c));
            assert_eq!(is_han_script(c), want, "{:X}", c as u32);
        }
    }

    /// The scanners that replaced patterns read `\s` as `char::is_whitespace` (`trim` and the like).
    #[test]
    fn is_whitespace_is_the_space_class() {
        let ranges = ranges_of(SPACE);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let want = ranges.iter().any(|&(a, b)| (a..=b).contains(&c));
            assert_eq!(c.is_whitespace(), want, "{:X}", c as u32);
        }
    }

    #[test]
    fn translation_inside_and_outside_classes() {
        assert_eq!(translate(r"a\s*b"), format!("a[{SPACE}]*b"));
        assert_eq!(translate(r"[^\d\s，]"), format!("[^{DIGIT}{SPACE}，]"));
        assert_eq!(translate(r"(?P<t>\S.*)"), format!("(?P<t>[^{SPACE}].*)"));
        assert_eq!(translate(r"[\p{Han}A-Z]\."), format!("[{HAN}A-Z]\\."));
        assert_eq!(translate(r"[]x]\d"), format!("[]x][{DIGIT}]"));
        // Matching agrees with the regex crate on text with ideographic spaces and full-width digits.
        let p = r"^\s*(?P<n>\d{1,2})\s*[．.、]\s*(?P<t>\S.*)$";
        let (full, lite) = (regex::Regex::new(p).unwrap(), static_re(p));
        for s in ["\u{3000}１２．\u{3000}工作目标", " 3. 任务", "12、", "一、目标"] {
            let a = full.captures(s).map(|c| (c["n"].to_string(), c["t"].to_string()));
            let b = lite.captures(s).map(|c| (c["n"].to_string(), c["t"].to_string()));
            assert_eq!(a, b, "{s}");
        }
    }

    #[test]
    #[should_panic(expected = "not supported")]
    fn unsupported_escapes_are_refused() {
        translate(r"\w+");
    }
}
