//! What `serve` keeps of a build between saves, and the re-render of a save
//! that changed only a report's text.
//!
//! A full build at 10,000 reports takes seconds; a writer saving a
//! paragraph should see it at once. When the front-matter of the saved file
//! is exactly as before, the model and every derived number are unchanged,
//! so only what shows the body can differ: the page itself, the lists that
//! show its summary or reading time, and the feeds that quote it. Those are
//! rendered again from the kept state; the search index follows right after.
//! A changed front-matter is handled in `data` while the site keeps its
//! shape; anything else (a new or deleted file, a moved date or tag,
//! templates, site settings) is a full build.

mod affected;
mod data;

use std::sync::Arc;

use tera::Tera;

use super::chart::ChartMaker;
use super::jobs::{self, Inputs, Shared};
use super::{body, feeds, job_sets, mirror::Mirror, search, spool::Spool, Body, Links};
use crate::derive::Derived;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::MarkdownOptions;
use crate::model::Site;
use crate::write::Staging;

/// A build's rendering state, kept by `serve`.
pub struct Live {
    pub site: Arc<Site>,
    pub(super) derived: Arc<Derived>,
    pub(super) links: Arc<Links>,
    pub(super) tera: Tera,
    pub(super) mirror: Mirror,
    pub(super) charts: Arc<ChartMaker>,
    pub(super) opts: MarkdownOptions,
    /// Every page's rendered text, HTML included.
    pub(super) pages: Vec<Body>,
    pub(super) campaigns: Vec<Body>,
    pub(super) sections: Vec<Body>,
    pub(super) spool: Spool,
    pub(super) shared: Shared,
    /// Pages some feed quotes in full.
    pub(super) in_feed: Vec<bool>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Live({} pages)", self.pages.len())
    }
}

/// What a re-render after a save did.
#[derive(Debug, Default)]
pub struct Patched {
    /// Pages rendered again (the page, lists, feeds).
    pub rendered: usize,
    pub warnings: Warnings,
}

/// Which warnings a re-render's diagnostics hold.
#[derive(Debug, Default, PartialEq)]
pub enum Warnings {
    /// None: nothing was derived again.
    #[default]
    Unchanged,
    /// Those of the numbers derived again (the saved pages' campaigns and projects).
    Partial,
    /// Every warning of the site: all numbers were derived again.
    All,
}

impl Live {
    pub(super) fn inputs(&self) -> Inputs<'_> {
        Inputs {
            site: &self.site,
            derived: &self.derived,
            links: &self.links,
            tera: &self.tera,
            pages: &self.pages,
            campaigns: &self.campaigns,
            sections: &self.sections,
            mirror: &self.mirror,
            spool: &self.spool,
        }
    }

    /// The page made from `source` (a path relative to the site root, as in
    /// messages: `content/reports/a.md`).
    pub fn page_of(&self, source: &std::path::Path) -> Option<usize> {
        self.site.pages.iter().position(|p| self.site.sources[p.source].path == source)
    }

    /// The files of pages `edits` (page index, text now) were saved.
    /// Re-renders what shows them into `out` and returns what it did; `None`
    /// when the change needs a full build. Errors are reported in `diags`
    /// and leave the kept state as it was.
    pub fn apply(&mut self, edits: Vec<(usize, String)>, out: &Staging, diags: &mut Diagnostics) -> Option<Patched> {
        let mut files = Vec::new();
        for (i, text) in edits {
            let f = &self.site.sources[self.site.pages[i].source];
            let new = f.reparse(text).ok()?;
            files.push((i, new));
        }
        let text_only =
            files.iter().all(|(i, new)| new.same_front_matter(&self.site.sources[self.site.pages[*i].source]));
        if !text_only {
            return self.data_changed(files, out, diags);
        }
        let mut done = Patched::default();
        for (i, new) in files {
            done.rendered += self.body_changed(i, new, out, diags).rendered;
        }
        Some(done)
    }

    /// Page `i`'s file is now `new`, with the front-matter as before:
    /// re-renders its page, the lists showing its summary or reading time,
    /// the feeds quoting it.
    fn body_changed(
        &mut self,
        i: usize,
        new: crate::load::SourceFile,
        out: &Staging,
        diags: &mut Diagnostics,
    ) -> Patched {
        let p = &self.site.pages[i];
        let summary = p.meta.summary.as_deref();
        let b = match body(&new, None, &self.opts, &self.links, &self.charts, Some(i), summary, &self.spool) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                return Patched::default();
            }
        };
        let inp = self.inputs();
        let mut rendered = 0;
        match jobs::render_page(&inp, &self.shared.camps, i, &b, out) {
            Ok(()) => rendered += 1,
            Err(d) => diags.push(d),
        }
        rendered += crate::render::files::publish_new_photos(&self.links.media, out, diags);
        let lists_change = b.summary != self.pages[i].summary || b.reading_minutes != self.pages[i].reading_minutes;
        self.pages[i] = b;
        if lists_change {
            let r = jobs::page_ref_value(&self.inputs(), i);
            self.shared.refs[i] = r;
        }
        let inp = self.inputs();
        if lists_change {
            rendered += jobs::run(&inp, &self.shared, &job_sets::listing(&inp, i), out, diags);
        }
        if self.in_feed[i] {
            rendered += feeds::write(&inp, out, diags, Some(&|p| p == i));
        }
        rendered += crate::render::outputs::refresh_print(&inp, out, diags);
        Patched { rendered, warnings: Warnings::Unchanged }
    }

    /// Writes the search index again (after a save). Stops, and gives
    /// false, when `stop()` says so before a version's index is written.
    pub fn refresh_search(&self, out: &Staging, diags: &mut Diagnostics, stop: &dyn Fn() -> bool) -> bool {
        let inp = self.inputs();
        for v in self.mirror.versions() {
            match search::write(&inp, out, v, stop) {
                Ok(Some(_)) => {}
                Ok(None) => return false,
                Err(e) => diags.push(Diagnostic::error(
                    format!("{}search/index/", v.dir),
                    0,
                    crate::messages::render::Render::CannotWrite { why: e.to_string() },
                )),
            }
        }
        true
    }
}
