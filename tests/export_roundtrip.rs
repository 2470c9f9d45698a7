//! Round trips: parse → SQLite → query, CSV → re-read, xlsx → re-read (calamine) give back the parsed rows;
//! loading twice changes nothing; a load that fails half-way leaves the database as it was.

use calamine::{Data, Reader, Xlsx};
use plandoc::Document;
use plandoc::export::registry::Registry;
use plandoc::export::sheets::{Cell, tables};
use plandoc::export::sqlite;
use plandoc::export::{self, ExportOptions, Format, Sink};
use rusqlite::Connection;
use std::io::Read;
use std::path::{Path, PathBuf};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const NEXT: &str = "tests/corpus/next_year_2021.txt";
const OTHER: &str = "tests/corpus/other_district_2024.txt";

const TABLES: [&str; 10] = [
    "documents",
    "sections",
    "indicators",
    "targets",
    "tasks",
    "projects",
    "departments",
    "indicator_departments",
    "task_departments",
    "project_departments",
];

fn parse(path: &str) -> Document {
    plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn load(db: &Path, docs: &[&Document]) -> Result<(), plandoc::Error> {
    let mut conn = sqlite::open(db)?;
    let tx = conn.transaction().unwrap();
    for d in docs {
        export::export_one(d, &Sink::Sqlite { tx: &tx, db })?;
    }
    tx.commit().unwrap();
    Ok(())
}

fn counts(db: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(db).unwrap();
    TABLES
        .iter()
        .map(|t| (t.to_string(), conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()))
        .collect()
}

fn strings(conn: &Connection, sql: &str, param: i64) -> Vec<String> {
    let mut st = conn.prepare(sql).unwrap();
    st.query_map([param], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn sqlite_gives_back_the_seed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    let doc = parse(SEED);
    load(&db, &[&doc]).unwrap();
    let conn = Connection::open(&db).unwrap();
    let count = |t: &str| -> i64 { conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap() };
    assert_eq!((count("indicators"), count("tasks"), count("projects")), (20, 12, 21));
    assert_eq!(count("documents"), 1);

    // Every row of every table carries the document's year and region.
    for t in TABLES {
        let missing: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM {t} WHERE year IS NOT 2020 OR region IS NOT '天津市蓟州区'"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(missing, 0, "{t}");
    }

    // Items come back in order with their own fields.
    let names = strings(&conn, "SELECT name FROM indicators WHERE doc_id = ?1 ORDER BY ord", 1);
    assert_eq!(names, doc.plan.indicators.iter().map(|i| i.name.clone()).collect::<Vec<_>>());
    let titles = strings(&conn, "SELECT title FROM tasks WHERE doc_id = ?1 ORDER BY ord", 1);
    assert_eq!(titles, doc.plan.tasks.iter().map(|t| t.title.clone()).collect::<Vec<_>>());
    let projects = strings(&conn, "SELECT name FROM projects WHERE doc_id = ?1 ORDER BY ord", 1);
    assert_eq!(projects, doc.plan.projects.iter().map(|p| p.name.clone()).collect::<Vec<_>>());

    // Each item's departments, through the link tables, as the item writes them.
    let ids = |t: &str, key: &str| -> Vec<i64> {
        let mut st = conn.prepare(&format!("SELECT {key} FROM {t} ORDER BY ord")).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let linked = "SELECT l.written_as FROM {L} l WHERE l.{K} = ?1 ORDER BY l.ord";
    for (id, i) in ids("indicators", "indicator_id").into_iter().zip(&doc.plan.indicators) {
        let q = linked.replace("{L}", "indicator_departments").replace("{K}", "indicator_id");
        assert_eq!(strings(&conn, &q, id), i.departments, "{}", i.name);
    }
    for (id, t) in ids("tasks", "task_id").into_iter().zip(&doc.plan.tasks) {
        let q = linked.replace("{L}", "task_departments").replace("{K}", "task_id");
        assert_eq!(strings(&conn, &q, id), t.departments, "{}", t.title);
        // The seed names 责任部门 only: no task splits its departments into 牵头 and 配合.
        let roles = strings(&conn, "SELECT DISTINCT role FROM task_departments WHERE task_id = ?1", id);
        assert_eq!(roles, ["responsible"]);
    }
    for (id, p) in ids("projects", "project_id").into_iter().zip(&doc.plan.projects) {
        let q = linked.replace("{L}", "project_departments").replace("{K}", "project_id");
        assert_eq!(strings(&conn, &q, id), p.units, "{}", p.name);
    }

    // The departments table is the document's registry: one row per department, forms joined.
    let reg = Registry::build(&doc);
    let deps = strings(&conn, "SELECT name FROM departments WHERE doc_id = ?1 ORDER BY department_id", 1);
    assert_eq!(deps, reg.departments.iter().map(|d| d.name.clone()).collect::<Vec<_>>());
    let water: Vec<String> = strings(
        &conn,
        "SELECT i.name FROM indicators i JOIN indicator_departments l USING (indicator_id)
           JOIN departments d USING (department_id) WHERE d.name = '区水务局' AND d.doc_id = ?1 ORDER BY i.ord",
        1,
    );
    let expected: Vec<String> = doc
        .plan
        .indicators
        .iter()
        .filter(|i| i.departments.iter().any(|d| d == "区水务局" || d == "水务局"))
        .map(|i| i.name.clone())
        .collect();
    assert_eq!(water, expected);
    assert!(expected.len() >= 2);

    // Numeric targets are queryable as numbers.
    let (op, value): (String, f64) = conn
        .query_row(
            "SELECT t.op, t.value FROM targets t JOIN indicators i USING (indicator_id)
              WHERE i.name = '环境空气质量优良天数比例' AND t.target_region IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((op.as_str(), value), (">", 90.0));

    // The document row keeps the whole parse output.
    let json: String = conn.query_row("SELECT json FROM documents", [], |r| r.get(0)).unwrap();
    assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc);
}

#[test]
fn sqlite_keeps_lead_and_support_roles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    let doc = parse(OTHER);
    load(&db, &[&doc]).unwrap();
    let conn = Connection::open(&db).unwrap();
    let ids: Vec<i64> = {
        let mut st = conn.prepare("SELECT task_id FROM tasks ORDER BY ord").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let role = |id: i64, role: &str| {
        let q = format!("SELECT written_as FROM task_departments WHERE task_id = ?1 AND role = '{role}' ORDER BY ord");
        strings(&conn, &q, id)
    };
    // Each department in the role the task gives it (牵头, 配合, or 责任 when the task does not say who leads).
    let mut split = 0;
    for (id, t) in ids.into_iter().zip(&doc.plan.tasks) {
        assert_eq!(role(id, "lead"), t.lead_departments, "{}", t.title);
        assert_eq!(role(id, "support"), t.support_departments, "{}", t.title);
        assert_eq!(role(id, "responsible"), t.responsible_departments, "{}", t.title);
        split += usize::from(!t.support_departments.is_empty());
    }
    assert!(split > 0);
}

#[test]
fn loading_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    let (seed, next) = (parse(SEED), parse(NEXT));
    load(&db, &[&seed, &next]).unwrap();
    let once = counts(&db);
    load(&db, &[&seed]).unwrap();
    load(&db, &[&next, &seed]).unwrap();
    assert_eq!(counts(&db), once);
    assert_eq!(once[0], ("documents".to_string(), 2));
    assert_eq!(once[2], ("indicators".to_string(), 39));
}

#[test]
fn a_load_that_fails_half_way_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    load(&db, &[&parse(SEED)]).unwrap();
    let before = counts(&db);
    let conn = Connection::open(&db).unwrap();
    let dump_before: Vec<String> = dump(&conn);

    // The other district loads fine, then a document whose two indicators share an id breaks the
    // UNIQUE (doc_id, id) key after its document, sections and first indicator went in.
    let mut broken = parse(NEXT);
    broken.plan.indicators[1].id = broken.plan.indicators[0].id.clone();
    let err = load(&db, &[&parse(OTHER), &broken]).unwrap_err().to_string();
    assert!(err.contains("plans.db") && err.contains("UNIQUE"), "{err}");
    assert_eq!(counts(&db), before);
    assert_eq!(dump(&conn), dump_before);

    // Reloading the seed in the failed run would have replaced it; it is still the first load's row.
    let mut broken_seed = parse(SEED);
    broken_seed.plan.tasks[3].id = broken_seed.plan.tasks[2].id.clone();
    assert!(load(&db, &[&broken_seed]).is_err());
    assert_eq!(dump(&conn), dump_before);
}

/// Every row of every table, as text, for a before/after comparison.
fn dump(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for t in TABLES {
        let mut st = conn.prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2")).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let cells: Vec<String> =
                    (0..n).map(|i| format!("{:?}", r.get_ref(i).map(|v| format!("{v:?}")))).collect();
                Ok(format!("{t}: {}", cells.join("|")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

#[test]
fn export_command_loads_a_folder_and_reports_failures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    let bad = dir.path().join("in");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("empty.txt"), b"").unwrap();
    let opts = ExportOptions {
        format: Format::Sqlite,
        out_dir: PathBuf::new(),
        db: Some(db.clone()),
        max_bytes: 1 << 20,
        strict: false,
        stem: None,
        lang: plandoc::output::Lang::En,
    };
    let mut log = Vec::new();
    let s = export::run(&[PathBuf::from("seeds"), bad], &opts, &mut |m| log.push(m.to_string())).unwrap();
    assert_eq!(s.exported, 1);
    assert_eq!(s.failed.len(), 1);
    assert!(s.failed[0].1.contains("empty file"), "{:?}", s.failed);
    assert_eq!(counts(&db)[2], ("indicators".to_string(), 20));
    let no_db = ExportOptions { db: None, ..opts };
    let e = export::run(&[PathBuf::from("seeds")], &no_db, &mut |_| {}).unwrap_err();
    assert!(export::is_usage_error(&e));
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(plandoc::export::csv::BOM).expect("CSV starts with a BOM");
    let mut r = csv::Reader::from_reader(body);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r.records().map(|rec| rec.unwrap().iter().map(String::from).collect()).collect();
    (header, rows)
}

#[test]
fn csv_reread_gives_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    for input in [SEED, OTHER] {
        let doc = parse(input);
        let written = plandoc::export::csv::write(&doc, dir.path(), "n").unwrap();
        let names: Vec<String> = written.iter().map(|p| p.file_name().unwrap().to_string_lossy().into()).collect();
        assert_eq!(names, ["n.indicators.csv", "n.tasks.csv", "n.projects.csv"]);
        for (sheet, path) in tables(&doc).iter().zip(&written) {
            let (header, rows) = csv_rows(path);
            assert_eq!(header, sheet.columns);
            let expected: Vec<Vec<String>> =
                sheet.rows.iter().map(|r| r.iter().map(plandoc::export::csv::csv_cell).collect()).collect();
            assert_eq!(rows, expected, "{}", path.display());
            assert!(std::fs::read_to_string(path).unwrap().contains("\r\n"));
        }
        // The rows are the document's items: names, joined departments and source lines.
        let (h, rows) = csv_rows(&written[0]);
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        assert_eq!(rows.len(), doc.plan.indicators.len());
        for (row, i) in rows.iter().zip(&doc.plan.indicators) {
            assert_eq!(row[col("指标名称")], i.name);
            assert_eq!(row[col("目标值")], i.target.raw);
            assert_eq!(row[col("责任单位")], i.departments.join("、"));
            assert_eq!(row[col("行号")], i.line.to_string());
        }
        let (h, rows) = csv_rows(&written[1]);
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        for (row, t) in rows.iter().zip(&doc.plan.tasks) {
            assert_eq!((row[col("任务")].as_str(), row[col("行号")].clone()), (t.title.as_str(), t.line.to_string()));
            assert_eq!(row[col("牵头单位")], t.lead_departments.join("、"));
            assert_eq!(row[col("配合单位")], t.support_departments.join("、"));
        }
        let (h, rows) = csv_rows(&written[2]);
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        assert_eq!(rows.len(), doc.plan.projects.len());
        for (row, p) in rows.iter().zip(&doc.plan.projects) {
            assert_eq!(row[col("项目名称")], p.name);
            assert_eq!(row[col("责任单位")], p.units.join("、"));
        }
    }
}

fn as_cell(d: &Data) -> Cell {
    match d {
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Empty => Cell::Empty,
        other => panic!("unexpected cell {other:?}"),
    }
}

#[test]
fn xlsx_reread_gives_the_same_cells() {
    let dir = tempfile::tempdir().unwrap();
    for input in [SEED, OTHER] {
        let doc = parse(input);
        let path = plandoc::export::xlsx::write(&doc, dir.path(), "n").unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), ["指标", "任务", "项目"]);
        for sheet in tables(&doc) {
            let range = wb.worksheet_range(sheet.title).unwrap();
            let mut rows = range.rows();
            let header: Vec<Cell> = rows.next().unwrap().iter().map(as_cell).collect();
            assert_eq!(header, sheet.columns.iter().map(|c| Cell::Text(c.to_string())).collect::<Vec<_>>());
            let body: Vec<Vec<Cell>> = rows.map(|r| r.iter().map(as_cell).collect()).collect();
            assert_eq!(body, sheet.rows, "{input} {}", sheet.title);
        }
        // Frozen header row and set column widths, in each sheet's XML.
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        for n in 1..=3 {
            let mut xml = String::new();
            zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap().read_to_string(&mut xml).unwrap();
            assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "sheet{n}: {xml:.600}");
            assert!(xml.contains("customWidth=\"1\""), "sheet{n}");
        }
        // The same notice gives the same bytes.
        assert_eq!(plandoc::export::xlsx::to_xlsx(&doc).unwrap(), plandoc::export::xlsx::to_xlsx(&doc).unwrap());
    }
}
