//! Files published as they are, or nearly: the theme's and the site's
//! `static/`, the files of `content/` (beside reports, page bundles), and the
//! processed photos from the image cache. JPEG and PNG lose their metadata
//! on the way.

use crate::messages::render::Render;
use rayon::prelude::*;

use super::templates;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::walk;
use crate::model::Site;
use crate::write::Staging;

/// Copies every such file into the output; how many.
pub(super) fn copy_static(site: &Site, media: &crate::images::Media, out: &Staging, diags: &mut Diagnostics) -> usize {
    let mut files: std::collections::BTreeMap<String, std::path::PathBuf> = std::collections::BTreeMap::new();
    let theme_static = site.root.join("themes").join(&site.config.theme).join("static");
    let mut n = 0;
    if !theme_static.is_dir() && site.config.theme == "default" {
        for (name, body) in templates::DEFAULT_THEME {
            if let Some(rel) = name.strip_prefix("static/") {
                if let Err(e) = out.write(rel, body.as_bytes()) {
                    diags.push(Diagnostic::error(format!("(default theme) {name}"), 0, e.to_string()));
                }
                n += 1;
            }
        }
    }
    for dir in [theme_static, site.root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for path in walk::site_files(&site.root, &dir, walk::OutsideLink::Refuse, diags) {
            let rel = path.strip_prefix(&dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            files.insert(rel, path);
        }
    }
    for (from, rel) in site.content_assets.iter().chain(site.pages.iter().flat_map(|p| p.assets.iter())) {
        files.insert(rel.clone(), site.root.join(from));
    }
    refuse_generated(site, &mut files, diags);
    // Processed photos come from the build cache, already without metadata;
    // a save may have taken the last use of one away.
    out.release_folder(crate::images::MEDIA_DIR);
    let photos: Vec<(String, std::io::Result<()>)> =
        media.new_outputs().par_iter().map(|(rel, from)| (rel.clone(), out.copy(from, rel))).collect();
    let results: Vec<(String, std::io::Result<()>)> =
        files.par_iter().map(|(rel, from)| (rel.clone(), publish_file(from, rel, out))).collect();
    for (rel, r) in photos.into_iter().chain(results) {
        match r {
            Ok(()) => n += 1,
            Err(e) => diags.push(Diagnostic::error(rel, 0, Render::CannotCopy { why: e.to_string() })),
        }
    }
    n
}

/// Drops the files that would replace a page the build makes (unless
/// `overrides` lets them), each with an error. The pages' folders are
/// gathered only when there is a file to check (a save copies none, mostly).
fn refuse_generated(
    site: &Site,
    files: &mut std::collections::BTreeMap<String, std::path::PathBuf>,
    diags: &mut Diagnostics,
) {
    if files.is_empty() {
        return;
    }
    let mut page_dirs: std::collections::HashSet<&str> = site.pages.iter().map(|p| p.path.as_str()).collect();
    page_dirs.extend(site.sections.iter().map(|s| s.path.as_str()));
    page_dirs.extend(site.campaigns.iter().map(|c| c.path.as_str()));
    page_dirs.insert(crate::model::urls::fixed::CAMPAIGNS);
    files.retain(|rel, from| {
        let Some(what) = crate::model::urls::generated_at(rel, &page_dirs) else { return true };
        if site.config.overrides(rel) {
            return true;
        }
        diags.push(
            Diagnostic::error(
                crate::diag::rel(&site.root, from),
                0,
                Render::WouldReplace { rel: rel.to_string(), what: what.to_string() },
            )
            .hint(Render::WouldReplaceHint { rel: rel.to_string() }),
        );
        false
    });
}

/// Copies a file of `static/` or `content/`; a JPEG, PNG or WebP without its
/// metadata (GPS, camera), whatever folder it comes from.
fn publish_file(from: &std::path::Path, rel: &str, out: &Staging) -> std::io::Result<()> {
    use crate::images::{extension, strip};
    let stripper: fn(&[u8]) -> Option<Vec<u8>> = match extension(rel).as_deref() {
        Some("jpg" | "jpeg") => strip::jpeg,
        Some("png") => strip::png,
        Some("webp") => strip::webp,
        _ => return out.copy(from, rel),
    };
    let bytes = std::fs::read(from)?;
    out.write(rel, &stripper(&bytes).unwrap_or(bytes))
}
