//! Writes a sample document to standard output, to look at the layout:
//! `cargo run -p asamblea-pdf --example sample > sample.pdf`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests and tools speak by panicking

use std::io::Write;

use asamblea_pdf::{Block, ColumnWidths, Document, Table, render};

fn main() -> std::io::Result<()> {
    let mut doc = Document::new("Acta de la sesión 3 — «ordinaria»");
    doc.meta = vec![
        "Asamblea Departamental de Cochabamba".into(),
        "Sesión cerrada el 12 de marzo de 2026".into(),
    ];
    doc.footer = Some("Asamblea · Acta de la sesión 3".into());
    doc.lang = Some("es".into());
    doc.push(Block::KeyValue(vec![
        ("Presidencia".into(), "Ana Pérez".into()),
        ("Registro".into(), "posición 1234, hash 3f2a…".into()),
    ]));
    // Names beyond Western European Latin, and one character the font lacks.
    doc.push(Block::Paragraph(
        "Delegados: Mbaʼe Ñandutí Avañeʼẽ (ỹ ẽ g̃ ĩ ũ), Tʼika Quispe Chʼaska, Łukasz Wróbel \
         (Łódź), Çağrı Şahin (İstanbul), Ελένη Παπαδοπούλου, Мария Иванова (Москва), 王 (漢)."
            .into(),
    ));
    for i in 1..=12 {
        doc.push(Block::Heading(
            2,
            format!("{i}. Punto del orden del día número {i}"),
        ));
        doc.push(Block::Paragraph(
            "¿Se aprueba el presupuesto? ¡Sí! La asamblea, reunida en pleno, debatió la moción \
             “sobre el año fiscal” – con enmiendas — y resolvió lo que sigue. "
                .repeat(1 + i % 3),
        ));
        doc.push(Block::Table(Table {
            header: vec![
                "Votación".into(),
                "Sí".into(),
                "No".into(),
                "Abst.".into(),
                "Resultado".into(),
            ],
            rows: (0..(i * 3))
                .map(|k| {
                    vec![
                        format!("Moción {k} sobre la reforma del reglamento interno"),
                        "31".into(),
                        "4".into(),
                        "2".into(),
                        "Aprobada por mayoría absoluta".into(),
                    ]
                })
                .collect(),
            widths: ColumnWidths::Auto,
        }));
        doc.push(Block::Rule);
    }
    std::io::stdout().write_all(&render(&doc))
}
