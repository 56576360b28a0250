//! What a load finds before it reads any file: the site's settings, the
//! content folder's listing (Markdown files and the others), and the files
//! a process keeping its parses was told changed.

use std::path::{Path, PathBuf};

use super::{parsed, walk, ParsedFiles};
use crate::config::SiteConfig;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::load::Load;

/// What a load finds before reading any file: the site's settings, the
/// content folder's listing, and the files `parsed` was told changed.
pub(super) struct Survey {
    pub config: SiteConfig,
    pub content: PathBuf,
    pub reread: parsed::Reread,
    pub listing: std::sync::Arc<parsed::Listing>,
}

pub(super) fn survey(root: &Path, diags: &mut Diagnostics, parsed: Option<&ParsedFiles>) -> Survey {
    let config = SiteConfig::load(root, diags);
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(Diagnostic::error("content", 0, Load::NoContentFolder).hint(Load::NoContentFolderHint));
    }
    let reread = parsed.and_then(ParsedFiles::begin);
    let walk = || list_content(root, &content);
    let listing = match parsed {
        Some(p) => p.listing(&content, &reread, walk),
        None => std::sync::Arc::new(walk()),
    };
    Survey { config, content, reread, listing }
}

/// The files under `content/`: Markdown files and the others, with the walk's warnings.
fn list_content(root: &Path, content: &Path) -> parsed::Listing {
    let mut listing = parsed::Listing::default();
    let (files, folders) = walk::site_tree(root, content, walk::OutsideLink::Warn, &mut listing.notes);
    listing.folders = parsed::Folders::stamp(folders);
    for path in files {
        match path.extension().is_some_and(|x| x == "md") {
            true => listing.md.push(path),
            false => listing.other.push(path),
        }
    }
    listing
}
