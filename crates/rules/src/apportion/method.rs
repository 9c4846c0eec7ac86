//! The apportionment methods and their names.

use std::fmt;
use std::str::FromStr;

/// An apportionment method.
///
/// Divisor methods award seats one at a time to the highest quotient `votes / d(n)`, where `n`
/// is the number of seats the entry already holds; largest-remainder methods divide by a quota
/// and give the seats left over to the largest remainders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// D'Hondt (Jefferson): divisors 1, 2, 3, …
    DHondt,
    /// Sainte-Laguë (Webster): divisors 1, 3, 5, …
    SainteLague,
    /// Modified Sainte-Laguë (Nordic): divisors 1.4, 3, 5, …
    ModifiedSainteLague,
    /// Largest remainder with the Hare quota `votes / seats` (Hamilton).
    Hare,
    /// Largest remainder with the integer Droop quota `floor(votes / (seats + 1)) + 1`.
    Droop,
    /// Huntington–Hill (equal proportions): divisors `sqrt(n (n + 1))`; every entry with votes
    /// first gets one seat.
    HuntingtonHill,
    /// Adams (smallest divisors): divisors `n`; every entry with votes first gets one seat.
    Adams,
}

impl Method {
    /// Every method, in the order they are listed to users.
    pub const ALL: [Method; 7] = [
        Method::DHondt,
        Method::SainteLague,
        Method::ModifiedSainteLague,
        Method::Hare,
        Method::Droop,
        Method::HuntingtonHill,
        Method::Adams,
    ];

    /// The canonical name, as accepted by [`FromStr`] and written by [`fmt::Display`].
    pub fn name(self) -> &'static str {
        match self {
            Method::DHondt => "dhondt",
            Method::SainteLague => "sainte-lague",
            Method::ModifiedSainteLague => "modified-sainte-lague",
            Method::Hare => "hare",
            Method::Droop => "droop",
            Method::HuntingtonHill => "huntington-hill",
            Method::Adams => "adams",
        }
    }

    /// True for the divisor (highest-averages) methods.
    pub fn is_divisor(self) -> bool {
        !matches!(self, Method::Hare | Method::Droop)
    }

    /// The valid names, comma-separated, for error messages.
    pub fn valid_names() -> String {
        Self::ALL
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// A method name that is not one of [`Method::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMethod(pub String);

impl fmt::Display for UnknownMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown method {:?}; valid methods: {}",
            self.0,
            Method::valid_names()
        )
    }
}

impl std::error::Error for UnknownMethod {}

impl FromStr for Method {
    type Err = UnknownMethod;

    /// Accepts the canonical names case-insensitively, with `_` or spaces for `-`, and the
    /// common aliases `d'hondt`, `jefferson`, `webster`, `hamilton`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key: String = s
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '_' || c == ' ' { '-' } else { c })
            .filter(|c| *c != '\'')
            .collect();
        let key = key.replace('ë', "e");
        Ok(match key.as_str() {
            "dhondt" | "jefferson" => Method::DHondt,
            "sainte-lague" | "webster" => Method::SainteLague,
            "modified-sainte-lague" => Method::ModifiedSainteLague,
            "hare" | "hamilton" => Method::Hare,
            "droop" => Method::Droop,
            "huntington-hill" => Method::HuntingtonHill,
            "adams" => Method::Adams,
            _ => return Err(UnknownMethod(s.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for m in Method::ALL {
            assert_eq!(m.name().parse::<Method>(), Ok(m));
            assert_eq!(m.to_string(), m.name());
        }
        assert_eq!("D'Hondt".parse::<Method>(), Ok(Method::DHondt));
        assert_eq!("Sainte-Laguë".parse::<Method>(), Ok(Method::SainteLague));
        let err = "borda".parse::<Method>().unwrap_err().to_string();
        assert!(err.contains("huntington-hill"), "{err}");
    }
}
