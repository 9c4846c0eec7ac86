//! The spreadsheets unions keep (members, organizations): a CSV text with a header row, read
//! column by column, every problem located by its line; and CSV written back for export. What a
//! row's values mean (and whether an organization exists) is for the caller.

use serde::Serialize;

/// One problem in a CSV file. `key` is a Fluent message id taking `$line`, `$column`, `$value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Problem {
    /// 1 is the header line.
    pub line: u64,
    pub column: Option<String>,
    #[serde(rename = "error")]
    pub key: &'static str,
    pub value: Option<String>,
}

impl Problem {
    pub fn new(line: u64, key: &'static str) -> Self {
        Self {
            line,
            column: None,
            key,
            value: None,
        }
    }
    pub fn column(mut self, column: &str) -> Self {
        self.column = Some(column.to_string());
        self
    }
    pub fn value(mut self, value: &str) -> Self {
        self.value = Some(value.chars().take(80).collect());
        self
    }
}

/// Whether a text looks already mis-decoded: it holds the replacement character (bytes that were
/// not UTF-8, as in "Jos\u{FFFD} P\u{FFFD}rez"), or UTF-8 read as Latin-1 / Windows-1252
/// ("MarÃ\u{AD}a", "CompaÃ±ero"): a lead `Â`..`ß` followed by what a continuation byte looks like
/// there.
pub fn looks_mis_decoded(text: &str) -> bool {
    const CP1252_CONTINUATIONS: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{FFFD}' {
            return true;
        }
        if ('\u{C2}'..='\u{DF}').contains(&c)
            && let Some(&next) = chars.peek()
            && (('\u{80}'..='\u{BF}').contains(&next) || CP1252_CONTINUATIONS.contains(next))
        {
            return true;
        }
    }
    false
}

/// A warning for every value of `rows` that [`looks_mis_decoded`], naming its line and column
/// (`csv-warning-mis-decoded`). Warnings do not stop an import: the person decides.
pub fn mis_decoded(rows: &[Row], columns: &[Column]) -> Vec<Problem> {
    let mut out = Vec::new();
    for row in rows {
        for (i, v) in row.values.iter().enumerate() {
            if let Some(v) = v
                && looks_mis_decoded(v)
            {
                let name = columns.get(i).map_or("", |c| c.name);
                out.push(
                    Problem::new(row.line, "csv-warning-mis-decoded")
                        .column(name)
                        .value(v),
                );
            }
        }
    }
    out
}

/// A column the file may have: its canonical name, other accepted headers, whether required.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// A data row: its line and one value per [`Column`] (trimmed; `None` when absent or empty).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub values: Vec<Option<String>>,
}

impl Row {
    pub fn get(&self, i: usize) -> Option<&str> {
        self.values.get(i).and_then(|v| v.as_deref())
    }
}

/// The text with line breaks made `\n` and a leading byte-order mark removed: browsers send
/// `\r\n`, spreadsheets write either. (An import's digest is taken over this form.)
pub fn normalize(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.replace("\r\n", "\n").replace('\r', "\n")
}

fn header_key(h: &str) -> String {
    h.trim()
        .to_lowercase()
        .replace(['á', 'à'], "a")
        .replace('é', "e")
        .replace('í', "i")
        .replace('ó', "o")
        .replace('ú', "u")
        .replace([' ', '-'], "_")
}

/// At most this many data rows per file: a national federation's register (the miners had 60,000
/// members; a peasant confederation far more) fits in one file.
pub const MAX_ROWS: usize = 250_000;

/// Reads `text` against `columns`: the rows, and the problems of structure (unknown, missing or
/// repeated columns, rows with the wrong number of fields, unreadable lines, values too long).
/// Comma or semicolon separated (semicolon when the header has one and no comma).
pub fn read(text: &str, columns: &[Column]) -> (Vec<Row>, Vec<Problem>) {
    let text = normalize(text);
    let mut problems = Vec::new();
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') && !first.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    // The reader's own line count skips blank lines; count from the byte offset instead.
    let breaks: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |pos: Option<&csv::Position>| -> u64 {
        let mut byte = pos.map(|p| p.byte() as usize).unwrap_or(0);
        // A record's position is where reading began: before any blank lines it skipped.
        while text.as_bytes().get(byte) == Some(&b'\n') {
            byte += 1;
        }
        breaks.partition_point(|&i| i < byte) as u64 + 1
    };
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            let line = line_of(e.position());
            return (Vec::new(), vec![Problem::new(line, "csv-error-unreadable")]);
        }
        None => return (Vec::new(), vec![Problem::new(1, "csv-error-empty")]),
    };
    let mut map: Vec<Option<usize>> = Vec::with_capacity(header.len());
    let mut seen = vec![false; columns.len()];
    for h in header.iter() {
        let key = header_key(h);
        let found = columns
            .iter()
            .position(|c| c.name == key || c.aliases.contains(&key.as_str()));
        match found {
            Some(i) if seen[i] => {
                problems.push(
                    Problem::new(1, "csv-error-column-repeated")
                        .column(columns[i].name)
                        .value(h),
                );
                map.push(None);
            }
            Some(i) => {
                seen[i] = true;
                map.push(Some(i));
            }
            None => {
                problems.push(Problem::new(1, "csv-error-column-unknown").value(h));
                map.push(None);
            }
        }
    }
    for (i, c) in columns.iter().enumerate() {
        if c.required && !seen[i] {
            problems.push(Problem::new(1, "csv-error-column-missing").column(c.name));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                problems.push(Problem::new(line, "csv-error-unreadable"));
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            problems.push(Problem::new(line, "csv-error-too-many-rows"));
            break;
        }
        if record.len() != header.len() {
            problems.push(Problem::new(line, "csv-error-field-count").value(&format!(
                "{}/{}",
                record.len(),
                header.len()
            )));
            continue;
        }
        let mut values = vec![None; columns.len()];
        for (field, target) in record.iter().zip(&map) {
            if let Some(i) = target
                && !field.is_empty()
            {
                if field.chars().count() > 200 {
                    problems
                        .push(Problem::new(line, "csv-error-too-long").column(columns[*i].name));
                } else {
                    values[*i] = Some(field.to_string());
                }
            }
        }
        for (i, c) in columns.iter().enumerate() {
            if c.required && seen[i] && values[i].is_none() {
                problems.push(Problem::new(line, "csv-error-required").column(c.name));
            }
        }
        rows.push(Row { line, values });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(Problem::new(1, "csv-error-empty"));
    }
    (rows, problems)
}

/// A CSV text from a header and rows (quoted as needed). A cell that a spreadsheet would take
/// for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) is written with a
/// leading `'`, so that opening an export never runs what someone typed as a name.
pub fn write(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r.iter().map(|cell| defuse_formula(cell).into_owned()));
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let negative_number = cell.starts_with('-') && cell[1..].parse::<f64>().is_ok();
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !negative_number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mis_decoded_text_is_recognized() {
        for bad in [
            "Jos\u{FFFD} P\u{FFFD}rez",
            "MarÃ\u{AD}a",
            "CompaÃ±ero",
            "JosÃ©",
            "NÂ°",
        ] {
            assert!(looks_mis_decoded(bad), "{bad}");
        }
        for good in [
            "José Pérez",
            "María",
            "Compañero",
            "ÑANDÚ",
            "Ángel Ávila",
            "Ãngel",
        ] {
            assert!(!looks_mis_decoded(good), "{good}");
        }
    }

    #[test]
    fn exports_defuse_spreadsheet_formulas() {
        let text = write(
            &["name", "n"],
            &[
                vec!["=HYPERLINK(\"x\")".into(), "-3".into()],
                vec!["@SUM(A1)".into(), "Ana".into()],
            ],
        );
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        assert!(text.contains(",-3"), "{text}");
        assert!(text.contains("'@SUM(A1)"), "{text}");
    }

    const COLS: &[Column] = &[
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
            name: "email",
            aliases: &[],
            required: false,
        },
    ];

    #[test]
    fn reads_rows_with_lines_and_aliases() {
        let (rows, problems) = read(
            "\u{feff}Número;Nombre\r\n1;Juana\r\n\r\n2;\"Pedro; hijo\"\r\n",
            COLS,
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].get(1), Some("Pedro; hijo"));
    }

    #[test]
    fn names_every_structural_problem() {
        let (_, problems) = read("member_number,colour\n1,red\n2\n", COLS);
        let keys: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.key)).collect();
        assert_eq!(
            keys,
            [
                (1, "csv-error-column-unknown"),
                (1, "csv-error-column-missing"),
                (3, "csv-error-field-count")
            ]
        );
        let (_, problems) = read("member_number,name\n1,\n", COLS);
        assert_eq!(problems[0].key, "csv-error-required");
        assert_eq!(problems[0].line, 2);
        let (_, problems) = read("", COLS);
        assert_eq!(problems[0].key, "csv-error-empty");
    }

    #[test]
    fn line_breaks_are_normalized_and_cells_quoted() {
        assert_eq!(normalize("\u{feff}a,b\r\n1,2\r3\n"), "a,b\n1,2\n3\n");
        let out = write(&["a", "b"], &[vec!["x,y".into(), "z".into()]]);
        assert_eq!(out, "a,b\n\"x,y\",z\n");
    }
}
