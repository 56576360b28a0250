//! Figures as people write them: `2,450`, `52亿元`, `8000万元`, `1.2万`.
//! The front-matter pass reads such a value as its number in the unit it
//! was written in and notes the unit; once the campaign's declared unit is
//! known the figure is converted into it (`120000万元` in an 亿元 metric is
//! 12). A unit that cannot convert (个 vs 亿元) is an error naming both.

/// A metric value written with a unit, as the front-matter pass found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The metric's key.
    pub key: String,
    /// The unit as written (`万元`, `亿`).
    pub unit: String,
    /// 1-based line within the YAML.
    pub line: usize,
    /// The value as written, for messages.
    pub text: String,
}

/// A number with optional thousands separators and an optional unit after
/// it: `2,450` → (2450, None); `52亿元` → (52, Some("亿元")). `None` for
/// anything else (plain YAML numbers need no help; text is left to serde).
pub fn parse(value: &str) -> Option<(f64, Option<&str>)> {
    let v = value.trim();
    let end = v.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+'))).unwrap_or(v.len());
    let (num, unit) = (&v[..end], v[end..].trim());
    if num.is_empty() || !num.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if num.contains(',') && !grouped(num) {
        return None;
    }
    if unit.is_empty() && !num.contains(',') {
        return None;
    }
    if !unit.is_empty() && (unit.len() > 12 || unit.contains(|c: char| c.is_ascii_digit() || c.is_whitespace())) {
        return None;
    }
    let n: f64 = num.replace(',', "").parse().ok()?;
    Some((n, (!unit.is_empty()).then_some(unit)))
}

/// `1,234,567.8`: groups of three digits after the first.
fn grouped(num: &str) -> bool {
    let int = num.trim_start_matches(['-', '+']).split('.').next().unwrap_or("");
    let mut parts = int.split(',');
    let first = parts.next().unwrap_or("");
    (1..=3).contains(&first.len()) && parts.all(|p| p.len() == 3)
}

/// A unit as a family and a multiple of the family's base: 万元 is
/// ("元", 1e4); a bare magnitude (`万`, `亿`) multiplies whatever is counted.
fn scale(unit: &str) -> (&str, f64) {
    for (prefix, m) in [("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2)] {
        if let Some(rest) = unit.strip_prefix(prefix) {
            return (rest, m);
        }
    }
    (unit, 1.0)
}

/// `value` written in `from` expressed in `to`, the declared unit; an error
/// `None` when the two measure different things.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    let ((f, fm), (t, tm)) = (scale(from), scale(to));
    // A bare magnitude (`1.2万`) takes the declared unit's family.
    if f == t || f.is_empty() {
        let v = value * fm / tm;
        return Some((v * 1e6).round() / 1e6);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_as_people_write_them() {
        assert_eq!(parse("2,450"), Some((2450.0, None)));
        assert_eq!(parse("52亿元"), Some((52.0, Some("亿元"))));
        assert_eq!(parse("8000万元"), Some((8000.0, Some("万元"))));
        assert_eq!(parse("1,200.5 万元"), Some((1200.5, Some("万元"))));
        assert_eq!(parse("12"), None);
        assert_eq!(parse("2,45"), None);
        assert_eq!(parse("七十七"), None);
        assert_eq!(parse("第7期"), None);
        assert_eq!(convert(120000.0, "万元", "亿元"), Some(12.0));
        assert_eq!(convert(52.0, "亿元", "亿元"), Some(52.0));
        assert_eq!(convert(3.5, "亿元", "万元"), Some(35000.0));
        assert_eq!(convert(1.2, "万", "个"), Some(12000.0));
        assert_eq!(convert(8.0, "个", "个"), Some(8.0));
        assert!(convert(30.0, "个", "亿元").is_none());
    }
}
