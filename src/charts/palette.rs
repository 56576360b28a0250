//! Chart colours: the default government-site palette, theme overrides and
//! contrast checks.
//!
//! The default is deliberately sober (dark red, navy, greys) and every colour
//! a chart uses for text or marks reaches WCAG AA on the white background:
//! ≥ 4.5:1, which also covers the 3:1 needed for bars. Themes may override any
//! key from `theme.yaml`'s `colors:` map; what they choose is validated for
//! syntax only, and `contrast_warnings` lets the caller report weak choices.

use std::collections::BTreeMap;

use super::ChartError;

/// Colours used by every chart kind. All values are `#rrggbb` strings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Palette {
    /// Main bars and lines (完成值).
    pub primary: String,
    /// Second series (目标, 时间进度).
    pub secondary: String,
    /// Task ahead of time / target met.
    pub ahead: String,
    /// Task behind time / shortfall.
    pub behind: String,
    /// Labels and values.
    pub text: String,
    /// Secondary text: axis ticks, notes.
    pub muted: String,
    /// Grid lines and empty bar tracks (decoration only, no contrast rule).
    pub grid: String,
    /// Chart background.
    pub background: String,
    /// Ranking grade 优.
    pub grade_good: String,
    /// Ranking grade 中.
    pub grade_mid: String,
    /// Ranking grade 差.
    pub grade_bad: String,
    /// Categorical colours (breakdown bars), used in order and cycled.
    pub series: Vec<String>,
}

impl Default for Palette {
    fn default() -> Self {
        // Contrast on #ffffff (WCAG 2): primary 7.9, secondary 11.5,
        // ahead 6.5, behind 5.4, text 16.5, muted 6.0, grade_mid 5.2,
        // grade_bad 6.5; series all ≥ 5.2 (checked in the tests).
        let s = |v: &str| v.to_string();
        Palette {
            primary: s("#9e1c22"),
            secondary: s("#1f3a5f"),
            ahead: s("#1e6b3f"),
            behind: s("#b54708"),
            text: s("#1f1f1f"),
            muted: s("#5f6368"),
            grid: s("#d9d9d9"),
            background: s("#ffffff"),
            grade_good: s("#1e6b3f"),
            grade_mid: s("#946200"),
            grade_bad: s("#b3261e"),
            series: vec![
                s("#9e1c22"),
                s("#1f3a5f"),
                s("#946200"),
                s("#2f6b5e"),
                s("#5b4b8a"),
                s("#5f6368"),
                s("#8e3b5e"),
                s("#3b5f8a"),
            ],
        }
    }
}

/// Keys accepted by `Palette::from_map`, in the order they are reported.
pub(crate) const KEYS: [&str; 12] = [
    "primary",
    "secondary",
    "ahead",
    "behind",
    "text",
    "muted",
    "grid",
    "background",
    "grade_good",
    "grade_mid",
    "grade_bad",
    "series",
];

impl Palette {
    /// The default palette with `theme.yaml` `colors:` overrides applied.
    ///
    /// Keys are the field names; `series` is a list separated by commas or
    /// spaces. Values must be `#rgb` or `#rrggbb` (normalised to lowercase
    /// `#rrggbb`). Keys this module does not know are ignored, because the
    /// same `colors:` map also feeds the theme's CSS.
    pub fn from_map(map: &BTreeMap<String, String>) -> Result<Palette, ChartError> {
        let mut p = Palette::default();
        let mut errors = Vec::new();
        for (key, value) in map {
            let slot = match key.as_str() {
                "primary" => &mut p.primary,
                "secondary" => &mut p.secondary,
                "ahead" => &mut p.ahead,
                "behind" => &mut p.behind,
                "text" => &mut p.text,
                "muted" => &mut p.muted,
                "grid" => &mut p.grid,
                "background" => &mut p.background,
                "grade_good" => &mut p.grade_good,
                "grade_mid" => &mut p.grade_mid,
                "grade_bad" => &mut p.grade_bad,
                "series" => {
                    let mut list = Vec::new();
                    for part in value.split([',', ' ', '\t']).filter(|s| !s.is_empty()) {
                        match normalize_hex(part) {
                            Some(c) => list.push(c),
                            None => errors.push(bad_colour(key, part)),
                        }
                    }
                    if list.is_empty() && errors.is_empty() {
                        errors.push(ChartError::NoSeriesColour(value.clone()));
                    }
                    p.series = list;
                    continue;
                }
                _ => continue,
            };
            match normalize_hex(value) {
                Some(c) => *slot = c,
                None => errors.push(bad_colour(key, value)),
            }
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(ChartError::Colours(errors))
        }
    }

    /// Human-readable warnings for colours that fall below WCAG AA against
    /// the background: 4.5:1 for colours used for text, 3:1 for series bars.
    pub fn contrast_warnings(&self) -> Vec<String> {
        let bg = rgb(&self.background);
        let mut out = Vec::new();
        let named = [
            ("primary", &self.primary),
            ("secondary", &self.secondary),
            ("ahead", &self.ahead),
            ("behind", &self.behind),
            ("text", &self.text),
            ("muted", &self.muted),
            ("grade_good", &self.grade_good),
            ("grade_mid", &self.grade_mid),
            ("grade_bad", &self.grade_bad),
        ];
        for (name, c) in named {
            let r = contrast(rgb(c), bg);
            if r < 4.5 {
                out.push(low_contrast(name, c, r, &self.background, "4.5"));
            }
        }
        for c in &self.series {
            let r = contrast(rgb(c), bg);
            if r < 3.0 {
                out.push(low_contrast("series", c, r, &self.background, "3"));
            }
        }
        out
    }

    /// The categorical colour for item `i` (cycled; primary if the list is empty).
    pub(crate) fn series_at(&self, i: usize) -> &str {
        if self.series.is_empty() {
            &self.primary
        } else {
            &self.series[i % self.series.len()]
        }
    }
}

fn bad_colour(key: &str, value: &str) -> ChartError {
    ChartError::BadColour { key: key.into(), value: value.into() }
}

/// "#ABC" / "#aabbcc" → "#aabbcc"; anything else → None.
pub(crate) fn normalize_hex(s: &str) -> Option<String> {
    let h = s.trim().strip_prefix('#')?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let h = h.to_ascii_lowercase();
    match h.len() {
        6 => Some(format!("#{h}")),
        3 => {
            let mut out = String::with_capacity(7);
            out.push('#');
            for c in h.chars() {
                out.push(c);
                out.push(c);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Parses a colour for drawing. Fields are public, so a caller could have
/// put anything there; an invalid value falls back to mid grey rather than
/// failing the build or leaking the string into the SVG.
/// Read from the digits in place: every chart parses its colours.
pub(crate) fn rgb(s: &str) -> (u8, u8, u8) {
    let hex = s.trim().strip_prefix('#').filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    let d = |b: u8| char::from(b).to_digit(16).unwrap_or(0) as u8;
    match hex.map(str::as_bytes) {
        Some(&[r, g, b]) => (d(r) * 17, d(g) * 17, d(b) * 17),
        Some(&[r1, r2, g1, g2, b1, b2]) => (d(r1) << 4 | d(r2), d(g1) << 4 | d(g2), d(b1) << 4 | d(b2)),
        _ => (0x66, 0x66, 0x66),
    }
}

/// WCAG 2 contrast ratio between two colours.
pub(crate) fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn lum((r, g, b): (u8, u8, u8)) -> f64 {
        let f = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    let (la, lb) = (lum(a), lum(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The warning for a colour too faint on the background.
fn low_contrast(key: &str, colour: &str, ratio: f64, background: &str, min: &str) -> String {
    crate::messages::charts::Charts::LowContrast {
        key: key.to_string(),
        colour: colour.to_string(),
        ratio: format!("{ratio:.2}"),
        background: background.to_string(),
        min: min.to_string(),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_contrast() {
        let p = Palette::default();
        assert!(p.contrast_warnings().is_empty(), "{:?}", p.contrast_warnings());
        // Every series colour is also readable as text.
        for c in &p.series {
            assert!(contrast(rgb(c), rgb(&p.background)) >= 4.5, "{c}");
        }
    }

    #[test]
    fn overrides() {
        let mut m = BTreeMap::new();
        m.insert("primary".to_string(), "#C00".to_string());
        m.insert("series".to_string(), "#111111, #222".to_string());
        m.insert("link".to_string(), "whatever".to_string()); // theme CSS key
        let p = Palette::from_map(&m).unwrap();
        assert_eq!(p.primary, "#cc0000");
        assert_eq!(p.series, vec!["#111111".to_string(), "#222222".into()]);
        assert_eq!(p.secondary, Palette::default().secondary);

        m.insert("ahead".to_string(), "green".to_string());
        m.insert("behind".to_string(), "#12345".to_string());
        let e = Palette::from_map(&m).unwrap_err().to_string();
        assert!(e.contains("colors.ahead") && e.contains("colors.behind"), "{e}");

        let mut m = BTreeMap::new();
        m.insert("muted".to_string(), "#eeeeee".to_string());
        let p = Palette::from_map(&m).unwrap();
        assert_eq!(p.contrast_warnings().len(), 1);
        assert_eq!(rgb("nonsense"), (0x66, 0x66, 0x66));
        // As read from the normalised form.
        for c in ["#1a6fb0", "#ABC", " #aBc ", "#fff", "#00000", "#12345g", "123456", "#", "#1234567", "#日本"] {
            let by_normal = normalize_hex(c).map_or((0x66, 0x66, 0x66), |h| {
                let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).unwrap();
                (p(1), p(3), p(5))
            });
            assert_eq!(rgb(c), by_normal, "{c}");
        }
    }
}
