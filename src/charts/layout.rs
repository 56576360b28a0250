//! Text metrics, label wrapping and number/date formatting for the charts.
//!
//! The build machine has no fonts, so nothing can measure real glyphs.
//! plotters' own fallback estimates width from UTF-8 bytes, which makes a
//! Chinese character (3 bytes) about twice as wide as it really is. Instead we
//! use the typographic facts that hold for every CJK font the page asks for:
//! Han characters and full-width punctuation are one em wide, and Latin
//! letters and digits are a little over half an em. The estimate errs on the
//! wide side so a label that "fits" here fits in the browser too.

use std::fmt::Write as _;

/// Width of an ASCII letter, digit or punctuation mark in em. Real CJK fonts
/// (Noto Sans CJK, PingFang, YaHei) set digits at ~0.5–0.55 em; 0.55 keeps
/// us on the safe side.
const NARROW_EM: f64 = 0.55;
/// Other narrow scripts (Latin-1 letters etc.) are slightly wider on average.
const OTHER_EM: f64 = 0.6;

/// Whether a character is drawn one em wide in a CJK font: what
/// `text::is_wide` counts as East Asian wide (ideographs, kana, hangul,
/// full-width forms, CJK punctuation), plus symbols CJK fonts also draw full
/// width: general punctuation (…, —, “”), arrows, enclosed numbers and
/// geometric shapes (▲▼■).
fn is_wide(c: char) -> bool {
    crate::text::is_wide(c) || matches!(c as u32, 0x2010..=0x206F | 0x2190..=0x21FF | 0x2460..=0x27BF)
}

/// ASCII widths: digits and most lower-case letters are narrow, capitals a
/// bit wider, and a few glyphs (%, @, m, w, M, W) nearly square in CJK fonts.
fn ascii_em(c: char) -> f64 {
    match c {
        '%' | '@' | '&' | 'm' | 'w' | 'M' | 'W' => 0.9,
        'A'..='Z' => 0.7,
        _ => NARROW_EM,
    }
}

/// Estimated advance width of `s` set at `font_px`, in pixels.
pub fn text_width(s: &str, font_px: f64) -> f64 {
    let mut em = 0.0;
    for c in s.chars() {
        em += if is_wide(c) {
            1.0
        } else if c.is_ascii() {
            ascii_em(c)
        } else {
            OTHER_EM
        };
    }
    em * font_px
}

/// Characters that must not begin a line (Chinese line-breaking rules): a
/// closing bracket or a comma alone at the start of a line looks broken.
fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '”'
            | '’'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '%'
            | '…'
    )
}

/// Splits a label into break units: one wide character each, or a run of
/// ASCII letters/digits (so "2021" or "PM2.5" never breaks in the middle).
fn units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '.' || c == '%';
        if in_word && word {
            continue;
        }
        if i > start {
            out.push(&s[start..i]);
        }
        start = i;
        in_word = word;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Shortens `s` with a trailing "…" until it fits `max_w`.
pub fn truncate(s: &str, font_px: f64, max_w: f64) -> String {
    if text_width(s, font_px) <= max_w {
        return s.to_string();
    }
    let ell = text_width("…", font_px);
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = text_width(c.encode_utf8(&mut [0u8; 4]), font_px);
        if w + cw + ell > max_w {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// A label broken into lines that each fit a width.
pub struct Wrapped {
    pub lines: Vec<String>,
    /// True when text was cut off; the caller then attaches the full label
    /// as a tooltip (the data table always has it too).
    pub truncated: bool,
}

/// Line breaking for Chinese labels: break between any two wide characters,
/// keep ASCII runs whole, never start a line with closing punctuation, and
/// end the last allowed line with "…" if text remains. When the label fits
/// in several lines, they are balanced (no lone character on the last line).
pub fn wrap(s: &str, font_px: f64, max_w: f64, max_lines: usize) -> Wrapped {
    let first = wrap_greedy(s, font_px, max_w, max_lines);
    let n = first.lines.len();
    if first.truncated || n < 2 {
        return first;
    }
    // Narrow the measure step by step from the even share until the label
    // still fits in the same number of lines.
    let mut w = text_width(s, font_px) / n as f64;
    while w < max_w {
        let tried = wrap_greedy(s, font_px, w, n);
        if !tried.truncated && tried.lines.len() == n {
            return tried;
        }
        w += font_px / 2.0;
    }
    first
}

fn wrap_greedy(s: &str, font_px: f64, max_w: f64, max_lines: usize) -> Wrapped {
    let max_lines = max_lines.max(1);
    if text_width(s, font_px) <= max_w {
        return Wrapped { lines: vec![s.to_string()], truncated: false };
    }
    let us = units(s);
    let mut lines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < us.len() {
        if lines.len() + 1 == max_lines {
            // Last permitted line: take the rest and truncate it.
            let rest: String = us[i..].concat();
            let fits = text_width(&rest, font_px) <= max_w;
            lines.push(if fits { rest } else { truncate(&rest, font_px, max_w) });
            return Wrapped { lines, truncated: !fits };
        }
        let mut w = 0.0;
        let mut j = i;
        while j < us.len() {
            let uw = text_width(us[j], font_px);
            if w + uw > max_w && j > i {
                break;
            }
            w += uw;
            j += 1;
        }
        // Pull one unit down if the next line would start with a closing mark.
        if j < us.len() && j > i + 1 && us[j].chars().next().is_some_and(no_line_start) {
            j -= 1;
        }
        let line: String = us[i..j].concat();
        // A single unit wider than the line (a very long ASCII run) is cut.
        if text_width(&line, font_px) > max_w {
            lines.push(truncate(&line, font_px, max_w));
            let more = j < us.len();
            if more || lines.len() == max_lines {
                return Wrapped { lines, truncated: true };
            }
        } else {
            lines.push(line);
        }
        i = j;
    }
    Wrapped { lines, truncated: false }
}

/// Formats a number for Chinese readers: at most two decimals, trailing
/// zeros trimmed (86.7, 32.98, 93); "—" for NaN/infinity; an exponent only
/// for magnitudes ≥ 10¹² (bad input).
pub fn fmt_num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

/// `fmt_num` appended to a buffer (avoids an allocation per number).
pub fn push_num(buf: &mut String, v: f64) {
    if !v.is_finite() {
        buf.push('—');
        return;
    }
    if v.abs() >= 1e12 {
        // Absurd magnitudes (bad input) would print hundreds of digits and
        // wreck the layout; scientific notation keeps them short.
        let _ = write!(buf, "{v:.2e}");
        return;
    }
    // Rounded as the page text rounds: a chart never shows 2.13 where its
    // table says 2.12.
    crate::text::push_number(buf, v, 2);
}

/// Formats a percentage value as the page text does (`text::percent`, the
/// site's `numbers:` style): "62%", "46.3%"; "—" when unknown.
pub fn fmt_pct(v: f64) -> String {
    if v.is_finite() {
        crate::text::percent(v)
    } else {
        "—".to_string()
    }
}

/// Appends an SVG coordinate with one decimal, trimmed. Fixed precision
/// keeps the output byte-identical across runs and platforms.
pub fn push_coord(buf: &mut String, v: f64) {
    let v = if v.is_finite() { v } else { 0.0 };
    if v.abs() < 1e12 {
        // Integer digits, not `{:.1}`: float formatting with a precision was
        // ~2% of a build (every chart coordinate goes through here).
        let tenths = (v * 10.0).round() as i64;
        if tenths < 0 {
            buf.push('-');
        }
        crate::text::push_units(buf, tenths.unsigned_abs(), 1, true);
        return;
    }
    let r = (v * 10.0).round() / 10.0;
    let start = buf.len();
    let _ = write!(buf, "{r:.1}");
    if buf.ends_with(".0") {
        buf.truncate(buf.len() - 2);
    }
    if &buf[start..] == "-0" {
        buf.truncate(start);
        buf.push('0');
    }
}

/// Parses "YYYY-MM-DD", "YYYY-MM" or the date part of RFC 3339.
/// Returns (year, month, day) with day 0 when absent.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let s = s.trim();
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 7 || b[4] != b'-' {
        return None;
    }
    let y = num(0..4)? as i32;
    let m = num(5..7)?;
    if !(1..=12).contains(&m) {
        return None;
    }
    if b.len() == 7 {
        return Some((y, m, 0));
    }
    if b.len() < 10 || b[7] != b'-' {
        return None;
    }
    let d = num(8..10)?;
    if !(1..=31).contains(&d) {
        return None;
    }
    Some((y, m, d))
}

/// "2021-09-30" → "2021年9月30日"; anything unparseable is returned as is.
pub fn fmt_date_cn(s: &str) -> String {
    match parse_date(s) {
        Some((y, m, 0)) => format!("{y}年{m}月"),
        Some((y, m, d)) => format!("{y}年{m}月{d}日"),
        None => s.trim().to_string(),
    }
}

/// Days since 1970-01-01 (proleptic Gregorian), for spacing dates on an axis
/// in proportion to real time. Algorithm from H. Hinnant's `days_from_civil`.
pub fn day_number(y: i32, m: u32, d: u32) -> i64 {
    let d = d.max(1) as i64;
    let (y, m) = (y as i64, m as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A "nice" axis from `lo` to `hi`: steps of 1, 2, 2.5 or 5 × 10^k with about
/// `ticks` intervals. Returns (axis_lo, axis_hi, step).
pub fn nice_scale(lo: f64, hi: f64, ticks: usize) -> (f64, f64, f64) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let raw = (hi - lo) / ticks.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|f| f * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let a = (lo / step).floor() * step;
    let b = (hi / step).ceil() * step;
    (a, b, step)
}

/// Escapes text for XML/HTML content and attribute values.
pub fn push_escaped(buf: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '&' => buf.push_str("&amp;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&#39;"),
            c => buf.push(c),
        }
    }
}

/// `push_escaped` into a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(text_width("招商引资", 10.0), 40.0);
        assert!((text_width("2021", 10.0) - 22.0).abs() < 1e-9);
        assert!((text_width("50%", 10.0) - 20.0).abs() < 1e-9);
        assert!((text_width("（亿元）", 10.0) - 40.0).abs() < 1e-9);
        assert_eq!(text_width("", 10.0), 0.0);
    }

    #[test]
    fn numbers() {
        assert_eq!(fmt_num(86.7), "86.7");
        assert_eq!(fmt_num(32.98), "32.98");
        assert_eq!(fmt_num(93.0), "93");
        assert_eq!(fmt_num(0.004), "0");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_num(1.005), "1.01", "四舍五入 of the number as written");
        assert_eq!(fmt_num(2.125), "2.13");
        assert_eq!(fmt_num(2.0 / 3.0), "0.67");
        assert_eq!(fmt_num(f64::NAN), "—");
        assert_eq!(fmt_num(-12.5), "-12.5");
        assert_eq!(fmt_num(999_999_999_999.0), "999999999999");
        assert_eq!(fmt_num(1e300), "1.00e300");
        assert_eq!(fmt_pct(60.0), "60%");
        assert_eq!(fmt_pct(46.333), "46.3%", "one decimal, like the page text");
        assert_eq!(fmt_pct(80.75), "80.8%");
        let mut s = String::new();
        push_coord(&mut s, 12.345);
        s.push(' ');
        push_coord(&mut s, 7.0);
        s.push(' ');
        push_coord(&mut s, -0.01);
        assert_eq!(s, "12.3 7 0");
    }

    /// A chart writes a number as the page text does (`text::number_cn`),
    /// and a coordinate as `{:.1}` of the rounded value, trimmed, for values
    /// across the range charts use.
    #[test]
    fn numbers_match_float_formatting() {
        fn trimmed(r: f64, decimals: usize) -> String {
            let mut s = format!("{r:.decimals$}");
            s.truncate(s.trim_end_matches('0').trim_end_matches('.').len());
            if s == "-0" {
                s = "0".into();
            }
            s
        }
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = [1.0, 100.0, 1e4, 1e8, 1e11][i % 5];
            let v = (x as f64 / u64::MAX as f64 - 0.5) * 2.0 * scale;
            let v = if i % 7 == 0 { (v * 1000.0).round() / 1000.0 } else { v };
            assert_eq!(fmt_num(v), crate::text::number_cn(v), "fmt_num({v})");
            let mut c = String::new();
            push_coord(&mut c, v);
            assert_eq!(c, trimmed((v * 10.0).round() / 10.0, 1), "push_coord({v})");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(fmt_date_cn("2021-09-30"), "2021年9月30日");
        assert_eq!(fmt_date_cn("2021-02"), "2021年2月");
        assert_eq!(fmt_date_cn("2021-09-30T08:00:00+08:00"), "2021年9月30日");
        assert_eq!(fmt_date_cn("九月"), "九月");
        assert_eq!(parse_date("2021-13-01"), None);
        assert_eq!(day_number(1970, 1, 1), 0);
        assert_eq!(day_number(2021, 11, 8) - day_number(2021, 8, 1), 99);
    }

    #[test]
    fn wrapping() {
        let w = wrap("格锐恩绿色钢能循环利用项目二期扩建工程", 10.0, 80.0, 2);
        assert_eq!(w.lines.len(), 2);
        assert!(w.truncated);
        assert!(w.lines[1].ends_with('…'));
        for l in &w.lines {
            assert!(text_width(l, 10.0) <= 80.0);
        }
        let w = wrap("招商引资到位资金（亿元）", 10.0, 110.0, 2);
        assert_eq!(w.lines, vec!["招商引资到位".to_string(), "资金（亿元）".into()]);
        let w = wrap("新能源汽车零部件及配套产业", 10.0, 120.0, 2);
        assert_eq!(w.lines, vec!["新能源汽车零部".to_string(), "件及配套产业".into()]);
        // Closing bracket never starts a line.
        let w = wrap("到位资金（亿元）", 10.0, 70.0, 3);
        assert!(!w.lines[1].starts_with('）'));
        // ASCII runs are kept whole.
        let w = wrap("PM2.5年均浓度", 10.0, 35.0, 3);
        assert_eq!(w.lines[0], "PM2.5");
        let w = wrap("短", 10.0, 100.0, 2);
        assert_eq!(w.lines, vec!["短".to_string()]);
        assert!(!w.truncated);
    }

    #[test]
    fn scales() {
        assert_eq!(nice_scale(0.0, 93.0, 5), (0.0, 100.0, 20.0));
        assert_eq!(nice_scale(0.0, 0.0, 5), (0.0, 1.0, 0.2));
        let (a, b, s) = nice_scale(-12.0, 40.0, 5);
        assert!(a <= -12.0 && b >= 40.0 && s > 0.0);
        assert_eq!(escape("<a&\"'>"), "&lt;a&amp;&quot;&#39;&gt;");
    }
}
