//! Fuzz target: any bytes, named as any format plandoc reads (the first byte picks the extension; the readers
//! also choose by magic bytes) → `plandoc::parse_bytes` and the JSON writers; libFuzzer reports any panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["fuzz.txt", "fuzz.docx", "fuzz.html", "fuzz.xlsx", "fuzz.pdf", "fuzz.xls"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    if let Ok(doc) = plandoc::parse_bytes(rest, name) {
        let _ = plandoc::output::to_json(&doc);
        let _ = plandoc::batch::to_json_line(&doc);
    }
});
