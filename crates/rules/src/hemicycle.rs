//! The hemicycle: one dot per seat in concentric half-circle rows, coloured by group, as SVG text.
//!
//! Layout (the usual parliament diagram): the number of rows grows with the square root of the
//! seats so that dots are about as far apart along a row as between rows; each row gets seats in
//! proportion to its radius (by largest remainder, exactly); seats are then given to groups from
//! left to right by angle, so each group is a wedge. The SVG scales to its container (a 360 px
//! phone included) through its `viewBox`, and carries `<title>` elements for screen readers.

use std::cmp::Ordering;
use std::f64::consts::PI;
use std::fmt::Write;

use crate::apportion::{Entry, Method, Options, apportion};

/// Width of the drawing in SVG units; the arc's outer radius is a little less than half of it.
pub const WIDTH: f64 = 360.0;
const CENTER_X: f64 = 180.0;
const CENTER_Y: f64 = 178.0;
const OUTER: f64 = 166.0;
/// Inner radius as a fraction of the outer radius, in thousandths.
const INNER_PERMILLE: u32 = 400;
const LEGEND_LINE: f64 = 22.0;
/// Largest dot radius, so that small assemblies do not draw balloons.
const MAX_DOT: f64 = 12.0;

/// The most seats drawn; a larger total gets the legend and the number only.
pub const MAX_DRAWN_SEATS: u32 = 20_000;

/// One seat of the drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    /// Radius of the dot.
    pub r: f64,
    /// The row, 0 being the innermost.
    pub row: u32,
}

/// Number of rows for `total` seats: the least `k` with `k (k - 1) ≥ 3 total / 11`, which keeps
/// the spacing along rows close to the spacing between rows for an inner radius of 0.4.
pub fn rows_for(total: u32) -> u32 {
    let target = 3 * u64::from(total);
    let mut k: u32 = 1;
    while u64::from(k) * u64::from(k - 1) * 11 < target {
        k += 1;
    }
    k
}

/// Seats per row (innermost first), proportional to each row's radius.
pub fn seats_per_row(total: u32) -> Vec<u32> {
    let k = rows_for(total);
    let radii: Vec<Entry> = (0..k)
        .map(|i| Entry::new(format!("row {i}"), u64::from(radius_permille(i, k))))
        .collect();
    match apportion(&radii, total, Method::Hare, &Options::default()) {
        Ok(a) => a.seat_counts(),
        Err(_) => vec![total],
    }
}

/// Radius of row `i` of `k`, in thousandths of the outer radius.
fn radius_permille(i: u32, k: u32) -> u32 {
    if k <= 1 {
        1000
    } else {
        INNER_PERMILLE + (1000 - INNER_PERMILLE) * i / (k - 1)
    }
}

/// The dots of `total` seats, ordered from left to right by angle (outer rows first on equal
/// angles): the order in which seats are given to groups. Empty above [`MAX_DRAWN_SEATS`].
pub fn positions(total: u32) -> Vec<Dot> {
    if total > MAX_DRAWN_SEATS {
        return Vec::new();
    }
    let rows = seats_per_row(total);
    let k = u32::try_from(rows.len()).unwrap_or(1);
    let spacing = if k > 1 {
        OUTER * f64::from(1000 - INNER_PERMILLE) / 1000.0 / f64::from(k - 1)
    } else {
        // One row: as far apart as the seats along the arc, but not huge.
        (PI * OUTER / f64::from(total.max(1))).min(OUTER * 0.3)
    };
    let mut dots: Vec<(f64, Dot)> = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    for (i, &seats) in (0u32..).zip(&rows) {
        let radius = OUTER * f64::from(radius_permille(i, k)) / 1000.0;
        let along = if seats > 1 {
            PI * radius / f64::from(seats - 1)
        } else {
            spacing
        };
        let r = (0.42 * spacing.min(along)).clamp(0.5, MAX_DOT);
        for j in 0..seats {
            let angle = if seats > 1 {
                PI * (1.0 - f64::from(j) / f64::from(seats - 1))
            } else {
                PI / 2.0
            };
            let dot = Dot {
                x: CENTER_X + radius * angle.cos(),
                y: CENTER_Y - radius * angle.sin(),
                r,
                row: i,
            };
            dots.push((angle, dot));
        }
    }
    dots.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then(b.1.row.cmp(&a.1.row))
    });
    dots.into_iter().map(|(_, d)| d).collect()
}

/// A colour of a default palette (distinct, readable on white), for group `i`.
pub fn palette(i: usize) -> &'static str {
    const COLOURS: [&str; 12] = [
        "#c0392b", "#2471a3", "#229954", "#d68910", "#7d3c98", "#17a589", "#a04000", "#2e4053",
        "#cb4335", "#5dade2", "#58d68d", "#f4d03f",
    ];
    COLOURS[i % COLOURS.len()]
}

/// Escapes text for SVG content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The colour if it looks like a CSS colour (`#hex`, a name, `rgb(...)`/`hsl(...)`), else grey.
fn safe_colour(colour: &str) -> &str {
    let ok = !colour.is_empty()
        && colour.len() <= 40
        && colour
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "#(),.% ".contains(c));
    if ok { colour } else { "#888888" }
}

/// The hemicycle of `groups` (label, seats, CSS colour) as a standalone SVG document: one dot per
/// seat, a legend with each label and its seats, and `<title>` elements (in English; see
/// [`hemicycle_svg_with`] for other languages).
pub fn hemicycle_svg(groups: &[(&str, u32, &str)], title: Option<&str>) -> String {
    let english = |n: u32| {
        if n == 1 {
            "1 seat".to_string()
        } else {
            format!("{n} seats")
        }
    };
    hemicycle_svg_with(groups, title, &english)
}

/// [`hemicycle_svg`] with the words for "N seats" given by the caller (`seats(n)`), so that the
/// accessible titles are in the reader's language.
pub fn hemicycle_svg_with(
    groups: &[(&str, u32, &str)],
    title: Option<&str>,
    seats_text: &dyn Fn(u32) -> String,
) -> String {
    let total: u32 = groups.iter().fold(0u32, |acc, g| acc.saturating_add(g.1));
    let dots = positions(total);
    let legend_rows = u32::try_from(groups.len()).unwrap_or(u32::MAX);
    let height = CENTER_Y + 14.0 + LEGEND_LINE * f64::from(legend_rows) + 6.0;
    let heading = title.map_or_else(
        || seats_text(total),
        |t| format!("{t}: {}", seats_text(total)),
    );
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.1}\" width=\"100%\" \
         role=\"img\" aria-labelledby=\"hemicycle-title\" \
         font-family=\"sans-serif\">\n<title id=\"hemicycle-title\">{}</title>\n",
        escape(&heading)
    );
    let mut next = dots.iter();
    for (label, seats, colour) in groups {
        let _ = writeln!(
            svg,
            "<g class=\"group\" fill=\"{}\"><title>{}: {}</title>",
            escape(safe_colour(colour)),
            escape(label),
            escape(&seats_text(*seats))
        );
        for dot in next.by_ref().take(usize::try_from(*seats).unwrap_or(0)) {
            let _ = writeln!(
                svg,
                "<circle cx=\"{:.2}\" cy=\"{:.2}\" r=\"{:.2}\"/>",
                dot.x, dot.y, dot.r
            );
        }
        svg.push_str("</g>\n");
    }
    let _ = writeln!(
        svg,
        "<text x=\"{CENTER_X}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"28\" font-weight=\"bold\">{total}</text>",
        CENTER_Y - 4.0
    );
    for ((label, seats, colour), i) in groups.iter().zip(0u32..) {
        let y = CENTER_Y + 14.0 + LEGEND_LINE * f64::from(i);
        let _ = writeln!(
            svg,
            "<g class=\"legend\"><rect x=\"10\" y=\"{:.1}\" width=\"14\" height=\"14\" rx=\"3\" fill=\"{}\"/>\
             <text x=\"32\" y=\"{:.1}\" font-size=\"14\">{} ({seats})</text></g>",
            y + 2.0,
            escape(safe_colour(colour)),
            y + 14.0,
            escape(label)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dot_per_seat() {
        for total in [0u32, 1, 2, 3, 7, 10, 50, 100, 220, 435, 650] {
            let dots = positions(total);
            assert_eq!(u32::try_from(dots.len()).unwrap(), total);
            assert_eq!(seats_per_row(total).iter().sum::<u32>(), total);
            for d in &dots {
                assert!(
                    d.x >= 0.0 && d.x <= WIDTH && d.y >= 0.0 && d.y <= CENTER_Y + 1.0,
                    "{d:?}"
                );
            }
        }
    }

    #[test]
    fn rows_grow_with_seats() {
        assert_eq!(rows_for(1), 2);
        assert!(rows_for(220) >= 7 && rows_for(220) <= 9);
        let rows = seats_per_row(220);
        assert!(
            rows.windows(2).all(|w| w[0] <= w[1]),
            "outer rows hold more: {rows:?}"
        );
    }

    #[test]
    fn dots_do_not_overlap() {
        for total in [5u32, 30, 220, 600] {
            let dots = positions(total);
            for (i, a) in dots.iter().enumerate() {
                for b in &dots[i + 1..] {
                    let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
                    assert!(d >= a.r + b.r - 1e-6, "{total}: {a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn groups_are_left_to_right() {
        let dots = positions(100);
        let (first, last) = (dots.first().unwrap(), dots.last().unwrap());
        assert!(first.x < 20.0, "{first:?}");
        assert!(
            last.x > CENTER_X && (last.y - CENTER_Y).abs() < 1e-6,
            "{last:?}"
        );
        let angle = |d: &Dot| (CENTER_Y - d.y).atan2(d.x - CENTER_X);
        assert!(dots.windows(2).all(|w| angle(&w[0]) >= angle(&w[1]) - 1e-9));
    }

    #[test]
    fn svg_has_dots_legend_and_titles_and_escapes() {
        let svg = hemicycle_svg(
            &[
                ("Labour <COB>", 132, "#c0392b"),
                ("Students & \"middle\"", 53, "blue"),
                ("x", 1, "red\"/><script>"),
            ],
            Some("People's Assembly"),
        );
        assert_eq!(svg.matches("<circle").count(), 186);
        assert!(svg.contains("Labour &lt;COB&gt; (132)"));
        assert!(svg.contains("Students &amp; &quot;middle&quot;: 53 seats"));
        assert!(svg.contains("x: 1 seat</title>"));
        assert!(
            svg.contains("<title id=\"hemicycle-title\">People&#39;s Assembly: 186 seats</title>")
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("viewBox=\"0 0 360 "));
        assert_eq!(hemicycle_svg(&[], None).matches("<circle").count(), 0);
        let huge = hemicycle_svg(&[("a", u32::MAX, "red"), ("b", 5, "blue")], None);
        assert_eq!(huge.matches("<circle").count(), 0);
        assert!(huge.contains("a (4294967295)"));
    }

    #[test]
    fn dot_count_matches_for_every_total_up_to_1500() {
        for total in 0u32..=1500 {
            assert_eq!(
                positions(total).len(),
                usize::try_from(total).unwrap(),
                "{total}"
            );
        }
        let svg = hemicycle_svg(
            &[("a", 700, "red"), ("b", 0, "blue"), ("c", 301, "green")],
            None,
        );
        assert_eq!(svg.matches("<circle").count(), 1001);
    }
}
