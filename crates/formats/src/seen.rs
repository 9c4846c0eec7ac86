//! How far a parser has read, for a progress bar drawn by another thread.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of its input a parser has read so far. Parsers note their position every
/// [`Seen::EVERY`] lines (one relaxed store: nothing a count of a million ballots would notice);
/// a progress bar reads it from another thread.
#[derive(Debug, Default)]
pub struct Seen(AtomicUsize);

impl Seen {
    /// Lines between two notes (a power of two, so the test is a mask).
    pub const EVERY: usize = 4096;

    /// A counter at zero.
    pub fn new() -> Seen {
        Seen::default()
    }

    /// The bytes read so far.
    pub fn bytes(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Notes that the parser is at byte `pos` if `line` is a multiple of [`Seen::EVERY`].
    #[inline]
    pub(crate) fn at_line(&self, line: usize, pos: usize) {
        if line & (Seen::EVERY - 1) == 0 {
            self.0.store(pos, Ordering::Relaxed);
        }
    }

    /// Notes that the parser has read all `len` bytes.
    pub(crate) fn done(&self, len: usize) {
        self.0.store(len, Ordering::Relaxed);
    }
}

/// Where `line` (a slice of `text`) starts in `text`, in bytes.
pub(crate) fn offset_in(text: &str, line: &str) -> usize {
    (line.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_every_few_thousand_lines_and_the_end() {
        let seen = Seen::new();
        seen.at_line(Seen::EVERY - 1, 10);
        assert_eq!(seen.bytes(), 0, "not yet a multiple of EVERY");
        seen.at_line(Seen::EVERY, 20);
        assert_eq!(seen.bytes(), 20);
        seen.done(30);
        assert_eq!(seen.bytes(), 30);
    }

    /// A file of `3 * EVERY` ballot lines in each format, then `bad` (which may be empty).
    fn files(bad: &str) -> [String; 3] {
        let mut blt = String::from("3 1\n");
        let mut soi = String::from("# NUMBER ALTERNATIVES: 3\n");
        let mut cvr = String::from("rank1,rank2\n");
        for i in 0..3 * Seen::EVERY {
            blt.push_str(&format!("1 {} {} 0\n", i % 3 + 1, (i + 1) % 3 + 1));
            soi.push_str(&format!("1: {},{}\n", i % 3 + 1, (i + 1) % 3 + 1));
            let names = ["a", "b", "c"];
            cvr.push_str(&format!("{},{}\n", names[i % 3], names[(i + 1) % 3]));
        }
        blt.push_str(bad);
        blt.push_str("0\n\"A\"\n\"B\"\n\"C\"\n\"t\"\n");
        soi.push_str(bad);
        cvr.push_str(bad);
        [blt, soi, cvr]
    }

    fn parse(format: usize, text: &str, seen: &Seen) -> bool {
        match format {
            0 => crate::blt::parse_seen(text, seen).is_ok(),
            1 => crate::preflib::parse_seen(text, seen).is_ok(),
            _ => crate::cvr::parse_seen(text, Default::default(), seen).is_ok(),
        }
    }

    #[test]
    fn each_parser_ends_having_seen_its_whole_input() {
        for (format, text) in files("").iter().enumerate() {
            let seen = Seen::new();
            assert!(parse(format, text, &seen), "format {format}");
            assert_eq!(seen.bytes(), text.len(), "format {format}");
        }
    }

    #[test]
    fn each_parser_notes_its_progress_on_the_way() {
        // A bad line at the end: the parse fails there, so `seen` holds the last note taken
        // on the way, past the start and short of the end.
        for (format, text) in files("1 x y z,a,b,c,d\n").iter().enumerate() {
            let seen = Seen::new();
            assert!(
                !parse(format, text, &seen),
                "format {format} refuses the last line"
            );
            let at = seen.bytes();
            assert!(
                at > text.len() / 2 && at < text.len(),
                "format {format}: {at}"
            );
        }
    }
}
