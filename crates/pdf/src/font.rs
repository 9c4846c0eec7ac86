//! The two embedded fonts, DejaVu Sans and DejaVu Sans Bold (`fonts/`, with their license), read
//! with `ttf-parser`: which characters they have, their glyphs and advances, and the metrics of
//! the PDF font descriptor.

use std::sync::LazyLock;

use ttf_parser::{Face, GlyphId};

/// The character shown for one the font lacks, if the font has it (DejaVu does).
const REPLACEMENT: char = '\u{FFFD}';

static REGULAR: LazyLock<Font> =
    LazyLock::new(|| Font::load(include_bytes!("../fonts/DejaVuSans.ttf"), "DejaVuSans"));
static BOLD: LazyLock<Font> = LazyLock::new(|| {
    Font::load(
        include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
        "DejaVuSans-Bold",
    )
});

/// The font of regular or bold text.
pub(crate) fn font(bold: bool) -> &'static Font {
    if bold { &BOLD } else { &REGULAR }
}

pub(crate) struct Font {
    /// The whole font file.
    pub(crate) data: &'static [u8],
    pub(crate) face: Face<'static>,
    /// The PostScript name, without a subset tag.
    pub(crate) postscript_name: &'static str,
    /// The character shown in place of one the font lacks: U+FFFD, or `?` if the font had no
    /// U+FFFD.
    pub(crate) replacement: char,
}

impl Font {
    /// Parses a font bundled with the crate. The files are fixed and the tests load both, so the
    /// `expect` cannot fail at run time.
    #[allow(clippy::expect_used)] // the bundled files, loaded by every test: it cannot fail
    fn load(data: &'static [u8], postscript_name: &'static str) -> Font {
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let replacement = if face.glyph_index(REPLACEMENT).is_some() {
            REPLACEMENT
        } else {
            '?'
        };
        Font {
            data,
            face,
            postscript_name,
            replacement,
        }
    }

    /// Font units per em (2048 for DejaVu).
    pub(crate) fn units_per_em(&self) -> u32 {
        u32::from(self.face.units_per_em())
    }

    /// Whether the font has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some()
    }

    /// The glyph of `c`; the replacement glyph (or `.notdef`) if the font has none.
    pub(crate) fn glyph(&self, c: char) -> GlyphId {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index(self.replacement))
            .unwrap_or(GlyphId(0))
    }

    /// The advance width of `c`'s glyph in font units (see [`Font::glyph`]).
    pub(crate) fn advance(&self, c: char) -> u32 {
        self.face
            .glyph_hor_advance(self.glyph(c))
            .map_or(0, u32::from)
    }

    /// The width of `text` in font units, on one line: line breaks count as nothing.
    pub(crate) fn units(&self, text: &str) -> u32 {
        text.chars()
            .filter(|&c| c != '\n')
            .map(|c| self.advance(c))
            .sum()
    }

    /// Converts font units to 1/1000 em, the unit of PDF glyph widths and font metrics.
    pub(crate) fn to_pdf_units(&self, units: f32) -> f32 {
        units * 1000.0 / self.units_per_em() as f32
    }
}
