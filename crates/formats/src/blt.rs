//! BLT ballot files (ERS, OpenSTV, Droop):
//!
//! ```text
//! 4 2              # candidates seats
//! -3               # optional: withdrawn candidates, negative ids
//! 12 1 2 0         # weight, preferences by candidate id (1-based), 0
//! 3 2=4 1 0        # "2=4": candidates 2 and 4 ranked equal; "-" marks a skipped rank
//! 0                # end of ballots
//! "Alice"          # one name per candidate, quoted
//! "Bob"
//! "Carol"
//! "Dan"
//! "Title"          # optional
//! ```
//!
//! Droop's option lines between the header and the ballots are read too: `[nick a b c d]` names
//! candidates by nickname (ballots may then use nicknames: `3 a b=c 0`), `[withdrawn b]`
//! withdraws them; other options (`[tie ...]`) are ignored.
//!
//! A quote inside a quoted name is written twice (`"Ann ""Red"" Smith"`); a line that does not
//! start with a quote is taken whole as a name or title. `#` starts a comment outside quotes. A ballot may start with an id in parentheses, `(17) 1 2 3 0`,
//! which is ignored. A candidate repeated on a ballot counts at its first mention only. Identical
//! ballots are merged (their weights added).

use asamblea_rules::count::{BallotBox, Election};

use crate::ParseError;

/// The largest number of candidates a file may declare.
pub const MAX_CANDIDATES: usize = 100_000;

/// Builds one ballot's flat preferences, dropping candidates already ranked.
pub(crate) struct RankBuilder {
    seen: Vec<bool>,
    prefs: Vec<u32>,
}

impl RankBuilder {
    pub fn new(candidates: usize) -> Self {
        Self {
            seen: vec![false; candidates],
            prefs: Vec::new(),
        }
    }

    /// Appends one rank (candidates ranked equally); repeated candidates are dropped.
    pub fn push_rank(&mut self, rank: &[u32]) {
        let mut first = true;
        for &c in rank {
            let Some(seen) = self.seen.get_mut(c as usize) else {
                continue;
            };
            if *seen {
                continue;
            }
            *seen = true;
            let flag = if first {
                0
            } else {
                asamblea_rules::count::TIED_WITH_PREVIOUS
            };
            self.prefs.push(c | flag);
            first = false;
        }
    }

    /// Appends one candidate ranked alone; a repeated candidate is dropped.
    #[inline]
    pub fn push_one(&mut self, c: u32) {
        if let Some(seen) = self.seen.get_mut(c as usize)
            && !*seen
        {
            *seen = true;
            self.prefs.push(c);
        }
    }

    /// Puts the ballot in `ballots` and clears the builder for the next one.
    pub fn finish(&mut self, ballots: &mut BallotBox, weight: u64) {
        for &p in &self.prefs {
            self.seen[(p & asamblea_rules::count::CANDIDATE_MASK) as usize] = false;
        }
        ballots.add(&self.prefs, weight);
        self.prefs.clear();
    }

    /// Forgets the ballot under construction.
    pub fn clear(&mut self) {
        for &p in &self.prefs {
            self.seen[(p & asamblea_rules::count::CANDIDATE_MASK) as usize] = false;
        }
        self.prefs.clear();
    }
}

/// FNV-1a for the nickname table: short keys, no need for SipHash's protection.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FastMap<K> = std::collections::HashMap<K, u32, std::hash::BuildHasherDefault<Fnv>>;

/// Droop nicknames. Names of up to 7 bytes (the usual `a`, `c12`...) are packed with their length
/// into a `u64` key and kept in a small open-addressing table (multiplicative hash, linear
/// probing), so a lookup is a multiply, a shift and usually one compare; longer names go to a
/// hash map.
#[derive(Default)]
struct Nicks {
    /// Packed keys (0 = empty slot: a packed key always holds a length of at least 1).
    keys: Vec<u64>,
    ids: Vec<u32>,
    shift: u32,
    short: usize,
    long: FastMap<String>,
}

impl Nicks {
    fn pack(name: &str) -> Option<u64> {
        Self::pack_bytes(name.as_bytes())
    }
    #[inline]
    fn pack_bytes(bytes: &[u8]) -> Option<u64> {
        if bytes.len() > 7 || bytes.is_empty() {
            return None;
        }
        let mut key = (bytes.len() as u64) << 56;
        for (i, &b) in bytes.iter().enumerate() {
            key |= u64::from(b) << (8 * i);
        }
        Some(key)
    }
    #[inline]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }
    fn is_empty(&self) -> bool {
        self.short == 0 && self.long.is_empty()
    }
    fn clear(&mut self) {
        self.keys.clear();
        self.ids.clear();
        self.short = 0;
        self.long.clear();
    }
    fn insert(&mut self, name: &str, c: u32) {
        let Some(key) = Self::pack(name) else {
            self.long.insert(name.to_string(), c);
            return;
        };
        // Keep the table at most a quarter full.
        if (self.short + 1) * 4 > self.keys.len() {
            let old: Vec<(u64, u32)> = self
                .keys
                .iter()
                .zip(&self.ids)
                .filter(|(k, _)| **k != 0)
                .map(|(k, v)| (*k, *v))
                .collect();
            let size = ((self.short + 1) * 4).next_power_of_two().max(16);
            self.keys = vec![0; size];
            self.ids = vec![0; size];
            self.shift = 64 - size.trailing_zeros();
            self.short = 0;
            for (k, v) in old {
                self.put(k, v);
            }
        }
        self.put(key, c);
    }
    fn put(&mut self, key: u64, c: u32) {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            if self.keys[i] == key {
                self.ids[i] = c;
                return;
            }
            if self.keys[i] == 0 {
                self.keys[i] = key;
                self.ids[i] = c;
                self.short += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
    #[inline]
    fn get_packed(&self, key: u64) -> Option<u32> {
        if self.short == 0 {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.ids[i]);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
    fn get(&self, name: &str) -> Option<u32> {
        match Self::pack(name) {
            Some(k) => self.get_packed(k),
            None => self.long.get(name).copied(),
        }
    }
}

/// Reads the common ballot line `WEIGHT C C ... 0` straight from the bytes of the file, from the
/// start of a line: tokens separated by spaces or tabs, each a candidate id or a nickname of up
/// to 7 bytes, the line ended by `\n`, `\r\n` or the end of the file. Returns the weight, with
/// the ranking in `rb`, and the bytes used (line ending included), or `None` for anything else
/// (comments, quotes, ballot ids, `-`, `=`, long, unknown or out-of-range candidates, a missing or
/// misplaced `0`, other white space...), which the general path then reads again from the start
/// of the line, with its located errors. Both paths give the same ballot.
#[inline]
fn fast_ballot(b: &[u8], nicks: &Nicks, n: usize, rb: &mut RankBuilder) -> Option<(u64, usize)> {
    let len = b.len();
    let mut i = 0;
    let mut weight: u64 = 0;
    while i < len && b[i].is_ascii_digit() {
        weight = weight
            .checked_mul(10)?
            .checked_add(u64::from(b[i] - b'0'))?;
        i += 1;
    }
    if i == 0 || i == len || !(b[i] == b' ' || b[i] == b'\t') {
        return None;
    }
    rb.clear();
    loop {
        while i < len && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        let c0 = *b.get(i)?;
        if c0.is_ascii_digit() {
            let start = i;
            let mut id: usize = 0;
            while i < len && b[i].is_ascii_digit() {
                if id > n {
                    return None;
                }
                id = id * 10 + usize::from(b[i] - b'0');
                i += 1;
            }
            if i < len && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                return None;
            }
            if i - start == 1 && c0 == b'0' {
                // The closing 0 ends the line.
                while i < len && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                return match b.get(i) {
                    None => Some((weight, i)),
                    Some(b'\n') => Some((weight, i + 1)),
                    Some(b'\r') if b.get(i + 1) == Some(&b'\n') => Some((weight, i + 2)),
                    _ => None,
                };
            }
            if id == 0 || id > n {
                return None;
            }
            rb.push_one(id as u32 - 1);
        } else {
            if matches!(c0, b'-' | b'(' | b'\n' | b'\r') {
                return None;
            }
            // A nickname, packed as `Nicks::pack_bytes` packs it.
            let mut key: u64 = 0;
            let mut k = 0;
            while i < len && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
                if k == 7 || matches!(b[i], b'#' | b'"' | b'=') {
                    return None;
                }
                key |= u64::from(b[i]) << (8 * k);
                k += 1;
                i += 1;
            }
            rb.push_one(nicks.get_packed(key | (k as u64) << 56)?);
        }
    }
}

/// The lines of a text with their numbers (from 1), exactly as `str::lines` splits them, with a
/// position that [`fast_ballot`] can move past a line it has read.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
    ln: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        self.ln += 1;
        match rest.find('\n') {
            Some(i) => {
                self.pos += i + 1;
                let line = &rest[..i];
                Some((self.ln, line.strip_suffix('\r').unwrap_or(line)))
            }
            None => {
                self.pos = self.text.len();
                Some((self.ln, rest))
            }
        }
    }
}

/// Strips a `#` comment that is outside double quotes.
fn strip_comment(line: &str) -> &str {
    // '"' and '#' are ASCII, so scanning bytes is safe in UTF-8.
    let mut quoted = false;
    for (i, &b) in line.as_bytes().iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// A line without its comment and surrounding white space.
fn clean_line(line: &str) -> &str {
    strip_comment(line).trim()
}

/// Parses a whole number token, naming `what` in the error.
fn number<T: std::str::FromStr>(tok: &str, line: usize, what: &str) -> Result<T, ParseError> {
    tok.parse::<T>().map_err(|_| {
        ParseError::at_field(
            line,
            what,
            format!("expected a whole number, found {tok:?}"),
        )
    })
}

/// Reads a quoted string whose opening quote is already consumed; `""` stands for one quote.
/// Returns the text and what follows the closing quote.
fn quoted(s: &str) -> Option<(String, &str)> {
    let mut text = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '"' {
            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                chars.next();
                text.push('"');
                continue;
            }
            return Some((text, &s[i + 1..]));
        }
        text.push(ch);
    }
    None
}

/// Parses a BLT file.
pub fn parse(text: &str) -> Result<Election, ParseError> {
    parse_lines(text, true)
}

/// [`parse`], with the byte-level fast path for ballot lines on or off (tests compare the two).
fn parse_lines(text: &str, fast: bool) -> Result<Election, ParseError> {
    let mut raw = Lines {
        text,
        pos: 0,
        ln: 0,
    };
    let mut last_line = 0;
    // Header.
    let (hline, header) = loop {
        match raw.next().map(|(n, l)| (n, clean_line(l))) {
            Some((n, l)) if !l.is_empty() => break (n, l),
            Some(_) => continue,
            None => {
                return Err(ParseError::whole(
                    "empty file: expected \"CANDIDATES SEATS\" on the first line",
                ));
            }
        }
    };
    let head: Vec<&str> = header.split_whitespace().collect();
    if head.len() != 2 {
        return Err(ParseError::at_line(
            hline,
            "expected \"CANDIDATES SEATS\" (two whole numbers)",
        ));
    }
    let n: usize = number(head[0], hline, "candidates")?;
    let seats: usize = number(head[1], hline, "seats")?;
    if n == 0 || n > MAX_CANDIDATES {
        return Err(ParseError::at_field(
            hline,
            "candidates",
            format!("expected 1 to {MAX_CANDIDATES} candidates, found {n}"),
        ));
    }
    let mut withdrawn: Vec<u32> = Vec::new();
    let mut ballots = BallotBox::new();
    let mut rb = RankBuilder::new(n);
    let mut nicks = Nicks::default();
    let candidate = |nicks: &Nicks, tok: &str, line: usize| -> Result<u32, ParseError> {
        if !nicks.is_empty()
            && !tok.starts_with(|ch: char| ch.is_ascii_digit())
            && let Some(c) = nicks.get(tok)
        {
            return Ok(c);
        }
        let id: usize = number(tok, line, "candidate")?;
        if id == 0 || id > n {
            return Err(ParseError::at_field(
                line,
                "candidate",
                format!("expected a candidate id from 1 to {n}, found {id}"),
            ));
        }
        Ok(id as u32 - 1)
    };
    // Ballots, after an optional line of withdrawn candidates.
    let mut preamble = true;
    let mut rank: Vec<u32> = Vec::new();
    let mut ended = false;
    loop {
        if fast {
            let rest = &text.as_bytes()[raw.pos..];
            if rest.first().is_some_and(u8::is_ascii_digit)
                && let Some((weight, used)) = fast_ballot(rest, &nicks, n, &mut rb)
            {
                raw.pos += used;
                raw.ln += 1;
                last_line = raw.ln;
                preamble = false;
                rb.finish(&mut ballots, weight);
                continue;
            }
        }
        let Some((ln, raw_line)) = raw.next() else {
            break;
        };
        last_line = ln;
        let line = clean_line(raw_line);
        if line.is_empty() {
            continue;
        }
        if preamble && line.starts_with('[') {
            let Some(inner) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                return Err(ParseError::at_line(
                    ln,
                    "expected an option like [nick a b c] closed by ']'",
                ));
            };
            let mut words = inner.split_whitespace();
            match words.next() {
                Some("nick") => {
                    nicks.clear();
                    for (i, w) in words.enumerate() {
                        if i >= n {
                            return Err(ParseError::at_field(
                                ln,
                                "nick",
                                format!("expected {n} nicknames, found more"),
                            ));
                        }
                        nicks.insert(w, i as u32);
                    }
                }
                Some("withdrawn") => {
                    for w in words {
                        withdrawn.push(candidate(&nicks, w, ln)?);
                    }
                }
                _ => {}
            }
            continue;
        }
        if preamble && line.starts_with('-') {
            for tok in line.split_whitespace() {
                let Some(id) = tok.strip_prefix('-') else {
                    return Err(ParseError::at_field(
                        ln,
                        "withdrawn",
                        format!("expected a negative candidate id, found {tok:?}"),
                    ));
                };
                withdrawn.push(candidate(&nicks, id, ln)?);
            }
            continue;
        }
        preamble = false;
        if line == "0" {
            ended = true;
            break;
        }
        let mut toks = line.split_ascii_whitespace().peekable();
        if toks.peek().is_some_and(|t| t.starts_with('(')) {
            let id = toks.next().unwrap_or_default();
            if !id.ends_with(')') {
                return Err(ParseError::at_field(
                    ln,
                    "ballot id",
                    "expected a ballot id in parentheses, like (17)",
                ));
            }
        }
        let weight: u64 = number(toks.next().unwrap_or_default(), ln, "weight")?;
        let mut closed = false;
        rb.clear();
        for tok in toks.by_ref() {
            if tok == "0" {
                closed = true;
                break;
            }
            if tok == "-" {
                continue;
            }
            if !tok.contains('=') {
                rb.push_rank(&[candidate(&nicks, tok, ln)?]);
                continue;
            }
            rank.clear();
            for part in tok.split('=') {
                rank.push(candidate(&nicks, part, ln)?);
            }
            rb.push_rank(&rank);
        }
        if !closed {
            return Err(ParseError::at_line(
                ln,
                "expected 0 at the end of the ballot",
            ));
        }
        if let Some(extra) = toks.next() {
            return Err(ParseError::at_line(
                ln,
                format!("expected nothing after the closing 0, found {extra:?}"),
            ));
        }
        rb.finish(&mut ballots, weight);
    }
    if !ended {
        return Err(ParseError::at_line(
            last_line.max(hline),
            "expected a line \"0\" ending the ballots",
        ));
    }
    // Names, then the title.
    let mut strings: Vec<(usize, String)> = Vec::new();
    for (ln, line) in raw {
        last_line = ln;
        let mut rest = clean_line(line);
        if rest.is_empty() {
            continue;
        }
        if !rest.starts_with('"') {
            strings.push((ln, rest.to_string()));
            continue;
        }
        while let Some(after) = rest.strip_prefix('"') {
            let Some((text, tail)) = quoted(after) else {
                return Err(ParseError::at_line(ln, "expected a closing quote"));
            };
            strings.push((ln, text));
            rest = tail.trim_start();
        }
        if !rest.is_empty() {
            return Err(ParseError::at_line(
                ln,
                format!("expected a quoted name, found {rest:?}"),
            ));
        }
    }
    if strings.len() < n {
        return Err(ParseError::at_line(
            last_line.max(1),
            format!(
                "expected {n} candidate names after the ballots, found {}",
                strings.len()
            ),
        ));
    }
    if strings.len() > n + 1 {
        let (ln, s) = &strings[n + 1];
        return Err(ParseError::at_line(
            *ln,
            format!("expected nothing after the title, found {s:?}"),
        ));
    }
    let title = strings.get(n).map(|(_, s)| s.clone());
    strings.truncate(n);
    withdrawn.sort_unstable();
    withdrawn.dedup();
    Ok(Election {
        title,
        candidates: strings.into_iter().map(|(_, s)| s).collect(),
        withdrawn,
        seats: Some(seats),
        ballots: ballots.into_ballots(),
    })
}

/// Writes `election` as BLT with `seats` seats. A quote inside a name is written `""`.
pub fn write(election: &Election, seats: usize) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", election.candidates.len(), seats);
    if !election.withdrawn.is_empty() {
        let ids: Vec<String> = election
            .withdrawn
            .iter()
            .map(|w| format!("-{}", w + 1))
            .collect();
        let _ = writeln!(out, "{}", ids.join(" "));
    }
    for b in &election.ballots {
        let _ = write!(out, "{}", b.weight);
        for rank in b.ranks() {
            let ids: Vec<String> = rank.iter().map(|c| (c + 1).to_string()).collect();
            let _ = write!(out, " {}", ids.join("="));
        }
        out.push_str(" 0\n");
    }
    out.push_str("0\n");
    for name in &election.candidates {
        let _ = writeln!(out, "\"{}\"", name.replace('"', "\"\""));
    }
    let title = election.title.as_deref().unwrap_or("");
    let _ = writeln!(out, "\"{}\"", title.replace('"', "\"\""));
    out
}

#[cfg(test)]
mod fast_path_tests {
    use super::parse_lines;
    use proptest::prelude::*;

    /// The fast path gives exactly what the general path gives: the same election or the same
    /// located error.
    fn same(text: &str) {
        let fast = parse_lines(text, true);
        let slow = parse_lines(text, false);
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{text:?}");
    }

    #[test]
    fn tricky_ballot_lines() {
        let bodies = [
            "1 1 2 0",
            "1 1 2 0   ",
            "1\t1\t2\t0",
            " 1 1 2 0",
            "2 c1 c2 0",
            "2 c1 c1 c2 0",
            "2 1 c2 3 0",
            "1 1 2",
            "1 1 2 0 3",
            "1 1 2 0 0",
            "1 0",
            "0 1 0",
            "+3 1 0",
            "1 01 2 0",
            "1 00 0",
            "1 4 0",
            "1 99999999999999999999 0",
            "99999999999999999999 1 0",
            "1 1=2 3 0",
            "1 1 - 2 0",
            "1 -1 0",
            "(7) 1 2 0",
            "1 1 2 0 # comment",
            "1 1#x 0",
            "1 c9 0",
            "1 c1\u{a0}c2 0",
            "1 c1 c2 0\u{3000}",
            "1 longnickname 0",
            "1 c1 \"x\" 0",
            "1 C1 0",
            "3 x 0",
            "1 1 2 0\r",
            "1 1\r2 0",
            "1 1 2\r0",
            "1 c1\x0cc2 0",
            "1 c1 c2 0\r\n1 2 0",
            "1 toolongnick 0",
            "1 c1 c2",
        ];
        for nick in ["", "[nick c1 c2 c3]\n", "[nick c1 c2 longnickname]\n"] {
            for body in bodies {
                same(&format!(
                    "3 2\n{nick}{body}\n1 1 0\n0\n\"A\"\n\"B\"\n\"C\"\n"
                ));
                same(&format!(
                    "3 2\n{nick}-2\n{body}\n0\n\"A\"\n\"B\"\n\"C\"\n\"T\"\n"
                ));
            }
        }
    }

    proptest! {
        #[test]
        fn lines_split_like_str_lines(text in "[a\\r\\n ]{0,12}") {
            let ours: Vec<(usize, &str)> = super::Lines { text: &text, pos: 0, ln: 0 }.collect();
            let std: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn random_ballot_lines(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        Just("0"), Just("1"), Just("2"), Just("3"), Just("4"), Just("10"),
                        Just("c1"), Just("c2"), Just("c3"), Just("cc"), Just("="), Just("-"),
                        Just(" "), Just("\t"), Just("#"), Just("\""), Just("("), Just(")"),
                        Just("\r"), Just("\r\n"), Just("\n"),
                    ],
                    0..10,
                ),
                0..8,
            ),
            nick in any::<bool>(),
        ) {
            let body: Vec<String> = lines.iter().map(|l| l.concat()).collect();
            let nick = if nick { "[nick c1 c2 c3]\n" } else { "" };
            same(&format!("3 2\n{nick}{}\n0\n\"A\"\n\"B\"\n\"C\"\n", body.join("\n")));
        }
    }
}
