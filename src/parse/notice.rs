//! Notice: the leading text lines → the 公文 wrapper (GB/T 9704-2012: issuer, 发文字号, title, 文种,
//! 主送机关, body, signatories, 代章, 成文日期, contact, disclosure, 附件说明, metadata) and where the plan starts.

use crate::model::{Attachment, Diags, Notice, Printed};
use crate::pattern::{Regex, static_re};
use crate::read::headings::heading_level;
use crate::read::lines::Line;
use crate::text::{
    cn_number, fold_simplified, join_parts, simplified, squash, strip_markup, unwrap_parens, year_digits,
};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// 文种 words a notice title ends with.
const DOC_TYPES: &[&str] =
    &["通知", "通报", "意见", "决定", "批复", "公告", "通告", "决议", "纪要", "函", "报告", "请示"];

static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    static_re(
        r"^\s*(?:发文字号[:：]?\s*)?(?P<n>[\p{Han}A-Za-z]{1,16}\s*[〔\[［【（(]\s*\d{4}\s*[〕\]］】）)]?\s*(?:第\s*)?\d{1,5}\s*[号號])\s*$",
    )
});

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| static_re(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"));

static META_LABEL: LazyLock<Regex> =
    LazyLock::new(|| static_re(r"^\s*(?P<label>(?:[\p{Han}]\s*){2,8})[:：]\s*(?P<value>.*)$"));

static PRINTED: LazyLock<Regex> =
    LazyLock::new(|| static_re(r"^\s*(?P<by>.*?)\s*(?P<date>\S+年\S+月\S+日)\s*印\s*[发發]\s*$"));

/// A date in Arabic or Chinese numerals (二〇二〇年四月九日, 二○一一年…): the year, month and day as written.
const DATE: &str = r"(?P<y>\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| static_re(DATE));

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| static_re(&format!(r"^\s*{DATE}\s*$")));

static ATTACHMENTS: LazyLock<Regex> = LazyLock::new(|| static_re(r"^\s*附\s*件\s*[:：]\s*(?P<rest>.+)$"));

static NUMBERED: LazyLock<Regex> = LazyLock::new(|| static_re(r"^\s*(?P<n>\d{1,2})\s*[．.、]\s*(?P<t>\S.*)$"));

static NEXT_NUMBER: LazyLock<Regex> = LazyLock::new(|| static_re(r"\s+(\d{1,2})\s*[．.、]"));

/// The numbered pattern: the number and the text after it.
fn numbered(t: &str) -> Option<(&str, &str)> {
    let c = NUMBERED.captures(t)?;
    Some((c.name("n")?.as_str(), c.name("t")?.as_str()))
}

/// Any date in the text as ISO `YYYY-MM-DD` (Arabic or Chinese numerals).
pub fn iso_date(s: &str) -> Option<String> {
    if s.contains(['-', '/', '.'])
        && let Some(c) = ISO_DATE.captures(s)
    {
        let (y, m, d): (i32, u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return valid(y, m, d);
    }
    if !s.contains('年') {
        return None;
    }
    let c = DATE_RE.captures(s)?;
    let y = year_digits(&c["y"].replace(['O', 'Ｏ'], "〇"))?;
    let m = cn_number(&c["m"])?;
    let d = cn_number(&c["d"])?;
    valid(y, m, d)
}

fn valid(y: i32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A 发文字号 line ("蓟政办发〔2020〕15号"): it ends with 号, which is tested before the pattern is run (or
/// compiled: a notice without a number never pays for it).
fn doc_number_line(t: &str) -> Option<crate::pattern::Captures<'_>> {
    if !t.trim_end().ends_with(['号', '號']) {
        return None;
    }
    DOC_NUMBER.captures(t)
}

/// A 成文日期 line on its own; it ends with 日.
fn is_date_line(t: &str) -> bool {
    t.trim_end().ends_with('日') && DATE_LINE.is_match(t)
}

/// Result of reading the notice: the notice (if the text has one) and the index of the first line after it.
pub struct NoticeRead {
    pub notice: Option<Notice>,
    pub next: usize,
    /// When the notice's signature follows the plan (a notice that carries its points itself, signed at the
    /// end): the index of the signature's first line and of the first line after the signature block.
    pub plan_end: Option<(usize, usize)>,
}

fn is_meta_label(line: &str) -> Option<(String, String)> {
    if !line.contains([':', '：']) {
        return None;
    }
    let c = META_LABEL.captures(line)?;
    let label: String = c["label"].chars().filter(|c| !c.is_whitespace()).collect();
    Some((label, c["value"].trim().to_string()))
}

/// The 文种 a title line ends with (after a bracketed 发文字号 or status is cut off; Traditional script read as
/// Simplified).
fn is_title_end(t: &str) -> Option<&'static str> {
    let f = fold_simplified(crate::parse::genre::title_core(t));
    DOC_TYPES.iter().find(|d| f.ends_with(*d)).copied()
}

/// Where `word` (Simplified) starts in `t`, reading `t`'s Traditional characters as Simplified.
fn find_simplified(t: &str, word: &str) -> Option<usize> {
    let first = word.chars().next()?;
    t.char_indices().map(|(i, _)| i).find(|&i| {
        let mut a = t[i..].chars().map(simplified);
        a.next() == Some(first) && word.chars().skip(1).all(|w| a.next() == Some(w))
    })
}

/// The issuer's name on a line of its own above the title: short, no punctuation, an organ's ending.
fn is_issuer_line(t: &str) -> bool {
    let f = fold_simplified(t);
    let n = f.chars().count();
    (2..=40).contains(&n)
        && !f.contains(['。', '，', '；', ',', ';', ':', '：', '>', '|'])
        && !is_red_head(t)
        && ["政府", "办公室", "办公厅", "局", "委员会", "委", "厅", "办", "中心", "小组", "公司"]
            .iter()
            .any(|w| f.ends_with(w))
}

/// A red-head line: "某某县人民政府文件", "某某局文件".
fn is_red_head(t: &str) -> bool {
    let f = fold_simplified(t);
    f.ends_with("文件") && f.chars().count() <= 40 && !f.contains(['。', '，'])
}

/// Read the notice from the leading text lines. `lines` are the text lines before the first table.
pub fn read(lines: &[&Line], diags: &mut Diags) -> NoticeRead {
    read_with(lines, BTreeMap::new(), diags)
}

/// [`read`], with the metadata a page gave before the lines (a table of labels and values above the notice).
pub fn read_with(lines: &[&Line], given: BTreeMap<String, String>, diags: &mut Diags) -> NoticeRead {
    let mut i = 0;
    let skip_blank = |i: &mut usize| {
        while *i < lines.len() && lines[*i].is_blank() {
            *i += 1;
        }
    };
    skip_blank(&mut i);

    // A web page's metadata block: "发 文 字 号 :" then the value on the same or the next line.
    let mut metadata = BTreeMap::new();
    let meta_start = i;
    while i < lines.len() {
        let Some((label, value)) = is_meta_label(&lines[i].text) else { break };
        if heading_level(lines[i].trimmed()).is_some() || label.chars().count() > 6 {
            break;
        }
        let mut value = value;
        if value.is_empty() && i + 1 < lines.len() && is_meta_label(&lines[i + 1].text).is_none() {
            value = lines[i + 1].trimmed().to_string();
            i += 1;
        }
        metadata.insert(label, value);
        i += 1;
        skip_blank(&mut i);
    }
    if metadata.len() < 2 {
        metadata.clear();
        i = meta_start;
    }
    for (k, v) in given {
        metadata.entry(k).or_insert(v);
    }

    // Find the title: it ends, within a few lines, with a 文种 word, and is a 关于/印发 title.
    let mut doc_number = None;
    let mut j = i;
    // Lines before the title's end: page chrome, a red-head line, the 发文字号, the title's first lines.
    let mut scanned: Vec<usize> = Vec::new();
    let mut doc_type = None;
    // Web copies may put a score of chrome lines (breadcrumbs, links, weather) above the title.
    while j < lines.len() && scanned.len() < 24 {
        let t = lines[j].trimmed();
        if t.is_empty() {
            j += 1;
            continue;
        }
        if heading_level(t).is_some() || t.ends_with('：') || t.ends_with(':') {
            break;
        }
        scanned.push(j);
        if let Some(d) = is_title_end(t) {
            doc_type = Some(d);
            break;
        }
        j += 1;
    }
    // The title starts at the line that names the matter (关于, or the verb 印发 …), or at the issuer's name
    // on the line above it; it ends within three lines.
    let end_at = scanned.len().saturating_sub(1);
    let names_matter = |x: usize| {
        let f = fold_simplified(lines[x].trimmed());
        f.contains("关于") || ["印发", "转发", "下发"].iter().any(|v| f.contains(v))
    };
    let start_at = (end_at.saturating_sub(2)..=end_at).find(|&x| scanned.get(x).is_some_and(|&l| names_matter(l)));
    let is_notice = doc_type.is_some() && start_at.is_some();
    if !is_notice {
        if !metadata.is_empty() {
            diags.warn(
                "notice.metadata_without_notice",
                lines.get(meta_start).map(|l| l.no),
                format!("a metadata block but no notice title: {}", fmt_meta(&metadata)),
            );
            return NoticeRead { notice: None, next: i, plan_end: None };
        }
        return NoticeRead { notice: None, next: 0, plan_end: None };
    }
    let mut start_at = start_at.unwrap_or(end_at);
    if start_at > 0 && is_issuer_line(lines[scanned[start_at - 1]].trimmed()) {
        start_at -= 1;
    }
    // What stands before the title: the 发文字号, a red head, or page chrome (kept in diagnostics).
    for &x in &scanned[..start_at] {
        let t = lines[x].trimmed();
        if let Some(c) = doc_number_line(t) {
            doc_number = Some(c["n"].split_whitespace().collect::<String>());
        } else if is_red_head(t) {
            diags.info("notice.red_head", Some(lines[x].no), format!("red-head line before the title: {t}"));
        } else {
            diags.info("notice.page_chrome", Some(lines[x].no), format!("page text before the title left out: {t}"));
        }
    }
    let title_lines: Vec<&Line> = scanned[start_at..].iter().map(|&x| lines[x]).collect();
    let mut title = squash(&join_parts(&title_lines.iter().map(|l| strip_markup(l.trimmed())).collect::<Vec<_>>()));
    // A bracket after the 文种: the 发文字号 written into the title line, or a status such as （已废止）.
    let first_line = title_lines.first().map(|l| l.no).unwrap_or(1);
    while let Some(open) = crate::parse::genre::trailing_bracket(&title) {
        let inner = title[open..].to_string();
        let core = inner
            .trim_start_matches(['（', '(', '[', '［', '【'])
            .trim_end_matches(['）', ')', ']', '］', '】'])
            .to_string();
        if let Some(c) = doc_number_line(&core) {
            doc_number = Some(c["n"].split_whitespace().collect::<String>());
        } else if open > 0 && is_title_end(&title[..open]).is_some() {
            diags.info("notice.title_status", Some(first_line), format!("a note after the title: {inner}"));
        } else {
            break;
        }
        title.truncate(open);
        let trimmed = title.trim_end().len();
        title.truncate(trimmed);
    }
    let mut notice =
        Notice { title: title.clone(), doc_type: doc_type.map(str::to_string), line: first_line, ..Notice::default() };
    notice.issuer = find_simplified(&title, "关于").map(|p| title[..p].to_string()).filter(|s| !s.is_empty());
    j += 1;

    // 发文字号 after the title, then the recipients line.
    let mut k = j;
    while k < lines.len() {
        let t = lines[k].trimmed();
        if t.is_empty() {
            k += 1;
            continue;
        }
        if let Some(c) = doc_number_line(t) {
            doc_number = Some(c["n"].split_whitespace().collect());
            k += 1;
            continue;
        }
        break;
    }
    if let Some(t) = lines.get(k).map(|l| l.trimmed())
        && (t.ends_with('：') || t.ends_with(':'))
        && heading_level(t).is_none()
        && t.chars().count() <= 200
    {
        let list = t.trim_end_matches(['：', ':']);
        notice.recipients = list.split(['，', ',']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        k += 1;
    }

    // The 成文日期 line closes the body.
    let limit = lines.len();
    let is_date_at = |x: usize| {
        is_date_line(&lines[x].text)
            || signed_date(&lines[x].text).is_some()
            || (is_garbled_date(lines[x].trimmed()) && signed_above(lines, x, k))
    };
    let mut date_at =
        (k..limit).take_while(|&x| heading_level(lines[x].trimmed()).is_none_or(|l| l > 2)).find(|&x| is_date_at(x));
    // A notice may carry numbered points of its own (一、二、) before its signature: its date is then further on,
    // right under a signatory. With text after it, the points were the notice's and the plan follows; with
    // nothing after it, the points are the plan itself, signed at the end.
    let mut carries_plan = false;
    if date_at.is_none()
        && let Some(x) = (k..limit).find(|&x| is_date_at(x) && signed_above(lines, x, k))
    {
        let after = (x + 1..limit).any(|y| {
            let t = lines[y].trimmed();
            !t.is_empty() && !is_after_date(t) && !is_trailer_line(t)
        });
        carries_plan = !after;
        date_at = Some(x);
    }
    let Some(d) = date_at else {
        diags.warn("notice.no_date", Some(first_line), "the notice has no 成文日期 line; its body runs to the plan");
        // The body runs to the plan's first top-level heading; without one, to its first heading or plan title,
        // so that a wrong guess about the notice's end never swallows the plan.
        let end = (k..limit)
            .find(|&x| heading_level(lines[x].trimmed()).is_some_and(|l| l <= 1))
            .or_else(|| {
                (k..limit).find(|&x| {
                    let t = lines[x].trimmed();
                    heading_level(t).is_some() || (crate::parse::genre::is_title_line(t) && is_title_end(t).is_none())
                })
            })
            .unwrap_or(limit);
        let (body, attachments) = body_and_attachments(&lines[k..end]);
        notice.body = body;
        notice.attachments = attachments;
        finish_numbers(&mut notice, doc_number, &metadata);
        return NoticeRead { notice: Some(notice), next: end, plan_end: None };
    };
    notice.date = iso_date(&lines[d].text);
    if notice.date.is_none() {
        diags.warn(
            "notice.date_unreadable",
            Some(lines[d].no),
            format!("the 成文日期 \"{}\" cannot be read as a date: left empty", lines[d].trimmed()),
        );
    }

    // Signature block: walk back from the date over 代章 and organisation lines.
    let mut s = d;
    let mut signatories = Vec::new();
    if let Some(org) = signed_date(&lines[d].text) {
        // "某区人民政府办公室    2020年4月9日": the signatory and the date share a line.
        signatories.extend(org.split("  ").map(str::trim).filter(|x| !x.is_empty()).map(str::to_string));
    }
    while s > k {
        let t = lines[s - 1].trimmed();
        if t.is_empty() {
            if signatories.is_empty() && notice.seal_note.is_none() {
                s -= 1;
                continue;
            }
            break;
        }
        if t.contains("代章") {
            notice.seal_note = Some(unwrap_parens(t).unwrap_or(t).to_string());
        } else if let Some(x) = unwrap_parens(t).filter(|x| says(x, &["公开"])) {
            notice.disclosure = Some(x.to_string());
        } else if is_signatory_line(t) {
            let names: Vec<String> =
                t.split("  ").map(str::trim).filter(|x| !x.is_empty()).map(str::to_string).collect();
            for n in names.into_iter().rev() {
                signatories.insert(0, n);
            }
        } else {
            break;
        }
        s -= 1;
    }
    notice.signatories = signatories;
    // The body ends at the signature; when the notice carries the plan, at the plan's first heading.
    let body_end =
        if carries_plan { (k..s).find(|&x| heading_level(lines[x].trimmed()) == Some(1)).unwrap_or(s) } else { s };
    let (body, attachments) = body_and_attachments(&lines[k..body_end]);
    notice.body = body;
    notice.attachments = attachments;

    // After the date: contact, disclosure and 代章 notes in brackets.
    let mut e = d + 1;
    while e < lines.len() {
        let t = lines[e].trimmed();
        if t.is_empty() {
            e += 1;
            continue;
        }
        let inner = unwrap_parens(t);
        match inner {
            Some(x) if says(x, &["公开"]) => notice.disclosure = Some(x.to_string()),
            Some(x) if says(x, &["联系", "电话"]) => notice.contact = Some(x.to_string()),
            Some(x) if x.contains("代章") => notice.seal_note = Some(x.to_string()),
            _ if is_contact_line(t) => notice.contact = Some(t.to_string()),
            _ => break,
        }
        e += 1;
    }
    finish_numbers(&mut notice, doc_number, &metadata);
    notice.metadata = metadata;
    if carries_plan {
        diags.info(
            "notice.is_plan",
            lines.get(body_end).map(|l| l.no),
            "the notice carries its points itself, signed at the end: its numbered points are read as the plan",
        );
        return NoticeRead { notice: Some(notice), next: body_end, plan_end: Some((s, e)) };
    }
    NoticeRead { notice: Some(notice), next: e, plan_end: None }
}

/// A 成文日期 the copy garbled: digits run together ("202199", "2023428") or a masked day ("2021年9月**日").
fn is_garbled_date(t: &str) -> bool {
    let n = t.chars().count();
    let digits =
        (6..=8).contains(&n) && t.bytes().all(|b| b.is_ascii_digit()) && (t.starts_with("19") || t.starts_with("20"));
    let masked = n <= 16 && t.contains('年') && t.contains(['*', '＊', '×', 'X', 'x']) && t.ends_with('日');
    digits || masked
}

/// `x` names one of `words` (Simplified; Traditional text read as Simplified: 公開 is 公开).
fn says(x: &str, words: &[&str]) -> bool {
    let f = fold_simplified(x);
    words.iter().any(|w| f.contains(w))
}

/// "联系人：…" / "联系电话：…" on a line of its own (聯繫人 too).
fn is_contact_line(t: &str) -> bool {
    let f = fold_simplified(t);
    f.starts_with("联系人") || f.starts_with("联系电话")
}

/// A line that may follow the 成文日期: contact, disclosure or 代章 notes.
fn is_after_date(t: &str) -> bool {
    let inner = unwrap_parens(t);
    inner.is_some_and(|x| says(x, &["公开", "联系", "电话", "代章"])) || is_contact_line(t)
}

/// The date line at `d` stands right under a signatory (or shares its line), as a signature block's date does.
fn signed_above(lines: &[&Line], d: usize, from: usize) -> bool {
    if signed_date(&lines[d].text).is_some() {
        return true;
    }
    (from..d)
        .rev()
        .map(|x| lines[x].trimmed())
        .find(|t| !t.is_empty() && !t.contains("代章"))
        .is_some_and(is_signatory_line)
}

/// A page's metadata table (label | value | label | value, between pipes): its pairs, when every row holds
/// labels (two to eight Chinese characters) at its even places.
pub fn metadata_table(rows: &[Vec<&str>]) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for r in rows {
        if r.len() < 2 || r.len() % 2 != 0 {
            return None;
        }
        for pair in r.chunks(2) {
            let label: String = pair[0].chars().filter(|c| !c.is_whitespace()).collect();
            let n = label.chars().count();
            if !(2..=8).contains(&n) || !label.chars().all(crate::text::is_han) {
                return None;
            }
            out.insert(label, pair[1].trim().to_string());
        }
    }
    (out.len() >= 2).then_some(out)
}

fn fmt_meta(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

fn finish_numbers(notice: &mut Notice, doc_number: Option<String>, metadata: &BTreeMap<String, String>) {
    notice.doc_number = doc_number.or_else(|| {
        metadata
            .iter()
            .find(|(k, _)| k.contains("文号") || k.contains("字号"))
            .map(|(_, v)| v.split_whitespace().collect::<String>())
            // "无文号", "无": the page says there is none.
            .filter(|v| !v.is_empty() && !v.starts_with('无'))
    });
    if notice.date.is_none() {
        notice.date = metadata.iter().find(|(k, _)| k.contains("成文")).and_then(|(_, v)| iso_date(v));
    }
}

/// "某区人民政府办公室    2020年4月9日" → the organisation part, when a line ends with the 成文日期.
fn signed_date(line: &str) -> Option<&str> {
    let t = line.trim();
    // The date must end the line, and a date ends with 日.
    if !t.ends_with('日') {
        return None;
    }
    let at = DATE_RE.find_iter(t).last()?.range();
    let before = &t[..at.start];
    // The two are set apart by spaces, as a signature block is laid out.
    if at.end != t.len() || !before.ends_with(char::is_whitespace) {
        return None;
    }
    let org = before.trim();
    is_signatory_line(org).then_some(org)
}

/// An organisation name standing alone: short, and no sentence punctuation.
fn is_signatory_line(t: &str) -> bool {
    let n = t.chars().count();
    (2..=60).contains(&n)
        && !t.contains(['。', '，', '；', '：', ',', ';', ':', '（', '('])
        && heading_level(t).is_none()
}

/// Body paragraphs of the notice, with 附件说明 lines taken out as attachments.
fn body_and_attachments(lines: &[&Line]) -> (Vec<String>, Vec<Attachment>) {
    let mut body = Vec::new();
    let mut attachments = Vec::new();
    let mut in_list = false;
    for l in lines {
        let t = l.trimmed();
        if t.is_empty() {
            in_list = false;
            continue;
        }
        if let Some(list) = attachment_list(t) {
            attachments.extend(list);
            in_list = true;
            continue;
        }
        if in_list && let Some((n, title)) = numbered(t) {
            attachments.push(Attachment { number: n.parse().ok(), title: clean_title(title) });
            continue;
        }
        in_list = false;
        body.push(t.to_string());
    }
    (body, attachments)
}

fn clean_title(t: &str) -> String {
    t.trim().trim_start_matches('《').trim_end_matches('》').trim().to_string()
}

/// "附件：1．甲 2．乙" or "附件：甲" → the attachments it lists.
pub fn attachment_list(t: &str) -> Option<Vec<Attachment>> {
    if !t.trim_start().starts_with('附') {
        return None;
    }
    let c = ATTACHMENTS.captures(t)?;
    let rest = c.name("rest")?.as_str().trim();
    if let Some((n, title)) = numbered(rest) {
        let mut out = vec![];
        // Several numbered attachments may share the line: split before each " N．".
        let mut last_n: Option<u32> = n.parse().ok();
        let mut last_start = rest.len() - title.len();
        for c in NEXT_NUMBER.captures_iter(rest) {
            let (Some(at), Some(n)) = (c.get(0), c.get(1)) else { continue };
            // "1． 2．甲": the first number's text would start inside the next match; it has none.
            let title = rest.get(last_start..at.start()).unwrap_or("");
            out.push(Attachment { number: last_n, title: clean_title(title) });
            last_n = n.as_str().parse().ok();
            last_start = at.end();
        }
        out.push(Attachment { number: last_n, title: clean_title(&rest[last_start..]) });
        return Some(out);
    }
    Some(vec![Attachment { number: None, title: clean_title(rest) }])
}

/// The 版记 at the end: "抄送：…" and "…  2024年3月19日印发".
pub fn read_trailer(line: &str, notice: &mut Notice) -> bool {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix("抄送").map(|r| r.trim_start_matches(['：', ':', ' '])) {
        notice.cc.extend(
            rest.trim_end_matches(['。', '.'])
                .split(['，', ',', '、'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
        return true;
    }
    if let Some(c) = PRINTED.captures(t) {
        let by = c["by"].trim();
        notice.printed = Some(Printed { by: (!by.is_empty()).then(|| by.to_string()), date: iso_date(&c["date"]) });
        return true;
    }
    false
}

pub fn is_trailer_line(t: &str) -> bool {
    let t = t.trim();
    // A print line ends with 印发: test that before running the pattern over the whole line.
    t.starts_with("抄送") || (t.ends_with(['发', '發']) && PRINTED.is_match(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mk(text: &str) -> Vec<Line<'_>> {
        text.split('\n').enumerate().map(|(i, t)| Line { no: i + 1, text: t.into() }).collect()
    }

    fn read_str(text: &str) -> (Option<Notice>, usize, Diags) {
        let lines = mk(text);
        let refs: Vec<&Line> = lines.iter().collect();
        let mut d = Diags::default();
        let r = read(&refs, &mut d);
        (r.notice, r.next, d)
    }

    #[test]
    fn title_among_chrome_red_head_and_numbers() {
        let (n, _, d) = read_str(
            "首页 > 政务公开\n某市某局文件\n某发[2019]27号\n某市某局\n关于印发《某市2019年\n工作要点》的通知（已废止）\n各单位：\n现印发。\n某市某局\n2019年2月26日",
        );
        let n = n.expect("a notice");
        assert_eq!(n.title, "某市某局关于印发《某市2019年工作要点》的通知");
        assert_eq!(n.issuer.as_deref(), Some("某市某局"));
        assert_eq!(n.doc_number.as_deref(), Some("某发[2019]27号"));
        for code in ["notice.page_chrome", "notice.red_head", "notice.title_status"] {
            assert!(d.0.iter().any(|x| x.code == code), "{code}");
        }
        let (n, _, _) = read_str("关于下发某办法的通知(某办发[2012]16號)\n各单位：\n正文。\n某办\n2012年5月8日");
        let n = n.expect("a notice");
        assert_eq!((n.title.as_str(), n.doc_number.as_deref()), ("关于下发某办法的通知", Some("某办发[2012]16號")));
    }

    #[test]
    fn own_points_garbled_date_and_a_notice_signed_after_its_plan() {
        let (n, next, _) = read_str(
            "某局关于印发某方案的通知\n各单位：\n现印发，要求如下：\n一、提高认识。\n二、压实责任。\n\n某局\n2020年3月2日\n\n某方案\n一、总体要求",
        );
        let n = n.expect("a notice");
        assert_eq!((n.body.len(), n.date.as_deref(), next), (3, Some("2020-03-02"), 9));
        let (n, _, d) = read_str("某局关于印发某方案的通知\n各单位：\n现印发。\n某局\n2021年9月**日\n某方案");
        assert_eq!(n.expect("a notice").date, None);
        assert!(d.0.iter().any(|x| x.code == "notice.date_unreadable"));
        let (n, _, d) = read_str("某局关于印发某方案的通知\n各单位：\n现印发。\n某局\n2023428\n某方案");
        assert_eq!(n.expect("a notice").signatories, ["某局"]);
        assert!(d.0.iter().any(|x| x.code == "notice.date_unreadable"));
        let lines =
            mk("关于做好某工作的通知\n各单位：\n通知如下：\n一、目标\n甲。\n二、任务\n乙。\n某局\n2025年3月3日");
        let refs: Vec<&Line> = lines.iter().collect();
        let r = read(&refs, &mut Diags::default());
        assert_eq!((r.next, r.plan_end), (3, Some((7, 9))));
        assert_eq!(r.notice.expect("a notice").signatories, ["某局"]);
    }

    #[test]
    fn metadata_tables() {
        let m =
            metadata_table(&[vec!["索引号", "1/2022", "主题分类", "环境"], vec!["文号", "", "成文日期", "2022-06-10"]]);
        assert_eq!(m.expect("pairs").len(), 4);
        assert!(metadata_table(&[vec!["序号", "指标"], vec!["1", "甲"]]).is_none());
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("2020年4月9日").as_deref(), Some("2020-04-09"));
        assert_eq!(iso_date("二〇二〇年四月九日").as_deref(), Some("2020-04-09"));
        assert_eq!(iso_date("二○一一年六月十七日").as_deref(), Some("2011-06-17"));
        assert_eq!(iso_date("二○二四年十二月三十一日").as_deref(), Some("2024-12-31"));
        assert_eq!(iso_date("2020-04-09").as_deref(), Some("2020-04-09"));
        assert_eq!(iso_date("2020年13月1日"), None);
    }

    #[test]
    fn full_notice() {
        let src = "某区人民政府办公室关于印发\n\n某区2021年度工作计划的通知\n某政办发〔2021〕3号\n各街道办事处，各委、办、局：\n\n现将《计划》印发给你们，请照此执行。\n附件：1．甲表 2．乙表\n\n某区人民政府办公室  某区生态环境局\n（某区生态环境局代章）\n          二〇二一年三月十五日\n（联系电话：12345）\n（此件主动公开）\n某区2021年度工作计划\n一、目标";
        let (n, next, _) = read_str(src);
        let n = n.unwrap();
        assert_eq!(n.title, "某区人民政府办公室关于印发某区2021年度工作计划的通知");
        assert_eq!(n.issuer.as_deref(), Some("某区人民政府办公室"));
        assert_eq!(n.doc_type.as_deref(), Some("通知"));
        assert_eq!(n.doc_number.as_deref(), Some("某政办发〔2021〕3号"));
        assert_eq!(n.recipients, ["各街道办事处", "各委、办、局"]);
        assert_eq!(n.body, ["现将《计划》印发给你们，请照此执行。"]);
        assert_eq!(n.attachments.len(), 2);
        assert_eq!((n.attachments[1].number, n.attachments[1].title.as_str()), (Some(2), "乙表"));
        assert_eq!(n.signatories, ["某区人民政府办公室", "某区生态环境局"]);
        assert_eq!(n.seal_note.as_deref(), Some("某区生态环境局代章"));
        assert_eq!(n.date.as_deref(), Some("2021-03-15"));
        assert_eq!(n.contact.as_deref(), Some("联系电话：12345"));
        assert_eq!(n.disclosure.as_deref(), Some("此件主动公开"));
        assert_eq!(next, 14);
    }

    #[test]
    fn signatory_and_date_on_one_line() {
        let (n, next, d) = read_str(
            "某办关于印发计划的通知\n各单位：\n正文。\n某区人民政府办公室      2020年4月9日\n（此件主动公开）\n某计划\n一、目标",
        );
        let n = n.unwrap();
        assert_eq!(n.signatories, ["某区人民政府办公室"]);
        assert_eq!(n.date.as_deref(), Some("2020-04-09"));
        assert_eq!(n.body, ["正文。"]);
        assert_eq!(next, 5);
        assert!(d.0.is_empty());
        assert_eq!(signed_date("要求在2020年4月9日"), None);
    }

    #[test]
    fn doc_number_first_and_brackets() {
        for (src, want) in [
            (
                "青溪环委〔2024〕2号\n\n某办关于转发计划的通知\n各单位：\n正文。\n某办\n2024年3月18日",
                "青溪环委〔2024〕2号",
            ),
            ("某办关于印发计划的通知\n某发[2020]15号\n各单位：\n正文。\n某办\n2020年4月9日", "某发[2020]15号"),
            ("某办关于印发计划的通知\n某发（2020）15号\n各单位：\n正文。\n某办\n2020年4月9日", "某发（2020）15号"),
        ] {
            let (n, _, _) = read_str(src);
            assert_eq!(n.unwrap().doc_number.as_deref(), Some(want), "{src}");
        }
    }

    #[test]
    fn metadata_block_is_not_the_title() {
        let src = "索 引 号 :\nX/2020-1\n发 文 字 号 :\n蓟政办发〔2020〕15号\n成 文 日 期 :\n2020-04-09\n\n某办关于印发计划的通知\n各单位：\n正文。\n某办\n2020年4月9日";
        let (n, _, _) = read_str(src);
        let n = n.unwrap();
        assert_eq!(n.title, "某办关于印发计划的通知");
        assert_eq!(n.doc_number.as_deref(), Some("蓟政办发〔2020〕15号"));
        assert_eq!(n.metadata.get("索引号").map(String::as_str), Some("X/2020-1"));
    }

    #[test]
    fn plan_without_notice() {
        let (n, next, _) = read_str("某区2020年度工作计划\n\n一、目标");
        assert!(n.is_none());
        assert_eq!(next, 0);
    }

    /// A number with no text before the next one (it used to slice backwards and panic).
    #[test]
    fn attachment_number_without_text() {
        let list = attachment_list("附件：1． 2．甲").unwrap_or_default();
        let got: Vec<(Option<u32>, &str)> = list.iter().map(|a| (a.number, a.title.as_str())).collect();
        assert_eq!(got, [(Some(1), ""), (Some(2), "甲")]);
    }

    #[test]
    fn trailer() {
        let mut n = Notice::default();
        assert!(read_trailer("抄送：市生态环境保护委员会办公室。", &mut n));
        assert!(read_trailer("某区办公室          2024年3月19日印发", &mut n));
        assert_eq!(n.cc, ["市生态环境保护委员会办公室"]);
        assert_eq!(n.printed.unwrap().date.as_deref(), Some("2024-03-19"));
    }
}
