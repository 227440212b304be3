//! Fuzz the workbook reader (`.xlsx`, `.ods`, `.xls` through `calamine`): any bytes must give
//! papers or an error, never a panic. Seeds: `tests/data/reading-list.{xlsx,ods,xls}` (copy
//! them into `fuzz/corpus/parse_workbook/`; run with `-max_len=65536`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use readnext::corpus::{fold, workbook};
use std::path::Path;

fuzz_target!(
    init: {
        // A panic the reader catches (`workbook::in_reader`) is no crash: libFuzzer's hook
        // aborts on every panic, so it is told only of the others.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !workbook::in_reader() {
                fuzzer_hook(info);
            }
        }));
    },
    |data: &[u8]| {
    if let Ok((entries, _)) = workbook::parse(Path::new("fuzz.xlsx"), data) {
        let _ = fold(entries);
    }
});
