//! What a chart read is made from (`ChartMaker::walk_inputs`), in one walk
//! (`ChartMaker::inputs`): as one digest, the keys `derive` made its values
//! by (`derive::Keys`) for the pages, campaigns and projects the chart is
//! drawn from; as reads, those entities, for the index that finds the pages
//! a changed entity reaches. While it is the same, the
//! chart's digest is the last build's (`Digests`, kept in `serve`'s memory),
//! so a save that changes one report's numbers resolves again only the
//! charts of what that report feeds.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use super::{ChartMaker, ChartRequest};
use crate::charts::ChartKind;
use crate::digest::hasher;
use crate::guard::lock;
use crate::model::{CampaignId, PageId, ProjectId};
use crate::render::engine::{Digester, Made, Read};

/// One thing a chart is drawn from (`ChartMaker::walk_inputs`).
#[derive(Clone, Copy)]
enum Input {
    /// Values of its own (its request, the day, a series' title), digested.
    Plain(u64),
    Page(Option<PageId>),
    Campaign(CampaignId),
    Project(ProjectId),
}

/// Chart digests by the key of their inputs: the last build's, and those
/// this build used or made.
#[derive(Debug, Default)]
pub(super) struct Digests {
    /// Set for a build whose memory keeps them (`ChartMaker::keep_digests`).
    kept: OnceLock<Arc<crate::digest::DigestMap<u64>>>,
    seen: Mutex<crate::digest::DigestMap<u64>>,
    /// Charts resolved to digest them (`ChartMaker::digest`).
    pub(super) made: AtomicUsize,
}

impl Digests {
    pub(super) fn keeping(&self) -> bool {
        self.kept.get().is_some()
    }

    /// The digest by `key`: the last build's, this build's, or `make`'s.
    pub(super) fn get_or_make(&self, key: u64, make: impl FnOnce() -> Option<u64>) -> Option<u64> {
        let kept = self.kept.get().and_then(|k| k.get(&key)).copied();
        if let Some(d) = kept.or_else(|| lock(&self.seen).get(&key).copied()) {
            lock(&self.seen).insert(key, d);
            return Some(d);
        }
        let d = make()?;
        lock(&self.seen).insert(key, d);
        Some(d)
    }
}

impl ChartMaker {
    /// Charts' digests are taken from `kept` (the last build's, by key) and
    /// kept for the next build (`digests_by_key`).
    pub fn keep_digests(&self, kept: Arc<crate::digest::DigestMap<u64>>) {
        let _ = self.digests.kept.set(kept);
    }

    /// Charts resolved by this build to digest what they are drawn from.
    pub fn digests_made(&self) -> usize {
        self.digests.made.load(Ordering::Relaxed)
    }

    /// The chart digests by key for the next build: those this build used,
    /// and the last build's while they are not many more than a build uses
    /// (a build that checked only what a save changed used few: it keeps all).
    pub fn digests_by_key(&self) -> crate::digest::DigestMap<u64> {
        let seen = std::mem::take(&mut *lock(&self.digests.seen));
        let kept = self.digests.kept.get().cloned().unwrap_or_default();
        if kept.len() + seen.len() > 4 * self.site.pages.len() + 64 && seen.len() * 2 > kept.len() {
            return seen;
        }
        let mut all = (*kept).clone();
        all.extend(seen);
        all
    }

    /// What the chart on page `page` (in its text, or drawn by its
    /// template) would be drawn from, as a digest; `None` if it cannot be.
    /// Taken by the key of its inputs where a build keeps them (`keep_digests`).
    pub fn digest(&self, req: &ChartRequest, page: Option<PageId>, in_text: bool) -> Option<u64> {
        self.digest_noting(req, page, in_text, (None, None))
    }

    /// `digest`, noting into `made` the entities the chart is drawn from
    /// (`inputs`: the same walk as its key); `known`: the digest, where the
    /// chart was just resolved to be drawn.
    pub(super) fn digest_noting(
        &self,
        req: &ChartRequest,
        page: Option<PageId>,
        in_text: bool,
        (made, known): (Option<&mut Vec<Read>>, Option<u64>),
    ) -> Option<u64> {
        let keyed = self.digests.keeping();
        let key = if keyed || made.is_some() { self.inputs((req, page, in_text), keyed, made) } else { None };
        let resolved = || known.or_else(|| self.resolved_digest(req, page, in_text));
        match key {
            Some(key) => self.digests.get_or_make(key, resolved),
            None => resolved(),
        }
    }

    /// `digest`, the chart resolved.
    fn resolved_digest(&self, req: &ChartRequest, page: Option<PageId>, in_text: bool) -> Option<u64> {
        self.digests.made.fetch_add(1, Ordering::Relaxed);
        let default_report = if in_text { page } else { None };
        self.resolve_on(req, default_report, page).ok().map(|resolved| self.fingerprint(&resolved))
    }

    /// What the chart on page `page` (in its text, or drawn by its template)
    /// is drawn from, in one walk: the key of its inputs, where `keyed` (else
    /// `None`, as where the build keyed no inputs or the chart names
    /// something there is not: its digest is then made); and into `made`,
    /// the entities of the model it is drawn from, as reads noted for the
    /// index (`Dep::Made`): a change to one finds the page.
    pub(super) fn inputs(
        &self,
        (req, page, in_text): (&ChartRequest, Option<PageId>, bool),
        keyed: bool,
        mut made: Option<&mut Vec<Read>>,
    ) -> Option<u64> {
        let (s, d) = (&self.site, &self.derived);
        let (mut h, mut key_made) = (hasher(), keyed);
        let walked = self.walk_inputs(req, page, in_text, &mut |input| {
            if let Some(made) = made.as_deref_mut() {
                let entity = match input {
                    Input::Plain(_) | Input::Page(None) => None,
                    Input::Page(Some(i)) => Some(Made::Page(&Digester::key_of(s, i)).dep()),
                    Input::Campaign(c) => Some(Made::Campaign(&s.campaigns[c].id).dep()),
                    Input::Project(p) => Some(Made::Project(&d.projects[p].id).dep()),
                };
                made.extend(entity.map(|dep| (dep, 0)));
            }
            if key_made {
                key_made = match input {
                    Input::Plain(d) => {
                        h.write_u64(d);
                        true
                    }
                    Input::Page(i) => self.page_part(i, &mut h).is_some(),
                    Input::Campaign(c) => self.campaign_part(c, &mut h).is_some(),
                    Input::Project(p) => self.project_part(p, &mut h).is_some(),
                };
            }
            // Nothing to note nor key: the rest of the walk is not needed.
            (made.is_some() || key_made).then_some(())
        });
        (walked.is_some() && key_made).then(|| h.finish())
    }

    /// Visits, in a fixed order, what the chart on page `page` is drawn
    /// from (`inputs` hashes and notes it). Stops (`None`)
    /// where `visit` does or the chart names something there is not.
    fn walk_inputs(
        &self,
        req: &ChartRequest,
        page: Option<PageId>,
        in_text: bool,
        visit: &mut dyn FnMut(Input) -> Option<()>,
    ) -> Option<()> {
        let (s, d, keys) = (&self.site, &self.derived, &self.derived.keys);
        let plain = |v: &dyn Fn(&mut dyn Hasher)| {
            let mut h = hasher();
            v(&mut h);
            Input::Plain(h.finish())
        };
        let day: Option<NaiveDate> = page.and_then(|i| s.pages[i].date).map(|w| w.date());
        visit(plain(&|h| {
            h.write_u64(keys.inputs);
            d.today.hash(&mut &mut *h);
            (req, in_text).hash(&mut &mut *h);
            day.hash(&mut &mut *h);
        }))?;
        // The page it is drawn on (its caption), and the report it shows.
        let default_report = if in_text { page } else { None };
        visit(Input::Page(page))?;
        let report = self.report(req, default_report);
        visit(Input::Page(report))?;
        let campaign = self.campaign(s, req, report).ok();
        if let Some(c) = campaign {
            visit(Input::Campaign(c))?;
        }
        match req.kind {
            ChartKind::Rounds => {
                let si = match &req.series {
                    Some(id) => d.series.position(|x| &x.id == id)?,
                    None => d.campaigns[campaign?].series?,
                };
                let series = &d.series[si];
                visit(plain(&|h| (&series.id, &series.title).hash(&mut &mut *h)))?;
                for &c in &series.rounds {
                    visit(Input::Campaign(c))?;
                }
            }
            ChartKind::History => visit(Input::Project(d.project_id(req.project.as_deref()?)?))?,
            ChartKind::Breakdown => {
                let projects = match &req.county {
                    Some(slug) => {
                        let ci = s.counties.terms.position(|t| &t.slug == slug)?;
                        visit(plain(&|h| s.counties.terms[ci].name.hash(&mut &mut *h)))?;
                        &d.counties[ci].projects
                    }
                    None => campaign.map_or(&[][..], |c| &d.campaigns[c].projects[..]),
                };
                for &p in projects {
                    visit(Input::Project(p))?;
                }
            }
            ChartKind::Targets | ChartKind::Pace | ChartKind::Trend | ChartKind::Ranking => {}
        }
        Some(())
    }

    /// Page `i`'s part of a key: its stamp (its file) and its path.
    fn page_part(&self, i: Option<PageId>, h: &mut impl Hasher) -> Option<()> {
        let Some(i) = i else {
            h.write_u8(0);
            return Some(());
        };
        h.write_u64(*self.derived.keys.pages.get(i)?);
        self.site.pages[i].path.hash(h);
        Some(())
    }

    /// Campaign `c`'s part: its key (its reports) and the dates its projects
    /// were first named (made from other campaigns' reports too).
    fn campaign_part(&self, c: CampaignId, h: &mut impl Hasher) -> Option<()> {
        h.write_u64(*self.derived.keys.campaigns.get(c)?);
        self.derived.campaigns[c].project_since.hash(h);
        Some(())
    }

    /// Project `p`'s part: its id and key (the reports naming it).
    fn project_part(&self, p: ProjectId, h: &mut impl Hasher) -> Option<()> {
        self.derived.projects[p].id.hash(h);
        h.write_u64(*self.derived.keys.projects.get(p)?);
        Some(())
    }
}
