//! Chinese number and date formatting: `2021年8月10日`, ISO dates, the
//! `亿元`/`万元` money style, plain numbers and percentages as report pages,
//! tables and charts show them. Written digit by digit where every row of
//! every table writes them; each writer is tested against the formatter.

use chrono::{Datelike, NaiveDate};

/// `2021年8月10日`.
pub fn date_cn(d: NaiveDate) -> String {
    let mut s = String::with_capacity(20);
    push_int(&mut s, i64::from(d.year()));
    s.push('年');
    push_int(&mut s, i64::from(d.month()));
    s.push('月');
    push_int(&mut s, i64::from(d.day()));
    s.push('日');
    s
}

/// `2021-08-10`, as `NaiveDate` displays it (years outside 0–9999 by it).
/// Written digit by digit: every project row and page reference shows dates.
pub fn iso_date(d: NaiveDate) -> String {
    if !(0..=9999).contains(&d.year()) {
        return d.to_string();
    }
    let mut s = String::with_capacity(10);
    push_padded(&mut s, d.year() as u64, 4);
    s.push('-');
    push_padded(&mut s, u64::from(d.month()), 2);
    s.push('-');
    push_padded(&mut s, u64::from(d.day()), 2);
    s
}

/// Appends `v` in decimal, without the formatting machinery (dates and
/// amounts are written for every row of every table).
pub fn push_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    push_padded(out, v.unsigned_abs(), 1);
}

/// Appends `v` in decimal with leading zeros to at least `width` digits
/// (at most 20): `05` for a month, `.05` of a fraction.
pub fn push_padded(out: &mut String, v: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let (mut n, mut at) = (v, digits.len());
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let at = at.min(digits.len().saturating_sub(width));
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

/// Appends the lowest `width` (at most 16) hex digits of `v`, lower case,
/// with leading zeros: `0a3f…` of a 64-bit digest, `c8102e` of a colour.
pub fn push_hex(out: &mut String, v: u64, width: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    (0..width.min(16)).rev().for_each(|i| out.push(char::from(HEX[(v >> (4 * i)) as usize & 15])));
}

/// `2021年8月`.
pub fn month_cn(year: i32, month: u32) -> String {
    format!("{year}年{month}月")
}

/// `v` rounded to `decimals` places with trailing zeros (and a bare `.`)
/// removed; `-0` prints as `0`.
fn trim_number(v: f64, decimals: usize) -> String {
    let mut s = String::with_capacity(16);
    push_number(&mut s, v, decimals);
    s
}

/// `v` to `decimals` places, 四舍五入, trailing zeros trimmed (`86.7`, `93`,
/// `-0.001` → `0`): the one way a page, a table and a chart write a number.
pub fn push_number(out: &mut String, v: f64, decimals: usize) {
    match rounded_units(v, decimals) {
        Some(0) => out.push('0'),
        Some(n) => {
            if v.is_sign_negative() {
                out.push('-');
            }
            push_units(out, n, decimals, true);
        }
        None => {
            let start = out.len();
            let _ = std::fmt::Write::write_fmt(out, format_args!("{v:.decimals$}"));
            if out[start..].contains('.') {
                out.truncate(start + out[start..].trim_end_matches('0').trim_end_matches('.').len());
            }
            if &out[start..] == "-0" {
                out.remove(start);
            }
        }
    }
}

/// `v` to `decimals` places, 四舍五入, zeros kept (`86.70`), as the
/// formatter writes it away from a half.
fn fixed(v: f64, decimals: usize) -> String {
    let Some(n) = rounded_units(v, decimals) else { return format!("{v:.decimals$}") };
    let mut s = String::with_capacity(16);
    if v.is_sign_negative() {
        s.push('-');
    }
    push_units(&mut s, n, decimals, false);
    s
}

/// Appends `n` units of `10^-decimals`: `12345` at 2 → `123.45`; `trim`
/// drops the fraction's trailing zeros (and a bare `.`).
pub fn push_units(out: &mut String, n: u64, decimals: usize, trim: bool) {
    let scale = 10u64.pow(decimals as u32);
    push_padded(out, n / scale, 1);
    let (mut frac, mut width) = (n % scale, decimals);
    while trim && width > 0 && frac % 10 == 0 {
        (frac, width) = (frac / 10, width - 1);
    }
    if width > 0 {
        out.push('.');
        push_padded(out, frac, width);
    }
}

/// `|v| × 10^decimals` (at most six) rounded half away from zero
/// (四舍五入), a hair below a half counting as the half: `1.005` is stored
/// as 1.00499999…, and a ratio that comes to 54.45 is computed as
/// 54.449999…; both round up, as the number as written does. `None` for
/// non-finite or huge values (≥ 10¹³ units), where the float's own steps
/// outgrow that hair.
pub fn rounded_units(v: f64, decimals: usize) -> Option<u64> {
    let scale = 10u64.pow(u32::try_from(decimals).ok().filter(|&d| d <= 6)?);
    let x = v.abs() * scale as f64;
    if x.is_nan() || x >= 1e13 {
        return None;
    }
    let whole = x.floor();
    // A few steps of the float at `x`, and never less than 10⁻⁷ of a unit.
    let hair = 1e-7 + x * 1e-15;
    Some(whole as u64 + u64::from(x - whole >= 0.5 - hair))
}

/// Money given in 亿元: `371.3亿元`, `93亿元`; amounts under one 亿 switch to
/// 万元 (`0.35` → `3500万元`); zero is `0元`; up to two decimals, trimmed.
/// Non-finite input gives `—` rather than `NaN亿元`.
pub fn amount_yi(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let mut s = String::with_capacity(16);
    if v < 0.0 {
        s.push('-');
    }
    // Hundredths of a 万元 are millionths of the 亿元 given.
    match rounded_units(v, 6).filter(|&wan| wan < 1_000_000) {
        Some(0) => return "0元".to_string(),
        Some(wan) => {
            push_units(&mut s, wan, 2, true);
            s.push_str("万元");
        }
        // 0.999999 rounds to 10000万, which reads better as 1亿.
        _ => {
            push_number(&mut s, v.abs(), 2);
            s.push_str("亿元");
        }
    }
    s
}

/// Plain number, up to two decimals, trailing zeros trimmed: `77`, `86.7`.
pub fn number_cn(v: f64) -> String {
    trim_number(v, 2)
}

/// The site's percent style (`numbers:` in site.yaml): decimals in the low
/// bits, bit 7 for fixed. Set once per build, before anything is rendered
/// (a process builds one site at a time), so the templates' `percent`
/// filter and the charts need no setting passed down to every call.
static PERCENT_STYLE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(1);

/// Makes `percent` write `decimals` places (0–3), always (`fixed`) or where needed.
pub fn set_percent_style(numbers: crate::config::NumbersConfig) {
    let bits = numbers.percent_decimals.min(3) | if numbers.percent_fixed { 0x80 } else { 0 };
    PERCENT_STYLE.store(bits, std::sync::atomic::Ordering::Relaxed);
}

/// `v` rounded to the decimals of the site's percent style, 四舍五入.
pub fn round_percent(v: f64) -> f64 {
    let decimals = PERCENT_STYLE.load(std::sync::atomic::Ordering::Relaxed) & 0x0F;
    match rounded_units(v, usize::from(decimals)) {
        Some(n) => (n as f64 / 10f64.powi(i32::from(decimals))).copysign(v),
        None => v,
    }
}

/// `p` is already a percentage, written in the site's style; by default
/// one decimal where needed: `86.66` → `86.7%`, `100` → `100%`.
pub fn percent(p: f64) -> String {
    let bits = PERCENT_STYLE.load(std::sync::atomic::Ordering::Relaxed);
    let decimals = usize::from(bits & 0x0F);
    // `fixed` and `trim_number` round 四舍五入 (106.25 → 106.3), as `round_percent` does.
    let mut s = if bits & 0x80 != 0 { fixed(p, decimals) } else { trim_number(p, decimals) };
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s.remove(0);
    }
    s.push('%');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2021, 8, 10).unwrap();
        assert_eq!(date_cn(d), "2021年8月10日");
        assert_eq!(month_cn(2021, 8), "2021年8月");
    }

    #[test]
    fn amounts() {
        assert_eq!(amount_yi(371.3), "371.3亿元");
        assert_eq!(amount_yi(93.0), "93亿元");
        assert_eq!(amount_yi(32.98), "32.98亿元");
        assert_eq!(amount_yi(1.1), "1.1亿元");
        assert_eq!(amount_yi(1.0), "1亿元");
        assert_eq!(amount_yi(0.8), "8000万元");
        assert_eq!(amount_yi(0.35), "3500万元");
        assert_eq!(amount_yi(0.0125), "125万元");
        assert_eq!(amount_yi(0.00005), "0.5万元");
        assert_eq!(amount_yi(0.0), "0元");
        assert_eq!(amount_yi(-0.0), "0元");
        assert_eq!(amount_yi(-2.5), "-2.5亿元");
        assert_eq!(amount_yi(-0.35), "-3500万元");
        assert_eq!(amount_yi(0.9999999), "1亿元");
        assert_eq!(amount_yi(12.344), "12.34亿元");
        assert_eq!(amount_yi(f64::NAN), "—");
    }

    /// What a reader expects: the formatter's digits, except where the
    /// number is a half or a hair below one (1.005 is stored as
    /// 1.00499999…), which 四舍五入 rounds away from zero; the formatter
    /// rounds the float, to even at an exact half. Huge values as the
    /// formatter writes them.
    fn rounded_half_up(v: f64, d: usize) -> String {
        let huge = v.abs() * 10f64.powi(d as i32) >= 1e13;
        let r = if huge { v } else { v + v * 1e-15 };
        format!("{r:.d$}")
    }

    #[test]
    fn fixed_rounds_a_half_up_and_otherwise_as_the_formatter() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut values = vec![0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 2.675, 1.005, 106.25, -0.04, 99.95, 1e9, 3e12, f64::NAN];
        values.extend([f64::INFINITY, f64::NEG_INFINITY, 999_999_999.999_6, 0.0005, 0.0015, 1234.5678, -2.125]);
        for _ in 0..20_000 {
            let magnitude = 10f64.powi((rng.below(12) as i32) - 3);
            let v = (rng.below(2_000_001) as f64 - 1_000_000.0) / 1_000_000.0 * magnitude;
            values.extend([v, (v * 1000.0).round() / 1000.0 + 0.0005, (v * 100.0).round() / 100.0]);
        }
        for v in values {
            for d in 0..=6 {
                assert_eq!(fixed(v, d), rounded_half_up(v, d), "{v:?} with {d} decimals");
            }
        }
    }

    #[test]
    fn a_written_half_rounds_up_everywhere_a_number_is_shown() {
        assert_eq!(fixed(1.005, 2), "1.01", "1.005 is stored a hair below the half");
        assert_eq!(number_cn(2.125), "2.13", "not to even");
        assert_eq!(number_cn(2.675), "2.68");
        assert_eq!(number_cn(-2.125), "-2.13");
        assert_eq!(number_cn(0.125), "0.13");
        assert_eq!(amount_yi(2.125), "2.13亿元");
        assert_eq!(amount_yi(0.0012345), "12.35万元");
        assert_eq!(amount_yi(-0.0012345), "-12.35万元");
        assert_eq!(percent(80.25), "80.3%");
        assert_eq!(round_percent(80.25), 80.3);
        assert_eq!(round_percent(-80.25), -80.3);
        let ratio = 1089.0 / 2000.0 * 100.0;
        assert!(ratio < 54.45, "computed a hair below the half");
        assert_eq!(percent(ratio), "54.5%");
        assert_eq!(number_cn(2.124_999), "2.12", "a real difference is no hair");
    }

    #[test]
    fn dates_and_whole_numbers_are_written_as_the_formatter_writes_them() {
        for v in [0, 7, -7, 10, 480, -1234567, i64::MAX, i64::MIN] {
            let mut s = String::new();
            push_int(&mut s, v);
            assert_eq!(s, v.to_string());
        }
        for (v, width) in [(0, 1), (0, 3), (5, 2), (42, 2), (42, 1), (1234, 2), (7, 20), (u64::MAX, 20), (u64::MAX, 3)]
        {
            let mut s = String::new();
            push_padded(&mut s, v, width);
            assert_eq!(s, format!("{v:0width$}"));
        }
        for (v, width) in [(0, 1), (0, 16), (0xab, 2), (0xc8102e, 6), (u64::MAX, 16), (0x0123_4567_89ab_cdef, 16)] {
            let mut s = String::new();
            push_hex(&mut s, v, width);
            assert_eq!(s, format!("{v:0width$x}"));
        }
        for (y, m, d) in
            [(2021, 8, 10), (1, 1, 1), (999, 12, 31), (0, 2, 29), (9999, 12, 31), (-5, 3, 4), (10000, 1, 9)]
        {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date), date.to_string());
            assert_eq!(date_cn(date), format!("{y}年{m}月{d}日"));
        }
    }

    #[test]
    fn numbers_and_percent() {
        assert_eq!(number_cn(77.0), "77");
        assert_eq!(number_cn(86.7), "86.7");
        assert_eq!(number_cn(32.98), "32.98");
        assert_eq!(number_cn(32.989), "32.99");
        assert_eq!(number_cn(-0.001), "0");
        assert_eq!(number_cn(100.0), "100");
        assert_eq!(percent(86.66), "86.7%");
        assert_eq!(percent(100.0), "100%");
        assert_eq!(percent(45.0), "45%");
        assert_eq!(percent(0.04), "0%");
        assert_eq!(percent(106.25), "106.3%", "四舍五入");
        assert_eq!(percent(-0.04), "0%");
    }
}
