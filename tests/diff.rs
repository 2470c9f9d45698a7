//! `plandoc diff`: seed → next_year_2021 reports exactly the changes tests/corpus/README.md lists, self- and
//! variant diffs report none, the fixture pairs in tests/fixtures/diff report what was edited, exit codes.

use plandoc::diff::render::{Format, Lang, markdown, render, text};
use plandoc::diff::{DepartmentStatus, FieldChange, Report, Shift, ShiftUnit, Trend, diff_files};
use std::path::Path;
use std::process::Command;

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const NEXT: &str = "tests/corpus/next_year_2021.txt";
const FIX: &str = "tests/fixtures/diff";

fn report(old: &str, new: &str) -> Report {
    diff_files(Path::new(old), Path::new(new), &plandoc::Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn fields(changes: &[FieldChange]) -> Vec<(&str, Option<&str>, Option<&str>)> {
    changes.iter().map(|c| (c.field.as_str(), c.old.as_deref(), c.new.as_deref())).collect()
}

fn names<T>(items: &[T], name: impl Fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(name).collect()
}

/// (name, department kind, item names) for everything a department newly owns or no longer owns.
fn department_view(r: &Report) -> Vec<(String, &'static str, String)> {
    let mut out = Vec::new();
    for (dept, d) in &r.departments {
        for (dir, owned) in [("+", &d.newly_owns), ("-", &d.no_longer_owns)] {
            for (kind, refs) in [("indicator", &owned.indicators), ("task", &owned.tasks), ("project", &owned.projects)]
            {
                for x in refs {
                    out.push((format!("{dir}{dept}"), kind, x.name.clone()));
                }
            }
        }
    }
    out
}

fn plandoc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

#[test]
fn seed_to_2021_is_exactly_the_listed_changes() {
    let r = report(SEED, NEXT);
    assert!(!r.summary.same);
    let title = |y: &str| format!("天津市蓟州区“绿水青山就是金山银山”实践创新基地建设{y}年度工作计划");
    let notice_title = |y: &str| format!("天津市蓟州区人民政府办公室关于印发{}的通知", title(y));
    let (t20, t21, n20, n21) = (title("2020"), title("2021"), notice_title("2020"), notice_title("2021"));
    assert_eq!(
        fields(&r.notice.changed),
        [
            ("notice.title", Some(n20.as_str()), Some(n21.as_str())),
            ("notice.date", Some("2020-04-09"), Some("2021-03-15")),
            ("plan.title", Some(t20.as_str()), Some(t21.as_str())),
            ("plan.year", Some("2020"), Some("2021")),
        ]
    );
    assert!(r.notice.one_sided.is_empty());

    let ind = &r.indicators;
    assert!(ind.added.is_empty());
    assert_eq!(names(&ind.removed, |i| &i.name), ["污染地块安全利用率"]);
    assert_eq!(ind.renamed.len(), 1);
    let rn = &ind.renamed[0];
    assert_eq!((rn.old.name.as_str(), rn.new.name.as_str()), ("国际国内生态文化品牌", "国际国内生态文化品牌数量"));
    assert_eq!(fields(&rn.changes), [("name", Some("国际国内生态文化品牌"), Some("国际国内生态文化品牌数量"))]);
    assert_eq!(names(&ind.changed, |c| &c.new.name), ["环境空气质量优良天数比例", "生态产品市场化机制"]);
    let target = &ind.changed[0].changes;
    assert_eq!(fields(target), [("target", Some(">90%"), Some(">92%"))]);
    assert_eq!(target[0].trend, Some(Trend::Tightened));
    let depts = &ind.changed[1].changes;
    assert_eq!(depts.len(), 1);
    assert_eq!(
        (depts[0].field.as_str(), depts[0].added.len(), depts[0].removed.as_slice()),
        ("departments", 0, &["区林业局".to_string()][..])
    );

    assert!(r.tasks.added.is_empty() && r.tasks.removed.is_empty() && r.tasks.renamed.is_empty());
    assert!(r.tasks.changed.is_empty());
    assert_eq!(r.summary.tasks.unchanged, 12);

    let prj = &r.projects;
    assert_eq!(names(&prj.removed, |p| &p.name), ["州河国家湿地公园", "下营环秀湖国家湿地公园"]);
    assert_eq!(names(&prj.added, |p| &p.name), ["农村生活污水治理提升工程"]);
    assert_eq!(prj.added[0].serial, Some(22));
    assert!(prj.renamed.is_empty());
    assert_eq!(names(&prj.changed, |c| &c.new.name), ["炉渣综合利用处理厂建设"]);
    let period = &prj.changed[0].changes;
    assert_eq!(fields(period), [("period", Some("2020-2022年"), Some("2021-2022年"))]);
    assert_eq!(period[0].start.map(|m| (m.old, m.new)), Some((Some(2020), Some(2021))));
    assert_eq!(period[0].end, None);

    assert_eq!(
        department_view(&r),
        [
            ("-区林业局".to_string(), "indicator", "生态产品市场化机制".to_string()),
            ("+区水务局".to_string(), "project", "农村生活污水治理提升工程".to_string()),
            ("-区水务局".to_string(), "project", "州河国家湿地公园".to_string()),
            ("-区水务局".to_string(), "project", "下营环秀湖国家湿地公园".to_string()),
            ("-区生态环境局".to_string(), "indicator", "污染地块安全利用率".to_string()),
        ]
    );
    assert!(r.departments.values().all(|d| d.status == DepartmentStatus::Changed));
}

#[test]
fn seed_to_2021_in_every_format() {
    let r = report(SEED, NEXT);
    insta::assert_snapshot!("seed_to_2021_md", markdown(&r, Lang::Zh));
    insta::assert_snapshot!("seed_to_2021_json", render(&r, Format::Json, false, Lang::Zh));
    let t = text(&r, false, Lang::Zh);
    insta::assert_snapshot!("seed_to_2021_text", t);
    assert!(!t.contains('\x1b'), "no colour unless asked");
    assert!(text(&r, true, Lang::Zh).contains("\x1b[31m"), "removals in red when coloured");
    // The JSON keeps the documented shape, in the documented order.
    let json = render(&r, Format::Json, false, Lang::Zh);
    let keys_at = |indent: &str| -> Vec<String> {
        json.lines()
            .filter_map(|l| l.strip_prefix(indent).filter(|k| k.starts_with('"')))
            .filter_map(|k| k.split('"').nth(1).map(str::to_string))
            .collect()
    };
    assert_eq!(keys_at("  "), ["summary", "warnings", "notice", "indicators", "tasks", "projects", "departments"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for kind in ["indicators", "tasks", "projects"] {
        let mut keys: Vec<&String> = v[kind].as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["added", "carried_over", "changed", "removed", "renamed"], "{kind}");
    }
    // The report reads back.
    let back: Report = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}

fn assert_no_change(old: &str, new: &str) {
    let r = report(old, new);
    assert!(r.summary.same, "{old} → {new}:\n{}", text(&r, false, Lang::Zh));
    assert!(r.notice.changed.is_empty());
    for (kind, empty) in
        [("indicators", r.indicators.is_empty()), ("tasks", r.tasks.is_empty()), ("projects", r.projects.is_empty())]
    {
        assert!(empty, "{new}: {kind} differ");
    }
    assert!(r.departments.is_empty());
    let md = markdown(&r, Lang::Zh);
    assert!(md.contains("**无变化：两份计划相同。**") && !md.contains("| 调整 |"), "{new}:\n{md}");
    assert!(text(&r, false, Lang::Zh).contains("无变化：两份计划相同。"));
    assert!(text(&r, false, Lang::En).contains("No change: the plans are the same."));
    let v: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, false, Lang::Zh)).unwrap();
    assert_eq!(v["summary"]["same"], true);
}

#[test]
fn a_plan_against_itself_is_no_change() {
    assert_no_change(SEED, SEED);
    assert_no_change(NEXT, NEXT);
    assert_no_change("tests/corpus/other_district_2024.txt", "tests/corpus/other_district_2024.txt");
    let r = report(SEED, SEED);
    assert!(r.notice.one_sided.is_empty());
    insta::assert_snapshot!("seed_to_itself_md", markdown(&r, Lang::Zh));
}

#[test]
fn every_corpus_variant_of_the_seed_is_no_change() {
    let mut seen = 0;
    for e in std::fs::read_dir("tests/corpus").unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // task_table_boxdraw.txt gives the seed's tasks their roles from its table (lead and support where the
        // seed names only 责任): a change by design.
        if !name.ends_with(".txt")
            || name == "next_year_2021.txt"
            || name == "other_district_2024.txt"
            || name == "task_table_boxdraw.txt"
        {
            continue;
        }
        assert_no_change(SEED, &path.to_string_lossy());
        assert_no_change(&path.to_string_lossy(), SEED);
        seen += 1;
    }
    assert_eq!(seen, 16);
}

#[test]
fn fields_one_copy_omits_are_noted_not_counted() {
    let r = report(SEED, "tests/corpus/header_doc_number.txt");
    assert_eq!(fields(&r.notice.one_sided), [("notice.doc_number", None, Some("蓟政办发〔2020〕15号"))]);
    assert!(markdown(&r, Lang::Zh).contains("- 文号（新计划）：蓟政办发〔2020〕15号"));
    assert!(markdown(&r, Lang::En).contains("- notice.doc_number (new): 蓟政办发〔2020〕15号"));
    let r = report("tests/corpus/plan_only.txt", SEED);
    assert_eq!(r.notice.one_sided.len(), 1);
    assert_eq!(r.notice.one_sided[0].field, "notice");
}

#[test]
fn parse_json_and_notice_text_are_the_same_input() {
    // out/ holds what `parse seeds` wrote (tests/out_current.rs keeps it fresh).
    assert_no_change("out/000_3011126d5fd8c4d3.json", SEED);
    let from_json = report("out/000_3011126d5fd8c4d3.json", NEXT);
    let mut from_text = report(SEED, NEXT);
    from_text.summary.old.path = from_json.summary.old.path.clone();
    assert_eq!(from_json, from_text);
}

#[test]
fn another_district_against_its_edited_copy() {
    let r = report(&format!("{FIX}/qingxi_2024.txt"), &format!("{FIX}/qingxi_2025.txt"));
    let header: Vec<&str> = r.notice.changed.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        header,
        ["notice.doc_number", "notice.title", "notice.date", "notice.printed", "plan.title", "plan.year"]
    );
    // The body quotes the retitled plan and moves its 2024年12月20日前 deadline to 2025: carried over; the
    // 附件 line is the plan's title, reported once as plan.title.
    let carried: Vec<&str> = r.notice.carried_over.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(carried, ["notice.body"]);

    let ind = &r.indicators;
    assert_eq!(names(&ind.removed, |i| &i.name), ["单位地区生产总值二氧化碳排放"]);
    assert_eq!(names(&ind.added, |i| &i.name), ["再生水利用率"]);
    assert_eq!(names(&ind.renamed, |c| &c.new.name), ["生态环境信息依法公开率"]);
    let changed: Vec<(&str, &str, Option<Trend>)> = ind
        .changed
        .iter()
        .flat_map(|c| c.changes.iter().map(move |f| (c.new.name.as_str(), f.field.as_str(), f.trend)))
        .collect();
    assert_eq!(
        changed,
        [
            ("环境空气质量优良天数比例", "target", Some(Trend::Tightened)),
            ("细颗粒物（PM2.5）年均浓度", "target", Some(Trend::Tightened)),
            ("河湖岸线保护率", "attribute", None),
            ("城镇污水处理率", "target", Some(Trend::Tightened)),
            ("“无废城市细胞”创建数量", "departments", None),
            ("政府绿色采购比例", "target", Some(Trend::Loosened)),
        ]
    );

    let tasks = &r.tasks;
    assert_eq!(names(&tasks.removed, |t| &t.title), ["加强医疗废物和危险化学品环境安全监管"]);
    assert_eq!(names(&tasks.added, |t| &t.title), ["推进新污染物治理"]);
    assert_eq!(names(&tasks.renamed, |c| &c.new.title), ["完善生态环境监管执法体系"]);
    let bio = tasks.changed.iter().find(|c| c.new.title == "加强生物多样性保护").unwrap();
    assert_eq!(
        bio.changes.iter().map(|f| (f.field.as_str(), f.added.clone(), f.removed.clone())).collect::<Vec<_>>(),
        [
            ("lead_departments", vec![], vec!["区园林绿化局".to_string()]),
            ("support_departments", vec!["区园林绿化局".to_string()], vec![]),
        ]
    );
    assert_eq!(tasks.changed.len(), 3);

    let prj = &r.projects;
    assert_eq!(names(&prj.removed, |p| &p.name), ["城区污水处理厂提标改造项目"]);
    assert_eq!(names(&prj.added, |p| &p.name), ["再生水利用工程"]);
    assert_eq!(names(&prj.renamed, |c| &c.new.name), ["建筑垃圾资源化利用中心一期工程"]);
    // 13 projects were renumbered after the removal: numbering is position, not a change.
    assert_eq!(names(&prj.changed, |c| &c.new.name), ["青溪河流域水环境综合治理工程", "分布式光伏整区推进项目"]);
    let river = &prj.changed[0].changes;
    assert_eq!(
        fields(river),
        [("period", Some("2023-2025年"), Some("2023-2026年")), ("investment", Some("12600万元"), Some("13800万元"))]
    );
    assert_eq!(river[0].end.map(|m| (m.old, m.new)), Some((Some(2025), Some(2026))));
    assert_eq!(river[1].trend, Some(Trend::Increased));

    // A department moved from lead to support of the same task still owns it.
    assert!(!r.departments.contains_key("区园林绿化局"));
    assert_eq!(r.departments["区数据局"].status, DepartmentStatus::New);
    assert_eq!(r.departments["国网青溪供电公司"].status, DepartmentStatus::Gone);
    let water = &r.departments["区水利局"];
    assert_eq!(names(&water.newly_owns.indicators, |x| &x.name), ["再生水利用率"]);
    assert_eq!(names(&water.newly_owns.projects, |x| &x.name), ["再生水利用工程"]);
    assert_eq!(names(&water.no_longer_owns.projects, |x| &x.name), ["城区污水处理厂提标改造项目"]);
    assert_eq!(r.departments.len(), 10);

    insta::assert_snapshot!("qingxi_2024_to_2025_md", markdown(&r, Lang::Zh));
}

#[test]
fn reordered_rows_are_no_change() {
    assert_no_change(&format!("{FIX}/county_2022.txt"), &format!("{FIX}/county_2022_reordered.txt"));
}

#[test]
fn a_renamed_section() {
    let r = report(&format!("{FIX}/county_2022.txt"), &format!("{FIX}/county_2022_renamed_section.txt"));
    assert!(r.indicators.is_empty() && r.projects.is_empty() && r.notice.changed.is_empty());
    // The group with numbered tasks: each task's group changed.
    let groups: Vec<(&str, Option<&str>, Option<&str>)> =
        r.tasks.changed.iter().flat_map(|c| fields(&c.changes)).collect();
    assert_eq!(
        groups,
        [
            ("group", Some("工业污染治理"), Some("工业企业污染治理")),
            ("group", Some("工业污染治理"), Some("工业企业污染治理"))
        ]
    );
    // The group that is itself a task: renamed, not removed and added.
    assert_eq!(names(&r.tasks.renamed, |c| &c.old.title), ["扬尘污染治理"]);
    assert_eq!(names(&r.tasks.renamed, |c| &c.new.title), ["扬尘污染综合治理"]);
    assert!(r.tasks.added.is_empty() && r.tasks.removed.is_empty());
    assert!(r.departments.is_empty());
}

#[test]
fn exit_status_like_diff() {
    let same = plandoc(&["diff", SEED, SEED]);
    assert_eq!(same.status.code(), Some(0));
    let differ = plandoc(&["diff", SEED, NEXT, "--format", "md"]);
    assert_eq!(differ.status.code(), Some(1));
    assert_eq!(String::from_utf8(differ.stdout).unwrap(), markdown(&report(SEED, NEXT), Lang::Zh));

    let missing = plandoc(&["diff", SEED, "tests/corpus/no_such_plan.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("tests/corpus/no_such_plan.txt：不存在"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"schema_version\": \"1.0\", \"source\": 3}").unwrap();
    let out = plandoc(&["diff", &bad.to_string_lossy(), SEED]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("broken.json：不是 plandoc 的 JSON 文档"), "{err}");

    let future = dir.path().join("future.json");
    std::fs::write(&future, "{\"schema_version\": \"2.0\"}").unwrap();
    let out = plandoc(&["diff", SEED, &future.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema_version 2.0"));

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    assert_eq!(plandoc(&["diff", &empty.to_string_lossy(), SEED]).status.code(), Some(2));
    let not_a_plan = dir.path().join("prose.txt");
    std::fs::write(&not_a_plan, "这是一段普通的文字，不是计划。\n").unwrap();
    let out = plandoc(&["diff", SEED, &not_a_plan.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("prose.txt"));
}

#[test]
fn out_writes_the_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports/seed_2021.json");
    let out = plandoc(&["diff", SEED, NEXT, "--format", "json", "--out", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), render(&report(SEED, NEXT), Format::Json, false, Lang::Zh));
    let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
}

const OTHER_2024: &str = "tests/corpus/other_district_2024.txt";
const OTHER_2025: &str = "tests/fixtures/diff/other_district_2025.txt";

/// The 2025 edition of the other district's plan only advances its one-year periods and dates by a year, keeps
/// the multi-year periods, and moves one project's end a year later (tests/fixtures/diff/other_district_2025.txt).
#[test]
fn a_new_year_edition_carries_the_plan_year_over() {
    let r = report(OTHER_2024, OTHER_2025);
    assert!(!r.summary.same);
    assert!(r.warnings.is_empty());
    let header: Vec<&str> = r.notice.changed.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(
        header,
        ["notice.doc_number", "notice.title", "notice.date", "notice.printed", "plan.title", "plan.year"]
    );
    assert_eq!(r.notice.carried_over.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), ["notice.body"]);
    assert!(r.indicators.is_empty() && r.indicators.carried_over.is_empty());
    assert!(r.tasks.is_empty() && r.tasks.carried_over.is_empty());
    assert_eq!((r.summary.indicators.unchanged, r.summary.tasks.unchanged), (30, 17));

    let prj = &r.projects;
    assert!(prj.added.is_empty() && prj.removed.is_empty() && prj.renamed.is_empty());
    assert_eq!(
        names(&prj.carried_over, |c| &c.new.name),
        [
            "城区污水处理厂提标改造项目",
            "重点企业挥发性有机物深度治理项目",
            "餐饮油烟在线监控平台建设项目",
            "白鹭湾湿地公园保护与恢复项目",
            "国土绿化提升工程",
            "受污染耕地安全利用项目",
            "生活垃圾分类示范片区建设项目",
            "公共建筑节能改造项目",
            "农村生活污水治理提升工程",
        ]
    );
    let energy = prj.carried_over.iter().find(|c| c.new.name == "公共建筑节能改造项目").unwrap();
    assert_eq!(fields(&energy.carried_over), [("period", Some("2024年3月—12月"), Some("2025年3月—12月"))]);
    assert!(prj.carried_over.iter().all(|c| c.changes.is_empty()));
    assert_eq!(names(&prj.changed, |c| &c.new.name), ["医疗废物集中处置中心扩容项目"]);
    let delay = &prj.changed[0].changes;
    assert_eq!(fields(delay), [("period", Some("2023～2024年"), Some("2023～2025年"))]);
    assert_eq!(delay[0].shift, Some(Shift { amount: 1, unit: ShiftUnit::Year }));
    assert_eq!(delay[0].start, None);
    let c = r.summary.projects;
    assert_eq!((c.changed, c.carried_over, c.unchanged), (1, 9, 5), "multi-year periods kept are unchanged");
    assert!(r.departments.is_empty());

    let t = text(&r, false, Lang::Zh);
    assert!(t.contains("  项目       调整 1，延续 9，未变化 5\n"), "{t}");
    assert!(
        t.contains("  延期 医疗废物集中处置中心扩容项目\n      建设期限：2023～2024年 → 2023～2025年（延期1年）\n"),
        "{t}"
    );
    assert!(t.contains("    公共建筑节能改造项目：建设期限 2024年3月—12月 → 2025年3月—12月\n"), "{t}");
    insta::assert_snapshot!("other_district_2024_to_2025_text", t);
    insta::assert_snapshot!("other_district_2024_to_2025_md", markdown(&r, Lang::Zh));
}

#[test]
fn serial_renumbering_alone_is_no_change() {
    // The 2024 plan with its projects listed in reverse and numbered 1… again.
    let text = std::fs::read_to_string(OTHER_2024).unwrap();
    let start = text.find("\t1\n\t青溪河").unwrap();
    let end = text.find("\t合计").unwrap();
    let mut rows: Vec<&str> = text[start..end].split("\n\n").filter(|r| !r.trim().is_empty()).collect();
    // A continuation row (no serial) stays with the project above it.
    let mut grouped: Vec<String> = Vec::new();
    for r in rows.drain(..) {
        match grouped.last_mut() {
            Some(last) if !r.starts_with('\t') || !r[1..].starts_with(|c: char| c.is_ascii_digit()) => {
                *last = format!("{last}\n\n{r}")
            }
            _ => grouped.push(r.to_string()),
        }
    }
    grouped.reverse();
    let renumbered: Vec<String> = grouped
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (_, rest) = r[1..].split_once('\n').unwrap();
            format!("\t{}\n{rest}", i + 1)
        })
        .collect();
    let edited = format!("{}{}\n\n{}", &text[..start], renumbered.join("\n\n"), &text[end..]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renumbered.txt");
    std::fs::write(&path, &edited).unwrap();
    let doc = plandoc::parse_file(&path, &plandoc::Options::default()).unwrap();
    let serials: Vec<Option<u32>> = doc.plan.projects.iter().map(|p| p.serial).collect();
    assert_eq!(serials.first(), Some(&Some(1)));
    assert_eq!(doc.plan.projects[0].name, "生态环境智慧监管平台（二期）");
    assert_no_change(OTHER_2024, &path.to_string_lossy());
}

#[test]
fn guard_rails_warn_and_still_compare() {
    let r = report(SEED, OTHER_2024);
    let codes: Vec<(&str, Option<&str>, Option<&str>)> =
        r.warnings.iter().map(|w| (w.code.as_str(), w.old.as_deref(), w.new.as_deref())).collect();
    assert_eq!(
        codes,
        [
            ("diff.region_differs", Some("天津市蓟州区"), Some("澜州市青溪区")),
            ("diff.issuer_differs", Some("天津市蓟州区人民政府办公室"), Some("澜州市青溪区生态环境保护委员会办公室")),
        ]
    );
    assert!(!r.indicators.is_empty(), "still compared");
    let t = text(&r, false, Lang::Zh);
    let first_warning = t.find("注意：两份计划属于不同地区（原计划：天津市蓟州区；新计划：澜州市青溪区）").unwrap();
    assert!(first_warning < t.find("概要").unwrap(), "warnings come first:\n{t}");
    assert!(
        text(&r, false, Lang::En).contains("warning: the plans are of different regions (天津市蓟州区; 澜州市青溪区)")
    );
    let json: serde_json::Value = serde_json::from_str(&render(&r, Format::Json, false, Lang::En)).unwrap();
    assert_eq!(json["warnings"][0]["code"], "diff.region_differs");
    assert!(json["warnings"][0]["message"].as_str().unwrap().starts_with("两份计划属于不同地区"));

    let back = report(NEXT, SEED);
    let codes: Vec<(&str, Option<&str>, Option<&str>)> =
        back.warnings.iter().map(|w| (w.code.as_str(), w.old.as_deref(), w.new.as_deref())).collect();
    assert_eq!(codes, [("diff.new_is_older", Some("2021"), Some("2020"))]);
    assert!(markdown(&back, Lang::Zh).contains("> **注意：**“新”计划（2020）早于“原”计划（2021）"));
    assert!(report(SEED, NEXT).warnings.is_empty());
    // The CLI runs on and exits 1 (the plans differ), the warning on top.
    let out = plandoc(&["diff", SEED, OTHER_2024]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).lines().nth(4).unwrap().starts_with("注意："));
}

#[test]
fn english_on_request() {
    let out = plandoc(&["diff", SEED, NEXT, "--lang", "en"]);
    assert_eq!(out.status.code(), Some(1));
    let t = String::from_utf8(out.stdout).unwrap();
    assert_eq!(t, text(&report(SEED, NEXT), false, Lang::En));
    insta::assert_snapshot!("seed_to_2021_text_en", t);
    let zh = String::from_utf8(plandoc(&["diff", SEED, NEXT]).stdout).unwrap();
    assert_eq!(zh, text(&report(SEED, NEXT), false, Lang::Zh));
    // JSON is the contract: the same in both languages.
    let json = |lang: &str| plandoc(&["diff", SEED, NEXT, "--format", "json", "--lang", lang]).stdout;
    assert_eq!(json("en"), json("zh"));
}

/// The README's `plandoc diff` examples are what the command prints now. A line `…` stands for lines left out
/// (the README leaves out the title lines: a text full of titles would read as a plan notice itself).
#[test]
fn the_readme_shows_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let mut seen = 0;
    for block in readme.split("$ cargo run --release -- diff ").skip(1) {
        let (args, rest) = block.split_once('\n').unwrap();
        let shown = &rest[..rest.find("```").unwrap()];
        let args: Vec<&str> = args.split_whitespace().collect();
        if args.len() != 2 {
            continue;
        }
        let printed = text(&report(args[0], args[1]), false, Lang::Zh);
        let mut printed_lines = printed.lines();
        let mut gap = false;
        for line in shown.lines() {
            if line.trim() == "…" {
                gap = true;
                continue;
            }
            let found = if gap { printed_lines.any(|p| p == line) } else { printed_lines.next() == Some(line) };
            assert!(found, "README block for {args:?} is stale at: {line}");
            gap = false;
        }
        if !gap {
            assert_eq!(printed_lines.next(), None, "README block for {args:?} stops early");
        }
        seen += 1;
    }
    assert_eq!(seen, 3);
    // The README itself is no plan notice.
    assert!(!plandoc::parse::genre::is_plan_notice(&readme));
}
