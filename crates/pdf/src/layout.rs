//! From the document model to positioned drawing operations, page by page.

use crate::font::font;
use crate::page::{
    FOOTER_BASELINE, HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, TEXT_WIDTH, WIDTH,
};
use crate::text::prepare;
use crate::{Block, ColumnWidths, Document, Table};

/// One drawing operation; coordinates in points from the bottom-left corner of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// A line of text with its baseline starting at (x, y). Every character has a glyph in the
    /// font (the text went through [`prepare`]) and none is a line break.
    Text {
        x: f32,
        y: f32,
        bold: bool,
        size: f32,
        gray: f32,
        text: String,
    },
    /// A straight stroke.
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        gray: f32,
    },
    /// A filled rectangle (x, y is its bottom-left corner).
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
}

/// A text style: font, size, line height and gray level (0 black, 1 white).
#[derive(Debug, Clone, Copy)]
struct Style {
    bold: bool,
    size: f32,
    leading: f32,
    gray: f32,
}

const TITLE: Style = Style {
    bold: true,
    size: 16.0,
    leading: 20.0,
    gray: 0.0,
};
const META: Style = Style {
    bold: false,
    size: 9.0,
    leading: 12.0,
    gray: 0.3,
};
const BODY: Style = Style {
    bold: false,
    size: 10.0,
    leading: 13.5,
    gray: 0.0,
};
const CELL: Style = Style {
    bold: false,
    size: 9.0,
    leading: 11.5,
    gray: 0.0,
};
const FOOTER: Style = Style {
    bold: false,
    size: 8.0,
    leading: 10.0,
    gray: 0.35,
};

fn heading_style(level: u8) -> (Style, f32) {
    // (style, space before)
    match level {
        0 | 1 => (
            Style {
                bold: true,
                size: 13.0,
                leading: 17.0,
                gray: 0.0,
            },
            12.0,
        ),
        2 => (
            Style {
                bold: true,
                size: 11.5,
                leading: 15.0,
                gray: 0.0,
            },
            9.0,
        ),
        _ => (
            Style {
                bold: true,
                size: 10.0,
                leading: 13.5,
                gray: 0.0,
            },
            6.0,
        ),
    }
}

/// Space after a paragraph, a key-value list or a table.
const BLOCK_GAP: f32 = 6.0;
/// Space after a heading.
const HEADING_GAP: f32 = 3.0;
/// Horizontal and vertical padding inside table cells.
const CELL_PAD_X: f32 = 3.5;
const CELL_PAD_Y: f32 = 2.5;
/// Space between a label and its value in a key-value list.
const KEY_GAP: f32 = 10.0;
/// The narrowest column [`ColumnWidths::Relative`] may give: padding and two wide characters.
const MIN_COLUMN: f32 = 2.0 * CELL_PAD_X + 2.0 * 10.0;
/// The largest share of the text width a key-value list gives its labels.
const KEY_MAX_SHARE: f32 = 0.4;
const GRID_GRAY: f32 = 0.55;
const HEADER_FILL: f32 = 0.9;
const RULE_GRAY: f32 = 0.5;

const TOP: f32 = HEIGHT - MARGIN_TOP;
const BOTTOM: f32 = MARGIN_BOTTOM;
const CONTENT_HEIGHT: f32 = TOP - BOTTOM;
/// Tolerance for comparisons of lengths in points.
const EPS: f32 = 1e-3;

/// Lays the document out; returns the operations of each page (at least one page), footers
/// included.
pub(crate) fn layout(doc: &Document) -> Vec<Vec<Op>> {
    let mut l = Layout::new();
    l.lines(
        &wrap(&set(&doc.title, TITLE), TITLE, TEXT_WIDTH),
        MARGIN_X,
        TITLE,
    );
    if !doc.meta.is_empty() {
        l.gap(3.0);
        for m in &doc.meta {
            l.lines(&wrap(&set(m, META), META, TEXT_WIDTH), MARGIN_X, META);
        }
    }
    l.gap(6.0);
    l.rule();
    l.gap(4.0);
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => l.heading(*level, text),
            Block::Paragraph(text) => {
                l.lines(&wrap(&set(text, BODY), BODY, TEXT_WIDTH), MARGIN_X, BODY);
                l.gap(BLOCK_GAP);
            }
            Block::KeyValue(rows) => {
                l.key_values(rows);
                l.gap(BLOCK_GAP);
            }
            Block::Table(table) => {
                l.table(table);
                l.gap(BLOCK_GAP + 2.0);
            }
            Block::Rule => {
                // A rule at the top of a page separates nothing.
                l.gap(4.0);
                if !l.at_top() {
                    l.rule();
                    l.gap(8.0);
                }
            }
        }
    }
    let mut pages = l.pages;
    let total = pages.len();
    let footer = doc.footer.as_deref().map(|f| set(f, FOOTER));
    for (i, page) in pages.iter_mut().enumerate() {
        footer_ops(page, i + 1, total, footer.as_deref());
    }
    pages
}

/// "n / N" at the right, the footer text (shortened to fit) at the left.
fn footer_ops(page: &mut Vec<Op>, n: usize, total: usize, text: Option<&str>) {
    let number = format!("{n} / {total}");
    let number_w = width(&number, FOOTER);
    if let Some(text) = text {
        let one_line = text.replace('\n', " ");
        let room = TEXT_WIDTH - number_w - 24.0;
        let shown = shorten(&one_line, FOOTER, room);
        if !shown.is_empty() {
            page.push(text_op(MARGIN_X, FOOTER_BASELINE, FOOTER, shown));
        }
    }
    page.push(text_op(
        WIDTH - MARGIN_X - number_w,
        FOOTER_BASELINE,
        FOOTER,
        number,
    ));
}

/// The text as it is set in `style`'s font (see [`prepare`]).
fn set(text: &str, style: Style) -> String {
    prepare(text, style.bold)
}

/// The width of prepared text (on one line) in points.
fn width(text: &str, style: Style) -> f32 {
    let f = font(style.bold);
    f.units(text) as f32 * style.size / f.units_per_em() as f32
}

/// `text` cut to fit `room` points, with "…" where it was cut.
fn shorten(text: &str, style: Style, room: f32) -> String {
    if width(text, style) <= room + EPS {
        return text.to_string();
    }
    let f = font(style.bold);
    let max = max_units(style, room).saturating_sub(f.advance('…'));
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = f.advance(c);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out.push('…');
    out
}

fn text_op(x: f32, y: f32, style: Style, text: String) -> Op {
    Op::Text {
        x,
        y,
        bold: style.bold,
        size: style.size,
        gray: style.gray,
        text,
    }
}

/// The width available, in units of the style's font.
fn max_units(style: Style, max_width: f32) -> u32 {
    let upem = font(style.bold).units_per_em() as f32;
    let u = (max_width.max(0.0) * upem / style.size + EPS).floor();
    u as u32
}

/// Wraps prepared text into lines no wider than `max_width` at spaces; a word wider than a line
/// is broken between characters (a single character wider than the line stands alone; a
/// zero-width character such as a combining accent stays with the one before it). `\n` is a
/// hard break; runs of spaces collapse to one and lines carry no spaces at either end.
/// Returns at least one (possibly empty) line.
fn wrap(text: &str, style: Style, max_width: f32) -> Vec<String> {
    let f = font(style.bold);
    let max = max_units(style, max_width);
    let space = f.advance(' ');
    let mut out = Vec::new();
    for hard in text.split('\n') {
        let mut line = String::new();
        let mut used = 0u32;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = f.units(word);
            let sep = if line.is_empty() { 0 } else { space };
            if used + sep + w <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                used += sep + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            if w <= max {
                line.push_str(word);
                used = w;
                continue;
            }
            for c in word.chars() {
                let cw = f.advance(c);
                if !line.is_empty() && cw > 0 && used + cw > max {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// The width of the widest word and of the widest hard line of prepared text, in points.
fn natural_widths(text: &str, style: Style) -> (f32, f32) {
    let f = font(style.bold);
    let space = f.advance(' ');
    let mut word_max = 0u32;
    let mut line_max = 0u32;
    for hard in text.split('\n') {
        let mut line = 0u32;
        let mut first = true;
        for word in hard.split(' ').filter(|w| !w.is_empty()) {
            let w = f.units(word);
            word_max = word_max.max(w);
            line += w + if first { 0 } else { space };
            first = false;
        }
        line_max = line_max.max(line);
    }
    let k = style.size / f.units_per_em() as f32;
    (word_max as f32 * k, line_max as f32 * k)
}

/// A grid of cells: a table, or a key-value list (a table without lines).
struct Grid {
    /// Left edge of the first column.
    x: f32,
    widths: Vec<f32>,
    pad_x: f32,
    pad_y: f32,
    lines: bool,
    style: Style,
    /// Columns set in bold in the body rows.
    bold_columns: Vec<bool>,
    /// The header row, wrapped: per cell, its lines.
    header: Option<Vec<Vec<String>>>,
    rows: Vec<Vec<Vec<String>>>,
}

struct Layout {
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    fn remaining(&self) -> f32 {
        self.y - BOTTOM
    }

    fn at_top(&self) -> bool {
        self.y >= TOP - EPS
    }

    /// Vertical space; none at the top of a page, and a page break if it does not fit.
    fn gap(&mut self, h: f32) {
        if self.at_top() {
            return;
        }
        if self.remaining() < h {
            self.new_page();
        } else {
            self.y -= h;
        }
    }

    /// The baseline of a line of `style` whose line box starts at `top`.
    fn baseline(top: f32, style: Style) -> f32 {
        // Centre the capitals (cap height 0.718 em) in the line box.
        top - style.leading / 2.0 - 0.359 * style.size
    }

    /// Lines of text at `x`, breaking pages between lines.
    fn lines(&mut self, lines: &[String], x: f32, style: Style) {
        for line in lines {
            if self.remaining() + EPS < style.leading {
                self.new_page();
            }
            let y = Self::baseline(self.y, style);
            if !line.is_empty() {
                self.ops().push(text_op(x, y, style, line.clone()));
            }
            self.y -= style.leading;
        }
    }

    fn rule(&mut self) {
        let y = self.y;
        self.ops().push(Op::Line {
            x1: MARGIN_X,
            y1: y,
            x2: WIDTH - MARGIN_X,
            y2: y,
            width: 0.5,
            gray: RULE_GRAY,
        });
    }

    fn heading(&mut self, level: u8, text: &str) {
        let (style, before) = heading_style(level);
        let lines = wrap(&set(text, style), style, TEXT_WIDTH);
        self.gap(before);
        // Keep the heading with at least three lines of what follows.
        let need = lines.len() as f32 * style.leading + HEADING_GAP + 3.0 * BODY.leading;
        if !self.at_top() && self.remaining() < need.min(CONTENT_HEIGHT) {
            self.new_page();
        }
        self.lines(&lines, MARGIN_X, style);
        self.gap(HEADING_GAP);
    }

    fn key_values(&mut self, rows: &[(String, String)]) {
        if rows.is_empty() {
            return;
        }
        let style = BODY;
        let key_style = Style {
            bold: true,
            ..style
        };
        let pad_x = KEY_GAP / 2.0;
        let keys: Vec<String> = rows.iter().map(|(k, _)| set(k, key_style)).collect();
        let widest = keys
            .iter()
            .map(|k| natural_widths(k, key_style).1)
            .fold(0.0f32, f32::max);
        let key_w = (widest + 2.0 * pad_x).min(KEY_MAX_SHARE * TEXT_WIDTH + 2.0 * pad_x);
        // The padding lies outside the text width, so labels and values align with paragraphs.
        let value_w = TEXT_WIDTH + 2.0 * pad_x - key_w;
        let grid_rows = rows
            .iter()
            .zip(keys)
            .map(|((_, v), k)| {
                vec![
                    wrap(&k, key_style, key_w - 2.0 * pad_x),
                    wrap(&set(v, style), style, value_w - 2.0 * pad_x),
                ]
            })
            .collect();
        self.grid(Grid {
            x: MARGIN_X - pad_x,
            widths: vec![key_w, value_w],
            pad_x,
            pad_y: 1.0,
            lines: false,
            style,
            bold_columns: vec![true, false],
            header: None,
            rows: grid_rows,
        });
    }

    fn table(&mut self, table: &Table) {
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .chain([table.header.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let style = CELL;
        let header_style = Style {
            bold: true,
            ..style
        };
        let cell =
            |row: &[String], c: usize, s: Style| row.get(c).map(|t| set(t, s)).unwrap_or_default();
        let header: Option<Vec<String>> = (!table.header.is_empty()).then(|| {
            (0..columns)
                .map(|c| cell(&table.header, c, header_style))
                .collect()
        });
        let rows: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|r| (0..columns).map(|c| cell(r, c, style)).collect())
            .collect();
        let widths = match &table.widths {
            ColumnWidths::Relative(weights)
                if weights.len() == columns
                    && weights.iter().all(|w| w.is_finite() && *w > 0.0)
                    && weights.iter().sum::<f32>().is_finite() =>
            {
                let sum: f32 = weights.iter().sum();
                let widths: Vec<f32> = weights.iter().map(|w| TEXT_WIDTH * w / sum).collect();
                if widths.iter().all(|w| *w >= MIN_COLUMN) {
                    widths
                } else {
                    auto_widths(header.as_deref(), &rows, columns, style)
                }
            }
            _ => auto_widths(header.as_deref(), &rows, columns, style),
        };
        let wrap_row = |cells: &[String], s: Style| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(text, w)| wrap(text, s, w - 2.0 * CELL_PAD_X))
                .collect()
        };
        let header = header.map(|h| wrap_row(&h, header_style));
        let rows = rows.iter().map(|r| wrap_row(r, style)).collect();
        self.grid(Grid {
            x: MARGIN_X,
            widths,
            pad_x: CELL_PAD_X,
            pad_y: CELL_PAD_Y,
            lines: true,
            style,
            bold_columns: vec![false; columns],
            header,
            rows,
        });
    }

    /// Lays out a grid row by row. A row that fits on a page is never split: it moves to the
    /// next page if it does not fit on this one. A taller row is split between lines. The header
    /// is repeated on each new page, unless it is itself taller than a third of a page (then it
    /// is laid out once, like a row).
    fn grid(&mut self, g: Grid) {
        let row_height = |lines: usize| lines as f32 * g.style.leading + 2.0 * g.pad_y;
        let (repeated, once) = match &g.header {
            Some(h) if row_height(line_count(h)) <= CONTENT_HEIGHT / 3.0 => (Some(h), None),
            other => (None, other.as_ref()),
        };
        let header_h = repeated.map_or(0.0, |h| row_height(line_count(h)));
        let all_bold = vec![true; g.widths.len()];
        let draw_header = |l: &mut Layout| {
            if let Some(h) = repeated {
                l.grid_row(&g, h, 0, line_count(h), &all_bold, Some(HEADER_FILL));
            }
        };

        // Start on a new page unless the header and the first row (or as much of it as a page
        // holds) fit here, so that a header never stands alone at the bottom of a page.
        // A first row taller than a page is split anyway: two of its lines are enough then.
        let first = once.or(g.rows.first()).map_or(1, |r| line_count(r));
        let first_h = row_height(first);
        let need = header_h
            + if first_h > CONTENT_HEIGHT - header_h {
                row_height(2)
            } else {
                first_h
            };
        if !self.at_top() && self.remaining() + EPS < need {
            self.new_page();
        }
        draw_header(self);
        let rows = once
            .map(|h| (h, &all_bold, Some(HEADER_FILL)))
            .into_iter()
            .chain(g.rows.iter().map(|r| (r, &g.bold_columns, None)));
        for (row, bold, fill) in rows {
            let total = line_count(row);
            let mut from = 0;
            while from < total {
                let left = total - from;
                if row_height(left) <= self.remaining() + EPS {
                    self.grid_row(&g, row, from, left, bold, fill);
                    break;
                }
                let fits_now = ((self.remaining() - 2.0 * g.pad_y + EPS) / g.style.leading).floor();
                let fits_now = if fits_now > 0.0 {
                    (fits_now as usize).min(left)
                } else {
                    0
                };
                if row_height(left) > CONTENT_HEIGHT - header_h + EPS && fits_now > 0 {
                    // Taller than a page: fill this one and go on.
                    self.grid_row(&g, row, from, fits_now, bold, fill);
                    from += fits_now;
                }
                self.new_page();
                draw_header(self);
            }
        }
    }

    /// Lines `from..from + n` of each cell of a row, with its lines and fill.
    fn grid_row(
        &mut self,
        g: &Grid,
        row: &[Vec<String>],
        from: usize,
        n: usize,
        bold: &[bool],
        fill: Option<f32>,
    ) {
        let h = n as f32 * g.style.leading + 2.0 * g.pad_y;
        let top = self.y;
        let total_w: f32 = g.widths.iter().sum();
        if let Some(gray) = fill {
            self.ops().push(Op::Fill {
                x: g.x,
                y: top - h,
                w: total_w,
                h,
                gray,
            });
        }
        let mut x = g.x;
        for (c, (cell, w)) in row.iter().zip(&g.widths).enumerate() {
            let style = Style {
                bold: bold.get(c).copied().unwrap_or(false),
                ..g.style
            };
            for (k, line) in cell.iter().skip(from).take(n).enumerate() {
                if line.is_empty() {
                    continue;
                }
                let line_top = top - g.pad_y - k as f32 * g.style.leading;
                let y = Self::baseline(line_top, style);
                self.ops()
                    .push(text_op(x + g.pad_x, y, style, line.clone()));
            }
            x += w;
        }
        if g.lines {
            let stroke = |x1, y1, x2, y2| Op::Line {
                x1,
                y1,
                x2,
                y2,
                width: 0.5,
                gray: GRID_GRAY,
            };
            let bottom = top - h;
            let right = g.x + total_w;
            let mut edges = vec![
                stroke(g.x, top, right, top),
                stroke(g.x, bottom, right, bottom),
            ];
            let mut x = g.x;
            edges.push(stroke(x, top, x, bottom));
            for w in &g.widths {
                x += w;
                edges.push(stroke(x, top, x, bottom));
            }
            self.ops().extend(edges);
        }
        self.y -= h;
    }
}

/// The number of lines of a wrapped row (at least one).
fn line_count(row: &[Vec<String>]) -> usize {
    row.iter().map(Vec::len).max().unwrap_or(0).max(1)
}

/// Column widths from the content, filling the text width: columns get their natural width when
/// everything fits, otherwise at least their widest word and a share of the rest in proportion to
/// how much more they would like; when even the widest words do not fit, each column keeps room
/// for two characters and the rest follows the widest words (which are then broken).
fn auto_widths(
    header: Option<&[String]>,
    rows: &[Vec<String>],
    columns: usize,
    style: Style,
) -> Vec<f32> {
    let pad = 2.0 * CELL_PAD_X;
    let header_style = Style {
        bold: true,
        ..style
    };
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    let cells = header
        .into_iter()
        .map(|h| (h, header_style))
        .chain(rows.iter().map(|r| (r.as_slice(), style)));
    for (row, s) in cells {
        for (c, text) in row.iter().enumerate() {
            let (word, line) = natural_widths(text, s);
            min[c] = min[c].max(word.min(TEXT_WIDTH - pad) + pad);
            max[c] = max[c].max(line + pad);
        }
    }
    // Every column keeps room for two wide characters, even an empty one.
    let floor = pad + 2.0 * style.size;
    for c in 0..columns {
        min[c] = min[c].max(floor);
        max[c] = max[c].max(min[c]);
    }
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    if sum_max <= TEXT_WIDTH {
        max.iter().map(|m| m * TEXT_WIDTH / sum_max).collect()
    } else if sum_min <= TEXT_WIDTH {
        let want = sum_max - sum_min;
        min.iter()
            .zip(&max)
            .map(|(lo, hi)| lo + (TEXT_WIDTH - sum_min) * (hi - lo) / want)
            .collect()
    } else if floor * columns as f32 >= TEXT_WIDTH {
        // More columns than fit: equal shares (text may then overflow its cells).
        vec![TEXT_WIDTH / columns as f32; columns]
    } else {
        // Long words everywhere: each column its floor, the rest shared by the words' excess.
        let extra = TEXT_WIDTH - floor * columns as f32;
        let excess = sum_min - floor * columns as f32;
        min.iter()
            .map(|m| floor + extra * (m - floor) / excess)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str, max: f32) -> Vec<String> {
        wrap(&set(text, BODY), BODY, max)
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        // DejaVu Sans: "a" is 1255/2048 em (6.13 pt at 10 pt), a space 651/2048 em (3.18 pt).
        let a = width("a", BODY);
        let space = width(" ", BODY);
        assert!(
            (a - 6.128).abs() < 0.01 && (space - 3.179).abs() < 0.01,
            "{a} {space}"
        );
        assert_eq!(lines_of("aaaa aaaa", 8.0 * a + space), ["aaaa aaaa"]);
        assert_eq!(
            lines_of("aaaa aaaa", 8.0 * a + space - 0.01),
            ["aaaa", "aaaa"]
        );
        assert_eq!(lines_of("aaaaaaaaaa", 4.5 * a), ["aaaa", "aaaa", "aa"]);
        assert_eq!(lines_of("  a   b \n\nc ", 100.0), ["a b", "", "c"]);
        assert_eq!(lines_of("", 100.0), [""]);
    }

    #[test]
    fn one_character_wider_than_the_line_stands_alone() {
        assert_eq!(lines_of("WW", 1.0), ["W", "W"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        // g̃ has no precomposed form: "g" and a combining tilde of zero width.
        assert_eq!(font(false).advance('\u{303}'), 0);
        let g = width("g", BODY);
        assert_eq!(
            lines_of("g\u{303}g\u{303}g\u{303}", 2.5 * g),
            ["g\u{303}g\u{303}", "g\u{303}"]
        );
    }

    #[test]
    fn wide_letters_wrap_earlier_than_narrow_ones() {
        let ws = lines_of(&"W ".repeat(300), TEXT_WIDTH);
        let is = lines_of(&"i ".repeat(300), TEXT_WIDTH);
        assert!(
            ws.len() > 2 * is.len(),
            "{} and {} lines",
            ws.len(),
            is.len()
        );
        let words = |l: &str| l.split(' ').count();
        assert!(words(&is[0]) > 2 * words(&ws[0]), "{} {}", ws[0], is[0]);
    }

    #[test]
    fn shortening_ends_with_an_ellipsis_and_fits() {
        let long = set(&"Ñandutí ".repeat(40), FOOTER);
        let short = shorten(&long, FOOTER, 100.0);
        assert!(
            short.ends_with("…") && width(&short, FOOTER) <= 100.0 + EPS,
            "{short}"
        );
        assert_eq!(shorten("corto", FOOTER, 100.0), "corto");
    }

    #[test]
    fn auto_widths_fill_the_text_width() {
        let rows = vec![vec!["1".to_string(), "a long text ".repeat(30)]];
        let w = auto_widths(None, &rows, 2, CELL);
        assert!((w.iter().sum::<f32>() - TEXT_WIDTH).abs() < 0.01, "{w:?}");
        assert!(w[0] < 40.0 && w[1] > 400.0, "{w:?}");
    }
}
