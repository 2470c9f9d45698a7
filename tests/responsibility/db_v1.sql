-- A database the previous release (SQLite layout version 1) wrote: plandoc export --format sqlite of
-- tests/responsibility/resp_lines.txt, dumped in the order its schema was created.
BEGIN TRANSACTION;
CREATE TABLE documents (
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
CREATE TABLE sections (
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
CREATE TABLE indicators (
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
CREATE TABLE targets (
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
CREATE TABLE tasks (
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
    UNIQUE (doc_id, id)
);
CREATE TABLE projects (
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
CREATE TABLE departments (
    department_id  INTEGER PRIMARY KEY,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    name           TEXT NOT NULL,
    bare           TEXT NOT NULL,
    forms          TEXT NOT NULL,
    UNIQUE (doc_id, name)
);
CREATE TABLE indicator_departments (
    department_id  INTEGER NOT NULL REFERENCES departments(department_id) ON DELETE CASCADE,
    indicator_id   INTEGER NOT NULL REFERENCES indicators(indicator_id) ON DELETE CASCADE,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    role           TEXT NOT NULL,
    written_as     TEXT NOT NULL,
    ord            INTEGER NOT NULL,
    PRIMARY KEY (department_id, indicator_id)
);
CREATE TABLE task_departments (
    department_id  INTEGER NOT NULL REFERENCES departments(department_id) ON DELETE CASCADE,
    task_id        INTEGER NOT NULL REFERENCES tasks(task_id) ON DELETE CASCADE,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    role           TEXT NOT NULL,
    written_as     TEXT NOT NULL,
    ord            INTEGER NOT NULL,
    PRIMARY KEY (department_id, task_id)
);
CREATE TABLE project_departments (
    department_id  INTEGER NOT NULL REFERENCES departments(department_id) ON DELETE CASCADE,
    project_id     INTEGER NOT NULL REFERENCES projects(project_id) ON DELETE CASCADE,
    doc_id         INTEGER NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    year           INTEGER,
    region         TEXT,
    role           TEXT NOT NULL,
    written_as     TEXT NOT NULL,
    ord            INTEGER NOT NULL,
    PRIMARY KEY (department_id, project_id)
);
INSERT INTO "documents" VALUES(1,'dffc30444731e4e38ed22ed00959310a84e9992aa6686b4eaefa0ccae6ccc9b4',2023,'澜川县','tests/responsibility/resp_lines.txt','澜川县2023年度河湖治理工作计划',NULL,NULL,NULL,NULL,'UTF-8',846,27,'1.0','{"schema_version":"1.0","source":{"path":"tests/responsibility/resp_lines.txt","encoding":"UTF-8","bytes":846,"sha256":"dffc30444731e4e38ed22ed00959310a84e9992aa6686b4eaefa0ccae6ccc9b4","lines":27},"notice":null,"plan":{"title":"澜川县2023年度河湖治理工作计划","region":"澜川县","year":2023,"preamble":[],"sections":[{"number":"一、","level":1,"title":"总体目标","kind":"goals","line":3,"paragraphs":["全面提升河湖治理水平，守好一江清水。"],"children":[]},{"number":"二、","level":1,"title":"重点任务","kind":"tasks","line":7,"paragraphs":[],"children":[{"number":"（一）","level":2,"title":"强化水源保护","kind":"tasks","line":9,"paragraphs":[],"children":[{"number":"1．","level":3,"title":"开展饮用水水源地排查","kind":"tasks","line":11,"paragraphs":["对全县水源地开展一次全面排查，建立问题清单。","牵头单位：县水利局","配合单位：县生态环境局、各乡镇人民政府","完成时限：2023年6月底前"],"children":[]},{"number":"2．","level":3,"title":"推进农村污水治理","kind":"tasks","line":16,"paragraphs":["新建农村污水处理设施10处。","牵头单位：县住房城乡建设局；配合单位：县财政局；完成时限：6月底前完成方案，12月底前全面完成"],"children":[]}]},{"number":"（二）","level":2,"title":"完善长效机制","kind":"tasks","line":19,"paragraphs":[],"children":[{"number":"1．","level":3,"title":"落实河长制","kind":"tasks","line":21,"paragraphs":["健全县乡村三级河长体系。","责任单位：县水利局、县林业局","完成时限：长期坚持"],"children":[]},{"number":"2．","level":3,"title":"开展河湖日常巡查","kind":"tasks","line":25,"paragraphs":["责任单位：县水利局","完成时限：每季度"],"children":[]}]}]}],"indicators":[],"indicator_notes":[],"tasks":[{"id":"task-2fdfbeda41","group":"强化水源保护","group_number":1,"number":1,"title":"开展饮用水水源地排查","text":"对全县水源地开展一次全面排查，建立问题清单。\n完成时限：2023年6月底前","departments":["县水利局","县生态环境局","各乡镇人民政府"],"lead_departments":["县水利局"],"support_departments":["县生态环境局","各乡镇人民政府"],"line":11},{"id":"task-ca489cb456","group":"强化水源保护","group_number":1,"number":2,"title":"推进农村污水治理","text":"新建农村污水处理设施10处。","departments":["县住房城乡建设局","县财政局","完成时限：6月底前完成方案","12月底前全面完成"],"lead_departments":["县住房城乡建设局"],"support_departments":["县财政局","完成时限：6月底前完成方案","12月底前全面完成"],"line":16},{"id":"task-619cf77604","group":"完善长效机制","group_number":2,"number":1,"title":"落实河长制","text":"健全县乡村三级河长体系。\n完成时限：长期坚持","departments":["县水利局","县林业局"],"lead_departments":["县水利局","县林业局"],"support_departments":[],"line":21},{"id":"task-af419fcbff","group":"完善长效机制","group_number":2,"number":2,"title":"开展河湖日常巡查","text":"完成时限：每季度","departments":["县水利局"],"lead_departments":["县水利局"],"support_departments":[],"line":25}],"projects":[],"appendices":[]},"tables":[],"diagnostics":[]}');
INSERT INTO "sections" VALUES(1,1,2023,'澜川县',NULL,0,'一、',1,'总体目标','goals','全面提升河湖治理水平，守好一江清水。',3);
INSERT INTO "sections" VALUES(2,1,2023,'澜川县',NULL,1,'二、',1,'重点任务','tasks','',7);
INSERT INTO "sections" VALUES(3,1,2023,'澜川县',2,2,'（一）',2,'强化水源保护','tasks','',9);
INSERT INTO "sections" VALUES(4,1,2023,'澜川县',3,3,'1．',3,'开展饮用水水源地排查','tasks','对全县水源地开展一次全面排查，建立问题清单。
牵头单位：县水利局
配合单位：县生态环境局、各乡镇人民政府
完成时限：2023年6月底前',11);
INSERT INTO "sections" VALUES(5,1,2023,'澜川县',3,4,'2．',3,'推进农村污水治理','tasks','新建农村污水处理设施10处。
牵头单位：县住房城乡建设局；配合单位：县财政局；完成时限：6月底前完成方案，12月底前全面完成',16);
INSERT INTO "sections" VALUES(6,1,2023,'澜川县',2,5,'（二）',2,'完善长效机制','tasks','',19);
INSERT INTO "sections" VALUES(7,1,2023,'澜川县',6,6,'1．',3,'落实河长制','tasks','健全县乡村三级河长体系。
责任单位：县水利局、县林业局
完成时限：长期坚持',21);
INSERT INTO "sections" VALUES(8,1,2023,'澜川县',6,7,'2．',3,'开展河湖日常巡查','tasks','责任单位：县水利局
完成时限：每季度',25);
INSERT INTO "tasks" VALUES(1,1,2023,'澜川县',0,'task-2fdfbeda41',1,'强化水源保护',1,'开展饮用水水源地排查','对全县水源地开展一次全面排查，建立问题清单。
完成时限：2023年6月底前','县水利局','县生态环境局、各乡镇人民政府','县水利局、县生态环境局、各乡镇人民政府',11);
INSERT INTO "tasks" VALUES(2,1,2023,'澜川县',1,'task-ca489cb456',1,'强化水源保护',2,'推进农村污水治理','新建农村污水处理设施10处。','县住房城乡建设局','县财政局、完成时限：6月底前完成方案、12月底前全面完成','县住房城乡建设局、县财政局、完成时限：6月底前完成方案、12月底前全面完成',16);
INSERT INTO "tasks" VALUES(3,1,2023,'澜川县',2,'task-619cf77604',2,'完善长效机制',1,'落实河长制','健全县乡村三级河长体系。
完成时限：长期坚持','县水利局、县林业局','','县水利局、县林业局',21);
INSERT INTO "tasks" VALUES(4,1,2023,'澜川县',3,'task-af419fcbff',2,'完善长效机制',2,'开展河湖日常巡查','完成时限：每季度','县水利局','','县水利局',25);
INSERT INTO "departments" VALUES(1,1,2023,'澜川县','县水利局','水利局','县水利局');
INSERT INTO "departments" VALUES(2,1,2023,'澜川县','县生态环境局','生态环境局','县生态环境局');
INSERT INTO "departments" VALUES(3,1,2023,'澜川县','各乡镇人民政府','各乡镇人民政府','各乡镇人民政府');
INSERT INTO "departments" VALUES(4,1,2023,'澜川县','县住房城乡建设局','住房城乡建设局','县住房城乡建设局');
INSERT INTO "departments" VALUES(5,1,2023,'澜川县','县财政局','财政局','县财政局');
INSERT INTO "departments" VALUES(6,1,2023,'澜川县','完成时限：6月底前完成方案','完成时限：6月底前完成方案','完成时限：6月底前完成方案');
INSERT INTO "departments" VALUES(7,1,2023,'澜川县','12月底前全面完成','12月底前全面完成','12月底前全面完成');
INSERT INTO "departments" VALUES(8,1,2023,'澜川县','县林业局','林业局','县林业局');
INSERT INTO "task_departments" VALUES(1,1,1,2023,'澜川县','lead','县水利局',0);
INSERT INTO "task_departments" VALUES(1,3,1,2023,'澜川县','responsible','县水利局',0);
INSERT INTO "task_departments" VALUES(1,4,1,2023,'澜川县','responsible','县水利局',0);
INSERT INTO "task_departments" VALUES(2,1,1,2023,'澜川县','support','县生态环境局',1);
INSERT INTO "task_departments" VALUES(3,1,1,2023,'澜川县','support','各乡镇人民政府',2);
INSERT INTO "task_departments" VALUES(4,2,1,2023,'澜川县','lead','县住房城乡建设局',0);
INSERT INTO "task_departments" VALUES(5,2,1,2023,'澜川县','support','县财政局',1);
INSERT INTO "task_departments" VALUES(6,2,1,2023,'澜川县','support','完成时限：6月底前完成方案',2);
INSERT INTO "task_departments" VALUES(7,2,1,2023,'澜川县','support','12月底前全面完成',3);
INSERT INTO "task_departments" VALUES(8,3,1,2023,'澜川县','responsible','县林业局',1);
CREATE INDEX documents_year_region ON documents(year, region);
CREATE INDEX sections_doc ON sections(doc_id);
CREATE INDEX sections_parent ON sections(parent_id);
CREATE INDEX indicators_year_region ON indicators(year, region);
CREATE INDEX indicators_name ON indicators(name);
CREATE INDEX targets_indicator ON targets(indicator_id);
CREATE INDEX targets_doc ON targets(doc_id);
CREATE INDEX tasks_year_region ON tasks(year, region);
CREATE INDEX projects_year_region ON projects(year, region);
CREATE INDEX departments_name ON departments(name);
CREATE INDEX departments_bare ON departments(bare);
CREATE INDEX indicator_departments_item ON indicator_departments(indicator_id);
CREATE INDEX indicator_departments_doc ON indicator_departments(doc_id);
CREATE INDEX task_departments_item ON task_departments(task_id);
CREATE INDEX task_departments_doc ON task_departments(doc_id);
CREATE INDEX project_departments_item ON project_departments(project_id);
CREATE INDEX project_departments_doc ON project_departments(doc_id);
CREATE VIEW responsibilities AS
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
COMMIT;
PRAGMA user_version = 1;
