//! Processed photos kept between builds in `<root>/.gongjian/images/<key>/`,
//! the key a hash of the photo's bytes and the settings that shape the
//! output. A folder is complete once its `sizes` list is written (last), so
//! a build stopped half-way leaves nothing that a later build trusts.

use std::path::{Path, PathBuf};

use super::process::{self, Encoded};
use super::ImageError;

/// Changes whenever processing changes what it writes for the same input.
const PIPELINE: &str = "gongjian-images-1";

/// One size of a processed photo, as found in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// A processed photo: its cache folder and sizes, smallest first.
#[derive(Debug, Clone)]
pub struct Processed {
    pub key: String,
    pub dir: PathBuf,
    pub sizes: Vec<Size>,
    /// WebP files exist (every size's WebP was smaller than its JPEG).
    pub webp: bool,
}

impl Processed {
    pub fn jpeg(&self, width: u32) -> PathBuf {
        self.dir.join(format!("{width}.jpg"))
    }
    pub fn webp_file(&self, width: u32) -> PathBuf {
        self.dir.join(format!("{width}.webp"))
    }
}

/// The cache key of `bytes` under these settings (FNV-1a, 64 bits, hex).
pub fn key(bytes: &[u8], widths: &[u32], quality: u8) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let settings = format!("{PIPELINE};{widths:?};{quality}");
    for b in settings.as_bytes().iter().chain(bytes) {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Name of the lock file in the cache folder (builds hold it shared, a
/// pruning build exclusively).
const LOCK: &str = ".lock";

/// The cache's lock file, held shared; `None` when it cannot be made (a
/// read-only site: nothing is pruned then).
pub fn lock_shared(cache: &Path) -> Option<std::fs::File> {
    std::fs::create_dir_all(cache).ok()?;
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(cache.join(LOCK)).ok()?;
    file.lock_shared().ok()?;
    Some(file)
}

/// Removes every entry of `cache` whose key is not in `used`; how many.
/// The caller holds the cache's lock exclusively.
pub fn prune(cache: &Path, used: &std::collections::HashSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(cache) else { return 0 };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let is_entry = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
        if is_entry && !used.contains(&name) && std::fs::remove_dir_all(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The photo from the cache, if a complete entry is there.
pub fn lookup(cache: &Path, key: &str) -> Option<Processed> {
    let dir = cache.join(key);
    let list = std::fs::read_to_string(dir.join("sizes")).ok()?;
    let mut lines = list.lines();
    let webp = lines.next()? == "webp";
    let sizes: Vec<Size> = lines
        .filter_map(|l| {
            let (w, h) = l.split_once(' ')?;
            Some(Size { width: w.parse().ok()?, height: h.parse().ok()? })
        })
        .collect();
    let p = Processed { key: key.to_string(), dir, sizes, webp };
    let complete = !p.sizes.is_empty() && p.sizes.iter().all(|s| p.jpeg(s.width).is_file());
    complete.then_some(p)
}

/// Decodes, resizes and encodes `bytes`, and stores the result under `key`.
pub fn process_into(
    cache: &Path,
    key: &str,
    bytes: &[u8],
    widths: &[u32],
    quality: u8,
) -> Result<Processed, ImageError> {
    let img = process::decode_upright(bytes)?;
    let sizes: Vec<Encoded> = process::encode_sizes(&img, widths, quality)?;
    // Lossless WebP beats JPEG on drawings and screenshots, rarely on photos:
    // offered only when smaller at every size, so a reader never gets more bytes.
    let webp = sizes.iter().all(|s| s.webp.len() < s.jpeg.len());
    let dir = cache.join(key);
    let io = |e: std::io::Error| ImageError::CacheWrite { dir: dir.clone(), why: e.to_string() };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut list = String::from(if webp { "webp\n" } else { "jpeg\n" });
    for s in &sizes {
        std::fs::write(dir.join(format!("{}.jpg", s.width)), &s.jpeg).map_err(io)?;
        if webp {
            std::fs::write(dir.join(format!("{}.webp", s.width)), &s.webp).map_err(io)?;
        }
        list.push_str(&format!("{} {}\n", s.width, s.height));
    }
    std::fs::write(dir.join("sizes"), list).map_err(io)?;
    let sizes = sizes.iter().map(|s| Size { width: s.width, height: s.height }).collect();
    Ok(Processed { key: key.to_string(), dir, sizes, webp })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_of(img: &image::RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(img).unwrap();
        out
    }

    #[test]
    fn webp_is_offered_only_where_it_is_smaller_and_entries_are_found_again() {
        let dir = tempfile::tempdir().unwrap();
        let flat =
            jpeg_of(&image::RgbImage::from_fn(1000, 600, |x, _| image::Rgb([if x < 500 { 200 } else { 20 }, 40, 90])));
        let mut seed = 1u32;
        let noisy = jpeg_of(&image::RgbImage::from_fn(1000, 600, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            image::Rgb([(seed >> 24) as u8, (seed >> 16) as u8, (seed >> 8) as u8])
        }));
        let widths = [480, 960];
        for (bytes, webp) in [(&flat, true), (&noisy, false)] {
            let k = key(bytes, &widths, 80);
            assert!(lookup(dir.path(), &k).is_none());
            let p = process_into(dir.path(), &k, bytes, &widths, 80).unwrap();
            assert_eq!(p.webp, webp);
            assert_eq!(p.webp_file(480).is_file(), webp);
            let again = lookup(dir.path(), &k).expect("cached");
            assert_eq!((again.sizes, again.webp), (p.sizes, webp));
        }
        assert_ne!(key(&flat, &widths, 80), key(&flat, &widths, 81), "settings are part of the key");
    }
}
