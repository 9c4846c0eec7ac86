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
//! Each candidate's line may also name the candidate's party as a second quoted string
//! (`"Alice" "Labour"`), as the BLT files published for the 2022 Scottish council elections do; the
//! party is kept in [`Election::parties`].
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

use crate::{ParseError, Seen};

/// The largest number of candidates a file may declare.
pub const MAX_CANDIDATES: usize = 100_000;

/// Builds one ballot's flat preferences, dropping candidates already ranked. A candidate is
/// ranked on the current ballot when its `seen` stamp equals `stamp`, so that starting the next
/// ballot is one increment.
pub(crate) struct RankBuilder {
    seen: Vec<u32>,
    stamp: u32,
    prefs: Vec<u32>,
}

impl RankBuilder {
    pub fn new(candidates: usize) -> Self {
        Self {
            seen: vec![0; candidates],
            stamp: 1,
            prefs: Vec::new(),
        }
    }

    /// Marks `c` ranked; false if it already was (or is out of range).
    #[inline]
    fn mark(&mut self, c: u32) -> bool {
        match self.seen.get_mut(c as usize) {
            Some(s) if *s != self.stamp => {
                *s = self.stamp;
                true
            }
            _ => false,
        }
    }

    /// Appends one rank (candidates ranked equally); repeated candidates are dropped.
    pub fn push_rank(&mut self, rank: &[u32]) {
        let mut first = true;
        for &c in rank {
            if !self.mark(c) {
                continue;
            }
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
        if self.mark(c) {
            self.prefs.push(c);
        }
    }

    /// Puts the ballot in `ballots` and clears the builder for the next one.
    pub fn finish(&mut self, ballots: &mut BallotBox, weight: u64) {
        ballots.add(&self.prefs, weight);
        self.clear();
    }

    /// The ballot under construction.
    pub fn prefs(&self) -> &[u32] {
        &self.prefs
    }

    /// Forgets the ballot under construction.
    #[inline]
    pub fn clear(&mut self) {
        self.prefs.clear();
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.fill(0);
            self.stamp = 1;
        }
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

/// Flag on a nickname's candidate: the fast path must not read this nickname.
const NOT_FAST: u32 = 1 << 31;

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
        // The fast path reads a token as a nickname without looking for these: it leaves
        // such nicknames to the general path.
        let c = if name.starts_with('-') || name.contains(['=', '#', '"']) {
            c | NOT_FAST
        } else {
            c
        };
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
    /// A nickname of up to 7 bytes for the fast path: `None` if unknown or one to leave to the
    /// general path.
    #[inline]
    fn get_fast(&self, key: u64) -> Option<u32> {
        self.get_packed(key).filter(|c| c & NOT_FAST == 0)
    }
    fn get(&self, name: &str) -> Option<u32> {
        match Self::pack(name) {
            Some(k) => self.get_packed(k),
            None => self.long.get(name).copied(),
        }
        .map(|c| c & !NOT_FAST)
    }
}

/// Eight bytes from `b[i..]`, little-endian, padded with `pad` past the end.
#[inline]
fn load8(b: &[u8], i: usize, pad: u8) -> u64 {
    match b.get(i..i + 8) {
        Some(c) => u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        None => load_tail(b, i, pad),
    }
}

#[cold]
#[inline(never)]
fn load_tail(b: &[u8], i: usize, pad: u8) -> u64 {
    let mut buf = [pad; 8];
    let rest = b.get(i..).unwrap_or_default();
    buf[..rest.len()].copy_from_slice(rest);
    u64::from_le_bytes(buf)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// High bit set in each byte of `x` that is zero, exact up to the lowest zero byte (bytes above a
/// zero byte may be flagged wrongly), and 0 when no byte is zero.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// The position of the first `\n` from `start`, or the end of `text`, eight bytes at a time.
#[inline]
fn line_end(text: &[u8], start: usize) -> usize {
    let mut i = start;
    loop {
        let nl = zero_bytes(load8(text, i, b'\n') ^ (LO * u64::from(b'\n')));
        if nl != 0 {
            return (i + (nl.trailing_zeros() / 8) as usize).min(text.len());
        }
        i += 8;
    }
}

/// Reads the common ballot line `WEIGHT C C ... 0` straight from the bytes of the file, from
/// `text[pos]` (the start of a line): tokens separated by spaces or tabs, each a candidate id or a
/// nickname of up to 7 bytes, the line ended by `\n`, `\r\n` or the end of the file. Adds the
/// ballot to `ballots` and returns the position of the next line, or `None` for anything else
/// (comments, quotes, ballot ids, `-`, `=`, long, unknown or out-of-range candidates, a missing or misplaced
/// `0`, other white space...) and then adds nothing: the general path reads the line again from
/// its start, with its located errors. Both paths give the same ballots.
#[inline(always)]
fn fast_ballot(
    text: &[u8],
    pos: usize,
    nicks: &Nicks,
    n: usize,
    rb: &mut RankBuilder,
    ballots: &mut BallotBox,
) -> Option<usize> {
    let mut i = pos;
    let mut weight: u64 = 0;
    while let Some(&d) = text.get(i)
        && d.is_ascii_digit()
    {
        weight = weight.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        i += 1;
    }
    if !matches!(text.get(i), Some(b' ' | b'\t')) {
        return None;
    }
    let nl = line_end(text, i);
    let end = if text[nl - 1] == b'\r' { nl - 1 } else { nl };
    rb.clear();
    // `text[i]` is a space or a tab; the token starts after it and any more.
    loop {
        i += 1;
        while i < end && (text[i] == b' ' || text[i] == b'\t') {
            i += 1;
        }
        if i >= end {
            return None;
        }
        // The token: up to the next byte at or below b' ' (checked below to be a space or a
        // tab), at most 7 bytes. There is such a byte at `end` at the latest (the `\r` or `\n`
        // ending the line, or a space that `load8` puts past the end of the text).
        let w = load8(text, i, b' ');
        let low = w.wrapping_sub(LO * 0x21) & !w & HI;
        let k = (low.trailing_zeros() / 8) as usize;
        if k == 0 || k >= 8 {
            return None;
        }
        let tok = w & ((1u64 << (8 * k)) - 1);
        let c0 = tok as u8;
        if c0.is_ascii_digit() {
            if tok == u64::from(b'0') {
                // The closing 0 ends the line.
                if !text[i + 1..end].iter().all(|&c| c == b' ' || c == b'\t') {
                    return None;
                }
                break;
            }
            let mut id: usize = 0;
            for j in 0..k {
                let d = (tok >> (8 * j)) as u8;
                if !d.is_ascii_digit() {
                    return None;
                }
                id = id * 10 + usize::from(d - b'0');
            }
            if id == 0 || id > n {
                return None;
            }
            rb.push_one(id as u32 - 1);
        } else {
            // A nickname, packed as `Nicks::pack_bytes` packs it.
            rb.push_one(nicks.get_fast(tok | (k as u64) << 56)?);
        }
        i += k;
        let after = (w >> (8 * k)) as u8;
        if i >= end || !(after == b' ' || after == b'\t') {
            // The line ends without its 0, or the token ends at another control byte.
            return None;
        }
    }
    ballots.add_soon(rb.prefs(), weight);
    Some((nl + 1).min(text.len()))
}

/// Reads ballot lines with [`fast_ballot`] from `text[pos]` for as long as it can; returns the
/// position after them and how many lines it read.
#[inline(never)]
fn fast_ballots(
    text: &[u8],
    mut pos: usize,
    (nicks, n): (&Nicks, usize),
    rb: &mut RankBuilder,
    ballots: &mut BallotBox,
    seen: &Seen,
) -> (usize, usize) {
    let mut lines = 0;
    while text.get(pos).is_some_and(u8::is_ascii_digit)
        && let Some(next) = fast_ballot(text, pos, nicks, n, rb, ballots)
    {
        pos = next;
        lines += 1;
        seen.at_line(lines, pos);
    }
    (pos, lines)
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
    parse_seen(text, &Seen::new())
}

/// [`parse`], noting in `seen` how far it has read (for a progress bar).
pub fn parse_seen(text: &str, seen: &Seen) -> Result<Election, ParseError> {
    let parsed = parse_lines(text, true, seen);
    if parsed.is_ok() {
        seen.done(text.len());
    }
    parsed
}

/// [`parse`] without its fast path for ballot lines: the same result, slower. For the fuzz
/// target that compares the two.
#[doc(hidden)]
pub fn parse_general(text: &str) -> Result<Election, ParseError> {
    parse_lines(text, false, &Seen::new())
}

/// [`parse`], with the byte-level fast path for ballot lines on or off (tests compare the two).
fn parse_lines(text: &str, fast: bool, seen: &Seen) -> Result<Election, ParseError> {
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
            let (next, lines) = fast_ballots(
                text.as_bytes(),
                raw.pos,
                (&nicks, n),
                &mut rb,
                &mut ballots,
                seen,
            );
            if lines > 0 {
                raw.pos = next;
                raw.ln += lines;
                last_line = raw.ln;
                preamble = false;
            }
        }
        let Some((ln, raw_line)) = raw.next() else {
            break;
        };
        seen.at_line(ln, raw.pos);
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
        ballots.add(rb.prefs(), weight);
        rb.clear();
    }
    if !ended {
        return Err(ParseError::at_line(
            last_line.max(hline),
            "expected a line \"0\" ending the ballots",
        ));
    }
    // Names, then the title: the strings of each line.
    let mut lines: Vec<(usize, Vec<String>)> = Vec::new();
    for (ln, line) in raw {
        last_line = ln;
        let mut rest = clean_line(line);
        if rest.is_empty() {
            continue;
        }
        if !rest.starts_with('"') {
            lines.push((ln, vec![rest.to_string()]));
            continue;
        }
        let mut on_line = Vec::new();
        while let Some(after) = rest.strip_prefix('"') {
            let Some((text, tail)) = quoted(after) else {
                return Err(ParseError::at_line(ln, "expected a closing quote"));
            };
            on_line.push(text);
            rest = tail.trim_start();
        }
        if !rest.is_empty() {
            return Err(ParseError::at_line(
                ln,
                format!("expected a quoted name, found {rest:?}"),
            ));
        }
        lines.push((ln, on_line));
    }
    // The layout of the 2022 Scottish council elections: each candidate's line is
    // `"Name" "Party"`, then the title alone.
    let with_parties = lines.len() > n
        && lines[..n].iter().all(|(_, l)| l.len() == 2)
        && lines[n..].iter().all(|(_, l)| l.len() == 1);
    let (mut strings, mut parties): (Vec<(usize, String)>, Vec<Option<String>>) = if with_parties {
        lines
            .into_iter()
            .enumerate()
            .map(|(i, (ln, mut l))| {
                let party = (i < n).then(|| l.pop()).flatten();
                (
                    (ln, l.into_iter().next().unwrap_or_default()),
                    party.filter(|p| !p.is_empty()),
                )
            })
            .unzip()
    } else {
        let strings = lines
            .into_iter()
            .flat_map(|(ln, l)| l.into_iter().map(move |s| (ln, s)))
            .collect();
        (strings, Vec::new())
    };
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
    parties.truncate(n);
    if parties.iter().all(Option::is_none) {
        parties.clear();
    }
    withdrawn.sort_unstable();
    withdrawn.dedup();
    Ok(Election {
        title,
        candidates: strings.into_iter().map(|(_, s)| s).collect(),
        parties,
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
    // With any party known, every candidate's line names one ("" for none), so it reads back.
    let with_parties = election.parties.iter().any(Option::is_some);
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for (i, name) in election.candidates.iter().enumerate() {
        if with_parties {
            let party = election
                .parties
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_default();
            let _ = writeln!(out, "{} {}", quote(name), quote(&party));
        } else {
            let _ = writeln!(out, "{}", quote(name));
        }
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
        let fast = parse_lines(text, true, &crate::Seen::new());
        let slow = parse_lines(text, false, &crate::Seen::new());
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

        /// Files of many ballot lines drawn with repetition from a few (so that identical lines
        /// and identical ballots written differently recur, across the batches of `BallotBox::add_soon`),
        /// with weights, ids and nicknames, `=` ranks, `-`, repeated candidates, comments,
        /// tabs, `\r\n`, and withdrawn candidates.
        #[test]
        fn repeated_ballot_lines(
            pool in proptest::collection::vec(
                (
                    0u64..40,
                    proptest::collection::vec(
                        (
                            1usize..=12,
                            0u8..10,
                            prop_oneof![Just(" "), Just(" "), Just(" "), Just("  "), Just("\t")],
                        ),
                        0..14,
                    ),
                    prop_oneof![
                        Just(" 0"), Just(" 0"), Just(" 0"), Just(" 0 "), Just(" 0\r"),
                        Just(" 0 # c"), Just(""), Just(" 0 1"),
                    ],
                ),
                1..8,
            ),
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 1..120),
            nick in 0u8..3,
            withdrawn in 0u8..3,
        ) {
            let nicks = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "a-very-long-nick"];
            let lines: Vec<String> = pool
                .iter()
                .map(|(w, prefs, end)| {
                    let mut line = w.to_string();
                    for &(c, how, sep) in prefs {
                        line.push_str(sep);
                        match how {
                            // A nickname (when there are any), else the id.
                            0..=3 if nick > 0 => line.push_str(nicks[c - 1]),
                            4 => line.push_str(&format!("{}={}", c, c % 12 + 1)),
                            5 => line.push('-'),
                            6 => line.push_str(&format!("0{c}")),
                            _ => line.push_str(&c.to_string()),
                        }
                    }
                    line.push_str(end);
                    line
                })
                .collect();
            let body: Vec<&str> = picks.iter().map(|i| lines[i.index(lines.len())].as_str()).collect();
            let nick = match nick {
                0 => String::new(),
                1 => format!("[nick {}]\n", nicks.join(" ")),
                _ => format!("[nick {}]\n", nicks[..11].join(" ")),
            };
            let withdrawn = ["", "-3 -12\n", "[withdrawn 2 4]\n"][withdrawn as usize];
            let names: String = (1..=12).map(|i| format!("\"N{i}\"\n")).collect();
            same(&format!("12 3\n{nick}{withdrawn}{}\n0\n{names}\"T\"\n", body.join("\n")));
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
