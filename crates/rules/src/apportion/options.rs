//! Options of an apportionment: the threshold and the tie-break rule.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A threshold in hundredths of a percent of all votes (`500` is 5 %, `325` is 3.25 %). An entry
/// with strictly fewer votes than the threshold receives only its minimum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Threshold(u32);

impl Threshold {
    /// No threshold.
    pub const NONE: Threshold = Threshold(0);

    /// A threshold in hundredths of a percent; `None` above 100 %.
    pub fn from_hundredths(hundredths: u32) -> Option<Self> {
        (hundredths <= 10_000).then_some(Self(hundredths))
    }
    /// The threshold in hundredths of a percent.
    pub fn hundredths(self) -> u32 {
        self.0
    }
    /// True when `votes` out of `total` fall strictly below the threshold.
    pub fn excludes(self, votes: u64, total: u128) -> bool {
        // votes / total < t / 10000  <=>  votes * 10000 < t * total
        self.0 > 0 && u128::from(votes) * 10_000 < u128::from(self.0) * total
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{int}%")
        } else if frac % 10 == 0 {
            write!(f, "{int}.{}%", frac / 10)
        } else {
            write!(f, "{int}.{frac:02}%")
        }
    }
}

/// A threshold that is not a percentage between 0 and 100 with at most two decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidThreshold(pub String);

impl fmt::Display for InvalidThreshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid threshold {:?}: expected a percentage from 0 to 100 with at most two decimals, e.g. 5 or 3.25",
            self.0
        )
    }
}

impl std::error::Error for InvalidThreshold {}

impl FromStr for Threshold {
    type Err = InvalidThreshold;

    /// Parses `5`, `5%`, `3.25` (percent, at most two decimals) without floating point.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || InvalidThreshold(s.to_string());
        let t = s.trim();
        let t = t.strip_suffix('%').unwrap_or(t).trim();
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits =
            |d: &str| !d.is_empty() && d.len() <= 3 && d.bytes().all(|b| b.is_ascii_digit());
        if !digits(int) || frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let int: u32 = int.parse().map_err(|_| bad())?;
        let frac: u32 = match frac.len() {
            0 => 0,
            1 => frac.parse::<u32>().map_err(|_| bad())? * 10,
            _ => frac.parse().map_err(|_| bad())?,
        };
        Threshold::from_hundredths(int * 100 + frac).ok_or_else(bad)
    }
}

/// How ties for the last seats are resolved. Every tie that decided a seat is reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieBreak {
    /// The entry with more votes first, then the one listed first.
    #[default]
    MostVotes,
    /// The entry listed first.
    InputOrder,
}

impl fmt::Display for TieBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TieBreak::MostVotes => "more votes first, then input order",
            TieBreak::InputOrder => "input order",
        })
    }
}

/// Options of [`super::apportion`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub threshold: Threshold,
    pub tie_break: TieBreak,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_parse_without_floats() {
        let h = |s: &str| s.parse::<Threshold>().map(Threshold::hundredths);
        assert_eq!(h("5"), Ok(500));
        assert_eq!(h("5%"), Ok(500));
        assert_eq!(h("3.25"), Ok(325));
        assert_eq!(h("0.5"), Ok(50));
        assert_eq!(h("100"), Ok(10_000));
        assert!(h("100.01").is_err());
        assert!(h("-1").is_err());
        assert!(h("1e3").is_err());
        assert!(h("").is_err());
        assert!(h("2.125").is_err());
        assert_eq!(
            Threshold::from_hundredths(325).unwrap().to_string(),
            "3.25%"
        );
        assert_eq!(Threshold::from_hundredths(350).unwrap().to_string(), "3.5%");
    }

    #[test]
    fn threshold_is_strict() {
        let t = Threshold::from_hundredths(500).unwrap();
        assert!(!t.excludes(5, 100));
        assert!(t.excludes(4, 100));
        assert!(!Threshold::NONE.excludes(0, 100));
    }
}
