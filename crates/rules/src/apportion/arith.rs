//! Exact integer arithmetic for apportionment: 256-bit products for comparing quotients, exact
//! rationals, and decimal rendering for people. Nothing here uses floating point.

use std::cmp::Ordering;
use std::fmt;

/// The full 256-bit product of two `u128`, as `(high, low)` halves.
pub(crate) fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    let mask = u128::from(u64::MAX);
    let (a1, a0) = (a >> 64, a & mask);
    let (b1, b0) = (b >> 64, b & mask);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    // At most 3 * (2^64 - 1): fits.
    let mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    let lo = (p00 & mask) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Compares `a * b` with `c * d` exactly.
pub(crate) fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    mul_wide(a, b).cmp(&mul_wide(c, d))
}

/// Integer square root: the largest `r` with `r * r <= n`.
pub(crate) fn isqrt(n: u128) -> u128 {
    if n < 2 {
        return n;
    }
    // Newton's method from an over-estimate; converges monotonically downwards.
    let shift = (128 - n.leading_zeros()).div_ceil(2);
    let mut x: u128 = 1u128 << shift;
    loop {
        let y = (x + n / x) / 2;
        if y >= x {
            return x;
        }
        x = y;
    }
}

/// Number of decimal places shown when a rational is rendered.
pub const DECIMALS: u32 = 4;

/// An exact non-negative rational number `num / den` (`den > 0`).
///
/// Rendered as a decimal truncated to [`DECIMALS`] places with trailing zeros removed; the exact
/// value is always available through [`Ratio::num`] and [`Ratio::den`]. Equality and order
/// compare values (`2/4 == 1/2`).
#[derive(Debug, Clone, Copy)]
pub struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    /// `num / den`; `None` when `den` is zero.
    pub fn new(num: u128, den: u128) -> Option<Self> {
        (den > 0).then_some(Self { num, den })
    }
    /// A whole number.
    pub fn integer(n: u128) -> Self {
        Self { num: n, den: 1 }
    }
    pub fn num(&self) -> u128 {
        self.num
    }
    pub fn den(&self) -> u128 {
        self.den
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_products(self.num, other.den, other.num, self.den)
    }
}

/// Writes `int.frac` where `frac` is `DECIMALS` digits (already scaled), trimming zeros.
pub(crate) fn write_decimal(f: &mut fmt::Formatter<'_>, int: u128, frac: u128) -> fmt::Result {
    let width = usize::try_from(DECIMALS).unwrap_or(4);
    let digits = format!("{frac:0width$}");
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        write!(f, "{int}")
    } else {
        write!(f, "{int}.{digits}")
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let int = self.num / self.den;
        let mut rem = self.num % self.den;
        let mut frac: u128 = 0;
        for _ in 0..DECIMALS {
            match rem.checked_mul(10) {
                Some(r10) => {
                    frac = frac * 10 + r10 / self.den;
                    rem = r10 % self.den;
                }
                None => {
                    // Denominators this large do not occur in practice; fall back on a coarser
                    // digit computed from a scaled-down denominator.
                    // Here den > rem > u128::MAX / 10, so den / 10 is not zero.
                    let d10 = (self.den / 10).max(1);
                    let digit = (rem / d10).min(9);
                    frac = frac * 10 + digit;
                    rem -= digit * d10;
                }
            }
        }
        write_decimal(f, int, frac)
    }
}

impl serde::Serialize for Ratio {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_products_compare_exactly() {
        let big = u128::from(u64::MAX);
        let sq = big * big;
        assert_eq!(cmp_products(sq, 3, sq, 2), Ordering::Greater);
        assert_eq!(cmp_products(sq, 6, sq, 6), Ordering::Equal);
        assert_eq!(mul_wide(u128::MAX, 2), (1, u128::MAX - 1));
        assert_eq!(mul_wide(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
    }

    #[test]
    fn isqrt_is_floor() {
        for n in 0u128..2000 {
            let r = isqrt(n);
            assert!(r * r <= n && (r + 1) * (r + 1) > n, "{n}");
        }
        assert_eq!(isqrt(u128::MAX), u128::from(u64::MAX));
    }

    #[test]
    fn ratios_render_as_truncated_decimals() {
        let r = |n, d| Ratio::new(n, d).unwrap().to_string();
        assert_eq!(r(100_000, 3), "33333.3333");
        assert_eq!(r(264, 5), "52.8");
        assert_eq!(r(7, 5), "1.4");
        assert_eq!(r(6, 3), "2");
        assert_eq!(r(0, 9), "0");
        assert!(Ratio::new(1, 0).is_none());
        assert!(Ratio::new(1, 3).unwrap() < Ratio::new(1, 2).unwrap());
    }
}
