//! `plandoc departments` and the other commands this branch adds, run as a user runs them: the listing
//! of every responsible department with what it owns, `schema`, and `export`'s files and exit codes.

use plandoc::export::registry::{ItemKind, Registry};
use std::path::Path;
use std::process::Command;

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const OTHER: &str = "tests/corpus/other_district_2024.txt";

fn parse(path: &str) -> plandoc::Document {
    plandoc::parse_file(Path::new(path), &plandoc::Options::default()).unwrap()
}

fn plandoc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

/// Every department every item names is listed, under one name, owning that item — and nothing else.
fn assert_complete(doc: &plandoc::Document) {
    let reg = Registry::build(doc);
    let mut expected = 0;
    let items = doc
        .plan
        .indicators
        .iter()
        .enumerate()
        .map(|(k, i)| (ItemKind::Indicator, k, &i.departments))
        .chain(doc.plan.tasks.iter().enumerate().map(|(k, t)| (ItemKind::Task, k, &t.departments)))
        .chain(doc.plan.projects.iter().enumerate().map(|(k, p)| (ItemKind::Project, k, &p.units)));
    for (kind, k, names) in items {
        let mut owners = Vec::new();
        for n in names {
            let (i, dep) = reg.lookup(n).unwrap_or_else(|| panic!("{n} not listed"));
            assert!(dep.forms.contains(n));
            assert!(dep.items().any(|o| o.kind == kind && o.index == k), "{} does not own {kind:?} {k}", dep.name);
            if !owners.contains(&i) {
                owners.push(i);
            }
        }
        expected += owners.len();
    }
    let listed: usize = reg.departments.iter().map(|d| d.items().count()).sum();
    assert_eq!(listed, expected);
}

#[test]
fn every_department_owns_what_names_it() {
    for f in [SEED, OTHER, "tests/corpus/next_year_2021.txt", "tests/fixtures/county_plan_2022_pipe_rows.txt"] {
        assert_complete(&parse(f));
    }
}

#[test]
fn seed_joins_the_two_forms_of_the_water_bureau() {
    let reg = Registry::build(&parse(SEED));
    let water: Vec<_> = reg.departments.iter().filter(|d| d.bare == "水务局").collect();
    assert_eq!(water.len(), 1);
    assert_eq!(water[0].name, "区水务局");
    assert_eq!(water[0].forms, ["区水务局", "水务局"]);
    assert!(water[0].indicators.iter().any(|o| o.written_as == "水务局"));
    assert!(reg.notes.is_empty());
}

#[test]
fn seed_listing() {
    let out = plandoc(&["departments", SEED]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // Every department of the index, in its order.
    let reg = Registry::build(&parse(SEED));
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains("项"))
        .filter_map(|l| l.split(['：', '（']).next())
        .collect();
    assert_eq!(listed, reg.departments.iter().map(|d| d.name.as_str()).collect::<Vec<_>>());
    insta::assert_snapshot!("seed_text", text);
}

#[test]
fn json_listing() {
    let out = plandoc(&["departments", "--format", "json", OTHER]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = v.as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!((groups[0]["region"].as_str(), groups[0]["year"].as_i64()), (Some("澜州市青溪区"), Some(2024)));
    let deps = groups[0]["departments"].as_array().unwrap();
    assert_eq!(deps.len(), Registry::build(&parse(OTHER)).departments.len());
    let item = |dep: &str, name: &str| {
        let d = deps.iter().find(|d| d["name"] == dep).unwrap();
        d["items"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap().clone()
    };
    assert_eq!(item("区城市管理和综合执法局", "深化生活垃圾分类")["role"], "lead");
    assert_eq!(item("区机关事务管理局", "深化生活垃圾分类")["role"], "support");
    insta::assert_json_snapshot!("other_district_json", v);
}

/// (due, status, role, kind, name) of each item the view lists for one department.
fn view(args: &[&str]) -> Vec<(String, String, String, String, String)> {
    let mut all = vec!["departments", "--format", "csv"];
    all.extend_from_slice(args);
    let out = plandoc(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_reader(out.stdout.as_slice());
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let f = |n: &str| rec[col(n)].to_string();
            (f("截止日期"), f("状态"), f("角色"), f("类别"), f("事项"))
        })
        .collect()
}

fn row(due: &str, status: &str, role: &str, kind: &str, name: &str) -> (String, String, String, String, String) {
    (due.into(), status.into(), role.into(), kind.into(), name.into())
}

/// The example: the water bureau's items in the task-table variant of the seed, by deadline, written down
/// from the notice's tables by hand (its indicators and projects fall due at the end of 2020, its tasks as the
/// task table says; nothing is due by 2020-10-31).
#[test]
fn one_department_by_deadline() {
    let want = vec![
        row("2020-12-31", "", "责任", "指标", "地表水水质达到或优于III类水的比例"),
        row("2020-12-31", "", "责任", "指标", "地下水水质达到或优于III类水的比例"),
        row("2020-12-31", "", "责任", "指标", "生态产品市场化机制"),
        row("2020-12-31", "", "配合", "任务", "牢筑生态安全格局"),
        row("2020-12-31", "", "牵头", "任务", "实施重点饮用水水源地综合治理"),
        row("2020-12-31", "", "责任", "项目", "州河国家湿地公园"),
        row("2020-12-31", "", "责任", "项目", "下营环秀湖国家湿地公园"),
        row("2020-12-31", "", "责任", "项目", "蓟州区水系连通工程"),
        row("2020-12-31", "", "责任", "项目", "城区污水厂扩容改造"),
        row("2020-12-31", "", "责任", "项目", "蓟州区饮水提质增效工程"),
        row("2020-12-31", "", "责任", "项目", "入河排污口的排查整治"),
        row("", "", "牵头", "任务", "持续改善水环境质量，打好碧水保卫战"),
    ];
    let file = "tests/corpus/task_table_boxdraw.txt";
    assert_eq!(view(&[file, "--name", "区水务局", "--as-of", "2020-10-01"]), want);
    // The bare name finds the same department.
    assert_eq!(view(&[file, "--name", "水务局", "--as-of", "2020-10-01"]), want);
    // 逾期: due before the day; 临近: due within 30 days of it.
    assert_eq!(
        view(&[file, "--name", "区审计局", "--as-of", "2020-10-01"]),
        [row("2020-09-30", "逾期", "牵头", "任务", "完善经济社会发展评价体系")]
    );
    let dev = view(&[file, "--name", "区发展改革委", "--as-of", "2020-10-01"]);
    assert_eq!(dev[0], row("2020-10-31", "临近", "牵头", "任务", "推动京津冀环境系统整治"));
    assert!(dev[1..].iter().all(|r| r.0 == "2020-12-31" && r.1.is_empty()), "{dev:?}");
}

#[test]
fn a_collective_assignee_reaches_its_members_and_years_stay_apart() {
    let args = ["tests/responsibility/resp_lines.txt", "--name", "马伸桥镇人民政府", "--as-of", "2023-06-10"];
    assert_eq!(view(&args), [row("2023-06-30", "临近", "配合", "任务", "开展饮用水水源地排查")]);
    let out = plandoc(&[&["departments"][..], &args].concat());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("开展饮用水水源地排查（作为各乡镇人民政府之一）"), "{text}");
    // Two years of one region, one of them as parse JSON: two groups.
    let out =
        plandoc(&["departments", "--format", "json", "--name", "区水务局", "out", "tests/corpus/next_year_2021.txt"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let years: Vec<i64> = v.as_array().unwrap().iter().map(|g| g["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2020, 2021]);
    // A notice and the parse JSON written from it are one document.
    assert_eq!(view(&[SEED, "out", "--name", "区审计局"]), [row("", "", "责任", "任务", "完善经济社会发展评价体系")]);
    // Usage errors (a missing input, a date that is not one) exit 2, as in every command.
    assert_eq!(plandoc(&["departments", "no/such.txt"]).status.code(), Some(2));
    assert_eq!(plandoc(&["departments", SEED, "--as-of", "2020-13-01"]).status.code(), Some(2));
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = plandoc(&["schema"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), std::fs::read_to_string("schema/plandoc.schema.json").unwrap());
}

#[test]
fn export_command_files_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let out = plandoc(&["export", "--format", "csv", "--out-dir", d, "seeds"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = plandoc(&["export", "--format", "xlsx", "--out-dir", d, SEED]);
    assert!(out.status.success());
    let mut names: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "000_3011126d5fd8c4d3.indicators.csv",
            "000_3011126d5fd8c4d3.projects.csv",
            "000_3011126d5fd8c4d3.tasks.csv",
            "000_3011126d5fd8c4d3.xlsx"
        ]
    );
    // sqlite without --db is a usage error; a missing input is one too.
    assert_eq!(plandoc(&["export", "--format", "sqlite", SEED]).status.code(), Some(2));
    assert_eq!(plandoc(&["export", "--format", "csv", "--out-dir", d, "no/such.txt"]).status.code(), Some(2));
    // A notice that cannot be parsed is reported and the others are still exported: exit 1.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let db = dir.path().join("p.db");
    let out = plandoc(&["export", "--format", "sqlite", "--db", db.to_str().unwrap(), SEED, empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已导出 1 个通知") && err.contains("1 个失败") && err.contains("empty.txt"), "{err}");
    // The failure names the file once.
    assert_eq!(err.matches("empty.txt").count(), 1, "{err}");
}

/// The README shows the view as the command prints it.
#[test]
fn readme_shows_the_view_as_printed() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for args in [
        &["tests/corpus/task_table_boxdraw.txt", "--name", "区水务局", "--as-of", "2020-10-01"][..],
        &["tests/corpus/task_table_boxdraw.txt", "--name", "区发展改革委", "--as-of", "2020-10-01", "--format", "md"],
        &["tests/responsibility/resp_lines.txt", "--name", "马伸桥镇人民政府", "--as-of", "2023-06-10"],
    ] {
        let out = plandoc(&[&["departments"][..], args].concat());
        let shown = format!("$ plandoc departments {}\n{}", args.join(" "), String::from_utf8(out.stdout).unwrap());
        assert!(readme.contains(&shown), "README does not show:\n{shown}");
    }
}
