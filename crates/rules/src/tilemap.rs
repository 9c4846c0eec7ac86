//! A tile-grid map: one square per region at a column and row, coloured by a share, as SVG
//! text. The regions come from a small CSV file shipped in the repository (`code,name,col,row`,
//! `#` comments); [`BOLIVIA`] is the nine departments of Bolivia. Pure: the caller gives the
//! text and the values.

use std::collections::BTreeSet;
use std::fmt::Write;

/// The nine departments of Bolivia (`data/bolivia-departments.csv`). A missing file fails the
/// build; a malformed one fails this crate's tests ([`parse`]).
pub const BOLIVIA: &str = include_str!("../data/bolivia-departments.csv");

/// One square of the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// A short code drawn on the square (e.g. `LP`).
    pub code: String,
    /// The region's name, as the registry writes it (e.g. `La Paz`).
    pub name: String,
    pub col: u32,
    pub row: u32,
}

/// A line of the file that is not a tile, with its (1-based) number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for TileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TileError {}

/// The largest column or row a map may use.
pub const MAX_CELL: u32 = 16;

/// Reads a tile file: a header `code,name,col,row`, then one tile per line; codes, names and
/// cells unique; cells within `0..=MAX_CELL`; at least one tile.
pub fn parse(text: &str) -> Result<Vec<Tile>, TileError> {
    let mut tiles: Vec<Tile> = Vec::new();
    let mut header = false;
    let (mut codes, mut names, mut cells) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let err = |message: &str| TileError {
            line,
            message: message.to_string(),
        };
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = l.split(',').map(str::trim).collect();
        if !header {
            if fields != ["code", "name", "col", "row"] {
                return Err(err("expected the header code,name,col,row"));
            }
            header = true;
            continue;
        }
        let [code, name, col, row] = fields[..] else {
            return Err(err("expected 4 fields: code,name,col,row"));
        };
        if code.is_empty() || name.is_empty() {
            return Err(err("empty code or name"));
        }
        let cell = |s: &str| {
            s.parse::<u32>()
                .ok()
                .filter(|&n| n <= MAX_CELL)
                .ok_or_else(|| {
                    err(&format!(
                        "expected a column/row 0..={MAX_CELL}, found {s:?}"
                    ))
                })
        };
        let (col, row) = (cell(col)?, cell(row)?);
        if !codes.insert(code.to_string()) || !names.insert(name.to_string()) {
            return Err(err("a code or name given twice"));
        }
        if !cells.insert((col, row)) {
            return Err(err("two tiles on the same cell"));
        }
        tiles.push(Tile {
            code: code.to_string(),
            name: name.to_string(),
            col,
            row,
        });
    }
    if tiles.is_empty() {
        return Err(TileError {
            line: text.lines().count(),
            message: "no tiles".into(),
        });
    }
    Ok(tiles)
}

/// What a square shows: a share in thousandths (`None`: nothing reported) and a short label
/// (e.g. `62 %`), with the longer text for its `<title>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TileValue {
    pub permille: Option<u32>,
    pub label: String,
    pub title: String,
}

const CELL: u32 = 84;
const GAP: u32 = 6;

/// The colour of a share: five steps from pale to dark red; grey for no report.
pub fn colour(permille: Option<u32>) -> &'static str {
    match permille {
        None => "#d9d9d9",
        Some(p) if p < 200 => "#fde0dd",
        Some(p) if p < 400 => "#fa9fb5",
        Some(p) if p < 600 => "#f768a1",
        Some(p) if p < 800 => "#c51b8a",
        Some(_) => "#7a0177",
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The map as SVG: `values[i]` is drawn on `tiles[i]` (missing values are grey). Scales to its
/// container through its `viewBox`; `label` names the whole drawing for screen readers.
pub fn svg(tiles: &[Tile], values: &[TileValue], label: &str) -> String {
    let cols = tiles.iter().map(|t| t.col).max().unwrap_or(0) + 1;
    let rows = tiles.iter().map(|t| t.row).max().unwrap_or(0) + 1;
    let (w, h) = (cols * (CELL + GAP), rows * (CELL + GAP));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{}" class="tilemap">"#,
        escape(label)
    );
    let none = TileValue::default();
    for (i, t) in tiles.iter().enumerate() {
        let v = values.get(i).unwrap_or(&none);
        let (x, y) = (t.col * (CELL + GAP), t.row * (CELL + GAP));
        let fill = colour(v.permille);
        let ink = if v.permille.is_some_and(|p| p >= 600) {
            "#ffffff"
        } else {
            "#222222"
        };
        let _ = write!(
            s,
            r#"<g data-department="{name}"><title>{title}</title><rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="6" fill="{fill}"/><text x="{cx}" y="{ty}" text-anchor="middle" font-size="20" font-weight="bold" fill="{ink}">{code}</text><text x="{cx}" y="{ly}" text-anchor="middle" font-size="15" fill="{ink}">{label}</text></g>"#,
            name = escape(&t.name),
            title = escape(if v.title.is_empty() {
                &t.name
            } else {
                &v.title
            }),
            cx = x + CELL / 2,
            ty = y + CELL / 2 - 4,
            ly = y + CELL / 2 + 20,
            code = escape(&t.code),
            label = escape(&v.label),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_has_the_nine_departments_of_bolivia() {
        let tiles = parse(BOLIVIA).expect("data/bolivia-departments.csv is a valid tile file");
        let mut names: Vec<&str> = tiles.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "Beni",
                "Chuquisaca",
                "Cochabamba",
                "La Paz",
                "Oruro",
                "Pando",
                "Potosí",
                "Santa Cruz",
                "Tarija"
            ]
        );
    }

    #[test]
    fn malformed_files_are_refused_with_their_line() {
        assert_eq!(parse("").unwrap_err().message, "no tiles");
        assert_eq!(parse("a,b\n").unwrap_err().line, 1);
        let dup = "code,name,col,row\nA,Uno,0,0\nB,Dos,0,0\n";
        assert_eq!(parse(dup).unwrap_err().line, 3);
        let bad = "code,name,col,row\nA,Uno,x,0\n";
        assert_eq!(parse(bad).unwrap_err().line, 2);
        let far = "code,name,col,row\nA,Uno,99,0\n";
        assert!(parse(far).is_err());
        let short = "code,name,col,row\nA,Uno,1\n";
        assert!(parse(short).is_err());
        let twice = "code,name,col,row\nA,Uno,0,0\nA,Dos,1,0\n";
        assert!(parse(twice).is_err());
    }

    #[test]
    fn the_drawing_names_each_department_and_escapes_text() {
        let tiles = parse(BOLIVIA).unwrap();
        let mut values = vec![TileValue::default(); tiles.len()];
        values[0] = TileValue {
            permille: Some(900),
            label: "90 %".into(),
            title: "<Pando> 90 %".into(),
        };
        let svg = svg(&tiles, &values, "Adhesión");
        assert_eq!(svg.matches("<rect").count(), 9);
        assert!(svg.contains("&lt;Pando&gt; 90 %"));
        assert!(svg.contains(colour(Some(900))));
        assert!(svg.contains(r#"data-department="Potosí""#));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
