//! Links: site paths made into URLs under `base_url`'s path, and content
//! files named `@/reports/a.md` resolved to their pages' URLs.

use ahash::HashMap;
use std::sync::Arc;

use crate::model::Site;

/// Turns site paths into links carrying `base_url`'s path.
#[derive(Debug, Clone)]
pub struct Links {
    pub base_path: String,
    pub origin: String,
    /// Source paths (`reports/a.md`) → site paths, for `url_for(path="@/reports/a.md")`.
    by_source: Arc<HashMap<String, String>>,
    /// Photos and attachments: where linked files lie, processed photos.
    pub media: Arc<crate::images::Media>,
}

impl Links {
    pub fn new(site: &Site) -> Self {
        Links::with_sources(site, Arc::new(Links::source_index(site)))
    }

    /// Links with `by_source`, the `source_index` of `site` (kept while the
    /// site's paths are the same).
    pub fn with_sources(site: &Site, by_source: Arc<HashMap<String, String>>) -> Self {
        Links {
            base_path: site.config.base_path(),
            origin: site.config.origin(),
            by_source,
            media: Arc::new(crate::images::Media::new(site)),
        }
    }

    /// Source paths of pages and campaigns → their site paths.
    pub fn source_index(site: &Site) -> HashMap<String, String> {
        let mut by_source =
            HashMap::with_capacity_and_hasher(site.pages.len() + site.campaigns.len(), Default::default());
        for p in &site.pages {
            let src = site.sources[p.source].path.to_string_lossy().replace('\\', "/");
            by_source.insert(src.trim_start_matches("content/").to_string(), p.path.clone());
        }
        for c in &site.campaigns {
            let src = site.sources[c.source].path.to_string_lossy().replace('\\', "/");
            by_source.insert(src.trim_start_matches("content/").to_string(), c.path.clone());
        }
        by_source
    }

    /// `reports/x/` → `/news/reports/x/` under a sub-path base.
    pub fn url(&self, path: &str) -> String {
        // Joined, not `format!`ted: every link of every view is made here.
        [self.base_path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// Absolute URL (for feeds, sitemap, canonical links).
    pub fn permalink(&self, path: &str) -> String {
        [self.origin.as_str(), self.base_path.as_str(), path.trim_start_matches('/')].concat()
    }

    /// `@/reports/a.md` (a content file) or a site path → its URL.
    pub fn resolve(&self, path: &str) -> Option<String> {
        match path.strip_prefix("@/") {
            Some(src) => {
                let (file, anchor) = src.split_once('#').map(|(f, a)| (f, Some(a))).unwrap_or((src, None));
                let p = self.by_source.get(file)?;
                Some(match anchor {
                    Some(a) => format!("{}#{a}", self.url(p)),
                    None => self.url(p),
                })
            }
            None => Some(self.url(path)),
        }
    }
}
