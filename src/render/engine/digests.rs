//! The digest of each read's value in the model being built, computed on
//! demand and, where costly, once per build.

use crate::guard::lock;
use ahash::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use tera::Value;

use super::{Dep, Key};
use crate::derive::Derived;
use crate::digest::{digest_value, hasher};
use crate::model::{CampaignId, Id, IdVec, PageId, Site};
use crate::render::chart::ChartMaker;
use crate::render::{job_views, Links};

/// A campaign's box as of a day (its latest state without one).
pub type BoxAsOf = (CampaignId, Option<NaiveDate>);

/// Reads' values in the model being built.
pub struct Digester<'a> {
    site: &'a Site,
    derived: &'a Derived,
    links: &'a Links,
    charts: &'a ChartMaker,
    /// Campaign views without their dated series.
    camps: &'a IdVec<CampaignId, Value>,
    /// Pages by stable key, and by site path (`PathIndexes`).
    pages: Arc<HashMap<String, PageId>>,
    page_paths: Arc<HashMap<String, PageId>>,
    campaigns: HashMap<&'a str, CampaignId>,
    /// Campaign boxes' digests, with the key of what each was made from.
    boxes: Mutex<HashMap<BoxAsOf, (Option<u64>, u64)>>,
    /// The last build's box digests by key (`box_key`).
    kept_boxes: Arc<crate::digest::DigestMap<u64>>,
    /// Each campaign's part of `box_key`, made once.
    campaign_inputs: Vec<OnceLock<Option<u64>>>,
    /// Each page's front-matter digest, made once, or taken from the last
    /// build by the page's stamp (`derive::Keys`: its file under the
    /// site-wide inputs, which is all its front-matter is made from).
    metas: Vec<OnceLock<u64>>,
    kept_metas: Arc<crate::digest::DigestMap<u64>>,
    /// Each campaign's `campaign_digest`, made once.
    campaign_metrics: Vec<OnceLock<u64>>,
}

impl<'a> Digester<'a> {
    pub fn new(
        site: &'a Site,
        derived: &'a Derived,
        links: &'a Links,
        charts: &'a ChartMaker,
        camps: &'a IdVec<CampaignId, Value>,
        kept: &super::Keyed,
        paths: &super::PathIndexes,
    ) -> Self {
        let (kept_metas, kept_boxes) = (kept.metas.clone(), kept.boxes.clone());
        let (pages, page_paths) = (paths.by_key.clone(), paths.pages.clone());
        let campaigns = site.campaigns.iter_enumerated().map(|(i, c)| (c.id.as_str(), i)).collect();
        let metas = site.pages.iter().map(|_| OnceLock::new()).collect();
        let campaign_metrics = site.campaigns.iter().map(|_| OnceLock::new()).collect();
        let (boxes, campaign_inputs) = (Mutex::default(), site.campaigns.iter().map(|_| OnceLock::new()).collect());
        Digester {
            site,
            derived,
            links,
            charts,
            camps,
            pages,
            page_paths,
            campaigns,
            boxes,
            kept_boxes,
            campaign_inputs,
            metas,
            kept_metas,
            campaign_metrics,
        }
    }

    /// What page `i`'s own view shows of the model: its entry without the
    /// indexes (which shift when another page comes or goes) and the metric
    /// declarations of its campaign, each part digested once a build (a
    /// report is quoted by several feeds). Fed to the hasher as it is
    /// serialised (`digest_value`): formatting it with `Debug` took ~40 µs a report.
    pub fn page_digest(&self, i: PageId) -> u64 {
        let stamp = self.derived.keys.pages.get(i);
        let meta = *self.metas[i.index()].get_or_init(|| match stamp.and_then(|s| self.kept_metas.get(s)) {
            Some(&d) => d,
            None => digest_value(&*self.site.pages[i].meta),
        });
        let campaign = self.site.pages[i]
            .campaign
            .map(|c| *self.campaign_metrics[c.index()].get_or_init(|| campaign_digest(self.site, c)));
        page_digest_with(self.site, i, meta, campaign)
    }

    /// The front-matter digests by stamp for the next build: this build's,
    /// and the last build's of pages not digested in this one.
    pub fn metas_by_stamp(&self) -> crate::digest::DigestMap<u64> {
        let stamps = &self.derived.keys.pages;
        let known = |(i, &stamp): (PageId, &u64)| {
            let d = self.metas[i.index()].get().or_else(|| self.kept_metas.get(&stamp))?;
            Some((stamp, *d))
        };
        stamps.iter_enumerated().filter_map(known).collect()
    }

    /// Page `i`'s stable key (`source_key`), owned.
    pub fn key_of(site: &Site, i: PageId) -> Key {
        Key::from(source_key(site, i))
    }

    /// The page made from the file at `key` (`source_key`).
    pub fn page(&self, key: &str) -> Option<PageId> {
        self.pages.get(key).copied()
    }

    /// The page at site path `path` (`reports/a/`), where one is.
    pub fn page_at(&self, path: &str) -> Option<PageId> {
        // The index also holds other spellings of a page (its source path).
        self.page_paths.get(path).copied().filter(|&i| self.site.pages[i].path == path)
    }

    /// The value `dep` reads now; `None` when it names something gone.
    pub fn digest(&self, dep: &Dep) -> Option<u64> {
        match dep {
            Dep::Page(key) => self.page(key).map(|i| self.page_digest(i)),
            // A page's own body is compared by the page (`jobs::keep_page`).
            Dep::Body(_) => None,
            Dep::CampaignAsOf(id, day) => {
                let day = match day {
                    Some(n) => Some(NaiveDate::from_num_days_from_ce_opt(*n)?),
                    None => None,
                };
                self.campaigns.get(&id[..]).map(|&c| self.box_digest(c, day))
            }
            Dep::Chart(req, page, in_text) => {
                let page = match page {
                    Some(key) => Some(self.page(key)?),
                    None => None,
                };
                self.charts.digest(req, page, *in_text)
            }
            Dep::Url(path) => {
                Some(crate::digest::digest_bytes(self.links.resolve(path).unwrap_or_default().as_bytes()))
            }
            // Compared against the context itself, before rendering; an
            // entity a whole read was made from is in that read's digest.
            Dep::Context | Dep::Made(_) => None,
        }
    }

    /// The digest of campaign `c`'s box as of `day` (its latest state
    /// without one): made once a build, or taken from the last build while
    /// what it is made from digests the same (`box_key`).
    fn box_digest(&self, c: CampaignId, day: Option<NaiveDate>) -> u64 {
        if let Some(&(_, d)) = lock(&self.boxes).get(&(c, day)) {
            return d;
        }
        let key = self.box_key(c, day);
        let d = match key.and_then(|k| self.kept_boxes.get(&k)) {
            Some(&d) => d,
            None => digest_value(&job_views::campaign_box(self.site, self.derived, self.links, self.camps, c, day)),
        };
        lock(&self.boxes).insert((c, day), (key, d));
        d
    }

    /// What campaign `c`'s box as of `day` is made from, where the build
    /// keyed its inputs (`derive::Keys`): the site-wide inputs (campaign
    /// files, settings, today), the campaign's key (its reports'
    /// stamps), the dates its projects were first named, and the day.
    fn box_key(&self, c: CampaignId, day: Option<NaiveDate>) -> Option<u64> {
        let base = self.campaign_inputs[c.index()].get_or_init(|| {
            let keys = &self.derived.keys;
            let mut h = hasher();
            h.write_u64(keys.inputs);
            h.write_u64(*keys.campaigns.get(c)?);
            self.derived.campaigns[c].project_since.hash(&mut h);
            Some(h.finish())
        });
        let mut h = hasher();
        h.write_u64((*base)?);
        day.hash(&mut h);
        Some(h.finish())
    }

    /// The box digests by key for the next build: this build's, and the
    /// last build's while they are not many more than a build makes.
    pub fn boxes_by_key(&self) -> crate::digest::DigestMap<u64> {
        let made: crate::digest::DigestMap<u64> =
            lock(&self.boxes).values().filter_map(|&(k, d)| Some((k?, d))).collect();
        if self.kept_boxes.len() + made.len() > 2 * self.site.pages.len() + 64 {
            return made;
        }
        let mut all = (*self.kept_boxes).clone();
        all.extend(made);
        all
    }
}

/// Every page by its stable key (`source_key`).
pub fn key_index(site: &Site) -> HashMap<String, PageId> {
    site.pages.ids().map(|i| (source_key(site, i).to_string(), i)).collect()
}

/// A page's stable key: its source file's path (`content/reports/a.md`).
pub fn source_key(site: &Site, i: PageId) -> &str {
    site.sources[site.pages[i].source].path.to_str().unwrap_or_default()
}

/// What a page shows of its campaign `c`: its id and metric declarations.
fn campaign_digest(site: &Site, c: CampaignId) -> u64 {
    let c = &site.campaigns[c];
    digest_value(&(&c.id, &c.meta.metrics))
}

/// `Digester::page_digest` with the digests of the page's front-matter, `meta`, and
/// of its campaign (`campaign_digest`).
fn page_digest_with(site: &Site, i: PageId, meta: u64, campaign: Option<u64>) -> u64 {
    let p = &site.pages[i];
    let mut h = hasher();
    h.write_u64(meta);
    for s in [&p.title, &p.slug, &p.path] {
        h.write_usize(s.len());
        h.write(s.as_bytes());
    }
    for when in [&p.date, &p.updated] {
        // The instant and the offset it is shown in (a `DateTime`'s own hash leaves the offset out).
        let at = when.map(|w| (w.at.timestamp(), w.at.timestamp_subsec_nanos(), w.at.offset().local_minus_utc()));
        at.hash(&mut h);
    }
    (&p.county_slug, &p.tag_slugs, &p.assets, p.scheduled).hash(&mut h);
    if let Some(c) = campaign {
        h.write_u64(c);
    }
    h.finish()
}
