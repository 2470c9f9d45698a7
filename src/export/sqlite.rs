//! SQLite export: parsed notices → one database of documents, sections, indicators, targets, tasks, projects and departments.
//!
//! Every row carries its document's `doc_id`, `year` and `region`. A notice is keyed by the SHA-256 of
//! its bytes: loading it again deletes the old rows (foreign keys cascade) and inserts the new ones.
//! The caller runs the loads of one command in one transaction.

use crate::error::Error;
use crate::export::registry::{ItemKind, Registry, Role};
use crate::export::sheets::LIST_SEP;
use crate::model::{Document, Section};
use rusqlite::{Connection, Transaction, params};
use std::path::Path;

/// `PRAGMA user_version` of a database this module made. A database of version 1 (before tasks had roles,
/// deadlines and measures) is migrated in place ([`MIGRATE_1_TO_2`]); any other version is refused.
pub const DB_VERSION: i64 = 2;

/// Version 1 → 2: the task columns issue 15 added, empty for the tasks already loaded (load their notices again
/// to fill them).
const MIGRATE_1_TO_2: &str = r#"
ALTER TABLE tasks ADD COLUMN responsible_departments TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN deadline_raw TEXT;
ALTER TABLE tasks ADD COLUMN deadline_date TEXT;
ALTER TABLE tasks ADD COLUMN deadline_kind TEXT;
ALTER TABLE tasks ADD COLUMN measures TEXT;
ALTER TABLE tasks ADD COLUMN extra TEXT NOT NULL DEFAULT '{}';
"#;

/// The link tables department ↔ item: (table, item key, item table).
pub const LINKS: [(&str, &str, &str); 3] = [
    ("indicator_departments", "indicator_id", "indicators"),
    ("task_departments", "task_id", "tasks"),
    ("project_departments", "project_id", "projects"),
];

/// The tables, indexes and the `responsibilities` view, with the link tables of [`LINKS`].
pub fn ddl() -> String {
    let mut s = TABLES_DDL.to_string();
    for (table, key, items) in LINKS {
        s.push_str(&format!(
            "CREATE TABLE IF NOT EXISTS {table} (
    department_id  INTEGER NOT NULL REFERENCES departments(department_id) ON DELETE CASCADE,
    {key:<14} INTEGER NOT NULL REFERENCES {items}({key}) ON DELETE CASCADE,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    role           TEXT NOT NULL,
    written_as     TEXT NOT NULL,
    ord            INTEGER NOT NULL,
    PRIMARY KEY (department_id, {key})
);
CREATE INDEX IF NOT EXISTS {table}_item ON {table}({key});
CREATE INDEX IF NOT EXISTS {table}_doc ON {table}(doc_id);
"
        ));
    }
    s.push_str(VIEW_DDL);
    s
}

const TABLES_DDL: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    doc_id          INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,
    year            INTEGER,
    region          TEXT,
    path            TEXT NOT NULL,
    title           TEXT,
    notice_title    TEXT,
    issuer          TEXT,
    doc_number      TEXT,
    date            TEXT,
    encoding        TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    lines           INTEGER NOT NULL,
    schema_version  TEXT NOT NULL,
    json            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_year_region ON documents(year, region);

CREATE TABLE IF NOT EXISTS sections (
    section_id  INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year        INTEGER,
    region      TEXT,
    parent_id   INTEGER REFERENCES sections(section_id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    number      TEXT NOT NULL,
    level       INTEGER NOT NULL,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    line        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sections_doc ON sections(doc_id);
CREATE INDEX IF NOT EXISTS sections_parent ON sections(parent_id);

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id  INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year          INTEGER,
    region        TEXT,
    ord           INTEGER NOT NULL,
    id            TEXT NOT NULL,
    goal          TEXT,
    task          TEXT,
    serial        INTEGER,
    name          TEXT NOT NULL,
    unit          TEXT,
    target_raw    TEXT NOT NULL,
    target_kind   TEXT NOT NULL,
    direction     TEXT,
    attribute     TEXT,
    departments   TEXT NOT NULL,
    extra         TEXT NOT NULL,
    line          INTEGER NOT NULL,
    UNIQUE (doc_id, id)
);
CREATE INDEX IF NOT EXISTS indicators_year_region ON indicators(year, region);
CREATE INDEX IF NOT EXISTS indicators_name ON indicators(name);

CREATE TABLE IF NOT EXISTS targets (
    target_id      INTEGER PRIMARY KEY,
    indicator_id   INTEGER NOT NULL REFERENCES indicators(indicator_id) ON DELETE CASCADE,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    target_region  TEXT,
    op             TEXT,
    value          REAL NOT NULL,
    unit           TEXT
);
CREATE INDEX IF NOT EXISTS targets_indicator ON targets(indicator_id);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(doc_id);

CREATE TABLE IF NOT EXISTS tasks (
    task_id              INTEGER PRIMARY KEY,
    doc_id               INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year                 INTEGER,
    region               TEXT,
    ord                  INTEGER NOT NULL,
    id                   TEXT NOT NULL,
    group_number         INTEGER,
    group_title          TEXT,
    number               INTEGER,
    title                TEXT NOT NULL,
    text                 TEXT NOT NULL,
    lead_departments     TEXT NOT NULL,
    support_departments  TEXT NOT NULL,
    departments          TEXT NOT NULL,
    line                 INTEGER NOT NULL,
    responsible_departments TEXT NOT NULL DEFAULT '',
    deadline_raw         TEXT,
    deadline_date        TEXT,
    deadline_kind        TEXT,
    measures             TEXT,
    extra                TEXT NOT NULL DEFAULT '{}',
    UNIQUE (doc_id, id)
);
CREATE INDEX IF NOT EXISTS tasks_year_region ON tasks(year, region);

CREATE TABLE IF NOT EXISTS projects (
    project_id        INTEGER PRIMARY KEY,
    doc_id            INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year              INTEGER,
    region            TEXT,
    ord               INTEGER NOT NULL,
    id                TEXT NOT NULL,
    category          TEXT,
    serial            INTEGER,
    name              TEXT NOT NULL,
    content           TEXT,
    location          TEXT,
    period_raw        TEXT,
    start_year        INTEGER,
    end_year          INTEGER,
    investment_raw    TEXT,
    investment_value  REAL,
    investment_unit   TEXT,
    units             TEXT NOT NULL,
    extra             TEXT NOT NULL,
    line              INTEGER NOT NULL,
    UNIQUE (doc_id, id)
);
CREATE INDEX IF NOT EXISTS projects_year_region ON projects(year, region);

CREATE TABLE IF NOT EXISTS departments (
    department_id  INTEGER PRIMARY KEY,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    name           TEXT NOT NULL,
    bare           TEXT NOT NULL,
    forms          TEXT NOT NULL,
    UNIQUE (doc_id, name)
);
CREATE INDEX IF NOT EXISTS departments_name ON departments(name);
CREATE INDEX IF NOT EXISTS departments_bare ON departments(bare);

"#;

const VIEW_DDL: &str = r#"
CREATE VIEW IF NOT EXISTS responsibilities AS
    SELECT d.year, d.region, d.name AS department, d.bare, 'indicator' AS kind, i.name AS item,
           l.role, l.written_as, i.line, d.doc_id
      FROM departments d JOIN indicator_departments l USING (department_id)
      JOIN indicators i USING (indicator_id)
    UNION ALL
    SELECT d.year, d.region, d.name, d.bare, 'task', t.title, l.role, l.written_as, t.line, d.doc_id
      FROM departments d JOIN task_departments l USING (department_id) JOIN tasks t USING (task_id)
    UNION ALL
    SELECT d.year, d.region, d.name, d.bare, 'project', p.name, l.role, l.written_as, p.line, d.doc_id
      FROM departments d JOIN project_departments l USING (department_id) JOIN projects p USING (project_id);
"#;

pub(crate) fn db_error(db: &Path, e: rusqlite::Error) -> Error {
    Error::Database { path: db.to_path_buf(), message: e.to_string() }
}

/// Open (or create) the database at `path` with foreign keys on and the tables in place.
pub fn open(path: &Path) -> Result<Connection, Error> {
    let conn = Connection::open(path).map_err(|e| db_error(path, e))?;
    init(&conn, path)?;
    Ok(conn)
}

/// Turn foreign keys on and create what is missing; refuse a database of another [`DB_VERSION`].
pub fn init(conn: &Connection, path: &Path) -> Result<(), Error> {
    conn.pragma_update(None, "foreign_keys", true).map_err(|e| db_error(path, e))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| db_error(path, e))?;
    let refuse = |message: String| Err(Error::Database { path: path.to_path_buf(), message });
    // Whose database it is: plandoc's holds a `documents` table with its `sha256` and `json` columns.
    let tables = table_names(conn).map_err(|e| db_error(path, e))?;
    let ours =
        tables.iter().any(|t| t == "documents") && conn.prepare("SELECT sha256, json FROM documents LIMIT 0").is_ok();
    if !ours && (version != 0 || !tables.is_empty()) {
        let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
        return refuse(format!(
            "not a plandoc database: it belongs to another program (tables: {}; user_version {version}); \
             give --db a new file",
            if shown.is_empty() { "none".to_string() } else { shown.join(", ") }
        ));
    }
    if version != 0 && version != 1 && version != DB_VERSION {
        return refuse(format!(
            "made by another version of plandoc (database version {version}, this one writes {DB_VERSION})"
        ));
    }
    if version == 1 {
        // One transaction: a migration that fails leaves the database as it was.
        conn.execute_batch(&format!("BEGIN;{MIGRATE_1_TO_2}PRAGMA user_version = {DB_VERSION};COMMIT;"))
            .map_err(|e| db_error(path, e))?;
    }
    conn.execute_batch(&ddl()).map_err(|e| db_error(path, e))?;
    conn.pragma_update(None, "user_version", DB_VERSION).map_err(|e| db_error(path, e))?;
    Ok(())
}

/// The names of the database's own tables.
fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    st.query_map([], |r| r.get(0))?.collect()
}

/// Load one document inside `tx`, replacing an earlier load of the same bytes; returns its `doc_id`.
pub fn load(tx: &Transaction, doc: &Document, db: &Path) -> Result<i64, Error> {
    insert(tx, doc)
        .map_err(|e| Error::Database { path: db.to_path_buf(), message: format!("loading {}: {e}", doc.source.path) })
}

fn insert(tx: &Transaction, doc: &Document) -> rusqlite::Result<i64> {
    let plan = &doc.plan;
    let (year, region) = (plan.year, plan.region.as_deref());
    tx.execute("DELETE FROM documents WHERE sha256 = ?1", [&doc.source.sha256])?;
    let notice = doc.notice.as_ref();
    tx.execute(
        "INSERT INTO documents (sha256, year, region, path, title, notice_title, issuer, doc_number, date,
             encoding, bytes, lines, schema_version, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            doc.source.sha256,
            year,
            region,
            doc.source.path,
            plan.title,
            notice.map(|n| &n.title),
            notice.and_then(|n| n.issuer.as_ref()),
            notice.and_then(|n| n.doc_number.as_ref()),
            notice.and_then(|n| n.date.as_ref()),
            doc.source.encoding,
            doc.source.bytes as i64,
            doc.source.lines as i64,
            doc.schema_version,
            serde_json::to_string(doc).unwrap_or_default(),
        ],
    )?;
    let doc_id = tx.last_insert_rowid();
    let mut ord = 0;
    for s in &plan.sections {
        insert_section(tx, s, None, &mut ord, (doc_id, year, region))?;
    }

    let mut indicator_ids = Vec::with_capacity(plan.indicators.len());
    let mut ind = tx.prepare_cached(
        "INSERT INTO indicators (doc_id, year, region, ord, id, goal, task, serial, name, unit, target_raw,
             target_kind, direction, attribute, departments, extra, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    let mut tgt = tx.prepare_cached(
        "INSERT INTO targets (indicator_id, doc_id, year, region, target_region, op, value, unit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (k, i) in plan.indicators.iter().enumerate() {
        let t = &i.target;
        ind.execute(params![
            doc_id,
            year,
            region,
            k as i64,
            i.id,
            i.goal,
            i.task,
            i.serial,
            i.name,
            i.unit,
            t.raw,
            enum_text(&t.kind),
            t.direction.as_ref().map(enum_text),
            i.attribute,
            i.departments.join(LIST_SEP),
            serde_json::to_string(&i.extra).unwrap_or_default(),
            i.line as i64,
        ])?;
        let id = tx.last_insert_rowid();
        indicator_ids.push(id);
        if let Some(v) = t.value {
            tgt.execute(params![id, doc_id, year, region, None::<String>, t.op, v, t.unit])?;
        }
        for r in &t.regions {
            tgt.execute(params![id, doc_id, year, region, r.region, r.op, r.value, r.unit])?;
        }
    }

    let mut task_ids = Vec::with_capacity(plan.tasks.len());
    let mut tsk = tx.prepare_cached(
        "INSERT INTO tasks (doc_id, year, region, ord, id, group_number, group_title, number, title, text,
             lead_departments, support_departments, departments, line, responsible_departments,
             deadline_raw, deadline_date, deadline_kind, measures, extra)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    for (k, t) in plan.tasks.iter().enumerate() {
        tsk.execute(params![
            doc_id,
            year,
            region,
            k as i64,
            t.id,
            t.group_number,
            t.group,
            t.number,
            t.title,
            t.text,
            t.lead_departments.join(LIST_SEP),
            t.support_departments.join(LIST_SEP),
            t.departments.join(LIST_SEP),
            t.line as i64,
            t.responsible_departments.join(LIST_SEP),
            t.deadline.as_ref().map(|d| d.raw.as_str()),
            t.deadline.as_ref().and_then(|d| d.date.as_deref()),
            t.deadline.as_ref().map(|d| enum_text(&d.kind)),
            t.measures,
            serde_json::to_string(&t.extra).unwrap_or_default(),
        ])?;
        task_ids.push(tx.last_insert_rowid());
    }

    let mut project_ids = Vec::with_capacity(plan.projects.len());
    let mut prj = tx.prepare_cached(
        "INSERT INTO projects (doc_id, year, region, ord, id, category, serial, name, content, location,
             period_raw, start_year, end_year, investment_raw, investment_value, investment_unit, units, extra, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    for (k, p) in plan.projects.iter().enumerate() {
        let (period, inv) = (p.period.as_ref(), p.investment.as_ref());
        prj.execute(params![
            doc_id,
            year,
            region,
            k as i64,
            p.id,
            p.category,
            p.serial,
            p.name,
            p.content,
            p.location,
            period.map(|x| &x.raw),
            period.and_then(|x| x.start),
            period.and_then(|x| x.end),
            inv.map(|x| &x.raw),
            inv.and_then(|x| x.value),
            inv.and_then(|x| x.unit.as_ref()),
            p.units.join(LIST_SEP),
            serde_json::to_string(&p.extra).unwrap_or_default(),
            p.line as i64,
        ])?;
        project_ids.push(tx.last_insert_rowid());
    }

    let reg = Registry::build(doc);
    let mut dep = tx.prepare_cached(
        "INSERT INTO departments (doc_id, year, region, name, bare, forms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut links = Vec::with_capacity(LINKS.len());
    for (table, key, _) in LINKS {
        links.push(tx.prepare_cached(&format!(
            "INSERT INTO {table} (department_id, {key}, doc_id, year, region, role, written_as, ord)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ))?);
    }
    for d in &reg.departments {
        dep.execute(params![doc_id, year, region, d.name, d.bare, d.forms.join(LIST_SEP)])?;
        let dep_id = tx.last_insert_rowid();
        for o in d.items() {
            let (stmt, item_id, names) = match o.kind {
                ItemKind::Indicator => (&mut links[0], indicator_ids[o.index], &plan.indicators[o.index].departments),
                ItemKind::Task => (&mut links[1], task_ids[o.index], &plan.tasks[o.index].departments),
                ItemKind::Project => (&mut links[2], project_ids[o.index], &plan.projects[o.index].units),
            };
            // `ord`: where the item names the department, so its list can be read back in order.
            let ord = names.iter().position(|n| *n == o.written_as).unwrap_or(0) as i64;
            stmt.execute(params![dep_id, item_id, doc_id, year, region, role_text(o.role), o.written_as, ord])?;
        }
    }
    Ok(doc_id)
}

fn insert_section(
    tx: &Transaction,
    s: &Section,
    parent: Option<i64>,
    ord: &mut i64,
    (doc_id, year, region): (i64, Option<i32>, Option<&str>),
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO sections (doc_id, year, region, parent_id, ord, number, level, title, kind, text, line)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        doc_id,
        year,
        region,
        parent,
        *ord,
        s.number,
        s.level,
        s.title,
        enum_text(&s.kind),
        s.paragraphs.join("\n"),
        s.line as i64,
    ])?;
    *ord += 1;
    let id = tx.last_insert_rowid();
    for c in &s.children {
        insert_section(tx, c, Some(id), ord, (doc_id, year, region))?;
    }
    Ok(())
}

/// An enum's value exactly as the JSON output writes it (`numeric`, `no_decrease`, `tasks` …).
fn enum_text<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn role_text(r: Role) -> String {
    enum_text(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_is_idempotent_and_refuses_other_versions() {
        let conn = Connection::open_in_memory().unwrap();
        let p = Path::new(":memory:");
        init(&conn, p).unwrap();
        init(&conn, p).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        let e = init(&conn, p).unwrap_err().to_string();
        assert!(e.contains("made by another version of plandoc (database version 99"), "{e}");
    }

    /// A database of another program is called that, whatever its user_version; it is not touched.
    #[test]
    fn another_programs_database_is_named_as_such() {
        let p = Path::new(":memory:");
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 7;").unwrap();
        let e = init(&conn, p).unwrap_err().to_string();
        assert!(e.contains("not a plandoc database: it belongs to another program (tables: t; user_version 7)"), "{e}");
        assert!(!e.contains("another version of plandoc"), "{e}");
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes(x);").unwrap();
        let e = init(&conn, p).unwrap_err().to_string();
        assert!(e.contains("not a plandoc database"), "{e}");
        assert_eq!(table_names(&conn).unwrap(), ["notes"], "nothing was created in it");
    }

    #[test]
    fn enums_as_in_json() {
        assert_eq!(enum_text(&crate::model::TargetKind::Numeric), "numeric");
        assert_eq!(enum_text(&crate::model::Direction::NoDecrease), "no_decrease");
        assert_eq!(role_text(Role::Lead), "lead");
    }
}
