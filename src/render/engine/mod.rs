//! The incremental engine: what each output read of the model, and whether
//! a build must render it again.
//!
//! Every rendered page keeps the reads it made (`Dep`), each with a digest of
//! the value it saw. The next build — `serve` after a save, or `build` with
//! the cache in `.gongjian/cache/` — loads and derives the whole site again
//! (cheap), computes the digest of each recorded read in the new model
//! (`Digester`), and renders again exactly the pages for which one differs;
//! the others keep the file they have (`Staging::keep`). Pages no longer
//! built are not produced, so the write stage removes them. A change to
//! anything but Markdown (templates, theme, site.yaml, static files,
//! photos, data files) changes `Memory::global` and so renders everything.
//!
//! Report pages record their reads as they are made (their model entry,
//! their body, their campaign as of their date, and what their template's
//! functions read). A list or aggregate page reads its context recipe
//! (`Dep::Context`: the digest of the views and values it is made of, see
//! `render/job_parts.rs`), compared before any view is built; feeds, the
//! sitemap and open data files read the digest of what they quote.
//!
//! Where the caller knows what changed since an output folder's last build
//! (`serve`: the model kept, some files' texts told changed), the reads are
//! looked up the other way (`since`): only the outputs that read a changed
//! body are checked; every other output keeps its file unseen.

mod cache;
mod digests;
mod error;
mod fingerprint;
mod key;
mod since;

use crate::guard::lock;
use ahash::HashMap;
use std::hash::Hasher;

use crate::digest::{digest_bytes, digest_debug, hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

pub use cache::{
    file as memory_file, forget as forget_memory, fresh as fresh_memory, load as load_memory, save as save_memory,
    save_aside as save_memory_aside, saved_id as saved_memory_id, set_aside as set_aside_memory, SavedAside, CACHE_DIR,
};
pub use digests::{source_key, BoxAsOf, Digester};
pub use error::CacheError;
pub use fingerprint::fingerprint as memory_fingerprint;
pub use key::Key;
pub use since::{finish_reads, keep_unseen, note, note_all, record, Changed, Changes, Checked, Latest, Readers, Since};

use super::chart::ChartRequest;
use super::spool::{Spool, Text};
use crate::markdown::Heading;

/// One thing an output read of the model, by stable keys (source paths,
/// ids), so a read names the same thing in a rebuilt model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Dep {
    /// A page's model entry (title, dates, URL, front-matter) and its
    /// campaign's metric declarations, by source path.
    Page(Key),
    /// A page's rendered Markdown, by source path.
    Body(Key),
    /// A campaign's box by id: as of a day (on a report; days since 1 January
    /// of year 1), else its latest state.
    CampaignAsOf(Key, Option<i32>),
    /// A chart drawn on a page (by source path): in its text (`true`, where
    /// the page is the default `report=`) or by its template. (Shared: every
    /// read is as large as its largest kind, there are ~5 a page, and a kept
    /// page carries its reads over.)
    Chart(#[serde(with = "key::shared")] Arc<ChartRequest>, Option<Key>, bool),
    /// A link `url_for(path="@/…")` resolved.
    Url(Key),
    /// Everything a list or aggregate page, a feed, the sitemap or a
    /// campaign's open data shows, as one digest (of a page's context
    /// recipe, of the entries a feed quotes, …), compared by its maker.
    Context,
    /// An entity of the model that a value read whole (a list view, a
    /// chart) was made from, by the digest of its key (`Made::dep`). Its
    /// value is in that read's digest: noted only so that a change to the
    /// entity finds the output (`Readers`). A digest, not the key: a
    /// county's views and breakdown charts note every project they show,
    /// and a string each was ~10 MB of a cold build's peak at 10,000 reports.
    Made(u64),
}

/// An entity of the model by stable key, as `Dep::Made` notes it.
#[derive(Debug, Clone, Copy)]
pub enum Made<'a> {
    /// A page's model entry, by source path (what `Dep::Page` reads).
    Page(&'a str),
    /// A campaign's derived values (what `Dep::CampaignAsOf` reads), by id.
    Campaign(&'a str),
    /// A project's derived values, by id.
    Project(&'a str),
}

impl Made<'_> {
    /// The read that notes this entity.
    pub fn dep(self) -> Dep {
        Dep::Made(self.digest())
    }

    /// The digest of its key, as `Dep::Made` holds it.
    pub fn digest(self) -> u64 {
        let (kind, key) = match self {
            Made::Page(k) => (0, k),
            Made::Campaign(k) => (1, k),
            Made::Project(k) => (2, k),
        };
        let mut h = hasher();
        h.write_u8(kind);
        h.write(key.as_bytes());
        h.finish()
    }
}

impl Dep {
    /// Whether the read is compared by its own digest: a body is compared
    /// by its page, and `Made` is in a whole read's digest.
    pub fn compared(&self) -> bool {
        !matches!(self, Dep::Body(_) | Dep::Made(_))
    }
}

/// A day as `Dep::CampaignAsOf` names it.
pub fn day_number(day: chrono::NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&day)
}

/// A read and the digest of the value it saw.
pub type Read = (Dep, u64);

/// One output page as last rendered: what it read, and the files it wrote
/// (the page and its mirror twin).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Output {
    pub reads: Vec<Read>,
    pub files: Vec<String>,
}

/// Every output page of one output folder, by site path.
pub type Records = HashMap<String, Output>;

/// A page body after Markdown, kept across builds by the hash of its file
/// (`body_key`), with what its chart shortcodes read.
#[derive(Debug, Clone, Default)]
pub struct CachedBody {
    /// Kept in `serve`'s memory, and for pages that feeds quote; else the
    /// Markdown is rendered again in the rare build that renders the page.
    /// In the memory's spool, as `text`.
    pub html: Option<Text>,
    pub summary: String,
    /// Its plain text, in the memory's spool (`Memory::texts`).
    pub text: Text,
    pub char_count: usize,
    pub reading_minutes: u32,
    pub headings: Vec<Heading>,
    pub charts: Vec<String>,
    pub reads: Vec<Read>,
    pub digest: u64,
}

impl CachedBody {
    /// Its texts in the memory's spool (its plain text, its HTML).
    pub fn texts_mut(&mut self) -> impl Iterator<Item = &mut Text> {
        std::iter::once(&mut self.text).chain(self.html.as_mut())
    }

    /// Bytes of the spool's file it holds.
    fn spooled_len(&self) -> u64 {
        self.text.spooled_len() + self.html.as_ref().map_or(0, Text::spooled_len)
    }
}

/// What the engine remembers between builds.
#[derive(Debug, Default)]
pub struct Memory {
    /// Keep every body's HTML (`serve`), not only those feeds quote.
    pub keep_html: bool,
    /// Dropped after its one build (`--no-cache`): it keeps no bodies.
    pub transient: bool,
    /// Digest of everything but Markdown that pages depend on (`global_digest`).
    pub global: u64,
    /// Bodies by `body_key`.
    pub bodies: crate::digest::DigestMap<CachedBody>,
    /// Output records by output folder.
    pub outputs: HashMap<PathBuf, Records>,
    /// The search indexes by output folder (`search::Kept`).
    pub search: HashMap<PathBuf, super::search::KeptIndexes>,
    /// Where the bodies' plain texts lie: the spool of every build with
    /// this memory (a body taken from it keeps its text where it is).
    pub texts: Arc<Spool>,
    /// Its files in `.gongjian/cache/`, for a memory kept there.
    disk: Option<cache::Disk>,
    /// Builds with this memory so far (`note_build`).
    builds: u64,
    /// Each recent build's changes (`None`: unknown), for `since`.
    log: Vec<(u64, since::Logged)>,
    /// The last build's bodies, kept in the process (`since`).
    latest: Option<Latest>,
    /// Each output folder's reads inverted, kept in the process (`since`).
    readers: HashMap<PathBuf, Readers>,
    /// The last build's indexes of pages by path (`path_indexes`).
    paths: Option<Arc<PathIndexes>>,
    /// The last build's lists, as one digest (`same_shape`).
    shape: Option<u64>,
    /// Digests of values made from the model, by the digest of what they
    /// were made from (`Keyed`), kept in the process.
    pub keyed: Keyed,
    /// The last build's templates, parsed (`templates::load` takes them
    /// while their texts are the same), kept in the process.
    pub templates: Option<super::templates::Templates>,
}

/// A view's digest and the reads making it noted, by the key of what it is made from.
pub type KeyedViews = crate::digest::DigestMap<(u64, Arc<[Read]>)>;

/// Digests of values by the digest of their inputs (`derive::Keys`), for
/// the next build (in the process, or from `.gongjian/cache/`) to take
/// instead of making the value again: list views of pages and projects (`job_parts::Views`), with the
/// reads making them noted, pages' front-matter and campaign boxes
/// (`Digester`), charts (`ChartMaker`) and open-data files (`open_data`).
#[derive(Debug, Default, Clone)]
pub struct Keyed {
    pub views: Arc<KeyedViews>,
    pub metas: Arc<crate::digest::DigestMap<u64>>,
    /// Open-data files' text digests (`open_data`).
    pub open_data: Arc<crate::digest::DigestMap<u64>>,
    /// Projects' digests as open data shows them (`open_data`).
    pub project_values: Arc<crate::digest::DigestMap<u64>>,
    /// Campaign boxes' digests (`Digester`).
    pub boxes: Arc<crate::digest::DigestMap<u64>>,
    /// Charts' digests (`ChartMaker::keep_digests`).
    pub charts: Arc<crate::digest::DigestMap<u64>>,
}

impl Keyed {
    /// Its maps of digests but the views, in a fixed order. (Named one by
    /// one: a map added to `Keyed` is a map the fingerprint must cover.)
    fn digest_maps(&self) -> [&crate::digest::DigestMap<u64>; 5] {
        let Keyed { views: _, metas, open_data, project_values, boxes, charts } = self;
        [metas, open_data, project_values, boxes, charts]
    }
}

/// Pages and campaigns by path, for links and charts: tens of thousands of
/// entries, made again only when the paths they index differ.
#[derive(Debug, Default)]
pub struct PathIndexes {
    /// Digest of every page's and campaign's site and source path, in order.
    key: u64,
    /// `Links::source_index`.
    pub by_source: Arc<HashMap<String, String>>,
    /// `ChartMaker::page_index`.
    pub pages: Arc<HashMap<String, crate::model::PageId>>,
    /// Pages by stable key (`digests::source_key`), for the digester.
    pub by_key: Arc<HashMap<String, crate::model::PageId>>,
}

/// What `PathIndexes` are made from: every page's and campaign's site and
/// source path, in order (a page's index is its place).
fn paths_key(site: &crate::model::Site) -> u64 {
    let mut h = hasher();
    let pages = site.pages.iter().map(|p| (&p.path, p.source));
    for (path, source) in pages.chain(site.campaigns.iter().map(|c| (&c.path, c.source))) {
        let source = site.sources[source].path.as_os_str().as_encoded_bytes();
        for bytes in [path.as_bytes(), source] {
            h.write_usize(bytes.len());
            h.write(bytes);
        }
    }
    h.finish()
}

impl Memory {
    /// The memory of a process that builds again and again (`serve`).
    pub fn in_process() -> Memory {
        Memory { keep_html: true, texts: Arc::new(Spool::in_memory()), ..Memory::default() }
    }

    /// A memory kept in the process only (`serve`'s, a test's): it keeps
    /// what the next build needs to check only what changed (`since`).
    pub fn in_process_only(&self) -> bool {
        self.disk.is_none() && !self.transient
    }

    /// The memory of a build that keeps none.
    pub fn transient() -> Memory {
        Memory { transient: true, ..Memory::default() }
    }

    /// After a build: when most of the spool's file is texts no body holds
    /// any more, the held ones move to a new file (a memory kept on disk
    /// gets a new texts file there; `save` removes the old one).
    pub fn compact_texts(&mut self) {
        let (end, live) = (self.texts.end(), self.bodies.values().map(CachedBody::spooled_len).sum::<u64>());
        if end < COMPACT_FROM || live * 2 > end {
            return;
        }
        let fresh = match &self.disk {
            Some(d) => cache::Disk::create(d.dir(), d.stem()).map(|(disk, spool)| (spool, Some(disk))),
            None => Ok((Spool::new(), None)),
        };
        // Where that fails the texts stay where they are.
        if let Ok((spool, disk)) = fresh {
            let _ = self.move_texts(spool, disk);
            // The last build's bodies name texts where they were.
            self.forget_changes();
        }
    }

    /// The indexes of `site`'s paths: the last build's while its paths are
    /// the same (then `true`: every page has the index and path it had).
    pub fn path_indexes(&mut self, site: &crate::model::Site) -> (Arc<PathIndexes>, bool) {
        let key = paths_key(site);
        match &self.paths {
            Some(kept) if kept.key == key => (kept.clone(), true),
            _ => {
                let ((by_source, by_key), pages) = rayon::join(
                    || (Arc::new(super::Links::source_index(site)), Arc::new(digests::key_index(site))),
                    || Arc::new(super::chart::ChartMaker::page_index(site)),
                );
                let made = Arc::new(PathIndexes { key, by_source, pages, by_key });
                // A memory kept on disk builds once: it keeps none.
                if self.in_process_only() {
                    self.paths = Some(made.clone());
                }
                (made, false)
            }
        }
    }

    /// Whether this build's pages and lists are the last build's: its pages
    /// have the same indexes and paths (`same_paths`) and its lists the same
    /// `shape` (the digest of which lists there are and what each shows, in
    /// order). Where not, what this build changed is not known as reads:
    /// a later build of a folder built before it compares everything.
    pub fn same_shape(&mut self, shape: u64, same_paths: bool) -> bool {
        let same = self.shape.replace(shape) == Some(shape) && same_paths;
        if !same {
            if let Some((_, changes)) = self.log.last_mut() {
                *changes = None;
            }
        }
        same
    }

    /// The records of `output`, forgotten everywhere when `global` changed.
    pub fn begin(&mut self, global: u64, output: &Path) -> Records {
        if self.global != global {
            self.keyed = Keyed::default();
            self.bodies.clear();
            self.outputs.clear();
            self.search.clear();
            self.forget_changes();
            self.global = global;
        }
        self.outputs.remove(output).unwrap_or_default()
    }
}

/// Texts files smaller than this are never compacted.
const COMPACT_FROM: u64 = 16 << 20;

/// The reads of templates, by the site path of the page being rendered
/// (template functions only see `current_path`).
#[derive(Debug, Default)]
pub struct TemplateReads {
    by_path: Mutex<HashMap<String, Vec<Read>>>,
}

impl TemplateReads {
    pub fn note(&self, current_path: &str, read: Read) {
        let path = current_path.trim_start_matches('/').to_string();
        lock(&self.by_path).entry(path).or_default().push(read);
    }

    pub fn take(&self, path: &str) -> Vec<Read> {
        lock(&self.by_path).remove(path).unwrap_or_default()
    }
}

/// The cache key of a file's body: its path and whole text (front-matter
/// included: a summary or a chart's numbers may come from it).
pub fn body_key(path: &Path, text: &str) -> u64 {
    let mut h = hasher();
    h.write(path.to_string_lossy().as_bytes());
    h.write_u8(0);
    h.write(text.as_bytes());
    h.finish()
}

/// Digest of everything but the Markdown sources that outputs depend on:
/// the binary, site settings, and every file under templates/, themes/,
/// static/ and data/ and beside the content (by path, length and time).
/// A change to any of them renders every page again.
pub fn global_digest(site: &crate::model::Site, base_url: &str) -> u64 {
    let mut h = hasher();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u64(digest_debug(&site.config));
    h.write_u64(digest_debug(&site.publish));
    h.write(base_url.as_bytes());
    let mut files = Vec::new();
    for dir in ["templates", "themes", "static", "data"] {
        list_files(&site.root.join(dir), &mut files);
    }
    files.extend(site.content_assets.iter().map(|(from, _)| site.root.join(from)));
    for p in &site.pages {
        files.extend(p.assets.iter().map(|(from, _)| site.root.join(from)));
    }
    for f in files {
        h.write(f.to_string_lossy().as_bytes());
        if let Ok(m) = std::fs::metadata(&f) {
            h.write_u64(m.len());
            h.write_u128(crate::write::mtime_of(&m));
        }
    }
    h.finish()
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            list_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Whether every read still sees the value it saw. A body read beside a
/// whole read (`Dep::Context`) is in that read's digest: it is noted only
/// to find the outputs that read a changed body (`Readers`).
pub fn unchanged(reads: &[Read], now: &Digester) -> bool {
    reads.iter().all(|(dep, seen)| !dep.compared() || now.digest(dep) == Some(*seen))
}

/// Reads noted while a value was made (bodies, entities), in a fixed order
/// without repeats: a record is the same whichever order they were noted in.
pub fn sort_noted(reads: &mut Vec<Read>) {
    // Bodies by the digest of their source, not its text: the order need
    // only be fixed, and a list page notes thousands of sources sharing
    // long prefixes, sorted again on every save that checks it.
    fn order(dep: &Dep) -> (u8, u64) {
        match dep {
            Dep::Body(source) => (0, digest_bytes(source.as_bytes())),
            Dep::Made(key) => (1, *key),
            _ => (2, 0),
        }
    }
    reads.sort_by_cached_key(|(dep, _)| order(dep));
    reads.dedup();
}
