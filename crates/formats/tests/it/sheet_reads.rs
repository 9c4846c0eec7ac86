//! The registry's CSV reader returns rows and located problems for any text, never panics, and
//! reads back exactly what its writer wrote.

use asamblea_formats::sheet::{Column, MAX_ROWS, normalize, read, write};
use proptest::prelude::*;

const COLUMNS: &[Column] = &[
    Column {
        name: "member_number",
        aliases: &["numero", "nro"],
        required: true,
    },
    Column {
        name: "name",
        aliases: &["nombre"],
        required: true,
    },
    Column {
        name: "phone",
        aliases: &["telefono"],
        required: false,
    },
];

/// Every row and problem points at a line of the text; rows come in file order.
fn check_lines(text: &str) -> Result<(), TestCaseError> {
    let (rows, problems) = read(text, COLUMNS);
    let last_line = normalize(text).split('\n').count() as u64;
    for p in &problems {
        prop_assert!(
            p.line >= 1 && p.line <= last_line,
            "{p:?} of {last_line} lines"
        );
    }
    prop_assert!(rows.len() <= MAX_ROWS);
    for pair in rows.windows(2) {
        prop_assert!(pair[0].line < pair[1].line, "{:?}", rows);
    }
    for r in &rows {
        prop_assert!(r.line >= 2 && r.line <= last_line);
        prop_assert_eq!(r.values.len(), COLUMNS.len());
    }
    Ok(())
}

/// A cell as a person would type it: no surrounding blanks (the reader trims), not empty, and
/// not starting like a formula (the writer defuses those with a leading `'`).
fn cell() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9ñáÑ,;\"' \n]{1,24}".prop_filter_map("a typed cell", |s| {
        let t = s.trim();
        (!t.is_empty()).then(|| t.to_string())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn any_text_gets_rows_or_located_problems(text in "\\PC*") {
        check_lines(&text)?;
    }

    #[test]
    fn spreadsheet_like_text_gets_rows_or_located_problems(
        header in "(member_number|numero|nombre|name|phone|x|;|,| |\"){0,8}",
        lines in prop::collection::vec("[0-9a-z ,;\"\r\n]{0,16}", 0..12),
    ) {
        check_lines(&format!("{header}\n{}", lines.join("\n")))?;
    }

    #[test]
    fn what_is_written_reads_back(rows in prop::collection::vec(
        (cell(), cell(), cell()), 1..20,
    )) {
        let rows: Vec<Vec<String>> = rows.into_iter().map(|(a, b, c)| vec![a, b, c]).collect();
        let text = write(&["member_number", "name", "phone"], &rows);
        let (read_rows, problems) = read(&text, COLUMNS);
        prop_assert!(problems.is_empty(), "{problems:?}\n{text}");
        let values: Vec<Vec<String>> = read_rows
            .iter()
            .map(|r| r.values.iter().map(|v| v.clone().unwrap_or_default()).collect())
            .collect();
        prop_assert_eq!(values, rows);
    }
}
