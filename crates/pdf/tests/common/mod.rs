//! Reads a PDF back with `lopdf` (an independent parser): every page's text runs with their
//! position, font and size, decoded from WinAnsiEncoding by lopdf's own table.
#![allow(dead_code)]

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};

/// One shown string.
#[derive(Debug, Clone)]
pub struct Run {
    /// 1-based page number.
    pub page: usize,
    pub x: f32,
    pub y: f32,
    /// The font's BaseFont, e.g. `Helvetica-Bold`.
    pub font: String,
    pub size: f32,
    pub text: String,
}

impl Run {
    pub fn bold(&self) -> bool {
        self.font == "Helvetica-Bold"
    }
}

pub struct Read {
    pub pages: usize,
    pub runs: Vec<Run>,
    /// The Title of the document information dictionary.
    pub title: String,
    /// Each page's MediaBox.
    pub media_boxes: Vec<Vec<f32>>,
}

impl Read {
    /// All runs' text, joined with spaces.
    pub fn text(&self) -> String {
        self.runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn page_runs(&self, page: usize) -> impl Iterator<Item = &Run> {
        self.runs.iter().filter(move |r| r.page == page)
    }

    /// The runs above the footer (the body).
    pub fn body(&self) -> impl Iterator<Item = &Run> {
        self.runs
            .iter()
            .filter(|r| r.y > asamblea_pdf::page::MARGIN_BOTTOM - 1.0)
    }
}

fn name(o: &Object) -> String {
    String::from_utf8(o.as_name().expect("a name").to_vec()).expect("ASCII name")
}

/// Parses the PDF and extracts its text runs, in content-stream order, page by page.
/// Panics on anything this crate should never write (other fonts or encodings, unknown bytes).
pub fn read(bytes: &[u8]) -> Read {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF header");
    let doc = Document::load_mem(bytes).expect("lopdf parses the file");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("an Info reference");
    let title = lopdf::decode_text_string(
        doc.get_dictionary(info)
            .expect("Info dictionary")
            .get(b"Title")
            .expect("a Title"),
    )
    .expect("a text string");
    let winansi = Encoding::SimpleEncoding(b"WinAnsiEncoding");
    let mut runs = Vec::new();
    let mut media_boxes = Vec::new();
    let pages = doc.get_pages();
    for (&number, &page_id) in &pages {
        let page = doc.get_dictionary(page_id).expect("page dictionary");
        media_boxes.push(
            page.get(b"MediaBox")
                .and_then(Object::as_array)
                .expect("MediaBox")
                .iter()
                .map(|o| o.as_float().expect("number"))
                .collect(),
        );
        let fonts = doc.get_page_fonts(page_id).expect("page fonts");
        let mut font = String::new();
        let mut size = 0.0;
        let (mut x, mut y) = (0.0f32, 0.0f32);
        let content =
            Content::decode(&doc.get_page_content(page_id)).expect("content stream parses");
        for op in content.operations {
            let num = |i: usize| op.operands[i].as_float().expect("a number");
            match op.operator.as_str() {
                "Tf" => {
                    let key = op.operands[0].as_name().expect("font name");
                    let dict = fonts.get(key).expect("font in the resources");
                    assert_eq!(name(dict.get(b"Subtype").unwrap()), "Type1");
                    assert_eq!(name(dict.get(b"Encoding").unwrap()), "WinAnsiEncoding");
                    font = name(dict.get(b"BaseFont").unwrap());
                    size = num(1);
                }
                "Tm" => {
                    assert_eq!((num(0), num(1), num(2), num(3)), (1.0, 0.0, 0.0, 1.0));
                    (x, y) = (num(4), num(5));
                }
                "Td" | "TD" | "T*" | "'" | "\"" | "TJ" => {
                    panic!("unexpected text operator {}", op.operator)
                }
                "Tj" => {
                    let raw = op.operands[0].as_str().expect("a string");
                    let text = winansi.bytes_to_string(raw).expect("WinAnsi text");
                    assert_eq!(
                        text.chars().count(),
                        raw.len(),
                        "every byte is a WinAnsi character: {raw:?}"
                    );
                    runs.push(Run {
                        page: number as usize,
                        x,
                        y,
                        font: font.clone(),
                        size,
                        text,
                    });
                }
                _ => {}
            }
        }
    }
    Read {
        pages: pages.len(),
        runs,
        title,
        media_boxes,
    }
}

/// Asserts that `needles` occur in `haystack` in this order, without overlapping.
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        match haystack[at..].find(n) {
            Some(i) => at += i + n.len(),
            None => panic!("{n:?} not found after byte {at} in:\n{haystack}"),
        }
    }
}
