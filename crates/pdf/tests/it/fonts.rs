//! The embedded fonts: text in many scripts round-trips through the ToUnicode maps, each font is a
//! subset of DejaVu Sans whose glyphs are the right ones, and the widths the PDF declares and the
//! layout uses are the font's advances.

use crate::common;

use crate::common::{Embedded, embedded_fonts, read};
use asamblea_pdf::page::{MARGIN_X, TEXT_WIDTH};
use asamblea_pdf::{Block, ColumnWidths, Document, Table, render, shown_text, text_width};
use ttf_parser::{Face, GlyphId, OutlineBuilder};

const REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

/// Names and words beyond Western European Latin, each short enough for one line in every block:
/// Guaraní (g̃ has no precomposed form: g and a combining tilde), Spanish, Polish, Turkish,
/// Greek, Russian, Quechua and Aymara with the modifier letter apostrophe, and typography
/// outside WinAnsiEncoding.
const SAMPLES: &[&str] = &[
    "ỹ ẽ g̃ ĩ ũ",
    "Avañeʼẽ, Mbaʼéichapa",
    "pytyvõ, mitãkuña, g̃uahẽ",
    "Ñuñoa",
    "Łódź, Gdańsk, Kraków",
    "İstanbul, Çağrı ı Ş",
    "Ελλάδα",
    "Москва",
    "Qusqu, chʼaska, jachʼa",
    "‑ ‒ ― ‰ ′ ″ ≠ ≤ ≥ → № ∞",
    "₲ 25.000; Bs 100",
];

fn doc_with(texts: &[&str]) -> Document {
    let mut doc = Document::new(texts.join(" / "));
    for t in texts {
        doc.push(Block::Paragraph((*t).into()))
            .push(Block::Heading(2, (*t).into()))
            .push(Block::KeyValue(vec![((*t).into(), (*t).into())]))
            .push(Block::Table(Table {
                header: vec![(*t).into()],
                rows: vec![vec![(*t).into()]],
                widths: ColumnWidths::Auto,
            }));
    }
    doc
}

#[test]
fn scripts_round_trip_through_the_tounicode_maps() {
    let texts = SAMPLES;
    let bytes = render(&doc_with(texts));
    let r = read(&bytes);
    for t in texts {
        // Every sample is shown unchanged: the fonts have all of its characters.
        assert_eq!(shown_text(t, false), *t);
        assert_eq!(shown_text(t, true), *t);
        let regular = r.runs.iter().filter(|x| x.text == *t && !x.bold()).count();
        let bold = r.runs.iter().filter(|x| x.text == *t && x.bold()).count();
        // Paragraph, key-value value and table cell; heading, key-value label and header cell.
        assert_eq!((regular, bold), (3, 3), "{t}");
    }
    // lopdf's own text extraction (ToUnicode through Identity-H) finds them too.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let extracted = doc.extract_text(&pages).unwrap();
    for t in texts {
        assert!(extracted.contains(t), "{t} not in {extracted}");
    }
}

#[test]
fn characters_dejavu_lacks_become_the_replacement_glyph() {
    let mut doc = Document::new("漢字");
    doc.push(Block::Paragraph(
        "Ñandutí 漢字 \u{1F680} \u{E000}\u{10FFFF} ok".into(),
    ))
    .push(Block::Heading(1, "𝔘 漢".into()));
    let bytes = render(&doc);
    let r = read(&bytes);
    assert_eq!(r.runs[0].text, "\u{FFFD}\u{FFFD}");
    assert_eq!(
        r.runs[1].text,
        "Ñandutí \u{FFFD}\u{FFFD} \u{FFFD} \u{FFFD}\u{FFFD} ok"
    );
    assert_eq!(r.runs[2].text, "\u{FFFD} \u{FFFD}");
    // The replacement is the font's own U+FFFD glyph, not .notdef (checked by
    // `the_glyphs_are_the_fonts_glyphs` for every document).
    check_fonts(&bytes);
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let bytes = render(&doc_with(SAMPLES));
    let fonts = embedded_fonts(&bytes);
    let names: Vec<&str> = fonts
        .iter()
        .map(|f| f.base_font.split_once('+').unwrap().1)
        .collect();
    assert_eq!(names, ["DejaVuSans", "DejaVuSans-Bold"]);
    for (f, full) in fonts.iter().zip([REGULAR, BOLD]) {
        assert_eq!(f.length1 as usize, f.program.len());
        // A small part of the file: the ~150 glyphs used of DejaVu's ~6000.
        assert!(
            f.program.len() * 10 < full.len(),
            "{}: {} of {} bytes",
            f.base_font,
            f.program.len(),
            full.len()
        );
        assert!(f.stored_len < f.program.len(), "the program is deflated");
        Face::parse(&f.program, 0).expect("the subset is a valid font");
    }
    check_fonts(&bytes);
}

#[test]
fn a_document_without_bold_text_embeds_one_font() {
    let mut doc = Document::new("");
    doc.push(Block::Paragraph("solo".into()));
    let fonts = embedded_fonts(&render(&doc));
    assert_eq!(fonts.len(), 1);
    assert!(fonts[0].base_font.ends_with("+DejaVuSans"));
    // "solo", then the page number "1 / 1".
    let mut shown: Vec<&str> = fonts[0].unicode.values().map(String::as_str).collect();
    shown.sort();
    assert_eq!(shown, [" ", "/", "1", "l", "o", "s"]);
}

/// Records a glyph's outline, to compare a subset's glyph with the full font's.
#[derive(Default, PartialEq, Debug)]
struct Outline(Vec<(char, Vec<f32>)>);

impl OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(('M', vec![x, y]));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(('L', vec![x, y]));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(('Q', vec![x1, y1, x, y]));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(('C', vec![x1, y1, x2, y2, x, y]));
    }
    fn close(&mut self) {
        self.0.push(('Z', vec![]));
    }
}

fn outline(face: &Face, glyph: GlyphId) -> Outline {
    let mut o = Outline::default();
    face.outline_glyph(glyph, &mut o);
    o
}

/// For every CID of every embedded font: the ToUnicode text is one character; the glyph the
/// CIDToGIDMap picks in the subset has the outline and advance of that character's glyph in the
/// full font (U+FFFD's for the replacement); and the `W` width is that advance in 1/1000 em.
fn check_fonts(bytes: &[u8]) {
    for f in embedded_fonts(bytes) {
        check_font(&f);
    }
}

fn check_font(f: &Embedded) {
    let full = Face::parse(
        if f.base_font.ends_with("-Bold") {
            BOLD
        } else {
            REGULAR
        },
        0,
    )
    .unwrap();
    let subset = Face::parse(&f.program, 0).unwrap();
    assert_eq!(
        f.cid_to_gid.len(),
        f.widths.len() + 1,
        "CID 0 and the used CIDs"
    );
    assert_eq!(f.cid_to_gid[0], 0, ".notdef");
    for (&cid, width) in &f.widths {
        let text = &f.unicode[&cid];
        let mut chars = text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            panic!("CID {cid} maps to {text:?}");
        };
        let original = full.glyph_index(c).expect("the character is in the font");
        let glyph = GlyphId(f.cid_to_gid[usize::from(cid)]);
        assert_eq!(
            outline(&subset, glyph),
            outline(&full, original),
            "{c:?} in {}",
            f.base_font
        );
        let advance = full.glyph_hor_advance(original).unwrap();
        assert_eq!(subset.glyph_hor_advance(glyph), Some(advance), "{c:?}");
        let expected = f32::from(advance) * 1000.0 / f32::from(full.units_per_em());
        assert_eq!(*width, expected, "{c:?}");
    }
}

#[test]
fn the_glyphs_are_the_fonts_glyphs() {
    let mut all: Vec<&str> = SAMPLES.to_vec();
    all.push("¿Qué año? ¡Sí! «citas» – — “comillas” … 5 € · ÁÉÍÓÚ Üü ç 0123456789");
    check_fonts(&render(&doc_with(&all)));
}

#[test]
fn text_width_is_the_sum_of_the_fonts_advances() {
    for (bold, data) in [(false, REGULAR), (true, BOLD)] {
        let face = Face::parse(data, 0).unwrap();
        let upem = f32::from(face.units_per_em());
        for s in SAMPLES {
            let units: u32 = s
                .chars()
                .map(|c| {
                    u32::from(
                        face.glyph_hor_advance(face.glyph_index(c).unwrap())
                            .unwrap(),
                    )
                })
                .sum();
            let expected = units as f32 * 10.0 / upem;
            let got = text_width(s, bold, 10.0);
            assert!((got - expected).abs() < 1e-3, "{s}: {got} vs {expected}");
        }
    }
    // Bold is wider, W wider than i.
    assert!(text_width("Asamblea", true, 10.0) > text_width("Asamblea", false, 10.0));
    assert!(text_width("W", false, 10.0) > 3.0 * text_width("i", false, 10.0));
}

#[test]
fn wide_letters_wrap_earlier_than_narrow_ones() {
    let line = |c: &str| vec![c; 300].join(" ");
    let mut doc = Document::new("");
    doc.push(Block::Paragraph(line("W")))
        .push(Block::Paragraph(line("i")));
    let r = read(&render(&doc));
    let body: Vec<_> = r.body().collect();
    let w_lines: Vec<_> = body.iter().filter(|x| x.text.starts_with('W')).collect();
    let i_lines: Vec<_> = body.iter().filter(|x| x.text.starts_with('i')).collect();
    // W (2025/2048 em) against i (569/2048 em), each with a space (651/2048 em): far more lines.
    assert!(
        w_lines.len() > 2 * i_lines.len(),
        "{} lines of W, {} of i",
        w_lines.len(),
        i_lines.len()
    );
    let per_line = |lines: &[&&common::Run]| lines[0].text.split(' ').count();
    assert!(per_line(&w_lines) * 2 < per_line(&i_lines));
    // Every full line is as full as the font's widths allow: one more letter would not fit.
    for (lines, letter) in [(&w_lines, "W"), (&i_lines, "i")] {
        for l in &lines[..lines.len() - 1] {
            assert!((l.x - MARGIN_X).abs() < 0.01);
            let w = text_width(&l.text, false, 10.0);
            let more = text_width(&format!("{} {letter}", l.text), false, 10.0);
            assert!(w <= TEXT_WIDTH + 0.01 && more > TEXT_WIDTH, "{w} {more}");
        }
    }
}

#[test]
fn the_postscript_names_are_the_fonts() {
    for (data, expected) in [(REGULAR, "DejaVuSans"), (BOLD, "DejaVuSans-Bold")] {
        let face = Face::parse(data, 0).unwrap();
        let name = face
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME && n.is_unicode())
            .and_then(|n| n.to_string())
            .unwrap();
        assert_eq!(name, expected);
    }
}
