//! The registry's CSV files: read and written by [`asamblea_formats::sheet`] (pure, fuzzed);
//! here only the digest an import preview is confirmed by.

use sha2::{Digest, Sha256};

pub use asamblea_formats::sheet::{
    Column, MAX_ROWS, Problem, Row, mis_decoded, normalize, read, write,
};

/// Lower-case hex SHA-256 of the normalized text.
pub fn digest(text: &str) -> String {
    hex::encode(Sha256::digest(normalize(text).as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_ignores_line_break_style() {
        assert_eq!(digest("a,b\r\n1,2\r\n"), digest("a,b\n1,2\n"));
        assert_ne!(digest("a,b\n1,2\n"), digest("a,b\n1,3\n"));
    }
}
