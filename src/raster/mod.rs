//! PNG images drawn from SVG: charts at twice their width for the WeChat
//! export and share cards (`card`). Text is drawn with the bundled CJK font
//! (`fonts`), never with system fonts, so PNGs are the same on every
//! machine; a character no font has is reported, not dropped in silence.
//! PNGs are kept between builds in `<root>/.gongjian/png/`, keyed by a hash
//! of the SVG, the width and the fonts, like processed photos.

pub mod card;
mod error;
pub mod fonts;

use std::path::{Path, PathBuf};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

pub use error::RasterError;
pub use fonts::Fonts;

/// Changes whenever drawing changes what it writes for the same SVG.
const PIPELINE: &str = "gongjian-png-1";

/// Pixel width of a chart PNG: the charts' 480-unit viewBox at 2×.
pub const CHART_PX: u32 = 960;

/// FNV-1a, 64 bits: cache keys (not security).
pub struct Hash(u64);

impl Hash {
    pub fn new() -> Hash {
        Hash(0xcbf2_9ce4_8422_2325)
    }
    pub fn add(&mut self, bytes: &[u8]) -> &mut Hash {
        for b in bytes {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Hash {
    fn default() -> Self {
        Hash::new()
    }
}

/// A drawn PNG and the characters of its text that no font has.
pub struct Png {
    pub bytes: Vec<u8>,
    pub missing: Vec<char>,
    /// Taken from the cache, not drawn by this build.
    pub cached: bool,
}

/// Draws SVG documents to PNG with the site's fonts.
pub struct Rasterizer {
    fonts: Fonts,
    cache: PathBuf,
}

impl Rasterizer {
    /// With `fonts:` from site.yaml (paths under `root`) before the bundled font.
    pub fn new(root: &Path, font_paths: &[String]) -> Result<Rasterizer, crate::diag::Diagnostic> {
        Ok(Rasterizer { fonts: Fonts::load(root, font_paths)?, cache: root.join(".gongjian").join("png") })
    }

    /// The characters drawn by `svg` (its `<text>`) that no font has.
    pub fn missing(&self, svg: &str) -> Vec<char> {
        self.fonts.missing(&drawn_text(svg))
    }

    /// The cache key of `svg` drawn `width` pixels wide.
    pub fn key(&self, svg: &str, width: u32) -> String {
        let mut h = Hash::new();
        h.add(PIPELINE.as_bytes()).add(&width.to_le_bytes()).add(&self.fonts.fingerprint.to_le_bytes());
        format!("{:016x}", h.add(svg.as_bytes()).finish())
    }

    /// `svg` as a PNG `width` pixels wide, from the cache when drawn before.
    pub fn png(&self, svg: &str, width: u32) -> Result<Png, RasterError> {
        let missing = self.missing(svg);
        let (bytes, cached) = self.cached(&self.key(svg, width), || self.pixmap(svg, width))?;
        Ok(Png { bytes, missing, cached })
    }

    /// The PNG cached under `key`, else `draw`n, encoded and cached.
    pub(crate) fn cached(
        &self,
        key: &str,
        draw: impl FnOnce() -> Result<Pixmap, RasterError>,
    ) -> Result<(Vec<u8>, bool), RasterError> {
        let file = self.cache.join(format!("{key}.png"));
        if let Ok(bytes) = std::fs::read(&file) {
            return Ok((bytes, true));
        }
        let bytes = encode(&draw()?)?;
        // A cache that cannot be written only costs a redraw next time; a
        // file is renamed into place whole, so a stopped build leaves no half PNG.
        if std::fs::create_dir_all(&self.cache).is_ok() {
            let _ = crate::whole_file::replace(&file, |out| std::io::Write::write_all(out, &bytes));
        }
        Ok((bytes, false))
    }

    /// `svg` drawn `width` pixels wide (height in proportion).
    pub fn pixmap(&self, svg: &str, width: u32) -> Result<Pixmap, RasterError> {
        let opt = usvg::Options {
            fontdb: self.fonts.db.clone(),
            font_family: self.fonts.family.clone(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &opt).map_err(|e| RasterError::SvgUnreadable { why: e.to_string() })?;
        let size = tree.size();
        let scale = width as f32 / size.width();
        let height = (size.height() * scale).ceil().max(1.0) as u32;
        let mut pixmap = Pixmap::new(width.max(1), height).ok_or(RasterError::EmptyImage { width })?;
        resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
        Ok(pixmap)
    }
}

/// A PNG of `pixmap`: RGB when it is opaque (charts and cards are), with
/// fast compression (the default level took 10 ms a chart, longer than drawing it).
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, RasterError> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::{ExtendedColorType, ImageEncoder};
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let data: Vec<u8> = match opaque {
        true => pixmap.pixels().iter().flat_map(|p| [p.red(), p.green(), p.blue()]).collect(),
        false => pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect(),
    };
    let color = if opaque { ExtendedColorType::Rgb8 } else { ExtendedColorType::Rgba8 };
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&data, pixmap.width(), pixmap.height(), color)
        .map_err(|e| RasterError::PngUnencodable { why: e.to_string() })?;
    Ok(out)
}

/// The text an SVG draws: its `<text>` elements' content (not `<title>` or `<desc>`).
fn drawn_text(svg: &str) -> String {
    let Ok(doc) = usvg::roxmltree::Document::parse(svg) else {
        return String::new();
    };
    let mut out = String::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        for s in t.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()) {
            out.push_str(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 120"><title>标题不画</title>
<rect width="480" height="120" fill="#fff"/><g font-family="'Noto Sans CJK SC',sans-serif" fill="#000">
<text x="10" y="60" font-size="40">开工率 92%</text></g></svg>"##;

    #[test]
    fn chinese_text_is_drawn_with_no_system_fonts() {
        let r = Rasterizer::new(Path::new("."), &[]).unwrap();
        // Only the bundled face: whatever this machine has installed is not seen.
        assert_eq!(r.fonts.db.len(), 1);
        let p = r.pixmap(SVG, CHART_PX).unwrap();
        assert_eq!((p.width(), p.height()), (960, 240));
        // Dark pixels where the label is, none below it.
        let dark = |y0: u32, y1: u32| {
            (y0..y1)
                .flat_map(|y| (0..400).map(move |x| (x, y)))
                .filter(|&(x, y)| p.pixel(x, y).unwrap().red() < 128)
                .count()
        };
        assert!(dark(60, 130) > 500, "the label drew {} dark pixels", dark(60, 130));
        assert_eq!(dark(140, 240), 0);
    }

    #[test]
    fn drawn_text_skips_title_and_finds_missing_characters() {
        assert_eq!(drawn_text(SVG).trim(), "开工率 92%");
        let r = Rasterizer::new(Path::new("."), &[]).unwrap();
        assert!(r.missing(SVG).is_empty());
        assert_eq!(r.missing(&SVG.replace("开工率", "𠀀工率")), vec!['𠀀']);
    }
}
