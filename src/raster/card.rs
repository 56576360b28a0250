//! Share cards: the 1200×630 image a link shows when pasted into WeChat or
//! a social site (`og:image`). The title, the site and the date on the
//! left, the page's first chart on the right when it has one.

use resvg::tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};

use super::Rasterizer;
use crate::charts::{escape, text_width};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// What a card shows.
pub struct Card<'a> {
    pub title: &'a str,
    /// The site's title, at the foot.
    pub site: &'a str,
    /// Up to two lines under the title (date, campaign), split at `\n`.
    pub byline: &'a str,
    /// `#rrggbb` of the band and accents.
    pub accent: &'a str,
    /// The chart drawn on the right, as SVG.
    pub chart: Option<&'a str>,
}

/// The lines `text` wraps into at `px` in `width`, at most `max` (the last
/// shortened with "…").
fn wrap(text: &str, px: f64, width: f64, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("one line");
        if text_width(&format!("{line}{c}"), px) > width && !line.is_empty() {
            if lines.len() == max {
                let line = lines.last_mut().expect("one line");
                line.pop();
                line.push('…');
                return lines;
            }
            lines.push(c.to_string());
        } else {
            line.push(c);
        }
    }
    lines
}

/// The card's SVG without the chart; `text_width` is the title column's width.
fn svg(card: &Card, text_width_px: f64) -> String {
    // As many title lines as leave room for the two byline lines above the band.
    let (px, line_h, max) = if card.chart.is_some() { (52.0, 70.0, 4) } else { (64.0, 86.0, 3) };
    let lines = wrap(card.title.trim(), px, text_width_px, max);
    let mut title = String::new();
    let top = 150.0;
    for (i, l) in lines.iter().enumerate() {
        title.push_str(&format!(
            "<text x=\"64\" y=\"{}\" font-size=\"{px}\" font-weight=\"bold\">{}</text>",
            top + px + i as f64 * line_h,
            escape(l)
        ));
    }
    let byline_y = top + px + lines.len() as f64 * line_h + 10.0;
    let site = wrap(card.site, 30.0, 1000.0, 1).concat();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\
<rect width=\"{WIDTH}\" height=\"24\" fill=\"{accent}\"/>\
<rect x=\"64\" y=\"96\" width=\"96\" height=\"8\" fill=\"{accent}\"/>\
<g font-family=\"sans-serif\" fill=\"#1a1a1a\">{title}\
{byline}\
<rect x=\"0\" y=\"{band}\" width=\"{WIDTH}\" height=\"78\" fill=\"{accent}\"/>\
<text x=\"64\" y=\"{site_y}\" font-size=\"30\" fill=\"#ffffff\">{site}</text></g></svg>",
        accent = escape(card.accent),
        byline = byline_lines(card.byline, byline_y, text_width_px),
        band = HEIGHT - 78,
        site_y = HEIGHT - 28,
        site = escape(&site),
    )
}

/// The byline's lines from baseline `y`, each shortened to `width`.
fn byline_lines(byline: &str, y: f64, width: f64) -> String {
    let mut out = String::new();
    for (i, line) in byline.lines().take(2).enumerate() {
        out.push_str(&format!(
            "<text x=\"64\" y=\"{}\" font-size=\"32\" fill=\"#555555\">{}</text>",
            y + 46.0 * i as f64,
            escape(&wrap(line, 32.0, width, 1).concat())
        ));
    }
    out
}

impl Rasterizer {
    /// The card as a PNG (from the cache when drawn before), and the
    /// characters of its text no font has.
    pub fn card(&self, card: &Card) -> Result<super::Png, super::RasterError> {
        let column = if card.chart.is_some() { 540.0 } else { 1070.0 };
        let svg = svg(card, column);
        let mut missing = self.missing(&svg);
        if let Some(chart) = card.chart {
            for c in self.missing(chart) {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
        }
        let key = self.key(&format!("{svg}\n{}", card.chart.unwrap_or("")), WIDTH);
        let (bytes, cached) = self.cached(&key, || {
            let mut pixmap = self.pixmap(&svg, WIDTH)?;
            if let Some(chart) = card.chart {
                let drawn = self.pixmap(chart, 2 * 520)?;
                place(&mut pixmap, &drawn, (640, 48), (520, 480));
            }
            Ok(pixmap)
        })?;
        Ok(super::Png { bytes, missing, cached })
    }
}

/// Draws `img` into `dst` at `at`, scaled to fit `fit` and centred in it.
fn place(dst: &mut Pixmap, img: &Pixmap, at: (i32, i32), fit: (u32, u32)) {
    let scale = (fit.0 as f32 / img.width() as f32).min(fit.1 as f32 / img.height() as f32);
    let (w, h) = (img.width() as f32 * scale, img.height() as f32 * scale);
    let x = at.0 as f32 + (fit.0 as f32 - w) / 2.0;
    let y = at.1 as f32 + (fit.1 as f32 - h) / 2.0;
    let paint = PixmapPaint { quality: FilterQuality::Bicubic, ..PixmapPaint::default() };
    dst.draw_pixmap(0, 0, img.as_ref(), &paint, Transform::from_row(scale, 0.0, 0.0, scale, x, y), None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_and_end_in_an_ellipsis() {
        let lines = wrap(&"东光县第七轮项目攻坚".repeat(6), 52.0, 540.0, 4);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'));
        assert!(lines.iter().all(|l| text_width(l, 52.0) <= 540.0 + 52.0));
        assert_eq!(wrap("短标题", 52.0, 540.0, 4), vec!["短标题".to_string()]);
    }

    #[test]
    fn a_card_is_1200_by_630_with_its_title_drawn() {
        let r = Rasterizer::new(std::path::Path::new("."), &[]).unwrap();
        let card =
            Card {
                title: "东光县项目攻坚", site: "示例站", byline: "2021年8月10日", accent: "#b71c1c", chart: None
            };
        let png = r.card(&card).unwrap();
        let img = image::load_from_memory(&png.bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        // The title's line (baseline 214, 64 px) has dark pixels; the blank gap above it none.
        let dark = |ys: std::ops::Range<u32>| {
            ys.flat_map(|y| (64..700).map(move |x| (x, y))).filter(|&(x, y)| img.get_pixel(x, y)[0] < 100).count()
        };
        assert!(dark(160..214) > 1000);
        assert_eq!(dark(110..140), 0);
    }
}
