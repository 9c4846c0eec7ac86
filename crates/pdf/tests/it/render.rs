//! Renders documents and reads them back with lopdf.

use crate::common::{Read, Run, assert_in_order, read};
use asamblea_pdf::page::{HEIGHT, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, TEXT_WIDTH, WIDTH};
use asamblea_pdf::{Block, ColumnWidths, Document, Table, render, text_width};

const TOL: f32 = 0.01;

fn sample() -> Document {
    let mut doc = Document::new("Acta de la sesión 3 — «ordinaria»");
    doc.meta = vec![
        "Asamblea Departamental".into(),
        "12 de marzo de 2026".into(),
    ];
    doc.lang = Some("es".into());
    doc.footer = Some("Asamblea · Acta".into());
    doc.push(Block::Heading(1, "Orden del día".into()))
        .push(Block::Paragraph("Primer párrafo del acta.".into()))
        .push(Block::KeyValue(vec![
            ("Presidencia".into(), "Ana Pérez".into()),
            ("Secretaría".into(), "Luis Quispe".into()),
        ]))
        .push(Block::Rule)
        .push(Block::Heading(2, "Votaciones".into()))
        .push(Block::Table(Table {
            header: vec!["Votación".into(), "Sí".into(), "No".into()],
            rows: vec![
                vec!["Presupuesto".into(), "31".into(), "4".into()],
                vec!["Reglamento".into(), "20".into(), "15".into()],
            ],
            widths: ColumnWidths::Auto,
        }))
        .push(Block::Paragraph("Se levanta la sesión.".into()));
    doc
}

/// Every run lies inside the page's text width (left and right margins) and above the bottom.
fn assert_within_margins(r: &Read) {
    for run in &r.runs {
        let w = text_width(&run.text, run.bold(), run.size);
        assert!(run.x >= MARGIN_X - TOL, "left of the margin: {run:?}");
        assert!(
            run.x + w <= WIDTH - MARGIN_X + TOL,
            "past the right margin by {}: {run:?}",
            run.x + w - (WIDTH - MARGIN_X)
        );
        assert!(
            run.y <= HEIGHT - MARGIN_TOP,
            "above the top margin: {run:?}"
        );
        assert!(run.y > 20.0, "off the bottom: {run:?}");
    }
}

fn body_runs(r: &Read) -> Vec<&Run> {
    r.body().collect()
}

#[test]
fn a4_pages_fonts_and_title_metadata() {
    let doc = sample();
    let r = read(&render(&doc));
    assert_eq!(r.pages, 1);
    assert_eq!(r.media_boxes, vec![vec![0.0, 0.0, WIDTH, HEIGHT]]);
    assert_eq!(r.title, "Acta de la sesión 3 — «ordinaria»");
    // The title is the first, largest, bold line.
    let first = &r.runs[0];
    assert_eq!(first.text, "Acta de la sesión 3 — «ordinaria»");
    assert!(first.bold() && first.size > 12.0);
    // The catalog carries the language.
    let bytes = render(&doc);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("/Lang (es)"), "no /Lang");
}

#[test]
fn text_is_extractable_and_in_order() {
    let r = read(&render(&sample()));
    assert_in_order(
        &r.text(),
        &[
            "Acta de la sesión 3",
            "Asamblea Departamental",
            "12 de marzo de 2026",
            "Orden del día",
            "Primer párrafo del acta.",
            "Presidencia",
            "Ana Pérez",
            "Secretaría",
            "Luis Quispe",
            "Votaciones",
            "Votación",
            "Sí",
            "No",
            "Presupuesto",
            "31",
            "4",
            "Reglamento",
            "20",
            "15",
            "Se levanta la sesión.",
            "Asamblea · Acta",
            "1 / 1",
        ],
    );
    // Labels of a key-value list are bold, values are not; the header row is bold.
    let find = |t: &str| r.runs.iter().find(|x| x.text == t).unwrap();
    assert!(find("Presidencia").bold());
    assert!(!find("Ana Pérez").bold());
    assert!(find("Votación").bold());
    assert!(!find("Presupuesto").bold());
    // Values sit on the line of their label, to the right of the longest label.
    assert_eq!(find("Presidencia").y, find("Ana Pérez").y);
    assert!(find("Ana Pérez").x >= find("Secretaría").x + text_width("Secretaría", true, 10.0));
    // Key-value labels align with paragraphs.
    assert!((find("Presidencia").x - MARGIN_X).abs() < TOL);
    assert_within_margins(&r);
}

#[test]
fn spanish_and_typographic_characters_round_trip() {
    let s = "¿Qué año? ¡Sí! Ñandú, pingüino; «citas» – y — “comillas” ‘simples’ l’apóstrofo … 5 € · ÁÉÍÓÚ Üü ç";
    let mut doc = Document::new(s);
    doc.push(Block::Paragraph(s.into()))
        .push(Block::Heading(1, s.into()))
        .push(Block::Table(Table {
            header: vec![s.into()],
            rows: vec![vec![s.into()]],
            widths: ColumnWidths::Auto,
        }));
    let r = read(&render(&doc));
    assert_eq!(r.title, s);
    let joined = r.text();
    // The title, the paragraph, the heading, the header cell and the body cell.
    assert_eq!(joined.matches(s).count(), 5, "{joined}");
}

#[test]
fn missing_characters_become_the_replacement_character() {
    // Greek and the emoticons are in DejaVu Sans; CJK ideographs and control characters are not.
    let mut doc = Document::new("Ωmega 😀 漢字");
    doc.push(Block::Paragraph("Ωmega 😀 漢字 \u{7} ok".into()));
    let r = read(&render(&doc));
    // The metadata title keeps every character; the page shows U+FFFD.
    assert_eq!(r.title, "Ωmega 😀 漢字");
    assert_eq!(r.runs[0].text, "Ωmega 😀 \u{FFFD}\u{FFFD}");
    assert_eq!(r.runs[1].text, "Ωmega 😀 \u{FFFD}\u{FFFD} \u{FFFD} ok");
}

fn words(n: usize, seed: u64) -> String {
    // A deterministic mix of short and long words, accents included.
    let vocab = [
        "la",
        "asamblea",
        "resolución",
        "aprobó",
        "por",
        "mayoría",
        "absoluta",
        "el",
        "presupuesto",
        "departamental",
        "WWWWWW",
        "iiiiiiiiii",
        "—",
        "¿quórum?",
        "interdisciplinariedad",
    ];
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            vocab[(x >> 33) as usize % vocab.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn wrapping_never_exceeds_the_width() {
    let long = words(400, 1);
    let mut doc = Document::new(words(40, 2));
    doc.meta = vec![words(60, 3)];
    doc.footer = Some(words(80, 4));
    doc.push(Block::Heading(1, words(30, 5)))
        .push(Block::Paragraph(long.clone()))
        .push(Block::Paragraph("x".repeat(500)))
        .push(Block::KeyValue(vec![(words(20, 6), words(100, 7))]))
        .push(Block::Table(Table {
            header: vec!["a".into(), words(10, 8)],
            rows: vec![vec![words(30, 9), words(200, 10)]],
            widths: ColumnWidths::Relative(vec![1.0, 3.0]),
        }));
    let r = read(&render(&doc));
    assert_within_margins(&r);

    // The paragraph was wrapped into several full lines, and no word was lost or split.
    let para: Vec<&Run> = r
        .runs
        .iter()
        .filter(|x| {
            !x.bold()
                && x.size == 10.0
                && (x.x - MARGIN_X).abs() < TOL
                && !x.text.starts_with("xxx")
        })
        .collect();
    assert!(para.len() > 10, "{} lines", para.len());
    for line in &para[..para.len() - 1] {
        // A wrapped line is reasonably full: the next word did not fit.
        assert!(
            text_width(&line.text, false, 10.0) > TEXT_WIDTH * 0.6,
            "{line:?}"
        );
    }
    let got: Vec<&str> = para.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(got.join(" "), long);

    // A word longer than a line is broken between characters.
    let xs: Vec<&Run> = r
        .runs
        .iter()
        .filter(|x| x.text.starts_with("xxx"))
        .collect();
    assert!(xs.len() >= 2);
    assert_eq!(xs.iter().map(|x| x.text.len()).sum::<usize>(), 500);

    // The footer was shortened to fit with "…", next to the page number.
    let footer = r
        .runs
        .iter()
        .find(|x| x.y < MARGIN_BOTTOM && x.text.ends_with('…'));
    assert!(footer.is_some(), "no shortened footer");

    // Relative widths: the first column is a quarter of the width, its text stays inside it.
    let first_col_right = MARGIN_X + TEXT_WIDTH / 4.0;
    let header_a = r.runs.iter().find(|x| x.text == "a" && x.bold()).unwrap();
    let cells: Vec<&Run> = r
        .runs
        .iter()
        .filter(|x| x.size == 9.0 && !x.bold() && (x.x - header_a.x).abs() < TOL)
        .collect();
    assert!(cells.len() > 2);
    for c in cells {
        assert!(
            c.x + text_width(&c.text, false, 9.0) <= first_col_right + TOL,
            "{c:?}"
        );
    }
}

#[test]
fn long_documents_break_pages_with_numbers() {
    let mut doc = Document::new("Long");
    for i in 0..300 {
        doc.push(Block::Paragraph(format!("Paragraph {i} {}", words(12, i))));
    }
    let r = read(&render(&doc));
    assert!(r.pages >= 5, "{} pages", r.pages);
    assert_within_margins(&r);
    // Every paragraph is there once, in order.
    let body: Vec<&str> = body_runs(&r)
        .into_iter()
        .filter(|x| x.text.starts_with("Paragraph "))
        .map(|x| x.text.split(' ').nth(1).unwrap())
        .collect();
    let expected: Vec<String> = (0..300).map(|i| i.to_string()).collect();
    assert_eq!(body, expected);
    // Each page: body above the bottom margin, "n / N" in the footer.
    for page in 1..=r.pages {
        let number = format!("{page} / {}", r.pages);
        let footer: Vec<&Run> = r.page_runs(page).filter(|x| x.y < MARGIN_BOTTOM).collect();
        assert_eq!(footer.len(), 1, "page {page}");
        assert_eq!(footer[0].text, number);
        assert!(footer[0].x + text_width(&number, false, footer[0].size) <= WIDTH - MARGIN_X + TOL);
        let lowest = r
            .page_runs(page)
            .filter(|x| x.y >= MARGIN_BOTTOM)
            .map(|x| x.y)
            .fold(f32::MAX, f32::min);
        assert!(
            lowest - 4.0 > MARGIN_BOTTOM,
            "page {page} runs into the margin"
        );
    }
    // Pages before the last are reasonably full.
    for page in 1..r.pages {
        let lowest = r
            .page_runs(page)
            .filter(|x| x.y >= MARGIN_BOTTOM)
            .map(|x| x.y)
            .fold(f32::MAX, f32::min);
        assert!(
            lowest < MARGIN_BOTTOM + 60.0,
            "page {page} ends at {lowest}"
        );
    }
}

fn table_doc(rows: usize) -> Document {
    let mut doc = Document::new("Table");
    doc.push(Block::Paragraph("Before.".into()));
    doc.push(Block::Table(Table {
        header: vec!["Nº".into(), "Delegado".into(), "Voto".into()],
        rows: (0..rows)
            .map(|i| vec![format!("{i}"), format!("Delegada número {i}"), "Sí".into()])
            .collect(),
        widths: ColumnWidths::Auto,
    }));
    doc.push(Block::Paragraph("After.".into()));
    doc
}

#[test]
fn tables_repeat_their_header_on_each_page() {
    let r = read(&render(&table_doc(200)));
    assert!(r.pages >= 3, "{} pages", r.pages);
    assert_within_margins(&r);
    for page in 1..=r.pages {
        let runs: Vec<&Run> = r.page_runs(page).filter(|x| x.y >= MARGIN_BOTTOM).collect();
        let first_cell = runs
            .iter()
            .position(|x| x.size == 9.0)
            .unwrap_or(runs.len());
        if page == r.pages && first_cell == runs.len() {
            continue;
        }
        let texts: Vec<&str> = runs[first_cell..first_cell + 3]
            .iter()
            .map(|x| x.text.as_str())
            .collect();
        assert_eq!(texts, ["Nº", "Delegado", "Voto"], "page {page}");
        assert!(runs[first_cell].bold());
    }
    // Every row once, in order, and not split between pages.
    let numbers: Vec<(usize, String)> = r
        .runs
        .iter()
        .filter(|x| x.size == 9.0 && !x.bold() && x.text.parse::<u32>().is_ok())
        .map(|x| (x.page, x.text.clone()))
        .collect();
    let expected: Vec<String> = (0..200).map(|i| i.to_string()).collect();
    assert_eq!(
        numbers.iter().map(|x| x.1.clone()).collect::<Vec<_>>(),
        expected
    );
    for (page, n) in &numbers {
        let name = format!("Delegada número {n}");
        let cell = r.runs.iter().find(|x| x.text == name).unwrap();
        assert_eq!(cell.page, *page);
    }
    assert_in_order(
        &r.text(),
        &[
            "Before.",
            "Nº Delegado Voto 0 Delegada número 0 Sí",
            "199",
            "After.",
        ],
    );
}

#[test]
fn a_row_taller_than_a_page_is_split() {
    let cell: String = (0..150).map(|i| format!("línea {i}\n")).collect();
    let mut doc = Document::new("Tall");
    doc.push(Block::Table(Table {
        header: vec!["Texto".into(), "Otra".into()],
        rows: vec![vec![cell, "b".into()], vec!["last".into(), "row".into()]],
        widths: ColumnWidths::Auto,
    }));
    let r = read(&render(&doc));
    assert!(r.pages >= 3, "{} pages", r.pages);
    assert_within_margins(&r);
    let lines: Vec<String> = r
        .runs
        .iter()
        .filter(|x| x.text.starts_with("línea "))
        .map(|x| x.text.clone())
        .collect();
    let expected: Vec<String> = (0..150).map(|i| format!("línea {i}")).collect();
    assert_eq!(lines, expected);
    let headers = r.runs.iter().filter(|x| x.text == "Texto").count();
    assert_eq!(headers, r.pages);
}

#[test]
fn headings_are_kept_with_what_follows() {
    let mut doc = Document::new("Headings");
    for i in 0..60 {
        doc.push(Block::Heading(2, format!("Heading {i}")));
        doc.push(Block::Paragraph(words(15 + (i as usize * 7) % 40, i)));
    }
    let r = read(&render(&doc));
    assert!(r.pages > 2);
    for page in 1..=r.pages {
        let last = r
            .page_runs(page)
            .filter(|x| x.y >= MARGIN_BOTTOM)
            .last()
            .unwrap();
        assert!(
            !last.text.starts_with("Heading"),
            "page {page} ends with {last:?}"
        );
    }
}

#[test]
fn empty_and_degenerate_documents_render() {
    for doc in [Document::default(), {
        let mut d = Document::new("");
        d.blocks = vec![
            Block::Paragraph(String::new()),
            Block::KeyValue(vec![]),
            Block::KeyValue(vec![(String::new(), String::new())]),
            Block::Table(Table::default()),
            Block::Table(Table {
                header: vec![],
                rows: vec![vec![], vec!["only".into()]],
                widths: ColumnWidths::Relative(vec![f32::NAN]),
            }),
            Block::Table(Table {
                header: vec!["h".into(); 3],
                rows: vec![vec!["x".into()]],
                widths: ColumnWidths::Relative(vec![0.001, 1.0, 1.0]),
            }),
            Block::Heading(0, String::new()),
            Block::Heading(200, "deep".into()),
            Block::Rule,
        ];
        d
    }] {
        let r = read(&render(&doc));
        assert_eq!(r.pages, 1);
        assert_within_margins(&r);
    }
}

#[test]
fn output_is_deterministic() {
    assert_eq!(render(&sample()), render(&sample()));
}
