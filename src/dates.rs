//! Dates as writers type them: `2021-08-10`, `2021-08-10 09:30`, RFC 3339,
//! and `2021-02` (month precision) for a project's start.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

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

pub fn parse(s: &str) -> Option<When> {
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
}
