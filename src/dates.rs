//! Dates as writers type them: `2021-08-10`, `2021-08-10 09:30`, RFC 3339,
//! and `2021-02` (month precision) for a project's start.

use crate::messages::load::NoSuchDay;
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

/// `2021/10/25`, `2021.10.25`, `2021年10月25日`, `2021-9-5` (and a time after
/// it) as `2021-10-25`; `None` when `s` does not start like a date.
fn normalise(s: &str) -> Option<String> {
    let (y, m, d, rest) = split_ymd(s)?;
    Some(format!("{y:04}-{m:02}-{d:02}{rest}"))
}

/// Year, month, day and what follows, in any of the separators writers use.
fn split_ymd(s: &str) -> Option<(i32, u32, u32, &str)> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let ny = digits(body);
    if ny < 4 {
        return None;
    }
    let year: i32 = body[..ny].parse().ok()?;
    let rest = &body[ny..];
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.' | '年'))?;
    let rest = &rest[sep.len_utf8()..];
    let nm = digits(rest);
    let month: u32 = rest.get(..nm).filter(|m| (1..=2).contains(&m.len()))?.parse().ok()?;
    let rest = &rest[nm..];
    let sep2 = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.' | '月'))?;
    if (sep == '年') != (sep2 == '月') || (sep != '年' && sep != sep2) {
        return None;
    }
    let rest = &rest[sep2.len_utf8()..];
    let nd = digits(rest);
    let day: u32 = rest.get(..nd).filter(|d| (1..=2).contains(&d.len()))?.parse().ok()?;
    let rest = &rest[nd..];
    let rest = if sep == '年' { rest.strip_prefix('日').unwrap_or(rest) } else { rest };
    Some((if neg { -year } else { year }, month, day, rest))
}

/// Why a date written in a date's form does not exist (`2021-11-31`):
/// "November has no 31st (11月没有31日)".
pub fn why_impossible(s: &str) -> Option<NoSuchDay> {
    let (y, m, d, _) = split_ymd(s)?;
    if NaiveDate::from_ymd_opt(y, m, d).is_some() {
        return None;
    }
    if !(1..=12).contains(&m) {
        return Some(NoSuchDay::Month { m });
    }
    if m == 2 && d == 29 {
        return Some(NoSuchDay::NotLeap { y });
    }
    Some(NoSuchDay::Day { m, d })
}

fn parse_any_year(s: &str) -> Option<When> {
    let normal = normalise(s);
    let s = normal.as_deref().unwrap_or(s).trim();
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
    let normal = normalise(s);
    let s = normal.as_deref().unwrap_or(s).trim();
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
        for s in ["2021/10/25", "2021.10.25", "2021年10月25日", "2021-10-25"] {
            assert_eq!(parse(s).unwrap().date().to_string(), "2021-10-25", "{s}");
        }
        assert_eq!(parse("2021-9-5").unwrap().date().to_string(), "2021-09-05");
        assert_eq!(parse("2021/9/5 09:30").unwrap().rfc3339(), "2021-09-05T09:30:00+08:00");
        assert!(parse("2021/10-25").is_none() && parse("2021年10-25").is_none());
        assert_eq!(why_impossible("2021-11-31").unwrap().to_string(), "month 11 has no day 31 (11月没有31日)");
        assert!(why_impossible("2021-02-29").unwrap().to_string().contains("2021年2月没有29日"));
        assert!(why_impossible("2021年13月1日").unwrap().to_string().contains("没有13月"));
        assert_eq!(why_impossible("2021-11-30"), None);
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
