//! Photos and attachments linked from Markdown: where a link's file lies
//! (beside the report, in a page bundle, in `static/`, or an `@/` path),
//! photos processed once through the build cache (`cache`, `process`), and
//! metadata removed from images published as they are (`strip`).

pub mod cache;
mod error;
pub mod process;
pub mod strip;

use crate::guard::lock;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::config::ImagesConfig;
use crate::model::Site;
use cache::Processed;
pub use error::ImageError;

/// Photos resized and re-encoded (a GIF only when it is a still picture);
/// an animated GIF and SVG are published as they are.
pub const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif"];
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "svg"];
/// Attachments (附件) that get their type and size beside the link.
pub const ATTACHMENT_EXTENSIONS: &[&str] = &["pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "zip"];

/// A file a link points at, on disk.
#[derive(Debug, Clone)]
pub struct Local {
    pub file: PathBuf,
    /// Where the file itself is published, site-relative (`reports/x.pdf`).
    pub published: String,
}

/// What a link's destination is.
#[derive(Debug)]
pub enum Target {
    /// A file of `content/` or `static/`.
    File(Local),
    /// Looks like a file (`x.jpg`, `@/reports/x.pdf`) but none is there: `content/…` or `static/…` named.
    Missing(String),
    /// A page, an external address, or something the build generates.
    Other,
}

/// A processed photo ready to link.
#[derive(Debug)]
pub struct Photo {
    pub processed: Processed,
    /// The file's stem as a slug, for readable output names.
    pub name: String,
}

impl Photo {
    /// Site-relative output path of one size (`media/<key>/gongdi-960.jpg`).
    pub fn output(&self, width: u32, ext: &str) -> String {
        format!("{MEDIA_DIR}{}/{}-{width}.{ext}", self.processed.key, self.name)
    }
}

/// The output folder of processed photos.
pub const MEDIA_DIR: &str = "media/";

type Slot = Arc<OnceLock<Result<Arc<Photo>, ImageError>>>;

/// The site's photos and attachments for one build.
pub struct Media {
    root: PathBuf,
    cache: PathBuf,
    pub config: ImagesConfig,
    /// Content files other than Markdown (`reports/x.pdf`) → where they are published.
    assets: HashMap<String, String>,
    photos: Mutex<HashMap<PathBuf, Slot>>,
    /// Output paths already handed out by [`Media::new_outputs`].
    published: Mutex<std::collections::HashSet<String>>,
    processed: AtomicUsize,
    from_cache: AtomicUsize,
    /// A shared lock on the cache while this build may read it: a build
    /// prunes the cache only when no other build or `serve` holds one.
    cache_lock: Mutex<Option<std::fs::File>>,
}

impl std::fmt::Debug for Media {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Media").field("root", &self.root).finish_non_exhaustive()
    }
}

impl Media {
    pub fn new(site: &Site) -> Self {
        let mut assets = HashMap::new();
        for (from, out) in site.content_assets.iter().chain(site.pages.iter().flat_map(|p| p.assets.iter())) {
            let rel = from.to_string_lossy().replace('\\', "/");
            assets.insert(rel.trim_start_matches("content/").to_string(), out.clone());
        }
        let cache = site.root.join(".gongjian").join("images");
        Media {
            root: site.root.clone(),
            cache_lock: Mutex::new(cache::lock_shared(&cache)),
            cache,
            config: site.config.images.clone(),
            assets,
            photos: Mutex::new(HashMap::new()),
            published: Mutex::new(Default::default()),
            processed: AtomicUsize::new(0),
            from_cache: AtomicUsize::new(0),
        }
    }

    /// Where `dest`, written in the content file `source` (`content/reports/a.md`), points.
    pub fn locate(&self, source: &Path, dest: &str) -> Target {
        let path = decode_dest(dest.split(['#', '?']).next().unwrap_or(""));
        if path.is_empty() || is_external(&path) {
            return Target::Other;
        }
        let looks_like_file = has_extension(&path, IMAGE_EXTENSIONS) || has_extension(&path, ATTACHMENT_EXTENSIONS);
        let in_content = |rel: &str| {
            let rel = normalize(rel);
            let file = self.root.join("content").join(&rel);
            match self.assets.get(&rel) {
                Some(out) if file.is_file() => Some(Local { file, published: out.clone() }),
                _ => None,
            }
        };
        let (found, missing) = if let Some(rel) = path.strip_prefix("@/") {
            if rel.ends_with(".md") {
                return Target::Other;
            }
            (in_content(rel), format!("content/{}", normalize(rel)))
        } else if let Some(rel) = path.strip_prefix('/') {
            let rel = normalize(rel);
            let file = self.root.join("static").join(&rel);
            let found = if file.is_file() { Some(Local { file, published: rel.clone() }) } else { in_content(&rel) };
            (found, format!("static/{rel}"))
        } else {
            let dir = source.parent().unwrap_or(Path::new("")).strip_prefix("content").unwrap_or(Path::new(""));
            let rel = format!("{}/{path}", dir.to_string_lossy().replace('\\', "/"));
            (in_content(&rel), format!("content/{}", normalize(&rel)))
        };
        match found {
            Some(l) => Target::File(l),
            None if looks_like_file => Target::Missing(missing),
            None => Target::Other,
        }
    }

    /// The photo at `file`, processed (once per build) or taken from the cache.
    pub fn photo(&self, file: &Path) -> Result<Arc<Photo>, ImageError> {
        let slot = lock(&self.photos).entry(file.to_path_buf()).or_default().clone();
        slot.get_or_init(|| self.load_photo(file)).clone()
    }

    fn load_photo(&self, file: &Path) -> Result<Arc<Photo>, ImageError> {
        let bytes =
            std::fs::read(file).map_err(|e| ImageError::Unreadable { path: file.to_path_buf(), why: e.to_string() })?;
        let quality = self.config.quality.clamp(1, 100);
        let key = cache::key(&bytes, &self.config.widths, quality);
        let processed = match cache::lookup(&self.cache, &key) {
            Some(p) => {
                self.from_cache.fetch_add(1, Ordering::Relaxed);
                p
            }
            None => {
                let p = cache::process_into(&self.cache, &key, &bytes, &self.config.widths, quality)?;
                self.processed.fetch_add(1, Ordering::Relaxed);
                p
            }
        };
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = Some(crate::text::slugify(&stem)).filter(|s| !s.is_empty()).unwrap_or_else(|| "photo".into());
        Ok(Arc::new(Photo { processed, name }))
    }

    /// Removes from the cache every photo this build did not use (after a
    /// whole build: a photo taken out of a report, or a setting changed),
    /// unless another build or `serve` uses the cache now; how many.
    pub fn prune_cache(&self) -> usize {
        let mut cache_file = lock(&self.cache_lock);
        let Some(file) = cache_file.as_ref() else { return 0 };
        let used: std::collections::HashSet<String> = {
            let photos = lock(&self.photos);
            photos
                .values()
                .filter_map(|s| s.get())
                .filter_map(|r| r.as_ref().ok())
                .map(|p| p.processed.key.clone())
                .collect()
        };
        // Our own shared lock would stand in the way of the exclusive one.
        let _ = file.unlock();
        let removed = match file.try_lock() {
            Ok(()) => cache::prune(&self.cache, &used),
            Err(_) => 0,
        };
        let _ = file.unlock();
        if file.lock_shared().is_err() {
            *cache_file = None;
        }
        removed
    }

    /// Photos processed by this build, and those taken from the cache.
    pub fn counts(&self) -> (usize, usize) {
        (self.processed.load(Ordering::Relaxed), self.from_cache.load(Ordering::Relaxed))
    }

    /// The output files of the photos used since the last call (all of them
    /// at the first): site-relative path → cache file, in path order. `serve`
    /// publishes a photo added by a save without copying the others again.
    pub fn new_outputs(&self) -> BTreeMap<String, PathBuf> {
        let mut published = lock(&self.published);
        let mut all = self.outputs();
        all.retain(|rel, _| published.insert(rel.clone()));
        all
    }

    fn outputs(&self) -> BTreeMap<String, PathBuf> {
        let mut out = BTreeMap::new();
        let photos = lock(&self.photos);
        for photo in photos.values().filter_map(|s| s.get()).filter_map(|r| r.as_ref().ok()) {
            for s in &photo.processed.sizes {
                out.insert(photo.output(s.width, "jpg"), photo.processed.jpeg(s.width));
                if photo.processed.webp {
                    out.insert(photo.output(s.width, "webp"), photo.processed.webp_file(s.width));
                }
            }
        }
        out
    }
}

/// Whether `file` (published at `published`) is a photo to resize: any
/// JPEG, PNG or WebP, and a GIF of one frame.
pub fn is_photo(file: &Path, published: &str) -> bool {
    match extension(published).as_deref() {
        Some("gif") => std::fs::read(file).is_ok_and(|b| !process::is_animated_gif(&b)),
        _ => has_extension(published, PHOTO_EXTENSIONS),
    }
}

pub fn has_extension(path: &str, exts: &[&str]) -> bool {
    extension(path).is_some_and(|e| exts.contains(&e.as_str()))
}

/// Lower-case extension of a path (`PDF` → `pdf`).
pub fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.find(':').is_some_and(|i| {
            let scheme = &dest[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `a/./b/../c.jpg` → `a/c.jpg` (never above the folder it starts in).
fn normalize(path: &str) -> String {
    let mut segs: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => _ = segs.pop(),
            s => segs.push(s),
        }
    }
    segs.join("/")
}

/// An `href`/`src` as written in HTML (`&amp;`, `%E5%B7%A5`) → the path on disk.
pub fn decode_dest(s: &str) -> String {
    percent_decode(&s.replace("&amp;", "&"))
}

/// `%E4%B8%9C` → `东`; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = (b[i] == b'%').then(|| b.get(i + 1..i + 3)).flatten();
        match hex.and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()) {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_decode_and_normalise() {
        assert_eq!(decode_dest("%E5%B7%A5%E5%9C%B0.jpg"), "工地.jpg");
        assert_eq!(normalize("reports/./a/../x.jpg"), "reports/x.jpg");
        assert!(has_extension("/files/清单.PDF", ATTACHMENT_EXTENSIONS));
        assert!(!has_extension("/reports/a/", IMAGE_EXTENSIONS));
        assert!(is_external("https://x.cn/a.jpg") && !is_external("a.jpg"));
    }
}
