//! From positioned operations to PDF bytes, with `pdf-writer`.

use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::Document;
use crate::layout::Op;
use crate::page::{HEIGHT, WIDTH};

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// Writes the pages as a PDF file: catalog, page tree, the two standard fonts in
/// WinAnsiEncoding, one deflated content stream per page, and the document information (title).
pub(crate) fn write(doc: &Document, pages: &[Vec<Op>]) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let info_id = Ref::new(3);
    let regular_id = Ref::new(4);
    let bold_id = Ref::new(5);
    let page_id = |i: usize| Ref::new(6 + 2 * i as i32);
    let content_id = |i: usize| Ref::new(7 + 2 * i as i32);

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
        .kids((0..pages.len()).map(page_id))
        .count(pages.len() as i32);
    for (i, ops) in pages.iter().enumerate() {
        let mut page = pdf.page(page_id(i));
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree_id);
        page.contents(content_id(i));
        page.resources()
            .fonts()
            .pair(REGULAR, regular_id)
            .pair(BOLD, bold_id);
        page.finish();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&content(ops), 6);
        pdf.stream(content_id(i), &compressed)
            .filter(Filter::FlateDecode);
    }
    for (id, name) in [(regular_id, "Helvetica"), (bold_id, "Helvetica-Bold")] {
        pdf.type1_font(id)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info_id)
        .title(TextStr(&doc.title))
        .producer(TextStr("asamblea-pdf"));
    pdf.finish()
}

/// One page's content stream. Each line of text is its own text object with an absolute text
/// matrix, so readers (and the tests) see every line's position directly.
fn content(ops: &[Op]) -> Vec<u8> {
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
                bold,
                size,
                gray,
                bytes,
            } => {
                if *gray != fill {
                    c.set_fill_gray(*gray);
                    fill = *gray;
                }
                c.begin_text();
                c.set_font(if *bold { BOLD } else { REGULAR }, *size);
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y]);
                c.show(Str(bytes));
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
