//! Glyph widths of Helvetica and Helvetica-Bold for the WinAnsiEncoding codes 0x20..=0xFF.
//!
//! Data: the `WX` advance widths (in 1/1000 em) of the Adobe Core14 AFM files `Helvetica.afm` and
//! `Helvetica-Bold.afm` (version 002.000, "Copyright (c) 1985, 1987, 1989, 1990, 1997 Adobe Systems
//! Incorporated. All Rights Reserved. Helvetica is a trademark of Linotype-Hell AG and/or its
//! subsidiaries."), which Adobe allows to be used, copied and distributed for any purpose. Each
//! code's glyph is the one WinAnsiEncoding names for it (PDF 1.7, Annex D.2); codes with no glyph
//! (0x7F, 0x81, 0x8D, 0x8F, 0x90, 0x9D) have width 0 and are never produced by
//! [`crate::to_winansi`]. `tests/metrics.rs` checks every entry against the AFM files as shipped by
//! the `pdf-core-14-font-afms` crate.

/// The width of `bytes` (WinAnsiEncoding, no line breaks) in 1/1000 of the font size.
pub(crate) fn units(bytes: &[u8], bold: bool) -> u32 {
    bytes.iter().map(|&b| u32::from(unit(b, bold))).sum()
}

/// The width of one code in 1/1000 of the font size (0 for control codes).
pub(crate) fn unit(b: u8, bold: bool) -> u16 {
    if b < 0x20 {
        return 0;
    }
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    table[usize::from(b - 0x20)]
}

/// The width of `bytes` in points at font size `size`.
pub(crate) fn width(bytes: &[u8], bold: bool, size: f32) -> f32 {
    units(bytes, bold) as f32 * size / 1000.0
}

/// The width of one code in 1/1000 em, for the AFM check in the tests.
#[doc(hidden)]
pub fn glyph_width(code: u8, bold: bool) -> u16 {
    unit(code, bold)
}

#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0x30
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 0x50
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 0x60
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, // 0x70
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 0xF0
];
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 0x20
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0x30
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 0x40
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 0x50
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 0x60
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, // 0x70
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, // 0x80
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, // 0x90
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 0xA0
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 0xB0
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 0xC0
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 0xD0
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 0xE0
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 0xF0
];
