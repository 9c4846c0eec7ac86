//! From Unicode text to WinAnsiEncoding bytes (PDF 1.7, Annex D.2; Windows code page 1252).

/// Encodes `text` in WinAnsiEncoding for the standard fonts.
///
/// - Printable ASCII and U+00A0..=U+00FF map to themselves; the 27 typographic characters of the
///   0x80..=0x9F range (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) to their codes.
/// - A line break (`\n`, `\r\n` or `\r`) becomes `\n` (0x0A), the layout's hard break; a tab
///   becomes a space.
/// - A combining grave, acute, circumflex, tilde, diaeresis, ring, caron or cedilla after a letter
///   is composed with it where the result is in WinAnsiEncoding (`e` + U+0301 gives `é`).
/// - The soft hyphen, zero-width spaces and joiners, directional marks and isolates (Fluent
///   wraps arguments in U+2068/U+2069) and the byte order mark are dropped.
/// - Every other character (other control characters, Greek, Cyrillic, CJK, emoji, ...) becomes
///   `?`, one per character.
pub fn to_winansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(b'\n');
            }
            '\n' => out.push(b'\n'),
            '\t' => out.push(b' '),
            '\u{AD}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => {}
            _ => {
                if let Some(&mark) = chars.peek()
                    && let Some(composed) = compose(c, mark)
                {
                    chars.next();
                    out.push(composed);
                    continue;
                }
                out.push(byte(c).unwrap_or(b'?'));
            }
        }
    }
    out
}

/// The WinAnsiEncoding code of a printable character, if it has one.
pub(crate) fn byte(c: char) -> Option<u8> {
    let b = match c {
        ' '..='~' | '\u{A0}'..='\u{AC}' | '\u{AE}'..='\u{FF}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// Canonical composition of a letter and a combining mark, for the results in WinAnsiEncoding.
fn compose(base: char, mark: char) -> Option<u8> {
    // Pairs of (base letter, composed letter) for each combining mark.
    let pairs = match mark {
        '\u{300}' => "AÀEÈIÌOÒUÙaàeèiìoòuù",
        '\u{301}' => "AÁEÉIÍOÓUÚYÝaáeéiíoóuúyý",
        '\u{302}' => "AÂEÊIÎOÔUÛaâeêiîoôuû",
        '\u{303}' => "AÃNÑOÕaãnñoõ",
        '\u{308}' => "AÄEËIÏOÖUÜYŸaäeëiïoöuüyÿ",
        '\u{30A}' => "AÅaå",
        '\u{30C}' => "SŠZŽsšzž",
        '\u{327}' => "CÇcç",
        _ => return None,
    };
    let mut it = pairs.chars();
    while let (Some(b), Some(composed)) = (it.next(), it.next()) {
        if b == base {
            return byte(composed);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_typography() {
        assert_eq!(
            to_winansi("¿Año? ¡Sí! «ü» – — “x” ’"),
            b"\xBFA\xF1o? \xA1S\xED! \xAB\xFC\xBB \x96 \x97 \x93x\x94 \x92"
        );
    }

    #[test]
    fn outside_winansi_is_a_question_mark() {
        assert_eq!(to_winansi("a\u{3B1}b😀c\u{7}d"), b"a?b?c?d");
    }

    #[test]
    fn breaks_tabs_and_invisibles() {
        assert_eq!(
            to_winansi("a\r\nb\rc\nd\te\u{AD}f\u{FEFF}"),
            b"a\nb\nc\nd ef"
        );
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(to_winansi("e\u{301}n\u{303}u\u{308}"), b"\xE9\xF1\xFC");
        // A mark with nothing to compose with stays unsupported.
        assert_eq!(to_winansi("x\u{301}"), b"x?");
    }
}
