//! Dates as writers type them: `2021-08-10`, `2021-08-10 09:30`, RFC 3339,
//! and `2021-02` (month precision) for a project's start.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// The years a content date may fall in. Anything outside is a typo
/// (`0021-08-10`, `20211-08-10`), and years before 1 or past 9999 cannot be
/// written in feeds at all.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A point in time with the offset it was written in (China Standard Time
/// when the writer gave only a date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub at: DateTime<FixedOffset>,
}

impl When {
    pub fn date(&self) -> NaiveDate {
        self.at.date_naive()
    }
    pub fn rfc3339(&self) -> String {
        self.at.to_rfc3339()
    }
    pub fn rfc2822(&self) -> String {
        self.at.to_rfc2822()
    }
}

fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// A date or time as writers type it, within `YEARS`.
pub fn parse(s: &str) -> Option<When> {
    parse_any_year(s).filter(|w| YEARS.contains(&w.date().year()))
}

/// The year of a well-formed date outside `YEARS`, to say why it was refused.
pub fn year_out_of_range(s: &str) -> Option<i32> {
    let year = match parse_any_year(s) {
        Some(w) => w.date().year(),
        None => parse_month_or_date_any_year(s)?.year(),
    };
    (!YEARS.contains(&year)).then_some(year)
}

fn parse_any_year(s: &str) -> Option<When> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return from_naive(d.and_hms_opt(0, 0, 0)?);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(When { at: t });
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return from_naive(t);
        }
    }
    None
}

fn from_naive(t: NaiveDateTime) -> Option<When> {
    cst().from_local_datetime(&t).single().map(|at| When { at })
}

/// `YYYY-MM` or `YYYY-MM-DD` (a project's start month).
pub fn parse_month_or_date(s: &str) -> Option<NaiveDate> {
    parse_month_or_date_any_year(s).filter(|d| YEARS.contains(&d.year()))
}

fn parse_month_or_date_any_year(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_writers_type() {
        assert_eq!(parse("2021-08-10").unwrap().rfc3339(), "2021-08-10T00:00:00+08:00");
        assert_eq!(parse("2021-08-10T09:30:00Z").unwrap().rfc3339(), "2021-08-10T09:30:00+00:00");
        assert_eq!(parse("2021-08-10 09:30").unwrap().date().to_string(), "2021-08-10");
        assert!(parse("2021-13-01").is_none());
        assert!(parse("2021/08/10").is_none());
        assert_eq!(parse_month_or_date("2021-02").unwrap().to_string(), "2021-02-01");
    }

    #[test]
    fn refuses_years_no_report_can_have() {
        for s in ["-0001-01-01", "0021-08-10", "1899-12-31", "2201-01-01", "+20211-08-10"] {
            assert!(parse(s).is_none(), "{s}");
        }
        assert_eq!(year_out_of_range("-0001-01-01"), Some(-1));
        assert_eq!(year_out_of_range("0021-08"), Some(21));
        assert_eq!(year_out_of_range("2021-08-10"), None);
        assert!(parse("1900-01-01").is_some() && parse("2200-12-31").is_some());
    }
}
