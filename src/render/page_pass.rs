//! The pass over every page of a section: each page's body (from the
//! engine's memory while its file and its charts' reads are unchanged,
//! else its Markdown), then its page kept (nothing it read changed) or
//! rendered and written, side by side on every core. A kept page costs a
//! lookup of its body and record and a comparison of its reads' digests.

use ahash::HashMap;

use rayon::prelude::*;

use super::body::{body, cacheable, Body};
use super::page_boxes::SharedBoxes;
use super::{engine, jobs, outputs, written_from};
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::MarkdownOptions;
use crate::model::{CampaignId, IdVec, PageId, Site};
use crate::write::Staging;

/// What the pass needs of the build.
pub(super) struct PagePass<'a> {
    pub site: &'a Site,
    /// Without bodies: a page reads only its own.
    pub inp: &'a jobs::Inputs<'a>,
    pub opts: &'a MarkdownOptions,
    pub camps: &'a IdVec<CampaignId, tera::Value>,
    /// The campaign boxes of the pages this pass goes over.
    pub boxes: &'a SharedBoxes,
    pub bodies: &'a crate::digest::DigestMap<engine::CachedBody>,
    pub keep_html: bool,
    /// The memory is dropped after this build: no body goes into it.
    pub transient: bool,
    pub in_feed: &'a IdVec<PageId, bool>,
    pub outputs: &'a outputs::Outputs,
    pub digester: &'a engine::Digester<'a>,
    pub before: &'a engine::Records,
    pub out: &'a Staging,
}

/// What one page's pass gave.
pub(super) struct PageDone {
    body: Body,
    /// `Ok(None)`: its files kept, its record the one before.
    record: Result<Option<engine::Output>, Diagnostic>,
    cached: Cached,
}

/// What the memory keeps of a page's body.
enum Cached {
    /// Nothing (it cannot be cached, or the memory keeps none).
    No,
    /// The body it held under this key.
    Kept(u64),
    New(u64, Box<engine::CachedBody>),
}

/// The pass's result: every page's body, the records of the
/// pages made, the bodies for the memory, and how many pages were made and
/// rendered again.
#[derive(Default)]
pub(super) struct Pages {
    pub bodies: IdVec<PageId, Body>,
    pub records: engine::Records,
    pub cached: crate::digest::DigestMap<engine::CachedBody>,
    pub done: usize,
    pub rendered: usize,
    /// Pages whose body the memory does not keep (it warned, or cannot be
    /// cached): made again by every build, so its warnings are told again.
    pub uncached: Vec<PageId>,
}

impl PagePass<'_> {
    /// Runs the pass over pages `ids`, with their files' `texts` (taken out
    /// of the site; `None`: the source's own).
    pub fn run(&self, ids: &[PageId], texts: Vec<Option<std::sync::Arc<str>>>) -> Vec<PageDone> {
        ids.par_iter().zip(texts).map(|(&i, text)| self.page(i, &self.site.pages[i], text)).collect()
    }

    /// Page `i`'s body (from the cache while its file and its charts' reads
    /// are unchanged), its page rendered or kept, and what to cache of it.
    fn page(&self, i: PageId, p: &crate::model::Page, text: Option<std::sync::Arc<str>>) -> PageDone {
        // A panic while this page renders names its file.
        let _at = crate::guard::working_on(&self.site.source_of(p).path);
        let f = self.site.source_of(p);
        let key = f.text_key;
        let mut text = text;
        let mut markdown = || {
            // A file taken unread (`load::stamps`) is read now.
            let text = match f.read_again() {
                Some(again) => Some(again?),
                None => text.take(),
            };
            let can_cache = cacheable(text.as_deref().unwrap_or(&f.source));
            let (links, charts, spool) = (self.inp.links, self.inp.charts, self.inp.spool);
            body(f, text, self.opts, links, charts, Some(i), p.meta.summary.as_deref(), spool).map(|b| (b, can_cache))
        };
        let failed = |d| PageDone { body: Body::default(), record: Err(d), cached: Cached::No };
        let cached = self.bodies.get(&key).filter(|c| engine::unchanged(&c.reads, self.digester));
        let (mut b, mut fresh) = match cached {
            Some(c) => (Body::from_cached(c), None),
            None => match markdown() {
                Ok((b, can_cache)) => (b, Some(can_cache)),
                Err(d) => return failed(d),
            },
        };
        let kept = jobs::keep_page(self.site, i, &b, self.before, self.digester, self.out);
        // Feeds quote the HTML, and the WeChat export converts it.
        let needs_html = self.in_feed[i] || self.outputs.reads_bodies();
        if let Some(c) = cached.filter(|_| !kept || needs_html) {
            match c.html.as_ref().and_then(|t| self.inp.spool.read(t).ok()) {
                Some(html) => b.html = html,
                // The cache kept no HTML of it: its Markdown again.
                None => match markdown() {
                    Ok((again, can_cache)) => (b, fresh) = (again, Some(can_cache)),
                    Err(d) => return failed(d),
                },
            }
        }
        let record = match kept {
            true => Ok(None),
            // A page that cannot be written names its content file too.
            false => jobs::render_page(self.inp, self.camps, self.boxes, (i, &b), self.digester, self.out)
                .map(Some)
                .map_err(|d| written_from(d, &f.path)),
        };
        // A body taken from the cache stays there; a new one goes in if it may.
        let (cached, spooled) = match fresh {
            None => (Cached::Kept(key), cached.and_then(|c| c.html.clone())),
            Some(can_cache) if can_cache && !self.transient && b.warnings.is_empty() => {
                let c = b.take_cached(self.inp.spool, self.keep_html || self.in_feed[i]);
                let spooled = c.html.clone();
                (Cached::New(key, Box::new(c)), spooled)
            }
            Some(_) => (Cached::No, None),
        };
        // Made from the page's HTML whether or not the page was kept.
        b.warnings.extend(self.outputs.page(self.inp, i, &b, self.out));
        b.set_aside_html(self.in_feed[i], spooled, self.inp.spool);
        PageDone { body: b, record, cached }
    }
}

/// The pass's pages gathered in page order: records of kept pages move out
/// of `before`, and bodies the memory keeps out of `memory`.
pub(super) fn gather(
    site: &Site,
    done: Vec<PageDone>,
    before: &mut engine::Records,
    memory: &mut crate::digest::DigestMap<engine::CachedBody>,
    diags: &mut Diagnostics,
) -> Pages {
    let n = done.len();
    let mut pages = Pages {
        bodies: IdVec::with_capacity(n),
        records: HashMap::with_capacity_and_hasher(n, Default::default()),
        cached: Default::default(),
        done: 0,
        rendered: 0,
        uncached: Vec::new(),
    };
    for ((i, p), mut d) in site.pages.iter_enumerated().zip(done) {
        d.body.warnings.drain(..).for_each(|w| diags.push(w));
        match d.record {
            Err(e) => diags.push(e),
            Ok(record) => {
                pages.done += 1;
                pages.rendered += usize::from(record.is_some());
                // A kept page has its record in `before` (`keep_page`).
                let made = match record {
                    Some(output) => Some((p.path.clone(), output)),
                    None => before.remove_entry(&p.path),
                };
                pages.records.extend(made);
            }
        }
        let body = match d.cached {
            Cached::No => {
                pages.uncached.push(i);
                None
            }
            Cached::Kept(key) => memory.remove(&key).map(|c| (key, c)),
            Cached::New(key, c) => Some((key, *c)),
        };
        if let Some((key, c)) = body {
            pages.cached.insert(key, c);
        }
        pages.bodies.push(d.body);
    }
    pages
}

/// The pass's pages `ids` gathered into `pages` (the other pages' bodies
/// are there already): the records of pages rendered again (a kept page's
/// stays in the last build's records, `recheck::update`); bodies new to
/// the memory go into `memory`.
pub(super) fn gather_some(
    site: &Site,
    ids: &[PageId],
    done: Vec<PageDone>,
    memory: &mut crate::digest::DigestMap<engine::CachedBody>,
    pages: &mut Pages,
    diags: &mut Diagnostics,
) {
    for (&i, mut d) in ids.iter().zip(done) {
        let path = &site.pages[i].path;
        d.body.warnings.drain(..).for_each(|w| diags.push(w));
        match d.record {
            Err(e) => diags.push(e),
            Ok(record) => {
                pages.done += 1;
                pages.rendered += usize::from(record.is_some());
                pages.records.extend(record.map(|o| (path.clone(), o)));
            }
        }
        match d.cached {
            Cached::No => pages.uncached.push(i),
            Cached::Kept(_) => {}
            Cached::New(key, c) => drop(memory.insert(key, *c)),
        }
        pages.bodies[i] = d.body;
    }
}
