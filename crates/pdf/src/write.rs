//! From positioned operations to PDF bytes, with `pdf-writer`; the fonts subsetted with
//! `subsetter`.

use std::collections::BTreeSet;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use crate::Document;
use crate::font::font;
use crate::layout::Op;
use crate::page::{HEIGHT, WIDTH};

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// The character collection of the fonts: our own CIDs (see [`FontUse`]), no registered one.
const SYSTEM_INFO: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Writes the pages as a PDF file: catalog, page tree, one deflated content stream per page, the
/// fonts the pages use (each embedded as a subset, see [`write_font`]), and the document
/// information (title).
pub(crate) fn write(doc: &Document, pages: &[Vec<Op>]) -> Vec<u8> {
    let mut used = [BTreeSet::new(), BTreeSet::new()];
    for op in pages.iter().flatten() {
        if let Op::Text { bold, text, .. } = op {
            used[usize::from(*bold)].extend(text.chars());
        }
    }
    let [regular, bold] = used.map(|chars| {
        (!chars.is_empty()).then(|| FontUse {
            chars: chars.into_iter().collect(),
        })
    });

    let mut next = Ref::new(1);
    let catalog_id = next.bump();
    let tree_id = next.bump();
    let info_id = next.bump();
    let regular_id = next.bump();
    let bold_id = next.bump();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next.bump(), next.bump())).collect();

    let mut pdf = Pdf::new();
    {
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(tree_id);
        catalog.viewer_preferences().display_doc_title(true);
        if let Some(lang) = doc.lang.as_deref().filter(|l| !l.is_empty()) {
            catalog.lang(TextStr(lang));
        }
    }
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(pages.len() as i32);
    for (ops, &(page_id, content_id)) in pages.iter().zip(&page_ids) {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree_id);
        page.contents(content_id);
        {
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            if regular.is_some() {
                fonts.pair(REGULAR, regular_id);
            }
            if bold.is_some() {
                fonts.pair(BOLD, bold_id);
            }
        }
        page.finish();
        let content = content(ops, regular.as_ref(), bold.as_ref());
        pdf.stream(content_id, &deflate(&content))
            .filter(Filter::FlateDecode);
    }
    for (use_, id, is_bold) in [(&regular, regular_id, false), (&bold, bold_id, true)] {
        if let Some(use_) = use_ {
            write_font(&mut pdf, &mut next, id, use_, is_bold);
        }
    }
    pdf.document_info(info_id)
        .title(TextStr(&doc.title))
        .producer(TextStr("asamblea-pdf"));
    pdf.finish()
}

/// The characters one font shows in the document and their codes. Each distinct character gets
/// its own CID, in the order of the characters (CID 0 is `.notdef`, never shown); the content
/// streams show text as two-byte CIDs (Identity-H), the CIDToGIDMap maps CIDs to the subset's
/// glyphs, and the ToUnicode map gives each CID its character. So extracted text is exactly the
/// shown text, even where two characters share a glyph.
struct FontUse {
    /// Sorted and distinct; none is a line break.
    chars: Vec<char>,
}

impl FontUse {
    fn cid(&self, c: char) -> u16 {
        // Every character of the pages is in `chars`, and a font has far fewer than 65535 glyphs.
        self.chars
            .binary_search(&c)
            .ok()
            .and_then(|i| u16::try_from(i + 1).ok())
            .unwrap_or(0)
    }

    fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| self.cid(c).to_be_bytes())
            .collect()
    }
}

/// Embeds one font as a Type0 font (Identity-H) over a CIDFontType2 with a font descriptor, the
/// font program subsetted to the used glyphs and deflated (FontFile2), a CIDToGIDMap and a
/// ToUnicode CMap.
fn write_font(pdf: &mut Pdf, next: &mut Ref, type0_id: Ref, use_: &FontUse, bold: bool) {
    let f = font(bold);
    let cid_font_id = next.bump();
    let descriptor_id = next.bump();
    let program_id = next.bump();
    let cid_to_gid_id = next.bump();
    let to_unicode_id = next.bump();

    let glyphs: Vec<u16> = use_.chars.iter().map(|&c| f.glyph(c).0).collect();
    let mut remapper = GlyphRemapper::new();
    for &g in &glyphs {
        remapper.remap(g);
    }
    // The subsetter handles the bundled fonts (the tests check it); should it ever fail, the whole
    // font is embedded with its own glyph ids rather than failing the document.
    let (program, gids) = match subsetter::subset(f.data, 0, &remapper) {
        Ok(subset) => {
            let gids = glyphs.iter().map(|&g| remapper.get(g).unwrap_or(0));
            (subset, gids.collect())
        }
        Err(_) => (f.data.to_vec(), glyphs),
    };

    let base_font = format!("{}+{}", subset_tag(&use_.chars, bold), f.postscript_name);
    let base_font = Name(base_font.as_bytes());
    pdf.type0_font(type0_id)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font_id)
        .to_unicode(to_unicode_id);

    let mut cid_font = pdf.cid_font(cid_font_id);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(SYSTEM_INFO)
        .font_descriptor(descriptor_id)
        .cid_to_gid_map_stream(cid_to_gid_id);
    cid_font.widths().consecutive(
        1,
        use_.chars
            .iter()
            .map(|&c| f.to_pdf_units(f.advance(c) as f32)),
    );
    cid_font.finish();

    let face = &f.face;
    let scale = |v: i16| f.to_pdf_units(f32::from(v));
    let bbox = face.global_bounding_box();
    let weight = f32::from(face.weight().to_number());
    pdf.font_descriptor(descriptor_id)
        .name(base_font)
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(face.italic_angle())
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        // No font file records it; the usual estimate from the weight class.
        .stem_v(10.0 + 0.244 * (weight - 50.0))
        .font_file2(program_id);

    pdf.stream(program_id, &deflate(&program))
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), program.len() as i32);

    let cid_to_gid: Vec<u8> = std::iter::once(0u16)
        .chain(gids)
        .flat_map(u16::to_be_bytes)
        .collect();
    pdf.stream(cid_to_gid_id, &deflate(&cid_to_gid))
        .filter(Filter::FlateDecode);

    let mut cmap = UnicodeCmap::new(Name(b"Asamblea-UTF16"), SYSTEM_INFO);
    for &c in &use_.chars {
        cmap.pair(use_.cid(c), c);
    }
    pdf.stream(to_unicode_id, &deflate(cmap.finish().as_slice()))
        .filter(Filter::FlateDecode);
}

/// The six capital letters before a subset's font name: required, and different for different
/// subsets, so readers do not mix two documents' subsets up. A hash of the characters (FNV-1a),
/// so the same document gives the same bytes.
fn subset_tag(chars: &[char], bold: bool) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars.iter().map(|&c| u32::from(c)).chain([u32::from(bold)]) {
        for b in c.to_le_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            letter
        })
        .collect()
}

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// One page's content stream. Each line of text is its own text object with an absolute text
/// matrix, so readers (and the tests) see every line's position directly.
fn content(ops: &[Op], regular: Option<&FontUse>, bold: Option<&FontUse>) -> Vec<u8> {
    let mut c = Content::new();
    // Gray levels currently set, to avoid repeating the operators.
    let mut fill = 0.0f32;
    let mut stroke = 0.0f32;
    let mut line_width = 1.0f32;
    for op in ops {
        match op {
            Op::Text {
                x,
                y,
                bold: is_bold,
                size,
                gray,
                text,
            } => {
                // A text op's font is in use, so its `FontUse` exists.
                let (name, Some(use_)) = (if *is_bold {
                    (BOLD, bold)
                } else {
                    (REGULAR, regular)
                }) else {
                    continue;
                };
                if *gray != fill {
                    c.set_fill_gray(*gray);
                    fill = *gray;
                }
                c.begin_text();
                c.set_font(name, *size);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y]);
                c.show(Str(&use_.encode(text)));
                c.end_text();
            }
            Op::Line {
                x1,
                y1,
                x2,
                y2,
                width,
                gray,
            } => {
                if *gray != stroke {
                    c.set_stroke_gray(*gray);
                    stroke = *gray;
                }
                if *width != line_width {
                    c.set_line_width(*width);
                    line_width = *width;
                }
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
            }
            Op::Fill { x, y, w, h, gray } => {
                if *gray != fill {
                    c.set_fill_gray(*gray);
                    fill = *gray;
                }
                c.rect(*x, *y, *w, *h);
                c.fill_nonzero();
            }
        }
    }
    c.finish().into_vec()
}
