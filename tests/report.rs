//! `plandoc report`: the review page for the seed and for the 2020→2021 pair, checked as written and as a real
//! browser renders it (headless Debian chromium, `--dump-dom` after the page's script has run): the counts, the
//! highlighted changes, the department filter set by `#部门=区水务局`, and hostile text shown as text.
//!
//! The browser tests are skipped, with a message, only when no chromium is installed and `CI` is not set;
//! `.ci/run` installs Debian's `chromium` and `fonts-noto-cjk` when missing.

use plandoc::diff::fields::department_key;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const NEXT: &str = "tests/corpus/next_year_2021.txt";
const HOSTILE: &str = "tests/fixtures/report/hostile_text.txt";

fn plandoc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

/// Write the page for `notice` (with `compare`) into `dir` and return its path.
fn page(dir: &Path, name: &str, notice: &str, compare: Option<&str>) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["report", notice, "-o", out.to_str().unwrap()];
    if let Some(old) = compare {
        args.extend(["--compare", old]);
    }
    let run = plandoc(&args);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stdout.is_empty());
    out
}

/// An element's start tag: its name and attributes (values unescaped for `&amp;` and `&quot;`).
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: BTreeMap<String, String>,
    /// The text right after the tag, up to the next `<`.
    text: String,
}

/// Every start tag of the serialised DOM (the browser's serialisation: attributes in double quotes).
fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('/') || rest.starts_with('!') {
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let inner = &rest[..end];
        let after = &rest[end + 1..];
        let text = after[..after.find('<').unwrap_or(after.len())].to_string();
        let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
        let mut attrs = BTreeMap::new();
        let mut a = inner[name_end..].trim_start();
        while !a.is_empty() {
            let key_end = a.find(['=', ' ']).unwrap_or(a.len());
            let key = a[..key_end].to_string();
            a = &a[key_end..];
            let value = if let Some(v) = a.strip_prefix("=\"") {
                let close = v.find('"').unwrap_or(v.len());
                let value = v[..close].replace("&quot;", "\"").replace("&amp;", "&");
                a = &v[(close + 1).min(v.len())..];
                value
            } else {
                String::new()
            };
            attrs.insert(key, value);
            a = a.trim_start();
        }
        out.push(Tag { name: inner[..name_end].to_string(), attrs, text });
        rest = after;
    }
    out
}

fn items<'a>(tags: &'a [Tag], kind: &str) -> Vec<&'a Tag> {
    tags.iter().filter(|t| t.attrs.get("data-item").map(String::as_str) == Some(kind)).collect()
}

fn body(tags: &[Tag]) -> &Tag {
    tags.iter().find(|t| t.name == "body").unwrap()
}

/// The browser to test with: `PLANDOC_CHROMIUM`, or Debian's `chromium`. None (a skip) only outside CI.
fn chromium() -> Option<String> {
    let candidates = std::env::var("PLANDOC_CHROMIUM").ok().into_iter().chain(["chromium".to_string()]);
    for c in candidates {
        if Command::new(&c).arg("--version").output().is_ok_and(|o| o.status.success()) {
            return Some(c);
        }
    }
    if std::env::var_os("CI").is_some() {
        panic!("chromium is not installed: .ci/run installs it (apt-get install chromium fonts-noto-cjk)");
    }
    eprintln!("SKIPPED: chromium is not installed; `apt-get install chromium fonts-noto-cjk` to run the browser tests");
    None
}

/// The DOM after the page's script has run, loaded from the file with a fragment.
fn dump_dom(browser: &str, page: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", page.canonicalize().unwrap().display());
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", &url])
        .output()
        .unwrap();
    let dom = String::from_utf8(out.stdout).unwrap();
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}

/// `#部门=` and the name, percent-encoded as a browser sends it.
fn fragment(name: &str) -> String {
    let mut s = String::from("#");
    for b in format!("部门={name}").bytes() {
        if b.is_ascii_alphanumeric() || b == b'=' {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[test]
fn the_seeds_page_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let seed = page(dir.path(), "seed.html", SEED, None);

    let dom = dump_dom(&browser, &seed, "");
    let t = tags(&dom);
    let (ind, tasks, prj) = (items(&t, "indicator"), items(&t, "task"), items(&t, "project"));
    assert_eq!((ind.len(), tasks.len(), prj.len()), (20, 12, 21));
    assert!(t.iter().all(|x| !x.attrs.contains_key("hidden")), "nothing hidden without a filter");
    let status = t.iter().find(|x| x.attrs.get("id").map(String::as_str) == Some("dept-status")).unwrap();
    assert_eq!(status.text, "全部部门：53 项");

    // One department's link: its 3 indicators, 3 tasks and 6 projects (水务局 written bare on one row counts).
    let dom = dump_dom(&browser, &seed, &fragment("区水务局"));
    let t = tags(&dom);
    let key = department_key("区水务局");
    let mut shown = BTreeMap::new();
    for x in t.iter().filter(|x| x.attrs.contains_key("data-item")) {
        let mine = x.attrs["data-depts"].split(' ').any(|k| k == key);
        assert_eq!(x.attrs.contains_key("hidden"), !mine, "{:?}", x.attrs);
        if mine {
            *shown.entry(x.attrs["data-item"].clone()).or_insert(0) += 1;
        }
    }
    assert_eq!(shown, BTreeMap::from([("indicator".into(), 3), ("project".into(), 6), ("task".into(), 3)]));
    assert_eq!(body(&t).attrs["data-shown"], "12");
    assert_eq!(body(&t).attrs["data-filter"], key);
    let status = t.iter().find(|x| x.attrs.get("id").map(String::as_str) == Some("dept-status")).unwrap();
    assert_eq!(status.text, "区水务局：显示 12 / 53 项");
}

#[test]
fn the_2020_to_2021_page_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pair = page(dir.path(), "pair.html", NEXT, Some(SEED));
    let dom = dump_dom(&browser, &pair, "");
    let t = tags(&dom);
    assert_eq!((items(&t, "indicator").len(), items(&t, "task").len(), items(&t, "project").len()), (19, 12, 20));

    // The summary on top: one target made stricter, one item added, three removed, nothing delayed.
    let count = |label: &str| {
        let at = t.iter().position(|x| x.attrs.get("data-count").map(String::as_str) == Some(label)).unwrap();
        t[at + 1].text.clone()
    };
    let counts: Vec<(&str, String)> =
        ["要求提高", "要求放宽", "新增", "删除", "延期", "延续"].iter().map(|l| (*l, count(l))).collect();
    assert_eq!(
        counts,
        [("要求提高", "1"), ("要求放宽", "0"), ("新增", "1"), ("删除", "3"), ("延期", "0"), ("延续", "0")]
            .map(|(l, n)| (l, n.to_string()))
    );

    // The highlighted rows, by class, with what is shown in them.
    let rows_of = |class: &str| -> Vec<String> {
        let mut names = Vec::new();
        for (i, x) in t.iter().enumerate() {
            if x.name == "tr" && x.attrs.get("class").is_some_and(|c| c.split(' ').any(|w| w == class)) {
                let name = t[i..].iter().find(|y| y.attrs.get("class").is_some_and(|c| c.contains("name"))).unwrap();
                let first = t[i..].iter().skip_while(|y| !std::ptr::eq(*y, name)).nth(1).unwrap();
                names.push(if name.text.is_empty() { first.text.clone() } else { name.text.clone() });
            }
        }
        names
    };
    assert_eq!(rows_of("added"), ["农村生活污水治理提升工程"]);
    assert_eq!(rows_of("removed"), ["污染地块安全利用率", "州河国家湿地公园", "下营环秀湖国家湿地公园"]);
    assert_eq!(rows_of("changed").len(), 3);
    assert_eq!(rows_of("renamed").len(), 1);
    let air = dom.find("环境空气质量优良天数比例").unwrap();
    let row_end = air + dom[air..].find("</tr>").unwrap();
    let row = &dom[air..row_end];
    assert!(row.contains("<del>&gt;90%</del> → <ins>&gt;92%</ins><span class=\"badge up\">要求提高</span>"), "{row}");
    let slag = dom.find("炉渣综合利用处理厂建设").unwrap();
    assert!(dom[slag..].contains("<span class=\"badge chg\">开始 2020年 → 2021年</span>"));

    // 区水务局's link: its rows, the removed wetland parks among them; no other department's.
    let dom = dump_dom(&browser, &pair, &fragment("区水务局"));
    let t = tags(&dom);
    let key = department_key("区水务局");
    let visible: Vec<&Tag> =
        t.iter().filter(|x| x.attrs.contains_key("data-item") && !x.attrs.contains_key("hidden")).collect();
    assert!(visible.iter().all(|x| x.attrs["data-depts"].split(' ').any(|k| k == key)));
    let removed_visible = visible.iter().filter(|x| x.attrs["data-item"] == "removed").count();
    assert_eq!(removed_visible, 2, "the two wetland parks 区水务局 no longer owns");
    assert!(t.iter().filter(|x| x.attrs.contains_key("data-item")).any(|x| x.attrs.contains_key("hidden")));
}

#[test]
fn hostile_text_is_shown_as_text_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let hostile = page(dir.path(), "hostile.html", HOSTILE, None);
    let dom = dump_dom(&browser, &hostile, "");
    let t = tags(&dom);
    // The page's own script ran (its data block parsed although the title holds `</script><!--`) and
    // nothing from the document did.
    assert!(!body(&t).attrs.contains_key("data-pwned"), "a script from the document ran");
    assert!(!t.iter().any(|x| x.name == "img"), "an <img> from the document became an element");
    assert!(
        dom.contains("强化噪声污染防治&lt;script&gt;document.body.setAttribute('data-pwned','script')&lt;/script&gt;")
    );
    assert!(dom.contains("&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"&gt;"));
    assert!(dom.contains("<h1>澜州市青溪区2024年度生态文明建设&lt;/script&gt;&lt;!--工作计划</h1>"));
    assert_eq!(items(&t, "task").len(), 17);
}

#[test]
fn hostile_text_is_escaped_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(page(dir.path(), "hostile.html", HOSTILE, None)).unwrap();
    // Two script elements (the data and the page's own), each ended once: nothing from the document ends them.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("<!--").count(), 0);
    assert!(!html.contains("<img"));
    let data_start = html.find("<script id=\"plandoc-data\" type=\"application/json\">").unwrap();
    let data = &html[data_start..];
    let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
    let value: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(value["title"], "澜州市青溪区2024年度生态文明建设</script><!--工作计划");
    // No fetch of anything: no external reference, and a policy that forbids them.
    for needle in ["http://", "https://", " src=\"", "<link", "@import", "url("] {
        assert!(!html.contains(needle), "{needle}");
    }
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn the_pages_are_written_like_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::fs::read(page(dir.path(), "a.html", SEED, None)).unwrap();
    let b = std::fs::read(page(dir.path(), "b.html", SEED, None)).unwrap();
    assert_eq!(a, b, "the same input gives the same page");
    let html = String::from_utf8(a).unwrap();
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\">"));
    assert!(html.contains("@page { size: A4;"));
    // Every item links to its source line, and that line is on the page.
    for line in [38, 251, 311] {
        assert!(html.contains(&format!("href=\"#L{line}\"")), "{line}");
        assert!(html.contains(&format!("<li id=\"L{line}\">")), "{line}");
    }
    // Tasks by role, with their deadlines where the notice gives them (its task-division table).
    assert!(html.contains("<span class=\"role\">责任：</span>规划和自然资源局蓟州分局、区林业局、区水务局"));
    let table =
        std::fs::read_to_string(page(dir.path(), "t.html", "tests/corpus/task_table_boxdraw.txt", None)).unwrap();
    assert!(table.contains("<span class=\"role\">牵头：</span>规划和自然资源局蓟州分局</div>"));
    assert!(table.contains("<span class=\"role\">完成时限：</span>2020年12月底前</div>"));
    assert!(table.contains("<span class=\"role\">完成时限：</span>长期坚持</div>"));
    // A Word file links to the lines of its text as `plandoc text` prints it.
    let docx = std::fs::read_to_string(page(dir.path(), "d.html", "tests/formats/seed.docx", None)).unwrap();
    let text = String::from_utf8(plandoc(&["text", "tests/formats/seed.docx"]).stdout).unwrap();
    let first_indicator = docx.find("data-item=\"indicator\"").unwrap();
    let link = &docx[first_indicator..];
    let line: usize = link[link.find("href=\"#L").unwrap() + 8..].split('"').next().unwrap().parse().unwrap();
    let shown = format!(
        "<li id=\"L{line}\">{}</li>",
        text.lines().nth(line - 1).unwrap().replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    );
    assert!(docx.contains(&shown), "{shown}");
    // To standard output without -o; a missing input is an error naming it (exit 2), nothing written.
    let out = plandoc(&["report", SEED]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, html.as_bytes());
    let target = dir.path().join("missing.html");
    let out = plandoc(&["report", "tests/corpus/no_such_plan.txt", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tests/corpus/no_such_plan.txt：不存在"));
    assert!(!target.exists());
}

#[test]
fn the_2025_editions_page_marks_carried_over_and_delayed_projects() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(page(
        dir.path(),
        "od.html",
        "tests/fixtures/diff/other_district_2025.txt",
        Some("tests/corpus/other_district_2024.txt"),
    ))
    .unwrap();
    let t = tags(&html);
    let count = |label: &str| {
        let at = t.iter().position(|x| x.attrs.get("data-count").map(String::as_str) == Some(label)).unwrap();
        t[at + 1].text.clone()
    };
    assert_eq!(
        (count("延期"), count("延续"), count("新增"), count("删除")),
        ("1".into(), "9".into(), "0".into(), "0".into())
    );
    let classes: Vec<&str> = items(&t, "project").iter().map(|x| x.attrs["class"].as_str()).collect();
    assert_eq!(classes.iter().filter(|c| **c == "item carried").count(), 9);
    assert_eq!(classes.iter().filter(|c| **c == "item changed").count(), 1);
    assert_eq!(classes.iter().filter(|c| **c == "item").count(), 5, "multi-year periods kept are unchanged");
    assert!(
        html.contains("<del>2023～2024年</del> → <ins>2023～2025年</ins><span class=\"badge late\">延期1年</span>")
    );
    assert!(html.contains("2025年3月—12月<div class=\"role\">上年：2024年3月—12月</div>"));
}
