//! Text helpers shared by every stage: width folding, CJK-aware joining, Chinese numerals, content ids.

use sha2::{Digest, Sha256};

/// Fold for comparison: full-width ASCII → half-width, ideographic space → space, curly quotes → straight,
/// and all whitespace removed. Used for keyword matching and for content ids, never for output text.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_pieces(s, |p| {
        out.push_str(p);
        true
    });
    out
}

/// [`fold`] as an iterator, for comparing without building the folded string.
pub fn fold_chars(s: &str) -> FoldChars<'_> {
    FoldChars { chars: s.chars(), pending: "".chars() }
}

/// The iterator of [`fold_chars`].
pub struct FoldChars<'a> {
    chars: std::str::Chars<'a>,
    /// The rest of a Roman numeral's letters.
    pending: std::str::Chars<'static>,
}

impl Iterator for FoldChars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        if let Some(c) = self.pending.next() {
            return Some(c);
        }
        for c in self.chars.by_ref() {
            // Roman numerals as one character (Ⅲ类水) fold to their letters (III类水).
            if let Some(r) = roman(c) {
                self.pending = r.chars();
                return self.pending.next();
            }
            if let Some(f) = fold_char(c) {
                return Some(f);
            }
        }
        None
    }
}

/// `fold(s) == folded`, without allocating, and stopping at the first difference: most calls compare a
/// cell with a short word it is not. (`fold_chars(s).eq(folded.chars())` costs 0.7% more over the archive;
/// kept for the budget of the whole round (bench/README.md, "Scanners kept").)
pub fn fold_eq(s: &str, folded: &str) -> bool {
    let (b, f) = (s.as_bytes(), folded.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut buf = [0u8; 4];
    while i < b.len() {
        if !MAY_FOLD[usize::from(b[i])] {
            // A byte of a character the fold keeps (its lead byte or a continuation byte).
            if f.get(j) != Some(&b[i]) {
                return false;
            }
            i += 1;
            j += 1;
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else { return false };
        let piece = folded_char(c, &mut buf).unwrap_or(&s[i..i + c.len_utf8()]);
        if !f[j..].starts_with(piece.as_bytes()) {
            return false;
        }
        j += piece.len();
        i += c.len_utf8();
    }
    j == f.len()
}

/// What the fold turns `c` into ("" for whitespace), or `None` when it keeps `c` as it is.
fn folded_char(c: char, buf: &mut [u8; 4]) -> Option<&str> {
    match (roman(c), fold_char(c)) {
        (Some(r), _) => Some(r),
        (None, None) => Some(""),
        (None, Some(x)) if x == c => None,
        (None, Some(x)) => Some(x.encode_utf8(buf)),
    }
}

/// Lead bytes of the characters [`fold_char`] or [`roman`] may change: ASCII controls and space, and the lead
/// bytes of U+0080–U+00BF (C2), U+1000–U+1FFF (E1), U+2000–U+3FFF (E2, E3) and U+F000–U+FFFF (EF). Every
/// other character folds to itself (`fold_pieces_as_fold_chars` checks every character).
const MAY_FOLD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b <= 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0xC2] = true;
    t[0xE1] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// [`fold`] in pieces, for hashing or comparing without building the folded string: each run of text the
/// fold leaves as it is comes as one slice of `s`, each changed character as its replacement. Stops as soon as
/// `f` returns false, and then returns false. Most of a notice's text is CJK (lead bytes E4–E9), which is
/// stepped over by its lead byte alone. Content ids built from `fold` instead cost 4.7% more instructions over the
/// 1,000-notice archive: kept for the budget of the whole round (bench/README.md, "Scanners kept").
pub fn fold_pieces(s: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let b = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    let mut buf = [0u8; 4];
    while i < b.len() {
        let lead = b[i];
        if !MAY_FOLD[usize::from(lead)] {
            i += utf8_len(lead);
            continue;
        }
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            // Not reached: `i` only steps over whole characters of a `str`.
            i += 1;
            continue;
        };
        if let Some(piece) = folded_char(c, &mut buf) {
            let before = &s[run..i];
            if (!before.is_empty() && !f(before)) || (!piece.is_empty() && !f(piece)) {
                return false;
            }
            run = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    run >= b.len() || f(&s[run..])
}

fn roman(c: char) -> Option<&'static str> {
    const UPPER: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
    match c as u32 {
        n @ 0x2160..=0x216B => Some(UPPER[(n - 0x2160) as usize]),
        n @ 0x2170..=0x217B => Some(UPPER[(n - 0x2170) as usize]),
        _ => None,
    }
}

fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() {
        return None;
    }
    Some(match c {
        '“' | '”' | '″' | '＂' => '"',
        '‘' | '’' => '\'',
        '〔' | '【' | '［' => '[',
        '〕' | '】' | '］' => ']',
        '—' | '–' | '－' | '～' | '〜' => '-',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '、' => ',',
        '。' => '.',
        _ => c,
    })
}

/// 一 … 十: the Chinese numerals of heading numbers, months and days (`[一二三四五六七八九十]`).
pub fn is_cn_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The byte length of the UTF-8 character whose lead byte is `lead`, for the scanners that step over
/// characters without decoding them (`lead` must be a lead byte, as at any char boundary of a `str`).
pub fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Words indexed by their first character, for scanners that ask at each character which words may begin
/// there (organ suffixes, column names). Most characters begin none: one bit test on the code point's low
/// byte turns away nine in ten of them before the binary search (1.0% of the archive run's instructions; kept
/// for the budget of the whole round (bench/README.md, "Scanners kept")).
pub struct FirstChars {
    /// (first character, the word's index, the word), sorted: the words of one character in index order.
    entries: Vec<(char, usize, &'static str)>,
    /// Bit `b` set when some word's first character has a code point ending in byte `b`.
    low_bytes: [u64; 4],
}

impl FirstChars {
    /// Index `(index, word)` pairs; an empty word is left out (it begins with no character).
    pub fn new(words: impl IntoIterator<Item = (usize, &'static str)>) -> Self {
        let mut entries: Vec<(char, usize, &'static str)> =
            words.into_iter().filter_map(|(i, w)| Some((w.chars().next()?, i, w))).collect();
        entries.sort();
        let mut low_bytes = [0u64; 4];
        for &(c, _, _) in &entries {
            let low = (c as u32 & 0xFF) as usize;
            low_bytes[low >> 6] |= 1 << (low & 63);
        }
        FirstChars { entries, low_bytes }
    }

    /// The words that begin with `c`, with their indexes, in index order.
    pub fn starting_with(&self, c: char) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        let low = (c as u32 & 0xFF) as usize;
        let from = if self.low_bytes[low >> 6] >> (low & 63) & 1 == 0 {
            self.entries.len()
        } else {
            self.entries.partition_point(|e| e.0 < c)
        };
        self.entries[from..].iter().take_while(move |e| e.0 == c).map(|&(_, i, w)| (i, w))
    }
}

/// ASCII or full-width digit: what the crate's patterns mean by `\d` (see `pattern::DIGIT`).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x2018..=0x201F)
}

/// Join the pieces of one cell (its lines or paragraphs) into one string. Pieces are concatenated,
/// except that a space is kept between two ASCII letters/digits so Latin words stay apart.
pub fn join_parts<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.as_ref().len() + 1).sum());
    for p in parts {
        let p = p.as_ref().trim();
        if p.is_empty() {
            continue;
        }
        push_piece(&mut out, p);
    }
    out
}

/// Append one piece of a cell to its joined text: a space first only between two ASCII letters/digits
/// (bytes tell: a byte of 0x80 or more never is one, and a text's last byte is ASCII only when its last
/// character is).
pub fn push_piece(out: &mut String, piece: &str) {
    if out.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric)
        && piece.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
    {
        out.push(' ');
    }
    out.push_str(piece);
}

/// Split cell text on any whitespace and re-join it with [`join_parts`]: "环境 质量" → "环境质量".
pub fn squash(s: &str) -> String {
    let parts: Vec<&str> = s.split_whitespace().collect();
    join_parts(&parts)
}

/// A merged cell whose text a converter repeated ("推动“两山”转化推动“两山”转化") → the text once.
pub fn dedupe_repeat(s: &str) -> String {
    repeat_unit(s).unwrap_or(s).to_string()
}

/// The shortest unit of two or more characters that `s` is a repetition of (twice or more), if any.
/// Compared as bytes: when k equal byte chunks make up valid UTF-8, every chunk starts on a character
/// boundary (chunk 0 does, and the others are copies of it), so no character list is built.
fn repeat_unit(s: &str) -> Option<&str> {
    let n = s.chars().count();
    // Shortest unit first = the most repetitions first.
    (2..=n / 2).rev().filter(|k| n.is_multiple_of(*k) && s.len().is_multiple_of(*k)).find_map(|k| {
        let unit = s.len() / k;
        let b = s.as_bytes();
        b.chunks(unit).all(|c| c == &b[..unit]).then(|| s.get(..unit)).flatten()
    })
}

/// Markdown decoration around a line of a web or Markdown copy: "## 一、总体要求" and "**一、总体要求**" →
/// "一、总体要求".
pub fn strip_markup(t: &str) -> &str {
    let t = t.trim();
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix("**").and_then(|x| x.strip_suffix("**")).unwrap_or(t);
    t.trim()
}

/// Value of a Chinese numeral (一 … 九十九, 百, with 〇/零) or Arabic digits.
pub fn cn_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    for c in s.chars() {
        match c {
            '十' | '拾' => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            '百' | '佰' => {
                total += if current == 0 { 100 } else { current * 100 };
                current = 0;
            }
            _ => current = cn_digit(c)?,
        }
    }
    Some(total + current)
}

pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | '0' | '０' => 0,
        '一' | '壹' | '1' | '１' => 1,
        '二' | '贰' | '两' | '2' | '２' => 2,
        '三' | '叁' | '3' | '３' => 3,
        '四' | '肆' | '4' | '４' => 4,
        '五' | '伍' | '5' | '５' => 5,
        '六' | '陆' | '6' | '６' => 6,
        '七' | '柒' | '7' | '７' => 7,
        '八' | '捌' | '8' | '８' => 8,
        '九' | '玖' | '9' | '９' => 9,
        _ => return None,
    })
}

/// A serial number cell: "3", "３", "三", "3.", "（3）" → 3.
pub fn serial_number(s: &str) -> Option<u32> {
    let t =
        s.trim().trim_matches(|c: char| matches!(c, '.' | '．' | '、' | '(' | ')' | '（' | '）') || c.is_whitespace());
    cn_number(t)
}

/// A year written digit by digit, Arabic or Chinese: "2020", "二〇二〇", "二○一一".
pub fn year_digits(s: &str) -> Option<i32> {
    let mut n = 0;
    let mut year = 0i32;
    for c in s.chars() {
        year = year * 10 + cn_digit(c)? as i32;
        n += 1;
        if n > 4 {
            return None;
        }
    }
    (n == 4).then_some(year)
}

/// A content id: `prefix-` and the first 10 hex digits of SHA-256 of the folded text.
pub fn content_id(prefix: &str, text: &str) -> String {
    // The folded text is hashed as it is folded, without building it, a run of unchanged text at a time.
    let mut hasher = Sha256::new();
    fold_pieces(text, |p| {
        hasher.update(p.as_bytes());
        true
    });
    let digest = hasher.finalize();
    let mut id = String::with_capacity(prefix.len() + 11);
    id.push_str(prefix);
    id.push('-');
    push_hex(&mut id, &digest[..5]);
    id
}

/// Append bytes as lower-case hex (what `{:02x}` writes, without the formatting machinery).
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
}

/// Give repeated ids a `-2`, `-3` … suffix, in order, so ids stay unique within a document.
/// Takes the ids where they are (`records.iter_mut().map(|r| &mut r.id)`).
pub fn uniquify<'a>(ids: impl IntoIterator<Item = &'a mut String>) {
    let mut ids: Vec<&mut String> = ids.into_iter().collect();
    // Nearly always nothing repeats: one sort of borrowed ids says so, without a map.
    let mut sorted: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
    sorted.sort_unstable();
    if sorted.windows(2).all(|w| w[0] != w[1]) {
        return;
    }
    // Counted on the ids as they were (a later "x-2" of the source is its own id), then renamed.
    let mut seen: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    let counts: Vec<usize> = ids
        .iter()
        .map(|id| {
            let n = seen.entry(id.as_str()).or_insert(0);
            *n += 1;
            *n
        })
        .collect();
    for (id, n) in ids.iter_mut().zip(counts) {
        if n > 1 {
            **id = format!("{id}-{n}");
        }
    }
}

/// `hay.contains(needle)` for short texts (cells, names): comparing byte windows costs less than setting up
/// a substring search. A match of valid UTF-8 in valid UTF-8 always starts on a character boundary, so the
/// answer is the same; long texts still get the real search. (`str::contains` costs 1.0% more over the archive;
/// kept for the budget of the whole round (bench/README.md, "Scanners kept").)
pub fn contains_short(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if hay.len() > 64 {
        return hay.contains(needle);
    }
    match n {
        [] => true,
        _ if n.len() > h.len() => false,
        [first, rest @ ..] => (0..=h.len() - n.len()).any(|i| h[i] == *first && h[i + 1..i + n.len()] == *rest),
    }
}

/// Every concatenation of up to `rounds` of `parts` (each round appends every part to every text so far),
/// sorted, without repeats and kept only where `keep` accepts it, starting from "": inputs for the tests that
/// compare a scanner with what it replaced.
#[cfg(test)]
pub fn concatenations(parts: &[&str], rounds: usize, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut texts = vec![String::new()];
    for _ in 0..rounds {
        let next: Vec<String> = texts.iter().flat_map(|t| parts.iter().map(move |p| format!("{t}{p}"))).collect();
        texts.extend(next.into_iter().filter(|t| keep(t)));
        texts.sort();
        texts.dedup();
    }
    texts
}

/// A small deterministic number generator (xorshift) for the tests that compare a scanner with the pattern
/// or the code it replaced over many generated strings.
#[cfg(test)]
pub fn xorshift(mut seed: u64) -> impl FnMut() -> usize {
    move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    }
}

/// Strip one pair of enclosing brackets: "（此件主动公开）" → "此件主动公开".
pub fn unwrap_parens(s: &str) -> Option<&str> {
    let t = s.trim();
    let inner = t.strip_prefix('（').or_else(|| t.strip_prefix('('))?;
    let inner = inner.strip_suffix('）').or_else(|| inner.strip_suffix(')'))?;
    Some(inner.trim())
}

/// A Traditional-script character → its Simplified form, for the characters of the words the parser matches
/// (section, column, title and organ words, region suffixes); any other character is returned as it is.
/// For matching only: output text keeps the document's script.
pub fn simplified(c: char) -> char {
    // Most characters are not in the map: one bit test (CJK Unified Ideographs U+4E00–U+9FFF) settles them.
    let Some(i) = (c as usize).checked_sub(0x4E00).filter(|&i| i < 0x5200) else { return c };
    if TRAD_BITS[i / 64] & (1 << (i % 64)) == 0 {
        return c;
    }
    match TRAD_SIMP.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => TRAD_SIMP[i].1,
        Err(_) => c,
    }
}

/// Which characters of U+4E00–U+9FFF [`TRAD_SIMP`] maps, one bit each (built at compile time).
static TRAD_BITS: [u64; 0x5200 / 64] = {
    let mut bits = [0u64; 0x5200 / 64];
    let mut k = 0;
    while k < TRAD_SIMP.len() {
        let i = TRAD_SIMP[k].0 as usize - 0x4E00;
        bits[i / 64] |= 1 << (i % 64);
        k += 1;
    }
    bits
};

/// [`fold`], then every character in its Simplified form ([`simplified`]): the form keywords are matched in.
pub fn fold_simplified(s: &str) -> String {
    fold_chars(s).map(simplified).collect()
}

/// Traditional → Simplified pairs, sorted by the Traditional character (a test checks the order).
const TRAD_SIMP: &[(char, char)] = &[
    ('並', '并'),
    ('佈', '布'),
    ('來', '来'),
    ('係', '系'),
    ('個', '个'),
    ('們', '们'),
    ('備', '备'),
    ('傳', '传'),
    ('債', '债'),
    ('價', '价'),
    ('億', '亿'),
    ('償', '偿'),
    ('優', '优'),
    ('兒', '儿'),
    ('內', '内'),
    ('兩', '两'),
    ('別', '别'),
    ('則', '则'),
    ('創', '创'),
    ('劃', '划'),
    ('劉', '刘'),
    ('劑', '剂'),
    ('動', '动'),
    ('務', '务'),
    ('勞', '劳'),
    ('勢', '势'),
    ('勵', '励'),
    ('區', '区'),
    ('協', '协'),
    ('參', '参'),
    ('吳', '吴'),
    ('員', '员'),
    ('問', '问'),
    ('啟', '启'),
    ('喬', '乔'),
    ('單', '单'),
    ('噸', '吨'),
    ('嚴', '严'),
    ('國', '国'),
    ('圍', '围'),
    ('園', '园'),
    ('圖', '图'),
    ('團', '团'),
    ('執', '执'),
    ('堅', '坚'),
    ('報', '报'),
    ('場', '场'),
    ('塊', '块'),
    ('塵', '尘'),
    ('壓', '压'),
    ('壩', '坝'),
    ('婦', '妇'),
    ('孫', '孙'),
    ('學', '学'),
    ('實', '实'),
    ('寧', '宁'),
    ('審', '审'),
    ('寶', '宝'),
    ('將', '将'),
    ('對', '对'),
    ('導', '导'),
    ('層', '层'),
    ('屬', '属'),
    ('島', '岛'),
    ('峽', '峡'),
    ('嶺', '岭'),
    ('嶼', '屿'),
    ('巖', '岩'),
    ('師', '师'),
    ('帳', '账'),
    ('幫', '帮'),
    ('幹', '干'),
    ('幾', '几'),
    ('庫', '库'),
    ('廠', '厂'),
    ('廢', '废'),
    ('廣', '广'),
    ('廳', '厅'),
    ('張', '张'),
    ('強', '强'),
    ('後', '后'),
    ('從', '从'),
    ('復', '复'),
    ('徵', '征'),
    ('徹', '彻'),
    ('態', '态'),
    ('應', '应'),
    ('懲', '惩'),
    ('戰', '战'),
    ('戶', '户'),
    ('採', '采'),
    ('揚', '扬'),
    ('撥', '拨'),
    ('擔', '担'),
    ('據', '据'),
    ('擴', '扩'),
    ('攜', '携'),
    ('數', '数'),
    ('於', '于'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('棄', '弃'),
    ('楊', '杨'),
    ('業', '业'),
    ('構', '构'),
    ('樑', '梁'),
    ('標', '标'),
    ('樣', '样'),
    ('樹', '树'),
    ('橋', '桥'),
    ('機', '机'),
    ('檔', '档'),
    ('檢', '检'),
    ('欄', '栏'),
    ('權', '权'),
    ('歐', '欧'),
    ('歲', '岁'),
    ('歷', '历'),
    ('歸', '归'),
    ('殘', '残'),
    ('氣', '气'),
    ('氫', '氢'),
    ('汙', '污'),
    ('決', '决'),
    ('況', '况'),
    ('淨', '净'),
    ('淺', '浅'),
    ('減', '减'),
    ('測', '测'),
    ('準', '准'),
    ('溝', '沟'),
    ('溫', '温'),
    ('滬', '沪'),
    ('滲', '渗'),
    ('漁', '渔'),
    ('漢', '汉'),
    ('漲', '涨'),
    ('潔', '洁'),
    ('澇', '涝'),
    ('澤', '泽'),
    ('濁', '浊'),
    ('濃', '浓'),
    ('濕', '湿'),
    ('濟', '济'),
    ('濤', '涛'),
    ('濱', '滨'),
    ('瀾', '澜'),
    ('灘', '滩'),
    ('灣', '湾'),
    ('災', '灾'),
    ('為', '为'),
    ('無', '无'),
    ('煙', '烟'),
    ('熱', '热'),
    ('燈', '灯'),
    ('燒', '烧'),
    ('營', '营'),
    ('爲', '为'),
    ('牽', '牵'),
    ('狀', '状'),
    ('獎', '奖'),
    ('獨', '独'),
    ('現', '现'),
    ('環', '环'),
    ('瓊', '琼'),
    ('產', '产'),
    ('畝', '亩'),
    ('畢', '毕'),
    ('畫', '画'),
    ('當', '当'),
    ('療', '疗'),
    ('發', '发'),
    ('盡', '尽'),
    ('監', '监'),
    ('盤', '盘'),
    ('盧', '卢'),
    ('眾', '众'),
    ('確', '确'),
    ('礎', '础'),
    ('礦', '矿'),
    ('稅', '税'),
    ('種', '种'),
    ('稱', '称'),
    ('穀', '谷'),
    ('穩', '稳'),
    ('竊', '窃'),
    ('節', '节'),
    ('範', '范'),
    ('築', '筑'),
    ('簡', '简'),
    ('簽', '签'),
    ('籌', '筹'),
    ('粵', '粤'),
    ('糞', '粪'),
    ('紀', '纪'),
    ('約', '约'),
    ('紙', '纸'),
    ('級', '级'),
    ('細', '细'),
    ('組', '组'),
    ('結', '结'),
    ('絡', '络'),
    ('給', '给'),
    ('統', '统'),
    ('經', '经'),
    ('綜', '综'),
    ('綠', '绿'),
    ('維', '维'),
    ('綱', '纲'),
    ('網', '网'),
    ('緊', '紧'),
    ('線', '线'),
    ('編', '编'),
    ('緩', '缓'),
    ('緻', '致'),
    ('縣', '县'),
    ('總', '总'),
    ('績', '绩'),
    ('織', '织'),
    ('繫', '系'),
    ('續', '续'),
    ('罰', '罚'),
    ('羅', '罗'),
    ('義', '义'),
    ('聞', '闻'),
    ('聯', '联'),
    ('聲', '声'),
    ('職', '职'),
    ('聽', '听'),
    ('臺', '台'),
    ('與', '与'),
    ('興', '兴'),
    ('莊', '庄'),
    ('華', '华'),
    ('萊', '莱'),
    ('萬', '万'),
    ('葉', '叶'),
    ('葦', '苇'),
    ('蓋', '盖'),
    ('蔣', '蒋'),
    ('蕭', '萧'),
    ('薊', '蓟'),
    ('藍', '蓝'),
    ('藝', '艺'),
    ('藥', '药'),
    ('蘆', '芦'),
    ('蘇', '苏'),
    ('蘭', '兰'),
    ('處', '处'),
    ('號', '号'),
    ('蝦', '虾'),
    ('蟲', '虫'),
    ('術', '术'),
    ('衛', '卫'),
    ('衝', '冲'),
    ('裏', '里'),
    ('補', '补'),
    ('裡', '里'),
    ('複', '复'),
    ('見', '见'),
    ('規', '规'),
    ('視', '视'),
    ('親', '亲'),
    ('覽', '览'),
    ('訂', '订'),
    ('計', '计'),
    ('訊', '讯'),
    ('記', '记'),
    ('設', '设'),
    ('許', '许'),
    ('訴', '诉'),
    ('註', '注'),
    ('評', '评'),
    ('詢', '询'),
    ('試', '试'),
    ('話', '话'),
    ('該', '该'),
    ('詳', '详'),
    ('誌', '志'),
    ('認', '认'),
    ('說', '说'),
    ('課', '课'),
    ('調', '调'),
    ('請', '请'),
    ('諮', '咨'),
    ('謝', '谢'),
    ('證', '证'),
    ('識', '识'),
    ('譚', '谭'),
    ('議', '议'),
    ('護', '护'),
    ('讀', '读'),
    ('變', '变'),
    ('讓', '让'),
    ('豬', '猪'),
    ('負', '负'),
    ('財', '财'),
    ('貧', '贫'),
    ('貫', '贯'),
    ('責', '责'),
    ('貳', '贰'),
    ('貴', '贵'),
    ('費', '费'),
    ('貼', '贴'),
    ('貿', '贸'),
    ('資', '资'),
    ('賦', '赋'),
    ('質', '质'),
    ('賬', '账'),
    ('賴', '赖'),
    ('贛', '赣'),
    ('趙', '赵'),
    ('車', '车'),
    ('軌', '轨'),
    ('輔', '辅'),
    ('輛', '辆'),
    ('輸', '输'),
    ('轄', '辖'),
    ('轉', '转'),
    ('辦', '办'),
    ('農', '农'),
    ('這', '这'),
    ('週', '周'),
    ('進', '进'),
    ('運', '运'),
    ('達', '达'),
    ('違', '违'),
    ('遞', '递'),
    ('遠', '远'),
    ('適', '适'),
    ('遼', '辽'),
    ('還', '还'),
    ('邊', '边'),
    ('鄉', '乡'),
    ('鄒', '邹'),
    ('鄧', '邓'),
    ('鄭', '郑'),
    ('鄰', '邻'),
    ('醫', '医'),
    ('釐', '厘'),
    ('銀', '银'),
    ('鋼', '钢'),
    ('錄', '录'),
    ('錢', '钱'),
    ('錶', '表'),
    ('鍾', '钟'),
    ('鎖', '锁'),
    ('鎮', '镇'),
    ('鏈', '链'),
    ('鐘', '钟'),
    ('鐵', '铁'),
    ('長', '长'),
    ('門', '门'),
    ('閉', '闭'),
    ('開', '开'),
    ('間', '间'),
    ('閘', '闸'),
    ('閩', '闽'),
    ('閻', '阎'),
    ('關', '关'),
    ('陝', '陕'),
    ('陰', '阴'),
    ('陳', '陈'),
    ('陸', '陆'),
    ('陽', '阳'),
    ('隊', '队'),
    ('階', '阶'),
    ('際', '际'),
    ('險', '险'),
    ('隴', '陇'),
    ('雙', '双'),
    ('雜', '杂'),
    ('雞', '鸡'),
    ('雲', '云'),
    ('電', '电'),
    ('鞏', '巩'),
    ('韌', '韧'),
    ('韓', '韩'),
    ('頁', '页'),
    ('項', '项'),
    ('須', '须'),
    ('預', '预'),
    ('頒', '颁'),
    ('頓', '顿'),
    ('領', '领'),
    ('頭', '头'),
    ('顆', '颗'),
    ('題', '题'),
    ('額', '额'),
    ('類', '类'),
    ('顧', '顾'),
    ('飼', '饲'),
    ('養', '养'),
    ('餘', '余'),
    ('館', '馆'),
    ('馬', '马'),
    ('馮', '冯'),
    ('驗', '验'),
    ('驢', '驴'),
    ('體', '体'),
    ('鬆', '松'),
    ('鬱', '郁'),
    ('魚', '鱼'),
    ('魯', '鲁'),
    ('鮑', '鲍'),
    ('鳥', '鸟'),
    ('鳳', '凤'),
    ('鹽', '盐'),
    ('麵', '面'),
    ('麼', '么'),
    ('黃', '黄'),
    ('點', '点'),
    ('黨', '党'),
    ('齊', '齐'),
    ('齡', '龄'),
    ('龍', '龙'),
    ('龔', '龚'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_map_is_sorted_and_folds_words() {
        assert!(TRAD_SIMP.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(TRAD_SIMP.iter().all(|(t, s)| t != s));
        // Every mapped character lies where the bit test looks.
        assert!(TRAD_SIMP.iter().all(|&(t, s)| ('\u{4E00}'..='\u{9FFF}').contains(&t) && simplified(t) == s));
        assert_eq!(fold_simplified("序號 項目名稱"), "序号项目名称");
        assert_eq!(fold_simplified("重點任務"), "重点任务");
        assert_eq!(simplified('a'), 'a');
    }

    #[test]
    fn folding_removes_width_and_space() {
        assert_eq!(fold("（此件 主动公开）"), "(此件主动公开)");
        assert_eq!(fold("“两山”"), "\"两山\"");
        assert_eq!(fold("优于Ⅲ类"), fold("优于III类"));
        assert_eq!(fold("劣Ⅴ类"), "劣V类");
    }

    #[test]
    fn joining_cells() {
        assert_eq!(join_parts(&["环境", "质量"]), "环境质量");
        assert_eq!(join_parts(&["2019-2020", "年"]), "2019-2020年");
        assert_eq!(join_parts(&["PM2.5", "concentration"]), "PM2.5 concentration");
        assert_eq!(squash(" 山区>60% 丘陵区>40% "), "山区>60%丘陵区>40%");
    }

    #[test]
    fn repeated_merged_text_once() {
        assert_eq!(dedupe_repeat("推动“两山”转化推动“两山”转化"), "推动“两山”转化");
        assert_eq!(dedupe_repeat("绿水青山巩固绿水青山巩固绿水青山巩固"), "绿水青山巩固");
        assert_eq!(dedupe_repeat("区生态环境局"), "区生态环境局");
        assert_eq!(dedupe_repeat("哈哈"), "哈哈");
    }

    /// The byte-chunk comparison finds what the character-list version found, over many short repetitions.
    #[test]
    fn dedupe_repeat_as_before() {
        fn by_chars(s: &str) -> String {
            let chars: Vec<char> = s.chars().collect();
            let n = chars.len();
            for unit in 2..=n / 2 {
                if n.is_multiple_of(unit) && chars.chunks(unit).all(|c| c == &chars[..unit]) {
                    return chars[..unit].iter().collect();
                }
            }
            s.to_string()
        }
        let alphabet: Vec<char> = "a推动é“".chars().collect();
        let mut next = crate::text::xorshift(0x9E3779B9_u64);
        for _ in 0..20_000 {
            let unit: String = (0..1 + next() % 4).map(|_| alphabet[next() % alphabet.len()]).collect();
            let mut s = unit.repeat(1 + next() % 6);
            if next().is_multiple_of(3) {
                s.push(alphabet[next() % alphabet.len()]);
            }
            assert_eq!(dedupe_repeat(&s), by_chars(&s), "{s:?}");
        }
    }

    #[test]
    fn markup() {
        assert_eq!(strip_markup("## 一、总体要求"), "一、总体要求");
        assert_eq!(strip_markup("**（一）强化领导**"), "（一）强化领导");
        assert_eq!(strip_markup("#标题"), "标题");
        assert_eq!(strip_markup("正文**强调**"), "正文**强调**");
    }

    #[test]
    fn numerals() {
        assert_eq!(cn_number("三"), Some(3));
        assert_eq!(cn_number("十二"), Some(12));
        assert_eq!(cn_number("二十一"), Some(21));
        assert_eq!(cn_number("21"), Some(21));
        assert_eq!(cn_number("甲"), None);
        assert_eq!(serial_number("3."), Some(3));
        assert_eq!(serial_number("（十二）"), Some(12));
        assert_eq!(serial_number("３"), Some(3));
        assert_eq!(serial_number("合计"), None);
        assert_eq!(year_digits("二〇二〇"), Some(2020));
        assert_eq!(year_digits("二○一一"), Some(2011));
        assert_eq!(year_digits("2024"), Some(2024));
    }

    #[test]
    fn ids_are_content_derived_and_width_blind() {
        assert_eq!(content_id("ind", "“两山”建设成效"), content_id("ind", "\"两山\" 建设成效"));
        let mut ids = vec!["a".to_string(), "a".to_string(), "b".to_string()];
        uniquify(&mut ids);
        assert_eq!(ids, ["a", "a-2", "b"]);
        let mut ids: Vec<String> = ["x", "x-2", "x", "x"].iter().map(|s| s.to_string()).collect();
        uniquify(&mut ids);
        assert_eq!(ids, ["x", "x-2", "x-2", "x-3"], "counted on the ids as they came");
    }

    /// The pieces join to what the character iterator yields: for every character on its own, for text
    /// mixing the characters the fold changes, and when stopped early.
    #[test]
    fn fold_pieces_as_fold_chars() {
        let joined = |s: &str| {
            let mut out = String::new();
            assert!(fold_pieces(s, |p| {
                assert!(!p.is_empty());
                out.push_str(p);
                true
            }));
            out
        };
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(joined(&s), fold_chars(&s).collect::<String>(), "{c:?} U+{:04X}", c as u32);
        }
        let parts =
            ["两山", "Ⅲ", "ⅻ", "“", "”", " ", "　", "\u{A0}", "ＡＢ", "１", "a", "—", "、", "。", "【", "\t", "类"];
        for s in concatenations(&parts, 4, |_| true) {
            let want: String = fold_chars(&s).collect();
            assert_eq!(joined(&s), want, "{s:?}");
            assert_eq!(fold(&s), want);
            assert!(fold_eq(&s, &want));
            assert_eq!(fold_eq(&s, "两山类"), want == "两山类");
            assert!(!fold_eq(&s, &format!("{want}I")) && !fold_eq(&format!("{s}I"), &want));
            let mut n = 0;
            let whole = fold_pieces(&s, |_| {
                n += 1;
                n < 2
            });
            assert_eq!(whole, n < 2, "{s:?}");
        }
    }

    #[test]
    fn contains_short_as_contains() {
        let hays = ["", "a", "目标值", "稳定提高", "不减少", "x目标", "ab".repeat(40).as_str().to_owned().leak()];
        let needles = ["", "a", "目标", "提高", "不减", "标值", "ba", "目标值x"];
        for h in hays {
            for n in needles {
                assert_eq!(contains_short(h, n), h.contains(n), "{h:?} {n:?}");
            }
        }
    }

    /// The words of a character come in index order, those of no other character come, and a character with
    /// the low byte of an indexed one but no word of its own gets none.
    #[test]
    fn first_chars_lookup() {
        let idx = FirstChars::new([(2, "局"), (0, "管委会"), (1, "局长"), (3, ""), (4, "委")]);
        assert_eq!(idx.starting_with('局').collect::<Vec<_>>(), [(1, "局长"), (2, "局")]);
        assert_eq!(idx.starting_with('管').collect::<Vec<_>>(), [(0, "管委会")]);
        assert_eq!(idx.starting_with(char::from_u32('局' as u32 + 0x100).unwrap_or('x')).count(), 0);
        assert_eq!(idx.starting_with('x').count(), 0);
    }

    #[test]
    fn hex_as_format_writes_it() {
        let bytes: Vec<u8> = (0..=255).collect();
        let mut hex = String::new();
        push_hex(&mut hex, &bytes);
        assert_eq!(hex, bytes.iter().map(|b| format!("{b:02x}")).collect::<String>());
    }

    #[test]
    fn parens() {
        assert_eq!(unwrap_parens("（此件主动公开）"), Some("此件主动公开"));
        assert_eq!(unwrap_parens("(联系电话:1)"), Some("联系电话:1"));
        assert_eq!(unwrap_parens("无括号"), None);
    }
}
