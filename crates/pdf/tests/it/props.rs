//! Arbitrary text never panics, always gives a PDF that parses, stays inside the margins and
//! loses no visible character.

use crate::common;

use asamblea_pdf::page::{MARGIN_X, WIDTH};
use asamblea_pdf::{Block, ColumnWidths, Document, Table, render, shown_text, text_width};
use proptest::prelude::*;

/// Text that exercises the layout: words, accents, spaces, line breaks, unsupported characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z0-9]{1,12}",
                "[áéíóúñü¿¡«»–—“”’€…ÑÁ]{1,4}",
                Just(" ".to_string()),
                Just("\n".to_string()),
                Just("\r\n\t".to_string()),
                "[WMW@]{20,90}",
                "[\\u{0370}-\\u{03FF}\\u{1F600}-\\u{1F64F}\\u{0300}-\\u{0330}]{1,3}",
                "[ỹẽg̃ĩũŁłźŞİıЖж漢\\u{7}\\u{2068}\\u{2069}\\u{AD}]{1,4}",
            ],
            0..60
        )
        .prop_map(|v| v.concat()),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        (0u8..5, text()).prop_map(|(l, t)| Block::Heading(l, t)),
        text().prop_map(Block::Paragraph),
        proptest::collection::vec((text(), text()), 0..4).prop_map(Block::KeyValue),
        (
            proptest::collection::vec(text(), 0..5),
            proptest::collection::vec(proptest::collection::vec(text(), 0..5), 0..6),
            proptest::option::of(proptest::collection::vec(0.0f32..10.0, 0..5)),
        )
            .prop_map(|(header, rows, weights)| Block::Table(Table {
                header,
                rows,
                widths: weights.map_or(ColumnWidths::Auto, ColumnWidths::Relative),
            })),
        Just(Block::Rule),
    ]
}

/// The visible characters of `s` as the PDF shows them (with U+FFFD for those the font lacks),
/// without spaces and line breaks.
fn visible(s: &str) -> String {
    shown_text(s, false)
        .chars()
        .filter(|c| *c != ' ' && *c != '\n')
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn arbitrary_documents_render(
        title in text(),
        meta in proptest::collection::vec(text(), 0..3),
        blocks in proptest::collection::vec(block(), 0..8),
        footer in proptest::option::of(text()),
    ) {
        let doc = Document { title: title.clone(), meta, blocks, footer, lang: None };
        let r = common::read(&render(&doc));
        prop_assert!(r.pages >= 1);
        prop_assert_eq!(&r.title, &title);
        for run in &r.runs {
            let w = text_width(&run.text, run.bold(), run.size);
            prop_assert!(run.x >= MARGIN_X - 0.01, "{:?}", run);
            prop_assert!(run.x + w <= WIDTH - MARGIN_X + 0.01, "{:?} is {} wide", run, w);
        }
    }

    #[test]
    fn paragraphs_lose_no_character(s in text()) {
        let mut doc = Document::new("");
        doc.push(Block::Paragraph(s.clone()));
        let r = common::read(&render(&doc));
        let got: String = r.body().map(|x| x.text.replace(' ', "")).collect();
        prop_assert_eq!(got, visible(&s));
    }
}
