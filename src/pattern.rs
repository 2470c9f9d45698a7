//! Patterns: the crate's regex source, written with Unicode `\d`, `\s`, `\S`, `\p{Han}` → regex-lite regexes with those classes spelled out as code points.
//!
//! Why regex-lite: a one-file run (`plandoc parse FILE`) compiles every pattern it touches, and the
//! `regex` crate spends 0.1–1 ms building automata for each one (about 9 ms for the seed, more than the
//! parse). regex-lite compiles in microseconds and matches the short lines and cells these patterns see
//! fast enough. Its `\d`, `\s` are ASCII-only and it has no `\p{..}`, so [`translate`] replaces them with
//! the exact code-point sets the `regex` crate uses (checked over every code point by the tests): the
//! patterns keep their meaning, byte for byte.

pub use regex_lite::{Captures, Regex};

// The classes are written as the characters themselves (Rust escapes, not regex escapes): regex-lite
// parses a literal character several times faster than a `\x{..}` escape.

/// `\d`: Unicode decimal digits (general category Nd), as the `regex` crate defines it.
const DIGIT: &str = "\u{30}-\u{39}\u{660}-\u{669}\u{6F0}-\u{6F9}\u{7C0}-\u{7C9}\u{966}-\u{96F}\u{9E6}-\u{9EF}\u{A66}-\u{A6F}\u{AE6}-\u{AEF}\u{B66}-\u{B6F}\u{BE6}-\u{BEF}\u{C66}-\u{C6F}\u{CE6}-\u{CEF}\u{D66}-\u{D6F}\u{DE6}-\u{DEF}\u{E50}-\u{E59}\u{ED0}-\u{ED9}\u{F20}-\u{F29}\u{1040}-\u{1049}\u{1090}-\u{1099}\u{17E0}-\u{17E9}\u{1810}-\u{1819}\u{1946}-\u{194F}\u{19D0}-\u{19D9}\u{1A80}-\u{1A89}\u{1A90}-\u{1A99}\u{1B50}-\u{1B59}\u{1BB0}-\u{1BB9}\u{1C40}-\u{1C49}\u{1C50}-\u{1C59}\u{A620}-\u{A629}\u{A8D0}-\u{A8D9}\u{A900}-\u{A909}\u{A9D0}-\u{A9D9}\u{A9F0}-\u{A9F9}\u{AA50}-\u{AA59}\u{ABF0}-\u{ABF9}\u{FF10}-\u{FF19}\u{104A0}-\u{104A9}\u{10D30}-\u{10D39}\u{10D40}-\u{10D49}\u{11066}-\u{1106F}\u{110F0}-\u{110F9}\u{11136}-\u{1113F}\u{111D0}-\u{111D9}\u{112F0}-\u{112F9}\u{11450}-\u{11459}\u{114D0}-\u{114D9}\u{11650}-\u{11659}\u{116C0}-\u{116C9}\u{116D0}-\u{116E3}\u{11730}-\u{11739}\u{118E0}-\u{118E9}\u{11950}-\u{11959}\u{11BF0}-\u{11BF9}\u{11C50}-\u{11C59}\u{11D50}-\u{11D59}\u{11DA0}-\u{11DA9}\u{11F50}-\u{11F59}\u{16130}-\u{16139}\u{16A60}-\u{16A69}\u{16AC0}-\u{16AC9}\u{16B50}-\u{16B59}\u{16D70}-\u{16D79}\u{1CCF0}-\u{1CCF9}\u{1D7CE}-\u{1D7FF}\u{1E140}-\u{1E149}\u{1E2F0}-\u{1E2F9}\u{1E4F0}-\u{1E4F9}\u{1E5F1}-\u{1E5FA}\u{1E950}-\u{1E959}\u{1FBF0}-\u{1FBF9}";

/// `\s`: Unicode White_Space (includes U+3000, the ideographic space of Chinese text).
const SPACE: &str = "\u{9}-\u{D}\u{20}\u{85}\u{A0}\u{1680}\u{2000}-\u{200A}\u{2028}-\u{2029}\u{202F}\u{205F}\u{3000}";

/// `\p{Han}`: the Han script.
const HAN: &str = "\u{2E80}-\u{2E99}\u{2E9B}-\u{2EF3}\u{2F00}-\u{2FD5}\u{3005}\u{3007}\u{3021}-\u{3029}\u{3038}-\u{303B}\u{3400}-\u{4DBF}\u{4E00}-\u{9FFF}\u{F900}-\u{FA6D}\u{FA70}-\u{FAD9}\u{16FE2}-\u{16FE3}\u{16FF0}-\u{16FF1}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B739}\u{2B740}-\u{2B81D}\u{2B820}-\u{2CEA1}\u{2CEB0}-\u{2EBE0}\u{2EBF0}-\u{2EE5D}\u{2F800}-\u{2FA1D}\u{30000}-\u{3134A}\u{31350}-\u{323AF}";

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
pub fn translate(pattern: &str) -> String {
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

    /// The spelled-out classes are exactly the `regex` crate's `\d`, `\s`, `\p{Han}`, and regex-lite reads
    /// them as written: every range's ends match, the code points just outside do not.
    #[test]
    fn classes_equal_the_regex_crate_unicode_classes() {
        for (class, ours) in [(r"\d", DIGIT), (r"\s", SPACE), (r"\p{Han}", HAN)] {
            let ranges = ranges_of(ours);
            assert_eq!(ranges, unicode_ranges(class), "{class}");
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
