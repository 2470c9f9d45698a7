//! Fuzz target: any bytes → `plandoc::parse_bytes` and the JSON writers; libFuzzer reports any panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = plandoc::parse_bytes(data, "fuzz.txt") {
        let _ = plandoc::output::to_json(&doc);
        let _ = plandoc::batch::to_json_line(&doc);
    }
});
