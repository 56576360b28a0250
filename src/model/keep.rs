//! Pages of the last build taken again. A page is made from its own file
//! (path, front-matter, bundle files) and from what every page reads
//! (`site_inputs`: settings, what is published, campaign and section files,
//! ledgers); while the latter digest the same, a file whose front-matter is
//! the one its last page was made from makes that page again, so the page
//! is moved over instead of made. Each page carries a stamp, the digest of
//! its own file's inputs, by which the derive stage keys what it read.

use std::hash::Hasher;
use std::sync::Arc;

use super::{Id, IdVec, Page, PageId, Site, SourceId};
use crate::digest::{digest_debug, hasher};
use crate::load::{FileKind, Loaded, PageMeta, SourceFile};

/// The last build's model with what its pages were made from.
#[derive(Debug)]
pub struct KeptModel {
    /// Digest of what every page reads besides its own file (`site_inputs`).
    pub inputs: u64,
    /// The model (its texts taken out).
    pub site: Site,
    /// Each page's stamp (`page_stamp`).
    pub stamps: IdVec<PageId, u64>,
    /// Each page's front-matter as loaded (shared with the kept parse), to
    /// know a file handed out again unchanged without comparing its text.
    pub metas: IdVec<PageId, Arc<PageMeta>>,
    /// The digest of what its structure was made from (`structure::key`).
    pub structure: u64,
    /// The digest of each page's shape (`structure::Shape::digest`).
    pub shapes: IdVec<PageId, u64>,
    /// Whether its checks across files found nothing (`checks::Across`).
    pub clean: bool,
}

/// What every page of `loaded` reads besides its own file: the settings,
/// what is published, the base URL, the files beside pages, the ledgers'
/// rows and every campaign and section file (their units and metrics
/// change what a report's front-matter becomes and how it is checked).
pub fn site_inputs(loaded: &Loaded, publish: &super::Publish, base_url: Option<&str>) -> u64 {
    let mut h = hasher();
    h.write_u64(digest_debug(&(&loaded.config, publish, base_url, &loaded.content_assets)));
    h.write_u64(loaded.ledgers);
    for f in loaded.files.iter().filter(|f| !matches!(f.kind, FileKind::Page(_))) {
        h.write_u64(file_digest(f));
    }
    h.finish()
}

/// Digest of what the model reads of one file: its path, its text before
/// the body and its bundle's files. (One place, so a digest kept by the
/// load can replace it.)
pub fn file_digest(f: &SourceFile) -> u64 {
    let mut h = hasher();
    h.write(f.path.to_string_lossy().as_bytes());
    h.write_u8(0);
    h.write(head(f).as_bytes());
    h.write_u64(digest_debug(&f.assets));
    h.finish()
}

/// A page's stamp: its file's digest under the site-wide inputs.
pub fn page_stamp(inputs: u64, f: &SourceFile) -> u64 {
    let mut h = hasher();
    h.write_u64(inputs);
    h.write_u64(file_digest(f));
    h.finish()
}

/// The text before the body (all the model and derive stages read of it).
fn head(f: &SourceFile) -> &str {
    &f.source[..f.body.start.min(f.source.len())]
}

/// The front-matter `f` was parsed to, shared (a page's file).
pub(super) fn page_meta(f: &SourceFile) -> Option<&Arc<PageMeta>> {
    match &f.kind {
        FileKind::Page(m) => Some(m),
        _ => None,
    }
}

/// The kept pages to take again, by the source of `files` they stand for:
/// same path, same bundle files and the same front-matter (the very parse
/// the last page was made from, or the same text). Moves them out of `kept`.
pub(super) fn matching(kept: &mut KeptModel, files: &IdVec<SourceId, SourceFile>) -> IdVec<SourceId, Option<Taken>> {
    let old = &kept.site;
    let mut by_source: IdVec<SourceId, Option<PageId>> = old.sources.iter().map(|_| None).collect();
    for (pi, p) in old.pages.iter_enumerated() {
        by_source[p.source] = Some(pi);
    }
    let mut pages: IdVec<PageId, Option<Page>> = std::mem::take(&mut kept.site.pages).into_iter().map(Some).collect();
    let old = &kept.site;
    // Both lists are sorted by path (the load's order): walked side by side.
    let mut out: IdVec<SourceId, Option<Taken>> = files.iter().map(|_| None).collect();
    let mut j = 0;
    // The same shared text first: a process that keeps its files (`serve`)
    // hands out the last load's for every file it did not read again, and
    // comparing their paths was ~2 ms a save at 10,000 reports. Then equal
    // bytes (`Path`'s `==` and `<` parse components where the bytes
    // differ): the load writes every path alike, so a path is equal to
    // another only as bytes.
    let same_path =
        |o: &SourceFile, f: &SourceFile| Arc::ptr_eq(&o.text, &f.text) || o.path.as_os_str() == f.path.as_os_str();
    for (i, f) in files.iter_enumerated() {
        while j < old.sources.len()
            && !same_path(&old.sources.as_slice()[j], f)
            && old.sources.as_slice()[j].path < f.path
        {
            j += 1;
        }
        let Some(o) = old.sources.as_slice().get(j).filter(|o| same_path(o, f)) else { continue };
        // The next file is past this one: no `Path` comparison (component by component) to find that.
        let at = j;
        j += 1;
        let Some(pi) = by_source[SourceId::new(at)] else { continue };
        let (Some(meta), true) = (page_meta(f), pages[pi].is_some()) else { continue };
        let same = o.assets == f.assets && (Arc::ptr_eq(meta, &kept.metas[pi]) || head(o) == head(f));
        if same {
            let page = pages[pi].take().expect("checked above");
            out[i] = Some(Taken { page, stamp: kept.stamps[pi], shape: kept.shapes.get(pi).copied() });
        }
    }
    out
}

/// A kept page, its stamp and the digest of its shape.
pub(super) struct Taken {
    pub page: Page,
    pub stamp: u64,
    pub shape: Option<u64>,
}

impl KeptModel {
    /// Whether `files` are the kept model's files with the same paths and
    /// front-matter (bodies aside): the whole model stands.
    pub fn same_files(&self, files: &[SourceFile]) -> bool {
        let old = self.site.sources.as_slice();
        let mut metas = self.site.pages.iter().map(|p| p.source).zip(self.metas.iter()).peekable();
        old.len() == files.len()
            && old.iter().zip(files).enumerate().all(|(j, (o, f))| {
                let kept = metas.next_if(|(s, _)| s.index() == j).map(|(_, m)| m);
                let parse_kept = matches!((kept, page_meta(f)), (Some(a), Some(b)) if Arc::ptr_eq(a, b));
                o.path == f.path && o.assets == f.assets && (parse_kept || head(o) == head(f))
            })
    }
}
