//! Reads a PDF back with `lopdf` (an independent parser): every page's text runs with their
//! position, font and size, decoded through each font's ToUnicode CMap by lopdf.
#![allow(dead_code)]

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};

/// One shown string.
#[derive(Debug, Clone)]
pub struct Run {
    /// 1-based page number.
    pub page: usize,
    pub x: f32,
    pub y: f32,
    /// The font's BaseFont, e.g. `ABCDEF+DejaVuSans-Bold`.
    pub font: String,
    pub size: f32,
    pub text: String,
}

impl Run {
    pub fn bold(&self) -> bool {
        self.font.ends_with("+DejaVuSans-Bold")
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
/// Panics on anything this crate should never write (other fonts or encodings, odd-length codes).
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
        let mut encodings: HashMap<Vec<u8>, Encoding> = HashMap::new();
        let mut font = String::new();
        let mut key = Vec::new();
        let mut size = 0.0;
        let (mut x, mut y) = (0.0f32, 0.0f32);
        let content =
            Content::decode(&doc.get_page_content(page_id)).expect("content stream parses");
        for op in content.operations {
            let num = |i: usize| op.operands[i].as_float().expect("a number");
            match op.operator.as_str() {
                "Tf" => {
                    key = op.operands[0].as_name().expect("font name").to_vec();
                    let dict = fonts.get(&key).expect("font in the resources");
                    assert_eq!(name(dict.get(b"Subtype").unwrap()), "Type0");
                    assert_eq!(name(dict.get(b"Encoding").unwrap()), "Identity-H");
                    font = name(dict.get(b"BaseFont").unwrap());
                    let (tag, base) = font.split_once('+').expect("a subset tag");
                    assert!(tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()));
                    assert!(["DejaVuSans", "DejaVuSans-Bold"].contains(&base), "{font}");
                    if !encodings.contains_key(&key) {
                        let encoding = dict.get_font_encoding(&doc).expect("an encoding");
                        assert!(
                            matches!(encoding, Encoding::UnicodeMapEncoding(_)),
                            "{encoding:?}"
                        );
                        encodings.insert(key.clone(), encoding);
                    }
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
                    assert_eq!(raw.len() % 2, 0, "two-byte codes: {raw:?}");
                    let text = encodings[&key].bytes_to_string(raw).expect("mapped text");
                    assert_eq!(
                        text.chars().count(),
                        raw.len() / 2,
                        "every code maps to one character: {raw:?} gave {text:?}"
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

/// One embedded font, read back: a Type0 font over a CIDFontType2 with its FontFile2.
pub struct Embedded {
    /// The BaseFont, e.g. `ABCDEF+DejaVuSans`.
    pub base_font: String,
    /// The font program (FontFile2), inflated.
    pub program: Vec<u8>,
    /// The FontFile2's `Length1` (the inflated length).
    pub length1: i64,
    /// The FontFile2 as stored (deflated).
    pub stored_len: usize,
    /// The widths of the `W` array, per CID, in 1/1000 em.
    pub widths: HashMap<u16, f32>,
    /// The CIDToGIDMap, indexed by CID.
    pub cid_to_gid: Vec<u16>,
    /// The text of each CID that the `W` array names, through the ToUnicode CMap.
    pub unicode: HashMap<u16, String>,
}

/// Every Type0 font of the file, with its descendant font, descriptor and streams.
pub fn embedded_fonts(bytes: &[u8]) -> Vec<Embedded> {
    let doc = Document::load_mem(bytes).expect("lopdf parses the file");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if !dict.has_type(b"Font") || name(dict.get(b"Subtype").unwrap()) != "Type0" {
            continue;
        }
        let base_font = name(dict.get(b"BaseFont").unwrap());
        let descendants = dict.get(b"DescendantFonts").unwrap().as_array().unwrap();
        assert_eq!(descendants.len(), 1);
        let cid_font = doc
            .get_dictionary(descendants[0].as_reference().unwrap())
            .unwrap();
        assert_eq!(name(cid_font.get(b"Subtype").unwrap()), "CIDFontType2");
        assert_eq!(name(cid_font.get(b"BaseFont").unwrap()), base_font);
        let stream = |dict: &lopdf::Dictionary, key: &[u8]| {
            doc.get_object(dict.get(key).unwrap().as_reference().unwrap())
                .unwrap()
                .as_stream()
                .unwrap()
                .clone()
        };
        let map = stream(cid_font, b"CIDToGIDMap")
            .decompressed_content()
            .unwrap();
        let cid_to_gid = map
            .chunks(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]))
            .collect();
        let mut widths = HashMap::new();
        let w = cid_font.get(b"W").unwrap().as_array().unwrap();
        let mut i = 0;
        while i < w.len() {
            let first = w[i].as_i64().unwrap() as u16;
            if let Ok(list) = w[i + 1].as_array() {
                for (k, v) in list.iter().enumerate() {
                    widths.insert(first + k as u16, v.as_float().unwrap());
                }
                i += 2;
            } else {
                let last = w[i + 1].as_i64().unwrap() as u16;
                for cid in first..=last {
                    widths.insert(cid, w[i + 2].as_float().unwrap());
                }
                i += 3;
            }
        }
        let descriptor = doc
            .get_dictionary(
                cid_font
                    .get(b"FontDescriptor")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(name(descriptor.get(b"FontName").unwrap()), base_font);
        let file = stream(descriptor, b"FontFile2");
        let program = file.decompressed_content().unwrap();
        let length1 = file.dict.get(b"Length1").unwrap().as_i64().unwrap();
        let encoding = dict.get_font_encoding(&doc).unwrap();
        let unicode = widths
            .keys()
            .map(|&cid| (cid, encoding.bytes_to_string(&cid.to_be_bytes()).unwrap()))
            .collect();
        out.push(Embedded {
            base_font,
            stored_len: file.content.len(),
            program,
            length1,
            widths,
            cid_to_gid,
            unicode,
        });
    }
    // By font name, after the subset tag: regular first.
    out.sort_by_key(|f| f.base_font.split_once('+').map(|(_, n)| n.to_string()));
    out
}
