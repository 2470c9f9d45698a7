//! Every corpus variant of the seed parses to the seed's notice and plan, field for field, except what
//! tests/corpus/README.md says differs; the other district's plan parses to its own declared content.

mod common;

use common::{assert_same, comparable, fold, parse};
use plandoc::Document;
use serde_json::{Value, json};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

fn variant(file: &str, edit: impl FnOnce(&mut Value)) {
    let mut expected = comparable(&parse(SEED));
    edit(&mut expected);
    let path = format!("tests/corpus/{file}");
    let doc = parse(&path);
    assert_same(&expected, &comparable(&doc), file);
    let warnings: Vec<_> = doc.diagnostics.iter().filter(|d| d.level != plandoc::model::Level::Info).collect();
    assert!(warnings.is_empty(), "{file}: {warnings:?}");
}

#[test]
fn seed_has_what_the_issue_lists() {
    let d = parse(SEED);
    let n = d.notice.as_ref().unwrap();
    assert_eq!(n.issuer.as_deref(), Some("天津市蓟州区人民政府办公室"));
    assert_eq!(n.date.as_deref(), Some("2020-04-09"));
    assert_eq!(n.recipients.len(), 3);
    assert_eq!(d.plan.sections.len(), 6);
    assert_eq!(d.plan.indicators.len(), 20);
    assert_eq!(d.plan.tasks.len(), 12);
    assert_eq!(d.plan.projects.len(), 21);
    let cats: std::collections::BTreeSet<_> = d.plan.projects.iter().filter_map(|p| p.category.clone()).collect();
    assert_eq!(cats.len(), 3);
    assert_eq!(d.source.encoding, "UTF-8");
    assert!(d.diagnostics.iter().all(|x| x.level == plandoc::model::Level::Info), "{:?}", d.diagnostics);
}

#[test]
fn encodings() {
    for (file, enc) in
        [("enc_gb18030.txt", "GB18030"), ("enc_utf16le_bom.txt", "UTF-16LE"), ("enc_utf8_bom_crlf.txt", "UTF-8")]
    {
        variant(file, |_| {});
        assert_eq!(parse(&format!("tests/corpus/{file}")).source.encoding, enc);
    }
}

#[test]
fn punctuation_and_numbering() {
    variant("punct_halfwidth.txt", |_| {});
    variant("numbering_halfwidth.txt", |_| {});
}

#[test]
fn table_layouts() {
    for f in [
        "table_pipe_cells.txt",
        "table_pipe_rows.txt",
        "table_markdown.txt",
        "table_tsv_quoted.txt",
        "table_boxdraw.txt",
    ] {
        variant(f, |_| {});
    }
}

#[test]
fn header_variants() {
    variant("header_doc_number.txt", |v| v["notice"]["doc_number"] = fold("蓟政办发〔2020〕15号"));
    variant("header_cn_date.txt", |_| {});
    variant("header_seal_contact.txt", |v| {
        v["notice"]["seal_note"] = fold("区生态环境局代章");
        v["notice"]["contact"] = fold("联系电话：022-29142143");
    });
    variant("header_metadata_chrome.txt", |v| {
        v["notice"]["doc_number"] = fold("蓟政办发〔2020〕15号");
        v["notice"]["metadata"] = json!({
            "索引号": fold("11120225MB1601633W/2020-00015"),
            "发布机构": fold("天津市蓟州区人民政府办公室"),
            "发文字号": fold("蓟政办发〔2020〕15号"),
            "主题": fold("生态环境保护"),
            "成文日期": fold("2020-04-09"),
            "有效性": fold("有效"),
        });
    });
}

#[test]
fn plan_only_and_toc() {
    variant("plan_only.txt", |v| v["notice"] = Value::Null);
    variant("toc_block.txt", |_| {});
}

#[test]
fn next_year_shows_its_changes() {
    let old = parse(SEED);
    let new = parse("tests/corpus/next_year_2021.txt");
    assert_eq!(new.notice.as_ref().unwrap().date.as_deref(), Some("2021-03-15"));
    assert_eq!(new.plan.year, Some(2021));
    assert!(new.plan.title.as_deref().unwrap().contains("2021年度"));
    let ind = |d: &Document, name: &str| d.plan.indicators.iter().find(|i| i.name == name).cloned();
    assert_eq!(ind(&new, "环境空气质量优良天数比例").unwrap().target.value, Some(92.0));
    assert!(ind(&new, "污染地块安全利用率").is_none());
    assert!(ind(&new, "国际国内生态文化品牌").is_none());
    assert_eq!(
        ind(&new, "国际国内生态文化品牌数量").unwrap().target,
        ind(&old, "国际国内生态文化品牌").unwrap().target
    );
    let m = ind(&new, "生态产品市场化机制").unwrap();
    assert!(!m.departments.contains(&"区林业局".to_string()));
    assert_eq!(m.departments.len(), ind(&old, "生态产品市场化机制").unwrap().departments.len() - 1);
    let prj = |d: &Document, name: &str| d.plan.projects.iter().find(|p| p.name == name).cloned();
    assert!(prj(&new, "州河国家湿地公园").is_none());
    assert!(prj(&new, "下营环秀湖国家湿地公园").is_none());
    assert_eq!(prj(&new, "炉渣综合利用处理厂建设").unwrap().period.unwrap().start, Some(2021));
    let added = prj(&new, "农村生活污水治理提升工程").unwrap();
    assert_eq!(added.serial, Some(22));
    assert_eq!(added.category, prj(&new, "下窝头镇稻蟹综合种养示范基地建设").unwrap().category);
    assert_eq!(prj(&new, "天津市于桥水库生态保护工程").unwrap().serial, Some(3));
    assert_eq!((new.plan.indicators.len(), new.plan.tasks.len(), new.plan.projects.len()), (19, 12, 20));
    // The text still says 21 projects: the parser says so instead of hiding it.
    assert!(new.diagnostics.iter().any(|d| d.code == "check.declared_count"));
}

#[test]
fn other_district_parses_to_its_own_content() {
    let d = parse("tests/corpus/other_district_2024.txt");
    let n = d.notice.as_ref().unwrap();
    assert_eq!(n.doc_number.as_deref(), Some("青溪生态环保委〔2024〕2号"));
    assert_eq!(n.date.as_deref(), Some("2024-03-18"));
    assert_eq!(n.seal_note.as_deref(), Some("市生态环境局青溪分局代章"));
    assert_eq!(n.signatories, ["澜州市青溪区生态环境保护委员会办公室"]);
    assert_eq!(n.recipients, ["区生态环境保护委员会各成员单位", "各街道办事处、镇人民政府"]);
    assert_eq!(n.attachments.len(), 1);
    assert_eq!(n.cc, ["澜州市生态环境保护委员会办公室"]);
    assert_eq!(d.plan.title.as_deref(), Some("澜州市青溪区2024年度生态文明建设工作计划"));
    assert_eq!((d.plan.region.as_deref(), d.plan.year), (Some("澜州市青溪区"), Some(2024)));
    assert_eq!(d.plan.sections.len(), 5);
    assert_eq!(d.plan.indicators.len(), 30);
    assert_eq!(d.plan.tasks.len(), 17);
    assert_eq!(d.plan.projects.len(), 15);
    assert!(d.plan.projects.iter().all(|p| p.category.is_none()));
    let total: f64 = d.plan.projects.iter().filter_map(|p| p.investment.as_ref()?.value).sum();
    assert!((total - 74028.5).abs() < 1e-6);
    let pm = d.plan.indicators.iter().find(|i| i.name.contains("PM2.5")).unwrap();
    assert_eq!(pm.serial, Some(5));
    assert_eq!(pm.unit.as_deref(), Some("微克/立方米"));
    assert_eq!(pm.departments, ["市生态环境局青溪分局", "区住房城乡建设委", "区交通运输局"]);
    let t = d.plan.tasks.iter().find(|t| t.title == "深化生活垃圾分类").unwrap();
    assert_eq!(t.lead_departments, ["区城市管理和综合执法局"]);
    assert_eq!(t.support_departments, ["区机关事务管理局", "区教育局", "各街镇"]);
    // Every count the text declares matches what was extracted: no check fired.
    let warnings: Vec<_> = d.diagnostics.iter().filter(|x| x.level != plandoc::model::Level::Info).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// The seed with each task's （责任部门：…） moved into an attached 重点任务分解表 (box drawing, 完成时限 merged
/// across rows): the same plan, each task's roles and deadline from its row (values written from the table by
/// hand), and the seed's own tasks keeping their departments as 责任.
#[test]
fn task_table_gives_roles_and_deadlines() {
    // (lead, support, deadline as written, its date or null, kind), row by row.
    type Row<'a> = (&'a [&'a str], &'a [&'a str], &'a str, Option<&'a str>, &'a str);
    let rows: [Row; 12] = [
        (&["规划和自然资源局蓟州分局"], &["区林业局", "区水务局"], "2020年12月底前", Some("2020-12-31"), "by"),
        (&["区水务局"], &["区城市管理委", "区农业农村委"], "2020年12月底前", Some("2020-12-31"), "by"),
        (&["区生态环境局"], &[], "长期坚持", None, "ongoing"),
        (&["区水务局"], &["区农业农村委"], "长期坚持", None, "ongoing"),
        (&["区农业农村委"], &[], "2020年11月底前", Some("2020-11-30"), "by"),
        (&["区发展改革委"], &[], "2020年10月底前", Some("2020-10-31"), "by"),
        (&["区审计局"], &["区生态环境局", "公安蓟州分局"], "2020年9月底前", Some("2020-09-30"), "by"),
        (&["规划和自然资源局蓟州分局"], &["区生态环境局"], "2020年9月底前", Some("2020-09-30"), "by"),
        (&["区文化和旅游局"], &[], "2020年12月底前", Some("2020-12-31"), "by"),
        (&["区农业农村委"], &[], "2020年12月底前", Some("2020-12-31"), "by"),
        (&["区文化和旅游局"], &[], "2020年12月底前", Some("2020-12-31"), "by"),
        (&["区城市管理委"], &["区工业和信息化局", "州河产业园管委会"], "2020年12月底前", Some("2020-12-31"), "by"),
    ];
    let seed = parse(SEED);
    for t in &seed.plan.tasks {
        assert_eq!(t.responsible_departments, t.departments, "{}", t.title);
        assert!(t.lead_departments.is_empty() && t.support_departments.is_empty(), "{}", t.title);
    }
    let file = "task_table_boxdraw.txt";
    let doc = parse(&format!("tests/corpus/{file}"));
    let mut expected = comparable(&seed);
    for (k, (lead, support, raw, date, kind)) in rows.iter().enumerate() {
        let t = &mut expected["plan"]["tasks"][k];
        t["lead_departments"] = json!(lead.iter().map(|s| fold(s)).collect::<Vec<_>>());
        t["support_departments"] = json!(support.iter().map(|s| fold(s)).collect::<Vec<_>>());
        t["responsible_departments"] = json!([]);
        let milestones = match date {
            Some(d) => json!([{ "raw": fold(raw), "date": fold(d) }]),
            None => json!([]),
        };
        t["deadline"] =
            json!({ "raw": fold(raw), "date": date.map(fold), "kind": fold(kind), "milestones": milestones });
        // Every department once, leads first: the seed's clause named them in the same order.
    }
    // The paragraphs lose the clauses the table replaced; the 附件 line names a second attachment.
    fn cut_clauses(v: &mut Value, clause: &regex::Regex) {
        match v {
            Value::String(s) => *s = clause.replace_all(s, "").into_owned(),
            Value::Array(a) => a.iter_mut().for_each(|x| cut_clauses(x, clause)),
            Value::Object(o) => o.values_mut().for_each(|x| cut_clauses(x, clause)),
            _ => {}
        }
    }
    cut_clauses(&mut expected["plan"]["sections"], &regex::Regex::new(r"\(责任部门:[^()]*\)").unwrap());
    let mut got = comparable(&doc);
    expected["plan"]["appendices"] = got["plan"]["appendices"].clone();
    assert_eq!(doc.plan.appendices.len(), 2);
    expected["notice"]["attachments"] = got["notice"]["attachments"].clone();
    assert_eq!(doc.notice.as_ref().unwrap().attachments.len(), 2);
    assert!(doc.tables.is_empty(), "the task table is not also a raw table");
    got["tables"] = expected["tables"].clone();
    assert_same(&expected, &got, file);
    let warnings: Vec<_> = doc.diagnostics.iter().filter(|d| d.level != plandoc::model::Level::Info).collect();
    assert!(warnings.is_empty(), "{file}: {warnings:?}");
}
