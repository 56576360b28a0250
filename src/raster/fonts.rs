//! The fonts PNG images draw text with: the bundled Noto Sans SC subset,
//! after any font files site.yaml names (`fonts:`). System fonts are never
//! loaded, so a PNG is the same on every machine.

use crate::messages::outputs::Outputs;
use std::path::Path;
use std::sync::Arc;

use resvg::usvg::fontdb;
use skrifa::{FontRef, MetadataProvider};

use crate::diag::Diagnostic;

/// Noto Sans CJK SC Regular, cut to GB2312 and punctuation (assets/fonts/README.md).
const BUNDLED: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");
/// The bundled font's family, also first in the charts' font stack.
pub const BUNDLED_FAMILY: &str = "Noto Sans CJK SC";

/// The loaded fonts, and their character maps for the coverage check.
pub struct Fonts {
    pub db: Arc<fontdb::Database>,
    /// Every font's bytes and face index, the site's first.
    faces: Vec<(Arc<Vec<u8>>, u32)>,
    /// The family text falls back to (the first font's).
    pub family: String,
    /// A hash of the fonts' bytes: a cached PNG is good while it is the same.
    pub fingerprint: u64,
}

impl Fonts {
    /// The site's fonts (`fonts:`, paths under `root`) then the bundled one.
    pub fn load(root: &Path, paths: &[String]) -> Result<Fonts, Diagnostic> {
        let mut db = fontdb::Database::new();
        let mut faces = Vec::new();
        let mut fingerprint = crate::raster::Hash::new();
        for (i, p) in paths.iter().enumerate() {
            let bytes = std::fs::read(root.join(p)).map_err(|e| {
                Diagnostic::error("site.yaml", 0, Outputs::FontUnreadable { path: p.clone(), why: e.to_string() })
                    .field(format!("fonts[{i}]"))
                    .hint(Outputs::FontUnreadableHint)
            })?;
            fingerprint.add(&bytes);
            let data = Arc::new(bytes);
            let before = db.len();
            db.load_font_source(fontdb::Source::Binary(data.clone()));
            if db.len() == before {
                return Err(Diagnostic::error("site.yaml", 0, Outputs::NotAFont { path: p.clone() })
                    .field(format!("fonts[{i}]"))
                    .hint(Outputs::NotAFontHint));
            }
            faces.extend((0..(db.len() - before) as u32).map(|n| (data.clone(), n)));
        }
        // The bundled font's size stands for its version (a new subset is another size).
        fingerprint.add(&(BUNDLED.len() as u64).to_le_bytes());
        db.load_font_data(BUNDLED.to_vec());
        faces.push((Arc::new(BUNDLED.to_vec()), 0));
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
            .unwrap_or_else(|| BUNDLED_FAMILY.to_string());
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family.clone());
        Ok(Fonts { db: Arc::new(db), faces, family, fingerprint: fingerprint.finish() })
    }

    /// The characters of `text` no loaded font has, each once, in order.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let maps: Vec<_> =
            self.faces.iter().filter_map(|(data, index)| FontRef::from_index(data, *index).ok()).collect();
        let maps: Vec<_> = maps.iter().map(|f| f.charmap()).collect();
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| !c.is_whitespace() && !c.is_control()) {
            if !missing.contains(&c) && !maps.iter().any(|m| m.map(c).is_some()) {
                missing.push(c);
            }
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_font_covers_common_hanzi_and_punctuation() {
        let fonts = Fonts::load(Path::new("."), &[]).unwrap();
        assert_eq!(fonts.family, BUNDLED_FAMILY);
        assert!(fonts.missing("东光县第七轮项目攻坚：开工率 92.5%，（超前）“优”— 亿元").is_empty());
        // 𠀀 is outside GB2312; 㐀 too.
        assert_eq!(fonts.missing("攻𠀀㐀𠀀"), vec!['𠀀', '㐀']);
    }

    #[test]
    fn a_site_font_comes_before_the_bundled_one() {
        let fonts = Fonts::load(Path::new("."), &["assets/fonts/NotoSansSC-subset.otf".into()]).unwrap();
        assert_eq!(fonts.db.len(), 2);
        assert_eq!(fonts.faces.len(), 2);
        assert_ne!(
            fonts.fingerprint,
            Fonts::load(Path::new("."), &[]).unwrap().fingerprint,
            "cached PNGs depend on the fonts"
        );
    }

    #[test]
    fn a_font_path_that_is_not_a_font_is_an_error_naming_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.ttf"), b"not a font").unwrap();
        let Err(d) = Fonts::load(dir.path(), &["none.ttf".into()]) else { panic!("missing file accepted") };
        assert!(d.message.contains("none.ttf"), "{}", d.message);
        let Err(d) = Fonts::load(dir.path(), &["x.ttf".into()]) else { panic!("bad font accepted") };
        assert!(d.message.contains("not a font"), "{}", d.message);
    }
}
