//! A small PDF writer for text documents: a title, a few lines of metadata, then headings,
//! paragraphs, key-value lists, tables and horizontal rules, laid out on A4 pages.
//!
//! The crate is pure: [`render`] takes a [`Document`] and returns the bytes of a PDF file; it never
//! touches a file, socket, clock or database, and the same document always gives the same bytes.
//! It knows nothing about the assembly: callers build the generic [`Document`] model.
//!
//! # Layout
//!
//! A4 portrait with 20 mm margins (see [`page`]). Text is wrapped at spaces to the width of its
//! column (a word longer than the column is broken between characters) and flows onto new pages
//! as needed. Tables repeat their header row at the top of every page they continue on; a row
//! taller than a page is split between pages. Headings are kept with what follows them.
//! Every table column keeps room for at least two characters, so with more than about 19
//! columns a table no longer fits the text width and its text may overflow. Every
//! page has "n / N" at the bottom right and, if given, [`Document::footer`] at the bottom left.
//! `\n` in any text is a hard line break.
//!
//! # Fonts and characters
//!
//! Text is set in DejaVu Sans and DejaVu Sans Bold, which the crate carries (`fonts/`, under the
//! Bitstream Vera and Arev font licenses in `fonts/LICENSE`) and embeds in each PDF as a subset of
//! the glyphs the document uses, so the file shows the same on every reader and needs nothing at
//! run time. The fonts cover the Latin alphabets (Spanish, Guaraní with ỹ ẽ g̃ ĩ ũ, Quechua and
//! Aymara with ʼ, Polish, Turkish, Vietnamese, ...), Greek, Cyrillic and many symbols; each font
//! has a ToUnicode map, so the text can be searched and copied. **A character the font lacks is
//! shown as the replacement character `�` (U+FFFD)**, one per character (for example CJK, emoji
//! beyond the basic emoticons, and control characters other than line breaks and tabs). Glyphs are
//! set one after the other: there is no kerning, no ligatures and no positioning of combining
//! marks beyond the fonts' defaults, so scripts that need shaping (such as Arabic or the Indic
//! scripts) do not come out right.
//!
//! Before layout, text goes through [`shown_text`]: line breaks are unified, invisible format
//! characters (zero-width spaces, bidirectional marks and isolates, the soft hyphen) are dropped,
//! and the text is put in Unicode normalization form C, so a letter followed by a combining accent
//! uses the precomposed letter where Unicode and the font have one. The document title in the PDF
//! metadata keeps every character.

mod font;
mod layout;
mod text;
mod write;

/// A document to render: a title, metadata lines under it, and the body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Shown at the top of the first page and stored as the PDF's title.
    pub title: String,
    /// Short lines shown in small type under the title (e.g. the date, the place, a reference).
    pub meta: Vec<String>,
    /// The body, top to bottom.
    pub blocks: Vec<Block>,
    /// Shown at the bottom left of every page (shortened with "…" if too long).
    pub footer: Option<String>,
    /// The document's language as a BCP 47 tag (e.g. `es`, `en`), stored in the PDF catalog.
    pub lang: Option<String>,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; level 1 is the largest, levels 3 and above look the same.
    Heading(u8, String),
    /// A paragraph of running text.
    Paragraph(String),
    /// Rows of a label (in bold) and a value, in two aligned columns.
    KeyValue(Vec<(String, String)>),
    /// A table with an optional header row.
    Table(Table),
    /// A thin horizontal line across the text width.
    Rule,
}

/// A table. Rows shorter than the widest row are padded with empty cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The header row (bold, shaded, repeated on every page); empty for none.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub widths: ColumnWidths,
}

/// How a table's columns share the text width.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ColumnWidths {
    /// From the content: short columns get their natural width, long ones share the rest.
    #[default]
    Auto,
    /// Proportional weights, one per column (e.g. `[1.0, 3.0]`: a quarter and three quarters).
    /// Falls back to [`ColumnWidths::Auto`] if the count differs from the number of columns, a
    /// weight is not a positive finite number, or a column would be narrower than 27 pt.
    Relative(Vec<f32>),
}

impl Document {
    /// A document with a title and nothing else.
    pub fn new(title: impl Into<String>) -> Self {
        Document {
            title: title.into(),
            ..Document::default()
        }
    }

    /// Appends a block; returns `self` for chaining.
    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }
}

/// The page geometry, in PDF points (1/72 inch).
pub mod page {
    /// A4 width.
    pub const WIDTH: f32 = 595.276;
    /// A4 height.
    pub const HEIGHT: f32 = 841.89;
    /// Left and right margin (20 mm).
    pub const MARGIN_X: f32 = 56.693;
    /// Top margin (20 mm).
    pub const MARGIN_TOP: f32 = 56.693;
    /// Bottom margin of the body (22 mm; the footer sits below it).
    pub const MARGIN_BOTTOM: f32 = 62.362;
    /// Baseline of the footer line.
    pub const FOOTER_BASELINE: f32 = 34.0;
    /// The width available to text.
    pub const TEXT_WIDTH: f32 = WIDTH - 2.0 * MARGIN_X;
}

/// Renders the document as a PDF file.
///
/// Never panics on any text: characters the font lacks become `�` (see the crate docs).
pub fn render(doc: &Document) -> Vec<u8> {
    let pages = layout::layout(doc);
    write::write(doc, &pages)
}

/// The width in points of `text` set in DejaVu Sans (or DejaVu Sans Bold) at `size` points, after
/// the same preparation as [`render`] (see [`shown_text`]), on a single line: line breaks count
/// as nothing. The widths are the fonts' advances, as the layout uses them and as the PDF
/// declares them.
pub fn text_width(text: &str, bold: bool, size: f32) -> f32 {
    let f = font::font(bold);
    f.units(&text::prepare(text, bold)) as f32 * size / f.units_per_em() as f32
}

/// The characters [`render`] sets for `text` in the regular (or bold) font: line breaks as `\n`,
/// tabs as spaces, invisible format characters dropped, normalization form C, and `�` (U+FFFD)
/// for each character the font lacks and each control character. Text extracted from the PDF
/// gives these characters back (wrapped into lines).
pub fn shown_text(text: &str, bold: bool) -> String {
    text::prepare(text, bold)
}
