//! Cut copies and the first hour with the tool: a text cut short is flagged `input.incomplete` and fails under
//! `--strict`; every command takes the same inputs (files, `parse` JSON, directories, `-`); usage errors exit 2;
//! a one-file `parse` says what it wrote; a diagnostic is said once per place; messages name the real problem.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";
const NEXT: &str = "tests/corpus/next_year_2021.txt";

fn plandoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

fn plandoc_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plandoc"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(o)))
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn seed() -> Vec<u8> {
    std::fs::read(SEED).unwrap()
}

/// `head -c 8000`: the copy stops inside a task's sentence.
fn head_bytes(n: usize) -> Vec<u8> {
    seed()[..n].to_vec()
}

/// `head -n 300`: the copy stops after the text declares 21 projects and names its 附件, before the table.
fn head_lines(n: usize) -> Vec<u8> {
    let s = seed();
    let end = s.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(n - 1).map(|(i, _)| i + 1).unwrap();
    s[..end].to_vec()
}

fn incomplete_message(doc: &serde_json::Value) -> String {
    let d = doc["diagnostics"].as_array().unwrap();
    let hit: Vec<&serde_json::Value> = d.iter().filter(|x| x["code"] == "input.incomplete").collect();
    assert_eq!(hit.len(), 1, "{d:?}");
    assert_eq!(hit[0]["level"], "warning");
    hit[0]["message"].as_str().unwrap().to_string()
}

#[test]
fn a_copy_cut_mid_sentence_is_incomplete_and_fails_under_strict() {
    let o = plandoc_stdin(&["parse", "-", "--stdout"], &head_bytes(8000));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let m = incomplete_message(&json(&o));
    assert!(m.contains("文本在第 259 行结束") && m.contains("句子中间") && m.contains("加强农田残膜回收"), "{m}");
    let o = plandoc_stdin(&["parse", "-", "--stdout", "--strict"], &head_bytes(8000));
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "a refused file is not written");
    assert!(stderr(&o).contains("--strict"), "{}", stderr(&o));
}

#[test]
fn a_copy_cut_after_its_promises_is_incomplete_not_just_a_miscount() {
    let o = plandoc_stdin(&["parse", "-", "--stdout"], &head_lines(300));
    let doc = json(&o);
    let m = incomplete_message(&doc);
    assert!(m.contains("第 287 行声明“21项具体工程”，文本中只有 0 个工程"), "{m}");
    assert!(m.contains("附件《蓟州区“两山”实践创新基地建设重点工程》不在文本中"), "{m}");
    // The shortfall is said in the incomplete warning, not again as a miscount.
    assert!(!codes(&doc).contains(&"check.declared_count".to_string()), "{:?}", codes(&doc));
    let o = plandoc_stdin(&["parse", "-", "--stdout", "--strict"], &head_lines(300));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn whole_texts_are_not_incomplete_and_a_miscount_stays_a_miscount() {
    let o = plandoc(&["parse", SEED, "--stdout", "--strict"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!codes(&json(&o)).contains(&"input.incomplete".to_string()));
    // next_year declares 21 projects and lists 20 (serials up to 22): a miscount, not a cut.
    let o = plandoc(&["parse", NEXT, "--stdout"]);
    let c = codes(&json(&o));
    assert!(c.contains(&"check.declared_count".to_string()) && !c.contains(&"input.incomplete".to_string()), "{c:?}");
    let o = plandoc(&["parse", NEXT, "--stdout", "--strict"]);
    assert_eq!(o.status.code(), Some(1), "any warning fails under --strict");
}

#[test]
fn standard_input_gives_the_same_json_as_the_path() {
    let from_path = json(&plandoc(&["parse", SEED, "--stdout"]));
    let o = plandoc_stdin(&["parse", "-", "--stdout"], &seed());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut from_stdin = json(&o);
    assert_eq!(from_stdin["source"]["path"], "-");
    from_stdin["source"]["path"] = from_path["source"]["path"].clone();
    assert_eq!(from_stdin, from_path);
    // --stem names the file it is written to.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = plandoc_stdin(&["parse", "-", "--stem", "seed", "--out-dir", out.to_str().unwrap()], &seed());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("seed.json").exists());
}

#[test]
fn a_one_file_parse_says_what_it_wrote_unless_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = plandoc(&["parse", SEED, "--out-dir", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let want =
        format!("{}：20 个指标，12 项任务，21 项工程，0 个警告\n", out.join("000_3011126d5fd8c4d3.json").display());
    assert_eq!(stderr(&o), want);
    let o = plandoc(&["parse", SEED, "--out-dir", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn directory_scans_skip_what_is_not_a_notice_and_plandocs_own_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("plans");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(SEED, dir.join("seed.txt")).unwrap();
    std::fs::write(dir.join("README.md"), "# 说明\n\n| 文件 | 内容 |\n|---|---|\n| seed.txt | 计划 |\n").unwrap();
    let out = dir.join("out");
    let d = dir.to_str().unwrap();
    let o = plandoc(&["parse", d, "--out-dir", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("plandoc：2 个文件：1 个已解析，0 个有警告，0 个失败；跳过 1 个"), "{err}");
    assert!(err.contains(&format!("plandoc：跳过：{}：不是计划通知", dir.join("README.md").display())), "{err}");
    assert!(!out.join("README.json").exists());
    // Export's CSV next to the notices, parse JSON copied beside them, the out folder: all skipped, named.
    let o = plandoc(&["export", "--format", "csv", "--out-dir", d, d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::copy(out.join("seed.json"), dir.join("seed.json")).unwrap();
    let o = plandoc(&["parse", d, "--out-dir", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("plandoc：2 个文件：1 个已解析"), "{err}");
    for (name, why) in [
        ("out", "plandoc 的输出目录（--out-dir）"),
        ("seed.indicators.csv", "plandoc export 写的 CSV"),
        ("seed.json", "plandoc parse 写的 JSON"),
    ] {
        assert!(err.contains(&format!("plandoc：跳过：{}：{why}", dir.join(name).display())), "{name}: {err}");
    }
}

#[test]
fn every_command_reads_parse_json() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(plandoc(&["parse", SEED, "--out-dir", out.to_str().unwrap()]).status.success());
    let j = out.join("000_3011126d5fd8c4d3.json");
    let j = j.to_str().unwrap();
    let from_json = plandoc(&["departments", j]);
    assert_eq!(from_json.status.code(), Some(0), "{}", stderr(&from_json));
    assert_eq!(from_json.stdout, plandoc(&["departments", SEED]).stdout);
    let csv = tmp.path().join("csv");
    let o = plandoc(&["export", "--format", "csv", "--out-dir", csv.to_str().unwrap(), j]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&csv).unwrap().count(), 3);
    assert_eq!(plandoc(&["diff", j, SEED]).status.code(), Some(0));
}

#[test]
fn departments_takes_directories_and_usage_errors_exit_2_everywhere() {
    let o = plandoc(&["departments", "seeds"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("区生态环境局"), "{}", String::from_utf8_lossy(&o.stdout));
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().to_str().unwrap();
    let db = tmp.path().join("x.db");
    for args in [
        vec!["parse", "no/such.txt"],
        vec!["parse", empty],
        vec!["parse", "-", "-"],
        vec!["parse", SEED, "--stem", "x"],
        vec!["parse", "--no-such-flag", SEED],
        vec!["export", "--format", "csv", "no/such.txt"],
        vec!["export", "--format", "sqlite", SEED],
        vec!["export", "--format", "sqlite", "--db", db.to_str().unwrap(), empty],
        vec!["departments", "no/such.txt"],
        vec!["departments", empty],
        vec!["departments"],
        vec!["diff", "no/such.txt", SEED],
        vec!["diff", "seeds", "tests/corpus"],
    ] {
        let o = plandoc(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("os error"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_declaration_repeated_on_a_line_is_one_warning() {
    let text = String::from_utf8(seed()).unwrap().replace("三类工程", "四类工程");
    let o = plandoc_stdin(&["parse", "-", "--stdout"], text.as_bytes());
    let doc = json(&o);
    let d: Vec<&serde_json::Value> =
        doc["diagnostics"].as_array().unwrap().iter().filter(|x| x["code"] == "check.declared_count").collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["message"], "the text declares 4 project categories (\"四类工程\"); the records hold 3");
    assert_eq!(stderr(&o).matches("check.declared_count").count(), 1, "{}", stderr(&o));
}

#[test]
fn export_names_a_failed_file_once_and_a_foreign_database_as_foreign() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("notes.txt");
    std::fs::write(&bad, "只是一段说明文字，不是通知。\n").unwrap();
    let o = plandoc(&[
        "export",
        "--format",
        "csv",
        "--out-dir",
        tmp.path().join("o").to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    // The failure as the summary lists it (indented under "N 个失败").
    let failure =
        err.lines().find(|l| l.starts_with("  ") && l.contains("notes.txt")).unwrap_or_else(|| panic!("{err}"));
    assert_eq!(failure.matches("notes.txt").count(), 1, "{failure}");
    // A SQLite file of another program: a table of its own, user_version 7.
    let db = tmp.path().join("other.db");
    rusqlite::Connection::open(&db).unwrap().execute_batch("CREATE TABLE t(x); PRAGMA user_version = 7;").unwrap();
    let o = plandoc(&["export", "--format", "sqlite", "--db", db.to_str().unwrap(), SEED]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("not a plandoc database: it belongs to another program"), "{err}");
    assert!(!err.contains("another plandoc") && !err.contains("another version"), "{err}");
}
