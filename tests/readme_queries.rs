//! README's SQLite example queries: each query in the "Exporting" section, run on a database loaded as the README
//! says, gives exactly the table printed under it.

use rusqlite::types::ValueRef;
use std::path::PathBuf;

/// (query, header, rows) for every ```sql block of the README's export section and the table after it.
fn examples() -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("## Exporting: schema, CSV, Excel, SQLite, departments").expect("README section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |e| e + 3)];
    let cells = |l: &str| -> Vec<String> {
        let t = l.trim().trim_start_matches('|').trim_end_matches('|');
        t.split('|').map(|c| c.trim().to_string()).collect()
    };
    let mut out = Vec::new();
    let mut lines = section.lines().peekable();
    while let Some(l) = lines.next() {
        if l.trim() != "```sql" {
            continue;
        }
        let sql: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        while lines.peek().is_some_and(|l| !l.starts_with('|')) {
            lines.next();
        }
        let table: Vec<&str> = std::iter::from_fn(|| lines.next_if(|l| l.starts_with('|'))).collect();
        assert!(table.len() >= 2, "no result table after:\n{}", sql.join("\n"));
        out.push((sql.join("\n"), cells(table[0]), table[2..].iter().map(|l| cells(l)).collect()));
    }
    out
}

fn text(v: ValueRef) -> String {
    match v {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => format!("{f}"),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("{b:?}"),
    }
}

#[test]
fn readme_queries_give_the_readme_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plans.db");
    let opts = plandoc::export::ExportOptions {
        format: plandoc::export::Format::Sqlite,
        out_dir: PathBuf::new(),
        db: Some(db.clone()),
        max_bytes: plandoc::DEFAULT_MAX_BYTES,
        strict: false,
        stem: None,
        lang: plandoc::output::Lang::En,
    };
    let inputs =
        ["seeds", "tests/corpus/next_year_2021.txt", "tests/corpus/other_district_2024.txt"].map(PathBuf::from);
    let summary = plandoc::export::run(&inputs, &opts, &mut |_| {}).unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);

    let conn = rusqlite::Connection::open(&db).unwrap();
    let examples = examples();
    assert_eq!(examples.len(), 3);
    for (sql, header, rows) in examples {
        let mut st = conn.prepare(&sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
        let names: Vec<String> = st.column_names().map(String::from).collect();
        assert_eq!(names, header, "{sql}");
        let n = names.len();
        let got: Vec<Vec<String>> = st
            .query_map([], |r| (0..n).map(|i| r.get_ref(i).map(text)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(got, rows, "{sql}");
    }
}
