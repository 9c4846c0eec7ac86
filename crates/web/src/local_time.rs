//! Times as people in the hall read them: the one place where a stored time (RFC 3339, UTC) is
//! turned into the assembly's local time (its IANA zone, `assemblies.time_zone`) and written in
//! the reader's language. Storage, the API and the record stay in UTC; pages, the minutes and
//! their PDF call these.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use crate::i18n::{Arg, I18n};

/// The stored time `at` in zone `zone` (an unknown zone shows UTC; a time that does not parse
/// is `None`).
fn zoned(at: &str, zone: &str) -> Option<ZonedDateTime> {
    let ts: Timestamp = at.trim().parse().ok()?;
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Some(ts.to_zoned_datetime(tz))
}

fn hh_mm(z: &ZonedDateTime) -> String {
    format!("{:02}:{:02}", z.hour(), z.minute())
}

/// A speaker's countdown as a page shows it: "Termina a las 12:58 (quedan 2 min)"; `live.js`
/// turns the minutes left (`data-ends`, UTC) into a running `m:ss`.
pub struct Ends {
    /// The end, RFC 3339 UTC (for `datetime` and `data-ends`).
    pub at: String,
    /// "Termina a las 12:58", in the assembly's zone.
    pub label: String,
    /// "quedan".
    pub left_label: String,
    /// "2 min".
    pub left: String,
}

impl I18n {
    /// The countdown to `end` (RFC 3339 UTC) in zone `zone`.
    pub fn ends(&self, end: Option<String>, zone: &str) -> Ends {
        let at = end.unwrap_or_default();
        Ends {
            label: self.t_args(
                "ses-speakers-ends-at",
                &[("time", Arg::from(self.clock(&at, zone)))],
            ),
            left_label: self.t("ses-speakers-left"),
            left: self.minutes_left(&at),
            at,
        }
    }

    /// A date and time, e.g. "4 de diciembre de 2026, 12:46" (the stored text if it is not a
    /// time).
    pub fn date_time(&self, at: &str, zone: &str) -> String {
        let Some(z) = zoned(at, zone) else {
            return at.to_string();
        };
        self.t_args(
            "time-date-time",
            &[
                ("day", Arg::Num(i64::from(z.day()))),
                (
                    "month",
                    Arg::from(self.t(&format!("time-month-{}", z.month()))),
                ),
                ("year", Arg::from(z.year().to_string())),
                ("time", Arg::from(hh_mm(&z))),
            ],
        )
    }

    /// The time of day, `HH:MM` (empty if `at` is not a time).
    pub fn clock(&self, at: &str, zone: &str) -> String {
        zoned(at, zone).map(|z| hh_mm(&z)).unwrap_or_default()
    }

    /// What is left until `end` (rounded down to whole minutes), e.g. "2 min".
    pub fn minutes_left(&self, end: &str) -> String {
        let left = end
            .trim()
            .parse::<Timestamp>()
            .map(|e| e.duration_since(Timestamp::now()).as_secs().max(0) / 60)
            .unwrap_or(0);
        self.t_args("time-minutes-left", &[("minutes", Arg::Num(left))])
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{I18n, Lang};

    #[test]
    fn local_time_in_the_readers_language() {
        let es = I18n::new(Lang::Es);
        let en = I18n::new(Lang::En);
        let at = "2026-12-04T16:46:51.526Z";
        assert_eq!(
            es.date_time(at, "America/La_Paz"),
            "4 de diciembre de 2026, 12:46"
        );
        assert_eq!(en.date_time(at, "America/La_Paz"), "4 December 2026, 12:46");
        assert_eq!(es.clock(at, "America/La_Paz"), "12:46");
        assert_eq!(es.clock("2026-12-04T16:58:23Z", "America/La_Paz"), "12:58");
        // Across midnight, the local date.
        assert_eq!(
            es.date_time("2026-01-01T02:00:00Z", "America/La_Paz"),
            "31 de diciembre de 2025, 22:00"
        );
        // An unknown zone shows UTC; a value that is not a time is shown as stored.
        assert_eq!(es.clock(at, "Nowhere/Else"), "16:46");
        assert_eq!(es.date_time("1971", "America/La_Paz"), "1971");
        assert_eq!(es.minutes_left("2000-01-01T00:00:00Z"), "menos de 1 min");
    }
}
