//! The width tables agree with the Adobe Core14 AFM files for every WinAnsiEncoding code.

use std::collections::HashMap;

/// Glyph names of WinAnsiEncoding for 0x20..=0xFF (PDF 1.7, Annex D.2); "-" where there is none.
const NAMES: &str = "space exclam quotedbl numbersign dollar percent ampersand quotesingle \
parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six \
seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q \
R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h \
i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde - \
Euro - quotesinglbase florin quotedblbase ellipsis dagger daggerdbl circumflex perthousand Scaron \
guilsinglleft OE - Zcaron - - quoteleft quoteright quotedblleft quotedblright bullet endash emdash \
tilde trademark scaron guilsinglright oe - zcaron Ydieresis space exclamdown cent sterling currency \
yen brokenbar section dieresis copyright ordfeminine guillemotleft logicalnot hyphen registered \
macron degree plusminus twosuperior threesuperior acute mu paragraph periodcentered cedilla \
onesuperior ordmasculine guillemotright onequarter onehalf threequarters questiondown Agrave Aacute \
Acircumflex Atilde Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave Iacute \
Icircumflex Idieresis Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave \
Uacute Ucircumflex Udieresis Yacute Thorn germandbls agrave aacute acircumflex atilde adieresis \
aring ae ccedilla egrave eacute ecircumflex edieresis igrave iacute icircumflex idieresis eth \
ntilde ograve oacute ocircumflex otilde odieresis divide oslash ugrave uacute ucircumflex udieresis \
yacute thorn ydieresis";

fn afm_widths(afm: &str) -> HashMap<&str, u16> {
    afm.lines()
        .filter(|l| l.starts_with("C "))
        .map(|l| {
            let field = |key: &str| {
                l.split(';')
                    .map(str::trim)
                    .find_map(|f| f.strip_prefix(key))
                    .unwrap()
                    .trim()
            };
            (field("N "), field("WX ").parse().unwrap())
        })
        .collect()
}

fn check(afm: &str, bold: bool) {
    let widths = afm_widths(afm);
    let names: Vec<&str> = NAMES.split_whitespace().collect();
    assert_eq!(names.len(), 224);
    for (i, name) in names.iter().enumerate() {
        let code = 0x20 + i as u8;
        let ours = asamblea_pdf::glyph_width(code, bold);
        if *name == "-" {
            assert_eq!(ours, 0, "code {code:#x}");
        } else {
            assert_eq!(ours, widths[name], "code {code:#x} ({name}), bold {bold}");
        }
    }
}

#[test]
fn helvetica() {
    check(pdf_core_14_font_afms::HELVETICA, false);
}

#[test]
fn helvetica_bold() {
    check(pdf_core_14_font_afms::HELVETICA_BOLD, true);
}

#[test]
fn the_names_match_the_encoding() {
    // Spot checks that the name list above lines up with the codes our encoder produces.
    let names: Vec<&str> = NAMES.split_whitespace().collect();
    let name_of = |c: char| {
        let b = asamblea_pdf::to_winansi(&c.to_string())[0];
        names[usize::from(b - 0x20)]
    };
    for (c, n) in [
        ('A', "A"),
        ('~', "asciitilde"),
        ('€', "Euro"),
        ('–', "endash"),
        ('—', "emdash"),
        ('“', "quotedblleft"),
        ('’', "quoteright"),
        ('¡', "exclamdown"),
        ('«', "guillemotleft"),
        ('¿', "questiondown"),
        ('Ñ', "Ntilde"),
        ('á', "aacute"),
        ('ü', "udieresis"),
        ('ÿ', "ydieresis"),
    ] {
        assert_eq!(name_of(c), n, "{c}");
    }
}
