//! The registry's CSV reader (members and organizations) returns rows and problems for any
//! input, never panics, and every row and problem it names is a line of the file.
#![no_main]

use asamblea_formats::sheet::{Column, normalize, read};
use libfuzzer_sys::fuzz_target;

const COLUMNS: &[Column] = &[
    Column {
        name: "member_number",
        aliases: &["numero"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "organization",
        aliases: &["organizacion"],
        required: false,
    },
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rows, problems) = read(text, COLUMNS);
    let last_line = normalize(text).split('\n').count() as u64;
    for p in &problems {
        assert!(p.line >= 1 && p.line <= last_line, "{p:?} of {last_line}");
    }
    for pair in rows.windows(2) {
        assert!(pair[0].line < pair[1].line);
    }
    for r in &rows {
        assert!(r.line >= 2 && r.line <= last_line);
    }
});
