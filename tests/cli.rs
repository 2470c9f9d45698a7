//! The `plandoc parse` command on good and bad input: messages name the file (and line), exit codes are
//! non-zero for bad input, nothing half-written is left in the output folder, one bad file does not stop a batch.

use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = "seeds/000_3011126d5fd8c4d3.txt";

fn plandoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plandoc")).args(args).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

#[test]
fn parse_seed_to_out_dir_and_stdout() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = plandoc(&["parse", "seeds", "--out-dir", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_in(&out), ["000_3011126d5fd8c4d3.json"]);
    let written = std::fs::read_to_string(out.join("000_3011126d5fd8c4d3.json")).unwrap();
    let o = plandoc(&["parse", SEED, "--stdout"]);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["plan"]["indicators"].as_array().unwrap().len(), 20);
    // Same input, same bytes.
    let again = plandoc(&["parse", SEED, "--stdout"]);
    assert_eq!(o.stdout, again.stdout);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), written);
}

#[test]
fn missing_file_and_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let o = plandoc(&["parse", "no/such/file.txt", "--out-dir", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("plandoc：错误：no/such/file.txt：不存在"), "{}", stderr(&o));
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = plandoc(&["parse", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("没有找到通知文件"), "{}", stderr(&o));
    let o = plandoc(&["parse", empty.to_str().unwrap(), "--lang", "en"]);
    assert!(stderr(&o).contains("plandoc: error: ") && stderr(&o).contains("no notice files found"), "{}", stderr(&o));
}

#[test]
fn bad_files_fail_clearly_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let seed = std::fs::read(SEED).unwrap();
    std::fs::write(input.join("a_empty.txt"), b"").unwrap();
    std::fs::write(input.join("b_binary.txt"), b"PK\x03\x04\x00\x00\x00binary\x00zip").unwrap();
    // Cut inside the last project row: the table ends mid-row.
    let cut = seed.len() - 120;
    let cut = (0..4).map(|k| cut - k).find(|&c| std::str::from_utf8(&seed[..c]).is_ok()).unwrap();
    std::fs::write(input.join("c_truncated_row.txt"), &seed[..cut]).unwrap();
    // Cut inside a UTF-8 character.
    let mut mid = seed[..seed.len() / 2].to_vec();
    while std::str::from_utf8(&mid).is_ok() {
        mid.pop();
    }
    std::fs::write(input.join("d_truncated_char.txt"), &mid).unwrap();
    std::fs::write(input.join("e_good.txt"), &seed).unwrap();
    let out = tmp.path().join("out");
    let o = plandoc(&["parse", input.to_str().unwrap(), "--out-dir", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("a_empty.txt：空文件"), "{err}");
    assert!(err.contains("b_binary.txt：文件无法读取：a damaged zip archive"), "{err}");
    assert!(err.contains("c_truncated_row.txt:"), "{err}");
    assert!(err.contains("looks truncated"), "{err}");
    // Decoded as UTF-8 (not taken for GB18030 by byte statistics) and reported as cut off, with its line.
    let d = err.lines().find(|l| l.contains("d_truncated_char.txt:") && l.contains("error")).unwrap_or_default();
    assert!(d.contains("ends inside a UTF-8 character") && d.contains("[input.truncated]"), "{err}");
    // The good file in the same batch is written; nothing else, and no temporary file is left.
    assert_eq!(files_in(&out), ["e_good.json"]);
}

#[test]
fn truncated_row_names_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(SEED).unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    // Keep the text up to the name of the last project: its row stops after 3 of 7 cells.
    let keep = lines.iter().rposition(|l| l.contains("下窝头镇稻蟹综合种养示范基地建设")).unwrap() + 1;
    let path = tmp.path().join("cut.txt");
    std::fs::write(&path, lines[..keep].join("\n")).unwrap();
    let o = plandoc(&["parse", path.to_str().unwrap(), "--stdout"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains(&format!("cut.txt:{keep}: error: the text ends inside a table row")), "{}", stderr(&o));
}

#[test]
fn size_limit_is_checked_before_reading() {
    let o = plandoc(&["parse", SEED, "--stdout", "--max-bytes", "1000"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("超过 1000 字节的上限"), "{}", stderr(&o));
}

#[test]
fn stdout_takes_one_file() {
    let o = plandoc(&["parse", "tests/corpus", "--stdout"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--stdout 只接受一个通知"), "{}", stderr(&o));
}
