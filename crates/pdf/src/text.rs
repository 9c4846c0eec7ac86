//! From the caller's text to the characters that are set: line breaks unified, invisible
//! characters dropped, accents composed, and characters the font lacks replaced.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

use crate::font::font;

/// The text as it is set in the regular (or bold) font:
///
/// - A line break (`\n`, `\r\n` or `\r`) becomes `\n`, the layout's hard break; a tab becomes a
///   space.
/// - The soft hyphen, zero-width spaces and joiners, directional marks and isolates (Fluent
///   wraps arguments in U+2068/U+2069) and the byte order mark are dropped.
/// - The rest is put in Unicode normalization form C, so that a letter followed by a combining
///   accent uses the font's precomposed letter where Unicode has one (`e` + U+0301 gives `é`).
///   A composed character the font lacks is decomposed again if the font has all of its parts
///   (they are then drawn one after the other, without mark positioning).
/// - Control characters and characters the font has no glyph for become the replacement
///   character U+FFFD (`�`), one per character.
///
/// Every character of the result other than `\n` has a glyph in the font, and applying the
/// function again changes nothing.
pub(crate) fn prepare(text: &str, bold: bool) -> String {
    let f = font(bold);
    let mut unified = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                unified.push('\n');
            }
            '\t' => unified.push(' '),
            '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => {}
            _ => unified.push(c),
        }
    }
    let mut out = String::with_capacity(unified.len());
    for c in unified.nfc() {
        if c == '\n' {
            out.push(c);
        } else if c.is_control() {
            out.push(f.replacement);
        } else if f.has(c) {
            out.push(c);
        } else {
            let mut parts = Vec::new();
            decompose_canonical(c, |p| parts.push(p));
            if parts.len() > 1 && parts.iter().all(|&p| f.has(p)) {
                out.extend(parts);
            } else {
                out.push(f.replacement);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_guarani_and_other_scripts_are_kept() {
        for s in [
            "¿Año? ¡Sí! «ü» – — “x” ’ € …",
            "Mba'éichapa, ỹ ẽ g̃ ĩ ũ",
            "Łódź Ñuñoa İstanbul Ελλάδα Москва",
        ] {
            assert_eq!(prepare(s, false), s);
            assert_eq!(prepare(s, true), s);
        }
    }

    #[test]
    fn missing_and_control_characters_are_replaced() {
        assert_eq!(prepare("a漢b\u{7}c", false), "a\u{FFFD}b\u{FFFD}c");
    }

    #[test]
    fn breaks_tabs_and_invisibles() {
        assert_eq!(
            prepare("a\r\nb\rc\nd\te\u{AD}f\u{FEFF}\u{2068}g\u{2069}", false),
            "a\nb\nc\nd efg"
        );
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(prepare("e\u{301}n\u{303}u\u{308}y\u{303}", false), "éñüỹ");
        // Nothing to compose with: the combining mark stays (DejaVu has it).
        assert_eq!(prepare("g\u{303}x\u{301}", false), "g\u{303}x\u{301}");
    }

    #[test]
    fn composed_letters_the_font_lacks_are_decomposed() {
        // Some letter that NFC composes but DejaVu has only as base and mark.
        let f = font(false);
        let c = ('\u{C0}'..='\u{2FFFF}')
            .find(|&c| {
                let mut parts = Vec::new();
                decompose_canonical(c, |p| parts.push(p));
                c.to_string().nfc().eq([c])
                    && !f.has(c)
                    && parts.len() > 1
                    && parts.iter().all(|&p| f.has(p))
            })
            .expect("such a letter");
        let shown = prepare(&c.to_string(), false);
        assert_eq!(shown.nfc().collect::<String>(), c.to_string());
        assert!(shown.chars().count() > 1, "{c:?}");
    }

    #[test]
    fn idempotent() {
        let s = "e\u{301} 漢 \u{7} g\u{303} \r\n\t\u{2068}x";
        for bold in [false, true] {
            let once = prepare(s, bold);
            assert_eq!(prepare(&once, bold), once);
        }
    }
}
