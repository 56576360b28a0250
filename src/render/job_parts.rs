//! What a list or aggregate page's context is made of: parts that know
//! their digest without being built.
//!
//! A job's context (`job_kinds::context`) is a recipe: small values made for
//! the page alone (a paginator, a count, a title) and references to the
//! views of entities (a page as lists show it, a project row, a campaign,
//! a county, a section, a series, the archive index) by index. Each
//! entity's view is digested at most once per build (`Views`),
//! whichever page asks first; a list page whose recipe digests as last
//! time keeps its file without any view being built for it. So what a
//! page reads is what its recipe names, recorded as the recipe is made:
//! a field added to a view is covered by that view's digest, a value added
//! to a context is a part of the recipe.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use serde::Serialize;
use tera::{Context, Value};

use super::engine::{self, KeyedViews, Made};
use super::job_rows::SharedRows;
use super::job_views::{archive_years, county_summary, section_value, series_value};
use super::jobs::Inputs;
use super::views::{campaign_view, page_ref, project_view, CampaignLinks, ProjectView};
use crate::model::{CampaignId, CountyId, Id, IdVec, PageId, ProjectId, SectionId, SeriesId};

/// An entity as a context shows it, by its index in this build's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Entity {
    /// A page as lists show it (`page_ref`: title, date, summary, links).
    Ref(PageId),
    /// A project as tables show it (its latest state).
    ProjectRow(ProjectId),
    /// A project with its history (its own page).
    Project(ProjectId),
    /// A campaign's latest state without dated points (lists, boxes).
    Campaign(CampaignId),
    /// A campaign's latest state with its dated points (its dashboard).
    Dashboard(CampaignId),
    /// A county's totals (`county_summary`).
    County(CountyId),
    Series(SeriesId),
    /// A section's view, its pages left empty (`Part::Section` fills them).
    Section(SectionId),
    /// Every year and month with its count.
    Archives,
    /// Every year and month with its URL, no count.
    ArchiveLinks,
}

/// One value of a context.
pub(super) enum Part {
    /// Made for this page alone: small. Its value is kept only in a recipe
    /// made for rendering; its digest is of the value it was made from.
    Plain(Option<Value>, u64),
    One(Entity),
    /// A list of entities, in the order shown.
    Rows(Vec<Entity>),
    /// A section's view showing these pages (`section.pages`).
    Section(SectionId, Vec<PageId>),
}

impl Part {
    pub(super) fn refs(pages: &[PageId]) -> Part {
        Part::Rows(pages.iter().map(|&i| Entity::Ref(i)).collect())
    }

    pub(super) fn projects(rows: &[ProjectId]) -> Part {
        Part::Rows(rows.iter().map(|&p| Entity::ProjectRow(p)).collect())
    }

    pub(super) fn campaigns(rows: impl Iterator<Item = CampaignId>) -> Part {
        Part::Rows(rows.map(Entity::Campaign).collect())
    }

    /// `render`: the page is about to be rendered from this recipe.
    fn digest(&self, inp: &Inputs, views: &Views, render: bool) -> u64 {
        match self {
            Part::Plain(_, digest) => *digest,
            Part::One(e) => views.digest_for(inp, *e, render),
            Part::Rows(rows) => {
                let mut h = crate::digest::hasher();
                h.write_usize(rows.len());
                rows.iter().for_each(|&e| h.write_u64(views.digest(inp, e)));
                h.finish()
            }
            Part::Section(s, pages) => {
                let mut h = crate::digest::hasher();
                h.write_u64(views.digest(inp, Entity::Section(*s)));
                h.write_u64(Part::refs(pages).digest(inp, views, render));
                h.finish()
            }
        }
    }

    fn value(&self, inp: &Inputs, views: &Views) -> Value {
        match self {
            Part::Plain(v, _) => v.clone().unwrap_or_else(Value::none),
            Part::One(e) => views.value(inp, *e),
            Part::Rows(rows) => Value::from(rows.iter().map(|&e| views.value(inp, e)).collect::<Vec<_>>()),
            Part::Section(s, pages) => {
                let section = views.value(inp, Entity::Section(*s));
                let Some(mut map) = section.into_map() else { return Value::none() };
                map.insert("pages".into(), Part::refs(pages).value(inp, views));
                Value::from(map)
            }
        }
    }
}

/// A list or aggregate page's context as parts, in the order inserted.
pub(super) struct Ctx {
    parts: Vec<(&'static str, Part)>,
    /// Made to be rendered (else only to be digested: no tera value is made).
    values: bool,
}

impl Ctx {
    pub(super) fn new(values: bool) -> Ctx {
        Ctx { parts: Vec::with_capacity(8), values }
    }

    /// A value made for this page alone.
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        let v = self.values.then(|| Value::from_serializable(value));
        self.parts.push((key, Part::Plain(v, crate::digest::digest_value(value))));
    }

    pub(super) fn part(&mut self, key: &'static str, part: Part) {
        self.parts.push((key, part));
    }

    /// The part inserted as `key`.
    pub(super) fn part_named(&self, key: &str) -> Option<&Part> {
        self.parts.iter().find(|(k, _)| *k == key).map(|(_, part)| part)
    }

    /// The digest of the values of the context this recipe makes that its
    /// template `reads`: equal digests, equal pages. The others stay in the
    /// context (`context`) but are not digested, nor are the reads of their
    /// views noted: the page shows nothing of them.
    pub(super) fn digest(&self, inp: &Inputs, views: &Views, reads: impl Fn(&str) -> bool) -> u64 {
        let mut h = crate::digest::hasher();
        for (key, part) in self.parts.iter().filter(|(key, _)| reads(key)) {
            h.write(key.as_bytes());
            h.write_u64(part.digest(inp, views, self.values));
        }
        h.finish()
    }

    /// The context itself, for rendering.
    pub(super) fn context(&self, inp: &Inputs, views: &Views) -> Context {
        debug_assert!(self.values, "a recipe made to be digested only has no values");
        let mut c = Context::new();
        for (key, part) in &self.parts {
            c.insert(*key, &part.value(inp, views));
        }
        c
    }
}

/// Each entity's digest, made at most once per build, and its view, kept
/// but for those `value` makes for each page, by whichever page needs it
/// first (tera values are copied into contexts).
/// The digest of a page's or project's view is taken from the last build
/// in the process while what it is made from digests the same (`key`).
pub(super) struct Views {
    /// Campaign views without their dated series (`jobs::campaign_values`).
    camps: IdVec<CampaignId, Value>,
    campaign_links: CampaignLinks,
    memo: [Memo; 8],
    archives: Memo,
    /// The last build's digests by key (`engine::Keyed::views`).
    kept: Arc<KeyedViews>,
    /// Views of pages and projects digested afresh (not taken by key).
    pub(super) made: AtomicUsize,
    /// A project's own view or a campaign's dashboard made with its digest
    /// for the page about to show it (`digest_for`), until `value` takes it:
    /// each is shown once and never kept, so it is made once, not twice.
    made_with_digest: Mutex<HashMap<Entity, Value>>,
    /// Project rows shared by the tables showing them (`job_rows`).
    pub(super) rows: SharedRows,
}

/// A view's digest, what making it read (`engine::record`), and its key.
type Digested = (u64, Arc<[engine::Read]>, Option<u64>);

#[derive(Default)]
struct Memo {
    digests: Vec<OnceLock<Digested>>,
    values: Vec<OnceLock<Value>>,
}

impl Memo {
    fn of(n: usize) -> Memo {
        Memo { digests: (0..n).map(|_| OnceLock::new()).collect(), values: (0..n).map(|_| OnceLock::new()).collect() }
    }
}

impl Views {
    pub(super) fn new(inp: &Inputs, camps: IdVec<CampaignId, Value>, kept: Arc<KeyedViews>) -> Views {
        let (site, d) = (inp.site, inp.derived);
        let memo = [
            Memo::of(site.pages.len()),
            Memo::of(d.projects.len()),
            Memo::of(d.projects.len()),
            Memo::of(site.campaigns.len()),
            Memo::of(site.campaigns.len()),
            Memo::of(site.counties.terms.len()),
            Memo::of(d.series.len()),
            Memo::of(site.sections.len()),
        ];
        let made_with_digest = Mutex::new(HashMap::new());
        let campaign_links = CampaignLinks::new(site, inp.links);
        let rows = SharedRows::new(d.projects.len());
        let made = AtomicUsize::new(0);
        Views { camps, campaign_links, memo, archives: Memo::of(2), kept, made, made_with_digest, rows }
    }

    fn slot(&self, e: Entity) -> (&Memo, usize) {
        match e {
            Entity::Ref(i) => (&self.memo[0], i.index()),
            Entity::ProjectRow(i) => (&self.memo[1], i.index()),
            Entity::Project(i) => (&self.memo[2], i.index()),
            Entity::Campaign(i) => (&self.memo[3], i.index()),
            Entity::Dashboard(i) => (&self.memo[4], i.index()),
            Entity::County(i) => (&self.memo[5], i.index()),
            Entity::Series(i) => (&self.memo[6], i.index()),
            Entity::Section(i) => (&self.memo[7], i.index()),
            Entity::Archives => (&self.archives, 0),
            Entity::ArchiveLinks => (&self.archives, 1),
        }
    }

    pub(super) fn value(&self, inp: &Inputs, e: Entity) -> Value {
        // A page's own project or dashboard is shown once: not kept. A
        // project's row is kept until the last table counted to show it.
        if let Entity::Project(_) | Entity::Dashboard(_) = e {
            let made = self.made_with_digest.lock().expect("views made with digest").remove(&e);
            return made.unwrap_or_else(|| self.make(inp, e));
        }
        if let Entity::ProjectRow(p) = e {
            return self.rows.take(p, || self.make(inp, e));
        }
        let (memo, i) = self.slot(e);
        memo.values[i].get_or_init(|| self.make(inp, e)).clone()
    }

    /// The digest of `e`'s view: of the view itself where it serialises
    /// straight from the model (no tera value made), else of its value.
    /// What making it read is noted for whichever page asks (`engine::note_all`).
    pub(super) fn digest(&self, inp: &Inputs, e: Entity) -> u64 {
        self.digest_for(inp, e, false)
    }

    /// `digest`, for a page about to be rendered (`render`): a view shown
    /// once is then made with it (`made_with_digest`).
    fn digest_for(&self, inp: &Inputs, e: Entity, render: bool) -> u64 {
        let (memo, i) = self.slot(e);
        let (digest, reads, _) = memo.digests[i].get_or_init(|| {
            let key = key(inp, e);
            if let Some((digest, reads)) = key.and_then(|k| self.kept.get(&k)) {
                return (*digest, reads.clone(), key);
            }
            if let Entity::Ref(_) | Entity::ProjectRow(_) | Entity::Project(_) = e {
                self.made.fetch_add(1, Ordering::Relaxed);
            }
            let (digest, reads) = match (render, e) {
                (true, Entity::Project(_) | Entity::Dashboard(_)) => engine::record(|| {
                    let (digest, value) = self.digest_and_make(inp, e);
                    self.made_with_digest.lock().expect("views made with digest").insert(e, value);
                    digest
                }),
                _ => engine::record(|| self.digest_fresh(inp, e)),
            };
            (digest, reads.into(), key)
        });
        engine::note_all(reads);
        note_made(inp, e);
        *digest
    }

    /// The digests by key for the next build: this build's, and the last
    /// build's of views whose key is the same (not asked for this build).
    pub(super) fn keyed(&self, inp: &Inputs) -> KeyedViews {
        let (site, d) = (inp.site, inp.derived);
        let pages = site.pages.ids().map(Entity::Ref);
        let projects = d.projects.ids().flat_map(|p| [Entity::ProjectRow(p), Entity::Project(p)]);
        let mut all = KeyedViews::with_capacity_and_hasher(site.pages.len() + 2 * d.projects.len(), Default::default());
        for e in pages.chain(projects) {
            let (memo, i) = self.slot(e);
            let made = match memo.digests[i].get() {
                Some((digest, reads, Some(k))) => Some((*k, (*digest, reads.clone()))),
                Some((_, _, None)) => None,
                None => key(inp, e).and_then(|k| Some((k, self.kept.get(&k)?.clone()))),
            };
            all.extend(made);
        }
        all
    }

    /// `keyed` after a build that kept the model: the last build's map with
    /// the digests this build made or took, without keying every view
    /// again. (A view whose key changed leaves its old entry, which no
    /// key of the model reaches; the next build that keys all drops it.)
    pub(super) fn keyed_again(&mut self, inp: &Inputs) -> KeyedViews {
        let (site, d) = (inp.site, inp.derived);
        let kept = std::mem::take(&mut self.kept);
        let mut all = Arc::try_unwrap(kept).unwrap_or_else(|kept| (*kept).clone());
        let pages = site.pages.ids().map(Entity::Ref);
        let projects = d.projects.ids().flat_map(|p| [Entity::ProjectRow(p), Entity::Project(p)]);
        for e in pages.chain(projects) {
            let (memo, i) = self.slot(e);
            if let Some((digest, reads, Some(k))) = memo.digests[i].get() {
                all.insert(*k, (*digest, reads.clone()));
            }
        }
        all
    }

    fn digest_fresh(&self, inp: &Inputs, e: Entity) -> u64 {
        let (site, d) = (inp.site, inp.derived);
        match e {
            Entity::Ref(i) => crate::digest::digest_value(&ref_view(inp, i)),
            Entity::ProjectRow(p) => crate::digest::digest_value(&self.project(inp, p, false)),
            Entity::Project(p) => crate::digest::digest_value(&self.project(inp, p, true)),
            Entity::Campaign(c) => crate::digest::digest_value(&self.camps[c]),
            // Views digested as made, without the tera value `make` builds of them.
            Entity::Dashboard(c) => {
                crate::digest::digest_value(&campaign_view(site, d, inp.links, c, &d.latest(site, c), true))
            }
            Entity::County(k) => crate::digest::digest_value(&county_summary(inp, k, &site.counties.terms[k])),
            Entity::Archives => crate::digest::digest_value(&archive_years(inp, true)),
            Entity::ArchiveLinks => crate::digest::digest_value(&archive_years(inp, false)),
            _ => crate::digest::digest_value(&self.make(inp, e)),
        }
    }

    /// `digest_fresh` and `make` of a project's own view or a campaign's
    /// dashboard, from one view.
    fn digest_and_make(&self, inp: &Inputs, e: Entity) -> (u64, Value) {
        let (site, d) = (inp.site, inp.derived);
        match e {
            Entity::Project(p) => both(&self.project(inp, p, true)),
            Entity::Dashboard(c) => both(&campaign_view(site, d, inp.links, c, &d.latest(site, c), true)),
            _ => (self.digest_fresh(inp, e), self.make(inp, e)),
        }
    }

    /// Project `p`'s view (a table row, or its own page's `with_history`),
    /// its campaigns linked by the values made once per build.
    fn project<'a>(&self, inp: &Inputs<'a>, p: ProjectId, with_history: bool) -> ProjectView<'a> {
        project_view(inp.site, inp.links, &self.campaign_links, &inp.derived.projects[p], with_history)
    }

    fn make(&self, inp: &Inputs, e: Entity) -> Value {
        let (site, d) = (inp.site, inp.derived);
        match e {
            Entity::Ref(i) => Value::from_serializable(&ref_view(inp, i)),
            Entity::ProjectRow(p) => Value::from_serializable(&self.project(inp, p, false)),
            Entity::Project(p) => Value::from_serializable(&self.project(inp, p, true)),
            Entity::Campaign(c) => self.camps[c].clone(),
            Entity::Dashboard(c) => {
                let snap = d.latest(site, c);
                Value::from_serializable(&campaign_view(site, d, inp.links, c, &snap, true))
            }
            Entity::County(k) => Value::from_serializable(&county_summary(inp, k, &site.counties.terms[k])),
            Entity::Series(s) => series_value(inp, &self.camps, s),
            Entity::Section(s) => section_value(inp, s),
            Entity::Archives => Value::from_serializable(&archive_years(inp, true)),
            Entity::ArchiveLinks => Value::from_serializable(&archive_years(inp, false)),
        }
    }
}

/// Notes the campaigns and projects `e`'s view is made from (`Dep::Made`),
/// so a change to one finds the pages showing it; a page's view notes its
/// body (`Inputs::page_body`), which a change to its file changes.
fn note_made(inp: &Inputs, e: Entity) {
    let (site, d) = (inp.site, inp.derived);
    let campaign = |c: CampaignId| engine::note(|| (Made::Campaign(&site.campaigns[c].id).dep(), 0));
    let project = |p: ProjectId| engine::note(|| (Made::Project(&d.projects[p].id).dep(), 0));
    match e {
        Entity::Campaign(c) | Entity::Dashboard(c) => campaign(c),
        Entity::ProjectRow(p) | Entity::Project(p) => project(p),
        Entity::County(k) => {
            d.counties[k].campaigns.iter().for_each(|&c| campaign(c));
            d.counties[k].projects.iter().for_each(|&p| project(p));
        }
        Entity::Series(s) => d.series[s].rounds.iter().for_each(|&c| campaign(c)),
        Entity::Ref(_) | Entity::Section(_) | Entity::Archives | Entity::ArchiveLinks => {}
    }
}

/// The digest of what `e`'s view is made from, where the build keyed its
/// inputs (`derive::Keys`): a page's stamp (its file under the site-wide
/// inputs), its body's digest and the paths it links; a project's key (the
/// stamps of the reports naming it). Other views are made every build.
fn key(inp: &Inputs, e: Entity) -> Option<u64> {
    let keys = &inp.derived.keys;
    let mut h = crate::digest::hasher();
    match e {
        Entity::Ref(i) => {
            let p = &inp.site.pages[i];
            h.write_u8(0);
            h.write_u64(*keys.pages.get(i)?);
            h.write_u64(inp.pages[i].digest);
            for path in [Some(&p.path), p.county_path.as_ref()] {
                h.write(path.map_or("", |s| s.as_str()).as_bytes());
                h.write_u8(0xff);
            }
        }
        Entity::ProjectRow(p) | Entity::Project(p) => {
            h.write_u8(if matches!(e, Entity::Project(_)) { 2 } else { 1 });
            h.write_u64(*keys.projects.get(p)?);
        }
        _ => return None,
    }
    Some(h.finish())
}

/// A view's digest and its tera value.
fn both<T: Serialize>(view: &T) -> (u64, Value) {
    (crate::digest::digest_value(view), Value::from_serializable(view))
}

/// Page `i` as lists show it.
fn ref_view<'a>(inp: &'a Inputs, i: PageId) -> super::views::PageRef<'a> {
    let b = inp.page_body(i);
    page_ref(inp.site, inp.links, &inp.site.pages[i], &b.summary, b.reading_minutes)
}
