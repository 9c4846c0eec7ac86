//! Fixed-point helpers: amounts are `i64` scaled by `10^decimals`.

/// `10^decimals` as `i64`.
pub(crate) fn scale(decimals: u32) -> i64 {
    10i64.pow(decimals)
}

/// Formats a fixed-point amount with exactly `decimals` decimals: `format_fixed(12345678, 5)` is
/// `"123.45678"`; with 0 decimals, a plain integer.
pub fn format_fixed(value: i64, decimals: u32) -> String {
    if decimals == 0 {
        return value.to_string();
    }
    let s = scale(decimals) as u64;
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / s,
        abs % s,
        width = decimals as usize
    )
}

/// `floor(a * b / d)` for non-negative operands, through `i128`.
pub(crate) fn mul_div_floor(a: i64, b: i64, d: i64) -> i64 {
    ((a as i128 * b as i128) / d as i128) as i64
}

/// `ceil(a * b / d)` for non-negative operands, through `i128`.
pub(crate) fn mul_div_ceil(a: i64, b: i64, d: i64) -> i64 {
    let p = a as i128 * b as i128;
    let d = d as i128;
    ((p + d - 1) / d) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_fixed_decimals() {
        assert_eq!(format_fixed(12345678, 5), "123.45678");
        assert_eq!(format_fixed(5, 5), "0.00005");
        assert_eq!(format_fixed(-5, 2), "-0.05");
        assert_eq!(format_fixed(42, 0), "42");
    }

    #[test]
    fn rounds_products() {
        assert_eq!(mul_div_floor(7, 3, 2), 10);
        assert_eq!(mul_div_ceil(7, 3, 2), 11);
        assert_eq!(mul_div_ceil(6, 3, 2), 9);
    }
}
