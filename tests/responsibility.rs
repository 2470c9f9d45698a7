//! Responsibility: task-division tables, responsibility lines, roles and deadlines → what each task records,
//! compared with values written by hand for the fixtures in tests/responsibility/ (see its README).

use plandoc::model::{DeadlineKind, Document, Level, Task};
use std::path::Path;

fn parse(name: &str) -> Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    plandoc::parse_file(&p, &plandoc::Options::default()).unwrap()
}

fn task<'d>(d: &'d Document, title: &str) -> &'d Task {
    d.plan.tasks.iter().find(|t| t.title.starts_with(title)).unwrap_or_else(|| panic!("no task {title}"))
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// (lead, support, responsible) of a task.
fn roles(t: &Task) -> (Vec<String>, Vec<String>, Vec<String>) {
    (t.lead_departments.clone(), t.support_departments.clone(), t.responsible_departments.clone())
}

fn deadline(t: &Task) -> (Option<&str>, DeadlineKind) {
    let d = t.deadline.as_ref().unwrap_or_else(|| panic!("no deadline on {}", t.title));
    (d.date.as_deref(), d.kind)
}

fn codes(d: &Document, level: Level) -> Vec<&str> {
    d.diagnostics.iter().filter(|x| x.level == level).map(|x| x.code.as_str()).collect()
}

#[test]
fn responsibility_lines_under_tasks() {
    let d = parse("tests/responsibility/resp_lines.txt");
    assert_eq!(d.plan.tasks.len(), 4);
    let t = task(&d, "开展饮用水水源地排查");
    assert_eq!(roles(t), (v(&["县水利局"]), v(&["县生态环境局", "各乡镇人民政府"]), v(&[])));
    assert_eq!(t.departments, v(&["县水利局", "县生态环境局", "各乡镇人民政府"]));
    assert_eq!(deadline(t), (Some("2023-06-30"), DeadlineKind::By));
    // The lines are read, not left in the text.
    assert_eq!(t.text, "对全县水源地开展一次全面排查，建立问题清单。");

    // Several on one line, separated by ；, and two milestones.
    let t = task(&d, "推进农村污水治理");
    assert_eq!(roles(t), (v(&["县住房城乡建设局"]), v(&["县财政局"]), v(&[])));
    let dl = t.deadline.as_ref().unwrap();
    assert_eq!((dl.raw.as_str(), dl.date.as_deref()), ("6月底前完成方案，12月底前全面完成", Some("2023-12-31")));
    let ms: Vec<(&str, Option<&str>)> = dl.milestones.iter().map(|m| (m.raw.as_str(), m.date.as_deref())).collect();
    assert_eq!(ms, [("6月底前完成方案", Some("2023-06-30")), ("12月底前全面完成", Some("2023-12-31"))]);

    // 责任单位 alone: responsible, not lead.
    let t = task(&d, "落实河长制");
    assert_eq!(roles(t), (v(&[]), v(&[]), v(&["县水利局", "县林业局"])));
    assert_eq!(deadline(t), (None, DeadlineKind::Ongoing));
    let t = task(&d, "开展河湖日常巡查");
    assert_eq!(roles(t), (v(&[]), v(&[]), v(&["县水利局"])));
    assert_eq!(deadline(t), (None, DeadlineKind::Recurring));
    assert!(codes(&d, Level::Warning).is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn the_first_named_leads_when_the_text_says_so() {
    let d = parse("tests/responsibility/resp_first_leads.txt");
    let t = task(&d, "推进化肥减量增效");
    assert_eq!(roles(t), (v(&["县农业农村局"]), v(&["县供销社"]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-10-31"), DeadlineKind::By));
    let t = task(&d, "加强畜禽粪污资源化利用");
    assert_eq!(roles(t), (v(&["县农业农村局"]), v(&["县生态环境局", "各乡镇人民政府"]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-12-31"), DeadlineKind::By));
}

#[test]
fn a_task_table_with_merges_out_of_order_rows_and_a_row_of_its_own() {
    let d = parse("tests/responsibility/resp_task_table.txt");
    let titles: Vec<&str> = d.plan.tasks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "开展饮用水水源地排查",
            "整治入河排污口",
            "建设农村污水处理设施",
            "推进污水管网改造",
            "开展黑臭水体排查",
            "建立河湖信息化平台"
        ]
    );
    // The lead cell merged over rows 1 and 2 gives both the lead.
    let t = task(&d, "开展饮用水水源地排查");
    assert_eq!(roles(t), (v(&["县水利局"]), v(&["县生态环境局"]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-06-30"), DeadlineKind::By));
    assert_eq!(t.measures.as_deref(), Some("排查全县水源地并建立问题清单"));
    let t = task(&d, "整治入河排污口");
    assert_eq!(roles(t), (v(&["县水利局"]), v(&["县生态环境局"]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-09-30"), DeadlineKind::By));
    // Row 3 of the table is the text's 4th task: matched by title.
    let t = task(&d, "推进污水管网改造");
    assert_eq!(roles(t), (v(&["县住房城乡建设局"]), v(&["县财政局"]), v(&[])));
    assert_eq!(t.measures.as_deref(), Some("改造老旧管网20公里"));
    assert_eq!(deadline(t), (Some("2023-12-31"), DeadlineKind::By));
    // Row 4 and the continuation under its merged serial and name: one task, measures and supporters joined,
    // the deadline merged down from row 3.
    let t = task(&d, "建设农村污水处理设施");
    assert_eq!(roles(t), (v(&["县住房城乡建设局"]), v(&["各乡镇人民政府", "县财政局"]), v(&[])));
    assert_eq!(t.measures.as_deref(), Some("新建农村污水处理设施10处\n已建设施提标改造3处"));
    assert_eq!(deadline(t), (Some("2023-12-31"), DeadlineKind::By));
    // A row matching no task is a task of its own; a task the table leaves out is warned about.
    let t = task(&d, "建立河湖信息化平台");
    assert_eq!(roles(t), (v(&["县水利局"]), v(&["县大数据中心"]), v(&[])));
    assert_eq!(deadline(t), (None, DeadlineKind::Ongoing));
    let info = codes(&d, Level::Info);
    assert!(info.contains(&"task_table.unmatched_row"), "{info:?}");
    let warn = codes(&d, Level::Warning);
    assert_eq!(warn, ["task_table.task_missing", "task.no_departments"], "{:?}", d.diagnostics);
    assert!(d.tables.is_empty(), "the task table is not also a raw table");
}

/// A database the previous release wrote (schema of `PRAGMA user_version` 1, dumped as SQL in
/// tests/responsibility/db_v1.sql: `plandoc export --format sqlite` of resp_lines.txt before this change) is
/// migrated in place when loaded into: its rows stay, the new task columns are there, a new load fills them.
#[test]
fn a_database_of_the_previous_schema_is_migrated_when_loaded_into() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(include_str!("responsibility/db_v1.sql")).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
    }
    let mut conn = plandoc::export::sqlite::open(&db).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, plandoc::export::sqlite::DB_VERSION);
    // The old rows are kept, the new columns empty.
    let old: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT title, responsible_departments, deadline_date FROM tasks ORDER BY task_id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(old.len(), 4);
    assert_eq!(old[2], ("落实河长制".to_string(), String::new(), None));
    // Loading into it works and fills the new columns.
    let doc = parse("tests/responsibility/resp_task_table.txt");
    let tx = conn.transaction().unwrap();
    plandoc::export::sqlite::load(&tx, &doc, &db).unwrap();
    tx.commit().unwrap();
    let row: (String, String, String, String, String) = conn
        .query_row(
            "SELECT lead_departments, support_departments, deadline_raw, deadline_date, measures FROM tasks
             WHERE title = '建设农村污水处理设施'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "县住房城乡建设局".to_string(),
            "各乡镇人民政府、县财政局".to_string(),
            "2023年12月底前".to_string(),
            "2023-12-31".to_string(),
            "新建农村污水处理设施10处\n已建设施提标改造3处".to_string()
        )
    );
    let kind: String =
        conn.query_row("SELECT deadline_kind FROM tasks WHERE title = '建立河湖信息化平台'", [], |r| r.get(0)).unwrap();
    assert_eq!(kind, "ongoing");
    let docs: i64 = conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(docs, 2);
    // Opening again changes nothing.
    drop(conn);
    plandoc::export::sqlite::open(&db).unwrap();
}

/// A task list as a Markdown table, whose merged cell the text cannot mark: the row with neither 序号 nor task
/// continues the row above (its supporter joins), said by an info diagnostic; 9月底前 takes the plan's year.
#[test]
fn a_row_without_serial_or_task_continues_the_row_above() {
    let d = parse("tests/responsibility/resp_task_table_markdown.txt");
    assert_eq!(d.plan.tasks.len(), 2);
    let t = task(&d, "开展饮用水水源地排查");
    assert_eq!(roles(t), (v(&["县水利局"]), v(&["县财政局", "县林业局"]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-06-30"), DeadlineKind::By));
    // The 备注 column has no field: the row's text is in `extra`, and the column is said (info).
    assert_eq!(t.extra.get("备注").map(String::as_str), Some("含备用水源"));
    assert!(d.diagnostics.iter().any(|x| x.code == "table.extra_column"));
    let t = task(&d, "整治入河排污口");
    assert!(t.extra.is_empty());
    assert_eq!(roles(t), (v(&["县生态环境局"]), v(&[]), v(&[])));
    assert_eq!(deadline(t), (Some("2023-09-30"), DeadlineKind::By));
    assert!(d.diagnostics.iter().any(|x| x.code == "task_table.continuation" && x.line == Some(14)));
    assert!(codes(&d, Level::Warning).is_empty(), "{:?}", d.diagnostics);
    assert!(d.tables.is_empty());
}
