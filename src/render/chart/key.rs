//! What a chart read is made from, as one digest (`ChartMaker::inputs_key`):
//! the keys `derive` made its values by (`derive::Keys`) for the pages,
//! campaigns and projects the chart is drawn from. While it is the same, the
//! chart's digest is the last build's (`Digests`, kept in `serve`'s memory),
//! so a save that changes one report's numbers resolves again only the
//! charts of what that report feeds.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;

use super::{ChartMaker, ChartRequest};
use crate::charts::ChartKind;
use crate::guard::lock;
use crate::model::{CampaignId, PageId, ProjectId};
use crate::render::engine::hasher;

/// Chart digests by the key of their inputs: the last build's, and those
/// this build used or made.
#[derive(Debug, Default)]
pub(super) struct Digests {
    /// Set for a build whose memory keeps them (`ChartMaker::keep_digests`).
    kept: OnceLock<Arc<HashMap<u64, u64>>>,
    seen: Mutex<HashMap<u64, u64>>,
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
    pub fn keep_digests(&self, kept: Arc<HashMap<u64, u64>>) {
        let _ = self.digests.kept.set(kept);
    }

    /// Charts resolved by this build to digest what they are drawn from.
    pub fn digests_made(&self) -> usize {
        self.digests.made.load(Ordering::Relaxed)
    }

    /// The chart digests by key for the next build: those this build used,
    /// and the last build's while they are not many more than a build uses
    /// (a build that checked only what a save changed used few: it keeps all).
    pub fn digests_by_key(&self) -> HashMap<u64, u64> {
        let seen = std::mem::take(&mut *lock(&self.digests.seen));
        let kept = self.digests.kept.get().cloned().unwrap_or_default();
        if kept.len() + seen.len() > 4 * self.site.pages.len() + 64 && seen.len() * 2 > kept.len() {
            return seen;
        }
        let mut all = (*kept).clone();
        all.extend(seen);
        all
    }

    /// The key of what the chart on page `page` (in its text, or drawn by
    /// its template) is drawn from; `None` where the build keyed no inputs
    /// or the chart names something there is not (its digest is then made).
    pub fn inputs_key(&self, req: &ChartRequest, page: Option<PageId>, in_text: bool) -> Option<u64> {
        let (s, d, keys) = (&self.site, &self.derived, &self.derived.keys);
        let mut h = hasher();
        h.write_u64(keys.inputs);
        d.today.hash(&mut h);
        (req, in_text).hash(&mut h);
        let day: Option<NaiveDate> = page.and_then(|i| s.pages[i].date).map(|w| w.date());
        day.hash(&mut h);
        // The page it is drawn on (its caption), and the report it shows.
        let default_report = if in_text { page } else { None };
        self.page_part(page, &mut h)?;
        let report = self.report(req, default_report);
        self.page_part(report, &mut h)?;
        let campaign = self.campaign(s, req, report).ok();
        if let Some(c) = campaign {
            self.campaign_part(c, &mut h)?;
        }
        match req.kind {
            ChartKind::Rounds => {
                let si = match &req.series {
                    Some(id) => d.series.position(|x| &x.id == id)?,
                    None => d.campaigns[campaign?].series?,
                };
                let series = &d.series[si];
                (&series.id, &series.title).hash(&mut h);
                for &c in &series.rounds {
                    self.campaign_part(c, &mut h)?;
                }
            }
            ChartKind::History => {
                let p = d.project_id(req.project.as_deref()?)?;
                self.project_part(p, &mut h)?;
            }
            ChartKind::Breakdown => {
                let projects = match &req.county {
                    Some(slug) => {
                        let ci = s.counties.terms.position(|t| &t.slug == slug)?;
                        s.counties.terms[ci].name.hash(&mut h);
                        &d.counties[ci].projects
                    }
                    None => campaign.map_or(&[][..], |c| &d.campaigns[c].projects[..]),
                };
                for &p in projects {
                    self.project_part(p, &mut h)?;
                }
            }
            ChartKind::Targets | ChartKind::Pace | ChartKind::Trend | ChartKind::Ranking => {}
        }
        Some(h.finish())
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
