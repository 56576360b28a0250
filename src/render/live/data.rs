//! The re-render of a save that changed a report's front-matter (numbers,
//! statuses, a title) without changing the shape of the site.
//!
//! Most such saves keep the page in every list and membership: the page is
//! then patched into the kept model, and only its campaign, the projects it
//! names and their counties are derived again (`model::patch_page`,
//! `derive::patch_page`). Other saves that keep every URL, date, list and
//! membership build the model and numbers again from the kept files (no
//! other file is read). Either way what can differ is known: the page, its
//! entries in lists, its campaigns' numbers (their pages, series and every
//! report of a campaign whose numbers changed, as each shows its campaign
//! as of its own date), the projects it names and their counties,
//! and charts drawn from numbers, and the terms of tags it gained or lost.
//! Exactly those pages are rendered again. A save that moves something (a
//! new date, county, project, campaign) is a full build.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::affected::{affected_jobs, same_shape};
use super::{Live, Patched, Warnings};
use crate::derive::Derived;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::Site;
use crate::render::jobs::{self, Job};
use crate::render::{body, feeds, open_data, Body};
use crate::write::Staging;

/// What a save changed in the model and numbers, for the re-render.
#[derive(Default)]
struct Change {
    /// Pages whose files were saved.
    edited: BTreeSet<usize>,
    /// Campaigns whose derived numbers changed.
    campaigns: BTreeSet<usize>,
    /// Projects the saved pages name, before and after: their views may show them.
    projects: BTreeSet<usize>,
    /// Projects whose own pages (their histories) may show the change.
    project_pages: BTreeSet<usize>,
    /// The diagnostics hold every warning of the site (the numbers were all derived again).
    all_warnings: bool,
    /// The tags' terms before the save, when it changed a page's tags.
    old_tags: Option<crate::model::Taxonomy>,
}

impl Live {
    /// Pages `edits` (page index, the file as now read) changed their
    /// front-matter. Re-renders what shows it into `out`; `None` when the
    /// site's shape changed and a full build is needed. Errors found before
    /// the kept model changes go to `diags` and leave it as it was; later ones
    /// (a page the new numbers cannot render) give `None` too: the full build
    /// reports them and keeps the last good site.
    pub fn data_changed(
        &mut self,
        mut edits: Vec<(usize, SourceFile)>,
        out: &Staging,
        diags: &mut Diagnostics,
    ) -> Option<Patched> {
        let t0 = std::time::Instant::now();
        let lap = |what: &str| {
            if std::env::var_os("GONGJIAN_TIMINGS").is_some() {
                eprintln!("data path {what}: {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0);
            }
        };
        for (_, f) in &edits {
            crate::load::validate_file(f, diags);
        }
        if diags.has_errors() {
            return Some(Patched::default());
        }
        let texts: HashMap<usize, String> =
            edits.iter_mut().map(|(i, f)| (self.site.pages[*i].source, f.take_text())).collect();
        let change = match self.patch_in_place(edits, diags) {
            Ok(change) => change,
            Err(edits) => match self.remodel(edits, diags) {
                Ok(change) => change,
                Err(done) => return done,
            },
        };
        lap("model and numbers");
        if diags.has_errors() {
            // Figures that cannot be published (a cumulative metric going
            // down, …): nothing is written; the full build reports them and
            // keeps the last good site served.
            return None;
        }
        self.rerender(change, texts, out, diags, &lap)
    }

    /// The quick way: every saved page keeps its place, so it is patched
    /// into the kept model and its numbers derived again in place. Gives
    /// the edits back otherwise.
    fn patch_in_place(
        &mut self,
        edits: Vec<(usize, SourceFile)>,
        diags: &mut Diagnostics,
    ) -> Result<Change, Vec<(usize, SourceFile)>> {
        if !edits.iter().all(|(i, f)| crate::model::can_patch(&self.site, *i, f)) {
            return Err(edits);
        }
        // The chart maker holds the only other references to the model and numbers.
        self.charts.release();
        let (Some(site), Some(derived)) = (Arc::get_mut(&mut self.site), Arc::get_mut(&mut self.derived)) else {
            self.charts.set_data(self.site.clone(), self.derived.clone());
            return Err(edits);
        };
        let mut change = Change::default();
        // Besides numbers: new tags make new terms; a new title shows in the histories of its projects.
        let (mut retag, mut retitled) = (false, false);
        for (i, f) in &edits {
            if let crate::load::FileKind::Page(m) = &f.kind {
                retag |= m.tags != site.pages[*i].meta.tags;
                retitled |= m.title != site.pages[*i].meta.title;
            }
        }
        for (i, f) in edits {
            crate::model::patch_page(site, i, f);
            change.edited.insert(i);
        }
        if retag {
            change.old_tags = Some(crate::model::retag(site));
        }
        for &i in &change.edited {
            let t = crate::derive::patch_page(site, derived, i, diags);
            change.campaigns.extend(t.campaigns);
            change.project_pages.extend(t.projects);
        }
        change.projects = named(site, derived, &change.edited);
        if retitled {
            change.project_pages.extend(change.projects.iter().copied());
        }
        self.charts.set_data(self.site.clone(), self.derived.clone());
        Ok(change)
    }

    /// The model and numbers built again from the kept files with the saved
    /// ones replaced, kept when the site has the same shape. `Err(None)`
    /// when it has not (a full build is needed), `Err(Some(_))` with errors.
    fn remodel(&mut self, edits: Vec<(usize, SourceFile)>, diags: &mut Diagnostics) -> Result<Change, Option<Patched>> {
        let mut loaded = self.site.to_loaded();
        let mut edited = BTreeSet::new();
        for (i, f) in edits {
            loaded.files[self.site.pages[i].source] = f;
            edited.insert(i);
        }
        let site = crate::model::build(loaded, self.site.publish, diags);
        if diags.has_errors() {
            return Err(Some(Patched::default()));
        }
        let derived = crate::derive::derive(&site, diags);
        if diags.has_errors() {
            return Err(Some(Patched::default()));
        }
        if !same_shape(&self.site, &self.derived, &site, &derived) {
            return Err(None);
        }
        let (was, now) = (&self.derived, &derived);
        let campaigns = (0..now.campaigns.len()).filter(|&c| now.campaigns[c] != was.campaigns[c]).collect();
        let mut projects = named(&self.site, was, &edited);
        projects.extend(named(&site, now, &edited));
        let old = (
            std::mem::replace(&mut self.derived, Arc::new(derived)),
            std::mem::replace(&mut self.site, Arc::new(site)),
        );
        self.charts.set_data(self.site.clone(), self.derived.clone());
        // Freeing the old model (every page's front-matter) takes a while: not on the writer's clock.
        std::thread::spawn(move || drop(old));
        let project_pages = projects.clone();
        Ok(Change { edited, campaigns, projects, project_pages, all_warnings: true, old_tags: None })
    }

    /// Renders again what `change` shows on, from the kept (now new) model.
    fn rerender(
        &mut self,
        change: Change,
        texts: HashMap<usize, String>,
        out: &Staging,
        diags: &mut Diagnostics,
        lap: &dyn Fn(&str),
    ) -> Option<Patched> {
        let (site, derived) = (self.site.clone(), self.derived.clone());
        // Campaign boxes on report pages: those of changed campaigns and of the saved pages' own.
        let mut boxes = BTreeSet::new();
        let own = change.edited.iter().filter_map(|&i| site.pages[i].campaign);
        for c in change.campaigns.iter().copied().chain(own) {
            let value = jobs::campaign_value(&site, &derived, &self.links, c);
            if value != self.shared.camps[c] {
                self.shared.camps[c] = value;
                boxes.insert(c);
            }
        }
        let campaigns: BTreeSet<usize> = change.campaigns.union(&boxes).copied().collect();
        // Pages to render again: the saved ones, every report of a campaign
        // whose numbers changed (each shows its box as of its own date, which
        // a change to an older report reaches even when the latest box stays),
        // those whose text or template draws charts from what may have changed.
        let mut reports: BTreeSet<usize> = change.edited.clone();
        for &c in &campaigns {
            reports.extend(site.campaigns[c].reports.iter().copied());
        }
        // Texts whose charts draw from numbers or from another page: the saved
        // pages' data may be either.
        let mut texts_again = change.edited.clone();
        texts_again.extend((0..site.pages.len()).filter(|&i| self.pages[i].reads_numbers));
        // Pages whose template drew a chart from numbers or from another page
        // (forgotten here, noted again as they are rendered).
        reports.extend((0..site.pages.len()).filter(|&i| self.charts.take_template_read(&site.pages[i].path)));
        reports.extend(texts_again.iter().copied());

        // Texts again: the saved ones as read, those drawing numbers from disk.
        let again: Vec<usize> = texts_again.iter().copied().collect();
        let bodies: Vec<(usize, Result<Body, Diagnostic>)> = again
            .par_iter()
            .map(|&i| {
                let f = &site.sources[site.pages[i].source];
                let file = match texts.get(&site.pages[i].source) {
                    Some(t) => SourceFile { source: t.clone(), ..f.clone() },
                    None => match reread(&site, f) {
                        Some(on_disk) => on_disk,
                        None => {
                            return (
                                i,
                                Err(Diagnostic::error(&f.path, 0, crate::messages::render::Render::ChangedMeanwhile)),
                            )
                        }
                    },
                };
                let summary = site.pages[i].meta.summary.as_deref();
                (i, body(&file, None, &self.opts, &self.links, &self.charts, Some(i), summary, &self.spool))
            })
            .collect();
        for (i, b) in bodies {
            match b {
                Ok(b) => self.pages[i] = b,
                // The kept state is already the new one: a full build reports it and starts afresh.
                Err(_) => return None,
            }
        }
        let photos = crate::render::files::publish_new_photos(&self.links.media, out, diags);
        lap("bodies");

        let mut changed_refs = BTreeSet::new();
        for &i in &reports {
            let r = jobs::page_ref_value(&self.inputs(), i);
            if r != self.shared.refs[i] {
                changed_refs.insert(i);
                self.shared.refs[i] = r;
            }
        }
        // Only mentions make a project's view: those of other pages are as they
        // were. Lists show only the projects whose view changed.
        let mut projects = BTreeSet::new();
        for &p in &change.projects {
            let v = jobs::project_value(&self.inputs(), p);
            if v != self.shared.projects[p] {
                self.shared.projects[p] = v;
                projects.insert(p);
            }
        }
        let inp = self.inputs();
        lap("values");
        let mut rendered = photos;
        let results: Vec<Result<(), Diagnostic>> =
            reports.par_iter().map(|&i| jobs::render_page(&inp, &self.shared.camps, i, &self.pages[i], out)).collect();
        for r in results {
            match r {
                Ok(()) => rendered += 1,
                Err(_) => return None,
            }
        }
        lap("report pages");
        if std::env::var_os("GONGJIAN_TIMINGS").is_some() {
            eprintln!(
                "data path: {} pages ({} texts), {} refs, {} campaigns, {} projects changed",
                reports.len(),
                again.len(),
                changed_refs.len(),
                campaigns.len(),
                projects.len()
            );
        }
        let mut tag_jobs = Vec::new();
        if let Some(old) = &change.old_tags {
            tag_jobs = retagged(&inp, old, out, diags);
            rendered += feeds::write_sitemap(&inp, out, diags);
        }
        let list_jobs = affected_jobs(&inp, &changed_refs, &campaigns, &projects, &change.project_pages, tag_jobs);
        rendered += jobs::run(&inp, &self.shared, &list_jobs, out, diags);
        // Feeds quote a page's text and front-matter, not its template.
        let quoted = |i: usize| texts_again.contains(&i) || changed_refs.contains(&i);
        rendered += feeds::write(&inp, out, diags, Some(&quoted));
        // Only the files whose bytes changed are written (the staging knows).
        rendered += open_data::write(&inp, out, diags);
        rendered += crate::render::outputs::refresh_print(&inp, out, diags);
        lap("lists and feeds");
        if diags.has_errors() {
            return None;
        }
        let warnings = if change.all_warnings { Warnings::All } else { Warnings::Partial };
        Some(Patched { rendered, warnings })
    }
}

/// After a save changed tags (`old` the terms before): the tag pages whose
/// term changed and the list of tags, to render; pages of terms or pagers no
/// longer there are removed from `out`.
fn retagged(inp: &jobs::Inputs, old: &crate::model::Taxonomy, out: &Staging, diags: &mut Diagnostics) -> Vec<Job> {
    let (tags, per) = (&inp.site.tags, inp.site.config.paginate_by);
    let mut set = vec![Job::Tags];
    let mut gone = Vec::new();
    for (k, t) in tags.terms.iter().enumerate() {
        let before = old.get(&t.slug);
        let now = jobs::pager_count(t.pages.len(), per);
        if before.is_none_or(|o| o.name != t.name || o.pages != t.pages) {
            set.extend((1..=now).map(|pager| Job::Tag { term: k, pager }));
        }
        let was = before.map_or(0, |o| jobs::pager_count(o.pages.len(), per));
        gone.extend((now + 1..=was).map(|pager| jobs::pager_path(&t.path, pager)));
    }
    for o in old.terms.iter().filter(|o| tags.get(&o.slug).is_none()) {
        gone.extend((1..=jobs::pager_count(o.pages.len(), per)).map(|pager| jobs::pager_path(&o.path, pager)));
    }
    for path in gone {
        for v in inp.mirror.versions() {
            let rel = format!("{}{path}index.html", v.dir);
            if let Err(e) = out.remove(&rel) {
                diags.push(Diagnostic::error(
                    rel,
                    0,
                    crate::messages::render::Render::CannotRemove { why: e.to_string() },
                ));
            }
        }
    }
    set
}

/// Projects the pages `edited` name.
fn named(site: &Site, d: &Derived, edited: &BTreeSet<usize>) -> BTreeSet<usize> {
    edited.iter().flat_map(|&i| crate::derive::named_by(site, d, i)).collect()
}

/// The file as on disk, if its front-matter is still what the model holds.
fn reread(site: &Site, f: &SourceFile) -> Option<SourceFile> {
    let text = std::fs::read_to_string(site.root.join(&f.path)).ok()?;
    f.reparse(text).ok().filter(|again| again.same_front_matter(f))
}
